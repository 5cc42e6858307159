"""Receptor-map grid, its figure and the text table on constructed inputs (no simulation)."""

import math
import re

import numpy as np
import pytest

from il6sim.compare.comparison import Row
from il6sim.compare.receptor_map import (DEFAULT_GP130, DEFAULT_IL6R, GP130_RANGE, IL6R_RANGE, ReceptorMap,
                                         grid_values)
from il6sim.errors import InputError


def test_default_grid_is_15_by_10_log_spaced():
    assert len(DEFAULT_IL6R) == 15 and len(DEFAULT_GP130) == 10
    assert DEFAULT_IL6R[0] == 0.0
    pos = np.array(DEFAULT_IL6R[1:])
    assert pos[0] == IL6R_RANGE[0] and pos[-1] == IL6R_RANGE[1]
    assert DEFAULT_GP130[0] == GP130_RANGE[0] and DEFAULT_GP130[-1] == GP130_RANGE[1]
    for v in (pos, np.array(DEFAULT_GP130)):
        steps = np.diff(np.log10(v))
        assert (steps > 0).all() and steps.max() / steps.min() < 1.3  # log-spaced (2 significant digits)


def test_grid_values_small_and_invalid():
    il, gp = grid_values(2, 1)
    assert il[0] == 0 and len(il) == 2 and IL6R_RANGE[0] < il[1] < IL6R_RANGE[1]
    assert len(gp) == 1 and GP130_RANGE[0] < gp[0] < GP130_RANGE[1]
    with pytest.raises(ValueError):
        grid_values(1, 3)


def test_cli_map_grid_parsing():
    from il6sim.cli.compare import _parse_grid

    assert _parse_grid(None) == (DEFAULT_IL6R, DEFAULT_GP130)
    assert _parse_grid("0") is None
    il, gp = _parse_grid("6x3")
    assert len(il) == 6 and len(gp) == 3
    for bad in ("1x3", "ax3", "9", "100x100"):
        with pytest.raises(InputError):
            _parse_grid(bad)


def _fake_map(presets=None):
    il6r = np.array([0.0, 10, 100, 1000, 10000])
    gp = np.array([1000.0, 3000, 10000, 30000])
    # ratio rises with IL-6R, falls a little with gp130: ratio = il / (il + 300 * (gp / 1000) ** 0.2)
    il_g, gp_g = np.meshgrid(il6r, gp)
    ratio = il_g / (il_g + 300 * (gp_g / 1000) ** 0.2)
    trans = np.ones_like(ratio)
    marks = presets if presets is not None else {
        "gp130_only": (0.0, 10000.0, 0.0), "hrec": (100.0, 8000.0, 0.2), "huvec": (150.0, 8000.0, float("nan")),
        "hepatocyte": (4500.0, 10000.0, float("nan"))}
    return ReceptorMap(il6r, gp, ratio * trans, trans, presets=marks)


def test_il6r_at_interpolates_in_log_il6r():
    m = _fake_map()
    half = m.il6r_at(0.5)
    assert half.shape == (4,)
    # exact crossing at il = 300 * (gp/1000)^0.2; log interpolation between grid columns is close
    exact = 300 * (m.gp130 / 1000) ** 0.2
    assert np.allclose(half, exact, rtol=0.35)
    assert (np.diff(half) > 0).all()                 # more gp130 -> more IL-6R needed
    assert np.isnan(m.il6r_at(1.5)).all()           # never reached


def test_receptor_map_figure_log_axes_true_positions_contours_and_key(tmp_path):
    from il6sim.report.compare_plots import MAP_LEVELS, plot_receptor_map, receptor_map_figure, save_figure

    m = _fake_map()
    fig = receptor_map_figure(m)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "0"
    # preset circles at their true IL-6R and gp130 (IL-6R = 0 in its own column, left of the log part)
    circles = [ln for ln in ax.lines if ln.get_marker() == "o"]
    xy = sorted((float(ln.get_xdata()[0]), float(ln.get_ydata()[0])) for ln in circles)
    assert len(circles) == 4
    assert xy[0][0] < 10 / 1.5 and xy[0][1] == pytest.approx(10000)
    assert (100.0, 8000.0) in xy and (150.0, 8000.0) in xy and (4500.0, 10000.0) in xy
    # one contour label per level
    texts = {t.get_text() for t in ax.texts}
    assert {f"{v:g}" for v in MAP_LEVELS} <= texts
    # the preset key is below the axes and names every preset
    key = [t for t in ax.texts if "hepatocyte" in t.get_text()]
    assert key and all(n in key[0].get_text() for n in m.presets)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    assert key[0].get_window_extent(r).y1 < ax.get_window_extent(r).y0
    paths = save_figure(fig, tmp_path, "map")
    assert paths["png"].stat().st_size > 0 and paths["svg"].stat().st_size > 0
    # a grid without a zero column and with one gp130 row still draws
    import matplotlib.pyplot as plt

    one = ReceptorMap(np.array([10.0, 100.0]), np.array([5000.0]), np.array([[0.1, 0.4]]), np.ones((1, 2)),
                      presets={})
    fig2, ax2 = plt.subplots()
    mesh = plot_receptor_map(ax2, one)
    np.testing.assert_allclose(np.ravel(mesh.get_array()), [0.1, 0.4])  # the row's two cells, in IL-6R order
    (x_lo, x_hi), (y_lo, y_hi) = ax2.get_xlim(), ax2.get_ylim()
    assert x_lo < 10 < 100 < x_hi and y_lo < 5000 < y_hi
    plt.close(fig2)


