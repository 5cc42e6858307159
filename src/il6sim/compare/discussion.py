"""Per-claim discussion: why the model agrees with the seed or not, in plain sentences with the model's numbers.

:func:`discuss` returns ``{claim id: [paragraph, ...]}`` (plain text). The
explanations come from the model's own complexes and parameters (active
signalling units per cell, IL-6R copies, SOCS3 protein, pathway thresholds),
so they change when the model does.
"""

from __future__ import annotations

import math

import numpy as np

from ..model.presets import PRESETS
from ..model.reference import reference_model
from ..readouts.metrics import SUSTAINED_AT_MIN
from . import verdicts as V
from .claims import ENDOTHELIAL_PRESETS, S4_LITERATURE
from .comparison import readout_unit


def _join(names, word: str) -> str:
    """'a', 'a and b', 'a, b and c'."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


def _pct(x: float) -> str:
    return f"{x:.0%}" if math.isfinite(x) else "n/a"


def late_share(run, route: str, pstat3) -> float:
    """The largest pSTAT3 response (above the metric's baseline) from two hours after its peak to the end of
    ``run``, as a fraction of the peak response; NaN without a response.

    The transient/sustained call reads one time, two hours after the peak, which can fall in the trough before
    SOCS3's damped rebound; this is what is left at any later time, for text that says how far the response
    falls ('ends' would overstate a low plateau).
    """
    if not (math.isfinite(pstat3.peak_response) and pstat3.peak_response > 0):
        return float("nan")
    t = np.asarray(run.times, float)
    keep = t >= pstat3.time_to_peak + SUSTAINED_AT_MIN
    if not keep.any():
        return float("nan")
    y = np.asarray(run.series(route, "pSTAT3"), float)[keep] - pstat3.baseline
    return float(max(np.max(y), 0.0) / pstat3.peak_response)


def sustained_routes(comparison, cells=None) -> list[str]:
    """``"trans in hrec"`` for every route whose STAT3 response is sustained in this comparison's runs (a cell
    that does not respond at all is not an exception to transient STAT3)."""
    met = comparison.metrics
    return [f"{route} in {c}" for c in (comparison.cells if cells is None else cells)
            for route in ("classic", "trans") if route in met.get(c, {}) and met[c][route].pstat3.kind == "sustained"]


def discuss(comparison, rmap=None) -> dict[str, list[str]]:
    """Paragraphs per claim for the report."""
    P = reference_model().parameter_map
    runs, met = comparison.runs, comparison.metrics
    endo = [c for c in comparison.cells if c in ENDOTHELIAL_PRESETS]
    out: dict[str, list[str]] = {}
    by_claim: dict[str, list] = {}
    for r in comparison.rows:
        by_claim.setdefault(r.claim, []).append(r)

    def agreement_line(cid: str) -> str:
        rows = [r for r in by_claim.get(cid, []) if r.agrees != V.NA]
        if not rows:
            return "No row of this claim is in scope for the cells compared."
        counts = {k: sum(r.agrees == k for r in rows) for k in (V.YES, V.PARTLY, V.NO, V.NOT_MODELLED)}
        return ("Model vs seed over the in-scope rows: " +
                ", ".join(f"{v} {k}" for k, v in counts.items() if v) + ".")

    # S1 -------------------------------------------------------------------------------
    s1 = [agreement_line("S1")]
    lasting = sustained_routes(comparison, endo)
    for c in endo:
        m, r = met[c], runs[c]
        cl, tr = m["classic"], m["trans"]
        il6r, gp = r.parameters["IL6R_per_cell"], r.parameters["gp130_per_cell"]
        late2 = float(np.interp(tr.pstat3.time_to_peak + 120, r.times, r.series("trans", "pSTAT3"))
                      - r.series("trans", "pSTAT3")[0])
        s1.append(
            f"{c} ({il6r:,.0f} IL-6R, {gp:,.0f} surface gp130 per cell): classic pSTAT3 is {cl.pattern} (peak "
            f"+{cl.pstat3.peak_response:.2f} of total STAT3 at {cl.pstat3.time_to_peak:.0f} min), trans "
            f"{tr.pattern} (peak +{tr.pstat3.peak_response:.2f} at {tr.pstat3.time_to_peak:.0f} min; "
            f"+{late2:.2f} two hours after the peak). Classic units need membrane IL-6R: at most "
            f"{cl.classic_units_peak:.0f} form per cell, and IL-6R leaves the surface with them to be destroyed "
            f"(surface IL-6R falls to {np.min(r.series('classic', 'surface_IL6R')):.0f} per cell). IL-6:sIL-6R "
            f"binds gp130 directly and forms up to {tr.trans_units_peak:.0f} trans units, drawing on a gp130 pool "
            f"tens of times larger. Units per cell with active JAK1 at the peak: classic "
            f"{cl.active_units_peak:.0f}, trans {tr.active_units_peak:.0f}; at 2 h "
            f"{cl.active_units_2h:.0f} vs {tr.active_units_2h:.0f}. SOCS3, induced by both routes, occupies gp130 "
            f"pY759 and silences most of what remains" + (
                f", so from two hours after the peak to {r.times[-1] / 60:g} h neither response is above "
                f"{_pct(max(late_share(r, 'classic', cl.pstat3), late_share(r, 'trans', tr.pstat3)))} of its peak."
                if cl.pstat3.kind == tr.pstat3.kind == "transient" else "."))
    if not lasting:
        s1.append(
            _s1_contrast(met, endo) + "not sustained: both routes are transient in the model, as the "
            "literature's STAT3 is (Thiel et al.: maximal at 15-30 min, near baseline by 60-90 min; SOCS3 ends it at "
            "about 2 h). " + _s1_peak_times(met, comparison.cells) + _s1_seed_words(met, endo) +
            "No side-by-side classic/trans time course exists to test this further.")
    else:
        s1.append(
            "With the values of this run STAT3 is not transient everywhere (" + ", ".join(lasting) + "), against "
            "the literature's transient STAT3 (Thiel et al.: maximal at 15-30 min, near baseline by 60-90 min; SOCS3 "
            "ends it at about 2 h); with the model's default values both routes are transient in every preset. "
            + _s1_peak_times(met, comparison.cells).rstrip())
    out["S1"] = s1

    # S2 -------------------------------------------------------------------------------
    s2 = [agreement_line("S2")]
    for c in endo:
        m, r = met[c], runs[c]
        k_erk, k_akt = r.parameters.get("K_erk", P["K_erk"].value), r.parameters.get("K_akt", P["K_akt"].value)
        cl, tr = m["classic"], m["trans"]
        s2.append(
            f"{c}: ERK and Akt need about {k_erk:g} / {k_akt:g} active units per cell for half activation (K_erk, "
            f"K_akt; assumed scenario parameters). Classic reaches {cl.active_units_peak:.0f} active units "
            f"(pAkt +{cl.pakt_peak:.2f}, pERK +{cl.perk_peak:.2f} of total Akt and ERK); trans "
            f"{tr.active_units_peak:.0f} (pAkt +{tr.pakt_peak:.2f}, pERK +{tr.perk_peak:.2f}). " + _s2_which(comparison, c))
    s2.append(
        "The two endothelial papers disagree (Zegeye 2018 against the seed's ref [7]). The model reaches both through the presets' IL-6R "
        f"copy numbers and ERK/Akt thresholds: huvec_zegeye2018 ({_preset_text('huvec_zegeye2018', P)}) is meant "
        f"to reproduce Zegeye 2018 (classic -> STAT3 only), ec_overlapping ({_preset_text('ec_overlapping', P)}) "
        "to reproduce seed [7] (classic -> Akt and ERK); the S2 rows above say whether each does. Their ERK/Akt "
        "thresholds were chosen for that (K_erk and K_akt in the parameter tables), so a 'yes' against the "
        "literature for these two presets shows that the model can reach each paper, not that it predicts "
        "either. Which one holds for a given "
        "endothelial culture is an experimental question (measure IL-6R per cell and the ERK/Akt response to "
        "IL-6 alone).")
    out["S2"] = s2

    # S3 -------------------------------------------------------------------------------
    s3 = [agreement_line("S3")]
    w = {g: (P[f"w_STAT3_{g}"].value, P[f"w_ERK_{g}"].value, P[f"w_Akt_{g}"].value) for g in ("ICAM1", "CCL2", "CXCL8")}
    s3.append(
        f"Promoter weights (STAT3, ERK, Akt) in the model: ICAM1 {w['ICAM1']}, CCL2 {w['CCL2']} with Hill "
        f"n = {P['n_CCL2'].value:g} (needs STAT3 and Akt together, after Zegeye 2018), CXCL8 {w['CXCL8']} (ERK-driven).")
    for c in endo:
        cl, tr = met[c]["classic"], met[c]["trans"]
        parts = []
        for g in ("ICAM1", "CCL2", "CXCL8"):
            parts.append(f"{g} {V.fold_text(cl.folds[g][0])}/{V.fold_text(cl.folds[g][1])} classic vs "
                         f"{V.fold_text(tr.folds[g][0])}/{V.fold_text(tr.folds[g][1])} trans")
        s3.append(f"{c} (fold at 4 h / 24 h): " + "; ".join(parts) + ".")
    if "ec_overlapping" in comparison.cells:
        cl = met["ec_overlapping"]["classic"]
        if V.induced(*cl.folds["CCL2"]):
            s3.append(
                f"Disagreement: in ec_overlapping classic signalling induces CCL2 ({V.fold_text(cl.folds['CCL2'][0])} at 4 h, "
                f"falling to {V.fold_text(cl.folds['CCL2'][1])} at 24 h), against 'CCL2 only under trans' (seed and both "
                "papers). The preset's low ERK/Akt thresholds let classic signalling activate STAT3 and Akt strongly "
                "for about an hour, which is enough for the CCL2 promoter. The model is not tuned here; the likely "
                "fix is in the preset or the CCL2 promoter (a higher K_prom_CCL2 or a longer promoter delay), for "
                "the model's owner to decide with data.")
    if endo:
        yes = [c for c in endo if V.induced(*met[c]["classic"].folds["CXCL8"])]
        no = [c for c in endo if c not in yes]
        if yes and no:
            s3.append(
                f"Classic signalling induces CXCL8 (ERK-driven) in {_join(yes, 'and')} but not in "
                f"{_join(no, 'or')}, "
                "so the seed's 'classic induces CXCL8' holds only where classic signalling reaches ERK, "
                "consistent with each paper's pathway findings (S2).")
        elif no:
            s3.append(f"Classic signalling induces CXCL8 in none of the endothelial cells compared (read at "
                      f"{_read_times('or')}): the seed's 'classic induces CXCL8' is not reproduced at those times.")
        early = _early_peaks(runs, met, endo)
        if early:  # before the trans genes' paragraph, which stays the last (the verdict on the trans half)
            s3.append(
                f"The induced / not induced calls of this claim read the fold change at {_read_times()} only. "
                f"Earlier, the curves (time-course figures) cross {V.INDUCED_FOLD:g}x and fall back: "
                + "; ".join(early) + ". At those peak times the model would call these genes induced, so 'not "
                "induced' here holds for the seed's readout times, not for the whole day.")
        s3 += _near_threshold_text(met, endo)
        s3.append(_trans_genes_text(met, endo))
    out["S3"] = s3

    # S4 -------------------------------------------------------------------------------
    L = S4_LITERATURE
    out["S4"] = [
        f"Not modelled: the model has four target genes (SOCS3, ICAM1, CCL2, CXCL8), not a transcriptome. The seed's "
        f"numbers ({L['seed_up']} up, {L['seed_down']} down) do not match the paper it relies on: Robinson et al. 2021 "
        f"report {L['degs']} differentially expressed genes under trans-signalling in retinal endothelial cells, "
        f"{L['up']} up and {L['down']} down, and sgp130Fc abolished the changes."]

    # C1 -------------------------------------------------------------------------------
    c1 = [agreement_line("C1"), "The model has no survival, injury or permeability readout; the 'protective' half "
          "of the claim is outside it. The inflammatory half maps to the genes ICAM1, CCL2 and CXCL8 "
          f"(inflammatory = at least {V.INFLAMMATORY_MIN_GENES} of 3 induced at {_read_times('or')}; S3 names "
          "the genes that cross the threshold only earlier)."]
    for c in endo:
        cl, tr = met[c]["classic"], met[c]["trans"]
        c1.append(f"{c}: trans induces {V.inflammatory_count(tr.inductions)}/3, classic "
                  f"{V.inflammatory_count(cl.inductions)}/3.")
    out["C1"] = c1

    # S5 -------------------------------------------------------------------------------
    s5 = [agreement_line("S5"),
          "In the model SOCS3 is a STAT3 target gene (promoter weight 1 on nuclear pSTAT3, none on ERK or Akt), so "
          "its mRNA follows pSTAT3: the route that gives more pSTAT3 gives more SOCS3, and routes that give similar "
          "pSTAT3 give similar SOCS3 (each cell's numbers below). The model therefore does not reproduce 'classic "
          "robust, trans weaker or delayed'; it agrees with the literature audit (no primary data for the seed's "
          "claim; SOCS3 follows STAT3). The model was not tuned to the seed. " +
          _socs3_waves_text(runs, comparison.cells)]
    early = {c: (_socs3_early_peak(runs[c], "classic"), _socs3_early_peak(runs[c], "trans")) for c in comparison.cells}
    s5 += _socs3_early_text(early)
    for c in comparison.cells:
        cl, tr = met[c]["classic"], met[c]["trans"]
        # each gene readout time with its own relation, as the table's rows judge them (the 24 h row can differ)
        reads = []
        for i, t_read in enumerate(V.GENE_TIMES_MIN):
            fc, ft = cl.folds["SOCS3"][i], tr.folds["SOCS3"][i]
            rel = V.socs3_relation(fc, ft, cl.socs3_t_half, tr.socs3_t_half)
            reads.append(f"at {t_read / 60:g} h {fc:.3g}x classic vs {ft:.3g}x trans (trans {rel})" if i == 0
                         else f"at {t_read / 60:g} h {fc:.3g}x vs {ft:.3g}x (trans {rel})")
        auc = f" ({tr.pstat3.auc / cl.pstat3.auc:.2f}x)" if cl.pstat3.auc > 0 else ""
        (fc, tc), (ft, tt) = early[c]
        s5.append(f"{c}: SOCS3 mRNA {', '.join(reads)}; pSTAT3 AUC {cl.pstat3.auc:.0f} vs {tr.pstat3.auc:.0f} "
                  f"{readout_unit('pSTAT3', area=True)}{auc}; first maximum "
                  f"{fc:.3g}x at {tc / 60:.1f} h classic vs {ft:.3g}x at {tt / 60:.1f} h trans.")
    out["S5"] = s5

    # S6 -------------------------------------------------------------------------------
    ph = comparison.pharmacology
    if ph is not None:
        eq, hy = ph.curves["il6_sil6r_equimolar"], ph.curves["hyper_il6"]
        kd = P["KD_sIL6R"]
        out["S6"] = [
            f"On gp130-only cells (pSTAT3 at 30 min) the EC50 of IL-6 + sIL-6R at equimolar doses is {eq.value_text} "
            f"and of Hyper-IL-6 {hy.value_text}: ratio {ph.potency_ratio:.0f}, {_potency_place(ph.potency_ratio)}. The gap is the step Hyper-IL-6 skips: IL-6 and sIL-6R must first bind each other "
            f"(KD {kd.value:g} nM), so at equimolar doses x far below KD only about x^2/KD of complex "
            f"forms and the ratio is about sqrt(KD / EC50 of Hyper-IL-6), as the model gives." +
            _kd_range_text(kd, hy) + " Fischer 1997 "
            f"measured 100-1000x on proliferation of BAF/gp130 cells over days and on acute-phase proteins made by "
            f"HepG2 cells, readouts the model does not have; on 30-min pSTAT3 it predicts a smaller gap. With sIL-6R "
            f"fixed at 25 ng/mL the IL-6 EC50 is {ph.curves['il6_sil6r_fixed'].value_text}."]

    # S8 -------------------------------------------------------------------------------
    ref = [r for r in by_claim.get("S8", []) if r.cell == "gp130_only / il6r_gp130"]
    s8 = []
    if ref:
        s8.append(f"Pure systems: {ref[0].model_verdict} (trans on gp130_only, classic on il6r_gp130, sgp130Fc "
                  "500 ng/mL from 45 min before stimulation, pSTAT3 at 30 min)." + _close_block_text(ref[0].trans))
    if ph is not None:
        fc_tr, fc_cl = ph.curves["sgp130Fc_trans"], ph.curves["sgp130Fc_classic"]
        inter = [c for k, c in ph.curves.items() if k.startswith("sgp130Fc_classic_interference")]
        s8.append(f"IC50 against trans {fc_tr.value_text} ({fc_tr.mass_text()}); against classic {fc_cl.value_text} "
                  "at the default fc_classic_interference = 0, which sides with Jostock 2001 (no effect on classic "
                  "signalling) by construction. " +
                  " ".join(f"With fc_classic_interference = {c.note.split('= ')[-1].split(' ')[0]} the classic IC50 "
                           f"is {c.value_text}{(' (' + c.mass_text() + ')') if c.mass_text() else ''}." for c in inter) +
                  " Widjaja & Cook 2024 saw classic inhibition in human cells at concentrations 20-200x below those "
                  "used in vivo; which value applies is a property of the cells and the sgp130Fc preparation.")
    for c in endo:
        cl, tr, tf = met[c]["classic"], met[c]["trans"], met[c]["trans_sgp130Fc"]
        cut = V.fraction_cut(tr.pstat3_30, tf.pstat3_30)
        share = cl.pstat3_30 / tr.pstat3_30 if tr.pstat3_30 > 0 else float("nan")
        text = (f"{c}: sgp130Fc cuts the trans-group pSTAT3 response at 30 min by {_pct(cut)}; classic alone gives "
                f"{_pct(share)} of that response. IL-6 still binds membrane IL-6R, so in cells with IL-6R the "
                "trans-group response cannot fall to zero")
        if cl.pstat3_30 > 0 and tf.pstat3_30 < 0.95 * cl.pstat3_30:
            text += (f"; but it falls below the response to IL-6 alone ({_pct(tf.pstat3_30 / cl.pstat3_30)} of it): "
                     "with sIL-6R in the medium sgp130Fc also traps the IL-6 that sIL-6R holds, so part of the "
                     "classic response goes too, as Garbers et al. 2011 (J Biol Chem 286:42959) found where sIL-6R "
                     "exceeds IL-6.")
        else:
            text += " (sgp130Fc leaves that part)."
        s8.append(text)
    out["S8"] = s8

    # E4 -------------------------------------------------------------------------------
    g = met["gp130_only"]
    out["E4"] = [f"gp130_only (0 IL-6R): IL-6 alone gives a pSTAT3 response of {max(g['classic'].pstat3.peak_response, 0.0):.3f} "
                 f"(none); IL-6 + sIL-6R gives {g['trans'].pattern} (+{g['trans'].pstat3.peak_response:.2f}). Without "
                 "membrane IL-6R no classic unit can form, as in Romano 1997."]
    if rmap is not None:
        out["MAP"] = [_map_text(rmap)]
    return out


def _span(values, fmt: str) -> str:
    """'0.62-0.70', or one value where they all print the same."""
    lo, hi = format(min(values), fmt), format(max(values), fmt)
    return lo if lo == hi else f"{lo}-{hi}"


def _s1_contrast(met, endo) -> str:
    """'So trans is stronger than classic (peak ..., AUC ...) and lasts a little longer (...), ' from the runs."""
    if not endo:
        return "So STAT3 is "
    cl = [met[c]["classic"].pstat3 for c in endo]
    tr = [met[c]["trans"].pstat3 for c in endo]
    if not all(t.peak_response > c.peak_response and t.auc > c.auc > 0 for c, t in zip(cl, tr)):
        return "So in the cells compared STAT3 is "
    text = (f"So trans is stronger than classic (peak response +{_span([t.peak_response for t in tr], '.2f')} "
            f"against +{_span([c.peak_response for c in cl], '.2f')} of total STAT3; "
            f"{_span([t.auc / c.auc for c, t in zip(cl, tr)], '.2f')}x the AUC: more units, no IL-6R limit)")
    if all(math.isfinite(x.duration) for x in (*cl, *tr)) and all(t.duration > c.duration for c, t in zip(cl, tr)):
        text += (f" and lasts a little longer (at or above half its peak for {_span([t.duration for t in tr], '.0f')} "
                 f"against {_span([c.duration for c in cl], '.0f')} min)")
    return text + ", "


#: the literature's time of maximal pSTAT3 (min; Thiel et al.), as cited; the table's time-to-peak row uses the
#: looser :data:`.verdicts.PEAK_TIME_RANGE_MIN`
LITERATURE_PEAK_MIN = (15.0, 30.0)


def _s1_peak_times(met, cells) -> str:
    """The pSTAT3 time to peak of each route across ``cells`` (those with a response), set against the
    literature's 15-30 min: which routes and cells peak before it or after it. Empty without a response."""
    lo, hi = LITERATURE_PEAK_MIN
    ttp = {route: {c: met[c][route].pstat3.time_to_peak for c in cells
                   if route in met.get(c, {}) and met[c][route].pstat3.kind != "none"}
           for route in ("classic", "trans")}
    spans = [f"{_span(list(t.values()), '.0f')} min under {route}" for route, t in ttp.items() if t]
    if not spans:
        return ""
    text = f"Across the cells compared pSTAT3 peaks at {_join(spans, 'and')}"

    def outside(test) -> list[str]:
        out = []
        for route, t in ttp.items():
            hit = {c: v for c, v in t.items() if test(v)}
            if hit and len(hit) == len(t) > 1:
                out.append(f"{route} in every cell ({_span(list(hit.values()), '.0f')} min)")
            elif hit:
                out.append(f"{route} in " + _join([f"{c} ({v:.0f} min)" for c, v in hit.items()], "and"))
        return out

    early, late = outside(lambda v: round(v) < lo), outside(lambda v: round(v) > hi)
    if not early and not late:
        return text + f", within the literature's {lo:g}-{hi:g} min. "
    text += (". " + (f"Earlier than the literature's {lo:g} min: " + "; ".join(early) + ". " if early else "") +
             (f"Later than its {hi:g} min: " + "; ".join(late) + ". " if late else ""))
    w_lo, w_hi = V.PEAK_TIME_RANGE_MIN
    off = [f"{c} ({v:.0f} min)" for c, v in ttp["classic"].items() if not w_lo <= v <= w_hi]
    return text + (f"The table's time-to-peak row reads classic against a looser {w_lo:g}-{w_hi:g} min window" +
                   (f", which {_join(off, 'and')} also {'miss' if len(off) > 1 else 'misses'}. " if off else ". "))


