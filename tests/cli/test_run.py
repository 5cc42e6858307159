"""``il6sim run`` and ``il6sim protocols`` end to end, in a temporary directory.

One test runs the installed command in a subprocess with --out (figures
included); the others call ``il6sim.cli.main.main`` in-process, which is the
same code path without the interpreter start-up.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from il6sim.cli.main import main

COLUMNS = ["group", "observable", "time_min", "value", "unit", "fold_change"]


def il6sim_exe() -> list[str]:
    exe = shutil.which("il6sim", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    return [exe] if exe else [sys.executable, "-m", "il6sim.cli.main"]


def cli(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def write(tmp_path, name, text):
    f = tmp_path / name
    f.write_text(text)
    return f


GOOD = """\
name: test protocol
cell: {preset: huvec, knockout: [SOCS3], parameters: {IL6_secretion: 0}}
medium: {volume: 1 mL, cells: 2e5}
serum_starvation: 4 h
groups:
  control: []
  trans:
    - {at: 0 min, add: IL-6, dose: 10 ng/mL}
    - {at: 0 min, add: sIL-6R, dose: 25 ng/mL}
  inhibition:
    - {at: -45 min, add: olamkicept, dose: 500 ng/mL}
    - {at: 0 min, add: IL-6, dose: 10 ng/mL}
    - {at: 0 min, add: sIL-6R, dose: 25 ng/mL}
    - {at: 2 h, wash: true}
readouts:
  observables: [pSTAT3, CCL2_mRNA, free_IL6]
  times: [15 min, 30 min, 4 h]
