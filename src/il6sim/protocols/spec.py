"""Protocol files: parse, validate and hold a virtual experiment.

A protocol is what a wet-lab user writes: a cell, a medium, optional serum
starvation, named groups (one condition each) made of timed steps, and the
readouts. ``t = 0`` is stimulation; negative times are pre-incubation.

The format (YAML, or the same structure as a dict)::

    name: sgp130Fc blocks IL-6 trans-signalling in HUVEC
    description: free text (optional)
    cell: huvec            # a preset; or {preset: huvec, IL6R_per_cell: 0,
                           #   gp130_per_cell: 8000, knockout: [SOCS3],
                           #   parameters: {name: value}}; or null/none (cell-free)
    medium: {volume: 1 mL, cells: 2e5}   # optional; defaults 1 mL, 2e5 cells
    serum_starvation: 4 h  # optional; recorded only (see below)
    groups:
      control: []
      inhibition:
        - {at: -45 min, add: sgp130Fc, dose: 500 ng/mL}
        - {at: 0 min, add: IL-6, dose: 10 ng/mL}
        - {at: 2 h, wash: true}          # replaces the medium
        - {at: 1 h, set: {k_deg_SOCS3: 0.08}}   # a parameter from then on
    readouts:              # optional; defaults below
      observables: [pSTAT3, pAkt, pERK, SOCS3_mRNA]
      times: [15 min, 30 min, 4 h, 24 h]
    notes: free text (optional)
    references: [free text, ...] (optional)

Semantics
---------
* Every group starts from the cell's unstimulated steady state, which holds
  until its first step.
* ``add``: an agent (case-insensitive name or alias, see ``il6sim presets
  agents``) at a dose in any concentration unit (pg/mL ... mg/mL, pM ... mM);
  mass concentrations are converted with the agent's molecular weight. Doses
  of the same agent add up (two steps of 5 ng/mL = one of 10 ng/mL).
* ``wash: true``: replaces the medium; every medium species (all agents,
  shed sIL-6R, complexes in the medium) goes to 0.
* ``set: {parameter: value}``: the parameter takes the value from that time
  on (canonical units: nM, min, L; see ``il6sim presets parameters``).
* A reading taken at the time of a step is taken after the step.
* ``serum_starvation`` is recorded in the protocol and its provenance but
  does not change the simulation: the model's resting state already
  represents serum-starved cells (no serum cytokines, no basal IL-6).
* ``medium.volume`` sets ``V_medium`` (L) and ``medium.cells`` sets
  ``N_cells``; the defaults are the model's (1 mL, 2e5 cells).

Limits (stated so that no input can stall or crash a run): all times lie
within +/- 30 days of stimulation; a dose is at most 10 mM; a file is at
most 1 MB.
"""

from __future__ import annotations

import json
import math
import numbers
import os
import reprlib
from collections.abc import Mapping as _MappingABC
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

from ..errors import InputError, Problem, UnitError

#: default readouts when a protocol gives none
DEFAULT_OBSERVABLES = ("pSTAT3", "pAkt", "pERK", "SOCS3_mRNA")
DEFAULT_TIMES_MIN = (15.0, 30.0, 60.0, 240.0, 1440.0)
#: every time (steps and readouts) must lie within this many minutes of t = 0
MAX_ABS_TIME_MIN = 30 * 1440.0
#: highest accepted dose (nM); 10 mM
MAX_DOSE_NM = 1e7
MAX_FILE_BYTES = 1_000_000

TOP_KEYS = ("name", "description", "cell", "medium", "serum_starvation", "groups", "readouts", "notes",
            "references")
MEDIUM_KEYS = ("volume", "cells")
READOUT_KEYS = ("observables", "times")
STEP_KEYS = ("at", "add", "dose", "wash", "set", "note")
CELL_KEYS = ("preset", "IL6R_per_cell", "gp130_per_cell", "knockout", "parameters")

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = 4
_short.maxdict = 4
_short.maxlevel = 2


def show(value: object) -> str:
    """A short, safe rendering of a user value for an error message."""
    if isinstance(value, str):
        return value if len(value) <= 60 else value[:57] + "..."
    try:
        return _short.repr(value)
    except Exception:  # pragma: no cover - exotic objects
        return f"<{type(value).__name__}>"


