"""The Python API as a newcomer meets it: wrong names and units name the remedy, in il6sim's own errors."""

import numpy as np
import pytest

import il6sim
from il6sim import Event, InputError, UnitError, default_simulator, to_minutes, to_nM
from il6sim.protocols import Protocol, Step, load_protocol, run_protocol


@pytest.fixture(scope="module")
def traj():
    return default_simulator().simulate(events=[Event(0.0, "add", "IL6", 0.476)], times=[0.0, 30.0])


def test_top_level_exports_the_protocol_api_and_unit_error():
    assert il6sim.load_protocol is load_protocol and il6sim.run_protocol is run_protocol
    assert issubclass(il6sim.UnitError, il6sim.InputError)
    assert {"load_protocol", "run_protocol", "UnitError"} <= set(il6sim.__all__) <= set(dir(il6sim))


def test_unknown_species_is_an_input_error_with_a_suggestion(traj):
    with pytest.raises(InputError, match=r"unknown species 'IL-6' \(did you mean 'IL6'\?\)"):
        traj["IL-6"]
    with pytest.raises(InputError, match=r"'pSTAT3' is an observable: use traj.observable\('pSTAT3'\)"):
        traj["pSTAT3"]
    assert traj["IL6"].shape == (2,)


def test_unknown_observable_suggests_the_spelling(traj):
    with pytest.raises(InputError, match=r"unknown observable 'pstat3' \(did you mean 'pSTAT3'\?\)"):
        traj.observable("pstat3")
    with pytest.raises(InputError, match=r"did you mean 'SOCS3_mRNA'"):
        traj.to_frame(["SOCS3_mrna"])


def test_to_frame_is_a_tidy_dataframe(traj):
    df = traj.to_frame(["pSTAT3", "pERK"])
    assert list(df.columns) == ["time_min", "pSTAT3", "pERK"] and list(df.time_min) == [0.0, 30.0]


def test_event_targets_that_are_agent_names_point_to_the_species():
    sim = default_simulator()
    with pytest.raises(InputError, match=r"cannot add to 'IL-6': not a medium species "
                                         r"\(the agent 'IL-6' is the species 'IL6'\)"):
        sim.simulate(events=[Event(0.0, "add", "IL-6", 0.5)], times=[0.0, 15.0])
    with pytest.raises(InputError, match=r"unknown event kind 'Add' \(expected 'add', 'set' or 'wash'\)"):
        sim.simulate(events=[Event(0.0, "Add", "IL6", 0.5)], times=[0.0, 15.0])
    with pytest.raises(InputError, match=r"cannot set 'K_er': not a free parameter \(did you mean 'K_erk'\?\)"):
        sim.simulate(events=[Event(0.0, "set", "K_er", 1.0)], times=[0.0, 15.0])


def test_unknown_parameter_suggests_the_spelling():
    with pytest.raises(InputError, match=r"unknown parameter 'IL6R_per_cel' \(did you mean 'IL6R_per_cell'\?\)"):
        default_simulator().simulate({"IL6R_per_cel": 100.0}, times=[0.0])
    with pytest.raises(InputError, match=r"unknown parameter 'SOCS3_translation_factor@phh' \(a value for cells "
                                         r"of one preset: resolve it with il6sim.model.overrides.for_preset"):
        default_simulator().simulate({"SOCS3_translation_factor@phh": 0.5}, times=[0.0])


def test_times_with_units_name_the_converter():
    with pytest.raises(InputError, match=r"times\[0\]: must be a number in min \(got '15 min'\); .*il6sim.to_minutes"):
        default_simulator().simulate(times=["15 min", "2 h"])
    assert default_simulator().simulate(times=[to_minutes("15 min"), to_minutes("2 h")]).times.tolist() == [15, 120]


def test_units_refuse_bare_numbers_and_name_the_molecular_weight():
    with pytest.raises(UnitError, match=r"dose: '10' has no unit \(write e.g. '10 ng/mL' or '10 nM'\)"):
        to_nM(10, 21000)
    with pytest.raises(UnitError, match=r"time: '2' has no unit \(write e.g. '2 min' or '2 h'\)"):
        to_minutes(2)
    assert to_minutes(2, allow_bare=True) == 2.0
    with pytest.raises(UnitError, match=r"molecular weight is unknown \(pass it in g/mol, e.g. .*mw_g_per_mol"):
        to_nM("10 ng/mL")
    assert to_nM("500 pM") == pytest.approx(0.5)


def test_steps_and_built_protocols_refuse_text_with_units():
    with pytest.raises(InputError, match=r"dose_nM is a number in nM \(got '10 ng/mL'\); .*to_nM\(dose, 21000\)"):
        Step.adding("IL-6", "10 ng/mL")
    with pytest.raises(InputError, match=r"times_min is a number in min \(got '30 min'\); .*to_minutes"):
        Protocol.build("x", "huvec", {"a": [Step.adding("IL-6", 0.5)]}, times_min=["30 min"])
    p = Protocol.build("x", "huvec", {"a": [Step.adding("IL-6", np.float32(0.5), np.int64(0))]},
                       observables=["pSTAT3"], times_min=np.array([0, 30]))
    assert p.times_min == (0.0, 30.0)
    with pytest.raises(InputError, match=r"dense_times\[0\]: must be a number in min \(got '30 min'\); .*to_minutes"):
        run_protocol(p, dense_times=["30 min"])


def test_protocol_result_tables_are_documented():
    from il6sim.protocols import ProtocolResult

    for name in ("table", "timecourses", "untreated", "metrics"):
        assert "DataFrame" in (getattr(ProtocolResult, name).__doc__ or ""), name


def test_an_unknown_preset_in_the_presets_table_says_which_exist():
    with pytest.raises(InputError, match=r"unknown cell preset 'huvecs' \(did you mean 'huvec'\?\) \(known: hepg2, "):
        il6sim.PRESETS["huvecs"]
    with pytest.raises(KeyError):  # still a KeyError for code that catches one
        il6sim.PRESETS["nope"]
    assert il6sim.PRESETS.get("nope") is None and "huvec" in il6sim.PRESETS
    assert il6sim.PRESETS["huvec"].name == "huvec" and list(il6sim.PRESETS)[0] == "hepg2"


