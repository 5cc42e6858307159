"""A run under way says for how long it has been going, in a real browser (Debian's chromium; skipped where it is
missing): a slow answer (here a network delay of a few seconds) must not look like a page that hangs."""

import re

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, EXAMPLES, browser, by_testid, open_builder, wait_for  # noqa: F401

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromedriver are not installed "
                                       "(apt-get install chromium chromium-driver)")

DELAY_MS = 2500


@pytest.fixture
def slow(browser):  # noqa: F811
    """Every answer from the server arrives DELAY_MS late."""
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": DELAY_MS,
                                                                  "downloadThroughput": -1, "uploadThroughput": -1})
    yield browser
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                                  "downloadThroughput": -1, "uploadThroughput": -1})


def watch(driver, status_id, start):
    """The texts the status showed from ``start()`` until it said done or emptied (sampled every 0.1 s), and
    whether the count of seconds was kept out of what a screen reader reads out."""
    import time

    status = driver.find_element("id", status_id)
    seen, hidden = [], set()
    start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text, aria = driver.execute_script(
            "const s = arguments[0], e = s.querySelector('[data-testid=elapsed]');"
            "return [s.innerText, e && e.textContent ? e.getAttribute('aria-hidden') : null]", status)
        if aria is not None:
            hidden.add(aria)
        if not seen or seen[-1] != text:
            seen.append(text)
        if len(seen) > 1 and (text.startswith("done") or not text):
            break
        time.sleep(0.1)
    return status, seen, hidden


def assert_counts_seconds(driver, watched, label):
    status, seen, hidden = watched
    assert any(re.fullmatch(re.escape(label) + r" \d+ s", t) for t in seen), \
        f"the status never said how long the run has been going: {seen}"
    assert hidden == {"true"}, "the count of seconds is read out by a screen reader every second"
    # the count stops with the run
    assert driver.execute_script("return arguments[0].dataset.timer === undefined", status), seen


def test_the_builder_says_for_how_long_it_has_been_running(slow, server):
    open_builder(slow, server)
    watched = watch(slow, "status", lambda: by_testid(slow, "run-button").click())
    assert_counts_seconds(slow, watched, "running…")
    assert watched[1][-1].startswith("done in")


def test_the_other_pages_say_for_how_long_they_have_been_working(slow, server):
    slow.get(server + "/dose-response")
    wait_for(slow, lambda d: d.execute_script("return document.body.dataset.ready") == "1")
    assert_counts_seconds(slow, watch(slow, "d-status", lambda: by_testid(slow, "dose-run").click()),
                          "running 7 curves of 22 doses…")
    slow.get(server + "/routes")
    wait_for(slow, lambda d: not by_testid(d, "routes-run").get_attribute("disabled"))
    assert_counts_seconds(slow, watch(slow, "q-status", lambda: by_testid(slow, "routes-run").click()), "simulating…")
    slow.get(server + "/lab")
    wait_for(slow, lambda d: d.execute_script("return document.querySelectorAll('#l-protocol option').length") > 2)
    by_testid(slow, "lab-file").send_keys(str(EXAMPLES / "qpcr_cts.csv"))
    assert_counts_seconds(slow, watch(slow, "l-status", lambda: by_testid(slow, "lab-run").click()), "analysing…")
