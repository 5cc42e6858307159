"""Virtual populations: log-normal copy numbers, response distributions, gates and a drug."""

import numpy as np
import pandas as pd
import pytest

from il6sim.errors import InputError
from il6sim.sweeps.population import load_population_spec, run_population

SPEC = {
    "protocol": "seed:trans_huvec",
    "population": {"n": 40, "seed": 1, "cv": {"IL6R_per_cell": 0.6, "gp130_per_cell": 0.3, "STAT3_per_cell": 0.25}},
    "readout": {"observable": "pSTAT3", "time": "30 min"},
    "groups": ["classic", "trans"],
    "drug": {"add": "tocilizumab", "dose": "10 ug/mL", "at": "-30 min", "groups": ["trans"]},
}


@pytest.fixture(scope="module")
def pop(tmp_path_factory):
    return run_population(SPEC, tmp_path_factory.mktemp("pop") / "out", scheduler="serial")


def test_cells_vary_around_the_preset(pop):
    d = pop.sweep.design()
    assert len(d) == 40
    assert np.median(d.IL6R_per_cell) == pytest.approx(150, rel=0.3)  # HUVEC preset: 150 IL-6R per cell
    assert d.gp130_per_cell.std() > 0 and d.STAT3_per_cell.std() > 0


def test_distribution_gate_and_drug(pop):
    s = pop.summary.set_index("group")
    assert list(s.index) == ["classic", "trans", "trans + tocilizumab"]
    assert (s.cells == 40).all() and (s.failed == 0).all()
    assert s.loc["trans", "median"] > s.loc["classic", "median"] > s.loc["trans + tocilizumab", "median"]
    assert s.loc["trans", "fraction_responding"] == 1.0
    # tocilizumab (10 ug/mL) blocks most of the trans response; a handful of units still signal
    assert s.loc["trans + tocilizumab", "median"] < 0.5 * s.loc["trans", "median"]
    rest = pop.cells.drop_duplicates("run_id").rest.to_numpy()  # one resting value per cell
    assert pop.threshold == pytest.approx(2 * np.quantile(rest, 0.99))
    c = pop.cells
    assert c.responding.sum() == int(round((s.fraction_responding * s.cells).sum()))


def test_files(pop):
    out = pop.sweep.out_dir
    for f in ("cells.parquet", "summary.csv", "population.png", "runs.parquet", "provenance.json"):
        assert (out / f).exists()


def test_the_readme_describes_cells_parquet_as_written(pop):
    # the README said one row per virtual cell; there is one per cell and group, with its resting value
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    assert ("`cells.parquet` (one row per virtual cell and group: the response and its `unit`, the cell's resting "
            "value `rest`, its sampled copy numbers and whether it responds)") in readme
    cells = pd.read_parquet(pop.sweep.out_dir / "cells.parquet")
    assert len(cells) == 40 * 3 and not cells.duplicated(["run_id", "group"]).any()
    assert {"value", "unit", "rest", "IL6R_per_cell", "gp130_per_cell", "STAT3_per_cell", "responding"} <= set(cells)
    assert "one row per run, group, observable and readout time or metric" in readme
    runs = pd.read_parquet(pop.sweep.out_dir / "runs.parquet")
    assert not runs.duplicated(["run_id", "group", "observable", "readout", "time_min"]).any()


def test_the_files_say_the_units_of_the_copy_numbers_and_the_response(pop):
    """cells.parquet and design.parquet named no unit for the sampled copy numbers, nor provenance.json."""
    import json

    out = pop.sweep.out_dir
    per_cell = {p: "molecules/cell" for p in ("IL6R_per_cell", "gp130_per_cell", "STAT3_per_cell")}
    cells = pd.read_parquet(out / "cells.parquet")
    assert cells.attrs["units"] == {"value": "fraction of total STAT3", "rest": "fraction of total STAT3", **per_cell}
    assert set(cells["unit"]) == {"fraction of total STAT3"}
    assert pd.read_parquet(out / "design.parquet").attrs["units"] == per_cell
    assert json.loads((out / "provenance.json").read_text(encoding="utf-8"))["parameter_units"] == per_cell
    assert pop.cells.attrs["units"] == cells.attrs["units"]