class FrozenMap(_MappingABC):
    """A small read-only, picklable mapping (insertion ordered)."""

    __slots__ = ("_d",)

    def __init__(self, data: Mapping | None = None) -> None:
        object.__setattr__(self, "_d", dict(data or {}))

    def __getitem__(self, key):
        return self._d[key]

    def __iter__(self) -> Iterator:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __repr__(self) -> str:
        return f"FrozenMap({self._d!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, _MappingABC) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash(tuple(self._d.items()))

    def __setattr__(self, key, value):  # pragma: no cover - immutability guard
        raise AttributeError("FrozenMap is read-only")

    def __reduce__(self):
        return (FrozenMap, (self._d,))


@dataclass(frozen=True)
class Step:
    """One step of a group, in canonical units.

    ``action`` is ``"add"`` (``agent``, ``species``, ``dose_nM``, ``dose_text``),
    ``"wash"``, or ``"set"`` (``parameter``, ``value``). ``at_min`` is relative
    to stimulation (min).
    """

    at_min: float
    action: str
    agent: str = ""
    species: str = ""
    dose_nM: float = 0.0
    dose_text: str = field(default="", compare=False)
    parameter: str = ""
    value: float = 0.0
    note: str = ""

    def event(self):
        """The engine :class:`~il6sim.engine.simulator.Event` for this step."""
        from ..engine.simulator import Event

        if self.action == "add":
            return Event(self.at_min, "add", self.species, self.dose_nM)
        if self.action == "set":
            return Event(self.at_min, "set", self.parameter, self.value)
        return Event(self.at_min, "wash")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"at": f"{self.at_min!r} min"}
        if self.action == "add":
            d.update({"add": self.agent, "dose": f"{self.dose_nM!r} nM"})
        elif self.action == "set":
            d["set"] = {self.parameter: self.value}
        else:
            d["wash"] = True
        if self.note:
            d["note"] = self.note
        return d

    def describe(self) -> str:
        if self.action == "add":
            return f"{self.at_min:g} min: add {self.agent} {self.dose_text or f'{self.dose_nM:.4g} nM'}"
        if self.action == "set":
            return f"{self.at_min:g} min: set {self.parameter} = {self.value:g}"
        return f"{self.at_min:g} min: wash"


def _rebuild_protocol(state: dict) -> "Protocol":
    from ..model.presets import CellSpec

    state = dict(state)
    state["cell"] = CellSpec.parse(state["cell"])
    return Protocol(**state)


@dataclass(frozen=True)
class Protocol:
    """A validated virtual experiment (immutable; canonical units).

    Build it with :func:`load_protocol`. Times are in min relative to
    stimulation, volumes in L, doses in nM.

    Examples
    --------
    >>> p = load_protocol("seed:trans_huvec")
    >>> sorted(p.groups)[:2]
    ['classic', 'control']
    >>> p.events("trans")[0].kind
    'add'
    """

    name: str
    cell: Any  # il6sim.model.presets.CellSpec
    groups: Mapping[str, tuple[Step, ...]]
    observables: tuple[str, ...]
    times_min: tuple[float, ...]
    medium_volume_L: float = 1e-3
    n_cells: float = 2e5
    serum_starvation_min: float | None = None
    description: str = ""
    notes: str = ""
    references: tuple[str, ...] = ()
    origin: str = field(default="<dict>", compare=False)
    source: Mapping[str, Any] = field(default_factory=FrozenMap, repr=False, compare=False)

    # CellSpec holds a mappingproxy, which can be neither pickled nor hashed; use its dict form.
    def __hash__(self) -> int:
        return hash(json.dumps(self.to_dict(), sort_keys=True, default=str))

    def __reduce__(self):
        state = {f: getattr(self, f) for f in self.__dataclass_fields__}
        state["cell"] = self.cell.to_dict()
        return (_rebuild_protocol, (state,))

    @property
    def cell_free(self) -> bool:
        return bool(self.cell.cell_free)

    @property
    def first_step_min(self) -> float:
        """Earliest step over all groups, or 0 (stimulation) if none is earlier."""
        return min([0.0] + [s.at_min for steps in self.groups.values() for s in steps])

    def events(self, group: str) -> list:
        """Engine events of one group, in time order (stable for equal times).

        >>> [e.kind for e in load_protocol("seed:sgp130fc_inhibition").events("inhibition")]
        ['add', 'add', 'add']
        """
        if group not in self.groups:
            raise InputError(f"unknown group {group!r} (groups: {', '.join(self.groups)})", f"Protocol {self.origin!r}")
        return [s.event() for s in sorted(self.groups[group], key=lambda s: s.at_min)]

    def parameters(self) -> dict[str, float]:
        """Parameter overrides for the engine: the cell's, then the medium's.

        >>> load_protocol("seed:trans_huvec").parameters()["IL6R_per_cell"]
        150.0
        """
        out = {k: float(v) for k, v in self.cell.resolve().items()}
        out["V_medium"] = self.medium_volume_L
        out["N_cells"] = self.n_cells
        return out

    def to_dict(self) -> dict[str, Any]:
        """A plain dict in canonical units that :func:`load_protocol` reads back to an equal protocol."""
        d: dict[str, Any] = {"name": self.name}
        if self.description:
            d["description"] = self.description
        d["cell"] = self.cell.to_dict()
        d["medium"] = {"volume": f"{self.medium_volume_L!r} L", "cells": self.n_cells}
        if self.serum_starvation_min is not None:
            d["serum_starvation"] = f"{self.serum_starvation_min!r} min"
        d["groups"] = {g: [s.to_dict() for s in steps] for g, steps in self.groups.items()}
        d["readouts"] = {"observables": list(self.observables), "times": [f"{t!r} min" for t in self.times_min]}
        if self.notes:
            d["notes"] = self.notes
        if self.references:
            d["references"] = list(self.references)
        return d

    def describe(self) -> str:
        """A few lines a person can read."""
        lines = [f"{self.name} (cell: {self.cell.label})"]
        for g, steps in self.groups.items():
            lines.append(f"  {g}: " + ("; ".join(s.describe() for s in steps) or "no treatment"))
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# bundled protocols
# ---------------------------------------------------------------------------

