"""Sweep specifications (YAML): a protocol, a design, readouts and how to execute.

::

    protocol: seed:trans_huvec          # or a path to a protocol YAML, or an inline mapping
    design:
      method: lhs                       # grid | lhs | sobol | random
      n: 1000                           # (grid: levels: 5)
      seed: 1
      parameters:
        IL6R_per_cell: {dist: loguniform, low: 10, high: 5000}
        gp130_per_cell: {dist: lognormal, cv: 0.3}   # median: the protocol's value
        K_SOCS3: {}                                  # bounds from the parameter table
    fixed: {STAT3_per_cell: 4e5}            # optional: parameters held at other values
    readouts:
      observables: [pSTAT3]             # default: the protocol's
      times: [0 min, 15 min, 30 min, 1 h, 2 h, 4 h]   # default: the protocol's
      metrics: [peak, auc]              # computed over the readout times
      metric_step: 15 min               # optional: a finer grid for the metrics
    execution: {scheduler: auto, workers: 2, chunk_size: 200}

The protocol is a real :class:`~il6sim.protocols.Protocol` (loaded by
:func:`~il6sim.protocols.load_protocol`); the design varies its parameters.
Times carry their units, as in protocols (:mod:`il6sim.validate`); design
values and ``fixed`` are parameter values (number in the parameter's unit, or
a quantity with a unit). Every problem in the file is reported at once, as
:class:`InputError`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from ..engine.simulator import Simulator, default_simulator
from ..errors import InputError, Problem
from ..model.overrides import parse_parameter_values
from ..model.reference import reference_model
from ..protocols import Protocol, load_protocol
from ..protocols.parse import MAX_ABS_TIME_MIN
from ..validate import (check_keys, did_you_mean, misspelt, other_kind, parse_time, parse_times, refuse_repeats, show,
                        whole_number)
from .design import Design
from .execution import check_scheduler
from .plan import METRICS, RunPlan, register_simulator

DEFAULT_METRICS = ("peak", "time_to_peak", "auc")
#: what an empty ``protocol:`` is told
EMPTY_PROTOCOL = "empty: name a protocol file or seed:NAME"
#: most points of one run's metric grid (``metric_step``): the solver stops at every one of them
MAX_METRIC_POINTS = 10_000


@dataclass(frozen=True)
class Readouts:
    """Observables read at ``times`` (min), and metrics of each time course.

    Metrics (:func:`il6sim.readouts.metrics.time_course_metrics`) are computed
    on the rest time (the protocol's first step, usually 0 min) followed by the
    readout times, or, with ``metric_step``, on a grid of that step (min) from
    the rest time to the last readout time plus the readout times: AUCs are
    trapezoids over those points, so a finer grid gives finer metrics.
    """

    observables: tuple[str, ...]
    times: tuple[float, ...]
    metrics: tuple[str, ...] = DEFAULT_METRICS
    metric_step: float | None = None

    def metric_times(self, rest_min: float) -> tuple[float, ...]:
        end = max(self.times)
        pts = {float(t) for t in self.times if t >= rest_min} | {float(rest_min)}
        if self.metric_step:
            pts |= set(np.arange(rest_min, end + 1e-9, self.metric_step).tolist())
        return tuple(sorted(pts))


@dataclass(frozen=True)
class Execution:
    scheduler: str = "auto"
    workers: int = 2
    chunk_size: int = 200


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep: protocol, design, fixed parameters, readouts, execution."""

    protocol: Protocol
    design: Design | None
    readouts: Readouts
    execution: Execution
    fixed: Mapping[str, float] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)
    origin: str | None = None

    def run_plan(self, names: tuple[str, ...] | None = None, simulator=None, groups=None) -> RunPlan:
        """The plan a worker runs (design parameter ``names``; default: the design's; ``groups``: a subset)."""
        if simulator is not None and not isinstance(simulator, Simulator):
            raise InputError("simulator must be an il6sim.Simulator, e.g. "
                             "Simulator(options=SolverOptions(rtol=1e-8)), or None for the default one "
                             f"(got {type(simulator).__name__} {simulator!r:.40})")
        ref = register_simulator(simulator or default_simulator())
        protocol = self.protocol if groups is None else self.protocol.with_groups(groups)
        plan = RunPlan.of(
            protocol, ref, names=names if names is not None else self.design.names, base=self.fixed,
            times=self.readouts.times, observables=self.readouts.observables, metrics=self.readouts.metrics,
            metric_times=self.readouts.metric_times(protocol.first_step_min) if self.readouts.metrics else (),
        )
        plan.check()
        return plan


