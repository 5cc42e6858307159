"""A :class:`~il6sim.fitting.problem.CalibrationProblem` as a PEtab v1 problem, and back.

Export (:func:`export_petab`) writes what AMICI's and pyPESTO's PEtab
importers load unmodified; it does not simulate. Mapping:

* conditions -> the condition table (agents at t = 0 set species initial
  values, later additions are SBML events; see :mod:`il6sim.io.petab`);
* per-experiment scales -> one estimated parameter ``scale_<observable>__<experiment>``
  (log10) and, because AMICI refuses time-point-specific observable
  parameters, one PEtab observable per (observable, experiment)
  ``obs_<observable>__<experiment>`` whose formula names its scale. The
  scales' nominal values are what the caller passes (e.g. the optimal scales
  at the nominal parameters, :func:`optimal_scales`), else 1;
* noise -> numeric ``noiseParameters`` (sigma of ln values for
  ``observableTransformation: log``; the row's sd for linear data);
* priors -> ``parameterScaleNormal`` priors;
* order constraints -> not representable: listed in the README written next
  to the problem, and logged.

Import (:func:`read_petab`) reads such a problem (flattened or with
``observableParameters``) back as a :class:`CalibrationProblem`; the scales'
nominal values are kept, so :meth:`Objective.evaluate` with ``scales=`` gives
the PEtab likelihood at the problem's nominal parameters.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..engine.simulator import Event
from ..errors import InputError, Problem
from ..io.petab import (NEVER, dose_parameter_id, lint_petab, observable_id, petab_sbml, read_petab_files,
                        scale_parameter_id, sid, write_petab)
from ..io.sbml import observable_ids, rest_parameter_id, to_sbml
from ..model.reference import reference_model
from ..validate import did_you_mean
from .problem import CalibrationProblem, Condition, FitParameter, ObservableDef

log = logging.getLogger(__name__)

__all__ = ["export_petab", "read_petab", "lint_petab", "optimal_scales", "sigmas"]


def sigmas(problem: CalibrationProblem) -> np.ndarray:
    """Noise of every measurement row: sd (log data: sd / value, the sigma of ln y), else the observable's noise."""
    df = problem.measurements
    sd = df["sd"].to_numpy(dtype=float)
    y = df["value"].to_numpy(dtype=float)
    is_log = np.array([problem.observables[o].transform == "log" for o in df["observable"]])
    default = np.array([problem.observables[o].noise for o in df["observable"]])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isnan(sd), default, np.where(is_log, sd / np.abs(y), sd))


def optimal_scales(problem: CalibrationProblem, values: Mapping[str, float] | None = None
                   ) -> dict[tuple[str, str], float]:
    """The likelihood-optimal scale of each (experiment, observable) at ``values`` (simulates the model)."""
    from .objective import Objective

    vals = {p.name: p.nominal for p in problem.parameters}
    vals.update(values or {})
    obj = Objective(problem)
    x = problem.to_scaled(vals) if problem.parameters else np.array([])
    return obj.evaluate(x).scales


def _timed_additions(problem: CalibrationProblem) -> dict[str, list]:
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
            elif e.time < 0:
                problems.append(Problem(f"condition '{c.name}'", f"an addition at {e.time:g} min (before t = 0) "
                                        "cannot be written in PEtab v1"))
            elif e.time > 0:
                if e.target in seen:
                    problems.append(Problem(f"condition '{c.name}'", f"two later additions of {e.target}: "
                                            "only one per species can be exported"))
                seen.add(e.target)
                out[c.name].append((e.target, e.time, e.value))
    if problems:
        raise InputError(problems)
    return out


