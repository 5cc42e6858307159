"""Sweep execution: readouts, failures as statuses, serial == Dask, resume after interruption."""

import json
import logging
import os
import signal
import time

import numpy as np
import pandas as pd
import pytest

from il6sim.engine.simulator import Simulator
from il6sim.errors import InputError, SolverError
from il6sim.protocols import load_protocol
from il6sim.readouts.metrics import time_course_metrics
from il6sim.sweeps import load_sweep_spec, run_sweep, select
from il6sim.sweeps import plan as plan_mod
from il6sim.sweeps.plan import _metric_values, run_chunk

SPEC = {
    "protocol": "seed:trans_huvec",
    "design": {"method": "lhs", "n": 60, "seed": 7, "parameters": {
        "IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000},
        "gp130_per_cell": {"dist": "lognormal", "cv": 0.3}}},
    "readouts": {"observables": ["pSTAT3", "pAkt"], "times": ["0 min", "15 min", "30 min", "4 h"], "metrics": ["peak", "auc"]},
}


def _spec(n=60, **kw):
    d = json.loads(json.dumps(SPEC))
    d["design"]["n"] = n
    d.update(kw)
    return d


def test_results_do_not_depend_on_what_the_worker_ran_before():
    """A worker's model is reused across runs: the same point gives the same numbers whatever came first."""
    spec = load_sweep_spec(_spec(6))
    plan = spec.run_plan()
    x = spec.design.sample()
    ids = np.arange(6)
    forward = run_chunk(plan, ids, x)
    backward = run_chunk(plan, ids[::-1], x[::-1])
    order = np.argsort(backward["run_id"], kind="stable")
    np.testing.assert_array_equal(forward["value"], backward["value"][order])
    fresh = Simulator()
    params = dict(plan.base)
    params.update(zip(plan.names, x[4]))
    grid, i_read, _ = plan.grids()
    g, events = plan.groups[-1]
    y = fresh.simulate(params, events, grid).observable("pSTAT3")[i_read]
    m = (forward["run_id"] == 4) & (forward["group"] == g) & (forward["observable"] == "pSTAT3") & (
        forward["readout"] == "value")
    np.testing.assert_array_equal(forward["value"][m], y)


def test_rows_and_metrics():
    res = run_sweep(_spec(5), scheduler="serial")
    t = res.table()
    assert list(t.columns) == ["run_id", "group", "observable", "readout", "time_min", "value", "unit", "status"]
    n_groups = len(res.provenance["groups"])
    assert len(t) == 5 * n_groups * 2 * (4 + 2)
    assert (t.status == "ok").all() and res.n_failed == 0
    # metrics equal time_course_metrics on rest + readout times
    one = t[(t.run_id == 3) & (t.group == "trans") & (t.observable == "pSTAT3")]
    y = one[one.readout == "value"].value.to_numpy()
    m = time_course_metrics([0, 15, 30, 240], y)
    assert one[one.readout == "auc"].value.item() == pytest.approx(m.auc, rel=1e-12)
    assert one[one.readout == "peak"].value.item() == pytest.approx(m.peak, rel=1e-12)
    # selectors, including a ratio
    auc_c, auc_t = res.values("classic:pSTAT3:auc"), res.values("trans:pSTAT3:auc")
    np.testing.assert_allclose(res.values("classic:pSTAT3:auc / trans:pSTAT3:auc"), auc_c / auc_t)
    assert res.values("trans:pSTAT3:30").shape == (5,)


def test_vectorised_metrics_equal_time_course_metrics():
    rng = np.random.default_rng(1)
    t = np.array([0, 5, 15, 30, 60, 240.0])
    y = rng.random((20, 6))
    y[3] = y[3, 0]  # flat: kind "none"
    y[5, 2] = np.nan
    got = _metric_values(t, y, ["baseline", "peak", "time_to_peak", "peak_response", "auc"])
    slow = _metric_values(t, y, ["baseline", "peak", "time_to_peak", "peak_response", "auc", "duration"])
    for r in range(20):
        m = time_course_metrics(t, y[r])
        want = [m.baseline, m.peak, m.time_to_peak, m.peak_response, m.auc]
        np.testing.assert_allclose(got[r], want, rtol=1e-12, equal_nan=True)
        np.testing.assert_allclose(slow[r, -1], m.duration, rtol=1e-12, equal_nan=True)


