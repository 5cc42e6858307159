"""Defects found by running the tools as a new user would."""

import math

import numpy as np
import pytest

from il6sim.readouts.metrics import fit_hill


def test_flat_dose_response_has_no_ec50():
    # IL-6 alone on gp130-only cells: no response at any dose, so no EC50
    fit = fit_hill(np.logspace(-5, 2, 22), np.zeros(22))
    assert not fit.ok
    assert math.isnan(fit.ec50)
    assert "no response" in fit.message


def test_rising_dose_response_still_fits():
    d = np.logspace(-5, 2, 22)
    fit = fit_hill(d, 0.7 / (1 + 0.01 / d))
    assert fit.ok and abs(math.log10(fit.ec50 / 0.01)) < 0.01


def test_population_histogram_axis_has_numbers_and_unit():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from il6sim.sweeps.population import plot_population

    rng = np.random.default_rng(0)
    vals = np.concatenate([rng.lognormal(np.log(0.05), 0.3, 300), rng.lognormal(np.log(0.5), 0.05, 300)])
    cells = pd.DataFrame({"group": ["a"] * 300 + ["b"] * 300, "value": vals, "status": "ok"})
    fig, ax = plt.subplots()
    plot_population(cells, 0.06, ax, observable="pSTAT3", time_min=30)
    fig.canvas.draw()
    lo, hi = ax.get_xlim()
    shown = [t.get_text() for t in ax.xaxis.get_majorticklabels() + ax.xaxis.get_minorticklabels()
             if t.get_text() and lo <= t.get_position()[0] <= hi]
    plt.close(fig)
    assert len(shown) >= 3, shown  # not just "10^-1" on a 1.5-decade axis
    assert ax.get_xlabel() == "pSTAT3 at 30 min per cell (fraction of total STAT3)"
    assert any("gate 0.06" in t.get_text() for t in ax.get_legend().get_texts())


@pytest.mark.parametrize("n_panels", [68, 1])
def test_fit_figure_title_sits_above_the_panels(tmp_path, monkeypatch, n_panels):
    # a tall figure (one panel per observable and condition, 17 rows as for the HepG2 problem), and a
    # one-panel figure (a PHH held-out experiment) narrower than its title: the title is wrapped to fit
    import types

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from il6sim.fitting.plots import plot_fits

    rows = [{"observable": f"obs{i}", "condition": "c", "experiment": f"e{i}", "time_min": t, "value": 1.0 + t,
             "scale": 1.0, "sd": 0.1} for i in range(n_panels) for t in (0.0, 10.0, 60.0)]
    od = types.SimpleNamespace(transform="lin", scaling="experiment", model="pSTAT3")
    obj = types.SimpleNamespace(
        evaluate=lambda x: types.SimpleNamespace(table=pd.DataFrame(rows)),
        problem=types.SimpleNamespace(observables={f"obs{i}": od for i in range(n_panels)}),
        simulate=lambda x, cond, tt, obs: {o: 1.0 + np.asarray(tt) for o in obs})
    figs = []
    real_close = plt.close
    monkeypatch.setattr(plt, "close", lambda fig=None: figs.append(fig))
    plot_fits(obj, [0.0], tmp_path / "fits.png",
              title="phh, held-out data: joint fit (data divided by their blot's fitted scale)")
    fig = figs[0]
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    box = fig._suptitle.get_window_extent(r)
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width, "the title fits the figure's width"
    title_bottom = box.y0
    panel_top = max(ax.get_tightbbox(r).y1 for ax in fig.axes if ax.get_visible() and ax.axison)
    real_close(fig)
    assert title_bottom >= panel_top


def test_a_dose_without_unit_suggests_concentration_units():
    import pytest

    from il6sim.errors import InputError
    from il6sim.units import to_nM

    with pytest.raises(InputError) as exc:
        to_nM("10", 21000, what="--il6")
    msg = str(exc.value)
    assert "'10' has no unit" in msg and "10 ng/mL" in msg and "min" not in msg


def test_compare_text_table_gives_the_unit_of_each_metric():
    from il6sim.cli.compare import format_table
    from il6sim.compare.comparison import Row

    class Fake:
        rows = (Row("STAT3 phosphorylation", "S1", "hrec", "pSTAT3 time to peak", "min", 20.0, 13.0, 7.0, 20.0,
                    "seed", "classic peaks at 20 min, trans at 13 min", "lit", "n/a", "yes"),)

    text = format_table(Fake(), width=150)
    assert "pSTAT3 time to peak [min]" in text


def test_undetermined_ct_hint_names_remedies_a_user_can_apply():
    import pandas as pd
    import pytest

    from il6sim.errors import InputError
    from il6sim.fitting.labdata import qpcr_fold_change

    df = pd.DataFrame({"sample": ["c1", "c1", "t1", "t1"], "condition": ["ctrl", "ctrl", "tr", "tr"],
                       "gene": ["GAPDH", "SOCS3", "GAPDH", "SOCS3"], "ct": ["18", "28", "18", "Undetermined"]})
    with pytest.raises(InputError) as exc:
        qpcr_fold_change(df, reference="GAPDH", control="ctrl")
    msg = str(exc.value)
    # a CLI or web user cannot pass a Python keyword argument
    assert "drop_undetermined=True" not in msg
    assert "remove the well" in msg and "--drop-undetermined" in msg


