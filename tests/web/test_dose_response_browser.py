"""The dose-response page in a real browser (Debian's chromium; skipped where it is missing): a bad time shown at
its box, then a run that shows the figure, the EC50/IC50 table and the downloads."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, wait_for, wait_visible  # noqa: F401
from test_day_one_browser import field_message
from test_layout_a11y_browser import PHONE, assert_fits

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")


def test_a_bad_time_is_shown_at_its_box_and_a_run_shows_figure_and_table(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/dose-response")
    wait_for(browser, lambda d: d.execute_script("return document.body.dataset.ready") == "1")
    Select(by_testid(browser, "dose-cell")).select_by_value("hepg2")
    time = by_testid(browser, "dose-time")
    time.clear()
    time.send_keys("4 hours later", Keys.ENTER)
    err = wait_visible(browser, "error")
    assert "Read-out time: '4 hours later': unknown unit" in err.text
    assert "write e.g. '30 min'" in field_message(browser, time)
    time.clear()
    time.send_keys("30 min")
    by_testid(browser, "dose-run").click()
    table = wait_visible(browser, "dose-table")
    assert not err.is_displayed() and time.get_attribute("aria-invalid") is None
    rows = table.find_elements(By.TAG_NAME, "tr")
    assert len(rows) == 8 and "EC50" in rows[1].text and "ng/mL" in rows[1].text and "pM" in rows[1].text
    assert browser.find_element(By.ID, "d-title").text == "pSTAT3 at 30 min in hepg2 (model defaults)"
    fig = by_testid(browser, "dose-figure")
    wait_for(browser, lambda d: d.execute_script("return arguments[0].naturalWidth", fig) > 600)
    assert "hepg2" in fig.get_attribute("alt")
    links = browser.find_elements(By.CSS_SELECTOR, "#d-results .downloads a")
    assert [a.text for a in links][:2] == ["PNG", "SVG"]
    assert [a.get_attribute("download") for a in links if a.text != "SVG"] == [
        "dose_response_hepg2_pSTAT3_30_min.png", "dose_response_hepg2_pSTAT3_30_min.csv",
        "dose_response_hepg2_pSTAT3_30_min_points.csv", "dose_response_hepg2_pSTAT3_30_min_provenance.json"]
    assert "done in" in browser.find_element(By.ID, "d-status").text
    browser.set_window_size(*PHONE)
    try:
        assert_fits(browser)
    finally:
        browser.set_window_size(1280, 900)


# the files the page saves: each link click that would download is recorded with the file's name and text
RECORD_DOWNLOADS = """
window.savedFiles = [];
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function () {
  if (!this.download) return click.call(this);
  const name = this.download;
  fetch(this.href).then((r) => r.text()).then((t) => window.savedFiles.push([name, t]));
};"""


def test_the_svg_is_drawn_on_request_for_the_run_shown(browser, server):  # noqa: F811
    """The answer carries the PNG only; the SVG link asks the server for the figure of the run on the page, even
    after the form has been changed."""
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
    time.clear()
    time.send_keys("8 h")  # not run: the SVG is still that of 4 h
    browser.execute_script(RECORD_DOWNLOADS)
    browser.find_element(By.LINK_TEXT, "SVG").click()
    wait_for(browser, lambda d: d.execute_script("return window.savedFiles.length") == 1)
    name, text = browser.execute_script("return window.savedFiles[0]")
    assert name == "dose_response_huvec_SOCS3_mRNA_4_h.svg"
    assert text.startswith("<?xml") and "<svg" in text and "Dose-response in huvec: SOCS3 mRNA at 4 h" in text
    assert not by_testid(browser, "error").is_displayed()
