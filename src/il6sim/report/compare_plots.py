"""Figures of the classic-vs-trans comparison (ax in, ax out; Agg backend).

* :func:`plot_condition_course`: one observable in one cell under every seed condition;
* :func:`timecourse_figure`: pSTAT3, pAkt, pERK, SOCS3 protein and the four mRNAs of one cell;
* :func:`plot_dose_response` / :func:`dose_response_figure`: EC50 and IC50 curves;
  :func:`cell_dose_response_figure`: the same questions in one cell, any readout;
* :func:`plot_receptor_map` / :func:`receptor_map_figure`: the IL-6R : gp130 map;
* :func:`plot_agreement` / :func:`agreement_figure`: model vs seed, claim by cell;
* :func:`save_figure`: PNG and SVG.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

import contourpy
import numpy as np

from ..compare import conditions as _conditions
from ..compare.conditions import seed_dose_nM
from ..compare.verdicts import INDUCED_FOLD
from ..plotting import ROUTE_COLORS, SGP130FC_STYLE, check_formats, pyplot

CONDITION_STYLE = {
    "classic": dict(color=ROUTE_COLORS["classic"], ls="-", label="classic: IL-6 10 ng/mL"),
    "trans": dict(color=ROUTE_COLORS["trans"], ls="-", label="trans: IL-6 10 + sIL-6R 25 ng/mL"),
    "hyper": dict(color=ROUTE_COLORS["hyper"], ls="-", label="Hyper-IL-6 10 ng/mL"),
    "trans_sgp130Fc": dict(SGP130FC_STYLE["trans"], label="trans + sgp130Fc 500 ng/mL"),
    # orange dots, drawn last: visible on top of the classic line where sgp130Fc spares classic signalling
    "classic_sgp130Fc": dict(SGP130FC_STYLE["classic"], label="classic + sgp130Fc 500 ng/mL"),
}
AGREE_COLORS = {"yes": "#4daf4a", "partly": "#ffbf00", "no": "#e41a1c", "n/a": "#dddddd", "not modelled": "#bbbbbb"}
#: panel names where the observable's own name would be unclear (else plots.observable_text)
_OBS_NAME = {"SOCS3": "SOCS3 protein"}


def _obs_label(observable: str, fold: bool = False) -> str:
    """A time-course panel's title: the readout and its unit in words (:func:`readout_unit`), 'fold' for a fold
    change.

    >>> _obs_label("pSTAT3"), _obs_label("SOCS3"), _obs_label("CCL2_mRNA", fold=True)
    ('pSTAT3 (fraction of total STAT3)', 'SOCS3 protein (nM)', 'CCL2 mRNA (fold)')
    """
    from .plots import observable_text

    name = _OBS_NAME.get(observable, observable_text(observable))
    unit = "fold" if fold else readout_unit(observable)
    return f"{name} ({unit})" if unit else name


def plot_condition_course(ax, run, observable: str, *, fold: bool = False, t_max_min: float | None = None,
                          conditions: Sequence[str] = ("classic", "trans", "hyper", "trans_sgp130Fc",
                                                       "classic_sgp130Fc"), threshold: float | None = None):
    """One observable of one :class:`~il6sim.compare.CellRun` under each condition, time in hours."""
    t = run.times
    keep = t <= (t_max_min if t_max_min is not None else t[-1]) + 1e-9
    for c in conditions:
        y = run.fold(c, observable) if fold else run.series(c, observable)
        st = CONDITION_STYLE[c]
        ax.plot(t[keep] / 60.0, y[keep], color=st["color"], ls=st["ls"], lw=st.get("lw", 1.6), label=st["label"])
    if not fold:
        ax.plot(t[keep] / 60.0, run.series("untreated", observable)[keep], color="black", lw=0.8, alpha=0.5,
                label="untreated")
    if threshold is not None:
        ax.axhline(threshold, color="black", lw=0.7, ls=(0, (2, 2)), alpha=0.6)
    ax.set_title(_obs_label(observable, fold), fontsize=11)
    ax.set_xlabel("time (h)")
    ax.set_xlim(0, t[keep][-1] / 60.0)
    if fold:
        ys = np.concatenate([run.fold(c, observable)[keep] for c in conditions])
        ys = ys[np.isfinite(ys)]
        if ys.size:  # a knocked-out gene has no fold change (0/0): leave its axis as drawn
            _fold_axis(ax, float(ys.min()), float(ys.max()))
    ax.grid(alpha=0.25)
    return ax


_FOLD_STEPS = (1.0, 1.5, 2.0, 3.0, 5.0, 7.0)


def _fold_axis(ax, lo: float, hi: float) -> None:
    """Log fold-change axis whose ends are labelled ticks (1, 1.5, 2, 3, 5, 7 x 10^k; fewer on wide ranges)."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    lo = min(lo, 1.0) if math.isfinite(lo) and lo > 0 else 1.0
    hi = max(hi, 2.0) if math.isfinite(hi) else 2.0
    steps = _FOLD_STEPS if hi / lo <= 20 else (1.0, 2.0, 5.0)
    cand = [m * 10.0 ** k for k in range(int(math.floor(math.log10(lo))) - 1, int(math.ceil(math.log10(hi))) + 1)
            for m in steps]
    bottom = max(v for v in cand if v <= lo * 1.0001)
    top = min(v for v in cand if v >= hi / 1.0001)
    ticks = [v for v in cand if bottom <= v <= top]
    ax.set_yscale("log")
    ax.set_ylim(bottom / 1.04, top * 1.04)
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}x"))


