"""PEtab export (linted), import, and fitting a PEtab problem read back."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from il6sim.engine.simulator import Event
from il6sim.errors import InputError
from il6sim.fitting.objective import Objective
from il6sim.fitting.problem import CalibrationProblem, Condition
from il6sim.fitting.synthetic import synthetic_problem
from il6sim.fitting.petab import export_petab, optimal_scales, read_petab
from il6sim.io.petab import lint_petab


@pytest.fixture(scope="module")
def hepg2_export(tmp_path_factory):
    from il6sim.fitting.hepg2 import hepg2_problem

    out = tmp_path_factory.mktemp("petab")
    prob = hepg2_problem("training")
    return prob, export_petab(prob, out, scales=optimal_scales(prob))


def test_hepg2_export_passes_the_petab_linter(hepg2_export):
    _, paths = hepg2_export
    assert lint_petab(paths["problem"]) == []
    petablint = Path(sys.executable).parent / "petablint"
    r = subprocess.run([str(petablint), str(paths["problem"])], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    cond = pd.read_csv(paths["conditions"], sep="\t")
    assert set(cond["conditionId"]) == {"control", "il6", "il6_actd", "chx"}
    actd = cond.set_index("conditionId").loc["il6_actd"]
    assert actd["add_ACTD_time"] == 40 and actd["add_ACTD_conc"] == pytest.approx(3982.73, rel=1e-4)
    obs = pd.read_csv(paths["observables"], sep="\t").set_index("observableId")
    assert obs.loc["obs_pSTAT3_total__Anja_2017_25", "observableTransformation"] == "log"
    assert obs.loc["obs_pSTAT3_total__Anja_2017_25", "observableFormula"] == "scale_pSTAT3_total__Anja_2017_25 * pSTAT3"
    assert obs.loc["obs_gp130_surface_binding_sites_percent", "observableTransformation"] == "lin"
    doc = yaml.safe_load(paths["problem"].read_text())
    assert doc["format_version"] == 1


def test_exported_sbml_has_the_actinomycin_event_and_validates(hepg2_export):
    from il6sim.io.sbml import validate_sbml

    _, paths = hepg2_export
    text = paths["model"].read_text()
    assert 'id="add_ACTD"' in text
    assert validate_sbml(text, units=False) == []


def test_read_back_gives_the_same_objective(hepg2_export):
    prob, paths = hepg2_export
    back = read_petab(paths["problem"])
    assert back.parameter_names == prob.parameter_names
    assert set(back.conditions) == set(prob.conditions)
    x = prob.x_nominal() + 0.1
    a, b = Objective(prob), Objective(back)
    # PEtab v1 has no qualitative constraints: the data residuals are the same
    assert back.constraints == () and len(prob.constraints) == 1
    assert np.allclose(a(x)[: a.n_data], b(back.to_scaled(prob.to_values(x))), rtol=1e-9, atol=1e-9)


def test_a_petab_problem_read_back_can_be_fitted(tmp_path):
    from il6sim.fitting.fit import FitOptions, fit

    prob, truth = synthetic_problem(seed=7, noise=0.05)
    paths = export_petab(prob, tmp_path)
    back = read_petab(paths["problem"])
    res = fit(back, FitOptions(n_starts=2, seed=0, max_nfev=40))
    for k, v in truth.items():
        assert abs(np.log10(res.values[k] / v)) < 0.15


def test_unexportable_conditions_are_listed():
    prob, _ = synthetic_problem(seed=0)
    bad = Condition("il6", (Event(0.0, "add", "IL6", 0.476), Event(30.0, "wash"),
                            Event(60.0, "add", "RUX", 100.0), Event(90.0, "add", "RUX", 100.0)))
    p2 = CalibrationProblem("bad", prob.measurements, {"il6": bad}, prob.observables, prob.parameters)
    with pytest.raises(InputError) as e:
        export_petab(p2, "/nonexistent-never-written")
    text = "\n".join(e.value.lines())
    assert "'wash' event" in text and "two later additions of RUX" in text


def test_unsupported_petab_observable_is_reported(tmp_path):
    prob, _ = synthetic_problem(seed=0)
    paths = export_petab(prob, tmp_path)
    df = pd.read_csv(paths["observables"], sep="\t")
    df.loc[0, "observableFormula"] = "pSTAT3c * pSTAT3c"
    df.to_csv(paths["observables"], sep="\t", index=False)
    with pytest.raises(InputError, match="not an il6sim observable"):
        read_petab(paths["problem"])


def test_measurements_have_no_timepoint_specific_parameters(hepg2_export):
    """What AMICI refuses: observable or noise parameters that differ between rows of one observable."""
    import petab.v1 as petab

    _, paths = hepg2_export
    pp = petab.Problem.from_yaml(str(paths["problem"]))
    assert not petab.lint.measurement_table_has_timepoint_specific_mappings(
        pp.measurement_df, allow_scalar_numeric_noise_parameters=True)
    assert "observableParameters" not in pp.measurement_df


def test_scales_nominal_values_are_the_ones_given(hepg2_export):
    prob, paths = hepg2_export
    par = pd.read_csv(paths["parameters"], sep="\t").set_index("parameterId")
    best = optimal_scales(prob)
    assert par.loc["scale_pSTAT3_total__Anja_2017_25", "nominalValue"] == pytest.approx(
        best[("Anja_2017_25", "pSTAT3_total")], rel=1e-9)


def test_readme_says_what_petab_cannot_carry(hepg2_export):
    prob, paths = hepg2_export
    text = paths["readme"].read_text()
    assert "What the PEtab problem cannot carry" in text
    assert prob.constraints[0].name in text and "NOT in these files" in text


def test_the_readme_speaks_of_priors_only_where_the_problem_has_them(hepg2_export, tmp_path):
    # the README said 'Priors are PEtab parameterScaleNormal priors' for the HepG2 problem, which has none
    from dataclasses import replace

    prob, paths = hepg2_export
    assert not any(p.prior_sd for p in prob.parameters)
    text = paths["readme"].read_text(encoding="utf-8")
    assert "- **Priors:** none; every estimated parameter has only its bounds" in text
    assert "parameterScaleNormal" not in text
    with_prior = replace(prob, parameters=(replace(prob.parameters[0], prior_sd=0.5),) + prob.parameters[1:])
    out = export_petab(with_prior, tmp_path / "prior", lint=False)
    text = out["readme"].read_text(encoding="utf-8")
    assert "**Priors** are PEtab `parameterScaleNormal` priors" in text
    assert "objectivePriorType" in pd.read_csv(out["parameters"], sep="\t").columns


def test_parameter_names_carry_units_and_the_readme_says_the_tables_units(hepg2_export):
    """PEtab v1 has no unit column: each model parameter's unit is in its parameterName, the rest in the README."""
    from il6sim.model.reference import reference_model

    _, paths = hepg2_export
    pmap = reference_model().parameter_map
    par = pd.read_csv(paths["parameters"], sep="\t").set_index("parameterId")
    model_rows = [k for k in par.index if k in pmap]
    assert "K_SOCS3" in model_rows and "IL6R_per_cell" in model_rows
    for k in model_rows:
        assert par.at[k, "parameterName"] == f"{pmap[k].description} [{pmap[k].unit}]", k
    text = paths["readme"].read_text(encoding="utf-8")
    assert "**Units**" in text and "in min" in text and "in nM" in text


