"""Protocol files and mappings: parse and validate them into a :class:`Protocol`.

A protocol is what a wet-lab user writes: a cell, a medium, optional serum
starvation, named groups (one condition each) made of timed steps, and the
readouts. ``t = 0`` is stimulation; negative times are pre-incubation.

The format (YAML, or the same structure as a dict)::

    name: sgp130Fc blocks IL-6 trans-signalling in HUVEC
    description: free text (optional)
    cell: huvec            # a preset; or {preset: huvec, IL6R_per_cell: 0,
                           #   gp130_per_cell: 8000, knockout: [SOCS3],
                           #   parameters: {name: value}}; or null/none (cell-free)
    medium: {volume: 1 mL, cells: 2e5}   # optional; defaults 1 mL, 2e5 cells
    serum_starvation: 4 h  # optional; a medium change 4 h before stimulation (see below)
    groups:
      control: []
      inhibition:
        - {at: -45 min, add: sgp130Fc, dose: 500 ng/mL}
        - {at: 0 min, add: IL-6, dose: 10 ng/mL}
        - {at: 2 h, wash: true}          # replaces the medium
        - {at: 1 h, set: {k_deg_SOCS3: 0.08}}   # a parameter from then on
    readouts:              # optional; defaults below
      observables: [pSTAT3, pAkt, pERK, SOCS3_mRNA]
      times: [15 min, 30 min, 4 h, 24 h]
    notes: free text (optional)
    references: [free text, ...] (optional)

Semantics
---------
* Every group starts from the cell's resting state. For cells that secrete
  IL-6 (``IL6_secretion`` > 0: the endothelial presets) this is not a steady
  state: they start in fresh medium at the first step (or at the medium
  change of ``serum_starvation``) and accumulate their own IL-6 from there,
  so their untreated pSTAT3 and SOCS3 mRNA rise over the following hours.
* ``add``: an agent (case-insensitive name or alias, see ``il6sim presets
  agents``) at a dose in any concentration unit (pg/mL ... mg/mL, pM ... mM);
  mass concentrations are converted with the agent's molecular weight. Doses
  of the same agent add up (two steps of 5 ng/mL = one of 10 ng/mL).
* ``premixed: 30 min`` on ``add`` steps: the agents added at the same time
  with the same ``premixed`` time were pre-incubated together in a tube for
  that long, at their final concentrations and without cells (IL-6 with
  sIL-6R, as most trans-signalling protocols do, or a ligand with its
  blocker); what the tube then holds (free agents and the complexes formed,
  computed with the model's own binding rates) is added at ``at``.
* ``wash: true``: replaces the medium; every medium species (all agents,
  shed sIL-6R, complexes in the medium) goes to 0.
* ``set: {parameter: value}``: the parameter takes the value from that time
  on (canonical units: nM, min, L; see ``il6sim presets parameters``).
* A reading taken at the time of a step is taken after the step.
* ``serum_starvation``: the medium is changed that long before stimulation.
  Cells that secrete IL-6 accumulate it from then on (a higher baseline and
  a blunted response at t = 0); for other cells the resting state already
  represents serum-starved cells and nothing changes. It is recorded in the
  provenance. An agent added before the medium change would go with the old
  medium, so an ``add`` step earlier than ``-serum_starvation`` is refused
  (for every cell, so that a protocol means the same on any cell).
* ``medium.volume`` sets ``V_medium`` (L) and ``medium.cells`` sets
  ``N_cells``; the defaults are the model's (1 mL, 2e5 cells).

Limits (stated so that no input can stall or crash a run): all times lie
within +/- 30 days of stimulation; a dose is at most 10 mM; a file is at
most 1 MB.

Units follow :mod:`il6sim.validate`: every time, dose and volume carries its
unit; ``set:`` values are numbers in the parameter's unit or quantities with
a unit. The cell is checked by :meth:`CellSpec.parse` and ``set:`` values by
:func:`il6sim.model.overrides.parse_parameter_values`, as everywhere else.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Mapping

from ..errors import InputError, UnitError
from ..frozen import FrozenMap
from ..model.agents import AGENTS, find_agent
from ..model.overrides import parse_parameter_values
from ..model.presets import CellSpec
from ..model.reference import reference_model
from ..model.spec import formula_symbols
from ..units import quantity, to_litres, to_nM
from ..validate import (Collector, check_keys, close_match, did_you_mean, is_real, misspelt, number, other_kind,
                        parse_time, parse_times, refuse_repeats, show, text_remedy, value_kind)
from ..validate import MAX_ABS_TIME_MIN as _MAX_ABS_TIME_MIN
from .files import bundled_protocols, is_seed_name, read_yaml, seed_dir
from .protocol import DEFAULT_OBSERVABLES, DEFAULT_TIMES_MIN, Protocol, Step

#: every time (steps and readouts) must lie within this many minutes of t = 0 (one limit, in validate)
MAX_ABS_TIME_MIN = _MAX_ABS_TIME_MIN
#: highest accepted dose (nM); 10 mM
MAX_DOSE_NM = 1e7
#: what a dose above MAX_DOSE_NM is told to do (such a dose is most often a slip of the exponent or the unit)
DOSE_LIMIT_REMEDY = "check the number and its unit, e.g. '10 ng/mL' or '0.5 nM'"

TOP_KEYS = ("name", "description", "cell", "medium", "serum_starvation", "groups", "readouts", "notes",
            "references")
MEDIUM_KEYS = ("volume", "cells")
READOUT_KEYS = ("observables", "times")
STEP_KEYS = ("at", "add", "dose", "premixed", "wash", "set", "note")
#: longest pre-incubation of agents in a tube
MAX_PREMIX_MIN = 7 * 1440.0
#: the rows of the virtual Western blot as its figure labels them, read as the observables they show
BLOT_ROW_NAMES = {"pstat3 (y705)": "pSTAT3", "pakt (s473)": "pAkt", "perk1/2": "pERK", "nuclear pstat3": "pSTAT3_nuclear"}
#: names a lab gives a readout, for the 'did you mean' of an unknown observable (the model's name is not alike)
LAB_NAMES = {"mcp-1": "CCL2_mRNA", "mcp-1 mrna": "CCL2_mRNA", "mcp1": "CCL2_mRNA", "il-8": "CXCL8_mRNA",
             "il8": "CXCL8_mRNA", "il-8 mrna": "CXCL8_mRNA", "icam-1": "ICAM1_mRNA", "icam1": "ICAM1_mRNA",
             "socs3 protein": "SOCS3", "p-akt": "pAkt", "phospho-akt": "pAkt", "p-erk": "pERK", "p-erk1/2": "pERK",
             "phospho-erk": "pERK", "phospho-erk1/2": "pERK", "pakt s473": "pAkt", "pakt (ser473)": "pAkt",
             "pstat3 (tyr705)": "pSTAT3", "pstat3 y705": "pSTAT3"}
#: what labs add to control wells (solvent, buffer): no agent of the model, refused with what to write instead
VEHICLES = frozenset({"vehicle", "dmso", "pbs", "dpbs", "medium", "media", "saline", "water", "h2o", "ethanol",
                      "etoh", "solvent", "carrier", "bsa", "pbs/bsa", "pbs + bsa", "pbs+bsa", "0.1% bsa"})


def _got(value: object) -> str:
    """A value a message says was given: :func:`~il6sim.validate.show`, with YAML's null (``~``, ``null`` or
    nothing) called null rather than Python's None."""
    return "null" if value is None else show(value)


