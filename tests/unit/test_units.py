import logging
import math

import pytest

from il6sim.errors import UnitError
from il6sim.units import nM_to_mass, per_cell_to_nM, nM_to_per_cell, to_litres, to_minutes, to_nM


def test_il6_mass_to_molar():
    # 10 ng/mL IL-6 at 21 kDa = 0.476 nM (EVIDENCE section 2)
    assert to_nM("10 ng/mL", 21000) == pytest.approx(0.47619, rel=1e-4)


@pytest.mark.parametrize("text,expected", [("1 nM", 1.0), ("500 pM", 0.5), ("2 uM", 2000.0), ("2 µM", 2000.0),
                                           ("1e-9 M", 1.0)])
def test_molar_units(text, expected):
    assert to_nM(text) == pytest.approx(expected)


@pytest.mark.parametrize("text,mw,expected", [("1 mg/mL", 148000, 6756.757), ("500 pg/mL", 21000, 0.0238095),
                                              ("25 ng/mL", 50000, 0.5)])
def test_mass_units(text, mw, expected):
    assert to_nM(text, mw) == pytest.approx(expected, rel=1e-5)


def test_mass_round_trip():
    assert nM_to_mass(to_nM("37 ng/mL", 21000), 21000) == pytest.approx(37.0)


@pytest.mark.parametrize("text,expected", [("45 min", 45), ("2 h", 120), ("1 day", 1440), ("30 s", 0.5),
                                           ("-45 min", -45)])
def test_times(text, expected):
    assert to_minutes(text) == pytest.approx(expected)


@pytest.mark.parametrize("bad", ["10", "ten ng/mL", "10 parsec/mL", "", "10 min"])
def test_bad_concentrations(bad):
    with pytest.raises(UnitError):
        to_nM(bad, 21000)


def test_mass_without_molecular_weight():
    with pytest.raises(UnitError, match="molecular weight"):
        to_nM("10 ng/mL")


@pytest.mark.parametrize("bad", ["15", "15 ng/mL", "soon"])
def test_bad_times(bad):
    with pytest.raises(UnitError):
        to_minutes(bad)


def test_bare_number_time_allowed_when_asked():
    assert to_minutes(15, allow_bare=True) == 15


def test_volume():
    assert to_litres("1 mL") == pytest.approx(1e-3)
    with pytest.raises(UnitError):
        to_litres("1 min")


def test_per_cell_round_trip():
    assert nM_to_per_cell(per_cell_to_nM(1200, 2e-12), 2e-12) == pytest.approx(1200)
    # 1,200 receptors in a 2 pL cell is about 1 nM
    assert per_cell_to_nM(1200, 2e-12) == pytest.approx(0.996, rel=1e-3)
    assert math.isfinite(per_cell_to_nM(0, 2e-12))


def test_an_overlong_quantity_is_refused_at_once():
    # the number pattern reads each digit one way only; a long digit string is refused before any matching
    with pytest.raises(UnitError, match="too long to be a number and a unit"):
        to_nM("1" * 20000 + " ng/mL", 21000)
    with pytest.raises(UnitError, match="too long"):
        to_minutes("9" * 500 + " min")


def test_an_integer_too_large_for_a_float_is_not_finite():
    with pytest.raises(UnitError, match="401 digits is not finite"):
        to_minutes(10 ** 400, allow_bare=True)
    from il6sim.validate import number

    assert number(10 ** 400) is None and number(10 ** 3) == 1000.0


def test_a_bare_number_for_a_time_suggests_time_units():
    with pytest.raises(UnitError, match=r"'4' has no unit \(write e.g. '4 min' or '4 h'\)"):
        to_minutes("4")
    assert to_minutes("4", allow_bare=True) == 4.0


