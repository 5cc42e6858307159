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


def test_every_column_of_the_written_tables_says_what_it_is_and_the_help_names_it(capsys, tmp_path):
    # pharmacology.csv had 'top' (the Hill fit's high-dose plateau: for an inhibitor the fraction of the response
    # it leaves, -0.04 for tocilizumab) and text columns 'value', 'value_mass' beside value_nM, value_ng_per_mL
    # that read as duplicates; the web app's download calls the text value_text, value_mass_text
    import csv
    import json

    out = tmp_path / "dr"
    rc, printed, err = run(capsys, "dose-response", "-o", out)
    assert rc == 0, err
    with open(out / "pharmacology.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["key", "curve", "agent", "cell", "kind", "stimulus", "readout", "measure", "value_nM",
                             "value_ng_per_mL", "hill_slope", "value_text", "value_mass_text", "hill_fit_r2",
                             "reached", "high_dose_plateau", "high_dose_plateau_unit", "note"]
    toci = next(r for r in rows if r["key"] == "tocilizumab_classic")
    assert toci["value_text"] == "163 nM" and toci["value_text"] in printed  # the text as the terminal shows it
    assert toci["high_dose_plateau_unit"] == "fraction of the uninhibited pSTAT3 response"
    assert abs(float(toci["high_dose_plateau"])) < 0.1  # blocks nearly all of the response: values unchanged
    rc, text, _ = run(capsys, "dose-response", "--json")
    assert rc == 0 and list(json.loads(text)["curves"][0]) == list(rows[0])
    rc, cell_printed, err = run(capsys, "dose-response", "--cell", "gp130_only", "-o", tmp_path / "one")
    assert rc == 0, err
    with open(tmp_path / "one" / "dose_response.csv", encoding="utf-8") as fh:
        one = next(csv.DictReader(fh))
    assert {"value_text", "value_mass_text"} <= set(one) and not {"value", "value_mass", "top"} & set(one)
    help_text = " ".join(run(capsys, "dose-response", "--help")[1].split())
    for column in list(rows[0]) + list(one):
        assert column in help_text, column


def test_the_ratios_printed_below_the_table_are_written_too(capsys, tmp_path):
    # the Hyper-IL-6 potency ratio and the sgp130Fc windows were printed but written to no file in -o DIR
    import csv

    out = tmp_path / "dr"
    rc, printed, err = run(capsys, "dose-response", "-o", out)
    assert rc == 0, err
    with open(out / "pharmacology_ratios.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["quantity", "value", "value_text", "literature"] and len(rows) == 5
    for r in rows:  # each as printed: 'quantity: text   (literature: ...)'
        assert f"{r['quantity']}: {r['value_text']}   (literature: {r['literature']})" in printed
    potency = rows[0]
    assert potency["quantity"].startswith("Hyper-IL-6 potency ratio") and float(potency["value"]) > 1
    assert "pharmacology_ratios.csv" in printed.splitlines()[-1]


def test_the_readme_names_every_file_the_table_form_writes():
    from pathlib import Path

    from il6sim.cli.dose_response import OUT_FILES

    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    said = readme[readme.index("`il6sim dose-response -o DIR` writes"):][:600]
    for name in ("pharmacology.csv", "pharmacology_ratios.csv", "provenance.json"):
        assert name in OUT_FILES and f"`{name}`" in said, name
    assert "--help` says what each column holds" in said


def test_the_readme_says_what_the_one_cell_form_writes(capsys, tmp_path):
    # the README's tour runs `dose-response --cell huvec --readout SOCS3_mRNA -o dr/`, but the paragraph on
    # dose-response -o named only pharmacology.csv and pharmacology_ratios.csv, which that form does not write
    import csv
    from pathlib import Path

    out = tmp_path / "dr"
    rc, printed, err = run(capsys, "dose-response", "--cell", "huvec", "--readout", "SOCS3_mRNA", "-o", out)
    assert rc == 0, err
    written = sorted(p.name for p in out.iterdir())
    assert written == ["dose_response.csv", "dose_response.png", "dose_response.svg", "provenance.json"], written
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    said = readme[readme.index("`il6sim dose-response -o DIR` writes"):][:700]
    one_cell = said[said.index("with `--cell` or `--readout`"):]
    assert "`dose_response.csv` instead of the two tables" in one_cell and "`provenance.json`" in one_cell
    assert "less `hill_fit_r2` and the plateau" in one_cell
    with open(out / "dose_response.csv", encoding="utf-8") as fh:
        columns = next(csv.reader(fh))
    assert "hill_fit_r2" not in columns and "high_dose_plateau" not in columns and "value_nM" in columns
