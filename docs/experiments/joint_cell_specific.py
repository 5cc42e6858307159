"""Must a kinetic quantity differ between HepG2 and PHH? Likelihood ratios of the joint fit.

The joint calibration (docs/calibration.md) fits 13 kinetic parameters shared by
HepG2 and primary human hepatocytes (PHH) and is rejected against separate fits
of the two cells. This script refits the joint problem with candidate
parameters estimated separately for PHH (``NAME@phh``; the shared value then
holds for HepG2) and compares every variant with the separate fits by the
likelihood ratio 2*(NLL_joint - NLL_HepG2 - NLL_PHH) on 13 - k degrees of freedom
(k PHH-specific parameters). Same data, options and seed as ``make calibrate``
(pyPESTO least squares, 24 starts, seed 0); no posterior sample.

    python docs/experiments/joint_cell_specific.py [--starts 24] [--workers 2]

Prints one JSON object per variant as it finishes, then a summary line per variant.
"""

from __future__ import annotations

import argparse
import json
import sys

#: every variant keeps one SOCS3 translation efficiency for both cells, as the model did before this
#: analysis made it the cell quantity ``SOCS3_translation_factor`` (estimated for PHH by ``make calibrate``)
AS_HEPG2 = {"cell_specific": (), "phh_values": {"SOCS3_translation_factor": 1.0}}

VARIANTS = (
    (),
    ("k_tl_SOCS3",),
    ("k_int_complex",),
    ("k_tl_SOCS3", "k_int_complex"),
    ("k_tl_SOCS3", "tau_SOCS3", "basal_SOCS3"),
)


def _fit(problem, starts, workers):
    from il6sim.fitting.pypesto_engine import PypestoOptions, optimize, summarise

    fit = optimize(problem, PypestoOptions(n_starts=starts, seed=0, workers=workers))
    s = summarise(fit)
    at_bound = [q.name for q, v in zip(problem.parameters, fit.x)
                if min(abs(v - b) for b in q.scaled_bounds) < 1e-3]
    return fit, s, at_bound


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--starts", type=int, default=24)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)

    from scipy.stats import chi2

    from il6sim.fitting.joint import FITTED_WITH_EXPORT as FITTED, count_checks, joint_problem

    sep = {}
    for cell in ("hepg2", "phh"):
        _, s, at_bound = _fit(joint_problem("training", cells=(cell,), fitted=FITTED, **AS_HEPG2), args.starts,
                              args.workers)
        sep[cell] = s["best_fval"]
        print(json.dumps({"separate": cell, "half_chi2": round(s["best_fval"], 2),
                          "starts_reaching_best": s["n_reached_best"], "at_bound": at_bound}), flush=True)
    rows = []
    for names in VARIANTS:
        problem = joint_problem("training", fitted=FITTED, phh_specific=names, **AS_HEPG2)
        fit, s, at_bound = _fit(problem, args.starts, args.workers)
        df = len(FITTED) - len(names)
        lr = 2 * (s["best_fval"] - sep["hepg2"] - sep["phh"])
        values = problem.to_values(fit.x)
        hepg2_values = {**{k: v for k, v in values.items() if "@" not in k}, "SOCS3_translation_factor@phh": 1.0}
        phh_values = {**hepg2_values, **{k.split("@")[0]: v for k, v in values.items() if "@" in k}}
        counts = {"hepg2_SOCS3_90min": round(count_checks(hepg2_values)["hepg2_SOCS3_90min"]["model"]),
                  "phh_SOCS3_90min": round(count_checks(phh_values)["phh_SOCS3_90min"]["model"])}
        row = {"phh_specific": list(names), "half_chi2": round(s["best_fval"], 2),
               "starts_reaching_best": s["n_reached_best"],
               "first_order_optimality": s["first_order_optimality"],
               "likelihood_ratio_vs_separate": round(lr, 1), "df": df,
               "chi2_95": round(float(chi2.ppf(0.95, df)), 1),
               "values": {k: round(v, 5) for k, v in values.items()}, "at_bound": at_bound, **counts}
        rows.append(row)
        print(json.dumps(row), flush=True)
    for r in rows:
        print(f"PHH-specific {', '.join(r['phh_specific']) or 'none':45s} 0.5*chi2 {r['half_chi2']:9.2f}  "
              f"LR {r['likelihood_ratio_vs_separate']:7.1f} (95 % {r['chi2_95']}, {r['df']} df)  "
              f"at bound: {len(r['at_bound'])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
