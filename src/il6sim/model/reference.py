"""The reference IL-6 classic/trans-signalling model (model 2.0).

Structure (canonical units: nM, min, L):

* **medium** (volume ``V_medium``): IL-6 (added, or secreted by the cells
  themselves), sIL-6R, IL-6:sIL-6R, Hyper-IL-6, sgp130Fc and natural sgp130
  with their complexes, tocilizumab, sarilumab, siltuximab and their
  complexes, and the small molecules (ruxolitinib, baricitinib,
  cycloheximide, actinomycin D), held constant.
* **cell** (volume ``N_cells * V_cell``, all cells alike): IL-6R and gp130 in
  three places (on their way to the surface, on the surface, in endosomes);
  the three routes to a signalling unit (classic ``C_cl``; trans ``C_tr``
  from IL-6:sIL-6R; ``C_hy`` from Hyper-IL-6), each internalised and
  degraded with its ligand; STAT3 (cytoplasmic / nuclear, phosphorylated or
  not), SHP2-ERK and PI3K-Akt arms with negative feedback, target-gene
  promoters and mRNAs, SOCS3 protein.

A signalling unit is half of the 2:2:2 hexamer (one IL-6, one IL-6R or
sIL-6R, one gp130 with its JAK1; Ward 1994). The JAK1 of a unit is active
only when both JAK1 of the hexamer are free of inhibitor and of SOCS3
(trans-phosphorylation needs both; SOCS3 binds gp130 pY759 and inhibits the
JAK1 of that chain through its KIR), so these terms enter squared. Every
unit signals: there is no pairing threshold, so a handful of bound IL-6 per
cell gives a response (Hansen 2020).

Every kinetic parameter is the same for all cells; cells differ only in
parameters of kind ``cell`` (copy numbers, volume, IL-6 secretion) and, for
the endothelial papers that disagree, of kind ``scenario``.

The unstimulated steady state (fresh medium without IL-6) is written as
initial assignments, so both il6sim and any SBML tool start at rest. Cells
that secrete IL-6 start from that state at the first event or reading and
accumulate their own IL-6 from there.
"""

from __future__ import annotations

from .motifs import bind, catalyse, convert, degrade, produce, relax
from .spec import Expression, ModelSpec, Observable, Parameter, Reaction, Species

MODEL_VERSION = "2.0.0"

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


