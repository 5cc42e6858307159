""""Classic or trans in my cells?": the page's answer, from protocols run through the protocol API.

For a cell (a preset, optionally with typed IL-6R and gp130 per cell) and the
user's IL-6 and sIL-6R doses, one protocol holds the stimulus, IL-6 alone and
the three experiments that tell the routes apart:

* sgp130Fc (500 ng/mL, 45 min ahead; the seed's doses, ``il6sim.compare.conditions``)
  blocks IL-6:sIL-6R and Hyper-IL-6 only, so what remains is classic;
* tocilizumab (10 µg/mL, 1 h ahead; a common in-vitro dose, assumed here) binds
  IL-6R and sIL-6R, so it blocks both routes: a response it leaves is neither;
* Hyper-IL-6 (the seed's 10 ng/mL) needs gp130 only: it shows whether the cell
  can answer trans-signalling at all.

How much of the response comes from each route is read twice: the signalling
units of each route (observables ``classic_complexes`` and
``trans_complexes``) over the first 2 h, and pSTAT3 with one route switched
off (model switches ``route_classic`` / ``route_trans``, passed to
:func:`il6sim.protocols.run_protocol` as parameters). Units add up; pSTAT3
does not have to (two units pair into one active receptor), which the page says.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any, Mapping

from ..errors import InputError, Problem
from .tasks import json_kind

#: readouts of the question's protocol (min); the AUC window is the first 2 h
TIMES = ["15 min", "30 min", "1 h", "2 h"]
#: the readout time of the experiments' table (min)
TABLE_TIME_MIN = 30.0
#: the experiments that tell the routes apart: group -> (steps before the stimulus, what it shows)
SGP130FC = ("500 ng/mL", "-45 min")  # seed protocol S8
TOCILIZUMAB = ("10 ug/mL", "-60 min")  # a common in-vitro dose; assumed
HYPER = "10 ng/mL"  # seed range 1-100 ng/mL
#: a route "dominates" when it gives at least this share of the signalling units
DOMINANT_SHARE = 0.7
#: smallest pSTAT3 AUC above rest (fraction of total STAT3 x min, 0-2 h) read as a response (a clear response is ~10)
MIN_RESPONSE_AUC = 0.05

#: the presets marked on the map beside the user's cell (as the receptor map computes them)
MAP_PRESETS = ("huvec_zegeye2018", "hepg2", "gp130_only")

#: how the protocol reader names the question's protocol in its messages
ORIGIN = "classic or trans?"
#: the request's field for what the protocol reader names in the question's protocol
FIELDS = {"cell": "cell", "cell.preset": "cell", "cell.IL6R_per_cell": "IL6R_per_cell",
          "cell.gp130_per_cell": "gp130_per_cell"}

STIM, IL6_ONLY, FC, TCZ, HY = "stimulus", "IL-6 alone", "+ sgp130Fc", "+ tocilizumab", "Hyper-IL-6 alone"


def _is_zero(dose: Any) -> bool:
    """No dose: None, empty, or a bare 0 (a zero with a unit is read by :func:`_check_dose`)."""
    if dose is None:
        return True
    if isinstance(dose, bool):  # not a dose: refused by _check_dose
        return False
    if isinstance(dose, (int, float)):
        return dose == 0
    text = str(dose).strip()
    return text == "" or bool(re.fullmatch(r"[-+]?(?:0+\.?0*|\.0+)(?:[eE][-+]?\d+)?", text))


def _number(query: Mapping, key: str, problems: list[Problem]) -> float | None:
    v = query.get(key)
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        if isinstance(v, bool):
            raise TypeError
        x = float(v)
    except (TypeError, ValueError, OverflowError):
        got = repr(v[:40]) if isinstance(v, str) else json_kind(v)  # a list was shown as the text '[1]'
        problems.append(Problem(key, f"expected a number of receptors per cell (got {got})"))
        return None
    if not math.isfinite(x) or x < 0:
        problems.append(Problem(key, f"must be a number >= 0 (got {str(v)[:40]!r})"))
        return None
    return x


def _cell_free_presets() -> set[str]:
    from ..model.presets import CellSpec, preset_names

    return {name for name in preset_names() if CellSpec(preset=name).cell_free}


def _check_dose(dose: Any, agent: str, key: str, problems: list[Problem]) -> float | None:
    """The dose in nM; one problem under the field's own name for a dose the protocol could not read
    (not one per group), and None."""
    from ..errors import UnitError
    from ..model.agents import find_agent
    from ..protocols.parse import DOSE_LIMIT_REMEDY, MAX_DOSE_NM, dose_unit_hint
    from ..units import to_nM

    try:
        nM = to_nM(dose, find_agent(agent).mw_g_per_mol, what=f"{agent} dose")
    except UnitError as exc:
        hint = "" if "e.g." in str(exc) else " (give a concentration with a unit, e.g. '10 ng/mL')"
        problems.append(Problem(key, f"{exc}{hint}{dose_unit_hint(dose)}"))
        return None
    if nM < 0:
        problems.append(Problem(key, f"the {agent} dose must not be negative (got {str(dose)[:40]!r})"))
        return None
    if nM > MAX_DOSE_NM:
        problems.append(Problem(key, f"the {agent} dose {str(dose)[:40]!r} is {nM:.3g} nM, above the 10 mM limit; "
                                     f"{DOSE_LIMIT_REMEDY}"))
        return None
    return nM


def _cell_problems(cell: dict, known: set[str]) -> list[Problem]:
    """The protocol reader's problems with ``cell`` (unknown preset, receptor numbers out of range), under the
    request's fields, except those about a field in ``known`` (already reported)."""
    from ..protocols import load_protocol

    try:
        load_protocol({"cell": cell, "groups": {"control": []}}, origin=ORIGIN)
    except InputError as exc:
        return [Problem(_field(p.where), p.message) for p in exc.problems
                if _field(p.where) in set(FIELDS.values()) - known]
    return []


