"""The builder hands the lab page the protocol that ran (in a real browser: Debian's chromium; skipped where it is
missing). It stored the editor's text as it was when the answer came, so an edit typed while the run was on its
way reached the lab page's overlay ('the protocol of the builder') without ever having run."""

import pytest

from test_browser import (CHROMEDRIVER, CHROMIUM, browser, by_testid, open_builder, set_editor,  # noqa: F401
                          wait_for, wait_visible)

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")

#: hold the answer to /api/experiment until the test lets it go (window.releaseRun), so that an edit can be made
#: while the run is on its way, without timing anything
HOLD = """
const real = window.fetch;
window.releaseRun = null;
window.fetch = function (path, opts) {
  const answer = real(path, opts);
  if (String(path).indexOf('/api/experiment') < 0) return answer;
  return new Promise((resolve) => { window.releaseRun = () => answer.then(resolve); });
};
"""


def test_the_lab_page_gets_the_protocol_that_ran_not_a_later_edit(browser, server):  # noqa: F811
    open_builder(browser, server)
    ran = by_testid(browser, "protocol-editor").get_attribute("value")
    assert "groups" in ran
    browser.execute_script("localStorage.removeItem('il6sim-protocol');" + HOLD)
    by_testid(browser, "run-button").click()
    wait_for(browser, lambda d: d.execute_script("return window.releaseRun !== null"))
    set_editor(browser, ran.replace("name:", "name: edited while running,", 1))
    browser.execute_script("window.releaseRun();")
    wait_visible(browser, "results")
    stored = wait_for(browser, lambda d: d.execute_script("return localStorage.getItem('il6sim-protocol')"))
    assert stored == ran
