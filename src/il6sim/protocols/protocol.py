"""The protocol: one virtual experiment as immutable data in canonical units.

A :class:`Protocol` holds a cell, a medium, named groups of timed
:class:`Step` objects and the readouts. It is the one experiment type of
il6sim: protocol files (:mod:`il6sim.protocols.parse`), the comparison, the
dose-responses, ``il6sim simulate`` and sweeps all build one and run it
through :mod:`il6sim.protocols.runner`.
"""

from __future__ import annotations

import json
import math
import numbers
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

from ..engine.simulator import Event
from ..errors import InputError
from ..frozen import FrozenMap
from ..model.agents import find_agent
from ..model.presets import CellSpec
from ..model.reference import reference_model
from ..validate import did_you_mean

#: default readouts when a protocol gives none
DEFAULT_OBSERVABLES = ("pSTAT3", "pAkt", "pERK", "SOCS3_mRNA")
DEFAULT_TIMES_MIN = (15.0, 30.0, 60.0, 240.0, 1440.0)


@dataclass(frozen=True)
class Step:
    """One step of a group, in canonical units.

    ``action`` is ``"add"`` (``agent``, ``species``, ``dose_nM``, ``dose_text``),
    ``"wash"``, or ``"set"`` (``parameter``, ``value``). ``at_min`` is relative
    to stimulation (min). ``premix_min`` > 0: the agent was pre-incubated for
    that long with the other agents added at the same time with the same
    ``premix_min`` (one tube), at their final concentrations and without cells;
    :func:`il6sim.protocols.runner.group_events` computes what the tube holds.
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
    premix_min: float = 0.0

    @classmethod
    def adding(cls, agent: str, dose_nM: float, at_min: float = 0.0, *, dose_text: str = "",
               note: str = "") -> "Step":
        """An ``add`` step built in Python: ``agent`` (a name or alias) at ``dose_nM`` (nM) at ``at_min``.

        >>> Step.adding("IL-6", 0.476).species
        'IL6'
        """
        a = find_agent(agent)
        dose = _canonical(dose_nM, "dose_nM", "nM", f"to_nM(dose, {a.mw_g_per_mol:g})" if a.mw_g_per_mol else "to_nM")
        at = _canonical(at_min, "at_min", "min", "to_minutes")
        if not (math.isfinite(dose) and dose > 0):
            raise InputError(f"dose_nM must be a finite number > 0 (got {dose_nM!r}); for a group without "
                             f"{a.name}, leave the step out")
        if not math.isfinite(at):
            raise InputError(f"at_min must be a finite number of minutes from stimulation (got {at_min!r})")
        return cls(at, "add", agent=a.name, species=a.species, dose_nM=dose, dose_text=dose_text, note=note)

    def event(self) -> Event:
        """The engine :class:`~il6sim.engine.simulator.Event` for this step."""
        if self.action == "add":
            return Event(self.at_min, "add", self.species, self.dose_nM)
        if self.action == "set":
            return Event(self.at_min, "set", self.parameter, self.value)
        return Event(self.at_min, "wash")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"at": f"{self.at_min!r} min"}
        if self.action == "add":
            d.update({"add": self.agent, "dose": f"{self.dose_nM!r} nM"})
            if self.premix_min:
                d["premixed"] = f"{self.premix_min!r} min"
        elif self.action == "set":
            d["set"] = {self.parameter: self.value}
        else:
            d["wash"] = True
        if self.note:
            d["note"] = self.note
        return d

    def describe(self) -> str:
        if self.action == "add":
            pre = f" (premixed {self.premix_min:g} min)" if self.premix_min else ""
            return f"{self.at_min:g} min: add {self.agent} {self.dose_text or f'{self.dose_nM:.4g} nM'}{pre}"
        if self.action == "set":
            return f"{self.at_min:g} min: set {self.parameter} = {self.value:g}"
        return f"{self.at_min:g} min: wash"


def _canonical(value: object, name: str, unit: str, converter: str) -> float:
    """``value`` as a float in ``unit``, or an InputError naming the converter for text with a unit."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        example = "'10 ng/mL'" if unit == "nM" else "'2 h'"
        raise InputError(f"{name} is a number in {unit} (got {value!r}); convert text such as {example} "
                         f"with il6sim.units.{converter}")
    return float(value)


