"""Options that only mean something with another option (or preset) are refused without it, not ignored;
sensitivity's n follows a method changed on the command line."""

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from cli_run import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def refused(capsys, *argv) -> list[str]:
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "", (rc, out, err)
    assert "Traceback" not in err
    return err.strip().splitlines()


def test_run_refuses_no_figures_without_out(capsys, tmp_path, monkeypatch):
    # `il6sim run P --no-figures` ran and printed the table: no figures are drawn without --out anyway
    import il6sim.protocols as protocols

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(protocols, "run_protocol", lambda *a, **k: pytest.fail("the protocol ran"))
    assert refused(capsys, "run", "seed:trans_huvec", "--no-figures") == [
        "il6sim: error: --no-figures: needs --out (figures are only written there, and without --out none are "
        "drawn); add --out DIR, or leave --no-figures out"]
    assert list(tmp_path.iterdir()) == []


def test_compare_refuses_no_progress_without_uncertainty(capsys, monkeypatch):
    # only the ensemble run (--uncertainty) shows progress; without it --no-progress was accepted and did nothing
    import il6sim.compare.comparison as comparison

    monkeypatch.setattr(comparison, "run_comparison", lambda *a, **k: pytest.fail("the comparison ran"))
    assert refused(capsys, "compare", "--no-progress", "--map-grid", "0") == [
        "il6sim: error: --no-progress: needs --uncertainty (only the ensemble run shows progress; without it there "
        "is none to hide); leave --no-progress out"]


@pytest.mark.parametrize("argv, options", [
    (["calibrate", "sample", "--starts", "3", "--workers", "1"], [("--starts", "hepg2 or joint"),
                                                                 ("--workers", "hepg2 or joint")]),
    (["calibrate", "hepg2", "--parameter", "K_SOCS3"], [("--parameter", "profiles")]),
    (["calibrate", "hepg2", "--samples", "10"], [("--samples", "joint or sample")]),
    (["calibrate", "profiles", "--seed", "1", "--install", "--quick", "--max-iter", "5"],
     [("--quick", "hepg2 or joint or sample"), ("--max-iter", "hepg2 or joint"),
      ("--seed", "hepg2 or joint or sample"), ("--install", "hepg2 or joint or sample")]),
])
def test_calibrate_refuses_options_its_preset_does_not_use(capsys, tmp_path, monkeypatch, argv, options):
    # e.g. `calibrate sample --starts 3` ran the chain and ignored --starts without a word
    import il6sim.fitting.calibrate as cal
    import il6sim.fitting.calibrate_joint as joint
    import il6sim.fitting.profiles_joint as prof

    for module, name in ((cal, "calibrate_hepg2"), (joint, "sample_joint"), (prof, "profile_all")):
        monkeypatch.setattr(module, name, lambda *a, **k: pytest.fail("the calibration ran"))
    monkeypatch.chdir(tmp_path)
    preset = argv[1]
    assert refused(capsys, *argv) == [f"il6sim: error: {opt}: only for `il6sim calibrate {only}`; "
                                      f"`calibrate {preset}` does not use it; leave it out" for opt, only in options]
    assert list(tmp_path.iterdir()) == []


def test_calibrate_profiles_no_progress_silences_its_lines(capsys, tmp_path, monkeypatch):
    # --no-progress was accepted by `calibrate profiles` and changed nothing: it printed a line per profile
    import il6sim.fitting.profiles_joint as prof

    seen = {}

    def fake(out, *, source=None, names=None, report=None, **kw):
        seen["report"] = report
        return {}

    monkeypatch.setattr(prof, "profile_all", fake)
    rc, out, err = run(capsys, "calibrate", "profiles", "--no-progress", "-o", tmp_path / "p")
    assert rc == 0 and seen["report"] is None, err
    rc, out, err = run(capsys, "calibrate", "profiles", "-o", tmp_path / "p")
    assert rc == 0 and callable(seen["report"]), err
    # without a joint fit in the folder above --out, the note says that the shipped set is profiled
    assert f"no joint fit in {tmp_path}" in err and "profiling the shipped `calibrated` set" in err
    (tmp_path / "calibrated_parameters.json").write_text("{}")
    rc, out, err = run(capsys, "calibrate", "profiles", "-o", tmp_path / "p")
    assert f"profiling the joint fit in {tmp_path / 'calibrated_parameters.json'}" in err


@pytest.mark.parametrize("command", ["sweep", "sensitivity", "population"])
@pytest.mark.parametrize("scheduler, runs", [("serial", "runs every simulation in this process"),
                                             ("tcp://127.0.0.1:1", "sends the runs to that scheduler's own workers")])
