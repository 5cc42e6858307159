"""``il6sim sensitivity SPEC.yaml``: Sobol indices or Morris screening of sweep readouts (SALib)."""

from __future__ import annotations

import sys

from .argtypes import SEED, whole_number
from .sweep import (add_execution_args, check_workers, execution_kwargs, how_run, in_option_words, out_dir,
                    warn_if_large)


def add_parser(sub, name):
    p = sub.add_parser(name, help="global sensitivity (Sobol indices, Morris) of any readout or ratio",
                       description="Sample the spec's parameters with SALib, run the sample as a sweep, and rank "
                                   "the parameters for each output (e.g. 'classic:pSTAT3:auc / trans:pSTAT3:auc'). "
                                   "Writes indices.csv and a ranked bar plot per output.")
    add_execution_args(p, "SPEC_sensitivity/")
    p.add_argument("--method", choices=["sobol", "morris"], default=None,
                   help="override sensitivity.method; without --n, a method other than the spec's runs its own "
                        "default n (the spec's n counts the other method's samples)")
    p.add_argument("--n", type=whole_number(2, 100_000), default=None,
                   help="override sensitivity.n: Sobol base samples (runs = n (d + 2) for d parameters, n (2d + 2) "
                        "with second_order) or Morris trajectories (runs = n (d + 1)). Default: the spec's n, "
                        "or when --method changes the method, that method's default (sobol 256, morris 20)")
    p.add_argument("--seed", type=SEED, default=None, help="override sensitivity.seed")
    p.add_argument("--output", action="append", default=None, metavar="SELECTOR",
                   help="override sensitivity.outputs (repeatable), e.g. 'trans:pSTAT3:auc'")
    p.add_argument("--no-plot", "--no-figures", dest="no_plot", action="store_true",
                   help="no bar plots (--no-figures as for `il6sim run`)")
    return p


def _spec_keys(spec) -> set:
    """The keys written under the spec's ``sensitivity:`` mapping."""
    from collections.abc import Mapping

    sa = spec.sweep.raw.get("sensitivity") if isinstance(spec.sweep.raw, Mapping) else None
    return set(sa) if isinstance(sa, Mapping) else set()


#: what ``n`` counts for each method
_UNIT = {"sobol": "base samples", "morris": "trajectories"}


def run(args) -> int:
    import pandas as pd

    from ..errors import InputError
    from ..sweeps.readouts import check_selector
    from ..sweeps.sensitivity import DEFAULT_N, load_sensitivity_spec, run_count, run_sensitivity
    from ..sweeps.summary import response_unit

    out = out_dir(args, "sensitivity")
    kwargs = execution_kwargs(args)
    spec = load_sensitivity_spec(args.spec)
    check_workers(args, spec.sweep.execution)
    if args.n is not None and args.n < 2:
        raise InputError(f"must be >= 2 (got {args.n})", "--n")
    n, note = args.n, None
    if n is None and args.method is not None and args.method != spec.method:
        # the spec's n counts the other method's samples (Sobol base samples, Morris trajectories)
        n = DEFAULT_N[args.method]
        note = (f"--method {args.method}: n = {n} {_UNIT[args.method]} ({args.method}'s default), not the spec's "
                f"n = {spec.n} ({_UNIT[spec.method]} of {spec.method}); give --n to choose")
    if args.method is not None and args.method != spec.method:
        unused = "second_order" if spec.second_order else ("levels" if "levels" in _spec_keys(spec) else None)
        if unused:
            note = ((note + "; ") if note else "") + f"--method {args.method}: the spec's {unused} is not used"
    spec = spec.replace(method=args.method, n=n, seed=args.seed,
                        outputs=tuple(args.output) if args.output else None)
    sw = spec.sweep
    problems = []
    for o in spec.outputs:
        try:
            check_selector(o, list(sw.protocol.groups), sw.readouts.observables, sw.readouts.times,
                           sw.readouts.metrics, "--output")
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    if note:  # before the runs: the user can stop a run count that was not meant
        print(f"il6sim: note: {note}; {run_count(spec.method, spec.n, len(spec.parameters), spec.second_order)} runs",
              file=sys.stderr)
    warn_if_large(run_count(spec.method, spec.n, len(spec.parameters), spec.second_order), args.spec,
                  "--n" if args.n is not None else "sensitivity.n")
    with in_option_words():
        res = run_sensitivity(spec, out, plot=not args.no_plot, **kwargs)
    if res.sweep.chunks_skipped:  # a rerun into the folder: say what an earlier invocation had already run
        print(f"{res.sweep.n_runs} runs ({how_run(res.sweep)})")
    key = "ST" if spec.method == "sobol" else "mu_star"
    for o, df in res.indices.groupby("output", sort=False):
        # Sobol indices with their 95 % confidence half-widths (as indices.csv): a small n gives wide ones
        # Morris' mu_star with its 95 % confidence half-width too (as indices.csv and the bars): without it two
        # parameters ranked 1 and 2 read as ordered when their intervals overlap
        # Morris' mu_star is not normalised: SALib's elementary effects are the output's change (in the output's
        # own unit, as runs.parquet holds it) divided by the step in the unit hypercube the parameters are
        # sampled in, i.e. per unit of each parameter's probability range (its whole range = 1; a log-uniform
        # range on its log scale; a log-normal's, sampled in its central 1 - 1/levels, rescaled to it by
        # sweeps.sensitivity.analyze); comparable across parameters of one output, not across outputs
        scale = "" if key == "ST" else (f"mu_star in {response_unit(o)} per unit of probability range, "
                                        "not normalised; ")
        print(f"{o}  ({spec.method}, {res.sweep.n_runs} runs; {scale}+/- 95 % confidence half-width"
              + (")" if key == "ST" else " of mu_star)"))
        for _, r in df.iterrows():
            rank = "-" if pd.isna(r["rank"]) else str(int(r["rank"]))  # no rank: its index is NaN
            if key == "ST":
                print(f"  {rank:>2}. {r['parameter']:<28} ST {r['ST']:9.4g} +/- {r['ST_conf']:<9.2g}"
                      f"  S1 {r['S1']:6.3f} +/- {r['S1_conf']:.2g}")
            else:
                print(f"  {rank:>2}. {r['parameter']:<28} {key} {r[key]:9.4g} +/- {r['mu_star_conf']:<9.2g}"
                      f"  sigma {r['sigma']:9.4g}")
    # every file a reader opens next: the indices, the bar plots, the runs
    written = [str(out / "indices.csv")] + ([f"{out / 'indices_s2.csv'} (second order)"]
                                            if res.second_order is not None else [])
    written += [str(f) for f in res.figures] + [str(out / "runs.parquet")]
    print("-> " + ", ".join(written))
    return 0
