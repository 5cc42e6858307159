"""il6sim: an in-silico laboratory for IL-6 classic and trans-signalling.

The public API, smallest first::

    from il6sim import Simulator, Event, CellSpec, reference_model
    sim = Simulator()
    traj = sim.simulate(CellSpec.parse("huvec").resolve(),
                        [Event(0, "add", "IL6", 0.476), Event(0, "add", "sIL6R", 0.5)],
                        times=[0, 15, 30, 60])
    traj.observable("pSTAT3")      # numpy array, one value per time
    traj.to_frame(["pSTAT3"])      # pandas DataFrame: time_min, pSTAT3

A virtual experiment written with units, as in a protocol file::

    from il6sim import load_protocol, run_protocol
    res = run_protocol(load_protocol("seed:sgp130fc_inhibition"))   # or a path, or a dict
    res.table                      # group, observable, time_min, value, unit, fold_change

The workflows of the command line, each one call (docs/python-api.md shows them task by task)::

    parameter_set("calibrated")                      # the joint HepG2 + PHH fit: run_protocol(..., parameters=)
    run_with_uncertainty("seed:trans_huvec", n=20)   # 95 % prediction bands from its ensemble
    run_pharmacology(); cell_dose_response("hepg2")  # EC50 / IC50 curves (il6sim dose-response)
    run_comparison(["hepg2"])                        # the classic vs trans table (il6sim compare)
    run_sweep(spec); run_sensitivity(spec); run_population(spec)   # specs as dicts or YAML paths

Errors are :class:`InputError` (bad names, numbers or units; a ``ValueError``; a name missing
from a table such as ``PRESETS`` is its subclass :class:`UnknownNameError`, also a ``KeyError``) and
:class:`SolverError`; both derive from :class:`Il6simError`.
"""

from ._version import __version__  # noqa: F401 - the package version

#: public name -> module that defines it; imported on first use, so that ``import il6sim`` (and every
#: command of the CLI) loads only what it needs
_LAZY = {
    "Event": "engine.simulator", "Simulator": "engine.simulator", "SolverOptions": "engine.simulator",
    "Trajectory": "engine.simulator", "default_simulator": "engine.simulator",
    "Il6simError": "errors", "InputError": "errors", "SolverError": "errors", "UnitError": "errors",
    "UnknownNameError": "errors",
    "load_protocol": "protocols", "run_protocol": "protocols",
    "parameter_set": "fitting.ensemble", "run_with_uncertainty": "fitting.ensemble",
    "cell_dose_response": "compare.cell_dose_response", "run_comparison": "compare.comparison",
    "run_pharmacology": "compare.pharmacology",
    "run_population": "sweeps.population", "run_sensitivity": "sweeps.sensitivity", "run_sweep": "sweeps.sweep",
    "AGENTS": "model.agents", "find_agent": "model.agents",
    "PRESETS": "model.presets", "CellSpec": "model.presets",
    "reference_model": "model.reference",
    "to_minutes": "units", "to_nM": "units",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY))


__all__ = [
    "AGENTS", "CellSpec", "Event", "Il6simError", "InputError", "PRESETS", "Simulator", "SolverError",
    "SolverOptions", "Trajectory", "UnitError", "UnknownNameError", "cell_dose_response", "default_simulator",
    "find_agent", "load_protocol", "parameter_set", "reference_model", "run_comparison", "run_pharmacology",
    "run_population", "run_protocol", "run_sensitivity", "run_sweep", "run_with_uncertainty", "to_minutes", "to_nM",
]
