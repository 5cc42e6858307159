"""Sweep summaries: the binned answer table, the figure and the one-line answer."""

import numpy as np
import pandas as pd

from il6sim.sweeps.summary import SweepSummary, answer_line, response_selector, summarize


class _Result:
    """A stand-in for SweepResult with a known response: ratio = log10(IL6R) / 4."""

    def __init__(self, n=200, seed=0):
        rng = np.random.default_rng(seed)
        self.x = 10 ** rng.uniform(1, 4, n)
        self.g = rng.uniform(1e3, 1e4, n)

    def design(self):
        return pd.DataFrame({"run_id": np.arange(len(self.x)), "IL6R_per_cell": self.x, "gp130_per_cell": self.g})

    def values(self, selector):
        assert selector == "classic:pSTAT3:auc / trans:pSTAT3:auc"
        y = np.log10(self.x) / 4
        y[0] = np.nan  # a failed run is left out
        return y


def test_selector_prefers_the_classic_trans_ratio():
    assert response_selector(["classic", "trans"], ["pERK", "pSTAT3"], ["peak", "auc"])[0] == \
        "classic:pSTAT3:auc / trans:pSTAT3:auc"
    assert response_selector(["g"], ["pERK"], ["peak"])[0] == "g:pERK:peak"


def test_summary_bins_the_first_parameter_and_writes_table_and_figure(tmp_path):
    s = summarize(_Result(), ["control", "classic", "trans"], ["pSTAT3"], ["auc"], tmp_path, n_bins=8)
    t = s.table
    assert len(t) == 8 and t["runs"].sum() == 199
    assert np.all(np.diff(t["response_median"]) > 0)  # the response rises with IL-6R
    assert (t["response_p05"] <= t["response_median"]).all() and (t["response_median"] <= t["response_p95"]).all()
    assert (tmp_path / "summary.csv").read_text().startswith("IL6R_per_cell_from,IL6R_per_cell_to,runs")
    assert (tmp_path / "summary.png").stat().st_size > 10_000


def test_answer_names_where_classic_reaches_half_of_trans(tmp_path):
    s = summarize(_Result(), ["classic", "trans"], ["pSTAT3"], ["auc"], None, n_bins=10)
    line = answer_line(s, "IL6R_per_cell")
    # log10(x) / 4 = 0.5 at x = 100
    num = float(line.split("at about ")[1].split(" ")[0].replace(",", ""))
    assert 70 < num < 140 and "none of the IL6R_per_cell values swept" in line
    assert answer_line(SweepSummary("a:pERK:peak", "pERK (peak) in group a", s.table), "x") == ""


def test_line_progress_writes_a_line_every_five_percent():
    import io

    from il6sim.sweeps.execution import LineProgress

    buf = io.StringIO()
    p = LineProgress(200, stream=buf)
    for _ in range(200):
        p.update(1)
    lines = buf.getvalue().splitlines()
    assert len(lines) == 20 and lines[0] == "sweep: 5% (10/200 runs)" and lines[-1] == "sweep: 100% (200/200 runs)"


def _table(edges, medians):
    return pd.DataFrame({"a_from": edges[:-1], "a_to": edges[1:], "runs": [3] * len(medians),
                         "response_median": medians, "response_p05": medians, "response_p95": medians})


def test_answer_for_one_swept_value_names_the_value_not_a_crossing():
    # one run (or a grid of one level): the ratio at that value is all there is; it located a 'crossing' at it
    line = answer_line(SweepSummary("x", "classic / trans pSTAT3 (auc)", _table([207.0, 208.0], [0.85])), "a")
    assert line == ("one a value swept (about 207): there classic signalling gives 0.85 of the trans pSTAT3 "
                    "(median over the other parameters)")


def test_answer_says_when_the_level_is_reached_at_the_lowest_values_already():
    t = _table([10.0, 100.0, 1000.0], [0.6, 1.2])  # half of trans already in the first bin, all of it in the second
    line = answer_line(SweepSummary("x", "classic / trans pSTAT3 (auc)", t), "a")
    assert line.startswith("classic signalling gives half of the trans pSTAT3 at the lowest a values swept "
                           "(about 32) already (median")
    num = float(line.split("as much as trans at about ")[1].split(" ")[0].replace(",", ""))
    assert 32 < num < 320


