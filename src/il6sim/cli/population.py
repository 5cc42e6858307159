"""``il6sim population SPEC.yaml``: a virtual cell population; single-cell response distributions."""

from __future__ import annotations

from .sweep import (add_execution_args, check_workers, execution_kwargs, how_run, in_option_words, out_dir,
                    warn_if_large)


def add_parser(sub, name):
    p = sub.add_parser(name, help="virtual cell population: distributions of single-cell responses",
                       description="Draw per-cell copy numbers log-normally (CVs from the spec) around the "
                                   "protocol's cell, simulate every cell, and report the distribution of one "
                                   "readout and the fraction of responding cells (summary.csv, cells.parquet, "
                                   "population.png).")
    add_execution_args(p, "SPEC_population/")
    p.add_argument("--no-plot", "--no-figures", dest="no_plot", action="store_true",
                   help="no histogram (--no-figures as for `il6sim run`)")
    return p


def run(args) -> int:
    from ..sweeps.population import GATE_FOLD, GATE_QUANTILE, load_population_spec, run_population

    out = out_dir(args, "population")
    kwargs = execution_kwargs(args)
    spec = load_population_spec(args.spec)
    check_workers(args, spec.sweep.execution)
    warn_if_large(spec.sweep.design.size, args.spec, "population.n")
    with in_option_words():
        res = run_population(spec, out, plot=not args.no_plot, **kwargs)
    if res.sweep.chunks_skipped:  # a rerun into the folder: say what an earlier invocation had already run
        print(f"{res.sweep.n_runs} runs ({how_run(res.sweep)})")
    n = res.sweep.n_runs
    unit = str(res.summary["unit"].iloc[0]) if len(res.summary) else ""  # in words ('fraction of total STAT3')
    # say how the gate was set: 'responding' is a fraction above it
    rule = ("the spec's threshold" if spec.threshold is not None else
            f"auto: {GATE_FOLD:g} x the {100 * GATE_QUANTILE:g}th percentile of the cells' resting {spec.observable}")
    print(f"{spec.observable} at {spec.time_min:g} min ({unit}), {n} cell{'s' if n != 1 else ''}; "
          f"gate {res.threshold:.4g} ({rule}); responding: above the gate")
    # a space before each column: a value in exponent form (1.999e-05) fills its width and ran into the next
    print(f"  {'group':<32} {'median':>9} {'p05':>9} {'p95':>9} {'CV':>6} {'responding':>11}")
    for _, r in res.summary.iterrows():
        print(f"  {r['group']:<32} {r['median']:>9.4g} {r['p05']:>9.4g} {r['p95']:>9.4g} {r['cv']:>6.2f}"
              f" {100 * r['fraction_responding']:>10.1f}%")
    print("-> " + ", ".join(str(f) for f in [out / "summary.csv", out / "cells.parquet", *res.figures]))
    return 0
