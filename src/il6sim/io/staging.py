"""Write a folder of results all at once: into a staging folder first, then moved into place.

A command that fails half-way (a full disk, a figure that cannot be drawn, an
interrupt) must leave no partial results behind. :func:`staged_dir` gives the
command a temporary folder next to its ``--out`` folder; when the block ends
without an error its files are moved into ``--out`` (a rename on the same file
system: no extra space, no half-written file), and the staging folder is removed
whatever happens. Files already in ``--out`` that the command does not write
are left alone.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "results"
>>> with staged_dir(out) as stage:
...     _ = (stage / "table.csv").write_text("a,b\\n")
>>> sorted(p.name for p in out.iterdir())
['table.csv']
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator


def umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):  # pragma: no cover - other systems
        pass
    mask = os.umask(0o022)  # pragma: no cover
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


@contextlib.contextmanager
def staged_dir(out: str | os.PathLike) -> Iterator[Path]:
    """Yield a staging folder whose files replace those of the same name in ``out`` when the block succeeds."""
    out = Path(out)
    parent = out.parent if out.parent.is_dir() else None
    stage = Path(tempfile.mkdtemp(prefix=".il6sim-stage-", dir=parent))
    os.chmod(stage, 0o777 & ~umask())  # mkdtemp makes 0700; results get the user's usual permissions
    try:
        try:
            yield stage
        except OSError as exc:  # name the file as the user knows it, and say that nothing was written
            raise _unstaged(exc, stage, out) from None
        if not out.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(stage, out)
                return
            except OSError:  # another file system: copy below
                pass
        for src in sorted(stage.rglob("*")):
            dest = out / src.relative_to(stage)
            if src.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(src, dest)
            except OSError:
                shutil.copy2(src, dest)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


@contextlib.contextmanager
def staged_file(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary file beside ``path`` that replaces it (a rename) when the block succeeds.

    A command that writes one file (``il6sim export-sbml FILE``) leaves, on a full disk or an
    interrupt, the file as it was (or no file), never a truncated one. A link is followed (the file it
    points to is replaced, not the link); a device or pipe (``/dev/stdout``) is written directly, as
    a rename would put a file in its place.
    """
    path = Path(os.path.realpath(path))
    if os.path.exists(path) and not path.is_file():
        yield path
        return
    fd, name = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        try:
            yield tmp
            os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes 0600; the file gets the user's usual permissions
            os.replace(tmp, path)
        except OSError as exc:  # name the file as the user knows it, and say that nothing was written
            new = OSError(exc.errno, exc.strerror or str(exc), str(path)) if exc.errno is not None else exc
            new.nothing_written = True
            raise new from None
    finally:
        if os.path.lexists(tmp):
            tmp.unlink()


def _unstaged(exc: OSError, stage: Path, out: Path) -> OSError:
    name = exc.filename
    if isinstance(name, (str, os.PathLike)):
        try:
            name = str(out / Path(name).relative_to(stage))
        except ValueError:
            pass
    new = OSError(exc.errno, exc.strerror or str(exc), name) if exc.errno is not None else exc
    new.nothing_written = True
    return new


def left_from_earlier(out: str | os.PathLike, written, names, folders=()) -> list[str]:
    """Files in ``out`` that a command writes (``names``, or anything under ``folders``) but this run did not.

    Files of the same name are replaced; the others stay, and a reader would take an earlier run's
    results (another mode's table, figures of other readouts) for this run's. ``written``: the paths
    written, relative to ``out``. Files with other names (the user's own) are not listed.
    """
    out = Path(out)
    if not out.is_dir():
        return []
    done = {Path(p).as_posix() for p in written}
    found = [name for name in names if (out / name).is_file()]
    for folder in folders:
        if (out / folder).is_dir():
            found += sorted(p.relative_to(out).as_posix() for p in (out / folder).rglob("*") if p.is_file())
    return [name for name in found if name not in done]


def note_left_from_earlier(out: str | os.PathLike, stale: list[str], file) -> None:
    """One note line on ``file`` naming ``stale`` (see :func:`left_from_earlier`); nothing when it is empty."""
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        print(f"il6sim: note: {out} also holds {len(stale)} file{'s' if len(stale) > 1 else ''} of an earlier run "
              f"that this run did not write: {shown}; {'they do' if len(stale) > 1 else 'it does'} not belong to these "
              f"results (use a new folder, or delete {'them' if len(stale) > 1 else 'it'})", file=file)
