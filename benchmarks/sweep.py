"""Sweep throughput: il6sim on 1 and 2 Dask worker processes against a plain libroadrunner loop.

The sweep: the bundled trans protocol (``seed:trans_huvec``: 4 groups, 8
observables, 4 readout times plus peak, time to peak and AUC) over a seeded
Latin hypercube of IL-6R (log-uniform 10-5000 per cell) and gp130 (log-normal,
CV 0.3) copy numbers; every run simulates all 4 groups. Results are written to
Parquet as in a real sweep.

The baseline: a plain loop over libroadrunner on the exported SBML (same
solver settings, same output times, same design points and doses) that only
integrates and keeps the raw species matrix: no observables, metrics or
files. It sets parameters with ``model.setValue("init(p)")`` + ``resetAll()``,
the fast route (``RoadRunner.setValue("init(p)")`` regenerates the model,
about a second per call in libroadrunner 2.10).

The machine may be shared: the loop runs half its runs before the sweeps and
half after, and the JSON records the load average and CPU times (worker
processes' CPU seconds per simulation) beside the wall-clock rates.

Cluster start-up and the one-off model compilation on each worker are done
before the clock starts; the timed part is the sweep itself (scheduling,
simulation, readouts, writing).

    python benchmarks/sweep.py --json            # 10,000 runs
    python benchmarks/sweep.py --runs 2000       # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time

import numpy as np


def _spec(n: int) -> dict:
    return {
        "protocol": "seed:trans_huvec",
        "design": {"method": "lhs", "n": n, "seed": 1, "parameters": {
            "IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000},
            "gp130_per_cell": {"dist": "lognormal", "cv": 0.3}}},
        "execution": {"chunk_size": 250},
    }


def _timed_sweep(spec, workers: int, tmp: str) -> dict:
    from il6sim.sweeps import run_sweep
    from il6sim.sweeps.execution import dask_client
    from il6sim.sweeps.plan import warm_worker

    with dask_client("local", workers) as client:  # the cluster `il6sim sweep` starts
        plan = spec.run_plan()
        client.run(warm_worker, plan.model)  # compile once per worker, before the clock
        out = os.path.join(tmp, f"w{workers}")
        cpu0 = client.run(time.process_time)
        main0 = time.process_time()
        t0 = time.perf_counter()
        res = run_sweep(spec, out, client=client)
        wall = time.perf_counter() - t0
        main_cpu = time.process_time() - main0
        cpu1 = client.run(time.process_time)
    worker_cpu = sum(cpu1[w] - cpu0[w] for w in cpu0)
    n_sims = res.n_runs * len(spec.protocol.groups)
    return {"workers": workers, "runs": res.n_runs, "simulations": n_sims, "wall_s": round(wall, 3),
            "sims_per_second": n_sims / wall, "failed_runs": res.n_failed,
            "worker_cpu_s": round(worker_cpu, 3), "worker_cpu_ms_per_sim": round(1e3 * worker_cpu / n_sims, 4),
            "client_cpu_s": round(main_cpu, 3)}


def _roadrunner_loop(spec, n_runs: int, share_start: bool = False) -> dict:
    """The plain loop; ``share_start``: integrate the groups' common first steps once per design point."""
    import roadrunner

    from il6sim.engine.simulator import SolverOptions
    from il6sim.io.sbml import to_sbml

    plan = spec.run_plan()
    grid = plan.grids()[0]
    opts = SolverOptions()
    from il6sim.model.reference import reference_model

    rr = roadrunner.RoadRunner(to_sbml(reference_model()))
    integ = rr.integrator
    integ.relative_tolerance, integ.absolute_tolerance = opts.rtol, opts.atol
    integ.maximum_num_steps = opts.max_steps
    rr.timeCourseSelections = ["time"] + [f"[{s}]" for s in rr.model.getFloatingSpeciesIds()]
    medium = [f"[{m}]" for m in reference_model().species_in("medium")]
    groups = []
    for _, events in plan.groups:
        assert all(e.kind in ("add", "wash") for e in events), "the loop handles doses and washes only"
        steps = []  # (time, [(species or None for a wash, amount)])
        for t in sorted({e.time for e in events}):
            steps.append((t, [(None if e.kind == "wash" else f"[{e.target}]", e.value)
                              for e in events if e.time == t]))
        groups.append(steps)
    x = spec.design.sample()[:n_runs]
    names = plan.names
    model = rr.model
    base = dict(plan.base)
    for k, v in base.items():
        model.setValue(f"init({k})", float(v))
    rr.resetAll()
    n_common = 0
    if share_start:
        while all(len(g) > n_common and g[n_common] == groups[0][n_common] for g in groups):
            n_common += 1
    t_split = min([grid[0]] + [g[n_common][0] for g in groups if len(g) > n_common]) if n_common else None

    def run_steps(steps, t):
        for t_event, changes in steps:
            if t_event > t:
                rr.simulate(t, t_event, 2)
                t = t_event
            for key, v in changes:
                if key is None:
                    for m in medium:
                        rr.setValue(m, 0.0)
                else:
                    rr.setValue(key, rr.getValue(key) + v)
        return t

    t0 = time.perf_counter()
    c0 = time.process_time()
    keep = 0.0
    for row in x:
        for k, v in zip(names, row):
            model.setValue(f"init({k})", float(v))
        rr.resetAll()
        if n_common:
            t = run_steps(groups[0][:n_common], groups[0][0][0])
            if t < t_split:
                rr.simulate(t, t_split, 2)
            y_split = np.array(model.getFloatingSpeciesConcentrations())
        for steps in groups:
            if n_common:  # continue from the shared start
                model.setTime(t_split)
                model.setFloatingSpeciesConcentrations(y_split)
                t = run_steps(steps[n_common:], t_split)
            else:  # each group on its own, as a script would: from rest through its steps
                rr.reset()
                t = run_steps(steps, min([grid[0]] + [st[0] for st in steps]))
            if t < grid[0]:
                rr.simulate(t, grid[0], 2)
            res = rr.simulate(times=grid)
            keep += float(np.asarray(res)[-1, 1])
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    n_sims = len(x) * len(groups)
    return {"runs": len(x), "simulations": n_sims, "wall_s": round(wall, 3), "sims_per_second": n_sims / wall,
            "cpu_ms_per_sim": round(1e3 * cpu / n_sims, 4)}


