"""Run a protocol: one simulation per group, plus the untreated cell for fold changes.

Each group is one call of :meth:`Simulator.simulate` with all its events,
on a dense time grid (every minute, or coarser for protocols longer than
about 3.5 days) that also holds the readout times, a resting point before
the first step, and a point just before each step so that plots show jumps.
Values at the readout times go into the tidy table; the dense grid feeds the
metrics and the figures.

The untreated reference of a group is the same cell with the group's
``set`` and ``wash`` steps but no ``add`` steps; groups that share those
share one reference run.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np

from ..engine.simulator import Event, Simulator, Trajectory, default_simulator
from ..errors import InputError
from ..model.overrides import check_parameter_values, for_preset
from ..provenance import Provenance
from ..readouts.tables import CALL_CRITERION, fold_change, response_metrics
from ..validate import check_numbers
from .parse import load_protocol
from .protocol import Protocol, _names, _times

log = logging.getLogger(__name__)

#: most points of the automatic dense grid
MAX_DENSE_POINTS = 5000
#: the resting point lies this many minutes before the first step
REST_LEAD_MIN = 5.0
#: a point this many minutes before each step shows the value just before it
PRE_STEP_MIN = 1e-3

TABLE_COLUMNS = ("group", "observable", "time_min", "value", "unit", "fold_change")


def unit_in_words(observable: str, unit: str) -> str:
    """``unit`` said as :attr:`~il6sim.model.spec.Observable.unit_words` for a readout of the model ('fraction
    of total STAT3' for pSTAT3's '1'); ``unit`` as given for any other column.

    >>> unit_in_words("pSTAT3", "1"), unit_in_words("surface_IL6R", "molecules/cell"), unit_in_words("x", "nM")
    ('fraction of total STAT3', 'molecules/cell', 'nM')
    """
    from ..model.reference import reference_model

    obs = reference_model().observable_map.get(observable)
    return unit if obs is None else obs.unit_words


def units_in_words(table):
    """A copy of a readout table (``table`` or ``metrics`` of a :class:`ProtocolResult`) with its ``unit``
    column (and the metrics' ``auc_unit``) in words (:func:`unit_in_words`): what the command line's tables
    and the web app's downloads show. The frames of the Python API keep the model's units (``attrs["units"]``)."""
    columns = getattr(table, "columns", None)
    if columns is None or "observable" not in columns or "unit" not in columns:
        got = (f"a {type(table).__name__}; pass its .table or .metrics" if hasattr(table, "table")
               else "the time courses, whose units are in .attrs['units']" if columns is not None
               and "time_min" in columns else type(table).__name__ if columns is None
               else "a table without observable and unit columns")
        raise InputError(f"units_in_words: expected res.table or res.metrics of run_protocol (got {got})")
    out = table.copy()
    out["unit"] = [unit_in_words(o, u) for o, u in zip(out["observable"], out["unit"])]
    if "auc_unit" in out.columns:  # metrics: the area under the response, in its unit x min
        out["auc_unit"] = [f"{u} x min" for u in out["unit"]]
    return out


def _simulator(simulator: object) -> Simulator:
    """``simulator``, or the shared default one for None; an InputError for anything else."""
    if simulator is None:
        return default_simulator()
    if not isinstance(simulator, Simulator):
        raise InputError(f"simulator must be an il6sim.Simulator, e.g. Simulator(options=SolverOptions(rtol=1e-8)), "
                         f"or None for the default one (got {type(simulator).__name__} {simulator!r:.40})")
    return simulator


#: units of per-cell counts: below one molecule per cell in the untreated cell there is no fold change
_PER_CELL_COUNTS = frozenset({"complexes/cell", "molecules/cell"})


@dataclass(frozen=True)
class ProtocolResult:
    """What came out of :func:`run_protocol`.

    Attributes
    ----------
    table
        Tidy readouts: ``group, observable, time_min, value, unit, fold_change``
        (one row per group, observable and readout time).
    timecourses
        Dense time courses: ``group, time_min`` and one column per observable.
    untreated
        The untreated reference time courses on the same grid, by group
        (``group`` names the group the reference belongs to).
    metrics
        Per group and observable: ``peak, time_to_peak_min, auc, auc_unit,
        time_above_half_max_min, call, criterion`` (see
        :mod:`il6sim.readouts.tables`).
    units
        Observable -> unit.
    provenance
        :class:`~il6sim.provenance.Provenance`: package and model versions, SBML
        hash, solver settings, parameters, the protocol in canonical form, the
        events of every group.
    """

    protocol: Protocol
    _table: Any
    _timecourses: Any
    _untreated: Any
    _metrics: Any
    units: Mapping[str, str]
    provenance: Provenance = field(repr=False)
    #: the readout rows (as in ``table``) without pandas, for printing
    rows: tuple[tuple, ...] = field(default=(), repr=False)

    # The tables are pandas DataFrames, built on first use (a zero-argument builder may be
    # given instead of a frame), so that printing a readout table does not import pandas.
    def _frame(self, name: str):
        value = getattr(self, name)
        if callable(value) and not hasattr(value, "columns"):
            value = value()
            if name in ("_timecourses", "_untreated") and hasattr(value, "attrs"):
                value.attrs["units"] = {"time_min": "min", **{o: self.units[o] for o in value.columns
                                                                if o in self.units}}
            object.__setattr__(self, name, value)
        return value

    def __getstate__(self):
        # the frames not built yet are closures, which pickle cannot send (to a process pool or a Dask worker):
        # built here, so a result pickles as it prints
        for name in ("_table", "_timecourses", "_untreated", "_metrics"):
            self._frame(name)
        return self.__dict__.copy()

    def __setstate__(self, state):
        self.__dict__.update(state)

    @property
    def table(self):
        """Tidy readouts (pandas DataFrame): ``group, observable, time_min, value, unit, fold_change``."""
        return self._frame("_table")

    @property
    def timecourses(self):
        """Dense time courses (pandas DataFrame): ``group, time_min`` and one column per observable; the
        columns' units are in its ``attrs["units"]`` (and in :attr:`units`)."""
        return self._frame("_timecourses")

    @property
    def untreated(self):
        """The untreated reference of each group (pandas DataFrame), laid out as :attr:`timecourses`."""
        return self._frame("_untreated")

    @property
    def metrics(self):
        """Per group and observable (pandas DataFrame): peak, time to peak, AUC, duration, call."""
        return self._frame("_metrics")

    def __repr__(self) -> str:
        p = self.protocol
        return (f"<ProtocolResult {p.name!r}: cell {p.cell.preset}; groups {_names(p.groups)}; "
                f"{_names(p.observables)} at {_times(p.times_min)}; .table, .metrics, .timecourses are DataFrames>")

    def records(self, in_words: bool = False) -> list[dict[str, Any]]:
        """The table as JSON-ready records (NaN -> None); ``in_words``: each unit in words
        (:func:`unit_in_words`), as ``il6sim run --format json`` and the web app's ``/api/run`` give them."""
        built = hasattr(self._table, "columns")  # a frame (maybe with added columns, e.g. bands)
        recs = ([dict(zip(TABLE_COLUMNS, r)) for r in self.rows] if self.rows and not built
                else self.table.to_dict(orient="records"))
        if in_words:
            recs = [{**r, "unit": unit_in_words(r["observable"], r["unit"])} for r in recs]
        return [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in rec.items()}
                for rec in recs]


