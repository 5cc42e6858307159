"""Dose-response and pharmacology: EC50, Hill slope, IC50 and the sgp130Fc window.

All curves read pSTAT3 at 30 min after stimulation (the seed reads STAT3
at 15-30 min), as the response above the unstimulated level:

* agonists: IL-6 on ``il6r_gp130`` (classic); IL-6 + sIL-6R (equimolar, and
  with sIL-6R fixed at the seed's 25 ng/mL) and Hyper-IL-6 on ``gp130_only``;
* the Hyper-IL-6 potency ratio EC50(IL-6 + sIL-6R, equimolar) / EC50(Hyper-IL-6)
  on ``gp130_only`` (literature 100-1000, Fischer 1997; EVIDENCE S6);
* inhibitors, as the fraction of the uninhibited response left:
  sgp130Fc (45 min pre-incubation) against trans (``gp130_only``, IL-6 +
  sIL-6R) and against classic (``il6r_gp130``, IL-6), at the default
  ``fc_classic_interference`` (0, Jostock 2001) and at 1 and 10 (the Widjaja &
  Cook 2024 scenario); natural (monomeric) sgp130, 45 min ahead, against trans,
  and the dimer's potency over it, IC50(sgp130) / IC50(sgp130Fc) in molar terms
  (~10 reported by Jostock 2001 on proliferation); tocilizumab and sarilumab
  (60 min pre-incubation) against
  classic and trans; siltuximab (anti-IL-6) premixed with the stimulus for 60 min
  (a neutralisation assay), against classic and trans; ruxolitinib and baricitinib
  (60 min) against classic.

An IC50 is "not reached" when the highest dose leaves more than half of the
response; the value is then reported as ``> highest dose``. An EC50 or IC50
below the lowest dose (that dose already gives half of the effect) is
reported as ``< lowest dose``: no value is extrapolated beyond the doses.

The value reported is the midpoint of the four-parameter Hill fit (the
relative EC50/IC50, halfway between the fitted bottom and top). For an
inhibitor that removes only part of the response (sgp130Fc against classic,
a JAK inhibitor on a readout with a floor), the dose that halves the
response is higher than this midpoint, and "not reached" refers to that dose.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..engine.simulator import Simulator, default_simulator
from ..model.agents import find_agent
from ..model.overrides import for_preset
from ..model.reference import reference_model
from ..protocols import Protocol, Step, simulate_groups
from ..readouts.metrics import FLAT_ATOL, HillFit, fit_hill
from ..units import nM_to_mass
from .conditions import DRUG_PREINCUBATION_MIN, SEED_DOSES, SGP130FC_PREINCUBATION_MIN, seed_dose_nM
from .verdicts import POTENCY_RANGE, PSTAT3_READ_MIN

log = logging.getLogger(__name__)

#: the model's own fc_classic_interference (0: sgp130Fc spares classic signalling, Jostock 2001)
_DEFAULT_INTERFERENCE = reference_model().parameter_map["fc_classic_interference"].value
#: fc_classic_interference values of the Widjaja & Cook 2024 scenario (default 0 = Jostock 2001);
#: 1 = sgp130Fc binds membrane IL-6:IL-6R as fast as IL-6:sIL-6R; 10 lies in the 3-30 range the
#: parameter's source names for the inhibition Widjaja & Cook saw
INTERFERENCE_SCENARIOS = (1.0, 10.0)
#: inhibitors that neutralise the ligand itself: pre-incubated with the stimulus (premixed, as
#: neutralisation assays of anti-IL-6 antibodies are done) rather than with the cells
PREMIXED_WITH_LIGAND = ("siltuximab",)
#: agonist doses (nM): 10 fM to 100 nM, 3 per decade
AGONIST_DOSES_NM = tuple(float(x) for x in np.logspace(-5, 2, 22))
#: inhibitor doses (nM): 1 pM to 10 uM, 3 per decade
INHIBITOR_DOSES_NM = tuple(float(x) for x in np.logspace(-3, 4, 22))


@dataclass(frozen=True)
class DoseResponse:
    """One dose-response curve and its Hill fit.

    ``response`` is the readout's rise above the untreated cell at the reading time (agonists) or the
    fraction of the uninhibited response left (inhibitors); ``response_unit``
    says which, with the readout's unit (for an axis label).
    """

    key: str
    label: str
    agent: str
    cell: str
    kind: str  # "agonist" | "inhibitor"
    stimulus: str
    doses_nM: np.ndarray = field(repr=False)
    response: np.ndarray = field(repr=False)
    fit: HillFit
    control_response: float = float("nan")
    note: str = ""
    #: what ``response`` is and its unit (:func:`response_units`)
    response_unit: str = ""

    def _lowest_dose_past_half(self) -> bool:
        """The lowest dose already gives half of the effect: an inhibitor leaves half or less of the uninhibited
        response there, an agonist raises the readout by half or more of its largest rise (either sign)."""
        ok = np.isfinite(self.response)
        if not ok.any():
            return False
        d, y = self.doses_nM[ok], self.response[ok]
        low = float(y[np.argmin(d)])
        if self.kind == "inhibitor":
            return low <= 0.5
        peak = float(y[np.argmax(np.abs(y))])
        return abs(peak) > FLAT_ATOL and low / peak >= 0.5

    @property
    def reached(self) -> bool:
        """The EC50 / IC50 lies inside the simulated doses: agonists, a fitted EC50 inside the dose range with the
        lowest dose below half of the largest rise; inhibitors, the lowest dose leaves more than half of the
        response, the highest less than half, and the fitted IC50 lies between them. Never extrapolated."""
        if self._lowest_dose_past_half():
            return False
        if self.kind == "inhibitor":
            finite = self.response[np.isfinite(self.response)]
            ec50 = float(self.fit.ec50)
            return (bool(finite.size and finite.min() < 0.5) and math.isfinite(ec50)
                    and float(self.doses_nM.min()) <= ec50 <= float(self.doses_nM.max()))
        return bool(self.fit.ok)

    @property
    def below_range(self) -> bool:
        """The EC50 / IC50 lies below the lowest simulated dose (that dose already gives half of the effect, or
        the fit puts it there); :attr:`value_text` then reads ``< lowest dose``."""
        if self.reached or not (self.defined and self.responds):
            return False
        ec50 = float(self.fit.ec50)
        return self._lowest_dose_past_half() or (math.isfinite(ec50) and ec50 < float(self.doses_nM.min()))

    @property
    def responds(self) -> bool:
        """False when there is nothing to measure: an agonist that moves pSTAT3 at no dose, or an inhibitor
        whose stimulus alone gives no response."""
        if self.kind == "inhibitor":  # solver round-off (a cell without gp130) is no response
            return bool(self.control_response > FLAT_ATOL)
        return self.fit.message != "no response at any dose"

    @property
    def defined(self) -> bool:
        """False when the readout has no value in this cell at any dose (pSTAT3, a fraction of total STAT3,
        in a STAT3 knockout): there is no curve, rather than one that does not reach its EC50 / IC50."""
        if self.kind == "inhibitor":
            return math.isfinite(self.control_response)
        return bool(np.isfinite(self.response).any())

    @property
    def value_nM(self) -> float:
        """EC50 / IC50 in nM (NaN when not reached)."""
        return float(self.fit.ec50) if self.reached else float("nan")

    @property
    def value_text(self) -> str:
        """The EC50/IC50 as text in fM, pM, nM or µM; else why there is none (``not reached (> top dose)``,
        ``below the doses (< lowest dose)``)."""
        if self.reached:
            return f"{_fmt_conc(self.value_nM)}"
        if not self.defined:
            return "n/a (the readout is undefined in this cell)"  # e.g. pSTAT3 of a STAT3 knockout
        if not self.responds:
            return ("n/a (no response at any dose)" if self.kind == "agonist"
                    else "n/a (the stimulus alone gives no response)")
        if self.below_range:
            return f"below the doses (< {_fmt_conc(float(self.doses_nM.min()))})"
        return f"not reached (> {_fmt_conc(float(self.doses_nM.max()))})"

    def ng_per_mL(self, nM: float) -> float:
        """A dose of the curve's agent in ng/mL; NaN for a small molecule (dosed in molar only)."""
        a = find_agent(self.agent)
        return nM_to_mass(nM, a.mw_g_per_mol, "ng/mL") if a.mw_g_per_mol > 1000 else float("nan")

    @property
    def value_ng_per_mL(self) -> float:
        """EC50 / IC50 in ng/mL (NaN when not reached, or for a small molecule dosed in molar only)."""
        return self.ng_per_mL(self.value_nM) if self.reached else float("nan")

    @property
    def hill_slope(self) -> float:
        """The fitted Hill slope where an EC50 / IC50 is reached; NaN where none is (a slope fitted to a curve
        that never reaches half its span describes no curve: tables show '-')."""
        h = float(self.fit.hill)
        return h if self.reached and math.isfinite(h) else float("nan")

    def mass_text(self) -> str:
        """The EC50/IC50 in ng/mL as text; '' when not reached or for a small molecule."""
        mass = self.value_ng_per_mL
        return f"{_sig3(mass)} ng/mL" if math.isfinite(mass) else ""


