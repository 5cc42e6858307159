"""Verdict logic of il6sim.compare on constructed inputs (no simulation)."""

import math
from dataclasses import replace

import pytest

from il6sim.compare import verdicts as V
from il6sim.compare.claims import CLAIMS, S2_PAPERS, SEED_TABLE_ORDER, claims_table


@pytest.mark.parametrize("peak, expected", [(0.0, "none"), (0.049, "none"), (0.05, "moderate"), (0.29, "moderate"),
                                            (0.30, "strong"), (0.9, "strong"), (float("nan"), "none")])
def test_strength_thresholds(peak, expected):
    assert V.strength(peak) == expected


def test_pattern_uses_the_seed_words():
    assert V.pattern(0.16, "transient") == "moderate and transient"
    assert V.pattern(0.56, "sustained") == "strong and sustained"
    assert V.pattern(0.01, "sustained") == "none"
    assert V.pattern(0.5, "none") == "none"


def test_induction_needs_two_fold_at_either_time():
    assert V.induced(2.0, 1.0) and V.induced(1.0, 2.5)
    assert not V.induced(1.99, 1.5)
    assert not V.induced(float("nan"), 1.0)


def test_arms_from_peaks():
    assert V.arms(0.2, 0.0, 0.0) == frozenset({"STAT3"})
    assert V.arms(0.01, 0.15, 0.10) == frozenset({"Akt", "ERK"})
    assert V.arms_text(frozenset()) == "nothing"


def test_agree_stat3_counts_each_side():
    assert V.agree_stat3("moderate and transient", "strong and sustained") == "yes"
    assert V.agree_stat3("strong and transient", "strong and sustained") == "partly"
    assert V.agree_stat3("strong and sustained", "moderate and transient") == "no"


def test_agree_arms_distinguishes_the_two_endothelial_papers():
    zeg, ovl = S2_PAPERS["Zegeye 2018"], S2_PAPERS["seed [7] 'Overlapping and distinct'"]
    stat3_only, everything = frozenset({"STAT3"}), frozenset({"STAT3", "Akt", "ERK"})
    # classic -> STAT3 only: Zegeye yes, the seed/Overlapping paper only on the trans side
    assert V.agree_arms(stat3_only, everything, zeg["classic"], zeg["trans"]) == "yes"
    assert V.agree_arms(stat3_only, everything, ovl["classic"], ovl["trans"]) == "partly"
    # classic -> all three: Overlapping yes (STAT3 under classic is not excluded), Zegeye only trans
    assert V.agree_arms(everything, everything, ovl["classic"], ovl["trans"]) == "yes"
    assert V.agree_arms(everything, everything, zeg["classic"], zeg["trans"]) == "partly"
    assert V.agree_arms(frozenset(), frozenset(), ovl["classic"], ovl["trans"]) == "no"


def test_agree_gene():
    assert V.agree_gene(False, True, (False, True)) == "yes"
    assert V.agree_gene(True, True, (False, True)) == "partly"
    assert V.agree_gene(True, False, (False, True)) == "no"
    assert V.agree_gene(True, True, None) == "n/a"


@pytest.mark.parametrize("c4, t4, ct, tt, rel", [
    (10, 5, 30, 30, "weaker"), (10, 10, 30, 90, "delayed"), (10, 5, 30, 90, "weaker and delayed"),
    (5, 20, 40, 40, "stronger"), (10, 10.5, 30, 40, "similar"), (10, 10, float("nan"), 90, "similar")])
def test_socs3_relation(c4, t4, ct, tt, rel):
    assert V.socs3_relation(c4, t4, ct, tt) == rel


def test_socs3_claim_is_the_contrast():
    assert V.agree_socs3(True, "weaker") == "yes"
    assert V.agree_socs3(True, "delayed") == "yes"
    assert V.agree_socs3(True, "stronger") == "no"
    assert V.agree_socs3(True, "similar") == "no"
    assert V.agree_socs3(False, "weaker") == "no"


def test_socs3_follows_stat3():
    assert V.socs3_follows_stat3("stronger", 100, 700) == "yes"
    assert V.socs3_follows_stat3("weaker", 100, 700) == "no"
    assert V.socs3_follows_stat3("weaker", 700, 100) == "yes"
    assert V.socs3_follows_stat3("stronger", float("nan"), 1) == "n/a"


