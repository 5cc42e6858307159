"""Report text that must match the figures and the tables: numbers as the tables print them, and claims
'not reproduced' qualified by when the model was read."""

from __future__ import annotations

import html as H
import re

import numpy as np
import pytest

from il6sim.compare import verdicts as V


@pytest.fixture(scope="module")
def comparison():
    from il6sim.compare import run_comparison

    return run_comparison(["huvec_zegeye2018", "hepg2"], pharmacology=False)


@pytest.fixture(scope="module")
def page(comparison):
    from il6sim.report.html import render_html

    return H.unescape(render_html(comparison, {}))


@pytest.mark.parametrize("x, text", [(3.47e-18, "0"), (-3.47e-18, "0"), (0.0, "0"), (-2.9e-4, "-0.00029"),
                                     (0.623, "0.623"), (84.6, "84.6"), (159.2, "159"), (22700.0, "2.27e+04")])
def test_table_numbers_print_round_off_as_zero_and_keep_small_real_values(x, text):
    # E4's classic column (IL-6 alone on gp130-only cells) showed 3.47e-18 in the HTML and 0 in the text table
    from il6sim.report.html import _num

    assert _num(x) == text


def _late_share(run, route, m):
    t = run.times
    keep = t >= m.time_to_peak + 120.0
    return max(float(np.max(run.series(route, "pSTAT3")[keep] - m.baseline)), 0.0) / m.peak_response


def test_transient_stat3_text_gives_what_is_left_instead_of_saying_it_ends(comparison, page):
    # the answer said SOCS3 'silences the rest within about two hours' and S1 'both responses end', while the
    # time courses keep a low plateau (and a rebound near 3 h) to 24 h
    share = max(_late_share(comparison.runs[c], r, comparison.metrics[c][r].pstat3)
                for c in comparison.cells for r in ("classic", "trans"))
    assert 0.05 < share < 0.5, "the model's plateau: transient, yet not zero"
    answer = page[page.index("id='short'"):page.index("id='summary'")]
    assert "In every cell STAT3 activation is transient" in answer
    assert f"stays at or below {share:.0%} of its peak" in answer
    assert "silences the rest within about two hours" not in answer
    start = page.index("id='discussion'")
    s1 = page[start:page.index("S2 Downstream", start)]
    assert "responses end within about two hours" not in s1
    run, m = comparison.runs["huvec_zegeye2018"], comparison.metrics["huvec_zegeye2018"]
    cell = max(_late_share(run, r, m[r].pstat3) for r in ("classic", "trans"))
    assert re.search(rf"huvec_zegeye2018 \([^)]*\): .*neither response is above {cell:.0%} of its peak", s1)


def test_genes_called_not_induced_say_when_they_were_read_and_name_the_earlier_peaks(comparison, page):
    run = comparison.runs["huvec_zegeye2018"]
    s3 = page[page.index("S3 Gene expression"):page.index("S4 Global gene expression", page.index("id='discussion'"))]
    s3 = s3[s3.rindex("S3 Gene expression"):]
    f = run.fold("classic", "CXCL8_mRNA")
    i = int(np.nanargmax(f))
    at4, at24 = run.at("classic", "CXCL8_mRNA", 240, fold=True), run.at("classic", "CXCL8_mRNA", 1440, fold=True)
    assert f[i] >= V.INDUCED_FOLD > max(at4, at24), "the model's early CXCL8 peak under classic signalling"
    assert "induces CXCL8 in none of the endothelial cells compared (read at 4 h or 24 h)" in s3
    assert "is not reproduced at those times" in s3 and "is not reproduced here" not in s3
    assert f"classic CXCL8 in huvec_zegeye2018 {f[i]:.3g}x at {run.times[i] / 60:.1f} h" in s3
    assert "stay below the 2x induction threshold at 4 h and 24 h" in s3
    # HepG2 is no endothelial cell: its genes are not listed
    early = s3[s3.index("calls of this claim read the fold change at 4 h and 24 h only"):]
    assert "hepg2" not in early[:early.index("</p>")]
    # the figure caption says the calls read two times, not the curve's peak
    tc = page[page.index("id='timecourses'"):]
    assert "read the fold change at those two times only" in tc
    c1 = page[page.index("C1 Cellular response", page.index("id='discussion'")):]
    assert "induced at 4 h or 24 h" in c1[:c1.index("</div>")]


