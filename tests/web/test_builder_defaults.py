"""A builder box left empty gives what its placeholder shows: the protocol's default readout times, medium volume
and cells per well (a placeholder of 4 times stood for 5, without 1 h)."""

import re


def placeholder(html: str, box: str) -> str:
    m = re.search(rf'<input[^>]*id="{box}"[^>]*placeholder="([^"]*)"', html)
    assert m, f"#{box} has no placeholder"
    return m.group(1)


def test_empty_boxes_give_what_their_placeholders_show(client):
    from il6sim.protocols.protocol import DEFAULT_TIMES_MIN
    from il6sim.units import to_litres, to_minutes

    html = client.get("/").text
    shown = [to_minutes(t.strip()) for t in placeholder(html, "f-times").split(",")]
    assert tuple(shown) == DEFAULT_TIMES_MIN
    # and a protocol with no times is read at those, as the run says
    r = client.post("/api/experiment", json={"name": "t", "cell": "huvec", "groups": {"g": []},
                                             "readouts": {"observables": ["pSTAT3"]}, "figures": []})
    assert r.status_code == 200, r.text
    assert tuple(r.json()["times_min"]) == tuple(shown)
    from il6sim.model.reference import reference_model

    values = {p.name: p.value for p in reference_model().parameters}
    assert to_litres(placeholder(html, "f-volume")) == values["V_medium"]
    assert float(placeholder(html, "f-cells")) == values["N_cells"]
