"""Figures of lab data: measured fold changes (bars with 95 % intervals), optionally with the model's prediction.

Used by ``il6sim qpcr`` / ``il6sim densitometry`` (with ``--out``) and the web app's lab-data page.
Several genes (or bands) are drawn as one panel each, side by side with a shared axis,
so that a plate of many conditions stays readable.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..plotting import pyplot

#: panels per row when the data hold several genes
MAX_PANEL_COLUMNS = 3
#: bars per row of panels (fewer panels per row when each holds many conditions)
MAX_BARS_PER_ROW = 24


def replicates_label(label: str, n) -> str:
    """``label`` with the number of replicates behind each bar, inside its closing parenthesis.

    >>> replicates_label("measured (geometric mean, 95 % CI)", [2, 2, 3])
    'measured (geometric mean, 95 % CI; n = 2-3 per bar)'
    """
    n = [int(k) for k in n]
    if not n:
        return label
    text = f"n = {min(n)}" + (f"-{max(n)}" if max(n) != min(n) else "") + " per bar"
    return label[:-1] + f"; {text})" if label.endswith(")") else f"{label} ({text})"


def _draw(ax, labels, m, lo, hi, mv, *, measured_label: str, model_label: str) -> list[float]:
    """Bars of one panel; returns the values the y range must hold."""
    x = np.arange(len(labels))
    err = np.vstack([np.where(np.isfinite(lo), m - lo, 0), np.where(np.isfinite(hi), hi - m, 0)])
    ok = np.isfinite(m) & (m > 0)
    ax.bar(x[ok], m[ok] - 1.0, bottom=1.0, width=0.6, color="#4c78a8", label=measured_label)
    ax.errorbar(x[ok], m[ok], yerr=err[:, ok], fmt="none", ecolor="0.2", capsize=3, lw=1)
    finite = list(m[ok]) + list(lo[np.isfinite(lo) & (lo > 0)]) + list(hi[np.isfinite(hi) & (hi > 0)])
    if mv is not None:
        good = np.isfinite(mv) & (mv > 0)
        if good.any():
            ax.plot(x[good], mv[good], "D", color="#e45756", ms=8, label=model_label, zorder=5)
            finite += list(mv[good])
    for xi, v in zip(x[ok], m[ok]):
        ax.annotate(f"{v:.3g}", (xi, v), xytext=(16, 2), textcoords="offset points", fontsize=8, color="#2b4c6f")
    ax.axhline(1.0, color="0.3", lw=0.9, ls="--")
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=20 if len(labels) > 4 else 0, ha="right" if len(labels) > 4 else "center")
    ax.grid(True, axis="y", alpha=0.25, which="both")
    return finite


def fold_change_figure(labels: Sequence[str], measured: Sequence[float], low: Sequence[float],
                       high: Sequence[float], model: Sequence[float] | None = None, *, title: str, ylabel: str,
                       model_label: str = "model", measured_label: str = "measured (geometric mean, 95 % CI)",
                       panels: Sequence[str] | None = None, max_width_in: float | None = None):
    """Measured fold changes (bars from 1 on a log axis, 95 % interval where given), with the model's prediction
    as points when ``model`` is given (NaN where the model has no match). Returns the figure.

    ``panels``: one name per bar (e.g. its gene); with more than one name, each gets a panel of its own
    (titled with the name, in the order of first appearance) on a shared log axis.
    ``max_width_in``: fewer panels per row where that many would make the figure wider (a page shows it in a
    column of its width; None: up to :data:`MAX_PANEL_COLUMNS` whatever the width).
    """
    plt = pyplot()
    m = np.asarray(measured, float)
    lo, hi = np.asarray(low, float), np.asarray(high, float)
    mv = np.asarray(model, float) if model is not None else None
    names = list(dict.fromkeys(str(p) for p in panels)) if panels is not None else []
    if len(names) <= 1:
        fig, ax = plt.subplots(figsize=(max(6.5, 0.9 * len(labels) + 2.5), 4.4), layout="constrained")
        axes, parts, ncol = [ax], [np.arange(len(labels))], 1
    else:
        parts = [np.array([i for i, p in enumerate(panels) if str(p) == n]) for n in names]
        ncol = int(np.clip(MAX_BARS_PER_ROW // max(len(p) for p in parts), 1, min(len(names), MAX_PANEL_COLUMNS)))
        width = max(3.4, 0.75 * max(len(p) for p in parts) + 1.2)
        if max_width_in is not None:
            ncol = max(1, min(ncol, int((max_width_in - 0.6) // width)))
        nrow = int(np.ceil(len(names) / ncol))
        fig, grid = plt.subplots(nrow, ncol, figsize=(ncol * width + 0.6, 3.3 * nrow + 1.0), sharey=True,
                                 squeeze=False, layout="constrained")
        axes = list(grid.flat)
        for ax in axes[len(names):]:
            ax.set_visible(False)
        for ax, n in zip(axes, names):
            ax.set_title(n, fontsize=9)
    finite: list[float] = []
    for ax, idx in zip(axes, parts):
        finite += _draw(ax, [labels[i] for i in idx], m[idx], lo[idx], hi[idx], None if mv is None else mv[idx],
                        measured_label=measured_label, model_label=model_label)
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    for ax in axes[:len(parts)]:
        ax.set_yscale("log")
        ax.set_ylim(min(finite + [0.8]) / 1.5, max(finite + [1.25]) * 1.8)
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    for ax in axes[:len(parts)][::ncol]:  # the first panel of each row
        ax.set_ylabel(ylabel)
    if len(names) <= 1:
        axes[0].set_title(title + (f"\n{names[0]}" if names else ""), fontsize=10)
    else:
        fig.suptitle(title, fontsize=10)
    handles: dict[str, object] = {measured_label: None}  # the measured bars first, then the model
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            handles[lab] = handles.get(lab) or h
    handles = {lab: h for lab, h in handles.items() if h is not None}
    fig.legend(list(handles.values()), list(handles), loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    return fig
