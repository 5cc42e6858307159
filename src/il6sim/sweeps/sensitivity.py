"""Global sensitivity with SALib: Sobol indices and Morris screening, on any sweep readout.

Sampling happens in the unit hypercube and is mapped to parameter values
through each parameter's distribution (see :mod:`il6sim.sweeps.design`), so
the indices refer to those distributions (log-uniform ranges, log-normal
spreads). For Morris, log-normal parameters use the central
``1 - 1/levels`` of their probability range (no infinite end points), and
their elementary effects are per unit of probability range, as the others'.

Spec (YAML)::

    protocol: seed:trans_huvec
    parameters:                         # as design.parameters of a sweep
      IL6R_per_cell: {dist: loguniform, low: 10, high: 5000}
      gp130_per_cell: {}
      K_SOCS3: {}
    readouts: {observables: [pSTAT3], metrics: [auc], metric_step: 5 min}
    sensitivity:
      method: sobol                     # sobol | morris
      n: 256                            # Sobol: base samples (runs = n (d + 2)); Morris: trajectories
      seed: 1
      outputs: ["classic:pSTAT3:auc / trans:pSTAT3:auc", "trans:pSTAT3:30"]   # GROUP:OBSERVABLE:(minutes|metric)
      second_order: false               # Sobol only
      levels: 4                         # Morris only
    execution: {scheduler: auto, workers: 2}

>>> import numpy as np
>>> from il6sim.sweeps.design import ParameterDist
>>> ps = [ParameterDist(n, "uniform", low=-np.pi, high=np.pi) for n in "abc"]
>>> ishigami = lambda x: np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
>>> si = sobol_indices(ishigami, ps, n=1024, seed=1)
>>> round(float(si.loc[si.parameter == "b", "S1"].iloc[0]), 1)
0.4
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError, Problem, require
from ..validate import check_flag, check_keys, did_you_mean, misspelt, refuse_repeats, show, whole_number
from .design import MAX_RUNS, Design, ParameterDist, to_values
from .execution import execute
from .readouts import check_selector, parse_selector
from .spec import (COMMON_KEYS, SENSITIVITY_DESIGN_HINT, SweepSpec, _prefix, goes_under, load_yaml,
                   parse_common, spec_provenance)

log = logging.getLogger(__name__)

SA_METHODS = ("sobol", "morris")
#: an output whose values differ by less than this many relative solver tolerances across the runs does not
#: vary with the parameters: its indices would rank the solver's numerical noise
FLAT_TOLERANCES = 10
#: ``n`` of each method when the spec gives none: Sobol base samples, Morris trajectories
DEFAULT_N = {"sobol": 256, "morris": 20}
#: fewer Sobol' base samples than this get a warning that the indices are not stable. SALib's own examples
#: use N = 512 (``SALib.analyze.sobol.analyze``) and 1024 (its README), and common practice (Saltelli et al.
#: 2008, Global Sensitivity Analysis: The Primer) is N in the hundreds to thousands. On the Ishigami benchmark
#: (3 parameters, SALib 1.5, 8 seeds) ST moved by 0.1-0.3 between seeds below 128 base samples and its 95 %
#: half-widths reached 0.25-0.5; from 256 (this package's default) the two smaller indices were stable to
#: < 0.01. Below 256 a warning, then; the half-widths printed with each index tell the rest
MIN_STABLE_SOBOL_N = 256


def run_count(method: str, n: int, d: int, second_order: bool = False) -> int:
    """Runs of a sample of ``d`` parameters: Sobol n (d + 2) (n (2d + 2) with second order), Morris n (d + 1).

    >>> run_count("sobol", 256, 6), run_count("morris", 20, 6)
    (2048, 140)
    """
    if method == "sobol":
        return n * (2 * d + 2 if second_order else d + 2)
    return n * (d + 1)


def too_many_runs(method: str, n: int, d: int, second_order: bool = False) -> str | None:
    """Why ``n`` gives too many runs for one sample (SALib builds it in memory), or None when it does not."""
    runs = run_count(method, n, d, second_order)
    if runs <= MAX_RUNS:
        return None
    most = MAX_RUNS // max(1, run_count(method, 1, d, second_order))
    return (f"{n} gives {runs:,} runs for {d} parameters, more than the limit of {MAX_RUNS:,}; "
            f"use n <= {most:,}")


def _problem(parameters: Sequence[ParameterDist]) -> dict:
    return {"num_vars": len(parameters), "names": [p.name for p in parameters],
            "bounds": [[0.0, 1.0]] * len(parameters)}


def _morris_u(parameters: Sequence[ParameterDist], u: np.ndarray, levels: int) -> np.ndarray:
    u = np.array(u, dtype=float)
    for j, p in enumerate(parameters):
        if p.dist == "lognormal":
            u[:, j] = 0.5 / levels + u[:, j] * (1.0 - 1.0 / levels)
    return u


def sample(method: str, parameters: Sequence[ParameterDist], n: int, seed: int, *,
           second_order: bool = False, levels: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """SALib sample: (points in the unit hypercube as SALib sees them, parameter values)."""
    require("SALib")
    problem = _problem(parameters)
    if method == "sobol":
        import warnings

        from SALib.sample import sobol as sobol_sample

        if n < MIN_STABLE_SOBOL_N:
            log.warning("Sobol' base samples n = %d are too few for stable indices: below %d they change with the "
                        "seed (often by 0.1 or more) and their confidence half-widths are wide; read them as a "
                        "rough screen, or use n = %d or more (SALib's examples use 512 to 1024)",
                        n, MIN_STABLE_SOBOL_N, MIN_STABLE_SOBOL_N)
        if n & (n - 1):  # said once, in plain words, instead of SALib's warning with its source line
            log.warning("Sobol' base samples n = %d is not a power of 2 (e.g. %d or %d): the indices converge "
                        "more slowly", n, 1 << (n.bit_length() - 1), 1 << n.bit_length())
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*power of 2", category=UserWarning)
            u = sobol_sample.sample(problem, n, calc_second_order=second_order, seed=seed)
        return u, to_values(parameters, u)
    if method == "morris":
        from SALib.sample import morris as morris_sample

        u = morris_sample.sample(problem, n, num_levels=levels, seed=seed)
        return u, to_values(parameters, _morris_u(parameters, u, levels))
    raise InputError(f"unknown sensitivity method {method!r} (expected: {', '.join(SA_METHODS)})", "sensitivity.method")


def analyze(method: str, parameters: Sequence[ParameterDist], u: np.ndarray, y: np.ndarray, *, seed: int = 0,
            second_order: bool = False, levels: int = 4, resamples: int = 100):
    """Indices as a table, ranked (Sobol: by ST; Morris: by mu_star).

    Sobol columns: parameter, S1, S1_conf, ST, ST_conf (and S2 pairs in
    ``.attrs["S2"]`` with ``second_order``); Morris: parameter, mu, mu_star,
    mu_star_conf, sigma.
    """
    problem = _problem(parameters)
    y = np.asarray(y, dtype=float)
    bad = int(np.sum(~np.isfinite(y)))
    if bad:
        log.warning("%d of %d outputs are not finite (failed runs or 0/0); the indices are NaN", bad, len(y))
    if method == "sobol":
        from SALib.analyze import sobol as sobol_analyze

        with np.errstate(divide="ignore", invalid="ignore"):  # a constant output: 0/0 in SALib's scaling
            si = sobol_analyze.analyze(problem, y, calc_second_order=second_order, num_resamples=resamples,
                                       seed=seed)
        # SALib's estimators return 0 (with a 0 half-width) where the variance is not a number: a sample with a
        # failed run read as 'no parameter matters'. Its indices are NaN, as the warning above and Morris say
        nan = (lambda v: np.full(np.shape(v), np.nan)) if bad else (lambda v: v)  # noqa: E731
        df = pd.DataFrame({"parameter": problem["names"], "S1": nan(si["S1"]), "S1_conf": nan(si["S1_conf"]),
                           "ST": nan(si["ST"]), "ST_conf": nan(si["ST_conf"])})
        key = "ST"
        if second_order:
            names = problem["names"]
            s2_, s2_conf = nan(si["S2"]), nan(si["S2_conf"])
            s2 = [{"a": names[i], "b": names[j], "S2": s2_[i, j], "S2_conf": s2_conf[i, j]}
                  for i in range(len(names)) for j in range(i + 1, len(names))]
            df.attrs["S2"] = s2
    else:
        from SALib.analyze import morris as morris_analyze

        si = morris_analyze.analyze(problem, np.asarray(u), y, num_resamples=resamples, num_levels=levels, seed=seed)
        # SALib divides each change of the output by the step in u; a log-normal parameter's step in
        # probability is (1 - 1/levels) of that (its u is squeezed into the central range, _morris_u), so
        # its effects are rescaled to be per unit of probability range like those of the other parameters
        per_u = np.array([1.0 / (1.0 - 1.0 / levels) if p.dist == "lognormal" else 1.0 for p in parameters])
        df = pd.DataFrame({"parameter": problem["names"], "mu": si["mu"] * per_u, "mu_star": si["mu_star"] * per_u,
                           "mu_star_conf": si["mu_star_conf"] * per_u, "sigma": si["sigma"] * per_u})
        key = "mu_star"
    return df.sort_values(key, ascending=False, kind="stable", na_position="last").reset_index(drop=True)


def relative_spread(y: np.ndarray) -> float:
    """(max - min) / max |y| of the finite values of ``y``; 0 when they are all 0, NaN when there are none.

    >>> relative_spread(np.array([2.0, 1.0, np.nan])), relative_spread(np.zeros(3))
    (0.5, 0.0)
    """
    y = np.asarray(y, dtype=float)
    y = y[np.isfinite(y)]
    if not len(y):
        return float("nan")
    top = float(np.max(np.abs(y)))
    return float(np.ptp(y)) / top if top > 0 else 0.0


def sobol_indices(func: Callable[[np.ndarray], np.ndarray], parameters: Sequence[ParameterDist], n: int = 1024,
                  seed: int = 0, second_order: bool = False):
    """Sobol indices of ``func`` (values of shape (N, d) -> outputs (N,)) over ``parameters``."""
    u, x = sample("sobol", parameters, n, seed, second_order=second_order)
    return analyze("sobol", parameters, u, np.asarray(func(x), dtype=float), seed=seed, second_order=second_order)


def morris_indices(func: Callable[[np.ndarray], np.ndarray], parameters: Sequence[ParameterDist], n: int = 50,
                   seed: int = 0, levels: int = 4):
    """Morris elementary effects of ``func`` over ``parameters`` (``n`` trajectories)."""
    u, x = sample("morris", parameters, n, seed, levels=levels)
    return analyze("morris", parameters, u, np.asarray(func(x), dtype=float), seed=seed, levels=levels)


def output_title(method: str, output: str) -> str:
    """A bar plot's title: the output in words (:func:`~il6sim.sweeps.readouts.selector_words`) and, under
    it, its unit (:func:`~il6sim.sweeps.summary.response_unit`, what Morris mu* is in); indices.csv keeps the
    selector as its key.

    >>> output_title("sobol", "trans:pSTAT3:30")
    'Sobol sensitivity of trans, pSTAT3 at 30 min\\n(fraction of total STAT3)'
    >>> output_title("morris", "classic:pSTAT3:auc / trans:pSTAT3:auc")
    'Morris sensitivity of the classic / trans ratio of pSTAT3 AUC'
    """
    from .readouts import parse_selector, selector_words
    from .summary import response_unit

    title = f"{method.capitalize()} sensitivity of {selector_words(output)}"
    return title if parse_selector(output)[1] is not None else f"{title}\n({response_unit(output)})"


def plot_indices(indices, ax=None, *, title: str = ""):
    """Ranked horizontal bar plot (Sobol: ST and S1 with confidence; Morris: mu_star). Returns ``ax``.

    ``indices``: the rows of one output of :attr:`SensitivityResult.indices`, e.g.
    ``res.indices[res.indices.output == "trans:pSTAT3:auc"]``; InputError for another frame, no rows or
    several outputs at once (their parameters would be drawn as one ranking).
    """
    if not isinstance(indices, pd.DataFrame):
        raise InputError(f"expected the indices of run_sensitivity (res.indices, a DataFrame) (got {show(indices)})",
                         "indices")
    sobol, morris = {"parameter", "ST", "ST_conf", "S1", "S1_conf"}, {"parameter", "mu_star", "mu_star_conf"}
    if not (sobol <= set(indices.columns) or morris <= set(indices.columns)):
        missing = sorted((morris if "mu_star" in indices.columns else sobol) - set(indices.columns))
        raise InputError(f"expected the indices of run_sensitivity (res.indices); this frame has no column "
                         f"{', '.join(missing)}", "indices")
    if indices.empty:
        raise InputError("no rows to plot; pick an output that is in res.indices.output", "indices")
    if "output" in indices.columns and indices["output"].nunique() > 1:
        first = indices["output"].iloc[0]
        raise InputError(f"holds {indices['output'].nunique()} outputs; plot one at a time, e.g. "
                         f"res.indices[res.indices.output == {first!r}]", "indices")
    if ax is None:
        from ..plotting import pyplot

        plt = pyplot()
        _, ax = plt.subplots(figsize=(6.4, 0.45 * len(indices) + 1.6))
    df = indices.iloc[::-1]  # largest on top
    pos = np.arange(len(df))
    if "ST" in df:
        ax.barh(pos + 0.2, df["ST"], 0.4, xerr=df["ST_conf"], label="total (ST)", color="#3b6ea5", capsize=2)
        ax.barh(pos - 0.2, df["S1"], 0.4, xerr=df["S1_conf"], label="first order (S1)", color="#e39c3a", capsize=2)
        ax.set_xlabel("Sobol index")
        ax.legend(loc="lower right", frameon=False)
    else:
        ax.barh(pos, df["mu_star"], 0.6, xerr=df["mu_star_conf"], color="#3b6ea5", capsize=2)
        ax.set_xlabel("Morris mu* (output change per unit of probability range)")
    ax.set_yticks(pos, df["parameter"])
    ax.axvline(0, color="0.4", lw=0.8)
    if title:
        ax.set_title(title, fontsize=10)
    ax.figure.tight_layout()
    return ax


# ---------------------------------------------------------------------------
# spec and driver
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SensitivitySpec:
    sweep: SweepSpec
    parameters: tuple[ParameterDist, ...]
    method: str = "sobol"
    n: int = 256
    seed: int = 0
    outputs: tuple[str, ...] = ()
    second_order: bool = False
    levels: int = 4
    resamples: int = 100

    def replace(self, **kw) -> "SensitivitySpec":
        return replace(self, **{k: v for k, v in kw.items() if v is not None})


def load_sensitivity_spec(source: str | os.PathLike | Mapping) -> SensitivitySpec:
    """Read and validate a sensitivity spec; raise InputError listing every problem."""
    obj, origin = load_yaml(source)
    problems: list[Problem] = []
    sa_keys = ("method", "n", "seed", "outputs", "second_order", "levels", "resamples")
    hints = {**goes_under("sensitivity", sa_keys, obj), "design": SENSITIVITY_DESIGN_HINT}
    proto, readouts, execution, fixed = parse_common(obj, origin, {"parameters", "sensitivity"}, problems,
                                                     "sensitivity", hints)
    top = tuple(sorted(COMMON_KEYS | {"parameters", "sensitivity"}))
    centers = proto.parameters() if proto else {}
    centers.update(fixed)
    params: tuple[ParameterDist, ...] = ()
    # a misspelt 'parameters', 'sensitivity' or 'outputs' key, or one in the wrong place (a sweep's design:,
    # outputs: at the top), is said once, by its unknown key's line, not again as a missing key
    no_params = misspelt(obj, "parameters", top) or ("parameters" not in obj and "design" in obj)
    if not no_params:
        try:
            params = Design.parse({"method": "random", "n": 1, "parameters": obj.get("parameters")}, "spec",
                                  centers=centers).parameters
        except InputError as exc:
            problems += [Problem(p.where.replace("spec.parameters", "parameters"), p.message) for p in exc.problems]
    sa = obj.get("sensitivity") or {}
    w = "sensitivity"
    if not isinstance(sa, Mapping):
        problems.append(Problem(w, f"expected a mapping with method, n, seed, outputs (got {sa!r})"))
        sa = {}
    check_keys(sa, sa_keys, w, problems)
    no_outputs = (misspelt(obj, "sensitivity", top) or misspelt(sa, "outputs", sa_keys)
                  or ("outputs" in obj and "outputs" not in sa))
    method = sa.get("method", "sobol")
    if method not in SA_METHODS:
        problems.append(Problem(f"{w}.method", f"unknown method {method!r}{did_you_mean(method, SA_METHODS)} "
                                               f"(expected: {', '.join(SA_METHODS)})"))
    ints = {}
    n_default = DEFAULT_N["sobol" if method == "sobol" else "morris"]
    for k, d, lo in (("n", n_default, 2), ("seed", 0, 0), ("levels", 4, 2), ("resamples", 100, 10)):
        v = whole_number(raw := sa.get(k, d))
        if v is None or v < lo:
            problems.append(Problem(f"{w}.{k}", f"must be an integer >= {lo} (got {raw!r})"))
            v = d
        ints[k] = v
    so = sa.get("second_order", False)
    if not isinstance(so, bool):
        problems.append(Problem(f"{w}.second_order", f"must be true or false (got {so!r})"))
        so = False
    # a key that the chosen method does not read would be ignored without a word: refuse it
    for key, owner in (("second_order", "sobol"), ("levels", "morris")):
        if key in sa and method in SA_METHODS and method != owner:
            problems.append(Problem(f"{w}.{key}", f"applies to method {owner} only; this spec's method is "
                                                  f"{method}: remove {key}, or set method: {owner}"))
    outputs = sa.get("outputs", [])
    if isinstance(outputs, str):
        outputs = [outputs]
    if (not isinstance(outputs, list) or not outputs) and no_outputs:
        outputs = []
    elif not isinstance(outputs, list) or not outputs:
        problems.append(Problem(f"{w}.outputs", "name at least one output, e.g. 'classic:pSTAT3:auc / trans:pSTAT3:auc'"))
        outputs = []
    if all(isinstance(o, str) for o in outputs):  # the same output twice would give two rows of one name
        refuse_repeats(outputs, f"{w}.outputs", "output", problems, same={o: "".join(o.split()) for o in outputs})
    if proto is not None and readouts is not None:
        for o in outputs:
            try:
                check_selector(o, list(proto.groups), readouts.observables, readouts.times, readouts.metrics,
                               f"{w}.outputs")
            except InputError as exc:
                problems += exc.problems
    clash = [p.name for p in params if p.name in fixed]  # the sample's values would replace fixed's, unsaid
    if clash:
        problems.append(Problem("fixed", f"{', '.join(clash)} also varied in parameters; hold it fixed or vary it, "
                                         "not both (a log-normal's median is its 'median:')"))
    if len(params) < 2 and not no_params and not any(p.where.startswith("parameters") for p in problems):
        problems.append(Problem("parameters", "vary at least two parameters for a sensitivity analysis"))
    if not problems and (too_many := too_many_runs(method, ints["n"], len(params), so)):
        problems.append(Problem(f"{w}.n", too_many))
    if problems:
        raise InputError(_prefix(problems, origin))
    sweep = SweepSpec(proto, None, readouts, execution, fixed, obj, origin)
    return SensitivitySpec(sweep, tuple(params), method, ints["n"], ints["seed"], tuple(outputs), so,
                           ints["levels"], ints["resamples"])


def used_groups(groups: Sequence[str], outputs: Sequence[str]) -> tuple[str, ...]:
    """The protocol's groups that the ``outputs`` read, in the protocol's order.

    >>> used_groups(["control", "classic", "trans"], ["classic:pSTAT3:auc / trans:pSTAT3:auc"])
    ('classic', 'trans')
    """
    named = {s.group for o in outputs for s in parse_selector(o) if s is not None}
    return tuple(g for g in groups if g in named)


def _groups_in_folder(out_dir, groups: Sequence[str], needed: Sequence[str]) -> tuple[str, ...] | None:
    """The groups an earlier sensitivity analysis in ``out_dir`` ran, if they include ``needed``; else None.

    Folders written before only the used groups were run hold every group of the protocol.
    """
    import json

    if out_dir is None:
        return None
    try:
        old = json.loads((Path(out_dir) / "provenance.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(old, dict) or old.get("kind") != "sensitivity":
        return None
    ran = old.get("groups_run", list(groups))
    if not isinstance(ran, list) or not set(needed) <= set(ran) or not set(ran) <= set(groups):
        return None
    return tuple(g for g in groups if g in ran)


@dataclass
class SensitivityResult:
    """What :func:`run_sensitivity` produced.

    ``indices``: one row per output and parameter, ranked (``output, rank, parameter``, then Sobol's
    ``S1, S1_conf, ST, ST_conf`` (fractions of the output's variance) or Morris' ``mu, mu_star, mu_star_conf,
    sigma`` and their ``unit`` (the output's, per unit of probability range), and ``n_runs, n_not_finite``);
    ``sweep``: the :class:`~il6sim.sweeps.execution.SweepResult` of the sample;
    ``figures``: the plots written (none without ``out_dir``).
    """

    indices: Any  # DataFrame: output, parameter, indices...
    sweep: Any  # SweepResult
    figures: list[Path] = field(default_factory=list)
    #: Sobol second-order indices (``second_order: true``): output, a, b, S2, S2_conf; else None
    second_order: Any = None

    def __repr__(self) -> str:  # the tables and the sweep would fill a screen
        outputs = list(dict.fromkeys(self.indices["output"])) if len(self.indices) else []
        s2 = ", .second_order" if self.second_order is not None else ""
        return (f"<SensitivityResult: {len(outputs)} output(s), {self.sweep.n_runs} runs; .indices{s2} "
                "are DataFrames>")


def run_sensitivity(spec: SensitivitySpec | str | os.PathLike | Mapping, out_dir: str | os.PathLike | None = None, *,
                    scheduler: str | None = None, workers: int | None = None, chunk_size: int | None = None,
                    progress: bool = False, overwrite: bool = False, plot: bool = True, simulator=None,
                    client=None) -> SensitivityResult:
    """Sample with SALib, run the sample as a sweep (resumable), and compute indices for every output.

    With ``out_dir``: the sweep's files plus ``indices.csv`` and one ranked bar
    plot per output (``sensitivity_<k>.png``); with Sobol ``second_order``, also
    ``indices_s2.csv`` (one row per output and pair of parameters).
    Raises :class:`~il6sim.errors.InputError` for a bad spec (every problem, named by its key) or an
    ``out_dir`` that holds something else.

    >>> res = run_sensitivity({"protocol": "seed:trans_huvec",
    ...                        "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000},
    ...                                       "K_SOCS3": {}},
    ...                        "readouts": {"observables": ["pSTAT3"], "metrics": ["auc"]},
    ...                        "sensitivity": {"method": "morris", "n": 4, "seed": 1,
    ...                                        "outputs": ["trans:pSTAT3:auc"]}}, scheduler="serial")
    >>> sorted(res.indices["parameter"])
    ['IL6R_per_cell', 'K_SOCS3']
    """
    plot = check_flag(plot, "plot")
    if not isinstance(spec, SensitivitySpec):
        spec = load_sensitivity_spec(spec)
    sw = spec.sweep
    names = tuple(p.name for p in spec.parameters)
    u, x = sample(spec.method, spec.parameters, spec.n, spec.seed, second_order=spec.second_order, levels=spec.levels)
    # only the groups that an output reads are simulated (seed:trans_huvec's 'control' and 'sIL-6R alone'
    # add ~20-35 % to the time of the example's classic/trans outputs: 3.4 vs 2.5-2.9 s for 512 design
    # points, serial); a finished folder whose runs hold these groups and more is reused as it is
    groups = used_groups(sw.protocol.groups, spec.outputs)
    groups = _groups_in_folder(out_dir, sw.protocol.groups, groups) or groups
    plan = sw.run_plan(names=names, simulator=simulator, groups=groups)
    prov = {"kind": "sensitivity", **spec_provenance(sw), "groups_run": list(groups), "seed": spec.seed,
            "sensitivity": {"method": spec.method, "n": spec.n, "seed": spec.seed, "outputs": list(spec.outputs),
                            "second_order": spec.second_order, "levels": spec.levels,
                            "parameters": {p.name: p.to_dict() for p in spec.parameters}}}
    design = pd.DataFrame(x, columns=list(names))
    design.insert(0, "run_id", np.arange(len(design), dtype=np.int64))
    ex = sw.execution
    res = execute(plan, x, out_dir=out_dir, scheduler=scheduler or ex.scheduler,
                  workers=ex.workers if workers is None else workers,
                  chunk_size=ex.chunk_size if chunk_size is None else chunk_size, progress=progress,
                  overwrite=overwrite, provenance=prov,
                  design_frame=design, client=client, progress_desc="sensitivity")
    frames, figures, s2 = [], [], []
    rtol = float((res.provenance.get("solver") or {}).get("rtol", 1e-6))
    for k, out in enumerate(spec.outputs):
        y = res.values(out)
        spread = relative_spread(y)
        if spread <= FLAT_TOLERANCES * rtol:
            log.warning("%s hardly varies across the runs (values differ by %.2g of their size, within %d times "
                        "the solver's relative tolerance %g): its indices rank numerical noise, not the "
                        "parameters; choose an output that the varied parameters change", out, spread,
                        FLAT_TOLERANCES, rtol)
        df = analyze(spec.method, spec.parameters, u, y, seed=spec.seed, second_order=spec.second_order,
                     levels=spec.levels, resamples=spec.resamples)
        s2 += [{"output": out, **r} for r in df.attrs.get("S2", [])]
        df.insert(0, "output", out)
        # a parameter whose index is NaN (a failed run) has no rank: numbered, it read as ranked in input order
        ranked = np.isfinite(df["ST" if spec.method == "sobol" else "mu_star"].to_numpy(dtype=float))
        df.insert(1, "rank", pd.array(np.where(ranked, np.arange(1, len(df) + 1), 0), dtype="Int64"))
        df.loc[~ranked, "rank"] = pd.NA
        if spec.method == "morris":  # mu, mu_star, its half-width and sigma are in the output's unit (not normalised)
            from .summary import response_unit

            df["unit"] = f"{response_unit(out)} per unit of probability range"
        df["n_runs"] = len(y)
        df["n_not_finite"] = int(np.sum(~np.isfinite(y)))
        frames.append(df)
        if out_dir is not None and plot:
            import matplotlib.pyplot as plt

            ax = plot_indices(df, title=output_title(spec.method, out))
            path = Path(out_dir) / f"sensitivity_{k + 1}.png"
            from ..plotting import literal_text

            literal_text(ax.figure)  # output names carry the protocol's group names
            ax.figure.savefig(path, dpi=120)
            plt.close(ax.figure)
            figures.append(path)
    indices = pd.concat(frames, ignore_index=True)
    second = (pd.DataFrame(s2, columns=["output", "a", "b", "S2", "S2_conf"])
              if spec.method == "sobol" and spec.second_order else None)
    if out_dir is not None:
        from ..io.tables import write_csv

        write_csv(indices, Path(out_dir) / "indices.csv")
        if second is not None:
            write_csv(second, Path(out_dir) / "indices_s2.csv")
        _record_indices(Path(out_dir), spec, len(figures) if plot else None)
    return SensitivityResult(indices, res, figures, second)


def _record_indices(out: Path, spec: SensitivitySpec, n_figures: int | None) -> None:
    """Make provenance.json say which outputs indices.csv holds, and drop figures of other outputs.

    Run again on a finished folder (e.g. with other ``--output``), the runs are
    reused and the indices recomputed: provenance.json kept the first outputs, and
    bar plots of outputs no longer analysed stayed beside the new ones.
    ``n_figures``: the plots written now (None: none drawn this time).
    """
    import json

    from .execution import PROVENANCE, annotate_provenance

    try:
        before = list((json.loads((out / PROVENANCE).read_text(encoding="utf-8")).get("sensitivity") or {})
                      .get("outputs") or [])
    except (OSError, ValueError):
        before = []
    now = list(spec.outputs)
    if n_figures is not None:  # sensitivity_k.png is the plot of output k
        valid = set(range(1, n_figures + 1))
    else:  # earlier plots stay valid where output k is unchanged
        valid = {k for k in range(1, len(now) + 1) if k <= len(before) and before[k - 1] == now[k - 1]}
    for p in out.glob("sensitivity_*.png"):
        k = p.stem.rpartition("_")[2]
        if k.isdigit() and int(k) not in valid:
            p.unlink(missing_ok=True)
    annotate_provenance(out, "sensitivity", {"outputs": now, "resamples": spec.resamples})