def default_dense_times(protocol: Protocol) -> np.ndarray:
    """Every minute from the first step to the last readout (coarser if that exceeds 5000 points)."""
    t0 = protocol.first_step_min
    t1 = max(protocol.times_min) if protocol.times_min else 0.0
    span = max(t1 - t0, 1.0)
    step = max(1.0, math.ceil(span / MAX_DENSE_POINTS))
    return np.arange(t0, t1 + step * 0.5, step)


def _grid(protocol: Protocol, dense: np.ndarray) -> np.ndarray:
    t_first = protocol.first_step_min
    step_times = {s.at_min for steps in protocol.groups.values() for s in steps}
    pre = [t - PRE_STEP_MIN for t in step_times if t - PRE_STEP_MIN > t_first - REST_LEAD_MIN]
    t_end = max([*protocol.times_min, float(np.max(dense)) if len(dense) else 0.0])
    pts = np.concatenate([dense, protocol.times_min, pre, [t_first - REST_LEAD_MIN],
                          [t for t in step_times if t <= t_end]])
    pts = pts[np.isfinite(pts)]
    pts = pts[pts >= t_first - REST_LEAD_MIN]
    return np.unique(pts)


def _check_parameters(parameters: Mapping[str, float] | None, protocol: Protocol) -> dict[str, float]:
    if parameters is None or (isinstance(parameters, Mapping) and not parameters):
        return {}  # not `not parameters`: a pandas Series has no truth value, and is refused as no mapping below
    values = check_parameter_values(parameters, f"Protocol {protocol.origin!r}, parameters", scoped=True)
    return for_preset(values, protocol.cell.preset)


