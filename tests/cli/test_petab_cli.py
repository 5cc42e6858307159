"""`il6sim export-petab` and reading PEtab problems back (`il6sim fit PROBLEM.yaml`): what the user sees."""

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "il6sim"


def run_bin(*args, cwd=None):
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env,
                          timeout=300)


def test_export_petab_warns_in_one_il6sim_line_naming_the_readme(tmp_path):
    # the exporter's note about the constraints PEtab cannot carry was printed in logging's format,
    # 'WARNING il6sim.fitting.petab: ... (see the README)', unlike the command's other messages
    r = run_bin("export-petab", "--out", "pe", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [
        "il6sim: warning: PEtab v1 has no qualitative constraints: pSTAT3_still_rising_14_to_16_min not exported "
        f"(see {Path('pe') / 'README.md'}; `il6sim fit` on the original problem uses them)"]
    assert (tmp_path / "pe" / "README.md").is_file()


def test_warnings_of_libraries_keep_their_name_on_one_line():
    from il6sim.cli.main import _NoteFormatter

    fmt = _NoteFormatter("%(levelname)s %(name)s: %(message)s")

    def line(name, level, msg, exc=None):
        rec = logging.LogRecord(name, level, __file__, 1, msg, None, (type(exc), exc, None) if exc else None)
        return fmt.format(rec)

    assert line("petab.v1.lint", logging.WARNING, "Visualization table\nnot available") == \
        "il6sim: warning: petab.v1.lint: Visualization table not available"
    assert line("il6sim.x", logging.ERROR, "chain checkpoint unreadable", ValueError("bad\nbytes")) == \
        "il6sim: warning: chain checkpoint unreadable (bad bytes)"
    assert line("il6sim.x", logging.INFO, "simulating 3 groups") == "INFO il6sim.x: simulating 3 groups"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The HepG2 training problem as PEtab files (not linted: the tests break them anyway)."""
    from il6sim.fitting.hepg2 import hepg2_problem
    from il6sim.fitting.petab import export_petab

    out = tmp_path_factory.mktemp("petab") / "hepg2"
    return export_petab(hepg2_problem("training"), out, lint=False)["problem"].parent


def broken(exported, tmp_path, name, change):
    """A copy of the exported problem whose file ``name`` (text) is ``change(text)``."""
    d = tmp_path / "broken"
    shutil.copytree(exported, d)
    f = d / name
    f.write_text(change(f.read_text(encoding="utf-8")), encoding="utf-8")
    return d


def evaluate(capsys, problem):
    from il6sim.cli.main import main

    capsys.readouterr()
    rc = main(["fit", str(problem), "--evaluate"])
    out, err = capsys.readouterr()
    return rc, out, err


def drop_columns(*cols):
    def change(text):
        rows = [line.split("\t") for line in text.splitlines()]
        keep = [i for i, c in enumerate(rows[0]) if c not in cols]
        return "".join("\t".join(r[i] for i in keep) + "\n" for r in rows)
    return change


@pytest.mark.parametrize("name, cols, kind, section", [
    ("observables.tsv", ("observableFormula", "noiseFormula"), "observable", "Observables table"),
    ("measurements.tsv", ("measurement", "time"), "measurement", "Measurement table"),
    ("parameters.tsv", ("lowerBound", "upperBound", "estimate"), "parameter", "Parameter table"),
])
def test_missing_columns_of_a_petab_table_are_one_message(capsys, exported, tmp_path, name, cols, kind, section):
    # each missing column was a line of its own, repeating the list of columns the table needs
    d = broken(exported, tmp_path, name, drop_columns(*cols))
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    named = ", ".join(f"'{c}'" for c in cols)  # no 'did you mean' an optional PEtab column (observableName)
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"il6sim: error: {d / name}: no columns {named} (a PEtab {kind} table needs the columns ")
    assert f"see the '{section}' section of https://petab.readthedocs.io/en/latest/v1/" in err
    assert "Traceback" not in err


def test_a_missing_condition_id_column_names_the_spec(capsys, exported, tmp_path):
    d = broken(exported, tmp_path, "conditions.tsv", lambda t: t.replace("conditionId", "condition_id", 1))
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err == (f"il6sim: error: {d / 'conditions.tsv'}: no column 'conditionId' (did you mean 'condition_id'?) "
                   "(a PEtab condition table needs the columns conditionId, separated by tabs; see the 'Condition "
                   "table' section of https://petab.readthedocs.io/en/latest/v1/documentation_data_format.html)\n")


@pytest.mark.parametrize("name, sep, said, kind", [("measurements.tsv", ",", "commas (',')", "measurement"),
                                                   ("parameters.tsv", ";", "semicolons (';')", "parameter")])
def test_a_petab_table_saved_with_commas_says_so(capsys, exported, tmp_path, name, sep, said, kind):
    # a spreadsheet's CSV export was reported as every needed column missing
    d = broken(exported, tmp_path, name, lambda t: t.replace("\t", sep))
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err == (f"il6sim: error: {d / name}: the columns are separated by {said}, not tabs; PEtab tables are "
                   f"tab-separated: save the {kind} table as tab-separated text (.tsv)\n")


@pytest.mark.parametrize("key", ["observable_files", "measurement_files", "condition_files", "parameter_file"])
def test_a_problem_file_that_lists_no_table_of_a_kind_is_refused(capsys, exported, tmp_path, key):
    # libpetab read it without a word and il6sim then failed with AttributeError ('NoneType' object has no
    # attribute 'iterrows'), a traceback
    d = broken(exported, tmp_path, "problem.yaml",
               lambda t: "".join(line for line in t.splitlines(keepends=True)
                                 if key not in line and not line.lstrip().startswith(f"- {key.split('_')[0]}")))
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == "", err
    assert err == (f"il6sim: error: {d / 'problem.yaml'}: lists no {key} (a PEtab v1 problem file names its tables: "
                   "parameter_file at the top, condition_files, measurement_files and observable_files in each entry "
                   "of 'problems'; see the 'YAML file for grouping files' section of "
                   "https://petab.readthedocs.io/en/latest/v1/documentation_data_format.html)\n")


@pytest.mark.parametrize("name, kind, row", [("measurements.tsv", "measurement", "measured value"),
                                             ("observables.tsv", "observable", "observable"),
                                             ("conditions.tsv", "condition", "condition")])
def test_a_petab_table_with_only_its_header_says_so(capsys, exported, tmp_path, name, kind, row):
    # a measurement table without rows gave 38 lines 'parameter scale_...: not a parameter of il6sim's model',
    # an observable or condition table without rows a line per measurement naming an unknown id
    d = broken(exported, tmp_path, name, lambda t: t.splitlines(keepends=True)[0])
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err == (f"il6sim: error: {d / name}: has the header line but no rows (a PEtab {kind} table has one row "
                   f"per {row})\n")


@pytest.mark.parametrize("version", ["2.0.0", "2"])
def test_a_petab_2_problem_is_refused_naming_the_version(capsys, exported, tmp_path, version):
    # it gave "cannot read the PEtab problem: 'model_files'", libpetab's KeyError
    d = broken(exported, tmp_path, "problem.yaml",
               lambda t: t.replace("format_version: 1", f"format_version: {version}"))
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err == (f"il6sim: error: {d / 'problem.yaml'}, format_version: '{version}': il6sim reads PEtab v1 problems "
                   "(format_version: 1); give the problem in PEtab v1\n")


def test_a_utf16_petab_table_is_named_with_the_remedy(capsys, exported, tmp_path):
    # il6sim's own check read it, libpetab then failed: "problem.yaml: cannot read the PEtab problem: 'utf-8'
    # codec can't decode byte 0xff in position 0", naming the problem file rather than the table
    d = tmp_path / "utf16"
    shutil.copytree(exported, d)
    f = d / "conditions.tsv"
    f.write_bytes(f.read_text(encoding="utf-8").encode("utf-16"))
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err == (f"il6sim: error: {f}: is UTF-16 text; PEtab tables are UTF-8: save it as UTF-8 (in Notepad: "
                   "Save as, Encoding: UTF-8)\n")


def test_a_petab_problem_of_several_models_is_refused_in_il6sim_words(capsys, exported, tmp_path):
    # it gave libpetab's "petab.Problem.from_yaml() can only be used for yaml files comprising a single model.
    # Consider using petab.CompositeProblem.from_yaml() instead."
    import yaml

    def two_entries(text):
        doc = yaml.safe_load(text)
        doc["problems"].append(dict(doc["problems"][0]))
        return yaml.safe_dump(doc)

    d = broken(exported, tmp_path, "problem.yaml", two_entries)
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err == (f"il6sim: error: {d / 'problem.yaml'}, problems: 2 entries: il6sim reads a PEtab problem with one "
                   "model: one entry under 'problems' that lists all its tables\n")


def _sub_line(line_no, old, new):
    """Replace ``old`` by ``new`` in line ``line_no`` (1: the header) of a table."""
    def change(text):
        lines = text.splitlines(keepends=True)
        assert old in lines[line_no - 1]
        lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
        return "".join(lines)
    return change


@pytest.mark.parametrize("name, change, where, says", [
    # named 'problem.yaml, parameter k_bogus: not a parameter of il6sim's model', with no row and no remedy
    ("parameters.tsv", lambda t: t + "k_bogus\tbogus\tlog10\t0.1\t10\t1\t1\n", "parameters.tsv, row 57, column "
     "parameterId", "'k_bogus' is neither a parameter of il6sim's model nor the scale of an observable "
     "(observableFormula 'scale * observable'): correct the id (`il6sim presets parameters` lists the model's) or "
     "remove the row"),
    ("parameters.tsv", _sub_line(2, "K_SOCS3\t", "K_SOCS\t"), "parameters.tsv, row 2, column parameterId",
     "'K_SOCS' is neither a parameter of il6sim's model nor the scale of an observable (observableFormula 'scale * "
     "observable') (did you mean 'K_SOCS3'?)"),
    # a misspelt observable also reported its scale parameter as 'not a parameter of il6sim's model'
    ("observables.tsv", _sub_line(2, "* STAT3_nucleus", "* STAT3_nucleos"), "observables.tsv, row 2, column "
     "observableFormula", "'scale_STAT3_nucleus__Anja_2016_22 * STAT3_nucleos' is not an il6sim observable in a "
     "supported form (scale * observable, factor * observable, factor * observable / <id>_at_start); "
     "'STAT3_nucleos' is not an observable of il6sim's model (did you mean 'STAT3_nucleus'?)"),
    ("observables.tsv", _sub_line(2, "\tlog\t", "\tlog10\t"), "observables.tsv, row 2, column "
     "observableTransformation", "'log10' is not supported: write lin or log"),
    # an unknown condition column was a line per condition ('condition il6: column 'CHXX' is not supported', x4)
    ("conditions.tsv", _sub_line(1, "\tCHX\t", "\tCHXX\t"), "conditions.tsv, column CHXX",
     "is not a species of the medium, dose_<species>, add_<species>_time, add_<species>_conc or a model parameter "
     "that a condition can set (did you mean 'CHX'?): rename the column or remove it"),
])
def test_a_petab_row_il6sim_cannot_read_is_one_line_naming_file_row_and_column(capsys, exported, tmp_path, name,
                                                                                change, where, says):
    d = broken(exported, tmp_path, name, change)
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"il6sim: error: {d / where}: ") and says in err, err


def test_a_petab_problem_whose_model_was_changed_is_refused(capsys, exported, tmp_path):
    # il6sim simulates its own model: a changed rate law in model.xml was ignored without a word, and the
    # likelihood and fit were those of the unchanged model
    import libsbml

    d = tmp_path / "changed"
    shutil.copytree(exported, d)
    doc = libsbml.readSBMLFromFile(str(d / "model.xml"))
    law = doc.getModel().getReaction("stat3_phos").getKineticLaw()
    law.setMath(libsbml.parseL3Formula("2 * cell * stat3_kinase * STAT3c"))
    libsbml.writeSBMLToFile(doc, str(d / "model.xml"))
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err.startswith(f"il6sim: error: {d / 'model.xml'}: reaction 'stat3_phos' differs from il6sim's model "
                          "il6sim_reference "), err
    assert "fit it with AMICI or pyPESTO" in err and len(err.splitlines()) == 1


def test_a_petab_problem_with_another_cells_values_is_read_with_them(capsys, exported, tmp_path):
    # the model's values may differ (another preset's, as `il6sim export-sbml --cell` writes): only the
    # dynamics must be il6sim's
    from il6sim.cli.main import main

    d = tmp_path / "huvec"
    shutil.copytree(exported, d)
    assert main(["export-sbml", "--cell", "huvec", str(d / "model.xml")]) == 0
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 0, err


_NOISE = "noiseParameter1_obs_STAT3_nucleus__Anja_2016_22"


def _numeric_noise(keep_cells):
    """observables.tsv row 2 with noiseFormula 0.35; its rows' noiseParameters kept or emptied."""
    def change(d):
        f = d / "observables.tsv"
        f.write_text(_sub_line(2, _NOISE, "0.35")(f.read_text(encoding="utf-8")), encoding="utf-8")
        if not keep_cells:
            f = d / "measurements.tsv"
            lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
            f.write_text("".join(line.replace("\t0.35\t", "\t\t") if line.startswith("obs_STAT3_nucleus__Anja_2016_22\t")
                                 else line for line in lines), encoding="utf-8")
    return change


@pytest.mark.parametrize("name, change, where, says", [
    # the noiseFormula was never read: with '2 * noiseParameter1_...' or a number the likelihood was computed
    # with noiseParameters as sigma, unlike AMICI's and pyPESTO's, without a word
    ("observables.tsv", _sub_line(2, _NOISE, f"2 * {_NOISE}"), "observables.tsv, row 2, column noiseFormula",
     f"'2*{_NOISE}' is not a noise il6sim reads: write {_NOISE} (with the sigma of each row as a number in the "
     "measurement table's noiseParameters) or one number > 0 for all its rows; estimated or proportional noise "
     "models are not supported (fit such a problem with AMICI or pyPESTO)"),
    # an empty noiseParameters cell was read as sigma 1 without a word
    ("measurements.tsv", _sub_line(3, "\t0.35\t", "\t\t"), "measurements.tsv, column noiseParameters",
     "row 3: no noise sigma; their observables' noiseFormula noiseParameter1_<observableId> takes it from "
     "noiseParameters: give a number > 0"),
    # a table without the column gave 681 lines 'problem.yaml: noiseParameters None: only numbers are supported'
    ("measurements.tsv", drop_columns("noiseParameters"), "measurements.tsv, column noiseParameters",
     "rows 2, 3, 4, 5, 6 and 676 more: no noise sigma"),
])
def test_the_noise_model_of_a_petab_problem_is_read_or_refused_in_one_line(capsys, exported, tmp_path, name, change,
                                                                             where, says):
    d = broken(exported, tmp_path, name, change)
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"il6sim: error: {d / where}: ") and says in err, err


