"""PEtab (v1) export and import of il6sim calibration problems.

Export (:func:`export_petab`) writes the SBML model, condition, observable,
measurement and parameter tables and the problem YAML, and lints them with
libpetab. Mapping of il6sim concepts to PEtab v1:

* agents added at t = 0 -> the condition table sets the medium species'
  initial concentration (the resting state is the model's initial
  assignments, which do not involve the agents, so it is unchanged);
* an agent added later (actinomycin D at 40 min) -> an SBML event in the
  exported model, ``time >= add_<S>_time`` adding ``add_<S>_conc`` nM to
  species ``S``; the condition table sets both parameters (defaults: never,
  0 nM). PEtab v1 has no timed inputs of its own; SBML events are part of the
  model and the linter accepts them;
* per-experiment scales -> observable parameters ``scale_<observable>_<experiment>``
  (estimated, log10). il6sim's own fitter computes them analytically instead;
* "% of start" observables -> the model gets a constant parameter
  ``<observable>_at_start`` with an initial assignment of the readout's formula;
* noise -> numeric ``noiseParameters`` (sigma of ln values for
  ``observableTransformation: log``; the row's sd for linear data).

Import (:func:`read_petab`) turns a PEtab problem built on il6sim's model
(observable formulas of the forms written here) back into a
:class:`~il6sim.fitting.problem.CalibrationProblem`, so it can be fitted.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError, Problem

log = logging.getLogger(__name__)

NEVER = 1e9  # min: "this timed addition does not happen"
_ID = re.compile(r"[^A-Za-z0-9_]")


def _sid(text: str) -> str:
    s = _ID.sub("_", str(text))
    return s if re.match(r"[A-Za-z_]", s) else f"x{s}"


def observable_id(name: str) -> str:
    """PEtab id of a data observable (prefixed: PEtab ids must not shadow model species)."""
    return _sid(f"obs_{name}")


def scale_parameter_id(observable: str, experiment: str) -> str:
    return _sid(f"scale_{observable}_{experiment}")


def _timed_additions(problem) -> dict[str, list]:
    """condition -> list of (species, time, conc) for additions after t = 0; also checks support."""
    problems: list[Problem] = []
    out: dict[str, list] = {}
    for c in problem.conditions.values():
        seen: set[str] = set()
        out[c.name] = []
        for e in c.events:
            if e.kind != "add":
                problems.append(Problem(f"condition '{c.name}'", f"a '{e.kind}' event at {e.time:g} min cannot be "
                                        "written in PEtab v1 (only additions of agents are exported)"))
            elif e.time > 0:
                if e.target in seen:
                    problems.append(Problem(f"condition '{c.name}'", f"two later additions of {e.target}: "
                                            "only one per species can be exported"))
                seen.add(e.target)
                out[c.name].append((e.target, e.time, e.value))
    if problems:
        raise InputError(problems)
    return out


def _add_events(sbml: str, species: list[str], observables_at_start: Mapping[str, str]) -> str:
    """Add timed-addition events and at-start parameters to an SBML document."""
    import libsbml

    doc = libsbml.readSBMLFromString(sbml)
    model = doc.getModel()
    for sp in species:
        for pid, val, unit in ((f"add_{sp}_time", NEVER, "minute"), (f"add_{sp}_conc", 0.0, "nM")):
            p = model.createParameter()
            p.setId(pid)
            p.setConstant(True)
            p.setValue(val)
            p.setUnits(unit)
            p.setName(f"time of the later addition of {sp}" if pid.endswith("time") else f"amount of {sp} added (nM)")
        ev = model.createEvent()
        ev.setId(f"add_{sp}")
        ev.setUseValuesFromTriggerTime(True)
        trig = ev.createTrigger()
        trig.setInitialValue(True)
        trig.setPersistent(True)
        trig.setMath(libsbml.parseL3Formula(f"time >= add_{sp}_time"))
        ea = ev.createEventAssignment()
        ea.setVariable(sp)
        ea.setMath(libsbml.parseL3Formula(f"{sp} + add_{sp}_conc"))
    for pid, formula in observables_at_start.items():
        p = model.createParameter()
        p.setId(pid)
        p.setConstant(True)
        p.setValue(1.0)
        p.setUnits("dimensionless")
        ia = model.createInitialAssignment()
        ia.setSymbol(pid)
        ia.setMath(libsbml.parseL3Formula(formula))
    return libsbml.writeSBMLToString(doc)


def export_petab(problem, out_dir: str | Path, *, values: Mapping[str, float] | None = None,
                 lint: bool = True) -> dict[str, Path]:
    """Write ``problem`` as a PEtab v1 problem in ``out_dir``; return the paths.

    ``values``: model parameter values to write as defaults and nominal values
    (default: the problem's base values and the fitted parameters' nominal values).
    With ``lint=True`` a problem the PEtab linter rejects raises :class:`InputError`.
    """
    import yaml

    from ..fitting.objective import Objective
    from ..io.sbml import to_sbml
    from ..model.reference import reference_model

    spec = reference_model()
    timed = _timed_additions(problem)  # everything checked before anything is written
    if problem.constraints:
        log.warning("PEtab v1 has no qualitative constraints: %s not exported",
                    ", ".join(k.name for k in problem.constraints))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    vals = dict(problem.base)
    vals.update({p.name: p.nominal for p in problem.parameters})
    if values:
        vals.update(values)
    timed_species = sorted({sp for lst in timed.values() for sp, _, _ in lst})
    at_start = {f"{observable_id(o.name)}_at_start": spec.observable_map[o.model].formula
                for o in problem.observables.values() if o.scaling == "start"}
    sbml = _add_events(to_sbml(spec, vals, name=_sid(problem.name)), timed_species, at_start)

    # conditions
    t0_species = sorted({e.target for c in problem.conditions.values() for e in c.events if e.time == 0})
    par_cols = sorted({k for c in problem.conditions.values() for k in c.parameters})
    rows = []
    for c in problem.conditions.values():
        r: dict[str, Any] = {"conditionId": _sid(c.name), "conditionName": c.description or c.name}
        for sp in t0_species:
            r[sp] = sum(e.value for e in c.events if e.target == sp and e.time == 0)
        for sp in timed_species:
            hit = [x for x in timed[c.name] if x[0] == sp]
            r[f"add_{sp}_time"] = hit[0][1] if hit else NEVER
            r[f"add_{sp}_conc"] = hit[0][2] if hit else 0.0
        for k in par_cols:
            r[k] = c.parameters.get(k, vals.get(k, spec.parameter_map[k].value))
        rows.append(r)
    cond_df = pd.DataFrame(rows)

    # observables
    orows = []
    for o in problem.observables.values():
        f = spec.observable_map[o.model].formula
        oid = observable_id(o.name)
        if o.scaling == "experiment":
            formula = f"observableParameter1_{oid} * ({f})"
        elif o.scaling == "start":
            formula = f"{o.factor!r} * ({f}) / {oid}_at_start"
        else:
            formula = f"{o.factor!r} * ({f})"
        orows.append({"observableId": oid, "observableName": o.description or o.name, "observableFormula": formula,
                      "observableTransformation": o.transform, "noiseFormula": f"noiseParameter1_{oid}",
                      "noiseDistribution": "normal"})
    obs_df = pd.DataFrame(orows)

    # measurements
    m = problem.measurements
    obj = Objective(problem)
    ev = obj.evaluate(problem.to_scaled(vals)) if len(problem.parameters) else obj.evaluate(np.array([]))
    mrows = []
    for i, r in m.iterrows():
        o = problem.observables[r["observable"]]
        sigma = obj._sigma[i]
        mrows.append({
            "observableId": observable_id(o.name), "simulationConditionId": _sid(r["condition"]),
            "measurement": r["value"], "time": r["time_min"],
            "observableParameters": scale_parameter_id(o.name, r["experiment"]) if o.scaling == "experiment" else "",
            "noiseParameters": float(sigma), "datasetId": _sid(f"{r['experiment']}_{o.name}"),
        })
    meas_df = pd.DataFrame(mrows)

    # parameters
    prows = []
    for p in problem.parameters:
        row = {"parameterId": p.name, "parameterName": spec.parameter_map[p.name].description,
               "parameterScale": p.scale, "lowerBound": p.lower, "upperBound": p.upper,
               "nominalValue": vals.get(p.name, p.nominal), "estimate": 1}
        if p.prior_sd:
            mu = p.to_scaled(p.prior_mean if p.prior_mean is not None else p.nominal)
            row.update({"objectivePriorType": "parameterScaleNormal", "objectivePriorParameters": f"{mu!r};{p.prior_sd!r}"})
        prows.append(row)
    fitted_names = {p.name for p in problem.parameters}
    for k in sorted(problem.base):  # the cell's values (e.g. hepg2 copy numbers), fixed
        if k in fitted_names or k not in spec.parameter_map:
            continue
        v = float(problem.base[k])
        prows.append({"parameterId": k, "parameterName": spec.parameter_map[k].description, "parameterScale": "lin",
                      "lowerBound": v, "upperBound": v, "nominalValue": v, "estimate": 0})
    for (e, o), s in ev.scales.items():
        prows.append({"parameterId": scale_parameter_id(o, e), "parameterName": f"scale of {o} in experiment {e}",
                      "parameterScale": "log10", "lowerBound": 1e-6, "upperBound": 1e12,
                      "nominalValue": float(s) if np.isfinite(s) and 1e-6 < s < 1e12 else 1.0, "estimate": 1})
    par_df = pd.DataFrame(prows)

    paths = {"model": out / "model.xml", "conditions": out / "conditions.tsv", "observables": out / "observables.tsv",
             "measurements": out / "measurements.tsv", "parameters": out / "parameters.tsv",
             "problem": out / "problem.yaml"}
    paths["model"].write_text(sbml)
    cond_df.to_csv(paths["conditions"], sep="\t", index=False)
    obs_df.to_csv(paths["observables"], sep="\t", index=False)
    meas_df.to_csv(paths["measurements"], sep="\t", index=False)
    par_df.to_csv(paths["parameters"], sep="\t", index=False)
    with open(paths["problem"], "w") as fh:
        yaml.safe_dump({
            "format_version": 1,
            "parameter_file": "parameters.tsv",
            "problems": [{"sbml_files": ["model.xml"], "condition_files": ["conditions.tsv"],
                          "measurement_files": ["measurements.tsv"], "observable_files": ["observables.tsv"]}],
        }, fh, sort_keys=False)
    if lint:
        errs = lint_petab(paths["problem"])
        if errs:
            raise InputError([Problem(str(paths["problem"]), e) for e in errs])
    return paths


def lint_petab(yaml_path: str | Path) -> list[str]:
    """Run libpetab's linter on a problem; return its error messages (empty: the problem passes)."""
    import petab.v1 as petab

    msgs: list[str] = []

    class _H(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.ERROR:
                msgs.append(record.getMessage())

    h = _H()
    lg = logging.getLogger("petab")
    lg.addHandler(h)
    try:
        prob = petab.Problem.from_yaml(str(yaml_path))
        failed = petab.lint.lint_problem(prob)
    except Exception as exc:  # the reader itself rejects the files
        return [f"cannot read the PEtab problem: {exc}"]
    finally:
        lg.removeHandler(h)
    if failed and not msgs:
        msgs.append("the PEtab linter reported errors (run petablint for details)")
    return msgs if failed else []


def _norm(f: str) -> str:
    return re.sub(r"\s+", "", f)


def read_petab(yaml_path: str | Path):
    """Read a PEtab problem on il6sim's model as a :class:`CalibrationProblem`.

    Supported: the tables :func:`export_petab` writes (observable formulas
    ``observableParameter1_<id> * (<il6sim observable formula>)``,
    ``<factor> * (<formula>) / <id>_at_start`` or ``<factor> * (<formula>)``;
    numeric noise parameters; conditions setting medium species, ``add_<S>_time`` /
    ``add_<S>_conc`` and model parameters). Anything else is listed as a problem.
    """
    import petab.v1 as petab

    from ..engine.simulator import Event
    from ..fitting.problem import CalibrationProblem, Condition, FitParameter, ObservableDef
    from ..model.reference import reference_model

    where = str(yaml_path)
    try:
        pp = petab.Problem.from_yaml(str(yaml_path))
    except Exception as exc:
        raise InputError(f"cannot read the PEtab problem: {exc}", where) from None
    spec = reference_model()
    problems: list[Problem] = []
    medium = set(spec.species_in("medium"))
    pmap = spec.parameter_map
    by_formula = {_norm(o.formula): o.name for o in spec.observables}

    # observables
    obs: dict[str, ObservableDef] = {}
    names: dict[str, str] = {}
    for oid, r in pp.observable_df.iterrows():
        name = oid[4:] if oid.startswith("obs_") else oid
        names[oid] = name
        f = _norm(str(r["observableFormula"]))
        tr = str(r.get("observableTransformation", "lin") or "lin")
        if tr not in ("lin", "log"):
            problems.append(Problem(f"{where}, observable {oid}", f"transformation {tr!r} not supported (lin, log)"))
            continue
        if str(r.get("noiseDistribution", "normal") or "normal") != "normal":
            problems.append(Problem(f"{where}, observable {oid}", "only normal noise is supported"))
        m1 = re.fullmatch(rf"observableParameter1_{re.escape(oid)}\*\((.*)\)", f)
        m2 = re.fullmatch(rf"([0-9.eE+-]+)\*\((.*)\)/{re.escape(oid)}_at_start", f)
        m3 = re.fullmatch(r"([0-9.eE+-]+)\*\((.*)\)", f)
        if m1 and m1.group(1) in by_formula:
            obs[oid] = ObservableDef(name, by_formula[m1.group(1)], tr, "experiment", 1.0, 1.0)
        elif m2 and m2.group(2) in by_formula:
            obs[oid] = ObservableDef(name, by_formula[m2.group(2)], tr, "start", float(m2.group(1)), 1.0)
        elif m3 and m3.group(2) in by_formula:
            obs[oid] = ObservableDef(name, by_formula[m3.group(2)], tr, "fixed", float(m3.group(1)), 1.0)
        elif f in by_formula:
            obs[oid] = ObservableDef(name, by_formula[f], tr, "fixed", 1.0, 1.0)
        else:
            problems.append(Problem(f"{where}, observable {oid}", "formula is not an il6sim observable in a "
                                    "supported form (scale * (formula), factor * (formula) / <id>_at_start)"))

    # conditions
    conds: dict[str, Condition] = {}
    for cid, r in pp.condition_df.iterrows():
        events, params = [], {}
        for col, v in r.items():
            if col == "conditionName":
                continue
            try:
                v = float(v)
            except (TypeError, ValueError):
                problems.append(Problem(f"{where}, condition {cid}", f"{col} = {v!r}: only numbers are supported"))
                continue
            if col in medium:
                if v > 0:
                    events.append(Event(0.0, "add", col, v))
            elif re.fullmatch(r"add_(\w+)_time", col) or re.fullmatch(r"add_(\w+)_conc", col):
                continue
            elif col in pmap and pmap[col].kind != "derived":
                params[col] = v
            else:
                problems.append(Problem(f"{where}, condition {cid}", f"column {col!r} is not supported"))
        for col in r.index:
            mt = re.fullmatch(r"add_(\w+)_time", col)
            if mt and mt.group(1) in medium:
                sp = mt.group(1)
                t, c = float(r[col]), float(r.get(f"add_{sp}_conc", 0.0))
                if c > 0 and t < NEVER:
                    events.append(Event(t, "add", sp, c))
        conds[cid] = Condition(cid, tuple(sorted(events)), params, str(r.get("conditionName", cid)))

    # measurements
    md = pp.measurement_df
    if "preequilibrationConditionId" in md and md["preequilibrationConditionId"].fillna("").astype(str).str.len().any():
        problems.append(Problem(where, "pre-equilibration is not supported (il6sim starts at its resting state)"))
    exp, sds = [], []
    for _, r in md.iterrows():
        o = obs.get(r["observableId"])
        op = str(r.get("observableParameters", "") if pd.notna(r.get("observableParameters", "")) else "")
        exp.append(op if op else "all")
        try:
            s = float(r.get("noiseParameters"))
        except (TypeError, ValueError):
            problems.append(Problem(where, f"noiseParameters {r.get('noiseParameters')!r}: only numbers are supported"))
            s = 1.0
        sds.append(s * float(r["measurement"]) if (o is not None and o.transform == "log") else s)
    meas = pd.DataFrame({"condition": md["simulationConditionId"].astype(str), "time_min": md["time"].astype(float),
                         "observable": md["observableId"].astype(str).map(lambda i: names.get(i, i)), "value": md["measurement"].astype(float),
                         "sd": sds, "experiment": exp})

    # parameters
    fitted, base = [], {}
    scale_ids = set(meas["experiment"])
    for pid, r in pp.parameter_df.iterrows():
        if pid in scale_ids:
            continue  # scales: optimal analytically in il6sim's fitter
        if pid not in pmap:
            problems.append(Problem(f"{where}, parameter {pid}", "not a parameter of il6sim's model"))
            continue
        if int(r.get("estimate", 0)) == 1:
            sc = str(r.get("parameterScale", "lin"))
            if sc not in ("lin", "log10"):
                problems.append(Problem(f"{where}, parameter {pid}", f"parameterScale {sc!r} not supported (lin, log10)"))
                continue
            prior_sd = prior_mean = None
            if str(r.get("objectivePriorType", "")) == "parameterScaleNormal":
                mu, sd = (float(x) for x in str(r["objectivePriorParameters"]).split(";"))
                prior_sd, prior_mean = sd, (10 ** mu if sc == "log10" else mu)
            fitted.append(FitParameter(pid, float(r["lowerBound"]), float(r["upperBound"]), float(r["nominalValue"]),
                                       sc, prior_sd, prior_mean))
        else:
            base[pid] = float(r["nominalValue"])
    if problems:
        raise InputError(problems)
    obs = {o.name: o for o in obs.values()}
    return CalibrationProblem(name=Path(yaml_path).stem, measurements=meas, conditions=conds, observables=obs,
                              parameters=tuple(fitted), base=base,
                              provenance={"petab": str(Path(yaml_path).resolve())})
