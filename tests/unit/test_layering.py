"""Dependencies between il6sim's subpackages point inward, and there is no cycle among them.

Every import is read from the source (module level and inside functions alike), so an import
that is only made lazily counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "il6sim"

#: the core (what the biology is and how it runs) and what it must never import
CORE = ("model", "engine", "units", "errors", "validate", "diskcache", "frozen")
OUTER = ("cli", "web", "report", "compare", "fitting", "sweeps", "protocols", "readouts")


def _unit(module: str) -> str | None:
    """The subpackage (or top-level module) of ``il6sim`` that ``module`` names; None outside il6sim."""
    parts = module.split(".")
    if parts[0] != "il6sim":
        return None
    return parts[1] if len(parts) > 1 else ""


def _imports() -> dict[tuple[str, str], list[str]]:
    """(importing unit, imported unit) -> the places ('file:line') where one imports the other."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts)
        package = module.removesuffix(".__init__") if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        src = _unit(module.removesuffix(".__init__"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                # `from il6sim import x` / `from .. import x` imports the named submodules
                targets = [f"{target}.{a.name}" for a in node.names] if target == "il6sim" else [target]
            else:
                continue
            for target in targets:
                dst = _unit(target)
                if dst is not None and dst not in (src, "", "_version", "__version__"):
                    edges.setdefault((src, dst), []).append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return edges


def test_the_import_reader_sees_imports():
    edges = _imports()
    assert ("engine", "model") in edges and ("cli", "protocols") in edges and ("units", "errors") in edges


@pytest.mark.parametrize("core", CORE)
def test_the_core_imports_no_outer_layer(core):
    bad = {f"{core} -> {dst}": places for (src, dst), places in _imports().items() if src == core and dst in OUTER}
    assert not bad, f"the core must not import outer layers; move the helper inward or pass the value in: {bad}"


def test_only_the_cli_imports_the_cli_and_nothing_imports_the_web_app_but_the_cli():
    bad = {f"{src} -> {dst}": places for (src, dst), places in _imports().items()
           if (dst == "cli" and src != "cli") or (dst == "web" and src not in ("web", "cli"))}
    assert not bad, f"the command line and the web app are outermost; nothing else imports them: {bad}"


def test_no_import_cycle_between_subpackages():
    edges = _imports()
    graph: dict[str, set[str]] = {}
    for src, dst in edges:
        graph.setdefault(src, set()).add(dst)

    def path_back(start: str) -> list[str] | None:
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    return trail + [start]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + [nxt]))
        return None

    cycles = [c for c in (path_back(n) for n in sorted(graph)) if c]
    assert not cycles, "import cycles between subpackages: " + "; ".join(
        " -> ".join(c) + " (" + ", ".join(edges[(a, b)][0] for a, b in zip(c, c[1:])) + ")" for c in cycles)
