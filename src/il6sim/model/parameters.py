"""The parameter table of the reference model: value, unit, meaning, source and range of every number.

Kinds: ``kinetic`` (one value for every cell), ``cell`` (what cell presets
set), ``scenario`` (a documented choice where papers disagree), ``switch``,
``constant`` and ``derived`` (initial assignments of the resting state).
"""

from __future__ import annotations

from .spec import Parameter

GENES = ("SOCS3", "ICAM1", "CCL2", "CXCL8")
RECEPTORS = ("IL6R", "gp130")

# --------------------------------------------------------------------------
# parameters
# --------------------------------------------------------------------------


def _p(name, value, unit, description, source, lower, upper, kind="kinetic"):
    return Parameter(name, value, unit, description, source, lower, upper, kind)


def _d(name, formula, unit, description):
    # value 0.0 is a placeholder: a derived parameter's value comes from its formula
    return Parameter(name, 0.0, unit, description,
                     "derived (initial assignment; unstimulated steady state)",
                     0.0, float("inf"), kind="derived", formula=formula)


def reference_parameters() -> list[Parameter]:  # noqa: PLR0915 - one long, flat table
    P = []
    a = P.append
    # --- culture and cell quantities (kind "cell": what presets set) -----------
    a(_p("V_medium", 1e-3, "L", "medium volume per well",
         "assumed: 1 mL, a 12-well plate; set by the protocol's medium.volume", 1e-5, 1e-1, "cell"))
    a(_p("N_cells", 2e5, "cells", "number of cells in the well",
         "assumed: a confluent 12-well plate; set by the protocol's medium.cells", 1.0, 1e8, "cell"))
    a(_p("V_cell", 2e-12, "L", "volume of one cell",
         "assumed: 2 pL, typical of cultured mammalian cells (HeLa 2-3 pL, Milo & Phillips, Cell Biology by the Numbers)",
         5e-13, 1e-11, "cell"))
    a(_p("IL6R_per_cell", 1200.0, "molecules/cell", "IL-6R on the surface of an unstimulated cell (binding sites)",
         "HepG2 ~1,200 high-affinity sites (Eur J Clin Invest 1990;20:366); set by the cell preset", 0.0, 1e5, "cell"))
    a(_p("gp130_per_cell", 15000.0, "molecules/cell",
         "gp130 on the surface of an unstimulated cell; the internal pools follow from the trafficking rates "
         "(total = surface x gp130_total_factor)",
         "HepG2: 7.0e4-1.4e5 gp130 per cell in total by mass spectrometry (Zeilfelder 2025) x the surface share "
         "implied by the trafficking rates; set by the cell preset", 0.0, 1e6, "cell"))
    a(_p("STAT3_per_cell", 5.0e5, "molecules/cell", "STAT3 molecules per cell",
         "HepG2: 3.3e5-6.7e5 per cell by mass spectrometry (Zeilfelder 2025, mean 4.9e5); set by the cell preset",
         1e4, 5e6, "cell"))
    a(_p("IL6_secretion", 0.0, "molecules/(cell*min)", "IL-6 secreted by one unstimulated cell per minute",
         "0 for hepatic cells (assumed: hepatocytes respond to IL-6 but make little); endothelial presets set it "
         "(Sironi 1989 J Immunol 142:549; Loppnow & Libby 1989)", 0.0, 1e4, "cell"))
    a(_p("SOCS3_translation_factor", 1.0, "1",
         "SOCS3 protein made per SOCS3 mRNA, relative to HepG2 (multiplies k_tl_SOCS3)",
         "1 for HepG2, the reference cell of k_tl_SOCS3, and assumed 1 for cells without SOCS3 counts; the joint "
         "HepG2+PHH calibration shows that SOCS3 induction differs between the two cells (docs/calibration.md); "
         "set by the cell preset", 1e-3, 10.0, "cell"))
    a(_p("ERK_total", 100.0, "nM", "total ERK1/2",
         "assumed: only the phosphorylated fraction is reported, so the total only scales units", 1.0, 5000.0))
    a(_p("Akt_total", 100.0, "nM", "total Akt",
         "assumed: only the phosphorylated fraction is reported, so the total only scales units", 1.0, 5000.0))

    # --- ligand binding -----------------------------------------------------
    a(_p("kon_sIL6R", 0.6, "1/(nM*min)", "association of IL-6 with sIL-6R in solution (1e7 /M/s, as at the membrane)",
         "assumed equal to kon_IL6R: the same IL-6 binding site of the same ectodomain; no measured rate for "
         "IL-6:sIL-6R (cytokine-receptor association by SPR: 1e5-1e7 /M/s). At the seed doses (0.48 nM IL-6, "
         "0.5 nM sIL-6R) the complex reaches its equilibrium within a minute, so IL-6 and sIL-6R added together "
         "give the Hyper-IL-6 time course (Reeh 2019; docs/model.md)", 0.06, 6.0))
    a(_p("KD_sIL6R", 3.0, "nM", "IL-6:sIL-6R dissociation constant in solution",
         "solution KD 0.5-20 nM (Weiergraber 1995 Eur J Biochem 234:661; Ward 1995 Biochemistry 34:2901); "
         "3 nM = geometric mean. Most IL-6 stays free in serum at this KD (sides with Baran 2018)", 0.5, 20.0))
    a(_p("kon_IL6R", 0.6, "1/(nM*min)", "association of IL-6 with membrane IL-6R (1e7 /M/s)",
         "no measured rate; the HepG2 blots (Zeilfelder 2025) reach 73-84 % of their peak pSTAT3 rise 5 min after "
         "10 ng/mL IL-6, which on this readout alone asks for 2-3e6 /M/s (1e7: 99 %; 5e6: 93 %; 1e6: 49 %; "
         "docs/model.md). sIL-6R in solution binds IL-6 at the same rate (kon_sIL6R)", 0.06, 6.0))
    a(_p("koff_IL6R", 1.8, "1/min", "dissociation of IL-6 from membrane IL-6R alone (KD 3 nM, as in solution)",
         "assumed equal to the solution KD (same extracellular domain); low-affinity sites 2.5 nM "
         "(Coulie 1989 Eur J Immunol 19:2107)", 0.18, 18.0))
    a(_p("kon_gp130", 0.3, "1/(nM*min)", "recruitment of gp130 by membrane IL-6:IL-6R (per cell-volume nM)",
         "assumed: fast 2-D recruitment in the membrane", 0.03, 3.0))
    a(_p("koff_gp130", 0.01, "1/min", "release of gp130 from the classic signalling unit",
         "chosen so that the high-affinity site Kd on hepg2 is ~20-40 pM (HepG2 21 pM, Eur J Clin Invest 1990)",
         0.001, 0.1))
    a(_p("kon_trans", 0.06, "1/(nM*min)",
         "formation of a trans signalling unit: IL-6:sIL-6R or Hyper-IL-6 from the medium with one surface gp130 "
         "(1e6 /M/s); natural soluble gp130, one ectodomain, captures them at the same rate",
         "assumed: the middle of the SPR range of cytokine-receptor association (1e5-1e7 /M/s), no measured "
         "rate. At 1e7 /M/s pSTAT3 after Hyper-IL-6 would peak at 4-7 min in every preset, ahead of the "
         "15-30 min of blots (Thiel et al.), and 12-19 % instead of 9-10 % of the trans-specific pSTAT3 of "
         "gp130-only cells would escape 500 ng/mL sgp130Fc (koff_trans raised with it, Kd kept; docs/model.md)", 0.006, 0.6))
    a(_p("koff_trans", 0.06, "1/min",
         "dissociation of IL-6:sIL-6R or Hyper-IL-6 from one gp130, on the membrane or as natural soluble gp130 "
         "(Kd = 1 nM; t1/2 12 min)",
         "the IL-11:sIL-11R analogue binds gp130 with Kd 1.5-3 nM (Curtis 1997 Blood 90:4403); with a handful of "
         "units per cell giving a response, this puts the Hyper-IL-6 EC50 on gp130-only cells at ~15 pM "
         "(pSTAT3 at 30 min), in the pM range measured for proliferation (Fischer 1997). The same Kd for natural "
         "sgp130 leaves most serum IL-6 free at blood levels, as Baran 2018 (J Biol Chem 293:6762) measured, and "
         "trans-signalling unblocked, as they concluded, with part of it in IL-6:sIL-6R:sgp130 (Muller-Newen "
         "1998 J Immunol 161:6347)", 0.006, 6.0))
    a(_p("kon_sgp130Fc", 12.0, "1/(nM*min)",
         "association of an sgp130Fc dimer with IL-6:sIL-6R or Hyper-IL-6 (2e8 /M/s: two gp130 arms, each 1e8)",
         "assumed: capture near the diffusion limit by either arm of the dimer; needed for the complete block "
         "of trans-signalling by 100-500 ng/mL sgp130Fc reported since Jostock 2001 (Eur J Biochem 268:160). "
         "A strong assumption: no association rate is published", 0.06, 60.0))
    a(_p("koff_sgp130Fc", 0.012, "1/min", "dissociation from sgp130Fc (KD = 1 pM)",
         "assumed: the dimeric Fc fusion binds IL-6:sIL-6R bivalently (avidity), far tighter than one cell site",
         0.0006, 0.6))
    a(_p("fc_classic_interference", 0.0, "1",
         "association of sgp130Fc with membrane IL-6:IL-6R, relative to its association with IL-6:sIL-6R",
         "0 matches Jostock 2001 (no effect on Ba/F3-gp130-IL-6R); values of ~3-30 reach the "
         "classic inhibition seen by Widjaja & Cook 2024 (Int J Mol Sci 25:1363)", 0.0, 30.0, "scenario"))
    a(_p("kon_mab", 0.06, "1/(nM*min)", "association of therapeutic antibodies (1e6 /M/s)",
         "assumed: typical IgG association rate", 0.006, 0.6))
    a(_p("KD_tocilizumab", 1.2, "nM", "tocilizumab KD for IL-6R and sIL-6R",
         "Rafique 2013 ARD 72 Suppl 3 A797: 0.9-1.4 nM", 0.3, 5.0))
    a(_p("KD_sarilumab", 0.062, "nM", "sarilumab KD for IL-6R and sIL-6R",
         "Rafique 2013 ARD 72 Suppl 3 A797: 62 pM", 0.02, 0.2))
    a(_p("KD_siltuximab", 0.03, "nM", "siltuximab KD for IL-6",
         "assumed: high-affinity anti-IL-6 mAb, tens of pM; no primary value found", 0.003, 0.3))

    # --- receptor trafficking ----------------------------------------------
    a(_p("k_transit", 0.025, "1/min", "delivery of newly made receptors from ER/Golgi to the surface (t1/2 28 min)",
         "assumed: maturation of receptor precursors takes 30-60 min; gives the 1 h shoulder of surface sites "
         "under cycloheximide (HepG2, Zeilfelder 2025)", 0.005, 0.2))
    a(_p("k_int_IL6R", 0.015, "1/min", "constitutive internalisation of free surface IL-6R",
         "assumed; with recycling and degradation gives a surface half-life of ~2.2 h (Gerhartz 1994 Eur J Biochem "
         "223:265: IL-6R and gp130 turn over with t1/2 2-3 h, pulse-chase in transfected MDCK cells, gp130 also in "
         "HepG2; HepG2 IL-6 sites under cycloheximide 50 % at ~2.6 h, Zeilfelder 2025)", 0.002, 0.2))
    a(_p("k_rec_IL6R", 0.03, "1/min", "recycling of endosomal IL-6R to the surface",
         "assumed: endosomal recycling on the 10-30 min scale", 0.003, 0.3))
    a(_p("k_deg_IL6R", 0.015, "1/min", "lysosomal degradation of endosomal IL-6R",
         "assumed; sets the 2-3 h turnover (Gerhartz 1994, pulse-chase) and the HepG2 cycloheximide series",
         0.001, 0.2))
    a(_p("k_int_gp130", 0.01, "1/min", "constitutive internalisation of free surface gp130",
         "constitutive, AP-2 dependent, ligand- and JAK-independent endocytosis (Thiel 1998 FEBS Lett 441:231; "
         "Dittrich 1994 JBC 269:19014); rate assumed", 0.005, 0.5))
    a(_p("k_rec_gp130", 0.0005, "1/min", "recycling of endosomal gp130 to the surface",
         "assumed: with k_int_gp130 keeps ~11 % of gp130 on the surface, as mass spectrometry (7e4-1.4e5 per HepG2 "
         "cell, Zeilfelder 2025) against ~1,000-10,000 surface sites (Coulie 1989) implies", 0.0001, 0.1))
    a(_p("k_deg_gp130", 0.0008, "1/min", "lysosomal degradation of endosomal gp130",
         "assumed; gives the 2-3 h half-life of surface gp130 (Gerhartz 1994; HepG2 sites under cycloheximide "
         "50% at ~2.6 h, Zeilfelder 2025)", 0.0001, 0.01))
    a(_p("k_int_complex", 0.07, "1/min", "ligand-induced internalisation of signalling units (t1/2 10 min)",
         "surface-bound IL-6 lost with t1/2 ~15 min (Nesbitt & Fuller 1992 JBC 267:5739); surface sites fall "
         "with t1/2 15-30 min in HepG2 (Zohlnhoefer 1992 FEBS Lett 306:219)", 0.005, 0.5))
    a(_p("k_lys", 0.03, "1/min", "lysosomal degradation of internalised units (ligand and receptors destroyed)",
         "degraded IL-6 after 40-60 min (Eur J Clin Invest 1990); IL-6 sends gp130 to lysosomes (Flynn 2021 JBC); "
         "sIL-6R degraded after uptake (Graeve 1996 FEBS Lett 399:131); sites return only by new synthesis "
         "(Zohlnhoefer 1992)", 0.003, 0.3))
    a(_p("k_shed", 0.002, "1/min", "ADAM17-like shedding of free surface IL-6R into sIL-6R",
         "assumed: constitutive shedding a minor share of IL-6R turnover", 0.0, 0.05))
    a(_p("k_deg_medium", 4.8e-4, "1/min", "decay of proteins in 37 C medium (t1/2 24 h)",
         "assumed: stand-in for slow proteolysis in culture; antibodies and small molecules exempt", 1e-5, 0.01))
    a(_p("k_mRNA_IL6R", 0.0039, "1/min", "IL-6R mRNA decay (t1/2 3 h)",
         "assumed: typical mRNA half-life of a receptor transcript", 0.0005, 0.05))
    a(_p("k_mRNA_gp130", 0.0005, "1/min", "gp130 mRNA decay (t1/2 23 h)",
         "HepG2 actinomycin D series: gp130 mRNA does not decay measurably within 2 h (Zeilfelder 2025)",
         0.0001, 0.05))
    a(_p("k_mRNA_STAT3", 0.0005, "1/min", "STAT3 mRNA decay (t1/2 23 h)",
         "HepG2 actinomycin D series: STAT3 mRNA does not decay measurably within 2 h (Zeilfelder 2025)",
         0.0001, 0.05))
    a(_p("k_deg_STAT3", 0.0014, "1/min", "STAT3 protein degradation (t1/2 8 h)",
         "assumed: STAT3 is a long-lived protein (half-life many hours)", 0.0002, 0.01))

    # --- JAK1 / STAT3 / SOCS3 ---------------------------------------------
    a(_p("k_stat3_act", 0.03, "1/(complex*min)",
         "STAT3 phosphorylation by one active signalling unit, per cytoplasmic STAT3 per minute",
         "chosen so ~4 bound IL-6 per cell give a measurable and ~16 a strong pSTAT3 response (Hansen 2020, "
         "PMC7212196): one active unit phosphorylates ~10^4 STAT3 per minute at 5e5 STAT3 per cell (~170/s, "
         "a fast kinase with many substrate encounters)", 0.003, 0.3))
    a(_p("tau_gp130_p", 3.0, "min", "time for gp130 docking-site phosphorylation to follow JAK1 activity",
         "assumed: JAK1 trans-phosphorylation and gp130 tyrosine phosphorylation within minutes (3 min: 81 % by "
         "5 min); pSTAT3 is near its maximum 5 min after IL-6 in primary human hepatocytes (Zeilfelder 2025), "
         "and fitted to the HepG2 + PHH data this lag comes out at 0.5-6 min (its 0.5-min bound with SOCS3 "
         "translation held at its table value, 6 min with translation free; docs/calibration.md); an 8-min lag "
         "kept HepG2 pSTAT3 at half its peak at 60 min under IL-6, where the blots are at 8-16 %", 0.5, 20.0))
    a(_p("Ki_ruxolitinib", 25.0, "nM", "ruxolitinib concentration that halves JAK1 activity in cells",
         "assumed ~8x the enzymatic JAK1 IC50 of 3.3 nM (Quintas-Cardama 2010), the shift by cellular ATP",
         2.0, 300.0))
    a(_p("Ki_baricitinib", 20.0, "nM", "baricitinib concentration that halves JAK1 activity in cells",
         "assumed ~3x the enzymatic JAK1 IC50 of 5.9 nM (Fridman 2010 J Immunol 184:5298), the shift by "
         "cellular ATP; Fridman: IL-6 signalling blocked in cells below 50 nM", 5.0, 300.0))
    a(_p("Ki_tofacitinib", 20.0, "nM", "tofacitinib concentration that halves JAK1 activity in cells",
         "assumed equal to Ki_baricitinib: tofacitinib and baricitinib inhibit IL-6-induced STAT phosphorylation "
         "with similar IC50s across human leukocyte subsets (Jpn J Clin Immunol 2017 40:309a; McInnes 2019 "
         "Arthritis Res Ther 21:183)", 5.0, 300.0))
    a(_p("K_SOCS3", 0.2, "nM", "SOCS3 that occupies half of the gp130 pY759 sites of active units (~240 per cell)",
         "assumed effective constant: SOCS3 binds gp130 pY759 tightly (Nicholson 2000 PNAS 97:6493) and JAK1 "
         "through its KIR at once (Babon 2012 Immunity 36:239); resting SOCS3 (~230 per HepG2 cell in the "
         "model; counted 290-2,900) then sits near half occupancy, IL-6-induced SOCS3 (counted 1,600-6,200) far "
         "above it (Zeilfelder 2025)", 0.1, 10.0))
    a(_p("fold_SHP2", 2.0, "1",
         "STAT3 phosphorylation by an active unit without SHP2 (PTPN11 knockout, gp130 Y759F), relative to the "
         "wild type, where SHP2 docked at gp130 pY759 dephosphorylates JAK1",
         "assumed 2: loss of SHP2 function enhances and prolongs IL-6-induced STAT3 activation (Fischer 2004 "
         "Biochem J 378:449) and raises SOCS3 mRNA (Schmitz 2000 J Biol Chem 275:12848); receptor-targeted SHP2 "
         "counteracts IL-6 signalling independently of SOCS3 (Lehmann 2003 J Biol Chem 278:661), so the brake is "
         "taken as constant, not displaced by SOCS3; no fold is published in the abstracts", 1.0, 5.0))
    a(_p("k_stat3_basal", 0.0005, "1/min", "ligand-independent STAT3 phosphorylation",
         "chosen so basal pSTAT3 is a few % of an IL-6 peak (HepG2 and PHH blots, Zeilfelder 2025)", 0.0, 0.02))
    a(_p("k_imp_p", 0.3, "1/min", "nuclear import of pSTAT3",
         "Sobotta et al. 2017 (fitted import 0.059/min x 5 for pSTAT3)", 0.03, 3.0))
    a(_p("k_imp_u", 0.06, "1/min", "nuclear import of unphosphorylated STAT3",
         "Sobotta et al. 2017 (fitted 0.059/min)", 0.006, 0.6))
    a(_p("k_exp", 0.2, "1/min", "nuclear export of STAT3",
         "chosen so basal nuclear:cytoplasmic STAT3 is ~0.3 (HepG2 fractionation, Zeilfelder 2025)", 0.02, 2.0))
    a(_p("k_dephos_n", 0.1, "1/min", "nuclear dephosphorylation of pSTAT3 (TC45)",
         "assumed; nuclear pSTAT3 turns over within minutes once receptors stop (Thiel et al.)", 0.01, 1.0))
    a(_p("k_dephos_c", 0.05, "1/min", "cytoplasmic dephosphorylation of pSTAT3",
         "assumed: slower than nuclear dephosphorylation", 0.002, 0.2))

    # --- ERK and Akt arms ---------------------------------------------------
    arms = (
        # arm, gene, what, k_act, k_off, k_basal, feedback source
        ("erk", "PTPN11", "SHP2 recruited to gp130 pY759", 0.5, 0.15, 0.005,
         "ERK-induced negative feedback (DUSP induction, SOS phosphorylation) assumed; pERK rises by 15-30 min "
         "and declines by 2-4 h (PMC5417441)"),
        ("akt", "PIK3CA", "PI3K recruited via gp130/Gab1", 0.3, 0.1, 0.003,
         "Akt-dependent negative feedback (mTORC1/S6K on the adaptor) assumed, as for ERK"),
    )
    for arm, gene, what, kact, koff, kbas, fbsrc in arms:
        A = arm.upper() if arm == "erk" else "Akt"
        a(_p(f"k_{arm}_act", kact, "1/min", f"maximal {A} phosphorylation rate from active gp130 ({what})",
             "assumed: phospho-ERK rises within 15-30 min (PMC5417441); Akt assumed somewhat slower", 0.05, 5.0))
        a(_p(f"K_{arm}", 25.0, "complexes/cell", f"active units per cell for half-maximal {A} activation",
             "scenario parameter (Zegeye 2018 and the seed's ref [7] disagree): ERK and Akt need more active gp130 than STAT3 (assumed), so a "
             "hepatoma cell with hundreds of classic units activates ERK via SHP2 (Schaper 1998) while an "
             "endothelial cell with ~150 IL-6R gets STAT3 only from classic signalling (Zegeye 2018); 25, a round "
             "value with classic pERK and pAkt in that cell below the 0.1 that counts as an activated arm (0.08, "
             "0.06; 20 gives 0.12 for pERK with the 3-min gp130 lag)", 1.0, 20000.0, "scenario"))
        a(_p(f"n_{arm}", 2.0, "1", f"steepness of the {A} activation", "assumed: cooperative adaptor recruitment",
             1.0, 4.0))
        a(_p(f"k_{arm}_off", koff, "1/min", f"dephosphorylation of p{A}",
             "assumed: phosphatases reverse ERK/Akt phosphorylation within minutes", 0.01, 1.0))
        a(_p(f"k_{arm}_basal", kbas, "1/min", f"basal {A} phosphorylation (a few % phosphorylated at rest)",
             "assumed: serum-starved cells keep a small basal phosphorylation", 0.0, 0.05))
        a(_p(f"tau_fb_{arm}", 30.0, "min", f"time constant of the negative feedback on {A} activation", fbsrc,
             5.0, 240.0))
        a(_p(f"K_fb_{arm}", 0.1, "1", f"p{A} fraction at which the feedback halves {A} activation by gp130", fbsrc,
             0.01, 1.0))

    # --- target genes -------------------------------------------------------
    gene_defaults = {
        # gene: (wS, wE, wA, K, n, tau, k_mRNA, basal, src)
        "SOCS3": (1.0, 0.0, 0.0, 0.08, 2.0, 10.0, 0.035, 0.03,
                  "STAT3 target gene (Wang 2013 PNAS; seed [10,11]); mRNA t1/2 20 min (HepG2 actinomycin D, "
                  "Zeilfelder 2025: ~18 min); basal 3 % of full induction (SOCS3 protein rises 15-25x, HepG2 blots)"),
        "ICAM1": (0.7, 0.0, 0.3, 0.1, 2.0, 20.0, 0.006, 0.2,
                  "STAT3 target in endothelium; IL-6 alone <= 1.6x, IL-6 + sIL-6R 2.3-2.9x ICAM-1 (PMC1360351)"),
        "CCL2": (0.5, 0.0, 0.5, 0.11, 3.0, 20.0, 0.006, 0.1,
                 "needs JAK/STAT3 and PI3K/AKT together (Zegeye 2018 Cell Commun Signal 16:55)"),
        "CXCL8": (0.2, 0.8, 0.0, 0.08, 2.0, 15.0, 0.01, 0.05,
                  "ERK-driven; induced by classic and trans in endothelium (seed [7])"),
    }
    for g, (wS, wE, wA, K, n, tau, km, basal, src) in gene_defaults.items():
        a(_p(f"w_STAT3_{g}", wS, "1", f"weight (exponent) of nuclear pSTAT3 in the {g} promoter drive", src, 0.0, 1.0))
        a(_p(f"w_ERK_{g}", wE, "1", f"weight (exponent) of pERK in the {g} promoter drive", src, 0.0, 1.0))
        a(_p(f"w_Akt_{g}", wA, "1", f"weight (exponent) of pAkt in the {g} promoter drive", src, 0.0, 1.0))
        a(_p(f"K_prom_{g}", K, "1", f"drive (weighted geometric mean of the inputs) giving half-maximal {g} promoter activity",
             "assumed threshold; " + src, 0.005, 1.0))
        a(_p(f"n_{g}", n, "1", f"Hill coefficient of the {g} promoter", "assumed: cooperative promoter occupancy",
             1.0, 6.0))
        a(_p(f"tau_{g}", tau, "min", f"promoter/transcript elongation delay of {g}",
             "assumed; Sobotta 2017 fitted a ~15 min delay chain for SOCS3", 1.0, 120.0))
        a(_p(f"k_mRNA_{g}", km, "1/min", f"{g} mRNA decay", "assumed; " + src, 0.0005, 0.5))
        a(_p(f"basal_{g}", basal, "1", f"basal {g} transcription relative to full induction",
             "assumed: sets the maximal fold induction (~1/basal)", 0.001, 1.0))
    a(_p("k_tl_SOCS3", 0.24, "nM/min", "SOCS3 translation (nM per unit mRNA per min)",
         "chosen so SOCS3 is ~290 molecules per cell at rest and up to ~7,000 when fully induced, the range "
         "counted in HepG2 (290-2,900 resting, 1,600-6,200 after IL-6) and PHH (650-2,100 at 90 min) "
         "(Zeilfelder 2025)", 0.01, 5.0))
    a(_p("k_deg_SOCS3", 0.04, "1/min", "SOCS3 protein degradation (t1/2 17 min)",
         "Martino 2021 JCI Insight: half-life < 20 min (HUVEC)", 0.01, 0.5))

    # --- drugs acting inside cells -----------------------------------------
    a(_p("IC50_cycloheximide", 500.0, "nM", "cycloheximide concentration halving translation",
         "assumed: 10 ug/mL (35 uM) blocks >95% of protein synthesis", 50.0, 5000.0))
    a(_p("IC50_actinomycinD", 50.0, "nM", "actinomycin D concentration halving transcription",
         "assumed: 5 ug/mL (4 uM) blocks Pol II transcription almost fully", 5.0, 500.0))

    # --- switches: routes and genes ----------------------------------------
    a(_p("route_classic", 1.0, "1", "1 = classic route (membrane IL-6R) on, 0 = off",
         "model switch for route tracing", 0.0, 1.0, "switch"))
    a(_p("route_trans", 1.0, "1", "1 = trans route (IL-6:sIL-6R, Hyper-IL-6) on, 0 = off",
         "model switch for route tracing", 0.0, 1.0, "switch"))
    for g, what in (("IL6R", "IL-6R"), ("IL6ST", "gp130"), ("JAK1", "JAK1"), ("STAT3", "STAT3"),
                    ("SOCS3", "SOCS3"), ("ICAM1", "ICAM1"), ("CCL2", "CCL2"), ("CXCL8", "CXCL8"),
                    ("ADAM17", "ADAM17 shedding"), ("PTPN11", "SHP2 (ERK arm and JAK1 brake)"), ("PIK3CA", "PI3K (Akt arm)"),
                    ("IL6", "IL-6 (the cells' own secretion)")):
        a(_p(f"gene_{g}", 1.0, "1", f"gene dosage of {what}: 1 = wild type, 0 = knockout",
             "model switch ('knockout' in cell specs)", 0.0, 1.0, "switch"))
    a(_p("gp130_Y759", 1.0, "1", "gp130 tyrosine 759: 1 = wild type, 0 = the Y759F point mutant (neither SOCS3 nor "
         "SHP2 can dock, so SOCS3 no longer inhibits the unit, SHP2 no longer brakes its JAK1, and the SHP2-ERK and Gab1-PI3K-Akt arms "
         "are not driven)",
         "model switch ('knockout: [Y759F]' in cell specs); SOCS3 acts through gp130 Y759 (Schmitz 2000 J Biol Chem "
         "275:12848; Nicholson 2000 PNAS 97:6493); Y759F abolishes SHP2 binding and ERK activation and prolongs STAT3 "
         "(Schaper 1998 Biochem J 335:557; Ohtani 2000 Immunity 12:95; Lehmann 2003 J Biol Chem 278:661; Bongartz 2019 "
         "Cell Commun Signal 17:135). The model's Akt arm runs through the same site (SHP2/Gab1-PI3K; Gab1: "
         "Takahashi-Tezuka 1998 Mol Cell Biol 18:4109), so Y759F removes it too: an assumption", 0.0, 1.0, "switch"))

    # --- derived (initial assignments) -------------------------------------
    a(_p("N_A", 6.02214076e14, "1/nmol", "Avogadro constant in molecules per nmol",
         "SI defining constant 6.02214076e23 /mol (2019)", 6.02214076e14, 6.02214076e14, "constant"))
    a(_d("mpn", "N_A * V_cell", "molecules/nM", "molecules per cell per nM of cell volume"))
    a(_d("STAT3_total", "STAT3_per_cell / mpn", "nM", "total STAT3 (cell-volume concentration)"))
    a(_d("out_IL6R", "k_int_IL6R * k_deg_IL6R / (k_rec_IL6R + k_deg_IL6R) + k_shed * gene_ADAM17", "1/min",
         "net loss rate of free surface IL-6R at rest (degradation after internalisation, shedding)"))
    a(_d("out_gp130", "k_int_gp130 * k_deg_gp130 / (k_rec_gp130 + k_deg_gp130)", "1/min",
         "net loss rate of free surface gp130 at rest"))
    for r in RECEPTORS:
        gene = "IL6R" if r == "IL6R" else "IL6ST"
        a(_d(f"v_syn_{r}", f"out_{r} * gene_{gene} * {r}_per_cell / mpn", "nM/min",
             f"{r} synthesis per unit mRNA (nM/min) that holds the surface number at rest"))
    a(_d("gp130_total_factor", "1 + k_int_gp130 / (k_rec_gp130 + k_deg_gp130) + out_gp130 / k_transit", "1",
         "total gp130 / surface gp130 at rest (surface, endosomes, biosynthetic pool)"))
    a(_d("stat3_a", "k_stat3_basal / (k_imp_p + k_dephos_c)", "1", "basal pSTAT3c : STAT3c"))
    a(_d("stat3_u0", "STAT3_total / (1 + stat3_a + k_imp_p * stat3_a / k_dephos_n"
         " + (k_imp_p * stat3_a + k_imp_u) / k_exp)", "nM", "resting cytoplasmic STAT3 (wild type)"))
    a(_d("v_syn_STAT3", "k_deg_STAT3 * stat3_u0", "nM/min", "STAT3 synthesis per unit mRNA (nM/min)"))
    a(_d("erk_rest", "k_erk_basal / (k_erk_basal + k_erk_off)", "1", "pERK fraction at rest"))
    a(_d("akt_rest", "k_akt_basal / (k_akt_basal + k_akt_off)", "1", "pAkt fraction at rest"))
    return P
