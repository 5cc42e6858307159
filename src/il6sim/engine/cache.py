"""On-disk caches that spare every new process the model build: SBML text and compiled model.

Building the model costs a new process about 0.4 s of CPU: importing python-libsbml and
writing the SBML, then libroadrunner's LLVM compilation. Both results are pure functions
of their inputs, so they are kept in il6sim's cache directory (:mod:`il6sim.diskcache`):

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
the libraries gives a different key. A truncated or damaged file is rebuilt, never loaded
(:func:`il6sim.diskcache.read`). ``IL6SIM_CACHE=off`` turns the caches off; an unwritable
cache directory only costs the time saved.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import platform
import socket
from pathlib import Path

from ..diskcache import cache_dir, module_identity, read, write

log = logging.getLogger(__name__)


def _sha(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()


#: the package's modules whose code shapes the SBML text (besides the spec itself)
_SBML_WRITERS = ("io/sbml.py", "model/spec.py", "model/agents.py")


def spec_text(spec) -> str:
    """Every field of ``spec`` written out (the key of its SBML; its repr is only a one-line summary)."""
    return repr(tuple((f.name, getattr(spec, f.name)) for f in dataclasses.fields(spec)))


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
            key = _sha("sbml", spec_text(spec), writer_sha, module_identity("libsbml"))
            payload = read(d / f"sbml-{key}.json")
            if payload is not None:
                try:
                    texts = json.loads(payload)
                    return texts["full"], texts["engine"]
                except (ValueError, KeyError, TypeError):
                    pass
    from ..io.sbml import to_sbml

    full, engine = to_sbml(spec), to_sbml(spec, initial_assignments=False)
    if d is not None and key is not None:
        write(d / f"sbml-{key}.json", json.dumps({"full": full, "engine": engine}).encode())
    return full, engine


def compiled_model(sbml: str):
    """A ``roadrunner.RoadRunner`` for ``sbml``: loaded from the saved compiled state when cached."""
    import roadrunner

    d = cache_dir()
    if d is None:
        return roadrunner.RoadRunner(sbml)
    key = _sha("roadrunner", sbml, roadrunner.__version__, module_identity("roadrunner._roadrunner"),
               platform.python_version(), platform.machine(), socket.gethostname())
    path = d / f"model-{key}.rrstate"
    state = read(path)
    if state is not None:
        rr = roadrunner.RoadRunner()
        try:
            rr.loadStateS(state)
            return rr
        except RuntimeError as exc:  # pragma: no cover - libroadrunner refused its own state
            log.debug("cannot load the cached model %s (%s); compiling", path, exc)
    rr = roadrunner.RoadRunner(sbml)
    try:
        write(path, rr.saveStateS())
    except RuntimeError as exc:  # pragma: no cover
        log.debug("cannot save the compiled model (%s)", exc)
    return rr
