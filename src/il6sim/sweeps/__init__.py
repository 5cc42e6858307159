"""Sweeps, global sensitivity and virtual cell populations, serially or on Dask.

>>> from il6sim.sweeps import run_sweep
>>> res = run_sweep({"protocol": "seed:trans_huvec", "readouts": {"observables": ["pSTAT3"], "metrics": ["auc"]},
...                  "design": {"method": "sobol", "n": 8, "seed": 1,
...                             "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}}}},
...                 scheduler="serial")
>>> res.n_runs, res.n_failed
(8, 0)

Public names: :func:`run_sweep`, :func:`load_sweep_spec`, :class:`Design`,
:class:`SweepResult`, :func:`select`; :func:`run_sensitivity`,
:func:`load_sensitivity_spec`, :func:`sobol_indices`, :func:`morris_indices`,
:func:`plot_indices`; :func:`run_population`, :func:`load_population_spec`,
:func:`plot_population`.
"""

from .design import Design, ParameterDist
from .execution import SweepResult, execute
from .population import load_population_spec, plot_population, run_population
from .readouts import select
from .sensitivity import load_sensitivity_spec, morris_indices, plot_indices, run_sensitivity, sobol_indices
from .spec import SweepSpec, load_sweep_spec
from .sweep import run_sweep

__all__ = [
    "Design", "ParameterDist", "SweepResult", "SweepSpec", "execute", "load_population_spec",
    "load_sensitivity_spec", "load_sweep_spec", "morris_indices", "plot_indices", "plot_population",
    "run_population", "run_sensitivity", "run_sweep", "select", "sobol_indices",
]