def test_receptor_map_title_and_caption_name_only_the_lines_drawn(tmp_path):
    # a map whose ratio stays above 0.1 has no 0.1 line: neither the title nor the report caption may promise one
    import matplotlib.pyplot as plt

    from il6sim.compare import run_comparison
    from il6sim.report.compare_plots import map_levels_drawn, receptor_map_figure
    from il6sim.report.html import render_html

    full = _fake_map()
    assert map_levels_drawn(full) == [0.1, 0.5, 0.9]
    high = ReceptorMap(full.il6r, full.gp130, 0.2 + 0.8 * full.ratio, np.ones_like(full.ratio), presets={})
    assert map_levels_drawn(high) == [0.5, 0.9]
    fig = receptor_map_figure(high)
    title = fig.axes[0].get_title()
    assert "lines at ratio 0.5, 0.9;" in title and "0.1" not in title
    assert "0.1" not in {t.get_text() for t in fig.axes[0].texts}
    plt.close(fig)
    html = render_html(run_comparison(["gp130_only"], pharmacology=False),
                       {"receptor_map": _png(tmp_path / "m.png")}, rmap=high)
    cap = html[html.index("id='map'"):]
    # the ratio stays above 0.1: 'never reaches 0.1' read as if it stayed below
    lowest = float(np.nanmin(high.ratio[:, high.il6r > 0]))
    assert (f"lines at ratio 0.5, 0.9 (solid: 0.5); where IL-6R &gt; 0 the ratio stays above 0.1 (lowest "
            f"{lowest:.2f}), so that line is absent") in cap
    assert "never reaches" not in cap
    # the AUC unit as the comparison table says it (compare.comparison.readout_unit; it said 'fraction of STAT3')
    assert "above baseline, fraction of total STAT3 x min, 0-" in cap


def test_receptor_map_lines_drawn_are_the_lines_named_when_the_map_has_gaps():
    # a failed grid point is NaN: the figure and its title must agree on which lines exist
    import matplotlib.pyplot as plt

    from il6sim.report.compare_plots import map_levels_drawn, receptor_map_figure

    full = _fake_map()
    ratio = np.array(full.ratio, float)
    ratio[ratio < 0.05] = np.nan  # the points below the 0.1 line are missing
    gappy = ReceptorMap(full.il6r, full.gp130, ratio, np.ones_like(ratio), presets={})
    drawn = map_levels_drawn(gappy)
    assert 0.1 not in drawn and 0.5 in drawn
    fig = receptor_map_figure(gappy)
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert {f"{v:g}" for v in drawn} <= labels and "0.1" not in labels
    plt.close(fig)


def _png(path):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1))
    fig.savefig(path)
    plt.close(fig)
    return path


def test_figure_colours_keep_one_meaning_across_figures():
    # classic, trans and Hyper-IL-6 have the same colour in the time courses and the agonist dose-responses, and
    # classic + sgp130Fc (which often lies exactly on classic) has a colour of its own, so it stays visible
    from il6sim.report.compare_plots import AGONIST_STYLE, CONDITION_STYLE, _decoy_style

    colours = [st["color"] for st in CONDITION_STYLE.values()]
    assert len(set(colours)) == len(colours)
    assert AGONIST_STYLE["il6_classic"][0] == CONDITION_STYLE["classic"]["color"]
    assert AGONIST_STYLE["il6_sil6r_fixed"][0] == CONDITION_STYLE["trans"]["color"]
    assert AGONIST_STYLE["hyper_il6"][0] == CONDITION_STYLE["hyper"]["color"]
    assert len({AGONIST_STYLE[k] for k in AGONIST_STYLE}) == len(AGONIST_STYLE)
    keys = ("sgp130Fc_classic", "sgp130Fc_classic_interference", "sgp130Fc_classic_interference_10",
            "sgp130Fc_trans", "sgp130_trans")
    styles = [_decoy_style(k) for k in keys]
    assert len(set(styles)) == len(styles)
    assert all(c == CONDITION_STYLE["classic"]["color"] for c, _ in styles[:3])
    assert styles[3][0] == CONDITION_STYLE["trans"]["color"]


def test_agreement_figure_names_the_claims_once_with_one_key():
    import matplotlib.pyplot as plt

    from il6sim.report.compare_plots import agreement_figure

    class Fake:
        rows = _rows()

    fig = agreement_figure(Fake())
    left, right = fig.axes
    assert [t.get_text() for t in left.get_yticklabels()][0].startswith("S1 ")
    assert not [t.get_text() for t in right.get_yticklabels() if t.get_text()]
    assert left.get_legend() is None and right.get_legend() is not None
    assert "worst metric" in fig._suptitle.get_text().lower()
    plt.close(fig)


def _rows():
    long = "classic moderate and transient; trans strong and sustained; " * 3
    return (Row("STAT3 phosphorylation", "S1", "huvec_zegeye2018", "pSTAT3 response at 30 min, change by sgp130Fc "
                "500 ng/mL", "fraction", 0.1, -0.000123, None, None, "seed", long, "lit", "not modelled", "yes"),
            Row("sgp130Fc selectivity", "S8", "gp130_only / il6r_gp130", "pSTAT3 peak response", "fraction",
                float("nan"), 1234567.0, None, None, "seed", "short", "lit", "yes", "partly"))


