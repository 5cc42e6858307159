"""Write a :class:`~il6sim.model.spec.ModelSpec` as SBML Level 3 Version 2.

Units: substance nmol, volume litre, time minute, so species concentrations
are in nM. Every parameter carries an SBML unit definition and its source as
a note; every number written into a formula is dimensionless, so libsbml can
check the units of every formula (the exported model has no unit warnings).

What the exported model holds besides the spec's reactions:

* **Named expressions** (:attr:`ModelSpec.expressions`) as assignment rules,
  in the exported model and in the engine's own copy.
* **Observables** as assignment rules with the observable's name as id
  (``pSTAT3``, ``SOCS3_mRNA``, ...). Where the name is already taken by a
  species, parameter or compartment (``pAkt`` is both a species and an
  observable) the id is ``obs_<name>``; the notes of the rule say so.
  (Only in the exported model: the engine evaluates observables itself.)
* **Arbitrary-unit species** (mRNAs, promoter activities: ``unit="a.u."``)
  have dimensionless substance units and ``hasOnlySubstanceUnits`` (their
  value is the a.u. number itself, as in il6sim); the reactions that change
  them are written as ``(rate) / <compartment> * nmol_per_au`` (1 nmol), so
  every rate law is in nmol/min, and the species carry the conversion factor
  ``au_per_nmol`` (1 per nmol). Both factors are 1, so no number changes.
  (The engine's own copy keeps il6sim's plain representation, which
  libroadrunner integrates to the same numbers.)
* **Dosed species** (the medium species of the agents in
  :mod:`il6sim.model.agents`) have no initial assignment, so a tool that sets
  their initial concentration (COPASI, basico, tellurium) is obeyed. Their
  resting value (shed sIL-6R) is written as a number computed from the
  export's parameter values, and also as a parameter ``rest_<species>`` whose
  initial assignment is the resting formula. Consequence (in the species'
  notes): setting the initial concentration *replaces* the resting level
  instead of adding the dose to it as il6sim does; add ``rest_<species>`` to
  the dose to reproduce il6sim exactly (for the seed trans experiment in HUVEC
  the difference is 2e-4 nM of 0.5 nM).
* Short names: every element is named by its id; the long description, the
  unit and the source are in the notes.
"""

from __future__ import annotations

from typing import Mapping
from xml.sax.saxutils import escape

import libsbml

from ..errors import Il6simError
from ..model.agents import AGENTS
from ..model.spec import UNIT_IDS, ModelSpec, formula_symbols

_UNIT_DEFS = {
    # id: list of (kind, exponent, scale, multiplier)
    "per_min": [(libsbml.UNIT_KIND_SECOND, -1, 0, 60.0)],
    "minute": [(libsbml.UNIT_KIND_SECOND, 1, 0, 60.0)],
    "nM": [(libsbml.UNIT_KIND_MOLE, 1, -9, 1.0), (libsbml.UNIT_KIND_LITRE, -1, 0, 1.0)],
    "per_nM": [(libsbml.UNIT_KIND_MOLE, -1, -9, 1.0), (libsbml.UNIT_KIND_LITRE, 1, 0, 1.0)],
    "nmol": [(libsbml.UNIT_KIND_MOLE, 1, -9, 1.0)],
    "per_nmol": [(libsbml.UNIT_KIND_MOLE, -1, -9, 1.0)],
    "nmol_per_min": [(libsbml.UNIT_KIND_MOLE, 1, -9, 1.0), (libsbml.UNIT_KIND_SECOND, -1, 0, 60.0)],
    "nM_per_min": [(libsbml.UNIT_KIND_MOLE, 1, -9, 1.0), (libsbml.UNIT_KIND_LITRE, -1, 0, 1.0),
                   (libsbml.UNIT_KIND_SECOND, -1, 0, 60.0)],
    "per_nM_per_min": [(libsbml.UNIT_KIND_MOLE, -1, -9, 1.0), (libsbml.UNIT_KIND_LITRE, 1, 0, 1.0),
                       (libsbml.UNIT_KIND_SECOND, -1, 0, 60.0)],
}

#: ids of the two unit factors of arbitrary-unit species (both have the value 1)
AU_RATE_FACTOR = "nmol_per_au"
AU_CONVERSION = "au_per_nmol"
_NUMBER_TYPES = {libsbml.AST_INTEGER, libsbml.AST_REAL, libsbml.AST_REAL_E, libsbml.AST_RATIONAL}


def dosed_species(spec: ModelSpec) -> list[str]:
    """Species that protocols add to (the agents' medium species present in ``spec``)."""
    return [a.species for a in AGENTS.values() if a.species in spec.species_map]


