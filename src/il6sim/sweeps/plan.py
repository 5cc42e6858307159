"""What one sweep run does, as plain picklable data, and the worker that does it.

A :class:`RunPlan` is a :class:`~il6sim.protocols.Protocol` flattened for
speed (:meth:`RunPlan.of`): the cell's parameters, the engine events of every
group, the readout times, observables and metrics. :func:`run_chunk` runs a block of design points on the worker's own
compiled model (loaded once per process and cached) and returns plain
columns; a run whose solver fails comes back with status ``"failed: ..."``
and NaN values instead of stopping the sweep.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping, Sequence

import numpy as np

from ..engine.simulator import Event, Simulator, SolverOptions, default_simulator, observables_of_states
from ..errors import InputError, Problem
from ..io.sbml import to_sbml
from ..model.reference import reference_model
from ..protocols import Protocol
from ..protocols.runner import group_events
from ..readouts.metrics import time_course_metrics
from ..validate import did_you_mean

log = logging.getLogger(__name__)

#: metrics of :func:`il6sim.readouts.metrics.time_course_metrics` a sweep can report
METRICS = ("baseline", "peak", "time_to_peak", "peak_response", "auc", "duration", "late_fraction")

#: the readout label of a value at a time point (metrics use their own name)
VALUE = "value"

_STATUS_MAX = 300


# ---------------------------------------------------------------------------
# the run plan and its worker
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelRef:
    """Names the compiled model a worker should use, cheaply (no SBML shipped for the reference model)."""

    sha256: str
    options: SolverOptions = SolverOptions()
    spec: Any = None  # a ModelSpec, or None for the reference model

    @classmethod
    def of(cls, sim: Simulator) -> "ModelRef":
        spec = None if sim.sbml_sha256 == _reference_sha256() else sim.spec
        return cls(sim.sbml_sha256, sim.options, spec)


@lru_cache(maxsize=1)
def _reference_sha256() -> str:
    return hashlib.sha256(to_sbml(reference_model()).encode()).hexdigest()


_SIMULATORS: dict[tuple, Simulator] = {}


def _key(ref: ModelRef) -> tuple:
    o = ref.options
    return (ref.sha256, o.rtol, o.atol, o.max_steps)


def register_simulator(sim: Simulator) -> ModelRef:
    """Make ``sim`` the one this process uses for its :class:`ModelRef`; return the ref."""
    ref = ModelRef.of(sim)
    _SIMULATORS.setdefault(_key(ref), sim)
    return ref


def worker_simulator(ref: ModelRef) -> Simulator:
    """The process's compiled simulator for ``ref`` (built and JIT-compiled on first use)."""
    key = _key(ref)
    sim = _SIMULATORS.get(key)
    if sim is None:
        sim = default_simulator(ref.options) if ref.spec is None else Simulator(ref.spec, ref.options)
        if sim.sbml_sha256 != ref.sha256:
            raise RuntimeError(
                f"this worker builds a different model (SBML sha256 {sim.sbml_sha256[:12]}, expected "
                f"{ref.sha256[:12]}): install the same il6sim version on every Dask worker")
        sim.rr  # noqa: B018 - compile now, once per process
        _SIMULATORS[key] = sim
    return sim


def warm_worker(ref: ModelRef) -> str:
    """Load and compile the model in this process (run on every worker before a sweep)."""
    return worker_simulator(ref).sbml_sha256


