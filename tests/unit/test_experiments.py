"""The analysis scripts under docs/experiments still run against the package."""

import importlib.util
import json
from pathlib import Path

import pytest

EXPERIMENTS = Path(__file__).resolve().parents[2] / "docs" / "experiments"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXPERIMENTS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def short_fits(monkeypatch):
    """The scripts' fits stop after 5 residual evaluations per start, as `il6sim calibrate joint --quick` does.

    What these tests check (which parameters are fitted or held, that the counts and the misfit are reported)
    does not depend on how far a start gets; a start run to convergence takes ~40 s."""
    from functools import partial

    from il6sim.fitting import pypesto_engine

    monkeypatch.setattr(pypesto_engine, "PypestoOptions", partial(pypesto_engine.PypestoOptions, max_nfev=5))


def test_phh_cell_quantities_script_fits_and_reports(monkeypatch, capsys):
    mod = _load("phh_cell_quantities")
    monkeypatch.setattr(mod, "CANDIDATES", ((), ("k_tl_SOCS3",)))
    assert mod.main() == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["fitted"] for r in rows] == [[], ["k_tl_SOCS3"]]
    # re-estimating a parameter can only lower the misfit of the defaults, and lowers SOCS3 in PHH
    assert rows[1]["half_chi2"] < rows[0]["half_chi2"]
    assert rows[1]["values"]["k_tl_SOCS3"] < 0.24
    assert rows[1]["phh_SOCS3_90min"] < rows[0]["phh_SOCS3_90min"]


@pytest.mark.parametrize("name", ["joint_cell_specific"])
def test_other_experiment_scripts_import_and_name_their_variants(name):
    mod = _load(name)
    assert callable(mod.main) and () in mod.VARIANTS


@pytest.mark.parametrize("variant, fitted, fixed", [
    ({"extra": ("k_deg_SOCS3",)}, "k_deg_SOCS3", None),
    ({"fix_tl": True, "extra": ("tau_gp130_p",)}, "tau_gp130_p", "k_tl_SOCS3"),
])
def test_hepg2_socs3_excess_script_fits_its_variants(monkeypatch, capsys, variant, fitted, fixed, short_fits):
    mod = _load("hepg2_socs3_excess")
    monkeypatch.setattr(mod, "VARIANTS", {"one": variant})
    # 1 start is enough to check the wiring: the relaxed parameter is fitted and the counts reported
    assert mod.main(starts=1, workers=1) == 0
    row = json.loads(capsys.readouterr().out)
    assert fitted in row["values"] and "SOCS3_translation_factor@phh" in row["values"]
    assert fixed is None or fixed not in row["values"]
    assert row["hepg2_SOCS3_90min"] > 0 and row["half_chi2"] > 0


def test_socs3_routed_uptake_script_fits_its_variant_on_a_model_copy(monkeypatch, capsys, short_fits):
    from il6sim.engine import simulator
    from il6sim.model import reference

    mod = _load("socs3_routed_uptake")
    # the script swaps in its own copy of the model for its process: give both back after the test
    monkeypatch.setattr(reference, "_MODEL", reference._MODEL)
    monkeypatch.setattr(simulator, "_DEFAULT", {})
    monkeypatch.setattr(mod, "VARIANTS", {"fixed + uptake": {"fix_tl": True, "uptake": True}})
    assert mod.main(starts=1, workers=1) == 0
    row = json.loads(capsys.readouterr().out)
    assert "k_socs3_int" in row["values"] and "k_tl_SOCS3" not in row["values"]
    assert row["SOCS3_per_cell"]["hepg2_SOCS3_90min"] > 0 and row["half_chi2"] > 0
    rates = {r.name: r.rate for r in reference.reference_model().reactions}
    assert "unit_uptake" in rates["int_C_cl"]
    assert "h_SOCS3" in reference.reference_model().parameter_map


def test_the_reference_model_has_no_socs3_routed_uptake():
    # the experiment's copy must not leak: the shipped model keeps ligand-induced uptake only
    from il6sim.model.reference import reference_model

    assert not {"k_socs3_int", "h_SOCS3"} & set(reference_model().parameter_map)


