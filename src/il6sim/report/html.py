"""The comparison report: one self-contained HTML page plus CSV and figures.

:func:`write_comparison_report` writes into a folder:

* ``report.html``: summary table (agreement highlighted), per-claim discussion,
  time-course figures, dose-response and pharmacology, the IL-6R : gp130 map,
  the endothelial scenarios, thresholds, methods, assumptions, the parameters
  with units and sources, and provenance. Figures are embedded (base64 PNG),
  so the page needs no other file.
* ``comparison.csv`` (the table), ``pharmacology.csv``, ``receptor_map.csv``,
  ``provenance.json``;
* ``figures/*.png`` and ``figures/*.svg``.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import json
import logging
import math
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from ..compare.claims import CLAIMS, ENDOTHELIAL_PRESETS
from ..compare.comparison import readout_unit
from ..compare.conditions import (CONDITIONS, DRUG_PREINCUBATION_MIN, SEED_DOSES, SGP130FC_PREINCUBATION_MIN,
                                  seed_dose_nM)
from ..compare.discussion import discuss, late_share, sustained_routes
from ..compare.receptor_map import preset_ratio_from_run
from ..compare.verdicts import thresholds
from ..model.agents import find_agent
from ..model.overrides import format_values
from ..model.presets import PRESETS
from ..model.reference import reference_model
from . import compare_plots as CP

log = logging.getLogger(__name__)

_CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;
color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
h3{margin-bottom:.3em}
table{border-collapse:collapse;font-size:.82em;margin:.6em 0;width:100%} td{overflow-wrap:break-word} th,td{border:1px solid #ccc;padding:3px 6px;
vertical-align:top} th{background:#f2f2f2;position:sticky;top:0} td.num{text-align:right;font-variant-numeric:tabular-nums}
.yes{background:#d9f2d0}.partly{background:#fff0b3}.no{background:#f8c9c9}.na{background:#f4f4f4;color:#777}
.nm{background:#e6e6e6}
.claim{border-left:4px solid #888;padding:.2em .8em;margin:1em 0;background:#fafafa}
.small{font-size:.85em;color:#555} img{max-width:100%;border:1px solid #eee} code{background:#f4f4f4;padding:0 3px}
nav a{margin-right:1em}
dl.terms{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.3em 0 1em}
dl.terms dt{font-weight:bold} dl.terms dd{margin:0}
tr.group td{background:#eef3f8;border-top:2px solid #999}
table.summary td.num{white-space:nowrap} table.summary td.cell{white-space:nowrap}
table.summary .unit{font-size:.9em;color:#555}
@media (max-width:900px){td{overflow-wrap:anywhere} table.summary td.num,table.summary td.cell{white-space:normal}}
"""


def _e(x) -> str:
    return html.escape(str(x))


def _num(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float):
        if not math.isfinite(x):
            return "n/a"
        if abs(x) < 1e-9:  # solver round-off (e.g. IL-6 alone on gp130-only cells), as the text table prints it
            return "0"
        if abs(x) < 0.01 or abs(x) >= 1e4:
            return f"{x:.3g}"
        return f"{x:.3g}" if abs(x) < 100 else f"{x:.0f}"
    return _e(x)


def _param_num(x) -> str:
    """A parameter value or copy number as the parameter tables write it: three significant digits, thousands
    separated from 1,000 to below 10 million, and never rounded to 0 (a cell's volume is 2e-12 L: the result
    tables' rule that prints solver round-off as 0 does not apply to parameters).

    >>> [_param_num(v) for v in (2e-12, 0.035, 100, 1200.0, 15000.0, 2e5, 6.02214076e14, 0.0, 3356)]
    ['2e-12', '0.035', '100', '1,200', '15,000', '200,000', '6.02e+14', '0', '3,356']
    """
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return _e(x)
    if not math.isfinite(x):
        return "n/a"
    if isinstance(x, int):
        return f"{x:,}"
    if 1e3 <= abs(x) < 1e7 and float(f"{x:.3g}").is_integer():
        return f"{int(float(f'{x:.3g}')):,}"
    return f"{x:.3g}"


def _cls(v: str) -> str:
    return {"yes": "yes", "partly": "partly", "no": "no", "n/a": "na", "not modelled": "nm"}.get(v, "")


