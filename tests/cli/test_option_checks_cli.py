"""Bad input to the sweep, population, fit and profile commands: exit 2, one line per problem, nothing written."""

import json
from pathlib import Path

import pytest

from cli_run import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"



def _population_spec(tmp_path, old: str, new: str) -> Path:
    text = (EXAMPLES / "sweep_population.yaml").read_text().replace("n: 2000", "n: 4")
    assert old in text
    f = tmp_path / "pop.yaml"
    f.write_text(text.replace(old, new))
    return f


@pytest.mark.parametrize("old, new, message", [
    # a list where a name belongs raised TypeError (unhashable type) with a traceback
    ("observable: pSTAT3", "observable: [pSTAT3]", "readout.observable: unknown observable"),
    ("drug: {add: tocilizumab,", "drug: {groups: [[trans]], add: tocilizumab,",
     "drug.groups: must be a list of group names (got [['trans']])"),
    ("drug: {add: tocilizumab,", "drug: {groups: 5, add: tocilizumab,", "drug.groups: must be a list of group names"),
    # the observable's spelling is suggested, as for the other specs
    ("observable: pSTAT3", "observable: pstat3", "unknown observable 'pstat3' (did you mean 'pSTAT3'?)"),
    # the spec's key, not the design's internal path ('population.cv.IL6R_per_cell.cv')
    ("IL6R_per_cell: 0.6", "IL6R_per_cell: -0.6", "population.cv.IL6R_per_cell: must be > 0 (got -0.6)"),
    # the location once: was 'readout.time: time: ...'
    ("time: 30 min", "time: 30 mg", "pop.yaml: readout.time: '30 mg' is not a time (use s, min, h or day)"),
    # the drug's step once, under 'drug': was one line per drug group, each under the protocol and the group
    ("dose: 10 ug/mL", "dose: 10 mg", "pop.yaml: drug: dose must be a concentration, e.g. ng/mL"),
    ("at: -30 min", "at: -30 mg", "pop.yaml: drug: at: '-30 mg' is not a time"),
    ("at: -30 min}", "at: -30 min, colour: red}",
     "pop.yaml: drug: unknown key 'colour' (expected one of: at, add, dose, premixed, wash, set, note, groups)"),
])
def test_malformed_population_spec_is_refused(capsys, tmp_path, old, new, message):
    f = _population_spec(tmp_path, old, new)
    rc, out, err = run(capsys, "population", f, "-o", tmp_path / "o", "--scheduler", "serial")
    assert rc == 2 and out == "", err
    assert message in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "o").exists()


def test_a_time_of_a_sweep_spec_names_its_key_once(capsys, tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text((EXAMPLES / "sweep_receptors.yaml").read_text().replace(
        "metrics: [peak, time_to_peak, auc]", "metrics: [peak, time_to_peak, auc]\n  metric_step: 3 mg"))
    rc, out, err = run(capsys, "sweep", spec, "-o", tmp_path / "o")
    assert rc == 2 and out == ""
    assert err.strip() == f"il6sim: error: {spec}: readouts.metric_step: '3 mg' is not a time (use s, min, h or day)"


def test_an_unknown_population_group_is_reported_once(capsys, tmp_path):
    # the drug's groups default to the spec's groups: the unknown name was reported twice, once as drug.groups
    f = _population_spec(tmp_path, "groups: [classic, trans]", "groups: [classic, tran]")
    rc, out, err = run(capsys, "population", f, "-o", tmp_path / "o")
    assert rc == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "groups: unknown group 'tran'" in lines[0] and "drug.groups" not in lines[0], err


@pytest.mark.parametrize("argv, option", [
    (["sweep", EXAMPLES / "sweep_receptors.yaml", "--chunk-size", "0"], "--chunk-size"),
    (["sweep", EXAMPLES / "sweep_receptors.yaml", "--chunk-size", "1.5"], "--chunk-size"),
    (["fit", "hepg2", "--max-iter", "0"], "--max-iter"),
    (["fit", "hepg2", "--max-iter", "ten"], "--max-iter"),
    (["profile", "hepg2", "--steps", "-1"], "--steps"),
    (["calibrate", "hepg2", "--max-iter", "0"], "--max-iter"),
])
def test_counts_are_checked_like_the_other_counts(capsys, tmp_path, monkeypatch, argv, option):
    # the same message as --starts, --workers and --seed: the option, the range and the value given
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "", err
    assert err.startswith(f"il6sim: error: argument {option}: must be a whole number from 1 to "), err
    assert len(err.strip().splitlines()) == 1 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("params, message", [
    # was refused only after the fit had run (minutes), without naming the option
    ("K_SOCS,k_exp", "--params: 'K_SOCS' is not an estimated parameter (did you mean 'K_SOCS3'?)"),
    # was taken as 'all estimated parameters'
    (",", "--params: no parameter names in ','"),
    ("", "--params: no parameter names in ''"),
    # an empty item was skipped (a comma too many, or a name left out?)
    ("K_SOCS3,,k_exp", "--params: item 2 of 'K_SOCS3,,k_exp' is empty (a comma too many); remove the extra "
                       "comma: K_SOCS3,k_exp"),
])
def test_profile_checks_its_parameters_before_fitting(capsys, tmp_path, monkeypatch, params, message):
    import importlib

    fitting = importlib.import_module("il6sim.fitting.fit")  # the module (the package exports the function too)

    def no_fit(*a, **k):
        raise AssertionError("the fit ran before --params was checked")

    monkeypatch.setattr(fitting, "fit", no_fit)
    rc, out, err = run(capsys, "profile", "hepg2", "--params", params, "--starts", "1", "-o", tmp_path / "p")
    assert rc == 2 and out == "", err
    assert err.startswith(f"il6sim: error: {message}"), err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "p").exists()


