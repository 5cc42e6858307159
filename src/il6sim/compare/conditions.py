"""The seed's experimental conditions, as one protocol.

Doses and times are the seed's (EVIDENCE.md section 1, S7-S8):
IL-6 10 ng/mL; sIL-6R 25 ng/mL; Hyper-IL-6 10 ng/mL (seed range 1-100);
sgp130Fc 500 ng/mL pre-incubated 45 min (seed: 30-60 min). Stimulation is
at t = 0; readouts run on a 1-min grid to 24 h. :func:`seed_protocol` builds
the conditions as the groups of one :class:`~il6sim.protocols.Protocol`,
which the comparison runs on each cell type.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np

from ..model.agents import find_agent
from ..protocols import Protocol, load_protocol
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


#: the bundled protocol that holds the seed's conditions (its doses are :data:`SEED_DOSES`; a test checks)
SEED_PROTOCOL = "seed:seed_comparison"
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


def seed_dose_nM(agent: str) -> float:
    a = find_agent(agent)
    return to_nM(SEED_DOSES[a.name][0], a.mw_g_per_mol)


def seed_protocol(cell: Any = "huvec_zegeye2018", *, observables: Sequence[str] = ("pSTAT3",)) -> Protocol:
    """The seed's conditions (:data:`CONDITIONS`, in that order) on ``cell``: the bundled protocol
    ``seed:seed_comparison`` (``il6sim run seed:seed_comparison``) with its cell and readouts replaced.

    >>> p = seed_protocol("hepg2")
    >>> list(p.groups)[:3], [e.target for e in p.events("trans")]
    (['untreated', 'classic', 'trans'], ['IL6', 'sIL6R'])
    """
    return replace(load_protocol(SEED_PROTOCOL).with_cell(cell), observables=tuple(observables))


def time_grid() -> np.ndarray:
    """0 to 24 h in 1-min steps."""
    return np.arange(0.0, T_END_MIN + T_STEP_MIN / 2, T_STEP_MIN)
