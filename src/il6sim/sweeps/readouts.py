"""Pick one number per run out of a sweep's long table.

A selector names a group, an observable and a readout, separated by colons:

* ``"trans:pSTAT3:auc"``: the AUC of pSTAT3 in group ``trans``;
* ``"trans:pSTAT3:30"`` (or ``"trans:pSTAT3:30 min"``): pSTAT3 at 30 min;
* ``"classic:pSTAT3:auc / trans:pSTAT3:auc"``: a ratio of two selectors
  (separated by ``" / "``, with spaces), e.g. the classic/trans AUC ratio.

Group names may contain colons; the last two fields are the observable and
the readout.

>>> parse_selector("classic:pSTAT3:auc / trans:pSTAT3:auc")
(Selector(group='classic', observable='pSTAT3', readout='auc', time_min=None), Selector(group='trans', observable='pSTAT3', readout='auc', time_min=None))
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..errors import InputError, Problem
from ..units import to_minutes
from ..validate import did_you_mean
from .plan import METRICS, VALUE


@dataclass(frozen=True)
class Selector:
    group: str
    observable: str
    readout: str  # a metric name, or "value" at time_min
    time_min: float | None = None

    def __str__(self) -> str:
        r = f"{self.time_min:g}" if self.readout == VALUE else self.readout
        return f"{self.group}:{self.observable}:{r}"


def _parse_one(text: str, where: str) -> Selector:
    parts = text.strip().rsplit(":", 2)
    if len(parts) != 3 or not all(p.strip() for p in parts):
        raise InputError(f"{text!r} is not GROUP:OBSERVABLE:READOUT (e.g. 'trans:pSTAT3:auc' or "
                         "'trans:pSTAT3:30' for the value at 30 min)", where)
    g, o, r = (p.strip() for p in parts)
    try:
        t = float(r)  # a bare number is minutes
    except ValueError:
        if r in METRICS:
            return Selector(g, o, r)
        try:  # a time with its unit, as everywhere else: '30 min', '4 h'
            t = to_minutes(r, what="readout")
        except InputError:
            raise InputError(f"{text!r}: readout {r!r} is neither a time (e.g. 30 or '30 min') nor a metric"
                             f"{did_you_mean(r, METRICS)} ({', '.join(METRICS)})", where) from None
    if not math.isfinite(t):
        raise InputError(f"{text!r}: the time must be finite", where)
    return Selector(g, o, VALUE, t)


#: a metric as a title says it
_METRIC_WORDS = {"auc": "AUC", "time_to_peak": "time to peak", "peak_response": "peak response",
                 "late_fraction": "late fraction"}


def _readout_words(s: Selector) -> str:
    if s.readout == VALUE:
        from ..report.plots import format_time

        return f"at {format_time(s.time_min)}"
    return _METRIC_WORDS.get(s.readout, s.readout.replace("_", " "))


def selector_words(text: str) -> str:
    """A selector in words, for a figure's title (the selector itself stays the key of the tables).

    >>> selector_words("trans:pSTAT3:30"), selector_words("trans:pSTAT3:4 h"), selector_words("trans:SOCS3:auc")
    ('trans, pSTAT3 at 30 min', 'trans, pSTAT3 at 4 h', 'trans, SOCS3 AUC')
    >>> selector_words("classic:pSTAT3:auc / trans:pSTAT3:auc")
    'the classic / trans ratio of pSTAT3 AUC'
    >>> selector_words("trans:SOCS3:60 / trans:pSTAT3:time_to_peak")
    'trans, SOCS3 at 1 h / trans, pSTAT3 time to peak'
    """
    a, b = parse_selector(text)
    one = lambda s: f"{s.group}, {s.observable} {_readout_words(s)}"  # noqa: E731
    if b is None:
        return one(a)
    if (a.observable, a.readout, a.time_min) == (b.observable, b.readout, b.time_min):
        return f"the {a.group} / {b.group} ratio of {a.observable} {_readout_words(a)}"
    return f"{one(a)} / {one(b)}"


def parse_selector(text: str, where: str = "output") -> tuple[Selector, Selector | None]:
    """Parse ``"A"`` or ``"A / B"``; return (numerator, denominator or None)."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"expected a selector like 'trans:pSTAT3:auc' (got {text!r})", where)
    s = text.strip()
    if " / " in text or s.startswith("/ ") or s.endswith("/"):
        # "A / B"; "A /" and "/ B" are a ratio with one side left out, said as such (no selector ends
        # with '/'; a group name may start with one)
        a, b = text.split(" / ", 1) if " / " in text else (s[:-1], "") if s.endswith("/") else ("", s[1:])
        for side, part in (("before", a), ("after", b)):
            if not part.strip():
                raise InputError(f"{text!r}: the selector {side} '/' is empty (a ratio is two selectors, e.g. "
                                 "'classic:pSTAT3:auc / trans:pSTAT3:auc')", where)
        return _parse_one(a, where), _parse_one(b, where)
    return _parse_one(text, where), None


def _is_readout(text: str) -> bool:
    """Whether ``text`` reads as a selector's readout: a metric, or a time (a bare number is minutes)."""
    if text in METRICS:
        return True
    try:
        float(text)
        return True
    except ValueError:
        pass
    try:
        to_minutes(text, what="readout")
        return True
    except InputError:
        return False


