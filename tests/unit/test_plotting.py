"""Figures are drawn without a window, and a backend that needs none is kept."""

import os
import subprocess
import sys

import pytest

_SCRIPT = "from il6sim.plotting import pyplot; print(pyplot().get_backend().lower())"


@pytest.mark.parametrize("backend, expected", [("svg", "svg"), ("pdf", "pdf"), ("agg", "agg"),
                                               ("TkAgg", "agg"), ("QtAgg", "agg")])
def test_pyplot_keeps_a_headless_backend_and_leaves_a_gui_one(backend, expected):
    env = {**os.environ, "MPLBACKEND": backend}
    env.pop("DISPLAY", None)
    out = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected
