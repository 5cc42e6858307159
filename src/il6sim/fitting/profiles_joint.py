"""Profile likelihoods of the joint calibration with pyPESTO (``il6sim calibrate profiles``, ``make profiles``).

Starts from a finished joint calibration (``calibrated_parameters.json`` in
the calibration folder, or the packaged set). Each fitted parameter is
profiled on its own with ``pypesto.profile.parameter_profile`` (steps
``adaptive_step_order_1``; every step re-optimises the other parameters with
scipy least_squares through pyPESTO) until the likelihood ratio falls below
``ratio_min`` (exp(-3.0), beyond the 95 % threshold exp(-1.92)) or the
parameter reaches its bound. Each profile is written to
``profile_<name>.json`` as soon as it is done, so a stopped run resumes where
it stopped (finished profiles are skipped); ``profiles.png`` draws them all
with the 95 % threshold (chi2, 1 degree of freedom).
"""

from __future__ import annotations

import json
import logging
import math
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from .joint import joint_problem
from .objective import Objective
from .pypesto_engine import to_pypesto

log = logging.getLogger(__name__)

THRESHOLD_95 = 3.841  # chi2 quantile, 1 dof, for Delta(2 NLL)


def _calibration(source: Path | None) -> dict[str, Any]:
    """The joint calibration result in ``source`` (``calibrated_parameters.json``), else the packaged one."""
    if source is not None and (Path(source) / "calibrated_parameters.json").exists():
        return json.loads((Path(source) / "calibrated_parameters.json").read_text(encoding="utf-8"))
    from .calibrate_joint import packaged_path

    return json.loads(packaged_path().read_text(encoding="utf-8"))


def _best(source: Path | None) -> dict[str, float]:
    return _calibration(source)["parameters"]


def chain_ranges(source: Path | None) -> dict[str, list[float]] | None:
    """95 % ranges (log10) of the posterior chain of the calibration in ``source``; None without a chain."""
    ens = _calibration(source).get("ensemble", {})
    return ens.get("ci95_log10") if "burn_in" in ens else None


