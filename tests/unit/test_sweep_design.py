"""Designs: seeded samples, distributions, grid sizes, and spec problems with where/what."""

import math

import numpy as np
import pytest

from il6sim.errors import InputError
from il6sim.model.reference import reference_model
from il6sim.sweeps.design import Design, ParameterDist


def _design(method="lhs", **params):
    d = {"method": method, "seed": 3, "parameters": params or {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}}}
    if method == "grid":
        d["levels"] = 4
    else:
        d["n"] = 64
    return Design.parse(d)


@pytest.mark.parametrize("method", ["lhs", "sobol", "random", "grid"])
def test_same_seed_same_design_and_within_bounds(method):
    a, b = _design(method).sample(), _design(method).sample()
    assert np.array_equal(a, b)
    assert a.min() >= 10 and a.max() <= 5000


def test_different_seed_different_design():
    d = {"method": "lhs", "n": 16, "parameters": {"K_SOCS3": {}}}
    assert not np.array_equal(Design.parse({**d, "seed": 1}).sample(), Design.parse({**d, "seed": 2}).sample())


def test_lhs_has_one_point_per_stratum():
    u = _design("lhs").unit_sample()[:, 0]
    assert sorted(np.floor(u * 64).astype(int).tolist()) == list(range(64))


def test_grid_is_full_factorial_with_bounds():
    d = Design.parse({"method": "grid", "levels": 3, "parameters": {"K_SOCS3": {"dist": "uniform", "low": 0.1, "high": 0.5},
                                                                      "STAT3_per_cell": {"dist": "uniform", "low": 1e5, "high": 6e5}}})
    x = d.sample()
    assert x.shape == (9, 2) and d.size == 9
    assert sorted(set(x[:, 0].round(6))) == [0.1, 0.3, 0.5]


def test_empty_entry_takes_table_bounds_log_when_wide():
    pmap = reference_model().parameter_map
    d = Design.parse({"method": "lhs", "n": 4, "parameters": {"K_SOCS3": {}, "STAT3_per_cell": {}}})
    k = d.parameters[0]
    assert (k.dist, k.low, k.high) == ("loguniform", pmap["K_SOCS3"].lower, pmap["K_SOCS3"].upper)


def test_lognormal_median_and_cv():
    p = ParameterDist("gp130_per_cell", "lognormal", median=8000.0, cv=0.3)
    x = p.ppf(np.random.default_rng(0).random(200_000))
    assert np.median(x) == pytest.approx(8000, rel=0.01)
    assert np.std(x) / np.mean(x) == pytest.approx(0.3, rel=0.02)


def test_lognormal_centre_defaults_to_given_centre():
    d = Design.parse({"method": "random", "n": 2, "parameters": {"gp130_per_cell": {"cv": 0.2}}},
                     centers={"gp130_per_cell": 8000.0})
    assert d.parameters[0].median == 8000.0


@pytest.mark.parametrize("dist, near", [("loguniformm", "loguniform"), ("LogNormal", "lognormal"),
                                        ("unifrom", "uniform")])
def test_a_misspelt_distribution_is_named_with_the_near_one(dist, near):
    with pytest.raises(InputError) as ei:
        Design.parse({"method": "lhs", "n": 4,
                      "parameters": {"IL6R_per_cell": {"dist": dist, "low": 10, "high": 5000}}})
    assert (f"design.parameters.IL6R_per_cell.dist: unknown distribution {dist!r} (did you mean {near!r}?) "
            "(expected one of: uniform, loguniform, lognormal)") in ei.value.lines()


def test_all_problems_reported_with_where():
    with pytest.raises(InputError) as ei:
        Design.parse({"method": "latin", "n": 0, "seed": -1, "colour": 1,
                      "parameters": {"IL6R_percell": {}, "K_SOCS3": {"dist": "loguniform", "low": 0, "high": 1},
                                     "gp130_per_cell": {"dist": "lognormal"}, "mpn": {}}})
    lines = ei.value.lines()
    text = "\n".join(lines)
    assert "design.method: unknown method 'latin'" in text
    assert "design.n: must be an integer >= 1 (got 0)" in text
    assert "design.seed" in text and "unknown key 'colour'" in text
    assert "design.parameters.IL6R_percell: unknown parameter (did you mean 'IL6R_per_cell'?)" in text
    assert "design.parameters.K_SOCS3.low: must be > 0 for a log-uniform distribution (got 0)" in text
    assert "needs 'cv'" in text
    assert "design.parameters.mpn" in text
    assert len(lines) >= 7


