"""One colour per route in every figure, readable bar labels, and figure notes that say what is not drawn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex, to_rgb  # noqa: E402

from il6sim.plotting import OTHER_COLORS, ROUTE_COLORS, SGP130FC_STYLE  # noqa: E402
from il6sim.protocols import load_protocol, run_protocol  # noqa: E402
from il6sim.report.plots import fold_text, group_styles, plot_qpcr_bars, plot_time_course  # noqa: E402

IL6 = {"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}
SIL6R = {"at": "0 min", "add": "sIL-6R", "dose": "25 ng/mL"}
FC = {"at": "-45 min", "add": "sgp130Fc", "dose": "500 ng/mL"}


def _hyper(dose):
    return {"at": "0 min", "add": "Hyper-IL-6", "dose": dose}


def _protocol(groups):
    return load_protocol({"cell": "huvec", "groups": groups,
                          "readouts": {"observables": ["pSTAT3"], "times": ["30 min"]}})


def _hex(c):
    return to_hex(c)


def test_routes_keep_their_colour_whatever_the_groups_are_called():
    # the seed protocols named trans 'trans' in one file and listed it second or third in others: tab10 gave it
    # orange, green or blue by position, and red to trans + sgp130Fc, purple to classic + sgp130Fc
    p = _protocol({"control": [], "IL-6 alone": [IL6], "stim": [IL6, SIL6R], "HIL6": [_hyper("10 ng/mL")],
                   "blocked": [FC, IL6, SIL6R], "classic blocked": [FC, IL6], "receptor only": [SIL6R]})
    st = group_styles(list(p.groups), p.groups)
    assert _hex(st["control"]["color"]) == "#000000"
    assert _hex(st["IL-6 alone"]["color"]) == ROUTE_COLORS["classic"]
    assert _hex(st["stim"]["color"]) == ROUTE_COLORS["trans"]
    assert _hex(st["HIL6"]["color"]) == ROUTE_COLORS["hyper"]
    # the seed's sgp130Fc conditions look as in the comparison's time courses
    for g, route in (("blocked", "trans"), ("classic blocked", "classic")):
        assert _hex(st[g]["color"]) == SGP130FC_STYLE[route]["color"] and st[g]["ls"] == SGP130FC_STYLE[route]["ls"]
        assert st[g]["zorder"] > st["IL-6 alone"]["zorder"], "a dotted line is drawn over the line it may cover"
    # a group that is no route takes none of the route or sgp130Fc colours
    taken = set(ROUTE_COLORS.values()) | {s["color"] for s in SGP130FC_STYLE.values()}
    assert _hex(st["receptor only"]["color"]) in OTHER_COLORS and _hex(st["receptor only"]["color"]) not in taken


def test_seed_condition_names_match_the_comparison_figure_styles_without_steps():
    from il6sim.report.compare_plots import CONDITION_STYLE

    st = group_styles(["untreated", "classic", "trans", "hyper", "trans_sgp130Fc", "classic_sgp130Fc", "other"])
    for name, cs in CONDITION_STYLE.items():
        assert _hex(st[name]["color"]) == _hex(cs["color"]) and st[name]["ls"] == cs["ls"], name
    assert _hex(st["untreated"]["color"]) == "#000000"
    assert _hex(st["other"]["color"]) not in set(ROUTE_COLORS.values())


def test_a_dose_series_is_shaded_in_its_routes_colour_lighter_at_lower_doses():
    # listed out of dose order on purpose: the shade follows the dose, not the position
    p = _protocol({"control": [], "high": [_hyper("100 ng/mL")], "low": [_hyper("1 ng/mL")],
                   "mid": [_hyper("10 ng/mL")]})
    st = group_styles(list(p.groups), p.groups)
    base = np.array(to_rgb(ROUTE_COLORS["hyper"]))
    light = [float(np.mean(to_rgb(st[g]["color"]))) for g in ("low", "mid", "high")]
    assert light[0] > light[1] > light[2], "lighter for lower doses"
    for g in ("low", "mid", "high"):  # every shade keeps the route's hue (purple: red and blue above green)
        r, gr, b = to_rgb(st[g]["color"])
        assert r > gr and b > gr
    assert not np.allclose(to_rgb(st["low"]["color"]), base)


def test_groups_of_one_route_that_differ_in_timing_get_their_own_line_styles():
    # the desensitisation example's five IL-6 groups (pulse, pulse and again, naive at a later time) were five
    # near-identical blues, all solid: the legend could not be matched to the lines
    wash = {"at": "30 min", "wash": True}
    later = {"at": "2 h", "add": "IL-6", "dose": "10 ng/mL"}
    p = _protocol({"control": [], "pulse": [IL6, wash], "pulse, again": [IL6, wash, later], "naive": [later]})
    st = group_styles(list(p.groups), p.groups)
    looks = {(_hex(st[g]["color"]), str(st[g]["ls"])) for g in ("pulse", "pulse, again", "naive")}
    assert len({ls for _, ls in looks}) == 3, "each timing variant has its own line style"
    assert st["pulse"]["ls"] == "-", "the first keeps the route's own style"
    for g in ("pulse", "pulse, again", "naive"):  # still the classic route's hue (blue above red and green)
        r, gr, b = to_rgb(st[g]["color"])
        assert b > r and b > gr
    # a dose series keeps the route's solid line
    doses = _protocol({"low": [_hyper("1 ng/mL")], "high": [_hyper("100 ng/mL")]})
    assert {group_styles(list(doses.groups), doses.groups)[g]["ls"] for g in ("low", "high")} == {"-"}


def test_protocol_figures_draw_each_group_in_its_route_style(tmp_path):
    import il6sim.report.plots as plots

    res = run_protocol("seed:sgp130fc_inhibition")
    seen = {}
    real = plots.plot_time_course

    def spy(ax, *a, **kw):
        out = real(ax, *a, **kw)
        seen.update({ln.get_label(): ln for ln in ax.get_lines()})
        return out

    plots.plot_time_course = spy
    try:
        plots.save_protocol_figures(res, tmp_path, formats=("png",))
    finally:
        plots.plot_time_course = real
    assert _hex(seen["trans"].get_color()) == ROUTE_COLORS["trans"]
    assert _hex(seen["inhibition"].get_color()) == SGP130FC_STYLE["trans"]["color"]
    assert seen["inhibition"].get_linestyle() == "--"
    assert _hex(seen["control"].get_color()) == "#000000"
    plt.close("all")


def test_plot_time_course_takes_given_styles_and_falls_back_to_names():
    import pandas as pd

    t = np.linspace(0, 30, 7)
    tc = pd.concat([pd.DataFrame({"group": g, "time_min": t, "pSTAT3": t * k}) for k, g in
                    enumerate(("trans", "mine"), start=1)], ignore_index=True)
    fig, ax = plt.subplots()
    plot_time_course(ax, tc, "pSTAT3", styles={"mine": dict(color="#123456", ls=":")})
    lines = {ln.get_label(): ln for ln in ax.get_lines() if ln.get_label() in ("trans", "mine")}
    assert _hex(lines["trans"].get_color()) == ROUTE_COLORS["trans"]
    assert _hex(lines["mine"].get_color()) == "#123456" and lines["mine"].get_linestyle() == ":"
    plt.close(fig)


@pytest.mark.parametrize("v, text", [(0.0432, "0.043"), (1.0, "1"), (1.46, "1.5"), (11.4, "11"), (244.3, "244"),
                                     (1530.0, "1530")])
def test_fold_text_has_no_exponent(v, text):
    assert fold_text(v) == text


def test_qpcr_bar_labels_print_large_folds_without_an_exponent():
    import pandas as pd

    table = pd.DataFrame([{"group": g, "observable": "SOCS3_mRNA", "time_min": 60.0, "value": 1.0,
                           "fold_change": f, "unit": "a.u."} for g, f in (("control", 1.0), ("IL-6", 244.3))])
    fig, ax = plt.subplots(figsize=(6, 4))
    plot_qpcr_bars(ax, table, "SOCS3_mRNA", annotate=True)
    labels = [t.get_text() for t in ax.texts]
    assert "244" in labels and not any("e+" in x for x in labels)
    plt.close(fig)


def test_with_bands_the_blot_and_bars_say_they_show_one_value(tmp_path):
    import pandas as pd

    from il6sim.report.plots import save_protocol_figures

    res = run_protocol({"cell": "huvec", "groups": {"control": [], "trans": [IL6, SIL6R]},
                        "readouts": {"observables": ["pSTAT3", "CCL2_mRNA"], "times": ["30 min", "4 h"]}})
    tc = res.timecourses
    bands = tc[["group", "time_min"]].assign(observable="pSTAT3", value=tc["pSTAT3"], lower=tc["pSTAT3"] * 0.9,
                                             upper=tc["pSTAT3"] * 1.1)
    titles = {}
    real = plt.Figure.savefig

    def grab(fig, path, *a, **kw):
        titles[str(path).rsplit("/", 1)[-1]] = fig._suptitle.get_text() if fig._suptitle else ""
        return real(fig, path, *a, **kw)

    plt.Figure.savefig = grab
    try:
        save_protocol_figures(res, tmp_path, formats=("png",), bands=pd.DataFrame(bands), band_note="shaded: band")
        with_bands = dict(titles)
        titles.clear()
        save_protocol_figures(res, tmp_path / "plain", formats=("png",))
    finally:
        plt.Figure.savefig = real
    for name in ("western_blot.png", "qpcr_fold_change.png"):
        note = " ".join(with_bands[name].split())
        assert "one value each" in note and "band is in the time-course figures" in note, name
        assert "one value each" not in titles[name], name
    # the note is wrapped: no suptitle line is much wider than its figure
    assert max(len(x) for x in with_bands["qpcr_fold_change.png"].splitlines()) < 120


def test_dose_response_colours_do_not_borrow_another_routes_or_conditions_colour():
    # IL-6 + sIL-6R at equimolar doses is trans (was brown); siltuximab took Hyper-IL-6's purple and natural
    # sgp130 the orange of classic + sgp130Fc, beside panels where those colours mean the route or condition
    from il6sim.report.compare_plots import AGONIST_STYLE, CONDITION_STYLE, DRUG_COLORS, _decoy_style

    assert AGONIST_STYLE["il6_sil6r_equimolar"][0] == CONDITION_STYLE["trans"]["color"]
    assert AGONIST_STYLE["il6_sil6r_equimolar"][1] != AGONIST_STYLE["il6_sil6r_fixed"][1]
    meaning = {_hex(st["color"]) for st in CONDITION_STYLE.values()}
    assert not meaning & {_hex(c) for c in DRUG_COLORS.values()}
    natural = _decoy_style("sgp130_trans")
    assert _hex(natural[0]) not in meaning and natural != _decoy_style("sgp130Fc_trans")


def test_web_time_courses_draw_each_group_in_its_route_style():
    # the web builder's figure matched routes by group name only: 'inhibition' (sgp130Fc + IL-6 + sIL-6R)
    # was a plain colour there and orange dots in `il6sim run`
    from il6sim.web.figures import timecourse_figure

    res = run_protocol("seed:sgp130fc_inhibition")
    fig = timecourse_figure(res.protocol, res.timecourses, dict(res.units))
    lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    assert _hex(lines["inhibition"].get_color()) == SGP130FC_STYLE["trans"]["color"]
    assert _hex(lines["trans"].get_color()) == ROUTE_COLORS["trans"]
    # group lines can be dashed now: the title says that 'dashed' is about the vertical lines
    assert "vertical lines: dashed = stimulation" in fig._suptitle.get_text()
    plt.close(fig)
