"""COPASI (through basico) runs the exported SBML and reproduces il6sim's seed trans pSTAT3.

A COPASI user sets the initial concentrations of IL-6 and sIL-6R to the seed
doses (IL-6 10 ng/mL, sIL-6R 25 ng/mL in HUVEC) and gets il6sim's pSTAT3. The
export leaves the dosed species without initial assignments, so COPASI obeys
the values set; the resting shed sIL-6R (2e-4 nM in HUVEC) is replaced rather
than added to, which is the only difference (documented in the species' notes).
"""

import numpy as np
import pytest

basico = pytest.importorskip("basico", reason="COPASI check needs basico: pip install 'il6sim[interop]'")

from il6sim.engine.simulator import Event, Simulator, SolverOptions  # noqa: E402
from il6sim.io.sbml import observable_ids, to_sbml  # noqa: E402
from il6sim.model.agents import find_agent  # noqa: E402
from il6sim.model.presets import CellSpec  # noqa: E402
from il6sim.model.reference import reference_model  # noqa: E402
from il6sim.units import to_nM  # noqa: E402

T = [0.0, 5.0, 15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 1440.0]
IL6 = to_nM("10 ng/mL", find_agent("IL-6").mw_g_per_mol)
SIL6R = to_nM("25 ng/mL", find_agent("sIL-6R").mw_g_per_mol)
PARAMS = CellSpec.parse("huvec").resolve()


@pytest.fixture(scope="module")
def il6sim_trans():
    sim = Simulator(options=SolverOptions(rtol=1e-10, atol=1e-14))
    return sim.simulate(PARAMS, [Event(0.0, "add", "IL6", IL6), Event(0.0, "add", "sIL6R", SIL6R)], T)


def _copasi_pstat3(il6: float, sil6r: float | None) -> np.ndarray:
    dm = basico.load_model_from_string(to_sbml(reference_model(), PARAMS, name="il6sim_huvec"))
    try:
        basico.set_species("IL6", initial_concentration=il6, model=dm)
        if sil6r is not None:
            basico.set_species("sIL6R", initial_concentration=sil6r, model=dm)
        basico.set_task_settings(basico.T.TIME_COURSE,
                                 {"method": {"Relative Tolerance": 1e-10, "Absolute Tolerance": 1e-14}}, model=dm)
        tc = basico.run_time_course(values=T, model=dm, use_sbml_id=True)
        return tc[observable_ids(reference_model())["pSTAT3"]].to_numpy()
    finally:
        basico.remove_datamodel(dm)


def test_seed_doses_set_as_initial_concentrations_give_il6sims_pstat3(il6sim_trans):
    assert IL6 == pytest.approx(0.476, abs=1e-3) and SIL6R == pytest.approx(0.5)
    ours = il6sim_trans.observable("pSTAT3")
    theirs = _copasi_pstat3(IL6, SIL6R)
    # the only difference: the resting shed sIL-6R (2e-4 nM) is replaced, not added to
    np.testing.assert_allclose(theirs, ours, rtol=1e-3)
    assert ours.max() > 0.3  # a real trans response, not the classic one


def test_dose_plus_resting_level_reproduces_il6sim_exactly(il6sim_trans):
    rest = Simulator().resting_state(PARAMS)["sIL6R"]
    theirs = _copasi_pstat3(IL6, SIL6R + rest)
    np.testing.assert_allclose(theirs, il6sim_trans.observable("pSTAT3"), rtol=2e-5)


def test_without_the_sil6r_dose_copasi_runs_the_classic_experiment(il6sim_trans):
    """The check can fail: leaving sIL-6R at rest gives another (classic) pSTAT3 time course."""
    theirs = _copasi_pstat3(IL6, None)
    ours = il6sim_trans.observable("pSTAT3")
    assert np.max(np.abs(theirs - ours) / ours) > 0.2
