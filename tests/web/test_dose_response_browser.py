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
    assert "time: '4 hours later': unknown unit" in err.text
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
    names = [a.get_attribute("download") for a in browser.find_elements(By.CSS_SELECTOR, "#d-results .downloads a")]
    assert names == ["dose_response_hepg2_pSTAT3_30_min.png", "dose_response_hepg2_pSTAT3_30_min.svg",
                     "dose_response_hepg2_pSTAT3_30_min.csv", "dose_response_hepg2_pSTAT3_30_min_points.csv",
                     "dose_response_hepg2_pSTAT3_30_min_provenance.json"]
    assert "done in" in browser.find_element(By.ID, "d-status").text
    browser.set_window_size(*PHONE)
    try:
        assert_fits(browser)
    finally:
        browser.set_window_size(1280, 900)
