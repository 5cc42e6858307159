"""How often each verdict of the comparison holds across a parameter ensemble.

:func:`verdict_frequencies` runs :func:`~.comparison.run_comparison` once
with the best values of a named parameter set (default ``calibrated``, the
joint HepG2 + PHH fit; see :mod:`il6sim.fitting.ensemble`) and once per
member of its ensemble, each applied on top of every cell preset, as
:func:`il6sim.fitting.ensemble.run_with_uncertainty` applies them to a
protocol. For every row of the table it counts the members whose verdict is
the one the best values give.

A verdict is compared **in words**: the numbers in the model's verdict text
(fold changes, percentages, minutes, concentrations) are masked
(:func:`verdict_words`), because they differ in every member; what is left
(transient or sustained, induced or not, which arms, which paper matches,
"not reached") must be the same. ``agrees`` and ``model_vs_literature`` are
compared as they are. The spread of the numbers themselves is reported as
2.5/97.5 percentiles of the ``classic`` and ``trans`` columns.

The table is then the table of the named set, not of the model's default
values; the frequencies describe how robust each verdict is to that set's
parameter uncertainty (only that: not to what the model structure gets wrong).

>>> from il6sim.compare.robustness import verdict_frequencies
>>> vf = verdict_frequencies(["hepg2"], n=5)                    # doctest: +SKIP
>>> 0 <= vf.rows[0].verdict_holds_fraction <= 1                 # doctest: +SKIP
True
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Mapping

import numpy as np

from ..engine.simulator import Simulator, default_simulator
from ..errors import SolverError
from ..model.overrides import format_values
from ..provenance import Provenance
from .comparison import DEFAULT_CELLS, Comparison, Row, parse_cells, run_comparison

log = logging.getLogger(__name__)

#: percentiles of the ``classic`` / ``trans`` numbers across the members (a 95 % band)
BAND_PERCENTILES = (2.5, 97.5)

# a number (with sign, decimals, exponent) that is not part of a name such as IL-6, pSTAT3 or CXCL8;
# a concentration unit right after it is masked with it (141 pM and 1.2 nM say the same in words)
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])(?<![A-Za-z]-)[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"
                     r"(?P<conc>\s?(?:fM|pM|nM|µM|uM|mM)\b)?")
# kept as they are: a count such as 2/3 (genes of three) is a category, not a measurement; a paper named by
# author and year (Zegeye 2018, Widjaja & Cook 2024) and a reference number ([7]) are names
_KEEP = re.compile(r"(?<![\d.])\d/\d(?![\d.])|\b[A-Z][A-Za-z'-]+ (?:19|20)\d\d\b|\[\d+\]")


def verdict_words(text: str) -> str:
    """A verdict with its numbers masked as ``#`` (concentrations as ``# M``); counts like ``2/3``, papers
    like ``Zegeye 2018`` and references like ``[7]`` kept.

    >>> verdict_words("classic induced (5.39x at 4 h, half-rise 19 min); trans stronger (9.25x)")
    'classic induced (#x at # h, half-rise # min); trans stronger (#x)'
    >>> verdict_words("EC50 IL-6 + sIL-6R (equimolar) 141 pM, Hyper-IL-6 6.21 nM: ratio 23")
    'EC50 IL-6 + sIL-6R (equimolar) # M, Hyper-IL-6 # M: ratio #'
    >>> verdict_words("trans inflammatory (2/3); classic 0/3; cuts it by -0.9%")
    'trans inflammatory (2/3); classic 0/3; cuts it by #%'
    >>> verdict_words("classic -> STAT3 (matches: Zegeye 2018, seed [7] 'Overlapping and distinct')")
    "classic -> STAT3 (matches: Zegeye 2018, seed [7] 'Overlapping and distinct')"
    """
    kept: list[str] = []

    def keep(m: re.Match) -> str:
        kept.append(m.group(0))
        return "\x00" + "".join(chr(ord("a") + int(d)) for d in str(len(kept) - 1)) + "\x00"  # no digits

    out = _KEEP.sub(keep, str(text))
    out = _NUMBER.sub(lambda m: "# M" if m.group("conc") else "#", out)
    return re.sub("\x00([a-j]+)\x00",
                  lambda m: kept[int("".join(str(ord(c) - ord("a")) for c in m.group(1)))], out)


def _row_keys(rows: Iterable[Row]) -> list[tuple]:
    """(claim, cell, metric, k): a row's identity across runs (k counts repeats of the same triple)."""
    seen: Counter = Counter()
    keys = []
    for r in rows:
        base = (r.claim, r.cell, r.metric)
        keys.append((*base, seen[base]))
        seen[base] += 1
    return keys