def test_fit_evaluate_refuses_an_out_it_would_not_write(capsys, tmp_path):
    rc, out, err = run(capsys, "fit", "hepg2", "--evaluate", "-o", tmp_path / "e")
    assert rc == 2 and out == "", err
    assert err.startswith("il6sim: error: --out: --evaluate prints the likelihood and writes no files"), err
    assert not (tmp_path / "e").exists()


@pytest.mark.parametrize("argv, message", [
    (["model", "reaction"], "argument PART: invalid choice: 'reaction'"),  # was 'argument what'
    (["presets", "cell"], "argument LIST: invalid choice: 'cell'"),
    (["qpcr", EXAMPLES / "qpcr_cts.csv", "--reference", "GAPDH", "--control", "control", "--efficiency", "95"],
     "--efficiency: the amplification factor per cycle"),  # was 'efficiency:'
])
def test_errors_name_the_argument_as_help_shows_it(capsys, argv, message):
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "", err
    assert err.startswith(f"il6sim: error: {message}"), err


@pytest.mark.parametrize("argv, line", [
    (["runn", "seed:trans_huvec"], "argument COMMAND: invalid choice: 'runn' (did you mean 'run'?) (choose from "),
    (["presets", "cels"], "argument LIST: invalid choice: 'cels' (did you mean 'cells'?) (choose from "),
    (["export-petab", "--split", "train"], "argument --split: invalid choice: 'train' (did you mean 'training'?)"),
    (["run", "seed:trans_huvec", "--output", "o"],
     "unrecognized arguments: --output o (did you mean '--out'?) (see `il6sim run --help`)"),
    (["profile", "hepg2", "--parameters", "K_SOCS3"],
     "unrecognized arguments: --parameters K_SOCS3 (did you mean '--params'?) (see `il6sim profile --help`)"),
    (["simulate", "--IL6", "1 ng/mL"], "unrecognized arguments: --IL6 1 ng/mL (did you mean '--il6'?)"),
    # the option is the mistake, not the value that then falls to the positional argument
    (["model", "--cell", "huvec"],
     "unrecognized arguments: --cell (not an option of `il6sim model`; see `il6sim model --help`)"),
])
def test_a_mistyped_option_or_choice_gets_the_right_name_suggested(capsys, tmp_path, monkeypatch, argv, line):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and out == "", err
    assert err.startswith(f"il6sim: error: {line}") and len(err.splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command, shown", [
    ("export-sbml", ["usage: il6sim export-sbml [-h] [--cell PRESET] [--parameters NAME]", "[--set NAME=VALUE]",
                     "SBML Level 3 Version 2"]),
    ("dose-response", ["EC50, Hill slope and IC50 table"]),
    ("profile", ["--params NAMES"]),
])
def test_help_describes_the_command_in_plain_text(capsys, command, shown):
    rc, out, err = run(capsys, command, "--help")
    assert rc == 0
    assert all(s in out for s in shown), out
    assert "``" not in out  # no reStructuredText markup from docstrings


