"""The IL-6R : gp130 map (after Reeh et al. 2019, Cell Commun Signal).

Differences between classic and trans responses follow the cell's IL-6R :
gp130 ratio (EVIDENCE.md section 4). Over a grid of IL-6R and gp130 copies
per cell, on a base endothelial preset, the map gives

    ratio = AUC(pSTAT3, classic: IL-6 10 ng/mL, 0-2 h) / AUC(pSTAT3, trans: IL-6 10 + sIL-6R 25 ng/mL, 0-2 h)

with AUCs of the response above baseline. The trans group also contains
IL-6 that can signal classically where IL-6R is present, so the ratio is
the share of the trans-group response that classic signalling alone reaches.

Each grid point is two 2 h simulations (a few ms each with the present
engine), so the default 15 x 10 grid takes about a second in-process. The
grid is still walked in snake order, so one parameter changes from one
point to the next.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from ..engine.simulator import Simulator, default_simulator
from ..model.presets import PRESETS
from ..protocols import Protocol, simulate_groups
from .conditions import seed_protocol

log = logging.getLogger(__name__)

#: base preset of the map (its other parameters are kept)
BASE_PRESET = "huvec_zegeye2018"
#: window of the AUCs (min)
MAP_WINDOW_MIN = 120.0
#: IL-6R range (per cell) of the log-spaced columns; a column at IL-6R = 0 comes first
IL6R_RANGE = (10.0, 10000.0)
#: gp130 range (per cell) of the log-spaced rows
GP130_RANGE = (1000.0, 30000.0)


def _round2(x: float) -> float:
    """Two significant digits (grid values that read well in tables)."""
    return float(f"{x:.2g}")


def grid_values(n_il6r: int, n_gp130: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """IL-6R: 0 plus ``n_il6r - 1`` values log-spaced over :data:`IL6R_RANGE`; gp130: ``n_gp130`` values
    log-spaced over :data:`GP130_RANGE` (one value: their geometric middle). Rounded to 2 significant digits."""
    if n_il6r < 2 or n_gp130 < 1:
        raise ValueError("need at least 2 IL-6R values (0 and one more) and 1 gp130 value")
    lo, hi = IL6R_RANGE
    il6r = (0.0, *(_round2(x) for x in np.geomspace(lo, hi, n_il6r - 1))) if n_il6r > 2 else (
        0.0, _round2(float(np.sqrt(lo * hi))))
    g_lo, g_hi = GP130_RANGE
    gp = tuple(_round2(x) for x in np.geomspace(g_lo, g_hi, n_gp130)) if n_gp130 > 1 else (
        _round2(float(np.sqrt(g_lo * g_hi))),)
    return il6r, gp


#: default grid, 15 x 10 = 150 points (300 simulations, about 1-2 s): IL-6R 0 plus 14 values log-spaced
#: 10-10000 per cell; gp130 10 values log-spaced 1000-30000 per cell
DEFAULT_IL6R, DEFAULT_GP130 = grid_values(15, 10)


@dataclass(frozen=True)
class ReceptorMap:
    """classic/trans pSTAT3 AUC ratio over ``il6r`` (columns) x ``gp130`` (rows)."""

    il6r: np.ndarray
    gp130: np.ndarray
    classic_auc: np.ndarray = field(repr=False)  # shape (len(gp130), len(il6r))
    trans_auc: np.ndarray = field(repr=False)
    base: str = BASE_PRESET
    window_min: float = MAP_WINDOW_MIN
    presets: dict = field(default_factory=dict)  # name -> (IL6R, gp130, ratio or nan)

    @property
    def ratio(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.trans_auc > 0, self.classic_auc / self.trans_auc, np.nan)

    def il6r_at(self, level: float) -> np.ndarray:
        """Per gp130 row, the IL-6R per cell where the ratio first reaches ``level`` (interpolated in
        log IL-6R between the positive columns; the lowest positive IL-6R where that column already reaches
        it; NaN where the row never does)."""
        r = self.ratio
        out = np.full(len(self.gp130), np.nan)
        pos = self.il6r > 0
        x = np.log10(self.il6r[pos])
        for i in range(len(self.gp130)):
            y = r[i, pos]
            for j in range(len(y)):
                if not math.isfinite(y[j]) or y[j] < level:
                    continue
                if j == 0:
                    out[i] = self.il6r[pos][0]
                else:
                    y0, y1 = y[j - 1], y[j]
                    out[i] = 10 ** (x[j - 1] + (level - y0) / (y1 - y0) * (x[j] - x[j - 1]))
                break
        return out

    def records(self) -> list[dict]:
        out = []
        r = self.ratio
        for i, g in enumerate(self.gp130):
            for j, il in enumerate(self.il6r):
                out.append({"IL6R_per_cell": float(il), "gp130_per_cell": float(g),
                            "classic_auc_STAT3_fraction_min": float(self.classic_auc[i, j]),
                            "trans_auc_STAT3_fraction_min": float(self.trans_auc[i, j]),
                            "classic_trans_auc_ratio": float(r[i, j])})
        return out


def _auc(t: np.ndarray, y: np.ndarray) -> float:
    r = np.clip(y - y[0], 0, None)
    return float(np.sum((r[1:] + r[:-1]) * np.diff(t) / 2))


def _points(il6r: Sequence[float], gp130: Sequence[float]) -> list[tuple[int, int]]:
    """Grid indices in snake order: one parameter changes from one point to the next."""
    pts = []
    for i in range(len(gp130)):
        cols = range(len(il6r)) if i % 2 == 0 else range(len(il6r) - 1, -1, -1)
        pts += [(i, j) for j in cols]
    return pts


def _run_points(protocol: Protocol, il6r: Sequence[float], gp130: Sequence[float], pts: list[tuple[int, int]],
                simulator: Simulator | None = None,
                parameters: Mapping[str, float] | None = None) -> list[tuple[int, int, float, float]]:
    sim = simulator or default_simulator()
    t = np.arange(0.0, MAP_WINDOW_MIN + 0.5, 1.0)
    out = []
    for i, j in pts:
        point = {**dict(parameters or {}), "IL6R_per_cell": float(il6r[j]), "gp130_per_cell": float(gp130[i])}
        trajs = simulate_groups(protocol, t, simulator=sim, parameters=point, groups=("classic", "trans"))
        out.append((i, j, _auc(t, trajs["classic"].observable("pSTAT3")), _auc(t, trajs["trans"].observable("pSTAT3"))))
    return out


def receptor_map(il6r: Sequence[float] = DEFAULT_IL6R, gp130: Sequence[float] = DEFAULT_GP130, *,
                 base: str = BASE_PRESET, simulator: Simulator | None = None,
                 preset_ratios: dict | None = None, parameters: Mapping[str, float] | None = None) -> ReceptorMap:
    """Compute the map (2 simulations per grid point, in this process).

    ``preset_ratios`` (name -> ratio) fills in the marked presets' own
    ratios where they are known (e.g. from :func:`run_comparison`);
    ``parameters``: values applied on top of the base preset at every point.
    """
    il6r = np.asarray(il6r, float)
    gp130 = np.asarray(gp130, float)
    pts = _points(il6r, gp130)
    results = _run_points(seed_protocol(base), il6r, gp130, pts, simulator, parameters)
    cl = np.full((len(gp130), len(il6r)), np.nan)
    tr = np.full_like(cl, np.nan)
    for i, j, a, b in results:
        cl[i, j], tr[i, j] = a, b
    marks = {}
    for name, p in PRESETS.items():
        if p.cell_free:
            continue
        marks[name] = (float(p.IL6R_per_cell), float(p.gp130_per_cell),
                       float((preset_ratios or {}).get(name, float("nan"))))
    return ReceptorMap(il6r, gp130, cl, tr, base, MAP_WINDOW_MIN, marks)


def preset_ratio_from_run(run) -> float:
    """classic/trans pSTAT3 AUC (0-2 h) from a :class:`~il6sim.compare.comparison.CellRun`."""
    t = run.times
    k = t <= MAP_WINDOW_MIN + 1e-9
    a = _auc(t[k], run.series("classic", "pSTAT3")[k])
    b = _auc(t[k], run.series("trans", "pSTAT3")[k])
    return a / b if b > 0 else float("nan")
