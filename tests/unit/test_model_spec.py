import math

import pytest

from il6sim.model.agents import AGENTS, find_agent
from il6sim.model.presets import PRESETS, CellSpec
from il6sim.model.reference import reference_model
from il6sim.model.spec import Parameter, check_spec
from il6sim.errors import InputError


def test_spec_is_consistent():
    assert check_spec(reference_model()) == []


def test_every_parameter_has_unit_source_and_range():
    for p in reference_model().parameters:
        assert p.unit and p.source and p.description, p.name
        if p.kind != "derived":
            assert p.lower <= p.value <= p.upper, p.name
            assert math.isfinite(p.value)


def test_parameter_without_source_is_rejected():
    with pytest.raises(ValueError, match="source"):
        Parameter("x", 1.0, "1/min", "meaning", "", 0, 2)


def test_parameter_outside_range_is_rejected():
    with pytest.raises(ValueError, match="outside"):
        Parameter("x", 3.0, "1/min", "meaning", "assumed", 0, 2)


def test_seed_observables_exist():
    names = set(reference_model().observable_map)
    for o in ["pSTAT3", "pAkt", "pERK", "SOCS3", "SOCS3_mRNA", "ICAM1_mRNA", "CCL2_mRNA", "CXCL8_mRNA",
              "surface_IL6R", "surface_gp130", "sIL6R", "free_IL6", "IL6_sIL6R", "classic_complexes",
              "trans_complexes", "bound_IL6_per_cell"]:
        assert o in names


def test_required_presets_exist_with_sources():
    for name in ["hepg2", "hepatocyte", "huvec", "hrec", "gp130_only", "il6r_gp130", "none",
                 "huvec_zegeye2018", "ec_overlapping"]:
        assert name in PRESETS
        assert PRESETS[name].source
    assert PRESETS["gp130_only"].IL6R_per_cell == 0
    assert PRESETS["il6r_gp130"].IL6R_per_cell > 0


def test_cell_spec_overrides_and_knockouts():
    c = CellSpec.parse({"preset": "huvec", "IL6R_per_cell": 0, "knockout": ["socs3", "gp130"],
                        "parameters": {"K_SOCS3": 0.5}})
    v = c.resolve()
    assert v["IL6R_per_cell"] == 0 and v["gene_SOCS3"] == 0 and v["gene_IL6ST"] == 0 and v["K_SOCS3"] == 0.5
    assert v["gp130_per_cell"] == PRESETS["huvec"].gp130_per_cell


@pytest.mark.parametrize("name", ["Y759F", "gp130-Y759F", "y757f"])
def test_gp130_y759f_is_a_point_mutant_not_a_gene_dosage(name):
    c = CellSpec.parse({"preset": "hepg2", "knockout": [name, "SOCS3"]})
    v = c.resolve()
    assert v["gp130_Y759"] == 0 and v["gene_SOCS3"] == 0
    assert "gene_IL6ST" not in v, "the mutant keeps its gp130"
    assert c.label == "hepg2 (Y759F, SOCS3-KO)"
    assert CellSpec.parse(c.to_dict()) == c


@pytest.mark.parametrize("bad,fragment", [
    ("liver", "unknown cell preset"),
    ({"preset": "huvec", "IL6R_per_cell": -5}, ">= 0"),
    ({"preset": "huvec", "IL6R_per_cell": "many"}, "must be a number"),
    ({"preset": "huvec", "knockout": ["FOO"]}, "unknown gene"),
    ({"preset": "huvec", "parameters": {"nope": 1}}, "unknown parameter"),
    ({"preset": "huvec", "parameters": {"K_SOCS3": "x"}}, "finite number"),
    ({"preset": "huvec", "colour": "red"}, "unknown key"),
])
def test_bad_cell_specs(bad, fragment):
    with pytest.raises(InputError, match=fragment):
        CellSpec.parse(bad)


def test_all_problems_are_listed():
    with pytest.raises(InputError) as e:
        CellSpec.parse({"preset": "liver", "IL6R_per_cell": -1, "knockout": ["FOO"]})
    assert len(e.value.problems) == 3


@pytest.mark.parametrize("alias,name", [("olamkicept", "sgp130Fc"), ("IL6", "IL-6"), ("actinomycin D", "actinomycin D"),
                                        ("ActD", "actinomycin D"), ("hyper-il-6", "Hyper-IL-6"), ("CHX", "cycloheximide")])
def test_agent_aliases(alias, name):
    assert find_agent(alias).name == name


def test_agents_have_masses_and_sources():
    species = {s.name for s in reference_model().species if s.compartment == "medium"}
    for a in AGENTS.values():
        assert a.mw_g_per_mol > 0 and a.source
        assert a.species in species


