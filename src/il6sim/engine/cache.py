"""On-disk caches that spare every new process the model build: SBML text and compiled model.

Building the model costs a new process about 0.4 s of CPU: importing python-libsbml and
writing the SBML, then libroadrunner's LLVM compilation. Both results are pure functions
of their inputs, so they are kept under ``$IL6SIM_CACHE_DIR`` (default
``$XDG_CACHE_HOME/il6sim``, i.e. ``~/.cache/il6sim``):

* the SBML texts of a model spec, keyed by the SHA-256 of the spec's full ``repr`` (every
  parameter, species, reaction, named expression and formula), the source of the modules
  that write them (:mod:`il6sim.io.sbml`, :mod:`il6sim.model.spec`, :mod:`il6sim.model.agents`)
  and the installed python-libsbml (its file, size and modification time);
* the compiled model, as libroadrunner's own saved state (``RoadRunner.saveStateS``, which
  holds the generated machine code; loading it takes ~10 ms instead of ~250 ms of
  compilation), keyed by the SHA-256 of the SBML text, the libroadrunner version and its
  installed binary (file, size, modification time), the Python version, the machine type and
  host name (the code is compiled for this CPU).

A stale entry can therefore never be used: any change to the model, the SBML writer or
the libraries gives a different key. Every file also carries the SHA-256 of its content
and is read only if that matches, so a truncated or damaged file is rebuilt, never loaded.
Files are written to a unique temporary name and renamed into place (safe with several
processes). ``IL6SIM_CACHE=off`` turns the caches off; an unwritable cache directory only
costs the time saved.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import socket
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


def _read(path: Path) -> bytes | None:
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


def _write(path: Path, payload: bytes) -> None:
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
        log.debug("cannot write the model cache %s (%s)", path, exc)


def _sha(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()


def _module_identity(name: str) -> str:
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


#: the package's modules whose code shapes the SBML text (besides the spec itself)
_SBML_WRITERS = ("io/sbml.py", "model/spec.py", "model/agents.py")


def sbml_texts(spec) -> tuple[str, str]:
    """(SBML with initial assignments, the engine's SBML without them) of ``spec``, cached."""
    from . import __file__ as _engine_init

    d = cache_dir()
    key = None
    if d is not None:
        pkg = Path(_engine_init).parent.parent
        h = hashlib.sha256()
        try:
            for writer in _SBML_WRITERS:
                h.update((pkg / writer).read_bytes())
            writer_sha = h.hexdigest()
        except OSError:  # pragma: no cover - the package's own files
            writer_sha = None
        if writer_sha:
            key = _sha("sbml", repr(spec), writer_sha, _module_identity("libsbml"))
            payload = _read(d / f"sbml-{key}.json")
            if payload is not None:
                try:
                    texts = json.loads(payload)
                    return texts["full"], texts["engine"]
                except (ValueError, KeyError, TypeError):
                    pass
    from ..io.sbml import to_sbml

    full, engine = to_sbml(spec), to_sbml(spec, initial_assignments=False)
    if d is not None and key is not None:
        _write(d / f"sbml-{key}.json", json.dumps({"full": full, "engine": engine}).encode())
    return full, engine


def compiled_model(sbml: str):
    """A ``roadrunner.RoadRunner`` for ``sbml``: loaded from the saved compiled state when cached."""
    import roadrunner

    d = cache_dir()
    if d is None:
        return roadrunner.RoadRunner(sbml)
    key = _sha("roadrunner", sbml, roadrunner.__version__, _module_identity("roadrunner._roadrunner"),
               platform.python_version(), platform.machine(), socket.gethostname())
    path = d / f"model-{key}.rrstate"
    state = _read(path)
    if state is not None:
        rr = roadrunner.RoadRunner()
        try:
            rr.loadStateS(state)
            return rr
        except RuntimeError as exc:  # pragma: no cover - libroadrunner refused its own state
            log.debug("cannot load the cached model %s (%s); compiling", path, exc)
    rr = roadrunner.RoadRunner(sbml)
    try:
        _write(path, rr.saveStateS())
    except RuntimeError as exc:  # pragma: no cover
        log.debug("cannot save the compiled model (%s)", exc)
    return rr