def counted(n: int, noun: str) -> str:
    """'1 condition', '2 conditions': ``n`` and ``noun``, plural unless ``n`` is 1."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _readme(problem: CalibrationProblem, n_obs: int) -> str:
    lines = [
        f"# PEtab problem '{problem.name}' (written by il6sim)",
        "",
        f"{counted(len(problem.measurements), 'measurement')}, {counted(len(problem.conditions), 'condition')}, "
        f"{counted(len(problem.parameters), 'estimated model parameter')}, {counted(n_obs, 'PEtab observable')}.",
        "",
        "Load it with any PEtab v1 tool (AMICI `amici.importers.petab`, pyPESTO `PetabImporter`).",
        "`il6sim fit problem.yaml --evaluate --json` prints the negative log-likelihood at the nominal",
        "parameters (key `nll`), which equals AMICI's.",
        "",
        "## What the PEtab problem cannot carry and how il6sim handles it",
        "",
        "- **Per-experiment scales are estimated parameters here.** il6sim's own fitter computes each",
        "  experiment's scale analytically for every parameter vector (the optimum of the likelihood for",
        "  the fixed model output); in PEtab they are ordinary log10 parameters `scale_<observable>__<experiment>`",
        "  with their optimal values at the nominal parameters as nominal values. The maximum-likelihood",
        "  estimate is the same; a PEtab optimiser simply has more parameters to search.",
        "- **One observable per experiment.** AMICI refuses time-point-specific observable parameters, so",
        "  each (observable, experiment) pair is its own PEtab observable `obs_<observable>__<experiment>`.",
        "- **Doses on top of a resting level.** A species that is not zero at rest and is dosed at t = 0",
        "  gets `dose_<species>` (set per condition) and the initial assignment `rest_<species> + dose_<species>`.",
        "- **Later additions** (e.g. actinomycin D at 40 min) are SBML events set by the condition",
        "  parameters `add_<species>_time` and `add_<species>_conc`.",
    ]
    if problem.constraints:
        lines += ["- **Qualitative constraints are not part of PEtab v1 and are NOT in these files.** il6sim adds",
                  "  them to its objective as soft penalties (reported under `constraints`, not `nll`):"]
        for k in problem.constraints:
            lines.append(f"  - `{k.name}`: in condition `{k.condition}`, {k.describe()}, residual "
                         f"{k.residual_formula()}. {k.source}")
        lines += ["  A PEtab tool fitting these files optimises the likelihood without them and may reach a",
                  "  different optimum (e.g. an earlier pSTAT3 peak); add the penalty in your tool, or fit",
                  "  with `il6sim fit` on il6sim's own problem to keep it."]
    if any(p.prior_sd for p in problem.parameters):
        lines += ["- **Priors** are PEtab `parameterScaleNormal` priors; AMICI's likelihood leaves them out, pyPESTO",
                  "  adds them; il6sim reports them under `prior`."]
    else:
        lines += ["- **Priors:** none; every estimated parameter has only its bounds (no objectivePrior columns)."]
    lines += ["- **Units** have no column in PEtab v1. They are the model's: time (the `time` column and",
              "  `add_<species>_time`) in min; species, doses and `add_<species>_conc` in nM (`conditionName` gives",
              "  the doses as added, e.g. ng/mL). Each model parameter's unit is in brackets in its `parameterName`,",
              "  and with its source in its notes in model.xml (`il6sim presets parameters` lists them).",
              "  Measurements are in the units of the data; the observable formula maps the model onto them (a",
              "  per-experiment scale, or a fixed factor such as 100 for a percentage).", ""]
    return "\n".join(lines)


def _name_with_unit(p) -> str:
    """A model parameter's ``parameterName``: its description and its unit (PEtab v1 has no unit column)."""
    return f"{p.description} [{p.unit}]"


def _check_export_arguments(problem: object, out_dir: object, values: object, scales: object) -> None:
    """The arguments of :func:`export_petab` are of the right kind; else one InputError that names the remedy."""
    import os

    from ..validate import show

    if not isinstance(problem, CalibrationProblem):
        raise InputError(f"expected a CalibrationProblem, e.g. hepg2_problem('training') or load_problem('hepg2') "
                         f"from il6sim.fitting (got {type(problem).__name__} {show(problem)})", "problem")
    if not isinstance(out_dir, (str, os.PathLike)):
        raise InputError(f"expected the path of a folder to write (got {show(out_dir)})", "out_dir")
    if values is not None and not isinstance(values, Mapping):
        raise InputError(f"expected a mapping of parameter values {{name: value}} (got {show(values)})", "values")
    if scales is not None and not isinstance(scales, Mapping):
        raise InputError(f"expected a mapping {{(experiment, observable): scale}}, e.g. optimal_scales(problem) "
                         f"(got {show(scales)})", "scales")