def test_unknown_agent():
    with pytest.raises(InputError, match="unknown agent"):
        find_agent("aspirin")
    with pytest.raises(InputError, match=r"unknown agent 'tocilizumb' \(did you mean 'tocilizumab'\?\)"):
        find_agent("tocilizumb")


def test_specs_compare_equal_and_hash():
    assert reference_model() == reference_model()
    assert hash(reference_model().parameters) == hash(reference_model().parameters)


def test_cell_spec_pickles_and_hashes():
    import pickle

    c = CellSpec.parse({"preset": "huvec", "knockout": ["SOCS3"], "parameters": {"K_SOCS3": 0.5}})
    c2 = pickle.loads(pickle.dumps(c))
    assert c2 == c and hash(c2) == hash(c) and c2.resolve() == c.resolve()


def test_a_half_life_written_in_a_rate_description_is_the_rate_s_own():
    """'(t1/2 X min)' in a first-order rate's description must be ln 2 / value (within 10 %)."""
    import math
    import re

    from il6sim.model.parameters import reference_parameters

    checked = 0
    for p in reference_parameters():
        m = re.search(r"t1/2 ~?([\d.]+) ?(min|h)\b", p.description)
        if m and p.unit == "1/min":
            stated = float(m.group(1)) * (60.0 if m.group(2) == "h" else 1.0)
            assert abs(math.log(2) / p.value - stated) <= 0.10 * stated, (p.name, p.value, p.description)
            checked += 1
    assert checked >= 5


def test_a_parameter_that_divides_a_rate_law_cannot_be_zero():
    # tau_SOCS3 = 0 made the solver fail at its first step (exit 1 with CVODE's message), not an input error
    from il6sim.model.reference import reference_model

    spec = reference_model()
    assert {"tau_SOCS3", "tau_gp130_p", "K_SOCS3", "Ki_ruxolitinib"} <= spec._divisor_names
    assert {"K_erk", "K_prom_SOCS3"} <= spec._divisor_names  # Hill constants: K^n + S^n is 0 while S is 0
    assert not {"IL6R_per_cell", "k_exp", "gp130_Y759", "CHX"} & spec._divisor_names  # numerators, species
    probs = spec.validate_values({"tau_SOCS3": 0.0})
    assert len(probs) == 1 and "'tau_SOCS3' divides a rate law, so it must be > 0 (got 0" in probs[0]
    assert spec.validate_values({"tau_SOCS3": 0.5}) == []
    assert spec.validate_values({"k_exp": 0.0}) == []  # a rate constant of 0 switches a step off: allowed


def test_the_half_inhibition_constant_of_an_absent_drug_cannot_be_zero():
    # CHX / (CHX + IC50_cycloheximide) is 0/0 without cycloheximide: IC50 = 0 failed in the solver at its first step
    from il6sim.model.reference import reference_model

    spec = reference_model()
    assert {"IC50_cycloheximide", "IC50_actinomycinD"} <= spec._divisor_names
    assert not {"gp130_Y759", "gene_PTPN11", "fold_SHP2", "CHX", "ACTD"} & spec._divisor_names
    for name in ("IC50_cycloheximide", "IC50_actinomycinD"):
        probs = spec.validate_values({name: 0.0})
        assert len(probs) == 1 and f"'{name}' divides a rate law, so it must be > 0 (got 0" in probs[0]
        assert spec.validate_values({name: 10.0}) == []