def test_autocrine_il6_script_runs_on_a_model_copy_and_is_the_model_without_induction(monkeypatch, capsys):
    import numpy as np

    from il6sim.engine import simulator
    from il6sim.engine.simulator import Event, default_simulator
    from il6sim.model import reference
    from il6sim.model.presets import CellSpec

    wash = [Event(-240.0, "wash"), Event(0.0, "add", "sIL6R", 0.5)]
    shipped = default_simulator().simulate(CellSpec.parse("huvec").resolve(), wash, [-240, 0, 240, 1440])
    mod = _load("autocrine_il6")
    monkeypatch.setattr(reference, "_MODEL", reference._MODEL)  # give the shipped model back afterwards
    monkeypatch.setattr(simulator, "_DEFAULT", {})
    assert mod.main(variants=((1.0, 1.0), (30.0, 1.0))) == 0
    plain, induced = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    # without induction the copy computes what the model does
    assert np.allclose(plain["pSTAT3_with_sIL6R"], np.round(shipped.observable("pSTAT3"), 4), atol=2e-4)
    # an inducible IL-6 gene makes the cells' own IL-6 accumulate faster
    assert induced["control_IL6_ng_per_mL_24h"] > plain["control_IL6_ng_per_mL_24h"]
    assert "IL6g_mRNA" in {s.name for s in reference.reference_model().species}


def test_the_reference_model_secretes_il6_at_a_constant_rate():
    # the experiment's copy must not leak: in the shipped model IL-6 secretion is a constant of the cell
    from il6sim.model.reference import reference_model

    model = reference_model()
    assert "IL6g_mRNA" not in {s.name for s in model.species}
    assert "mRNA" not in {r.name: r.rate for r in model.reactions}["secrete_IL6"]


def test_socs3_plateau_script_reports_each_variant(capsys):
    mod = _load("socs3_plateau")
    assert "table" in mod.VARIANTS and mod.VARIANTS["table"] == {}
    assert mod.main({"table": {}, "a tenth of k_stat3_act": {"k_stat3_act": 0.003}}) == 0
    data, *rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # the HepG2 blots: every series with a 60 min point is down to <= 20 % of its peak rise there
    assert len(data["series"]) >= 5
    assert all(s["60"] <= 0.2 for s in data["series"].values())
    assert [r["variant"] for r in rows] == ["table", "a tenth of k_stat3_act"]
    for r in rows:
        h = r["hepg2"]
        assert h["SOCS3_mRNA_peak_min"] in mod.TIMES and 0 <= h["SOCS3_mRNA_at_120"] <= 1
        assert h["active_units_per_cell_2_6h"] < h["units_per_cell_2_6h"]  # SOCS3 silences most units
        assert set(r["side_effects"]) == {"response_at_4_bound", "bound_for_half_response", "baricitinib_IC50_nM",
                                          "CCL2_fold_classic_4h_24h", "largest_pSTAT3_share_at_120"}
    # less STAT3 activation per unit ends the SOCS3 promoter's saturation earlier, and needs more bound IL-6
    assert rows[1]["hepg2"]["SOCS3_mRNA_at_120"] < rows[0]["hepg2"]["SOCS3_mRNA_at_120"]
    assert rows[1]["hepg2"]["pSTAT3_at_60"] < rows[0]["hepg2"]["pSTAT3_at_60"]
    assert rows[1]["side_effects"]["bound_for_half_response"] > rows[0]["side_effects"]["bound_for_half_response"]


def test_socs3_plateau_figure_draws_data_and_three_sets(tmp_path, capsys):
    mod = _load("socs3_plateau")
    assert mod.CLOSEST in mod.VARIANTS
    shares = mod._data_shares("pSTAT3_total")
    assert len(shares) >= 5 and all(y.max() == 1.0 and t[0] == 0.0 for t, y in shares.values())
    out = tmp_path / "socs3.png"
    assert mod.figure(str(out)) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000


def test_serum_sgp130_script_prints_each_kind_of_row(capsys):
    mod = _load("serum_sgp130")
    assert mod.main() == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    kinds = {next(iter(r)) for r in rows}
    assert kinds == {"partition", "trans_left", "antagonism", "dimer_over_monomer"}
    for r in rows:
        if "partition" in r:
            assert abs(r["free"] + r["IL6_sIL6R"] + r["IL6_sIL6R_sgp130"] - 1) < 0.01
        if "dimer_over_monomer" in r:
            assert r["IC50_sgp130_nM"] > r["IC50_sgp130Fc_nM"]
