"""``il6sim export-petab [--out DIR]``: the HepG2 calibration problem (or another) as PEtab v1."""

from __future__ import annotations


def add_parser(sub, name):
    p = sub.add_parser(name, help="write a calibration problem in PEtab format (default: the HepG2 problem)",
                       description="Write SBML model, conditions, observables, measurements, parameters and "
                                   "problem.yaml, checked with the PEtab linter, and a README saying what PEtab cannot "
                                   "carry. Loads unmodified in AMICI and pyPESTO (one observable per experiment "
                                   "scale). Actinomycin D at 40 min is an SBML event set by condition parameters "
                                   "(add_ACTD_time, add_ACTD_conc).")
    p.add_argument("problem", nargs="?", default="hepg2",
                   help="'hepg2' (default), or an il6sim fit YAML")
    p.add_argument("-o", "--out", default=None, metavar="DIR",
                   help="output directory (default petab-hepg2; for a fit YAML petab-NAME, NAME the problem's name)")
    p.add_argument("--split", choices=["training", "validation", "all"], default=None,
                   help="hepg2: which data (default training, the calibration problem)")
    p.add_argument("--literature", action="store_true",
                   help="hepg2: the parameter table's values as nominal values even where `il6sim calibrate hepg2 "
                        "--install` has installed a HepG2 fit (without one, they are the nominal values anyway)")
    p.add_argument("--overwrite", action="store_true",
                   help="write into an output directory that is not empty (files of the same name are replaced)")
    return p


def _check_empty(out, overwrite: bool) -> None:
    """An existing output folder with files in it is refused unless ``--overwrite`` (as sweeps do)."""
    from ..io.outputs import refuse_non_empty

    refuse_non_empty(out, overwrite, "PEtab files")


def run(args) -> int:
    from ..errors import InputError, Problem
    from ..fitting.petab import counted, export_petab, optimal_scales
    from ..io.outputs import check_out_dir

    from ..fitting.problem import builtin_problem

    if builtin_problem(args.problem) == "hepg2":  # 'HepG2' as the presets are spelt in any case
        args.problem = "hepg2"
    if args.problem != "hepg2":  # options of the packaged problem would be ignored without a word
        wrong = [Problem(opt, f"only for the packaged problem given as 'hepg2' (it selects that problem's data), "
                              f"not with {args.problem!r}; write 'hepg2' or leave the option out")
                 for opt, given in (("--split", args.split is not None), ("--literature", args.literature)) if given]
        if wrong:
            raise InputError(wrong)
    if args.out is not None:
        _check_empty(check_out_dir(args.out, "--out"), args.overwrite)
    values = None
    if args.problem == "hepg2":
        from ..fitting.calibrate import load_packaged_calibration
        from ..fitting.hepg2 import hepg2_problem

        out = check_out_dir(args.out or "petab-hepg2", "--out")
        _check_empty(out, args.overwrite)
        problem = hepg2_problem(args.split or "training")
        pk = load_packaged_calibration()
        if pk and not args.literature:
            values = {k: v for k, v in pk["parameters"].items() if k in problem.parameter_names}
    else:
        from .fit import load_problem_arg

        problem = load_problem_arg(args.problem)
        out = check_out_dir(args.out or f"petab-{problem.name}", "--out")
        _check_empty(out, args.overwrite)
    # the scales' nominal values: their optimum at the nominal parameters (the exporter itself never simulates)
    scales = optimal_scales(problem, values)
    paths = export_petab(problem, out, values=values, scales=scales)
    print(f"wrote PEtab problem '{problem.name}' ({counted(len(problem.measurements), 'measurement')}, "
          f"{counted(len(problem.conditions), 'condition')}) -> {paths['problem']} (PEtab linter: OK)")
    return 0
