"""What a sweep answers: a summary table and a figure beside the Parquet results.

The question a receptor sweep asks is "where does the response change with
this parameter?". The summary bins the first varied parameter (quantile bins;
a grid, or any first parameter with no more distinct values than bins, one bin
per value, its ``_from`` and ``_to`` both that value) and gives, per bin, the median and 5-95 % range of one response: the classic /
trans pSTAT3 area ratio when the protocol has both groups (which route carries
the response), else the first group's first observable and metric. The figure
plots that response against the first parameter, coloured by the second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

SUMMARY_CSV = "summary.csv"
SUMMARY_PNG = "summary.png"


@dataclass(frozen=True)
class SweepSummary:
    selector: str  # the response summarised, e.g. "classic:pSTAT3:auc / trans:pSTAT3:auc"
    label: str  # in words
    table: pd.DataFrame  # one row per bin of the first varied parameter
    files: tuple[Path, ...] = ()


def response_selector(groups: list[str], observables: list[str], readouts: list[str],
                      times: Sequence[float] = ()) -> tuple[str, str]:
    """The response a sweep of this protocol is summarised by, as a selector and in words.

    ``readouts`` are the spec's metrics; without any (``metrics: []``), the value at a readout
    time: 30 min when it is read, else the last of ``times`` (min).

    >>> response_selector(["control", "classic", "trans"], ["pSTAT3", "pAkt"], ["auc", "peak"])[0]
    'classic:pSTAT3:auc / trans:pSTAT3:auc'
    >>> response_selector(["a"], ["pERK"], ["peak"])[0]
    'a:pERK:peak'
    >>> response_selector(["classic", "trans"], ["pSTAT3"], [], [0.0, 15.0, 30.0, 240.0])
    ('classic:pSTAT3:30 / trans:pSTAT3:30', 'classic / trans pSTAT3 (at 30 min): above 1 classic signalling carries the response')
    """
    obs = "pSTAT3" if "pSTAT3" in observables else observables[0]
    if readouts:
        metric = "auc" if "auc" in readouts else readouts[0]
        what = metric
    elif times:  # no metrics computed: the value at one readout time
        t = 30.0 if 30.0 in times else max(times)
        metric, what = f"{t:g}", f"at {t:g} min"
    else:
        raise ValueError("a sweep summary needs a metric or a readout time")
    if "classic" in groups and "trans" in groups:
        return (f"classic:{obs}:{metric} / trans:{obs}:{metric}",
                f"classic / trans {obs} ({what}): above 1 classic signalling carries the response")
    return f"{groups[0]}:{obs}:{metric}", f"{obs} ({what}) in group {groups[0]}"


#: the unit of a ratio of two values in the same unit (the classic / trans response)
RATIO_UNIT = "ratio (no unit)"


def response_unit(selector: str) -> str:
    """The unit of a selector's values (reference model), in the words runs.parquet uses
    (:func:`il6sim.sweeps.execution.value_unit`); a ratio of like units is a :data:`RATIO_UNIT`.

    >>> response_unit("classic:pSTAT3:auc / trans:pSTAT3:auc"), response_unit("trans:SOCS3:auc")
    ('ratio (no unit)', 'nM x min')
    >>> response_unit("trans:pSTAT3:auc")
    'fraction of total STAT3 x min'
    """
    from ..model.reference import reference_model
    from .execution import value_unit
    from .readouts import parse_selector

    obs = reference_model().observable_map

    def one(s):
        return value_unit(obs[s.observable].unit_words if s.observable in obs else "?", s.readout)

    a, b = parse_selector(selector)
    if b is None:
        return one(a)
    ua, ub = one(a), one(b)
    return RATIO_UNIT if ua == ub else f"({ua}) / ({ub})"


def _bins(x: np.ndarray, n: int) -> np.ndarray:
    qs = np.unique(np.quantile(x, np.linspace(0, 1, n + 1)))
    return qs if len(qs) > 1 else np.array([x.min(), x.max() + 1e-12])


def summarize(result, groups: list[str], observables: list[str], readouts: list[str],
              out_dir: str | Path | None = None, *, n_bins: int = 10, times: Sequence[float] = ()) -> SweepSummary:
    """Bin the first varied parameter and summarise the response; write summary.csv and summary.png.

    ``readouts`` are the metrics computed; ``times`` (min) the readout times, used when there are none.
    """
    selector, label = response_selector(groups, observables, readouts, times)
    design = result.design()
    params = [c for c in design.columns if c != "run_id"]
    y = result.values(selector)
    x = design[params[0]].to_numpy(dtype=float) if params else np.zeros(len(y))
    ok = np.isfinite(y) & np.isfinite(x)
    rows = []
    if ok.any():
        levels = np.unique(x[ok])
        if len(levels) <= n_bins:
            # a grid (or a few distinct values): one bin per value, from and to that value, so the median line
            # and the answer line sit at the values swept rather than between quantile edges around them
            bins = [(v, v, ok & (x == v)) for v in levels]
        else:
            edges = _bins(x[ok], n_bins)
            idx = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
            bins = [(edges[b], edges[b + 1], ok & (idx == b)) for b in range(len(edges) - 1)]
        for lo, hi, sel in bins:
            if not sel.any():
                continue
            v = y[sel]
            rows.append({f"{params[0]}_from" if params else "from": lo,
                         f"{params[0]}_to" if params else "to": hi, "runs": int(sel.sum()),
                         "response_median": float(np.median(v)), "response_p05": float(np.quantile(v, 0.05)),
                         "response_p95": float(np.quantile(v, 0.95)),
                         # summary.csv on its own says what the response is, and its unit
                         "response": selector, "response_unit": response_unit(selector)})
    table = pd.DataFrame(rows)
    table.attrs.update({"response": selector, "meaning": label})
    files: list[Path] = []
    if out_dir is not None:
        out = Path(out_dir)
        from ..io.tables import write_csv

        path = out / SUMMARY_CSV
        write_csv(table, path)
        files.append(path)
        fig = plot_summary(x, y, design[params[1]].to_numpy(dtype=float) if len(params) > 1 else None,
                           params, label, table)
        png = out / SUMMARY_PNG
        fig.savefig(png, dpi=130)
        files.append(png)
        import matplotlib.pyplot as plt

        plt.close(fig)
    return SweepSummary(selector, label, table, tuple(files))


def _with_unit(name: str) -> str:
    """A swept parameter's name with its unit, for an axis label."""
    from ..model.reference import reference_model

    p = reference_model().parameter_map.get(name)
    return f"{name} [{p.unit}]" if p is not None and p.unit not in ("", "1") else name