def timecourse_figure(run, *, signal_hours: float = 6.0):
    """2 x 4 panels: signalling over ``signal_hours``, mRNA fold changes over 24 h."""
    plt = pyplot()
    fig, axes = plt.subplots(2, 4, figsize=(14, 8))
    fig.subplots_adjust(left=0.05, right=0.99, top=0.88, bottom=0.17, wspace=0.27, hspace=0.42)
    for ax, o in zip(axes[0], ("pSTAT3", "pAkt", "pERK", "SOCS3")):
        plot_condition_course(ax, run, o, t_max_min=signal_hours * 60)
    for ax, g in zip(axes[1], ("ICAM1", "CCL2", "CXCL8", "SOCS3")):
        plot_condition_course(ax, run, f"{g}_mRNA", fold=True, threshold=INDUCED_FOLD)
        for tt in (4, 24):
            ax.axvline(tt, color="black", lw=0.5, alpha=0.3)
        left, right = ax.get_xlim()
        ax.set_xlim(left, max(right, 25.0))  # the 24 h line inside the frame, not on its edge
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=11, frameon=False)
    fig.suptitle(f"{run.label}: seed conditions (signals 0-{signal_hours:g} h; mRNA fold vs untreated, 0-24 h; "
                 f"dotted line = {INDUCED_FOLD:g}x induction threshold;\ngrey vertical lines = the 4 h and 24 h "
                 "reads of the induced / not induced calls)", fontsize=12)
    return fig


