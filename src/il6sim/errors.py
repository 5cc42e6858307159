"""Errors raised by il6sim.

Every error derives from :class:`Il6simError`; subclasses also inherit the
builtin exception they mean, so ``except ValueError`` keeps working for
callers that do not know il6sim.

Input problems are collected rather than raised one by one: an
:class:`InputError` carries a list of :class:`Problem` entries, each naming
*where* (file, group, step, key), *what was received* and *what is expected*.
The command line prints them one per line and exits with status 2.
"""

from __future__ import annotations

import importlib
import numbers
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in user input."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class Il6simError(Exception):
    """Base class of all il6sim errors."""


class InputError(Il6simError, ValueError):
    """Bad user input: unknown names, bad numbers, bad units, bad files.

    Parameters
    ----------
    problems
        One or more problems, or a single message string.
    """

    def __init__(self, problems: "list[Problem] | str", where: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(where, problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """One line per problem, ``where: message`` (as the command line prints them)."""
        return [str(p) for p in self.problems]


class UnknownNameError(InputError, KeyError):
    """A name looked up in one of il6sim's tables (presets, ...) that is not there.

    A :class:`KeyError` too, so ``except KeyError`` and ``Mapping.get`` keep working; its
    message is the plain sentence, not the quoted key ``KeyError`` prints.
    """

    __str__ = InputError.__str__


class UnitError(InputError):
    """A quantity with a missing or wrong unit."""


class SolverError(Il6simError, RuntimeError):
    """The ODE integrator failed; the message names where and what to try."""


class MissingDependencyError(Il6simError, ImportError):
    """An optional dependency is missing; the message names the extra."""


def require(module: str, package: str | None = None):
    """Import a dependency that only some commands use, or raise a clear error naming the package.

    ``package`` is the name to ``pip install`` (default: ``module``); the
    message gives the version il6sim pins when the installed metadata says it.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on environment
        raise MissingDependencyError(
            f"il6sim needs the package '{package or module}' for this; "
            f"install it with: pip install '{pinned(package or module)}'"
        ) from exc


def pinned(package: str) -> str:
    """``package==version`` as il6sim's metadata pins it, else ``package``."""
    from importlib import metadata  # only on this error path: importing it costs every command ~30 ms

    try:
        reqs = metadata.requires("il6sim") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return package
    for r in reqs:
        name = r.split(";")[0].strip()
        if name.lower().startswith(package.lower() + "=="):
            return name
    return package


def is_bool(value: object) -> bool:
    """``True``/``False`` or numpy's bool (its type is ``numpy.bool`` in numpy 2, ``numpy.bool_`` before)."""
    return isinstance(value, bool) or (type(value).__name__ in ("bool", "bool_")
                                       and type(value).__module__ == "numpy")


def value_kind(value: object, *, mapping: str = "a mapping") -> str:
    """What a value is, in plain words for a message: ``null``, ``true``, ``false``, ``a number``, ``text``,
    ``a list``, ``a mapping`` (or ``mapping``'s words, e.g. ``an object`` for JSON), ``a date (2020-01-01)``
    or ``binary data``; never Python's type name (``NoneType``, ``dict``, ``datetime.date``).

    >>> value_kind(False), value_kind(["10 ng/mL"]), value_kind(b"hi")
    ('false', 'a list', 'binary data')
    >>> import datetime
    >>> value_kind(datetime.date(2020, 1, 1))
    'a date (2020-01-01)'
    """
    import datetime

    if value is None:
        return "null"
    if is_bool(value):
        return "true" if value else "false"
    if isinstance(value, numbers.Real):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"a date ({value.isoformat()})"
    if isinstance(value, (bytes, bytearray)):
        return "binary data"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return mapping
    if isinstance(value, (set, frozenset)):
        return "a set"
    return "a value of another kind"


def said(value: object) -> str:
    """A user's value as a message shows it: text in quotes (cut at 60 characters), a number as written, anything
    else in the words of :func:`value_kind` (``true``, ``null``, ``a list``, ``a date (2020-01-01)``); never
    Python's repr (``True``, ``None``, ``datetime.date(2020, 1, 1)``).

    >>> said("abc"), said(10.5), said(True), said(None), said([1])
    ("'abc'", '10.5', 'true', 'null', 'a list')
    """
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, numbers.Integral) and not is_bool(value):
        return str(int(value))
    if isinstance(value, numbers.Real) and not is_bool(value):
        return repr(float(value))
    return value_kind(value)
