"""Lab-data helpers: qPCR ddCt fold changes and Western-blot densitometry ratios.

What is otherwise done by hand in a spreadsheet, with every problem in the
input reported at once (:class:`~il6sim.errors.InputError`).

qPCR (Livak & Schmittgen 2001, Methods 25:402): technical replicates are
averaged per sample and gene; ``dCt = Ct(target) - Ct(reference)`` (several
reference genes: their mean Ct, i.e. the geometric mean of their
quantities); ``ddCt = dCt - mean dCt of the control condition``; fold change
``= E^-ddCt`` with amplification factor ``E`` (2 = 100 % efficiency). With a
time column, each time is read against the control's samples at the same
time (a time-matched vehicle), or, when the control has one time only (e.g.
0 min), against those; ``control_time_min`` says which, and any other
layout is refused.
Replicate statistics are computed on the ddCt (log) scale: the mean fold is
the geometric mean, the 95 % interval comes from the t distribution.

>>> import pandas as pd
>>> ct = pd.DataFrame({"sample": ["a", "a", "b", "b"], "condition": ["ctrl", "ctrl", "il6", "il6"],
...                    "gene": ["GAPDH", "SOCS3", "GAPDH", "SOCS3"], "ct": [18.0, 30.0, 18.0, 25.0]})
>>> float(qpcr_fold_change(ct, reference="GAPDH", control="ctrl").per_sample.query("sample == 'b'")["fold_change"].iloc[0])
32.0

Densitometry: ``ratio = signal(target) / signal(normaliser)`` per sample
(phospho/total, or target/loading control), then divided by the mean ratio
of the control samples on the same blot (with a time column: at the same
time, or at the control's one time, as for qPCR).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence, Union

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..io.labtables import TimeColumn, time_column
from ..units import to_minutes
from ..validate import did_you_mean, is_real, refuse_repeats, show

_QPCR_ALIASES = {"sample name": "sample", "sample_name": "sample", "target": "gene", "target name": "gene",
                 "target_name": "gene", "detector": "gene", "cq": "ct", "cp": "ct", "cт": "ct", "c_t": "ct", "group": "condition",
                 "treatment": "condition", "time": "time_min", "plate": "experiment", "run": "experiment"}
_BLOT_ALIASES = {"lane": "sample", "protein": "target", "antibody": "target", "band": "target",
                 "intensity": "signal", "volume": "signal", "value": "signal", "group": "condition",
                 "treatment": "condition", "blot": "experiment", "membrane": "experiment", "time": "time_min"}
UNDETERMINED = {"undetermined", "undet", "n/a", "na", "nan", "", "no ct", "-"}


def _read(source: Union[str, Path, pd.DataFrame], aliases: dict, where: str,
          main: Sequence[str]) -> tuple[pd.DataFrame, list[int] | None, TimeColumn | None]:
    """The table with its columns under their canonical names (``aliases``), for each of its rows the row
    number that messages give (None: position + 2, a header line and no other lines above), and its time
    column (:func:`il6sim.io.labtables.time_column`: ``Time (h)``, ``time`` ...; named ``time_min`` in the
    table, its values still in the header's unit: :func:`_times` converts them); ``main``: the columns a
    message about a missing header names first."""
    if isinstance(source, pd.DataFrame):
        df = source.copy()
    elif not isinstance(source, (str, os.PathLike)):
        raise InputError(f"expected a table: a pandas DataFrame or the path of a CSV, TSV or XLSX file "
                         f"(got {type(source).__name__} {show(source)})", "source")
    else:
        from ..io.files import decode_text, read_bytes
        from ..io.labtables import MAX_TABLE_BYTES, read_lab_table, too_large

        path = Path(source)
        if not os.path.lexists(path):
            raise InputError("table not found (give the path of a CSV, TSV or XLSX file; a relative path is read "
                             "from the folder the command runs in)", where)
        # bounded, regular files only; CSV/TSV/XLSX; header lines of instrument exports above the table skipped
        # the lab-table limit, checked before the file is read (not the larger PEtab limit of io.files)
        if path.is_file() and path.stat().st_size > MAX_TABLE_BYTES:
            raise InputError(too_large(path.stat().st_size), where)
        data = read_bytes(path, where, limit=MAX_TABLE_BYTES, what="table")
        # read_lab_table decodes the text: UTF-16 with a byte-order mark (Excel's "Unicode text"), UTF-8, or
        # Windows-1252 (Excel's "CSV" on Windows, e.g. a 'µg/mL' in a condition); binary content is refused here
        if not path.suffix.lower() in (".xlsx", ".xlsm") and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            if not decode_text(data, where, what="table file", fallback="cp1252").strip():
                raise InputError("table file is empty (expected a header line and rows)", where)
        df = read_lab_table(data, path.name, [*main, *aliases, *aliases.values()], where=where)
        df = df.fillna("")  # empty cells: empty text
    # the file's row numbers (read_lab_table), taken now: pandas does not carry attrs through every operation;
    # trusted only while the frame still has the rows it was read with, in their order
    rows = df.attrs.get("rows")
    if not (isinstance(rows, (list, tuple)) and len(rows) == len(df) and df.index.equals(pd.RangeIndex(len(df)))
            and all(isinstance(r, int) for r in rows)):
        rows = None
    df.attrs = {k: v for k, v in df.attrs.items() if k != "rows"}
    df = df.reset_index(drop=True)  # messages count rows by position
    original = [str(c).strip() for c in df.columns]
    # a time column under any header that names time, with its unit ('Time (h)', 'time [min]', 'Time_h',
    # 'hours'): under an unread header its times were pooled into one condition without a word
    times = {c: time_column(c, where) for c in original}
    df.columns = ["time_min" if times[c] is not None else aliases.get(c.lower(), c.lower()) for c in original]
    seen: dict[str, str] = {}
    for orig, c in zip(original, df.columns):
        if c in seen:
            raise InputError(f"columns '{seen[c]}' and '{orig}' both give '{c}'; keep one of them", where)
        seen[c] = orig
    time = next((t for t in times.values() if t is not None), None)
    return df, (list(rows) if rows is not None else None), time


def _times(df: pd.DataFrame, time: TimeColumn | None, where: str, problems: list[Problem],
           rows: Sequence[int] | None) -> TimeColumn | None:
    """The table's time column, read as numbers (each bad one a problem, named by the header as written) and
    converted from the header's unit to minutes (no unit: minutes, the default), in place. A cell that gives its
    own unit ('30 min', '2 h', '1 h 30 min', as blot lanes are labelled) is read in it. Returns the column,
    marked as giving its units in the cells when every time does."""
    if "time_min" not in df or time is None:
        return time
    values = df["time_min"].astype(object).copy()
    with_unit = 0
    for i, v in enumerate(values):
        if isinstance(v, str) and re.search(r"[A-Za-z]", v):
            try:
                values.iloc[i] = to_minutes(v.strip(), what=time.header) / time.minutes_per_unit
                with_unit += 1
            except InputError:
                pass  # left as text: named by _numbers as not a time
    df["time_min"] = values
    df["time_min"] = _numbers(df, "time_min", where, problems, what=time.header, rows=rows,
                              remedy=f" (write a number in {time.unit or 'minutes'}, or a time with its unit, e.g. "
                                   "'30 min' or '2 h')") * time.minutes_per_unit
    if with_unit and with_unit == int(df["time_min"].notna().sum()):
        return replace(time, cells_give_units=True)
    return time


_ROW_WHERE = re.compile(r", row (\d+)$")


#: most problems reported for one table (the rest are counted), and most names one message lists: a table of
#: 100,000 samples without their reference gene gave 100,000 lines, a missing control condition listed every
#: condition of the table
MAX_PROBLEMS = 30
MAX_LISTED = 20


def _listing(names) -> str:
    """``names`` for a message: each at most 60 characters, at most :data:`MAX_LISTED` of them, the rest counted."""
    names = [show(str(n)) for n in names]
    more = len(names) - MAX_LISTED
    return ", ".join(names[:MAX_LISTED]) + (f", ... and {more} more" if more > 0 else "")


def _report(problems: list[Problem]) -> list[Problem]:
    """The problems to report, rows in order (:func:`_rows_in_order`): at most :data:`MAX_PROBLEMS`, then how
    many more there are."""
    ordered = _rows_in_order(problems)
    if len(ordered) <= MAX_PROBLEMS:
        return ordered
    where = _ROW_WHERE.sub("", ordered[MAX_PROBLEMS - 1].where or "")
    return ordered[:MAX_PROBLEMS] + [Problem(where, f"... and {len(ordered) - MAX_PROBLEMS} more problem(s) like "
                                                    "these; fix these first")]


def _rows_in_order(problems: list[Problem]) -> list[Problem]:
    """The problems of single rows in row order, where the first of them stood (checks run column by column,
    which listed rows 3, 5, 4); the others keep their places."""
    at = [k for k, p in enumerate(problems) if _ROW_WHERE.search(p.where or "")]
    if not at:
        return problems
    rowwise = sorted((problems[k] for k in at), key=lambda p: int(_ROW_WHERE.search(p.where).group(1)))
    rowwise_at = set(at)
    rest = [(k, p) for k, p in enumerate(problems) if k not in rowwise_at]
    return [p for k, p in rest if k < at[0]] + rowwise + [p for k, p in rest if k > at[0]]


def _row(rows: Sequence[int] | None, i: int) -> int:
    """The row number of the table's ``i``-th row (0-based position) as a spreadsheet shows it: from the
    file when it was read from one, else ``i + 2`` (a header row, then the rows)."""
    return int(rows[i]) if rows is not None else int(i) + 2


#: most row problems listed one by one (the rest are counted)
MAX_ROW_PROBLEMS = 10


def _require(df: pd.DataFrame, cols: Sequence[str], where: str, hint: str, aliases: dict[str, str]) -> None:
    """A missing column is refused with what the table has, and the header names each missing column may have."""
    missing = [c for c in cols if c not in df.columns]
    if missing:
        def named(c: str) -> str:  # 'condition (or group, treatment)'; the spellings with '_' or a Cyrillic letter
            also = [a for a, canonical in aliases.items() if canonical == c and a.isascii() and "_" not in a]
            return f"{c} (or {', '.join(also)})" if also else c

        raise InputError(f"missing column(s) {', '.join(missing)}; found {_listing(df.columns)} ({hint}); add each "
                         f"as a column, or write its name in the header row above its values: "
                         f"{', '.join(named(c) for c in missing)}" + df.attrs.get("sheet_note", ""), where)


def _names(df: pd.DataFrame, cols: Sequence[str], item: str, where: str, rows, problems: list[Problem],
           need: str = "", remedy: str | None = None) -> None:
    """Strip the name columns ``cols`` in place; an empty one is a problem (a well or band without a name would
    become a sample, condition, gene or target called ''), one per row; ``need``: what every ``item`` needs, and
    ``remedy``: what to do besides filling the cell in (None: the need says it), for the message."""
    need = need or ", ".join(f"a {c}" for c in cols[:-1]) + f" and a {cols[-1]}"  # "a sample, a condition and a gene"
    empty = {}
    for c in cols:
        df[c] = df[c].astype(str).str.strip()
        empty[c] = df[c].isin(("", "nan")).to_numpy()
    at = np.flatnonzero(np.logical_or.reduce(list(empty.values())))
    for i in at[:MAX_ROW_PROBLEMS]:
        named = [c for c in cols if empty[c][i]]
        what = f"{named[0]} is" if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]} are"
        todo = "" if remedy is None else f"; fill {'it' if len(named) == 1 else 'them'} in{remedy}"
        problems.append(Problem(f"{where}, row {_row(rows, i)}", f"{what} empty: every {item} needs {need}{todo}"))
    if len(at) > MAX_ROW_PROBLEMS:
        problems.append(Problem(where, f"... and {len(at) - MAX_ROW_PROBLEMS} more row(s) with an empty "
                                       f"{' or '.join(c for c in cols if empty[c].any())}"))


def _check_present(name: str, known: set[str], item: str, listed: str, where: str, problems: list[Problem]) -> None:
    """A problem when the named ``item`` (a gene, band or condition) is not among ``known``: what is there instead."""
    if name not in known:
        problems.append(Problem(where, f"{item} '{show(str(name))}' not found{did_you_mean(str(name), sorted(known))} "
                                       f"({listed}: {_listing(sorted(known))})"))


def _numbers(df: pd.DataFrame, col: str, where: str, problems: list[Problem], *, what: str,
             allow_undetermined: bool = False, rows: Sequence[int] | None = None, remedy: str = "") -> pd.Series:
    raw = df[col]
    num = pd.to_numeric(raw, errors="coerce")
    bad = []
    for i in np.flatnonzero(num.isna().to_numpy()):
        txt = "" if pd.isna(raw.iloc[i]) else str(raw.iloc[i]).strip()
        if allow_undetermined and txt.lower() in UNDETERMINED:
            continue
        bad.append((i, txt))
    commas = sum(bool(re.fullmatch(r"[-+]?\d+,\d+", t)) for _, t in bad)
    # '12,345' or '1,234,567.5': a thousands separator as much as a decimal comma (a band intensity often is one)
    grouped = sum(bool(re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?", t)) for _, t in bad)
    if bad and grouped == len(bad):
        problems.append(Problem(where, f"{what} in {len(bad)} row(s) written with commas (e.g. {bad[0][1]!r} in row "
                                       f"{_row(rows, bad[0][0])}), which may separate thousands or be a decimal "
                                       "comma; export the numbers without thousands separators and with decimal "
                                       "points (or as XLSX)"))
        return num
    if bad and commas == len(bad):  # one message, not one per row
        problems.append(Problem(where, f"{what} in {len(bad)} row(s) written with a decimal comma (e.g. "
                                       f"{bad[0][1]!r} in row {_row(rows, bad[0][0])}); export the table with decimal "
                                       "points (or as XLSX)"))
        return num
    for i, txt in bad[:MAX_ROW_PROBLEMS]:
        if not txt:
            hint = " (an empty cell)"
        elif txt.lower() in UNDETERMINED and what == "Ct":
            hint = (" (an 'Undetermined' Ct: remove the well from the table, or leave such wells out with "
                    "`il6sim qpcr --drop-undetermined`)")
        else:
            hint = remedy  # what to write instead, if the caller knows (a time column)
        problems.append(Problem(f"{where}, row {_row(rows, i)}", f"{what} must be a number (got {txt!r}){hint}"))
    if len(bad) > MAX_ROW_PROBLEMS:
        problems.append(Problem(where, f"... and {len(bad) - MAX_ROW_PROBLEMS} more row(s) whose {what} is not a "
                                       "number"))
    for i in np.flatnonzero(np.isinf(num.to_numpy(float)))[:10]:
        problems.append(Problem(f"{where}, row {_row(rows, i)}", f"{what} must be a finite number (got {raw.iloc[i]!r})"))
    return num


def _input_order(summary: pd.DataFrame, df: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    """``summary`` sorted by the order in which the values of ``cols`` first appear in the input ``df``."""
    keys = []
    for c in cols:
        if c in summary.columns and c in df.columns:
            rank = {v: i for i, v in enumerate(dict.fromkeys(df[c]))}
            summary = summary.assign(**{f"_order_{c}": summary[c].map(rank)})
            keys.append(f"_order_{c}")
    if not keys:
        return summary
    return summary.sort_values(keys, kind="stable").drop(columns=keys).reset_index(drop=True)


def _group_keys(df: pd.DataFrame) -> list[str]:
    return [c for c in ("condition", "time_min") if c in df.columns]


def _minutes(times) -> str:
    """``[0.0, 30.0]`` -> ``'0, 30 min'``, for a message."""
    return f"{_listing(format(float(t), 'g') for t in times)} min"


def _control_times(times: pd.Series, control_times: set, control: str, where: str, on: str = "") -> dict:
    """For each time of the table, the time of the control samples it is read against.

    A control at every time of the table: each time against the control at the same time (a time-matched
    vehicle); a control at one time only (e.g. 0 min): every time against that one. Any other layout is refused,
    naming the times without a control: which control a time without one would be read against is the
    user's to say (pooling the control's times, as before, read a control at 0 and 60 min as 0.5 and 1.5).
    ``on``: where the control must be (' on the same blot'), for the message.
    """
    times = sorted(set(times))
    if set(times) <= control_times:
        return {t: t for t in times}
    if len(control_times) == 1:
        only = next(iter(control_times))
        return {t: only for t in times}
    missing = [t for t in times if t not in control_times]
    raise InputError(f"the control ('{control}') has samples at {_minutes(sorted(control_times))} but none at "
                     f"{_minutes(missing)}: each time is read against the control at the same time{on}, or every "
                     "time against a control at one time only; add control samples at those times, keep the "
                     "control at one time only (e.g. 0 min), or delete the rows of the times without a control",
                     where)


def _with_control_time(summary: pd.DataFrame, at: dict | None) -> pd.DataFrame:
    """``summary`` with the time of the control each row was read against (``control_time_min``) after its
    ``time_min``; unchanged without a time column (``at`` None)."""
    if at is None or "time_min" not in summary:
        return summary
    summary = summary.copy()
    summary.insert(summary.columns.get_loc("time_min") + 1, "control_time_min", summary["time_min"].map(at))
    return summary


def _replicate_stats(df: pd.DataFrame, by: list[str], logcol: str, base: float) -> pd.DataFrame:
    """Stats of ``base ** -logcol`` per group, computed on the log scale."""
    from scipy import stats

    rows = []
    for key, g in df.groupby(by, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        v = g[logcol].to_numpy(float)
        n = len(v)
        m = float(v.mean())
        sd = float(v.std(ddof=1)) if n > 1 else float("nan")
        sem = sd / np.sqrt(n) if n > 1 else float("nan")
        tq = float(stats.t.ppf(0.975, n - 1)) if n > 1 else float("nan")
        fold = base ** -v
        rows.append({**dict(zip(by, key)), "n": n, "fold_change": float(base ** -m),
                     "fold_change_arith_mean": float(fold.mean()),
                     "fold_change_sd": float(fold.std(ddof=1)) if n > 1 else float("nan"),
                     "ci95_low": float(base ** -(m + tq * sem)) if n > 1 else float("nan"),
                     "ci95_high": float(base ** -(m - tq * sem)) if n > 1 else float("nan"),
                     f"{logcol}_mean": m, f"{logcol}_sd": sd, f"{logcol}_sem": sem})
    return pd.DataFrame(rows)


def _check_arguments(names: dict[str, object], numbers: dict[str, object]) -> None:
    """Python callers' arguments of the wrong kind, named before the table is read: gene, band and condition
    names are text (``reference`` may be a list of them), numbers are numbers (or None where optional)."""
    for key, v in names.items():
        many = key == "reference" and isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v)
        if not isinstance(v, str) and not many:
            kind = "a gene name or a list of gene names" if key == "reference" else "a name, as in the table"
            raise InputError(f"must be {kind} (got {show(v)})", key)
    for key, v in numbers.items():
        if v is not None and not is_real(v):
            raise InputError(f"must be a number without a unit (got {v!r})", key)


def _result_repr(kind: str, summary: pd.DataFrame, by: str | None, what: str) -> str:
    """One line: the conditions (and genes) of a lab-data result and where its tables are."""
    def names(column: str) -> str:
        seen = [str(x) for x in dict.fromkeys(summary[column])] if column in summary else []
        return ", ".join(seen[:6]) + (", ..." if len(seen) > 6 else "")

    genes = f"; genes {names(by)}" if by else ""
    return (f"<{kind}: {what} of {summary['condition'].nunique() if 'condition' in summary else 0} condition(s) "
            f"({names('condition')}){genes}; .summary and .per_sample are DataFrames>")


@dataclass
class QpcrResult:
    """What :func:`qpcr_fold_change` found (two pandas DataFrames).

    ``per_sample``: one row per sample and gene: ``ct_mean``, ``ct_sd`` and ``n_technical`` (cycles, over the
    technical replicates), ``reference_ct``, ``dct`` (against the reference gene(s)), with a time column
    ``control_time_min`` (the time of the control samples it is read against), ``ddct`` (against the control
    condition) and ``fold_change`` (efficiency ** -ddct, unitless). ``summary``: one row per condition
    (and time) and gene: ``n`` biological samples, the geometric mean ``fold_change`` and its 95 % interval
    (``ci95_low``, ``ci95_high``), the arithmetic mean and sd, and the ddCt mean, sd and sem.
    """

    per_sample: pd.DataFrame  # sample, condition, gene, ct_mean, ct_sd, n_technical, dct, ddct, fold_change
    summary: pd.DataFrame  # condition[, time_min], gene, n, fold_change (geometric mean), CI, ...
    #: the table's time column as its header names it (None: no time column); ``time.note()`` says how it was
    #: read (a header without a unit: minutes)
    time: TimeColumn | None = None

    def __repr__(self) -> str:  # the default repr printed both tables
        return _result_repr("QpcrResult", self.summary, "gene", "fold changes")


def qpcr_fold_change(source: Union[str, Path, pd.DataFrame], *, reference: Union[str, Sequence[str]],
                     control: str, efficiency: float = 2.0, drop_undetermined: bool = False,
                     where: str | None = None) -> QpcrResult:
    """ddCt fold changes against reference gene(s) and the control condition.

    ``source``: a table with columns sample, condition, gene, ct (optional: a time column,
    :data:`il6sim.io.labtables.TIME_COLUMN`; several rows per sample and gene are technical replicates).
    ``efficiency``: the amplification factor per cycle (2 = 100 %).
    """
    _check_arguments({"reference": reference, "control": control}, {"efficiency": efficiency})
    where = where or (str(source) if not isinstance(source, pd.DataFrame) else "qPCR table")
    refs = [reference] if isinstance(reference, str) else list(reference)
    problems: list[Problem] = []
    if not refs:
        raise InputError("give at least one reference gene", where)
    if not (1.0 < efficiency <= 2.2):
        problems.append(Problem("efficiency", f"the amplification factor per cycle, 1 < E <= 2.2 "
                                              f"(2 = 100 %; 95 % efficiency is 1.95; got {efficiency:g})"))
    df, rows, time = _read(source, _QPCR_ALIASES, where, ("sample", "condition", "gene", "ct"))
    _require(df, ["sample", "condition", "gene", "ct"], where, "one row per well: sample, condition, gene, ct",
             _QPCR_ALIASES)
    _names(df, ("sample", "condition", "gene"), "well", where, rows, problems,
           remedy=", or delete the row if the well is a no-template control (NTC) or empty")
    if "omit" in df:  # QuantStudio's Omit column: a well the user left out in the instrument software
        omitted = np.flatnonzero(df["omit"].astype(str).str.strip().str.lower().isin(("true", "yes", "1")).to_numpy())
        if len(omitted):
            listed = ", ".join(str(_row(rows, i)) for i in omitted[:MAX_ROW_PROBLEMS])
            more = f" and {len(omitted) - MAX_ROW_PROBLEMS} more" if len(omitted) > MAX_ROW_PROBLEMS else ""
            problems.append(Problem(where, f"{len(omitted)} well(s) marked Omit = true in the export (row(s) "
                                           f"{listed}{more}), which il6sim would read like any other; delete those "
                                           "rows to leave the wells out, or set Omit to false to keep them"))
    ct = _numbers(df, "ct", where, problems, what="Ct", allow_undetermined=drop_undetermined,
                  rows=rows)
    df["ct"] = ct
    time = _times(df, time, where, problems, rows)
    bad = df.index[((df["ct"] <= 0) | (df["ct"] > 45)) & np.isfinite(df["ct"])]  # inf is reported as not finite
    for i in bad[:10]:
        problems.append(Problem(f"{where}, row {_row(rows, i)}", f"Ct {df.at[i, 'ct']:g} is outside 0-45 cycles"))
    genes = set(df["gene"])
    for r in refs:
        _check_present(r, genes, "reference gene", "genes in the table", where, problems)
    refuse_repeats([str(r) for r in refs], "reference", "reference gene", problems)  # its Ct would count twice
    _check_present(control, set(df["condition"]), "control condition", "conditions", where, problems)
    # one sample must keep one condition (and time)
    gk = _group_keys(df)
    multi = df.groupby("sample")[gk].nunique().max(axis=1)
    for s in multi.index[multi > 1]:
        wells = df[df["sample"] == s]
        shown = {c: wells[c].dropna().map(lambda v: format(v, "g")) if c == "time_min" else wells[c] for c in gk}
        under = "; ".join(f"{c} {_listing(dict.fromkeys(shown[c]))}" for c in gk if wells[c].nunique() > 1)
        problems.append(Problem(where, f"sample '{s}' appears under more than one condition/time ({under}); give "
                                       "each biological sample its own name, or correct the condition (time) of "
                                       "its wells"))
    if "experiment" in df:  # a plate (run) column: the same sample name and gene on two plates is ambiguous
        wells = df.assign(_plate=df["experiment"].astype(str).str.strip())
        wells = wells[wells["_plate"] != ""]
        plates = wells.groupby(["sample", "gene"], sort=False)["_plate"].unique()
        plates = plates[plates.map(len) > 1]
        by_sample: dict[str, tuple[dict, dict]] = {}  # sample -> (its plates, its genes on several plates)
        for (s, g), on in plates.items():
            seen, genes = by_sample.setdefault(s, ({}, {}))
            seen.update(dict.fromkeys(on))
            genes[g] = None
        for s, (on, genes) in list(by_sample.items())[:MAX_ROW_PROBLEMS]:
            problems.append(Problem(where, f"sample '{show(str(s))}': its {_listing(genes)} wells are on more than "
                                           f"one plate ({_listing(on)}) and would be averaged as technical "
                                           "replicates of one sample; if they are different samples, give each "
                                           "its own sample name (e.g. 'P2-1'); if it is one sample measured on "
                                           "several plates, leave the plate (run) column out of the table"))
        if len(by_sample) > MAX_ROW_PROBLEMS:
            problems.append(Problem(where, f"... and {len(by_sample) - MAX_ROW_PROBLEMS} more sample(s) with wells "
                                           "of one gene on several plates"))
    if problems:
        raise InputError(_report(problems))
    measured = df.dropna(subset=["ct"])
    # with drop_undetermined, a gene or sample left with no Ct at all vanished from the results without a word
    # (a reference gene so left raised a KeyError)
    left_out = "every well is 'Undetermined' (left out by --drop-undetermined)"
    # and each (sample, gene) left without one, for the messages about unmatched samples
    undetermined = set(zip(df["sample"], df["gene"])) - set(zip(measured["sample"], measured["gene"]))
    genes_left, samples_left = set(measured["gene"]), set(measured["sample"])
    for g in dict.fromkeys(df["gene"]):
        if g not in genes_left:
            what = ("choose another reference gene, or delete the gene's rows" if g in refs
                    else "delete its rows to leave the gene out")
            problems.append(Problem(where, f"gene '{show(str(g))}': {left_out}, so it has no Ct to compare; {what}"))
    for s in dict.fromkeys(df["sample"]):
        if s not in samples_left:
            problems.append(Problem(where, f"sample '{show(str(s))}': {left_out}; delete its rows to leave the "
                                           "sample out"))
    if problems:
        raise InputError(_report(problems))
    df = measured
    tech = df.groupby(["sample", "gene"], sort=False).agg(ct_mean=("ct", "mean"), ct_sd=("ct", "std"),
                                                         n_technical=("ct", "size")).reset_index()
    meta = df.drop_duplicates("sample").set_index("sample")[gk]
    wide = tech.pivot(index="sample", columns="gene", values="ct_mean")
    targets = [g for g in wide.columns if g not in refs]
    if not targets:
        raise InputError(f"no target genes besides the reference gene(s) {_listing(refs)}", where)
    for s in wide.index:
        miss_r = [r for r in refs if pd.isna(wide.at[s, r])]
        if miss_r:
            why = (f" ({'its wells were' if len(miss_r) == 1 else 'their wells were'} all 'Undetermined', left out "
                   "by --drop-undetermined)" if all((s, r) in undetermined for r in miss_r) else "")
            problems.append(Problem(where, f"sample '{s}' has no Ct for reference gene(s) {_listing(miss_r)}{why}: "
                                           "cannot normalise it (unmatched sample); measure it, or delete the "
                                           "sample's rows to leave it out"))
    for g in targets:
        have = wide[g].notna()
        if 0 < have.sum() < len(have):
            lacking = ", ".join(map(str, wide.index[~have][:8]))
            why = ("; its wells there were all 'Undetermined', left out by --drop-undetermined"
                   if all((s, g) in undetermined for s in wide.index[~have]) else "")
            problems.append(Problem(where, f"gene '{g}' is missing in sample(s) {lacking} (unmatched samples{why}); "
                                           "every sample needs a Ct of every gene: measure it, or delete those "
                                           "samples' rows (or the gene's) to leave them out"))
    if problems:
        raise InputError(_report(problems))
    ref_ct = wide[refs].mean(axis=1)
    rows = []
    for g in targets:
        for s in wide.index[wide[g].notna()]:
            rows.append({"sample": s, **meta.loc[s].to_dict(), "gene": g, "ct_mean": wide.at[s, g],
                         "reference_ct": ref_ct[s], "dct": wide.at[s, g] - ref_ct[s]})
    ps = pd.DataFrame(rows)
    is_control = ps["condition"] == control
    at = None
    if "time_min" in ps and is_control.any():  # each time against the control at that time, or at its one time
        at = _control_times(ps["time_min"], set(ps.loc[is_control, "time_min"]), control, where)
        ps["control_time_min"] = ps["time_min"].map(at)
        keys = ["gene", "control_time_min"]
        ctrl = ps[is_control].groupby(["gene", "time_min"])["dct"].mean().rename_axis(keys)
    else:
        keys = ["gene"]
        ctrl = ps[is_control].groupby("gene")["dct"].mean()
    ref = pd.Series(ctrl.reindex(pd.MultiIndex.from_frame(ps[keys]) if len(keys) > 1 else ps["gene"]).to_numpy(),
                    index=ps.index)
    for g in targets:
        if g not in ctrl.index.get_level_values("gene"):
            problems.append(Problem(where, f"gene '{g}' has no control ('{control}') sample to compare with"))
    for (g, t) in ps.loc[ref.isna(), keys].drop_duplicates().itertuples(index=False) if len(keys) > 1 else ():
        if g in ctrl.index.get_level_values("gene"):
            problems.append(Problem(where, f"gene '{g}' has no control ('{control}') sample at {t:g} min to compare "
                                           "with; measure it there, or delete the gene's rows"))
    if problems:
        raise InputError(_report(problems))
    ps["ddct"] = ps["dct"] - ref
    ps["fold_change"] = efficiency ** -ps["ddct"]
    ps = ps.merge(tech[["sample", "gene", "ct_sd", "n_technical"]], on=["sample", "gene"], how="left")
    summary = _input_order(_replicate_stats(ps, gk + ["gene"], "ddct", efficiency), df, gk + ["gene"])
    return QpcrResult(ps, _with_control_time(summary, at), time)


@dataclass
class DensitometryResult:
    """What :func:`densitometry_ratios` found (two pandas DataFrames).

    ``per_sample``: one row per sample: ``experiment`` (the blot), ``<target>_signal`` and
    ``<normaliser>_signal`` (as given, less any background), their ``ratio``, with a time column
    ``control_time_min`` (the time of the control samples it is read against), and that ratio ``normalised`` to
    the control samples of the same blot (unitless, control = 1). ``summary``: one row per condition (and time):
    ``n``, ``mean``, ``sd``, ``sem``, ``geometric_mean`` and its 95 % interval (``ci95_low``, ``ci95_high``; t with
    n - 1 degrees of freedom on the log ratios, on the ratios themselves where one is 0; NaN for a single blot).
    """

    per_sample: pd.DataFrame  # sample, condition, experiment, target/normaliser signals, ratio, normalised
    #: condition[, time_min], n, mean, sd, sem, geometric mean, and its 95 % interval (t with n - 1 degrees of
    #: freedom on the log ratios; on the ratios themselves where one is 0); NaN interval for a single blot
    summary: pd.DataFrame
    #: the table's time column as its header names it (None: no time column); ``time.note()`` says how it was
    #: read (a header without a unit: minutes)
    time: TimeColumn | None = None

    def __repr__(self) -> str:  # the default repr printed both tables
        return _result_repr("DensitometryResult", self.summary, None, "normalised ratios")


def densitometry_ratios(source: Union[str, Path, pd.DataFrame], *, target: str, normaliser: str, control: str,
                        background: float | None = None, where: str | None = None) -> DensitometryResult:
    """Band ratios ``target / normaliser`` per sample, normalised to the control samples of each blot.

    ``source``: columns sample, condition, target, signal (optional: experiment = blot, and a
    time column, :data:`il6sim.io.labtables.TIME_COLUMN`). ``background``: subtracted from
    every signal first (if not done by the software).
    """
    _check_arguments({"target": target, "normaliser": normaliser, "control": control}, {"background": background})
    where = where or (str(source) if not isinstance(source, pd.DataFrame) else "densitometry table")
    problems: list[Problem] = []
    if str(target).strip().lower() == str(normaliser).strip().lower():  # every ratio would be 1
        raise InputError(f"the target and the normaliser are the same band ({target!r}); normalise to a loading "
                         "control or total protein, e.g. pSTAT3 to STAT3", "normaliser")
    df, rows, time = _read(source, _BLOT_ALIASES, where, ("sample", "condition", "target", "signal"))
    _require(df, ["sample", "condition", "target", "signal"], where,
             "one row per band: sample, condition, target, signal (optional experiment for the blot)", _BLOT_ALIASES)
    _names(df, ("sample", "condition", "target"), "band", where, rows, problems, remedy=", or delete the row")
    if "experiment" in df:  # a blank blot cell would put the band on a blot named ''
        _names(df, ("experiment",), "band", where, rows, problems,
               need="its blot (the experiment, blot or membrane column; leave the column out for a single blot)")
    else:
        df["experiment"] = "blot"
    df["signal"] = _numbers(df, "signal", where, problems, what="signal", rows=rows)
    time = _times(df, time, where, problems, rows)
    if background is not None and not np.isfinite(background):
        raise InputError(f"must be a finite number (got {background!r})", "background")
    if background:
        df["signal"] = df["signal"] - float(background)
    negative = df.index[df["signal"] < 0]
    if background and len(negative):
        problems.append(Problem("background", f"{float(background):g} is larger than {len(negative)} band "
                                              f"signal(s) (e.g. row {_row(rows, negative[0])}); the background is "
                                              "subtracted from every signal"))
    else:
        for i in negative[:10]:
            problems.append(Problem(f"{where}, row {_row(rows, i)}", f"signal must be >= 0 (got {df.at[i, 'signal']:g})"))
    have = set(df["target"])
    for name, what in ((target, "target"), (normaliser, "normaliser")):
        _check_present(name, have, what, "bands in the table", where, problems)
    _check_present(control, set(df["condition"]), "control condition", "conditions", where, problems)
    dup = df[df["target"].isin([target, normaliser])].duplicated(["experiment", "sample", "target"], keep=False)
    for (e, s, t) in df[df["target"].isin([target, normaliser])][dup][["experiment", "sample", "target"]].drop_duplicates().values[:10]:
        problems.append(Problem(where, f"blot '{e}', sample '{s}': more than one '{t}' band"))
    # a lane's two bands must agree on its condition (and time): the target band's was taken, the other's ignored
    gk = _group_keys(df)
    pair = df[df["target"].isin([target, normaliser])]
    differ = pair.groupby(["experiment", "sample"], sort=False)[gk].nunique().max(axis=1)
    for e, s in differ.index[differ > 1][:MAX_ROW_PROBLEMS]:
        lane = pair[(pair["experiment"] == e) & (pair["sample"] == s)]
        said = "; ".join(f"row {_row(rows, i)}: '{show(str(r['target']))}' under "
                         + ", ".join(f"{c} {show(str(r[c])) if c == 'condition' else format(r[c], 'g')}" for c in gk)
                         for i, r in lane.iterrows())
        problems.append(Problem(where, f"blot '{e}', sample '{s}': its bands disagree on the condition or time "
                                       f"({said}); give both bands of a lane the same condition and time"))
    if problems:
        raise InputError(_report(problems))
    key = ["experiment", "sample"]
    gk = _group_keys(df)
    num = df[df["target"] == target].set_index(key)
    den = df[df["target"] == normaliser].set_index(key)
    for k in num.index.difference(den.index):
        problems.append(Problem(where, f"blot '{k[0]}', sample '{k[1]}' has a '{target}' band but no '{normaliser}' "
                                       "band (unmatched sample)"))
    for k in den.index.difference(num.index):
        problems.append(Problem(where, f"blot '{k[0]}', sample '{k[1]}' has a '{normaliser}' band but no '{target}' "
                                       "band (unmatched sample)"))
    both = num.index.intersection(den.index)
    zero = df[(df["target"] == normaliser) & (df["signal"] == 0)]
    for i in zero.index[pd.MultiIndex.from_frame(zero[key]).isin(both)]:
        problems.append(Problem(f"{where}, row {_row(rows, i)}",
                                f"'{normaliser}' signal is 0 (blot '{df.at[i, 'experiment']}', sample "
                                f"'{df.at[i, 'sample']}'), so '{target}' / '{normaliser}' cannot be computed; "
                                "check the band's intensity, or leave the lane out of the table"
                                + (" (or lower --background)" if background else "")))
    if problems:
        raise InputError(_report(problems))
    ps = num.loc[both, gk + ["signal"]].rename(columns={"signal": f"{target}_signal"})
    ps[f"{normaliser}_signal"] = den.loc[both, "signal"]
    with np.errstate(over="ignore"):
        ps["ratio"] = ps[f"{target}_signal"] / ps[f"{normaliser}_signal"]
    for k, r in ps[~np.isfinite(ps["ratio"])].iterrows():  # it gave empty results, and exit status 0
        problems.append(Problem(where, f"blot '{k[0]}', sample '{k[1]}': '{target}' / '{normaliser}' = "
                                       f"{r[f'{target}_signal']:g} / {r[f'{normaliser}_signal']:g} is too large to "
                                       "compute; check the signals (the band intensities as the densitometry "
                                       "software exports them)"))
    if problems:
        raise InputError(_report(problems))
    ps = ps.reset_index()
    is_control = ps["condition"] == control
    at = None
    if "time_min" in ps and is_control.any():  # each time against the control at that time, or at its one time
        at = _control_times(ps["time_min"], set(ps.loc[is_control, "time_min"]), control, where,
                            on=" on the same blot")
        ps["control_time_min"] = ps["time_min"].map(at)
        keys = ["experiment", "control_time_min"]
        ctrl = ps[is_control].groupby(["experiment", "time_min"])["ratio"].mean().rename_axis(keys)
        ref = pd.Series(ctrl.reindex(pd.MultiIndex.from_frame(ps[keys])).to_numpy(), index=ps.index)
    else:
        keys = ["experiment"]
        ctrl = ps[is_control].groupby("experiment")["ratio"].mean()
        ref = ps["experiment"].map(ctrl)
    blots = set(ctrl.index.get_level_values("experiment"))
    for e in sorted(set(ps["experiment"]) - blots):
        problems.append(Problem(where, f"blot '{e}' has no control ('{control}') sample to normalise to"))
    if len(keys) > 1:  # a blot with a control, but not at a time its lanes are read against
        lacking = ps.loc[ref.isna() & ps["experiment"].isin(blots), keys].drop_duplicates()
        for e, g in lacking.groupby("experiment", sort=True):
            problems.append(Problem(where, f"blot '{e}' has no control ('{control}') sample at "
                                           f"{_minutes(sorted(g['control_time_min']))} to normalise to (the control "
                                           "lanes of a blot normalise its lanes: each time against the control at "
                                           "the same time, or every time against a control at one time only); add "
                                           "a control lane at that time to the blot, or delete the blot's lanes of "
                                           "that time"))
    for k in ctrl.index[ctrl <= 0]:
        e, when = (k, "") if len(keys) == 1 else (k[0], f" at {k[1]:g} min")
        problems.append(Problem(where, f"blot '{e}': every control ('{control}') '{target}' signal{when} is 0, so "
                                       "the ratios cannot be normalised to it; check the control lanes' bands"
                                       + (" (or lower --background)" if background else "")))
    if problems:
        raise InputError(_report(problems))
    with np.errstate(over="ignore"):
        ps["normalised"] = ps["ratio"] / ref
    for i, r in ps[~np.isfinite(ps["normalised"])].iterrows():
        problems.append(Problem(where, f"blot '{r['experiment']}', sample '{r['sample']}': its ratio "
                                       f"{r['ratio']:g} over the control's {ref[i]:g} is too large to "
                                       "compute; check the signals (the band intensities as the densitometry "
                                       "software exports them)"))
    if problems:
        raise InputError(_report(problems))
    from scipy import stats

    rows = []
    for k, g in ps.groupby(gk, sort=False):
        k = k if isinstance(k, tuple) else (k,)
        v = g["normalised"].to_numpy(float)
        n = len(v)
        tq = float(stats.t.ppf(0.975, n - 1)) if n > 1 else float("nan")
        sem = float(v.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
        if (v > 0).all():  # ratios: the interval on the log scale, around the geometric mean (as for qPCR)
            lv = np.log(v)
            half = tq * float(lv.std(ddof=1)) / np.sqrt(n) if n > 1 else float("nan")
            geo = float(np.exp(lv.mean()))
            low, high = geo * np.exp(-half), geo * np.exp(half)
        else:  # a band at 0: no geometric mean; the arithmetic mean's t interval
            geo = float("nan")
            low, high = float(v.mean()) - tq * sem, float(v.mean()) + tq * sem
        rows.append({**dict(zip(gk, k)), "n": n, "mean": float(v.mean()),
                     "sd": float(v.std(ddof=1)) if n > 1 else float("nan"), "sem": sem,
                     "geometric_mean": geo, "ci95_low": float(low), "ci95_high": float(high)})
    return DensitometryResult(ps, _with_control_time(_input_order(pd.DataFrame(rows), df, gk), at), time)
