"""Figures of a virtual experiment: time courses, a virtual Western blot, qPCR bar charts.

Each ``plot_*`` function takes a matplotlib ``Axes`` and returns it (ax in,
ax out), so callers compose figures as they like. :func:`save_protocol_figures`
composes the standard set for a :class:`~il6sim.protocols.ProtocolResult` and
writes PNG and SVG files. Matplotlib is used with the non-interactive Agg
backend; nothing is shown on screen.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> from il6sim.protocols import run_protocol
>>> res = run_protocol("seed:trans_huvec")
>>> fig, ax = plt.subplots()
>>> ax = plot_time_course(ax, res.timecourses, "pSTAT3", unit="1")
>>> plt.close(fig)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import InputError
from ..plotting import OTHER_COLORS, ROUTE_COLORS, SGP130FC_STYLE, check_formats, literal_text, pyplot
from ..validate import did_you_mean

#: what the vertical lines of a protocol's time courses mark (group lines may be dashed or dotted too)
VERTICAL_LINES_NOTE = "vertical lines: dashed = stimulation (t = 0), dotted = steps, grey = readout times"
#: readouts that peak within minutes and are back near their resting level within about an hour or two: on an
#: axis of a day they are a spike at its left edge, so their figures add a panel of the first hours
FAST_READOUTS = ("pSTAT3", "pAkt", "pERK", "pSTAT3_nuclear", "pSTAT3_cytoplasm")
#: the early panel: from EARLY_LEAD_MIN before stimulation (or the course's start, if later) to EARLY_END_MIN
EARLY_END_MIN = 120.0
EARLY_LEAD_MIN = 15.0
#: courses longer than this (min, pretreatment included) get the early panel next to the whole course
LONG_COURSE_MIN = 180.0
#: least room (fraction of the time range) between a step's dotted line and the end of the axis, so that a
#: step at the start of a course is not drawn on the spine
STEP_MARGIN = 0.015


def early_range(t_lo: float, t_hi: float) -> tuple[float, float]:
    """The time range (min) of a time course's early panel: the first 2 h after stimulation, with 15 min before it.

    A pretreatment hours before stimulation stays in the whole-course panel: in the early one it would take
    the width the first minutes after stimulation need (a step at -24 h left them a sliver at the right edge).

    >>> early_range(-1440.0, 1440.0), early_range(-5.0, 1440.0), early_range(0.0, 90.0)
    ((-15.0, 120.0), (-5.0, 120.0), (0.0, 90.0))
    """
    return max(t_lo, -EARLY_LEAD_MIN), min(EARLY_END_MIN, t_hi)


#: observables drawn on the virtual Western blot when present (phospho signals first)
WESTERN_DEFAULT = ("pSTAT3", "pAkt", "pERK", "pSTAT3_nuclear", "SOCS3")
_LABELS = {
    "pSTAT3": "pSTAT3 (Y705)", "pAkt": "pAkt (S473)", "pERK": "pERK1/2", "pSTAT3_nuclear": "nuclear pSTAT3",
    "SOCS3": "SOCS3",
}
#: how observables read in figure titles and axis labels (file names and table columns keep the model's names)
_OBSERVABLE_TEXT = {
    "pSTAT3_nuclear": "nuclear pSTAT3", "pSTAT3_cytoplasm": "cytoplasmic pSTAT3", "STAT3_nucleus": "nuclear STAT3",
    "STAT3_cytoplasm": "cytoplasmic STAT3", "SOCS3_per_cell": "SOCS3 per cell", "active_JAK1": "active JAK1",
    "surface_IL6R": "surface IL-6R", "surface_gp130": "surface gp130", "gp130_total": "total gp130",
    "bound_IL6_per_cell": "bound IL-6 per cell", "sIL6R": "sIL-6R", "free_IL6": "free IL-6",
    "IL6_sIL6R": "IL-6:sIL-6R", "classic_complexes": "classic complexes", "trans_complexes": "trans complexes",
}


def observable_text(name: str) -> str:
    """An observable as a figure names it: ``SOCS3_mRNA`` -> ``SOCS3 mRNA``, ``surface_IL6R`` -> ``surface IL-6R``.

    >>> observable_text("SOCS3_mRNA"), observable_text("surface_IL6R"), observable_text("pSTAT3")
    ('SOCS3 mRNA', 'surface IL-6R', 'pSTAT3')
    """
    if name in _OBSERVABLE_TEXT:
        return _OBSERVABLE_TEXT[name]
    return name[:-len("_mRNA")] + " mRNA" if name.endswith("_mRNA") else name


def format_time(t_min: float) -> str:
    """``15 min``, ``1 h``, ``90 min``, ``4 h``, ``2 h 15 min``, ``2 d`` (compact labels for lanes and bars).

    Times are written as a lab's protocol writes them: minutes below 1 h, whole hours from 1 h on in hours
    (``1 h``, not ``60 min``), other times below 2 h in minutes (``90 min``), and from 2 h on other whole
    minutes as hours and minutes, so that one list of times reads in one way (``2 h``, ``2 h 15 min``, ``4 h``,
    not ``135 min`` or ``8.25 h``). Whole days from 2 d on are written in days.

    >>> format_time(15), format_time(60), format_time(90), format_time(240), format_time(2880), format_time(135)
    ('15 min', '1 h', '90 min', '4 h', '2 d', '2 h 15 min')
    """
    if t_min != 0 and abs(t_min) % 1440 == 0 and abs(t_min) >= 2880:
        return f"{t_min / 1440:g} d"
    if t_min != 0 and abs(t_min) % 60 == 0:
        return f"{t_min / 60:g} h"
    if abs(t_min) >= 120 and float(t_min).is_integer():
        hours, minutes = divmod(int(abs(t_min)), 60)
        return f"{'-' if t_min < 0 else ''}{hours} h {minutes} min"
    if abs(t_min) >= 180:
        return f"{t_min / 60:.3g} h"
    return f"{t_min:g} min"


#: narrowest lane or bar (inches) under which a value is printed (6.5 pt text, about four characters)
MIN_VALUE_WIDTH_IN = 0.3
#: narrowest qPCR bar (inches) over which its value is printed (values of neighbouring bars sit at different heights)
MIN_BAR_VALUE_WIDTH_IN = 0.12
#: narrowest lane (inches) that takes a time label of its own (8 pt text, rotated)
MIN_LABEL_WIDTH_IN = 0.14
#: most readout times listed in a qPCR legend; more are drawn as a time colour bar
MAX_LEGEND_TIMES = 8


def _axes_width_in(ax) -> float:
    """The width of ``ax`` in inches (its place in the figure before the layout engine adjusts it)."""
    return float(ax.get_position().width * ax.figure.get_size_inches()[0])


def _label_every(width_in: float) -> int:
    """Label every k-th lane so that labels of width ``MIN_LABEL_WIDTH_IN`` do not overlap."""
    return max(1, int(np.ceil(MIN_LABEL_WIDTH_IN / max(width_in, 1e-9))))


_CONTROL_NAME = re.compile(r"(?i)\s*(control|untreated|vehicle|ctrl|mock)\s*")
#: the seed comparison's group names (``compare.conditions``): route and added blocker
_SEED_GROUPS = {"classic": ("classic", ()), "trans": ("trans", ()), "hyper": ("hyper", ()),
                "hyper-il-6": ("hyper", ()), "classic_sgp130fc": ("classic", ("sgp130Fc",)),
                "trans_sgp130fc": ("trans", ("sgp130Fc",))}
#: stimulus species and the route they make (Hyper-IL-6 first: it is trans-signalling on its own)
_STIMULI = ("HyIL6", "IL6", "sIL6R")
#: line styles of a route with an added agent other than the seed's sgp130Fc
_MODIFIED_LS = ("-.", (0, (5, 1.5, 1, 1.5, 1, 1.5)), (0, (3, 1.2)), (0, (1, 1)))


def route_of(steps) -> tuple[str | None, tuple[str, ...], float]:
    """``(route, other agents and settings, stimulus dose in nM)`` of one group's protocol steps.

    The route follows the stimulus added: Hyper-IL-6 -> ``"hyper"``, IL-6 with sIL-6R -> ``"trans"``, IL-6
    alone -> ``"classic"``, none -> ``None``. Everything else added (inhibitors, decoys) and every parameter set
    is listed, so that a route with a drug is told apart from the route alone.
    """
    adds = [s for s in steps if s.action == "add"]
    species = {s.species for s in adds}
    route = ("hyper" if "HyIL6" in species else "trans" if {"IL6", "sIL6R"} <= species
             else "classic" if "IL6" in species else None)
    others = sorted({s.agent for s in adds if s.species not in _STIMULI}
                    | {f"{s.parameter}={s.value:g}" for s in steps if s.action == "set"})
    if route is None and "sIL6R" in species:
        others = sorted(set(others) | {"sIL-6R"})
    dose = sum(s.dose_nM for s in adds if s.species in ("IL6", "HyIL6"))
    return route, tuple(others), dose


def _shade(color, t: float):
    """``color`` mixed with white (t < 0) or black (t > 0) by ``|t|``."""
    from matplotlib.colors import to_rgb

    c = np.array(to_rgb(color))
    return tuple(c + (1 - c) * -t if t < 0 else c * (1 - t))


def group_styles(groups: Sequence[str], steps=None) -> dict[str, dict[str, Any]]:
    """Colour, line style and drawing order (``color``, ``ls``, ``zorder``) of each group's line.

    Routes keep one colour in every figure (:data:`il6sim.plotting.ROUTE_COLORS`: classic blue, trans red,
    Hyper-IL-6 purple), and the seed's sgp130Fc conditions the styles of the comparison's time courses. With
    ``steps`` (group -> protocol steps, e.g. ``Protocol.groups``) a group's route is read from what it adds;
    without, from its name (the seed comparison's names: classic, trans, hyper, trans_sgp130Fc,
    classic_sgp130Fc). Several groups of one route with the same additions (a dose series) get shades of
    the route's colour, lighter for lower doses. Groups of one route that differ in when things happen (a
    second stimulation, a wash, another time) get shades in their listed order and each its own line style,
    so that they can be told apart. A group without any step or named like 'control' is black;
    other groups (e.g. sIL-6R alone) take colours that belong to no route. Dotted and dashed lines are drawn
    over solid ones, so a line that runs on another one stays visible.
    """
    out: dict[str, dict[str, Any]] = {}
    buckets: dict[tuple, list[tuple[float, int, str]]] = {}
    n_other = 0
    for k, g in enumerate(groups):
        st = None if steps is None else steps.get(g)
        if _CONTROL_NAME.fullmatch(str(g)) or (st is not None and not len(st)):
            out[g] = dict(color="black", ls="-", zorder=2.0)
            continue
        if st is not None:
            route, others, dose = route_of(st)
        else:
            route, others = _SEED_GROUPS.get(str(g).strip().lower(), (None, ()))
            dose = 0.0
        if route is None:
            out[g] = dict(color=OTHER_COLORS[n_other % len(OTHER_COLORS)],
                          ls=("-", "--", "-.", ":")[(n_other // len(OTHER_COLORS)) % 4], zorder=2.0)
            n_other += 1
            continue
        buckets.setdefault((route, others), []).append((dose, k, g))
    modified = [key for key in buckets if key[1] and not (key[1] == ("sgp130Fc",) and key[0] in SGP130FC_STYLE)]
    for (route, others), members in buckets.items():
        if not others:
            base = dict(color=ROUTE_COLORS[route], ls="-", zorder=2.0)
        elif others == ("sgp130Fc",) and route in SGP130FC_STYLE:
            base = dict(SGP130FC_STYLE[route], zorder=2.6)
        else:
            base = dict(color=ROUTE_COLORS[route], ls=_MODIFIED_LS[modified.index((route, others)) % len(_MODIFIED_LS)],
                        zorder=2.4)
        n = len(members)
        schedules = {_schedule(steps.get(g)) for _, _, g in members} if steps is not None else set()
        if len(schedules) > 1:  # not a dose series: shades alone would hardly tell the lines apart
            members.sort(key=lambda m: m[1])
            others_ls = [ls for ls in _SCHEDULE_LS if ls != base["ls"]]
            for i, (_, _, g) in enumerate(members):
                t = -0.45 + 0.85 * i / (n - 1)
                ls = base["ls"] if i == 0 else others_ls[(i - 1) % len(others_ls)]
                out[g] = dict(base, color=_shade(base["color"], t), ls=ls, zorder=base["zorder"] + 0.01 * i)
            continue
        members.sort()
        for i, (_, _, g) in enumerate(members):
            t = 0.0 if n == 1 else -0.45 + 0.85 * i / (n - 1)
            out[g] = dict(base, color=_shade(base["color"], t))
    return {g: out[g] for g in groups}


#: line styles of groups of one route that differ in timing (the first keeps the route's own style)
_SCHEDULE_LS = ("-", "--", "-.", ":", (0, (5, 1.5, 1, 1.5, 1, 1.5)), (0, (8, 2)))


def _schedule(steps) -> tuple:
    """What a group does and when, without the doses: equal for the groups of a dose series."""
    return tuple(sorted((s.at_min, s.action, s.species or s.agent, s.parameter) for s in steps or ()))


def group_colors(groups: Sequence[str], steps=None) -> dict[str, Any]:
    """One colour per group (see :func:`group_styles`): a route's colour for its groups, black for controls."""
    return {g: st["color"] for g, st in group_styles(groups, steps).items()}


