"""``il6sim dose-response``: EC50, Hill slope and IC50 table (pSTAT3 at 30 min).

Agonists: IL-6 on il6r_gp130 (classic); IL-6 + sIL-6R (equimolar and with sIL-6R
at 25 ng/mL) and Hyper-IL-6 on gp130_only; the Hyper-IL-6 potency ratio.
Inhibitors: sgp130Fc against trans and classic (and the window between them),
tocilizumab, sarilumab, ruxolitinib and baricitinib.
"""

from __future__ import annotations

import json
import math
import sys


def add_parser(sub, name):
    p = sub.add_parser(name, help="EC50 / IC50 table: agonists, sgp130Fc window, antibodies, JAK inhibitors",
                       description=__doc__)
    p.add_argument("--json", action="store_true", help="print JSON: curves and derived quantities")
    p.add_argument("--out", metavar="DIR", help="write pharmacology.csv and dose_response.png/.svg into DIR")
    return p


def _clean(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def run(args) -> int:
    from ..compare.pharmacology import run_pharmacology
    from ..io.outputs import check_out_dir

    if args.out:
        check_out_dir(args.out, "--out")
    ph = run_pharmacology()
    summary, derived = ph.summary(), ph.derived()
    if args.json:
        json.dump({"curves": [{k: _clean(v) for k, v in r.items()} for r in summary],
                   "derived": [{k: _clean(v) for k, v in r.items()} for r in derived]}, sys.stdout, indent=2)
        print()
    else:
        print("pSTAT3 at 30 min; agonist EC50 from the response above baseline, inhibitor IC50 from the fraction "
              "of the uninhibited response")
        print(f"{'curve':<40}{'cell':<12}{'':>5}{'value':>28}{'mass':>16}{'Hill':>7}  note")
        for r in summary:
            print(f"{r['curve'][:39]:<40}{r['cell']:<12}{r['measure']:>5}{r['value']:>28}{r['value_mass']:>16}"
                  f"{r['hill']:>7.2f}  {r['note']}")
        print()
        for d in derived:
            print(f"{d['quantity']}: {d['text']}   (literature: {d['literature']})")
    if args.out:
        from pathlib import Path

        import pandas as pd

        from ..report.compare_plots import dose_response_figure, save_figure

        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        from ..io.tables import write_csv

        write_csv(pd.DataFrame(summary), out / "pharmacology.csv")
        save_figure(dose_response_figure(ph), out, "dose_response")
        print(f"written: {out / 'pharmacology.csv'}", file=sys.stderr if args.json else sys.stdout)
    return 0