def _dose(value: object, agent, where: str, col: Collector) -> tuple[float | None, str]:
    if value is None:
        col.add(where, "missing dose (write e.g. dose: 10 ng/mL)")
        return None, ""
    if is_real(value) or (isinstance(value, str) and number(value) is not None):
        ex = show(value) if number(value) is not None and number(value) > 0 else "10"
        col.add(where, f"dose has no unit (got {_got(value)}; write e.g. '{ex} ng/mL' or '{ex} nM')")
        return None, ""
    if not isinstance(value, str):
        one = "; give one dose as text, e.g. dose: 10 ng/mL" if isinstance(value, (list, tuple, Mapping)) else ""
        col.add(where, f"dose must be a concentration such as '10 ng/mL' (got {value_kind(value)}{one})")
        return None, ""
    if not value.strip():
        col.add(where, "dose is empty (write the concentration with its unit, e.g. '10 ng/mL' or '0.5 nM')")
        return None, ""
    try:
        kind, magnitude, _ = quantity(value)  # remembered conversions: no pint import for familiar units
    except UnitError as exc:
        remedy = "" if "e.g." in str(exc) else " (write e.g. '10 ng/mL' or '0.5 nM')"
        col.add(where, f"dose: {exc}{remedy}".replace(f"'{value}'", f"'{show(value)}'"))
        return None, ""
    if kind not in ("molar", "mass_conc"):
        col.add(where, f"dose must be a concentration, e.g. ng/mL, pg/mL, ug/mL, pM, nM, uM (got {_got(value)})"
                + dose_unit_hint(value))
        return None, ""
    if not magnitude > 0:
        col.add(where, f"dose must be > 0 (got {_got(value)})")
        return None, ""
    if agent is None:
        return None, value
    try:
        nM = to_nM(value, agent.mw_g_per_mol)
    except UnitError as exc:
        col.add(where, str(exc) if str(exc).startswith("dose") else f"dose: {exc}")
        return None, ""
    if not nM > 0:
        col.add(where, f"dose must be > 0 (got {_got(value)})")
        return None, ""
    if nM > MAX_DOSE_NM:
        col.add(where, f"dose {show(value)} of {agent.name} is {nM:.3g} nM, above the 10 mM limit; {DOSE_LIMIT_REMEDY}")
        return None, ""
    return nM, value.strip()


def mass_hint(value: object) -> str:
    """``"; did you mean '10 ng/mL'? ..."`` for ``"10 ng"``: a mass where a concentration belongs (the per mL
    left out)."""
    m = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([pnuµμm]?g)\s*", str(value))
    if not m:
        return ""
    return (f"; did you mean '{m.group(1)} {m.group(2)}/mL'? (a dose is a concentration in the medium: "
            "mass per mL, or molar)")


def dose_unit_hint(value: object) -> str:
    """What a dose written with a unit of the wrong kind probably meant: ``"; did you mean '0.5 nM'? ..."`` for
    ``"0.5 nm"`` (nanometres), ``"; did you mean '10 ng/mL'? ..."`` for ``"10 ng"``; ``""`` otherwise."""
    return (_molar_hint(value) if isinstance(value, str) else "") or mass_hint(value)


def _molar_hint(value: str) -> str:
    """``"; did you mean '0.5 nM'?"`` for ``"0.5 nm"`` (nanometres): a molar unit written with a lowercase m."""
    guess = re.sub(r"(?<=[fpnuµμm])m(?=\s*$)", "M", value.strip())
    if guess == value.strip():
        return ""
    try:
        kind = quantity(guess)[0]
    except UnitError:
        return ""
    return f"; did you mean {guess!r}? (molar is a capital M)" if kind == "molar" else ""


def _cell(obj: object, col: Collector) -> CellSpec | None:
    """The cell, checked by :meth:`CellSpec.parse` (the one cell validator)."""
    params = obj.get("parameters") if isinstance(obj, Mapping) else None
    bad = [(name, key) for name, key in _WELL_PARAMETERS if isinstance(params, Mapping) and name in params]
    for name, key in bad:  # medium: overrides the cell's parameters; refuse rather than ignore
        col.add(col.where("cell.parameters"), f"{name} belongs to the well, not the cell: write "
                                              f"medium: {{{key}: ...}} instead")
    if bad:
        obj = {**obj, "parameters": {k: v for k, v in params.items() if k not in dict(_WELL_PARAMETERS)}}
    try:
        cell = CellSpec.parse(obj, where=col.where("cell"))
    except InputError as exc:
        for p in exc.problems:
            col.add(p.where, p.message)
        return None
    return None if bad else cell


#: parameters of the well (set by ``medium:``), with their ``medium`` key
_WELL_PARAMETERS = (("V_medium", "volume"), ("N_cells", "cells"))


