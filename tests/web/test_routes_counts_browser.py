"""The "classic or trans" page in a real browser (Debian's chromium; skipped where it is missing): the cell's
receptor counts are written as the preset gives them, as the map's key beside them writes them. They were
rounded to 4 digits: HepG2's 12,087 gp130 per cell read 12090 above a key that said 12,087."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, wait_for, wait_visible  # noqa: F401

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")


def test_the_cell_line_gives_the_receptor_counts_as_the_preset_and_the_map_key_do(browser, server, client):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    hepg2 = next(c for c in client.get("/api/presets").json()["cells"] if c["name"] == "hepg2")
    gp130, il6r = hepg2["gp130_per_cell"], hepg2["IL6R_per_cell"]
    assert gp130 % 10 and gp130 > 9999  # a count that 4 digits round
    browser.get(server + "/routes")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#q-cell option').length") > 1)
    Select(browser.find_element(By.ID, "q-cell")).select_by_value("hepg2")
    wait_for(browser, lambda d: by_testid(d, "routes-run").is_enabled())
    by_testid(browser, "routes-run").click()
    wait_visible(browser, "routes-answer")
    line = browser.find_element(By.ID, "a-cell").text
    assert f"with {il6r:,.0f} IL-6R and {gp130:,.0f} gp130 per cell" in line, line