def _parameters() -> list[Parameter]:  # noqa: PLR0915 - one long, flat table
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
    a(_p("ERK_total", 100.0, "nM", "total ERK1/2",
         "assumed: only the phosphorylated fraction is reported, so the total only scales units", 1.0, 5000.0))
    a(_p("Akt_total", 100.0, "nM", "total Akt",
         "assumed: only the phosphorylated fraction is reported, so the total only scales units", 1.0, 5000.0))

    # --- ligand binding -----------------------------------------------------
    a(_p("kon_sIL6R", 0.06, "1/(nM*min)", "association of IL-6 with sIL-6R in solution (1e6 /M/s)",
         "assumed within the range of cytokine-receptor association rates by SPR (1e5-1e7 /M/s); no measured "
         "rate for IL-6:sIL-6R (EVIDENCE 6). At 0.5 nM the complex forms within minutes, so trans-signalling and "
         "Hyper-IL-6 share one time course (Reeh 2019)", 0.006, 0.6))
    a(_p("KD_sIL6R", 3.0, "nM", "IL-6:sIL-6R dissociation constant in solution",
         "solution KD 0.5-20 nM (Weiergraber 1995 Eur J Biochem 234:661; Ward 1995 Biochemistry 34:2901); "
         "3 nM = geometric mean. Most IL-6 stays free in serum at this KD (sides with Baran 2018)", 0.5, 20.0))
    a(_p("kon_IL6R", 0.6, "1/(nM*min)", "association of IL-6 with membrane IL-6R (1e7 /M/s)",
         "assumed: fast capture at the cell surface, consistent with high-affinity sites filling within minutes "
         "(Eur J Clin Invest 1990)", 0.06, 6.0))
    a(_p("koff_IL6R", 1.8, "1/min", "dissociation of IL-6 from membrane IL-6R alone (KD 3 nM, as in solution)",
         "assumed equal to the solution KD (same extracellular domain); low-affinity sites 2.5 nM "
         "(Coulie 1989 Eur J Immunol 19:2107)", 0.18, 18.0))
    a(_p("kon_gp130", 0.3, "1/(nM*min)", "recruitment of gp130 by membrane IL-6:IL-6R (per cell-volume nM)",
         "assumed: fast 2-D recruitment in the membrane", 0.03, 3.0))
    a(_p("koff_gp130", 0.01, "1/min", "release of gp130 from the classic signalling unit",
         "chosen so that the high-affinity site Kd on hepg2 is ~20-40 pM (HepG2 21 pM, Eur J Clin Invest 1990)",
         0.001, 0.1))
    a(_p("kon_trans", 0.6, "1/(nM*min)", "association of IL-6:sIL-6R or Hyper-IL-6 with surface gp130 (1e7 /M/s)",
         "assumed: fast association typical of high-affinity cytokine complexes", 0.06, 6.0))
    a(_p("koff_trans", 0.6, "1/min", "dissociation of IL-6:sIL-6R or Hyper-IL-6 from one gp130 (Kd = 1 nM)",
         "the IL-11:sIL-11R analogue binds gp130 with Kd 1.5-3 nM (Curtis 1997 Blood 90:4403); with a handful of "
         "units per cell giving a response, this puts the Hyper-IL-6 EC50 on gp130-only cells at a few pM, as "
         "measured (Fischer 1997)", 0.006, 6.0))
    a(_p("kon_sgp130Fc", 12.0, "1/(nM*min)",
         "association of an sgp130Fc dimer with IL-6:sIL-6R or Hyper-IL-6 (2e8 /M/s: two gp130 arms, each 1e8)",
         "assumed: capture near the diffusion limit by either arm of the dimer; needed for the complete block "
         "of trans-signalling by 100-500 ng/mL sgp130Fc reported since Jostock 2001 (Eur J Biochem 268:160). "
         "A strong assumption: no association rate is published", 0.06, 60.0))
    a(_p("koff_sgp130Fc", 0.012, "1/min", "dissociation from sgp130Fc (KD = 1 pM)",
         "assumed: the dimeric Fc fusion binds IL-6:sIL-6R bivalently (avidity), far tighter than one cell site",
         0.0006, 0.6))
    a(_p("sgp130_affinity_loss", 10.0, "1", "KD(natural sgp130) / KD(sgp130Fc)",
         "Jostock et al. 2001: monomeric sgp130 ~10x less potent than sgp130Fc", 1.0, 100.0))
    a(_p("fc_classic_interference", 0.0, "1",
         "association of sgp130Fc with membrane IL-6:IL-6R, relative to its association with IL-6:sIL-6R",
         "EVIDENCE S8: 0 matches Jostock 2001 (no effect on Ba/F3-gp130-IL-6R); values of ~3-30 reach the "
         "classic inhibition seen by Widjaja & Cook 2024 (Int J Mol Sci 25:1363)", 0.0, 30.0, "scenario"))
    a(_p("kon_mab", 0.06, "1/(nM*min)", "association of therapeutic antibodies (1e6 /M/s)",
         "assumed: typical IgG association rate", 0.006, 0.6))
    a(_p("KD_tocilizumab", 1.2, "nM", "tocilizumab KD for IL-6R and sIL-6R",
         "Rafique 2013 ARD 72 Suppl 3 A797: 0.9-1.4 nM", 0.3, 5.0))
    a(_p("KD_sarilumab", 0.062, "nM", "sarilumab KD for IL-6R and sIL-6R",
         "Rafique 2013 ARD 72 Suppl 3 A797: 62 pM", 0.02, 0.2))
    a(_p("KD_siltuximab", 0.03, "nM", "siltuximab KD for IL-6",
         "assumed: high-affinity anti-IL-6 mAb, tens of pM; no primary value in EVIDENCE.md", 0.003, 0.3))

    # --- receptor trafficking ----------------------------------------------
    a(_p("k_transit", 0.025, "1/min", "delivery of newly made receptors from ER/Golgi to the surface (t1/2 28 min)",
         "assumed: maturation of receptor precursors takes 30-60 min; gives the 1 h shoulder of surface sites "
         "under cycloheximide (HepG2, Zeilfelder 2025)", 0.005, 0.2))
    a(_p("k_int_IL6R", 0.015, "1/min", "constitutive internalisation of free surface IL-6R",
         "assumed; with recycling and degradation gives a surface half-life of ~2.5 h (Gerhartz 1994 Eur J Biochem "
         "223:265: 2-3 h)", 0.002, 0.2))
    a(_p("k_rec_IL6R", 0.03, "1/min", "recycling of endosomal IL-6R to the surface",
         "assumed: endosomal recycling on the 10-30 min scale", 0.003, 0.3))
    a(_p("k_deg_IL6R", 0.015, "1/min", "lysosomal degradation of endosomal IL-6R",
         "assumed; sets the 2-3 h surface half-life (Gerhartz 1994)", 0.001, 0.2))
    a(_p("k_int_gp130", 0.01, "1/min", "constitutive internalisation of free surface gp130",
         "constitutive, AP-2 dependent, ligand- and JAK-independent endocytosis (Thiel 1998 FEBS Lett 441:231; "
         "Dittrich 1994 JBC 269:19014); rate assumed", 0.005, 0.5))
    a(_p("k_rec_gp130", 0.0005, "1/min", "recycling of endosomal gp130 to the surface",
         "assumed: with k_int_gp130 keeps ~15% of gp130 on the surface, as mass spectrometry (7e4-1.4e5 per HepG2 "
         "cell, Zeilfelder 2025) against ~1,000-10,000 surface sites (Coulie 1989) implies", 0.0001, 0.1))
    a(_p("k_deg_gp130", 0.0008, "1/min", "lysosomal degradation of endosomal gp130",
         "assumed; gives the 2-3 h half-life of surface gp130 (Gerhartz 1994; HepG2 sites under cycloheximide "
         "50% at ~2.6 h, Zeilfelder 2025)", 0.0001, 0.01))
    a(_p("k_int_complex", 0.07, "1/min", "ligand-induced internalisation of signalling units (t1/2 17 min)",
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
    a(_p("tau_gp130_p", 8.0, "min", "time for gp130 docking-site phosphorylation to follow JAK1 activity",
         "assumed: JAK1 trans-phosphorylation and gp130 tyrosine phosphorylation within minutes; pSTAT3 is near its "
         "maximum 5 min after IL-6 in primary human hepatocytes (Zeilfelder 2025)", 0.5, 20.0))
    a(_p("Ki_ruxolitinib", 25.0, "nM", "ruxolitinib concentration that halves JAK1 activity in cells",
         "assumed ~8x the enzymatic JAK1 IC50 of 3.3 nM (Quintas-Cardama 2010), the shift by cellular ATP "
         "(EVIDENCE 6)", 2.0, 300.0))
    a(_p("Ki_baricitinib", 20.0, "nM", "baricitinib concentration that halves JAK1 activity in cells",
         "assumed ~3x the enzymatic JAK1 IC50 of 5.9 nM (Fridman 2010 J Immunol 184:5298), the shift by "
         "cellular ATP; Fridman: IL-6 signalling blocked in cells below 50 nM", 5.0, 300.0))
    a(_p("K_SOCS3", 0.2, "nM", "SOCS3 that occupies half of the gp130 pY759 sites of active units (~960 per cell)",
         "assumed effective constant: SOCS3 binds gp130 pY759 tightly (Nicholson 2000 PNAS 97:6493) and JAK1 "
         "through its KIR at once (Babon 2012 Immunity 36:239); placed between resting (290-2,900) and "
         "IL-6-induced (1,600-6,200 per HepG2 cell) SOCS3 copy numbers (Zeilfelder 2025)", 0.1, 10.0))
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
        a(_p(f"K_{arm}", 20.0, "complexes/cell", f"active units per cell for half-maximal {A} activation",
             "scenario parameter (EVIDENCE S2): ERK and Akt need more active gp130 than STAT3 (assumed), so a "
             "hepatoma cell with hundreds of classic units activates ERK via SHP2 (Schaper 1998) while an "
             "endothelial cell with ~150 IL-6R gets STAT3 only from classic signalling (Zegeye 2018)", 1.0, 20000.0, "scenario"))
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
                  "Zeilfelder 2025: ~18 min); basal 1/25 of full induction (SOCS3 protein rises 15-25x, HepG2 blots)"),
        "ICAM1": (0.7, 0.0, 0.3, 0.1, 2.0, 20.0, 0.006, 0.2,
                  "STAT3 target in endothelium; IL-6 alone <= 1.6x, IL-6 + sIL-6R 2.3-2.9x ICAM-1 (PMC1360351, EVIDENCE S4)"),
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
                    ("ADAM17", "ADAM17 shedding"), ("PTPN11", "SHP2 (ERK arm)"), ("PIK3CA", "PI3K (Akt arm)"),
                    ("IL6", "IL-6 (the cells' own secretion)")):
        a(_p(f"gene_{g}", 1.0, "1", f"gene dosage of {what}: 1 = wild type, 0 = knockout",
             "model switch ('knockout' in cell specs)", 0.0, 1.0, "switch"))

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