def test_help_builds_without_docstrings(capsys, monkeypatch):
    # under python -OO modules have no docstrings; dose-response's description split its docstring and
    # every `il6sim --help` ended in an AttributeError
    import il6sim.cli.dose_response as dr

    monkeypatch.setattr(dr, "__doc__", None)
    rc, out, err = run(capsys, "--help")
    assert rc == 0 and "dose-response" in out, err
    rc, out, err = run(capsys, "dose-response", "--help")
    assert rc == 0 and "usage: il6sim dose-response" in out, err


def test_a_finished_sweep_run_again_says_so(capsys, tmp_path):
    # was '(none, 1 chunks already done)'
    spec = tmp_path / "s.yaml"
    spec.write_text((EXAMPLES / "sweep_receptors.yaml").read_text().replace("n: 1000", "n: 3"))
    argv = ["sweep", spec, "-o", tmp_path / "o", "--scheduler", "serial", "--no-progress"]
    assert run(capsys, *argv)[0] == 0
    rc, out, err = run(capsys, *argv)
    assert rc == 0, err
    assert "(already complete: all 1 chunk done earlier; nothing run)" in out.splitlines()[0], out


def test_an_interrupted_sweep_says_how_to_resume(capsys, tmp_path, monkeypatch):
    import il6sim.sweeps as sweeps

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(sweeps, "run_sweep", interrupted)
    rc, out, err = run(capsys, "sweep", EXAMPLES / "sweep_receptors.yaml", "-o", tmp_path / "o")
    assert rc == 130 and out == ""
    assert err == "il6sim: interrupted; run the same command again to resume (finished chunks are kept)\n"


def _fit_yaml(tmp_path) -> Path:
    (tmp_path / "data.csv").write_text("condition,time_min,observable,value\nil6,10,pSTAT3_blot,1.5\n"
                                       "il6,30,pSTAT3_blot,2\n")
    (tmp_path / "mine.yaml").write_text("measurements: data.csv\n"
                                        "conditions: {il6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]}\n"
                                        "observables: {pSTAT3_blot: {model: pSTAT3}}\nparameters: [K_SOCS3]\n")
    return tmp_path / "mine.yaml"


def test_export_petab_refuses_hepg2_options_for_another_problem(capsys, tmp_path, monkeypatch):
    # --split and --literature were ignored without a word for a fit YAML
    monkeypatch.chdir(tmp_path)
    f = _fit_yaml(tmp_path)
    rc, out, err = run(capsys, "export-petab", f, "--split", "validation", "--literature")
    assert rc == 2 and out == ""
    assert err.splitlines() == [
        f"il6sim: error: --split: only for the packaged problem given as 'hepg2' (it selects that problem's data), "
        f"not with '{f}'; write 'hepg2' or leave the option out",
        f"il6sim: error: --literature: only for the packaged problem given as 'hepg2' (it selects that problem's "
        f"data), not with '{f}'; write 'hepg2' or leave the option out"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "mine.yaml"]


def test_export_petab_names_the_default_folder_after_the_problem(capsys, tmp_path, monkeypatch):
    # a fit YAML's problem went to 'petab-hepg2'
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, "export-petab", _fit_yaml(tmp_path))
    assert rc == 0, err
    assert (tmp_path / "petab-mine" / "problem.yaml").is_file() and not (tmp_path / "petab-hepg2").exists()


def test_files_are_written_when_the_reader_of_the_table_goes_away(tmp_path):
    # `il6sim qpcr ... -o DIR | head -1`: the table is printed first; the closed pipe ended the command with
    # status 0 before its files were written
    import os
    import subprocess
    import sys

    p = subprocess.Popen([str(Path(sys.executable).parent / "il6sim"), "qpcr", str(EXAMPLES / "qpcr_cts.csv"),
                          "--reference", "GAPDH", "--control", "control", "-o", str(tmp_path / "q")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ, MPLBACKEND="Agg"))
    p.stdout.close()  # before the command writes anything
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 0, err
    assert err == ""
    assert sorted(f.name for f in (tmp_path / "q").iterdir()) == [
        "qpcr_fold_change.png", "qpcr_fold_change.svg", "qpcr_per_sample.csv", "qpcr_summary.csv"]


def test_dose_response_records_the_preset_as_the_presets_spell_it(capsys, tmp_path):
    rc, out, err = run(capsys, "dose-response", "--cell", "HepG2", "--json")
    assert rc == 0, err
    import json

    assert {c["cell"] for c in json.loads(out)["curves"]} == {"hepg2"}