@pytest.mark.parametrize("width", [80, 100, 150, 200])
def test_format_table_fits_the_width_and_keeps_every_word(width):
    from il6sim.cli.compare import format_table

    class Fake:
        rows = _rows()

    text = format_table(Fake(), width=width)
    lines = text.splitlines()
    assert max(len(x) for x in lines) <= width
    words = set(text.split())
    for r in Fake.rows:
        for w in (r.cell + " " + r.metric + " " + r.model_verdict).split():
            assert w in words, w
    assert "S1  STAT3 PHOSPHORYLATION" in text and "CLASSIFICATION RULES" in text


def test_row_records_keep_the_json_keys():
    need = {"row", "cell", "metric", "classic", "trans", "seed_claim", "model_verdict", "literature_verdict",
            "agrees"}
    rec = _rows()[0].as_dict()
    assert need <= set(rec)
    from il6sim.cli.compare import _clean

    assert _clean(_rows()[1].as_dict())["classic"] is None and not math.isnan(_clean(rec)["classic"])


def test_report_opens_with_the_answer_and_cites_only_openable_sources():
    from il6sim.compare import run_comparison
    from il6sim.report.html import render_html

    html = render_html(run_comparison(["huvec_zegeye2018", "hepg2"]), {})
    short, table = html.index("id='short'"), html.index("id='summary'")
    assert short < table
    answer = html[short:table]
    # each cell's line gives the numbers, not a label that could contradict them (or the map's wording)
    row = re.search(r"<b>huvec_zegeye2018</b>[^<]*\): IL-6 \+ sIL-6R gives ([0-9.]+)x the pSTAT3 area \(0-24 h\) "
                    r"of IL-6 alone, which reaches ([0-9]+)% of it;", answer)
    assert row, answer
    ratio, share = float(row.group(1)), int(row.group(2))
    assert ratio > 1.3, "trans carries more STAT3 than classic in endothelium"
    assert share == round(100 / ratio)
    assert "hepg2" in answer and "dominates" not in answer and "similar STAT3" not in answer
    assert "BenchChem" in html and "EVIDENCE" not in html and "../shared" not in html
    # the summary table says what its columns and agreement words mean, with the doses, before the table
    key = html[table:html.index("<table class='summary'>")]
    for words in ("<b>trans</b>: IL-6 10 ng/mL + sIL-6R 25 ng/mL", "<b>trans + sgp130Fc</b>: sgp130Fc 500 ng/mL",
                  "<b>partly</b>:", "<b>n/a</b>:", "<b>not modelled</b>:", "href='#rules'"):
        assert words in key, words
    assert "id='rules'" in html
    assert "fraction of the response without sgp130Fc" in html
    assert "In every cell STAT3 activation is transient" in answer
    discussion = html[html.index("id='discussion'"):]
    assert "both routes are transient in the model" in discussion
    # S8 in huvec: sgp130Fc with IL-6 + sIL-6R leaves less than IL-6 alone, and the discussion says why
    s8 = re.search(r"huvec_zegeye2018: sgp130Fc cuts the trans-group[^<]*", discussion).group(0)
    assert "falls below the response to IL-6 alone" in s8 and "Garbers et al. 2011" in s8
    # provenance: the random seed (none here) is not shown as an empty 'seed' row, read as the seed document
    prov = html[html.index("id='provenance'"):]
    assert "<td>seed</td>" not in prov and "random seed" not in prov and "<td>kind</td><td>comparison</td>" in prov


def test_report_does_not_call_sustained_stat3_transient(tmp_path):
    # values on top of the presets (compare --set) can make STAT3 sustained; the answer then says so, and the
    # figures of a knocked-out gene (no fold change: 0/0) draw without warnings
    import warnings

    from il6sim.compare import run_comparison
    from il6sim.report.html import write_comparison_report

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        res = run_comparison(["hrec"], parameters={"gene_SOCS3": 0.0}, pharmacology=False)
        html = write_comparison_report(res, tmp_path / "o").read_text(encoding="utf-8")
    answer = html[html.index("id='short'"):html.index("id='summary'")]
    assert "STAT3 activation is not transient everywhere in this run" in answer
    assert "sustained for classic in hrec" in answer and "In every cell" not in answer
    # the claim-by-claim discussion of S1 follows the runs too
    s1 = html[html.index("id='discussion'"):]
    assert "STAT3 is not transient everywhere (classic in hrec, trans in hrec)" in s1
    assert "so both responses end within about two hours" not in s1


def test_a_cell_without_a_response_is_not_called_sustained():
    # gp130-only cells do not answer IL-6 alone (kind "none"): that is no exception to transient STAT3
    from il6sim.compare import run_comparison
    from il6sim.report.html import render_html

    comparison = run_comparison(["gp130_only"], pharmacology=False)
    html = render_html(comparison, {})
    answer = html[html.index("id='short'"):html.index("id='summary'")]
    assert "In every cell STAT3 activation is transient" in answer and "not transient" not in answer
    # nor given a time to peak: the argmax of a flat line is the last time point, not a peak
    (tpk,) = [r for r in comparison.rows if r.metric == "pSTAT3 time to peak"]
    assert tpk.classic is None and tpk.trans is not None and 5 <= tpk.trans <= 60, tpk
    assert tpk.model_vs_literature == "n/a" and tpk.model_verdict.startswith("classic no response, trans peaks at")


