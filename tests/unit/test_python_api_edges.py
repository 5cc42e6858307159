"""The Python API used from scripts and notebooks: objects travel to worker processes, and wrong arguments
are named as the caller wrote them, with what to write instead."""

import pickle
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pytest

from il6sim import (Event, InputError, Simulator, SolverOptions, UnitError, cell_dose_response, run_comparison,
                    run_pharmacology, to_minutes, to_nM)

#: short dose lists: the checks below are of the arguments, not of the curves
DOSES = {"agonist_doses": [0.01, 0.1, 1, 10], "inhibitor_doses": [0.1, 1, 10, 100]}


def test_a_simulator_pickles_and_the_copy_simulates_the_same():
    # pickle.dumps(Simulator()) raised PicklingError ("Can't pickle <function _rest ...>"): the resting-state
    # program is built with exec, so a simulator could not be sent to a multiprocessing or Dask worker
    sim = Simulator(options=SolverOptions(rtol=1e-8))
    events, times = [Event(0.0, "add", "IL6", 0.5)], [0.0, 15.0, 30.0]
    before = sim.simulate({"IL6R_per_cell": 800.0}, events, times)
    copy = pickle.loads(pickle.dumps(sim))
    assert copy.options == sim.options and copy.sbml_sha256 == sim.sbml_sha256
    after = copy.simulate({"IL6R_per_cell": 800.0}, events, times)
    np.testing.assert_array_equal(after.states, before.states)
    assert copy.resting_state({"IL6R_per_cell": 800.0}) == sim.resting_state({"IL6R_per_cell": 800.0})


def test_simulate_groups_refuses_a_flat_list_of_events():
    # simulate_groups(None, [Event(...)], times) returned [InputError('events must be a list of Event objects
    # (got one Event: write events=[Event(...)])')]: an error as a result, with a remedy for simulate
    sim = Simulator()
    with pytest.raises(InputError, match=r"^groups\[0\]: expected the event list of one group \(got one Event\); "
                                         r"groups is a list of event lists, e.g. \[\[Event"):
        sim.simulate_groups(None, [Event(0.0, "add", "IL6", 0.5)], [0.0, 30.0])
    ok = sim.simulate_groups(None, [[Event(0.0, "add", "IL6", 0.5)], []], [0.0, 30.0])
    assert [type(t).__name__ for t in ok] == ["Trajectory", "Trajectory"]


@pytest.mark.parametrize("call, message", [
    (lambda: to_minutes("2 hours later"),
     "time: '2 hours later': unknown unit 'hours later' (write e.g. '30 min' or '2 h')"),
    (lambda: to_minutes("soon", what="pre-incubation"),
     "pre-incubation: 'soon' is not a number followed by a unit (write e.g. '30 min' or '2 h')"),
    (lambda: to_nM("abc", 21000), "dose: 'abc' is not a number followed by a unit (write e.g. '10 ng/mL' or '0.5 nM')"),
    (lambda: to_nM("1 % w/v", 21000), "dose: '1 % w/v': unknown unit '% w/v' (write e.g. '10 ng/mL' or '0.5 nM')"),
    (lambda: to_nM("10 ng/mL", 0), "dose: the molecular weight must be a number > 0 in g/mol (got 0); "
                                   "e.g. to_nM(dose, find_agent('IL-6').mw_g_per_mol)"),
])
def test_unreadable_units_are_named_with_what_to_write(call, message):
    # they said only "'2 hours later': unknown unit 'hours later'" (no argument, no remedy), and a molecular
    # weight of 0 was "unknown" (pass it in g/mol) although it had been passed
    with pytest.raises(UnitError) as exc:
        call()
    assert str(exc.value) == message


@pytest.mark.parametrize("kwargs, lines", [
    ({"time": 30}, ["time: time has no unit (got 30; write e.g. '30 min' or '2 h')"]),
    ({"time": "soon"}, ["time: 'soon' is not a number followed by a unit (write e.g. '30 min' or '2 h')"]),
    ({"readout": "pSTAT"}, ["readout: unknown observable 'pSTAT' (did you mean 'pSTAT3'?)"]),
    ({"parameters": {"IL6R_per_cel": 1.0}}, ["parameters: unknown parameter 'IL6R_per_cel' (did you mean"]),
    ({"cell": "hepg", "readout": "pSTAT", "time": "soon"},
     ["cell: unknown cell preset 'hepg' (did you mean 'hepg2'?)", "readout: unknown observable 'pSTAT'",
      "time: 'soon' is not a number followed by a unit"]),
])
def test_cell_dose_response_names_its_own_arguments(kwargs, lines):
    # the problems were placed in the protocol built inside: "Protocol 'dose-response', readouts.times: time 1:
    # time has no unit ...", "Protocol 'dose-response', readouts.observables: ..."
    with pytest.raises(InputError) as exc:
        cell_dose_response(**{"cell": "hepg2", **kwargs}, **DOSES)
    got = exc.value.lines()
    assert len(got) == len(lines)
    for line, start in zip(got, lines):
        assert line.startswith(start), got