def _merge(a: dict, b: dict) -> dict:
    """One figure from the loop's runs before (``a``) and after (``b``) the sweeps."""
    loop = {k: a[k] + b[k] for k in ("runs", "simulations")}
    loop["wall_s"] = round(a["wall_s"] + b["wall_s"], 3)
    loop["sims_per_second"] = loop["simulations"] / loop["wall_s"]
    loop["cpu_ms_per_sim"] = round((a["cpu_ms_per_sim"] * a["simulations"]
                                    + b["cpu_ms_per_sim"] * b["simulations"]) / loop["simulations"], 4)
    loop["before_sweeps_sims_per_second"] = round(a["sims_per_second"], 1)
    loop["after_sweeps_sims_per_second"] = round(b["sims_per_second"], 1)
    return loop


def _machine() -> dict:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import roadrunner

    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "libroadrunner": roadrunner.__version__, "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10_000, help="sweep runs (default 10000)")
    ap.add_argument("--loop-runs", type=int, default=None, help="runs of the plain loop (default: same as --runs)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)

    from il6sim.sweeps import load_sweep_spec

    spec = load_sweep_spec(_spec(args.runs))
    machine = _machine()
    n_loop = args.loop_runs or args.runs
    # the machine may be shared: the loops run before and after the sweeps and their means are used
    halves = {share: [_roadrunner_loop(spec, max(1, n_loop // 2), share)] for share in (False, True)}
    with tempfile.TemporaryDirectory() as tmp:
        one = _timed_sweep(spec, 1, tmp)
        two = _timed_sweep(spec, 2, tmp)
    for share in (False, True):
        halves[share].append(_roadrunner_loop(spec, max(1, n_loop - n_loop // 2), share))
    loop, shared = (_merge(*halves[share]) for share in (False, True))
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out = {
        "sims_per_second_2_workers": round(two["sims_per_second"], 1),
        "parallel_efficiency_2_workers": round(two["sims_per_second"] / (2 * one["sims_per_second"]), 3),
        "per_worker_vs_roadrunner_loop": round(one["sims_per_second"] / loop["sims_per_second"], 3),
        "sims_per_second_1_worker": round(one["sims_per_second"], 1),
        "per_worker_vs_roadrunner_loop_cpu_time": round(loop["cpu_ms_per_sim"] / one["worker_cpu_ms_per_sim"], 3),
        "roadrunner_loop_sims_per_second": round(loop["sims_per_second"], 1),
        # a smarter hand-written loop that also integrates the groups' common start once
        "per_worker_vs_shared_start_loop": round(one["sims_per_second"] / shared["sims_per_second"], 3),
        "per_worker_vs_shared_start_loop_cpu_time": round(shared["cpu_ms_per_sim"] / one["worker_cpu_ms_per_sim"], 3),
        "one_worker": one, "two_workers": two, "roadrunner_loop": loop, "shared_start_loop": shared,
        "protocol": "seed:trans_huvec", "groups_per_run": len(spec.protocol.groups),
        "observables": list(spec.readouts.observables), "machine": machine,
    }
    if args.json:
        json.dump(out, sys.stdout, indent=2, default=float)
        print()
    else:
        print(f"{one['simulations']} simulations ({one['runs']} runs x {len(spec.protocol.groups)} groups)")
        print(f"1 worker : {one['sims_per_second']:8.1f} sims/s")
        print(f"2 workers: {two['sims_per_second']:8.1f} sims/s  (efficiency {out['parallel_efficiency_2_workers']:.2f})")
        print(f"loop     : {loop['sims_per_second']:8.1f} sims/s  (1 worker / loop = {out['per_worker_vs_roadrunner_loop']:.2f})")
        print(f"loop, common start shared: {shared['sims_per_second']:8.1f} sims/s  "
              f"(1 worker / loop = {out['per_worker_vs_shared_start_loop']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
