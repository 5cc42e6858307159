"""Named parameter sets and prediction bands from a parameter ensemble.

The packaged set ``calibrated`` (``il6sim/data/calibrated_parameters.json``,
written by ``il6sim calibrate joint --install`` and then ``il6sim calibrate
sample --install``) holds the kinetic values fitted jointly to HepG2 and PHH
data and an ensemble of parameter sets around them: 100 draws from a pyPESTO
posterior chain (:func:`il6sim.fitting.calibrate_joint.sample_joint`), or a
Laplace approximation at the optimum when no chain was run
(:func:`il6sim.fitting.calibrate_joint.laplace_ensemble`; docs/calibration.md).

:func:`run_with_uncertainty` runs a protocol once with the set's best values
(the ``value`` column) and once per ensemble member, and reports the 2.5 and
97.5 percentiles across members per readout (``lower``, ``upper``) and per
time point of the dense time courses (:attr:`UncertainResult.bands`).
Members whose simulation fails are left out and counted.
"""

from __future__ import annotations

import json
import logging
import numbers
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError, Problem, SolverError
from ..validate import given, is_real

log = logging.getLogger(__name__)

PARAMETER_SETS = {"calibrated": "calibrated_parameters.json"}


def _load(name: str) -> dict[str, Any]:
    if not isinstance(name, str):  # a list is no name (and no key of the cache below)
        from ..validate import show

        raise InputError([Problem("name", f"a parameter set is named as text such as 'calibrated' (got {show(name)}; "
                                          f"known: {', '.join(PARAMETER_SETS)})")])
    return _load_named(name)


@lru_cache(maxsize=4)
def _load_named(name: str) -> dict[str, Any]:
    if name not in PARAMETER_SETS:
        from ..validate import did_you_mean

        raise InputError([Problem("name", f"unknown parameter set {name!r}{did_you_mean(name, PARAMETER_SETS)} "
                                          f"(known: {', '.join(PARAMETER_SETS)})")])
    path = resources.files("il6sim") / "data" / PARAMETER_SETS[name]
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem("name", f"parameter set {name!r} is not installed ({path}); "
                                          "run `il6sim calibrate joint --install`")]) from None


def parameter_set(name: str = "calibrated") -> dict[str, float]:
    """The values of a named parameter set (apply on top of a preset); InputError for an unknown name.

    Each value is in its parameter's own unit (``il6sim presets parameters``); a key ``NAME@PRESET`` holds
    a value for cells of that preset only (:func:`il6sim.model.overrides.for_preset`).

    >>> sorted(parameter_set("calibrated"))[:2]
    ['K_SOCS3', 'K_prom_SOCS3']
    """
    return {k: float(v) for k, v in _load(name)["parameters"].items()}


def ensemble(name: str = "calibrated") -> list[dict[str, float]]:
    """The ensemble members of a named parameter set."""
    return [{k: float(v) for k, v in m.items()} for m in _load(name)["ensemble"]["samples"]]


def failed_checks(name: str = "calibrated") -> list[str]:
    """The calibration checks a named set failed when it was fitted (one line each; docs/calibration.md).

    For ``calibrated``: the HepG2 SOCS3 count at 90 min and the down-regulation of surface IL-6R by IL-6.
    """
    out = []
    for key, c in _load(name).get("checks", {}).items():
        if c.get("passed", True):
            continue
        detail, cell = c.get("detail", key), key.partition("_")[0]
        out.append(detail if detail.lower().startswith(cell.lower()) else f"{cell}: {detail}")
    return out


def set_info(name: str = "calibrated") -> dict[str, Any]:
    d = _load(name)
    return {"name": name, "description": d.get("description", ""), "ensemble_method": d["ensemble"]["method"],
            "ensemble_size": d["ensemble"]["n"], "created": d.get("provenance", {}).get("created"),
            "failed_checks": failed_checks(name)}


def caveat(name: str = "calibrated") -> str | None:
    """One sentence for a user of a named set that failed some of its checks, or None."""
    failed = failed_checks(name)
    if not failed:
        return None
    return (f"the '{name}' parameter set failed {len(failed)} of its calibration checks (docs/calibration.md): "
            + "; ".join(failed))


@dataclass
class UncertainResult:
    """A protocol result at the best values, with percentile bands over the ensemble."""

    result: Any  # ProtocolResult at the best values; its table has lower/upper columns added
    bands: pd.DataFrame  # group, time_min, observable, lower, upper
    n_members: int
    n_failed: int
    level: float
    parameter_set: str

    @property
    def table(self) -> pd.DataFrame:
        """The protocol's table at the best values (as :attr:`ProtocolResult.table`) plus ``lower`` and
        ``upper``, the band's ends in the same unit."""
        return self.result.table

    def __repr__(self) -> str:
        return (f"<UncertainResult {self.result.protocol.name!r}: {self.describe()}; .table (value, lower, upper) "
                f"and .bands are DataFrames>")

    def describe(self) -> str:
        """One line for figure titles: what the line and the shaded band are."""
        lo, hi = 50 * (1 - self.level), 50 * (1 + self.level)
        failed = f"; {self.n_failed} failed to simulate" if self.n_failed else ""
        return (f"lines: '{self.parameter_set}' values; shaded: {100 * self.level:g} % band ({lo:g}-{hi:g} "
                f"percentiles) over {self.n_members} members of its ensemble{failed}")


def check_ensemble_size(n: int | None, name: str = "calibrated", where: str = "--ensemble-size") -> int:
    """The number of members to use (all when ``n`` is None); an InputError outside 2..ensemble size."""
    size = len(ensemble(name))
    if n is None:
        return size
    if not (is_real(n) and isinstance(n, numbers.Integral)) or not 2 <= n <= size:  # numpy integers too
        raise InputError([Problem(where, f"must be a whole number from 2 to {size} (the members of the "
                                         f"'{name}' ensemble) (got {given(n)})")])
    return int(n)


