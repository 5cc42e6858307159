"""Engine benchmark: one 24 h simulation of the seed's trans condition in huvec.

Measures, in one process and with the same tolerances, the median time per
simulation of

(a) il6sim's own ``Simulator.simulate`` (parameters, events, output grid);
(b) raw libroadrunner on the exported SBML (reset, set the doses, simulate);
(c) scipy ``solve_ivp`` (BDF) on a plain Python right-hand side of the same
    equations (built from the same spec, see il6sim.engine.pyrhs).

Output: an output point every minute for 24 h (1441 points).
Targets: a/b <= 1.10 and c/a >= 20.

    python benchmarks/engine.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time

import numpy as np


def _median_ms(fn, repeats: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def _interleaved_median_ms(fa, fb, repeats: int, warmup: int = 3) -> tuple[float, float]:
    """Time two functions alternately, so that load from elsewhere hits both alike."""
    for _ in range(warmup):
        fa()
        fb()
    ta, tb = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fa()
        t1 = time.perf_counter()
        fb()
        t2 = time.perf_counter()
        ta.append(t1 - t0)
        tb.append(t2 - t1)
    return statistics.median(ta) * 1e3, statistics.median(tb) * 1e3


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON only")
    ap.add_argument("--repeats", type=int, default=200)
    ap.add_argument("--scipy-repeats", type=int, default=5)
    args = ap.parse_args(argv)

    import roadrunner
    from scipy.integrate import solve_ivp

    from il6sim import __version__
    from il6sim.engine.pyrhs import build_python_model
    from il6sim.engine.simulator import Event, Simulator, SolverOptions
    from il6sim.io.sbml import to_sbml
    from il6sim.model.agents import find_agent
    from il6sim.model.presets import CellSpec
    from il6sim.model.reference import reference_model
    from il6sim.units import to_nM

    opts = SolverOptions()  # rtol 1e-6, atol 1e-12: the engine's defaults
    params = CellSpec.parse("huvec").resolve()
    il6 = to_nM("10 ng/mL", find_agent("IL-6").mw_g_per_mol)
    sil6r = to_nM("25 ng/mL", find_agent("sIL-6R").mw_g_per_mol)
    times = np.linspace(0.0, 1440.0, 1441)
    events = [Event(0.0, "add", "IL6", il6), Event(0.0, "add", "sIL6R", sil6r)]

    # (a) il6sim
    sim = Simulator(options=opts)

    # (b) raw libroadrunner on the exported SBML
    spec = reference_model()
    rr = roadrunner.RoadRunner(to_sbml(spec, params))
    rr.integrator.relative_tolerance = opts.rtol
    rr.integrator.absolute_tolerance = opts.atol
    rr.integrator.maximum_num_steps = opts.max_steps
    # nM species are read as concentrations; a.u. species (mRNA, promoters) are declared with
    # hasOnlySubstanceUnits in the export, so their value is the amount
    rr.timeCourseSelections = ["time"] + [f"[{s.name}]" if s.unit == "nM" else s.name for s in spec.species]

    def raw():
        rr.reset()
        rr.setValue("[IL6]", il6)
        rr.setValue("[sIL6R]", rr.getValue("[sIL6R]") + sil6r)
        return rr.simulate(0.0, 1440.0, 1441)

    a_ms, b_ms = _interleaved_median_ms(lambda: sim.simulate(params, events, times), raw, args.repeats)

    # (c) scipy BDF on a plain Python right-hand side
    pm = build_python_model(spec, params)
    idx = {s: i for i, s in enumerate(pm.species)}
    y0 = pm.y0.copy()
    y0[idx["IL6"]] += il6
    y0[idx["sIL6R"]] += sil6r
    f = pm.rhs_factory()
    c_ms = _median_ms(lambda: solve_ivp(f, (0.0, 1440.0), y0, method="BDF", t_eval=times,
                                        rtol=opts.rtol, atol=opts.atol), args.scipy_repeats, warmup=1)

    # agreement of (a) and (b) at the final time
    ours = sim.simulate(params, events, times).states[-1]
    theirs = np.asarray(raw())[-1, 1:]
    scale = np.maximum(np.abs(theirs), 1e-9)
    result = {
        "il6sim_ms_per_sim": round(a_ms, 3),
        "roadrunner_ms_per_sim": round(b_ms, 3),
        "scipy_bdf_ms_per_sim": round(c_ms, 2),
        "il6sim_over_roadrunner": round(a_ms / b_ms, 3),
        "scipy_over_il6sim": round(c_ms / a_ms, 1),
        "targets": {"il6sim_over_roadrunner_max": 1.10, "scipy_over_il6sim_min": 20},
        "max_rel_diff_il6sim_vs_roadrunner_final_state": float(np.max(np.abs(ours - theirs) / scale)),
        "case": "seed trans (IL-6 10 ng/mL + sIL-6R 25 ng/mL) in huvec, 24 h, 1441 outputs",
        "tolerances": {"rtol": opts.rtol, "atol": opts.atol},
        "repeats": {"il6sim": args.repeats, "roadrunner": args.repeats, "scipy": args.scipy_repeats},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0],
                    "processor": platform.machine()},
        "versions": {"il6sim": __version__, "libroadrunner": roadrunner.__version__},
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