_DR_COLORS = ["#1f77b4", "#d62728", "#9467bd", "#2ca02c", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
#: agonist curves in the colours of the time courses' conditions (CONDITION_STYLE)
AGONIST_STYLE = {"il6_classic": (CONDITION_STYLE["classic"]["color"], "-"),
                 "il6_sil6r_fixed": (CONDITION_STYLE["trans"]["color"], "-"),
                 "il6_sil6r_equimolar": (CONDITION_STYLE["trans"]["color"], "--"),  # trans too: dashed
                 "hyper_il6": (CONDITION_STYLE["hyper"]["color"], "-")}
#: inhibitors: one colour per drug (none of them a route's colour, so that no drug reads as classic, trans or
#: Hyper-IL-6 beside the agonist panel); solid against classic, dashed against trans
DRUG_COLORS = {"tocilizumab": "#1b9e77", "sarilumab": "#d95f02", "siltuximab": "#8c564b", "ruxolitinib": "#e7298a",
               "baricitinib": "#66a61e"}
#: natural (monomeric) sgp130 against trans: the trans colour, darker, so that it does not take the orange of
#: classic + sgp130Fc in the time courses
NATURAL_SGP130_COLOR = "#7f0000"


def plot_dose_response(ax, curves: Sequence, *, normalise: bool = False, title: str = "", legend_loc: str = "lower left",
                       styles: Sequence | None = None, labels: Sequence[str] | None = None,
                       legend_fontsize: float = 9.5, legend_gap: float = 0.13):
    """Dose-response curves (markers: simulated; lines: Hill fit; vertical ticks: EC50/IC50).

    ``styles``: one (colour, line style) per curve; default: a colour cycle, solid lines.
    ``labels``: one legend entry per curve; default: the curve, its cell and its EC50/IC50.
    ``legend_loc``: a matplotlib location inside the axes, "below" (under the x label, ``legend_gap`` axes
    heights under the axes) or "right" (outside the axes, to their right)."""
    for k, c in enumerate(curves):
        col, ls = styles[k] if styles is not None else (_DR_COLORS[k % len(_DR_COLORS)], "-")
        d = np.asarray(c.doses_nM)
        y = np.asarray(c.response)
        f = c.fit
        scale = (f.top if normalise and c.kind == "agonist" and f.top and math.isfinite(f.top) else 1.0)
        lab = (labels[k] if labels is not None
               else f"{c.label} [{c.cell}]: {'EC50' if c.kind == 'agonist' else 'IC50'} {c.value_text}")
        ax.plot(d, y / scale, "o", ms=3.5, color=col, alpha=0.8)
        if math.isfinite(f.ec50):
            xx = np.logspace(np.log10(d.min()), np.log10(d.max()), 200)
            yy = f.predict(xx)
            ax.plot(xx, yy / scale, ls=ls, color=col, lw=1.6, label=lab)
        else:
            ax.plot([], [], ls=ls, color=col, label=lab)
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
        ax.legend(fontsize=legend_fontsize, loc="upper center", bbox_to_anchor=(0.5, -legend_gap), frameon=False,
                  ncol=1)
    elif legend_loc == "right":
        ax.legend(fontsize=legend_fontsize, loc="center left", bbox_to_anchor=(1.04, 0.5), frameon=False)
    else:
        ax.legend(fontsize=legend_fontsize, loc=legend_loc, frameon=False)
    return ax


#: the dose-response figure's width (inches): the comparison report shows it at the page's width (~1100 px), so
#: its 10 pt text reads at ~13 px there
DOSE_RESPONSE_WIDTH_IN = 12.0


def dose_response_figure(pharm):
    """The pharmacology of a comparison in three panels on two rows: agonists (top left), sgp130Fc and natural
    sgp130 (top right), each with its key below it, and antibodies and JAK inhibitors (bottom left) with their
    key to the right."""
    plt = pyplot()
    cv = pharm.curves
    fig = plt.figure(figsize=(DOSE_RESPONSE_WIDTH_IN, 10.5))
    grid = fig.add_gridspec(2, 2, left=0.07, right=0.985, top=0.93, bottom=0.06, hspace=0.75, wspace=0.22)
    axes = [fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, 0])]
    key = dict(legend_fontsize=10, legend_gap=0.17)
    agonists = ("il6_classic", "il6_sil6r_fixed", "il6_sil6r_equimolar", "hyper_il6")
    plot_dose_response(axes[0], [cv[k] for k in agonists], styles=[AGONIST_STYLE[k] for k in agonists],
                       title=f"Agonists: pSTAT3 at 30 min (response above baseline)\n"
                             f"Hyper-IL-6 potency ratio = {pharm.potency_ratio:.0f}\n"
                             f"(equimolar IL-6 + sIL-6R / Hyper-IL-6)", legend_loc="below", **key)
    axes[0].set_ylabel(f"pSTAT3 response ({readout_unit('pSTAT3')})")
    axes[0].set_xlabel("agonist dose (nM; IL-6, or Hyper-IL-6)")
    decoys = [k for k, c in cv.items() if c.agent in ("sgp130Fc", "sgp130")]
    plot_dose_response(axes[1], [cv[k] for k in decoys], styles=[_decoy_style(k) for k in decoys],
                       title=f"sgp130Fc and natural sgp130 ({_conditions.SGP130FC_PREINCUBATION_MIN:g} min "
                             f"pre-incubation),\nseed stimuli; window IC50(classic)/IC50(trans):\n"
                             f"{pharm.sgp130fc_window_text}",
                       legend_loc="below", **key)

    d_seed = seed_dose_nM("sgp130Fc")
    axes[1].axvline(d_seed, color="black", lw=1.0, alpha=0.5)
    axes[1].text(d_seed, 1.12, " sgp130Fc seed dose 500 ng/mL", fontsize=10, va="center")
    axes[1].set_ylim(-0.05, 1.2)
    drug_min = _conditions.DRUG_PREINCUBATION_MIN  # the times the pharmacology simulated (its table's notes)
    drugs = [k for k in cv if k.split("_")[0] in DRUG_COLORS]
    drugs.sort(key=lambda k: (list(DRUG_COLORS).index(k.split("_")[0]), k))
    plot_dose_response(axes[2], [cv[k] for k in drugs],
                       styles=[(DRUG_COLORS[k.split("_")[0]], "--" if k.endswith("_trans") else "-") for k in drugs],
                       title=f"Antibodies and JAK inhibitors ({drug_min:g} min ahead;\nsiltuximab premixed "
                             f"{drug_min:g} min with IL-6)",
                       legend_loc="right", **key)
    axes[2].set_ylim(-0.05, 1.2)
    for ax in axes[1:]:
        ax.set_xlabel("inhibitor dose (nM)")
        ax.set_ylabel("fraction of the uninhibited response")
    for ax in axes:
        ax.title.set_fontsize(11)
    return fig