def plot_summary(x, y, colour, params: list[str], label: str, table: pd.DataFrame):
    """Response against the first parameter (log axis when it spans > 20x), coloured by the second."""
    from ..plotting import pyplot

    plt = pyplot()
    from matplotlib.colors import LogNorm

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ok = np.isfinite(x) & np.isfinite(y)
    kw = {}
    if colour is not None and np.isfinite(colour[ok]).any():
        c = colour[ok]
        kw = {"c": c, "cmap": "viridis"}
        if c.min() > 0 and c.max() / c.min() > 20:
            kw["norm"] = LogNorm()
    sc = ax.scatter(x[ok], y[ok], s=8, alpha=0.6, **kw)
    if kw:
        fig.colorbar(sc, ax=ax, label=_with_unit(params[1]))
    if len(table):
        mid = np.sqrt(table.iloc[:, 0] * table.iloc[:, 1]) if (table.iloc[:, 0] > 0).all() else \
            (table.iloc[:, 0] + table.iloc[:, 1]) / 2
        ax.plot(mid, table["response_median"], color="k", lw=2, label="median per bin")
        ax.fill_between(mid, table["response_p05"], table["response_p95"], color="0.5", alpha=0.2,
                        label="5-95 % per bin")
        ax.legend(frameon=False, fontsize=8)
    xs = x[ok]
    if len(xs) and xs.min() > 0 and xs.max() / xs.min() > 20:
        ax.set_xscale("log")
    ys = y[ok]
    if len(ys) and ys.min() > 0 and ys.max() / ys.min() > 20:
        ax.set_yscale("log")
    if " / " in label or "classic / trans" in label:
        ax.axhline(1.0, color="0.4", ls="--", lw=1)
    ax.set_xlabel(_with_unit(params[0]) if params else "run")
    ax.set_ylabel(label.split(":")[0])
    ax.set_title(label, fontsize=9)
    fig.tight_layout()
    return fig