def test_sweep_summary_axes_carry_the_parameter_units():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from il6sim.sweeps.summary import plot_summary

    x = np.geomspace(10, 5000, 50)
    fig = plot_summary(x, x / 5000, np.linspace(1000, 8000, 50), ["IL6R_per_cell", "gp130_per_cell"],
                       "classic / trans pSTAT3 (auc)", pd.DataFrame())
    labels = [ax.get_xlabel() for ax in fig.axes] + [ax.get_ylabel() for ax in fig.axes]
    plt.close(fig)
    assert "IL6R_per_cell [molecules/cell]" in labels and "gp130_per_cell [molecules/cell]" in labels


def test_profile_below_its_start_is_not_called_not_identifiable():
    from il6sim.fitting.profile import Profile

    grid = np.linspace(-1, 1, 5)
    pr = Profile("K_SOCS3", "log10", grid, np.array([-1709.2, -1709.1, 0.0, -1709.2, -1709.0]), 0.0, (-1.0, 1.0))
    assert pr.identifiable.startswith("undetermined") and "refit" in pr.identifiable
    ok = Profile("K_SOCS3", "log10", grid, np.array([9.0, 5.0, 0.0, 5.0, 9.0]), 0.0, (-1.0, 1.0))
    assert ok.identifiable == "identifiable"


def test_profile_panel_tick_labels_do_not_overlap(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from il6sim.fitting.plots import plot_profiles
    from il6sim.fitting.profile import Profile

    grid = np.linspace(-1, 1, 9)
    pr = Profile("K_SOCS3", "log10", grid, 8 * grid ** 2, 0.0, (-1.0, 1.0))
    figs = []
    real_close = plt.close
    monkeypatch.setattr(plt, "close", lambda fig=None: figs.append(fig))
    plot_profiles({"K_SOCS3": pr}, tmp_path / "p.png")
    fig = figs[0]
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    boxes = sorted((t.get_window_extent(r) for t in ax.get_xticklabels()
                    if t.get_text() and lo <= t.get_position()[0] <= hi), key=lambda b: b.x0)
    real_close(fig)
    assert len(boxes) >= 3
    # a readable gap between neighbouring labels (at least half a label height)
    assert all(b.x0 - a.x1 >= 0.5 * a.height for a, b in zip(boxes, boxes[1:])), [(a.x1, b.x0) for a, b in zip(boxes, boxes[1:])]


def test_protocol_format_doc_describes_what_serum_starvation_does():
    import il6sim.protocols.parse as parse
    from il6sim.protocols import load_protocol, run_protocol

    def baseline(extra):
        p = load_protocol({"cell": "huvec", **extra, "groups": {"control": []},
                           "readouts": {"observables": ["pSTAT3"], "times": ["0 min"]}})
        return float(run_protocol(p).table["value"].iloc[0])

    changed = abs(baseline({"serum_starvation": "4 h"}) / baseline({}) - 1) > 0.1
    assert changed  # HUVEC secrete IL-6: 4 h in fresh medium raise the baseline
    assert "does not change the simulation" not in parse.__doc__
    assert "not a steady\n  state" in parse.__doc__


def test_a_control_measured_once_is_drawn_over_the_whole_time_course(tmp_path, monkeypatch):
    # an unstimulated control sampled at 0 min only: its model line spans the figure's longest time course
    # (not 0-1 min, which read as a misplaced curve), and a time course keeps its own span
    import types

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from il6sim.fitting.plots import plot_fits

    rows = [{"observable": "SOCS3", "condition": "il6", "experiment": "e1", "time_min": t, "value": 1.0,
             "scale": 1.0, "sd": float("nan")} for t in (0.0, 60.0, 120.0)]
    rows += [{"observable": "SOCS3", "condition": "control", "experiment": "e2", "time_min": 0.0, "value": 1.0,
              "scale": 1.0, "sd": float("nan")}]
    od = types.SimpleNamespace(transform="lin", scaling="experiment", model="SOCS3")
    obj = types.SimpleNamespace(evaluate=lambda x: types.SimpleNamespace(table=pd.DataFrame(rows)),
                                problem=types.SimpleNamespace(observables={"SOCS3": od}),
                                simulate=lambda x, cond, tt, obs: {obs[0]: np.ones_like(tt)})
    figs = []
    real_close = plt.close
    monkeypatch.setattr(plt, "close", lambda fig=None: figs.append(fig))
    plot_fits(obj, [0.0], tmp_path / "fits.png")
    course, control = figs[0].axes[:2]
    spans = [max(line.get_xdata()) for ax in (course, control) for line in ax.get_lines() if line.get_label() == "model"]
    real_close(figs[0])
    assert spans[0] == pytest.approx(126.0) and spans[1] == pytest.approx(126.0), spans
