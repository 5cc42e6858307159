"""docs/ARCHITECTURE.md names every module of the package, so a contributor finds each one there."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "il6sim"
#: packages whose modules the map lists by file (``engine/quiet.py``) or, for the others, by name
BY_FILE = ("", "model", "engine", "io", "protocols")
BY_NAME = ("readouts", "compare", "fitting", "sweeps", "report", "web")


def test_every_module_is_in_the_architecture_map():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = []
    for pkg in BY_FILE:
        for path in sorted((SRC / pkg).glob("*.py")):
            if path.name == "__init__.py":
                continue
            name = f"{pkg}/{path.name}" if pkg else path.name
            if not re.search(rf"(?<![\w/]){re.escape(name)}\b", text):
                missing.append(name)
    for pkg in BY_NAME:
        for path in sorted((SRC / pkg).glob("*.py")):
            if path.name != "__init__.py" and not re.search(rf"\b{path.stem}\b", text):
                missing.append(f"{pkg}/{path.name}")
    assert not missing, f"docs/ARCHITECTURE.md does not mention: {', '.join(missing)}"


def test_the_observables_line_lists_every_observable_under_its_unit():
    from il6sim import reference_model

    text = " ".join((ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").split())
    line = re.search(r"- Observables \(see `il6sim presets observables`\), by unit: (.*?\))\. ", text)
    assert line, "docs/ARCHITECTURE.md no longer lists the observables by unit"
    listed = {}
    for names, unit in re.findall(r"([^;()]+?) \(([^)]+)\)(?:;|$)", line.group(1)):
        for name in names.split(","):
            listed[name.strip()] = unit.split(":")[0]
    model = {name: o.unit for name, o in reference_model().observable_map.items()}
    assert listed == model