# --------------------------------------------------------------------------
# named expressions (SBML assignment rules), in dependency order
# --------------------------------------------------------------------------
def _hill(x: str, k: str, n: str) -> str:
    return f"(pow({x}, {n}) / (pow({k}, {n}) + pow({x}, {n})))"


def _drive(g: str) -> str:
    """Weighted geometric mean of the three inputs (fractions 0-1): an AND of the
    inputs a gene needs; a weight of 0 drops an input."""
    return (f"(pow(pSTAT3n / STAT3_total, w_STAT3_{g}) * pow(pERK / ERK_total, w_ERK_{g})"
            f" * pow(pAkt / Akt_total, w_Akt_{g}))")


def _expressions() -> list[Expression]:
    E = [
        Expression("translation", "1 - CHX / (CHX + IC50_cycloheximide)", "1",
                   "share of protein synthesis left under cycloheximide"),
        Expression("transcription", "1 - ACTD / (ACTD + IC50_actinomycinD)", "1",
                   "share of transcription left under actinomycin D"),
        Expression("jak_free", "gene_JAK1 / (1 + RUX / Ki_ruxolitinib + BARI / Ki_baricitinib)", "1",
                   "share of JAK1 kinase free of inhibitor"),
        Expression("pY759_free", "1 / (1 + SOCS3 / K_SOCS3)", "1",
                   "share of gp130 pY759 sites free of SOCS3 (free for SHP2; the JAK1 of that chain active)"),
        Expression("unit_activity", "pow(jak_free * pY759_free, 2)", "1",
                   "JAK1 activity of a signalling unit: both JAK1 of the hexamer must be free of inhibitor and "
                   "SOCS3 (trans-phosphorylation)"),
        Expression("units", "(C_cl + C_tr + C_hy) * mpn", "complexes/cell",
                   "signalling units on the surface per cell (all routes)"),
        Expression("active_units", "units * unit_activity", "complexes/cell",
                   "signalling units per cell with active JAK1"),
        Expression("stat3_kinase", "k_stat3_basal + k_stat3_act * pgp130 * jak_free", "1/min",
                   "STAT3 phosphorylation rate per cytoplasmic STAT3 (JAK1 must also be free to phosphorylate)"),
    ]
    for arm, sp, gene in (("erk", "ERK", "PTPN11"), ("akt", "Akt", "PIK3CA")):
        E.append(Expression(
            f"{arm}_kinase",
            f"k_{arm}_basal + k_{arm}_act * gene_{gene} * {_hill(f'(pgp130 * pY759_free)', f'K_{arm}', f'n_{arm}')}"
            f" / (1 + fb_{arm} / K_fb_{arm})",
            "1/min", f"{sp} phosphorylation rate: driven by active units whose pY759 is free of SOCS3 "
                     f"(SHP2/Gab1), damped by the arm's own negative feedback"))
    for g in GENES:
        E.append(Expression(f"drive_{g}", _drive(g), "1", f"{g} promoter input (weighted geometric mean)"))
    return E


