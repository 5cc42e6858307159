"""The web app's virtual Western blot: the title says what the loading control's numbers are. It said 'numbers:
fraction phosphorylated (total STAT3: nM)', and the beta-actin row's 1.00 in every lane read as fully
phosphorylated."""

import matplotlib

matplotlib.use("Agg")


def test_the_title_says_the_loading_control_numbers_are_equal_loading():
    import dataclasses

    import matplotlib.pyplot as plt

    from il6sim.protocols import load_protocol
    from il6sim.protocols.runner import run_protocol
    from il6sim.web.figures import LOADING_ROW, blot_figure
    from il6sim.web.tasks import TOTAL_STAT3

    protocol = load_protocol("seed:trans_huvec")
    run = dataclasses.replace(protocol, observables=protocol.observables + TOTAL_STAT3)  # as the web app runs it
    fig = blot_figure(protocol, run_protocol(run).table)
    try:
        ax = fig.axes[0]
        assert LOADING_ROW in [t.get_text() for t in ax.get_yticklabels()]
        assert "1.00" in [t.get_text() for t in ax.texts]  # the loading control's numbers, which the title explains
        title = fig._suptitle.get_text().replace("\n", " ").replace("\u00a0", " ")
        assert "numbers: fraction phosphorylated (total STAT3: nM); \u03b2-actin: 1.00 = equal loading" in title, title
    finally:
        plt.close(fig)