def test_failed_run_is_recorded_and_sweep_goes_on(monkeypatch):
    real = plan_mod.worker_simulator

    class Flaky:
        def __init__(self, sim):
            self._sim = sim

        def __getattr__(self, name):
            return getattr(self._sim, name)

        def simulate(self, params, events, times, **kw):
            if abs(params["IL6R_per_cell"] - bad) < 1e-9 and any(e.kind == "add" for e in events):
                raise SolverError("CV_ERR_FAILURE at t = 3 (test)")
            return self._sim.simulate(params, events, times, **kw)

        def simulate_groups(self, params, groups, times, *, contexts=None, **kw):
            if abs(params["IL6R_per_cell"] - bad) < 1e-9:
                return [SolverError("CV_ERR_FAILURE at t = 3 (test)") if any(e.kind == "add" for e in evs)
                        else self._sim.simulate(params, evs, times, **kw) for evs in groups]
            return self._sim.simulate_groups(params, groups, times, contexts=contexts, **kw)

    spec = load_sweep_spec(_spec(6))
    bad = spec.design.sample()[2, 0]
    monkeypatch.setattr(plan_mod, "worker_simulator", lambda ref: Flaky(real(ref)))
    res = run_sweep(spec, scheduler="serial", chunk_size=4)
    t = res.table()
    assert res.n_failed == 1
    bad_rows = t[t.status != "ok"]
    assert set(bad_rows.run_id) == {2}
    assert bad_rows.status.str.startswith("failed: CV_ERR_FAILURE").all()
    assert bad_rows.value.isna().all()
    assert (t[t.run_id == 2].group == "control").any()  # nothing added: that group still ran
    assert t[(t.run_id == 2) & (t.group == "control")].status.eq("ok").all()
    assert np.isnan(res.values("trans:pSTAT3:auc")[2]) and np.isfinite(res.values("trans:pSTAT3:auc")[[0, 1, 3, 4, 5]]).all()


def test_serial_and_dask_give_identical_results(tmp_path):
    spec = load_sweep_spec(_spec(60))  # 60 runs x 4 groups = 240 simulations
    serial = run_sweep(spec, tmp_path / "serial", scheduler="serial", chunk_size=7)
    # while another local sweep's scheduler holds Dask's usual port, this one must not say so on the terminal
    import socket
    import warnings

    with socket.socket() as other, warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        try:
            other.bind(("127.0.0.1", 8787))
            other.listen()
        except OSError:  # taken already: by another sweep, which serves as well
            pass
        dask = run_sweep(spec, tmp_path / "dask", scheduler="local", workers=2, chunk_size=7)
    assert not [w for w in said if "already in use" in str(w.message)], [str(w.message) for w in said]
    assert serial.scheduler == "serial" and dask.scheduler == "local"
    a, b = serial.table(), dask.table()
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert pd.read_parquet(tmp_path / "serial" / "design.parquet").equals(pd.read_parquet(tmp_path / "dask" / "design.parquet"))


def _check_complete(out, spec_dict, n):
    t = pd.read_parquet(out / "runs.parquet")
    per_run = t.groupby("run_id").size()
    assert sorted(per_run.index) == list(range(n))
    assert per_run.nunique() == 1  # every run exactly once: same number of rows each
    assert not t.duplicated(["run_id", "group", "observable", "readout", "time_min"]).any()
    ref = run_sweep(spec_dict, scheduler="serial").table()
    pd.testing.assert_frame_equal(t, ref, check_exact=True)


def test_interrupted_sweep_resumes_without_recomputing(tmp_path, caplog):
    spec = _spec(30)
    out = tmp_path / "sweep"
    seen = []

    def stop_after_3(c):
        seen.append(c)
        if len(seen) == 3:
            raise KeyboardInterrupt

    from il6sim.sweeps.execution import execute
    s = load_sweep_spec(spec)
    with pytest.raises(KeyboardInterrupt):
        execute(s.run_plan(), s.design.sample(), out_dir=out, scheduler="serial", chunk_size=4, on_chunk=stop_after_3)
    assert len(list((out / "parts").glob("part-*.parquet"))) == 3 and not (out / "runs.parquet").exists()
    with caplog.at_level("INFO", logger="il6sim.sweeps.execution"):
        res = run_sweep(spec, out, scheduler="serial", chunk_size=10)  # another chunk size: the folder's is kept
    assert (res.chunks_skipped, res.chunks_computed) == (3, 5)
    assert "resuming with the folder's chunk size 4 (a chunk size of 10 applies to a new sweep only)" in caplog.text
    _check_complete(out, spec, 30)
    assert not (out / "parts").exists()
    again = run_sweep(spec, out, scheduler="serial")
    assert (again.chunks_computed, again.n_runs) == (0, 30)


