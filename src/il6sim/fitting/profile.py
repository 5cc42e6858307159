"""Profile likelihoods: what the data determine.

For a parameter ``p``, step away from the best fit (in its scaled units, log10
by default) in both directions; at each step fix ``p`` and re-optimise all
others (warm start from the previous step, same least-squares engine as the
fit). ``delta = 2 * (NLL - NLL_best)``; the 95 % confidence interval is where
``delta`` stays below the chi-square quantile with 1 degree of freedom
(3.84; Raue et al. 2009 Bioinformatics 25:1923). A profile that stays flat
up to a bound means the data do not determine that side of the parameter.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import as_completed
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from .objective import Objective

log = logging.getLogger(__name__)

CHI2_95_1DOF = 3.841458820694124
#: steps each way from the best fit, at most (il6sim profile --steps)
MAX_STEPS = 10


@dataclass
class Profile:
    name: str
    scale: str
    grid: np.ndarray  # scaled values, sorted
    delta: np.ndarray  # 2 * (NLL - NLL_best)
    x_best: float
    bounds_scaled: tuple[float, float]
    threshold: float = CHI2_95_1DOF
    seconds: float = 0.0

    def interval(self) -> tuple[float | None, float | None]:
        """95 % interval (scaled units); None where the profile never crosses the threshold."""
        lo = hi = None
        left = self.grid <= self.x_best
        right = self.grid >= self.x_best
        gl, dl = self.grid[left][::-1], self.delta[left][::-1]
        for k in range(1, len(gl)):
            if dl[k] > self.threshold:
                lo = float(np.interp(self.threshold, [dl[k - 1], dl[k]], [gl[k - 1], gl[k]]))
                break
        gr, dr = self.grid[right], self.delta[right]
        for k in range(1, len(gr)):
            if dr[k] > self.threshold:
                hi = float(np.interp(self.threshold, [dr[k - 1], dr[k]], [gr[k - 1], gr[k]]))
                break
        return lo, hi

    @property
    def identifiable(self) -> str:
        if len(self.delta) and float(np.nanmin(self.delta)) < -0.5:
            # the profile went below the fit it started from: the fit had not converged, so the
            # thresholds are measured from the wrong optimum and say nothing about identifiability
            return "undetermined: the profile found a better fit (refit, then profile again)"
        lo, hi = self.interval()
        if lo is not None and hi is not None:
            return "identifiable"
        if lo is None and hi is None:
            return "not identifiable"
        return "bounded on one side"

    def interval_text(self) -> str:
        lo, hi = self.interval()
        f = (lambda v: f"{10 ** v:.3g}") if self.scale == "log10" else (lambda v: f"{v:.3g}")
        return f"95% CI [{f(lo) if lo is not None else '-'}, {f(hi) if hi is not None else '-'}]"

    def frame(self) -> pd.DataFrame:
        vals = 10 ** self.grid if self.scale == "log10" else self.grid
        # 'scaled' is in the parameter's scale ('scale': log10 or lin), 'value' in linear units
        return pd.DataFrame({"parameter": self.name, "scaled": self.grid, "scale": self.scale, "value": vals,
                             "delta_2nll": self.delta})


class _Fixed:
    """Residuals with parameter ``i`` held at ``value`` (picklable)."""

    def __init__(self, objective: Objective, i: int, value: float) -> None:
        self.objective, self.i, self.value = objective, i, value

    def __call__(self, z):
        return self.objective(np.insert(np.asarray(z, float), self.i, self.value))


def _chi2(r: np.ndarray) -> float:
    return float(r @ r)


def profile_parameter(objective: Objective, x_best: Sequence[float], name: str, *, max_steps: int = MAX_STEPS,
                      step: float = 0.15, max_nfev: int = 25, diff_step: float = 1e-3,
                      threshold: float = CHI2_95_1DOF, min_step: float = 0.01,
                      on_steps: Callable[[int], None] | None = None) -> Profile:
    """Profile one parameter around ``x_best`` (see module docstring).

    ``on_steps(k)`` (e.g. a progress bar's ``update``) is called after each step with ``k = 1``, and when a
    side ends before ``max_steps`` (the threshold crossed, a bound reached) with the steps it left out, so
    that the calls add up to ``2 * max_steps`` for the profile.
    """
    from scipy.optimize import least_squares

    prob = objective.problem
    names = prob.parameter_names
    if name not in names:
        raise InputError(f"'{name}' is not an estimated parameter (estimated: {', '.join(names)})", "profile")
    i = names.index(name)
    x_best = np.asarray(x_best, float)
    lo, hi = prob.lower, prob.upper
    zlo, zhi = np.delete(lo, i), np.delete(hi, i)
    t0 = time.perf_counter()
    c_best = _chi2(objective(x_best))
    pts = [(x_best[i], 0.0)]
    for direction in (-1.0, 1.0):
        taken = 0  # steps of this side, for on_steps
        z = np.delete(x_best, i)
        v = x_best[i]
        h = step
        prev = 0.0
        for _ in range(3 * max_steps):
            if sum(1 for p in pts if (p[0] - x_best[i]) * direction > 0) >= max_steps:
                break
            v_new = v + direction * h
            if v_new < lo[i] or v_new > hi[i]:
                v_new = lo[i] if direction < 0 else hi[i]
            if abs(v_new - v) < 1e-9:
                break
            f = _Fixed(objective, i, v_new)
            try:
                res = least_squares(f, np.clip(z, zlo, zhi), bounds=(zlo, zhi), method="trf", diff_step=diff_step,
                                    max_nfev=max_nfev, ftol=1e-5, xtol=1e-5)
                z_new, d = res.x, _chi2(res.fun) - c_best
            except Exception as exc:  # a failed point ends this side of the profile
                log.warning("profile %s at %g failed: %s", name, v_new, exc)
                break
            if prev < threshold and d > 2 * threshold and h > min_step:
                h = max(h / 3, min_step)  # overshot the crossing: go back and take a shorter step
                continue
            z = z_new
            pts.append((v_new, d))
            v = v_new
            if on_steps is not None and taken < max_steps:
                taken += 1
                on_steps(1)
            if d > 1.5 * threshold or v in (lo[i], hi[i]):
                break
            # adapt the step: larger where flat, smaller where steep
            inc = d - prev
            h = min(h * 2, 0.6) if inc < 0.25 * threshold else (max(h / 2, 0.03) if inc > threshold else h)
            prev = d
        if on_steps is not None and taken < max_steps:
            on_steps(max_steps - taken)  # the steps this side did not need
    pts.sort()
    grid = np.array([p[0] for p in pts])
    delta = np.array([p[1] for p in pts])
    if delta.min() < -0.5:
        log.warning("profile of %s found a better fit (delta %.2f): the fit had not converged", name, delta.min())
    return Profile(name, prob.parameters[i].scale, grid, delta, float(x_best[i]), (float(lo[i]), float(hi[i])),
                   threshold, time.perf_counter() - t0)


def _pworker(args):
    objective, x, name, kw = args
    return profile_parameter(objective, x, name, **kw)


def profiles(objective: Objective, x_best: Sequence[float], names: Sequence[str] | None = None, *,
             workers: int = 1, progress: "bool | str" = False, **kw) -> dict[str, Profile]:
    """Profiles of ``names`` (default: all estimated parameters), in parallel when ``workers > 1``.

    ``progress``: as for :func:`il6sim.fitting.fit.fit` (a bar, or progress lines), counted in steps
    (``2 * max_steps`` per parameter, a side that ends early counting its remaining steps when it ends);
    step by step where the profiles run in this process, a parameter's steps at once where they run in
    worker processes (``workers > 1`` and more than one parameter).
    """
    from ..progress import progress_meter
    from .fit import _NoProgress

    names = list(names or objective.problem.parameter_names)
    unknown = [n for n in names if n not in objective.problem.parameter_names]
    if unknown:
        raise InputError([f"'{n}' is not an estimated parameter (estimated: "
                          f"{', '.join(objective.problem.parameter_names)})" for n in unknown])
    out: dict[str, Profile] = {}
    steps = int(kw.get("max_steps", MAX_STEPS))
    bar = progress_meter(progress, 2 * steps * len(names), desc="profiles", unit="step", leave=False) or _NoProgress()
    try:
        if workers > 1 and len(names) > 1:
            import multiprocessing as mp

            from .fit import process_pool

            with process_pool(workers, mp.get_context("spawn")) as ex:
                futs = [ex.submit(_pworker, (objective, np.asarray(x_best), n, kw)) for n in names]
                for f in as_completed(futs):
                    p = f.result()
                    out[p.name] = p
                    bar.update(2 * steps)
        else:
            for n in names:
                bar.set_postfix(parameter=n)
                out[n] = profile_parameter(objective, x_best, n, on_steps=bar.update, **kw)
    finally:
        bar.close()
    return {n: out[n] for n in names}