def _medium(obj: object, col: Collector) -> tuple[float | None, float | None]:
    if obj is None:
        return None, None
    where = col.where("medium")
    if not isinstance(obj, Mapping):
        col.add(where, f"expected a mapping such as {{volume: 1 mL, cells: 2e5}} (got {_got(obj)})")
        return None, None
    pmap = reference_model().parameter_map
    check_keys(obj, MEDIUM_KEYS, where, col.problems)
    vol = cells = None
    if "volume" in obj:
        v = obj["volume"]
        w = col.where("medium.volume")
        if is_real(v) or (isinstance(v, str) and number(v) is not None):
            col.add(w, f"volume has no unit (got {_got(v)}; write e.g. '1 mL')")
        elif not isinstance(v, str):
            col.add(w, f"expected a volume such as '1 mL' (got {_got(v)})")
        else:
            try:
                vol = to_litres(v, what="volume")
            except UnitError as exc:
                col.add(w, str(exc) if "e.g." in str(exc) else f"{exc} (write e.g. '1 mL' or '500 uL')")
            else:
                p = pmap["V_medium"]
                if not (p.lower <= vol <= p.upper):
                    col.add(w, f"volume must lie between {p.lower * 1e3:g} mL and {p.upper * 1e3:g} mL "
                               f"(got {_got(v)})")
                    vol = None
    if "cells" in obj:
        v = obj["cells"]
        w = col.where("medium.cells")
        text = v.replace("cells", "").replace("cell", "") if isinstance(v, str) else v
        if isinstance(text, str):  # '2e5 cells/well', '2 x 10^5' (as a lab writes a count)
            text = re.sub(r"\s*(?:/|per)\s*well\s*$", "", text.strip())
            sci = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[x×*]\s*10\s*(?:\^|\*\*)\s*([-+]?\d+)\s*", text)
            if sci:
                text = f"{sci.group(1)}e{sci.group(2)}"
        num = number(text)
        p = pmap["N_cells"]
        if num is None and isinstance(v, str) and re.search(r"/\s*(?:mL|ml|L|uL|µL|μL)\b|per\s*m?L\b", v):
            col.add(w, f"{show(v)} is a density: give the number of cells in the well (density x medium volume), "
                       "e.g. cells: 2e5")
        elif num is None and isinstance(v, str) and re.fullmatch(r"\s*\d{1,3}(?:,\d{3})+\s*", text):
            col.add(w, f"write the number of cells without thousands separators, e.g. "
                       f"{text.replace(',', '').strip()} or 2e5 (got {_got(v)})")
        elif num is None:
            col.add(w, f"expected a number of cells such as 2e5 (got {_got(v)})")
        elif not (p.lower <= num <= p.upper):
            col.add(w, f"cells must lie between {p.lower:g} and {p.upper:g} (got {_got(v)})")
        else:
            cells = num
    return vol, cells


def _known_agent(name: str) -> bool:
    try:
        find_agent(name)
    except InputError:
        return False
    return True


def washed_away(step: Step | None, starve_min: float | None) -> bool:
    """Whether ``step`` adds an agent before the medium change of a serum starvation of ``starve_min`` (min before
    stimulation), which would wash it away: such a step is refused, on every cell."""
    return step is not None and step.action == "add" and bool(starve_min) and step.at_min < -starve_min


