"""The shared input toolkit: one message per concept, the same in every file format."""

import pytest

from il6sim.errors import InputError, MissingDependencyError, require
from il6sim.model.overrides import check_parameter_values, parse_parameter_values
from il6sim.model.presets import CellSpec
from il6sim.protocols import load_protocol
from il6sim.sweeps import load_sweep_spec
from il6sim.sweeps.population import load_population_spec
from il6sim.validate import check_keys, parse_time


def test_unknown_key_names_the_key_the_suggestion_and_the_allowed_keys():
    problems = []
    assert check_keys({"at": 1, "dosis": 2}, ("at", "add", "dose"), "step 1", problems) is False
    (p,) = problems
    assert str(p) == "step 1: unknown key 'dosis' (did you mean 'dose'?) (expected one of: at, add, dose)"


def test_unknown_key_without_a_close_name_has_no_suggestion():
    problems = []
    check_keys({"zzz": 1}, ("at", "add"), "w", problems)
    assert problems[0].message == "unknown key 'zzz' (expected one of: at, add)"


def test_a_time_needs_its_unit():
    problems = []
    assert parse_time("2 h", "at", "w", problems) == 120.0 and problems == []
    assert parse_time(15, "at", "w", problems) is None
    assert problems[0].message == "at: time has no unit (got 15; write e.g. '15 min' or '2 h')"


BARE = "time has no unit (got 30; write e.g. '30 min' or '2 h')"


def _messages(load, source):
    with pytest.raises(InputError) as ei:
        load(source)
    return "\n".join(ei.value.lines())


def test_bare_times_are_refused_with_the_same_message_in_protocols_sweeps_and_populations():
    proto = {"cell": "huvec", "groups": {"g": []}, "readouts": {"observables": ["pSTAT3"], "times": [30]}}
    assert BARE in _messages(load_protocol, proto)
    sweep = {"protocol": "seed:trans_huvec", "readouts": {"times": [30]},
             "design": {"method": "lhs", "n": 4, "seed": 1, "parameters": {"IL6R_per_cell": {}}}}
    assert BARE in _messages(load_sweep_spec, sweep)
    pop = {"protocol": "seed:trans_huvec", "readout": {"observable": "pSTAT3", "time": 30},
           "population": {"n": 4, "seed": 1, "cv": {"IL6R_per_cell": 0.5}}}
    assert BARE in _messages(load_population_spec, pop)


@pytest.mark.parametrize("times, message", [
    (["15 min", "30 min", "15 min"], "'15 min' is given twice (15 min); give each readout time once"),
    (["1 h", "60 min"], "'60 min' is the same time as '1 h' (60 min); give each readout time once"),
])
def test_a_readout_time_given_twice_is_refused_in_protocols_and_sweeps(times, message):
    # a repeated time was dropped without a word (the times were made a set), hiding a typo for another time
    proto = {"cell": "huvec", "groups": {"g": []}, "readouts": {"observables": ["pSTAT3"], "times": times}}
    assert f"readouts.times: {message}" in _messages(load_protocol, proto)
    sweep = {"protocol": "seed:trans_huvec", "readouts": {"times": times},
             "design": {"method": "lhs", "n": 4, "seed": 1, "parameters": {"IL6R_per_cell": {}}}}
    assert f"readouts.times: {message}" in _messages(load_sweep_spec, sweep)
    # in any order the times are sorted, as before
    proto["readouts"]["times"] = ["1 h", "15 min"]
    assert load_protocol(proto).times_min == (15.0, 60.0)


def test_a_name_listed_twice_is_refused_in_protocols_cells_and_sweeps():
    # a repeated observable, knockout, cell, metric or profiled parameter was merged without a word, hiding a
    # copy left unedited where another name was meant
    from il6sim.cli.profile import _profiled
    from il6sim.compare.comparison import parse_cells
    from il6sim.model.presets import CellSpec

    proto = {"cell": "huvec", "groups": {"g": []},
             "readouts": {"observables": ["pSTAT3", "pERK", "pstat3"], "times": ["15 min"]}}
    assert ("readouts.observables: 'pSTAT3' and 'pstat3' name the same observable (items 1 and 3); give each "
            "observable once") in _messages(load_protocol, proto)
    proto["readouts"]["observables"] = ["pSTAT3", "pERK"]
    assert load_protocol(proto).observables == ("pSTAT3", "pERK")
    ko = _messages(CellSpec.parse, {"preset": "huvec", "knockout": ["gp130", "SOCS3", "IL6ST"]})
    assert "'gp130' and 'IL6ST' name the same knockout (items 1 and 3); give each knockout once" in ko
    assert "'huvec' is given twice (items 1 and 3); give each cell once" in _messages(parse_cells,
                                                                                    "huvec,hepg2,huvec")
    assert parse_cells("huvec,hepg2") == ["huvec", "hepg2"]
    sweep = {"protocol": "seed:trans_huvec", "readouts": {"observables": ["pSTAT3", "pSTAT3"],
                                                          "metrics": ["peak", "auc", "peak"]},
             "design": {"method": "lhs", "n": 4, "seed": 1, "parameters": {"IL6R_per_cell": {}}}}
    text = _messages(load_sweep_spec, sweep)
    assert "readouts.observables: 'pSTAT3' is given twice (items 1 and 2); give each observable once" in text
    assert "readouts.metrics: 'peak' is given twice (items 1 and 3); give each metric once" in text
    with pytest.raises(InputError, match="'k_a' is given twice"):
        _profiled("k_a,k_b,k_a", ["k_a", "k_b"])
    assert _profiled("k_b,k_a", ["k_a", "k_b"]) == ["k_b", "k_a"]


