"""Virtual cell populations: cell-to-cell variability and single-cell response distributions.

Each virtual cell draws its copy numbers (IL-6R, gp130, STAT3, ...) from a
log-normal distribution whose median is the protocol's cell value and whose
coefficient of variation is given; every cell is then simulated through
every group of the protocol. The result is the distribution a flow
cytometry user would see at one readout (e.g. pSTAT3 at 30 min) and the
fraction of responding cells above a gate.

Each virtual cell is simulated as a well of cells like itself (the model's
cells are identical), so ligand depletion by the well is that of a
homogeneous culture of that cell: a mean-field approximation that is good
while depletion is small.

The gate: a number, or ``auto`` = twice the 99th percentile of the cells'
resting values (the same cells before stimulation, as an unstimulated control:
a responder has at least doubled its signal; the model has no measurement
noise, so a gate at the resting level itself would count any change).

Spec (YAML)::

    protocol: seed:trans_huvec
    population:
      n: 1000
      seed: 1
      cv: {IL6R_per_cell: 0.5, gp130_per_cell: 0.3, STAT3_per_cell: 0.25}
      method: random                   # random | lhs | sobol (how the quantiles are drawn)
    readout: {observable: pSTAT3, time: 30 min}   # times carry their unit (il6sim.validate)
    groups: [classic, trans]           # default: all groups of the protocol; one group: 'groups: trans'
    drug: {add: tocilizumab, dose: 10 ug/mL, at: -30 min, groups: [classic, trans]}
    threshold: auto                    # or a number in the observable's unit
    execution: {scheduler: auto, workers: 2}
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError, Problem, said
from ..model.reference import reference_model
from ..protocols import load_protocol
from ..protocols.parse import MAX_ABS_TIME_MIN
from ..validate import check_flag, check_keys, did_you_mean, misspelt, parse_time, refuse_repeats, show
from .design import Design
from .execution import annotate_provenance, execute
from .spec import (Readouts, SweepSpec, _prefix, _wrong_kind, goes_under, load_base_protocol, load_yaml,
                   parse_execution, parse_fixed, spec_provenance)

GATE_QUANTILE = 0.99
#: the keys of a spec's population: mapping
POPULATION_KEYS = ("n", "seed", "cv", "method")
GATE_FOLD = 2.0


@dataclass(frozen=True)
class PopulationSpec:
    sweep: SweepSpec  # its design: log-normal copy numbers
    observable: str
    time_min: float
    groups: tuple[str, ...]
    threshold: float | None = None  # None: auto gate


def _several(name: str) -> str:
    """A hint for an unknown group name with a comma in it: several names written as one text."""
    return (f"; to name several groups write them in brackets, [{name}]"
            if "," in name and "[" not in name else "")


def _drug_groups(proto_src: Any, origin: str | None, drug: Any, groups: list[str], problems: list[Problem]):
    """Load the protocol, add '<group> + <agent>' groups carrying the drug step; return (Protocol, new names)."""
    proto = load_base_protocol(proto_src, origin, problems)
    if proto is None:
        return None, []
    if drug is None:
        return proto, []
    if not isinstance(drug, Mapping):
        problems.append(Problem("drug", f"expected a mapping like {{add: tocilizumab, dose: 10 ug/mL, at: -30 min}} "
                                f"(got {said(drug)})"))
        return proto, []
    # the step is checked once, here: added to each group, a problem in it was reported once per group, each
    # time under the protocol's and the group's name ("Protocol 'x.yaml: drug', group 'trans + tocilizumab', step 3")
    from ..protocols.parse import STEP_KEYS
    from ..protocols.parse import _step as parse_step
    from ..protocols.parse import washed_away
    from ..validate import Collector

    n0 = len(problems)
    check_keys(drug, (*STEP_KEYS, "groups"), "drug", problems)
    step = {k: v for k, v in drug.items() if k in STEP_KEYS}
    step.setdefault("at", "0 min")
    col = Collector("")
    parsed = parse_step(step, "drug", col)
    problems += col.problems
    if len(problems) > n0:
        return proto, []
    starve = proto.serum_starvation_min
    if washed_away(parsed, starve):
        # said once, here, with the spec's own remedy: the protocol would refuse it in every group it is added to
        problems.append(Problem("drug.at", f"{parsed.agent} at {show(drug.get('at'))} is before the medium change of "
                                           f"the protocol's serum_starvation ({starve:g} min before stimulation), "
                                           f"which would wash it away; write at: -{starve:g} min or later"))
        return proto, []
    targets = drug.get("groups", groups or list(proto.groups))
    if isinstance(targets, str):  # one name as text is a one-item list; '' (or blanks) names none: refused below
        targets = [targets] if targets.strip() else []
    if not isinstance(targets, (list, tuple)) or not all(isinstance(g, str) for g in targets):
        problems.append(Problem("drug.groups", f"must be a list of group names (got {show(targets)})"))
        return proto, []
    if not targets:  # an empty list added the drug to no group, silently
        problems.append(Problem("drug.groups", "is empty: name the groups that get the drug, e.g. [classic, trans], "
                                               "or leave drug.groups out to give it to every group simulated"))
        return proto, []
    if "groups" in drug:
        refuse_repeats(targets, "drug.groups", "group", problems)
    d = proto.to_dict()
    added = []
    for g in targets:
        if g not in proto.groups:
            if "groups" in drug:  # an unknown name in the spec's own 'groups' is reported there, once
                problems.append(Problem("drug.groups", f"unknown group {g!r}{did_you_mean(g, proto.groups)} "
                                                       f"(groups: {', '.join(proto.groups)}){_several(g)}"))
            continue
        name = f"{g} + {step.get('add', 'drug')}"
        d["groups"][name] = list(d["groups"][g]) + [dict(step)]
        added.append(name)
    try:
        proto = load_protocol(d, origin=f"{origin or 'spec'}: drug")
    except InputError as exc:
        problems += exc.problems
        return None, []
    return proto, added


def load_population_spec(source: str | os.PathLike | Mapping) -> PopulationSpec:
    """Read and validate a population spec; raise InputError listing every problem."""
    obj, origin = load_yaml(source)
    wrong = _wrong_kind(obj, "population")
    if wrong:
        raise InputError(wrong, origin or "spec")
    problems: list[Problem] = []
    top = ("name", "description", "protocol", "population", "readout", "groups", "drug", "threshold", "execution",
           "fixed")
    check_keys(obj, top, "spec", problems, goes_under("population", POPULATION_KEYS, obj))
    # a misspelt 'protocol', 'population' or 'cv' key is said once, by its unknown key's line, not again as missing
    if "protocol" not in obj and not misspelt(obj, "protocol", top):
        problems.append(Problem("protocol", "missing: name a protocol, e.g. 'protocol: seed:trans_huvec'"))
    groups = obj.get("groups")
    if isinstance(groups, str):  # one name as text is a one-item list, as readouts.observables takes it
        groups = [groups] if groups.strip() else []  # '' (or blanks) names no group: refused as empty below
    if groups is not None and (not isinstance(groups, list) or not all(isinstance(g, str) for g in groups)):
        problems.append(Problem("groups", f"must be a list of group names (got {groups!r})"))
        groups = None
    elif groups is not None and not groups:  # an empty list simulated every group, silently
        problems.append(Problem("groups", "is empty: name the groups to simulate, e.g. [classic, trans], "
                                          "or leave groups out for all of the protocol's groups"))
        groups = None
    elif groups is not None:
        refuse_repeats(groups, "groups", "group", problems)
    proto, added = (_drug_groups(obj["protocol"], origin, obj.get("drug"), groups or [], problems)
                    if "protocol" in obj else (None, []))
    if proto is not None and groups:
        for g in groups:
            if g not in proto.groups:
                problems.append(Problem("groups", f"unknown group {g!r}{did_you_mean(g, proto.groups)} "
                                                  f"(groups: {', '.join(proto.groups)}){_several(g)}"))
    chosen = tuple((groups or [g for g in proto.groups if g not in added]) + added) if proto else ()
    fixed = parse_fixed(obj.get("fixed"), problems)
    execution = parse_execution(obj.get("execution"), problems)
    # readout
    ro = obj.get("readout", {"observable": "pSTAT3", "time": "30 min"})
    obs, t = "pSTAT3", 30.0
    if not isinstance(ro, Mapping):
        problems.append(Problem("readout", f"expected {{observable: pSTAT3, time: 30 min}} (got {show(ro)})"))
    else:
        check_keys(ro, ("observable", "time"), "readout", problems)
        obs = ro.get("observable", "pSTAT3")
        known = reference_model().observable_map
        if not isinstance(obs, str) or obs not in known:
            problems.append(Problem("readout.observable", f"unknown observable {show(obs)!r}"
                                    f"{did_you_mean(obs, known)} (known: {', '.join(known)})"))
        t = parse_time(ro.get("time", "30 min"), "time", "readout.time", problems, max_abs_min=MAX_ABS_TIME_MIN)
        t = 30.0 if t is None else t
    rest = proto.first_step_min if proto else 0.0
    if proto is not None and t <= rest:
        problems.append(Problem("readout.time", f"must be after the protocol's first step at {rest:g} min (got "
                                                f"{t:g} min); read the cells later, e.g. at 30 min"))
    # population
    pop = obj.get("population")
    design = None
    if pop is None and (misspelt(obj, "population", top) or any(k in obj for k in POPULATION_KEYS)):
        pass  # 'populaton:', or n and cv written at the top: said once, by their unknown keys' lines
    elif not isinstance(pop, Mapping):
        problems.append(Problem("population", "missing: give n, seed and cv {parameter: coefficient of variation}"))
    else:
        check_keys(pop, POPULATION_KEYS, "population", problems)
        cvs = pop.get("cv")
        if cvs is None and misspelt(pop, "cv", POPULATION_KEYS):
            pass
        elif not isinstance(cvs, Mapping) or not cvs:
            problems.append(Problem("population.cv", "map each varying parameter to its coefficient of variation, "
                                    "e.g. {IL6R_per_cell: 0.5, gp130_per_cell: 0.3}"))
        else:
            centers = proto.parameters() if proto else {}
            centers.update(fixed)
            params = {name: {"dist": "lognormal", "cv": cv} for name, cv in cvs.items()}
            try:
                design = Design.parse({"method": pop.get("method", "random"), "n": pop.get("n", 1000),
                                       "seed": pop.get("seed", 0), "parameters": params}, "population",
                                      centers=centers)
            except InputError as exc:
                # 'population.parameters.X.cv' is the spec's 'population.cv.X'
                problems += [Problem(re.sub(r"^population\.parameters\.([^.]+)(\.cv)?", r"population.cv.\1",
                                            p.where), p.message) for p in exc.problems]
    thr = obj.get("threshold", "auto")
    threshold = None
    if thr != "auto":
        if isinstance(thr, bool) or not isinstance(thr, (int, float)) or not math.isfinite(thr):
            problems.append(Problem("threshold", f"must be 'auto' or a number (got {said(thr)})"))
        elif thr < 0:  # every observable is >= 0: a negative gate counts every cell, unstimulated ones too
            problems.append(Problem("threshold", f"must be 'auto' or a number >= 0 in the observable's unit "
                                                 f"(got {thr!r})"))
        else:
            threshold = float(thr)
    if problems:
        raise InputError(_prefix(problems, origin))
    readouts = Readouts((obs,), tuple(sorted({float(rest), float(t)})), ())
    sweep = SweepSpec(proto.with_groups(chosen), design, readouts, execution, fixed, obj, origin)
    return PopulationSpec(sweep, obs, float(t), chosen, threshold)


@dataclass
class PopulationResult:
    """What :func:`run_population` produced.

    ``cells``: one row per cell and group (``run_id, group, value, unit, status, rest``, the cell's
    varied parameters, ``responding``); ``summary``: one row per group (``cells, failed, median, mean,
    cv, p05, p95, threshold, fraction_responding``); values, ``rest`` and ``threshold`` (the gate) are
    in the observable's ``unit``. ``sweep``: the underlying :class:`~il6sim.sweeps.execution.SweepResult`;
    ``figures``: the plots written (none without ``out_dir``).
    """

    cells: Any  # DataFrame: run_id, group, value, unit, status, rest, the cell's parameters, responding
    summary: Any  # DataFrame per group: observable, time_min, unit, cells, median, p05, p95, ...
    threshold: float
    sweep: Any
    figures: list[Path] = field(default_factory=list)

    def __repr__(self) -> str:  # the per-cell table would fill a screen
        groups = list(dict.fromkeys(self.cells["group"])) if len(self.cells) else []
        return (f"<PopulationResult: {self.sweep.n_runs} cells x {len(groups)} groups ({', '.join(map(str, groups))}); "
                f"gate {self.threshold:.4g}; .cells and .summary are DataFrames>")


def summarize(cells, threshold: float):
    rows = []
    for g, d in cells.groupby("group", sort=False):
        ok = d[d["status"] == "ok"]["value"].to_numpy()
        rows.append({
            "group": g, "cells": len(d), "failed": int((d["status"] != "ok").sum()),
            "median": float(np.median(ok)) if len(ok) else np.nan,
            "mean": float(np.mean(ok)) if len(ok) else np.nan,
            "cv": float(np.std(ok) / np.mean(ok)) if len(ok) and np.mean(ok) else np.nan,
            "p05": float(np.quantile(ok, 0.05)) if len(ok) else np.nan,
            "p95": float(np.quantile(ok, 0.95)) if len(ok) else np.nan,
            "threshold": threshold,
            "fraction_responding": float(np.mean(ok > threshold)) if len(ok) else np.nan,
        })
    return pd.DataFrame(rows)


def _unit_text(observable: str) -> str:
    """' (unit)' of a model observable for an axis label; fractions are named as such."""
    from ..model.reference import reference_model

    obs = reference_model().observable_map.get(observable)
    return "" if obs is None else f" ({obs.unit_words})"


def plot_population(cells, threshold: float, ax=None, *, observable: str = "pSTAT3", time_min: float | None = None,
                    log_x: bool = True):
    """Flow-cytometry-like overlaid histograms per group on a log axis (as a cytometer shows intensities),
    with the gate and % responding. Returns ``ax``.

    ``cells`` and ``threshold``: :attr:`PopulationResult.cells` and :attr:`PopulationResult.threshold` (the gate,
    in the readout's unit); ``time_min``: the readout time for the axis label. InputError for another frame or a
    gate that is not a number.
    """
    if not isinstance(cells, pd.DataFrame):
        raise InputError(f"expected the cells of run_population (res.cells, a DataFrame) (got {show(cells)})", "cells")
    missing = sorted({"group", "value", "status"} - set(cells.columns))
    if missing:
        raise InputError(f"expected the cells of run_population (res.cells); this frame has no column "
                         f"{', '.join(missing)}", "cells")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.number)) \
            or not math.isfinite(threshold):
        raise InputError(f"must be the gate as a number in the readout's unit, e.g. res.threshold (got "
                         f"{said(threshold)})", "threshold")
    if ax is None:
        from ..plotting import pyplot

        plt = pyplot()
        _, ax = plt.subplots(figsize=(6.4, 4.0))
    ok = cells[cells["status"] == "ok"]
    vals = ok["value"].to_numpy()
    vals = vals[np.isfinite(vals)]
    if log_x:
        pos = vals[vals > 0]
        lo = min(pos.min(), threshold) if len(pos) and threshold > 0 else (pos.min() if len(pos) else 1.0)
        hi = max(pos.max(), threshold) if len(pos) else 10.0
        bins = np.geomspace(lo, hi * 1.0001, 60) if len(pos) else 60
        ax.set_xscale("log")
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        # numbers at 1-2-5 steps: a population often spans less than two decades, where decade
        # labels alone leave one number on the axis
        ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
    else:
        bins = np.linspace(min(vals.min(), threshold), max(vals.max(), threshold), 60) if len(vals) else 60
    for g, d in ok.groupby("group", sort=False):
        v = d["value"].to_numpy()
        frac = float(np.mean(v > threshold)) if len(v) else float("nan")
        ax.hist(v, bins=bins, histtype="step", lw=1.5, label=f"{g}: {100 * frac:.0f}% > gate")
    ax.axvline(threshold, color="0.3", ls="--", lw=1, label=f"gate {threshold:.3g}")
    when = f" at {time_min:g} min" if time_min is not None else ""
    ax.set_xlabel(f"{observable}{when} per cell{_unit_text(observable)}")
    ax.set_ylabel("cells")
    ax.legend(frameon=False, fontsize=8)
    ax.figure.tight_layout()
    return ax


def run_population(spec: PopulationSpec | str | os.PathLike | Mapping, out_dir: str | os.PathLike | None = None, *,
                   scheduler: str | None = None, workers: int | None = None, chunk_size: int | None = None,
                   progress: bool = False, overwrite: bool = False, plot: bool = True, simulator=None,
                   client=None) -> PopulationResult:
    """Simulate a virtual population; with ``out_dir`` also write cells.parquet, summary.csv and population.png.

    ``spec``: a dict, a YAML path or a loaded spec (module docstring); ``threshold: auto`` gates at
    twice the 99th percentile of the resting values. ``scheduler``/``workers``/``chunk_size`` override
    the spec's ``execution``; ``out_dir`` resumes as :func:`~il6sim.sweeps.sweep.run_sweep` does.
    Raises :class:`~il6sim.errors.InputError` for a bad spec (every problem, named by its key) or an
    ``out_dir`` that holds something else.

    >>> res = run_population({"protocol": "seed:trans_huvec", "population": {"n": 4, "seed": 1,
    ...                       "cv": {"IL6R_per_cell": 0.5}}, "readout": {"observable": "pSTAT3", "time": "30 min"},
    ...                       "groups": ["classic", "trans"]}, scheduler="serial")
    >>> list(res.summary["group"]), len(res.cells)
    (['classic', 'trans'], 8)
    """
    plot = check_flag(plot, "plot")
    if not isinstance(spec, PopulationSpec):
        spec = load_population_spec(spec)
    sw = spec.sweep
    plan = sw.run_plan(simulator=simulator)
    design = sw.design.to_frame()
    ex = sw.execution
    res = execute(plan, design[sw.design.names].to_numpy(), out_dir=out_dir, scheduler=scheduler or ex.scheduler,
                  workers=ex.workers if workers is None else workers,
                  chunk_size=ex.chunk_size if chunk_size is None else chunk_size, progress=progress,
                  overwrite=overwrite, provenance={"kind": "population", **spec_provenance(sw)},
                  design_frame=design, client=client, progress_desc="population")
    tab = res.table()
    tab = tab[(tab["observable"] == spec.observable) & (tab["readout"] == "value")]
    rest_t = min(sw.readouts.times)
    at = tab[np.isclose(tab["time_min"], spec.time_min)].set_index(["run_id", "group"])
    rest = tab[np.isclose(tab["time_min"], rest_t)].set_index(["run_id", "group"])["value"]
    cells = at[["value", "status"]].join(rest.rename("rest")).reset_index()
    cells = cells.merge(design, on="run_id", how="left")
    if spec.threshold is not None:
        threshold = spec.threshold
    else:
        # one resting value per cell: every group of a cell shares its state before the first step, and that
        # value counted once per group weighted the quantile towards the repeated top values (with 40 cells and
        # 3 groups the '99th percentile' was the highest resting value)
        r = cells.loc[cells["status"] == "ok", ["run_id", "rest"]].drop_duplicates()["rest"].to_numpy()
        threshold = GATE_FOLD * float(np.quantile(r, GATE_QUANTILE)) if len(r) else float("nan")
    cells["responding"] = (cells["value"] > threshold) & (cells["status"] == "ok")
    # what was measured, and in which unit (value, rest and the summary's statistics and gate): said in words
    # in the tables, as il6sim run's and runs.parquet say it ('fraction of total STAT3'); the model's unit
    # in provenance.json
    obs = (plan.model.spec or reference_model()).observable_map[spec.observable]
    unit, words = obs.unit, obs.unit_words
    cells.insert(cells.columns.get_loc("value") + 1, "unit", words)
    # the units of the columns, kept in cells.parquet: the response and resting value in words (as the unit
    # column), each copy number in its model unit
    cells.attrs["units"] = {"value": words, "rest": words, **res.design().attrs.get("units", {})}
    summary = summarize(cells, threshold)
    for k, (col, v) in enumerate((("observable", spec.observable), ("time_min", spec.time_min), ("unit", words))):
        summary.insert(1 + k, col, v)
    figures = []
    if out_dir is not None:
        out = Path(out_dir)
        cells.to_parquet(out / "cells.parquet", index=False)
        from ..io.tables import write_csv

        write_csv(summary, out / "summary.csv")
        # the summary is recomputed from reused runs when run again on a finished folder (e.g. another
        # threshold): say what made this one
        annotate_provenance(out, "population", {
            "observable": spec.observable, "time_min": spec.time_min, "unit": unit, "groups": list(spec.groups),
            "threshold": threshold,
            "threshold_rule": ("given" if spec.threshold is not None else
                               f"auto: {GATE_FOLD:g} x the {100 * GATE_QUANTILE:g}th percentile of resting values"),
            "spec_path": sw.origin})
        if plot:
            import matplotlib.pyplot as plt

            ax = plot_population(cells, threshold, observable=spec.observable, time_min=spec.time_min)
            from ..plotting import literal_text

            literal_text(ax.figure)  # group names are the protocol's
            ax.figure.savefig(out / "population.png", dpi=120)
            plt.close(ax.figure)
            figures.append(out / "population.png")
        else:  # a figure from an earlier run of this folder would show another gate or readout
            (out / "population.png").unlink(missing_ok=True)
    return PopulationResult(cells, pd.DataFrame(summary), threshold, res, figures)
