"""The web app's limits on a protocol: each problem under the place the builder shows it at, with the way out
(fewer, or `il6sim run`); the builder marks its box (a real browser, Debian's chromium; skipped where missing)."""

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, open_builder, wait_visible  # noqa: F401

STEP = {"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}


@pytest.mark.parametrize("protocol, where, message", [
    ({"groups": {f"g{i}": [] for i in range(14)}}, "Protocol 'limits', groups",
     "too many groups for the web app (14; at most 12): remove some, or run larger protocols with `il6sim run`"),
    ({"groups": {"g": [dict(STEP, at=f"{i} min") for i in range(41)]}}, "Protocol 'limits', group 'g'",
     "too many steps for the web app (41; at most 40): remove some, or run larger protocols with `il6sim run`"),
    ({"groups": {"g": [STEP]}, "readouts": {"times": [f"{i} min" for i in range(1, 26)]}},
     "Protocol 'limits', readouts.times",
     "too many readout times for the web app (25; at most 24): read at fewer, or run larger protocols with "
     "`il6sim run`"),
    ({"groups": {"g": [STEP]}, "readouts": {"observables": [
        "pSTAT3", "pSTAT3_nuclear", "pSTAT3_cytoplasm", "STAT3_nucleus", "STAT3_cytoplasm", "pAkt", "pERK", "SOCS3",
        "SOCS3_per_cell", "active_JAK1", "SOCS3_mRNA", "ICAM1_mRNA", "CCL2_mRNA", "CXCL8_mRNA", "gp130_mRNA",
        "STAT3_mRNA", "surface_IL6R"]}},
     "Protocol 'limits', readouts.observables",
     "too many observables for the web app (17; at most 16): read fewer, or run larger protocols with `il6sim run`"),
    # the name is the figures' title: 200,000 characters were taken and took 30 s to draw
    ({"name": "n" * 200_000, "groups": {"g": [STEP]}}, f"Protocol '{'n' * 57}...', name",
     "too long for the web app (200,000 characters; at most 200, the figures' title): shorten it, and put the "
     "details in 'description'"),
])
def test_each_limit_is_named_at_its_place_with_the_way_out(client, protocol, where, message):
    r = client.post("/api/experiment", json={"name": "limits", "cell": "huvec", **protocol})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": where, "message": message}]


def test_a_name_at_the_limit_is_drawn(client):
    r = client.post("/api/figure", json={"protocol": {"name": "n" * 200, "cell": "huvec", "groups": {"g": [STEP]}},
                                         "figure": "western_blot", "format": "svg"})
    assert r.status_code == 200, r.text[:300]


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
def test_too_many_groups_in_the_builder_is_shown_at_the_group_button(browser, server):  # noqa: F811
    open_builder(browser, server)
    add = browser.find_element("id", "add-group")
    while len(browser.find_elements("css selector", "#groups .group")) < 13:
        add.click()
    browser.find_element("id", "run-button").click()
    err = wait_visible(browser, "error")
    assert "too many groups for the web app (13; at most 12): remove some" in err.text
    assert add.get_attribute("aria-invalid") == "true"
    msg = browser.find_element("id", add.get_attribute("aria-describedby").split()[0])
    assert msg.is_displayed() and "too many groups" in msg.text
