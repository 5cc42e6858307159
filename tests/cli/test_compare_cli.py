"""`il6sim compare` and `il6sim dose-response` as installed commands."""

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "il6sim"


def run(*args, cwd=None, env=None):
    env = dict(os.environ, MPLBACKEND="Agg", **(env or {}))
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=300)


def test_unknown_cell_is_one_line_exit_2():
    r = run("compare", "--cells", "hrec,nonsense")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "nonsense" in lines[0] and "Traceback" not in r.stderr


def test_compare_out_writes_report_and_json_records(tmp_path):
    out = tmp_path / "o"
    r = run("compare", "--cells", "hrec", "--json", "--out", str(out), "--map-grid", "3x2")
    assert r.returncode == 0, r.stderr
    recs = json.loads(r.stdout)
    need = {"row", "cell", "metric", "classic", "trans", "seed_claim", "model_verdict", "literature_verdict", "agrees"}
    assert recs and all(need <= set(x) for x in recs)
    assert {x["claim"] for x in recs} >= {"S1", "S2", "S3", "S4", "C1", "S5", "S6", "S8", "E4"}
    assert r.stderr.strip().splitlines()[-1].endswith("report.html")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and 'src="http' not in html
    for section in ("Summary table", "Claim by claim", "Methods", "Parameters used", "Provenance", "sbml_sha256"):
        assert section in html
    for f in ("comparison.csv", "pharmacology.csv", "receptor_map.csv", "provenance.json",
              "figures/timecourses_hrec.png", "figures/timecourses_hrec.svg", "figures/dose_response.svg",
              "figures/receptor_map.png", "figures/agreement.png"):
        assert (out / f).stat().st_size > 0, f
    import csv

    with open(out / "receptor_map.csv", encoding="utf-8") as fh:
        grid = list(csv.DictReader(fh))
    assert len(grid) == 3 * 2 and {float(g["IL6R_per_cell"]) for g in grid} >= {0.0}
    # column names carry their unit: AUCs are fraction of STAT3 x min, the ratio is dimensionless
    assert list(grid[0]) == ["IL6R_per_cell", "gp130_per_cell", "classic_auc_STAT3_fraction_min",
                             "trans_auc_STAT3_fraction_min", "classic_trans_auc_ratio"]
    with open(out / "pharmacology.csv", encoding="utf-8") as fh:
        pharm = list(csv.DictReader(fh))
    units = {p["kind"]: p["high_dose_plateau_unit"] for p in pharm}
    assert "hill" not in pharm[0] and "top" not in pharm[0]  # the columns of `il6sim dose-response -o`
    assert "fraction of total STAT3" in units["agonist"] and "uninhibited" in units["inhibitor"]


def test_compare_text_fits_the_terminal_width():
    r = run("compare", "--cells", "hrec,hepg2", env={"COLUMNS": "100"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "CLASSIFICATION RULES" in r.stdout and "verdict" in r.stdout
    assert max(len(x) for x in lines) <= 100


def test_bad_map_grid_is_one_line_exit_2(tmp_path):
    r = run("compare", "--cells", "hrec", "--out", str(tmp_path / "o"), "--map-grid", "1x5")
    assert r.returncode == 2 and "--map-grid" in r.stderr and "Traceback" not in r.stderr


def test_dose_response_json():
    r = run("dose-response", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    keys = {c["key"] for c in d["curves"]}
    assert {"il6_classic", "hyper_il6", "il6_sil6r_equimolar", "sgp130Fc_trans", "sgp130Fc_classic",
            "tocilizumab_classic", "sarilumab_classic", "ruxolitinib_classic", "baricitinib_classic"} <= keys
    ratio = [x["value"] for x in d["derived"] if "potency ratio" in x["quantity"]]
    assert len(ratio) == 1 and 10 <= ratio[0] <= 1000  # Hyper-IL-6 clearly more potent (S6)


def test_the_printed_table_names_the_literature_not_a_file_that_is_not_shipped():
    # the literature line gave "[EVIDENCE.md 1, S1; grade A]", a file no installation has; it now gives the sources,
    # as report.html does, and the key under the table says what the grades mean
    from il6sim.compare.claims import CLAIMS

    r = run("compare", "--cells", "hrec", "--map-grid", "0")
    assert r.returncode == 0, r.stderr
    text = " ".join(r.stdout.split())
    assert "EVIDENCE" not in text
    assert f"[{CLAIMS['S1'].sources}; grade A]" in text
    assert "grade of the literature: A, stated in a primary paper on a relevant human system" in text


def test_results_of_an_earlier_comparison_left_in_the_out_folder_are_named(tmp_path):
    # an earlier receptor map (this run has --map-grid 0) and the figures of a cell not in --cells stayed beside
    # the new report unannounced; the report's path is still printed last
    out = tmp_path / "o"
    (out / "figures").mkdir(parents=True)
    for name in ("receptor_map.csv", "figures/timecourses_hepg2.png", "figures/timecourses_hrec.png"):
        (out / name).write_text("earlier\n", encoding="utf-8")
    r = run("compare", "--cells", "hrec", "--map-grid", "0", "--out", str(out), "--json")
    assert r.returncode == 0, r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[-2] == (f"il6sim: note: {out} also holds 2 files of an earlier run that this run did not write: "
                         "receptor_map.csv, figures/timecourses_hepg2.png; they do not belong to these results (use "
                         "a new folder, or delete them)")
    assert lines[-1] == f"report: {out / 'report.html'}"
