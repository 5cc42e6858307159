"""Verdict frequencies across a parameter ensemble (`il6sim compare --uncertainty`).

The fake ensembles here are built from the set's own best values (or from tables edited by hand), so
the tests say what the frequencies must be without depending on the model's numbers.
"""

import dataclasses
import json
import math
from pathlib import Path

import pandas as pd
import pytest

import il6sim.fitting.ensemble as ens
from il6sim.compare import robustness as R
from il6sim.errors import InputError, SolverError


def test_verdict_words_masks_numbers_but_not_names_or_counts():
    w = R.verdict_words
    assert w("classic peaks at 18 min, trans at 13 min (literature: 15-30 min)") == \
        "classic peaks at # min, trans at # min (literature: #-# min)"
    assert w("EC50 IL-6 + sIL-6R (equimolar) 141 pM, Hyper-IL-6 6.21 nM: ratio 23") == \
        "EC50 IL-6 + sIL-6R (equimolar) # M, Hyper-IL-6 # M: ratio #"
    # a verdict that changes in words stays different
    assert w("classic induced (2.1x / 1.6x)") != w("classic not induced (1.9x / 1.2x)")
    assert w("trans inflammatory (2/3); classic 0/3") != w("trans inflammatory (3/3); classic 0/3")
    assert w("changes classic by -0.9%") == w("changes classic by +12%") == "changes classic by #%"
    assert w("pSTAT3 and CXCL8 in gp130_only") == "pSTAT3 and CXCL8 in gp130_only"
    named = "classic -> STAT3 (matches: Zegeye 2018, seed [7] 'Overlapping and distinct')"
    assert w(named) == named


def test_members_equal_to_the_best_values_hold_every_verdict(monkeypatch):
    best = ens.parameter_set("calibrated")
    monkeypatch.setattr(ens, "ensemble", lambda name="calibrated": [dict(best) for _ in range(3)])
    vf = R.verdict_frequencies(["hrec"], pharmacology=False)
    assert vf.members_used == vf.members_requested == 3 and vf.failed == ()
    assert len(vf.rows) == len(vf.comparison.rows)
    for row, rb in zip(vf.comparison.rows, vf.rows):
        assert rb.verdict_holds_fraction == 1.0 and rb.agrees_holds_fraction == 1.0, row
        assert rb.vs_literature_holds_fraction == 1.0 and rb.alternative_verdict is None
        if row.classic is not None and math.isfinite(row.classic):
            lo, hi = rb.classic_band
            assert lo == pytest.approx(row.classic, rel=1e-9) and hi == pytest.approx(row.classic, rel=1e-9)
    # the table is the set's, and says so
    assert vf.comparison.provenance["parameters"] == best
    assert vf.comparison.provenance["ensemble"]["members_used"] == 3
    assert "'calibrated'" in vf.header() and "not with the model's default values" in vf.header()


def test_changed_and_failed_members_are_counted(monkeypatch):
    """Member 1 changes one row's verdict and agrees; member 3 fails: 2 of 3 hold, 1 failure reported."""
    from il6sim.compare.comparison import run_comparison

    real = run_comparison(["hrec"], pharmacology=False)
    target = 0
    changed_rows = list(real.rows)
    changed_rows[target] = dataclasses.replace(real.rows[target], model_verdict="something else entirely (3.5x)",
                                               agrees="no" if real.rows[target].agrees != "no" else "yes")
    changed = dataclasses.replace(real, rows=tuple(changed_rows))
    members = [{"k_imp_p": float(i)} for i in range(4)]  # only their identity matters to the fake
    monkeypatch.setattr(ens, "ensemble", lambda name="calibrated": members)
    calls = []

    def fake_run(cells, *, parameters=None, **kw):
        calls.append(parameters)
        i = parameters.get("k_imp_p")
        if i == 3.0:
            raise SolverError("CVODE failed for member 3")
        return changed if i == 1.0 else real

    monkeypatch.setattr(R, "run_comparison", fake_run)
    ticks = []
    vf = R.verdict_frequencies(["hrec"], parameters={"K_SOCS3": 0.2}, progress=lambda d, n: ticks.append((d, n)))
    assert ticks == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert all(p["K_SOCS3"] == 0.2 for p in calls)  # the caller's values on top of the best and every member
    assert vf.members_requested == 4 and vf.members_used == 3 and vf.members_failed == 1
    assert vf.failed[0][0] == 3 and "member 3" in vf.failed[0][1]
    rb = vf.rows[target]
    assert (rb.verdict_holds, rb.agrees_holds, rb.members) == (2, 2, 3)
    assert rb.verdict_holds_fraction == pytest.approx(2 / 3)
    assert rb.alternative_verdict == "something else entirely (#x)" and rb.alternative_members == 1
    assert all(r.verdict_holds == 3 for k, r in enumerate(vf.rows) if k != target)
    rec = vf.records()[target]
    assert rec["members_failed"] == 1 and rec["parameter_set"] == "calibrated"
    assert "holds in 2 of 3 members" in rec["ensemble_note"] and "1 more failed" in rec["ensemble_note"]
    assert vf.comparison.provenance["ensemble"]["members_failed"] == [{"member": 3,
                                                                       "error": "CVODE failed for member 3"}]


def test_too_few_simulated_members_is_an_error_not_a_table(monkeypatch):
    monkeypatch.setattr(ens, "ensemble", lambda name="calibrated": [{"k_imp_p": 1.0}] * 3)

    def fake_run(cells, *, parameters=None, **kw):
        if parameters.get("k_imp_p") == 1.0:
            raise SolverError("boom")
        from il6sim.compare.comparison import run_comparison
        return run_comparison(cells, pharmacology=False, parameters=parameters)

    monkeypatch.setattr(R, "run_comparison", fake_run)
    with pytest.raises(SolverError, match="only 0 of 3 members"):
        R.verdict_frequencies(["hrec"], pharmacology=False)


@pytest.mark.parametrize("n", [1, 0, 10_000, 2.5])
def test_bad_ensemble_sizes_are_input_errors(n):
    with pytest.raises(InputError, match="from 2 to"):
        ens.check_ensemble_size(n)


def test_compare_uncertainty_cli_json_csv_and_report(tmp_path, capsys):
    from il6sim.cli.main import main

    out = tmp_path / "o"
    assert main(["compare", "--cells", "hepg2", "--uncertainty", "--ensemble-size", "3", "--json",
                 "--out", str(out), "--map-grid", "0"]) == 0
    cap = capsys.readouterr()
    recs = json.loads(cap.out)
    assert "ensemble members: 100% (3/3" in cap.err  # progress lines off a terminal
    need = {"parameter_set", "members", "members_failed", "verdict_holds_fraction", "agrees_holds_fraction",
            "alternative_verdict", "ensemble_note"}
    assert recs and all(need <= set(r) for r in recs)
    assert all(r["parameter_set"] == "calibrated" and r["members"] == 3 and r["members_failed"] == 0 for r in recs)
    assert all(0.0 <= r["verdict_holds_fraction"] <= 1.0 and 0.0 <= r["agrees_holds_fraction"] <= 1.0 for r in recs)
    csv = pd.read_csv(out / "comparison.csv")
    assert need <= set(csv.columns) and len(csv) == len(recs)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Computed with the parameter set <code>calibrated</code>" in html
    assert "failed 2 of its calibration checks" in html  # and which (docs/calibration.md)
    assert html.count("data-col='ensemble'>") == len(recs) and "of 3 members" in html
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["ensemble"]["members_used"] == 3 and prov["parameters"] == ens.parameter_set("calibrated")
    assert prov["ensemble"]["failed_checks"] == ens.failed_checks("calibrated")


def test_compare_uncertainty_text_table_says_which_values(monkeypatch, capsys):
    from il6sim.cli.main import main

    best = ens.parameter_set("calibrated")
    monkeypatch.setattr(ens, "ensemble", lambda name="calibrated": [dict(best)] * 2)
    assert main(["compare", "--cells", "hrec", "--uncertainty", "--no-progress", "--map-grid", "0"]) == 0
    cap = capsys.readouterr()
    text = cap.out
    assert text.startswith("ENSEMBLE: this table is computed with the parameter set 'calibrated'")
    n_rows = text.count("  ensemble: verdict holds in 2 of 2 members; agrees holds in 2 of 2")
    # stderr: only the note on the checks the set failed when it was fitted (docs/calibration.md)
    assert n_rows > 10 and cap.err.startswith("il6sim: note: the 'calibrated' parameter set failed")
    assert len(cap.err.strip().splitlines()) == 1


@pytest.mark.parametrize("args, fragment", [
    (["--uncertainty", "--ensemble-size", "1"], "--ensemble-size: must be a whole number from 2 to"),
    (["--ensemble-size", "3"], "--ensemble-size: needs --uncertainty (got --ensemble-size 3 without it)"),
    (["--uncertainty", "--ensemble-size", "100000"], "(got 100000)"),
])
def test_compare_bad_ensemble_options_exit_2_with_one_line(args, fragment, capsys):
    from il6sim.cli.main import main

    assert main(["compare", "--cells", "hrec", *args]) == 2
    cap = capsys.readouterr()
    lines = cap.err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], cap.err
    assert cap.out == "" and "Traceback" not in cap.err


