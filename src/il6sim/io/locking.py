"""One writer per output folder: an OS file lock held while a long job writes into it.

The lock (``filelock``, released by the kernel if the process dies) lives in the
folder as :data:`LOCK`. A second writer is refused at once with an
:class:`~il6sim.errors.InputError` naming the job that holds it, so two sweeps
never mix their parts and two posterior chains never overwrite each other's
checkpoint.
"""

from __future__ import annotations

import contextlib
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
    try:
        yield
    finally:
        lock.release()
