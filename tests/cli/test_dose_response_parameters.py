"""`il6sim dose-response --parameters NAME --set NAME=VALUE`: the curves with other values, and saying so."""

import json

import pytest

from il6sim.cli.main import main


def _json(capsys, *args):
    assert main(["dose-response", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_set_applies_to_the_reference_curves_and_is_named(capsys):
    plain = _json(capsys)
    assert "parameters" not in plain
    fc = {c["key"]: c for c in plain["curves"]}["sgp130Fc_classic"]
    assert not fc["reached"] and "(default, Jostock 2001)" in fc["note"]
    d = _json(capsys, "--set", "fc_classic_interference=1")
    assert d["parameters"] == {"fc_classic_interference": 1.0}
    curves = {c["key"]: c for c in d["curves"]}
    fc = curves["sgp130Fc_classic"]
    # sgp130Fc now traps membrane IL-6:IL-6R, as in the curve of that scenario, and the note says so
    assert fc["reached"] and "fc_classic_interference = 1 (set for this run)" in fc["note"]
    assert fc["value_nM"] == pytest.approx(curves["sgp130Fc_classic_interference"]["value_nM"], rel=1e-6)
    window = [x for x in d["derived"] if "selectivity window" in x["quantity"]][0]
    assert "set for this run" in window["quantity"] and "Widjaja" in window["literature"]


def test_set_gives_a_cell_a_measured_quantity(capsys):
    # gp130-only cells given IL-6R respond to IL-6 alone
    plain = {c["key"]: c for c in _json(capsys, "--cell", "gp130_only")["curves"]}
    with_il6r = _json(capsys, "--cell", "gp130_only", "--set", "IL6R_per_cell=1000")
    assert not plain["il6"]["reached"]
    assert {c["key"]: c for c in with_il6r["curves"]}["il6"]["reached"]
    assert with_il6r["parameters"] == {"IL6R_per_cell": 1000.0}


def test_named_set_is_said_in_the_text_table(capsys):
    assert main(["dose-response", "--cell", "hepg2", "--parameters", "calibrated"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# computed with the parameter set 'calibrated' on top of each curve's cell")


def test_bad_values_exit_2_naming_each_option(capsys):
    assert main(["dose-response", "--set", "nosuch=1", "--parameters", "nope"]) == 2
    cap = capsys.readouterr()
    lines = cap.err.strip().splitlines()
    assert len(lines) == 2 and "--set: unknown parameter 'nosuch'" in lines[0]
    assert "--parameters: unknown parameter set 'nope'" in lines[1]
    assert cap.out == "" and "Traceback" not in cap.err


def test_out_records_the_values_in_provenance(tmp_path, capsys):
    out = tmp_path / "o"
    assert main(["dose-response", "--cell", "gp130_only", "--set", "IL6R_per_cell=1000", "--out", str(out)]) == 0
    capsys.readouterr()
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["kind"] == "dose-response" and prov["parameters"] == {"IL6R_per_cell": 1000.0}
    assert prov["cell"] == "gp130_only" and prov["readout"] == "pSTAT3" and len(prov["model"]["sbml_sha256"]) == 64
    assert (out / "dose_response.csv").stat().st_size > 0


@pytest.mark.parametrize("argv", [[], ["--cell", "huvec"]], ids=["pharmacology", "one cell"])
def test_out_names_every_file_written(tmp_path, capsys, argv):
    # only pharmacology.csv was named; the figures and provenance.json were written without a word
    out = tmp_path / "o"
    assert main(["dose-response", *argv, "--out", str(out)]) == 0
    printed = capsys.readouterr().out.strip().splitlines()[-1]
    files = sorted(p.name for p in out.iterdir())
    assert printed == "written: " + ", ".join(str(out / f) for f in files)
    # one cell: dose_response.csv, .png, .svg too; the table: pharmacology.csv and pharmacology_ratios.csv
    assert "provenance.json" in files and len(files) == (4 if argv else 5)


@pytest.mark.parametrize("argv", [[], ["--cell", "hepg2"]], ids=["pharmacology", "one cell"])
def test_out_names_the_parameter_set_and_the_set_values_in_provenance(tmp_path, capsys, argv):
    # provenance.json held the set's values and --set's merged under 'parameters', and named no set
    out = tmp_path / "o"
    assert main(["dose-response", *argv, "--parameters", "calibrated", "--set", "IL6R_per_cell=1000",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["parameter_set"]["name"] == "calibrated" and "failed_checks" in prov["parameter_set"]
    assert prov["set_values"] == {"IL6R_per_cell": 1000.0} and prov["parameters"]["IL6R_per_cell"] == 1000.0
