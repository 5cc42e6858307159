"""The answer of "Classic or trans in my cells?" can be downloaded: the experiments' table as CSV, with the cell,
the doses and the unit (HTTP API, and the link on the page in Debian's chromium; skipped where it is missing)."""

import csv
import io

import pytest

from test_browser import CHROMEDRIVER, CHROMIUM, browser, by_testid, wait_for  # noqa: F401

pytest.importorskip("httpx")


def test_the_answer_holds_the_experiments_as_csv(client):
    r = client.post("/api/routes", json={"cell": "huvec", "il6": "10 ng/mL", "sil6r": "25 ng/mL"})
    assert r.status_code == 200, r.text
    d = r.json()
    rows = list(csv.DictReader(io.StringIO(d["csv"])))
    assert [row["experiment"] for row in rows] == [e["experiment"] for e in d["experiments"]]
    assert {row["unit"] for row in rows} == {"fraction of total STAT3"}
    assert {(row["cell"], row["il6_dose"], row["sil6r_dose"], row["time_min"]) for row in rows} == {
        ("huvec", "10 ng/mL", "25 ng/mL", "30.0")}
    for row, e in zip(rows, d["experiments"]):
        assert float(row["pSTAT3"]) == pytest.approx(e["pSTAT3_30min"])
        assert float(row["fold_change"]) == pytest.approx(e["fold_change_30min"])


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium and chromedriver are not installed "
                                                           "(apt-get install chromium chromium-driver)")
def test_the_page_offers_the_table_for_download(browser, server):  # noqa: F811
    browser.get(server + "/routes")
    wait_for(browser, lambda d: d.execute_script("return document.querySelectorAll('#q-cell option').length") > 1)
    by_testid(browser, "routes-run").click()
    wait_for(browser, lambda d: by_testid(d, "routes-answer").is_displayed())
    links = browser.execute_script("return [...document.querySelectorAll('#a-downloads a')]"
                                   ".map((a) => [a.textContent, a.getAttribute('download')])")
    assert ["the experiments' table (CSV)", "classic_or_trans_huvec_zegeye2018.csv"] in links


def test_the_api_page_names_the_routes_csv(client):
    page = client.get("/api").text
    row = next(line for line in page.splitlines() if "POST /api/routes" in line)
    assert "<code>csv</code>, their table" in row
