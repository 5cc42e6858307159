"""The Python API used from scripts and notebooks: objects travel to worker processes, and wrong arguments
are named as the caller wrote them, with what to write instead."""

import pickle

import numpy as np
import pytest

from il6sim import Event, InputError, Simulator, SolverOptions, UnitError, to_minutes, to_nM


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