def test_compare_set_and_parameters_change_the_table_and_say_so(tmp_path, capsys):
    # `--set` applies in every cell of the table; the human-cell sgp130Fc scenario changes the S8 row
    from il6sim.cli.main import main

    assert main(["compare", "--cells", "hrec", "--json", "--map-grid", "0"]) == 0
    captured = capsys.readouterr()
    assert "computed with" not in captured.err
    plain = {(r["claim"], r["cell"], r["metric"]): r for r in json.loads(captured.out)}
    out = tmp_path / "o"
    assert main(["compare", "--cells", "hrec", "--json", "--map-grid", "0", "--set", "fc_classic_interference=10",
                 "--out", str(out)]) == 0
    captured = capsys.readouterr()
    recs = json.loads(captured.out)
    # the records keep their shape; stderr says what they were computed with
    assert "# computed with fc_classic_interference = 10, not the model's default values" in captured.err
    changed = [r for r in recs if r["claim"] == "S8" and r["classic"] != plain[(r["claim"], r["cell"], r["metric"])]["classic"]]
    assert changed, "sgp130Fc interference must change the classic side of S8"
    prov = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert prov["parameters"] == {"fc_classic_interference": 10.0}
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "not the model&#x27;s defaults" in html or "not the model's defaults" in html
    assert "fc_classic_interference = 10" in html and "--set fc_classic_interference=10" in html
    # text table: a header line naming the set and the override, in the order they apply
    assert main(["compare", "--cells", "hrec", "--map-grid", "0", "--parameters", "calibrated",
                 "--set", "fc_classic_interference=10"]) == 0
    text = " ".join(capsys.readouterr().out.split())  # the header wraps at the terminal's width
    assert text.startswith("PARAMETERS: this table is computed with the parameter set 'calibrated' and then "
                           "fc_classic_interference = 10")


def test_compare_uncertainty_applies_set_on_top_of_every_member(monkeypatch, capsys):
    from il6sim.cli.main import main

    best = ens.parameter_set("calibrated")
    seen = []
    real = R.run_comparison

    def spy(cells, **kw):
        seen.append(dict(kw["parameters"]))
        return real(cells, **kw)

    monkeypatch.setattr(ens, "ensemble", lambda name="calibrated": [dict(best)] * 2)
    monkeypatch.setattr(R, "run_comparison", spy)
    assert main(["compare", "--cells", "hrec", "--uncertainty", "--no-progress", "--map-grid", "0",
                 "--set", "fc_classic_interference=10"]) == 0
    text = " ".join(capsys.readouterr().out.split())  # the header wraps at the terminal's width
    assert text.startswith("ENSEMBLE: this table is computed with the parameter set 'calibrated' (then "
                           "fc_classic_interference = 10)")
    assert len(seen) == 3 and all(p["fc_classic_interference"] == 10.0 for p in seen)


@pytest.mark.parametrize("args, fragments", [
    (["--parameters", "nope"], ["--parameters: unknown parameter set 'nope'"]),
    (["--set", "kon_IL6R=abc", "--set", "nosuch=1"], ["--set: parameter 'kon_IL6R'", "--set: unknown parameter 'nosuch'"]),
])
def test_compare_bad_parameter_options_exit_2(args, fragments, capsys):
    from il6sim.cli.main import main

    assert main(["compare", "--cells", "hrec", *args]) == 2
    cap = capsys.readouterr()
    lines = cap.err.strip().splitlines()
    assert len(lines) == len(fragments) and all(f in line for f, line in zip(fragments, lines)), cap.err
    assert cap.out == "" and "Traceback" not in cap.err


def test_compare_help_gives_the_step_of_the_ensemble_progress_lines(capsys):
    # off a terminal the ensemble's progress is a line every 10 % of the members (docs/calibration.md);
    # --help said every 5 %
    import re

    from il6sim.cli.compare import _progress
    from il6sim.cli.main import main

    update, close = _progress(20, True)
    for i in range(20):
        update(i + 1, 20)
    close()
    lines = capsys.readouterr().err.strip().splitlines()
    steps = [int(re.match(r"ensemble members: (\d+)%", line).group(1)) for line in lines]
    step = steps[0]
    assert steps == list(range(step, 101, step)), lines
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"a line every {step} % of the ensemble's members otherwise" in help_text
    doc = (Path(__file__).resolve().parents[2] / "docs" / "calibration.md").read_text(encoding="utf-8")
    assert f"a line every {step} % of the members otherwise" in " ".join(doc.split())
