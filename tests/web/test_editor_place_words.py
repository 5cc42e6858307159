"""A problem of the protocol typed in the builder is placed in the page's words: the protocol reader names the
editor's text 'editor' (the web layer's origin), and every problem began "Protocol 'editor', ...", a name the page
shows nowhere. It now begins "Your protocol, ...", and the builder still marks the box the place names."""

import pytest

from test_browser import (CHROMEDRIVER, CHROMIUM, browser, by_testid, open_builder, set_editor,  # noqa: F401
                          wait_for, wait_visible)

BAD_DOSE = "name: t\ncell: huvec\ngroups:\n  a:\n    - {at: 0 min, add: IL-6, dose: 10 ng}\n"


@pytest.mark.parametrize("url, body, where", [
    ("/api/experiment", {"yaml": BAD_DOSE}, "Your protocol, group 'a', step 1"),
    ("/api/experiment", {"yaml": "cell: huvex\ngroups: {a: []}\n"}, "Your protocol, cell"),
    ("/api/experiment", {"yaml": "cell: huvec\ngroups: {a: [\n"}, "Your protocol"),
    ("/api/protocol/parse", {"yaml": BAD_DOSE}, "Your protocol, group 'a', step 1"),
    ("/api/figure", {"yaml": BAD_DOSE, "figure": "qpcr"}, "Your protocol, group 'a', step 1"),
])
def test_a_problem_of_the_editors_protocol_is_placed_in_the_pages_words(client, url, body, where):
    r = client.post(url, json=body)
    assert r.status_code == 422, r.text[:300]
    assert [p["where"] for p in r.json()["problems"]] == [where]
    assert "'editor'" not in r.text


def test_a_named_request_protocol_keeps_its_name(client):
    r = client.post("/api/run", json={"name": "editorial", "cell": "huvex", "groups": {"a": []}})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"][0]["where"] == "Protocol 'editorial', cell"


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
def test_the_builder_names_your_protocol_and_marks_the_box(browser, server):  # noqa: F811
    import os
    import tempfile

    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#groups .group').length") > 0)
    dose = browser.find_elements(By.CSS_SELECTOR, "#groups .step .dose")[0]
    dose.clear()
    dose.send_keys("10 ng")
    by_testid(browser, "run-button").click()
    err = wait_visible(browser, "error")
    assert "Your protocol, group 'trans', step 1: dose must be a concentration" in err.text, err.text
    assert "'editor'" not in err.text
    dose = browser.find_element(By.CSS_SELECTOR, "#groups .step .dose")
    assert dose.get_attribute("aria-invalid") == "true"  # the place still leads to its box
    browser.save_screenshot(os.path.join(tempfile.gettempdir(), "il6sim-web-your-protocol.png"))
