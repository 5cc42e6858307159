"""The PHH and joint HepG2 + PHH calibration problems, the pyPESTO wrapper, the calibrated set and its bands."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from il6sim.errors import InputError
from il6sim.fitting import joint, phh
from il6sim.fitting.objective import Objective
from il6sim.model.presets import PRESETS


def test_phh_data_are_packaged_with_their_licence():
    d = phh.data_dir()
    assert "MIT" in (d / "LICENSE").read_text()
    data = phh.load_data()
    blots = data[data["file"] == "western_pstat3.csv"]
    assert len(blots) == 81
    # one scale per (experiment, replicate) blot: experiments 79, 90 and 109 were blotted twice
    assert blots.groupby("experiment").ngroups == 12
    assert set(data.loc[data["split"] == "validation", "experiment"]) == {"PHH_Exp109/blot9", "PHH_Exp109/blot10"}


def test_counts_are_absolute_and_stat3_is_not_fitted():
    p = joint.joint_problem("training")
    obs = p.observables
    assert obs["SOCS3_per_cell"].scaling == "fixed" and obs["gp130_total_per_cell"].scaling == "fixed"
    assert obs["gp130_total_per_cell"].model == "gp130_total"
    m = p.measurements
    assert not m["observable"].str.contains("STAT3_molecules").any()
    # HepG2 resting counts are read from the unstimulated condition, induced ones after IL-6
    hc = m[(m["observable"] == "SOCS3_per_cell") & m["condition"].str.startswith("hepg2")]
    assert set(hc.loc[hc["time_min"] == 0, "condition"]) == {"hepg2:control"}
    assert set(hc.loc[hc["time_min"] > 0, "condition"]) == {"hepg2:il6"}
    assert ((m["observable"] == "SOCS3_per_cell") & m["condition"].str.startswith("phh")).sum() == 3


def test_joint_conditions_carry_their_cell_and_share_the_kinetics():
    p = joint.joint_problem("training")
    assert p.base == {}
    for name, c in p.conditions.items():
        cell = name.split(":")[0]
        assert dict(c.parameters) == phh.cell_values(cell), name
    assert PRESETS["phh"].values()["gp130_per_cell"] != PRESETS["hepg2"].values()["gp130_per_cell"]
    spec_kinds = {q.name: q.kind for q in __import__("il6sim.model.reference", fromlist=["x"]).reference_model().parameters}
    shared = [n for n in p.parameter_names if "@" not in n]
    assert all(spec_kinds[n] == "kinetic" for n in shared)
    # what differs between the cells is a cell quantity, estimated for PHH only
    assert [n for n in p.parameter_names if "@" in n] == ["SOCS3_translation_factor@phh"]
    assert spec_kinds["SOCS3_translation_factor"] == "cell"
    assert 10 <= len(shared) <= 15
    for c in p.conditions.values():
        assert not set(c.parameters) & set(p.parameter_names)


def test_the_two_cells_see_their_own_copy_numbers():
    p = joint.joint_problem("training")
    o = Objective(p)
    x = p.x_nominal()
    gp = {}
    for c in ("hepg2:control", "phh:il6"):
        gp[c] = o.simulate(x, c, [0.0], ["gp130_total_per_cell"])["gp130_total_per_cell"][0]
    # mass spectrometry: ~108,000 gp130 in HepG2, ~12,000 in PHH (Zeilfelder 2025)
    assert 9e4 < gp["hepg2:control"] < 1.3e5
    assert 9e3 < gp["phh:il6"] < 1.5e4


def test_phh_specific_parameters_apply_to_phh_conditions_only():
    p = joint.joint_problem("training", phh_specific=("k_tl_SOCS3",), cell_specific=())
    assert p.parameter_names[-1] == "k_tl_SOCS3@phh" and "k_tl_SOCS3" in p.parameter_names
    x = p.x_nominal().copy()
    x[p.parameter_names.index("k_tl_SOCS3")] = np.log10(0.5)
    x[p.parameter_names.index("k_tl_SOCS3@phh")] = np.log10(0.05)
    hep, ph = p.condition_values(x, "hepg2:il6"), p.condition_values(x, "phh:il6")
    assert hep["k_tl_SOCS3"] == pytest.approx(0.5) and ph["k_tl_SOCS3"] == pytest.approx(0.05)
    assert not any("@" in k for k in (*hep, *ph, *p.condition_values(x)))
    # and the simulation sees it: less SOCS3 in PHH than with the shared value
    o = Objective(p)
    low = o.simulate(x, "phh:il6", [90.0], ["SOCS3_per_cell"])["SOCS3_per_cell"][0]
    x[p.parameter_names.index("k_tl_SOCS3@phh")] = np.log10(0.5)
    assert o.simulate(x, "phh:il6", [90.0], ["SOCS3_per_cell"])["SOCS3_per_cell"][0] > 3 * low
    with pytest.raises(InputError, match="unknown model parameter 'nope@phh'"):
        joint.joint_problem("training", phh_specific=("nope",))


def test_a_cell_quantity_estimated_for_phh_replaces_the_presets_value_in_phh_only():
    p = joint.joint_problem("training")
    i = p.parameter_names.index("SOCS3_translation_factor@phh")
    x = p.x_nominal().copy()
    x[i] = np.log10(0.02)
    assert p.condition_values(x, "phh:il6")["SOCS3_translation_factor"] == pytest.approx(0.02)
    assert p.condition_values(x, "hepg2:il6").get("SOCS3_translation_factor", 1.0) == 1.0  # HepG2: the table value
    assert PRESETS["phh"].values()["SOCS3_translation_factor"] != 0.02  # the fitted value wins over the preset
    o = Objective(p)
    low = o.simulate(x, "phh:il6", [90.0], ["SOCS3_per_cell"])["SOCS3_per_cell"][0]
    x[i] = 0.0
    assert o.simulate(x, "phh:il6", [90.0], ["SOCS3_per_cell"])["SOCS3_per_cell"][0] > 3 * low
    # the PHH-only problem (figures of the PHH fit) carries it too; the HepG2-only one does not
    assert "SOCS3_translation_factor@phh" in joint.joint_problem("training", cells=("phh",)).parameter_names
    assert not any("@" in n for n in joint.joint_problem("training", cells=("hepg2",)).parameter_names)
    # phh_values replace the preset's value (PHH making SOCS3 as HepG2: the shared-translation hypothesis)
    q = joint.joint_problem("training", cell_specific=(), phh_values={"SOCS3_translation_factor": 1.0})
    assert q.conditions["phh:il6"].parameters["SOCS3_translation_factor"] == 1.0


def test_held_out_data_are_never_in_training():
    tr = joint.joint_problem("training").measurements
    ho = joint.joint_problem("validation").measurements
    assert not tr["experiment"].str.startswith("PHH_Exp109").any()
    assert "SOCS3_protein" not in set(tr["observable"])
    assert ho["experiment"].str.startswith("PHH_Exp109").any() and "SOCS3_protein" in set(ho["observable"])


def test_projected_gradient_ignores_pushes_against_active_bounds():
    from il6sim.fitting.pypesto_engine import projected_gradient

    p = joint.joint_problem("training", cells=("phh",))
    x = p.x_nominal().copy()
    x[0] = p.lower[0]
    g = np.ones(len(x))
    pg = projected_gradient(p, x, g)
    assert pg[0] == 0 and pg[1] == 1
    g[0] = -1  # pointing into the box: kept
    assert projected_gradient(p, x, g)[0] == -1


def test_pypesto_objective_is_il6sims_likelihood():
    from il6sim.fitting.pypesto_engine import to_pypesto

    p = joint.joint_problem("training", cells=("phh",))
    o = Objective(p)
    pp = to_pypesto(p, o)
    x = p.x_nominal()
    assert pp.objective(x) + o.nll_constant() == pytest.approx(o.nll(x), rel=1e-12)
    g = pp.objective(x, sensi_orders=(1,))
    assert g.shape == (len(x),) and np.all(np.isfinite(g)) and np.abs(g).max() > 0


@pytest.mark.parametrize("workers", [1, 2])
def test_pypesto_starts_report_progress_lines_in_logs(workers, capsys):
    """In a log or a pipe each finished start is counted on stderr (a bar needs a terminal), and the result
    is the same as with pyPESTO's own engine: sorted best first, one entry per start in the right order."""
    from il6sim.fitting.pypesto_engine import PypestoOptions, optimize

    p = joint.joint_problem("training", cells=("phh",))
    opts = PypestoOptions(n_starts=2, max_nfev=2, workers=workers)
    fit = optimize(p, opts, progress="lines")
    err = capsys.readouterr().err
    assert f"fit {p.name}: 50% (1/2 starts, best " in err and "100% (2/2 starts, best " in err
    assert "\r" not in err
    ref = optimize(p, opts, progress=False)
    assert capsys.readouterr().err == ""
    assert fit.fvals() == pytest.approx(ref.fvals(), rel=1e-9)
    assert sorted(r.id for r in fit.result.optimize_result) == ["0", "1"]


