"""``il6sim densitometry BANDS.csv --target pSTAT3 --normalise-to STAT3 --control untreated``."""

from __future__ import annotations

from pathlib import Path

from ..io.labtables import TIME_COLUMN
from .argtypes import plain_number


def add_parser(sub, name):
    p = sub.add_parser(name, help="Western band intensities -> target/normaliser ratios, normalised to control",
                       description="Target / normaliser band ratios. Prints one row per condition: n "
                                   "(samples), mean, sd, sem, geometric mean and its 95 % confidence "
                                   "interval; --out also writes the files. "
                                   "Columns: sample, condition, target, signal (optional experiment = blot; "
                                   "aliases: lane, protein/antibody/band, intensity/volume/value, "
                                   "group/treatment, blot/membrane; optional time column: "
                                   f"{TIME_COLUMN}). Ratios are normalised to the mean control ratio of the same "
                                   "blot. The output gives times in minutes (time_min).")
    p.add_argument("table", help="CSV/TSV/XLSX of band intensities (header lines of exports are skipped)")
    p.add_argument("--target", required=True, help="band to quantify, e.g. pSTAT3")
    p.add_argument("--normalise-to", "--normalize-to", dest="normaliser", required=True,
                   help="total protein or loading control, e.g. STAT3 or GAPDH")
    p.add_argument("--control", required=True,
                   help="control condition: the mean ratio of its samples on each blot is 1; with a time column, "
                        "each time is read against the control's samples at the same time on the blot, or, when "
                        "the control has one time only (e.g. 0 min), against those (control_time_min in the output "
                        "says which)")
    p.add_argument("--background", type=plain_number("150"), default=None, metavar="SIGNAL",
                   help="subtract this from every signal first, in the table's signal units (default: none)")
    p.add_argument("-o", "--out", default=None, metavar="DIR",
                   help="write densitometry_per_sample.csv, densitometry_summary.csv and "
                        "densitometry.png/.svg here")
    return p


def _plot(summary, args, out: Path) -> None:
    import matplotlib.pyplot as plt

    from ..report.labplots import fold_change_figure, replicates_label

    mid = summary["geometric_mean"].where(summary["geometric_mean"].notna(), summary["mean"])
    labels = [str(c) for c in summary["condition"]]
    if "time_min" in summary.columns:
        labels = [f"{lab} ({t:g} min)" for lab, t in zip(labels, summary["time_min"])]
    fig = fold_change_figure(labels, mid, summary["ci95_low"], summary["ci95_high"],
                             title=f"Densitometry: {args.target}/{args.normaliser} relative to {args.control}",
                             ylabel=f"{args.target}/{args.normaliser}, relative to {args.control}",
                             measured_label=replicates_label("measured (geometric mean, 95 % CI)", summary["n"]))
    from ..plotting import literal_text

    literal_text(fig)  # condition and band names are the user's: a '$' in one is not a formula
    for fmt in ("png", "svg"):
        fig.savefig(out / f"densitometry.{fmt}", dpi=150)
    plt.close(fig)


def run(args) -> int:
    import math

    from ..errors import InputError
    from ..fitting.labdata import densitometry_ratios
    from ..io.outputs import check_out_dir

    out = check_out_dir(args.out, "--out") if args.out else None
    if args.background is not None and not math.isfinite(args.background):
        raise InputError(f"must be a finite number (got {args.background})", "--background")
    if args.background is not None and args.background < 0:  # subtracting it would add signal to every band
        raise InputError(f"must be >= 0: the signal of an empty lane, subtracted from every band (got "
                         f"{args.background:g})", "--background")
    try:
        res = densitometry_ratios(args.table, target=args.target, normaliser=args.normaliser, control=args.control,
                                  background=args.background)
    except InputError as exc:  # name the options, not the library's arguments
        from ..errors import Problem

        opt = {"normaliser": "--normalise-to", "background": "--background"}
        raise InputError([Problem(opt.get(p.where, p.where), p.message) for p in exc.problems]) from None
    when = ""
    if "control_time_min" in res.summary:  # which control each time was read against
        matched = (res.summary["control_time_min"] == res.summary["time_min"]).all()
        when = (" at the same time" if matched and res.summary["time_min"].nunique() > 1
                else f" at {res.summary['control_time_min'].iloc[0]:g} min")
    print(f"{args.target} / {args.normaliser}, normalised to '{args.control}'{when} on each blot")
    print(res.summary.to_string(index=False, float_format=lambda v: f"{v:.3g}", na_rep="n/a"))
    if "n" in res.summary and (res.summary["n"] < 2).any():
        print("n/a: a condition with one sample has no spread (the SD and interval need two or more "
              "replicates)")
    if res.time is not None and res.time.note():  # how the time column was read: minutes when it gives no unit
        print(f"time: {res.time.note()}")
    if out is not None:
        from ..io.staging import staged_dir
        from ..io.tables import write_csv

        with staged_dir(out) as stage:
            write_csv(res.per_sample, stage / "densitometry_per_sample.csv")
            write_csv(res.summary, stage / "densitometry_summary.csv")
            _plot(res.summary, args, stage)
        print(f"-> {out}")
    return 0