def test_workers_are_refused_where_no_local_cluster_is_made(capsys, tmp_path, command, scheduler, runs):
    spec = EXAMPLES / {"sweep": "sweep_receptors.yaml", "sensitivity": "sweep_sensitivity.yaml",
                       "population": "sweep_population.yaml"}[command]
    assert refused(capsys, command, spec, "-o", tmp_path / "o", "--scheduler", scheduler, "--workers", "4") == [
        f"il6sim: error: --workers: only for a local cluster (--scheduler local or auto); --scheduler {scheduler} "
        f"{runs}; leave --workers out"]
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["sweep", "sensitivity", "population"])
def test_workers_are_refused_where_the_specs_own_scheduler_is_serial(capsys, tmp_path, command):
    # without --scheduler, the spec's execution.scheduler decides; `serial` there made --workers do nothing
    example = {"sweep": "sweep_receptors.yaml", "sensitivity": "sweep_sensitivity.yaml",
               "population": "sweep_population.yaml"}[command]
    text = (EXAMPLES / example).read_text()
    assert "execution:" in text
    spec = tmp_path / example
    spec.write_text(text.split("execution:")[0] + "execution: {scheduler: serial}\n")
    assert refused(capsys, command, spec, "-o", tmp_path / "o", "--workers", "3") == [
        "il6sim: error: --workers: only for a local cluster; the spec's execution.scheduler is serial, which runs "
        "every simulation in this process; add --scheduler local to use 3 local workers, or leave --workers out"]
    assert not (tmp_path / "o").exists()


def _sensitivity(capsys, monkeypatch, tmp_path, *argv):
    """Run `il6sim sensitivity` up to its runs: (the spec it would run, exit status, stderr)."""
    import il6sim.sweeps.sensitivity as sens

    seen = {}

    def fake(spec, out, **kw):
        seen["spec"] = spec
        return SimpleNamespace(indices=pd.DataFrame(columns=["output"]),
                               sweep=SimpleNamespace(n_runs=0, chunks_skipped=0),
                               second_order=None, figures=[])

    monkeypatch.setattr(sens, "run_sensitivity", fake)
    rc, out, err = run(capsys, "sensitivity", EXAMPLES / "sweep_sensitivity.yaml", "-o", tmp_path / "s", *argv)
    return seen.get("spec"), rc, err


def test_sensitivity_method_changed_without_n_uses_that_methods_default(capsys, monkeypatch, tmp_path):
    # the example's n: 256 is Sobol base samples; `--method morris` ran 256 Morris trajectories (1,792 runs)
    spec, rc, err = _sensitivity(capsys, monkeypatch, tmp_path, "--method", "morris")
    assert rc == 0, err
    assert (spec.method, spec.n) == ("morris", 20)
    assert err.strip() == ("il6sim: note: --method morris: n = 20 trajectories (morris's default), not the spec's "
                           "n = 256 (base samples of sobol); give --n to choose; 140 runs")
    # --n is taken as given, and the spec's own method keeps the spec's n, without a note
    spec, rc, err = _sensitivity(capsys, monkeypatch, tmp_path, "--method", "morris", "--n", "7")
    assert rc == 0 and (spec.method, spec.n) == ("morris", 7) and err == "", err
    spec, rc, err = _sensitivity(capsys, monkeypatch, tmp_path, "--method", "sobol")
    assert rc == 0 and (spec.method, spec.n) == ("sobol", 256) and err == "", err


def test_sensitivity_says_when_a_changed_method_leaves_a_spec_key_unused(capsys, monkeypatch, tmp_path):
    # second_order belongs to Sobol; with --method morris it is not used, and the user is told before the runs
    import yaml

    obj = yaml.safe_load((EXAMPLES / "sweep_sensitivity.yaml").read_text())
    obj["sensitivity"]["second_order"] = True
    spec_file = tmp_path / "so.yaml"
    spec_file.write_text(yaml.safe_dump(obj))
    import il6sim.sweeps.sensitivity as sens

    monkeypatch.setattr(sens, "run_sensitivity", lambda spec, out, **kw: SimpleNamespace(
        indices=pd.DataFrame(columns=["output"]), sweep=SimpleNamespace(n_runs=0, chunks_skipped=0), second_order=None,
        figures=[]))
    rc, out, err = run(capsys, "sensitivity", spec_file, "-o", tmp_path / "s", "--method", "morris", "--n", "3")
    assert rc == 0, err
    assert err.strip() == "il6sim: note: --method morris: the spec's second_order is not used; 21 runs"


def test_sensitivity_help_states_the_defaults_the_command_uses(capsys):
    from il6sim.sweeps.sensitivity import DEFAULT_N

    rc, out, err = run(capsys, "sensitivity", "--help")
    assert rc == 0
    assert f"(sobol {DEFAULT_N['sobol']}, morris {DEFAULT_N['morris']})" in " ".join(out.split())


def test_calibrate_help_states_each_presets_folder_as_the_command_and_makefile_use_it(capsys):
    from il6sim.cli.calibrate import DEFAULT_OUT

    rc, out, err = run(capsys, "calibrate", "--help")
    assert rc == 0
    text = " ".join(out.split()).replace("calibration- ", "calibration-")  # argparse may wrap after the hyphen
    assert (f"(default {DEFAULT_OUT['hepg2']}; joint, sample: {DEFAULT_OUT['joint']}; "
            f"profiles: {DEFAULT_OUT['profiles']})") in text
    assert "profiles: profile likelihoods of the joint fit in --out's parent" in text  # where profiles reads the fit
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    for preset in ("joint", "sample", "profiles", "hepg2"):
        assert f"il6sim calibrate {preset} --out {DEFAULT_OUT[preset]}\n" in makefile, preset