def test_a_negative_log_uniform_bound_is_one_problem():
    # it was two for the same field: 'must be >= 0' and 'must be > 0 for a log-uniform distribution'
    with pytest.raises(InputError) as ei:
        Design.parse({"method": "lhs", "n": 2,
                      "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": -10, "high": 5000}}})
    assert ei.value.lines() == ["design.parameters.IL6R_per_cell.low: must be > 0 for a log-uniform distribution "
                                "(got -10); give a positive low, or dist: uniform to start at 0"]
    with pytest.raises(InputError) as ei:
        Design.parse({"method": "lhs", "n": 2,
                      "parameters": {"IL6R_per_cell": {"dist": "uniform", "low": -10, "high": 5000}}})
    assert ei.value.lines() == ["design.parameters.IL6R_per_cell.low: must be >= 0: parameters are non-negative "
                                "(got -10)"]


def test_low_above_high_is_a_problem():
    with pytest.raises(InputError, match=r"low must be < high \(got low=5, high=1\)"):
        Design.parse({"method": "lhs", "n": 2, "parameters": {"K_SOCS3": {"low": 5, "high": 1}}})


def test_to_frame_has_run_ids():
    df = _design().to_frame()
    assert list(df.columns) == ["run_id", "IL6R_per_cell"] and df.run_id.tolist() == list(range(64))
    assert not any(math.isnan(v) for v in df.IL6R_per_cell)


def test_parameter_bounds_take_quantities_with_units_like_every_parameter_value():
    d = Design.parse({"method": "lhs", "n": 4, "seed": 1,
                      "parameters": {"V_medium": {"low": "0.5 mL", "high": "2 mL"}}}, "design")
    (p,) = d.parameters
    assert (p.low, p.high) == (0.0005, 0.002)
    with pytest.raises(InputError) as ei:
        Design.parse({"method": "lhs", "n": 4, "seed": 1,
                      "parameters": {"V_medium": {"low": "0.5 min", "high": "2 mL"}}}, "design")
    assert ei.value.lines() == ["design.parameters.V_medium.low: low of V_medium: '0.5 min' cannot be converted to L"]


def test_a_whole_number_written_with_an_exponent_is_a_count():
    # YAML 1.2 reads 'n: 1e3' as the float 1000.0; it was refused as "must be an integer >= 1 (got 1000.0)"
    d = Design.parse({"method": "lhs", "n": 1e3, "seed": 2.0, "parameters": {"K_SOCS3": {}}})
    assert (d.n, d.seed) == (1000, 2) and isinstance(d.n, int) and isinstance(d.seed, int)
    assert Design.parse({"method": "grid", "levels": 3.0, "parameters": {"K_SOCS3": {}}}).levels == 3
    with pytest.raises(InputError) as ei:
        Design.parse({"method": "lhs", "n": 10.5, "seed": float("nan"), "parameters": {"K_SOCS3": {}}})
    assert ei.value.lines() == ["design.seed: must be an integer >= 0 (got nan)",
                                "design.n: must be an integer >= 1 (got 10.5)"]


def test_a_value_of_another_kind_is_named_in_plain_words():
    # it said Python's repr: "(got True)", "(got datetime.date(2020, 1, 1))", "(got False)", "(got [1])"
    import datetime

    with pytest.raises(InputError) as ei:
        Design.parse({"method": "lhs", "n": True, "seed": datetime.date(2020, 1, 1),
                      "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": False},
                                     "gp130_per_cell": [1]}})
    assert ei.value.lines() == [
        "design.seed: must be an integer >= 0 (got a date (2020-01-01))",
        "design.n: must be an integer >= 1 (got true)",
        "design.parameters.IL6R_per_cell.high: must be a finite number (got false)",
        "design.parameters.gp130_per_cell: expected a mapping like {dist: loguniform, low: 10, high: 1000} "
        "(got a list)"]
    with pytest.raises(InputError) as ei:
        Design.parse(None)
    assert ei.value.lines() == ["design: expected a mapping with method, n, seed and parameters (got null)"]
    with pytest.raises(InputError) as ei:  # it said "unknown method None"
        Design.parse({"method": None, "n": 4, "parameters": {"K_SOCS3": {}}})
    assert ei.value.lines() == ["design.method: unknown method null (expected one of: grid, lhs, sobol, random)"]


