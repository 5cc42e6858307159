"""Seed conditions, cell parsing and the table formatting (little or no simulation)."""

import pytest

from il6sim.compare.comparison import Row, parse_cells
from il6sim.compare.conditions import SGP130FC_PREINCUBATION_MIN, seed_conditions, seed_dose_nM, time_grid
from il6sim.errors import InputError


def test_seed_doses_in_molar():
    assert seed_dose_nM("IL-6") == pytest.approx(0.476, rel=1e-3)
    assert seed_dose_nM("sIL-6R") == pytest.approx(0.5, rel=1e-3)
    assert seed_dose_nM("sgp130Fc") == pytest.approx(2.38, rel=1e-2)


def test_conditions_and_preincubation():
    c = seed_conditions()
    assert list(c) == ["untreated", "classic", "trans", "hyper", "trans_sgp130Fc", "classic_sgp130Fc"]
    assert c["untreated"].events == ()
    fc = [e for e in c["trans_sgp130Fc"].events if e.target == "sgp130Fc"]
    assert fc and fc[0].time == -SGP130FC_PREINCUBATION_MIN
    assert {e.target for e in c["trans"].events} == {"IL6", "sIL6R"}
    t = time_grid()
    assert t[0] == 0 and t[-1] == 1440 and len(t) == 1441


def test_parse_cells_lists_every_unknown_name():
    assert parse_cells("hepg2, HUVEC") == ["hepg2", "huvec"]
    with pytest.raises(InputError) as ei:
        parse_cells("hepg2,nope,none,zzz")
    lines = ei.value.lines()
    assert len(lines) == 3 and any("'nope'" in x for x in lines) and any("no cells" in x for x in lines)
    with pytest.raises(InputError):
        parse_cells("")


def test_format_table_on_constructed_rows():
    from il6sim.cli.compare import format_table

    class Fake:
        rows = (Row("STAT3 phosphorylation", "S1", "hrec", "pSTAT3 peak response", "fraction", 0.1, 0.5, 0.7, 0.02,
                    "seed", "classic moderate and transient; trans strong and sustained", "lit", "yes", "yes"),)

    text = format_table(Fake())
    assert "S1  STAT3 PHOSPHORYLATION" in text and "hrec" in text and "CLASSIFICATION RULES" in text
    assert "0.1" in text and "yes" in text
