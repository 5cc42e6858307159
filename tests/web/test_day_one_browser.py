"""What a new user trips on, in a real browser (Debian's chromium; skipped where it is missing): a problem shown at
the box it is about, an edit run at once, the way to the results, the keyboard's place."""

import pytest
import yaml

from test_browser import (CHROMEDRIVER, CHROMIUM, EXAMPLES, browser, by_testid, open_builder, wait_for,  # noqa: F401
                          wait_visible)

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")

IN_VIEW = "const r = arguments[0].getBoundingClientRect(); return r.top >= -1 && r.bottom <= window.innerHeight + 1;"


def field_message(driver, control):
    """The text shown for ``control``'s problem (its aria-describedby), checked to sit right under its row."""
    ids = control.get_attribute("aria-describedby")
    assert control.get_attribute("aria-invalid") == "true" and ids, control.get_attribute("outerHTML")
    msg = driver.find_element("id", ids.split()[0])
    assert msg.is_displayed()
    assert driver.execute_script("const row = arguments[1].closest('.step, .row');"
                                 "let e = row.nextElementSibling;"
                                 "while (e && e !== arguments[0] && e.classList.contains('field-msg'))"
                                 "  e = e.nextElementSibling;"
                                 "return e === arguments[0];", msg, control)
    return msg.text


def test_a_dose_typed_and_run_at_once_is_run_and_its_problem_shown_at_its_box(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from il6sim.protocols import bundled_protocol_text

    browser.set_window_size(1366, 768)
    try:
        open_builder(browser, server)
        wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#groups .group').length") == 3)
        dose = browser.find_elements(By.CSS_SELECTOR, "#groups .step .dose")[0]
        dose.clear()
        dose.send_keys("10 ng", Keys.CONTROL, Keys.ENTER)  # within the form's wait before it writes the YAML
        err = wait_visible(browser, "error")
        assert "group 'trans', step 1: dose must be a concentration" in err.text and "(got 10 ng)" in err.text
        assert "(got 10 ng)" in field_message(browser, dose)
        assert browser.execute_script(IN_VIEW, err), "the problem list is out of sight after Run"
        err.find_element(By.TAG_NAME, "a").click()  # the problem's line takes the keyboard to its box
        assert browser.switch_to.active_element == dose
        dose.send_keys("/mL")
        assert dose.get_attribute("aria-invalid") is None and not browser.find_elements(By.CSS_SELECTOR, ".field-msg")
        dose.send_keys(Keys.CONTROL, Keys.ENTER)
        wait_visible(browser, "western-blot")
        status = browser.find_element(By.ID, "status")
        wait_for(browser, lambda d: "see the results below" in status.text)
        assert status.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#results")
        # the form wrote the YAML back with the keys where the bundled file has them (references last)
        keys = list(yaml.safe_load(by_testid(browser, "protocol-editor").get_attribute("value")))
        assert keys == list(yaml.safe_load(bundled_protocol_text("sgp130fc_inhibition")))
    finally:
        browser.set_window_size(1280, 900)


def test_a_bad_dose_on_the_routes_page_is_marked_at_its_box_until_edited(browser, server):  # noqa: F811
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/routes")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#q-cell option').length") > 1)
    box = browser.find_element("id", "q-sil6r")
    box.clear()
    box.send_keys("25")
    by_testid(browser, "routes-run").click()
    wait_visible(browser, "error")
    assert field_message(browser, box).startswith("sIL-6R dose: '25' has no unit")  # named once
    box.send_keys(" ng/mL")
    assert box.get_attribute("aria-invalid") is None
    # the keyboard's place shows as a ring set off from the blue button
    box.send_keys(Keys.TAB)
    ring = browser.execute_script("const s = getComputedStyle(document.activeElement);"
                                  "return [document.activeElement.id, s.outlineStyle, s.outlineOffset];")
    assert ring == ["routes-run", "solid", "2px"]


def test_lab_problems_are_shown_at_the_box_they_are_about(browser, server):  # noqa: F811
    browser.get(server + "/lab")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    by_testid(browser, "lab-run").click()
    wait_visible(browser, "error")
    assert field_message(browser, by_testid(browser, "lab-file")) == "File: choose a file first"
    by_testid(browser, "lab-file").send_keys(str(EXAMPLES / "qpcr_cts.csv"))
    control = browser.find_element("id", "l-control")
    control.clear()
    control.send_keys("ctrl")
    by_testid(browser, "lab-run").click()
    wait_for(browser, lambda d: control.get_attribute("aria-invalid") == "true")
    assert "control condition 'ctrl' not found (did you mean 'control'?)" in field_message(browser, control)
    assert by_testid(browser, "lab-file").get_attribute("aria-invalid") is None  # the file's problem is gone