def _table(headers, rows, num_cols=()) -> str:
    out = ["<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"]
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            if isinstance(v, tuple):  # (text, css class)
                cells.append(f'<td class="{v[1]}">{_e(v[0])}</td>')
            elif i in num_cols:
                cells.append(f'<td class="num">{_num(v)}</td>')
            else:
                cells.append(f"<td>{_e(v) if v is not None else ''}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _img(path: Path, alt: str) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{data}"><figcaption class="small">{_e(alt)}' \
           f"</figcaption></figure>"


#: the summary table's columns (10; with an ensemble 11): the unit sits under the metric and a row's literature
#: verdict, where it differs from the claim's, opens its notes, so that the verdict text has room at 1280 px
SUMMARY_HEADERS = ("cell", "metric (unit)", "classic", "trans", "Hyper-IL-6", "trans + sgp130Fc", "model verdict",
                   "agrees", "model vs literature", "notes")


def _summary_table(comparison, claims, robustness=None) -> str:
    """The comparison rows grouped by claim: one header row per claim (seed claim, literature verdict),
    then one row per cell and metric. A row's literature verdict is shown only where it differs from the
    claim's (at the start of its notes). With ``robustness`` a column says how often each verdict holds across
    the ensemble."""
    headers = list(SUMMARY_HEADERS)
    across = {}
    if robustness is not None:
        headers.append(f"across the '{robustness.parameter_set}' ensemble")
        across = {id(r): rb for r, rb in zip(robustness.comparison.rows, robustness.rows)}
    # widths (%) that give the verdict and the notes room and keep numbers and short words on one line
    widths = [10, 15, 5.5, 5.5, 5.5, 6.5, 21, 5.5, 6.5, 19] + ([12] if robustness is not None else [])
    cols = "<colgroup>" + "".join(f"<col style='width:{100 * w / sum(widths):.1f}%'>" for w in widths) + "</colgroup>"
    out = [f"<table class='summary'>{cols}<tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"]
    by: dict = {}
    for r in comparison.rows:
        by.setdefault(r.claim, []).append(r)
    for cid, rows in by.items():
        c = claims[cid]
        out.append(f"<tr class='group'><td colspan='{len(headers)}'><b>{_e(cid)} {_e(c.row)}</b> &mdash; "
                   f"<b>seed:</b> {_e(c.seed_text)} <span class='small'>({_e(c.seed_system)})</span>; "
                   f"<b>literature:</b> {_e(c.literature_verdict)} <span class='small'>[{_e(c.sources)}; grade "
                   f"{_e(c.grade)}]</span></td></tr>")
        for r in rows:
            lit = "" if r.literature_verdict == c.literature_verdict else r.literature_verdict
            metric = _e(r.metric) + (f"<br><span class='unit'>{_e(r.unit)}</span>" if r.unit else "")
            notes = [f"<b>literature:</b> {_e(lit)}" if lit else "",
                     f"<span class='small'>{_e(r.note)}</span>" if r.note else ""]
            cells = [f"<td class='cell'>{_e(r.cell)}</td>", f"<td>{metric}</td>"]
            cells += [f"<td class='num'>{_num(v)}</td>" for v in (r.classic, r.trans, r.hyper, r.trans_sgp130Fc)]
            cells += [f"<td class='verdict'>{_e(r.model_verdict)}</td>",
                      f"<td class='{_cls(r.agrees)}'>{_e(r.agrees)}</td>",
                      f"<td class='{_cls(r.model_vs_literature)}'>{_e(r.model_vs_literature)}</td>",
                      f"<td class='notes'>{'<br>'.join(n for n in notes if n)}</td>"]
            if id(r) in across:
                cells.append(_across_cell(across[id(r)], robustness.members_failed))
            out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _map_lines_text(drawn, levels=None, span=None) -> str:
    """The receptor-map caption's words on its contour lines: those drawn, and why the others are absent.

    The lines are drawn over IL-6R > 0 only (the IL-6R = 0 column sits apart, and its ratio is near 0), so the
    words about an absent line say where it is absent. ``span``: the lowest and highest ratio there, which say
    on which side of an absent line the ratio stays ('never reaches 0.1' read as if the ratio stayed below it,
    where it stays above).

    >>> _map_lines_text([0.5, 0.9], (0.1, 0.5, 0.9), span=(0.13, 1.0))
    'lines at ratio 0.5, 0.9 (solid: 0.5); where IL-6R > 0 the ratio stays above 0.1 (lowest 0.13), so that line is absent'
    >>> _map_lines_text([0.9], (0.1, 0.5, 0.9))
    'line at ratio 0.9; where IL-6R > 0 the ratio does not cross 0.1 or 0.5, so those lines are absent'
    """
    levels = CP.MAP_LEVELS if levels is None else levels
    missing = [v for v in levels if v not in drawn]
    text = (f"line{'s' if len(drawn) > 1 else ''} at ratio {', '.join(f'{v:g}' for v in drawn)}"
            + (" (solid: 0.5)" if 0.5 in drawn else "") if drawn else "no contour line")
    if missing:
        lo, hi = span if span is not None else (float("nan"), float("nan"))
        above = [v for v in missing if lo > v]
        below = [v for v in missing if hi < v]
        other = [v for v in missing if v not in above and v not in below]
        why = ([f"stays above {max(above):g} (lowest {lo:.2f})"] if above else []) \
            + ([f"stays below {min(below):g} (highest {hi:.2f})"] if below else []) \
            + ([f"does not cross {' or '.join(f'{v:g}' for v in other)}"] if other else [])
        text += (f"; where IL-6R > 0 the ratio {' and '.join(why)}, so "
                 + ("that line is" if len(missing) == 1 else "those lines are") + " absent")
    return text


def _map_span(rmap) -> tuple[float, float] | None:
    """Lowest and highest classic/trans ratio of the receptor map where IL-6R > 0 (None if none is finite)."""
    r = np.asarray(rmap.ratio, float)[:, np.asarray(rmap.il6r, float) > 0]
    r = r[np.isfinite(r)]
    return (float(r.min()), float(r.max())) if r.size else None


def _summary_key() -> str:
    """What the summary table's columns and agreement values mean (above the table)."""
    cond = "; ".join(f"<b>{_e(CONDITIONS[k][0].split(' (')[0])}</b>: {_e(CONDITIONS[k][1])}"
                     for k in ("classic", "trans", "hyper", "trans_sgp130Fc"))
    return ("<p class='small'><b>Columns.</b> Each number is the row's metric, in the row's unit (under the metric's "
            "name), for one condition "
            f"of the seed protocol: {cond}. pSTAT3, pAkt and pERK are responses above the value at t = 0; mRNA "
            "values are fold changes vs the untreated cell at the same time. In S6 the trans and Hyper-IL-6 "
            "columns hold EC50s; in S8 the classic and trans columns hold the change that sgp130Fc makes to "
            "each. <b>agrees</b>: does the model reproduce the seed's "
            "claim; <b>model vs literature</b>: does it match the primary literature. <b>yes</b>: every part of "
            "the claim holds in the model; <b>partly</b>: some parts do; <b>no</b>: none does; <b>n/a</b>: the "
            "claim is about other cells (the row is shown for reference) or there is no literature verdict to "
            "compare with; <b>not modelled</b>: the model has no such readout. <b>notes</b>: the row's literature "
            "verdict where it differs from the claim's (which heads each claim's rows), then how the row was "
            "computed. The thresholds behind the words are under <a href='#rules'>Classification rules</a>.</p>")


def _across_cell(rb, failed: int) -> str:
    """A summary-table cell: 'holds in 87 of 100 members', then agrees and the other verdict, if any."""
    n = rb.members
    head = f"holds in {rb.verdict_holds} of {n} members"
    if rb.verdict_holds < n:
        head = f"<b>{head}</b>"
    parts = [head, f"agrees holds in {rb.agrees_holds} of {n}"]
    if failed:
        parts.append(f"{failed} more failed to simulate")
    if rb.alternative_verdict is not None:
        parts.append(f"otherwise mostly ({rb.alternative_members}): {_e(rb.alternative_verdict)}")
    return "<td class='small' data-col='ensemble'>" + "; ".join(parts) + "</td>"


def _ensemble_note(robustness) -> str:
    """The paragraph above the summary table when it was computed with a parameter set and its ensemble."""
    r = robustness
    failed = (f" {r.members_failed} of them failed to simulate (members "
              f"{', '.join(str(i) for i, _ in r.failed[:10])}{', ...' if r.members_failed > 10 else ''}) and are "
              "not counted." if r.failed else "")
    values = format_values(r.comparison.provenance.get("parameters", {}))
    return (f"<p class='claim'><b>Computed with the parameter set <code>{_e(r.parameter_set)}</code></b> (the "
            "joint HepG2 + PHH calibration, docs/calibration.md), applied on top of every cell preset, the "
            "reference systems and the dose-responses: <b>not the model's default values</b>, so numbers and "
            f"verdicts may differ from <code>il6sim compare</code> without <code>--uncertainty</code>. "
            f"Values: {_e(values)}.<br>The last column of the summary table counts, out of {r.members_used} "
            f"members of the set's ensemble (of {r.members_requested} run),{failed} those whose verdict in "
            "words (the verdict text with its numbers masked) and whose <b>agrees</b> value are those of the set's best values. It "
            "describes how robust each verdict is to the parameter uncertainty of that set, not to what the "
            f"model structure gets wrong. Spreads of the numbers: comparison.csv (classic_lower ... "
            f"trans_upper, 2.5/97.5 percentiles). {r.seconds:.0f} s.{_caveat(r.parameter_set)}</p>")


def _caveat(name: str) -> str:
    """The calibration checks the set failed when it was fitted, as a sentence for the report."""
    from ..fitting.ensemble import caveat

    note = caveat(name)
    return f"<br><b>Note:</b> {_e(note)}." if note else ""


def _parameters_note(values) -> str:
    """The paragraph above everything else when the table was computed with values other than the defaults."""
    text = format_values(values)
    return ("<p class='claim'><b>Computed with parameter values that are not the model's defaults</b>, applied on "
            "top of every cell preset, the reference systems and the dose-responses (see the command above), so "
            f"numbers and verdicts may differ from a plain <code>il6sim compare</code>. Values: {_e(text)}.</p>")


def _many_il6r(share: dict) -> str:
    """The sentence on the run's cells with >= 1,000 IL-6R; ``share``: IL-6 alone's pSTAT3 area over trans's.

    >>> _many_il6r({"hepg2": 0.77})
    'Cells with a thousand IL-6R or more (hepg2) respond to IL-6 alone nearly as well as to IL-6 + sIL-6R: IL-6 alone gives 77% of the pSTAT3 area (0-24 h) under IL-6 + sIL-6R. '
    >>> _many_il6r({})
    ''
    """
    if not share:
        return ""
    low = min(share.values())
    how = "nearly as well as" if low >= 0.7 else "less than"
    amount = f"{low:.0%}" + (" or more" if len(share) > 1 else "")
    return (f"Cells with a thousand IL-6R or more ({_e(', '.join(share))}) respond to IL-6 alone {how} to "
            f"IL-6 + sIL-6R: IL-6 alone gives {amount} of the pSTAT3 area (0-24 h) under IL-6 + sIL-6R. ")


def _in_short(comparison) -> str:
    """The answer first, in plain language, computed from this comparison's runs."""
    rows, not_transient, left, endo_share = [], sustained_routes(comparison), [], []
    many = {}  # cells with >= 1,000 IL-6R: IL-6 alone's share of the IL-6 + sIL-6R pSTAT3 area
    for c in comparison.cells:
        m, r = comparison.metrics.get(c), comparison.runs.get(c)
        if not m or "classic" not in m or "trans" not in m or r is None:
            continue
        cl, tr = m["classic"].pstat3, m["trans"].pstat3
        left += [late_share(r, "classic", cl), late_share(r, "trans", tr)]
        ratio = tr.auc / cl.auc if cl.auc > 0 else float("inf")
        if c in ENDOTHELIAL_PRESETS:
            endo_share.append(cl.auc / tr.auc if tr.auc > 0 else float("nan"))
        if r.parameters["IL6R_per_cell"] >= 1000 and tr.auc > 0:
            many[c] = cl.auc / tr.auc
        if math.isfinite(ratio):
            route = (f"IL-6 + sIL-6R gives {ratio:.2f}x the pSTAT3 area (0-24 h) of IL-6 alone, which reaches "
                     f"{1 / ratio:.0%} of it" if ratio > 0 else "IL-6 + sIL-6R gives no pSTAT3 response")
        else:
            route = "only IL-6 + sIL-6R gives pSTAT3: IL-6 alone gives none"
        rows.append(f"<li><b>{_e(c)}</b> ({r.parameters['IL6R_per_cell']:,.0f} IL-6R and "
                    f"{r.parameters['gp130_per_cell']:,.0f} surface gp130 per cell): {route}; classic {cl.kind}, "
                    f"trans {tr.kind}.</li>")
    if not rows:
        return ""
    left = [v for v in left if math.isfinite(v)]
    end = (f"; from two hours after the peak to the end of the run the response stays at or below {max(left):.0%} "
           "of its peak" if left else "")
    return ("<h2 id='short'>In short</h2><p>Which route carries the response depends on how many IL-6R a cell "
            "has against gp130. Cells with a few hundred IL-6R or fewer (the endothelial presets) gain more "
            "from soluble IL-6R than cells with more IL-6R: IL-6:sIL-6R binds the far larger gp130 pool, forms more "
            "signalling units and gives more pAkt, pERK and inflammatory-gene mRNA than IL-6 alone" + (
                ", though IL-6 alone still gives more than half of their pSTAT3 area" if endo_share and all(
                    v > 0.5 for v in endo_share) else "") + ". " + _many_il6r(many) + (
                "In every cell STAT3 activation is transient: units are internalised and destroyed and SOCS3 "
                f"silences most of the rest{end}." if not not_transient else
                "STAT3 activation is not transient everywhere in this run: sustained for "
                + _e(", ".join(not_transient)) + ".")
            + "</p><ul>" + "".join(rows) + "</ul>")


_AGREEMENT_CAPTION = (
    "Agreement by claim (rows) and cell (columns). Left: does the model reproduce the seed's claim (the table's "
    "agrees column); right: does it match the primary literature (model vs literature). Each square shows the "
    "worst verdict among that cell's rows of the claim (no, then partly, then yes; n/a or not modelled where no row "
    "has one of these); an empty square: the claim has no row for that cell. gp130_only and il6r_gp130 are "
    "reference systems (gp130 without IL-6R, and gp130 with IL-6R); hrec (RNA-seq) is the S4 transcriptome claim.")
#: what each claim scope (compare.claims) is about, in the agreement caption's words
_SCOPE_WORDS = {"endothelial": "about endothelial cells", "any": "about any cell that answers IL-6",
                "gp130_only": "about cells with gp130 but no IL-6R"}


def _agreement_caption(comparison, claims=CLAIMS) -> str:
    """The agreement figure's caption: what a square means, and which claims apply to which cell preset.

    A claim is judged only in the presets that stand for the cells it is about (its scope); in another preset
    its rows are computed for reference and read n/a, and a preset may have no row of it at all. Without
    saying so, a column of n/a or empty squares (hepg2, the reference systems) read as a gap in the run.
    """
    judged: dict[str, dict[str, None]] = {}     # claim -> columns where it is judged
    reference: dict[str, dict[str, None]] = {}  # column -> claims shown there for reference only
    for r in comparison.rows:
        if "outside the claim's cells" in str(r.note):
            reference.setdefault(r.cell, {})[r.claim] = None
        else:
            judged.setdefault(r.claim, {})[r.cell] = None
    alike: dict[tuple, list[str]] = {}  # (scope, columns) -> the claims judged there
    for cid in dict.fromkeys(r.claim for r in comparison.rows):
        if cid in judged:
            alike.setdefault((getattr(claims.get(cid), "scope", ""), tuple(judged[cid])), []).append(cid)
    groups = []
    for (scope, cols), cids in alike.items():
        about = f" ({_SCOPE_WORDS[scope]})" if scope in _SCOPE_WORDS else ""
        groups.append(f"{', '.join(cids)}{about} in {', '.join(cols)}")
    text = (" Which claims apply depends on the cell preset: each claim is judged only in the presets that stand "
            "for the cells it is about. In this report: " + "; ".join(groups) + ".")
    if reference:
        text += (" In a preset outside a claim's cells the claim's rows are computed for reference only and read "
                 "n/a (here " + "; ".join(f"{col} for {', '.join(cids)}" for col, cids in reference.items())
                 + "): n/a there, like an empty square, means that the claim does not apply to that preset, "
                 "not that the model fails it.")
    return _AGREEMENT_CAPTION + text


def _dose_response_caption() -> str:
    """What the dose-response figure plots (the pSTAT3 unit in the words of compare.comparison.readout_unit)."""
    return (
        "pSTAT3 at 30 min against dose (nM, log axis): markers are simulated doses, lines Hill fits; dotted verticals "
        "mark each curve's EC50 or IC50 in its colour. Top left: agonists, pSTAT3 above the unstimulated level "
        f"({readout_unit('pSTAT3')}) against the dose of IL-6 (or of Hyper-IL-6). Top right: sgp130Fc and natural "
        "sgp130 against the seed stimuli, as the fraction of the uninhibited response left; the solid grey vertical is "
        "the seed's sgp130Fc dose (500 ng/mL). Each top panel has its key below it. Bottom: antibodies and JAK "
        "inhibitors on the same axis (key to the right), solid lines against classic, dashed against trans. Cells in "
        "brackets in the keys: il6r_gp130 (gp130 and IL-6R), gp130_only (gp130, no IL-6R).")


def _timecourse_caption(cell: str, run) -> str:
    """What one cell's time-course figure plots, with the cell's receptor copy numbers."""
    p = run.parameters
    return (f"{cell} ({p['IL6R_per_cell']:,.0f} IL-6R and {p['gp130_per_cell']:,.0f} surface gp130 per cell) under "
            "the seed conditions (colours in the key under the panels). Top, 0-6 h: pSTAT3, pAkt and pERK as the "
            "fraction of the total protein, SOCS3 protein in nM. Bottom, 0-24 h: ICAM1, CCL2, CXCL8 and SOCS3 mRNA "
            "as fold change vs the untreated cell (log axis).")


_TERMS = (
    ("Seed", "the guide whose table is audited; 'seed ref [n]' is a reference of that guide."),
    ("Classic", "IL-6 alone, signalling through membrane IL-6R."),
    ("Trans", "IL-6 + soluble IL-6R (sIL-6R), which also acts on cells with gp130 but no IL-6R."),
    ("Trans group", "the well given IL-6 + sIL-6R: in cells that carry IL-6R its response includes classic "
                    "signalling."),
    ("Signalling unit", "one IL-6 bound to one IL-6R (membrane or soluble) and one gp130 with its JAK1, half of the "
                        "2:2:2 receptor hexamer; classic units hold membrane IL-6R, trans units sIL-6R."),
    ("Active unit", "a signalling unit whose JAK1 is active."),
    ("pY759", "the gp130 phosphotyrosine that SOCS3 binds to switch a unit off."),
    ("Response", "pSTAT3, pAkt or pERK as the fraction of the total protein above its level at t = 0 "
                 "(+0.62 = 62% of all STAT3)."),
    # "AUC": its unit comes from the readout's own (compare.comparison.readout_unit), added by _terms()
    ("Fold", "mRNA relative to the untreated cell at the same time."),
    ("Half-rise", "the minutes SOCS3 mRNA takes to cover half of its rise from t = 0 to 4 h."),
    ("K_erk, K_akt", "active units per cell that give half-maximal ERK or Akt activation."),
    ("Grade", "of the literature: A, stated in a primary paper on a relevant human system; B, primary but indirect "
              "(other species, or qualitative); C, secondary or computed; -, not graded."),
    ("EC50 / IC50", "the dose that gives half of the maximal response, or leaves half of the uninhibited one."),
)


def _terms() -> str:
    """The report's own words, defined once (above the summary table) for a reader who has not read the model:
    a two-column list, term and meaning."""
    terms = list(_TERMS)
    k = next(i for i, (t, _) in enumerate(terms) if t == "Response") + 1
    terms.insert(k, ("AUC", f"the area under that response over time, in the readout's unit x min "
                            f"({readout_unit('pSTAT3', area=True)} for pSTAT3)."))
    items = "".join(f"<dt>{_e(t)}</dt><dd>{_e(d)}</dd>" for t, d in terms)
    return f"<h3 id='terms'>Terms used below</h3><dl class='terms small'>{items}</dl>"


def _stimulus_note(ph, spec) -> str:
    """Under the pharmacology tables: the IC50s are read against the seed's stimulus, far above its EC50, so those
    of the blockers that compete with it are not affinities."""
    il6 = ph.curves.get("il6_classic")
    tcz = ph.curves.get("tocilizumab_classic")
    if il6 is None or tcz is None or not (il6.reached and tcz.reached and il6.value_nM > 0):
        return ""
    dose = seed_dose_nM("IL-6")
    kd = spec.parameter_map["KD_tocilizumab"].value
    return ("<p class='small'>The inhibitors are read against the seed's stimulus, IL-6 "
            f"{_e(SEED_DOSES['IL-6'][0])} ({dose:.3g} nM), about {dose / il6.value_nM:,.0f}x the classic EC50 "
            f"({_e(il6.value_text)}). Blockers that compete with IL-6 for its receptor then act only far above "
            f"their KD: tocilizumab halves pSTAT3 at {_e(tcz.value_text)} with a KD of {kd:g} nM (parameter "
            "KD_tocilizumab). These are IC50s at this stimulus, not binding constants, and they depend on the IL-6 "
            "dose.</p>")


def render_html(comparison, figures: Mapping[str, Path], rmap=None, robustness=None) -> str:
    """The report as one HTML string (figures: stem -> PNG path; ``robustness``: the
    :class:`~il6sim.compare.robustness.EnsembleComparison` of ``comparison``, if any)."""
    spec = reference_model()
    prov = comparison.provenance
    disc = discuss(comparison, rmap)
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>il6sim: classic vs trans-signalling"
             f"</title><style>{_CSS}</style></head><body>"]
    parts.append("<h1>IL-6 classic vs trans-signalling: the seed's comparison table, computed and audited</h1>")
    parts.append(f"<p class='small'>il6sim {_e(prov['il6sim_version'])}, model {_e(prov['model']['name'])} "
                 f"{_e(prov['model']['version'])}, generated {_e(prov['finished_utc'])} "
                 + (f"by <code>{_e(prov['command'])}</code>" if prov.get("command") else "from the Python API "
                    "(run_comparison)") + ".</p>")
    short = _in_short(comparison)
    present = {"short": bool(short), "pharmacology": comparison.pharmacology is not None, "map": rmap is not None}
    nav = (("short", "In short"), ("summary", "Summary"), ("discussion", "Discussion"), ("timecourses", "Time courses"),
           ("pharmacology", "Pharmacology"), ("map", "IL-6R:gp130 map"), ("endothelial", "Endothelial scenarios"),
           ("methods", "Methods"), ("assumptions", "Assumptions"), ("parameters", "Parameters"),
           ("provenance", "Provenance"))
    # only sections this page has (no map with --map-grid 0, no pharmacology without it): no link to nowhere
    parts.append("<nav>" + "".join(f"<a href='#{k}'>{t}</a>" for k, t in nav if present.get(k, True)) + "</nav>")
    if robustness is not None:  # first: every number below is the set's, not the defaults'
        parts.append(_ensemble_note(robustness))
    elif prov.get("parameters"):
        parts.append(_parameters_note(prov["parameters"]))
    parts.append(short)
    parts.append(
        "<p>The seed document, <i>A Comparative Guide to Interleukin-6 Classical and Trans-Signaling</i> (a "
        "commercial technical guide, BenchChem, December 2025), compares classic signalling (IL-6 on membrane "
        "IL-6R) and trans-signalling (IL-6:sIL-6R on gp130) in a six-row table. Each row is computed here from "
        "simulation of the seed's own protocol and set beside the seed's claim and what the primary literature "
        "shows (the papers are named with each claim). <b>agrees</b>: does the model "
        "reproduce the seed's claim; <b>model vs literature</b>: does it match the primary literature. The model "
        "was not tuned to the seed, except that the two endothelial scenario presets of S2 set their ERK/Akt "
        "thresholds to reproduce one paper each (Zegeye 2018; the seed's ref [7]); where model and seed differ, "
        "the discussion says why.</p>")
    parts.append(_terms())

    # summary ------------------------------------------------------------------------------------------
    parts.append("<h2 id='summary'>Summary table</h2>")
    if "agreement" in figures:
        parts.append(_img(figures["agreement"], _agreement_caption(comparison)))
    parts.append(_summary_key())
    parts.append(_summary_table(comparison, CLAIMS, robustness))
    parts.append("<h3 id='rules'>Classification rules</h3>")
    parts.append(_table(["rule", "definition"], thresholds()))

    # discussion ---------------------------------------------------------------------------------------
    parts.append("<h2 id='discussion'>Claim by claim</h2>")
    for cid in ("S1", "S2", "S3", "S4", "C1", "S5", "S6", "S8", "E4"):
        c = CLAIMS[cid]
        parts.append(f"<div class='claim'><h3>{_e(cid)} {_e(c.row)}</h3>")
        parts.append(f"<p><b>Seed</b> ({_e(c.seed_system)}): {_e(c.seed_text)}.</p>")
        parts.append(f"<p><b>Literature</b> [grade {_e(c.grade)}]: {_e(c.literature)} "
                     f"<span class='small'>Sources: {_e(c.sources)}.</span></p>")
        for p in disc.get(cid, []):
            parts.append(f"<p>{_e(p)}</p>")
        parts.append("</div>")

    # time courses -------------------------------------------------------------------------------------
    parts.append("<h2 id='timecourses'>Time courses</h2><p>Each cell under the seed's conditions. Top: "
                 "phosphorylated fractions and SOCS3 protein over the first 6 h; bottom: mRNA fold change vs the "
                 "untreated cell at the same time over 24 h (log scale; dotted line = induction threshold, vertical "
                 "lines = 4 h and 24 h). The table's induced / not induced calls read the fold change at those two "
                 "times only: a gene whose curve crosses the threshold earlier and is back below it by 4 h is 'not "
                 "induced' there (the S3 discussion lists these early peaks). Where sgp130Fc leaves classic "
                 "signalling intact, the orange dots of classic + sgp130Fc run on the blue classic line.</p>")
    for cell in comparison.cells:
        key = f"timecourses_{cell}"
        if key in figures:
            parts.append(_img(figures[key], _timecourse_caption(cell, comparison.runs[cell])))

    # pharmacology -------------------------------------------------------------------------------------
    ph = comparison.pharmacology
    if ph is not None:
        parts.append("<h2 id='pharmacology'>Dose-response and pharmacology</h2>")
        parts.append("<p>pSTAT3 at 30 min after stimulation, as the response above the unstimulated level "
                     "(agonists) or the fraction of the uninhibited response left (inhibitors). Four-parameter Hill "
                     "fits in log-dose; an IC50 is 'not reached' when the highest dose leaves more than half of the "
                     "response. Inhibitors are given before the seed stimulus (sgp130Fc "
                     f"{SGP130FC_PREINCUBATION_MIN:g} min, tocilizumab, sarilumab and the JAK inhibitors "
                     f"{DRUG_PREINCUBATION_MIN:g} min), except siltuximab, which binds IL-6: it is premixed with "
                     f"the stimulus for {DRUG_PREINCUBATION_MIN:g} min and added with it. Where an IC50 is not "
                     "reached, no Hill slope or R2 is given (there is no midpoint for them to describe). "
                     "<b>value (mass)</b>: the same dose in ng/mL of the curve's own agent, from its molecular "
                     "weight (<code>il6sim presets agents</code>); for IL-6 + sIL-6R the mass of IL-6 "
                     f"({find_agent('IL-6').mw_g_per_mol / 1000:g} kDa); none for the JAK inhibitors, small "
                     "molecules dosed in nM.</p>")
        parts.append(_table(["curve", "cell", "stimulus", "measure", "value", "value (mass)", "Hill slope", "R2",
                             "note"],
                            [[s["curve"], s["cell"], s["stimulus"], s["measure"], s["value"], s["value_mass"],
                              s["hill"] if s["reached"] else "-", s["r2"] if s["reached"] else "-", s["note"]]
                             for s in ph.summary()], num_cols={6, 7}))
        parts.append(_table(["derived quantity", "model", "literature"],
                            [[d["quantity"], d["text"], d["literature"]] for d in ph.derived()]))
        if "dose_response" in figures:
            parts.append(_img(figures["dose_response"], _dose_response_caption()))
        parts.append(_stimulus_note(ph, spec))
        bari, ki_bari = ph.curves["baricitinib_classic"], spec.parameter_map["Ki_baricitinib"].value
        parts.append(
            "<p class='small'>JAK inhibitors act on JAK1 kinase activity: both JAK1 of a hexamer must be free to "
            f"trans-activate, and the active kinase must be free to phosphorylate STAT3, so with Ki_baricitinib = "
            f"{ki_bari:g} nM pSTAT3 at 30 min halves at {_e(bari.value_text)} (Fridman 2010: IL-6 signalling "
            "blocked in cells below 50 nM).</p>")

    # map ---------------------------------------------------------------------------------------------
    if rmap is not None:
        parts.append("<h2 id='map'>The IL-6R : gp130 map</h2>")
        for p in disc.get("MAP", []):
            parts.append(f"<p>{_e(p)}</p>")
        if "receptor_map" in figures:
            lines = _map_lines_text(CP.map_levels_drawn(rmap), span=_map_span(rmap))
            parts.append(_img(figures["receptor_map"], f"Classic/trans pSTAT3 AUC ratio (0-{rmap.window_min / 60:g} "
                                                       "h) over IL-6R and gp130 per cell, both on log axes (IL-6R = "
                                                       f"0 in its own column); {lines}; numbered circles: cell "
                                                       "presets at their own IL-6R and gp130. Values: "
                                                       f"receptor_map.csv (AUCs of the pSTAT3 response above baseline, "
                                                       f"{readout_unit('pSTAT3', area=True)}, "
                                                       f"0-{rmap.window_min / 60:g} h)."))

    # endothelial scenarios ---------------------------------------------------------------------------
    parts.append("<h2 id='endothelial'>Endothelial scenarios</h2>")
    parts.append("<p>The two endothelial papers disagree about classic signalling. Each has a preset whose "
                 "ERK/Akt thresholds were set to reproduce it: <code>huvec_zegeye2018</code> (Zegeye et al. 2018: "
                 "classic -> STAT3 only) and <code>ec_overlapping</code> (seed ref [7]: classic -> Akt and ERK). "
                 "Both papers report CCL2 only under trans.</p>")
    srows = []
    for cell in ("huvec_zegeye2018", "ec_overlapping"):
        if cell not in comparison.cells:
            continue
        s2 = [r for r in comparison.rows if r.claim == "S2" and r.cell == cell]
        ccl2 = [r for r in comparison.rows if r.claim == "S3" and r.cell == cell and r.metric.startswith("CCL2")]
        p = PRESETS[cell]
        srows.append([cell, _param_num(p.IL6R_per_cell), _param_num(p.gp130_per_cell),
                      ", ".join(f"{k}={_param_num(v)}" for k, v in p.parameters.items()),
                      s2[0].model_verdict if s2 else "", (s2[0].model_vs_literature, _cls(s2[0].model_vs_literature))
                      if s2 else "", ccl2[0].model_verdict if ccl2 else "",
                      (ccl2[0].agrees, _cls(ccl2[0].agrees)) if ccl2 else ""])
    if srows:
        parts.append(_table(["preset", "surface IL-6R/cell", "surface gp130/cell", "scenario parameters",
                             "pathways (model)", "reproduces its paper", "CCL2 (model)", "CCL2 only under trans"],
                            srows, num_cols={1, 2}))
    else:  # an empty table under a heading would read as a failed run
        parts.append("<p class='small'>Neither preset is among the cells of this run; add huvec_zegeye2018 or "
                     "ec_overlapping to the cells (<code>il6sim compare --cells</code>) for their table.</p>")

    # methods ------------------------------------------------------------------------------------------
    parts.append("<h2 id='methods'>Methods</h2>")
    dose_rows = []

    for agent, (dose, why) in SEED_DOSES.items():
        a = find_agent(agent)
        dose_rows.append([agent, dose, f"{seed_dose_nM(agent):.3g} nM", f"{a.mw_g_per_mol / 1000:g} kDa ({a.source})",
                          why])
    v_ml = spec.parameter_map["V_medium"].value * 1000.0
    n_cells = spec.parameter_map["N_cells"].value
    parts.append(
        "<p>Each cell type is simulated under six conditions: untreated; classic (IL-6); trans (IL-6 + sIL-6R); "
        "Hyper-IL-6; trans after sgp130Fc; classic after sgp130Fc. Stimulation at t = 0; sgp130Fc added "
        f"{SGP130FC_PREINCUBATION_MIN:g} min before. Medium {v_ml:g} mL, {n_cells:,.0f} cells (model defaults). Output "
        "on a 1-min grid to 24 h. pSTAT3, pAkt and pERK are fractions of the total protein; metrics use the "
        "response above the value at t = 0: peak, time to peak, duration at or above half of the peak response, "
        "AUC (trapezoidal, 0-24 h), transient/sustained by the response 2 h after the peak (or at 24 h, the end of "
        "the run, if that comes sooner), as in the classification rules. mRNA fold change = "
        "value / same observable at the same time in the untreated cell, read at 4 h and 24 h.</p>")
    parts.append(_table(["agent", "seed dose", "molar", "mass used", "why"], dose_rows))
    parts.append(f"<p>Engine: {_e(prov['solver']['engine'])}, rtol {prov['solver']['rtol']:g}, atol {prov['solver']['atol']:g}. "
                 "Hill fits: scipy least squares in log-dose (il6sim.readouts.metrics.fit_hill).</p>")
    parts.append("<h2 id='assumptions'>Model assumptions</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in spec.notes) +
                 "<li>All cells in a well are alike; medium and cell compartments are well mixed.</li>"
                 "<li>Every signalling unit signals (classic and trans units alike, docs/model.md).</li>"
                 "<li>pAkt and pERK are driven by active units whose pY759 is free of SOCS3, with scenario "
                 "thresholds (K_akt, K_erk) and their own negative feedback; "
                 "genes respond to nuclear pSTAT3, pERK and pAkt through weighted Hill promoters.</li>"
                 "<li>No survival, injury or transcriptome readouts (claims C1 and S4 are only partly or not "
                 "modelled).</li></ul>")
    # parameters ---------------------------------------------------------------------------------------
    parts.append("<h2 id='parameters'>Parameters used, with sources</h2>")
    parts.append("<h3>Cell presets</h3>")
    used = list(dict.fromkeys([*comparison.cells, *comparison.runs.keys()]))
    parts.append(_table(["preset", "surface IL-6R/cell", "surface gp130/cell", "scenario parameters", "description",
                         "source"],
                        [[n, _param_num(PRESETS[n].IL6R_per_cell), _param_num(PRESETS[n].gp130_per_cell),
                          "; ".join(f"{k}={_param_num(v)} ({PRESETS[n].parameter_sources.get(k, '')})"
                                    for k, v in PRESETS[n].parameters.items()),
                          PRESETS[n].description, PRESETS[n].source] for n in used], num_cols={1, 2}))
    parts.append("<h3>Reference model</h3>")
    prow = []
    for p in spec.parameters:
        val = p.formula if p.kind == "derived" else _param_num(p.value)
        prow.append([p.name, val, p.unit, p.description, p.source])
    parts.append(_table(["parameter", "value", "unit", "meaning", "source"], prow, num_cols={1}))
    # provenance ---------------------------------------------------------------------------------------
    parts.append("<h2 id='provenance'>Provenance</h2>")
    flat = []
    for k, v in prov.items():
        if v is None or v == {}:
            continue  # e.g. no random seed: the comparison draws no random numbers
        # 'seed' in provenance is the random-number seed, not the seed document
        flat.append(["random seed" if k == "seed" else k, json.dumps(v) if isinstance(v, (dict, list)) else v])
    parts.append(_table(["key", "value"], flat))
    parts.append("<p class='small'>The same record is written beside this report as <code>provenance.json</code>.</p>")
    parts.append("<p class='small'>Endothelial presets: " + ", ".join(sorted(ENDOTHELIAL_PRESETS)) +
                 ". Claims about endothelial cells are marked n/a for other cells.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _with_preset_ratios(rmap, comparison):
    """Fill in each marked preset's own ratio where the comparison simulated it."""
    marks = dict(rmap.presets)
    for name, (il, gp, ratio) in marks.items():
        if name in comparison.runs and not math.isfinite(ratio):
            marks[name] = (il, gp, preset_ratio_from_run(comparison.runs[name]))
    return dataclasses.replace(rmap, presets=marks)


def write_comparison_report(comparison, out_dir: "str | Path", *, rmap=None, robustness=None) -> Path:
    """Write report.html, CSVs, provenance.json and figures (PNG + SVG) into ``out_dir``; return the report path.

    ``rmap`` is a :class:`~il6sim.compare.ReceptorMap`, or a zero-argument callable returning one (called
    after the other figures are drawn, so a map computed in another process can finish meanwhile).
    ``robustness``: the :class:`~il6sim.compare.robustness.EnsembleComparison` of ``comparison``; its
    columns go into comparison.csv and its frequencies into the summary table.
    """
    out = Path(out_dir)
    figdir = out / "figures"
    from ..io.tables import write_csv

    figdir.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Path] = {}
    figures["agreement"] = CP.save_figure(CP.agreement_figure(comparison), figdir, "agreement")["png"]
    for cell in comparison.cells:
        figures[f"timecourses_{cell}"] = CP.save_figure(CP.timecourse_figure(comparison.runs[cell]), figdir,
                                                        f"timecourses_{cell}")["png"]
    if comparison.pharmacology is not None:
        figures["dose_response"] = CP.save_figure(CP.dose_response_figure(comparison.pharmacology), figdir,
                                                  "dose_response")["png"]
        from ..compare.pharmacology import table_record  # the columns of `il6sim dose-response -o`'s table

        write_csv(pd.DataFrame([table_record(r) for r in comparison.pharmacology.summary()]),
                  out / "pharmacology.csv")
    if callable(rmap):
        rmap = rmap()
    if rmap is not None:
        rmap = _with_preset_ratios(rmap, comparison)
        figures["receptor_map"] = CP.save_figure(CP.receptor_map_figure(rmap), figdir, "receptor_map")["png"]
        write_csv(pd.DataFrame(rmap.records()), out / "receptor_map.csv")
    write_csv((robustness if robustness is not None else comparison).to_frame(), out / "comparison.csv")
    (out / "provenance.json").write_text(json.dumps(dict(comparison.provenance), indent=2) + "\n", encoding="utf-8")
    path = out / "report.html"
    path.write_text(render_html(comparison, figures, rmap, robustness), encoding="utf-8")
    log.info("wrote %s", path)
    return path
