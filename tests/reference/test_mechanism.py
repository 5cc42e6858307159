"""Model 2.0: behaviours the mechanism must show on the default presets, with sources.

No test tunes a parameter: every run uses a preset as shipped (one kinetic
parameter set for every cell). "% of peak" is the rise above the resting
value as a fraction of the peak rise.
"""

import numpy as np
import pandas as pd
import pytest

from il6sim.engine.simulator import Event
from il6sim.model.presets import CellSpec
from il6sim.model.reference import reference_model
from il6sim.units import to_nM

IL6 = to_nM("10 ng/mL", 21000)
SIL6R = to_nM("25 ng/mL", 50000)
HYPER = to_nM("10 ng/mL", 56000)
FC = to_nM("500 ng/mL", 210000)
FINE = np.array([0, 2, 5, 7, 10, 12, 15, 20, 25, 30, 40, 50, 60, 90, 120, 180, 240.0])
ROUTES = {
    "classic": [Event(0, "add", "IL6", IL6)],
    "trans": [Event(0, "add", "IL6", IL6), Event(0, "add", "sIL6R", SIL6R)],
    "hyper": [Event(0, "add", "HyIL6", HYPER)],
}
CELLS = ["hepg2", "phh", "hepatocyte", "huvec", "hrec", "gp130_only", "il6r_gp130", "ec_overlapping"]


def _run(sim, cell, events, times=FINE, **extra):
    p = CellSpec.parse(cell).resolve()
    p.update(extra)
    return sim.simulate(p, events, times)


def _rise(y):
    return y - y[0]


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("route", list(ROUTES))
def test_pstat3_is_transient(sim, cell, route):
    # Thiel et al.: maximal at 15-30 min, near baseline by 60-90 min; SOCS3 ends STAT3 signalling ~2 h
    # after stimulation (Wang 2013 PNAS); PHH blots (Zeilfelder 2025): 13-30 % of the peak at 120 min.
    if cell == "gp130_only" and route == "classic":
        pytest.skip("no IL-6R: classic signalling is absent (tested elsewhere)")
    y = _run(sim, cell, ROUTES[route]).observable("pSTAT3")
    r = _rise(y)
    assert r.max() > 0.1, "a clear response"
    # the peak as a blot reads it: the last time within 5 % of the maximum lies in 10-40 min
    t_peak = FINE[int(np.argmax(r))]
    plateau = FINE[r >= 0.95 * r.max()]
    assert plateau.max() >= 10 and t_peak <= 40, (t_peak, plateau)
    assert r[FINE == 120][0] <= 0.40 * r.max()


@pytest.mark.parametrize("cell, route", [("hepg2", "classic"), ("phh", "classic"), ("huvec", "trans"),
                                         ("gp130_only", "hyper")])
def test_socs3_feedback_gives_a_damped_wave_under_a_standing_stimulus(sim, cell, route):
    # Yoshiura 2007 PNAS 104:11292: STAT3 phosphorylation and SOCS3 expression oscillate (period ~2 h) under a
    # standing stimulus; a delayed negative loop damps, so a second, smaller maximum follows the first
    # (docs/model.md, "What terminates the response")
    t = np.arange(0, 481, 5.0)
    tr = _run(sim, cell, ROUTES[route], times=t)
    for name, window in (("SOCS3_mRNA", (150, 330)), ("pSTAT3", (120, 300))):
        r = _rise(tr.observable(name))
        inside = (t >= window[0]) & (t <= window[1])
        peaks = [i for i in np.flatnonzero(inside) if r[i - 1] < r[i] >= r[i + 1]]
        assert len(peaks) == 1, (name, t[peaks])
        assert 0.05 * r.max() < r[peaks[0]] < 0.9 * r.max(), (name, r[peaks[0]] / r.max())
        trough = r[(t > t[int(np.argmax(r))]) & (t < t[peaks[0]])].min()
        assert trough < 0.95 * r[peaks[0]], name