def _s1_seed_words(met, endo) -> str:
    """Which of the seed's words (strength, duration; classic and trans) hold in every endothelial cell compared."""
    if not endo:
        return ""
    out = []
    for route, seed in (("classic", ("moderate", "transient")), ("trans", ("strong", "sustained"))):
        ms = [met[c][route].pstat3 for c in endo]
        got = ({V.strength(m.peak_response) for m in ms}, {m.kind for m in ms})
        held = [w for w, g in zip(seed, got) if g == {w}]
        missed = [w for w, g in zip(seed, got) if w not in g]
        if len(held) == 2:
            out.append(f"the seed's {route} '{' and '.join(seed)}' is reproduced")
        elif held and missed:
            out.append(f"of the seed's {route} '{' and '.join(seed)}' only '{held[0]}' is reproduced ("
                       f"{route} is {' and '.join(sorted(got[seed.index(missed[0])]))} here)")
        elif len(missed) == 2:
            out.append(f"the seed's {route} '{' and '.join(seed)}' is not reproduced")
    return (_join(out, "and")[0].upper() + _join(out, "and")[1:] + ". ") if out else ""


#: a later local maximum of SOCS3 mRNA counts as a second maximum where it stands at least this fraction of the
#: first maximum's fold change above the dip before it (scipy.signal.find_peaks prominence); solver wiggles stand
#: well under 1 %, and smaller rises are named as shallow
SOCS3_SECOND_PROMINENCE = 0.05
#: rises smaller than this fraction of the first maximum are not named at all
SOCS3_WIGGLE = 0.01


