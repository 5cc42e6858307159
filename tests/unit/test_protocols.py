"""Protocols: loading, validation (every bad-input case) and the semantics of a run."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import numpy as np
import pytest

from il6sim.errors import InputError
from il6sim.protocols import Protocol, bundled_protocols, load_protocol, run_protocol

IL6 = {"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}
SR = {"at": "0 min", "add": "sIL-6R", "dose": "25 ng/mL"}


#: huvec without its own IL-6 secretion: a cell that stays at rest until a step, so timing tests are exact
HUVEC_QUIET = {"preset": "huvec", "parameters": {"IL6_secretion": 0.0}}


def proto(groups, *, cell=HUVEC_QUIET, observables=("pSTAT3",), times=("15 min", "30 min", "2 h"), **extra):
    d = {"name": "test", "cell": cell, "groups": groups,
         "readouts": {"observables": list(observables), "times": list(times)}}
    d.update(extra)
    return d


def problems(source, **kw) -> list[str]:
    with pytest.raises(InputError) as info:
        load_protocol(source, **kw)
    return [str(p) for p in info.value.problems]


def value(res, group, observable, t):
    d = res.table
    row = d[(d.group == group) & (d.observable == observable) & (d.time_min == t)]
    assert len(row) == 1
    return float(row.value.iloc[0]), float(row.fold_change.iloc[0])


def course(res, group, observable):
    d = res.timecourses[res.timecourses.group == group]
    return d.time_min.to_numpy(), d[observable].to_numpy()


# --- dose conversion --------------------------------------------------------------------------------------

@pytest.mark.parametrize("dose, nM", [
    ("10 ng/mL", 0.47619), ("10000 pg/mL", 0.47619), ("0.01 ug/mL", 0.47619), ("1e-5 mg/mL", 0.47619),
    ("0.476 nM", 0.476), ("476 pM", 0.476), ("0.000476 uM", 0.476), ("10 ng/ml", 0.47619), ("10 µg/mL", 476.19),
])
def test_dose_conversion_to_nM(dose, nM):
    p = load_protocol(proto({"g": [dict(IL6, dose=dose)]}))
    assert p.groups["g"][0].dose_nM == pytest.approx(nM, rel=1e-4)


def test_issue_example_10_ng_per_mL_IL6_is_0_476_nM_at_21_kDa():
    p = load_protocol(proto({"g": [IL6]}))
    (e,) = p.events("g")
    assert (e.kind, e.target) == ("add", "IL6")
    assert round(e.value, 3) == 0.476


def test_mass_doses_use_each_agents_molecular_weight():
    p = load_protocol(proto({"g": [{"at": "0 min", "add": "sgp130Fc", "dose": "500 ng/mL"},
                                   {"at": "0 min", "add": "Hyper-IL-6", "dose": "100 ng/mL"},
                                   {"at": "0 min", "add": "ruxolitinib", "dose": "306.37 ng/mL"},
                                   {"at": "0 min", "add": "tofacitinib", "dose": "31.237 ng/mL"}]}))
    doses = [s.dose_nM for s in p.groups["g"]]
    assert doses == pytest.approx([500 / 210, 100 / 56, 1000.0, 100.0], rel=1e-6)  # 306.37 ng/mL = 1 uM


@pytest.mark.parametrize("name, canonical", [
    ("il-6", "IL-6"), ("IL6", "IL-6"), ("olamkicept", "sgp130Fc"), ("SGP130FC", "sgp130Fc"),
    ("Actinomycin-D", "actinomycin D"), ("hyper il-6", "Hyper-IL-6"), ("TCZ", "tocilizumab"),
    ("Xeljanz", "tofacitinib"), ("CP-690,550", "tofacitinib"),
])
def test_agents_are_case_insensitive_with_aliases(name, canonical):
    p = load_protocol(proto({"g": [dict(IL6, add=name)]}))
    assert p.groups["g"][0].agent == canonical


# --- structure ---------------------------------------------------------------------------------------------

def test_issue_example_loads_with_all_fields():
    d = {
        "name": "sgp130Fc blocks IL-6 trans-signalling in HUVEC", "cell": "huvec",
        "medium": {"volume": "1 mL", "cells": "2e5"}, "serum_starvation": "4 h",
        "groups": {"control": [], "trans": [IL6, SR],
                   "inhibition": [{"at": "-45 min", "add": "sgp130Fc", "dose": "500 ng/mL"}, IL6, SR,
                                  {"at": "2 h", "wash": True}]},
        "readouts": {"observables": ["pSTAT3", "pAkt", "pERK", "SOCS3_mRNA", "ICAM1_mRNA", "CCL2_mRNA",
                                     "CXCL8_mRNA"], "times": ["15 min", "30 min", "4 h", "24 h"]},
    }
    p = load_protocol(d)
    assert p.times_min == (15.0, 30.0, 240.0, 1440.0)
    assert p.serum_starvation_min == 240.0
    assert p.first_step_min == -45.0
    assert [e.kind for e in p.events("inhibition")] == ["add", "add", "add", "wash"]
    assert p.events("inhibition")[0].time == -45.0
    assert p.events("inhibition")[-1].time == 120.0
    params = p.parameters()
    assert params["V_medium"] == pytest.approx(1e-3) and params["N_cells"] == 2e5
    assert params["IL6R_per_cell"] == 150.0


def test_medium_sets_V_medium_and_N_cells():
    p = load_protocol(proto({"g": [IL6]}, medium={"volume": "500 uL", "cells": 1e5}))
    assert p.parameters()["V_medium"] == pytest.approx(5e-4)
    assert p.parameters()["N_cells"] == 1e5


def test_cell_mapping_with_knockout_and_parameters():
    p = load_protocol(proto({"g": [IL6]}, cell={"preset": "huvec", "IL6R_per_cell": 0, "knockout": ["socs3"],
                                               "parameters": {"K_erk": "250"}}))
    params = p.parameters()
    assert params["IL6R_per_cell"] == 0 and params["gene_SOCS3"] == 0.0 and params["K_erk"] == 250.0


def test_cell_free_protocol_reads_medium_only():
    p = load_protocol(proto({"g": [IL6, SR]}, cell=None, observables=["free_IL6", "IL6_sIL6R"]))
    assert p.cell_free
    res = run_protocol(p)
    v, fc = value(res, "g", "IL6_sIL6R", 120.0)
    assert v > 0 and np.isnan(fc)  # no complex without agents: fold change undefined


def test_load_from_path_seed_and_dict_agree(tmp_path):
    seeded = load_protocol("seed:trans_huvec")
    import yaml

    from il6sim.protocols import bundled_protocol_text

    f = tmp_path / "t.yaml"
    f.write_text(bundled_protocol_text("trans_huvec"))
    from_file = load_protocol(f)
    from_dict = load_protocol(yaml.safe_load(f.read_text()))
    assert seeded == from_file == from_dict
    assert from_file.origin == str(f)


def test_round_trip_through_to_dict_and_pickle():
    p = load_protocol("seed:sgp130fc_inhibition")
    assert load_protocol(p.to_dict()) == p
    q = pickle.loads(pickle.dumps(p))
    assert q == p and q.parameters() == p.parameters()


def test_protocol_is_frozen():
    p = load_protocol("seed:trans_huvec")
    with pytest.raises(Exception):
        p.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.groups["new"] = ()  # type: ignore[index]
    assert isinstance(p, Protocol)


def test_bundled_protocols_are_listed_and_load():
    names = bundled_protocols()
    assert set(names) >= {"classic_hepatocyte", "trans_huvec", "sgp130fc_inhibition", "hyper_il6_huvec"}
    for n in names:
        assert load_protocol(f"seed:{n}").groups


def test_sgp130fc_seed_protocol_matches_the_seed():
    p = load_protocol("seed:sgp130fc_inhibition")
    assert list(p.groups) == ["control", "trans", "inhibition"]
    pre = p.groups["inhibition"][0]
    assert pre.agent == "sgp130Fc" and -60 <= pre.at_min <= -30 and pre.dose_text == "500 ng/mL"
    assert {15.0, 30.0} <= set(p.times_min) and {240.0, 1440.0} <= set(p.times_min)


# --- bad input: every case is an InputError that says where, what was received, what is expected ------------

def test_unknown_top_level_key():
    (msg,) = problems(proto({"g": [IL6]}, readout={}))
    assert "Protocol 'test'" in msg and "unknown key 'readout'" in msg and "did you mean 'readouts'" in msg


def test_unknown_step_key():
    (msg,) = problems(proto({"trans": [IL6, dict(SR, dosis="1 nM")]}))
    assert msg.startswith("Protocol 'test', group 'trans', step 2: unknown key 'dosis'")


def test_unknown_agent():
    (msg,) = problems(proto({"trans": [dict(IL6, add="IL-7")]}))
    assert "group 'trans', step 1: unknown agent 'IL-7'" in msg and "sgp130Fc" in msg


def test_a_vehicle_step_is_refused_with_what_to_write_instead():
    # '{add: DMSO, dose: 0.1 %}', as a lab writes its vehicle control, got two lines: an unknown agent listed
    # against IL-6 ... actinomycin D, and a dose that is no concentration; neither said what to do
    for vehicle, dose in (("DMSO", "0.1 %"), ("vehicle", None), (" PBS ", "10 uL")):
        step = {"at": "-1 h", "add": vehicle, **({"dose": dose} if dose else {})}
        (msg,) = problems(proto({"DMSO + IL-6": [step, IL6]}))
        assert msg == (f"Protocol 'test', group 'DMSO + IL-6', step 1: {vehicle!r} is a vehicle, which does nothing "
                       "in the model: leave the step out (a vehicle control is a group with no steps, e.g. vehicle: [])")


def test_readouts_take_the_names_the_blot_gives_its_rows():
    # the virtual blot labels its rows 'pSTAT3 (Y705)', 'pAkt (S473)', 'pERK1/2'; written in a protocol, 'pAkt (S473)'
    # was an unknown observable with no suggestion at all, and 'SOCS3 protein' was pointed to SOCS3_mRNA
    from il6sim.report.plots import _LABELS, WESTERN_DEFAULT

    rows = [o for o in WESTERN_DEFAULT if _LABELS.get(o, o) != o]
    p = load_protocol(proto({"g": [IL6]}, observables=[_LABELS[o] for o in rows]))
    assert p.observables == tuple(rows)
    assert load_protocol(proto({"g": [IL6]}, observables=["pakt  (s473)"])).observables == ("pAkt",)
    for name, hint in (("SOCS3 protein", "SOCS3"), ("MCP-1", "CCL2_mRNA"), ("IL-8", "CXCL8_mRNA")):
        (msg,) = problems(proto({"g": [IL6]}, observables=[name]))
        assert f"unknown observable {name!r} (did you mean {hint!r}?)" in msg
    (msg,) = problems(proto({"g": [IL6]}, observables=["pSTAT3", "pSTAT3 (Y705)"]))
    assert "'pSTAT3' and 'pSTAT3 (Y705)' name the same observable" in msg


@pytest.mark.parametrize("add, got", [(["IL-6", "sIL-6R"], "a list"), ("IL-6 + sIL-6R", "'IL-6 + sIL-6R'"),
                                      ("IL-6 and sIL-6R", "'IL-6 and sIL-6R'")])
def test_two_agents_in_one_step_are_told_to_take_a_step_each(add, got):
    # 'add: [IL-6, sIL-6R]' was an unknown agent "['IL-6', 'sIL-6R']" (Python's repr), 'IL-6 + sIL-6R' an unknown
    # agent listed against all the known ones: neither said that a step adds one agent with its own dose
    (msg,) = problems(proto({"trans": [dict(IL6, add=add)]}))
    assert msg == (f"Protocol 'test', group 'trans', step 1: add takes one agent (got {got}): write one step per "
                   "agent, each with its dose, e.g. {at: 0 min, add: IL-6, dose: 10 ng/mL} and "
                   "{at: 0 min, add: sIL-6R, dose: 25 ng/mL}")
    (msg,) = problems(proto({"trans": [dict(IL6, add="IL-6 + IL-11")]}))  # not all of them agents: as before
    assert "unknown agent 'IL-6 + IL-11'" in msg


def test_cell_numbers_are_read_as_a_lab_writes_them():
    # '2 x 10^5', '2e5 cells/well' were refused as "expected a number of cells such as 2e5"; a density and a number
    # with thousands separators are refused with what to write
    for text in ("2x10^5", "2 × 10^5 cells", "2e5 cells/well", "2e5 cells per well", "2e5"):
        assert load_protocol(proto({"g": [IL6]}, medium={"cells": text})).n_cells == 2e5
    assert problems(proto({"g": [IL6]}, medium={"cells": "1e5 cells/mL"})) == [
        "Protocol 'test', medium.cells: 1e5 cells/mL is a density: give the number of cells in the well (density x "
        "medium volume), e.g. cells: 2e5"]
    assert problems(proto({"g": [IL6]}, medium={"cells": "200,000"})) == [
        "Protocol 'test', medium.cells: write the number of cells without thousands separators, e.g. 200000 or 2e5 "
        "(got 200,000)"]


def test_groups_written_as_a_list_are_told_how_to_write_them():
    # '- name: control' items were shown back as Python's repr of the list, with no example
    (msg,) = problems(proto([{"name": "control"}, {"name": "IL-6", "steps": [IL6]}]))
    assert msg == ("Protocol 'test', groups: expected a mapping group name: list of steps (got a list of 2); write "
                   "each group as its name followed by its steps, e.g. groups: {control: [], IL-6: [{at: 0 min, "
                   "add: IL-6, dose: 10 ng/mL}]}")


def test_unknown_observable():
    (msg,) = problems(proto({"g": [IL6]}, observables=["pSTAT3", "pJAK9"]))
    assert "readouts.observables: unknown observable 'pJAK9'" in msg and "pERK" in msg


def test_unknown_preset():
    (msg,) = problems(proto({"g": [IL6]}, cell="huvex"))
    assert "cell: unknown cell preset 'huvex'" in msg and "huvec" in msg


def test_unknown_preset_in_mapping_and_unknown_gene():
    msgs = problems(proto({"g": [IL6]}, cell={"preset": "liver", "knockout": ["SOCS9"]}))
    assert any("cell.preset: unknown cell preset 'liver'" in m for m in msgs)
    assert any("cell.knockout: unknown gene or mutant 'SOCS9'" in m for m in msgs)


def test_unknown_parameter_in_cell_and_in_set():
    msgs = problems(proto({"g": [{"at": "1 h", "set": {"k_warp": 2}}]},
                          cell={"preset": "huvec", "parameters": {"K_er": 1}}))
    assert any("cell.parameters: unknown parameter 'K_er'" in m and "K_erk" in m for m in msgs)
    assert any("group 'g', step 1: set: unknown parameter 'k_warp'" in m for m in msgs)


def test_derived_parameter_cannot_be_set():
    (msg,) = problems(proto({"g": [{"at": "1 h", "set": {"mpn": 2}}]}))
    assert "computed from others" in msg


def test_negative_dose_uses_the_message_template():
    (msg,) = problems(proto({"trans": [IL6, dict(SR, dose="-10 ng/mL")]}, ), origin="x.yaml")
    assert msg == "Protocol 'x.yaml', group 'trans', step 2: dose must be > 0 (got -10 ng/mL)"


def test_zero_dose_is_refused():
    (msg,) = problems(proto({"g": [dict(IL6, dose="0 ng/mL")]}))
    assert "dose must be > 0 (got 0 ng/mL)" in msg


@pytest.mark.parametrize("dose", ["ten ng/mL", "lots", "ng/mL", True, [1, 2]])
def test_non_numeric_dose(dose):
    (msg,) = problems(proto({"g": [dict(IL6, dose=dose)]}))
    assert "group 'g', step 1: dose" in msg


@pytest.mark.parametrize("dose", [10, 2.5, "10", "1e3"])
def test_unitless_dose(dose):
    (msg,) = problems(proto({"g": [dict(IL6, dose=dose)]}))
    assert "dose has no unit" in msg and "ng/mL" in msg


@pytest.mark.parametrize("dose", ["10 ng", "10 mL", "10 min", "10 mol"])
def test_dose_in_a_unit_that_is_not_a_concentration(dose):
    (msg,) = problems(proto({"g": [dict(IL6, dose=dose)]}))
    assert "dose must be a concentration" in msg and f"(got {dose})" in msg


def test_missing_dose():
    (msg,) = problems(proto({"g": [{"at": "0 min", "add": "IL-6"}]}))
    assert "missing dose" in msg


def test_absurd_dose_is_refused_before_the_solver():
    (msg,) = problems(proto({"g": [dict(IL6, dose="1e12 mg/mL")]}))
    assert "above the 10 mM limit; check the number and its unit, e.g. '10 ng/mL'" in msg


@pytest.mark.parametrize("extra, remedy", [
    ({"readouts": {"observables": ["pSTAT3"], "times": ["1e9 h"]}},
     "readouts.times: time 1: 1e9 h is outside +/- 30 days of stimulation (write a time within 30 days of it, "
     "e.g. '30 min' or '24 h')"),
    ({"medium": {"volume": "lots", "cells": 2e5}},
     "medium.volume: 'lots' is not a number followed by a unit (write e.g. '1 mL' or '500 uL')"),
])
def test_a_time_out_of_range_and_a_volume_that_is_no_number_say_what_to_write(extra, remedy):
    (msg,) = problems(proto({"g": [IL6]}, **extra))
    assert msg.endswith(remedy), msg


@pytest.mark.parametrize("at", [0, -45, "30", "45 kg", "soon", None])
def test_time_without_unit_or_not_a_time(at):
    (msg,) = problems(proto({"g": [dict(IL6, at=at)]}))
    assert "group 'g', step 1: at:" in msg


def test_readout_time_without_unit():
    (msg,) = problems(proto({"g": [IL6]}, times=["15 min", 30]))
    assert "readouts.times: time 2: time has no unit (got 30" in msg


def test_readout_time_before_the_first_step():
    (msg,) = problems(proto({"g": [dict(IL6, at="-30 min")]}, times=["-45 min", "15 min"]))
    assert "readout at -45 min is before the first step (-30 min)" in msg


def test_readout_during_pre_incubation_is_allowed():
    p = load_protocol(proto({"g": [dict(IL6, at="-30 min")]}, times=["-10 min", "15 min"]))
    assert p.times_min == (-10.0, 15.0)


def test_step_must_do_exactly_one_thing():
    msgs = problems(proto({"g": [{"at": "1 h", "wash": True, "add": "IL-6", "dose": "1 nM"},
                                 {"at": "1 h"}, {"at": "1 h", "wash": False}]}))
    assert any("step 1: a step does exactly one of" in m for m in msgs)
    assert any("step 2: a step does exactly one of" in m and "none of them" in m for m in msgs)
    assert any("step 3: wash must be true" in m for m in msgs)


def test_cellular_readout_without_cells():
    (msg,) = problems(proto({"g": [IL6]}, cell=None, observables=["pSTAT3"]))
    assert "pSTAT3 is read from cells" in msg
    (msg,) = problems(proto({"g": [IL6]}, cell=None, observables=["pSTAT3", "free_IL6", "pERK", "SOCS3_mRNA"]))
    assert "pSTAT3, pERK and SOCS3_mRNA are read from cells" in msg


def test_missing_cell_and_groups_and_bad_medium():
    msgs = problems({"name": "x", "medium": {"volume": 1, "cells": -5, "temperature": "37 C"}})
    joined = "\n".join(msgs)
    assert "missing key 'cell'" in joined and "missing 'groups'" in joined
    assert "medium.volume: volume has no unit" in joined and "medium.cells" in joined
    assert "unknown key 'temperature'" in joined


def test_all_problems_are_listed_together():
    msgs = problems(proto({"a": [dict(IL6, dose="-1 ng/mL"), dict(SR, add="IL-99")],
                           "b": [dict(IL6, at="5")]}, observables=["pNOPE"], colour="red"))
    assert len(msgs) == 5
    assert [m.split(":")[0] for m in msgs] == [
        "Protocol 'test'", "Protocol 'test', group 'a', step 1", "Protocol 'test', group 'a', step 2",
        "Protocol 'test', group 'b', step 1", "Protocol 'test', readouts.observables"]


def test_malformed_yaml(tmp_path):
    f = tmp_path / "m.yaml"
    f.write_text("name: x\ngroups: [a, b\n")
    (msg,) = problems(f)
    assert msg.startswith(f"Protocol '{f}': malformed YAML: line")


def test_empty_yaml(tmp_path):
    f = tmp_path / "e.yaml"
    f.write_text("# nothing\n")
    (msg,) = problems(f)
    assert "file is empty" in msg


@pytest.mark.parametrize("text", ["- a\n- b\n", "just a string\n", "42\n"])
def test_yaml_that_is_not_a_mapping(tmp_path, text):
    f = tmp_path / "l.yaml"
    f.write_text(text)
    (msg,) = problems(f)
    assert "expected a mapping" in msg


def test_yaml_is_loaded_safely(tmp_path):
    marker = tmp_path / "pwned"
    f = tmp_path / "evil.yaml"
    f.write_text(f'!!python/object/apply:os.system ["touch {marker}"]\n')
    (msg,) = problems(f)
    assert "malformed YAML" in msg and not marker.exists()


def test_duplicate_group_names_are_refused(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text("cell: huvec\ngroups:\n  a: []\n  a: []\n")
    (msg,) = problems(f)
    assert "duplicate key 'a'" in msg


def test_missing_file_directory_and_unknown_seed(tmp_path):
    assert "file not found" in problems(tmp_path / "nope.yaml")[0]
    assert "is a directory" in problems(tmp_path)[0]
    (msg,) = problems("seed:no_such_protocol")
    assert "unknown bundled protocol 'no_such_protocol'" in msg and "trans_huvec" in msg


def test_user_strings_are_never_evaluated():
    msgs = problems(proto({"g": [dict(IL6, dose="__import__('os').system('true') ng/mL"),
                                 {"at": "1 h", "set": {"k_deg_SOCS3": "1+1"}}]}))
    assert len(msgs) == 2


def test_bad_run_parameters_are_input_errors():
    with pytest.raises(InputError, match="unknown parameter 'k_nope'"):
        run_protocol(proto({"g": [IL6]}), parameters={"k_nope": 1.0})


# --- semantics of a run -------------------------------------------------------------------------------------

def test_table_columns_and_fold_change_against_the_untreated_cell():
    res = run_protocol(proto({"control": [], "trans": [IL6, SR]}, observables=["pSTAT3", "SOCS3_mRNA"]))
    assert list(res.table.columns) == ["group", "observable", "time_min", "value", "unit", "fold_change"]
    assert len(res.table) == 2 * 2 * 3
    assert np.allclose(res.table[res.table.group == "control"].fold_change, 1.0)
    rest = res.untreated[res.untreated.group == "trans"]
    for t in (15.0, 30.0, 120.0):
        v, fc = value(res, "trans", "pSTAT3", t)
        u = float(rest[rest.time_min == t].pSTAT3.iloc[0])
        assert fc == pytest.approx(v / u)
    assert value(res, "trans", "pSTAT3", 30.0)[1] > 5
    assert set(res.table.unit) == {"1", "a.u."}


def test_cell_is_at_rest_before_its_first_step():
    res = run_protocol(proto({"control": [], "late": [dict(IL6, at="1 h")]}, times=["30 min", "90 min"]))
    assert value(res, "late", "pSTAT3", 30.0) == pytest.approx(value(res, "control", "pSTAT3", 30.0), rel=1e-9)
    assert value(res, "late", "pSTAT3", 90.0)[1] > 5


def test_pre_incubation_timing_shifts_the_response():
    # IL-6 given 30 min before stimulation: reading at t equals the reading at t + 30 of IL-6 at 0 min
    res = run_protocol(proto({"at0": [IL6], "pre": [dict(IL6, at="-30 min")]},
                             times=["0 min", "15 min", "30 min", "45 min"]))
    for t in (0.0, 15.0):
        assert value(res, "pre", "pSTAT3", t)[0] == pytest.approx(value(res, "at0", "pSTAT3", t + 30)[0], rel=1e-4)
    t, y = course(res, "pre", "pSTAT3")
    assert t[0] <= -30  # the course starts at rest before the first step
    _, y0 = course(res, "at0", "pSTAT3")
    assert y[0] == pytest.approx(y0[0], rel=1e-12)  # both at rest before any step
    assert y[np.searchsorted(t, -30.0)] > y[0] * 0.999  # and IL-6 acts from -30 min on
    assert y[np.searchsorted(t, -15.0)] > 2 * y[0]


def test_sgp130fc_pre_incubation_blocks_trans_signalling():
    res = run_protocol(proto(cell="gp130_only", groups={
        "trans": [IL6, SR],
        "pre45": [{"at": "-45 min", "add": "sgp130Fc", "dose": "500 ng/mL"}, IL6, SR],
        "sgp_alone": [{"at": "-45 min", "add": "olamkicept", "dose": "500 ng/mL"}]},
        observables=["pSTAT3", "trans_complexes"], times=["-45 min", "30 min", "2 h"]))
    assert value(res, "pre45", "pSTAT3", 30.0)[0] < 0.6 * value(res, "trans", "pSTAT3", 30.0)[0]
    assert value(res, "pre45", "trans_complexes", 30.0)[0] < value(res, "trans", "trans_complexes", 30.0)[0]
    assert value(res, "sgp_alone", "pSTAT3", 120.0)[1] == pytest.approx(1.0, abs=0.05)


def test_wash_removes_everything_added():
    steps = [IL6, SR, {"at": "1 h", "wash": True}]
    res = run_protocol(proto({"nowash": [IL6, SR], "wash": steps},
                             observables=["free_IL6", "IL6_sIL6R", "sIL6R", "pSTAT3"],
                             times=["59 min", "1 h", "4 h"]))
    assert value(res, "wash", "free_IL6", 59.0)[0] > 0.01
    for o in ("free_IL6", "IL6_sIL6R", "sIL6R"):
        assert value(res, "wash", o, 60.0)[0] == 0.0  # a reading at a step is taken after it
    assert value(res, "wash", "pSTAT3", 240.0)[0] < 0.5 * value(res, "nowash", "pSTAT3", 240.0)[0]


def test_doses_of_the_same_agent_add_up():
    half = dict(IL6, dose="5 ng/mL")
    half_molar = dict(IL6, dose=f"{5 / 21000 * 1e3!r} nM")  # 5 ng/mL at 21 kDa
    res = run_protocol(proto({"once": [IL6], "twice": [half, half], "mixed": [half, half_molar]},
                             observables=["pSTAT3", "free_IL6"]))
    for g in ("twice", "mixed"):
        for t in (15.0, 30.0, 120.0):
            assert value(res, g, "pSTAT3", t)[0] == pytest.approx(value(res, "once", "pSTAT3", t)[0], rel=1e-6)


def test_knockouts_change_the_cell():
    # (huvec throughout: every changed parameter costs the engine a re-initialisation)
    kw = dict(observables=["pSTAT3", "SOCS3"], times=["30 min", "4 h"])
    res_wt = run_protocol(proto({"trans": [IL6, SR]}, **kw))
    res_ko = run_protocol(proto({"trans": [IL6, SR]}, cell={"preset": "huvec", "knockout": ["SOCS3"]}, **kw))
    assert value(res_ko, "trans", "SOCS3", 240.0)[0] < 0.05 * value(res_wt, "trans", "SOCS3", 240.0)[0]
    assert value(res_ko, "trans", "pSTAT3", 240.0)[0] > value(res_wt, "trans", "pSTAT3", 240.0)[0]


def test_set_changes_a_parameter_from_that_time_on():
    res = run_protocol(proto({"trans": [IL6, SR], "trans + set": [IL6, SR, {"at": "45 min", "set": {"k_dephos_n": 1.0}}]},
                             times=["30 min", "2 h"]))
    t, a = course(res, "trans", "pSTAT3")
    _, b = course(res, "trans + set", "pSTAT3")
    before, after = t < 45, (t > 50) & (t < 90)  # later, less SOCS3 feedback lets the two cross
    assert np.allclose(a[before], b[before], rtol=1e-9)
    assert np.all(b[after] < a[after])
    # the untreated reference of a group keeps its set steps, so fold change compares like with like
    ref = res.untreated
    assert not np.allclose(ref[ref.group == "trans"].pSTAT3, ref[ref.group == "trans + set"].pSTAT3)
    v, fc = value(res, "trans + set", "pSTAT3", 120.0)
    u = ref[(ref.group == "trans + set") & (ref.time_min == 120.0)].pSTAT3.iloc[0]
    assert fc == pytest.approx(v / u)


def test_serum_starvation_does_not_change_a_cell_that_makes_no_il6():
    a = run_protocol(proto({"g": [IL6]}, times=["30 min"]))
    b = run_protocol(proto({"g": [IL6]}, times=["30 min"], serum_starvation="6 h"))
    assert b.protocol.serum_starvation_min == 360.0
    assert b.provenance["serum_starvation_min"] == 360.0
    assert np.allclose(a.table.value, b.table.value)


def test_serum_starvation_starts_the_accumulation_of_the_cells_own_il6():
    # starvation is a change to fresh medium; secreting cells (huvec) build up their own IL-6 from then on
    kw = dict(cell="huvec", observables=["free_IL6"], times=["0 min"])
    a = run_protocol(proto({"g": []}, serum_starvation="1 h", **kw))
    b = run_protocol(proto({"g": []}, serum_starvation="6 h", **kw))
    assert 0 < value(a, "g", "free_IL6", 0.0)[0] < value(b, "g", "free_IL6", 0.0)[0]


def test_an_agent_added_before_the_serum_starvation_medium_change_is_refused():
    # the medium change at -serum_starvation washed an agent added earlier away on secreting cells (huvec:
    # sgp130Fc 6 h ahead had no effect at all) but not on others (hepg2): one file, two meanings, no word
    early = {"at": "-6 h", "add": "sgp130Fc", "dose": "500 ng/mL"}
    for cell in ("huvec", "hepg2"):
        (msg,) = problems(proto({"control": [], "blocked": [early, IL6, SR]}, cell=cell, serum_starvation="4 h"))
        assert msg.startswith("Protocol 'test', group 'blocked', step 1: sgp130Fc is added at -360 min, before the "
                              "medium change of serum_starvation (240 min before stimulation)")
        assert "add it at -240 min or later" in msg and "serum_starvation at least 360 min" in msg
    # at the medium change itself, later, with a longer starvation, or without one: accepted as before
    for at, starve in (("-4 h", "4 h"), ("-45 min", "4 h"), ("-6 h", "6 h"), ("-6 h", None), ("-6 h", "0 min")):
        load_protocol(proto({"blocked": [dict(early, at=at), IL6]}, serum_starvation=starve))
    # set and wash steps before it lose nothing
    load_protocol(proto({"g": [{"at": "-6 h", "set": {"k_deg_SOCS3": 0.08}}, {"at": "-5 h", "wash": True}, IL6]},
                        serum_starvation="4 h"))


def test_times_in_hours_and_minutes_are_read_as_the_lane_labels_write_them():
    # the blot and qPCR figures label a lane '2 h 15 min'; the same text in a protocol was refused
    # ("unknown unit 'h 15 min'"), although '1 h 30 min' is how many lab protocols write a time
    from il6sim.report.plots import format_time

    p = load_protocol(proto({"g": [dict(IL6, at="-1 h 30 min"), dict(SR, at="1 d 6 h")]},
                            times=["1 h 30 min", "2 h 15 min", "1h45min", "26 h"]))
    assert p.times_min == (90.0, 105.0, 135.0, 1560.0)
    assert [s.at_min for s in p.groups["g"]] == [-90.0, 1800.0]
    for t in (135.0, 195.0, 2 * 1440.0, 90.0):  # every label reads back as its time
        assert load_protocol(proto({"g": [IL6]}, times=[format_time(t)])).times_min == (t,)
    for t in (-135.0, -195.0, 135.0):
        assert load_protocol(proto({"g": [dict(IL6, at=format_time(t))]})).groups["g"][0].at_min == t
    # parts must be times, larger unit first; anything else keeps its message
    assert problems(proto({"g": [IL6]}, times=["1 h 30 mg"])) == [
        "Protocol 'test', readouts.times: time 1: '1 h 30 mg': unknown unit 'h 30 mg' (write e.g. '30 min' or '2 h')"]
    assert len(problems(proto({"g": [IL6]}, times=["30 min 1 h"]))) == 1
    assert len(problems(proto({"g": [IL6]}, times=["1 h 30"]))) == 1


def test_parameters_override_the_protocols_cell():
    p = load_protocol(proto({"IL-6": [IL6]}, times=["30 min"]))
    base = run_protocol(p)
    zero = run_protocol(p, parameters={"IL6R_per_cell": 0.0})
    assert value(base, "IL-6", "pSTAT3", 30.0)[1] > 3
    assert value(zero, "IL-6", "pSTAT3", 30.0)[1] == pytest.approx(1.0, abs=0.01)  # classic needs IL-6R
    assert zero.provenance["parameter_overrides"] == {"IL6R_per_cell": 0.0}
    assert zero.provenance["parameters"]["IL6R_per_cell"] == 0.0


def test_dense_times_and_metrics():
    res = run_protocol(proto({"control": [], "trans": [IL6, SR]}, observables=["pSTAT3"],
                             times=["15 min", "4 h"]), dense_times=np.arange(0, 241, 2.0))
    tc = res.timecourses[res.timecourses.group == "trans"]
    assert tc.time_min.min() == -5.0  # the resting point is always there
    assert {0.0, 15.0, 240.0} <= set(tc.time_min)
    m = res.metrics.set_index(["group", "observable"])
    assert list(res.metrics.columns[:4]) == ["group", "observable", "unit", "rest"]
    assert m.loc[("control", "pSTAT3"), "call"] == "none"
    assert np.isnan(m.loc[("control", "pSTAT3"), "time_to_peak_min"])
    assert m.loc[("trans", "pSTAT3"), "call"] in ("transient", "sustained")
    assert 10 < m.loc[("trans", "pSTAT3"), "time_to_peak_min"] < 90
    assert m.loc[("trans", "pSTAT3"), "auc"] > 0 and m.loc[("trans", "pSTAT3"), "time_above_half_max_min"] > 0
    assert "120 min after the peak" in m.loc[("trans", "pSTAT3"), "criterion"]


def test_provenance_names_versions_model_and_protocol():
    res = run_protocol("seed:trans_huvec")
    prov = res.provenance
    assert prov["il6sim_version"] and len(prov["model"]["sbml_sha256"]) == 64
    assert len(prov["model"]["kinetics_sha256"]) == 64
    assert prov["protocol"]["origin"] == "seed:trans_huvec"
    assert load_protocol(copy.deepcopy(prov["protocol"]["canonical"])) == res.protocol


def test_bundled_protocols_reproduce_the_seed_qualitatively():
    trans = run_protocol("seed:trans_huvec")
    assert value(trans, "trans", "pSTAT3", 30.0)[0] > value(trans, "classic", "pSTAT3", 30.0)[0]
    # CCL2 needs STAT3 and Akt together: trans induces it, classic (few endothelial IL-6R) barely
    assert value(trans, "trans", "CCL2_mRNA", 240.0)[1] > 1.75
    assert value(trans, "classic", "CCL2_mRNA", 240.0)[1] < 1.5
    inh = run_protocol("seed:sgp130fc_inhibition")
    assert value(inh, "inhibition", "pSTAT3", 30.0)[0] < value(inh, "trans", "pSTAT3", 30.0)[0]
    assert value(inh, "inhibition", "CCL2_mRNA", 240.0)[1] < 1.5
    hy = run_protocol("seed:hyper_il6_huvec")
    p = [value(hy, f"Hyper-IL-6 {d} ng/mL", "trans_complexes", 15.0)[0] for d in (1, 10, 100)]
    assert p[0] < p[1] < p[2]
    cl = run_protocol("seed:classic_hepatocyte")
    assert value(cl, "IL-6 10 ng/mL", "pSTAT3", 30.0)[1] > 5


# --- premixed agents ------------------------------------------------------------------------------------

def test_premixed_agents_form_one_tube_whose_complex_is_added_at_the_step():
    from il6sim.protocols.runner import group_events, premix_tube

    pre = {"premixed": "30 min"}
    p = load_protocol(proto({"mix": [dict(IL6, **pre), dict(SR, **pre)], "apart": [IL6, SR]},
                            observables=["IL6_sIL6R", "pSTAT3"], times=["0 min", "5 min"]))
    assert p.has_premix and "premixed 30 min" in p.describe()
    assert load_protocol(p.to_dict()) == p  # round trip keeps the pre-incubation
    params = p.parameters()
    mix = {e.target: e.value for e in group_events(p, "mix", params)}
    # IL-6 0.476 nM + sIL-6R 0.5 nM at KD 3 nM: ~0.061 nM complex at equilibrium, the rest free
    assert mix["IL6_sIL6R"] == pytest.approx(0.059, rel=0.05)
    # IL-6 is conserved in the tube, but for the slow decay of proteins in 37 C medium
    decay = np.exp(-params.get("k_deg_medium", 4.8e-4) * 30)
    assert mix["IL6"] + mix["IL6_sIL6R"] == pytest.approx(10 / 21 * decay, rel=1e-3)
    assert {e.target for e in group_events(p, "apart", params)} == {"IL6", "sIL6R"}
    # a longer pre-incubation gets closer to equilibrium; the model's own rates decide
    assert premix_tube({"IL6": 0.476, "sIL6R": 0.5}, 0.2, params)["IL6_sIL6R"] < 0.8 * mix["IL6_sIL6R"]
    res = run_protocol(p)
    assert value(res, "mix", "IL6_sIL6R", 0)[0] == pytest.approx(mix["IL6_sIL6R"], rel=1e-3)
    assert value(res, "apart", "IL6_sIL6R", 0)[0] < 1e-6
    # the pre-formed complex signals earlier (added apart, IL-6 and sIL-6R associate within about a minute)
    assert value(res, "mix", "pSTAT3", 5)[0] > value(res, "apart", "pSTAT3", 5)[0]


def test_only_agents_with_the_same_time_and_pre_incubation_share_a_tube():
    from il6sim.protocols.runner import group_events

    p = load_protocol(proto({"g": [dict(IL6, premixed="30 min"), dict(SR, premixed="10 min"),
                                   dict(SR, at="1 h", premixed="30 min")]}))
    ev = group_events(p, "g", p.parameters())
    assert [(e.time, e.target) for e in ev] == [(0.0, "IL6"), (0.0, "sIL6R"), (60.0, "sIL6R")]  # three tubes


@pytest.mark.parametrize("step, message", [
    (dict(IL6, premixed="0 min"), "premixed must be a pre-incubation time > 0"),
    (dict(IL6, premixed=30), "premixed: time has no unit"),
    ({"at": "1 h", "wash": True, "premixed": "30 min"}, "'premixed' belongs to an 'add' step, not to 'wash'"),
    # a pre-incubation is a duration: it was told to lie "within 7 days of stimulation"
    (dict(IL6, premixed="2 weeks"), "premixed: 2 weeks is longer than a pre-incubation may be (7 days); write the "
                                    "time the agents spent together in the tube, e.g. '30 min'"),
])
def test_premixed_problems(step, message):
    (msg,) = problems(proto({"g": [step]}))
    assert msg.startswith("Protocol 'test', group 'g', step 1: ") and message in msg


def test_calibration_conditions_refuse_premixed_agents():
    from il6sim.fitting.conditions import conditions_from_protocol

    p = load_protocol(proto({"g": [dict(IL6, premixed="30 min")]}))
    with pytest.raises(InputError, match="premixed agents cannot be a calibration condition"):
        conditions_from_protocol(p)


def test_fit_file_conditions_refuse_premixed_agents():
    from il6sim.fitting.problem import parse_condition

    with pytest.raises(InputError, match="premixed agents cannot be a calibration condition") as e:
        parse_condition("il6", [dict(IL6, premixed="30 min")], "fit.yaml, conditions.il6")
    assert e.value.problems[0].where == "fit.yaml, conditions.il6"


@pytest.mark.parametrize("dose", ["10 U/mL", "10 IU/mL", "10 u/mL"])
def test_dose_in_units_of_activity_is_refused_with_one_remedy(dose):
    (msg,) = problems(proto({"g": [dict(IL6, dose=dose)]}), origin="x.yaml")
    assert msg.startswith(f"Protocol 'x.yaml', group 'g', step 1: dose: '{dose}' is in units of biological activity")
    assert msg.count("e.g.") == 1


def test_dose_in_nanometres_suggests_nanomolar():
    (msg,) = problems(proto({"g": [dict(IL6, dose="0.5 nm")]}))
    assert "dose must be a concentration" in msg and "did you mean '0.5 nM'?" in msg


@pytest.mark.parametrize("dose", ["10 ng mL-1", "10 ng\u00b7mL\u207b\u00b9", "10\u00a0ng/mL"])
def test_dose_in_journal_notation(dose):
    p = load_protocol(proto({"g": [dict(IL6, dose=dose)]}))
    assert p.groups["g"][0].dose_nM == pytest.approx(0.47619, rel=1e-4)


def test_pre_incubation_with_a_typographic_minus():
    p = load_protocol(proto({"g": [dict(IL6, at="\u221245 min")]}, times=["15 min"]))
    assert p.groups["g"][0].at_min == -45.0


def test_group_names_that_differ_only_in_case_or_spaces_are_refused():
    # tables, figures and the lab-data overlay could not tell "IL-6", "il-6" and "IL-6 " apart
    msgs = problems(proto({"IL-6": [IL6], "il-6": [IL6], "IL-6 ": [IL6], "IL6": [IL6]}), origin="x.yaml")
    assert msgs == [f"Protocol 'x.yaml', group {g!r}: same name as group 'IL-6' but for case or spaces; give each "
                    "group a name of its own" for g in ("il-6", "IL-6 ")]


def test_a_group_written_as_text_asks_for_a_list_of_steps():
    (msg,) = problems(proto({"IL-6": "at 0 min add IL-6 10 ng/mL"}))
    assert "group 'IL-6': expected a list of steps such as [{at: 0 min" in msg and "(got the text 'at 0 min" in msg


def test_readouts_written_as_comma_separated_text_ask_for_brackets():
    msgs = problems(dict(proto({"g": [IL6]}), readouts={"observables": "pSTAT3, pERK", "times": "15 min, 30 min, 1 h"}))
    assert msgs == [
        "Protocol 'test', readouts.observables: 'pSTAT3, pERK' is one text, not a list: write the observables in "
        "brackets, [pSTAT3, pERK]",
        "Protocol 'test', readouts.times: '15 min, 30 min, 1 h' is one text, not a list: write the times in "
        "brackets, [15 min, 30 min, 1 h]"]


def test_a_single_readout_time_or_observable_as_text_is_still_a_list_of_one():
    p = load_protocol(dict(proto({"g": [IL6]}), readouts={"observables": "pERK", "times": "30 min"}))
    assert p.observables == ("pERK",) and p.times_min == (30.0,)


def test_a_decimal_comma_in_a_readout_time_is_named():
    (msg,) = problems(proto({"g": [IL6]}, times=["1,5 h"]))
    assert "readouts.times: time 1: '1,5 h': write the number with '.' as the decimal point" in msg


@pytest.mark.parametrize("text, found", [("42\n", "got a number"), ("just text\n", "got a line of text"),
                                         ("- a\n- b\n", "got a list"), ("true\n", "got true/false")])
def test_a_protocol_file_that_is_not_a_mapping_names_what_it_holds_in_plain_words(tmp_path, text, found):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_protocol(path)
    assert found in str(info.value) and "got a int" not in str(info.value)


_STEPS = "groups:\n  a:\n    - {at: 0 min, add: IL-6, dose: 10 ng/mL}\nreadouts: {observables: [pSTAT3], times: [15 min]}\n"


@pytest.mark.parametrize("text, said", [
    # it said "got datetime.date(2020, 1, 1)", "got b'hi'"
    ("name: 2020-01-01\ncell: huvec\n" + _STEPS,
     "Protocol 't.yaml', name: must be text (got a date (2020-01-01)); YAML reads an unquoted date as a date: "
     'write the text in quotes, e.g. name: "2020-01-01"'),
    ("name: !!binary aGk=\ncell: huvec\n" + _STEPS,
     "Protocol 't.yaml', name: must be text (got binary data); write the value as plain text, without the "
     "!!binary tag"),
    # it said "unknown key 'None' (did you mean 'notes'?)"
    ("name: x\ncell: huvec\nnull: 1\n" + _STEPS,
     "Protocol 't.yaml': an empty key (null, ~ or nothing before the colon): write the key's name, one of: name, "
     "description, cell, medium, serum_starvation, groups, readouts, notes, references"),
    # it took the group for one named 'None'
    ("name: x\ncell: huvec\n" + _STEPS.replace("  a:\n", "  ~:\n"),
     "Protocol 't.yaml', groups: a group with an empty name (null, ~ or nothing before the colon): write the "
     "group's name, e.g. control or 'IL-6 10 ng/mL'"),
    # it said "got False", "got ['10 ng/mL']"
    ("name: x\ncell: huvec\n" + _STEPS.replace("dose: 10 ng/mL", "dose: false"),
     "Protocol 't.yaml', group 'a', step 1: dose must be a concentration such as '10 ng/mL' (got false)"),
    ("name: x\ncell: huvec\n" + _STEPS.replace("dose: 10 ng/mL", "dose: [10 ng/mL]"),
     "Protocol 't.yaml', group 'a', step 1: dose must be a concentration such as '10 ng/mL' (got a list; give one "
     "dose as text, e.g. dose: 10 ng/mL)"),
    ("name: x\ncell: huvec\n" + _STEPS.replace("at: 0 min", "at: !!binary aGk="),
     "Protocol 't.yaml', group 'a', step 1: at: expected a time such as '30 min' (got binary data)"),
])
def test_a_yaml_value_of_another_kind_is_named_in_plain_words(tmp_path, monkeypatch, text, said):
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text(text, encoding="utf-8")
    assert problems("t.yaml") == [said]


@pytest.mark.parametrize("key", ["null", "~"])
def test_two_empty_keys_are_named_in_plain_words(tmp_path, monkeypatch, key):
    # it said "duplicate key 'None'"
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text(f"name: x\ncell: huvec\n{key}: 1\n{key}: 2\n" + _STEPS, encoding="utf-8")
    (msg,) = problems("t.yaml")
    assert msg == ("Protocol 't.yaml': malformed YAML: line 4, column 1: duplicate key null (an empty key: null, ~ "
                   "or nothing before the colon) (first at line 3); write each key's name")


def test_a_file_that_is_one_binary_value_is_named_in_plain_words(tmp_path, monkeypatch):
    # it said "got a bytes"
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text("!!binary aGk=\n", encoding="utf-8")
    assert problems("t.yaml") == ["Protocol 't.yaml': expected a mapping of keys (name, cell, groups, readouts, ...), "
                           "got binary data"]


def test_true_and_false_are_written_as_in_yaml(tmp_path, monkeypatch):
    # it said "got True", "got False": Python's words for YAML's true and false
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text("name: x\ncell: huvec\nmedium: {volume: true, cells: false}\n"
                              "groups:\n  a:\n    - {at: 0 min, wash: false}\n    - {at: true, add: IL-6, dose: 1 nM}\n"
                              "readouts: {observables: [pSTAT3], times: [true]}\n", encoding="utf-8")
    assert problems("t.yaml") == [
        "Protocol 't.yaml', medium.volume: expected a volume such as '1 mL' (got true)",
        "Protocol 't.yaml', medium.cells: expected a number of cells such as 2e5 (got false)",
        "Protocol 't.yaml', group 'a', step 1: wash must be true (got false; leave the step out to not wash)",
        "Protocol 't.yaml', group 'a', step 2: at: expected a time such as '30 min' (got true)",
        "Protocol 't.yaml', readouts.times: time 1: expected a time such as '30 min' (got true)"]


def test_null_is_called_null(tmp_path, monkeypatch):
    # it said "got None" and "unknown observable 'None'": Python's word for YAML's null (~)
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_text("name: x\ncell: huvec\nmedium: {volume: ~, cells: 2e5}\n"
                              "groups:\n  a:\n    - {at: 0 min, set: ~}\n    - {at: 0 min, add: IL-6, dose: 1 nM, note: ~}\n"
                              "readouts: {observables: [pSTAT3, ~], times: [15 min]}\n", encoding="utf-8")
    said = problems("t.yaml")
    assert said[:3] == [
        "Protocol 't.yaml', medium.volume: expected a volume such as '1 mL' (got null)",
        "Protocol 't.yaml', group 'a', step 1: set must be one mapping parameter: value, e.g. "
        "{set: {k_deg_SOCS3: 0.08}} (got null)",
        "Protocol 't.yaml', group 'a', step 2: note must be text (got null)"]
    assert said[3].startswith("Protocol 't.yaml', readouts.observables: an empty entry (null) in the list of "
                              "observables: write an observable's name (known: pSTAT3, ")
    assert len(said) == 4


def test_the_written_protocol_keeps_every_kind_of_step_and_says_each_dose_in_nM():
    """protocol_yaml (`il6sim run --out`'s protocol.yaml): a dose as written gets its nM value as a comment, one
    in nM or built in Python (no text) is written in nM without one; premix, wash, set, notes, serum starvation
    and an odd volume read back to the same numbers."""
    import yaml

    from il6sim.protocols import Step
    from il6sim.protocols.writing import protocol_yaml

    pre = {"premixed": "30 min"}
    p = load_protocol(proto({"mix": [dict(IL6, **pre, note="one tube"), dict(SR, **pre)],
                             "later": [{"at": "-90 s", "add": "IL-6", "dose": "476 pM"},
                                       {"at": "1.5 h", "wash": True}, {"at": "2 h", "set": {"k_deg_SOCS3": 0.08}},
                                       {"at": "2.25 h", "add": "sIL-6R", "dose": "0.5 nM"}]},
                            medium={"volume": "750 uL", "cells": "1.5e5"}, serum_starvation="4 h",
                            description="line one\nline two", notes="n", references=["r"]))
    text = protocol_yaml(p)
    lines = text.splitlines()
    assert "  - {at: 0 min, add: IL-6, dose: 10 ng/mL, premixed: 30 min, note: one tube}  # 0.4762 nM" in lines
    assert "  - {at: -1.5 min, add: IL-6, dose: 476 pM}  # 0.476 nM" in lines
    assert "  - {at: 135 min, add: sIL-6R, dose: 0.5 nM}" in lines  # already in nM: no comment
    assert "  - {at: 90 min, wash: true}" in lines and "  - {at: 120 min, set: {k_deg_SOCS3: 0.08}}" in lines
    assert "medium: {volume: 0.75 mL, cells: 150000}" in lines
    assert "serum_starvation: 240 min" in lines
    again = load_protocol(yaml.safe_load(text))
    assert again == p and again.parameters() == p.parameters()
    assert [again.events(g) for g in again.groups] == [p.events(g) for g in p.groups]
    # a long description folds over lines; a step with a long note goes on over two, its comment after its end
    long = load_protocol(proto({"g": [dict(IL6, note="a note " * 20)]}, description="a description " * 20))
    text = protocol_yaml(long)
    assert max(len(ln) for ln in text.splitlines()) <= 110
    assert "  # 0.4762 nM" in text and not text.splitlines()[text.splitlines().index("groups:") + 2].endswith("nM")
    assert load_protocol(yaml.safe_load(text)) == long
    # built in Python: no dose text, so the nM value, as given
    built = Protocol.build("py\x07name", "huvec", {"g": [Step.adding("IL-6", 0.47619047619047633), Step.adding("sIL-6R", 0.5)]},
                           observables=["pSTAT3"], times_min=[30.0])
    text = protocol_yaml(built, header=f"{built.name}: as it ran\nsecond line")  # a control character in the name
    assert text.startswith("# py name: as it ran\n# second line\n")
    assert "  - {at: 0 min, add: IL-6, dose: 0.47619047619047633 nM}" in text.splitlines()
    assert load_protocol(yaml.safe_load(text)) == built
