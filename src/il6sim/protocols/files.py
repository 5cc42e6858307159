"""Protocol files: the bundled protocols (``seed:NAME``) and reading a protocol's YAML safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import yaml

from ..errors import InputError
from ..validate import show

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


def bundled_protocol_text(name: str) -> str:
    """The YAML text of a bundled protocol (to copy and edit)."""
    path = seed_dir() / f"{name}.yaml"
    if not is_seed_name(name) or not path.is_file():
        raise InputError(f"unknown bundled protocol {show(name)!r} (known: {', '.join(bundled_protocols())})",
                         "seed")
    return path.read_text(encoding="utf-8")


def is_seed_name(name: str) -> bool:
    return bool(name) and all(ch.isalnum() or ch in "_-" for ch in name)


def safe_loader():
    class _UniqueKeyLoader(yaml.SafeLoader):
        """SafeLoader that refuses duplicate keys (a second group of the same name would hide the first)."""

        def construct_mapping(self, node, deep=False):
            seen = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    hash(key)
                except TypeError:
                    continue  # the base class reports unhashable keys
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {show(key)!r} (first at line {seen[key] + 1})",
                        key_node.start_mark)
                seen[key] = key_node.start_mark.line
            return super().construct_mapping(node, deep=deep)

    return _UniqueKeyLoader


def read_yaml(path: Path, label: str) -> Any:
    where = f"Protocol {label!r}"
    try:
        if path.is_dir():
            raise InputError("is a directory, not a protocol file", where)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"file is too large ({size} bytes; a protocol is at most {MAX_FILE_BYTES})", where)
        raw = path.read_bytes()
    except FileNotFoundError:
        hint = (f"; did you mean seed:{path.stem}?" if path.stem in bundled_protocols() and path.suffix == ""
                else "")
        raise InputError("file not found (give a path to a YAML file, or seed:NAME; see `il6sim protocols`"
                         f"){hint}", where) from None
    except PermissionError:
        raise InputError("file cannot be read (permission denied)", where) from None
    except OSError as exc:
        raise InputError(f"file cannot be read ({exc.strerror or exc})", where) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"file is not UTF-8 text (byte {exc.start})", where) from None
    try:
        data = yaml.load(text, Loader=safe_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        ctx = getattr(exc, "context", None)
        msg = f"{problem} ({ctx})" if ctx and problem else problem
        raise InputError(f"malformed YAML: {at}{msg}", where) from None
    except RecursionError:
        raise InputError("malformed YAML: nested too deeply", where) from None
    if data is None:
        raise InputError("file is empty (expected a mapping with at least 'cell' and 'groups')", where)
    if not isinstance(data, Mapping):
        raise InputError(f"expected a mapping of keys (name, cell, groups, readouts, ...), "
                         f"got a {type(data).__name__}", where)
    return data
