"""A posterior sample of the joint calibration with pyPESTO (adaptive Metropolis).

Target: ``exp(-0.5 * chi2)`` of the weighted residuals (per-blot scales
optimal at every point, i.e. profiled out) with flat priors on the log10
parameters within their bounds (pyPESTO rejects proposals outside the box).
One chain from the optimum; burn-in from pyPESTO's Geweke test; the ensemble
is ``n_members`` draws thinned evenly from the chain after burn-in. Progress:
pyPESTO's progress bar (``progress=True``).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np

from .objective import Objective
from .problem import CalibrationProblem
from .pypesto_engine import to_pypesto

log = logging.getLogger(__name__)


def sample_posterior(problem: CalibrationProblem, x: np.ndarray, *, n_samples: int = 10000, seed: int = 0,
                     n_members: int = 100, progress: bool = False,
                     objective: Objective | None = None) -> dict[str, Any]:
    """Adaptive-Metropolis sample around the optimum ``x``; returns the ensemble dict."""
    import pypesto.sample as psample

    t0 = time.perf_counter()
    pp = to_pypesto(problem, objective)
    np.random.seed(seed)  # pyPESTO's samplers draw from numpy's global generator
    sampler = psample.AdaptiveMetropolisSampler(options={"show_progress": progress})
    res = psample.sample(pp, n_samples=n_samples, sampler=sampler, x0=np.asarray(x, float))
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
                  "log10 within the bounds; Geweke burn-in; thinned evenly",
        "n": int(n_members), "seed": int(seed), "names": names, "n_samples": int(n_samples),
        "burn_in": burn, "effective_sample_size": ess, "acceptance_rate": acc,
        "sd_log10": {n: float(s) for n, s in zip(names, sd)},
        "ci95_log10": {n: [float(np.percentile(post[:, i], 2.5)), float(np.percentile(post[:, i], 97.5))]
                       for i, n in enumerate(names)},
        "seconds": round(time.perf_counter() - t0, 1),
        "samples": [{n: float(problem.parameters[i].from_scaled(v)) for i, (n, v) in enumerate(zip(names, row))}
                    for row in draws],
    }