def test_an_estimated_noise_parameter_is_named_once(capsys, exported, tmp_path):
    d = broken(exported, tmp_path, "observables.tsv", _sub_line(2, _NOISE, "sigma_x"))
    with open(d / "parameters.tsv", "a", encoding="utf-8") as fh:
        fh.write("sigma_x\tsigma\tlog10\t0.01\t10\t0.35\t1\n")
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err.splitlines() == [f"il6sim: error: {d / 'observables.tsv'}, row 2, column noiseFormula: 'sigma_x' is "
                                f"not a noise il6sim reads: write {_NOISE} (with the sigma of each row as a number in "
                                "the measurement table's noiseParameters) or one number > 0 for all its rows; "
                                "estimated or proportional noise models are not supported (fit such a problem with "
                                "AMICI or pyPESTO)"]


def test_a_noise_formula_that_is_a_number_is_the_sigma_of_its_rows(capsys, exported, tmp_path):
    rc, as_exported, err = evaluate(capsys, exported / "problem.yaml")
    assert rc == 0, err
    d = tmp_path / "numeric" / exported.name  # a folder of the same name: the problem's name, printed first
    shutil.copytree(exported, d)
    _numeric_noise(keep_cells=False)(d)
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 0 and out == as_exported, err
    e = tmp_path / "both"
    shutil.copytree(exported, e)
    _numeric_noise(keep_cells=True)(e)
    rc, out, err = evaluate(capsys, e / "problem.yaml")
    assert rc == 2 and out == ""
    assert err.startswith(f"il6sim: error: {e / 'measurements.tsv'}, column noiseParameters: rows 2, 11, 13, 14, 15 "
                          "and 4 more: a value, although the noiseFormula of their observable is a number"), err


