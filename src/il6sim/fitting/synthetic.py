"""A small synthetic calibration problem with known parameters (for tests and examples).

HepG2 cells, IL-6 10 ng/mL: pSTAT3 and SOCS3 mRNA at 9 times in two
"experiments" with different unknown scales, log-normal noise of known size.
Three parameters are estimated: ``K_SOCS3``, ``k_dephos_n``, ``k_int_complex``.

>>> prob, truth = synthetic_problem(seed=1)
>>> sorted(truth)
['K_SOCS3', 'k_dephos_n', 'k_int_complex']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..engine.simulator import Event, default_simulator
from .problem import CalibrationProblem, Condition, ObservableDef, fit_parameter

TRUTH = {"K_SOCS3": 0.15, "k_dephos_n": 0.2, "k_int_complex": 0.1}
TIMES = (0.0, 10.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0)
SCALES = {("exp1", "pSTAT3_blot"): 30.0, ("exp2", "pSTAT3_blot"): 7.0,
          ("exp1", "SOCS3_qpcr"): 500.0, ("exp2", "SOCS3_qpcr"): 80.0}


def synthetic_problem(seed: int = 0, noise: float = 0.1, truth: dict | None = None
                      ) -> tuple[CalibrationProblem, dict[str, float]]:
    """(problem, true values): data simulated at ``truth`` with log-normal noise ``noise`` (ln units)."""
    truth = dict(TRUTH if truth is None else truth)
    rng = np.random.default_rng(seed)
    cond = Condition("il6", (Event(0.0, "add", "IL6", 0.476),), {}, "IL-6 10 ng/mL at 0 min")
    tr = default_simulator().simulate(truth, cond.events, TIMES)
    model = {"pSTAT3_blot": tr.observable("pSTAT3"), "SOCS3_qpcr": tr.observable("SOCS3_mRNA")}
    rows = []
    for (exp, obs), s in SCALES.items():
        y = s * model[obs] * np.exp(noise * rng.standard_normal(len(TIMES)))
        rows += [{"condition": "il6", "time_min": t, "observable": obs, "value": v, "experiment": exp}
                 for t, v in zip(TIMES, y)]
    obsdefs = {"pSTAT3_blot": ObservableDef("pSTAT3_blot", "pSTAT3", "log", "experiment", 1.0, noise),
               "SOCS3_qpcr": ObservableDef("SOCS3_qpcr", "SOCS3_mRNA", "log", "experiment", 1.0, noise)}
    prob = CalibrationProblem("synthetic", pd.DataFrame(rows), {"il6": cond}, obsdefs,
                              tuple(fit_parameter(n) for n in truth), {},
                              {"truth": truth, "seed": seed, "noise": noise})
    return prob, truth