@pytest.mark.parametrize("design, line", [
    # 'levels' where n belongs (a grid's key, with method lhs or no method) said "design.n: must be an integer >= 1
    # (got null)", as if n had been written empty; a missing n said the same
    ({"method": "lhs", "levels": 3}, "design.levels: method: lhs takes 'n' (the number of design points), not "
                                     "'levels' (a grid's points per parameter); write n: 3, or method: grid"),
    ({"levels": 4}, "design.levels: method: lhs (the default) takes 'n' (the number of design points), not "
                    "'levels' (a grid's points per parameter); write n: 4, or method: grid"),
    ({"method": "sobol"}, "design.n: missing: the number of design points, e.g. n: 100 (method: sobol)"),
    ({}, "design.n: missing: the number of design points, e.g. n: 100 (method: lhs, the default)"),
    ({"method": "lhs", "n": None}, "design.n: must be an integer >= 1 (got null)"),
])
def test_levels_or_no_n_outside_a_grid_says_what_to_write(design, line):
    with pytest.raises(InputError) as ei:
        Design.parse(dict(design, parameters={"K_SOCS3": {}}))
    assert ei.value.lines() == [line]


def test_a_cv_written_as_text_is_read_as_its_number(tmp_path):
    # cv: '0.3' (quoted) and cv: 3e-1 (which YAML reads as text) said "must be a finite number (got '0.3')",
    # though low and high take '5e3'
    import yaml

    for cv in ("0.3", yaml.safe_load("cv: 3e-1")["cv"]):
        d = Design.parse({"method": "lhs", "n": 4, "parameters": {"IL6R_per_cell": {"cv": cv, "median": 150}}})
        assert d.parameters[0].dist == "lognormal" and d.parameters[0].cv == 0.3
    with pytest.raises(InputError) as ei:  # the number is then checked as any other
        Design.parse({"method": "lhs", "n": 4, "parameters": {"IL6R_per_cell": {"cv": "-0.3"}}})
    assert ei.value.lines() == ["design.parameters.IL6R_per_cell.cv: must be > 0 (got -0.3)"]
    with pytest.raises(InputError) as ei:
        Design.parse({"method": "lhs", "n": 4, "parameters": {"IL6R_per_cell": {"cv": "30 %"}}})
    assert ei.value.lines() == ["design.parameters.IL6R_per_cell.cv: write the coefficient of variation as a "
                                "fraction: 0.3, not '30 %'"]


def test_a_cv_above_10_that_reads_as_a_percentage_says_the_fraction():
    # cv: 30 (30 % meant) said only 'must be <= 10 (got 30; ...)'
    with pytest.raises(InputError) as ei:
        Design.parse({"method": "lhs", "n": 4, "parameters": {"IL6R_per_cell": {"cv": 30}}})
    assert ei.value.lines() == ["design.parameters.IL6R_per_cell.cv: must be <= 10 (got 30; a cv of 10 already "
                                "spreads values over ~1,000-fold around the median); for 30 % write 0.3"]
    with pytest.raises(InputError) as ei:  # not a percentage: no fraction suggested
        Design.parse({"method": "lhs", "n": 4, "parameters": {"IL6R_per_cell": {"cv": 500}}})
    assert ei.value.lines()[0].endswith("around the median)")


def test_low_not_below_high_says_what_to_write():
    # 'low must be < high (got low=5000, high=10)' said no remedy; low = high is a value to hold, not vary
    def lines(entry):
        with pytest.raises(InputError) as ei:
            Design.parse({"method": "lhs", "n": 4, "parameters": {"IL6R_per_cell": entry}})
        return ei.value.lines()

    assert lines({"dist": "loguniform", "low": 5000, "high": 10}) == [
        "design.parameters.IL6R_per_cell: low must be < high (got low=5000, high=10); swap them, low: 10, high: 5000"]
    assert lines({"low": 100, "high": 100}) == [
        "design.parameters.IL6R_per_cell: low must be < high (got low=100, high=100); to hold IL6R_per_cell at 100, "
        "give it under fixed: instead"]
