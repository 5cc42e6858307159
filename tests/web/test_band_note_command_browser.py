"""The builder's prediction-band texts, in a real browser (Debian's chromium; skipped where it is missing): the
command they name, `il6sim run --uncertainty`, stays on one line. As plain text the note broke inside it
("il6sim run --" at the end of one line, "uncertainty" on the next)."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, open_builder, wait_visible  # noqa: F401

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")

ONE_LINE = ("return [...arguments[0].querySelectorAll('code')].filter((c) => c.textContent === arguments[1])"
            ".map((c) => new Set([...c.getClientRects()].map((r) => Math.round(r.top))).size);")


def test_the_band_note_and_hint_keep_the_command_on_one_line(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    by_testid(browser, "band-checkbox").click()
    by_testid(browser, "run-button").click()
    note = wait_visible(browser, "band-note")
    hint = browser.find_element(By.ID, "band-hint")
    try:
        for width in range(900, 1500, 25):  # the line breaks fall elsewhere at each width
            browser.set_window_size(width, 900)
            for where in (note, hint):
                assert browser.execute_script(ONE_LINE, where, "il6sim run --uncertainty") == [1], \
                    (width, where.get_attribute("id"))
    finally:
        browser.set_window_size(1280, 900)
        by_testid(browser, "band-checkbox").click()
