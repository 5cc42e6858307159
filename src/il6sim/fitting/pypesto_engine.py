"""pyPESTO (Schaelte et al. 2023, Bioinformatics 39:btad711) on il6sim's objective.

:func:`to_pypesto` wraps an :class:`~il6sim.fitting.objective.Objective`
(weighted residuals with analytic per-experiment scales; negative
log-likelihood) as a ``pypesto.Objective`` inside pyPESTO's finite-difference
wrapper (``pypesto.objective.FD``: central differences, step 1e-3 on log10
parameters, with the engine at rtol 1e-8 so that the differences are not
solver noise; il6sim's engine gives no forward sensitivities). The bounds are
the scaled bounds of the problem.

:func:`optimize` runs a pyPESTO multi-start optimisation (scipy
``least_squares`` trust-region reflective through ``pypesto.optimize.
ScipyOptimizer(method="ls_trf")``) from il6sim's seeded start design
(nominal values, then a Latin hypercube), and :func:`summarise` reports
what the issue asks for: the best value, how many starts reached it
(within 1e-3), and the first-order optimality at the best point (infinity
norm of the gradient projected on the box).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from .objective import Objective
from .problem import CalibrationProblem

log = logging.getLogger(__name__)

#: FD step on the scaled (log10) parameters
FD_STEP = 1e-3
#: starts within this of the best negative log-likelihood count as "reached the best value"
REACHED_TOL = 1e-3


class _Fun:
    """Picklable callables for pyPESTO (its engines copy the objective to worker processes)."""

    def __init__(self, objective: Objective) -> None:
        self.objective = objective

    def fval(self, x):
        # 0.5 * sum of squared weighted residuals: what pyPESTO's least-squares optimisers report as fval,
        # so that every pyPESTO value (starts, profiles) is on one scale; NLL = fval + nll_constant()
        r = self.objective(np.asarray(x, float))
        return 0.5 * float(r @ r)

    def res(self, x):
        return self.objective(np.asarray(x, float))


def to_pypesto(problem: CalibrationProblem, objective: Objective | None = None, *,
               x_guesses: Sequence[Sequence[float]] | None = None):
    """A ``pypesto.Problem`` for an il6sim calibration problem (FD derivatives).

    Its objective value is ``0.5 * sum(r**2)`` of the weighted residuals ``r``: the
    negative log-likelihood up to the constant :meth:`Objective.nll_constant`.
    """
    import pypesto
    from pypesto.objective import FD

    obj = objective or Objective(problem)
    f = _Fun(obj)
    base = pypesto.Objective(fun=f.fval, res=f.res, x_names=problem.parameter_names)
    fd = FD(base, grad=True, hess=False, sres=True, delta_fun=FD_STEP, delta_res=FD_STEP, method="central",
            x_names=problem.parameter_names)
    return pypesto.Problem(fd, lb=problem.lower, ub=problem.upper, x_names=problem.parameter_names,
                           x_guesses=None if x_guesses is None else np.asarray(x_guesses, float),
                           copy_objective=False)


@dataclass(frozen=True)
class PypestoOptions:
    """Settings of the pyPESTO multi-start search (all recorded in the provenance)."""

    n_starts: int = 24
    seed: int = 0
    max_nfev: int = 200  # residual evaluations per start (least_squares max_nfev)
    ftol: float = 1e-8
    xtol: float = 1e-8
    gtol: float = 1e-6
    workers: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class PypestoFit:
    problem: CalibrationProblem
    result: Any = field(repr=False)  # pypesto.Result
    options: PypestoOptions
    seconds: float

    @property
    def x(self) -> np.ndarray:
        return np.asarray(self.result.optimize_result[0].x, float)

    @property
    def values(self) -> dict[str, float]:
        return self.problem.to_values(self.x)

    def fvals(self) -> np.ndarray:
        return np.array([r.fval if r.fval is not None else np.inf for r in self.result.optimize_result], float)


def _run_pickled_task(blob: bytes):
    """Run one pyPESTO task in a worker process (tasks hold closures, so they travel through cloudpickle)."""
    import cloudpickle

    return cloudpickle.loads(blob).execute()


def _reporting_engine(workers: int, meter):
    """A pyPESTO engine that reports each finished optimiser start through il6sim's progress lines.

    pyPESTO's own engines show progress as a tqdm bar, which needs a terminal; in a log or a pipe
    (``make calibrate > log``) this engine writes a line every 5 % of the starts, with the best value so far.
    Results come back in the order of the tasks, as from pyPESTO's engines.
    """
    import pypesto.engine

    class ReportingEngine(pypesto.engine.Engine):
        def execute(self, tasks, progress_bar=None):
            best = [np.inf]

            def done(r):
                f = getattr(r, "fval", None)
                if f is not None and np.isfinite(f) and f < best[0]:
                    best[0] = float(f)
                    meter.set_postfix(best=f"{best[0]:.4g}")
                meter.update(1)

            if workers <= 1 or len(tasks) <= 1:
                out = []
                for t in tasks:
                    out.append(t.execute())
                    done(out[-1])
                return out
            from concurrent.futures import as_completed

            import cloudpickle

            out = [None] * len(tasks)
            from .fit import process_pool

            with process_pool(min(workers, len(tasks))) as pool:
                index = {pool.submit(_run_pickled_task, cloudpickle.dumps(t)): i for i, t in enumerate(tasks)}
                for fut in as_completed(index):
                    out[index[fut]] = fut.result()
                    done(out[index[fut]])
            return out

    return ReportingEngine()


def optimize(problem: CalibrationProblem, options: PypestoOptions = PypestoOptions(), *,
             progress: "bool | str" = False, x0: Sequence[Sequence[float]] | None = None) -> PypestoFit:
    """Multi-start maximum likelihood with pyPESTO; result sorted best first.

    ``progress``: ``True`` or ``"bar"``, pyPESTO's bar (a terminal); ``"lines"``, a line every 5 % of the
    starts with the best value so far (logs and pipes; :func:`il6sim.progress.progress_mode` chooses).
    """
    import time

    import pypesto.engine
    import pypesto.optimize as popt

    from ..progress import progress_meter
    from .fit import start_points

    pts = np.asarray(x0, float) if x0 is not None else start_points(problem, options.n_starts, options.seed)
    pp = to_pypesto(problem, x_guesses=pts)
    optimizer = popt.ScipyOptimizer(method="ls_trf", tol=options.ftol, options={
        "maxfun": options.max_nfev, "xtol": options.xtol, "gtol": options.gtol, "tr_solver": "exact"})
    if progress == "lines":
        meter = progress_meter("lines", len(pts), desc=f"fit {problem.name}", unit="start")
        engine, progress = _reporting_engine(options.workers, meter), False
    else:
        engine = (pypesto.engine.MultiProcessEngine(n_procs=options.workers) if options.workers > 1
                  else pypesto.engine.SingleCoreEngine())
        progress = bool(progress)
    t0 = time.perf_counter()
    res = popt.minimize(pp, optimizer, n_starts=len(pts), engine=engine, progress_bar=progress,
                        options=popt.OptimizeOptions(allow_failed_starts=True, report_sres=False, report_hess=False))
    out = PypestoFit(problem, res, options, time.perf_counter() - t0)
    s = summarise(out)
    log.info("pypesto fit %s: best 0.5*chi2 %.3f, %d/%d starts within %g, first-order optimality %.2e, %.0f s",
             problem.name, s["best_fval"], s["n_reached_best"], s["n_starts"], REACHED_TOL,
             s["first_order_optimality"], out.seconds)
    return out


def projected_gradient(problem: CalibrationProblem, x: np.ndarray, grad: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    """The gradient with the components that point out of the box at an active bound set to zero."""
    g = np.array(grad, float)
    at_lo = x <= problem.lower + tol
    at_hi = x >= problem.upper - tol
    g[at_lo & (g > 0)] = 0.0
    g[at_hi & (g < 0)] = 0.0
    return g


def gradient(problem: CalibrationProblem, x: Sequence[float], objective: Objective | None = None) -> np.ndarray:
    """FD gradient of the negative log-likelihood (pyPESTO's FD wrapper, central, step 1e-3)."""
    pp = to_pypesto(problem, objective)
    return np.asarray(pp.objective(np.asarray(x, float), sensi_orders=(1,)), float)


def jacobian(problem: CalibrationProblem, x: Sequence[float], objective: Objective | None = None) -> np.ndarray:
    """FD Jacobian of the weighted residuals (pyPESTO's FD wrapper)."""
    from pypesto.C import MODE_RES

    pp = to_pypesto(problem, objective)
    return np.asarray(pp.objective(np.asarray(x, float), sensi_orders=(1,), mode=MODE_RES), float)


def summarise(fit: PypestoFit) -> dict[str, Any]:
    """Best value, starts that reached it, first-order optimality (JSON-ready).

    ``best_fval``: 0.5 * chi2 (+ constraint terms), the value pyPESTO optimises; ``best_nll`` adds the
    constant terms of the negative log-likelihood. First-order optimality: infinity norm of the
    FD gradient of ``fval`` projected on the box.
    """
    f = fit.fvals()
    best = float(np.min(f))
    g = gradient(fit.problem, fit.x)
    pg = projected_gradient(fit.problem, fit.x, g)
    lo, hi = fit.problem.lower, fit.problem.upper
    return {
        "best_fval": best,
        "best_nll": best + Objective(fit.problem).nll_constant(),
        "n_starts": int(len(f)),
        "n_reached_best": int(np.sum(f - best <= REACHED_TOL)),
        "reached_tolerance": REACHED_TOL,
        "n_within_1": int(np.sum(f - best <= 1.0)),
        "n_failed": int(np.sum(~np.isfinite(f))),
        "first_order_optimality": float(np.max(np.abs(pg))),
        "gradient_norm_unprojected": float(np.max(np.abs(g))),
        "at_bounds": [n for n, v, a, b in zip(fit.problem.parameter_names, fit.x, lo, hi)
                      if min(v - a, b - v) < 1e-3],
        "fvals": [float(v) for v in f],
    }
