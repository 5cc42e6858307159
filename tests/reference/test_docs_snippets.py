"""Numbers that the README and docs/python-api.md quote from short runs, recomputed as the text describes them.

Each test reads the sentence, takes its numbers and checks that the code still prints them (to the rounding
the text uses), so that a change of the model or of the text that separates the two fails here.
"""

import re
from pathlib import Path

import pytest

from il6sim import load_protocol, run_protocol

ROOT = Path(__file__).resolve().parents[2]


def _text(name):
    return " ".join((ROOT / name).read_text(encoding="utf-8").split())


def _numbers(text, pattern, where):
    m = re.search(pattern, text)
    assert m, f"{where} no longer has a sentence matching {pattern!r}"
    return [float(x) for x in m.groups()]


def _pstat3(steps, cell, minutes, starvation=None):
    data = {"name": "doc check", "cell": cell, "groups": {"g": steps},
            "readouts": {"observables": ["pSTAT3", "IL6_sIL6R"], "times": [f"{m} min" for m in minutes]}}
    if starvation:
        data["serum_starvation"] = starvation
    t = run_protocol(load_protocol(data)).table
    return {(r.observable, r.time_min): r.value for r in t[t.group == "g"].itertuples()}


TRANS = [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}, {"at": "0 min", "add": "sIL-6R", "dose": "25 ng/mL"}]
PREMIXED = [{**s, "premixed": "30 min"} for s in TRANS]


def test_readme_untreated_huvec_baseline_with_and_without_starvation():
    with_, without = _numbers(_text("README.md"), r"HUVEC pSTAT3 at t = 0: ([\d.]+) with 4 h of starvation, "
                                                  r"([\d.]+) without", "README")
    assert round(_pstat3([], "huvec", [0], "4 h")[("pSTAT3", 0)], 3) == with_
    assert round(_pstat3([], "huvec", [0])[("pSTAT3", 0)], 3) == without


def test_readme_premixed_and_added_together_in_huvec():
    readme = _text("README.md")
    (complex_nM,) = _numbers(readme, r"free IL-6 and sIL-6R and ~([\d.]+) nM IL-6:sIL-6R", "README")
    together, premixed = _numbers(readme, r"HUVEC pSTAT3 at 5 min is ([\d.]+) against ([\d.]+) premixed", "README")
    a, b = _pstat3(TRANS, "huvec", [5, 10, 15, 30]), _pstat3(PREMIXED, "huvec", [0, 5, 10, 15, 30])
    assert round(b[("IL6_sIL6R", 0)], 2) == complex_nM
    assert (round(a[("pSTAT3", 5)], 2), round(b[("pSTAT3", 5)], 2)) == (together, premixed)
    for m in (10, 15, 30):  # "and the same from 10 min on": equal at the two digits quoted
        assert abs(a[("pSTAT3", m)] - b[("pSTAT3", m)]) < 0.005, m


def test_readme_premixed_example_on_gp130_only_cells():
    together, premixed, hyper, spread = _numbers(
        _text("README.md"), r"on gp130-only cells pSTAT3 at 5 min is ([\d.]+) added together, ([\d.]+) premixed, "
                            r"([\d.]+) with Hyper-IL-6 3\.3 ng/mL, and within ([\d.]+) of each other from 10 min on",
        "README")
    t = run_protocol(load_protocol(ROOT / "examples" / "premixed_trans_vs_hyper.yaml")).table
    p = t[t.observable == "pSTAT3"].pivot(index="time_min", columns="group", values="value")
    groups = ["together", "premixed", "Hyper-IL-6"]
    assert [round(p.loc[5, g], 2) for g in groups] == [together, premixed, hyper]
    later = p.loc[p.index >= 10, groups]
    assert round((later.max(axis=1) - later.min(axis=1)).max(), 3) == spread


def test_python_api_guide_band_with_five_members_and_all():
    # docs/python-api.md, section 4: how many readouts of seed:trans_huvec lie outside their band
    from il6sim import run_with_uncertainty

    outside, total, by_pct = _numbers(
        _text("docs/python-api.md"), r"`n=5` left (\d+) of its (\d+) readouts outside their band, by at most "
                                     r"([\d.]+) % of the value; with all 100 members none was outside",
        "docs/python-api.md")
    for n in (5, None):
        ur = run_with_uncertainty("seed:trans_huvec", n=n)
        t = ur.table
        beyond = (t.lower - t.value).clip(lower=0) + (t.value - t.upper).clip(lower=0)
        assert len(t) == total
        if n is None:
            assert ur.n_members == 100 and int((beyond > 0).sum()) == 0
        else:
            assert int((beyond > 0).sum()) == outside
            assert 100 * (beyond / t.value.abs()).max() == pytest.approx(by_pct, abs=0.005)