def group_events(protocol: Protocol, group: str, parameters: Mapping[str, float]) -> list[Event]:
    """The engine events of one group as every runner simulates them (run_protocol, simulate_groups, sweeps).

    ``parameters`` are the values the group runs with (the protocol's, then
    any overrides); events that depend on them are added here, in one place:
    serum starvation is a change to fresh medium, so cells that secrete IL-6
    (``IL6_secretion`` > 0) start accumulating it at ``-serum_starvation``.
    """
    events = _premixed_events(protocol, group, parameters) if protocol.has_premix else protocol.events(group)
    if protocol.serum_starvation_min and parameters.get("IL6_secretion", 0.0) > 0:
        events = [Event(-protocol.serum_starvation_min, "wash"), *events]
    return events


#: the cell quantities a tube without cells runs with
_NO_CELLS = {"IL6R_per_cell": 0.0, "gp130_per_cell": 0.0, "IL6_secretion": 0.0}


def premix_tube(doses: Mapping[str, float], premix_min: float, parameters: Mapping[str, float],
                simulator: Simulator | None = None) -> dict[str, float]:
    """What a tube holds after agents were pre-incubated together: medium species -> nM.

    ``doses``: species -> final concentration (nM); the tube is the medium without
    cells, with the binding rates of ``parameters`` (the model's own chemistry).

    >>> t = premix_tube({"IL6": 0.476, "sIL6R": 0.5}, 30.0, {})
    >>> round(t["IL6_sIL6R"], 3)  # ~12 % of the IL-6 at KD 3 nM
    0.059
    """
    sim = _simulator(simulator)
    tr = sim.simulate({**dict(parameters), **_NO_CELLS}, [Event(0.0, "add", sp, d) for sp, d in doses.items()],
                      np.array([0.0, float(premix_min)]), cell_free=True, context="premixed tube")
    medium = [sp.name for sp in sim.spec.species if sp.compartment == "medium"]
    return {sp: float(tr[sp][-1]) for sp in medium if tr[sp][-1] > 0}


def _premixed_events(protocol: Protocol, group: str, parameters: Mapping[str, float]) -> list[Event]:
    """The group's events with every premixed tube (same time, same pre-incubation) replaced by its contents."""
    steps = sorted(protocol.groups[group], key=lambda s: s.at_min)
    tubes: dict[tuple[float, float], dict[str, float]] = {}
    for s in steps:
        if s.premix_min > 0:
            tube = tubes.setdefault((s.at_min, s.premix_min), {})
            tube[s.species] = tube.get(s.species, 0.0) + s.dose_nM
    out, done = [], set()
    for s in steps:
        key = (s.at_min, s.premix_min)
        if s.premix_min <= 0:
            out.append(s.event())
        elif key not in done:
            done.add(key)
            out += [Event(s.at_min, "add", sp, c) for sp, c in premix_tube(tubes[key], s.premix_min, parameters).items()]
    return out


