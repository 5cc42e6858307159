"""The seed's experimental conditions as engine events.

Doses and times are the seed's (EVIDENCE.md section 1, S7-S8):
IL-6 10 ng/mL; sIL-6R 25 ng/mL; Hyper-IL-6 10 ng/mL (seed range 1-100);
sgp130Fc 500 ng/mL pre-incubated 45 min (seed: 30-60 min). Stimulation is
at t = 0; readouts run on a 1-min grid to 24 h.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np

from ..engine.simulator import Event
from ..model.agents import find_agent
from ..units import to_nM

#: agent -> (dose, why)
SEED_DOSES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "IL-6": ("10 ng/mL", "seed protocol (trans-signalling group)"),
    "sIL-6R": ("25 ng/mL", "seed protocol (trans-signalling group)"),
    "Hyper-IL-6": ("10 ng/mL", "seed range 1-100 ng/mL; 10 ng/mL chosen (log-middle)"),
    "sgp130Fc": ("500 ng/mL", "seed protocol (inhibition group)"),
})
#: sgp130Fc pre-incubation before stimulation (min): seed 30-60 min
SGP130FC_PREINCUBATION_MIN = 45.0
#: antibody and JAK-inhibitor pre-incubation (min), assumed
DRUG_PREINCUBATION_MIN = 60.0
#: end of the time courses (min) and grid step
T_END_MIN = 1440.0
T_STEP_MIN = 1.0


def dose_event(agent: str, dose: "str | float", time_min: float = 0.0) -> Event:
    """An ``add`` event for ``agent`` at ``dose`` (a string with unit, or nM)."""
    a = find_agent(agent)
    return Event(float(time_min), "add", a.species, to_nM(dose, a.mw_g_per_mol))


def seed_dose_nM(agent: str) -> float:
    a = find_agent(agent)
    return to_nM(SEED_DOSES[a.name][0], a.mw_g_per_mol)


@dataclass(frozen=True)
class Condition:
    """One treatment group."""

    name: str
    label: str
    events: tuple[Event, ...]
    description: str


def seed_conditions() -> dict[str, Condition]:
    """untreated, classic, trans, hyper, trans_sgp130Fc, classic_sgp130Fc (in that order)."""
    il6 = dose_event("IL-6", SEED_DOSES["IL-6"][0])
    sr = dose_event("sIL-6R", SEED_DOSES["sIL-6R"][0])
    hy = dose_event("Hyper-IL-6", SEED_DOSES["Hyper-IL-6"][0])
    fc = dose_event("sgp130Fc", SEED_DOSES["sgp130Fc"][0], -SGP130FC_PREINCUBATION_MIN)
    pre = f"sgp130Fc {SEED_DOSES['sgp130Fc'][0]} from -{SGP130FC_PREINCUBATION_MIN:g} min"
    conds = [
        Condition("untreated", "untreated", (), "no additions (reference for fold changes)"),
        Condition("classic", "classic (IL-6)", (il6,), f"IL-6 {SEED_DOSES['IL-6'][0]} at 0 min"),
        Condition("trans", "trans (IL-6 + sIL-6R)", (il6, sr),
                  f"IL-6 {SEED_DOSES['IL-6'][0]} + sIL-6R {SEED_DOSES['sIL-6R'][0]} at 0 min"),
        Condition("hyper", "Hyper-IL-6", (hy,), f"Hyper-IL-6 {SEED_DOSES['Hyper-IL-6'][0]} at 0 min"),
        Condition("trans_sgp130Fc", "trans + sgp130Fc", (fc, il6, sr), f"{pre}; then IL-6 + sIL-6R as trans"),
        Condition("classic_sgp130Fc", "classic + sgp130Fc", (fc, il6), f"{pre}; then IL-6 as classic"),
    ]
    return {c.name: c for c in conds}


def time_grid() -> np.ndarray:
    """0 to 24 h in 1-min steps."""
    return np.arange(0.0, T_END_MIN + T_STEP_MIN / 2, T_STEP_MIN)