def test_events_with_units_or_of_the_wrong_type_name_the_converter():
    sim = default_simulator()
    with pytest.raises(InputError, match=r"events\[0\]: time must be a finite number in min \(got '10 min'\); "
                                         r"convert text such as '2 h' with il6sim.to_minutes"):
        sim.simulate(events=[Event("10 min", "add", "IL6", 0.5)], times=[0.0, 30.0])
    with pytest.raises(InputError, match=r"events\[1\]: the amount added to 'IL6' must be a finite number in nM "
                                         r"\(got '10 ng/mL'\); convert a dose .* il6sim.to_nM"):
        sim.simulate(events=[Event(0.0, "add", "sIL6R", 0.5), Event(0.0, "add", "IL6", "10 ng/mL")], times=[0.0])
    # text that reads as a number is quoted: "(got 0.5)" hid that the amount was the text '0.5'
    with pytest.raises(InputError, match=r"the amount added to 'IL6' must be a finite number in nM \(got '0.5'\)"):
        sim.simulate(events=[Event(0.0, "add", "IL6", "0.5")], times=[0.0])
    with pytest.raises(InputError, match=r"got one Event: write events=\[Event\(...\)\]"):
        sim.simulate(events=Event(0.0, "add", "IL6", 0.5), times=[0.0, 30.0])
    with pytest.raises(InputError, match=r"events\[0\]: expected an Event.*belongs in a protocol: il6sim.run_protocol"):
        sim.simulate(events=[{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}], times=[0.0, 30.0])
    with pytest.raises(InputError, match=r"events\[0\]: expected an Event\(time, kind, target, value\) "
                                         r"\(got \(0, 'add', 'IL6', 0.5\)\)"):
        sim.simulate(events=[(0, "add", "IL6", 0.5)], times=[0.0, 30.0])


def test_negative_or_missing_amounts_are_refused_before_the_solver_runs():
    sim = default_simulator()
    with pytest.raises(InputError, match=r"must be >= 0 nM \(got -0.5\); to remove medium species, use a 'wash'"):
        sim.simulate(events=[Event(0.0, "add", "IL6", -0.5)], times=[0.0, 30.0])
    with pytest.raises(InputError, match=r"must be a finite number in nM \(got nan\)"):
        sim.simulate(events=[Event(0.0, "add", "IL6", float("nan"))], times=[0.0, 30.0])
    with pytest.raises(InputError, match=r"event at 10 min: parameter 'k_shed' must be >= 0 \(got -1.0\)"):
        sim.simulate(events=[Event(10.0, "set", "k_shed", -1.0)], times=[0.0, 30.0])
    ok = sim.simulate(events=[Event(np.float64(0.0), "add", "IL6", np.float32(0.5))], times=[0.0, 30.0])
    assert ok.observable("pSTAT3")[1] > ok.observable("pSTAT3")[0]


def test_a_cell_spec_or_preset_name_as_params_says_to_resolve_it():
    from il6sim import CellSpec

    sim = default_simulator()
    with pytest.raises(InputError, match=r"params must be a mapping .*got a CellSpec; pass its values: "
                                         r"cell.resolve\(\)"):
        sim.simulate(CellSpec.parse("huvec"), times=[0.0])
    with pytest.raises(InputError, match=r"got 'huvec'; pass a preset's values: CellSpec.parse\('huvec'\).resolve\(\)"):
        sim.simulate("huvec", times=[0.0])


def test_the_agent_parameter_and_observable_tables_suggest_the_near_name():
    from il6sim import AGENTS, UnknownNameError, reference_model

    model = reference_model()
    with pytest.raises(UnknownNameError, match=r"unknown agent 'sIL6R' \(did you mean 'sIL-6R'\?\) \(known: IL-6, "):
        AGENTS["sIL6R"]
    with pytest.raises(UnknownNameError, match=r"unknown parameter 'IL6R_per_cel' \(did you mean 'IL6R_per_cell'\?\) "
                                               r"\(`il6sim presets parameters` lists them\)"):
        model.parameter_map["IL6R_per_cel"]
    with pytest.raises(UnknownNameError, match=r"unknown observable 'pstat3' \(did you mean 'pSTAT3'\?\)"):
        model.observable_map["pstat3"]
    with pytest.raises(KeyError):  # still a KeyError for code that catches one
        model.parameter_map["nope"]
    assert model.parameter_map.get("nope") is None and "pSTAT3" in model.observable_map
    assert AGENTS["IL-6"].species == "IL6" and model.parameter_map["K_SOCS3"].name == "K_SOCS3"


def test_a_molecular_weight_that_is_no_positive_number_is_named():
    with pytest.raises(UnitError, match=r"dose: the molecular weight must be a number > 0 in g/mol \(got '21000'\); "
                                        r"e.g. to_nM\(dose, find_agent\('IL-6'\).mw_g_per_mol\)"):
        to_nM("10 ng/mL", "21000")
    with pytest.raises(UnitError, match=r"molecular weight must be a number > 0 in g/mol \(got -21000\)"):
        to_nM("10 ng/mL", -21000)
    assert to_nM("10 ng/mL", np.float64(21000.0)) == pytest.approx(0.476190476)


def test_results_print_as_one_line_that_names_their_tables(traj):
    assert repr(traj) == ("<Trajectory: 2 times from 0 to 30 min, 60 species; .observable(name), .to_frame() "
                          "for a DataFrame>").replace("60", str(len(traj.species)))
    res = run_protocol({"name": "x", "cell": "huvec", "groups": {"IL-6": [{"at": "0 min", "add": "IL-6",
                                                                          "dose": "10 ng/mL"}]},
                        "readouts": {"observables": ["pSTAT3"], "times": ["15 min", "2 h"]}})
    assert repr(res) == ("<ProtocolResult 'x': cell huvec; groups IL-6; pSTAT3 at 15, 120 min; .table, .metrics, "
                         ".timecourses are DataFrames>")


