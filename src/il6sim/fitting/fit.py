"""Maximum-likelihood calibration by multi-start local optimisation.

Each start is a bounded trust-region least-squares run (scipy
``least_squares``, method ``trf``) on the weighted residuals of an
:class:`~il6sim.fitting.objective.Objective`; per-experiment scales are
optimal at every step (analytically), so only kinetic parameters are
searched. Gradients: forward finite differences on log10 parameters with a
relative step of 1e-3 and a CVODE tolerance of 1e-8 (il6sim's engine does
not expose forward sensitivities). Starts: the nominal values, then a Latin
hypercube over the bounds drawn with a fixed seed. Starts run in parallel
processes when ``workers > 1``; the result does not depend on ``workers``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from ..progress import check_progress
from .objective import Evaluation, Objective
from .problem import CalibrationProblem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FitOptions:
    """Settings of the multi-start search (all recorded in the provenance)."""

    n_starts: int = 20
    seed: int = 0
    max_nfev: int = 60  # iterations (function evaluations without the Jacobian's) per start
    diff_step: float = 1e-3
    ftol: float = 1e-6
    xtol: float = 1e-6
    gtol: float = 1e-6
    include_nominal: bool = True
    workers: int = 1
    refine: int = 0  # continue the best `refine` starts ...
    refine_nfev: int = 150  # ... for up to this many more iterations

    def __post_init__(self) -> None:
        # a Python caller's '2', 2.5 or True is refused, not taken as a number (or, for include_nominal, as true);
        # numpy integers are kept as ints (the options go into the JSON provenance)
        from ..validate import check_count, check_flag, given, is_real

        for name, minimum in (("n_starts", 1), ("seed", 0), ("max_nfev", 1), ("workers", 1), ("refine", 0),
                              ("refine_nfev", 1)):
            object.__setattr__(self, name, check_count(getattr(self, name), f"FitOptions.{name}", minimum=minimum))
        for name in ("diff_step", "ftol", "xtol", "gtol"):
            v = getattr(self, name)
            if not is_real(v) or not 0 < v < 1:
                raise InputError(f"must be a number between 0 and 1 (got {given(v)})", f"FitOptions.{name}")
            object.__setattr__(self, name, float(v))
        object.__setattr__(self, "include_nominal", check_flag(self.include_nominal, "FitOptions.include_nominal"))

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class StartResult:
    start: int
    x0: np.ndarray
    x: np.ndarray
    nll: float
    chi2: float
    nfev: int
    status: int
    message: str
    seconds: float
    optimality: float = math.nan  # first-order optimality at x (scipy's gradient norm, bounds taken into account)

    @property
    def converged(self) -> bool:
        """Whether the optimiser met a tolerance (ftol, xtol or gtol), not its iteration limit (status 0)
        or a failure (status < 0)."""
        return self.status > 0


@dataclass
class FitResult:
    """All starts (best first), the best parameters and their evaluation."""

    problem: CalibrationProblem
    starts: list[StartResult]
    options: FitOptions
    seconds: float
    best: Evaluation = field(repr=False)

    @property
    def x(self) -> np.ndarray:
        return self.starts[0].x

    @property
    def values(self) -> dict[str, float]:
        return self.problem.to_values(self.x)

    def starts_frame(self) -> pd.DataFrame:
        rows = []
        for s in self.starts:
            row = {"rank": len(rows) + 1, "start": s.start, "nll": s.nll, "chi2": s.chi2, "nfev": s.nfev,
                   "status": s.status, "converged": s.converged, "first_order_optimality": s.optimality,
                   "seconds": round(s.seconds, 2), "message": s.message}
            row.update(self.problem.scaled_columns("x0", s.x0))
            row.update(self.problem.scaled_columns("x", s.x))
            rows.append(row)
        return pd.DataFrame(rows)

    def n_converged(self, tol: float = 0.5) -> int:
        """Starts that reached the best negative log-likelihood within ``tol``."""
        return sum(1 for s in self.starts if s.nll - self.starts[0].nll <= tol)

    def provenance(self) -> dict[str, Any]:
        """The shared provenance record (il6sim.provenance), with the solver settings the fit used."""
        from ..engine.simulator import Simulator
        from ..provenance import Provenance
        from .objective import FIT_SOLVER

        rec = Provenance.record(
            Simulator(options=FIT_SOLVER), kind="fit", parameters=dict(self.problem.base), seed=self.options.seed,
            problem=self.problem.name, problem_provenance=dict(self.problem.provenance),
            data_sha256=self.problem.data_sha256(), n_data=int(len(self.problem.measurements)),
            optimizer="scipy.optimize.least_squares (trf, 2-point finite differences on log10 parameters)",
            options=self.options.to_dict(), runtime_s=round(self.seconds, 1))
        return rec.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """Best parameters with bounds and provenance (JSON-ready)."""
        from ..model.reference import reference_model

        units = reference_model().parameter_map
        pars = {}
        for p, xv in zip(self.problem.parameters, self.x):
            spec = units.get(p.name.split("@")[0])  # a cell-specific one keeps its @CELL
            # value, bounds and nominal in linear units ('unit'; '1': none); 'scale': where the fit searched
            pars[p.name] = {"value": p.from_scaled(xv), "unit": spec.unit if spec is not None else None,
                            "scale": p.scale, "log10": xv if p.scale == "log10" else None,
                            "lower": p.lower, "upper": p.upper, "nominal": p.nominal,
                            "at_bound": bool(min(xv - p.scaled_bounds[0], p.scaled_bounds[1] - xv) < 1e-3)}
        return {
            "parameters": pars,
            "fixed": dict(self.problem.base),
            "scales": {f"{e}|{o}": s for (e, o), s in self.best.scales.items()},
            "nll": self.starts[0].nll,
            "chi2": self.starts[0].chi2,
            "n_starts": len(self.starts),
            "n_converged": self.n_converged(),
            # whether the best start's optimiser stopped at a tolerance rather than at max_nfev (n_converged
            # counts the starts that reached the best value, not the ones whose optimiser converged)
            "converged": self.starts[0].converged,
            "first_order_optimality": self.starts[0].optimality,  # as the joint calibration names it
            "stop": self.starts[0].message,
            "provenance": self.provenance(),
        }


def _run_start(objective: Objective, i: int, x0: np.ndarray, opts: FitOptions) -> StartResult:
    from scipy.optimize import least_squares

    lo, hi = objective.problem.lower, objective.problem.upper
    t0 = time.perf_counter()
    try:
        res = least_squares(objective, x0, bounds=(lo, hi), method="trf", diff_step=opts.diff_step,
                            ftol=opts.ftol, xtol=opts.xtol, gtol=opts.gtol, max_nfev=opts.max_nfev,
                            x_scale=1.0)
        x, status, msg, nfev = res.x, int(res.status), str(res.message), int(res.nfev)
        optimality = float(res.optimality)
    except Exception as exc:  # a failed start is a status, not a crashed fit
        log.warning("start %d failed: %s", i, exc)
        x, status, msg, nfev, optimality = x0, -99, f"failed: {exc}", 0, math.nan
    r = objective(x)
    chi2 = float(r[: objective.n_data] @ r[: objective.n_data])
    nll = 0.5 * float(r @ r) + objective.nll_constant()
    return StartResult(i, np.asarray(x0), np.asarray(x), nll, chi2, nfev, status, msg, time.perf_counter() - t0,
                       optimality)


def _worker(args):
    objective, i, x0, opts = args
    return _run_start(objective, i, x0, opts)


def start_points(problem: CalibrationProblem, n: int, seed: int, include_nominal: bool = True) -> np.ndarray:
    """``n`` start vectors: the nominal values (clipped to the bounds), then a Latin hypercube."""
    from scipy.stats import qmc

    lo, hi = problem.lower, problem.upper
    pts = []
    if include_nominal:
        pts.append(np.clip(problem.x_nominal(), lo, hi))
    k = n - len(pts)
    if k > 0:
        lhs = qmc.LatinHypercube(d=len(lo), seed=np.random.default_rng(seed)).random(k)
        pts.extend(lo + lhs * (hi - lo))
    return np.array(pts[:n])


def _order(r: StartResult):
    return (math.inf if not np.isfinite(r.nll) else r.nll, r.start)


@contextlib.contextmanager
def process_pool(workers: int, mp_context=None):
    """A :class:`ProcessPoolExecutor` that, left by an exception (Ctrl-C, SIGTERM, an error), drops the
    jobs not yet begun and stops the running ones instead of waiting for them.

    ``with ProcessPoolExecutor()`` waits at its end for every job submitted: a fit stopped by
    SIGTERM (a batch system, ``timeout``), which reaches this process only, or by an error went on
    running all its starts in the workers, for minutes, before the command could exit.
    """
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)
    try:
        yield ex
    except BaseException:
        workers_now = list((getattr(ex, "_processes", None) or {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        for proc in workers_now:
            with contextlib.suppress(Exception):
                proc.terminate()
        for proc in workers_now:
            with contextlib.suppress(Exception):
                proc.join(10)
        raise
    ex.shutdown(wait=True)


def _run_all(obj: Objective, jobs: list, options: FitOptions, progress, desc: str) -> list[StartResult]:
    from ..progress import progress_meter

    results: list[StartResult] = []
    bar = progress_meter(progress, len(jobs), desc=desc, unit="start", leave=False) or _NoProgress()
    try:
        if options.workers > 1 and len(jobs) > 1:
            import multiprocessing as mp

            with process_pool(options.workers, mp.get_context("spawn")) as ex:
                futs = [ex.submit(_worker, (obj, i, p, options)) for i, p in jobs]
                for f in as_completed(futs):
                    results.append(f.result())
                    bar.set_postfix(best=f"{min(r.nll for r in results):.1f}")
                    bar.update(1)
        else:
            for i, p in jobs:
                results.append(_run_start(obj, i, p, options))
                bar.set_postfix(best=f"{min(r.nll for r in results):.1f}")
                bar.update(1)
    finally:
        bar.close()
    return results


class _NoProgress:
    def update(self, k: int = 1) -> None:
        pass

    def set_postfix(self, **values) -> None:
        pass

    def close(self) -> None:
        pass


def fit(problem: CalibrationProblem, options: FitOptions = FitOptions(), *, progress: "bool | str" = False,
        objective: Objective | None = None, x0: Sequence[Sequence[float]] | None = None) -> FitResult:
    """Multi-start maximum-likelihood fit of ``problem``.

    Parameters
    ----------
    problem : the calibration problem
    options : number of starts, seed, iterations per start, workers
    progress : ``True`` or ``"bar"``: a tqdm bar (callers: on a terminal); ``"lines"``: a line on stderr
        every 5 % of the starts (logs and pipes); see :func:`il6sim.progress.progress_meter`
    x0 : explicit start vectors (scaled) instead of the seeded design

    >>> from il6sim.fitting.synthetic import synthetic_problem
    >>> prob, truth = synthetic_problem(seed=1)
    >>> res = fit(prob, FitOptions(n_starts=2, max_nfev=20))  # doctest: +SKIP
    """
    progress = check_progress(progress)
    obj = objective or Objective(problem)
    pts = np.asarray(x0, float) if x0 is not None else start_points(problem, options.n_starts, options.seed,
                                                                    options.include_nominal)
    t0 = time.perf_counter()
    results = _run_all(obj, [(i, p) for i, p in enumerate(pts)], options, progress, f"fit {problem.name}")
    results.sort(key=_order)
    if options.refine > 0:
        from dataclasses import replace as _replace

        ropts = _replace(options, max_nfev=options.refine_nfev)
        top = results[: options.refine]
        more = _run_all(obj, [(r.start, r.x) for r in top], ropts, progress, "refine best starts")
        by_start = {r.start: r for r in more}
        for k, r in enumerate(results[: options.refine]):
            new = by_start[r.start]
            results[k] = StartResult(r.start, r.x0, new.x, new.nll, new.chi2, r.nfev + new.nfev, new.status,
                                     new.message, r.seconds + new.seconds, new.optimality)
        results.sort(key=_order)
    best = obj.evaluate(results[0].x)
    out = FitResult(problem, results, options, time.perf_counter() - t0, best)
    log.info("fit %s: best nll %.2f, %d/%d starts within 0.5, %.1f s", problem.name, results[0].nll,
             out.n_converged(), len(results), out.seconds)
    return out