def _step(obj: object, where: str, col: Collector) -> Step | None:
    if not isinstance(obj, Mapping):
        col.add(where, f"expected a step such as {{at: 0 min, add: IL-6, dose: 10 ng/mL}} (got {_got(obj)})")
        return None
    n0 = len(col.problems)
    check_keys(obj, STEP_KEYS, where, col.problems)
    actions = [k for k in ("add", "wash", "set") if k in obj]
    if "at" not in obj:
        col.add(where, "missing 'at' (the step's time relative to stimulation, e.g. 'at: -45 min')")
        at = None
    else:
        at = parse_time(obj["at"], "at", where, col.problems, max_abs_min=MAX_ABS_TIME_MIN)
    note = obj.get("note", "")
    if not isinstance(note, str):
        col.add(where, f"note must be text (got {_got(note)}){text_remedy('note', note)}")
    if len(actions) != 1:
        col.add(where, "a step does exactly one of: add (with dose), wash, set "
                       f"(got {', '.join(actions) if actions else 'none of them'})")
        return None
    action = actions[0]
    if action != "add" and "dose" in obj:
        col.add(where, f"'dose' belongs to an 'add' step, not to '{action}'")
    if action != "add" and "premixed" in obj:
        col.add(where, f"'premixed' belongs to an 'add' step, not to '{action}'")
    if action == "add":
        agent = None
        try:
            if obj["add"] is None or (isinstance(obj["add"], str) and not obj["add"].strip()):
                col.add(where, f"add is empty (name the agent, e.g. 'add: IL-6'; known: {', '.join(AGENTS)})")
            elif isinstance(obj["add"], (list, tuple, Mapping)):  # 'add: [IL-6, sIL-6R]': two agents at once
                col.add(where, f"add takes one agent (got {value_kind(obj['add'])}): write one step per agent, "
                               "each with its dose, e.g. {at: 0 min, add: IL-6, dose: 10 ng/mL} and "
                               "{at: 0 min, add: sIL-6R, dose: 25 ng/mL}")
                return None
            else:
                agent = find_agent(obj["add"])
        except InputError:
            parts = [x.strip() for x in re.split(r"\s*(?:\+|,|;|&|\band\b)\s*", str(obj["add"])) if x.strip()]
            if len(parts) > 1 and all(_known_agent(x) for x in parts):  # 'IL-6 + sIL-6R': two agents in one step
                col.add(where, f"add takes one agent (got {show(obj['add'])!r}): write one step per agent, each with "
                               "its dose, e.g. {at: 0 min, add: IL-6, dose: 10 ng/mL} and "
                               "{at: 0 min, add: sIL-6R, dose: 25 ng/mL}")
                return None
            if str(obj["add"]).strip().casefold() in VEHICLES:  # one line: its dose ('0.1 %') is no matter either
                col.add(where, f"{show(obj['add'])!r} is a vehicle, which does nothing in the model: leave the step "
                               "out (a vehicle control is a group with no steps, e.g. vehicle: [])")
                return None
            close = close_match(str(obj["add"]), [n for a in AGENTS.values() for n in (a.name, *a.aliases)])
            col.add(where, f"unknown agent {show(obj['add'])!r}" + (f" (did you mean {close}?)" if close else "")
                    + f" (known: {', '.join(AGENTS)}; aliases: see `il6sim presets agents`)")
        nM, text = _dose(obj.get("dose"), agent, where, col)
        premix = 0.0
        if "premixed" in obj:
            premix = parse_time(obj["premixed"], "premixed", where, col.problems)
            if premix is not None and premix > MAX_PREMIX_MIN:  # a duration, not a time from stimulation
                col.add(where, f"premixed: {show(obj['premixed'])} is longer than a pre-incubation may be "
                               f"({MAX_PREMIX_MIN / 1440:g} days); write the time the agents spent together in "
                               "the tube, e.g. '30 min'")
                premix = None
            elif premix is not None and not premix > 0:
                col.add(where, f"premixed must be a pre-incubation time > 0 such as '30 min' (got {_got(obj['premixed'])}; "
                               "leave it out for no pre-incubation)")
        if len(col.problems) > n0 or agent is None or nM is None or at is None or premix is None:
            return None
        return Step(at, "add", agent=agent.name, species=agent.species, dose_nM=nM, dose_text=text,
                    note=note if isinstance(note, str) else "", premix_min=float(premix))
    if action == "wash":
        if obj["wash"] is not True:
            col.add(where, f"wash must be true (got {_got(obj['wash'])}; leave the step out to not wash)")
        if len(col.problems) > n0 or at is None:
            return None
        return Step(at, "wash", note=note if isinstance(note, str) else "")
    # set
    s = obj["set"]
    if not isinstance(s, Mapping) or len(s) != 1:
        col.add(where, f"set must be one mapping parameter: value, e.g. {{set: {{k_deg_SOCS3: 0.08}}}} (got {_got(s)})")
        return None
    (name,) = s
    why = reference_model().set_problem(name) if isinstance(name, str) else None
    if why:  # refused whatever the value: the step could not act during a run
        col.add(where, f"set: {why}")
        return None
    vals = parse_parameter_values(s, where, col.problems, what="set")
    if len(col.problems) > n0 or at is None or not vals:
        return None
    (k, v), = vals.items()
    return Step(at, "set", parameter=k, value=v, note=note if isinstance(note, str) else "")


