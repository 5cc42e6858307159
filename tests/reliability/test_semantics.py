"""Inputs that were silently ignored or gave NaN/inf results: each is now honoured or refused with the reason."""

import pytest


def _protocol(tmp_path, body):
    f = tmp_path / "p.yaml"
    f.write_text(body)
    return f


def _one_line(code, err, *words):
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and all(w in lines[0] for w in words), err
    return lines[0]


GROUP = "groups: {a: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]}\n"


@pytest.mark.parametrize("name,key", [("V_medium", "volume"), ("N_cells", "cells")])
def test_well_parameters_under_the_cell_are_refused_not_ignored(name, key, tmp_path, cli):
    f = _protocol(tmp_path, f"cell: {{preset: huvec, parameters: {{{name}: 1e-5}}}}\n" + GROUP)
    _one_line(*cli("run", f)[::2], f"cell.parameters: {name} belongs to the well", f"medium: {{{key}: ...}}")


def test_zero_medium_volume_under_the_cell_is_refused(tmp_path, cli):
    f = _protocol(tmp_path, "cell: {preset: huvec, parameters: {V_medium: 0}}\n" + GROUP)
    _one_line(*cli("run", f)[::2], "V_medium belongs to the well")


def test_zero_cell_volume_is_refused_with_its_range(tmp_path, cli):
    f = _protocol(tmp_path, "cell: {preset: huvec, parameters: {V_cell: 0}}\n" + GROUP)
    _one_line(*cli("run", f)[::2], "'V_cell' sets a compartment size and must lie between")


@pytest.mark.parametrize("name,why", [("V_cell", "compartment size"), ("V_medium", "compartment size"),
                                      ("N_cells", "compartment size"),
                                      ("IL6R_per_cell", "only sets the resting state"),
                                      ("gp130_per_cell", "only sets the resting state"),
                                      ("STAT3_per_cell", "only sets the resting state")])
def test_set_steps_that_cannot_act_during_a_run_are_refused(name, why, tmp_path, cli):
    f = _protocol(tmp_path, "cell: huvec\ngroups: {a: [{at: 0 min, add: IL-6, dose: 10 ng/mL}, "
                            f"{{at: 10 min, set: {{{name}: 1}}}}]}}\n")
    _one_line(*cli("run", f)[::2], "group 'a', step 2: set:", f"'{name}'", why)


def test_set_step_on_a_rate_constant_is_accepted(tmp_path, cli):
    """The refusal is specific: a rate constant may change during a run."""
    from il6sim.model.reference import reference_model

    spec = reference_model()
    name = next(p.name for p in spec.parameters if p.kind == "kinetic" and spec.set_problem(p.name) is None)
    value = spec.parameter_map[name].value
    f = _protocol(tmp_path, "cell: huvec\ngroups: {a: [{at: 0 min, add: IL-6, dose: 10 ng/mL}, "
                            f"{{at: 10 min, set: {{{name}: {value * 2}}}}}]}}\n")
    code, out, err = cli("run", f, "--format", "csv")
    assert code == 0, err


def test_engine_refuses_set_events_without_effect(sim):
    from il6sim.engine.simulator import Event
    from il6sim.errors import InputError

    # it read "cannot set 'N_cells' sets a compartment size, ...", two sentences run together
    with pytest.raises(InputError, match="^cannot set 'N_cells' during a run: 'N_cells' sets a compartment size"):
        sim.simulate({}, [Event(0, "add", "IL6", 0.5), Event(5, "set", "N_cells", 10.0)], [0, 10])


@pytest.mark.parametrize("value", ["N_cells=0", "V_cell=0", "V_medium=0"])
def test_set_option_checks_compartment_sizes(value, cli):
    name = value.split("=")[0]
    _one_line(*cli("run", "seed:trans_huvec", "--set", value)[::2],
              f"--set: parameter '{name}' sets a compartment size")


def test_sweep_fixed_zero_cell_volume_is_refused(tmp_path, cli, snapshot):
    f = tmp_path / "s.yaml"
    f.write_text("protocol: seed:trans_huvec\nfixed: {V_cell: 0}\ndesign: {method: lhs, n: 2, seed: 1, parameters: "
                 "{IL6R_per_cell: {low: 10, high: 100}}}\n")
    before = snapshot(tmp_path)
    code, _, err = cli("sweep", f, "-o", tmp_path / "o", "--scheduler", "serial")
    _one_line(code, err, "'V_cell' sets a compartment size")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_densitometry_background_must_be_finite(value, inputs, cli, tmp_path):
    code, out, err = cli("densitometry", inputs["blot"], "--target", "pSTAT3", "--normalise-to", "STAT3",
                         "--control", "ctrl", f"--background={value}")
    _one_line(code, err, "--background: must be a finite number")
    assert out == ""


def test_densitometry_infinite_signal_is_refused(tmp_path, cli):
    f = tmp_path / "b.csv"
    f.write_text("sample,condition,target,signal\na,ctrl,pSTAT3,10\na,ctrl,STAT3,100\nb,il6,pSTAT3,inf\n"
                 "b,il6,STAT3,100\n")
    _one_line(*cli("densitometry", f, "--target", "pSTAT3", "--normalise-to", "STAT3", "--control", "ctrl")[::2],
              "row 4", "signal must be a finite number")


@pytest.mark.parametrize("opt, message", [("--chunk-size", "--chunk-size: must be a whole number from 1 to 1,000,000 (got 0)"),
                                          ("--workers", "--workers: must be a whole number from 1 to 64 (got 0)")])
def test_zero_chunk_size_or_workers_is_refused(opt, message, inputs, cli, tmp_path, snapshot):
    before = snapshot(tmp_path)
    code, _, err = cli("sweep", inputs["sweep"], "-o", tmp_path / "o", opt, "0")
    _one_line(code, err, message)
    assert snapshot(tmp_path) == before


def test_bogus_scheduler_is_refused_and_nothing_written(inputs, cli, tmp_path, snapshot):
    before = snapshot(tmp_path)
    code, _, err = cli("sweep", inputs["sweep"], "-o", tmp_path / "o", "--scheduler", "bogus")
    _one_line(code, err, "--scheduler: must be serial, local, auto or a Dask scheduler address", "'bogus'")
    assert snapshot(tmp_path) == before


def test_spec_scheduler_message_shows_the_value(tmp_path, cli):
    f = tmp_path / "s.yaml"
    f.write_text("protocol: seed:trans_huvec\ndesign: {method: lhs, n: 2, parameters: {IL6R_per_cell: "
                 "{low: 10, high: 100}}}\nexecution: {scheduler: bogus}\n")
    line = _one_line(*cli("sweep", f, "-o", tmp_path / "o")[::2], "execution.scheduler")
    assert "(got 'bogus')" in line and "{sched" not in line


def test_compare_map_grid_is_checked_without_out(cli, monkeypatch):
    import il6sim.compare.comparison as comparison

    monkeypatch.setattr(comparison, "run_comparison", lambda *a, **k: pytest.fail("ran before checking --map-grid"))
    _one_line(*cli("compare", "--map-grid", "axb")[::2], "--map-grid: expected NxM")
