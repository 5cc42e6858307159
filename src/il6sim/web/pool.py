"""A bounded worker pool for the web app: simulations run off the request thread.

Jobs run in a :class:`concurrent.futures.ProcessPoolExecutor` (spawned
processes, so no state of the server is shared with them). Admission is
bounded: at most ``max_pending`` jobs may be queued or running; a request
beyond that is told that the server is busy (HTTP 503) instead of waiting.
Each request waits at most ``timeout_s`` for its job (HTTP 504 after that).
A job keeps its place until it has really finished, so a slow job cannot let
the queue grow without bound. Protocol limits (:mod:`il6sim.web.tasks`) keep
every job short.

If a worker process dies, the pool is replaced and the request is answered
with an error (HTTP 503); the server keeps running.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

log = logging.getLogger(__name__)


class Busy(Exception):
    """Too many jobs are queued; try again shortly."""


class JobTimeout(Exception):
    """A job did not finish within the request's time limit."""


class WorkerFailed(Exception):
    """A worker process died while running a job."""


def _warm_up() -> None:
    """Run in each new worker: leave Ctrl-C to the server, import the protocol layer (and so the engine)
    before the first job.

    Ctrl-C reaches every process of the terminal's group: each idle worker printed a KeyboardInterrupt
    traceback (``call_queue.get``) under the server's "il6sim: interrupted". The server stops its workers.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import matplotlib

    matplotlib.use("Agg", force=True)
    import il6sim.protocols  # noqa: F401


def default_workers() -> int:
    """Two workers, or one on a one-core machine."""
    return max(1, min(2, os.cpu_count() or 1))


class WorkerPool:
    """Process pool with bounded admission and a per-request time limit.

    Parameters
    ----------
    workers
        Number of worker processes.
    max_pending
        Most jobs queued or running at once.
    timeout_s
        How long a request waits for its job.
    """

    def __init__(self, workers: int | None = None, *, max_pending: int = 32, timeout_s: float = 60.0) -> None:
        self.workers = workers or default_workers()
        self.max_pending = max_pending
        self.timeout_s = timeout_s
        self._slots = threading.BoundedSemaphore(max_pending)
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                     initializer=_warm_up)
            return self._executor

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def warm(self) -> None:
        """Start the worker processes now (the first request is then not the one that waits for them)."""
        import signal

        if threading.current_thread() is not threading.main_thread():
            pool = self._pool()
            for _ in range(self.workers):
                pool.submit(_warm_up)
            return
        # the workers are spawned here; until _warm_up runs in them, a Ctrl-C to the terminal's group made each
        # print a traceback (or "Fatal Python error: init_import_site"). With SIGINT blocked while they are
        # spawned they inherit the block; here a Ctrl-C that came meanwhile reaches the server's handler after.
        # (multiprocessing's resource tracker, started first, would otherwise lift the block when it starts)
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pool = self._pool()
            for _ in range(self.workers):
                pool.submit(_warm_up)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` in a worker; raise :class:`Busy`, :class:`JobTimeout` or :class:`WorkerFailed`."""
        if not self._slots.acquire(blocking=False):
            raise Busy(f"the server is busy ({self.max_pending} jobs queued or running); try again in a moment")
        pool = self._pool()
        try:
            fut = pool.submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):  # the job keeps its slot for the new pool
            self._replace(pool)
            pool = self._pool()
            try:
                fut = pool.submit(fn, *args)
            except Exception:
                self._slots.release()
                raise
        fut.add_done_callback(lambda _f: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(fut)), self.timeout_s)
        except asyncio.TimeoutError:
            raise JobTimeout(f"the simulation took longer than {self.timeout_s:g} s; make the protocol smaller "
                             "(fewer groups or readout times, a shorter time span) or run it with `il6sim run`"
                             ) from None
        except BrokenProcessPool:
            log.error("a worker process died; starting new workers")
            self._replace(pool)
            raise WorkerFailed("a worker process stopped while running this request; the server has started a new "
                               "one, try again") from None

    def shutdown(self) -> None:
        with self._lock:
            ex, self._executor = self._executor, None
        if ex is not None:
            ex.shutdown(wait=True, cancel_futures=True)
