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


_REMEDY = "; open it in Excel (or LibreOffice) and save it again as .xlsx (Excel Workbook), or export the sheet as CSV"


def _zip(parts: dict) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _saved_workbook() -> tuple[bytes, dict]:
    import io
    import zipfile

    buf = io.BytesIO()
    pd.read_csv(EXAMPLES / "qpcr_cts.csv").to_excel(buf, index=False)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        return buf.getvalue(), {n: z.read(n) for n in z.namelist()}


def test_a_damaged_workbook_is_a_clear_error():
    with pytest.raises(InputError) as exc:
        read_lab_table(b"PK\x03\x04 not really a zip", "bad.xlsx", QPCR)
    assert str(exc.value) == ("bad.xlsx: not a readable Excel workbook (.xlsx): the file is damaged or cut short (it "
                              "is not a complete zip archive, as an .xlsx file is)" + _REMEDY)


@pytest.mark.parametrize("case, fault", [
    ("random bytes", "it is binary data but not a zip archive, as every .xlsx file is"),
    ("cut short", "the file is damaged or cut short (it is not a complete zip archive, as an .xlsx file is)"),
    ("a zip of other files", "it is a zip archive that holds no Excel workbook (no xl/workbook.xml)"),
    ("a damaged part", "its workbook parts are damaged"),
])
def test_a_file_that_is_not_a_workbook_is_named_in_plain_words(case, fault):
    # it said "cannot read as an XLSX workbook (BadZipFile: File is not a zip file)", "(KeyError: \"There is no
    # item named '[Content_Types].xml' in the archive\")", or, for random bytes, "not a text table"
    import random

    whole, parts = _saved_workbook()
    data = {"random bytes": bytes(random.Random(1).randrange(256) for _ in range(3000)) + b"\x00",
            "cut short": whole[:len(whole) // 2],
            "a zip of other files": _zip({"notes.txt": "hello"}),
            "a damaged part": _zip({**parts, "xl/workbook.xml": b"<oops"})}[case]
    with pytest.raises(InputError) as exc:
        read_lab_table(data, "cts.xlsx", QPCR)
    assert str(exc.value) == f"cts.xlsx: not a readable Excel workbook (.xlsx): {fault}{_REMEDY}"


def test_a_text_table_named_xlsx_is_still_read_as_text():
    text = (EXAMPLES / "qpcr_cts.csv").read_text(encoding="utf-8")
    for data in (text.encode("utf-8"), b"\xff\xfe" + text.encode("utf-16-le")):
        assert len(read_lab_table(data, "cts.xlsx", QPCR)) == len(pd.read_csv(EXAMPLES / "qpcr_cts.csv"))


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


QPCR_TEXT = ("sample,condition,gene,ct\nc,control,GAPDH,18\nc,control,SOCS3,25\n"
             "t,trans,GAPDH,18\nt,trans,SOCS3,22\n")


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_a_utf16_table_reads_like_its_utf8_twin(tmp_path, bom, codec):
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated, CRLF line ends
    text = "* Exported by cycler \u00b5l\r\n" + QPCR_TEXT.replace(",", "\t").replace("\n", "\r\n")
    got = read_lab_table(bom + text.encode(codec), "cts.txt", QPCR)
    want = read_lab_table(text.encode("utf-8"), "cts.txt", QPCR)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs["rows"] == want.attrs["rows"] == [3, 4, 5, 6]
    # the command line's reader too (it refuses other text with NUL bytes as binary)
    path = tmp_path / "cts.txt"
    path.write_bytes(bom + text.encode(codec))
    fold = qpcr_fold_change(path, reference="GAPDH", control="control").summary
    assert fold.loc[fold["condition"] == "trans", "fold_change"].item() == pytest.approx(8.0)


def test_a_damaged_utf16_table_is_a_clear_error():
    with pytest.raises(InputError, match="UTF-16"):
        read_lab_table(b"\xff\xfe" + "sample\tgene\tct\n".encode("utf-16-le") + b"\x00\xdc", "x.txt", QPCR)
    with pytest.raises(InputError, match="file is empty"):
        read_lab_table(b"\xff\xfe" + " \r\n".encode("utf-16-le"), "x.txt", QPCR)


def test_a_first_row_with_an_extra_value_is_refused_not_shifted():
    # pandas took the first field as an index and put every value one column to the right
    text = b"sample,condition,gene,ct\nA,ctrl,GAPDH,20.1,EXTRA\nB,ctrl,GAPDH,20.3\n"
    with pytest.raises(InputError) as err:
        read_lab_table(text, "cts.csv", QPCR)
    assert err.value.lines() == ["cts.csv: row 2 has 5 values but the header names 4 columns (a stray delimiter "
                                 "shifts the values; give every column a name in the header row)"]
    with pytest.raises(InputError, match="row 7 has 6 values but the header names 4 columns"):
        read_lab_table(b"* run 3\n\nsample,condition,gene,ct\nA,ctrl,GAPDH,20\n\nB,ctrl,GAPDH,20\n"
                       b"C,ctrl,GAPDH,20,,x,,\n", "cts.csv", QPCR)


def test_trailing_empty_fields_are_ignored_in_any_row():
    # pandas refused a later row with a trailing delimiter ("Expected 4 fields in line 5, saw 5")
    text = b"sample,condition,gene,ct\nA,ctrl,GAPDH,20.1,\nB,ctrl,GAPDH,20.3\nC,ctrl,GAPDH,20.5\nD,il6,GAPDH,19,,\n"
    df = read_lab_table(text, "cts.csv", QPCR)
    assert list(df.columns) == ["sample", "condition", "gene", "ct"]
    assert df.values.tolist() == [["A", "ctrl", "GAPDH", "20.1"], ["B", "ctrl", "GAPDH", "20.3"],
                                  ["C", "ctrl", "GAPDH", "20.5"], ["D", "il6", "GAPDH", "19"]]
    # a header with a trailing delimiter too (an Excel export): its unnamed, empty column is dropped
    df = read_lab_table(b"sample;gene;ct;\na;GAPDH;18;\nb;GAPDH;19;\n", "cts.csv", QPCR)
    assert list(df.columns) == ["sample", "gene", "ct"] and df["ct"].tolist() == ["18", "19"]


def test_text_tables_keep_the_pandas_conventions():
    text = (b"x,sample,gene,ct,,x,x.1\n1,a,GAPDH,NA,,,\n\n  \n , ,,\n2,,\"b\nc\",\"18,5\",,3\n"
            b"3,short\n")
    df = read_lab_table(text, "cts.csv", QPCR)
    assert list(df.columns) == ["x", "sample", "gene", "ct", "x.2", "x.1"]  # as pandas names them
    assert df.dtypes.map(str).tolist() == ["str"] * 6
    assert df.fillna("<NA>").values.tolist() == [["1", "a", "GAPDH", "NA", "<NA>", "<NA>"],
                                                 ["2", "<NA>", "b\nc", "18,5", "3", "<NA>"],
                                                 ["3", "short", "<NA>", "<NA>", "<NA>", "<NA>"]]
    assert df.attrs["rows"] == [2, 6, 7]  # a cell over two lines is one row of a spreadsheet
    # an unnamed column that holds something is kept, under pandas' name
    df = read_lab_table(b"sample,,gene,ct\na,1,GAPDH,18\n", "cts.csv", QPCR)
    assert list(df.columns) == ["sample", "Unnamed: 1", "gene", "ct"]


def test_messages_give_the_rows_a_spreadsheet_shows(tmp_path):
    # instrument lines above the header and blank lines between the rows; the rows are those of the file
    lines = ["* Block Type = 96-well", "* Chemistry = SYBR", "", "[Results]",
             "sample,condition,gene,ct",  # row 5
             "c,control,GAPDH,18", "c,control,SOCS3,abc", "",  # rows 6, 7, 8
             "t,trans,GAPDH,18", "t,,SOCS3,50", ""]  # rows 9, 10
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines))
    with pytest.raises(InputError) as err:
        qpcr_fold_change(path, reference="GAPDH", control="control")
    text = "\n".join(err.value.lines())
    assert f"{path}, row 7: Ct must be a number (got 'abc')" in text
    assert f"{path}, row 10: condition is empty" in text and f"{path}, row 10: Ct 50 is outside" in text
    # the same through the lab page, which reads the table first and passes the frame on
    import base64

    from il6sim.web.labdata import analyse

    with pytest.raises(InputError) as err:
        analyse({"kind": "qpcr", "filename": "export.csv", "control": "control", "reference": "GAPDH",
                 "content_base64": base64.b64encode(path.read_bytes()).decode()})
    assert "file 'export.csv', row 7: Ct must be a number (got 'abc')" in "\n".join(err.value.lines())
    # densitometry: a negative band and a decimal comma
    blot = tmp_path / "blot.tsv"
    blot.write_text("Imager v2\n\nsample\tcondition\ttarget\tsignal\nc\tcontrol\tpSTAT3\t10\n\nc\tcontrol\tSTAT3\t-1\n")
    with pytest.raises(InputError, match=r"row 6: signal must be >= 0"):
        densitometry_ratios(blot, target="pSTAT3", normaliser="STAT3", control="control")
    blot.write_text("Imager v2\nsample\tcondition\ttarget\tsignal\nc\tcontrol\tpSTAT3\t1,5\nc\tcontrol\tSTAT3\t2,5\n")
    with pytest.raises(InputError, match=r"e\.g\. '1,5' in row 3\)"):
        densitometry_ratios(blot, target="pSTAT3", normaliser="STAT3", control="control")


