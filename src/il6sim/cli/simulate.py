"""``il6sim simulate``: the seed's classic and trans conditions in one cell type, as a short table."""

from __future__ import annotations

import json
import sys

from ..errors import InputError, Problem


def add_parser(sub, name):
    p = sub.add_parser(name, help="simulate classic (IL-6) vs trans (IL-6 + sIL-6R) in one cell type",
                       description="Classic (IL-6) against trans (IL-6 + sIL-6R) in one cell type, 24 h; "
                                   "doses with --il6 and --sil6r. Prints one line per condition (writes no "
                                   "files): pSTAT3 at 30 min, its peak and time of peak, the peaks of pAkt and pERK "
                                   "over the 24 h and the "
                                   "SOCS3 and CCL2 mRNA fold change at 4 h.")
    p.add_argument("--cell", default="huvec", metavar="PRESET",
                   help="cell preset (default huvec; see `il6sim presets cells`)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a parameter (repeatable), e.g. --set IL6R_per_cell=500 or "
                        "--set 'V_medium=2 mL' (units convert to the parameter's unit)")
    p.add_argument("--il6", default=None, metavar="DOSE",
                   help="IL-6 dose of both conditions, e.g. '10 ng/mL' or '500 pM' (default: the seed's 10 ng/mL)")
    p.add_argument("--sil6r", default=None, metavar="DOSE",
                   help="sIL-6R dose of the trans condition, e.g. '50 ng/mL' or '1 nM' (default: the seed's 25 ng/mL)")
    p.add_argument("--json", action="store_true", help="print JSON records")
    return p


def parse_overrides(items: list[str], cell: str | None = None) -> dict[str, float]:
    """Parse ``NAME=VALUE [UNIT]`` items into model-unit floats; list every problem.

    ``cell``: the one cell preset the values apply to, where the command runs one; a ``NAME@PRESET``
    for another preset would change nothing and is refused.
    """
    from ..model.overrides import parse_parameter_values

    problems: list[Problem] = []
    pairs: dict[str, str] = {}
    for it in items:
        if "=" not in it:
            problems.append(Problem("--set", f"{it!r}: expected NAME=VALUE"))
            continue
        k, v = (x.strip() for x in it.split("=", 1))
        if not k:
            problems.append(Problem("--set", f"{it!r}: the parameter name is missing; write NAME=VALUE, e.g. "
                                             "IL6R_per_cell=500 (`il6sim presets parameters` lists the names)"))
            continue
        if "=" in v:
            problems.append(Problem("--set", f"{it!r}: one '=' per value; write NAME=VALUE, e.g. {k}=500, and "
                                             "repeat --set for each parameter"))
            continue
        if k in pairs and pairs[k] != v:  # the last would silently win
            problems.append(Problem("--set", f"{k!r} is given twice ({pairs[k]!r} and {v!r}); give it once"))
            continue
        pairs[k] = v
    out = parse_parameter_values(pairs, "--set", problems, scoped=True)  # applied through run_protocol
    for k in out:
        name, _, preset = k.partition("@")
        if cell is not None and preset and preset != cell:
            problems.append(Problem("--set", f"{k!r} applies to cells of the preset {preset!r} only, and the cell "
                                             f"here is {cell!r}, so it would change nothing; write '{name}=...' "
                                             "or leave it out"))
    if problems:
        raise InputError(problems)
    _note_outside_ranges(out)
    return out


def _note_outside_ranges(values: dict[str, float]) -> None:
    """On stderr, a note for each ``--set`` value outside the parameter's plausible range (it is still used)."""
    import sys

    from ..model.reference import reference_model

    pm = reference_model().parameter_map
    for k, v in values.items():
        p = pm.get(k.partition("@")[0])
        if p is not None and not p.lower <= v <= p.upper:
            print(f"il6sim: note: --set {k} = {v:g} [{p.unit}] lies outside the plausible range of {p.name} "
                  f"({p.lower:g}-{p.upper:g}; il6sim presets parameters); it is used as given", file=sys.stderr)


#: the groups of the seed protocol this command shows, with their row labels
GROUPS = {"classic": "classic (IL-6 10 ng/mL)", "trans": "trans (IL-6 10 + sIL-6R 25 ng/mL)"}


