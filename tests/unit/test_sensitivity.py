"""Global sensitivity: known Sobol indices (Ishigami), Morris ranking, spec checks, a small model run."""

import numpy as np
import pytest

from il6sim.errors import InputError
from il6sim.sweeps.design import ParameterDist
from il6sim.sweeps.sensitivity import load_sensitivity_spec, morris_indices, plot_indices, run_sensitivity, sobol_indices

A, B = 7.0, 0.1
# analytic indices of the Ishigami function (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer)
_V = A ** 2 / 8 + B * np.pi ** 4 / 5 + B ** 2 * np.pi ** 8 / 18 + 0.5
_V1 = 0.5 * (1 + B * np.pi ** 4 / 5) ** 2
_V2 = A ** 2 / 8
_V13 = B ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
S1 = {"x1": _V1 / _V, "x2": _V2 / _V, "x3": 0.0}
ST = {"x1": (_V1 + _V13) / _V, "x2": _V2 / _V, "x3": _V13 / _V}


def ishigami(x):
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def _uniform(names, low=-np.pi, high=np.pi):
    return [ParameterDist(n, "uniform", low=low, high=high) for n in names]


def test_ishigami_sobol_indices_recovered():
    si = sobol_indices(ishigami, _uniform(["x1", "x2", "x3"]), n=4096, seed=2).set_index("parameter")
    for p in ("x1", "x2", "x3"):
        assert si.loc[p, "S1"] == pytest.approx(S1[p], abs=0.03)
        assert si.loc[p, "ST"] == pytest.approx(ST[p], abs=0.03)
    assert list(si.index) == ["x1", "x2", "x3"]  # ranked by ST: 0.56, 0.44, 0.24


def test_indices_refer_to_the_distributions():
    """A log-uniform input: the output log10(x) is then uniform in the unit space; y = log10(a) + 0*b."""
    ps = [ParameterDist("a", "loguniform", low=1, high=1e4), ParameterDist("b", "uniform", low=0, high=1)]
    si = sobol_indices(lambda x: np.log10(x[:, 0]), ps, n=512, seed=1).set_index("parameter")
    assert si.loc["a", "ST"] == pytest.approx(1, abs=0.02) and abs(si.loc["b", "ST"]) < 1e-9


def test_morris_ranks_a_linear_function():
    mi = morris_indices(lambda x: 10 * x[:, 0] + 1 * x[:, 1] + 0 * x[:, 2], _uniform(["a", "b", "c"], 0, 1), n=20, seed=1)
    assert list(mi.parameter) == ["a", "b", "c"]
    assert mi.mu_star.iloc[0] == pytest.approx(10) and mi.mu_star.iloc[2] == 0


def test_morris_effects_of_a_lognormal_parameter_are_per_unit_of_probability_like_the_others():
    """y = 3 P(a) + 3 b with a log-normal (P its CDF) and b uniform on [0, 1]: both change y by 3 over their
    probability range, so their mu* are equal (3). Before, a's was 3 (1 - 1/levels): 2.25 with 4 levels, 2.5
    with 6, ranking a log-normal parameter below a uniform one of the same effect."""
    from scipy.special import ndtr

    sigma = np.sqrt(np.log1p(0.5 ** 2))
    ps = [ParameterDist("a", "lognormal", median=10.0, cv=0.5), ParameterDist("b", "uniform", low=0, high=1)]
    for levels in (4, 6):
        mi = morris_indices(lambda x: 3 * ndtr(np.log(x[:, 0] / 10.0) / sigma) + 3 * x[:, 1], ps, n=10, seed=1,
                            levels=levels).set_index("parameter")
        for p in ("a", "b"):
            assert mi.loc[p, "mu_star"] == pytest.approx(3) and mi.loc[p, "mu"] == pytest.approx(3)
            assert mi.loc[p, "sigma"] == pytest.approx(0, abs=1e-9)


def test_indices_csv_of_morris_says_the_unit_of_its_effects(tmp_path):
    """Morris mu, mu* and sigma are in the output's unit per unit of probability range; indices.csv said it
    nowhere (only the printout did)."""
    import pandas as pd

    spec = {"protocol": "seed:trans_huvec",
            "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}, "K_SOCS3": {}},
            "readouts": {"observables": ["pSTAT3"], "times": ["30 min"], "metrics": ["auc"]},
            "sensitivity": {"method": "morris", "n": 2, "seed": 1,
                            "outputs": ["trans:pSTAT3:auc", "classic:pSTAT3:auc / trans:pSTAT3:auc"]}}
    run_sensitivity(spec, tmp_path / "m", scheduler="serial", plot=False)
    df = pd.read_csv(tmp_path / "m" / "indices.csv", encoding="utf-8")
    units = dict(zip(df["output"], df["unit"]))
    assert units == {"trans:pSTAT3:auc": "fraction of total STAT3 x min per unit of probability range",
                     "classic:pSTAT3:auc / trans:pSTAT3:auc": "ratio (no unit) per unit of probability range"}
    spec["sensitivity"].update(method="sobol", n=4)
    assert "unit" not in run_sensitivity(spec, scheduler="serial").indices  # Sobol indices are fractions