def socs3_waves(run, route: str) -> dict:
    """The first maximum of SOCS3 mRNA (fold vs untreated) under ``route`` and the next local maximum after it:
    ``t1`` (min), ``f1``; ``t2``, ``f2`` and ``prominence`` (both as fractions of ``f1``) of the first later
    rise that stands at least :data:`SOCS3_WIGGLE` of ``f1`` above the dip before it, NaN where there is none;
    ``second`` is True where that rise reaches :data:`SOCS3_SECOND_PROMINENCE`."""
    from scipy.signal import find_peaks

    t = np.asarray(run.times, float)
    f = np.nan_to_num(np.asarray(run.fold(route, "SOCS3_mRNA"), float), nan=0.0, posinf=0.0)
    nan = float("nan")
    out = dict(t1=nan, f1=nan, t2=nan, f2=nan, prominence=nan, second=False)
    i1 = int(np.argmax(f))
    if not f[i1] > 1.0:
        return out
    out.update(t1=float(t[i1]), f1=float(f[i1]))
    peaks, props = find_peaks(f, prominence=SOCS3_WIGGLE * f[i1])
    later = [(p, pr) for p, pr in zip(peaks, props["prominences"]) if p > i1]
    if later:
        p, pr = later[0]
        out.update(t2=float(t[p]), f2=float(f[p] / f[i1]), prominence=float(pr / f[i1]),
                   second=bool(pr >= SOCS3_SECOND_PROMINENCE * f[i1]))
    return out


