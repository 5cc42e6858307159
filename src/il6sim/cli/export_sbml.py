"""``il6sim export-sbml [--cell NAME] [--parameters NAME] [--set NAME=VALUE] FILE``: write the model as SBML L3V2."""

from __future__ import annotations

from ..errors import InputError
from . import parameter_options


def add_parser(sub, name):
    p = sub.add_parser(name, help="write the model (with a cell preset's values) as SBML Level 3",
                       description="Write the reference model as SBML Level 3 Version 2, with a cell preset's "
                                   "copy numbers and rates as the parameter values (--parameters and --set put "
                                   "others on top; each parameter's notes give the source of its value), checked "
                                   "with libsbml. "
                                   "Time in minutes; species units as `il6sim model species` lists them.")
    p.add_argument("file", metavar="FILE", help="output .xml file ('-' for standard output)")
    p.add_argument("--cell", default="hepg2", metavar="PRESET",
                   help="cell preset whose values become the defaults (default hepg2; see `il6sim presets cells`)")
    parameter_options.add_options(p, "the exported cell's values")
    return p


def run(args) -> int:
    from ..io.sbml import to_sbml, validate_sbml
    from ..model.presets import CellSpec
    from ..model.reference import reference_model

    from ..io.outputs import check_out_file

    path = check_out_file(args.file, "FILE") if args.file != "-" else None
    if path is not None and path.is_file() and path.suffix.lower() not in (".xml", ".sbml"):
        raise InputError(f"{path} exists and is not an .xml or .sbml file; il6sim will not overwrite it with SBML "
                         "(the argument is the output file: e.g. `il6sim export-sbml model.xml --cell huvec`)", "FILE")
    cell = CellSpec.parse(args.cell, where="--cell")
    values, sources, given = _values(args, cell)
    text = to_sbml(reference_model(), values, name=f"il6sim_{cell.preset}", value_sources=sources)
    errors = validate_sbml(text)
    if errors:  # pragma: no cover - the exporter is tested to be valid
        raise InputError(f"generated SBML failed validation: {errors[0]}")
    if args.file == "-":
        print(text)
        return 0
    from ..io.staging import staged_file

    with staged_file(path) as tmp:  # a full disk leaves the old file (or none), not a truncated one
        tmp.write_text(text, encoding="utf-8")
    print(f"wrote {path} (SBML L3V2, cell preset '{cell.preset}'" + (f" with {given}" if given else "")
          + ", validated with libsbml)")
    return 0


def _values(args, cell) -> tuple[dict[str, float], dict[str, str], str | None]:
    """The cell's values with --parameters and then --set on top, where each comes from, and those two in words."""
    from ..model.overrides import for_preset

    problems: list = []
    named, overrides = parameter_options.parse(args, problems, cell.preset)
    if problems:
        raise InputError(problems)
    values, sources = cell.resolve(), cell.value_sources()
    for given, source in ((for_preset(named, cell.preset), f"parameter set '{args.parameters}'"),
                          (for_preset(overrides, cell.preset), "--set on the command line of il6sim export-sbml")):
        values.update(given)
        sources.update(dict.fromkeys(given, source))
    if args.parameters is not None:
        parameter_options.print_caveat(args.parameters)
    return values, sources, parameter_options.describe(args.parameters, overrides)