def test_no_early_peak_sentence_where_every_gene_is_read_as_induced():
    from types import SimpleNamespace

    from il6sim.compare.discussion import _early_peaks

    t = np.arange(0.0, 1441.0, 60.0)
    run = SimpleNamespace(times=t, fold=lambda route, obs: 1.0 + 3.0 * np.exp(-((t - 60.0) / 40.0) ** 2))
    induced = {"classic": SimpleNamespace(folds={g: (3.0, 1.0) for g in V.INFLAMMATORY_GENES}),
               "trans": SimpleNamespace(folds={g: (3.0, 1.0) for g in V.INFLAMMATORY_GENES})}
    assert _early_peaks({"x": run}, {"x": induced}, ["x"]) == []
    missed = {r: SimpleNamespace(folds={g: (1.2, 1.0) for g in V.INFLAMMATORY_GENES}) for r in ("classic", "trans")}
    out = _early_peaks({"x": run}, {"x": missed}, ["x"])
    assert len(out) == 2 * len(V.INFLAMMATORY_GENES) and out[0].startswith("classic ICAM1 in x 4x at 1.0 h")


def test_the_reports_own_words_are_defined_before_the_summary_table(page):
    # 'signalling unit', 'active units', 'pY759', 'trans-group', 'half-rise' and 'grade A' appeared in the
    # tables and the discussion with no definition anywhere above them; they are a term-and-meaning list
    start = page.index("id='terms'")
    assert page.index("id='short'") < start < page.index("<table class='summary'>")
    terms = page[start:page.index("</dl>", start)]
    rest = page[:start] + page[page.index("</dl>", start):]
    for defined, used in (("<dt>Seed</dt>", "seed ref ["), ("<dt>Signalling unit</dt>", "units"),
                          ("<dt>Active unit</dt>", "active units"), ("<dt>pY759</dt>", "pY759"),
                          ("<dt>Trans group</dt>", "trans-group"), ("<dt>Half-rise</dt>", "half-rise"),
                          ("<dt>Grade</dt><dd>of the literature: A,", "grade A"), ("<dt>AUC</dt>", "AUC"),
                          ("<dt>Fold</dt>", "fold"), ("<dt>K_erk, K_akt</dt>", "K_erk")):
        assert used in rest, used
        assert defined in terms, defined
    assert terms.count("<dt>") == terms.count("<dd>") >= 10
    assert "EVIDENCE" not in terms
    # the AUC's unit as the comparison table says it (compare.comparison.readout_unit); it said 'fraction x min'
    auc = terms[terms.index("<dt>AUC</dt>"):]
    auc = auc[:auc.index("</dd>")]
    assert "fraction of total STAT3 x min" in auc and "in fraction x min" not in auc


def test_s4_literature_names_the_paper_as_the_subject_of_its_sentence(page):
    # it read 'The paper found (Robinson et al. 2021) reports 445 ...'
    start = page.index("S4 Global gene expression", page.index("id='discussion'"))
    s4 = page[start:page.index("</div>", start)]
    lit = s4[s4.index("<b>Literature</b>"):]
    lit = lit[:lit.index("</p>")]
    assert "Robinson et al. 2021 report 445 differentially expressed genes under trans-signalling" in lit
    assert "The paper found" not in lit and "found (" not in lit


