"""The derived ratios of the pharmacology table say when an IC50 was not reached, rather than printing a number."""

import math

import numpy as np
import pytest

from il6sim.compare.pharmacology import run_pharmacology


def test_dimer_over_monomer_ratio_is_a_bound_when_the_monomer_ic50_is_not_reached():
    # doses up to 10 nM: sgp130Fc (IC50 ~0.46 nM) is reached, natural sgp130 (~65 nM) is not
    ph = run_pharmacology(inhibitor_doses=tuple(float(x) for x in np.logspace(-3, 1, 13)),
                          agonist_doses=tuple(float(x) for x in np.logspace(-4, 1, 11)))
    assert ph.curves["sgp130Fc_trans"].reached and not ph.curves["sgp130_trans"].reached
    assert math.isinf(ph.sgp130_dimer_ratio)
    row = [d for d in ph.derived() if d["quantity"].startswith("sgp130Fc over natural sgp130")][0]
    assert row["text"].startswith("> ") and "natural sgp130 IC50 not reached" in row["text"]
    bound = float(row["text"].split()[1].replace(",", ""))
    assert abs(bound / (10.0 / ph.curves["sgp130Fc_trans"].value_nM) - 1) < 0.01  # highest dose / dimer IC50


def test_round_off_is_no_curve_and_a_missing_response_is_not_fitted():
    from il6sim.readouts.metrics import fit_hill

    d = np.logspace(-3, 2, 11)
    noise = np.array([0, 0, 0, -5e-20, 0, 8.7e-19, 0, 0, 4e-19, 0, 0])  # what a cell without gp130 returns
    fit = fit_hill(d, noise)
    assert not fit.ok and fit.message == "no response at any dose" and math.isnan(fit.ec50)
    nan = fit_hill(d, np.full(11, np.nan))  # an inhibitor whose stimulus gives nothing to inhibit
    assert not nan.ok and "finite" in nan.message
    # a real but small response is still a curve
    small = fit_hill(d, 1e-6 / (1 + 0.1 / d))
    assert small.ok and abs(small.ec50 / 0.1 - 1) < 0.01
    molar = 1e-13 / (1 + 0.1 / d)  # a real curve in very small units: flat by default, fitted with a lower floor
    assert not fit_hill(d, molar).ok and abs(fit_hill(d, molar, flat_atol=0.0).ec50 / 0.1 - 1) < 0.01


def test_a_cell_without_gp130_has_no_ec50_and_nothing_to_inhibit():
    doses = tuple(float(x) for x in np.logspace(-3, 1, 5))
    ph = run_pharmacology(inhibitor_doses=doses, agonist_doses=doses, parameters={"gp130_per_cell": 0.0})
    for c in ph.curves.values():
        assert not c.reached and math.isnan(c.value_nM), c.key
        want = "no response at any dose" if c.kind == "agonist" else "the stimulus alone gives no response"
        assert c.value_text == f"n/a ({want})", (c.key, c.value_text)
    row = [d for d in ph.derived() if d["quantity"].startswith("Hyper-IL-6 potency ratio")][0]
    assert row["text"].startswith("n/a")


def test_a_stimulus_of_round_off_only_has_nothing_to_inhibit():
    # gp130_only without gp130, read at 60 min: the stimulus alone gives +1.7e-18 (round-off, not a response),
    # and the inhibitor ratios noise / noise gave sarilumab an IC50 of 20.6 pM
    from il6sim import cell_dose_response

    doses = np.logspace(-3, 1, 5)
    curves = [c for c in cell_dose_response("gp130_only", "pSTAT3", time="60 min", agonist_doses=doses,
                                            inhibitor_doses=doses, parameters={"gp130_per_cell": 0.0})
              if c.kind == "inhibitor"]
    assert curves
    for c in curves:
        assert abs(c.control_response) < 1e-12, (c.key, c.control_response)
        assert np.isnan(c.response).all() and not c.reached, (c.key, c.response)
        assert c.value_text == "n/a (the stimulus alone gives no response)", (c.key, c.value_text)


