"""Run in the builder when the form holds what the YAML cannot take (Debian's chromium; skipped where it is
missing): the run is refused with the form's problem, not made with the last valid YAML."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, open_builder, wait_for  # noqa: F401

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")


def test_run_is_refused_while_a_receptor_number_cannot_be_read(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    browser.find_element(By.ID, "f-il6r").send_keys("15e")  # a number box holding this reads as empty
    wait_for(browser, lambda d: "IL-6R / cell is not a number" in by_testid(d, "error").text)
    assert "IL6R_per_cell" not in by_testid(browser, "protocol-editor").get_attribute("value")
    by_testid(browser, "run-button").click()
    # it ran the last valid YAML (the preset's IL-6R) and hid the problem
    wait_for(browser, lambda d: by_testid(d, "results").is_displayed()
             or (by_testid(d, "error").is_displayed() and by_testid(d, "run-button").is_enabled()))
    assert not by_testid(browser, "results").is_displayed()
    assert "IL-6R / cell is not a number" in by_testid(browser, "error").text

