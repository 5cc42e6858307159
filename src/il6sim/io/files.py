"""Bounded, safe reading of every file a user hands to il6sim.

One place decides what a user file may be, so that protocols, sweep specs,
PEtab problems and lab-data tables share the same limits and the same
one-line messages:

* only a regular file is read (a device such as ``/dev/zero``, a FIFO or a
  directory is refused from ``os.stat`` before it is opened), and the read
  itself stops after the size limit, so a file that grows while it is read
  cannot exhaust memory;
* text must be UTF-8 (a byte-order mark is allowed), or UTF-16 with its
  byte-order mark (Windows Notepad's "Unicode"), and hold no NUL characters
  (binary files, e.g. an Excel workbook, are refused with a hint; UTF-16
  without a byte-order mark is named as such);
* YAML goes through :class:`SafeYamlLoader`: safe construction only, no
  duplicate keys (the key and both lines are named), nesting at most
  :data:`MAX_YAML_DEPTH` levels, at most :data:`MAX_YAML_NODES` nodes after
  expanding aliases (an "alias bomb" is refused before anything is built
  from it), and YAML 1.2 floats such as ``3e-06`` read as numbers, as a
  user expects (YAML 1.1 would read them as text).

Every refusal is an :class:`~il6sim.errors.InputError` whose single problem
names the file.

>>> load_yaml_text("low: 3e-06\\nhigh: 1e2", "spec.yaml")
{'low': 3e-06, 'high': 100.0}
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from ..errors import InputError, value_kind

#: the default size limit of a YAML file (protocols, sweep specs, PEtab problem files)
MAX_YAML_BYTES = 1_000_000
#: the default size limit of a data table (CSV/TSV)
MAX_TABLE_BYTES = 50_000_000
#: deepest nesting of YAML collections
MAX_YAML_DEPTH = 64
#: most YAML nodes after expanding aliases (a 1 MB file of plain values holds far fewer)
MAX_YAML_NODES = 200_000


def _mb(n: int) -> str:
    return f"{n / 1e6:g} MB"


def check_regular_file(path: str | os.PathLike, where: str, *, limit: int, what: str = "file") -> os.stat_result:
    """``os.stat`` ``path`` and refuse anything but a regular file of at most ``limit`` bytes."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{what} not found", where) from None
    except PermissionError:
        raise InputError(f"{what} cannot be read (permission denied)", where) from None
    except OSError as exc:
        raise InputError(f"{what} cannot be read ({exc.strerror or exc})", where) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"is a directory, not a {what}", where)
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise InputError(f"is {kind}, not a regular {what}", where)
    if st.st_size > limit:
        raise InputError(f"{what} is too large ({st.st_size} bytes; at most {_mb(limit)})", where)
    return st


