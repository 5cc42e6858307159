"""The derived ratios of the pharmacology table say when an IC50 was not reached, rather than printing a number."""

import math

import numpy as np

from il6sim.compare.pharmacology import run_pharmacology


def test_dimer_over_monomer_ratio_is_a_bound_when_the_monomer_ic50_is_not_reached():
    # doses up to 10 nM: sgp130Fc (IC50 ~0.46 nM) is reached, natural sgp130 (~65 nM) is not
    ph = run_pharmacology(inhibitor_doses=tuple(float(x) for x in np.logspace(-3, 1, 13)),
                          agonist_doses=tuple(float(x) for x in np.logspace(-4, 1, 11)))
    assert ph.curves["sgp130Fc_trans"].reached and not ph.curves["sgp130_trans"].reached
    assert math.isinf(ph.sgp130_dimer_ratio)
    row = [d for d in ph.derived() if d["quantity"].startswith("sgp130Fc over natural sgp130")][0]
    assert row["text"].startswith("> ") and "natural sgp130 IC50 not reached" in row["text"]
    bound = float(row["text"].split()[1].replace(",", ""))
    assert abs(bound / (10.0 / ph.curves["sgp130Fc_trans"].value_nM) - 1) < 0.01  # highest dose / dimer IC50
