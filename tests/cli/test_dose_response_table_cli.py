"""The dose-response text tables name every column."""

from types import SimpleNamespace

from cli_run import run


def _measure_column(out: str) -> None:
    """The header names the column of EC50/IC50, right above it."""
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("curve"))
    row = next(line for line in lines if "EC50" in line and not line.startswith(("#", "pSTAT3")))
    assert "measure" in header, header
    assert header.index("measure") + len("measure") == row.index("EC50") + len("EC50"), (header, row)


def test_dose_response_table_names_the_ec50_ic50_column(capsys, monkeypatch):
    # the column of EC50/IC50 had a blank header
    import il6sim.compare.cell_dose_response as cdr
    import il6sim.compare.pharmacology as ph

    curve = SimpleNamespace(key="k", label="IL-6 (pSTAT3)", agent="IL-6", cell="huvec", kind="agonist",
                            stimulus="s", value_nM=0.1, value_text="100 pM", reached=True, note="",
                            value_ng_per_mL=2.1, hill_slope=1.0, mass_text=lambda: "2.1 ng/mL")
    monkeypatch.setattr(cdr, "cell_dose_response", lambda *a, **k: [curve])
    rc, out, err = run(capsys, "dose-response", "--cell", "huvec")
    assert rc == 0, err
    _measure_column(out)
    record = {"curve": "IL-6 on il6r_gp130", "cell": "il6r_gp130", "measure": "EC50", "value": "100 pM",
              "value_mass": "2.1 ng/mL", "hill_slope": 1.0, "reached": True, "note": ""}
    monkeypatch.setattr(ph, "run_pharmacology", lambda **k: SimpleNamespace(summary=lambda: [record],
                                                                             derived=lambda: []))
    rc, out, err = run(capsys, "dose-response")
    assert rc == 0, err
    _measure_column(out)


def test_the_other_form_s_table_left_in_the_out_folder_is_named(capsys, tmp_path):
    # the table form writes pharmacology.csv, the --cell form dose_response.csv; both write dose_response.png and
    # provenance.json, so an earlier table's pharmacology.csv stayed beside the new figure as if it were its own
    out = tmp_path / "dr"
    out.mkdir()
    (out / "pharmacology.csv").write_text("curve\n", encoding="utf-8")
    (out / "mine.txt").write_text("kept, not named\n", encoding="utf-8")
    rc, stdout, err = run(capsys, "dose-response", "--cell", "gp130_only", "-o", out)
    assert rc == 0, err
    assert err.strip() == (f"il6sim: note: {out} also holds 1 file of an earlier run that this run did not write: "
                           "pharmacology.csv; it does not belong to these results (use a new folder, or delete it)")
    assert (out / "dose_response.csv").is_file() and (out / "mine.txt").is_file()
