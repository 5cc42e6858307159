"""Readout helpers (fold change, metrics with a stated call) and the protocol figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from il6sim.protocols import run_protocol  # noqa: E402
from il6sim.readouts.tables import CALL_CRITERION, fold_change, response_metrics  # noqa: E402
from il6sim.report.plots import (  # noqa: E402
    MAX_BLOT_LANES, blot_panels, format_time, plot_qpcr_bars, plot_time_course, plot_western_blot,
    save_protocol_figures, western_blot_figure)


def test_fold_change_is_nan_where_the_untreated_value_is_zero():
    out = fold_change([2.0, 1.0, 3.0, np.nan], [1.0, 0.0, 1.5, 1.0])
    assert out[0] == 2.0 and np.isnan(out[1]) and out[2] == 2.0 and np.isnan(out[3])


T = np.arange(0, 1441.0)


def test_transient_response():
    y = 0.01 + 0.5 * (T / 20) * np.exp(1 - T / 20)
    m = response_metrics(T, y, rest=0.01, unit="1")
    assert m["call"] == "transient" and m["time_to_peak_min"] == 20.0
    assert m["peak"] == pytest.approx(0.51)
    assert 0 < m["time_above_half_max_min"] < 120


def test_sustained_response():
    y = 0.01 + 0.5 * (1 - np.exp(-T / 10))
    m = response_metrics(T, y, rest=0.01, unit="1")
    assert m["call"] == "sustained"
    assert m["auc"] == pytest.approx(0.5 * (1440 - 10 * (1 - np.exp(-144))), rel=1e-3)


def test_no_response_and_undetermined_call():
    flat = response_metrics(T, np.full_like(T, 0.2) + 1e-4 * np.sin(T), rest=0.2, unit="a.u.")
    assert flat["call"] == "none" and np.isnan(flat["time_to_peak_min"])
    short = np.arange(0, 61.0)
    rising = response_metrics(short, 0.01 + short / 100, rest=0.01, unit="1")
    assert rising["call"] == "undetermined"  # followed < 120 min after the peak
    assert "undetermined" in CALL_CRITERION and "transient" in CALL_CRITERION


def test_format_time():
    assert [format_time(t) for t in (15, 30, 240, 1440, 90, -45)] == ["15 min", "30 min", "4 h", "24 h", "90 min",
                                                                   "-45 min"]
    # one list of times reads one way: not '2 h', '135 min', '4 h', '8.25 h'
    assert [format_time(t) for t in (120, 135, 240, 495, -150)] == ["2 h", "2 h 15 min", "4 h", "8 h 15 min",
                                                                   "-2 h 30 min"]
    # a lab writes '1 h' where it means 60 min (lanes said '60 min' beside '4 h'); 90 min stays in minutes
    assert [format_time(t) for t in (60, -60, 60.0, 90, 75, 59)] == ["1 h", "-1 h", "1 h", "90 min", "75 min",
                                                                     "59 min"]


def test_blot_lanes_and_qpcr_bars_read_times_as_the_protocol_writes_them():
    """The web builder's blot and qPCR figures (the same plot functions draw `il6sim run --out`'s)."""
    from il6sim.protocols import load_protocol
    from il6sim.web.figures import blot_figure, qpcr_figure

    protocol = load_protocol({"name": "lanes", "cell": "hepg2",
                              "groups": {"IL-6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
                              "readouts": {"observables": ["pSTAT3", "SOCS3_mRNA"],
                                           "times": ["15 min", "30 min", "1 h", "90 min", "4 h", "24 h"]}})
    table = run_protocol(protocol).table
    want = ["15 min", "30 min", "1 h", "90 min", "4 h", "24 h"]
    fig = blot_figure(protocol, table)
    try:
        (ax,) = [a for a in fig.axes if a.images]
        assert [t.get_text() for t in ax.get_xticklabels()] == want
    finally:
        plt.close(fig)
    fig = qpcr_figure(protocol, table)
    try:
        assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == want
    finally:
        plt.close(fig)


@pytest.fixture(scope="module")
def result():
    return run_protocol("seed:sgp130fc_inhibition")


def test_plot_functions_take_and_return_an_axes(result):
    fig, axes = plt.subplots(1, 3)
    ax = plot_time_course(axes[0], result.timecourses, "pSTAT3", unit="1")
    assert ax is axes[0] and len(ax.get_lines()) >= 3
    # the unit as the tables say it (protocols.runner.unit_in_words); it said 'fraction of total'
    assert ax.get_ylabel() == "pSTAT3 (fraction of total STAT3)" and "min" in ax.get_xlabel()
    ax = plot_western_blot(axes[1], result.table)
    assert ax is axes[1] and len(ax.images) == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["pSTAT3 (Y705)", "pAkt (S473)", "pERK1/2"]
    assert len(ax.get_xticklabels()) == 3 * 4  # groups x times lanes
    ax = plot_qpcr_bars(axes[2], result.table, "CCL2_mRNA")
    assert ax is axes[2] and len(ax.patches) == 3 * 4
    assert ax.get_yscale() == "log" and "fold change" in ax.get_ylabel()
    plt.close(fig)


def test_western_band_darkness_follows_the_phospho_signal(result):
    fig, ax = plt.subplots()
    plot_western_blot(ax, result.table, ["pSTAT3"], times=[30.0], show_values=False)
    img = ax.images[0].get_array()
    lanes = np.split(np.asarray(img), 3, axis=1)  # control, trans, inhibition
    dark = [lane.max() for lane in lanes]
    assert dark[1] > dark[2] > dark[0]
    plt.close(fig)


def test_save_protocol_figures_writes_the_standard_set(tmp_path):
    small = run_protocol({
        "cell": "huvec", "groups": {"control": [], "trans": [
            {"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}, {"at": "0 min", "add": "sIL-6R", "dose": "25 ng/mL"}]},
        "readouts": {"observables": ["pSTAT3", "CCL2_mRNA"], "times": ["30 min", "4 h"]}})
    files = save_protocol_figures(small, tmp_path, formats=("png",))
    names = {f.name for f in files}  # (SVG: tests/cli)
    assert names == {"western_blot.png", "qpcr_fold_change.png", "timecourse_pSTAT3.png", "timecourse_CCL2_mRNA.png"}
    png = (tmp_path / "western_blot.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    # the blot's title gives SOCS3's unit only when the blot has a SOCS3 row (text kept as text in this SVG)
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none"}):
        save_protocol_figures(small, tmp_path / "svg", formats=("svg",))
    title = (tmp_path / "svg" / "western_blot.svg").read_text(encoding="utf-8")
    assert "numbers: fraction phosphorylated" in title and "SOCS3: nM" not in title


def test_protocol_figure_titles_fit_their_figures(tmp_path, monkeypatch):
    # a blot of pSTAT3 and SOCS3 in 4 groups x 5 times (7.5 in wide) cut its caption "band darkness ... (SOCS3:
    # nM)" off at both edges; a long protocol name did the same on the narrow figures of one group
    from matplotlib.figure import Figure

    seen = {}
    save = Figure.savefig

    def checked(fig, path, *args, **kwargs):
        fig.canvas.draw()
        box, title = fig.bbox, fig._suptitle.get_window_extent()
        seen["/".join(str(path).split("/")[-2:])] = (title.x0 >= box.x0 and title.x1 <= box.x1, fig._suptitle.get_text())
        return save(fig, path, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", checked)
    il6 = {"at": "0 min", "add": "IL-6", "dose": "20 ng/mL"}
    blot = run_protocol({
        "name": "Wash-out and re-stimulation, HepG2", "cell": "hepg2",
        "groups": {"control": [], "pulse": [il6, {"at": "30 min", "wash": True}],
                   "again": [il6, {"at": "30 min", "wash": True}, dict(il6, at="3 h")], "continuous": [il6]},
        "readouts": {"observables": ["pSTAT3", "SOCS3"], "times": ["15 min", "1 h", "3 h", "3.25 h", "6 h"]}})
    save_protocol_figures(blot, tmp_path / "blot", formats=("png",))
    long = run_protocol({
        "name": "Hyper-IL-6 at 10 ng/mL on Ba/F3-gp130 cells after 4 h of serum starvation, read at 30 min",
        "cell": "gp130_only", "groups": {"Hyper-IL-6": [{"at": "0 min", "add": "Hyper-IL-6", "dose": "10 ng/mL"}]},
        "readouts": {"observables": ["pSTAT3", "SOCS3_mRNA"], "times": ["30 min"]}})
    save_protocol_figures(long, tmp_path / "long", formats=("png",))
    assert {"blot/western_blot.png", "long/western_blot.png", "long/timecourse_pSTAT3.png",
            "long/qpcr_fold_change.png"} <= set(seen)
    assert all(fits for fits, _ in seen.values()), {k: t for k, (fits, t) in seen.items() if not fits}
    # broken between words, nothing lost; a caption that fits stays one line (as the test above reads it)
    assert " ".join(seen["long/western_blot.png"][1].split()) == (
        "Virtual Western blot: Hyper-IL-6 at 10 ng/mL on Ba/F3-gp130 cells after 4 h of serum starvation, read "
        "at 30 min (cell: gp130_only) band darkness relative to the strongest band of each row; numbers: fraction "
        "phosphorylated")


def test_group_labels_of_a_one_lane_dose_series_do_not_run_into_each_other():
    # a dose series read at one time (one lane per group) printed 'IL-6 10 pg/mLIL-6 100 pg/mL...' over its lanes
    import pandas as pd

    groups = ["vehicle", "IL-6 10 pg/mL", "IL-6 100 pg/mL", "IL-6 1 ng/mL", "IL-6 10 ng/mL", "IL-6 100 ng/mL"]
    table = pd.DataFrame([{"group": g, "observable": "pSTAT3", "time_min": 30.0, "value": 0.1 * k,
                           "fold_change": 1.0 + k, "unit": "1"} for k, g in enumerate(groups)])
    fig, (ax,) = western_blot_figure(table, ["pSTAT3"], groups=groups, times=[30.0])
    fig.canvas.draw()
    top = next(c for c in ax.get_children() if type(c).__name__ == "SecondaryAxis")
    boxes = [t.get_window_extent() for t in top.get_xticklabels()]
    assert [t.get_text().replace("\n", " ") for t in top.get_xticklabels()] == groups  # broken between words only
    assert all(a.x1 <= b.x0 for a, b in zip(boxes, boxes[1:])), [(b.x0, b.x1) for b in boxes]
    assert "\n" in top.get_xticklabels()[2].get_text()
    plt.close(fig)
    # labels that fit over their lanes are left as they are
    short = table.assign(group=table.group.str.replace(" pg/mL", "p").str.replace(" ng/mL", "n"))
    names = list(dict.fromkeys(short.group))
    fig, (ax,) = western_blot_figure(short, ["pSTAT3"], groups=names, times=[30.0])
    top = next(c for c in ax.get_children() if type(c).__name__ == "SecondaryAxis")
    assert [t.get_text() for t in top.get_xticklabels()] == names and top.get_xticklabels()[0].get_fontsize() == 9
    plt.close(fig)


def _dense_table(n_groups=12, n_times=24):
    import pandas as pd

    times = [5.0 * k for k in range(n_times)]
    rows = [{"group": f"g{i}", "observable": o, "time_min": t, "value": 0.1 + 0.01 * i,
             "fold_change": 1.0 + t / 10, "unit": "1"}
            for i in range(n_groups) for o in ("pSTAT3", "SOCS3_mRNA") for t in times]
    return pd.DataFrame(rows), times


def test_a_dense_blot_drops_values_and_thins_lane_labels_instead_of_overprinting():
    table, times = _dense_table()
    fig, ax = plt.subplots(figsize=(28, 4))
    plot_western_blot(ax, table, ["pSTAT3"])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(labels) == 12 * 24 and 0 < sum(bool(x) for x in labels) < len(labels)
    assert labels[:24] == labels[24:48], "the same times are labelled in every group"
    assert not ax.texts and "see the table" in ax.get_xlabel() and "one lane in" in ax.get_xlabel()
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(28, 4))  # few lanes on the same width: every value and label
    plot_western_blot(ax, table[table.group.isin(["g0", "g1"]) & (table.time_min <= 15)], ["pSTAT3"])
    assert len(ax.texts) == 2 * 4 and all(t.get_text() for t in ax.get_xticklabels())
    assert ax.get_xlabel() == "lane: time after stimulation"
    plt.close(fig)


def _lanes_drawn(axes):
    """``(group label, lane label)`` of every lane of every panel, panel after panel."""
    out = []
    for ax in axes:
        names = [t.get_text() for t in ax.child_axes[0].get_xticklabels()]  # the group labels over the lanes
        labels = [t.get_text() for t in ax.get_xticklabels()]
        per = len(labels) // len(names)
        out += [(names[k // per], lab) for k, lab in enumerate(labels)]
    return out


def test_a_blot_of_many_lanes_is_drawn_as_stacked_panels_of_bounded_width():
    # 6 groups x 8 times (examples/desensitisation_hepg2.yaml) made one 48-lane strip 28 in wide, unreadable
    # when scaled to a page; each group's values differ so that the shared scale of the rows can be seen
    table, times = _dense_table(n_groups=6, n_times=8)
    table["value"] = 0.1 * (1 + table["group"].str[1:].astype(int))
    groups = [f"g{i}" for i in range(6)]
    fig, axes = western_blot_figure(table, ["pSTAT3"], groups=groups, times=times)
    try:
        assert len(axes) == 3 and fig.get_size_inches()[0] <= 0.55 * MAX_BLOT_LANES + 2.0
        assert _lanes_drawn(axes) == [(g, format_time(t)) for g in groups for t in times], "every lane once, in order"
        assert all(len(ax.texts) == 16 for ax in axes), "lanes wide enough for their values"
        assert [ax.get_xlabel() for ax in axes][:2] == ["", ""] and "time" in axes[2].get_xlabel()
        # one scale per row over all panels: the first panel (values 0.1, 0.2) is paler than the last (0.5, 0.6)
        dark = [np.asarray(ax.images[0].get_array()).max() for ax in axes]
        assert dark[0] < dark[1] < dark[2] and dark[0] == pytest.approx(0.06 + 0.92 * 0.2 / 0.6, abs=0.01)
    finally:
        plt.close(fig)


def test_blot_panels_keep_each_groups_time_series_together():
    assert blot_panels(["a", "b"], range(8)) == [(["a", "b"], list(range(8)))]  # 16 lanes: one panel
    assert [g for g, _ in blot_panels(list("abcdefg"), range(5))] == [["a", "b", "c"], ["d", "e"], ["f", "g"]]
    long = blot_panels(["a", "b"], list(range(24)))  # a group of more times than a panel holds is split
    assert [(g, len(t)) for g, t in long] == [(["a"], 12), (["a"], 12), (["b"], 12), (["b"], 12)]
    table, times = _dense_table(n_groups=1, n_times=24)
    fig, axes = western_blot_figure(table, ["pSTAT3"], groups=["g0"], times=times)
    assert [t.get_text() for t in axes[1].child_axes[0].get_xticklabels()] == ["g0 (continued)"]
    plt.close(fig)


def test_a_narrow_blot_stays_one_panel_as_before(result):
    fig, axes = western_blot_figure(result.table, ["pSTAT3", "pAkt"], groups=list(dict.fromkeys(result.table["group"])),
                                    times=sorted(set(result.table["time_min"])))
    assert len(axes) == 1 and fig.axes == axes
    assert tuple(fig.get_size_inches()) == pytest.approx((0.55 * 12 + 2.0, 0.75 * 2 + 2.4))
    plt.close(fig)


def test_qpcr_bars_with_many_times_read_time_from_a_colour_bar():
    table, times = _dense_table()
    fig, ax = plt.subplots(figsize=(10, 4))
    plot_qpcr_bars(ax, table, "SOCS3_mRNA")
    assert ax.get_legend() is None and len(fig.axes) == 2, "a colour bar instead of a 24-entry legend"
    ticks = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    assert ticks[0] == "0 min" and 1 < len(ticks) <= 12
    assert not ax.texts, "bars 0.03 inch wide take no values"
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(10, 4))
    plot_qpcr_bars(ax, table[table.group.isin(["g0", "g1"]) & (table.time_min <= 15)], "SOCS3_mRNA")
    assert ax.get_legend() is not None and len(fig.axes) == 1 and len(ax.texts) == 2 * 4
    plt.close(fig)


def test_time_course_titles_and_labels_name_observables_as_a_lab_writes_them():
    # titles read 'SOCS3_mRNA: first 2 h' and axes 'surface_IL6R (molecules/cell)'
    import pandas as pd

    from il6sim.report.plots import observable_text

    t = np.linspace(0, 30, 4)
    tc = pd.DataFrame({"group": "trans", "time_min": t, "surface_IL6R": t, "SOCS3_mRNA": t})
    fig, (a1, a2) = plt.subplots(1, 2)
    plot_time_course(a1, tc, "surface_IL6R", unit="molecules/cell")
    plot_time_course(a2, tc, "SOCS3_mRNA", unit="a.u.")
    assert a1.get_title() == "surface IL-6R" and a1.get_ylabel() == "surface IL-6R (molecules/cell)"
    assert a2.get_title() == "SOCS3 mRNA" and a2.get_ylabel() == "SOCS3 mRNA (a.u.)"
    assert observable_text("IL6_sIL6R") == "IL-6:sIL-6R" and observable_text("pSTAT3") == "pSTAT3"
    plt.close(fig)