# --------------------------------------------------------------------------
# species
# --------------------------------------------------------------------------
def _species() -> list[Species]:
    S: list[Species] = []

    def m(name, desc, init="0"):
        S.append(Species(name, "medium", init, "nM", desc))

    def c(name, desc, init="0", unit="nM"):
        S.append(Species(name, "cell", init, unit, desc))

    m("IL6", "free IL-6")
    m("sIL6R", "free soluble IL-6R (shed or added)",
      "k_shed * gene_ADAM17 * IL6R * cell / (medium * k_deg_medium)")
    m("IL6_sIL6R", "IL-6:sIL-6R complex (trans-signalling ligand)")
    m("HyIL6", "Hyper-IL-6 (covalent IL-6/sIL-6R fusion)")
    m("sgp130Fc", "free sgp130Fc dimer (olamkicept)")
    m("sgp130", "free natural soluble gp130")
    m("Fc_IL6sR", "sgp130Fc:IL-6:sIL-6R")
    m("Fc_Hy", "sgp130Fc:Hyper-IL-6")
    m("sgp_IL6sR", "sgp130:IL-6:sIL-6R")
    m("sgp_Hy", "sgp130:Hyper-IL-6")
    m("TCZ", "free tocilizumab")
    m("TCZ_sIL6R", "tocilizumab:sIL-6R")
    m("SAR", "free sarilumab")
    m("SAR_sIL6R", "sarilumab:sIL-6R")
    m("SIL", "free siltuximab")
    m("SIL_IL6", "siltuximab:IL-6")
    m("RUX", "ruxolitinib (constant unless washed)")
    m("BARI", "baricitinib (constant unless washed)")
    m("CHX", "cycloheximide (constant unless washed)")
    m("ACTD", "actinomycin D (constant unless washed)")

    c("IL6R_mRNA", "IL-6R mRNA (1 = resting level)", "gene_IL6R", "a.u.")
    c("gp130_mRNA", "gp130 (IL6ST) mRNA (1 = resting level)", "gene_IL6ST", "a.u.")
    c("STAT3_mRNA", "STAT3 mRNA (1 = resting level)", "gene_STAT3", "a.u.")
    c("IL6R_pre", "IL-6R on its way to the surface (ER/Golgi)", "v_syn_IL6R * gene_IL6R / k_transit")
    c("IL6R", "free surface IL-6R", "gene_IL6R * IL6R_per_cell / mpn")
    c("IL6R_int", "endosomal IL-6R", "k_int_IL6R * IL6R / (k_rec_IL6R + k_deg_IL6R)")
    c("gp130_pre", "gp130 on its way to the surface (ER/Golgi)", "v_syn_gp130 * gene_IL6ST / k_transit")
    c("gp130", "free surface gp130 (with constitutive JAK1)", "gene_IL6ST * gp130_per_cell / mpn")
    c("gp130_int", "endosomal gp130", "k_int_gp130 * gp130 / (k_rec_gp130 + k_deg_gp130)")
    c("IL6_IL6R", "IL-6 bound to membrane IL-6R, no gp130 yet")
    c("TCZ_IL6R", "tocilizumab bound to membrane IL-6R")
    c("SAR_IL6R", "sarilumab bound to membrane IL-6R")
    c("Fc_IL6_IL6R", "sgp130Fc bound to membrane IL-6:IL-6R (classic interference)")
    c("C_cl", "classic signalling unit IL-6:IL-6R:gp130")
    c("C_tr", "trans signalling unit IL-6:sIL-6R:gp130")
    c("C_hy", "trans signalling unit Hyper-IL-6:gp130")
    c("Ci_cl", "internalised classic unit (on its way to lysosomes)")
    c("Ci_tr", "internalised trans unit (on its way to lysosomes)")
    c("Ci_hy", "internalised Hyper-IL-6 unit (on its way to lysosomes)")
    c("pgp130", "phosphorylated gp130 of active units, per cell (STAT3 and SHP2 docking sites)", "0",
      "a.u.")
    c("STAT3c", "cytoplasmic STAT3", "gene_STAT3 * stat3_u0")
    c("pSTAT3c", "cytoplasmic pSTAT3", "stat3_a * STAT3c")
    c("pSTAT3n", "nuclear pSTAT3", "k_imp_p * pSTAT3c / k_dephos_n")
    c("STAT3n", "nuclear unphosphorylated STAT3", "(k_imp_p * pSTAT3c + k_imp_u * STAT3c) / k_exp")
    c("ERK", "ERK1/2", "ERK_total * (1 - erk_rest)")
    c("pERK", "pERK1/2", "ERK_total * erk_rest")
    c("fb_erk", "negative feedback on ERK activation (follows the pERK fraction)", "erk_rest", "a.u.")
    c("Akt", "Akt", "Akt_total * (1 - akt_rest)")
    c("pAkt", "pAkt (S473)", "Akt_total * akt_rest")
    c("fb_akt", "negative feedback on Akt activation (follows the pAkt fraction)", "akt_rest", "a.u.")
    for g in GENES:
        c(f"prom_{g}", f"{g} promoter activity (0-1, delayed)",
          f"{_hill(f'drive_{g}', f'K_prom_{g}', f'n_{g}')}", "a.u.")
        c(f"{g}_mRNA", f"{g} mRNA (a.u.; 1 = full induction)", f"gene_{g} * (basal_{g} + prom_{g})", "a.u.")
    c("SOCS3", "SOCS3 protein", "k_tl_SOCS3 * SOCS3_mRNA / k_deg_SOCS3")
    return S