def readout_unit(observable: str) -> str:
    """An observable's unit in words for an axis: 'fraction of total STAT3' for pSTAT3 (unit 1), 'nM' for SOCS3,
    'a.u.' for an mRNA; '' for a name the model does not have."""
    from ..model.reference import reference_model

    o = reference_model().observable_map.get(observable)
    return "" if o is None else o.unit_words


def cell_dose_response_figure(curves: Sequence, *, cell: str, readout: str, time: str = "30 min", note: str = ""):
    """The curves of :func:`il6sim.compare.cell_dose_response` in one cell: agonists (the readout above the
    untreated cell) and inhibitors against IL-6 + sIL-6R (the fraction of the uninhibited response left), each
    with its Hill fit and EC50/IC50 (dotted); ``note``: a line under the title (e.g. the parameter values, when
    they are not the model's defaults)."""
    from ..compare.conditions import DRUG_PREINCUBATION_MIN, SGP130FC_PREINCUBATION_MIN
    from .plots import observable_text

    plt = pyplot()
    shown = observable_text(readout)  # 'SOCS3 mRNA', not the model's 'SOCS3_mRNA'
    fig, axes = plt.subplots(1, 2, figsize=(11.5, 6.8))
    fig.subplots_adjust(left=0.08, right=0.99, top=0.82 if note else 0.85, bottom=0.3, wspace=0.24)

    def legend(c) -> str:  # the readout and the inhibitors' stimulus are in the titles
        short = c.label.removesuffix(f" ({readout})") if c.kind == "agonist" else c.agent
        mass = c.mass_text()
        return f"{short}: {'EC50' if c.kind == 'agonist' else 'IC50'} {c.value_text}" + (f" ({mass})" if mass else "")

    agonists = [c for c in curves if c.kind == "agonist"]
    inhibitors = [c for c in curves if c.kind == "inhibitor"]
    per_cell = {"il6": "il6_classic"}  # the reference figure's key for the same curve
    plot_dose_response(axes[0], agonists, labels=[legend(c) for c in agonists], legend_loc="below",
                       styles=[AGONIST_STYLE.get(per_cell.get(c.key, c.key), (_DR_COLORS[k % len(_DR_COLORS)], "-"))
                               for k, c in enumerate(agonists)],
                       title=f"Agonists\n({shown} above the untreated cell)")
    unit = readout_unit(readout)
    axes[0].set_ylabel(f"{shown} above untreated" + (f" ({unit})" if unit else ""))
    axes[0].set_xlabel("agonist dose (nM; IL-6, or Hyper-IL-6)")
    plot_dose_response(axes[1], inhibitors, labels=[legend(c) for c in inhibitors], legend_loc="below",
                       styles=[_decoy_style(c.key) if c.agent in ("sgp130Fc", "sgp130")
                               else (DRUG_COLORS.get(c.agent, _DR_COLORS[k % len(_DR_COLORS)]), "--")
                               for k, c in enumerate(inhibitors)],
                       title=(f"Inhibitors against {inhibitors[0].stimulus}\n(sgp130Fc "
                              f"{SGP130FC_PREINCUBATION_MIN:g} min, antibodies {DRUG_PREINCUBATION_MIN:g} min ahead; "
                              f"siltuximab premixed {DRUG_PREINCUBATION_MIN:g} min)" if inhibitors else "Inhibitors"))
    axes[1].set_ylabel("fraction of the uninhibited response left")
    axes[1].set_xlabel("inhibitor dose (nM)")
    left = [v for c in inhibitors for v in np.asarray(c.response, float) if math.isfinite(v)]
    axes[1].set_ylim(min([-0.05] + [v - 0.05 for v in left]), max([1.2] + [v + 0.05 for v in left]))
    axes[1].axhline(0.5, color="black", lw=0.6, ls=(0, (2, 3)), alpha=0.5)
    for ax in axes:
        ax.set_title(ax.get_title(), fontsize=10.5, pad=8)
    fig.suptitle(f"Dose-response in {cell}: {shown} at {time}" + (f"\n{note}" if note else ""), fontsize=12)
    return fig