def test_to_frame_takes_one_observable_name(traj):
    assert list(traj.to_frame("pSTAT3").columns) == ["time_min", "pSTAT3"]


def test_an_uncertain_result_prints_what_its_band_is():
    ur = il6sim.run_with_uncertainty("seed:trans_huvec", n=2)
    assert repr(ur).startswith("<UncertainResult 'IL-6 trans-signalling (IL-6 + sIL-6R) in HUVEC': lines: "
                               "'calibrated' values; shaded: 95 % band")
    assert len(repr(ur)) < 300


def test_a_misspelt_parameter_set_gets_the_name_suggested():
    with pytest.raises(InputError, match=r"unknown parameter set 'calibratd' \(did you mean 'calibrated'\?\) "
                                         r"\(known: calibrated\)"):
        il6sim.parameter_set("calibratd")


def test_comparison_dose_response_sweep_population_and_sensitivity_results_print_as_one_line(tmp_path):
    # their default reprs printed every curve array, run, provenance record or per-cell table
    from pathlib import Path
    from types import SimpleNamespace

    import pandas as pd

    from il6sim.compare.comparison import Comparison
    from il6sim.compare.pharmacology import Pharmacology
    from il6sim.sweeps.execution import SweepResult
    from il6sim.sweeps.population import PopulationResult
    from il6sim.sweeps.sensitivity import SensitivityResult

    curve = SimpleNamespace(key="il6_classic")
    ph = Pharmacology(curves={"il6_classic": curve, "hyper_il6": curve}, potency_ratio=15.2, sgp130fc_window=1.0,
                      sgp130fc_window_text="", sgp130fc_window_interference={})
    sweep = SweepResult(n_runs=64, n_failed=1, chunks_computed=1, chunks_skipped=0, elapsed_s=2.34,
                        scheduler="serial", provenance={"big": list(range(1000))}, out_dir=Path("runs_here"))
    rows = tuple(SimpleNamespace(claim=c) for c in ("S1", "S1", "S3"))
    comp = Comparison(cells=("huvec", "hepg2"), rows=rows, runs={}, metrics={}, pharmacology=ph, provenance=None)
    cells = pd.DataFrame({"group": ["classic", "trans"] * 32, "value": 0.1})
    pop = PopulationResult(cells=cells, summary=pd.DataFrame(), threshold=0.05, sweep=sweep)
    sa = SensitivityResult(indices=pd.DataFrame({"output": ["a", "a", "b"]}), sweep=sweep)
    shown = {type(o).__name__: repr(o) for o in (ph, sweep, comp, pop, sa)}
    assert shown == {
        "Pharmacology": "<Pharmacology: 2 curves (il6_classic, hyper_il6); Hyper-IL-6/IL-6 potency ratio 15.2; "
                        ".summary() or .to_frame() for EC50/IC50 per curve>",
        "SweepResult": "<SweepResult: 64 runs, 1 failed, serial, 2.3 s in runs_here; .table() and .design() are "
                       "DataFrames>",
        "Comparison": "<Comparison: 3 rows on S1, S3; cells huvec, hepg2; .to_frame() for the table, "
                      ".rows_for(claim) for one claim>",
        "PopulationResult": "<PopulationResult: 64 cells x 2 groups (classic, trans); gate 0.05; .cells and .summary "
                            "are DataFrames>",
        "SensitivityResult": "<SensitivityResult: 2 output(s), 64 runs; .indices are DataFrames>",
    }


def test_the_model_and_agent_tables_are_read_only_and_print_as_one_line():
    # model.parameter_map was a plain dict shared by every run: a notebook's `pmap[k] = ...` changed the
    # model for all later runs, and printing it dumped every parameter (~40,000 characters)
    import pickle

    from il6sim import AGENTS, reference_model

    model = reference_model()
    tables = (model.parameter_map, model.observable_map, model.species_map, model.expression_map, AGENTS)
    for table in tables:
        assert len(repr(table)) < 200 and repr(table).startswith(f"<{len(table)} ")
        name = next(iter(table))
        with pytest.raises(TypeError, match=r"read-only .* change a copy: \{\*\*table, name: value\}"):
            table[name] = None
        for change in (lambda: table.pop(name), lambda: table.update({name: None}), lambda: table.clear()):
            with pytest.raises(TypeError, match="read-only"):
                change()
        with pytest.raises(TypeError, match="read-only"):
            del table[name]
        assert name in table and pickle.loads(pickle.dumps(table)) == table
    assert repr(AGENTS).startswith("<13 agents: IL-6, sIL-6R, Hyper-IL-6,")
    assert "il6sim presets parameters" in repr(model.parameter_map)
    assert {**model.parameter_map, "K_SOCS3": 1.0}["K_SOCS3"] == 1.0   # a copy changes freely
    with pytest.raises(il6sim.UnknownNameError, match=r"unknown species 'IL-6' \(did you mean 'IL6'\?\)"):
        model.species_map["IL-6"]


def test_a_protocol_prints_as_one_line_however_many_groups_and_times():
    # the dataclass repr wrote out every step of every group (2,000-2,600 characters for the bundled ones)
    from il6sim.protocols import bundled_protocols

    for name in bundled_protocols():
        p = load_protocol(f"seed:{name}")
        assert len(repr(p)) < 400 and repr(p).startswith(f"<Protocol {p.name!r}: cell {p.cell.label}; groups "), name
    p = load_protocol("seed:trans_huvec").with_cell({"preset": "huvec", "IL6R_per_cell": 0})
    assert repr(p.with_groups(["trans"])) == (
        "<Protocol 'IL-6 trans-signalling (IL-6 + sIL-6R) in HUVEC': cell huvec (IL6R=0); groups trans; pSTAT3, pAkt, "
        "pERK, SOCS3_mRNA, ICAM1_mRNA, CCL2_mRNA, CXCL8_mRNA, trans_complexes at 15, 30, 240, 1440 min; .describe() "
        "for the steps, .to_dict() for all>")
    many = Protocol.build("doses", "hepg2", {f"{d} nM": [Step.adding("IL-6", d)] for d in range(1, 41)},
                          observables=["pSTAT3"], times_min=range(0, 61, 5))
    assert "groups 1 nM, 2 nM, 3 nM, 4 nM, 5 nM, 6 nM, 7 nM, 8 nM, ... (40 in all); pSTAT3 at 13 times from 0 to " \
           "60 min;" in repr(many)
    assert len(repr(many)) < 250