@dataclass(frozen=True)
class RowRobustness:
    """How one row's verdict fares across the ensemble members that could be simulated."""

    verdict_in_words: str          # the best values' verdict with its numbers masked
    members: int                   # members simulated (the denominator)
    verdict_holds: int             # members with the same verdict in words
    agrees_holds: int              # members with the same ``agrees`` value
    vs_literature_holds: int       # members with the same ``model_vs_literature`` value
    alternative_verdict: str | None  # the most frequent other verdict (in words), if any member has one
    alternative_members: int
    classic_band: tuple[float, float] | None
    trans_band: tuple[float, float] | None

    @staticmethod
    def _frac(k: int, n: int) -> float:
        return k / n if n else float("nan")

    @property
    def verdict_holds_fraction(self) -> float:
        return self._frac(self.verdict_holds, self.members)

    @property
    def agrees_holds_fraction(self) -> float:
        return self._frac(self.agrees_holds, self.members)

    @property
    def vs_literature_holds_fraction(self) -> float:
        return self._frac(self.vs_literature_holds, self.members)

    def note(self, failed: int = 0) -> str:
        """``verdict holds in 87 of 100 members; agrees holds in 95 of 100 (...)``, for tables and the report."""
        n = self.members
        text = f"verdict holds in {self.verdict_holds} of {n} members; agrees holds in {self.agrees_holds} of {n}"
        if failed:
            text += f" ({failed} more failed to simulate)"
        if self.alternative_verdict is not None:
            text += f"; most frequent other verdict ({self.alternative_members} of {n}): {self.alternative_verdict}"
        return text


@dataclass(frozen=True)
class EnsembleComparison:
    """Result of :func:`verdict_frequencies`: the comparison at the set's best values and, row by row, how
    often its verdicts hold across the ensemble (``rows[i]`` belongs to ``comparison.rows[i]``)."""

    comparison: Comparison
    rows: tuple[RowRobustness, ...]
    parameter_set: str
    members_requested: int
    members_used: int
    failed: tuple[tuple[int, str], ...] = field(repr=False)
    seconds: float = 0.0
    #: the caller's own values, applied on top of the set's best values and of every member
    overrides: Mapping[str, float] = field(default_factory=dict)

    @property
    def members_failed(self) -> int:
        return len(self.failed)

    def records(self) -> list[dict]:
        """The comparison's records with the ensemble columns added."""
        out = []
        for row, rb in zip(self.comparison.rows, self.rows):
            band_c = rb.classic_band or (None, None)
            band_t = rb.trans_band or (None, None)
            out.append({**row.as_dict(), "parameter_set": self.parameter_set, "members": rb.members,
                        "members_failed": self.members_failed, "verdict_in_words": rb.verdict_in_words,
                        "verdict_holds": rb.verdict_holds, "verdict_holds_fraction": rb.verdict_holds_fraction,
                        "agrees_holds": rb.agrees_holds, "agrees_holds_fraction": rb.agrees_holds_fraction,
                        "vs_literature_holds_fraction": rb.vs_literature_holds_fraction,
                        "alternative_verdict": rb.alternative_verdict, "alternative_members": rb.alternative_members,
                        "classic_lower": band_c[0], "classic_upper": band_c[1],
                        "trans_lower": band_t[0], "trans_upper": band_t[1],
                        "ensemble_note": rb.note(self.members_failed)})
        return out

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(self.records())

    def header(self) -> str:
        """Which values the table holds and what the frequencies mean (for the text table)."""
        failed = f", {self.members_failed} failed to simulate and are not counted" if self.failed else ""
        extra = f" (then {format_values(self.overrides)})" if self.overrides else ""
        return (f"this table is computed with the parameter set '{self.parameter_set}'{extra} on top of every cell "
                f"preset, not with the model's default values. 'verdict holds in k of {self.members_used}' counts the "
                f"members of its ensemble ({self.members_used} simulated of {self.members_requested} run{failed}) "
                "whose verdict in words (numbers masked) is the one above; 'agrees holds' does the same for the "
                f"agrees column. This is robustness to the parameter uncertainty of '{self.parameter_set}' only.")


