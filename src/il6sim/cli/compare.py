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

from . import parameter_options
from .argtypes import any_whole_number


def _description(doc: str | None) -> str | None:
    """The module docstring after ``il6sim compare:``, as --help's first sentence (capitalised)."""
    text = (doc or "").replace("``", "").partition(": ")[2]
    return text[:1].upper() + text[1:] if text else None


def add_parser(sub, name):
    from ..compare.comparison import DEFAULT_CELLS

    p = sub.add_parser(name, help="the seed's classic vs trans comparison table, simulated and audited",
                       # plain text in --help, without the module's ``il6sim compare``; no docstrings under -OO
                       # and, as every command's description, starting with a capital
                       description=_description(__doc__))
    p.add_argument("--cells", default=",".join(DEFAULT_CELLS),
                   help=f"comma-separated cell presets (default {','.join(DEFAULT_CELLS)})")
    p.add_argument("-o", "--out", metavar="DIR", help="write report.html, comparison.csv and figures into DIR")
    p.add_argument("--json", action="store_true", help="print the rows as JSON records")
    p.add_argument("--map-grid", default=None, metavar="NxM",
                   help="IL-6R x gp130 grid of the receptor map in the report: N IL-6R values (0 plus N-1 "
                        "log-spaced 10-10000 per cell) x M gp130 values (log-spaced 1000-30000); default 15x10; "
                        "0 = no map")
    parameter_options.add_options(p, "every cell of the table")
    p.add_argument("--uncertainty", action="store_true",
                   help="compute the table with the 'calibrated' parameter set (or --parameters NAME; not the "
                        "default values) and run it once per member of its ensemble: for each row, how often its "
                        "verdict and 'agrees' hold across the members (about 1 s per member; 100 members); --set "
                        "values apply on top of every member")
    p.add_argument("--ensemble-size", type=any_whole_number, default=None, metavar="N",
                   help="with --uncertainty: use the first N ensemble members (2 to 100; default all)")
    p.add_argument("--no-progress", action="store_true",
                   help="with --uncertainty: no progress (default: a bar on a terminal, a line every 10 %% of the "
                        "ensemble's members otherwise; refused without --uncertainty)")
    return p


def _parse_grid(text: str | None):
    """``--map-grid NxM`` -> (IL-6R values, gp130 values); None for ``0``."""
    from ..compare.receptor_map import DEFAULT_GP130, DEFAULT_IL6R, grid_values
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
        raise InputError(f"--map-grid: expected NxM with N >= 2 and M >= 1, e.g. 15x10 (got {text!r})") from None
    if n * m > 2500:
        raise InputError(f"--map-grid: at most 2500 grid points (got {n}x{m} = {n * m})")
    return grid_values(n, m)


def _fmt(x) -> str:
    """A table number: 3 significant digits, an exponent only below 0.001 or from a million.

    >>> [_fmt(v) for v in (-0.00997, -0.0128, 0.00042, 1234.5, 2.5e7, None)]
    ['-0.00997', '-0.0128', '4.2e-04', '1234', '2.5e+07', '-']
    """
    if x is None:
        return "-"
    if isinstance(x, float):
        if not math.isfinite(x):
            return "n/a"
        if abs(x) < 1e-9:
            return "0"
        if x != 0 and (abs(x) < 0.001 or abs(x) >= 1e6):
            return f"{x:.1e}"
        return f"{x:.0f}" if abs(x) >= 100 else f"{x:.3g}"
    return str(x)


#: text table: column widths (cell, metric, numbers, verdicts); the model verdict takes the rest
_COLS = (("cell", 18), ("metric", 36), ("classic", 9), ("trans", 9), ("agrees", 9), ("vs lit.", 9))
_INDENT = 4
_MIN_VERDICT = 36


def _width() -> int:
    """Terminal width (80-200; 150 when not on a terminal)."""
    import shutil

    return max(80, min(200, shutil.get_terminal_size((150, 24)).columns))


