"""Read lab tables (qPCR Ct, densitometry) from CSV/TSV or XLSX, including instrument exports.

Instrument software (qPCR cyclers, gel imagers) often writes lines about the
run before the table itself (``* Block Type = 96-well``, ``[Results]``). The
header row is found as the first row that names at least two of the
expected columns (or their aliases); everything above it is skipped, and
empty rows below it are dropped. Every cell is read as text (``NA`` or
``nan`` stay text; only empty cells are missing), so that the analysis
reports a bad number where it is, with its row, and as it was written: the
row a spreadsheet shows for it, kept in ``df.attrs["rows"]``. A row with
more values than the header names columns is refused (pandas would shift its
values a column); empty fields past the header (trailing delimiters) are
ignored. In a workbook a value right of the header's last name is refused
likewise, with its sheet row and column letter, and so is a column inside the
header that holds values but has no name; empty columns are ignored; a
formula saved without its value (a workbook written by a script) is refused
with its sheet and cell, as it would read as empty; a
workbook that unpacks to more than 50 MB is refused before it is read. Text
may be UTF-8, UTF-16 with a byte-order mark (Excel's "Unicode text") or
Windows-1252.

>>> text = b"* Instrument = cycler\\n\\nSample Name,Target Name,CT\\na,GAPDH,18.1\\n"
>>> read_lab_table(text, "run.csv", ["sample name", "target name", "ct"]).columns.tolist()
['Sample Name', 'Target Name', 'CT']
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..errors import InputError, Problem

#: largest table accepted (bytes)
MAX_TABLE_BYTES = 5_000_000
#: largest workbook once unpacked (bytes, all its parts): an XLSX is a zip file, and a few MB of repeated
#: cells can unpack to gigabytes of sheet XML, which take minutes and gigabytes of memory to read; a table
#: of MAX_TABLE_BYTES as CSV unpacks to far less as a workbook
MAX_XLSX_UNPACKED_BYTES = 10 * MAX_TABLE_BYTES
#: rows searched for the header
HEADER_SEARCH_ROWS = 200
#: longest line of a text table (a spreadsheet row is far shorter; the csv module refuses fields over 131,072)
MAX_LINE_CHARS = 100_000


def too_large(size: int) -> str:
    """The message for a lab table of ``size`` bytes, over :data:`MAX_TABLE_BYTES`."""
    return (f"file is too large ({size:,} bytes; at most {MAX_TABLE_BYTES / 1e6:g} MB): keep the rows and columns "
            f"the command reads, or split the table into several files")
_DELIMITERS = (",", "\t", ";")
#: rows with too many values listed one by one (the rest are counted)
MAX_ROW_PROBLEMS = 10
#: a line put after a text table to see that the csv module ends its last row there (no delimiter, quote or newline)
_END = "\u2063il6sim end of table\u2063"


#: a time column's header: 'time' or 'time point', then its unit if any, in brackets ('Time (h)', 'time [min]') or
#: after '_', ',', '/' or a space ('Time_h', 'time, min', 'time min')
_TIME_HEADER = re.compile(r"(?:time[ _-]?points?|time)(?:\s*[(\[]\s*(?P<bracket>[^()\[\]]*?)\s*[)\]]"
                          r"|\s*[_,/]\s*(?P<after>\S.*?)|\s+(?P<word>\S.*?))?", re.IGNORECASE)
#: headers that are a time unit alone ('hours', 'min'); single letters (h, s, d) are not taken for one
_TIME_UNIT_HEADERS = {"sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "hr", "hrs", "hour",
                      "hours", "day", "days"}
#: what the help texts and docs say of the time column: the unit of a header without one is minutes, il6sim's
#: unit of time, stated rather than guessed from the values (a 0-120 column may be minutes or hours)
TIME_COLUMN = ("time_min, or time with its unit in the header, e.g. 'Time (h)' or 'time [min]'; a time column "
               "whose header gives no unit ('time') is read in minutes; a time written with its unit ('30 min', '2 h') "
               "is read in it")
#: the remedy for a time column whose header gives a unit that is not a time
TIME_HEADER_REMEDY = ("write the time column's unit as s, min, h or day (e.g. 'Time (h)' or 'time_min'), or name "
                      "it 'time' for minutes")


@dataclass(frozen=True)
class TimeColumn:
    """A lab table's time column: its ``header`` as written, the ``unit`` the header gives ('' when none: the
    values are minutes, il6sim's default) and the minutes in one such unit (``minutes_per_unit``)."""

    header: str
    unit: str
    minutes_per_unit: float
    #: every time in the column is written with its unit ('30 min', '2 h'), so the header's unit is not used
    cells_give_units: bool = False

    def note(self) -> str | None:
        """How the column is read, for the user to see: its values are minutes by default when the header gives
        no unit, or converted from the unit it gives; None for a column in minutes that says so (``time_min``).

        >>> TimeColumn("Time", "", 1.0).note()[:62]
        "column 'Time' gives no unit, so its values are read as minutes"
        >>> TimeColumn("Time (h)", "h", 60.0).note()
        "column 'Time (h)' is in h: its times are converted to minutes (time_min)"
        """
        if self.cells_give_units:
            return None
        if not self.unit:
            return (f"column {self.header!r} gives no unit, so its values are read as minutes (the default); name "
                    "it e.g. 'Time (h)' if they are hours")
        if self.minutes_per_unit == 1.0:
            return None
        return f"column {self.header!r} is in {self.unit}: its times are converted to minutes (time_min)"


