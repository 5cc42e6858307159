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