def test_a_protocol_built_in_python_names_what_is_wrong_with_its_arguments():
    # a list of steps for `groups`, one Step for a group or a number for times_min failed deep inside
    # with AttributeError / TypeError; one observable or group name as text was split into letters;
    # a negative or NaN dose passed and failed only in the engine, as 'events[0]'
    with pytest.raises(InputError, match=r"Protocol 'x': groups must be a mapping of group name to a list of steps"):
        Protocol.build("x", "hepg2", [Step.adding("IL-6", 0.5)])
    with pytest.raises(InputError, match=r"group 'a': got one Step; write a list"):
        Protocol.build("x", "hepg2", {"a": Step.adding("IL-6", 0.5)})
    with pytest.raises(InputError, match=r"group 'a': expected a list of Steps .* \(got dict .*belongs in a protocol "
                                         r"mapping for load_protocol"):
        Protocol.build("x", "hepg2", {"a": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]})
    for times in (30, "30 min"):
        with pytest.raises(InputError, match=r"times_min must be a list of numbers in min .*to_minutes"):
            Protocol.build("x", "hepg2", {"a": []}, times_min=times)
    p = Protocol.build("x", "hepg2", {"a": (s for s in [Step.adding("IL-6", 0.5)])}, observables="pSTAT3",
                       times_min=[30])
    assert p.observables == ("pSTAT3",) and len(p.groups["a"]) == 1
    assert list(load_protocol("seed:trans_huvec").with_groups("trans").groups) == ["trans"]
    for dose in (-0.5, 0, float("nan"), float("inf")):
        with pytest.raises(InputError, match=r"dose_nM must be a finite number > 0 .*leave the step out"):
            Step.adding("IL-6", dose)
    with pytest.raises(InputError, match=r"at_min must be a finite number"):
        Step.adding("IL-6", 0.5, float("nan"))


def test_time_course_frames_carry_the_units_of_their_columns(traj):
    # the wide time-course frames (one column per observable) had no unit anywhere on them
    assert traj.units["pSTAT3"] == "1" and traj.units["SOCS3_mRNA"] == "a.u."
    assert traj.to_frame(["pSTAT3", "surface_IL6R"]).attrs["units"] == {
        "time_min": "min", "pSTAT3": "1", "surface_IL6R": "molecules/cell"}
    res = run_protocol({"name": "x", "cell": "huvec", "groups": {"IL-6": [{"at": "0 min", "add": "IL-6",
                                                                          "dose": "10 ng/mL"}]},
                        "readouts": {"observables": ["pSTAT3", "SOCS3_mRNA"], "times": ["30 min"]}})
    expected = {"time_min": "min", "pSTAT3": "1", "SOCS3_mRNA": "a.u."}
    assert res.timecourses.attrs["units"] == expected and res.untreated.attrs["units"] == expected


def test_every_public_function_shows_an_example_in_its_docstring():
    # reference_model, default_simulator and run_comparison had none; the examples run as doctests
    import inspect

    functions = [n for n in il6sim.__all__ if inspect.isfunction(getattr(il6sim, n))]
    assert {"reference_model", "default_simulator", "run_comparison", "run_protocol"} <= set(functions)
    missing = [n for n in functions if ">>>" not in (inspect.getdoc(getattr(il6sim, n)) or "")]
    assert missing == []


def test_a_simulator_and_its_options_name_arguments_of_the_wrong_type():
    # SolverOptions(rtol="1e-6") raised TypeError from '<'; run_protocol(simulator="fast") an AttributeError
    from il6sim import Simulator, SolverOptions

    with pytest.raises(InputError, match=r"solver tolerances must be numbers in \(0, 1\) \(got rtol='1e-6'\)"):
        SolverOptions(rtol="1e-6")
    with pytest.raises(InputError, match=r"max_steps must be a whole number >= 1 \(got 1.5\)"):
        SolverOptions(max_steps=1.5)
    with pytest.raises(InputError, match=r"spec must be a ModelSpec .*\(got str 'huvec'\)"):
        Simulator("huvec")
    with pytest.raises(InputError, match=r"options must be a SolverOptions"):
        Simulator(options={"rtol": 1e-8})
    with pytest.raises(InputError, match=r"simulator must be an il6sim.Simulator.*\(got str 'fast'\)"):
        run_protocol("seed:trans_huvec", simulator="fast")
    assert SolverOptions(rtol=np.float64(1e-7), max_steps=np.int64(1000)).max_steps == 1000
    assert repr(default_simulator()) == ("<Simulator: model 'il6sim_reference' 2.0.0; rtol 1e-06, atol 1e-12; "
                                         ".simulate(params, events, times)>").replace(
        "2.0.0", il6sim.reference_model().version)


def test_sbml_export_checks_its_values_as_the_engine_does():
    # to_sbml(model, {"IL6R_per_cel": 1}) wrote the model with the default, silently; a CellSpec, a preset name
    # or a list of sources raised raw TypeError / ValueError / AttributeError from inside the writer
    from il6sim import CellSpec, reference_model
    from il6sim.io.sbml import to_sbml

    model = reference_model()
    cases = [({"IL6R_per_cel": 1.0}, r"^unknown parameter 'IL6R_per_cel' \(did you mean 'IL6R_per_cell'\?\)"),
             ({"IL6R_per_cell": "abc"}, r"^parameter 'IL6R_per_cell' must be a finite number \(got 'abc'\)"),
             (CellSpec.parse("huvec"), r"^values must be a mapping .* \(got a CellSpec; pass its values: cell\.resolve"),
             ("huvec", r"pass a preset's values: CellSpec\.parse\('huvec'\)\.resolve\(\)")]
    for values, message in cases:
        with pytest.raises(InputError, match=message):
            to_sbml(model, values)
    with pytest.raises(InputError, match=r"^value_sources must be a mapping \{parameter: source\}"):
        to_sbml(model, {"IL6R_per_cell": 10.0}, value_sources=["a paper"])
    assert 'id="IL6R_per_cell"' in to_sbml(model, {"IL6R_per_cell": 10.0})