def test_messages_give_the_sheet_row_of_a_workbook(tmp_path):
    path = tmp_path / "cts.xlsx"
    cts = pd.read_csv(EXAMPLES / "qpcr_cts.csv", dtype=str)
    cts.loc[2, "ct"] = "abc"
    with pd.ExcelWriter(path) as w:  # header on sheet row 4, and the table's third row on sheet row 7
        pd.DataFrame([["Instrument", "cycler"]]).to_excel(w, index=False, header=False)
        cts.to_excel(w, index=False, startrow=3)
    assert read_lab_table(path.read_bytes(), path.name, QPCR).attrs["rows"][:3] == [5, 6, 7]
    with pytest.raises(InputError, match=r"cts\.xlsx, row 7: Ct must be a number \(got 'abc'\)"):
        qpcr_fold_change(path, reference="GAPDH", control="control")


def test_a_frame_passed_in_keeps_positional_rows():
    # a frame from read_lab_table that was then filtered no longer matches its file rows: position + 2
    df = read_lab_table(("* run\n" + QPCR_TEXT).encode(), "cts.csv", QPCR)
    assert df.attrs["rows"] == [3, 4, 5, 6]
    df.loc[3, "ct"] = "x"
    with pytest.raises(InputError, match=r"cts, row 6: Ct must be a number"):
        qpcr_fold_change(df, reference="GAPDH", control="control", where="cts")
    with pytest.raises(InputError, match=r"cts, row 3: Ct must be a number"):
        qpcr_fold_change(df[df["sample"] == "t"], reference="GAPDH", control="control", where="cts")


