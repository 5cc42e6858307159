import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def sim():
    from il6sim.engine.simulator import default_simulator

    return default_simulator()


@pytest.fixture(scope="session")
def tight_sim():
    from il6sim.engine.simulator import Simulator, SolverOptions

    return Simulator(options=SolverOptions(rtol=1e-8, atol=1e-14))
