"""The reference IL-6 classic/trans-signalling model.

Structure (canonical units: nM, min, L):

* **medium** (volume ``V_medium``): IL-6, sIL-6R, IL-6:sIL-6R, Hyper-IL-6,
  sgp130Fc and natural sgp130 with their complexes, tocilizumab, sarilumab,
  siltuximab and their complexes, and the small molecules (ruxolitinib,
  baricitinib, cycloheximide, actinomycin D) which are held constant.
* **cell** (volume ``N_cells * V_cell``, all cells alike): surface and
  internal receptors, the three routes to an active signalling unit
  (classic ``C_cl``; trans ``C_tr`` from IL-6:sIL-6R; ``C_hy`` from
  Hyper-IL-6), JAK1 activity, STAT3 (cytoplasmic / nuclear, phosphorylated
  or not), SHP2-ERK and PI3K-Akt arms, target-gene promoters and mRNAs,
  SOCS3 protein. Membrane species are expressed as concentrations referred
  to the cell volume, so 1,200 receptors in a 2 pL cell is about 1 nM.

A signalling unit stands for half of the 2:2:2 hexamer (one IL-6, one
IL-6R or sIL-6R, one gp130; Ward 1994): stoichiometry, not geometry, is what
depletion and route tracing need.

The unstimulated steady state is written as initial assignments, so both
il6sim and any SBML tool start at rest without a pre-equilibration run.
"""

from __future__ import annotations

from .spec import ModelSpec, Observable, Parameter, Species, Reaction

MODEL_VERSION = "1.0.0"

EV = "EVIDENCE.md"
GENES = ("SOCS3", "ICAM1", "CCL2", "CXCL8")

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


