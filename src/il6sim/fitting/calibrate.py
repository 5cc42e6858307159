"""Save a fit (parameters, starts, figures, errors) and run the HepG2 calibration.

``calibrate_hepg2(out)`` is what ``il6sim calibrate hepg2`` (``make
calibrate-hepg2``) runs: fit the training data, evaluate the validation data
with the fitted parameters (only each experiment's scale is estimated), run
the biology checks, and write everything to ``out``. With ``install=True``
the fitted values also replace the packaged calibration that the ``hepg2``
preset reads.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .fit import FitOptions, FitResult, fit
from .hepg2 import biology_checks, data_sha256, hepg2_problem
from .objective import Objective, error_summary
from .plots import plot_fits, save_waterfall
from .problem import CalibrationProblem

log = logging.getLogger(__name__)

PACKAGED = "hepg2_calibration.json"


def packaged_calibration_path():
    return resources.files("il6sim") / "data" / PACKAGED


def load_packaged_calibration() -> dict[str, Any] | None:
    """An installed HepG2 calibration (None if there is none).

    Model 2.0 ships no HepG2-specific kinetics: every cell shares one kinetic
    parameter set. ``il6sim calibrate hepg2 --install`` can still install a fit
    here as a starting point for later fits; presets do not read it.
    """
    p = packaged_calibration_path()
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as exc:
        log.warning("installed calibration %s unreadable: %s", p, exc)
        return None


def _jsonable(o):
    if isinstance(o, dict):
        return {str(k): _jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_jsonable(v) for v in o]
    if isinstance(o, (np.floating, float)):
        v = float(o)
        return v if math.isfinite(v) else (None if math.isnan(v) else ("inf" if v > 0 else "-inf"))
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, np.bool_):
        return bool(o)
    return o


def save_fit(result: FitResult, out: Path, *, others: dict[str, CalibrationProblem] | None = None,
             figures: bool = True) -> dict[str, Any]:
    """Write a fit to ``out``: best_parameters.json, starts.csv, predictions.csv, errors.csv, figures.

    ``others``: more problems (e.g. validation) evaluated at the best parameters.
    Returns a summary dict (also inside best_parameters.json).
    """
    out.mkdir(parents=True, exist_ok=True)
    obj = Objective(result.problem)
    tables = {"training": result.best.table.assign(split="training")}
    for name, prob in (others or {}).items():
        o = Objective(prob)
        x = prob.to_scaled({**result.values})
        tables[name] = o.evaluate(x).table.assign(split=name)
        if figures:
            plot_fits(o, x, out / f"fits_{name}.png", title=f"{prob.name}: prediction with fitted parameters "
                      "(only each experiment's scale estimated)")
    pred = pd.concat(tables.values(), ignore_index=True)
    from ..io.tables import write_csv

    write_csv(pred, out / "predictions.csv")
    errs = pd.concat([error_summary(t, ("split", "observable")) for t in tables.values()], ignore_index=True)
    overall = pd.concat([error_summary(t, ("split",)) for t in tables.values()], ignore_index=True)
    write_csv(errs, out / "errors.csv")
    write_csv(result.starts_frame(), out / "starts.csv")
    if figures:
        save_waterfall(out / "waterfall.png", [s.nll for s in result.starts], title=f"{result.problem.name}: starts")
        plot_fits(obj, result.x, out / "fits_training.png", title=f"{result.problem.name}: fit")
    summary = result.to_dict()
    summary["errors"] = {"by_observable": errs.to_dict(orient="records"), "overall": overall.to_dict(orient="records")}
    (out / "best_parameters.json").write_text(json.dumps(_jsonable(summary), indent=2), encoding="utf-8")
    return summary


@dataclass
class CalibrationReport:
    result: FitResult
    summary: dict
    checks: dict
    out: Path
    seconds: float


def check_run_options(*, quick, install, n_starts, workers, max_nfev, seed, progress) -> tuple:
    """The options that :func:`calibrate_hepg2` and the joint calibration share, checked before any work:
    switches ``True``/``False``, counts whole numbers >= 1 (or None: the default), ``seed`` >= 0 and
    ``progress`` as :func:`il6sim.progress.check_progress` takes it. Returns them in the order given;
    an :class:`~il6sim.errors.InputError` names the first one that is wrong."""
    from ..progress import check_progress
    from ..validate import check_count, check_flag

    return (check_flag(quick, "quick"), check_flag(install, "install"),
            *(None if v is None else check_count(v, k)
              for k, v in (("n_starts", n_starts), ("workers", workers), ("max_nfev", max_nfev))),
            check_count(seed, "seed", minimum=0), check_progress(progress))


def calibrate_hepg2(out: str | Path, *, quick: bool = False, n_starts: int | None = None, workers: int | None = None,
                    seed: int = 0, max_nfev: int | None = None, progress: bool = False,
                    install: bool = False) -> CalibrationReport:
    """Fit the HepG2 training data, check validation and biology, write results to ``out``.

    ``quick``: a short version for tests (two starts: the packaged calibration, if any,
    and the literature values; a few iterations each).
    """
    quick, install, n_starts, workers, max_nfev, seed, progress = check_run_options(
        quick=quick, install=install, n_starts=n_starts, workers=workers, max_nfev=max_nfev, seed=seed,
        progress=progress)
    t0 = time.perf_counter()
    out = Path(out)
    train = hepg2_problem("training")
    val = hepg2_problem("validation")
    workers = workers or min(2, os.cpu_count() or 1)
    if quick:
        opts = FitOptions(n_starts=n_starts or 2, seed=seed, max_nfev=max_nfev or 4, workers=1)
        starts = []
        pk = load_packaged_calibration()
        if pk and all(n in pk["parameters"] for n in train.parameter_names):
            starts.append(train.to_scaled({n: pk["parameters"][n] for n in train.parameter_names}))
        starts.append(np.clip(train.x_nominal(), train.lower, train.upper))
        res = fit(train, opts, progress=progress, x0=starts[: opts.n_starts])
    else:
        opts = FitOptions(n_starts=n_starts or 20, seed=seed, max_nfev=max_nfev or 40, workers=workers,
                          refine=4, refine_nfev=150)
        res = fit(train, opts, progress=progress)
    summary = save_fit(res, out, others={"validation": val})
    values = {**train.base, **res.values}
    checks = biology_checks(values)
    summary["biology_checks"] = checks
    summary["provenance"]["data_files_sha256"] = data_sha256()
    summary["provenance"]["total_runtime_s"] = round(time.perf_counter() - t0, 1)
    summary["provenance"]["workers"] = workers
    summary["provenance"]["cpu_count"] = os.cpu_count()
    summary["provenance"]["command"] = "il6sim calibrate hepg2" + (" --quick" if quick else "")
    (out / "best_parameters.json").write_text(json.dumps(_jsonable(summary), indent=2), encoding="utf-8")
    (out / "biology_checks.json").write_text(json.dumps(_jsonable(checks), indent=2), encoding="utf-8")
    (out / "summary.md").write_text(calibration_markdown(summary), encoding="utf-8")
    packaged = {
        "preset": "hepg2",
        "parameters": {n: float(v) for n, v in res.values.items()},
        "source": "fitted to Zeilfelder et al. 2025 HepG2 data (training split) by `il6sim calibrate hepg2`",
        "provenance": _jsonable(summary["provenance"]),
        "nll": summary["nll"],
        "errors": _jsonable(summary["errors"]["overall"]),
        "biology_checks": {k: bool(v["passed"]) for k, v in checks.items()},
    }
    (out / PACKAGED).write_text(json.dumps(packaged, indent=2), encoding="utf-8")
    if install:
        target = Path(str(packaged_calibration_path()))
        target.write_text(json.dumps(packaged, indent=2), encoding="utf-8")
        log.info("installed the calibration in %s", target)
    return CalibrationReport(res, summary, checks, out, time.perf_counter() - t0)


def calibration_markdown(summary: dict) -> str:
    """A short Markdown report: errors, fitted values, biology checks."""
    lines = ["# HepG2 calibration", ""]
    prov = summary["provenance"]
    lines.append(f"Problem `{prov['problem']}`, {prov['n_data']} training points, "
                 f"{summary['n_starts']} starts ({summary['n_converged']} within 0.5 of the best), "
                 f"best NLL {summary['nll']:.1f}, runtime {prov.get('total_runtime_s', prov['runtime_s'])} s.")
    if "converged" in summary:  # a summary written before these were recorded has neither
        lines.append("The optimiser of the best start " + ("converged" if summary["converged"] else
                     "stopped at its iteration limit before converging (its values are not an optimum)")
                     + f"; first-order optimality {fmt_number(summary['first_order_optimality'])}.")
    lines += ["", "## Errors (RMS of log10(data/model) for blots and qPCR; % points for cycloheximide)", "",
              "| split | observable | n | RMSE log10 | RMSE | chi2/point |", "|---|---|---|---|---|---|"]
    for r in summary["errors"]["by_observable"]:
        lines.append(f"| {r['split']} | {r['observable']} | {r['n']} | {fmt_number(r['rmse_log10'])} | {fmt_number(r['rmse'])} | "
                     f"{fmt_number(r['chi2_per_point'])} |")
    for r in summary["errors"]["overall"]:
        lines.append(f"| **{r['split']}** | all | {r['n']} | {fmt_number(r['rmse_log10'])} | {fmt_number(r['rmse'])} | "
                     f"{fmt_number(r['chi2_per_point'])} |")
    lines += ["", "## Fitted parameters", "", "| parameter | value | bounds | literature | at bound |",
              "|---|---|---|---|---|"]
    for n, p in summary["parameters"].items():
        lines.append(f"| {n} | {p['value']:.4g} | {p['lower']:g}-{p['upper']:g} | {p['nominal']:g} | "
                     f"{'yes' if p['at_bound'] else ''} |")
    if "biology_checks" in summary:
        lines += ["", "## Biology checks", ""]
        for k, v in summary["biology_checks"].items():
            lines.append(f"- {'PASS' if v['passed'] else 'FAIL'} `{k}`: {v['detail']}")
    return "\n".join(lines) + "\n"


def fmt_number(v) -> str:
    """A number for a summary table: 3 significant digits, '-' for missing or non-finite."""
    try:
        v = float(v)
    except (TypeError, ValueError):
        return "-"
    return "-" if not math.isfinite(v) else f"{v:.3g}"
