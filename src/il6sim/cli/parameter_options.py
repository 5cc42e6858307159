"""``--parameters NAME`` and ``--set NAME=VALUE``: the values a command runs with instead of the defaults.

Commands that simulate fixed conditions (``compare``, ``dose-response``) take both: a named parameter
set (``calibrated``) applied on top of every cell preset, then the user's own values on top of that.
"""

from __future__ import annotations


def add_options(p, where: str = "every cell") -> None:
    """Add ``--parameters`` and ``--set`` to the parser ``p`` (``where``: what they apply to, for the help)."""
    p.add_argument("--parameters", metavar="NAME", default=None,
                   help=f"apply a named parameter set on top of {where} (calibrated: the joint HepG2+PHH fit) "
                        "instead of the model's default values")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help=f"override a model parameter in {where}, e.g. fc_classic_interference=1 (repeatable; "
                        "NAME@PRESET=VALUE for one preset); applied after --parameters")


def parse(args, problems: list, cell: str | None = None) -> tuple[dict[str, float], dict[str, float]]:
    """``(named set's values, --set values)``; problems are appended to ``problems`` (nothing raised).

    ``cell``: the one cell preset the command runs, if it runs one (a ``--set NAME@PRESET`` for another
    preset is then a problem).
    """
    from ..errors import InputError
    from .simulate import parse_overrides

    named: dict[str, float] = {}
    overrides: dict[str, float] = {}
    try:
        overrides = parse_overrides(args.set, cell)
    except InputError as exc:
        problems += exc.problems
    if args.parameters is not None:
        try:
            named = load_named(args.parameters)
        except InputError as exc:
            problems += exc.problems
    return named, overrides


def load_named(name: str, where: str = "--parameters") -> dict[str, float]:
    """The values of the named parameter set; an unknown or missing set is an error about the option ``where``."""
    from ..errors import InputError, Problem
    from ..fitting.ensemble import parameter_set

    try:
        return parameter_set(name)
    except InputError as exc:
        raise InputError([Problem(where, p.message) for p in exc.problems]) from None


def describe(name: str | None, overrides: dict[str, float]) -> str | None:
    """A phrase naming the values, e.g. "the parameter set 'calibrated' and then K_SOCS3 = 0.1" (None: defaults)."""
    from ..model.overrides import format_values

    parts = [f"the parameter set '{name}'"] if name else []
    if overrides:
        parts.append(format_values(overrides))
    return " and then ".join(parts) or None


def recorded(name: str | None, overrides: dict[str, float]) -> dict:
    """What provenance.json records of the options besides the merged values: ``parameter_set`` (the named set
    of --parameters: name, description, date, failed checks) and ``set_values`` (the --set values as given);
    nothing for a run on the model's values."""
    out: dict = {}
    if name:
        from ..fitting.ensemble import set_info

        info = set_info(name)
        out["parameter_set"] = {k: info[k] for k in ("name", "description", "created", "failed_checks")}
    if overrides:
        out["set_values"] = dict(overrides)
    return out


def command_tail(args) -> str:
    """The options as they would be typed again (for provenance)."""
    import shlex

    return (f" --parameters {args.parameters}" if args.parameters else "") + \
        "".join(f" --set {shlex.quote(item)}" for item in args.set)


def print_caveat(name: str) -> None:
    """On stderr: the calibration checks the named set ``name`` failed when it was fitted (nothing if none)."""
    import sys

    from ..fitting.ensemble import caveat

    note = caveat(name)
    if note:
        print(f"il6sim: note: {note}", file=sys.stderr)