def _socs3_waves_text(runs, cells) -> str:
    """How SOCS3 mRNA moves after its first maximum in each cell, from the runs: the cells where both routes rise
    again to a smaller second maximum (when, and how high against the first), and what the others do."""
    w = {c: {r: socs3_waves(runs[c], r) for r in ("classic", "trans")} for c in cells}
    w = {c: v for c, v in w.items() if all(math.isfinite(x["t1"]) for x in v.values())}
    if not w:
        return ""
    first = [x["t1"] / 60 for v in w.values() for x in v.values()]
    text = ("With the stimulus left on, the SOCS3 loop (a delayed negative feedback) makes SOCS3 mRNA peak first at "
            f"{_span(first, '.1f')} h")
    both = [c for c, v in w.items() if all(x["second"] for x in v.values())]
    rest = [c for c in w if c not in both]
    if both:
        xs = [x for c in both for x in w[c].values()]
        text += (f"; in {_join(both, 'and')} it rises again to a smaller second maximum at "
                 f"{_span([x['t2'] / 60 for x in xs], '.1f')} h ({_span([100 * x['f2'] for x in xs], '.0f')}% of "
                 f"the first, after a dip of {_span([100 * x['prominence'] for x in xs], '.0f')}% of the first), so "
                 f"the 4 h values below sit on that second wave")
    clauses = []
    for c in rest:
        parts = []
        for route, x in w[c].items():
            if x["second"]:
                parts.append(f"under {route} it rises again to a second maximum at {x['t2'] / 60:.1f} h "
                             f"({100 * x['f2']:.0f}% of the first, after a dip of {100 * x['prominence']:.0f}%)")
            elif math.isfinite(x["t2"]):
                parts.append(f"under {route} it stays high with only a shallow rise at {x['t2'] / 60:.1f} h "
                             f"({100 * x['f2']:.0f}% of the first, {100 * x['prominence']:.0f}% above the dip "
                             "before it)")
            else:
                parts.append(f"under {route} it falls without a second maximum")
        clauses.append(f"in {c} " + " and ".join(parts))
    if clauses:
        text += "; " + "; ".join(clauses)
    return (text + f" (a later local maximum counts as a second maximum where it stands at least "
            f"{SOCS3_SECOND_PROMINENCE:.0%} of the first maximum above the dip before it; rises under "
            f"{SOCS3_WIGGLE:.0%}, such as solver wiggles, are not counted). The time courses show it.")


