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


def test_export_has_no_unit_warnings():
    """libsbml's unit-consistency checks pass without a single warning."""
    from il6sim.io.sbml import unit_warnings

    text = to_sbml(reference_model(), CellSpec.parse("huvec").resolve())
    assert unit_warnings(text) == []


def test_units_are_declared_on_species_and_parameters():
    doc = libsbml.readSBMLFromString(to_sbml(reference_model()))
    m = doc.getModel()
    assert m.getTimeUnits() == "minute" and m.getSubstanceUnits() == "nmol"
    for i in range(m.getNumParameters()):
        assert m.getParameter(i).isSetUnits(), m.getParameter(i).getId()
    for s in reference_model().species:
        x = m.getSpecies(s.name)
        if s.unit == "a.u.":  # mRNAs and promoters are not declared in nmol
            assert (x.getSubstanceUnits(), x.getHasOnlySubstanceUnits()) == ("dimensionless", True), s.name
        else:
            assert (x.getSubstanceUnits(), x.getHasOnlySubstanceUnits()) == ("nmol", False), s.name


def test_elements_have_short_names_and_descriptions_in_notes():
    spec = reference_model()
    m = libsbml.readSBMLFromString(to_sbml(spec)).getModel()
    for s in spec.species:
        x = m.getSpecies(s.name)
        assert x.getName() == s.name
        assert s.description in x.getNotesString(), s.name
    for p in spec.parameters:
        assert m.getParameter(p.name).getName() == p.name


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_parameter_notes_the_source_of_the_value_it_holds(preset):
    """A preset's value carries the preset's source; the model default's source is kept, labelled as such."""
    spec = reference_model()
    cell = CellSpec.parse(preset)
    values = cell.resolve()
    m = libsbml.readSBMLFromString(to_sbml(spec, values, value_sources=cell.value_sources())).getModel()
    for p in spec.parameters:
        if p.kind == "derived":
            continue
        notes = m.getParameter(p.name).getNotesString()
        if values.get(p.name, p.value) == p.value:
            assert "Source:" in notes and "Model default" not in notes, (preset, p.name)
        else:
            assert f"cell preset &apos;{preset}&apos;: " in notes, (preset, p.name)
            assert f"Model default {p.value:g}, source: " in notes and "<p>Source:" not in notes, (preset, p.name)


def test_every_parameter_notes_its_kind():
    """Each parameter's notes say its kind as `il6sim presets --json` does (kinetic, cell, switch, ...)."""
    from il6sim.io.sbml import KIND_NOTES

    spec = reference_model()
    assert {p.kind for p in spec.parameters} <= set(KIND_NOTES)
    m = libsbml.readSBMLFromString(to_sbml(spec)).getModel()
    for p in spec.parameters:
        assert f"<p>Kind: {p.kind} (" in m.getParameter(p.name).getNotesString(), p.name
    assert "<p>Kind: switch (a 0/1 multiplier" in m.getParameter("gene_SOCS3").getNotesString()


def test_the_model_notes_list_the_values_that_differ_from_the_defaults():
    """A reader sees at the top of the file what the preset (or a knockout) changed, e.g. HUVEC's IL-6R."""
    cell = CellSpec.parse({"preset": "huvec", "knockout": ["SOCS3"]})
    notes = libsbml.readSBMLFromString(to_sbml(reference_model(), cell.resolve())).getModel().getNotesString()
    assert "Parameter values that differ from the model defaults" in notes
    assert "IL6R_per_cell = 150 (default 1200)" in notes and "gene_SOCS3 = 0 (default 1)" in notes
    assert "K_SOCS3 = " not in notes  # at its default
    plain = libsbml.readSBMLFromString(to_sbml(reference_model())).getModel().getNotesString()
    assert "Every parameter holds the model default value." in plain


def test_a_value_without_a_named_source_is_marked_as_given_for_the_export():
    m = libsbml.readSBMLFromString(to_sbml(reference_model(), {"K_SOCS3": 0.5})).getModel()
    notes = m.getParameter("K_SOCS3").getNotesString()
    assert "Value 0.5: given for this export." in notes and "Model default 0.2, source: " in notes


def test_cell_value_sources_name_overrides_and_knockouts():
    cell = CellSpec.parse({"preset": "phh", "IL6R_per_cell": 10, "knockout": ["SOCS3"]})
    src = cell.value_sources()
    assert set(src) == set(cell.resolve())
    assert src["IL6R_per_cell"] == "given in the cell specification" and src["gene_SOCS3"] == "knockout of SOCS3"
    assert src["SOCS3_translation_factor"].startswith("cell preset 'phh': fitted to the PHH")


def test_dosed_species_have_no_initial_assignment_and_rest_at_their_resting_value(sim):
    from il6sim.io.sbml import dosed_species
    from il6sim.model.agents import AGENTS

    params = CellSpec.parse("huvec").resolve()
    m = libsbml.readSBMLFromString(to_sbml(reference_model(), params)).getModel()
    dosed = dosed_species(reference_model())
    assert set(dosed) == {a.species for a in AGENTS.values()}
    assert not any(m.getInitialAssignmentBySymbol(sp) for sp in dosed)
    rest = sim.resting_state(params)
    assert rest["sIL6R"] > 0
    assert m.getSpecies("sIL6R").getInitialConcentration() == pytest.approx(rest["sIL6R"], rel=1e-12)
    assert m.getInitialAssignmentBySymbol("rest_sIL6R") is not None