def export_petab(problem: CalibrationProblem, out_dir: str | Path, *, values: Mapping[str, float] | None = None,
                 scales: Mapping[tuple[str, str], float] | None = None, lint: bool = True) -> dict[str, Path]:
    """Write ``problem`` as a PEtab v1 problem (with a README) in ``out_dir``; return the paths.

    ``values``: model parameter values to write as defaults and nominal values
    (default: the problem's base values and the fitted parameters' nominal values).
    ``scales``: nominal value of each (experiment, observable) scale (default 1).
    Nothing is simulated. With ``lint=True`` a problem the PEtab linter rejects
    raises :class:`InputError`.
    """
    _check_export_arguments(problem, out_dir, values, scales)
    spec = reference_model()
    timed = _timed_additions(problem)  # everything checked before anything is written
    if problem.constraints:
        log.warning("PEtab v1 has no qualitative constraints: %s not exported (see %s; `il6sim fit` on the "
                    "original problem uses them)", ", ".join(k.name for k in problem.constraints),
                    Path(out_dir) / "README.md")
    vals = dict(problem.base)
    vals.update({p.name: p.nominal for p in problem.parameters})
    vals.update(values or {})
    scales = dict(scales or {})
    omap = spec.observable_map
    oids = observable_ids(spec)
    timed_species = sorted({sp for lst in timed.values() for sp, _, _ in lst})
    t0_species = sorted({e.target for c in problem.conditions.values() for e in c.events if e.time == 0})
    at_rest = [sp for sp in t0_species if spec.species_map[sp].initial.strip() != "0"]
    at_start = {f"{observable_id(o.name)}_at_start": omap[o.model].formula
                for o in problem.observables.values() if o.scaling == "start"}
    sbml = petab_sbml(to_sbml(spec, vals, name=sid(problem.name)), timed_species=timed_species,
                      dosed_at_rest=at_rest, observables_at_start=at_start)

    rows = []
    par_cols = sorted({k for c in problem.conditions.values() for k in c.parameters})
    for c in problem.conditions.values():
        r: dict[str, Any] = {"conditionId": sid(c.name), "conditionName": c.description or c.name}
        for sp in t0_species:
            col = dose_parameter_id(sp) if sp in at_rest else sp
            r[col] = sum(e.value for e in c.events if e.target == sp and e.time == 0)
        for sp in timed_species:
            hit = [x for x in timed[c.name] if x[0] == sp]
            r[f"add_{sp}_time"] = hit[0][1] if hit else NEVER
            r[f"add_{sp}_conc"] = hit[0][2] if hit else 0.0
        for k in par_cols:
            r[k] = c.parameters.get(k, vals.get(k, spec.parameter_map[k].value))
        rows.append(r)

    m = problem.measurements
    sig = sigmas(problem)
    orows, mrows, scale_rows, seen = [], [], [], set()
    for i, (_, r) in enumerate(m.iterrows()):
        o = problem.observables[r["observable"]]
        model = oids[o.model]
        if o.scaling == "experiment":
            oid, sp = observable_id(o.name, r["experiment"]), scale_parameter_id(o.name, r["experiment"])
            formula = f"{sp} * {model}"
        else:
            oid, sp = observable_id(o.name), None
            formula = (f"{o.factor!r} * {model} / {oid}_at_start" if o.scaling == "start"
                       else f"{o.factor!r} * {model}")
        if oid not in seen:
            seen.add(oid)
            orows.append({"observableId": oid, "observableName": o.description or o.name,
                          "observableFormula": formula, "observableTransformation": o.transform,
                          "noiseFormula": f"noiseParameter1_{oid}", "noiseDistribution": "normal"})
            if sp:
                s = scales.get((r["experiment"], o.name), 1.0)
                scale_rows.append({"parameterId": sp, "parameterName": f"scale of {o.name} in experiment "
                                   f"{r['experiment']}", "parameterScale": "log10", "lowerBound": 1e-6,
                                   "upperBound": 1e12, "estimate": 1,
                                   "nominalValue": float(s) if np.isfinite(s) and 1e-6 < s < 1e12 else 1.0})
        mrows.append({"observableId": oid, "simulationConditionId": sid(r["condition"]),
                      "measurement": r["value"], "time": r["time_min"], "noiseParameters": float(sig[i]),
                      "datasetId": sid(f"{r['experiment']}_{o.name}")})

    prows = []
    for p in problem.parameters:
        row = {"parameterId": p.name, "parameterName": _name_with_unit(spec.parameter_map[p.name]),
               "parameterScale": p.scale, "lowerBound": p.lower, "upperBound": p.upper,
               "nominalValue": vals.get(p.name, p.nominal), "estimate": 1}
        if p.prior_sd:
            mu = p.to_scaled(p.prior_mean if p.prior_mean is not None else p.nominal)
            row.update({"objectivePriorType": "parameterScaleNormal",
                        "objectivePriorParameters": f"{mu!r};{p.prior_sd!r}"})
        prows.append(row)
    fitted_names = {p.name for p in problem.parameters}
    for k in sorted(problem.base):  # the cell's values (e.g. hepg2 copy numbers), fixed
        if k in fitted_names or k not in spec.parameter_map:
            continue
        v = float(problem.base[k])
        prows.append({"parameterId": k, "parameterName": _name_with_unit(spec.parameter_map[k]),
                      "parameterScale": "lin", "lowerBound": v, "upperBound": v, "nominalValue": v, "estimate": 0})
    par_df = pd.DataFrame(prows + scale_rows)
    return write_petab(out_dir, sbml=sbml, conditions=pd.DataFrame(rows), observables=pd.DataFrame(orows),
                       measurements=pd.DataFrame(mrows), parameters=par_df,
                       readme=_readme(problem, len(orows)), lint=lint)


def _norm(f: str) -> str:
    return re.sub(r"\s+", "", f)