@pytest.mark.parametrize("doses, message", [
    ([], "a curve needs at least 4 different doses for its Hill fit (got 0: [])"),
    ([-1.0, 0.1, 1.0, 10.0], "dose 1 must be a number > 0 nM (got -1.0)"),
    ([0.01, 0.0, 1.0, 10.0], "dose 2 must be a number > 0 nM (got 0.0)"),
    ([0.01, float("nan"), 1.0, 10.0], "dose 2 must be a number > 0 nM (got nan)"),
    ([0.01, 0.1, 1.0, float("inf")], "dose 4 must be a number > 0 nM (got inf)"),
    ([0.01, 0.1, 1.0, 1e9], "dose 4 is 1e+09 nM, above the 10 mM limit"),
    ([1.0, 1.0, 2.0, 2.0], "a curve needs at least 4 different doses"),
    ("1 nM", "the doses must be a list of numbers in nM (got '1 nM')"),
])
@pytest.mark.parametrize("which", ["agonist_doses", "inhibitor_doses"])
def test_both_dose_response_paths_refuse_a_bad_dose_list_alike(doses, message, which):
    from il6sim import cell_dose_response
    from il6sim.errors import InputError

    messages = []
    for f in (run_pharmacology, cell_dose_response):
        with pytest.raises(InputError) as exc:
            f(**{which: doses})
        assert len(exc.value.problems) == 1, exc.value.problems
        p = exc.value.problems[0]
        assert p.where == which and message in p.message and "give the doses in nM" in p.message, str(p)
        messages.append(str(p))
    assert messages[0] == messages[1]


def test_a_curve_names_the_unit_of_its_response():
    # a notebook user labels an axis from the curve itself, for any readout, as pharmacology's top_unit does
    from il6sim import cell_dose_response

    doses = np.logspace(-3, 1, 5)
    curves = cell_dose_response("hepg2", "pERK", agonist_doses=doses, inhibitor_doses=doses)
    units = {kind: {c.response_unit for c in curves if c.kind == kind} for kind in ("agonist", "inhibitor")}
    assert units == {"agonist": {"pERK above the untreated cell, fraction of total ERK"},
                     "inhibitor": {"fraction of the uninhibited pERK response"}}
    socs3 = cell_dose_response("hepg2", "SOCS3", agonist_doses=doses, inhibitor_doses=doses)[0]
    assert socs3.response_unit == "SOCS3 above the untreated cell, nM"
    # the pharmacology curves carry theirs, which their table's top_unit shows
    ph = run_pharmacology(inhibitor_doses=tuple(doses), agonist_doses=tuple(doses))
    for row, c in zip(ph.summary(), ph.curves.values()):
        want = ("pSTAT3 above the untreated cell, fraction of total STAT3" if c.kind == "agonist"
                else "fraction of the uninhibited pSTAT3 response")
        assert row["top_unit"] == c.response_unit == want, c.key


def test_a_misspelt_curve_key_names_the_curves_and_the_curves_are_read_only():
    # ph.curves["il6_clasic"] raised a bare KeyError, and ph.curves could be changed in place
    from il6sim.errors import UnknownNameError

    doses = tuple(float(x) for x in np.logspace(-3, 1, 5))
    ph = run_pharmacology(inhibitor_doses=doses, agonist_doses=doses)
    with pytest.raises(UnknownNameError, match=r"^unknown dose-response curve 'il6_clasic' \(did you mean "
                                               r"'il6_classic'\?\) \(known: il6_classic, "):
        ph.curves["il6_clasic"]
    with pytest.raises(TypeError, match="read-only"):
        ph.curves["il6_classic"] = None
    assert ph.curves["il6_classic"].key == "il6_classic" and "hyper_il6" in ph.curves


@pytest.mark.parametrize("dose, response, message", [
    ([1.0, 2.0, 3.0], [1.0, 2.0], r"^dose and response must be of the same length, one response per dose "
                                  r"\(got 3 doses and 2 responses\)$"),
    (["1 nM", "2 nM"], [1.0, 2.0], r"^dose must be a list of numbers in nM; convert a dose such as '10 ng/mL' "
                                   r"with il6sim\.to_nM \(got \['1 nM', '2 nM'\]\)$"),
    ([1.0, 2.0], {"a": 1.0}, r"^response must be a list of numbers \(got \{'a': 1\.0\}\)$"),
    ([[1.0, 2.0]], [[1.0, 2.0]], r"^dose must be a flat list of numbers, one per dose"),
])
def test_fit_hill_names_doses_or_responses_it_cannot_fit(dose, response, message):
    # these raised IndexError (boolean index did not match) or ValueError (could not convert string to float)
    from il6sim.errors import InputError
    from il6sim.readouts.metrics import fit_hill

    with pytest.raises(InputError, match=message):
        fit_hill(dose, response)


def test_parameter_values_given_as_the_first_argument_are_pointed_to_parameters():
    # run_pharmacology({"IL6R_per_cell": 100.0}) said only that the simulator must be a Simulator
    from il6sim.errors import InputError

    with pytest.raises(InputError, match=r"^simulator: run_pharmacology's first argument is the simulator; pass "
                                         r"parameter values as parameters=\{\.\.\.\}"):
        run_pharmacology({"IL6R_per_cell": 100.0})


