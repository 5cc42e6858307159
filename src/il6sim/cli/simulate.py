"""``il6sim simulate``: the seed's classic and trans conditions in one cell type, as a short table."""

from __future__ import annotations

import json
import sys

from ..errors import InputError


def add_parser(sub, name):
    p = sub.add_parser(name, help="simulate classic (IL-6) vs trans (IL-6 + sIL-6R) in one cell type",
                       description="Classic (IL-6) against trans (IL-6 + sIL-6R) in one cell type, 24 h; "
                                   "doses with --il6 and --sil6r.")
    p.add_argument("--cell", default="huvec", help="cell preset (default huvec)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter (repeatable), e.g. --set IL6R_per_cell=500 or "
                        "--set 'V_medium=2 mL' (units convert to the parameter's unit)")
    p.add_argument("--il6", default="10 ng/mL", metavar="DOSE",
                   help="IL-6 dose of both conditions, e.g. '10 ng/mL' or '500 pM' (default: the seed's 10 ng/mL)")
    p.add_argument("--sil6r", default="25 ng/mL", metavar="DOSE",
                   help="sIL-6R dose of the trans condition (default: the seed's 25 ng/mL)")
    p.add_argument("--json", action="store_true", help="print JSON records")
    return p


def parse_overrides(items: list[str]) -> dict[str, float]:
    """Parse ``NAME=VALUE [UNIT]`` items into model-unit floats; list every problem."""
    from ..errors import UnitError
    from ..model.reference import reference_model
    from ..units import to_model_unit

    pmap = reference_model().parameter_map
    out: dict[str, float] = {}
    problems = []
    for it in items:
        if "=" not in it:
            problems.append(f"--set {it!r}: expected NAME=VALUE")
            continue
        k, v = (x.strip() for x in it.split("=", 1))
        if k not in pmap:
            problems.append(f"--set: unknown parameter '{k}' (see: il6sim presets parameters)")
            continue
        try:
            out[k] = to_model_unit(v, pmap[k].unit, what=f"--set {k}")
        except UnitError as exc:
            msg = str(exc)
            if "not a number followed by a unit" in msg:
                msg = f"--set {k}: value {v!r} is not a number (or a number with a unit)"
            problems.append(msg)
    problems += [f"--set: {m}" for m in reference_model().validate_values(out)]
    if problems:
        raise InputError(problems)
    return out


def seed_conditions(il6: str = "10 ng/mL", sil6r: str = "25 ng/mL") -> dict[str, list]:
    """Classic (IL-6) and trans (IL-6 + sIL-6R) at the given doses (default: the seed's 10 and 25 ng/mL)."""
    from ..engine.simulator import Event
    from ..errors import Problem
    from ..model.agents import find_agent
    from ..units import to_nM

    problems = []

    def add(agent, dose, option):
        a = find_agent(agent)
        try:
            nM = to_nM(dose, a.mw_g_per_mol, what=option)
        except InputError as exc:
            problems.extend(Problem("", p.message if p.message.startswith(option) else f"{option}: {p.message}")
                            for p in exc.problems)
            return None
        if not nM > 0:
            problems.append(Problem("", f"{option}: the dose must be > 0 (got {dose!r})"))
            return None
        return Event(0.0, "add", a.species, nM)

    il6_ev, sr_ev = add("IL-6", il6, "--il6"), add("sIL-6R", sil6r, "--sil6r")
    if problems:
        raise InputError(problems)
    return {
        f"classic (IL-6 {il6})": [il6_ev],
        f"trans (IL-6 {il6} + sIL-6R {sil6r})": [il6_ev, sr_ev],
    }


def run(args) -> int:
    import numpy as np

    from ..engine.simulator import default_simulator
    from ..model.presets import CellSpec
    from ..readouts.metrics import time_course_metrics

    cell = CellSpec.parse(args.cell, where="--cell")
    if cell.cell_free:
        raise InputError(f"--cell {args.cell}: the cell-free medium has no receptors and no STAT3, so there is "
                         "no signalling to simulate; pick a cell (see `il6sim presets cells`), or read medium "
                         "observables (free_IL6, sIL6R, IL6_sIL6R) with `il6sim run` and a protocol with cell: none")
    conditions = seed_conditions(args.il6, args.sil6r)
    params = cell.resolve()
    params.update(parse_overrides(args.set))
    sim = default_simulator()
    t = np.linspace(0, 1440, 1441)
    rows = []
    for label, events in conditions.items():
        tr = sim.simulate(params, events, t, cell_free=cell.cell_free, context=label)
        p = tr.observable("pSTAT3")
        m = time_course_metrics(t, p)
        i30, i240 = 30, 240
        rows.append({
            "condition": label, "cell": cell.label,
            "pSTAT3_30min": float(p[i30]), "pSTAT3_peak": m.peak, "pSTAT3_time_to_peak_min": m.time_to_peak,
            "pSTAT3_kind": m.kind, "pAkt_peak": float(tr.observable("pAkt").max()),
            "pERK_peak": float(tr.observable("pERK").max()),
            "SOCS3_mRNA_fold_4h": float(tr.observable("SOCS3_mRNA")[i240] / tr.observable("SOCS3_mRNA")[0]),
            "CCL2_mRNA_fold_4h": float(tr.observable("CCL2_mRNA")[i240] / tr.observable("CCL2_mRNA")[0]),
        })
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        print()
        return 0
    hdr = f"{'condition':<36}{'pSTAT3 30 min':>14}{'peak':>7}{'t_peak':>8}  {'kind':<10}{'pAkt':>6}{'pERK':>6}{'SOCS3 4h':>10}{'CCL2 4h':>9}"
    print(f"cell: {cell.label}   (pSTAT3, pAkt, pERK: fraction phosphorylated; mRNA: fold vs untreated)")
    print(hdr)
    for r in rows:
        print(f"{r['condition']:<36}{r['pSTAT3_30min']:>14.3f}{r['pSTAT3_peak']:>7.3f}{r['pSTAT3_time_to_peak_min']:>7.0f}m"
              f"  {r['pSTAT3_kind']:<10}{r['pAkt_peak']:>6.2f}{r['pERK_peak']:>6.2f}{r['SOCS3_mRNA_fold_4h']:>9.1f}x{r['CCL2_mRNA_fold_4h']:>8.1f}x")
    return 0
