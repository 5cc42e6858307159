"""Behaviour of the reference model through the engine (EVIDENCE section 4)."""

import numpy as np
import pytest

from il6sim.engine.simulator import Event
from il6sim.errors import InputError
from il6sim.model.presets import CellSpec
from il6sim.units import to_nM

IL6 = to_nM("10 ng/mL", 21000)
SIL6R = to_nM("25 ng/mL", 50000)
FC = to_nM("500 ng/mL", 210000)
T = np.array([0.0, 15.0, 30.0, 60.0])


def cell(name):
    return CellSpec.parse(name).resolve()


def pstat3(sim, name, events, t=T):
    return sim.simulate(cell(name), events, t).observable("pSTAT3")


def test_il6_alone_does_nothing_without_il6r(sim):
    p0 = pstat3(sim, "gp130_only", [])
    p = pstat3(sim, "gp130_only", [Event(0, "add", "IL6", IL6)])
    np.testing.assert_allclose(p, p0, rtol=1e-6)


def test_il6_with_sil6r_signals_without_il6r(sim):
    p0 = pstat3(sim, "gp130_only", [])
    p = pstat3(sim, "gp130_only", [Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R)])
    assert p[2] - p0[2] > 0.2


def test_sgp130fc_removes_trans_response(sim):
    base = pstat3(sim, "gp130_only", [])
    trans = pstat3(sim, "gp130_only", [Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R)])
    blocked = pstat3(sim, "gp130_only", [Event(-45, "add", "sgp130Fc", FC), Event(0, "add", "IL6", IL6),
                                         Event(0, "add", "sIL6R", SIL6R)])
    response = trans[1:] - base[1:]
    residual = blocked[1:] - base[1:]
    assert np.all(residual <= 0.1 * response)


def test_sgp130fc_spares_classic_at_default_interference(sim):
    classic = pstat3(sim, "il6r_gp130", [Event(0, "add", "IL6", IL6)])
    with_fc = pstat3(sim, "il6r_gp130", [Event(-45, "add", "sgp130Fc", FC), Event(0, "add", "IL6", IL6)])
    np.testing.assert_allclose(with_fc[1:], classic[1:], rtol=0.05)


def test_interference_parameter_reaches_classic_inhibition(sim):
    # Widjaja & Cook 2024: sgp130Fc also inhibits classic signalling in human cells
    p = dict(cell("hepg2"), fc_classic_interference=3.0)
    t = [0.0, 30.0]
    classic = sim.simulate(p, [Event(0, "add", "IL6", IL6)], t).observable("pSTAT3")
    with_fc = sim.simulate(p, [Event(-45, "add", "sgp130Fc", FC), Event(0, "add", "IL6", IL6)], t).observable("pSTAT3")
    assert with_fc[1] < classic[1] - 0.05


def test_routes_are_traceable(sim):
    tr = sim.simulate(cell("gp130_only"), [Event(0, "add", "HyIL6", 0.2)], T)
    assert tr.observable("classic_complexes").max() < 1e-9  # solver noise only: no IL-6R
    assert tr.observable("trans_complexes").max() > 100
    tr = sim.simulate(cell("il6r_gp130"), [Event(0, "add", "IL6", IL6)], T)
    assert tr.observable("classic_complexes")[2] > 10 * tr.observable("trans_complexes")[2]


def test_doses_of_the_same_agent_add_up(sim):
    t = [0.0, 1.0]
    once = sim.simulate(cell("none"), [Event(0, "add", "IL6", 2 * IL6)], t)
    twice = sim.simulate(cell("none"), [Event(0, "add", "IL6", IL6), Event(0, "add", "IL6", IL6)], t)
    np.testing.assert_allclose(once.states, twice.states, rtol=1e-9, atol=1e-15)


