"""Files in il6sim's cache directory: where it is, and reading and writing them safely.

The directory is ``$IL6SIM_CACHE_DIR`` (default ``$XDG_CACHE_HOME/il6sim``, i.e.
``~/.cache/il6sim``); ``IL6SIM_CACHE=off`` turns caching off. Every file carries the SHA-256
of its content and is read only if that matches, so a truncated or damaged file is rebuilt,
never loaded. Files are written to a unique temporary name and renamed into place (safe with
several processes); an unwritable directory only costs the time a cache would save.

The model build (:mod:`il6sim.engine.cache`) and the remembered unit conversions
(:mod:`il6sim.units`) keep their files here.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

_FORMAT = b"il6sim-cache-1\n"


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is off."""
    if os.environ.get("IL6SIM_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("IL6SIM_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "il6sim"


def read(path: Path) -> bytes | None:
    """The payload of a cache file whose recorded SHA-256 matches; None if absent or damaged."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    head = len(_FORMAT) + 65
    if not data.startswith(_FORMAT) or len(data) < head:
        return None
    digest, payload = data[len(_FORMAT):head - 1].decode("ascii", "replace"), data[head:]
    if hashlib.sha256(payload).hexdigest() != digest:
        log.debug("cache file %s is damaged; rebuilding it", path)
        return None
    return payload


def write(path: Path, payload: bytes) -> None:
    """Write ``payload`` to the cache file ``path`` with its SHA-256; an OSError only skips the cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_FORMAT + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:  # a read-only home, a full disk: run without the cache
        log.debug("cannot write the cache file %s (%s)", path, exc)


def module_identity(name: str) -> str:
    """Where module ``name`` is installed, with the size and modification time of its file.

    Cheaper than reading package metadata, and it changes with every reinstall or upgrade.
    """
    from importlib.util import find_spec

    spec = find_spec(name)
    origin = getattr(spec, "origin", None) or "missing"
    try:
        st = os.stat(origin)
        return f"{origin}:{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        return origin
