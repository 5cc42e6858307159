"""Protocols written back as YAML, laid out as the bundled protocols are.

Two writers share one layout (a step per line, short lists and plain mappings on one line, text over several
lines as a block):

* :func:`dump_layout`: any protocol mapping as given (the web editor's builder form);
* :func:`protocol_yaml`: a :class:`~il6sim.protocols.Protocol` as it ran (``il6sim run --out``'s
  ``protocol.yaml``). Each dose reads as it was written (``10 ng/mL``) with the concentration in nM that ran
  as a comment beside it; times are in min and the medium volume in mL, without float noise
  (``0 min``, not ``0.0 min``). Every value reads back to exactly the number that ran, so the file runs again
  to the same results.

>>> from il6sim.protocols import load_protocol
>>> text = protocol_yaml(load_protocol("seed:sgp130fc_inhibition"))
>>> "  - {at: 0 min, add: IL-6, dose: 10 ng/mL}  # 0.4762 nM" in text.splitlines()
True
"""

from __future__ import annotations

import math
import re
from typing import Any, Mapping

from ..errors import InputError

#: a list of plain values longer than this (characters) is written one item per line
ONE_LINE_CHARS = 90
#: line width of protocol.yaml: long text (a description) is folded there; a step is at most this long but
#: for a long note
WIDTH = 100


class _OneLine(dict):
    """A mapping written on one line: ``{at: 0 min, add: IL-6, dose: 10 ng/mL}``."""


class _OneLineList(list):
    """A list written on one line: ``[15 min, 30 min, 4 h]``."""