def test_parameter_values_take_numbers_in_their_unit_or_quantities():
    assert check_parameter_values({"V_medium": "2 mL", "K_SOCS3": 0.5, "N_cells": "2e5"}, "w") == {
        "V_medium": 0.002, "K_SOCS3": 0.5, "N_cells": 2e5}


def test_count_parameters_take_their_own_unit_written_out():
    # 'IL6R_per_cell: 500 molecules/cell' was refused as "has a unit, but this parameter is a plain number
    # (molecules/cell)": the unit it asked for, written out, and no word of what to write instead
    assert check_parameter_values({"IL6R_per_cell": "500 molecules/cell", "gp130_per_cell": "2e4 molecules per cell",
                                   "IL6_secretion": "10 molecules/(cell*min)"}, "w") == {
        "IL6R_per_cell": 500.0, "gp130_per_cell": 2e4, "IL6_secretion": 10.0}
    # the same under the cell's own keys (cell: {preset: huvec, IL6R_per_cell: 500 molecules/cell})
    assert CellSpec.parse({"preset": "huvec", "IL6R_per_cell": "500 molecules/cell"}) == CellSpec.parse(
        {"preset": "huvec", "IL6R_per_cell": 500})
    msg = _messages(load_protocol, {"cell": {"preset": "huvec", "gp130_per_cell": "500 nM"}, "groups": {"g": []}})
    assert "cell.gp130_per_cell: must be a number of molecules per cell >= 0 (got 500 nM)" in msg
    problems = []
    assert parse_parameter_values({"IL6R_per_cell": "500 copies"}, "cell.parameters", problems) == {}
    assert problems[0].message == ("parameter 'IL6R_per_cell': '500 copies' has a unit, but this parameter is a plain "
                                   "number (molecules/cell): write the number alone, e.g. 500")


@pytest.mark.parametrize("values,message", [
    ({"K_er": 1}, "unknown parameter 'K_er' (did you mean 'K_erk'?)"),
    ({"mpn": 1}, "parameter 'mpn' is computed from others and cannot be set"),
    ({"K_SOCS3": -1}, "parameter 'K_SOCS3' must be >= 0 (got -1)"),
    ({"K_SOCS3": "abc"}, "parameter 'K_SOCS3' must be a finite number in nM or a number with a unit ('abc' is not"),
    ({"V_medium": "2 min"}, "parameter 'V_medium': '2 min' cannot be converted to L"),
    ({"IL6R_per_cell": "3 nM"}, "parameter 'IL6R_per_cell': '3 nM' has a unit, but this parameter is a plain number"),
])
def test_parameter_value_problems(values, message):
    problems = []
    assert parse_parameter_values(values, "cell.parameters", problems) == {}
    (p,) = problems
    assert p.where == "cell.parameters" and p.message.startswith(message)


def test_cell_rules_are_the_same_in_the_api_and_in_protocols():
    # numeric text counts as a number, and the upper limit holds in both places
    assert CellSpec.parse({"preset": "huvec", "IL6R_per_cell": "500"}).IL6R_per_cell == 500.0
    with pytest.raises(InputError, match=r"IL6R_per_cell: must be <= 100000 molecules per cell \(got 2000000.0\)"):
        CellSpec.parse({"preset": "huvec", "IL6R_per_cell": 2e6})
    msg = _messages(load_protocol, {"cell": {"preset": "huvec", "IL6R_per_cell": 2e6}, "groups": {"g": []}})
    assert "Protocol '<dict>', cell.IL6R_per_cell: must be <= 100000 molecules per cell (got 2000000.0)" in msg
    p = load_protocol({"cell": {"preset": "huvec", "IL6R_per_cell": "500"}, "groups": {"g": []}})
    assert p.cell == CellSpec.parse({"preset": "huvec", "IL6R_per_cell": 500})