def test_an_sbml_model_name_that_is_no_sbml_id_is_refused():
    # to_sbml(model, name="my model 1") wrote a model without an id: libsbml refused the id without a word
    from il6sim import reference_model
    from il6sim.io.sbml import to_sbml

    for name in ("my model 1", "1st", 5):
        with pytest.raises(InputError, match=r"^name: must be an SBML id: letters, digits and _, not starting "
                                             r"with a digit, e\.g\. 'il6sim_huvec' \(got "):
            to_sbml(reference_model(), name=name)
    assert '<model id="il6sim_huvec"' in to_sbml(reference_model(), name="il6sim_huvec")


def test_units_in_words_says_which_frame_to_pass():
    # the result itself raised AttributeError ('ProtocolResult' has no 'copy'), the time courses KeyError 'observable'
    from il6sim.protocols.runner import units_in_words

    res = run_protocol({"name": "x", "cell": "huvec", "groups": {"a": []},
                        "readouts": {"observables": ["pSTAT3"], "times": ["30 min"]}})
    head = r"^units_in_words: expected res\.table or res\.metrics of run_protocol \(got "
    with pytest.raises(InputError, match=head + r"a ProtocolResult; pass its \.table or \.metrics\)$"):
        units_in_words(res)
    with pytest.raises(InputError, match=head + r"the time courses, whose units are in \.attrs\['units'\]\)$"):
        units_in_words(res.timecourses)
    assert list(units_in_words(res.table)["unit"]) == ["fraction of total STAT3"]


def test_rows_for_a_name_that_is_no_claim_names_the_claims():
    # cmp.rows_for("s1") returned [] as for a claim without rows
    from il6sim import UnknownNameError, run_comparison

    cmp = run_comparison(["hepg2"], pharmacology=False)
    with pytest.raises(UnknownNameError, match=r"^unknown claim 's1' \(did you mean 'S1'\?\) \(claims: S1, S2, "):
        cmp.rows_for("s1")
    assert cmp.rows_for("S1") and all(r.claim == "S1" for r in cmp.rows_for("S1"))


def test_with_groups_suggests_the_near_group():
    # it listed the groups but did not say which one was meant
    protocol = load_protocol("seed:trans_huvec")
    with pytest.raises(InputError, match=r"^Protocol 'seed:trans_huvec': unknown group\(s\) 'tran' \(did you mean "
                                         r"'trans'\?\) \(groups: control, sIL-6R alone, classic, trans\)$"):
        protocol.with_groups(["tran"])
    assert list(protocol.with_groups("trans").groups) == ["trans"]


def test_events_after_the_last_reading_are_not_integrated_to():
    # an event at 1e300 min after readings up to 30 min ran the solver for ~90 s to fail with a SolverError;
    # such an event changes no reading, so the run now stops at the last reading time
    from il6sim import Simulator

    sim = Simulator()
    stimulus = [Event(0.0, "add", "IL6", 0.5)]
    plain = sim.simulate(None, stimulus, [0.0, 30.0]).observable("pSTAT3")
    late = sim.simulate(None, stimulus + [Event(1e4, "add", "IL6", 1.0)], [0.0, 30.0])
    assert sim.rr.model.getTime() == pytest.approx(30.0)
    np.testing.assert_allclose(late.observable("pSTAT3"), plain)
    # an event at the last reading time still counts (a reading at an event's time is taken after it)
    at_end = sim.simulate(None, stimulus + [Event(30.0, "add", "IL6", 100.0)], [0.0, 30.0])
    assert at_end["IL6"][-1] > 100
    groups = sim.simulate_groups(None, [stimulus + [Event(1e4, "wash")], stimulus + [Event(2e4, "add", "sIL6R", 1.0)]],
                                 [0.0, 30.0])
    assert sim.rr.model.getTime() == pytest.approx(30.0)
    for tr in groups:
        np.testing.assert_allclose(tr.observable("pSTAT3"), plain)


def test_simulate_groups_and_default_simulator_name_arguments_of_the_wrong_type():
    # simulate_groups(None) raised TypeError (len of None); contexts shorter than groups silently dropped groups;
    # default_simulator(None) raised AttributeError ('NoneType' object has no attribute 'rtol')
    from il6sim import Simulator

    sim = Simulator()
    stimulus = [Event(0.0, "add", "IL6", 0.5)]
    with pytest.raises(InputError, match=r"groups must be a list of event lists, one per group \(got None\)"):
        sim.simulate_groups(None, None, [0.0])
    with pytest.raises(InputError, match=r"contexts must name every group: 1 contexts for 2 groups"):
        sim.simulate_groups(None, [stimulus, []], [0.0, 30.0], contexts=["IL-6"])
    with pytest.raises(InputError, match=r"contexts must be a list of texts, one per group \(got 5\)"):
        sim.simulate_groups(None, [stimulus], [0.0], contexts=5)
    for bad in (None, {"rtol": 1e-8}, "fast"):
        with pytest.raises(InputError, match=r"options must be a SolverOptions"):
            default_simulator(bad)


def test_trajectory_observable_names_of_the_wrong_type_are_named(traj):
    # traj.observable(['pSTAT3']) raised TypeError (unhashable list); traj.observables('pSTAT3') complained about
    # an observable 'p' (the letters of the text); observables(None) and to_frame(5) raised TypeError
    with pytest.raises(InputError, match=r"observable: expected one observable name .*got \['pSTAT3'\].*"
                                         r"traj.observables"):
        traj.observable(["pSTAT3"])
    with pytest.raises(InputError, match=r"observables: expected a list of observable names \(got the text "
                                         r"'pSTAT3'\).*traj.observable\('pSTAT3'\)"):
        traj.observables("pSTAT3")
    for bad in (None, 5, {"pSTAT3": 1}):
        with pytest.raises(InputError, match=r"observables: expected a list of observable names"):
            traj.observables(bad)
    with pytest.raises(InputError, match=r"to_frame: expected a list of observable names \(got 5\)"):
        traj.to_frame(5)
    with pytest.raises(InputError, match=r"to_frame: every observable name must be text .*\(got None\)"):
        traj.to_frame([None])
    assert traj.observables(("pSTAT3", "pERK")).shape == (2, 2)
    assert list(traj.to_frame(np.array(["pSTAT3"])).columns) == ["time_min", "pSTAT3"]


