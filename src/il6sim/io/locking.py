"""One writer per output folder: an OS file lock held while a long job writes into it.

The lock (``filelock``, released by the kernel if the process dies) lives in the
folder as :data:`LOCK`. A second writer is refused at once with an
:class:`~il6sim.errors.InputError` naming the job that holds it, so two sweeps
never mix their parts and two posterior chains never overwrite each other's
checkpoint. A job that finishes normally removes the lock file; one that fails
or is interrupted leaves it (empty and unlocked: harmless, and reused by the next
run that resumes).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

from ..errors import InputError

#: lock file held by the one process writing into an output directory
LOCK = ".il6sim.lock"


@contextlib.contextmanager
def locked_dir(out: Path, what: str = "sweep") -> Iterator[None]:
    """Hold ``out``'s lock while writing; ``what`` names the job in the refusal (``sweep``, ``posterior chain``)."""
    from filelock import FileLock, Timeout

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / LOCK), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(f"'{out}' is in use by another running {what}; wait for it to finish or choose another "
                         "output directory", "--out") from None
    finished = False
    try:
        yield
        finished = True
    finally:
        try:
            if finished:
                # The file is unlinked while the lock is still held, then released. This is safe with the
                # filelock pinned in pyproject.toml (4.3.1): a writer that opened the file before the unlink
                # and locks it after our release sees that it has no name any more (st_nlink 0) and does not
                # take it (it is refused as if the folder were still in use, a window of microseconds); the
                # next writer creates a new file. Unlinking *after* the release would not be safe: a writer
                # could lock the old file in between, and a third then lock a new one, both "holding" it.
                with contextlib.suppress(OSError):
                    os.unlink(out / LOCK)
        finally:
            lock.release()
