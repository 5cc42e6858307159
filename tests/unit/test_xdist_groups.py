"""`make test` runs the suite on two workers (`-n 2 --dist loadgroup`): a module's tests that share a module-scoped
fixture, and the tests of one xdist_group, must run on one worker, so the fixture is built once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("xdist")

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"

SHARED = """
import os
import pytest

@pytest.fixture(scope="module")
def shared():
    return "built once"

@pytest.mark.parametrize("i", range(6))
def test_uses_the_module_fixture(shared, i):
    with open(os.path.join(os.environ["WHERE"], f"shared-{i}"), "w") as f:
        f.write(os.environ["PYTEST_XDIST_WORKER"])
"""

MARKED = """
import os
import pytest

pytestmark = pytest.mark.xdist_group("named")

@pytest.mark.parametrize("i", range(6))
def test_in_a_named_group(i):
    with open(os.path.join(os.environ["WHERE"], f"named-{i}"), "w") as f:
        f.write(os.environ["PYTEST_XDIST_WORKER"])
"""

SPREAD = """
import time
import pytest

@pytest.mark.parametrize("i", range(12))
def test_free(i):
    time.sleep(0.05)
"""


def test_grouped_tests_run_on_one_worker(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not the project's settings
    (tmp_path / "conftest.py").write_text(CONFTEST.read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in (("test_shared.py", SHARED), ("test_marked.py", MARKED), ("test_spread.py", SPREAD)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    where = tmp_path / "where"
    where.mkdir()
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist",
                        "loadgroup", str(tmp_path)],
                       cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=300,
                       env={**os.environ, "WHERE": str(where)})
    assert r.returncode == 0, r.stdout + r.stderr
    for group in ("shared", "named"):
        workers = {f.read_text(encoding="utf-8") for f in where.glob(f"{group}-*")}
        assert len(list(where.glob(f"{group}-*"))) == 6 and len(workers) == 1, (group, workers)