def test_a_cell_mapping_needs_its_preset():
    with pytest.raises(InputError, match="missing key 'preset'"):
        CellSpec.parse({"IL6R_per_cell": 5})


def test_require_names_the_package_to_install():
    assert require("math").sqrt(4) == 2
    with pytest.raises(MissingDependencyError, match="install it with: pip install 'no_such_package_xyz'"):
        require("no_such_package_xyz")


def test_require_gives_the_pinned_version_of_a_dependency(monkeypatch):
    import importlib

    real = importlib.import_module

    def fake(name, *a, **k):
        if name == "SALib":
            raise ImportError("no SALib")
        return real(name, *a, **k)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(MissingDependencyError, match=r"pip install 'SALib==\d"):
        require("SALib")


def test_a_value_for_one_preset_applies_to_cells_of_that_preset_only():
    from il6sim.protocols import run_protocol

    assert check_parameter_values({"SOCS3_translation_factor@phh": 0.1}, "w", scoped=True) == {
        "SOCS3_translation_factor@phh": 0.1}
    proto = {"name": "p", "cell": "hepatocyte", "readouts": {"times": ["90 min"], "observables": ["SOCS3_per_cell"]},
             "groups": {"il6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]}}

    def socs3(**values):
        return run_protocol(proto, parameters=values).table["value"].iloc[0]

    base = socs3()
    assert socs3(**{"SOCS3_translation_factor@phh": 0.1}) == base  # another preset: dropped
    assert socs3(**{"SOCS3_translation_factor@hepatocyte": 0.1}) < 0.5 * base
    # later values win: a user's plain value after a named set's value for this preset replaces it
    plain = socs3(SOCS3_translation_factor=1.0)
    assert plain > base  # the hepatocyte preset's own factor is 0.65
    assert socs3(**{"SOCS3_translation_factor@hepatocyte": 0.1, "SOCS3_translation_factor": 1.0}) == plain
    assert socs3(**{"SOCS3_translation_factor": 1.0, "SOCS3_translation_factor@hepatocyte": 0.1}) < 0.5 * base
    problems = []
    assert parse_parameter_values({"K_SOCS3@hepg3": 1.0}, "w", problems, scoped=True) == {}
    assert "unknown cell preset 'hepg3' after '@' (did you mean 'hepg2'?)" in problems[0].message
    # where no protocol cell resolves them (a cell's own parameters, set: steps, sweeps' fixed:) they are refused
    with pytest.raises(InputError) as e:
        CellSpec.parse({"preset": "phh", "parameters": {"SOCS3_translation_factor@phh": 0.1}})
    assert ("a value for one cell preset (NAME@PRESET) belongs to --set or a named parameter set; here write "
            "'SOCS3_translation_factor'") in str(e.value)


def test_whole_number_takes_counts_written_as_floats_and_nothing_else():
    from fractions import Fraction

    import numpy as np

    from il6sim.validate import whole_number

    for v, want in [(3, 3), (3.0, 3), (1e3, 1000), ("2e5", 200000), (np.int64(4), 4), (np.float32(5), 5), (-2.0, -2)]:
        assert whole_number(v) == want and type(whole_number(v)) is int, v
    for v in [1.5, True, float("nan"), float("inf"), 1e300, Fraction(3, 2), None, "x", [3]]:
        assert whole_number(v) is None, v


def test_close_match_compares_in_lower_case_when_the_spelling_as_written_matches_nothing():
    from il6sim.validate import close_match, did_you_mean

    assert close_match("pstat3x", ["pSTAT3", "pERK"]) == "'pSTAT3'"
    assert did_you_mean("PERKK", ["pSTAT3", "pERK"]) == " (did you mean 'pERK'?)"
    # a spelling that matches as written keeps its match
    assert close_match("readout", ["name", "readouts"]) == "'readouts'"
    assert close_match("zzzz", ["pSTAT3", "pERK"]) == ""


def test_numpy_bools_read_as_true_and_false_in_messages_and_are_no_numbers():
    # numpy 2 names its bool type numpy.bool (numpy.bool_ before): show(numpy.True_) gave 'np.True_'
    import numpy as np

    from il6sim.errors import is_bool, said, value_kind
    from il6sim.validate import check_count, check_flag, given, is_real, show

    for v in (np.True_, np.bool_(False), True):
        assert is_bool(v) and not is_real(v)
        assert show(v) == value_kind(v) == said(v) == given(v) == ("true" if v else "false")
        assert check_flag(v, "x") is bool(v)
    assert not is_bool(1) and not is_bool(np.int64(1)) and not is_bool("true")
    with pytest.raises(InputError, match=r"workers: must be a whole number >= 1 \(got true\)"):
        check_count(np.True_, "workers")
