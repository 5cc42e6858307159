"""PEtab (v1) files: the model additions PEtab needs, writing, linting, reading.

This module knows PEtab and SBML, not calibration: it writes tables it is
given and never simulates. :mod:`il6sim.fitting.petab` turns a calibration
problem into those tables and reads them back.

Model additions (:func:`petab_sbml`):

* an agent added later than t = 0 (actinomycin D at 40 min) -> an SBML event
  ``time >= add_<S>_time`` adding ``add_<S>_conc`` nM to species ``S``; the
  condition table sets both parameters (defaults: never, 0 nM). PEtab v1 has
  no timed inputs of its own; SBML events are part of the model;
* an agent added at t = 0 to a species that is not zero at rest (shed
  sIL-6R) -> parameter ``dose_<S>`` and the initial assignment
  ``S = rest_<S> + dose_<S>``, so the dose adds to the resting level as in
  il6sim; the condition table sets ``dose_<S>``. Species that are zero at
  rest are set directly in the condition table;
* "% of start" observables -> a constant parameter ``<observable>_at_start``
  whose initial assignment is the readout's formula.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Mapping

import pandas as pd
import yaml

from ..errors import InputError, Problem
from ..validate import did_you_mean
from .files import load_yaml_file, read_table
from .sbml import rest_parameter_id

log = logging.getLogger(__name__)

NEVER = 1e9  # min: "this timed addition does not happen"
_ID = re.compile(r"[^A-Za-z0-9_]")
FILES = {"model": "model.xml", "conditions": "conditions.tsv", "observables": "observables.tsv",
         "measurements": "measurements.tsv", "parameters": "parameters.tsv", "problem": "problem.yaml"}


def sid(text: str) -> str:
    """A valid PEtab/SBML id from any text."""
    s = _ID.sub("_", str(text))
    return s if re.match(r"[A-Za-z_]", s) else f"x{s}"


def observable_id(name: str, experiment: str | None = None) -> str:
    """PEtab id of a data observable (prefixed: PEtab ids must not shadow model ids).

    With ``experiment``: the flattened observable of one experiment's scale.
    """
    return sid(f"obs_{name}" if experiment is None else f"obs_{name}__{experiment}")


def scale_parameter_id(observable: str, experiment: str) -> str:
    return sid(f"scale_{observable}__{experiment}")


def dose_parameter_id(species: str) -> str:
    return f"dose_{species}"


def petab_sbml(sbml: str, *, timed_species: list[str] = (), dosed_at_rest: list[str] = (),
               observables_at_start: Mapping[str, str] | None = None) -> str:
    """Add timed additions, doses on top of a resting level and at-start parameters to SBML text."""
    import libsbml

    doc = libsbml.readSBMLFromString(sbml)
    model = doc.getModel()

    def param(pid, value, unit, name):
        p = model.createParameter()
        p.setId(pid)
        p.setName(name)
        p.setConstant(True)
        p.setValue(value)
        p.setUnits(unit)
        return p

    def math(formula):
        return libsbml.parseL3Formula(formula)

    for sp in timed_species:
        param(f"add_{sp}_time", NEVER, "minute", f"time of the later addition of {sp} (min)")
        param(f"add_{sp}_conc", 0.0, "nM", f"amount of {sp} added later (nM)")
        ev = model.createEvent()
        ev.setId(f"add_{sp}")
        ev.setUseValuesFromTriggerTime(True)
        trig = ev.createTrigger()
        trig.setInitialValue(True)
        trig.setPersistent(True)
        trig.setMath(math(f"time >= add_{sp}_time"))
        ea = ev.createEventAssignment()
        ea.setVariable(sp)
        ea.setMath(math(f"{sp} + add_{sp}_conc"))
    for sp in dosed_at_rest:
        rest = rest_parameter_id(sp)
        if model.getParameter(rest) is None:
            raise ValueError(f"species {sp} has no resting-level parameter {rest}")
        param(dose_parameter_id(sp), 0.0, "nM", f"dose of {sp} added at t = 0 to its resting level (nM)")
        ia = model.createInitialAssignment()
        ia.setSymbol(sp)
        ia.setMath(math(f"{rest} + {dose_parameter_id(sp)}"))
    for pid, formula in (observables_at_start or {}).items():
        param(pid, 1.0, "dimensionless", f"{pid[:-len('_at_start')]} at t = 0")
        ia = model.createInitialAssignment()
        ia.setSymbol(pid)
        ia.setMath(math(formula))
    return libsbml.writeSBMLToString(doc)


def write_petab(out_dir: str | Path, *, sbml: str, conditions: pd.DataFrame, observables: pd.DataFrame,
                measurements: pd.DataFrame, parameters: pd.DataFrame, readme: str | None = None,
                lint: bool = True) -> dict[str, Path]:
    """Write a PEtab v1 problem (and a README) to ``out_dir``; return the paths.

    With ``lint=True`` a problem the PEtab linter rejects raises :class:`InputError` and nothing is
    written (the files are staged beside ``out_dir`` and moved in once they pass).
    """
    from .staging import staged_dir

    out = Path(out_dir)
    with staged_dir(out) as stage:  # a problem the linter rejects leaves no files behind
        paths = {k: stage / v for k, v in FILES.items()}
        paths["model"].write_text(sbml, encoding="utf-8")
        for key, df in (("conditions", conditions), ("observables", observables),
                        ("measurements", measurements), ("parameters", parameters)):
            df.to_csv(paths[key], sep="\t", index=False)
        with open(paths["problem"], "w", encoding="utf-8") as fh:
            yaml.safe_dump({
                "format_version": 1,
                "parameter_file": FILES["parameters"],
                "problems": [{"sbml_files": [FILES["model"]], "condition_files": [FILES["conditions"]],
                              "measurement_files": [FILES["measurements"]],
                              "observable_files": [FILES["observables"]]}],
            }, fh, sort_keys=False)
        if readme:
            paths["readme"] = stage / "README.md"
            paths["readme"].write_text(readme, encoding="utf-8")
        if lint:
            errs = lint_petab(paths["problem"])
            if errs:
                raise InputError([Problem(str(out / FILES["problem"]), e) for e in errs])
    return {k: out / p.relative_to(stage) for k, p in paths.items()}


def lint_petab(yaml_path: str | Path) -> list[str]:
    """Run libpetab's linter on a problem; return its error messages (empty: the problem passes)."""
    import petab.v1 as petab

    msgs: list[str] = []

    class _H(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.ERROR:
                msgs.append(record.getMessage())

    def no_visualisation_note(record) -> bool:  # il6sim writes no visualisation table, on purpose
        return not record.getMessage().startswith("Visualization table not available")

    h = _H()
    lg, lint_log = logging.getLogger("petab"), logging.getLogger("petab.v1.lint")
    lg.addHandler(h)
    lint_log.addFilter(no_visualisation_note)
    try:
        prob = petab.Problem.from_yaml(str(yaml_path))
        failed = petab.lint.lint_problem(prob)
    except Exception as exc:  # the reader itself rejects the files
        return [f"cannot read the PEtab problem: {exc}"]
    finally:
        lg.removeHandler(h)
        lint_log.removeFilter(no_visualisation_note)
    if failed and not msgs:
        msgs.append("the PEtab linter reported errors (run petablint for details)")
    return msgs if failed else []


#: PEtab v1 table kinds: problem-file key -> (table name, columns il6sim needs)
_TABLE_COLUMNS = {
    "condition_files": ("condition", ("conditionId",)),
    "observable_files": ("observable", ("observableId", "observableFormula", "noiseFormula")),
    "measurement_files": ("measurement", ("observableId", "simulationConditionId", "measurement", "time")),
    "parameter_file": ("parameter", ("parameterId", "parameterScale", "lowerBound", "upperBound", "nominalValue",
                                     "estimate")),
}
#: optional columns of the PEtab v1 tables: right as they are, never the misspelling of a needed one
_OPTIONAL_COLUMNS = {"conditionName", "observableName", "observableTransformation", "noiseDistribution",
                     "preequilibrationConditionId", "observableParameters", "noiseParameters", "datasetId",
                     "replicateId", "parameterName", "initializationPriorType", "initializationPriorParameters",
                     "objectivePriorType", "objectivePriorParameters"}
_MAX_ROWS_SHOWN = 10
_SEP_NAMES = {",": "commas (',')", ";": "semicolons (';')"}
#: what a row of a table is, for the tables that cannot be empty
_ROW_IS = {"condition": "condition", "observable": "observable", "measurement": "measured value"}
#: where the PEtab v1 format defines the tables and their columns
SPEC_URL = "https://petab.readthedocs.io/en/latest/v1/documentation_data_format.html"
_SPEC_SECTION = {"condition": "'Condition table'", "observable": "'Observables table'",
                 "measurement": "'Measurement table'", "parameter": "'Parameter table'"}


def _cell(v) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()


def _number(v) -> float | None:
    try:
        x = float(_cell(v))
    except ValueError:
        return None
    return x if x == x and abs(x) != float("inf") else None


def check_petab_tables(yaml_path: str | Path) -> list[Problem]:
    """Problems with the tables of the PEtab problem at ``yaml_path``, each naming its file, row and column.

    Checked before libpetab reads them: the columns il6sim needs (with the near name of a misspelt
    one); numbers where il6sim needs numbers (measurement, time >= 0, noiseParameters > 0, the values
    of the condition table, nominalValue, estimate 0 or 1, the bounds of estimated parameters, lower below
    upper and above 0 on a log scale); each
    condition, observable and parameter id defined once; measurements that name observables and
    conditions the tables define; positive measurements of log-transformed observables. Rows are
    numbered as a spreadsheet shows them (the header is row 1).
    A file that cannot be read is one problem naming it.
    """
    base = Path(yaml_path).parent
    doc = load_yaml_file(yaml_path, str(yaml_path), what="problem file")
    if not isinstance(doc, dict):
        return []
    version = str(doc.get("format_version", "1")).strip()
    if version.split(".")[0] != "1":  # libpetab's v1 reader then fails on a missing key ('model_files')
        return [Problem(f"{yaml_path}, format_version", f"{version!r}: il6sim reads PEtab v1 problems "
                                                        "(format_version: 1); give the problem in PEtab v1")]
    listed: dict[str, list[str]] = {k: [] for k in _TABLE_COLUMNS}
    subs = doc.get("problems") if isinstance(doc.get("problems"), list) else []
    if len(subs) > 1:  # libpetab's message then names its own API (petab.CompositeProblem)
        return [Problem(f"{yaml_path}, problems", f"{len(subs)} entries: il6sim reads a PEtab problem with one "
                                                  "model: one entry under 'problems' that lists all its tables")]
    for sub in [doc] + [s for s in subs if isinstance(s, dict)]:
        for key in _TABLE_COLUMNS:
            v = sub.get(key)
            items = [v] if isinstance(v, str) else v if isinstance(v, list) else []
            listed[key] += [x for x in items if isinstance(x, str)]
    problems: list[Problem] = []
    unlisted = [k for k, names in listed.items() if not names]
    if unlisted:  # libpetab reads such a problem without a word, and the table is then missing
        problems.append(Problem(str(yaml_path), f"lists no {' and no '.join(unlisted)} (a PEtab v1 problem file "
                                                "names its tables: parameter_file at the top, condition_files, "
                                                "measurement_files and observable_files in each entry of "
                                                "'problems'; see the 'YAML file for grouping files' section of "
                                                f"{SPEC_URL})"))
    tables: dict[str, list[tuple[str, pd.DataFrame]]] = {k: [] for k in _TABLE_COLUMNS}
    for key, names in listed.items():
        kind, needed = _TABLE_COLUMNS[key]
        for name in names:
            where = str(base / name)
            try:
                # only an empty cell is missing: a cell reading 'NaN' is shown as written, not as empty
                df = read_table(base / name, where, sep="\t", dtype=str, only_empty_is_missing=True)
            except InputError as exc:
                problems += exc.problems
                continue
            with open(base / name, "rb") as fh:  # a regular file: read_table has read it
                utf16 = fh.read(2) in (b"\xff\xfe", b"\xfe\xff")
            if utf16:  # il6sim reads it, libpetab (and AMICI, pyPESTO) read UTF-8 only
                problems.append(Problem(where, "is UTF-16 text; PEtab tables are UTF-8: save it as UTF-8 (in "
                                               "Notepad: Save as, Encoding: UTF-8)"))
                continue
            df.columns = [str(c).strip() for c in df.columns]
            missing = [c for c in needed if c not in df.columns]
            seps = [sep for sep in (",", ";") if len(df.columns) == 1 and sep in df.columns[0]]
            if missing and seps:  # a spreadsheet's CSV export: one column whose name is the whole header
                problems.append(Problem(where, f"the columns are separated by {_SEP_NAMES[seps[0]]}, not tabs; "
                                               f"PEtab tables are tab-separated: save the {kind} table as "
                                               "tab-separated text (.tsv)"))
            elif not missing and df.empty and kind in _ROW_IS:  # else each id elsewhere is reported unknown
                problems.append(Problem(where, f"has the header line but no rows (a PEtab {kind} table has one "
                                               f"row per {_ROW_IS[kind]})"))
            elif missing:  # one problem per file, naming all its missing columns
                others = [x for x in df.columns if x not in needed and x not in _OPTIONAL_COLUMNS]
                named = ", ".join(f"'{c}'{did_you_mean(c, others)}" for c in missing)
                problems.append(Problem(where, f"no column{'s' if len(missing) > 1 else ''} {named} (a PEtab "
                                               f"{kind} table needs the columns {', '.join(needed)}, separated "
                                               f"by tabs; see the {_SPEC_SECTION[kind]} section of {SPEC_URL})"))
            else:
                tables[key].append((where, df))

    def rows(where, df, col, bad, what):
        """One problem per row whose ``col`` is ``bad``; ``what(value)`` says what is wrong."""
        hits = [i for i, v in enumerate(df[col]) if bad(i, v)]
        for i in hits[:_MAX_ROWS_SHOWN]:
            got = _cell(df[col].iloc[i])
            problems.append(Problem(f"{where}, row {i + 2}, column {col}",
                                    f"{what(got)} (got {repr(got) if got else 'an empty cell'})"))
        if len(hits) > _MAX_ROWS_SHOWN:
            problems.append(Problem(f"{where}, column {col}", f"{len(hits) - _MAX_ROWS_SHOWN} more such rows"))

    def not_number(_i, v):
        return _number(v) is None

    for key, col in (("condition_files", "conditionId"), ("observable_files", "observableId"),
                     ("parameter_file", "parameterId")):
        for where, df in tables[key]:
            first: dict[str, int] = {}
            for i, v in enumerate(df[col].map(_cell)):
                if v in first:
                    problems.append(Problem(f"{where}, row {i + 2}, column {col}",
                                            f"{v!r} is already defined in row {first[v] + 2}; each id once"))
                first.setdefault(v, i)
    obs_ids = {_cell(v) for _, df in tables["observable_files"] for v in df["observableId"]}
    log_obs = {_cell(o) for _, df in tables["observable_files"] if "observableTransformation" in df.columns
               for o, t in zip(df["observableId"], df["observableTransformation"]) if _cell(t) in ("log", "log10")}
    cond_ids = {_cell(v) for _, df in tables["condition_files"] for v in df["conditionId"]}
    used_obs = {_cell(v) for _, df in tables["measurement_files"] for v in df["observableId"]}
    used_conds = {_cell(v) for _, df in tables["measurement_files"] for v in df["simulationConditionId"]}

    def unknown_ids(where, df, col, ids, table, used):
        """One problem per id that ``ids`` lacks, naming its rows: an id misspelt in the observable or
        condition table left all its measurement rows unknown, one line each, each with a 'did you mean' of
        another id one letter away; the ids no measurement uses (the misspelt one) are suggested first."""
        by_id: dict[str, list[int]] = {}
        for i, v in enumerate(df[col].map(_cell)):
            if v not in ids:
                by_id.setdefault(v, []).append(i + 2)
        unused = ids - used
        listing = f" (it has {', '.join(sorted(ids))})" if len(ids) <= 10 else ""
        for got, at in list(by_id.items())[:_MAX_ROWS_SHOWN]:
            hint = did_you_mean(got, unused) or did_you_mean(got, ids)
            shown = ", ".join(str(n) for n in at[:5]) + (f" and {len(at) - 5} more" if len(at) > 5 else "")
            problems.append(Problem(f"{where}, row{'s' if len(at) > 1 else ''} {shown}, column {col}",
                                    f"not in the {table} table{hint}{listing} "
                                    f"(got {repr(got) if got else 'an empty cell'})"))
        if len(by_id) > _MAX_ROWS_SHOWN:
            problems.append(Problem(f"{where}, column {col}",
                                    f"{len(by_id) - _MAX_ROWS_SHOWN} more ids not in the {table} table"))

    for where, df in tables["measurement_files"]:
        rows(where, df, "measurement", not_number,
             lambda g: "must be a finite number" + ("; a value that was not measured has no row in PEtab: leave the "
                                                    "row out" if g.lower() in _MISSING_WORDS else ""))
        rows(where, df, "time", not_number, lambda _g: "must be a finite number")
        rows(where, df, "time", lambda _i, v: (_number(v) or 0) < 0, lambda _g: "must be >= 0 (minutes from the start)")
        if "noiseParameters" in df.columns:
            rows(where, df, "noiseParameters", lambda _i, v: _cell(v) != "" and not (_number(v) or 0) > 0,
                 lambda _g: "must be a number > 0 (the noise sigma of the row; il6sim reads no parameter names here)")
        if tables["observable_files"]:
            unknown_ids(where, df, "observableId", obs_ids, "observable", used_obs)
            obs = df["observableId"].map(_cell)
            rows(where, df, "measurement", lambda i, v: obs.iloc[i] in log_obs and not (_number(v) or 0) > 0
                 and _number(v) is not None,
                 lambda _g: "must be > 0: its observable is log-transformed (observableTransformation)")
        if tables["condition_files"]:
            unknown_ids(where, df, "simulationConditionId", cond_ids, "condition", used_conds)
    for where, df in tables["condition_files"]:
        for col in df.columns.drop(["conditionId", "conditionName"], errors="ignore"):
            rows(where, df, col, lambda _i, v: _cell(v) != "" and _number(v) is None,
                 lambda _g: "must be a number: il6sim reads doses and parameter values here, not formulas or names")
    for where, df in tables["parameter_file"]:
        rows(where, df, "nominalValue", not_number, lambda _g: "must be a finite number")
        rows(where, df, "estimate", lambda _i, v: _number(v) not in (0, 1), lambda _g: "must be 0 or 1")
        fitted = df["estimate"].map(_number) == 1
        for col in ("lowerBound", "upperBound"):
            rows(where, df, col, lambda i, v: fitted.iloc[i] and _number(v) is None,
                 lambda _g: "must be a finite number (the parameter is estimated)")
            # PEtab tools (petablint, AMICI, pyPESTO) fail on a word here even where nothing is estimated
            rows(where, df, col, lambda i, v: not fitted.iloc[i] and _cell(v) != "" and _number(v) is None,
                 lambda _g: "must be a number, or empty for a parameter that is not estimated")
        lo, hi = df["lowerBound"].map(_number), df["upperBound"].map(_number)
        both = fitted & lo.notna() & hi.notna()
        rows(where, df, "upperBound", lambda i, _v: both.iloc[i] and not lo.iloc[i] < hi.iloc[i],
             lambda _g: "must be above lowerBound (the range the parameter is estimated in)")
        logs = df["parameterScale"].map(_cell).isin(("log", "log10"))
        rows(where, df, "lowerBound", lambda i, _v: both.iloc[i] and logs.iloc[i] and not lo.iloc[i] > 0,
             lambda _g: "must be > 0: the parameter is estimated on a log scale (parameterScale)")
        nominal = df["nominalValue"].map(_number)
        inside = both & (lo < hi) & (~logs | (lo > 0)) & nominal.notna()
        rows(where, df, "nominalValue", lambda i, _v: inside.iloc[i] and not lo.iloc[i] <= nominal.iloc[i] <= hi.iloc[i],
             lambda _g: "must lie within lowerBound and upperBound (the parameter is estimated, and the fit starts "
                        "from its nominal value)")
        _check_priors(where, df, fitted, rows)
    return problems


#: what a spreadsheet or a script writes in a cell that holds no value
_MISSING_WORDS = {"", "nan", "na", "n/a", "none", "null", "-"}
#: the only prior il6sim's objective has (PEtab v1 names)
_PRIOR = "parameterScaleNormal"


def _check_priors(where: str, df: pd.DataFrame, fitted: pd.Series, rows) -> None:
    """Objective priors of estimated parameters: parameterScaleNormal with 'mean;sd', sd > 0.

    Any other prior type would be left out of il6sim's objective without a word, so that its
    value differed from pyPESTO's; it is refused instead.
    """
    if "objectivePriorType" not in df.columns:
        return
    kinds = df["objectivePriorType"].map(_cell)
    rows(where, df, "objectivePriorType", lambda i, v: fitted.iloc[i] and _cell(v) not in ("", _PRIOR),
         lambda _g: f"il6sim's objective has {_PRIOR} priors only (a normal prior on the parameter's scale): "
                    f"write {_PRIOR} with objectivePriorParameters 'mean;sd' on that scale, or leave the cell empty "
                    "for no prior")
    if "objectivePriorParameters" not in df.columns:
        if (fitted & (kinds == _PRIOR)).any():
            rows(where, df, "objectivePriorType", lambda i, v: fitted.iloc[i] and _cell(v) == _PRIOR,
                 lambda _g: "needs the column objectivePriorParameters, 'mean;sd' of the prior")
        return

    def bad(_i, v) -> bool:
        parts = _cell(v).split(";")
        return len(parts) != 2 or any(_number(x) is None for x in parts) or not _number(parts[1]) > 0

    rows(where, df, "objectivePriorParameters", lambda i, v: fitted.iloc[i] and kinds.iloc[i] == _PRIOR and bad(i, v),
         lambda _g: f"must be 'mean;sd', two numbers separated by ';' with sd > 0 (the {_PRIOR} prior of the "
                    "parameter, on its parameterScale)")


def read_petab_files(yaml_path: str | Path):
    """The PEtab problem at ``yaml_path`` (a ``petab.v1.Problem``); unreadable files are an InputError.

    The tables are checked first (:func:`check_petab_tables`), so that a misspelt column or a word
    where a number belongs is reported with its file, row and column.
    """
    import petab.v1 as petab

    problems = check_petab_tables(yaml_path)
    if problems:
        raise InputError(problems)
    try:
        return petab.Problem.from_yaml(str(yaml_path))
    except Exception as exc:
        raise InputError(f"cannot read the PEtab problem: {exc}", str(yaml_path)) from None
