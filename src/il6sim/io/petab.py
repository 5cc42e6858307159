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


def read_petab_files(yaml_path: str | Path):
    """The PEtab problem at ``yaml_path`` (a ``petab.v1.Problem``); unreadable files are an InputError."""
    import petab.v1 as petab

    try:
        return petab.Problem.from_yaml(str(yaml_path))
    except Exception as exc:
        raise InputError(f"cannot read the PEtab problem: {exc}", str(yaml_path)) from None