@pytest.mark.parametrize("missed_ccl2, missed_cxcl8", [(["hrec"], []), (["hrec"], ["huvec_zegeye2018", "ec_overlapping",
                                                                                    "hrec"])])
def test_s3_trans_genes_text_names_the_threshold_before_calling_it_it(missed_ccl2, missed_cxcl8):
    # with no gene missed in every cell, the first part read "CCL2 stays below it in hrec" ('it' naming nothing)
    from types import SimpleNamespace

    from il6sim.compare import verdicts as V
    from il6sim.compare.discussion import _trans_genes_text

    endo = ["huvec_zegeye2018", "ec_overlapping", "hrec"]
    missed = {"ICAM1": [], "CCL2": missed_ccl2, "CXCL8": missed_cxcl8}
    met = {c: {"trans": SimpleNamespace(folds={g: (1.0, 1.0) if c in missed[g] else (50.0, 50.0)
                                               for g in V.INFLAMMATORY_GENES})} for c in endo}
    text = _trans_genes_text(met, endo)
    threshold = f"the {V.INDUCED_FOLD:g}x induction threshold"
    assert text.count(threshold) == 1, text
    assert text[text.index("below ") + len("below "):].startswith(threshold), text  # named at its first mention
    assert "CCL2 stays below" in text, text


@pytest.mark.parametrize("drawn, expected", [
    ([0.5, 0.9], "lines at ratio 0.5, 0.9 (solid: 0.5); where IL-6R > 0 the ratio does not cross 0.1, so that line is absent"),
    ([0.1, 0.9], "lines at ratio 0.1, 0.9; where IL-6R > 0 the ratio does not cross 0.5, so that line is absent"),
    ([0.9], "line at ratio 0.9; where IL-6R > 0 the ratio does not cross 0.1 or 0.5, so those lines are absent"),
    ([], "no contour line; where IL-6R > 0 the ratio does not cross 0.1 or 0.5 or 0.9, so those lines are absent"),
])
def test_receptor_map_caption_calls_no_absent_line_solid(drawn, expected):
    # the caption said '(solid: 0.5)' also where the 0.5 line is absent, and 'so that line is absent' of two lines
    from il6sim.report.html import _map_lines_text

    assert _map_lines_text(drawn, (0.1, 0.5, 0.9)) == expected


@pytest.mark.parametrize("drawn, span, expected", [
    ([0.5, 0.9], (0.13, 1.0), "where IL-6R > 0 the ratio stays above 0.1 (lowest 0.13), so that line is absent"),
    ([0.1, 0.5], (0.05, 0.8), "where IL-6R > 0 the ratio stays below 0.9 (highest 0.80), so that line is absent"),
    ([0.9], (0.62, 0.95), "where IL-6R > 0 the ratio stays above 0.5 (lowest 0.62), so those lines are absent"),
    ([], (0.3, 0.4), "the ratio stays above 0.1 (lowest 0.30) and stays below 0.5 (highest 0.40), so those lines"),
])
def test_receptor_map_caption_says_on_which_side_of_an_absent_line_the_ratio_stays(drawn, span, expected):
    # the report's map (ratio 0.13-1.00 where IL-6R > 0) was captioned 'the ratio never reaches 0.1, so that line
    # is absent', which reads as if the ratio stayed below 0.1 where it stays above
    from il6sim.report.html import _map_lines_text

    text = _map_lines_text(drawn, (0.1, 0.5, 0.9), span=span)
    assert expected in text and "never reaches" not in text, text


def test_report_tables_give_parameters_with_their_value_and_copy_numbers_as_surface_counts():
    # V_cell (2e-12 L) read '0' in the parameter table (the result tables' round-off rule), copy numbers were
    # '3356' beside the text's '3,356', and a not-reached IC50 had a Hill slope and R2 as if it had a midpoint
    import re

    from il6sim.compare import run_comparison
    from il6sim.report.html import render_html

    html = render_html(run_comparison(["gp130_only"]), {})
    assert '<tr><td>V_cell</td><td class="num">2e-12</td><td>L</td>' in html
    assert re.search(r'<tr><td>N_cells</td><td class="num">200,000</td>', html)
    assert "<th>surface IL-6R/cell</th><th>surface gp130/cell</th>" in html
    assert '<tr><td>gp130_only</td><td class="num">0</td><td class="num">3,356</td>' in html
    row = re.search(r"<tr><td>sgp130Fc vs classic</td>.*?</tr>", html).group(0)
    assert "not reached" in row and row.count('<td class="num">-</td>') == 2, row
    assert "siltuximab, which binds IL-6: it is premixed with the stimulus" in html


