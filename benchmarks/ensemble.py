"""Ensemble benchmark: prediction bands and verdict frequencies on this machine.

Measures, in this process (after one warm-up comparison, so the model is compiled):

* ``verdict_frequencies``: the comparison with the ``calibrated`` values plus one comparison per
  ensemble member (what ``il6sim compare --uncertainty --ensemble-size N`` computes, without the
  report), for the four default cells: wall and CPU time, per member;
* ``run_with_uncertainty``: ``seed:classic_hepatocyte`` with the same number of members.

Prints the load average before and after, since the development machine is shared.

    python benchmarks/ensemble.py --members 100 --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time


def _timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def main() -> int:
    from il6sim.compare import DEFAULT_CELLS, run_comparison
    from il6sim.compare.robustness import verdict_frequencies
    from il6sim.fitting.ensemble import parameter_set, run_with_uncertainty

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--members", type=int, default=100, help="ensemble members (2-100; default 100)")
    ap.add_argument("--json", action="store_true", help="print JSON only")
    args = ap.parse_args()

    load_before = os.getloadavg()
    run_comparison(DEFAULT_CELLS, parameters=parameter_set("calibrated"))  # warm-up: compile, caches
    vf, wall, cpu = _timed(lambda: verdict_frequencies(DEFAULT_CELLS, n=args.members))
    ur, wall_run, cpu_run = _timed(lambda: run_with_uncertainty("seed:classic_hepatocyte", n=args.members))
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "members": args.members,
        "verdict_frequencies": {"cells": list(DEFAULT_CELLS), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
                                "s_per_member": round(wall / (args.members + 1), 2),
                                "members_failed": vf.members_failed,
                                "rows_all_hold": sum(r.verdict_holds == r.members for r in vf.rows),
                                "rows": len(vf.rows)},
        "run_with_uncertainty": {"protocol": "seed:classic_hepatocyte", "wall_s": round(wall_run, 2),
                                 "cpu_s": round(cpu_run, 2), "members_failed": ur.n_failed},
    }
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        for k, v in out.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
