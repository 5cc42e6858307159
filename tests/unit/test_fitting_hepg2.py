"""The HepG2 calibration problem and the data checks of the hepg2 preset."""

import math

import numpy as np
import pytest

from il6sim.fitting.hepg2 import CONDITIONS, FITTED, biology_checks, data_dir, hepg2_problem, load_data
from il6sim.fitting.objective import Objective


def test_data_copy_keeps_its_licence():
    d = data_dir()
    assert "MIT License" in (d / "LICENSE").read_text() and "Nantia Leonidou" in (d / "LICENSE").read_text()


def test_load_data_maps_conditions_and_split():
    d = load_data()
    assert len(d) == 6 + 290 + 271 + 22 + 170
    assert set(d["condition"]) == {"control", "il6", "il6_actd", "chx"}
    assert (d.loc[d["file"] == "gp130_cycloheximide.csv", "condition"] == "chx").all()
    assert set(d.loc[d["split"] == "validation", "file"]) == {"western_socs3.csv", "qpcr_socs3_timecourse.csv"}
    assert not d["experiment"].isna().any() and "all" not in set(d["experiment"])
    # unlabelled qPCR rows get one scale per replicate series
    assert {e for e in d["experiment"] if e.startswith("unlabelled_rep")} == {
        "unlabelled_rep17", "unlabelled_rep19", "unlabelled_rep20", "unlabelled_rep21", "unlabelled_rep22"}
    assert CONDITIONS["il6_actd"].events[1].time == 40.0


def test_problem_sizes_and_objective_is_finite():
    tr, va = hepg2_problem("training"), hepg2_problem("validation")
    assert len(tr.measurements) + len(va.measurements) == len(load_data())
    assert "SOCS3_protein" not in set(tr.measurements["observable"])
    assert 8 <= len(tr.parameters) <= 15 and tr.parameter_names == list(FITTED)
    obj = Objective(tr)
    r = obj(tr.x_nominal())
    # data residuals, then the literature constraint on the pSTAT3 peak (training only)
    assert np.all(np.isfinite(r)) and len(r) == len(tr.measurements) + 1
    assert [k.name for k in tr.constraints] == ["pSTAT3_still_rising_14_to_16_min"] and va.constraints == ()


def test_default_hepg2_passes_the_data_checks_it_should():
    """Model 2.0 (one kinetic set, literature values) against the HepG2 data checks."""
    from il6sim.model.presets import CellSpec

    checks = biology_checks(CellSpec.parse("hepg2").resolve())
    assert set(checks) >= {"pSTAT3_peak_time", "pSTAT3_2h_below_20pct", "SOCS3_mRNA_peak_time",
                           "SOCS3_mRNA_half_life_actD", "gp130_mRNA_half_life_actD", "STAT3_mRNA_half_life_actD",
                           "receptor_loss_chx"}
    failed = {k for k, v in checks.items() if not v["passed"]}
    # SOCS3 mRNA peaks at ~80 min instead of 30-60 min: pSTAT3 stays near its plateau until ~40 min
    # (a target for the joint calibration, docs/model.md)
    assert failed == {"SOCS3_mRNA_peak_time"}, {k: checks[k]["detail"] for k in failed}


def test_the_checks_can_fail():
    """Without SOCS3 the response does not end: the 2 h check fails."""
    from il6sim.model.presets import CellSpec

    checks = biology_checks({**CellSpec.parse("hepg2").resolve(), "gene_SOCS3": 0.0})
    assert not checks["pSTAT3_2h_below_20pct"]["passed"]


def test_a_knocked_out_gene_fails_its_decay_check_without_numerical_noise():
    """No SOCS3 mRNA to decay: the actinomycin D check fails and says why (no log of zero)."""
    import warnings

    from il6sim.model.presets import CellSpec

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        checks = biology_checks({**CellSpec.parse("hepg2").resolve(), "gene_SOCS3": 0.0})
    c = checks["SOCS3_mRNA_half_life_actD"]
    assert not c["passed"] and c["model_half_life_min"] is None
    assert "knocked out" in c["detail"]
    # the other gene's check still measures a decay: a finite half-life from the fitted slope, and it passes
    gp = checks["gp130_mRNA_half_life_actD"]
    assert gp["passed"] and gp["model_slope_per_min"] < 0
    assert gp["model_half_life_min"] == pytest.approx(math.log(2) / -gp["model_slope_per_min"], rel=1e-9)


def test_calibration_doc_says_how_model_2_runs_the_hepg2_only_problem():
    # docs/calibration.md keeps the model 1.0 text of the HepG2-only fit; its note says what model 2.0 changed:
    # the observable of the cycloheximide series and two of the 15 fitted parameters
    import re
    from pathlib import Path

    from il6sim.fitting.hepg2 import OBSERVABLES

    doc = (Path(__file__).resolve().parents[2] / "docs" / "calibration.md").read_text(encoding="utf-8")
    section = " ".join(doc.split("# HepG2-only calibration", 1)[1].split())
    note = re.search(r"Model 2\.0 runs the same problem .*? checks below are model 1\.0's\.", section).group(0)
    chx = OBSERVABLES["gp130_surface_binding_sites_percent"].model
    assert f"the cycloheximide series is compared with `{chx}`" in note
    m = re.search(r"\(`(\w+)`, `(\w+)`\) is fitted in place of gp130's \(`(\w+)`, `(\w+)`\)", note)
    listed = re.search(r"15 parameters on log10 scale within the parameter table's bounds: (.*?)\. ", section).group(1)
    model1 = [n.strip() for n in listed.split(",")]
    assert len(model1) == 15 and {m.group(3), m.group(4)} <= set(model1)
    assert set(FITTED) == (set(model1) - {m.group(3), m.group(4)}) | {m.group(1), m.group(2)}