def test_a_list_looked_up_in_a_name_table_or_as_a_parameter_set_is_named():
    # PRESETS[['huvec']], AGENTS[['IL-6']], CellSpec(['huvec']) and parameter_set(['calibrated']) raised
    # TypeError: unhashable type: 'list'
    from il6sim import AGENTS, PRESETS, CellSpec, UnknownNameError, parameter_set, reference_model

    with pytest.raises(UnknownNameError, match=r"unknown cell preset \['huvec'\]: look up one name as text"):
        PRESETS[["huvec"]]
    with pytest.raises(UnknownNameError, match=r"unknown cell preset \['huvec'\]"):
        CellSpec(["huvec"])
    with pytest.raises(UnknownNameError, match=r"unknown agent \['IL-6'\]: look up one name as text, e.g. 'IL-6'"):
        AGENTS[["IL-6"]]
    with pytest.raises(UnknownNameError, match=r"unknown observable \['pSTAT3'\]"):
        reference_model().observable_map[["pSTAT3"]]
    with pytest.raises(InputError, match=r"a parameter set is named as text such as 'calibrated' "
                                         r"\(got \['calibrated'\]"):
        parameter_set(["calibrated"])
    assert PRESETS.get(["huvec"]) is None and ["huvec"] not in PRESETS
    assert AGENTS["IL-6"].species == "IL6" and "K_SOCS3" in parameter_set("calibrated")


def test_a_negative_dose_with_a_unit_is_refused_as_a_bare_negative_number_is():
    # to_nM('-1 ng/mL', mw) returned -0.0476 nM (to_nM(-1) already said a concentration cannot be negative)
    for text in ("-1 ng/mL", "-0.5 nM", "-1 mg/L"):
        with pytest.raises(UnitError, match=rf"dose: '{text}' is negative; a concentration must not be negative"):
            to_nM(text, 21000.0)
    assert to_nM("0 nM") == 0 and to_nM("10 ng/mL", 21000.0) == pytest.approx(0.476, abs=1e-3)


def test_parameters_of_the_wrong_type_and_levels_that_are_no_number_are_named():
    # run_protocol and run_with_uncertainty with parameters=pandas.Series raised "The truth value of a Series is
    # ambiguous"; run_with_uncertainty(parameters=[1]) a TypeError from dict(), level='95%' or None a TypeError
    # from '<'; run_comparison(None) / ([5]) a TypeError / AttributeError from deep inside
    import pandas as pd

    from il6sim import run_comparison, run_with_uncertainty

    series = pd.Series({"IL6R_per_cell": 5.0})
    with pytest.raises(InputError, match=r"parameters: must be a mapping parameter: value \(got a Series; pass a dict, "
                                         r"e.g. values.to_dict\(\)\)"):
        run_protocol("seed:trans_huvec", parameters=series)
    for bad, shown in ((series, "a Series"), ([1], r"\[1\]")):
        with pytest.raises(InputError, match=rf"parameters: must be a mapping parameter: value \(got {shown}"):
            run_with_uncertainty("seed:trans_huvec", n=2, parameters=bad)
    for level in ("95%", None, True):
        with pytest.raises(InputError, match=r"level must be a number between 0 and 1, e.g. 0.95"):
            run_with_uncertainty("seed:trans_huvec", n=2, level=level)
    with pytest.raises(InputError, match=r"cells: expected a list of cell presets such as \['hepg2', 'huvec'\] "
                                         r"\(got None\)"):
        run_comparison(None)
    for bad in ([5], [None, "huvec"]):
        with pytest.raises(InputError, match=r"cells: cell presets are names such as 'huvec'"):
            run_comparison(bad)


def test_sweeps_name_a_simulator_or_client_of_the_wrong_type_and_dose_response_takes_a_cell_spec():
    # run_sweep / run_sensitivity / run_population(simulator=5) raised AttributeError ('int' object has no attribute
    # 'sbml_sha256'), client=5 AttributeError ('nthreads'); cell_dose_response(CellSpec('huvec')) TypeError
    # ('CellSpec' object is not iterable) after all its curves were simulated
    from il6sim import CellSpec, cell_dose_response, run_population, run_sensitivity, run_sweep

    readouts = {"observables": ["pSTAT3"], "times": ["30 min"]}
    receptors = {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000},
                 "gp130_per_cell": {"dist": "loguniform", "low": 1000, "high": 30000}}
    sweep = {"protocol": "seed:trans_huvec", "readouts": readouts,
             "design": {"method": "lhs", "n": 2, "seed": 1, "parameters": receptors}}
    sens = {"protocol": "seed:trans_huvec", "readouts": readouts, "parameters": receptors,
            "sensitivity": {"method": "sobol", "n": 2, "seed": 1, "outputs": ["trans:pSTAT3:30"]}}
    pop = {"protocol": "seed:trans_huvec", "groups": ["trans"],
           "population": {"n": 2, "seed": 1, "cv": {"IL6R_per_cell": 0.6}}, "readout": {"observable": "pSTAT3", "time": "30 min"}}
    runs = [lambda **kw: run_sweep(sweep, scheduler="serial", **kw),
            lambda **kw: run_sensitivity(sens, scheduler="serial", plot=False, **kw),
            lambda **kw: run_population(pop, scheduler="serial", plot=False, **kw)]
    for run in runs:
        with pytest.raises(InputError, match=r"simulator must be an il6sim.Simulator.*\(got int 5\)"):
            run(simulator=5)
        with pytest.raises(InputError, match=r"client must be a dask.distributed.Client.*\(got str 'tcp://x'\)"):
            run(client="tcp://x")
    curves = cell_dose_response(CellSpec("huvec"), agonist_doses=[0.01, 0.1, 1, 10], inhibitor_doses=[1, 10, 100, 1000])
    assert {c.cell for c in curves} == {"huvec"}


