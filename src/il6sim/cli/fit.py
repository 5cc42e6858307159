"""``il6sim fit PROBLEM``: multi-start maximum-likelihood calibration; results to a directory."""

from __future__ import annotations

from pathlib import Path

from .argtypes import ITERATIONS, SEED, STARTS, WORKERS


#: the fit options' values when not given (None in the parsed arguments: what was given can be told apart)
FIT_DEFAULTS = {"starts": 20, "seed": 0, "max_iter": 60, "workers": 2}


def add_fit_args(p) -> None:
    p.add_argument("--starts", type=STARTS, default=None, metavar="N", help="number of starts (default 20; the first is the nominal values)")
    p.add_argument("--seed", type=SEED, default=None, help="seed of the start design (default 0)")
    p.add_argument("--max-iter", type=ITERATIONS, default=None, metavar="N", help="iterations per start (default 60)")
    p.add_argument("--workers", type=WORKERS, default=None, metavar="N", help="processes running starts in parallel (default 2)")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress (default: a bar on a terminal, a line every 5 %% of the starts otherwise)")


def add_overwrite_arg(p, what: str) -> None:
    p.add_argument("--overwrite", action="store_true",
                   help=f"write into an output directory that is not empty (files of the same name are replaced; "
                        f"without it such a directory is refused, as by export-petab: a {what} is not resumed)")


def fit_option(args, name: str) -> int:
    """``args.<name>`` as given, else its default (:data:`FIT_DEFAULTS`)."""
    value = getattr(args, name)
    return FIT_DEFAULTS[name] if value is None else value


def given_fit_options(args, names=("starts", "seed", "max_iter", "workers")) -> list[str]:
    """The fit options given on the command line, as written (``--max-iter``)."""
    return ["--" + n.replace("_", "-") for n in names if getattr(args, n) is not None]


def load_problem_arg(source: str):
    """The problem named on the command line; a folder (e.g. a PEtab export) is named as such, not as missing."""
    from ..errors import InputError
    from ..fitting.problem import builtin_problem, load_problem

    path = Path(source)
    if not builtin_problem(source) and path.is_dir():
        inside = path / "problem.yaml"
        hint = f"; the PEtab problem in it is {inside}" if inside.is_file() else ""
        raise InputError("is a directory, not a problem file (give 'hepg2', a PEtab problem YAML or an il6sim fit "
                         f"YAML){hint}", source)
    return load_problem(source)


def fit_options(args):
    from ..fitting.fit import FitOptions

    # --starts, --max-iter and --workers are whole numbers >= 1, checked by their argument types
    return FitOptions(n_starts=fit_option(args, "starts"), seed=fit_option(args, "seed"),
                      max_nfev=fit_option(args, "max_iter"), workers=fit_option(args, "workers"))


def add_parser(sub, name):
    p = sub.add_parser(name, help="fit model parameters to data (multi-start maximum likelihood)",
                       description="Fit a calibration problem: 'hepg2' (the HepG2 training data), a PEtab problem "
                                   "YAML on il6sim's model, or an il6sim fit YAML (tidy measurement CSV + "
                                   "conditions, observables and parameters). Writes best_parameters.json (with "
                                   "provenance), starts.csv, predictions.csv, errors.csv, waterfall.png and "
                                   "fits_training.png.")
    p.add_argument("problem", help="'hepg2', a PEtab problem.yaml, or an il6sim fit YAML")
    p.add_argument("-o", "--out", default=None, metavar="DIR", help="output directory (default: <problem>_fit)")
    p.add_argument("--evaluate", action="store_true",
                   help="do not fit: print the negative log-likelihood at the problem's nominal parameters "
                        "(a PEtab problem: with its nominal scales, as AMICI computes it); --starts, --seed, "
                        "--max-iter and --workers are for a fit and are refused with it")
    p.add_argument("--json", action="store_true", help="with --evaluate: print JSON {nll, constraints, prior, total}")
    add_overwrite_arg(p, "fit")
    add_fit_args(p)
    return p


