"""il6sim: an in-silico laboratory for IL-6 classic and trans-signalling.

The public API, smallest first::

    from il6sim import Simulator, Event, CellSpec, reference_model
    sim = Simulator()
    traj = sim.simulate(CellSpec.parse("huvec").resolve(),
                        [Event(0, "add", "IL6", 0.476), Event(0, "add", "sIL6R", 0.5)],
                        times=[0, 15, 30, 60])
    traj.observable("pSTAT3")
"""

__version__ = "0.1.0"

from .engine.simulator import Event, Simulator, SolverOptions, Trajectory, default_simulator  # noqa: E402
from .errors import Il6simError, InputError, SolverError  # noqa: E402
from .model.agents import AGENTS, find_agent  # noqa: E402
from .model.presets import PRESETS, CellSpec  # noqa: E402
from .model.reference import reference_model  # noqa: E402
from .units import to_minutes, to_nM  # noqa: E402

__all__ = [
    "AGENTS", "CellSpec", "Event", "Il6simError", "InputError", "PRESETS", "Simulator", "SolverError",
    "SolverOptions", "Trajectory", "default_simulator", "find_agent", "reference_model", "to_minutes", "to_nM",
]
