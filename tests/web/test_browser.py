"""The pages in a real browser: Debian's chromium driven by Selenium (nothing is downloaded).

Skipped, with the reason, only when chromium or chromedriver is not installed
(`apt-get install chromium chromium-driver`; CI installs them in .ci/run).
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")

WAIT_S = 90


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a browser or driver
    os.environ.setdefault("SE_AVOID_STATS", "true")
    profile = tempfile.mkdtemp(prefix="il6sim-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def by_testid(driver, testid):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def wait_visible(driver, testid):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_S).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{testid}"]')))


def wait_for(driver, fn):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_S).until(lambda d: fn(d))


def open_builder(driver, server):
    """The builder page, once its script has loaded the presets and wired the Run button."""
    driver.get(server + "/")
    wait_for(driver, lambda d: d.execute_script("return document.body.dataset.ready") == "1")
    assert by_testid(driver, "run-button").is_enabled()


def set_editor(driver, text):
    driver.execute_script("const e = arguments[0]; e.value = arguments[1]; e.dispatchEvent(new Event('input'));",
                          by_testid(driver, "protocol-editor"), text)


def test_page_loads_with_a_prefilled_working_protocol(browser, server, client):
    open_builder(browser, server)
    text = by_testid(browser, "protocol-editor").get_attribute("value")
    assert "groups:" in text
    assert client.post("/api/run", content=text, headers={"content-type": "application/yaml"}).status_code == 200
    assert not by_testid(browser, "results").is_displayed()
    assert not by_testid(browser, "error").is_displayed()


def test_running_the_protocol_shows_the_blot(browser, server):
    open_builder(browser, server)
    by_testid(browser, "run-button").click()
    blot = wait_visible(browser, "western-blot")
    results = by_testid(browser, "results")
    assert results.is_displayed()
    # the blot is inside the results and is a loaded image
    assert browser.execute_script("return arguments[0].contains(arguments[1])", results, blot)
    assert wait_for(browser, lambda d: d.execute_script("return arguments[0].naturalWidth", blot)) > 200
    assert "sgp130Fc blocks IL-6 trans-signalling" in results.text
    assert not by_testid(browser, "error").is_displayed()
    # the qPCR bars and time courses follow (drawn in parallel after the blot)
    for testid in ("qpcr-figure", "timecourses-figure"):
        img = wait_visible(browser, testid)
        assert wait_for(browser, lambda d: d.execute_script("return arguments[0].naturalWidth", img)) > 200
    browser.save_screenshot(os.path.join(tempfile.gettempdir(), "il6sim-web-results.png"))


def test_an_invalid_protocol_shows_the_error_inline(browser, server):
    open_builder(browser, server)
    set_editor(browser, "cell: huvex\ngroups:\n  a:\n    - {at: 0 min, add: IL-6, dose: 10 ng/mL}\n")
    by_testid(browser, "run-button").click()
    err = wait_visible(browser, "error")
    assert "unknown cell preset 'huvex'" in err.text
    assert "cell" in err.text
    assert not by_testid(browser, "results").is_displayed()


def test_malformed_yaml_shows_the_line(browser, server):
    open_builder(browser, server)
    set_editor(browser, "cell: huvec\ngroups: {a: [\n")
    by_testid(browser, "run-button").click()
    err = wait_visible(browser, "error")
    assert "malformed YAML" in err.text and "line" in err.text


def _ask_routes(browser, server, il6r=None, gp130=None):
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/routes")
    wait_for(browser, lambda d: len(Select(by_testid(d, "routes-cell")).options) > 1)
    Select(by_testid(browser, "routes-cell")).select_by_value("huvec_zegeye2018")
    for testid, value in (("routes-il6r", il6r), ("routes-gp130", gp130)):
        box = by_testid(browser, testid)
        box.clear()
        if value is not None:
            box.send_keys(str(value))
    by_testid(browser, "routes-run").click()
    wait_visible(browser, "routes-answer")
    wait_for(browser, lambda d: d.execute_script(
        "return arguments[0].naturalWidth", by_testid(d, "routes-map")) > 100)
    return by_testid(browser, "routes-verdict").text


def test_classic_or_trans_answers_for_a_preset(browser, server, client):
    verdict = _ask_routes(browser, server)
    want = client.post("/api/routes", json={"cell": "huvec_zegeye2018", "il6": "10 ng/mL", "sil6r": "25 ng/mL"})
    assert verdict == want.json()["verdict"]
    assert "huvec_zegeye2018" in by_testid(browser, "routes-answer").text
    assert "sgp130Fc" in by_testid(browser, "routes-answer").text


def test_classic_or_trans_says_when_it_is_done_and_asks_only_once_the_cells_are_there(browser, server):
    # the page ran without a "done in" status, as the others have, and its Ask button worked before the
    # presets had loaded (asking for no cell)
    _ask_routes(browser, server)
    status = by_testid(browser, "routes-answer").find_element("xpath", "//*[@id='q-status']").text
    assert status.startswith("done in ") and status.endswith("see the results below"), status
    html = browser.execute_script("return fetch('/routes').then((r) => r.text())")
    assert 'id="routes-run" data-testid="routes-run" disabled' in html


def test_classic_or_trans_answers_for_typed_receptor_numbers(browser, server, client):
    verdict = _ask_routes(browser, server, il6r=20000, gp130=3000)
    want = client.post("/api/routes", json={"cell": "huvec_zegeye2018", "IL6R_per_cell": 20000,
                                            "gp130_per_cell": 3000, "il6": "10 ng/mL", "sil6r": "25 ng/mL"})
    assert verdict == want.json()["verdict"]
    assert "20,000 IL-6R and 3,000 gp130" in by_testid(browser, "routes-answer").text


def test_classic_or_trans_rejects_a_bad_number_inline(browser, server):
    browser.get(server + "/routes")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#q-cell option').length") > 1)
    by_testid(browser, "routes-il6r").send_keys("-5")
    by_testid(browser, "routes-run").click()
    assert "IL-6R per cell: must be a number >= 0 (got '-5')" in wait_visible(browser, "error").text


def test_a_qpcr_upload_plots_fold_changes(browser, server, tmp_path):
    from il6sim.fitting.labdata import qpcr_fold_change

    export = tmp_path / "cycler_export.csv"
    export.write_text("* Block Type = 96-well\n* Chemistry = SYBR_GREEN\n\n"
                      + (EXAMPLES / "qpcr_cts.csv").read_text())
    browser.get(server + "/lab")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    by_testid(browser, "lab-file").send_keys(str(export))
    by_testid(browser, "lab-run").click()
    plot = wait_visible(browser, "lab-plot")
    assert wait_for(browser, lambda d: d.execute_script("return arguments[0].naturalWidth", plot)) > 200
    results = by_testid(browser, "lab-results").text
    want = qpcr_fold_change(EXAMPLES / "qpcr_cts.csv", reference="GAPDH", control="control").summary
    fc = want.query("condition == 'trans' and gene == 'SOCS3'")["fold_change"].iloc[0]
    assert f"{float(f'{fc:.4g}'):g}" in results
    assert "conditions matched a protocol group" in results


def test_the_builder_form_and_the_yaml_stay_in_step(browser, server):
    import yaml
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#groups .group').length") == 3)
    dose = browser.find_elements(By.CSS_SELECTOR, "#groups .group .dose")[0]
    dose.clear()
    dose.send_keys("7 ng/mL")
    wait_for(browser, lambda d: "7 ng/mL" in by_testid(d, "protocol-editor").get_attribute("value"))
    p = yaml.safe_load(by_testid(browser, "protocol-editor").get_attribute("value"))
    assert p["groups"]["trans"][0] == {"at": "0 min", "add": "IL-6", "dose": "7 ng/mL"}
    assert p["cell"] == "huvec"
    # a pre-incubation written in the YAML survives the form, and one typed in the form reaches the YAML
    text = by_testid(browser, "protocol-editor").get_attribute("value")
    p["groups"]["trans"][1]["premixed"] = "30 min"
    set_editor(browser, yaml.safe_dump(p, sort_keys=False))
    browser.find_element(By.ID, "to-form").click()
    wait_for(browser, lambda d: d.execute_script(
        "return [...document.querySelectorAll('#groups .group .premix')].some((e) => e.value === '30 min')"))
    premix = browser.find_elements(By.CSS_SELECTOR, "#groups .group .premix")[0]
    premix.send_keys("15 min")
    wait_for(browser, lambda d: "15 min" in by_testid(d, "protocol-editor").get_attribute("value"))
    q = yaml.safe_load(by_testid(browser, "protocol-editor").get_attribute("value"))
    assert q["groups"]["trans"][1]["premixed"] == "30 min" and text
    # a bundled protocol is one click away, in the editor and in the form
    browser.find_element(By.CSS_SELECTOR, '[data-seed="trans_huvec"]').click()
    wait_for(browser, lambda d: "sIL-6R alone" in by_testid(d, "protocol-editor").get_attribute("value"))
    wait_for(browser, lambda d: "sIL-6R alone" in d.execute_script(
        "return [...document.querySelectorAll('.gname')].map((g) => g.value)"))


def test_the_prediction_band_checkbox_adds_lower_upper_and_the_band(browser, server):
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    box = by_testid(browser, "band-checkbox")
    assert "20 members" in browser.find_element(By.ID, "band-hint").text  # the cap is said on the page
    box.click()
    by_testid(browser, "run-button").click()
    note = wait_visible(browser, "band-note")
    assert "'calibrated' parameter set" in note.text and "20 members" in note.text
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#res-table th")]
    assert heads[-2:] == ["lower", "upper"]
    img = wait_visible(browser, "timecourses-figure")
    assert wait_for(browser, lambda d: d.execute_script("return arguments[0].naturalWidth", img)) > 200
    assert img.get_attribute("alt").startswith("time courses with the 95 % prediction band of pSTAT3")
    assert not by_testid(browser, "error").is_displayed()
    browser.save_screenshot(os.path.join(tempfile.gettempdir(), "il6sim-web-band.png"))
    # unticked again: the plain run, without the band columns
    box.click()
    by_testid(browser, "run-button").click()
    wait_for(browser, lambda d: not by_testid(d, "band-note").is_displayed())
    wait_for(browser, lambda d: [th.text for th in d.find_elements(By.CSS_SELECTOR, "#res-table th")][-1]
             == "fold_change")


def test_knockouts_typed_in_the_form_reach_the_yaml_and_back(browser, server):
    import yaml
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#groups .group').length") == 3)
    browser.find_element(By.ID, "f-knockout").send_keys("SOCS3, Y759F")
    wait_for(browser, lambda d: "Y759F" in by_testid(d, "protocol-editor").get_attribute("value"))
    p = yaml.safe_load(by_testid(browser, "protocol-editor").get_attribute("value"))
    assert p["cell"] == {"preset": "huvec", "knockout": ["SOCS3", "Y759F"]}
    # and a knockout written in the YAML shows in the form
    p["cell"] = {"preset": "hepg2", "knockout": ["IL6R"]}
    set_editor(browser, yaml.safe_dump(p, sort_keys=False))
    browser.find_element(By.ID, "to-form").click()
    wait_for(browser, lambda d: d.find_element(By.ID, "f-knockout").get_attribute("value") == "IL6R")
    assert browser.find_element(By.ID, "f-cell").get_attribute("value") == "hepg2"


def test_yaml_typed_in_the_editor_reaches_the_form_and_is_never_overwritten(browser, server):
    import yaml
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#groups .group').length") == 3)
    p = yaml.safe_load(by_testid(browser, "protocol-editor").get_attribute("value"))
    # a valid edit in the YAML reaches the form by itself (no button)
    p["name"] = "typed in the YAML"
    set_editor(browser, yaml.safe_dump(p, sort_keys=False))
    wait_for(browser, lambda d: d.find_element(By.ID, "f-name").get_attribute("value") == "typed in the YAML")
    # an edit that does not read as a protocol stays, and the form says why it cannot write the YAML
    broken = yaml.safe_dump(p, sort_keys=False).replace("add: IL-6", "add: IL-66", 1)
    set_editor(browser, broken)
    browser.find_element(By.ID, "f-times").send_keys(", 2 h")
    err = wait_visible(browser, "error")
    assert "does not read as a protocol" in err.text
    assert by_testid(browser, "protocol-editor").get_attribute("value") == broken


def test_a_duplicate_group_name_is_refused_not_merged(browser, server):
    import yaml
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#groups .group').length") == 3)
    before = by_testid(browser, "protocol-editor").get_attribute("value")
    browser.find_element(By.ID, "add-group").click()
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#groups .group').length") == 4)
    wait_for(browser, lambda d: "group 4" in by_testid(d, "protocol-editor").get_attribute("value"))
    name = browser.find_elements(By.CSS_SELECTOR, "#groups .group .gname")[-1]
    name.clear()
    name.send_keys("trans")
    err = wait_visible(browser, "error")
    assert "two groups are named 'trans'" in err.text
    p = yaml.safe_load(by_testid(browser, "protocol-editor").get_attribute("value"))
    assert p["groups"]["trans"] == yaml.safe_load(before)["groups"]["trans"]  # the original group is kept


def test_text_typed_as_a_number_that_is_not_one_reaches_the_yaml_as_typed(browser, server):
    import yaml
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    set_editor(browser, "cell: huvec\ngroups:\n  a: [{at: 0 min, set: {k_deg_SOCS3: 0.08}}]\n")
    browser.find_element(By.ID, "to-form").click()
    wait_for(browser, lambda d: d.execute_script("return document.querySelector('#groups .setp').value") ==
             "k_deg_SOCS3: 0.08")
    cells = browser.find_element(By.ID, "f-cells")
    cells.clear()
    cells.send_keys("Infinity")
    wait_for(browser, lambda d: "cells:" in by_testid(d, "protocol-editor").get_attribute("value"))
    p = yaml.safe_load(by_testid(browser, "protocol-editor").get_attribute("value"))
    assert p["medium"]["cells"] == "Infinity"  # not null: the run's message then names what was typed
    assert p["groups"]["a"][0]["set"] == {"k_deg_SOCS3": 0.08}


def test_classic_or_trans_refuses_a_receptor_number_the_browser_cannot_read(browser, server):
    browser.get(server + "/routes")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#q-cell option').length") > 1)
    by_testid(browser, "routes-il6r").send_keys("15e")  # a number box holding this reads as empty
    by_testid(browser, "routes-run").click()
    text = wait_visible(browser, "error").text
    assert "IL-6R per cell: expected a number of receptors per cell" in text and "IL6R_per_cell" not in text
    assert not by_testid(browser, "routes-answer").is_displayed()


def test_the_builder_does_not_drop_a_receptor_number_it_cannot_read(browser, server):
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    browser.find_element(By.ID, "f-il6r").send_keys("15e")
    assert "IL-6R / cell is not a number" in wait_visible(browser, "error").text
