"""Designs over parameters: distributions, and grid / Latin hypercube / Sobol samples.

Every design is built in the unit hypercube ``[0, 1]^d`` and mapped to
parameter values by each parameter's distribution (inverse CDF), so one
sampler serves every distribution and SALib can work in the same space.

* ``uniform``: ``low + u (high - low)``
* ``loguniform``: ``low (high / low)^u``
* ``lognormal``: median ``median``, coefficient of variation ``cv``
  (``sigma = sqrt(ln(1 + cv^2))``), so ``exp(ln(median) + sigma Phi^-1(u))``.

An empty entry takes its bounds from the model's parameter table
(log-uniform when the range spans more than 20x and its lower bound is > 0).

>>> d = Design.parse({"method": "lhs", "n": 4, "seed": 1,
...                   "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}}})
>>> d.sample().shape
(4, 1)
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError, Problem, UnitError, said
from ..model.overrides import close_parameter
from ..model.reference import reference_model
from ..units import to_model_unit
from ..validate import check_keys, did_you_mean, misspelt, number, whole_number

DISTRIBUTIONS = ("uniform", "loguniform", "lognormal")
METHODS = ("grid", "lhs", "sobol", "random")
#: the keys of a design mapping
DESIGN_KEYS = ("method", "n", "seed", "levels", "parameters")
#: most runs of one sweep (design points, population cells, sensitivity samples): the sample is held in memory
MAX_RUNS = 100_000_000

def _percent(text: str) -> float | None:
    """The number of a percentage written as text ('30 %', '30%'), or None when ``text`` is not one."""
    t = text.strip()
    if not t.endswith("%"):
        return None
    try:
        value = float(t[:-1].strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


#: guard for the inverse CDF of unbounded distributions (u in (0, 1) open)
_U_EPS = 1e-12
#: largest coefficient of variation of a lognormal (sigma = sqrt(ln(1 + cv^2)) = 2.1 at 10)
MAX_CV = 10.0


@dataclass(frozen=True)
class ParameterDist:
    """How one parameter varies: a distribution with its bounds or spread."""

    name: str
    dist: str
    low: float = math.nan
    high: float = math.nan
    median: float = math.nan
    cv: float = math.nan

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Map ``u`` in [0, 1] to parameter values (inverse CDF)."""
        u = np.asarray(u, dtype=float)
        if self.dist == "uniform":
            return self.low + u * (self.high - self.low)
        if self.dist == "loguniform":
            return self.low * (self.high / self.low) ** u
        from scipy.special import ndtri

        sigma = math.sqrt(math.log1p(self.cv ** 2))
        return np.exp(math.log(self.median) + sigma * ndtri(np.clip(u, _U_EPS, 1 - _U_EPS)))

    def describe(self) -> str:
        if self.dist == "lognormal":
            return f"{self.name} ~ lognormal(median {self.median:g}, cv {self.cv:g})"
        return f"{self.name} ~ {self.dist}({self.low:g}, {self.high:g})"

    def to_dict(self) -> dict[str, Any]:
        if self.dist == "lognormal":
            return {"dist": self.dist, "median": self.median, "cv": self.cv}
        return {"dist": self.dist, "low": self.low, "high": self.high}

    @classmethod
    def parse(cls, name: str, obj: Any, where: str, *, center: float | None = None) -> tuple["ParameterDist | None", list[Problem]]:
        """Validate one entry; ``center`` is the median of a lognormal without one (the preset value)."""
        w = f"{where}.{name}"
        problems: list[Problem] = []
        pmap = reference_model().parameter_map
        par = pmap.get(name)
        if par is None:
            close = close_parameter(str(name), pmap)
            hint = f" (did you mean {close}?)" if close else " (see 'il6sim presets parameters')"
            return None, [Problem(w, f"unknown parameter{hint}")]
        if par.kind == "derived":
            return None, [Problem(w, "is computed from other parameters and cannot be varied")]
        if obj is None:
            obj = {}
        if not isinstance(obj, Mapping):
            return None, [Problem(w, f"expected a mapping like {{dist: loguniform, low: 10, high: 1000}} (got {said(obj)})")]
        check_keys(obj, ("dist", "low", "high", "median", "cv"), w, problems)
        nums: dict[str, float] = {}
        for k in ("low", "high", "median", "cv"):
            if k in obj:
                v = obj[k]
                if k != "cv" and isinstance(v, str):
                    # a parameter value: a number in the parameter's unit or a quantity with a unit
                    try:
                        v = to_model_unit(v, par.unit, what=f"{k} of {name}")
                    except UnitError as exc:
                        problems.append(Problem(f"{w}.{k}", str(exc)))
                        continue
                if k == "cv" and isinstance(v, str) and number(v) is not None:
                    v = number(v)  # '0.3' quoted, or 3e-1 (which YAML reads as text), as low and high take '5e3'
                if k == "cv" and isinstance(v, str) and (pct := _percent(v)) is not None:
                    problems.append(Problem(f"{w}.{k}", f"write the coefficient of variation as a fraction: "
                                                        f"{pct / 100:g}, not {v.strip()!r}"))
                elif isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                    problems.append(Problem(f"{w}.{k}", f"must be a finite number (got {said(v)})"))
                else:
                    nums[k] = float(v)
        dist = obj.get("dist")
        if dist is None:
            dist = "lognormal" if "cv" in obj else ("loguniform" if _log_range(nums.get("low", par.lower),
                                                                               nums.get("high", par.upper)) else "uniform")
        if dist not in DISTRIBUTIONS:
            problems.append(Problem(f"{w}.dist", f"unknown distribution {dist!r}{did_you_mean(dist, DISTRIBUTIONS)} "
                                                 f"(expected one of: {', '.join(DISTRIBUTIONS)})"))
            return None, problems
        if problems:
            return None, problems
        if dist == "lognormal":
            cv = nums.get("cv")
            med = nums.get("median", center if center is not None else par.value)
            if cv is None:
                problems.append(Problem(w, "a lognormal needs 'cv' (coefficient of variation, e.g. 0.3)"))
            elif cv <= 0:
                problems.append(Problem(f"{w}.cv", f"must be > 0 (got {cv:g})"))
            elif cv > MAX_CV:
                pct = f"; for {cv:g} % write {cv / 100:g}" if cv <= 100 else ""  # a percentage written as a number
                problems.append(Problem(f"{w}.cv", f"must be <= {MAX_CV:g} (got {cv:g}; a cv of 10 already spreads "
                                                   f"values over ~1,000-fold around the median){pct}"))
            if med <= 0:
                problems.append(Problem(f"{w}.median", f"must be > 0 for a lognormal (got {med:g})"))
            elif "median" in nums:
                _check_cell_range(par, "median", med, w, problems)
            for k in ("low", "high"):
                if k in nums:
                    problems.append(Problem(f"{w}.{k}", "a lognormal takes 'median' and 'cv', not bounds"))
            return (None if problems else cls(name, "lognormal", median=med, cv=float(cv))), problems
        low, high = nums.get("low", par.lower), nums.get("high", par.upper)
        if "median" in nums or "cv" in nums:
            problems.append(Problem(w, f"a {dist} distribution takes 'low' and 'high', not median/cv"))
        if not low < high:
            fix = (f"; swap them, low: {high:g}, high: {low:g}" if "low" in nums and "high" in nums and low > high
                   else f"; to hold {name} at {low:g}, give it under fixed: instead" if low == high else "")
            problems.append(Problem(w, f"low must be < high (got low={low:g}, high={high:g}){fix}"))
        if dist == "loguniform" and low <= 0:  # one problem, also for a negative low
            problems.append(Problem(f"{w}.low", f"must be > 0 for a log-uniform distribution (got {low:g}); "
                                                "give a positive low, or dist: uniform to start at 0"))
        elif low < 0:
            problems.append(Problem(f"{w}.low", f"must be >= 0: parameters are non-negative (got {low:g})"))
        if not math.isfinite(high):
            problems.append(Problem(f"{w}.high", "must be finite"))
        for k, v in (("low", low), ("high", high)):
            if k in nums and v >= 0:  # a negative value is reported above
                _check_cell_range(par, k, v, w, problems)
        return (None if problems else cls(name, dist, low=low, high=high)), problems


