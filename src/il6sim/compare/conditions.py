"""The seed's experimental conditions, as one protocol.

Doses and times are the seed's (EVIDENCE.md section 1, S7-S8):
IL-6 10 ng/mL; sIL-6R 25 ng/mL; Hyper-IL-6 10 ng/mL (seed range 1-100);
sgp130Fc 500 ng/mL pre-incubated 45 min (seed: 30-60 min). Stimulation is
at t = 0; readouts run on a 1-min grid to 24 h. :func:`seed_protocol` builds
the conditions as the groups of one :class:`~il6sim.protocols.Protocol`,
which the comparison runs on each cell type.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

import numpy as np

from ..model.agents import find_agent
from ..protocols import Protocol, Step
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


#: the seed's conditions: name -> (label, description); "untreated" is the fold-change reference
CONDITIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "untreated": ("untreated", "no additions (reference for fold changes)"),
    "classic": ("classic (IL-6)", f"IL-6 {SEED_DOSES['IL-6'][0]} at 0 min"),
    "trans": ("trans (IL-6 + sIL-6R)", f"IL-6 {SEED_DOSES['IL-6'][0]} + sIL-6R {SEED_DOSES['sIL-6R'][0]} at 0 min"),
    "hyper": ("Hyper-IL-6", f"Hyper-IL-6 {SEED_DOSES['Hyper-IL-6'][0]} at 0 min"),
    "trans_sgp130Fc": ("trans + sgp130Fc", f"sgp130Fc {SEED_DOSES['sgp130Fc'][0]} from "
                       f"-{SGP130FC_PREINCUBATION_MIN:g} min; then IL-6 + sIL-6R as trans"),
    "classic_sgp130Fc": ("classic + sgp130Fc", f"sgp130Fc {SEED_DOSES['sgp130Fc'][0]} from "
                         f"-{SGP130FC_PREINCUBATION_MIN:g} min; then IL-6 as classic"),
})


def seed_step(agent: str, time_min: float = 0.0) -> Step:
    """An ``add`` step of ``agent`` at its seed dose (:data:`SEED_DOSES`)."""
    dose = SEED_DOSES[find_agent(agent).name][0]
    return Step.adding(agent, seed_dose_nM(agent), time_min, dose_text=dose)


def seed_dose_nM(agent: str) -> float:
    a = find_agent(agent)
    return to_nM(SEED_DOSES[a.name][0], a.mw_g_per_mol)


def seed_protocol(cell: Any = "huvec_zegeye2018", *, observables: tuple[str, ...] = ("pSTAT3",)) -> Protocol:
    """The seed's conditions (:data:`CONDITIONS`, in that order) as groups of one protocol on ``cell``.

    >>> p = seed_protocol("hepg2")
    >>> list(p.groups)[:3], [e.target for e in p.events("trans")]
    (['untreated', 'classic', 'trans'], ['IL6', 'sIL6R'])
    """
    il6, sr, hy = seed_step("IL-6"), seed_step("sIL-6R"), seed_step("Hyper-IL-6")
    fc = seed_step("sgp130Fc", -SGP130FC_PREINCUBATION_MIN)
    groups = {"untreated": (), "classic": (il6,), "trans": (il6, sr), "hyper": (hy,), "trans_sgp130Fc": (fc, il6, sr),
              "classic_sgp130Fc": (fc, il6)}
    return Protocol.build("seed comparison", cell, groups, observables=observables,
                          times_min=(30.0, 240.0, T_END_MIN),
                          description="the seed's classic, trans, Hyper-IL-6 and sgp130Fc conditions")


def time_grid() -> np.ndarray:
    """0 to 24 h in 1-min steps."""
    return np.arange(0.0, T_END_MIN + T_STEP_MIN / 2, T_STEP_MIN)
