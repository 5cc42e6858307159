"""Why does SOCS3 mRNA plateau under continuing IL-6, and what would end it?

The HepG2 qPCR series (Zeilfelder 2025, IL-6 10 ng/mL left on) peak at 60 min and
are back to a few per cent of their peak rise by 90-120 min. The table kinetics
peak later and hold a plateau for hours (docs/model.md, "Where the model misses";
``test_socs3_mrna_is_transient_under_il6``). Each variant below changes the table
values on every preset (nothing is installed in il6sim) and reports, for IL-6
10 ng/mL added at 0 and left on:

* SOCS3 mRNA: peak time and the share of its peak rise left at 120 and 240 min
  (hepg2, phh, il6r_gp130);
* pSTAT3: the share of its peak rise at 120 and 240 min (hepg2);
* SOCS3 molecules per cell at 90 min (hepg2, phh; counted 3,300-6,200 and 650-2,100);
* signalling units per hepg2 cell, all and those with active JAK1, mean over 2-6 h.

Variants: the table; a less saturated SOCS3 promoter (half-maximal at 30 % nuclear
pSTAT3, Hill 3, three times the translation); a tenth of the STAT3 activation per
unit (``k_stat3_act`` at the joint fit's lower bound); a more potent SOCS3
(``K_SOCS3`` a quarter of the table's). Prints one JSON object per variant.

    python docs/experiments/socs3_plateau.py
"""

from __future__ import annotations

import json

import numpy as np

TIMES = np.array([0, 5, 10, 15, 20, 30, 40, 45, 60, 75, 90, 105, 120, 150, 180, 240, 300, 360.0])
VARIANTS = {
    "table": {},
    "less saturated promoter (K 0.3, Hill 3, 3x translation)": {"K_prom_SOCS3": 0.3, "n_SOCS3": 3.0,
                                                                 "k_tl_SOCS3": 0.72},
    "a tenth of k_stat3_act": {"k_stat3_act": 0.003},
    "K_SOCS3 a quarter": {"K_SOCS3": 0.05},
}


def _share(y: np.ndarray, t: float) -> float:
    rise = y - y[0]
    return round(float(rise[TIMES == t][0] / rise.max()), 3)


def main(variants: dict | None = None) -> int:
    from il6sim.engine.simulator import Event, default_simulator
    from il6sim.model.presets import CellSpec
    from il6sim.units import to_nM

    sim = default_simulator()
    il6 = [Event(0.0, "add", "IL6", to_nM("10 ng/mL", 21000))]
    late = (TIMES >= 120) & (TIMES <= 360)
    for name, values in (variants or VARIANTS).items():
        row: dict = {"variant": name, "values": values}
        for cell in ("hepg2", "phh", "il6r_gp130"):
            p = dict(CellSpec.parse(cell).resolve())
            p.update(values)
            tr = sim.simulate(p, il6, TIMES)
            m = tr.observable("SOCS3_mRNA")
            row[cell] = {"SOCS3_mRNA_peak_min": float(TIMES[int(np.argmax(m))]),
                         "SOCS3_mRNA_at_120": _share(m, 120.0), "SOCS3_mRNA_at_240": _share(m, 240.0)}
            if cell in ("hepg2", "phh"):
                row[cell]["SOCS3_per_cell_90min"] = round(float(tr.observable("SOCS3_per_cell")[TIMES == 90.0][0]))
            if cell == "hepg2":
                y = tr.observable("pSTAT3")
                row[cell].update({"pSTAT3_at_120": _share(y, 120.0), "pSTAT3_at_240": _share(y, 240.0),
                                  "units_per_cell_2_6h": round(float(tr.observable("classic_complexes")[late].mean())),
                                  "active_units_per_cell_2_6h": round(float(tr.observable("active_JAK1")[late].mean()), 2)})
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
