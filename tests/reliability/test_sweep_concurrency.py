"""One writer per sweep directory; killed sweeps resume; a directory is never complete on mixed data."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest

SPEC = """\
protocol: seed:trans_huvec
design:
  method: lhs
  n: {n}
  seed: {seed}
  parameters:
    IL6R_per_cell: {{dist: loguniform, low: 10, high: 5000}}
readouts: {{observables: [pSTAT3], times: [0 min, 30 min]}}
execution: {{scheduler: serial, chunk_size: {chunk}}}
"""


def _spec(tmp_path, name, n=40, seed=1, chunk=2):
    f = tmp_path / f"{name}.yaml"
    f.write_text(SPEC.format(n=n, seed=seed, chunk=chunk))
    return f


def _start(spec, out, extra=()):
    return subprocess.Popen([sys.executable, "-m", "il6sim.cli.main", "sweep", str(spec), "-o", str(out),
                             "--no-progress", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_parts(proc, out, n):
    """Wait until ``n`` chunks of the sweep ``proc`` are on disk (or it has ended)."""
    while proc.poll() is None and len(list((out / "parts").glob("part-*.parquet"))) < n:
        time.sleep(0.01)


def _assert_consistent_with(out, spec):
    """``out`` is complete and every file in it comes from ``spec``'s sweep."""
    from il6sim.sweeps import load_sweep_spec, run_sweep

    prov = json.loads((out / "provenance.json").read_text())
    s = load_sweep_spec(spec)
    assert prov["complete"] is True
    assert prov["fingerprint"] == s.run_plan().fingerprint()
    design = pd.read_parquet(out / "design.parquet")
    np.testing.assert_array_equal(design[list(s.design.names)].to_numpy(), s.design.sample())
    ref = run_sweep(s, scheduler="serial").table()
    pd.testing.assert_frame_equal(pd.read_parquet(out / "runs.parquet"), ref, check_exact=True)
    assert not (out / "parts").exists()
    assert not [p.name for p in out.rglob("*.tmp")]


def test_second_sweep_into_a_running_sweeps_directory_is_refused(tmp_path, start_held_sweep):
    # the first sweep is held after its first chunk until the second has been answered: left to run, it could
    # finish while the second was still starting (on a busy machine), which then found a finished sweep
    a, b = _spec(tmp_path, "a", n=40, seed=1), _spec(tmp_path, "b", n=40, seed=2)
    out, gate = tmp_path / "out", tmp_path / "gate"
    first = start_held_sweep(a, out, 1, gate)
    try:
        _wait_for_parts(first, out, 1)
        assert first.poll() is None, "the first sweep ended before it wrote a chunk"
        second = _start(b, out)
        _, err = second.communicate(timeout=120)
        assert first.poll() is None  # still running (held) when the second was answered
        assert second.returncode == 2, err
        assert err.strip().splitlines() == [f"il6sim: error: --out: '{out}' is in use by another running sweep; "
                                            "wait for it to finish or choose another output directory"]
    finally:
        gate.touch()
        _, err1 = first.communicate(timeout=120)
    assert first.returncode == 0, err1
    _assert_consistent_with(out, a)


@pytest.mark.parametrize("attempt", range(3))
def test_two_different_sweeps_racing_on_one_directory(attempt, tmp_path):
    """Started together: one finishes, the other is refused in one line; the directory holds one sweep."""
    specs = {"a": _spec(tmp_path, "a", n=30, seed=1), "b": _spec(tmp_path, "b", n=30, seed=2)}
    out = tmp_path / "out"
    procs = {k: _start(s, out) for k, s in specs.items()}
    res = {k: (p.communicate(timeout=180), p.returncode) for k, p in procs.items()}
    codes = sorted(code for _, code in res.values())
    assert codes == [0, 2], {k: (c, e[-1500:]) for k, ((_, e), c) in res.items()}
    winner = next(k for k, (_, c) in res.items() if c == 0)
    (_, err), _ = res["b" if winner == "a" else "a"]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and ("is in use by another running sweep" in lines[0]
                                or "holds the results of a different sweep" in lines[0]), err
    _assert_consistent_with(out, specs[winner])


