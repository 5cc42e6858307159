"""Figures of lab data: measured fold changes (bars with 95 % intervals), optionally with the model's prediction.

Used by ``il6sim qpcr`` / ``il6sim densitometry`` (with ``--out``) and the web app's lab-data page.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..plotting import pyplot


def fold_change_figure(labels: Sequence[str], measured: Sequence[float], low: Sequence[float],
                       high: Sequence[float], model: Sequence[float] | None = None, *, title: str, ylabel: str,
                       model_label: str = "model", measured_label: str = "measured (geometric mean, 95 % CI)"):
    """Measured fold changes (bars from 1 on a log axis, 95 % interval where given), with the model's prediction
    as points when ``model`` is given (NaN where the model has no match). Returns the figure."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(max(6.5, 0.9 * len(labels) + 2.5), 4.4), layout="constrained")
    x = np.arange(len(labels))
    m = np.asarray(measured, float)
    lo, hi = np.asarray(low, float), np.asarray(high, float)
    err = np.vstack([np.where(np.isfinite(lo), m - lo, 0), np.where(np.isfinite(hi), hi - m, 0)])
    ok = np.isfinite(m) & (m > 0)
    ax.bar(x[ok], m[ok] - 1.0, bottom=1.0, width=0.6, color="#4c78a8", label=measured_label)
    ax.errorbar(x[ok], m[ok], yerr=err[:, ok], fmt="none", ecolor="0.2", capsize=3, lw=1)
    finite = list(m[ok]) + list(lo[np.isfinite(lo) & (lo > 0)]) + list(hi[np.isfinite(hi) & (hi > 0)])
    if model is not None:
        mv = np.asarray(model, float)
        good = np.isfinite(mv) & (mv > 0)
        if good.any():
            ax.plot(x[good], mv[good], "D", color="#e45756", ms=8, label=model_label, zorder=5)
            finite += list(mv[good])
    for xi, v in zip(x[ok], m[ok]):
        ax.annotate(f"{v:.3g}", (xi, v), xytext=(16, 2), textcoords="offset points", fontsize=8, color="#2b4c6f")
    ax.set_yscale("log")
    lo_y, hi_y = min(finite + [0.8]) / 1.5, max(finite + [1.25]) * 1.8
    ax.set_ylim(lo_y, hi_y)
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.axhline(1.0, color="0.3", lw=0.9, ls="--")
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=20 if len(labels) > 4 else 0, ha="right" if len(labels) > 4 else "center")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    ax.grid(True, axis="y", alpha=0.25, which="both")
    return fig