@pytest.mark.parametrize("cell, route", [("hepg2", "classic"), ("huvec", "trans"), ("gp130_only", "hyper")])
def test_gp130_y759f_prolongs_stat3_and_loses_erk(sim, cell, route):
    # SOCS3 inhibits through gp130 Y759 (Schmitz 2000 J Biol Chem 275:12848; Nicholson 2000 PNAS 97:6493), where
    # SHP2 also docks to reach ERK (Schaper 1998 Biochem J 335:557): the Y759F mutant keeps STAT3 on, as the
    # SOCS3 knockout does (Fischer 2004; Ohtani 2000 Immunity 12:95), and loses IL-6-induced ERK activation
    wt = _run(sim, cell, ROUTES[route])
    mut = _run(sim, {"preset": cell, "knockout": ["Y759F"]}, ROUTES[route])
    r_wt, r = _rise(wt.observable("pSTAT3")), _rise(mut.observable("pSTAT3"))
    assert r_wt[FINE == 120][0] <= 0.4 * r_wt.max()
    assert r[FINE == 120][0] >= 0.7 * r.max()
    assert _rise(wt.observable("pERK")).max() > 0.05
    assert _rise(mut.observable("pERK")).max() <= 0.1 * _rise(wt.observable("pERK")).max()
    # SOCS3 is still made (a STAT3 target gene); it only cannot dock
    assert mut.observable("SOCS3_per_cell").max() >= wt.observable("SOCS3_per_cell").max()


@pytest.mark.parametrize("cell, route", [("hepg2", "classic"), ("phh", "classic"), ("huvec", "trans"),
                                         ("gp130_only", "hyper")])
def test_shp2_loss_enhances_and_prolongs_stat3(sim, cell, route):
    # Fischer 2004 Biochem J 378:449: impaired SHP2 function leads to enhanced and prolonged IL-6 signalling;
    # Schmitz 2000 J Biol Chem 275:12848: inhibiting SHP2 activation raises SOCS3 mRNA; Lehmann 2003 J Biol Chem
    # 278:661: SHP2 brakes gp130 independently of SOCS3. SHP2 is also the ERK adapter (Schaper 1998).
    wt = _run(sim, cell, ROUTES[route])
    ko = _run(sim, {"preset": cell, "knockout": ["PTPN11"]}, ROUTES[route])
    r_wt, r_ko = _rise(wt.observable("pSTAT3")), _rise(ko.observable("pSTAT3"))
    assert np.trapezoid(r_ko[FINE <= 120], FINE[FINE <= 120]) >= 1.1 * np.trapezoid(r_wt[FINE <= 120],
                                                                                   FINE[FINE <= 120])
    assert r_ko[FINE == 120][0] >= 1.2 * r_wt[FINE == 120][0], "prolonged"
    assert r_ko[FINE == 120][0] <= 0.4 * r_ko.max(), "SOCS3 still ends it"
    assert ko.observable("SOCS3_mRNA").max() > 1.02 * wt.observable("SOCS3_mRNA").max()
    assert _rise(ko.observable("pERK")).max() <= 0.1 * _rise(wt.observable("pERK")).max()


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "the table kinetics make SOCS3 mRNA peak at 60-75 min but stay at 49-66 % of its peak rise for 2-6 h under "
    "IL-6: the SOCS3 promoter (half-maximal at 8 % nuclear pSTAT3) saturates, and with IL-6 still present "
    "pSTAT3 settles at ~12 % of its peak where the promoter is half on; receptor loss does not end the late "
    "phase because a few units per cell suffice. The calibrated set meets the timing (peak 40 min) only with "
    "~35,000 SOCS3 per cell; a less saturated promoter (K 0.25-0.3, Hill 3, 1.25-1.5x translation) ends the "
    "plateau within the counted SOCS3 but moves the endothelial 'CCL2 only under trans' across its line (with 3x "
    "translation, the handful-of-bound-IL-6 response instead); the set closest to all of them (108 run through the "
    "tests) loses the cycloheximide hold and the sgp130Fc block from 30 min on (docs/model.md, "
    "docs/experiments/socs3_plateau.py)"))
def test_socs3_mrna_is_transient_under_il6(sim):
    # Zeilfelder 2025 HepG2 qPCR (IL-6 10 ng/mL, left on): SOCS3 mRNA peaks at 60 min and is back to 1-5 % of
    # its peak rise by 90-120 min (experiment 2015_47; 2015_48 also peaks at 60 min, the 2017 series start there)
    t = np.array([0, 15, 30, 45, 60, 90, 120, 180, 240.0])
    m = _rise(_run(sim, "hepg2", ROUTES["classic"], times=t).observable("SOCS3_mRNA"))
    assert 30 <= t[int(np.argmax(m))] <= 60
    assert m[t == 120][0] <= 0.30 * m.max()


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "the protein follows the mRNA (SOCS3 t1/2 17 min): with the saturated SOCS3 promoter of the table kinetics "
    "HepG2 SOCS3 is 1.38x its 60-min rise at 90 min and 1.26x at 120 min, where every blot series has fallen; "
    "the same root as the SOCS3 mRNA plateau above. The calibrated set follows the blots (peak at 60 min, a "
    "third of it at 120 min) with ~6x the counted SOCS3 per cell (docs/calibration.md)"))