def simulate_groups(
    protocol: "Protocol | Mapping | str",
    times: Sequence[float],
    *,
    simulator: Simulator | None = None,
    parameters: Mapping[str, float] | None = None,
    groups: Sequence[str] | None = None,
) -> dict[str, Trajectory]:
    """Simulate groups of a protocol on exactly ``times`` (min); the engine trajectories by group.

    The low-level verb under :func:`run_protocol`, for callers that read the
    trajectories themselves (the comparison, the dose-responses, ``il6sim
    simulate``). All groups share one parameter set: the protocol's cell and
    medium, then ``parameters``.

    >>> tr = simulate_groups("seed:trans_huvec", [0.0, 30.0], groups=["trans"])["trans"]
    >>> bool(tr.observable("pSTAT3")[1] > tr.observable("pSTAT3")[0])
    True
    """
    protocol = load_protocol(protocol)
    sim = _simulator(simulator)
    params = protocol.parameters()
    params.update(_check_parameters(parameters, protocol))
    where = f"Protocol {protocol.origin!r}"
    names = list(protocol.groups if groups is None else groups)
    results = sim.simulate_groups(params, [group_events(protocol, g, params) for g in names], times,
                                  cell_free=protocol.cell_free, contexts=[f"{where}, group {g!r}" for g in names])
    for res in results:
        if isinstance(res, Exception):
            raise res
    return dict(zip(names, results))


