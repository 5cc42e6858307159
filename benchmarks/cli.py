"""CPU cost of a whole protocol from the shell: ``il6sim run`` against a hand-written libroadrunner script.

    python benchmarks/cli.py --json [--repeats 5] [--protocol seed:sgp130fc_inhibition]

Measured: the CPU time (user + system, from ``os.wait4``) of the child process

* ``il6sim run PROTOCOL --format csv`` (what a user types), with the compiled-model cache
  warm (the state after a first run on the machine), and once more with the cache off
  (``IL6SIM_CACHE=off``: the cost of a first run);
* ``benchmarks/hand_roadrunner.py``: libroadrunner loads the SBML that ``il6sim export-sbml``
  writes for the protocol's cell and medium and simulates the same groups, with the same
  events (doses in nM) and output times, at the same tolerances.

The two are run alternately ``--repeats`` times each (the machine may be shared); the JSON
gives the medians, every sample, and ``ratio`` = il6sim / hand-written (goal: <= 1).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _cpu_of(cmd: list[str], env: dict) -> float:
    """User + system CPU seconds of one child process (and nothing else)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return usage.ru_utime + usage.ru_stime


def _prepare(protocol: str, tmp: Path) -> tuple[Path, Path]:
    """The SBML of the protocol's cell and medium, and its groups as events in nM."""
    from il6sim.engine.simulator import SolverOptions
    from il6sim.io.sbml import to_sbml
    from il6sim.model.reference import reference_model
    from il6sim.protocols import load_protocol

    p = load_protocol(protocol)
    model = tmp / "model.xml"
    model.write_text(to_sbml(reference_model(), p.parameters(), name="hand"))
    opts = SolverOptions()
    groups = {}
    for g in p.groups:
        evs = p.events(g)
        if any(e.kind != "add" for e in evs):
            raise SystemExit(f"group {g!r} has set/wash steps; the hand-written script handles doses only")
        groups[g] = [[e.time, e.target, e.value] for e in evs]
    cfg = tmp / "groups.json"
    cfg.write_text(json.dumps({"rtol": opts.rtol, "atol": opts.atol, "times": list(p.times_min), "groups": groups}))
    return model, cfg


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--protocol", default="seed:sgp130fc_inhibition")
    ap.add_argument("--repeats", type=int, default=5, help="runs of each (alternating); medians are reported")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)

    il6sim_bin = str(Path(sys.executable).with_name("il6sim"))
    env = dict(os.environ, MPLBACKEND="Agg")
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        model, cfg = _prepare(args.protocol, tmp)
        env["IL6SIM_CACHE_DIR"] = str(tmp / "cache")  # a fresh cache, warmed by the first (untimed) run
        il6sim = [il6sim_bin, "run", args.protocol, "--format", "csv"]
        hand = [sys.executable, str(HERE / "hand_roadrunner.py"), str(model), str(cfg)]
        _cpu_of(il6sim, env)  # warm the cache and the file system
        _cpu_of(hand, env)
        a, b = [], []
        for _ in range(args.repeats):
            a.append(_cpu_of(il6sim, env))
            b.append(_cpu_of(hand, env))
        cold = [_cpu_of(il6sim, dict(env, IL6SIM_CACHE="off")) for _ in range(max(1, args.repeats // 2))]
        imp = [_cpu_of([sys.executable, "-c", "import il6sim.cli.main"], env) for _ in range(3)]
    ma, mb = statistics.median(a), statistics.median(b)
    out = {
        "il6sim_run_cpu_s": round(ma, 3), "hand_roadrunner_cpu_s": round(mb, 3), "ratio": round(ma / mb, 3),
        "il6sim_run_cold_cache_cpu_s": round(statistics.median(cold), 3),
        "import_il6sim_cli_cpu_s": round(statistics.median(imp), 3),
        "samples": {"il6sim_run": [round(x, 3) for x in a], "hand_roadrunner": [round(x, 3) for x in b],
                    "il6sim_run_cold_cache": [round(x, 3) for x in cold]},
        "protocol": args.protocol,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average": [round(x, 2) for x in os.getloadavg()]},
    }
    if args.json:
        json.dump(out, sys.stdout, indent=2)
        print()
    else:
        print(f"il6sim run {args.protocol}: {ma:.3f} s CPU (cold cache {out['il6sim_run_cold_cache_cpu_s']:.3f} s)")
        print(f"hand-written libroadrunner script: {mb:.3f} s CPU; ratio {out['ratio']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