def test_socs3_protein_is_transient_under_il6(sim):
    # Zeilfelder 2025 HepG2 SOCS3 immunoblots (IL-6 10 ng/mL, left on; the calibration holds them out): all five
    # series are highest at 60 min and have fallen to 31-66 % of their 60-min rise at 120 min
    from il6sim.fitting.hepg2 import data_dir

    d = pd.read_csv(data_dir() / "western_socs3.csv")
    base = d[d.il6_ng_per_ml == 0].groupby("experiment").value.mean()
    blots = d[d.il6_ng_per_ml == 10].pivot_table(index="experiment", columns="time_min", values="value")
    rel = blots.sub(base, axis=0).div(blots[60] - base, axis=0)
    assert (rel[[90, 120]].max(axis=1) < 1).all(), "the data: every series is highest at 60 min"
    s = _run(sim, "hepg2", ROUTES["classic"], times=[0, 60, 90, 120]).observable("SOCS3_per_cell")
    r = (s - s[0]) / (s[1] - s[0])
    assert r[2] < 1 and r[3] <= rel[120].max(), (r, rel[120].tolist())


@pytest.mark.parametrize("cell, route", [("hepg2", "classic"), ("huvec", "trans"), ("gp130_only", "hyper")])
def test_socs3_knockout_prolongs_stat3(sim, cell, route):
    # SOCS3 loss (or gp130 Y759F) turns transient STAT3 into prolonged STAT3 (Fischer 2004; Yasukawa 2003)
    y = _run(sim, {"preset": cell, "knockout": ["SOCS3"]}, ROUTES[route]).observable("pSTAT3")
    r = _rise(y)
    assert r[FINE == 120][0] >= 0.70 * r.max()


@pytest.mark.parametrize("cell", ["hepg2", "phh", "hepatocyte", "il6r_gp130"])
def test_il6_prestimulation_desensitises_for_hours(sim, cell):
    # Fischer 2004 Biochem J 378:449: a first IL-6 stimulation leaves cells less sensitive to a second one and
    # to signalling through receptors the first did not engage (transdesensitisation); after several hours they
    # are sensitive again. Here: a 30 min IL-6 pulse, washed off; a second stimulus 2 h or 8 h after the first.
    def second_over_naive(agent, dose, gap, **extra):
        c = {"preset": cell, **extra}
        naive = _rise(_run(sim, c, [Event(0, "add", agent, dose)], times=[0, 15]).observable("pSTAT3"))[1]
        y = _run(sim, c, [Event(0, "add", "IL6", IL6), Event(30, "wash"), Event(gap, "add", agent, dose)],
                 times=[0, gap - 1, gap + 15]).observable("pSTAT3")
        return (y[2] - y[0]) / naive

    assert second_over_naive("IL6", IL6, 120) <= 0.8, "desensitised to IL-6 2 h after the first stimulation"
    assert second_over_naive("HyIL6", HYPER, 120) <= 0.8, "trans-desensitised: Hyper-IL-6 units on fresh gp130"
    assert second_over_naive("IL6", IL6, 480) >= 0.8, "sensitive again after several hours"
    # in the model the desensitisation is SOCS3's (bound at gp130 pY759, the site the paper studies)
    assert second_over_naive("IL6", IL6, 120, knockout=["SOCS3"]) >= 0.8
    # and, as the paper found, not SHP2's
    assert second_over_naive("IL6", IL6, 120, knockout=["PTPN11"]) <= 0.8


@pytest.mark.parametrize("cell", ["huvec", "gp130_only"])
def test_trans_and_hyper_il6_share_one_time_course(sim, cell):
    # Reeh 2019 (Cell Commun Signal): same STAT3 pattern once the number of active complexes is matched.
    t = FINE
    trans = _rise(_run(sim, cell, ROUTES["trans"]).observable("pSTAT3"))
    target = trans.max()
    lo, hi = 1e-5, 1.0  # match the Hyper-IL-6 dose to the trans amplitude by bisection (log scale)
    for _ in range(40):
        mid = np.sqrt(lo * hi)
        amp = _rise(_run(sim, cell, [Event(0, "add", "HyIL6", mid)]).observable("pSTAT3")).max()
        lo, hi = (mid, hi) if amp < target else (lo, mid)
    hy = _rise(_run(sim, cell, [Event(0, "add", "HyIL6", mid)]).observable("pSTAT3"))
    diff = np.abs(trans / trans.max() - hy / hy.max())
    assert diff[t >= 5].max() <= 0.20, diff


