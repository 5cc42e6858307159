"""``il6sim qpcr CT.csv --reference GAPDH --control untreated``: ddCt fold changes with replicate statistics."""

from __future__ import annotations

from pathlib import Path

from ..io.labtables import TIME_COLUMN
from .argtypes import plain_number

#: '95%' is refused with the form expected
_efficiency = plain_number("2 (100 %) or 1.95 (95 %)", what="the amplification factor per cycle, a number")


def add_parser(sub, name):
    p = sub.add_parser(name, help="qPCR Ct table -> ddCt fold changes vs reference gene and control",
                       description="Fold changes by the ddCt method. Prints one row per condition and gene: "
                                   "n (samples), fold_change, its 95 % confidence interval and the SD of "
                                   "ddCt; --out also writes the files. "
                                   "Columns: sample, condition, gene, ct (aliases: Sample Name, Target Name, Cq, Cp; "
                                   f"optional time column: {TIME_COLUMN}). Rows with the same sample and gene are "
                                   "technical replicates (averaged); samples are biological replicates. The output "
                                   "gives times in minutes (time_min).")
    p.add_argument("table", help="CSV/TSV/XLSX of Ct values (header lines of instrument exports are skipped)")
    p.add_argument("--reference", action="append", required=True, metavar="GENE",
                   help="reference gene (repeat for several: their mean Ct is used)")
    p.add_argument("--control", required=True,
                   help="control condition: the mean dCt of its samples is fold change 1; with a time column, "
                        "each time is read against the control's samples at the same time, or, when the control "
                        "has one time only (e.g. 0 min), against those (control_time_min in the output says which)")
    p.add_argument("--efficiency", type=_efficiency, default=2.0, metavar="FACTOR",
                   help="amplification factor per cycle (default 2 = 100 %%; 95 %% efficiency is 1.95)")
    p.add_argument("--drop-undetermined", action="store_true", help="leave out wells with an 'Undetermined' Ct")
    p.add_argument("-o", "--out", default=None, metavar="DIR",
                   help="write qpcr_per_sample.csv, qpcr_summary.csv and qpcr_fold_change.png/.svg here")
    return p


def _plot(summary, args, out: Path) -> None:
    from ..report.labplots import fold_change_figure, replicates_label

    labels = [str(c) for c in summary["condition"]]
    if "time_min" in summary.columns:
        labels = [f"{lab} ({t:g} min)" for lab, t in zip(labels, summary["time_min"])]
    fig = fold_change_figure(labels, summary["fold_change"], summary["ci95_low"], summary["ci95_high"],
                             title=f"qPCR: fold change vs {args.control} (reference: {', '.join(args.reference)})",
                             ylabel="fold change vs control (ddCt)", panels=summary["gene"].astype(str).tolist(),
                             measured_label=replicates_label("measured (geometric mean, 95 % CI)", summary["n"]))
    from ..plotting import literal_text

    literal_text(fig)  # condition and gene names are the user's: a '$' in one is not a formula
    for fmt in ("png", "svg"):
        fig.savefig(out / f"qpcr_fold_change.{fmt}", dpi=150)
    import matplotlib.pyplot as plt

    plt.close(fig)


def run(args) -> int:
    from ..fitting.labdata import qpcr_fold_change
    from ..io.outputs import check_out_dir

    out = check_out_dir(args.out, "--out") if args.out else None
    from ..errors import InputError, Problem

    try:
        res = qpcr_fold_change(args.table, reference=args.reference, control=args.control,
                               efficiency=args.efficiency, drop_undetermined=args.drop_undetermined)
    except InputError as exc:  # name the option, not the library's argument
        options = {"efficiency": "--efficiency", "reference": "--reference"}
        raise InputError([Problem(options.get(p.where, p.where), p.message) for p in exc.problems]) from None
    cols = [c for c in ("condition", "time_min", "control_time_min", "gene", "n", "fold_change", "ci95_low",
                        "ci95_high", "ddct_sd")
            if c in res.summary]
    print(res.summary[cols].to_string(index=False, float_format=lambda v: f"{v:.3g}", na_rep="n/a"))
    if (res.summary["n"] < 2).any():
        print("n/a: a condition with one sample has no spread (the interval and SD need two or more "
              "biological replicates)")
    if res.time is not None and res.time.note():  # how the time column was read: minutes when it gives no unit
        print(f"time: {res.time.note()}")
    if out is not None:
        from ..io.staging import staged_dir
        from ..io.tables import write_csv

        with staged_dir(out) as stage:
            write_csv(res.per_sample, stage / "qpcr_per_sample.csv")
            write_csv(res.summary, stage / "qpcr_summary.csv")
            _plot(res.summary, args, stage)
        print(f"-> {out}")
    return 0