def fold_text(v: float) -> str:
    """A fold change as printed over a qPCR bar: two significant digits, whole numbers from 10 (no exponent).

    >>> [fold_text(v) for v in (0.0432, 1.0, 1.46, 11.4, 244.3, 1530.0)]
    ['0.043', '1', '1.5', '11', '244', '1530']
    """
    return f"{v:.0f}" if abs(v) >= 10 else f"{v:.2g}"


def unit_label(observable: str, unit: str) -> str:
    """An axis's unit in words, by the rule the tables use (:func:`il6sim.protocols.runner.unit_in_words`):
    'fraction of total STAT3' for pSTAT3's '1'; a fraction the model does not name is a 'fraction'.

    >>> unit_label("pSTAT3", "1"), unit_label("SOCS3", "nM"), unit_label("not_in_model", "1")
    ('fraction of total STAT3', 'nM', 'fraction')
    """
    from ..protocols.runner import unit_in_words

    words = unit_in_words(observable, unit)
    return "fraction" if words == "1" else words


def _check_readouts(names: Sequence[str], available: Sequence[str], what: str) -> None:
    """InputError naming each of ``names`` that the table does not hold (with the near name and those it has)."""
    for n in names:
        if n not in available:
            raise InputError(f"{what}: no readout {n!r} in this table{did_you_mean(n, available)} (it has: "
                             f"{', '.join(map(str, available))})")