@pytest.mark.parametrize("cell", ["huvec", "gp130_only"])
def test_premixed_trans_and_hyper_il6_share_one_time_course(sim, cell):
    # Reeh 2019 (Cell Commun Signal): same STAT3 pattern once the number of active complexes is matched.
    # IL-6 pre-incubated with sIL-6R (30 min, as most trans-signalling protocols do) reaches the cells as
    # complex, like Hyper-IL-6; added together they associate within about a minute at these doses.
    from il6sim.protocols.runner import premix_tube

    p = CellSpec.parse(cell).resolve()
    tube = premix_tube({"IL6": IL6, "sIL6R": SIL6R}, 30.0, p)
    trans = _rise(_run(sim, cell, [Event(0, "add", sp, c) for sp, c in tube.items()]).observable("pSTAT3"))
    lo, hi = 1e-5, 1.0
    for _ in range(40):
        mid = np.sqrt(lo * hi)
        amp = _rise(_run(sim, cell, [Event(0, "add", "HyIL6", mid)]).observable("pSTAT3")).max()
        lo, hi = (mid, hi) if amp < trans.max() else (lo, mid)
    hy = _rise(_run(sim, cell, [Event(0, "add", "HyIL6", mid)]).observable("pSTAT3"))
    diff = np.abs(trans / trans.max() - hy / hy.max())
    assert diff[FINE >= 5].max() <= 0.20, diff


def test_a_handful_of_bound_il6_gives_a_response(sim):
    # Hansen 2020 (PMC7212196): ~4 bound IL-6 per cell measurable, 16 strong (blood cells, 50-300 IL-6R)
    cell = {"preset": "il6r_gp130", "IL6R_per_cell": 200}
    bound, resp = [], []
    for d in np.logspace(-5, 0, 30):
        tr = _run(sim, cell, [Event(0, "add", "IL6", d)], times=[0, 20])
        bound.append(tr.observable("bound_IL6_per_cell")[1])
        resp.append(_rise(tr.observable("pSTAT3"))[1])
    bound, resp = np.array(bound), np.array(resp) / max(resp)
    assert np.interp(4, bound, resp) >= 0.10
    assert np.interp(0.5, resp, bound) <= 20


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "with first-order synthesis the return after a washout follows the same time constant as the turnover "
    "without ligand: a 2-3 h surface half-life (Gerhartz 1994) implies ~65 % return in 4 h, not < 50 %; the "
    "return needs new synthesis and is 91 % complete at 8 h, which meets Zohlnhoefer 1992's 'required > 8 h' "
    "but not the stricter < 50 % at 4 h. With constant synthesis and first-order trafficking the surface 4 h "
    "after a washout is at least 1 - (the share left 4 h into cycloheximide: 22 % in the HepG2 series) of "
    "resting, so < 50 % return needs a nonlinear step with no support found (docs/model.md)"))
def test_il6r_turnover_and_slow_return_after_ligand(sim):
    # Gerhartz 1994: IL-6R turnover t1/2 2-3 h without ligand (pulse-chase; HepG2 IL-6 sites under
    # cycloheximide 50 % at ~2.6 h, Zeilfelder 2025); Zohlnhoefer 1992: sites fall within 15-30 min
    # of IL-6 and return only by new synthesis (> 8 h)
    t = np.array([0, 60, 120, 150, 180, 240.0])
    s = _run(sim, "hepg2", [Event(0, "add", "CHX", 35000.0)], times=t).observable("surface_IL6R")
    half = np.interp(0.5, (s / s[0])[::-1], t[::-1])
    assert 120 <= half <= 180, half
    t = np.array([0, 30, 31, 270.0])
    s = _run(sim, "hepg2", [Event(0, "add", "IL6", IL6), Event(30, "wash")], times=t).observable("surface_IL6R")
    assert s[1] <= 0.6 * s[0], "surface IL-6R falls within 30 min of IL-6"
    assert (s[3] - s[2]) / (s[0] - s[2]) < 0.5


@pytest.mark.parametrize("parameters", ["default", "calibrated"])
def test_resting_stat3_is_mostly_cytoplasmic_as_in_hepg2_fractions(sim, parameters):
    # Zeilfelder 2025 HepG2 fractionations: resting nuclear:cytoplasmic STAT3 ~0.3; the reason STAT3 export stays
    # at its table value in the calibration, although the time courses alone pull it faster (docs/calibration.md)
    from il6sim.fitting.ensemble import parameter_set

    extra = {} if parameters == "default" else {k: v for k, v in parameter_set("calibrated").items() if "@" not in k}
    tr = _run(sim, "hepg2", [], times=[0, 600.0], **extra)
    ratio = tr.observable("STAT3_nucleus")[-1] / tr.observable("STAT3_cytoplasm")[-1]
    assert 0.2 <= ratio <= 0.45, ratio