def _groups(obj: object, col: Collector, starve: float | None = None) -> dict[str, tuple[Step, ...]]:
    """The groups' steps; ``starve``: the serum starvation (min), whose medium change would wash away an
    agent added before it, so such a step is refused rather than silently lost."""
    where = col.where("groups")
    if obj is None:
        col.add(where, "missing 'groups' (one condition each, e.g. groups: {control: [], "
                       "IL-6: [{at: 0 min, add: IL-6, dose: 10 ng/mL}]})")
        return {}
    if isinstance(obj, (list, tuple)):  # '- name: control' items, or a population spec's list of group names
        col.add(where, f"expected a mapping group name: list of steps (got a list of {len(obj)}); write each group "
                       "as its name followed by its steps, e.g. groups: {control: [], IL-6: [{at: 0 min, add: IL-6, "
                       "dose: 10 ng/mL}]}")
        return {}
    if not isinstance(obj, Mapping):
        col.add(where, f"expected a mapping group name: list of steps (got {_got(obj)})")
        return {}
    if not obj:
        col.add(where, "no groups (give at least one condition)")
        return {}
    out: dict[str, tuple[Step, ...]] = {}
    seen: dict[str, str] = {}  # names as tables, figures and lab-data matching tell them apart
    for name, steps in obj.items():
        gname = str(name)
        if name is None:  # 'null:' or '~:' would be a group named 'None'
            col.add(where, "a group with an empty name (null, ~ or nothing before the colon): write the group's name, "
                           "e.g. control or 'IL-6 10 ng/mL'")
            continue
        if not gname.strip() or len(gname) > 80:
            col.add(where, f"group name must be 1-80 characters (got {_got(name)!r})")
            continue
        gw = col.where(f"group {gname!r}")
        same = seen.setdefault(gname.strip().casefold(), gname)
        if same != gname:
            col.add(gw, f"same name as group {same!r} but for case or spaces; give each group a name of its own")
            continue
        if steps is None:
            steps = []
        if isinstance(steps, Mapping):
            steps = [steps]
        if isinstance(steps, str):
            col.add(gw, f"expected a list of steps such as [{{at: 0 min, add: IL-6, dose: 10 ng/mL}}] "
                        f"(got the text {show(steps)!r})")
            continue
        if not isinstance(steps, (list, tuple)):
            col.add(gw, f"expected a list of steps (got {_got(steps)})")
            continue
        parsed = []
        for i, st in enumerate(steps, start=1):
            sw = col.where(f"group {gname!r}", f"step {i}")
            step = _step(st, sw, col)
            if washed_away(step, starve):
                col.add(sw, f"{step.agent} is added at {step.at_min:g} min, before the medium change of "
                            f"serum_starvation ({starve:g} min before stimulation), which would wash it away; "
                            f"add it at -{starve:g} min or later (into the starvation medium), or make "
                            f"serum_starvation at least {-step.at_min:g} min")
                step = None
            if step is not None:
                parsed.append(step)
        out[gname] = tuple(parsed)
    return out


