"""The classic-or-trans page names the cell as the user chose it. Asked for huvec (with or without typed receptor
numbers), the map's key marked 'your cell' and, at the preset's receptor numbers, 'huvec_zegeye2018', a name the user
had not chosen (huvec_zegeye2018 holds the same values as huvec); the map's title and note said 'varied on
huvec_zegeye2018'. The key now says 'your huvec' and 'huvec (huvec_zegeye2018)', the title and note 'varied on
huvec'; a preset that is another cell keeps its own name."""

import re

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, wait_for, wait_visible  # noqa: F401

pytest.importorskip("httpx")


def map_key(d: dict) -> list[str]:
    """The map's key lines and title, as the SVG carries them (each text also as a comment)."""
    return re.findall(r"<!-- ((?:\d+  IL-6R|IL-6R and gp130 varied)[^>]*?) -->", d["map"]["svg"])


def test_a_cell_chosen_as_huvec_is_named_huvec_with_typed_receptor_numbers(client):
    r = client.post("/api/routes", json={"cell": "huvec", "IL6R_per_cell": 300})
    assert r.status_code == 200, r.text[:300]
    d = r.json()
    key = map_key(d)
    assert "2  IL-6R 150, gp130 3,356: huvec (huvec_zegeye2018)" in key, key
    assert any(line.startswith("3  IL-6R 300, gp130 3,356: your huvec (") for line in key), key
    assert any(line.startswith("IL-6R and gp130 varied on huvec (its other") for line in key), key
    assert "varied on huvec; 'your huvec' is marked" in d["map_note"]
    assert d["cell"] == "huvec" and "huvec_zegeye2018" not in d["csv"]


def test_a_preset_that_is_another_cell_keeps_its_name(client):
    d = client.post("/api/routes", json={"cell": "HepG2"}).json()
    key = map_key(d)
    assert "2  IL-6R 150, gp130 3,356: huvec_zegeye2018" in key, key
    assert any(line.startswith("3  IL-6R 1,200, gp130 12,087: your hepg2 (") and line.endswith("), hepg2")
               for line in key), key
    assert "varied on huvec_zegeye2018; 'your hepg2' is marked" in d["map_note"]


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
def test_the_page_names_the_cell_as_chosen(browser, server):  # noqa: F811
    import os
    import tempfile

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/routes")
    wait_for(browser, lambda d: len(Select(by_testid(d, "routes-cell")).options) > 1)
    Select(by_testid(browser, "routes-cell")).select_by_value("huvec")
    box = by_testid(browser, "routes-il6r")
    box.clear()
    box.send_keys("300")
    by_testid(browser, "routes-run").click()
    answer = wait_visible(browser, "routes-answer")
    fig = by_testid(browser, "routes-map")
    wait_for(browser, lambda d: d.execute_script("return arguments[0].naturalWidth", fig) > 100)
    assert "Cell: huvec with 300 IL-6R" in answer.text
    note = browser.find_element(By.ID, "a-map-note").text
    assert "varied on huvec; 'your huvec' is marked" in note, note
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", fig)
    browser.save_screenshot(os.path.join(tempfile.gettempdir(), "il6sim-web-routes-chosen.png"))
