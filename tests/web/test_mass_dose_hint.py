"""A dose written as a mass ('10 ng', the per mL left out): HTTP 422 that says what was probably meant,
'10 ng/mL', in the builder's protocol and on the "classic or trans?" page."""

import pytest

pytest.importorskip("httpx")

HINT = "did you mean '10 ng/mL'? (a dose is a concentration in the medium: mass per mL, or molar)"


def test_a_step_dose_in_ng_is_told_the_concentration_it_lacks(client):
    r = client.post("/api/run", json={"cell": "huvec",
                                      "groups": {"g": [{"at": "0 min", "add": "IL-6", "dose": "10 ng"}]}})
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert problem["where"].endswith("group 'g', step 1")
    # it listed the concentration units only: "dose must be a concentration, e.g. ng/mL, ... (got 10 ng)"
    assert problem["message"].startswith("dose must be a concentration") and problem["message"].endswith(HINT)


def test_a_routes_dose_in_ng_is_told_the_concentration_it_lacks(client):
    r = client.post("/api/routes", json={"cell": "huvec", "il6": "10 ng", "sil6r": "25 ng/mL"})
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert problem["where"] == "il6" and problem["message"].endswith(HINT)


def test_a_molar_unit_in_lowercase_keeps_its_own_hint(client):
    r = client.post("/api/run", json={"cell": "huvec",
                                      "groups": {"g": [{"at": "0 min", "add": "IL-6", "dose": "0.5 nm"}]}})
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert "did you mean '0.5 nM'? (molar is a capital M)" in problem["message"] and "mass per mL" not in problem["message"]


def test_a_routes_dose_with_a_lowercase_molar_unit_is_told_the_capital_m(client):
    # before: "il6 dose: '0.5 nm' is not a concentration (use e.g. ng/mL, ...)" without the hint a step's dose gets
    r = client.post("/api/routes", json={"cell": "huvec", "il6": "0.5 nm", "sil6r": "25 ng/mL"})
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert problem["where"] == "il6" and problem["message"].endswith("did you mean '0.5 nM'? (molar is a capital M)")