def _names(names: Iterable[str], first: int = 8) -> str:
    """``a, b, c`` for a few names; the first ``first`` and how many in all for more."""
    names = list(names)
    if len(names) <= first:
        return ", ".join(names)
    return f"{', '.join(names[:first])}, ... ({len(names)} in all)"


def _times(times_min: Sequence[float], first: int = 8) -> str:
    """``15, 30, 60 min`` for a few times; the range and how many for more."""
    if len(times_min) <= first:
        return ", ".join(f"{t:g}" for t in times_min) + " min"
    return f"{len(times_min)} times from {times_min[0]:g} to {times_min[-1]:g} min"


def _rebuild_protocol(state: dict) -> "Protocol":
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
    >>> from il6sim.protocols import load_protocol
    >>> p = load_protocol("seed:trans_huvec")
    >>> sorted(p.groups)[:2]
    ['classic', 'control']
    >>> p.events("trans")[0].kind
    'add'
    """

    name: str
    cell: CellSpec
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

    def __repr__(self) -> str:
        """One line: name, cell, groups and readouts; :meth:`describe` lists the steps, :meth:`to_dict` has it all.

        >>> from il6sim.protocols import load_protocol
        >>> load_protocol("seed:trans_huvec").with_groups(["control", "trans"])  # doctest: +ELLIPSIS
        <Protocol 'IL-6 trans-signalling (IL-6 + sIL-6R) in HUVEC': cell huvec; groups control, trans; pSTAT3, ...>
        """
        return (f"<Protocol {self.name!r}: cell {self.cell.label}; groups {_names(self.groups)}; "
                f"{_names(self.observables)} at {_times(self.times_min)}; .describe() for the steps, "
                ".to_dict() for all>")

    # CellSpec holds a mappingproxy, which can be neither pickled nor hashed; use its dict form.
    def __hash__(self) -> int:
        return hash(json.dumps(self.to_dict(), sort_keys=True, default=str))

    def __reduce__(self):
        state = {f: getattr(self, f) for f in self.__dataclass_fields__}
        state["cell"] = self.cell.to_dict()
        return (_rebuild_protocol, (state,))

    @property
    def cell_free(self) -> bool:
        """True when the cell is the cell-free preset (a mix in medium; cellular readouts are NaN)."""
        return bool(self.cell.cell_free)

    @property
    def first_step_min(self) -> float:
        """Earliest step over all groups, or 0 (stimulation) if none is earlier."""
        return min([0.0] + [s.at_min for steps in self.groups.values() for s in steps])

    @classmethod
    def build(cls, name: str, cell: Any, groups: Mapping[str, Iterable[Step]], *,
              observables: Sequence[str] = DEFAULT_OBSERVABLES, times_min: Iterable[float] = DEFAULT_TIMES_MIN,
              medium_volume_L: float | None = None, n_cells: float | None = None, description: str = "",
              origin: str | None = None) -> "Protocol":
        """A protocol built in Python from :class:`Step` objects (canonical units).

        ``cell`` is anything :meth:`CellSpec.parse` accepts; the medium defaults
        to the model's (1 mL, 2e5 cells). Comparison and dose-response build
        their experiments this way.

        >>> p = Protocol.build("one dose", "gp130_only", {"IL-6": [Step.adding("IL-6", 0.5)]},
        ...                    observables=["pSTAT3"], times_min=[30.0])
        >>> p.parameters()["IL6R_per_cell"], p.events("IL-6")[0].target
        (0.0, 'IL6')
        """
        where = f"Protocol {origin or name!r}"
        if isinstance(observables, str):
            observables = [observables]
        if isinstance(times_min, (str, numbers.Real)):
            raise InputError(f"times_min must be a list of numbers in min (got {times_min!r}); e.g. "
                             "times_min=[15.0, 30.0] (convert text such as '2 h' with il6sim.to_minutes)", where)
        if not isinstance(groups, Mapping):
            raise InputError(f"groups must be a mapping of group name to a list of steps, e.g. "
                             f"{{'IL-6': [Step.adding('IL-6', 0.5)]}} (got {type(groups).__name__})", where)
        steps_of: dict[str, tuple[Step, ...]] = {}
        for g, steps in groups.items():
            if isinstance(steps, Step):
                raise InputError(f"group {g!r}: got one Step; write a list: [Step.adding(...)]", where)
            steps = tuple(steps) if isinstance(steps, Iterable) and not isinstance(steps, (str, Mapping)) \
                else (steps,)
            bad = [x for x in steps if not isinstance(x, Step)]
            if bad:
                hint = ("; a step written with units, such as {'at': '0 min', 'add': 'IL-6', 'dose': '10 ng/mL'}, "
                        "belongs in a protocol mapping for load_protocol") if isinstance(bad[0], Mapping) else ""
                raise InputError(f"group {g!r}: expected a list of Steps such as [Step.adding('IL-6', 0.5)] (got "
                                 f"{type(bad[0]).__name__} {bad[0]!r:.60}){hint}", where)
            steps_of[g] = steps
        spec = reference_model()
        unknown = [o for o in observables if o not in spec.observable_map]
        if unknown:
            named = ", ".join(f"{o!r}{did_you_mean(o, spec.observable_map)}" for o in unknown)
            raise InputError(f"unknown observable(s) {named} (known: {', '.join(spec.observable_map)})",
                             f"{where}, readouts")
        defaults = spec.default_values()
        times = sorted({_canonical(t, "times_min", "min", "to_minutes") for t in times_min})
        return cls(name=name, cell=CellSpec.parse(cell), groups=FrozenMap(steps_of),
                   observables=tuple(observables), times_min=tuple(times),
                   medium_volume_L=defaults["V_medium"] if medium_volume_L is None else float(medium_volume_L),
                   n_cells=defaults["N_cells"] if n_cells is None else float(n_cells), description=description,
                   origin=origin or name)

    def with_cell(self, cell: Any) -> "Protocol":
        """The same experiment on another cell (anything :meth:`CellSpec.parse` accepts)."""
        return replace(self, cell=CellSpec.parse(cell, where=f"Protocol {self.origin!r}, cell"))

    def with_groups(self, names: Iterable[str]) -> "Protocol":
        """The protocol restricted to the groups ``names`` (in that order; one name may be given as text)."""
        names = [names] if isinstance(names, str) else list(names)
        unknown = [g for g in names if g not in self.groups]
        if unknown:
            named = ", ".join(f"{g!r}{did_you_mean(g, self.groups)}" for g in unknown)
            raise InputError(f"unknown group(s) {named} (groups: {', '.join(self.groups)})", f"Protocol {self.origin!r}")
        return replace(self, groups=FrozenMap({g: self.groups[g] for g in names}))

    @property
    def has_premix(self) -> bool:
        """Whether any group adds agents that were pre-incubated together (``premixed``)."""
        return any(s.premix_min > 0 for steps in self.groups.values() for s in steps)

    def events(self, group: str) -> list[Event]:
        """Engine events of one group, in time order (stable for equal times).

        Premixed agents appear here as plain additions of their doses; what a
        pre-incubated tube holds depends on the binding parameters, so the runner
        (:func:`il6sim.protocols.runner.group_events`) computes it.

        >>> from il6sim.protocols import load_protocol
        >>> [e.kind for e in load_protocol("seed:sgp130fc_inhibition").events("inhibition")]
        ['add', 'add', 'add']
        """
        if group not in self.groups:
            raise InputError(f"unknown group {group!r} (groups: {', '.join(self.groups)})", f"Protocol {self.origin!r}")
        return [s.event() for s in sorted(self.groups[group], key=lambda s: s.at_min)]

    def parameters(self) -> dict[str, float]:
        """Parameter overrides for the engine: the cell's, then the medium's.

        >>> from il6sim.protocols import load_protocol
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