def _seed_dir() -> Path:
    return Path(__file__).resolve().parent / "seed"


def bundled_protocols() -> dict[str, str]:
    """Names and one-line descriptions of the bundled protocols (``seed:NAME``).

    >>> "trans_huvec" in bundled_protocols()
    True
    """
    out = {}
    for path in sorted(_seed_dir().glob("*.yaml")):
        try:
            data = _read_yaml(path, path.name)
            desc = str(data.get("name", path.stem))
        except InputError:  # pragma: no cover - bundled files are tested
            desc = "(unreadable)"
        out[path.stem] = desc
    return out


def bundled_protocol_text(name: str) -> str:
    """The YAML text of a bundled protocol (to copy and edit)."""
    path = _seed_dir() / f"{name}.yaml"
    if not _is_seed_name(name) or not path.is_file():
        raise InputError(f"unknown bundled protocol {show(name)!r} (known: {', '.join(bundled_protocols())})",
                         "seed")
    return path.read_text(encoding="utf-8")


def _is_seed_name(name: str) -> bool:
    return bool(name) and all(ch.isalnum() or ch in "_-" for ch in name)


# ---------------------------------------------------------------------------
# YAML reading
# ---------------------------------------------------------------------------

def _safe_loader():
    import yaml

    class _UniqueKeyLoader(yaml.SafeLoader):
        """SafeLoader that refuses duplicate keys (a second group of the same name would hide the first)."""

        def construct_mapping(self, node, deep=False):
            seen = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    hash(key)
                except TypeError:
                    continue  # the base class reports unhashable keys
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {show(key)!r} (first at line {seen[key] + 1})",
                        key_node.start_mark)
                seen[key] = key_node.start_mark.line
            return super().construct_mapping(node, deep=deep)

    return _UniqueKeyLoader


def _read_yaml(path: Path, label: str) -> Any:
    from ..io.files import load_yaml_file

    where = f"Protocol {label!r}"
    if not os.path.lexists(path):
        hint = (f"; did you mean seed:{path.stem}?" if path.stem in bundled_protocols() and path.suffix == ""
                else "")
        raise InputError("file not found (give a path to a YAML file, or seed:NAME; see `il6sim protocols`"
                         f"){hint}", where)
    data = load_yaml_file(path, where, limit=MAX_FILE_BYTES, what="protocol file")
    if data is None:
        raise InputError("file is empty (expected a mapping with at least 'cell' and 'groups')", where)
    if not isinstance(data, Mapping):
        raise InputError(f"expected a mapping of keys (name, cell, groups, readouts, ...), "
                         f"got a {type(data).__name__}", where)
    return data


# ---------------------------------------------------------------------------
# parsing helpers: each returns a value or records a Problem
# ---------------------------------------------------------------------------

def _is_real(v: object) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and type(v).__name__ != "bool_"


