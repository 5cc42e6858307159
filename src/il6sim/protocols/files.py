"""Protocol files: the bundled protocols (``seed:NAME``) and reading a protocol's YAML safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError
from ..validate import close_match, show, value_kind

#: largest protocol file read (bytes)
MAX_FILE_BYTES = 1_000_000


def seed_dir() -> Path:
    return Path(__file__).resolve().parent / "seed"


def bundled_protocols() -> dict[str, str]:
    """Names and one-line descriptions of the bundled protocols (``seed:NAME``).

    >>> "trans_huvec" in bundled_protocols()
    True
    """
    out = {}
    for path in sorted(seed_dir().glob("*.yaml")):
        try:
            data = read_yaml(path, path.name)
            desc = str(data.get("name", path.stem))
        except InputError:  # pragma: no cover - bundled files are tested
            desc = "(unreadable)"
        out[path.stem] = desc
    return out


def bundled_protocol_text(name: str, where: str = "seed") -> str:
    """The YAML text of a bundled protocol (to copy and edit); an unknown name is reported under ``where``."""
    path = seed_dir() / f"{name}.yaml"
    if not is_seed_name(name) or not path.is_file():
        close = close_match(str(name), bundled_protocols())
        raise InputError(f"unknown bundled protocol {show(name)!r}" + (f" (did you mean {close}?)" if close else "")
                         + f" (known: {', '.join(bundled_protocols())})", where)
    return path.read_text(encoding="utf-8")


def is_seed_name(name: str) -> bool:
    """A name that can be a bundled protocol's: letters, digits, '_' and '-', at most 100 characters."""
    return (isinstance(name, str) and 0 < len(name) <= 100
            and all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in name))


def read_yaml(path: Path, label: str) -> Any:
    """A protocol file's mapping, read with il6sim's bounded safe loader (:mod:`il6sim.io.files`)."""
    import os

    from ..io.files import load_yaml_file

    where = f"Protocol {label!r}"
    if not os.path.lexists(path):
        hint = (f"; did you mean seed:{path.stem}?" if path.stem in bundled_protocols() and path.suffix == ""
                else "")
        raise InputError("file not found (give a path to a YAML file, or seed:NAME; see `il6sim protocols`"
                         f"){hint}", where)
    data = load_yaml_file(path, where, limit=MAX_FILE_BYTES, what="protocol file")
    if data is None:
        raise InputError("file is empty (expected a mapping with at least 'cell' and 'groups')", where)
    if not isinstance(data, Mapping):
        found = ("a line of text" if isinstance(data, str) else "true/false" if isinstance(data, bool)
                 else value_kind(data))
        raise InputError(f"expected a mapping of keys (name, cell, groups, readouts, ...), "
                         f"got {found}", where)
    from .parse import TOP_KEYS

    # a stray file (no key is, or nearly is, a protocol key) gets one line, not one per key
    if not any(isinstance(k, str) and (k in TOP_KEYS or close_match(k, TOP_KEYS)) for k in data):
        keys = [repr(show(str(k))) for k in list(data)[:3]]
        more = f" and {len(data) - 3} more" if len(data) > 3 else ""
        raise InputError(f"not a protocol: none of its keys ({', '.join(keys)}{more}) is a protocol key (a protocol "
                         "has at least 'cell' and 'groups'; see examples/protocol.yaml or `il6sim protocols`)", where)
    return data
