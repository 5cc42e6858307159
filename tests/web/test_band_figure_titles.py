"""The results panel with the prediction band runs the 'calibrated' parameter set, not the model's defaults: the
blot's and the qPCR figure's titles say so, as the time courses' title does (a downloaded figure is read away from
the page's note)."""

import pytest

pytest.importorskip("httpx")

SAYS = "values: the 'calibrated' parameter set (not the model's defaults)"


@pytest.mark.parametrize("figure", ["western_blot", "qpcr"])
def test_the_blot_and_qpcr_downloads_of_a_band_run_name_the_parameter_set(client, figure):
    from il6sim.protocols import bundled_protocol_text

    text = bundled_protocol_text("trans_huvec")
    r = client.post("/api/figure", json={"yaml": text, "figure": figure, "format": "svg", "uncertainty": True,
                                         "ensemble_size": 2})
    assert r.status_code == 200, r.text
    assert SAYS in r.text  # the title said only the protocol and the cell
    plain = client.post("/api/figure", json={"yaml": text, "figure": figure, "format": "svg"})
    assert plain.status_code == 200 and "parameter set" not in plain.text


def test_the_results_panel_of_a_band_run_names_the_parameter_set_in_every_title(monkeypatch):
    import il6sim.web.figures as figures
    from il6sim.protocols import bundled_protocol_text
    from il6sim.web.tasks import run_experiment

    titles = []
    shown = figures.suptitle
    monkeypatch.setattr(figures, "suptitle", lambda fig, text, **kw: (titles.append(text), shown(fig, text, **kw)))
    text = bundled_protocol_text("trans_huvec")
    run_experiment({"yaml": text}, only=["western_blot", "qpcr", "timecourses"], uncertainty=True, ensemble_size=2)
    assert len(titles) == 3
    assert SAYS in titles[0] and SAYS in titles[1]  # blot, qPCR
    assert "lines: 'calibrated' values" in titles[2]  # the time courses named it already
    titles.clear()
    run_experiment({"yaml": text}, only=["western_blot", "qpcr"])
    assert len(titles) == 2 and not [t for t in titles if "parameter set" in t]