def test_figure_captions_say_what_is_plotted(comparison, tmp_path):
    # the captions read 'Agreement by claim and cell (worst metric per cell).', 'hepg2: time courses under the
    # seed conditions.' and 'Dose-response curves: markers simulated, ...': no axis, unit or panel named
    from il6sim.report.html import _dose_response_caption, render_html

    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    page = H.unescape(render_html(comparison, {"agreement": png, "timecourses_hepg2": png}))
    caps = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", page, flags=re.S)
    agreement = next(c for c in caps if c.startswith("Agreement"))
    for words in ("Left: does the model reproduce the seed's claim", "right: does it match the primary literature",
                  "worst verdict", "an empty square"):
        assert words in agreement, words
    hepg2 = next(c for c in caps if c.startswith("hepg2"))
    p = comparison.runs["hepg2"].parameters
    assert f"hepg2 ({p['IL6R_per_cell']:,.0f} IL-6R and {p['gp130_per_cell']:,.0f} surface gp130 per cell)" in hepg2
    for words in ("Top, 0-6 h", "fraction of the total protein", "SOCS3 protein in nM", "Bottom, 0-24 h",
                  "fold change vs the untreated cell"):
        assert words in hepg2, words
    for words in ("pSTAT3 at 30 min against dose (nM", "Top left: agonists", "Top right: sgp130Fc",
                  "Bottom: antibodies and JAK inhibitors",
                  "fraction of the uninhibited response left", "seed's sgp130Fc dose", "dashed against trans",
                  "gp130_only (gp130, no IL-6R)",
                  # the unit as the comparison table says it (it said 'fraction of STAT3')
                  "pSTAT3 above the unstimulated level (fraction of total STAT3)"):
        assert words in _dose_response_caption(), words



def test_agreement_caption_says_which_claims_apply_to_which_cell_preset(comparison, tmp_path):
    # the caption explained the squares but not why a preset has n/a or empty squares: that which claims are
    # judged depends on the cell preset (hepg2 is outside the endothelial claims, the reference systems carry
    # S6/E4), so a column of n/a read as a gap in the run
    from il6sim.report.html import render_html

    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    page = H.unescape(render_html(comparison, {"agreement": png}))
    caps = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", page, flags=re.S)
    agreement = next(c for c in caps if c.startswith("Agreement"))
    for words in ("Which claims apply depends on the cell preset",
                  "S1, S2, S3, C1 (about endothelial cells) in huvec_zegeye2018;",
                  "S5 (about any cell that answers IL-6) in huvec_zegeye2018, hepg2",
                  "(here hepg2 for S1, S2, S3, C1)", "does not apply to that preset, not that the model fails it"):
        assert words in agreement, (words, agreement)
    assert "S1, S2, S3, C1 (about endothelial cells) in huvec_zegeye2018, hepg2" not in agreement


def test_summary_table_has_ten_columns_with_widths_for_the_verdict_and_notes(comparison, page):
    # 12 columns (cell, metric, unit, 4 numbers, verdict, agrees, vs literature, literature verdict, note) left
    # the verdict and the note a few words wide at 1280 px: rows wrapped to 5-8 lines. The unit now sits under
    # the metric, a differing literature verdict opens the notes, and the columns get widths
    from il6sim.report.html import SUMMARY_HEADERS

    table = page[page.index("<table class='summary'>"):]
    table = table[:table.index("</table>")]
    head = re.search(r"<tr>(.*?)</tr>", table, flags=re.S).group(1)
    assert re.findall(r"<th>(.*?)</th>", head) == list(SUMMARY_HEADERS) and len(SUMMARY_HEADERS) == 10
    widths = [float(w) for w in re.findall(r"<col style='width:([0-9.]+)%'>", table)]
    assert len(widths) == 10 and abs(sum(widths) - 100) < 0.5, widths
    verdict, notes = widths[SUMMARY_HEADERS.index("model verdict")], widths[SUMMARY_HEADERS.index("notes")]
    assert verdict >= 20 and notes >= 18 and max(widths[2:6]) <= 7, widths
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]]
    assert rows and all(r.count("<td") == 10 for r in rows), [r.count("<td") for r in rows]
    # the unit under the metric; the literature verdict where it differs, at the start of the notes
    (peak,) = [r for r in rows if ">huvec_zegeye2018<" in r and "pSTAT3 peak response" in r]
    assert "pSTAT3 peak response<br><span class='unit'>fraction of total STAT3</span>" in peak
    differs = [r for r in comparison.rows if r.claim == "S2" and r.cell == "huvec_zegeye2018"][0]
    assert f"<td class='notes'><b>literature:</b> {differs.literature_verdict}" in H.unescape(page)
    # numbers and cell names stay on one line; the key says where the unit and the literature verdict went
    assert "table.summary td.num{white-space:nowrap}" in page and "td class='cell'" in table
    key = page[page.index("id='summary'"):page.index("<table class='summary'>")]
    assert "(under the metric's name)" in key and "<b>notes</b>: the row's literature verdict" in key

