"""The dose-response page: EC50 and IC50 curves in one cell, read as any observable at any time.

One request runs :func:`il6sim.compare.cell_dose_response` (the curves of
``il6sim dose-response --cell PRESET --readout OBSERVABLE``: IL-6, IL-6 +
sIL-6R and Hyper-IL-6; sgp130Fc, tocilizumab, sarilumab and siltuximab
against IL-6 + sIL-6R; about 150 short simulations, a second or two) and
answers with the curves' table, the figure that command writes with
``--out`` (as PNG; :func:`figure_file` draws it again as SVG or PNG for a
download, which keeps the answer small) and the tables as CSV, their units
in the column names.

Problems come back under the request's fields (``cell``, ``readout``,
``time``, ``parameter_set``), not under the protocols built from them.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..errors import InputError, Problem
from .tasks import json_kind

#: the request's keys and what each is when not given
DEFAULTS = {"cell": "huvec", "readout": "pSTAT3", "time": "30 min", "parameter_set": "default"}
#: the value of ``parameter_set`` that means the model's own values
MODEL_VALUES = "default"
#: the request's field for what cell_dose_response names (the end of its ``where``)
FIELDS = {"cell": "cell", "readouts.observables": "readout", "readouts.times": "time", "time": "time"}
#: what a time problem's message gains when it does not say what to write
TIME_REMEDY = "give a read-out time after stimulation, at most 30 days, e.g. '30 min' or '4 h'"


def _field(problem: Problem) -> Problem:
    """``problem`` under the request's field, its message without the protocol's "time 1: " and with a remedy."""
    where = next((f for k, f in FIELDS.items() if problem.where == k or problem.where.endswith(", " + k)),
                 problem.where)
    message = problem.message
    if where == "time":
        message = message.removeprefix("time 1: ")
        if "e.g." not in message:
            message += f"; {TIME_REMEDY}"
    return Problem(where, message)


def _text(query: Mapping[str, Any], key: str, what: str, example: str, problems: list[Problem]) -> str | None:
    """The request's ``key`` as stripped text (its default when absent or null); a problem when it is not text."""
    v = query.get(key)
    if v is None:
        return DEFAULTS[key]
    if not isinstance(v, str):
        # a number as JSON writes it (30, true); a list or an object by its kind: its Python text was cut at 40
        # characters ("{'preset': 'huvec', 'knockout': ['SOCS3'")
        got = json.dumps(v) if isinstance(v, (bool, int, float)) else json_kind(v)
        problems.append(Problem(key, f"expected {what} as text, e.g. {example!r} (got {got})"))
        return None
    if not v.strip():
        problems.append(Problem(key, f"is empty: give {what}, e.g. {example!r}"))
        return None
    return v.strip()


def parse_request(query: Any, also: tuple[str, ...] = ()) -> tuple[str, str, str, str]:
    """``(cell, readout, time, parameter set)`` of a request; :class:`InputError` with every problem found.

    ``also``: further keys the request may hold (read by the caller).

    The cell is spelled as the presets are ('HepG2' -> 'hepg2') and the readout as the model spells it
    ('pstat3' -> 'pSTAT3'), as ``il6sim dose-response`` reads them; names that are not known pass through
    for :func:`~il6sim.compare.cell_dose_response` to refuse with the known ones.
    """
    from ..fitting.ensemble import PARAMETER_SETS
    from ..model.reference import reference_model

    expected = ", ".join((*DEFAULTS, *also))
    if not isinstance(query, Mapping):
        raise InputError(f"expected a JSON object with {expected} (got {json_kind(query)})", "request")
    problems = [Problem("request", f"unknown key {str(k)[:40]!r} (expected {expected})")
                for k in query if k not in DEFAULTS and k not in also]
    cell = _text(query, "cell", "a cell preset", "huvec", problems)
    readout = _text(query, "readout", "an observable", "pSTAT3", problems)
    time = _text(query, "time", "the read-out time with its unit", "30 min", problems)
    pset = _text(query, "parameter_set", f"'{MODEL_VALUES}' or a parameter set", "calibrated", problems)
    known = (MODEL_VALUES, *PARAMETER_SETS)
    if pset is not None and pset not in known:
        problems.append(Problem("parameter_set", f"unknown parameter set {pset[:40]!r} (known: {', '.join(known)}; "
                                                 f"{MODEL_VALUES}: the model's own values)"))
    if problems:
        raise InputError(problems)
    names = {o.lower(): o for o in reference_model().observable_map}
    return cell.lower(), names.get(readout.lower(), readout), time, pset


def _records(curves, readout: str, time: str, pset: str) -> list[dict]:
    """One record per curve: EC50/IC50 in nM and ng/mL (NaN where not reached), Hill slope, the note."""
    from ..compare.cell_dose_response import AGONISTS
    from ..compare.pharmacology import potency_numbers

    out = []
    for c in curves:
        fixed = "".join(f"; {c.agent} dosed with {a} fixed at {x}" for a, x in AGONISTS.get(c.key, ("", "", ()))[2])
        nums = potency_numbers(c)  # value_nM, value_ng_per_mL, hill_slope: as il6sim dose-response -o writes them
        out.append({
            "curve": c.label.removesuffix(f" ({readout})"), "kind": c.kind, "agent": c.agent, "cell": c.cell,
            "stimulus": c.stimulus, "readout": readout, "read_at": time, "parameter_set": pset,
            "measure": "EC50" if c.kind == "agonist" else "IC50", "value_nM": nums["value_nM"],
            "value_ng_per_mL": nums["value_ng_per_mL"],
            "value_text": c.value_text, "value_mass_text": c.mass_text(), "hill_slope": nums["hill_slope"],
            "reached": c.reached,
            "note": c.note if c.kind == "inhibitor" else f"the response above the untreated cell{fixed}"})
    return out


