"""Bad input on the command line: exit 2, one line naming the option or the cell, nothing written."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_run import run

from il6sim.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"



@pytest.mark.parametrize("argv", [
    ["run", "seed:trans_huvec", "--format", "csv", "--no-figures"],
    ["qpcr", str(EXAMPLES / "qpcr_cts.csv"), "--reference", "GAPDH", "--control", "control"],
    ["densitometry", str(EXAMPLES / "densitometry.csv"), "--target", "pSTAT3", "--normalise-to", "STAT3",
     "--control", "control"],
])
def test_an_empty_out_is_refused_not_skipped(capsys, tmp_path, monkeypatch, argv):
    # `--out "$DIR"` with DIR unset: the results must not silently go nowhere (or to a default folder)
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, *argv, "--out", "")
    assert rc == 2 and out == "", err
    assert err.strip() == "il6sim: error: --out: empty; give a folder for the results, or leave the option out"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, message", [
    (["dose-response", "--cell", ""], "--cell: unknown cell preset ''"),
    (["dose-response", "--readout", ""], "--readout: unknown observable ''"),
    (["protocols", "--show", ""], "--show: unknown bundled protocol ''"),
    (["run", "seed:trans_huvec", "--parameters", ""], "--parameters: unknown parameter set ''"),
])
def test_an_empty_option_value_is_refused_not_taken_for_the_default(capsys, argv, message):
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "", err
    assert message in err and len(err.strip().splitlines()) == 1


def test_densitometry_refuses_a_negative_background(capsys, tmp_path):
    rc, out, err = run(capsys, "densitometry", str(EXAMPLES / "densitometry.csv"), "--target", "pSTAT3",
                       "--normalise-to", "STAT3", "--control", "control", "--background", "-5",
                       "--out", str(tmp_path / "d"))
    assert rc == 2 and out == "", err
    assert "--background: must be >= 0" in err and "(got -5)" in err
    assert not (tmp_path / "d").exists()


def _fit_problem(tmp_path, value: str) -> Path:
    (tmp_path / "data.csv").write_text("condition,time_min,observable,value\n"
                                       "il6,10,pSTAT3_blot,1.5\n"
                                       f"il6,30,pSTAT3_blot,{value}\n")
    (tmp_path / "fit.yaml").write_text("measurements: data.csv\n"
                                       "conditions: {il6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]}\n"
                                       "observables: {pSTAT3_blot: {model: pSTAT3}}\n"
                                       "parameters: [K_SOCS3]\n")
    return tmp_path / "fit.yaml"


@pytest.mark.parametrize("value, message", [
    ("inf", "row 3: value must be a finite number (got inf)"),
    ("", "row 3: value must be a number (got an empty cell)"),
])
def test_a_measurement_that_is_not_a_finite_number_names_its_row(capsys, tmp_path, value, message):
    # an infinite value made the likelihood NaN and the command succeed
    rc, out, err = run(capsys, "fit", str(_fit_problem(tmp_path, value)), "--evaluate")
    assert rc == 2 and out == "", err
    assert f"data.csv, {message}" in err


def test_output_piped_into_a_closed_reader_ends_quietly():
    # `il6sim presets | head -1`: the reader goes away; no traceback, status 0
    p = subprocess.Popen([str(Path(sys.executable).parent / "il6sim"), "presets", "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, MPLBACKEND="Agg"))
    p.stdout.close()  # before the command writes anything
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 0, err
    assert err == ""


_FIT_HEAD = ("name: t\nmeasurements: data.csv\ncell: hepg2\n"
             "observables: {pSTAT3_blot: {model: pSTAT3%s}}\n")


@pytest.mark.parametrize("noise, body, message", [
    ("", "conditions: [a, b]\nparameters: [K_SOCS3]", "conditions: expected a mapping"),
    ("", "conditions: {il6: []}\nparameters: K_SOCS3", "parameters: expected a mapping"),
    ("", "conditions: {il6: []}\nparameters: {K_SOCS3: [1, 2]}", "parameter 'K_SOCS3': expected {} or a mapping"),
    ("", "conditions: {il6: []}\nparameters: {K_SOCS3: {lower: abc}}", "parameter 'K_SOCS3': lower must be a finite number"),
    ("", "conditions: {il6: []}\nparameters: {K_SOCS3: {upper: .inf}}", "upper must be a finite number"),
    ("", "conditions: {il6: []}\nparameters: {K_SOCS3: {scale: cubic}}", "scale must be log10 or lin"),
    ("", "conditions: {il6: []}\nparameters: [K_SOCS3]\nset: [1, 2]", "set: expected a mapping"),
    ("", "conditions: {il6: []}\nparameters: [K_SOCS3]\nset: {k_deg_SOCS3: abc}", "set: k_deg_SOCS3 must be a finite number"),
    (", noise: abc", "conditions: {il6: []}\nparameters: [K_SOCS3]", "observable 'pSTAT3_blot': noise must be a finite number"),
])
def test_malformed_fit_yaml_is_refused_with_the_section_named(capsys, tmp_path, noise, body, message):
    (tmp_path / "data.csv").write_text("condition,observable,time_min,value\nil6,pSTAT3_blot,0,1\n"
                                       "il6,pSTAT3_blot,15,2\n")
    f = tmp_path / "f.yaml"
    f.write_text(_FIT_HEAD % noise + body + "\n")
    rc, out, err = run(capsys, "fit", str(f), "--evaluate")
    assert rc == 2 and out == "", err
    assert message in err and "Traceback" not in err, err
    # the same file, well formed, evaluates
    f.write_text(_FIT_HEAD % "" + "conditions: {il6: []}\nparameters: [K_SOCS3]\n")
    rc, out, err = run(capsys, "fit", str(f), "--evaluate")
    assert rc == 0 and "nll" in out, err


@pytest.mark.parametrize("command, table, options", [
    ("qpcr", "sample,condition,time [ng/mL],gene,ct\nc1,ctrl,0,GAPDH,18\nc1,ctrl,0,SOCS3,30\n",
     ["--reference", "GAPDH"]),
    ("densitometry", "lane,condition,Time (nM),protein,intensity\n1,ctrl,0,pSTAT3,10\n1,ctrl,0,STAT3,100\n",
     ["--target", "pSTAT3", "--normalise-to", "STAT3"])])
def test_a_time_column_in_a_unit_that_is_no_time_is_one_line_and_writes_nothing(capsys, tmp_path, command, table,
                                                                                options):
    # a time header with a unit was not read at all, and its times pooled into one condition
    f = tmp_path / "t.csv"
    f.write_text(table, encoding="utf-8")
    rc, out, err = run(capsys, command, str(f), *options, "--control", "ctrl", "-o", str(tmp_path / "out"))
    assert rc == 2 and out == "" and not (tmp_path / "out").exists()
    assert len(err.strip().splitlines()) == 1 and "is not a unit of time" in err
    assert "write the time column's unit as s, min, h or day (e.g. 'Time (h)' or 'time_min')" in err


def test_qpcr_wells_without_a_name_are_refused(capsys, tmp_path):
    # an empty sample or condition cell would silently become a sample or condition named ''
    f = tmp_path / "q.csv"
    f.write_text("sample,condition,gene,ct\ns1,control,GAPDH,20\ns1,control,SOCS3,25\n,il6,GAPDH,20\n"
                 "s2,il6,SOCS3,22\ns3,,GAPDH,20\ns4,il6,SOCS3,inf\n")
    rc, out, err = run(capsys, "qpcr", str(f), "--reference", "GAPDH", "--control", "control")
    assert rc == 2 and out == ""
    lines = err.strip().splitlines()
    fill = "; fill it in, or delete the row if the well is a no-template control (NTC) or empty"
    assert lines == [f"il6sim: error: {f}, row 4: sample is empty: every well needs a sample, a condition and a gene"
                     + fill,
                     f"il6sim: error: {f}, row 6: condition is empty: every well needs a sample, a condition and a gene"
                     + fill,
                     f"il6sim: error: {f}, row 7: Ct must be a finite number (got 'inf')"], err


def test_qpcr_an_ntc_well_of_a_cfx_export_is_one_line_that_says_to_delete_it(capsys, tmp_path):
    # Bio-Rad CFX writes no-template controls with an empty Sample: each such well gave a line per empty cell
    # ('sample is empty', 'condition is empty') that said what every well needs and not what to do with an NTC
    f = tmp_path / "cfx.csv"
    f.write_text("Well,Fluor,Target,Content,Sample,Cq,Condition\nA01,SYBR,GAPDH,Unkn-01,s1,18.0,ctrl\n"
                 "A02,SYBR,SOCS3,Unkn-01,s1,30.0,ctrl\nE01,SYBR,GAPDH,NTC,,,\n", encoding="utf-8")
    rc, out, err = run(capsys, "qpcr", str(f), "--reference", "GAPDH", "--control", "ctrl", "--drop-undetermined")
    assert rc == 2 and out == ""
    assert err.strip().splitlines() == [f"il6sim: error: {f}, row 4: sample and condition are empty: every well needs "
                                        "a sample, a condition and a gene; fill them in, or delete the row if the well "
                                        "is a no-template control (NTC) or empty"], err


def test_qpcr_samples_of_the_same_name_on_two_plates_are_not_merged(capsys, tmp_path):
    # the Plate column was read and ignored: sample '1' of plate P1 and of plate P2 were averaged as technical
    # replicates of one sample (n = 1 per condition, no interval) without a word
    f = tmp_path / "q.csv"
    f.write_text("Plate,Sample,Condition,Target,Cq\nP1,1,ctrl,GAPDH,18\nP1,1,ctrl,SOCS3,30\nP1,2,IL6,GAPDH,18\n"
                 "P1,2,IL6,SOCS3,25\nP2,1,ctrl,GAPDH,19\nP2,1,ctrl,SOCS3,30.5\nP2,2,IL6,GAPDH,19\n"
                 "P2,2,IL6,SOCS3,24.5\n", encoding="utf-8")
    rc, out, err = run(capsys, "qpcr", str(f), "--reference", "GAPDH", "--control", "ctrl", "-o", str(tmp_path / "q"))
    assert rc == 2 and out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[0] == (f"il6sim: error: {f}: sample '1': its GAPDH, SOCS3 wells are on more than one plate (P1, P2) "
                        "and would be averaged as technical replicates of one sample; if they are different samples, "
                        "give each its own sample name (e.g. 'P2-1'); if it is one sample measured on several "
                        "plates, leave the plate (run) column out of the table"), err
    assert len(lines) == 2 and "sample '2'" in lines[1]
    assert not (tmp_path / "q").exists()
    # named apart, the plates are two biological replicates: ddCt -4.75 and -6.25, fold change 2 ** 5.5
    f.write_text(f.read_text(encoding="utf-8").replace("P2,1,", "P2,3,").replace("P2,2,", "P2,4,"), encoding="utf-8")
    from il6sim.fitting.labdata import qpcr_fold_change

    s = qpcr_fold_change(f, reference="GAPDH", control="ctrl").summary.set_index("condition")
    assert s.loc["IL6", "n"] == 2 and s.loc["IL6", "fold_change"] == pytest.approx(2 ** 5.5)
    assert s.loc["IL6", "ddct_sd"] == pytest.approx(1.5 / 2 ** 0.5)  # SD of -4.75 and -6.25
    # one gene per plate (GAPDH on one, SOCS3 on the other) is one sample's wells: read as before
    f.write_text("Plate,Sample,Condition,Target,Cq\nA,c1,ctrl,GAPDH,18\nB,c1,ctrl,SOCS3,30\nA,i1,IL6,GAPDH,18\n"
                 "B,i1,IL6,SOCS3,25\n", encoding="utf-8")
    ps = qpcr_fold_change(f, reference="GAPDH", control="ctrl").per_sample.set_index("sample")
    assert ps.loc["i1", "fold_change"] == pytest.approx(32.0)


def test_qpcr_refuses_a_reference_gene_given_twice(capsys, tmp_path):
    # --reference GAPDH --reference GAPDH was taken silently (and would weigh GAPDH twice in the mean Ct)
    rc, out, err = run(capsys, "qpcr", str(EXAMPLES / "qpcr_cts.csv"), "--reference", "GAPDH", "--reference",
                       "GAPDH", "--control", "control", "-o", str(tmp_path / "q"))
    assert rc == 2 and out == ""
    assert err.strip() == "il6sim: error: --reference: 'GAPDH' is given twice (items 1 and 2); give each reference " \
                          "gene once"
    assert not (tmp_path / "q").exists()


def test_densitometry_refuses_a_band_normalised_to_itself(capsys):
    # every ratio would be 1: a typo in --target or --normalise-to, not a result
    rc, out, err = run(capsys, "densitometry", str(EXAMPLES / "densitometry.csv"), "--target", "pSTAT3",
                       "--normalise-to", "pstat3", "--control", "control")
    assert rc == 2 and out == ""
    assert err.startswith("il6sim: error: --normalise-to: the target and the normaliser are the same band"), err


_SWEEP = ("protocol: seed:trans_huvec\n"
          "design: {method: lhs, n: 2, seed: 1, parameters: {IL6R_per_cell: {}, K_SOCS3: {}}}\n"
          "readouts: {observables: [pSTAT3], times: [15 min, 30 min], metrics: [peak]}\n")
_SENSITIVITY = ("protocol: seed:trans_huvec\nparameters: {IL6R_per_cell: {}, K_SOCS3: {}}\n"
                "readouts: {observables: [pSTAT3], times: [15 min, 30 min], metrics: [auc]}\n"
                "sensitivity: {method: sobol, n: 2, outputs: ['trans:pSTAT3:auc']}\n")
_FIT = ("measurements: data.csv\nconditions: {il6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]}\n"
        "observables: {pSTAT3_blot: {model: pSTAT3}}\nparameters: [K_SOCS3]\n")


@pytest.mark.parametrize("command, text, old, new, suggested", [
    ("run", (EXAMPLES / "protocol.yaml").read_text(), "[pSTAT3, pAkt", "[pSTAT, pAkt", "'pSTAT3'"),
    ("run", (EXAMPLES / "protocol.yaml").read_text(), "cell: huvec", "cell: {preset: huvec, knockout: [SOCS]}",
     "'SOCS3'"),
    ("sweep", _SWEEP, "method: lhs", "method: lhss", "'lhs'"),
    ("sweep", _SWEEP, "observables: [pSTAT3]", "observables: [pSTAT]", "'pSTAT3'"),
    ("sweep", _SWEEP, "metrics: [peak]", "metrics: [peek]", "'peak'"),
    ("sweep", _SWEEP + "execution: {scheduler: serial}\n", "serial", "seriel", "'serial'"),
    ("sensitivity", _SENSITIVITY, "method: sobol", "method: sobl", "'sobol'"),
    ("sensitivity", _SENSITIVITY, "'trans:pSTAT3:auc'", "'trans:pSTAT3:aucc'", "'auc'"),
    ("sensitivity", _SENSITIVITY, "'trans:pSTAT3:auc'", "'tran:pSTAT3:auc'", "'trans'"),
    ("sensitivity", _SENSITIVITY, "'trans:pSTAT3:auc'", "'trans:pSTAT:auc'", "'pSTAT3'"),
    ("population", (EXAMPLES / "sweep_population.yaml").read_text(), "[classic, trans]", "[clasic, trans]",
     "'classic'"),
    ("fit", _FIT, "[K_SOCS3]", "[K_SOCS]", "'K_SOCS3'"),
    ("fit", _FIT, "model: pSTAT3", "model: pSTAT", "'pSTAT3'"),
])
def test_a_near_miss_name_in_a_file_gets_the_right_name_suggested(capsys, tmp_path, command, text, old, new,
                                                                   suggested):
    assert old in text
    (tmp_path / "data.csv").write_text("condition,time_min,observable,value\nil6,10,pSTAT3_blot,1.5\n")
    f = tmp_path / "spec.yaml"
    f.write_text(text.replace(old, new))
    argv = ["--evaluate"] if command == "fit" else ["--out", str(tmp_path / "out")]
    rc, out, err = run(capsys, command, f, *argv)
    assert rc == 2 and out == "", err
    assert len(err.strip().splitlines()) == 1 and f"(did you mean {suggested}?)" in err, err
    assert not (tmp_path / "out").exists()


def test_a_readout_of_a_sensitivity_output_may_carry_its_unit():
    # times are written with their unit everywhere else ('30 min'); a selector reads them too
    from il6sim.sweeps.readouts import parse_selector

    assert parse_selector("trans:pSTAT3:30 min") == parse_selector("trans:pSTAT3:30")
    assert parse_selector("trans:pSTAT3:0.5 h")[0].time_min == 30


@pytest.mark.parametrize("argv", [
    ["simulate", "--cell", "huvec"],
    ["run", EXAMPLES / "protocol.yaml"],
    ["dose-response", "--cell", "huvec"],
    ["dose-response", "--readout", "pERK"],  # the cell is then huvec
])
def test_a_value_for_another_preset_than_the_cell_run_is_refused(capsys, tmp_path, argv):
    # it changed nothing, silently (dose-response even said its curves were computed with it)
    out_dir = [] if argv[0] == "simulate" else ["--out", tmp_path / "o"]
    rc, out, err = run(capsys, *argv, "--set", "IL6R_per_cell@hepg2=0", *out_dir)
    assert rc == 2 and out == "", err
    assert err.strip() == ("il6sim: error: --set: 'IL6R_per_cell@hepg2' applies to cells of the preset 'hepg2' only, "
                           "and the cell here is 'huvec', so it would change nothing; write 'IL6R_per_cell=...' or "
                           "leave it out"), err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["simulate", "compare", "dose-response"])
def test_a_parameter_set_twice_to_different_values_is_refused(capsys, command):
    # the last value silently won
    rc, out, err = run(capsys, command, "--set", "K_SOCS3=1", "--set", "K_SOCS3 = 2")
    assert rc == 2 and out == "", err
    assert err.strip() == "il6sim: error: --set: 'K_SOCS3' is given twice ('1' and '2'); give it once", err


def test_a_near_miss_scheduler_option_gets_the_right_name_suggested(capsys, tmp_path):
    (tmp_path / "s.yaml").write_text(_SWEEP)
    rc, out, err = run(capsys, "sweep", tmp_path / "s.yaml", "--scheduler", "lcoal", "--out", tmp_path / "o")
    assert rc == 2 and out == "", err
    assert err.startswith("il6sim: error: --scheduler: must be serial, local") and err.strip().endswith(
        "(got 'lcoal') (did you mean 'local'?)"), err
    assert not (tmp_path / "o").exists()


def test_fit_file_problems_name_the_file_not_the_problem_s_name(capsys, tmp_path):
    # they said "problem 't'" (the name inside the file), which names no file
    (tmp_path / "data.csv").write_text("condition,time_min,observable,value\nil6,10,pSTAT3_blot,1.5\n"
                                       "il7,30,pSTAT3_bot,2\n")
    f = tmp_path / "fit.yaml"
    f.write_text("name: t\n" + _FIT.replace("model: pSTAT3", "model: pSTAT"))
    rc, out, err = run(capsys, "fit", f, "--evaluate")
    assert rc == 2 and out == "", err
    lines = err.strip().splitlines()
    assert lines[:2] == [
        f"il6sim: error: {f}: measurements use condition 'il7', which is not defined (did you mean 'il6'?) "
        "(defined: il6)",
        f"il6sim: error: {f}: measurements use observable 'pSTAT3_bot', which is not defined (did you mean "
        "'pSTAT3_blot'?) (defined: pSTAT3_blot)"], err
    assert lines[2].startswith(f"il6sim: error: {f}, observable 'pSTAT3_blot': unknown model observable 'pSTAT' "
                               "(did you mean 'pSTAT3'?)") and len(lines) == 3, err


def test_a_lab_table_naming_its_value_column_twice_is_refused_and_writes_nothing(capsys, tmp_path):
    table = tmp_path / "bands.csv"
    table.write_text("lane,condition,target,signal,signal\n1,control,pSTAT3,100,5\n1,control,STAT3,100,5\n"
                     "2,il6,pSTAT3,300,5\n2,il6,STAT3,100,5\n", encoding="utf-8")
    rc, out, err = run(capsys, "densitometry", table, "--target", "pSTAT3", "--normalise-to", "STAT3",
                       "--control", "control", "--out", tmp_path / "d")
    assert rc == 2 and out == "", err
    assert err.strip() == (f"il6sim: error: {table}: column 'signal' appears twice in the header row (row 1, "
                           "columns D, E); keep one of them, or rename the others")
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("argv, flag", [
    (["run", "seed:trans_huvec", "--out", "x" * 300], "--out"),
    (["export-sbml", "out/" + "x" * 300 + ".xml"], "FILE"),
])
def test_an_output_name_longer_than_the_file_system_takes_is_refused_before_any_work(capsys, tmp_path, monkeypatch,
                                                                                    argv, flag):
    # it failed only when the results were written ("File name too long (free space or pick another --out)")
    monkeypatch.chdir(tmp_path)
    if argv[0] == "export-sbml":
        (tmp_path / "out").mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "", err
    assert err.startswith(f"il6sim: error: {flag}: the name 'xxxxxxxxx") and len(err.strip().splitlines()) == 1
    assert "is 30" in err and "bytes long, more than the 255 a file or folder name may have here; choose a " \
                               "shorter name" in err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_count_option_takes_a_whole_number_written_with_an_exponent(capsys):
    # a spec file takes 'n: 1e3'; --n 1e3 was refused as "must be a whole number from 2 to 100,000 (got '1e3')"
    from il6sim.cli.argtypes import STARTS

    assert (STARTS("1e3"), STARTS("20.0"), STARTS("1_000")) == (1000, 20, 1000)
    rc, out, err = run(capsys, "fit", "hepg2", "--starts", "2.5")
    assert rc == 2 and out == ""
    assert err.strip() == "il6sim: error: argument --starts: must be a whole number from 1 to 10,000 (got '2.5')"
    rc, out, err = run(capsys, "fit", "hepg2", "--starts", "1e5")
    assert rc == 2 and "argument --starts: must be a whole number from 1 to 10,000 (got 100,000)" in err


@pytest.mark.parametrize("argv, message", [
    (["simulate", "--il6", "10 ng/mL", "--il6", "1 ng/mL"], "--il6: given twice ('10 ng/mL' and '1 ng/mL'); give it once"),
    (["run", "seed:trans_huvec", "-o", "a", "--out", "b"], "-o/--out: given twice ('a' and 'b'); give it once"),
    (["fit", "hepg2", "--starts", "3", "--starts=4"], "--starts: given twice (3 and 4); give it once"),
])
def test_an_option_given_twice_with_different_values_is_refused(capsys, tmp_path, monkeypatch, argv, message):
    # argparse kept the last value and dropped the first without a word
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "", err
    assert err.strip() == f"il6sim: error: {message}"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, message", [
    (["densitometry", "x.csv", "--target", "pSTAT3", "--normalise-to", "STAT3", "--control", "c",
      "--background", "100 a.u."], "argument --background: must be a number without a unit, e.g. 150 "
                                   "(got '100 a.u.')"),
    (["serve", "--port", "abc"], "argument --port: must be a whole number (got 'abc')"),
    (["serve", "--timeout", "60s"], "argument --timeout: must be a number without a unit, e.g. 60 (got '60s')"),
    (["run", "seed:trans_huvec", "--uncertainty", "--ensemble-size", "ten"],
     "argument --ensemble-size: must be a whole number (got 'ten')"),
    (["calibrate", "sample", "--samples", "1k"], "argument --samples: must be a whole number (got '1k')"),
])
def test_a_number_option_that_is_not_a_number_says_what_to_give(capsys, tmp_path, monkeypatch, argv, message):
    # argparse said "invalid float value: '100 a.u.'" / "invalid int value: 'abc'"
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "", err
    assert err.strip().splitlines()[-1] == f"il6sim: error: {message}"
    assert list(tmp_path.iterdir()) == []


def test_an_option_repeated_with_the_same_value_is_taken(capsys):
    rc, out, err = run(capsys, "simulate", "--il6", "10 ng/mL", "--il6", "10 ng/mL", "--json")
    assert rc == 0, err


def test_run_refuses_an_out_folder_where_the_results_would_replace_the_protocol_file(capsys, tmp_path, monkeypatch):
    # `il6sim run protocol.yaml --out .` replaced the user's protocol (comments and all) with its canonical copy
    monkeypatch.chdir(tmp_path)
    text = (EXAMPLES / "protocol.yaml").read_text(encoding="utf-8")
    (tmp_path / "protocol.yaml").write_text(text, encoding="utf-8")
    rc, out, err = run(capsys, "run", "protocol.yaml", "--out", ".", "--no-figures")
    assert rc == 2 and out == "", err
    assert err.strip() == ("il6sim: error: --out: '.' holds the input file 'protocol.yaml', which the results' "
                           "protocol.yaml would replace; choose another folder for the results, e.g. results")
    assert (tmp_path / "protocol.yaml").read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["protocol.yaml"]


@pytest.mark.parametrize("text, key", [
    ("medium: {volume: 1 mL, cells: 200,000}\n", "'0'"),
    ("", "'000 pg/mL'"),
])
def test_a_thousands_comma_inside_braces_is_explained(capsys, tmp_path, text, key):
    # YAML splits `{dose: 1,000 pg/mL}` at the comma: dose 1 and a key '000 pg/mL'; the message says why
    path = tmp_path / "p.yaml"
    path.write_text("cell: huvec\n" + text + "groups:\n  a: [{at: 0 min, add: IL-6, dose: "
                    + ("1,000 pg/mL" if not text else "1 ng/mL") + "}]\n"
                    "readouts: {observables: [pSTAT3], times: [30 min]}\n", encoding="utf-8")
    rc, out, err = run(capsys, "run", path, "--out", tmp_path / "out")
    assert rc == 2 and out == "", err
    assert f"unknown key {key} (inside {{...}} a comma separates entries, so a number written with a thousands " \
           "comma, such as 1,000, is cut there: write it without the comma, 1000 or 1e3)" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


@pytest.mark.parametrize("argv", [
    ["qpcr", "--reference", "GAPDH", "--control", "control"],
    ["densitometry", "--target", "pSTAT3", "--normalise-to", "STAT3", "--control", "control"],
])
def test_a_missing_lab_table_says_what_to_give(capsys, tmp_path, monkeypatch, argv):
    # it said only "cts.csv: table not found"
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, argv[0], "cts.csv", *argv[1:], "--out", "res")
    assert rc == 2 and out == "", err
    assert err.strip() == ("il6sim: error: cts.csv: table not found (give the path of a CSV, TSV or XLSX file; "
                           "a relative path is read from the folder the command runs in)")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["sweep", "sensitivity", "population"])
def test_a_missing_spec_file_says_what_to_give(capsys, tmp_path, monkeypatch, command):
    # it said only "sweep.yaml: spec file not found"
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, command, "sweep.yaml", "-o", "res")
    assert rc == 2 and out == "", err
    assert err.strip() == ("il6sim: error: sweep.yaml: spec file not found (give the path of a spec YAML, as "
                           "examples/sweep_receptors.yaml, sweep_sensitivity.yaml or sweep_population.yaml; a "
                           "relative path is read from the folder the command runs in)")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, meant", [("IL6R", "IL6R_per_cell"), ("IL-6R", "IL6R_per_cell"),
                                         ("gp130", "gp130_per_cell"), ("stat3", "STAT3_per_cell")])
def test_a_protein_given_for_a_parameter_gets_its_copy_number_suggested(capsys, tmp_path, name, meant):
    # `--set IL6R=500` suggested 'out_IL6R' (IL-6R mRNA export), which shares only the letters
    rc, out, err = run(capsys, "simulate", "--set", f"{name}=500")
    assert rc == 2 and out == "", err
    assert err.strip() == f"il6sim: error: --set: unknown parameter '{name}' (did you mean '{meant}'?)"
    spec = tmp_path / "s.yaml"
    spec.write_text(_SWEEP.replace("IL6R_per_cell: {}", f"{name}: {{}}"), encoding="utf-8")
    rc, out, err = run(capsys, "sweep", spec, "-o", tmp_path / "o", "--scheduler", "serial")
    assert rc == 2 and out == "" and f"unknown parameter (did you mean '{meant}'?)" in err, err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("key, meant", [("IL6R", "IL6R_per_cell"), ("gp130", "gp130_per_cell")])
def test_a_receptor_name_as_a_cell_key_gets_its_copy_number_key_suggested(capsys, tmp_path, key, meant):
    # `cell: {preset: huvec, IL6R: 500}` listed the keys with no suggestion
    path = tmp_path / "p.yaml"
    path.write_text((EXAMPLES / "protocol.yaml").read_text(encoding="utf-8").replace(
        "cell: huvec ", f"cell: {{preset: huvec, {key}: 500}} "), encoding="utf-8")
    rc, out, err = run(capsys, "run", path)
    assert rc == 2 and out == "", err
    assert f"cell: unknown key '{key}' (did you mean '{meant}'?)" in err


_SENSITIVITY = """\
protocol: seed:trans_huvec
parameters:
  IL6R_per_cell: {dist: loguniform, low: 10, high: 5000}
  gp130_per_cell: {}
