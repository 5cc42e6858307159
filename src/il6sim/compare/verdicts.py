"""Turn model numbers into the seed's words, and compare them with the seed and the literature.

Every threshold is a module constant and is printed with the table and the
report (:func:`thresholds`). The functions here are pure: they take numbers
and return words, so they can be tested on constructed inputs.

Agreement values (``agrees`` and ``model_vs_literature``):
``"yes"``, ``"partly"``, ``"no"``, ``"not modelled"`` (the model cannot
compute the quantity) and ``"n/a"`` (the claim is about other cells, or the
literature gives no verdict to compare with).
"""

from __future__ import annotations

import math
from typing import Iterable

from ..readouts.metrics import MIN_RESPONSE, SUSTAINED_AT_MIN, SUSTAINED_FRACTION

#: pSTAT3 peak response (fraction of total STAT3 above baseline) at or above which the response is "strong"
STRONG_PSTAT3 = 0.30
#: pSTAT3 peak response at or above which it is "moderate" (below: "none")
MODERATE_PSTAT3 = 0.05
#: pAkt / pERK peak response (fraction of total above baseline) at or above which the arm is "activated"
ARM_ACTIVATED = 0.10
#: mRNA fold change (vs untreated at the same time) at or above which a gene is "induced" ...
INDUCED_FOLD = 2.0
#: ... at either of these times (min)
GENE_TIMES_MIN = (240.0, 1440.0)
#: trans SOCS3 is "weaker" when its fold (at the row's time, 4 h or 24 h) is below this fraction of classic's
SOCS3_WEAKER_RATIO = 0.8
#: trans SOCS3 is "delayed" when its half-rise (half of its rise from t = 0 to its 4 h level) comes this many
#: minutes later than classic's
SOCS3_DELAY_MIN = 30.0
#: a response counts as "blocked" when an inhibitor cuts it by at least this fraction
BLOCKED_FRACTION = 0.90
#: and as "spared" when it changes it by less than this fraction
SPARED_FRACTION = 0.10
#: at least this many of the three inflammatory genes induced = "inflammatory"
INFLAMMATORY_MIN_GENES = 2
INFLAMMATORY_GENES = ("ICAM1", "CCL2", "CXCL8")
#: Hyper-IL-6 potency ratio EC50(IL-6 + sIL-6R) / EC50(Hyper-IL-6), literature range (Fischer 1997)
POTENCY_PARTLY = 10.0
POTENCY_RANGE = (100.0, 1000.0)
#: time (min) at which pSTAT3 is read for dose-responses and sgp130Fc cuts (seed: 15-30 min)
PSTAT3_READ_MIN = 30.0
#: classic pSTAT3 time to peak (min) that matches the literature's maximum at 15-30 min (S1, model vs literature)
PEAK_TIME_RANGE_MIN = (10.0, 45.0)

YES, PARTLY, NO, NOT_MODELLED, NA = "yes", "partly", "no", "not modelled", "n/a"


def thresholds() -> list[tuple[str, str]]:
    """The classification rules, as (name, rule) pairs for printing; units in the comparison table's words
    (:func:`il6sim.compare.comparison.readout_unit`)."""
    from .comparison import readout_unit

    return [
        ("pSTAT3 strength", f"peak response above baseline ({readout_unit('pSTAT3')}) >= {STRONG_PSTAT3:g}: strong; "
                            f"{MODERATE_PSTAT3:g}-{STRONG_PSTAT3:g}: moderate; below: none"),
        ("pSTAT3 duration", f"sustained if the response {SUSTAINED_AT_MIN:g} min after the peak (or at 24 h) is "
                            f">= {SUSTAINED_FRACTION:.0%} of the peak response, else transient "
                            f"(readouts.metrics; no response below {MIN_RESPONSE:g})"),
        ("pSTAT3 duration (min)", "time the response stays at or above half of its peak response"),
        ("pSTAT3 time to peak", f"classic matches the literature (maximal at 15-30 min) if it peaks at "
                                f"{PEAK_TIME_RANGE_MIN[0]:g}-{PEAK_TIME_RANGE_MIN[1]:g} min"),
        ("pAkt / pERK", f"activated if peak response above baseline (pAkt: {readout_unit('pAkt')}; pERK: "
                        f"{readout_unit('pERK')}) >= {ARM_ACTIVATED:g}"),
        ("gene induction", f"induced if mRNA fold change vs untreated >= {INDUCED_FOLD:g} at 4 h or 24 h"),
        ("SOCS3 weaker / delayed", f"each row (4 h, 24 h) on its own folds: classic induced if >= {INDUCED_FOLD:g}; "
                                   f"trans weaker if its fold < {SOCS3_WEAKER_RATIO:g} x classic's; delayed if its "
                                   f"half-rise (minutes to half of its rise from t = 0 to its 4 h level) is "
                                   f">= {SOCS3_DELAY_MIN:g} min longer than classic's; else stronger if its fold "
                                   f"> {1 / SOCS3_WEAKER_RATIO:g} x classic's, similar in between"),
        ("inflammatory", f">= {INFLAMMATORY_MIN_GENES} of {', '.join(INFLAMMATORY_GENES)} induced"),
        ("sgp130Fc", f"blocks if it cuts the pSTAT3 response at {PSTAT3_READ_MIN:g} min by >= {BLOCKED_FRACTION:.0%}; "
                     f"spares if it changes it by < {SPARED_FRACTION:.0%}"),
        ("Hyper-IL-6 potency", f"EC50(IL-6 + sIL-6R, equimolar) / EC50(Hyper-IL-6) on gp130-only cells, pSTAT3 "
                               f"at {PSTAT3_READ_MIN:g} min; literature {POTENCY_RANGE[0]:g}-{POTENCY_RANGE[1]:g}: "
                               f"yes inside it, partly from {POTENCY_PARTLY:g} up to {POTENCY_RANGE[0]:g}"),
    ]


