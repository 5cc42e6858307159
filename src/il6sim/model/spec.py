"""Immutable building blocks of a model: parameters, species, reactions.

A :class:`ModelSpec` is pure data. It knows nothing about engines; the
engine compiles it (through SBML) into something that runs.

Rate laws and initial assignments are written in the common subset of SBML
Level 3 infix syntax and Python syntax (``+ - * /``, parentheses and
``pow(a, b)``), so the same text goes into SBML through
``libsbml.parseL3Formula`` and into the reference Python right-hand side.
Rates are *amounts per minute* (nmol/min): each one carries the volume of
the compartment where the reaction takes place, so transfers between the
medium and the cells conserve molecules.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

#: Human unit -> SBML unit definition id (defined in io/sbml.py).
UNIT_IDS: dict[str, str] = {
    "1/min": "per_min",
    "1/(nM*min)": "per_nM_per_min",
    "nM": "nM",
    "L": "litre",
    "min": "minute",
    "1": "dimensionless",
    "a.u.": "dimensionless",
    "molecules/cell": "dimensionless",
    "complexes/cell": "dimensionless",
    "1/(complex*min)": "per_min",
    "cells": "dimensionless",
    "molecules/nM": "per_nM",
    "nmol/min": "nmol_per_min",
    "molecules/(cell*min)": "per_min",
    "nM/min": "nM_per_min",
    "1/nmol": "per_nmol",
}


@dataclass(frozen=True)
class Parameter:
    """A model parameter with its unit, meaning, source and plausible range."""

    name: str
    value: float
    unit: str
    description: str
    source: str
    lower: float
    upper: float
    #: "kinetic" (one value for every cell), "cell" (copy numbers, volumes, secretion:
    #: what cell presets set), "scenario" (a documented choice where papers disagree),
    #: "switch" (0/1 multipliers), "constant" (a physical constant),
    #: "derived" (computed from others by an initial assignment).
    kind: str = "kinetic"
    #: formula for derived parameters (initial assignment)
    formula: str | None = None

    def __post_init__(self) -> None:
        if self.unit not in UNIT_IDS:
            raise ValueError(f"parameter {self.name}: unknown unit {self.unit!r}")
        if not self.source:
            raise ValueError(f"parameter {self.name}: a source is required")
        if self.kind != "derived" and not (self.lower <= self.value <= self.upper):
            raise ValueError(
                f"parameter {self.name}: value {self.value} outside its range "
                f"[{self.lower}, {self.upper}]"
            )

    @property
    def log_scale(self) -> bool:
        return self.lower > 0 and self.upper / max(self.lower, 1e-300) > 20


@dataclass(frozen=True)
class Species:
    """A state variable of the model: ``name`` (its id, as in :attr:`Trajectory.species`), ``compartment``
    (``medium`` or ``cell``), ``initial`` (its resting value, a formula over parameters and other species),
    ``unit`` (``nM``; ``a.u.`` for mRNAs and promoter activities) and ``description`` in words."""

    name: str
    compartment: str  # "medium" or "cell"
    initial: str  # formula (may reference parameters and other species)
    unit: str  # "nM" or "a.u."
    description: str


@dataclass(frozen=True)
class Reaction:
    """A reaction of the model: ``reactants`` -> ``products`` (species ids) at ``rate`` (a formula, an amount
    per minute, nmol/min), ``reversible`` when the rate holds the back reaction too; ``description`` in words."""

    name: str
    reactants: tuple[str, ...]
    products: tuple[str, ...]
    rate: str  # amount per minute (nmol/min)
    reversible: bool = False
    description: str = ""


@dataclass(frozen=True)
class Observable:
    """A named readout computed from the state (formula over species/parameters)."""

    name: str
    formula: str
    unit: str
    description: str
    #: how a lab would read it out: "western", "qpcr", "flow", "elisa", "model"
    assay: str = "model"

    @property
    def unit_words(self) -> str:
        """The unit as an axis or a table says it: a fraction names what it is a fraction of (its description's
        last clause, e.g. 'fraction of total STAT3'), any other unit is itself ('nM', 'a.u.').

        >>> Observable("pERK", "x", "1", "phospho-ERK1/2, fraction of total ERK").unit_words
        'fraction of total ERK'
        >>> Observable("SOCS3", "x", "nM", "SOCS3 protein").unit_words
        'nM'
        """
        if self.unit != "1":
            return self.unit
        what = self.description.rpartition(", ")[2]
        return what if what.startswith("fraction") else "fraction"


@dataclass(frozen=True)
class Expression:
    """A shared quantity named once (an SBML assignment rule), e.g. an inhibition term.

    Rate laws, initial values and observables may use its name; the engine
    substitutes the formula (:meth:`ModelSpec.expand`), exporters write it as an
    assignment rule so the quantity keeps its name in other tools.
    """

    name: str
    formula: str
    unit: str
    description: str


@dataclass(frozen=True)
class ModelSpec:
    """A whole model as data (:func:`il6sim.reference_model` gives the reference one; immutable).

    ``parameters``, ``species``, ``reactions`` and ``observables`` are tuples of :class:`Parameter`,
    :class:`Species`, :class:`Reaction` and :class:`Observable`; ``parameter_map``, ``species_map`` and
    ``observable_map`` look them up by name. ``compartments``: (id, size formula, description);
    ``expressions``: named shared quantities; ``notes``: the modelling notes, in words.
    :class:`~il6sim.engine.simulator.Simulator` integrates it; :func:`il6sim.io.sbml.to_sbml` exports it.
    """

    name: str
    version: str
    compartments: tuple[tuple[str, str, str], ...]  # (id, size formula, description)
    parameters: tuple[Parameter, ...]
    species: tuple[Species, ...]
    reactions: tuple[Reaction, ...]
    observables: tuple[Observable, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: named shared quantities, in dependency order (each may use earlier ones)
    expressions: tuple[Expression, ...] = field(default_factory=tuple)

    def __repr__(self) -> str:
        """One line: name, version and counts (the full spec runs to tens of thousands of characters).

        >>> from il6sim import reference_model
        >>> repr(reference_model()).startswith("<ModelSpec 'il6sim_reference' ")
        True
        """
        return (f"<ModelSpec {self.name!r} {self.version}: {len(self.species)} species, {len(self.reactions)} "
                f"reactions, {len(self.parameters)} parameters, {len(self.observables)} observables; "
                f".parameter_map, .observable_map, .species_map by name>")

    # -- lookups -----------------------------------------------------------
    @cached_property
    def parameter_map(self) -> dict[str, Parameter]:
        """Parameters by name (a read-only dict; an unknown name raises UnknownNameError with the near name)."""
        from ..validate import NameTable

        return NameTable("parameter", {p.name: p for p in self.parameters},
                         listing="`il6sim presets parameters` lists them")

    @cached_property
    def species_map(self) -> dict[str, Species]:
        """Species by name (a read-only dict; an unknown name raises UnknownNameError with the near name)."""
        from ..validate import NameTable

        return NameTable("species", {s.name: s for s in self.species})

    @cached_property
    def observable_map(self) -> dict[str, Observable]:
        """Observables by name (a read-only dict; an unknown name raises UnknownNameError with the near name)."""
        from ..validate import NameTable

        return NameTable("observable", {o.name: o for o in self.observables})

    @cached_property
    def expression_map(self) -> dict[str, Expression]:
        """Expressions by name (a read-only dict; an unknown name raises UnknownNameError with the near name)."""
        from ..validate import NameTable

        return NameTable("expression", {e.name: e for e in self.expressions})

    def expand(self, formula: str) -> str:
        """``formula`` with every expression name replaced by its (expanded) formula."""
        if not self.expressions:
            return formula
        emap = self._expanded_expressions
        return _IDENT.sub(lambda m: f"({emap[m.group(0)]})" if m.group(0) in emap else m.group(0), formula)

    @cached_property
    def _expanded_expressions(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for e in self.expressions:  # dependency order: earlier ones are already expanded
            out[e.name] = _IDENT.sub(lambda m: f"({out[m.group(0)]})" if m.group(0) in out else m.group(0),
                                     e.formula)
        return out

    def species_in(self, compartment: str) -> list[str]:
        """The ids of the species in ``compartment`` (``"medium"`` or ``"cell"``), in model order."""
        return [s.name for s in self.species if s.compartment == compartment]

    def default_values(self) -> dict[str, float]:
        """Values of the free (non-derived) parameters."""
        return {p.name: p.value for p in self.parameters if p.kind != "derived"}

    def free_parameters(self) -> list[str]:
        """The names of the parameters a caller may set (every kind but ``derived``), in model order."""
        return [p.name for p in self.parameters if p.kind != "derived"]

    @cached_property
    def _free_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.parameters if p.kind != "derived")

    def validate_values(self, values: Mapping[str, float]) -> list[str]:
        """Return problems with a parameter mapping (unknown names, bad numbers)."""
        free = self._free_names
        sizes = self._size_ranges
        divisors = self._divisor_names
        if all(k in free and type(v) is float and v >= 0.0 and v != math.inf for k, v in values.items()) and \
                all(lo <= values[k] <= hi for k, (lo, hi) in sizes.items() if k in values) and \
                all(values[k] > 0.0 for k in divisors if k in values):
            return []  # fast path: known names, finite non-negative floats (NaN fails v >= 0), sizes in range
        problems = []
        pmap = self.parameter_map
        for k, v in values.items():
            if k not in pmap:
                problems.append(f"unknown parameter '{k}'" + _unknown_hint(str(k), pmap))
                continue
            if pmap[k].kind == "derived":
                problems.append(f"parameter '{k}' is computed from others and cannot be set")
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                problems.append(f"parameter '{k}' must be a finite number (got {v!r})")
            elif v < 0:
                problems.append(f"parameter '{k}' must be >= 0 (got {v})")
            elif k in sizes and not (pmap[k].lower <= v <= pmap[k].upper):
                # a compartment size of 0 divides by zero in every concentration of that compartment
                problems.append(f"parameter '{k}' sets a compartment size and must lie between {pmap[k].lower:g} "
                                f"and {pmap[k].upper:g} {pmap[k].unit} (got {v:g})")
            elif v == 0 and k in divisors:
                problems.append(f"parameter '{k}' divides a rate law, so it must be > 0 (got 0: the rate would be "
                                f"infinite or undefined); give a small positive value instead, e.g. its lower "
                                f"bound {pmap[k].lower:g} {pmap[k].unit}")
        return problems

    def set_problem(self, name: str) -> str | None:
        """Why ``name`` cannot be changed during a run (a ``set`` step), or None if it can.

        A compartment size cannot change without rescaling every concentration in it, and a
        parameter that enters no rate law (copy numbers, totals: they only fix the resting
        state at the start) would be changed without effect.
        """
        if name in self._size_ranges:
            return (f"'{name}' sets a compartment size, which cannot change during a run; set it for the whole "
                    "run instead (medium: {volume, cells}, or the cell's parameters)")
        if name in self._free_names and name not in self._rate_symbols:
            return (f"'{name}' only sets the resting state at the start (it enters no rate law; what is computed "
                    "from it is fixed when the run starts), so changing it during a run would have no effect; set "
                    "it for the whole run instead (the cell's values)")
        return None

    @cached_property
    def _rate_symbols(self) -> frozenset[str]:
        return frozenset().union(*(formula_symbols(self.expand(r.rate)) for r in self.reactions))

    @cached_property
    def _divisor_names(self) -> frozenset[str]:
        """Free parameters that a rate law divides by, alone or as a factor of the divisor (``x / tau``,
        ``x / (K * c)``), in a sum of bare names (``CHX / (CHX + IC50)``: without the drug the sum is
        the constant alone) or as the base of a power in a sum (the Hill constant of ``S^n / (K^n + S^n)``,
        0/0 while S is 0): at 0 the rate is infinite or 0/0 and the solver fails. A name inside another
        term of a sum (``1 + I / Ki``) is not one."""
        import ast  # parsed, never evaluated; libsbml stays unloaded on a warm start

        def terms(node) -> list:
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                return terms(node.left) + terms(node.right)
            return [node]

        def factors(node) -> set[str]:
            if isinstance(node, ast.Name):
                return {node.id}
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
                return factors(node.left) | factors(node.right)
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                ts = terms(node)
                if all(isinstance(t, ast.Name) for t in ts):
                    return {t.id for t in ts}  # species among them are dropped below
                # a Hill denominator K^n + S^n: with K = 0 it is 0/0 wherever the signal S is 0 (at rest)
                return {t.args[0].id for t in ts if isinstance(t, ast.Call) and getattr(t.func, "id", "") == "pow"
                        and t.args and isinstance(t.args[0], ast.Name)}
            return set()

        names: set[str] = set()
        for r in self.reactions:
            tree = ast.parse(self.expand(r.rate).replace("^", "**"), mode="eval")
            for node in ast.walk(tree):
                if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                    names |= factors(node.right)
        return frozenset(names & self._free_names)

    @cached_property
    def _size_ranges(self) -> dict[str, tuple[float, float]]:
        """Free parameters in a compartment size formula (V_medium, N_cells, V_cell) -> their range."""
        names = set().union(*(formula_symbols(c[1]) for c in self.compartments))
        pmap = self.parameter_map
        return {n: (pmap[n].lower, pmap[n].upper) for n in sorted(names) if n in self._free_names}


_FUNCS = {"pow"}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def formula_symbols(formula: str) -> set[str]:
    """Identifiers used in a formula (function names excluded)."""
    import re

    names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", formula))
    return {n for n in names if n not in _FUNCS and not re.fullmatch(r"e\d*", n)}


def check_spec(spec: ModelSpec) -> list[str]:
    """Structural problems of a spec: duplicate ids, unknown symbols."""
    problems: list[str] = []
    ids: dict[str, str] = {}
    for kind, names in (("compartment", [c[0] for c in spec.compartments]),
                        ("parameter", [p.name for p in spec.parameters]),
                        ("species", [s.name for s in spec.species]),
                        ("reaction", [r.name for r in spec.reactions]),
                        ("expression", [e.name for e in spec.expressions])):
        for n in names:
            if n in ids:
                problems.append(f"id '{n}' used by a {ids[n]} and a {kind}")
            ids[n] = kind
    known = {n for n, k in ids.items() if k != "reaction"}
    for where, f in ([(f"compartment {c[0]}", c[1]) for c in spec.compartments]
                     + [(f"parameter {p.name}", p.formula or "") for p in spec.parameters]
                     + [(f"species {s.name}", s.initial) for s in spec.species]
                     + [(f"reaction {r.name}", r.rate) for r in spec.reactions]
                     + [(f"observable {o.name}", o.formula) for o in spec.observables]
                     + [(f"expression {e.name}", e.formula) for e in spec.expressions]):
        for sym in formula_symbols(f):
            if sym not in known:
                problems.append(f"{where}: unknown symbol '{sym}'")
    for r in spec.reactions:
        for sid in r.reactants + r.products:
            if ids.get(sid) != "species":
                problems.append(f"reaction {r.name}: '{sid}' is not a species")
    return problems


def _unknown_hint(name: str, known: Mapping) -> str:
    """' (did you mean ...?)' for a misspelt parameter; for NAME@PRESET, where such values are resolved."""
    from ..validate import did_you_mean

    base, at, preset = name.partition("@")
    if at and base in known:
        return (f" (a value for cells of one preset: resolve it with il6sim.model.overrides.for_preset(values, "
                f"{preset!r}), or pass the set to run_protocol(parameters=...))")
    return did_you_mean(name, known)