def test_baricitinib_cellular_ic50_below_50_nM(sim):
    # Fridman 2010 J Immunol 184:5298: blocks IL-6 signalling in cells below 50 nM
    doses = np.logspace(0, 3, 16)
    base = _rise(_run(sim, "hepg2", ROUTES["classic"], times=[0, 30]).observable("pSTAT3"))[1]
    resp = []
    for d in doses:
        ev = [Event(-30, "add", "BARI", d)] + ROUTES["classic"]
        resp.append(_rise(_run(sim, "hepg2", ev, times=[-30, 30]).observable("pSTAT3"))[1] / base)
    ic50 = np.interp(0.5, np.array(resp)[::-1], doses[::-1])
    assert ic50 < 50, ic50


@pytest.mark.parametrize("drug", ["BARI", "TOFA", "RUX"])
def test_jak_inhibitors_block_classic_and_trans_alike(sim, drug):
    # JAK inhibitors act downstream of both receptor routes: baricitinib and tofacitinib block IL-6 signalling
    # with similar IC50s in human leukocytes (Jpn J Clin Immunol 2017 40:309a; McInnes 2019 Arthritis Res Ther
    # 21:183), and neither route escapes; the cellular IC50 stays within a few-fold of the parameter
    doses = np.logspace(0, 3.5, 22)
    ic50 = {}
    for cell, route in (("hepg2", "classic"), ("gp130_only", "trans")):
        base = _rise(_run(sim, cell, ROUTES[route], times=[0, 30]).observable("pSTAT3"))[1]
        resp = [_rise(_run(sim, cell, [Event(-30, "add", drug, d)] + ROUTES[route],
                           times=[-30, 30]).observable("pSTAT3"))[1] / base for d in doses]
        assert resp[-1] < 0.05, (cell, route)
        ic50[route] = np.interp(0.5, np.array(resp)[::-1], doses[::-1])
    ki = reference_model().parameter_map[{"BARI": "Ki_baricitinib", "TOFA": "Ki_tofacitinib",
                                          "RUX": "Ki_ruxolitinib"}[drug]].value
    assert 1 / 3 <= ic50["classic"] / ic50["trans"] <= 3, ic50
    assert all(ki / 3 <= v <= 3 * ki for v in ic50.values()), (ki, ic50)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "the cells' own IL-6 (20 molecules/cell/min, assumed) with sIL-6R raises pSTAT3 1.1-1.3x, but the slowly "
    "rising autocrine signal is damped by SOCS3 and never reaches the ERK/Akt thresholds that ICAM1 and CXCL8 "
    "need; the secretion rate is unmeasured and already at the generous end of the published 'scant' release "
    "(docs/model.md); the model has no autocrine induction of the IL-6 gene"))
def test_sil6r_alone_activates_endothelial_cells_through_their_own_il6(sim):
    # Modur 1997 JCI 100:2752; EVIDENCE 4: sIL-6R alone can act with the cells' own IL-6
    t = np.array([-240, 0, 240, 1440.0])
    wash = [Event(-240, "wash")]
    ctrl = _run(sim, "huvec", wash, times=t)
    sr = _run(sim, "huvec", wash + [Event(0, "add", "sIL6R", SIL6R)], times=t)
    fold = max(sr.observable(g)[-1] / ctrl.observable(g)[-1] for g in ("ICAM1_mRNA", "CXCL8_mRNA"))
    assert fold >= 1.5, fold


