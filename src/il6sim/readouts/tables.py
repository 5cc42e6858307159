"""Tidy readout tables: fold change against an untreated cell, and per-group metrics.

Fold change
    ``value / untreated`` where *untreated* is the same observable, at the
    same time, in the same cell that received no agents (the same ``set``
    and ``wash`` steps, no ``add``). When the untreated value is 0 (for
    instance free IL-6 in the medium) or undefined, the fold change is NaN.

Metrics (per group and observable, over the dense time grid)
    Computed by :func:`il6sim.readouts.metrics.time_course_metrics` on the
    response above the cell's resting value: peak, time to peak (min,
    relative to stimulation), AUC of the rise above rest (unit x min), time
    above half of the peak rise (min), and a call:

    * ``none``: the rise above rest is below :data:`MIN_RISE_FRACTION` (0.02,
      i.e. 2 percentage points) for fractions, or below
      :data:`MIN_RISE_RELATIVE` (5 %) of the resting value for other units;
    * ``transient``: 120 min after the peak the rise has fallen below half of
      the peak rise (SOCS3 ends STAT3 signalling about 2 h after stimulation,
      Wang et al. 2013 PNAS, PMID 24082147);
    * ``sustained``: it has not;
    * ``undetermined``: the time course ends less than 120 min after the
      peak, so the call cannot be made.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .metrics import SUSTAINED_AT_MIN, SUSTAINED_FRACTION, time_course_metrics

MIN_RISE_FRACTION = 0.02
MIN_RISE_RELATIVE = 0.05

CALL_CRITERION = (
    f"transient: {SUSTAINED_AT_MIN:g} min after the peak the rise above rest is < {SUSTAINED_FRACTION:g} x the "
    f"peak rise; sustained: >= {SUSTAINED_FRACTION:g} x; none: peak rise < {MIN_RISE_FRACTION:g} (fractions) "
    f"or < {MIN_RISE_RELATIVE:.0%} of rest (other units); undetermined: followed < {SUSTAINED_AT_MIN:g} min "
    "after the peak"
)


def fold_change(value: np.ndarray | float, untreated: np.ndarray | float) -> np.ndarray:
    """``value / untreated``, NaN where the untreated value is 0 or not finite.

    >>> fold_change([2.0, 1.0], [1.0, 0.0]).tolist()
    [2.0, nan]
    """
    v = np.asarray(value, dtype=float)
    u = np.asarray(untreated, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where((u != 0) & np.isfinite(u) & np.isfinite(v), v / np.where(u == 0, 1.0, u), np.nan)
    return out


def response_metrics(t: Sequence[float], y: Sequence[float], *, rest: float, unit: str) -> dict:
    """Metrics of one time course ``y(t)`` against the resting value ``rest``.

    Returns a dict with ``peak``, ``time_to_peak_min``, ``auc``,
    ``time_above_half_max_min``, ``call`` (see the module docstring).

    >>> t = np.arange(0, 300.0)
    >>> m = response_metrics(t, 0.01 + 0.3 * np.exp(-t / 30) * (t / 10), rest=0.01, unit="1")
    >>> m["call"], m["time_to_peak_min"]
    ('transient', 30.0)
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    if not np.all(np.isfinite(y)) or not np.isfinite(rest):
        nan = float("nan")
        return {"peak": nan, "time_to_peak_min": nan, "auc": nan, "time_above_half_max_min": nan,
                "call": "undefined"}
    threshold = MIN_RISE_FRACTION if unit == "1" else MIN_RISE_RELATIVE * abs(rest)
    if threshold == 0:
        threshold = 1e-12
    m = time_course_metrics(t, y, baseline=rest, min_response=threshold)
    call = m.kind
    if call == "none":  # no response: the position of the largest value is numerical noise
        return {"peak": m.peak, "time_to_peak_min": float("nan"), "auc": m.auc, "time_above_half_max_min": 0.0,
                "call": "none"}
    if call in ("transient", "sustained") and t[-1] - m.time_to_peak < SUSTAINED_AT_MIN:
        call = "undetermined"
    return {"peak": m.peak, "time_to_peak_min": m.time_to_peak, "auc": m.auc,
            "time_above_half_max_min": m.duration, "call": call}
