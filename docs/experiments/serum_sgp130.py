"""Natural sgp130 at blood levels: how much IL-6 stays free, and how much trans-signalling is left?

Natural soluble gp130 binds IL-6:sIL-6R and Hyper-IL-6 as one membrane gp130 does
(docs/model.md). With blood levels of sIL-6R (40 ng/mL) and sgp130 (250 ng/mL;
EVIDENCE.md section 3) added 60 min ahead, this prints, as JSON lines:

* ``partition``: for IL-6 5 pg/mL to 100 ng/mL, cell-free, 60 min after the IL-6, the
  shares of the IL-6 still present that are free, in IL-6:sIL-6R and in
  IL-6:sIL-6R:sgp130 (Baran 2018 measured most IL-6 free; Muller-Newen 1998 saw part
  of serum IL-6 in the ternary complex);
* ``trans_left``: the trans pSTAT3 rise of gp130-only cells at 30 min with the blood
  sgp130, as a share of that with sIL-6R alone;
* ``antagonism``: sgp130 at 10 ug/mL against trans on gp130-only cells, IL-6 alone on
  hepg2 and IL-6 with sIL-6R on hepg2 (Muller-Newen 1998);
* ``dimer_over_monomer``: IC50(sgp130) / IC50(sgp130Fc) (molar) against IL-6 + sIL-6R
  25 ng/mL on gp130-only cells, pSTAT3 at 30 min, 45 min pre-incubation, for IL-6
  0.1-100 ng/mL (Jostock 2001 reported ~10 on proliferation).

    python docs/experiments/serum_sgp130.py
"""

from __future__ import annotations

import json

import numpy as np

IL6_DOSES = ("5 pg/mL", "100 pg/mL", "1 ng/mL", "10 ng/mL", "100 ng/mL")
DECOY_NM = np.logspace(-3, 4, 29)


def main() -> int:
    from il6sim.engine.simulator import Event, default_simulator
    from il6sim.model.presets import CellSpec
    from il6sim.units import to_nM

    sim = default_simulator()

    def il6(dose):
        return [Event(0.0, "add", "IL6", to_nM(dose, 21000))]

    blood_sil6r = [Event(-60.0, "add", "sIL6R", to_nM("40 ng/mL", 50000))]
    blood_sgp = [Event(-60.0, "add", "sgp130", to_nM("250 ng/mL", 100000))]
    free = CellSpec.parse("none").resolve()

    def rise(cell, events, at=30.0, pre=-60.0):
        y = sim.simulate(CellSpec.parse(cell).resolve(), events, np.array([pre, at])).observable("pSTAT3")
        return float(y[1] - y[0])

    for dose in IL6_DOSES:
        tr = sim.simulate(free, blood_sil6r + blood_sgp + il6(dose), np.array([-60.0, 60.0]), cell_free=True)
        parts = {"free": tr["IL6"][1], "IL6_sIL6R": tr["IL6_sIL6R"][1], "IL6_sIL6R_sgp130": tr["sgp_IL6sR"][1]}
        total = sum(parts.values())
        print(json.dumps({"partition": dose, **{k: round(float(v / total), 3) for k, v in parts.items()}}))
    for dose in ("100 pg/mL", "1 ng/mL", "10 ng/mL"):
        left = rise("gp130_only", blood_sil6r + blood_sgp + il6(dose)) / rise("gp130_only", blood_sil6r + il6(dose))
        print(json.dumps({"trans_left": dose, "share": round(left, 3)}))
    strong = [Event(-60.0, "add", "sgp130", to_nM("10 ug/mL", 100000))]
    for dose in ("100 pg/mL", "1 ng/mL", "10 ng/mL"):
        row = {"antagonism": dose}
        for label, cell, extra in (("trans gp130_only", "gp130_only", blood_sil6r), ("IL-6 alone hepg2", "hepg2", []),
                                   ("IL-6 + sIL-6R hepg2", "hepg2", blood_sil6r)):
            row[label] = round(rise(cell, strong + extra + il6(dose)) / rise(cell, extra + il6(dose)), 3)
        print(json.dumps(row))
    sil6r = [Event(0.0, "add", "sIL6R", to_nM("25 ng/mL", 50000))]
    for dose in ("100 pg/mL", "1 ng/mL", "10 ng/mL", "100 ng/mL"):
        stim = il6(dose) + sil6r
        base = rise("gp130_only", stim, pre=-45.0)
        ic50 = {}
        for agent in ("sgp130Fc", "sgp130"):
            left = np.array([rise("gp130_only", [Event(-45.0, "add", agent, d)] + stim, pre=-45.0) / base
                             for d in DECOY_NM])
            k = int(np.argmax(left <= 0.5))
            ic50[agent] = float(10 ** np.interp(0.5, left[[k, k - 1]], np.log10(DECOY_NM[[k, k - 1]])))
        print(json.dumps({"dimer_over_monomer": dose, "IC50_sgp130Fc_nM": round(ic50["sgp130Fc"], 3),
                          "IC50_sgp130_nM": round(ic50["sgp130"], 2),
                          "ratio": round(ic50["sgp130"] / ic50["sgp130Fc"])}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
