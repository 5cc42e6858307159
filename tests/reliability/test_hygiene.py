"""Messages and outputs: solver noise captured, no doubled prefixes, spreadsheet-safe CSV."""

import pytest


def test_cvode_lines_go_into_the_solver_error_not_to_the_terminal(capfd):
    from il6sim.engine.simulator import Event, Simulator, SolverOptions
    from il6sim.errors import SolverError
    from il6sim.model.presets import CellSpec

    sim = Simulator(options=SolverOptions(max_steps=3))  # too few steps: CVODE gives up and says why
    with pytest.raises(SolverError) as info:
        sim.simulate(CellSpec.parse("huvec").resolve(), [Event(0, "add", "IL6", 0.5)], [0, 600], context="grp")
    out, err = capfd.readouterr()
    assert "[ERROR]" not in out + err and "[WARNING]" not in out + err and "cvodes" not in out + err
    msg = str(info.value)
    assert msg.startswith("grp: the ODE solver failed") and "mxstep steps taken before reaching tout" in msg
    assert "[ERROR]" not in msg and "\n" not in msg


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def test_a_solver_failure_reads_as_one_balanced_sentence_with_cvodes_code():
    # libroadrunner repeats CVODE's line with an unclosed parenthesis and the C++ function it came from; the
    # message keeps CVODE's sentence and code, in brackets, with short numbers, and every parenthesis closed
    from il6sim.engine.simulator import Event, Simulator, SolverOptions
    from il6sim.errors import SolverError
    from il6sim.model.presets import CellSpec

    with pytest.raises(SolverError) as info:
        Simulator(options=SolverOptions(max_steps=3)).simulate(
            CellSpec.parse("huvec").resolve(), [Event(0, "add", "IL6", 0.5)], [0, 600], context="grp")
    msg = str(info.value)
    assert msg.startswith("grp: the ODE solver failed between t = 0 and 600 min: At t = ")
    assert "mxstep steps taken before reaching tout [CV_TOO_MUCH_WORK]. Try smaller doses" in msg
    assert _balanced(msg) and "rr::" not in msg and "In virtual" not in msg and "CVODE Error" not in msg
    assert not __import__("re").search(r"\d{8,}", msg), msg  # no 15-digit times


@pytest.mark.parametrize("line, error, expected", [
    ("", "CVODE Error: CV_CONV_FAILURE: Convergence test failures occurred too many times (= MXNCF = ). ; "
         "In virtual double rr::CVODEIntegrator::integrate(double, double)",
     "CVODE Error: CV_CONV_FAILURE: Convergence test failures occurred too many times (= MXNCF = )."),
    ("At t = 1.23456789, it stopped.", "CVODE Error: CV_ERR_FAILURE: x (", "At t = 1.235, it stopped [CV_ERR_FAILURE]"),
    ("", "", "no reason given by the solver"),
])
def test_solver_reason_keeps_the_sentence_and_code_and_closes_what_it_opens(line, error, expected):
    from il6sim.engine.quiet import solver_reason

    assert solver_reason(line, error) == expected


def test_a_long_solver_reason_is_cut_at_a_word_with_its_brackets_closed():
    from il6sim.engine.simulator import _brief

    text = "(" + "word " * 60
    out = _brief(text)
    assert len(out) <= 205 and out.endswith("...)") and _balanced(out) and "wor ..." not in out
    assert _brief("  two\nlines.  ") == "two lines"


def test_other_output_during_a_simulation_still_reaches_the_terminal(capfd):
    """Only the solver's lines are taken; anything else written meanwhile is passed on."""
    import os

    from il6sim.engine.quiet import quiet_simulate

    class FakeRR:
        def simulate(self, times):
            os.write(2, b"[ERROR][rank 0][cvodes.c:1][f] At t = 1, something\nanother thread's line\n")
            return times

    assert quiet_simulate(FakeRR(), [0, 1]) == [0, 1]
    out, err = capfd.readouterr()
    assert err == "another thread's line\n" and out == ""


def _protocol(tmp_path, dose):
    f = tmp_path / "p.yaml"
    f.write_text(f"cell: huvec\ngroups: {{a: [{{at: 0 min, add: IL-6, dose: {dose}}}]}}\n")
    return f


def test_no_doubled_dose_prefix(tmp_path, cli):
    code, _, err = cli("run", _protocol(tmp_path, "1e400 ng/mL"))
    assert code == 2 and "step 1: dose: '1e400 ng/mL' is not finite" in err and "dose: dose:" not in err, err


def test_unitless_nan_dose_suggests_a_real_number(tmp_path, cli):
    code, _, err = cli("run", _protocol(tmp_path, ".nan"))
    assert code == 2 and "dose has no unit (got nan; write e.g. '10 ng/mL'" in err and "'nan ng/mL'" not in err, err


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+SUM(A1)", "-2+3+cmd|x", "@SUM(A1)"])
def test_csv_outputs_neutralise_formulas(name, tmp_path, cli):
    import csv

    f = tmp_path / "ct.csv"
    with open(f, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["sample", "condition", "gene", "ct"])
        for s, c, g, ct in [("a", "ctrl", "GAPDH", 18), ("a", "ctrl", "SOCS3", 30), (name, "il6", "GAPDH", 18),
                            (name, "il6", "SOCS3", 25)]:
            w.writerow([s, c, g, ct])
    code, _, err = cli("qpcr", f, "--reference", "GAPDH", "--control", "ctrl", "-o", tmp_path / "o")
    assert code == 0, err
    with open(tmp_path / "o" / "qpcr_per_sample.csv", newline="") as fh:
        samples = {r["sample"] for r in csv.DictReader(fh)}
    assert "'" + name in samples and name not in samples


def test_plain_numbers_and_names_are_left_alone():
    import pandas as pd

    from il6sim.io.tables import neutralise_formulas

    df = pd.DataFrame({"s": ["-5", "+1e3", "IL-6", "a=b"], "v": [-1.0, 2.0, 3.0, 4.0]})
    assert neutralise_formulas(df).equals(df)


def test_tab_and_carriage_return_starts_are_neutralised():
    import pandas as pd

    from il6sim.io.tables import neutralise_formulas

    df = pd.DataFrame({"s": ["\t=1+1", "\r=1+1"]})
    assert neutralise_formulas(df)["s"].tolist() == ["'\t=1+1", "'\r=1+1"]