def dose_protocol(cell, il6: str, sil6r: str):
    """Classic (IL-6) and trans (IL-6 + sIL-6R) at the given doses, with row labels; doses checked as options."""
    from ..compare.conditions import SEED_DOSES
    from ..model.agents import find_agent
    from ..protocols import Protocol, Step
    from ..protocols.parse import DOSE_LIMIT_REMEDY, MAX_DOSE_NM
    from ..units import to_nM

    problems: list[Problem] = []
    for option, given in (("--il6", il6), ("--sil6r", sil6r)):
        if given is not None and not str(given).strip():
            problems.append(Problem("", f"{option}: empty; give a dose such as '10 ng/mL' (or leave the option out "
                                        "for the seed's dose)"))
    il6 = il6 or SEED_DOSES["IL-6"][0]
    sil6r = sil6r or SEED_DOSES["sIL-6R"][0]

    def step(agent: str, dose: str, option: str):
        try:
            nM = to_nM(dose, find_agent(agent).mw_g_per_mol, what=option)
        except InputError as exc:  # '10 ng' and '0.5 nm' say what was probably meant, as in a protocol
            from ..protocols.parse import dose_unit_hint

            problems.extend(Problem("", (p.message if p.message.startswith(option) else f"{option}: {p.message}")
                                    + dose_unit_hint(dose)) for p in exc.problems)
            return None
        if not nM > 0:
            problems.append(Problem("", f"{option}: the dose must be > 0 (got {dose!r})"))
            return None
        if nM > MAX_DOSE_NM:
            problems.append(Problem("", f"{option}: {dose!r} is {nM:.3g} nM, above the 10 mM limit; "
                                        f"{DOSE_LIMIT_REMEDY}"))
            return None
        return Step.adding(agent, nM, 0.0, dose_text=dose)

    il6_step, sr_step = step("IL-6", il6, "--il6"), step("sIL-6R", sil6r, "--sil6r")
    if problems:
        raise InputError(problems)
    labels = {"classic": f"classic (IL-6 {il6})", "trans": f"trans (IL-6 {il6} + sIL-6R {sil6r})"}
    protocol = Protocol.build("il6sim simulate", cell, {"untreated": [], "classic": [il6_step],
                                                        "trans": [il6_step, sr_step]},
                              observables=["pSTAT3"], times_min=[30.0])
    return protocol, labels


def run(args) -> int:
    import numpy as np

    from ..compare.conditions import seed_protocol
    from ..model.presets import CellSpec
    from ..protocols import simulate_groups
    from ..readouts.metrics import time_course_metrics

    cell = CellSpec.parse(args.cell, where="--cell")
    if cell.cell_free:
        raise InputError(f"--cell {args.cell}: the cell-free medium has no receptors and no STAT3, so there is "
                         "no signalling to simulate; pick a cell (see `il6sim presets cells`), or read medium "
                         "observables (free_IL6, sIL6R, IL6_sIL6R) with `il6sim run` and a protocol with cell: none")
    overrides = parse_overrides(args.set, cell.preset)
    if args.il6 is None and args.sil6r is None:
        protocol, labels = seed_protocol(cell).with_groups(["untreated", *GROUPS]), GROUPS
    else:
        protocol, labels = dose_protocol(cell, args.il6, args.sil6r)
    t = np.linspace(0, 1440, 1441)
    rows = []
    runs = simulate_groups(protocol, t, parameters=overrides)
    untreated = runs.pop("untreated")  # mRNA folds are against the untreated cell at the same time

    def number(x) -> float | None:
        """``x`` as a float; None (JSON null, 'n/a' in the table) where it is undefined, e.g. the pSTAT3
        fraction of a STAT3 knockout (0 of 0) or the fold of an mRNA whose gene is knocked out."""
        x = float(x)
        return x if np.isfinite(x) else None

    def fold_4h(tr, name: str) -> float | None:
        treated, rest = float(tr.observable(name)[240]), float(untreated.observable(name)[240])
        return number(treated / rest) if rest > 0 else None

    for group, tr in runs.items():
        label = labels[group]
        p = tr.observable("pSTAT3")
        m = time_course_metrics(t, p)
        i30 = 30
        rows.append({
            "condition": label, "cell": cell.label,
            "pSTAT3_30min": number(p[i30]), "pSTAT3_peak": number(m.peak),
            "pSTAT3_time_to_peak_min": None if m.kind == "none" else number(m.time_to_peak),
            "pSTAT3_kind": m.kind, "pAkt_peak": number(tr.observable("pAkt").max()),
            "pERK_peak": number(tr.observable("pERK").max()),
            "SOCS3_mRNA_fold_4h": fold_4h(tr, "SOCS3_mRNA"), "CCL2_mRNA_fold_4h": fold_4h(tr, "CCL2_mRNA"),
        })
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        print()
        return 0
    w = max(36, *(len(r["condition"]) + 2 for r in rows))  # a dose as typed can make a label longer
    hdr = (f"{'condition':<{w}}{'pSTAT3 30 min':>14}{'peak':>7}{'t_peak':>8}  {'kind':<10}{'pAkt peak':>10}"
           f"{'pERK peak':>10}{'SOCS3 4h':>10}{'CCL2 4h':>9}")
    print(f"cell: {cell.label}   (pSTAT3, pAkt, pERK: fraction phosphorylated; mRNA: fold vs untreated)")
    print(hdr)
    def cell_text(x: float | None, fmt: str, suffix: str = "") -> str:
        return "n/a" if x is None else f"{x:{fmt}}{suffix}"  # n/a as `il6sim run` shows an undefined value

    for r in rows:
        tp = r["pSTAT3_time_to_peak_min"]  # no peak time without a response
        tp = ("-" if r["pSTAT3_kind"] == "none" else cell_text(tp, ".0f", " min"))  # 'min' as elsewhere ('14m' read as metres)
        print(f"{r['condition']:<{w}}{cell_text(r['pSTAT3_30min'], '.3f'):>14}{cell_text(r['pSTAT3_peak'], '.3f'):>7}"
              f"{tp:>8}  {r['pSTAT3_kind']:<10}{cell_text(r['pAkt_peak'], '.2f'):>10}"
              f"{cell_text(r['pERK_peak'], '.2f'):>10}{cell_text(r['SOCS3_mRNA_fold_4h'], '.1f', 'x'):>10}"
              f"{cell_text(r['CCL2_mRNA_fold_4h'], '.1f', 'x'):>9}")
    return 0
