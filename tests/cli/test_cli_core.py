"""The installed command: presets, export-sbml, simulate, and bad input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "il6sim"


def run(*args, cwd=None):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=300)


def test_presets_json_lists_everything():
    r = run("presets", "--json")
    assert r.returncode == 0, r.stderr
    cat = json.loads(r.stdout)
    assert {c["name"] for c in cat["cells"]} >= {"hepg2", "hepatocyte", "huvec", "hrec", "gp130_only", "il6r_gp130", "none"}
    assert all(p["unit"] and p["source"] for p in cat["parameters"])
    assert any(a["name"] == "sgp130Fc" and "olamkicept" in a["aliases"] for a in cat["agents"])
    assert any(o["name"] == "pSTAT3" for o in cat["observables"])


def test_presets_list_the_knockouts_a_cell_accepts():
    from il6sim.model.presets import CellSpec

    cat = json.loads(run("presets", "knockouts", "--json").stdout)["knockouts"]
    by_name = {k["name"]: k for k in cat}
    assert {"SOCS3", "IL6R", "IL6", "Y759F"} <= set(by_name)
    assert by_name["Y759F"]["parameter"] == "gp130_Y759" and "Y757F" in by_name["Y759F"]["aliases"]
    for k in cat:  # every listed name and alias is accepted and switches what the listing says
        for name in [k["name"], *k["aliases"]]:
            assert CellSpec.parse({"preset": "huvec", "knockout": [name]}).resolve()[k["parameter"]] == 0
    text = run("presets", "knockouts").stdout
    assert "Y759F" in text and "sets gp130_Y759 = 0" in text


def test_presets_text():
    r = run("presets", "parameters")
    assert r.returncode == 0 and "source:" in r.stdout and "KD_sIL6R" in r.stdout


def test_export_sbml_writes_a_valid_file(tmp_path):
    from il6sim.io.sbml import validate_sbml

    out = tmp_path / "m.xml"
    r = run("export-sbml", "--cell", "huvec", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert validate_sbml(text) == []
    # the preset's IL-6R (150) is noted with the preset's source, not the HepG2 default's
    assert "Value 150: cell preset &apos;huvec&apos;: Endothelial cells" in text


def _simulate_rows(*args):
    r = run("simulate", "--cell", "huvec", "--json", *args)
    assert r.returncode == 0, r.stderr
    return {row["condition"].split()[0]: row for row in json.loads(r.stdout)}


def test_simulate_gives_trans_stronger_than_classic_in_huvec():
    # HUVEC carry few IL-6R (150/cell): IL-6:sIL-6R forms more units than IL-6 alone (EVIDENCE S1); a handful
    # of units already gives a strong response (Hansen 2020), so trans is stronger, not many times stronger
    rows = _simulate_rows()
    assert list(rows) == ["classic", "trans"]
    assert rows["classic"]["condition"] == "classic (IL-6 10 ng/mL)" and rows["classic"]["cell"] == "huvec"
    assert rows["trans"]["pSTAT3_30min"] > 1.1 * rows["classic"]["pSTAT3_30min"] > 0
    assert rows["trans"]["SOCS3_mRNA_fold_4h"] > rows["classic"]["SOCS3_mRNA_fold_4h"] > 1


def test_simulate_set_changes_the_cell():
    base, no_il6r = _simulate_rows(), _simulate_rows("--set", "IL6R_per_cell=0")
    assert no_il6r["classic"]["pSTAT3_30min"] < 0.2 * base["classic"]["pSTAT3_30min"]   # no route left for IL-6
    assert no_il6r["trans"]["pSTAT3_30min"] == pytest.approx(base["trans"]["pSTAT3_30min"], rel=0.2)


def test_simulate_text_table_shows_the_json_numbers():
    rows = _simulate_rows()
    r = run("simulate", "--cell", "huvec")
    assert r.returncode == 0, r.stderr
    lines = {line.split()[0]: line for line in r.stdout.splitlines()[2:]}
    for name in ("classic", "trans"):
        assert f"{rows[name]['pSTAT3_30min']:.3f}" in lines[name]
        assert f"{rows[name]['SOCS3_mRNA_fold_4h']:.1f}x" in lines[name]


def test_a_subcommand_that_cannot_be_imported_stops_the_command(monkeypatch):
    from il6sim.cli import main

    monkeypatch.setitem(main.COMMANDS, "broken", "no_such_module")
    with pytest.raises(ImportError, match="subcommand 'broken' cannot be loaded"):
        main.build_parser()


@pytest.mark.parametrize("args,fragment", [
    (["simulate", "--cell", "liver"], "unknown cell preset 'liver'"),
    (["simulate", "--set", "nonsense=1"], "unknown parameter 'nonsense'"),
    (["simulate", "--set", "K_SOCS3=-2"], "must be >= 0"),
    (["simulate", "--set", "K_SOCS3=abc"], "is not a number"),
    (["export-sbml", "--cell", "liver", "x.xml"], "unknown cell preset"),
    (["export-sbml", "/no/such/dir/x.xml"], "does not exist"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_exits_2_with_one_clear_line(tmp_path, args, fragment):
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2
    assert fragment in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("arg,fragment", [
    ("V_medium=2 min", "cannot be converted to L"),
    ("IL6R_per_cell=3 nM", "plain number"),
    ("K_SOCS3=3 zorgs", "unknown unit"),
    ("K_SOCS3=3 furlongs", "cannot be converted to nM"),
])
def test_wrong_units_exit_2(arg, fragment):
    r = run("simulate", "--set", arg)
    assert r.returncode == 2 and fragment in r.stderr and "Traceback" not in r.stderr


def test_units_in_overrides_convert():
    from il6sim.cli.simulate import parse_overrides

    assert parse_overrides(["V_medium=2 mL", "koff_trans=0.001 /s"]) == pytest.approx(
        {"V_medium": 0.002, "koff_trans": 0.06})
