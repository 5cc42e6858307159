"""Prediction bands drawn into the standard time-course figures (`il6sim run --uncertainty --out`)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

import il6sim.fitting.ensemble as ens  # noqa: E402
from il6sim.report.plots import plot_time_course  # noqa: E402

PROTOCOL = ("name: band figure\ncell: phh\ngroups:\n  control: []\n  il6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]\n"
            "readouts: {observables: [pSTAT3], times: [30 min, 2 h]}\n")


def _band_polygon_edges(poly: PolyCollection):
    """(t, lower, upper) of a fill_between polygon (its outline runs along lower, then back along upper)."""
    v = poly.get_paths()[0].vertices
    t = np.unique(v[:, 0])
    lo = np.array([v[v[:, 0] == x, 1].min() for x in t])
    hi = np.array([v[v[:, 0] == x, 1].max() for x in t])
    return t, lo, hi


def test_plot_time_course_shades_each_groups_band_in_its_color():
    t = np.linspace(0, 60, 13)
    tc = pd.concat([pd.DataFrame({"group": g, "time_min": t, "pSTAT3": f * np.sin(t / 20) ** 2})
                    for g, f in (("a", 1.0), ("b", 0.5))], ignore_index=True)
    bands = tc.rename(columns={"pSTAT3": "value"}).assign(observable="pSTAT3")
    bands["lower"], bands["upper"] = bands["value"] * 0.8, bands["value"] * 1.3
    fig, ax = plt.subplots()
    plot_time_course(ax, tc, "pSTAT3", bands=bands, t_range=(0, 45))
    polys = [c for c in ax.collections if isinstance(c, PolyCollection)]
    lines = {ln.get_label(): ln for ln in ax.get_lines() if ln.get_label() in ("a", "b")}
    assert len(polys) == 2 and set(lines) == {"a", "b"}
    for poly, g in zip(polys, ("a", "b")):
        pt, lo, hi = _band_polygon_edges(poly)
        b = bands[(bands.group == g) & (bands.time_min <= 45)]
        assert np.allclose(pt, b["time_min"]) and np.allclose(lo, b["lower"]) and np.allclose(hi, b["upper"])
        assert np.allclose(poly.get_facecolor()[0][:3], to_rgb(lines[g].get_color()))
        y = lines[g].get_ydata()
        assert np.all(lo <= y + 1e-12) and np.all(y <= hi + 1e-12)
    # the bands stay out of the legend
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    plt.close(fig)


def test_run_uncertainty_out_draws_bands_in_the_standard_figures(tmp_path, monkeypatch, capsys):
    """Members equal to the best values: the band collapses onto the line (lower == value == upper)."""
    from il6sim.cli.main import main

    best = ens.parameter_set("calibrated")
    monkeypatch.setattr(ens, "ensemble", lambda name="calibrated": [dict(best) for _ in range(3)])
    proto = tmp_path / "p.yaml"
    proto.write_text(PROTOCOL, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(proto), "--uncertainty", "--out", str(out), "--format", "csv"]) == 0
    capsys.readouterr()
    b = pd.read_csv(out / "timecourse_bands.csv")
    assert list(b.columns) == ["group", "time_min", "observable", "value", "lower", "upper"]
    assert set(b["group"]) == {"control", "il6"} and set(b["observable"]) == {"pSTAT3"}
    assert np.allclose(b["lower"], b["value"], rtol=1e-9) and np.allclose(b["upper"], b["value"], rtol=1e-9)
    tc = pd.read_csv(out / "timecourses.csv")
    assert np.allclose(b.loc[b.group == "il6", "value"].to_numpy(), tc.loc[tc.group == "il6", "pSTAT3"].to_numpy())
    assert (out / "figures" / "timecourse_pSTAT3.png").stat().st_size > 10_000
    assert not (out / "figures" / "bands").exists()  # folded into the standard figures
    svg = (out / "figures" / "timecourse_pSTAT3.svg").read_text(encoding="utf-8")
    assert "over 3 members of its ensemble" in svg and "ensemble band" in svg


def test_run_uncertainty_bands_from_the_real_ensemble_are_ordered(tmp_path, capsys):
    from il6sim.cli.main import main

    proto = tmp_path / "p.yaml"
    proto.write_text(PROTOCOL, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(proto), "--uncertainty", "--ensemble-size", "3", "--out", str(out), "--no-figures",
                 "--format", "csv"]) == 0
    capsys.readouterr()
    b = pd.read_csv(out / "timecourse_bands.csv")
    assert len(b) > 100 and (b["lower"] <= b["upper"]).all()
    assert not (out / "figures").exists()


@pytest.mark.parametrize("level", [0.5, 0.95])
def test_describe_names_the_level_and_members(level):
    ur = ens.UncertainResult(result=None, bands=pd.DataFrame(), n_members=7, n_failed=1, level=level,
                             parameter_set="calibrated")
    d = ur.describe()
    assert f"{100 * level:g} % band" in d and "7 members" in d and "1 failed" in d and "'calibrated'" in d
