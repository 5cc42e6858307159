"""The exported SBML is valid and means what the spec means (PySB-style exporter checks)."""

from pathlib import Path

import libsbml
import numpy as np
import pytest
import roadrunner

from il6sim.engine.pyrhs import build_python_model
from il6sim.engine.simulator import Event
from il6sim.io.sbml import to_sbml, validate_sbml
from il6sim.model.presets import PRESETS, CellSpec
from il6sim.model.reference import reference_model

IL6, SIL6R = 0.476, 0.5
T = np.arange(0.0, 1441.0, 10.0)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_exported_sbml_validates_without_errors(preset):
    text = to_sbml(reference_model(), CellSpec.parse(preset).resolve())
    assert validate_sbml(text) == []


def test_units_are_declared_on_species_and_parameters():
    doc = libsbml.readSBMLFromString(to_sbml(reference_model()))
    m = doc.getModel()
    assert m.getTimeUnits() == "minute" and m.getSubstanceUnits() == "nmol"
    for i in range(m.getNumParameters()):
        assert m.getParameter(i).isSetUnits(), m.getParameter(i).getId()
    for i in range(m.getNumSpecies()):
        assert m.getSpecies(i).getSubstanceUnits() == "nmol"


def _scaled_error(a, b):
    scale = np.maximum(np.abs(b).max(axis=0), 1e-9)
    return float((np.abs(a - b) / scale).max())


def test_raw_roadrunner_matches_il6sim(tight_sim):
    """Same trajectories from libroadrunner on the exported file (rtol 1e-8)."""
    params = CellSpec.parse("huvec").resolve()
    ours = tight_sim.simulate(params, [Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R)], T)
    rr = roadrunner.RoadRunner(to_sbml(reference_model(), params))
    rr.integrator.relative_tolerance = 1e-8
    rr.integrator.absolute_tolerance = 1e-14
    rr.setValue("[IL6]", IL6)
    rr.setValue("[sIL6R]", rr.getValue("[sIL6R]") + SIL6R)
    species = [s.name for s in reference_model().species]
    res = np.asarray(rr.simulate(times=T, selections=["time"] + [f"[{s}]" for s in species]))[:, 1:]
    assert _scaled_error(ours.states, res) < 1e-4


def test_python_rhs_from_spec_matches_sbml_engine(tight_sim):
    """The SBML says what the spec says: an independent plain-Python RHS agrees."""
    from scipy.integrate import solve_ivp

    params = CellSpec.parse("hepg2").resolve()
    pm = build_python_model(reference_model(), params)
    idx = {s: i for i, s in enumerate(pm.species)}
    y0 = pm.y0.copy()
    y0[idx["IL6"]] += IL6
    sol = solve_ivp(pm.rhs_factory(), (0, T[-1]), y0, method="BDF", t_eval=T, rtol=1e-9, atol=1e-14)
    ours = tight_sim.simulate(params, [Event(0, "add", "IL6", IL6)], T)
    assert sol.status == 0
    assert _scaled_error(ours.states, sol.y.T) < 1e-4


def test_resting_state_is_a_steady_state_of_the_equations():
    pm = build_python_model(reference_model(), dict(CellSpec.parse("huvec").resolve(), IL6_secretion=0.0))
    dy = pm.rhs_factory()(0.0, pm.y0)
    assert np.abs(dy).max() < 1e-12


def test_secretion_is_the_only_departure_from_rest():
    pm = build_python_model(reference_model(), CellSpec.parse("huvec").resolve())
    dy = pm.rhs_factory()(0.0, pm.y0)
    moving = [s for s, d in zip(pm.species, dy) if abs(d) > 1e-12]
    assert moving == ["IL6"] and dy[pm.species.index("IL6")] > 0


SHARED = Path(__file__).resolve().parents[3] / "shared" / "models"


@pytest.mark.skipif(not SHARED.exists(), reason="shared public models not present")
def test_engine_runs_public_sobotta_model():
    """libroadrunner runs the published Sobotta 2017 SBML (ruxolitinib schedule off)."""
    rr = roadrunner.RoadRunner(str(SHARED / "MODEL2307050001_sobotta2017.xml"))
    for k in ("input_rux1", "input_rux2", "input_rux3", "input_rux4"):
        rr.setValue(k, 0.0)
    res = rr.simulate(0, 1440, 101)
    assert np.all(np.isfinite(np.asarray(res)))