def test_cell_dose_response_takes_a_readout_in_any_case_as_a_protocol_does():
    # 'socs3_mrna' passed the protocol check, then raised UnknownNameError from the curves' unit lookup
    curves = cell_dose_response("hepg2", "socs3_mrna", "4 h", **DOSES)
    assert curves[0].label == "IL-6 (SOCS3_mRNA)"
    assert curves[0].response_unit == "SOCS3_mRNA above the untreated cell, a.u."


@pytest.mark.parametrize("call", [
    lambda values: run_pharmacology(parameters=values),
    lambda values: run_comparison(["hepg2"], pharmacology=False, parameters=values),
])
@pytest.mark.parametrize("values, message", [
    ({"IL6R_per_cel": 100.0}, "parameters: unknown parameter 'IL6R_per_cel' (did you mean 'IL6R_per_cell'?)"),
    ([("IL6R_per_cell", 100.0)], "parameters: must be a mapping parameter: value (got "),
])
def test_pharmacology_and_comparison_name_their_parameters_argument(call, values, message):
    # they were named by the protocol built inside: "Protocol 'IL-6 (classic)', parameters: ..." and
    # "Protocol 'seed:seed_comparison', parameters: ..."
    with pytest.raises(InputError) as exc:
        call(values)
    assert exc.value.lines()[0].startswith(message), exc.value.lines()


def test_run_comparison_without_cells_gives_a_python_example():
    # it said "no cell given (e.g. --cells huvec_zegeye2018,hepg2)", the command line's option
    with pytest.raises(InputError) as exc:
        run_comparison([], pharmacology=False)
    assert exc.value.lines() == ["cells: no cell given (e.g. ['huvec_zegeye2018', 'hepg2'])"]


def test_trajectories_compare_by_value_and_are_no_sequence():
    # traj_a == traj_b raised "The truth value of an array with more than one element is ambiguous" (the generated
    # dataclass comparison); "IL6" in traj and list(traj) called traj[0] and said "unknown species 0"
    sim = Simulator()
    run = lambda dose: sim.simulate(None, [Event(0.0, "add", "IL6", dose)], [0.0, 30.0])  # noqa: E731
    a, b, c = run(0.5), run(0.5), run(0.6)
    assert a == b and a == pickle.loads(pickle.dumps(a)) and not (a == c) and a != c and a != "a"
    assert "IL6" in a and "pSTAT3" not in a and 0 not in a
    with pytest.raises(TypeError, match=r"'Trajectory' object is not iterable"):
        list(a)
    assert not isinstance(a, Iterable)  # argument checks that take any iterable still refuse one
    with pytest.raises(TypeError, match=r"unhashable type: 'Trajectory'"):
        hash(a)


def test_simulate_takes_numpy_numbers_as_run_protocol_does_and_names_a_series():
    # {"IL6R_per_cell": np.int64(800)} (an integer column of a DataFrame) and np.float32 (a float32 array) were
    # refused as "must be a finite number (got np.int64(800))", while run_protocol took them; a pandas Series
    # was refused with its whole printout
    sim = Simulator()
    events, times = [Event(0.0, "add", "IL6", 0.5)], [0.0, 30.0]
    want = sim.simulate({"IL6R_per_cell": 800.0}, events, times)
    for v in (np.int64(800), np.float32(800.0), np.int32(800)):
        got = sim.simulate({"IL6R_per_cell": v}, events, times)
        np.testing.assert_array_equal(got.states, want.states)
        assert type(got.parameters["IL6R_per_cell"]) is float
    import pandas as pd

    with pytest.raises(InputError, match=r"^params must be a mapping of parameter values \{name: value\} \(got a "
                                         r"Series; pass a dict, e.g. values.to_dict\(\)\)$"):
        sim.simulate(pd.Series({"IL6R_per_cell": 800.0}), events, times)
    with pytest.raises(InputError, match=r"parameter 'IL6R_per_cell' must be a finite number \(got np.True_\)|"
                                         r"parameter 'IL6R_per_cell' must be a finite number \(got True\)"):
        sim.simulate({"IL6R_per_cell": np.bool_(True)}, events, times)