def _table_places(yaml_path: str | Path) -> dict[str, tuple[str, dict[str, int]]]:
    """Problem-file key -> (table file, {id: row as a spreadsheet numbers it}), for tables given in one file.

    Lets a problem with a row of a table name the file, row and column (the tables have been checked
    and read before, so reading them again does not fail).
    """
    from ..io.files import load_yaml_file, read_table

    doc = load_yaml_file(yaml_path, str(yaml_path), what="problem file")
    subs = [s for s in (doc.get("problems") or []) if isinstance(s, dict)] if isinstance(doc, dict) else []
    out: dict[str, tuple[str, dict[str, int]]] = {}
    for key, col in (("parameter_file", "parameterId"), ("observable_files", "observableId"),
                     ("condition_files", "conditionId"), ("sbml_files", ""), ("measurement_files", "")):
        names: list = []
        for sub in [doc] + subs:
            v = sub.get(key)
            names += [v] if isinstance(v, str) else v if isinstance(v, list) else []
        if len(names) == 1 and isinstance(names[0], str):
            f = Path(yaml_path).parent / names[0]
            if not col:  # the file alone
                out[key] = (str(f), {})
                continue
            try:
                df = read_table(f, str(f), sep="\t", dtype=str)
                ids = [str(x).strip() for x in df[col]] if col in df.columns else []
            except Exception:  # the place is a nicety; the problem itself is reported in any case
                continue
            out[key] = (str(f), {i: n + 2 for n, i in reversed(list(enumerate(ids)))})
    return out


def _model_signature(model) -> dict[tuple[str, str], object]:
    """(kind, id) -> what makes the dynamics: each reaction's rate law, reactants and products, each rule's math."""
    import libsbml

    def side(refs):
        return tuple(sorted((s.getSpecies(), s.getStoichiometry()) for s in refs))

    out: dict[tuple[str, str], object] = {}
    for r in model.getListOfReactions():
        kl = r.getKineticLaw()
        law = libsbml.formulaToL3String(kl.getMath()) if kl is not None and kl.isSetMath() else ""
        out[("reaction", r.getId())] = (law, side(r.getListOfReactants()), side(r.getListOfProducts()))
    for rule in model.getListOfRules():
        kind = "rate rule" if rule.isRate() else "assignment rule" if rule.isAssignment() else "rule"
        out[(kind, rule.getVariable())] = libsbml.formulaToL3String(rule.getMath()) if rule.isSetMath() else ""
    return out


def _changed_model(model, spec, where: str) -> Problem | None:
    """A problem if the SBML's reactions or rules are not il6sim's (which it simulates in their place)."""
    import libsbml

    if model is None:
        return None
    ref = _model_signature(libsbml.readSBMLFromString(to_sbml(spec)).getModel())
    got = _model_signature(model)
    changed = [k for k in ref if got.get(k) != ref[k]] + [k for k in got if k not in ref]
    if not changed:
        return None
    named = ", ".join(f"{kind} {rid!r}" for kind, rid in changed[:3])
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    verb = "differs" if len(changed) == 1 else "differ"
    return Problem(where, f"{named}{more} {verb} from il6sim's model {spec.name} {spec.version}: il6sim simulates "
                          "its own model and takes only parameter values from the SBML, so it cannot fit a changed "
                          "model; fit it with AMICI or pyPESTO, or write the model again with `il6sim "
                          "export-petab`")


def _own_flattened_ids(obs: dict, names: dict[str, str], fixed_experiment: dict[str, str]
                       ) -> dict[str, tuple[str, str]]:
    """Undo the flattening of :func:`export_petab`: each ``obs_<name>__<experiment>`` whose formula names
    ``scale_<name>__<experiment>`` becomes observable ``<name>`` of experiment ``<experiment>``.

    Updates ``obs``, ``names`` and ``fixed_experiment`` in place and returns scale parameter ->
    (experiment, observable). Without it a problem read back kept one observable per experiment
    (``STAT3_nucleus__Anja_2016_22``, experiment ``scale_STAT3_nucleus__Anja_2016_22``), in the fit's
    tables and figures and in a new export (``obs_STAT3_nucleus__Anja_2016_22__scale_...``). Left as
    they are where the parts do not make one observable each (other ids, differing definitions).
    """
    from dataclasses import replace

    split: dict[str, tuple[str, str]] = {}
    for oid, spid in fixed_experiment.items():
        rest = oid[4:] if oid.startswith("obs_") else ""
        if oid in obs and "__" in rest and spid == f"scale_{rest}":
            split[oid] = tuple(rest.split("__", 1))
    defs: dict[str, ObservableDef] = {}
    for oid, (n, _e) in split.items():
        d = replace(obs[oid], name=n)
        if defs.setdefault(n, d) != d:
            return {}
    others = {names[o] for o in obs if o not in split}
    if others & set(defs) or len(set(split.values())) != len(split):
        return {}
    scale_of = {}
    for oid, (n, e) in split.items():
        scale_of[fixed_experiment[oid]] = (e, n)
        obs[oid], names[oid], fixed_experiment[oid] = defs[n], n, e
    return scale_of