def test_the_auto_gate_counts_each_cell_once(pop):
    """The gate is twice the 99th percentile of the cells' resting values, each cell once. Before, the value of
    each of the 3 groups of a cell was counted, and with 40 cells the percentile was the highest resting value."""
    c = pop.cells
    assert (c.groupby("run_id").rest.nunique() == 1).all()  # the groups of a cell share its resting value
    per_cell = c.drop_duplicates("run_id").rest.to_numpy()
    assert len(per_cell) == 40
    assert pop.threshold == pytest.approx(2 * np.quantile(per_cell, 0.99), rel=1e-12)
    assert pop.threshold < 2 * per_cell.max()
    s = pop.summary.set_index("group")
    for g, d in c.groupby("group"):  # the fraction above the gate, recomputed from the per-cell values
        assert s.loc[g, "fraction_responding"] == np.mean(d.value.to_numpy() > pop.threshold)
        assert s.loc[g, "threshold"] == pop.threshold


def test_fixed_threshold():
    spec = dict(SPEC, threshold=0.3, population=dict(SPEC["population"], n=6), groups=["trans"], drug=None)
    spec.pop("drug")
    res = run_population(spec, None, scheduler="serial", plot=False)
    assert res.threshold == 0.3
    v = res.cells.value.to_numpy()
    assert res.summary.fraction_responding.item() == pytest.approx(np.mean(v > 0.3))


def test_spec_problems():
    bad = dict(SPEC, population={"n": 0, "cv": {"IL6R_per_cell": -1, "mpn": 0.2}},
               readout={"observable": "pSTAT4", "time": 30}, groups=["hyper"], threshold="high")
    with pytest.raises(InputError) as ei:
        load_population_spec(bad)
    text = "\n".join(ei.value.lines())
    for part in ("population.n: must be an integer >= 1 (got 0)", "population.cv.IL6R_per_cell: must be > 0",
                 "population.cv.mpn", "readout.observable: unknown observable 'pSTAT4'", "readout.time: time has no unit (got 30", "unknown group 'hyper'",
                 "threshold: must be 'auto' or a number"):
        assert part in text


def test_empty_group_lists_are_refused_not_read_as_all_or_none():
    # groups: [] simulated every group of the protocol; drug.groups: [] gave the drug to none, both silently
    with pytest.raises(InputError) as ei:
        load_population_spec(dict(SPEC, groups=[]))
    assert [ln for ln in ei.value.lines()] == [
        "groups: is empty: name the groups to simulate, e.g. [classic, trans], or leave groups out for all of "
        "the protocol's groups"]
    with pytest.raises(InputError) as ei:
        load_population_spec(dict(SPEC, drug=dict(SPEC["drug"], groups=[])))
    assert len(ei.value.lines()) == 1
    assert "drug.groups: is empty: name the groups that get the drug" in ei.value.lines()[0]


def test_one_group_may_be_given_as_text_like_one_observable():
    # groups: trans (text, not a list) was refused as "must be a list of group names", while
    # readouts.observables takes one name as text; drug.groups already took it
    spec = load_population_spec(dict(SPEC, groups="trans", drug=dict(SPEC["drug"], groups="trans")))
    assert spec.groups == ("trans", "trans + tocilizumab")
    assert load_population_spec(dict(SPEC, groups="classic", drug=None)).groups == ("classic",)
    # empty text names no group: refused as empty, as [] is
    for blank in ("", "  "):
        with pytest.raises(InputError) as ei:
            load_population_spec(dict(SPEC, groups=blank))
        assert ei.value.lines()[0].startswith("groups: is empty: name the groups to simulate")
        with pytest.raises(InputError) as ei:
            load_population_spec(dict(SPEC, drug=dict(SPEC["drug"], groups=blank)))
        assert ei.value.lines()[0].startswith("drug.groups: is empty: name the groups that get the drug")
    # several names in one text are one (unknown) name, with the bracket form as the remedy
    with pytest.raises(InputError) as ei:
        load_population_spec(dict(SPEC, groups="classic, trans"))
    assert ei.value.lines()[0].startswith("groups: unknown group 'classic, trans'")
    assert ei.value.lines()[0].endswith("; to name several groups write them in brackets, [classic, trans]")


