"""Densitometry signals whose ratio is beyond the range of numbers (1e308 over 1e-308): HTTP 422 naming the blot
and sample and what to check; it answered 200 with empty means (and `il6sim densitometry` exit status 0)."""

import base64

import pytest

pytest.importorskip("httpx")

HEAD = "blot,lane,condition,protein,intensity\n"


def bands(client, text):
    return client.post("/api/labdata", json={"kind": "densitometry", "filename": "bands.csv", "control": "control",
                                             "target": "pSTAT3", "normaliser": "STAT3",
                                             "content_base64": base64.b64encode(text.encode()).decode()})


def test_a_band_ratio_too_large_to_compute_is_refused(client):
    r = bands(client, HEAD + "1,1,control,pSTAT3,1e308\n1,1,control,STAT3,1e-308\n"
                             "1,2,trans,pSTAT3,50\n1,2,trans,STAT3,100\n")
    assert r.status_code == 422, r.text[:300]
    (problem,) = r.json()["problems"]
    assert problem["where"] == "file 'bands.csv'"
    assert problem["message"] == ("blot '1', sample '1': 'pSTAT3' / 'STAT3' = 1e+308 / 1e-308 is too large to "
                                  "compute; check the signals (the band intensities as the densitometry software "
                                  "exports them)")


def test_a_ratio_too_large_over_its_control_is_refused(client):
    r = bands(client, HEAD + "1,1,control,pSTAT3,1e-300\n1,1,control,STAT3,1e10\n"
                             "1,2,trans,pSTAT3,1e300\n1,2,trans,STAT3,1\n")
    assert r.status_code == 422, r.text[:300]
    (problem,) = r.json()["problems"]
    assert problem["message"].startswith("blot '1', sample '2': its ratio 1e+300 over the control's 1e-310 is too "
                                         "large to compute; check the signals")
