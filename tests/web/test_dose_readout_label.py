"""The dose-response page names the readout as its figure does: the results heading said "SOCS3_mRNA at 4 h in
huvec" (the model's observable id) above a figure that says "SOCS3 mRNA". The answer carries ``readout_label``
(the figure's words), and the heading and the figure's alt text use it; the request keeps the id."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, wait_for, wait_visible  # noqa: F401

pytest.importorskip("httpx")


@pytest.mark.parametrize("readout, label", [("SOCS3_mRNA", "SOCS3 mRNA"), ("pstat3", "pSTAT3"),
                                            ("surface_IL6R", "surface IL-6R")])
def test_the_answer_names_the_readout_as_the_figure_does(client, readout, label):
    r = client.post("/api/dose-response", json={"cell": "huvec", "readout": readout, "time": "1 h"})
    assert r.status_code == 200, r.text[:300]
    d = r.json()
    assert d["readout"] == readout.replace("pstat3", "pSTAT3") and d["readout_label"] == label


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
def test_the_heading_and_alt_text_name_the_readout_as_the_figure_does(browser, server):  # noqa: F811
    import os
    import tempfile

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/dose-response")
    wait_for(browser, lambda d: d.execute_script("return document.body.dataset.ready") == "1")
    Select(by_testid(browser, "dose-readout")).select_by_value("SOCS3_mRNA")
    time = by_testid(browser, "dose-time")
    time.clear()
    time.send_keys("4 h")
    by_testid(browser, "dose-run").click()
    wait_visible(browser, "dose-table")
    assert browser.find_element(By.ID, "d-title").text == "SOCS3 mRNA at 4 h in huvec (model defaults)"
    fig = by_testid(browser, "dose-figure")
    assert fig.get_attribute("alt").startswith("dose-response curves of SOCS3 mRNA at 4 h in huvec")
    wait_for(browser, lambda d: d.execute_script("return arguments[0].naturalWidth", fig) > 600)
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", browser.find_element(By.ID, "d-title"))
    browser.save_screenshot(os.path.join(tempfile.gettempdir(), "il6sim-web-dose-label.png"))


def test_the_api_page_lists_readout_label(client):
    assert "<code>readout_label</code>" in client.get("/api").text
