"""An empty lab file (0 bytes) chosen on the lab-data page: HTTP 422 naming the file as empty, in the words of
`il6sim qpcr FILE`, not a required field said to be missing."""

import pytest

pytest.importorskip("httpx")


@pytest.mark.parametrize("kind, extra", [("qpcr", {"reference": "GAPDH"}),
                                         ("densitometry", {"target": "pSTAT3", "normaliser": "STAT3"})])
def test_an_empty_file_is_called_empty_under_its_name(client, kind, extra):
    r = client.post("/api/labdata", json={"kind": kind, "filename": "cts.csv", "control": "control",
                                          "content_base64": "", **extra})
    assert r.status_code == 422
    # it said "content_base64: missing (required)", shown on the page as "File: missing (required)"
    assert r.json()["problems"] == [{"where": "file 'cts.csv'",
                                     "message": "table file is empty (expected a header line and rows)"}]


def test_a_request_without_the_file_still_names_the_missing_field(client):
    r = client.post("/api/labdata", json={"kind": "qpcr", "control": "control", "reference": "GAPDH"})
    assert r.status_code == 422
    assert {"where": "content_base64", "message": "missing (required)"} in r.json()["problems"]