def test_the_records_the_tables_hold_say_what_their_fields_are():
    # PRESETS[...], AGENTS[...], reference_model() and its species and reactions had only the dataclass's
    # generated signature as help(): no units (molecules per cell, g/mol, nM), no word of what they are
    from il6sim import AGENTS, PRESETS, reference_model
    from il6sim.model.spec import Reaction, Species

    model = reference_model()
    docs = {"CellPreset": (type(PRESETS["huvec"]), "molecules per cell"), "Agent": (type(AGENTS["IL-6"]), "g/mol"),
            "ModelSpec": (type(model), "reference_model"), "Species": (Species, "nM"), "Reaction": (Reaction, "nmol/min")}
    for name, (cls, words) in docs.items():
        doc = cls.__doc__ or ""
        assert not doc.startswith(name + "(") and words in doc, (name, doc[:80])
    for method in (type(PRESETS["huvec"]).values, type(model).species_in, type(model).free_parameters):
        assert method.__doc__, method


def test_a_parameter_set_named_as_text_says_how_to_read_it():
    # run_protocol(p, parameters="calibrated") (the command line's --parameters calibrated) said only
    # "must be a mapping parameter: value (got calibrated)"
    from il6sim import run_protocol

    with pytest.raises(InputError) as exc:
        run_protocol("seed:trans_huvec", parameters="calibrated")
    assert str(exc.value) == (
        "Protocol 'seed:trans_huvec', parameters: must be a mapping parameter: value (got the text 'calibrated'; "
        "a named parameter set is read with il6sim.parameter_set(name), e.g. "
        "parameters=il6sim.parameter_set('calibrated') (on the command line: --parameters calibrated))")


def test_the_lab_data_results_say_what_their_tables_hold():
    # help(QpcrResult) and help(DensitometryResult) showed only the generated signature
    from il6sim.fitting.labdata import DensitometryResult, QpcrResult

    assert "fold_change" in (QpcrResult.__doc__ or "") and "ci95_low" in QpcrResult.__doc__
    assert "normalised" in (DensitometryResult.__doc__ or "") and "geometric_mean" in DensitometryResult.__doc__


def test_a_result_with_prediction_bands_pickles():
    # pickle.dumps(run_with_uncertainty(...)) raised "Can't pickle local object 'run_protocol.<locals>.<lambda>'"
    # (the untreated and metrics frames were still closures), so it could not come back from a worker process
    from il6sim import run_with_uncertainty

    ur = run_with_uncertainty("seed:trans_huvec", n=2)
    back = pickle.loads(pickle.dumps(ur))
    assert back.table.equals(ur.table) and back.bands.equals(ur.bands)
    assert back.result.metrics.equals(ur.result.metrics) and back.result.untreated.equals(ur.result.untreated)


def test_simulate_groups_says_it_agrees_with_simulate_to_the_tolerance():
    # its docstring said "same results", but the shared start is another integration path: the states of a
    # group differ from simulate's by about 1e-11 nM here (within rtol), while each call repeats exactly
    sim = Simulator()
    events = [Event(0.0, "add", "IL6", 0.5), Event(120.0, "wash")]
    groups = sim.simulate_groups({"IL6R_per_cell": 800.0}, [events, events[:1]], [0.0, 30.0, 200.0])
    alone = sim.simulate({"IL6R_per_cell": 800.0}, events, [0.0, 30.0, 200.0])
    np.testing.assert_allclose(groups[0].states, alone.states, rtol=1e-4, atol=1e-9)
    again = sim.simulate_groups({"IL6R_per_cell": 800.0}, [events, events[:1]], [0.0, 30.0, 200.0])
    np.testing.assert_array_equal(again[0].states, groups[0].states)
    doc = " ".join(Simulator.simulate_groups.__doc__.split())
    assert "the same results within the solver's tolerance" in doc and "not bit for bit" in doc


def test_a_solver_out_of_steps_names_max_steps():
    # CV_TOO_MUCH_WORK said only "Try smaller doses, a shorter step to the first event, or tighter tolerances":
    # not the setting that ran out (tighter tolerances take more steps)
    from il6sim import SolverError

    with pytest.raises(SolverError) as exc:
        Simulator(options=SolverOptions(max_steps=3)).simulate(None, [Event(0.0, "add", "IL6", 0.5)], [0.0, 600.0])
    assert "[CV_TOO_MUCH_WORK]" in str(exc.value)
    assert str(exc.value).endswith("It ran out of solver steps (15 per output interval): allow more, e.g. "
                                   "Simulator(options=SolverOptions(max_steps=30)).")


def test_the_sweep_plots_refuse_another_frame_in_words():
    # plot_indices(pd.DataFrame()) raised KeyError 'mu_star', plot_indices(None) TypeError (len of None),
    # plot_population of a frame without 'status' KeyError 'status'; an unfiltered indices frame of two outputs
    # was drawn as one ranking with every parameter twice
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd
    from matplotlib import pyplot as plt

    from il6sim import run_population, run_sensitivity
    from il6sim.sweeps import plot_indices, plot_population

    sens = run_sensitivity({
        "protocol": "seed:trans_huvec",
        "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}, "K_SOCS3": {}},
        "readouts": {"observables": ["pSTAT3"], "times": ["30 min"], "metrics": ["auc"]},
        "sensitivity": {"method": "morris", "n": 2, "seed": 1, "outputs": ["trans:pSTAT3:auc", "trans:pSTAT3:30"]},
    }, scheduler="serial", plot=False)
    for bad, message in [
        (None, "indices: expected the indices of run_sensitivity (res.indices, a DataFrame) (got "),
        (pd.DataFrame(), "indices: expected the indices of run_sensitivity (res.indices); this frame has no column"),
        (sens.indices, "indices: holds 2 outputs; plot one at a time, e.g. res.indices[res.indices.output == "
                       "'trans:pSTAT3:auc']"),
        (sens.indices.iloc[:0], "indices: no rows to plot"),
    ]:
        with pytest.raises(InputError) as exc:
            plot_indices(bad)
        assert str(exc.value).startswith(message), str(exc.value)
    ax = plot_indices(sens.indices[sens.indices.output == "trans:pSTAT3:auc"])
    plt.close(ax.figure)

    pop = run_population({"protocol": "seed:trans_huvec", "population": {"n": 3, "seed": 1, "cv": {"IL6R_per_cell": 0.5}},
                          "readout": {"observable": "pSTAT3", "time": "30 min"}, "groups": ["trans"]},
                         scheduler="serial", plot=False)
    for args, message in [
        ((pop.summary, pop.threshold), "cells: expected the cells of run_population (res.cells); this frame has no "
                                       "column status, value"),
        ((pop.cells, "auto"), "threshold: must be the gate as a number in the readout's unit, e.g. res.threshold "
                              "(got 'auto')"),
    ]:
        with pytest.raises(InputError) as exc:
            plot_population(*args)
        assert str(exc.value) == message
    ax = plot_population(pop.cells, pop.threshold, observable="pSTAT3", time_min=30)
    plt.close(ax.figure)


def test_save_band_figures_says_it_needs_the_bands():
    # save_band_figures(run_protocol(...), folder) raised AttributeError "'ProtocolResult' object has no attribute
    # 'result'"
    from il6sim import run_protocol
    from il6sim.fitting.ensemble import save_band_figures

    with pytest.raises(InputError) as exc:
        save_band_figures(run_protocol("seed:trans_huvec"), "unused")
    assert str(exc.value) == ("ur: expected the result of run_with_uncertainty, which holds the bands (got "
                              "ProtocolResult); a run_protocol result has none: draw its figures with "
                              "il6sim.report.plots.save_protocol_figures")


def test_a_fresh_protocol_result_pickles():
    # run_protocol's frames are built on first use; before, a fresh result held their builders (closures) and
    # pickle.dumps raised "Can't pickle local object 'run_protocol.<locals>.<lambda>'", so returning it from a
    # ProcessPoolExecutor or a Dask worker failed
    from il6sim import run_protocol

    res = run_protocol("seed:trans_huvec")
    back = pickle.loads(pickle.dumps(res))
    for name in ("table", "timecourses", "untreated", "metrics"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(res, name))
    assert back.timecourses.attrs["units"] == res.timecourses.attrs["units"] and back.units == res.units
    assert back.records(in_words=True) == res.records(in_words=True) and repr(back) == repr(res)
