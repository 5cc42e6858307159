"""Figures of the classic-vs-trans comparison (ax in, ax out; Agg backend).

* :func:`plot_condition_course`: one observable in one cell under every seed condition;
* :func:`timecourse_figure`: pSTAT3, pAkt, pERK, SOCS3 protein and the four mRNAs of one cell;
* :func:`plot_dose_response` / :func:`dose_response_figure`: EC50 and IC50 curves;
* :func:`plot_receptor_map` / :func:`receptor_map_figure`: the IL-6R : gp130 map;
* :func:`plot_agreement` / :func:`agreement_figure`: model vs seed, claim by cell;
* :func:`save_figure`: PNG and SVG.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

import numpy as np

CONDITION_STYLE = {
    "classic": dict(color="#1f77b4", ls="-", label="classic: IL-6 10 ng/mL"),
    "trans": dict(color="#d62728", ls="-", label="trans: IL-6 10 + sIL-6R 25 ng/mL"),
    "hyper": dict(color="#9467bd", ls="-", label="Hyper-IL-6 10 ng/mL"),
    "trans_sgp130Fc": dict(color="#555555", ls="--", label="trans + sgp130Fc 500 ng/mL"),
    "classic_sgp130Fc": dict(color="#17becf", ls=":", label="classic + sgp130Fc 500 ng/mL"),
}
AGREE_COLORS = {"yes": "#4daf4a", "partly": "#ffbf00", "no": "#e41a1c", "n/a": "#dddddd", "not modelled": "#bbbbbb"}
_OBS_LABEL = {
    "pSTAT3": "pSTAT3 (fraction of STAT3)", "pAkt": "pAkt (fraction of Akt)", "pERK": "pERK (fraction of ERK)",
    "SOCS3": "SOCS3 protein (nM)", "ICAM1_mRNA": "ICAM1 mRNA (fold)", "CCL2_mRNA": "CCL2 mRNA (fold)",
    "CXCL8_mRNA": "CXCL8 mRNA (fold)", "SOCS3_mRNA": "SOCS3 mRNA (fold)",
}


def _plt():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "svg", "pdf", "ps", "cairo", "template"):
        try:
            matplotlib.use("Agg", force=True)
        except Exception:  # pragma: no cover
            pass
    import matplotlib.pyplot as plt

    return plt


def plot_condition_course(ax, run, observable: str, *, fold: bool = False, t_max_min: float | None = None,
                          conditions: Sequence[str] = ("classic", "trans", "hyper", "trans_sgp130Fc",
                                                       "classic_sgp130Fc"), threshold: float | None = None):
    """One observable of one :class:`~il6sim.compare.CellRun` under each condition, time in hours."""
    t = run.times
    keep = t <= (t_max_min if t_max_min is not None else t[-1]) + 1e-9
    for c in conditions:
        y = run.fold(c, observable) if fold else run.series(c, observable)
        st = CONDITION_STYLE[c]
        ax.plot(t[keep] / 60.0, y[keep], color=st["color"], ls=st["ls"], lw=1.6, label=st["label"])
    if not fold:
        ax.plot(t[keep] / 60.0, run.series("untreated", observable)[keep], color="black", lw=0.8, alpha=0.5,
                label="untreated")
    if threshold is not None:
        ax.axhline(threshold, color="black", lw=0.7, ls=(0, (2, 2)), alpha=0.6)
    ax.set_title(_OBS_LABEL.get(observable, observable), fontsize=10)
    ax.set_xlabel("time (h)")
    ax.set_xlim(0, t[keep][-1] / 60.0)
    if fold:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(_fold_formatter())
        ax.yaxis.set_minor_formatter(_fold_formatter(minor=True))
    ax.grid(alpha=0.25)
    return ax


def _fold_formatter(minor: bool = False):
    from matplotlib.ticker import FuncFormatter

    if minor:  # label 2x, 3x, 5x, 20x, 30x, 50x ... only
        return FuncFormatter(lambda v, _: f"{v:g}x" if f"{v:.3g}"[0] in "235" else "")
    return FuncFormatter(lambda v, _: f"{v:g}x")


def timecourse_figure(run, *, signal_hours: float = 6.0):
    """2 x 4 panels: signalling over ``signal_hours``, mRNA fold changes over 24 h."""
    from ..compare.verdicts import INDUCED_FOLD

    plt = _plt()
    fig, axes = plt.subplots(2, 4, figsize=(15, 7.6))
    fig.subplots_adjust(left=0.045, right=0.99, top=0.90, bottom=0.14, wspace=0.25, hspace=0.42)
    for ax, o in zip(axes[0], ("pSTAT3", "pAkt", "pERK", "SOCS3")):
        plot_condition_course(ax, run, o, t_max_min=signal_hours * 60)
    for ax, g in zip(axes[1], ("ICAM1", "CCL2", "CXCL8", "SOCS3")):
        plot_condition_course(ax, run, f"{g}_mRNA", fold=True, threshold=INDUCED_FOLD)
        for tt in (4, 24):
            ax.axvline(tt, color="black", lw=0.5, alpha=0.3)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=6, fontsize=9, frameon=False)
    fig.suptitle(f"{run.label}: seed conditions (signals 0-{signal_hours:g} h; mRNA fold vs untreated, 0-24 h; "
                 f"dotted line = {INDUCED_FOLD:g}x induction threshold)", fontsize=11)
    return fig


def plot_dose_response(ax, curves: Sequence, *, normalise: bool = False, title: str = "", legend_loc: str = "lower left"):
    """Dose-response curves (markers: simulated; lines: Hill fit; vertical ticks: EC50/IC50)."""
    colors = ["#1f77b4", "#d62728", "#9467bd", "#2ca02c", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
    for k, c in enumerate(curves):
        col = colors[k % len(colors)]
        d = np.asarray(c.doses_nM)
        y = np.asarray(c.response)
        f = c.fit
        scale = (f.top if normalise and c.kind == "agonist" and f.top and math.isfinite(f.top) else 1.0)
        lab = f"{c.label} [{c.cell}]: {'EC50' if c.kind == 'agonist' else 'IC50'} {c.value_text}"
        ax.plot(d, y / scale, "o", ms=3.5, color=col, alpha=0.8)
        if math.isfinite(f.ec50):
            xx = np.logspace(np.log10(d.min()), np.log10(d.max()), 200)
            yy = f.bottom + (f.top - f.bottom) / (1 + (f.ec50 / xx) ** f.hill)
            ax.plot(xx, yy / scale, "-", color=col, lw=1.4, label=lab)
        else:
            ax.plot([], [], "-", color=col, label=lab)
        if c.reached:
            ax.axvline(c.value_nM, color=col, lw=0.8, ls=":", alpha=0.8)
    ax.set_xscale("log")
    from matplotlib.ticker import NullLocator

    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("dose (nM)")
    ax.grid(alpha=0.25)
    if title:
        ax.set_title(title, fontsize=10)
    if legend_loc == "below":
        ax.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.13), frameon=False, ncol=1)
    else:
        ax.legend(fontsize=7.5, loc=legend_loc, frameon=False)
    return ax


def dose_response_figure(pharm):
    plt = _plt()
    cv = pharm.curves
    fig, axes = plt.subplots(1, 3, figsize=(17, 7.2))
    fig.subplots_adjust(left=0.045, right=0.99, top=0.9, bottom=0.27, wspace=0.2)
    plot_dose_response(axes[0], [cv[k] for k in ("il6_classic", "il6_sil6r_equimolar", "il6_sil6r_fixed",
                                                 "hyper_il6")],
                       title=f"Agonists: pSTAT3 at 30 min (response above baseline)\n"
                             f"Hyper-IL-6 potency ratio (equimolar IL-6 + sIL-6R / Hyper-IL-6) = "
                             f"{pharm.potency_ratio:.0f}", legend_loc="below")
    axes[0].set_ylabel("pSTAT3 response (fraction of STAT3)")
    fc_keys = [k for k in cv if k.startswith("sgp130Fc")]
    plot_dose_response(axes[1], [cv[k] for k in fc_keys],
                       title="sgp130Fc (45 min pre-incubation), seed stimuli\n"
                             f"window IC50(classic)/IC50(trans): {pharm.sgp130fc_window_text}", legend_loc="below")
    from ..compare.conditions import seed_dose_nM

    d_seed = seed_dose_nM("sgp130Fc")
    axes[1].axvline(d_seed, color="black", lw=1.0, alpha=0.5)
    axes[1].text(d_seed, 1.12, " seed dose 500 ng/mL", fontsize=7.5, va="center")
    axes[1].set_ylabel("fraction of the uninhibited response")
    axes[1].set_ylim(-0.05, 1.2)
    plot_dose_response(axes[2], [cv[k] for k in cv if k.split("_")[0] in ("tocilizumab", "sarilumab",
                                                                         "ruxolitinib", "baricitinib")],
                       title="Antibodies and JAK inhibitors (60 min pre-incubation)", legend_loc="below")
    axes[2].set_ylabel("fraction of the uninhibited response")
    axes[2].set_ylim(-0.05, 1.2)
    return fig


def plot_receptor_map(ax, rmap, *, cmap: str = "viridis"):
    """Heatmap of classic/trans AUC ratio; columns IL-6R per cell, rows gp130 per cell; presets marked."""
    from matplotlib.colors import Normalize

    r = rmap.ratio
    nx, ny = len(rmap.il6r), len(rmap.gp130)
    im = ax.imshow(r, origin="lower", aspect="auto", cmap=cmap, norm=Normalize(0, 1),
                   extent=(-0.5, nx - 0.5, -0.5, ny - 0.5))
    for i in range(ny):
        for j in range(nx):
            v = r[i, j]
            if math.isfinite(v):
                ax.text(j, i + 0.32, f"{v:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if v < 0.55 else "black")
    ax.set_xticks(range(nx), [f"{x:g}" for x in rmap.il6r], fontsize=8)
    ax.set_yticks(range(ny), [f"{y:g}" for y in rmap.gp130], fontsize=8)
    ax.set_xlabel("IL-6R per cell")
    ax.set_ylabel("gp130 per cell")

    def pos(vals, v):
        vals = np.asarray(vals, float)
        if v <= 0:
            return 0.0 if vals[0] == 0 else -0.5
        pos_vals = vals[vals > 0]
        off = int(np.sum(vals <= 0))
        lv = np.log10(pos_vals)
        return float(np.interp(np.log10(v), lv, np.arange(len(lv)) + off))

    groups: dict = {}
    for name, (il, gp, ratio) in rmap.presets.items():
        groups.setdefault((il, gp), []).append((name, ratio))
    key_lines = []
    for k, ((il, gp), members) in enumerate(sorted(groups.items()), start=1):
        x, y = pos(rmap.il6r, il), pos(rmap.gp130, gp)
        ax.plot(x, y, marker="o", ms=15, mfc="white", mec="red", mew=1.8, alpha=0.9)
        ax.text(x, y, str(k), ha="center", va="center", fontsize=8, color="red", fontweight="bold")
        names = ", ".join(n + (f" ({r:.2f})" if math.isfinite(r) else "") for n, r in members)
        key_lines.append(f"{k}: {names} - IL-6R {il:g}, gp130 {gp:g}")
    ax.text(1.24, 0.5, "presets (own ratio)\n" + "\n".join(key_lines), transform=ax.transAxes, fontsize=8,
            va="center", ha="left", family="monospace")
    ax.set_title(f"classic / trans pSTAT3 AUC (0-{rmap.window_min / 60:g} h) on {rmap.base}\n"
                 "numbered circles: cell presets at their IL-6R and gp130 (key on the right)", fontsize=10)
    return im


def receptor_map_figure(rmap):
    plt = _plt()
    fig, ax = plt.subplots(figsize=(12.5, 5.6))
    fig.subplots_adjust(left=0.07, right=0.62, top=0.89, bottom=0.1)
    im = plot_receptor_map(ax, rmap)
    fig.colorbar(im, ax=ax, label="classic / trans response ratio")
    return fig


def plot_agreement(ax, comparison, *, field: str = "agrees"):
    """Claim x cell grid coloured by agreement (the first row of each claim and cell)."""
    from matplotlib.patches import Patch

    claims = list(dict.fromkeys(r.claim for r in comparison.rows))
    cells = list(dict.fromkeys(r.cell for r in comparison.rows))
    cell_of = {}
    for r in comparison.rows:
        cell_of.setdefault((r.claim, r.cell), []).append(getattr(r, field))
    rank = {"no": 0, "partly": 1, "yes": 2}
    for i, c in enumerate(claims):
        for j, cell in enumerate(cells):
            vals = cell_of.get((c, cell))
            if not vals:
                continue
            scored = [v for v in vals if v in rank]
            v = min(scored, key=rank.get) if scored else vals[0]
            ax.add_patch(_rect(j, i, AGREE_COLORS.get(v, "#ffffff")))
            ax.text(j, i, v.replace(" ", "\n"), ha="center", va="center", fontsize=8)
    ax.set_xlim(-0.5, len(cells) - 0.5)
    ax.set_ylim(len(claims) - 0.5, -0.5)
    rows = {r.claim: r.row for r in comparison.rows}
    ax.set_yticks(range(len(claims)), [f"{c} {rows[c]}" for c in claims], fontsize=8.5)
    ax.set_xticks(range(len(cells)), [c.replace(" / ", "/\n") for c in cells], fontsize=8.5, rotation=25,
                  ha="right")
    ax.legend(handles=[Patch(color=v, label=k) for k, v in AGREE_COLORS.items()], fontsize=7.5, frameon=False,
              loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def _rect(x, y, color):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, color=color, ec="white", lw=1.5)


def agreement_figure(comparison):
    plt = _plt()
    fig, axes = plt.subplots(1, 2, figsize=(16, 5.2))
    fig.subplots_adjust(left=0.13, right=0.92, top=0.93, bottom=0.22, wspace=0.55)
    plot_agreement(axes[0], comparison, field="agrees")
    axes[0].set_title("Does the model reproduce the seed's claim? (worst metric per cell)", fontsize=10)
    plot_agreement(axes[1], comparison, field="model_vs_literature")
    axes[1].set_title("Does the model match the primary literature?", fontsize=10)
    return fig


def save_figure(fig, directory: "str | Path", stem: str, formats: Sequence[str] = ("png", "svg"),
                dpi: int = 120) -> dict[str, Path]:
    """Write ``stem.png`` and ``stem.svg``; close the figure; return the paths by format."""
    plt = _plt()
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = {}
    for fmt in formats:
        p = d / f"{stem}.{fmt}"
        fig.savefig(p, dpi=dpi, metadata={"Date": None} if fmt == "svg" else None)
        out[fmt] = p
    plt.close(fig)
    return out