def _decoy_style(key: str) -> tuple[str, object]:
    """sgp130Fc / sgp130 curves: the classic colour against classic (line style by interference), the trans
    colour against trans (natural sgp130 dashed, in a darker red)."""
    if key.endswith("_trans"):
        return (CONDITION_STYLE["trans"]["color"], "-") if key.startswith("sgp130Fc") else (NATURAL_SGP130_COLOR, "--")
    ls = {"sgp130Fc_classic": "-", "sgp130Fc_classic_interference": "--"}.get(key, "-.")
    return CONDITION_STYLE["classic"]["color"], ls


MAP_LEVELS = (0.1, 0.5, 0.9)


def map_levels_drawn(rmap, levels: Sequence[float] = MAP_LEVELS) -> list[float]:
    """The contour levels that :func:`plot_receptor_map` can draw on this map: those the ratio crosses on the
    IL-6R > 0 part of the grid (a level outside the map's range has no line, so titles must not promise it)."""
    gen = _map_contours(rmap)
    return [] if gen is None else [lev for lev in levels if any(len(sg) >= 2 for sg in gen.lines(lev))]


def _map_contours(rmap):
    """Contour generator of the ratio (invalid values masked) over log IL-6R > 0 and log gp130; None when the
    grid is too small for lines. The figure and the captions both use it, so they name the same lines."""
    il6r = np.asarray(rmap.il6r, float)
    pos = il6r > 0
    if pos.sum() < 2 or len(rmap.gp130) < 2:
        return None
    z = np.ma.masked_invalid(np.asarray(rmap.ratio, float)[:, pos])
    return contourpy.contour_generator(np.log10(il6r[pos]), np.log10(np.asarray(rmap.gp130, float)), z)


def _log_edges(v: np.ndarray) -> np.ndarray:
    """Cell edges (log10) around increasing positive values: geometric midpoints, half a step outside."""
    lv = np.log10(v)
    if len(lv) == 1:
        return np.array([lv[0] - 0.25, lv[0] + 0.25])
    mid = (lv[1:] + lv[:-1]) / 2
    return np.concatenate([[lv[0] - (lv[1] - lv[0]) / 2], mid, [lv[-1] + (lv[-1] - lv[-2]) / 2]])


def _nice_ticks(lo: float, hi: float, steps=(1, 2, 5)) -> list[float]:
    """1-2-5 (or ``steps``) x 10^k values within [lo, hi]."""
    out = []
    for k in range(int(math.floor(math.log10(lo))), int(math.ceil(math.log10(hi))) + 1):
        out += [m * 10.0 ** k for m in steps if lo <= m * 10.0 ** k <= hi]
    return out


def _count(v: float) -> str:
    return f"{v:,.0f}"


