"""One writer per output folder: an OS file lock held while a long job writes into it.

The lock (``filelock``, released by the kernel if the process dies) lives in the
folder as :data:`LOCK`. A second writer is refused at once with an
:class:`~il6sim.errors.InputError` naming the job that holds it, so two sweeps
never mix their parts and two posterior chains never overwrite each other's
checkpoint. A job that finishes normally, or is refused with an InputError,
removes the lock file (and a refused job the folders it made, if still empty); one
that fails otherwise or is interrupted leaves it (empty and unlocked: harmless,
and reused by the next run that resumes).
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
def locked_dir(out: Path, what: str = "sweep", where: str = "--out") -> Iterator[None]:
    """Hold ``out``'s lock while writing; ``what`` names the job in the refusal (``sweep``, ``posterior chain``),
    ``where`` the argument that gave the folder (``--out`` on the command line, ``out_dir`` in Python)."""
    from filelock import FileLock, Timeout

    out = Path(out)
    created = _missing_folders(out)  # removed again, deepest first, if the job is refused and they are empty
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / LOCK), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(f"'{out}' is in use by another running {what}; wait for it to finish or choose another "
                         "output directory", where) from None
    finished = refused = False
    try:
        yield
        finished = True
    except InputError:  # refused before any work (e.g. a folder with other files): leave no trace in it
        refused = True
        raise
    finally:
        try:
            if finished or refused:
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
            if refused:
                for folder in created:
                    try:
                        folder.rmdir()  # only if empty
                    except OSError:
                        break  # something is in it: its parents are not empty either


def _missing_folders(out: Path) -> list[Path]:
    """``out`` and those of its parent folders that do not exist yet, deepest first."""
    missing = []
    p = Path(out)
    while not os.path.lexists(p) and p != p.parent:
        missing.append(p)
        p = p.parent
    return missing
