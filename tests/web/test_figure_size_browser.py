"""Figures on a screen narrower than they were drawn, in a real browser (Debian's chromium; skipped where it is
missing): at 800 px the time courses were shrunk to 58 % of their size, their axis labels to 6 px. A figure keeps
at least 3/4 of its drawn size and scrolls inside its own box; the page itself does not get wider."""

import pytest

from test_browser import (CHROMEDRIVER, CHROMIUM, EXAMPLES, browser, by_testid, open_builder,  # noqa: F401
                          wait_for, wait_visible)
from test_layout_a11y_browser import ask_routes, assert_fits

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")

SMALL_LAPTOP = (800, 900)

# each loaded figure of the page: [testid, shown width / drawn width, its box scrolls, box width]
SCALES = """
return [...document.querySelectorAll('.figure img')].filter((i) => i.complete && i.naturalWidth).map((i) => {
  const b = i.parentElement;
  return [i.dataset.testid || i.alt, i.getBoundingClientRect().width / i.naturalWidth,
          b.scrollWidth > b.clientWidth, b.clientWidth];
});"""


@pytest.fixture
def small(browser):  # noqa: F811
    browser.set_window_size(*SMALL_LAPTOP)
    yield browser
    browser.set_window_size(1280, 900)


def assert_readable(driver, count):
    wait_for(driver, lambda d: len(d.execute_script(SCALES)) >= count)
    scales = driver.execute_script(SCALES)
    small = [(name, round(scale, 2)) for name, scale, _, _ in scales if scale < 0.745]
    assert not small, f"figures shown below 3/4 of their size on an {SMALL_LAPTOP[0]} px screen: {small}"
    assert_fits(driver)  # one wider than its column scrolls inside its box, not the page
    return scales


def test_the_builder_figures_keep_a_readable_size_and_scroll_in_their_box(small, server):
    open_builder(small, server)
    by_testid(small, "run-button").click()
    wait_visible(small, "western-blot")
    wait_visible(small, "timecourses-figure")
    scales = assert_readable(small, 3)
    # the time courses, drawn 1300 px wide, are wider than the 760 px column: they scroll
    tc = [s for s in scales if s[0] == "timecourses-figure"]
    assert tc and tc[0][2], scales


def test_the_other_pages_figures_keep_a_readable_size(small, server):
    small.get(server + "/dose-response")
    wait_for(small, lambda d: d.execute_script("return document.body.dataset.ready") == "1")
    by_testid(small, "dose-run").click()
    wait_visible(small, "dose-table")
    assert_readable(small, 1)
    small.get(server + "/lab")
    wait_for(small, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    by_testid(small, "lab-file").send_keys(str(EXAMPLES / "qpcr_cts.csv"))
    by_testid(small, "lab-run").click()
    wait_visible(small, "lab-plot")
    assert_readable(small, 1)


def test_a_figure_narrower_than_its_column_is_shown_at_its_size(browser, server):  # noqa: F811
    """On a laptop nothing changes: the figures fit and are shown at the size they were drawn."""
    browser.set_window_size(1366, 768)
    try:
        open_builder(browser, server)
        by_testid(browser, "run-button").click()
        wait_visible(browser, "timecourses-figure")
        for name, scale, scrolls, _ in browser.execute_script(SCALES):
            assert scale == pytest.approx(1, abs=0.02) and not scrolls, (name, scale)
    finally:
        browser.set_window_size(1280, 900)


@pytest.mark.parametrize("window", [(1400, 1000), (1024, 768)])
def test_the_route_map_and_its_colour_key_fit_their_box_without_scrolling(browser, server, window):  # noqa: F811
    """The route map, drawn about 1000 px wide, sat in a 710 px column at 1400 px and was kept at 3/4 of its size
    there: its colour bar, the key to the colours, was behind a scroll bar. It has the page's width to itself."""
    browser.set_window_size(*window)
    try:
        ask_routes(browser, server)
        wait_for(browser, lambda d: d.execute_script(
            "const i = arguments[0]; return i.complete && i.naturalWidth > 0", by_testid(d, "routes-map")))
        name, scale, scrolls, box = [s for s in browser.execute_script(SCALES) if s[0] == "routes-map"][0]
        shown = (name, round(scale, 2), box)
        assert not scrolls, f"the map's box scrolls at {window[0]} px: {shown}"
        assert scale >= 0.745, f"the map is shown below 3/4 of its size: {shown}"
        assert browser.execute_script("""const i = arguments[0], b = i.parentElement.getBoundingClientRect();
            return i.getBoundingClientRect().right <= b.right + 1""", by_testid(browser, "routes-map")), \
            f"the map's right edge (its colour bar) is outside its box: {shown}"
        assert_fits(browser)
    finally:
        browser.set_window_size(1280, 900)