def test_times_and_cell_free_of_the_wrong_kind_are_refused_and_numpy_values_taken():
    # simulate(times=[0, '30']) read the text as 30 min, times=[0, True] read True as 1 min, cell_free='yes'
    # (or 'no', true in Python) was taken as true; simulate_groups and run_protocol(dense_times=) the same
    sim = default_simulator()
    for bad, message in (([0, "30"], r"times\[1\]: must be a number in min \(got '30'\); convert text such as "
                                     r"'2 h' with il6sim.to_minutes"),
                         ([0, True], r"times\[1\]: must be a number in min \(got true\)"),
                         (np.array(["0", "30"]), r"times\[0\]: must be a number in min \(got '0'\)"),
                         ("30", r"times: must be a list of numbers in min \(got '30'\)")):
        with pytest.raises(InputError, match=message):
            sim.simulate(times=bad)
        with pytest.raises(InputError, match=message):  # raised, not returned once per group
            sim.simulate_groups(None, [[], []], bad)
    for bad, shown in (("yes", "'yes'"), (1, "1"), (None, "None")):
        with pytest.raises(InputError, match=rf"cell_free: must be True or False \(got {shown}\)"):
            sim.simulate(times=[0.0], cell_free=bad)
        with pytest.raises(InputError, match=rf"cell_free: must be True or False \(got {shown}\)"):
            sim.simulate_groups(None, [[]], [0.0], cell_free=bad)
    with pytest.raises(InputError, match=r"dense_times\[1\]: must be a number in min \(got '30'\)"):
        run_protocol("seed:trans_huvec", dense_times=[0, "30"])
    with pytest.raises(InputError, match=r"dense_times\[1\]: must be a number in min \(got true\)"):
        run_protocol("seed:trans_huvec", dense_times=[0, True])
    traj = sim.simulate(times=[np.int64(0), np.float32(30.0)], cell_free=np.bool_(True))
    assert traj.times.tolist() == [0.0, 30.0] and traj.cell_free is True
    assert sim.simulate(times=np.arange(3)).times.tolist() == [0.0, 1.0, 2.0]


def test_counts_and_switches_of_the_sweeps_refuse_text_fractions_and_bools():
    # run_sweep(workers='2') or chunk_size='10' ran with 2 / 10 (the rule of the spec's YAML, which reads '2' as
    # text), workers=2.0 too; progress='no' showed a bar and overwrite='no' replaced the folder's results;
    # run_population / run_sensitivity(plot='no') drew the figures
    from il6sim import run_population, run_sensitivity, run_sweep

    receptors = {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}}
    sweep = {"protocol": "seed:trans_huvec", "readouts": {"observables": ["pSTAT3"], "metrics": ["auc"]},
             "design": {"method": "lhs", "n": 2, "seed": 1, "parameters": receptors}}
    for kw, message in ((dict(workers="2"), r"workers: must be a whole number >= 1 \(got '2'\)"),
                        (dict(workers=2.5), r"workers: must be a whole number >= 1 \(got 2.5\)"),
                        (dict(workers=2.0), r"workers: must be a whole number >= 1 \(got 2.0\)"),
                        (dict(workers=True), r"workers: must be a whole number >= 1 \(got true\)"),
                        (dict(chunk_size="10"), r"chunk_size: must be a whole number >= 1 \(got '10'\)"),
                        (dict(progress="no"), r"progress: must be True, False, 'bar' or 'lines' \(got 'no'\)"),
                        (dict(overwrite="no"), r"overwrite: must be True or False \(got 'no'\)")):
        with pytest.raises(InputError, match=message):
            run_sweep(sweep, scheduler="serial", **kw)
    pop = {"protocol": "seed:trans_huvec", "groups": ["trans"], "population": {"n": 2, "seed": 1,
           "cv": {"IL6R_per_cell": 0.6}}, "readout": {"observable": "pSTAT3", "time": "30 min"}}
    sens = {"protocol": "seed:trans_huvec", "readouts": {"observables": ["pSTAT3"], "metrics": ["auc"]},
            "parameters": {**receptors, "K_SOCS3": {}},
            "sensitivity": {"method": "morris", "n": 2, "seed": 1, "outputs": ["trans:pSTAT3:auc"]}}
    for run, spec in ((run_population, pop), (run_sensitivity, sens)):
        with pytest.raises(InputError, match=r"plot: must be True or False \(got 'no'\)"):
            run(spec, scheduler="serial", plot="no")
        with pytest.raises(InputError, match=r"workers: must be a whole number >= 1 \(got '2'\)"):
            run(spec, scheduler="serial", plot=False, workers="2")
    res = run_sweep(sweep, scheduler="serial", workers=np.int64(1), chunk_size=np.int32(1), progress=np.bool_(False),
                    overwrite=np.bool_(False))
    assert res.values("trans:pSTAT3:auc").shape == (2,)


