"""A posterior sample of the joint calibration with pyPESTO (adaptive Metropolis).

Target: ``exp(-0.5 * chi2)`` of the weighted residuals (per-blot scales
optimal at every point, i.e. profiled out) with flat priors on the log10
parameters within their bounds (pyPESTO rejects proposals outside the box).
One chain from the optimum; burn-in from pyPESTO's Geweke test; the ensemble
is ``n_members`` draws thinned evenly from the chain after burn-in.

The proposal starts from the Laplace approximation at the optimum
(:func:`proposal_covariance`) and adapts to the chain's own history; the
starting covariance carries much of it for the first :data:`ADAPT_AFTER`
steps. Started from pyPESTO's default (the identity in log10 units, forgotten
after one step), the chain spent tens of thousands of steps finding the
posterior's long directions (docs/calibration.md, "Ensemble").

The chain runs in chunks. With a ``checkpoint`` file the sampler's whole state
(the chain so far, the adapted proposal and numpy's random state) is written
after every chunk, so an interrupted run resumes where it stopped and gives
the same chain as an uninterrupted one; ``report`` receives a progress line
per chunk.
"""

from __future__ import annotations

import logging
import os
import time
import zipfile
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .objective import Objective
from .problem import CalibrationProblem
from .pypesto_engine import jacobian, to_pypesto

log = logging.getLogger(__name__)

#: chain steps between two checkpoints (about half a minute of the joint problem on one core)
CHUNK = 2_000
GEWEKE_MIN_STATES = 20  # the start and 19 steps: one state per Geweke fragment
#: steps over which the adaptive proposal keeps much of its Laplace start (pyPESTO's ``threshold_sample``:
#: each of the first ADAPT_AFTER steps moves the proposal by ADAPT_AFTER ** -0.51, ~0.6 %, not 1/n)
ADAPT_AFTER = 20_000
#: ridge added to the Gauss-Newton Hessian for the starting proposal (1 / log10-unit^2): a direction the data
#: leave open gets a proposal width of about a decade, not an infinite one; the target is not changed
RIDGE = 1.0
#: what the checkpoint records of the proposal, so that a chain with another proposal is not continued
PROPOSAL = f"laplace with bound gradients, ridge {RIDGE:g}, adapt after {ADAPT_AFTER}"


def proposal_covariance(problem: CalibrationProblem, x: np.ndarray, objective: Objective | None = None) -> np.ndarray:
    """The chain's starting proposal on the log10 parameters: ``(2.38^2 / d) (J^T J + diag(g^2) + RIDGE I)^-1``.

    ``J``: FD Jacobian of the weighted residuals ``r`` at ``x``, so ``J^T J`` is the
    Gauss-Newton Hessian of ``0.5 chi2``; ``g = J^T r`` its gradient, zero at an
    interior optimum. At a bound the posterior falls off from the bound like an
    exponential of rate ``|g|``, whose standard deviation is ``1 / |g|``: the ``g^2``
    term caps the proposal there (without it, proposals from an optimum on six bounds
    left the box for the chain's first ~600 steps). ``2.38^2 / d``: the random-walk
    scaling for a Gaussian target in ``d`` dimensions (Gelman, Roberts & Gilks 1996).
    """
    from pypesto.C import MODE_RES

    J = jacobian(problem, x, objective)
    r = np.asarray(to_pypesto(problem, objective).objective(np.asarray(x, float), sensi_orders=(0,), mode=MODE_RES),
                   float)
    g = J.T @ r
    d = len(x)
    return (2.38 ** 2 / d) * np.linalg.inv(J.T @ J + np.diag(g ** 2) + RIDGE * np.eye(d))


def sampler_options(problem: CalibrationProblem, x: np.ndarray, objective: Objective | None = None,
                    progress: bool = False) -> dict[str, Any]:
    """Options of pyPESTO's ``AdaptiveMetropolisSampler`` for the chain from ``x``."""
    return {"show_progress": progress, "cov0": proposal_covariance(problem, x, objective),
            "threshold_sample": ADAPT_AFTER}


_STATE_KEYS = {"trace_x", "trace_neglogpost", "trace_neglogprior", "mean_hist", "cov_hist", "cov_scale", "cov",
               "rng_keys", "rng_pos", "rng_has_gauss", "rng_cached", "rng_kind"}


def _state(sampler, meta: dict[str, Any]) -> dict[str, np.ndarray]:
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    return {"trace_x": np.asarray(sampler.trace_x), "trace_neglogpost": np.asarray(sampler.trace_neglogpost),
            "trace_neglogprior": np.asarray(sampler.trace_neglogprior),
            "mean_hist": np.asarray(sampler._mean_hist), "cov_hist": np.asarray(sampler._cov_hist),
            "cov_scale": np.asarray(sampler._cov_scale), "cov": np.asarray(sampler._cov),
            "rng_keys": keys, "rng_pos": np.asarray(pos), "rng_has_gauss": np.asarray(has_gauss),
            "rng_cached": np.asarray(cached), "rng_kind": np.asarray(kind),
            **{f"meta_{k}": np.asarray(v) for k, v in meta.items()}}


def _save(path: Path, state: dict[str, np.ndarray]) -> None:
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, **state)
    os.replace(tmp, path)