def _claim_block(page, cid):
    start = page.index(f"<h3>{cid} ", page.index("id='discussion'"))
    return page[start:page.index("</div>", start)]


def test_discussion_numbers_carry_their_units(comparison, page):
    # 'peak +0.62 at 14 min', 'surface IL-6R falls to 28', 'pAkt +0.06, pERK +0.08' and 'pSTAT3 AUC 85 vs 126'
    # gave a fraction, a copy number and an area with no unit
    s1, s2, s5 = (_claim_block(page, c) for c in ("S1", "S2", "S5"))
    m = comparison.metrics["huvec_zegeye2018"]
    assert f"(peak +{m['classic'].pstat3.peak_response:.2f} of total STAT3 at " in s1
    assert re.search(r"surface IL-6R falls to [0-9]+ per cell\)", s1)
    assert "Units per cell with active JAK1 at the peak" in s1
    assert re.search(r"against \+[0-9.-]+ of total STAT3; ", s1)
    assert f"pERK +{m['classic'].perk_peak:.2f} of total Akt and ERK)" in s2
    for c in comparison.cells:
        a, b = comparison.metrics[c]["classic"].pstat3.auc, comparison.metrics[c]["trans"].pstat3.auc
        assert f"pSTAT3 AUC {a:.0f} vs {b:.0f} fraction of total STAT3 x min" in s5, c  # the table's unit


@pytest.mark.parametrize("ratio, words, verdict", [
    (128.0, "inside the literature's 100-1000", "yes"),
    (15.0, "below the literature's 100-1000 (Fischer 1997), but above the 10 from which the summary table calls "
           "it 'partly'", "partly"),
    (3.0, "and below 10: 'no' in the summary table", "no"),
    (float("nan"), "no ratio to set beside the literature's 100-1000", "no")])
def test_s6_text_places_the_potency_ratio_as_the_table_does(ratio, words, verdict):
    # S6 said 'ratio 15, outside the literature's 100-1000' beside a summary-table row that says 'partly'
    from il6sim.compare.discussion import _potency_place

    assert V.agree_potency(ratio) == verdict
    assert words in _potency_place(ratio)


def test_answer_does_not_overstate_what_soluble_il6r_adds_in_endothelial_cells(comparison, page):
    # 'the endothelial presets gain most from soluble IL-6R' read as trans carrying their response, while IL-6
    # alone gives two thirds of their pSTAT3 area (and the map calls classic the larger share there)
    m = comparison.metrics["huvec_zegeye2018"]
    assert m["classic"].pstat3.auc / m["trans"].pstat3.auc > 0.5
    answer = page[page.index("id='short'"):page.index("</p>", page.index("id='short'"))]
    assert "gain more from soluble IL-6R than cells with more IL-6R" in answer and "gain most" not in answer
    assert "though IL-6 alone still gives more than half of their pSTAT3 area" in answer