def test_fraction_cut_and_sgp130fc_agreement():
    assert V.fraction_cut(0.5, 0.01) == pytest.approx(0.98)
    assert math.isnan(V.fraction_cut(0.0, 0.1))
    assert V.agree_sgp130fc(0.95, -0.02) == "yes"
    assert V.agree_sgp130fc(0.67, 0.0) == "partly"   # endothelial: the classic part is not blocked
    assert V.agree_sgp130fc(0.5, 0.5) == "no"
    assert V.agree_sgp130fc(0.95, 0.12) == "partly"  # classic changed by >= 10%


def test_potency_range_and_no_response():
    assert V.agree_potency(100.0) == V.agree_potency(1000.0) == "yes"
    assert V.agree_potency(99.0) == V.agree_potency(10.0) == "partly"  # more potent, by less than reported
    assert V.agree_potency(9.9) == V.agree_potency(1001.0) == "no"
    assert V.agree_potency(float("nan")) == "no"
    assert V.agree_no_response(0.0) == "yes"
    assert V.agree_no_response(0.2) == "no"


def test_cellular_at_most_partly():
    assert V.agree_cellular(0, 3) == "partly"
    assert V.agree_cellular(3, 3) == "no"
    assert V.agree_cellular(0, 1) == "no"


def test_thresholds_are_stated():
    names = [n for n, _ in V.thresholds()]
    assert {"pSTAT3 strength", "pSTAT3 duration", "gene induction", "sgp130Fc"} <= set(names)
    text = " ".join(r for _, r in V.thresholds())
    assert f"{V.STRONG_PSTAT3:g}" in text and f"{V.INDUCED_FOLD:g}" in text
    # every word a verdict can take is defined by a rule: the potency rule names its 'partly' band too
    potency = dict(V.thresholds())["Hyper-IL-6 potency"]
    assert f"partly from {V.POTENCY_PARTLY:g}" in potency
    # units in the comparison table's words (readout_unit); they said 'fraction of STAT3' and 'fraction'
    rules = dict(V.thresholds())
    assert rules["pSTAT3 strength"].startswith("peak response above baseline (fraction of total STAT3) >= ")
    assert "(pAkt: fraction of total Akt; pERK: fraction of total ERK) >= " in rules["pAkt / pERK"]


def test_claims_table_is_complete_data():
    assert set(SEED_TABLE_ORDER) <= set(CLAIMS)
    for rec in claims_table():
        assert rec["seed_claim"] and rec["literature"] and rec["sources"] and rec["literature_verdict"]
    assert not CLAIMS["S4"].modelled
    assert "445" in CLAIMS["S4"].literature and "318" in CLAIMS["S4"].literature
    assert CLAIMS["S1"].in_scope("hrec") and not CLAIMS["S1"].in_scope("hepg2")
    assert CLAIMS["S5"].in_scope("hepg2")


def _metrics(socs3_folds, t_half, peak=0.3, auc=100.0):
    """Constructed metrics of one condition: only the numbers the S5 rows read are meaningful."""
    from il6sim.compare.comparison import ConditionMetrics
    from il6sim.readouts.metrics import TimeCourseMetrics

    pstat3 = TimeCourseMetrics(baseline=0.0, peak=peak, time_to_peak=20.0, peak_response=peak, auc=auc,
                               duration=60.0, late_fraction=0.1, kind="transient")
    folds = {g: (1.0, 1.0) for g in ("ICAM1", "CCL2", "CXCL8")}
    return ConditionMetrics(pstat3=pstat3, pstat3_30=peak, pakt_peak=0.0, perk_peak=0.0,
                            folds={**folds, "SOCS3": socs3_folds}, socs3_t_half=t_half, active_units_peak=0.0,
                            active_units_2h=0.0, classic_units_peak=0.0, trans_units_peak=0.0, socs3_protein_2h=0.0)


