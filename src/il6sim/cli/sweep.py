"""``il6sim sweep SPEC.yaml``: run a design over parameters through a protocol; results to Parquet."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from .argtypes import CHUNK_SIZE, WORKERS


def add_execution_args(p, default_out: str) -> None:
    p.add_argument("spec", help="spec file (YAML)")
    p.add_argument("-o", "--out", default=None, metavar="DIR",
                   help=f"output directory (default: {default_out}); run again on it to resume")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="serial, local (a Dask cluster of worker processes), auto, or the address of a running "
                        "Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: the spec's execution.scheduler, else auto)")
    p.add_argument("--workers", type=WORKERS, default=None, metavar="N",
                   help="worker processes for a local cluster (default 2; refused with --scheduler serial or "
                        "an address)")
    p.add_argument("--chunk-size", type=CHUNK_SIZE, default=None, metavar="N",
                   help="runs handed to a worker at a time (default 200)")
    p.add_argument("--overwrite", action="store_true", help="replace results of a different sweep in the output directory")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress (default: a bar on a terminal, a line every 5 %% of the runs otherwise)")


def execution_kwargs(args) -> dict:
    """The execution options of the command line, checked (every problem at once) before any work."""
    from ..progress import progress_mode
    from ..sweeps.execution import check_scheduler

    # --chunk-size and --workers are whole numbers in range, checked by their argument types
    if args.scheduler is not None:
        check_scheduler(args.scheduler, "--scheduler")
    if args.workers is not None and args.scheduler not in (None, "local", "auto"):  # it would be ignored
        from ..errors import InputError

        raise InputError(f"only for a local cluster (--scheduler local or auto); --scheduler {args.scheduler} "
                         f"{_where_runs(args.scheduler)}; leave --workers out", "--workers")
    return {"scheduler": args.scheduler, "workers": args.workers, "chunk_size": args.chunk_size,
            "overwrite": args.overwrite,
            # a bar on a terminal; a line every 5 % in logs and pipes
            "progress": progress_mode(args.no_progress)}


def _where_runs(scheduler: str) -> str:
    return ("runs every simulation in this process" if scheduler == "serial"
            else "sends the runs to that scheduler's own workers")


def check_workers(args, execution) -> None:
    """Refuse ``--workers`` when the spec's own scheduler (no ``--scheduler`` given) would ignore it."""
    if args.workers is not None and args.scheduler is None and execution.scheduler not in ("local", "auto"):
        from ..errors import InputError

        raise InputError(f"only for a local cluster; the spec's execution.scheduler is {execution.scheduler}, "
                         f"which {_where_runs(execution.scheduler)}; add --scheduler local to use "
                         f"{args.workers} local workers, or leave --workers out", "--workers")


#: more runs than this get a warning before they start: at a few hundred runs a second they can take hours
LARGE_RUNS = 1_000_000


def warn_if_large(n_runs: int, spec: str, key: str) -> None:
    """Say on stderr, before the first run, that a sweep of ``n_runs`` runs will take hours (``key`` sets its size)."""
    if n_runs > LARGE_RUNS:
        print(f"il6sim: warning: {spec}: {key} gives {n_runs:,} runs, which can take hours; lower {key} for a quicker "
              "answer, or stop with Ctrl-C and run the same command again to resume", file=sys.stderr)


@contextlib.contextmanager
def in_option_words() -> Iterator[None]:
    """Refusals of run_sweep, run_population and run_sensitivity in the command line's words: their Python
    arguments ``out_dir`` and ``overwrite=True`` are ``--out`` and ``--overwrite`` here."""
    from ..errors import InputError, Problem

    try:
        yield
    except InputError as exc:
        if not any(p.where == "out_dir" for p in exc.problems):
            raise
        raise InputError([Problem("--out", p.message.replace("overwrite=True", "--overwrite"))
                          if p.where == "out_dir" else p for p in exc.problems]) from None


def out_dir(args, suffix: str) -> Path:
    """The output folder (``-o``, else ``SPEC_suffix``), checked before any work."""
    from ..io.outputs import check_out_dir

    return check_out_dir(Path(args.out) if args.out else Path(f"{Path(args.spec).stem}_{suffix}"), "--out",
                         kind=suffix)  # suffix: sweep, sensitivity or population, the kind of their provenance


def how_run(res) -> str:
    """Where the runs ran, and what an earlier invocation on the same folder had already done."""
    def chunks(n):
        return f"{n} chunk{'s' if n != 1 else ''}"

    if not res.chunks_computed and res.chunks_skipped:  # nothing left to compute
        return f"already complete: all {chunks(res.chunks_skipped)} done earlier; nothing run"
    return res.scheduler + (f", {chunks(res.chunks_skipped)} already done" if res.chunks_skipped else "")


def add_parser(sub, name):
    p = sub.add_parser(name, help="sweep parameters (grid, Latin hypercube, Sobol) through a protocol",
                       description="Run every point of a design through a protocol. Writes runs.parquet (one row per "
                                   "run and readout), design.parquet, provenance.json, and summary.csv and "
                                   "summary.png (the response binned over the first varied parameter: the classic / "
                                   "trans pSTAT3 ratio when the protocol has both groups). An interrupted sweep "
                                   "resumes when run again on the same output directory.")
    add_execution_args(p, "SPEC_sweep/")
    return p


def run(args) -> int:
    from ..sweeps import load_sweep_spec, run_sweep
    from ..sweeps.summary import answer_line, summarize

    out = out_dir(args, "sweep")
    kwargs = execution_kwargs(args)
    spec = load_sweep_spec(args.spec)  # every problem reported before anything is written
    check_workers(args, spec.execution)
    warn_if_large(spec.design.size, args.spec, "design.levels" if spec.design.method == "grid" else "design.n")
    with in_option_words():
        res = run_sweep(spec, out, **kwargs)
    print(f"{res.n_runs} runs x {len(spec.protocol.groups)} groups, {res.n_failed} failed "
          f"({how_run(res)}) -> {out / 'runs.parquet'}")
    if res.n_runs and res.n_failed == res.n_runs:
        print(f"il6sim: error: every run failed (the runs' status column in {out / 'runs.parquet'} says why); "
              "narrow the design's ranges to values a cell can have", file=sys.stderr)
        return 1
    summ = summarize(res, list(spec.protocol.groups), list(spec.readouts.observables),
                     [r for r in spec.readouts.metrics], out, times=list(spec.readouts.times))
    params = [c for c in res.design().columns if c != "run_id"]
    answer = answer_line(summ, params[0]) if params else ""
    print(f"summary ({summ.label}) -> {out / 'summary.csv'}, {out / 'summary.png'}" + (f"\n{answer}" if answer else ""))
    return 0