def _joined(text: str, group: str) -> str | None:
    """What to write instead when an unknown ``group`` is the front of two readouts joined by an operator.

    The last two fields of a selector are its observable and readout, so in ``'A/B'`` (no spaces) or
    ``'A - B'`` the group takes in the first readout and the operator: a group whose last field is a
    readout (a metric or a time) followed by one of ``/ + - *`` is taken for that.

    >>> _joined("classic:pSTAT3:auc/trans:pSTAT3:auc", "classic:pSTAT3:auc/trans")
    "is two readouts joined by '/'; a ratio has spaces around it: 'classic:pSTAT3:auc / trans:pSTAT3:auc'"
    >>> _joined("a:pSTAT3:auc - b:pSTAT3:auc", "a:pSTAT3:auc - b")[:60]
    "is two readouts joined by '-'; an output is one readout or a"
    >>> _joined("x:y:pSTAT3:auc", "x:y") is None
    True
    """
    if ":" not in group:
        return None
    tail = group.rsplit(":", 1)[-1]  # 'auc/trans': the first readout, the operator, the next group
    m = re.search(r"[/+*-]", tail)
    if m is None or not _is_readout(tail[:m.start()].strip()):
        return None
    op = m.group()
    if op == "/":
        fixed = re.sub(r"\s*/\s*", " / ", text.strip(), count=1)
        return f"is two readouts joined by '/'; a ratio has spaces around it: {fixed!r}"
    return (f"is two readouts joined by {op!r}; an output is one readout or a ratio of two, written with "
            f"spaces around '/' (e.g. 'classic:pSTAT3:auc / trans:pSTAT3:auc'); a sum, difference or product "
            f"is not computed")


def check_selector(text: str, groups: Sequence[str], observables: Sequence[str], times: Sequence[float],
                   metrics: Sequence[str], where: str = "output") -> None:
    """Raise InputError if ``text`` asks for something the sweep does not record."""
    problems = []
    for s in filter(None, parse_selector(text, where)):
        if s.group not in groups and (hint := _joined(text, s.group)):
            problems.append(Problem(where, f"{text.strip()!r} {hint}"))
            continue
        if s.group not in groups:
            problems.append(Problem(where, f"{str(s)!r}: unknown group {s.group!r}{did_you_mean(s.group, groups)} "
                                           f"(groups: {', '.join(groups)})"))
        if s.observable not in observables:
            problems.append(Problem(where, f"{str(s)!r}: observable {s.observable!r} is not read out"
                                    f"{did_you_mean(s.observable, observables)} "
                                    f"(readouts.observables: {', '.join(observables)}; add it there or read "
                                    f"one of those)"))
        if s.readout == VALUE and not any(abs(s.time_min - t) < 1e-9 for t in times):
            problems.append(Problem(where, f"{str(s)!r}: {s.time_min:g} min is not a readout time "
                                    f"(readouts.times: {', '.join(f'{t:g}' for t in times)} min; add it there or "
                                    f"read one of those)"))
        if s.readout != VALUE and s.readout not in metrics:
            problems.append(Problem(where, f"{str(s)!r}: metric {s.readout!r} is not computed "
                                    f"(add it to readouts.metrics)"))
    if problems:
        raise InputError(problems)


def _why_missing(table, s: Selector, text: str = "") -> str:
    """Why ``s`` matches no row of a sweep's table: the group, observable, time or metric it records instead."""
    def have(column, rows=None):
        values = table[column] if rows is None else table.loc[rows, column]
        return list(dict.fromkeys(values.dropna()))

    groups, observables = have("group"), have("observable")
    if s.group not in groups and (hint := _joined(text, s.group)):
        return f": it {hint}"
    if s.group not in groups:
        return f": it has no group {s.group!r}{did_you_mean(s.group, groups)} (groups: {', '.join(groups)})"
    if s.observable not in observables:
        return (f": it has no observable {s.observable!r}{did_you_mean(s.observable, observables)} "
                f"(observables: {', '.join(observables)})")
    if s.readout == VALUE:
        times = sorted(have("time_min", table["readout"] == VALUE))
        if any(abs(s.time_min - t) < 1e-9 for t in times):
            return ""
        return f": {s.time_min:g} min is not a readout time (times: {', '.join(f'{t:g}' for t in times) or 'none'} min)"
    metrics = [m for m in have("readout") if m != VALUE]
    if s.readout in metrics:
        return ""
    return (f": metric {s.readout!r} is not recorded{did_you_mean(s.readout, metrics)} "
            f"(metrics: {', '.join(metrics) or 'none'})")


def _one(table, s: Selector, n_runs: int, text: str = "") -> np.ndarray:
    m = (table["group"] == s.group) & (table["observable"] == s.observable) & (table["readout"] == s.readout)
    if s.readout == VALUE:
        m &= np.isclose(table["time_min"].to_numpy(), s.time_min, rtol=0, atol=1e-9)
    sub = table.loc[m, ["run_id", "value"]]
    out = np.full(n_runs, np.nan)
    if len(sub) == 0:
        raise InputError(f"the sweep has no readout {str(s)!r}{_why_missing(table, s, text)}", "output")
    out[sub["run_id"].to_numpy()] = sub["value"].to_numpy()
    return out


def select(table, text: str, n_runs: int | None = None) -> np.ndarray:
    """One value per run (index = run_id) for a selector; NaN for failed runs."""
    if n_runs is None:
        n_runs = int(table["run_id"].max()) + 1 if len(table) else 0
    a, b = parse_selector(text)
    x = _one(table, a, n_runs, text)
    if b is None:
        return x
    y = _one(table, b, n_runs, text)
    with np.errstate(divide="ignore", invalid="ignore"):
        return x / y