def load_yaml(source: str | os.PathLike | Mapping, where: str = "spec") -> tuple[dict, str | None]:
    """Read a YAML mapping (safe_load) or take a mapping; return (mapping, origin path)."""
    if isinstance(source, Mapping):
        return dict(source), None
    if not isinstance(source, (str, os.PathLike)):
        raise InputError(f"expected the path of a spec YAML or a mapping (protocol:, design:, readouts:, ...) "
                         f"(got {type(source).__name__})", where)
    from ..io.files import load_yaml_file

    path = Path(source)
    if not os.path.lexists(path):
        raise InputError("spec file not found (give the path of a spec YAML, as examples/sweep_receptors.yaml, "
                         "sweep_sensitivity.yaml or sweep_population.yaml; a relative path is read from the folder "
                         "the command runs in)", str(path))
    obj = load_yaml_file(path, str(path), what="spec file")
    if not isinstance(obj, Mapping):
        raise InputError("the file must hold a mapping (protocol:, design:, readouts:, ...)", str(path))
    return dict(obj), str(path)


def _str_list(v: Any, where: str, problems: list[Problem]) -> tuple[str, ...] | None:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, (list, tuple)) or not all(isinstance(x, str) for x in v):
        problems.append(Problem(where, f"must be a list of names (got {v!r})"))
        return None
    return tuple(v)


def parse_protocol(obj: Mapping, origin: str | None, problems: list[Problem],
                   allowed: tuple[str, ...] = ()) -> Protocol | None:
    """The spec's protocol (``allowed``: the spec's keys, to tell a misspelt 'protocol' from a missing one)."""
    src = obj.get("protocol")
    if src is None and "protocol" not in obj and misspelt(obj, "protocol", allowed):
        return None  # 'protocl:' is said once, by its unknown key's line
    if src is None:
        problems.append(Problem("protocol", "missing: name a protocol, e.g. 'protocol: seed:trans_huvec'"))
        return None
    return load_base_protocol(src, origin, problems)


def load_base_protocol(src: Any, origin: str | None, problems: list[Problem]) -> Protocol | None:
    """The protocol a spec's ``protocol:`` names; None, with what is wrong added to ``problems``.

    ``src`` is ``seed:NAME``, a path (relative to the folder of the spec file ``origin``), a mapping or a
    :class:`~il6sim.protocols.Protocol`.
    """
    if isinstance(src, str) and not src.strip():  # joined to the spec's folder, it named that folder
        problems.append(Problem("protocol", f"{EMPTY_PROTOCOL}, e.g. 'protocol: seed:trans_huvec'"))
        return None
    if isinstance(src, str) and not src.startswith("seed:") and origin is not None:
        p = Path(src)
        if not p.is_absolute():
            src = str(Path(origin).parent / p)
    label = f"{origin or 'spec'}: protocol" if isinstance(src, Mapping) else None
    try:
        return load_protocol(src, origin=label)
    except InputError as exc:
        problems += [Problem(p.where or "protocol", p.message) for p in exc.problems]
        return None


