"""The reference IL-6 classic/trans-signalling model (model 2.0).

Structure (canonical units: nM, min, L):

* **medium** (volume ``V_medium``): IL-6 (added, or secreted by the cells
  themselves), sIL-6R, IL-6:sIL-6R, Hyper-IL-6, sgp130Fc and natural sgp130
  with their complexes, tocilizumab, sarilumab, siltuximab and their
  complexes, and the small molecules (ruxolitinib, baricitinib, tofacitinib,
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
parameters of kind ``cell`` (copy numbers, volume, IL-6 secretion, SOCS3 translation) and, for
the endothelial papers that disagree, of kind ``scenario``.

The unstimulated steady state (fresh medium without IL-6) is written as
initial assignments, so both il6sim and any SBML tool start at rest. Cells
that secrete IL-6 start from that state at the first event or reading and
accumulate their own IL-6 from there.
"""

from __future__ import annotations

from .motifs import bind, catalyse, convert, degrade, produce, relax
from .parameters import GENES, RECEPTORS, reference_parameters
from .spec import Expression, ModelSpec, Observable, Reaction, Species

MODEL_VERSION = "2.0.0"


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
        Expression("jak_free",
                   "gene_JAK1 / (1 + RUX / Ki_ruxolitinib + BARI / Ki_baricitinib + TOFA / Ki_tofacitinib)", "1",
                   "share of JAK1 kinase free of inhibitor"),
        Expression("pY759_free", "1 / (1 + gp130_Y759 * SOCS3 / K_SOCS3)", "1",
                   "share of gp130 pY759 sites free of SOCS3 (free for SHP2; the JAK1 of that chain active); "
                   "1 in the gp130 Y759F mutant, where SOCS3 cannot dock"),
        Expression("unit_activity", "pow(jak_free * pY759_free, 2)", "1",
                   "JAK1 activity of a signalling unit: both JAK1 of the hexamer must be free of inhibitor and "
                   "SOCS3 (trans-phosphorylation)"),
        Expression("units", "(C_cl + C_tr + C_hy) * mpn", "complexes/cell",
                   "signalling units on the surface per cell (all routes)"),
        Expression("active_units", "units * unit_activity", "complexes/cell",
                   "signalling units per cell with active JAK1"),
        Expression("shp2_relief", "fold_SHP2 / (1 + (fold_SHP2 - 1) * gene_PTPN11 * gp130_Y759)", "1",
                   "STAT3 output of an active unit relative to the wild type, where SHP2 docked at gp130 pY759 "
                   "dephosphorylates the unit's JAK1; fold_SHP2 without SHP2 (PTPN11 knockout, Y759F)"),
        Expression("stat3_kinase", "k_stat3_basal + k_stat3_act * pgp130 * jak_free * shp2_relief", "1/min",
                   "STAT3 phosphorylation rate per cytoplasmic STAT3 (JAK1 must also be free to phosphorylate; "
                   "SHP2 brakes it in the wild type)"),
    ]
    for arm, sp, gene in (("erk", "ERK", "PTPN11"), ("akt", "Akt", "PIK3CA")):
        E.append(Expression(
            f"{arm}_kinase",
            f"k_{arm}_basal + k_{arm}_act * gene_{gene} * {_hill(f'(pgp130 * gp130_Y759 * pY759_free)', f'K_{arm}', f'n_{arm}')}"
            f" / (1 + fb_{arm} / K_fb_{arm})",
            "1/min", f"{sp} phosphorylation rate: driven by active units whose pY759 is free of SOCS3 "
                     f"(SHP2/Gab1; none in the Y759F mutant), damped by the arm's own negative feedback"))
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
    m("TOFA", "tofacitinib (constant unless washed)")
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
    c("SOCS3", "SOCS3 protein", "k_tl_SOCS3 * SOCS3_translation_factor * SOCS3_mRNA / k_deg_SOCS3")
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
        add(bind("sgp130", lig, f"sgp_{tag}", kon="kon_trans", koff="koff_trans",
                 where=M, description=f"natural sgp130 (one gp130 ectodomain, as on the membrane) captures {lig}"))
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
    add(produce("SOCS3", "k_tl_SOCS3 * SOCS3_translation_factor * SOCS3_mRNA * translation", where=C, name="tl_SOCS3",
                description="SOCS3 translation (cell-specific efficiency)"))
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
    """The reference model specification (pure data, immutable, cheap to call).

    >>> model = reference_model()
    >>> p = model.parameter_map["IL6R_per_cell"]
    >>> p.unit, model.observable_map["pSTAT3"].unit
    ('molecules/cell', '1')
    """
    return _MODEL


_MODEL = ModelSpec(
    name="il6sim_reference",
    version=MODEL_VERSION,
    compartments=(
        ("medium", "V_medium", "culture medium of one well"),
        ("cell", "N_cells * V_cell", "all cells of the well (identical cells)"),
    ),
    parameters=tuple(reference_parameters()),
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
