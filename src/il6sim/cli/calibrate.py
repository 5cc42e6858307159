"""``il6sim calibrate hepg2 --out DIR``: the reproducible HepG2 calibration (``make calibrate-hepg2``)."""

from __future__ import annotations

import sys

from .argtypes import ITERATIONS, SEED, STARTS, WORKERS, any_whole_number


def add_parser(sub, name):
    p = sub.add_parser(name, help="calibrate on measured data (hepg2, or joint HepG2 + PHH: Zeilfelder et al. 2025)",
                       description="Fit the HepG2 preset to the training part of the Zeilfelder et al. 2025 data, "
                                   "predict the validation part, run the biology checks and write the results "
                                   "(best_parameters.json, hepg2_calibration.json, errors.csv, fits_*.png, "
                                   "waterfall.png, summary.md). `joint`: one kinetic set fitted to HepG2 and "
                                   "primary human hepatocytes with pyPESTO (calibrated_parameters.json with the "
                                   "ensemble and provenance; --install makes it the packaged set 'calibrated'). "
                                   "`sample`: a pyPESTO posterior chain from the joint fit in --out replaces its "
                                   "ensemble (resumable). "
                                   "`profiles`: pyPESTO profile likelihoods of a joint fit in --out's parent. "
                                   "An option that the preset does not use (e.g. --starts with sample) is refused.")
    p.add_argument("preset", choices=["hepg2", "joint", "sample", "profiles"], type=lambda t: t.strip().lower(),
                   help="hepg2: the HepG2 problem alone (scipy); joint: one kinetic set on HepG2 + PHH (pyPESTO); "
                        "sample: posterior chain from the joint fit in --out (resumable); "
                        "profiles: profile likelihoods of the joint fit in --out's parent (resumable)")
    p.add_argument("--samples", type=any_whole_number, default=None, metavar="N",
                   help="sample: chain length (default 100000); joint: also run a chain of N steps after the fit "
                        "(default 0: Laplace approximation; quick: 200)")
    p.add_argument("--parameter", action="append", default=None, metavar="NAME",
                   help="profiles: only this fitted parameter (repeatable; default: all)")
    p.add_argument("-o", "--out", default=None, metavar="DIR",
                   help=f"output directory (default {DEFAULT_OUT['hepg2']}; joint, sample: {DEFAULT_OUT['joint']}; "
                        f"profiles: {DEFAULT_OUT['profiles']})")
    p.add_argument("--quick", action="store_true",
                   help="hepg2, joint: short version, few iterations per start (hepg2: at most 2 starts, the "
                        "packaged HepG2 fit where one matches this model and the literature values; joint: 2 "
                        "starts); sample: a 200-step chain; for tests")
    p.add_argument("--starts", type=STARTS, default=None, metavar="N",
                   help="hepg2, joint: number of starts (default hepg2 20, joint 24; quick: 2, hepg2 at most 2)")
    p.add_argument("--max-iter", type=ITERATIONS, default=None, metavar="N", help="iterations per start (hepg2: default 40, then the best 4 starts up to 150 more; "
                        "joint: residual evaluations per start, default 200; quick: 4 / 5)")
    p.add_argument("--workers", type=WORKERS, default=None, metavar="N",
                   help="hepg2, joint: processes running starts in parallel (default: up to 2)")
    p.add_argument("--seed", type=SEED, default=None,
                   help="hepg2, joint: seed of the start design (default 0); sample: of the chain (default: the fit's)")
    p.add_argument("--install", action="store_true",
                   help="hepg2, joint, sample: also install the result in the package (joint, sample: the "
                        "named set 'calibrated'; hepg2: a starting point for later fits, which no preset reads) "
                        "(maintainers)")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress (default: a bar on a terminal, progress lines otherwise; "
                        "profiles: a line per profile)")
    return p


#: the output folder of each preset without --out (as the Makefile's targets write them)
DEFAULT_OUT = {"hepg2": "calibration-hepg2", "joint": "calibration-joint", "sample": "calibration-joint",
               "profiles": "calibration-joint/profiles"}

#: option -> the presets that use it (given with another preset it would be ignored without a word)
USED_BY = {"samples": ("joint", "sample"), "parameter": ("profiles",), "quick": ("hepg2", "joint", "sample"),
           "starts": ("hepg2", "joint"), "max_iter": ("hepg2", "joint"), "workers": ("hepg2", "joint"),
           "seed": ("hepg2", "joint", "sample"), "install": ("hepg2", "joint", "sample")}


def unused_options(args) -> list:
    """A problem for each option given that ``args.preset`` does not use."""
    from ..errors import Problem

    problems = []
    for name, presets in USED_BY.items():
        value = getattr(args, name, None)
        if value is None or value is False or args.preset in presets:
            continue
        only = " or ".join(presets)
        problems.append(Problem(f"--{name.replace('_', '-')}",
                                f"only for `il6sim calibrate {only}`; `calibrate {args.preset}` does not use it; "
                                "leave it out"))
    return problems