def question_protocol(query: Mapping[str, Any]) -> dict:
    """The protocol (as a mapping) that answers the question for ``query``.

    ``query``: ``cell`` (preset name), optional ``IL6R_per_cell`` and
    ``gp130_per_cell`` (numbers), ``il6`` and ``sil6r`` (doses with units;
    sIL-6R may be 0).
    """
    if not isinstance(query, Mapping):
        raise InputError(f"expected a JSON object with cell, IL6R_per_cell, gp130_per_cell, il6, sil6r "
                         f"(got {json_kind(query)})", "request")
    problems: list[Problem] = []
    for k in query:
        if k not in ("cell", "IL6R_per_cell", "gp130_per_cell", "il6", "sil6r"):
            problems.append(Problem("request", f"unknown key {str(k)[:40]!r} (expected cell, IL6R_per_cell, "
                                               "gp130_per_cell, il6, sil6r)"))
    preset = query.get("cell") or "huvec"
    if not isinstance(preset, str):  # a list or a number was read as the name "['huvec']" or "5"
        problems.append(Problem("cell", f"expected a cell preset name as text, e.g. 'huvec' (got "
                                        f"{json_kind(preset)}; see `il6sim presets cells`)"))
    elif preset in _cell_free_presets():
        problems.append(Problem("cell", f"{preset!r} is a cell-free preset: it has no receptors; pick a cell"))
    cell: dict[str, Any] = {"preset": preset}
    for k in ("IL6R_per_cell", "gp130_per_cell"):
        x = _number(query, k, problems)
        if x is not None:
            cell[k] = x
    il6 = query.get("il6")
    il6 = "10 ng/mL" if il6 is None else il6
    sil6r = query.get("sil6r", "25 ng/mL")
    if _is_zero(il6) or _check_dose(il6, "IL-6", "il6", problems) == 0:
        problems.append(Problem("il6", "the IL-6 dose must be > 0 (the question is what IL-6 does); give it with "
                                       "a unit, e.g. '10 ng/mL'"))
    if not _is_zero(sil6r) and _check_dose(sil6r, "sIL-6R", "sil6r", problems) == 0:
        sil6r = 0
    if problems:  # with what the protocol reader says about the cell, so that all come at once
        raise InputError(problems + _cell_problems(cell, {p.where for p in problems}))
    stim = [{"at": "0 min", "add": "IL-6", "dose": il6}]
    if not _is_zero(sil6r):
        stim.append({"at": "0 min", "add": "sIL-6R", "dose": sil6r})
    groups = {
        "control": [],
        STIM: stim,
        IL6_ONLY: [{"at": "0 min", "add": "IL-6", "dose": il6}],
        FC: [{"at": SGP130FC[1], "add": "sgp130Fc", "dose": SGP130FC[0]}, *stim],
        TCZ: [{"at": TOCILIZUMAB[1], "add": "tocilizumab", "dose": TOCILIZUMAB[0]}, *stim],
        HY: [{"at": "0 min", "add": "Hyper-IL-6", "dose": HYPER}],
    }
    return {"name": ORIGIN, "cell": cell, "groups": groups,
            "readouts": {"observables": ["pSTAT3", "classic_complexes", "trans_complexes"], "times": TIMES}}