@pytest.mark.parametrize("second_order", [False, True])
def test_a_failed_run_makes_sobol_indices_nan_not_zero(second_order):
    """SALib returned S1 = ST = 0 +/- 0 for every parameter when one output was NaN (a failed run), which reads
    as 'nothing matters' while the warning said the indices were NaN; Morris gave NaN already."""
    from il6sim.sweeps.sensitivity import analyze, sample

    ps = _uniform(["a", "b", "c"], 0, 1)
    u, x = sample("sobol", ps, 64, 1, second_order=second_order)
    y = 2 * x[:, 0] + x[:, 1]
    assert analyze("sobol", ps, u, y, second_order=second_order).set_index("parameter").loc["a", "ST"] > 0.5
    y[7] = np.nan
    si = analyze("sobol", ps, u, y, second_order=second_order)
    assert si[["S1", "S1_conf", "ST", "ST_conf"]].isna().all().all()
    if second_order:
        assert all(np.isnan(r["S2"]) and np.isnan(r["S2_conf"]) for r in si.attrs["S2"])
    u, x = sample("morris", ps, 10, 1)
    y = 2 * x[:, 0] + x[:, 1]
    y[7] = np.nan
    assert analyze("morris", ps, u, y)[["mu", "mu_star", "sigma"]].isna().all().all()


def test_parameters_of_an_output_with_a_failed_run_have_no_rank(tmp_path, capsys, monkeypatch):
    """Indices that are NaN were numbered 1, 2, 3 in input order in indices.csv and the printout, as if ranked."""
    import pandas as pd
    import yaml

    import il6sim.sweeps.plan as plan
    from il6sim.cli.main import main

    real = plan.worker_simulator

    class FailsTrans:  # run 5's trans group fails, as a solver failure would
        def __init__(self, sim):
            self.sim = sim

        def __getattr__(self, name):
            return getattr(self.sim, name)

        def simulate_groups(self, params, events, grid, *, contexts, **kw):
            res = self.sim.simulate_groups(params, events, grid, contexts=contexts, **kw)
            return [RuntimeError("solver failed") if c == "run 5, group 'trans'" else r for c, r in zip(contexts, res)]

    monkeypatch.setattr(plan, "worker_simulator", lambda ref: FailsTrans(real(ref)))
    spec = {"protocol": "seed:trans_huvec",
            "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}, "K_SOCS3": {}},
            "readouts": {"observables": ["pSTAT3"], "times": ["30 min"]},
            "sensitivity": {"method": "sobol", "n": 4, "seed": 1,
                            "outputs": ["trans:pSTAT3:30", "classic:pSTAT3:30"]},
            "execution": {"scheduler": "serial"}}
    f = tmp_path / "sa.yaml"
    f.write_text(yaml.safe_dump(spec), encoding="utf-8")
    assert main(["sensitivity", str(f), "-o", str(tmp_path / "o"), "--no-plot", "--no-progress"]) == 0
    out = capsys.readouterr().out
    df = pd.read_csv(tmp_path / "o" / "indices.csv", encoding="utf-8")
    trans, classic = df[df.output == "trans:pSTAT3:30"], df[df.output == "classic:pSTAT3:30"]
    assert trans["ST"].isna().all() and trans["rank"].isna().all() and (trans["n_not_finite"] == 1).all()
    assert list(classic["rank"]) == [1, 2] and classic["ST"].notna().all()
    assert "   -. IL6R_per_cell" in out and "   1. " in out


def test_plot_ranked_bars(tmp_path):
    si = sobol_indices(ishigami, _uniform(["x1", "x2", "x3"]), n=256, seed=2)
    ax = plot_indices(si, title="Ishigami")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["x3", "x2", "x1"]  # largest on top
    ax.figure.savefig(tmp_path / "p.png")
    assert (tmp_path / "p.png").stat().st_size > 1000