def _socs3_early_peak(run, route: str) -> tuple[float, float]:
    """The SOCS3 mRNA fold change (vs untreated) at its largest before the first gene readout time, and when
    (min); NaN where there is no fold change to read."""
    t = np.asarray(run.times, float)
    f = np.where(t <= V.GENE_TIMES_MIN[0], np.asarray(run.fold(route, "SOCS3_mRNA"), float), np.nan)
    if not np.isfinite(f).any():
        return float("nan"), float("nan")
    i = int(np.nanargmax(f))
    return float(f[i]), float(t[i])


def _socs3_early_text(early) -> list[str]:
    """One sentence on the first SOCS3 mRNA maximum of classic and trans, where the two are within the factor
    that the 4 h rule calls 'similar' in every cell: the contrast the 4 h read shows is then not there at the
    peak, and the delay of trans is set beside the delay the rule counts."""
    pairs = [v for v in early.values() if all(math.isfinite(x) for pair in v for x in pair)]
    if not pairs or len(pairs) < len(early):
        return []
    ratios = [ft / fc for (fc, _), (ft, _) in pairs if fc > 0]
    if len(ratios) < len(pairs) or not all(V.SOCS3_WEAKER_RATIO <= r <= 1 / V.SOCS3_WEAKER_RATIO for r in ratios):
        return []
    lags = [tt - tc for (_, tc), (_, tt) in pairs]
    if max(lags) <= 0:
        when = "at the same time or earlier"
    else:
        lo, hi = max(min(lags), 0.0), max(lags)
        span = f"{hi:.0f}" if round(lo) == round(hi) else f"{lo:.0f}-{hi:.0f}"
        when = (f"{span} min later, less than the {V.SOCS3_DELAY_MIN:g} min the rule counts as delayed"
                if hi < V.SOCS3_DELAY_MIN else f"up to {hi:.0f} min later")
    return [f"At the first maximum (about 1 h) the two routes give nearly the same SOCS3 mRNA (trans "
            f"{min(ratios):.2f}-{max(ratios):.2f}x classic), trans {when}; the difference the 4 h read shows "
            "builds up over the following hours."]