def observable_ids(spec: ModelSpec) -> dict[str, str]:
    """Observable name -> its SBML id (the name, or ``obs_<name>`` where the name is taken)."""
    taken = ({c[0] for c in spec.compartments} | {p.name for p in spec.parameters}
             | {s.name for s in spec.species} | {r.name for r in spec.reactions}
             | {e.name for e in spec.expressions})
    return {o.name: (f"obs_{o.name}" if o.name in taken else o.name) for o in spec.observables}


def rest_parameter_id(species: str) -> str:
    return f"rest_{species}"


def _check(rc: int, what: str) -> None:
    if rc != libsbml.LIBSBML_OPERATION_SUCCESS:
        raise Il6simError(f"SBML construction failed at {what}: {libsbml.OperationReturnValue_toString(rc)}")


def _math(formula: str, where: str, rename: Mapping[str, str] | None = None):
    """Parse an infix formula; literal numbers become dimensionless, ids may be renamed."""
    ast = libsbml.parseL3Formula(formula)
    if ast is None:
        raise Il6simError(f"cannot parse formula of {where}: {libsbml.getLastParseL3Error()}")
    stack = [ast]
    while stack:
        node = stack.pop()
        if node.getType() in _NUMBER_TYPES and not node.isSetUnits():
            node.setUnits("dimensionless")
        stack.extend(node.getChild(i) for i in range(node.getNumChildren()))
    for old, new in (rename or {}).items():
        ast.renameSIdRefs(old, new)
    return ast


def _note(*paragraphs: str) -> str:
    body = "".join(f"<p>{escape(t)}</p>" for t in paragraphs if t)
    return f'<body xmlns="http://www.w3.org/1999/xhtml">{body}</body>'


#: what each parameter kind (``Parameter.kind``, ``kind`` in ``il6sim presets --json``) means, for the notes
KIND_NOTES = {
    "kinetic": "kinetic (one value for every cell)",
    "cell": "cell (copy numbers, volumes, secretion: what cell presets and protocols set)",
    "scenario": "scenario (a documented choice where papers disagree)",
    "switch": "switch (a 0/1 multiplier: knockouts, routes)",
    "constant": "constant (a physical constant)",
    "derived": "derived (computed from other parameters by its initial assignment)",
}


def _dose_note(species: str, rest: str | None) -> str:
    """How a dose of the agent that ``species`` stands for is given: the agent, its molecular weight, nM per ng/mL."""
    from ..units import to_nM

    a = next(a for a in AGENTS.values() if a.species == species)
    return (f"Agent {a.name}: {a.description}, {a.mw_g_per_mol:g} g/mol, so 1 ng/mL = "
            f"{to_nM('1 ng/mL', a.mw_g_per_mol):.4g} nM. To add it, set the initial concentration of {species} "
            "to the dose in nM" + (f" plus {rest} (see below)." if rest else "."))


def _parameter(model, pid: str, value: float, units: str, *, constant: bool = True):
    p = model.createParameter()
    _check(p.setId(pid), pid)
    p.setName(pid)
    p.setConstant(constant)
    p.setValue(float(value))
    p.setUnits(units)
    return p


def _species_units(spec: ModelSpec) -> dict[str, str]:
    """Species -> 'nM' or 'a.u.' (checked)."""
    out = {}
    for s in spec.species:
        if s.unit not in ("nM", "a.u."):
            raise Il6simError(f"species {s.name}: unit {s.unit!r} cannot be exported (nM or a.u.)")
        out[s.name] = s.unit
    return out


def _checked_values(spec: ModelSpec, values: object, value_sources: object) -> dict[str, float]:
    """``values`` as a dict, checked as the engine checks them (names, numbers); InputError naming the remedy."""
    from ..errors import InputError
    from ..validate import show

    if values is not None and not isinstance(values, Mapping):
        from ..model.presets import CellSpec

        got = ("a CellSpec; pass its values: cell.resolve()" if isinstance(values, CellSpec)
               else f"{values!r}; pass a preset's values: CellSpec.parse({values!r}).resolve()"
               if isinstance(values, str) else f"{show(values)}; e.g. CellSpec.parse('huvec').resolve()")
        raise InputError(f"values must be a mapping of parameter values {{name: value}} (got {got})")
    if value_sources is not None and not isinstance(value_sources, Mapping):
        raise InputError(f"value_sources must be a mapping {{parameter: source}}, e.g. cell.value_sources() "
                         f"(got {show(value_sources)})")
    values = dict(values or {})
    problems = spec.validate_values(values)
    if problems:
        raise InputError("; ".join(problems))
    return values


