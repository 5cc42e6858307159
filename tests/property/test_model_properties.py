"""Conservation, positivity and rest, over random doses and cells (Hypothesis)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from il6sim.engine.simulator import Event
from il6sim.model.presets import CellSpec

IL6R_CELL = ["IL6R_pre", "IL6R", "IL6R_int", "IL6_IL6R", "TCZ_IL6R", "SAR_IL6R", "Fc_IL6_IL6R", "C_cl", "Ci_cl", "C_tr", "Ci_tr"]
IL6R_MEDIUM = ["sIL6R", "IL6_sIL6R", "Fc_IL6sR", "sgp_IL6sR", "TCZ_sIL6R", "SAR_sIL6R"]
GP130_CELL = ["gp130_pre", "gp130", "gp130_int", "C_cl", "C_tr", "C_hy", "Ci_cl", "Ci_tr", "Ci_hy"]
STAT3 = ["STAT3c", "pSTAT3c", "pSTAT3n", "STAT3n"]

#: synthesis and degradation off (derived synthesis rates become 0 with these)
NO_TURNOVER = {"k_deg_IL6R": 0.0, "k_deg_gp130": 0.0, "k_shed": 0.0, "k_lys": 0.0, "k_deg_STAT3": 0.0,
               "k_int_IL6R": 0.0, "k_deg_medium": 1e-12}
#: cells that secrete IL-6 are not at a steady state (their IL-6 accumulates in the medium)
NO_SECRETION = {"IL6_secretion": 0.0}

doses = st.fixed_dictionaries({
    "IL6": st.floats(0, 5), "sIL6R": st.floats(0, 5), "HyIL6": st.floats(0, 2), "sgp130Fc": st.floats(0, 5),
    "TCZ": st.floats(0, 20), "SIL": st.floats(0, 20), "sgp130": st.floats(0, 5),
})
cells = st.sampled_from(["hepg2", "huvec", "gp130_only", "il6r_gp130", "hepatocyte", "ec_overlapping"])
T = np.array([0.0, 10.0, 30.0, 120.0, 600.0, 1440.0])


def test_run_without_events_equals_an_integrated_run(sim):
    p = CellSpec.parse("hepg2").resolve()
    t = [0.0, 30.0, 1440.0]
    shortcut = sim.simulate(p, [], t)
    integrated = sim.simulate(p, _integrate(p), t)
    np.testing.assert_allclose(shortcut.states, integrated.states, rtol=1e-6, atol=1e-12)


def _events(d, t0=-30.0):
    return [Event(t0 if k in ("sgp130Fc", "TCZ", "SIL") else 0.0, "add", k, v) for k, v in d.items() if v > 0]


def _amounts(tr, cell_sp, medium_sp):
    vc = tr.parameters["N_cells"] * tr.parameters["V_cell"]
    vm = tr.parameters["V_medium"]
    return sum(tr[s] for s in cell_sp) * vc + sum((tr[s] for s in medium_sp), np.zeros(len(tr.times))) * vm


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(d=doses, name=cells)
def test_totals_are_conserved_without_turnover(sim, d, name):
    p = dict(CellSpec.parse(name).resolve(), **NO_TURNOVER)
    tr = sim.simulate(p, _events(d), T)
    for cell_sp, med_sp in ((IL6R_CELL, IL6R_MEDIUM), (GP130_CELL, []), (STAT3, [])):
        tot = _amounts(tr, cell_sp, med_sp)
        # sIL-6R added by the protocol enters the IL-6R family at t = 0
        if "sIL6R" in med_sp:
            tot = tot[1:]
        np.testing.assert_allclose(tot, tot[0], rtol=1e-5, atol=1e-15)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(d=doses, name=cells)
def test_no_negative_amounts(sim, d, name):
    tr = sim.simulate(CellSpec.parse(name).resolve(), _events(d), T)
    scale = np.abs(tr.states).max(axis=0)
    # relative to each state's own size; a state that stays at zero may carry solver noise far below the
    # absolute tolerance (1e-12 nM): -1e-18 nM in an absent Hyper-IL-6 unit is not a negative amount
    assert (tr.states >= -1e-6 * scale - 1e-15).all()
    for o in ["pSTAT3", "pAkt", "pERK"]:
        v = tr.observable(o)
        assert ((v >= -1e-9) & (v <= 1 + 1e-9)).all()


#: an event that changes nothing but makes the engine integrate (a run with no events
#: returns the resting state without integrating, so it could not show drift)
def _integrate(params):
    return [Event(0.0, "set", "K_SOCS3", params.get("K_SOCS3", 0.3))]


def test_resting_state_stays_put_in_every_preset(sim):
    from il6sim.model.presets import PRESETS

    for name in PRESETS:
        p = dict(CellSpec.parse(name).resolve(), **NO_SECRETION)
        tr = sim.simulate(p, _integrate(p), [0.0, 60.0, 1440.0, 4320.0])
        scale = np.maximum(np.abs(tr.states[0]), 1e-9)
        np.testing.assert_allclose(tr.states[1:] / scale, np.broadcast_to(tr.states[0] / scale, tr.states[1:].shape),
                                   atol=1e-6, err_msg=name)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(il6r=st.floats(0, 20000), gp130=st.floats(0, 30000), ko=st.lists(
    st.sampled_from(["SOCS3", "STAT3", "IL6R", "IL6ST", "ADAM17", "CCL2"]), max_size=3, unique=True))  # a gene
    # named twice is refused
def test_resting_state_holds_for_any_cell(sim, il6r, gp130, ko):
    c = CellSpec.parse({"preset": "huvec", "IL6R_per_cell": il6r, "gp130_per_cell": gp130, "knockout": ko})
    p = dict(c.resolve(), **NO_SECRETION)
    tr = sim.simulate(p, _integrate(p), [0.0, 1440.0])
    scale = np.maximum(np.abs(tr.states[0]), 1e-9)
    np.testing.assert_allclose(tr.states[1] / scale, tr.states[0] / scale, atol=1e-6)


def test_secreting_cells_accumulate_their_own_il6(sim):
    p = CellSpec.parse("huvec").resolve()
    assert p["IL6_secretion"] > 0
    tr = sim.simulate(p, [], [0.0, 240.0, 1440.0])
    il6 = tr.observable("free_IL6")
    assert il6[0] == 0 and 0 < il6[1] < il6[2]
    none = sim.simulate(dict(p, gene_IL6=0.0), [], [0.0, 1440.0])
    assert none.observable("free_IL6")[-1] == 0