def _potency_place(ratio: float) -> str:
    """S6: where the potency ratio lies against the literature's range, in the words of the summary table's verdict
    (a ratio of 15 is 'outside' 100-1000, yet the table calls it 'partly').

    >>> _potency_place(128.0)
    "inside the literature's 100-1000 (Fischer 1997)"
    >>> _potency_place(15.0)
    "below the literature's 100-1000 (Fischer 1997), but above the 10 from which the summary table calls it 'partly'"
    >>> _potency_place(3.0)
    "outside the literature's 100-1000 (Fischer 1997), and below 10: 'no' in the summary table"
    """
    lo, hi = V.POTENCY_RANGE
    lit = f"the literature's {lo:g}-{hi:g} (Fischer 1997)"
    if not math.isfinite(ratio):
        return f"no ratio to set beside {lit}"
    verdict = V.agree_potency(ratio)
    if verdict == V.YES:
        return f"inside {lit}"
    if verdict == V.PARTLY:
        return f"below {lit}, but above the {V.POTENCY_PARTLY:g} from which the summary table calls it 'partly'"
    return f"outside {lit}, and below {V.POTENCY_PARTLY:g}: 'no' in the summary table"


def _kd_range_text(kd, hyper) -> str:
    """S6: the model's IL-6:sIL-6R KD is one value in a measured range; what the estimate sqrt(KD / EC50) gives
    at the ends of that range (an estimate, not a simulation)."""
    ec50 = getattr(hyper, "value_nM", float("nan"))
    lo, hi = kd.lower, kd.upper
    if not (getattr(hyper, "reached", False) and math.isfinite(ec50) and ec50 > 0 and lo is not None
            and hi is not None and 0 < lo < hi):
        return ""
    r_lo, r_hi = math.sqrt(lo / ec50), math.sqrt(hi / ec50)
    verdict = (f"so with this Hyper-IL-6 EC50 the ratio stays below {V.POTENCY_RANGE[0]:g} at any measured KD"
               if r_hi < V.POTENCY_RANGE[0] else
               f"so where in that range the KD lies decides whether the ratio reaches {V.POTENCY_RANGE[0]:g}")
    return (f" The KD is the model's choice within the measured {lo:g}-{hi:g} nM (parameter KD_sIL6R, with its "
            f"sources); by the same estimate the ratio would be about {r_lo:.0f} at {lo:g} nM and {r_hi:.0f} at "
            f"{hi:g} nM, {verdict}.")