def test_docs_name_the_exported_petab_scales_and_nominal_values_as_written(tmp_path):
    # README and docs/calibration.md: scale parameter ids, and the nominal values of the HepG2 export
    import pandas as pd

    from il6sim import CellSpec, reference_model
    from il6sim.fitting import hepg2_problem
    from il6sim.fitting.petab import export_petab

    problem = hepg2_problem("training")
    paths = export_petab(problem, tmp_path / "petab", lint=False)
    par = pd.read_csv(paths["parameters"], sep="\t").set_index("parameterId")
    scales = {p for p in par.index if p.startswith("scale_")}
    pairs = set(problem.measurements.groupby(["observable", "experiment"]).groups)
    assert len(scales) >= 30
    for name in ("README.md", "docs/calibration.md"):
        templates = re.findall(r"`scale_<observable>(_+)<experiment>`", _text(name))
        assert templates, f"{name} no longer names the scale parameters"
        for sep in templates:
            assert scales <= {f"scale_{o}{sep}{e}" for o, e in pairs}, f"{name}: scale_<observable>{sep}<experiment>"
    assert "nominal values: the parameter table's" in _text("docs/calibration.md")
    nominal = {**{k: p.value for k, p in reference_model().parameter_map.items()}, **CellSpec.parse("hepg2").resolve()}
    for p in par.index.difference(sorted(scales)):
        assert par.loc[p, "nominalValue"] == pytest.approx(nominal[p]), p


def test_calibration_doc_says_how_the_petab_export_holds_scales_and_noise(tmp_path):
    # it called the scales 'estimated observable parameters', PEtab's name for the observableParameters
    # column that the export does not use (AMICI refuses time-point-specific ones)
    import pandas as pd

    from il6sim.fitting import hepg2_problem
    from il6sim.fitting.petab import export_petab

    section = _text("docs/calibration.md").split(" ## PEtab ", 1)[1]
    assert "observable parameters" not in section
    assert "Scales are estimated parameters `scale_<observable>__<experiment>`, each in the formula" in section
    assert "a model.xml whose reactions or rules differ from il6sim's is refused" in section
    paths = export_petab(hepg2_problem("training"), tmp_path / "petab", lint=False)
    meas = pd.read_csv(paths["measurements"], sep="\t")
    obs = pd.read_csv(paths["observables"], sep="\t")
    assert "observableParameters" not in meas.columns
    assert pd.to_numeric(meas["noiseParameters"]).notna().all()
    assert obs["observableFormula"].str.contains(r"^scale_\w+ \* ").sum() == len(obs) - 1


def test_readme_protocol_block_is_the_example_file_and_its_cell_comment_parses():
    import yaml

    from il6sim import CellSpec

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    assert yaml.safe_load(block) == yaml.safe_load((ROOT / "examples" / "protocol.yaml").read_text(encoding="utf-8"))
    assert load_protocol(yaml.safe_load(block)).groups.keys() == {"control", "trans", "inhibition"}
    comment = re.search(r"^cell: huvec +# or (\{.*?\}) \(or (\[\w+\]): gp130 point mutant\)$", block, re.M)
    assert comment, "the README's cell comment changed"
    cell = yaml.safe_load(comment.group(1))
    CellSpec.parse(cell)
    CellSpec.parse({**cell, "knockout": yaml.safe_load(comment.group(2))})


def test_readme_names_the_sbml_ids_of_the_observables_as_exported():
    # README, "Exports": which observables keep their name as SBML id and which become obs_<name>
    from il6sim import reference_model
    from il6sim.io.sbml import observable_ids

    ids = observable_ids(reference_model())
    readme = _text("README.md")
    m = re.search(r"Observables are assignment rules\*\* named by the observable \(([^)]*)\); where the name is "
                  r"already a species id \(([^)]*)\) the rule is `obs_<name>` \(([^)]*)\)", readme)
    assert m, "README no longer says how observables are named in the SBML export"
    kept, renamed, examples = ([n for n in re.findall(r"`(\w+)`", g)] for g in m.groups())
    assert kept and all(ids[n] == n for n in kept), kept
    assert all(ids[n] == f"obs_{n}" for n in renamed), renamed
    assert examples and all(e in ids.values() and e.startswith("obs_") for e in examples), examples
    assert "the mRNAs" in m.group(2)
    assert {n for n, i in ids.items() if i != n} == set(renamed) | {n for n in ids if n.endswith("_mRNA")}


