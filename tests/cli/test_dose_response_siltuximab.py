"""`il6sim dose-response` includes siltuximab and prints micromolar as µM."""

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "il6sim"


def test_siltuximab_curves_and_micromolar_units():
    env = dict(os.environ, MPLBACKEND="Agg")
    p = subprocess.run([str(BIN), "dose-response"], capture_output=True, text=True, env=env, timeout=600)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert any(ln.startswith("siltuximab vs classic") for ln in lines)
    assert any(ln.startswith("siltuximab vs trans") and "binds IL-6" in ln for ln in lines)
    assert "µM" in p.stdout and " uM" not in p.stdout
