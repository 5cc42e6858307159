"""Can one or two PHH-specific quantities reconcile PHH with the default kinetics?

The joint calibration (docs/calibration.md) rejects one kinetic set for HepG2
and primary human hepatocytes (PHH). This script asks the narrower question
behind making a kinetic quantity a ``cell`` quantity: with every kinetic
parameter at its default, how much of the PHH misfit does re-estimating one or
two candidate quantities for PHH alone remove, and at what values?

It fits each candidate set to the PHH training data (pSTAT3 blots and the
gp130/SOCS3 counts; the PHH part of ``il6sim.fitting.joint``) with pyPESTO
(4 starts, seed 0) and prints one JSON object: the best 0.5*chi2, the values,
which hit a bound, and the SOCS3 count at 90 min.

    python docs/experiments/phh_cell_quantities.py
"""

from __future__ import annotations

import json
import sys

#: the question is asked of PHH making SOCS3 as HepG2 do (the model before SOCS3 translation became the
#: cell quantity ``SOCS3_translation_factor``, whose PHH preset value, 0.65, is the k_tl_SOCS3 row below)
AS_HEPG2 = {"cell_specific": (), "phh_values": {"SOCS3_translation_factor": 1.0}}

CANDIDATES = (
    (),
    ("k_tl_SOCS3",),
    ("k_int_complex",),
    ("k_tl_SOCS3", "k_int_complex"),
    ("k_tl_SOCS3", "tau_SOCS3"),
)


def main() -> int:
    import numpy as np

    from il6sim.fitting.joint import FITTED_WITH_EXPORT as FITTED, count_checks, joint_problem
    from il6sim.fitting.objective import Objective
    from il6sim.fitting.pypesto_engine import PypestoOptions, optimize, summarise

    out = []
    for names in CANDIDATES:
        if not names:  # the defaults: evaluate only (the problem needs one parameter; use its nominal value)
            p = joint_problem("training", cells=("phh",), fitted=FITTED[:1], **AS_HEPG2)
            x = np.array([q.to_scaled(q.nominal) for q in p.parameters])
            ob = Objective(p)
            fval = ob.nll(x) - ob.nll_constant()
            values, at_bound, reached = {}, [], None
        else:
            p = joint_problem("training", cells=("phh",), fitted=names, **AS_HEPG2)
            fit = optimize(p, PypestoOptions(n_starts=4, seed=0))
            s = summarise(fit)
            fval, values, reached = s["best_fval"], fit.values, s["n_reached_best"]
            at_bound = [q.name for q, v in zip(p.parameters, fit.x)
                        if min(abs(v - b) for b in q.scaled_bounds) < 1e-3]
        counts = count_checks({**values, "SOCS3_translation_factor@phh": 1.0})  # as HepG2 (AS_HEPG2)
        out.append({"fitted": list(names), "half_chi2": round(float(fval), 2),
                    "values": {k: round(v, 4) for k, v in values.items()}, "at_bound": at_bound,
                    "starts_reaching_best": reached,
                    "phh_SOCS3_90min": round(counts["phh_SOCS3_90min"]["model"])})
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
