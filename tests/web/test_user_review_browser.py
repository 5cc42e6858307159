"""Error headings on the pages, in a real browser (Debian's chromium; skipped where it is missing)."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, wait_for, wait_visible  # noqa: F401

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")


def test_a_bad_lab_table_is_not_called_a_protocol(browser, server, tmp_path):  # noqa: F811
    bad = tmp_path / "cts.csv"
    bad.write_text("sample,condition,gene,ct\nc1,control,GAPDH,18\nc1,control,SOCS3,abc\n"
                   "t1,trans,GAPDH,18\nt1,trans,SOCS3,25\n")
    browser.get(server + "/lab")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    by_testid(browser, "lab-file").send_keys(str(bad))
    by_testid(browser, "lab-run").click()
    wait_for(browser, lambda d: d.find_element("id", "l-error").is_displayed())
    text = browser.find_element("id", "l-error").text
    assert "Ct must be a number (got 'abc')" in text
    assert text.startswith("The table cannot be analysed:") and "protocol" not in text.splitlines()[0]


def test_the_results_table_names_phospho_fractions_as_the_figures_do(browser, server):  # noqa: F811
    from test_browser import open_builder

    open_builder(browser, server)
    by_testid(browser, "run-button").click()
    wait_visible(browser, "western-blot")
    units = browser.execute_script(
        "const t = document.querySelector('#res-table table'); const h = [...t.querySelectorAll('th')]"
        ".map((c) => c.textContent); const k = h.indexOf('unit'); const o = h.indexOf('observable');"
        "return [...t.querySelectorAll('tr')].filter((r) => r.cells[0].tagName === 'TD').map((r) => [r.cells[o].textContent, r.cells[k].textContent]);")
    phospho = {o: u for o, u in units if o in ("pSTAT3", "pAkt", "pERK")}
    assert phospho == {"pSTAT3": "fraction of total STAT3", "pAkt": "fraction of total Akt",
                       "pERK": "fraction of total ERK"}  # Observable.unit_words, as in the table.csv download
    assert all(u != "1" for _, u in units)


def test_cut_cell_descriptions_end_with_an_ellipsis(browser, server, client):  # noqa: F811
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/routes")
    wait_for(browser, lambda d: len(Select(by_testid(d, "routes-cell")).options) > 1)
    shown = {o.get_attribute("value"): o.text for o in Select(by_testid(browser, "routes-cell")).options}
    cells = {c["name"]: c["description"] for c in client.get("/api/presets").json()["cells"]}
    long = [n for n in shown if len(cells[n]) > 60]
    assert long, "no preset description is long enough to be cut"
    for name in shown:
        text = shown[name].split(" — ", 1)[1]
        if name in long:
            assert text.endswith("…") and len(text) <= 60 and cells[name].startswith(text[:-1])
        else:
            assert text == cells[name]


def test_enter_in_a_box_asks_on_the_routes_page(browser, server):  # noqa: F811
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/routes")
    wait_for(browser, lambda d: len(Select(by_testid(d, "routes-cell")).options) > 1)
    box = browser.find_element("id", "q-il6")
    box.clear()
    assert not by_testid(browser, "routes-answer").is_displayed()
    box.send_keys("1 ng/mL", Keys.ENTER)
    assert wait_visible(browser, "routes-answer").text


def test_enter_analyses_and_a_densitometry_table_is_headed_as_band_ratios(browser, server):  # noqa: F811
    from pathlib import Path

    from selenium.webdriver.common.keys import Keys

    blots = Path(__file__).resolve().parents[2] / "examples" / "densitometry.csv"
    browser.get(server + "/lab")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    browser.find_element("id", "k-dens").click()
    by_testid(browser, "lab-file").send_keys(str(blots))
    browser.find_element("id", "l-control").send_keys(Keys.ENTER)
    wait_visible(browser, "lab-results")
    assert browser.find_element("id", "l-heading").text == "Band ratios relative to the control"


def test_ctrl_enter_runs_the_protocol_from_the_form(browser, server):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    from test_browser import open_builder

    open_builder(browser, server)
    assert not by_testid(browser, "results").is_displayed()
    browser.find_element("id", "f-times").send_keys(Keys.CONTROL, Keys.ENTER)
    wait_visible(browser, "western-blot")
    assert "Ctrl+Enter" in by_testid(browser, "run-button").get_attribute("title")