def test_reading_at_an_event_is_after_the_event(sim):
    tr = sim.simulate(cell("none"), [Event(10, "add", "IL6", IL6)], [0.0, 10.0])
    assert tr.observable("free_IL6")[0] == 0
    assert tr.observable("free_IL6")[1] == pytest.approx(IL6)


def test_wash_removes_medium_agents(sim):
    tr = sim.simulate(cell("huvec"), [Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R),
                                      Event(60, "wash")], [59.0, 60.0, 61.0])
    assert tr.observable("free_IL6")[0] > 0.1
    assert tr.observable("free_IL6")[1] == 0
    # bound complexes remain on the cells right after the wash
    assert tr.observable("trans_complexes")[1] > 0


def test_set_changes_a_parameter_from_then_on(sim):
    ev = [Event(0, "add", "IL6", IL6)]
    t = [0.0, 30.0, 240.0]
    base = sim.simulate(cell("hepg2"), ev, t).observable("pSTAT3")
    ko_late = sim.simulate(cell("hepg2"), ev + [Event(60, "set", "gene_JAK1", 0.0)], t).observable("pSTAT3")
    assert ko_late[1] == pytest.approx(base[1], rel=1e-6)  # before the change
    assert ko_late[2] < base[2]
    # the change does not leak into the next run
    again = sim.simulate(cell("hepg2"), ev, t).observable("pSTAT3")
    np.testing.assert_allclose(again, base, rtol=1e-6)


def test_socs3_knockout_prolongs_stat3(sim):
    # Fischer 2004; Yasukawa 2003: SOCS3 loss turns transient STAT3 into prolonged STAT3
    t = [0.0, 20.0, 180.0]
    ev = [Event(0, "add", "IL6", IL6)]
    wt = sim.simulate(cell("hepg2"), ev, t).observable("pSTAT3")
    ko = sim.simulate(CellSpec.parse({"preset": "hepg2", "knockout": ["SOCS3"]}).resolve(), ev, t).observable("pSTAT3")
    assert ko[2] / ko[1] > wt[2] / wt[1]


def test_tocilizumab_raises_free_il6_and_sil6r_in_the_medium(sim):
    # Nishimoto 2008: after tocilizumab, IL-6 and sIL-6R rise (here: less uptake by cells)
    p = cell("hepg2")
    t = [0.0, 1440.0]
    ev = [Event(0, "add", "IL6", 0.01)]
    no = sim.simulate(p, ev, t)
    tcz = sim.simulate(p, [Event(-60, "add", "TCZ", 10.0)] + ev, t)
    assert tcz.observable("free_IL6")[1] > no.observable("free_IL6")[1]
    assert tcz.observable("sIL6R")[1] > no.observable("sIL6R")[1]


def test_cell_free_observables_are_undefined(sim):
    tr = sim.simulate(cell("none"), [Event(0, "add", "IL6", IL6)], [0.0, 10.0], cell_free=True)
    assert np.isnan(tr.observable("pSTAT3")).all()
    assert tr.observable("free_IL6")[1] > 0


def test_adding_to_a_cell_species_is_refused(sim):
    with pytest.raises(InputError, match="cannot add to 'IL6R': not a medium species"):
        sim.simulate(cell("huvec"), [Event(0, "add", "IL6R", 1.0)], T)


def test_setting_a_derived_parameter_is_refused(sim):
    with pytest.raises(InputError, match="cannot set 'mpn': not a free parameter"):
        sim.simulate(cell("huvec"), [Event(0, "set", "mpn", 1.0)], T)


def test_decreasing_output_times_are_refused(sim):
    with pytest.raises(InputError, match="times must be in increasing order"):
        sim.simulate(cell("huvec"), [], [30.0, 10.0])


def test_unknown_parameter_is_refused(sim):
    with pytest.raises(InputError, match="unknown parameter 'bogus'"):
        sim.simulate({"bogus": 1.0}, [], T)


