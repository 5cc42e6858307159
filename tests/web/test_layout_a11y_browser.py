"""The pages on a narrow screen and for keyboard and screen-reader users, in a real browser
(Debian's chromium; skipped where it is missing)."""

import pytest

from test_browser import (CHROMEDRIVER, CHROMIUM, EXAMPLES, browser, by_testid, open_builder,  # noqa: F401
                          wait_for, wait_visible)

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")

PHONE = (420, 900)
TABLET = (900, 1000)

# elements that stick out to the right of the window without a scrolling box around them
STICKING_OUT = """
const out = [];
for (const e of document.querySelectorAll('body *')) {
  if (e.offsetParent === null || e.getBoundingClientRect().right <= window.innerWidth + 1) continue;
  let p = e.parentElement, inside = false;
  for (; p; p = p.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) { inside = true; break; }
  if (!inside) out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
}
return out;"""


@pytest.fixture
def narrow(browser):  # noqa: F811
    """The browser at a phone's width; back at the width of the other tests afterwards."""
    browser.set_window_size(*PHONE)
    yield browser
    browser.set_window_size(1280, 900)


def assert_fits(driver):
    width, inner = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page is {width} px wide in a {inner} px window: {driver.execute_script(STICKING_OUT)}"


def ask_routes(driver, server):
    from selenium.webdriver.support.ui import Select

    driver.get(server + "/routes")
    wait_for(driver, lambda d: len(Select(by_testid(d, "routes-cell")).options) > 1)
    by_testid(driver, "routes-run").click()
    wait_visible(driver, "routes-answer")