def _number(v: object) -> float | None:
    """A finite number from a number or a numeric string (YAML reads 2e5 as a string), else None."""
    if _is_real(v):
        f = float(v)
    elif isinstance(v, str) and len(v) < 64:
        try:
            f = float(v.strip().replace("_", ""))
        except ValueError:
            return None
    else:
        return None
    return f if math.isfinite(f) else None


class _Collector:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[Problem] = []

    def where(self, *parts: str) -> str:
        return ", ".join([f"Protocol {self.origin!r}", *[p for p in parts if p]])

    def add(self, where: str, message: str) -> None:
        if len(message) > 400:
            message = message[:397] + "..."
        self.problems.append(Problem(where, message))


def _time(value: object, what: str, where: str, col: _Collector) -> float | None:
    from ..units import to_minutes

    if value is None:
        col.add(where, f"{what}: missing time (write e.g. '30 min' or '2 h')")
        return None
    if _is_real(value) or (isinstance(value, str) and _number(value) is not None):
        ex = show(value) if _number(value) is not None else "30"
        col.add(where, f"{what}: time has no unit (got {show(value)}; write e.g. '{ex} min' or '2 h')")
        return None
    if not isinstance(value, str):
        col.add(where, f"{what}: expected a time such as '30 min' (got {show(value)})")
        return None
    try:
        t = to_minutes(value, what=what)
    except UnitError as exc:
        msg = str(exc).replace(f"'{value}'", f"'{show(value)}'")
        col.add(where, msg if msg.startswith(what) else f"{what}: {msg}")
        return None
    if abs(t) > MAX_ABS_TIME_MIN:
        col.add(where, f"{what}: {show(value)} is outside +/- 30 days of stimulation")
        return None
    return t


def _dose(value: object, agent, where: str, col: _Collector) -> tuple[float | None, str]:
    from ..units import quantity, to_nM

    if value is None:
        col.add(where, "missing dose (write e.g. dose: 10 ng/mL)")
        return None, ""
    if _is_real(value) or (isinstance(value, str) and _number(value) is not None):
        ex = show(value) if _number(value) is not None and _number(value) > 0 else "10"
        col.add(where, f"dose has no unit (got {show(value)}; write e.g. '{ex} ng/mL' or '{ex} nM')")
        return None, ""
    if not isinstance(value, str):
        col.add(where, f"dose must be a concentration such as '10 ng/mL' (got {show(value)})")
        return None, ""
    try:
        kind, magnitude, _ = quantity(value)
    except UnitError as exc:
        col.add(where, f"dose: {exc} (write e.g. '10 ng/mL' or '0.5 nM')".replace(f"'{value}'", f"'{show(value)}'"))
        return None, ""
    if kind not in ("molar", "mass_conc"):
        col.add(where, f"dose must be a concentration, e.g. ng/mL, pg/mL, ug/mL, pM, nM, uM (got {show(value)})")
        return None, ""
    if not magnitude > 0:
        col.add(where, f"dose must be > 0 (got {show(value)})")
        return None, ""
    if agent is None:
        return None, value
    try:
        nM = to_nM(value, agent.mw_g_per_mol)
    except UnitError as exc:
        col.add(where, str(exc) if str(exc).startswith("dose") else f"dose: {exc}")
        return None, ""
    if not nM > 0:
        col.add(where, f"dose must be > 0 (got {show(value)})")
        return None, ""
    if nM > MAX_DOSE_NM:
        col.add(where, f"dose {show(value)} of {agent.name} is {nM:.3g} nM, above the 10 mM limit")
        return None, ""
    return nM, value.strip()


def _parameter_values(obj: object, where: str, col: _Collector, what: str) -> dict[str, float]:
    """A mapping name -> number, checked against the model's free parameters."""
    from ..model.reference import reference_model

    pre = f"{what}: " if what else ""
    if obj is None:
        return {}
    if not isinstance(obj, Mapping):
        col.add(where, f"{pre}must be a mapping parameter: value (got {show(obj)})")
        return {}
    spec = reference_model()
    pmap = spec.parameter_map
    out: dict[str, float] = {}
    for k, v in obj.items():
        if not isinstance(k, str) or k not in pmap:
            close = _close(str(k), pmap)
            col.add(where, f"{pre}unknown parameter {show(k)!r}"
                    + (f" (did you mean {close}?)" if close else " (see `il6sim presets parameters`)"))
            continue
        if pmap[k].kind == "derived":
            col.add(where, f"{pre}parameter {k!r} is computed from others and cannot be set")
            continue
        num = _number(v)
        if num is None:
            col.add(where, f"{pre}parameter {k!r} must be a finite number in {pmap[k].unit} (got {show(v)})")
            continue
        if num < 0:
            col.add(where, f"{pre}parameter {k!r} must be >= 0 (got {show(v)})")
            continue
        out[k] = num
    return out


