"""The seed's claims and what the primary literature says about them, as data.

The seed document ("A Comparative Guide to Interleukin-6 Classical and
Trans-Signaling") compares classic and trans-signalling in a six-row table
and states a few protocol facts. ``EVIDENCE.md`` section 1 audits each claim
(ids S1-S8 there). This module keeps that audit as one table of
:class:`Claim` records, so that the comparison, the printed table and the
report all quote the same words and sources.

Ids follow EVIDENCE.md where it has one. Two rows have no EVIDENCE id: the
seed's "Cellular response" row (``C1``, not audited in EVIDENCE.md) and the
gp130-only control (``E4``, from EVIDENCE.md section 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

#: which cells a claim is about
SCOPE_ENDOTHELIAL = "endothelial"
SCOPE_ANY = "any"
SCOPE_GP130_ONLY = "gp130_only"

#: cell presets that count as endothelial (the seed's rows 1-3 and 5 are about endothelium)
ENDOTHELIAL_PRESETS = frozenset({"huvec", "huvec_zegeye2018", "ec_overlapping", "hrec"})


@dataclass(frozen=True)
class Claim:
    """One claim of the seed and its audit.

    Attributes
    ----------
    id
        EVIDENCE.md id (S1-S8) or a local id (C1, E4).
    row
        The seed's row name (its table) or a short title (protocol facts).
    seed_system
        The cell type or model the seed names for the claim.
    seed_classic, seed_trans
        The seed's words for classic and trans-signalling.
    literature
        What the primary literature shows (EVIDENCE.md, condensed).
    literature_verdict
        One phrase: does the literature support the seed?
    sources
        Primary sources behind ``literature``.
    grade
        EVIDENCE.md grade: A primary human, B primary indirect, C secondary; "-" not graded.
    evidence
        Where in EVIDENCE.md.
    scope
        Which cells the claim is about: "endothelial", "any" or "gp130_only".
    modelled
        False when a 4-gene model cannot compute it (global gene expression).
    """

    id: str
    row: str
    seed_system: str
    seed_classic: str
    seed_trans: str
    literature: str
    literature_verdict: str
    sources: str
    grade: str
    evidence: str
    scope: str = SCOPE_ENDOTHELIAL
    modelled: bool = True

    @property
    def seed_text(self) -> str:
        c = f"classic: {self.seed_classic}" if self.seed_classic else ""
        t = f"trans: {self.seed_trans}" if self.seed_trans else ""
        return "; ".join(x for x in (c, t) if x)

    def in_scope(self, preset: str) -> bool:
        if self.scope == SCOPE_ANY:
            return True
        if self.scope == SCOPE_ENDOTHELIAL:
            return preset in ENDOTHELIAL_PRESETS
        return preset == self.scope


_CLAIMS = (
    Claim(
        "S1", "STAT3 phosphorylation", "human retinal endothelial cells (seed ref [6])",
        "moderate and transient", "strong and sustained",
        "No side-by-side classic/trans time course found. IL-6-induced STAT3 activation is generally "
        "transient: maximal at 15-30 min, gone by 60-90 min, and its end needs new protein synthesis "
        "(Thiel et al.); SOCS3 ends STAT3 signalling about 2 h after stimulation (Wang et al. 2013).",
        "unverified: no side-by-side data; IL-6 STAT3 responses are usually transient",
        "Thiel et al. (Heinrich/Graeve lab); Wang et al. 2013 PNAS (PMID 24082147)", "A", "EVIDENCE.md 1, S1"),
    Claim(
        "S2", "Downstream signalling", "human endothelial cells (seed ref [7])",
        "activates PI3K-Akt and ERK1/2", "activates STAT3, PI3K-Akt and ERK1/2",
        "The papers conflict. 'Overlapping and distinct biological effects of IL-6 classic and "
        "trans-signaling in vascular endothelial cells' (seed [7]) matches the seed; Zegeye et al. 2018 "
        "(HUVEC) found classic -> JAK/STAT3 only, trans -> STAT3 + PI3K/AKT + MEK/ERK.",
        "conflicting: seed [7] supports it, Zegeye 2018 does not (classic -> STAT3 only)",
        "Zegeye et al. 2018 Cell Commun Signal 16:55; seed ref [7]", "A", "EVIDENCE.md 1, S2"),
    Claim(
        "S3", "Gene expression", "human endothelial cells (seed ref [7])",
        "induces CXCL8, not ICAM1 or CCL2", "induces ICAM1, CCL2 and CXCL8",
        "Supported qualitatively by both endothelial papers: CCL2/MCP-1 only under trans (Zegeye 2018: "
        "needs JAK/STAT3 and PI3K/AKT). ICAM-1 surface: IL-6 alone <= 1.6x, IL-6 + sIL-6R 2.3-2.9x "
        "(PMC1360351, cell type unverified, grade B).",
        "supported qualitatively (CCL2 only under trans)",
        "Zegeye et al. 2018; seed ref [7]; PMC1360351 table 2", "A", "EVIDENCE.md 1, S3 and 4"),
    Claim(
        "S4", "Global gene expression", "human retinal endothelial cells, RNA-seq (seed ref [8])",
        "", "343 genes up, 141 down",
        "Robinson et al. 2021 report 445 differentially expressed genes under trans-signalling in retinal "
        "endothelial cells: 318 up, 127 down; sgp130Fc abolished the changes.",
        "numbers wrong: 445 DEGs, 318 up and 127 down (Robinson 2021)",
        "Robinson et al. 2021 Cytokine 139:155375", "A", "EVIDENCE.md 1, S4", modelled=False),
    Claim(
        "C1", "Cellular response", "human endothelial cells (seed ref [7])",
        "promotes cell survival and reduces injury", "induces inflammatory effects",
        "Not audited in the literature review. The model has no survival or injury readout; only the "
        "inflammatory part can be checked, through the inflammatory genes ICAM1, CCL2 and CXCL8 (S3).",
        "not audited (seed ref [7] only)",
        "seed ref [7] (not checked here)", "-", "not in EVIDENCE.md"),
    Claim(
        "S5", "SOCS3 induction", "various (seed refs [9-11])",
        "robust induction", "weaker or delayed induction",
        "No supporting primary data found. SOCS3 is a STAT3 target gene; where trans gives more STAT3 "
        "activation, it gives more SOCS3. SOCS3 loss turns transient STAT3 into prolonged STAT3 "
        "(Fischer 2004; Yasukawa 2003).",
        "unsupported: SOCS3 follows STAT3 activation",
        "no primary data found; Fischer 2004 Biochem J 378:449; Yasukawa 2003 Nat Immunol 4:551",
        "-", "EVIDENCE.md 1, S5", scope=SCOPE_ANY),
    Claim(
        "S6", "Hyper-IL-6 potency",
        "no cell type named (seed protocol, ref [13]); checked on cells with gp130 and no IL-6R",
        "", "Hyper-IL-6 100-1000x more potent than IL-6 + sIL-6R",
        "Fischer et al. 1997, restated by Jostock et al. 1999. The gap comes from the IL-6:sIL-6R "
        "association step that the linker removes.",
        "supported: 100-1000x",
        "Fischer et al. 1997 Nat Biotechnol 15:142; Jostock et al. 1999 J Immunol Methods 223:171", "A",
        "EVIDENCE.md 1, S6", scope=SCOPE_GP130_ONLY),
    Claim(
        "S8", "sgp130Fc selectivity", "HUVEC and other target cells (seed protocol)",
        "left intact by sgp130Fc 500 ng/mL", "blocked by sgp130Fc 500 ng/mL (30-60 min pre-incubation)",
        "Blocks trans-signalling: supported. Sparing of classic signalling conflicts: no effect on classic "
        "signalling in Ba/F3-gp130-IL-6R cells (Jostock 2001); in human cells sgp130Fc also inhibited IL-6 "
        "cis (classic) signalling, with IC50s 20-200x below the concentrations used in vivo (Widjaja & Cook "
        "2024). The model keeps this as the parameter fc_classic_interference (default 0 = Jostock 2001).",
        "trans block supported; classic sparing conflicting (Jostock 2001 vs Widjaja & Cook 2024)",
        "Jostock et al. 2001 Eur J Biochem 268:160; Widjaja & Cook 2024 Int J Mol Sci 25:1363", "A",
        "EVIDENCE.md 1, S7-S8", scope=SCOPE_ANY),
    Claim(
        "E4", "IL-6 alone on gp130-only cells", "cells with gp130 but no IL-6R (Ba/F3-gp130-like)",
        "no response", "respond to IL-6 + sIL-6R",
        "Cells with gp130 but no IL-6R give no response to IL-6 alone, and respond to IL-6 + sIL-6R.",
        "supported (Romano 1997)", "Romano et al. 1997 Immunity 6:315", "A", "EVIDENCE.md 4",
        scope=SCOPE_GP130_ONLY),
)

CLAIMS: Mapping[str, Claim] = MappingProxyType({c.id: c for c in _CLAIMS})

#: the seed's comparison table, in its order (row ids)
SEED_TABLE_ORDER = ("S1", "S2", "S3", "S4", "C1", "S5")
#: protocol claims checked next to the table
PROTOCOL_ORDER = ("S6", "S8", "E4")

#: per-scenario expectations for S2: which arms each endothelial paper reports
#: ("STAT3", "Akt", "ERK") under classic and trans
S2_PAPERS: Mapping[str, Mapping[str, frozenset]] = MappingProxyType({
    "Zegeye 2018": MappingProxyType({"classic": frozenset({"STAT3"}), "trans": frozenset({"STAT3", "Akt", "ERK"})}),
    "seed [7] 'Overlapping and distinct'": MappingProxyType(
        {"classic": frozenset({"Akt", "ERK"}), "trans": frozenset({"STAT3", "Akt", "ERK"})}),
})
#: the scenario preset built to reproduce each paper (model/presets.py)
S2_SCENARIO_PRESET = MappingProxyType({"huvec_zegeye2018": "Zegeye 2018",
                                       "ec_overlapping": "seed [7] 'Overlapping and distinct'"})

#: S3: what the seed says per gene (classic induced?, trans induced?)
S3_SEED = MappingProxyType({"ICAM1": (False, True), "CCL2": (False, True), "CXCL8": (True, True)})
#: S3: what the literature says per gene; None = not established per gene
S3_LITERATURE = MappingProxyType({
    "ICAM1": ((False, True), "IL-6 alone <= 1.6x, IL-6 + sIL-6R 2.3-2.9x (ICAM-1 surface, PMC1360351; grade B)"),
    "CCL2": ((False, True), "CCL2/MCP-1 only under trans (Zegeye 2018; seed [7]; grade A)"),
    "CXCL8": (None, "claim supported qualitatively as a whole (Zegeye 2018; seed ref [7]); no per-gene data checked"),
})

#: S4: the corrected numbers (Robinson et al. 2021)
S4_LITERATURE = MappingProxyType({"degs": 445, "up": 318, "down": 127, "seed_up": 343, "seed_down": 141})


def claims_table() -> list[dict]:
    """All claims as records (for CSV, JSON and the report)."""
    return [
        {"id": c.id, "row": c.row, "seed_system": c.seed_system, "seed_claim": c.seed_text,
         "literature": c.literature, "literature_verdict": c.literature_verdict, "sources": c.sources,
         "grade": c.grade, "evidence": c.evidence, "scope": c.scope, "modelled": c.modelled}
        for c in _CLAIMS
    ]
