"""One provenance record, built from the simulator that ran, carried by every result."""

import json
import pickle

import pytest

from il6sim.engine.simulator import Simulator, SolverOptions
from il6sim.protocols import load_protocol, run_protocol
from il6sim.provenance import FIELDS, Provenance


@pytest.fixture(scope="module")
def loose():
    return Simulator(options=SolverOptions(rtol=1e-5, atol=1e-10))


def test_record_holds_the_solver_settings_that_ran_and_the_protocol(loose):
    p = Provenance.record(loose, kind="test", protocol=load_protocol("seed:trans_huvec"), seed=4, grid=[0, 1])
    assert list(p)[:len(FIELDS)] == list(FIELDS) and p["grid"] == [0, 1]
    assert (p.solver["rtol"], p.solver["atol"]) == (1e-5, 1e-10)
    assert p.model["sbml_sha256"] == loose.sbml_sha256 and p.seed == 4
    assert p.protocol["origin"] == "seed:trans_huvec"
    assert load_protocol(p.protocol["canonical"]) == load_protocol("seed:trans_huvec")
    assert p.packages["libroadrunner"] and p.packages["python"]


def test_record_is_read_only_json_and_pickles(loose):
    p = Provenance.record(loose, kind="test")
    with pytest.raises(TypeError, match="read-only"):
        p["seed"] = 1
    with pytest.raises(TypeError, match="read-only"):
        p.update(seed=1)
    assert json.loads(json.dumps(p)) == p
    assert pickle.loads(pickle.dumps(p)) == p and isinstance(pickle.loads(pickle.dumps(p)), Provenance)


def test_extra_keys_cannot_shadow_the_common_fields(loose):
    with pytest.raises(TypeError, match="clash with the common fields: solver"):
        Provenance.record(loose, kind="test", x=2, solver=1)


def test_protocol_results_carry_it_with_the_simulator_used(loose):
    res = run_protocol("seed:trans_huvec", simulator=loose, parameters={"IL6R_per_cell": 0})
    prov = res.provenance
    assert isinstance(prov, Provenance) and prov.kind == "protocol"
    assert prov.solver["rtol"] == 1e-5 and prov["parameter_overrides"] == {"IL6R_per_cell": 0.0}
    assert prov.parameters["IL6R_per_cell"] == 0.0


def test_the_comparison_carries_it(loose):
    from il6sim.compare import run_comparison

    res = run_comparison(["hepg2"], simulator=loose, pharmacology=False, command="test")
    prov = res.provenance
    assert isinstance(prov, Provenance) and prov.kind == "comparison" and prov.command == "test"
    assert prov["cells"] == ["hepg2"] and prov.protocol["origin"] == "seed:seed_comparison"
    assert prov.solver["rtol"] == 1e-5
