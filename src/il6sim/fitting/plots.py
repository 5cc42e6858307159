"""Figures of a calibration: waterfall of the starts, fits over data, profiles.

Functions take an axis (or a path) and return it; matplotlib comes through
:func:`il6sim.plotting.pyplot` (no window needed).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Sequence

import numpy as np

from ..plotting import pyplot


def waterfall(ax, nll: Sequence[float], *, title: str = "multi-start optimisation"):
    """Sorted final negative log-likelihoods of all starts, relative to the best (log axis)."""
    v = np.sort(np.asarray(nll, float))
    v = v[np.isfinite(v)]
    d = v - v[0] + 1.0
    ax.plot(np.arange(1, len(d) + 1), d, "o-", color="C0", ms=4)
    conv = d <= 1.5
    ax.plot(np.arange(1, len(d) + 1)[conv], d[conv], "o", color="C3", ms=5,
            label=f"{int(conv.sum())} of {len(d)} starts within 0.5 of the best")
    ax.set_yscale("log")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("start (sorted)")
    ax.set_ylabel("NLL - best NLL + 1")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def save_waterfall(path: Path, nll: Sequence[float], title: str = "multi-start optimisation") -> Path:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5, 3.6))
    waterfall(ax, nll, title=title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


def plot_fits(objective, x: Sequence[float], path: Path, *, title: str = "", t_max: float | None = None,
              panel_titles: dict | None = None, ncols: int = 4,
              members: Sequence[Sequence[float]] | None = None) -> Path:
    """Model curves over the data, one panel per (observable, condition).

    Data are divided by their experiment's fitted scale, so every experiment is
    drawn in model units over one curve (log axis for log-scale observables).
    ``members``: scaled parameter vectors of an ensemble (posterior sample); each
    panel then shades the 2.5-97.5 percentile band of their curves behind the fit.
    """
    plt = pyplot()
    ev = objective.evaluate(x)
    tab = ev.table
    panels = list(dict.fromkeys(zip(tab["observable"], tab["condition"])))
    n = len(panels)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    # the title is wrapped to the figure's width (a one-panel figure is narrower than most titles) and
    # gets its own room on top, added to the panels' height
    lines = [ln for part in title.split("\n")
             for ln in textwrap.wrap(part, width=max(24, int(10.5 * 3.6 * ncols)))] if title else []
    top = 0.12 + 0.2 * len(lines) if lines else 0.0
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 2.9 * nrows + top), squeeze=False)
    longest = max(float(tab["time_min"].max()), 1.0)
    data, spans = {}, {}
    for obs, cond in panels:
        g = data[obs, cond] = tab[(tab["observable"] == obs) & (tab["condition"] == cond)]
        # a condition measured at one time only (an unstimulated control) is drawn over the figure's longest
        # time course, so its model line reads as the baseline it is
        one_time = g["time_min"].nunique() == 1
        own = longest if one_time else max(float(g["time_min"].max()), 1.0)
        spans[obs, cond] = t_max if t_max is not None else own
    # one simulation per condition and time span (and per ensemble member) serves all its panels
    runs: dict[tuple[str, float], list[str]] = {}
    for (obs, cond), tm in spans.items():
        runs.setdefault((cond, tm), []).append(obs)
    curves, bands = {}, {}
    for (cond, tm), names in runs.items():
        tt = np.linspace(0, tm * 1.05, 300)
        try:
            curves[cond, tm] = objective.simulate(x, cond, tt, names)
        except Exception:  # pragma: no cover - plotting must not crash a finished fit
            curves[cond, tm] = {name: np.full_like(tt, np.nan) for name in names}
        if members is not None and len(members) > 1:
            bands[cond, tm] = _band(objective, members, cond, tt, names)
    for ax, (obs, cond) in zip(axes.flat, panels):
        g, tm = data[obs, cond], spans[obs, cond]
        tt = np.linspace(0, tm * 1.05, 300)
        od = objective.problem.observables[obs]
        curve = curves[cond, tm][obs]
        if (cond, tm) in bands:
            lo, hi = bands[cond, tm][obs]
            ax.fill_between(tt, lo, hi, color="0.55", alpha=0.35, lw=0,
                            label=f"95 % band ({len(members)} members)")
        exps = list(dict.fromkeys(g["experiment"]))
        for k, e in enumerate(exps):
            ge = g[g["experiment"] == e]
            y = ge["value"] / ge["scale"]
            ax.plot(ge["time_min"], y, "o", ms=3.5, alpha=0.75, color=f"C{k % 10}", label=e if len(exps) <= 8 else None)
            if ge["sd"].notna().any():
                ax.errorbar(ge["time_min"], y, yerr=ge["sd"] / ge["scale"], fmt="none", color=f"C{k % 10}", alpha=0.6)
        ax.plot(tt, curve, "-", color="k", lw=1.6, label="model")
        if od.transform == "log":
            ax.set_yscale("log")
            widen_flat_log_axis(ax)
        label = (panel_titles or {}).get((obs, cond), f"{obs}\n[{cond}]")
        ax.set_title(label, fontsize=9)
        ax.set_xlabel("time (min)", fontsize=8)
        ax.set_ylabel(f"{od.model} (model units)" if od.scaling == "experiment" else obs, fontsize=8)
        ax.tick_params(labelsize=7)
        if len(exps) <= 8:
            ax.legend(fontsize=6, loc="best")
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    if lines:
        fig.suptitle("\n".join(lines), fontsize=11, y=1 - 0.1 / fig.get_figheight(), va="top")
    fig.tight_layout()  # leaves room for the title (tested on a tall and a one-panel figure)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def widen_flat_log_axis(ax, span: float = 4.0) -> None:
    """Show at least a ``span``-fold range on a log y axis, centred on what is drawn.

    Matplotlib fits the axis to the data: a flat control panel (a few per cent
    of scatter) would stretch those few per cent over the whole panel height
    and read as a strong response.
    """
    lo, hi = ax.get_ylim()
    if 0 < lo < hi < span * lo:
        mid = np.sqrt(lo * hi)
        ax.set_ylim(mid / np.sqrt(span), mid * np.sqrt(span))


def _band(objective, members, cond: str, tt: np.ndarray,
          observables: Sequence[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per observable, the 2.5 and 97.5 percentiles of the members' curves of condition ``cond`` (one
    simulation per member; a member whose simulation fails is left out)."""
    from ..errors import SolverError

    runs = []
    for m in members:
        try:
            runs.append(objective.simulate(m, cond, tt, observables))
        except SolverError:  # a member that fails to simulate is left out, as in the prediction bands
            continue
    if len(runs) < 2:
        return {name: (np.full_like(tt, np.nan), np.full_like(tt, np.nan)) for name in observables}
    return {name: tuple(np.nanpercentile(np.vstack([np.asarray(r[name], float) for r in runs]), [2.5, 97.5], axis=0))
            for name in observables}