def test_fit_options_ensemble_size_and_switches_refuse_text_fractions_and_bools():
    # FitOptions(n_starts='2') failed in numpy with "unsupported operand type(s)", seed='1' and seed=1.5 were taken,
    # n_starts=True ran one start, include_nominal='no' was true; run_with_uncertainty(n=numpy.int64(5)) was
    # refused although a whole number; run_comparison(pharmacology='no') ran the dose-responses,
    # to_minutes(5, allow_bare='no') took the bare number
    from il6sim import run_comparison
    from il6sim.fitting import FitOptions, fit
    from il6sim.fitting.ensemble import check_ensemble_size
    from il6sim.fitting.synthetic import synthetic_problem

    for kw, message in ((dict(n_starts="2"), r"FitOptions.n_starts: must be a whole number >= 1 \(got '2'\)"),
                        (dict(n_starts=True), r"FitOptions.n_starts: must be a whole number >= 1 \(got true\)"),
                        (dict(seed="1"), r"FitOptions.seed: must be a whole number >= 0 \(got '1'\)"),
                        (dict(seed=1.5), r"FitOptions.seed: must be a whole number >= 0 \(got 1.5\)"),
                        (dict(workers="2"), r"FitOptions.workers: must be a whole number >= 1 \(got '2'\)"),
                        (dict(max_nfev=2.5), r"FitOptions.max_nfev: must be a whole number >= 1 \(got 2.5\)"),
                        (dict(ftol="1e-6"), r"FitOptions.ftol: must be a number between 0 and 1 \(got '1e-6'\)"),
                        (dict(include_nominal="no"), r"FitOptions.include_nominal: must be True or False \(got 'no'\)")):
        with pytest.raises(InputError, match=message):
            FitOptions(**kw)
    opts = FitOptions(n_starts=np.int64(2), seed=np.uint32(3), workers=np.int8(1), include_nominal=np.bool_(False))
    assert (opts.n_starts, opts.seed, opts.workers, opts.include_nominal) == (2, 3, 1, False)
    assert type(opts.n_starts) is int and type(opts.include_nominal) is bool  # JSON-ready for the provenance
    with pytest.raises(InputError, match=r"progress: must be True, False, 'bar' or 'lines' \(got 'yes'\)"):
        fit(synthetic_problem(seed=1)[0], FitOptions(n_starts=1, max_nfev=2), progress="yes")
    assert check_ensemble_size(np.int64(3), where="n") == 3
    for bad, shown in (("5", "'5'"), (2.5, "2.5"), (True, "true")):
        with pytest.raises(InputError, match=rf"n: must be a whole number from 2 to \d+ .* \(got {shown}\)"):
            check_ensemble_size(bad, where="n")
    with pytest.raises(InputError, match=r"pharmacology: must be True or False \(got 'no'\)"):
        run_comparison(["hepg2"], pharmacology="no")
    with pytest.raises(InputError, match=r"allow_bare: must be True or False \(got 'no'\)"):
        to_minutes(5, allow_bare="no")
    assert to_minutes(5, allow_bare=np.bool_(True)) == 5.0


def test_text_that_reads_as_a_number_is_quoted_where_a_number_belongs():
    # "(got 0.9)" hid that level was the text '0.9'; the same for a receptor count and a dose
    from il6sim import CellSpec, cell_dose_response, run_with_uncertainty

    with pytest.raises(InputError, match=r"level must be a number between 0 and 1, .* \(got '0.9'\)"):
        run_with_uncertainty("seed:trans_huvec", n=2, level="0.9")
    with pytest.raises(InputError, match=r"CellSpec.IL6R_per_cell: must be a number .* \(got '100'\)"):
        CellSpec("huvec", IL6R_per_cell="100")
    with pytest.raises(InputError, match=r"dose 2 must be a number > 0 nM \(got '1'\)"):
        cell_dose_response("hepg2", agonist_doses=[0.1, "1", 10, 100])


def test_calibration_entry_points_refuse_text_switches_and_counts_before_any_work(tmp_path, monkeypatch):
    # calibrate_joint(out, install='no') took 'no' as true and, once the fit was done, replaced the packaged
    # parameter set; quick='no' ran the quick fit; n_starts='2' failed inside numpy after the output folder
    # was made; profile_all(names='koff_IL6R') refused the letters 'k', 'o', ... one by one
    from il6sim.fitting.calibrate import calibrate_hepg2
    from il6sim.fitting.calibrate_joint import calibrate_joint, sample_joint
    from il6sim.fitting.profiles_joint import profile_all

    from il6sim.fitting import calibrate as hepg2_module, calibrate_joint as joint_module, profiles_joint

    class WorkStarted(Exception):
        """Raised where the work would begin: a missing check fails this test without fitting or installing."""

    def work(*args, **kwargs):
        raise WorkStarted

    out = tmp_path / "o"
    cases = [
        (calibrate_joint, dict(install="no"), r"install: must be True or False \(got 'no'\)"),
        (calibrate_joint, dict(quick="no"), r"quick: must be True or False \(got 'no'\)"),
        (calibrate_joint, dict(figures=1), r"figures: must be True or False \(got 1\)"),
        (calibrate_joint, dict(n_starts="2"), r"n_starts: must be a whole number >= 1 \(got '2'\)"),
        (calibrate_joint, dict(workers=1.5), r"workers: must be a whole number >= 1 \(got 1.5\)"),
        (calibrate_joint, dict(n_samples=-1), r"n_samples: must be a whole number >= 0 \(got -1\)"),
        (calibrate_joint, dict(seed="0"), r"seed: must be a whole number >= 0 \(got '0'\)"),
        (calibrate_joint, dict(progress="yes"), r"progress: must be True, False, 'bar' or 'lines' \(got 'yes'\)"),
        (calibrate_hepg2, dict(install="yes"), r"install: must be True or False \(got 'yes'\)"),
        (calibrate_hepg2, dict(max_nfev=0), r"max_nfev: must be a whole number >= 1 \(got 0\)"),
        (sample_joint, dict(n_samples=2.5), r"n_samples: must be a whole number >= 1 \(got 2.5\)"),
        (sample_joint, dict(install="no"), r"install: must be True or False \(got 'no'\)"),
        (profile_all, dict(max_nfev="60"), r"max_nfev: must be a whole number >= 1 \(got '60'\)"),
    ]
    with monkeypatch.context() as m:
        m.setattr(joint_module, "locked_dir", work)
        m.setattr(hepg2_module, "hepg2_problem", work)
        m.setattr(profiles_joint, "joint_problem", work)
        for func, kw, message in cases:
            with pytest.raises(InputError, match=message):
                func(out, **kw)
            assert not out.exists(), (func.__name__, kw)
    with pytest.raises(InputError, match=r"not a fitted parameter: koff_IL6Rx \(fitted: "):
        profile_all(out, names="koff_IL6Rx")
    assert not out.exists()