def _close(name: str, known) -> str:
    import difflib

    lower = {k.lower(): k for k in known}
    if name.lower() in lower:
        return repr(lower[name.lower()])
    m = difflib.get_close_matches(name, list(known), n=1)
    return repr(m[0]) if m else ""


def _cell(obj: object, col: _Collector):
    from ..model.presets import CellSpec, PRESETS

    where = col.where("cell")
    if obj is None or isinstance(obj, str):
        if isinstance(obj, str) and obj.strip().lower() not in PRESETS:
            col.add(where, f"unknown cell preset {show(obj)!r} (known: {', '.join(PRESETS)}; "
                           "or null for cell-free)")
            return None
        return CellSpec.parse(None if obj is None else obj.strip().lower())
    if not isinstance(obj, Mapping):
        col.add(where, f"expected a preset name or a mapping such as {{preset: huvec, knockout: [SOCS3]}} "
                       f"(got {show(obj)})")
        return None
    clean: dict[str, Any] = {}
    ok = True
    for k, v in obj.items():
        if k not in CELL_KEYS:
            col.add(where, f"unknown key {show(k)!r} (expected one of: {', '.join(CELL_KEYS)})")
            ok = False
        elif k == "preset":
            if not isinstance(v, str) or v.strip().lower() not in PRESETS:
                col.add(col.where("cell.preset"), f"unknown cell preset {show(v)!r} (known: {', '.join(PRESETS)})")
                ok = False
            else:
                clean[k] = v.strip().lower()
        elif k in ("IL6R_per_cell", "gp130_per_cell"):
            num = _number(v)
            if num is None or num < 0:
                col.add(col.where(f"cell.{k}"), f"must be a number of molecules per cell >= 0 (got {show(v)})")
                ok = False
            elif num > 1e5:
                col.add(col.where(f"cell.{k}"), f"must be <= 100000 molecules per cell (got {show(v)})")
                ok = False
            else:
                clean[k] = num
        elif k == "knockout":
            genes = [v] if isinstance(v, str) else v
            if genes is None:
                genes = []
            if not isinstance(genes, (list, tuple)) or not all(isinstance(g, str) for g in genes):
                col.add(col.where("cell.knockout"), f"must be a list of gene names such as [SOCS3] (got {show(v)})")
                ok = False
            else:
                from ..model.presets import KNOCKOUT_ALIASES

                bad = [g for g in genes if g.upper() not in KNOCKOUT_ALIASES]
                for g in bad:
                    col.add(col.where("cell.knockout"), f"unknown gene {show(g)!r} (known: "
                            f"{', '.join(sorted(set(KNOCKOUT_ALIASES.values())))})")
                ok = ok and not bad
                clean[k] = list(genes)
        elif k == "parameters":
            n = len(col.problems)
            clean[k] = _parameter_values(v, col.where("cell.parameters"), col, "")
            for name, key in (("V_medium", "volume"), ("N_cells", "cells")):
                if name in clean[k]:  # medium: overrides the cell's parameters; refuse rather than ignore
                    col.add(col.where("cell.parameters"), f"{name} belongs to the well, not the cell: write "
                                                          f"medium: {{{key}: ...}} instead")
            ok = ok and len(col.problems) == n
    if "preset" not in obj:
        col.add(where, "missing key 'preset' (e.g. {preset: huvec, knockout: [SOCS3]})")
        ok = False
    if not ok:
        return None
    try:
        return CellSpec.parse(clean, where=col.where("cell"))
    except InputError as exc:  # pragma: no cover - everything was checked above
        for p in exc.problems:
            col.add(p.where, p.message)
        return None