def test_fit_figures_shade_the_ensemble_band(tmp_path):
    """The fit figures draw the 2.5-97.5 percentile band of the ensemble members' curves behind the fit."""
    from il6sim.fitting.plots import _band, plot_fits

    p = joint.joint_problem("validation", cells=("phh",))
    o = Objective(p)
    x = p.x_nominal()
    other = x + 0.3
    first = o.evaluate(x).table.iloc[0]
    cond, obs = first["condition"], first["observable"]
    tt = np.linspace(0, 240, 60)
    a, b = (np.asarray(o.simulate(v, cond, tt, [obs])[obs]) for v in (x, other))
    lo, hi = _band(o, [x, other], cond, tt, [obs])[obs]
    assert np.all(lo >= np.minimum(a, b) - 1e-12) and np.all(hi <= np.maximum(a, b) + 1e-12)
    assert np.all(lo <= hi) and (hi - lo).max() > 0.5 * np.abs(a - b).max() > 0
    path = plot_fits(o, x, tmp_path / "fits.png", members=[x, other], title="phh held out")
    assert path.stat().st_size > 5000


def test_fit_figures_simulate_each_condition_once_for_the_fit_and_once_per_member(tmp_path, monkeypatch):
    """Panels of one condition over the same times share one simulation; each panel still gets its own
    observable's curve and band."""
    import types

    import matplotlib.pyplot as plt

    from il6sim.fitting.plots import plot_fits

    rows = [{"observable": o, "condition": c, "experiment": f"{o} {c}", "time_min": t, "value": 1.0, "scale": 1.0,
             "sd": 0.1} for o in ("a", "b") for c in ("c1", "c2") for t in (0.0, 10.0, 60.0)]
    od = types.SimpleNamespace(transform="lin", scaling="experiment", model="pSTAT3")
    calls = []

    def simulate(x, cond, tt, names):
        calls.append((cond, tuple(names)))
        return {n: x[0] + 10.0 * (n == "b") + 0.0 * np.asarray(tt) for n in names}

    obj = types.SimpleNamespace(evaluate=lambda x: types.SimpleNamespace(table=pd.DataFrame(rows)),
                                problem=types.SimpleNamespace(observables={"a": od, "b": od}), simulate=simulate)
    figs = []
    real_close = plt.close
    monkeypatch.setattr(plt, "close", lambda fig=None: figs.append(fig))
    plot_fits(obj, [0.0], tmp_path / "fits.png", members=[[1.0], [2.0], [3.0]])
    assert sorted(calls) == sorted([(c, ("a", "b")) for c in ("c1", "c2")] * 4)  # the fit and 3 members
    fig = figs[0]
    for ax, obs in zip(fig.axes, ("a", "a", "b", "b")):
        shift = 10.0 if obs == "b" else 0.0
        assert ax.lines[-1].get_ydata().max() == shift  # the fit's curve
        band = ax.collections[0].get_paths()[0].vertices[:, 1]
        assert band.min() == pytest.approx(1.05 + shift) and band.max() == pytest.approx(2.95 + shift)
    real_close(fig)


