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