def test_the_exporter_does_not_simulate(tmp_path, monkeypatch):
    from il6sim.engine.simulator import Simulator

    def boom(*a, **k):
        raise AssertionError("the exporter ran the model")

    prob, _ = synthetic_problem(seed=0)  # (making the synthetic data simulates)
    monkeypatch.setattr(Simulator, "simulate", boom)
    paths = export_petab(prob, tmp_path)
    par = pd.read_csv(paths["parameters"], sep="\t").set_index("parameterId")
    assert (par.loc[par.index.str.startswith("scale_"), "nominalValue"] == 1.0).all()


def test_io_imports_nothing_above_it():
    import ast

    import il6sim.io

    above = {"fitting", "compare", "sweeps", "report", "cli", "protocols"}
    for path in Path(il6sim.io.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                top = (node.module or "").split(".")[0] if node.level == 2 else ""
                assert top not in above, f"{path.name} imports il6sim.{node.module}"
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("il6sim."):
                assert node.module.split(".")[1] not in above, f"{path.name} imports {node.module}"


def test_evaluate_uses_the_problems_nominal_scales(hepg2_export, tmp_path):
    """Doubling one scale's nominal value in the PEtab table changes the likelihood il6sim reports."""
    import shutil

    _, paths = hepg2_export
    d = tmp_path / "pe"
    shutil.copytree(paths["problem"].parent, d)
    base = read_petab(d / "problem.yaml")
    a = Objective(base).nll_terms(base.x_nominal(), base.scale_values)["nll"]
    par = pd.read_csv(d / "parameters.tsv", sep="\t")
    par.loc[par["parameterId"] == "scale_pSTAT3_total__Anja_2017_25", "nominalValue"] *= 2
    par.to_csv(d / "parameters.tsv", sep="\t", index=False)
    changed = read_petab(d / "problem.yaml")
    b = Objective(changed).nll_terms(changed.x_nominal(), changed.scale_values)["nll"]
    assert b > a + 1.0


def test_a_problem_the_linter_rejects_leaves_no_files(tmp_path):
    from il6sim.io.petab import write_petab

    bad = pd.DataFrame([{"parameterId": "k", "parameterScale": "log10", "lowerBound": 1, "upperBound": 0.1,
                         "nominalValue": 0.5, "estimate": 1}])
    empty = pd.DataFrame({"conditionId": ["c"]})
    obs = pd.DataFrame({"observableId": ["y"], "observableFormula": ["k"], "noiseFormula": ["1"]})
    meas = pd.DataFrame({"observableId": ["y"], "simulationConditionId": ["c"], "measurement": [1.0], "time": [0.0]})
    from il6sim.io.sbml import to_sbml
    from il6sim.model.reference import reference_model

    out = tmp_path / "petab"
    with pytest.raises(InputError) as exc:
        write_petab(out, sbml=to_sbml(reference_model()), conditions=empty, observables=obs, measurements=meas,
                    parameters=bad)
    assert str(out / "problem.yaml") in str(exc.value)
    assert list(tmp_path.iterdir()) == []


def test_the_linter_does_not_announce_the_missing_visualisation_table(hepg2_export, caplog):
    import logging

    _, paths = hepg2_export
    with caplog.at_level(logging.INFO):
        assert lint_petab(paths["problem"]) == []
    assert not any("Visualization table" in r.getMessage() for r in caplog.records)
    assert not logging.getLogger("petab.v1.lint").filters  # the filter is removed again


def _broken_copy(paths, tmp_path, table, change):
    """A copy of the exported problem with ``change(df)`` applied to one of its tables (read as text)."""
    import shutil

    d = tmp_path / "broken"
    shutil.copytree(paths["problem"].parent, d)
    df = pd.read_csv(d / f"{table}.tsv", sep="\t", dtype=str, keep_default_na=False)
    change(df)
    df.to_csv(d / f"{table}.tsv", sep="\t", index=False)
    return d


def _set(col, row, value):
    """Set one cell; ``row`` as a spreadsheet numbers it (the header is row 1)."""
    def change(df):
        df.loc[row - 2, col] = value
    return change


def _rename(old, new):
    def change(df):
        df.columns = [new if c == old else c for c in df.columns]
    return change


def _repeat_first_row(df):
    df.loc[len(df)] = df.iloc[0]


def _set_fixed(col, value):
    """Set ``col`` in the first row of a parameter that is not estimated."""
    def change(df):
        df.loc[df.index[df["estimate"] == "0"][0], col] = value
    return change


def _prior(kind, params):
    """A prior on the parameter of row 2 (an estimated one); the other rows have none."""
    def change(df):
        df["objectivePriorType"] = ""
        df["objectivePriorParameters"] = ""
        df.loc[0, "objectivePriorType"] = kind
        df.loc[0, "objectivePriorParameters"] = params
    return change


@pytest.mark.parametrize("table, change, where, says", [
    ("measurements", _rename("measurement", "measurment"),
     "measurements.tsv", "no column 'measurement' (did you mean 'measurment'?)"),
    ("observables", _rename("observableFormula", "formula"),
     "observables.tsv", "no column 'observableFormula'"),
    ("parameters", lambda df: df.pop("nominalValue"),
     "parameters.tsv", "no column 'nominalValue'"),
    ("measurements", _set("measurement", 7, "abc"), "measurements.tsv, row 7, column measurement",
     "must be a finite number (got 'abc')"),
    ("measurements", _set("measurement", 7, ""), "measurements.tsv, row 7, column measurement",
     "must be a finite number; a value that was not measured has no row in PEtab: leave the row out (got an empty "
     "cell)"),
    ("measurements", _set("measurement", 7, "-1"), "measurements.tsv, row 7, column measurement",
     "must be > 0: its observable is log-transformed"),
    ("measurements", _set("time", 4, "2 h"), "measurements.tsv, row 4, column time", "got '2 h'"),
    ("measurements", _set("noiseParameters", 5, "sigma_x"), "measurements.tsv, row 5, column noiseParameters",
     "must be a number > 0"),
    ("measurements", _set("observableId", 6, "obs_pSTAT4"), "measurements.tsv, row 6, column observableId",
     "not in the observable table (got 'obs_pSTAT4')"),
    ("measurements", _set("simulationConditionId", 3, "il7"),
     "measurements.tsv, row 3, column simulationConditionId", "(did you mean 'il6'?)"),
    ("conditions", _set("IL6", 2, "ten"), "conditions.tsv, row 2, column IL6", "must be a number"),
    ("parameters", _set("nominalValue", 3, "big"), "parameters.tsv, row 3, column nominalValue",
     "must be a finite number (got 'big')"),
    ("parameters", _set("estimate", 2, "yes"), "parameters.tsv, row 2, column estimate", "must be 0 or 1"),
    ("parameters", _set("upperBound", 2, "0.05"), "parameters.tsv, row 2, column upperBound",
     "must be above lowerBound (the range the parameter is estimated in) (got '0.05')"),
    ("parameters", _set("lowerBound", 2, "0"), "parameters.tsv, row 2, column lowerBound",
     "must be > 0: the parameter is estimated on a log scale"),
    ("observables", _repeat_first_row, "observables.tsv, row 41, column "
     "observableId", "'obs_STAT3_nucleus__Anja_2016_22' is already defined in row 2"),
    # a cell reading NaN was reported as 'an empty cell'
    ("measurements", _set("measurement", 7, "NaN"), "measurements.tsv, row 7, column measurement",
     "must be a finite number; a value that was not measured has no row in PEtab: leave the row out (got 'NaN')"),
    ("parameters", _set("nominalValue", 3, "NaN"), "parameters.tsv, row 3, column nominalValue",
     "must be a finite number (got 'NaN')"),
    # accepted without a word (petablint fails on it with a traceback)
    ("parameters", _set_fixed("lowerBound", "x"), "parameters.tsv, row 17, column lowerBound",
     "must be a number, or empty for a parameter that is not estimated (got 'x')"),
    # these named 'problem.yaml, parameter K_SOCS3' or "problem 'problem'" rather than the file, row and column
    ("parameters", _set("parameterScale", 2, "ln"), "parameters.tsv, row 2, column parameterScale",
     "il6sim estimates parameters on the lin or log10 scale: write log10"),
    ("parameters", _set("nominalValue", 2, "20"), "parameters.tsv, row 2, column nominalValue",
     "must lie within lowerBound and upperBound (the parameter is estimated"),
    # a malformed prior was a ValueError traceback
    ("parameters", _prior("parameterScaleNormal", "a;b"), "parameters.tsv, row 2, column objectivePriorParameters",
     "must be 'mean;sd', two numbers separated by ';' with sd > 0 (the parameterScaleNormal prior of the parameter, "
     "on its parameterScale) (got 'a;b')"),
    ("parameters", _prior("parameterScaleNormal", "1;2;3"), "parameters.tsv, row 2, column objectivePriorParameters",
     "(got '1;2;3')"),
    ("parameters", _prior("parameterScaleNormal", "-0.7;0"), "parameters.tsv, row 2, column objectivePriorParameters",
     "with sd > 0"),
    # any other prior was left out of the objective without a word (pyPESTO adds it)
    ("parameters", _prior("laplace", "0.2;0.1"), "parameters.tsv, row 2, column objectivePriorType",
     "il6sim's objective has parameterScaleNormal priors only"),
])
def test_broken_petab_tables_are_refused_naming_file_row_and_column(hepg2_export, tmp_path, table, change,
                                                                      where, says):
    _, paths = hepg2_export
    d = _broken_copy(paths, tmp_path, table, change)
    with pytest.raises(InputError) as exc:
        read_petab(d / "problem.yaml")
    text = str(exc.value)
    assert f"{d / where}: " in text and says in text, text
    assert len(exc.value.problems) == 1, text


def test_a_parameter_scale_normal_prior_is_read(hepg2_export, tmp_path):
    _, paths = hepg2_export
    d = _broken_copy(paths, tmp_path, "parameters", _prior("parameterScaleNormal", "-0.7;0.5"))
    p = read_petab(d / "problem.yaml").parameters[0]
    assert (p.name, p.prior_sd) == ("K_SOCS3", 0.5) and p.prior_mean == pytest.approx(10 ** -0.7)


def test_read_petab_checks_its_tables_before_libpetab_reads_them(hepg2_export, tmp_path):
    from il6sim.io.petab import check_petab_tables

    _, paths = hepg2_export
    assert check_petab_tables(paths["problem"]) == []

    def twelve_words(df):
        df.loc[:11, "measurement"] = "x"

    d = _broken_copy(paths, tmp_path, "measurements", twelve_words)
    found = check_petab_tables(d / "problem.yaml")
    assert [p.where for p in found[:2]] == [f"{d / 'measurements.tsv'}, row {r}, column measurement" for r in (2, 3)]
    assert len(found) == 11 and "2 more such rows" in str(found[-1])


def test_export_arguments_of_the_wrong_kind_are_named_before_anything_is_written(tmp_path):
    # export_petab("hepg2", ...) raised AttributeError ('str' object has no attribute 'conditions'), scales as a
    # list a TypeError inside dict(), an out_dir of 5 a TypeError from pathlib
    from il6sim.fitting import hepg2_problem

    problem = hepg2_problem("training")
    cases = [(lambda: export_petab("hepg2", tmp_path / "a"),
              r"^problem: expected a CalibrationProblem, e\.g\. hepg2_problem\('training'\) or load_problem\('hepg2'\)"),
             (lambda: export_petab(None, tmp_path / "a"), r"^problem: .*\(got NoneType None\)$"),
             (lambda: export_petab(problem, 5), r"^out_dir: expected the path of a folder to write \(got 5\)$"),
             (lambda: export_petab(problem, tmp_path / "a", scales=[1.0]),
              r"^scales: expected a mapping .*optimal_scales\(problem\) \(got \[1\.0\]\)$"),
             (lambda: export_petab(problem, tmp_path / "a", values=["K_SOCS3"]), r"^values: expected a mapping")]
    for export, message in cases:
        with pytest.raises(InputError, match=message):
            export()
    assert not (tmp_path / "a").exists()


def test_a_problem_read_back_has_the_observables_and_experiments_it_was_written_with(hepg2_export, tmp_path):
    # read back, each (observable, experiment) pair was an observable of its own ('STAT3_nucleus__Anja_2016_22',
    # experiment 'scale_STAT3_nucleus__Anja_2016_22'): 64 panels in the fit's figure, and exported again the ids
    # grew ('obs_STAT3_nucleus__Anja_2016_22__scale_STAT3_nucleus__Anja_2016_22')
    prob, paths = hepg2_export
    back = read_petab(paths["problem"])
    assert set(back.observables) == set(prob.observables)

    def pairs(p):  # (experiment, observable) of the observables with a scale per experiment
        m = p.measurements[p.measurements["observable"].map(lambda o: p.observables[o].scaling == "experiment")]
        return set(zip(m["experiment"], m["observable"]))

    assert pairs(back) == pairs(prob) and len(pairs(prob)) == 38
    assert set(back.scale_values) <= set(zip(prob.measurements["experiment"], prob.measurements["observable"]))
    again = export_petab(back, tmp_path / "again", lint=False)
    first = pd.read_csv(paths["observables"], sep="\t")
    second = pd.read_csv(again["observables"], sep="\t")
    assert list(second["observableId"]) == list(first["observableId"])
    assert list(second["observableFormula"]) == list(first["observableFormula"])


def test_a_scale_parameter_may_be_estimated_on_the_natural_log_scale(hepg2_export, tmp_path):
    # PEtab's 'log' is refused for a model parameter (il6sim estimates on lin or log10), but a scale is
    # computed analytically by il6sim whatever its parameterScale, so a scale on 'log' is read
    _, paths = hepg2_export

    def natural_log_scales(df):
        df.loc[df["parameterId"].str.startswith("scale_"), "parameterScale"] = "log"

    d = _broken_copy(paths, tmp_path, "parameters", natural_log_scales)
    assert len(read_petab(d / "problem.yaml").parameters) == 15


def test_a_prior_on_a_scale_parameter_is_refused(hepg2_export, tmp_path):
    # il6sim computes the scales analytically: a prior on one was left out of its objective without a word,
    # while pyPESTO adds it
    _, paths = hepg2_export

    def prior_on_first_scale(df):
        df["objectivePriorType"] = ""
        df["objectivePriorParameters"] = ""
        row = df.index[df["parameterId"].str.startswith("scale_")][0]
        df.loc[row, ["objectivePriorType", "objectivePriorParameters"]] = ["parameterScaleNormal", "0;1"]

    d = _broken_copy(paths, tmp_path, "parameters", prior_on_first_scale)
    with pytest.raises(InputError) as exc:
        read_petab(d / "problem.yaml")
    assert [str(p) for p in exc.value.problems] == [
        f"{d / 'parameters.tsv'}, row 19, column objectivePriorType: a prior on the scale "
        "scale_STAT3_nucleus__Anja_2016_22: il6sim computes each experiment's scale at its optimum for every "
        "parameter vector and has no prior on it; leave the cell empty, or fit with pyPESTO to keep the prior"]


@pytest.mark.parametrize("table, row, col, typo, meant, table_name", [
    ("observables", 2, "observableId", "obs_STAT3_nucleus__Anja_2016_2x", "obs_STAT3_nucleus__Anja_2016_22",
     "observable"),
    ("conditions", 2, "conditionId", "il_6", "il6", "condition"),
])
def test_an_id_misspelt_in_its_own_table_is_one_problem_suggesting_the_misspelling(hepg2_export, tmp_path, table,
                                                                                     row, col, typo, meant,
                                                                                     table_name):
    # a misspelt id in the observable (condition) table made every measurement row of it unknown: one line
    # per row, ten and 'N more such rows', each suggesting another id one letter away
    # ('obs_pSTAT3_nucleus__Anja_2016_22') rather than the misspelt one
    _, paths = hepg2_export
    d = _broken_copy(paths, tmp_path, table, _set(col, row, typo))
    with pytest.raises(InputError) as exc:
        read_petab(d / "problem.yaml")
    assert len(exc.value.problems) == 1, str(exc.value)
    col_m = "observableId" if table == "observables" else "simulationConditionId"
    text = str(exc.value)
    assert re.search(rf"{re.escape(str(d / 'measurements.tsv'))}, rows 2, \d+, \d+, \d+, \d+ and \d+ more, "
                     rf"column {col_m}: not in the {table_name} table \(did you mean '{typo}'\?\)", text), text
    assert text.endswith(f"(got '{meant}')"), text


def test_a_scale_parameter_held_fixed_is_refused_not_estimated(hepg2_export, tmp_path):
    # estimate 0 on a scale was read without a word and the scale estimated all the same (a fit of the
    # changed problem moved scale_STAT3_nucleus__Anja_2016_22 from its nominal 0.137 to 0.163)
    _, paths = hepg2_export
    d = _broken_copy(paths, tmp_path, "parameters", _set("estimate", 19, "0"))
    row = pd.read_csv(d / "parameters.tsv", sep="\t").iloc[17]
    assert row["parameterId"].startswith("scale_")
    with pytest.raises(InputError) as exc:
        read_petab(d / "problem.yaml")
    assert len(exc.value.problems) == 1, str(exc.value)
    assert str(exc.value) == (f"{d / 'parameters.tsv'}, row 19, column estimate: 0 (fixed) for the scale "
                              f"{row['parameterId']}: il6sim computes each experiment's scale at its optimum for "
                              "every parameter vector and cannot hold one fixed; write 1, or fit with pyPESTO to "
                              "keep it fixed")


def _warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.levelname == "WARNING" and r.name == "il6sim.fitting.petab"]