def test_endothelial_cells_without_il6r_answer_il6_only_with_sil6r(sim):
    # Romano 1997 Immunity 6:315: endothelial cells with gp130 but no IL-6R do not respond to IL-6; IL-6 + sIL-6R
    # activates STAT3, chemokine expression and ICAM-1, and a superagonist potentiates it. EVIDENCE 4 (PMC1360351):
    # ICAM-1 with IL-6 + sIL-6R 20 ng/mL rises with the IL-6 dose. Readouts: mRNA folds, largest over 2-24 h.
    cell = {"preset": "huvec", "IL6R_per_cell": 0}
    t = np.array([-240, 0, 15, 30, 120, 240, 480, 1440.0])
    wash = [Event(-240, "wash")]
    ctrl = _run(sim, cell, wash, times=t)

    def run(events):
        r = _run(sim, cell, wash + events, times=t)
        rise = (r.observable("pSTAT3") - r.observable("pSTAT3")[1]).max()
        return rise, {g: (r.observable(f"{g}_mRNA") / ctrl.observable(f"{g}_mRNA"))[t >= 120].max()
                      for g in ("ICAM1", "CCL2", "CXCL8")}

    alone, genes_alone = run(ROUTES["classic"])
    assert alone < 0.01 and max(genes_alone.values()) < 1.05
    trans, genes_trans = run(ROUTES["trans"])
    assert trans >= 0.3
    assert genes_trans["CCL2"] >= 2 and genes_trans["CXCL8"] >= 2 and genes_trans["ICAM1"] >= 1.5
    hyper, genes_hyper = run(ROUTES["hyper"])
    assert hyper >= trans and all(genes_hyper[g] >= genes_trans[g] for g in genes_trans)
    icam = [run([Event(0, "add", "IL6", to_nM(f"{d} ng/mL", 21000)),
                 Event(0, "add", "sIL6R", to_nM("20 ng/mL", 50000))])[1]["ICAM1"] for d in (1, 10, 100)]
    assert icam[0] < icam[1] < icam[2], icam


@pytest.mark.parametrize("cell, route", [("hepg2", "classic"), ("huvec", "trans"), ("ec_overlapping", "classic")])
def test_perk_adapts(sim, cell, route):
    # PMC5417441: pERK rises by 15-30 min and declines by 2-4 h
    r = _rise(_run(sim, cell, ROUTES[route]).observable("pERK"))
    assert r.max() > 0.05
    assert FINE[int(np.argmax(r))] <= 30
    assert r[FINE == 240][0] <= 0.40 * r.max()


def test_classic_il6_activates_erk_in_hepatoma_cells(sim):
    # Schaper 1998: IL-6 activates ERK via SHP2 at gp130 Y759 in hepatoma cells
    y = _run(sim, "hepg2", ROUTES["classic"]).observable("pERK")
    assert y.max() >= 3 * y[0]


@pytest.mark.parametrize("cell", ["huvec", "gp130_only"])
@pytest.mark.parametrize("t", [15, 30])
def test_sgp130fc_removes_trans_specific_pstat3(sim, cell, t):
    # seed protocol (S8): 500 ng/mL sgp130Fc 45 min ahead blocks trans-signalling (Jostock 2001)
    times = [-45, t]
    pre = [Event(-45, "add", "sgp130Fc", FC)]
    classic = _run(sim, cell, ROUTES["classic"], times=times).observable("pSTAT3")[1]
    trans = _run(sim, cell, ROUTES["trans"], times=times).observable("pSTAT3")[1]
    blocked = _run(sim, cell, pre + ROUTES["trans"], times=times).observable("pSTAT3")[1]
    assert trans - classic > 0.05
    assert (blocked - classic) <= 0.10 * (trans - classic)


def test_sgp130fc_spares_classic_signalling(sim):
    # Jostock 2001: no effect on Ba/F3-gp130-IL-6R (interference 0 by default)
    times = [-45, 15, 30]
    pre = [Event(-45, "add", "sgp130Fc", FC)]
    a = _run(sim, "il6r_gp130", ROUTES["classic"], times=times).observable("pSTAT3")
    b = _run(sim, "il6r_gp130", pre + ROUTES["classic"], times=times).observable("pSTAT3")
    assert np.all(np.abs(b[1:] - a[1:]) <= 0.10 * (a[1:] - a[0]))


@pytest.mark.parametrize("cell", ["hepg2", "il6r_gp130"])
def test_sgp130fc_inhibits_classic_signalling_when_sil6r_exceeds_il6(sim, cell):
    # Garbers et al. 2011 (J Biol Chem 286:42959): with sIL-6R in molar excess over IL-6, sgp130 traps the
    # free IL-6 in IL-6:sIL-6R:sgp130 complexes and so inhibits classic signalling too; not tuned for
    def classic_left(il6_ng, sil6r_ng):
        ev = [Event(0, "add", "IL6", to_nM(f"{il6_ng} ng/mL", 21000))]
        if sil6r_ng:
            ev.append(Event(0, "add", "sIL6R", to_nM(f"{sil6r_ng} ng/mL", 50000)))
        times = [-45, 30]
        alone = _rise(_run(sim, cell, ev[:1], times=times).observable("pSTAT3"))[1]
        blocked = _rise(_run(sim, cell, [Event(-45, "add", "sgp130Fc", FC)] + ev, times=times).observable("pSTAT3"))[1]
        return blocked / alone

    excess = [classic_left(1, sr) for sr in (25, 100, 500)]  # sIL-6R 10x, 40x, 200x IL-6 (molar)
    assert excess[0] <= 0.75 and excess[0] > excess[1] > excess[2], excess
    assert abs(classic_left(100, 25) - 1) < 0.10  # IL-6 in 10x excess: free IL-6 is left for IL-6R
    assert abs(classic_left(1, 0) - 1) < 0.10  # no sIL-6R: classic spared (Jostock 2001)


