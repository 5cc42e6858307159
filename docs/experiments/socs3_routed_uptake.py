"""Can SOCS3 end HepG2 signalling at the SOCS3 copy numbers HepG2 cells contain?

The joint calibration switches HepG2 pSTAT3 off as fast as the blots show only
by making ~29,000 SOCS3 per cell at 90 min (measured 3,300-6,200;
docs/calibration.md). Two ways SOCS3 could do more per molecule:

* SOCS3 routes the units it binds to lysosomes, so that it removes receptors
  rather than only silencing them. The model behind the data (Zeilfelder et al.
  2025, the NantiaL/IL6-signaling-model repository: "SOCS3 mediated receptor
  degradation") has such a step; SOCS3 sends G-CSF receptor to lysosomes
  (Irandoust 2007 EMBO J 26:1782). Here: the internalisation rate of a unit
  becomes ``k_int_complex + k_socs3_int * (1 - pY759_free)`` (a unit whose pY759
  carries SOCS3 is taken up faster), ``k_socs3_int`` fitted from 1e-4 to 1 /min.
* SOCS3 binds more tightly than the table's lower bound allows: ``K_SOCS3``
  fitted down to 0.001 nM (bound 0.1 nM in the table);
* SOCS3 brakes more steeply than its occupancy of pY759: a Hill coefficient
  ``h_SOCS3`` on it, ``1 / (1 + (SOCS3 / K_SOCS3)^h_SOCS3)``, fitted from 0.5 to 4.

Each is tried with SOCS3 translation free (as shipped) and fixed at its table
value (0.24 nM/min, which makes the measured counts at the table kinetics).
Neither the SOCS3-routed uptake nor the Hill coefficient is part of il6sim's model:
this script adds them to a copy of the reference model for its own process only
(at ``k_socs3_int = 0`` and ``h_SOCS3 = 1`` the copy is the model).

Prints one JSON object per variant: 0.5*chi2, starts reaching it, values, those
at a bound, and the SOCS3 counts (resting and 90 min).

    python docs/experiments/socs3_routed_uptake.py [STARTS]
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace

VARIANTS = {
    "translation fixed": {"fix_tl": True},
    "translation fixed + SOCS3-routed uptake": {"fix_tl": True, "uptake": True},
    "SOCS3-routed uptake": {"uptake": True},
    "K_SOCS3 down to 0.001, translation fixed": {"fix_tl": True, "low_K": True},
    "K_SOCS3 down to 0.001": {"low_K": True},
    "K_SOCS3 down to 0.001, translation fixed + SOCS3-routed uptake": {"fix_tl": True, "low_K": True,
                                                                         "uptake": True},
    "K_SOCS3 down to 0.001, translation fixed + Hill coefficient": {"fix_tl": True, "low_K": True, "hill": True},
    "K_SOCS3 down to 0.001 + Hill coefficient": {"low_K": True, "hill": True},
}


def with_socs3_routed_uptake():
    """Install a copy of the reference model whose units are taken up faster when SOCS3 sits on pY759 and
    whose SOCS3 brake may be steeper (both off at their default values)."""
    from il6sim.engine import simulator
    from il6sim.model import reference
    from il6sim.model.spec import Expression, Parameter

    spec = reference.reference_model()
    param = Parameter("k_socs3_int", 0.0, "1/min", "extra uptake of units whose pY759 carries SOCS3",
                      "experiment: docs/experiments/socs3_routed_uptake.py", 0.0, 1.0)
    hill = Parameter("h_SOCS3", 1.0, "1", "Hill coefficient of the SOCS3 brake on pY759",
                     "experiment: docs/experiments/socs3_routed_uptake.py", 0.5, 4.0)
    expr = Expression("unit_uptake", "k_int_complex + k_socs3_int * (1 - pY759_free)", "1/min",
                      "uptake of a signalling unit: ligand-induced plus SOCS3-routed")
    reactions = tuple(replace(r, rate=r.rate.replace("k_int_complex", "unit_uptake"))
                      if r.name in ("int_C_cl", "int_C_tr", "int_C_hy") else r for r in spec.reactions)
    assert sum("unit_uptake" in r.rate for r in reactions) == 3
    expressions = tuple(replace(e, formula="1 / (1 + pow(SOCS3 / K_SOCS3, h_SOCS3))") if e.name == "pY759_free"
                        else e for e in spec.expressions)
    reference._MODEL = replace(spec, name=spec.name + "_socs3_variants", parameters=spec.parameters + (param, hill),
                               expressions=expressions + (expr,), reactions=reactions)
    simulator._DEFAULT.clear()  # simulators built from now on load the copy


def main(starts: int = 12, workers: int = 2) -> int:
    from il6sim.fitting.joint import count_checks, joint_problem
    from il6sim.fitting.problem import fit_parameter
    from il6sim.fitting.pypesto_engine import PypestoOptions, optimize, summarise

    with_socs3_routed_uptake()  # before any simulator exists; at the defaults the copy is the model
    for name, v in VARIANTS.items():
        p = joint_problem("training")
        params = [replace(q, lower=0.001) if (q.name == "K_SOCS3" and v.get("low_K")) else q
                  for q in p.parameters if not (q.name == "k_tl_SOCS3" and v.get("fix_tl"))]
        if v.get("uptake"):
            params.append(fit_parameter("k_socs3_int", lower=1e-4, upper=1.0, nominal=0.01))
        if v.get("hill"):
            params.append(fit_parameter("h_SOCS3", lower=0.5, upper=4.0, nominal=1.0))
        p = replace(p, parameters=tuple(params))
        fit = optimize(p, PypestoOptions(n_starts=starts, seed=0, workers=workers))
        s = summarise(fit)
        at_bound = [q.name for q, x in zip(p.parameters, fit.x) if min(abs(x - b) for b in q.scaled_bounds) < 1e-3]
        counts = count_checks(fit.values)
        print(json.dumps({"variant": name, "half_chi2": round(s["best_fval"], 1), "reached": s["n_reached_best"],
                          "starts": starts, "values": {k: float(f"{x:.4g}") for k, x in fit.values.items()},
                          "at_bound": at_bound,
                          "SOCS3_per_cell": {k: round(c["model"]) for k, c in counts.items() if "SOCS3" in k}}),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:])))