def test_comparison_time_courses_say_what_the_vertical_lines_are():
    # the mRNA panels carry grey lines at 4 h and 24 h that the figure's title did not explain
    import matplotlib.pyplot as plt

    from il6sim.compare import run_comparison
    from il6sim.report.compare_plots import timecourse_figure

    fig = timecourse_figure(run_comparison(["hepg2"], pharmacology=False).runs["hepg2"])
    title = " ".join(fig._suptitle.get_text().split())
    assert "grey vertical lines = the 4 h and 24 h reads" in title and "2x induction threshold" in title
    # each panel's unit as the comparison table says it (compare readout_unit); they said 'fraction of STAT3'
    titles = [ax.get_title() for ax in fig.axes[:8]]
    assert titles[:4] == ["pSTAT3 (fraction of total STAT3)", "pAkt (fraction of total Akt)",
                          "pERK (fraction of total ERK)", "SOCS3 protein (nM)"], titles
    assert titles[4:] == [f"{g} mRNA (fold)" for g in ("ICAM1", "CCL2", "CXCL8", "SOCS3")], titles
    # the 24 h line lay on the right edge of the frame, where nobody saw it
    for ax in fig.axes[4:8]:
        lines = [ln.get_xdata()[0] for ln in ax.lines if len(set(ln.get_xdata())) == 1]
        assert {4, 24} <= set(lines) and ax.get_xlim()[1] > 24.5, (lines, ax.get_xlim())
    plt.close(fig)


def test_s5_discussion_follows_each_cells_socs3_relation():
    # the text said SOCS3 is 'similar' in hepatocyte-like cells while the table called trans 'stronger' in hepg2
    # (22.6x against 17.6x at 4 h); each cell's line now carries the relation the table uses
    from il6sim.compare import run_comparison
    from il6sim.compare import verdicts as V
    from il6sim.compare.discussion import discuss

    res = run_comparison(["hrec", "hepg2"], pharmacology=False)
    s5 = discuss(res)["S5"]
    assert not any("hepatocyte-like" in p for p in s5)
    for c in res.cells:
        cl, tr = res.metrics[c]["classic"], res.metrics[c]["trans"]
        rel = V.socs3_relation(cl.folds["SOCS3"][0], tr.folds["SOCS3"][0], cl.socs3_t_half, tr.socs3_t_half)
        (line,) = [p for p in s5 if p.startswith(f"{c}: ")]
        assert f"(trans {rel})" in line, line
        row = [r for r in res.rows if r.claim == "S5" and r.cell == c][0]
        assert f"trans {rel} (" in row.model_verdict
        # the 24 h row is judged on its own folds (in hepg2 trans is 'similar' there, 'stronger' at 4 h): the line
        # gives that relation too, where it gave the 4 h one only
        f24c, f24t = cl.folds["SOCS3"][1], tr.folds["SOCS3"][1]
        rel24 = V.socs3_relation(f24c, f24t, cl.socs3_t_half, tr.socs3_t_half)
        assert f"at 24 h {f24c:.3g}x vs {f24t:.3g}x (trans {rel24})" in line, line
        row24 = [r for r in res.rows if r.claim == "S5" and r.cell == c and r.metric.endswith("24 h")][0]
        assert f"trans {rel24} (" in row24.model_verdict
    # the first SOCS3 maximum: the text says how close the routes are there and how much later trans comes
    early = [p for p in s5 if p.startswith("At the first maximum")]
    assert early and "less than the 30 min the rule counts as delayed" in early[0], s5


def test_s5_early_maximum_sentence_only_where_the_routes_are_close():
    from il6sim.compare.discussion import _socs3_early_text

    close = {"a": ((20.0, 60.0), (22.0, 66.0)), "b": ((25.0, 70.0), (27.0, 82.0))}
    (text,) = _socs3_early_text(close)
    assert "trans 1.08-1.10x classic" in text and "6-12 min later" in text
    assert _socs3_early_text({"a": ((10.0, 60.0), (20.0, 66.0))}) == []          # trans twice classic: not 'nearly'
    assert _socs3_early_text({"a": ((10.0, 60.0), (float("nan"), 66.0))}) == []


def test_s5_socs3_second_maximum_is_read_from_each_cells_time_courses():
    # the text said in every cell SOCS3 mRNA peaks 'at about 1 h and rise[s] again to a smaller second maximum near
    # 4 h'; in hepg2 the second rise is shallow (under trans barely above the dip): the sentence now names the cells
    # where the second maximum stands out and says what the others do
    from scipy.signal import find_peaks

    from il6sim.compare import run_comparison
    from il6sim.compare.discussion import SOCS3_SECOND_PROMINENCE, discuss

    res = run_comparison(["hepg2", "hrec"], pharmacology=False)
    (text,) = [p for p in discuss(res)["S5"] if "SOCS3 loop" in p]
    assert "second maximum near 4 h" not in text

    def second(c, route):
        f = res.runs[c].fold(route, "SOCS3_mRNA")
        i1 = int(np.argmax(f))
        peaks, props = find_peaks(f, prominence=0.01 * f[i1])
        (p, pr), *_ = [(p, pr) for p, pr in zip(peaks, props["prominences"]) if p > i1]
        return res.runs[c].times[p] / 60, f[p] / f[i1], pr / f[i1]

    hrec = [second("hrec", r) for r in ("classic", "trans")]
    assert all(pr >= SOCS3_SECOND_PROMINENCE for *_, pr in hrec)
    t2 = sorted(f"{t:.1f}" for t, *_ in hrec)
    assert f"in hrec it rises again to a smaller second maximum at {t2[0]}-{t2[1]} h" in text, text
    t, h, pr = second("hepg2", "trans")
    assert pr < SOCS3_SECOND_PROMINENCE, "hepg2 trans: a shallow rise, not a second wave"
    assert (f"under trans it stays high with only a shallow rise at {t:.1f} h ({100 * h:.0f}% of the first, "
            f"{100 * pr:.0f}% above the dip before it)") in text, text
    assert f"at least {SOCS3_SECOND_PROMINENCE:.0%} of the first maximum above the dip" in text