def test_answer_names_the_runs_cells_with_many_il6r_and_their_share(comparison, page):
    # the answer named 'HepG2, hepatocytes' whatever the run held; it now names the run's cells with >= 1,000
    # IL-6R and what IL-6 alone gives of the IL-6 + sIL-6R pSTAT3 area there
    answer = page[page.index("id='short'"):page.index("</p>", page.index("id='short'"))]
    many = [c for c in comparison.cells if comparison.runs[c].parameters["IL6R_per_cell"] >= 1000]
    assert many, comparison.cells
    assert f"Cells with a thousand IL-6R or more ({', '.join(many)})" in answer
    assert "hepatocytes" not in answer or "hepatocyte" in many
    low = min(comparison.metrics[c]["classic"].pstat3.auc / comparison.metrics[c]["trans"].pstat3.auc for c in many)
    assert f"IL-6 alone gives {low:.0%}" in answer


def test_a_report_made_from_python_does_not_name_a_command_of_none(page):
    # a comparison run from Python has no command line: the header read 'generated ... by None'
    head = page[:page.index("<nav>")]
    assert "None" not in head and "from the Python API (run_comparison)" in head


def test_table_units_name_the_readout_as_the_text_does(comparison, page):
    # the table and comparison.csv said 'fraction of STAT3', 'fraction x min' and 'fraction of total' (of which
    # protein?) where the axes and the text say Observable.unit_words: 'fraction of total STAT3'
    from il6sim.model.reference import reference_model

    words = {o: reference_model().observable_map[o].unit_words for o in ("pSTAT3", "pAkt", "pERK")}
    units = {(r.claim, r.metric): r.unit for r in comparison.rows}
    assert units[("S1", "pSTAT3 peak response")] == words["pSTAT3"] == "fraction of total STAT3"
    assert units[("S1", "pSTAT3 AUC 0-24 h")] == "fraction of total STAT3 x min"
    assert units[("S2", "pAkt peak response")] == words["pAkt"] == "fraction of total Akt"
    assert units[("S2", "pERK peak response")] == words["pERK"] == "fraction of total ERK"
    frame = comparison.to_frame()  # comparison.csv's columns
    assert not set(frame.unit) & {"fraction of STAT3", "fraction x min", "fraction of total"}
    table = page[page.index("<table"):]
    assert "<span class='unit'>fraction of total STAT3 x min</span>" in table and "fraction x min<" not in table


def test_gene_folds_near_the_threshold_do_not_print_as_the_threshold():
    # ec_overlapping's trans ICAM1 read 'not induced (2x / 1.5x)' at 1.97x, and trans CCL2 'induced (2x / 1.3x)'
    # at 2.03x: two digits rounded both to the 2x threshold, so the words and the number disagreed. The verdicts
    # and the S3 discussion now give three significant digits, as the table's columns do
    from types import SimpleNamespace

    from il6sim.compare.comparison import CONDITION_ORDER, ConditionMetrics, _rows_for_cell
    from il6sim.readouts.metrics import TimeCourseMetrics

    def metrics(icam1, ccl2):
        pstat3 = TimeCourseMetrics(baseline=0.0, peak=0.6, time_to_peak=15.0, peak_response=0.6, auc=100.0,
                                   duration=30.0, late_fraction=0.05, kind="transient")
        folds = {"ICAM1": icam1, "CCL2": ccl2, "CXCL8": (1.5, 1.1), "SOCS3": (5.0, 2.0)}
        return ConditionMetrics(pstat3=pstat3, pstat3_30=0.5, pakt_peak=0.2, perk_peak=0.2, folds=folds,
                                socs3_t_half=20.0, active_units_peak=20.0, active_units_2h=0.0,
                                classic_units_peak=50.0, trans_units_peak=80.0, socs3_protein_2h=1.0)

    m = {c: metrics((1.61, 1.2), (1.88, 1.1)) for c in CONDITION_ORDER}
    m["trans"] = metrics((1.97, 1.47), (2.03, 1.3))
    rows = {r.metric.split()[0]: r for r in _rows_for_cell(SimpleNamespace(cell="ec_overlapping"), m)
            if r.claim == "S3"}
    assert "trans not induced (1.97x / 1.47x)" in rows["ICAM1"].model_verdict, rows["ICAM1"].model_verdict
    assert "trans induced (2.03x / 1.3x)" in rows["CCL2"].model_verdict
    assert "classic not induced (1.88x / 1.1x)" in rows["CCL2"].model_verdict
    assert not any("(2x" in r.model_verdict for r in rows.values())


