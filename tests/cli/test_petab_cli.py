"""`il6sim export-petab` and reading PEtab problems back (`il6sim fit PROBLEM.yaml`): what the user sees."""

import logging
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "il6sim"


def run_bin(*args, cwd=None):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env,
                          timeout=300)


def test_export_petab_warns_in_one_il6sim_line_naming_the_readme(tmp_path):
    # the exporter's note about the constraints PEtab cannot carry was printed in logging's format,
    # 'WARNING il6sim.fitting.petab: ... (see the README)', unlike the command's other messages
    r = run_bin("export-petab", "--out", "pe", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [
        "il6sim: warning: PEtab v1 has no qualitative constraints: pSTAT3_still_rising_14_to_16_min not exported "
        f"(see {Path('pe') / 'README.md'}; `il6sim fit` on the original problem uses them)"]
    assert (tmp_path / "pe" / "README.md").is_file()


def test_warnings_of_libraries_keep_their_name_on_one_line():
    from il6sim.cli.main import _NoteFormatter

    fmt = _NoteFormatter("%(levelname)s %(name)s: %(message)s")

    def line(name, level, msg, exc=None):
        rec = logging.LogRecord(name, level, __file__, 1, msg, None, (type(exc), exc, None) if exc else None)
        return fmt.format(rec)

    assert line("petab.v1.lint", logging.WARNING, "Visualization table\nnot available") == \
        "il6sim: warning: petab.v1.lint: Visualization table not available"
    assert line("il6sim.x", logging.ERROR, "chain checkpoint unreadable", ValueError("bad\nbytes")) == \
        "il6sim: warning: chain checkpoint unreadable (bad bytes)"
    assert line("il6sim.x", logging.INFO, "simulating 3 groups") == "INFO il6sim.x: simulating 3 groups"
