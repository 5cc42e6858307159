"""``il6sim dose-response``: EC50, Hill slope and IC50 table (pSTAT3 at 30 min).

Agonists: IL-6 on il6r_gp130 (classic); IL-6 + sIL-6R (equimolar and with sIL-6R
at 25 ng/mL) and Hyper-IL-6 on gp130_only; the Hyper-IL-6 potency ratio.
Inhibitors: sgp130Fc against trans and classic (and the window between them),
natural sgp130 against trans (and the dimer's potency over it), tocilizumab,
sarilumab, siltuximab, ruxolitinib and baricitinib.

With --cell and/or --readout: the same questions in one cell, read as any
observable: IL-6, IL-6 + sIL-6R and Hyper-IL-6; sgp130Fc, tocilizumab,
sarilumab and siltuximab against IL-6 + sIL-6R.

Prints the table (EC50 / IC50 as a molar concentration and as ng/mL, with the
Hill slope); --out also writes the files.

Columns of pharmacology.csv (and of dose_response.csv, which has no
hill_fit_r2 and no plateau): key, curve, agent, cell, kind (agonist or
inhibitor), stimulus, readout (observable and time), measure (EC50 or IC50);
value_nM and value_ng_per_mL, the EC50 / IC50 (empty where none is reached
within the doses; ng/mL empty for a small molecule); hill_slope (empty where
none is reached); value_text and value_mass_text, the same as the terminal
shows them, or why there is none; hill_fit_r2, R² of the Hill fit; reached;
high_dose_plateau, the fit's response at saturating dose (an agonist's
maximal response above the untreated cell, the fraction of the response an
inhibitor leaves), in high_dose_plateau_unit; note. pharmacology_ratios.csv
holds the ratios printed below the table: quantity, value (a ratio of two
EC50s or IC50s, no unit; inf where only the upper one is not reached, empty
where the lower one is not), value_text (as printed, e.g. '> 22,700
(classic IC50 not reached)') and literature.
"""

from __future__ import annotations

import json
import math
import sys

from . import parameter_options


def add_parser(sub, name):
    p = sub.add_parser(name, help="EC50 / IC50 table: agonists, sgp130Fc window, antibodies, JAK inhibitors",
                       # without the module's ``il6sim dose-response``; no docstrings under python -OO
                       description=(__doc__ or "").partition(": ")[2] or None)
    p.add_argument("--cell", metavar="PRESET", default=None,
                   help="curves in this cell instead of the two reference cells: IL-6, IL-6 + sIL-6R, Hyper-IL-6, "
                        "and sgp130Fc, tocilizumab, sarilumab, siltuximab against IL-6 + sIL-6R")
    p.add_argument("--readout", metavar="OBSERVABLE", default=None,
                   help="what the curves read at 30 min (default pSTAT3; see `il6sim presets observables`); "
                        "with --readout alone the cell is huvec")
    p.add_argument("--json", action="store_true", help="print JSON: curves and derived quantities")
    p.add_argument("-o", "--out", metavar="DIR", help="write pharmacology.csv, pharmacology_ratios.csv (the ratios "
                        "printed below the table), dose_response.png/.svg and provenance.json into DIR; with --cell "
                        "or --readout: dose_response.csv, dose_response.png/.svg (agonist and inhibitor panels) and "
                        "provenance.json")
    parameter_options.add_options(p, "every curve's cell")
    return p


def _hill(r: dict) -> str:
    """The Hill slope of a fitted curve; '-' where no EC50/IC50 was reached (no curve to be steep)."""
    h = r["hill_slope"]
    return f"{h:.2f}" if r["reached"] and h is not None and math.isfinite(h) else "-"


def _written(r: dict) -> dict:
    """A curve's record as the CSV and JSON give it: the numbers of the web app's download (``value_nM``,
    ``value_ng_per_mL``, ``hill_slope``: :func:`~il6sim.compare.pharmacology.potency_numbers`, NaN/empty where
    no EC50/IC50 is reached) beside the text the terminal shows (``value_text``, ``value_mass_text``); not the
    slope fitted to a curve that reaches nothing (the Python API's ``hill``)
    (:func:`~il6sim.compare.pharmacology.table_record`)."""
    from ..compare.pharmacology import table_record

    return table_record(r)


