"""Jobs run in the worker processes of the web app.

Every function here takes and returns plain, picklable data (dicts, lists,
strings), so it can run in another process. Bad input never raises: it
comes back as ``{"problems": [{"where": ..., "message": ...}]}``, built
from :class:`~il6sim.errors.InputError` exactly as the command line prints
it. Everything else is a call of the public il6sim API:
:func:`il6sim.protocols.load_protocol`, :func:`il6sim.protocols.run_protocol`,
:mod:`il6sim.report.plots`, :mod:`il6sim.compare` and
:mod:`il6sim.fitting.labdata`.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import os
import re
import tempfile
from typing import Any, Mapping

from ..errors import Il6simError, InputError, Problem, value_kind
from ..io.tables import neutralise_formulas

log = logging.getLogger(__name__)

#: size limits of one web request's protocol (the protocol format has its own limits on times and doses)
MAX_GROUPS = 12
MAX_STEPS_PER_GROUP = 40
MAX_OBSERVABLES = 16
MAX_TIMES = 24
#: a protocol's name is the figures' title, wrapped to their width: 200,000 characters took 30 s to draw
MAX_NAME_CHARS = 200
#: the editor's YAML text is at most this long (characters)
MAX_YAML_CHARS = 200_000
#: observables that the blot's total-protein row is made of (all STAT3 of the cell, nM)
TOTAL_STAT3 = ("STAT3_nucleus", "STAT3_cytoplasm")
#: the origin the protocol reader is given for the editor's text (and a request's protocol without a name)
EDITOR = "editor"
#: what a problem's place calls that protocol on the page: the reader's "Protocol 'editor'" is no word of the page's
EDITOR_PLACE = "Your protocol"
#: most ensemble members one web request runs for a prediction band (the command line runs them all)
MAX_BAND_MEMBERS = 20
#: the parameter set whose ensemble gives the web app's prediction bands
BAND_SET = "calibrated"


def page_place(where: str) -> str:
    """A problem's place in the page's words: ``Protocol 'editor', group 'a', step 1`` (the protocol reader's
    name for the editor's text) reads ``Your protocol, group 'a', step 1``; any other place is kept.

    >>> page_place("Protocol 'editor', cell")
    'Your protocol, cell'
    >>> page_place("Protocol 'editorial', cell")
    "Protocol 'editorial', cell"
    """
    head = f"Protocol {EDITOR!r}"
    if where == head or where.startswith(head + ", "):
        return EDITOR_PLACE + where[len(head):]
    return where


def problems_of(exc: InputError) -> dict[str, list[dict[str, str]]]:
    """``{"problems": [...]}`` from an :class:`InputError` (the CLI prints the same lines, the editor's protocol
    named in the page's words: :func:`page_place`)."""
    return {"problems": [{"where": page_place(p.where), "message": p.message} for p in exc.problems]}


def json_kind(value: Any) -> str:
    """What a request's value is, in JSON's words, for a message: ``null``, ``true``, ``a number``, ``text``,
    ``a list`` or ``an object`` (not Python's type name, ``NoneType`` or ``dict``): the words of
    :func:`il6sim.errors.value_kind`, with a mapping called what JSON calls it."""
    return value_kind(value, mapping="an object")


def problem(where: str, message: str) -> dict[str, list[dict[str, str]]]:
    return {"problems": [{"where": where, "message": message}]}


def _guarded(fn):
    """Turn an il6sim error into a problem list (the web layer answers 422)."""

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            return problems_of(exc)
        except Il6simError as exc:  # e.g. a solver failure, with what to try
            return problem("simulation", str(exc))

    wrapper.__name__ = fn.__name__
    wrapper.__qualname__ = fn.__qualname__
    wrapper.__doc__ = fn.__doc__
    wrapper.__wrapped__ = fn
    return wrapper


# ---------------------------------------------------------------------------
# protocols
# ---------------------------------------------------------------------------

def load_yaml_protocol(text: str, *, origin: str = EDITOR):
    """Load protocol YAML text through the same reader as ``il6sim run FILE`` (safe loading, limits)."""
    from ..protocols import load_protocol

    if not isinstance(text, str):
        raise InputError(f"expected the protocol as YAML text (got {json_kind(text)})", f"Protocol {origin!r}")
    if len(text) > MAX_YAML_CHARS:
        raise InputError(f"the protocol text is too long ({len(text)} characters; at most {MAX_YAML_CHARS})",
                         f"Protocol {origin!r}")
    # a fixed file name in a private folder: a protocol without a `name:` is called "protocol" (its file's stem)
    with tempfile.TemporaryDirectory(prefix="il6sim-web-") as folder:
        path = os.path.join(folder, "protocol.yaml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return load_protocol(path, origin=origin)


def _load(source: Any, origin: str):
    """A protocol from a mapping (JSON), ``{"yaml": text}`` or ``"seed:NAME"``; size-checked."""
    from ..protocols import load_protocol

    if isinstance(source, str) and source.startswith("seed:"):
        protocol = load_protocol(source)
    elif isinstance(source, Mapping) and set(source) == {"yaml"}:
        protocol = load_yaml_protocol(source["yaml"], origin=origin)
    elif isinstance(source, Mapping):
        name = source.get("name")
        if isinstance(name, str) and name.strip():
            origin = name.strip() if len(name.strip()) <= 60 else name.strip()[:57] + "..."
        protocol = load_protocol(dict(source), origin=origin)
    elif isinstance(source, str):  # a bundled protocol's name without 'seed:', or 'SEED:name'
        from ..protocols import bundled_protocols

        name = source.strip()
        name = name[5:] if name.lower().startswith("seed:") else name
        hint = f"; did you mean 'seed:{name}'?" if name in bundled_protocols() else ""
        raise InputError(f"expected a protocol: 'seed:NAME' (a bundled protocol, see /api/protocols), "
                         "{\"yaml\": text} or a JSON object with the keys of a protocol file (name, cell, groups, "
                         f"readouts, ...) (got the text {source[:40]!r}{hint})", f"Protocol {origin!r}")
    else:
        raise InputError("expected a protocol: a JSON object with the keys of a protocol file "
                         f"(name, cell, groups, readouts, ...) (got {json_kind(source)})", f"Protocol {origin!r}")
    check_size(protocol)
    return protocol


def check_size(protocol) -> None:
    """The web app's limits on one protocol (work per request stays bounded)."""
    where = f"Protocol {protocol.origin!r}"
    problems = []
    # each under the place the builder shows it at, with the way out: fewer, or the command line (no such limits)
    larger = "or run larger protocols with `il6sim run`"
    if len(protocol.name) > MAX_NAME_CHARS:
        problems.append(Problem(f"{where}, name", f"too long for the web app ({len(protocol.name):,} characters; at "
                                                  f"most {MAX_NAME_CHARS}, the figures' title): shorten it, and put "
                                                  "the details in 'description'"))
    if len(protocol.groups) > MAX_GROUPS:
        problems.append(Problem(f"{where}, groups", f"too many groups for the web app ({len(protocol.groups)}; at "
                                                    f"most {MAX_GROUPS}): remove some, {larger}"))
    for g, steps in protocol.groups.items():
        if len(steps) > MAX_STEPS_PER_GROUP:
            problems.append(Problem(f"{where}, group {g!r}", f"too many steps for the web app ({len(steps)}; at most "
                                                             f"{MAX_STEPS_PER_GROUP}): remove some, {larger}"))
    if len(protocol.observables) > MAX_OBSERVABLES:
        problems.append(Problem(f"{where}, readouts.observables",
                                f"too many observables for the web app ({len(protocol.observables)}; at most "
                                f"{MAX_OBSERVABLES}): read fewer, {larger}"))
    if len(protocol.times_min) > MAX_TIMES:
        problems.append(Problem(f"{where}, readouts.times",
                                f"too many readout times for the web app ({len(protocol.times_min)}; at most "
                                f"{MAX_TIMES}): read at fewer, {larger}"))
    if problems:
        raise InputError(problems)


def _shown(value: Any) -> str:
    """A received value for a message: text quoted and cut at 40 characters, a number or true/false/null as JSON
    writes it, a list or an object by its kind (Python's text of it, '[]' or 'True', is not what was sent)."""
    if isinstance(value, str):
        return repr(value[:40])
    if value is None or isinstance(value, (bool, int, float)):
        return json_kind(value) if value is None or isinstance(value, bool) else str(value)[:40]
    return json_kind(value)


def band_members(uncertainty: Any = None, ensemble_size: Any = None) -> int | None:
    """The request's prediction-band option: None (no band) or the number of ensemble members to run.

    ``uncertainty``: true/false (JSON booleans, or "true"/"false"/"1"/"0" from a query string);
    ``ensemble_size``: 2 to :data:`MAX_BAND_MEMBERS` (default :data:`MAX_BAND_MEMBERS`), only with a band.
    """
    problems = []
    flags = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
    if uncertainty is None or isinstance(uncertainty, bool):
        on = bool(uncertainty)
    elif isinstance(uncertainty, str) and uncertainty.strip().lower() in flags:
        on = flags[uncertainty.strip().lower()]
    else:
        problems.append(Problem("uncertainty", f"must be true or false (got {_shown(uncertainty)})"))
        on = False
    n = None
    if ensemble_size is not None:
        text = ensemble_size.strip() if isinstance(ensemble_size, str) else ensemble_size
        if isinstance(text, str) and re.fullmatch(r"[0-9]{1,6}", text):
            text = int(text)
        if isinstance(text, bool) or not isinstance(text, int) or not 2 <= text <= MAX_BAND_MEMBERS:
            problems.append(Problem("ensemble_size", f"must be a whole number from 2 to {MAX_BAND_MEMBERS} (the "
                                                     f"web app's limit; `il6sim run --uncertainty` runs all "
                                                     f"members) (got {_shown(text)})"))
        else:
            n = text
        if not on and not problems:
            problems.append(Problem("ensemble_size", f"needs uncertainty: true (got ensemble_size {ensemble_size} "
                                                     "without it)"))
    if problems:
        raise InputError(problems)
    return (n or MAX_BAND_MEMBERS) if on else None


def _band_info(band) -> dict:
    from ..fitting.ensemble import caveat

    return {"parameter_set": band.parameter_set, "members": band.n_members, "failed": band.n_failed,
            "level": band.level, "max_members": MAX_BAND_MEMBERS, "note": band.describe(),
            "caveat": caveat(band.parameter_set)}


@_guarded
def run_records(source: Any, origin: str = "request", uncertainty: Any = None, ensemble_size: Any = None) -> dict:
    """``{"records": [...]}``: the records of ``il6sim run PROTOCOL --format json`` (with ``uncertainty``,
    of ``il6sim run PROTOCOL --uncertainty --ensemble-size N``, plus ``"band"``: what the band is)."""
    from ..protocols import run_protocol

    n = band_members(uncertainty, ensemble_size)
    protocol = _load(source, origin)
    if n is None:
        return {"records": run_protocol(protocol).records(in_words=True)}
    from ..fitting.ensemble import run_with_uncertainty

    band = run_with_uncertainty(protocol, name=BAND_SET, n=n)
    return {"records": band.result.records(in_words=True), "band": _band_info(band)}


@_guarded
def parse_yaml(text: str) -> dict:
    """The editor's YAML as the mapping it holds (for the builder form), after full validation."""
    import yaml

    load_yaml_protocol(text)
    return {"protocol": _json_keys(yaml.safe_load(text))}


def _json_keys(obj: Any) -> Any:
    """``obj`` with every mapping key as text, as the protocol reader names them (a YAML key such as
    ``2020-01-01`` is a date, which JSON cannot carry)."""
    if isinstance(obj, Mapping):
        return {k if isinstance(k, str) else str(k): _json_keys(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_json_keys(v) for v in obj]
    return obj


def to_yaml(data: Any) -> dict:
    """A protocol mapping (from the builder form) as YAML text, laid out as the bundled protocols are (a step per
    line, text over several lines as a block); the text is validated when run."""
    from ..protocols.writing import dump_layout

    if not isinstance(data, Mapping):
        return problem("protocol", f"expected a JSON object (got {json_kind(data)})")
    try:
        return {"yaml": dump_layout(data, width=80)}  # the editor is about 85 characters wide on a laptop
    except RecursionError:
        return problem("protocol", "nested too deeply to be a protocol (a protocol is a mapping of cell, groups "
                                   "and readouts, a few levels deep)")


def bundled() -> dict:
    from ..protocols import bundled_protocols

    return {"protocols": [{"name": k, "title": v} for k, v in bundled_protocols().items()]}


@_guarded
def bundled_text(name: str) -> dict:
    from ..protocols import bundled_protocol_text

    return {"name": name, "yaml": bundled_protocol_text(name)}


@functools.lru_cache(maxsize=1)
def presets() -> dict:
    """Cells, agents and observables, as ``il6sim presets --json`` lists them."""
    from ..model.catalogue import catalogue

    cat = catalogue()
    return {k: cat[k] for k in ("cells", "agents", "observables")}


def _figure_run(source: Any, origin: str, members: int | None = None, *, ensemble: bool = True):
    """Run a protocol for the figures: also reads the cell's total STAT3 (for the blot's total-protein row).

    With ``members`` (a prediction band) the protocol runs with the :data:`BAND_SET` values and, when
    ``ensemble``, with that many members of its ensemble; returns (protocol, result, band or None).
    """
    from ..protocols import run_protocol

    protocol = _load(source, origin)
    known = {o["name"] for o in presets()["observables"]}
    extra = () if protocol.cell_free or not set(TOTAL_STAT3) <= known else tuple(
        o for o in TOTAL_STAT3 if o not in protocol.observables)
    run_p = dataclasses.replace(protocol, observables=protocol.observables + extra) if extra else protocol
    if members is None:
        return protocol, run_protocol(run_p), None
    from ..fitting.ensemble import parameter_set, run_with_uncertainty

    if not ensemble:  # a figure without a band: the same values as the band's lines
        return protocol, run_protocol(run_p, parameters=parameter_set(BAND_SET)), None
    band = run_with_uncertainty(run_p, name=BAND_SET, n=members)
    return protocol, band.result, band


@_guarded
def run_experiment(source: Any, origin: str = EDITOR, only: Any = None, uncertainty: Any = None,
                   ensemble_size: Any = None) -> dict:
    """Everything the results panel shows: records, CSV and figures (PNG); the records' and the CSV's ``unit``
    say the readout's unit in words (:func:`~il6sim.protocols.runner.units_in_words`), as ``il6sim run``'s
    tables do; ``units`` keeps the model's units.

    ``source``: ``{"yaml": text}`` or a protocol mapping; ``only``: a list of the
    figures to draw (default all of :data:`il6sim.web.figures.EXPERIMENT_FIGURES`;
    the page draws the blot here and fetches the others in parallel). The figures
    use the plotting functions of :mod:`il6sim.report.plots`; the blot gains a
    total-STAT3 row (the model's STAT3 of the cell) and a loading-control row.
    ``uncertainty`` (and ``ensemble_size``, see :func:`band_members`): run the
    :data:`BAND_SET` values and ensemble; the records gain ``lower``/``upper``, the
    time courses a shaded band, and the answer a ``band`` entry saying what it is.
    """
    from ..protocols.runner import units_in_words
    from . import figures

    members = band_members(uncertainty, ensemble_size)
    if only is not None and (not isinstance(only, list) or
                             not all(isinstance(f, str) and f in figures.EXPERIMENT_FIGURES for f in only)):
        raise InputError(f"figures must be a list of {', '.join(figures.EXPERIMENT_FIGURES)} (got {str(only)[:60]})",
                         "figures")
    protocol, result, band = _figure_run(source, origin, members)
    table = result.table
    shown = units_in_words(table[table["observable"].isin(protocol.observables)].reset_index(drop=True))
    records = [{k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in r.items()}
               for r in shown.to_dict(orient="records")]
    tc = result.timecourses[["group", "time_min", *protocol.observables]]
    figs = {}
    for name in (figures.EXPERIMENT_FIGURES if only is None else only):
        figs.update(figures.experiment_figures(protocol, table, tc, dict(result.units), only=name,
                                               band=band, parameter_set=None if members is None else BAND_SET))
    return {
        "name": protocol.name, "cell": protocol.cell.label, "groups": list(protocol.groups),
        "observables": list(protocol.observables), "times_min": list(protocol.times_min),
        "units": {o: result.units[o] for o in protocol.observables},
        "records": records, "csv": neutralise_formulas(shown).to_csv(index=False), "figures": figs,
        "band": None if band is None else _band_info(band),
    }


@_guarded
def experiment_figure(source: Any, name: str, fmt: str, origin: str = EDITOR, uncertainty: Any = None,
                      ensemble_size: Any = None) -> dict:
    """One figure of the results panel as a file: ``{"filename", "media_type", "content"}`` (PNG as base64).

    With ``uncertainty`` every figure shows the :data:`BAND_SET` values, and the time courses their band.
    """
    from . import figures

    problems = []
    try:
        members = band_members(uncertainty, ensemble_size)
    except InputError as exc:
        problems += exc.problems
    if not isinstance(name, str):
        problems.append(Problem("figure", f"expected a figure's name as text (got {json_kind(name)}; known: "
                                          f"{', '.join(figures.EXPERIMENT_FIGURES)})"))
    elif name not in figures.EXPERIMENT_FIGURES:
        problems.append(Problem("figure", f"unknown figure {_shown(name)} (known: "
                                          f"{', '.join(figures.EXPERIMENT_FIGURES)})"))
    if fmt not in ("png", "svg"):
        problems.append(Problem("format", f"must be png or svg (got {_shown(fmt)})"))
    if problems:
        raise InputError(problems)
    protocol, result, band = _figure_run(source, origin, members, ensemble=name == "timecourses")
    figs = figures.experiment_figures(protocol, result.table,
                                      result.timecourses[["group", "time_min", *protocol.observables]],
                                      dict(result.units), only=name, formats=(fmt,), band=band,
                                      parameter_set=None if members is None else BAND_SET)
    if name not in figs:
        raise InputError(f"this protocol has no {name} figure (it reads no "
                         f"{'phospho-protein' if name == 'western_blot' else 'mRNA'})", "figure")
    return {"filename": f"{name}.{fmt}", "media_type": "image/png" if fmt == "png" else "image/svg+xml",
            "content": figs[name][fmt]}


# ---------------------------------------------------------------------------
# "classic or trans in my cells?"
# ---------------------------------------------------------------------------

@_guarded
def routes(query: Mapping[str, Any]) -> dict:
    """Where a cell sits on the IL-6R:gp130 map, the share of each route and the experiments that tell them apart."""
    from . import routes as routes_mod

    return routes_mod.answer(query)


# ---------------------------------------------------------------------------
# dose-response in one cell
# ---------------------------------------------------------------------------

@_guarded
def dose_response(query: Mapping[str, Any]) -> dict:
    """EC50 and IC50 curves in one cell, read as any observable at any time: table, figure, CSV downloads."""
    from . import doseresponse

    return doseresponse.answer(query)


@_guarded
def dose_response_figure(query: Mapping[str, Any]) -> dict:
    """The dose-response figure as a file (``format``: svg or png): ``{"filename", "media_type", "content"}``."""
    from . import doseresponse

    return doseresponse.figure_file(query)


# ---------------------------------------------------------------------------
# lab data
# ---------------------------------------------------------------------------

@_guarded
def labdata(query: Mapping[str, Any]) -> dict:
    """Fold changes from an uploaded qPCR Ct or densitometry table, with a plot and the model's overlay."""
    from . import labdata as lab

    return lab.analyse(query)
