"""``il6sim run PROTOCOL``: run a virtual experiment and print its readout table.

The table has the columns ``group, observable, time_min, value, unit,
fold_change`` (fold change against the same cell with no agents). With
``--out DIR`` the command also writes, only after every simulation has
succeeded (never partial output):

* ``table.csv``: the readout table, each unit in words ('fraction of total STAT3' where the model's unit is
  '1'), as the printed table gives it;
* ``timecourses.csv``: the dense time courses (``group, time_min, <observables>``; each observable's unit, as
  the model gives it, is in ``provenance.json`` under ``timecourse_units``);
* ``untreated_timecourses.csv``: the untreated references on the same grid;
* ``metrics.csv``: peak, time to peak, AUC, time above half-maximum, transient/sustained call and its criterion;
* ``provenance.json``: versions, model hash, solver settings, parameters, the protocol in canonical units, the
  command; with --parameters the named set (``parameter_set``), with --set the values given (``set_values``);
* ``protocol.yaml``: the protocol as it ran, runnable again to the same results: each dose as written with the
  concentration in nM that ran as a comment beside it, times in min, the medium volume in mL;
* ``figures/``: time courses per observable, a virtual Western blot, qPCR-style bar charts (PNG and SVG).

With ``--uncertainty`` the table has ``lower``/``upper`` columns, ``timecourse_bands.csv`` holds the band of
every dense time point (``group, time_min, observable, value, lower, upper``), and the time-course figures
shade each group's band around its line.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from .argtypes import any_whole_number


#: what --help says --out writes
OUT_HELP = ("--out DIR writes table.csv (the printed columns; with --uncertainty lower and upper, the 2.5 and 97.5 "
            "percentiles over the ensemble), timecourses.csv and untreated_timecourses.csv (group, time_min and "
            "one column per observable, in the units of provenance.json's timecourse_units), metrics.csv (per "
            "group and observable: rest, the untreated value before stimulation; peak; time_to_peak_min; auc, "
            "the area of the rise above rest, in auc_unit; time_above_half_max_min, how long the rise stays "
            "above half of its peak; call: none, transient, sustained or undetermined, by criterion), "
            "timecourse_bands.csv (with --uncertainty: group, time_min, observable, value, lower, upper), "
            "provenance.json (versions, model hash, solver, parameters, parameter set, --set values, the "
            "command), protocol.yaml (the protocol as it ran, each dose as written with its nM value as a "
            "comment; runnable again) and figures/ (PNG and SVG).")


def add_parser(sub, name):
    p = sub.add_parser(
        name, help="run a protocol (YAML file or seed:NAME) and print its readouts",
        description="Run a virtual experiment: a protocol file, or seed:NAME for a bundled one "
                    "(list them with `il6sim protocols`). Prints group, observable, time_min, value, unit, "
                    "fold_change (vs the same cell with no agents). " + OUT_HELP)
    p.add_argument("protocol", metavar="PROTOCOL", help="path to a protocol YAML file, or seed:NAME")
    p.add_argument("-o", "--out", metavar="DIR", help="also write time courses, metrics, provenance and figures to DIR")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="how to print the readouts (default: table)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a model parameter on top of the protocol's cell (repeatable), e.g. --set "
                        "IL6R_per_cell=500 or --set 'V_medium=2 mL' (units convert to the parameter's unit)")
    p.add_argument("--no-figures", action="store_true",
                   help="with --out: skip the figures (faster); refused without --out")
    p.add_argument("--parameters", metavar="NAME", default=None,
                   help="apply a named parameter set on top of the cell (calibrated: the joint HepG2+PHH fit)")
    p.add_argument("--uncertainty", action="store_true",
                   help="run the calibrated ensemble: value at the calibrated values, columns lower/upper = "
                        "2.5/97.5 percentiles over the ensemble; with --out, timecourse_bands.csv and the bands "
                        "shaded in the time-course figures")
    p.add_argument("--ensemble-size", type=any_whole_number, default=None, metavar="N",
                   help="with --uncertainty: use the first N ensemble members (2 to 100; default all)")
    return p


def _fmt(v: float, digits: int = 4) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "n/a"
    return f"{v:.{digits}g}"


def _rows_in_words(result) -> list[tuple]:
    """``result.rows`` with each unit in words ('fraction of total STAT3' for the model's '1'), as every table
    the command prints or writes gives it (:func:`~il6sim.protocols.runner.unit_in_words`)."""
    from ..protocols.runner import unit_in_words

    return [(g, o, t, v, unit_in_words(o, u), fc) for g, o, t, v, u, fc in result.rows]


def format_table(result, parameters: str | None = None) -> str:
    """The readout table as aligned text with a short header; ``parameters`` says which values ran."""
    p = result.protocol
    head = [f"# {p.name}", f"# cell: {p.cell.label}; fold_change: vs the same cell with no agents, same time"]
    if parameters:
        head.append(f"# {parameters}")
    cols = ["group", "observable", "time_min", "value", "unit", "fold_change"]
    rows = [[str(g), o, f"{t:g}", _fmt(v), u, _fmt(fc, 3)] for g, o, t, v, u, fc in _rows_in_words(result)]
    right = {2, 3, 5}
    if hasattr(result._table, "columns") and "lower" in result._table.columns:  # prediction band (--uncertainty)
        cols += ["lower", "upper"]
        right |= {6, 7}
        for row, r in zip(rows, result.table.itertuples(index=False)):
            row += [_fmt(r.lower), _fmt(r.upper)]
    widths = [max([len(c)] + [len(row[i]) for row in rows]) for i, c in enumerate(cols)]

    def line(vals):
        return "  ".join(v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(vals, widths)))

    return "\n".join(head + [line(cols)] + [line(r).rstrip() for r in rows]) + "\n"


def _check_out(out: str) -> Path:
    from ..io.outputs import check_out_dir

    return check_out_dir(out, "--out", kind="protocol")


def write_outputs(result, out: Path, *, figures: bool = True, band=None) -> list[Path]:
    """Write every output file to a staging directory, then move them into ``out``.

    ``band``: the :class:`~il6sim.fitting.ensemble.UncertainResult` of ``result`` (``--uncertainty``).
    """
    from ..io.staging import left_from_earlier, note_left_from_earlier, staged_dir
    from ..io.tables import write_csv
    from ..protocols.runner import units_in_words
    from ..protocols.writing import protocol_yaml

    with staged_dir(out) as stage:
        write_csv(units_in_words(result.table), stage / "table.csv")
        write_csv(result.timecourses, stage / "timecourses.csv")
        write_csv(result.untreated, stage / "untreated_timecourses.csv")
        write_csv(units_in_words(result.metrics), stage / "metrics.csv")
        if band is not None:
            write_csv(band.bands, stage / "timecourse_bands.csv")
        with open(stage / "provenance.json", "w", encoding="utf-8") as fh:
            json.dump(_jsonable(result.provenance), fh, indent=2)
        with open(stage / "protocol.yaml", "w", encoding="utf-8") as fh:
            fh.write(protocol_yaml(result.protocol, header=_protocol_header(result)))
        if figures:
            from ..report.plots import save_protocol_figures

            save_protocol_figures(result, stage / "figures", bands=None if band is None else band.bands,
                                  band_note="" if band is None else band.describe())
        files = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
        stale = left_from_earlier(out, files, RUN_FILES, folders=["figures"])
    # results of an earlier run (other observables, --uncertainty, figures) would pass for these
    note_left_from_earlier(out, stale, sys.stderr)
    return [out / f for f in files]


def _protocol_header(result) -> str:
    """The comment lines that open ``protocol.yaml``: what it is, its units, the command that ran it and how to
    run it again."""
    protocol = result.protocol
    command = (result.provenance or {}).get("command")
    return (f"{protocol.name}: the protocol as it ran, from {protocol.origin}\n"
            + (f"Run by: {command}\n" if command else "")
            + "Doses as written, each with the concentration in nM that ran as a comment; times in min from\n"
            "stimulation. Run it again with `il6sim run protocol.yaml` (with the same --set, --parameters or\n"
            "--uncertainty, as provenance.json records them, for the same results).")


#: what `il6sim run --out` writes besides figures/ (timecourse_bands.csv with --uncertainty)
RUN_FILES = ("table.csv", "timecourses.csv", "untreated_timecourses.csv", "metrics.csv", "timecourse_bands.csv",
             "provenance.json", "protocol.yaml")


def _jsonable(obj):
    if isinstance(obj, dict) or hasattr(obj, "items"):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if hasattr(obj, "item"):  # numpy scalars
        return _jsonable(obj.item())
    return obj


def run(args) -> int:
    from ..errors import InputError
    from ..protocols import load_protocol, run_protocol
    from .simulate import parse_overrides

    if args.parameters is not None:  # an unknown (or empty) name is refused before any simulation
        from .parameter_options import load_named

        named = load_named(args.parameters)
    if args.ensemble_size is not None and not args.uncertainty:
        raise InputError(f"--ensemble-size needs --uncertainty (got --ensemble-size {args.ensemble_size} without it)")
    if args.no_figures and not args.out:  # the figures are only ever written into --out
        raise InputError("needs --out (figures are only written there, and without --out none are drawn); add "
                         "--out DIR, or leave --no-figures out", "--no-figures")
    if args.ensemble_size is not None:  # 2 .. the members there are, as `il6sim compare` checks it
        from ..fitting.ensemble import check_ensemble_size

        check_ensemble_size(args.ensemble_size, args.parameters or "calibrated")
    out = _check_out(args.out) if args.out else None
    if out is not None:  # the copy written as it ran must not replace the protocol file it came from
        from ..io.outputs import check_inputs_kept

        check_inputs_kept(out, ["protocol.yaml"], [args.protocol])
    protocol = load_protocol(args.protocol)
    overrides = parse_overrides(args.set, protocol.cell.preset)
    given = dict(overrides)  # the --set values, which the table's header names
    band = None
    if args.uncertainty:
        from ..fitting.ensemble import run_with_uncertainty

        band = run_with_uncertainty(protocol, parameters=overrides, name=args.parameters or "calibrated",
                                    n=args.ensemble_size)
        result = band.result
    else:
        if args.parameters is not None:
            overrides = {**named, **overrides}
        result = run_protocol(protocol, parameters=overrides)
    _record_values(result, args.parameters if not args.uncertainty else None, given)
    if args.uncertainty or args.parameters:
        from .parameter_options import print_caveat

        print_caveat(args.parameters or "calibrated")
    if out is not None:
        files = write_outputs(result, out, figures=not args.no_figures, band=band)
        print(f"il6sim: wrote {len(files)} files to {out}", file=sys.stderr)
    if args.format == "json":
        json.dump(result.records(in_words=True), sys.stdout, indent=1)
        print()
    elif args.format == "csv":
        import csv

        from ..io.tables import neutralise_cell

        w = csv.writer(sys.stdout, lineterminator="\n")
        cols = ["group", "observable", "time_min", "value", "unit", "fold_change"]
        rows = [list(r) for r in _rows_in_words(result)]
        if hasattr(result._table, "columns") and "lower" in result._table.columns:  # prediction band
            cols += ["lower", "upper"]
            for row, (lo, hi) in zip(rows, result.table[["lower", "upper"]].itertuples(index=False)):
                row += [lo, hi]
        w.writerow(cols)
        w.writerows([neutralise_cell(x) if isinstance(x, str) else ("" if x != x else x) for x in r] for r in rows)
    else:
        sys.stdout.write(format_table(result, _parameters_note(args, band, given)))
    return 0


def _record_values(result, parameter_set: str | None, given: dict) -> None:
    """Add to ``result``'s provenance which values ran besides the protocol's cell: ``parameter_set`` (the
    named set of --parameters: name, description, date, failed checks) and ``set_values`` (the --set values as
    given). ``parameter_overrides`` holds both merged, and ``uncertainty`` the set of --uncertainty, so without
    these a record of `--parameters calibrated` did not name the set, nor tell its values from --set's."""
    from .parameter_options import recorded

    extra = recorded(parameter_set, given)
    if extra:
        object.__setattr__(result, "provenance", type(result.provenance)({**result.provenance, **extra}))


def _parameters_note(args, band, overrides: dict | None = None) -> str | None:
    """Which parameter values ran, when they are not the model's defaults: a named set, an ensemble, and the
    values of --set (``overrides``) on top of the protocol's cell."""
    then = f" and then {_values_with_units(overrides)}" if overrides else ""
    if band is not None:
        lo, hi = 50 * (1 - band.level), 50 * (1 + band.level)
        failed = f" ({band.n_failed} failed)" if band.n_failed else ""
        return (f"parameter set '{band.parameter_set}'{then} (not the model's default values); lower/upper: "
                f"{lo:g}-{hi:g} percentiles over {band.n_members} members of its ensemble{failed}")
    if args.parameters:
        return f"parameter set '{args.parameters}'{then} (not the model's default values)"
    if overrides:
        return (f"computed with {_values_with_units(overrides)} on top of the protocol's cell (not the model's "
                "default values)")
    return None


def _values_with_units(values: dict) -> str:
    """``IL6R_per_cell = 300 molecules/cell, V_medium = 0.002 L``: --set values in the parameters' units."""
    from ..model.reference import reference_model

    pmap = reference_model().parameter_map

    def unit(name: str) -> str:
        p = pmap.get(name.split("@")[0])
        return f" {p.unit}" if p is not None and p.unit not in ("1", "") else ""
    return ", ".join(f"{k} = {v:.4g}{unit(k)}" for k, v in values.items())