#: the medium species that stimulate IL-6 signalling: a problem none of whose conditions adds one simulates
#: unstimulated cells only
LIGANDS = ("IL6", "HyIL6", "IL6_sIL6R")


def _warn_of_missing_doses(table: str, rows: Mapping[str, int], conds: Mapping[str, Condition],
                           empty: Mapping[str, list[str]], medium: set[str], pmap: Mapping[str, Any],
                           columns: list[str]) -> None:
    """Warn (stderr, through logging) of condition cells left empty and of a problem in which no condition
    adds IL-6 or another ligand: PEtab allows both (an empty cell takes the model's value: no dose, no later
    addition, the parameter's own value), but ``il6sim export-petab`` always writes the doses, so an empty
    cell or a missing IL6 column more often is a table edited by mistake than a choice."""
    for col, cids in empty.items():
        shown = ", ".join(f"{c} (row {rows[c]})" if c in rows else c for c in cids[:5])
        shown += f" and {len(cids) - 5} more" if len(cids) > 5 else ""
        dose = re.fullmatch(r"dose_(\w+)", col)
        add = re.fullmatch(r"add_(\w+)_(time|conc)", col)
        if col in medium or (dose and dose.group(1) in medium):
            sp = dose.group(1) if dose else col
            used = f"the model's value, no {sp} added at 0 min (0 nM)"
            remedy = "write the dose in nM (0 for none)"
        elif add:
            used = f"the model's value, no later addition of {add.group(1)}"
            remedy = "write the time (min) and concentration (nM) of the addition, or 1e9 min and 0 nM for none"
        elif col in pmap:
            used = f"the value of {col} that the parameter table or the model gives"
            remedy = "write the value the condition sets"
        else:
            continue  # a column refused or not read: reported as such, if at all
        log.warning("%s, column %s: empty in condition%s %s; PEtab takes %s there; il6sim's exported problems "
                    "always give it: %s if that was not meant", table, col, "" if len(cids) == 1 else "s", shown,
                    used, remedy)
    if conds and not any(e.target in LIGANDS for c in conds.values() for e in c.events):
        given = [c for c in columns if c in LIGANDS or re.fullmatch(rf"(dose_|add_)({'|'.join(LIGANDS)})(_conc)?", c)]
        why = (f"its column{'s' if len(given) > 1 else ''} {', '.join(given)} give{'s' if len(given) == 1 else ''} "
               "none" if given else f"no column {', '.join(LIGANDS[:-1])} or {LIGANDS[-1]}")
        log.warning("%s: no condition adds IL-6, Hyper-IL-6 or IL-6:sIL-6R (%s), so every condition is simulated "
                    "without stimulation; give the IL-6 dose in nM in a column IL6 (as il6sim export-petab writes it) "
                    "if that was not meant", table, why)