def test_count_checks_fail_when_a_count_is_far_off():
    ok = joint.count_checks({})
    assert ok["phh_gp130_molecules_per_cell"]["passed"]
    off = joint.count_checks({"k_tl_SOCS3": 5.0, "basal_SOCS3": 1.0})
    assert not off["phh_SOCS3_90min"]["passed"] or not off["hepg2_SOCS3_resting"]["passed"]


def test_calibrated_set_is_packaged_with_provenance_and_an_ensemble():
    from il6sim.fitting.ensemble import _load, ensemble, parameter_set

    d = _load("calibrated")
    prov = d["provenance"]
    assert set(prov["data_files_sha256"]) >= {"zeilfelder2025_phh/western_pstat3.csv",
                                              "zeilfelder2025_hepg2/molecules_per_cell.csv"}
    assert {"il6sim", "pypesto"} <= set(prov["versions"]) and "seed" in prov
    # the shared kinetic parameters, PHH's SOCS3 translation, and its copy for the hepatocyte preset
    from il6sim.fitting.calibrate_joint import with_same_cell_values

    expected = set(with_same_cell_values(dict.fromkeys((*joint.FITTED, *joint.CELL_SPECIFIC), 1.0)))
    assert "SOCS3_translation_factor@hepatocyte" in expected
    assert set(parameter_set()) == expected
    members = ensemble()
    assert len(members) >= 20 and all(set(m) == expected for m in members)
    # stored hashes are those of the packaged files
    assert prov["data_files_sha256"] == joint.data_sha256()


def test_calibrated_set_was_fitted_with_this_models_kinetics():
    # a changed rate law or default value leaves the packaged fit behind; a corrected source text does not
    from il6sim.engine.simulator import default_simulator
    from il6sim.fitting.ensemble import _load

    recorded = _load("calibrated")["provenance"]["model_kinetics_sha256"]
    assert recorded == default_simulator().kinetics_sha256, (
        "the model's mathematics changed since the packaged 'calibrated' set was fitted: re-run "
        "`il6sim calibrate joint --install` and then `il6sim calibrate sample --install` (make calibrate and make "
        "sample write the same without installing it) and commit the new set")