_LONG = ("group", "observable", "time_min", "value")  # a readout table (ProtocolResult.table)
_WIDE = ("group", "time_min")  # a time-course frame (ProtocolResult.timecourses): one column per observable


def _check_frame(frame: Any, kind: str, what: str) -> None:
    """InputError unless ``frame`` is the DataFrame a panel helper draws: ``kind`` "table" (long readout
    table, ``res.table``) or "timecourses" (wide, ``res.timecourses``); says which to pass instead."""
    attr = "table" if kind == "table" else "timecourses"
    columns = getattr(frame, "columns", None)
    if columns is None:
        got = (f"a {type(frame).__name__}; pass its .{attr}" if hasattr(frame, "table") and hasattr(frame, attr)
               else type(frame).__name__)
        raise InputError(f"{what}: expected a DataFrame such as res.{attr} of run_protocol (got {got})")
    need = _LONG if kind == "table" else _WIDE
    missing = [c for c in need if c not in columns]
    if kind == "timecourses" and "observable" in columns:
        missing = missing or ["one column per observable"]
    if missing:
        got = ("the time courses (one column per observable)" if kind == "table" and "time_min" in columns
               and "observable" not in columns
               else "a readout table (one row per readout)" if kind == "timecourses" and "observable" in columns
               else f"a table without {', '.join(missing)}")
        raise InputError(f"{what}: expected res.{attr} of run_protocol (got {got})")