def test_s1_discussion_gives_the_computed_peak_times_against_the_literatures_window():
    # the text said the literature's transient STAT3, 'maximal at 15-30 min', holds for both routes, while trans
    # peaks at 12-13 min in endothelial cells and both routes at 6 min in hepg2
    from il6sim.compare import run_comparison
    from il6sim.compare.discussion import discuss

    res = run_comparison(["hepg2", "hrec"], pharmacology=False)
    last = discuss(res)["S1"][-1]
    assert "holds for both routes" not in last
    assert "Thiel et al.: maximal at 15-30 min" in last
    ttp = {r: [res.metrics[c][r].pstat3.time_to_peak for c in res.cells] for r in ("classic", "trans")}
    assert max(ttp["trans"]) < 15 and min(ttp["classic"]) < 10
    assert (f"peaks at {min(ttp['classic']):.0f}-{max(ttp['classic']):.0f} min under classic and "
            f"{min(ttp['trans']):.0f}-{max(ttp['trans']):.0f} min under trans") in last, last
    hep = res.metrics["hepg2"]["classic"].pstat3.time_to_peak
    assert (f"Earlier than the literature's 15 min: classic in hepg2 ({hep:.0f} min); trans in every cell "
            f"({min(ttp['trans']):.0f}-{max(ttp['trans']):.0f} min)") in last, last
    assert f"looser 10-45 min window, which hepg2 ({hep:.0f} min) also misses" in last


def test_s1_discussion_says_which_of_the_seeds_words_hold_with_the_numbers():
    # the closing sentence said only that trans 'strong and sustained' holds in its first half; classic is strong
    # too (not 'moderate'), and 'stronger' and 'longer' now come with the numbers they rest on
    from il6sim.compare import run_comparison
    from il6sim.compare import verdicts as V
    from il6sim.compare.discussion import discuss

    res = run_comparison(["hrec"], pharmacology=False)
    cl, tr = res.metrics["hrec"]["classic"].pstat3, res.metrics["hrec"]["trans"].pstat3
    assert V.strength(cl.peak_response) == "strong" and cl.kind == tr.kind == "transient"
    last = discuss(res)["S1"][-1]
    assert f"+{tr.peak_response:.2f} against +{cl.peak_response:.2f}" in last, last
    assert f"{tr.auc / cl.auc:.2f}x the AUC" in last
    assert "classic 'moderate and transient' only 'transient' is reproduced (classic is strong here)" in last
    assert "trans 'strong and sustained' only 'strong' is reproduced (trans is transient here)" in last
    assert "both routes are transient in the model" in last and "holds for both routes" not in last
    # without endothelial cells there is nothing to set against the seed's words, and the sentence still reads
    other = discuss(run_comparison(["hepg2"], pharmacology=False))["S1"][-1]
    assert other.startswith("So STAT3 is not sustained: "), other


def test_report_says_the_s2_scenario_presets_were_set_to_their_papers():
    # the intro said 'the model was not tuned to the seed', yet ec_overlapping's ERK/Akt thresholds were chosen
    # to reproduce the seed's ref [7] (and the default ones for Zegeye 2018): its 'yes' is by construction
    from il6sim.compare import run_comparison
    from il6sim.compare.discussion import discuss
    from il6sim.report.html import render_html

    res = run_comparison(["huvec_zegeye2018", "ec_overlapping"], pharmacology=False)
    s2 = discuss(res)["S2"][-1]
    assert "can reach each paper, not that it predicts either" in s2
    html = render_html(res, {})
    intro = html[html.index("<p>The seed document"):html.index("id='summary'")]
    assert "not tuned to the seed, except that the two endothelial scenario presets of S2" in intro


def test_s3_names_the_calls_close_to_the_threshold():
    # 'reproduced for CCL2 only' rested on trans CCL2 2.03x (induced) beside trans ICAM1 1.93x (not induced)
    from types import SimpleNamespace

    from il6sim.compare.discussion import _near_threshold_text

    def cell(classic, trans):
        return {"classic": SimpleNamespace(folds={g: (classic, 1.0) for g in ("ICAM1", "CCL2", "CXCL8")}),
                "trans": SimpleNamespace(folds={"ICAM1": (trans[0], 1.0), "CCL2": (trans[1], 1.0),
                                                "CXCL8": (trans[2], 1.0)})}

    (text,) = _near_threshold_text({"a": cell(1.6, (1.93, 2.03, 1.7))}, ["a"])
    assert "trans ICAM1 in a 1.93x; trans CCL2 in a 2.03x." in text and "CXCL8" not in text.split(".")[0]
    assert "differ by degree" in text and "1.06-1.27x the classic fold change" in text
    assert _near_threshold_text({"a": cell(1.1, (3.0, 3.0, 3.0))}, ["a"]) == []      # no close call
    (far,) = _near_threshold_text({"a": cell(1.0, (2.05, 3.0, 3.0))}, ["a"])        # trans 2-3x classic
    assert "differ by degree" not in far