"""


def test_installed_command_writes_everything_under_out(tmp_path):
    out = tmp_path / "results"
    proc = subprocess.run([*il6sim_exe(), "run", "seed:sgp130fc_inhibition", "--out", str(out)],
                          cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=240)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("# sgp130Fc blocks IL-6 trans-signalling")
    assert lines[2].split() == COLUMNS
    for name in ("table.csv", "timecourses.csv", "untreated_timecourses.csv", "metrics.csv", "provenance.json",
                 "protocol.yaml"):
        assert (out / name).is_file(), name
    figs = {p.name for p in (out / "figures").iterdir()}
    for stem in ("western_blot", "qpcr_fold_change", "timecourse_pSTAT3", "timecourse_CCL2_mRNA"):
        assert {f"{stem}.png", f"{stem}.svg"} <= figs
    with open(out / "table.csv") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == COLUMNS and len(rows) == 3 * 7 * 4
    with open(out / "metrics.csv") as fh:
        met = list(csv.DictReader(fh))
    assert {"peak", "time_to_peak_min", "auc", "time_above_half_max_min", "call", "criterion"} <= set(met[0])
    assert {m["call"] for m in met} <= {"none", "transient", "sustained", "undetermined"}
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["protocol"]["origin"] == "seed:sgp130fc_inhibition"
    # protocol.yaml says the command that ran it, as provenance.json does
    assert f"# Run by: {prov['command']}\n" in (out / "protocol.yaml").read_text(encoding="utf-8")
    assert prov["command"].startswith("il6sim run seed:sgp130fc_inhibition --out ")
    # the canonical protocol written out runs again to the same table
    rc = main(["run", str(out / "protocol.yaml"), "--format", "csv"])
    assert rc == 0
    assert not list(tmp_path.glob(".il6sim-run-*"))  # no staging left behind


def test_table_json_and_csv_formats(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = write(tmp_path, "p.yaml", GOOD)
    rc, out, err = cli(capsys, "run", str(f), "--format", "json")
    assert rc == 0, err
    recs = json.loads(out)
    assert len(recs) == 3 * 3 * 3 and list(recs[0]) == COLUMNS
    free = [r for r in recs if r["observable"] == "free_IL6"]
    assert all(r["fold_change"] is None for r in free if r["group"] != "control")  # untreated value is 0
    trans = {(r["observable"], r["time_min"]): r for r in recs if r["group"] == "trans"}
    assert trans[("pSTAT3", 30.0)]["fold_change"] > 5 and trans[("pSTAT3", 30.0)]["unit"] == "fraction of total STAT3"
    inh = {(r["observable"], r["time_min"]): r for r in recs if r["group"] == "inhibition"}
    assert inh[("free_IL6", 240.0)]["value"] < 1e-3 * trans[("free_IL6", 240.0)]["value"]  # washed at 2 h
    # every table the command gives says a unit in words (it said '1'), the same in each format
    assert {r["unit"] for r in recs if r["observable"] == "pSTAT3"} == {"fraction of total STAT3"}
    assert {r["unit"] for r in recs if r["observable"] == "free_IL6"} == {"nM"}
    rc, out, _ = cli(capsys, "run", str(f), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rc == 0 and list(rows[0]) == COLUMNS and len(rows) == 27
    assert [r["unit"] for r in rows] == [r["unit"] for r in recs]
    rc, out, _ = cli(capsys, "run", str(f))
    assert rc == 0 and "fold_change" in out and "n/a" in out
    assert " fraction of total STAT3 " in out and " 1 " not in out
    assert list(tmp_path.iterdir()) == [f]  # nothing written without --out


def test_set_option_and_no_figures(tmp_path, capsys):
    f = write(tmp_path, "p.yaml", GOOD)
    out = tmp_path / "o"
    rc, _, err = cli(capsys, "run", str(f), "--out", str(out), "--no-figures", "--set", "IL6R_per_cell=0",
                     "--format", "csv")
    assert rc == 0, err
    assert not (out / "figures").exists() and (out / "table.csv").is_file()
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["parameter_overrides"] == {"IL6R_per_cell": 0.0}
    assert prov["parameters"]["gene_SOCS3"] == 0.0  # the knockout
    assert "wrote" in err
    # the wide time-course table has no unit column: provenance gives each column's unit as the model does,
    # table.csv and metrics.csv in words (Observable.unit_words)
    from il6sim.model.reference import reference_model

    words = {o.name: o.unit_words for o in reference_model().observables}
    with open(out / "timecourses.csv", encoding="utf-8") as fh:
        columns = next(csv.reader(fh))[2:]
    with open(out / "table.csv", encoding="utf-8") as fh:
        table_units = {r["observable"]: r["unit"] for r in csv.DictReader(fh)}
    with open(out / "metrics.csv", encoding="utf-8") as fh:
        met = list(csv.DictReader(fh))
    metric_units = {r["observable"]: r["unit"] for r in met}
    assert {r["auc_unit"] for r in met if r["observable"] == "pSTAT3"} == {"fraction of total STAT3 x min"}
    assert prov["timecourse_units"]["pSTAT3"] == "1" and table_units["pSTAT3"] == "fraction of total STAT3"
    assert table_units == metric_units == {c: words[c] for c in columns} and columns


def test_protocols_lists_the_bundled_ones_name_first(capsys):
    rc, out, _ = cli(capsys, "protocols")
    assert rc == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert {"classic_hepatocyte", "trans_huvec", "sgp130fc_inhibition", "hyper_il6_huvec"} <= set(names)
    rc, out, _ = cli(capsys, "protocols", "--show", "trans_huvec")
    assert rc == 0 and out.startswith("name:")
    rc, _, err = cli(capsys, "protocols", "--show", "nope")
    assert rc == 2 and "unknown bundled protocol" in err


@pytest.mark.parametrize("name", ["classic_hepatocyte", "trans_huvec", "hyper_il6_huvec"])
def test_every_bundled_protocol_runs(capsys, name):
    rc, out, err = cli(capsys, "run", f"seed:{name}", "--format", "csv")
    assert rc == 0, err
    assert out.splitlines()[0] == ",".join(COLUMNS)


BAD = {
    "unknown_key": ("cell: huvec\ngroups: {a: []}\ncolour: red\n", "Protocol '{f}': unknown key 'colour'"),
    "unknown_agent": ("cell: huvec\ngroups:\n  trans:\n    - {at: 0 min, add: IL-7, dose: 1 nM}\n",
                      "Protocol '{f}', group 'trans', step 1: unknown agent 'IL-7'"),
    "unknown_observable": ("cell: huvec\ngroups: {a: []}\nreadouts: {observables: [pFOO], times: [1 h]}\n",
                           "readouts.observables: unknown observable 'pFOO'"),
    "unknown_preset": ("cell: huvex\ngroups: {a: []}\n", "cell: unknown cell preset 'huvex'"),
    "unknown_parameter": ("cell: huvec\ngroups:\n  a:\n    - {at: 1 h, set: {k_nope: 1}}\n",
                          "group 'a', step 1: set: unknown parameter 'k_nope'"),
    "negative_dose": ("cell: huvec\ngroups:\n  trans:\n    - {at: 0 min, add: IL-6, dose: 1 nM}\n"
                      "    - {at: 0 min, add: IL-6, dose: -10 ng/mL}\n",
                      "Protocol '{f}', group 'trans', step 2: dose must be > 0 (got -10 ng/mL)"),
    "non_numeric_dose": ("cell: huvec\ngroups:\n  a:\n    - {at: 0 min, add: IL-6, dose: much}\n",
                         "group 'a', step 1: dose"),
    "unitless_dose": ("cell: huvec\ngroups:\n  a:\n    - {at: 0 min, add: IL-6, dose: 10}\n",
                      "group 'a', step 1: dose has no unit (got 10"),
    "not_a_concentration": ("cell: huvec\ngroups:\n  a:\n    - {at: 0 min, add: IL-6, dose: 10 ng}\n",
                            "group 'a', step 1: dose must be a concentration"),
    "time_without_unit": ("cell: huvec\ngroups:\n  a:\n    - {at: 30, add: IL-6, dose: 1 nM}\n",
                          "group 'a', step 1: at: time has no unit (got 30"),
    "readout_before_first_step": ("cell: huvec\ngroups:\n  a:\n    - {at: 0 min, add: IL-6, dose: 1 nM}\n"
                                  "readouts: {times: [-10 min]}\n", "readout at -10 min is before the first step"),
    "malformed": ("cell: huvec\ngroups: {a: [}\n", "Protocol '{f}': malformed YAML: line"),
    "tab_indented": ("cell: huvec\ngroups:\n\ta: []\n", "Protocol '{f}': malformed YAML: line 3, column 1: found "
                     "character '\\t' that cannot start any token (while scanning for the next token); write spaces "
                     "instead of the tab (YAML does not allow tabs for indentation)"),
    "empty": ("", "Protocol '{f}': file is empty"),
    "not_a_mapping": ("- cell\n- groups\n", "Protocol '{f}': expected a mapping"),
    "unsafe_yaml": ("!!python/object/apply:os.system [echo]\n", "malformed YAML"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_2_lists_the_problem_and_writes_nothing(tmp_path, capsys, case):
    text, expected = BAD[case]
    f = write(tmp_path, f"{case}.yaml", text)
    out = tmp_path / "out"
    rc, stdout, err = cli(capsys, "run", str(f), "--out", str(out))
    assert rc == 2
    assert stdout == ""
    assert expected.format(f=f) in err
    assert all(line.startswith("il6sim: error: ") for line in err.splitlines())
    assert "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f.name]


def test_every_problem_is_listed_one_per_line(tmp_path, capsys):
    f = write(tmp_path, "many.yaml", "cell: huvex\ngroups:\n  a:\n    - {at: 0, add: IL-7, dose: -1 nM}\n"
                                     "readouts: {observables: [pFOO]}\nextra: 1\n")
    rc, _, err = cli(capsys, "run", str(f))
    assert rc == 2
    lines = err.splitlines()
    assert len(lines) == 6  # extra key, preset, time, agent, dose, observable
    assert all(f"Protocol '{f}'" in line for line in lines)


def test_installed_command_bad_input_has_no_traceback(tmp_path):
    f = write(tmp_path, "bad.yaml", "cell: huvec\ngroups:\n  a:\n    - {at: 0 min, add: IL-6, dose: 10}\n")
    proc = subprocess.run([*il6sim_exe(), "run", str(f), "--out", str(tmp_path / "o")], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 2
    assert "dose has no unit" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


def test_out_that_is_a_file_is_refused_before_running(tmp_path, capsys):
    f = write(tmp_path, "p.yaml", GOOD)
    target = write(tmp_path, "taken", "x")
    rc, _, err = cli(capsys, "run", str(f), "--out", str(target))
    assert rc == 2 and "is not a directory" in err and target.read_text() == "x"


def test_solver_failure_names_group_time_and_remedy_and_writes_nothing(tmp_path, capsys, monkeypatch):
    from il6sim.engine import simulator as engine

    failing = engine.Simulator(options=engine.SolverOptions(max_steps=3))  # a real CVODE failure
    from il6sim.protocols import runner

    monkeypatch.setattr(runner, "default_simulator", lambda *a, **k: failing)
    f = write(tmp_path, "p.yaml", GOOD)
    rc, out, err = cli(capsys, "run", str(f), "--out", str(tmp_path / "o"))
    assert rc == 1 and out == ""
    assert "group '" in err
    assert "the ODE solver failed between t =" in err and "Try" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


def test_dollar_signs_in_names_are_drawn_as_written(tmp_path, capsys):
    # matplotlib reads text between two '$' as a formula: a group named like one stopped the figures with a parse
    # error, and a condition named with prices came out in math italics
    proto = tmp_path / "p.yaml"
    proto.write_text("name: dollars\ncell: hepg2\ngroups:\n  '$\\frac{1}$':\n    - {at: 0 min, add: IL-6, dose: 10 ng/mL}\n"
                     "readouts:\n  times: [0 min, 30 min]\n  observables: [pSTAT3]\n", encoding="utf-8")
    assert main(["run", str(proto), "--out", str(tmp_path / "o")]) == 0, capsys.readouterr().err
    svg = (tmp_path / "o" / "figures" / "timecourse_pSTAT3.svg").read_text(encoding="utf-8")
    assert "$\\frac{1}$" in svg  # the name as text, not typeset
    table = tmp_path / "cts.csv"
    rows = ["sample,condition,gene,ct"] + [f"s{i}{d},{c},{g},{ct + 0.1 * i}" for i in range(2)
                                          for c, d in (("control", 0), ("cost $5 and $6", 2)) for g, ct in
                                          (("GAPDH", 18.0), ("SOCS3", 28.0 - d))]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["qpcr", str(table), "--reference", "GAPDH", "--control", "control", "-o",
                 str(tmp_path / "q")]) == 0, capsys.readouterr().err
    assert "cost $5 and $6" in (tmp_path / "q" / "qpcr_fold_change.svg").read_text(encoding="utf-8")


def test_results_of_an_earlier_run_left_in_the_out_folder_are_named(tmp_path, capsys):
    # a second run into the same folder replaced the files it wrote and left the others (an earlier
    # --uncertainty run's timecourse_bands.csv, figures of other observables) to pass for its own
    out = tmp_path / "res"
    (out / "figures").mkdir(parents=True)
    (out / "timecourse_bands.csv").write_text("group,time_min\n", encoding="utf-8")
    (out / "figures" / "timecourse_CCL2_mRNA.png").write_bytes(b"")
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")  # not a name `il6sim run` writes: not named
    assert main(["run", "seed:trans_huvec", "--out", str(out), "--no-figures", "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert (f"il6sim: note: {out} also holds 2 files of an earlier run that this run did not write: "
            "timecourse_bands.csv, figures/timecourse_CCL2_mRNA.png; they do not belong to these results (use a new "
            "folder, or delete them)") in err
    assert "notes.txt" not in err
    assert main(["run", "seed:trans_huvec", "--out", str(tmp_path / "new"), "--no-figures", "--format", "csv"]) == 0
    assert "note" not in capsys.readouterr().err
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    assert "Into a folder of earlier results it replaces the files of the same name and names those it did not" in readme


def test_the_written_protocol_reads_as_written_and_runs_again_to_the_same_results(tmp_path, capsys):
    """protocol.yaml gave 'dose: 0.47619047619047633 nM', 'cells: 200000.0' and 'at: 0.0 min' for the 10 ng/mL,
    2e5 cells and 0 min the protocol said; now each dose reads as written with its nM value beside it, and the file
    still runs to exactly the same frames."""
    import yaml

    from il6sim.protocols import load_protocol

    example = Path(__file__).resolve().parents[2] / "examples" / "protocol.yaml"
    first, again = tmp_path / "first", tmp_path / "again"
    assert main(["run", str(example), "--out", str(first), "--no-figures", "--format", "csv"]) == 0
    text = (first / "protocol.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "  - {at: 0 min, add: IL-6, dose: 10 ng/mL}  # 0.4762 nM" in lines
    assert "  - {at: -45 min, add: sgp130Fc, dose: 500 ng/mL}  # 2.381 nM" in lines
    assert "medium: {volume: 1 mL, cells: 200000}" in lines
    assert "  times: [15 min, 30 min, 240 min, 1440 min]" in lines
    assert "0000000" not in text and ".0 min" not in text and "canonical" not in text
    assert lines[0].startswith("# sgp130Fc blocks IL-6 trans-signalling in HUVEC: the protocol as it ran, from ")
    assert isinstance(yaml.safe_load(text), dict)
    assert load_protocol(first / "protocol.yaml") == load_protocol(example)
    assert main(["run", str(first / "protocol.yaml"), "--out", str(again), "--no-figures", "--format", "csv"]) == 0
    capsys.readouterr()
    for name in ("table.csv", "timecourses.csv", "untreated_timecourses.csv", "metrics.csv"):
        assert (again / name).read_bytes() == (first / name).read_bytes(), name
    body = [ln for ln in lines if not ln.startswith("#")]
    assert [ln for ln in (again / "protocol.yaml").read_text(encoding="utf-8").splitlines()
            if not ln.startswith("#")] == body


def test_provenance_names_the_parameter_set_and_the_set_values(tmp_path, capsys):
    """provenance.json of `run --parameters calibrated --set ...` held only parameter_overrides, the set's values
    and --set's merged: it named no set (only the command line did, and only from the installed command)."""
    out = tmp_path / "o"
    rc, _, err = cli(capsys, "run", "seed:classic_hepatocyte", "--out", str(out), "--no-figures",
                     "--parameters", "calibrated", "--set", "IL6R_per_cell=2000")
    assert rc == 0, err
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["parameter_set"]["name"] == "calibrated" and prov["parameter_set"]["created"]
    assert isinstance(prov["parameter_set"]["failed_checks"], list)
    assert prov["set_values"] == {"IL6R_per_cell": 2000.0} and prov["parameter_overrides"]["IL6R_per_cell"] == 2000.0
    rc, _, err = cli(capsys, "run", "seed:classic_hepatocyte", "--out", str(tmp_path / "plain"), "--no-figures")
    plain = json.loads((tmp_path / "plain" / "provenance.json").read_text(encoding="utf-8"))
    assert rc == 0 and "parameter_set" not in plain and "set_values" not in plain


def test_help_says_what_every_column_of_every_written_table_holds(tmp_path, capsys):
    """`il6sim run --help` named no file that --out writes; metrics.csv's 'auc' and 'rest' said nowhere what they
    are (the area of the rise above rest; the untreated value before stimulation)."""
    out = tmp_path / "o"
    rc, _, err = cli(capsys, "run", "seed:trans_huvec", "--out", str(out), "--no-figures", "--uncertainty",
                     "--ensemble-size", "3")
    assert rc == 0, err
    try:
        main(["run", "--help"])
    except SystemExit:
        pass
    text = " ".join(capsys.readouterr().out.split())
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(["table.csv", "timecourses.csv", "untreated_timecourses.csv", "metrics.csv",
                              "timecourse_bands.csv", "provenance.json", "protocol.yaml"])
    for name in written:
        assert name in text, name
    for name in ("table.csv", "metrics.csv", "timecourse_bands.csv"):
        with open(out / name, encoding="utf-8") as fh:
            for column in next(csv.reader(fh)):
                assert column in text, (name, column)
    assert "auc, the area of the rise above rest" in text and "figures/" in text
