"""Lab tables from CSV/TSV/XLSX with instrument header lines; conditions kept in input order."""

from pathlib import Path

import pandas as pd
import pytest

from il6sim.errors import InputError
from il6sim.fitting.labdata import densitometry_ratios, qpcr_fold_change
from il6sim.io.labtables import read_lab_table

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
QPCR = ["sample", "condition", "gene", "ct", "sample name", "target name", "cq"]


def test_header_lines_of_an_export_are_skipped():
    text = (b"* Block Type = 96-well\n* Chemistry = SYBR_GREEN\n\n[Results]\n"
            b"Well\tSample Name\tTarget Name\tCT\nA1\ta\tGAPDH\t18.1\nA2\ta\tSOCS3\tUndetermined\n\n")
    df = read_lab_table(text, "export.txt", QPCR)
    assert list(df.columns) == ["Well", "Sample Name", "Target Name", "CT"]
    assert df["CT"].tolist() == ["18.1", "Undetermined"]


def test_xlsx_with_header_lines(tmp_path):
    path = tmp_path / "cts.xlsx"
    with pd.ExcelWriter(path) as w:
        pd.DataFrame([["Instrument", "cycler"]]).to_excel(w, index=False, header=False)
        pd.read_csv(EXAMPLES / "qpcr_cts.csv").to_excel(w, index=False, startrow=3)
    got = qpcr_fold_change(path, reference="GAPDH", control="control").summary
    want = qpcr_fold_change(EXAMPLES / "qpcr_cts.csv", reference="GAPDH", control="control").summary
    pd.testing.assert_frame_equal(got, want)


def test_no_header_row_is_a_clear_error():
    with pytest.raises(InputError, match="no header row found"):
        read_lab_table(b"1,2,3\n4,5,6\n", "numbers.csv", QPCR)


def test_a_damaged_workbook_is_a_clear_error():
    with pytest.raises(InputError, match="cannot read as an XLSX workbook"):
        read_lab_table(b"PK\x03\x04 not really a zip", "bad.xlsx", QPCR)


def test_conditions_keep_their_input_order():
    qs = qpcr_fold_change(EXAMPLES / "qpcr_cts.csv", reference="GAPDH", control="control").summary
    assert list(dict.fromkeys(qs["condition"])) == ["control", "trans", "inhibition"]
    assert list(dict.fromkeys(qs["gene"])) == ["SOCS3", "CCL2"]
    ds = densitometry_ratios(EXAMPLES / "densitometry.csv", target="pSTAT3", normaliser="STAT3",
                             control="control").summary
    assert ds["condition"].tolist() == ["control", "trans", "inhibition"]