def _parameters() -> list[Parameter]:
    P = []
    a = P.append
    # --- culture and cell geometry -----------------------------------------
    a(_p("V_medium", 1e-3, "L", "medium volume per well",
         "assumed: 1 mL, a 12-well plate; set by the protocol's medium.volume", 1e-5, 1e-1, "cell"))
    a(_p("N_cells", 2e5, "cells", "number of cells in the well",
         "assumed: a confluent 12-well plate; set by the protocol's medium.cells", 1.0, 1e8, "cell"))
    a(_p("V_cell", 2e-12, "L", "volume of one cell",
         "assumed: 2 pL, typical of cultured mammalian cells (HeLa 2-3 pL, Milo & Phillips, Cell Biology by the Numbers)",
         5e-13, 1e-11, "cell"))
    a(_p("IL6R_per_cell", 1200.0, "molecules/cell", "surface IL-6R per unstimulated cell",
         "HepG2 ~1,200 binding sites (Eur J Clin Invest 1990;20:366); set by the cell preset", 0.0, 1e5, "cell"))
    a(_p("gp130_per_cell", 5000.0, "molecules/cell", "surface gp130 per unstimulated cell",
         "assumed: gp130 in excess of IL-6R on most cells (ubiquitous expression, seed [5]); set by the cell preset",
         0.0, 1e5, "cell"))
    a(_p("STAT3_total", 55.0, "nM", "total STAT3 per cell volume",
         "Sobotta et al. 2017 Front Physiol 8:775 (model totals in hepatocytes, ~55 nM)", 5.0, 1000.0, "cell"))
    a(_p("ERK_total", 100.0, "nM", "total ERK1/2",
         "assumed: only the phosphorylated fraction is reported, so the total only scales units", 1.0, 5000.0, "cell"))
    a(_p("Akt_total", 100.0, "nM", "total Akt",
         "assumed: only the phosphorylated fraction is reported, so the total only scales units", 1.0, 5000.0, "cell"))

    # --- ligand binding -----------------------------------------------------
    a(_p("kon_sIL6R", 0.0015, "1/(nM*min)", "association of IL-6 with sIL-6R in solution (2.5e4 /M/s)",
         "assumed: slow site-I association in solution (SPR range 1e4-1e6 /M/s); the step Hyper-IL-6 skips "
         "(Fischer 1997; EVIDENCE S6)", 0.0003, 0.06))
    a(_p("KD_sIL6R", 3.0, "nM", "IL-6:sIL-6R dissociation constant in solution",
         "solution KD 0.5-20 nM (Weiergraber 1995 Eur J Biochem 234:661; Ward 1995 Biochemistry 34:2901); "
         "3 nM = geometric mean. Most IL-6 stays free in serum at this KD (sides with Baran 2018)", 0.5, 20.0))
    a(_p("kon_IL6R", 0.6, "1/(nM*min)", "association of IL-6 with membrane IL-6R (1e7 /M/s)",
         "assumed: fast capture at the cell surface, consistent with high-affinity sites filling within minutes "
         "(Eur J Clin Invest 1990)", 0.06, 6.0))
    a(_p("koff_IL6R", 1.8, "1/min", "dissociation of IL-6 from membrane IL-6R alone (KD 3 nM, as in solution)",
         "assumed equal to the solution KD (same extracellular domain)", 0.18, 18.0))
    a(_p("kon_gp130", 0.3, "1/(nM*min)", "recruitment of gp130 by membrane IL-6:IL-6R (per cell-volume nM)",
         "assumed: fast 2-D recruitment in the membrane", 0.03, 3.0))
    a(_p("koff_gp130", 0.01, "1/min", "release of gp130 from the classic signalling unit",
         "chosen so that the overall high-affinity site Kd on hepg2 is ~20-40 pM (HepG2 21 pM, Eur J Clin Invest 1990)",
         0.001, 0.1))
    a(_p("kon_trans", 0.6, "1/(nM*min)", "association of IL-6:sIL-6R or Hyper-IL-6 with surface gp130 (1e7 /M/s)",
         "assumed: fast association typical of high-affinity cytokine complexes", 0.06, 6.0))
    a(_p("koff_trans", 0.018, "1/min", "dissociation of the trans signalling unit (Kd = 30 pM)",
         "high-affinity IL-6 sites 20-40 pM (Eur J Clin Invest 1990); Hyper-IL-6 binds like IL-6:sIL-6R (Fischer 1997)",
         0.0018, 0.18))
    a(_p("kon_sgp130Fc", 0.6, "1/(nM*min)", "association of sgp130Fc with IL-6:sIL-6R or Hyper-IL-6",
         "assumed: same site as membrane gp130", 0.06, 6.0))
    a(_p("koff_sgp130Fc", 0.0006, "1/min", "dissociation from sgp130Fc (KD = 1 pM)",
         "assumed: the dimeric Fc fusion binds IL-6:sIL-6R bivalently (avidity), 30x tighter than one cell site; "
         "gives the complete block at 100-500 ng/mL reported since Jostock 2001 Eur J Biochem 268:160",
         0.0006, 0.06))
    a(_p("sgp130_affinity_loss", 10.0, "1", "KD(natural sgp130) / KD(sgp130Fc)",
         "Jostock et al. 2001: monomeric sgp130 ~10x less potent than sgp130Fc", 1.0, 100.0))
    a(_p("fc_classic_interference", 0.0, "1",
         "association of sgp130Fc with membrane IL-6:IL-6R, relative to its association with IL-6:sIL-6R",
         "EVIDENCE S8: 0 matches Jostock 2001 (no effect on Ba/F3-gp130-IL-6R); values of ~3-30 reach the "
         "classic inhibition seen by Widjaja & Cook 2024 (Int J Mol Sci 25:1363)", 0.0, 30.0))
    a(_p("kon_mab", 0.06, "1/(nM*min)", "association of therapeutic antibodies (1e6 /M/s)",
         "assumed: typical IgG association rate", 0.006, 0.6))
    a(_p("KD_tocilizumab", 1.2, "nM", "tocilizumab KD for IL-6R and sIL-6R",
         "Rafique 2013 ARD 72 Suppl 3 A797: 0.9-1.4 nM", 0.3, 5.0))
    a(_p("KD_sarilumab", 0.062, "nM", "sarilumab KD for IL-6R and sIL-6R",
         "Rafique 2013 ARD 72 Suppl 3 A797: 62 pM", 0.02, 0.2))
    a(_p("KD_siltuximab", 0.03, "nM", "siltuximab KD for IL-6",
         "assumed: high-affinity anti-IL-6 mAb, tens of pM; no primary value in EVIDENCE.md", 0.003, 0.3))

    # --- trafficking --------------------------------------------------------
    for r, tint, src in (("IL6R", 0.02, "Gerhartz 1994 Eur J Biochem 223:265"),
                         ("gp130", 0.02, "Gerhartz 1994 Eur J Biochem 223:265")):
        a(_p(f"k_int_{r}", tint, "1/min", f"constitutive internalisation of surface {r}",
             f"assumed split of the 2-3 h half-life ({src}) into internalisation, recycling and degradation",
             0.002, 0.2))
        a(_p(f"k_rec_{r}", 0.05, "1/min", f"recycling of internal {r} to the surface",
             "assumed: endosomal recycling on the 10-30 min scale", 0.005, 0.5))
        a(_p(f"k_deg_{r}", 0.02, "1/min", f"lysosomal degradation of internal {r}",
             f"assumed; with the two above gives a 2-3 h surface half-life ({src})", 0.002, 0.2))
    a(_p("k_int_complex", 0.05, "1/min", "ligand-induced internalisation of signalling units",
         "degraded IL-6 appears after ~40 min (hepatocytes) to ~1 h (HepG2), Eur J Clin Invest 1990", 0.005, 0.5))
    a(_p("k_lys", 0.03, "1/min", "lysosomal processing of internalised units (ligand destroyed, receptors freed)",
         "Eur J Clin Invest 1990: degradation products after 40-60 min", 0.003, 0.3))
    a(_p("k_shed", 0.002, "1/min", "ADAM17-like shedding of free surface IL-6R into sIL-6R",
         "assumed: constitutive shedding a minor share of IL-6R turnover", 0.0, 0.05))
    a(_p("k_deg_medium", 4.8e-4, "1/min", "decay of proteins in 37 C medium (t1/2 24 h)",
         "assumed: stand-in for slow proteolysis in culture; antibodies and small molecules exempt", 1e-5, 0.01))
    a(_p("k_mRNA_IL6R", 0.0039, "1/min", "IL-6R mRNA decay (t1/2 3 h)",
         "assumed: typical mRNA half-life of a receptor transcript", 0.0005, 0.05))
    a(_p("k_mRNA_gp130", 0.0039, "1/min", "gp130 mRNA decay (t1/2 3 h)",
         "assumed; HepG2 actinomycin D data (Zeilfelder 2025) show a much more stable mRNA (hepg2 preset: fitted)",
         0.0001, 0.05))
    a(_p("k_mRNA_STAT3", 0.0029, "1/min", "STAT3 mRNA decay (t1/2 4 h)",
         "assumed; HepG2 actinomycin D data (Zeilfelder 2025) show a much more stable mRNA (hepg2 preset: fitted)",
         0.0001, 0.05))
    a(_p("k_deg_STAT3", 0.0014, "1/min", "STAT3 protein degradation (t1/2 8 h)",
         "assumed: STAT3 is a long-lived protein (half-life many hours)", 0.0002, 0.01))

    # --- JAK1 / STAT3 -------------------------------------------------------
    a(_p("k_jak_on", 1.0, "1/min", "activation of JAK1 on an engaged signalling unit",
         "assumed: JAK1 trans-phosphorylation within about a minute of engagement", 0.1, 10.0))
    a(_p("K_pair", 300.0, "complexes/cell", "units per cell at which half of them are paired into hexamers",
         "assumed: the 2:2:2 hexamer needs two half-units to meet in the membrane (Ward 1994); "
         "quasi-equilibrium pairing makes the response steeper at low occupancy", 1.0, 5000.0))
    a(_p("k_jak_off", 0.05, "1/min", "deactivation of active JAK1 (phosphatases)",
         "assumed", 0.005, 0.5))
    a(_p("IC50_ruxolitinib", 25.0, "nM", "ruxolitinib concentration halving JAK1 activity in cells",
         "assumed ~8x the enzymatic JAK1 IC50 3.3 nM (Quintas-Cardama 2010), as for baricitinib", 2.0, 300.0))
    a(_p("IC50_baricitinib", 40.0, "nM", "baricitinib concentration halving IL-6 signalling in cells",
         "Fridman 2010 J Immunol 184:5298: blocks IL-6 signalling in cells below 50 nM (JAK1 enzyme 5.9 nM)", 5.0, 300.0))
    a(_p("K_SOCS3", 0.3, "nM", "SOCS3 protein halving the kinase output of an active unit",
         "assumed; SOCS3 binds gp130 Y759 and inhibits JAK1 (Yasukawa 2003, Fischer 2004)", 0.05, 20.0))
    a(_p("k_stat3_act", 0.002, "1/(complex*min)", "STAT3 phosphorylation per active unit per minute",
         "chosen so 4 units/cell give a measurable and 16 a strong response (Hansen 2020, PMC7212196)", 1e-4, 0.01))
    a(_p("k_stat3_basal", 0.0015, "1/min", "ligand-independent STAT3 phosphorylation",
         "chosen so basal pSTAT3 is ~3% of an IL-6 peak (HepG2 blots, Zeilfelder 2025)", 0.0, 0.02))
    a(_p("k_imp_p", 0.3, "1/min", "nuclear import of pSTAT3",
         "Sobotta et al. 2017 (fitted import 0.059/min x 5 for pSTAT3)", 0.03, 3.0))
    a(_p("k_imp_u", 0.06, "1/min", "nuclear import of unphosphorylated STAT3",
         "Sobotta et al. 2017 (fitted 0.059/min)", 0.006, 0.6))
    a(_p("k_exp", 0.2, "1/min", "nuclear export of STAT3",
         "chosen so basal nuclear:cytoplasmic STAT3 is ~0.3 (HepG2 fractionation, Zeilfelder 2025)", 0.02, 2.0))
    a(_p("k_dephos_n", 0.1, "1/min", "nuclear dephosphorylation of pSTAT3 (TC45)",
         "assumed; with SOCS3 gives pSTAT3 back near baseline by 60-90 min (Thiel et al.)", 0.01, 1.0))
    a(_p("k_dephos_c", 0.02, "1/min", "cytoplasmic dephosphorylation of pSTAT3",
         "assumed: slower than nuclear dephosphorylation", 0.002, 0.2))

    # --- ERK and Akt arms ---------------------------------------------------
    arms = (
        # arm, gene, route, k_act, k_off, k_basal
        ("erk", "PTPN11", "SHP2 recruited to gp130 Y759", 0.5, 0.1, 0.005),
        ("akt", "PIK3CA", "PI3K recruited via gp130/Gab1", 0.3, 0.06, 0.003),
    )
    for arm, gene, src, kact, koff, kbas in arms:
        a(_p(f"k_{arm}_act", kact, "1/min", f"maximal {arm.upper()} phosphorylation rate from active gp130 ({src})",
             "assumed: phospho-ERK rises within 15-30 min (PMC5417441); Akt assumed somewhat slower", 0.05, 5.0))
        a(_p(f"K_{arm}", 500.0, "complexes/cell", f"active units per cell for half-maximal {arm.upper()} activation",
             "assumed: scenario parameter (EVIDENCE S2); arms need more active gp130 than STAT3", 1.0, 20000.0))
        a(_p(f"n_{arm}", 2.0, "1", f"steepness of the {arm.upper()} threshold",
             "assumed: cooperative adaptor recruitment", 1.0, 4.0))
        a(_p(f"k_{arm}_off", koff, "1/min", f"dephosphorylation of p{arm.upper()}",
             "assumed: pERK and pSTAT3 decline by 2-4 h (PMC5417441); pAkt assumed to decline more slowly",
             0.01, 1.0))
        a(_p(f"k_{arm}_basal", kbas, "1/min", f"basal {arm.upper()} phosphorylation (~5% phosphorylated at rest)",
             "assumed: serum-starved cells keep a small basal phosphorylation", 0.0, 0.05))

    # --- target genes -------------------------------------------------------
    gene_defaults = {
        # gene: (wS, wE, wA, K, n, tau, k_mRNA, basal, src)
        "SOCS3": (1.0, 0.0, 0.0, 0.08, 2.0, 10.0, 0.03, 0.02,
                  "STAT3 target gene (Wang 2013 PNAS; seed [10,11]); mRNA t1/2 ~25 min assumed, fitted to HepG2 actinomycin D data"),
        "ICAM1": (0.7, 0.0, 0.3, 0.35, 2.0, 20.0, 0.006, 0.2,
                  "STAT3 target in endothelium; IL-6 alone <= 1.6x, IL-6 + sIL-6R 2.3-2.9x ICAM-1 (PMC1360351, EVIDENCE S4)"),
        "CCL2": (0.5, 0.0, 0.5, 0.45, 4.0, 20.0, 0.006, 0.1,
                 "needs JAK/STAT3 and PI3K/AKT together (Zegeye 2018 Cell Commun Signal 16:55)"),
        "CXCL8": (0.2, 0.8, 0.0, 0.3, 2.0, 15.0, 0.01, 0.05,
                  "ERK-driven; induced by classic and trans in endothelium (seed [7])"),
    }
    for g, (wS, wE, wA, K, n, tau, km, basal, src) in gene_defaults.items():
        a(_p(f"w_STAT3_{g}", wS, "1", f"weight (exponent) of nuclear pSTAT3 in the {g} promoter drive", src, 0.0, 1.0))
        a(_p(f"w_ERK_{g}", wE, "1", f"weight (exponent) of pERK in the {g} promoter drive", src, 0.0, 1.0))
        a(_p(f"w_Akt_{g}", wA, "1", f"weight (exponent) of pAkt in the {g} promoter drive", src, 0.0, 1.0))
        a(_p(f"K_prom_{g}", K, "1", f"drive (weighted geometric mean of the inputs) giving half-maximal {g} promoter activity",
             "assumed threshold; " + src, 0.005, 1.0))
        a(_p(f"n_{g}", n, "1", f"Hill coefficient of the {g} promoter", "assumed", 1.0, 6.0))
        a(_p(f"tau_{g}", tau, "min", f"promoter/transcript elongation delay of {g}",
             "assumed; Sobotta 2017 fitted a ~15 min delay chain for SOCS3", 1.0, 120.0))
        a(_p(f"k_mRNA_{g}", km, "1/min", f"{g} mRNA decay", "assumed; " + src, 0.0005, 0.5))
        a(_p(f"basal_{g}", basal, "1", f"basal {g} transcription relative to full induction",
             "assumed: sets the maximal fold induction (~1/basal)", 0.001, 1.0))
    a(_p("k_tl_SOCS3", 0.1, "nM/min", "SOCS3 translation (nM per unit mRNA per min)",
         "assumed: sets resting SOCS3 ~0.1 nM and fully induced SOCS3 ~2.5 nM", 0.01, 50.0))
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
                    ("ADAM17", "ADAM17 shedding"), ("PTPN11", "SHP2 (ERK arm)"), ("PIK3CA", "PI3K (Akt arm)")):
        a(_p(f"gene_{g}", 1.0, "1", f"gene dosage of {what}: 1 = wild type, 0 = knockout",
             "model switch ('knockout' in cell specs)", 0.0, 1.0, "switch"))

    # --- derived (initial assignments) -------------------------------------
    a(_p("N_A", 6.02214076e14, "1/nmol", "Avogadro constant in molecules per nmol",
         "SI defining constant 6.02214076e23 /mol (2019)", 6.02214076e14, 6.02214076e14, "constant"))
    a(_d("mpn", "N_A * V_cell", "molecules/nM", "molecules per cell per nM of cell volume"))
    for r in ("IL6R", "gp130"):
        a(_d(f"v_syn_{r}",
             f"k_deg_{r} * k_int_{r} / (k_rec_{r} + k_deg_{r}) * {r}_per_cell / mpn"
             + (" + k_shed * gene_ADAM17 * IL6R_per_cell / mpn" if r == "IL6R" else ""),
             "nM/min", f"{r} synthesis per unit mRNA (nM/min) that holds the surface number at rest"))
    a(_d("stat3_a", "k_stat3_basal / (k_imp_p + k_dephos_c)", "1", "basal pSTAT3c : STAT3c"))
    a(_d("stat3_u0", "STAT3_total / (1 + stat3_a + k_imp_p * stat3_a / k_dephos_n"
         " + (k_imp_p * stat3_a + k_imp_u) / k_exp)", "nM", "resting cytoplasmic STAT3 (wild type)"))
    a(_d("v_syn_STAT3", "k_deg_STAT3 * stat3_u0", "nM/min", "STAT3 synthesis per unit mRNA (nM/min)"))
    return P


