"""One provenance record for every result: what ran, with which settings.

Protocol results, the comparison, sweeps (and their sensitivity and
population forms) carry a :class:`Provenance` built by
:meth:`Provenance.record` from the simulator that actually ran: the model's
name, version, SBML hash and the hash of its mathematics alone (the SBML
without notes and names), the solver settings in use, the parameters, the
protocol in canonical form, package versions, the seed and the command.
What is particular to one kind of result goes into ``extra``.

A record is a read-only dict (``prov["model"]["sbml_sha256"]``), written as
it is to the ``provenance.json`` next to results.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Mapping
from importlib import metadata
from typing import Any

from ._version import __version__
from .engine.simulator import Simulator

#: packages whose versions every record carries (distribution names)
PACKAGES = ("numpy", "scipy", "pandas", "pint", "libroadrunner", "python-libsbml")
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def package_versions() -> dict[str, str]:
    """Python and the versions of :data:`PACKAGES` installed here."""
    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            out[name] = "not installed"
    return out


def utc_now() -> str:
    return time.strftime(_TIME_FORMAT, time.gmtime())


#: the fields every record has, in order (``extra`` keys follow)
FIELDS = ("kind", "il6sim_version", "model", "solver", "parameters", "protocol", "seed", "command", "packages",
          "platform", "created_utc")


class Provenance(dict):
    """What produced a result: a read-only dict with the fields :data:`FIELDS`, then any extra keys.

    Being a dict, it is written to JSON as it is (``json.dumps(prov)``);
    changing it raises ``TypeError``. Build it with :meth:`record`.

    Examples
    --------
    >>> from il6sim import default_simulator
    >>> p = Provenance.record(default_simulator(), kind="example", seed=3, grid_points=5)
    >>> p["kind"], p.seed, p["grid_points"], len(p["model"]["sbml_sha256"])
    ('example', 3, 5, 64)
    """

    __slots__ = ()

    @classmethod
    def record(cls, simulator: Simulator, *, kind: str, parameters: Mapping[str, float] | None = None,
               protocol: Any = None, seed: int | None = None, command: str | None = None,
               **extra: Any) -> "Provenance":
        """A record of a run on ``simulator`` (its model and the solver settings it uses).

        ``protocol`` is a :class:`~il6sim.protocols.Protocol` (recorded as name,
        origin and canonical form) or a mapping; ``command`` defaults to the
        command line when the result comes from the ``il6sim`` command.
        """
        if protocol is not None and hasattr(protocol, "to_dict"):
            protocol = {"name": protocol.name, "origin": protocol.origin, "canonical": protocol.to_dict()}
        o = simulator.options
        clash = sorted(set(extra) & set(FIELDS))
        if clash:
            raise TypeError(f"extra provenance keys clash with the common fields: {', '.join(clash)}")
        return cls({
            "kind": kind, "il6sim_version": __version__,
            "model": {"name": simulator.spec.name, "version": simulator.spec.version,
                      "sbml_sha256": simulator.sbml_sha256, "kinetics_sha256": simulator.kinetics_sha256},
            "solver": {"engine": f"libroadrunner {_version('libroadrunner')} (CVODE)", "rtol": o.rtol,
                       "atol": o.atol, "max_steps": o.max_steps},
            "parameters": dict(parameters or {}), "protocol": protocol, "seed": seed,
            "command": command if command is not None else _command(), "packages": package_versions(),
            "platform": platform.platform(), "created_utc": utc_now(), **extra})

    def __getattr__(self, name: str) -> Any:
        if name in FIELDS:
            return self[name]
        raise AttributeError(name)

    def to_dict(self) -> dict[str, Any]:
        """A plain, mutable copy (e.g. to add what a later step records)."""
        return dict(self)

    def _read_only(self, *args, **kwargs):
        raise TypeError("a Provenance record is read-only; use to_dict() for a copy")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = __ior__ = _read_only  # type: ignore

    def __reduce__(self):
        return (Provenance, (dict(self),))


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _command() -> str | None:
    prog = sys.argv[0].rsplit("/", 1)[-1] if sys.argv and sys.argv[0] else ""
    return " ".join(["il6sim", *sys.argv[1:]]) if prog == "il6sim" else None