def test_a_group_listed_twice_is_refused():
    # a repeated group (to simulate, or to get the drug) was taken once without a word
    with pytest.raises(InputError) as ei:
        load_population_spec(dict(SPEC, groups=["trans", "trans"]))
    assert ei.value.lines() == ["groups: 'trans' is given twice (items 1 and 2); give each group once"]
    with pytest.raises(InputError) as ei:
        load_population_spec(dict(SPEC, drug=dict(SPEC["drug"], groups=["trans", "trans"])))
    assert ei.value.lines() == ["drug.groups: 'trans' is given twice (items 1 and 2); give each group once"]


def test_a_readout_before_the_first_step_names_the_time_given():
    # it said only 'must be after the first step of the protocol (-30 min)': the step's time, not the one written
    with pytest.raises(InputError) as ei:
        load_population_spec(dict(SPEC, readout={"observable": "pSTAT3", "time": "-45 min"}))
    assert ei.value.lines() == ["readout.time: must be after the protocol's first step at -30 min (got -45 min); "
                                "read the cells later, e.g. at 30 min"]


def test_zero_copy_number_cannot_vary_lognormally():
    spec = dict(SPEC, fixed={"IL6R_per_cell": 0.0})
    with pytest.raises(InputError, match="median: must be > 0"):
        load_population_spec(spec)


def _small(seed, n=3):
    return dict(SPEC, population=dict(SPEC["population"], n=n, seed=seed), groups=["trans"], drug=None)


def test_same_seed_same_cells_and_another_seed_other_cells():
    runs = [run_population(_small(seed), None, scheduler="serial", plot=False) for seed in (5, 5, 6)]
    cols = ["run_id", "group", "value", "rest", "IL6R_per_cell", "gp130_per_cell", "STAT3_per_cell"]
    a, b, c = (r.cells[cols] for r in runs)
    assert a.equals(b)  # bit for bit
    assert not np.any(np.isclose(a.IL6R_per_cell, c.IL6R_per_cell)) and not np.any(np.isclose(a.value, c.value))