def profile_all(out: str | Path, *, source: str | Path | None = None, names: Sequence[str] | None = None,
                max_nfev: int = 60,
                report: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Profile every fitted parameter (or ``names``); resumable; returns {name: profile dict}."""
    import pypesto
    import pypesto.optimize as popt
    import pypesto.profile as pprof
    from pypesto.result import OptimizerResult

    from ..validate import check_count

    max_nfev = check_count(max_nfev, "max_nfev")
    if isinstance(names, (str, bytes)):  # one name given as text would be read letter by letter
        names = [names]
    out = Path(out)
    problem = joint_problem("training")
    todo = list(names or problem.parameter_names)
    unknown = [n for n in todo if n not in problem.parameter_names]
    if unknown:  # refused before anything is written
        from ..errors import InputError

        raise InputError(f"not a fitted parameter: {', '.join(unknown)} (fitted: {', '.join(problem.parameter_names)})")
    best = _best(Path(source) if source else out.parent)
    out.mkdir(parents=True, exist_ok=True)
    x = problem.to_scaled(best)
    obj = Objective(problem)
    r0 = obj(x)
    fbest = 0.5 * float(r0 @ r0)  # pyPESTO's scale (see pypesto_engine.to_pypesto)
    optimizer = popt.ScipyOptimizer(method="ls_trf", tol=1e-8, options={"maxfun": max_nfev, "tr_solver": "exact"})
    opts = pprof.ProfileOptions(ratio_min=math.exp(-3.0), default_step_size_absolute=0.05,
                                min_step_size_absolute=0.01, max_step_size_absolute=0.25)
    profiles: dict[str, Any] = {}
    for k, name in enumerate(todo):
        path = out / f"profile_{name}.json"
        if path.exists():
            profiles[name] = json.loads(path.read_text(encoding="utf-8"))
            if report:
                report(f"[{k + 1}/{len(todo)}] {name}: done before, skipped")
            continue
        if report:
            report(f"[{k + 1}/{len(todo)}] profiling {name} ...")
        t0 = time.perf_counter()
        pp = to_pypesto(problem, obj)
        res = pypesto.Result(pp)
        res.optimize_result.append(OptimizerResult(id="best", x=x.copy(), fval=fbest,
                                                   grad=np.zeros_like(x), exitflag=0))
        i = problem.parameter_names.index(name)
        res = pprof.parameter_profile(pp, res, optimizer, profile_index=[i], profile_options=opts,
                                      progress_bar=False)
        pr = res.profile_result.list[0][i]
        xp = np.asarray(pr.x_path)[i]
        fp = np.asarray(pr.fval_path)
        order = np.argsort(xp)
        delta = 2 * (fp[order] - fbest)
        d = {"name": name, "x_best": float(x[i]), "bounds_log10": [float(problem.lower[i]), float(problem.upper[i])],
             "grid_log10": xp[order].tolist(), "delta_2nll": delta.tolist(),
             "x_path": np.asarray(pr.x_path)[:, order].T.tolist(), "seconds": round(time.perf_counter() - t0, 1),
             "n_steps": int(len(xp))}
        d["ci95_log10"] = _interval(d)
        path.write_text(json.dumps(d, indent=1), encoding="utf-8")
        profiles[name] = d
        if report:
            report(f"[{k + 1}/{len(todo)}] {name}: {d['n_steps']} points, 95 % {interval_text(d)}, {d['seconds']:.0f} s")
    plot(profiles, out / "profiles.png", chain=chain_ranges(Path(source) if source else out.parent))
    return profiles


def _interval(d: dict) -> list:
    """95 % interval on log10: where Delta(2 NLL) crosses the threshold (None: not within the bounds)."""
    g, dl = np.asarray(d["grid_log10"]), np.asarray(d["delta_2nll"])
    ib = int(np.argmin(np.abs(g - d["x_best"])))
    lo = hi = None
    for j in range(ib, 0, -1):
        if dl[j - 1] > THRESHOLD_95 >= dl[j]:
            lo = float(np.interp(THRESHOLD_95, [dl[j], dl[j - 1]], [g[j], g[j - 1]]))
            break
    for j in range(ib, len(g) - 1):
        if dl[j + 1] > THRESHOLD_95 >= dl[j]:
            hi = float(np.interp(THRESHOLD_95, [dl[j], dl[j + 1]], [g[j], g[j + 1]]))
            break
    return [lo, hi]


def interval_text(d: dict) -> str:
    lo, hi = d["ci95_log10"]
    f = lambda v, s: (f"{10 ** v:.3g}" if v is not None else s)  # noqa: E731
    return f"[{f(lo, 'open below')}, {f(hi, 'open above')}]"


def plot(profiles: dict, path: Path, chain: dict[str, list[float]] | None = None) -> Path:
    """Delta(2 NLL) of each profile, zoomed to where it was computed, with the 95 % threshold, the
    optimum, the bounds in view and, with ``chain``, the posterior chain's 95 % range (shaded)."""
    from matplotlib.ticker import MaxNLocator

    from ..plotting import pyplot

    plt = pyplot()

    names = list(profiles)
    ncols = min(4, max(len(names), 1))
    nrows = max(1, int(np.ceil(len(names) / ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.8 * nrows), squeeze=False)
    for ax, n in zip(axes.flat, names):
        d = profiles[n]
        g = np.asarray(d["grid_log10"], float)
        span = [float(g.min()), float(g.max())]
        if chain and n in chain:
            lo, hi = chain[n]
            ax.axvspan(lo, hi, color="C2", alpha=0.25, lw=0, label="posterior chain, 95 %")
            span = [min(span[0], lo), max(span[1], hi)]
        pad = max(0.12 * (span[1] - span[0]), 0.02)
        ax.plot(g, d["delta_2nll"], "o-", ms=3, label="profile")
        ax.axhline(THRESHOLD_95, color="C3", ls="--", lw=1, label="95 % threshold")
        ax.axvline(d["x_best"], color="k", lw=0.8, label="optimum")
        for k, b in enumerate(d["bounds_log10"]):
            ax.axvline(b, color="0.4", ls=":", lw=1.2, label="bound" if k == 0 else None)
        ax.set_xlim(span[0] - pad, span[1] + pad)
        ax.set_title(f"{n}\n95 %: {interval_text(d)}", fontsize=8)
        ax.set_xlabel(f"log10 {n}", fontsize=8)
        ax.set_ylabel("Δ(2·NLL)", fontsize=8)
        ax.set_ylim(-0.3, max(THRESHOLD_95 * 2.5, 1.0))
        ax.tick_params(labelsize=7)
        ax.xaxis.set_major_locator(MaxNLocator(4))
    for ax in list(axes.flat)[len(names):]:
        ax.axis("off")
    handles, labels = [], []
    for ax in axes.flat:  # one legend for the figure, from whichever panels show each element
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="lower right", fontsize=8, frameon=False)
    fig.suptitle("joint HepG2 + PHH calibration: profile likelihoods (pyPESTO), each zoomed to its profile",
                 fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)
