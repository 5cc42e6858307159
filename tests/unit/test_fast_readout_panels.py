"""Fast readouts (pSTAT3, pERK, pAkt peak at 10-20 min and are gone within an hour or two) stay readable in
figures of long courses: `il6sim run`'s figures and the web bench's time courses show their first 2 h in
minutes next to the whole course, and a pretreatment hours before stimulation does not take that panel's width."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from il6sim.plotting import ROUTE_COLORS  # noqa: E402
from il6sim.protocols import run_protocol  # noqa: E402


@pytest.fixture(scope="module")
def result():
    # sIL-6R a day ahead of IL-6, read for a day: the course spans 48 h around stimulation
    return run_protocol({
        "name": "sIL-6R a day ahead", "cell": "huvec",
        "groups": {"control": [], "trans": [{"at": "-24 h", "add": "sIL-6R", "dose": "25 ng/mL"},
                                            {"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
        "readouts": {"observables": ["pERK", "SOCS3_mRNA"], "times": ["15 min", "24 h"]}})


def _peak_place(ax, group="trans"):
    """Where the group's maximum lies across the axes' width (0 left edge, 1 right edge)."""
    (line,) = [ln for ln in ax.get_lines() if ln.get_label() == group]
    x, y = (np.asarray(v, float) for v in line.get_data())
    lo, hi = ax.get_xlim()
    return (x[np.argmax(y)] - lo) / (hi - lo)


def _colour(ax, group="trans"):
    (line,) = [ln for ln in ax.get_lines() if ln.get_label() == group]
    return to_hex(line.get_color())


def test_run_figure_shows_the_first_two_hours_after_stimulation_not_the_pretreatment(result):
    from il6sim.report.plots import protocol_timecourse_figure

    fig = protocol_timecourse_figure(result, "pERK")
    try:
        early, whole = [ax for ax in fig.axes if ax.get_ylabel()]
        assert early.get_title() == "pERK: first 2 h" and early.get_xlabel().endswith("(min)")
        lo, hi = early.get_xlim()
        assert -15 <= lo <= 0 and hi == 120, (lo, hi)  # it read -1440 ... 120: the peak at the right edge
        assert 0.1 < _peak_place(early) < 0.4, _peak_place(early)
        # the whole course is still drawn, in hours, from the pretreatment on
        assert whole.get_title() == "pERK: whole course" and whole.get_xlim()[0] <= -24 and whole.get_xlim()[1] == 24
        assert _colour(early) == _colour(whole) == ROUTE_COLORS["trans"]
    finally:
        plt.close(fig)


def test_web_time_courses_give_fast_readouts_their_first_two_hours(result):
    from il6sim.web.figures import timecourse_figure

    p = result.protocol
    fig = timecourse_figure(p, result.timecourses[["group", "time_min", *p.observables]], dict(result.units))
    try:
        panels = {ax.get_title(): ax for ax in fig.axes if ax.get_visible() and ax.get_ylabel()}
        # the fast readout gets both panels, the slow mRNA its whole course only
        assert set(panels) == {"pERK: first 2 h", "pERK: whole course", "SOCS3 mRNA: whole course"}, set(panels)
        early, whole = panels["pERK: first 2 h"], panels["pERK: whole course"]
        assert early.get_xlabel().endswith("(min)") and whole.get_xlabel().endswith("(h)")
        assert early.get_xlim() == (-15.0, 120.0)
        assert 0.1 < _peak_place(early) < 0.4, _peak_place(early)
        assert _peak_place(whole) < 0.52  # on the day's axis the peak is a spike just right of t = 0
        assert whole.get_xlim()[0] <= -24 and whole.get_xlim()[1] == 24
        # the early row comes first, above the whole courses
        assert early.get_position().y0 > whole.get_position().y1
        assert _colour(early) == _colour(whole) == ROUTE_COLORS["trans"]
    finally:
        plt.close(fig)


def test_short_courses_keep_one_panel_per_readout():
    from il6sim.report.plots import protocol_timecourse_figure
    from il6sim.web.figures import timecourse_figure

    res = run_protocol({"cell": "huvec", "groups": {"IL-6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
                        "readouts": {"observables": ["pERK", "pAkt"], "times": ["15 min", "2 h"]}})
    p = res.protocol
    figs = [protocol_timecourse_figure(res, "pERK"),
            timecourse_figure(p, res.timecourses[["group", "time_min", *p.observables]], dict(res.units))]
    try:
        shown = [[ax.get_title() for ax in f.axes if ax.get_visible() and ax.get_ylabel()] for f in figs]
        assert shown == [["pERK"], ["pERK", "pAkt"]], shown
    finally:
        for f in figs:
            plt.close(f)


def test_a_step_that_opens_the_course_is_drawn_inside_the_whole_course_panel():
    # seed:sgp130fc_inhibition adds sgp130Fc 45 min before IL-6 + sIL-6R, and the course starts at that step: its
    # dotted line ('dotted = steps', says the figure's title) lay on the left spine of the whole-course panel, so
    # the pre-incubation that the protocol is about was drawn nowhere
    from il6sim.report.plots import protocol_timecourse_figure

    res = run_protocol("seed:sgp130fc_inhibition")
    fig = protocol_timecourse_figure(res, "pSTAT3")
    try:
        whole = next(ax for ax in fig.axes if ax.get_title() == "pSTAT3: whole course")
        lo, hi = whole.get_xlim()
        dotted = [ln.get_xdata()[0] for ln in whole.get_lines() if ln.get_linestyle() == ":"]
        assert -0.75 in dotted, dotted
        assert lo < -0.75 - 0.01 * (24.0 + 0.75), (lo, hi)  # a visible margin left of the step at -45 min
        assert hi == pytest.approx(24.0)  # no step at the end: that edge stays where the course ends
    finally:
        plt.close(fig)