def test_densitometry_refuses_a_band_without_a_condition(tmp_path):
    blot = tmp_path / "blot.csv"
    blot.write_text("sample,condition,target,signal\nc,control,pSTAT3,10\nc,control,STAT3,100\n"
                    "t,,pSTAT3,50\nt,trans,STAT3,100\n,trans,STAT3,100\n")
    with pytest.raises(InputError) as err:
        densitometry_ratios(blot, target="pSTAT3", normaliser="STAT3", control="control")
    text = "\n".join(err.value.lines())
    assert f"{blot}, row 4: condition is empty: every band needs a sample, a condition and a target" in text
    assert f"{blot}, row 6: sample is empty: every band needs a sample, a condition and a target" in text
    frame = pd.DataFrame({"lane": ["c", "c"], "condition": ["control", "control"], "protein": ["pSTAT3", " "],
                          "intensity": [1, 2]})
    with pytest.raises(InputError, match=r"row 3: target is empty: every band needs"):
        densitometry_ratios(frame, target="pSTAT3", normaliser="STAT3", control="control")


def test_a_windows_1252_csv_from_excel_is_read_from_a_file(tmp_path):
    # Excel's "CSV" on Windows writes Windows-1252: 'µ' is byte 0xB5, not UTF-8; the web page read it, the
    # command line refused it as "not UTF-8 text"
    text = ("sample,condition,gene,ct\ns1,control,GAPDH,20.0\ns1,control,SOCS3,28.0\n"
            "s2,IL-6 10 µg/mL,GAPDH,20.1\ns2,IL-6 10 µg/mL,SOCS3,25.0\n")
    f = tmp_path / "excel.csv"
    f.write_bytes(text.encode("cp1252"))
    res = qpcr_fold_change(f, reference="GAPDH", control="control")
    assert "IL-6 10 µg/mL" in set(res.summary["condition"])


def test_densitometry_refuses_a_band_without_its_blot(tmp_path):
    f = tmp_path / "blot.csv"
    f.write_text("sample,condition,target,signal,blot\ns1,control,pSTAT3,100,b1\ns1,control,STAT3,200,b1\n"
                 "s2,IL-6,pSTAT3,400,\ns2,IL-6,STAT3,210,b1\n")
    with pytest.raises(InputError, match=r"row 4: experiment is empty: every band needs its blot"):
        densitometry_ratios(f, target="pSTAT3", normaliser="STAT3", control="control")


