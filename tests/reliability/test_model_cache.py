"""The on-disk caches (compiled model, SBML texts, unit conversions) can never serve stale or damaged data,
and a warm cache lets a command run without libsbml, pint or pandas."""

import os
import subprocess
import sys

import numpy as np
import pytest


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("IL6SIM_CACHE_DIR", str(d))
    monkeypatch.delenv("IL6SIM_CACHE", raising=False)
    return d


def _simulate():
    from il6sim.engine.simulator import Event, Simulator
    from il6sim.model.presets import CellSpec

    sim = Simulator()
    traj = sim.simulate(CellSpec.parse("huvec").resolve(), [Event(0, "add", "IL6", 0.5),
                                                            Event(0, "add", "sIL6R", 0.5)], [0, 15, 30, 240])
    return traj.observable("pSTAT3")


def test_cached_model_gives_the_same_numbers_as_a_fresh_compile(cache, monkeypatch):
    first = _simulate()  # compiles and saves
    assert len(list(cache.glob("model-*.rrstate"))) == 1 and len(list(cache.glob("sbml-*.json"))) == 1
    second = _simulate()  # loads the saved state
    monkeypatch.setenv("IL6SIM_CACHE", "off")
    fresh = _simulate()
    np.testing.assert_array_equal(first, fresh)
    np.testing.assert_array_equal(second, fresh)


def test_a_different_model_gets_a_different_entry(cache):
    import dataclasses

    from il6sim.engine.cache import compiled_model, sbml_texts
    from il6sim.model.reference import reference_model

    spec = reference_model()
    changed = dataclasses.replace(spec, parameters=tuple(
        dataclasses.replace(p, value=p.value * 1.5) if p.name == "V_medium" else p for p in spec.parameters))
    a, b = sbml_texts(spec), sbml_texts(changed)
    assert a != b and len(list(cache.glob("sbml-*.json"))) == 2
    ra = compiled_model(a[1])
    rr = compiled_model(b[1])
    assert len(list(cache.glob("model-*.rrstate"))) == 2
    # each entry is its own model: the changed one holds the changed value, the first one its own
    v = spec.parameter_map["V_medium"].value
    assert rr["V_medium"] == pytest.approx(1.5 * v, rel=1e-12) and ra["V_medium"] == pytest.approx(v, rel=1e-12)
    assert compiled_model(a[1])["V_medium"] == pytest.approx(v, rel=1e-12)  # loaded again from its own file


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_damaged_cache_file_is_rebuilt_not_loaded(damage, cache):
    from il6sim.diskcache import read as _read
    from il6sim.engine.cache import compiled_model, sbml_texts
    from il6sim.model.reference import reference_model

    engine_sbml = sbml_texts(reference_model())[1]
    compiled_model(engine_sbml)
    (path,) = cache.glob("model-*.rrstate")
    data = path.read_bytes()
    path.write_bytes({"truncate": data[: len(data) // 2], "flip": data[:-10] + bytes(10),
                      "garbage": os.urandom(len(data))}[damage])
    assert _read(path) is None
    rr = compiled_model(engine_sbml)  # compiles again; must not load the damaged bytes
    assert tuple(rr.model.getFloatingSpeciesIds())
    assert _read(path) is not None  # rewritten whole


def test_cache_off_writes_nothing(cache, monkeypatch):
    monkeypatch.setenv("IL6SIM_CACHE", "off")
    _simulate()
    from il6sim.units import quantity

    quantity("12.5 ng/mL")
    assert not cache.exists()


def test_remembered_unit_conversions_equal_pint(cache):
    from il6sim import units

    texts = ["10 ng/mL", "500 pM", "45 min", "2 h", "1 mL", "250 uL", "3 day", "1e-3 mg/mL"]
    fresh = [units.quantity(t) for t in texts]
    units._MEMO.clear()  # as in a new process: read back from the file
    again = [units.quantity(t) for t in texts]
    assert again == fresh and fresh[0][0] == "mass_conc" and fresh[2][0] == "time"
    assert units.to_minutes("2 h") == 120.0 and units.to_litres("250 uL") == pytest.approx(2.5e-4, rel=1e-12)


def test_a_warm_command_needs_neither_libsbml_nor_pint_nor_pandas(cache):
    code = ("import sys\nfrom il6sim.cli.main import main\nmain(['run', 'seed:sgp130fc_inhibition'])\n"
            "print(sorted(m for m in ('libsbml', 'pint', 'pandas', 'matplotlib', 'dask') if m in sys.modules))")
    env = dict(os.environ, IL6SIM_CACHE_DIR=str(cache))
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)  # warms the cache
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