def test_observables_match_values_computed_from_the_species(sim):
    """Both observable() and observables() against readouts written out by hand from the species."""
    tr = sim.simulate(cell("huvec"), [Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R)], T)
    stat3 = tr["STAT3c"] + tr["pSTAT3c"] + tr["pSTAT3n"] + tr["STAT3n"]
    mpn = 6.02214076e23 * tr.parameters["V_cell"] * 1e-9  # molecules per cell per nM of cell volume
    expected = {
        "pSTAT3": (tr["pSTAT3c"] + tr["pSTAT3n"]) / stat3,
        "SOCS3_mRNA": tr["SOCS3_mRNA"],
        "trans_complexes": (tr["C_tr"] + tr["C_hy"]) * mpn,
        "free_IL6": tr["IL6"],
    }
    names = list(expected)
    want = np.stack([expected[n] for n in names])
    assert want[0].max() > 0.2 and want[2, -1] > 1.0  # a real trans response to compare
    np.testing.assert_allclose(tr.observables(names), want, rtol=1e-12)
    np.testing.assert_allclose(np.stack([tr.observable(n) for n in names]), want, rtol=1e-12)
    with pytest.raises(InputError, match="unknown observable"):
        tr.observables(["pFOO"])


def test_trajectory_arrays_are_read_only_views_that_edits_cannot_corrupt(sim):
    # traj["X"], .times and .states were writable views of the stored data: an edit changed later reads
    import pickle

    tr = sim.simulate(cell("huvec"), [Event(0, "add", "IL6", IL6)], T)
    before = tr.observable("free_IL6").copy()
    for arr in (tr["IL6"], tr.times, tr.states):
        assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = -1.0
    np.testing.assert_array_equal(tr.observable("free_IL6"), before)
    assert np.shares_memory(tr["IL6"], tr.states)  # views, not copies
    assert not pickle.loads(pickle.dumps(tr)).states.flags.writeable  # as sent between processes
    # the arrays a caller hands in stay writable for that caller
    times = np.array([0.0, 1.0])
    type(tr)(times, np.zeros((2, len(tr.species))), tr.species, tr.parameters, tr.spec)
    assert times.flags.writeable
    frame = tr.to_frame(["free_IL6"])
    frame.loc[0, "time_min"] = 99.0  # a DataFrame made from it is the caller's own to edit
    assert tr.times[0] == 0.0


def test_trajectory_parameters_are_read_only_and_pickle(sim):
    # traj.parameters was a plain dict: `tr.parameters["K_SOCS3"] = 5` changed the record of what produced the
    # run without changing the run
    import pickle

    tr = sim.simulate(cell("huvec"), [Event(0, "add", "IL6", IL6)], T)
    value = tr.parameters["IL6R_per_cell"]
    with pytest.raises(TypeError, match="read-only"):
        tr.parameters["IL6R_per_cell"] = 1.0
    with pytest.raises(TypeError, match="read-only"):
        tr.parameters.update({"IL6R_per_cell": 1.0})
    assert tr.parameters["IL6R_per_cell"] == value
    copy = {**tr.parameters, "IL6R_per_cell": 1.0}  # the copy a caller may change
    assert copy["IL6R_per_cell"] == 1.0 and tr.parameters["IL6R_per_cell"] == value
    back = pickle.loads(pickle.dumps(tr))
    assert dict(back.parameters) == dict(tr.parameters)
    with pytest.raises(TypeError, match="read-only"):
        back.parameters["IL6R_per_cell"] = 1.0
    with pytest.raises(KeyError, match="unknown parameter 'IL6R_per_cel'"):
        tr.parameters["IL6R_per_cel"]


def _groups_with_shared_start():
    wash = Event(-240, "wash", "", 0.0)
    fc = Event(-45, "add", "sgp130Fc", FC)
    return [
        [wash],
        [wash, Event(0, "add", "IL6", IL6)],
        [wash, fc, Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R)],
        [wash, Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R), Event(60, "set", "k_tl_SOCS3", 0.0)],
        [wash, Event(-45, "add", "sgp130Fc", 2 * FC), Event(0, "add", "IL6", IL6)],
    ]