def test_a_readout_undefined_in_the_cell_is_no_curve_rather_than_not_reached():
    # pSTAT3 is a fraction of total STAT3, which a STAT3 knockout lacks: every response is NaN, and the
    # agonist curves said "not reached (> 100 nM)" as if more IL-6 might get there
    from il6sim import cell_dose_response

    doses = np.logspace(-3, 1, 5)
    curves = cell_dose_response("hepg2", "pSTAT3", agonist_doses=doses, inhibitor_doses=doses,
                                parameters={"gene_STAT3": 0.0})
    assert {c.kind for c in curves} == {"agonist", "inhibitor"}
    for c in curves:
        assert not c.defined and math.isnan(c.value_nM), c.key
        assert c.value_text == "n/a (the readout is undefined in this cell)", (c.key, c.value_text)
    # the same cell's pERK is defined: its curves are fitted as before
    perk = cell_dose_response("hepg2", "pERK", agonist_doses=doses, inhibitor_doses=doses,
                              parameters={"gene_STAT3": 0.0})
    assert all(c.defined for c in perk) and any(c.reached for c in perk)


def test_an_ec50_or_ic50_below_the_doses_is_said_to_be_below_not_extrapolated():
    # doses above every EC50 (agonists from 1 nM) and IC50 (inhibitors from 1 uM): before, the Hill fit of a flat,
    # saturated curve gave numbers (ruxolitinib IC50 263 nM against 57.6 nM over the default doses; IL-6 EC50
    # 6.28 nM against 3.15 pM), and IL-6 with sIL-6R fixed read "not reached (> 100 nM)" for an EC50 below 1 nM
    ph = run_pharmacology(agonist_doses=tuple(float(x) for x in np.logspace(0, 2, 6)),
                          inhibitor_doses=tuple(float(x) for x in np.logspace(3, 4, 6)))
    for key, lowest in (("ruxolitinib_classic", "1 µM"), ("tocilizumab_classic", "1 µM"), ("sgp130_trans", "1 µM"),
                        ("il6_classic", "1 nM"), ("hyper_il6", "1 nM"), ("il6_sil6r_fixed", "1 nM")):
        c = ph.curves[key]
        assert not c.reached and c.below_range, key
        assert c.value_text == f"below the doses (< {lowest})", (key, c.value_text)
        assert math.isnan(c.value_nM) and c.mass_text() == "", key
    assert math.isnan(ph.potency_ratio)
    sgp = ph.curves["sgp130Fc_classic"]  # the default classic curve is flat at 1: nothing to be below
    assert not sgp.reached and not sgp.below_range and sgp.value_text == "not reached (> 10 µM)"


def test_a_ratio_with_an_ic50_below_the_doses_is_an_upper_bound():
    from il6sim.compare.pharmacology import DoseResponse, _ic50_ratio
    from il6sim.readouts.metrics import fit_hill

    def inhibitor(doses, ic50):
        y = 1 / (1 + doses / ic50)
        return DoseResponse("k", "k", "sgp130", "gp130_only", "inhibitor", "s", doses, y, fit_hill(doses, y), 0.5)

    d = np.logspace(-1, 3, 13)
    reached, below = inhibitor(d, 10.0), inhibitor(d, 1e-3)
    assert reached.reached and abs(reached.value_nM / 10 - 1) < 0.01
    assert not below.reached and below.below_range and below.value_text == "below the doses (< 100 pM)"
    ratio, text = _ic50_ratio(below, reached, "natural sgp130", "sgp130Fc")
    assert math.isnan(ratio) and text.startswith("< 0.01") and "below the doses" in text
    assert _ic50_ratio(reached, below, "a", "b")[1] == "n/a (b IC50 below the doses)"


def test_agonist_response_is_the_rise_above_the_untreated_cell_at_the_reading_time():
    # A cell that makes IL-6 itself starts secreting into fresh medium: with 2000 molecules per cell per minute
    # the untreated il6r_gp130 cell's pSTAT3 rises from ~0.004 to ~0.54 of STAT3 by 30 min. That rise is the
    # cell's own, not the dose's: the curve is read against the untreated cell at 30 min (as cell_dose_response
    # reads it), not against the dosed well at t = 0, which gave every dose a response of ~0.54.
    from il6sim.protocols.runner import simulate_groups

    doses = tuple(float(x) for x in np.logspace(-5, 0, 6))
    secreting = {"IL6_secretion": 2000.0}
    untreated = simulate_groups({"name": "untreated", "cell": "il6r_gp130", "groups": {"untreated": []}},
                                [0.0, 30.0], parameters=secreting)["untreated"].observable("pSTAT3")
    assert untreated[1] - untreated[0] > 0.3  # the drift the curve must not count
    curve = run_pharmacology(agonist_doses=doses, inhibitor_doses=doses, parameters=secreting).curves["il6_classic"]
    assert abs(curve.response[0]) < 0.01, curve.response  # 10 fM IL-6: nothing over the cell's own IL-6