def test_unknown_parameter_set_is_an_input_error():
    from il6sim.fitting.ensemble import parameter_set

    with pytest.raises(InputError, match="unknown parameter set 'nope'") as err:
        parameter_set("nope")
    # called from Python, the message names the argument, not the CLI option
    assert str(err.value).startswith("name: ") and "--parameters" not in str(err.value)


def test_bands_enclose_the_best_values(tmp_path):
    from il6sim.fitting.ensemble import run_with_uncertainty, save_band_figures

    proto = {"name": "band test", "cell": "phh", "groups": {"il6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
             "readouts": {"observables": ["pSTAT3"], "times": ["30 min", "2 h"]}}
    ur = run_with_uncertainty(proto, n=4)
    t = ur.table
    assert {"lower", "upper"} <= set(t.columns)
    assert (t["lower"] <= t["upper"]).all()
    assert ur.n_members == 4 and ur.n_failed == 0
    assert ur.result.provenance["uncertainty"]["members_used"] == 4
    files = save_band_figures(ur, tmp_path)
    assert [f.name for f in files] == ["band_pSTAT3.png"] and files[0].stat().st_size > 1000


def test_run_uncertainty_cli_prints_lower_upper_and_rejects_bad_sizes(tmp_path, capsys):
    from il6sim.cli.main import main

    proto = tmp_path / "p.yaml"
    proto.write_text("name: t\ncell: phh\ngroups:\n  il6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]\n"
                     "readouts: {observables: [pSTAT3], times: [30 min]}\n")
    assert main(["run", str(proto), "--uncertainty", "--ensemble-size", "3", "--format", "csv"]) == 0
    df = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert list(df.columns)[-2:] == ["lower", "upper"]
    assert main(["run", str(proto), "--ensemble-size", "1"]) == 2
    err = capsys.readouterr().err
    assert "--ensemble-size needs --uncertainty" in err and "Traceback" not in err
    assert main(["run", str(proto), "--parameters", "nope"]) == 2
    assert "unknown parameter set 'nope'" in capsys.readouterr().err


def test_calibrate_joint_short_version_writes_provenance_and_counts_starts(tmp_path, capsys, monkeypatch):
    """`il6sim calibrate joint --quick`: same pipeline as `make calibrate`, 2 short starts."""
    from il6sim.cli.main import main
    from il6sim.fitting import plots

    from il6sim.fitting import calibrate_joint as joint_module

    titles = []
    drawn = plots.plot_fits
    monkeypatch.setattr(plots, "plot_fits", lambda *a, **k: titles.append(k["title"]) or drawn(*a, **k))
    out = tmp_path / "cal"
    assert main(["calibrate", "joint", "--quick", "--out", str(out), "--no-progress"]) == 0
    text = capsys.readouterr().out
    assert "2 starts" in text and "first-order optimality" in text
    d = json.loads((out / "calibrated_parameters.json").read_text())
    assert d["fit"]["n_starts"] == 2 and 1 <= d["fit"]["n_reached_best"] <= 2
    assert d["fit"]["best_nll"] > d["fit"]["best_fval"] - 1e6  # both reported
    assert d["provenance"]["seed"] == 0 and d["provenance"]["versions"]["pypesto"]
    assert len(d["provenance"]["model_kinetics_sha256"]) == 64
    assert len(d["ensemble"]["samples"]) == 100 and "Metropolis" in d["ensemble"]["method"]
    assert "sd_log10" in d["laplace"] and "samples" not in d["laplace"]
    errs = pd.read_csv(out / "errors.csv")
    assert set(errs["split"]) == {"training", "held-out"} and set(errs["cell"]) == {"hepg2", "phh"}
    # starts.csv's columns say each value's scale, as il6sim fit's do
    starts = pd.read_csv(out / "starts.csv")
    xs = [c for c in starts.columns if c.startswith(("x_", "x0_"))]
    assert xs and all(re.match(r"x0?_(log10|lin)_", c) for c in xs), xs
    assert "x_log10_K_SOCS3" in xs and "x0_log10_K_SOCS3" in xs, xs
    for f in ("fits_phh_training.png", "fits_hepg2_heldout.png", "waterfall.png", "summary.md"):
        assert (out / f).stat().st_size > 500, f
    # the quick fit's band comes from a short chain around an unconverged optimum: the figures and the
    # summary say that it does not measure uncertainty
    assert len(titles) == 4 and all(t.endswith("\n" + joint_module.QUICK_CAVEAT) for t in titles), titles
    assert f"Note: {joint_module.QUICK_CAVEAT}." in (out / "summary.md").read_text(encoding="utf-8")


def test_calibrate_rejects_a_negative_chain_length(capsys):
    from il6sim.cli.main import main

    assert main(["calibrate", "joint", "--samples", "-1"]) == 2
    err = capsys.readouterr().err
    assert "--samples must be >= 0 (got -1)" in err and "Traceback" not in err


def test_a_condition_may_not_fix_a_fitted_parameter():
    from dataclasses import replace

    p = joint.joint_problem("training", cells=("phh",))
    c = p.conditions["phh:il6"]
    bad = {"phh:il6": replace(c, parameters={**c.parameters, "k_imp_p": 0.3})}
    with pytest.raises(InputError, match="condition 'phh:il6'.*sets fitted parameter 'k_imp_p'"):
        replace(p, conditions=bad)


@pytest.mark.parametrize("n", [1, 10_000])
def test_run_with_uncertainty_refuses_sizes_outside_the_ensemble(n):
    from il6sim.fitting.ensemble import ensemble, run_with_uncertainty

    with pytest.raises(InputError, match=f"n: must be a whole number from 2 to {len(ensemble())}"):
        run_with_uncertainty("seed:classic_hepatocyte", n=n)


def test_order_constraints_penalise_only_the_shortfall_in_their_direction():
    from il6sim.fitting.problem import OrderConstraint

    rises = OrderConstraint("r", "c", "pSTAT3", 14.0, 16.0, 0.1)
    assert rises.residual(1.0, 1.2) == 0.0
    assert rises.residual(1.2, 1.0) == pytest.approx(np.log(1.2) / 0.1)
    falls = OrderConstraint("f", "c", "surface_IL6R", 0.0, 30.0, 0.1, ratio=0.6, direction="falls")
    assert falls.residual(1000.0, 500.0) == 0.0  # 50 % left: satisfied
    assert falls.residual(1000.0, 1000.0) == pytest.approx(np.log(1 / 0.6) / 0.1)
    assert falls.describe() == "surface_IL6R(30 min) <= 0.6 * surface_IL6R(0 min)"
    assert falls.residual_formula() == "max(0, ln f(30) - ln f(0) - ln 0.6) / 0.1"
    assert rises.residual_formula() == "max(0, ln f(14) - ln f(16)) / 0.1"


def test_joint_problem_can_ask_for_ligand_induced_il6r_down_regulation():
    # Zohlnhoefer 1992: IL-6 down-regulates HepG2 surface IL-6 sites with t1/2 15-30 min; no data set measures it
    from il6sim.fitting.objective import Objective

    assert [c.name for c in joint.joint_problem("training", cells=("hepg2",)).constraints] == [
        "hepg2_pSTAT3_still_rising_14_to_16_min"]  # the shipped fit (docs/calibration.md)
    p = joint.joint_problem("training", cells=("hepg2",), il6r_down_regulation=True)
    k = {c.name: c for c in p.constraints}["hepg2_surface_IL6R_down_within_30_min"]
    assert (k.direction, k.ratio, k.observable) == ("falls", 0.6, "surface_IL6R")
    assert joint.joint_problem("validation", cells=("hepg2",), il6r_down_regulation=True).constraints == ()
    o = Objective(p)
    at = o.n_data + [c.name for c in o.constraints].index(k.name)  # residuals: data, then constraints
    x = p.x_nominal()
    assert o(x)[at] == 0.0  # the table values down-regulate (~40 % left at 30 min)
    held = {"k_int_complex": 0.005, "k_int_IL6R": 0.2}  # ligand holds receptors on the surface
    x2 = np.array([q.to_scaled(held[q.name]) if q.name in held else v for q, v in zip(p.parameters, x)])
    assert o(x2)[at] > 1.0


@pytest.mark.parametrize("bad, says", [({"direction": "down"}, "direction must be 'rises' or 'falls'"),
                                       ({"ratio": 0.0}, "ratio > 0")])
def test_a_malformed_order_constraint_is_refused_with_what_it_needs(bad, says):
    from dataclasses import replace

    p = joint.joint_problem("training", cells=("hepg2",))
    k = replace(joint.HEPG2_IL6R_DOWN, **bad)
    with pytest.raises(InputError, match=says):
        replace(p, constraints=(k,))


def test_users_of_the_calibrated_set_are_told_which_checks_it_failed(capsys):
    from il6sim.cli.main import main
    from il6sim.fitting.ensemble import failed_checks, set_info

    failed = failed_checks("calibrated")
    assert any("surface IL-6 sites 30 min after IL-6" in f and f.startswith("hepg2") for f in failed)
    assert any("SOCS3_90min" in f for f in failed) and set_info("calibrated")["failed_checks"] == failed
    assert main(["run", "seed:trans_huvec", "--parameters", "calibrated", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert "il6sim: note: the 'calibrated' parameter set failed 2 of its calibration checks" in err
    assert out.startswith("group,observable") and "note" not in out
    assert main(["run", "seed:trans_huvec", "--format", "csv"]) == 0
    assert "note" not in capsys.readouterr().err  # the defaults carry no such note


def test_biology_check_reads_il6r_down_regulation_from_the_surface():
    from il6sim.fitting.hepg2 import biology_checks
    from il6sim.fitting.phh import cell_values

    base = cell_values("hepg2")
    ok = biology_checks(base)["surface_IL6R_down_with_IL6"]
    assert ok["passed"] and 0.2 < ok["value"] < 0.6  # defaults: ~40 % left at 30 min
    held = biology_checks({**base, "k_int_complex": 0.005, "k_int_IL6R": 0.2})["surface_IL6R_down_with_IL6"]
    assert not held["passed"] and held["value"] > 1.0 and "% of resting" in held["detail"]


def test_posterior_chain_resumes_from_its_checkpoint_as_if_never_interrupted(tmp_path):
    """A chain stopped after 30 steps and resumed to 60 is step for step the chain run in one go, which is
    also pyPESTO's own ``sample`` from the same start and seed (so the shipped one-command chain is reproduced)."""
    import pypesto.sample as psample

    from il6sim.fitting.pypesto_engine import to_pypesto
    from il6sim.fitting.sampling import sample_posterior, sampler_options

    p = joint.joint_problem("training", cells=("phh",))
    x = p.to_scaled({q.name: q.nominal for q in p.parameters})
    kw = dict(n_members=5, seed=3, chunk=20)
    whole = sample_posterior(p, x, n_samples=60, **kw)
    ck = tmp_path / "chain.npz"
    lines = []
    first = sample_posterior(p, x, n_samples=30, checkpoint=ck, **kw)
    assert first["resumed_at_step"] == 0 and ck.is_file()
    resumed = sample_posterior(p, x, n_samples=60, checkpoint=ck, report=lines.append, **kw)
    assert resumed["resumed_at_step"] == 30 and "resuming at step 30 of 60" in lines[0]
    assert lines[-1].startswith("chain: 60 of 60 steps")
    assert resumed["samples"] == whole["samples"] and resumed["burn_in"] == whole["burn_in"]
    # another seed does not continue this chain: it starts afresh
    other = sample_posterior(p, x, n_samples=60, checkpoint=ck, **{**kw, "seed": 4})
    assert other["resumed_at_step"] == 0 and other["samples"] != whole["samples"]
    # nor does a chain drawn with another proposal (e.g. pyPESTO's default identity, before the Laplace start)
    sample_posterior(p, x, n_samples=30, checkpoint=ck, **kw)
    with np.load(ck) as z:
        state = {k: z[k] for k in z.files}
    state["meta_proposal"] = np.asarray("identity")
    np.savez(ck, **state)
    assert sample_posterior(p, x, n_samples=60, checkpoint=ck, **kw)["resumed_at_step"] == 0
    # nor does a damaged checkpoint: it is replaced by the new chain's
    ck.write_bytes(b"not a checkpoint")
    again = sample_posterior(p, x, n_samples=60, checkpoint=ck, **kw)
    assert again["resumed_at_step"] == 0 and again["samples"] == whole["samples"]
    np.random.seed(3)
    pp = to_pypesto(p, Objective(p))
    sampler = psample.AdaptiveMetropolisSampler(options=sampler_options(p, np.asarray(x, float)))
    ref = psample.sample(pp, n_samples=60, sampler=sampler, x0=np.asarray(x, float))
    trace = np.asarray(ref.sample_result.trace_x)[0]
    post = trace[whole["burn_in"]:]
    post = post if len(post) >= 5 else trace[len(trace) // 2:]  # as sample_posterior does after a long burn-in
    idx = np.linspace(0, len(post) - 1, 5).round().astype(int)
    assert np.allclose([[p.parameters[i].to_scaled(m[n]) for i, n in enumerate(p.parameter_names)]
                        for m in whole["samples"]], post[idx])


def test_calibrate_sample_needs_a_joint_fit_of_this_model(tmp_path, capsys):
    from il6sim.cli.main import main
    from il6sim.fitting.calibrate_joint import packaged_path

    assert main(["calibrate", "sample", "--out", str(tmp_path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "no joint fit here" in err and "il6sim calibrate joint --out" in err and "Traceback" not in err
    bad = json.loads(packaged_path().read_text(encoding="utf-8"))
    bad["provenance"]["model_kinetics_sha256"] = "0" * 64
    (tmp_path / "calibrated_parameters.json").write_text(json.dumps(bad))
    assert main(["calibrate", "sample", "--out", str(tmp_path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "fitted with other model kinetics" in err and "Traceback" not in err
    assert main(["calibrate", "sample", "--samples", "0", "--out", str(tmp_path)]) == 2
    assert "--samples must be >= 1 for sample (got 0)" in capsys.readouterr().err


def test_profile_figure_zooms_to_each_profile_and_shades_the_chain_range(tmp_path, monkeypatch):
    import matplotlib.figure

    from il6sim.fitting.calibrate_joint import packaged_path
    from il6sim.fitting.profiles_joint import chain_ranges, plot

    ranges = chain_ranges(None)  # the packaged set carries a posterior chain
    assert set(ranges) >= {"k_dephos_n", "SOCS3_translation_factor@phh"} and all(lo < hi for lo, hi in ranges.values())
    laplace = json.loads(packaged_path().read_text(encoding="utf-8"))
    laplace["ensemble"] = {"method": "laplace", "samples": []}
    (tmp_path / "calibrated_parameters.json").write_text(json.dumps(laplace))
    assert chain_ranges(tmp_path) is None  # a Laplace ensemble is not shaded
    prof = {"a": {"grid_log10": [-1.1, -1.0, -0.9], "delta_2nll": [5.0, 0.0, 5.0], "x_best": -1.0,
                  "bounds_log10": [-3.0, 1.0], "ci95_log10": [-1.05, -0.95]},
            "b": {"grid_log10": [0.0, 0.05], "delta_2nll": [0.0, 6.0], "x_best": 0.0,
                  "bounds_log10": [0.0, 2.0], "ci95_log10": [None, 0.03]}}
    seen = {}
    real = matplotlib.figure.Figure.savefig

    def keep(fig, *a, **k):
        seen["axes"] = fig.axes
        return real(fig, *a, **k)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", keep)
    out = plot(prof, tmp_path / "p.png", chain={"a": [-1.04, -0.96]})
    assert out.stat().st_size > 1000
    ax_a, ax_b = seen["axes"][:2]
    lo, hi = ax_a.get_xlim()
    assert -1.2 < lo < -1.1 and -0.9 < hi < -0.8  # the profile's span, not the bounds -3..1
    assert len(ax_a.patches) == 1 and not ax_b.patches  # the chain range, shaded only where given
    assert ax_b.get_xlim()[0] < 0.0 < ax_b.get_xlim()[1]  # the bound at 0 stays in view


def test_calibrate_profiles_profiles_one_parameter_and_resumes(tmp_path, capsys):
    """`il6sim calibrate profiles --parameter k_stat3_act` on the packaged fit: the optimum sits at the lower
    bound, so the interval is open below and closes just above it; a second run reuses the saved profile."""
    from il6sim.cli.main import main

    out = tmp_path / "calibration-joint" / "profiles"
    args = ["calibrate", "profiles", "--parameter", "k_stat3_act", "--out", str(out)]
    assert main(args) == 0
    text, err = capsys.readouterr()
    assert "[1/1] profiling k_stat3_act" in err and "95 % [open below, 0.0030" in text
    d = json.loads((out / "profile_k_stat3_act.json").read_text())
    assert d["ci95_log10"][0] is None and -2.52 < d["ci95_log10"][1] < -2.48
    assert (out / "profiles.png").stat().st_size > 1000
    assert main(args) == 0
    assert "done before, skipped" in capsys.readouterr().err
    assert main(["calibrate", "profiles", "--parameter", "k_nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--parameter: not a fitted parameter: 'k_nope'" in err and "Traceback" not in err


def test_a_second_calibration_or_chain_into_the_same_folder_is_refused(tmp_path, capsys):
    from filelock import FileLock

    from il6sim.cli.main import main
    from il6sim.fitting.calibrate_joint import packaged_path
    from il6sim.io.locking import LOCK

    (tmp_path / "calibrated_parameters.json").write_text(packaged_path().read_text(encoding="utf-8"))
    with FileLock(str(tmp_path / LOCK)):  # another process writing into the folder
        for args in (["calibrate", "sample"], ["calibrate", "joint", "--quick"]):
            assert main([*args, "--out", str(tmp_path), "--no-progress"]) == 2
            err = capsys.readouterr().err
            assert "is in use by another running calibration or posterior chain" in err and "Traceback" not in err
    assert not (tmp_path / "chain_checkpoint.npz").exists() and not (tmp_path / "summary.md").exists()


def test_a_stopped_chain_says_where_its_checkpoint_reaches(tmp_path, monkeypatch):
    import pypesto.sample as psample

    from il6sim.fitting.sampling import sample_posterior

    p = joint.joint_problem("training", cells=("phh",))
    x = p.to_scaled({q.name: q.nominal for q in p.parameters})
    real = psample.AdaptiveMetropolisSampler.sample
    calls = []

    def stop_on_second(self, n_samples, beta=1.0):
        calls.append(n_samples)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, n_samples, beta)

    monkeypatch.setattr(psample.AdaptiveMetropolisSampler, "sample", stop_on_second)
    lines = []
    with pytest.raises(KeyboardInterrupt):
        sample_posterior(p, x, n_samples=40, n_members=5, chunk=20, checkpoint=tmp_path / "c.npz", report=lines.append)
    assert "holds the first 20 steps: the same command resumes there" in lines[-1]
    monkeypatch.setattr(psample.AdaptiveMetropolisSampler, "sample", real)
    done = sample_posterior(p, x, n_samples=40, n_members=5, chunk=20, checkpoint=tmp_path / "c.npz")
    assert done["resumed_at_step"] == 20


def test_a_short_chain_from_the_shipped_optimum_moves_at_once():
    """The optimum sits on five bounds; the starting proposal is capped there (sd 1/|gradient|), so a chain
    as short as `calibrate joint --quick`'s accepts proposals from its first steps (one in twenty at least;
    uncapped, the first ~600 were all rejected) and its members differ."""
    from il6sim.fitting.ensemble import _load
    from il6sim.fitting.sampling import sample_posterior

    p = joint.joint_problem("training")
    details = _load("calibrated")["parameter_details"]
    x = np.array([float(details[n]["log10"]) for n in p.parameter_names])
    assert sum(np.minimum(x - p.lower, p.upper - x) < 1e-3) >= 3, "the test needs an optimum on bounds"
    ens = sample_posterior(p, x, n_samples=200, seed=0, n_members=10)
    assert ens["acceptance_rate"] >= 0.05, ens["acceptance_rate"]
    assert len({tuple(sorted(m.items())) for m in ens["samples"]}) >= 3  # not one point repeated


def test_profile_all_refuses_unknown_names_before_making_its_folder(tmp_path):
    # the Python API checked the names after creating the output folder, leaving an empty folder behind
    from il6sim.fitting.profiles_joint import profile_all

    out = tmp_path / "fit" / "profiles"
    with pytest.raises(InputError, match="not a fitted parameter: k_nope"):
        profile_all(out, names=["k_stat3_act", "k_nope"])
    assert not (tmp_path / "fit").exists()


def test_a_flat_log_panel_shows_at_least_a_fourfold_range():
    # a control that stays within a few per cent was stretched over the whole panel height
    from il6sim.fitting.plots import widen_flat_log_axis
    from il6sim.plotting import pyplot

    plt = pyplot()
    fig, (flat, steep) = plt.subplots(1, 2)
    for ax, y in ((flat, [1.00, 1.03, 0.98]), (steep, [1.0, 30.0, 3.0])):
        ax.plot([0, 30, 60], y)
        ax.set_yscale("log")
        before = ax.get_ylim()
        widen_flat_log_axis(ax)
        lo, hi = ax.get_ylim()
        if ax is flat:
            assert hi / lo == pytest.approx(4.0) and lo < 0.98 and hi > 1.03
            assert np.sqrt(lo * hi) == pytest.approx(np.sqrt(before[0] * before[1]))
        else:
            assert (lo, hi) == before  # a real response keeps matplotlib's own limits
    plt.close(fig)


@pytest.mark.parametrize("text, why", [("{not json", "it is not JSON"),
                                       ('{"provenance": {}}', "it has no 'parameter_details' entry"),
                                       ("[1, 2]", "it does not hold a fit's parameters and provenance")])
def test_a_damaged_fit_file_is_named_in_plain_words(tmp_path, text, why):
    # it said the reader's exception: "(JSONDecodeError: Expecting property name ...)", "(KeyError: ...)"
    from il6sim.fitting.calibrate_joint import PACKAGED, sample_joint

    (tmp_path / PACKAGED).write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        sample_joint(tmp_path, n_samples=10)
    assert exc.value.lines() == [f"{tmp_path / PACKAGED}: not a joint calibration result ({why}); run `il6sim "
                                 f"calibrate joint --out {tmp_path}` again"]


def test_a_chain_too_short_for_the_geweke_test_gives_an_ensemble_and_a_warning(caplog):
    """pyPESTO's sequential Geweke test fails on a chain of fewer than 20 states ('Maximum allowed size
    exceeded'); a short chain (``il6sim calibrate sample --samples 5``) keeps all its states instead."""
    from il6sim.fitting.sampling import sample_posterior

    p = joint.joint_problem("training", cells=("phh",))
    x = p.to_scaled({q.name: q.nominal for q in p.parameters})
    with caplog.at_level("WARNING", logger="il6sim.fitting.sampling"):
        e = sample_posterior(p, x, n_samples=5, n_members=3, seed=1)
    assert e["burn_in"] == 0 and e["n_samples"] == 5 and len(e["samples"]) == 3
    assert "too short for the Geweke burn-in test" in caplog.text
