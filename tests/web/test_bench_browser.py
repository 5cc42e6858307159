"""The bench pages in a real browser (Debian's chromium; skipped where it is missing): downloads, narrow screens."""

from pathlib import Path

import pytest

from test_browser import (CHROMEDRIVER, CHROMIUM, browser, by_testid, open_builder, wait_for,  # noqa: F401
                          wait_visible)

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def downloads(driver, css):
    """{link text: file name} of the download links under ``css``."""
    return driver.execute_script(
        "return Object.fromEntries([...document.querySelectorAll(arguments[0] + ' a[download]')]"
        ".map((a) => [a.textContent, a.download]));", css)


def test_builder_downloads_are_named_after_the_protocol(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    stem = "sgp130Fc_blocks_IL-6_trans-signalling_in_HUVEC"
    assert downloads(browser, "#yaml-download") == {"download YAML": stem + ".yaml"}
    by_testid(browser, "run-button").click()
    wait_visible(browser, "western-blot")
    assert downloads(browser, "#res-downloads") == {"table (CSV)": stem + "_table.csv",
                                                   "protocol (YAML)": stem + ".yaml"}
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="timecourses-figure"]'))
    pngs = browser.execute_script("return [...document.querySelectorAll('#results a[download$=\".png\"]')]"
                                  ".map((a) => a.download);")
    assert set(pngs) >= {stem + "_western_blot.png", stem + "_timecourses.png"}
    browser.find_element(By.CSS_SELECTOR, '#seeds button[data-seed="trans_huvec"]').click()  # another protocol
    wait_for(browser, lambda d: downloads(d, "#yaml-download")["download YAML"] != stem + ".yaml")
    assert downloads(browser, "#yaml-download")["download YAML"].startswith(
        browser.find_element(By.ID, "f-name").get_attribute("value").split()[0])


def test_lab_downloads_are_named_after_the_uploaded_file(browser, server):  # noqa: F811
    browser.get(server + "/lab")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    by_testid(browser, "lab-file").send_keys(str(EXAMPLES / "qpcr_cts.csv"))
    by_testid(browser, "lab-run").click()
    wait_visible(browser, "lab-results")
    assert set(downloads(browser, "#l-results").values()) == {"qpcr_cts_fold_change.png", "qpcr_cts_fold_change.svg",
                                                               "qpcr_cts_fold_change.csv"}


def test_routes_downloads_are_named_after_the_cell(browser, server):  # noqa: F811
    browser.get(server + "/routes")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#q-cell option').length") > 1)
    by_testid(browser, "routes-run").click()
    wait_visible(browser, "routes-answer")
    names = set(downloads(browser, "#answer").values())
    assert names == {"receptor_map_huvec_zegeye2018.png", "receptor_map_huvec_zegeye2018.svg",
                     "classic_or_trans_huvec_zegeye2018.yaml", "classic_or_trans_huvec_zegeye2018.csv"}


def test_a_form_edit_made_while_the_figures_are_drawn_is_kept(browser, server):  # noqa: F811
    """After Run, the qPCR and time-course figures keep the workers busy; an edit typed into the form meanwhile
    stays in the form (and the YAML), not overwritten by the protocol as it was run."""
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    by_testid(browser, "run-button").click()
    wait_visible(browser, "western-blot")
    name = browser.find_element(By.ID, "f-name")
    name.clear()
    name.send_keys("my edit")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="timecourses-figure"]'))
    wait_for(browser, lambda d: by_testid(d, "protocol-editor").get_attribute("value").startswith("name: my edit\n"))
    browser.execute_script("return new Promise((done) => setTimeout(done, 1500));")  # any late answer has come
    assert browser.find_element(By.ID, "f-name").get_attribute("value") == "my edit"
    assert by_testid(browser, "protocol-editor").get_attribute("value").startswith("name: my edit\n")


def test_a_bad_dose_on_the_routes_page_is_not_called_a_protocol(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(server + "/routes")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#q-cell option').length") > 1)
    box = browser.find_element(By.ID, "q-il6")
    box.clear()
    box.send_keys("10 U/mL")
    by_testid(browser, "routes-run").click()
    wait_visible(browser, "error")
    lines = by_testid(browser, "error").text.splitlines()
    assert lines[0] == "The question cannot be answered:"
    # the list names the box by its label, as the message under the box does, not by the API's name 'il6'
    assert lines[1].startswith("IL-6 dose: '10 U/mL' is in units of biological activity")
