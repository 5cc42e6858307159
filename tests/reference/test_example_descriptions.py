"""The numbers the bundled protocols and the examples state in their descriptions are the ones they produce.

Each test quotes the words of a description and checks them against a run of that same file, so that the
text and the model cannot drift apart unnoticed. A "% of the rise" is the rise above the untreated group at
the same time as a fraction of the reference group's rise.
"""

from pathlib import Path

import pytest

from il6sim import load_protocol, run_protocol

ROOT = Path(__file__).resolve().parents[2]


def _load(source):
    return load_protocol(source if source.startswith("seed:") else ROOT / source)


def _value(table, group, observable, minute):
    rows = table[(table.group == group) & (table.observable == observable) & (table.time_min == minute)]
    assert len(rows) == 1, (group, observable, minute)
    return float(rows.value.iloc[0])


def _rise_kept(table, group, reference, observable, minute, untreated="control"):
    rest = _value(table, untreated, observable, minute)
    return (_value(table, group, observable, minute) - rest) / (_value(table, reference, observable, minute) - rest)


def _says(protocol, *phrases):
    text = " ".join(protocol.description.split())
    for phrase in phrases:
        assert phrase in text, f"{protocol.name!r} no longer says {phrase!r}"


def test_classic_hepatocyte_shuts_off_slowly_and_keeps_a_plateau():
    protocol = _load("seed:classic_hepatocyte")
    _says(protocol, "rat hepatocytes", "back near baseline by 60-90 min (Thiel et al.)",
          "peaks at about 6 min (0.79 of STAT3), is 0.67 at 30 min, 0.35 at 1 h and 0.17 at 90 min",
          "from 2 h to 24 h stays at 0.12-0.15", "some 30 times the untreated level")
    minutes = [0, 2, 4, 5, 6, 7, 8, 10, 12, 15, 30, 60, 90, 120, 240, 480, 1440]
    data = protocol.to_dict()
    data["readouts"] = {"observables": ["pSTAT3", "SOCS3"], "times": [f"{m} min" for m in minutes]}
    t = run_protocol(load_protocol(data)).table
    s = t[t.group == "IL-6 10 ng/mL"].set_index("time_min")
    p = s[s.observable == "pSTAT3"].value
    assert p.idxmax() == 6 and round(p.max(), 2) == 0.79
    assert [round(p[m], 2) for m in (30, 60, 90)] == [0.67, 0.35, 0.17]
    late = p[p.index >= 120]
    assert 0.12 <= late.min() and late.max() <= 0.15
    untreated = t[(t.group == "control") & (t.observable == "pSTAT3")].set_index("time_min").value
    assert 25 <= p[90] / untreated[90] and 25 <= late.min() / untreated[1440] <= 35, "not near baseline"
    socs3 = s[s.observable == "SOCS3"].value
    rest = t[(t.group == "control") & (t.observable == "SOCS3")].value.max()
    assert socs3[1440] > 10 * rest, "induced SOCS3 stays high"


def test_trans_huvec_adds_akt_erk_and_duration_to_a_mostly_classic_pstat3():
    protocol = _load("seed:trans_huvec")
    _says(protocol, "150 IL-6R per cell", "0.50 against 0.63 with sIL-6R at 15 min", "about 3.7 times")
    t = run_protocol(protocol).table
    assert round(_value(t, "classic", "pSTAT3", 15), 2) == 0.50 and round(_value(t, "trans", "pSTAT3", 15), 2) == 0.63
    for observable in ("pAkt", "pERK"):
        ratio = 1 / _rise_kept(t, "classic", "trans", observable, 15)
        assert 3.5 <= ratio <= 3.9, (observable, ratio)
    for observable in ("pSTAT3", "SOCS3_mRNA"):
        assert _value(t, "trans", observable, 240) > 1.5 * _value(t, "classic", observable, 240)
    assert _value(t, "control", "pSTAT3", 30) < _value(t, "sIL-6R alone", "pSTAT3", 30) < 0.05


def test_sgp130fc_inhibition_in_huvec_leaves_the_classic_part_of_pstat3():
    protocol = _load("seed:sgp130fc_inhibition")
    _says(protocol, "about 90 % of the Akt and ERK rise", "leaves 62 % of the pSTAT3 (0.39 against 0.63)",
          "less than IL-6 alone gives (0.50, seed:trans_huvec)")
    t = run_protocol(protocol).table
    for observable in ("pAkt", "pERK"):
        assert 0.08 <= _rise_kept(t, "inhibition", "trans", observable, 15) <= 0.12, observable
    left, full = _value(t, "inhibition", "pSTAT3", 15), _value(t, "trans", "pSTAT3", 15)
    assert (round(left, 2), round(full, 2), round(left / full, 2)) == (0.39, 0.63, 0.62)
    classic = run_protocol(_load("seed:trans_huvec")).table
    assert left < _value(classic, "classic", "pSTAT3", 15)
    _says(protocol, "On IL-6 alone it has no effect (seed:seed_comparison, classic_sgp130Fc)")
    data = _load("seed:seed_comparison").to_dict()
    data["cell"] = protocol.to_dict()["cell"]
    both = run_protocol(load_protocol(data)).table
    for m in (15, 30):
        assert _rise_kept(both, "classic_sgp130Fc", "classic", "pSTAT3", m, untreated="untreated") > 0.999


