"""The joint HepG2 + PHH calibration with pyPESTO (``il6sim calibrate joint``, ``make calibrate``).

Steps: build the joint training problem (:mod:`il6sim.fitting.joint`),
multi-start optimisation with pyPESTO (:mod:`il6sim.fitting.pypesto_engine`),
evaluate training and held-out data at the best parameters (held-out data
estimate only their own blot scales), a Laplace ensemble around the optimum
(:func:`laplace_ensemble`), checks of copy numbers and HepG2 behaviours, and
write everything to ``out``:

* ``calibrated_parameters.json``: the fitted values, the ensemble (a Laplace
  approximation by default; a pyPESTO adaptive Metropolis sample,
  :mod:`il6sim.fitting.sampling`, with ``n_samples > 0``, or afterwards with
  :func:`sample_joint`, ``il6sim calibrate sample``, ``make sample``) and the
  provenance (data hashes, seed, options, versions); with ``install=True``
  also copied into the package (``il6sim/data/calibrated_parameters.json``,
  the named parameter set ``calibrated``);
* ``starts.csv`` (each start's values in columns ``x0_<scale>_<name>``, ``x_<scale>_<name>``,
  scale log10 or lin, see :meth:`CalibrationProblem.scaled_columns`), ``errors.csv`` (per split,
  cell and data set), ``predictions.csv``;
* ``fits_hepg2_training.png``, ``fits_phh_training.png``, ``fits_hepg2_heldout.png``,
  ``fits_phh_heldout.png``, ``waterfall.png``; ``summary.md``.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import sys
import time
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .calibrate import fmt_number, _jsonable
from .joint import CELLS, count_checks, data_sha256, joint_problem
from .objective import FIT_SOLVER, Objective, error_summary
from .problem import CalibrationProblem
from .pypesto_engine import PypestoOptions, jacobian, optimize, summarise
from .sampling import CHUNK, PROPOSAL, sample_posterior
from ..io.locking import locked_dir

log = logging.getLogger(__name__)

PACKAGED = "calibrated_parameters.json"
#: what a second writer into a calibration folder is told holds it
LOCK_JOB = "calibration or posterior chain"
ENSEMBLE_SIZE = 100


def packaged_path():
    return resources.files("il6sim") / "data" / PACKAGED


#: presets that take the values estimated for another cell: the hepatocyte preset is primary hepatocytes
#: with rat receptor numbers and the PHH counts, so it takes what the joint fit estimated for PHH
SAME_CELL = {"hepatocyte": "phh"}


def with_same_cell_values(values: dict[str, float]) -> dict[str, float]:
    """``values`` plus a copy of every ``NAME@CELL`` for the presets of :data:`SAME_CELL`.

    >>> with_same_cell_values({"k_exp": 1.0, "SOCS3_translation_factor@phh": 0.02})
    {'k_exp': 1.0, 'SOCS3_translation_factor@phh': 0.02, 'SOCS3_translation_factor@hepatocyte': 0.02}
    """
    out = dict(values)
    for preset, cell in SAME_CELL.items():
        for k, v in values.items():
            name, _, scope = k.partition("@")
            if scope == cell:
                out[f"{name}@{preset}"] = v
    return out


def laplace_ensemble(problem: CalibrationProblem, x: np.ndarray, n: int = ENSEMBLE_SIZE, seed: int = 0,
                     objective: Objective | None = None) -> dict[str, Any]:
    """Parameter sets drawn from the Laplace approximation of the posterior at ``x`` (flat priors).

    Covariance of the scaled parameters: the pseudo-inverse of the Gauss-Newton
    Hessian ``J^T J`` of the weighted residuals (pyPESTO FD Jacobian; singular
    values below 1e-8 of the largest are dropped, i.e. those directions are not
    sampled). Parameters at a bound in the optimum stay there: the Laplace
    approximation does not hold at a bound. Draws outside the bounds are
    clipped. This is an approximation, not a posterior sample.
    """
    J = jacobian(problem, x, objective)
    lo, hi = problem.lower, problem.upper
    free = np.minimum(x - lo, hi - x) > 1e-3
    Jf = J[:, free]
    H = Jf.T @ Jf
    cov = np.linalg.pinv(H, rcond=1e-8, hermitian=True)
    sd = np.sqrt(np.clip(np.diag(cov), 0, None))
    rng = np.random.default_rng(seed)
    draws = np.tile(x, (n, 1))
    if free.any():
        draws[:, free] = rng.multivariate_normal(x[free], cov, size=n, method="eigh")
    draws = np.clip(draws, lo, hi)
    names = problem.parameter_names
    sd_full = np.zeros(len(x))
    sd_full[free] = sd
    return {
        "method": "laplace (Gauss-Newton Hessian at the optimum; parameters at a bound held fixed; draws clipped "
                  "to the bounds)",
        "n": int(n), "seed": int(seed), "names": names,
        "sd_log10": {nm: float(s) for nm, s in zip(names, sd_full)},
        "fixed_at_bound": [nm for nm, f in zip(names, free) if not f],
        "samples": [{nm: float(problem.parameters[i].from_scaled(v)) for i, (nm, v) in enumerate(zip(names, row))}
                    for row in draws],
    }


def _cell_of(cond: pd.Series) -> pd.Series:
    return cond.str.split(":").str[0]


def calibrate_joint(out: str | Path, *, quick: bool = False, n_starts: int | None = None, workers: int | None = None,
                    seed: int = 0, max_nfev: int | None = None, progress: "bool | str" = False,
                    install: bool = False, figures: bool = True, n_samples: int | None = None) -> dict[str, Any]:
    """Fit the joint problem, evaluate held-out data, draw the ensemble, write results; returns the summary.

    ``progress``: ``True``/``"bar"`` (pyPESTO's bars, a terminal), ``"lines"`` (a line every 5 % of the
    starts and a line per chain chunk, for logs and pipes) or ``False``.

    Holds ``out``'s lock (:func:`il6sim.io.locking.locked_dir`) while it works: a second calibration or
    chain started into the same folder is refused."""
    from ..validate import check_count, check_flag
    from .calibrate import check_run_options

    quick, install, n_starts, workers, max_nfev, seed, progress = check_run_options(
        quick=quick, install=install, n_starts=n_starts, workers=workers, max_nfev=max_nfev, seed=seed,
        progress=progress)
    figures = check_flag(figures, "figures")
    n_samples = None if n_samples is None else check_count(n_samples, "n_samples", minimum=0)
    with locked_dir(Path(out), LOCK_JOB):
        return _calibrate_joint(Path(out), quick=quick, n_starts=n_starts, workers=workers, seed=seed,
                                max_nfev=max_nfev, progress=progress, install=install, figures=figures,
                                n_samples=n_samples)


def _calibrate_joint(out: Path, *, quick, n_starts, workers, seed, max_nfev, progress, install, figures,
                     n_samples) -> dict[str, Any]:
    import pypesto

    from .. import __version__
    from ..engine.simulator import Simulator
    from .hepg2 import biology_checks
    from ..model.overrides import for_preset
    from .phh import cell_values
    from .plots import save_waterfall

    t0 = time.perf_counter()
    train = joint_problem("training")
    held = joint_problem("validation")
    workers = workers or min(2, os.cpu_count() or 1)
    if quick:
        opts = PypestoOptions(n_starts=n_starts or 2, seed=seed, max_nfev=max_nfev or 5, workers=1)
    else:
        opts = PypestoOptions(n_starts=n_starts or 24, seed=seed, max_nfev=max_nfev or 200, workers=workers)
    fit = optimize(train, opts, progress=progress)
    s = summarise(fit)
    x = fit.x
    values = fit.values

    # training and held-out errors per cell and data set
    tobj = Objective(train)
    hobj = Objective(held)
    xt = held.to_scaled(values)
    tabs = [tobj.evaluate(x).table.assign(split="training"), hobj.evaluate(xt).table.assign(split="held-out")]
    pred = pd.concat(tabs, ignore_index=True)
    pred["cell"] = _cell_of(pred["condition"])
    pred.to_csv(out / "predictions.csv", index=False)
    errs = error_summary(pred, ("split", "cell", "observable"))
    overall = error_summary(pred, ("split", "cell"))
    errs.to_csv(out / "errors.csv", index=False)

    lap = laplace_ensemble(train, x, seed=seed, objective=tobj)
    n_samples = n_samples if n_samples is not None else (200 if quick else 0)
    if n_samples > 0:
        ens = sample_posterior(train, x, n_samples=n_samples, seed=seed, n_members=ENSEMBLE_SIZE,
                               progress=progress in (True, "bar"), objective=tobj,
                               report=(lambda m: print(m, file=sys.stderr, flush=True)) if progress == "lines"
                               else None)
    else:
        ens = lap
    hep = {**cell_values("hepg2"), **for_preset(values, "hepg2")}
    ens = {**ens, "samples": [with_same_cell_values(m) for m in ens["samples"]]}
    # figures over each cell's data, with the ensemble's band
    if figures:
        draw_fit_figures(out, values, ens["samples"], caveat=QUICK_CAVEAT if quick else "")
        save_waterfall(out / "waterfall.png", sorted(s["fvals"]), title="joint HepG2 + PHH fit: starts (pyPESTO)")
    checks = {**{f"hepg2_{k}": v for k, v in biology_checks(hep).items()}, **count_checks(values)}

    starts = pd.DataFrame([{"rank": i + 1, "id": r.id, "fval_half_chi2": r.fval, "n_res": r.n_res, "n_sres": r.n_sres,
                            "seconds": r.time, "message": r.message,
                            **train.scaled_columns("x0", np.asarray(r.x0)),
                            **train.scaled_columns("x", np.asarray(r.x))}
                           for i, r in enumerate(fit.result.optimize_result)])
    starts.to_csv(out / "starts.csv", index=False)
    sim = Simulator()
    params = {}
    for p, xv in zip(train.parameters, x):
        params[p.name] = {"value": p.from_scaled(xv), "log10": float(xv), "lower": p.lower, "upper": p.upper,
                          "nominal": p.nominal, "laplace_sd_log10": lap["sd_log10"][p.name],
                          "sample_sd_log10": ens["sd_log10"][p.name],
                          "sample_ci95_log10": ens.get("ci95_log10", {}).get(p.name),
                          "at_bound": bool(min(xv - p.scaled_bounds[0], p.scaled_bounds[1] - xv) < 1e-3)}
    prov = {
        "command": "il6sim calibrate joint" + (" --quick" if quick else ""),
        "problem": train.name, "n_data_training": int(len(train.measurements)),
        "n_data_held_out": int(len(held.measurements)), "held_out": train.provenance["held_out"],
        "data": train.provenance["data"], "data_files_sha256": data_sha256(),
        "training_table_sha256": train.data_sha256(),
        "optimizer": "pyPESTO ScipyOptimizer(ls_trf): scipy least_squares, trust-region reflective, exact "
                     "trust-region solver; central finite differences (pypesto.objective.FD, step 1e-3 on log10)",
        "options": opts.to_dict(), "seed": seed,
        "solver": {"engine": "libroadrunner CVODE", "rtol": FIT_SOLVER.rtol, "atol": FIT_SOLVER.atol},
        "versions": {"il6sim": __version__, "pypesto": pypesto.__version__, "numpy": np.__version__,
                     "scipy": __import__("scipy").__version__, "python": platform.python_version()},
        "model": f"{sim.spec.name} {sim.spec.version}", "model_sbml_sha256": sim.sbml_sha256,
        "model_kinetics_sha256": sim.kinetics_sha256,
        "optimisation_s": round(fit.seconds, 1), "total_runtime_s": round(time.perf_counter() - t0, 1),
        "workers": opts.workers, "cpu_count": os.cpu_count(),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.system()}",
    }
    summary = {
        "name": "calibrated",
        "description": "kinetic parameters fitted jointly to HepG2 and PHH data (Zeilfelder et al. 2025); "
                       "apply on top of any preset (NAME@PRESET values, e.g. PHH's SOCS3 translation, only on "
                       "cells of that preset)",
        "parameters": with_same_cell_values({n: params[n]["value"] for n in params}),
        "fit": {k: v for k, v in s.items()},
        "parameter_details": params,
        "errors": {"by_data_set": errs.to_dict(orient="records"), "by_cell": overall.to_dict(orient="records")},
        "checks": {k: {kk: vv for kk, vv in v.items()} for k, v in checks.items()},
        "ensemble": ens,
        "laplace": {k: v for k, v in lap.items() if k != "samples"},
        "provenance": prov,
    }
    text = json.dumps(_jsonable(summary), indent=1)
    (out / PACKAGED).write_text(text, encoding="utf-8")
    (out / "summary.md").write_text(summary_markdown(summary), encoding="utf-8")
    if install:
        Path(str(packaged_path())).write_text(text, encoding="utf-8")
        log.info("installed the calibrated parameter set in %s", packaged_path())
    return summary


#: length of the posterior chain of ``il6sim calibrate sample`` (``make sample``)
CHAIN_STEPS = 100_000
CHECKPOINT = "chain_checkpoint.npz"


def sample_joint(out: str | Path, *, n_samples: int = CHAIN_STEPS, seed: int | None = None, install: bool = False,
                 progress: bool = False, report=None) -> dict[str, Any]:
    """Replace the ensemble of the joint fit in ``out`` by a pyPESTO posterior chain from its optimum.

    Reads ``out/calibrated_parameters.json`` (written by :func:`calibrate_joint`),
    runs :func:`il6sim.fitting.sampling.sample_posterior` with a checkpoint in
    ``out/chain_checkpoint.npz`` (an interrupted run resumes there), and
    rewrites the JSON file and ``summary.md`` with the sample; ``install``
    copies the result into the package. The seed defaults to the fit's. Holds
    ``out``'s lock throughout, like :func:`calibrate_joint`.
    """
    from ..errors import InputError
    from ..progress import check_progress
    from ..validate import check_count, check_flag

    n_samples = check_count(n_samples, "n_samples")
    seed = None if seed is None else check_count(seed, "seed", minimum=0)
    install, progress = check_flag(install, "install"), check_progress(progress)
    out = Path(out)
    path = out / PACKAGED
    if not path.is_file():
        raise InputError([f"{out}: no joint fit here ({PACKAGED} is missing); run `il6sim calibrate joint --out "
                          f"{out}` (make calibrate) first"])
    with locked_dir(out, LOCK_JOB):
        return _sample_into(out, n_samples=n_samples, seed=seed, install=install, progress=progress, report=report)


def _sample_into(out: Path, *, n_samples, seed, install, progress, report) -> dict[str, Any]:
    import pypesto

    from ..engine.simulator import Simulator
    from ..errors import InputError

    path = out / PACKAGED
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
        details, prov = summary["parameter_details"], summary["provenance"]
    except (ValueError, KeyError, TypeError) as e:  # said in words, not as the reader's exception
        why = ("it is not JSON" if isinstance(e, ValueError)
               else f"it has no {e.args[0]!r} entry" if isinstance(e, KeyError) and isinstance(e.args[0], str)
               else "it does not hold a fit's parameters and provenance")
        raise InputError([f"{path}: not a joint calibration result ({why}); run `il6sim "
                          f"calibrate joint --out {out}` again"]) from None
    sim = Simulator()
    if prov.get("model_kinetics_sha256") != sim.kinetics_sha256:
        raise InputError([f"{path}: fitted with other model kinetics than this il6sim's; run `il6sim calibrate "
                          f"joint --out {out}` again before sampling"])
    train = joint_problem("training")
    missing = [n for n in train.parameter_names if n not in details]
    if missing:
        raise InputError([f"{path}: the fit lacks the fitted parameter(s) {', '.join(missing)} of this il6sim's "
                          f"problem; run `il6sim calibrate joint --out {out}` again"])
    x = np.array([float(details[n]["log10"]) for n in train.parameter_names])
    seed = int(prov.get("seed", 0)) if seed is None else seed
    t0 = time.perf_counter()
    ens = sample_posterior(train, x, n_samples=n_samples, seed=seed, n_members=ENSEMBLE_SIZE, progress=progress,
                           objective=Objective(train), checkpoint=out / CHECKPOINT, tag=sim.kinetics_sha256,
                           report=report)
    ens = {**ens, "samples": [with_same_cell_values(m) for m in ens["samples"]]}
    for n in train.parameter_names:
        details[n]["sample_sd_log10"] = ens["sd_log10"][n]
        details[n]["sample_ci95_log10"] = ens["ci95_log10"][n]
    summary["ensemble"] = ens
    prov["sampling"] = {
        "command": f"il6sim calibrate sample --samples {n_samples} --seed {seed}",
        "sampler": f"pyPESTO AdaptiveMetropolisSampler, proposal: {PROPOSAL}", "n_samples": int(n_samples), "seed": int(seed),
        "seconds": round(time.perf_counter() - t0, 1), "resumed_at_step": ens["resumed_at_step"],
        "checkpoint_every": CHUNK, "pypesto": pypesto.__version__, "cpu_count": os.cpu_count(),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    text = json.dumps(_jsonable(summary), indent=1)
    path.write_text(text, encoding="utf-8")
    (out / "summary.md").write_text(summary_markdown(summary), encoding="utf-8")
    # the fit figures show the band of the new ensemble
    draw_fit_figures(out, {n: float(details[n]["value"]) for n in train.parameter_names}, ens["samples"])
    if install:
        Path(str(packaged_path())).write_text(text, encoding="utf-8")
        log.info("installed the calibrated parameter set in %s", packaged_path())
    return summary


#: said under the title of a quick fit's figures and in its summary: its band is not an uncertainty
QUICK_CAVEAT = ("quick fit: the band comes from a short chain at an unconverged optimum and does not measure "
                "uncertainty (make calibrate: the full fit)")


def draw_fit_figures(out: str | Path, values: dict[str, float], samples: list[dict] | None = None, *,
                     caveat: str = "") -> list[Path]:
    """``fits_<cell>_<training|heldout>.png`` in ``out``: the fit over each cell's data, and with ``samples``
    (the ensemble's parameter values) the 95 % band of their curves; ``caveat``, if given, is a second title
    line. Returns the paths."""
    from .plots import plot_fits

    paths = []
    for cell in CELLS:
        for split, tag in (("training", "training"), ("validation", "heldout")):
            prob = joint_problem(split, cells=(cell,))
            members = [prob.to_scaled(m) for m in samples] if samples else None
            band = f"; grey: 95 % band of {len(members)} ensemble members" if members and len(members) > 1 else ""
            paths.append(plot_fits(
                Objective(prob), prob.to_scaled(values), Path(out) / f"fits_{cell}_{tag}.png", members=members,
                title=f"{cell}, {'training data' if tag == 'training' else 'held-out data'}: joint fit "
                      f"(data divided by their blot's fitted scale){band}" + (f"\n{caveat}" if caveat else "")))
    return paths


def summary_markdown(summary: dict) -> str:
    f = summary["fit"]
    p = summary["provenance"]
    lines = ["# Joint HepG2 + PHH calibration (pyPESTO)", "",
             f"{p['n_data_training']} training points, {p['n_data_held_out']} held-out points; "
             f"{f['n_starts']} starts, {f['n_reached_best']} reached the best value 0.5·chi2 = {f['best_fval']:.3f} "
             f"(NLL {f['best_nll']:.2f}) "
             f"(within {f['reached_tolerance']:g}), {f['n_within_1']} within 1; first-order optimality "
             f"(projected gradient, inf-norm) {f['first_order_optimality']:.2e}; optimisation "
             f"{p['optimisation_s']:.0f} s on {p['workers']} worker(s), total {p['total_runtime_s']:.0f} s.", "",
             "## Errors (RMS of log10(data/prediction); % points for the cycloheximide series)", "",
             "| split | cell | data set | n | RMSE log10 | RMSE | chi2/point |", "|---|---|---|---|---|---|---|"]
    for r in summary["errors"]["by_data_set"]:
        lines.append(f"| {r['split']} | {r['cell']} | {r['observable']} | {r['n']} | {fmt_number(r['rmse_log10'])} | "
                     f"{fmt_number(r['rmse'])} | {fmt_number(r['chi2_per_point'])} |")
    for r in summary["errors"]["by_cell"]:
        lines.append(f"| **{r['split']}** | **{r['cell']}** | all | {r['n']} | {fmt_number(r['rmse_log10'])} | "
                     f"{fmt_number(r['rmse'])} | {fmt_number(r['chi2_per_point'])} |")
    lines += ["", "## Fitted parameters (log10 scale)", "",
              "| parameter | value | table value | bounds | Laplace sd (log10) | sample sd (log10) | at bound |",
              "|---|---|---|---|---|---|---|"]
    for n, d in summary["parameter_details"].items():
        lines.append(f"| {n} | {d['value']:.4g} | {d['nominal']:g} | {d['lower']:g}-{d['upper']:g} | "
                     f"{d['laplace_sd_log10']:.2f} | {d['sample_sd_log10']:.2f} | {'yes' if d['at_bound'] else ''} |")
    e = summary["ensemble"]
    lines += ["", f"Ensemble: {e['method']}; {e['n']} members"
              + (f"; burn-in {e['burn_in']}, effective sample size {e['effective_sample_size']:.0f}, acceptance "
                 f"{e['acceptance_rate']:.2f}" if "burn_in" in e else "")
              + (f"; `{p['sampling']['command']}`, {p['sampling']['seconds']:.0f} s on one process"
                 if "sampling" in p else "") + "."]
    if p["command"].endswith("--quick") and "sampling" not in p:
        lines += ["", f"Note: {QUICK_CAVEAT}."]
    lines += ["", "## Checks", ""]
    for k, v in summary["checks"].items():
        lines.append(f"- {'PASS' if v['passed'] else 'FAIL'} `{k}`: {v['detail']}")
    return "\n".join(lines) + "\n"