def run(args) -> int:
    from ..errors import InputError
    from ..fitting.calibrate import calibrate_hepg2

    problems = [f"--{n} must be >= 1 (got {v})" for n, v in (("starts", args.starts), ("max-iter", args.max_iter),
                                                             ("workers", args.workers)) if v is not None and v < 1]
    if getattr(args, "samples", None) is not None and args.samples < 0:
        problems.append(f"--samples must be >= 0 (got {args.samples})")
    problems += unused_options(args)
    if problems:
        raise InputError(problems)
    from ..io.outputs import check_out_dir

    args.out = str(check_out_dir(args.out or DEFAULT_OUT[args.preset], "--out"))
    if args.preset == "sample":
        return _run_sample(args)
    args.seed = 0 if args.seed is None else args.seed
    if args.preset == "joint":
        return _run_joint(args)
    if args.preset == "profiles":
        return _run_profiles(args)
    from ..progress import progress_mode

    # a bar on a terminal, a line every 5 % of the starts in logs and pipes
    rep = calibrate_hepg2(args.out, quick=args.quick, n_starts=args.starts, workers=args.workers, seed=args.seed,
                          max_nfev=args.max_iter, progress=progress_mode(args.no_progress),
                          install=args.install)
    for r in rep.summary["errors"]["overall"]:
        print(f"{r['split']:<10} n={r['n']:<4} RMSE log10 {r['rmse_log10']:.3f}   chi2/point {r['chi2_per_point']:.2f}")
    for k, v in rep.checks.items():
        print(f"{'PASS' if v['passed'] else 'FAIL'}  {v['detail']}")
    print(f"{len(rep.result.starts)} starts, best NLL {rep.result.starts[0].nll:.1f}, {rep.seconds:.0f} s -> {rep.out}")
    from .fit import optimiser_line

    print(optimiser_line(rep.result.starts[0], "--max-iter", values="its values are", indent=""))
    return 0


def _run_joint(args) -> int:
    from ..fitting.calibrate_joint import calibrate_joint

    out = args.out or "calibration-joint"
    from ..progress import progress_mode

    # pyPESTO's bar on a terminal, a line every 5 % of the starts in logs and pipes
    s = calibrate_joint(out, quick=args.quick, n_starts=args.starts, workers=args.workers, seed=args.seed,
                        max_nfev=args.max_iter, progress=progress_mode(args.no_progress),
                        install=args.install, n_samples=args.samples)
    for r in s["errors"]["by_cell"]:
        print(f"{r['split']:<9} {r['cell']:<6} n={r['n']:<4} RMSE log10 {r['rmse_log10']:.3f}   "
              f"chi2/point {r['chi2_per_point']:.2f}")
    for v in s["checks"].values():
        print(f"{'PASS' if v['passed'] else 'FAIL'}  {v['detail']}")
    f = s["fit"]
    print(f"{f['n_starts']} starts, {f['n_reached_best']} reached the best value 0.5*chi2 {f['best_fval']:.3f} "
          f"(NLL {f['best_nll']:.2f}; within 1e-3); "
          f"first-order optimality {f['first_order_optimality']:.2e}; {s['provenance']['total_runtime_s']:.0f} s -> {out}")
    return 0


def _run_sample(args) -> int:
    from ..fitting.calibrate_joint import CHAIN_STEPS, sample_joint

    n = args.samples if args.samples is not None else (200 if args.quick else CHAIN_STEPS)
    if n < 1:
        from ..errors import InputError

        raise InputError([f"--samples must be >= 1 for sample (got {n})"])
    s = sample_joint(args.out, n_samples=n, seed=args.seed, install=args.install,
                     progress=(not args.no_progress) and sys.stderr.isatty(),
                     report=None if args.no_progress else (lambda m: print(m, file=sys.stderr, flush=True)))
    e = s["ensemble"]
    print(f"chain of {e['n_samples']} steps: burn-in {e['burn_in']}, effective sample size "
          f"{e['effective_sample_size']:.0f}, acceptance {e['acceptance_rate']:.2f}; {e['n']} members; "
          f"{e['seconds']:.0f} s -> {args.out}")
    for name, (lo, hi) in e["ci95_log10"].items():
        print(f"{name:<32} 95 % {10 ** lo:.4g} - {10 ** hi:.4g}")
    return 0


def _run_profiles(args) -> int:
    from pathlib import Path

    from ..fitting.profiles_joint import joint_problem, profile_all

    if args.parameter:  # checked before the folder is made or any profile computed
        from ..errors import InputError

        fitted = joint_problem("training").parameter_names
        unknown = [n for n in args.parameter if n not in fitted]
        if unknown:
            raise InputError(f"not a fitted parameter: {', '.join(repr(n) for n in unknown)} "
                             f"(fitted: {', '.join(fitted)})", "--parameter")
    out = Path(args.out or "calibration-joint/profiles")
    fit = out.parent / "calibrated_parameters.json"
    # which fit is profiled: the one in the folder above --out, else the shipped `calibrated` set
    print(f"il6sim: profiling the joint fit in {fit}" if fit.exists() else
          f"il6sim: note: no joint fit in {out.parent} ({fit.name} is missing): profiling the shipped "
          "`calibrated` set; put --out inside a `calibrate joint` folder to profile that fit", file=sys.stderr)
    prof = profile_all(out, source=out.parent, names=args.parameter,
                       report=None if args.no_progress else (lambda m: print(m, file=sys.stderr, flush=True)))
    for n, d in prof.items():
        from ..fitting.profiles_joint import interval_text

        print(f"{n:<16} best {10 ** d['x_best']:.4g}   95 % {interval_text(d)}")
    print(f"-> {out}/profiles.png")
    return 0
