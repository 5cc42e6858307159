"""What a bench user uploads or types that is not quite right: every such input gets a 422 that says what and where."""

import base64
import json

import pytest

pytest.importorskip("httpx")


def _lab(text: str, **extra) -> dict:
    return {"filename": "plate.csv", "content_base64": base64.b64encode(text.encode()).decode(), "control": "control",
            **extra}


@pytest.mark.parametrize("text, extra, where_what", [
    # a well with no gene (a row cut short) and a well whose Ct cell was left empty
    ("sample,condition,gene,ct\nc1,control,GAPDH,18\nc1,control\nt1,trans,GAPDH,18\nt1,trans,SOCS3,22\n",
     {"kind": "qpcr", "reference": "GAPDH"}, ("row 3", "gene is empty")),
    ("sample,condition,gene,ct\nc1,control,GAPDH,18\nc1,,SOCS3,25\nt1,trans,GAPDH,18\nt1,trans,SOCS3,22\n",
     {"kind": "qpcr", "reference": "GAPDH"}, ("row 3", "condition is empty")),
])
def test_a_table_with_empty_cells_is_422_naming_the_row(client, text, extra, where_what):
    r = client.post("/api/labdata", json=_lab(text, **extra))
    assert r.status_code == 422, r.text
    where, what = where_what
    assert any(p["where"] == f"file 'plate.csv', {where}" and p["message"].startswith(what)
               for p in r.json()["problems"]), r.text


def test_an_unexpected_error_is_one_500_answer_and_the_connection_stays_usable(caplog):
    """A bug answers 500 with a problem list and is logged once; it is not raised on to the server, which would
    close the connection under the client (its next request on the same keep-alive connection was reset)."""
    from fastapi.testclient import TestClient

    from il6sim.web.app import create_app

    app = create_app()

    @app.get("/broken")
    def broken():
        raise ZeroDivisionError("a bug")

    with TestClient(app) as c:  # raise_server_exceptions: an exception that leaves the app fails here
        r = c.get("/broken")
        assert r.status_code == 500
        assert r.json() == {"problems": [{"where": "server", "message": "internal error (ZeroDivisionError); the "
                                                                        "server log has the details"}]}
        h = c.head("/broken")
        assert h.status_code == 500 and h.content == b""
        assert c.get("/api/health").status_code == 200
    logged = [r for r in caplog.records if r.name == "il6sim.web.app" and r.levelname == "ERROR"]
    assert len(logged) == 2 and all("/broken" in r.getMessage() for r in logged)


def test_the_overlay_says_when_the_model_is_read_at_another_time_than_asked(client):
    from pathlib import Path

    cts = (Path(__file__).resolve().parents[2] / "examples" / "qpcr_cts.csv").read_text()
    body = _lab(cts, kind="qpcr", reference="GAPDH", protocol="seed:sgp130fc_inhibition")  # reads at 15, 30 min, 4, 24 h
    d = client.post("/api/labdata", json={**body, "time": "3 h"}).json()
    assert any("no readout at 180 min" in n and "nearest readout (240 min" in n for n in d["notes"]), d["notes"]
    assert "model_time_min" in d["columns"] and "model_time_min" in d["csv"].splitlines()[0]
    assert {r["model_time_min"] for r in d["records"]} == {240.0}
    d = client.post("/api/labdata", json={**body, "time": "4 h"}).json()  # a readout time: nothing to say
    assert not any("no readout" in n for n in d["notes"]) and {r["model_time_min"] for r in d["records"]} == {240.0}
    d = client.post("/api/labdata", json=_lab(cts, kind="qpcr", reference="GAPDH")).json()  # no overlay, no model time
    assert "model_time_min" not in d["columns"]


@pytest.mark.parametrize("body, where, fragment", [
    ({"cell": "hepg", "il6": "10 ng/mL"}, "cell", "unknown cell preset 'hepg' (did you mean 'hepg2'?)"),
    ({"cell": "huvec", "IL6R_per_cell": "1e300"}, "IL6R_per_cell", "must be <= 100000 molecules per cell"),
    ({"cell": "huvec", "gp130_per_cell": 1e12}, "gp130_per_cell", "must be <= 100000 molecules per cell"),
])
def test_routes_names_the_field_not_a_protocol_the_user_never_wrote(client, body, where, fragment):
    r = client.post("/api/routes", json=body)
    assert r.status_code == 422, r.text
    assert [p["where"] for p in r.json()["problems"]] == [where]
    assert fragment in r.json()["problems"][0]["message"]