readouts: {observables: [pSTAT3], times: [30 min], metrics: [peak]}
sensitivity: {method: sobol, n: 1000000000, outputs: ["trans:pSTAT3:30"]}
execution: {scheduler: serial}
"""


def test_sensitivity_n_too_large_names_the_key_not_the_memory(capsys, tmp_path):
    # 10^9 Sobol' base samples of 2 parameters are 4 x 10^9 runs: SALib ran out of memory building the sample
    # and the message named neither the file nor sensitivity.n
    spec = tmp_path / "sens.yaml"
    spec.write_text(_SENSITIVITY, encoding="utf-8")
    rc, out, err = run(capsys, "sensitivity", spec, "--out", tmp_path / "s", "--no-progress")
    assert rc == 2 and out == "", err
    assert err.strip() == (f"il6sim: error: {spec}: sensitivity.n: 1000000000 gives 4,000,000,000 runs for 2 "
                           "parameters, more than the limit of 100,000,000; use n <= 25,000,000")
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("design, remedy", [("method: lhs\n  n: 1000000000", "use n <= 100,000,000"),
                                            ("method: grid\n  levels: 100000", "use fewer levels or parameters")])
def test_a_sweep_over_the_run_limit_says_what_to_lower(capsys, tmp_path, design, remedy):
    spec = tmp_path / "sweep.yaml"
    spec.write_text("protocol: seed:trans_huvec\n"
                    f"design:\n  {design}\n  parameters: {{IL6R_per_cell: {{}}, gp130_per_cell: {{}}}}\n"
                    "execution: {scheduler: serial}\n", encoding="utf-8")
    rc, out, err = run(capsys, "sweep", spec, "--out", tmp_path / "s", "--no-progress")
    assert rc == 2 and out == "", err
    assert err.strip().endswith(f"runs is more than the limit of 100,000,000; {remedy}"), err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "s").exists()


class _Stop(Exception):
    """Raised in place of the runs: the test reads what was said before them."""


@pytest.mark.parametrize("command, spec, key", [
    ("sweep", "design:\n  method: lhs\n  n: 2000000\n  parameters: {IL6R_per_cell: {}}\n", "design.n"),
    ("sweep", "design:\n  method: grid\n  levels: 1500\n  parameters: {IL6R_per_cell: {}, gp130_per_cell: {}}\n",
     "design.levels"),
    ("population", "population: {n: 2000000, cv: {IL6R_per_cell: 0.5}}\nreadout: {observable: pSTAT3, time: 30 min}\n",
     "population.n"),
    ("sensitivity", "parameters: {IL6R_per_cell: {}, gp130_per_cell: {}}\nreadouts: {times: [30 min]}\n"
                    "sensitivity: {n: 300000, outputs: ['trans:pSTAT3:30']}\n", "sensitivity.n"),
])
def test_a_sweep_of_hours_is_announced_before_it_starts(capsys, tmp_path, monkeypatch, command, spec, key):
    # a 2,000,000-run sweep started without a word (with --no-progress) and ran for hours
    import il6sim.sweeps as sweeps
    import il6sim.sweeps.population as population
    import il6sim.sweeps.sensitivity as sensitivity

    def stop(*args, **kwargs):
        raise _Stop
    for module, name in ((sweeps, "run_sweep"), (population, "run_population"), (sensitivity, "run_sensitivity")):
        monkeypatch.setattr(module, name, stop)
    path = tmp_path / "spec.yaml"
    path.write_text("protocol: seed:trans_huvec\n" + spec + "execution: {scheduler: serial}\n", encoding="utf-8")
    with pytest.raises(_Stop):
        main([command, str(path), "--out", str(tmp_path / "o"), "--no-progress"])
    err = capsys.readouterr().err
    assert err.startswith(f"il6sim: warning: {path}: {key} gives "), err
    assert f"runs, which can take hours; lower {key} for a quicker answer" in err


def test_a_sweep_of_minutes_is_not_announced(capsys, tmp_path, monkeypatch):
    import il6sim.sweeps as sweeps

    def stop(*args, **kwargs):
        raise _Stop
    monkeypatch.setattr(sweeps, "run_sweep", stop)
    path = tmp_path / "spec.yaml"
    path.write_text("protocol: seed:trans_huvec\ndesign: {method: lhs, n: 1000000, parameters: {K_SOCS3: {}}}\n",
                    encoding="utf-8")
    with pytest.raises(_Stop):
        main(["sweep", str(path), "--out", str(tmp_path / "o"), "--no-progress"])
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("value", ["5,5", "1,000"])
def test_set_with_a_comma_in_a_plain_number_says_so(capsys, value):
    # a count parameter (molecules/cell) with a decimal comma or a thousands separator was said to "have a unit"
    rc, out, err = run(capsys, "run", "seed:trans_huvec", "--set", f"IL6R_per_cell={value}")
    assert rc == 2 and out == "", err
    assert err.strip() == (f"il6sim: error: --set: parameter 'IL6R_per_cell': '{value}': write the number with '.' "
                           "as the decimal point and without thousands separators (2.5, not 2,5; 1000, not 1,000)")


@pytest.mark.parametrize("command, body, key", [
    ("population", "population: {n: 3, cv: {IL6R_per_cell: 30 %}}\nreadout: {observable: pSTAT3, time: 30 min}\n",
     "population.cv.IL6R_per_cell"),
    ("sweep", "design: {method: lhs, n: 3, parameters: {IL6R_per_cell: {dist: lognormal, cv: 30 %}}}\n",
     "design.parameters.IL6R_per_cell.cv"),
])
def test_a_cv_in_percent_is_told_to_be_a_fraction(capsys, tmp_path, command, body, key):
    # '30 %' was refused as "must be a finite number (got '30 %')", with no word of what to write instead
    spec = tmp_path / "spec.yaml"
    spec.write_text("protocol: seed:trans_huvec\n" + body + "execution: {scheduler: serial}\n", encoding="utf-8")
    rc, out, err = run(capsys, command, spec, "--out", tmp_path / "o", "--no-progress")
    assert rc == 2 and out == "", err
    assert err.strip() == (f"il6sim: error: {spec}: {key}: write the coefficient of variation as a fraction: "
                           "0.3, not '30 %'")
    assert not (tmp_path / "o").exists()


def test_densitometry_a_zero_band_names_its_row_and_what_to_do(capsys, tmp_path):
    # before: "blot '1', sample '1': 'STAT3' signal is 0, cannot divide" (no row, no remedy) and
    # "blot '1': the control ratio is 0, cannot normalise"
    text = (EXAMPLES / "densitometry.csv").read_text(encoding="utf-8")
    argv = ["--target", "pSTAT3", "--normalise-to", "STAT3", "--control", "control", "--out", tmp_path / "d"]
    table = tmp_path / "zero_normaliser.csv"
    table.write_text(text.replace("1,1,control,STAT3,50100", "1,1,control,STAT3,0"), encoding="utf-8")
    rc, out, err = run(capsys, "densitometry", table, *argv)
    assert rc == 2 and out == "", err
    assert err.strip() == (f"il6sim: error: {table}, row 3: 'STAT3' signal is 0 (blot '1', sample '1'), so "
                           "'pSTAT3' / 'STAT3' cannot be computed; check the band's intensity, or leave the lane "
                           "out of the table")
    table = tmp_path / "zero_control.csv"
    table.write_text(text.replace("1,1,control,pSTAT3,1200", "1,1,control,pSTAT3,0"), encoding="utf-8")
    rc, out, err = run(capsys, "densitometry", table, *argv)
    assert rc == 2 and out == "", err
    assert err.strip() == (f"il6sim: error: {table}: blot '1': every control ('control') 'pSTAT3' signal is 0, so "
                           "the ratios cannot be normalised to it; check the control lanes' bands")
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize("item, says", [
    ("=5", "'=5': the parameter name is missing; write NAME=VALUE"),
    ("IL6R_per_cell=5=6", "'IL6R_per_cell=5=6': one '=' per value; write NAME=VALUE, e.g. IL6R_per_cell=500"),
])
def test_set_without_a_name_or_with_two_equals_signs_says_what_form_it_needs(capsys, item, says):
    # '=5' read as "unknown parameter ''" and 'X=5=6' as "'5=6' has a unit"
    rc, out, err = run(capsys, "simulate", "--set", item)
    assert rc == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith(f"il6sim: error: --set: {says}"), err


@pytest.mark.parametrize("command", [["qpcr", "--reference", "GAPDH", "--control", "c"],
                                     ["densitometry", "--target", "pSTAT3", "--normalise-to", "STAT3", "--control", "c"]])
def test_a_lab_table_over_its_limit_is_refused_before_it_is_read_with_what_to_do(capsys, tmp_path, monkeypatch,
                                                                                 command):
    """Lab tables are limited to 5 MB (io.labtables); the file was read up to the 50 MB limit of PEtab tables
    first, and the message gave no remedy."""
    import il6sim.io.files as files

    big = tmp_path / "cts.csv"
    big.write_bytes(b"sample,condition,gene,ct\n" + b"a,c,GAPDH,18\n" * 500_000)  # 6.5 MB
    monkeypatch.setattr(files.os, "open", lambda *a, **k: pytest.fail("the over-limit table was opened"))
    assert main([command[0], str(big), *command[1:]]) == 2
    err = capsys.readouterr().err
    assert "file is too large (6," in err and "at most 5 MB" in err and "split the table" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv, says", [
    # argparse said only 'expected one argument', though a value was typed (a dash makes it read as an option)
    (["simulate", "--sil6r", "-5ng/mL"], "argument --sil6r: expected one argument: '-5ng/mL' starts with '-' and so "
                                         "reads as an option; write --sil6r=-5ng/mL to give it as the value"),
    (["run", "seed:trans_huvec", "-o"], "argument -o/--out: expected one argument: nothing follows -o; give its value "
                                        "after it (see `il6sim run --help`)"),
    (["simulate", "--cell", "--il6", "1 nM"], "argument --cell: expected one argument: --cell is followed by the "
                                              "option --il6; give its value right after it"),
], ids=["dash-value", "nothing-after", "option-after"])
def test_an_option_without_its_value_says_what_followed_it(capsys, tmp_path, monkeypatch, argv, says):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "" and err.strip() == f"il6sim: error: {says}", err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv, says", [
    # `--il6 10 ng/mL` unquoted: argparse said only 'unrecognized arguments: ng/mL'
    (["simulate", "--il6", "10", "ng/mL"], "unrecognized arguments: ng/mL: the value of --il6 has a space, so the "
                                           "shell split it; put it in quotes, --il6 '10 ng/mL'"),
    (["simulate", "--il6=10", "ng/mL"], "unrecognized arguments: ng/mL: the value of --il6 has a space, so the "
                                        "shell split it; put it in quotes, --il6 '10 ng/mL'"),
    (["run", "seed:trans_huvec", "--set", "V_medium=2", "mL"], "unrecognized arguments: mL: the value of --set has a "
                                                               "space, so the shell split it; put it in quotes, "
                                                               "--set 'V_medium=2 mL'"),
    (["simulate", "--cell", "hepg2", "extra"], "unrecognized arguments: extra"),  # no number before it: no guess
], ids=["il6", "il6=", "set", "not-a-number"])
def test_a_dose_split_at_its_space_says_to_quote_it(capsys, tmp_path, monkeypatch, argv, says):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "" and err.strip() == f"il6sim: error: {says}", err
    assert list(tmp_path.iterdir()) == []