def test_a_quote_that_is_never_closed_is_refused_not_read_to_the_end(tmp_path):
    # the csv module reads an unclosed quote's field to the end of the file: the rows below it vanished into one
    # cell of a column the analysis does not read, and the fold changes came from the wells above it
    rows = ["sample,condition,gene,ct,note"]
    for s, c, target in (("s1", "ctrl", 25), ("s2", "ctrl", 25), ("s3", "il6", 20), ("s4", "il6", 20)):
        rows += [f"{s},{c},GAPDH,18,", f"{s},{c},SOCS3,{target},"]
    rows[2] += '"re-run'  # row 3 of the sheet
    path = tmp_path / "cts.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        qpcr_fold_change(path, reference="GAPDH", control="ctrl")
    assert err.value.lines() == [f"{path}: row 3 opens a quote (\") that is never closed: every row below it would "
                                 "be read into one cell; close the quote or remove it"]
    with pytest.raises(InputError, match="the header row opens a quote"):
        read_lab_table(b'sample,gene,"ct\na,GAPDH,18\n', "cts.csv", QPCR)
    # closed quotes, a cell over two lines and a quote inside a field are still read
    df = read_lab_table(b'sample,gene,ct\n"a\nb",GAPDH,18\nc 5" gel,GAPDH,"19"\n', "cts.csv", QPCR)
    assert df.values.tolist() == [["a\nb", "GAPDH", "18"], ['c 5" gel', "GAPDH", "19"]]
    assert df.attrs["rows"] == [2, 3]


def test_only_line_breaks_end_a_row():
    # str.splitlines also cuts at a form feed or U+2028: a cell holding one became two rows
    data = "sample,condition,gene,ct\ns1,ctrl\fA,GAPDH,20\ns2,ctrl\u2028B,GAPDH,21\r\ns3,ctrl,GAPDH,22\r".encode()
    df = read_lab_table(data, "t.csv", ["sample", "condition", "gene", "ct"])
    assert list(df["sample"]) == ["s1", "s2", "s3"] and df.attrs["rows"] == [2, 3, 4]


def _workbook(path, cells: dict) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    for ref, value in cells.items():
        wb.active[ref] = value
    wb.save(path)
    return path


#: an instrument line on sheet row 1, the header on row 3 (columns A-D), two wells on rows 4 and 5
_SHEET = {"A1": "Instrument", "B1": "cycler", "A3": "sample", "B3": "condition", "C3": "gene", "D3": "ct",
          "A4": "a", "B4": "control", "C4": "GAPDH", "D4": 18.1, "A5": "b", "B5": "control", "C5": "GAPDH", "D5": 18.3}


@pytest.mark.parametrize("extra, lines", [
    # a value right of the header: refused as a text row wider than its header is, with its row and column
    ({"F5": "x"}, ["cts.xlsx: row 5, column F: a value ('x') under no header (the header, row 3, names columns A "
                   "to D); name column F in the header row, or clear the cell"]),
    ({"E4": 1, "F5": 5, "H5": 6}, [
        "cts.xlsx: row 4, column E: a value ('1') under no header (the header, row 3, names columns A to D); name "
        "column E in the header row, or clear the cell",
        "cts.xlsx: row 5, columns F and H: values under no header (the header, row 3, names columns A to D); name "
        "those columns in the header row, or clear the cells"]),
    # an empty header cell above values: was kept as a column named 'nan'
    ({"B3": None}, ["cts.xlsx: column B: no name in the header row (row 3) but values below it (first in row 4: "
                    "'control'); name it in the header row, or clear the column"]),
])
def test_a_workbook_value_under_no_header_is_refused_with_its_column_letter(tmp_path, extra, lines):
    path = _workbook(tmp_path / "cts.xlsx", {**_SHEET, **extra})
    with pytest.raises(InputError) as err:
        read_lab_table(path.read_bytes(), path.name, QPCR)
    assert err.value.lines() == lines