def run_protocol(
    protocol: "Protocol | Mapping | str",
    *,
    simulator=None,
    parameters: Mapping[str, float] | None = None,
    dense_times: Sequence[float] | None = None,
) -> ProtocolResult:
    """Simulate every group of a protocol and read it out.

    Parameters
    ----------
    protocol
        A :class:`Protocol` (or anything :func:`load_protocol` accepts).
    simulator
        The engine to use (default: :func:`il6sim.engine.simulator.default_simulator`).
    parameters
        Extra overrides ``{name: value}``, each in its parameter's own unit
        (``il6sim presets parameters``), applied on top of the protocol's cell
        and medium (sweeps vary these).
    dense_times
        Times (min) for the time courses and metrics; the readout times, a
        resting point and the step times are always added. Default: every
        minute from the first step to the last readout.

    Returns
    -------
    ProtocolResult

    Raises
    ------
    InputError
        Bad ``parameters`` or ``dense_times``.
    SolverError
        The integrator failed; the message names the group, the time and what to try.

    Examples
    --------
    >>> res = run_protocol("seed:trans_huvec")
    >>> row = res.table.query("group == 'trans' and observable == 'pSTAT3' and time_min == 30").iloc[0]
    >>> bool(row.fold_change > 2)
    True
    """
    protocol = load_protocol(protocol)
    sim = _simulator(simulator)
    extra = _check_parameters(parameters, protocol)
    params = protocol.parameters()
    params.update(extra)
    if dense_times is None:
        dense = default_dense_times(protocol)
    else:
        # text such as '30' or '30 min' and bools are refused, item by item
        dense = check_numbers(dense_times, "dense_times", unit="min",
                              remedy="convert text such as '2 h' with il6sim.units.to_minutes").ravel()
        if len(dense) == 0 or not np.all(np.isfinite(dense)):
            raise InputError("dense_times must be a non-empty list of finite numbers in min "
                             "(convert text such as '2 h' with il6sim.units.to_minutes)",
                             f"Protocol {protocol.origin!r}")
    grid = _grid(protocol, dense)
    idx_read = np.searchsorted(grid, np.asarray(protocol.times_min, dtype=float))
    obs = list(protocol.observables)
    omap = sim.spec.observable_map
    units = {o: omap[o].unit for o in obs}
    cell_free = protocol.cell_free

    def observe(traj) -> dict[str, np.ndarray]:
        return {o: np.asarray(traj.observable(o), dtype=float) for o in obs}

    # untreated references, shared by groups with the same set/wash steps
    refs: dict[tuple, dict[str, np.ndarray]] = {}
    ref_key: dict[str, tuple] = {}
    runs: dict[str, dict[str, np.ndarray]] = {}
    where = f"Protocol {protocol.origin!r}"
    # every distinct event list is simulated once; simulate_groups integrates their
    # common start (e.g. the medium change of serum starvation) once for all of them
    jobs: dict[tuple, str] = {}
    group_key: dict[str, tuple] = {}
    for g in protocol.groups:
        events = tuple(group_events(protocol, g, params))
        key = tuple(e for e in events if e.kind != "add")
        ref_key[g] = key
        group_key[g] = events
        jobs.setdefault(key, f"{where}, untreated reference of group {g!r}")
        jobs.setdefault(events, f"{where}, group {g!r}")
    log.info("simulating %d groups (%d distinct event lists)", len(protocol.groups), len(jobs))
    results = dict(zip(jobs, sim.simulate_groups(params, [list(k) for k in jobs], grid, cell_free=cell_free,
                                                 contexts=list(jobs.values()))))
    for key, res in results.items():
        if isinstance(res, Exception):
            raise res
    for g in protocol.groups:
        refs.setdefault(ref_key[g], observe(results[ref_key[g]]))
        runs[g] = refs[ref_key[g]] if group_key[g] == ref_key[g] else observe(results[group_key[g]])

    rows = []
    tc_frames = []
    ref_frames = []
    met_rows = []
    for g in protocol.groups:
        y, ref = runs[g], refs[ref_key[g]]
        tc = {"group": g, "time_min": grid}
        tc.update(y)
        tc_frames.append(tc)
        rf = {"group": g, "time_min": grid}
        rf.update(ref)
        ref_frames.append(rf)
        for o in obs:
            vals = y[o][idx_read]
            untreated = np.asarray(ref[o][idx_read], dtype=float)
            if units[o] in _PER_CELL_COUNTS:
                # fewer than one molecule per cell untreated: the readout is absent, a ratio means nothing
                untreated = np.where(untreated < 1.0, 0.0, untreated)
            fc = fold_change(vals, untreated)
            for t, v, f in zip(protocol.times_min, vals, fc):
                rows.append((g, o, float(t), float(v), units[o], float(f)))
            m = response_metrics(grid, y[o], rest=float(ref[o][0]), unit=units[o])
            met_rows.append({"group": g, "observable": o, "unit": units[o], "rest": float(ref[o][0]), **m,
                             "auc_unit": f"{units[o]} x min", "criterion": CALL_CRITERION})
    def frames(parts):
        import pandas as pd

        return pd.concat([pd.DataFrame(p) for p in parts], ignore_index=True)

    def frame(records, columns):
        import pandas as pd

        return pd.DataFrame(records, columns=columns)

    table = lambda: frame(rows, list(TABLE_COLUMNS))  # noqa: E731 - built on first use
    timecourses = lambda: frames(tc_frames)  # noqa: E731
    untreated = lambda: frames(ref_frames)  # noqa: E731
    metrics = lambda: frame(met_rows, ["group", "observable", "unit", "rest", "peak", "time_to_peak_min",  # noqa: E731
                                       "auc", "auc_unit", "time_above_half_max_min", "call", "criterion"])
    provenance = Provenance.record(
        sim, kind="protocol", parameters=params, protocol=protocol,
        serum_starvation_min=protocol.serum_starvation_min,
        serum_starvation_note=("the medium is changed at the start of starvation: cells that secrete IL-6 "
                               "accumulate it from then on; otherwise the resting state already represents "
                               "serum-starved cells"),
        parameter_overrides=extra,
        events={g: [[e.time, e.kind, e.target, e.value] for e in group_events(protocol, g, params)]
                for g in protocol.groups},
        fold_change_reference="same cell, same set/wash steps, no add steps; same observable and time (none where the "
                               "untreated value is 0, or below one molecule per cell for per-cell counts)",
        dense_grid={"start_min": float(grid[0]), "end_min": float(grid[-1]), "points": int(len(grid))},
        # the wide time-course tables (one column per observable) carry no unit column: here are their units
        timecourse_units={o: units[o] for o in obs})
    return ProtocolResult(protocol, table, timecourses, untreated, metrics, units, provenance, tuple(rows))
