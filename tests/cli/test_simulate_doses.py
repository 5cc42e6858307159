"""`il6sim simulate` with doses, and `--cell none` explained instead of NaN."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "il6sim"


def run(*args):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)


def test_doses_change_the_conditions():
    base = run("simulate", "--cell", "huvec", "--json")
    low = run("simulate", "--cell", "huvec", "--json", "--il6", "1 ng/mL", "--sil6r", "2.5 ng/mL")
    assert base.returncode == 0 and low.returncode == 0, low.stderr
    b, lo = json.loads(base.stdout), json.loads(low.stdout)
    assert [r["condition"] for r in lo] == ["classic (IL-6 1 ng/mL)", "trans (IL-6 1 ng/mL + sIL-6R 2.5 ng/mL)"]
    assert [r["condition"].split()[0] for r in b] == ["classic", "trans"]
    assert lo[1]["pSTAT3_30min"] < b[1]["pSTAT3_30min"]


def test_cell_none_explains_itself():
    p = run("simulate", "--cell", "none")
    assert p.returncode == 2
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "no receptors" in lines[0] and "nan" not in lines[0].lower()


@pytest.mark.parametrize("args, fragment", [
    (["--il6", "0 ng/mL"], "--il6: the dose must be > 0"),
    (["--sil6r", "1 parsec"], "--sil6r: '1 parsec' is not a concentration"),
    (["--il6", "5"], "--il6: '5' has no unit"),
])
def test_bad_doses_exit_2(args, fragment):
    p = run("simulate", *args)
    assert p.returncode == 2
    assert fragment in p.stderr
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize("dose, meant", [
    ("10 ng", "did you mean '10 ng/mL'? (a dose is a concentration in the medium: mass per mL, or molar)"),
    ("0.5 nm", "did you mean '0.5 nM'? (molar is a capital M)"),
])
def test_a_dose_with_a_unit_of_the_wrong_kind_says_what_was_probably_meant(dose, meant):
    # before: "--il6: '10 ng' is not a concentration (use e.g. ng/mL, ...)" and no more, where a protocol's step
    # and the web app's routes page said what was meant
    p = run("simulate", "--il6", dose)
    assert p.returncode == 2 and p.stdout == ""
    (line,) = p.stderr.strip().splitlines()
    assert line == f"il6sim: error: --il6: '{dose}' is not a concentration (use e.g. ng/mL, pg/mL, ug/mL, pM, nM, uM); {meant}"


def test_a_set_value_outside_its_plausible_range_is_noted_and_used():
    # a value beyond the range that `il6sim presets parameters` gives is a choice, not an error: it runs, with a note
    from il6sim.model.reference import reference_model

    koff = reference_model().parameter_map["koff_IL6R"]
    inside = run("simulate", "--cell", "hepg2", "--json", "--set", f"koff_IL6R={koff.upper}")
    outside = run("simulate", "--cell", "hepg2", "--json", "--set", f"koff_IL6R={koff.upper * 2:g}")
    assert inside.returncode == 0 and outside.returncode == 0, outside.stderr
    assert "plausible range" not in inside.stderr
    assert (f"il6sim: note: --set koff_IL6R = {koff.upper * 2:g} [{koff.unit}] lies outside the plausible range of "
            f"koff_IL6R ({koff.lower:g}-{koff.upper:g}" in outside.stderr)
    assert json.loads(outside.stdout) != json.loads(inside.stdout)  # used as given


def test_the_table_stays_aligned_with_a_long_dose_and_names_the_arm_peaks():
    # a dose typed without a space makes the trans label longer than the default column: the numbers stay in
    # their columns, and the pAkt / pERK columns say they are the peaks (as --json's pAkt_peak, pERK_peak)
    p = run("simulate", "--cell", "huvec", "--il6", "10ng/ml", "--sil6r", "25.0 ng/mL")
    assert p.returncode == 0, p.stderr
    header, *rows = p.stdout.splitlines()[1:]
    assert "pAkt peak" in header and "pERK peak" in header
    end = header.index("pSTAT3 30 min") + len("pSTAT3 30 min")
    assert len(rows) == 2 and all(row[end - 1].isdigit() and row[end] == " " for row in rows)
    assert len({len(row) for row in rows} | {len(header)}) == 1
    assert "peaks of pAkt and pERK" in " ".join(run("simulate", "--help").stdout.split())


def test_an_undefined_value_is_null_in_json_and_n_a_in_the_table():
    # STAT3 knockout: pSTAT3 is 0 of 0 STAT3; CCL2 knockout: its mRNA fold is 0 over 0
    args = ("simulate", "--cell", "hepg2", "--set", "gene_STAT3=0", "--set", "gene_CCL2=0")
    js = run(*args, "--json")
    assert js.returncode == 0, js.stderr
    assert "NaN" not in js.stdout and "Warning" not in js.stderr
    rows = json.loads(js.stdout)  # strict JSON: NaN is not JSON
    assert all(r["pSTAT3_30min"] is None and r["pSTAT3_peak"] is None and r["CCL2_mRNA_fold_4h"] is None
               for r in rows)
    assert all(r["pERK_peak"] > 0.1 and r["SOCS3_mRNA_fold_4h"] > 0 for r in rows)
    text = run(*args)
    assert text.returncode == 0, text.stderr
    assert "nan" not in text.stdout.lower() and "Warning" not in text.stderr
    assert all(line.count("n/a") == 4 for line in text.stdout.splitlines()[2:])


def test_the_time_of_the_peak_is_written_in_min():
    # the t_peak column read '14m', a unit il6sim writes nowhere else ('min' in every other table)
    p = run("simulate", "--cell", "huvec")
    assert p.returncode == 0, p.stderr
    header, *rows = p.stdout.splitlines()[1:]
    end = header.index("t_peak") + len("t_peak")
    assert len(rows) == 2 and all(row[:end].endswith(" min") and row[:end].split()[-2].isdigit() for row in rows), rows
    assert len({len(row) for row in rows} | {len(header)}) == 1