def _clean(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _curve_record(c, readout: str) -> dict:
    from ..compare.pharmacology import potency_numbers

    return {"key": c.key, "curve": c.label, "agent": c.agent, "cell": c.cell, "kind": c.kind,
            "stimulus": c.stimulus, "readout": f"{readout} at 30 min",
            "measure": "EC50" if c.kind == "agonist" else "IC50", **potency_numbers(c), "value": c.value_text,
            "value_mass": c.mass_text(), "reached": c.reached, "note": c.note}


def _observable_name(name: str) -> str:
    """The observable as the model spells it ('pstat3' -> 'pSTAT3'), for labels; unknown names pass through."""
    from ..model.reference import reference_model

    names = {o.lower(): o for o in reference_model().observable_map}
    return names.get(name.strip().lower(), name)


def _run_cell(args, parameters, note, values: dict | None = None) -> int:
    from ..compare.cell_dose_response import cell_dose_response
    from ..errors import InputError, Problem

    cell = "huvec" if args.cell is None else args.cell.strip().lower()  # as the presets spell it: 'HepG2' -> 'hepg2'
    readout = _observable_name("pSTAT3" if args.readout is None else args.readout)
    try:
        curves = cell_dose_response(cell, readout, parameters=parameters)
    except InputError as exc:  # name the options, not the protocol built from them
        opt = {"cell": "--cell", "readout": "--readout", "readouts.observables": "--readout"}
        raise InputError([Problem(next((v for k, v in opt.items() if p.where.endswith(k)), p.where), p.message)
                          for p in exc.problems]) from None
    rows = [_curve_record(c, readout) for c in curves]
    if args.json:
        json.dump({"curves": [{k: _clean(v) for k, v in _written(r).items()} for r in rows],
                   **_parameters_record(parameters)},
                  sys.stdout, indent=2)
        print()
    else:
        if note:
            print(f"# {note}")
        print(f"{readout} at 30 min in {cell}; agonist EC50 from the response above the untreated "
              "cell, inhibitor IC50 from the fraction of the uninhibited response")
        # two spaces between the value and its mass: both are right-aligned and may fill their columns
        w = max([26] + [len(r["value"]) + 2 for r in rows])  # a long "n/a (...)" widens the column
        print(f"{'curve':<44}{'measure':>8}{'value':>{w}}  {'mass':>14}{'Hill':>7}  note")
        for r in rows:
            print(f"{r['curve'][:43]:<44}{r['measure']:>8}{r['value']:>{w}}  {r['value_mass']:>14}"
                  f"{_hill(r):>7}  {r['note']}")
    if args.out:
        from pathlib import Path

        import pandas as pd

        from ..io.staging import left_from_earlier, note_left_from_earlier, staged_dir
        from ..io.tables import write_csv
        from ..report.compare_plots import cell_dose_response_figure, save_figure

        out = Path(args.out)
        with staged_dir(out) as stage:
            write_csv(pd.DataFrame([_written(r) for r in rows]), stage / "dose_response.csv")
            save_figure(cell_dose_response_figure(curves, cell=cell, readout=readout, note=note or ""), stage,
                        "dose_response")
            _write_provenance(stage, parameters, cell=cell, readout=readout, **(values or {}))
            names = sorted(p.name for p in stage.iterdir())
            stale = left_from_earlier(out, names, OUT_FILES)
        _print_written(out, names, args.json)
        note_left_from_earlier(out, stale, sys.stderr)
    return 0


#: every file either form of --out writes (the table: pharmacology.csv and pharmacology_ratios.csv; with --cell or
#: --readout: dose_response.csv)
OUT_FILES = ("pharmacology.csv", "pharmacology_ratios.csv", "dose_response.csv", "dose_response.png",
             "dose_response.svg", "provenance.json")
#: the columns of pharmacology_ratios.csv
RATIO_COLUMNS = ("quantity", "value", "value_text", "literature")


def _written_ratio(d: dict) -> dict:
    """A derived ratio as pharmacology_ratios.csv gives it: its text beside the number named as pharmacology.csv
    names it (``value_text``)."""
    return {"value_text" if k == "text" else k: v for k, v in d.items()}


def _print_written(out, names, json_on_stdout: bool) -> None:
    """Every file written, one line (on stderr when stdout carries JSON)."""
    print("written: " + ", ".join(str(out / n) for n in names), file=sys.stderr if json_on_stdout else sys.stdout)


def _write_provenance(out, parameters, **extra) -> None:
    """``provenance.json`` beside the curves: versions, model hash, solver, the values they ran with."""
    from ..engine.simulator import default_simulator
    from ..provenance import Provenance

    prov = Provenance.record(default_simulator(), kind="dose-response", parameters=parameters, **extra)
    (out / "provenance.json").write_text(json.dumps(dict(prov), indent=2) + "\n", encoding="utf-8")


def _parameters_record(parameters) -> dict:
    """The values the curves ran with, for JSON output (nothing when they are the defaults)."""
    return {"parameters": dict(parameters)} if parameters else {}


def run(args) -> int:
    from ..compare.pharmacology import run_pharmacology
    from ..errors import InputError
    from ..io.outputs import check_out_dir

    problems: list = []
    from ..model.presets import PRESETS

    one_cell = args.cell is not None or args.readout is not None
    cell = ("huvec" if args.cell is None else args.cell.strip().lower()) if one_cell else None
    named, overrides = parameter_options.parse(args, problems, cell if cell in PRESETS else None)
    if problems:
        raise InputError(problems)
    if args.out:
        check_out_dir(args.out, "--out", kind="dose-response")
    parameters = {**named, **overrides} or None
    values = parameter_options.describe(args.parameters, overrides)
    values_given = parameter_options.recorded(args.parameters, overrides)
    note = f"computed with {values} on top of each curve's cell, not the model's default values" if values else None
    if args.cell is not None or args.readout is not None:  # an empty value is refused, not ignored
        return _run_cell(args, parameters, note, values_given)
    ph = run_pharmacology(parameters=parameters)
    summary, derived = ph.summary(), ph.derived()
    if args.json:
        json.dump({"curves": [{k: _clean(v) for k, v in _written(r).items()} for r in summary],
                   "derived": [{k: _clean(v) for k, v in r.items()} for r in derived],
                   **_parameters_record(parameters)}, sys.stdout, indent=2)
        print()
    else:
        if note:
            print(f"# {note}")
        print("pSTAT3 at 30 min; agonist EC50 from the response above baseline, inhibitor IC50 from the fraction "
              "of the uninhibited response")
        w = max([28] + [len(r["value"]) + 2 for r in summary])
        print(f"{'curve':<40}{'cell':<12}{'measure':>8}{'value':>{w}}  {'mass':>14}{'Hill':>7}  note")
        for r in summary:
            print(f"{r['curve'][:39]:<40}{r['cell']:<12}{r['measure']:>8}{r['value']:>{w}}  {r['value_mass']:>14}"
                  f"{_hill(r):>7}  {r['note']}")
        print()
        for d in derived:
            print(f"{d['quantity']}: {d['text']}   (literature: {d['literature']})")
    if args.out:
        from pathlib import Path

        import pandas as pd

        from ..report.compare_plots import dose_response_figure, save_figure

        from ..io.staging import left_from_earlier, note_left_from_earlier, staged_dir
        from ..io.tables import write_csv

        out = Path(args.out)
        with staged_dir(out) as stage:
            write_csv(pd.DataFrame([_written(r) for r in summary]), stage / "pharmacology.csv")
            write_csv(pd.DataFrame([_written_ratio(d) for d in derived], columns=RATIO_COLUMNS),
                      stage / "pharmacology_ratios.csv")
            save_figure(dose_response_figure(ph), stage, "dose_response")
            _write_provenance(stage, parameters, **values_given)
            names = sorted(p.name for p in stage.iterdir())
            stale = left_from_earlier(out, names, OUT_FILES)
        _print_written(out, names, args.json)
        note_left_from_earlier(out, stale, sys.stderr)
    return 0