SERUM = [Event(-60, "add", "sIL6R", to_nM("40 ng/mL", 50000)), Event(-60, "add", "sgp130", to_nM("250 ng/mL", 100000))]


@pytest.mark.parametrize("il6", ["5 pg/mL", "10 ng/mL"])
def test_natural_sgp130_leaves_serum_il6_mostly_free(sim, il6):
    # Baran 2018 (J Biol Chem 293:6762): at blood sIL-6R and sgp130, most IL-6 is free, not in complexes;
    # Muller-Newen 1998 (J Immunol 161:6347): part of serum IL-6 sits in IL-6:sIL-6R:sgp130 (gel filtration).
    # Blood levels: EVIDENCE 3 (sIL-6R 20-200 ng/mL, sgp130 25-390 ng/mL).
    tr = sim.simulate(CellSpec.parse("none").resolve(), SERUM + [Event(0, "add", "IL6", to_nM(il6, 21000))],
                      np.array([-60, 60.0]), cell_free=True)
    total = tr["IL6"][1] + tr["IL6_sIL6R"][1] + tr["sgp_IL6sR"][1]
    assert tr["IL6"][1] / total > 0.5
    assert tr["sgp_IL6sR"][1] / total > 0.05


def test_blood_levels_of_sgp130_do_not_block_trans_signalling(sim):
    # Baran 2018: the endogenous sgp130 of blood is not enough to block IL-6 trans-signalling via sIL-6R
    times = [-60, 30]
    il6 = [Event(0, "add", "IL6", to_nM("1 ng/mL", 21000))]
    with_sil6r = _rise(_run(sim, "gp130_only", SERUM[:1] + il6, times=times).observable("pSTAT3"))[1]
    serum = _rise(_run(sim, "gp130_only", SERUM + il6, times=times).observable("pSTAT3"))[1]
    assert serum >= 0.5 * with_sil6r, (serum, with_sil6r)


def test_sgp130_acts_on_trans_signalling_and_through_sil6r_on_classic(sim):
    # Muller-Newen 1998: sgp130 is a far stronger antagonist of IL-6:sIL-6R on cells without IL-6R than of
    # IL-6 alone on IL-6R-positive cells, and sIL-6R markedly enhances its neutralisation of the latter
    times = [-60, 30]
    sgp = [Event(-60, "add", "sgp130", to_nM("10 ug/mL", 100000))]
    sil6r = SERUM[:1]
    il6 = [Event(0, "add", "IL6", to_nM("1 ng/mL", 21000))]

    def left(cell, extra):
        a = _rise(_run(sim, cell, extra + il6, times=times).observable("pSTAT3"))[1]
        return _rise(_run(sim, cell, sgp + extra + il6, times=times).observable("pSTAT3"))[1] / a

    trans, classic, classic_sil6r = left("gp130_only", sil6r), left("hepg2", []), left("hepg2", sil6r)
    # classic > 0.9 holds by construction (sgp130 has no reaction with free IL-6 or membrane IL-6R); it guards
    # the scheme, the other two are the finding
    assert trans < 0.5 and classic > 0.9 and classic_sil6r < classic - 0.1, (trans, classic, classic_sil6r)


@pytest.mark.parametrize("cell, lo, hi", [
    ("hepg2", 1600, 6200),
    # PHH make fewer SOCS3 per mRNA than HepG2 (a cell quantity, SOCS3_translation_factor 0.65, fitted to
    # the PHH data at the table kinetics): ~3,600 per cell at 90 min, within 2x of the PHH range
    ("phh", 650, 2100),
])
def test_socs3_copy_numbers_in_measured_range(sim, cell, lo, hi):
    # Zeilfelder 2025 molecules per cell: HepG2 resting 290-2,900 and 1,600-6,200 at 90-120 min after IL-6;
    # PHH 650-2,100 at 90 min. The model may sit within 2x of the measured range (different donors/labs).
    tr = _run(sim, cell, ROUTES["classic"], times=[0, 90, 120])
    s = tr.observable("SOCS3_per_cell")
    assert 290 / 2 <= s[0] <= 2900
    assert lo / 2 <= s[1] <= hi * 2