def test_socs3_rows_judge_each_time_on_its_own_folds():
    # the 24 h row repeated the 4 h verdict ('classic induced (4.57x at 4 h ...); trans stronger (7.83x ...)')
    # beside the 24 h numbers; here trans is weaker at 4 h and stronger at 24 h, and classic is not induced at 24 h
    from types import SimpleNamespace

    from il6sim.compare.comparison import CONDITION_ORDER, _rows_for_cell

    m = {c: _metrics((1.0, 1.0), float("nan")) for c in CONDITION_ORDER}
    m["classic"] = _metrics((10.0, 1.5), 20.0, auc=200.0)
    m["trans"] = _metrics((5.0, 6.0), 25.0, auc=100.0)
    rows = {r.metric: r for r in _rows_for_cell(SimpleNamespace(cell="hepg2"), m) if r.claim == "S5"}
    four, day = rows["SOCS3 mRNA fold at 4 h"], rows["SOCS3 mRNA fold at 24 h"]
    assert (four.classic, four.trans, day.classic, day.trans) == (10.0, 5.0, 1.5, 6.0)
    assert four.model_verdict.startswith("classic induced (10x at 4 h") and "trans weaker (5x" in four.model_verdict
    assert (four.agrees, four.model_vs_literature) == ("yes", "yes")  # trans less pSTAT3 and less SOCS3
    assert day.model_verdict.startswith("classic not induced (1.5x at 24 h")
    assert "trans stronger (6x" in day.model_verdict
    assert (day.agrees, day.model_vs_literature) == ("no", "no")


def test_socs3_delay_rule_names_the_half_rise_that_is_computed():
    # the rule said 'delayed if it reaches half its 4 h level >= 30 min later', while the half-rise times in the
    # rows (and the report's terms) are minutes to half of the rise from t = 0 to the 4 h level: for SOCS3 mRNA
    # rising from 1 to 5, half the level is 2.5, half the rise 3
    import numpy as np

    from il6sim.compare.comparison import _t_half

    t = np.arange(0.0, 241.0)
    y = 1.0 + 4.0 * t / 240.0
    assert _t_half(t, y, 240.0) == pytest.approx(120.0)  # y = 3: half of the rise, not half of the level (y = 2.5)
    rule = dict(V.thresholds())["SOCS3 weaker / delayed"]
    assert "half of its rise from t = 0 to its 4 h level" in rule and "half-rise" in rule
    assert "reaches half its 4 h level" not in rule
    assert f">= {V.SOCS3_DELAY_MIN:g} min longer than classic's" in rule


def test_socs3_rule_defines_stronger_and_similar_as_the_rows_use_them():
    # the S5 rows read 'trans stronger (7.83x ...)' and 'trans similar (19.6x ...)' (hepg2 at 24 h, 1.19x classic),
    # but the rule printed with the table and the report defined only 'weaker' and 'delayed': a reader could not
    # tell where 'similar' ends and 'stronger' begins
    rule = dict(V.thresholds())["SOCS3 weaker / delayed"]
    cut = 1 / V.SOCS3_WEAKER_RATIO
    assert f"stronger if its fold > {cut:g} x classic's" in rule and "similar in between" in rule
    assert V.socs3_relation(10.0, 10.0 * cut * 1.01, 20.0, 20.0) == "stronger"
    assert V.socs3_relation(10.0, 10.0 * cut * 0.99, 20.0, 20.0) == "similar"


def test_s2_rows_say_why_a_preset_of_neither_paper_reads_partly():
    # hrec and huvec_zegeye2018 showed the same verdict 'classic -> STAT3; trans -> STAT3 + Akt + ERK (matches:
    # Zegeye 2018)', one with 'yes' against the literature, the other with 'partly', and hrec's notes were empty
    from types import SimpleNamespace

    from il6sim.compare.comparison import CONDITION_ORDER, _rows_for_cell

    def arms(akt, erk):
        return replace(_metrics((1.0, 1.0), float("nan")), pakt_peak=akt, perk_peak=erk)

    m = {c: arms(0.0, 0.0) for c in CONDITION_ORDER}
    m["classic"], m["trans"] = arms(0.03, 0.04), arms(0.15, 0.18)

    def s2(cell):
        return [r for r in _rows_for_cell(SimpleNamespace(cell=cell), m) if r.claim == "S2"]

    for r in s2("hrec"):
        assert "(matches: Zegeye 2018)" in r.model_verdict and r.model_vs_literature == "partly"
        assert "vs literature partly: matches Zegeye 2018, one side of the conflict" in r.note, r.note
        assert "hrec is the scenario preset of neither paper" in r.note
    for r in s2("huvec_zegeye2018"):
        assert r.model_vs_literature == "yes" and "partly" not in r.note
    for r in s2("hepg2"):  # outside the claim's cells: n/a, and no verdict in the notes that the row does not give
        assert r.model_vs_literature == "n/a" and "partly" not in r.note
