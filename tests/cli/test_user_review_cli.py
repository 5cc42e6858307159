"""Defects found by running the commands as a new user would (in-process, through cli.main.main)."""

import pytest

from cli_run import run



def test_presets_cells_says_surface_and_units(capsys):
    rc, out, _ = run(capsys, "presets", "cells")
    assert rc == 0
    assert "surface of a resting cell" in out.splitlines()[0]
    assert "IL6_secretion=20 molecules/(cell*min)" in out


def _sweep_in_a_process(tmp_path, execution):
    """``il6sim sweep`` of a 4-run spec with this ``execution`` block, in its own process, into tmp_path/o."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    spec = tmp_path / "s.yaml"
    spec.write_text("protocol: seed:trans_huvec\n"
                    "design: {method: lhs, n: 4, seed: 1, parameters: {IL6R_per_cell: {dist: loguniform, low: 10, high: 5000}}}\n"
                    "readouts: {observables: [pSTAT3], times: [30 min]}\n"
                    f"execution: {execution}\n")
    r = subprocess.run([str(Path(sys.executable).parent / "il6sim"), "sweep", str(spec), "-o", str(tmp_path / "o")],
                       capture_output=True, text=True, timeout=300, env=dict(os.environ, MPLBACKEND="Agg"))
    assert r.returncode == 0, r.stderr
    return r


def test_local_sweep_prints_no_dask_info_lines(tmp_path):
    r = _sweep_in_a_process(tmp_path, "{scheduler: local, workers: 1, chunk_size: 2}")
    assert "INFO" not in r.stderr, r.stderr
    assert r.stdout.startswith("4 runs x 4 groups, 0 failed (local) -> "), r.stdout


def test_readme_quotes_the_nll_that_fit_evaluate_prints(capsys, tmp_path):
    import json
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    m = re.search(r"HepG2 training data[^.]*?il6sim prints ([\d,]+\.\d+)", readme)
    assert m, "README no longer quotes the HepG2 training NLL next to `fit --evaluate`"
    quoted = float(m.group(1).replace(",", ""))
    rc, _, err = run(capsys, "export-petab", "--out", str(tmp_path / "petab"))
    assert rc == 0, err
    rc, out, err = run(capsys, "fit", str(tmp_path / "petab" / "problem.yaml"), "--evaluate", "--json")
    assert rc == 0, err
    assert json.loads(out)["nll"] == pytest.approx(quoted, abs=0.01)


def test_dose_response_help_names_what_out_writes_for_one_cell(capsys, tmp_path):
    rc, out, _ = run(capsys, "dose-response", "--help")
    assert rc == 0
    help_text = " ".join(out.split())
    rc, _, err = run(capsys, "dose-response", "--cell", "gp130_only", "--out", str(tmp_path / "dr"))
    assert rc == 0, err
    written = sorted(p.name for p in (tmp_path / "dr").iterdir())
    assert written == ["dose_response.csv", "dose_response.png", "dose_response.svg", "provenance.json"]
    assert ("--readout: dose_response.csv, dose_response.png/.svg (agonist and inhibitor panels) and "
            "provenance.json") in help_text


def test_a_misspelt_bundled_protocol_gets_a_suggestion(capsys):
    rc, out, err = run(capsys, "run", "seed:trans_huvc")
    assert rc == 2 and out == ""
    assert "(did you mean 'seed:trans_huvec'?)" in err
    assert len(err.strip().splitlines()) == 1


def test_a_misspelt_agent_gets_a_suggestion(capsys, tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("cell: huvec\ngroups:\n  a:\n    - {at: 0 min, add: tocilizmab, dose: 10 ug/mL}\n")
    rc, out, err = run(capsys, "run", str(f))
    assert rc == 2 and out == ""
    assert "unknown agent 'tocilizmab' (did you mean 'tocilizumab'?)" in err


def test_densitometry_help_names_the_columns_of_the_example_file(capsys):
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "densitometry.csv"
    header = example.read_text(encoding="utf-8").splitlines()[0].split(",")
    rc, out, _ = run(capsys, "densitometry", "--help")
    assert rc == 0
    for col in header:
        assert col in out, col


@pytest.mark.parametrize("argv, message", [
    (["--uncertainty", "--ensemble-size", "500"], "--ensemble-size: must be a whole number from 2 to 100"),
    (["--uncertainty", "--ensemble-size", "1"], "--ensemble-size: must be a whole number from 2 to 100"),
    (["--ensemble-size", "5"], "--ensemble-size needs --uncertainty (got --ensemble-size 5 without it)"),
])
def test_run_ensemble_size_is_checked_like_compare(capsys, argv, message):
    rc, out, err = run(capsys, "run", "seed:trans_huvec", *argv)
    assert rc == 2 and out == ""
    assert message in err and "must be >= 2" not in err


def test_compare_suggests_a_misspelt_cell(capsys):
    rc, out, err = run(capsys, "compare", "--cells", "hepg3,hrec")
    assert rc == 2 and out == ""
    assert "--cells: unknown cell preset 'hepg3' (did you mean 'hepg2'?)" in err


def test_protocols_show_names_the_option_and_suggests(capsys):
    rc, out, err = run(capsys, "protocols", "--show", "trans_huvc")
    assert rc == 2 and out == ""
    assert err.startswith("il6sim: error: --show: unknown bundled protocol 'trans_huvc' (did you mean 'trans_huvec'?)")


def test_simulate_mrna_folds_are_against_the_untreated_cell(capsys):
    # the header says "mRNA: fold vs untreated"; HUVEC secrete IL-6, so their untreated SOCS3 mRNA rises too
    import json

    from il6sim.compare.conditions import seed_protocol
    from il6sim.model.presets import CellSpec
    from il6sim.protocols import simulate_groups

    rc, out, err = run(capsys, "simulate", "--cell", "huvec", "--json")
    assert rc == 0, err
    rows = {r["condition"].split()[0]: r for r in json.loads(out)}
    runs = simulate_groups(seed_protocol(CellSpec.parse("huvec")).with_groups(["untreated", "classic", "trans"]),
                           [0.0, 240.0])
    for g in ("classic", "trans"):
        want = runs[g].observable("SOCS3_mRNA")[-1] / runs["untreated"].observable("SOCS3_mRNA")[-1]
        assert rows[g]["SOCS3_mRNA_fold_4h"] == pytest.approx(want, rel=1e-3)
    rc, out, _ = run(capsys, "simulate", "--cell", "huvec")
    assert "fold vs untreated" in out


def test_simulate_gives_no_peak_time_without_a_response(capsys):
    import json

    rc, out, err = run(capsys, "simulate", "--cell", "gp130_only", "--json")
    assert rc == 0, err
    classic = next(r for r in json.loads(out) if r["condition"].startswith("classic"))
    assert classic["pSTAT3_kind"] == "none" and classic["pSTAT3_time_to_peak_min"] is None
    rc, out, _ = run(capsys, "simulate", "--cell", "gp130_only")
    line = next(x for x in out.splitlines() if x.startswith("classic"))
    assert "  -  none" in line


def test_sweep_help_names_every_file_a_sweep_writes(capsys, tmp_path):
    _sweep_in_a_process(tmp_path, "{scheduler: serial}")
    rc, out, _ = run(capsys, "sweep", "--help")
    help_text = " ".join(out.split())
    written = {f.name for f in (tmp_path / "o").iterdir() if not f.name.startswith(".")}
    assert {"runs.parquet", "design.parquet", "provenance.json", "summary.csv", "summary.png"} <= written
    for name in written:
        assert name in help_text, name


@pytest.mark.parametrize("argv, line", [
    (["--uncertainty", "--ensemble-size", "3"],
     "# parameter set 'calibrated' (not the model's default values); lower/upper: 2.5-97.5 percentiles over 3 members"),
    (["--parameters", "calibrated"], "# parameter set 'calibrated' (not the model's default values)"),
])
def test_run_table_says_when_it_is_not_the_default_parameters(capsys, argv, line):
    rc, out, err = run(capsys, "run", "seed:trans_huvec", *argv)
    assert rc == 0, err
    assert out.splitlines()[2].startswith(line)


def test_run_table_names_the_values_of_set(capsys):
    # with --set the printed table looked like one at the model's values: nothing said that IL-6R was changed
    rc, out, err = run(capsys, "run", "seed:trans_huvec", "--set", "IL6R_per_cell=0", "--set", "V_medium=2 mL")
    assert rc == 0, err
    assert out.splitlines()[2] == ("# computed with IL6R_per_cell = 0 molecules/cell, V_medium = 0.002 L on top of the "
                                   "protocol's cell (not the model's default values)")
    rc, out, err = run(capsys, "run", "seed:trans_huvec", "--parameters", "calibrated", "--set", "K_SOCS3=0.1")
    assert rc == 0, err
    assert out.splitlines()[2] == "# parameter set 'calibrated' and then K_SOCS3 = 0.1 nM (not the model's default values)"
    rc, out, err = run(capsys, "run", "seed:trans_huvec")
    assert out.splitlines()[2].startswith("group ")


def test_dose_response_labels_use_the_model_spelling_of_the_readout(capsys):
    rc, out, err = run(capsys, "dose-response", "--cell", "gp130_only", "--readout", "pstat3")
    assert rc == 0, err
    assert out.startswith("pSTAT3 at 30 min in gp130_only")
    assert "Hyper-IL-6 (pSTAT3)" in out and "(pstat3)" not in out


def test_dose_response_shows_no_hill_slope_where_nothing_was_reached(capsys):
    rc, out, err = run(capsys, "dose-response")
    assert rc == 0, err
    line = next(x for x in out.splitlines() if x.startswith("sgp130Fc vs classic ") and "not reached" in x)
    assert line.split("not reached (> 10 µM)")[1].split()[0] == "-"  # was a slope fitted to a flat line


def test_dose_response_csv_gives_numbers_and_no_slope_where_nothing_was_reached(capsys, tmp_path):
    # pharmacology.csv gave the mass as text only ('24,100 ng/mL') and the slope fitted to the flat
    # 'sgp130Fc vs classic' curve, which the terminal shows as '-'
    import pandas as pd

    rc, out, err = run(capsys, "dose-response", "-o", tmp_path / "dr")
    assert rc == 0, err
    assert "24,100 ng/mL" in out  # the terminal table as it was
    csv = pd.read_csv(tmp_path / "dr" / "pharmacology.csv", encoding="utf-8").set_index("curve")
    assert "hill" not in csv and csv["value_ng_per_mL"].dtype == float == csv["hill_slope"].dtype
    assert csv.loc["tocilizumab vs classic", "value_mass_text"] == "24,100 ng/mL"
    assert 24000 < csv.loc["tocilizumab vs classic", "value_ng_per_mL"] < 24200
    assert pd.isna(csv.loc["ruxolitinib vs classic", "value_ng_per_mL"])  # a small molecule: molar only
    assert csv.loc["ruxolitinib vs classic", "hill_slope"] > 0
    flat = csv.loc["sgp130Fc vs classic"]
    assert not flat["reached"] and flat[["value_nM", "value_ng_per_mL", "hill_slope"]].isna().all()


def test_qpcr_efficiency_as_a_percentage_gets_the_expected_form(capsys):
    from pathlib import Path

    table = Path(__file__).resolve().parents[2] / "examples" / "qpcr_cts.csv"
    rc, out, err = run(capsys, "qpcr", str(table), "--reference", "GAPDH", "--control", "control",
                       "--efficiency", "95%")
    assert rc == 2 and out == ""
    assert err.strip() == ("il6sim: error: argument --efficiency: must be the amplification factor per cycle, "
                           "a number, e.g. 2 (100 %) or 1.95 (95 %) (got '95%')")


def test_export_sbml_into_a_missing_folder_says_what_to_do(capsys, tmp_path):
    target = tmp_path / "newdir" / "model.xml"
    rc, out, err = run(capsys, "export-sbml", "--cell", "huvec", str(target))
    assert rc == 2 and out == "" and not target.parent.exists()
    assert f"directory '{target.parent}' does not exist; create it first" in err


@pytest.mark.parametrize("value, want", [("abc", "'abc' is not a number (expected a plain number in molecules/cell)"),
                                         ("3 nM", "'3 nM' has a unit, but this parameter is a plain number")])
def test_set_says_when_a_value_is_not_a_number(capsys, value, want):
    rc, out, err = run(capsys, "run", "seed:trans_huvec", "--set", f"IL6R_per_cell={value}")
    assert rc == 2 and out == ""
    assert want in err and len(err.strip().splitlines()) == 1


def test_set_rate_not_a_number_suggests_its_unit(capsys):
    rc, _, err = run(capsys, "run", "seed:trans_huvec", "--set", "k_int_complex=fast")
    assert rc == 2 and "must be a finite number in 1/min or a number with a unit ('fast' is not a number)" in err


def test_unknown_cell_preset_message_offers_what_the_cli_accepts(capsys):
    rc, _, err = run(capsys, "simulate", "--cell", "hepg3")
    assert rc == 2 and "did you mean 'hepg2'" in err
    assert "null" not in err and "'none' is a cell-free mix" in err


def test_protocols_takes_the_name_as_an_argument(capsys):
    rc, out, _ = run(capsys, "protocols", "trans_huvec")
    assert rc == 0 and out.startswith("name: IL-6 trans-signalling")
    rc, out, err = run(capsys, "protocols", "trans_huvc")
    assert rc == 2 and out == "" and "did you mean 'trans_huvec'" in err
    rc, _, err = run(capsys, "protocols", "trans_huvec", "--show", "classic_hepatocyte")
    assert rc == 2 and "name one protocol" in err


def test_no_fold_change_for_counts_absent_from_the_untreated_cell(capsys):
    import json

    rc, out, _ = run(capsys, "run", "seed:hyper_il6_huvec", "--format", "json")
    assert rc == 0
    table = json.loads(out)
    rows = [r for r in table if r["observable"] == "trans_complexes"]
    assert rows and all(r["fold_change"] is None for r in rows)
    pstat3 = [r for r in table if r["observable"] == "pSTAT3" and r["group"] != "control"]
    assert pstat3 and all(r["fold_change"] > 1 for r in pstat3)


# --- options and files a user can get wrong (each: exit 2, one clear line, no traceback) ----------------------

@pytest.mark.parametrize("argv, fragment", [
    (("fit", "hepg2", "--seed", "-1"), "argument --seed: must be a whole number from 0"),
    (("fit", "hepg2", "--starts", "1000000000"), "argument --starts: must be a whole number from 1 to 10,000"),
    (("calibrate", "hepg2", "--workers", "0"), "argument --workers: must be a whole number from 1 to 64"),
    (("sensitivity", "examples/sweep_sensitivity.yaml", "--n", "1000000000"), "argument --n: must be a whole"),
    (("simulate", "--il6", "20 mM"), "--il6: '20 mM' is 2e+07 nM, above the 10 mM limit; check the number and its unit"),
    (("simulate", "--sil6r", ""), "--sil6r: empty"),
])
def test_out_of_range_options_are_refused(capsys, argv, fragment):
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and fragment in err and "Traceback" not in err, err
    assert out == ""


def test_a_full_disk_is_one_line_not_a_traceback(capsys):
    rc, out, err = run(capsys, "export-sbml", "/dev/full")
    assert rc == 2 and "No space left on device" in err and "Traceback" not in err


def test_export_sbml_never_overwrites_a_protocol(capsys, tmp_path):
    p = tmp_path / "protocol.yaml"
    p.write_text("cell: huvec\n")
    rc, _, err = run(capsys, "export-sbml", str(p))
    assert rc == 2 and "will not overwrite it with SBML" in err
    assert p.read_text() == "cell: huvec\n"


@pytest.mark.parametrize("content, fragment", [
    (None, "is a directory"),
    ("[1, 2]", "no 'parameters' mapping"),
    ('{"parameters": {"k_stat3_act": 3}}', "no finite numeric value for"),
    ("name: x\n", "not JSON"),
])
def test_profile_fit_file_problems_say_what_the_file_should_be(capsys, tmp_path, content, fragment):
    path = tmp_path if content is None else tmp_path / "best.json"
    if content is not None:
        path.write_text(content)
    rc, _, err = run(capsys, "profile", "hepg2", "--fit", str(path), "-o", str(tmp_path / "o"))
    assert rc == 2 and fragment in err and "Traceback" not in err, err
    assert not (tmp_path / "o").exists()


def test_qpcr_with_decimal_commas_is_one_line(capsys, tmp_path):
    rows = "".join(f"s{i};control;GAPDH;18,{i:02d}\n" for i in range(50))
    path = tmp_path / "eu.csv"
    path.write_text("sample;condition;gene;ct\n" + rows)
    rc, _, err = run(capsys, "qpcr", str(path), "--reference", "GAPDH", "--control", "control")
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "decimal comma" in err, err


def test_densitometry_signals_with_thousands_separators_are_not_called_decimal_commas(capsys, tmp_path):
    # '12,500' (Excel's number format with a 1000 separator, saved as CSV) was called a decimal comma, and the remedy
    # said to export with decimal points
    path = tmp_path / "bands.csv"
    path.write_text('lane,condition,protein,intensity\n1,ctrl,pSTAT3,"1,250"\n1,ctrl,STAT3,"12,500"\n'
                    '2,IL6,pSTAT3,"1,020,000.5"\n2,IL6,STAT3,"11,000"\n', encoding="utf-8")
    rc, out, err = run(capsys, "densitometry", str(path), "--target", "pSTAT3", "--normalise-to", "STAT3",
                       "--control", "ctrl")
    assert rc == 2 and out == ""
    assert err.strip() == (f"il6sim: error: {path}: signal in 4 row(s) written with commas (e.g. '1,250' in row 2), "
                           "which may separate thousands or be a decimal comma; export the numbers without thousands "
                           "separators and with decimal points (or as XLSX)"), err


def test_each_time_is_read_against_the_control_at_the_same_time(capsys, tmp_path):
    # the control's samples of all times made the 1, so a control at 0 and 60 min read 0.5 and 1.5 and IL6 at 60 min
    # 15; labs run a time-matched vehicle, and the web overlay's model reads the control group at the same time
    path = tmp_path / "bands.csv"
    path.write_text("Lane,Condition,Time,Protein,Intensity\n1,ctrl,0,pSTAT3,100\n1,ctrl,0,STAT3,1000\n"
                    "2,ctrl,60,pSTAT3,300\n2,ctrl,60,STAT3,1000\n3,IL6,60,pSTAT3,3000\n3,IL6,60,STAT3,1000\n",
                    encoding="utf-8")
    rc, out, _ = run(capsys, "densitometry", str(path), "--target", "pSTAT3", "--normalise-to", "STAT3", "--control",
                     "ctrl")
    assert rc == 0 and out.splitlines()[0] == "pSTAT3 / STAT3, normalised to 'ctrl' at the same time on each blot"
    assert out.splitlines()[1].split()[:5] == ["condition", "time_min", "control_time_min", "n", "mean"]
    # IL6 at 60 min: (3000 / 1000) / (300 / 1000) = 10, against the control at 60 min
    assert [line.split()[:5] for line in out.splitlines()[2:5]] == [
        ["ctrl", "0", "0", "1", "1"], ["ctrl", "60", "60", "1", "1"], ["IL6", "60", "60", "1", "10"]]
    for command, said in (("qpcr", "the mean dCt of its samples is fold change 1"),
                          ("densitometry", "the mean ratio of its samples on each blot is 1")):
        rc, out, _ = run(capsys, command, "--help")
        assert (f"control condition: {said}; with a time column, each time is read against the control's samples "
                "at the same time") in " ".join(out.split())
        assert ("when the control has one time only (e.g. 0 min), against those (control_time_min in the output "
                "says which)") in " ".join(out.split())


#: a Roche LightCycler export (tab-separated, a line about the run above the table): Ct is named Cp there
LIGHTCYCLER = ("Experiment: il6 socs3  Selected Filter: SYBR Green I (465-510)\n"
               "Include\tColor\tPos\tSample\tGene\tCondition\tCp\tConcentration\n"
               "True\t255\tA1\ts1\tGAPDH\tctrl\t18.00\t\nTrue\t255\tA2\ts1\tSOCS3\tctrl\t30.00\t\n"
               "True\t255\tA3\ts2\tGAPDH\tIL6\t18.00\t\nTrue\t255\tA4\ts2\tSOCS3\tIL6\t25.00\t\n")


def test_qpcr_reads_the_cp_column_of_a_lightcycler_export(capsys, tmp_path):
    # it said "missing column(s) ct; found ..., cp, ..." for Roche's name of the same quantity (as Cq)
    path = tmp_path / "lc.txt"
    path.write_text(LIGHTCYCLER, encoding="utf-8")
    rc, out, err = run(capsys, "qpcr", str(path), "--reference", "GAPDH", "--control", "ctrl")
    assert rc == 0, err
    assert out.splitlines()[2].split() == ["IL6", "SOCS3", "1", "32", "n/a", "n/a", "n/a"]  # 2 ** (12 - 7)
    rc, out, _ = run(capsys, "qpcr", "--help")
    assert "Cq, Cp" in " ".join(out.split())


def test_a_background_above_the_bands_names_the_background(capsys):
    rc, _, err = run(capsys, "densitometry", "examples/densitometry.csv", "--target", "pSTAT3", "--normalise-to",
                     "STAT3", "--control", "control", "--background", "40000")
    assert rc == 2 and err.startswith("il6sim: error: --background: 40000 is larger than") and len(err.splitlines()) == 1


def test_a_lognormal_cv_has_an_upper_limit(capsys, tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text("protocol: seed:trans_huvec\n"
                    "design: {method: lhs, n: 4, seed: 1, parameters: {gp130_per_cell: {dist: lognormal, cv: 1e200}}}\n"
                    "readouts: {observables: [pSTAT3], times: [30 min]}\n")
    rc, _, err = run(capsys, "sweep", str(spec), "-o", str(tmp_path / "o"))
    assert rc == 2 and "cv: must be <= 10" in err and "Traceback" not in err, err


def test_a_cell_quantity_set_beyond_what_a_cell_can_have_is_refused(capsys):
    rc, out, err = run(capsys, "run", "examples/protocol.yaml", "--set", "IL6R_per_cell=1e20")
    assert rc == 2 and out == ""
    assert "'IL6R_per_cell' is a cell quantity from 0 to 100000 molecules/cell (got 1e20)" in err


@pytest.mark.parametrize("command, path, fragment", [
    ("sweep", "examples/protocol.yaml", "this is a protocol file (it has cell and groups): run it with `il6sim run"),
    ("sweep", "examples/sweep_population.yaml", "this is a population spec"),
    ("sensitivity", "examples/sweep_receptors.yaml", "this is a sweep spec"),
    ("population", "examples/sweep_sensitivity.yaml", "this is a sensitivity spec"),
    ("run", "examples/sweep_receptors.yaml", "this is a sweep spec (it has design): run it with `il6sim sweep FILE`"),
    # a population spec names its protocol's groups in a list: it got eight lines of protocol problems
    ("run", "examples/sweep_population.yaml",
     "this is a population spec (it has population): run it with `il6sim population FILE`"),
    ("fit", "examples/protocol.yaml", "this is a protocol file (it has cell and groups): run it with `il6sim run"),
    ("export-petab", "examples/sweep_population.yaml", "this is a population spec"),
])
def test_a_file_of_another_kind_is_named_in_one_line(capsys, tmp_path, command, path, fragment):
    rc, out, err = run(capsys, command, path, "-o", str(tmp_path / "o"))
    assert rc == 2 and fragment in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "o").exists()


def test_a_sweep_whose_every_run_failed_exits_1(capsys, tmp_path, monkeypatch):
    import il6sim.sweeps as sweeps

    real = sweeps.run_sweep

    def all_failed(spec, out, **kw):
        import dataclasses

        res = real(spec, out, **kw)
        return dataclasses.replace(res, n_failed=res.n_runs)

    monkeypatch.setattr(sweeps, "run_sweep", all_failed)
    spec = tmp_path / "s.yaml"
    spec.write_text("protocol: seed:trans_huvec\n"
                    "design: {method: lhs, n: 2, seed: 1, parameters: {IL6R_per_cell: {dist: loguniform, low: 10, "
                    "high: 5000}}}\nreadouts: {observables: [pSTAT3], times: [30 min]}\nexecution: {scheduler: serial}\n")
    rc, _, err = run(capsys, "sweep", str(spec), "-o", str(tmp_path / "o"), "--no-progress")
    assert rc == 1 and "every run failed" in err


@pytest.mark.parametrize("error, fragment", [
    (MemoryError(), "not enough memory for this job"),
    (OSError(28, "No space left on device", "/x/out.csv"), "cannot read or write /x/out.csv: No space left"),
])
def test_the_machine_s_limits_are_one_line(capsys, monkeypatch, error, fragment):
    import il6sim.cli.presets as presets

    def fail(args):
        raise error

    monkeypatch.setattr(presets, "run", fail)
    rc, _, err = run(capsys, "presets")
    assert rc == 2 and fragment in err and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("extra", [[], ["--readout", "free_IL6"]])
def test_a_dose_response_without_cells_is_refused(capsys, extra):
    rc, out, err = run(capsys, "dose-response", "--cell", "none", *extra)
    assert rc == 2 and out == ""
    assert err.strip() == ("il6sim: error: --cell: a dose-response reads a response of cells, and 'none' is a "
                           "cell-free mix; give a cell preset (`il6sim presets cells`)")


def test_a_value_for_one_preset_is_named_with_its_preset_when_refused(capsys):
    rc, out, err = run(capsys, "run", "examples/protocol.yaml", "--set", "IL6R_per_cell@huvec=1e20",
                       "--set", "tau_SOCS3@hepg2=0", "--set", "K_SOCS3@huvec=-1")
    assert rc == 2 and out == ""
    assert "'IL6R_per_cell@huvec' is a cell quantity from 0 to 100000 molecules/cell (got 1e20)" in err
    assert "'tau_SOCS3@hepg2' divides a rate law" in err and "'K_SOCS3@huvec' must be >= 0" in err


def test_one_sample_per_condition_prints_n_a_for_the_spread_and_says_why(capsys, tmp_path):
    # qpcr and densitometry printed 'NaN' for the interval and SD of a condition with one sample
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2] / "examples"
    lines = (examples / "qpcr_cts.csv").read_text(encoding="utf-8").splitlines()
    seen, rows = set(), [lines[0]]
    for line in lines[1:]:  # the first sample of each condition
        condition = line.split(",")[1]
        if condition not in seen or rows[-1].split(",")[0] == line.split(",")[0]:
            seen.add(condition)
            rows.append(line)
    qpcr = tmp_path / "one.csv"
    qpcr.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rc, out, err = run(capsys, "qpcr", str(qpcr), "--reference", "GAPDH", "--control", "control")
    assert rc == 0 and "NaN" not in out and "n/a" in out, out
    assert "one sample has no spread" in out
    lines = (examples / "densitometry.csv").read_text(encoding="utf-8").splitlines()
    blot = tmp_path / "blot.csv"
    blot.write_text("\n".join([lines[0], *[x for x in lines[1:] if x.startswith("1,")]]) + "\n", encoding="utf-8")
    rc, out, err = run(capsys, "densitometry", str(blot), "--target", "pSTAT3", "--normalise-to", "STAT3",
                       "--control", "control")
    assert rc == 0 and "NaN" not in out and "one sample has no spread" in out, out
    rc, out, err = run(capsys, "densitometry", str(examples / "densitometry.csv"), "--target", "pSTAT3",
                       "--normalise-to", "STAT3", "--control", "control")
    assert rc == 0 and "n/a" not in out  # replicates: no note


def test_a_time_column_without_a_unit_is_said_to_be_read_in_minutes(capsys, tmp_path):
    # a 'time' column was taken as minutes without a word; hours are not guessed from the values, the default is said
    path = tmp_path / "cts.csv"
    path.write_text("sample,condition,time,gene,ct\nc1,ctrl,0,GAPDH,18\nc1,ctrl,0,SOCS3,30\n"
                    "i1,IL6,2,GAPDH,18\ni1,IL6,2,SOCS3,25\n", encoding="utf-8")
    rc, out, _ = run(capsys, "qpcr", str(path), "--reference", "GAPDH", "--control", "ctrl", "-o", str(tmp_path / "q"))
    assert rc == 0 and out.splitlines()[0].split()[:2] == ["condition", "time_min"]
    assert ("time: column 'time' gives no unit, so its values are read as minutes (the default); name it e.g. "
            "'Time (h)' if they are hours") in out.splitlines()
    summary = (tmp_path / "q" / "qpcr_summary.csv").read_text(encoding="utf-8").splitlines()
    assert summary[0].startswith("condition,time_min,control_time_min,gene")
    assert summary[2].startswith("IL6,2.0,0.0,SOCS3")
    path.write_text(path.read_text(encoding="utf-8").replace("time,", "Time (h),"), encoding="utf-8")
    rc, out, _ = run(capsys, "qpcr", str(path), "--reference", "GAPDH", "--control", "ctrl")
    assert rc == 0 and "time: column 'Time (h)' is in h: its times are converted to minutes (time_min)" in out
    assert [line.split()[:2] for line in out.splitlines()[1:3]] == [["ctrl", "0"], ["IL6", "120"]]
    bands = tmp_path / "bands.csv"
    bands.write_text("Lane,Condition,time_min,Protein,Intensity\n1,ctrl,0,pSTAT3,100\n1,ctrl,0,STAT3,1000\n",
                     encoding="utf-8")
    rc, out, _ = run(capsys, "densitometry", str(bands), "--target", "pSTAT3", "--normalise-to", "STAT3",
                     "--control", "ctrl")
    assert rc == 0 and "time:" not in out  # minutes, and the header says so
    for command in ("qpcr", "densitometry"):
        rc, out, _ = run(capsys, command, "--help")
        said = " ".join(out.split())
        assert ("optional time column: time_min, or time with its unit in the header, e.g. 'Time (h)' or "
                "'time [min]'; a time column whose header gives no unit ('time') is read in minutes") in said
        assert "The output gives times in minutes (time_min)." in said