class _GridResult(_Result):
    """A grid of four IL-6R levels, each with three gp130 values; ratio = log10(IL6R) / 4 (0.5 at 100)."""

    def __init__(self):
        self.x = np.repeat([10.0, 100.0, 1000.0, 10000.0], 3)
        self.g = np.tile([1e3, 3e3, 1e4], 4)

    def values(self, selector):
        return np.log10(self.x) / 4


def test_a_grid_is_summarised_at_its_values_not_between_quantile_edges(tmp_path):
    # quantile edges of four levels fell between the levels (10 to 30.8, 72 to 189, ...) and the median line and
    # the answer were placed at the edges' geometric means: half of trans 'at about 51' for a crossing at 32
    s = summarize(_GridResult(), ["classic", "trans"], ["pSTAT3"], ["auc"], tmp_path)
    t = s.table
    assert t["IL6R_per_cell_from"].tolist() == [10.0, 100.0, 1000.0, 10000.0]
    assert t["IL6R_per_cell_to"].tolist() == [10.0, 100.0, 1000.0, 10000.0]
    assert t["runs"].tolist() == [3, 3, 3, 3] and t["response_median"].tolist() == [0.25, 0.5, 0.75, 1.0]
    line = answer_line(s, "IL6R_per_cell")
    assert line.startswith("classic signalling gives half of the trans pSTAT3 at about 100 IL6R_per_cell (median")
    assert (tmp_path / "summary.png").stat().st_size > 10_000


def test_the_answer_names_the_observable_summarised():
    # a sweep reading only pAkt was answered 'classic signalling gives half of the trans pSTAT3 at ...'
    s = summarize(_GridResult(), ["classic", "trans"], ["pAkt"], ["auc"], None)
    assert s.selector == "classic:pAkt:auc / trans:pAkt:auc"
    line = answer_line(s, "IL6R_per_cell")
    assert line.startswith("classic signalling gives half of the trans pAkt at about 100 IL6R_per_cell") and \
        "pSTAT3" not in line
    one = answer_line(SweepSummary("x", "classic / trans pERK (auc)", _table([207.0, 207.0], [0.85])), "a")
    assert one.endswith("classic signalling gives 0.85 of the trans pERK (median over the other parameters)")


def test_the_answer_gives_values_below_10_with_their_digits():
    # a sweep of KD_sIL6R from 0.01 to 100 nM answered 'at the lowest KD_sIL6R values swept (about 0) already'
    t = _table([0.01, 0.01], [0.62])
    assert answer_line(SweepSummary("x", "classic / trans pSTAT3 (at 30 min)", t), "KD_sIL6R").startswith(
        "one KD_sIL6R value swept (about 0.01): ")
    t = pd.DataFrame({"a_from": [0.01, 0.2, 4.6], "a_to": [0.01, 0.2, 4.6], "runs": [1] * 3,
                      "response_median": [0.3, 0.7, 1.2], "response_p05": [0.3, 0.7, 1.2],
                      "response_p95": [0.3, 0.7, 1.2]})
    line = answer_line(SweepSummary("x", "classic / trans pSTAT3 (auc)", t), "K")
    assert line == ("classic signalling gives half of the trans pSTAT3 at about 0.045 K (median over the other "
                    "parameters), and as much as trans at about 1.3 K")


def test_a_range_from_0_still_gets_an_answer():
    # a grid of IL6R_per_cell from 0 (dist: uniform) printed no answer line at all: the crossing was interpolated
    # on a log scale, which has no 0
    t = pd.DataFrame({"a_from": [0.0, 250.0, 500.0], "a_to": [0.0, 250.0, 500.0], "runs": [1] * 3,
                      "response_median": [0.1, 0.9, 1.0], "response_p05": [0.1, 0.9, 1.0],
                      "response_p95": [0.1, 0.9, 1.0]})
    line = answer_line(SweepSummary("x", "classic / trans pSTAT3 (auc)", t), "a")
    assert line == ("classic signalling gives half of the trans pSTAT3 at about 125 a (median over the other "
                    "parameters), and as much as trans at about 498 a")