@functools.lru_cache(maxsize=1)
def _map():
    """The IL-6R:gp130 map (computed once per worker process, about a second)."""
    from ..compare import receptor_map

    return receptor_map()


def _auc(metrics, group: str, observable: str) -> float:
    m = metrics[(metrics["group"] == group) & (metrics["observable"] == observable)]
    return float(m["auc"].iloc[0]) if len(m) else float("nan")


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 and math.isfinite(part) else float("nan")


def _pct(x: float) -> str:
    return "n/a" if not math.isfinite(x) else f"{100 * x:.0f}%"


def _field(where: str) -> str:
    """The request's field for a problem ``where`` of the question's protocol (the protocol itself is not the
    user's: it is built from the fields); anything else as it is."""
    head = f"Protocol {ORIGIN!r}, "
    return FIELDS.get(where[len(head):], where) if where.startswith(head) else where


def as_chosen(name: str, chosen: str) -> str:
    """A preset the map names (a marked preset, the map's base) in the words of the user's choice: when they
    chose another name for the same cell (every value the same), that name first, the map's in brackets.

    >>> as_chosen("huvec_zegeye2018", "huvec"), as_chosen("huvec_zegeye2018", "hrec"), as_chosen("hepg2", "hepg2")
    ('huvec (huvec_zegeye2018)', 'huvec_zegeye2018', 'hepg2')
    """
    from ..model.presets import CellSpec

    if name == chosen:
        return name
    same = CellSpec(preset=chosen).resolve() == CellSpec(preset=name).resolve()
    return f"{chosen} ({name})" if same else name


def _experiments_csv(experiments: list[dict], cell: str, il6r: float, gp130: float, query: Mapping) -> str:
    """The experiments' table as CSV, one row per experiment, with the cell and the doses asked about (the
    page's download)."""
    import pandas as pd

    from ..compare.comparison import readout_unit
    from ..io.tables import neutralise_formulas

    rows = [{"cell": cell, "IL6R_per_cell": il6r, "gp130_per_cell": gp130, "il6_dose": str(query.get("il6", "")),
             "sil6r_dose": str(query.get("sil6r", "") or 0), "experiment": e["experiment"], "what_it_tells": e["tells"],
             "time_min": TABLE_TIME_MIN, "pSTAT3": e["pSTAT3_30min"], "unit": readout_unit("pSTAT3"),
             "fold_change": e["fold_change_30min"], "auc_vs_stimulus_0_2h": e["auc_vs_stimulus"]}
            for e in experiments]
    return neutralise_formulas(pd.DataFrame(rows)).to_csv(index=False)


