"""il6sim: an in-silico laboratory for IL-6 classic and trans-signalling.

The public API, smallest first::

    from il6sim import Simulator, Event, CellSpec, reference_model
    sim = Simulator()
    traj = sim.simulate(CellSpec.parse("huvec").resolve(),
                        [Event(0, "add", "IL6", 0.476), Event(0, "add", "sIL6R", 0.5)],
                        times=[0, 15, 30, 60])
    traj.observable("pSTAT3")
"""

from ._version import __version__  # noqa: F401 - the package version
from .engine.simulator import Event, Simulator, SolverOptions, Trajectory, default_simulator
from .errors import Il6simError, InputError, SolverError
from .model.agents import AGENTS, find_agent
from .model.presets import PRESETS, CellSpec
from .model.reference import reference_model
from .units import to_minutes, to_nM

__all__ = [
    "AGENTS", "CellSpec", "Event", "Il6simError", "InputError", "PRESETS", "Simulator", "SolverError",
    "SolverOptions", "Trajectory", "default_simulator", "find_agent", "reference_model", "to_minutes", "to_nM",
]