def _check_cell_range(par, key: str, value: float, where: str, problems: list[Problem]) -> None:
    """A cell quantity (copy number, compartment size, ...) stays within what a cell can have, as with ``--set``."""
    if par.kind == "cell" and math.isfinite(value) and not par.lower <= value <= par.upper:
        problems.append(Problem(f"{where}.{key}", f"{par.name} is a cell quantity from {par.lower:g} to "
                                                  f"{par.upper:g} {par.unit} (got {value:g})"))


def _log_range(low: float, high: float) -> bool:
    return low > 0 and high / low > 20


@dataclass(frozen=True)
class Design:
    """A seeded design over parameters.

    ``method``: ``grid`` (``levels`` per parameter, full factorial), ``lhs``
    (Latin hypercube, ``n`` points), ``sobol`` (scrambled Sobol' sequence,
    ``n`` points; a power of two is best) or ``random`` (plain Monte Carlo).
    """

    method: str
    parameters: tuple[ParameterDist, ...]
    n: int = 0
    seed: int = 0
    levels: int = 0

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parameters]

    @property
    def size(self) -> int:
        return self.levels ** len(self.parameters) if self.method == "grid" else self.n

    def unit_sample(self) -> np.ndarray:
        """Points in the unit hypercube, shape (size, d)."""
        d = len(self.parameters)
        if self.method == "grid":
            axes = []
            for p in self.parameters:
                if p.dist == "lognormal":  # equal-probability quantiles (no infinite ends)
                    axes.append((np.arange(self.levels) + 0.5) / self.levels)
                else:
                    axes.append(np.linspace(0.0, 1.0, self.levels) if self.levels > 1 else np.array([0.5]))
            mesh = np.meshgrid(*axes, indexing="ij")
            return np.stack([m.ravel() for m in mesh], axis=1)
        if self.method == "random":
            return np.random.default_rng(self.seed).random((self.n, d))
        from scipy.stats import qmc

        if self.method == "lhs":
            return qmc.LatinHypercube(d, seed=self.seed).random(self.n)
        with warnings.catch_warnings():  # balance properties need 2^m points; any n is usable
            warnings.simplefilter("ignore", UserWarning)
            return qmc.Sobol(d, scramble=True, seed=self.seed).random(self.n)

    def sample(self) -> np.ndarray:
        """Parameter values, shape (size, d), columns in :attr:`names` order."""
        u = self.unit_sample()
        return to_values(self.parameters, u)

    def to_frame(self):
        """The design as a table: ``run_id`` and one column per parameter."""
        x = self.sample()
        df = pd.DataFrame(x, columns=self.names)
        df.insert(0, "run_id", np.arange(len(df), dtype=np.int64))
        return df

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"method": self.method, "seed": self.seed,
                             "parameters": {p.name: p.to_dict() for p in self.parameters}}
        if self.method == "grid":
            d["levels"] = self.levels
        else:
            d["n"] = self.n
        return d

    @classmethod
    def parse(cls, obj: Any, where: str = "design", *, centers: Mapping[str, float] | None = None,
              max_size: int = MAX_RUNS) -> "Design":
        """Validate a design mapping; raise :class:`InputError` listing every problem.

        ``centers``: values around which lognormal entries without a median are
        centred (the protocol's cell parameters; else the model defaults).
        """
        problems: list[Problem] = []
        if not isinstance(obj, Mapping):
            raise InputError(f"expected a mapping with method, n, seed and parameters (got {said(obj)})", where)
        check_keys(obj, DESIGN_KEYS, where, problems)
        method = obj.get("method", "lhs")
        if method not in METHODS:
            problems.append(Problem(f"{where}.method", f"unknown method {said(method)}{did_you_mean(method, METHODS)} "
                                                       f"(expected one of: {', '.join(METHODS)})"))
        seed = whole_number(raw_seed := obj.get("seed", 0))
        if seed is None or seed < 0:
            problems.append(Problem(f"{where}.seed", f"must be an integer >= 0 (got {said(raw_seed)})"))
            seed = 0
        n, levels = 0, 0
        if method == "grid":
            levels = whole_number(raw_levels := obj.get("levels", 5))
            if levels is None or levels < 1:
                problems.append(Problem(f"{where}.levels", f"must be an integer >= 1 (got {said(raw_levels)})"))
                levels = 1
            if "n" in obj:
                problems.append(Problem(f"{where}.n", "a grid takes 'levels' (points per parameter), not 'n'"))
        elif "n" not in obj:  # one line: what to write ('got null' read as if n: had been written empty)
            named = f"method: {method}" + (" (the default)" if "method" not in obj else "")
            if "levels" in obj:
                problems.append(Problem(f"{where}.levels", f"{named} takes 'n' (the number of design points), not "
                                                           f"'levels' (a grid's points per parameter); write "
                                                           f"n: {said(obj['levels'])}, or method: grid"))
            else:
                default = ", the default" if "method" not in obj else ""
                problems.append(Problem(f"{where}.n", f"missing: the number of design points, e.g. n: 100 "
                                                      f"(method: {method}{default})"))
            n = 1
        else:
            n = whole_number(raw_n := obj.get("n"))
            if n is None or n < 1:
                problems.append(Problem(f"{where}.n", f"must be an integer >= 1 (got {said(raw_n)})"))
                n = 1
        params = obj.get("parameters")
        dists: list[ParameterDist] = []
        if params is None and misspelt(obj, "parameters", DESIGN_KEYS):
            pass  # 'parameter:' is said once, by its unknown key's line
        elif not isinstance(params, Mapping) or not params:
            problems.append(Problem(f"{where}.parameters",
                                    "must map at least one parameter name to its distribution, "
                                    "e.g. {IL6R_per_cell: {dist: loguniform, low: 10, high: 5000}}"))
        else:
            for name, spec in params.items():
                pd_, probs = ParameterDist.parse(str(name), spec, f"{where}.parameters",
                                                 center=(centers or {}).get(str(name)))
                problems += probs
                if pd_ is not None:
                    dists.append(pd_)
        design = cls(str(method), tuple(dists), int(n), int(seed), int(levels))
        if not problems and design.size > max_size:
            fewer = "fewer levels or parameters" if method == "grid" else f"n <= {max_size:,}"
            problems.append(Problem(where, f"{design.size:,} runs is more than the limit of {max_size:,}; use {fewer}"))
        if problems:
            raise InputError(problems)
        return design


def to_values(parameters: Sequence[ParameterDist], u: np.ndarray) -> np.ndarray:
    """Map unit-hypercube points to parameter values, column by column."""
    u = np.atleast_2d(np.asarray(u, dtype=float))
    out = np.empty_like(u)
    for j, p in enumerate(parameters):
        out[:, j] = p.ppf(u[:, j])
    return out

