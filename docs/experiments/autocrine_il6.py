"""Could endothelial cells' own, STAT3-induced IL-6 let sIL-6R alone activate them?

Modur et al. 1997 (JCI 100:2752): sIL-6R with the cells' constitutive IL-6 made
HUVEC synthesise E-selectin, ICAM-1, VCAM-1, IL-8 and IL-6 itself. In il6sim the
cells' IL-6 secretion is a constant of the cell (20 molecules per cell per minute,
already at the generous end of what is published; docs/model.md), and sIL-6R
alone raises ICAM1 mRNA 1.03x at 24 h. Here an IL-6 gene is added to a copy of
the reference model: its mRNA is read through the STAT3 promoter the model has
for SOCS3 (``prom_SOCS3``), up to ``fold`` times its resting level, with a 50 min
half-life (assumed), and secretion follows the mRNA, scaled so that a resting
cell secretes ``scale`` x 20 molecules per minute. Neither step is part of
il6sim's model: the copy serves this process only (at ``fold = 1`` the gene is
not induced and the copy is the model).

For each (fold, scale), a HUVEC well (4 h starvation, then sIL-6R 25 ng/mL or
nothing) is run for 24 h. Prints one JSON object per variant: ICAM1 and CXCL8
mRNA folds (sIL-6R vs none) at 4 h and 24 h, pSTAT3 with sIL-6R, and the
control's pSTAT3 and IL-6 (ng/mL) at 24 h.

    python docs/experiments/autocrine_il6.py
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

#: (maximal fold induction of the IL-6 gene, resting secretion / 20 molecules per cell per minute)
VARIANTS = ((1.0, 1.0), (10.0, 1.0), (30.0, 1.0), (100.0, 1.0), (30.0, 5.0), (30.0, 10.0), (100.0, 10.0))
SIL6R_NM = 0.5  # 25 ng/mL at 50 kDa
TIMES = np.array([-240.0, 0.0, 240.0, 1440.0])


def with_autocrine_il6() -> None:
    """Install a copy of the reference model whose IL-6 secretion follows a STAT3-induced IL-6 mRNA."""
    from il6sim.engine import simulator
    from il6sim.model import reference
    from il6sim.model.motifs import degrade, produce
    from il6sim.model.spec import Parameter, Species

    spec = reference.reference_model()
    src = "experiment: docs/experiments/autocrine_il6.py"
    params = (Parameter("basal_IL6g", 1.0, "1", "basal IL-6 gene activity relative to full induction", src,
                        1e-3, 1.0),
              Parameter("ind_IL6g", 0.0, "1", "1: the STAT3 promoter induces the IL-6 gene; 0: it does not", src,
                        0.0, 1.0),
              Parameter("rest_IL6g", 1.0, "a.u.", "IL-6 mRNA of a resting cell (secretion is IL6_secretion there)",
                        src, 1e-3, 2.0),
              Parameter("k_mRNA_IL6g", 0.014, "1/min", "IL-6 mRNA decay (t1/2 50 min, assumed)", src, 1e-3, 0.1))
    mrna = Species("IL6g_mRNA", "cell", "basal_IL6g + ind_IL6g * prom_SOCS3", "a.u.",
                   "IL-6 mRNA (1 = full induction)")
    new = (produce("IL6g_mRNA", "k_mRNA_IL6g * transcription * (basal_IL6g + ind_IL6g * prom_SOCS3)", where="cell",
                   name="tx_IL6g", description="IL-6 transcription read through the STAT3 promoter of SOCS3"),
           degrade("IL6g_mRNA", "k_mRNA_IL6g", where="cell", name="deg_IL6g_mRNA", description="IL-6 mRNA decay"))
    reactions = tuple(replace(r, rate=r.rate.replace("IL6_secretion * gene_IL6",
                                                     "IL6_secretion * gene_IL6 * IL6g_mRNA / rest_IL6g"))
                      if r.name == "secrete_IL6" else r for r in spec.reactions)
    assert sum("IL6g_mRNA" in r.rate for r in reactions) == 1
    reference._MODEL = replace(spec, name=spec.name + "_autocrine_il6", parameters=spec.parameters + params,
                               species=spec.species + (mrna,), reactions=reactions + new)
    simulator._DEFAULT.clear()  # simulators built from now on load the copy


def run_variant(fold: float, scale: float) -> dict:
    from il6sim.engine.simulator import Event, default_simulator
    from il6sim.model.presets import CellSpec

    sim = default_simulator()
    wash = [Event(-240.0, "wash")]
    p = {**CellSpec.parse("huvec").resolve(), "IL6_secretion": 20.0 * scale}  # secretion of a resting cell
    if fold > 1:
        basal = 1.0 / (fold - 1.0)  # full induction / basal = fold (the resting promoter adds a little)
        rest = float(sim.simulate(p, wash, TIMES)["prom_SOCS3"][1])  # the promoter after starvation
        p.update(basal_IL6g=basal, ind_IL6g=1.0, rest_IL6g=basal + rest)
    ctrl = sim.simulate(p, wash, TIMES)
    sr = sim.simulate(p, wash + [Event(0.0, "add", "sIL6R", SIL6R_NM)], TIMES)

    def fold_at(i):
        return {g: round(float(sr.observable(g)[i] / ctrl.observable(g)[i]), 3) for g in ("ICAM1_mRNA", "CXCL8_mRNA")}

    return {"fold": fold, "secretion_scale": scale, "sIL6R_vs_none_4h": fold_at(2), "sIL6R_vs_none_24h": fold_at(3),
            "pSTAT3_with_sIL6R": [round(float(v), 4) for v in sr.observable("pSTAT3")],
            "control_pSTAT3_24h": round(float(ctrl.observable("pSTAT3")[3]), 4),
            "control_IL6_ng_per_mL_24h": round(float(ctrl.observable("free_IL6")[3]) * 21.0, 4)}


def main(variants=VARIANTS) -> int:
    with_autocrine_il6()  # before any simulator exists; at fold 1 the copy is the model
    for fold, scale in variants:
        print(json.dumps(run_variant(fold, scale)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