def test_killed_process_resumes_each_run_exactly_once(tmp_path, start_held_sweep):
    spec = _spec(400)
    spec["readouts"] = {"observables": ["pSTAT3"], "times": ["0 min", "30 min"], "metrics": []}
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    out = tmp_path / "sweep"
    # the sweep waits after its third chunk until it is killed (its gate never opens): left to run, it could finish
    # all 80 chunks before the kill on a busy machine
    proc = start_held_sweep(tmp_path / "spec.json", out, 3, tmp_path / "never-opened", "--scheduler", "serial",
                            "--chunk-size", 5)
    try:
        while proc.poll() is None and len(list((out / "parts").glob("part-*.parquet"))) < 3:
            time.sleep(0.02)
        assert proc.poll() is None, proc.communicate()[1]
    finally:
        proc.kill()
        proc.communicate()
    done = sorted(p.name for p in (out / "parts").glob("part-*.parquet"))
    assert not (out / "runs.parquet").exists(), "the sweep finished before it was killed; make it longer"
    assert len(done) >= 3
    res = run_sweep(spec, out, scheduler="serial", chunk_size=50)  # chunk size of the first invocation is kept
    assert res.chunks_skipped == len(done) and res.chunks_computed == 80 - len(done)
    _check_complete(out, spec, 400)
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["complete"] and prov["n_runs"] == 400 and len(prov["model"]["sbml_sha256"]) == 64


def test_other_sweep_in_directory_is_refused(tmp_path):
    out = tmp_path / "s"
    run_sweep(_spec(3), out, scheduler="serial")
    other = _spec(3)
    other["design"]["seed"] = 8
    with pytest.raises(InputError, match="holds the results of a different sweep") as refused:
        run_sweep(other, out, scheduler="serial")
    # said in the Python call's words (the command line says --out and --overwrite)
    assert str(refused.value) == (f"out_dir: '{out}' holds the results of a different sweep; choose another output "
                                  "directory or pass overwrite=True to replace them")
    (busy := tmp_path / "busy").mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=r"^out_dir: .* is not empty and holds no sweep"):
        run_sweep(other, busy, scheduler="serial")
    # what an earlier command wrote from its runs goes with them; a file of the user's own stays
    for name in ("summary.png", "population.png", "cells.parquet", "indices.csv", "sensitivity_1.png", "notes.txt"):
        (out / name).write_text("earlier", encoding="utf-8")
    res = run_sweep(other, out, scheduler="serial", overwrite=True)
    assert res.chunks_computed == 1
    assert sorted(f.name for f in out.iterdir()) == ["design.parquet", "notes.txt", "provenance.json", "runs.parquet"]


def test_provenance_and_design_written(tmp_path):
    run_sweep(_spec(4), tmp_path / "s", scheduler="serial")
    prov = json.loads((tmp_path / "s" / "provenance.json").read_text())
    for k in ("il6sim_version", "model", "spec", "seed", "started_at", "finished_at", "design", "solver", "packages"):
        assert k in prov
    assert prov["kind"] == "sweep" and len(prov["model"]["sbml_sha256"]) == 64 and prov["solver"]["rtol"] > 0
    assert prov["parameters"]["IL6R_per_cell"] == load_protocol("seed:trans_huvec").parameters()["IL6R_per_cell"]
    assert prov["protocol_canonical"] == load_protocol("seed:trans_huvec").to_dict()
    assert prov["seed"] == 7 and prov["spec"]["protocol"] == "seed:trans_huvec"
    d = pd.read_parquet(tmp_path / "s" / "design.parquet")
    assert list(d.columns) == ["run_id", "IL6R_per_cell", "gp130_per_cell"] and len(d) == 4


