"""Parameter overrides from user input: the one check every caller uses.

A protocol's ``set:`` step, a cell's ``parameters:``, a sweep's ``fixed:``,
``il6sim simulate --set`` and the ``parameters=`` of :func:`run_protocol`
all go through :func:`parse_parameter_values`. A value is a number in the
parameter's own unit (``il6sim presets parameters``) or a quantity with a
unit that converts to it (``"0.5 /s"``, ``"2 mL"``). ``NAME@PRESET`` is a
value for cells of one preset only (:func:`for_preset`), as a named
parameter set carries for a cell quantity estimated on one cell.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import InputError, Problem, UnitError
from ..units import to_model_unit
from ..validate import add_problem, close_match, number, show
from .reference import reference_model
from .spec import ModelSpec


def close_parameter(name: str, known: Mapping) -> str:
    """The quoted parameter closest to ``name``, or ``""``; a protein's name gives its copy number.

    ``--set IL6R=500`` or ``gp130: ...`` most likely means receptors per cell: the spelling
    match alone suggested 'out_IL6R' (IL-6R mRNA export), which only shares the letters.

    >>> close_parameter("IL-6R", reference_model().parameter_map)
    "'IL6R_per_cell'"
    >>> close_parameter("K_er", reference_model().parameter_map)
    "'K_erk'"
    """
    lower = {str(k).lower(): str(k) for k in known}
    copies = lower.get(f"{name.replace('-', '').lower()}_per_cell")
    return repr(copies) if copies else close_match(name, known)


def parse_parameter_values(obj: object, where: str, problems: list[Problem], *, what: str = "",
                           spec: ModelSpec | None = None, scoped: bool = False) -> dict[str, float]:
    """A mapping name -> value checked against the model's free parameters; problems are recorded.

    Returns the values that passed, in the model's units. ``scoped``: also accept
    ``NAME@PRESET`` keys (kept as written; :func:`for_preset` resolves them), where the
    values are applied to a protocol whose cell is known (``run_protocol``, ``--set``).

    >>> p = []
    >>> parse_parameter_values({"K_er": 1, "V_medium": "2 mL"}, "cell.parameters", p)
    {'V_medium': 0.002}
    >>> p[0].message
    "unknown parameter 'K_er' (did you mean 'K_erk'?)"
    """
    pre = f"{what}: " if what else ""
    if obj is None:
        return {}
    if not isinstance(obj, Mapping):
        got = (f"a {type(obj).__name__}; pass a dict, e.g. values.to_dict()" if hasattr(obj, "to_dict")
               and hasattr(obj, "index") else show(obj))  # a pandas Series: not its many-line printout
        if isinstance(obj, str):  # parameters='calibrated': the command line's --parameters NAME, in Python
            got = (f"the text {show(obj)!r}; a named parameter set is read with il6sim.parameter_set(name), e.g. "
                   "parameters=il6sim.parameter_set('calibrated') (on the command line: --parameters calibrated)")
        add_problem(problems, where, f"{pre}must be a mapping parameter: value (got {got})")
        return {}
    spec = spec or reference_model()
    pmap = spec.parameter_map
    out: dict[str, float] = {}
    for key, v in obj.items():
        k, scope = (key.split("@", 1) + [""])[:2] if isinstance(key, str) else (key, "")
        if isinstance(key, str) and "@" in key and not scoped:
            add_problem(problems, where, f"{pre}parameter {show(key)!r}: a value for one cell preset (NAME@PRESET) "
                                         f"belongs to --set or a named parameter set; here write {show(k)!r}")
            continue
        if isinstance(key, str) and "@" in key and not _known_preset(scope):
            from .presets import PRESETS

            close = close_match(scope, PRESETS)
            add_problem(problems, where, f"{pre}parameter {show(key)!r}: unknown cell preset {show(scope)!r} after "
                                         "'@'" + (f" (did you mean {close}?)" if close else "")
                                         + "; NAME@PRESET applies NAME to cells of that preset only (see "
                                         "`il6sim presets cells`)")
            continue
        if not isinstance(k, str) or k not in pmap:
            close = close_parameter(str(k), pmap)
            add_problem(problems, where, f"{pre}unknown parameter {show(k)!r}"
                        + (f" (did you mean {close}?)" if close else " (see `il6sim presets parameters`)"))
            continue
        p = pmap[k]
        name = key  # as written, with its @PRESET scope
        if p.kind == "derived":
            add_problem(problems, where, f"{pre}parameter {name!r} is computed from others and cannot be set")
            continue
        num = number(v)
        if num is None and isinstance(v, str) and v.strip():
            try:
                num = to_model_unit(v, p.unit, what=f"parameter {name!r}")
            except UnitError as exc:
                msg = str(exc)
                if "not a number followed by a unit" in msg or "has no unit" in msg:
                    msg = (f"parameter {name!r} must be a finite number in {p.unit} or a number with a unit "
                           f"({show(v)!r} is not a number)")
                elif not msg.startswith("parameter"):
                    msg = f"parameter {name!r}: {msg}"
                add_problem(problems, where, pre + msg)
                continue
        if num is None or num != num or num in (float("inf"), float("-inf")):
            add_problem(problems, where, f"{pre}parameter {name!r} must be a finite number in {p.unit} or a number "
                                         f"with a unit ({show(v)!r} is not a number)")
            continue
        if num < 0:
            add_problem(problems, where, f"{pre}parameter {name!r} must be >= 0 (got {show(v)})")
            continue
        size = spec.validate_values({k: float(num)})  # a compartment size must lie in its range
        if size:
            add_problem(problems, where, pre + size[0].replace(repr(k), repr(name), 1))
            continue
        if p.kind == "cell" and not p.lower <= num <= p.upper:  # a cell quantity stays within what a cell can have
            add_problem(problems, where, f"{pre}parameter {name!r} is a cell quantity from {p.lower:g} to {p.upper:g} "
                                         f"{p.unit} (got {show(v)})")
            continue
        out[key] = float(num)
    return out


def format_values(values: Mapping[str, float]) -> str:
    """Parameter values as one line for people, e.g. "K_SOCS3 = 0.1, k_tl_SOCS3@phh = 0.65".

    >>> format_values({"K_SOCS3": 0.1, "kon_IL6R": 0.6000001})
    'K_SOCS3 = 0.1, kon_IL6R = 0.6'
    """
    return ", ".join(f"{k} = {v:.4g}" for k, v in values.items())


def _known_preset(name: str) -> bool:
    from .presets import PRESETS

    return name in PRESETS


def for_preset(values: Mapping[str, float], preset: str | None) -> dict[str, float]:
    """Resolve ``NAME@PRESET`` values for a cell of ``preset``; others are dropped.

    A named parameter set carries values estimated for one cell (``SOCS3_translation_factor@phh``);
    they replace the preset's own value on cells of that preset. Values are applied in the
    mapping's order, so a user's ``--set NAME=v`` written after a named set wins over the set's
    ``NAME@PRESET``.

    >>> for_preset({"k_exp": 0.2, "SOCS3_translation_factor@phh": 0.02}, "phh")
    {'k_exp': 0.2, 'SOCS3_translation_factor': 0.02}
    >>> for_preset({"k_exp": 0.2, "SOCS3_translation_factor@phh": 0.02}, "hepg2")
    {'k_exp': 0.2}
    """
    out: dict[str, float] = {}
    for k, v in values.items():
        name, _, scope = k.partition("@")
        if not scope or scope == preset:
            out.pop(name, None)  # keep the mapping's order: a later value comes later
            out[name] = v
    return out


def check_parameter_values(obj: object, where: str, *, spec: ModelSpec | None = None,
                           scoped: bool = False) -> dict[str, float]:
    """:func:`parse_parameter_values`, raising one InputError listing every problem."""
    problems: list[Problem] = []
    out = parse_parameter_values(obj, where, problems, spec=spec, scoped=scoped)
    if problems:
        raise InputError(problems)
    return out