@pytest.mark.parametrize("preset", ["huvec", "hepg2"])
def test_simulate_groups_equals_one_group_at_a_time(sim, preset):
    """Integrating the groups' common start once gives what simulating each group alone gives."""
    params = cell(preset)
    groups = _groups_with_shared_start()
    t = np.array([-60.0, 0.0, 15.0, 30.0, 240.0, 1440.0])
    together = sim.simulate_groups(params, groups, t)
    for evs, traj in zip(groups, together):
        alone = sim.simulate(params, evs, t)
        # the same CVODE tolerances (rtol 1e-6) along two integration paths: agreement to ~1e-4 over 24 h
        np.testing.assert_allclose(traj.states, alone.states, rtol=1e-3, atol=1e-9)
    # the shared start really is shared: the split is at the first event the groups differ in
    plan = sim._shared_start(params, groups, t)
    assert plan is not None and plan[3] == 1 and plan[4] == -45


def test_simulate_groups_shares_nothing_without_a_common_event(sim):
    groups = [[Event(0, "add", "IL6", IL6)], [Event(0, "add", "sIL6R", SIL6R)]]
    assert sim._shared_start(cell("huvec"), groups, T) is None
    res = sim.simulate_groups(cell("huvec"), groups, T)
    np.testing.assert_allclose(res[0].states, sim.simulate(cell("huvec"), groups[0], T).states)


def test_simulate_groups_returns_each_groups_error(sim):
    groups = [[Event(-240, "wash", "", 0.0)], [Event(-240, "wash", "", 0.0), Event(0, "add", "STAT3", 1.0)]]
    res = sim.simulate_groups(cell("huvec"), groups, T)
    assert not isinstance(res[0], Exception)
    assert isinstance(res[1], InputError) and "not a medium species" in str(res[1])


def test_an_interrupt_while_output_is_captured_leaves_stdout_and_stderr_in_place(monkeypatch):
    # Ctrl-C or SIGTERM can arrive between the two redirects of the solver's console output; the message the
    # command then prints must reach the terminal, not the scratch file
    import os

    from il6sim.engine import quiet

    before = [os.fstat(fd).st_ino for fd in (1, 2)]
    real, calls = os.dup2, []

    def dup2_then_interrupt(a, b):
        real(a, b)
        calls.append(b)
        if len(calls) == 2:  # stdout and stderr both redirected: the interrupt arrives here
            raise KeyboardInterrupt

    monkeypatch.setattr(quiet.os, "dup2", dup2_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        quiet.quiet_simulate(object(), [0.0, 1.0])
    monkeypatch.undo()
    assert [os.fstat(fd).st_ino for fd in (1, 2)] == before


def test_a_solver_failure_names_the_parameters_outside_their_plausible_range():
    # a value typed a few hundred decades off stops CVODE; the message says which value is implausible, and where
    # to look its range up, beside the solver's own words
    from il6sim.engine.simulator import Simulator
    from il6sim.errors import SolverError
    from il6sim.model.reference import reference_model

    sim = Simulator()
    koff = reference_model().parameter_map["koff_IL6R"]
    p = dict(cell("hepg2"), koff_IL6R=1e300)
    with pytest.raises(SolverError) as err:
        sim.simulate(p, [Event(0, "add", "IL6", 0.5)], [0.0, 30.0], context="group 'x'")
    msg = str(err.value)
    assert msg.startswith("group 'x': the ODE solver failed")
    assert (f"Outside the plausible range (il6sim presets parameters): koff_IL6R = 1e+300 [{koff.unit}] "
            f"(range {koff.lower:g}-{koff.upper:g})." in msg)
    # with every value back in its range there is nothing to name
    sim.simulate(cell("hepg2"), [], [0.0, 1.0])
    assert sim._outside_ranges() == ""
