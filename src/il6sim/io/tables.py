"""Tidy measurement tables: read, check, write.

A measurement table has one row per measured value::

    condition,time_min,observable,value,sd,experiment
    il6,20,pSTAT3_total,38.5,,blot_2017_31

* ``condition``  names what was done to the cells (defined by the fit problem);
* ``time_min``   minutes after the start of the condition (0 to 30 days, 43200);
* ``observable`` the data observable (mapped to a model readout by the problem);
* ``value``      the measured value (> 0 for data compared on a log scale);
* ``sd``         optional standard deviation of ``value`` (same units);
* ``experiment`` optional: rows with the same experiment and observable share one
  unknown scale (one blot, one qPCR plate). Without it, each observable has one scale.

Whole-table checks return every problem at once (:class:`~il6sim.errors.InputError`).

>>> import pandas as pd
>>> df = pd.DataFrame({"condition": ["il6"], "time_min": [20], "observable": ["pSTAT3"], "value": [1.0]})
>>> check_measurements(df).columns.tolist()
['condition', 'time_min', 'observable', 'value', 'sd', 'experiment']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Union

from ..errors import InputError, Problem
from ..validate import MAX_ABS_TIME_MIN
from .files import read_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

REQUIRED = ("condition", "time_min", "observable", "value")
OPTIONAL = ("sd", "experiment")
COLUMNS = REQUIRED + OPTIONAL

#: accepted spellings of the column names (lower case) -> canonical name
ALIASES = {"time": "time_min", "t": "time_min", "time_minutes": "time_min", "measurement": "value",
           "std": "sd", "stdev": "sd", "noise": "sd", "simulationconditionid": "condition",
           "observableid": "observable", "scale_group": "experiment", "datasetid": "experiment"}


def read_measurements(source: Union[str, Path, pd.DataFrame], *, where: str | None = None) -> pd.DataFrame:
    """Read a tidy measurement table (CSV/TSV path or DataFrame) and check it.

    Returns a new DataFrame with exactly the columns ``condition, time_min,
    observable, value, sd, experiment`` (``sd`` NaN where absent; ``experiment``
    defaults to ``"all"``). Raises :class:`InputError` listing every problem.
    """
    import pandas as pd

    if isinstance(source, pd.DataFrame):
        return check_measurements(source, where=where or "measurements")
    path = Path(source)
    where = where or str(path)
    if not os.path.lexists(path):
        raise InputError("measurement table not found (expected a CSV file)", where)
    sep = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    df = read_table(path, where, sep=sep, only_empty_is_missing=True)  # a 'nan' cell is named as written
    return check_measurements(df, where=where)


def check_measurements(df: pd.DataFrame, *, where: str = "measurements") -> pd.DataFrame:
    """Validate and normalise a measurement DataFrame (see module docstring)."""
    import numpy as np
    import pandas as pd

    problems: list[Problem] = []
    df = df.rename(columns={c: ALIASES.get(str(c).strip().lower(), str(c).strip()) for c in df.columns})
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)} (a measurement table needs "
                         f"{', '.join(REQUIRED)}; optional {', '.join(OPTIONAL)})", where)
    if len(df) == 0:
        raise InputError("the measurement table has no rows", where)
    out = pd.DataFrame({
        "condition": df["condition"].astype(str).str.strip(),
        "observable": df["observable"].astype(str).str.strip(),
    })
    for col in ("time_min", "value") + (("sd",) if "sd" in df.columns else ()):
        num = pd.to_numeric(df[col], errors="coerce").astype(float)
        bad = ~np.isfinite(num) & ~(df[col].isna() & (col == "sd"))  # inf would make the likelihood NaN
        for i in np.flatnonzero(bad.to_numpy())[:10]:
            got = df[col].iloc[i]
            got = "an empty cell" if pd.isna(got) else repr(got if isinstance(got, str) else float(got))
            kind = "a finite number" if pd.notna(num.iloc[i]) else "a number"
            problems.append(Problem(f"{where}, row {i + 2}", f"{col} must be {kind} (got {got})"))
        if bad.sum() > 10:
            problems.append(Problem(where, f"{int(bad.sum()) - 10} more rows with a non-numeric {col}"))
        out[col] = num.astype(float)
    if "sd" not in out:
        out["sd"] = np.nan
    for i in np.flatnonzero((out["time_min"] < 0).to_numpy())[:10]:
        problems.append(Problem(f"{where}, row {i + 2}", f"time_min must be >= 0 (got {out['time_min'].iloc[i]:g})"))
    for i in np.flatnonzero((out["time_min"] > MAX_ABS_TIME_MIN).to_numpy())[:10]:  # as a protocol's times
        problems.append(Problem(f"{where}, row {i + 2}",
                                f"time_min {out['time_min'].iloc[i]:g} is more than 30 days ({MAX_ABS_TIME_MIN:g} min) "
                                "after the start of the condition; time_min is in minutes (24 h is 1440): check "
                                "the number"))
    for i in np.flatnonzero((out["sd"] <= 0).to_numpy())[:10]:
        problems.append(Problem(f"{where}, row {i + 2}", f"sd must be > 0 (got {out['sd'].iloc[i]:g})"))
    for col in ("condition", "observable"):
        empty = df[col].isna() | (out[col] == "")
        for i in np.flatnonzero(empty.to_numpy())[:10]:
            problems.append(Problem(f"{where}, row {i + 2}", f"{col} is empty"))
    if "experiment" in df.columns:
        out["experiment"] = df["experiment"].fillna("all").astype(str).str.strip()
    else:
        out["experiment"] = "all"
    if problems:
        raise InputError(problems)
    return out[list(COLUMNS)].reset_index(drop=True)


#: first characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """``value`` made safe to open in a spreadsheet: text that would run as a formula gets a leading ``'``.

    Numbers, and text that is a plain number such as ``-5`` or ``+1e3``, are left as they are.

    >>> [neutralise_cell(v) for v in ("=cmd|' /C calc'!A0", "-5", "-x", "@SUM(A1)", "IL-6", 3.0)]
    ["'=cmd|' /C calc'!A0", '-5', "'-x", "'@SUM(A1)", 'IL-6', 3.0]
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if value[0] in "+-":
        try:
            float(value)
            return value
        except ValueError:
            pass
    return "'" + value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with :func:`neutralise_cell` applied to every text cell and column name."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(neutralise_cell)
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out


def write_csv(df: pd.DataFrame, dest, *, sep: str = ",", **kw) -> None:
    """Write ``df`` as CSV (no index) with spreadsheet formulas neutralised (:func:`neutralise_formulas`).

    Every CSV that il6sim writes for people goes through here.
    """
    neutralise_formulas(df).to_csv(dest, sep=sep, index=False, **kw)


def write_table(df: pd.DataFrame, path: Union[str, Path]) -> Path:
    """Write a table as CSV (``.csv``) or tab-separated (``.tsv``); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(df, path, sep="\t" if path.suffix.lower() == ".tsv" else ",")
    return path
