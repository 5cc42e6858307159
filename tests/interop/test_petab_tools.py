"""The exported PEtab problem loads unmodified in AMICI and pyPESTO, with il6sim's likelihood.

Needs the ``interop`` extra (``pip install 'il6sim[interop]'``; AMICI builds from source
and compiles the model, about a minute here). Run alone with
``python -m pytest tests/interop -p no:xdist``.
"""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

amici = pytest.importorskip("amici", reason="AMICI not installed: pip install 'il6sim[interop]' (builds from source)")
pypesto = pytest.importorskip("pypesto", reason="pyPESTO not installed: pip install 'il6sim[interop]'")

import petab.v1 as petab  # noqa: E402

# one worker compiles the AMICI model once for all tests here (make test: --dist loadgroup)
pytestmark = pytest.mark.xdist_group("amici")

BIN = Path(sys.executable).parent


def _il6sim(*args):
    env = dict(os.environ, MPLBACKEND="Agg")
    r = subprocess.run([str(BIN / "il6sim"), *args], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The HepG2 problem as `il6sim export-petab` writes it, imported (and compiled) by AMICI."""
    from amici.importers.petab.v1 import import_petab_problem

    out = tmp_path_factory.mktemp("petab")
    _il6sim("export-petab", "--out", str(out / "problem"))
    yaml_path = out / "problem" / "problem.yaml"
    pp = petab.Problem.from_yaml(str(yaml_path))
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ['PATH']}"  # AMICI's compile needs the venv's tools
    logging.getLogger("amici").setLevel(logging.WARNING)
    model = import_petab_problem(pp, output_dir=str(out / "amici"), model_name="il6sim_hepg2", compile_=True)
    return yaml_path, pp, model, out / "amici"


@pytest.fixture(scope="module")
def il6sim_nll(exported):
    return json.loads(_il6sim("fit", str(exported[0]), "--evaluate", "--json"))["nll"]


def test_amici_likelihood_equals_il6sim_evaluate(exported, il6sim_nll):
    from amici.sim.sundials.petab.v1 import simulate_petab

    _, pp, model, _ = exported
    solver = model.create_solver()
    solver.set_relative_tolerance(1e-10)
    solver.set_absolute_tolerance(1e-14)
    res = simulate_petab(pp, amici_model=model, solver=solver)
    assert all(rd.status == 0 for rd in res["rdatas"])
    assert -res["llh"] == pytest.approx(il6sim_nll, abs=1e-3)


def test_pypesto_imports_the_problem_and_agrees(exported, il6sim_nll):
    import pypesto.petab

    _, pp, _, model_dir = exported
    importer = pypesto.petab.PetabImporter(pp, output_folder=str(model_dir), model_name="il6sim_hepg2")
    problem = importer.create_problem()
    x = pp.x_nominal_free_scaled
    assert problem.dim == len(x)
    # no priors in the HepG2 problem, so pyPESTO's objective is the negative log-likelihood
    assert problem.objective(x) == pytest.approx(il6sim_nll, abs=1e-3)


def test_a_changed_parameter_changes_both_likelihoods_alike(exported, tmp_path):
    """The agreement is not a coincidence of one point: move K_SOCS3 and compare again."""
    import shutil

    from amici.sim.sundials.petab.v1 import simulate_petab

    yaml_path, pp, model, _ = exported
    d = tmp_path / "moved"
    shutil.copytree(yaml_path.parent, d)
    par = (d / "parameters.tsv").read_text().splitlines()
    head = par[0].split("\t")
    rows = [r.split("\t") for r in par[1:]]
    for r in rows:
        if r[0] == "K_SOCS3":
            r[head.index("nominalValue")] = repr(float(r[head.index("nominalValue")]) * 3)
    (d / "parameters.tsv").write_text("\n".join(["\t".join(head)] + ["\t".join(r) for r in rows]) + "\n")
    moved = petab.Problem.from_yaml(str(d / "problem.yaml"))
    res = simulate_petab(moved, amici_model=model)
    ours = json.loads(_il6sim("fit", str(d / "problem.yaml"), "--evaluate", "--json"))["nll"]
    base = json.loads(_il6sim("fit", str(yaml_path), "--evaluate", "--json"))["nll"]
    assert abs(ours - base) > 1.0
    assert -res["llh"] == pytest.approx(ours, abs=1e-3)
