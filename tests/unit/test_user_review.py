"""Defects found by running the tools as a new user would."""

import math

import numpy as np

from il6sim.readouts.metrics import fit_hill


def test_flat_dose_response_has_no_ec50():
    # IL-6 alone on gp130-only cells: no response at any dose, so no EC50
    fit = fit_hill(np.logspace(-5, 2, 22), np.zeros(22))
    assert not fit.ok
    assert math.isnan(fit.ec50)
    assert "no response" in fit.message


def test_rising_dose_response_still_fits():
    d = np.logspace(-5, 2, 22)
    fit = fit_hill(d, 0.7 / (1 + 0.01 / d))
    assert fit.ok and abs(math.log10(fit.ec50 / 0.01)) < 0.01


def test_population_histogram_axis_has_numbers_and_unit():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from il6sim.sweeps.population import plot_population

    rng = np.random.default_rng(0)
    vals = np.concatenate([rng.lognormal(np.log(0.05), 0.3, 300), rng.lognormal(np.log(0.5), 0.05, 300)])
    cells = pd.DataFrame({"group": ["a"] * 300 + ["b"] * 300, "value": vals, "status": "ok"})
    fig, ax = plt.subplots()
    plot_population(cells, 0.06, ax, observable="pSTAT3", time_min=30)
    fig.canvas.draw()
    lo, hi = ax.get_xlim()
    shown = [t.get_text() for t in ax.xaxis.get_majorticklabels() + ax.xaxis.get_minorticklabels()
             if t.get_text() and lo <= t.get_position()[0] <= hi]
    plt.close(fig)
    assert len(shown) >= 3, shown  # not just "10^-1" on a 1.5-decade axis
    assert ax.get_xlabel() == "pSTAT3 at 30 min per cell (fraction of total)"
    assert any("gate 0.06" in t.get_text() for t in ax.get_legend().get_texts())