def test_the_model_prints_as_one_line_and_its_sbml_cache_key_holds_every_value(tmp_path, monkeypatch):
    # the dataclass repr wrote out the whole model (~70,000 characters); the SBML cache was keyed on it,
    # so a short repr must not let two models that differ in one value share their SBML
    import dataclasses

    from il6sim.engine.cache import sbml_texts

    model = reference_model()
    shown = repr(model)
    assert len(shown) < 200 and shown.startswith("<ModelSpec 'il6sim_reference' ")
    assert f"{len(model.species)} species, {len(model.reactions)} reactions" in shown
    monkeypatch.setenv("IL6SIM_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("IL6SIM_CACHE", raising=False)
    p = model.parameter_map["K_SOCS3"]
    changed = dataclasses.replace(model, parameters=tuple(
        dataclasses.replace(q, value=p.value * 2) if q.name == "K_SOCS3" else q for q in model.parameters))
    assert repr(changed) == shown
    assert sbml_texts(model)[0] != sbml_texts(changed)[0]


def test_a_cell_spec_is_read_only_prints_what_was_given_and_names_an_unknown_preset():
    # CellSpec.parse("huvec") held a plain dict: c.parameters[k] = v changed the cell in place; a
    # CellSpec built directly with a misspelt preset failed later with a bare KeyError in resolve()
    import pickle

    from il6sim.errors import UnknownNameError

    for cell in (CellSpec.parse("huvec"), CellSpec(), CellSpec("huvec", parameters={"K_SOCS3": 0.2})):
        with pytest.raises(TypeError):
            cell.parameters["K_SOCS3"] = 5.0
    shared = {"K_SOCS3": 0.2}
    built = CellSpec("huvec", parameters=shared)
    shared["K_SOCS3"] = 9.0
    assert built.resolve()["K_SOCS3"] == 0.2
    assert repr(CellSpec.parse("huvec")) == "CellSpec('huvec')"
    full = CellSpec.parse({"preset": "huvec", "IL6R_per_cell": 0, "knockout": ["SOCS3"],
                           "parameters": {"K_SOCS3": 0.2}})
    assert repr(full) == "CellSpec('huvec', IL6R_per_cell=0.0, knockout=('SOCS3',), parameters={'K_SOCS3': 0.2})"
    assert pickle.loads(pickle.dumps(full)) == full and hash(full) == hash(pickle.loads(pickle.dumps(full)))
    with pytest.raises(UnknownNameError, match=r"unknown cell preset 'hepg' \(did you mean 'hepg2'\?\)"):
        CellSpec("hepg")


def test_a_cell_spec_built_directly_is_checked_as_parse_checks_it():
    # CellSpec(knockout="SOCS3") knocked out genes 'S', 'O', 'C', '3'; an unknown gene, an unknown parameter, a
    # negative or text receptor count went into resolve() unnoticed; knockout=None and parameters=None raised
    # TypeError in resolve()
    for kwargs, message in [
        (dict(IL6R_per_cell=-1), r"CellSpec.IL6R_per_cell: must be a number of molecules per cell from 0 to 100000 "
                                 r"\(got -1\)"),
        (dict(gp130_per_cell="5"), r"CellSpec.gp130_per_cell: must be a number"),
        (dict(IL6R_per_cell=float("nan")), r"CellSpec.IL6R_per_cell: must be a number"),
        (dict(knockout=["SOCS"]), r"CellSpec.knockout: unknown gene or mutant 'SOCS' \(did you mean 'SOCS3'\?\)"),
        (dict(knockout=None), r"CellSpec.knockout: must be a tuple of gene names such as \('SOCS3',\) \(got None\)"),
        (dict(parameters=None), r"CellSpec.parameters: must be a mapping parameter: value"),
        (dict(parameters=[1]), r"CellSpec.parameters: must be a mapping parameter: value"),
        (dict(parameters={"IL6R_per_cel": 1}), r"unknown parameter 'IL6R_per_cel' \(did you mean 'IL6R_per_cell'\?\)"),
        (dict(parameters={"K_SOCS3": -1}), r"parameter 'K_SOCS3' must be >= 0"),
    ]:
        with pytest.raises(InputError, match=message):
            CellSpec("huvec", **kwargs).resolve()
    one = CellSpec("huvec", knockout="SOCS3")  # one gene, as CellSpec.parse reads it
    assert one.knockout == ("SOCS3",) and one == CellSpec.parse({"preset": "huvec", "knockout": "SOCS3"})
    assert {k for k in one.resolve() if k.startswith("gene_")} == {"gene_SOCS3"}
    assert CellSpec("huvec", knockout=["gp130", "SOCS3"]).knockout == ("IL6ST", "SOCS3")
    assert CellSpec("huvec", parameters={"V_medium": "2 mL"}).resolve()["V_medium"] == pytest.approx(0.002)


def test_a_cell_preset_prints_as_one_line_without_its_sources():
    # the dataclass repr included the full source text (1,400 characters for huvec)
    for name in PRESETS:
        shown = repr(PRESETS[name])
        assert len(shown) < 320 and shown.startswith(f"<CellPreset {name!r}: "), shown
    assert "IL-6R 150/cell, gp130 3356/cell" in repr(PRESETS["huvec"]) and "Romano" not in repr(PRESETS["huvec"])


def test_every_observable_says_its_unit_in_words():
    # one place says a unit for an axis (it was written out three times: report, dose-response, population):
    # a fraction names its total, any other unit is itself
    from il6sim import reference_model

    obs = reference_model().observable_map
    assert obs["pSTAT3"].unit_words == "fraction of total STAT3"
    assert obs["pERK"].unit_words == "fraction of total ERK"
    for o in obs.values():
        words = o.unit_words
        assert words == o.unit if o.unit != "1" else words.startswith("fraction"), (o.name, words)