def _with_observable_parameters(d, value=None):
    """The pSTAT3_total observables of ``d`` as one, its scale given per row by observableParameters
    (the parameter's id, or ``value`` in the first row)."""
    import pandas as pd

    obs = pd.read_csv(d / "observables.tsv", sep="\t", dtype=str, keep_default_na=False)
    meas = pd.read_csv(d / "measurements.tsv", sep="\t", dtype=str, keep_default_na=False)
    flat = obs["observableId"].str.startswith("obs_pSTAT3_total__")
    scale_of = dict(zip(obs.loc[flat, "observableId"], obs.loc[flat, "observableFormula"].str.split(" * ").str[0]))
    one = obs[flat].iloc[[0]].copy()
    one["observableId"] = "obs_pSTAT3_total"
    one["observableFormula"] = "observableParameter1_obs_pSTAT3_total * pSTAT3"
    one["noiseFormula"] = "noiseParameter1_obs_pSTAT3_total"
    pd.concat([obs[~flat], one]).to_csv(d / "observables.tsv", sep="\t", index=False)
    rows = meas["observableId"].isin(scale_of)
    meas["observableParameters"] = meas["observableId"].map(scale_of).fillna("")
    meas.loc[rows, "observableId"] = "obs_pSTAT3_total"
    if value is not None:
        meas.loc[meas.index[rows][0], "observableParameters"] = value
    meas.to_csv(d / "measurements.tsv", sep="\t", index=False)
    return meas.index[rows][0] + 2