def _band(values: list) -> tuple[float, float] | None:
    x = np.array([v for v in values if v is not None and math.isfinite(v)], float)
    if len(x) < 2:
        return None
    lo, hi = np.percentile(x, BAND_PERCENTILES)
    return float(lo), float(hi)


def _summarise(best: Comparison, runs: list[tuple[Row, ...]]) -> tuple[RowRobustness, ...]:
    member_rows = [dict(zip(_row_keys(rows), rows)) for rows in runs]
    out = []
    for key, row in zip(_row_keys(best.rows), best.rows):
        words = verdict_words(row.model_verdict)
        got = [m.get(key) for m in member_rows]  # None: the member's table lacks this row
        other = Counter(verdict_words(r.model_verdict) if r is not None else "(row missing)"
                        for r in got if r is None or verdict_words(r.model_verdict) != words)
        alt, alt_n = other.most_common(1)[0] if other else (None, 0)
        out.append(RowRobustness(
            words, len(runs),
            sum(r is not None and verdict_words(r.model_verdict) == words for r in got),
            sum(r is not None and r.agrees == row.agrees for r in got),
            sum(r is not None and r.model_vs_literature == row.model_vs_literature for r in got),
            alt, alt_n,
            _band([r.classic for r in got if r is not None]) if row.classic is not None else None,
            _band([r.trans for r in got if r is not None]) if row.trans is not None else None))
    return tuple(out)


def verdict_frequencies(cells: Iterable[str] = DEFAULT_CELLS, *, name: str = "calibrated", n: int | None = None,
                        parameters: Mapping[str, float] | None = None, simulator: Simulator | None = None,
                        pharmacology: bool = True, command: str | None = None,
                        progress: Callable[[int, int], None] | None = None) -> EnsembleComparison:
    """The comparison with the named set's best values, and how often each verdict holds across its ensemble.

    Parameters
    ----------
    cells
        Cell presets, as for :func:`~.comparison.run_comparison`.
    name
        The parameter set (:data:`il6sim.fitting.ensemble.PARAMETER_SETS`).
    n
        Use the first ``n`` members (2 to the ensemble's size; default all).
    parameters
        The caller's own values, applied on top of the best values and of every member.
    progress
        Called as ``progress(done, total)`` after each member (the command line draws a bar with it).

    Members whose simulation fails are counted in ``failed`` (index, message) and left out of the
    fractions; with fewer than two members simulated a :class:`~il6sim.errors.SolverError` is raised.
    """
    # imported here: il6sim.fitting is a large package that `il6sim compare` without an ensemble never needs
    from ..fitting.ensemble import check_ensemble_size, ensemble, parameter_set, set_info

    names = parse_cells(cells, where="cells")
    n_use = check_ensemble_size(n, name, where="n")
    members = ensemble(name)[:n_use]
    user = dict(parameters or {})
    sim = simulator or default_simulator()
    started = time.time()
    best = run_comparison(names, simulator=sim, pharmacology=pharmacology, command=command,
                          parameters={**parameter_set(name), **user})
    runs: list[tuple[Row, ...]] = []  # only the rows: a member's time courses are not kept
    failed: list[tuple[int, str]] = []
    for i, m in enumerate(members):
        try:
            runs.append(run_comparison(names, simulator=sim, pharmacology=pharmacology, command=command,
                                       parameters={**m, **user}).rows)
        except SolverError as exc:
            failed.append((i, str(exc)))
            log.warning("ensemble member %d failed: %s", i, exc)
        if progress is not None:
            progress(i + 1, len(members))
    if len(runs) < 2:
        raise SolverError(f"only {len(runs)} of {len(members)} members of the '{name}' ensemble could be simulated; "
                          "verdict frequencies need at least 2")
    seconds = time.time() - started
    prov = Provenance({**best.provenance, "ensemble": {
        **set_info(name), "members_requested": len(members), "members_used": len(runs),
        "members_failed": [{"member": i, "error": msg} for i, msg in failed], "seconds": round(seconds, 1),
        "verdicts": "compared in words (numbers masked); agrees and model_vs_literature as they are"}})
    best = replace(best, provenance=prov)
    log.info("verdict frequencies: %d members in %.0f s (%d failed)", len(runs), seconds, len(failed))
    return EnsembleComparison(best, _summarise(best, runs), name, len(members), len(runs), tuple(failed), seconds,
                              overrides=user)