@pytest.mark.parametrize("value", [["2 h"], None, True])
def test_a_time_or_volume_that_is_not_text_or_a_number_gets_an_example_of_its_own_kind(value):
    # to_minutes(None) said "time: expected a quantity such as '10 ng/mL'", a dose as the example
    with pytest.raises(UnitError, match=r"^time: expected a time such as '30 min' or '2 h', got "):
        to_minutes(value)
    with pytest.raises(UnitError, match=r"^volume: expected a volume such as '100 uL', got "):
        to_litres(value)
    assert to_litres("100 uL") == pytest.approx(1e-4)


@pytest.mark.parametrize("value", [["10 ng/mL"], {}, None, True])
def test_a_dose_that_is_not_text_or_a_number_is_a_unit_error(value):
    from il6sim.units import to_nM

    with pytest.raises(UnitError, match="dose: expected a quantity such as '10 ng/mL'"):
        to_nM(value, 21000)


@pytest.mark.parametrize("text,expected", [
    ("15 min", 15), ("15 mins", 15), ("1 minute", 1), ("2 minutes", 2), ("1 h", 60), ("1 hr", 60), ("2 hrs", 120),
    ("1 hour", 60), ("2 hours", 120), ("30 s", 0.5), ("30 sec", 0.5), ("30 secs", 0.5), ("90 seconds", 1.5),
    ("2 days", 2880)])
def test_common_time_spellings_parse_silently(text, expected, caplog):
    # pint read "mins" as minutes but logged 'Parsing mins yield multiple results' (milli-inches) on stderr
    from il6sim.units import parse_quantity

    with caplog.at_level(logging.DEBUG):
        q = parse_quantity.__wrapped__(text)  # past the cache: pint parses it here
    assert q.to("min").magnitude == pytest.approx(expected)
    assert to_minutes(text) == pytest.approx(expected)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


def test_time_words_inside_rates_and_other_units_are_left_alone():
    from il6sim.units import to_model_unit

    assert to_model_unit("0.5 /mins", "1/min") == pytest.approx(0.5)
    assert to_model_unit("6 1/hrs", "1/min") == pytest.approx(0.1)
    assert to_nM("10 ng/mL", 21000) == pytest.approx(0.47619, rel=1e-4)
    assert to_litres("1 mL") == pytest.approx(1e-3)


@pytest.mark.parametrize("value", [-10, "-10", " -2.5 "])
def test_a_negative_concentration_without_unit_is_not_offered_back_as_a_dose(value):
    # "'-10' has no unit (write e.g. '-10 ng/mL')" suggested a dose that is refused next
    with pytest.raises(UnitError) as exc:
        to_nM(value)
    msg = str(exc.value)
    assert "has no unit, and a concentration cannot be negative (write e.g. '10 ng/mL' or '0.5 nM')" in msg
    assert "'-" not in msg.split("write")[1]


def test_a_positive_concentration_without_unit_gets_its_own_number_with_units():
    with pytest.raises(UnitError, match=r"'25' has no unit \(write e.g. '25 ng/mL' or '25 nM'\)"):
        to_nM("25")


@pytest.mark.parametrize("text", ["10 ng mL-1", "10 ng·mL-1", "10 ng mL\u207b\u00b9", "10 ng.mL-1", "10 ng mL^-1"])
def test_journal_notation_of_a_concentration(text):
    # "ng mL-1" (SI style, as journals print it) was an unknown unit; "mL^-1" already parsed
    assert to_nM(text, 21000) == pytest.approx(0.47619, rel=1e-4)
    assert to_nM("0.5 nmol L-1") == pytest.approx(0.5)


def test_journal_notation_of_a_rate():
    from il6sim.units import to_model_unit

    assert to_model_unit("0.5 s-1", "1/min") == pytest.approx(30.0)
    assert to_model_unit("6 h-1", "1/min") == pytest.approx(0.1)


@pytest.mark.parametrize("text", ["\u221245 min", "\u201345 min"])
def test_a_minus_sign_from_a_word_processor_is_a_minus(text):
    # U+2212 (minus sign) and U+2013 (en dash), as pasted from a methods section, were "not a number"
    assert to_minutes(text) == pytest.approx(-45.0)