def _medium(obj: object, col: _Collector) -> tuple[float | None, float | None]:
    from ..model.reference import reference_model
    from ..units import to_litres

    if obj is None:
        return None, None
    where = col.where("medium")
    if not isinstance(obj, Mapping):
        col.add(where, f"expected a mapping such as {{volume: 1 mL, cells: 2e5}} (got {show(obj)})")
        return None, None
    pmap = reference_model().parameter_map
    for k in obj:
        if k not in MEDIUM_KEYS:
            col.add(where, f"unknown key {show(k)!r} (expected one of: {', '.join(MEDIUM_KEYS)})")
    vol = cells = None
    if "volume" in obj:
        v = obj["volume"]
        w = col.where("medium.volume")
        if _is_real(v) or (isinstance(v, str) and _number(v) is not None):
            col.add(w, f"volume has no unit (got {show(v)}; write e.g. '1 mL')")
        elif not isinstance(v, str):
            col.add(w, f"expected a volume such as '1 mL' (got {show(v)})")
        else:
            try:
                vol = to_litres(v, what="volume")
            except UnitError as exc:
                col.add(w, str(exc))
            else:
                p = pmap["V_medium"]
                if not (p.lower <= vol <= p.upper):
                    col.add(w, f"volume must lie between {p.lower * 1e3:g} mL and {p.upper * 1e3:g} mL "
                               f"(got {show(v)})")
                    vol = None
    if "cells" in obj:
        v = obj["cells"]
        w = col.where("medium.cells")
        text = v.replace("cells", "").replace("cell", "") if isinstance(v, str) else v
        num = _number(text)
        p = pmap["N_cells"]
        if num is None:
            col.add(w, f"expected a number of cells such as 2e5 (got {show(v)})")
        elif not (p.lower <= num <= p.upper):
            col.add(w, f"cells must lie between {p.lower:g} and {p.upper:g} (got {show(v)})")
        else:
            cells = num
    return vol, cells


def _step(obj: object, where: str, col: _Collector) -> Step | None:
    from ..model.agents import find_agent

    if not isinstance(obj, Mapping):
        col.add(where, f"expected a step such as {{at: 0 min, add: IL-6, dose: 10 ng/mL}} (got {show(obj)})")
        return None
    n0 = len(col.problems)
    for k in obj:
        if k not in STEP_KEYS:
            col.add(where, f"unknown key {show(k)!r} (expected one of: {', '.join(STEP_KEYS)})")
    actions = [k for k in ("add", "wash", "set") if k in obj]
    if "at" not in obj:
        col.add(where, "missing 'at' (the step's time relative to stimulation, e.g. 'at: -45 min')")
        at = None
    else:
        at = _time(obj["at"], "at", where, col)
    note = obj.get("note", "")
    if not isinstance(note, str):
        col.add(where, f"note must be text (got {show(note)})")
    if len(actions) != 1:
        col.add(where, "a step does exactly one of: add (with dose), wash, set "
                       f"(got {', '.join(actions) if actions else 'none of them'})")
        return None
    action = actions[0]
    if action != "add" and "dose" in obj:
        col.add(where, f"'dose' belongs to an 'add' step, not to '{action}'")
    if action == "add":
        agent = None
        try:
            agent = find_agent(obj["add"])
        except InputError:
            from ..model.agents import AGENTS

            col.add(where, f"unknown agent {show(obj['add'])!r} (known: {', '.join(AGENTS)}; "
                           "aliases: see `il6sim presets agents`)")
        nM, text = _dose(obj.get("dose"), agent, where, col)
        if len(col.problems) > n0 or agent is None or nM is None or at is None:
            return None
        return Step(at, "add", agent=agent.name, species=agent.species, dose_nM=nM, dose_text=text,
                    note=note if isinstance(note, str) else "")
    if action == "wash":
        if obj["wash"] is not True:
            col.add(where, f"wash must be true (got {show(obj['wash'])}; leave the step out to not wash)")
        if len(col.problems) > n0 or at is None:
            return None
        return Step(at, "wash", note=note if isinstance(note, str) else "")
    # set
    s = obj["set"]
    if not isinstance(s, Mapping) or len(s) != 1:
        col.add(where, f"set must be one mapping parameter: value, e.g. {{set: {{k_deg_SOCS3: 0.08}}}} (got {show(s)})")
        return None
    vals = _parameter_values(s, where, col, "set")
    if len(col.problems) > n0 or at is None or not vals:
        return None
    (k, v), = vals.items()
    from ..model.reference import reference_model

    why = reference_model().set_problem(k)
    if why:
        col.add(where, f"set: {why}")
        return None
    return Step(at, "set", parameter=k, value=v, note=note if isinstance(note, str) else "")