def test_spec_problems_all_reported():
    bad = _spec(4, readouts={"observables": ["pSTAT4"], "metrics": ["area"], "times": ["30 min", 15]},
                execution={"scheduler": 5, "workers": 0}, colour="red")
    bad["design"]["parameters"]["K_SOCS3"] = {"low": 2, "high": 1}
    with pytest.raises(InputError) as ei:
        load_sweep_spec(bad)
    text = "\n".join(ei.value.lines())
    for part in ("unknown key 'colour'", "readouts.observables: unknown observable 'pSTAT4'",
                 "readouts.metrics: unknown metric 'area'", "readouts.times: time 2: time has no unit (got 15; write e.g. '15 min' or '2 h')",
                 "execution.scheduler: must be serial, local, auto or a Dask scheduler address such as "
                 "tcp://host:8786 (got 5)", "execution.workers: must be an integer >= 1 (got 0)",
                 "design.parameters.K_SOCS3: low must be < high"):
        assert part in text


def test_sweep_spec_names_a_protocol_and_takes_times_with_units():
    from il6sim.protocols import Protocol

    spec = load_sweep_spec(_spec(4, readouts={"observables": ["pSTAT3"], "times": ["15 min", "30 min", "2 h"]}))
    assert isinstance(spec.protocol, Protocol) and spec.protocol.name == load_protocol("seed:trans_huvec").name
    assert spec.readouts.times == (15.0, 30.0, 120.0)
    plan = spec.run_plan()
    assert [g for g, _ in plan.groups] == list(spec.protocol.groups)
    assert plan.base["IL6R_per_cell"] == spec.protocol.parameters()["IL6R_per_cell"]


def test_sweep_spec_refuses_bare_times_with_the_protocol_message():
    with pytest.raises(InputError) as ei:
        load_sweep_spec(_spec(4, readouts={"times": ["15 min", 30], "metric_step": 5}))
    lines = ei.value.lines()
    assert "readouts.times: time 2: time has no unit (got 30; write e.g. '30 min' or '2 h')" in lines[1]
    assert "readouts.metric_step: time has no unit (got 5" in lines[0]


def test_selector_errors():
    t = pd.DataFrame({"run_id": [0], "group": ["a"], "observable": ["pSTAT3"], "readout": ["auc"],
                      "time_min": [np.nan], "value": [1.0], "status": ["ok"]})
    with pytest.raises(InputError, match="is not GROUP:OBSERVABLE:READOUT"):
        select(t, "pSTAT3:auc")
    with pytest.raises(InputError, match="neither a time"):
        select(t, "a:pSTAT3:area")
    with pytest.raises(InputError, match="has no readout 'b:pSTAT3:auc'"):
        select(t, "b:pSTAT3:auc")


@pytest.mark.parametrize("text, side", [("a:pSTAT3:auc / ", "after"), ("a:pSTAT3:auc /", "after"),
                                        (" / a:pSTAT3:auc", "before"), ("/", "before")])
def test_a_ratio_with_one_side_left_out_says_which(text, side):
    # 'a:pSTAT3:auc / ' was "'' is not GROUP:OBSERVABLE:READOUT"
    from il6sim.sweeps.readouts import parse_selector

    with pytest.raises(InputError) as ei:
        parse_selector(text, "--output")
    assert str(ei.value) == (f"--output: {text!r}: the selector {side} '/' is empty (a ratio is two selectors, "
                             "e.g. 'classic:pSTAT3:auc / trans:pSTAT3:auc')")