def plot_receptor_map(ax, rmap, *, cmap: str = "viridis", levels: Sequence[float] = MAP_LEVELS):
    """Classic/trans AUC ratio on log IL-6R (x) and log gp130 (y) axes, presets marked; returns the mesh.

    Cells are drawn on their edges (geometric midpoints between grid values), so the numbered preset
    circles sit at their true IL-6R and gp130. IL-6R = 0 cannot sit on a log axis: it gets its own column,
    left of a gap and labelled 0. Contour lines at ``levels`` are interpolated in log IL-6R and log gp130.
    The preset key is written under the axes.
    """
    import matplotlib
    from matplotlib.colors import Normalize
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

    il6r = np.asarray(rmap.il6r, float)
    gp = np.asarray(rmap.gp130, float)
    r = np.ma.masked_invalid(rmap.ratio)
    pos = il6r > 0
    zero = ~pos
    cm = matplotlib.colormaps[cmap].with_extremes(bad="#cccccc")
    norm = Normalize(0, 1)
    ye = _log_edges(gp)
    xe = _log_edges(il6r[pos]) if pos.any() else np.array([1.0, 1.5])
    step = float(np.median(np.diff(xe)))
    gap = 0.3 * step
    zero_lo, zero_hi = xe[0] - gap - step, xe[0] - gap
    zero_x = 10 ** ((zero_lo + zero_hi) / 2)
    mesh = None
    if pos.any():
        mesh = ax.pcolormesh(10 ** xe, 10 ** ye, r[:, pos], cmap=cm, norm=norm, shading="flat")
    if zero.any():
        m0 = ax.pcolormesh(10 ** np.array([zero_lo, zero_hi]), 10 ** ye, r[:, zero][:, :1], cmap=cm, norm=norm,
                           shading="flat")
        mesh = mesh or m0
    ax.set_xscale("log")
    ax.set_yscale("log")
    x_lo = zero_lo if zero.any() else xe[0]
    ax.set_xlim(10 ** x_lo, 10 ** xe[-1])
    ax.set_ylim(10 ** ye[0], 10 ** ye[-1])
    ax.set_facecolor("white")
    # ticks: 0 for the zero column, decades (or 1-2-5) on the log part
    xt = _nice_ticks(10 ** xe[0], 10 ** xe[-1], steps=(1,) if xe[-1] - xe[0] > 2 else (1, 2, 5))
    ax.xaxis.set_major_locator(FixedLocator(([zero_x] if zero.any() else []) + xt))
    ax.set_xticklabels((["0"] if zero.any() else []) + [_count(v) for v in xt])
    ax.xaxis.set_minor_locator(FixedLocator(_nice_ticks(10 ** xe[0], 10 ** xe[-1], steps=range(1, 10))))
    ax.xaxis.set_minor_formatter(NullFormatter())
    yt = _nice_ticks(10 ** ye[0], 10 ** ye[-1])
    ax.yaxis.set_major_locator(FixedLocator(yt))
    ax.set_yticklabels([_count(v) for v in yt])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.tick_params(labelsize=8.5)
    ax.set_xlabel("IL-6R per cell (log scale; 0 in its own column)")
    ax.set_ylabel("gp130 per cell (log scale)")
    if zero.any():  # break marks on the x axis at the gap
        for yy in (0, 1):
            ax.plot([10 ** (xe[0] - gap * 0.8), 10 ** (xe[0] - gap * 0.2)], [yy, yy], color="white", lw=3,
                    transform=ax.get_xaxis_transform(), clip_on=False, zorder=5)
    # contour lines, interpolated in log-log space
    gen = _map_contours(rmap)
    if gen is not None:
        for lev in levels:
            colr = "white" if lev < 0.55 else "black"
            segs = [sg for sg in gen.lines(lev) if len(sg) >= 2]
            for sg in segs:
                ax.plot(10 ** sg[:, 0], 10 ** sg[:, 1], color=colr, lw=1.3, ls="-" if lev == 0.5 else "--")
            if segs:
                sg = max(segs, key=len)
                k = len(sg) // 2
                ax.text(10 ** sg[k, 0], 10 ** sg[k, 1], f"{lev:g}", fontsize=8, ha="center", va="center",
                        color=colr, bbox=dict(boxstyle="round,pad=0.15", fc=cm(norm(lev)), ec="none"))
    # presets
    groups: dict = {}
    for name, (il, g, ratio) in rmap.presets.items():
        groups.setdefault((il, g), []).append((name, ratio))
    key_lines = []
    for k, ((il, g), members) in enumerate(sorted(groups.items()), start=1):
        x = zero_x if il <= 0 else float(np.clip(il, 10 ** xe[0], 10 ** xe[-1]))
        y = float(np.clip(g, 10 ** ye[0], 10 ** ye[-1]))
        outside = (il > 0 and not 10 ** xe[0] <= il <= 10 ** xe[-1]) or not 10 ** ye[0] <= g <= 10 ** ye[-1]
        ax.plot(x, y, marker="o", ms=14, mfc="white", mec="red", mew=1.8, zorder=6)
        ax.text(x, y, str(k), ha="center", va="center", fontsize=8, color="red", fontweight="bold", zorder=7)
        names = ", ".join(n + (f" ({v:.2f})" if math.isfinite(v) else "") for n, v in members)
        key_lines.append(f"{k}  IL-6R {_count(il)}, gp130 {_count(g)}{' (outside the grid)' if outside else ''}: "
                         f"{names}")
    if key_lines:
        head = "Presets (number: IL-6R and gp130 per cell: preset names, with each preset's own ratio where simulated)"
        ax.annotate(head + "\n" + "\n".join(key_lines), xy=(0, 0), xycoords="axes fraction", xytext=(-40, -46),
                    textcoords="offset points", va="top", ha="left", fontsize=8.5, linespacing=1.5)
    return mesh