def test_the_api_page_names_every_key_of_a_lab_data_request(client):
    from il6sim.web.labdata import KEYS

    row = next(line for line in client.get("/api").text.splitlines() if "POST /api/labdata" in line)
    assert [k for k in KEYS if f'"{k}"' not in row] == []


def test_a_lab_table_too_large_for_the_web_app_is_named_as_the_file_in_megabytes(client):
    rows = "sample,condition,gene,ct\n" + "".join(f"s{i},control,GAPDH,18.{i % 10}\n" for i in range(150_000))
    assert 3_000_000 < len(rows) < 5_000_000  # over the web app's limit, under the command line's
    r = client.post("/api/labdata", json=_lab(rows, kind="qpcr", reference="GAPDH"))
    assert r.status_code == 413
    (p,) = r.json()["problems"]
    assert p["where"] == "file"
    assert p["message"].startswith(f"too large for the web app (about {len(rows) / 1e6:.1f} MB; at most 3 MB)")
    assert "il6sim qpcr FILE" in p["message"]


@pytest.mark.parametrize("body, wheres", [
    ({"cell": "huvec", "il6": "10 U/mL", "IL6R_per_cell": 1e9}, ["il6", "IL6R_per_cell"]),
    ({"cell": "hepg", "il6": "-1 ng/mL"}, ["il6", "cell"]),
    ({"cell": "none", "il6": "x"}, ["cell", "il6"]),
])
def test_routes_reports_a_bad_dose_and_a_bad_cell_at_once(client, body, wheres):
    r = client.post("/api/routes", json=body)
    assert r.status_code == 422, r.text
    assert [p["where"] for p in r.json()["problems"]] == wheres


def test_the_overlay_counts_bars_and_conditions_and_names_what_found_no_match(client):
    """Three conditions of two genes are six bars: the note said '4 of 6 conditions matched'."""
    from pathlib import Path

    cts = (Path(__file__).resolve().parents[2] / "examples" / "qpcr_cts.csv").read_text()  # control, trans, inhibition
    d = client.post("/api/labdata", json=_lab(cts, kind="qpcr", reference="GAPDH", protocol="seed:trans_huvec")).json()
    (note,) = [n for n in d["notes"] if n.startswith("Model overlay")]
    assert note.startswith("Model overlay on 4 of 6 bars: 2 of 3 conditions matched a protocol group; no group "
                           "named like 'inhibition' (groups: control, "), note
    assert "readout for" not in note
    d = client.post("/api/labdata", json=_lab(cts, kind="qpcr", reference="GAPDH",
                                             protocol="seed:classic_hepatocyte")).json()
    (note,) = [n for n in d["notes"] if n.startswith("Model overlay")]
    assert "no group named like 'trans', 'inhibition'" in note and "no mRNA readout for 'CCL2' (readouts: " in note


@pytest.mark.parametrize("example, kind, remedy", [
    ("qpcr_cts.csv", "densitometry", "the file looks like a qPCR Ct table: choose 'qPCR Ct table' (kind: qpcr)"),
    ("densitometry.csv", "qpcr", "the file looks like a densitometry table: choose 'densitometry table' "
                                 "(kind: densitometry)"),
])
def test_a_table_uploaded_as_the_other_kind_says_which_kind_it_is(client, example, kind, remedy):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "examples" / example).read_text()
    body = _lab(text, kind=kind, reference="GAPDH", target="pSTAT3", normaliser="STAT3")
    r = client.post("/api/labdata", json={**body, "filename": example})
    assert r.status_code == 422, r.text
    (p,) = r.json()["problems"]
    assert p["where"] == f"file {example!r}" and p["message"].endswith(remedy), p


def test_a_table_of_neither_kind_gets_no_such_remedy(client):
    r = client.post("/api/labdata", json=_lab("sample,condition,gene,value\nc1,control,SOCS3,2\n", kind="densitometry",
                                              target="pSTAT3", normaliser="STAT3"))
    assert r.status_code == 422 and "looks like" not in r.text, r.text