def test_a_population_of_one_cell(tmp_path, capsys):
    import yaml

    from il6sim.cli.main import main

    f = tmp_path / "one.yaml"
    f.write_text(yaml.safe_dump(dict(_small(1, n=1), execution={"scheduler": "serial"})), encoding="utf-8")
    rc = main(["population", str(f), "-o", str(tmp_path / "o"), "--no-plot", "--no-progress"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    # the unit of the values and the gate, and every file written, are named
    assert out.startswith("pSTAT3 at 30 min (fraction of total STAT3), 1 cell; gate ")
    assert out.rstrip().endswith(f"-> {tmp_path / 'o' / 'summary.csv'}, {tmp_path / 'o' / 'cells.parquet'}")
    s = pd.read_csv(tmp_path / "o" / "summary.csv")
    assert len(s) == 1 and s.cells.item() == 1 and s.cv.item() == 0 and s.p05.item() == s.p95.item()


def test_a_rerun_without_a_figure_drops_the_figure_of_the_earlier_gate(tmp_path):
    # the runs are reused and the summary recomputed with the new threshold: an old population.png would show the
    # old gate beside the new summary
    out = tmp_path / "o"
    first = run_population(_small(3, n=3), out, scheduler="serial")
    assert (out / "population.png") in first.figures and (out / "population.png").exists()
    again = run_population(dict(_small(3, n=3), threshold=0.3), out, scheduler="serial", plot=False)
    assert again.threshold == 0.3 and not again.figures
    assert not (out / "population.png").exists() and (out / "summary.csv").exists()


def test_progress_lines_are_named_population_not_sweep(capsys):
    # a log of `il6sim population` read "sweep: 100% (4/4 runs)"
    spec = dict(SPEC, population=dict(SPEC["population"], n=4))
    run_population(spec, None, scheduler="serial", plot=False, progress="lines")
    err = capsys.readouterr().err
    assert "population: 100% (4/4 runs)" in err and "sweep:" not in err


def test_the_printout_says_how_the_gate_was_set(tmp_path, capsys):
    # "gate 0.06493" beside "responding 52.5%" left a reader to guess where the gate came from
    from pathlib import Path

    import yaml

    from il6sim.cli.main import main

    for name, threshold, rule in [("auto", "auto", "(auto: 2 x the 99th percentile of the cells' resting pSTAT3)"),
                                  ("fixed", 0.1, "gate 0.1 (the spec's threshold)")]:
        f = tmp_path / f"{name}.yaml"
        f.write_text(yaml.safe_dump(dict(_small(1, n=2), threshold=threshold, execution={"scheduler": "serial"})),
                     encoding="utf-8")
        rc = main(["population", str(f), "-o", str(tmp_path / name), "--no-plot", "--no-progress"])
        out, err = capsys.readouterr()
        assert rc == 0, err
        first = out.splitlines()[0]
        assert rule in first and first.endswith("; responding: above the gate"), first
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    assert ("A cell responds when its response is above the gate that the command prints: the spec's `threshold`, "
            "or with `threshold: auto` twice the 99th percentile of the cells' resting values.") in readme


def test_a_rerun_into_the_folder_says_the_runs_were_done_earlier(tmp_path, capsys):
    # `il6sim sweep` says "(already complete: ...)" or "(serial, 3 chunks already done)"; population printed the
    # same table whether it had simulated the cells or read them from the folder
    import yaml

    from il6sim.cli.main import main

    f = tmp_path / "p.yaml"
    f.write_text(yaml.safe_dump(dict(_small(1, n=2), execution={"scheduler": "serial"})), encoding="utf-8")
    argv = ["population", str(f), "-o", str(tmp_path / "o"), "--no-plot", "--no-progress"]
    assert main(argv) == 0
    assert "already" not in capsys.readouterr().out
    assert main(argv) == 0
    assert "2 runs (already complete: all 1 chunk done earlier; nothing run)" in capsys.readouterr().out.splitlines()


def test_a_drug_or_threshold_of_another_kind_is_named_in_plain_words():
    # it said Python's repr: "(got ['tocilizumab'])", "(got True)"
    with pytest.raises(InputError) as ei:
        load_population_spec(dict(SPEC, drug=["tocilizumab"], threshold=True))
    assert ei.value.lines() == [
        "drug: expected a mapping like {add: tocilizumab, dose: 10 ug/mL, at: -30 min} (got a list)",
        "threshold: must be 'auto' or a number (got true)"]


def test_a_drug_before_the_serum_starvation_medium_change_is_refused_once_under_drug():
    # seed:trans_huvec changes the medium 4 h before stimulation: a drug given 6 h ahead was washed away without a
    # word on huvec; refused by the protocol, it was then reported once per group, under groups the spec never wrote
    with pytest.raises(InputError) as ei:
        load_population_spec(dict(SPEC, drug=dict(SPEC["drug"], at="-6 h", groups=["classic", "trans"])))
    assert ei.value.lines() == [
        "drug.at: tocilizumab at -6 h is before the medium change of the protocol's serum_starvation (240 min before "
        "stimulation), which would wash it away; write at: -240 min or later"]
    load_population_spec(dict(SPEC, drug=dict(SPEC["drug"], at="-4 h")))  # into the starvation medium: kept
