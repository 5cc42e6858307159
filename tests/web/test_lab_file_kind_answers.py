"""A lab file that is no text table (an Excel 97-2003 workbook, a PDF): HTTP 422 naming the file and what to
save it as, not a header search that shows its bytes; a read-at time past the protocols' 30 days: 422 on the time."""

import base64

import pytest

pytest.importorskip("httpx")


def labdata(client, filename, data):
    return client.post("/api/labdata", json={"kind": "qpcr", "filename": filename, "control": "control",
                                             "reference": "GAPDH",
                                             "content_base64": base64.b64encode(data).decode()})


def test_an_old_excel_workbook_is_named_and_told_to_be_saved_as_xlsx_or_csv(client):
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00" * 20
    r = labdata(client, "cts.xls", xls)
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert problem["where"] == "file 'cts.xls'"
    # it said "no header row found ... the first row reads 'ÐÏ\x11à¡±\x1aá\x00\x00...'"
    assert "Excel 97-2003 workbook (.xls)" in problem["message"]
    assert "save it as an Excel Workbook (.xlsx) or as CSV" in problem["message"]
    assert "\\x00" not in problem["message"]


def test_a_binary_file_is_called_no_text_table(client):
    r = labdata(client, "gel.pdf", b"%PDF-1.4\n1 0 obj\nstream\n\x00\x01\x02\x89PNG\nendstream\n")
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert problem["where"] == "file 'gel.pdf'"
    assert problem["message"].startswith("not a text table: it holds binary data")
    assert "save the sheet as CSV or XLSX" in problem["message"] and "\\x00" not in problem["message"]


def test_a_read_at_time_beyond_the_protocols_range_is_refused(client):
    from pathlib import Path

    cts = Path(__file__).resolve().parents[2] / "examples" / "qpcr_cts.csv"
    r = client.post("/api/labdata", json={"kind": "qpcr", "filename": cts.name, "control": "control",
                                          "reference": "GAPDH", "protocol": "seed:sgp130fc_inhibition",
                                          "time": "99999 h",
                                          "content_base64": base64.b64encode(cts.read_bytes()).decode()})
    # it was answered 200 with a note on the nearest readout to '5.99994e+06 min'
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert problem["where"] == "time"
    assert problem["message"] == ("99999 h is more than 30 days after stimulation, the longest a protocol runs "
                                  "(write a time within 30 days, e.g. '4 h' or '24 h')")