# --------------------------------------------------------------------------
# reactions
# --------------------------------------------------------------------------
def _reactions() -> list[Reaction]:  # noqa: PLR0915 - one long, flat list
    R: list[Reaction] = []
    add = R.append
    M, C = "medium", "cell"

    # --- medium: ligands, decoys, antibodies -------------------------------
    add(Reaction("secrete_IL6", (), ("IL6",), "IL6_secretion * gene_IL6 * translation * N_cells / N_A",
                 False, "the cells' own IL-6 secreted into the medium (molecules per cell per minute -> nmol/min)"))
    add(bind("IL6", "sIL6R", "IL6_sIL6R", kon="kon_sIL6R", koff="kon_sIL6R * KD_sIL6R", where=M,
             description="IL-6 binds soluble IL-6R in solution"))
    for lig, tag in (("IL6_sIL6R", "IL6sR"), ("HyIL6", "Hy")):
        add(bind("sgp130Fc", lig, f"Fc_{tag}", kon="kon_sgp130Fc", koff="koff_sgp130Fc", where=M,
                 description=f"sgp130Fc captures {lig}"))
        add(bind("sgp130", lig, f"sgp_{tag}", kon="kon_sgp130Fc", koff="sgp130_affinity_loss * koff_sgp130Fc",
                 where=M, description=f"natural sgp130 captures {lig}"))
    add(bind("TCZ", "sIL6R", "TCZ_sIL6R", kon="kon_mab", koff="kon_mab * KD_tocilizumab", where=M,
             description="tocilizumab binds sIL-6R"))
    add(bind("SAR", "sIL6R", "SAR_sIL6R", kon="kon_mab", koff="kon_mab * KD_sarilumab", where=M,
             description="sarilumab binds sIL-6R"))
    add(bind("SIL", "IL6", "SIL_IL6", kon="kon_mab", koff="kon_mab * KD_siltuximab", where=M,
             description="siltuximab binds IL-6"))
    for sp in ("IL6", "sIL6R", "IL6_sIL6R", "HyIL6", "sgp130Fc", "sgp130",
               "Fc_IL6sR", "Fc_Hy", "sgp_IL6sR", "sgp_Hy"):
        add(degrade(sp, "k_deg_medium", where=M, name=f"decay_{sp}", description=f"{sp} decays in medium"))

    # --- surface binding: three routes to a signalling unit ------------------
    add(bind("IL6", "IL6R", "IL6_IL6R", kon="kon_IL6R", koff="koff_IL6R", where=C,
             description="IL-6 binds membrane IL-6R (site I)"))
    add(bind("IL6_IL6R", "gp130", "C_cl", kon="kon_gp130", koff="koff_gp130", where=C, factor="route_classic",
             name="form_classic", description="IL-6:IL-6R recruits gp130: classic signalling unit"))
    add(bind("IL6_sIL6R", "gp130", "C_tr", kon="kon_trans", koff="koff_trans", where=C, factor="route_trans",
             name="form_trans", description="IL-6:sIL-6R binds gp130: trans signalling unit"))
    add(bind("HyIL6", "gp130", "C_hy", kon="kon_trans", koff="koff_trans", where=C, factor="route_trans",
             name="form_hyper", description="Hyper-IL-6 binds gp130: trans signalling unit"))
    add(bind("TCZ", "IL6R", "TCZ_IL6R", kon="kon_mab", koff="kon_mab * KD_tocilizumab", where=C,
             description="tocilizumab binds membrane IL-6R"))
    add(bind("SAR", "IL6R", "SAR_IL6R", kon="kon_mab", koff="kon_mab * KD_sarilumab", where=C,
             description="sarilumab binds membrane IL-6R"))
    add(bind("sgp130Fc", "IL6_IL6R", "Fc_IL6_IL6R", kon="kon_sgp130Fc", koff="koff_sgp130Fc", where=C,
             factor="fc_classic_interference", name="bind_Fc_classic",
             description="sgp130Fc traps membrane IL-6:IL-6R (interference, default off)"))

    # --- receptor synthesis and trafficking -----------------------------------
    for mrna, gene, k in (("IL6R_mRNA", "IL6R", "k_mRNA_IL6R"), ("gp130_mRNA", "IL6ST", "k_mRNA_gp130"),
                          ("STAT3_mRNA", "STAT3", "k_mRNA_STAT3")):
        add(produce(mrna, f"{k} * gene_{gene} * transcription", where=C, name=f"tx_{mrna}",
                    description=f"{gene} transcription"))
        add(degrade(mrna, k, where=C, name=f"deg_{mrna}", description=f"{gene} mRNA decay"))
    for r in RECEPTORS:
        add(produce(f"{r}_pre", f"v_syn_{r} * {r}_mRNA * translation", where=C, name=f"syn_{r}",
                    description=f"{r} translation into the secretory pathway"))
        add(convert(f"{r}_pre", r, "k_transit", where=C, name=f"transit_{r}",
                    description=f"new {r} reaches the surface"))
        add(convert(r, f"{r}_int", f"k_int_{r}", where=C, name=f"int_{r}",
                    description=f"constitutive internalisation of {r}"))
        add(convert(f"{r}_int", r, f"k_rec_{r}", where=C, name=f"rec_{r}", description=f"{r} recycling"))
        add(degrade(f"{r}_int", f"k_deg_{r}", where=C, name=f"deg_{r}", description=f"lysosomal degradation of {r}"))
    add(Reaction("shed_IL6R", ("IL6R",), ("sIL6R",), "cell * k_shed * gene_ADAM17 * IL6R", False,
                 "ADAM17 shedding of surface IL-6R into the medium"))
    for cx in ("C_cl", "C_tr", "C_hy"):
        ci = cx.replace("C_", "Ci_")
        add(convert(cx, ci, "k_int_complex", where=C, name=f"int_{cx}",
                    description="ligand-induced internalisation of the signalling unit"))
        add(degrade(ci, "k_lys", where=C, name=f"lys_{ci}",
                    description="ligand, receptors and any bound SOCS3 destroyed in lysosomes"))
    for sp in ("IL6_IL6R", "TCZ_IL6R", "SAR_IL6R", "Fc_IL6_IL6R"):
        add(degrade(sp, "k_int_IL6R", where=C, name=f"int_{sp}",
                    description="internalised with IL-6R and degraded with its ligand or antibody"))

    # --- gp130 tyrosine phosphorylation by the active JAK1 --------------------
    add(relax("pgp130", "active_units", "tau_gp130_p", where=C, name="gp130_phos",
              description="JAK1 of active units phosphorylates gp130 (docking sites for STAT3 and SHP2); "
                          "PTPs remove them"))

    # --- STAT3 ----------------------------------------------------------------
    add(catalyse("STAT3c", "pSTAT3c", "stat3_kinase", where=C, name="stat3_phos",
                 description="JAK1 of active units phosphorylates STAT3 (Y705)"))
    add(catalyse("pSTAT3c", "STAT3c", "k_dephos_c", where=C, name="stat3_dephos_c",
                 description="cytoplasmic dephosphorylation"))
    add(convert("pSTAT3c", "pSTAT3n", "k_imp_p", where=C, name="stat3_import_p", description="pSTAT3 nuclear import"))
    add(catalyse("pSTAT3n", "STAT3n", "k_dephos_n", where=C, name="stat3_dephos_n",
                 description="nuclear dephosphorylation (TC45)"))
    add(convert("STAT3n", "STAT3c", "k_exp", where=C, name="stat3_export", description="STAT3 nuclear export"))
    add(convert("STAT3c", "STAT3n", "k_imp_u", where=C, name="stat3_import_u",
                description="unphosphorylated STAT3 shuttles into the nucleus"))
    add(produce("STAT3c", "v_syn_STAT3 * STAT3_mRNA * translation", where=C, name="stat3_syn",
                description="STAT3 translation"))
    add(degrade("STAT3c", "k_deg_STAT3", where=C, name="stat3_deg", description="STAT3 degradation"))

    # --- ERK and Akt, each with its own negative feedback ----------------------
    for arm, sp in (("erk", "ERK"), ("akt", "Akt")):
        add(catalyse(sp, f"p{sp}", f"{arm}_kinase", where=C, name=f"{arm}_phos",
                     description=f"{sp} activation by active gp130 (and basal)"))
        add(catalyse(f"p{sp}", sp, f"k_{arm}_off", where=C, name=f"{arm}_dephos",
                     description=f"p{sp} dephosphorylation"))
        add(relax(f"fb_{arm}", f"p{sp} / {sp}_total", f"tau_fb_{arm}", where=C, name=f"feedback_{arm}",
                  description=f"negative feedback on {sp} activation builds up with p{sp}"))

    # --- target genes and SOCS3 ----------------------------------------------
    for g in GENES:
        add(relax(f"prom_{g}", _hill(f"drive_{g}", f"K_prom_{g}", f"n_{g}"), f"tau_{g}", where=C,
                  name=f"promoter_{g}", description=f"{g} promoter follows its drive with delay tau_{g}"))
        add(produce(f"{g}_mRNA", f"k_mRNA_{g} * gene_{g} * transcription * (basal_{g} + prom_{g})", where=C,
                    name=f"tx_{g}", description=f"{g} transcription"))
        add(degrade(f"{g}_mRNA", f"k_mRNA_{g}", where=C, name=f"deg_{g}_mRNA", description=f"{g} mRNA decay"))
    add(produce("SOCS3", "k_tl_SOCS3 * SOCS3_mRNA * translation", where=C, name="tl_SOCS3",
                description="SOCS3 translation"))
    add(degrade("SOCS3", "k_deg_SOCS3", where=C, name="deg_SOCS3", description="SOCS3 protein turnover"))
    return R