def test_the_file_says_how_to_dose_each_agent():
    """The model's notes name the dosed species; each one's notes name its agent, molecular weight and nM per ng/mL."""
    import re

    from il6sim.io.sbml import dosed_species
    from il6sim.model.agents import AGENTS
    from il6sim.units import to_nM

    m = libsbml.readSBMLFromString(to_sbml(reference_model(), CellSpec.parse("huvec").resolve())).getModel()
    assert "Doses: set the initial concentration (nM) of an agent" in m.getNotesString()
    assert ", ".join(dosed_species(reference_model())) in m.getNotesString()
    for a in AGENTS.values():
        notes = m.getSpecies(a.species).getNotesString()
        assert f"Agent {a.name}: " in notes and f"{a.mw_g_per_mol:g} g/mol" in notes, a.name
        assert f"set the initial concentration of {a.species} to the dose in nM" in notes, a.name
        per_ng_ml = float(re.search(r"1 ng/mL = ([0-9.e+-]+) nM", notes).group(1))
        assert per_ng_ml == pytest.approx(to_nM("1 ng/mL", a.mw_g_per_mol), rel=1e-3), a.name
    assert "dose in nM plus rest_sIL6R" in m.getSpecies("sIL6R").getNotesString()
    assert "Agent" not in m.getSpecies("IL6R").getNotesString()  # not dosed


def test_observables_are_assignment_rules_that_compute_il6sim_observables(tight_sim):
    from il6sim.io.sbml import observable_ids

    spec = reference_model()
    ids = observable_ids(spec)
    assert ids["pSTAT3"] == "pSTAT3" and ids["SOCS3_mRNA"] == "obs_SOCS3_mRNA"
    assert ids["pAkt"] == "obs_pAkt"  # pAkt is also a species
    params = CellSpec.parse("huvec").resolve()
    text = to_sbml(spec, params)
    m = libsbml.readSBMLFromString(text).getModel()
    assert "already the id" in m.getParameter("obs_pAkt").getNotesString()
    rr = roadrunner.RoadRunner(text)
    rr.integrator.relative_tolerance = 1e-8
    rr.integrator.absolute_tolerance = 1e-14
    rr.setValue("[IL6]", IL6)
    rr.setValue("[sIL6R]", rr.getValue("[sIL6R]") + SIL6R)
    t = np.array([0.0, 15.0, 60.0, 240.0])
    res = np.asarray(rr.simulate(times=t, selections=[ids[o.name] for o in spec.observables]))
    ours = tight_sim.simulate(params, [Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R)], t)
    for k, o in enumerate(spec.observables):
        np.testing.assert_allclose(res[:, k], ours.observable(o.name), rtol=1e-4, atol=1e-12, err_msg=o.name)


def test_named_expressions_are_assignment_rules_in_both_copies(tight_sim):
    """An expression keeps its name in the export and in the engine's copy, and changes no number.

    Every reaction between nM species gets its rate as a named expression ``rate_<reaction>``.
    """
    import dataclasses

    from il6sim.engine.simulator import Simulator, SolverOptions
    from il6sim.model.spec import Expression

    spec = reference_model()
    nm = {s.name for s in spec.species if s.unit == "nM"}
    wrapped = [r for r in spec.reactions if set(r.reactants + r.products) <= nm]
    assert len(wrapped) > 10
    exprs = spec.expressions + tuple(Expression(f"rate_{r.name}", r.rate, "nmol/min", f"rate of {r.name}")
                                     for r in wrapped)
    names = {r.name for r in wrapped}
    rates = [dataclasses.replace(r, rate=f"rate_{r.name}") if r.name in names else r for r in spec.reactions]
    named = dataclasses.replace(spec, reactions=tuple(rates), expressions=exprs)
    for copy in (True, False):
        m = libsbml.readSBMLFromString(to_sbml(named, initial_assignments=copy)).getModel()
        for e in exprs:
            assert m.getAssignmentRuleByVariable(e.name) is not None, (e.name, copy)
    assert unit_warnings_of(named) == []
    params = CellSpec.parse("huvec").resolve()
    ev = [Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R), Event(0, "add", "RUX", 30.0)]
    a = Simulator(named, SolverOptions(rtol=1e-8, atol=1e-14)).simulate(params, ev, [0, 30, 120])
    b = tight_sim.simulate(params, ev, [0, 30, 120])
    np.testing.assert_allclose(a.states, b.states, rtol=1e-6, atol=1e-14)


def unit_warnings_of(spec):
    from il6sim.io.sbml import unit_warnings

    return unit_warnings(to_sbml(spec))


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
    # a.u. species (mRNAs, promoters) have only substance units in the export: their value is the amount
    sel = [s.name if s.unit == "a.u." else f"[{s.name}]" for s in reference_model().species]
    res = np.asarray(rr.simulate(times=T, selections=["time"] + sel))[:, 1:]
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
