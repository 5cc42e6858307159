"""A plain-Python right-hand side of a :class:`ModelSpec`, for cross-checks.

libroadrunner integrates the SBML that :func:`il6sim.io.sbml.to_sbml` writes.
This module builds the same equations directly from the spec (no SBML), so
the conformance tests can check that the SBML says what the spec says, and
the engine benchmark can time a pure-Python/scipy baseline. It is not used
for production runs: it is one to two orders of magnitude slower.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ..model.spec import ModelSpec
from .simulator import _compiled_formula, _resting_program


@dataclass
class PythonModel:
    spec: ModelSpec
    values: dict[str, float]  # every parameter (free and derived) and compartment size
    y0: np.ndarray
    species: tuple[str, ...]

    def rhs_factory(self):
        """Return f(t, y) -> dy/dt (concentrations per minute)."""
        spec = self.spec
        idx = {s: i for i, s in enumerate(self.species)}
        comp_of = {s.name: s.compartment for s in spec.species}
        vols = np.array([self.values[comp_of[s]] for s in self.species])
        rates = [_compiled_formula(spec.expand(r.rate)) for r in spec.reactions]
        n_r = len(rates)
        stoich = np.zeros((len(self.species), n_r))
        for j, r in enumerate(spec.reactions):
            for s in r.reactants:
                stoich[idx[s], j] -= 1.0
            for s in r.products:
                stoich[idx[s], j] += 1.0
        base = dict(self.values)
        names = self.species

        def f(t, y):
            ns = dict(base)
            ns.update(zip(names, y))
            v = np.fromiter((fn(ns) for fn in rates), float, n_r)
            return (stoich @ v) / vols

        return f


def build_python_model(spec: ModelSpec, params: Mapping[str, float] | None = None) -> PythonModel:
    """Evaluate derived parameters, compartments and the resting state, then wrap the RHS.

    The resting state comes from the same initial-assignment formulas the SBML
    carries; the conformance tests compare against libroadrunner evaluating them
    from the SBML itself.
    """
    values: dict[str, float] = spec.default_values()
    values.update(params or {})
    values.update(_resting_program(spec)(values))
    species = tuple(s.name for s in spec.species)
    y0 = np.array([values[s] for s in species])
    return PythonModel(spec, values, y0, species)
