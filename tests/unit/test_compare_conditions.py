"""Seed conditions, cell parsing and the table formatting (little or no simulation)."""

import pytest

from il6sim.compare.comparison import Row, parse_cells
from il6sim.compare.conditions import SGP130FC_PREINCUBATION_MIN, seed_dose_nM, seed_protocol, time_grid
from il6sim.errors import InputError


def test_seed_doses_in_molar():
    assert seed_dose_nM("IL-6") == pytest.approx(0.476, rel=1e-3)
    assert seed_dose_nM("sIL-6R") == pytest.approx(0.5, rel=1e-3)
    assert seed_dose_nM("sgp130Fc") == pytest.approx(2.38, rel=1e-2)


def test_conditions_are_the_groups_of_one_protocol_with_preincubation():
    p = seed_protocol("hepg2")
    assert list(p.groups) == ["untreated", "classic", "trans", "hyper", "trans_sgp130Fc", "classic_sgp130Fc"]
    assert p.events("untreated") == []
    fc = [e for e in p.events("trans_sgp130Fc") if e.target == "sgp130Fc"]
    assert fc and fc[0].time == -SGP130FC_PREINCUBATION_MIN
    assert {e.target: round(e.value, 3) for e in p.events("trans")} == {"IL6": 0.476, "sIL6R": 0.5}
    assert p.cell.preset == "hepg2" and p.parameters()["IL6R_per_cell"] == 1200


def test_the_bundled_seed_protocol_holds_the_seed_doses():
    from il6sim.compare.conditions import SEED_DOSES, SEED_PROTOCOL
    from il6sim.protocols import bundled_protocols, load_protocol

    assert SEED_PROTOCOL.removeprefix("seed:") in bundled_protocols()
    p = load_protocol(SEED_PROTOCOL)
    doses = {(s.agent, s.dose_text) for steps in p.groups.values() for s in steps}
    assert doses == {(agent, dose) for agent, (dose, _) in SEED_DOSES.items()}
    assert {s.at_min for s in p.groups["trans_sgp130Fc"] if s.agent == "sgp130Fc"} == {-SGP130FC_PREINCUBATION_MIN}


def test_seed_protocol_refuses_an_unknown_cell_with_the_cell_message():
    with pytest.raises(InputError, match="unknown cell preset 'liver'"):
        seed_protocol("liver")


def test_dose_response_builder_makes_one_group_per_dose():
    from il6sim.compare.pharmacology import dose_response_protocol
    from il6sim.protocols import Step

    p = dose_response_protocol("toci", "il6r_gp130", [0.01, 1.0],
                               lambda d: [Step.adding("tocilizumab", d, -60.0), Step.adding("IL-6", 0.476)],
                               control=[Step.adding("IL-6", 0.476)])
    assert list(p.groups) == ["dose 1", "dose 2", "control"]
    assert [(e.time, e.target, e.value) for e in p.events("dose 2")] == [(-60.0, "TCZ", 1.0), (0.0, "IL6", 0.476)]
    assert [e.target for e in p.events("control")] == ["IL6"]


def test_time_grid_is_one_minute_to_24_h():
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


@pytest.mark.parametrize("cells, message", [
    ("huvec_zegeye2018,,hepg2", "item 2 of 'huvec_zegeye2018,,hepg2' is empty (a comma too many); remove the "
                                "extra comma: huvec_zegeye2018,hepg2"),
    (",hepg2,", "items 1 and 3 of ',hepg2,' are empty (a comma too many); remove the extra commas: hepg2"),
])
def test_parse_cells_refuses_an_empty_item_naming_its_position(cells, message):
    # an empty item was skipped: 'a,,b' ran a and b without a word about the comma too many
    with pytest.raises(InputError) as ei:
        parse_cells(cells)
    assert ei.value.lines() == [f"--cells: {message}"]


def test_format_table_on_constructed_rows():
    from il6sim.cli.compare import format_table

    class Fake:
        rows = (Row("STAT3 phosphorylation", "S1", "hrec", "pSTAT3 peak response", "fraction", 0.1, 0.5, 0.7, 0.02,
                    "seed", "classic moderate and transient; trans strong and sustained", "lit", "yes", "yes"),)

    text = format_table(Fake())
    assert "S1  STAT3 PHOSPHORYLATION" in text and "hrec" in text and "CLASSIFICATION RULES" in text
    assert "0.1" in text and "yes" in text


def test_a_protocol_built_in_python_refuses_unknown_observables():
    from il6sim.protocols import Protocol

    with pytest.raises(InputError, match=r"Protocol 'x', readouts: unknown observable\(s\) 'pJAK9'"):
        Protocol.build("x", "hepg2", {"g": []}, observables=["pSTAT3", "pJAK9"])


@pytest.mark.parametrize("name, near", [("pSTAT", "pSTAT3"), ("pstat3x", "pSTAT3")])
def test_a_protocol_built_in_python_suggests_the_near_observable(name, near):
    from il6sim.protocols import Protocol

    with pytest.raises(InputError) as e:
        Protocol.build("x", "hepg2", {"g": []}, observables=["pSTAT3", name])
    msg = str(e.value)
    assert f"unknown observable(s) {name!r} (did you mean {near!r}?)" in msg
    assert "known: " in msg and "pERK" in msg
