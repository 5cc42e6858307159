"""Web app benchmark: response times of `il6sim serve` on this machine.

Starts `il6sim serve` on a free local port (2 worker processes) and measures

* the time until /api/health answers (server start);
* POST /api/run with the bundled protocol seed:trans_huvec (4 groups, 8
  observables, 4 times): median of 5, one at a time;
* 8 such runs sent at once (different IL-6 doses): wall time until all have answered;
* POST /api/experiment (records and the three figures as PNG): median of 3; and with the blot
  only (what the page waits for; it fetches the other two figures in parallel);
* POST /api/routes ("classic or trans?" for huvec_zegeye2018): first call
  (computes the IL-6R:gp130 map in the worker) and a second call.

    python benchmarks/web.py --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed(fn) -> float:
    t0 = time.perf_counter()
    r = fn()
    r.raise_for_status()
    return time.perf_counter() - t0


def main() -> int:
    import httpx
    import yaml

    from il6sim.protocols import bundled_protocol_text

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print JSON only")
    args = ap.parse_args()

    port = _free_port()
    exe = Path(sys.executable).parent / "il6sim"
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, MPLBACKEND="Agg"))
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=300) as c:
            while True:
                try:
                    if c.get("/api/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            start_s = time.perf_counter() - t0
            seed = yaml.safe_load(bundled_protocol_text("trans_huvec"))
            _timed(lambda: c.post("/api/run", json=seed))  # the workers compile the model once
            run_s = [_timed(lambda: c.post("/api/run", json=seed)) for _ in range(5)]

            def dosed(k):
                p = json.loads(json.dumps(seed))
                p["groups"]["trans"][0]["dose"] = f"{k + 1} ng/mL"
                return p

            t1 = time.perf_counter()
            with ThreadPoolExecutor(8) as ex:
                replies = list(ex.map(lambda k: c.post("/api/run", json=dosed(k)), range(8)))
            conc_s = time.perf_counter() - t1
            ok = sum(r.status_code == 200 for r in replies)
            text = bundled_protocol_text("trans_huvec")
            exp_s = [_timed(lambda: c.post("/api/experiment", json={"yaml": text})) for _ in range(3)]
            blot_s = [_timed(lambda: c.post("/api/experiment", json={"yaml": text, "figures": ["western_blot"]}))
                      for _ in range(3)]
            q = {"cell": "huvec_zegeye2018"}
            routes_first = _timed(lambda: c.post("/api/routes", json=q))
            routes_second = _timed(lambda: c.post("/api/routes", json=q))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    out = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "server_start_s": round(start_s, 2),
        "run_trans_huvec_median_s": round(statistics.median(run_s), 3),
        "eight_concurrent_runs_wall_s": round(conc_s, 2), "eight_concurrent_runs_ok": ok,
        "experiment_with_figures_median_s": round(statistics.median(exp_s), 2),
        "experiment_with_blot_only_median_s": round(statistics.median(blot_s), 2),
        "routes_first_call_s": round(routes_first, 2), "routes_second_call_s": round(routes_second, 2),
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
