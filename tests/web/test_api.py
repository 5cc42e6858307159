"""The JSON API of `il6sim serve`: same numbers as the CLI, problems as HTTP 422, bounded requests."""

import json
import math
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

pytest.importorskip("httpx")

BIN = Path(sys.executable).parent / "il6sim"


def cli(*args):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def seed_dict(name):
    from il6sim.protocols import bundled_protocol_text

    return yaml.safe_load(bundled_protocol_text(name))


def assert_same_records(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert set(g) == set(w)
        for k in w:
            if isinstance(w[k], float) or isinstance(g[k], float):
                if w[k] is None or g[k] is None:
                    assert g[k] == w[k], (k, g, w)
                else:
                    assert math.isclose(g[k], w[k], rel_tol=1e-9, abs_tol=1e-15), (k, g, w)
            else:
                assert g[k] == w[k], (k, g, w)


def test_health(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_presets_are_the_cli_lists(client):
    r = client.get("/api/presets")
    assert r.status_code == 200
    got = r.json()
    want = json.loads(cli("presets", "--json").stdout)
    for key in ("cells", "agents", "observables"):
        assert got[key] == want[key]


@pytest.mark.parametrize("seed", ["trans_huvec", "sgp130fc_inhibition"])
def test_run_returns_the_cli_records(client, seed, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(seed_dict(seed), sort_keys=False))
    proc = cli("run", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    want = json.loads(proc.stdout)
    r = client.post("/api/run", json=seed_dict(seed))
    assert r.status_code == 200, r.text
    assert list(r.json()) == ["records"]
    assert_same_records(r.json()["records"], want)


def test_run_accepts_yaml_text(client):
    from il6sim.protocols import bundled_protocol_text

    r = client.post("/api/run", content=bundled_protocol_text("trans_huvec"),
                    headers={"content-type": "application/yaml"})
    assert r.status_code == 200, r.text
    want = json.loads(cli("run", "seed:trans_huvec", "--format", "json").stdout)
    assert_same_records(r.json()["records"], want)


def test_invalid_protocol_is_422_with_the_cli_messages(client, tmp_path):
    bad = {"name": "bad", "cell": "huvex",
           "groups": {"trans": [{"at": "0 min", "add": "IL-7", "dose": "-10 ng/mL"}]}}
    r = client.post("/api/run", json=bad)
    assert r.status_code == 422
    problems = r.json()["problems"]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad, sort_keys=False))
    proc = cli("run", str(path))
    assert proc.returncode == 2
    cli_lines = [ln.removeprefix("il6sim: error: ") for ln in proc.stderr.strip().splitlines()]
    # the same problems; the CLI names the file where the API names the protocol
    assert [p["message"] for p in problems] == [ln.split(": ", 1)[1] for ln in cli_lines]
    assert any("unknown cell preset 'huvex'" in p["message"] for p in problems)
    assert any("unknown agent 'IL-7'" in p["message"] for p in problems)
    assert any(p["where"].endswith("group 'trans', step 1") for p in problems)


@pytest.mark.parametrize("cell, readouts, where, message", [
    # the builder sends a box's items as typed ('SOCS3,,IL6R'); an empty one is refused by its position
    ({"preset": "hepg2", "knockout": ["SOCS3", "", "IL6R"]}, {}, "cell.knockout",
     "item 2 is empty (a comma too many?); remove it, or name a gene such as SOCS3"),
    ("hepg2", {"times": ["15 min", "", "1 h"]}, "readouts.times",
     "time 2 is empty (a comma too many?); remove it, or write a time such as '30 min'"),
])
def test_an_empty_list_item_is_422_naming_its_position(client, cell, readouts, where, message):
    r = client.post("/api/run", json={"cell": cell, "readouts": readouts,
                                      "groups": {"IL-6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]}})
    assert r.status_code == 422, r.text
    (p,) = r.json()["problems"]
    assert p["where"].endswith(where) and p["message"] == message


def test_the_builder_sends_empty_list_items_for_the_server_to_refuse():
    # the form split its comma boxes and dropped empty items, so 'SOCS3,,IL6R' ran as SOCS3 and IL6R
    from il6sim.web import app as web_app

    js = (Path(web_app.__file__).parent / "static" / "builder.js").read_text(encoding="utf-8")
    assert "commaItems($(\"f-knockout\").value)" in js and "commaItems($(\"f-times\").value)" in js
    assert ".filter((g) => g)" not in js and ".filter((t) => t)" not in js
    node = shutil.which("node")
    if node:  # the function itself: an empty box gives no item, an empty item is kept
        import re

        fn = re.search(r"function commaItems\(text\) \{.*?\n\}", js, re.S).group(0)
        code = fn + '; console.log(JSON.stringify([commaItems("  "), commaItems("SOCS3,, IL6R ")]));'
        out = subprocess.run([node, "-e", code], capture_output=True, text=True, check=True).stdout
        assert json.loads(out) == [[], ["SOCS3", "", "IL6R"]]


def test_an_unknown_knockout_is_422_naming_the_known_ones(client):
    r = client.post("/api/run", json={"cell": {"preset": "hepg2", "knockout": ["Y757A"]},
                                      "groups": {"IL-6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]}})
    assert r.status_code == 422
    (p,) = r.json()["problems"]
    assert p["where"].endswith("cell.knockout") and "unknown gene or mutant 'Y757A'" in p["message"]
    assert "Y759F" in p["message"] and "SOCS3" in p["message"]


@pytest.mark.parametrize("body, status, fragment", [
    (b"{not json", 422, "malformed JSON"),
    (b"", 422, "empty"),
    (b"[1, 2]", 422, "expected a JSON object"),
    (b'{"cell": "huvec", "groups": 5}', 422, "expected a mapping group name"),
    (b'{"cell": 3, "groups": {"a": []}}', 422, "cell"),
    (b'{"cell": "huvec", "groups": {"a": [{"at": "soon", "add": "IL-6", "dose": "10 ng/mL"}]}}', 422, "at"),
    (b'{"cell": "huvec", "groups": {"a": []}, "readouts": {"times": ["1 parsec"]}}', 422, "time"),
    (b"\xff\xfe", 422, "UTF-8"),
])
def test_bad_bodies_get_a_clear_422(client, body, status, fragment):
    r = client.post("/api/run", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    text = json.dumps(r.json())
    assert fragment in text


def test_huge_body_is_413(client):
    r = client.post("/api/run", content=b'{"name": "' + b"x" * 400_000 + b'"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "too large" in r.json()["problems"][0]["message"]


def test_too_many_groups_is_422(client):
    p = {"cell": "huvec", "groups": {f"g{i}": [] for i in range(40)}}
    r = client.post("/api/run", json=p)
    assert r.status_code == 422
    assert "too many groups" in r.json()["problems"][0]["message"]


def test_eight_concurrent_runs_are_correct(client):
    from il6sim.protocols import run_protocol

    def protocol(k):
        return {"name": f"dose {k}", "cell": "huvec",
                "groups": {"control": [], "IL-6": [{"at": "0 min", "add": "IL-6", "dose": f"{k + 1} ng/mL"},
                                                   {"at": "0 min", "add": "sIL-6R", "dose": "25 ng/mL"}]},
                "readouts": {"observables": ["pSTAT3", "SOCS3_mRNA"], "times": ["30 min", "4 h"]}}

    with ThreadPoolExecutor(8) as ex:
        replies = list(ex.map(lambda k: client.post("/api/run", json=protocol(k)), range(8)))
    for k, r in enumerate(replies):
        assert r.status_code == 200, r.text
        assert_same_records(r.json()["records"], run_protocol(protocol(k)).records(in_words=True))
    # the doses differ, so the answers must too (no answer went to the wrong request)
    values = {next(x["value"] for x in r.json()["records"] if x["group"] == "IL-6" and x["observable"] == "pSTAT3")
              for r in replies}
    assert len(values) == 8


def test_experiment_gives_records_csv_and_figures(client):
    from il6sim.protocols import bundled_protocol_text

    r = client.post("/api/experiment", json={"yaml": bundled_protocol_text("sgp130fc_inhibition")})
    assert r.status_code == 200, r.text
    d = r.json()
    want = json.loads(cli("run", "seed:sgp130fc_inhibition", "--format", "json").stdout)
    # the same records as 'il6sim run', each unit in the words of Observable.unit_words
    from il6sim.model.reference import reference_model

    obs = reference_model().observable_map
    assert {w["unit"] for w in want if w["observable"] == "pSTAT3"} == {obs["pSTAT3"].unit_words}
    assert_same_records(d["records"], want)
    assert d["csv"].splitlines()[0] == "group,observable,time_min,value,unit,fold_change"
    for fig in ("western_blot", "qpcr", "timecourses"):
        assert d["figures"][fig]["png"].startswith("iVBORw0KGgo")  # PNG signature, base64


def test_experiment_table_csv_says_each_unit_in_words(client):
    # the builder's table.csv said '1' for pSTAT3, pAkt and pERK (and the page showed 'fraction of total', of
    # which protein?); it says Observable.unit_words, as the figures, the comparison and the dose-responses do
    import csv
    import io

    from il6sim.model.reference import reference_model

    from il6sim.protocols import bundled_protocol_text

    spec = yaml.safe_load(bundled_protocol_text("trans_huvec"))
    spec["readouts"] = {"observables": ["pSTAT3", "pAkt", "pERK", "SOCS3", "SOCS3_mRNA"], "times": ["30 min"]}
    text = yaml.safe_dump(spec)
    r = client.post("/api/experiment", json={"yaml": text, "figures": ["western_blot"]})
    assert r.status_code == 200, r.text
    d = r.json()
    rows = list(csv.DictReader(io.StringIO(d["csv"])))
    units = {row["observable"]: row["unit"] for row in rows}
    obs = reference_model().observable_map
    assert units == {o: obs[o].unit_words for o in units}
    assert units["pSTAT3"] == "fraction of total STAT3" and units["pAkt"] == "fraction of total Akt"
    assert units["pERK"] == "fraction of total ERK" and units["SOCS3"] == "nM" and units["SOCS3_mRNA"] == "a.u."
    assert {rec["observable"]: rec["unit"] for rec in d["records"]} == units  # the page's table: the same words
    assert d["units"]["pSTAT3"] == "1"  # the model's units, as the Python API gives them, stay beside the words


def test_experiment_draws_only_the_figures_asked_for(client):
    from il6sim.protocols import bundled_protocol_text

    text = bundled_protocol_text("trans_huvec")
    r = client.post("/api/experiment", json={"yaml": text, "figures": ["western_blot"]})
    assert r.status_code == 200, r.text
    assert list(r.json()["figures"]) == ["western_blot"]
    bad = client.post("/api/experiment", json={"yaml": text, "figures": ["heatmap"]})
    assert bad.status_code == 422
    assert "figures must be a list of western_blot, qpcr, timecourses" in bad.json()["problems"][0]["message"]


def test_yaml_editor_round_trip(client):
    p = seed_dict("trans_huvec")
    y = client.post("/api/protocol/yaml", json=p)
    assert y.status_code == 200
    back = client.post("/api/protocol/parse", json={"yaml": y.json()["yaml"]})
    assert back.status_code == 200
    assert back.json()["protocol"] == p


def test_malformed_yaml_names_the_line(client):
    r = client.post("/api/protocol/parse", json={"yaml": "cell: huvec\ngroups: {a: [\n"})
    assert r.status_code == 422
    msg = r.json()["problems"][0]["message"]
    assert "malformed YAML" in msg and "line" in msg


def test_bundled_protocols(client):
    from il6sim.protocols import bundled_protocol_text, bundled_protocols

    r = client.get("/api/protocols")
    assert [p["name"] for p in r.json()["protocols"]] == list(bundled_protocols())
    one = client.get("/api/protocols/trans_huvec").json()
    assert one["yaml"] == bundled_protocol_text("trans_huvec")
    assert client.get("/api/protocols/nope").status_code == 422


def test_unknown_endpoint_is_404_with_a_message(client):
    r = client.get("/api/nothing")
    assert r.status_code == 404
    assert "/api/nothing" in r.json()["problems"][0]["message"]


def test_pages_are_served(client):
    from il6sim.protocols import bundled_protocol_text

    home = client.get("/")
    assert home.status_code == 200
    assert 'data-testid="protocol-editor"' in home.text
    first_line = bundled_protocol_text("sgp130fc_inhibition").splitlines()[0]
    assert first_line in home.text
    for page in ("/routes", "/lab"):
        assert client.get(page).status_code == 200


def test_serve_rejects_a_bad_port():
    proc = cli("serve", "--port", "70000")
    assert proc.returncode == 2
    assert "--port must be 1-65535 (got 70000)" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("fmt, media, head", [("svg", "image/svg+xml", b"<?xml"), ("png", "image/png", b"\x89PNG")])
def test_figure_download(client, fmt, media, head):
    from il6sim.protocols import bundled_protocol_text

    r = client.post("/api/figure", json={"yaml": bundled_protocol_text("trans_huvec"), "figure": "western_blot",
                                         "format": fmt})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    assert r.content.startswith(head)
    assert f'filename="western_blot.{fmt}"' in r.headers["content-disposition"]


def test_figure_download_rejects_an_unknown_figure(client):
    r = client.post("/api/figure", json={"yaml": "cell: huvec\ngroups: {a: []}\n", "figure": "nope", "format": "gif"})
    assert r.status_code == 422
    text = json.dumps(r.json())
    assert "unknown figure 'nope'" in text and "must be png or svg (got 'gif')" in text


def _upload(path, **extra):
    import base64

    return {"filename": Path(path).name, "content_base64": base64.b64encode(Path(path).read_bytes()).decode(),
            **extra}


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_labdata_says_how_the_time_column_was_read(client, tmp_path):
    # a 'time' column without a unit was taken as minutes without a word
    f = tmp_path / "cts.csv"
    f.write_text("sample,condition,time,gene,ct\nc1,ctrl,0,GAPDH,18\nc1,ctrl,0,SOCS3,30\n"
                 "i1,IL6,2,GAPDH,18\ni1,IL6,2,SOCS3,25\n", encoding="utf-8")
    d = client.post("/api/labdata", json=_upload(f, kind="qpcr", reference="GAPDH", control="ctrl")).json()
    assert "Time: column 'time' gives no unit, so its values are read as minutes (the default); name it e.g. " \
           "'Time (h)' if they are hours." in d["notes"]
    assert [r["time_min"] for r in d["records"]] == [0, 2]
    f.write_text(f.read_text(encoding="utf-8").replace("time,", "Time (h),"), encoding="utf-8")
    d = client.post("/api/labdata", json=_upload(f, kind="qpcr", reference="GAPDH", control="ctrl")).json()
    assert "Time: column 'Time (h)' is in h: its times are converted to minutes (time_min)." in d["notes"]
    assert [r["time_min"] for r in d["records"]] == [0, 120]


def test_labdata_overlay_reads_the_model_against_the_control_time_of_the_data(client, tmp_path):
    # the model read each time against the control group at the same time, while the data pooled the control's
    # times; now both read each time against the control at the time the data's control_time_min names
    from il6sim.protocols import run_protocol

    tab = run_protocol("seed:sgp130fc_inhibition").table
    at = tab[tab["observable"] == "pSTAT3"].set_index(["group", "time_min"])["value"]
    f = tmp_path / "bands.csv"
    lanes = "".join(f"{i},{c},{t},pSTAT3,{p}\n{i},{c},{t},STAT3,1000\n"
                    for i, (c, t, p) in enumerate([("trans", 15, 500), ("inhibition", 15, 300),
                                                   ("inhibition", 30, 200)], 1))
    f.write_text("lane,condition,Time (min),protein,intensity\n" + lanes, encoding="utf-8")
    body = _upload(f, kind="densitometry", target="pSTAT3", normaliser="STAT3", control="trans",
                   protocol="seed:sgp130fc_inhibition")
    d = client.post("/api/labdata", json=body).json()
    got = {(r["condition"], r["time_min"]): r for r in d["records"]}
    assert [r["control_time_min"] for r in d["records"]] == [15, 15, 15]  # the control at 15 min only
    assert math.isclose(got["inhibition", 30]["mean"], 0.4)
    assert math.isclose(got["inhibition", 30]["model"], at["inhibition", 30] / at["trans", 15], rel_tol=1e-9)
    assert math.isclose(got["inhibition", 15]["model"], at["inhibition", 15] / at["trans", 15], rel_tol=1e-9)
    # the control at both times: each against the same time
    f.write_text("lane,condition,Time (min),protein,intensity\n" + lanes + "4,trans,30,pSTAT3,400\n"
                 "4,trans,30,STAT3,1000\n", encoding="utf-8")
    d = client.post("/api/labdata", json={**body, **_upload(f)}).json()
    got = {(r["condition"], r["time_min"]): r for r in d["records"]}
    assert math.isclose(got["inhibition", 30]["mean"], 0.5) and got["inhibition", 30]["control_time_min"] == 30
    assert math.isclose(got["inhibition", 30]["model"], at["inhibition", 30] / at["trans", 30], rel_tol=1e-9)


def test_labdata_densitometry_with_the_model_overlay(client):
    from il6sim.fitting.labdata import densitometry_ratios
    from il6sim.protocols import run_protocol

    body = _upload(EXAMPLES / "densitometry.csv", kind="densitometry", target="pSTAT3", normaliser="STAT3",
                   control="control", protocol="seed:sgp130fc_inhibition", time="30 min")
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 200, r.text
    d = r.json()
    want = densitometry_ratios(EXAMPLES / "densitometry.csv", target="pSTAT3", normaliser="STAT3",
                               control="control").summary
    assert [x["condition"] for x in d["records"]] == want["condition"].tolist()
    for x, m in zip(d["records"], want["mean"]):
        assert math.isclose(x["mean"], m, rel_tol=1e-12)
    # the overlay is the model's pSTAT3 in each group relative to the control group, at 30 min
    tab = run_protocol("seed:sgp130fc_inhibition").table
    at = tab[(tab["observable"] == "pSTAT3") & (tab["time_min"] == 30)].set_index("group")["value"]
    trans = next(x for x in d["records"] if x["condition"] == "trans")
    assert math.isclose(trans["model"], at["trans"] / at["control"], rel_tol=1e-9)
    assert d["figure"]["png"].startswith("iVBORw0KGgo")


@pytest.mark.parametrize("extra, fragment", [
    ({"reference": "ACTB"}, "reference gene 'ACTB' not found"),
    ({"reference": "GAPDH,,ACTB"}, "item 2 of 'GAPDH,,ACTB' is empty (a comma too many)"),  # was skipped
    ({"reference": "GAPDH", "control": "mock"}, "control condition 'mock' not found"),
    ({"reference": "GAPDH", "content_base64": "%%%"}, "not valid base64"),
    ({"reference": "GAPDH", "kind": "elisa"}, "must be qpcr or densitometry"),
    ({"reference": "GAPDH", "efficiency": 0}, "the amplification factor per cycle, 1 < E <= 2.2"),
    ({"reference": "GAPDH", "protocol": "seed:trans_huvec", "time": "-4 h"}, "readout time must not be negative"),
    ({"reference": "GAPDH", "protocol": "seed:trans_huvec", "time": "4"}, "write e.g. '4 min' or '4 h'"),
])
def test_labdata_problems_are_422(client, extra, fragment):
    body = {**_upload(EXAMPLES / "qpcr_cts.csv", kind="qpcr", control="control"), **extra}
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 422, r.text
    assert fragment in json.dumps(r.json())


def test_routes_without_sil6r_answers_with_nulls_not_an_error(client):
    r = client.post("/api/routes", json={"cell": "hepg2", "IL6R_per_cell": "20000", "gp130_per_cell": "3000",
                                         "il6": "10 ng/mL", "sil6r": "0"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["map_ratio"] is None  # no sIL-6R: no classic/trans ratio of its own
    assert d["IL6R_per_cell"] == 20000 and d["gp130_per_cell"] == 3000
    assert d["verdict"]


def test_routes_gives_the_pstat3_unit_in_the_tables_words(client):
    # the page's hint said 'Predicted pSTAT3 (fraction of STAT3)' and its table 'pSTAT3 at 30 min (fraction)',
    # each hand-written; the answer carries the unit as the comparison table and il6sim run say it
    from il6sim.web.app import render_page

    r = client.post("/api/routes", json={"cell": "hepg2"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["experiments_unit"] == "fraction of total STAT3"
    assert d["experiments_note"].startswith("Predicted pSTAT3 (fraction of total STAT3) at 30 min and its fold change")
    assert "tocilizumab 10 µg/mL" in d["experiments_note"]
    page = render_page("routes.html")
    assert 'id="a-experiments-note"' in page and "fraction of STAT3" not in page
    js = (Path(__file__).parents[2] / "src/il6sim/web/static/routes.js").read_text(encoding="utf-8")
    assert "d.experiments_unit" in js and "d.experiments_note" in js and "(fraction)" not in js


@pytest.mark.parametrize("body, fragment", [
    ({"cell": "huvex"}, "unknown cell preset 'huvex'"),
    ({"cell": "huvec", "IL6R_per_cell": "many"}, "IL6R_per_cell"),
    ({"cell": "huvec", "il6": "0 ng/mL"}, "IL-6 dose must be > 0"),
    ({"cell": "none"}, "cell"),
    ({"cell": "huvec", "colour": "red"}, "unknown key 'colour'"),
    ({"cell": "huvec", "il6": ["10 ng/mL"]}, "IL-6 dose: expected a quantity such as '10 ng/mL', got a list "
     "(give one value as text, e.g. '10 ng/mL')"),
    ({"cell": "huvec", "sil6r": {}}, "sIL-6R dose: expected a quantity such as '10 ng/mL', got a mapping "
     "(give one value as text, e.g. '10 ng/mL')"),
    ({"cell": "huvec", "sil6r": False}, "sIL-6R dose: expected a quantity such as '10 ng/mL', got false"),
])
def test_routes_problems_are_422(client, body, fragment):
    r = client.post("/api/routes", json=body)
    assert r.status_code == 422, r.text
    assert fragment in json.dumps(r.json())


WEIRD = [None, 0, -1, 1e308, "x" * 300, [], {}, [1, {"a": None}], {"yaml": 5}, {"yaml": "- a\n- b"},
         {"cell": {"preset": ["huvec"]}, "groups": {"a": [{"at": [], "add": {}, "dose": None}]}},
         {"cell": "huvec", "groups": {"a": [{"at": "0 min", "set": {"nope": "x"}}]}},
         {"cell": "huvec", "groups": {"": [None]}, "readouts": {"observables": [1], "times": [None]}},
         {"cell": "huvec", "groups": {"a": []}, "readouts": {"times": ["1e400 min"]}},
         {"kind": "qpcr", "content_base64": "aGVsbG8=", "control": "c", "reference": "g"},
         {"kind": "densitometry", "content_base64": "", "control": 3, "target": [], "normaliser": {}}]
ENDPOINTS = ["/api/run", "/api/experiment", "/api/protocol/parse", "/api/protocol/yaml", "/api/routes",
             "/api/labdata", "/api/figure"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_bad_input_never_gets_a_500(client, endpoint):
    for body in WEIRD:
        r = client.post(endpoint, json=body)
        assert r.status_code < 500, (endpoint, body, r.status_code, r.text[:300])
        if r.status_code >= 400:
            assert r.json()["problems"][0]["message"], (endpoint, body)


def test_labdata_csv_download_neutralises_spreadsheet_formulas(client, tmp_path):
    src = (EXAMPLES / "densitometry.csv").read_text()
    bad = tmp_path / "bands.csv"
    bad.write_text(src.replace("trans", "=HYPERLINK(1)"))
    body = _upload(bad, kind="densitometry", target="pSTAT3", normaliser="STAT3", control="control")
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 200, r.text
    csv = r.json()["csv"]
    assert "'=HYPERLINK(1)" in csv and "\n=HYPERLINK" not in csv and ",=HYPERLINK" not in csv


# ---- prediction band (calibrated ensemble) --------------------------------------------------------------

def test_run_with_a_band_gives_the_cli_records(client):
    p = seed_dict("trans_huvec")
    r = client.post("/api/run?uncertainty=true&ensemble_size=3", json=p)
    assert r.status_code == 200, r.text
    d = r.json()
    want = json.loads(cli("run", "seed:trans_huvec", "--uncertainty", "--ensemble-size", "3",
                          "--format", "json").stdout)
    assert_same_records(d["records"], want)
    assert all(x["lower"] <= x["upper"] for x in d["records"])
    assert d["band"]["parameter_set"] == "calibrated" and d["band"]["members"] == 3 and d["band"]["failed"] == 0
    # without the option: the default values, no band columns
    plain = client.post("/api/run", json=p).json()
    assert "band" not in plain and "lower" not in plain["records"][0]


def test_experiment_with_a_band_adds_lower_upper_and_draws_it(client):
    from il6sim.protocols import bundled_protocol_text

    text = bundled_protocol_text("trans_huvec")
    r = client.post("/api/experiment", json={"yaml": text, "figures": ["timecourses"], "uncertainty": True,
                                             "ensemble_size": 3})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["csv"].splitlines()[0] == "group,observable,time_min,value,unit,fold_change,lower,upper"
    assert all(x["lower"] <= x["upper"] for x in d["records"])
    assert d["band"]["members"] == 3 and d["band"]["max_members"] == 20
    assert "3 members of its ensemble" in d["band"]["note"]
    assert "surface IL-6 sites 30 min after IL-6" in d["band"]["caveat"]  # the checks the set failed
    assert d["figures"]["timecourses"]["png"].startswith("iVBORw0KGgo")
    svg = client.post("/api/figure", json={"yaml": text, "figure": "timecourses", "format": "svg",
                                           "uncertainty": True, "ensemble_size": 3})
    assert svg.status_code == 200 and "ensemble band" in svg.text and "over 3 members" in svg.text
    plain = client.post("/api/figure", json={"yaml": text, "figure": "timecourses", "format": "svg"})
    assert plain.status_code == 200 and "ensemble band" not in plain.text


@pytest.mark.parametrize("options, fragment", [
    ({"uncertainty": "maybe"}, "uncertainty: must be true or false (got 'maybe')"),
    ({"uncertainty": True, "ensemble_size": 21}, "ensemble_size: must be a whole number from 2 to 20"),
    ({"uncertainty": True, "ensemble_size": 1}, "(got 1)"),
    ({"uncertainty": True, "ensemble_size": "many"}, "(got 'many')"),
    ({"ensemble_size": 5}, "ensemble_size: needs uncertainty: true (got ensemble_size 5 without it)"),
])
def test_bad_band_options_are_422(client, options, fragment):
    from il6sim.protocols import bundled_protocol_text

    text = bundled_protocol_text("trans_huvec")
    for path, body in (("/api/experiment", {"yaml": text, **options}),
                       ("/api/figure", {"yaml": text, "figure": "timecourses", "format": "png", **options})):
        r = client.post(path, json=body)
        assert r.status_code == 422, (path, r.text)
        lines = [f"{p['where']}: {p['message']}" for p in r.json()["problems"]]
        assert len(lines) == 1 and fragment in lines[0], (path, lines)
    q = "&".join(f"{k}={str(v).lower()}" for k, v in options.items())
    r = client.post(f"/api/run?{q}", json=seed_dict("trans_huvec"))  # query strings carry text: same message
    assert r.status_code == 422, r.text
    lines = [f"{p['where']}: {p['message']}" for p in r.json()["problems"]]
    assert len(lines) == 1 and fragment.split(" (got")[0] in lines[0], lines


def _nested(depth):
    return ('{"a":' * depth + "1" + "}" * depth).encode()


BIG = "1" + "0" * 400  # an integer no float holds
ODD_REQUESTS = [
    ("GET", "/api/protocols/" + "a" * 300, None, "unknown bundled protocol"),
    ("POST", "/api/figure", {"protocol": "seed:" + "a" * 300, "figure": "western_blot", "format": "png"},
     "unknown bundled protocol"),
    ("POST", "/api/run", ('{"cell": {"preset": "huvec", "IL6R_per_cell": %s}, "groups": {"g": []}}' % BIG).encode(),
     "IL6R_per_cell"),
    ("POST", "/api/run", ('{"cell": "huvec", "groups": {"g": [{"at": "0 min", "add": "IL-6", "dose": %s}]}}'
                          % BIG).encode(), "has no unit"),
    ("POST", "/api/run?uncertainty=true&ensemble_size=%C2%B2", {"cell": "huvec", "groups": {"g": []}},
     "whole number from 2"),
    ("POST", "/api/protocol/yaml", _nested(900), "nested too deeply"),
    ("POST", "/api/run", {"cell": "huvec", "groups": {"g": [{"at": "0 min", "add": "IL-6",
                                                             "dose": "1" * 60_000 + " ng/mL"}]}}, "too long"),
]


@pytest.mark.parametrize("method, url, body, fragment", ODD_REQUESTS)
def test_odd_requests_get_a_clear_4xx_not_a_500(client, method, url, body, fragment):
    raw = body if isinstance(body, bytes) else None
    kw = {"content": raw, "headers": {"content-type": "application/json"}} if raw is not None else \
        ({"json": body} if body is not None else {})
    r = client.request(method, url, **kw)
    assert 400 <= r.status_code < 500, (url, r.status_code, r.text[:300])
    assert fragment in json.dumps(r.json()), r.text[:300]


def test_a_table_with_an_overlong_line_is_422(client):
    import base64

    body = {"kind": "qpcr", "filename": "x.csv", "control": "c", "reference": "G",
            "content_base64": base64.b64encode(b"sample,gene,ct\n" + b"x" * 200_000 + b"\n").decode()}
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 422, r.text[:300]
    assert "characters" in r.json()["problems"][0]["message"]


def test_a_wrong_method_is_405_naming_the_right_one(client):
    r = client.get("/api/run")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert "takes POST, not GET" in r.json()["problems"][0]["message"]
    assert client.delete("/api/protocols/trans_huvec").status_code == 405
    assert client.get("/api/nothing").status_code == 404


@pytest.mark.parametrize("url", ["/", "/lab", "/routes", "/api", "/api/presets", "/api/protocols/trans_huvec",
                                 "/static/style.css"])
def test_head_answers_as_get_without_the_body(client, url):
    # RFC 9110 9.3.2: link checkers and `curl -I` ask with HEAD; it was 405 on every page and GET endpoint
    get, head = client.get(url), client.head(url)
    assert get.status_code == head.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_options_says_what_an_endpoint_takes(client):
    assert client.options("/api/run").status_code == 204 and client.options("/api/run").headers["allow"] == "POST"
    assert client.options("/api/presets").headers["allow"] == "GET, HEAD"
    assert client.post("/api/presets").headers["allow"] == "GET, HEAD"
    assert client.head("/api/nothing").status_code == client.options("/api/nothing").status_code == 404


def test_yaml_without_a_name_is_called_protocol(client):
    r = client.post("/api/experiment", json={"yaml": "cell: huvec\ngroups:\n  g: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]\n",
                                             "figures": []})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["name"] == "protocol"


def test_experiment_and_figure_name_unknown_keys_and_missing_fields(client):
    r = client.post("/api/experiment", json={"yaml": "cell: huvec\ngroups: {a: []}\n", "foo": 1})
    assert r.status_code == 422 and "unknown key 'foo'" in r.text
    r = client.post("/api/figure", json={"yaml": "cell: huvec\ngroups: {a: []}\n", "format": "png"})
    assert r.status_code == 422 and r.json()["problems"][0]["where"] == "figure"
    r = client.post("/api/figure", json={"yaml": "cell: huvec\ngroups: {a: []}\n", "figure": "qpcr", "foo": 1})
    assert r.status_code == 422 and "unknown key 'foo'" in r.text


@pytest.mark.parametrize("body, where, fragment", [
    ({"cell": "huvec", "il6": ""}, "il6", "must be > 0"),
    ({"cell": "huvec", "il6": 0}, "il6", "must be > 0"),
    ({"cell": "huvec", "il6": "10"}, "il6", "has no unit"),
    ({"cell": "huvec", "sil6r": "-5 ng/mL"}, "sil6r", "must not be negative"),
    ({"cell": "none"}, "cell", "cell-free"),
    ({"cell": "huvec", "il6": "."}, "il6", "is not a number followed by a unit"),
    ({"cell": "huvec", "il6": "1..2 ng/mL"}, "il6", "unknown unit"),
    ({"cell": "huvec", "il6": "0x10 ng/mL"}, "il6", "unknown unit"),
    ({"cell": "huvec", "il6": "0 ng/mL"}, "il6", "must be > 0"),
    ({"cell": "huvec", "il6": "1e30 ng/mL"}, "il6", "above the 10 mM limit; check the number and its unit, e.g."),
    ({"cell": "huvec", "sil6r": "0 lightyears"}, "sil6r", "is not a concentration"),
    ({"cell": "huvec", "sil6r": "0abc"}, "sil6r", "unknown unit 'abc'"),
    ({"cell": "huvec", "sil6r": "1e30 ng/mL"}, "sil6r", "above the 10 mM limit; check the number and its unit"),
    ({"cell": "huvec", "IL6R_per_cell": True}, "IL6R_per_cell", "expected a number of receptors per cell"),
])
def test_routes_dose_problems_are_one_each_under_the_field(client, body, where, fragment):
    r = client.post("/api/routes", json=body)
    assert r.status_code == 422, r.text[:300]
    problems = r.json()["problems"]
    assert len(problems) == 1 and problems[0]["where"] == where and fragment in problems[0]["message"], problems


def test_routes_without_gp130_answers_no_response(client):
    r = client.post("/api/routes", json={"cell": "huvec_zegeye2018", "gp130_per_cell": 0})
    assert r.status_code == 200, r.text[:300]
    d = r.json()
    assert d["dominant"] == "none" and "No pSTAT3 response" in d["verdict"]
    assert d["sgp130fc_reading"] == "No response to compare with."


def test_routes_says_when_either_route_alone_saturates_stat3(client):
    d = client.post("/api/routes", json={"cell": "huvec_zegeye2018"}).json()
    cl, tr = d["pstat3"]["classic_only_share"], d["pstat3"]["trans_only_share"]
    assert ("Either route alone" in d["verdict"]) == (min(cl, tr) >= 0.5)


def test_api_docs_fall_back_to_the_offline_page(client):
    r = client.get("/api/docs")
    assert r.status_code == 200 and "swagger-ui-bundle.js" in r.text
    bundle, fallback, init = (r.text.index("swagger-ui-bundle.js"), r.text.index("location.replace('/api')"),
                              r.text.index("SwaggerUIBundle({"))
    assert bundle < fallback < init  # checked after the bundle's tag, before it is used
    page = client.get("/api")
    assert page.status_code == 200 and "POST /api/run" in page.text
    assert client.get("/api/openapi.json").json()["info"]["title"] == "il6sim"
    assert "(see /api)" in client.get("/api/nothing").json()["problems"][0]["message"]


@pytest.mark.parametrize("sil6r, with_sil6r", [("0 nM", False), ("0", False), (0, False), ("-0 ng/mL", False),
                                               ("25 ng/mL", True)])
def test_routes_reads_a_zero_sil6r_with_a_unit_as_none(sil6r, with_sil6r):
    from il6sim.web.routes import STIM, question_protocol

    stim = question_protocol({"cell": "huvec", "sil6r": sil6r})["groups"][STIM]
    assert any(s["add"] == "sIL-6R" for s in stim) == with_sil6r


def test_yaml_keys_json_cannot_carry_come_back_as_the_group_names(client):
    text = "cell: huvec\ngroups:\n  2020-01-01: []\n  yes: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]\n"
    r = client.post("/api/protocol/parse", json={"yaml": text})
    assert r.status_code == 200, r.text[:300]
    run = client.post("/api/experiment", json={"yaml": text, "figures": []}).json()
    assert list(r.json()["protocol"]["groups"]) == run["groups"] == ["2020-01-01", "True"]


def test_protocol_parse_names_an_unknown_key(client):
    r = client.post("/api/protocol/parse", json={"yaml": "cell: huvec\ngroups: {a: []}\n", "cell": "hepg2"})
    assert r.status_code == 422 and "unknown key 'cell'" in r.json()["problems"][0]["message"]


@pytest.mark.parametrize("figures", [[[1]], [{}], [None]])
def test_experiment_figures_that_are_not_names_are_422(client, figures):
    r = client.post("/api/experiment", json={"yaml": "cell: huvec\ngroups: {a: []}\n", "figures": figures})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"][0]["where"] == "figures"


@pytest.mark.parametrize("url", ["/api/protocols/", "/api/protocols/a/b", "/api/health/"])
def test_a_get_of_an_unknown_path_under_a_get_endpoint_is_404(client, url):
    r = client.get(url)
    assert r.status_code == 404, r.text[:300]
    assert "no API endpoint" in r.json()["problems"][0]["message"]


@pytest.mark.parametrize("path, body, key", [
    ("/api/run", b'{"cell": "huvec", "groups": {"a": [], "a": [{"at": "0 min", "add": "IL-6", "dose": "1 ng/mL"}]}}',
     "a"),
    ("/api/routes", b'{"cell": "huvec", "cell": "hepg2"}', "cell"),
])
def test_a_key_given_twice_is_422_as_in_the_cli(client, path, body, key):
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    (p,) = r.json()["problems"]
    assert p["where"] == "request body" and f"duplicate key '{key}'" in p["message"]


def test_the_builder_yaml_keeps_a_step_per_line_and_text_blocks(client):
    p = seed_dict("sgp130fc_inhibition")
    p["description"] = "first line\nsecond line\n"
    text = client.post("/api/protocol/yaml", json=p).json()["yaml"]
    assert yaml.safe_load(text) == p
    lines = text.splitlines()
    assert "  - {at: -45 min, add: sgp130Fc, dose: 500 ng/mL, note: pre-incubation}" in lines
    assert "medium: {volume: 1 mL, cells: 2e5}" in lines
    assert "  times: [15 min, 30 min, 4 h, 24 h]" in lines
    assert lines[lines.index("description: |") + 1:][:2] == ["  first line", "  second line"]
    assert [ln.split(":")[0] for ln in lines if ln[:1].isalpha()] == list(p)  # the keys in the order given


@pytest.mark.parametrize("extra, where, remedy", [
    ({"efficiency": "95%"}, "efficiency", "1.95 = 95 % efficiency"),
    ({"protocol": "seed:trans_huvec", "time": "4 hours later"}, "time", "with a unit, e.g. '4 h' or '30 min'"),
])
def test_labdata_settings_that_cannot_be_read_say_what_to_write(client, extra, where, remedy):
    body = {**_upload(EXAMPLES / "qpcr_cts.csv", kind="qpcr", control="control", reference="GAPDH"), **extra}
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 422, r.text[:300]
    (p,) = r.json()["problems"]
    assert p["where"] == where and remedy in p["message"], p


def test_a_mistyped_page_address_gets_a_page_with_links_to_the_pages(client):
    r = client.get("/protocol-builder")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Page not found" in r.text and "/protocol-builder" in r.text
    for url in ("/", "/routes", "/lab", "/api"):
        assert f'href="{url}"' in r.text
    assert client.get("/api/nothing").json()["problems"][0]["where"] == "url"  # the API answers as before
    assert client.get("/static/nothing.js").status_code == 404


def test_every_page_has_the_one_navigation_bar_with_itself_marked(client):
    """The pages share one head and navigation bar (app.page_top, app.NAV_LABELS): a new page is linked from
    all of them at once, and each page file holds only its title and its <main>."""
    import re

    from il6sim.web.app import NAV_LABELS, PAGES, STATIC

    assert set(NAV_LABELS) == set(PAGES)
    for url, name in list(PAGES.items()) + [("/no-such-page", None)]:
        text = client.get(url).text
        assert "{{" not in text, url
        assert text.startswith("<!doctype html>") and text.count("<title>il6sim: ") == 1, url
        assert text.count('href="/static/style.css"') == 1 and text.count("<header>") == 1, url
        if name:
            assert (STATIC / name).read_text(encoding="utf-8").startswith("{{TOP "), name
        (nav,) = re.findall(r"<nav>.*?</nav>", text)
        if name is None:  # the page-not-found page links every page and marks none
            assert re.findall(r'href="([^"]+)"', nav) == list(NAV_LABELS) and "aria-current" not in nav
            continue
        assert re.findall(r'href="([^"]+)"', nav) == list(NAV_LABELS), url
        assert re.findall(r'<a href="([^"]+)" class="here" aria-current="page">', nav) == [url], url


def test_figure_titles_fit_a_figure_of_few_lanes():
    """A long protocol name on a two-lane blot or a one-readout figure: the title is broken into lines inside
    the figure, not cut off at its edges; the blot names nM rows only where it has them."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from il6sim.protocols import load_protocol, run_protocol
    from il6sim.web import figures

    protocol = load_protocol({
        "name": "a rather long protocol name, as scientists write them, for IL-6 plus sIL-6R in HUVEC",
        "cell": "huvec", "groups": {"control": [], "trans": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
        "readouts": {"observables": ["pSTAT3", "SOCS3_mRNA"], "times": ["30 min"]}})
    result = run_protocol(protocol)
    tc = result.timecourses[["group", "time_min", *protocol.observables]]
    drawn = [figures.blot_figure(protocol, result.table), figures.qpcr_figure(protocol, result.table),
             figures.timecourse_figure(protocol, tc, dict(result.units))]
    try:
        for fig in drawn:
            fig.canvas.draw()
            box = fig._suptitle.get_window_extent()
            assert box.x0 >= 0 and box.x1 <= fig.bbox.width, (fig._suptitle.get_text(), box, fig.bbox.width)
        assert "SOCS3" not in drawn[0]._suptitle.get_text()  # the blot has no SOCS3 row
    finally:
        for fig in drawn:
            plt.close(fig)


def test_a_blot_of_many_lanes_comes_as_stacked_panels_no_wider_than_a_page(client):
    """48 lanes (examples/desensitisation_hepg2.yaml) were one strip 28 in wide, unreadable on a screen: the
    builder's blot comes as panels of whole groups under each other, each with every row and its own lanes."""
    import struct

    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from il6sim.protocols import load_protocol, run_protocol
    from il6sim.web import figures

    path = Path(__file__).resolve().parents[2] / "examples" / "desensitisation_hepg2.yaml"
    r = client.post("/api/figure", json={"yaml": path.read_text(encoding="utf-8"), "figure": "western_blot",
                                         "format": "png"})
    assert r.status_code == 200, r.text
    width, height = struct.unpack(">II", r.content[16:24])  # the PNG header's size in pixels (110 dpi)
    assert width <= 12 * 110 and height > width, (width, height)
    protocol = load_protocol(path)
    fig = figures.blot_figure(protocol, run_protocol(protocol).table)
    try:
        axes = [ax for ax in fig.axes if ax.images]
        assert len(axes) == 3 and fig.get_figwidth() <= 12
        rows = ["pSTAT3 (Y705)", "SOCS3", figures.LOADING_ROW]
        assert all([t.get_text() for t in ax.get_yticklabels()] == rows for ax in axes)
        groups = [t.get_text() for ax in axes for t in ax.child_axes[0].get_xticklabels()]
        assert groups == list(protocol.groups) and all(len(ax.get_xticklabels()) == 16 for ax in axes)
        assert "over all panels" in fig._suptitle.get_text()
    finally:
        plt.close(fig)


def test_answers_are_compressed_for_clients_that_accept_gzip(client):
    # the pages' scripts, the catalogue and the figures' base64 travelled uncompressed
    plain = client.get("/api/presets", headers={"Accept-Encoding": "identity"})
    packed = client.get("/api/presets", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip" and packed.json() == plain.json()
    assert int(packed.headers["content-length"]) < len(plain.content) / 3
    script = client.get("/static/common.js", headers={"Accept-Encoding": "gzip"})
    assert script.headers["content-encoding"] == "gzip" and "showProblems" in script.text


def test_the_readme_curl_example_gets_records(client):
    """The README's curl line, sent as written (its path, header and body), answers the records of the run."""
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(curl [^`]*?)```", readme, re.S)
    assert block, "README no longer has its curl example"
    cmd = block.group(1).replace("\\\n", " ")
    path = re.search(r"http://127\.0\.0\.1:8050(/\S+)", cmd).group(1)
    body = json.loads(re.search(r"-d '([^']+)'", cmd).group(1))
    assert "-X POST" in cmd and "content-type: application/json" in cmd
    r = client.post(path, json=body)
    assert r.status_code == 200, r.text
    records = r.json()["records"]
    assert records and {rec["group"] for rec in records} == set(body["groups"])
    assert set(records[0]) == {"group", "observable", "time_min", "value", "unit", "fold_change"}


ALL_POSTS = ["/api/run", "/api/experiment", "/api/figure", "/api/protocol/parse", "/api/routes", "/api/labdata",
             "/api/dose-response", "/api/dose-response/figure"]


@pytest.mark.parametrize("body, said", [(b"null", "got null"), (b"5", "got a number"), (b'"huvec"', "got text"),
                                        (b"[1]", "got a list"), (b"true", "got true")])
def test_a_body_that_is_not_an_object_is_named_in_json_words(client, body, said):
    """It said Python's type name: 'got NoneType', 'got int', 'got str', 'got list', 'got bool'."""
    for url in ALL_POSTS:
        r = client.post(url, content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, (url, r.text[:300])
        [p] = r.json()["problems"]
        assert p["where"] == "request body" and p["message"].startswith("expected a JSON object (") and \
            p["message"].endswith(f"({said})"), (url, p)


@pytest.mark.parametrize("url, body, where, said", [
    ("/api/experiment", {"yaml": None}, "Your protocol", "expected the protocol as YAML text (got null)"),
    ("/api/experiment", {"yaml": 5}, "Your protocol", "expected the protocol as YAML text (got a number)"),
    ("/api/figure", {"protocol": [1], "figure": "qpcr"}, "Your protocol", "(got a list)"),
    ("/api/protocol/yaml", [1], "protocol", "expected a JSON object (got a list)"),
    ("/api/labdata", {"kind": "qpcr", "content_base64": "aGk=", "control": 5, "reference": "GAPDH"}, "control",
     "must be text (got a number)"),
    ("/api/labdata", {"kind": "qpcr", "content_base64": "aGk=", "control": "c", "reference": {}}, "reference",
     "must be text (got an object)"),
])
def test_a_field_of_the_wrong_kind_is_named_in_json_words(client, url, body, where, said):
    r = client.post(url, json=body)
    assert r.status_code == 422, r.text[:300]
    [p] = r.json()["problems"]
    assert p["where"] == where and p["message"].endswith(said), p


@pytest.mark.parametrize("url", ["/api/protocol/yaml", "/api/run", "/api/labdata"])
@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(client, url, constant):
    """Python's JSON reader takes them: /api/protocol/yaml wrote {cell: .nan} back, the others refused the value
    further on as if it were a number the request had sent."""
    r = client.post(url, content=f'{{"cell": {constant}}}'.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "request body", "message": f"malformed JSON: {constant} is not a "
                                     "JSON value (write a number, null, or text such as \"nan\" where text is "
                                     "expected)"}]


def test_labdata_reads_base64_broken_into_lines_as_one(client):
    """`base64 FILE` breaks its output every 76 characters (as MIME does); it was refused as 'not valid base64'."""
    import base64

    body = _upload(EXAMPLES / "qpcr_cts.csv", kind="qpcr", control="control", reference="GAPDH")
    one = client.post("/api/labdata", json=body)
    assert one.status_code == 200, one.text[:300]
    lines = base64.encodebytes((EXAMPLES / "qpcr_cts.csv").read_bytes()).decode()
    assert "\n" in lines.strip()
    r = client.post("/api/labdata", json={**body, "content_base64": lines})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["records"] == one.json()["records"]


@pytest.mark.parametrize("content, message", [
    ("data:text/csv;base64,c2FtcGxl", "a data URL ('data:text/csv;base64,'...), not base64: send only what follows "
                                      "'base64,'"),
    ("c2Ft-cGxl", "not valid base64: the character '-' at position 5 is not in its alphabet (A-Z, a-z, 0-9, +, /) "
                  "(URL-safe base64: write '+' for '-' and '/' for '_'); send the file's bytes base64-encoded, e.g. "
                  "`base64 -w0 FILE` or btoa() of the file's contents"),
    ("%%%", "not valid base64: the character '%' at position 1 is not in its alphabet (A-Z, a-z, 0-9, +, /); send "
            "the file's bytes base64-encoded, e.g. `base64 -w0 FILE` or btoa() of the file's contents"),
    ("c2FtcGx", "not valid base64: 7 characters, which is not a whole number of 4-character groups (the end is cut "
                "off, or its '=' padding is missing or misplaced); send the file's bytes base64-encoded, e.g. "
                "`base64 -w0 FILE` or btoa() of the file's contents"),
])
def test_labdata_base64_that_cannot_be_read_says_what_is_wrong_and_what_to_send(client, content, message):
    """It said 'not valid base64' and nothing more."""
    body = {"kind": "qpcr", "filename": "cts.csv", "control": "control", "reference": "GAPDH",
            "content_base64": content}
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "content_base64", "message": message}]


def test_labdata_reads_the_cp_column_of_a_lightcycler_export(client):
    """Roche's Cp (the Ct under another name) was refused as a missing ct column."""
    import base64

    table = ("Experiment: il6 socs3\nInclude\tPos\tSample\tGene\tCondition\tCp\nTrue\tA1\ts1\tGAPDH\tctrl\t18\n"
             "True\tA2\ts1\tSOCS3\tctrl\t30\nTrue\tA3\ts2\tGAPDH\tIL6\t18\nTrue\tA4\ts2\tSOCS3\tIL6\t25\n")
    r = client.post("/api/labdata", json={"kind": "qpcr", "filename": "lc.txt", "control": "ctrl", "reference": "GAPDH",
                                          "content_base64": base64.b64encode(table.encode()).decode()})
    assert r.status_code == 200, r.text[:300]
    fold = {rec["condition"]: rec["fold_change"] for rec in r.json()["records"]}
    assert fold == {"ctrl": pytest.approx(1.0), "IL6": pytest.approx(32.0)}


def test_labdata_efficiency_true_is_not_read_as_1(client):
    """true was read as the number 1 and refused as 'got 1'."""
    body = _upload(EXAMPLES / "qpcr_cts.csv", kind="qpcr", control="control", reference="GAPDH", efficiency=True)
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "efficiency", "message": "must be a number such as 2 (got true): the "
                                     "amplification factor per cycle, 2 = 100 %, 1.95 = 95 % efficiency"}]


@pytest.mark.parametrize("cell, said", [(["huvec"], "a list"), (5, "a number"), ({"preset": "huvec"}, "an object")])
def test_routes_cell_that_is_not_a_name_is_one_problem_in_json_words(client, cell, said):
    """A list was read as the name "['huvec']" (unknown cell preset "['huvec']" (did you mean 'huvec'?))."""
    r = client.post("/api/routes", json={"cell": cell})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "cell", "message": "expected a cell preset name as text, e.g. 'huvec' "
                                     f"(got {said}; see `il6sim presets cells`)"}]


@pytest.mark.parametrize("url", ["/api/run", "/api/experiment", "/api/routes", "/api/labdata", "/api/figure"])
def test_a_body_nested_deeper_than_a_protocol_is_422_not_500(client, url):
    """900 levels were read, then the hand-over to the worker ran out of stack: 500 (RecursionError)."""
    r = client.post(url, content=b'{"name": ' + b"[" * 900 + b"]" * 900 + b"}",
                    headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    [p] = r.json()["problems"]
    assert p["where"] == "request body" and p["message"].startswith(
        "nested too deeply: more than 64 levels (at name[0][0][0]") and p["message"].endswith(
        "...); a protocol is a mapping of cell, groups and readouts, a few levels deep"), p


@pytest.mark.parametrize("url, body, where", [
    ("/api/run", b'{"name": "a\\ud800", "cell": "huvec", "groups": {"g": []}}', "'name'"),
    ("/api/experiment", b'{"cell": "huvec", "groups": {"g\\udfff": []}}', "a key in 'groups'"),
    ("/api/protocol/parse", b'{"yaml": "name: \\ud800"}', "'yaml'"),
    ("/api/labdata", b'{"kind": "qpcr", "content_base64": "aGk=", "control": "\\ud800", "reference": "GAPDH"}',
     "'control'"),
    ("/api/figure", b'{"protocol": {"name": "\\udc00", "cell": "huvec", "groups": {"g": []}}, "figure": "qpcr"}',
     "'protocol.name'"),
])
def test_text_with_a_lone_surrogate_is_422_not_500(client, url, body, where):
    """JSON's \\ud800 escape alone is no character: writing it as UTF-8 failed, 500 (UnicodeEncodeError)."""
    r = client.post(url, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    [p] = r.json()["problems"]
    assert p["where"] == "request body" and p["message"].startswith(f"{where} holds \\u") and p["message"].endswith(
        "half of a UTF-16 surrogate pair, which is not a character: send the text as UTF-8, or escape both halves "
        "of the pair"), p


@pytest.mark.parametrize("url, kw, message", [
    ("/api/labdata", {"files": {"file": ("cts.csv", b"sample,condition,gene,ct\n", "text/csv")}},
     "a form with files (multipart/form-data), not JSON: send a JSON object with Content-Type: application/json, the "
     "table file base64-encoded in content_base64 with kind, control and the other settings (see /api)"),
    ("/api/labdata", {"content": b"sample,condition,gene,ct\n", "headers": {"content-type": "text/csv"}},
     "a CSV file (text/csv), not JSON: send a JSON object with Content-Type: application/json, the table file "
     "base64-encoded in content_base64 with kind, control and the other settings (see /api)"),
    ("/api/routes", {"data": {"cell": "huvec"}},
     "form fields (application/x-www-form-urlencoded), not JSON: send a JSON object with Content-Type: "
     "application/json (see /api)"),
    ("/api/run", {"content": __import__("gzip").compress(b'{"cell": "huvec"}'),
                  "headers": {"content-type": "application/json", "content-encoding": "gzip"}},
     "compressed (Content-Encoding: gzip): the API reads the body as it is; send it uncompressed"),
    ("/api/labdata", {"content": b'{"kind": "qpcr\xe9"}', "headers": {"content-type": "application/json"}},
     "not UTF-8 text (byte 14); send JSON as UTF-8, the table file base64-encoded in content_base64 with kind, "
     "control and the other settings"),
])
def test_a_body_that_is_not_json_says_what_it_is_and_what_to_send(client, url, kw, message):
    """A form, a file sent as itself or a compressed body got 'malformed JSON: Expecting value at line 1, column 1'
    or 'not UTF-8 text (byte 1)', with no word on what to send."""
    r = client.post(url, **kw)
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "request body", "message": message}]


@pytest.mark.parametrize("url", ["/api/routes", "/api/labdata", "/api/dose-response", "/api/figure",
                                 "/api/protocol/yaml"])
def test_a_yaml_body_where_json_is_taken_is_refused_with_where_yaml_goes(client, url):
    """It was read as a request with the one key 'yaml': 'unknown key yaml' and a missing field for each other key
    (/api/protocol/yaml answered 200 with the text wrapped in a mapping)."""
    r = client.post(url, content=b"cell: huvec\n", headers={"content-type": "application/yaml"})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "request body", "message": f"YAML (application/yaml): {url} takes a "
                                     "JSON object; send one with Content-Type: application/json (a protocol's YAML "
                                     "text goes to /api/run, /api/experiment or /api/protocol/parse)"}]


def test_an_empty_yaml_body_asks_for_the_protocol_text(client):
    r = client.post("/api/run", content=b"\n", headers={"content-type": "application/yaml"})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "request body", "message": "empty (expected the protocol's YAML text)"}]


@pytest.mark.parametrize("url, methods", [("/", "GET"), ("/lab", "GET"), ("/static/style.css", "GET or HEAD")])
def test_a_post_to_a_page_is_405_with_a_problem_list(client, url, methods):
    """It was Starlette's {"detail": "Method Not Allowed"}, unlike every other answer of the app."""
    r = client.post(url, json={"cell": "huvec"})
    assert r.status_code == 405, r.text[:300]
    assert r.json()["problems"] == [{"where": "url", "message": f"{url} takes {methods}, not POST (the JSON API is "
                                     "under /api; see /api)"}]
    assert r.headers["allow"]


@pytest.mark.parametrize("src", ["trans_huvec", "SEED:trans_huvec"])
def test_a_bundled_protocol_named_without_seed_is_pointed_to_seed_name(client, src):
    """It said only 'expected a protocol: a JSON object with the keys of a protocol file (got str)'."""
    r = client.post("/api/figure", json={"protocol": src, "figure": "qpcr"})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "Your protocol", "message": "expected a protocol: 'seed:NAME' (a "
                                     "bundled protocol, see /api/protocols), {\"yaml\": text} or a JSON object with the "
                                     "keys of a protocol file (name, cell, groups, readouts, ...) (got the text "
                                     f"'{src}'; did you mean 'seed:trans_huvec'?)"}]


@pytest.mark.parametrize("src, said", [([], "a list"), (0, "a number"), (False, "false")])
def test_a_labdata_overlay_protocol_of_the_wrong_kind_is_422_not_ignored(client, src, said):
    """[], 0 and false were taken as 'no overlay', without a word."""
    body = _upload(EXAMPLES / "qpcr_cts.csv", kind="qpcr", control="control", reference="GAPDH", protocol=src)
    r = client.post("/api/labdata", json=body)
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"] == [{"where": "Protocol 'overlay protocol'", "message": "expected a protocol: a JSON "
                                     "object with the keys of a protocol file (name, cell, groups, readouts, ...) "
                                     f"(got {said})"}]


@pytest.mark.parametrize("url, body, where, message", [
    ("/api/figure", {"protocol": "seed:trans_huvec", "figure": "qpcr", "format": []}, "format",
     "must be png or svg (got a list)"),
    ("/api/figure", {"protocol": "seed:trans_huvec", "figure": "qpcr", "format": True}, "format",
     "must be png or svg (got true)"),
    ("/api/figure", {"protocol": "seed:trans_huvec", "figure": ["qpcr"]}, "figure",
     "expected a figure's name as text (got a list; known: western_blot, qpcr, timecourses)"),
    ("/api/experiment", {"yaml": "x", "uncertainty": {}}, "uncertainty", "must be true or false (got an object)"),
    ("/api/routes", {"cell": "huvec", "IL6R_per_cell": [1]}, "IL6R_per_cell",
     "expected a number of receptors per cell (got a list)"),
])
def test_a_value_of_the_wrong_kind_is_not_shown_as_python_text(client, url, body, where, message):
    """A list was shown as the text '[]' or '[1]', true as 'True', an object as {}."""
    r = client.post(url, json=body)
    assert r.status_code == 422, r.text[:300]
    assert {"where": where, "message": message} in r.json()["problems"], r.json()
