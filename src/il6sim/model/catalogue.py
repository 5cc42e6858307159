"""The model's catalogue: cell presets, knockouts, agents, observables and parameters, as plain data."""

from __future__ import annotations


def catalogue() -> dict:
    """Cells, knockouts, agents, observables and parameters of the reference model, as plain dicts.

    What ``il6sim presets`` prints and the web app lists, with units and sources.
    """
    from .agents import AGENTS
    from .presets import KNOCKOUT_ALIASES, PRESETS, knockout_parameter
    from .reference import reference_model

    spec = reference_model()
    knockouts = []
    for name in dict.fromkeys(KNOCKOUT_ALIASES.values()):
        switch = knockout_parameter(name)
        knockouts.append({"name": name, "aliases": [a for a, n in KNOCKOUT_ALIASES.items() if n == name and a != name],
                          "parameter": switch, "description": spec.parameter_map[switch].description})
    return {
        "cells": [
            {"name": c.name, "description": c.description, "IL6R_per_cell": c.IL6R_per_cell,
             "gp130_per_cell": c.gp130_per_cell, "source": c.source,
             "parameters": dict(c.parameters), "parameter_sources": dict(c.parameter_sources),
             "parameter_kinds": {k: spec.parameter_map[k].kind for k in c.parameters},
             "parameter_units": {k: spec.parameter_map[k].unit for k in c.parameters}}
            for c in PRESETS.values()
        ],
        "knockouts": knockouts,
        "agents": [
            {"name": a.name, "aliases": list(a.aliases), "kind": a.kind, "species": a.species,
             "mw_g_per_mol": a.mw_g_per_mol, "description": a.description, "source": a.source}
            for a in AGENTS.values()
        ],
        "observables": [
            {"name": o.name, "unit": o.unit, "assay": o.assay, "description": o.description, "formula": o.formula}
            for o in spec.observables
        ],
        "parameters": [
            {"name": p.name, "value": (None if p.kind == "derived" else p.value), "unit": p.unit, "kind": p.kind,
             "description": p.description, "source": p.source,
             "lower": (None if p.kind == "derived" else p.lower), "upper": (None if p.kind == "derived" else p.upper),
             "formula": p.formula}
            for p in spec.parameters
        ],
    }