def time_column(header: object, where: str) -> TimeColumn | None:
    """The time column a header names, with the unit it gives, or None for any other column.

    A header is a time column when it reads ``time`` or ``time point``, with or without a unit (``Time (h)``,
    ``time [min]``, ``Time_h``, ``time_min``), or is a time unit alone (``hours``, ``min``). The unit is read by
    il6sim's unit reader (:func:`il6sim.units.to_minutes`); one that is not a time (``Time (nM)``, ``Time
    (post IL-6)``) is refused (:class:`~il6sim.errors.InputError`), as the values could not be read as times.
    Words after ``time`` that are no unit at all (``Time stamp``, ``time_zone``) name another column.

    >>> time_column("Time (h)", "t.csv"), time_column("time", "t.csv").minutes_per_unit
    (TimeColumn(header='Time (h)', unit='h', minutes_per_unit=60.0, cells_give_units=False), 1.0)
    >>> time_column("hours", "t.csv").minutes_per_unit, time_column("Timer", "t.csv")
    (60.0, None)
    """
    from ..units import parse_quantity, to_minutes

    name = str(header).strip()
    m = _TIME_HEADER.fullmatch(name)
    if m:
        unit = (m.group("bracket") or m.group("after") or m.group("word") or "").strip()
        # 'Time stamp', 'time_zone': no unit after the word, so not a time column (a bracket gives a unit)
        lenient = m.group("bracket") is None
    elif name.lower() in _TIME_UNIT_HEADERS:
        unit, lenient = name, False
    else:
        return None
    if not unit:
        return TimeColumn(name, "", 1.0)
    try:
        minutes = to_minutes(f"1 {unit}", what=name)
    except InputError:
        minutes = None
        if lenient:
            try:
                parse_quantity(f"1 {unit}")
            except InputError:
                return None
    if minutes is None or not minutes > 0:
        raise InputError(f"column {name!r} reads as the time column, but {unit!r} is not a unit of time, so its "
                         f"values cannot be read as times; {TIME_HEADER_REMEDY}", where)
    return TimeColumn(name, unit, float(minutes))


def _norm(cell: object) -> str:
    return " ".join(str(cell).strip().lower().replace("_", " ").split()) if cell is not None else ""


def _letter(k: int) -> str:
    """The spreadsheet letter of column ``k`` (0 -> A, 26 -> AA)."""
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(65 + r) + out
    return out


