"""il6sim from Python, the main steps in one script (docs/python-api.md explains each).

    python examples/python_api.py [OUT_DIR]      # default: a new temporary folder

Simulates a cell, runs a protocol written with lab units, applies the calibrated parameter set,
adds prediction bands from 5 members of its ensemble, computes dose-response curves (EC50 / IC50),
runs a small sweep, a Sobol sensitivity analysis and a virtual population, and exports SBML.
Writes tables (CSV), figures (PNG), the SBML file and summary.json into OUT_DIR and prints a
short summary. The ensemble and the designs are kept small so that the whole script runs in
well under a minute; enlarge ``n`` for real answers.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import il6sim  # noqa: E402
from il6sim import (  # noqa: E402
    CellSpec, Event, Simulator, cell_dose_response, find_agent, load_protocol, parameter_set, reference_model,
    run_population, run_protocol, run_sensitivity, run_sweep, run_with_uncertainty, to_nM,
)

#: the experiment: IL-6 alone (classic) and IL-6 + sIL-6R (trans) on HUVEC, with lab units as written
PROTOCOL = {
    "name": "classic vs trans in HUVEC",
    "cell": "huvec",
    "groups": {
        "control": [],
        "IL-6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}],
        "IL-6 + sIL-6R": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"},
                          {"at": "0 min", "add": "sIL-6R", "dose": "25 ng/mL"}],
    },
    "readouts": {"observables": ["pSTAT3", "pAkt", "pERK", "SOCS3_mRNA"], "times": ["15 min", "30 min", "2 h"]},
}
#: what the sweep, the sensitivity analysis and the population vary (their specs add the rest)
RECEPTORS = {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000},
             "gp130_per_cell": {"dist": "loguniform", "low": 1000, "high": 30000}}


def simulate_cell(out: Path) -> pd.DataFrame:
    """The engine directly: numbers in nM and min."""
    il6, sil6r = find_agent("IL-6"), find_agent("sIL-6R")
    traj = Simulator().simulate(CellSpec.parse("huvec").resolve(),
                                [Event(0, "add", il6.species, to_nM("10 ng/mL", il6.mw_g_per_mol)),
                                 Event(0, "add", sil6r.species, to_nM("25 ng/mL", sil6r.mw_g_per_mol))],
                                times=[0, 5, 15, 30, 60, 120, 240])
    df = traj.to_frame(["pSTAT3", "pERK", "SOCS3_mRNA"])
    df.to_csv(out / "simulate.csv", index=False)
    return df


def run_the_protocol(out: Path):
    """A protocol from a dict, its readout table and its figures (time courses, Western blot, qPCR bars)."""
    from il6sim.report.plots import save_protocol_figures

    res = run_protocol(load_protocol(PROTOCOL))
    res.table.to_csv(out / "protocol_table.csv", index=False)
    res.metrics.to_csv(out / "protocol_metrics.csv", index=False)
    save_protocol_figures(res, out / "protocol_figures", formats=("png",))
    return res


def with_calibrated_values(out: Path):
    """The same protocol with the calibrated parameter set on top of the cell."""
    res = run_protocol(PROTOCOL, parameters=parameter_set("calibrated"))
    res.table.to_csv(out / "calibrated_table.csv", index=False)
    return res


def with_bands(out: Path):
    """95 % prediction bands from the first 5 members of the calibrated ensemble."""
    from il6sim.fitting.ensemble import save_band_figures

    ur = run_with_uncertainty(PROTOCOL, n=5)
    ur.table.to_csv(out / "bands_table.csv", index=False)
    ur.bands.to_csv(out / "bands_timecourses.csv", index=False)
    save_band_figures(ur, out / "band_figures")
    return ur


def dose_response(out: Path):
    """Agonist EC50s and inhibitor IC50s in HUVEC, pSTAT3 at 30 min (il6sim dose-response --cell huvec)."""
    from il6sim.report.compare_plots import plot_dose_response

    curves = cell_dose_response("huvec", "pSTAT3")
    pd.DataFrame([{"key": c.key, "curve": c.label, "kind": c.kind, "measure": "EC50" if c.kind == "agonist" else "IC50",
                   "value_nM": c.value_nM, "value": c.value_text, "hill": c.fit.hill, "reached": c.reached}
                  for c in curves]).to_csv(out / "dose_response.csv", index=False)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 4.8))
    plot_dose_response(a1, [c for c in curves if c.kind == "agonist"], title="agonists: pSTAT3 above rest",
                       legend_loc="upper left")
    plot_dose_response(a2, [c for c in curves if c.kind == "inhibitor"],
                       title="inhibitors: fraction of the IL-6 + sIL-6R response left")
    fig.tight_layout()
    fig.savefig(out / "dose_response.png", dpi=100)
    plt.close(fig)
    return curves


def sweeps(out: Path):
    """A 12-point sweep, Sobol indices from 16 x (3 + 2) runs, a population of 40 cells; all in this process."""
    from il6sim.sweeps import plot_indices, plot_population

    readouts = {"observables": ["pSTAT3"], "times": ["30 min"], "metrics": ["auc"]}
    sw = run_sweep({"protocol": "seed:trans_huvec", "readouts": readouts,
                    "design": {"method": "lhs", "n": 12, "seed": 1, "parameters": RECEPTORS}}, scheduler="serial")
    table = sw.design()
    table["trans_pSTAT3_30min"] = sw.values("trans:pSTAT3:30")
    table["classic_over_trans_auc"] = sw.values("classic:pSTAT3:auc / trans:pSTAT3:auc")
    table.to_csv(out / "sweep.csv", index=False)

    sens = run_sensitivity({"protocol": "seed:trans_huvec", "readouts": readouts,
                            "parameters": {**RECEPTORS, "K_SOCS3": {}},
                            "sensitivity": {"method": "sobol", "n": 16, "seed": 1, "outputs": ["trans:pSTAT3:30"]}},
                           scheduler="serial")
    sens.indices.to_csv(out / "sobol_indices.csv", index=False)
    ax = plot_indices(sens.indices, title="Sobol indices of trans pSTAT3 at 30 min (n = 16: a sketch)")
    ax.figure.savefig(out / "sobol.png", dpi=100)
    plt.close(ax.figure)

    pop = run_population({"protocol": "seed:trans_huvec", "groups": ["classic", "trans"],
                          "population": {"n": 40, "seed": 1, "cv": {"IL6R_per_cell": 0.6, "gp130_per_cell": 0.3}},
                          "readout": {"observable": "pSTAT3", "time": "30 min"}, "threshold": "auto"},
                         scheduler="serial")
    pop.summary.to_csv(out / "population_summary.csv", index=False)
    ax = plot_population(pop.cells, pop.threshold, observable="pSTAT3", time_min=30)
    ax.figure.savefig(out / "population.png", dpi=100)
    plt.close(ax.figure)
    return sw, sens, pop


def export_sbml(out: Path) -> bool:
    from il6sim.io.sbml import to_sbml, validate_sbml

    cell = CellSpec.parse("huvec")
    text = to_sbml(reference_model(), cell.resolve(), name=f"il6sim_{cell.preset}")
    (out / "il6sim_huvec.xml").write_text(text, encoding="utf-8")
    return validate_sbml(text) == []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", help="folder for the tables and figures (default: a new temporary folder)")
    args = ap.parse_args(argv)
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="il6sim-python-api-"))
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    steps: dict[str, float] = {}

    def step(name, fn):
        t = time.perf_counter()
        value = fn(out)
        steps[name] = round(time.perf_counter() - t, 2)
        return value

    sim = step("simulate", simulate_cell)
    res = step("protocol", run_the_protocol)
    cal = step("calibrated", with_calibrated_values)
    ur = step("bands", with_bands)
    curves = step("dose_response", dose_response)
    sw, sens, pop = step("sweeps", sweeps)
    sbml_ok = step("sbml", export_sbml)

    def at30(table, group):
        return table.query("group == @group and observable == 'pSTAT3' and time_min == 30").iloc[0]

    trans, trans_cal, trans_band = at30(res.table, "IL-6 + sIL-6R"), at30(cal.table, "IL-6 + sIL-6R"), \
        at30(ur.table, "IL-6 + sIL-6R")
    ec50 = {c.key: c.value_nM for c in curves}
    top = sens.indices.iloc[0]
    summary = {
        "il6sim_version": il6sim.__version__,
        "simulate_pSTAT3_peak": float(sim["pSTAT3"].max()),
        "trans_pSTAT3_30min": float(trans.value),
        "trans_pSTAT3_30min_fold_change": float(trans.fold_change),
        "classic_pSTAT3_30min": float(at30(res.table, "IL-6").value),
        "calibrated_trans_pSTAT3_30min": float(trans_cal.value),
        "band_trans_pSTAT3_30min": [float(trans_band.lower), float(trans_band.upper)],
        "band_members": ur.n_members,
        "il6_ec50_nM": ec50["il6"],
        "hyper_il6_ec50_nM": ec50["hyper_il6"],
        "tocilizumab_ic50_nM": ec50["tocilizumab_trans"],
        "sweep_runs": sw.n_runs, "sweep_failed": sw.n_failed,
        "sobol_top_parameter": str(top.parameter), "sobol_top_ST": float(top.ST),
        "population_fraction_responding": dict(zip(pop.summary["group"], pop.summary["fraction_responding"])),
        "sbml_valid": sbml_ok,
        "seconds": {**steps, "total": round(time.perf_counter() - t0, 2)},
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")

    def nM(x: float) -> str:
        return f"{x * 1e3:.3g} pM" if math.isfinite(x) and x < 1 else f"{x:.3g} nM"

    print(f"il6sim {il6sim.__version__}: results in {out}")
    print(f"  HUVEC pSTAT3 at 30 min: IL-6 {summary['classic_pSTAT3_30min']:.3f}, IL-6 + sIL-6R "
          f"{trans.value:.3f} ({trans.fold_change:.1f}-fold over control)")
    print(f"  with the calibrated set: {trans_cal.value:.3f}; 95 % band over {ur.n_members} ensemble members "
          f"{trans_band.lower:.3f}-{trans_band.upper:.3f}")
    print(f"  EC50 IL-6 {nM(ec50['il6'])}, Hyper-IL-6 {nM(ec50['hyper_il6'])}; "
          f"IC50 tocilizumab vs IL-6 + sIL-6R {nM(ec50['tocilizumab_trans'])}")
    print(f"  sweep: {sw.n_runs} runs, {sw.n_failed} failed; Sobol: {top.parameter} ranks first "
          f"(ST {top.ST:.2f}, n = 16); population: "
          + ", ".join(f"{g} {100 * f:.0f} % responding" for g, f in summary["population_fraction_responding"].items()))
    print(f"  SBML {'valid' if sbml_ok else 'INVALID'}; {summary['seconds']['total']:.1f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
