"""The web app's virtual Western blot: the title says which rows' numbers are amounts ('(total STAT3: nM)') in one
piece; wrapped to the figure's width it left 'nM)' alone on the last line, away from the row it names."""

import matplotlib

matplotlib.use("Agg")


def test_the_rows_in_nm_are_named_on_one_line():
    import dataclasses

    import matplotlib.pyplot as plt

    from il6sim.protocols import load_protocol
    from il6sim.protocols.runner import run_protocol
    from il6sim.web.figures import blot_figure
    from il6sim.web.tasks import TOTAL_STAT3

    protocol = load_protocol("seed:seed_comparison")  # six groups: the title wraps
    run = dataclasses.replace(protocol, observables=protocol.observables + TOTAL_STAT3)  # as the web app runs it
    fig = blot_figure(protocol, run_protocol(run).table)
    try:
        lines = fig._suptitle.get_text().split("\n")
        assert len(lines) > 2, lines  # the case that wraps
        assert any("(total\u00a0STAT3:\u00a0nM)" in line for line in lines), lines
        assert all(line.strip() not in ("nM)", "STAT3: nM)") for line in lines), lines
    finally:
        plt.close(fig)
