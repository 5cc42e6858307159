"""An empty time or dose box: HTTP 422 naming the step and what to write (a time for a time), and in the builder
the message under the box (Debian's chromium; that test is skipped where it is missing)."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, open_builder, wait_for  # noqa: F401

pytest.importorskip("httpx")

needs_browser = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                   reason="chromium and chromedriver are not installed "
                                          "(apt-get install chromium chromium-driver)")


def one_step(step):
    return {"cell": "huvec", "groups": {"g": [step]}}


def test_an_empty_step_time_is_told_to_give_a_time_not_a_dose(client):
    r = client.post("/api/run", json=one_step({"at": "", "add": "IL-6", "dose": "10 ng/mL"}))
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert problem["where"].endswith("group 'g', step 1")
    # it said "at: expected a quantity such as '10 ng/mL', got an empty string": a dose as the example, no remedy
    assert "ng/mL" not in problem["message"]
    assert problem["message"].startswith("at: is empty") and "'30 min'" in problem["message"]


def test_an_empty_dose_is_told_once_that_it_is_empty(client):
    r = client.post("/api/run", json=one_step({"at": "0 min", "add": "IL-6", "dose": ""}))
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    # it read "dose: expected a quantity such as '10 ng/mL', got an empty string (write e.g. '10 ng/mL' or ...)"
    assert problem["message"] == ("dose is empty (write the concentration with its unit, e.g. '10 ng/mL' or "
                                  "'0.5 nM')")


@needs_browser
def test_the_builder_says_under_an_emptied_time_box_to_give_a_time(browser, server):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    open_builder(browser, server)
    box = browser.find_elements("css selector", "#groups input.at")[0]
    box.send_keys(Keys.CONTROL, "a", Keys.DELETE, Keys.TAB)
    by_testid(browser, "run-button").click()
    wait_for(browser, lambda d: d.find_elements("css selector", ".field-msg"))
    text = browser.find_element("css selector", ".field-msg").text
    assert "(time): at: is empty (write the time with its unit, e.g. '30 min' or '2 h')" in text
    assert "ng/mL" not in text