def test_an_empty_dose_cell_or_a_deleted_il6_column_is_read_with_a_warning(hepg2_export, tmp_path, caplog):
    # an empty cell of the IL6 column, or the column deleted, gave conditions without IL-6 without a word
    # (the NLL at the nominal values went from 4473 to 13975 / 19154); PEtab allows an empty cell (the
    # model's value, here no IL-6), so the problem is read, with a warning naming file, condition, row, column
    import logging

    _, paths = hepg2_export
    caplog.set_level(logging.WARNING)
    read_petab(paths["problem"])
    assert _warnings(caplog) == []  # the export as written: no warning
    d = _broken_copy(paths, tmp_path / "a", "conditions", _set("IL6", 2, ""))
    prob = read_petab(d / "problem.yaml")
    assert prob.conditions["il6"].events == ()  # read as PEtab says: no IL-6
    said = _warnings(caplog)
    assert said == [f"{d / 'conditions.tsv'}, column IL6: empty in condition il6 (row 2); PEtab takes the model's "
                    "value, no IL6 added at 0 min (0 nM) there; il6sim's exported problems always give it: write the "
                    "dose in nM (0 for none) if that was not meant"], said
    caplog.clear()
    d = _broken_copy(paths, tmp_path / "b", "conditions", lambda df: df.pop("IL6"))
    read_petab(d / "problem.yaml")
    said = _warnings(caplog)
    assert len(said) == 1 and said[0].startswith(f"{d / 'conditions.tsv'}: no condition adds IL-6"), said
    assert "(no column IL6, HyIL6 or IL6_sIL6R)" in said[0] and "in a column IL6" in said[0]


def test_an_empty_parameter_cell_takes_the_problems_value_with_a_warning(hepg2_export, tmp_path, caplog):
    # an empty cell of a parameter column set the parameter to NaN in that condition
    import logging

    _, paths = hepg2_export
    caplog.set_level(logging.WARNING)

    def k_deg_medium(df):
        df["k_deg_medium"] = "0.5"
        df.loc[1, "k_deg_medium"] = ""
    d = _broken_copy(paths, tmp_path, "conditions", k_deg_medium)
    prob = read_petab(d / "problem.yaml")
    assert prob.conditions["il6"].parameters == {"k_deg_medium": 0.5}
    assert prob.conditions["control"].parameters == {}
    said = _warnings(caplog)
    assert len(said) == 1 and said[0].startswith(f"{d / 'conditions.tsv'}, column k_deg_medium: empty in condition "
                                                 "control (row 3); PEtab takes the value of k_deg_medium that the "), said