def test_python_api_guide_counts_the_runs_of_a_sensitivity_analysis():
    # docs/python-api.md, section 7: runs per method for d parameters and n base samples or trajectories
    from il6sim import run_sensitivity

    m = re.search(r"for `d` parameters Sobol's `n` gives `n \(d \+ 2\)` runs \(`n \(2d \+ 2\)` with `second_order`; "
                  r"Morris `n \(d \+ 1\)`\)", _text("docs/python-api.md"))
    assert m, "docs/python-api.md no longer gives the runs of a sensitivity analysis"
    spec = {"protocol": "seed:trans_huvec",
            "parameters": {"IL6R_per_cell": {"dist": "loguniform", "low": 10, "high": 5000}, "K_SOCS3": {}},
            "readouts": {"observables": ["pSTAT3"], "times": ["30 min"]}}
    n, d = 2, 2
    for method, extra, runs in (("sobol", {}, n * (d + 2)), ("sobol", {"second_order": True}, n * (2 * d + 2)),
                                ("morris", {}, n * (d + 1))):
        res = run_sensitivity({**spec, "sensitivity": {"method": method, "n": n, "seed": 1, **extra,
                                                       "outputs": ["trans:pSTAT3:30"]}}, scheduler="serial", plot=False)
        assert res.sweep.n_runs == runs, (method, extra)


def test_readme_says_where_the_python_frames_keep_their_units():
    # README, after the tour: the tidy table carries the model's unit in its `unit` column, and only the wide
    # time-course frames have attrs["units"]; the text once sent readers to res.table.attrs["units"], which is empty
    m = re.search(r"the Python API's frames keep the model's units \(`res\.table`'s `unit` column: `(\S+)` for pSTAT3; "
                  r"the wide time-course frames, one column per observable, hold theirs in `attrs\[\"units\"\]`\)",
                  _text("README.md"))
    assert m, "the README no longer says where the Python frames keep their units"
    res = run_protocol(load_protocol("seed:trans_huvec"))
    assert set(res.table.loc[res.table.observable == "pSTAT3", "unit"]) == {m.group(1)}
    assert "units" not in res.table.attrs
    assert res.timecourses.attrs["units"]["pSTAT3"] == m.group(1)


def test_readme_file_and_web_limits_are_the_codes():
    # README, "Reliability" and "Web app: FastAPI ...": the size limits of user files and the web app's bounds.
    # The text once gave "tables 50 MB" for every table, lab-data tables included, which are refused above 5 MB.
    from il6sim.io import files, labtables
    from il6sim.web import tasks
    from il6sim.web.app import Settings
    from il6sim.web.pool import WorkerPool

    text = _text("README.md")
    yaml_mb, petab_mb, lab_mb, web_mb = _numbers(
        text, r"the read stops at the size limit \(YAML (\d+) MB, PEtab tables (\d+) MB, lab-data tables (\d+) MB, "
              r"(\d+) MB in the web app;", "README.md")
    assert yaml_mb * 1e6 == files.MAX_YAML_BYTES and petab_mb * 1e6 == files.MAX_TABLE_BYTES
    assert lab_mb * 1e6 == labtables.MAX_TABLE_BYTES and web_mb * 1e6 == Settings().max_upload_bytes
    assert _numbers(text, r"XLSX, up to (\d+) MB \((\d+) MB in the web app\)", "README.md") == [lab_mb, web_mb]
    jobs, wait_s, body_kb, lab_web_mb, groups, observables, times = _numbers(
        text, r"at most (\d+) jobs wait or run \(more get HTTP 503\), a request waits at most (\d+) s \(then 504\), "
              r"bodies are limited to (\d+) kB \((\d+) MB for lab tables; then 413\), and a protocol to (\d+) groups, "
              r"(\d+) observables and (\d+) readout times", "README.md")
    pool = WorkerPool.__init__.__kwdefaults__
    assert (jobs, wait_s) == (pool["max_pending"], pool["timeout_s"]) == (32, Settings().timeout_s)
    assert body_kb * 1e3 == Settings().max_body_bytes and lab_web_mb * 1e6 == Settings().max_upload_bytes
    assert (groups, observables, times) == (tasks.MAX_GROUPS, tasks.MAX_OBSERVABLES, tasks.MAX_TIMES)