# --------------------------------------------------------------------------
# numbers -> words
# --------------------------------------------------------------------------

def strength(peak_response: float) -> str:
    """'strong', 'moderate' or 'none' from a pSTAT3 peak response.

    >>> strength(0.5), strength(0.1), strength(0.01)
    ('strong', 'moderate', 'none')
    """
    if not math.isfinite(peak_response) or peak_response < MODERATE_PSTAT3:
        return "none"
    return "strong" if peak_response >= STRONG_PSTAT3 else "moderate"


def pattern(peak_response: float, kind: str) -> str:
    """The seed's words for a pSTAT3 time course: e.g. 'moderate and transient'.

    ``kind`` is ``TimeCourseMetrics.kind`` ('transient', 'sustained', 'none').

    >>> pattern(0.16, "transient"), pattern(0.56, "sustained"), pattern(0.01, "transient")
    ('moderate and transient', 'strong and sustained', 'none')
    """
    s = strength(peak_response)
    if s == "none" or kind not in ("transient", "sustained"):
        return "none"
    return f"{s} and {kind}"


def arm_activated(peak_response: float) -> bool:
    """True when a pAkt or pERK peak response reaches :data:`ARM_ACTIVATED`."""
    return math.isfinite(peak_response) and peak_response >= ARM_ACTIVATED


def induced(*folds: float) -> bool:
    """True when any fold change (e.g. at 4 h and 24 h) reaches :data:`INDUCED_FOLD`.

    >>> induced(1.2, 2.5), induced(1.9, 1.1)
    (True, False)
    """
    return any(math.isfinite(f) and f >= INDUCED_FOLD for f in folds)


def fold_text(fold: float) -> str:
    """A gene's fold change as the verdicts and the discussion print it: three significant digits, as the table's
    columns, so that a fold just below :data:`INDUCED_FOLD` does not print as the threshold itself ('not induced
    (2x)' for 1.97x).

    >>> fold_text(1.97), fold_text(2.03), fold_text(1.5), fold_text(17.61)
    ('1.97x', '2.03x', '1.5x', '17.6x')
    """
    return f"{fold:.3g}x"


def fraction_cut(control: float, treated: float) -> float:
    """Fraction of a response removed by a treatment: 1 - treated / control (NaN if no control response)."""
    if not math.isfinite(control) or control <= 0:
        return float("nan")
    return 1.0 - treated / control


def socs3_relation(classic_fold: float, trans_fold: float,
                   classic_t_half: float, trans_t_half: float) -> str:
    """How trans SOCS3 compares with classic: 'weaker', 'delayed', 'weaker and delayed', 'similar' or 'stronger'.

    ``*_fold``: mRNA fold change vs untreated at one readout time (4 h or 24 h; each comparison row reads its
    own); ``*_t_half``: the half-rise, minutes to cover half of the mRNA's rise from t = 0 to its 4 h level
    (NaN if it does not rise).

    >>> socs3_relation(10, 5, 30, 30), socs3_relation(5, 20, 40, 35), socs3_relation(10, 10, 30, 90)
    ('weaker', 'stronger', 'delayed')
    """
    weaker = trans_fold < SOCS3_WEAKER_RATIO * classic_fold
    delayed = (math.isfinite(classic_t_half) and math.isfinite(trans_t_half)
               and trans_t_half >= classic_t_half + SOCS3_DELAY_MIN)
    if weaker and delayed:
        return "weaker and delayed"
    if weaker:
        return "weaker"
    if delayed:
        return "delayed"
    if classic_fold > 0 and trans_fold > classic_fold / SOCS3_WEAKER_RATIO:
        return "stronger"
    return "similar"


def inflammatory_count(inductions: dict[str, bool]) -> int:
    return sum(bool(inductions.get(g, False)) for g in INFLAMMATORY_GENES)


def arms(pstat3_peak: float, pakt_peak: float, perk_peak: float) -> frozenset:
    """The pathways a condition activates: subset of {'STAT3', 'Akt', 'ERK'}."""
    out = set()
    if strength(pstat3_peak) != "none":
        out.add("STAT3")
    if arm_activated(pakt_peak):
        out.add("Akt")
    if arm_activated(perk_peak):
        out.add("ERK")
    return frozenset(out)


