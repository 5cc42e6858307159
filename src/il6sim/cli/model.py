"""``il6sim model``: the reaction network, one reaction per line, as a modeller reviews it."""

from __future__ import annotations

import json
import sys


def add_parser(sub, name):
    p = sub.add_parser(name, help="print the model: reactions (one per line), named expressions, species",
                       description="Print the model's reactions (one per line, with their rate laws), named "
                                   "expressions and species with their units (writes no files).")
    p.add_argument("what", nargs="?", choices=["reactions", "expressions", "species", "all"], default="all",
                   metavar="PART", help="which part: reactions, expressions, species or all (default: all)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    return p


def _side(names: tuple[str, ...]) -> str:
    return " + ".join(names) if names else "0"


def network(what: str = "all") -> dict:
    from ..model.reference import reference_model

    spec = reference_model()
    out: dict = {"model": f"{spec.name} {spec.version}"}
    if what in ("species", "all"):
        out["species"] = [{"id": s.name, "compartment": s.compartment, "unit": s.unit, "description": s.description}
                          for s in spec.species]
    if what in ("expressions", "all"):
        out["expressions"] = [{"id": e.name, "formula": e.formula, "unit": e.unit, "description": e.description}
                              for e in spec.expressions]
    if what in ("reactions", "all"):
        unit = {s.name: s.unit for s in spec.species}
        out["reactions"] = [{"id": r.name, "equation": f"{_side(r.reactants)} {'<->' if r.reversible else '->'} "
                                                         f"{_side(r.products)}",
                             "rate": r.rate, "rate_unit": _rate_unit(unit, r),
                             "description": r.description} for r in spec.reactions]
    return out


def _rate_unit(unit: dict[str, str], reaction) -> str:
    """The unit of a rate law: an amount per minute, nmol for nM species, a.u. x L for a.u. species."""
    units = {unit[s] for s in reaction.reactants + reaction.products}
    return "a.u.*L/min" if units == {"a.u."} else "nmol/min"


def run(args) -> int:
    net = network(args.what)
    if args.json:
        json.dump(net, sys.stdout, indent=2)
        print()
        return 0
    lines = [f"# {net['model']}  (a rate law is an amount per min, nmol/min, or a.u. x L/min for a.u. species "
             "(mRNAs, promoters, pgp130, feedbacks); d[species]/dt = rate / compartment volume, 'medium' or 'cell')"]
    if "species" in net:
        lines.append("\n# species (compartment, unit): description")
        lines += [f"{s['id']} ({s['compartment']}, {s['unit']}): {s['description']}" for s in net["species"]]
    if "expressions" in net:
        lines.append("\n# named expressions (SBML assignment rules)")
        lines += [f"{e['id']} = {e['formula']} ; {e['description']}" for e in net["expressions"]]
    if "reactions" in net:
        lines.append("\n# reactions: equation ; rate law ; description")
        lines += [f"{r['equation']} ; {r['rate']} ; {r['description']}" for r in net["reactions"]]
    print("\n".join(lines))
    return 0
