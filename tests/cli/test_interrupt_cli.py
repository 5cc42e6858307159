"""Ctrl-C and SIGTERM stop a command with one line and exit 130 / 143: no traceback, no process left behind."""

import gc
import os
import signal
import subprocess
import sys
import time

import pytest
import yaml

pytest.importorskip("distributed")

SWEEP = """\
protocol: seed:trans_huvec
design:
  method: lhs
  n: {n}
  seed: 1
  parameters:
    IL6R_per_cell: {{dist: loguniform, low: 10, high: 5000}}
readouts: {{observables: [pSTAT3], times: [0 min, 30 min]}}
execution: {{scheduler: local, workers: 1, chunk_size: 2}}
"""


def _alive(pgid: int) -> list[int]:
    """The processes still in process group ``pgid``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.getpgid(int(pid)) == pgid:
                found.append(int(pid))
        except ProcessLookupError:
            pass
    return found


def _gone_or_left(pgid: int) -> list[int]:
    """The processes of group ``pgid`` that are still there once its helpers (the workers, multiprocessing's
    resource tracker) have had their time to end after the command."""
    deadline = time.monotonic() + 30
    while _alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(pgid)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig, code, said", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_a_dask_sweep_stopped_through_its_process_group_says_one_line_and_resumes(sig, code, said, tmp_path):
    # Ctrl-C (and a batch system's SIGTERM) reaches every process of the group: the command and its Dask workers
    spec = tmp_path / "s.yaml"
    spec.write_text(SWEEP.format(n=2000), encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "il6sim.cli.main", "sweep", str(spec), "-o", str(out), "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        while proc.poll() is None and not list((out / "parts").glob("part-*.parquet")):
            time.sleep(0.05)  # the marker: a finished chunk on disk, so the workers are running
        os.killpg(proc.pid, sig)
        _, err = proc.communicate(timeout=120)
        left = _gone_or_left(proc.pid)
    finally:
        for pid in _alive(proc.pid):
            os.kill(pid, signal.SIGKILL)
    assert not (out / "runs.parquet").exists(), "the sweep ended before it was stopped; make it longer"
    assert (proc.returncode, err) == (
        code, f"il6sim: {said}; run the same command again to resume (finished chunks are kept)\n")
    assert left == []
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and "already done" in again.stdout, again.stderr


def test_an_interrupt_between_chunks_of_a_dask_sweep_leaves_no_ignored_exception(monkeypatch):
    # stopped while a finished chunk was stored, the chunk stream was left to the garbage collector, which
    # cancelled its futures after the client had closed: "Exception ignored in: <generator object _dask ...>
    # RuntimeError: IOLoop is closed" under the command's one-line message
    from il6sim.sweeps import load_sweep_spec
    from il6sim.sweeps.execution import execute

    ignored = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    raw = yaml.safe_load(SWEEP.format(n=40))
    del raw["execution"]
    spec = load_sweep_spec(raw)

    def stop(chunk):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as info:
        execute(spec.run_plan(), spec.design.sample(), scheduler="local", workers=1, chunk_size=2, on_chunk=stop)
    del info
    gc.collect()
    assert [f"{u.exc_type.__name__}: {u.exc_value}" for u in ignored] == []


def test_workers_of_a_local_cluster_never_see_the_groups_ctrl_c_or_sigterm():
    # Ctrl-C while the cluster started reached the half-started workers, each of which printed a
    # KeyboardInterrupt traceback; the workers inherit the block of both signals from the start
    from il6sim.sweeps.execution import dask_client

    with dask_client("local", 1) as client:
        blocked = client.run(signal.pthread_sigmask, signal.SIG_BLOCK, [])
    assert [{signal.SIGINT, signal.SIGTERM} <= set(b) for b in blocked.values()] == [True]
    assert not {signal.SIGINT, signal.SIGTERM} & signal.pthread_sigmask(signal.SIG_BLOCK, [])  # restored here


@pytest.mark.parametrize("sig, raised", [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, SystemExit)])
def test_a_signal_while_the_local_cluster_starts_closes_it(sig, raised, monkeypatch):
    # interrupted inside LocalCluster(), the command left a cluster that Dask's exit handler failed to close
    # ("Exception ignored in atexit callback ... AssertionError: Status.init"); the signal now waits until
    # the cluster is up, and the cluster is closed
    import distributed

    made = []

    class SignalledCluster(distributed.LocalCluster):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            made.append(self)
            os.kill(os.getpid(), sig)  # arrives while the cluster is being set up

    def on_term(signum, frame):
        raise SystemExit(143)

    monkeypatch.setattr(distributed, "LocalCluster", SignalledCluster)
    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        from il6sim.sweeps.execution import dask_client

        with pytest.raises(raised):
            with dask_client("local", 1):
                pytest.fail("the signal was not raised before the sweep's work")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert [c.status.name for c in made] == ["closed"]


SLOW_OBJECTIVE = """\
import os, time
import numpy as np


class _Problem:
    lower, upper = np.zeros(1), np.ones(1)


