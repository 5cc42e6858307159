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


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Under `pytest -n 2 --dist loadgroup` (make test), tests that share an expensive fixture run on one worker.

    Each module whose tests use a module-scoped fixture (a comparison, an export, a browser) becomes one
    xdist group, so the fixture is built once, not once per worker; a test that names its own xdist_group keeps
    it, and the other modules' tests spread over the workers one by one.

    pytest-xdist 3.8 tells the scheduler a test's group by appending "@group" to ``item._nodeid``, which pytest
    9.2 no longer reads (its node ids are structured: pytest-dev/pytest-xdist#1386), so every group was silently
    spread over both workers. After xdist's own hook, the suffixed id is copied into the id pytest reports.
    """
    for item in items:
        if any(True for _ in item.iter_markers("xdist_group")):
            continue
        defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        if any(d.scope == "module" for ds in defs.values() for d in ds):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
    result = yield
    for item in items:
        grouped = getattr(item, "_nodeid", None)
        if isinstance(grouped, str) and "@" in grouped and item.nodeid != grouped and hasattr(item, "_id"):
            from _pytest.nodeid import NodeId

            item._id = NodeId.parse(grouped)
    return result


_HELD_SWEEP = """
import os, sys, time
from il6sim.sweeps import execution
from il6sim.cli.main import main

held, gate = int(sys.argv[1]), sys.argv[2]
real_write, written = execution._write_parquet, []
def write_parquet(path, table):
    real_write(path, table)
    if path.parent.name == "parts":
        written.append(path)
        while len(written) == held and not os.path.exists(gate):
            time.sleep(0.01)  # held (with its lock) until the test opens the gate or stops the sweep
execution._write_parquet = write_parquet
sys.exit(main(["sweep", *sys.argv[3:], "--no-progress"]))
"""


@pytest.fixture
def start_held_sweep():
    """Start ``il6sim sweep SPEC -o OUT [ARGS]`` in a process that waits after writing its ``parts``-th chunk.

    It waits (holding its lock) until the file ``gate`` exists, so a test can act on a running sweep (start a
    second one, send a signal) without racing it to the end on a busy machine. Returns the ``Popen``; its
    standard output and error are pipes.
    """
    import subprocess
    import sys

    def start(spec, out, parts, gate, *args):
        return subprocess.Popen([sys.executable, "-c", _HELD_SWEEP, str(parts), str(gate), str(spec), "-o", str(out),
                                 *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    return start
