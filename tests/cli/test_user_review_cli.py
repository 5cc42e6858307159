"""Defects found by running the commands as a new user would (in-process, through cli.main.main)."""

import pytest

from il6sim.cli.main import main


def run(capsys, *argv):
    try:
        rc = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        rc = exc.code
    out, err = capsys.readouterr()
    return rc, out, err


def test_presets_cells_says_surface_and_units(capsys):
    rc, out, _ = run(capsys, "presets", "cells")
    assert rc == 0
    assert "surface of a resting cell" in out.splitlines()[0]
    assert "IL6_secretion=20 molecules/(cell*min)" in out