SPEC = {
    "protocol": "seed:trans_huvec",
    "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}, "gp130_per_cell": {}, "K_SOCS3": {}},
    "readouts": {"observables": ["pSTAT3"], "times": ["15 min", "30 min", "1 h"], "metrics": ["auc"]},
    "sensitivity": {"method": "sobol", "n": 8, "seed": 1,
                    "outputs": ["classic:pSTAT3:auc / trans:pSTAT3:auc", "trans:pSTAT3:30"]},
}


def test_model_sensitivity_of_the_classic_trans_ratio(tmp_path):
    res = run_sensitivity(SPEC, tmp_path / "sa", scheduler="serial")
    ix = res.indices
    assert set(ix.output) == set(SPEC["sensitivity"]["outputs"])
    assert res.sweep.n_runs == 8 * (3 + 2)
    ratio = ix[ix.output == SPEC["sensitivity"]["outputs"][0]]
    assert "IL6R_per_cell" in list(ratio.parameter.iloc[:2])  # IL-6R is among what decides classic vs trans
    assert (tmp_path / "sa" / "indices.csv").exists() and len(res.figures) == 2
    assert all(p.stat().st_size > 1000 for p in res.figures)


def test_progress_lines_are_named_sensitivity_not_sweep(capsys):
    # a log of `il6sim sensitivity` read "sweep: 100% (12/12 runs)"
    spec = dict(SPEC, sensitivity={"method": "morris", "n": 3, "seed": 1, "outputs": ["trans:pSTAT3:auc"]})
    run_sensitivity(spec, None, scheduler="serial", plot=False, progress="lines")
    err = capsys.readouterr().err
    assert "sensitivity: 100% (12/12 runs)" in err and "sweep:" not in err


def test_a_rerun_into_the_folder_says_the_runs_were_done_earlier(tmp_path, capsys):
    # `il6sim sweep` says "(already complete: ...)"; sensitivity printed the indices as if it had run the sample
    import yaml

    from il6sim.cli.main import main

    spec = dict(SPEC, sensitivity={"method": "morris", "n": 3, "seed": 1, "outputs": ["trans:pSTAT3:auc"]},
                execution={"scheduler": "serial"})
    f = tmp_path / "sa.yaml"
    f.write_text(yaml.safe_dump(spec), encoding="utf-8")
    argv = ["sensitivity", str(f), "-o", str(tmp_path / "o"), "--no-plot", "--no-progress"]
    assert main(argv) == 0
    assert "already" not in capsys.readouterr().out
    assert main(argv) == 0
    assert "12 runs (already complete: all 1 chunk done earlier; nothing run)" in capsys.readouterr().out.splitlines()