def format_table(comparison, width: int | None = None, robustness=None, parameters_note: str | None = None) -> str:
    """The table as fixed-width text, grouped by claim, no line longer than ``width``.

    Long cell names, metrics and verdicts wrap inside their columns. Where the model verdict would get
    fewer than 36 characters beside the other columns, it goes on the lines under its row instead.
    ``robustness`` (an :class:`~il6sim.compare.robustness.EnsembleComparison` of ``comparison``) adds a
    header line naming the parameter set and, under each row, how often its verdict holds across the
    ensemble. ``parameters_note`` (a sentence) heads a table computed with values other than the defaults.
    """
    from itertools import zip_longest

    from ..compare.claims import CLAIMS
    from ..compare.verdicts import thresholds

    width = _width() if width is None else max(60, int(width))
    pad = " " * _INDENT
    fixed = _INDENT + sum(w for _, w in _COLS) + 2
    beside = width - fixed >= _MIN_VERDICT
    if not beside:
        # narrow: the model verdict goes under its row; the metric column takes what is left
        cols = (("cell", 18), ("metric", max(14, width - _INDENT - 18 - 18 - 2 - 18)), ("classic", 9),
                ("trans", 9), ("agrees", 9), ("vs lit.", 9))
    else:
        cols = _COLS

    def wrap(text: str, w: int) -> list[str]:
        return textwrap.wrap(str(text), width=w, break_on_hyphens=False) or [""]

    def fmt_cells(parts) -> str:
        line = pad
        for k, (part, (_, w)) in enumerate(zip(parts, cols)):
            line += f"{part:>{w}}" if k in (2, 3) else f"{part:<{w}}"
            if k == 3:
                line += "  "
        return line.rstrip()

    def cells_line(values: list[str]) -> list[str]:
        wrapped = [[v] if k in (2, 3) else wrap(v, w - 2 if k < 2 else w - 1)
                   for k, (v, (_, w)) in enumerate(zip(values, cols))]
        return [fmt_cells(parts) for parts in zip_longest(*wrapped, fillvalue="")]

    def para(label: str, text: str) -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent=f"{pad}{label + ':':<12}",
                             subsequent_indent=" " * (_INDENT + 12), break_on_hyphens=False)

    lines = []
    across = {}
    if parameters_note:
        lines += textwrap.wrap(f"PARAMETERS: {parameters_note}", width=width, break_on_hyphens=False)
        lines.append("")
    if robustness is not None:
        lines += textwrap.wrap(f"ENSEMBLE: {robustness.header()}", width=width, break_on_hyphens=False)
        lines.append("")
        across = {id(r): rb for r, rb in zip(robustness.comparison.rows, robustness.rows)}
    by: dict = {}
    for r in comparison.rows:
        by.setdefault(r.claim, []).append(r)
    for cid, rows in by.items():
        c = CLAIMS[cid]
        lines.append(f"{cid}  {c.row.upper()}")
        lines += para("seed", f"{c.seed_text} ({c.seed_system})")
        lines += para("literature", f"{c.literature_verdict} [{c.sources}; grade {c.grade}]")
        header = fmt_cells([n for n, _ in cols]).ljust(fixed)
        lines.append((header + ("model verdict" if beside else "")).rstrip())
        for r in rows:
            metric = f"{r.metric} [{r.unit}]" if getattr(r, "unit", "") else r.metric  # the numbers' unit
            row_lines = cells_line([r.cell, metric, _fmt(r.classic), _fmt(r.trans), r.agrees,
                                    r.model_vs_literature])
            if beside:
                verdict = wrap(r.model_verdict, width - fixed)
                for k, (left, v) in enumerate(zip_longest(row_lines, verdict, fillvalue="")):
                    lines.append(((left or pad).ljust(fixed) + v).rstrip())
            else:
                lines += row_lines
                lines += textwrap.wrap(r.model_verdict, width=width, initial_indent=pad + "  verdict: ",
                                       subsequent_indent=pad + " " * 11, break_on_hyphens=False)
            if id(r) in across:
                lines += textwrap.wrap(across[id(r)].note(robustness.members_failed), width=width,
                                       initial_indent=pad + "  ensemble: ", subsequent_indent=pad + " " * 12,
                                       break_on_hyphens=False)
        lines.append("")
    lines.append("CLASSIFICATION RULES")
    for name, rule in thresholds():
        lines += textwrap.wrap(rule, width=width, initial_indent=f"{pad}{name:<24}",
                               subsequent_indent=" " * (_INDENT + 24), break_on_hyphens=False)
    lines += textwrap.wrap("agrees = model reproduces the seed's claim; vs lit. = model matches the primary "
                           "literature (the sources in brackets after each claim's literature line, as in report.html); "
                           "n/a = claim is about other cells, or no literature verdict to compare with; grade of the "
                           "literature: A, stated in a primary paper on a relevant human system; B, primary but "
                           "indirect (other species, or qualitative); C, secondary or computed; -, not graded",
                           width=width)
    return "\n".join(lines)


def _progress(total: int, enabled: bool):
    """A progress callback for the ensemble: a bar on a terminal, a line every 10 % in logs and pipes."""
    if not enabled:
        return None, lambda: None
    if sys.stderr.isatty():
        from tqdm.auto import tqdm

        bar = tqdm(total=total, unit="member", desc="ensemble", dynamic_ncols=True, leave=False)
    else:
        from ..sweeps.execution import LineProgress

        bar = LineProgress(total, desc="ensemble members", step=10.0)
    return (lambda done, n: bar.update(1)), bar.close