def plot_time_course(ax, timecourses, observable: str, *, unit: str = "", groups: Sequence[str] | None = None,
                     t_range: tuple[float, float] | None = None, time_unit: str = "min",
                     readout_times: Sequence[float] = (), step_times: Sequence[float] = (),
                     title: str | None = None, legend: bool = True, bands=None, styles=None):
    """Time courses of one observable, the groups overlaid (with a shaded band per group if given).

    Parameters
    ----------
    ax
        Matplotlib axes to draw on.
    timecourses
        DataFrame with ``group``, ``time_min`` and a column named ``observable``.
    observable, unit
        What to draw and its unit (for the y label; default: the frame's ``attrs["units"]``, which
        :attr:`~il6sim.protocols.ProtocolResult.timecourses` carries).
    groups
        Which groups, in order (default: all, in table order).
    t_range
        ``(start, end)`` in min; default the whole course.
    time_unit
        ``"min"`` or ``"h"`` for the x axis.
    readout_times
        Drawn as light vertical lines (the protocol's readout times, min).
    step_times
        Drawn as dotted vertical lines (times of the steps, min).
    bands
        Optional DataFrame with ``group``, ``time_min``, ``observable``, ``lower``, ``upper`` (e.g.
        :attr:`il6sim.fitting.ensemble.UncertainResult.bands`): each group's band is shaded in the group's
        color behind its line.
    styles
        Group -> line style (``color``, ``ls``, optional ``lw`` and ``zorder``); default
        :func:`group_styles` of the group names.

    Returns
    -------
    Axes
    """
    _check_frame(timecourses, "timecourses", "plot_time_course")
    _check_readouts([observable], [c for c in timecourses.columns if c not in ("group", "time_min")],
                    "plot_time_course")
    unit = unit or getattr(timecourses, "attrs", {}).get("units", {}).get(observable, "")
    groups = list(groups) if groups is not None else list(dict.fromkeys(timecourses["group"]))
    styles = {**group_styles(groups), **(styles or {})}
    colors = {g: styles[g]["color"] for g in groups}
    scale = 60.0 if time_unit == "h" else 1.0
    lo, hi = t_range if t_range is not None else (float(timecourses["time_min"].min()),
                                                   float(timecourses["time_min"].max()))
    band_obs = bands[bands["observable"] == observable] if bands is not None else None
    for g in groups:
        if band_obs is not None:
            b = band_obs[band_obs["group"] == g]
            tb = b["time_min"].to_numpy(float)
            kb = (tb >= lo) & (tb <= hi)
            if kb.any():
                ax.fill_between(tb[kb] / scale, b["lower"].to_numpy(float)[kb], b["upper"].to_numpy(float)[kb],
                                color=colors[g], alpha=0.25, lw=0, label=f"_band {g}")
        d = timecourses[timecourses["group"] == g]
        t = d["time_min"].to_numpy(float)
        keep = (t >= lo) & (t <= hi)
        st = styles[g]
        ax.plot(t[keep] / scale, d[observable].to_numpy(float)[keep], color=st["color"], lw=st.get("lw", 1.8),
                ls=st.get("ls", "-"), zorder=st.get("zorder", 2.0), label=str(g))
    for t in readout_times:
        if lo <= t <= hi:
            ax.axvline(t / scale, color="0.85", lw=0.8, zorder=0)
    for t in step_times:
        if lo <= t <= hi:
            ax.axvline(t / scale, color="0.45", lw=0.8, ls=":", zorder=0)
    if lo <= 0 <= hi:
        ax.axvline(0, color="0.3", lw=0.9, ls="--", zorder=0)
    # a step at or next to the start or end of the range (a pre-incubation that opens the course, 5 min after
    # it starts) would sit on the axis spine, unseen: the axis then reaches STEP_MARGIN of the range beyond it
    pad = STEP_MARGIN * (hi - lo)
    in_range = [t for t in step_times if lo <= t <= hi]
    x_lo = min([lo, *(t - pad for t in in_range)])
    x_hi = max([hi, *(t + pad for t in in_range)])
    ax.set_xlim(x_lo / scale, x_hi / scale)
    ax.set_xlabel(f"time after stimulation ({time_unit})")
    shown = observable_text(observable)
    ax.set_ylabel(f"{shown} ({unit_label(observable, unit)})" if unit else shown)
    ax.set_title(title if title is not None else shown)
    ax.grid(True, alpha=0.25)
    if legend:
        ax.legend(fontsize=8, frameon=False)
    return ax


