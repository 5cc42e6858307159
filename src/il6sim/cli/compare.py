"""``il6sim compare``: the seed's classic-vs-trans table, computed from simulation and audited.

Prints the table (fixed-width text, or ``--json`` records). With ``--out DIR``
also writes ``report.html`` (self-contained), ``comparison.csv``, the other
tables and the figures, and prints the report's path last.
"""

from __future__ import annotations

import json
import math
import sys
import textwrap


def add_parser(sub, name):
    from ..compare.comparison import DEFAULT_CELLS

    p = sub.add_parser(name, help="the seed's classic vs trans comparison table, simulated and audited",
                       description=__doc__)
    p.add_argument("--cells", default=",".join(DEFAULT_CELLS),
                   help=f"comma-separated cell presets (default {','.join(DEFAULT_CELLS)})")
    p.add_argument("--out", metavar="DIR", help="write report.html, comparison.csv and figures into DIR")
    p.add_argument("--json", action="store_true", help="print the rows as JSON records")
    p.add_argument("--map-grid", default=None, metavar="NxM",
                   help="IL-6R x gp130 grid of the receptor map in the report (default 9x4; 0 = no map)")
    return p


def _parse_grid(text: str | None):
    from ..compare.receptor_map import DEFAULT_GP130, DEFAULT_IL6R
    from ..errors import InputError

    if text is None:
        return DEFAULT_IL6R, DEFAULT_GP130
    if text.strip() == "0":
        return None
    try:
        n, m = (int(x) for x in text.lower().split("x"))
        if n < 2 or m < 1:
            raise ValueError
    except ValueError:
        raise InputError(f"--map-grid: expected NxM with N >= 2 and M >= 1, e.g. 9x4 (got {text!r})") from None
    import numpy as np

    il6r = (0.0, *(float(round(x)) for x in np.logspace(np.log10(30), np.log10(5000), n - 1)))
    gp = tuple(float(round(x, -1)) for x in np.logspace(3, np.log10(20000), m)) if m > 1 else (8000.0,)
    return il6r, gp


def _fmt(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        if not math.isfinite(x):
            return "n/a"
        if abs(x) < 1e-9:
            return "0"
        if x != 0 and (abs(x) < 0.01 or abs(x) >= 1e6):
            return f"{x:.1e}"
        return f"{x:.0f}" if abs(x) >= 100 else f"{x:.3g}"
    return str(x)


def format_table(comparison, width: int = 150) -> str:
    """The table as fixed-width text, grouped by claim."""
    from ..compare.claims import CLAIMS
    from ..compare.verdicts import thresholds

    lines = []
    by = {}
    for r in comparison.rows:
        by.setdefault(r.claim, []).append(r)
    for cid, rows in by.items():
        c = CLAIMS[cid]
        lines.append(f"{cid}  {c.row.upper()}")
        for lab, txt in (("seed", f"{c.seed_text} ({c.seed_system})"),
                         ("literature", f"{c.literature_verdict} [{c.evidence}; grade {c.grade}]")):
            lines += textwrap.wrap(txt, width=width - 16, initial_indent=f"    {lab + ':':<12}",
                                   subsequent_indent=" " * 16)
        lines.append(f"    {'cell':<18}{'metric':<44}{'classic':>9}{'trans':>9}  {'agrees':<13}{'vs lit.':<13}"
                     "model verdict")
        for r in rows:
            head = f"    {r.cell[:18]:<18}{r.metric[:43]:<44}{_fmt(r.classic):>9}{_fmt(r.trans):>9}  " \
                   f"{r.agrees:<13}{r.model_vs_literature:<13}"
            verdict = textwrap.wrap(r.model_verdict, width=max(40, width - len(head))) or [""]
            lines.append(head + verdict[0])
            lines += [" " * len(head) + v for v in verdict[1:]]
        lines.append("")
    lines.append("CLASSIFICATION RULES")
    for name, rule in thresholds():
        lines += textwrap.wrap(rule, width=width - 28, initial_indent=f"    {name:<24}", subsequent_indent=" " * 28)
    lines.append("agrees = model reproduces the seed's claim; vs lit. = model matches the primary literature "
                 "(EVIDENCE.md); n/a = claim is about other cells")
    return "\n".join(lines)


def _start_map(grid, workers_ok: bool):
    """Start the receptor map in another process when there are >= 2 CPUs; return a callable giving the map."""
    import os

    from ..compare.receptor_map import receptor_map

    il6r, gp = grid
    if workers_ok and (os.cpu_count() or 1) >= 2:
        try:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            ex = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"))
            fut = ex.submit(receptor_map, il6r, gp)

            def get():
                try:
                    return fut.result()
                finally:
                    ex.shutdown()
            return get
        except (OSError, RuntimeError):  # pragma: no cover - no process support
            pass
    return lambda: receptor_map(il6r, gp)


def run(args) -> int:
    from ..compare.comparison import parse_cells, run_comparison

    cells = parse_cells(args.cells, where="--cells")
    grid = _parse_grid(args.map_grid) if args.out else None
    get_map = _start_map(grid, True) if grid is not None else None
    command = f"il6sim compare --cells {args.cells}" + (f" --out {args.out}" if args.out else "") + \
        (" --json" if args.json else "") + (f" --map-grid {args.map_grid}" if args.map_grid else "")
    res = run_comparison(cells, command=command)
    if args.json:
        json.dump([_clean(r) for r in res.records()], sys.stdout, indent=2)
        print()
    else:
        print(format_table(res))
    if args.out:
        from ..report.html import write_comparison_report

        path = write_comparison_report(res, args.out, rmap=get_map)
        if not args.json:
            print()
        print(f"report: {path}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _clean(rec: dict) -> dict:
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in rec.items()}