def to_sbml(spec: ModelSpec, values: Mapping[str, float] | None = None, *, name: str | None = None,
            initial_assignments: bool = True, value_sources: Mapping[str, str] | None = None) -> str:
    """Return SBML L3V2 text for ``spec`` with parameter ``values`` as defaults.

    A parameter whose value in ``values`` differs from the model default says so in its notes, with
    the source of the value from ``value_sources`` (e.g. :meth:`CellSpec.value_sources`) where given,
    and the model default with its own source.

    With ``initial_assignments=False`` (the engine's own copy) the resting state,
    derived parameters and compartment sizes are left for the caller to set:
    derived parameters and compartments are then non-constant, so they can be set
    at run time without recompiling the model; observables are not written (the
    engine evaluates them itself).
    """
    values = _checked_values(spec, values, value_sources)
    if name is not None and not (isinstance(name, str) and libsbml.SyntaxChecker.isValidSBMLSId(name)):
        from ..errors import InputError

        # libsbml refuses such an id without a word: the model was written with no id at all
        raise InputError(f"must be an SBML id: letters, digits and _, not starting with a digit, e.g. "
                         f"'il6sim_huvec' (got {name!r})", "name")
    doc = libsbml.SBMLDocument(3, 2)
    model = doc.createModel()
    model.setId(name or spec.name)
    model.setName(name or spec.name)
    dosing = (f"Doses: set the initial concentration (nM) of an agent's species "
              f"({', '.join(dosed_species(spec))}); each species' notes give the agent and its molecular weight."
              if initial_assignments and dosed_species(spec) else "")
    changed = [f"{p.name} = {values[p.name]:g} (default {p.value:g})" for p in spec.parameters
               if p.kind != "derived" and p.name in values and float(values[p.name]) != p.value]
    held = ("Parameter values that differ from the model defaults (each parameter's notes give the source): "
            + ", ".join(changed) + "." if changed else "Every parameter holds the model default value.")
    model.setNotes(_note(f"il6sim reference model of IL-6 classic and trans-signalling, {spec.name} "
                         f"version {spec.version}.", *spec.notes, held if initial_assignments else "", dosing))
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

    sunits = _species_units(spec)
    dosed = set(dosed_species(spec)) if initial_assignments else set()
    rest_of = {sp: rest_parameter_id(sp) for sp in dosed if spec.species_map[sp].initial.strip() != "0"}

    for cid, size_formula, desc in spec.compartments:
        c = model.createCompartment()
        c.setId(cid)
        c.setName(cid)
        c.setConstant(initial_assignments)
        c.setSpatialDimensions(3)
        c.setUnits("litre")
        c.setSize(1.0)
        c.setNotes(_note(desc, f"Size: {size_formula}."))
        if initial_assignments:
            ia = model.createInitialAssignment()
            ia.setSymbol(cid)
            ia.setMath(_math(size_formula, f"compartment {cid}"))

    for p in spec.parameters:
        sp = _parameter(model, p.name, 0.0 if p.kind == "derived" else values.get(p.name, p.value),
                        UNIT_IDS[p.unit], constant=p.kind == "derived" and initial_assignments)
        if p.kind == "derived":
            sp.setNotes(_note(f"{p.description} [{p.unit}].", f"Computed from: {p.formula}.",
                              f"Kind: {KIND_NOTES['derived']}."))
            if initial_assignments:
                ia = model.createInitialAssignment()
                ia.setSymbol(p.name)
                ia.setMath(_math(p.formula or "0", f"parameter {p.name}", rest_of))
            continue
        value = float(values.get(p.name, p.value))
        if value == p.value:
            sources = [f"Source: {p.source}."]
        else:  # the default's source does not describe this value
            sources = [f"Value {value:g}: {(value_sources or {}).get(p.name, 'given for this export')}.",
                       f"Model default {p.value:g}, source: {p.source}."]
        sp.setNotes(_note(f"{p.description} [{p.unit}].", *sources, f"Plausible range {p.lower:g}-{p.upper:g}.",
                          f"Kind: {KIND_NOTES.get(p.kind, p.kind)}."))

    au_units = initial_assignments and any(u == "a.u." for u in sunits.values())
    if au_units:
        f = _parameter(model, AU_RATE_FACTOR, 1.0, "nmol")
        f.setNotes(_note("1 nmol per a.u.: reactions that change arbitrary-unit species (mRNAs, promoter "
                         "activities) are written as (rate) / compartment * nmol_per_au, so that every rate law is "
                         f"in nmol/min; the species' conversion factor {AU_CONVERSION} undoes it. Both are 1, so no "
                         "number changes."))
        f = _parameter(model, AU_CONVERSION, 1.0, "per_nmol")
        f.setNotes(_note("Conversion factor of arbitrary-unit species (a.u. per nmol of reaction extent): 1."))

    for e in spec.expressions:
        ep = _parameter(model, e.name, 0.0, UNIT_IDS[e.unit], constant=False)
        ep.setNotes(_note(f"{e.description} [{e.unit}].", f"Formula: {e.formula}."))
        rule = model.createAssignmentRule()
        rule.setVariable(e.name)
        rule.setMath(_math(e.formula, f"expression {e.name}"))

    for s in spec.species:
        x = model.createSpecies()
        _check(x.setId(s.name), s.name)
        x.setName(s.name)
        x.setCompartment(s.compartment)
        x.setInitialConcentration(0.0)
        x.setHasOnlySubstanceUnits(False)
        x.setBoundaryCondition(False)
        x.setConstant(False)
        notes = [f"{s.description} [{s.unit}]."]
        if s.name in dosed:
            notes.append(_dose_note(s.name, rest_of.get(s.name)))
        if sunits[s.name] == "a.u." and au_units:
            x.setSubstanceUnits("dimensionless")  # the value is the a.u. number itself, not per litre
            x.setHasOnlySubstanceUnits(True)
            x.setConversionFactor(AU_CONVERSION)
        else:
            x.setSubstanceUnits("nmol")
        if s.initial.strip() != "0" and initial_assignments:
            if s.name in rest_of:
                pid = rest_of[s.name]
                rp = _parameter(model, pid, 0.0, "nM")
                rp.setNotes(_note(f"Resting concentration of {s.name} (nM), from: {s.initial}."))
                ia = model.createInitialAssignment()
                ia.setSymbol(pid)
                ia.setMath(_math(s.initial, f"initial value of {s.name}", rest_of))
                notes.append(
                    f"Protocols dose this species, so it has no initial assignment: its initial concentration is "
                    f"the resting value at the exported parameter values, also available as parameter {pid} "
                    f"(= {s.initial}). Setting the initial concentration replaces the resting level; il6sim adds a "
                    f"dose to it, so set dose + {pid} to reproduce il6sim exactly.")
            else:
                ia = model.createInitialAssignment()
                ia.setSymbol(s.name)
                ia.setMath(_math(s.initial, f"initial value of {s.name}", rest_of))
                notes.append(f"At rest: {s.initial}.")
        x.setNotes(_note(*notes))

    species_ids = set(sunits)
    for r in spec.reactions:
        rx = model.createReaction()
        _check(rx.setId(r.name), r.name)
        rx.setName(r.name)
        rx.setReversible(r.reversible)
        if r.description:
            rx.setNotes(_note(r.description))
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
        used = formula_symbols(spec.expand(r.rate))
        for sid in sorted((used & species_ids) - set(r.reactants) - set(r.products)):
            mod = rx.createModifier()
            mod.setSpecies(sid)
        kinds = {sunits[sid] for sid in r.reactants + r.products}
        if len(kinds) > 1:
            raise Il6simError(f"reaction {r.name} changes nM and a.u. species at once; it cannot be written "
                              "with consistent units")
        rate = r.rate
        if kinds == {"a.u."} and au_units:
            comps = {spec.species_map[sid].compartment for sid in r.reactants + r.products}
            if len(comps) > 1:
                raise Il6simError(f"reaction {r.name} changes a.u. species in two compartments")
            rate = f"({r.rate}) / {comps.pop()} * {AU_RATE_FACTOR}"
        kl = rx.createKineticLaw()
        kl.setMath(_math(rate, f"reaction {r.name}"))

    if initial_assignments:
        oids = observable_ids(spec)
        for o in spec.observables:
            oid = oids[o.name]
            op = _parameter(model, oid, 0.0, UNIT_IDS[o.unit], constant=False)
            notes = [f"Observable {o.name}: {o.description} [{o.unit}], assay: {o.assay}."]
            if oid != o.name:
                notes.append(f"Id {oid} because {o.name} is already the id of a model component.")
            op.setNotes(_note(*notes))
            rule = model.createAssignmentRule()
            rule.setVariable(oid)
            rule.setMath(_math(o.formula, f"observable {o.name}"))

        _set_resting_values(doc, rest_of)
    return libsbml.writeSBMLToString(doc)


def _set_resting_values(doc, rest_of: Mapping[str, str]) -> None:
    """Write each dosed species' resting value (its ``rest_`` parameter) as its initial concentration."""
    if not rest_of:
        return
    work = doc.clone()
    wm, model = work.getModel(), doc.getModel()
    if not libsbml.SBMLTransforms.expandInitialAssignments(wm):  # pragma: no cover - libsbml failure
        raise Il6simError("could not evaluate the resting state of the dosed species")
    for sp, pid in rest_of.items():
        value = wm.getParameter(pid).getValue()
        model.getSpecies(sp).setInitialConcentration(value)


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
    """libsbml's warnings (unit consistency included) for the document ``text``."""
    doc = libsbml.readSBMLFromString(text)
    doc.setConsistencyChecks(libsbml.LIBSBML_CAT_UNITS_CONSISTENCY, True)
    doc.checkConsistency()
    return [doc.getError(i).getMessage().strip().splitlines()[-1] for i in range(doc.getNumErrors())
            if doc.getError(i).getSeverity() == libsbml.LIBSBML_SEV_WARNING]