@dataclass(frozen=True)
class RunPlan:
    """Everything a worker needs besides the design points. Pure data; pickles small."""

    model: ModelRef
    base: Mapping[str, float]
    names: tuple[str, ...]
    groups: tuple[tuple[str, tuple[Event, ...]], ...]
    times: tuple[float, ...]
    observables: tuple[str, ...]
    metrics: tuple[str, ...] = ()
    cell_free: bool = False
    #: the time grid metrics are computed on (min); default: the rest time then the readout times
    metric_times: tuple[float, ...] = ()

    @classmethod
    def of(cls, protocol: Protocol, model: ModelRef, *, names: Sequence[str] = (), base: Mapping[str, float] | None = None,
           times: Sequence[float] | None = None, observables: Sequence[str] | None = None,
           metrics: Sequence[str] = (), metric_times: Sequence[float] = ()) -> "RunPlan":
        """The plan of ``protocol``: its parameters (then ``base``), every group's events, its readouts."""
        params = protocol.parameters()
        params.update(base or {})
        return cls(model=model, base=params, names=tuple(names),
                   groups=tuple((g, tuple(group_events(protocol, g, params))) for g in protocol.groups),
                   times=tuple(protocol.times_min if times is None else times),
                   observables=tuple(protocol.observables if observables is None else observables),
                   metrics=tuple(metrics), cell_free=protocol.cell_free, metric_times=tuple(metric_times))

    def grids(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(simulation times, index of each readout time, index of each metric time) in that grid."""
        t = np.asarray(self.times, float)
        mt = np.asarray(self.metric_times or self.times, float)
        grid = np.unique(np.concatenate([t, mt])) if self.metrics else t
        return grid, np.searchsorted(grid, t), np.searchsorted(grid, mt)

    @property
    def readouts(self) -> list[tuple[str, float]]:
        """(readout, time_min) per row of a group and observable, in order."""
        return [(VALUE, t) for t in self.times] + [(m, float("nan")) for m in self.metrics]

    @property
    def rows_per_run(self) -> int:
        return len(self.groups) * len(self.observables) * len(self.readouts)

    def fingerprint(self) -> str:
        """A hash of what determines the results (not how they are computed)."""
        d = {
            "model": self.model.sha256, "rtol": self.model.options.rtol, "atol": self.model.options.atol,
            "base": sorted((k, float(v)) for k, v in self.base.items()), "names": list(self.names),
            "groups": [[g, [[e.time, e.kind, e.target, e.value] for e in evs]] for g, evs in self.groups],
            "times": list(self.times), "observables": list(self.observables), "metrics": list(self.metrics),
            "cell_free": self.cell_free, "metric_times": list(self.metric_times),
        }
        return hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()

    def check(self, where: str = "readouts") -> None:
        """Raise InputError for unknown observables/metrics/parameters or bad times."""
        spec = self.model.spec or reference_model()
        problems: list[Problem] = []
        for o in self.observables:
            if o not in spec.observable_map:
                problems.append(Problem(f"{where}.observables", f"unknown observable '{o}'"
                                        f"{did_you_mean(o, spec.observable_map)} "
                                        f"(known: {', '.join(spec.observable_map)})"))
        for m in self.metrics:
            if m not in METRICS:
                problems.append(Problem(f"{where}.metrics", f"unknown metric '{m}'{did_you_mean(m, METRICS)} "
                                                            f"(known: {', '.join(METRICS)})"))
        t = np.asarray(self.times, float)
        if len(t) == 0 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
            problems.append(Problem(f"{where}.times", "must be a non-empty, strictly increasing list of minutes"))
        elif self.metrics and len(self.metric_times or self.times) < 2:
            problems.append(Problem(f"{where}.times", "metrics need at least two time points"))
        if not self.observables:
            problems.append(Problem(f"{where}.observables", "name at least one observable"))
        if not self.groups:
            problems.append(Problem("protocol", "the protocol has no groups"))
        if problems:
            raise InputError(problems)


_FAST_METRICS = frozenset({"baseline", "peak", "time_to_peak", "peak_response", "auc"})


def _metric_values(t: np.ndarray, y: np.ndarray, metrics: Sequence[str]) -> np.ndarray:
    """Metrics of every row of ``y`` (observables x times), as :func:`time_course_metrics` defines them.

    Peak, time to peak, baseline, peak response and AUC are computed for all
    rows at once (same formulas; tested against ``time_course_metrics``);
    duration and late_fraction go through ``time_course_metrics`` row by row.
    """
    y = np.atleast_2d(y)
    out = np.empty((len(y), len(metrics)))
    if not set(metrics) <= _FAST_METRICS:
        for r, row in enumerate(y):
            m = time_course_metrics(t, row)
            out[r] = [getattr(m, k) for k in metrics]
        return out
    base = y[:, 0]
    resp = y - base[:, None]
    ipk = np.argmax(y, axis=1)
    rows = np.arange(len(y))
    clipped = np.clip(resp, 0, None)
    vals = {
        "baseline": base,
        "peak": y[rows, ipk],
        "time_to_peak": t[ipk],
        "peak_response": resp[rows, ipk],
        "auc": np.sum((clipped[:, 1:] + clipped[:, :-1]) * np.diff(t) / 2.0, axis=1),
    }
    for c, k in enumerate(metrics):
        out[:, c] = vals[k]
    out[np.any(np.isnan(y), axis=1)] = np.nan
    return out


def run_chunk(plan: RunPlan, run_ids: np.ndarray, values: np.ndarray) -> dict[str, np.ndarray]:
    """Simulate design points ``values`` (rows, in ``plan.names`` order); return long-format columns.

    One row per run, group, observable and readout: ``run_id, group, observable,
    readout, time_min, value, status``. Failed runs (solver errors, bad values)
    have NaN values and ``status = "failed: <message>"``.
    """
    sim = worker_simulator(plan.model)
    run_ids = np.asarray(run_ids, dtype=np.int64)
    values = np.asarray(values, dtype=float).reshape(len(run_ids), len(plan.names))
    grid, i_read, i_met = plan.grids()
    t_met = grid[i_met]
    ng, no, nr = len(plan.groups), len(plan.observables), len(plan.readouts)
    nt = len(i_read)
    out = np.full((len(run_ids), ng, no, nr), np.nan)
    status = np.empty((len(run_ids), ng), dtype=object)
    base = dict(plan.base)
    group_names = [g for g, _ in plan.groups]
    group_events = [evs for _, evs in plan.groups]
    for i, rid in enumerate(run_ids):
        params = dict(base)
        params.update(zip(plan.names, values[i].tolist()))
        done: list[int] = []
        trajs = []
        # the groups share the run's cell and usually their first events (serum starvation):
        # simulate_groups integrates that common start once
        results = sim.simulate_groups(params, group_events, grid, cell_free=plan.cell_free,
                                      contexts=[f"run {rid}, group '{g}'" for g in group_names])
        for j, (g, res) in enumerate(zip(group_names, results)):
            if isinstance(res, Exception):  # a solver or input error of this group alone
                msg = " ".join(str(res).split())
                status[i, j] = ("failed: " + msg)[:_STATUS_MAX]
                log.debug("run %s group %s failed: %s", rid, g, msg)
            else:
                done.append(j)
                trajs.append(res)
                status[i, j] = "ok"
        if not trajs:
            continue
        # readouts of all groups of a run at once (they share the run's parameters)
        k, nt_grid = len(trajs), len(grid)
        if plan.cell_free:
            y = np.stack([tr.observables(plan.observables) for tr in trajs])
        else:
            states = np.concatenate([tr.states for tr in trajs])
            y = observables_of_states(sim.spec, states, trajs[0].species, trajs[0].parameters, plan.observables)
            y = y.reshape(no, k, nt_grid).transpose(1, 0, 2)
        out[i, done, :, :nt] = y[:, :, i_read]
        if plan.metrics:
            m = _metric_values(t_met, y[:, :, i_met].reshape(k * no, -1), plan.metrics)
            out[i, done, :, nt:] = m.reshape(k, no, -1)
    per_run = ng * no * nr
    group_col = np.repeat(np.array([g for g, _ in plan.groups], dtype=object), no * nr)
    obs_col = np.tile(np.repeat(np.array(plan.observables, dtype=object), nr), ng)
    labels = [r for r, _ in plan.readouts]
    tm = [x for _, x in plan.readouts]
    n = len(run_ids)
    return {
        "run_id": np.repeat(run_ids, per_run),
        "group": np.tile(group_col, n),
        "observable": np.tile(obs_col, n),
        "readout": np.tile(np.array(labels * (ng * no), dtype=object), n),
        "time_min": np.tile(np.array(tm * (ng * no), dtype=float), n),
        "value": out.reshape(-1),
        "status": np.repeat(status.reshape(-1), no * nr),
    }