@pytest.mark.parametrize("text,expected", [("30 Min", 30), ("1 H", 60), ("2 Hours", 120), ("1 HR", 60),
                                           ("1 Day", 1440), ("90 Sec", 1.5)])
def test_time_words_in_capitals(text, expected):
    # pint read "30 Min" as 30 mega-inches and "1 H" as a henry: refused as "not a time"
    assert to_minutes(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["10 U/mL", "10 IU/mL", "10 units/mL", "10 mIU/ml", "5 kU/L", "10 u/mL"])
def test_units_of_activity_are_refused_with_the_remedy(text):
    # "10 u/mL" was read as 10 daltons per mL (pint's atomic mass unit): a dose of 8e-16 nM, silently
    with pytest.raises(UnitError, match="units of biological activity.*e.g. '10 ng/mL'"):
        to_nM(text, 21000)


@pytest.mark.parametrize("text", ["10,5 ng/mL", "1,000 pg/mL"])
def test_a_comma_in_the_number_names_the_decimal_point(text):
    with pytest.raises(UnitError, match="'.' as the decimal point"):
        to_nM(text, 21000)


@pytest.mark.parametrize("value, said", [
    (False, "got false"), (True, "got true"), (None, "got null"),
    (["10 ng/mL"], "got a list (give one value as text, e.g. '10 ng/mL')"),
    ({"dose": "10 ng/mL"}, "got a mapping (give one value as text, e.g. '10 ng/mL')"),
])
def test_a_dose_that_is_not_text_is_named_in_plain_words(value, said):
    # it said "got False", "got ['10 ng/mL']", "got None": Python's text for the value
    with pytest.raises(UnitError) as exc:
        to_nM(value, 21000)
    assert str(exc.value) == f"dose: expected a quantity such as '10 ng/mL', {said}"
    with pytest.raises(UnitError, match=r"^time: expected a time such as '30 min' or '2 h', got "
                                        + said.split("got ")[1].split(" (")[0]):
        to_minutes(value)


def test_a_pint_quantity_keeps_its_unit():
    # before: to_nM(ureg.Quantity(10, 'ng/mL'), 21000) was refused as "got a value of another kind", and so was a
    # time or a volume; a pint quantity of any registry is now read with its unit (never stripped to a number)
    import numpy as np
    import pint

    ureg = pint.UnitRegistry()
    assert to_nM(ureg.Quantity(10, "ng/mL"), 21000) == pytest.approx(0.47619, rel=1e-4)
    assert to_nM(ureg.Quantity(np.float64(0.5), "nM")) == pytest.approx(0.5)
    assert to_minutes(ureg.Quantity(2, "h")) == pytest.approx(120.0)
    assert to_litres(ureg.Quantity(200, "uL")) == pytest.approx(2e-4)
    with pytest.raises(UnitError, match=r"^dose: '10 minute' is not a concentration"):
        to_nM(ureg.Quantity(10, "min"), 21000)
    with pytest.raises(UnitError, match=r"^time: '2 nanomolar' is not a time"):
        to_minutes(ureg.Quantity(2, "nM"))
    with pytest.raises(UnitError, match=r"^dose: a pint quantity holding an array where one value belongs"):
        to_nM(ureg.Quantity(np.array([1.0, 2.0]), "nM"))
    with pytest.raises(UnitError, match=r"^dose: a pint quantity of inf nanomolar is not finite"):
        to_nM(ureg.Quantity(float("inf"), "nM"))


def test_to_minutes_reads_a_time_in_parts_as_protocols_do():
    # protocols read '1 h 30 min' (the lanes' labels); to_minutes, which the Python API documents for the same
    # text, refused it ("unknown unit 'h 30 min'")
    from il6sim.units import to_minutes

    assert to_minutes("1 h 30 min") == 90.0 and to_minutes("-1 h 30 min") == -90.0 and to_minutes("1 d 6 h") == 1800.0
    for bad in ("30 min 1 h", "1 h 30 mg"):
        with pytest.raises(UnitError):
            to_minutes(bad)