def test_presets_differ_only_in_cell_and_scenario_parameters():
    spec = reference_model()
    from il6sim.model.presets import PRESETS

    for name, p in PRESETS.items():
        for k in p.parameters:
            assert spec.parameter_map[k].kind in ("cell", "scenario"), (name, k)


def test_every_assumed_parameter_gives_a_reason():
    for p in reference_model().parameters:
        if p.source.lower().startswith("assumed"):
            assert len(p.source) > len("assumed") + 10, p.name


def test_sil6r_adds_to_supramaximal_not_to_submaximal_il6_in_hepg2(sim):
    # Cytokine 2000;12:774 (doi:10.1006/cyto.1999.0649), HepG2 fibrinogen release: exogenous sIL-6R had no effect
    # with a submaximal IL-6 concentration but raised the response to supramaximal IL-6, the more the more sIL-6R.
    # Readout here: the pSTAT3 rise integrated over 24 h (fibrinogen accumulates over a day).
    t = np.array([0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440.0])

    def area(il6, sil6r_ng):
        ev = [Event(0, "add", "IL6", to_nM(il6, 21000))]
        if sil6r_ng:
            ev.append(Event(0, "add", "sIL6R", to_nM(f"{sil6r_ng} ng/mL", 50000)))
        return np.trapezoid(_rise(_run(sim, "hepg2", ev, times=t).observable("pSTAT3")), t)

    top = _rise(_run(sim, "hepg2", ROUTES["classic"]).observable("pSTAT3")).max()
    sub = _rise(_run(sim, "hepg2", [Event(0, "add", "IL6", to_nM("0.1 ng/mL", 21000))]).observable("pSTAT3")).max()
    assert sub <= 0.6 * top, "0.1 ng/mL is submaximal"
    assert area("0.1 ng/mL", 100) <= 1.05 * area("0.1 ng/mL", 0)
    supra = [area("100 ng/mL", s) for s in (0, 25, 100, 500)]
    assert supra[1] >= 1.3 * supra[0]
    assert supra[0] < supra[1] < supra[2] < supra[3], supra


@pytest.mark.parametrize("cell, route", [("hepg2", "classic"), ("phh", "classic"), ("huvec", "trans")])
@pytest.mark.parametrize("blocker, dose", [("CHX", 35000.0), ("ACTD", 4000.0)])
def test_termination_needs_new_synthesis(sim, cell, route, blocker, dose):
    # Thiel et al. (Heinrich/Graeve lab): termination of IL-6-induced STAT3 activation needs new protein
    # synthesis; cycloheximide (10 ug/mL) or actinomycin D (5 ug/mL) 30 min ahead keep pSTAT3 up at 2 h
    t = np.array([-30, 0, 15, 30, 60, 120.0])
    plain = _rise(_run(sim, cell, ROUTES[route], times=t).observable("pSTAT3"))
    blocked = _rise(_run(sim, cell, [Event(-30, "add", blocker, dose)] + ROUTES[route], times=t).observable("pSTAT3"))
    assert plain[-1] <= 0.4 * plain.max()
    assert blocked[-1] >= 0.7 * blocked.max()


def test_a_jak_inhibitor_at_the_peak_ends_pstat3_within_minutes(sim):
    # Sobotta 2017 (Front Physiol 8:775): ruxolitinib added after IL-6 lowers pSTAT3 within minutes in
    # hepatocytes; STAT3 dephosphorylation is fast once the kinase stops
    t = np.array([0, 30, 45, 60.0])
    y = _rise(_run(sim, "phh", ROUTES["classic"] + [Event(30, "add", "RUX", 1000.0)], times=t).observable("pSTAT3"))
    assert y[2] <= 0.3 * y[1]


def test_hepg2_pstat3_falls_most_of_the_way_within_an_hour_of_il6(sim):
    # Zeilfelder 2025 HepG2 total pSTAT3 blots (IL-6 10 ng/mL left on): every series peaks by 20-30 min and is
    # down to 8-16 % of its peak rise at 60 min (21-59 % at 40 min). The table reaches 29 % at 60 min (an
    # 8-min gp130 phosphorylation lag left 50 %); the rest of the gap is the SOCS3 miss above (docs/model.md)
    t = np.array([0, 5, 10, 15, 20, 30, 40, 60.0])
    r = _rise(_run(sim, "hepg2", ROUTES["classic"], times=t).observable("pSTAT3"))
    assert r[t == 40][0] <= 0.7 * r.max()
    assert r[t == 60][0] <= 0.35 * r.max()
