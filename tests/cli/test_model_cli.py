"""``il6sim model``: the network one reaction per line; ``presets --json`` shows parameter kinds."""

import json
import subprocess
import sys


def _run(*args):
    return subprocess.run([sys.executable, "-m", "il6sim.cli.main", *args], capture_output=True, text=True, encoding="utf-8")


def test_reactions_print_one_per_line_with_rate_and_description():
    out = _run("model", "reactions")
    assert out.returncode == 0, out.stderr
    lines = [ln for ln in out.stdout.splitlines() if ln and not ln.startswith("#")]
    from il6sim.model.reference import reference_model

    assert len(lines) == len(reference_model().reactions)
    bind = [ln for ln in lines if ln.startswith("IL6 + sIL6R <-> IL6_sIL6R ;")]
    assert len(bind) == 1 and "kon_sIL6R * IL6 * sIL6R" in bind[0] and bind[0].count(" ; ") == 2


def test_expressions_are_named_once_and_json_round_trips():
    out = _run("model", "expressions", "--json")
    net = json.loads(out.stdout)
    ids = [e["id"] for e in net["expressions"]]
    assert "unit_activity" in ids and len(ids) == len(set(ids))


def test_presets_json_shows_kinds_of_preset_parameters():
    cat = json.loads(_run("presets", "cells", "--json").stdout)
    ec = next(c for c in cat["cells"] if c["name"] == "ec_overlapping")
    assert ec["parameter_kinds"]["K_erk"] == "scenario"
    assert ec["parameter_kinds"]["IL6_secretion"] == "cell"


def test_reactions_say_the_unit_of_their_rate_as_the_sbml_writes_it():
    """a.u. species' rate laws are a.u. x L/min (the SBML divides them by the volume), the others nmol/min."""
    import libsbml

    from il6sim.io.sbml import AU_RATE_FACTOR, to_sbml
    from il6sim.model.reference import reference_model

    out = _run("model", "reactions")
    assert out.returncode == 0, out.stderr
    assert "a.u. x L/min for a.u. species" in out.stdout.splitlines()[0]
    assert "d[species]/dt = rate / compartment volume" in out.stdout.splitlines()[0]
    net = json.loads(_run("model", "reactions", "--json").stdout)
    m = libsbml.readSBMLFromString(to_sbml(reference_model())).getModel()
    for r in net["reactions"]:
        law = libsbml.formulaToL3String(m.getReaction(r["id"]).getKineticLaw().getMath())
        assert r["rate_unit"] == ("a.u.*L/min" if AU_RATE_FACTOR in law else "nmol/min"), r["id"]
    assert {r["rate_unit"] for r in net["reactions"]} == {"nmol/min", "a.u.*L/min"}
