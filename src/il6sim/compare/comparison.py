"""The seed's comparison table, computed from simulation and audited.

For each cell type, :func:`simulate_cell` runs the seed's conditions
(untreated, classic IL-6, trans IL-6 + sIL-6R, Hyper-IL-6, trans and classic
after sgp130Fc) on a 1-min grid to 24 h. :func:`run_comparison` turns the
time courses into metrics (pSTAT3 peak, time to peak, duration above
half-maximum, AUC; pAkt and pERK peaks; ICAM1, CCL2, CXCL8 and SOCS3 mRNA
fold changes at 4 h and 24 h), classifies them in the seed's words
(:mod:`.verdicts`) and sets them beside the seed's claim and the literature's
verdict (:mod:`.claims`), one :class:`Row` per claim, cell and metric.

>>> from il6sim.compare import run_comparison
>>> res = run_comparison(["huvec_zegeye2018"])          # doctest: +SKIP
>>> res.rows[0].row, res.rows[0].agrees                  # doctest: +SKIP
('STAT3 phosphorylation', 'yes')
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import asdict, dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..engine.simulator import Simulator, default_simulator
from ..errors import InputError, Problem
from ..model.presets import PRESETS, CellSpec
from ..model.reference import reference_model
from ..protocols import simulate_groups
from ..provenance import Provenance
from ..readouts.metrics import TimeCourseMetrics, time_course_metrics
from ..validate import check_flag
from . import verdicts as V
from .claims import CLAIMS, S2_PAPERS, S2_SCENARIO_PRESET, S3_LITERATURE, S3_SEED, S4_LITERATURE, Claim
from .conditions import seed_protocol, time_grid
from .pharmacology import Pharmacology, run_pharmacology
from .verdicts import GENE_TIMES_MIN

log = logging.getLogger(__name__)

#: cells compared by default (`il6sim compare` without --cells)
DEFAULT_CELLS = ("huvec_zegeye2018", "ec_overlapping", "hrec", "hepg2")
#: reference systems always simulated for the protocol claims (S6, S8, E4)
REFERENCE_CELLS = ("gp130_only", "il6r_gp130")
GENES = ("ICAM1", "CCL2", "CXCL8", "SOCS3")
OBSERVABLES = ("pSTAT3", "pAkt", "pERK", "ICAM1_mRNA", "CCL2_mRNA", "CXCL8_mRNA", "SOCS3_mRNA", "SOCS3",
               "active_JAK1", "classic_complexes", "trans_complexes", "surface_IL6R", "surface_gp130")
CONDITION_ORDER = ("classic", "trans", "hyper", "trans_sgp130Fc", "classic_sgp130Fc")


# --------------------------------------------------------------------------
# simulation
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class CellRun:
    """Time courses of one cell type under every seed condition.

    ``data[condition][observable]`` is an array over ``times`` (min).
    """

    cell: str
    label: str
    parameters: Mapping[str, float]
    times: np.ndarray = field(repr=False)
    data: Mapping[str, Mapping[str, np.ndarray]] = field(repr=False)

    def series(self, condition: str, observable: str) -> np.ndarray:
        return self.data[condition][observable]

    def fold(self, condition: str, observable: str) -> np.ndarray:
        """Fold change vs the untreated cell at the same time."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.data[condition][observable] / self.data["untreated"][observable]

    def at(self, condition: str, observable: str, t_min: float, fold: bool = False) -> float:
        y = self.fold(condition, observable) if fold else self.series(condition, observable)
        return float(np.interp(t_min, self.times, y))


