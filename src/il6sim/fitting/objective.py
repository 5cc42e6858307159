"""Residuals and likelihood of a :class:`~il6sim.fitting.problem.CalibrationProblem`.

One simulation per condition and parameter vector, at the measured times.
Per-experiment scales are computed analytically for each parameter vector
(on the log scale the optimal ``ln s`` is the weighted mean of
``ln y - ln f``; on the linear scale ``s = sum(w y f) / sum(w f^2)``), so the
optimiser only sees the kinetic parameters: the profile of the likelihood
over the scales (variable projection; Raue et al. 2013 do the same in
Data2Dynamics).

The objective is picklable: it carries the problem and the solver options,
and builds its simulator where it runs.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..engine.simulator import Simulator, SolverOptions
from ..errors import InputError, SolverError
from .problem import _TINY, CalibrationProblem

log = logging.getLogger(__name__)

#: solver settings for fitting: tighter than the default so that finite
#: differences (relative step 1e-3 on log10 parameters) are not solver noise
FIT_SOLVER = SolverOptions(rtol=1e-8, atol=1e-12)
#: residual given to every data point when a simulation fails
FAIL_RESIDUAL = 1e3


@dataclass
class Evaluation:
    """Everything computed for one parameter vector."""

    x: np.ndarray
    residuals: np.ndarray  # data residuals, then constraint and prior residuals
    table: pd.DataFrame  # measurements + model, scale, prediction, residual, sigma
    scales: dict[tuple[str, str], float]
    chi2: float
    nll: float
    ok: bool


class Objective:
    """Weighted residuals of a calibration problem as a function of the scaled parameters.

    >>> from il6sim.fitting.hepg2 import hepg2_problem
    >>> obj = Objective(hepg2_problem("training"))
    >>> r = obj(obj.problem.x_nominal())  # doctest: +SKIP
    """

    def __init__(self, problem: CalibrationProblem, options: SolverOptions = FIT_SOLVER,
                 simulator: Simulator | None = None) -> None:
        self.problem = problem
        self.options = options
        self._sim = simulator
        df = problem.measurements
        self._cond_names = list(dict.fromkeys(list(df["condition"]) + [k.condition for k in problem.constraints]))
        obs = problem.observables
        # times per condition (t = 0 added where an observable is relative to the start)
        self._times: dict[str, np.ndarray] = {}
        self._row_t: np.ndarray = np.zeros(len(df), dtype=int)
        for c in self._cond_names:
            mask = (df["condition"] == c).to_numpy()
            extra = [t for k in problem.constraints if k.condition == c for t in (k.t_before, k.t_after)]
            t = np.unique(np.concatenate([df.loc[mask, "time_min"].to_numpy(), [0.0], extra]))
            self._times[c] = t
            self._row_t[mask] = np.searchsorted(t, df.loc[mask, "time_min"].to_numpy())
        self._cond = df["condition"].to_numpy()
        self._obs = df["observable"].to_numpy()
        self._is_log = np.array([obs[o].transform == "log" for o in self._obs])
        y = df["value"].to_numpy(dtype=float)
        self._y = y
        with np.errstate(divide="ignore", invalid="ignore"):
            self._ty = np.where(self._is_log, np.log(np.where(y > 0, y, np.nan)), y)
        sd = df["sd"].to_numpy(dtype=float)
        default = np.array([obs[o].noise for o in self._obs])
        with np.errstate(divide="ignore", invalid="ignore"):
            sig = np.where(np.isnan(sd), default, np.where(self._is_log, sd / np.abs(y), sd))
        self._sigma = sig
        self._w = 1.0 / sig ** 2
        # scale groups
        self._groups: list[tuple[tuple[str, str], np.ndarray]] = []
        gkey = list(zip(df["experiment"], self._obs))
        for key in dict.fromkeys(k for k, o in zip(gkey, self._obs) if obs[o].scaling == "experiment"):
            self._groups.append((key, np.array([k == key for k in gkey])))
        self._pairs = {(c, o) for c, o in zip(self._cond, self._obs)}
        self.n_data = len(df)
        self.priors = [(i, p.to_scaled(p.prior_mean if p.prior_mean is not None else p.nominal), p.prior_sd)
                       for i, p in enumerate(problem.parameters) if p.prior_sd]
        self.constraints = list(problem.constraints)
        self.n_residuals = self.n_data + len(self.constraints) + len(self.priors)
        self.n_evals = 0
        self.n_failed = 0

    # -- pickling: rebuild the simulator where the objective lands -------------
    def __getstate__(self):
        d = self.__dict__.copy()
        d["_sim"] = None
        return d

    @property
    def simulator(self) -> Simulator:
        if self._sim is None:
            self._sim = Simulator(options=self.options)
        return self._sim

    def values(self, x: Sequence[float], condition: str | None = None) -> dict[str, float]:
        """Model parameter overrides for scaled vector ``x`` (and a condition's own settings)."""
        return self.problem.condition_values(x, condition)

    def simulate(self, x: Sequence[float], condition: str, times: Sequence[float],
                 observables: Sequence[str]) -> dict[str, np.ndarray]:
        """Model observables (unscaled, relative-to-start applied) of one condition at ``times``."""
        cond = self.problem.conditions[condition]
        t = np.unique(np.concatenate([np.asarray(times, float), [0.0]]))
        tr = self.simulator.simulate(self.values(x, condition), cond.events, t, context=f"condition '{condition}'")
        out = {}
        idx = np.searchsorted(t, np.asarray(times, float))
        for name in observables:
            out[name] = _scaled(self.problem.observables[name], tr)[idx]
        return out

    def _model_vector(self, x: Sequence[float]) -> np.ndarray:
        m, self._last_constraints = self._simulate_all(x)
        return m

    def _simulate_all(self, x: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """Model values at the data rows, and the constraint residuals."""
        m = np.empty(self.n_data)
        cres = np.zeros(len(self.constraints))
        for c in self._cond_names:
            obs_here = sorted({o for (cc, o) in self._pairs if cc == c})
            cons = [(i, k) for i, k in enumerate(self.constraints) if k.condition == c]
            cond = self.problem.conditions[c]
            t = self._times[c]
            tr = self.simulator.simulate(self.values(x, c), cond.events, t, context=f"condition '{c}'")
            for o in obs_here:
                v = _scaled(self.problem.observables[o], tr)
                mask = (self._cond == c) & (self._obs == o)
                m[mask] = v[self._row_t[mask]]
            for i, k in cons:
                v = tr.observable(k.observable)
                cres[i] = k.residual(v[np.searchsorted(t, k.t_before)], v[np.searchsorted(t, k.t_after)])
        return m, cres

    def _residuals(self, m: np.ndarray, fixed: Mapping[tuple[str, str], float] | None = None
                   ) -> tuple[np.ndarray, dict]:
        with np.errstate(divide="ignore", invalid="ignore"):
            tm = np.where(self._is_log, np.log(np.maximum(m, _TINY)), m)
        shift = np.zeros(self.n_data)  # ln s (log) or s (lin, multiplies)
        mult = np.ones(self.n_data)
        scales = {}
        for key, mask in self._groups:
            w = self._w[mask]
            if fixed is not None:
                s = float(fixed[key])
                if self._is_log[mask][0]:
                    shift[mask] = math.log(s)
                else:
                    mult[mask] = s
                scales[key] = s
            elif self._is_log[mask][0]:
                ls = float(np.sum(w * (self._ty[mask] - tm[mask])) / np.sum(w))
                shift[mask] = ls
                scales[key] = math.exp(ls)
            else:
                den = float(np.sum(w * tm[mask] ** 2))
                s = float(np.sum(w * self._ty[mask] * tm[mask]) / den) if den > 0 else 1.0
                mult[mask] = s
                scales[key] = s
        pred = np.where(self._is_log, tm + shift, tm * mult)
        r = (self._ty - pred) / self._sigma
        return r, scales

    def __call__(self, x: Sequence[float]) -> np.ndarray:
        """Weighted residuals (data, then constraints, then priors) at scaled parameters ``x``."""
        x = np.asarray(x, float)
        self.n_evals += 1
        try:
            m = self._model_vector(x)
        except SolverError as exc:
            self.n_failed += 1
            log.debug("simulation failed at x=%s: %s", x, exc)
            return np.full(self.n_residuals, FAIL_RESIDUAL)
        r, _ = self._residuals(m)
        if self.constraints:
            r = np.concatenate([r, self._last_constraints])
        if self.priors:
            r = np.concatenate([r, [(x[i] - mu) / sd for i, mu, sd in self.priors]])
        if not np.all(np.isfinite(r)):
            self.n_failed += 1
            return np.full(self.n_residuals, FAIL_RESIDUAL)
        return r

    def nll_constant(self) -> float:
        """Terms of the negative log-likelihood that do not depend on the parameters."""
        c = float(np.sum(np.log(np.sqrt(2 * np.pi) * self._sigma)))
        return c + float(np.sum(self._ty[self._is_log]))  # log-normal density in y

    def nll(self, x: Sequence[float]) -> float:
        """Negative log-likelihood (normal / log-normal errors, optimal scales) plus prior terms."""
        r = self(x)
        return 0.5 * float(r @ r) + self.nll_constant()

    def evaluate(self, x: Sequence[float], scales: Mapping[tuple[str, str], float] | None = None) -> Evaluation:
        """Residuals, scales, predictions and the data table with the model beside it.

        ``scales``: given values of the per-experiment scales {(experiment, observable): s}
        instead of the optimal ones (e.g. a PEtab problem's nominal scales).
        """
        x = np.asarray(x, float)
        if scales is not None:
            missing = [k for k, _ in self._groups if k not in scales]
            if missing:
                raise InputError(f"no value for the scale of {missing[0][1]} in experiment {missing[0][0]}")
        df = self.problem.measurements.copy()
        try:
            m = self._model_vector(x)
            ok = True
        except SolverError:
            m = np.full(self.n_data, np.nan)
            ok = False
        r, scales = self._residuals(m, scales)
        s = np.array([scales.get((e, o), 1.0) for e, o in zip(df["experiment"], df["observable"])])
        df["model"] = m
        df["scale"] = s
        df["prediction"] = m * s
        df["sigma"] = self._sigma
        df["residual"] = r
        df["transform"] = np.where(self._is_log, "log", "lin")
        chi2 = float(np.nansum(r ** 2))
        prior = [(x[i] - mu) / sd for i, mu, sd in self.priors]
        cons = list(self._last_constraints) if ok and self.constraints else [0.0] * len(self.constraints)
        full = np.concatenate([r, cons, prior])
        nll = 0.5 * float(np.nansum(full ** 2)) + self.nll_constant()
        return Evaluation(x, full, df, scales, chi2, nll, ok)

    def nll_terms(self, x: Sequence[float], scales: Mapping[tuple[str, str], float] | None = None
                  ) -> dict[str, float]:
        """The objective split into its terms at ``x``.

        ``nll``: the data's negative log-likelihood (normal / log-normal, with all
        constants: the PEtab likelihood); ``constraints``: 0.5 * sum of squared
        constraint residuals; ``prior``: negative log-density of the normal priors on
        the scaled parameters (with its constant, as pyPESTO counts it); ``total``: their sum.
        """
        ev = self.evaluate(x, scales)
        r = ev.residuals
        data = r[: self.n_data]
        cons = r[self.n_data: self.n_data + len(self.constraints)]
        prior = r[self.n_data + len(self.constraints):]
        nll = 0.5 * float(data @ data) + self.nll_constant() if ev.ok else math.inf
        out = {"nll": nll, "constraints": 0.5 * float(cons @ cons),
               "prior": 0.5 * float(prior @ prior) + sum(math.log(math.sqrt(2 * math.pi) * sd)
                                                         for _, _, sd in self.priors)}
        out["total"] = out["nll"] + out["constraints"] + out["prior"]
        return out


def error_summary(table: pd.DataFrame, by: Sequence[str] = ("observable",)) -> pd.DataFrame:
    """Root-mean-square errors of an :meth:`Objective.evaluate` table.

    ``rmse_log10``: RMS of log10(data / prediction) for log-scale data (0.1 = 26 % typical error);
    ``rmse``: RMS of data - prediction for linear data; ``chi2_per_point``: mean squared weighted residual.
    """
    rows = []
    for key, g in table.groupby(list(by), sort=True):
        key = key if isinstance(key, tuple) else (key,)
        is_log = (g["transform"] == "log").to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            l10 = np.log10(g["value"].to_numpy() / g["prediction"].to_numpy())
            lin = g["value"].to_numpy() - g["prediction"].to_numpy()
        rows.append({**dict(zip(by, key)), "n": len(g),
                     "rmse_log10": float(np.sqrt(np.mean(l10[is_log] ** 2))) if is_log.any() else np.nan,
                     "rmse": float(np.sqrt(np.mean(lin[~is_log] ** 2))) if (~is_log).any() else np.nan,
                     "chi2_per_point": float(np.mean(g["residual"].to_numpy() ** 2))})
    return pd.DataFrame(rows)


def _scaled(od, tr) -> np.ndarray:
    """The model side of an observable: relative to its start, times a fixed factor, or as is."""
    v = tr.observable(od.model)
    if od.scaling == "start":
        return v / v[0] * od.factor
    if od.scaling == "fixed":
        return v * od.factor
    return v