def test_blood_sgp130_leaves_over_half_of_il6_free_and_most_trans_signalling():
    protocol = _load("examples/blood_sil6r_sgp130.yaml")
    _says(protocol, "56 % of the dose at 30 min, against 79 % without sgp130",
          "87 % of the trans pSTAT3 rise is left at 30 min", "(2 % left)")
    t = run_protocol(protocol).table
    dose_nM = 1e-6 / 21000 * 1e9  # 1 ng/mL of IL-6, 21 kDa
    assert round(_value(t, "IL-6 + blood sIL-6R and sgp130", "free_IL6", 30) / dose_nM, 2) == 0.56
    assert round(_value(t, "IL-6 + blood sIL-6R", "free_IL6", 30) / dose_nM, 2) == 0.79
    assert round(_rise_kept(t, "IL-6 + blood sIL-6R and sgp130", "IL-6 + blood sIL-6R", "pSTAT3", 30), 2) == 0.87
    assert _rise_kept(t, "same + sgp130Fc 500 ng/mL", "IL-6 + blood sIL-6R", "pSTAT3", 30) < 0.025


def test_sgp130fc_cuts_classic_signalling_where_sil6r_exceeds_il6():
    protocol = _load("examples/sgp130fc_il6_sil6r_ratio.yaml")
    _says(protocol, "85 % and 50 % of that of IL-6 alone at 15 min, 56 % and 29 % at 30 min, 13 % and 6 % at 1 h",
          "(classic complexes 7 % and 1 % at 30 min)", "the response is unchanged")
    t = run_protocol(protocol).table
    kept = {(g, m): round(100 * _rise_kept(t, g, "IL-6 1 ng/mL", "pSTAT3", m))
            for g in ("sgp130Fc, IL-6 1 + sIL-6R 25", "sgp130Fc, IL-6 1 + sIL-6R 100") for m in (15, 30, 60)}
    assert list(kept.values()) == [85, 56, 13, 50, 29, 6], kept
    complexes = [_value(t, g, "classic_complexes", 30) / _value(t, "IL-6 1 ng/mL", "classic_complexes", 30)
                 for g in ("sgp130Fc, IL-6 1 + sIL-6R 25", "sgp130Fc, IL-6 1 + sIL-6R 100")]
    assert [round(100 * c) for c in complexes] == [7, 1]
    for m in (15, 30, 60):
        assert _rise_kept(t, "sgp130Fc, IL-6 1", "IL-6 1 ng/mL", "pSTAT3", m) > 0.98
        assert _rise_kept(t, "sgp130Fc, IL-6 100 + sIL-6R 25", "IL-6 100 ng/mL", "pSTAT3", m) > 0.98


@pytest.mark.parametrize("knockout", [None, "SOCS3"])
def test_desensitisation_is_socs3_not_receptor_loss(knockout):
    protocol = _load("examples/desensitisation_hepg2.yaml")
    _says(protocol, "pSTAT3 0.23 against 0.72 at 2 h 15 min, 0.72 against 0.72 at 8 h 15 min",
          "15 times its resting level at 2 h, back near it by 4 h", "(half at 2 h)",
          "{preset: hepg2, knockout: [SOCS3]} the response at 2 h 15 min is full")
    if knockout:
        data = protocol.to_dict()
        data["cell"] = {"preset": "hepg2", "knockout": [knockout]}
        protocol = load_protocol(data)
    t = run_protocol(protocol).table
    again, naive = _value(t, "pulse, again at 2 h", "pSTAT3", 135), _value(t, "naive 2 h", "pSTAT3", 135)
    il6r = _value(t, "pulse", "surface_IL6R", 120) / _value(t, "control", "surface_IL6R", 120)
    assert round(il6r, 1) == 0.5, "IL-6R is down by half at 2 h with or without SOCS3"
    if knockout:
        assert again / naive > 0.98
        return
    assert (round(again, 2), round(naive, 2)) == (0.23, 0.72)
    assert round(_value(t, "pulse, again at 8 h", "pSTAT3", 495), 2) == round(_value(t, "naive 8 h", "pSTAT3", 495), 2)
    socs3 = [_value(t, "pulse", "SOCS3", m) / _value(t, "control", "SOCS3", m) for m in (120, 240)]
    assert round(socs3[0]) == 15 and socs3[1] < 2
