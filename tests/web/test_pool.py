"""The worker pool: bounded admission (busy), a time limit per request, and recovery from a dead worker."""

import asyncio
import os
import time

import pytest

from il6sim.web.pool import Busy, JobTimeout, WorkerFailed, WorkerPool


def _die():
    os._exit(3)


def test_a_full_queue_answers_busy_and_a_slow_job_times_out():
    pool = WorkerPool(1, max_pending=1, timeout_s=0.5)

    async def scenario():
        slow = asyncio.ensure_future(pool.run(time.sleep, 3))
        await asyncio.sleep(0.1)
        with pytest.raises(Busy, match="busy"):
            await pool.run(time.sleep, 0)
        with pytest.raises(JobTimeout, match="longer than 0.5 s"):
            await slow

    try:
        asyncio.run(scenario())
    finally:
        pool.shutdown()


def test_a_dead_worker_is_replaced():
    pool = WorkerPool(1, max_pending=4, timeout_s=60)

    async def scenario():
        with pytest.raises(WorkerFailed, match="try again"):
            await pool.run(_die)
        assert await pool.run(abs, -2) == 2

    try:
        asyncio.run(scenario())
    finally:
        pool.shutdown()


def test_a_job_resubmitted_to_a_new_pool_keeps_its_slot():
    """A pool found broken at submission is replaced and the job runs there, holding its one slot throughout."""
    import logging
    from concurrent.futures.process import BrokenProcessPool

    pool = WorkerPool(1, max_pending=1, timeout_s=60)
    with pytest.raises(BrokenProcessPool):
        pool._pool().submit(_die).result(timeout=60)  # the pool is broken before the next request arrives
    errors = []
    handler = logging.Handler()
    handler.emit = errors.append
    logging.getLogger("concurrent.futures").addHandler(handler)

    async def scenario():
        job = asyncio.ensure_future(pool.run(time.sleep, 0.5))
        await asyncio.sleep(0.05)
        with pytest.raises(Busy):  # the resubmitted job still holds the only slot
            await pool.run(abs, -1)
        assert await job is None
        assert await pool.run(abs, -2) == 2  # and gave it back exactly once

    try:
        asyncio.run(scenario())
    finally:
        logging.getLogger("concurrent.futures").removeHandler(handler)
        pool.shutdown()
    assert not errors, [r.getMessage() for r in errors]  # no "Semaphore released too many times"
