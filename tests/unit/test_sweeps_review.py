"""Sweeps, sensitivity and populations at scale: scheduler choice, units in the result tables."""

import json

import numpy as np
import pandas as pd
import pytest

from il6sim.errors import InputError
from il6sim.sweeps import run_sweep

SPEC = {
    "protocol": "seed:trans_huvec",
    "design": {"method": "lhs", "n": 4, "seed": 3, "parameters": {
        "IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}}},
    "readouts": {"observables": ["pSTAT3"], "times": ["0 min", "30 min"], "metrics": ["peak", "time_to_peak", "auc"]},
}


@pytest.mark.parametrize("where", ["--scheduler", "execution.scheduler"])
def test_client_is_not_a_scheduler_name(tmp_path, where):
    # "client" passed the check (it labels a sweep given a Client object) and the sweep then wrote its
    # design and provenance before Dask failed on the address 'client' with a traceback
    from il6sim.sweeps.execution import check_scheduler

    with pytest.raises(InputError, match="must be serial, local, auto or a Dask scheduler address"):
        check_scheduler("client", where)
    out = tmp_path / "s"
    with pytest.raises(InputError):
        run_sweep(SPEC, out, scheduler="client")
    assert not out.exists()


def test_cli_refuses_scheduler_client_before_writing(tmp_path, capsys):
    import yaml

    from il6sim.cli.main import main

    (tmp_path / "s.yaml").write_text(yaml.safe_dump(SPEC))
    rc = main(["sweep", str(tmp_path / "s.yaml"), "-o", str(tmp_path / "out"), "--scheduler", "client"])
    assert rc == 2
    assert "--scheduler: must be serial, local, auto" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _units(t):
    return {(o, r): set(g["unit"]) for (o, r), g in t.groupby(["observable", "readout"])}


@pytest.mark.parametrize("on_disk", [True, False])
def test_runs_table_says_the_unit_of_every_value(tmp_path, on_disk):
    # the long table mixed fractions, minutes and fraction x min in one 'value' column with no unit
    # (il6sim run's tables have one; the sweep's did not)
    spec = json.loads(json.dumps(SPEC))
    spec["readouts"]["observables"] = ["pSTAT3", "SOCS3"]
    res = run_sweep(spec, tmp_path / "s" if on_disk else None, scheduler="serial", chunk_size=3)
    t = pd.read_parquet(tmp_path / "s" / "runs.parquet") if on_disk else res.table()
    assert list(t.columns) == ["run_id", "group", "observable", "readout", "time_min", "value", "unit", "status"]
    assert len(t) == 4 * 4 * 2 * 5
    from il6sim.model.reference import reference_model

    obs = reference_model().observable_map
    u = _units(t)
    for o in ("pSTAT3", "SOCS3"):
        assert u[(o, "value")] == u[(o, "peak")] == {obs[o].unit_words}
        assert u[(o, "time_to_peak")] == {"min"}
        assert u[(o, "auc")] == {f"{obs[o].unit_words} x min"}
    assert obs["SOCS3"].unit != obs["pSTAT3"].unit
    # in words, as il6sim run's tables say them (the model's '1' and '1 x min' said nothing of what of)
    assert u[("pSTAT3", "value")] == {"fraction of total STAT3"}
    assert u[("pSTAT3", "auc")] == {"fraction of total STAT3 x min"}
    assert u[("SOCS3", "value")] == {"nM"} and u[("SOCS3", "auc")] == {"nM x min"}
    assert not {"1", "1 x min"} & set(t["unit"])
    if on_disk:  # provenance.json keeps the model's names; the table is the same one .table() gives
        pd.testing.assert_frame_equal(t, res.table())


def test_sweep_tables_say_the_unit_as_il6sim_run_does():
    # one rule for words: what runs.parquet says is what il6sim run's table.csv and metrics areas say
    from il6sim.compare.comparison import readout_unit
    from il6sim.protocols.runner import unit_in_words
    from il6sim.sweeps.execution import value_unit

    for o in ("pSTAT3", "pERK", "SOCS3"):
        from il6sim.model.reference import reference_model

        words = unit_in_words(o, reference_model().observable_map[o].unit)
        assert value_unit(words, "value") == value_unit(words, "peak_response") == words
        if words.startswith("fraction"):
            assert value_unit(words, "auc") == readout_unit(o, area=True)
        assert value_unit(words, "time_to_peak") == value_unit(words, "duration") == "min"
    assert value_unit("nM", "late_fraction") == "fraction of the peak response"


def test_population_tables_name_what_was_measured_and_its_unit(tmp_path):
    # summary.csv gave median, p05, p95 and the gate of an unnamed readout with no unit; cells.parquet the same
    from il6sim.sweeps import run_population

    spec = {"protocol": "seed:trans_huvec", "population": {"n": 4, "seed": 1, "cv": {"IL6R_per_cell": 0.5}},
            "readout": {"observable": "SOCS3", "time": "1 h"}, "groups": ["classic"]}
    res = run_population(spec, tmp_path / "p", scheduler="serial", plot=False)
    s = pd.read_csv(tmp_path / "p" / "summary.csv")
    assert list(s.columns[:4]) == ["group", "observable", "time_min", "unit"]
    assert s[["observable", "time_min", "unit"]].values.tolist() == [["SOCS3", 60.0, "nM"]]
    assert np.isfinite(s["median"]).all()
    cells = pd.read_parquet(tmp_path / "p" / "cells.parquet")
    assert set(cells["unit"]) == {"nM"} and len(cells) == 4
    pd.testing.assert_frame_equal(cells, res.cells)


def test_population_tables_say_a_fraction_in_words(tmp_path, capsys):
    # cells.parquet and summary.csv said '1' for pSTAT3 where il6sim run's tables say 'fraction of total STAT3';
    # provenance.json keeps the model's unit
    import yaml

    from il6sim.cli.main import main

    spec = {"protocol": "seed:trans_huvec", "population": {"n": 2, "seed": 1, "cv": {"IL6R_per_cell": 0.5}},
            "readout": {"observable": "pSTAT3", "time": "30 min"}, "groups": ["trans"]}
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    out = tmp_path / "p"
    assert main(["population", str(tmp_path / "p.yaml"), "-o", str(out), "--scheduler", "serial",
                 "--no-plot", "--no-progress"]) == 0
    assert "pSTAT3 at 30 min (fraction of total STAT3), 2 cells" in capsys.readouterr().out
    s = pd.read_csv(out / "summary.csv")
    assert list(s["unit"]) == ["fraction of total STAT3"]
    assert set(pd.read_parquet(out / "cells.parquet")["unit"]) == {"fraction of total STAT3"}
    runs = pd.read_parquet(out / "runs.parquet")
    assert set(runs["unit"]) == {"fraction of total STAT3"}
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["population"]["unit"] == "1"
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    assert "say the unit in words, as `il6sim run`'s tables do: 'fraction of total STAT3' for pSTAT3" in readme


def test_sweep_summary_csv_names_the_response_and_its_unit(tmp_path):
    # summary.csv gave response_median/p05/p95 without saying of what (the selector was only in .attrs)
    from il6sim.sweeps.summary import response_unit, summarize

    res = run_sweep(SPEC, tmp_path / "s", scheduler="serial")
    summarize(res, ["control", "sIL-6R alone", "classic", "trans"], ["pSTAT3"], ["peak", "auc"], tmp_path / "s",
              n_bins=2)
    s = pd.read_csv(tmp_path / "s" / "summary.csv")
    assert list(s.columns[:2]) == ["IL6R_per_cell_from", "IL6R_per_cell_to"]
    assert set(s["response"]) == {"classic:pSTAT3:auc / trans:pSTAT3:auc"}
    assert set(s["response_unit"]) == {"ratio (no unit)"}
    assert response_unit("trans:SOCS3:auc") == "nM x min"
    assert response_unit("trans:SOCS3:time_to_peak") == "min"
    # a fraction in words, as runs.parquet and il6sim run say it (it was '1' and '1 x min')
    assert response_unit("trans:pSTAT3:auc") == "fraction of total STAT3 x min"
    assert response_unit("trans:pSTAT3:30") == "fraction of total STAT3"
    assert response_unit("trans:SOCS3:60 / trans:pSTAT3:60") == "(nM) / (fraction of total STAT3)"


def test_sweep_summary_of_one_group_says_the_unit_in_words(tmp_path):
    from il6sim.sweeps.summary import summarize

    res = run_sweep(SPEC, tmp_path / "s", scheduler="serial")
    summarize(res, ["trans"], ["pSTAT3"], ["auc"], tmp_path / "s", n_bins=2)
    s = pd.read_csv(tmp_path / "s" / "summary.csv")
    assert set(s["response"]) == {"trans:pSTAT3:auc"}
    assert set(s["response_unit"]) == {"fraction of total STAT3 x min"}


SA = {
    "protocol": "seed:trans_huvec",
    "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000},
                   "K_SOCS3": {}, "k_stat3_act": {}},
    "readouts": {"observables": ["pSTAT3"], "times": ["0 min", "30 min"], "metrics": ["auc"]},
    "sensitivity": {"method": "sobol", "n": 4, "seed": 1, "second_order": True,
                    "outputs": ["classic:pSTAT3:auc / trans:pSTAT3:auc", "trans:pSTAT3:30"]},
}


def test_second_order_sobol_indices_are_written(tmp_path):
    # second_order: true ran n (2d + 2) runs, but the S2 indices were dropped: not in indices.csv, nowhere else
    from il6sim.sweeps.sensitivity import run_sensitivity

    res = run_sensitivity(SA, tmp_path / "sa", scheduler="serial", plot=False)
    assert res.sweep.n_runs == 4 * (2 * 3 + 2)
    s2 = pd.read_csv(tmp_path / "sa" / "indices_s2.csv")
    assert list(s2.columns) == ["output", "a", "b", "S2", "S2_conf"]
    assert len(s2) == 2 * 3  # two outputs, three pairs
    assert list(s2["output"].unique()) == SA["sensitivity"]["outputs"]
    assert {tuple(sorted(p)) for p in s2[["a", "b"]].values} == {
        ("IL6R_per_cell", "K_SOCS3"), ("IL6R_per_cell", "k_stat3_act"), ("K_SOCS3", "k_stat3_act")}
    pd.testing.assert_frame_equal(s2, res.second_order, check_dtype=False)
    first = dict(SA, sensitivity={**SA["sensitivity"], "second_order": False})
    res1 = run_sensitivity(first, tmp_path / "sa1", scheduler="serial", plot=False)
    assert res1.second_order is None and not (tmp_path / "sa1" / "indices_s2.csv").exists()


def test_indices_recomputed_on_a_finished_folder_update_provenance_and_figures(tmp_path):
    # run again with other outputs, the runs were reused and indices.csv rewritten, but provenance.json
    # still named the first outputs and the plot of an output no longer analysed stayed
    from il6sim.sweeps.sensitivity import load_sensitivity_spec, run_sensitivity

    spec = load_sensitivity_spec(dict(SA, sensitivity={**SA["sensitivity"], "second_order": False}))
    out = tmp_path / "sa"
    run_sensitivity(spec, out, scheduler="serial")
    assert {p.name for p in out.glob("sensitivity_*.png")} == {"sensitivity_1.png", "sensitivity_2.png"}
    again = run_sensitivity(spec.replace(outputs=("trans:pSTAT3:auc",)), out, scheduler="serial")
    assert again.sweep.chunks_computed == 0  # the runs were reused
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["sensitivity"]["outputs"] == ["trans:pSTAT3:auc"]
    assert set(pd.read_csv(out / "indices.csv")["output"]) == {"trans:pSTAT3:auc"}
    assert {p.name for p in out.glob("sensitivity_*.png")} == {"sensitivity_1.png"}
    # without plots: a plot whose output changed goes, one whose output is the same stays
    run_sensitivity(spec.replace(outputs=("trans:pSTAT3:auc", "trans:pSTAT3:30")), out, scheduler="serial")
    run_sensitivity(spec.replace(outputs=("trans:pSTAT3:auc", "classic:pSTAT3:30")), out, scheduler="serial",
                    plot=False)
    assert {p.name for p in out.glob("sensitivity_*.png")} == {"sensitivity_1.png"}
    assert json.loads((out / "provenance.json").read_text())["sensitivity"]["outputs"] == [
        "trans:pSTAT3:auc", "classic:pSTAT3:30"]


def test_sensitivity_simulates_only_the_groups_its_outputs_read(tmp_path):
    # seed:trans_huvec has four groups; outputs on classic and trans ran control and 'sIL-6R alone' too,
    # twice the work for nothing
    from il6sim.sweeps.sensitivity import load_sensitivity_spec, run_sensitivity

    spec = load_sensitivity_spec(dict(SA, sensitivity={**SA["sensitivity"], "second_order": False}))
    out = tmp_path / "sa"
    run_sensitivity(spec, out, scheduler="serial", plot=False)
    assert set(pd.read_parquet(out / "runs.parquet")["group"]) == {"classic", "trans"}
    assert json.loads((out / "provenance.json").read_text())["groups_run"] == ["classic", "trans"]
    # an output on a group that was not run needs a new folder (or --overwrite), said as such
    with pytest.raises(InputError, match="different sweep"):
        run_sensitivity(spec.replace(outputs=("control:pSTAT3:auc",)), out, scheduler="serial", plot=False)
    only = run_sensitivity(spec.replace(outputs=("control:pSTAT3:auc",)), tmp_path / "c", scheduler="serial",
                           plot=False)
    assert set(pd.read_parquet(tmp_path / "c" / "runs.parquet")["group"]) == {"control"}
    assert only.sweep.n_runs == 4 * (3 + 2)


def test_population_summary_recomputed_with_another_gate_is_recorded(tmp_path):
    # a finished population run again with another threshold reuses the cells and rewrites summary.csv;
    # provenance.json still described the first run (threshold auto) and recorded no gate at all
    from il6sim.sweeps import run_population

    spec = {"protocol": "seed:trans_huvec", "population": {"n": 3, "seed": 1, "cv": {"IL6R_per_cell": 0.5}},
            "groups": ["classic"]}
    out = tmp_path / "p"
    first = run_population(spec, out, scheduler="serial", plot=False)
    prov = json.loads((out / "provenance.json").read_text())["population"]
    assert prov["threshold"] == pytest.approx(first.threshold) and prov["threshold_rule"].startswith("auto")
    again = run_population(dict(spec, threshold=0.2), out, scheduler="serial", plot=False)
    assert again.sweep.chunks_computed == 0
    prov = json.loads((out / "provenance.json").read_text())["population"]
    assert prov["threshold"] == 0.2 and prov["threshold_rule"] == "given"
    assert (prov["observable"], prov["time_min"], prov["unit"]) == ("pSTAT3", 30.0, "1")
    assert set(pd.read_csv(out / "summary.csv")["threshold"]) == {0.2}


@pytest.mark.parametrize("key, value, shown", [("workers", "two", "'two'"), ("workers", 1.5, "1.5"),
                                               ("chunk_size", "all", "'all'"), ("chunk_size", True, "true"),
                                               ("workers", "2", "'2'"), ("chunk_size", 2.0, "2.0")])
def test_workers_and_chunk_size_given_as_arguments_are_whole_numbers(tmp_path, key, value, shown):
    # run_sweep(spec, workers="two") raised a raw TypeError ('<' not supported between str and int); then
    # workers="2" and 2.0 were taken by the rule of a spec's YAML (which reads '2' as text): a Python argument
    # is an int (numpy's too), as FitOptions and SolverOptions take theirs
    import numpy as np

    from il6sim.sweeps import run_population, run_sweep

    spec = {"protocol": "seed:trans_huvec", "design": {"method": "lhs", "n": 2, "seed": 1,
                                                       "parameters": {"IL6R_per_cell": {}}}}
    with pytest.raises(InputError, match=rf"^{key}: must be a whole number >= 1 \(got {shown}\)$"):
        run_sweep(spec, tmp_path / "s", scheduler="serial", **{key: value})
    assert not (tmp_path / "s").exists()
    pop = {"protocol": "seed:trans_huvec", "population": {"n": 2, "seed": 1, "cv": {"IL6R_per_cell": 0.5}}}
    with pytest.raises(InputError, match=rf"^{key}: must be a whole number >= 1"):
        run_population(pop, scheduler="serial", plot=False, **{key: value})
    assert run_sweep(spec, scheduler="serial", **{key: np.int64(2)}).n_runs == 2
    # a spec's execution: mapping, read as YAML is, still takes a whole number written as text
    assert run_sweep({**spec, "execution": {key: "2"}}, scheduler="serial").n_runs == 2


@pytest.mark.parametrize("spec", [None, ["seed:trans_huvec"], 3])
def test_a_spec_that_is_neither_a_path_nor_a_mapping_is_named(spec):
    # None or a list reached pathlib and raised a raw TypeError
    from il6sim.sweeps import load_sweep_spec, run_population, run_sensitivity, run_sweep

    for run in (load_sweep_spec, run_sweep, run_sensitivity, run_population):
        with pytest.raises(InputError, match=rf"^spec: expected the path of a spec YAML or a mapping .*"
                                             rf"\(got {type(spec).__name__}\)$"):
            run(spec)


def test_a_selector_the_sweep_did_not_record_says_what_it_did_record():
    # res.values("trans:pstat3:auc") said only "the sweep has no readout 'trans:pstat3:auc'"
    t = pd.DataFrame({"run_id": [0, 0, 0], "group": ["classic", "trans", "trans"],
                      "observable": ["pSTAT3"] * 3, "readout": ["auc", "auc", "value"],
                      "time_min": [np.nan, np.nan, 30.0], "value": [1.0, 2.0, 0.5], "status": ["ok"] * 3})
    from il6sim.sweeps import select

    def message(selector):
        with pytest.raises(InputError) as ei:
            select(t, selector)
        return str(ei.value)

    head = "output: the sweep has no readout "
    assert message("trans:pstat3:auc") == (head + "'trans:pstat3:auc': it has no observable 'pstat3' "
                                           "(did you mean 'pSTAT3'?) (observables: pSTAT3)")
    assert message("tran:pSTAT3:auc") == (head + "'tran:pSTAT3:auc': it has no group 'tran' (did you mean "
                                          "'trans'?) (groups: classic, trans)")
    assert message("trans:pSTAT3:60") == head + "'trans:pSTAT3:60': 60 min is not a readout time (times: 30 min)"
    assert message("trans:pSTAT3:peak") == head + "'trans:pSTAT3:peak': metric 'peak' is not recorded (metrics: auc)"
    assert message("classic:pSTAT3:30") == head + "'classic:pSTAT3:30'"   # each part recorded, not together
    assert select(t, "trans:pSTAT3:30")[0] == 0.5


def test_changing_the_table_or_design_of_a_sweep_leaves_the_result_as_it_was():
    # res.table() and res.design() handed out the result's own frames: res.table()["value"] = 0 made every
    # later res.values(...) 0
    res = run_sweep(SPEC, scheduler="serial")
    before = res.values("trans:pSTAT3:auc").copy()
    design_before = res.design()["IL6R_per_cell"].to_numpy().copy()
    t = res.table()
    t["value"] = 0.0
    t.loc[0, "group"] = "changed"
    d = res.design()
    d["IL6R_per_cell"] = 0.0
    d.iloc[0, 0] = 99
    np.testing.assert_array_equal(res.values("trans:pSTAT3:auc"), before)
    np.testing.assert_array_equal(res.design()["IL6R_per_cell"].to_numpy(), design_before)
    assert res.table()["group"].iloc[0] != "changed" and res.design()["run_id"].iloc[0] == 0