def analyse_lab_table(driver, server, protocol=None):
    from selenium.webdriver.support.ui import Select

    driver.get(server + "/lab")
    wait_for(driver, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    if protocol is not None:
        Select(driver.find_element("id", "l-protocol")).select_by_value(protocol)
    by_testid(driver, "lab-file").send_keys(str(EXAMPLES / "qpcr_cts.csv"))
    by_testid(driver, "lab-run").click()
    return wait_visible(driver, "lab-plot")


def test_the_builder_fits_a_phone_before_and_after_a_run(narrow, server):
    open_builder(narrow, server)
    assert_fits(narrow)
    by_testid(narrow, "run-button").click()
    wait_visible(narrow, "western-blot")
    wait_for(narrow, lambda d: d.execute_script("return document.querySelectorAll('#results img').length") >= 2)
    assert_fits(narrow)


def test_the_routes_page_fits_a_phone_before_and_after_an_answer(narrow, server):
    from selenium.webdriver.support.ui import Select

    narrow.get(server + "/routes")
    wait_for(narrow, lambda d: len(Select(by_testid(d, "routes-cell")).options) > 1)
    assert_fits(narrow)
    ask_routes(narrow, server)
    assert_fits(narrow)
    # the share bars start at the same place in every row, so their lengths compare at a glance
    lefts = narrow.execute_script("return [...document.querySelectorAll('#a-shares .bar')]"
                                  ".map((b) => Math.round(b.getBoundingClientRect().left))")
    assert len(lefts) == 4 and len(set(lefts)) == 1, lefts


def test_the_lab_page_fits_a_phone_before_and_after_an_upload(narrow, server):
    narrow.get(server + "/lab")
    wait_for(narrow, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    assert_fits(narrow)
    analyse_lab_table(narrow, server)
    assert_fits(narrow)


def test_the_api_page_fits_a_phone(narrow, server):
    narrow.get(server + "/api")
    wait_for(narrow, lambda d: d.execute_script("return document.readyState") == "complete")
    assert_fits(narrow)


def test_a_figure_on_a_phone_keeps_a_readable_width_and_scrolls_in_its_own_box(narrow, server):
    open_builder(narrow, server)
    by_testid(narrow, "run-button").click()
    blot = wait_visible(narrow, "western-blot")
    wait_for(narrow, lambda d: d.execute_script("return arguments[0].naturalWidth", blot) > 0)
    shown, box, scrolls = narrow.execute_script(
        "const i = arguments[0], b = i.parentElement;"
        "return [i.getBoundingClientRect().width, b.clientWidth, b.scrollWidth > b.clientWidth]", blot)
    assert shown >= 600, f"the blot is drawn {shown:.0f} px wide on a {PHONE[0]} px screen"
    assert box < shown and scrolls
    assert_fits(narrow)


# the rows of a table, each as [row height, line height of its cells] (px)
ROW_HEIGHTS = """
return [...arguments[0].querySelectorAll('tr')].slice(1).map((r) =>
  [r.getBoundingClientRect().height, parseFloat(getComputedStyle(r.cells[0]).lineHeight) || 16]);"""


def assert_rows_readable(driver, table, lines=4):
    """No row of ``table`` is more than ``lines`` lines tall (a sentence squeezed to a word per line is)."""
    rows = driver.execute_script(ROW_HEIGHTS, table)
    assert rows
    tall = [round(h / line, 1) for h, line in rows if h > (lines + 0.5) * line]
    assert not tall, f"rows {lines}+ lines tall on a {PHONE[0]} px screen (in lines): {tall}"


def test_tables_of_sentences_on_a_phone_keep_them_readable_and_scroll(narrow, server):
    """The notes of the EC50/IC50 table and what each experiment tells were a word per line on a phone."""
    narrow.get(server + "/dose-response")
    wait_for(narrow, lambda d: d.execute_script("return document.body.dataset.ready") == "1")
    by_testid(narrow, "dose-run").click()
    table = wait_visible(narrow, "dose-table")
    assert_rows_readable(narrow, table)
    assert narrow.execute_script("const b = arguments[0].parentElement; return b.scrollWidth > b.clientWidth", table)
    assert_fits(narrow)
    ask_routes(narrow, server)
    assert_rows_readable(narrow, narrow.find_element("css selector", "#a-experiments table"))
    assert_fits(narrow)


def test_each_link_of_the_navigation_bar_is_on_one_line_on_a_phone(narrow, server):
    narrow.get(server + "/routes")
    lines = narrow.execute_script("return [...document.querySelectorAll('header nav a')]"
                                  ".map((a) => [a.textContent, a.getClientRects().length])")
    assert len(lines) == 5 and all(n == 1 for _, n in lines), lines
    assert_fits(narrow)


def test_a_label_stays_on_the_line_of_its_control(browser, server):  # noqa: F811
    browser.set_window_size(*TABLET)
    try:
        for page in ("/routes", "/lab", "/dose-response", "/"):
            browser.get(server + page)
            wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('select option').length") > 2)
            if page == "/":
                wait_for(browser, lambda d: d.execute_script("return document.body.dataset.ready") == "1")
            apart = browser.execute_script(
                "const out = [];"
                "for (const l of document.querySelectorAll('label')) {"
                "  const c = l.control;"
                "  if (!c || l.contains(c) || c.offsetParent === null) continue;"
                "  const a = l.getBoundingClientRect(), b = c.getBoundingClientRect();"
                "  if (a.bottom <= b.top || b.bottom <= a.top) out.push(l.textContent.trim());"
                "}"
                "return out;")
            assert apart == [], f"{page}: labels on another line than their control: {apart}"
    finally:
        browser.set_window_size(1280, 900)


# the name a screen reader gives a control: its <label>, aria-label or aria-labelledby (a title is only a tooltip)
UNNAMED = """
const out = [];
for (const e of document.querySelectorAll('input, select, textarea, button')) {
  if (e.type === 'hidden') continue;
  let name = e.getAttribute('aria-label') || [...(e.labels || [])].map((l) => l.textContent).join(' ');
  const by = e.getAttribute('aria-labelledby');
  if (by) name += by.split(' ').map((id) => (document.getElementById(id) || {}).textContent || '').join(' ');
  if (e.tagName === 'BUTTON') name += e.textContent;
  if (!/[A-Za-z]/.test(name)) out.push(e.outerHTML.slice(0, 80));
}
return out;"""


def test_every_control_has_a_name_a_screen_reader_can_read(browser, server):  # noqa: F811
    open_builder(browser, server)
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#groups .step').length") > 0)
    assert browser.execute_script(UNNAMED) == []
    by_testid(browser, "run-button").click()
    wait_visible(browser, "western-blot")
    assert browser.execute_script(UNNAMED) == []
    ask_routes(browser, server)
    assert browser.execute_script(UNNAMED) == []
    analyse_lab_table(browser, server)
    assert browser.execute_script(UNNAMED) == []


def test_group_buttons_say_which_group_they_act_on(browser, server):  # noqa: F811
    open_builder(browser, server)
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#groups .group').length") > 1)
    names = browser.execute_script(
        "return [...document.querySelectorAll('#groups .group')].map((g) => [g.querySelector('.gname').value, "
        "[...g.querySelectorAll('.row > button')].map((b) => b.getAttribute('aria-label'))])")
    for group, labels in names:
        assert labels == [f"add a step to group {group}", f"remove group {group}"], (group, labels)
    renamed = browser.execute_script(
        "const g = document.querySelector('#groups .gname'); g.value = 'IL-6 then wash'; "
        "g.dispatchEvent(new Event('input')); "
        "return g.closest('.group').querySelector('.row > button').getAttribute('aria-label')")
    assert renamed == "add a step to group IL-6 then wash"


def test_progress_messages_are_announced(browser, server):  # noqa: F811
    for page, status in (("/", "status"), ("/routes", "q-status"), ("/lab", "l-status"),
                         ("/dose-response", "d-status")):
        browser.get(server + page)
        live = browser.execute_script(
            "const e = document.getElementById(arguments[0]);"
            "return e.getAttribute('role') === 'status' || ['polite', 'assertive'].includes(e.getAttribute('aria-live'))",
            status)
        assert live, f"{page}: #{status} ('running…', 'done in …') is not a live region"


def test_the_lab_plot_alt_text_names_the_model_only_when_it_is_drawn(browser, server):  # noqa: F811
    plot = analyse_lab_table(browser, server, protocol="")
    alt = plot.get_attribute("alt")
    assert "qPCR fold changes" in alt and "control" in alt
    assert "prediction" not in alt and "no model overlay" in alt
    plot = analyse_lab_table(browser, server, protocol="sgp130fc_inhibition")
    assert "with the model's prediction" in plot.get_attribute("alt")


def test_the_builder_figures_alt_texts_say_what_they_show(browser, server):  # noqa: F811
    open_builder(browser, server)
    by_testid(browser, "run-button").click()
    blot = wait_visible(browser, "western-blot")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#results img').length") >= 3)
    title = browser.execute_script("return document.getElementById('res-title').textContent")
    cell = title.split("(cell: ")[1].rstrip(")")
    alts = {i.get_attribute("data-testid"): i.get_attribute("alt")
            for i in browser.find_elements("css selector", "#results img")}
    blot_alt = blot.get_attribute("alt")
    assert blot_alt.startswith("virtual Western blot of pSTAT3"), blot_alt
    assert "_mRNA" not in blot_alt and " min" in blot_alt
    assert f"({cell})" in blot_alt, blot_alt
    assert "_mRNA" in alts["qpcr-figure"] and "pSTAT3" not in alts["qpcr-figure"], alts
    assert alts["timecourses-figure"].startswith("time courses of "), alts


def test_the_lab_table_choice_is_a_named_group(browser, server):  # noqa: F811
    browser.get(server + "/lab")
    names = browser.execute_script(
        "return [...document.querySelectorAll('input[type=radio]')].map((r) => {"
        "  const f = r.closest('fieldset'); return f && f.querySelector('legend').textContent.trim(); })")
    assert len(names) == 2 and set(names) == {"Table"}, names


def test_the_comparison_report_fits_an_800_px_window(browser, tmp_path):  # noqa: F811
    # the summary table's unbroken numbers and cell names and the presets table's long parameter lists made the
    # report 846-938 px wide in an 800 px window; below 900 px those cells now wrap
    from il6sim.compare import run_comparison
    from il6sim.report.html import render_html

    page = tmp_path / "report.html"
    page.write_text(render_html(run_comparison(pharmacology=False), {}), encoding="utf-8")
    browser.set_window_size(800, 900)
    try:
        browser.get(page.as_uri())
        wait_for(browser, lambda d: d.find_elements("css selector", "table.summary"))
        assert_fits(browser)
    finally:
        browser.set_window_size(1280, 900)