def test_morris_printout_gives_mu_star_with_its_confidence(tmp_path, capsys):
    # Sobol's printout gave each index +/- its 95 % half-width, Morris' gave mu_star alone: two parameters with
    # overlapping intervals (0.43 +/- 0.10 and 0.41 +/- 0.27) read as ranked 1 and 2
    import pandas as pd
    import yaml

    from il6sim.cli.main import main

    spec = dict(SPEC, sensitivity={"method": "morris", "n": 3, "seed": 1, "outputs": ["trans:pSTAT3:auc"]},
                execution={"scheduler": "serial"})
    f = tmp_path / "sa.yaml"
    f.write_text(yaml.safe_dump(spec), encoding="utf-8")
    assert main(["sensitivity", str(f), "-o", str(tmp_path / "o"), "--no-plot", "--no-progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # ... and says what mu_star is in: the output's unit per unit of probability range, not normalised
    assert lines[0] == ("trans:pSTAT3:auc  (morris, 12 runs; mu_star in fraction of total STAT3 x min per unit of "
                        "probability range, not normalised; +/- 95 % confidence half-width of mu_star)")
    ix = pd.read_csv(tmp_path / "o" / "indices.csv")
    for line, (_, r) in zip(lines[1:4], ix.iterrows()):
        assert f"mu_star {r['mu_star']:9.4g} +/- {r['mu_star_conf']:<9.2g}  sigma" in line, line


def test_too_few_sobol_base_samples_are_warned_about(caplog):
    # n = 8 printed indices with wide half-widths and no word that they are not stable
    import logging

    from il6sim.sweeps.sensitivity import MIN_STABLE_SOBOL_N, sample

    ps = _uniform(["a", "b"])
    with caplog.at_level(logging.WARNING, logger="il6sim.sweeps.sensitivity"):
        sample("sobol", ps, 8, 1)
    few = [r.getMessage() for r in caplog.records if "too few for stable indices" in r.getMessage()]
    assert few == ["Sobol' base samples n = 8 are too few for stable indices: below 256 they change with the seed "
                   "(often by 0.1 or more) and their confidence half-widths are wide; read them as a rough screen, "
                   "or use n = 256 or more (SALib's examples use 512 to 1024)"]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="il6sim.sweeps.sensitivity"):
        sample("sobol", ps, MIN_STABLE_SOBOL_N, 1)
        sample("morris", ps, 4, 1)  # Morris screening counts trajectories: no such warning
    assert not caplog.records


def test_morris_on_the_model_runs(tmp_path):
    spec = dict(SPEC, sensitivity={"method": "morris", "n": 3, "seed": 1, "outputs": ["trans:pSTAT3:auc"]})
    res = run_sensitivity(spec, None, scheduler="serial", plot=False)
    assert res.sweep.n_runs == 3 * 4 and {"mu_star", "sigma"} <= set(res.indices.columns)


def test_a_misspelt_distribution_in_a_sensitivity_spec_is_named_with_the_near_one():
    bad = dict(SPEC, parameters={**SPEC["parameters"], "IL6R_per_cell": {"dist": "loguniformm", "low": 10, "high": 5000}})
    with pytest.raises(InputError) as ei:
        load_sensitivity_spec(bad)
    assert "parameters.IL6R_per_cell.dist: unknown distribution 'loguniformm' (did you mean 'loguniform'?)" \
        in "\n".join(ei.value.lines())


def test_spec_problems():
    bad = dict(SPEC, sensitivity={"method": "fast", "n": 1, "outputs": ["classic:pSTAT3:area", "hyper:pSTAT3:auc",
                                                                          "trans:pSTAT3:45"]},
               parameters={"IL6R_per_cell": {}})
    with pytest.raises(InputError) as ei:
        load_sensitivity_spec(bad)
    text = "\n".join(ei.value.lines())
    for part in ("sensitivity.method: unknown method 'fast'", "sensitivity.n: must be an integer >= 2 (got 1)",
                 "neither a time (e.g. 30 or '30 min') nor a metric", "unknown group 'hyper'", "45 min is not a readout time",
                 "parameters: vary at least two parameters"):
        assert part in text


def test_an_output_listed_twice_is_refused():
    # the same output twice gave two rows of indices under one name (a copy left unedited)
    bad = dict(SPEC, sensitivity=dict(SPEC["sensitivity"], outputs=["trans:pSTAT3:30", "classic:pSTAT3:auc",
                                                                     "trans: pSTAT3:30"]))
    with pytest.raises(InputError) as ei:
        load_sensitivity_spec(bad)
    assert ei.value.lines() == ["sensitivity.outputs: 'trans:pSTAT3:30' and 'trans: pSTAT3:30' name the same output "
                                "(items 1 and 3); give each output once"]


def test_an_output_the_sweep_does_not_read_says_what_to_add():
    # a time or observable that is not read said what is read but not what to do; a metric already did
    from il6sim.sweeps.readouts import check_selector

    with pytest.raises(InputError) as ei:
        check_selector("trans:pERK:45", ["classic", "trans"], ["pSTAT3"], [15.0, 30.0], ["auc"], "--output")
    assert ei.value.lines() == [
        "--output: 'trans:pERK:45': observable 'pERK' is not read out (readouts.observables: pSTAT3; add it there "
        "or read one of those)",
        "--output: 'trans:pERK:45': 45 min is not a readout time (readouts.times: 15, 30 min; add it there or read "
        "one of those)"]


@pytest.mark.parametrize("method, second_order", [("sobol", False), ("sobol", True), ("morris", False)])
def test_run_count_is_the_size_of_the_sample(method, second_order):
    from il6sim.sweeps.sensitivity import run_count, sample

    ps = [ParameterDist(n, "uniform", low=0.0, high=1.0) for n in "abcde"]
    u, _ = sample(method, ps, 8, 1, second_order=second_order)
    assert run_count(method, 8, len(ps), second_order) == len(u)


@pytest.mark.parametrize("method, key, value, owner", [("morris", "second_order", True, "sobol"),
                                                       ("morris", "second_order", False, "sobol"),
                                                       ("sobol", "levels", 6, "morris")])
def test_a_key_the_method_does_not_read_is_refused(method, key, value, owner):
    # Morris has no second-order indices and Sobol no grid levels: the key was ignored without a word
    from il6sim.errors import InputError

    spec = dict(SPEC, sensitivity={"method": method, "n": 3, "seed": 1, "outputs": ["trans:pSTAT3:auc"], key: value})
    with pytest.raises(InputError) as exc:
        load_sensitivity_spec(spec)
    assert [(p.where, p.message) for p in exc.value.problems] == [
        (f"sensitivity.{key}", f"applies to method {owner} only; this spec's method is {method}: remove {key}, "
                               f"or set method: {owner}")]


def test_an_output_the_parameters_do_not_change_is_named_with_a_warning(caplog):
    # sIL-6R in the unstimulated control does not depend on SOCS3 or STAT3 activation: its values differ only by
    # the solver's noise (~5e-7 of their size), and its indices ranked that noise as if it were sensitivity
    import logging

    from il6sim.sweeps.sensitivity import relative_spread

    spec = dict(SPEC, parameters={"K_SOCS3": {}, "k_stat3_act": {}},
                readouts={"observables": ["pSTAT3", "sIL6R"], "times": ["0 min", "15 min", "30 min"],
                          "metrics": ["peak"]},
                sensitivity={"method": "sobol", "n": 2, "seed": 1,
                             "outputs": ["control:sIL6R:peak", "trans:pSTAT3:peak"]})
    with caplog.at_level(logging.WARNING, logger="il6sim.sweeps.sensitivity"):
        res = run_sensitivity(spec, None, scheduler="serial", plot=False)
    flat = [r.getMessage() for r in caplog.records if "hardly varies" in r.getMessage()]
    assert len(flat) == 1 and flat[0].startswith("control:sIL6R:peak hardly varies across the runs"), flat
    assert relative_spread(res.sweep.values("control:sIL6R:peak")) < 1e-5
    assert relative_spread(res.sweep.values("trans:pSTAT3:peak")) > 0.01


def test_relative_spread():
    from il6sim.sweeps.sensitivity import relative_spread

    assert relative_spread(np.array([-2.0, 1.0])) == 1.5 and relative_spread(np.zeros(4)) == 0.0
    assert np.isnan(relative_spread(np.array([np.nan, np.inf])))


def test_bar_plot_titles_say_the_output_in_words(tmp_path, monkeypatch):
    # the titles read 'Sobol sensitivity of trans:pSTAT3:30', the selector with no unit; indices.csv keeps
    # the selector as its key
    import pandas as pd

    import il6sim.sweeps.sensitivity as sa

    titles = []

    def plot(df, ax=None, *, title=""):
        titles.append(title)
        return plot_indices(df, ax, title=title)

    monkeypatch.setattr(sa, "plot_indices", plot)
    spec = dict(SPEC, sensitivity={"method": "sobol", "n": 2, "seed": 1, "outputs": SPEC["sensitivity"]["outputs"]})
    res = run_sensitivity(spec, tmp_path / "sa", scheduler="serial")
    assert titles == ["Sobol sensitivity of the classic / trans ratio of pSTAT3 AUC",
                      "Sobol sensitivity of trans, pSTAT3 at 30 min\n(fraction of total STAT3)"]
    assert len(res.figures) == 2
    key = pd.read_csv(tmp_path / "sa" / "indices.csv", encoding="utf-8")["output"]
    assert list(dict.fromkeys(key)) == SPEC["sensitivity"]["outputs"]


def test_output_title_names_times_and_metrics_as_a_lab_would():
    from il6sim.sweeps.sensitivity import output_title

    assert output_title("morris", "trans:SOCS3:1 h") == "Morris sensitivity of trans, SOCS3 at 1 h\n(nM)"
    assert output_title("sobol", "trans:pSTAT3:time_to_peak") == ("Sobol sensitivity of trans, pSTAT3 time to peak\n"
                                                                  "(min)")
    assert output_title("sobol", "trans:pSTAT3:auc") == ("Sobol sensitivity of trans, pSTAT3 AUC\n"
                                                         "(fraction of total STAT3 x min)")
    assert output_title("sobol", "trans:SOCS3:60 / trans:pSTAT3:60") == (
        "Sobol sensitivity of trans, SOCS3 at 1 h / trans, pSTAT3 at 1 h")


def test_a_parameter_both_fixed_and_varied_is_refused():
    # fixed: {IL6R_per_cell: 50} with IL6R_per_cell among the parameters ran, the sample's values replacing the
    # fixed one without a word (a sweep spec refused the same clash)
    bad = dict(SPEC, fixed={"IL6R_per_cell": 50})
    with pytest.raises(InputError) as ei:
        load_sensitivity_spec(bad)
    assert ei.value.lines() == ["fixed: IL6R_per_cell also varied in parameters; hold it fixed or vary it, not both "
                                "(a log-normal's median is its 'median:')"]
