"""What a bench user uploads or types that is not quite right: every such input gets a 422 that says what and where."""

import base64
import json

import pytest

pytest.importorskip("httpx")


def _lab(text: str, **extra) -> dict:
    return {"filename": "plate.csv", "content_base64": base64.b64encode(text.encode()).decode(), "control": "control",
            **extra}


@pytest.mark.parametrize("text, extra, where_what", [
    # a well with no gene (a row cut short) and a well whose Ct cell was left empty
    ("sample,condition,gene,ct\nc1,control,GAPDH,18\nc1,control\nt1,trans,GAPDH,18\nt1,trans,SOCS3,22\n",
     {"kind": "qpcr", "reference": "GAPDH"}, ("row 3", "gene is empty")),
    ("sample,condition,gene,ct\nc1,control,GAPDH,18\nc1,,SOCS3,25\nt1,trans,GAPDH,18\nt1,trans,SOCS3,22\n",
     {"kind": "qpcr", "reference": "GAPDH"}, ("row 3", "condition is empty")),
])
def test_a_table_with_empty_cells_is_422_naming_the_row(client, text, extra, where_what):
    r = client.post("/api/labdata", json=_lab(text, **extra))
    assert r.status_code == 422, r.text
    where, what = where_what
    assert any(p["where"] == f"file 'plate.csv', {where}" and p["message"].startswith(what)
               for p in r.json()["problems"]), r.text
