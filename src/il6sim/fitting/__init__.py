"""Calibration: data, PEtab, objectives, multi-start fits, profiles, lab-data helpers.

A notebook needs these names::

    from il6sim.fitting import hepg2_problem, fit, FitOptions, Objective, profiles
    prob = hepg2_problem("training")              # or load_problem("my_fit.yaml" / "petab/problem.yaml")
    res = fit(prob, FitOptions(n_starts=20, seed=0, workers=2))
    res.values                                     # best parameters
    profiles(Objective(prob), res.x, ["K_SOCS3"])  # what the data determine

Lab data: ``qpcr_fold_change`` (ddCt) and ``densitometry_ratios`` (blots).
PEtab: ``il6sim.fitting.petab.export_petab`` / ``read_petab`` (files: ``il6sim.io.petab``).
"""

from .calibrate import calibrate_hepg2, load_packaged_calibration, save_fit
from .conditions import conditions_from_protocol
from .fit import FitOptions, FitResult, fit
from .hepg2 import biology_checks, hepg2_problem
from .labdata import densitometry_ratios, qpcr_fold_change
from .objective import Objective, error_summary
from .problem import CalibrationProblem, Condition, FitParameter, ObservableDef, fit_parameter, load_problem
from .profile import Profile, profile_parameter, profiles

__all__ = [
    "CalibrationProblem", "Condition", "FitOptions", "FitParameter", "FitResult", "Objective", "ObservableDef",
    "Profile", "biology_checks", "calibrate_hepg2", "conditions_from_protocol", "densitometry_ratios",
    "error_summary", "fit", "fit_parameter", "hepg2_problem", "load_packaged_calibration", "load_problem", "profile_parameter", "profiles",
    "qpcr_fold_change", "save_fit",
]
