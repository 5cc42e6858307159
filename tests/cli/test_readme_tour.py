"""The quick commands of the README's tour run exactly as written (the long ones have their own tests)."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent / "il6sim"
#: commands whose own tests run them (calibration, fits, sweeps, the comparison) or that run until stopped
LONG = {"compare", "dose-response", "export-petab", "calibrate", "fit", "sweep", "sensitivity", "population",
        "serve"}


def tour_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## A short tour\n\n```sh\n(.*?)```", text, re.S).group(1)
    cmds = []
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("il6sim "):
            cmds.append(shlex.split(line))
    return cmds


def test_the_tour_is_found():
    names = [c[1] for c in tour_commands()]
    assert {"presets", "run", "qpcr", "densitometry", "serve"} <= set(names)


@pytest.mark.parametrize("cmd", [c for c in tour_commands() if c[1] not in LONG], ids=lambda c: " ".join(c[1:3]))
def test_tour_command_runs_verbatim(cmd, tmp_path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = dict(os.environ, MPLBACKEND="Agg")
    p = subprocess.run([str(BIN), *cmd[1:]], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() or list(tmp_path.iterdir()) != [tmp_path / "examples"]


def test_the_readme_keeps_its_sections_and_its_links_resolve():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    for needed in ("Two commands", "A short tour", "Web app", "Reliability", "The model", "Design",
                   "What the comparison finds", "Exports: SBML and PEtab for other tools", "Calibration",
                   "Benchmarks", "Data"):
        assert needed in headings, f"README lost its section {needed!r}"
    for ref in re.findall(r"\(see ([A-Z][\w ]+)\)", text):  # "(see Web app)" points at a section
        assert any(h.startswith(ref) for h in headings), ref
    for path in re.findall(r"\]\(((?:docs|examples)/[^)#\s]+)\)", text):
        assert (ROOT / path).exists(), path


@pytest.mark.parametrize("block", re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"),
                                             re.S))
def test_readme_python_examples_run(block, tmp_path):
    p = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True,
                       encoding="utf-8", env=dict(os.environ, MPLBACKEND="Agg"), timeout=300)
    assert p.returncode == 0, p.stderr


def test_what_the_tour_writes_into_the_clone_is_git_ignored():
    # band/, dr/, petab/, sweep/, sens/, pop/ and model.xml showed as untracked files after the tour
    import fnmatch

    written = set()
    for cmd in tour_commands():
        for flag in ("--out", "-o"):
            if flag in cmd:
                written.add(cmd[cmd.index(flag) + 1].rstrip("/"))
        if cmd[1] == "export-sbml":
            written.add(cmd[-1])
    assert {"band", "dr", "petab", "model.xml"} <= written
    rules = [r.strip() for r in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
             if r.strip() and not r.startswith("#")]

    def ignored(path):
        return any(fnmatch.fnmatch(path, r.strip("/")) or fnmatch.fnmatch(path + "/", r.lstrip("/"))
                   for r in rules)

    assert not [p for p in sorted(written) if not ignored(p)]


def _command_options():
    """{'run': {'--out', ...}, 'calibrate joint': {...}, ...}: the options of every command, from its parser."""
    import argparse

    from il6sim.cli.main import build_parser

    found = {}

    def walk(parser, name):
        found[name] = {o for a in parser._actions for o in a.option_strings}
        for a in parser._actions:
            if isinstance(a, argparse._SubParsersAction):
                for sub, p in a.choices.items():
                    walk(p, f"{name} {sub}".strip())

    walk(build_parser(), "")
    return found


def test_every_option_the_docs_name_is_one_the_command_has():
    # README.md and docs/*.md name command-line options in spans such as `il6sim compare --uncertainty
    # [--ensemble-size N]`; each must be an option of that command (or of the subcommand named), and every other
    # --option they mention must exist on some command or in a script of benchmarks/ or docs/experiments/
    options = _command_options()
    everywhere = set().union(*options.values())
    scripts = " ".join(p.read_text(encoding="utf-8") for d in ("benchmarks", "docs/experiments")
                       for p in (ROOT / d).glob("*.py"))
    wrong = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for n, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            for m in re.finditer(r"il6sim ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?([^`#;|)]*)", line):
                cmd = m.group(1) if m.group(1) in options else None
                if cmd is None:
                    continue
                if m.group(2) and f"{cmd} {m.group(2)}" in options:
                    cmd = f"{cmd} {m.group(2)}"
                own = options[cmd] | options[cmd.split()[0]]
                wrong += [f"{doc.name}:{n}: il6sim {cmd} has no {o}"
                          for o in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", m.group(3)) if o not in own]
            wrong += [f"{doc.name}:{n}: no command or script has {o}"
                      for o in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", line) if o not in everywhere
                      and o not in scripts]
    assert not wrong, "\n".join(wrong)