def parse_readouts(obj: Any, proto: Protocol | None, problems: list[Problem], where: str = "readouts") -> Readouts | None:
    if obj is None:
        obj = {}
    if not isinstance(obj, Mapping):
        problems.append(Problem(where, f"expected a mapping with observables, times, metrics (got {obj!r})"))
        return None
    check_keys(obj, ("observables", "times", "metrics", "metric_step"), where, problems)
    step = None
    if obj.get("metric_step") is not None:
        step = parse_time(obj["metric_step"], "metric_step", f"{where}.metric_step", problems)
        if step is not None and step <= 0:
            problems.append(Problem(f"{where}.metric_step", f"must be a positive time (got {show(obj['metric_step'])})"))
            step = None
    n0 = len(problems)
    obs = _str_list(obj["observables"], f"{where}.observables", problems) if "observables" in obj else (
        proto.observables if proto else None)
    times = (parse_times(obj["times"], f"{where}.times", problems, example="[15 min, 30 min, 4 h]",
                         max_abs_min=MAX_ABS_TIME_MIN) if "times" in obj
             else (proto.times_min if proto else None))
    if step is not None and times:
        rest = proto.first_step_min if proto is not None else min(0.0, min(times))
        points = (max(times) - rest) / step
        if points > MAX_METRIC_POINTS:
            problems.append(Problem(f"{where}.metric_step", f"{show(obj['metric_step'])} makes {points:,.0f} metric "
                                    f"points from {rest:g} to {max(times):g} min, more than the limit of "
                                    f"{MAX_METRIC_POINTS:,}; use a step of at least "
                                    f"{(max(times) - rest) / MAX_METRIC_POINTS:.3g} min"))
            step = None
    metrics = _str_list(obj["metrics"], f"{where}.metrics", problems) if "metrics" in obj else DEFAULT_METRICS
    if obs is not None:
        known = reference_model().observable_map
        for o in obs:
            if o not in known:
                problems.append(Problem(f"{where}.observables", f"unknown observable '{o}'{did_you_mean(o, known)} "
                                                                f"(known: {', '.join(known)})"))
        if not obs:
            problems.append(Problem(f"{where}.observables", "name at least one observable"))
    if metrics is not None:
        for m in metrics:
            if m not in METRICS:
                problems.append(Problem(f"{where}.metrics", f"unknown metric '{m}'{did_you_mean(m, METRICS)} "
                                                            f"(known: {', '.join(METRICS)})"))
    if obs is not None and "observables" in obj:
        refuse_repeats(obs, f"{where}.observables", "observable", problems)
    if metrics is not None:
        refuse_repeats(metrics, f"{where}.metrics", "metric", problems)
    if len(problems) > n0 or obs is None or times is None or metrics is None:
        return None
    readouts = Readouts(tuple(obs), tuple(times), tuple(metrics), float(step) if step else None)
    rest = proto.first_step_min if proto is not None else None
    if metrics and rest is not None and len(readouts.metric_times(rest)) < 2:
        # said here, with the file's name, rather than by the run plan once the runs start
        problems.append(Problem(f"{where}.times", f"the metrics ({', '.join(metrics)}) are computed from the rest "
                                                  f"time ({rest:g} min) to the last readout time, and no readout "
                                                  f"time is after {rest:g} min; add one, e.g. 30 min, or leave the "
                                                  f"metrics out with metrics: []"))
        return None
    return readouts


def parse_execution(obj: Any, problems: list[Problem], where: str = "execution") -> Execution:
    if obj is None:
        return Execution()
    if not isinstance(obj, Mapping):
        problems.append(Problem(where, f"expected a mapping with scheduler, workers, chunk_size (got {obj!r})"))
        return Execution()
    check_keys(obj, ("scheduler", "workers", "chunk_size"), where, problems)
    sched = obj.get("scheduler", "auto")
    try:
        check_scheduler(sched, f"{where}.scheduler")  # the one rule, shared with --scheduler
    except InputError as exc:
        problems += exc.problems
        sched = "auto"
    ints = {}
    for k, d in (("workers", 2), ("chunk_size", 200)):
        v = whole_number(raw := obj.get(k, d))
        if v is None or v < 1:
            problems.append(Problem(f"{where}.{k}", f"must be an integer >= 1 (got {raw!r})"))
            v = d
        ints[k] = v
    return Execution(sched, ints["workers"], ints["chunk_size"])


def parse_fixed(obj: Any, problems: list[Problem], where: str = "fixed") -> dict[str, float]:
    """Parameters held at other values than the protocol's (the one parameter check)."""
    return parse_parameter_values(obj, where, problems)


COMMON_KEYS = {"name", "description", "protocol", "readouts", "execution", "fixed"}


def _wrong_kind(obj: Mapping, own: str) -> str | None:
    """What the file is when it is not a spec of kind ``own`` (one sentence instead of a list of keys)."""
    wrong = other_kind(obj, own)
    if wrong and wrong.startswith("this is a protocol file"):
        wrong += ", or name it under `protocol:` in a spec"
    return wrong


def goes_under(section: str, keys: tuple[str, ...], obj: Mapping) -> dict[str, str]:
    """Hints for keys of ``section`` written at the top of a spec: where each goes (for :func:`check_keys`).

    >>> goes_under("design", ("n",), {"n": 8})
    {'n': "it goes under 'design:', e.g. design: {n: 8, ...}"}
    >>> goes_under("population", ("cv",), {"cv": {"IL6R_per_cell": 0.3}})["cv"]
    "it goes under 'population:', e.g. population: {cv: {...}, ...}"
    """
    def value(v):
        return "{...}" if isinstance(v, Mapping) else "[...]" if isinstance(v, (list, tuple)) else show(v)

    return {k: f"it goes under '{section}:', e.g. {section}: {{{k}: {value(obj[k]) if k in obj else '...'}, ...}}"
            for k in keys}