def test_unreachable_scheduler_writes_nothing(tmp_path, monkeypatch):
    from il6sim.sweeps import execution

    monkeypatch.setattr(execution, "CONNECT_TIMEOUT", "1s")
    out = tmp_path / "sweep"
    with pytest.raises(InputError, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        run_sweep(_spec(4), out, scheduler="tcp://127.0.0.1:9")
    assert not out.exists()


def test_a_running_scheduler_by_address(tmp_path):
    """A sweep sent to the address of a running scheduler gives the serial numbers and names it in provenance."""
    from distributed import LocalCluster

    spec = load_sweep_spec(_spec(12))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://", dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        res = run_sweep(spec, tmp_path / "remote", scheduler=cluster.scheduler_address, chunk_size=5)
    assert res.scheduler == cluster.scheduler_address
    assert json.loads((tmp_path / "remote" / "provenance.json").read_text())["scheduler"] == cluster.scheduler_address
    pd.testing.assert_frame_equal(res.table(), run_sweep(spec, scheduler="serial").table(), check_exact=True)


def test_a_finished_sweep_leaves_no_lock_file(tmp_path):
    # an empty .il6sim.lock stayed in every finished sweep's folder
    from il6sim.io.locking import LOCK

    out = tmp_path / "sweep"
    res = run_sweep(_spec(4), out, scheduler="serial")
    assert res.n_runs == 4 and not (out / LOCK).exists()
    assert sorted(p.name for p in out.iterdir()) == ["design.parquet", "provenance.json", "runs.parquet"]
    run_sweep(_spec(4), out, scheduler="serial")  # run again: complete, and still no lock file
    assert not (out / LOCK).exists()


def test_the_lock_is_kept_by_a_failed_job_and_removed_only_while_held(tmp_path):
    import fcntl

    from il6sim.io.locking import LOCK, locked_dir

    with pytest.raises(RuntimeError):
        with locked_dir(tmp_path):
            raise RuntimeError("half-way")
    assert (tmp_path / LOCK).exists()  # an interrupted job leaves it (unlocked) for the run that resumes
    with locked_dir(tmp_path):
        # a writer that opened the lock file now, and locks it once this job has released it, must find the
        # file without a name (filelock then does not take it): it is unlinked before the release
        early = os.open(tmp_path / LOCK, os.O_RDWR)
        with pytest.raises(InputError, match="in use by another running sweep"):
            with locked_dir(tmp_path):
                pass
    try:
        fcntl.flock(early, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free now ...
        assert os.fstat(early).st_nlink == 0  # ... but unlinked while it was held
    finally:
        os.close(early)
    assert not (tmp_path / LOCK).exists()
    with locked_dir(tmp_path):  # the next writer creates a new one
        assert (tmp_path / LOCK).exists()


@pytest.mark.parametrize("scheduler, ok", [("tcp://10.0.0.5:8786", True), ("localhost:8786", True),
                                           ("local", True), ("foo:bar", False), ("tcp://", False)])
def test_a_specs_scheduler_follows_the_same_rule_as_the_option(scheduler, ok):
    # the spec had a looser rule of its own (any text with ':'), so 'foo:bar' passed and failed at run time
    from il6sim.sweeps.execution import check_scheduler

    spec = _spec(4, execution={"scheduler": scheduler})
    if ok:
        assert load_sweep_spec(spec).execution.scheduler == scheduler == check_scheduler(scheduler)
    else:
        with pytest.raises(InputError, match=r"execution\.scheduler: must be serial, local, auto or a Dask"):
            load_sweep_spec(spec)


def test_local_cluster_workers_leave_ctrl_c_to_the_command():
    # Ctrl-C reaches the whole process group: each worker of a local cluster printed a KeyboardInterrupt
    # traceback of Dask's nanny above the command's one-line "interrupted; run the same command again"
    from il6sim.sweeps.execution import dask_client

    with dask_client("local", 1) as client:
        handlers = client.run(signal.getsignal, signal.SIGINT)
    assert list(handlers.values()) == [signal.SIG_IGN]


def _log_error_on_worker():
    logging.getLogger("distributed.worker").error("Failed to communicate with scheduler during heartbeat.")


def test_local_cluster_workers_keep_their_log_records_off_the_terminal(capfd):
    # a worker of a stopped sweep that still beat its heartbeat to the closing scheduler printed Dask's
    # "Failed to communicate with scheduler during heartbeat" and a CommClosedError traceback (from the worker
    # process, onto the shared terminal) above the command's one line
    from il6sim.sweeps.execution import dask_client

    with dask_client("local", 1) as client:
        capfd.readouterr()
        client.run(_log_error_on_worker)
        time.sleep(0.5)  # the worker's stderr reaches the captured descriptor
        err = capfd.readouterr().err
    assert "heartbeat" not in err, err


def test_a_selector_of_two_readouts_joined_without_spaces_says_how_to_write_a_ratio():
    # res.values('a:pSTAT3:auc/b:pSTAT3:auc') said "it has no group 'a:pSTAT3:auc/b'"
    t = pd.DataFrame({"run_id": [0, 0], "group": ["a", "b"], "observable": ["pSTAT3"] * 2, "readout": ["auc"] * 2,
                      "time_min": [np.nan] * 2, "value": [1.0, 2.0], "status": ["ok"] * 2})
    with pytest.raises(InputError) as ei:
        select(t, "a:pSTAT3:auc/b:pSTAT3:auc")
    assert str(ei.value) == ("output: the sweep has no readout 'a:pSTAT3:auc/b:pSTAT3:auc': it is two readouts "
                             "joined by '/'; a ratio has spaces around it: 'a:pSTAT3:auc / b:pSTAT3:auc'")
    assert select(t, "a:pSTAT3:auc / b:pSTAT3:auc").tolist() == [0.5]
    with pytest.raises(InputError, match="has no group 'x:IL-6'"):  # a group name with ':' and '-' is not taken for two
        select(t, "x:IL-6:pSTAT3:auc")


_DESIGN = {"method": "lhs", "n": 3, "parameters": {"IL6R_per_cell": {}}}
_SA = {"method": "sobol", "n": 4, "outputs": ["trans:pSTAT3:30"]}
_TWO = {"IL6R_per_cell": {}, "gp130_per_cell": {}}
_POP = {"n": 4, "cv": {"IL6R_per_cell": 0.3}}


@pytest.mark.parametrize("kind, spec, key, meant", [
    ("sweep", {"protocl": "seed:trans_huvec", "design": _DESIGN}, "spec", "protocol"),
    ("sweep", {"protocol": "seed:trans_huvec", "desing": _DESIGN}, "spec", "design"),
    ("sweep", {"protocol": "seed:trans_huvec", "design": {"method": "lhs", "n": 3, "parameter": {"K_SOCS3": {}}}},
     "design", "parameters"),
    ("sensitivity", {"protocol": "seed:trans_huvec", "parameter": _TWO, "sensitivity": _SA}, "spec", "parameters"),
    ("sensitivity", {"protocol": "seed:trans_huvec", "parameters": _TWO, "sensitvity": _SA}, "spec", "sensitivity"),
    ("sensitivity", {"protocol": "seed:trans_huvec", "parameters": _TWO,
                     "sensitivity": {"method": "sobol", "n": 4, "output": ["trans:pSTAT3:30"]}}, "sensitivity", "outputs"),
    ("population", {"protocl": "seed:trans_huvec", "population": _POP}, "spec", "protocol"),
    ("population", {"protocol": "seed:trans_huvec", "populaton": _POP}, "spec", "population"),
    ("population", {"protocol": "seed:trans_huvec", "population": {"n": 4, "cvs": {"IL6R_per_cell": 0.3}}},
     "population", "cv"),
])
def test_a_misspelt_spec_key_is_one_problem_not_two(kind, spec, key, meant):
    # 'desing:' printed "unknown key 'desing' (did you mean 'design'?)" and then "design: missing: ...", two lines
    # for one typo (likewise protocol, parameters, sensitivity, outputs, population and cv)
    from il6sim.sweeps import load_population_spec, load_sensitivity_spec

    load = {"sweep": load_sweep_spec, "sensitivity": load_sensitivity_spec, "population": load_population_spec}[kind]
    with pytest.raises(InputError) as ei:
        load(spec)
    lines = ei.value.lines()
    assert len(lines) == 1 and lines[0].startswith(f"{key}: unknown key ") and f"(did you mean '{meant}'?)" in lines[0]


@pytest.mark.parametrize("kind, spec, line", [
    ("sweep", {"design": _DESIGN}, "protocol: missing: name a protocol, e.g. 'protocol: seed:trans_huvec'"),
    ("sweep", {"protocol": "seed:trans_huvec"}, "design: missing: give method, n, seed and parameters"),
    ("sensitivity", {"protocol": "seed:trans_huvec", "parameters": _TWO},
     "sensitivity.outputs: name at least one output, e.g. 'classic:pSTAT3:auc / trans:pSTAT3:auc'"),
    ("population", {"protocol": "seed:trans_huvec"},
     "population: missing: give n, seed and cv {parameter: coefficient of variation}"),
])
def test_a_spec_key_left_out_is_still_said_to_be_missing(kind, spec, line):
    from il6sim.sweeps import load_population_spec, load_sensitivity_spec

    load = {"sweep": load_sweep_spec, "sensitivity": load_sensitivity_spec, "population": load_population_spec}[kind]
    with pytest.raises(InputError) as ei:
        load(spec)
    assert ei.value.lines() == [line]


@pytest.mark.parametrize("kind, spec, lines", [
    # a sweep spec with parameters at the top (as a sensitivity spec has them) said "unknown key 'parameters'" and
    # "design.parameters: must map at least one parameter name ...", neither saying where parameters go
    ("sweep", {"protocol": "seed:trans_huvec", "parameters": {"K_SOCS3": {}}, "design": {"method": "lhs", "n": 3}},
     ["spec: unknown key 'parameters' (a sweep's parameters go under 'design:', e.g. design: {method: lhs, n: 100, "
      "parameters: {...}}; parameters at the top are a sensitivity spec's) (expected one of: description, design, "
      "execution, fixed, name, protocol, readouts)"]),
    ("sweep", {"protocol": "seed:trans_huvec", "method": "grid", "design": {"parameters": {"K_SOCS3": {}}}},
     ["spec: unknown key 'method' (it goes under 'design:', e.g. design: {method: grid, ...}) (expected one of: "
      "description, design, execution, fixed, name, protocol, readouts)"]),
    # a sensitivity spec with a sweep's design: said "unknown key 'design'" and "parameters: must map ..."
    ("sensitivity", {"protocol": "seed:trans_huvec", "design": {"method": "lhs", "n": 3, "parameters": _TWO},
                     "sensitivity": _SA},
     ["spec: unknown key 'design' (a sensitivity spec has its parameters at the top, parameters: {...}, and method "
      "and n under 'sensitivity:'; design: is a sweep spec's, for il6sim sweep) (expected one of: description, "
      "execution, fixed, name, parameters, protocol, readouts, sensitivity)"]),
    # outputs at the top also said "sensitivity.outputs: name at least one output"
    ("sensitivity", {"protocol": "seed:trans_huvec", "parameters": _TWO, "outputs": ["trans:pSTAT3:30"],
                     "sensitivity": {"method": "sobol", "n": 4}},
     ["spec: unknown key 'outputs' (it goes under 'sensitivity:', e.g. sensitivity: {outputs: [...], ...}) "
      "(expected one of: description, execution, fixed, name, parameters, protocol, readouts, sensitivity)"]),
    # n and cv at the top also said "population: missing: give n, seed and cv ..."
    ("population", {"protocol": "seed:trans_huvec", "n": 10, "cv": {"IL6R_per_cell": 0.3}},
     ["spec: unknown key 'n' (it goes under 'population:', e.g. population: {n: 10, ...}) (expected one of: name, "
      "description, protocol, population, readout, groups, drug, threshold, execution, fixed)",
      "spec: unknown key 'cv' (it goes under 'population:', e.g. population: {cv: {...}, ...}) (expected one of: "
      "name, description, protocol, population, readout, groups, drug, threshold, execution, fixed)"]),
])
def test_a_key_written_in_the_wrong_place_says_where_it_goes(kind, spec, lines):
    from il6sim.sweeps import load_population_spec, load_sensitivity_spec

    load = {"sweep": load_sweep_spec, "sensitivity": load_sensitivity_spec, "population": load_population_spec}[kind]
    with pytest.raises(InputError) as ei:
        load(spec)
    assert ei.value.lines() == lines


def test_a_parameter_both_fixed_and_varied_in_a_sweep_says_to_choose():
    spec = {"protocol": "seed:trans_huvec", "design": _DESIGN, "fixed": {"IL6R_per_cell": 50}}
    with pytest.raises(InputError) as ei:
        load_sweep_spec(spec)
    assert ei.value.lines() == ["fixed: IL6R_per_cell also varied in design.parameters; hold it fixed or vary it, "
                                "not both (a log-normal's median is its 'median:')"]


def test_metrics_without_a_readout_time_after_rest_are_refused_with_the_file_named(tmp_path):
    # times: [0 min] with metrics was refused only when the run plan was built, as 'readouts.times: metrics need
    # at least two time points', without the file's name or what to do
    path = tmp_path / "s.yaml"
    path.write_text("protocol: seed:trans_huvec\ndesign: {method: lhs, n: 2, parameters: {IL6R_per_cell: {}}}\n"
                    "readouts: {observables: [pSTAT3], times: [0 min], metrics: [auc, peak]}\n", encoding="utf-8")
    with pytest.raises(InputError) as ei:
        load_sweep_spec(path)
    assert ei.value.lines() == [
        f"{path}: readouts.times: the metrics (auc, peak) are computed from the rest time (0 min) to the last "
        "readout time, and no readout time is after 0 min; add one, e.g. 30 min, or leave the metrics out with "
        "metrics: []"]
    path.write_text(path.read_text(encoding="utf-8").replace("metrics: [auc, peak]", "metrics: []"), encoding="utf-8")
    assert load_sweep_spec(path).readouts.times == (0.0,)
