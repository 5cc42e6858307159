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