def arms_text(a: Iterable[str]) -> str:
    order = ("STAT3", "Akt", "ERK")
    s = [x for x in order if x in set(a)]
    return " + ".join(s) if s else "nothing"


# --------------------------------------------------------------------------
# model vs seed
# --------------------------------------------------------------------------

def combine(*matches: bool) -> str:
    """'yes' if all parts match, 'no' if none, else 'partly'."""
    if all(matches):
        return YES
    if not any(matches):
        return NO
    return PARTLY


def agree_stat3(classic_pattern: str, trans_pattern: str) -> str:
    """S1: seed says classic 'moderate and transient', trans 'strong and sustained'.

    Each side counts as half: strength and duration both right -> match.

    >>> agree_stat3("moderate and transient", "strong and sustained")
    'yes'
    >>> agree_stat3("strong and transient", "strong and sustained")
    'partly'
    """
    return combine(classic_pattern == "moderate and transient", trans_pattern == "strong and sustained")


def agree_arms(classic_arms: frozenset, trans_arms: frozenset, expected_classic: frozenset,
               expected_trans: frozenset) -> str:
    """S2: each side must show at least the expected arms; the classic side must not show extra
    arms that the expectation excludes among Akt/ERK (STAT3 under classic is not ruled out by the seed)."""
    def ok(got: frozenset, exp: frozenset, strict_extra: bool) -> bool:
        if not exp <= got:
            return False
        if strict_extra:
            return not ({"Akt", "ERK"} - exp) & got
        return True

    return combine(ok(classic_arms, expected_classic, True), ok(trans_arms, expected_trans, False))


def agree_gene(classic_induced: bool, trans_induced: bool, expected: tuple[bool, bool] | None) -> str:
    """S3, one gene: compare (classic induced, trans induced) with an expectation.

    >>> agree_gene(False, True, (False, True)), agree_gene(True, True, (False, True)), agree_gene(True, True, None)
    ('yes', 'partly', 'n/a')
    """
    if expected is None:
        return NA
    return combine(classic_induced == expected[0], trans_induced == expected[1])


def agree_socs3(classic_induced: bool, relation: str) -> str:
    """S5: seed says classic robustly induces SOCS3 and trans weaker or delayed.

    The claim is the contrast: 'yes' only when classic induces SOCS3 and trans is weaker or delayed.

    >>> agree_socs3(True, "weaker"), agree_socs3(True, "stronger"), agree_socs3(False, "delayed")
    ('yes', 'no', 'no')
    """
    return YES if classic_induced and relation in ("weaker", "delayed", "weaker and delayed") else NO


def socs3_follows_stat3(relation: str, classic_stat3_auc: float, trans_stat3_auc: float) -> str:
    """S5 literature: SOCS3 is a STAT3 target, so its ordering should follow pSTAT3's.

    'yes' when trans SOCS3 is stronger (or similar) where trans pSTAT3 AUC is larger, and
    weaker (or similar) where it is smaller.
    """
    if not (math.isfinite(classic_stat3_auc) and math.isfinite(trans_stat3_auc)):
        return NA
    if trans_stat3_auc >= classic_stat3_auc:
        return YES if relation in ("stronger", "similar") else NO
    return YES if relation in ("weaker", "similar", "weaker and delayed", "delayed") else NO


def agree_cellular(classic_n: int, trans_n: int) -> str:
    """C1: trans inflammatory and classic less so -> at most 'partly' (survival/injury is not modelled)."""
    trans_inflammatory = trans_n >= INFLAMMATORY_MIN_GENES
    classic_less = classic_n < trans_n
    if trans_inflammatory and classic_less:
        return PARTLY
    return NO


def agree_sgp130fc(trans_cut: float, classic_change: float) -> str:
    """S8: sgp130Fc blocks trans (cut >= 90%) and spares classic (|change| < 10%)."""
    blocks = math.isfinite(trans_cut) and trans_cut >= BLOCKED_FRACTION
    spares = math.isfinite(classic_change) and abs(classic_change) < SPARED_FRACTION
    return combine(blocks, spares)


def agree_potency(ratio: float) -> str:
    """S6: the Hyper-IL-6 potency ratio lies in 100-1000 ('partly' from 10: Hyper-IL-6 clearly more
    potent, by less than the proliferation assays report, a readout the model does not have).

    >>> agree_potency(128.0), agree_potency(20.0), agree_potency(3.0), agree_potency(float("nan"))
    ('yes', 'partly', 'no', 'no')
    """
    lo, hi = POTENCY_RANGE
    if not math.isfinite(ratio):
        return NO
    if lo <= ratio <= hi:
        return YES
    return PARTLY if POTENCY_PARTLY <= ratio < lo else NO


def agree_no_response(peak_response: float) -> str:
    """E4: IL-6 alone gives no pSTAT3 response on gp130-only cells."""
    return YES if strength(peak_response) == "none" else NO
