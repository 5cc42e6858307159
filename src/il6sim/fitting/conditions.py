"""Calibration conditions as protocol groups.

A calibration experiment is written as a :class:`~il6sim.protocols.Protocol`
(one group per condition); :func:`conditions_from_protocol` gives the
:class:`~il6sim.fitting.problem.Condition` entries a
:class:`~il6sim.fitting.problem.CalibrationProblem` takes, one per group,
with the group's engine events.
"""

from __future__ import annotations

from typing import Mapping

from ..protocols import Protocol
from .problem import Condition, refuse_premix


def conditions_from_protocol(protocol: Protocol, descriptions: Mapping[str, str] | None = None) -> dict[str, Condition]:
    """One :class:`Condition` per group of ``protocol`` (events in time order; no extra parameters).

    ``descriptions`` names a group in words (default: its steps).

    >>> from il6sim.protocols import load_protocol
    >>> c = conditions_from_protocol(load_protocol("seed:trans_huvec"))
    >>> [e.target for e in c["trans"].events]
    ['IL6', 'sIL6R']
    """
    refuse_premix(protocol, f"Protocol {protocol.origin!r}")
    out = {}
    for g, steps in protocol.groups.items():
        text = (descriptions or {}).get(g) or ("; ".join(s.describe() for s in steps) or "no treatment")
        out[g] = Condition(g, tuple(protocol.events(g)), {}, text)
    return out