def potency_numbers(curve: DoseResponse) -> dict:
    """A curve's EC50 / IC50 as numbers, for the tables the command line writes and the web app downloads:
    ``value_nM``, ``value_ng_per_mL`` and ``hill_slope``, NaN where no EC50 / IC50 is reached (and ng/mL NaN
    for a small molecule). The text beside them (``value``, ``value_mass``; ``value_text``, ``value_mass_text`` in
    the written tables: :func:`table_record`) is for people."""
    return {"value_nM": curve.value_nM, "value_ng_per_mL": curve.value_ng_per_mL, "hill_slope": curve.hill_slope}


#: the summary's keys as the written tables name them (pharmacology.csv, dose_response.csv, --json): the text
#: beside the numbers says it is text, and the fit's high-dose plateau (``top``: the Hill fit's response at
#: saturating dose, above the untreated cell for an agonist, the fraction left for an inhibitor) says so
TABLE_NAMES = {"value": "value_text", "value_mass": "value_mass_text", "r2": "hill_fit_r2",
               "top": "high_dose_plateau", "top_unit": "high_dose_plateau_unit"}


def table_record(record: Mapping[str, Any]) -> dict:
    """A :meth:`Pharmacology.summary` (or one-cell) record as the written tables give it: the columns named as
    :data:`TABLE_NAMES` says, without ``hill`` (the slope as fitted also where nothing is reached, beside
    ``hill_slope``, which is empty there); the values are not changed.

    >>> table_record({"value": "3.15 pM", "hill": 0.7, "hill_slope": 0.7, "top": 0.67})
    {'value_text': '3.15 pM', 'hill_slope': 0.7, 'high_dose_plateau': 0.67}
    """
    return {TABLE_NAMES.get(k, k): v for k, v in record.items() if k != "hill"}


def _sig3(x: float) -> str:
    """3 significant digits, with thousands separators instead of exponents up to 10^9 ('6,750', '0.271')."""
    if not math.isfinite(x):
        return "n/a"
    if 1000 <= abs(x) < 1e9:
        return f"{float(f'{x:.3g}'):,.0f}"
    return f"{x:.3g}"


def _fmt_conc(nM: float) -> str:
    if not math.isfinite(nM):
        return "n/a"
    if nM < 1e-3:
        return f"{nM * 1e6:.3g} fM"
    if nM < 1:
        return f"{nM * 1e3:.3g} pM"
    if nM < 1e3:
        return f"{nM:.3g} nM"
    return f"{nM / 1e3:.3g} µM"


@dataclass(frozen=True)
class Pharmacology:
    """All curves plus the derived ratios."""

    curves: Mapping[str, DoseResponse]  # by key; read-only, a missing key names the known ones
    potency_ratio: float
    sgp130fc_window: float
    sgp130fc_window_text: str
    sgp130fc_window_interference: Mapping[float, float]
    #: fc_classic_interference of the plain "sgp130Fc vs classic" curve: the model's default (0, Jostock 2001)
    #: unless the caller's values set another
    sgp130fc_interference: float = _DEFAULT_INTERFERENCE
    #: IC50(natural sgp130) / IC50(sgp130Fc) against trans on gp130_only, molar (inf if only the monomer's
    #: IC50 is not reached, nan if the dimer's is not), and its text ("> x" when the monomer's is not reached)
    sgp130_dimer_ratio: float = float("nan")
    sgp130_dimer_text: str = "n/a"

    def __repr__(self) -> str:  # the curves' arrays and fits would fill a screen
        return (f"<Pharmacology: {len(self.curves)} curves ({', '.join(self.curves)}); Hyper-IL-6/IL-6 potency "
                f"ratio {self.potency_ratio:.3g}; .summary() or .to_frame() for EC50/IC50 per curve>")

    def to_frame(self):
        """:meth:`summary` as a pandas DataFrame, one row per curve."""
        import pandas as pd

        return pd.DataFrame(self.summary())

    def summary(self) -> list[dict]:
        """One record per curve (for tables, CSV and JSON): the EC50 / IC50 as numbers (:func:`potency_numbers`:
        ``value_nM``, ``value_ng_per_mL``, ``hill_slope``, NaN where not reached) and as text (``value``,
        ``value_mass``); ``hill`` and ``r2`` are the fit's as fitted, also where nothing is reached."""
        out = []
        for c in self.curves.values():
            out.append({
                "key": c.key, "curve": c.label, "agent": c.agent, "cell": c.cell, "kind": c.kind,
                "stimulus": c.stimulus, "readout": f"pSTAT3 at {PSTAT3_READ_MIN:g} min",
                "measure": "EC50" if c.kind == "agonist" else "IC50",
                **potency_numbers(c), "value": c.value_text, "value_mass": c.mass_text(),
                "hill": float(c.fit.hill), "r2": float(c.fit.r2), "reached": c.reached,
                "top": float(c.fit.top),
                "top_unit": c.response_unit,
                "note": c.note,
            })
        return out

    def derived(self) -> list[dict]:
        """The ratios read from the curves (Hyper-IL-6 potency, sgp130Fc selectivity window, sgp130Fc over
        sgp130), one record each: ``quantity, value, text, literature``."""
        lo, hi = POTENCY_RANGE
        default = self.sgp130fc_interference == _DEFAULT_INTERFERENCE
        return [
            {"quantity": "Hyper-IL-6 potency ratio EC50(IL-6 + sIL-6R, equimolar) / EC50(Hyper-IL-6), gp130_only",
             "value": self.potency_ratio, "text": (f"{self.potency_ratio:.0f}" if math.isfinite(self.potency_ratio)
                                                   else "n/a (an EC50 is not reached)"),
             "literature": f"{lo:g}-{hi:g} (Fischer 1997; Jostock 1999)"},
            {"quantity": ("sgp130Fc selectivity window IC50(classic) / IC50(trans), default interference 0"
                          if default else
                          "sgp130Fc selectivity window IC50(classic) / IC50(trans), fc_classic_interference = "
                          f"{self.sgp130fc_interference:g} (set for this run)"),
             "value": self.sgp130fc_window, "text": self.sgp130fc_window_text,
             "literature": ("no effect on classic (Jostock 2001)" if default else
                            "sgp130Fc inhibits classic signalling in human cells (Widjaja & Cook 2024)")},
        ] + [
            {"quantity": f"sgp130Fc selectivity window IC50(classic) / IC50(trans), fc_classic_interference = {k:g}",
             "value": v, "text": _sig3(v),
             "literature": "sgp130Fc inhibits classic signalling in human cells (Widjaja & Cook 2024)"}
            for k, v in self.sgp130fc_window_interference.items()
        ] + [
            {"quantity": "sgp130Fc over natural sgp130: IC50(sgp130) / IC50(sgp130Fc), molar, trans on gp130_only",
             "value": self.sgp130_dimer_ratio, "text": self.sgp130_dimer_text,
             "literature": "~10 on proliferation (Jostock 2001); the model sides with Baran 2018 (docs/model.md)"},
        ]


def response_units(readout: str) -> tuple[str, str]:
    """What the ``response`` of an agonist and of an inhibitor curve read as ``readout`` is, with its unit.

    >>> response_units("pSTAT3")
    ('pSTAT3 above the untreated cell, fraction of total STAT3', 'fraction of the uninhibited pSTAT3 response')
    >>> response_units("SOCS3")[0]
    'SOCS3 above the untreated cell, nM'
    """
    from ..model.reference import reference_model

    unit = reference_model().observable_map[readout].unit_words
    return f"{readout} above the untreated cell, {unit}", f"fraction of the uninhibited {readout} response"


#: fewest doses a curve takes: the Hill fit has four parameters (bottom, top, EC50, slope)
MIN_CURVE_DOSES = 4


def check_doses(doses: object, where: str, problems: list) -> np.ndarray | None:
    """The doses of one curve as floats in nM, or None after adding a problem to ``problems``.

    Refused: anything but a sequence of numbers, fewer than :data:`MIN_CURVE_DOSES` doses, a dose that
    is not a finite number above 0, and a dose above the protocols' 10 mM limit. ``where`` names the
    argument (``agonist_doses``) in the message.
    """
    from ..errors import Problem
    from ..protocols.parse import MAX_DOSE_NM
    from ..validate import given, is_real, show

    remedy = ("give the doses in nM as a list of numbers above 0, e.g. numpy.logspace(-3, 2, 16) "
              "(1 pM to 100 nM)")
    if isinstance(doses, (str, bytes, Mapping)) or not isinstance(doses, (Sequence, np.ndarray)):
        problems.append(Problem(where, f"the doses must be a list of numbers in nM (got {show(doses)!r}); {remedy}"))
        return None
    values = list(np.asarray(doses, dtype=object).ravel()) if isinstance(doses, np.ndarray) else list(doses)
    bad = []
    for i, d in enumerate(values, start=1):
        if not is_real(d) or not math.isfinite(float(d)) or float(d) <= 0:
            bad.append(f"dose {i} must be a number > 0 nM (got {given(d)})")
        elif float(d) > MAX_DOSE_NM:
            bad.append(f"dose {i} is {float(d):.3g} nM, above the 10 mM limit (1e7 nM; the doses are in nM)")
    if bad:
        problems.append(Problem(where, "; ".join(bad[:3]) + (f" (and {len(bad) - 3} more)" if len(bad) > 3 else "")
                                + f"; {remedy}"))
        return None
    if len(set(float(d) for d in values)) < MIN_CURVE_DOSES:
        problems.append(Problem(where, f"a curve needs at least {MIN_CURVE_DOSES} different doses for its Hill fit "
                                       f"(got {len(values)}: {show(values)}); {remedy}"))
        return None
    return np.asarray([float(d) for d in values], dtype=float)


def dose_response_protocol(name: str, cell: Any, doses_nM: Sequence[float],
                           steps: Callable[[float], Sequence[Step]], *, control: Sequence[Step] | None = None,
                           observables: Sequence[str] = ("pSTAT3",),
                           times_min: Sequence[float] = (PSTAT3_READ_MIN,)) -> Protocol:
    """A dose-response as a protocol: one group per dose (``steps(dose)``), plus ``control`` if given.

    Group names are ``"dose 1"``, ``"dose 2"``, ... in the order of ``doses_nM``; the control group is
    ``"control"`` (for an inhibitor the stimulus without the inhibitor; for an agonist the untreated cell, ``[]``).

    >>> p = dose_response_protocol("IL-6", "il6r_gp130", [0.1, 1.0], lambda d: [Step.adding("IL-6", d)])
    >>> list(p.groups), p.events("dose 2")[0].value
    (['dose 1', 'dose 2'], 1.0)
    """
    groups = {f"dose {i}": tuple(steps(float(d))) for i, d in enumerate(doses_nM, start=1)}
    if control is not None:
        groups["control"] = tuple(control)
    return Protocol.build(name, cell, groups, observables=observables, times_min=times_min)


def _curve(sim, key, label, agent, cell, kind, stimulus, doses, steps: Callable[[float], list[Step]],
           cell_spec: Any, note: str = "", control: Sequence[Step] | None = None,
           parameters: Mapping[str, float] | None = None) -> DoseResponse:
    doses = np.asarray(doses, float)
    # an agonist's response is its rise above the untreated cell at the reading time: a cell that makes IL-6
    # itself (IL6_secretion) drifts from its t = 0 value while the curve runs, and that drift is not the dose's
    agonist = kind == "agonist"
    protocol = dose_response_protocol(label, cell_spec, doses, steps, control=() if agonist else control)
    if parameters and isinstance(cell_spec, Mapping):  # a curve's own scenario values stay as the curve sets them
        parameters = {k: v for k, v in parameters.items() if k not in cell_spec.get("parameters", {})}
    trajs = simulate_groups(protocol, [0.0, PSTAT3_READ_MIN], simulator=sim, parameters=parameters or None)
    y = {g: tr.observable("pSTAT3") for g, tr in trajs.items()}
    resp = np.array([float(y[f"dose {i}"][1] - (y["control"][1] if agonist else y[f"dose {i}"][0]))
                     for i in range(1, len(doses) + 1)])
    ctrl = float("nan")
    if control is not None and not agonist:
        ctrl = float(y["control"][1] - y["control"][0])
        # a stimulus response of round-off only (~1e-18) would make the ratios noise / noise
        resp = resp / ctrl if ctrl > FLAT_ATOL else np.full_like(resp, np.nan)
    fit = fit_hill(doses, resp)
    unit = response_units("pSTAT3")[0 if kind == "agonist" else 1]
    return DoseResponse(key, label, agent, cell, kind, stimulus, doses, resp, fit, ctrl, note, unit)


def _ic50_ratio(num: DoseResponse, den: DoseResponse, num_name: str, den_name: str) -> tuple[float, str]:
    """IC50(num) / IC50(den) and its text: a lower bound ("> x") when only num's IC50 is not reached."""
    if num.reached and den.reached:
        r = num.value_nM / den.value_nM
        return r, _sig3(r)
    if den.reached and num.below_range:
        return float("nan"), f"< {_sig3(float(num.doses_nM.min()) / den.value_nM)} ({num_name} IC50 below the doses)"
    if den.reached:
        return float("inf"), f"> {_sig3(float(num.doses_nM.max()) / den.value_nM)} ({num_name} IC50 not reached)"
    return float("nan"), f"n/a ({den_name} IC50 {'below the doses' if den.below_range else 'not reached'})"


def run_pharmacology(simulator: Simulator | None = None, *,
                     agonist_doses: Sequence[float] = AGONIST_DOSES_NM,
                     inhibitor_doses: Sequence[float] = INHIBITOR_DOSES_NM,
                     parameters: Mapping[str, float] | None = None) -> Pharmacology:
    """Compute every curve (about 300 short simulations, ~2 s); each curve is one protocol.

    ``agonist_doses`` and ``inhibitor_doses``: the doses of each curve, in nM (default 10 fM to 100 nM and
    1 pM to 10 uM, 3 per decade); every curve reads pSTAT3 at 30 min. ``parameters``: values in each
    parameter's own unit, applied on top of each curve's cell preset (a curve's own scenario value, such as
    ``fc_classic_interference`` of the Widjaja & Cook curves, is kept). EC50s and IC50s come in nM
    (``DoseResponse.value_nM``); ``potency_ratio`` is EC50(IL-6 + sIL-6R, equimolar) / EC50(Hyper-IL-6) on
    gp130-only cells, about 15 with the model's values (the literature's 100-1000 was measured on
    proliferation over days).

    Raises
    ------
    InputError
        A dose list that is not a list of at least four different numbers above 0 nM (up to 10 mM).

    >>> ph = run_pharmacology()
    >>> round(ph.potency_ratio)
    15
    """
    from ..errors import InputError

    if isinstance(simulator, Mapping):  # run_pharmacology({...}): the values meant for parameters=
        raise InputError("run_pharmacology's first argument is the simulator; pass parameter values as "
                         f"parameters={{...}}, e.g. run_pharmacology(parameters={{'IL6R_per_cell': 100.0}})", "simulator")
    problems: list = []
    agonist_doses = check_doses(agonist_doses, "agonist_doses", problems)
    inhibitor_doses = check_doses(inhibitor_doses, "inhibitor_doses", problems)
    if parameters is not None:  # named as the caller wrote it, not as the first curve's protocol ('IL-6 (classic)')
        from ..model.overrides import parse_parameter_values

        parse_parameter_values(parameters, "parameters", problems, scoped=True)
    if problems:
        raise InputError(problems)
    sim = simulator or default_simulator()
    il6_seed, sr_seed = seed_dose_nM("IL-6"), seed_dose_nM("sIL-6R")
    fc_pre, drug_pre = -SGP130FC_PREINCUBATION_MIN, -DRUG_PREINCUBATION_MIN

    def add(agent: str, nM: float, t: float = 0.0) -> list[Step]:
        return [Step.adding(agent, nM, t)] if nM > 0 else []

    seed_il6 = f"IL-6 {SEED_DOSES['IL-6'][0]}"
    seed_trans = f"IL-6 {SEED_DOSES['IL-6'][0]} + sIL-6R {SEED_DOSES['sIL-6R'][0]}"
    stim_cl = add("IL-6", il6_seed)
    stim_tr = add("IL-6", il6_seed) + add("sIL-6R", sr_seed)

    def inhibitor(key, label, agent, cell, stimulus, stim, pre, note, cell_spec=None) -> DoseResponse:
        if agent in PREMIXED_WITH_LIGAND:  # an anti-IL-6 antibody is pre-incubated with the IL-6, then added
            mix = [replace(s, premix_min=float(-pre)) for s in stim]
            return _curve(sim, key, label, agent, cell, "inhibitor", stimulus, inhibitor_doses,
                          lambda d: [replace(s, premix_min=float(-pre)) for s in add(agent, d)] + mix,
                          cell_spec or cell, note, control=mix, parameters=parameters)
        return _curve(sim, key, label, agent, cell, "inhibitor", stimulus, inhibitor_doses,
                      lambda d: add(agent, d, pre) + stim, cell_spec or cell, note, control=stim,
                      parameters=parameters)

    def pre_note(agent: str, binds: str = "") -> str:
        what = f" (binds {binds})" if binds else ""
        if agent in PREMIXED_WITH_LIGAND:
            return f"premixed {DRUG_PREINCUBATION_MIN:g} min with the stimulus{what}"
        return f"pre-incubated {DRUG_PREINCUBATION_MIN:g} min{what}"

    def agonist(key, label, agent, cell, stimulus, steps) -> DoseResponse:
        return _curve(sim, key, label, agent, cell, "agonist", stimulus, agonist_doses, steps, cell,
                      parameters=parameters)

    curves: list[DoseResponse] = []
    # grouped by cell so the engine changes parameters as rarely as possible
    curves.append(agonist("il6_classic", "IL-6 (classic)", "IL-6", "il6r_gp130", "IL-6 alone",
                          lambda d: add("IL-6", d)))
    for agent in ("tocilizumab", "sarilumab", "siltuximab", "ruxolitinib", "baricitinib"):
        curves.append(inhibitor(f"{agent}_classic", f"{agent} vs classic", agent, "il6r_gp130", seed_il6, stim_cl,
                                drug_pre, pre_note(agent)))
    interference = float(for_preset(dict(parameters or {}), "il6r_gp130").get("fc_classic_interference",
                                                                              _DEFAULT_INTERFERENCE))
    curves.append(inhibitor("sgp130Fc_classic", "sgp130Fc vs classic", "sgp130Fc", "il6r_gp130", seed_il6, stim_cl,
                            fc_pre, f"pre-incubated {SGP130FC_PREINCUBATION_MIN:g} min; fc_classic_interference = "
                            f"{interference:g} " + ("(default, Jostock 2001)" if interference == _DEFAULT_INTERFERENCE
                                                    else "(set for this run)")))
    for val in INTERFERENCE_SCENARIOS:
        key = "sgp130Fc_classic_interference" + ("" if val == 1.0 else f"_{val:g}")
        curves.append(inhibitor(key, f"sgp130Fc vs classic (interference {val:g})", "sgp130Fc", "il6r_gp130",
                                seed_il6, stim_cl, fc_pre,
                                f"pre-incubated {SGP130FC_PREINCUBATION_MIN:g} min; fc_classic_interference = {val:g} "
                                "(Widjaja & Cook 2024 scenario)",
                                {"preset": "il6r_gp130", "parameters": {"fc_classic_interference": val}}))
    curves.append(agonist("il6_sil6r_equimolar", "IL-6 + sIL-6R (equimolar)", "IL-6", "gp130_only",
                          "IL-6 + sIL-6R at the same molar dose", lambda d: add("IL-6", d) + add("sIL-6R", d)))
    curves.append(agonist("il6_sil6r_fixed", "IL-6 + sIL-6R 25 ng/mL", "IL-6", "gp130_only",
                          f"IL-6 with sIL-6R fixed at {SEED_DOSES['sIL-6R'][0]}",
                          lambda d: add("IL-6", d) + add("sIL-6R", sr_seed)))
    curves.append(agonist("hyper_il6", "Hyper-IL-6", "Hyper-IL-6", "gp130_only", "Hyper-IL-6 alone",
                          lambda d: add("Hyper-IL-6", d)))
    curves.append(inhibitor("sgp130Fc_trans", "sgp130Fc vs trans", "sgp130Fc", "gp130_only", seed_trans, stim_tr,
                            fc_pre, f"pre-incubated {SGP130FC_PREINCUBATION_MIN:g} min"))
    curves.append(inhibitor("sgp130_trans", "natural sgp130 vs trans", "sgp130", "gp130_only", seed_trans, stim_tr,
                            fc_pre, f"pre-incubated {SGP130FC_PREINCUBATION_MIN:g} min; a monomer, binding "
                            "IL-6:sIL-6R as one membrane gp130 does"))
    for agent, binds in (("tocilizumab", "sIL-6R"), ("sarilumab", "sIL-6R"), ("siltuximab", "IL-6")):
        curves.append(inhibitor(f"{agent}_trans", f"{agent} vs trans", agent, "gp130_only", seed_trans, stim_tr,
                                drug_pre, pre_note(agent, binds)))
    by_key = {c.key: c for c in curves}
    hy, eq = by_key["hyper_il6"], by_key["il6_sil6r_equimolar"]
    ratio = eq.value_nM / hy.value_nM if hy.reached and eq.reached else float("nan")
    fc_tr, fc_cl = by_key["sgp130Fc_trans"], by_key["sgp130Fc_classic"]
    window, window_text = _ic50_ratio(fc_cl, fc_tr, "classic", "trans")
    window_i = {}
    for val in INTERFERENCE_SCENARIOS:
        c = by_key["sgp130Fc_classic_interference" + ("" if val == 1.0 else f"_{val:g}")]
        window_i[val] = c.value_nM / fc_tr.value_nM if fc_tr.reached and c.reached else float("nan")
    dimer, dimer_text = _ic50_ratio(by_key["sgp130_trans"], fc_tr, "natural sgp130", "sgp130Fc")
    log.info("pharmacology: potency ratio %.3g; sgp130Fc window %s; sgp130Fc over sgp130 %s", ratio, window_text,
             dimer_text)
    from ..validate import NameTable

    # a misspelt key says which curves there are; the table is read-only, as the result is
    return Pharmacology(NameTable("dose-response curve", by_key), float(ratio), float(window), window_text, window_i, interference,
                        sgp130_dimer_ratio=float(dimer), sgp130_dimer_text=dimer_text)