def test_s6_sets_the_models_kd_in_its_measured_range():
    # the potency gap rests on the model's IL-6:sIL-6R KD (3 nM, the geometric mean of 0.5-20 nM); the text
    # says so and what the same estimate gives at the ends of the measured range
    from types import SimpleNamespace

    from il6sim.compare.discussion import _kd_range_text

    kd = SimpleNamespace(value=3.0, lower=0.5, upper=20.0)
    text = _kd_range_text(kd, SimpleNamespace(reached=True, value_nM=0.0148))
    assert "within the measured 0.5-20 nM" in text and "about 6 at 0.5 nM and 37 at 20 nM" in text
    assert "stays below 100 at any measured KD" in text
    wide = _kd_range_text(kd, SimpleNamespace(reached=True, value_nM=0.001))      # sqrt(20 / 0.001) = 141
    assert "decides whether the ratio reaches 100" in wide
    assert _kd_range_text(kd, SimpleNamespace(reached=False, value_nM=float("nan"))) == ""


def test_the_time_to_peak_rule_is_printed_with_the_other_rules():
    # the S1 time-to-peak row marks a 12-14 min peak 'yes' against the literature's 15-30 min by a 10-45 min
    # window that the classification rules did not list; the printed legend also gives both meanings of n/a
    from il6sim.cli.compare import format_table
    from il6sim.compare import verdicts as V

    rules = dict(V.thresholds())
    lo, hi = V.PEAK_TIME_RANGE_MIN
    assert f"if it peaks at {lo:g}-{hi:g} min" in rules["pSTAT3 time to peak"]

    class Fake:
        rows = _rows()

    text = " ".join(format_table(Fake(), width=200).split())
    assert "pSTAT3 time to peak" in text and "or no literature verdict to compare with" in text


def test_s6_does_not_put_a_cell_type_in_the_seeds_mouth():
    # the seed states the 100-1000x potency of Hyper-IL-6 without naming cells; gp130-only cells are where the
    # model checks it
    from il6sim.compare.claims import CLAIMS

    system = CLAIMS["S6"].seed_system
    assert system.startswith("no cell type named") and "checked on cells with gp130 and no IL-6R" in system


def test_s8_calls_a_block_at_the_threshold_a_close_call():
    # the pure-system row reads 'yes' at a 90.1% cut, against a 90% rule
    from il6sim.compare.discussion import _close_block_text

    text = _close_block_text(-0.901)
    assert "(90.1%) is just above the 90% that counts as blocked" in text and "10% of the trans response" in text
    assert "just below" in _close_block_text(-0.89)
    assert _close_block_text(-0.99) == "" and _close_block_text(None) == "" and _close_block_text(float("nan")) == ""


def test_pharmacology_says_the_ic50s_are_read_at_a_saturating_stimulus():
    # tocilizumab's IC50 (163 nM) beside its KD (1.2 nM) reads as a fault unless the report says the seed's IL-6
    # dose is about 150x the classic EC50
    from il6sim.compare import run_comparison
    from il6sim.report.html import render_html

    res = run_comparison(["gp130_only"])
    html = render_html(res, {})
    il6, tcz = res.pharmacology.curves["il6_classic"], res.pharmacology.curves["tocilizumab_classic"]
    note = re.search(r"<p class='small'>The inhibitors are read against the seed's stimulus[^<]*</p>", html)
    assert note, "no stimulus note"
    assert f"about {0.47619 / il6.value_nM:,.0f}x the classic EC50" in note.group(0)
    assert f"tocilizumab halves pSTAT3 at {tcz.value_text}" in note.group(0) and "not binding constants" in note.group(0)


def test_s6_note_names_the_columns_as_the_report_table_heads_them():
    # the S6 row's note said "the 'hyper' column" under a report table whose column reads 'Hyper-IL-6'
    from types import SimpleNamespace

    from il6sim.compare.comparison import CONDITION_ORDER, ConditionMetrics, _reference_rows
    from il6sim.readouts.metrics import TimeCourseMetrics

    p = TimeCourseMetrics(baseline=0.0, peak=0.6, time_to_peak=15.0, peak_response=0.6, auc=100.0, duration=30.0,
                          late_fraction=0.05, kind="transient")
    cm = ConditionMetrics(pstat3=p, pstat3_30=0.5, pakt_peak=0.0, perk_peak=0.0,
                          folds={g: (1.0, 1.0) for g in ("ICAM1", "CCL2", "CXCL8", "SOCS3")}, socs3_t_half=20.0,
                          active_units_peak=0.0, active_units_2h=0.0, classic_units_peak=0.0, trans_units_peak=0.0,
                          socs3_protein_2h=0.0)
    metrics = {c: {k: cm for k in CONDITION_ORDER} for c in ("gp130_only", "il6r_gp130")}
    runs = {"il6r_gp130": SimpleNamespace(parameters={})}
    curve = SimpleNamespace(value_nM=0.2, value_text="200 pM")
    pharm = SimpleNamespace(curves={"il6_sil6r_equimolar": curve, "hyper_il6": curve,
                                    "sgp130Fc_classic_interference": curve}, potency_ratio=15.0)
    (s6,) = [r for r in _reference_rows(runs, metrics, pharm) if r.claim == "S6"]
    assert "the 'Hyper-IL-6' column" in s6.note and "the 'hyper' column" not in s6.note, s6.note
    assert "'hyper' in comparison.csv" in s6.note


