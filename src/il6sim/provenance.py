"""One provenance record for every result: what ran, with which settings.

Protocol results, the comparison, sweeps (and their sensitivity and
population forms) carry a :class:`Provenance` built by
:meth:`Provenance.record` from the simulator that actually ran: the model's
name, version and SBML hash, the solver settings in use, the parameters, the
protocol in canonical form, package versions, the seed and the command.
What is particular to one kind of result goes into ``extra``.

A record reads like a mapping (``prov["model"]["sbml_sha256"]``) and
``dict(prov)`` / :meth:`Provenance.to_dict` give the JSON form written next
to results (``provenance.json``).
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Iterator

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


@dataclass(frozen=True)
class Provenance(Mapping):
    """What produced a result (immutable; a read-only mapping of its JSON form).

    Examples
    --------
    >>> from il6sim import default_simulator
    >>> p = Provenance.record(default_simulator(), kind="example", seed=3)
    >>> p["kind"], p["seed"], len(p["model"]["sbml_sha256"])
    ('example', 3, 64)
    """

    kind: str
    model: Mapping[str, Any]
    solver: Mapping[str, Any]
    parameters: Mapping[str, float] = field(default_factory=dict)
    protocol: Mapping[str, Any] | None = None
    seed: int | None = None
    command: str | None = None
    packages: Mapping[str, str] = field(default_factory=package_versions)
    platform: str = field(default_factory=platform.platform)
    created_utc: str = field(default_factory=utc_now)
    il6sim_version: str = __version__
    extra: Mapping[str, Any] = field(default_factory=dict)

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
        return cls(
            kind=kind,
            model={"name": simulator.spec.name, "version": simulator.spec.version,
                   "sbml_sha256": simulator.sbml_sha256},
            solver={"engine": f"libroadrunner {_version('libroadrunner')} (CVODE)", "rtol": o.rtol, "atol": o.atol,
                    "max_steps": o.max_steps},
            parameters=dict(parameters or {}), protocol=protocol, seed=seed,
            command=command if command is not None else _command(), extra=dict(extra))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the common fields, then ``extra``'s."""
        d = {"kind": self.kind, "il6sim_version": self.il6sim_version, "model": dict(self.model),
             "solver": dict(self.solver), "parameters": dict(self.parameters), "protocol": self.protocol,
             "seed": self.seed, "command": self.command, "packages": dict(self.packages),
             "platform": self.platform, "created_utc": self.created_utc}
        d.update(self.extra)
        return d

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    def __len__(self) -> int:
        return len(self.to_dict())


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _command() -> str | None:
    prog = sys.argv[0].rsplit("/", 1)[-1] if sys.argv and sys.argv[0] else ""
    return " ".join(["il6sim", *sys.argv[1:]]) if prog == "il6sim" else None
