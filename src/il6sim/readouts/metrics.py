"""Metrics of a time course and of a dose-response.

Time-course metrics work on the response above baseline (value minus the
value at the first time point, or a given baseline), so that a resting
signal does not count as a response:

* ``peak``: largest value; ``time_to_peak`` (min);
* ``auc``: trapezoidal area of the response above baseline (unit x min);
* ``duration``: total time the response stays at or above half of its
  peak response (min), linearly interpolated;
* ``kind``: "transient" when, at the last time point or at
  ``sustained_at`` (default 120 min after the peak, the window in which
  SOCS3 ends IL-6 signalling, Wang 2013), the response has fallen below
  ``sustained_fraction`` (default 0.5) of its peak response; else
  "sustained". "none" when the peak response is below ``min_response``.

Dose-response: :func:`fit_hill` fits a four-parameter Hill curve in
log-dose with scipy and returns EC50/IC50 and the slope.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Sequence

import numpy as np

from ..errors import InputError

SUSTAINED_FRACTION = 0.5
SUSTAINED_AT_MIN = 120.0
MIN_RESPONSE = 0.02


@dataclass(frozen=True)
class TimeCourseMetrics:
    baseline: float
    peak: float
    time_to_peak: float
    peak_response: float
    auc: float
    duration: float
    late_fraction: float
    kind: str

    def as_dict(self) -> dict:
        return asdict(self)


def _trapz(y: np.ndarray, x: np.ndarray) -> float:
    return float(np.sum((y[1:] + y[:-1]) * np.diff(x) / 2.0))


def time_course_metrics(
    t: Sequence[float],
    y: Sequence[float],
    *,
    baseline: float | None = None,
    sustained_fraction: float = SUSTAINED_FRACTION,
    sustained_at: float = SUSTAINED_AT_MIN,
    min_response: float = MIN_RESPONSE,
    relative_min_response: bool = False,
) -> TimeCourseMetrics:
    """Metrics of one time course ``y(t)``.

    ``min_response`` is absolute (same unit as ``y``) unless
    ``relative_min_response``, when it is a fraction of the baseline.

    >>> m = time_course_metrics([0, 15, 30, 60, 120, 240], [0, 1, 0.8, 0.4, 0.1, 0])
    >>> m.time_to_peak, m.kind
    (15.0, 'transient')
    """
    t = np.asarray(t, dtype=float)
    y = np.asarray(y, dtype=float)
    if t.shape != y.shape or t.ndim != 1 or len(t) < 2:
        raise ValueError("t and y must be 1-D arrays of equal length >= 2")
    if np.any(np.isnan(y)):
        nan = float("nan")
        return TimeCourseMetrics(nan, nan, nan, nan, nan, nan, nan, "undefined")
    b = float(y[0]) if baseline is None else float(baseline)
    r = y - b
    i = int(np.argmax(y))
    peak, tpk, pr = float(y[i]), float(t[i]), float(r[i])
    threshold = min_response * (abs(b) if relative_min_response else 1.0)
    auc = _trapz(np.clip(r, 0, None), t)
    if pr <= threshold:
        return TimeCourseMetrics(b, peak, tpk, pr, auc, 0.0, 0.0, "none")
    half = pr / 2.0
    # time above half-maximum by linear interpolation over each interval
    dur = 0.0
    for k in range(len(t) - 1):
        a0, a1 = r[k] - half, r[k + 1] - half
        dt = t[k + 1] - t[k]
        if a0 >= 0 and a1 >= 0:
            dur += dt
        elif a0 >= 0 > a1:
            dur += dt * a0 / (a0 - a1)
        elif a1 >= 0 > a0:
            dur += dt * a1 / (a1 - a0)
    t_late = min(tpk + sustained_at, float(t[-1]))
    late = float(np.interp(t_late, t, r)) / pr
    kind = "transient" if late < sustained_fraction else "sustained"
    return TimeCourseMetrics(b, peak, tpk, pr, auc, float(dur), late, kind)


@dataclass(frozen=True)
class HillFit:
    ec50: float
    hill: float
    bottom: float
    top: float
    r2: float
    ok: bool
    message: str = ""

    def predict(self, dose) -> np.ndarray:
        """The fitted curve at ``dose`` (same unit as the fitted doses); NaN where there is no EC50.

        >>> HillFit(1.0, 1.0, 0.0, 2.0, 1.0, True).predict([1.0, 3.0]).tolist()
        [1.0, 1.5]
        """
        d = np.asarray(dose, float)
        if not math.isfinite(self.ec50):
            return np.full_like(d, np.nan)
        return self.bottom + (self.top - self.bottom) / (1 + (self.ec50 / d) ** self.hill)


#: responses that differ by no more than this across all doses are flat: solver round-off (about 1e-18 for a
#: fraction of STAT3 in a cell without gp130) is not a curve, and a Hill fit through it gives an arbitrary EC50
FLAT_ATOL = 1e-12


def _numbers(values: object, name: str, remedy: str) -> np.ndarray:
    """``values`` as a 1-D float array; InputError naming ``name`` for text, a mapping or a nested list."""
    try:
        if isinstance(values, (str, bytes, dict)):
            raise TypeError
        out = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        from ..validate import show

        raise InputError(f"{name} must be a list of numbers{remedy} (got {show(values)})") from None
    if out.ndim != 1:
        raise InputError(f"{name} must be a flat list of numbers, one per dose (got an array of shape {out.shape})")
    return out


def fit_hill(dose: Sequence[float], response: Sequence[float], *, flat_atol: float = FLAT_ATOL) -> HillFit:
    """Fit ``bottom + (top - bottom) / (1 + (ec50 / dose) ** hill)`` in log-dose.

    ``bottom`` is the response at low dose and ``top`` at high dose, so an
    inhibition curve has ``top < bottom`` and ``ec50`` is its IC50; ``hill``
    is the (positive) steepness. Responses that span no more than ``flat_atol``
    (absolute, in the response's unit; default :data:`FLAT_ATOL`, for fractions,
    fold changes and nM) are a flat curve with no EC50: pass a smaller value for
    responses in very small units.
    """
    from scipy.optimize import least_squares

    d = _numbers(dose, "dose", " in nM; convert a dose such as '10 ng/mL' with il6sim.to_nM")
    y = _numbers(response, "response", "")
    if len(d) != len(y):
        raise InputError(f"dose and response must be of the same length, one response per dose (got {len(d)} "
                         f"doses and {len(y)} responses)")
    keep = d > 0
    d, y = d[keep], y[keep]
    if len(d) < 4:
        return HillFit(np.nan, np.nan, np.nan, np.nan, np.nan, False, "need >= 4 positive doses")
    finite = np.isfinite(y)
    if finite.sum() < 4:
        return HillFit(np.nan, np.nan, np.nan, np.nan, np.nan, False, "need >= 4 finite responses")
    d, y = d[finite], y[finite]
    if float(np.ptp(y)) <= max(1e-9 * float(np.max(np.abs(y))), flat_atol):
        # a flat curve (no response at any dose) has no EC50: a fit would put it anywhere
        return HillFit(np.nan, np.nan, float(y.mean()), float(y.mean()), np.nan, False, "no response at any dose")
    ld = np.log10(d)
    span = float(np.ptp(y)) or 1.0
    mid = (y.max() + y.min()) / 2
    l50 = ld[int(np.argmin(np.abs(y - mid)))]

    def model(p, x):
        low, high, l, h = p
        return low + (high - low) / (1.0 + 10 ** ((l - x) * h))

    p0 = [y[np.argmin(d)], y[np.argmax(d)], l50, 1.0]
    try:
        res = least_squares(lambda p: (model(p, ld) - y) / span, p0, method="trf",
                            bounds=([-np.inf, -np.inf, ld.min() - 3, 0.1], [np.inf, np.inf, ld.max() + 3, 10]))
    except Exception as exc:  # pragma: no cover - scipy failure is reported
        return HillFit(np.nan, np.nan, np.nan, np.nan, np.nan, False, str(exc))
    bottom, top, l, h = res.x
    pred = model(res.x, ld)
    ss_res = float(np.sum((y - pred) ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2)) or 1.0
    r2 = 1 - ss_res / ss_tot
    inside = ld.min() <= l <= ld.max()
    msg = "" if inside else "EC50 outside the tested dose range (extrapolated)"
    return HillFit(float(10 ** l), float(h), float(bottom), float(top), float(r2), bool(res.success and inside), msg)


def ec50_by_interpolation(dose: Sequence[float], response: Sequence[float]) -> float:
    """Dose at half of the response span, interpolated in log-dose (model-free)."""
    d = np.asarray(dose, float)
    y = np.asarray(response, float)
    order = np.argsort(d)
    d, y = d[order], y[order]
    lo, hi = y[0], y[-1]
    half = (lo + hi) / 2
    s = np.sign(y - half)
    for k in range(len(d) - 1):
        if s[k] == 0:
            return float(d[k])
        if s[k] != s[k + 1]:
            x0, x1 = np.log10(d[k]), np.log10(d[k + 1])
            f = (half - y[k]) / (y[k + 1] - y[k])
            return float(10 ** (x0 + f * (x1 - x0)))
    return float("nan")
