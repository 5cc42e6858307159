"""`il6sim dose-response --cell/--readout --out DIR` draws the curves of that cell, as the reference mode does."""

import xml.etree.ElementTree as ET

from il6sim.cli.main import main


def test_one_cell_writes_the_figure_as_png_and_svg(tmp_path, capsys):
    from PIL import Image

    out = tmp_path / "dr"
    assert main(["dose-response", "--cell", "hepg2", "--readout", "socs3_mrna", "--out", str(out)]) == 0
    assert "dose_response.png" in capsys.readouterr().out.splitlines()[-1]
    assert sorted(p.name for p in out.iterdir()) == ["dose_response.csv", "dose_response.png", "dose_response.svg",
                                                     "provenance.json"]
    with Image.open(out / "dose_response.png") as img:
        img.verify()  # a whole, readable PNG
        assert img.format == "PNG" and img.size[0] > 1000 and img.size[1] > 400
    root = ET.parse(out / "dose_response.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_figure_has_both_panels_with_units_and_names_readout_and_cell():
    import matplotlib.pyplot as plt

    from il6sim.compare.cell_dose_response import cell_dose_response
    from il6sim.report.compare_plots import cell_dose_response_figure

    curves = cell_dose_response("huvec", "pSTAT3")
    fig = cell_dose_response_figure(curves, cell="huvec", readout="pSTAT3", note="computed with the parameter set "
                                    "'calibrated'")
    try:
        ag, ih = fig.axes
        title = fig._suptitle.get_text()
        assert "huvec" in title and "pSTAT3 at 30 min" in title and "'calibrated'" in title
        assert ag.get_xscale() == ih.get_xscale() == "log"
        assert "(nM" in ag.get_xlabel() and "(nM)" in ih.get_xlabel()
        assert ag.get_ylabel() == "pSTAT3 above untreated (fraction of total STAT3)"
        assert "uninhibited response" in ih.get_ylabel()
        legend = [t.get_text() for ax in (ag, ih) for t in ax.get_legend().get_texts()]
        assert len(legend) == len(curves) == 7
        assert legend[0].startswith("IL-6: EC50 ") and legend[0].endswith(" ng/mL)")
        assert any(t.startswith("tocilizumab: IC50 ") for t in legend)
        # EC50/IC50 marked: a dotted vertical line at each value reached
        marked = sum(1 for ax in (ag, ih) for ln in ax.lines if ln.get_linestyle() == ":")
        assert marked == sum(c.reached for c in curves) >= 4
    finally:
        plt.close(fig)


def test_an_mrna_readout_is_named_as_a_lab_writes_it():
    # the title and y label read 'SOCS3_mRNA', the model's name
    import matplotlib.pyplot as plt

    from il6sim.compare.cell_dose_response import cell_dose_response
    from il6sim.report.compare_plots import cell_dose_response_figure

    fig = cell_dose_response_figure(cell_dose_response("huvec", "SOCS3_mRNA"), cell="huvec", readout="SOCS3_mRNA")
    try:
        ag = fig.axes[0]
        assert fig._suptitle.get_text() == "Dose-response in huvec: SOCS3 mRNA at 30 min"
        assert ag.get_ylabel() == "SOCS3 mRNA above untreated (a.u.)"
        assert "SOCS3_mRNA" not in ag.get_title()
    finally:
        plt.close(fig)


def test_one_cell_csv_has_the_numbers_of_the_web_download(tmp_path, capsys):
    # dose_response.csv gave the mass only as text with a thousands comma ('2,980 ng/mL') and a Hill slope
    # fitted to a curve that reaches no IC50; the web app's download gives value_nM, value_ng_per_mL, hill_slope
    import math

    import pandas as pd

    from il6sim.compare.cell_dose_response import cell_dose_response
    from il6sim.web.doseresponse import _records

    out = tmp_path / "dr"
    assert main(["dose-response", "--cell", "huvec", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2,980 ng/mL" in printed  # the terminal table as it was
    csv = pd.read_csv(out / "dose_response.csv", encoding="utf-8")
    assert "hill" not in csv
    web = pd.DataFrame(_records(cell_dose_response("huvec", "pSTAT3"), "pSTAT3", "30 min", "default"))
    assert len(csv) == len(web) == 7
    for col in ("value_nM", "value_ng_per_mL", "hill_slope"):
        assert csv[col].dtype == float, col
        pd.testing.assert_series_equal(csv[col], web[col], check_names=False, rtol=1e-9)
    toci = csv[csv["curve"].str.startswith("tocilizumab")].iloc[0]
    assert toci["value_mass_text"] == "2,980 ng/mL" and math.isclose(toci["value_ng_per_mL"], 2978.05, rel_tol=1e-3)
    flat = csv[~csv["reached"]]
    assert list(flat["curve"]) == ["sgp130Fc vs IL-6 + sIL-6R (pSTAT3)"]
    assert flat[["value_nM", "value_ng_per_mL", "hill_slope"]].isna().all(axis=None)
    assert csv.loc[csv["reached"], "hill_slope"].notna().all()