def answer(query: Mapping[str, Any]) -> dict:
    """The page's answer: cell, route shares, experiments with predicted results, the map (PNG/SVG)."""
    import dataclasses

    from ..compare.comparison import readout_unit
    from ..protocols import load_protocol, run_protocol
    from ..report.compare_plots import receptor_map_figure
    from .figures import encode

    try:
        proto = load_protocol(question_protocol(query), origin=ORIGIN)
    except InputError as exc:  # the cell's numbers are checked by the protocol reader: name the request's field
        raise InputError([Problem(_field(p.where), p.message) for p in exc.problems]) from None
    if proto.cell.cell_free:
        raise InputError("a cell-free preset has no receptors; pick a cell", "cell")
    both = run_protocol(proto)
    cell_params = proto.parameters()
    il6r, gp130 = cell_params["IL6R_per_cell"], cell_params["gp130_per_cell"]
    only = {STIM: proto.groups[STIM]}
    p_stim = dataclasses.replace(proto, groups=type(proto.groups)({"control": (), **only}))
    classic_only = run_protocol(p_stim, parameters={"route_trans": 0.0})
    trans_only = run_protocol(p_stim, parameters={"route_classic": 0.0})

    met = both.metrics
    units_cl, units_tr = _auc(met, STIM, "classic_complexes"), _auc(met, STIM, "trans_complexes")
    unit_share_cl = _share(units_cl, units_cl + units_tr)
    p_both = _auc(met, STIM, "pSTAT3")
    p_cl, p_tr = _auc(classic_only.metrics, STIM, "pSTAT3"), _auc(trans_only.metrics, STIM, "pSTAT3")

    responds = p_both > MIN_RESPONSE_AUC and units_cl + units_tr > 0
    if not responds:
        verdict = "No pSTAT3 response to this stimulus in this cell: neither route is active."
        dominant = "none"
    elif unit_share_cl >= DOMINANT_SHARE:
        dominant = "classic"
        verdict = (f"Classic signalling dominates: {_pct(unit_share_cl)} of the signalling units form on "
                   "membrane IL-6R.")
    elif 1 - unit_share_cl >= DOMINANT_SHARE:
        dominant = "trans"
        verdict = (f"Trans-signalling dominates: {_pct(1 - unit_share_cl)} of the signalling units are "
                   "IL-6:sIL-6R (or Hyper-IL-6) on gp130.")
    else:
        dominant = "both"
        verdict = (f"Both routes contribute: {_pct(unit_share_cl)} of the signalling units are classic, "
                   f"{_pct(1 - unit_share_cl)} trans.")
    share_cl, share_tr = _share(p_cl, p_both), _share(p_tr, p_both)
    if responds and min(share_cl, share_tr) >= 0.5:
        verdict += (f" Either route alone would still give most of the pSTAT3 response (classic alone "
                    f"{_pct(share_cl)}, trans alone {_pct(share_tr)}, 0-2 h): a few dozen signalling units "
                    "saturate STAT3, so blocking one route lowers pSTAT3 little.")

    tab = both.table
    at = tab[(tab["observable"] == "pSTAT3") & (tab["time_min"] == TABLE_TIME_MIN)].set_index("group")
    stim_auc = p_both
    experiments = []
    notes = {
        FC: ("sgp130Fc {dose}, {at} ahead", "blocks trans only: what remains is classic"),
        TCZ: ("tocilizumab {dose}, {at} ahead", "binds IL-6R and sIL-6R: blocks both routes"),
        HY: ("Hyper-IL-6 {dose} instead of the stimulus", "needs gp130 only: shows whether the cell can answer trans"),
    }
    doses = {FC: SGP130FC, TCZ: TOCILIZUMAB, HY: (HYPER, "0 min")}
    for g in (STIM, IL6_ONLY, FC, TCZ, HY):
        auc = _auc(met, g, "pSTAT3")
        label, meaning = notes.get(g, (None, None))
        if g == STIM:
            label, meaning = "your stimulus", "reference"
        elif g == IL6_ONLY:
            label, meaning = "IL-6 alone (no sIL-6R)", "classic plus any trans from sIL-6R the cells shed"
        else:
            label = label.format(dose=doses[g][0].replace("ug", "µg"), at=doses[g][1].lstrip("-"))
        experiments.append({
            "group": g, "experiment": label, "tells": meaning,
            "pSTAT3_30min": float(at.loc[g, "value"]), "fold_change_30min": float(at.loc[g, "fold_change"]),
            "auc_vs_stimulus": _share(auc, stim_auc)})
    left = {e["group"]: e["auc_vs_stimulus"] for e in experiments}
    if responds and math.isfinite(left[FC]):
        if left[FC] < 1 - DOMINANT_SHARE:
            fc_read = (f"sgp130Fc leaves {_pct(left[FC])} of the pSTAT3 response (0-2 h): the response is trans. "
                       "This is the experiment that tells the routes apart.")
        elif left[FC] > DOMINANT_SHARE:
            fc_read = (f"sgp130Fc leaves {_pct(left[FC])} of the pSTAT3 response (0-2 h): the response is classic. "
                       "This is the experiment that tells the routes apart.")
        else:
            fc_read = (f"sgp130Fc leaves {_pct(left[FC])} of the pSTAT3 response (0-2 h): both routes contribute; "
                       "the part sgp130Fc removes is trans.")
    else:
        fc_read = "No response to compare with."

    # the cell on the map: its own classic/trans ratio (IL-6 alone vs the stimulus), when sIL-6R is given
    ratio = _share(_auc(met, IL6_ONLY, "pSTAT3"), stim_auc) if len(proto.groups[STIM]) > 1 else float("nan")
    # the map's key, title and note name the preset the user chose: 'your huvec', the marked preset that is the
    # same cell under another name 'huvec (huvec_zegeye2018)' (they read 'your cell' and 'huvec_zegeye2018' only)
    rmap = _map()
    chosen = proto.cell.preset
    yours = f"your {chosen}"
    marks = {yours: (il6r, gp130, ratio)}
    marks.update({as_chosen(k, chosen): v for k, v in rmap.presets.items() if k in MAP_PRESETS})
    base = chosen if as_chosen(rmap.base, chosen) != rmap.base else rmap.base  # the other name is in the key
    fig = receptor_map_figure(dataclasses.replace(rmap, presets=marks, base=base))
    csv = _experiments_csv(experiments, proto.cell.preset, il6r, gp130, query)
    return {
        "cell": proto.cell.preset, "IL6R_per_cell": il6r, "gp130_per_cell": gp130,
        "il6r_gp130_ratio": _share(il6r, gp130),
        "dominant": dominant, "verdict": verdict, "sgp130fc_reading": fc_read,
        "units": {"classic_share": unit_share_cl, "trans_share": _share(units_tr, units_cl + units_tr),
                  "classic_auc": units_cl, "trans_auc": units_tr,
                  "what": "signalling units per cell x min, 0-2 h (observables classic_complexes, trans_complexes)"},
        "pstat3": {"both_auc": p_both, "classic_only_share": _share(p_cl, p_both),
                   "trans_only_share": _share(p_tr, p_both),
                   "what": "pSTAT3 AUC above rest, 0-2 h, with one route switched off (route_trans = 0: classic "
                           "only; route_classic = 0: trans only); the two need not add up to 100%, because two "
                           "signalling units pair into one active receptor"},
        "map_ratio": ratio,
        "experiments": experiments,
        # the pSTAT3 unit as the comparison table and il6sim run say it ('fraction of total STAT3')
        "experiments_unit": readout_unit("pSTAT3"),
        "experiments_note": (f"Predicted pSTAT3 ({readout_unit('pSTAT3')}) at {TABLE_TIME_MIN:g} min and its fold "
                             "change over untreated cells; \"vs stimulus\": the pSTAT3 response (area above rest, "
                             "0-2 h) relative to your stimulus. Doses: sgp130Fc and Hyper-IL-6 as in the seed "
                             f"protocol; tocilizumab {TOCILIZUMAB[0].replace('ug', 'µg')} is a common in-vitro dose "
                             "(assumed)."),
        "csv": csv,
        "protocol": question_protocol(query),
        "map": encode(fig, dpi=100, tight=True),
        "map_note": (f"Map: classic/trans pSTAT3 AUC ratio (0-2 h, IL-6 10 ng/mL vs IL-6 10 + sIL-6R 25 ng/mL) "
                     f"with IL-6R and gp130 varied on {base}; '{yours}' is marked with its own ratio "
                     "(IL-6 alone vs your stimulus, at your doses)."),
    }
