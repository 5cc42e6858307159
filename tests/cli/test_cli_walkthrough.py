"""Bad input met while following the README's commands: exit 2, one line naming what and where, nothing left."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from cli_run import run

SPEC_HEAD = "protocol: seed:trans_huvec\n"
READOUTS = "readouts: {observables: [pSTAT3], times: [15 min], metrics: [peak]}\n"



def refused(capsys, *argv) -> str:
    """The one error line of a refused command (exit 2, nothing on stdout, no traceback)."""
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "", (rc, out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err.strip()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_metric_step_too_fine_for_the_readout_span_is_refused(capsys, tmp_path):
    # 0.001 s over 30 days asked for 2.6e9 metric points: the sweep ran out of memory instead of saying so
    spec = write(tmp_path, "s.yaml", SPEC_HEAD + "design: {method: grid, levels: 2, parameters: {IL6R_per_cell: {}}}\n"
                 "readouts: {observables: [pSTAT3], times: [30 days], metrics: [peak], metric_step: 0.001 s}\n")
    err = refused(capsys, "sweep", spec, "-o", tmp_path / "o", "--no-progress")
    assert "readouts.metric_step: 0.001 s makes 2,592,000,000 metric points" in err
    assert "more than the limit of 10,000; use a step of at least" in err
    assert not (tmp_path / "o").exists()


def test_sweep_readout_times_are_held_to_the_protocol_limit(capsys, tmp_path):
    # a protocol refuses readouts beyond 30 days; a sweep spec simulated 1000 days
    spec = write(tmp_path, "s.yaml", SPEC_HEAD + "design: {method: grid, levels: 2, parameters: {IL6R_per_cell: {}}}\n"
                 "readouts: {observables: [pSTAT3], times: [1000 days], metrics: [peak]}\n")
    err = refused(capsys, "sweep", spec, "-o", tmp_path / "o", "--no-progress")
    assert err.endswith("readouts.times: time 1: 1000 days is outside +/- 30 days of stimulation (write a time "
                        "within 30 days of it, e.g. '30 min' or '24 h')"), err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("params, message", [
    # --set refuses these; a sweep ran them, most runs failed and the summary read "half at about 0 V_medium"
    ("{V_medium: {low: 0 mL, high: 1 mL}}", "design.parameters.V_medium.low: V_medium is a cell quantity from 1e-05 "
                                            "to 0.1 L (got 0)"),
    ("{IL6R_per_cell: {low: 10, high: 1e9}}", "design.parameters.IL6R_per_cell.high: IL6R_per_cell is a cell quantity "
                                              "from 0 to 100000 molecules/cell (got 1e+09)"),
    ("{STAT3_per_cell: {dist: lognormal, median: 10, cv: 0.3}}",
     "design.parameters.STAT3_per_cell.median: STAT3_per_cell is a cell quantity from 10000 to 5e+06"),
])
def test_sweep_bounds_of_cell_quantities_stay_in_their_range(capsys, tmp_path, params, message):
    spec = write(tmp_path, "s.yaml", SPEC_HEAD + f"design: {{method: grid, levels: 2, parameters: {params}}}\n"
                 + READOUTS)
    err = refused(capsys, "sweep", spec, "-o", tmp_path / "o", "--no-progress")
    assert message in err, err
    assert not (tmp_path / "o").exists()


def test_a_kinetic_parameter_may_still_be_swept_beyond_its_table_range():
    from il6sim.sweeps.design import Design

    d = Design.parse({"method": "grid", "levels": 2, "parameters": {"K_SOCS3": {"low": 0.01, "high": 100}}})
    assert d.size == 2


@pytest.mark.parametrize("body, message", [
    ("readout: {observable: pSTAT3, time: 31 days}\n",
     "readout.time: 31 days is outside +/- 30 days of stimulation (write a time within 30 days of it, e.g. '30 min' "
     "or '24 h')"),
    # every observable is >= 0: a gate of -5 counted every cell as responding, the untreated ones too
    ("readout: {observable: pSTAT3, time: 30 min}\nthreshold: -5\n",
     "threshold: must be 'auto' or a number >= 0 in the observable's unit (got -5)"),
])
def test_population_readout_and_gate_are_checked(capsys, tmp_path, body, message):
    spec = write(tmp_path, "p.yaml", SPEC_HEAD + "population: {n: 4, seed: 1, cv: {IL6R_per_cell: 0.5}}\n" + body)
    err = refused(capsys, "population", spec, "-o", tmp_path / "o", "--no-progress")
    assert err.endswith(message), err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command, body", [
    ("sweep", "design: {method: lhs, n: 2, parameters: {IL6R_per_cell: {}}}\n"),
    ("population", "population: {n: 4, seed: 1, cv: {IL6R_per_cell: 0.5}}\n"),
])
def test_an_empty_protocol_in_a_spec_is_named_as_empty(capsys, tmp_path, command, body):
    # joined to the spec's folder, '' read "Protocol '<folder>': is a directory, not a protocol file"
    spec = write(tmp_path, "s.yaml", 'protocol: ""\n' + body)
    err = refused(capsys, command, spec, "-o", tmp_path / "o", "--no-progress")
    assert err.endswith("protocol: empty: name a protocol file or seed:NAME, e.g. 'protocol: seed:trans_huvec'"), err


def test_run_with_an_empty_protocol_path_says_so(capsys, tmp_path, monkeypatch):
    # `il6sim run "$PROTOCOL"` with PROTOCOL unset read "Protocol '': is a directory"
    monkeypatch.chdir(tmp_path)
    err = refused(capsys, "run", "")
    assert err == ("il6sim: error: Protocol '': empty path (give a path to a YAML file, or seed:NAME; see "
                   "`il6sim protocols`)")


def test_a_refused_sweep_leaves_no_lock_file_in_the_users_folder(capsys, tmp_path):
    spec = write(tmp_path, "s.yaml", SPEC_HEAD + "design: {method: lhs, n: 2, parameters: {IL6R_per_cell: {}}}\n"
                 + READOUTS)
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("x")
    err = refused(capsys, "sweep", spec, "-o", folder, "--no-progress")
    assert err == f"il6sim: error: --out: '{folder}' is not empty and holds no sweep; choose an empty or new directory"
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt"]


@pytest.mark.parametrize("command, spec_text", [
    ("sweep", "design: {method: lhs, n: 2, seed: SEED, parameters: {IL6R_per_cell: {}}}\n"),
    ("population", "population: {n: 2, seed: SEED, cv: {IL6R_per_cell: 0.3}}\n"
                   "readout: {observable: pSTAT3, time: 15 min}\ngroups: [trans]\n"),
    ("sensitivity", "parameters: {IL6R_per_cell: {}, gp130_per_cell: {}}\n" + READOUTS
                    + "sensitivity: {method: morris, n: 2, seed: SEED, outputs: ['trans:pSTAT3:peak']}\n"),
])
def test_a_folder_of_another_run_is_refused_in_the_command_lines_words(capsys, tmp_path, command, spec_text):
    # run_sweep, run_population and run_sensitivity name their Python arguments (out_dir, overwrite=True); the
    # commands say --out and --overwrite
    specs = [write(tmp_path, f"{seed}.yaml", SPEC_HEAD + spec_text.replace("SEED", str(seed))
                   + (READOUTS if command == "sweep" else "")) for seed in (1, 2)]
    out = tmp_path / "out"
    rc, _, err = run(capsys, command, specs[0], "-o", out, "--no-progress", "--scheduler", "serial")
    assert rc == 0, err
    err = refused(capsys, command, specs[1], "-o", out, "--no-progress", "--scheduler", "serial")
    assert err == (f"il6sim: error: --out: '{out}' holds the results of a different sweep; choose another output "
                   "directory or pass --overwrite to replace them")


def test_a_refused_job_removes_the_folder_it_made():
    import tempfile

    from il6sim.errors import InputError
    from il6sim.io.locking import locked_dir

    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "new"
        with pytest.raises(InputError), locked_dir(out):
            raise InputError("refused", "--out")
        assert not out.exists()


@pytest.mark.parametrize("host", ["", "  "])
def test_serve_refuses_an_empty_host(capsys, monkeypatch, host):
    # an unset shell variable in `--host "$HOST"` served the app on every interface
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("the server was started"))
    monkeypatch.setattr("il6sim.web.app.create_app", lambda *a, **k: None)
    err = refused(capsys, "serve", "--host", host)
    assert err.startswith("il6sim: error: --host is empty; give an address such as 127.0.0.1"), err


def test_calibrate_profiles_checks_parameter_names_before_making_its_folder(capsys, tmp_path):
    out = tmp_path / "cal" / "profiles"
    err = refused(capsys, "calibrate", "profiles", "--parameter", "NOPE", "-o", out)
    assert err.startswith("il6sim: error: --parameter: not a fitted parameter: 'NOPE' (fitted: k_stat3_act"), err
    assert not (tmp_path / "cal").exists()


@pytest.mark.parametrize("command", [["fit", "--evaluate"], ["profile"], ["export-petab"]])
def test_a_problem_folder_is_named_as_a_folder_not_as_missing(capsys, tmp_path, command):
    # `il6sim fit petab/ --evaluate` said "problem file not found" for the folder export-petab wrote
    folder = tmp_path / "petab"
    folder.mkdir()
    (folder / "problem.yaml").write_text("format_version: 1\n")
    err = refused(capsys, command[0], folder, *command[1:], *(["-o", tmp_path / "o"] if command[0] != "fit" else []))
    assert err == (f"il6sim: error: {folder}: is a directory, not a problem file (give 'hepg2', a PEtab problem "
                   f"YAML or an il6sim fit YAML); the PEtab problem in it is {folder / 'problem.yaml'}"), err
    assert not (tmp_path / "o").exists()


def test_dose_response_value_and_mass_columns_do_not_run_together(capsys, monkeypatch):
    # "46.4 fM0.000975 ng/mL": both columns right-aligned, a full mass column touched the value
    import il6sim.compare.cell_dose_response as cdr

    curve = SimpleNamespace(key="k", label="IL-6 + sIL-6R 25 ng/mL (pSTAT3)", agent="IL-6", cell="gp130_only",
                            kind="agonist", stimulus="s", value_nM=4.64e-5, value_text="46.4 fM", reached=True,
                            note="", value_ng_per_mL=0.000975, hill_slope=1.0, mass_text=lambda: "0.000975 ng/mL")
    monkeypatch.setattr(cdr, "cell_dose_response", lambda *a, **k: [curve])
    rc, out, err = run(capsys, "dose-response", "--cell", "gp130_only")
    assert rc == 0, err
    row = out.splitlines()[-1]
    assert "46.4 fM  0.000975 ng/mL" in row, row


@pytest.mark.parametrize("body, key, meant", [
    ("name: t\ncell: huvec\ngroup:\n  control: []\n", "group", "groups"),
    ("name: t\ncells: huvec\ngroups:\n  control: []\n", "cells", "cell"),
    ("name: t\nCell: huvec\ngroups:\n  control: []\n", "Cell", "cell"),
], ids=["group", "cells", "Cell"])
def test_a_misspelt_protocol_key_is_one_problem_not_two(capsys, tmp_path, body, key, meant):
    # 'group:' for 'groups:' gave two lines: the unknown key (did you mean 'groups'?) and then "missing 'groups'"
    protocol = write(tmp_path, "p.yaml", body)
    err = refused(capsys, "run", protocol, "--out", tmp_path / "o")
    assert f"unknown key '{key}' (did you mean '{meant}'?)" in err and "missing" not in err, err
    assert not (tmp_path / "o").exists()


def test_a_protocol_without_cell_or_groups_still_says_they_are_missing(capsys, tmp_path):
    rc, out, err = run(capsys, "run", write(tmp_path, "p.yaml", "name: t\nmedium: {volume: 1 mL}\n"))
    assert rc == 2 and out == "" and "missing key 'cell'" in err and "missing 'groups'" in err, err


@pytest.mark.parametrize("argv, other, command", [
    (["run", "seed:trans_huvec", "--no-figures"], "sweep", "il6sim sweep"),
    (["compare", "--map-grid", "0"], "protocol", "il6sim run"),
    (["dose-response"], "comparison", "il6sim compare"),
    (["sweep", "examples/sweep_receptors.yaml", "--no-progress"], "protocol", "il6sim run"),
    (["population", "examples/sweep_population.yaml", "--no-progress"], "sensitivity", "il6sim sensitivity"),
], ids=["run", "compare", "dose-response", "sweep", "population"])
def test_a_folder_of_another_commands_results_is_refused(capsys, tmp_path, monkeypatch, argv, other, command):
    # `il6sim run --out sweep/` replaced the sweep's provenance.json with its own and put its tables among the
    # sweep's; `il6sim sweep -o out/` on a run's folder said it held 'the results of a different sweep'
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(Path(__file__).resolve().parents[2] / "examples")
    folder = tmp_path / "earlier"
    folder.mkdir()
    prov = '{"kind": "%s", "il6sim_version": "0"}' % other
    (folder / "provenance.json").write_text(prov, encoding="utf-8")
    err = refused(capsys, *argv, "--out", "earlier")
    assert err == (f"il6sim: error: --out: 'earlier' holds the results of `{command}` (its provenance.json says so), "
                   "whose files these would partly replace; choose a new folder"), err
    assert [p.name for p in folder.iterdir()] == ["provenance.json"]
    assert (folder / "provenance.json").read_text(encoding="utf-8") == prov
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    assert "A folder of another command's results (`il6sim compare`, a sweep: its `provenance.json` says which) is " \
           "refused" in readme
