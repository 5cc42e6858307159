"""Where the keyboard is after the builder's list buttons, in a real browser (Debian's chromium; skipped where it
is missing): adding or removing a step or a group must not send the focus back to the top of the page."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, open_builder  # noqa: F401

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")


def press_enter_on(driver, element):
    from selenium.webdriver.common.keys import Keys

    element.send_keys(Keys.ENTER)  # a button pressed with the keyboard, as a keyboard user does
    return driver.switch_to.active_element


def group(driver, name):
    from selenium.webdriver.common.by import By

    for card in driver.find_elements(By.CSS_SELECTOR, "#groups .group"):
        if card.find_element(By.CSS_SELECTOR, "input.gname").get_attribute("value") == name:
            return card
    raise AssertionError(f"no group {name!r}")


def test_removing_steps_and_groups_keeps_the_keyboard_in_the_list(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    trans = group(browser, "trans")
    first, second = [s.find_element(By.TAG_NAME, "button") for s in trans.find_elements(By.CSS_SELECTOR, ".step")]
    # the next step's remove button, so that Enter again removes the next one
    assert press_enter_on(browser, first) == second
    # the group's last step gone: its "+ step" button
    now = press_enter_on(browser, second)
    assert now.get_attribute("aria-label") == "add a step to group trans", now.get_attribute("outerHTML")
    # a group removed: the name of the group that took its place
    remove = trans.find_element(By.CSS_SELECTOR, "button[aria-label='remove group trans']")
    now = press_enter_on(browser, remove)
    assert now.tag_name == "input" and now.get_attribute("value") == "inhibition"
    # the last group removed: "+ group", not the top of the page
    for name in ("inhibition", "control"):
        remove = group(browser, name).find_element(By.CSS_SELECTOR, f"button[aria-label='remove group {name}']")
        now = press_enter_on(browser, remove)
    assert now.get_attribute("id") == "add-group"


def test_a_new_step_or_group_takes_the_keyboard_to_its_first_box(browser, server):  # noqa: F811
    from selenium.webdriver.common.by import By

    open_builder(browser, server)
    now = press_enter_on(browser, browser.find_element(By.ID, "add-group"))
    card = browser.find_elements(By.CSS_SELECTOR, "#groups .group")[-1]
    assert now == card.find_element(By.CSS_SELECTOR, "input.gname")
    plus = card.find_element(By.CSS_SELECTOR, "button[aria-label^='add a step']")
    now = press_enter_on(browser, plus)
    assert now == card.find_elements(By.CSS_SELECTOR, ".step input.at")[-1]
