"""Every command that writes files checks its output location first: one line, exit 2, nothing written.

The expensive work of each command is replaced by a function that fails the test, so a command that
starts working before it has checked where its results go fails here at once instead of after
minutes of fitting or simulation.
"""

import pytest

#: the function each command calls to do its work (module, attribute)
WORK = {
    "compare": [("il6sim.compare.comparison", "run_comparison")],
    "dose-response": [("il6sim.compare.pharmacology", "run_pharmacology")],
    "export-petab": [("il6sim.fitting.petab", "export_petab"), ("il6sim.fitting.petab", "optimal_scales")],
    "export-sbml": [("il6sim.io.sbml", "to_sbml")],
    "calibrate": [("il6sim.fitting.calibrate", "calibrate_hepg2")],
    "fit": [("il6sim.fitting.fit", "fit")],
    "profile": [("il6sim.fitting.fit", "fit"), ("il6sim.fitting.profile", "profiles")],
    "qpcr": [("il6sim.fitting.labdata", "qpcr_fold_change")],
    "densitometry": [("il6sim.fitting.labdata", "densitometry_ratios")],
    "run": [("il6sim.protocols", "run_protocol")],
    "sweep": [("il6sim.sweeps", "run_sweep")],
    "sensitivity": [("il6sim.sweeps.sensitivity", "run_sensitivity")],
    "population": [("il6sim.sweeps.population", "run_population")],
}


def command(name, out, inputs):
    """The argument list of ``name`` writing to ``out``."""
    return {
        "compare": ["compare", "--cells", "huvec", "--out", out],
        "dose-response": ["dose-response", "--out", out],
        "export-petab": ["export-petab", "--out", out],
        "calibrate": ["calibrate", "hepg2", "--quick", "--out", out],
        "fit": ["fit", "hepg2", "--starts", "1", "-o", out],
        "profile": ["profile", "hepg2", "--starts", "1", "-o", out],
        "qpcr": ["qpcr", inputs["qpcr"], "--reference", "GAPDH", "--control", "ctrl", "-o", out],
        "densitometry": ["densitometry", inputs["blot"], "--target", "pSTAT3", "--normalise-to", "STAT3",
                         "--control", "ctrl", "-o", out],
        "run": ["run", "seed:trans_huvec", "--out", out],
        "sweep": ["sweep", inputs["sweep"], "-o", out, "--scheduler", "serial"],
        "sensitivity": ["sensitivity", inputs["sensitivity"], "-o", out, "--scheduler", "serial"],
        "population": ["population", inputs["population"], "-o", out, "--scheduler", "serial"],
    }[name]


@pytest.fixture
def no_work(monkeypatch):
    import importlib

    def forbid(*a, **k):
        raise AssertionError("the command started its work before checking the output location")

    # import the package first: a module imported while these are patched would keep `forbid` for good
    import pkgutil

    import il6sim

    for m in pkgutil.walk_packages(il6sim.__path__, "il6sim."):
        importlib.import_module(m.name)
    for targets in WORK.values():
        for mod, attr in targets:
            monkeypatch.setattr(importlib.import_module(mod), attr, forbid)


DIR_COMMANDS = [c for c in WORK if c != "export-sbml"]

#: (case, how to build the path from tmp_path, expected words in the message)
DIR_CASES = {
    "existing_file": (lambda t: t / "afile", "exists and is not a directory"),
    "under_a_file": (lambda t: t / "afile" / "sub", "which is a file, not a directory"),
    "proc": (lambda t: "/proc/il6sim-x", "is under /proc, a kernel file system"),
    "sys": (lambda t: "/sys/il6sim-x", "is under /sys, a kernel file system"),
}


@pytest.mark.parametrize("case", list(DIR_CASES))
@pytest.mark.parametrize("name", DIR_COMMANDS)
def test_bad_output_folder_is_refused_before_any_work(name, case, tmp_path, inputs, cli, no_work, snapshot):
    (tmp_path / "afile").write_text("keep me\n")
    make, words = DIR_CASES[case]
    out = make(tmp_path)
    before = snapshot(tmp_path)
    code, stdout, err = cli(*command(name, out, inputs))
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("il6sim: error: --out: ") and words in lines[0], err
    assert snapshot(tmp_path) == before and (tmp_path / "afile").read_text() == "keep me\n"
    assert stdout == ""


FILE_CASES = {
    "directory": (lambda t: t, "is a directory; give a file name"),
    "under_a_file": (lambda t: t / "afile" / "model.xml", "which is a file, not a directory"),
    "missing_folder": (lambda t: t / "nowhere" / "model.xml", "does not exist"),
    "proc": (lambda t: "/proc/x.xml", "is under /proc"),
    "sys": (lambda t: "/sys/x.xml", "is under /sys"),
}


@pytest.mark.parametrize("case", list(FILE_CASES))
def test_export_sbml_bad_file_is_refused(case, tmp_path, cli, no_work, snapshot):
    (tmp_path / "afile").write_text("keep me\n")
    make, words = FILE_CASES[case]
    before = snapshot(tmp_path)
    code, stdout, err = cli("export-sbml", make(tmp_path))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("il6sim: error: FILE: ") and words in lines[0], err
    assert snapshot(tmp_path) == before and stdout == ""


def test_unwritable_folder_is_refused(tmp_path, inputs, cli, no_work, monkeypatch):
    """A folder the user may not write in (faked with os.access, since tests may run as root)."""
    import os

    ro = tmp_path / "ro"
    ro.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **k: False if os.fspath(p) == str(ro) else real(p, mode, **k))
    code, _, err = cli("run", "seed:trans_huvec", "--out", ro / "results")
    assert code == 2 and f"cannot write in '{ro}'" in err and len(err.strip().splitlines()) == 1
    assert list(ro.iterdir()) == []


def test_good_output_folder_passes_the_check(tmp_path, inputs, cli, monkeypatch):
    """The check does not refuse a fine new folder (the real command runs)."""
    code, _, err = cli(*command("qpcr", tmp_path / "new" / "deeper", inputs))
    assert code == 0, err
    assert (tmp_path / "new" / "deeper" / "qpcr_summary.csv").is_file()