def _stop_mid_run(start_held_sweep, spec, out, sig) -> tuple[int, str]:
    """Start the sweep, send ``sig`` once three chunks are on disk; its exit status and standard error.

    The sweep waits after its third chunk for the signal (its gate never opens): it cannot finish first."""
    proc = start_held_sweep(spec, out, 3, out.parent / "never-opened")
    try:
        _wait_for_parts(proc, out, 3)
        assert proc.poll() is None, "the sweep ended before it wrote three chunks"
        os.kill(proc.pid, sig)
    except BaseException:
        proc.kill()  # not left waiting at its gate
        raise
    finally:
        _, err = proc.communicate(timeout=120)
    assert not (out / "runs.parquet").exists(), "the sweep finished before it was stopped; make it longer"
    return proc.returncode, err


def test_killed_during_its_run_then_resumed(tmp_path, start_held_sweep):
    spec = _spec(tmp_path, "a", n=200, chunk=2)
    out = tmp_path / "out"
    _stop_mid_run(start_held_sweep, spec, out, signal.SIGKILL)
    again = _start(spec, out)
    _, err = again.communicate(timeout=180)
    assert again.returncode == 0, err
    _assert_consistent_with(out, spec)


def test_terminated_says_so_releases_its_lock_and_resumes(tmp_path, start_held_sweep):
    # SIGTERM (a batch scheduler's kill, `timeout`) ends a sweep as Ctrl-C does: a message, finished chunks
    # kept, the lock released; exit status 128 + 15 (143)
    spec = _spec(tmp_path, "t", n=200, chunk=2)
    out = tmp_path / "out"
    code, err = _stop_mid_run(start_held_sweep, spec, out, signal.SIGTERM)
    assert code == 143, err
    assert "il6sim: terminated; run the same command again to resume" in err and "Traceback" not in err
    again = _start(spec, out)  # the lock was released: the same command takes the folder over
    said, err = again.communicate(timeout=180)
    assert again.returncode == 0 and "already done" in said + err, err
    _assert_consistent_with(out, spec)


KILL_IN_MERGE = """
import os, signal, sys
import pyarrow.parquet as pq
from il6sim.sweeps import execution
from il6sim.cli.main import main

where = sys.argv[1]
if where == "writing runs":
    real_init, real_write = pq.ParquetWriter.__init__, pq.ParquetWriter.write_table
    def init(self, where, *a, **k):
        self._target = str(where)
        real_init(self, where, *a, **k)
    def write_table(self, *a, **k):
        real_write(self, *a, **k)
        if ".runs.parquet." in self._target:
            os.kill(os.getpid(), signal.SIGKILL)  # part of runs.parquet written to its temporary
    pq.ParquetWriter.__init__, pq.ParquetWriter.write_table = init, write_table
else:
    real_json = execution._write_json
    def write_json(path, obj):
        if obj.get("complete"):
            os.kill(os.getpid(), signal.SIGKILL)  # runs.parquet in place, provenance not yet complete
        real_json(path, obj)
    execution._write_json = write_json
sys.exit(main(["sweep", sys.argv[2], "-o", sys.argv[3], "--no-progress"]))
"""


@pytest.mark.parametrize("where", ["writing runs", "before provenance"])
def test_killed_during_its_merge_then_resumed(where, tmp_path):
    spec = _spec(tmp_path, "a", n=12, chunk=2)
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(KILL_IN_MERGE), where, str(spec), str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == -signal.SIGKILL, r.stderr
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["complete"] is False
    again = _start(spec, out)
    stdout, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert "12 runs" in stdout
    _assert_consistent_with(out, spec)


def test_results_get_the_usual_file_permissions(tmp_path):
    """Temporaries come from mkstemp (mode 0600); the files renamed into place get 0666 minus the umask."""
    import stat

    from il6sim.sweeps.execution import _UMASK

    spec = _spec(tmp_path, "a", n=4, chunk=2)
    out = tmp_path / "out"
    proc = _start(spec, out)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    for name in ("runs.parquet", "design.parquet", "provenance.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o666 & ~_UMASK, name
