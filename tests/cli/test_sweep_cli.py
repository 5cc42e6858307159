"""``il6sim sweep``, ``sensitivity`` and ``population`` as installed commands."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

BIN = Path(sys.executable).parent / "il6sim"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(*args, cwd=None):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=300)


SWEEP = """\
protocol: seed:trans_huvec
design:
  method: sobol
  n: 8
  seed: 1
  parameters:
    IL6R_per_cell: {dist: loguniform, low: 10, high: 5000}
readouts: {observables: [pSTAT3], times: [0 min, 30 min], metrics: [auc]}
execution: {scheduler: serial, chunk_size: 3}
"""


def test_sweep_writes_parquet_and_resumes(tmp_path):
    (tmp_path / "s.yaml").write_text(SWEEP)
    r = run("sweep", "s.yaml", "-o", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "8 runs x 4 groups, 0 failed" in r.stdout
    t = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    assert len(t) == 8 * 4 * 3 and sorted(t.run_id.unique()) == list(range(8))
    prov = json.loads((tmp_path / "out" / "provenance.json").read_text())
    assert prov["seed"] == 1 and prov["complete"]
    r2 = run("sweep", "s.yaml", "-o", "out", cwd=tmp_path)
    assert r2.returncode == 0 and "all 3 chunks done earlier" in r2.stdout


def test_bad_spec_one_line_per_problem_nothing_written(tmp_path):
    (tmp_path / "bad.yaml").write_text(SWEEP.replace("n: 8", "n: -3").replace("pSTAT3]", "pSTAT9]")
                                       .replace("loguniform, low: 10", "loguniform, low: 0"))
    r = run("sweep", "bad.yaml", "-o", "out", cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 3 and all(ln.startswith("il6sim: error: bad.yaml: ") for ln in lines)
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_population_and_sensitivity_examples_small(tmp_path):
    pop = (EXAMPLES / "sweep_population.yaml").read_text().replace("n: 2000", "n: 10")
    pop = pop.replace("scheduler: auto", "scheduler: serial")
    (tmp_path / "p.yaml").write_text(pop)
    r = run("population", "p.yaml", "-o", "pop", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "classic + tocilizumab" in r.stdout and (tmp_path / "pop" / "population.png").exists()
    # the figure and the per-cell table are named with the summary (only summary.csv was)
    assert f"-> {Path('pop') / 'summary.csv'}, {Path('pop') / 'cells.parquet'}, {Path('pop') / 'population.png'}" \
        in r.stdout
    sa = (EXAMPLES / "sweep_sensitivity.yaml").read_text()
    (tmp_path / "sa.yaml").write_text(sa)
    r = run("sensitivity", "sa.yaml", "-o", "sa", "--method", "morris", "--n", "2", "--scheduler", "serial",
            "--output", "trans:pSTAT3:auc", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert ("trans:pSTAT3:auc  (morris, 14 runs; mu_star in fraction of total STAT3 x min per unit of probability "
            "range, not normalised; +/- 95 % confidence half-width of mu_star)") in r.stdout
    # the bar plot is named with indices.csv (it was not mentioned)
    assert f"-> {Path('sa') / 'indices.csv'}, {Path('sa') / 'sensitivity_1.png'}, {Path('sa') / 'runs.parquet'}" \
        in r.stdout
    assert (tmp_path / "sa" / "indices.csv").exists() and (tmp_path / "sa" / "sensitivity_1.png").exists()
    r = run("sensitivity", "sa.yaml", "--output", "trans:pSTAT3:area", cwd=tmp_path)
    assert r.returncode == 2 and "--output" in r.stderr and "Traceback" not in r.stderr


def test_sweep_without_metrics_summarises_the_value_at_30_min(tmp_path):
    # metrics: [] reads only the values at the readout times; the summary took the first metric and
    # failed with an IndexError traceback after the runs were written
    (tmp_path / "s.yaml").write_text(SWEEP.replace("metrics: [auc]", "metrics: []"), encoding="utf-8")
    r = run("sweep", "s.yaml", "-o", "out", "--no-progress", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "classic / trans pSTAT3 (at 30 min)" in r.stdout
    summary = pd.read_csv(tmp_path / "out" / "summary.csv")
    assert set(summary["response"]) == {"classic:pSTAT3:30 / trans:pSTAT3:30"}
    assert summary["response_median"].notna().all()
    assert (tmp_path / "out" / "summary.png").exists()


def test_sensitivity_prints_sobol_indices_with_their_confidence(tmp_path):
    # with a small n the indices are noise (S1 above 1 or below 0); the printout gave them without the 95 %
    # confidence half-widths that indices.csv holds, so they read as precise
    spec = tmp_path / "s.yaml"
    spec.write_text("protocol: seed:trans_huvec\nparameters: {IL6R_per_cell: {}, K_SOCS3: {}}\n"
                    "readouts: {observables: [pSTAT3], times: [30 min], metrics: [auc]}\n"
                    "sensitivity: {method: sobol, n: 4, seed: 1, outputs: ['trans:pSTAT3:auc']}\n",
                    encoding="utf-8")
    r = run("sensitivity", str(spec), "-o", str(tmp_path / "o"), "--scheduler", "serial", "--no-progress",
            "--no-plot")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "trans:pSTAT3:auc  (sobol, 16 runs; +/- 95 % confidence half-width)"
    idx = pd.read_csv(tmp_path / "o" / "indices.csv")
    for line, (_, row) in zip(lines[1:3], idx.iterrows()):
        assert line.split()[1] == row["parameter"]
        assert f"ST {row['ST']:9.4g} +/- {row['ST_conf']:<9.2g}  S1 {row['S1']:6.3f} +/- {row['S1_conf']:.2g}" in line


def test_an_output_of_two_readouts_joined_without_spaces_says_how_to_write_a_ratio(tmp_path):
    # 'classic:pSTAT3:auc/trans:pSTAT3:auc' was "unknown group 'classic:pSTAT3:auc/trans'", and
    # 'A - B' likewise, though the group names were right
    spec = tmp_path / "s.yaml"
    text = ("protocol: seed:trans_huvec\nparameters: {IL6R_per_cell: {}, K_SOCS3: {}}\n"
            "readouts: {observables: [pSTAT3], times: [30 min], metrics: [auc]}\n"
            "sensitivity: {method: sobol, n: 4, seed: 1, outputs: ['OUTPUT']}\n")
    spec.write_text(text.replace("OUTPUT", "classic:pSTAT3:auc/trans:pSTAT3:auc"), encoding="utf-8")
    r = run("sensitivity", str(spec), "-o", str(tmp_path / "o"), "--scheduler", "serial")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        f"il6sim: error: {spec}: sensitivity.outputs: 'classic:pSTAT3:auc/trans:pSTAT3:auc' is two readouts "
        "joined by '/'; a ratio has spaces around it: 'classic:pSTAT3:auc / trans:pSTAT3:auc'"]
    spec.write_text(text.replace("OUTPUT", "trans:pSTAT3:30 - classic:pSTAT3:30"), encoding="utf-8")
    r = run("sensitivity", str(spec), "-o", str(tmp_path / "o"), "--scheduler", "serial")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert ("'trans:pSTAT3:30 - classic:pSTAT3:30' is two readouts joined by '-'; an output is one readout or a "
            "ratio of two") in r.stderr and "unknown group" not in r.stderr
    assert not (tmp_path / "o").exists()


def test_population_table_keeps_values_in_exponent_form_apart(tmp_path):
    # trans_complexes of untreated cells (~2e-05 per cell) printed '1.999e-051.316e-053.309e-05': the median, p05 and
    # p95 columns ran together
    spec = tmp_path / "p.yaml"
    spec.write_text("protocol: seed:trans_huvec\npopulation: {n: 3, seed: 1, cv: {IL6R_per_cell: 0.3}}\n"
                    "readout: {observable: trans_complexes, time: 30 min}\ngroups: [control]\n", encoding="utf-8")
    r = run("population", str(spec), "-o", str(tmp_path / "o"), "--scheduler", "serial", "--no-progress", "--no-plot")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.split()[:2] == ["group", "median"])
    row = lines[head + 1].split()
    assert row[0] == "control" and len(row) == 6 and "e-05" in row[1], lines[head + 1]
    summary = pd.read_csv(tmp_path / "o" / "summary.csv")
    assert [float(v) for v in row[1:4]] == [float(f"{summary[c].iloc[0]:.4g}") for c in ("median", "p05", "p95")]
