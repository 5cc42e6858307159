"""Checks of output locations, made before any work is done.

Every command that writes files calls :func:`check_out_dir` (a folder of
results) or :func:`check_out_file` (one file) first, so that a bad ``--out``
is refused in one line before minutes of fitting or simulation, and nothing
is written. Nothing here creates anything.

Refused: a folder path that names an existing file or lies under a file; a
file path that names a directory; anything under ``/proc`` or ``/sys``
(kernel file systems, never a place for results); a location whose nearest
existing folder cannot be written.

>>> check_out_dir("/proc/results", "--out")
Traceback (most recent call last):
...
il6sim.errors.InputError: --out: '/proc/results' is under /proc, a kernel file system; choose a folder for results
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ..errors import InputError

_KERNEL_FS = ("/proc", "/sys")


def _kernel_fs(path: Path) -> str | None:
    try:
        full = os.path.realpath(path)
    except (OSError, ValueError):  # pragma: no cover - realpath does not fail on Linux
        full = os.path.abspath(path)
    for root in _KERNEL_FS:
        if full == root or full.startswith(root + "/"):
            return root
    return None


def _nearest_existing(path: Path) -> Path:
    p = Path(os.path.abspath(path))
    while not os.path.lexists(p) and p != p.parent:
        p = p.parent
    return p


def _check_ancestor(path: Path, flag: str) -> None:
    """The nearest existing ancestor of ``path`` must be a writable directory."""
    anc = _nearest_existing(path.parent if path.parent != path else path)
    if anc.exists() and not anc.is_dir():
        raise InputError(f"'{path}' lies under '{anc}', which is a file, not a directory", flag)
    if not anc.exists():  # a dangling link
        raise InputError(f"'{path}' lies under '{anc}', which is a broken link", flag)
    if not os.access(anc, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in '{anc}' (permission denied or read-only); choose another place for "
                         f"'{path}'", flag)


def _name_max(path: Path) -> int:
    """The longest file name the file system of ``path``'s nearest existing folder takes (255 on most)."""
    try:
        return int(os.pathconf(_nearest_existing(path.parent), "PC_NAME_MAX"))
    except (OSError, ValueError):
        return 255


def _check_name(text: object, flag: str) -> Path:
    if not isinstance(text, (str, os.PathLike)) or not os.fspath(text) or "\x00" in os.fspath(text):
        raise InputError(f"expected a path (got {text!r})", flag)
    path = Path(text)
    limit = _name_max(path)
    for part in path.parts:
        if len(os.fsencode(part)) > limit:  # else found only when writing, after the work is done
            shown = part if len(part) <= 40 else part[:37] + "..."
            raise InputError(f"the name {shown!r} is {len(os.fsencode(part))} bytes long, more than the {limit} "
                             "a file or folder name may have here; choose a shorter name", flag)
    return path


#: the ``kind`` a command records in its folder's provenance.json, and the command
COMMAND_OF_KIND = {"protocol": "il6sim run", "comparison": "il6sim compare", "dose-response": "il6sim dose-response",
                   "sweep": "il6sim sweep", "sensitivity": "il6sim sensitivity", "population": "il6sim population",
                   "fit": "il6sim fit"}


def _results_of(path: Path) -> str | None:
    """The ``kind`` that ``path/provenance.json`` records, if it is one of il6sim's."""
    import json

    try:
        kind = json.loads((path / "provenance.json").read_text(encoding="utf-8")).get("kind")
    except (OSError, ValueError, AttributeError):
        return None
    return kind if isinstance(kind, str) and kind in COMMAND_OF_KIND else None


def check_out_dir(out: str | os.PathLike, flag: str = "--out", kind: str | None = None) -> Path:
    """Check that ``out`` can become (or is) a folder of results; return it as a Path.

    ``kind``: the kind of results the command writes (its provenance.json's ``kind``). A folder that
    holds another command's results is refused: this command's provenance.json would replace that
    one's, and its files would lie among results they do not belong to.
    """
    path = _check_name(out, flag)
    root = _kernel_fs(path)
    if root:
        raise InputError(f"'{path}' is under {root}, a kernel file system; choose a folder for results", flag)
    if os.path.lexists(path):
        if not path.is_dir():
            raise InputError(f"'{path}' exists and is not a directory; give a new or existing folder", flag)
        if not os.access(path, os.W_OK | os.X_OK):
            raise InputError(f"cannot write in '{path}' (permission denied or read-only)", flag)
        other = _results_of(path) if kind is not None else None
        if other is not None and other != kind:
            raise InputError(f"'{path}' holds the results of `{COMMAND_OF_KIND[other]}` (its provenance.json says "
                             "so), whose files these would partly replace; choose a new folder", flag)
        return path
    _check_ancestor(path, flag)
    return path


def refuse_non_empty(out: Path, overwrite: bool, what: str, flag: str = "--out") -> None:
    """An existing folder with files in it is refused unless ``overwrite`` (``--overwrite``).

    For the commands whose results are written once and not resumed (``export-petab``, ``fit``,
    ``profile``): their files would replace those of the same name without a word. Sweeps refuse
    a folder of another sweep the same way; commands that resume into a folder do not call this.
    ``what``: the files that would be replaced, for the message.
    """
    if not overwrite and out.is_dir() and any(out.iterdir()):
        raise InputError(f"'{out}' is not empty; choose an empty or new directory, or pass --overwrite to replace "
                         f"the {what} in it", flag)


def check_out_file(out: str | os.PathLike, flag: str = "FILE", *, need_parent: bool = True) -> Path:
    """Check that ``out`` can be written as one file; return it as a Path.

    ``need_parent``: the folder must already exist (commands that write a single
    file do not create folders).
    """
    path = _check_name(out, flag)
    root = _kernel_fs(path)
    if root:
        raise InputError(f"'{path}' is under {root}, a kernel file system; choose a file name elsewhere", flag)
    if path.is_dir():
        raise InputError(f"'{path}' is a directory; give a file name, e.g. {path / 'model.xml'}", flag)
    parent = path.parent
    if need_parent and not parent.exists():
        anc = _nearest_existing(parent)
        if anc.exists() and not anc.is_dir():
            raise InputError(f"'{path}' lies under '{anc}', which is a file, not a directory", flag)
        raise InputError(f"directory '{parent}' does not exist; create it first (e.g. mkdir -p '{parent}') "
                         "or give a file in an existing folder", flag)
    if os.path.lexists(path):
        if not os.access(path, os.W_OK):
            raise InputError(f"cannot write '{path}' (permission denied or read-only)", flag)
        return path
    _check_ancestor(path, flag)
    return path


def check_inputs_kept(out: str | os.PathLike, written: Iterable[str], inputs: Iterable[str | os.PathLike],
                      flag: str = "--out") -> None:
    """Refuse a folder of results where a file the command writes (``written``, names inside ``out``)
    would replace one of the files it reads (``inputs``): `il6sim run protocol.yaml --out .` replaced the
    user's protocol, comments and all, with its canonical copy."""
    for name in written:
        target = os.path.realpath(Path(out) / name)
        for src in inputs:
            if os.path.isfile(src) and os.path.realpath(src) == target:
                raise InputError(f"'{out}' holds the input file '{src}', which the results' {name} would replace; "
                                 f"choose another folder for the results, e.g. {Path(out) / 'results'}", flag)
