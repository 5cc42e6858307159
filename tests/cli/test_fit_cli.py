"""The installed command: export-petab, fit, profile, calibrate (short), qpcr, densitometry."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

BIN = Path(sys.executable).parent / "il6sim"


def run(*args, cwd=None):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=600)


def test_export_petab_default_is_the_hepg2_problem_and_lints(tmp_path):
    from il6sim.io.petab import lint_petab

    r = run("export-petab", "--out", str(tmp_path / "pe"))
    assert r.returncode == 0, r.stderr
    assert "PEtab linter: OK" in r.stdout
    files = {p.name for p in (tmp_path / "pe").iterdir()}
    assert files == {"model.xml", "conditions.tsv", "observables.tsv", "measurements.tsv", "parameters.tsv",
                     "problem.yaml", "README.md"}
    assert lint_petab(tmp_path / "pe" / "problem.yaml") == []
    # --evaluate: the PEtab likelihood at the nominal parameters (with the exported optimal scales),
    # which equals il6sim's own objective there; the order constraint is reported apart
    r = run("fit", str(tmp_path / "pe" / "problem.yaml"), "--evaluate", "--json")
    assert r.returncode == 0, r.stderr
    terms = json.loads(r.stdout)
    from il6sim.fitting.calibrate import load_packaged_calibration
    from il6sim.fitting.hepg2 import hepg2_problem
    from il6sim.fitting.objective import Objective

    prob = hepg2_problem("training")
    pk = load_packaged_calibration()  # the export's nominal values: an installed calibration, if any
    vals = {k: v for k, v in (pk or {"parameters": {}})["parameters"].items() if k in prob.parameter_names}
    ours = Objective(prob).nll_terms(prob.to_scaled({**{p.name: p.nominal for p in prob.parameters}, **vals}))
    assert terms["nll"] == pytest.approx(ours["nll"], abs=1e-3)
    assert terms["constraints"] == 0.0 and ours["constraints"] >= 0.0


def test_fit_json_without_evaluate_is_refused():
    r = run("fit", "hepg2", "--json")
    assert r.returncode == 2
    assert "--json is only for --evaluate" in r.stderr and "Traceback" not in r.stderr


def test_calibrate_hepg2_short_version(tmp_path):
    """The test suite's short calibration: same pipeline as `make calibrate-hepg2`, 2 short starts."""
    out = tmp_path / "cal"
    r = run("calibrate", "hepg2", "--quick", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert re.search(r"^fit hepg2_training: 100% \((\d+)/\1 starts, best ", r.stderr, re.M), r.stderr  # lines in a pipe
    for f in ("best_parameters.json", "hepg2_calibration.json", "errors.csv", "starts.csv", "predictions.csv",
              "fits_training.png", "fits_validation.png", "waterfall.png", "summary.md", "biology_checks.json"):
        assert (out / f).is_file(), f
    summ = json.loads((out / "best_parameters.json").read_text())
    splits = {r["split"]: r for r in summ["errors"]["overall"]}
    assert set(splits) == {"training", "validation"}
    assert splits["training"]["rmse_log10"] < 0.35 and splits["validation"]["rmse_log10"] < 0.5
    checks = summ["biology_checks"]
    assert len(checks) >= 7 and all(isinstance(v["passed"], bool) for v in checks.values())
    # a short fit keeps the response transient (the full fit is `make calibrate-hepg2`)
    assert checks["pSTAT3_2h_below_20pct"]["passed"] and checks["pSTAT3_shape"]["passed"]
    assert summ["provenance"]["data_files_sha256"] and summ["provenance"]["options"]["seed"] == 0
    assert "training" in r.stdout and "PASS" in r.stdout
    # whether the optimiser converged, with the first-order optimality (the last line said only 'N starts, best NLL')
    assert re.search(r"^optimiser: best start (converged|stopped at its iteration limit).*; first-order optimality "
                     r"[0-9.e+-]+", r.stdout, re.M), r.stdout
    assert re.search(r"^The optimiser of the best start (converged|stopped at its iteration limit).*; first-order "
                     r"optimality [0-9.e+-]+\.$", (out / "summary.md").read_text(encoding="utf-8"), re.M)


def _fit_yaml(tmp_path):
    from il6sim.fitting.synthetic import synthetic_problem

    prob, truth = synthetic_problem(seed=7, noise=0.05)
    prob.measurements.to_csv(tmp_path / "data.csv", index=False)
    doc = {"name": "syn", "measurements": "data.csv", "cell": "hepg2",
           "conditions": {"il6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
           "observables": {"pSTAT3_blot": {"model": "pSTAT3", "noise": 0.05},
                           "SOCS3_qpcr": {"model": "SOCS3_mRNA", "noise": 0.05}},
           "parameters": {"K_SOCS3": {}, "k_dephos_n": {}, "k_int_complex": {"prior_sd": 2.0}},
           # the synthetic data were made with the reference values of all other parameters
           "set": {}}
    (tmp_path / "fit.yaml").write_text(yaml.safe_dump(doc))
    return truth


def test_export_petab_counts_one_condition_in_the_singular(tmp_path):
    # a one-condition problem printed "1 conditions" (and the README said the same)
    _fit_yaml(tmp_path)
    r = run("export-petab", "fit.yaml", "--out", "pe", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert re.search(r"\(\d+ measurements, 1 condition\) -> ", r.stdout), r.stdout
    readme = (tmp_path / "pe" / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\d+ measurements, 1 condition, 3 estimated model parameters, \d+ PEtab observables\.", readme)
    from il6sim.fitting.petab import counted

    assert [counted(n, "condition") for n in (0, 1, 2)] == ["0 conditions", "1 condition", "2 conditions"]


def test_fit_and_profile_from_a_fit_yaml(tmp_path):
    import math

    truth = _fit_yaml(tmp_path)
    # the hepg2 cell preset would change other parameters; fit the synthetic data with plain reference values
    doc = yaml.safe_load((tmp_path / "fit.yaml").read_text())
    doc.pop("cell")
    (tmp_path / "fit.yaml").write_text(yaml.safe_dump(doc))
    r = run("fit", "fit.yaml", "--starts", "2", "--max-iter", "30", "--workers", "1", "--out", "res", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # stderr is a pipe here, not a terminal: progress comes as lines, as the sweeps give it
    assert "fit syn: 50% (1/2 starts, best " in r.stderr and "fit syn: 100% (2/2 starts, best " in r.stderr, r.stderr
    # each fitted value is printed with its unit
    assert re.search(r"^  K_SOCS3 +[0-9.e+-]+ nM$", r.stdout, re.M), r.stdout
    assert re.search(r"^  k_dephos_n +[0-9.e+-]+ 1/min$", r.stdout, re.M), r.stdout
    best = json.loads((tmp_path / "res" / "best_parameters.json").read_text())
    for k, v in truth.items():
        assert abs(math.log10(best["parameters"][k]["value"] / v)) < 0.15
    assert (tmp_path / "res" / "waterfall.png").stat().st_size > 5000
    assert (tmp_path / "res" / "fits_training.png").stat().st_size > 5000
    r = run("profile", "fit.yaml", "--fit", "res/best_parameters.json", "--params", "k_dephos_n", "--steps", "3",
            "--workers", "1", "--out", "prof", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # progress per step (2 x --steps), not per parameter: a one-parameter profile showed nothing until it ended
    assert "profiles: 17% (1/6 steps, parameter k_dephos_n)" in r.stderr, r.stderr
    assert "profiles: 100% (6/6 steps, parameter k_dephos_n)" in r.stderr, r.stderr
    assert re.search(r"^  k_dephos_n +[0-9.e+-]+ 1/min  95% CI \[.*\] 1/min ", r.stdout, re.M), r.stdout
    iv = pd.read_csv(tmp_path / "prof" / "intervals.csv")
    assert iv["parameter"].tolist() == ["k_dephos_n"] and (tmp_path / "prof" / "profiles.png").is_file()
    assert iv["unit"].tolist() == ["1/min"]  # the unit of best, ci95_low and ci95_high (linear values)
    pr = pd.read_csv(tmp_path / "prof" / "profiles.csv")
    # 'scaled' did not say its scale: log10 here; 'value' is linear, in 'unit'
    assert set(pr["scale"]) == {"log10"} and set(pr["unit"]) == {"1/min"}
    assert list(pr.columns) == ["parameter", "scaled", "scale", "value", "delta_2nll", "unit"]
    assert np.allclose(10 ** pr["scaled"], pr["value"])


def test_a_fit_cut_short_says_its_optimiser_did_not_converge_and_how_to_go_on(tmp_path):
    # the summary said only "(1 of 1 starts within 0.5)": nothing told a fit stopped at --max-iter from one
    # that had converged, and the first-order optimality was nowhere
    _fit_yaml(tmp_path)
    r = run("fit", "fit.yaml", "--starts", "1", "--max-iter", "1", "--out", "res", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    said = (r"^  optimiser: best start stopped at its iteration limit \(\d+ evaluations\) before converging; "
            r"first-order optimality [0-9.e+-]+; .* raise --max-iter to fit further$")
    assert re.search(said, r.stdout, re.M), r.stdout
    # how many starts reached the best value: 'within 0.5' said not of what
    assert re.search(r"^syn: \d+ data, 3 parameters; best NLL [0-9.e+-]+ \(1 of 1 starts reached it, within 0\.5\), ",
                     r.stdout, re.M), r.stdout
    best = json.loads((tmp_path / "res" / "best_parameters.json").read_text(encoding="utf-8"))
    assert best["converged"] is False and best["first_order_optimality"] > 0
    starts = pd.read_csv(tmp_path / "res" / "starts.csv")
    assert {"converged", "first_order_optimality"} <= set(starts.columns)


def test_profile_of_a_fit_that_held_a_parameter_fixed_says_so(tmp_path):
    # 'no finite numeric value for k_int_complex' did not say that the fit had held k_int_complex fixed
    _fit_yaml(tmp_path)
    fit = {"parameters": {"K_SOCS3": {"value": 1.0}, "k_dephos_n": {"value": 0.1}},
           "fixed": {"k_int_complex": 0.07, "V_medium": 0.001}}
    (tmp_path / "best.json").write_text(json.dumps(fit), encoding="utf-8")
    r = run("profile", "fit.yaml", "--fit", "best.json", "--params", "k_dephos_n", "--steps", "1", "--out", "prof",
            cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip().splitlines() == [
        "il6sim: error: --fit best.json: the fit held k_int_complex (at 0.07 1/min) fixed, which fit.yaml estimates: "
        "the fit is of another problem; profile the problem it was fitted on (the same fit YAML or PEtab problem), "
        "or leave out --fit to fit this problem first"], r.stderr
    assert not (tmp_path / "prof").exists()


@pytest.mark.parametrize("value", [1e6, 0.0])
def test_profile_refuses_a_fit_outside_the_problems_bounds(tmp_path, value):
    # a fit whose value lay outside the problem's bounds (the bounds edited after the fit) was profiled from
    # the nearest point inside, a point of no fit; 0 for a log10 parameter was a math domain error
    _fit_yaml(tmp_path)
    fit = {"parameters": {"K_SOCS3": {"value": value}, "k_dephos_n": {"value": 0.1}, "k_int_complex": {"value": 0.07}}}
    (tmp_path / "best.json").write_text(json.dumps(fit), encoding="utf-8")
    r = run("profile", "fit.yaml", "--fit", "best.json", "--params", "k_dephos_n", "--steps", "1", "--out", "prof",
            cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    shown = re.escape(f"{value:.4g}")
    assert re.match(rf"il6sim: error: --fit best.json: K_SOCS3 {shown} \(bounds [0-9.e+-]+ to [0-9.e+-]+\) outside "
                    r"the bounds of fit.yaml: .*; fit this problem first \(leave out --fit\)", r.stderr), r.stderr
    assert not (tmp_path / "prof").exists()


def test_fit_input_errors_exit_2_one_line_each(tmp_path):
    r = run("fit", str(tmp_path / "missing.yaml"))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "problem file not found" in r.stderr
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump({"measurements": "d.csv", "conditions": {},
                                                       "observables": {}, "parameters": ["K_SOCSX"], "colour": 1}))
    r = run("fit", str(tmp_path / "bad.yaml"))
    assert r.returncode == 2 and "unknown key 'colour'" in r.stderr and "Traceback" not in r.stderr
    r = run("profile", "hepg2", "--params", "K_pair", "--fit", str(tmp_path / "nofile.json"))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_fit_refuses_a_broken_petab_table_with_exit_2_naming_file_row_and_column(tmp_path):
    from il6sim.fitting.hepg2 import hepg2_problem
    from il6sim.fitting.petab import export_petab

    paths = export_petab(hepg2_problem("training"), tmp_path / "pe", lint=False)
    lines = paths["measurements"].read_text(encoding="utf-8").splitlines()
    cells = lines[6].split("\t")
    cells[lines[0].split("\t").index("measurement")] = "n.d."
    lines[6] = "\t".join(cells)
    paths["measurements"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run("fit", str(paths["problem"]), "--evaluate", "--json")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert f"{paths['measurements']}, row 7, column measurement: must be a finite number (got 'n.d.')" in r.stderr


def test_qpcr_and_densitometry_commands(tmp_path):
    rows = []
    for s, cond, socs in (("c1", "ctrl", 30.0), ("c2", "ctrl", 30.2), ("i1", "il6", 25.0), ("i2", "il6", 25.5)):
        rows += [{"sample": s, "condition": cond, "gene": "GAPDH", "ct": 18.0},
                 {"sample": s, "condition": cond, "gene": "SOCS3", "ct": socs}]
    pd.DataFrame(rows).to_csv(tmp_path / "ct.csv", index=False)
    r = run("qpcr", "ct.csv", "--reference", "GAPDH", "--control", "ctrl", "--out", "q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    summ = pd.read_csv(tmp_path / "q" / "qpcr_summary.csv").set_index("condition")
    assert 20 < summ.loc["il6", "fold_change"] < 40
    r = run("qpcr", "ct.csv", "--reference", "ACTB", "--control", "untreated", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = [x for x in r.stderr.splitlines() if x]
    assert len(lines) == 2 and all(x.startswith("il6sim: error:") for x in lines)
    bands = pd.DataFrame([{"sample": s, "condition": c, "target": t, "signal": v}
                          for s, c, p in (("a", "ctrl", 10), ("b", "il6", 40))
                          for t, v in (("pSTAT3", p), ("STAT3", 100))])
    bands.to_csv(tmp_path / "b.csv", index=False)
    r = run("densitometry", "b.csv", "--target", "pSTAT3", "--normalise-to", "STAT3", "--control", "ctrl",
            cwd=tmp_path)
    assert r.returncode == 0 and "il6" in r.stdout and "4" in r.stdout, r.stderr
