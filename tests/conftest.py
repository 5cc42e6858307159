import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

# Property tests draw the same examples on every run (a suite that passes keeps passing); set
# IL6SIM_HYPOTHESIS_RANDOM=1 to explore new examples locally.
try:
    from hypothesis import settings as _hyp_settings

    _hyp_settings.register_profile("il6sim-fixed", derandomize=True, database=None)
    _hyp_settings.register_profile("il6sim-random")
    _hyp_settings.load_profile("il6sim-random" if os.environ.get("IL6SIM_HYPOTHESIS_RANDOM") else "il6sim-fixed")
except ImportError:  # hypothesis is a test dependency; without it the property tests do not collect anyway
    pass


@pytest.fixture(scope="session")
def sim():
    from il6sim.engine.simulator import default_simulator

    return default_simulator()


@pytest.fixture(scope="session")
def tight_sim():
    from il6sim.engine.simulator import Simulator, SolverOptions

    return Simulator(options=SolverOptions(rtol=1e-8, atol=1e-14))
