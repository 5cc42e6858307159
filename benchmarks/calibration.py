"""Calibration benchmark: what one step of the joint HepG2 + PHH calibration costs on this machine.

Measures, in one process, on the joint training problem at the packaged ``calibrated`` optimum:

* one evaluation of the weighted residuals (every training condition simulated, blot scales
  solved): median wall time;
* one finite-difference Jacobian through pyPESTO (what every least-squares iteration of
  ``make calibrate`` needs);
* a short adaptive Metropolis chain (``il6sim.fitting.sampling.sample_posterior``) with its
  checkpoint written every ``--chunk`` steps (as ``make sample`` does; the writes timed), and the
  100,000-step chain of ``make sample`` projected from it. The timed steps continue a chain of
  ``--warmup`` steps (untimed, resumed from its checkpoint): a proposal outside the bounds is
  rejected without a simulation, and how often that happens settles only as the proposal adapts
  from its Laplace start (several parameters sit at a bound), so the steps timed are those of a chain
  under way, like the bulk of a run;
* the peak resident memory of the process.

The checkpoint of the timed chain is small; the write of a full-length one (100,000 steps) is
timed separately and the writes of ``make sample`` (one every 2,000 steps) projected from it.
Targets: the checkpoint writes cost at most 5 % of ``make sample``, and the projected 100,000-step
chain fits in 30 min on one core.

    python benchmarks/calibration.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON only")
    ap.add_argument("--repeats", type=int, default=20, help="residual evaluations timed (default 20)")
    ap.add_argument("--steps", type=int, default=600, help="steps of each timed chain (default 600)")
    ap.add_argument("--chunk", type=int, default=200, help="steps between checkpoints in the timed chain")
    ap.add_argument("--warmup", type=int, default=1500, help="untimed steps before the timed ones (default 1500)")
    args = ap.parse_args(argv)

    import numpy as np
    import pypesto
    import roadrunner

    from il6sim import __version__
    from il6sim.fitting.calibrate_joint import CHAIN_STEPS
    from il6sim.fitting.ensemble import parameter_set
    from il6sim.fitting.joint import joint_problem
    from il6sim.fitting.objective import Objective
    from il6sim.fitting.pypesto_engine import jacobian
    from il6sim.fitting.sampling import CHUNK, _save, sample_posterior

    problem = joint_problem("training")
    values = parameter_set("calibrated")
    x = problem.to_scaled(values)
    obj = Objective(problem)
    obj(x)  # load the model, fill the cache

    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        obj(x)
        times.append(time.perf_counter() - t0)
    eval_ms = statistics.median(times) * 1e3

    t0 = time.perf_counter()
    jac = jacobian(problem, x, obj)
    jac_s = time.perf_counter() - t0

    import il6sim.fitting.sampling as sampling

    spent = []

    def timed_save(path, state):
        t0 = time.perf_counter()
        _save(path, state)
        spent.append(time.perf_counter() - t0)

    sampling._save = timed_save  # time the checkpoint writes inside the chain
    with tempfile.TemporaryDirectory() as tmp:
        ck = Path(tmp) / "chain_checkpoint.npz"
        sample_posterior(problem, x, n_samples=args.warmup, seed=0, n_members=10, objective=obj,
                         checkpoint=ck, chunk=args.warmup)
        spent.clear()
        t0 = time.perf_counter()
        sample_posterior(problem, x, n_samples=args.warmup + args.steps, seed=0, n_members=10, objective=obj,
                         checkpoint=ck, chunk=args.chunk)
        ck_s = time.perf_counter() - t0
        ck_bytes = ck.stat().st_size
        # a checkpoint at the end of the full chain: the traces of CHAIN_STEPS steps
        n = len(x)
        full = {"trace_x": np.zeros((CHAIN_STEPS + 1, n)), "trace_neglogpost": np.zeros(CHAIN_STEPS + 1),
                "trace_neglogprior": np.zeros(CHAIN_STEPS + 1), "cov": np.eye(n)}
        t0 = time.perf_counter()
        _save(Path(tmp) / "full.npz", full)
        full_write_s = time.perf_counter() - t0
    sampling._save = _save
    # the checkpoint grows with the chain: the writes of the full run cost about half of
    # (number of chunks) x (the write at its end)
    writes_s = 0.5 * (CHAIN_STEPS / CHUNK) * full_write_s
    # each run of the chain starts with one FD Jacobian (its Laplace proposal), timed above: not a per-step cost
    per_step_ms = max(ck_s - jac_s, 0.0) / args.steps * 1e3
    projected = per_step_ms * CHAIN_STEPS / 1e3
    result = {
        "residuals_ms_per_evaluation": round(eval_ms, 2),
        "n_residuals": int(jac.shape[0]), "n_parameters": int(jac.shape[1]),
        "fd_jacobian_s": round(jac_s, 2),
        "chain_steps_timed": args.steps, "chain_steps_before_the_timed_ones": args.warmup,
        "chain_ms_per_step": round(per_step_ms, 2),
        "checkpoint_every_steps": args.chunk,
        "checkpoint_writes_s_in_timed_chain": round(sum(spent), 4),
        "checkpoint_bytes_at_end": ck_bytes,
        "checkpoint_write_s_at_full_chain": round(full_write_s, 3),
        "projected_checkpoint_writes_s_in_make_sample": round(writes_s, 1),
        "projected_make_sample_s": round(projected + writes_s),
        "projected_checkpoint_fraction_of_make_sample": round(writes_s / (projected + writes_s), 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targets": {"projected_checkpoint_fraction_of_make_sample_max": 0.05, "projected_make_sample_s_max": 1800},
        "case": "joint HepG2 + PHH training problem at the packaged 'calibrated' optimum",
        "load_average": [round(v, 2) for v in os.getloadavg()],
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0],
                    "processor": platform.machine()},
        "versions": {"il6sim": __version__, "libroadrunner": roadrunner.__version__, "pypesto": pypesto.__version__,
                     "numpy": np.__version__},
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