def read_petab(yaml_path: str | Path) -> CalibrationProblem:
    """Read a PEtab problem on il6sim's model as a :class:`CalibrationProblem`.

    Supported: the tables :func:`export_petab` writes (observable formulas
    ``<scale parameter> * <observable>``, ``observableParameter1_<id> * <observable>``,
    ``<factor> * <observable> / <id>_at_start`` or ``<factor> * <observable>``, where
    ``<observable>`` is an il6sim observable id of the exported model or its formula;
    numeric noise parameters; conditions setting medium species, ``dose_<S>``,
    ``add_<S>_time`` / ``add_<S>_conc`` and model parameters). Anything else is
    listed as a problem.
    """
    where = str(yaml_path)
    pp = read_petab_files(yaml_path)
    spec = reference_model()
    problems: list[Problem] = []
    places = _table_places(yaml_path)

    def place(key: str, kind: str, rid: str, col: str) -> str:
        """'FILE, row N, column COL' of the row ``rid`` of a table, else 'problem.yaml, KIND ID'."""
        f, rows = places.get(key, ("", {}))
        return f"{f}, row {rows[rid]}, column {col}" if rid in rows else f"{where}, {kind} {rid}"
    medium = set(spec.species_in("medium"))
    pmap = spec.parameter_map
    oids = observable_ids(spec)
    by_formula = {_norm(o.formula): o.name for o in spec.observables}
    by_formula.update({oids[o.name]: o.name for o in spec.observables})
    by_formula.update({f"({_norm(o.formula)})": o.name for o in spec.observables})
    par_df = pp.parameter_df
    estimated_scales = {pid for pid in par_df.index if pid not in pmap}

    obs: dict[str, ObservableDef] = {}
    names: dict[str, str] = {}
    fixed_experiment: dict[str, str] = {}  # flattened observable -> its scale parameter
    in_refused: set[str] = set()  # the ids in the formulas of observables refused: not reported again
    noise_of: dict[str, float | None] = {}  # observable -> its sigma when noiseFormula is a number, else None
    for oid, r in pp.observable_df.iterrows():
        name = oid[4:] if oid.startswith("obs_") else oid
        names[oid] = name
        f = _norm(str(r["observableFormula"]))
        n_problems = len(problems)
        tr = str(r.get("observableTransformation", "lin") or "lin")
        if tr not in ("lin", "log"):
            problems.append(Problem(place("observable_files", "observable", oid, "observableTransformation"),
                                    f"{tr!r} is not supported: write lin or log (the natural logarithm; PEtab's "
                                    "noise sigma is then that of ln values)"))
            in_refused.update(re.findall(r"[A-Za-z_]\w*", f))
            continue
        nf = _norm(str(r.get("noiseFormula", "") if pd.notna(r.get("noiseFormula", "")) else ""))
        try:
            noise_of[oid] = float(nf) if nf != f"noiseParameter1_{oid}" else None
            ok = noise_of[oid] is None or (noise_of[oid] > 0 and np.isfinite(noise_of[oid]))
        except ValueError:
            ok = False
        if not ok:
            in_refused.update(re.findall(r"[A-Za-z_]\w*", nf))
            problems.append(Problem(place("observable_files", "observable", oid, "noiseFormula"),
                                    f"{nf!r} is not a noise il6sim reads: write noiseParameter1_{oid} (with the sigma "
                                    "of each row as a number in the measurement table's noiseParameters) or one "
                                    "number > 0 for all its rows; estimated or proportional noise models are not "
                                    "supported (fit such a problem with AMICI or pyPESTO)"))
        if str(r.get("noiseDistribution", "normal") or "normal") != "normal":
            problems.append(Problem(place("observable_files", "observable", oid, "noiseDistribution"),
                                    "only normal noise is supported: write normal (with observableTransformation "
                                    "log for log-normal noise)"))
        m0 = re.fullmatch(r"(\w+)\*(.*)", f)
        m1 = re.fullmatch(rf"observableParameter1_{re.escape(oid)}\*(.*)", f)
        m2 = re.fullmatch(rf"([0-9.eE+-]+)\*(.*)/{re.escape(oid)}_at_start", f)
        m3 = re.fullmatch(r"([0-9.eE+-]+)\*(.*)", f)
        if m0 and m0.group(1) in estimated_scales and m0.group(2) in by_formula:
            obs[oid] = ObservableDef(name, by_formula[m0.group(2)], tr, "experiment", 1.0, 1.0)
            fixed_experiment[oid] = m0.group(1)
        elif m1 and m1.group(1) in by_formula:
            obs[oid] = ObservableDef(name, by_formula[m1.group(1)], tr, "experiment", 1.0, 1.0)
        elif m2 and m2.group(2) in by_formula:
            obs[oid] = ObservableDef(name, by_formula[m2.group(2)], tr, "start", float(m2.group(1)), 1.0)
        elif m3 and m3.group(2) in by_formula:
            obs[oid] = ObservableDef(name, by_formula[m3.group(2)], tr, "fixed", float(m3.group(1)), 1.0)
        elif f in by_formula:
            obs[oid] = ObservableDef(name, by_formula[f], tr, "fixed", 1.0, 1.0)
        else:
            unknown = [t for t in re.findall(r"[A-Za-z_]\w*", f)
                       if t not in by_formula and t not in estimated_scales and t != f"{oid}_at_start"
                       and not re.fullmatch(r"[eE]\d*", t) and not t.startswith("observableParameter")]
            hint = (f"; {unknown[0]!r} is not an observable of il6sim's model{did_you_mean(unknown[0], oids.values())}"
                    if unknown else "")
            problems.append(Problem(place("observable_files", "observable", oid, "observableFormula"),
                                    f"{str(r['observableFormula']).strip()!r} is not an il6sim observable in a "
                                    "supported form (scale * observable, "
                                    f"factor * observable, factor * observable / <id>_at_start){hint}"))
        if len(problems) > n_problems:
            in_refused.update(re.findall(r"[A-Za-z_]\w*", f))

    conds: dict[str, Condition] = {}
    refused_columns: list[str] = []
    empty: dict[str, list[str]] = {}  # column -> the conditions whose cell is empty (PEtab: the model's value)
    for cid, r in pp.condition_df.iterrows():
        events, params = [], {}
        for col, v in r.items():
            if col == "conditionName" or col in refused_columns:
                continue
            if v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, float) and np.isnan(v)):
                empty.setdefault(col, []).append(str(cid))
                continue  # no dose, no later addition, the parameter's own value: what the model has
            try:
                v = float(v)
            except (TypeError, ValueError):
                problems.append(Problem(place("condition_files", "condition", cid, col),
                                        f"{v!r}: only numbers are supported"))
                continue
            dose = re.fullmatch(r"dose_(\w+)", col)
            if col in medium and spec.species_map[col].initial.strip() != "0":
                # PEtab sets the species to the value, il6sim adds a dose to its resting level: they would differ
                refused_columns.append(col)
                f = places.get("condition_files", (where,))[0]
                problems.append(Problem(f"{f}, column {col}", f"{col} is not zero at rest, and in PEtab a value here "
                                        "replaces its resting level, whereas il6sim adds a dose to it: give the dose "
                                        f"in a column {dose_parameter_id(col)} instead, with the initial assignment "
                                        f"{col} = {rest_parameter_id(col)} + {dose_parameter_id(col)} in the model, as "
                                        "`il6sim export-petab` writes them"))
            elif col in medium or (dose and dose.group(1) in medium):
                if v > 0:
                    events.append(Event(0.0, "add", dose.group(1) if dose else col, v))
            elif re.fullmatch(r"add_(\w+)_(time|conc)", col):
                continue
            elif col in pmap and pmap[col].kind != "derived":
                params[col] = v
            else:  # one problem per column, not one per condition
                refused_columns.append(col)
                settable = sorted(medium) + [k for k, p in pmap.items() if p.kind != "derived"]
                f = places.get("condition_files", (where,))[0]
                problems.append(Problem(f"{f}, column {col}", "is not a species of the medium, dose_<species>, "
                                        "add_<species>_time, add_<species>_conc or a model parameter that a "
                                        f"condition can set{did_you_mean(col, settable)}: rename the column or "
                                        "remove it"))
        for col in r.index:
            mt = re.fullmatch(r"add_(\w+)_time", col)
            if mt and mt.group(1) in medium:
                sp = mt.group(1)
                t, c = float(r[col]), float(r.get(f"add_{sp}_conc", 0.0))
                if c > 0 and t < NEVER:
                    events.append(Event(t, "add", sp, c))
        conds[cid] = Condition(cid, tuple(sorted(events)), params, str(r.get("conditionName", cid)))

    scale_of = _own_flattened_ids(obs, names, fixed_experiment)
    md = pp.measurement_df
    if "preequilibrationConditionId" in md and md["preequilibrationConditionId"].fillna("").astype(str).str.len().any():
        problems.append(Problem(where, "pre-equilibration is not supported (il6sim starts at its resting state)"))
    exp, sds = [], []
    mfile = places.get("measurement_files", (where,))[0]
    given_too: list[int] = []  # rows with noiseParameters although their noiseFormula is a number
    numeric_op: list[int] = []  # rows whose observableParameters is not a parameter of the parameter table
    missing: list[int] = []  # rows without a sigma > 0 although their noiseFormula takes it from noiseParameters
    for i, (_, r) in enumerate(md.iterrows()):
        o = obs.get(r["observableId"])
        op = r.get("observableParameters", "")
        op = str(op) if pd.notna(op) else ""
        exp.append(fixed_experiment.get(r["observableId"], op or "all"))
        if op and r["observableId"] not in fixed_experiment and op not in par_df.index:
            numeric_op.append(i + 2)  # a number (or an id no table defines) is no scale il6sim can estimate
        fixed = noise_of.get(r["observableId"])
        given = r.get("noiseParameters")
        given = "" if given is None or (isinstance(given, float) and np.isnan(given)) else str(given).strip()
        if fixed is not None:  # noiseFormula is a number; noiseParameters stays empty
            s = fixed
            if given:
                given_too.append(i + 2)
        else:
            try:
                s = float(given)
                if not (s > 0 and np.isfinite(s)):
                    raise ValueError
            except ValueError:
                if r["observableId"] in noise_of:  # else the observable itself is reported
                    missing.append(i + 2)
                s = 1.0
        sds.append(s * float(r["measurement"]) if (o is not None and o.transform == "log") else s)

    def row_list(rows: list[int]) -> str:
        shown = ", ".join(str(n) for n in rows[:5])
        return f"row{'s' if len(rows) > 1 else ''} {shown}" + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")

    # one problem each, not one per row (a table without the column has hundreds)
    if missing:
        problems.append(Problem(f"{mfile}, column noiseParameters",
                                f"{row_list(missing)}: no noise sigma; their observables' noiseFormula "
                                "noiseParameter1_<observableId> takes it from noiseParameters: give a number > 0 (the "
                                "sigma of ln values for a log-transformed observable)"))
    if numeric_op:
        problems.append(Problem(f"{mfile}, column observableParameters",
                                f"{row_list(numeric_op)}: not a parameter of the parameter table; il6sim estimates "
                                "the scale observableParameter1_<observableId> of each experiment, so name its "
                                "estimated scale parameter there (a fixed factor belongs in the observableFormula, "
                                "e.g. 100 * observable)"))
    if given_too:
        problems.append(Problem(f"{mfile}, column noiseParameters",
                                f"{row_list(given_too)}: a value, although the noiseFormula of their observable is a "
                                "number (the sigma of all its rows): leave these cells empty, or write "
                                "noiseParameter1_<observableId> as the noiseFormula"))
    meas = pd.DataFrame({"condition": md["simulationConditionId"].astype(str), "time_min": md["time"].astype(float),
                         "observable": md["observableId"].astype(str).map(lambda i: names.get(i, i)),
                         "value": md["measurement"].astype(float), "sd": sds, "experiment": exp})

    fitted, base, scale_values = [], {}, {}
    scale_ids = set(meas["experiment"])
    for pid, r in par_df.iterrows():
        prior = r.get("objectivePriorType", "")
        if (pid in scale_of or pid in scale_ids) and pd.notna(prior) and str(prior).strip():
            # il6sim computes each scale analytically: a prior on it would be left out without a word
            problems.append(Problem(place("parameter_file", "parameter", pid, "objectivePriorType"),
                                    f"a prior on the scale {pid}: il6sim computes each experiment's scale at its "
                                    "optimum for every parameter vector and has no prior on it; leave the cell "
                                    "empty, or fit with pyPESTO to keep the prior"))
        if (pid in scale_of or pid in scale_ids) and int(r.get("estimate", 1)) == 0:
            # it was estimated all the same, without a word: the fit was not the problem's
            problems.append(Problem(place("parameter_file", "parameter", pid, "estimate"),
                                    f"0 (fixed) for the scale {pid}: il6sim computes each experiment's scale at its "
                                    "optimum for every parameter vector and cannot hold one fixed; write 1, or fit "
                                    "with pyPESTO to keep it fixed"))
        if pid in scale_of:  # the scale of one observable in one experiment, in its formula
            scale_values[scale_of[pid]] = float(r["nominalValue"])
            continue
        if pid in scale_ids:  # in an observable's formula, or named by observableParameters
            for o in set(meas.loc[meas["experiment"] == pid, "observable"]):
                scale_values[(pid, o)] = float(r["nominalValue"])
            continue  # scales: optimal analytically in il6sim's fitter
        if pid not in pmap:
            if pid not in in_refused:  # else the observable naming it is the problem, reported above
                known = [k for k, p in pmap.items() if p.kind != "derived"]
                problems.append(Problem(place("parameter_file", "parameter", pid, "parameterId"),
                                        f"{pid!r} is neither a parameter of il6sim's model nor the scale of an "
                                        f"observable (observableFormula 'scale * observable'){did_you_mean(pid, known)}"
                                        ": correct the id (`il6sim presets parameters` lists the model's) or remove "
                                        "the row"))
            continue
        if int(r.get("estimate", 0)) == 1:
            sc = str(r.get("parameterScale", "lin"))
            if sc not in ("lin", "log10"):
                problems.append(Problem(place("parameter_file", "parameter", pid, "parameterScale"),
                                        "il6sim estimates parameters on the lin or log10 scale: write log10 for a "
                                        f"log scale (bounds and nominalValue stay in linear units) (got {sc!r})"))
                continue
            prior_sd = prior_mean = None
            if str(r.get("objectivePriorType", "")) == "parameterScaleNormal":
                mu, sd = (float(x) for x in str(r["objectivePriorParameters"]).split(";"))
                prior_sd, prior_mean = sd, (10 ** mu if sc == "log10" else mu)
            fitted.append(FitParameter(pid, float(r["lowerBound"]), float(r["upperBound"]), float(r["nominalValue"]),
                                       sc, prior_sd, prior_mean))
        else:
            base[pid] = float(r["nominalValue"])
    # model parameters the SBML sets to other values than il6sim's defaults (cell preset, fixed values)
    model = pp.sbml_model
    changed = _changed_model(model, spec, places.get("sbml_files", (where,))[0])
    if changed:
        problems.append(changed)
    for name, p in pmap.items():
        sp = model.getParameter(name) if model is not None else None
        if (p.kind != "derived" and sp is not None and name not in base and name not in {f.name for f in fitted}
                and sp.getValue() != p.value):
            base[name] = float(sp.getValue())
    if problems:
        raise InputError(problems)
    _warn_of_missing_doses(*places.get("condition_files", (where, {})), conds, empty, medium, pmap,
                           [c for c in pp.condition_df.columns if c != "conditionName" and c not in refused_columns])
    obs = {o.name: o for o in obs.values()}
    name = Path(yaml_path).stem
    if name == "problem" and Path(yaml_path).resolve().parent.name:
        # PEtab's usual file name says nothing (every fit of an export was 'problem', in 'problem_fit/'):
        # the problem's folder (petab-hepg2) names it, its default output folder and figure titles
        name = Path(yaml_path).resolve().parent.name
    return CalibrationProblem(name=name, measurements=meas, conditions=conds, observables=obs,
                              parameters=tuple(fitted), base=base,
                              provenance={"petab": str(Path(yaml_path).resolve())}, scale_values=scale_values)
