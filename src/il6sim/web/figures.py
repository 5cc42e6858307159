"""Figures for the web pages, drawn with :mod:`il6sim.report` and returned as PNG (base64) and SVG text."""

from __future__ import annotations

import base64
import io
from typing import Any, Mapping, Sequence

import numpy as np

#: the rows of the blot's controls
TOTAL_ROW = "STAT3 (total)"
LOADING_ROW = "β-actin (loading control)"
#: widest figure (inches), whatever the number of lanes or groups
MAX_WIDTH_IN = 28.0


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def suptitle(fig, text: str, fontsize: float = 9) -> None:
    """The figure's title, each line broken to fit the figure's width: a long protocol name on a figure of few
    lanes or one readout was cut off at both edges."""
    import textwrap

    chars = max(30, int(fig.get_figwidth() * 72 / (0.6 * fontsize)))  # a character is about 0.6 em wide on average
    lines = [part for line in text.split("\n") for part in (textwrap.wrap(line, chars) or [""])]
    fig.suptitle("\n".join(lines), fontsize=fontsize)


def encode(fig, *, dpi: int = 110, formats: Sequence[str] = ("png", "svg"), tight: bool = False) -> dict[str, str]:
    """``{"png": base64, "svg": text}`` of a figure (the formats asked for), which is then closed.

    ``tight``: crop to what is drawn (an extra drawing pass; for figures that write outside their axes).
    """
    from ..plotting import literal_text

    plt = _plt()
    literal_text(fig)  # names from the request are drawn as written, never as mathtext
    out = {}
    bbox = "tight" if tight else None
    if "png" in formats:
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=dpi, bbox_inches=bbox)
        out["png"] = base64.b64encode(png.getvalue()).decode("ascii")
    if "svg" in formats:
        svg = io.StringIO()
        fig.savefig(svg, format="svg", bbox_inches=bbox)
        out["svg"] = svg.getvalue()
    plt.close(fig)
    return out


def blot_table(table, protocol):
    """The readout table plus a total-STAT3 row (sum of the cell's STAT3, when read) and a loading-control row.

    The loading control is a band of equal strength in every lane (equal loading is what it shows);
    the total-STAT3 row is the model's value, so a change in STAT3 synthesis would show.
    """
    import pandas as pd

    keys = ["group", "time_min"]
    lanes = table[keys].drop_duplicates()
    extra = []
    parts = [table[table["observable"] == o].set_index(keys)["value"] for o in ("STAT3_nucleus", "STAT3_cytoplasm")]
    if all(len(p) for p in parts):
        total = (parts[0] + parts[1]).reset_index()
        total["observable"] = TOTAL_ROW
        total["unit"] = "nM"
        extra.append(total)
    load = lanes.copy()
    load["observable"] = LOADING_ROW
    load["value"] = 1.0
    load["unit"] = "a.u."
    extra.append(load)
    return pd.concat([table[table["observable"].isin(protocol.observables)], *extra], ignore_index=True)


def values_line(parameter_set: str | None) -> str:
    """The title's line naming the parameter set the figure was run with ('' for the model's default values)."""
    return "" if parameter_set is None else f"\nvalues: the '{parameter_set}' parameter set (not the model's defaults)"


def blot_figure(protocol, table, parameter_set: str | None = None):
    """The virtual Western blot with its control rows; a blot of many lanes comes as stacked panels
    (:func:`il6sim.report.plots.western_blot_figure`). ``parameter_set``: the set it was run with, named in the
    title (None: the model's default values)."""
    from ..report.plots import WESTERN_DEFAULT, western_blot_figure

    _plt()
    tab = blot_table(table, protocol)
    phospho = [o for o in WESTERN_DEFAULT if o in protocol.observables]
    rows = phospho[:1] + ([TOTAL_ROW] if TOTAL_ROW in set(tab["observable"]) else []) + phospho[1:] + [LOADING_ROW]
    fig, axes = western_blot_figure(tab, rows, groups=list(protocol.groups), times=list(protocol.times_min),
                                    row_in=0.62, pad_w_in=2.4, pad_h_in=2.3, max_width_in=MAX_WIDTH_IN)
    in_nM = [r for r in rows if r in ("SOCS3", TOTAL_ROW)]  # the rows whose numbers are amounts, not fractions
    # the rows in nM kept in one piece (no-break spaces): wrapped, 'nM)' was left alone on the last line
    in_nm_text = f"({', '.join(in_nM).replace(TOTAL_ROW, 'total STAT3')}: nM)".replace(" ", "\u00a0")
    # the loading control's numbers (1.00 in every lane) are no fraction phosphorylated: the title says what they are
    numbers = ("; numbers: fraction phosphorylated" + (f" {in_nm_text}" if in_nM else "")
               + "; \u03b2-actin: 1.00\u00a0=\u00a0equal loading") if any(ax.texts for ax in axes) else ""
    suptitle(fig, f"Virtual Western blot: {protocol.name} (cell: {protocol.cell.label})\nband darkness relative to "
                  f"the strongest band of each row{' over all panels' if len(axes) > 1 else ''}{numbers}"
                  + values_line(parameter_set))
    return fig