def _groups(obj: object, col: _Collector) -> dict[str, tuple[Step, ...]]:
    where = col.where("groups")
    if obj is None:
        col.add(where, "missing 'groups' (one condition each, e.g. groups: {control: [], "
                       "IL-6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]})")
        return {}
    if not isinstance(obj, Mapping):
        col.add(where, f"expected a mapping group name: list of steps (got {show(obj)})")
        return {}
    if not obj:
        col.add(where, "no groups (give at least one condition)")
        return {}
    out: dict[str, tuple[Step, ...]] = {}
    for name, steps in obj.items():
        gname = str(name)
        if not gname.strip() or len(gname) > 80:
            col.add(where, f"group name must be 1-80 characters (got {show(name)!r})")
            continue
        gw = col.where(f"group {gname!r}")
        if steps is None:
            steps = []
        if isinstance(steps, Mapping):
            steps = [steps]
        if not isinstance(steps, (list, tuple)):
            col.add(gw, f"expected a list of steps (got {show(steps)})")
            continue
        parsed = []
        for i, st in enumerate(steps, start=1):
            step = _step(st, col.where(f"group {gname!r}", f"step {i}"), col)
            if step is not None:
                parsed.append(step)
        out[gname] = tuple(parsed)
    return out


def _readouts(obj: object, cell_free: bool, col: _Collector) -> tuple[tuple[str, ...], tuple[float, ...]]:
    from ..model.reference import reference_model
    from ..model.spec import formula_symbols

    where = col.where("readouts")
    if obj is None:
        obj = {}
    if not isinstance(obj, Mapping):
        col.add(where, f"expected a mapping with 'observables' and 'times' (got {show(obj)})")
        return (), ()
    for k in obj:
        if k not in READOUT_KEYS:
            col.add(where, f"unknown key {show(k)!r} (expected one of: {', '.join(READOUT_KEYS)})")
    spec = reference_model()
    omap = spec.observable_map
    lower = {k.lower(): k for k in omap}
    smap = spec.species_map
    names = obj.get("observables", list(DEFAULT_OBSERVABLES))
    if isinstance(names, str):
        names = [names]
    observables: list[str] = []
    if not isinstance(names, (list, tuple)) or not names:
        col.add(col.where("readouts.observables"), f"expected a non-empty list of observables (got {show(names)})")
        names = []
    for n in names:
        key = lower.get(n.strip().lower()) if isinstance(n, str) else None
        if key is None:
            col.add(col.where("readouts.observables"),
                    f"unknown observable {show(n)!r} (known: {', '.join(omap)})")
            continue
        if cell_free and any(smap[s].compartment == "cell" for s in formula_symbols(omap[key].formula) if s in smap):
            col.add(col.where("readouts.observables"),
                    f"{key} is read from cells, but the protocol has no cells (cell: null); "
                    "read medium observables (free_IL6, sIL6R, IL6_sIL6R) or give a cell")
            continue
        if key not in observables:
            observables.append(key)
    times_in = obj.get("times", [f"{t:g} min" for t in DEFAULT_TIMES_MIN])
    if isinstance(times_in, str):
        times_in = [times_in]
    times: list[float] = []
    if not isinstance(times_in, (list, tuple)) or not times_in:
        col.add(col.where("readouts.times"), f"expected a non-empty list of times such as [15 min, 4 h] "
                                             f"(got {show(times_in)})")
        times_in = []
    for i, t in enumerate(times_in, start=1):
        v = _time(t, f"time {i}", col.where("readouts.times"), col)
        if v is not None:
            times.append(v)
    return tuple(observables), tuple(sorted(set(times)))


def _text(obj: Mapping, key: str, col: _Collector) -> str:
    v = obj.get(key, "")
    if v is None:
        return ""
    if not isinstance(v, str):
        col.add(col.where(key), f"must be text (got {show(v)})")
        return ""
    return v.strip()


# ---------------------------------------------------------------------------
# the entry point
# ---------------------------------------------------------------------------

