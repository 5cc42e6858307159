"""Read lab tables (qPCR Ct, densitometry) from CSV/TSV or XLSX, including instrument exports.

Instrument software (qPCR cyclers, gel imagers) often writes lines about the
run before the table itself (``* Block Type = 96-well``, ``[Results]``). The
header row is found as the first row that names at least two of the
expected columns (or their aliases); everything above it is skipped, and
empty rows below it are dropped. Every cell is read as text (``NA`` or
``nan`` stay text; only empty cells are missing), so that the analysis
reports a bad number where it is, with its row, and as it was written.

>>> text = b"* Instrument = cycler\\n\\nSample Name,Target Name,CT\\na,GAPDH,18.1\\n"
>>> read_lab_table(text, "run.csv", ["sample name", "target name", "ct"]).columns.tolist()
['Sample Name', 'Target Name', 'CT']
"""

from __future__ import annotations

import csv
import io
from typing import Iterable, Sequence

from ..errors import InputError

#: largest table accepted (bytes)
MAX_TABLE_BYTES = 5_000_000
#: rows searched for the header
HEADER_SEARCH_ROWS = 200
#: longest line of a text table (a spreadsheet row is far shorter; the csv module refuses fields over 131,072)
MAX_LINE_CHARS = 100_000
_DELIMITERS = (",", "\t", ";")


def _norm(cell: object) -> str:
    return " ".join(str(cell).strip().lower().replace("_", " ").split()) if cell is not None else ""


def _header_index(rows: Sequence[Sequence[object]], names: set[str]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = {_norm(c) for c in row} & names
        if len(hits) >= 2:
            return i
    return None


def read_lab_table(data: bytes, filename: str, expected: Iterable[str], *, where: str | None = None):
    """A table (pandas DataFrame of text) from CSV/TSV/XLSX bytes, the header found by its column names.

    Parameters
    ----------
    data
        The file's bytes.
    filename
        Its name; ``.xlsx``/``.xlsm`` are read as Excel workbooks (first sheet), others as text.
    expected
        Column names (and aliases) that the header row holds; two of them identify it.
    where
        How messages name the file (default: ``filename``).

    Raises
    ------
    InputError
        Not a table, no header row found, too large, or not UTF-8 text.
    """
    import pandas as pd

    where = where or filename
    spelled: dict[str, str] = {}  # for messages: the names as given, in their order, each spelling once
    for n in expected:
        spelled.setdefault(_norm(n), str(n).strip())
    names, shown = set(spelled), list(spelled.values())
    if len(data) > MAX_TABLE_BYTES:
        raise InputError(f"file is too large ({len(data)} bytes; at most {MAX_TABLE_BYTES})", where)
    if not data.strip():
        raise InputError("file is empty", where)
    # an XLSX workbook is a zip file; a text table that was merely named .xlsx is read as text
    if data[:4] == b"PK\x03\x04":
        try:
            import openpyxl  # noqa: F401
        except ImportError:  # pragma: no cover - a pinned dependency
            raise InputError("reading XLSX needs the package openpyxl (pip install openpyxl)", where) from None
        try:
            raw = pd.read_excel(io.BytesIO(data), sheet_name=0, header=None, dtype=str,
                                keep_default_na=False, na_values=[""])
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise InputError(f"cannot read as an XLSX workbook ({type(exc).__name__}: {str(exc)[:120]})",
                             where) from None
        rows = raw.where(raw.notna(), None).values.tolist()
        i = _header_index(rows, names)
        if i is None:
            raise InputError(_no_header(shown), where)
        header = [str(c).strip() if c is not None else f"column {k + 1}" for k, c in enumerate(rows[i])]
        df = pd.DataFrame(rows[i + 1:], columns=header)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise InputError(f"not a text table (byte {exc.start}); save it as CSV or XLSX", where) from None
        lines = text.splitlines()
        longest = max((len(line) for line in lines), default=0)
        if longest > MAX_LINE_CHARS:
            raise InputError(f"not a table: a line of {longest:,} characters (at most {MAX_LINE_CHARS:,}); "
                             "save the sheet as CSV or XLSX", where)
        found = None
        for k, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
            for d in _DELIMITERS:
                if len({_norm(c) for c in next(csv.reader([line], delimiter=d))} & names) >= 2:
                    found = (k, d)
                    break
            if found:
                break
        if found is None:
            first = next((line for line in lines if line.strip()), "")
            raise InputError(_no_header(shown, first), where)
        k, d = found
        try:
            df = pd.read_csv(io.StringIO("\n".join(lines[k:])), sep=d, dtype=str, skip_blank_lines=True,
                             keep_default_na=False, na_values=[""])
        except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as exc:
            raise InputError(f"cannot read as a table: {str(exc).splitlines()[0]}", where) from None
    df = df.dropna(how="all")
    df = df.loc[:, [c for c in df.columns if not str(c).startswith("Unnamed") or df[c].notna().any()]]
    if df.empty:
        raise InputError("the table has a header but no rows", where)
    return df.reset_index(drop=True)


def _no_header(names: Sequence[str], first_row: str = "") -> str:
    seen = first_row.strip()
    seen = seen if len(seen) <= 80 else seen[:77] + "..."
    return ("no header row found: expected a row naming columns such as " + ", ".join(names[:8])
            + " (in the first 200 rows)" + (f"; the first row reads {seen!r}" if seen else ""))
