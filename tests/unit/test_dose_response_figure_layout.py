"""The comparison report's dose-response figure reads at the page's width: the report shows it no wider than
its body (max-width in the page's CSS, less the figure's default 40 px margins), so a figure drawn 17 inches wide
with three panels side by side had its tick labels and keys at 8-9 px. Every text must read at 11 px or more
there, and no key may cover a panel's data area, its tick labels or its axis label."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

MIN_PX = 11.0


@pytest.fixture(scope="module")
def figure():
    import matplotlib.pyplot as plt

    from il6sim.compare.pharmacology import run_pharmacology
    from il6sim.report.compare_plots import dose_response_figure

    pharm = run_pharmacology(inhibitor_doses=tuple(float(x) for x in np.logspace(-3, 4, 8)),
                             agonist_doses=tuple(float(x) for x in np.logspace(-5, 2, 8)))
    fig = dose_response_figure(pharm)
    yield fig, pharm
    plt.close(fig)


def _page_px() -> float:
    from il6sim.report.html import _CSS

    body = float(re.search(r"body\{[^}]*max-width:(\d+)px", _CSS).group(1))
    return body - 2 * 40  # <figure>'s default side margins


def test_every_text_reads_at_11_px_or_more_at_the_page_width(figure):
    from matplotlib.text import Text

    fig, _ = figure
    renderer = fig.canvas.get_renderer()
    width_in = fig.get_tightbbox(renderer).width + 2 * 0.15  # as save_figure crops it
    px_per_pt = _page_px() / (width_in * 72.0)
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert texts
    small = sorted({(round(float(t.get_fontsize() * px_per_pt), 1), t.get_text()) for t in texts
                    if t.get_fontsize() * px_per_pt < MIN_PX})
    assert not small, f"figure {width_in:.1f} in wide: texts under {MIN_PX:g} px at the page width: {small[:5]}"


def test_keys_keep_every_curve_and_cover_no_panel(figure):
    fig, pharm = figure
    renderer = fig.canvas.get_renderer()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    legends = [ax.get_legend() for ax in axes if ax.get_legend() is not None]
    assert sum(len(leg.get_texts()) for leg in legends) == len(pharm.curves)
    for leg in legends:
        box = leg.get_window_extent(renderer)
        for ax in axes:
            assert not box.overlaps(ax.get_window_extent(renderer)), (leg.get_texts()[0].get_text(), ax.get_title())
            for axis in (ax.xaxis, ax.yaxis):
                label = axis.get_tightbbox(renderer)
                assert label is None or not box.overlaps(label), (leg.get_texts()[0].get_text(), ax.get_title())
            assert not box.overlaps(ax.title.get_window_extent(renderer)), leg.get_texts()[0].get_text()
        for other in legends:
            if other is not leg:
                assert not box.overlaps(other.get_window_extent(renderer))


def test_agonist_axis_gives_the_unit_as_the_tables_do(figure):
    # it said 'pSTAT3 response (fraction of STAT3)'; the unit comes from compare.comparison.readout_unit
    fig, _ = figure
    assert fig.axes[0].get_ylabel() == "pSTAT3 response (fraction of total STAT3)"
