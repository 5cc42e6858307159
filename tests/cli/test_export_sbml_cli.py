"""``il6sim export-sbml``: the values written (a preset's, a named set's, --set's) and the file they simulate."""

import libsbml
import numpy as np
import pytest
import roadrunner

from cli_run import run


def _params(path):
    """Parameter id -> (value, notes) of the SBML file."""
    doc = libsbml.readSBMLFromFile(str(path))  # kept alive while its model is read
    m = doc.getModel()
    return {x.getId(): (x.getValue(), x.getNotesString()) for x in m.getListOfParameters()}


def test_set_values_are_written_with_their_source_and_simulate_as_il6sim(capsys, tmp_path):
    """A SOCS3 knockout with another K_SOCS3, exported and run in plain libroadrunner, is il6sim's own run."""
    from il6sim import CellSpec, Event
    from il6sim.engine.simulator import Simulator, SolverOptions

    out = tmp_path / "ko.xml"
    rc, text, err = run(capsys, "export-sbml", "--cell", "hepg2", "--set", "gene_SOCS3=0", "--set", "K_SOCS3=0.5", out)
    assert rc == 0, err
    assert "cell preset 'hepg2' with gene_SOCS3 = 0, K_SOCS3 = 0.5" in text
    p = _params(out)
    assert (p["gene_SOCS3"][0], p["K_SOCS3"][0]) == (0.0, 0.5)
    assert "Value 0: --set on the command line of il6sim export-sbml." in p["gene_SOCS3"][1]
    values = dict(CellSpec.parse("hepg2").resolve(), gene_SOCS3=0.0, K_SOCS3=0.5)
    t = np.array([0.0, 15.0, 60.0, 240.0])
    ours = Simulator(options=SolverOptions(rtol=1e-8, atol=1e-14)).simulate(values, [Event(0, "add", "IL6", 0.476)], t)
    rr = roadrunner.RoadRunner(str(out))
    rr.integrator.relative_tolerance, rr.integrator.absolute_tolerance = 1e-8, 1e-14
    rr.setValue("init([IL6])", 0.476)
    got = np.asarray(rr.simulate(times=t, selections=["pSTAT3"]))[:, 0]
    np.testing.assert_allclose(got, ours.observable("pSTAT3"), rtol=1e-5, atol=1e-12)


def test_a_named_parameter_set_is_written_on_top_of_the_preset(capsys, tmp_path):
    from il6sim.fitting.ensemble import parameter_set

    out = tmp_path / "phh.xml"
    rc, text, err = run(capsys, "export-sbml", "--cell", "phh", "--parameters", "calibrated", "--set", "K_SOCS3=0.3",
                        out)
    assert rc == 0, err
    assert "cell preset 'phh' with the parameter set 'calibrated' and then K_SOCS3 = 0.3" in text
    named = parameter_set("calibrated")
    p = _params(out)
    assert p["SOCS3_translation_factor"][0] == pytest.approx(named["SOCS3_translation_factor@phh"])
    assert "parameter set &apos;calibrated&apos;" in p["SOCS3_translation_factor"][1]
    assert p["K_SOCS3"][0] == 0.3  # --set comes after the named set
    assert "il6sim: note: the 'calibrated' parameter set failed" in err


@pytest.mark.parametrize("argv, line", [
    (["--set", "K_SOC=1"], "il6sim: error: --set: unknown parameter 'K_SOC' (did you mean 'K_SOCS3'?)"),
    (["--set", "K_SOCS3@huvec=1"], "il6sim: error: --set: 'K_SOCS3@huvec' applies to cells of the preset 'huvec' only"),
    (["--set", "mpn=3"], "il6sim: error: --set: parameter 'mpn' is computed from others and cannot be set"),
    (["--parameters", "calib"], "il6sim: error: --parameters: unknown parameter set 'calib' (did you mean"),
])
def test_bad_values_are_one_line_and_write_nothing(capsys, tmp_path, argv, line):
    out = tmp_path / "m.xml"
    rc, text, err = run(capsys, "export-sbml", "--cell", "hepg2", *argv, out)
    assert rc == 2 and text == "" and err.startswith(line) and len(err.splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []
