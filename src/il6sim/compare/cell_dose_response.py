"""Dose-response curves in one cell, for any readout, written as protocols.

Where :func:`il6sim.compare.pharmacology.run_pharmacology` uses the two
reference cells (``il6r_gp130`` for classic, ``gp130_only`` for trans) and
pSTAT3, this module asks the question for the user's cell and readout. Each
curve is one protocol whose groups are the doses, run with
:func:`il6sim.protocols.run_protocol`:

* agonists: IL-6 alone; IL-6 with sIL-6R at the seed's 25 ng/mL; Hyper-IL-6;
  the response is the readout above the untreated cell;
* inhibitors against the seed's trans stimulus (IL-6 10 + sIL-6R 25 ng/mL):
  sgp130Fc (45 min ahead), tocilizumab and sarilumab (60 min ahead) and
  siltuximab (premixed 60 min with the stimulus); the response is the
  fraction of the uninhibited response left.

Doses and pre-incubations are those of :mod:`il6sim.compare.conditions`.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from .conditions import DRUG_PREINCUBATION_MIN, SEED_DOSES, SGP130FC_PREINCUBATION_MIN
from .pharmacology import (AGONIST_DOSES_NM, INHIBITOR_DOSES_NM, PREMIXED_WITH_LIGAND, DoseResponse, check_doses,
                           response_units)

#: agonist curves: key -> (label, agent, extra steps at 0 min besides the agent)
AGONISTS = {
    "il6": ("IL-6", "IL-6", ()),
    "il6_sil6r_fixed": (f"IL-6 + sIL-6R {SEED_DOSES['sIL-6R'][0]}", "IL-6", (("sIL-6R", SEED_DOSES["sIL-6R"][0]),)),
    "hyper_il6": ("Hyper-IL-6", "Hyper-IL-6", ()),
}
#: inhibitor curves against the seed's trans stimulus: agent -> (pre-incubation min, what it binds)
INHIBITORS = {
    "sgp130Fc": (SGP130FC_PREINCUBATION_MIN, "IL-6:sIL-6R and Hyper-IL-6"),
    "tocilizumab": (DRUG_PREINCUBATION_MIN, "IL-6R and sIL-6R"),
    "sarilumab": (DRUG_PREINCUBATION_MIN, "IL-6R and sIL-6R"),
    "siltuximab": (DRUG_PREINCUBATION_MIN, "IL-6"),
}


def _step(agent: str, dose: str, at_min: float = 0.0) -> dict:
    return {"at": f"{at_min:g} min", "add": agent, "dose": dose}


def _run(cell, readout: str, time: str, groups: dict, parameters=None) -> dict[str, float]:
    from ..protocols import load_protocol, run_protocol

    p = load_protocol({"name": "dose-response", "cell": cell, "groups": {"untreated": [], **groups},
                       "readouts": {"observables": [readout], "times": [time]}}, origin="dose-response")
    tab = run_protocol(p, parameters=parameters).table
    return dict(zip(tab["group"], tab["value"].astype(float)))


#: where the protocol reader puts a problem -> the argument of :func:`cell_dose_response` it came from
_ARGUMENTS = {"readouts.times": "time", "readouts.observables": "readout"}
#: what the protocol reader puts before the ``where`` of every problem of the protocol built here
_ORIGIN = "Protocol 'dose-response', "


def _as_argument(problem):
    """A problem of the protocol built from the arguments, named by the argument (``time``, ``readout``,
    ``cell``, ``parameters``) rather than by that protocol's keys, which the caller never wrote."""
    from ..errors import Problem

    where = problem.where.removeprefix(_ORIGIN)
    arg = _ARGUMENTS.get(where, where)
    message = problem.message.removeprefix("time 1: ") if arg == "time" else problem.message
    return Problem(arg, message)


def _spelling(readout):
    """The observable as the model spells it (``'pstat3'`` -> ``'pSTAT3'``, as a protocol reads it); anything
    else as given, for the protocol reader to refuse."""
    if not isinstance(readout, str):
        return readout
    from ..model.reference import reference_model

    names = {o.lower(): o for o in reference_model().observable_map}
    return names.get(readout.strip().lower(), readout)


def cell_dose_response(cell="huvec", readout: str = "pSTAT3", time: str = "30 min", *,
                       agonist_doses: Sequence[float] = AGONIST_DOSES_NM,
                       inhibitor_doses: Sequence[float] = INHIBITOR_DOSES_NM,
                       parameters: Mapping[str, float] | None = None) -> list[DoseResponse]:
    """Agonist and inhibitor curves for ``cell`` (a preset name, a protocol ``cell`` mapping or a CellSpec), read as
    ``readout`` at ``time`` (text with its unit, ``"30 min"``, ``"4 h"``, after stimulation);
    ``agonist_doses`` and ``inhibitor_doses``: the doses of each curve, in nM; ``parameters``: values in each
    parameter's own unit, applied on top of the cell (as ``run_protocol`` applies them; ``NAME@PRESET`` keys
    included). Each :class:`DoseResponse` gives its EC50 or IC50 in nM (``value_nM``; ``mass_text()`` in
    ng/mL); its ``response`` is the readout's rise above the untreated cell, in the observable's unit
    (``il6sim presets observables``), for an agonist, and the fraction of the uninhibited rise left for an
    inhibitor; its ``response_unit`` says which in words, for an axis label
    (``'pSTAT3 above the untreated cell, fraction of total STAT3'``).

    Raises
    ------
    InputError
        Unknown cell or readout, a cell-free mix (no cells to respond), a bad time (not a time, at or before
        stimulation, or beyond the protocol's +/- 30 days), a dose list that is not a list of at least four
        different numbers above 0 nM (up to 10 mM).

    >>> curves = cell_dose_response("huvec", "pSTAT3")
    >>> [c.key for c in curves][:2]
    ['il6', 'il6_sil6r_fixed']
    """
    from ..errors import InputError, Problem
    from ..model.presets import CellSpec
    from ..readouts.metrics import FLAT_ATOL, fit_hill
    from ..units import to_minutes

    try:
        cell_free = CellSpec.parse(cell, "cell").cell_free
    except InputError:  # reported with any readout or time problem by the check below
        cell_free = False
    if cell_free:
        raise InputError(f"a dose-response reads a response of cells, and {cell!r} is a cell-free mix; "
                         "give a cell preset (`il6sim presets cells`)", "cell")
    problems: list = []
    ag = check_doses(agonist_doses, "agonist_doses", problems)
    ih = check_doses(inhibitor_doses, "inhibitor_doses", problems)
    try:
        at_min = to_minutes(time)
    except InputError:  # the protocol reader says what is wrong with it, below
        at_min = None
    if at_min is not None and at_min <= 0:  # the reader would speak of "the first step", which is ours, not the user's
        problems.append(Problem("time", f"a dose-response is read after stimulation (0 min): give a later time, "
                                        f"e.g. '30 min' (got {time!r})"))
    readout = _spelling(readout)
    try:  # the cell, readout and time, checked once before any curve (with a time that passes, if it did not)
        _run(cell, readout, "30 min" if problems else time, {}, parameters)
    except InputError as exc:
        problems += [_as_argument(p) for p in exc.problems]
    if problems:
        raise InputError(problems)
    label_cell = cell if isinstance(cell, str) else cell.preset if isinstance(cell, CellSpec) \
        else str(dict(cell).get("preset", "cell"))
    agonist_unit, inhibitor_unit = response_units(readout)
    out: list[DoseResponse] = []
    for key, (label, agent, extra) in AGONISTS.items():
        groups = {f"d{i}": [_step(agent, f"{float(d)!r} nM"), *(_step(a, x) for a, x in extra)] for i, d in enumerate(ag)}
        v = _run(cell, readout, time, groups, parameters)
        rest = v["untreated"]
        resp = np.array([v[f"d{i}"] - rest for i in range(len(ag))])
        out.append(DoseResponse(key, f"{label} ({readout})", agent, label_cell, "agonist", f"{label} alone", ag,
                                resp, fit_hill(ag, resp), response_unit=agonist_unit))
    il6, sr = SEED_DOSES["IL-6"][0], SEED_DOSES["sIL-6R"][0]
    stim = [_step("IL-6", il6), _step("sIL-6R", sr)]
    for agent, (pre, binds) in INHIBITORS.items():
        if agent in PREMIXED_WITH_LIGAND:  # neutralising the ligand: pre-incubated with it, then added
            mix = [dict(x, premixed=f"{pre:g} min") for x in stim]
            groups = {"stimulus": mix}
            groups.update({f"d{i}": [dict(_step(agent, f"{float(d)!r} nM"), premixed=f"{pre:g} min"), *mix]
                           for i, d in enumerate(ih)})
            how = f"premixed {pre:g} min with the stimulus (binds {binds})"
        else:
            groups = {"stimulus": stim}
            groups.update({f"d{i}": [_step(agent, f"{float(d)!r} nM", -pre), *stim] for i, d in enumerate(ih)})
            how = f"pre-incubated {pre:g} min (binds {binds})"
        v = _run(cell, readout, time, groups, parameters)
        rest = v["untreated"]
        full = v["stimulus"] - rest
        # a stimulus response of round-off only (~1e-18) would make the ratios noise / noise
        resp = np.array([(v[f"d{i}"] - rest) / full if full > FLAT_ATOL else np.nan for i in range(len(ih))])
        out.append(DoseResponse(f"{agent}_trans", f"{agent} vs IL-6 + sIL-6R ({readout})", agent, label_cell,
                                "inhibitor", f"IL-6 {il6} + sIL-6R {sr}", ih, resp, fit_hill(ih, resp), full,
                                how, inhibitor_unit))
    return out