def plot_western_blot(ax, table, observables: Sequence[str] | None = None, *, groups: Sequence[str] | None = None,
                      times: Sequence[float] | None = None, show_values: bool | None = None,
                      row_max: Mapping[str, float] | None = None, group_labels: Sequence[str] | None = None):
    """A virtual Western blot: one row per observable, one lane per group and time.

    Band darkness is the readout value divided by the largest value of its row
    (as if each blot were exposed to its strongest band); the numbers under
    the bands are the values themselves (for pSTAT3, pAkt, pERK the
    phosphorylated fraction of the total protein). A blot of many lanes is
    best drawn as stacked panels: :func:`western_blot_figure`.

    Parameters
    ----------
    ax
        Matplotlib axes.
    table
        The tidy readout table (``group, observable, time_min, value, ...``).
    observables
        Rows (default: those of :data:`WESTERN_DEFAULT` present in the table).
    groups, times
        Lanes (default: all groups and readout times of the table).
    show_values
        Print each band's value under it (default: when a lane is at least
        :data:`MIN_VALUE_WIDTH_IN` wide, so that the numbers do not run into
        each other). Where lanes are too narrow for a label each, every k-th
        time is labelled, the same times in every group.
    row_max
        Observable -> the value drawn as the darkest band of its row (default:
        the row's largest value in these lanes). Panels of one blot share it
        (:func:`blot_row_max`), so that their bands can be compared.
    group_labels
        The text over each group's lanes (default: the group names).

    Returns
    -------
    Axes
    """
    _check_frame(table, "table", "plot_western_blot")
    present = list(dict.fromkeys(table["observable"]))
    if isinstance(observables, str):  # one name, not its letters
        observables = [observables]
    if observables is not None:
        _check_readouts(observables, present, "plot_western_blot")
    rows = list(observables) if observables is not None else [o for o in WESTERN_DEFAULT if o in present]
    groups = list(groups) if groups is not None else list(dict.fromkeys(table["group"]))
    times = list(times) if times is not None else sorted(set(table["time_min"]))
    lanes = [(g, t) for g in groups for t in times]
    n_l, n_r = len(lanes), len(rows)
    px_l, px_r = 40, 36  # pixels per lane and per row
    img = np.full((max(n_r, 1) * px_r, max(n_l, 1) * px_l), 0.06)
    xs = np.arange(px_l) - (px_l - 1) / 2
    ys = np.arange(px_r) - (px_r - 1) / 2
    shape = np.exp(-(np.abs(xs) / (0.36 * px_l)) ** 8)[None, :] * np.exp(-(ys / (0.11 * px_r)) ** 2)[:, None]
    lookup = {(r.group, r.observable, float(r.time_min)): r.value for r in table.itertuples(index=False)}
    values = np.full((n_r, n_l), np.nan)
    for i, o in enumerate(rows):
        for j, (g, t) in enumerate(lanes):
            values[i, j] = lookup.get((g, o, float(t)), np.nan)
        if row_max is not None and o in row_max:
            top = float(row_max[o])
        else:
            top = np.nanmax(values[i]) if np.any(np.isfinite(values[i])) else np.nan
        for j in range(n_l):
            v = values[i, j]
            inten = 0.0 if not (np.isfinite(v) and np.isfinite(top) and top > 0) else max(v, 0.0) / top
            img[i * px_r:(i + 1) * px_r, j * px_l:(j + 1) * px_l] += 0.92 * inten * shape
    ax.imshow(np.clip(img, 0, 1), cmap="gray_r", vmin=0, vmax=1, aspect="auto", interpolation="bilinear",
              extent=(0, n_l, n_r, 0))
    lane_in = _axes_width_in(ax) / max(n_l, 1)
    if show_values is None:
        show_values = lane_in >= MIN_VALUE_WIDTH_IN
    if show_values:
        for i in range(n_r):
            for j in range(n_l):
                v = values[i, j]
                txt = "n/a" if not np.isfinite(v) else f"{v:.2f}" if abs(v) < 10 else f"{v:.3g}"
                ax.text(j + 0.5, i + 0.9, txt, ha="center", va="bottom", fontsize=6.5, color="0.25")
    ax.set_yticks(np.arange(n_r) + 0.5)
    ax.set_yticklabels([_LABELS.get(o, o) for o in rows], fontsize=9)
    ax.set_xticks(np.arange(n_l) + 0.5)
    every = _label_every(lane_in)
    index = {t: k for k, t in enumerate(times)}
    ax.set_xticklabels([format_time(t) if index[t] % every == 0 else "" for _, t in lanes], rotation=90, fontsize=8)
    ax.tick_params(length=0)
    for k in range(1, len(groups)):
        ax.axvline(k * len(times), color="white", lw=3)
    top = ax.secondary_xaxis("top")
    top.set_xticks([(k + 0.5) * len(times) for k in range(len(groups))])
    names, size = _fit_labels([str(g) for g in (groups if group_labels is None else group_labels)],
                              ax.figure, lane_in * len(times))
    top.set_xticklabels(names, fontsize=size, fontweight="bold")
    top.tick_params(length=0)
    ax.set_xlabel("lane: time after stimulation" + (f" (one lane in {every} labelled)" if every > 1 else "")
                  + ("" if show_values or n_r == 0 else "; lanes too narrow for values: see the table"))
    return ax


def _fit_labels(labels: Sequence[str], fig, width_in: float, fontsize: float = 9, smallest: float = 6.5
                ) -> tuple[list[str], float]:
    """Group labels that each fit over their lanes (``width_in`` wide): as they are where all fit, else broken
    between words into lines, in a smaller font (down to ``smallest``) where a word is still too wide; so that
    the labels of a dose series (one lane per group, 'IL-6 10 pg/mL') do not run into each other."""
    import textwrap

    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    room = 0.92 * width_in * fig.dpi

    def width(text: str, size: float) -> float:
        font = FontProperties(size=size, weight="bold")
        return max(renderer.get_text_width_height_descent(line, font, ismath=False)[0] for line in text.split("\n"))

    if all(width(t, fontsize) <= room for t in labels):
        return list(labels), fontsize
    size = fontsize
    while True:
        chars = max(4, int(room / (0.62 * size * fig.dpi / 72)))  # a bold character is about 0.62 em wide
        broken = ["\n".join(textwrap.wrap(t, chars, break_long_words=False, break_on_hyphens=False)) or t
                  for t in labels]
        fits = all(width(t, size) <= room for t in broken)
        if fits or size <= smallest:
            return broken, size
        size = max(smallest, size - 0.5)