def _scalar(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def layout(obj: Any, in_list: bool = False) -> Any:
    """``obj`` marked for :func:`dump_layout`: steps (the mappings of a list) and lists or mappings of plain
    values on one line, as the bundled protocols are written; everything else in blocks."""
    if isinstance(obj, Mapping):
        inner = {k: layout(v) for k, v in obj.items()}
        flat = all(_scalar(v) or isinstance(v, _OneLine) for v in inner.values())
        return _OneLine(inner) if in_list or (flat and obj) else inner
    if isinstance(obj, list):
        if obj and all(_scalar(v) for v in obj) and sum(len(str(v)) + 2 for v in obj) <= ONE_LINE_CHARS:
            return _OneLineList(obj)
        return [layout(v, in_list=True) for v in obj]
    return obj


def yaml_dumper():
    """A safe YAML dumper that writes :func:`layout`'s marks and text over several lines as a block."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, s: str):
        # text over several lines (a description) as a block that keeps its lines, not one quoted run
        style = "|" if "\n" in s.rstrip("\n") and not any(ln != ln.rstrip() for ln in s.split("\n")) else (
            ">" if s.endswith("\n") and "\n" not in s.rstrip("\n") and s.strip() == s.rstrip("\n") else None)
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)

    Dumper.add_representer(str, text)
    Dumper.add_representer(_OneLine, lambda d, m: d.represent_mapping("tag:yaml.org,2002:map", m.items(),
                                                                      flow_style=True))
    Dumper.add_representer(_OneLineList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v,
                                                                           flow_style=True))
    return Dumper


def dump_layout(data: Mapping, width: float = 80) -> str:
    """A protocol mapping as YAML text in the bundled protocols' layout (keys in the order given)."""
    import yaml

    return yaml.dump(layout(dict(data)), Dumper=yaml_dumper(), sort_keys=False, allow_unicode=True, width=width)


def _number(x: float) -> str:
    """``x`` as the shortest text that reads back to the same float, without a trailing ``.0``."""
    x = float(x)
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _minutes(t: float) -> str:
    return f"{_number(t)} min"


def _volume(litres: float) -> str:
    """The medium volume in mL when that reads back to exactly ``litres``, else in L."""
    from ..units import to_litres

    text = f"{_number(litres * 1e3)} mL"
    try:
        if to_litres(text) == litres:
            return text
    except InputError:  # pragma: no cover - a number written here always reads
        pass
    return f"{_number(litres)} L"


def _dose(step) -> tuple[str, str]:
    """``(dose as written, comment)``: the text the protocol gave when it reads back to the dose that ran (the
    comment gives that dose in nM), else the dose in nM (no comment)."""
    from ..model.agents import find_agent
    from ..units import to_nM

    nM_text = f"{_number(step.dose_nM)} nM"
    if step.dose_text:
        try:
            same = to_nM(step.dose_text, find_agent(step.agent).mw_g_per_mol) == step.dose_nM
        except InputError:  # a text that no longer reads (edited by hand in Python): the nM value is written
            same = False
        if same:
            in_nM = re.fullmatch(r"\s*[-+0-9.eE]+\s*nM\s*", step.dose_text)  # already says the nM value
            return step.dose_text, "" if in_nM else f"{step.dose_nM:.4g} nM"
    return nM_text, ""


def written_form(protocol) -> tuple[dict[str, Any], list[str]]:
    """``(mapping, comments)``: the protocol as :func:`protocol_yaml` writes it (doses as written, times in
    min, volume in mL) and, for each step in order, the comment its line gets ('' for none)."""
    p = protocol
    d: dict[str, Any] = {"name": p.name}
    if p.description:
        d["description"] = p.description
    d["cell"] = p.cell.to_dict()
    cells = float(p.n_cells)
    d["medium"] = {"volume": _volume(p.medium_volume_L),
                   "cells": int(cells) if cells == int(cells) and abs(cells) < 1e15 else cells}
    if p.serum_starvation_min is not None:
        d["serum_starvation"] = _minutes(p.serum_starvation_min)
    groups: dict[str, list] = {}
    comments: list[str] = []
    for g, steps in p.groups.items():
        out = []
        for s in steps:
            # the step's own mapping (same keys, same order), with its time and dose as written
            step: dict[str, Any] = s.to_dict()
            step["at"] = _minutes(s.at_min)
            comment = ""
            if s.action == "add":
                step["dose"], comment = _dose(s)
                if s.premix_min:
                    step["premixed"] = _minutes(s.premix_min)
            out.append(step)
            comments.append(comment)
        groups[g] = out
    d["groups"] = groups
    d["readouts"] = {"observables": list(p.observables), "times": [_minutes(t) for t in p.times_min]}
    if p.notes:
        d["notes"] = p.notes
    if p.references:
        d["references"] = list(p.references)
    return d, comments


def protocol_yaml(protocol, header: str = "") -> str:
    """The protocol as it ran, as YAML text that :func:`~il6sim.protocols.load_protocol` reads back to an equal
    protocol (the same doses, times and volumes to the last digit), laid out as the bundled protocols are.

    Doses read as written, each with its concentration in nM as a comment; ``header`` (lines of text) opens the
    file as comments.
    """
    import yaml

    data, comments = written_form(protocol)
    text = dump_layout(data, width=WIDTH)
    lines = text.splitlines()
    in_groups, k, marked = False, 0, list(lines)
    for i, line in enumerate(lines):
        if line[:1].strip():  # a top-level key
            in_groups = line.startswith("groups:")
        elif in_groups and line.startswith("  - {"):
            end = i  # a step with a long note goes on over lines indented deeper; the comment follows its end
            while end + 1 < len(lines) and lines[end + 1].startswith("    ") and not lines[end].endswith("}"):
                end += 1
            if k < len(comments) and comments[k] and lines[end].endswith("}"):
                marked[end] = f"{lines[end]}  # {comments[k]}"
            k += 1
    commented = "\n".join(marked) + "\n"
    # the comments only where each step line was found, and never at the cost of what the file reads as
    try:
        same = k == len(comments) and yaml.safe_load(commented) == yaml.safe_load(text)
    except yaml.YAMLError:  # pragma: no cover - a comment after a closed flow mapping is always valid
        same = False
    if same:
        text = commented
    # a comment holds printable characters only (YAML refuses a stream with control characters)
    head = "".join(f"# {''.join(ch if ch.isprintable() else ' ' for ch in ln)}".rstrip() + "\n"
                   for ln in header.splitlines())
    return head + text