def read_bytes(path: str | os.PathLike, where: str | None = None, *, limit: int = MAX_YAML_BYTES,
               what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (checked before and while reading)."""
    where = str(path) if where is None else where
    check_regular_file(path, where, limit=limit, what=what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check cannot block
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise InputError(f"{what} cannot be read (permission denied)", where) from None
    except OSError as exc:
        raise InputError(f"{what} cannot be read ({exc.strerror or exc})", where) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced between the checks
            raise InputError(f"is not a regular {what}", where)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{what} cannot be read ({exc.strerror or exc})", where) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise InputError(f"{what} is too large (more than {_mb(limit)})", where)
    return data


def decode_text(data: bytes, where: str, *, what: str = "file", fallback: str | None = None) -> str:
    """UTF-8 text (BOM allowed) or UTF-16 with its BOM; binary content is refused, and so is text in another
    encoding unless ``fallback`` names one to decode it with (lab tables: Windows-1252, Excel's CSV on Windows)."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{what} is a binary spreadsheet or archive, not text (save it as CSV, UTF-8)", where)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 by its byte-order mark (Notepad's "Unicode")
        codec = "utf-16-le" if data[:2] == b"\xff\xfe" else "utf-16-be"
        try:
            text = data[2:].decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(f"{what} starts like UTF-16 text but byte {exc.start + 2} is not UTF-16 (save it as "
                             "UTF-8)", where) from None
        if "\x00" in text:
            raise InputError(f"{what} is binary, not text (NUL character in its UTF-16 text)", where)
        return text
    head = data[:256]
    if len(head) >= 4 and len(head) % 2 == 0:
        for zeros, other, order in ((head[1::2], head[0::2], "little"), (head[0::2], head[1::2], "big")):
            if not any(zeros) and all(other):
                raise InputError(f"{what} is UTF-16 text ({order}-endian) without a byte-order mark; save it as "
                                 "UTF-8 (in Notepad: Save as, Encoding: UTF-8)", where)
    if b"\x00" in data:
        raise InputError(f"{what} is binary, not text (NUL byte at offset {data.index(0)})", where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback:
            return data.decode(fallback, errors="replace")
        raise InputError(f"{what} is not UTF-8 text (undecodable byte at offset {exc.start})", where) from None


def read_text(path: str | os.PathLike, where: str | None = None, *, limit: int = MAX_YAML_BYTES,
              what: str = "file") -> str:
    """:func:`read_bytes` then :func:`decode_text`."""
    where = str(path) if where is None else where
    return decode_text(read_bytes(path, where, limit=limit, what=what), where, what=what)


# ---------------------------------------------------------------------------
# YAML
# ---------------------------------------------------------------------------

_FLOAT_12 = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+
                          |[-+]?\.[0-9_]+[eE][-+]?[0-9]+)$""", re.X)


def _key_words(key: Any) -> str:
    """A YAML key for a message: quoted text, or plain words for ``null``/``~`` (an empty key), a date, binary data."""
    if key is None:
        return "null (an empty key: null, ~ or nothing before the colon)"
    if isinstance(key, str) or isinstance(key, (int, float)) and not isinstance(key, bool):
        return repr(str(key)[:60])
    return value_kind(key)


def _make_loader():
    import yaml

    class SafeYamlLoader(yaml.SafeLoader):
        """SafeLoader with duplicate-key refusal, depth and alias-expansion limits, YAML 1.2 exponents."""

        def __init__(self, stream):
            super().__init__(stream)
            self._depth = 0
            self._sizes: dict[int, int] = {}

        def compose_node(self, parent, index):
            self._depth += 1
            try:
                if self._depth > MAX_YAML_DEPTH:
                    mark = self.peek_event().start_mark
                    raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_YAML_DEPTH} levels deep",
                                                      mark)
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def get_single_node(self):
            node = super().get_single_node()
            if node is not None:
                n = self._expanded(node)
                if n > MAX_YAML_NODES:
                    raise yaml.composer.ComposerError(
                        None, None, f"expands to more than {MAX_YAML_NODES} values (aliases repeat too much)",
                        node.start_mark)
            return node

        def _expanded(self, node) -> int:
            """Nodes in ``node`` with every alias expanded (memoised on shared nodes; no recursion)."""
            sizes = self._sizes
            stack = [(node, False)]
            while stack:
                nd, done = stack.pop()
                if id(nd) in sizes:
                    continue
                children = ([v for kv in nd.value for v in kv] if isinstance(nd, yaml.MappingNode) else
                            list(nd.value) if isinstance(nd, yaml.SequenceNode) else [])
                if done or not children:
                    total = 1
                    for c in children:
                        total += sizes.get(id(c), 1)
                        if total > MAX_YAML_NODES:
                            break
                    sizes[id(nd)] = total
                    continue
                stack.append((nd, True))
                for c in children:
                    if id(c) not in sizes:
                        if any(c is s for s, open_ in stack if open_):  # an alias to its own ancestor
                            raise yaml.composer.ComposerError(None, None, "a recursive alias", c.start_mark)
                        stack.append((c, False))
            return sizes[id(node)]

        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                seen: dict = {}
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=deep)
                    try:
                        hash(key)
                    except TypeError:
                        continue  # the base class reports unhashable keys
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key {_key_words(key)} (first at line {seen[key] + 1})"
                            + ("; write each key's name" if key is None else ""),
                            key_node.start_mark)
                    seen[key] = key_node.start_mark.line
            return super().construct_mapping(node, deep=deep)

    SafeYamlLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_12, list("-+0123456789."))
    return SafeYamlLoader


_LOADER = None


def safe_yaml_loader():
    """The shared SafeLoader subclass (built on first use, so that importing il6sim does not import yaml)."""
    global _LOADER
    if _LOADER is None:
        _LOADER = _make_loader()
    return _LOADER


def load_yaml_text(text: str, where: str, *, what: str = "file") -> Any:
    """Parse YAML text with :func:`safe_yaml_loader`; any problem is one-line :class:`InputError`."""
    import yaml

    try:
        loader = safe_yaml_loader()(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unreadable"])[0]
        ctx = getattr(exc, "context", None)
        msg = f"{problem} ({ctx})" if ctx and problem else problem
        if "'\\t'" in str(problem) or "tab character" in str(problem):  # an editor that indents with tabs
            msg = f"{msg}; write spaces instead of the tab (YAML does not allow tabs for indentation)"
        raise InputError(f"malformed YAML: {at}{' '.join(str(msg).split())}", where) from None
    except RecursionError:
        raise InputError("malformed YAML: nested too deeply", where) from None


def load_yaml_file(path: str | os.PathLike, where: str | None = None, *, limit: int = MAX_YAML_BYTES,
                   what: str = "file") -> Any:
    """Read (bounded) and parse a YAML file; see the module docstring for what is refused."""
    where = str(path) if where is None else where
    return load_yaml_text(read_text(path, where, limit=limit, what=what), where, what=what)


# ---------------------------------------------------------------------------
# tables and the files a PEtab problem names
# ---------------------------------------------------------------------------

def read_table(path: str | os.PathLike, where: str | None = None, *, sep: str | None = ",",
               limit: int = MAX_TABLE_BYTES, dtype=None, only_empty_is_missing: bool = False):
    """A CSV/TSV table as a pandas DataFrame, read through :func:`read_text` (bounded, UTF-8, not binary).

    ``sep=None`` sniffs the delimiter. ``only_empty_is_missing``: only an empty cell is missing (NaN);
    words such as 'nan', 'NA' or 'None' stay text, for messages that show what the cell holds. An empty
    file, a file without a header or a malformed table is one :class:`InputError`.
    """
    import csv
    import io

    import pandas as pd

    where = str(path) if where is None else where
    text = read_text(path, where, limit=limit, what="table file")
    if not text.strip():
        raise InputError("table file is empty (expected a header line and rows)", where)
    kw = {"sep": sep, "dtype": dtype}
    if only_empty_is_missing:
        kw.update(keep_default_na=False, na_values=[""])
    if sep is None:
        kw["engine"] = "python"
    try:
        return pd.read_csv(io.StringIO(text), **kw)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error, ValueError) as exc:
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise InputError(f"cannot read as a table: {first}", where) from None


#: PEtab v1 problem-file keys naming files, and the size limit of each
_PETAB_FILE_KEYS = {"sbml_files": 20_000_000, "condition_files": MAX_TABLE_BYTES,
                    "measurement_files": MAX_TABLE_BYTES, "observable_files": MAX_TABLE_BYTES,
                    "visualization_files": MAX_TABLE_BYTES, "mapping_files": MAX_TABLE_BYTES}


def check_petab_files(doc: Any, base: str | os.PathLike, where: str) -> None:
    """Refuse a PEtab problem YAML whose listed files are missing, not regular files or too large.

    Checked before the PEtab library opens them, so that ``/dev/zero`` or a FIFO named
    as a table cannot hang or exhaust memory.
    """
    problems = []
    base = Path(base)

    def names(v, key):
        items = [v] if isinstance(v, str) else v if isinstance(v, list) else None
        if items is None or not all(isinstance(x, str) for x in items):
            got = (f"a list holding {value_kind(next(x for x in v if not isinstance(x, str)))}"
                   if isinstance(v, list) else value_kind(v))
            problems.append(f"{key} must be a file name or a list of file names (got {got})")
            return []
        return items

    entries = [(k, v, MAX_TABLE_BYTES) for k, v in (("parameter_file", doc.get("parameter_file")),) if v is not None]
    subs = doc.get("problems")
    if not isinstance(subs, list) or not all(isinstance(p, dict) for p in subs):
        raise InputError("'problems' must be a list of mappings (PEtab v1 problem file)", where)
    for sub in subs:
        entries += [(k, sub[k], lim) for k, lim in _PETAB_FILE_KEYS.items() if sub.get(k) is not None]
    for key, v, lim in entries:
        for name in names(v, key):
            check_regular_file(base / name, f"{where}, {key} {name!r}", limit=lim)
    if problems:
        raise InputError(problems[0], where)


__all__ = ["MAX_YAML_BYTES", "MAX_TABLE_BYTES", "check_regular_file", "read_bytes", "read_text", "decode_text",
           "load_yaml_text", "load_yaml_file", "safe_yaml_loader", "read_table", "check_petab_files"]