def load_protocol(source: "str | os.PathLike | Mapping[str, Any] | Protocol", *, origin: str | None = None) -> Protocol:
    """Read and validate a protocol.

    Parameters
    ----------
    source
        A path to a YAML file, ``"seed:NAME"`` for a bundled protocol
        (see :func:`bundled_protocols`), a dict of the same structure, or a
        :class:`Protocol` (returned as is).
    origin
        How error messages name the protocol (default: the path, ``seed:NAME``,
        or the dict's ``name``).

    Returns
    -------
    Protocol
        Immutable, in canonical units.

    Raises
    ------
    InputError
        Listing *every* problem found, each with where (protocol, group, step),
        what was received and what is expected.

    Examples
    --------
    >>> p = load_protocol({"cell": "huvec", "groups": {"IL-6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
    ...                    "readouts": {"observables": ["pSTAT3"], "times": ["30 min"]}})
    >>> round(p.groups["IL-6"][0].dose_nM, 3)
    0.476
    """
    if isinstance(source, Protocol):
        return source
    if isinstance(source, Mapping):
        name_hint = source.get("name") if isinstance(source.get("name"), str) else None
        label = origin or (show(name_hint) if name_hint else "<dict>")
        data: Mapping = source
        default_name = name_hint or "protocol"
    elif isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        if isinstance(text, bytes):  # pragma: no cover - bytes paths
            text = text.decode(errors="replace")
        if text.startswith("seed:"):
            seed = text[5:].strip()
            label = origin or f"seed:{seed}"
            path = _seed_dir() / f"{seed}.yaml"
            if not _is_seed_name(seed) or not path.is_file():
                raise InputError(f"unknown bundled protocol {show(seed)!r} "
                                 f"(known: {', '.join(bundled_protocols())}; list them with `il6sim protocols`)",
                                 f"Protocol {label!r}")
        else:
            path = Path(text)
            label = origin or (text if len(text) <= 300 else "..." + text[-297:])
        data = _read_yaml(path, label)
        default_name = path.stem
    else:
        raise InputError(f"expected a path, 'seed:NAME' or a mapping (got {type(source).__name__})",
                         f"Protocol {origin or '<input>'!r}")
    return _parse(data, label, default_name)


def _model_defaults() -> dict[str, float]:
    from ..model.reference import reference_model

    return reference_model().default_values()


def _parse(data: Mapping, label: str, default_name: str) -> Protocol:
    col = _Collector(label)
    for k in data:
        if k not in TOP_KEYS:
            close = _close(str(k), TOP_KEYS)
            col.add(col.where(), f"unknown key {show(k)!r}" + (f" (did you mean {close}?)" if close else "")
                    + f" (expected: {', '.join(TOP_KEYS)})")
    name = _text(data, "name", col) or default_name
    description = _text(data, "description", col)
    notes = _text(data, "notes", col)
    refs = data.get("references", []) or []
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, (list, tuple)) or not all(isinstance(r, str) for r in refs):
        col.add(col.where("references"), f"must be a list of text entries (got {show(refs)})")
        refs = []
    if "cell" not in data:
        col.add(col.where(), "missing key 'cell' (a preset such as huvec, a mapping {preset: ..., knockout: [...]}, "
                             "or null for cell-free; see `il6sim presets cells`)")
        cell = None
    else:
        cell = _cell(data["cell"], col)
    volume, cells = _medium(data.get("medium"), col)
    defaults = _model_defaults()
    volume = defaults["V_medium"] if volume is None else volume
    cells = defaults["N_cells"] if cells is None else cells
    starve = None
    if data.get("serum_starvation") is not None:
        starve = _time(data["serum_starvation"], "duration", col.where("serum_starvation"), col)
        if starve is not None and starve < 0:
            col.add(col.where("serum_starvation"), f"must be >= 0 (got {show(data['serum_starvation'])})")
            starve = None
    groups = _groups(data.get("groups"), col)
    observables, times = _readouts(data.get("readouts"), bool(cell is not None and cell.cell_free), col)
    first = min([0.0] + [s.at_min for steps in groups.values() for s in steps])
    for t in times:
        if t < first:
            col.add(col.where("readouts.times"),
                    f"readout at {t:g} min is before the first step ({first:g} min); "
                    "read out at or after the first step")
    if cell is not None:
        # the engine checks the same; checking here keeps errors before any simulation
        from ..model.reference import reference_model

        for msg in reference_model().validate_values(cell.resolve()):
            col.add(col.where("cell"), msg)
    if col.problems:
        raise InputError(col.problems)
    try:
        source = json.loads(json.dumps(data, default=str))
    except (TypeError, ValueError, RecursionError):  # pragma: no cover - defensive
        source = {}
    return Protocol(
        name=name, cell=cell, groups=FrozenMap(groups), observables=observables, times_min=times,
        medium_volume_L=volume, n_cells=cells, serum_starvation_min=starve, description=description,
        notes=notes, references=tuple(refs), origin=label, source=FrozenMap(source))