#: most lanes in one panel of a virtual Western blot; a blot of more lanes is drawn as stacked panels
MAX_BLOT_LANES = 16
#: height (inches) of a stacked blot panel's lane and group labels, beside that of its rows
BLOT_PANEL_LABELS_IN = 1.5


def blot_panels(groups: Sequence[str], times: Sequence[float], max_lanes: int = MAX_BLOT_LANES
                ) -> list[tuple[list[str], list[float]]]:
    """How the lanes of a blot (each group's readout times, group after group) are split into stacked panels.

    Each panel is ``(groups, times)``, its lanes each of its groups at each of its times. A blot of at most
    ``max_lanes`` lanes is one panel. Otherwise panels break between groups, so that a group's time series
    stays together, as few panels as fit and as many groups on each as can be (the upper panels take one
    more where they cannot be equal); only a group of more than ``max_lanes`` times is split, into panels
    of about equal length.

    >>> blot_panels(["a", "b", "c"], [15, 60])
    [(['a', 'b', 'c'], [15, 60])]
    >>> [g for g, _ in blot_panels(list("abcdefg"), range(5))]
    [['a', 'b', 'c'], ['d', 'e'], ['f', 'g']]
    >>> [(g, t) for g, t in blot_panels(["a"], list(range(5)), max_lanes=4)]
    [(['a'], [0, 1, 2]), (['a'], [3, 4])]
    """
    groups, times = list(groups), list(times)
    if max_lanes < 1:
        raise ValueError(f"max_lanes must be at least 1 (got {max_lanes})")
    if len(groups) * len(times) <= max_lanes:
        return [(groups, times)]
    if len(times) <= max_lanes:
        return [(part, times) for part in _even_parts(groups, -(-len(groups) // (max_lanes // len(times))))]
    return [([g], part) for g in groups for part in _even_parts(times, -(-len(times) // max_lanes))]


def _even_parts(items: list, n: int) -> list[list]:
    """``items`` in ``n`` consecutive parts whose lengths differ by at most one, the longer ones first."""
    size, extra = divmod(len(items), n)
    bounds = np.cumsum([0] + [size + (k < extra) for k in range(n)])
    return [items[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def blot_row_max(table, observables: Sequence[str], groups: Sequence[str], times: Sequence[float]
                 ) -> dict[str, float]:
    """Each observable's largest value over the given lanes (NaN where it has none): the darkest band of its row."""
    lanes = {(g, float(t)) for g in groups for t in times}
    out = {}
    for o in observables:
        v = [float(r.value) for r in table[table["observable"] == o].itertuples(index=False)
             if (r.group, float(r.time_min)) in lanes and np.isfinite(r.value)]
        out[o] = max(v) if v else float("nan")
    return out


def western_blot_figure(table, observables: Sequence[str], *, groups: Sequence[str], times: Sequence[float],
                        lane_in: float = 0.55, row_in: float = 0.75, pad_w_in: float = 2.0, pad_h_in: float = 2.4,
                        min_width_in: float = 6.5, max_width_in: float | None = None,
                        max_lanes: int = MAX_BLOT_LANES):
    """A figure of the virtual Western blot (:func:`plot_western_blot`); ``(figure, axes)``.

    A blot of up to ``max_lanes`` lanes is one panel, ``lane_in`` wide per lane plus ``pad_w_in`` (at least
    ``min_width_in``, at most ``max_width_in``) and ``row_in`` high per row plus ``pad_h_in``. A wider blot is
    drawn as panels stacked one under the other (:func:`blot_panels`), so that the figure stays as wide as
    one panel of ``max_lanes`` lanes: each panel has its own lane and group labels and the same rows, lanes are
    equally wide in every panel, and each row is scaled to its strongest band over all panels
    (:func:`blot_row_max`), so that bands compare between panels. A group continued from the panel above
    is labelled so. The caller adds the title.
    """
    plt = pyplot()
    groups, times, rows = list(groups), list(times), list(observables)
    panels = blot_panels(groups, times, max_lanes)
    widest = max(len(g) * len(t) for g, t in panels)
    width = max(min_width_in, lane_in * widest + pad_w_in)
    if max_width_in is not None:
        width = min(width, max_width_in)
    if len(panels) == 1:
        fig, ax = plt.subplots(figsize=(width, row_in * len(rows) + pad_h_in), layout="constrained")
        plot_western_blot(ax, table, rows, groups=groups, times=times)
        return fig, [ax]
    panel_h = row_in * len(rows) + BLOT_PANEL_LABELS_IN
    fig = plt.figure(figsize=(width, len(panels) * panel_h + max(pad_h_in - BLOT_PANEL_LABELS_IN, 0.5)),
                     layout="constrained")
    grid = fig.add_gridspec(len(panels), widest)
    scale = blot_row_max(table, rows, groups, times)
    axes, seen = [], set()
    for k, (pg, pt) in enumerate(panels):
        ax = fig.add_subplot(grid[k, :len(pg) * len(pt)])
        labels = [f"{g} (continued)" if g in seen else str(g) for g in pg]
        seen.update(pg)
        plot_western_blot(ax, table, rows, groups=pg, times=pt, row_max=scale, group_labels=labels)
        if k < len(panels) - 1:
            ax.set_xlabel("")
        axes.append(ax)
    return fig, axes


def plot_qpcr_bars(ax, table, observable: str, *, groups: Sequence[str] | None = None,
                   times: Sequence[float] | None = None, log: bool = True, annotate: bool | None = None):
    """qPCR-style bars of the fold change of one mRNA against the untreated cell.

    One cluster per group, one bar per readout time; a dashed line marks 1
    (no change). With ``log`` the y axis is logarithmic and bars start at 1,
    so decreases point down. ``annotate`` prints each bar's value over it
    (default: when a bar is wide enough for it). With more than
    :data:`MAX_LEGEND_TIMES` readout times the times are read from a colour
    bar instead of a legend.

    Returns
    -------
    Axes
    """
    _check_frame(table, "table", "plot_qpcr_bars")
    _check_readouts([observable], list(dict.fromkeys(table["observable"])), "plot_qpcr_bars")
    plt = pyplot()
    d = table[table["observable"] == observable]
    groups = list(groups) if groups is not None else list(dict.fromkeys(d["group"]))
    times = list(times) if times is not None else sorted(set(d["time_min"]))
    lookup = {(r.group, float(r.time_min)): r.fold_change for r in d.itertuples(index=False)}
    n_t = max(len(times), 1)
    width = 0.8 / n_t
    cmap = plt.get_cmap("viridis")
    finite = [v for v in lookup.values() if np.isfinite(v) and v > 0]
    if annotate is None:
        annotate = _axes_width_in(ax) / max(len(groups), 1) * width >= MIN_BAR_VALUE_WIDTH_IN
    for k, t in enumerate(times):
        fc = np.array([lookup.get((g, float(t)), np.nan) for g in groups], dtype=float)
        x = np.arange(len(groups)) - 0.4 + width * (k + 0.5)
        color = cmap(0.15 + 0.7 * k / max(n_t - 1, 1))
        ok = np.isfinite(fc) & (fc > 0)
        if log:
            ax.bar(x[ok], fc[ok] - 1.0, bottom=1.0, width=width * 0.92, color=color, label=format_time(t))
        else:
            ax.bar(x[ok], fc[ok], width=width * 0.92, color=color, label=format_time(t))
        if annotate:
            for xi, v, good in zip(x, fc, ok):
                ax.text(xi, v if good else 1.0, fold_text(v) if good else "n/a", ha="center",
                        va="bottom" if (not good or v >= 1) else "top", fontsize=6.5)
    if log:
        ax.set_yscale("log")
        hi = max(finite + [2.0]) * 2.0
        lo = min(finite + [0.5]) / 1.6
        ax.set_ylim(lo, hi)
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.axhline(1.0, color="0.3", lw=0.9, ls="--")
    ax.set_xticks(np.arange(len(groups)))
    ax.set_xticklabels([str(g) for g in groups], rotation=20 if len(groups) > 3 else 0, ha="right"
                       if len(groups) > 3 else "center", fontsize=8)
    ax.set_ylabel("fold change vs untreated")
    ax.set_title(observable_text(observable))
    if n_t <= MAX_LEGEND_TIMES:
        ax.legend(title="time", fontsize=7, title_fontsize=7, frameon=False)
    else:  # one colour per time, read from a bar beside the axes (a legend would cover the bars)
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import BoundaryNorm, ListedColormap

        colors = ListedColormap([cmap(0.15 + 0.7 * k / (n_t - 1)) for k in range(n_t)])
        bar = ax.figure.colorbar(ScalarMappable(norm=BoundaryNorm(np.arange(n_t + 1), n_t), cmap=colors), ax=ax,
                                 pad=0.01, fraction=0.04)
        step = int(np.ceil(n_t / 12))
        bar.set_ticks(np.arange(0, n_t, step) + 0.5)
        bar.set_ticklabels([format_time(t) for t in times[::step]], fontsize=7)
        bar.set_label("time", fontsize=7)
        bar.ax.invert_yaxis()
    ax.grid(True, axis="y", alpha=0.25, which="both")
    return ax


def fitted_suptitle(fig, text: str, fontsize: float = 9) -> None:
    """The figure's title with each line that is wider than the figure broken between words (measured with the
    figure's renderer), so that a long protocol name or blot caption is not cut off at both edges of a narrow
    figure; lines that fit are kept as written."""
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    font = FontProperties(size=fontsize)
    room = 0.96 * fig.bbox.width

    def width(line: str) -> float:
        return renderer.get_text_width_height_descent(line, font, ismath=False)[0]

    lines: list[str] = []
    for line in text.split("\n"):
        if width(line) <= room:
            lines.append(line)
            continue
        current = ""
        for word in line.split(" "):
            trial = f"{current} {word}" if current else word
            if current and width(trial) > room:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    fig.suptitle("\n".join(lines), fontsize=fontsize)


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")
    return s or "x"


def protocol_timecourse_figure(result, observable: str, *, styles=None, bands=None, band_note: str = ""):
    """The figure ``timecourse_<observable>`` of :func:`save_protocol_figures` (a matplotlib Figure).

    A course longer than :data:`LONG_COURSE_MIN` gets two panels: the first 2 h after stimulation in minutes
    (:func:`early_range`; a readout that peaks at 10-20 min and is gone within an hour would otherwise be a
    spike at the left edge of a 24 h axis) and the whole course in hours. Groups keep their route styles
    (``styles``; default :func:`group_styles` of the protocol's groups) in both panels.
    """
    plt = pyplot()
    p = result.protocol
    tc = result.timecourses
    groups = list(p.groups)
    steps = sorted({s.at_min for st in p.groups.values() for s in st})
    t_lo, t_hi = float(tc["time_min"].min()), float(tc["time_min"].max())
    styles = styles if styles is not None else group_styles(groups, p.groups)
    o, unit = observable, result.units[observable]
    if t_hi - t_lo > LONG_COURSE_MIN:
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11.5, 4.2), gridspec_kw={"width_ratios": [1, 1.3]},
                                     layout="constrained")
        plot_time_course(a1, tc, o, unit=unit, groups=groups, t_range=early_range(t_lo, t_hi),
                         readout_times=p.times_min, step_times=steps, title=f"{observable_text(o)}: first 2 h",
                         legend=False, bands=bands, styles=styles)
        plot_time_course(a2, tc, o, unit=unit, groups=groups, t_range=(t_lo, t_hi), time_unit="h",
                         readout_times=p.times_min, step_times=steps,
                         title=f"{observable_text(o)}: whole course",
                         legend=False, bands=bands, styles=styles)
    else:
        fig, a1 = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
        plot_time_course(a1, tc, o, unit=unit, groups=groups, readout_times=p.times_min, step_times=steps,
                         legend=False, bands=bands, styles=styles)
    handles, labels = a1.get_legend_handles_labels()
    if bands is not None:
        from matplotlib.patches import Patch

        handles.append(Patch(facecolor="0.5", alpha=0.35, lw=0))
        labels.append("ensemble band")
    fig.legend(handles, labels, loc="outside right center", fontsize=8, frameon=False)
    fitted_suptitle(fig, f"{p.name}\ncell: {p.cell.label}; {VERTICAL_LINES_NOTE}"
                    + (f"\n{band_note}" if bands is not None and band_note else ""), fontsize=9)
    return fig


def save_protocol_figures(result, directory: "str | Path", *, formats: Sequence[str] = ("png", "svg"),
                          dpi: int = 150, bands=None, band_note: str = "") -> list[Path]:
    """Write the standard figures of a protocol run; return the files written.

    * ``timecourse_<observable>.png``: one per observable, the groups overlaid
      (:func:`protocol_timecourse_figure`: two panels, the first 2 h after stimulation in min and the whole
      course in h, when the protocol runs longer than 3 h), each in its route's style (:func:`group_styles`,
      read from what the group adds); with ``bands`` (see :func:`plot_time_course`)
      each group's band is shaded around its line and ``band_note`` says what it is;
    * ``western_blot.png``: the virtual Western blot of the phospho readouts (stacked panels of at most
      :data:`MAX_BLOT_LANES` lanes when it has more: :func:`western_blot_figure`);
    * ``qpcr_fold_change.png``: one bar chart per mRNA readout.

    With ``bands`` the blot and the bars still show one value each; their titles say so.
    """
    formats = check_formats(formats)
    if not hasattr(result, "protocol") or not hasattr(result, "timecourses"):
        hint = ("; with prediction bands: save_protocol_figures(ur.result, folder, bands=ur.bands, "
                "band_note=ur.describe())" if hasattr(result, "bands") else "")
        raise InputError(f"expected the result of run_protocol (got {type(result).__name__}){hint}", "result")
    plt = pyplot()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    p = result.protocol
    groups = list(p.groups)
    cell = p.cell.label

    def save(fig, stem: str) -> None:
        literal_text(fig)  # group and protocol names are the user's: a '$' in one is not a formula
        for fmt in formats:
            path = out / f"{stem}.{fmt}"
            fig.savefig(path, dpi=dpi)
            written.append(path)
        plt.close(fig)

    styles = group_styles(groups, p.groups)  # routes read from what each group adds
    for o in p.observables:
        fig = protocol_timecourse_figure(result, o, styles=styles, bands=bands, band_note=band_note)
        save(fig, f"timecourse_{_slug(o)}")

    # with bands, the blot and the bars still show one value each: say so, lest they read as certain
    single = ("one value each, at the parameter set's own values; the ensemble's band is in the time-course "
              "figures")

    def note(fig) -> str:  # wrapped to the figure's width, so that a narrow figure does not cut it off
        import textwrap

        return "\n" + "\n".join(textwrap.wrap(single, max(30, int(fig.get_size_inches()[0] * 13))))
    wrows = [o for o in WESTERN_DEFAULT if o in p.observables]
    if wrows:
        fig, axes = western_blot_figure(result.table, wrows, groups=groups, times=p.times_min)
        numbers = ("; numbers: fraction phosphorylated" + (" (SOCS3: nM)" if "SOCS3" in wrows else "")
                   if any(ax.texts for ax in axes) else "")  # lanes with room
        over = " over all panels" if len(axes) > 1 else ""
        fitted_suptitle(fig, f"Virtual Western blot: {p.name} (cell: {cell})\nband darkness relative to the "
                             f"strongest band of each row{over}{numbers}" + (note(fig) if bands is not None else ""),
                        fontsize=9)
        save(fig, "western_blot")

    qrows = [o for o in p.observables if o.endswith("_mRNA")]
    if qrows:
        ncol = min(2, len(qrows))
        nrow = int(np.ceil(len(qrows) / ncol))
        fig, axes = plt.subplots(nrow, ncol, figsize=(5.2 * ncol + 0.4 * len(groups), 3.6 * nrow + 0.4),
                                 squeeze=False, layout="constrained")
        for ax, o in zip(axes.flat, qrows):
            plot_qpcr_bars(ax, result.table, o, groups=groups, times=p.times_min)
        for ax in list(axes.flat)[len(qrows):]:
            ax.set_visible(False)
        fitted_suptitle(fig, f"qPCR (model): mRNA fold change vs untreated cell\n{p.name} (cell: {cell})"
                        + (note(fig) if bands is not None else ""), fontsize=9)
        save(fig, "qpcr_fold_change")
    return written