def run(args) -> int:
    from ..compare.comparison import parse_cells, run_comparison
    from ..errors import InputError, Problem
    from ..io.outputs import check_out_dir

    problems, n_members = [], None
    set_name = args.parameters or "calibrated"
    named, overrides = parameter_options.parse(args, problems)
    if args.ensemble_size is not None and not args.uncertainty:
        problems.append(Problem("--ensemble-size", f"needs --uncertainty (got --ensemble-size {args.ensemble_size} "
                                                   "without it)"))
    if args.no_progress and not args.uncertainty:  # only the ensemble's members show progress
        problems.append(Problem("--no-progress", "needs --uncertainty (only the ensemble run shows progress; "
                                                 "without it there is none to hide); leave --no-progress out"))
    set_known = not any(p.where == "--parameters" for p in problems)  # else the set's error is already there
    if (args.uncertainty or args.ensemble_size is not None) and set_known:
        from ..fitting.ensemble import check_ensemble_size

        try:
            n_members = check_ensemble_size(args.ensemble_size, set_name, where="--ensemble-size")
        except InputError as exc:
            problems += [p for p in exc.problems if p not in problems]
    if problems:
        raise InputError(problems)
    if args.out:
        check_out_dir(args.out, "--out", kind="comparison")
    grid = _parse_grid(args.map_grid)  # checked with or without --out
    cells = parse_cells(args.cells, where="--cells")
    command = f"il6sim compare --cells {args.cells}" + (f" --out {args.out}" if args.out else "") + \
        (" --json" if args.json else "") + (f" --map-grid {args.map_grid}" if args.map_grid else "") + \
        parameter_options.command_tail(args) + \
        (" --uncertainty" if args.uncertainty else "") + \
        (f" --ensemble-size {args.ensemble_size}" if args.ensemble_size is not None else "")
    robust, parameters = None, None
    if args.uncertainty:
        from ..compare.robustness import verdict_frequencies
        from ..fitting.ensemble import parameter_set

        parameters = {**parameter_set(set_name), **overrides}
        tick, close = _progress(n_members, not args.no_progress)
        try:
            robust = verdict_frequencies(cells, name=set_name, n=n_members, parameters=overrides or None,
                                         command=command, progress=tick)
        finally:
            close()
        res = robust.comparison
    else:
        if args.parameters is not None or overrides:
            parameters = {**named, **overrides}
        res = run_comparison(cells, command=command, parameters=parameters)
    if args.uncertainty or args.parameters is not None:
        parameter_options.print_caveat(set_name)
    if args.json:
        records = robust.records() if robust is not None else res.records()
        json.dump([_clean(r) for r in records], sys.stdout, indent=2)
        print()
        values = parameter_options.describe(args.parameters, overrides)
        if values is not None:  # the records keep one shape; what they were computed with goes to stderr
            print(f"# computed with {values}, not the model's default values", file=sys.stderr)
    else:
        print(format_table(res, robustness=robust, parameters_note=_parameters_note(args, overrides, robust)))
    if args.out:
        from pathlib import Path

        from ..compare.receptor_map import receptor_map
        from ..io.staging import left_from_earlier, note_left_from_earlier, staged_dir
        from ..report.html import write_comparison_report

        rmap = receptor_map(*grid, parameters=parameters) if grid is not None else None
        with staged_dir(args.out) as stage:
            path = Path(args.out) / write_comparison_report(res, stage, rmap=rmap, robustness=robust).relative_to(stage)
            stale = left_from_earlier(args.out, [p.relative_to(stage) for p in stage.rglob("*") if p.is_file()],
                                      OUT_FILES, folders=["figures"])
        # an earlier receptor map (now --map-grid 0), figures of cells not in --cells
        note_left_from_earlier(args.out, stale, sys.stderr)
        if not args.json:
            print()
        print(f"report: {path}", file=sys.stderr if args.json else sys.stdout)
    return 0


#: what --out writes besides figures/ (receptor_map.csv without --map-grid 0)
OUT_FILES = ("report.html", "comparison.csv", "pharmacology.csv", "receptor_map.csv", "provenance.json")


def _parameters_note(args, overrides: dict, robust) -> str | None:
    """The header line of a table computed with values other than the model's defaults (without an ensemble:
    with one, the ensemble header says it)."""
    values = parameter_options.describe(args.parameters, overrides)
    if robust is not None or values is None:
        return None
    return (f"this table is computed with {values} on top of every cell preset (and the reference systems and "
            "dose-responses), not with the model's default values.")


def _clean(rec: dict) -> dict:
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in rec.items()}
