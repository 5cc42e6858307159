"""Figures are drawn without a window, and a backend that needs none is kept."""

import os
import subprocess
import sys

import pytest

_SCRIPT = "from il6sim.plotting import pyplot; print(pyplot().get_backend().lower())"


@pytest.mark.parametrize("backend, expected", [("svg", "svg"), ("pdf", "pdf"), ("agg", "agg"),
                                               ("TkAgg", "agg"), ("QtAgg", "agg")])
def test_pyplot_keeps_a_headless_backend_and_leaves_a_gui_one(backend, expected):
    env = {**os.environ, "MPLBACKEND": backend}
    env.pop("DISPLAY", None)
    out = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected


def test_the_panel_helpers_name_a_readout_that_is_not_in_the_table_and_take_the_unit_from_the_frame():
    # a misspelt readout raised a bare KeyError (time course) or drew an empty panel without a word (blot, qPCR)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from il6sim.errors import InputError
    from il6sim.protocols import run_protocol
    from il6sim.report.plots import plot_qpcr_bars, plot_time_course, plot_western_blot

    res = run_protocol({"name": "x", "cell": "huvec", "groups": {"IL-6": [{"at": "0 min", "add": "IL-6",
                                                                          "dose": "10 ng/mL"}]},
                        "readouts": {"observables": ["pSTAT3", "SOCS3_mRNA"], "times": ["30 min"]}})
    fig, ax = plt.subplots()
    try:
        with pytest.raises(InputError, match=r"plot_time_course: no readout 'pstat3' in this table \(did you mean "
                                             r"'pSTAT3'\?\) \(it has: pSTAT3, SOCS3_mRNA\)"):
            plot_time_course(ax, res.timecourses, "pstat3")
        with pytest.raises(InputError, match=r"plot_western_blot: no readout 'pSTAT' .*did you mean 'pSTAT3'"):
            plot_western_blot(ax, res.table, ["pSTAT", "pSTAT3"])
        with pytest.raises(InputError, match=r"plot_qpcr_bars: no readout 'CCL2_mRNA' in this table"):
            plot_qpcr_bars(ax, res.table, "CCL2_mRNA")
        assert plot_time_course(ax, res.timecourses, "pSTAT3").get_ylabel() == "pSTAT3 (fraction of total STAT3)"
        assert plot_western_blot(ax, res.table, "pSTAT3") is ax
    finally:
        plt.close(fig)


def test_figure_formats_and_the_result_are_checked_before_anything_is_written(tmp_path):
    # formats=("jpeg2",) raised matplotlib's ValueError after the folder was made; formats="png" tried the
    # formats 'p', 'n', 'g'; res.table for the result raised AttributeError: 'DataFrame' has no 'protocol'
    from il6sim.errors import InputError
    from il6sim.protocols import run_protocol
    from il6sim.report.compare_plots import save_figure
    from il6sim.report.plots import save_protocol_figures

    res = run_protocol({"name": "x", "cell": "huvec", "groups": {"IL-6": [{"at": "0 min", "add": "IL-6",
                                                                          "dose": "10 ng/mL"}]},
                        "readouts": {"observables": ["pSTAT3"], "times": ["30 min"]}})
    with pytest.raises(InputError, match=r"^formats: unknown figure format 'jpeg2' \(did you mean 'jpeg'\?\)"):
        save_protocol_figures(res, tmp_path / "a", formats=("jpeg2",))
    with pytest.raises(InputError, match=r"^formats: must be a list of figure formats such as \('png', 'svg'\) "
                                         r"\(got \{'png': 1\}\)"):
        save_protocol_figures(res, tmp_path / "a", formats={"png": 1})
    with pytest.raises(InputError, match=r"^result: expected the result of run_protocol \(got DataFrame\)"):
        save_protocol_figures(res.table, tmp_path / "a")
    assert not (tmp_path / "a").exists()
    files = save_protocol_figures(res, tmp_path / "b", formats="png")        # one name: a list of one
    assert files and {f.suffix for f in files} == {".png"}

    from il6sim.plotting import pyplot

    fig = pyplot().figure()
    with pytest.raises(InputError, match=r"^formats: unknown figure format 'PNG' \(did you mean 'png'\?\)"):
        save_figure(fig, tmp_path / "c", "x", formats=["PNG"])
    assert not (tmp_path / "c").exists()
    pyplot().close(fig)


def test_the_panel_helpers_say_which_frame_of_the_result_to_pass():
    # res itself raised AttributeError ('ProtocolResult' has no 'columns') or TypeError (not subscriptable); the
    # time courses for the blot raised KeyError 'observable'; res.table for a time course said "no readout
    # 'pSTAT3' in this table (it has: observable, value, unit, fold_change)"
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from il6sim.errors import InputError
    from il6sim.protocols import run_protocol
    from il6sim.report.plots import plot_qpcr_bars, plot_time_course, plot_western_blot

    res = run_protocol({"name": "x", "cell": "huvec", "groups": {"IL-6": [{"at": "0 min", "add": "IL-6",
                                                                          "dose": "10 ng/mL"}]},
                        "readouts": {"observables": ["pSTAT3", "SOCS3_mRNA"], "times": ["30 min"]}})
    fig, ax = plt.subplots()
    cases = [(lambda: plot_time_course(ax, res, "pSTAT3"),
              r"^plot_time_course: expected a DataFrame such as res\.timecourses of run_protocol \(got a "
              r"ProtocolResult; pass its \.timecourses\)$"),
             (lambda: plot_time_course(ax, res.table, "pSTAT3"),
              r"^plot_time_course: expected res\.timecourses of run_protocol \(got a readout table"),
             (lambda: plot_western_blot(ax, res.timecourses, ["pSTAT3"]),
              r"^plot_western_blot: expected res\.table of run_protocol \(got the time courses"),
             (lambda: plot_qpcr_bars(ax, res, "SOCS3_mRNA"), r"got a ProtocolResult; pass its \.table\)$"),
             (lambda: plot_qpcr_bars(ax, None, "SOCS3_mRNA"), r"\(got NoneType\)$")]
    for draw, message in cases:
        with pytest.raises(InputError, match=message):
            draw()
    assert plot_qpcr_bars(ax, res.table, "SOCS3_mRNA") is ax
    plt.close(fig)