def test_scales_given_by_observable_parameters_are_read_with_their_nominal_values(capsys, exported, tmp_path):
    # the form read_petab documents ('observableParameter1_<id> * <observable>') failed to evaluate: "no value
    # for the scale of pSTAT3_total in experiment scale_pSTAT3_total__Anja_2017_25", with no file named
    rc, flat, err = evaluate(capsys, exported / "problem.yaml")
    assert rc == 0, err
    d = tmp_path / "op" / exported.name  # a folder of the same name: the problem's name, printed first
    shutil.copytree(exported, d)
    _with_observable_parameters(d)
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 0 and out == flat, err
    e = tmp_path / "number"
    shutil.copytree(exported, e)
    row = _with_observable_parameters(e, value="2.5")
    rc, out, err = evaluate(capsys, e / "problem.yaml")
    assert rc == 2 and out == ""
    assert f"il6sim: error: {e / 'measurements.tsv'}, column observableParameters: row {row}: not a parameter of " \
           "the parameter table; il6sim estimates the scale observableParameter1_<observableId> of each experiment" in err


def test_a_misspelt_file_name_in_the_problem_file_is_named_with_the_file_meant(capsys, exported, tmp_path):
    # it said "file not found" alone
    d = broken(exported, tmp_path, "problem.yaml", lambda t: t.replace("measurements.tsv", "measurement.tsv"))
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err == (f"il6sim: error: {d / 'problem.yaml'}, measurement_files 'measurement.tsv': file not found in {d} "
                   "(did you mean 'measurements.tsv'?): the names in a PEtab problem file are relative to its "
                   "folder; correct the name or move the file\n")