def _repeated(header: Sequence[object], names: set[str], row: int, where: str) -> list[Problem]:
    """A problem for each column the analysis reads (one of ``names``) that the header row names more than
    once: which copy holds the values is the user's to say (a text table's second copy was read as ``x.1``
    and left out, unseen)."""
    at: dict[str, list[int]] = {}
    for k, c in enumerate(header):
        if _norm(c) in names:
            at.setdefault(_norm(c), []).append(k)
    return [Problem(where, f"column {str(header[ks[0]]).strip()!r} appears "
                           f"{'twice' if len(ks) == 2 else f'{len(ks)} times'} in the header row (row {row}, "
                           f"columns {', '.join(_letter(k) for k in ks)}); keep one of them, or rename the others")
            for ks in at.values() if len(ks) > 1]


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
        The file's bytes: an XLSX workbook (first sheet), or text in UTF-8 (with or without a BOM),
        UTF-16 with a byte-order mark (Excel's "Unicode text") or Windows-1252.
    filename
        Its name (for messages).
    expected
        Column names (and aliases) that the header row holds; two of them identify it.
    where
        How messages name the file (default: ``filename``).

    Returns
    -------
    pandas.DataFrame
        One row per non-empty row below the header, every cell text (empty cells missing).
        ``df.attrs["rows"]`` lists, for each of its rows, the row number a spreadsheet shows for it
        (the sheet row of a workbook; for text, the record's row counting every line above it,
        blank lines and instrument lines included), so that messages can point at it.

    Raises
    ------
    InputError
        Not a table, no header row found, too large, not text, a quote that is never closed, or a row
        with more values than the header names columns (extra fields that are all empty, such as trailing
        delimiters, are ignored); in a workbook, a value right of the header's last name, or a column without
        a name in the header row that holds values (each named by its column letter), or a formula cell of the
        first sheet with no saved value (named as ``Sheet1!C4``).
    """
    where = where or filename
    spelled: dict[str, str] = {}  # for messages: the names as given, in their order, each spelling once
    for n in expected:
        spelled.setdefault(_norm(n), str(n).strip())
    names, shown = set(spelled), list(spelled.values())
    if len(data) > MAX_TABLE_BYTES:
        raise InputError(too_large(len(data)), where)
    if not data.strip():
        raise InputError("file is empty", where)
    if data[:8] == OLE2_MAGIC:  # read as Windows-1252 text it was 'no header row found' and a row of byte codes
        raise InputError("an Excel 97-2003 workbook (.xls), which il6sim does not read: save it as an Excel "
                         "Workbook (.xlsx) or as CSV", where)
    # an XLSX workbook is a zip file; a text table that was merely named .xlsx is read as text
    if data[:4] == b"PK\x03\x04":
        header, body, rows, sheets = _read_xlsx(data, names, shown, where)
    elif (str(filename).lower().endswith((".xlsx", ".xlsm")) and b"\x00" in data
          and data[:2] not in (b"\xff\xfe", b"\xfe\xff")):
        # binary, and not a zip: not a workbook (a text table merely named .xlsx is read as text, below)
        raise InputError(not_a_workbook("it is binary data but not a zip archive, as every .xlsx file is"), where)
    else:
        (header, body, rows), sheets = _read_text(data, names, shown, where), []
    df = _frame(header, body, rows, where)
    if len(sheets) > 1:  # for a message about missing columns: the table may be on another sheet
        df.attrs["sheet_note"] = sheet_note(sheets)
    return df


def sheet_note(sheets: Sequence[str]) -> str:
    """What to say about a workbook of several sheets, of which only the first was read.

    >>> sheet_note(["Setup", "Results"])[:57]
    "; il6sim reads the first sheet, 'Setup', of this workbook"
    """
    return (f"; il6sim reads the first sheet, {sheets[0]!r}, of this workbook (it also has "
            f"{', '.join(map(repr, sheets[1:]))}): move the table to the first sheet, or save its sheet as CSV")


def _decode(data: bytes, where: str) -> str:
    """Text of a table: UTF-16 by its byte-order mark, else UTF-8 (BOM allowed), else Windows-1252."""
    bom = data[:2]
    if bom in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text" export is UTF-16 LE with a BOM
        codec = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
        try:
            return data[2:].decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(f"not a text table: it starts like UTF-16 text but byte {exc.start + 2} is not UTF-16; "
                             "save it as CSV or XLSX", where) from None
    if b"\x00" in data:  # Windows-1252 would take it for text: a PDF, an image, UTF-16 without its mark
        raise InputError(f"not a text table: it holds binary data (a zero byte at byte {data.index(0)}), as a "
                         "PDF, an image or an instrument's own file does; save the sheet as CSV or XLSX", where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(f"not a text table (byte {exc.start}); save it as CSV or XLSX", where) from None


#: the first bytes of an Excel 97-2003 workbook (.xls), an OLE2 compound file
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_LINE_END = re.compile(r"\r\n|\r|\n")


def _read_text(data: bytes, names: set[str], shown: Sequence[str], where: str):
    """Header, body rows (lists of text or None, as wide as the header) and their row numbers."""
    text = _decode(data, where)
    if not text.strip():
        raise InputError("file is empty", where)
    # lines end at \r\n, \r or \n only: str.splitlines would also cut a cell at a form feed, \x1c-\x1e,
    # \x85 or U+2028/2029, making two rows of one
    lines = _LINE_END.split(text.rstrip("\r\n"))
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
    # the csv module, not pandas: pandas takes extra leading fields of the first row as an index (shifting
    # every value of the table one column) and refuses a later row with a trailing delimiter
    # a last line of its own after the table: a quote opened and never closed takes it into its field (the
    # csv module reads such a field to the end of the file, all later rows in one cell, and says nothing)
    reader = csv.reader(io.StringIO("\n".join(lines[k:]) + "\n" + _END), delimiter=d)
    body: list[list[str | None]] = []
    rows: list[int] = []
    problems: list[Problem] = []
    too_wide = 0
    ended, last = False, k + 1
    try:
        header = next(reader)
        if _END in header[-1]:
            raise InputError("the header row opens a quote (\") that is never closed", where)
        width = len(header)
        # a spreadsheet shows each record (a blank line too) as one row, the lines above the header included
        for n, record in enumerate(reader, start=k + 2):
            if record == [_END]:
                ended = True
                break
            last = n
            if not any(c.strip() for c in record):  # blank, whitespace-only or all-empty: no row
                continue
            if len(record) > width:
                if any(c.strip() for c in record[width:]):
                    too_wide += 1
                    if too_wide <= MAX_ROW_PROBLEMS:
                        used = max(j for j, c in enumerate(record) if c.strip()) + 1
                        problems.append(Problem(where, f"row {n} has {used} values but the header names {width} "
                                                       "columns (a stray delimiter shifts the values; give every "
                                                       "column a name in the header row)"))
                    continue
                record = record[:width]
            body.append([c if c != "" else None for c in record] + [None] * (width - len(record)))
            rows.append(n)
    except csv.Error as exc:  # lines are at most MAX_LINE_CHARS: a field over the limit spans lines
        hint = "; a quote (\") opened and never closed?" if "field limit" in str(exc) else ""
        raise InputError(f"cannot read as a table: {str(exc).splitlines()[0]}{hint}", where) from None
    if not ended:
        raise InputError(f"row {last} opens a quote (\") that is never closed: every row below it would be read "
                         "into one cell; close the quote or remove it", where)
    if too_wide > MAX_ROW_PROBLEMS:
        problems.append(Problem(where, f"... and {too_wide - MAX_ROW_PROBLEMS} more row(s) with more values than "
                                       "the header names columns"))
    problems += _repeated(header, names, row=k + 1, where=where)
    if problems:
        raise InputError(problems)
    named = [c if c.strip() else f"Unnamed: {j}" for j, c in enumerate(header)]
    return _distinct(named), body, rows


def _check_unpacked_size(data: bytes, where: str) -> None:
    """Refuse a workbook whose parts unpack to more than :data:`MAX_XLSX_UNPACKED_BYTES` before reading it.

    The sizes are those the zip file declares; Python's zip reader stops a part at its declared size, so a
    part that claims less than it holds cannot unpack to more. A file that is no zip is left to the reader.
    """
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            unpacked = sum(part.file_size for part in book.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise InputError(f"the workbook unpacks to {unpacked / 1e6:,.0f} MB (at most {MAX_XLSX_UNPACKED_BYTES / 1e6:g} "
                         "MB): far more than a table of measurements; save the table's sheet as CSV, or remove "
                         "the other sheets, images and empty formatted rows", where)


def _unsaved_formulas(data: bytes) -> list[tuple[str, str]]:
    """The cells (``'C4'``) and formulas of the workbook's first sheet that have no saved value.

    A spreadsheet program saves each formula with its value; a workbook written by a script (openpyxl,
    some exports) may hold the formula alone, and a reader that takes the saved values (pandas, openpyxl
    with ``data_only=True``) then reads the cell as empty. A formula whose saved value is empty text
    (``t="str"``, e.g. ``=IF(A4="", "", A4)``) has its value.
    """
    import posixpath
    import xml.etree.ElementTree as ET
    import zipfile

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            sheet = ET.fromstring(book.read("xl/workbook.xml")).find(f"{main}sheets/{main}sheet")
            rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
            rid = sheet.get(rel) if sheet is not None else None
            target = next((r.get("Target") for r in rels if r.get("Id") == rid), None)
            if not target:
                return []
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            found = []
            with book.open(part) as xml:
                for _, el in ET.iterparse(xml):
                    if el.tag == f"{main}c":
                        f, v = el.find(f"{main}f"), el.find(f"{main}v")
                        if f is not None and (v is None or not v.text) and el.get("t") != "str":
                            found.append((el.get("r") or "?", f.text or ""))
                        el.clear()
                    elif el.tag == f"{main}row":
                        el.clear()
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError, ValueError, EOFError):
        return []  # pandas read the workbook; a part it did not need is not this check's business
    return found


#: the remedy for a file that is not a readable workbook
WORKBOOK_REMEDY = ("open it in Excel (or LibreOffice) and save it again as .xlsx (Excel Workbook), or export the "
                   "sheet as CSV")


def not_a_workbook(fault: str) -> str:
    """The one-line message for a file that is not a readable Excel workbook, ``fault`` saying why."""
    return f"not a readable Excel workbook (.xlsx): {fault}; {WORKBOOK_REMEDY}"


def _workbook_fault(data: bytes, exc: BaseException) -> str:
    """Why a zip file could not be read as a workbook, in plain words (not the reader's exception)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            parts = set(book.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return "the file is damaged or cut short (it is not a complete zip archive, as an .xlsx file is)"
    if "xl/workbook.xml" not in parts:
        return "it is a zip archive that holds no Excel workbook (no xl/workbook.xml)"
    return "its workbook parts are damaged"


def _read_xlsx(data: bytes, names: set[str], shown: Sequence[str], where: str):
    """Header, body rows and their sheet row numbers of the first sheet of a workbook, and its sheets' names."""
    import pandas as pd

    try:
        from openpyxl.utils import get_column_letter
    except ImportError:  # pragma: no cover - a pinned dependency
        raise InputError("reading XLSX needs the package openpyxl (pip install openpyxl)", where) from None
    _check_unpacked_size(data, where)
    try:
        # the sheet from its row 1 on (blank rows kept), so that position + 1 is the sheet row
        with pd.ExcelFile(io.BytesIO(data), engine="openpyxl") as book:
            sheets = [str(s) for s in book.sheet_names]
            raw = pd.read_excel(book, sheet_name=0, header=None, dtype=str, keep_default_na=False, na_values=[""])
    except Exception as exc:  # openpyxl raises many kinds for a damaged file: say which, in plain words
        raise InputError(not_a_workbook(_workbook_fault(data, exc)), where) from None
    unsaved = _unsaved_formulas(data)
    if unsaved:  # read as empty cells: a Ct or an intensity would be missing without a word
        sheet = sheets[0] if sheets else "Sheet1"
        ref = f"'{sheet}'" if re.search(r"[^A-Za-z0-9_]", sheet) else sheet
        cells_named = ", ".join(f"{ref}!{c}" for c, _ in unsaved[:MAX_ROW_PROBLEMS])
        more = f" and {len(unsaved) - MAX_ROW_PROBLEMS} more" if len(unsaved) > MAX_ROW_PROBLEMS else ""
        what = (f"{cells_named} holds a formula (={unsaved[0][1][:40]}) with no saved value, so it would read "
                "as empty" if len(unsaved) == 1
                else f"{cells_named}{more} hold formulas with no saved values, so they would read as empty")
        raise InputError(f"{what} (the workbook was written without computing its "
                         "formulas); open the file in Excel or LibreOffice and save it, so that the values are "
                         "stored, or export the sheet as CSV", where)
    # position k of a row is the sheet's column k + 1; an empty cell is None (pandas' str columns keep NaN
    # through ``where(..., None)``, which read as the text 'nan')
    cells = [[None if pd.isna(c) else c for c in row] for row in raw.values.tolist()]
    i = _header_index(cells, names)
    if i is None:
        raise InputError(_no_header(shown) + (sheet_note(sheets) if len(sheets) > 1 else ""), where)

    def filled(c) -> bool:
        return c is not None and bool(str(c).strip())

    def shown_value(c) -> str:
        text = str(c)
        return repr(text if len(text) <= 40 else text[:37] + "...")

    named = [k for k, c in enumerate(cells[i]) if filled(c)]
    is_named = set(named)
    last = named[-1]  # the header names at least two columns
    letter = [get_column_letter(k + 1) for k in range(len(cells[i]))]
    body, rows = [], []
    problems: list[Problem] = []
    too_wide = 0
    unnamed: dict[int, tuple[int, str]] = {}  # a column inside the header without a name: its first value
    for j in range(i + 1, len(cells)):
        row = cells[j]
        beyond = [k for k in range(last + 1, len(row)) if filled(row[k])]
        if beyond:  # as a text row with more values than the header names columns
            too_wide += 1
            if too_wide <= MAX_ROW_PROBLEMS:
                span = f"(the header, row {i + 1}, names columns {letter[named[0]]} to {letter[last]})"
                if len(beyond) == 1:
                    k = beyond[0]
                    what = (f"column {letter[k]}: a value ({shown_value(row[k])}) under no header {span}; name column "
                            f"{letter[k]} in the header row, or clear the cell")
                else:
                    cols = ", ".join(letter[k] for k in beyond[:-1]) + f" and {letter[beyond[-1]]}"
                    what = (f"columns {cols}: values under no header {span}; name those columns in the header row, "
                            "or clear the cells")
                problems.append(Problem(where, f"row {j + 1}, {what}"))
            continue
        for k in range(last + 1):
            if k not in is_named and filled(row[k]) and k not in unnamed:
                unnamed[k] = (j + 1, shown_value(row[k]))
        if any(filled(row[k]) for k in named):
            body.append([row[k] for k in named])
            rows.append(j + 1)
    if too_wide > MAX_ROW_PROBLEMS:
        problems.append(Problem(where, f"... and {too_wide - MAX_ROW_PROBLEMS} more row(s) with values under no "
                                       "header"))
    for k, (r, v) in sorted(unnamed.items()):
        problems.append(Problem(where, f"column {letter[k]}: no name in the header row (row {i + 1}) but values "
                                       f"below it (first in row {r}: {v}); name it in the header row, or clear "
                                       "the column"))
    problems += _repeated(cells[i], names, row=i + 1, where=where)
    if problems:
        raise InputError(problems)
    # a name twice stays twice: the analysis names both columns; empty columns without a name are left out
    return [str(cells[i][k]).strip() for k in named], body, rows, sheets


def _distinct(header: Sequence[str]) -> list[str]:
    """Repeated column names made distinct as pandas does: ``x``, ``x.1``, ``x.2``, a suffix that another
    column of the header already has being skipped (``x,x,x.1`` gives ``x, x.2, x.1``)."""
    present = set(header)
    seen: dict[str, int] = {}
    out = []
    for name in header:
        count = seen.get(name, 0)
        new = name
        while count:
            seen[name] = count + 1
            new = f"{name}.{count}"
            count = count + 1 if new in present else seen.get(new, 0)
        seen[new] = count + 1
        out.append(new)
    return out


def _frame(header: list[str], body: list[list], rows: list[int], where: str):
    import pandas as pd

    df = pd.DataFrame(body, columns=header, dtype="str") if body else pd.DataFrame(columns=header, dtype="str")
    # a column without a name in the header row is dropped when it holds nothing (a trailing delimiter)
    df = df.loc[:, [c for c in df.columns if not str(c).startswith("Unnamed") or df[c].notna().any()]]
    if df.empty:
        raise InputError("the table has a header but no rows", where)
    df = df.reset_index(drop=True)
    df.attrs["rows"] = list(rows)
    return df


def _no_header(names: Sequence[str], first_row: str = "") -> str:
    seen = first_row.strip()
    seen = seen if len(seen) <= 80 else seen[:77] + "..."
    return ("no header row found: expected a row naming columns such as " + ", ".join(names[:8])
            + " (in the first 200 rows)" + (f"; the first row reads {seen!r}" if seen else ""))