def run_with_uncertainty(protocol, *, parameters: Mapping[str, float] | None = None, name: str = "calibrated",
                         n: int | None = None, level: float = 0.95, simulator=None) -> UncertainResult:
    """Run ``protocol`` with the named set and its ensemble; percentile bands (``level``, 95 %) per readout.

    ``parameters``: the user's own overrides, each in its parameter's own unit, applied on top of every
    member; ``n``: the first ``n`` members (2 to the ensemble's size; default all); ``level``: the band's
    coverage as a fraction (0.95: the 2.5 and 97.5 percentiles). ``lower`` and ``upper`` are in the unit of
    each readout's ``value``. Raises InputError for a bad protocol, ``name``,
    ``n``, ``level`` (not between 0 and 1) or ``parameters``; SolverError when fewer than two members
    can be simulated (members that fail are skipped and counted in ``n_failed``).

    >>> ur = run_with_uncertainty("seed:trans_huvec", n=5)
    >>> {"lower", "upper"} <= set(ur.table.columns)
    True
    """
    from ..protocols import load_protocol, run_protocol

    from ..validate import is_real, show

    if not is_real(level) or not 0 < level < 1:
        raise InputError(f"level must be a number between 0 and 1, e.g. 0.95 for 95 % bands (got {given(level)})")
    protocol = load_protocol(protocol)
    if parameters is not None and not isinstance(parameters, Mapping):
        from ..model.overrides import parse_parameter_values

        problems: list[Problem] = []
        parse_parameter_values(parameters, "parameters", problems)  # the message run_protocol gives
        raise InputError(problems)
    user = dict(parameters or {})
    members = ensemble(name)[:check_ensemble_size(n, name, where="n")]  # checked before any simulation
    best = run_protocol(protocol, simulator=simulator, parameters={**parameter_set(name), **user})
    tabs, tcs, failed = [], [], 0
    for i, m in enumerate(members):
        try:
            r = run_protocol(protocol, simulator=simulator, parameters={**m, **user})
        except SolverError as exc:
            failed += 1
            log.warning("ensemble member %d failed: %s", i, exc)
            continue
        tabs.append(r.table["value"].to_numpy(float))
        tcs.append(r.timecourses)
    if len(tabs) < 2:
        raise SolverError(f"only {len(tabs)} of {len(members)} ensemble members could be simulated")
    q = (100 * (1 - level) / 2, 100 * (1 + level) / 2)
    vals = np.vstack(tabs)
    table = best.table.copy()
    table["lower"] = np.percentile(vals, q[0], axis=0)
    table["upper"] = np.percentile(vals, q[1], axis=0)
    obs = [c for c in best.timecourses.columns if c not in ("group", "time_min")]
    stack = np.stack([tc[obs].to_numpy(float) for tc in tcs])
    lo, hi = np.percentile(stack, q[0], axis=0), np.percentile(stack, q[1], axis=0)
    key = best.timecourses[["group", "time_min"]].reset_index(drop=True)
    bands = pd.concat([key.assign(observable=o, value=best.timecourses[o].to_numpy(float), lower=lo[:, j],
                                  upper=hi[:, j]) for j, o in enumerate(obs)], ignore_index=True)
    object.__setattr__(best, "_table", table)  # ProtocolResult.table reads it
    prov = dict(best.provenance)
    prov["uncertainty"] = {**set_info(name), "members_used": len(tabs), "members_failed": failed,
                           "level": level, "percentiles": list(q)}
    object.__setattr__(best, "provenance", prov)
    return UncertainResult(best, bands, len(tabs), failed, level, name)


def save_band_figures(ur: UncertainResult, folder: Path) -> list[Path]:
    """One PNG per observable: the best-value time course of every group with its band.

    A compact figure for Python users; ``il6sim run --uncertainty --out`` draws the bands into its standard
    time-course figures instead (:func:`il6sim.report.plots.save_protocol_figures` with ``bands``).
    """
    if not isinstance(ur, UncertainResult):  # a ProtocolResult has no bands: it raised AttributeError 'result'
        hint = ("; a run_protocol result has none: draw its figures with il6sim.report.plots.save_protocol_figures"
                if hasattr(ur, "timecourses") and hasattr(ur, "protocol") else "")
        raise InputError(f"expected the result of run_with_uncertainty, which holds the bands (got "
                         f"{type(ur).__name__}){hint}", "ur")
    from ..plotting import pyplot

    plt = pyplot()

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    units = ur.result.units
    pct = f"{100 * ur.level:g} %"
    for o, g in ur.bands.groupby("observable", sort=False):
        fig, ax = plt.subplots(figsize=(6, 3.8))
        for k, (grp, d) in enumerate(g.groupby("group", sort=False)):
            ax.fill_between(d["time_min"], d["lower"], d["upper"], color=f"C{k % 10}", alpha=0.2, lw=0)
            ax.plot(d["time_min"], d["value"], color=f"C{k % 10}", lw=1.6, label=str(grp))
        ax.set_xlabel("time (min)")
        ax.set_ylabel(f"{o} ({units.get(o, '')})")
        ax.set_title(f"{ur.result.protocol.name}: {o}\nline: '{ur.parameter_set}' values; band: {pct} of "
                     f"{ur.n_members} ensemble members", fontsize=9)
        ax.legend(fontsize=7)
        fig.tight_layout()
        p = folder / f"band_{o}.png"
        fig.savefig(p, dpi=110)
        plt.close(fig)
        out.append(p)
    return out