def parse_cells(cells: Iterable[str] | str, where: str = "--cells") -> list[str]:
    """Check cell preset names; raise one InputError listing every unknown name."""
    from ..validate import close_match, comma_items, refuse_repeats, show

    problems: list[Problem] = []
    if isinstance(cells, str):  # an empty item ('a,,b') is refused, not skipped
        cells = comma_items(cells, where, problems)
    elif isinstance(cells, Mapping) or not isinstance(cells, Iterable):
        raise InputError(f"expected a list of cell presets such as ['hepg2', 'huvec'] (got {show(cells)})", where)
    cells = list(cells)
    bad = [c for c in cells if not isinstance(c, str)]
    if bad:
        raise InputError(f"cell presets are names such as 'huvec' (got {show(bad[0])}); known: {', '.join(PRESETS)}",
                         where)
    names = [c.strip().lower() for c in cells if c.strip()]

    def _unknown(c: str) -> str:
        close = close_match(c, PRESETS)
        return f"unknown cell preset {c!r}" + (f" (did you mean {close}?)" if close else "") \
            + f" (known: {', '.join(PRESETS)})"

    problems += [Problem(where, _unknown(c)) for c in names if c not in PRESETS]
    problems += [Problem(where, f"cell preset {c!r} has no cells; choose a cell type")
                 for c in names if c in PRESETS and PRESETS[c].cell_free]
    refuse_repeats(names, where, "cell", problems)
    if not names:
        example = "--cells huvec_zegeye2018,hepg2" if where.startswith("--") else "['huvec_zegeye2018', 'hepg2']"
        problems.append(Problem(where, f"no cell given (e.g. {example})"))
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(names))


def simulate_cell(cell: str | CellSpec, simulator: Simulator | None = None,
                  times: Sequence[float] | None = None, *,
                  parameters: Mapping[str, float] | None = None) -> CellRun:
    """Run the seed's protocol (:func:`~.conditions.seed_protocol`, 6 groups) on one cell type.

    ``parameters``: values applied on top of the cell preset (e.g. a named parameter set or one of its
    ensemble members), as ``run_protocol(..., parameters=...)`` applies them.
    """
    spec = CellSpec.parse(cell, where="cell")
    protocol = seed_protocol(spec, observables=OBSERVABLES)
    t = time_grid() if times is None else np.asarray(times, float)
    trajs = simulate_groups(protocol, t, simulator=simulator, parameters=parameters)
    data = {g: {o: tr.observable(o) for o in OBSERVABLES} for g, tr in trajs.items()}
    return CellRun(spec.preset, spec.label, {**spec.resolve(), **dict(parameters or {})}, t, data)


# --------------------------------------------------------------------------
# metrics
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ConditionMetrics:
    """Metrics of one condition in one cell."""

    pstat3: TimeCourseMetrics
    pstat3_30: float          # pSTAT3 response above baseline at 30 min
    pakt_peak: float          # peak response above baseline (fraction of total)
    perk_peak: float
    folds: Mapping[str, tuple[float, float]]  # gene -> (4 h, 24 h)
    socs3_t_half: float       # min to half of the 4 h SOCS3 mRNA rise
    active_units_peak: float  # active JAK1 units per cell, max
    active_units_2h: float
    classic_units_peak: float
    trans_units_peak: float
    socs3_protein_2h: float   # nM

    @property
    def pattern(self) -> str:
        return V.pattern(self.pstat3.peak_response, self.pstat3.kind)

    @property
    def inductions(self) -> dict[str, bool]:
        return {g: V.induced(*f) for g, f in self.folds.items()}


def _peak_response(y: np.ndarray) -> float:
    return float(np.max(y) - y[0])


def _t_half(t: np.ndarray, y: np.ndarray, t_ref: float) -> float:
    """Minutes until ``y`` first covers half of its rise from t=0 to ``t_ref``."""
    y_ref = float(np.interp(t_ref, t, y))
    rise = y_ref - y[0]
    if rise <= 0:
        return float("nan")
    half = y[0] + rise / 2
    idx = int(np.argmax(y >= half))
    if idx == 0:
        return float(t[0])
    t0, t1, y0, y1 = t[idx - 1], t[idx], y[idx - 1], y[idx]
    return float(t0 + (half - y0) / (y1 - y0) * (t1 - t0))