def _readouts(obj: object, cell_free: bool, col: Collector) -> tuple[tuple[str, ...], tuple[float, ...]]:
    where = col.where("readouts")
    if obj is None:
        obj = {}
    if not isinstance(obj, Mapping):
        col.add(where, f"expected a mapping with 'observables' and 'times' (got {_got(obj)})")
        return (), ()
    check_keys(obj, READOUT_KEYS, where, col.problems)
    spec = reference_model()
    omap = spec.observable_map
    lower = {k.lower(): k for k in omap}
    smap = spec.species_map
    names = obj.get("observables", list(DEFAULT_OBSERVABLES))
    observables: list[str] = []
    from_cells: list[str] = []
    if isinstance(names, str) and "," in names:
        col.add(col.where("readouts.observables"), f"{show(names)!r} is one text, not a list: write the observables "
                                                   f"in brackets, [{show(names)}]")
        names = []
    elif isinstance(names, str):
        names = [names]
    elif not isinstance(names, (list, tuple)) or not names:
        col.add(col.where("readouts.observables"), f"expected a non-empty list of observables (got {_got(names)})")
        names = []
    known: dict[str, str] = {}
    for n in names:
        key = lower.get(n.strip().lower()) if isinstance(n, str) else None
        if key is None and isinstance(n, str):  # as the virtual blot labels its rows: 'pAkt (S473)', 'pERK1/2'
            key = BLOT_ROW_NAMES.get(" ".join(n.split()).casefold())
        if key is None:
            hint = LAB_NAMES.get(" ".join(n.split()).casefold()) if isinstance(n, str) else None
            col.add(col.where("readouts.observables"),
                    (f"unknown observable {show(n)!r}"
                     + (f" (did you mean {hint!r}?)" if hint else did_you_mean(n, omap)) if n is not None
                     else "an empty entry (null) in the list of observables: write an observable's name")
                    + f" (known: {', '.join(omap)})")
            continue
        known[n] = key
        if cell_free and any(smap[s].compartment == "cell" for s in formula_symbols(omap[key].formula) if s in smap):
            if key not in from_cells:
                from_cells.append(key)
            continue
        if key not in observables:
            observables.append(key)
    refuse_repeats([n for n in names if isinstance(n, str) and n in known], col.where("readouts.observables"),
                   "observable", col.problems, same=known)
    if from_cells:
        which = (f"{from_cells[0]} is" if len(from_cells) == 1
                 else f"{', '.join(from_cells[:-1])} and {from_cells[-1]} are")
        col.add(col.where("readouts.observables"),
                f"{which} read from cells, but the protocol has no cells (cell: null); "
                "read medium observables (free_IL6, sIL6R, IL6_sIL6R) or give a cell")
    times = parse_times(obj.get("times", [f"{t:g} min" for t in DEFAULT_TIMES_MIN]), col.where("readouts.times"),
                        col.problems, max_abs_min=MAX_ABS_TIME_MIN)
    return tuple(observables), times or ()


def _text(obj: Mapping, key: str, col: Collector) -> str:
    v = obj.get(key, "")
    if v is None:
        return ""
    if not isinstance(v, str):
        col.add(col.where(key), f"must be text (got {_got(v)}){text_remedy(key, v)}")
        return ""
    return v.strip()


# ---------------------------------------------------------------------------
# the entry point
# ---------------------------------------------------------------------------

def load_protocol(source: "str | os.PathLike | Mapping[str, Any] | Protocol", *, origin: str | None = None) -> Protocol:
    """Read and validate a protocol.

    Parameters
    ----------
    source
        A path to a YAML file, ``"seed:NAME"`` for a bundled protocol
        (see :func:`bundled_protocols`), a dict of the same structure, or a
        :class:`Protocol` (returned as is).
    origin
        How error messages name the protocol (default: the path, ``seed:NAME``,
        or the dict's ``name``).

    Returns
    -------
    Protocol
        Immutable, in canonical units.

    Raises
    ------
    InputError
        Listing *every* problem found, each with where (protocol, group, step),
        what was received and what is expected.

    Examples
    --------
    >>> p = load_protocol({"cell": "huvec", "groups": {"IL-6": [{"at": "0 min", "add": "IL-6", "dose": "10 ng/mL"}]},
    ...                    "readouts": {"observables": ["pSTAT3"], "times": ["30 min"]}})
    >>> round(p.groups["IL-6"][0].dose_nM, 3)
    0.476
    """
    if isinstance(source, Protocol):
        return source
    if isinstance(source, Mapping):
        name_hint = source.get("name") if isinstance(source.get("name"), str) else None
        label = origin or (show(name_hint) if name_hint else "<dict>")
        data: Mapping = source
        default_name = name_hint or "protocol"
    elif isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        if isinstance(text, bytes):  # pragma: no cover - bytes paths
            text = text.decode(errors="replace")
        if text.startswith("seed:"):
            seed = text[5:].strip()
            label = origin or f"seed:{seed}"
            path = seed_dir() / f"{seed}.yaml"
            if not is_seed_name(seed) or not path.is_file():
                close = close_match(seed, bundled_protocols())
                raise InputError(f"unknown bundled protocol {show(seed)!r}"
                                 + (f" (did you mean 'seed:{close[1:-1]}'?)" if close else "") + " "
                                 f"(known: {', '.join(bundled_protocols())}; list them with `il6sim protocols`)",
                                 f"Protocol {label!r}")
        else:
            label = origin or (text if len(text) <= 300 else "..." + text[-297:])
            if not text.strip():  # Path('') is the current folder: "is a directory" named the wrong problem
                raise InputError("empty path (give a path to a YAML file, or seed:NAME; see `il6sim protocols`)",
                                 f"Protocol {label!r}")
            path = Path(text)
        data = read_yaml(path, label)
        default_name = path.stem
    else:
        raise InputError(f"expected a path, 'seed:NAME' or a mapping (got {type(source).__name__})",
                         f"Protocol {origin or '<input>'!r}")
    return _parse(data, label, default_name)