#: what a sweep spec's top-level ``parameters:`` (a sensitivity spec's key) is told
SWEEP_PARAMETERS_HINT = ("a sweep's parameters go under 'design:', e.g. design: {method: lhs, n: 100, parameters: "
                         "{...}}; parameters at the top are a sensitivity spec's")
#: what a sensitivity spec's ``design:`` (a sweep spec's key) is told
SENSITIVITY_DESIGN_HINT = ("a sensitivity spec has its parameters at the top, parameters: {...}, and method and n "
                           "under 'sensitivity:'; design: is a sweep spec's, for il6sim sweep")


def parse_common(obj: Mapping, origin: str | None, extra_keys: set[str], problems: list[Problem], kind: str,
                 hints: Mapping[str, str] | None = None):
    """Protocol, readouts, execution and fixed parameters, shared by every spec kind.

    ``hints``: what a key of another section, or of another kind of spec, written at the top is told.
    """
    wrong = _wrong_kind(obj, kind)
    if wrong:
        raise InputError(wrong, origin or "spec")
    allowed = tuple(sorted(COMMON_KEYS | extra_keys))
    check_keys(obj, allowed, "spec", problems, hints)
    proto = parse_protocol(obj, origin, problems, allowed)
    readouts = parse_readouts(obj.get("readouts"), proto, problems)
    execution = parse_execution(obj.get("execution"), problems)
    fixed = parse_fixed(obj.get("fixed"), problems)
    return proto, readouts, execution, fixed


def _prefix(problems: list[Problem], origin: str | None) -> list[Problem]:
    if origin is None:
        return problems
    return [Problem(f"{origin}: {p.where}" if p.where else origin, p.message) for p in problems]


def load_sweep_spec(source: str | os.PathLike | Mapping) -> SweepSpec:
    """Read and validate a sweep spec (YAML path or mapping); raise InputError listing every problem.

    >>> spec = load_sweep_spec({"protocol": "seed:trans_huvec",
    ...     "design": {"method": "lhs", "n": 8, "seed": 1, "parameters": {"IL6R_per_cell": {}}}})
    >>> spec.design.size
    8
    """
    obj, origin = load_yaml(source)
    problems: list[Problem] = []
    hints = {**goes_under("design", ("method", "n", "seed", "levels"), obj), "parameters": SWEEP_PARAMETERS_HINT}
    proto, readouts, execution, fixed = parse_common(obj, origin, {"design"}, problems, "sweep", hints)
    design = None
    if "design" not in obj:
        # 'desing:', or the design's keys written at the top: said once, by their unknown keys' lines
        if not misspelt(obj, "design", tuple(sorted(COMMON_KEYS | {"design"}))) and not any(k in obj for k in hints):
            problems.append(Problem("design", "missing: give method, n, seed and parameters"))
    else:
        centers = proto.parameters() if proto else {}
        centers.update(fixed)
        try:
            design = Design.parse(obj["design"], "design", centers=centers)
        except InputError as exc:
            # the design's keys written at the top, not under design: said once, by their keys' lines (a missing
            # n of a design whose method is at the top is that mistake too)
            inner = obj["design"] if isinstance(obj["design"], Mapping) else {}
            above = {k for k in hints if k in obj and k not in inner}
            same = ({"design.parameters"} if "parameters" in above else set()) | (
                {"design.n", "design.levels"} if above & {"method", "n", "levels"} else set())
            problems += [p for p in exc.problems if p.where not in same]
    if design is not None:
        clash = sorted(set(design.names) & set(fixed))
        if clash:
            problems.append(Problem("fixed", f"{', '.join(clash)} also varied in design.parameters; hold it fixed "
                                             "or vary it, not both (a log-normal's median is its 'median:')"))
    if problems:
        raise InputError(_prefix(problems, origin))
    return SweepSpec(proto, design, readouts, execution, fixed, obj, origin)


def spec_provenance(spec: SweepSpec) -> dict[str, Any]:
    """What a sweep records about its spec."""
    raw = json.loads(json.dumps(dict(spec.raw), default=str))
    d: dict[str, Any] = {"spec": raw, "spec_path": spec.origin, "protocol": spec.protocol.name,
                         "protocol_source": spec.protocol.origin, "protocol_canonical": spec.protocol.to_dict()}
    if spec.design is not None:
        d["design"] = spec.design.to_dict()
        d["seed"] = spec.design.seed
    return d
