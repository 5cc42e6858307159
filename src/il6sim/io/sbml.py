"""Write a :class:`~il6sim.model.spec.ModelSpec` as SBML Level 3 Version 2.

Units: substance nmol, volume litre, time minute, so species concentrations
are in nM. Every parameter carries an SBML unit definition and its source as
a note.
"""

from __future__ import annotations

from typing import Mapping

import libsbml

from ..errors import Il6simError
from ..model.spec import UNIT_IDS, ModelSpec, formula_symbols

_UNIT_DEFS = {
    # id: list of (kind, exponent, scale, multiplier)
    "per_min": [(libsbml.UNIT_KIND_SECOND, -1, 0, 60.0)],
    "minute": [(libsbml.UNIT_KIND_SECOND, 1, 0, 60.0)],
    "nM": [(libsbml.UNIT_KIND_MOLE, 1, -9, 1.0), (libsbml.UNIT_KIND_LITRE, -1, 0, 1.0)],
    "per_nM": [(libsbml.UNIT_KIND_MOLE, -1, -9, 1.0), (libsbml.UNIT_KIND_LITRE, 1, 0, 1.0)],
    "nmol": [(libsbml.UNIT_KIND_MOLE, 1, -9, 1.0)],
    "nmol_per_min": [(libsbml.UNIT_KIND_MOLE, 1, -9, 1.0), (libsbml.UNIT_KIND_SECOND, -1, 0, 60.0)],
    "per_nM_per_min": [(libsbml.UNIT_KIND_MOLE, -1, -9, 1.0), (libsbml.UNIT_KIND_LITRE, 1, 0, 1.0),
                       (libsbml.UNIT_KIND_SECOND, -1, 0, 60.0)],
}


def _check(rc: int, what: str) -> None:
    if rc != libsbml.LIBSBML_OPERATION_SUCCESS:
        raise Il6simError(f"SBML construction failed at {what}: {libsbml.OperationReturnValue_toString(rc)}")


def _math(formula: str, where: str):
    ast = libsbml.parseL3Formula(formula)
    if ast is None:
        raise Il6simError(f"cannot parse formula of {where}: {libsbml.getLastParseL3Error()}")
    return ast


def _note(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<body xmlns="http://www.w3.org/1999/xhtml"><p>{escape(text)}</p></body>'


def to_sbml(spec: ModelSpec, values: Mapping[str, float] | None = None, *, name: str | None = None,
            initial_assignments: bool = True) -> str:
    """Return SBML L3V2 text for ``spec`` with parameter ``values`` as defaults.

    With ``initial_assignments=False`` (the engine's own copy) the resting state,
    derived parameters and compartment sizes are left for the caller to set:
    derived parameters and compartments are then non-constant, so they can be set
    at run time without recompiling the model.
    """
    values = dict(values or {})
    doc = libsbml.SBMLDocument(3, 2)
    model = doc.createModel()
    model.setId(name or spec.name)
    model.setName(f"{spec.name} {spec.version}")
    model.setNotes(_note("il6sim reference model of IL-6 classic and trans-signalling. "
                         + " ".join(spec.notes)))
    for uid, parts in _UNIT_DEFS.items():
        ud = model.createUnitDefinition()
        ud.setId(uid)
        for kind, exp, scale, mult in parts:
            u = ud.createUnit()
            u.setKind(kind)
            u.setExponent(exp)
            u.setScale(scale)
            u.setMultiplier(mult)
    model.setTimeUnits("minute")
    model.setSubstanceUnits("nmol")
    model.setExtentUnits("nmol")
    model.setVolumeUnits("litre")

    pmap = spec.parameter_map
    for cid, size_formula, desc in spec.compartments:
        c = model.createCompartment()
        c.setId(cid)
        c.setConstant(initial_assignments)
        c.setSpatialDimensions(3)
        c.setUnits("litre")
        c.setSize(1.0)
        c.setNotes(_note(desc))
        if initial_assignments:
            ia = model.createInitialAssignment()
            ia.setSymbol(cid)
            ia.setMath(_math(size_formula, f"compartment {cid}"))

    for p in spec.parameters:
        sp = model.createParameter()
        _check(sp.setId(p.name), p.name)
        sp.setConstant(p.kind == "derived" and initial_assignments)
        sp.setUnits(UNIT_IDS[p.unit])
        sp.setName(p.description)
        if p.kind == "derived":
            sp.setValue(0.0)
            if not initial_assignments:
                continue
            ia = model.createInitialAssignment()
            ia.setSymbol(p.name)
            ia.setMath(_math(spec.expand(p.formula or "0"), f"parameter {p.name}"))
        else:
            sp.setValue(float(values.get(p.name, p.value)))
        sp.setNotes(_note(f"{p.description} [{p.unit}]. Source: {p.source}. "
                          f"Plausible range {p.lower:g}-{p.upper:g}."))

    for s in spec.species:
        x = model.createSpecies()
        _check(x.setId(s.name), s.name)
        x.setName(s.description)
        x.setCompartment(s.compartment)
        x.setInitialConcentration(0.0)
        x.setHasOnlySubstanceUnits(False)
        x.setBoundaryCondition(False)
        x.setConstant(False)
        x.setSubstanceUnits("nmol")
        if s.initial.strip() != "0" and initial_assignments:
            ia = model.createInitialAssignment()
            ia.setSymbol(s.name)
            ia.setMath(_math(spec.expand(s.initial), f"initial value of {s.name}"))

    for r in spec.reactions:
        rx = model.createReaction()
        _check(rx.setId(r.name), r.name)
        rx.setReversible(r.reversible)
        if r.description:
            rx.setName(r.description)
        for sid in r.reactants:
            ref = rx.createReactant()
            ref.setSpecies(sid)
            ref.setStoichiometry(1.0)
            ref.setConstant(True)
        for sid in r.products:
            ref = rx.createProduct()
            ref.setSpecies(sid)
            ref.setStoichiometry(1.0)
            ref.setConstant(True)
        species_ids = {x.name for x in spec.species}
        for sid in sorted((formula_symbols(spec.expand(r.rate)) & species_ids) - set(r.reactants) - set(r.products)):
            mod = rx.createModifier()
            mod.setSpecies(sid)
        kl = rx.createKineticLaw()
        kl.setMath(_math(spec.expand(r.rate), f"reaction {r.name}"))
    return libsbml.writeSBMLToString(doc)


def validate_sbml(text: str, *, units: bool = True) -> list[str]:
    """Return libsbml's errors (not warnings) for the document ``text``."""
    doc = libsbml.readSBMLFromString(text)
    doc.setConsistencyChecks(libsbml.LIBSBML_CAT_UNITS_CONSISTENCY, units)
    doc.checkConsistency()
    out = []
    for i in range(doc.getNumErrors()):
        e = doc.getError(i)
        if e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR:
            out.append(f"line {e.getLine()}: {e.getMessage().strip()}")
    return out


def unit_warnings(text: str) -> list[str]:
    doc = libsbml.readSBMLFromString(text)
    doc.checkConsistency()
    return [doc.getError(i).getMessage().strip() for i in range(doc.getNumErrors())
            if doc.getError(i).getSeverity() == libsbml.LIBSBML_SEV_WARNING]