def test_map_text_says_what_differs_between_presets_as_model_2_has_it():
    # the map's paragraph put the presets' own ratios down to 'their own parameters (e.g. fitted HepG2 kinetics)';
    # every preset shares one kinetic set, and the map holds the base preset's other copy numbers
    from il6sim.compare.discussion import _map_text

    m = _fake_map()
    txt = _map_text(m)
    assert "fitted" not in txt and "kinetics" not in txt
    assert f"which the map holds at {m.base}'s" in txt and "Reeh et al. 2019 (Cell Commun Signal)" in txt


def test_map_text_gp130_change_leaves_out_the_column_without_il6r():
    # the paragraph gave the ratio's change with gp130 as a mean over every IL-6R column, the IL-6R = 0 one
    # included, whose ratio is 0 at any gp130 (no classic signal): the report's map read -0.22 where the columns
    # with IL-6R change by -0.24
    from il6sim.compare.discussion import _map_text

    m = _fake_map()
    pos = m.il6r > 0
    want = float(np.mean(m.ratio[-1, pos] - m.ratio[0, pos]))
    diluted = float(np.mean(m.ratio[-1] - m.ratio[0]))
    assert f"{want:+.2f}" != f"{diluted:+.2f}"
    txt = _map_text(m)
    assert f"falls with gp130 (mean change {want:+.2f} over IL-6R > 0, from 1,000 to 30,000 gp130 per cell)" in txt, txt


def test_methods_give_the_transient_rule_as_the_classification_rules_do():
    # methods said 'by the response 2 h after the peak'; the rule also reads at 24 h, the end, when that is sooner
    import re

    from il6sim.compare.comparison import run_comparison
    from il6sim.compare.verdicts import thresholds
    from il6sim.readouts.metrics import time_course_metrics
    from il6sim.report.html import render_html

    text = " ".join(re.sub(r"<[^>]+>", " ", render_html(run_comparison(["gp130_only"], pharmacology=False), {})).split())
    assert "2 h after the peak (or at 24 h, the end of the run, if that comes sooner)" in text
    assert any("(or at 24 h)" in str(v) for v in dict(thresholds()).values())
    # the rule itself: a peak at 23 h is judged at 24 h
    t = [0.0, 1380.0, 1440.0]
    assert time_course_metrics(t, [0.0, 1.0, 0.9]).kind == "sustained"


def _fake_pharmacology():
    """Curves with the keys of run_pharmacology and no fit (nothing simulated): enough to draw the figure."""
    from types import SimpleNamespace

    fit = SimpleNamespace(ec50=float("nan"), top=float("nan"))
    agonists = ("il6_classic", "il6_sil6r_fixed", "il6_sil6r_equimolar", "hyper_il6")
    inhibitors = ("sgp130Fc_classic", "sgp130Fc_trans", "sgp130_trans", "tocilizumab_classic", "tocilizumab_trans",
                  "siltuximab_classic", "ruxolitinib_classic")
    curves = {k: SimpleNamespace(doses_nM=[0.01, 0.1, 1.0], response=[1.0, 0.8, 0.2], fit=fit, label=k, cell="c",
                                 kind="agonist" if k in agonists else "inhibitor", agent=k.split("_")[0],
                                 value_text="not reached", reached=False, value_nM=float("nan"))
              for k in agonists + inhibitors}
    return SimpleNamespace(curves=curves, potency_ratio=15.0, sgp130fc_window_text="> 1,000")


def test_dose_response_titles_give_the_preincubation_times_that_were_simulated(monkeypatch):
    # the panel titles said '45 min' and '60 min' in fixed words while the pharmacology table's notes and the
    # simulation take the times from compare.conditions: a changed time would have left the figure behind
    import matplotlib.pyplot as plt

    from il6sim.compare import conditions
    from il6sim.report.compare_plots import dose_response_figure

    monkeypatch.setattr(conditions, "SGP130FC_PREINCUBATION_MIN", 30.0)
    monkeypatch.setattr(conditions, "DRUG_PREINCUBATION_MIN", 90.0)
    fig = dose_response_figure(_fake_pharmacology())
    try:
        titles = [ax.get_title() for ax in fig.axes]
    finally:
        plt.close(fig)
    assert "(30 min pre-incubation)" in titles[1] and "45 min" not in titles[1]
    assert "(90 min ahead;" in titles[2] and "premixed 90 min with IL-6" in titles[2] and "60 min" not in titles[2]


def test_pharmacology_table_says_whose_mass_the_mass_column_gives():
    # 'value (mass)' gave 4.75 ng/mL for the EC50 of IL-6 + sIL-6R (equimolar), 226 pM: the mass of IL-6 alone,
    # which the page did not say, and left the JAK inhibitors' cells empty without a word
    import html as H

    import dataclasses

    from il6sim.compare import run_comparison
    from il6sim.compare.pharmacology import run_pharmacology
    from il6sim.report.html import render_html

    doses = np.logspace(-3, 3, 7)
    comp = dataclasses.replace(run_comparison(["gp130_only"], pharmacology=False),
                               pharmacology=run_pharmacology(agonist_doses=doses, inhibitor_doses=doses))
    page = H.unescape(render_html(comp, {}))
    sec = page[page.index("id='pharmacology'"):]
    sec = sec[:sec.index("<table")]
    assert "value (mass)</b>: the same dose in ng/mL of the curve's own agent" in sec, sec
    assert "for IL-6 + sIL-6R the mass of IL-6 (21 kDa)" in sec and "none for the JAK inhibitors" in sec