# --------------------------------------------------------------------------
# formulas shared by reactions and initial assignments
# --------------------------------------------------------------------------
CHX = "(1 - CHX / (CHX + IC50_cycloheximide))"
TX = "(1 - ACTD / (ACTD + IC50_actinomycinD))"
JAKI = "(1 / (1 + RUX / IC50_ruxolitinib + BARI / IC50_baricitinib))"
SOCSI = "(1 / (1 + SOCS3 / K_SOCS3))"
C_ACT = "(C_cl + C_tr + C_hy)"
PJ_PC = f"(pJAK1 * mpn * {JAKI} * {SOCSI})"


def _hill(x: str, k: str, n: str) -> str:
    return f"(pow({x}, {n}) / (pow({k}, {n}) + pow({x}, {n})))"


def _drive(g: str) -> str:
    """Weighted geometric mean of the three inputs (fractions 0-1): an AND of the
    inputs a gene needs; a weight of 0 drops an input."""
    return (f"(pow(pSTAT3n / STAT3_total, w_STAT3_{g}) * pow(pERK / ERK_total, w_ERK_{g})"
            f" * pow(pAkt / Akt_total, w_Akt_{g}))")


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
    c("IL6R", "free surface IL-6R", "gene_IL6R * IL6R_per_cell / mpn")
    c("IL6R_int", "internal IL-6R pool", "k_int_IL6R * IL6R / (k_rec_IL6R + k_deg_IL6R)")
    c("gp130", "free surface gp130 (with constitutive JAK1)", "gene_IL6ST * gp130_per_cell / mpn")
    c("gp130_int", "internal gp130 pool", "k_int_gp130 * gp130 / (k_rec_gp130 + k_deg_gp130)")
    c("IL6_IL6R", "IL-6 bound to membrane IL-6R, no gp130 yet")
    c("TCZ_IL6R", "tocilizumab bound to membrane IL-6R")
    c("SAR_IL6R", "sarilumab bound to membrane IL-6R")
    c("Fc_IL6_IL6R", "sgp130Fc bound to membrane IL-6:IL-6R (classic interference)")
    c("C_cl", "classic signalling unit IL-6:IL-6R:gp130")
    c("C_tr", "trans signalling unit IL-6:sIL-6R:gp130")
    c("C_hy", "trans signalling unit Hyper-IL-6:gp130")
    c("Ci_cl", "internalised classic unit")
    c("Ci_tr", "internalised trans unit")
    c("Ci_hy", "internalised Hyper-IL-6 unit")
    c("pJAK1", "signalling units with active JAK1")
    c("STAT3c", "cytoplasmic STAT3", "gene_STAT3 * stat3_u0")
    c("pSTAT3c", "cytoplasmic pSTAT3", "stat3_a * STAT3c")
    c("pSTAT3n", "nuclear pSTAT3", "k_imp_p * pSTAT3c / k_dephos_n")
    c("STAT3n", "nuclear unphosphorylated STAT3", "(k_imp_p * pSTAT3c + k_imp_u * STAT3c) / k_exp")
    c("ERK", "ERK1/2", "ERK_total * k_erk_off / (k_erk_basal + k_erk_off)")
    c("pERK", "pERK1/2", "ERK_total * k_erk_basal / (k_erk_basal + k_erk_off)")
    c("Akt", "Akt", "Akt_total * k_akt_off / (k_akt_basal + k_akt_off)")
    c("pAkt", "pAkt (S473)", "Akt_total * k_akt_basal / (k_akt_basal + k_akt_off)")
    for g in GENES:
        c(f"prom_{g}", f"{g} promoter activity (0-1, delayed)",
          f"{_hill(_drive(g), f'K_prom_{g}', f'n_{g}')}", "a.u.")
        c(f"{g}_mRNA", f"{g} mRNA (a.u.; 1 = full induction)", f"gene_{g} * (basal_{g} + prom_{g})", "a.u.")
    c("SOCS3", "SOCS3 protein", "k_tl_SOCS3 * SOCS3_mRNA / k_deg_SOCS3")
    return S