def test_s3_discussion_folds_read_as_the_verdicts(comparison, page):
    # the S3 lines gave '1.9x/1.5x ... 2x/1.5x' beside a table of 1.93 and 1.97: each fold now has the table's
    # three digits, so a fold just under 2 does not read as the threshold
    from il6sim.compare.discussion import discuss

    s3 = discuss(comparison)["S3"]
    cl, tr = comparison.metrics["huvec_zegeye2018"]["classic"], comparison.metrics["huvec_zegeye2018"]["trans"]
    (line,) = [p for p in s3 if p.startswith("huvec_zegeye2018 (fold at 4 h / 24 h)")]
    for g in ("ICAM1", "CCL2", "CXCL8"):
        expect = (f"{g} {cl.folds[g][0]:.3g}x/{cl.folds[g][1]:.3g}x classic vs {tr.folds[g][0]:.3g}x/"
                  f"{tr.folds[g][1]:.3g}x trans")
        assert expect in line, line
    row = [r for r in comparison.rows if r.claim == "S3" and r.cell == "huvec_zegeye2018"][0]
    assert f"({cl.folds['ICAM1'][0]:.3g}x / {cl.folds['ICAM1'][1]:.3g}x)" in row.model_verdict
    assert row.model_verdict in page


def test_endothelial_scenarios_say_that_each_preset_was_set_to_reproduce_its_paper(page):
    # 'Two presets reach them' left a biologist to guess what a preset reaching a paper means; the introduction
    # and the S2 discussion say the presets' ERK/Akt thresholds were chosen to reproduce one paper each
    start = page.index("id='endothelial'")
    section = page[start:page.index("id='methods'", start)]
    assert "reach them" not in section
    assert "Each has a preset whose ERK/Akt thresholds were set to reproduce it" in section


def test_endothelial_scenarios_without_their_presets_say_so_instead_of_an_empty_table(comparison):
    # with --cells hepg2 the section showed a table of headers and no row
    import dataclasses

    from il6sim.report.html import render_html

    only = dataclasses.replace(comparison, cells=("hepg2",),
                               rows=tuple(r for r in comparison.rows if r.cell == "hepg2"))
    page = H.unescape(render_html(only, {}))
    start = page.index("id='endothelial'")
    section = page[start:page.index("id='methods'", start)]
    assert "<table>" not in section
    assert "Neither preset is among the cells of this run" in section and "--cells" in section
    full = H.unescape(render_html(comparison, {}))
    start = full.index("id='endothelial'")
    assert "<td>huvec_zegeye2018</td>" in full[start:full.index("id='methods'", start)]


def test_every_link_of_the_contents_leads_to_a_section_of_the_page(comparison, page):
    # with --map-grid 0 (no map) the contents still linked to '#map', and without pharmacology to '#pharmacology'
    ids = set(re.findall(r"id='([^']+)'", page))
    links = re.findall(r"href='#([^']+)'", page)
    assert "map" not in ids and "pharmacology" not in ids  # the fixture has neither
    assert links and [h for h in links if h not in ids] == []
    assert {"short", "summary", "endothelial", "provenance"} <= set(links)
