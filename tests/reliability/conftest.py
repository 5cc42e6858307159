"""Shared fixtures of the reliability suite: small valid inputs and a way to run the CLI in-process."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

SWEEP_SPEC = """\
protocol: seed:trans_huvec
design:
  method: lhs
  n: 4
  seed: 1
  parameters:
    IL6R_per_cell: {dist: loguniform, low: 10, high: 5000}
readouts: {observables: [pSTAT3], times: [0, 30]}
"""

SENS_SPEC = """\
protocol: seed:trans_huvec
parameters:
  IL6R_per_cell: {dist: loguniform, low: 10, high: 5000}
  gp130_per_cell: {dist: loguniform, low: 1000, high: 30000}
readouts: {observables: [pSTAT3], times: [0, 30]}
sensitivity: {method: morris, n: 2, seed: 1, outputs: ['trans:pSTAT3:30']}
"""

POP_SPEC = """\
protocol: seed:trans_huvec
population: {n: 4, seed: 1, cv: {IL6R_per_cell: 0.3}}
readout: {observable: pSTAT3, time: 30}
"""

QPCR = """\
sample,condition,gene,ct
a,ctrl,GAPDH,18
a,ctrl,SOCS3,30
b,il6,GAPDH,18
b,il6,SOCS3,25
"""

BLOT = """\
sample,condition,target,signal
a,ctrl,pSTAT3,10
a,ctrl,STAT3,100
b,il6,pSTAT3,50
b,il6,STAT3,100
"""


@pytest.fixture
def inputs(tmp_path):
    """Valid input files in ``tmp_path/in`` (outputs go elsewhere); returns their paths by name."""
    d = tmp_path / "in"
    d.mkdir()
    files = {"sweep": SWEEP_SPEC, "sensitivity": SENS_SPEC, "population": POP_SPEC, "qpcr": QPCR, "blot": BLOT}
    paths = {}
    for name, text in files.items():
        p = d / (f"{name}.csv" if name in ("qpcr", "blot") else f"{name}.yaml")
        p.write_text(text)
        paths[name] = p
    return paths


def _snapshot(root):
    return sorted((str(p.relative_to(root)), p.stat().st_size if p.is_file() else -1) for p in root.rglob("*"))


@pytest.fixture
def snapshot():
    """``snapshot(root)``: every path under root with its size, to see that nothing was written."""
    return _snapshot


@pytest.fixture
def cli(capsys):
    """Run ``il6sim ARGS`` in this process; return (exit status, stdout, stderr)."""
    from il6sim.cli.main import main

    def run(*args):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse refuses an option with exit 2
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run
