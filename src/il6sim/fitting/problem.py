"""What a calibration is: data, conditions, observables, fitted parameters.

A :class:`CalibrationProblem` is pure data (frozen dataclasses; the
measurement table is copied in and not changed). The objective
(:mod:`il6sim.fitting.objective`) turns it into residuals.

Observation model (per data observable, :class:`ObservableDef`):

* ``y = s * f(x)`` where ``f`` is an il6sim observable and ``s`` a scale:
  ``scaling="experiment"`` gives one unknown scale per (experiment, observable),
  computed analytically for each parameter vector (the optimum of the
  likelihood for that fixed model output); ``scaling="fixed"`` uses ``factor``
  as a known scale; ``scaling="start"`` divides the model by its value at
  t = 0 of the same condition and multiplies by ``factor`` (for "% of start").
* ``transform="log"``: errors are log-normal, residual
  ``(ln y - ln s - ln f) / sigma`` (blots, qPCR); ``"lin"``: normal,
  ``(y - s f) / sigma``. ``sigma`` is the row's ``sd`` when given (for log data
  ``sd / value``), else the observable's ``noise``.

Fitted parameters (:class:`FitParameter`) live on a log10 scale by default,
within bounds from the parameter table, with an optional normal prior on
the scaled value.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from ..engine.simulator import Event
from ..errors import InputError, Problem, value_kind
from ..io.tables import check_measurements
from ..model.reference import reference_model
from ..validate import check_keys, did_you_mean, number, other_kind, show

#: floor for model values taken to a logarithm
_TINY = 1e-12

Transform = Literal["log", "lin"]
Scaling = Literal["experiment", "fixed", "start"]


@dataclass(frozen=True)
class FitParameter:
    """One estimated model parameter.

    ``prior_sd`` (in units of the scaled value, e.g. log10 decades) adds a normal
    prior centred on ``prior_mean`` (linear units; default: ``nominal``).
    """

    name: str
    lower: float
    upper: float
    nominal: float
    scale: Literal["log10", "lin"] = "log10"
    prior_sd: float | None = None
    prior_mean: float | None = None

    def to_scaled(self, v: float) -> float:
        return math.log10(v) if self.scale == "log10" else float(v)

    def from_scaled(self, x: float) -> float:
        return 10.0 ** x if self.scale == "log10" else float(x)

    @property
    def scaled_bounds(self) -> tuple[float, float]:
        return self.to_scaled(self.lower), self.to_scaled(self.upper)


@dataclass(frozen=True)
class ObservableDef:
    """How a data observable relates to the model (see module docstring)."""

    name: str
    model: str
    transform: Transform = "log"
    scaling: Scaling = "experiment"
    factor: float = 1.0
    noise: float = 0.3
    description: str = ""


@dataclass(frozen=True)
class Condition:
    """What was done to the cells: timed events and parameter overrides."""

    name: str
    events: tuple[Event, ...] = ()
    parameters: Mapping[str, float] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class OrderConstraint:
    """Qualitative knowledge as a soft constraint between two times of one observable.

    ``direction="rises"`` (default): ``model(t_after) >= ratio * model(t_before)``, e.g.
    "pSTAT3 is still rising at 15 min" (peak no earlier than ~15 min; ``ratio`` 1).
    ``direction="falls"``: ``model(t_after) <= ratio * model(t_before)``, e.g. "surface IL-6
    sites fall to at most 60 % within 30 min of IL-6" (``ratio`` 0.6).

    Residual: the shortfall in natural-log units over ``sigma``, zero when satisfied
    (:meth:`residual`).
    """

    name: str
    condition: str
    observable: str  # an il6sim model observable
    t_before: float
    t_after: float
    sigma: float = 0.02
    source: str = ""
    ratio: float = 1.0
    direction: Literal["rises", "falls"] = "rises"

    def residual(self, before: float, after: float) -> float:
        """``max(0, shortfall) / sigma`` for the model values at ``t_before`` and ``t_after``."""
        a, b = math.log(max(before, _TINY)), math.log(max(after, _TINY))
        gap = a + math.log(self.ratio) - b if self.direction == "rises" else b - a - math.log(self.ratio)
        return max(0.0, gap) / self.sigma

    def residual_formula(self) -> str:
        """:meth:`residual` written out, e.g. ``max(0, ln f(30) - ln f(0) - ln 0.6) / 0.01``."""
        a, b = f"ln f({self.t_before:g})", f"ln f({self.t_after:g})"
        lnr = "" if self.ratio == 1 else f" {'+' if self.direction == 'rises' else '-'} ln {self.ratio:g}"
        gap = f"{a}{lnr} - {b}" if self.direction == "rises" else f"{b} - {a}{lnr}"
        return f"max(0, {gap}) / {self.sigma:g}"

    def describe(self) -> str:
        """The constraint as one line, e.g. ``surface_IL6R(30 min) <= 0.6 * surface_IL6R(0 min)``."""
        op = ">=" if self.direction == "rises" else "<="
        r = "" if self.ratio == 1 else f"{self.ratio:g} * "
        return (f"{self.observable}({self.t_after:g} min) {op} {r}{self.observable}({self.t_before:g} min)")


@dataclass(frozen=True)
class CalibrationProblem:
    """Data + conditions + observation model + what to estimate."""

    name: str
    measurements: pd.DataFrame = field(repr=False)
    conditions: Mapping[str, Condition]
    observables: Mapping[str, ObservableDef]
    parameters: tuple[FitParameter, ...]
    base: Mapping[str, float] = field(default_factory=dict)
    provenance: Mapping[str, Any] = field(default_factory=dict)
    constraints: tuple[OrderConstraint, ...] = ()
    #: nominal values of the per-experiment scales, {(experiment, observable): scale}, where the
    #: problem came with them (a PEtab problem); il6sim's fitter computes scales analytically
    scale_values: Mapping[tuple[str, str], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measurements", check_measurements(self.measurements, where=self.name))
        # private copies (plain dicts so that problems pickle to worker processes)
        object.__setattr__(self, "conditions", dict(self.conditions))
        object.__setattr__(self, "observables", dict(self.observables))
        object.__setattr__(self, "base", dict(self.base))
        object.__setattr__(self, "provenance", dict(self.provenance))
        object.__setattr__(self, "scale_values", dict(self.scale_values))
        problems = self.check()
        if problems:
            raise InputError(problems)

    # -- lookups -------------------------------------------------------------
    @property
    def parameter_names(self) -> list[str]:
        return [p.name for p in self.parameters]

    @property
    def lower(self) -> np.ndarray:
        return np.array([p.scaled_bounds[0] for p in self.parameters])

    @property
    def upper(self) -> np.ndarray:
        return np.array([p.scaled_bounds[1] for p in self.parameters])

    def x_nominal(self) -> np.ndarray:
        return np.array([p.to_scaled(p.nominal) for p in self.parameters])

    def to_values(self, x: Sequence[float]) -> dict[str, float]:
        """Scaled vector -> {parameter: linear value} (cell-specific ones keep their ``@CELL``)."""
        return {p.name: p.from_scaled(float(v)) for p, v in zip(self.parameters, x)}

    def condition_values(self, x: Sequence[float], condition: str | None = None) -> dict[str, float]:
        """Model parameter values for ``x`` in one condition.

        ``base``, then the fitted values, then the condition's own settings (its cell's
        quantities), then the ``NAME@CELL`` values estimated for the cell of this condition
        (``CELL:...``), which replace ``NAME`` there, even a cell quantity of the preset.
        """
        v = dict(self.base)
        scoped = {}
        for k, val in self.to_values(x).items():
            if "@" in k:
                name, cell = k.split("@", 1)
                if condition is not None and condition.startswith(cell + ":"):
                    scoped[name] = val
            else:
                v[k] = val
        if condition is not None:
            v.update(self.conditions[condition].parameters)
        v.update(scoped)  # a value estimated for this cell replaces the cell's own (e.g. a preset's cell quantity)
        return v

    def to_scaled(self, values: Mapping[str, float]) -> np.ndarray:
        return np.array([p.to_scaled(values[p.name]) for p in self.parameters])

    def scaled_columns(self, prefix: str, x: Sequence[float]) -> dict[str, float]:
        """``x`` (one value per fitted parameter, on the scale it is searched on) as table columns
        named ``<prefix>_<scale>_<parameter>``, e.g. ``x_log10_K_SOCS3`` or ``x_lin_k_exp``: the
        column name says whether the value is a log10 or a linear one (starts.csv)."""
        return {f"{prefix}_{p.scale}_{p.name}": float(v) for p, v in zip(self.parameters, x)}

    def subset(self, mask: pd.Series | np.ndarray, name: str | None = None) -> "CalibrationProblem":
        """The same problem on a subset of the measurement rows."""
        m = self.measurements[np.asarray(mask, dtype=bool)]
        conds = {c: self.conditions[c] for c in list(m["condition"].unique())
                 + [k.condition for k in self.constraints]}
        obs = {o: self.observables[o] for o in m["observable"].unique()}
        return replace(self, name=name or self.name, measurements=m, conditions=conds, observables=obs)

    def with_measurements(self, df: pd.DataFrame) -> "CalibrationProblem":
        return replace(self, measurements=df)

    def data_sha256(self) -> str:
        csv = self.measurements.to_csv(index=False).encode()
        return hashlib.sha256(csv).hexdigest()

    # -- checks --------------------------------------------------------------
    def check(self) -> list[Problem]:
        """Every inconsistency between data, conditions, observables and parameters."""
        spec = reference_model()
        pmap = spec.parameter_map
        problems: list[Problem] = []
        where = f"problem '{self.name}'"
        df = self.measurements
        for c in sorted(set(df["condition"]) - set(self.conditions)):
            problems.append(Problem(where, f"measurements use condition '{c}', which is not defined"
                                           f"{did_you_mean(c, self.conditions)} "
                                           f"(defined: {', '.join(self.conditions) or 'none'})"))
        for o in sorted(set(df["observable"]) - set(self.observables)):
            problems.append(Problem(where, f"measurements use observable '{o}', which is not defined"
                                           f"{did_you_mean(o, self.observables)} "
                                           f"(defined: {', '.join(self.observables) or 'none'})"))
        for o in self.observables.values():
            if o.model not in spec.observable_map:
                problems.append(Problem(f"{where}, observable '{o.name}'",
                                        f"unknown model observable '{o.model}'"
                                        f"{did_you_mean(o.model, spec.observable_map)} "
                                        f"(known: {', '.join(spec.observable_map)})"))
            if o.transform not in ("log", "lin"):
                problems.append(Problem(f"{where}, observable '{o.name}'", f"transform must be log or lin (got {o.transform!r})"))
            if o.scaling not in ("experiment", "fixed", "start"):
                problems.append(Problem(f"{where}, observable '{o.name}'",
                                        f"scaling must be experiment, fixed or start (got {o.scaling!r})"))
            if not (o.noise > 0) or not (o.factor > 0):
                problems.append(Problem(f"{where}, observable '{o.name}'", "noise and factor must be > 0"))
            if o.transform == "log":
                rows = df[(df["observable"] == o.name) & ~(df["value"] > 0)]
                for i in rows.index[:5]:
                    problems.append(Problem(f"{where}, observable '{o.name}'",
                                            f"value {df.at[i, 'value']:g} at t={df.at[i, 'time_min']:g} min "
                                            "cannot be compared on a log scale (must be > 0)"))
        seen = set()
        for p in self.parameters:
            pw = f"{where}, parameter '{p.name}'"
            if p.name in seen:
                problems.append(Problem(pw, "listed twice"))
            seen.add(p.name)
            base, _, cell = p.name.partition("@")
            if base not in pmap or (p.name.endswith("@")):
                problems.append(Problem(pw, "not a model parameter"))
            elif cell and not any(c.startswith(cell + ":") for c in self.conditions):
                problems.append(Problem(pw, f"no condition of cell '{cell}' (condition names '{cell}:...')"))
            elif pmap[base].kind == "derived":
                problems.append(Problem(pw, "is computed from others and cannot be estimated"))
            if not (p.lower < p.upper) or (p.scale == "log10" and p.lower <= 0):
                problems.append(Problem(pw, f"bounds must satisfy 0 < lower < upper for log10 (got {p.lower:g}, {p.upper:g})"))
            elif not (p.lower <= p.nominal <= p.upper):
                problems.append(Problem(pw, f"nominal {p.nominal:g} outside bounds [{p.lower:g}, {p.upper:g}]"))
            if p.prior_sd is not None and not p.prior_sd > 0:
                problems.append(Problem(pw, f"prior_sd must be > 0 (got {p.prior_sd})"))
        for k in self.constraints:
            if k.condition not in self.conditions:
                problems.append(Problem(f"{where}, constraint '{k.name}'", f"unknown condition '{k.condition}'"))
            if k.observable not in spec.observable_map:
                problems.append(Problem(f"{where}, constraint '{k.name}'",
                                        f"unknown model observable '{k.observable}'"
                                        f"{did_you_mean(k.observable, spec.observable_map)}"))
            if not (0 <= k.t_before < k.t_after) or not k.sigma > 0 or not k.ratio > 0:
                problems.append(Problem(f"{where}, constraint '{k.name}'",
                                        "needs 0 <= t_before < t_after, sigma > 0 and ratio > 0"))
            if k.direction not in ("rises", "falls"):
                problems.append(Problem(f"{where}, constraint '{k.name}'",
                                        f"direction must be 'rises' or 'falls' (got {k.direction!r})"))
        for msg in spec.validate_values(dict(self.base)):
            problems.append(Problem(f"{where}, base values", msg))
        for c in self.conditions.values():
            for msg in spec.validate_values(dict(c.parameters)):
                problems.append(Problem(f"{where}, condition '{c.name}'", msg))
            # a condition's values (e.g. its cell's copy numbers) are applied after the fitted ones
            for n in sorted(set(c.parameters) & seen):
                problems.append(Problem(f"{where}, condition '{c.name}'",
                                        f"sets fitted parameter '{n}'; its fixed value would hide the fitted one "
                                        "(fit it or fix it, not both)"))
        return problems


#: the parts of a calibration data set a problem is built on (hepg2_problem, phh_problem, joint_problem)
SPLITS = ("training", "validation", "all")


def check_split(split: object) -> None:
    """InputError unless ``split`` is one of :data:`SPLITS` (a misspelt one left no rows, said as such)."""
    if not isinstance(split, str) or split not in SPLITS:
        raise InputError(f"unknown data split {show(split) if not isinstance(split, str) else repr(split)}"
                         f"{did_you_mean(split, SPLITS) if isinstance(split, str) else ''} "
                         f"(expected one of: {', '.join(SPLITS)})", "split")


def name_list(names: object, where: str) -> tuple[str, ...]:
    """Parameter names as a tuple; one name alone is a list of one (not its letters)."""
    if isinstance(names, str):
        return (names,)
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise InputError(f"must be a list of parameter names, e.g. ('K_SOCS3', 'k_tl_SOCS3') (got {show(names)})",
                         where)
    return tuple(names)


def fit_parameter(name: str, *, lower: float | None = None, upper: float | None = None,
                  nominal: float | None = None, scale: str | None = None,
                  prior_sd: float | None = None, prior_mean: float | None = None) -> FitParameter:
    """A :class:`FitParameter` with bounds and nominal value taken from the parameter table.

    ``NAME@CELL`` is the same model parameter estimated separately for the conditions of
    one cell (condition names ``CELL:...``); see :meth:`CalibrationProblem.condition_values`.

    >>> fit_parameter("K_SOCS3").lower
    0.1
    >>> fit_parameter("k_tl_SOCS3@phh").name
    'k_tl_SOCS3@phh'
    """
    spec = reference_model()
    p = spec.parameter_map.get(name.split("@", 1)[0])
    if p is None or name.endswith("@"):
        raise InputError(f"unknown model parameter '{name}'{did_you_mean(name.split('@', 1)[0], spec.parameter_map)} "
                         "(see `il6sim presets parameters`)")
    lo = float(p.lower if lower is None else lower)
    hi = float(p.upper if upper is None else upper)
    if scale is None:
        scale = "log10" if lo > 0 else "lin"
    return FitParameter(name, lo, hi, float(p.value if nominal is None else nominal), scale, prior_sd, prior_mean)


def parse_condition(name: str, steps: Any, where: str) -> Condition:
    """A condition from a list of protocol steps (the one experiment language, ``il6sim.protocols``).

    Steps are written as in a protocol group: ``{at: 0 min, add: IL-6, dose: 10 ng/mL}``,
    ``{at: 40 min, add: actinomycin D, dose: 5 ug/mL}``, ``{at: 2 h, wash: true}`` or
    ``{at: 0 min, set: {k_deg_SOCS3: 0.08}}``; the protocol parser checks them and its messages
    name the step.

    >>> parse_condition("il6", [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}], "c").events[0].target
    'IL6'
    """
    from ..protocols import load_protocol

    if steps is None:
        steps = []
    if not isinstance(steps, (list, tuple)):
        raise InputError(f"expected a list of protocol steps such as [{{at: 0 min, add: IL-6, dose: 10 ng/mL}}] "
                         f"(got {value_kind(steps)})", where)
    doc = {"name": name, "cell": "none", "groups": {name: list(steps)},
           "readouts": {"observables": ["free_IL6"], "times": ["0 min"]}}
    try:
        protocol = load_protocol(doc, origin=where)
    except InputError as exc:
        raise InputError([Problem(_condition_where(p.where, where, name), p.message) for p in exc.problems]) from None
    refuse_premix(protocol, where)
    return Condition(name, tuple(protocol.events(name)), {})


def refuse_premix(protocol, where: str) -> None:
    """A calibration condition holds fixed events, so premixed agents (whose tube contents depend on the
    binding rates being fitted) are refused with the remedy."""
    if protocol.has_premix:
        raise InputError("premixed agents cannot be a calibration condition yet (what the tube holds depends on "
                         "the binding rates being fitted); add the agents without 'premixed'", where)


def _condition_where(w: str | None, where: str, name: str) -> str:
    """The protocol parser's location (``Protocol 'c', group 'x', step 1``) as the fit file's (``c, step 1``)."""
    if not w:
        return where
    prefix = f"Protocol {where!r}, group {name!r}"
    return where + w[len(prefix):] if w.startswith(prefix) else w


def _yaml_number(mapping: Mapping, key: Any, default: float | None, where: str,
                 problems: list[Problem]) -> float | None:
    """``mapping[key]`` as a finite float (``default`` when absent); None, with a problem added, when it is not one."""
    if key not in mapping:
        return default
    x = number(mapping[key])
    if x is None:
        problems.append(Problem(where, f"{key} must be a finite number (got {show(mapping[key])})"))
    return x


#: the packaged problems, by the names :func:`load_problem` accepts (in any case, as presets are)
BUILTIN_PROBLEMS = ("hepg2", "hepg2:training")


def builtin_problem(source: object) -> str | None:
    """The packaged problem ``source`` names (``"HepG2"`` -> ``"hepg2"``), or None for a file."""
    if isinstance(source, str) and source.strip().lower() in BUILTIN_PROBLEMS:
        return source.strip().lower()
    return None


def _missing_petab_files(doc: dict, base, where: str) -> list[Problem]:
    """The files a PEtab problem file lists that are not there, each with the nearest name in its folder.

    (It said "file not found" alone; a misspelt name is the usual cause, and the folder is where
    PEtab looks: names are relative to the problem file.)
    """
    import os
    from pathlib import Path

    from ..io.files import _PETAB_FILE_KEYS

    base = Path(base)
    subs = doc.get("problems") if isinstance(doc.get("problems"), list) else []
    entries = [("parameter_file", doc.get("parameter_file"))]
    entries += [(k, sub.get(k)) for sub in subs if isinstance(sub, dict) for k in _PETAB_FILE_KEYS]
    out: list[Problem] = []
    for key, v in entries:
        for name in [v] if isinstance(v, str) else v if isinstance(v, list) else []:
            if isinstance(name, str) and not os.path.lexists(base / name):
                try:
                    present = sorted(p.name for p in base.iterdir() if p.is_file())
                except OSError:
                    present = []
                out.append(Problem(f"{where}, {key} {name!r}",
                                   f"file not found in {base}{did_you_mean(name, present)}: the names in a PEtab "
                                   "problem file are relative to its folder; correct the name or move the file"))
    return out


def load_problem(source: str, *, where: str | None = None) -> CalibrationProblem:
    """A problem from ``"hepg2"`` (the HepG2 training problem; any case), a PEtab YAML, or an il6sim fit YAML.

    An il6sim fit YAML::

        name: my_fit
        measurements: data.csv            # tidy table (il6sim.io.tables), relative to this file
        cell: hepg2                       # preset or cell mapping (optional)
        conditions:                       # protocol groups: the steps of il6sim.protocols
          il6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]
          control: []
        observables:
          pSTAT3_blot: {model: pSTAT3, transform: log, scaling: experiment, noise: 0.35}
        parameters:                       # names, or name: {lower, upper, nominal, scale, prior_sd}
          K_SOCS3: {}
          k_stat3_act: {prior_sd: 1.0}
        set:                              # parameter values held fixed (optional)
          k_deg_SOCS3: 0.05
    """
    from pathlib import Path

    from ..io.files import check_petab_files, load_yaml_file
    from ..io.tables import read_measurements
    from ..model.presets import CellSpec

    if builtin_problem(source):
        from .hepg2 import hepg2_problem

        return hepg2_problem("training")
    path = Path(source)
    where = where or str(path)
    if not path.is_file():
        raise InputError("problem file not found (give 'hepg2', a PEtab problem YAML or an il6sim fit YAML)", where)
    doc = load_yaml_file(path, where, what="problem file")
    if not isinstance(doc, dict):
        raise InputError("expected a mapping at the top level", where)
    if "format_version" in doc:
        from .petab import read_petab

        try:
            check_petab_files(doc, path.parent, where)
        except InputError as exc:  # a missing file: say which name was meant
            missing = _missing_petab_files(doc, path.parent, where)
            if missing and all("not found" in p.message for p in exc.problems):
                raise InputError(missing) from None
            raise
        return read_petab(path)
    wrong = other_kind(doc, ("fit", "petab"))
    if wrong and not {"measurements", "conditions", "observables"} & set(doc):
        raise InputError(wrong, where)
    problems: list[Problem] = []
    # every problem of the file in one list: the keys, the sections and the measurement table
    check_keys(doc, ("cell", "conditions", "measurements", "name", "observables", "parameters", "set"), where,
               problems, hints={"fixed": "a fit problem takes the parameter values it holds fixed under 'set', "
                                         "e.g. set: {k_deg_SOCS3: 0.05}"})
    for k in ("measurements", "conditions", "observables", "parameters"):
        if k not in doc:
            problems.append(Problem(where, f"missing key '{k}'"))
    sections = {"conditions": doc.get("conditions") or {}, "observables": doc.get("observables") or {},
                "set": doc.get("set") or {}}
    pars = doc.get("parameters") or {}
    if isinstance(pars, list) and all(isinstance(n, str) for n in pars):
        pars = {n: {} for n in pars}
    sections["parameters"] = pars
    examples = {"conditions": "{il6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}], control: []}",
                "observables": "{pSTAT3_blot: {model: pSTAT3, noise: 0.35}}",
                "parameters": "{K_SOCS3: {}, k_stat3_act: {lower: 0.001, upper: 1}} or [K_SOCS3, k_stat3_act]",
                "set": "{k_deg_SOCS3: 0.05}"}
    for k, v in sections.items():
        if not isinstance(v, dict):
            problems.append(Problem(f"{where}, {k}", f"expected a mapping such as {examples[k]} "
                                                   f"(got {value_kind(v)})"))
    if "measurements" in doc and not isinstance(doc["measurements"], str):
        problems.append(Problem(f"{where}, measurements", "expected the path of a CSV table, relative to this file "
                                                          f"(got {value_kind(doc['measurements'])})"))
    for k, v in sections.items():
        if not isinstance(v, dict):
            sections[k] = {}  # reported above; the other sections are still checked
    meas = None
    if isinstance(doc.get("measurements"), str):
        try:
            meas = read_measurements(path.parent / doc["measurements"])
        except InputError as exc:
            problems.extend(exc.problems)
    conds: dict[str, Condition] = {}
    for name, steps in sections["conditions"].items():
        try:
            conds[str(name)] = parse_condition(str(name), steps, f"{where}, condition '{name}'")
        except InputError as exc:
            problems.extend(exc.problems)
    obs: dict[str, ObservableDef] = {}
    for name, o in sections["observables"].items():
        ow = f"{where}, observable '{name}'"
        if not isinstance(o, dict) or "model" not in o:
            problems.append(Problem(ow, "needs at least 'model: <il6sim observable>'"))
            continue
        extra = set(o) - {"model", "transform", "scaling", "factor", "noise", "description"}
        if extra:
            problems.append(Problem(ow, f"unknown key(s) {', '.join(sorted(map(str, extra)))}"))
            continue
        factor, noise = (_yaml_number(o, key, default, ow, problems) for key, default in
                         (("factor", 1.0), ("noise", 0.3)))
        if factor is None or noise is None:
            continue
        obs[str(name)] = ObservableDef(str(name), str(o["model"]), o.get("transform", "log"),
                                       o.get("scaling", "experiment"), factor, noise, str(o.get("description", "")))
    fitted = []
    for name, opts in sections["parameters"].items():
        pw = f"{where}, parameter '{name}'"
        opts = {} if opts is None else opts
        if not isinstance(opts, dict):
            problems.append(Problem(pw, "expected {} or a mapping with lower, upper, nominal, scale, prior_sd, "
                                        f"prior_mean (got {value_kind(opts)})"))
            continue
        extra = set(opts) - {"lower", "upper", "nominal", "scale", "prior_sd", "prior_mean"}
        if extra:
            problems.append(Problem(pw, f"unknown key(s) {', '.join(sorted(map(str, extra)))}"))
            continue
        values = {k: _yaml_number(opts, k, None, pw, problems) for k in ("lower", "upper", "nominal", "prior_sd",
                                                                         "prior_mean") if k in opts}
        if any(v is None for v in values.values()):
            continue
        scale = opts.get("scale")
        if scale is not None and scale not in ("log10", "lin"):
            problems.append(Problem(pw, f"scale must be log10 or lin (got {scale!r})"))
            continue
        try:
            fitted.append(fit_parameter(str(name), scale=scale, **values))
        except InputError as exc:
            problems.extend(Problem(pw, p.message) for p in exc.problems)
    base: dict[str, float] = {}
    try:
        if doc.get("cell") is not None:
            base.update(CellSpec.parse(doc["cell"], where=f"{where}, cell").resolve())
    except InputError as exc:
        problems.extend(exc.problems)
    for k in list(sections["set"]):
        v = _yaml_number(sections["set"], k, None, f"{where}, set", problems)
        if v is not None:
            base[str(k)] = v
    for n in [p.name for p in fitted]:
        base.pop(n, None)
    if problems:
        raise InputError(problems)
    name = str(doc.get("name", path.stem))
    try:
        return CalibrationProblem(name, meas, conds, obs, tuple(fitted), base, {"source": str(path.resolve())})
    except InputError as exc:  # name the file, as the problems found above do, not the problem's name
        own = f"problem '{name}'"
        raise InputError([Problem(where + p.where[len(own):] if p.where.startswith(own) else p.where, p.message)
                          for p in exc.problems]) from None