def _restore(sampler, path: Path, meta: dict[str, Any], n_samples: int) -> bool:
    """Load ``path`` into ``sampler`` if it continues this chain; False (start afresh) otherwise."""
    try:
        with np.load(path, allow_pickle=False) as z:
            d = {k: z[k] for k in z.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as e:
        log.warning("chain checkpoint %s unreadable (%s); starting the chain afresh", path, e)
        return False
    if not _STATE_KEYS <= set(d):
        log.warning("chain checkpoint %s lacks %s; starting the chain afresh", path,
                    ", ".join(sorted(_STATE_KEYS - set(d))))
        return False
    same = all(f"meta_{k}" in d and np.array_equal(d[f"meta_{k}"], np.asarray(v)) for k, v in meta.items())
    steps = len(d["trace_x"]) - 1
    if not same or steps > n_samples:
        log.warning("chain checkpoint %s belongs to another chain (problem, start, seed, proposal or a longer "
                    "run); starting afresh", path)
        return False
    sampler.trace_x = list(d["trace_x"])
    sampler.trace_neglogpost = list(d["trace_neglogpost"])
    sampler.trace_neglogprior = list(d["trace_neglogprior"])
    sampler._mean_hist, sampler._cov_hist = d["mean_hist"], d["cov_hist"]
    sampler._cov_scale, sampler._cov = float(d["cov_scale"]), d["cov"]
    np.random.set_state((str(d["rng_kind"]), d["rng_keys"], int(d["rng_pos"]), int(d["rng_has_gauss"]),
                         float(d["rng_cached"])))
    return True



def sample_posterior(problem: CalibrationProblem, x: np.ndarray, *, n_samples: int = 10000, seed: int = 0,
                     n_members: int = 100, progress: bool = False, objective: Objective | None = None,
                     checkpoint: str | Path | None = None, chunk: int = CHUNK, tag: str = "",
                     report: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Adaptive-Metropolis sample around the optimum ``x``; returns the ensemble dict.

    ``checkpoint``: file for the chain's state (resumed from when it holds the
    start of this chain: same problem, start, seed and ``tag``, e.g. the model's
    kinetics hash; written after every ``chunk`` steps). ``progress``: pyPESTO's progress bar within each chunk.
    """
    import pypesto.sample as psample
    from pypesto import Result

    t0 = time.perf_counter()
    x = np.asarray(x, float)
    pp = to_pypesto(problem, objective)
    sampler = psample.AdaptiveMetropolisSampler(options=sampler_options(problem, x, objective, progress))
    np.random.seed(seed)  # pyPESTO's samplers draw from numpy's global generator
    sampler.initialize(pp, x)
    meta = {"x0": x, "seed": seed, "names": np.asarray(problem.parameter_names),
            "training_table_sha256": problem.data_sha256(), "tag": tag, "proposal": PROPOSAL}
    resumed = 0
    path = Path(checkpoint) if checkpoint is not None else None
    if path is not None and path.is_file() and _restore(sampler, path, meta, n_samples):
        resumed = len(sampler.trace_x) - 1
        if report:
            report(f"chain: resuming at step {resumed:,} of {n_samples:,} from {path}")
    t_run = time.perf_counter()
    while (done := len(sampler.trace_x) - 1) < n_samples:
        try:
            sampler.sample(min(chunk, n_samples - done))
        except KeyboardInterrupt:
            if report and path is not None:
                report(f"chain: stopped; {path} holds the first {done:,} steps: the same command resumes there"
                       if done else "chain: stopped before its first checkpoint; the same command starts it again")
            raise
        if path is not None:
            _save(path, _state(sampler, meta))
        if report:
            now = len(sampler.trace_x) - 1
            rate = (time.perf_counter() - t_run) / max(now - resumed, 1)
            report(f"chain: {now:,} of {n_samples:,} steps, {time.perf_counter() - t0:.0f} s, "
                   f"~{rate * (n_samples - now):.0f} s left")
    res = Result(pp)
    res.sample_result = sampler.get_samples()
    states = len(res.sample_result.trace_x[0])
    if states < GEWEKE_MIN_STATES:
        # pyPESTO's sequential Geweke test cuts the chain into 20 fragments and fails on fewer states
        log.warning("a chain of %d steps is too short for the Geweke burn-in test (it needs %d); no burn-in is "
                    "removed: run a longer chain for a posterior sample", states - 1, GEWEKE_MIN_STATES - 1)
        res.sample_result.burn_in = 0
    burn = int(psample.geweke_test(res))
    try:
        ess = float(psample.effective_sample_size(res))
    except Exception:  # pragma: no cover - diagnostics must not sink a finished chain
        ess = float("nan")
    trace = np.asarray(res.sample_result.trace_x)[0]
    post = trace[burn:]
    if len(post) < n_members:
        post = trace[len(trace) // 2:]
        log.warning("Geweke burn-in %d leaves fewer than %d samples; using the second half of the chain", burn,
                    n_members)
    idx = np.linspace(0, len(post) - 1, n_members).round().astype(int)
    draws = post[idx]
    names = problem.parameter_names
    acc = float(np.mean(np.any(np.diff(trace, axis=0) != 0, axis=1)))
    sd = post.std(axis=0)
    return {
        "method": f"pyPESTO AdaptiveMetropolisSampler, one chain of {n_samples} from the optimum, flat priors on "
                  f"log10 within the bounds; proposal: {PROPOSAL}; Geweke burn-in; thinned evenly",
        "proposal": PROPOSAL,
        "n": int(n_members), "seed": int(seed), "names": names, "n_samples": int(n_samples),
        "burn_in": burn, "effective_sample_size": ess, "acceptance_rate": acc,
        "sd_log10": {n: float(s) for n, s in zip(names, sd)},
        "ci95_log10": {n: [float(np.percentile(post[:, i], 2.5)), float(np.percentile(post[:, i], 97.5))]
                       for i, n in enumerate(names)},
        "seconds": round(time.perf_counter() - t0, 1), "resumed_at_step": int(resumed),
        "samples": [{n: float(problem.parameters[i].from_scaled(v)) for i, (n, v) in enumerate(zip(names, row))}
                    for row in draws],
    }