def receptor_map_figure(rmap):
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(10, 6.4))
    fig.subplots_adjust(left=0.1, right=0.97, top=0.88, bottom=0.12)
    mesh = plot_receptor_map(ax, rmap)
    fig.colorbar(mesh, ax=ax, label="classic / trans pSTAT3 AUC ratio", fraction=0.04, pad=0.02)
    drawn = map_levels_drawn(rmap)
    lines = (f"line{'s' if len(drawn) > 1 else ''} at ratio {', '.join(f'{v:g}' for v in drawn)}; " if drawn
             else "")
    ax.set_title(f"Share of the trans-group pSTAT3 response that classic signalling alone gives: AUC ratio "
                 f"classic / trans, 0-{rmap.window_min / 60:g} h\nIL-6R and gp130 varied on {rmap.base} "
                 f"(its other parameters kept); {lines}circles: cell presets (key below)", fontsize=10)
    return fig


def plot_agreement(ax, comparison, *, field: str = "agrees", labels: bool = True, legend: bool = True):
    """Claim x cell grid coloured by agreement (the worst row of each claim and cell: no < partly < yes).

    ``labels``: name the claims on the y axis; ``legend``: draw the colour key right of the axes."""
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
            ax.text(j, i, v.replace(" ", "\n"), ha="center", va="center", fontsize=9.5)
    ax.set_xlim(-0.5, len(cells) - 0.5)
    ax.set_ylim(len(claims) - 0.5, -0.5)
    rows = {r.claim: r.row for r in comparison.rows}
    ax.set_yticks(range(len(claims)), [f"{c} {rows[c]}" for c in claims] if labels else [], fontsize=10)
    ax.set_xticks(range(len(cells)), [c.replace(" / ", "/\n") for c in cells], fontsize=10, rotation=25,
                  ha="right")
    if legend:
        ax.legend(handles=[Patch(color=v, label=k) for k, v in AGREE_COLORS.items()], fontsize=10, frameon=False,
                  loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def _rect(x, y, color):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, color=color, ec="white", lw=1.5)


def agreement_figure(comparison):
    plt = pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.4))
    fig.subplots_adjust(left=0.19, right=0.88, top=0.92, bottom=0.22, wspace=0.14)
    plot_agreement(axes[0], comparison, field="agrees", legend=False)
    axes[0].set_title("Does the model reproduce the seed's claim?", fontsize=11)
    plot_agreement(axes[1], comparison, field="model_vs_literature", labels=False)
    axes[1].set_title("Does the model match the primary literature?", fontsize=11)
    fig.suptitle("Worst metric per claim and cell", fontsize=10, y=0.995)
    return fig


def save_figure(fig, directory: "str | Path", stem: str, formats: Sequence[str] = ("png", "svg"),
                dpi: int = 120, tight: bool = True) -> dict[str, Path]:
    """Write ``stem.png`` and ``stem.svg``; close the figure; return the paths by format.

    ``tight``: crop to the drawn content (nothing outside the axes, such as a key below them, is clipped).
    """
    formats = check_formats(formats)
    plt = pyplot()
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = {}
    bbox = None
    if tight:  # measured once for every format (bbox_inches="tight" would draw the figure twice per format)
        bbox = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.15)
    for fmt in formats:
        p = d / f"{stem}.{fmt}"
        fig.savefig(p, dpi=dpi, metadata={"Date": None} if fmt == "svg" else None, bbox_inches=bbox)
        out[fmt] = p
    plt.close(fig)
    return out