def _points(curves, readout: str) -> list[dict]:
    """Every simulated dose of every curve, with the fitted Hill curve's value there (and what it is, in the
    curve's own words: :attr:`DoseResponse.response_unit`)."""
    out = []
    for c in curves:
        per_nM = c.ng_per_mL(1.0)  # ng/mL of 1 nM (NaN for a small molecule)
        fitted = c.fit.predict(c.doses_nM)
        for d, y, fy in zip(c.doses_nM, c.response, fitted):
            out.append({"curve": c.label.removesuffix(f" ({readout})"), "kind": c.kind, "agent": c.agent,
                        "dose_nM": float(d), "dose_ng_per_mL": float(d) * per_nM,
                        "response": float(y), "fitted_response": float(fy), "response_unit": c.response_unit})
    return out


def _csv(rows: list[dict]) -> str:
    import pandas as pd

    from ..io.tables import neutralise_formulas

    return neutralise_formulas(pd.DataFrame(rows)).to_csv(index=False)


#: the formats :func:`figure_file` draws, and their media types
FIGURE_FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def _curves_and_figure(cell: str, readout: str, time: str, pset: str):
    """``(curves, figure, parameter values, note)`` of a parsed request; problems under the request's fields."""
    from ..compare.cell_dose_response import cell_dose_response
    from ..fitting.ensemble import parameter_set
    from ..report.compare_plots import cell_dose_response_figure

    values = None if pset == MODEL_VALUES else parameter_set(pset)
    try:
        curves = cell_dose_response(cell, readout, time, parameters=values)
    except InputError as exc:
        raise InputError([_field(p) for p in exc.problems]) from None
    note = "" if values is None else f"computed with the parameter set '{pset}' on top of the cell, not the model's " \
                                     "default values"
    fig = cell_dose_response_figure(curves, cell=cell, readout=readout, time=time, note=note)
    return curves, fig, values, note


def answer(query: Any) -> dict:
    """The page's answer: the curves' table, the figure (PNG), the CSV downloads and provenance; ``readout_label``
    is the readout as the figure names it.

    The figure's SVG is not in the answer (it would more than double it): :func:`figure_file` draws it.
    """
    from ..engine.simulator import default_simulator
    from ..fitting.ensemble import caveat
    from ..provenance import Provenance
    from ..report.compare_plots import readout_unit
    from ..report.plots import observable_text
    from .figures import encode

    cell, readout, time, pset = parse_request(query)
    curves, fig, values, note = _curves_and_figure(cell, readout, time, pset)
    unit = readout_unit(readout)
    records = _records(curves, readout, time, pset)
    request = {"cell": cell, "readout": readout, "time": time, "parameter_set": pset}
    prov = Provenance.record(default_simulator(), kind="dose-response", parameters=values, cell=cell,
                             readout=readout, time=time, parameter_set=pset,
                             command="POST /api/dose-response " + json.dumps(request))
    return {
        # the readout as the figure names it ('SOCS3 mRNA', not the model's 'SOCS3_mRNA'): the page's heading
        **request, "readout_label": observable_text(readout), "unit": unit, "note": note or None,
        "caveat": None if values is None else caveat(pset),
        "curves": records, "csv": _csv(records), "points_csv": _csv(_points(curves, readout)),
        "figure": encode(fig, dpi=100, tight=True, formats=("png",)), "provenance": dict(prov),
    }


def figure_file(query: Any) -> dict:
    """The figure of :func:`answer` as a file: ``{"filename", "media_type", "content"}`` (PNG as base64).

    ``query`` is the request of :func:`answer` plus ``format``: ``svg`` (the default) or ``png``.
    """
    import re

    from .figures import encode

    fmt = query.get("format") if isinstance(query, Mapping) else None
    fmt = "svg" if fmt is None else fmt
    problems = [] if isinstance(fmt, str) and fmt in FIGURE_FORMATS else [
        Problem("format", f"must be {' or '.join(FIGURE_FORMATS)} (got {str(fmt)[:20]!r})")]
    try:
        cell, readout, time, pset = parse_request(query, also=("format",))
    except InputError as exc:
        raise InputError(exc.problems + problems) from None
    if problems:
        raise InputError(problems)
    _, fig, _, _ = _curves_and_figure(cell, readout, time, pset)
    stem = "_".join(["dose_response", cell, readout, time] + ([] if pset == MODEL_VALUES else [pset]))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:80]
    return {"filename": f"{stem}.{fmt}", "media_type": FIGURE_FORMATS[fmt],
            "content": encode(fig, dpi=100, tight=True, formats=(fmt,))[fmt]}