def _parse(data: Mapping, label: str, default_name: str) -> Protocol:
    col = Collector(f"Protocol {label!r}")
    wrong = other_kind(data, "protocol")
    # a protocol's groups are a mapping; a population or sweep spec names its protocol's groups in a list
    if wrong and ("protocol" in data or not isinstance(data.get("groups"), Mapping)):
        raise InputError(wrong, col.where())
    check_keys(data, TOP_KEYS, col.where(), col.problems)
    name = _text(data, "name", col) or default_name
    description = _text(data, "description", col)
    notes = _text(data, "notes", col)
    refs = data.get("references", []) or []
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, (list, tuple)) or not all(isinstance(r, str) for r in refs):
        col.add(col.where("references"), f"must be a list of text entries (got {_got(refs)})")
        refs = []
    if "cell" in data:
        cell = _cell(data["cell"], col)
    else:
        cell = None
        if not misspelt(data, "cell", TOP_KEYS):  # 'cells:' or 'Cell:' is said once, by its unknown key's line
            col.add(col.where(), "missing key 'cell' (a preset such as huvec, a mapping {preset: ..., knockout: "
                                 "[...]}, or null for cell-free; see `il6sim presets cells`)")
    volume, cells = _medium(data.get("medium"), col)
    defaults = reference_model().default_values()
    volume = defaults["V_medium"] if volume is None else volume
    cells = defaults["N_cells"] if cells is None else cells
    starve = None
    if data.get("serum_starvation") is not None:
        starve = parse_time(data["serum_starvation"], "duration", col.where("serum_starvation"), col.problems,
                            max_abs_min=MAX_ABS_TIME_MIN)
        if starve is not None and starve < 0:
            col.add(col.where("serum_starvation"), f"must be >= 0 (got {_got(data['serum_starvation'])})")
            starve = None
    if "groups" not in data and misspelt(data, "groups", TOP_KEYS):  # 'group:': said once, by the unknown key's line
        groups = {}
    else:
        groups = _groups(data.get("groups"), col, starve)
    observables, times = _readouts(data.get("readouts"), bool(cell is not None and cell.cell_free), col)
    first = min([0.0] + [s.at_min for steps in groups.values() for s in steps])
    for t in times:
        if t < first:
            col.add(col.where("readouts.times"),
                    f"readout at {t:g} min is before the first step ({first:g} min); "
                    "read out at or after the first step")
    if col.problems:
        raise InputError(col.problems)
    try:
        source = json.loads(json.dumps(data, default=str))
    except (TypeError, ValueError, RecursionError):  # pragma: no cover - defensive
        source = {}
    return Protocol(
        name=name, cell=cell, groups=FrozenMap(groups), observables=observables, times_min=times,
        medium_volume_L=volume, n_cells=cells, serum_starvation_min=starve, description=description,
        notes=notes, references=tuple(refs), origin=label, source=FrozenMap(source))