def _reactions() -> list[Reaction]:
    R: list[Reaction] = []

    def r(name, reac, prod, rate, rev=False, desc=""):
        R.append(Reaction(name, tuple(reac), tuple(prod), rate, rev, desc))

    # --- medium -------------------------------------------------------------
    r("bind_IL6_sIL6R", ["IL6", "sIL6R"], ["IL6_sIL6R"],
      "medium * kon_sIL6R * (IL6 * sIL6R - KD_sIL6R * IL6_sIL6R)", True, "IL-6 + sIL-6R <-> IL-6:sIL-6R")
    for lig, tag in (("IL6_sIL6R", "IL6sR"), ("HyIL6", "Hy")):
        r(f"bind_Fc_{tag}", ["sgp130Fc", lig], [f"Fc_{tag}"],
          f"medium * (kon_sgp130Fc * sgp130Fc * {lig} - koff_sgp130Fc * Fc_{tag})", True,
          f"sgp130Fc captures {lig}")
        r(f"bind_sgp_{tag}", ["sgp130", lig], [f"sgp_{tag}"],
          f"medium * (kon_sgp130Fc * sgp130 * {lig} - sgp130_affinity_loss * koff_sgp130Fc * sgp_{tag})", True,
          f"natural sgp130 captures {lig}")
    r("bind_TCZ_sIL6R", ["TCZ", "sIL6R"], ["TCZ_sIL6R"],
      "medium * (kon_mab * TCZ * sIL6R - kon_mab * KD_tocilizumab * TCZ_sIL6R)", True, "tocilizumab binds sIL-6R")
    r("bind_SAR_sIL6R", ["SAR", "sIL6R"], ["SAR_sIL6R"],
      "medium * (kon_mab * SAR * sIL6R - kon_mab * KD_sarilumab * SAR_sIL6R)", True, "sarilumab binds sIL-6R")
    r("bind_SIL_IL6", ["SIL", "IL6"], ["SIL_IL6"],
      "medium * (kon_mab * SIL * IL6 - kon_mab * KD_siltuximab * SIL_IL6)", True, "siltuximab binds IL-6")
    for sp in ("IL6", "sIL6R", "IL6_sIL6R", "HyIL6", "sgp130Fc", "sgp130",
               "Fc_IL6sR", "Fc_Hy", "sgp_IL6sR", "sgp_Hy"):
        r(f"decay_{sp}", [sp], [], f"medium * k_deg_medium * {sp}", False, f"{sp} decays in medium")

    # --- surface binding ----------------------------------------------------
    r("bind_IL6_IL6R", ["IL6", "IL6R"], ["IL6_IL6R"],
      "cell * (kon_IL6R * IL6 * IL6R - koff_IL6R * IL6_IL6R)", True, "IL-6 binds membrane IL-6R")
    r("form_classic", ["IL6_IL6R", "gp130"], ["C_cl"],
      "cell * (route_classic * kon_gp130 * IL6_IL6R * gp130 - koff_gp130 * C_cl)", True,
      "IL-6:IL-6R recruits gp130: classic signalling unit")
    r("form_trans", ["IL6_sIL6R", "gp130"], ["C_tr"],
      "cell * (route_trans * kon_trans * IL6_sIL6R * gp130 - koff_trans * C_tr)", True,
      "IL-6:sIL-6R binds gp130: trans signalling unit")
    r("form_hyper", ["HyIL6", "gp130"], ["C_hy"],
      "cell * (route_trans * kon_trans * HyIL6 * gp130 - koff_trans * C_hy)", True,
      "Hyper-IL-6 binds gp130: trans signalling unit")
    r("bind_TCZ_IL6R", ["TCZ", "IL6R"], ["TCZ_IL6R"],
      "cell * (kon_mab * TCZ * IL6R - kon_mab * KD_tocilizumab * TCZ_IL6R)", True, "tocilizumab binds IL-6R")
    r("bind_SAR_IL6R", ["SAR", "IL6R"], ["SAR_IL6R"],
      "cell * (kon_mab * SAR * IL6R - kon_mab * KD_sarilumab * SAR_IL6R)", True, "sarilumab binds IL-6R")
    r("bind_Fc_classic", ["sgp130Fc", "IL6_IL6R"], ["Fc_IL6_IL6R"],
      "cell * (fc_classic_interference * kon_sgp130Fc * sgp130Fc * IL6_IL6R - koff_sgp130Fc * Fc_IL6_IL6R)", True,
      "sgp130Fc traps membrane IL-6:IL-6R (interference, default off)")

    # --- receptor trafficking ---------------------------------------------
    r("tx_IL6R", [], ["IL6R_mRNA"], f"cell * k_mRNA_IL6R * gene_IL6R * {TX}", desc="IL-6R transcription")
    r("deg_IL6R_mRNA", ["IL6R_mRNA"], [], "cell * k_mRNA_IL6R * IL6R_mRNA")
    r("tx_gp130", [], ["gp130_mRNA"], f"cell * k_mRNA_gp130 * gene_IL6ST * {TX}", desc="gp130 transcription")
    r("deg_gp130_mRNA", ["gp130_mRNA"], [], "cell * k_mRNA_gp130 * gp130_mRNA")
    r("tx_STAT3", [], ["STAT3_mRNA"], f"cell * k_mRNA_STAT3 * gene_STAT3 * {TX}", desc="STAT3 transcription")
    r("deg_STAT3_mRNA", ["STAT3_mRNA"], [], "cell * k_mRNA_STAT3 * STAT3_mRNA")
    for rec in ("IL6R", "gp130"):
        r(f"syn_{rec}", [], [rec], f"cell * v_syn_{rec} * {rec}_mRNA * {CHX}", desc=f"{rec} synthesis to the surface")
        r(f"int_{rec}", [rec], [f"{rec}_int"], f"cell * k_int_{rec} * {rec}", desc="constitutive internalisation")
        r(f"rec_{rec}", [f"{rec}_int"], [rec], f"cell * k_rec_{rec} * {rec}_int", desc="recycling")
        r(f"deg_{rec}", [f"{rec}_int"], [], f"cell * k_deg_{rec} * {rec}_int", desc="lysosomal degradation")
    r("shed_IL6R", ["IL6R"], ["sIL6R"], "cell * k_shed * gene_ADAM17 * IL6R", desc="ADAM17 shedding")
    for cx in ("C_cl", "C_tr", "C_hy"):
        r(f"int_{cx}", [cx], [cx.replace("C_", "Ci_")], f"cell * k_int_complex * {cx}",
          desc="ligand-induced internalisation")
    r("lys_Ci_cl", ["Ci_cl"], ["IL6R_int", "gp130_int"], "cell * k_lys * Ci_cl", desc="IL-6 destroyed, receptors freed")
    r("lys_Ci_tr", ["Ci_tr"], ["gp130_int"], "cell * k_lys * Ci_tr", desc="IL-6:sIL-6R destroyed, gp130 freed")
    r("lys_Ci_hy", ["Ci_hy"], ["gp130_int"], "cell * k_lys * Ci_hy", desc="Hyper-IL-6 destroyed, gp130 freed")
    for sp in ("IL6_IL6R", "TCZ_IL6R", "SAR_IL6R", "Fc_IL6_IL6R"):
        r(f"int_{sp}", [sp], ["IL6R_int"], f"cell * k_int_IL6R * {sp}",
          desc="internalised with IL-6R; the bound ligand or antibody is destroyed")

    # --- JAK1 and STAT3 ---------------------------------------------------
    r("jak1_act", [], ["pJAK1"], f"cell * k_jak_on * gene_JAK1 * ({C_ACT} * {C_ACT} * mpn / ({C_ACT} * mpn + K_pair) - pJAK1)", True,
      "JAK1 activation on paired units (gp130 homodimer of the hexamer)")
    r("jak1_off", ["pJAK1"], [], "cell * (k_jak_off + k_int_complex) * pJAK1",
      desc="JAK1 deactivation and loss with internalised units")
    r("stat3_phos", ["STAT3c"], ["pSTAT3c"], f"cell * (k_stat3_basal + k_stat3_act * {PJ_PC}) * STAT3c")
    r("stat3_dephos_c", ["pSTAT3c"], ["STAT3c"], "cell * k_dephos_c * pSTAT3c")
    r("stat3_import_p", ["pSTAT3c"], ["pSTAT3n"], "cell * k_imp_p * pSTAT3c")
    r("stat3_dephos_n", ["pSTAT3n"], ["STAT3n"], "cell * k_dephos_n * pSTAT3n")
    r("stat3_export", ["STAT3n"], ["STAT3c"], "cell * k_exp * STAT3n")
    r("stat3_import_u", ["STAT3c"], ["STAT3n"], "cell * k_imp_u * STAT3c")
    r("stat3_syn", [], ["STAT3c"], f"cell * v_syn_STAT3 * STAT3_mRNA * {CHX}")
    r("stat3_deg", ["STAT3c"], [], "cell * k_deg_STAT3 * STAT3c")

    # --- ERK and Akt --------------------------------------------------------
    for arm, sp, gene in (("erk", "ERK", "PTPN11"), ("akt", "Akt", "PIK3CA")):
        r(f"{arm}_phos", [sp], [f"p{sp}"],
          f"cell * (k_{arm}_basal + k_{arm}_act * gene_{gene} * {_hill(PJ_PC, f'K_{arm}', f'n_{arm}')}) * {sp}")
        r(f"{arm}_dephos", [f"p{sp}"], [sp], f"cell * k_{arm}_off * p{sp}")

    # --- genes --------------------------------------------------------------
    for g in GENES:
        r(f"promoter_{g}", [], [f"prom_{g}"],
          f"cell * ({_hill(_drive(g), f'K_prom_{g}', f'n_{g}')} - prom_{g}) / tau_{g}", True,
          f"{g} promoter follows its drive with delay tau")
        r(f"tx_{g}", [], [f"{g}_mRNA"], f"cell * k_mRNA_{g} * gene_{g} * {TX} * (basal_{g} + prom_{g})")
        r(f"deg_{g}_mRNA", [f"{g}_mRNA"], [], f"cell * k_mRNA_{g} * {g}_mRNA")
    r("tl_SOCS3", [], ["SOCS3"], f"cell * k_tl_SOCS3 * SOCS3_mRNA * {CHX}")
    r("deg_SOCS3", ["SOCS3"], [], "cell * k_deg_SOCS3 * SOCS3")
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
        Observable("active_JAK1", "pJAK1 * mpn", "complexes/cell", "signalling units with active JAK1 per cell"),
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
    return ModelSpec(
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
        notes=(
            "Signalling units are half-hexamers (1 IL-6 : 1 IL-6R : 1 gp130); stoichiometry after Ward 1994.",
            "Nuclear and cytoplasmic STAT3 are referred to the whole cell volume.",
            "SOCS3 inhibits JAK1 activation catalytically (not sequestered).",
            "Internalised signalling units do not signal.",
            "Small-molecule drugs act at their medium concentration (fast equilibration assumed).",
        ),
    )