def _evaluate(problem, as_json: bool) -> int:
    import json

    from ..fitting.objective import Objective

    obj = Objective(problem)
    terms = obj.nll_terms(problem.x_nominal(), problem.scale_values or None)
    if as_json:
        print(json.dumps(terms))
    else:
        print(f"{problem.name}: {len(problem.measurements)} data at the nominal parameters: "
              + ", ".join(f"{k} {v:.6f}" for k, v in terms.items()))
    return 0


def run(args) -> int:
    from ..errors import InputError
    from ..fitting.calibrate import save_fit
    from ..fitting.fit import fit
    from ..io.outputs import check_out_dir
    from ..progress import progress_mode

    if args.json and not args.evaluate:
        raise InputError("--json is only for --evaluate (a fit writes its results to --out)")
    if args.evaluate:
        for flag, given in (("--out", args.out is not None), ("--overwrite", args.overwrite)):
            if given:  # nothing would be written there
                raise InputError(f"--evaluate prints the likelihood and writes no files; leave out {flag}, or leave "
                                 "out --evaluate to fit", flag)
        given = given_fit_options(args)
        if given:  # they would be ignored without a word
            raise InputError("--evaluate only evaluates the likelihood at the nominal parameters and runs no fit; "
                             f"leave {'it' if len(given) == 1 else 'them'} out, or leave out --evaluate to fit",
                             ", ".join(given))
        return _evaluate(load_problem_arg(args.problem), args.json)
    from ..io.outputs import refuse_non_empty

    opts = fit_options(args)
    if args.out:
        refuse_non_empty(check_out_dir(args.out, "--out"), args.overwrite, "fit's files")
    problem = load_problem_arg(args.problem)
    out = check_out_dir(Path(args.out) if args.out else Path(f"{problem.name}_fit"), "--out")
    refuse_non_empty(out, args.overwrite, "fit's files")  # before the fit, not after minutes of it
    res = fit(problem, opts, progress=progress_mode(args.no_progress))
    from ..io.staging import staged_dir

    with staged_dir(out) as stage:  # the fit's files appear together, or not at all
        summary = save_fit(res, stage)
    print(f"{problem.name}: {len(problem.measurements)} data, {len(problem.parameters)} parameters; best NLL "
          f"{res.starts[0].nll:.2f} ({res.n_converged()} of {len(res.starts)} starts reached it, within 0.5), "
          f"{res.seconds:.0f} s -> {out}")
    print(optimiser_line(res.starts[0], "--max-iter"))
    for n, p in summary["parameters"].items():
        flag = "  (at bound)" if p["at_bound"] else ""
        print(f"  {n:<16} {p['value']:.4g}{unit_suffix(n)}{flag}")
    return 0


def optimiser_line(best, option: str, values: str = "the values below are", indent: str = "  ") -> str:
    """Whether the best start's optimiser converged, with its first-order optimality and, where it stopped at
    its iteration limit, the option that raises the limit."""
    opt = f"first-order optimality {best.optimality:.3g}"
    if best.converged:
        return f"{indent}optimiser: best start converged ({best.message.rstrip('.')}); {opt}"
    if best.status == 0:
        return (f"{indent}optimiser: best start stopped at its iteration limit ({best.nfev} evaluations) before "
                f"converging; {opt}; {values} not an optimum: raise {option} to fit further")
    return f"{indent}optimiser: best start failed ({best.message}); {values} its start values"


def unit_suffix(name: str) -> str:
    """' UNIT' of a model parameter for printing after its value ('' when it has none)."""
    from ..model.reference import reference_model

    spec = reference_model().parameter_map.get(name.split("@")[0])  # a cell-specific one keeps its @CELL
    return f" {spec.unit}" if spec is not None and spec.unit not in ("", "1", "dimensionless") else ""
