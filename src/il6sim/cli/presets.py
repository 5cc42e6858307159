"""``il6sim presets``: cells, knockouts, agents, observables and parameters, with units and sources."""

from __future__ import annotations

import json
import sys

from ..model.catalogue import catalogue


def add_parser(sub, name):
    p = sub.add_parser(name, help="list cell presets, knockouts, agents, observables and parameters",
                       description="Print the names --cell, knockouts, agents, readouts and --set accept, with "
                                   "their units and sources (writes no files).")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("what", nargs="?", choices=["cells", "knockouts", "agents", "observables", "parameters", "all"],
                   default="all", metavar="LIST",
                   help="which list: cells, knockouts, agents, observables, parameters or all (default: all)")
    return p


def _unit_suffix(unit: str) -> str:
    return "" if unit in ("1", "", "dimensionless") else f" {unit}"


def run(args) -> int:
    cat = catalogue()
    keys = list(cat) if args.what == "all" else [args.what]
    if args.json:
        json.dump({k: cat[k] for k in keys}, sys.stdout, indent=2)
        print()
        return 0
    out = []
    if "cells" in keys:
        out.append("CELL PRESETS (IL-6R and gp130: molecules on the surface of a resting cell; "
                   "gp130 in total is several times more, see gp130_total_factor)")
        for c in cat["cells"]:
            extra = "".join(f"; {k}={v:g}" + _unit_suffix(c["parameter_units"][k])
                            for k, v in c["parameters"].items())
            out.append(f"  {c['name']:<17} IL6R {c['IL6R_per_cell']:>6g}  gp130 {c['gp130_per_cell']:>6g}{extra}")
            out.append(f"  {'':<17} {c['description']}")
            out.append(f"  {'':<17} source: {c['source']}")
    if "knockouts" in keys:
        out.append("\nKNOCKOUTS (in a cell: {preset: hepg2, knockout: [SOCS3, ...]}; case does not matter)")
        for k in cat["knockouts"]:
            al = f" (aliases: {', '.join(k['aliases'])})" if k["aliases"] else ""
            out.append(f"  {k['name']:<8} sets {k['parameter']} = 0: {k['description']}{al}")
    if "agents" in keys:
        out.append("\nAGENTS (dose in any concentration unit; mass -> molar by MW)")
        for a in cat["agents"]:
            al = f" (aliases: {', '.join(a['aliases'])})" if a["aliases"] else ""
            out.append(f"  {a['name']:<14} {a['mw_g_per_mol']:>9g} g/mol  {a['kind']}: {a['description']}{al}")
            out.append(f"  {'':<14} source: {a['source']}")
    if "observables" in keys:
        out.append("\nOBSERVABLES")
        for o in cat["observables"]:
            out.append(f"  {o['name']:<20} [{o['unit']}] {o['description']}")
    if "parameters" in keys:
        out.append("\nPARAMETERS (value, unit, meaning, source, plausible range)")
        for p in cat["parameters"]:
            if p["kind"] == "derived":
                out.append(f"  {p['name']:<24} = {p['formula']}  [{p['unit']}] {p['description']}")
            else:
                out.append(f"  {p['name']:<24} {p['value']:<10g} [{p['unit']}] {p['description']}")
                out.append(f"  {'':<24} source: {p['source']}; range {p['lower']:g}-{p['upper']:g}")
    print("\n".join(out))
    return 0