class SlowObjective:
    \"\"\"One parameter; each evaluation notes its point in FOLDER and takes a while.\"\"\"

    problem, n_data = _Problem(), 1

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, x):
        open(os.path.join(self.folder, f"{float(x[0]):.17g}"), "w").close()
        time.sleep(0.1)
        return np.array([x[0] - 0.5])

    def nll_constant(self):
        return 0.0
"""

STOPPED_FIT = """\
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np
from slow_objective import SlowObjective
from il6sim.fitting.fit import FitOptions, _run_all

if __name__ == "__main__":  # the workers are spawned: they import this file too
    jobs = [(i, np.array([0.01 * (i + 1)])) for i in range(12)]
    try:
        _run_all(SlowObjective(sys.argv[2]), jobs, FitOptions(max_nfev=8, workers=2), False, "fit")
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        sys.exit(130)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_fit_stopped_with_its_starts_in_worker_processes_runs_no_further_starts(tmp_path):
    # stopped by a signal to the command alone (SIGTERM from a batch system or `timeout`, raised as an
    # interrupt), the fit waited for the workers to run every start submitted: minutes before it ended
    (tmp_path / "slow_objective.py").write_text(SLOW_OBJECTIVE, encoding="utf-8")
    (tmp_path / "stopped_fit.py").write_text(STOPPED_FIT, encoding="utf-8")
    seen = tmp_path / "seen"
    seen.mkdir()
    starts = {f"{0.01 * (i + 1):.17g}" for i in range(12)}
    proc = subprocess.Popen([sys.executable, str(tmp_path / "stopped_fit.py"), str(tmp_path), str(seen)],
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        while proc.poll() is None and not starts & set(os.listdir(seen)):
            time.sleep(0.05)  # the marker: a start has begun in a worker
        assert proc.poll() is None, proc.communicate()[1]
        os.kill(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=300)
        left = _gone_or_left(proc.pid)
    finally:
        for pid in _alive(proc.pid):
            os.kill(pid, signal.SIGKILL)
    assert (proc.returncode, err) == (130, "stopped\n")
    begun = starts & set(os.listdir(seen))
    assert len(begun) < len(starts), "every start ran after the interrupt"
    assert left == []


@pytest.mark.parametrize("sig, code, said", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_serve_stopped_says_so_with_the_status_of_the_other_commands(sig, code, said):
    # uvicorn.run() swallowed the signal its server raises again after the graceful shutdown: the server
    # ended with status 0 and no word, unlike every other command stopped by Ctrl-C or SIGTERM; and each
    # worker process printed a KeyboardInterrupt traceback of its own
    import socket
    import urllib.request

    pytest.importorskip("uvicorn")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "il6sim.cli.main", "serve", "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env=dict(os.environ, MPLBACKEND="Agg"))
    try:
        while proc.poll() is None:  # the marker: the server answers
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        assert proc.poll() is None, proc.communicate()[1]
        os.killpg(proc.pid, sig)  # as Ctrl-C: to the server and its worker processes
        _, err = proc.communicate(timeout=60)
        left = _gone_or_left(proc.pid)
    finally:
        for pid in _alive(proc.pid):
            os.kill(pid, signal.SIGKILL)
    assert proc.returncode == code, err
    assert err.splitlines()[1:] == [f"il6sim: {said}"], err  # after the line with the server's address
    assert left == []


def test_a_stop_before_dask_started_its_call_adds_no_warning_to_the_one_line(monkeypatch):
    # stopped just after Dask's sync() scheduled its call and before the call had begun, the clean-up callback
    # read a variable not yet set, and "il6sim: warning: tornado.application: Exception in callback ...
    # (cannot access free variable 'future' ...)" stood above the line saying how to resume (seen in CI)
    import io
    import logging
    import threading
    import types

    import distributed.utils as dutils

    from il6sim.cli.main import _stderr_handler

    stream = io.StringIO()
    handler = _stderr_handler(logging.WARNING)
    handler.setStream(stream)
    app_log = logging.getLogger("tornado.application")
    app_log.addHandler(handler)

    class StoppedAtOnce(threading.Event):
        def wait(self, timeout=None):
            raise KeyboardInterrupt

    async def nothing():
        return None

    busy, free = threading.Event(), threading.Event()

    def hold():  # keeps the loop from starting the call until the stop has been seen
        busy.set()
        free.wait(30)

    runner = dutils.LoopRunner(asynchronous=False)
    runner.start()
    try:
        runner.loop.add_callback(hold)
        assert busy.wait(30)
        with monkeypatch.context() as m:
            m.setattr(dutils, "threading", types.SimpleNamespace(Event=StoppedAtOnce, get_ident=threading.get_ident))
            with pytest.raises(KeyboardInterrupt):
                dutils.sync(runner.loop, nothing)
        free.set()
        dutils.sync(runner.loop, nothing)  # the loop has run the clean-up callback by now
        try:
            raise NameError("another name")
        except NameError:
            app_log.error("Exception in callback", exc_info=True)  # Tornado's other errors still show
    finally:
        free.set()
        runner.stop()
        app_log.removeHandler(handler)
    assert stream.getvalue() == ("il6sim: warning: tornado.application: Exception in callback (another name)\n")