def qpcr_figure(protocol, table, parameter_set: str | None = None):
    from ..report.plots import plot_qpcr_bars

    plt = _plt()
    rows = [o for o in protocol.observables if o.endswith("_mRNA")]
    if not rows:
        return None
    ncol = min(2, len(rows))
    nrow = int(np.ceil(len(rows) / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(min(5.0 * ncol + 0.35 * len(protocol.groups), MAX_WIDTH_IN),
                                                  3.4 * nrow + 0.5),
                             squeeze=False, layout="constrained")
    for ax, o in zip(axes.flat, rows):
        plot_qpcr_bars(ax, table, o, groups=list(protocol.groups), times=list(protocol.times_min))
    for ax in list(axes.flat)[len(rows):]:
        ax.set_visible(False)
    suptitle(fig, f"qPCR (model): mRNA fold change vs untreated cell; {protocol.name}" + values_line(parameter_set))
    return fig


def timecourse_figure(protocol, timecourses, units: Mapping[str, str], band=None):
    """Every observable's time courses; with ``band`` (an :class:`~il6sim.fitting.ensemble.UncertainResult`)
    each group's prediction band is shaded around its line.

    A course longer than 3 h is drawn in hours, where a fast readout (pSTAT3, pERK, pAkt: peaks at 10-20 min,
    gone within an hour or two) is a spike at the left edge: the figure then opens with a row of their first
    2 h in minutes (:func:`il6sim.report.plots.early_range`, as in ``il6sim run``'s figures), above the row(s)
    of every observable's whole course."""
    from ..report.plots import (FAST_READOUTS, LONG_COURSE_MIN, VERTICAL_LINES_NOTE, early_range, group_styles,
                                observable_text, plot_time_course)

    plt = _plt()
    obs = list(protocol.observables)
    t_hi = float(timecourses["time_min"].max())
    t_lo = float(timecourses["time_min"].min())
    hours = t_hi - t_lo > LONG_COURSE_MIN
    fast = [o for o in obs if o in FAST_READOUTS] if hours else []
    ncol = min(3, len(obs))
    early_rows, whole_rows = int(np.ceil(len(fast) / ncol)), int(np.ceil(len(obs) / ncol))
    nrow = early_rows + whole_rows
    fig, axes = plt.subplots(nrow, ncol, figsize=(4.3 * ncol + 1.6, 3.0 * nrow + 0.6), squeeze=False,
                             layout="constrained")
    steps = sorted({s.at_min for st in protocol.groups.values() for s in st})
    # each group drawn in its route's style, read from what it adds, as in `il6sim run` figures
    styles = group_styles(list(protocol.groups), protocol.groups)
    # panels: (axes, observable, early?); the whole courses start on a row of their own
    panels = ([(ax, o, True) for ax, o in zip(axes[:early_rows].flat, fast)]
              + [(ax, o, False) for ax, o in zip(axes[early_rows:].flat, obs)])
    for ax, o, early in panels:
        title = (f"{observable_text(o)}: first 2 h" if early else
                 f"{observable_text(o)}: whole course" if fast else None)
        plot_time_course(ax, timecourses, o, unit=units.get(o, ""), groups=list(protocol.groups),
                         t_range=early_range(t_lo, t_hi) if early else None,
                         time_unit="h" if hours and not early else "min", readout_times=protocol.times_min,
                         step_times=steps, title=title, legend=False,
                         bands=None if band is None else band.bands, styles=styles)
        ax.title.set_fontsize(10)
        ax.xaxis.label.set_fontsize(9)  # not smaller than the tick labels: the unit is read from it
        ax.yaxis.label.set_fontsize(9)
        ax.tick_params(labelsize=8.5)
    used = {id(ax) for ax, _, _ in panels}
    for ax in axes.flat:
        if id(ax) not in used:
            ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    if band is not None:
        from matplotlib.patches import Patch

        handles.append(Patch(facecolor="0.5", alpha=0.35, lw=0))
        labels.append("ensemble band")
    fig.legend(handles, labels, loc="outside right center", fontsize=8, frameon=False)
    suptitle(fig, f"Time courses: {protocol.name} (cell: {protocol.cell.label}); {VERTICAL_LINES_NOTE}"
             + ("" if band is None else f"\n{band.describe()}"))
    return fig


#: the results panel's figures
EXPERIMENT_FIGURES = ("western_blot", "qpcr", "timecourses")


def experiment_figures(protocol, table, timecourses, units: Mapping[str, str], *, only: str | None = None,
                       formats: Sequence[str] = ("png",), band=None,
                       parameter_set: str | None = None) -> dict[str, Any]:
    """The results panel's figures: ``western_blot`` (when a phospho readout is read), ``qpcr`` (when an mRNA
    is read), ``timecourses`` (with ``band``, its prediction band); ``only`` draws one of them.
    ``parameter_set``: the set the protocol was run with (the blot's and qPCR's titles name it; the time
    courses' title names the band's)."""
    from ..report.plots import WESTERN_DEFAULT

    out: dict[str, Any] = {}
    want = EXPERIMENT_FIGURES if only is None else (only,)
    if "western_blot" in want and any(o in protocol.observables for o in WESTERN_DEFAULT):
        out["western_blot"] = encode(blot_figure(protocol, table, parameter_set), formats=formats)
    if "qpcr" in want:
        q = qpcr_figure(protocol, table, parameter_set)
        if q is not None:
            out["qpcr"] = encode(q, formats=formats)
    if "timecourses" in want:
        out["timecourses"] = encode(timecourse_figure(protocol, timecourses, units, band), dpi=90, formats=formats)
    return out