def test_qpcr_and_densitometry_write_their_plots(tmp_path):
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "il6sim"
    env = dict(os.environ, MPLBACKEND="Agg")
    q = subprocess.run([str(exe), "qpcr", str(EXAMPLES / "qpcr_cts.csv"), "--reference", "GAPDH", "--control",
                        "control", "-o", str(tmp_path / "q")], capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    d = subprocess.run([str(exe), "densitometry", str(EXAMPLES / "densitometry.csv"), "--target", "pSTAT3",
                        "--normalise-to", "STAT3", "--control", "control", "-o", str(tmp_path / "d")],
                       capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert q.returncode == 0 and d.returncode == 0, q.stderr + d.stderr
    for f in ("q/qpcr_fold_change.png", "q/qpcr_fold_change.svg", "d/densitometry.png", "d/densitometry.svg"):
        assert (tmp_path / f).stat().st_size > 1000, f
    # conditions print in the order of the file
    rows = [ln.split()[0] for ln in q.stdout.splitlines()[1:] if ln.strip() and not ln.startswith("->")]
    assert list(dict.fromkeys(rows)) == ["control", "trans", "inhibition"]


def test_a_table_with_an_overlong_line_is_refused():
    with pytest.raises(InputError, match="a line of 200,000 characters"):
        read_lab_table(b"sample,gene,ct\n" + b"x" * 200_000 + b"\n", "x.csv", QPCR)


def test_a_text_table_named_xlsx_is_read_as_text():
    df = read_lab_table(b"Sample,Gene,Ct\na,GAPDH,18.1\n", "export.xlsx", QPCR)
    assert list(df.columns) == ["Sample", "Gene", "Ct"]


def test_the_missing_header_message_shows_the_first_row():
    with pytest.raises(InputError, match="the first row reads 'lane,band,intensity'"):
        read_lab_table(b"lane,band,intensity\n1,a,3\n", "blot.csv", QPCR)


@pytest.mark.parametrize("written", ["nan", "NA", "N/A", "NULL"])
def test_missing_value_words_stay_as_written(tmp_path, written):
    # pandas reads these words as missing; the message must quote what the table holds, not "an empty cell"
    df = read_lab_table(f"sample,gene,ct\na,GAPDH,{written}\nb,GAPDH,\n".encode(), "cts.csv", QPCR)
    assert df["ct"].tolist()[0] == written and pd.isna(df["ct"].tolist()[1])
    blot = tmp_path / "bands.csv"
    blot.write_text("sample,condition,target,signal\nc,control,pSTAT3,10\nc,control,STAT3,100\n"
                    f"t,trans,pSTAT3,{written}\nt,trans,STAT3,100\n")
    with pytest.raises(InputError) as err:
        densitometry_ratios(blot, target="pSTAT3", normaliser="STAT3", control="control")
    assert f"signal must be a number (got {written!r})" in str(err.value)
    assert "empty cell" not in str(err.value)


def test_a_nan_ct_is_read_as_undetermined(tmp_path):
    cts = tmp_path / "cts.csv"
    cts.write_text("sample,condition,gene,ct\nc,control,GAPDH,18\nc,control,SOCS3,25\n"
                   "t,trans,GAPDH,18\nt,trans,SOCS3,nan\nt,trans,SOCS3,22\n")
    with pytest.raises(InputError, match=r"got 'nan'\) \(an 'Undetermined' Ct"):
        qpcr_fold_change(cts, reference="GAPDH", control="control")
    kept = qpcr_fold_change(cts, reference="GAPDH", control="control", drop_undetermined=True).summary
    assert kept.loc[kept["condition"] == "trans", "fold_change"].item() == pytest.approx(2.0 ** 3)


def test_several_genes_get_a_panel_each_on_one_axis():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from il6sim.report.labplots import fold_change_figure

    qs = qpcr_fold_change(EXAMPLES / "qpcr_cts.csv", reference="GAPDH", control="control").summary
    fig = fold_change_figure(qs["condition"].tolist(), qs["fold_change"], qs["ci95_low"], qs["ci95_high"],
                             title="t", ylabel="y", panels=qs["gene"].tolist())
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in shown] == ["SOCS3", "CCL2"]
    assert [t.get_text() for t in shown[0].get_xticklabels()] == ["control", "trans", "inhibition"]
    assert shown[0].get_ylim() == shown[1].get_ylim() and shown[1].get_ylabel() == ""
    plt.close(fig)
    many = [f"c{i}" for i in range(14)] * 4  # 14 conditions x 4 genes: one panel per row, not 56 bars abreast
    fig = fold_change_figure(many, [2.0] * 56, [1.0] * 56, [4.0] * 56, title="t", ylabel="y",
                             panels=[g for g in "ABCD" for _ in range(14)])
    assert fig.get_size_inches()[0] < 15 and len({round(ax.get_position().x0, 2) for ax in fig.axes}) == 1
    plt.close(fig)
    fig = fold_change_figure(["a", "b"], [1.0, 2.0], [0.5, 1.0], [2.0, 4.0], title="t", ylabel="y",
                             panels=["SOCS3", "SOCS3"])
    assert len(fig.axes) == 1 and fig.axes[0].get_title() == "t\nSOCS3"
    plt.close(fig)


@pytest.mark.parametrize("kind, extra, panels", [
    ("qpcr", {"reference": "GAPDH"}, ["SOCS3", "CCL2"]),
    ("densitometry", {"target": "pSTAT3", "normaliser": "STAT3"}, None),  # one band: its name is in the title
])
def test_the_lab_page_draws_a_panel_per_gene(monkeypatch, kind, extra, panels):
    import base64

    import il6sim.report.labplots as labplots
    from il6sim.web.labdata import analyse

    seen = {}
    draw = labplots.fold_change_figure

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return draw(*args, **kwargs)

    monkeypatch.setattr(labplots, "fold_change_figure", spy)
    path = EXAMPLES / ("qpcr_cts.csv" if kind == "qpcr" else "densitometry.csv")
    out = analyse({"kind": kind, "filename": path.name, "control": "control", **extra,
                   "content_base64": base64.b64encode(path.read_bytes()).decode()})
    assert "problems" not in out, out
    got = seen["panels"]
    assert (list(dict.fromkeys(got)) if got is not None else None) == panels
