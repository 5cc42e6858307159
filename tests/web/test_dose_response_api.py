"""POST /api/dose-response: the curves of `il6sim dose-response --cell --readout` at any read-out time, with the
figure and CSV downloads; a problem named by the request's field with what to give instead (HTTP 422)."""

import base64
import csv
import io
import math

import pytest

from test_api import WEIRD

pytest.importorskip("httpx")


def test_the_curves_are_those_of_the_cli_with_figure_table_and_csv(client):
    from il6sim.compare.cell_dose_response import cell_dose_response

    r = client.post("/api/dose-response", json={"cell": "HepG2", "readout": "pstat3"})  # spelled as the CLI reads them
    assert r.status_code == 200, r.text
    d = r.json()
    assert (d["cell"], d["readout"], d["time"], d["parameter_set"]) == ("hepg2", "pSTAT3", "30 min", "default")
    assert d["unit"] == "fraction of total STAT3" and d["note"] is None
    want = cell_dose_response("hepg2", "pSTAT3")
    assert [c["measure"] for c in d["curves"]] == ["EC50"] * 3 + ["IC50"] * 4
    for got, w in zip(d["curves"], want):
        assert got["agent"] == w.agent and got["value_text"] == w.value_text and got["reached"] == w.reached
        if w.reached:
            assert math.isclose(got["value_nM"], w.value_nM, rel_tol=1e-9)
            assert got["value_ng_per_mL"] > 0 and got["value_mass_text"].endswith(" ng/mL")
            assert got["hill_slope"] == pytest.approx(float(w.fit.hill), rel=1e-9)
        else:
            assert got["value_nM"] is None and got["hill_slope"] is None
    png = base64.b64decode(d["figure"]["png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000
    rows = list(csv.DictReader(io.StringIO(d["csv"])))
    assert len(rows) == 7 and {"value_nM", "value_ng_per_mL", "hill_slope", "read_at", "note"} <= set(rows[0])
    points = list(csv.DictReader(io.StringIO(d["points_csv"])))
    assert len(points) == 7 * 22 and {"dose_nM", "dose_ng_per_mL", "response", "fitted_response"} <= set(points[0])
    # the same words as the curves' own response_unit, in the API and the command line
    assert points[0]["response_unit"] == "pSTAT3 above the untreated cell, fraction of total STAT3"
    assert points[-1]["kind"] == "inhibitor"
    assert points[-1]["response_unit"] == "fraction of the uninhibited pSTAT3 response"
    assert d["provenance"]["kind"] == "dose-response" and d["provenance"]["cell"] == "hepg2"


def test_the_answer_carries_the_png_only_and_the_svg_is_drawn_on_request(client):
    """The SVG inline more than doubled the answer (about 390 kB); it is drawn when asked for."""
    request = {"cell": "hepg2", "readout": "SOCS3_mRNA", "time": "4 h", "parameter_set": "calibrated"}
    r = client.post("/api/dose-response", json=request)
    assert r.status_code == 200, r.text
    assert set(r.json()["figure"]) == {"png"} and len(r.content) < 300_000, len(r.content)
    svg = client.post("/api/dose-response/figure", json={**request, "format": "svg"})
    assert svg.status_code == 200, svg.text
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.startswith("<?xml")
    assert "<svg" in svg.text[:2000] and "hepg2" in svg.text and "calibrated" in svg.text
    assert svg.headers["content-disposition"] == \
        'attachment; filename="dose_response_hepg2_SOCS3_mRNA_4_h_calibrated.svg"'
    png = client.post("/api/dose-response/figure", json={"cell": "huvec", "format": "png"})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert png.headers["content-disposition"] == 'attachment; filename="dose_response_huvec_pSTAT3_30_min.png"'


@pytest.mark.parametrize("body, problems", [
    ({"format": "gif"}, [("format", "must be svg or png (got 'gif')")]),
    ({"cell": "huvex"}, [("cell", "did you mean 'huvec'?")]),
    ({"time": 30, "format": "pdf"}, [("time", "as text, e.g. '30 min'"), ("format", "(got 'pdf')")]),
    ({"fmt": "svg"}, [("request", "unknown key 'fmt' (expected cell, readout, time, parameter_set, format)")]),
    ({"time": "ten min"}, [("time", "'ten min' is not a number followed by a unit")]),
])
def test_a_bad_figure_request_is_422_under_its_field(client, body, problems):
    r = client.post("/api/dose-response/figure", json=body)
    assert r.status_code == 422, r.text
    got = r.json()["problems"]
    assert [p["where"] for p in got] == [w for w, _ in problems], got
    for p, (_, text) in zip(got, problems):
        assert text in p["message"], p


def test_another_time_readout_and_the_calibrated_set_are_said(client):
    r = client.post("/api/dose-response", json={"cell": "huvec", "readout": "SOCS3_mRNA", "time": "4 h",
                                                "parameter_set": "calibrated"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["time"] == "4 h" and d["unit"] == "a.u." and "'calibrated'" in d["note"]
    assert d["provenance"]["parameters"] and d["provenance"]["parameter_set"] == "calibrated"
    assert {row["read_at"] for row in csv.DictReader(io.StringIO(d["csv"]))} == {"4 h"}


@pytest.mark.parametrize("body, where, remedy", [
    ({"cell": "huvex"}, "cell", "did you mean 'huvec'?"),
    ({"cell": "none"}, "cell", "give a cell preset"),
    ({"readout": "pSTAT9"}, "readout", "(known: pSTAT3,"),
    ({"time": "4 hours later"}, "time", "write e.g. '30 min' or '2 h'"),
    ({"time": "40 d"}, "time", "write a time within 30 days of it, e.g. '30 min'"),
    ({"time": "-10 min"}, "time", "give a later time, e.g. '30 min'"),
    ({"time": 30}, "time", "the read-out time with its unit as text, e.g. '30 min'"),
    ({"time": " "}, "time", "is empty: give the read-out time"),
    ({"parameter_set": "fitted"}, "parameter_set", "(known: default, calibrated;"),
    ({"cell": "huvec", "dose": "10 ng/mL"}, "request", "unknown key 'dose' (expected cell, readout, time"),
])
def test_bad_input_is_422_under_its_field_with_the_remedy(client, body, where, remedy):
    r = client.post("/api/dose-response", json=body)
    assert r.status_code == 422, r.text
    (p,) = r.json()["problems"]
    assert p["where"] == where and remedy in p["message"], p


def test_every_problem_comes_at_once(client):
    r = client.post("/api/dose-response", json={"cell": "huvex", "readout": "pSTAT9", "time": "soon"})
    assert r.status_code == 422
    assert [p["where"] for p in r.json()["problems"]] == ["cell", "readout", "time"]


@pytest.mark.parametrize("url", ["/api/dose-response", "/api/dose-response/figure"])
def test_bad_bodies_never_get_a_500(client, url):
    for body in WEIRD + [{"cell": ["huvec"]}, {"readout": {}}, {"parameter_set": None, "time": None},
                         {"format": ["svg"]}, {"format": None, "cell": 3}]:
        r = client.post(url, json=body)
        assert r.status_code < 500, (body, r.status_code, r.text[:300])
        if r.status_code >= 400:
            assert r.json()["problems"][0]["message"], body


def test_the_page_is_linked_from_every_page_and_listed_in_the_api_page(client):
    assert 'data-testid="dose-run"' in client.get("/dose-response").text
    for url in ("/", "/dose-response", "/routes", "/lab", "/api"):
        assert '<a href="/dose-response"' in client.get(url).text, url
    assert "POST /api/dose-response" in client.get("/api").text
    assert 'href="/dose-response"' in client.get("/no-such-page").text
    assert "POST /api/dose-response/figure" in client.get("/api").text
    for url in ("/api/dose-response", "/api/dose-response/figure"):
        r = client.get(url)
        assert r.status_code == 405 and r.headers["allow"] == "POST", url


@pytest.mark.parametrize("value, said", [({"preset": "huvec", "knockout": ["SOCS3"]}, "an object"),
                                         (["huvec"], "a list"), (5, "5"), (True, "true")])
def test_a_field_that_is_not_text_is_named_by_its_kind(client, value, said):
    """A list or an object was shown as its Python text cut at 40 characters ("{'preset': 'huvec', 'knockout':
    ['SOCS3'"), true as True."""
    r = client.post("/api/dose-response", json={"cell": value})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "cell", "message": f"expected a cell preset as text, e.g. 'huvec' (got "
                                     f"{said})"}]