def condition_metrics(run: CellRun, condition: str) -> ConditionMetrics:
    t = run.times
    d = run.data[condition]
    folds = {g: (run.at(condition, f"{g}_mRNA", GENE_TIMES_MIN[0], fold=True),
                 run.at(condition, f"{g}_mRNA", GENE_TIMES_MIN[1], fold=True)) for g in GENES}
    return ConditionMetrics(
        pstat3=time_course_metrics(t, d["pSTAT3"]),
        pstat3_30=run.at(condition, "pSTAT3", V.PSTAT3_READ_MIN) - float(d["pSTAT3"][0]),
        pakt_peak=_peak_response(d["pAkt"]),
        perk_peak=_peak_response(d["pERK"]),
        folds=folds,
        socs3_t_half=_t_half(t, d["SOCS3_mRNA"], GENE_TIMES_MIN[0]),
        active_units_peak=float(np.max(d["active_JAK1"])),
        active_units_2h=run.at(condition, "active_JAK1", 120.0),
        classic_units_peak=float(np.max(d["classic_complexes"])),
        trans_units_peak=float(np.max(d["trans_complexes"])),
        socs3_protein_2h=run.at(condition, "SOCS3", 120.0),
    )


# --------------------------------------------------------------------------
# rows
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One line of the comparison table.

    ``classic``/``trans``/``hyper``/``trans_sgp130Fc`` are numbers in ``unit``
    (None when not applicable). ``agrees``: does the model reproduce the seed's
    claim; ``model_vs_literature``: does it match what the literature shows.
    """

    row: str
    claim: str
    cell: str
    metric: str
    unit: str
    classic: float | None
    trans: float | None
    hyper: float | None
    trans_sgp130Fc: float | None
    seed_claim: str
    model_verdict: str
    literature_verdict: str
    agrees: str
    model_vs_literature: str
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _f(x: float | None) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _in_range(x: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= x <= bounds[1]


def _time_to_peak(m) -> float:
    """Time to the peak, or NaN (shown as '-') where there is no response to time."""
    return float("nan") if m.kind == "none" else m.time_to_peak


def readout_unit(observable: str, area: bool = False) -> str:
    """A row's unit for numbers read from ``observable``, in the words the report's axes and text use
    (:attr:`~il6sim.model.spec.Observable.unit_words`); ``area``: an area under it over time (``x min``).

    >>> readout_unit("pSTAT3"), readout_unit("pSTAT3", area=True), readout_unit("pERK")
    ('fraction of total STAT3', 'fraction of total STAT3 x min', 'fraction of total ERK')
    """
    words = reference_model().observable_map[observable].unit_words
    return f"{words} x min" if area else words


#: unit of the S8 rows: the relative change sgp130Fc makes, (with - without) / without
SGP130FC_CHANGE_UNIT = "fraction of the response without sgp130Fc"


def _signed_pct(x: float) -> str:
    """A change as a signed percentage, without '-0%' for changes that round to zero (and without '-1.0%' for
    those that round to 1%).

    >>> _signed_pct(-0.00997), _signed_pct(-0.004), _signed_pct(0.0001), _signed_pct(0.374)
    ('-1%', '-0.4%', '0%', '+37%')
    """
    if not math.isfinite(x):
        return "n/a"
    if abs(x) < 0.0005:
        return "0%"
    return f"{x:+.1%}" if abs(x) < 0.0095 else f"{x:+.0%}"


def _scope(claim: Claim, cell: str, agrees: str, vs_lit: str) -> tuple[str, str, str]:
    if claim.in_scope(cell):
        return agrees, vs_lit, ""
    return V.NA, V.NA, f"outside the claim's cells ({claim.scope}); shown for reference"


def _rows_for_cell(run: CellRun, m: Mapping[str, ConditionMetrics]) -> list[Row]:
    rows: list[Row] = []
    cell = run.cell
    cl, tr, hy, tf, cf = (m[c] for c in CONDITION_ORDER)

    def row(claim: Claim, metric, unit, vals, verdict, agrees, vs_lit, lit=None, note=""):
        a, v, scope_note = _scope(claim, cell, agrees, vs_lit)
        rows.append(Row(claim.row, claim.id, cell, metric, unit, *(_f(x) for x in vals), claim.seed_text, verdict,
                        lit or claim.literature_verdict, a, v, "; ".join(x for x in (note, scope_note) if x)))

    # S1 STAT3 phosphorylation ----------------------------------------------------
    c1 = CLAIMS["S1"]
    pat_c, pat_t = cl.pattern, tr.pattern
    agree1 = V.agree_stat3(pat_c, pat_t)
    # literature: IL-6 (classic) STAT3 is transient; no side-by-side trans data
    lit1 = V.YES if cl.pstat3.kind == "transient" else V.NO
    mech = (f"active units/cell at peak: classic {cl.active_units_peak:.0f}, trans {tr.active_units_peak:.0f}; "
            f"at 2 h: {cl.active_units_2h:.0f} vs {tr.active_units_2h:.0f}")
    row(c1, "pSTAT3 peak response", readout_unit("pSTAT3"),
        (cl.pstat3.peak_response, tr.pstat3.peak_response, hy.pstat3.peak_response, tf.pstat3.peak_response),
        f"classic {pat_c}; trans {pat_t}", agree1, lit1, note=mech)
    def peaks_at(route: str, pstat3) -> str:
        return f"{route} no response" if pstat3.kind == "none" else f"{route} peaks at {pstat3.time_to_peak:.0f} min"

    row(c1, "pSTAT3 time to peak", "min",
        tuple(_time_to_peak(x.pstat3) for x in (cl, tr, hy, tf)),
        f"{peaks_at('classic', cl.pstat3)}, {peaks_at('trans', tr.pstat3)} (literature: 15-30 min)", V.NA,
        V.NA if cl.pstat3.kind == "none" else V.YES if _in_range(cl.pstat3.time_to_peak, V.PEAK_TIME_RANGE_MIN)
        else V.NO)
    row(c1, "pSTAT3 duration above half-max", "min",
        (cl.pstat3.duration, tr.pstat3.duration, hy.pstat3.duration, tf.pstat3.duration),
        f"classic {cl.pstat3.kind} ({cl.pstat3.late_fraction:.0%} of peak 2 h after it); "
        f"trans {tr.pstat3.kind} ({tr.pstat3.late_fraction:.0%})",
        V.combine(cl.pstat3.kind == "transient", tr.pstat3.kind == "sustained"), lit1)
    auc_ratio = tr.pstat3.auc / cl.pstat3.auc if cl.pstat3.auc > 0 else float("inf")
    row(c1, "pSTAT3 AUC 0-24 h", readout_unit("pSTAT3", area=True),
        (cl.pstat3.auc, tr.pstat3.auc, hy.pstat3.auc, tf.pstat3.auc),
        f"trans/classic AUC = {auc_ratio:.3g}", V.YES if tr.pstat3.auc >= cl.pstat3.auc else V.NO, V.NA)

    # S2 downstream signalling ----------------------------------------------------
    c2 = CLAIMS["S2"]
    arms_c = V.arms(cl.pstat3.peak_response, cl.pakt_peak, cl.perk_peak)
    arms_t = V.arms(tr.pstat3.peak_response, tr.pakt_peak, tr.perk_peak)
    seed_exp = S2_PAPERS["seed [7] 'Overlapping and distinct'"]
    agree2 = V.agree_arms(arms_c, arms_t, seed_exp["classic"], seed_exp["trans"])
    matches = [p for p, e in S2_PAPERS.items() if V.agree_arms(arms_c, arms_t, e["classic"], e["trans"]) == V.YES]
    target = S2_SCENARIO_PRESET.get(cell)
    if target:
        vs2 = V.YES if target in matches else V.NO
        lit2 = f"scenario for {target}; " + c2.literature_verdict
    else:
        vs2 = V.PARTLY if matches else V.NO
        lit2 = c2.literature_verdict
    # the same pattern reads 'yes' in a paper's scenario preset and 'partly' elsewhere: say why beside it
    note2 = ""
    if not target and c2.in_scope(cell):
        note2 = (f"vs literature partly: matches {' and '.join(matches)}, one side of the conflict; {cell} is "
                 "the scenario preset of neither paper" if matches else
                 "vs literature no: matches neither paper")
    verdict2 = (f"classic -> {V.arms_text(arms_c)}; trans -> {V.arms_text(arms_t)}"
                f" (matches: {', '.join(matches) if matches else 'neither paper'})")
    for arm, key_c, key_t, kh, kf in (("pAkt", cl.pakt_peak, tr.pakt_peak, hy.pakt_peak, tf.pakt_peak),
                                       ("pERK", cl.perk_peak, tr.perk_peak, hy.perk_peak, tf.perk_peak)):
        row(c2, f"{arm} peak response", readout_unit(arm), (key_c, key_t, kh, kf),
            verdict2, agree2, vs2, lit=lit2, note=note2)

    # S3 genes -------------------------------------------------------------------
    c3 = CLAIMS["S3"]
    for g in ("ICAM1", "CCL2", "CXCL8"):
        ic, it = V.induced(*cl.folds[g]), V.induced(*tr.folds[g])
        exp_lit, lit_text = S3_LITERATURE[g]
        row(c3, f"{g} mRNA fold, max of 4 h / 24 h", "fold vs untreated",
            (max(cl.folds[g]), max(tr.folds[g]), max(hy.folds[g]), max(tf.folds[g])),
            f"classic {'induced' if ic else 'not induced'} ({V.fold_text(cl.folds[g][0])} / "
            f"{V.fold_text(cl.folds[g][1])}); trans {'induced' if it else 'not induced'} "
            f"({V.fold_text(tr.folds[g][0])} / {V.fold_text(tr.folds[g][1])})",
            V.agree_gene(ic, it, S3_SEED[g]), V.agree_gene(ic, it, exp_lit), lit=lit_text)

    # C1 cellular response ---------------------------------------------------------
    cc = CLAIMS["C1"]
    n_c, n_t = V.inflammatory_count(cl.inductions), V.inflammatory_count(tr.inductions)
    row(cc, "inflammatory genes induced (ICAM1, CCL2, CXCL8)", "genes of 3", (n_c, n_t, V.inflammatory_count(
        hy.inductions), V.inflammatory_count(tf.inductions)),
        f"trans {'inflammatory' if n_t >= V.INFLAMMATORY_MIN_GENES else 'not inflammatory'} ({n_t}/3); "
        f"classic {n_c}/3; survival and injury are not modelled",
        V.agree_cellular(n_c, n_t), V.NA)

    # S5 SOCS3 -------------------------------------------------------------------
    # one row per gene readout time, each judged on its own folds: the classic induction and the trans/classic
    # ratio are read at the row's time; the half-rise times (to half of the rise to the 4 h level) describe the rise
    c5 = CLAIMS["S5"]
    note5 = "SOCS3 is a STAT3 target in the model (w_STAT3_SOCS3 = 1): it follows pSTAT3"
    for i, t_read in enumerate(GENE_TIMES_MIN):
        at = f"{t_read / 60:g} h"
        fc, ft = cl.folds["SOCS3"][i], tr.folds["SOCS3"][i]
        rel = V.socs3_relation(fc, ft, cl.socs3_t_half, tr.socs3_t_half)
        ic = V.induced(fc)
        v5 = (f"classic {'induced' if ic else 'not induced'} ({fc:.3g}x at {at}, half-rise "
              f"{cl.socs3_t_half:.0f} min); trans {rel} ({ft:.3g}x, half-rise {tr.socs3_t_half:.0f} min)")
        row(c5, f"SOCS3 mRNA fold at {at}", "fold vs untreated",
            (fc, ft, hy.folds["SOCS3"][i], tf.folds["SOCS3"][i]),
            v5, V.agree_socs3(ic, rel), V.socs3_follows_stat3(rel, cl.pstat3.auc, tr.pstat3.auc), note=note5)

    # S8 sgp130Fc in this cell ------------------------------------------------------
    c8 = CLAIMS["S8"]
    cut_t = V.fraction_cut(tr.pstat3_30, tf.pstat3_30)
    change_c = -V.fraction_cut(cl.pstat3_30, cf.pstat3_30)
    share = cl.pstat3_30 / tr.pstat3_30 if tr.pstat3_30 > 0 else float("nan")
    note8 = ""
    if math.isfinite(share) and share > 0.05:
        note8 = (f"classic alone gives {share:.0%} of the trans-group response here, a part that IL-6 on membrane "
                 "IL-6R makes without sIL-6R, so the trans-group response cannot fall to zero")
        extra, leaves = tr.pstat3_30 - cl.pstat3_30, "; sgp130Fc brings the trans-group response down to"
        if extra > 0.05 * tr.pstat3_30:  # what sIL-6R adds is the part sgp130Fc is meant to remove
            removed = (tr.pstat3_30 - tf.pstat3_30) / extra
            note8 += f"; sgp130Fc removes {'all' if removed >= 1 else f'{removed:.0%}'} of what sIL-6R adds"
            leaves = " and brings the trans-group response down to"
        if cl.pstat3_30 > 0 and tf.pstat3_30 < 0.95 * cl.pstat3_30:
            note8 += (f"{leaves} {tf.pstat3_30 / cl.pstat3_30:.0%} of the response that IL-6 alone gives: it also "
                      "traps the IL-6 that sIL-6R holds (see the S8 discussion)")
    row(c8, f"pSTAT3 response at {V.PSTAT3_READ_MIN:g} min, change by sgp130Fc", SGP130FC_CHANGE_UNIT,
        (change_c, -cut_t, None, None),
        f"cuts the trans-group response by {cut_t:.0%}; changes classic by {_signed_pct(change_c)}",
        V.agree_sgp130fc(cut_t, change_c), V.NA, note=note8)
    return rows


def _reference_rows(runs: Mapping[str, CellRun], metrics: Mapping[str, Mapping[str, ConditionMetrics]],
                    pharm: Pharmacology | None) -> list[Row]:
    rows: list[Row] = []
    g, c = metrics["gp130_only"], metrics["il6r_gp130"]
    # E4: IL-6 alone on gp130-only cells
    e4 = CLAIMS["E4"]
    a = V.agree_no_response(g["classic"].pstat3.peak_response)
    rows.append(Row(e4.row, e4.id, "gp130_only", "pSTAT3 peak response", readout_unit("pSTAT3"),
                    _f(g["classic"].pstat3.peak_response), _f(g["trans"].pstat3.peak_response),
                    _f(g["hyper"].pstat3.peak_response), _f(g["trans_sgp130Fc"].pstat3.peak_response),
                    e4.seed_text, f"IL-6 alone: {V.strength(g['classic'].pstat3.peak_response)}; "
                    f"IL-6 + sIL-6R: {g['trans'].pattern}", e4.literature_verdict, a, a))
    # S8: sgp130Fc on the pure systems
    s8 = CLAIMS["S8"]
    cut_t = V.fraction_cut(g["trans"].pstat3_30, g["trans_sgp130Fc"].pstat3_30)
    change_c = -V.fraction_cut(c["classic"].pstat3_30, c["classic_sgp130Fc"].pstat3_30)
    interference = runs["il6r_gp130"].parameters.get("fc_classic_interference", 0.0)
    a8 = V.agree_sgp130fc(cut_t, change_c)
    lit8 = V.YES if a8 == V.YES else V.PARTLY
    note = ("trans on gp130_only (pure trans); classic on il6r_gp130; fc_classic_interference = "
            f"{interference:g} (default; matches Jostock 2001, not Widjaja & Cook 2024)")
    if pharm is not None:
        fc_cli = pharm.curves["sgp130Fc_classic_interference"]
        note += f"; with interference 1 the classic IC50 is {fc_cli.value_text}"
    rows.append(Row(s8.row, s8.id, "gp130_only / il6r_gp130", f"pSTAT3 response at {V.PSTAT3_READ_MIN:g} min, "
                    "change by sgp130Fc 500 ng/mL", SGP130FC_CHANGE_UNIT, _f(change_c), _f(-cut_t), None, None,
                    s8.seed_text,
                    f"cuts trans by {cut_t:.1%}; changes classic by {_signed_pct(change_c)}", s8.literature_verdict,
                    a8, lit8, note))
    if pharm is not None:
        s6 = CLAIMS["S6"]
        eq, hy = pharm.curves["il6_sil6r_equimolar"], pharm.curves["hyper_il6"]
        a6 = V.agree_potency(pharm.potency_ratio)
        rows.append(Row(s6.row, s6.id, "gp130_only", f"EC50 (pSTAT3 at {V.PSTAT3_READ_MIN:g} min)", "nM",
                        None, _f(eq.value_nM), _f(hy.value_nM), None, s6.seed_text,
                        f"EC50 IL-6 + sIL-6R (equimolar) {eq.value_text}, Hyper-IL-6 {hy.value_text}: ratio "
                        f"{pharm.potency_ratio:.0f}", s6.literature_verdict, a6, a6,
                        "the 'trans' column holds EC50(IL-6 + sIL-6R), the 'Hyper-IL-6' column ('hyper' in "
                        "comparison.csv) EC50(Hyper-IL-6)"))
    return rows


def _s4_row() -> Row:
    c = CLAIMS["S4"]
    L = S4_LITERATURE
    return Row(c.row, c.id, "hrec (RNA-seq)", "differentially expressed genes", "genes", None, None, None, None,
               c.seed_text, "not modelled: the model has 4 target genes, not a transcriptome",
               f"Robinson 2021: {L['degs']} DEGs, {L['up']} up, {L['down']} down; sgp130Fc abolished them "
               f"(seed: {L['seed_up']} up, {L['seed_down']} down)", V.NOT_MODELLED, V.NOT_MODELLED,
               "the seed's numbers are corrected from the cited paper")


# --------------------------------------------------------------------------
# the whole comparison
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """Result of :func:`run_comparison`: rows, runs, metrics, pharmacology, provenance."""

    cells: tuple[str, ...]
    rows: tuple[Row, ...]
    runs: Mapping[str, CellRun] = field(repr=False)
    metrics: Mapping[str, Mapping[str, ConditionMetrics]] = field(repr=False)
    pharmacology: Pharmacology | None = field(repr=False)
    provenance: Provenance = field(repr=False)

    def records(self) -> list[dict]:
        """The table as one dict per :class:`Row` (JSON-ready; numbers in each row's ``unit``)."""
        return [r.as_dict() for r in self.rows]

    def __repr__(self) -> str:  # the runs, metrics and provenance would fill a screen
        claims = list(dict.fromkeys(r.claim for r in self.rows))
        return (f"<Comparison: {len(self.rows)} rows on {', '.join(claims)}; cells {', '.join(self.cells)}; "
                ".to_frame() for the table, .rows_for(claim) for one claim>")

    def to_frame(self):
        """The table as a pandas DataFrame: one row per :class:`Row`, one column per field."""
        return pd.DataFrame(self.records())

    def rows_for(self, claim: str) -> list[Row]:
        """The rows of one claim (e.g. ``"S1"``); an empty list for a claim not in the table.

        A name that is no claim (``"s1"``, ``"S9"``) raises :class:`~il6sim.errors.UnknownNameError` naming the
        claims (:data:`il6sim.compare.claims.CLAIMS`), rather than looking like a claim without rows.
        """
        if claim not in CLAIMS:
            from ..errors import UnknownNameError
            from ..validate import did_you_mean

            raise UnknownNameError(f"unknown claim {claim!r}{did_you_mean(claim, CLAIMS)} "
                                   f"(claims: {', '.join(CLAIMS)})")
        return [r for r in self.rows if r.claim == claim]


def provenance(simulator: Simulator, started: float, command: str | None = None,
               cells: Sequence[str] = (), parameters: Mapping[str, float] | None = None) -> Provenance:
    """The comparison's :class:`~il6sim.provenance.Provenance` (the seed protocol, the cells, start and end;
    ``parameters``: the values applied on top of every preset, if any)."""
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return Provenance.record(simulator, kind="comparison", protocol=seed_protocol(), command=command,
                             parameters=parameters,
                             cells=list(cells), started_utc=time.strftime(fmt, time.gmtime(started)),
                             finished_utc=time.strftime(fmt, time.gmtime()))


def run_comparison(cells: Iterable[str] = DEFAULT_CELLS, *, simulator: Simulator | None = None,
                   pharmacology: bool = True, command: str | None = None,
                   parameters: Mapping[str, float] | None = None) -> Comparison:
    """Simulate the seed's conditions in ``cells`` (plus the reference systems) and build the table.

    Parameters
    ----------
    cells
        Cell preset names (see ``il6sim presets cells``).
    pharmacology
        Also run the dose-responses (needed for the Hyper-IL-6 potency row, ~5 s).
    parameters
        Values in each parameter's own unit (``il6sim presets parameters``), applied on top of every
        cell preset, the reference systems and the dose-responses (e.g.
        :func:`il6sim.fitting.ensemble.parameter_set`); default none (the model's values).

    Raises
    ------
    InputError
        No cell, an unknown cell preset or a cell-free one (every such name listed at once), or bad
        ``parameters``.

    Examples
    --------
    >>> cmp = run_comparison(["hepg2"], pharmacology=False)
    >>> df = cmp.to_frame()                  # one row per claim, cell and metric
    >>> "hepg2" in set(df.cell), {"classic", "trans", "model_verdict"} <= set(df.columns)
    (True, True)
    """
    started = time.time()
    pharmacology = check_flag(pharmacology, "pharmacology")  # 'no' is true in Python: refused, not run
    names = parse_cells(cells, where="cells")
    if parameters is not None:  # named as the caller wrote it, not as the seed's protocol ('seed:seed_comparison')
        from ..model.overrides import check_parameter_values

        check_parameter_values(parameters, "parameters", scoped=True)
    sim = simulator or default_simulator()
    runs: dict[str, CellRun] = {}
    for c in list(dict.fromkeys([*names, *REFERENCE_CELLS])):
        log.info("simulating %s", c)
        runs[c] = simulate_cell(c, sim, parameters=parameters)
    metrics = {c: {k: condition_metrics(r, k) for k in CONDITION_ORDER} for c, r in runs.items()}
    pharm = run_pharmacology(sim, parameters=parameters) if pharmacology else None
    rows: list[Row] = []
    for c in names:
        rows += _rows_for_cell(runs[c], metrics[c])
    rows.append(_s4_row())
    rows += _reference_rows(runs, metrics, pharm)
    order = {cid: i for i, cid in enumerate(("S1", "S2", "S3", "S4", "C1", "S5", "S6", "S8", "E4"))}
    rows.sort(key=lambda r: order.get(r.claim, 99))  # stable: keeps cell order within a claim
    return Comparison(tuple(names), tuple(rows), runs, metrics, pharm,
                      provenance(sim, started, command, names, parameters))
