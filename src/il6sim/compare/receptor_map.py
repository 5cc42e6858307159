"""The IL-6R : gp130 map (after Reeh et al. 2019, Cell Commun Signal).

Differences between classic and trans responses follow the cell's IL-6R :
gp130 ratio (EVIDENCE.md section 4). Over a grid of IL-6R and gp130 copies
per cell, on a base endothelial preset, the map gives

    ratio = AUC(pSTAT3, classic: IL-6 10 ng/mL, 0-2 h) / AUC(pSTAT3, trans: IL-6 10 + sIL-6R 25 ng/mL, 0-2 h)

with AUCs of the response above baseline. The trans group also contains
IL-6 that can signal classically where IL-6R is present, so the ratio is
the share of the trans-group response that classic signalling alone reaches.

Each grid point changes a parameter, which the engine pays for (about
0.4 s per changed parameter at present); the grid is walked so that one
parameter changes per point, and can be split over worker processes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..engine.simulator import Simulator, default_simulator
from ..model.presets import PRESETS, CellSpec
from .conditions import seed_conditions

log = logging.getLogger(__name__)

#: base preset of the map (its other parameters are kept)
BASE_PRESET = "huvec_zegeye2018"
#: window of the AUCs (min)
MAP_WINDOW_MIN = 120.0
#: default grid (9 x 4 = 36 points, ~20 s at the engine's present cost per parameter change):
#: IL-6R 0 plus 8 values log-spaced 30-5000 per cell; gp130 4 values log-spaced 1000-20000 per cell
DEFAULT_IL6R = (0.0, *(float(round(x)) for x in np.logspace(np.log10(30), np.log10(5000), 8)))
DEFAULT_GP130 = tuple(float(round(x, -1)) for x in np.logspace(3, np.log10(20000), 4))


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

    def records(self) -> list[dict]:
        out = []
        r = self.ratio
        for i, g in enumerate(self.gp130):
            for j, il in enumerate(self.il6r):
                out.append({"IL6R_per_cell": float(il), "gp130_per_cell": float(g),
                            "classic_auc": float(self.classic_auc[i, j]), "trans_auc": float(self.trans_auc[i, j]),
                            "ratio": float(r[i, j])})
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


def _run_points(base: dict, il6r: Sequence[float], gp130: Sequence[float], pts: list[tuple[int, int]],
                simulator: Simulator | None = None) -> list[tuple[int, int, float, float]]:
    sim = simulator or default_simulator()
    conds = seed_conditions()
    t = np.arange(0.0, MAP_WINDOW_MIN + 0.5, 1.0)
    out = []
    for i, j in pts:
        p = dict(base, IL6R_per_cell=float(il6r[j]), gp130_per_cell=float(gp130[i]))
        a = []
        for c in ("classic", "trans"):
            tr = sim.simulate(p, list(conds[c].events), t, context=f"map IL6R={il6r[j]:g}, gp130={gp130[i]:g}, {c}")
            a.append(_auc(t, tr.observable("pSTAT3")))
        out.append((i, j, a[0], a[1]))
    return out


def _worker(args):
    base, il6r, gp130, pts = args
    return _run_points(base, il6r, gp130, pts)


def receptor_map(il6r: Sequence[float] = DEFAULT_IL6R, gp130: Sequence[float] = DEFAULT_GP130, *,
                 base: str = BASE_PRESET, simulator: Simulator | None = None, workers: int = 1,
                 preset_ratios: dict | None = None) -> ReceptorMap:
    """Compute the map (2 simulations per grid point).

    ``workers > 1`` splits the grid over processes (each loads the model once,
    ~2 s). ``preset_ratios`` (name -> ratio) fills in the marked presets' own
    ratios where they are known (e.g. from :func:`run_comparison`).
    """
    il6r = np.asarray(il6r, float)
    gp130 = np.asarray(gp130, float)
    base_params = CellSpec.parse(base).resolve()
    pts = _points(il6r, gp130)
    if workers > 1 and len(pts) > 2 * workers:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        # contiguous chunks keep the snake walk (one parameter changes per point)
        size = -(-len(pts) // workers)
        chunks = [pts[k:k + size] for k in range(0, len(pts), size)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as ex:
            results = [r for part in ex.map(_worker, [(base_params, il6r, gp130, c) for c in chunks]) for r in part]
    else:
        results = _run_points(base_params, il6r, gp130, pts, simulator)
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