STAT3_SUM = "(STAT3c + pSTAT3c + pSTAT3n + STAT3n)"


def _observables() -> list[Observable]:
    O = [
        Observable("pSTAT3", f"(pSTAT3c + pSTAT3n) / {STAT3_SUM}", "1",
                   "phospho-STAT3 (Y705), fraction of total STAT3", "western"),
        Observable("pSTAT3_nuclear", f"pSTAT3n / {STAT3_SUM}", "1", "nuclear pSTAT3, fraction of total STAT3", "western"),
        Observable("pSTAT3_cytoplasm", f"pSTAT3c / {STAT3_SUM}", "1",
                   "cytoplasmic pSTAT3, fraction of total STAT3", "western"),
        Observable("STAT3_nucleus", "pSTAT3n + STAT3n", "nM", "all nuclear STAT3", "western"),
        Observable("STAT3_cytoplasm", "pSTAT3c + STAT3c", "nM", "all cytoplasmic STAT3", "western"),
        Observable("pAkt", "pAkt / (Akt + pAkt)", "1", "phospho-Akt (S473), fraction of total Akt", "western"),
        Observable("pERK", "pERK / (ERK + pERK)", "1", "phospho-ERK1/2, fraction of total ERK", "western"),
        Observable("SOCS3", "SOCS3", "nM", "SOCS3 protein", "western"),
        Observable("SOCS3_per_cell", "SOCS3 * mpn", "molecules/cell", "SOCS3 molecules per cell"),
        Observable("active_JAK1", "pgp130", "complexes/cell", "signalling units per cell with active JAK1"),
    ]
    for g in GENES:
        O.append(Observable(f"{g}_mRNA", f"{g}_mRNA", "a.u.", f"{g} mRNA (1 = fully induced promoter)", "qpcr"))
    O += [
        Observable("gp130_mRNA", "gp130_mRNA", "a.u.", "gp130 (IL6ST) mRNA (1 = resting)", "qpcr"),
        Observable("STAT3_mRNA", "STAT3_mRNA", "a.u.", "STAT3 mRNA (1 = resting)", "qpcr"),
        Observable("surface_IL6R", "(IL6R + IL6_IL6R + C_cl + TCZ_IL6R + SAR_IL6R + Fc_IL6_IL6R) * mpn",
                   "molecules/cell", "IL-6R on the cell surface, free or bound", "flow"),
        Observable("surface_gp130", "(gp130 + C_cl + C_tr + C_hy) * mpn", "molecules/cell",
                   "gp130 on the cell surface, free or in signalling units", "flow"),
        Observable("gp130_total", "(gp130_pre + gp130 + gp130_int + C_cl + C_tr + C_hy + Ci_cl + Ci_tr + Ci_hy) * mpn",
                   "molecules/cell", "all gp130 of a cell (what mass spectrometry counts)"),
        Observable("sIL6R", "sIL6R + IL6_sIL6R + Fc_IL6sR + sgp_IL6sR + TCZ_sIL6R + SAR_sIL6R", "nM",
                   "total soluble IL-6R in the medium (free and complexed), as an ELISA reads it", "elisa"),
        Observable("free_IL6", "IL6", "nM", "free IL-6 in the medium", "elisa"),
        Observable("IL6_sIL6R", "IL6_sIL6R", "nM", "free IL-6:sIL-6R complex in the medium", "elisa"),
        Observable("classic_complexes", "C_cl * mpn", "complexes/cell", "classic signalling units per cell"),
        Observable("trans_complexes", "(C_tr + C_hy) * mpn", "complexes/cell",
                   "trans signalling units per cell (IL-6:sIL-6R and Hyper-IL-6)"),
        Observable("bound_IL6_per_cell", "(IL6_IL6R + C_cl + C_tr + C_hy + Fc_IL6_IL6R) * mpn", "molecules/cell",
                   "IL-6 (including Hyper-IL-6) bound at the cell surface per cell"),
    ]
    return O


def reference_model() -> ModelSpec:
    """Build the reference model specification (pure data, cheap to call)."""
    return _MODEL


_MODEL = ModelSpec(
    name="il6sim_reference",
    version=MODEL_VERSION,
    compartments=(
        ("medium", "V_medium", "culture medium of one well"),
        ("cell", "N_cells * V_cell", "all cells of the well (identical cells)"),
    ),
    parameters=tuple(_parameters()),
    species=tuple(_species()),
    reactions=tuple(_reactions()),
    observables=tuple(_observables()),
    expressions=tuple(_expressions()),
    notes=(
        "Signalling units are half-hexamers (1 IL-6 : 1 IL-6R : 1 gp130); stoichiometry after Ward 1994.",
        "A unit's JAK1 is active only when both JAK1 of the hexamer are free of inhibitor and SOCS3 (squared terms).",
        "SOCS3 occupancy of gp130 pY759 is taken at quasi-equilibrium; bound SOCS3 is not subtracted from free SOCS3.",
        "Internalised signalling units do not signal; ligand and receptors are degraded in lysosomes.",
        "Nuclear and cytoplasmic STAT3 are referred to the whole cell volume.",
        "Small-molecule drugs act at their medium concentration (fast equilibration assumed).",
    ),
)