def test_sobol_n_not_a_power_of_two_is_one_plain_warning(capsys, caplog, recwarn, tmp_path):
    # SALib's UserWarning printed its file, line and source on stderr
    spec = tmp_path / "s.yaml"
    spec.write_text((EXAMPLES / "sweep_sensitivity.yaml").read_text().replace(
        "  IL6R_per_cell: {dist: loguniform, low: 10, high: 5000}\n", ""))
    rc, out, err = run(capsys, "sensitivity", spec, "--n", "3", "--scheduler", "serial", "--no-progress",
                       "--no-plot", "-o", tmp_path / "o")
    assert rc == 0, err
    assert "Sobol' base samples n = 3 is not a power of 2 (e.g. 2 or 4)" in caplog.text
    assert not [w for w in recwarn if "power of 2" in str(w.message)]


def test_population_takes_no_figures_as_run_does(capsys, tmp_path):
    f = _population_spec(tmp_path, "n: 4", "n: 2")
    rc, out, err = run(capsys, "population", f, "-o", tmp_path / "o", "--scheduler", "serial", "--no-progress",
                       "--no-figures")
    assert rc == 0, err
    assert not list((tmp_path / "o").glob("*.png"))


@pytest.mark.parametrize("given, shown", [
    (["--starts", "4"], "--starts: --evaluate only evaluates the likelihood at the nominal parameters and runs no "
                        "fit; leave it out, or leave out --evaluate to fit"),
    (["--seed", "3", "--max-iter", "5", "--workers", "1"],
     "--seed, --max-iter, --workers: --evaluate only evaluates the likelihood"),
    # an explicit default is refused too: it was ignored all the same
    (["--starts", "20"], "--starts: --evaluate only evaluates the likelihood"),
])
def test_fit_evaluate_refuses_the_options_of_a_fit(capsys, monkeypatch, given, shown):
    # --starts, --seed, --max-iter and --workers were ignored without a word
    import il6sim.fitting.problem as problem

    def no_load(*a, **k):
        raise AssertionError("the problem was loaded before the options were checked")

    monkeypatch.setattr(problem, "load_problem", no_load)
    rc, out, err = run(capsys, "fit", "hepg2", "--evaluate", *given)
    assert rc == 2 and out == "", err
    assert err.startswith(f"il6sim: error: {shown}"), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_profile_from_a_fit_refuses_the_options_of_a_fit(capsys, tmp_path):
    # with --fit no fit runs: --starts, --seed and --max-iter were ignored without a word (--workers is used)
    rc, out, err = run(capsys, "profile", "hepg2", "--fit", tmp_path / "best.json", "--starts", "3", "--max-iter", "2",
                       "-o", tmp_path / "p")
    assert rc == 2 and out == "", err
    assert err.strip() == ("il6sim: error: --starts, --max-iter: --fit gives the fit, so none is run; leave them out, "
                           "or leave out --fit to fit first"), err
    assert not (tmp_path / "p").exists()


def test_export_petab_refuses_a_folder_with_files_unless_overwrite(capsys, tmp_path):
    # an earlier export (or anything else) in --out was overwritten without a word; sweeps refuse that
    out = tmp_path / "pe"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    rc, o, err = run(capsys, "export-petab", "-o", out)
    assert rc == 2 and o == "", err
    assert err.strip() == (f"il6sim: error: --out: '{out}' is not empty; choose an empty or new directory, or pass "
                           "--overwrite to replace the PEtab files in it"), err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    rc, o, err = run(capsys, "export-petab", "-o", out, "--overwrite")
    assert rc == 0, err
    assert (out / "problem.yaml").is_file() and (out / "notes.txt").read_text() == "mine"
    # an empty folder is taken as it is
    (tmp_path / "empty").mkdir()
    rc, o, err = run(capsys, "export-petab", "-o", tmp_path / "empty")
    assert rc == 0 and (tmp_path / "empty" / "problem.yaml").is_file(), err