def test_empty_workbook_columns_and_rows_are_ignored(tmp_path):
    # trailing columns that hold nothing (or blanks), an empty column without a name inside the header, a note
    # above the header and a blank row between the wells: the table as its named columns, blank row dropped
    sheet = {k.replace("D", "E") if k[0] == "D" else k: v for k, v in _SHEET.items()}  # ct moves to column E
    sheet.update({"C1": "note right of the run line", "A7": "c", "B7": "control", "C7": "GAPDH", "E7": 18.2,
                  "H7": "  ", "K9": None})
    path = _workbook(tmp_path / "cts.xlsx", sheet)
    df = read_lab_table(path.read_bytes(), path.name, QPCR)
    assert list(df.columns) == ["sample", "condition", "gene", "ct"]
    assert df.values.tolist() == [["a", "control", "GAPDH", "18.1"], ["b", "control", "GAPDH", "18.3"],
                                  ["c", "control", "GAPDH", "18.2"]]
    assert df.attrs["rows"] == [4, 5, 7]


@pytest.mark.parametrize("first, message", [
    ([["Run notes"], ["cycler 7"]], "no header row found"),
    ([["Well", "Sample Name", "Target Name"], ["A1", "c1", "GAPDH"]], "missing column(s) condition, ct"),
])
def test_a_workbook_whose_table_is_not_on_the_first_sheet_says_which_sheet_was_read(tmp_path, first, message):
    # an instrument export keeps its results on a later sheet; 'no header' alone left the user guessing
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as w:
        pd.DataFrame(first).to_excel(w, sheet_name="Setup", index=False, header=False)
        pd.read_csv(EXAMPLES / "qpcr_cts.csv").to_excel(w, sheet_name="Results", index=False)
    with pytest.raises(InputError) as ei:
        qpcr_fold_change(path, reference="GAPDH", control="control")
    text = str(ei.value)
    assert message in text, text
    assert text.endswith("; il6sim reads the first sheet, 'Setup', of this workbook (it also has 'Results'): move "
                         "the table to the first sheet, or save its sheet as CSV"), text


def test_a_workbook_of_one_sheet_names_no_sheets(tmp_path):
    path = tmp_path / "export.xlsx"
    pd.DataFrame([["Well", "Sample Name", "Target Name"], ["A1", "c1", "GAPDH"]]).to_excel(
        path, index=False, header=False)
    with pytest.raises(InputError) as ei:
        qpcr_fold_change(path, reference="GAPDH", control="control")
    assert "missing column(s) condition, ct" in str(ei.value) and "first sheet" not in str(ei.value)


