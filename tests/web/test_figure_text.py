"""The web app's time-course figure: each panel's axis labels, which carry the units, are no smaller than its
tick labels (at 800 px the figure is shown at 3/4 size, where 8 pt labels read as ~7 px)."""

import matplotlib

matplotlib.use("Agg")


def test_timecourse_axis_labels_are_not_smaller_than_tick_labels():
    import matplotlib.pyplot as plt

    from il6sim.protocols import load_protocol
    from il6sim.protocols.runner import run_protocol
    from il6sim.web.figures import timecourse_figure

    protocol = load_protocol("seed:trans_huvec")
    result = run_protocol(protocol)
    fig = timecourse_figure(protocol, result.timecourses[["group", "time_min", *protocol.observables]],
                            dict(result.units))
    try:
        shown = [ax for ax in fig.axes if ax.get_visible() and ax.get_ylabel()]
        # one whole-course panel per observable (and, on this 24 h course, the fast ones' first 2 h too)
        assert len([ax for ax in shown if not ax.get_title().endswith("first 2 h")]) == len(protocol.observables)
        assert len(shown) > len(protocol.observables)
        for ax in shown:
            ticks = max(t.get_fontsize() for t in ax.get_yticklabels() + ax.get_xticklabels())
            assert ax.yaxis.label.get_fontsize() >= ticks, (ax.get_title(), ax.yaxis.label.get_fontsize(), ticks)
            assert ax.xaxis.label.get_fontsize() >= ticks, (ax.get_title(), ax.xaxis.label.get_fontsize(), ticks)
            assert ax.yaxis.label.get_fontsize() >= 9
    finally:
        plt.close(fig)