def test_a_condition_setting_a_species_that_is_not_zero_at_rest_is_refused(capsys, exported, tmp_path):
    # PEtab sets sIL6R to the value (AMICI starts from 0.5 nM); il6sim added 0.5 nM to the shed sIL-6R at rest,
    # without a word (and a 0 left the resting level in place)
    def add_column(text):
        lines = text.splitlines()
        return "\n".join([lines[0] + "\tsIL6R"] + [line + "\t0.5" for line in lines[1:]]) + "\n"

    d = broken(exported, tmp_path, "conditions.tsv", add_column)
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 2 and out == ""
    assert err == (f"il6sim: error: {d / 'conditions.tsv'}, column sIL6R: sIL6R is not zero at rest, and in PEtab a "
                   "value here replaces its resting level, whereas il6sim adds a dose to it: give the dose in a column "
                   "dose_sIL6R instead, with the initial assignment sIL6R = rest_sIL6R + dose_sIL6R in the model, as "
                   "`il6sim export-petab` writes them\n")


def test_a_petab_problem_yaml_is_named_after_its_folder(capsys, exported, tmp_path):
    # every PEtab problem called problem.yaml was the problem 'problem': 'problem: 681 data ...', figures
    # titled 'problem: fit' and a fit's default output folder problem_fit/, whichever export it was
    d = tmp_path / "petab-hepg2"
    shutil.copytree(exported, d)
    rc, out, err = evaluate(capsys, d / "problem.yaml")
    assert rc == 0 and out.startswith("petab-hepg2: 681 data at the nominal parameters: nll "), (out, err)
    # a problem file of another name keeps its name
    shutil.copy(d / "problem.yaml", d / "variant.yaml")
    rc, out, err = evaluate(capsys, d / "variant.yaml")
    assert rc == 0 and out.startswith("variant: 681 data "), (out, err)