def _crossing(mid: np.ndarray, med: np.ndarray, level: float, log: bool = True) -> float:
    """First ``mid`` (log-interpolated; linearly with ``log=False``) where ``med`` reaches ``level``; NaN if it
    never does.

    Reached already in the first bin, the level lies somewhere at or below the
    swept range: the first bin's ``mid`` is returned, and :func:`answer_line`
    says "already at the lowest values swept" rather than naming it as a crossing.
    """
    hit = np.nonzero(med >= level)[0]
    if not len(hit):
        return float("nan")
    k = int(hit[0])
    if k == 0:
        return float(mid[0])
    f = (level - med[k - 1]) / (med[k] - med[k - 1])
    if not log:
        return float(mid[k - 1] + f * (mid[k] - mid[k - 1]))
    return float(np.exp(np.log(mid[k - 1]) + f * (np.log(mid[k]) - np.log(mid[k - 1]))))


def _about(v: float) -> str:
    """A parameter value for the answer line: whole above 10 ('4,656'), else two significant digits ('0.22').

    >>> _about(4656.2), _about(32.4), _about(5.26), _about(0.2154), _about(0.01)
    ('4,656', '32', '5.3', '0.22', '0.01')
    """
    return f"{v:,.0f}" if abs(v) >= 10 else f"{v:.2g}"


def answer_line(summary: SweepSummary, param: str) -> str:
    """One sentence: where classic signalling reaches half of, and all of, the trans response along ``param``.

    >>> t = pd.DataFrame({"a_from": [10.0, 100.0], "a_to": [100.0, 1000.0], "runs": [5, 5],
    ...                   "response_median": [0.3, 0.9], "response_p05": [0.2, 0.8], "response_p95": [0.4, 1.0]})
    >>> answer_line(SweepSummary("x", "classic / trans pSTAT3 (auc)", t), "a")
    'classic signalling gives half of the trans pSTAT3 at about 68 a (median over the other parameters), and as much as trans at none of the a values swept'
    """
    t = summary.table
    if t.empty or "classic / trans" not in summary.label:
        return ""
    med = t["response_median"].to_numpy()
    # bins from 0 (a range that starts at 0, e.g. no IL-6R): their middles and the crossings on a linear scale
    log = bool((t.iloc[:, 0] > 0).all())
    lo, hi = t.iloc[:, 0].to_numpy(), t.iloc[:, 1].to_numpy()
    mid = np.sqrt(lo * hi) if log else (lo + hi) / 2
    obs = summary.label.split("classic / trans ", 1)[1].split(" ", 1)[0]  # the observable summarised (pSTAT3, pAkt, ...)
    if len(t) == 1:  # one value of the parameter (one run, or a grid of one level): nothing to locate along it
        return (f"one {param} value swept (about {_about(mid[0])}): there classic signalling gives {med[0]:.2g} of "
                f"the trans {obs} (median over the other parameters)")
    half, full = _crossing(mid, med, 0.5, log), _crossing(mid, med, 0.999, log)

    def where(v: float) -> str:
        if not math.isfinite(v):
            return f"none of the {param} values swept"
        if v == mid[0]:  # reached in the first bin: somewhere at or below the swept range
            return f"the lowest {param} values swept (about {_about(v)}) already"
        return f"about {_about(v)} {param}"

    return (f"classic signalling gives half of the trans {obs} at {where(half)} (median over the other "
            f"parameters), and as much as trans at {where(full)}")