def _bomb(unpacked_mb: int) -> bytes:
    """A workbook whose first sheet holds ``unpacked_mb`` MB of one repeated row (a zip of about 0.3 % of that)."""
    import io
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["sample", "condition", "gene", "ct"])
    plain = io.BytesIO()
    wb.save(plain)
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>' * 10_000
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for part in src.infolist():
            data = src.read(part.filename)
            if part.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(part, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with dst.open(part.filename, "w", force_zip64=True) as fh:
                fh.write(head)
                for _ in range(unpacked_mb * 1_000_000 // len(row) + 1):
                    fh.write(row)
                fh.write(b"</sheetData>" + tail)
    return out.getvalue()


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read():
    import time

    from il6sim.io.labtables import MAX_TABLE_BYTES, MAX_XLSX_UNPACKED_BYTES

    data = _bomb(MAX_XLSX_UNPACKED_BYTES // 1_000_000 + 10)
    assert len(data) < MAX_TABLE_BYTES  # small enough to be uploaded
    start = time.monotonic()
    with pytest.raises(InputError, match=r"bomb.xlsx: the workbook unpacks to 6\d MB \(at most 50 MB\).*as CSV"):
        read_lab_table(data, "bomb.xlsx", QPCR)
    assert time.monotonic() - start < 5  # reading its sheet takes about 20 s


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_column_the_analysis_reads_named_twice_is_refused(tmp_path, kind):
    # a text table's second 'ct' became 'ct.1' and was left out unseen: the fold changes came from the first
    rows = [["sample", "condition", "gene", "ct", "notes", "Ct"], ["s1", "control", "GAPDH", "18", "", "30"],
            ["s1", "control", "SOCS3", "25", "", "10"], ["s2", "il6", "GAPDH", "18", "", "30"],
            ["s2", "il6", "SOCS3", "22", "", "10"]]
    path = tmp_path / f"cts.{kind}"
    if kind == "csv":
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        pd.DataFrame(rows[1:], columns=rows[0]).to_excel(path, index=False)
    with pytest.raises(InputError) as exc:
        qpcr_fold_change(path, reference="GAPDH", control="control")
    assert exc.value.lines() == [f"{path}: column 'ct' appears twice in the header row (row 1, columns D, F); "
                                 "keep one of them, or rename the others"]


def _with_saved_values(path: Path, values: dict) -> Path:
    """The workbook at ``path`` with a saved value for the formula cells in ``values`` (cell -> XML of the
    cell's value), as a spreadsheet program writes it; openpyxl saves formulas without their values."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as book:
        parts = {n: book.read(n) for n in book.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    for ref, (kind, value) in values.items():
        xml, n = re.subn(rf'<c r="{ref}"([^>]*)>(<f>[^<]*</f>)<v\s*/?>(</v>)?',
                         lambda m: f'<c r="{ref}"{m.group(1)}{kind}>{m.group(2)}<v>{value}</v>', xml)
        assert n == 1, (ref, xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as book:
        for n, b in parts.items():
            book.writestr(n, b)
    return path


def test_a_workbook_formula_without_a_saved_value_is_refused_naming_its_cell(tmp_path):
    # pandas reads a formula's saved value: a workbook written by a script has none, and the Ct read as
    # empty, so the well was silently missing from the analysis
    path = _workbook(tmp_path / "cts.xlsx", {**_SHEET, "D5": "=D4+0.2"})
    with pytest.raises(InputError) as err:
        read_lab_table(path.read_bytes(), path.name, QPCR)
    assert err.value.lines() == [
        "cts.xlsx: Sheet!D5 holds a formula (=D4+0.2) with no saved value, so it would read as empty (the workbook "
        "was written without computing its formulas); open the file in Excel or LibreOffice and save it, so that "
        "the values are stored, or export the sheet as CSV"]
    # the same formula once saved with its value is read as that value; a formula whose value is empty text is
    # read as empty, as written
    _with_saved_values(path, {"D5": ("", "18.3")})
    df = read_lab_table(path.read_bytes(), path.name, QPCR)
    assert df["ct"].tolist() == ["18.1", "18.3"]
    path = _workbook(tmp_path / "blank.xlsx", {**_SHEET, "A6": "c", "B6": "control", "C6": "GAPDH",
                                                "D6": '=IF(A6="c","",1)'})
    _with_saved_values(path, {"D6": (' t="str"', "")})
    ct = read_lab_table(path.read_bytes(), path.name, QPCR)["ct"]
    assert ct.tolist()[:2] == ["18.1", "18.3"] and pd.isna(ct.iloc[2])


def test_several_unsaved_formulas_are_named_together_with_the_sheet(tmp_path):
    import openpyxl

    path = _workbook(tmp_path / "cts.xlsx", {**_SHEET, "D4": "=18.1", "D5": "=18.3"})
    wb = openpyxl.load_workbook(path)
    wb.active.title = "Run 1"
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_lab_table(path.read_bytes(), path.name, QPCR)
    (line,) = err.value.lines()
    assert line.startswith("cts.xlsx: 'Run 1'!D4, 'Run 1'!D5 hold formulas with no saved values, so they would "
                           "read as empty"), line
    assert line.endswith("open the file in Excel or LibreOffice and save it, so that the values are stored, or "
                         "export the sheet as CSV"), line


def test_time_headers_are_read_with_their_unit():
    from il6sim.io.labtables import time_column

    minutes = {h: time_column(h, "t.csv").minutes_per_unit
               for h in ("time", "Time point", "time_min", "Time (min)", "time [min]", "Time (h)", "Time (hr)",
                         "Time_h", "Time, h", "time/h", "hours", "TIME (HOURS)", "Time (s)", "time (d)")}
    assert minutes == {"time": 1, "Time point": 1, "time_min": 1, "Time (min)": 1, "time [min]": 1, "Time (h)": 60,
                       "Time (hr)": 60, "Time_h": 60, "Time, h": 60, "time/h": 60, "hours": 60, "TIME (HOURS)": 60,
                       "Time (s)": pytest.approx(1 / 60), "time (d)": 1440}
    assert time_column("time", "t.csv").unit == "" and time_column("Time (h)", "t.csv").unit == "h"
    for other in ("Timer", "Time stamp", "time_zone", "sample", "Well Position", "h"):  # not a time column
        assert time_column(other, "t.csv") is None
    for bad in ("Time (nM)", "time [ng/mL]", "Time (post IL-6)", "time_uL"):
        with pytest.raises(InputError, match=r"^t\.csv: column .* is not a unit of time, so its values cannot be read "
                                             r"as times; write the time column's unit as s, min, h or day"):
            time_column(bad, "t.csv")