def _close_block_text(trans_change) -> str:
    """S8: a sentence where sgp130Fc's cut of the pure trans response lies within 2 percentage points of the cut
    that counts as blocked (the row's 'yes' or 'partly' then turns on that margin)."""
    if trans_change is None or not math.isfinite(trans_change):
        return ""
    cut = -trans_change
    if abs(cut - V.BLOCKED_FRACTION) >= 0.02:
        return ""
    side = "just above" if cut >= V.BLOCKED_FRACTION else "just below"
    return (f" The trans cut ({cut:.1%}) is {side} the {V.BLOCKED_FRACTION:.0%} that counts as blocked, a close "
            f"call: {1 - cut:.0%} of the trans response remains at the seed's sgp130Fc dose.")


def _read_times(word: str = "and") -> str:
    """'4 h and 24 h': the gene readout times of the verdicts."""
    return _join([f"{t / 60:g} h" for t in V.GENE_TIMES_MIN], word)


def _early_peaks(runs, met, endo) -> list[str]:
    """'classic CXCL8 in huvec 2.19x at 1.1 h, hrec ...' for each route and gene: the endothelial cells whose
    mRNA fold change reaches the induction threshold before the first readout time but is below it at every
    readout time (the table calls them 'not induced')."""
    out = []
    for route in ("classic", "trans"):
        for g in V.INFLAMMATORY_GENES:
            hits = []
            for c in endo:
                r = runs[c]
                early = np.asarray(r.times, float) < V.GENE_TIMES_MIN[0]
                f = np.where(early, np.asarray(r.fold(route, f"{g}_mRNA"), float), np.nan)
                if not np.isfinite(f).any() or V.induced(*met[c][route].folds[g]):
                    continue
                i = int(np.nanargmax(f))
                if f[i] >= V.INDUCED_FOLD:
                    hits.append(f"{c} {f[i]:.3g}x at {r.times[i] / 60:.1f} h")
            if hits:
                out.append(f"{route} {g} in " + ", ".join(hits))
    return out


#: a gene call whose fold change lies within this fraction of the induction threshold is named as a close call
NEAR_THRESHOLD = 0.10


def _near_threshold_text(met, endo) -> list[str]:
    """The S3 calls that lie close to the induction threshold, and how far trans and classic differ at 4 h, so
    that 'induced under trans only' is read as a difference of degree where it is one."""
    near = []
    for route in ("classic", "trans"):
        for g in V.INFLAMMATORY_GENES:
            hits = [f"{c} {max(met[c][route].folds[g]):.3g}x" for c in endo
                    if abs(max(met[c][route].folds[g]) / V.INDUCED_FOLD - 1) <= NEAR_THRESHOLD]
            if hits:
                near.append(f"{route} {g} in " + ", ".join(hits))
    if not near:
        return []
    text = (f"Calls close to the {V.INDUCED_FOLD:g}x threshold (within {NEAR_THRESHOLD:.0%}; the larger of the "
            f"{_read_times()} fold changes): " + "; ".join(near) + ". A small change in the model's values would "
            "turn them.")
    ratios = [met[c]["trans"].folds[g][0] / met[c]["classic"].folds[g][0] for c in endo for g in V.INFLAMMATORY_GENES
              if met[c]["classic"].folds[g][0] > 0]
    if ratios and all(math.isfinite(r) for r in ratios) and max(ratios) < V.INDUCED_FOLD:
        text += (f" At 4 h trans gives {_span(ratios, '.2f')}x the classic fold change for each of the three genes: "
                 "where a gene is induced under trans only, the two routes differ by degree and the threshold falls "
                 "between them.")
    return [text]