@pytest.mark.parametrize("command, what", [("fit", "fit's files"), ("profile", "profile's files")])
def test_fit_and_profile_refuse_a_folder_with_files_unless_overwrite(capsys, tmp_path, monkeypatch, command, what):
    # they replaced the files of an earlier fit (or profile) in --out without a word; export-petab refuses that.
    # Neither resumes (calibrate sample and calibrate profiles do, and keep writing into their folder)
    import importlib

    fitting = importlib.import_module("il6sim.fitting.fit")  # the module (the package exports the function too)

    class Reached(Exception):
        pass

    def no_fit(*a, **k):
        raise Reached

    monkeypatch.setattr(fitting, "fit", no_fit)
    out = tmp_path / "o"
    out.mkdir()
    (out / "best_parameters.json").write_text("{}", encoding="utf-8")
    rc, o, err = run(capsys, command, "hepg2", "--starts", "1", "-o", out)
    assert rc == 2 and o == "", err
    assert err.strip() == (f"il6sim: error: --out: '{out}' is not empty; choose an empty or new directory, or pass "
                           f"--overwrite to replace the {what} in it"), err
    assert [p.name for p in out.iterdir()] == ["best_parameters.json"]
    # the default folder (<problem>_fit, <problem>_profile) is checked too, before any fitting
    monkeypatch.chdir(tmp_path)
    default = tmp_path / f"hepg2_training_{command}"
    default.mkdir()
    (default / "notes.txt").write_text("mine", encoding="utf-8")
    rc, o, err = run(capsys, command, "hepg2", "--starts", "1")
    assert rc == 2 and f"'{default.name}' is not empty" in err and "--overwrite" in err, err
    # with --overwrite (or an empty folder) the command goes on to fit
    for argv in (["-o", out, "--overwrite"], ["-o", tmp_path / "empty"]):
        (tmp_path / "empty").mkdir(exist_ok=True)
        with pytest.raises(Reached):
            run(capsys, command, "hepg2", "--starts", "1", *argv)


def test_fit_evaluate_refuses_overwrite_as_it_writes_nothing(capsys):
    rc, out, err = run(capsys, "fit", "hepg2", "--evaluate", "--overwrite")
    assert rc == 2 and out == "", err
    assert err.strip() == ("il6sim: error: --overwrite: --evaluate prints the likelihood and writes no files; leave "
                           "out --overwrite, or leave out --evaluate to fit"), err


def test_the_packaged_problem_is_named_in_any_case(capsys, tmp_path):
    # 'HepG2' (as the presets are spelt) gave "problem file not found"
    rc, out, err = run(capsys, "export-petab", "HepG2", "-o", tmp_path / "pe")
    assert rc == 0, err
    assert "wrote PEtab problem 'hepg2_training'" in out and (tmp_path / "pe" / "problem.yaml").is_file()
    rc, out, err = run(capsys, "fit", "HepG2", "--evaluate", "--json")
    assert rc == 0, err
    assert set(json.loads(out)) == {"nll", "constraints", "prior", "total"}


def test_a_sensitivity_ratio_with_an_empty_side_says_so(capsys, tmp_path):
    # was "--output: '' is not GROUP:OBSERVABLE:READOUT"
    rc, out, err = run(capsys, "sensitivity", EXAMPLES / "sweep_sensitivity.yaml", "--output", "trans:pSTAT3:auc / ",
                       "-o", tmp_path / "s")
    assert rc == 2 and out == ""
    assert err.strip() == ("il6sim: error: --output: 'trans:pSTAT3:auc / ': the selector after '/' is empty (a ratio "
                           "is two selectors, e.g. 'classic:pSTAT3:auc / trans:pSTAT3:auc')"), err
    assert not (tmp_path / "s").exists()


def test_a_file_that_is_no_protocol_gets_one_line_and_misspelt_keys_keep_their_hints(capsys, tmp_path):
    stray = tmp_path / "accounts.txt"
    stray.write_text("root: x:0:0\ndaemon: x:1:1\nbin: x:2:2\nsys: x\nsync: y\n")
    rc, out, err = run(capsys, "run", stray)
    lines = err.strip().splitlines()
    assert rc == 2 and out == "" and len(lines) == 1, err
    assert "not a protocol: none of its keys ('root', 'daemon', 'bin' and 2 more) is a protocol key" in lines[0]
    typo = tmp_path / "typo.yaml"
    typo.write_text("cel: huvec\ngrups: {a: []}\n")
    rc, out, err = run(capsys, "run", typo)
    assert rc == 2 and "unknown key 'cel' (did you mean 'cell'?)" in err and "(did you mean 'groups'?)" in err


def test_profile_with_a_missing_fit_file_names_what_to_give(capsys, tmp_path):
    # it said "--fit .../fit.json: best_parameters.json not found", another name than the one given
    fit = tmp_path / "fit.json"
    rc, out, err = run(capsys, "profile", "hepg2", "--fit", fit, "--params", "K_SOCS3", "-o", tmp_path / "p")
    assert rc == 2 and out == "", err
    assert err.strip() == (f"il6sim: error: --fit {fit}: file not found (give the best_parameters.json that "
                           "`il6sim fit` or `il6sim calibrate` wrote, e.g. hepg2_fit/best_parameters.json; or leave "
                           "out --fit to fit first)"), err
    assert not (tmp_path / "p").exists()
