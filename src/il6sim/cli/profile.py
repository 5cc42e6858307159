"""``il6sim profile PROBLEM --params a,b``: profile likelihoods, a table and a figure."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .argtypes import STEPS


def add_parser(sub, name):
    from .fit import add_fit_args, add_overwrite_arg

    p = sub.add_parser(name, help="profile likelihoods of estimated parameters (what the data determine)",
                       description="Profile likelihoods around the best fit. Give the fit with --fit "
                                   "(a best_parameters.json written by 'il6sim fit' or 'il6sim calibrate'); "
                                   "otherwise a fit is run first. Writes profiles.csv, profiles.png and "
                                   "intervals.csv.")
    p.add_argument("problem", help="'hepg2', a PEtab problem.yaml, or an il6sim fit YAML")
    p.add_argument("--params", default=None, metavar="NAMES",
                   help="comma-separated estimated parameters, e.g. K_SOCS3,k_exp (default: all estimated)")
    p.add_argument("--fit", default=None, metavar="JSON", help="best_parameters.json of an earlier fit")
    p.add_argument("--steps", type=STEPS, default=10, metavar="N",
                   help="maximum steps each way from the best fit, up and down (default 10)")
    p.add_argument("-o", "--out", default=None, metavar="DIR", help="output directory (default: <problem>_profile)")
    add_overwrite_arg(p, "profile")
    add_fit_args(p)
    return p


def _profiled(params: str | None, estimated: list[str]) -> list[str] | None:
    """The parameters named by ``--params`` (None: all estimated); unknown or no names are refused."""
    from ..errors import InputError, Problem
    from ..validate import comma_items, did_you_mean, refuse_repeats

    if params is None:
        return None
    problems: list[Problem] = []
    names = comma_items(params, "--params", problems)  # an empty item ('a,,b') is refused, not skipped
    if not names:
        raise InputError(f"no parameter names in {params!r}; give comma-separated names such as "
                         f"{','.join(estimated[:2])}, or leave the option out to profile all", "--params")
    for n in names:
        if n not in estimated:
            problems.append(Problem("--params", f"'{n}' is not an estimated parameter{did_you_mean(n, estimated)} "
                                                f"(estimated: {', '.join(estimated)})"))
    refuse_repeats(names, "--params", "parameter", problems)
    if problems:
        raise InputError(problems)
    return names


def run(args) -> int:
    import pandas as pd

    from ..errors import InputError
    from ..fitting.fit import fit
    from ..fitting.objective import Objective
    from ..fitting.plots import plot_profiles
    from ..fitting.profile import profiles
    from ..io.outputs import check_out_dir
    from ..progress import progress_mode
    from .fit import fit_option, fit_options, given_fit_options, load_problem_arg, unit_suffix

    progress = progress_mode(args.no_progress)  # a bar on a terminal, a line every 5 % in logs and pipes

    if args.fit and (given := given_fit_options(args, ("starts", "seed", "max_iter"))):  # no fit is run
        raise InputError(f"--fit gives the fit, so none is run; leave {'it' if len(given) == 1 else 'them'} out, or "
                         "leave out --fit to fit first", ", ".join(given))
    from ..io.outputs import refuse_non_empty

    if args.out:
        refuse_non_empty(check_out_dir(args.out, "--out"), args.overwrite, "profile's files")
    problem = load_problem_arg(args.problem)
    out = check_out_dir(Path(args.out) if args.out else Path(f"{problem.name}_profile"), "--out")
    refuse_non_empty(out, args.overwrite, "profile's files")  # before any fit or profile
    names = _profiled(args.params, problem.parameter_names)  # checked before any fitting
    obj = Objective(problem)
    if args.fit:
        from ..io.files import read_text
        from ..validate import number

        path = Path(args.fit)
        if not os.path.lexists(path):  # it said "best_parameters.json not found" whatever the name given
            raise InputError("file not found (give the best_parameters.json that `il6sim fit` or `il6sim calibrate` "
                             "wrote, e.g. hepg2_fit/best_parameters.json; or leave out --fit to fit first)",
                             f"--fit {path}")
        text = read_text(path, f"--fit {path}", what="fit file")
        expected = ("expected the best_parameters.json that `il6sim fit` wrote for this problem, "
                    "{\"parameters\": {NAME: {\"value\": ...}, ...}}")
        try:
            doc = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            raise InputError(f"not JSON; {expected}", f"--fit {path}") from None
        pars = doc.get("parameters") if isinstance(doc, dict) else None
        if not isinstance(pars, dict):
            raise InputError(f"no 'parameters' mapping; {expected}", f"--fit {path}")
        values = {n: number(pars[n].get("value")) if isinstance(pars.get(n), dict) else None
                  for n in problem.parameter_names}
        missing = [n for n, v in values.items() if v is None]
        held = doc.get("fixed") if isinstance(doc.get("fixed"), dict) else {}
        held = {n: number(held[n]) for n in missing if n in held and number(held[n]) is not None}
        if held:  # the fit is of a problem that held these fixed: profiling from it would start at no optimum
            shown = ", ".join(f"{n} (at {v:.4g}{unit_suffix(n)})" for n, v in list(held.items())[:5])
            raise InputError(f"the fit held {shown}" + (f" and {len(held) - 5} more" if len(held) > 5 else "")
                             + f" fixed, which {args.problem} estimates: the fit is of another problem; profile "
                             "the problem it was fitted on (the same fit YAML or PEtab problem), or leave out --fit "
                             "to fit this problem first", f"--fit {path}")
        if missing:
            raise InputError(f"no finite numeric value for {', '.join(missing[:5])}"
                             + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
                             + f"; {expected}", f"--fit {path}")
        outside = [f"{p.name} {values[p.name]:.4g} (bounds {p.lower:g} to {p.upper:g})" for p in problem.parameters
                   if not p.lower * (1 - 1e-9) <= values[p.name] <= p.upper * (1 + 1e-9)]
        if outside:  # the profile started from the nearest point inside instead, a point of no fit
            raise InputError(f"{'; '.join(outside[:3])}" + (f" and {len(outside) - 3} more" if len(outside) > 3
                                                           else "")
                             + f" outside the bounds of {args.problem}: the fit is of other bounds or another "
                             "problem; fit this problem first (leave out --fit), or give the bounds the fit had",
                             f"--fit {path}")
        x = problem.to_scaled(values)
    else:
        x = fit(problem, fit_options(args), progress=progress).x
    prof = profiles(obj, x, names, workers=fit_option(args, "workers"), progress=progress, max_steps=args.steps)
    from ..io.staging import staged_dir
    from ..io.tables import write_csv

    rows = []
    for n, p in prof.items():
        lo, hi = p.interval()
        conv = (lambda v: 10 ** v) if p.scale == "log10" else (lambda v: v)
        rows.append({"parameter": n, "best": conv(p.x_best), "ci95_low": conv(lo) if lo is not None else None,
                     "ci95_high": conv(hi) if hi is not None else None,
                     "unit": unit_suffix(n).strip(),  # of best and the interval, which are in linear units
                     "verdict": p.identifiable})
    with staged_dir(out) as stage:  # the files appear together, or not at all
        frames = [p.frame().assign(unit=unit_suffix(n).strip()) for n, p in prof.items()]  # the unit of 'value'
        write_csv(pd.concat(frames), stage / "profiles.csv")
        write_csv(pd.DataFrame(rows), stage / "intervals.csv")
        plot_profiles(prof, stage / "profiles.png", title=f"{problem.name}: profile likelihoods")
    for r in rows:
        lo = f"{r['ci95_low']:.3g}" if r["ci95_low"] is not None else "-"
        hi = f"{r['ci95_high']:.3g}" if r["ci95_high"] is not None else "-"
        unit = unit_suffix(r["parameter"])
        print(f"  {r['parameter']:<16} {r['best']:.4g}{unit}  95% CI [{lo}, {hi}]{unit}  {r['verdict']}")
    print(f"-> {out}")
    return 0