def _unit(name: str) -> str:
    """The unit of a model parameter ('' when it has none, or for a name the model lacks)."""
    from ..model.reference import reference_model

    spec = reference_model().parameter_map.get(name.split("@")[0])
    return spec.unit if spec is not None and spec.unit not in ("", "1", "dimensionless") else ""


def plot_profiles(profiles: dict, path: Path, *, title: str = "profile likelihoods") -> Path:
    """Delta(2 NLL) against each profiled parameter (log10), with the 95 % threshold."""
    plt = pyplot()
    names = list(profiles)
    n = len(names)
    ncols = min(4, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.8 * nrows), squeeze=False)
    for ax, name in zip(axes.flat, names):
        pr = profiles[name]
        ax.plot(pr.grid, pr.delta, "o-", ms=3)
        ax.axhline(pr.threshold, color="C3", ls="--", lw=1, label="95 % (chi2, 1 dof)")
        ax.axvline(pr.x_best, color="k", lw=0.8)
        for b in (pr.bounds_scaled[0], pr.bounds_scaled[1]):
            ax.axvline(b, color="0.6", ls=":", lw=1)
        unit = _unit(name)
        ax.set_xlabel((f"log10 {name}" if pr.scale == "log10" else name) + (f" [{unit}]" if unit else ""), fontsize=8)
        ax.set_ylabel("Δ(2·NLL)", fontsize=8)
        lowest = float(np.nanmin(pr.delta)) if len(pr.delta) else 0.0
        if lowest < -0.5:  # below the fit it started from: drawn, not cut off at 0 (an empty-looking panel)
            ax.set_title(f"{name}\nbetter fit found (Δ {lowest:.3g}): refit, then profile", fontsize=8, color="C3")
            ax.set_ylim(bottom=lowest - 0.05 * abs(lowest), top=max(pr.threshold * 2.5, 1.0))
        else:
            ax.set_title(f"{name}\n{pr.interval_text()}", fontsize=8)
            ax.set_ylim(bottom=-0.3, top=max(pr.threshold * 2.5, 1.0))
        ax.tick_params(labelsize=7)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(5))  # a 3.4-inch panel holds ~5 labels without overlap
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=6)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)
