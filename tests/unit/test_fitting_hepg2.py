"""The HepG2 calibration problem, the packaged calibration and the hepg2 preset."""

import json

import numpy as np
import pytest

from il6sim.fitting.calibrate import load_packaged_calibration
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


def test_packaged_calibration_is_better_than_literature_and_has_provenance():
    pk = load_packaged_calibration()
    assert pk is not None and set(pk["parameters"]) == set(FITTED)
    prov = pk["provenance"]
    assert "Zeilfelder" in prov["problem_provenance"]["data"] and prov["data_sha256"]
    tr = hepg2_problem("training")
    obj = Objective(tr)
    x_fit = tr.to_scaled(pk["parameters"])
    assert np.all(x_fit >= tr.lower - 1e-9) and np.all(x_fit <= tr.upper + 1e-9)
    assert obj.nll(x_fit) < obj.nll(tr.x_nominal()) - 100
    assert obj.nll(x_fit) == pytest.approx(pk["nll"], rel=1e-3)


def test_hepg2_preset_uses_the_calibration():
    from il6sim.model.presets import PRESETS, CellSpec

    pk = load_packaged_calibration()
    pre = PRESETS["hepg2"]
    vals = CellSpec.parse("hepg2").resolve()
    assert vals["IL6R_per_cell"] == 1200  # literature, not fitted
    for k, v in pk["parameters"].items():
        assert vals[k] == pytest.approx(v)
        assert "Zeilfelder" in pre.parameter_sources[k]


def test_calibrated_hepg2_is_still_biology():
    """The issue's checks: pSTAT3 peak 15-30 min and < 20 % of peak at 2 h; SOCS3 mRNA peak 30-60 min;
    mRNA half-lives (actinomycin D) and receptor loss (cycloheximide) match the data."""
    from il6sim.model.presets import CellSpec

    checks = biology_checks(CellSpec.parse("hepg2").resolve())
    failed = {k: v["detail"] for k, v in checks.items() if not v["passed"]}
    assert not failed, failed
    assert set(checks) >= {"pSTAT3_peak_time", "pSTAT3_2h_below_20pct", "SOCS3_mRNA_peak_time",
                           "SOCS3_mRNA_half_life_actD", "gp130_mRNA_half_life_actD", "STAT3_mRNA_half_life_actD",
                           "receptor_loss_chx"}


def test_literature_values_fail_the_pstat3_check():
    """The checks can fail: the uncalibrated model stays at ~50 % of its peak at 2 h."""
    checks = biology_checks({"IL6R_per_cell": 1200.0, "gp130_per_cell": 5000.0})
    assert not checks["pSTAT3_2h_below_20pct"]["passed"]