def _trans_genes_text(met, endo) -> str:
    """Which of the seed's three trans-induced genes the model's trans condition induces in the endothelial cells."""
    genes = V.INFLAMMATORY_GENES
    missed = {g: [c for c in endo if not V.induced(*met[c]["trans"].folds[g])] for g in genes}
    never = [g for g in genes if len(missed[g]) == len(endo)]
    some = [g for g in genes if 0 < len(missed[g]) < len(endo)]
    held = [g for g in genes if not missed[g]]
    if not never and not some:
        return ("Trans-signalling induces ICAM1, CCL2 and CXCL8 in every endothelial cell compared, as the seed "
                "says.")
    parts = []
    threshold = f"the {V.INDUCED_FOLD:g}x induction threshold"
    if never:
        parts.append(f"{_join(never, 'and')} {'stays' if len(never) == 1 else 'stay'} below {threshold} at "
                     f"{_read_times()} in every endothelial cell compared")
    for g in some:  # the threshold is named where it is first mentioned, then 'it'
        parts.append(f"{g} stays below {'it' if parts else threshold + ' at ' + _read_times()} in "
                     f"{_join(missed[g], 'and')}")
    verdict = (f"is reproduced for {_join(held, 'and')} only" if held else "is not reproduced for any of the three")
    return ("Under trans-signalling " + "; ".join(parts) + f": the seed's 'trans induces ICAM1, CCL2 and CXCL8' "
            f"{verdict}.")


def _preset_text(name: str, P) -> str:
    """'150 IL-6R, 8000 gp130 per cell, K_erk = K_akt = 500' from the preset as it is now."""
    p = PRESETS[name]
    k_erk = p.parameters.get("K_erk", P["K_erk"].value)
    k_akt = p.parameters.get("K_akt", P["K_akt"].value)
    k = f"K_erk = K_akt = {k_erk:g}" if k_erk == k_akt else f"K_erk = {k_erk:g}, K_akt = {k_akt:g}"
    return f"{p.IL6R_per_cell:,.0f} IL-6R and {p.gp130_per_cell:,.0f} gp130 per cell, {k} active units"


def _s2_which(comparison, cell: str) -> str:
    rows = [r for r in comparison.rows if r.claim == "S2" and r.cell == cell]
    return f"Pathways in the model: {rows[0].model_verdict}." if rows else ""


def _map_text(rmap) -> str:
    """The map in words, from its own numbers (nothing here assumes a model version)."""
    r = rmap.ratio
    gp = np.asarray(rmap.gp130, float)
    il = np.asarray(rmap.il6r, float)
    txt = (f"Over {len(il)} IL-6R values (0 and {il[il > 0].min():,.0f}-{il.max():,.0f} per cell) x {len(gp)} gp130 "
           f"values ({gp.min():,.0f}-{gp.max():,.0f} per cell) on {rmap.base} (its other parameters kept), the "
           f"classic/trans pSTAT3 AUC ratio (0-{rmap.window_min / 60:g} h) ")
    lo_row, hi_row = r[0], r[-1]
    with np.errstate(invalid="ignore"):
        rises = bool(np.nanmean(np.diff(r, axis=1)) > 0) if r.shape[1] > 1 else None
    txt += {True: "rises with IL-6R", False: "falls with IL-6R", None: "is computed at one IL-6R value"}[rises]
    # the gp130 change over IL-6R > 0: without IL-6R there is no classic signal and the ratio is 0 at any gp130,
    # and that column's zeros would dilute the mean (-0.22 where the IL-6R > 0 columns change by -0.24)
    pos = il > 0
    if len(gp) > 1 and pos.any() and np.isfinite(lo_row[pos]).any() and np.isfinite(hi_row[pos]).any():
        d = float(np.nanmean(hi_row[pos] - lo_row[pos]))
        txt += (f" and {'falls' if d < 0 else 'rises'} with gp130 (mean change {d:+.2f} over IL-6R > 0, from "
                f"{gp[0]:,.0f} to {gp[-1]:,.0f} gp130 per cell)" if abs(d) >= 0.01 else
                " and hardly changes with gp130")
    txt += ". "
    half = rmap.il6r_at(0.5)
    if np.isfinite(half).any():
        k = int(np.nanargmin(np.abs(np.log10(gp) - np.log10(8000.0))))
        if math.isfinite(half[k]):
            txt += (f"Classic signalling alone gives half of the trans-group response at about {half[k]:.0f} IL-6R "
                    f"per cell at {gp[k]:,.0f} gp130 per cell (from {np.nanmin(half):.0f} to {np.nanmax(half):.0f} "
                    "IL-6R over the gp130 range; solid line in the figure). ")
    marks = {n: v for n, v in rmap.presets.items() if math.isfinite(v[2])}
    if marks:
        below = sorted((n for n, v in marks.items() if v[2] < 0.5), key=lambda n: marks[n][0])
        above = sorted((n for n, v in marks.items() if v[2] >= 0.5), key=lambda n: marks[n][0])

        def names(ns):
            return ", ".join(f"{n} ({PRESETS[n].IL6R_per_cell:,.0f} IL-6R, ratio {marks[n][2]:.2f})" for n in ns)

        if below:
            txt += f"Presets where trans dominates (own ratio < 0.5): {names(below)}. "
        if above:
            txt += f"Presets where classic gives most of the response: {names(above)}. "
    txt += ("Reeh et al. 2019 (Cell Commun Signal) describe the same rule: differences between classic and trans "
            "responses follow the IL-6R : gp130 ratio. The presets' own ratios come from all of their copy numbers "
            "(STAT3, SOCS3 translation, the share of gp130 on the surface, ...), which the map holds at "
            f"{rmap.base}'s, so they need not match the map's colour at their position exactly.")
    return txt
