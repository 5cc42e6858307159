"""`il6sim COMMAND --help`: an example line for every command, counts shown as N, units on times."""

import shlex
from pathlib import Path

import pytest

from cli_run import run
from il6sim.cli.examples import EXAMPLES
from il6sim.cli.main import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[2]


def _argv(line: str) -> list[str]:
    """The example's arguments after `il6sim`, without its comment or shell redirection."""
    words = shlex.split(line.split("#", 1)[0].split(">", 1)[0])
    assert words[0] == "il6sim", line
    return words[1:]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_help_ends_with_an_example_that_parses(capsys, command):
    rc, out, err = run(capsys, command, "--help")
    assert rc == 0, err
    lines = EXAMPLES[command]
    assert out.rstrip().splitlines()[-len(lines):] == [f"  {line}" for line in lines], out
    for line in lines:
        argv = _argv(line)
        assert argv[0] == command, line
        build_parser(only=command).parse_args(argv)  # exits 2 on an option or value the command refuses
        for word in argv:
            if word.startswith("examples/"):
                assert (ROOT / word).is_file(), word


@pytest.mark.parametrize("command, shown", [
    ("fit", ["--starts N", "--max-iter N", "--workers N"]),
    ("profile", ["--steps N", "--starts N", "--max-iter N", "--workers N"]),
    ("calibrate", ["--starts N", "--max-iter N", "--workers N"]),
    ("sweep", ["--workers N", "--chunk-size N"]),
    ("sensitivity", ["--workers N", "--chunk-size N"]),
    ("population", ["--workers N", "--chunk-size N"]),
    ("serve", ["--workers N", "(default 60 s)"]),
    ("simulate", ["--cell PRESET", "see `il6sim presets cells`", "'50 ng/mL'", "writes no files"]),
    ("run", ["'V_medium=2 mL'", "use the first N ensemble members (2 to 100; default all)"]),  # as compare
    ("qpcr", ["--efficiency FACTOR", "Prints one row per condition and gene"]),
    ("densitometry", ["--background SIGNAL", "Prints one row per condition"]),
    ("dose-response", ["as a molar concentration and as ng/mL"]),
    ("presets", ["writes no files"]),
    ("model", ["writes no files"]),
])
def test_help_names_counts_units_and_output(capsys, command, shown, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one option per line, so each is matched whole
    rc, out, err = run(capsys, command, "--help")
    assert rc == 0, err
    assert all(s in out for s in shown), [s for s in shown if s not in out]


def test_compare_help_starts_with_what_it_does_and_needs_no_docstrings():
    # it began "il6sim compare: the seed's ...", and under python -OO (no docstrings) --help raised AttributeError
    import subprocess
    import sys

    helps = []
    for flags in ([], ["-OO"]):
        res = subprocess.run([sys.executable, *flags, "-c", "from il6sim.cli.main import main; main(['compare', '--help'])"],
                             capture_output=True, text=True, encoding="utf-8")
        assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
        assert "usage: il6sim compare" in res.stdout and "il6sim compare: " not in res.stdout
        helps.append(res.stdout)
    # capitalised as every command's description ('Run a virtual experiment: ...')
    assert "\n\nThe seed's classic-vs-trans table, computed from simulation and audited." in helps[0]
