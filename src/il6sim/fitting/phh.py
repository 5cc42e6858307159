"""The primary human hepatocyte (PHH) calibration problem on Zeilfelder et al. 2025 data.

Data: ``il6sim/data/zeilfelder2025_phh/`` (MIT licence, copyright Nantia
Leonidou; LICENSE beside the files): PHH after IL-6 10 ng/mL.

* ``western_pstat3.csv``: total pSTAT3 (experiments 71-109) and cytoplasmic /
  nuclear pSTAT3 (experiment 45) immunoblots. Each blot, i.e. each
  (experiment, replicate) pair, has its own unknown scale (il6sim experiment
  label ``PHH_Exp79/blot4``), estimated analytically; log-normal errors with
  sigma 0.35 (as the HepG2 blots). The t = 0 rows are unstimulated cells;
  they are read from the IL-6 condition at t = 0 (IL-6 is added at t = 0 and
  has not yet acted). In experiment 45 each blot also holds one t = 0 value of
  the other fraction; alone in its scale group it carries no information and
  contributes a zero residual.
* ``molecules_per_cell.csv``: absolute counts per donor. gp130 (resting,
  mass spectrometry: all gp130 of the cell) is compared with the model's
  ``gp130_total`` and SOCS3 (90 min after IL-6) with ``SOCS3_per_cell``, both
  with a fixed scale of 1 and log-normal errors (:data:`COUNT_NOISE`). STAT3
  per cell is an input of the ``phh`` preset (donor mean), so its counts are a
  check (:func:`count_checks`), not data to fit. JAK1 is not a model species.

Cell: the ``phh`` preset's cell quantities (:func:`cell_values`), carried by
each condition, so that a joint problem can hold several cells.

Held out (chosen before any fit): experiment ``PHH_Exp109`` (two blots, the
longest time course, 0-240 min).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from typing import Literal

import numpy as np
import pandas as pd

from ..engine.simulator import Event
from ..model.agents import find_agent
from ..units import to_nM
from .hepg2 import OBSERVABLES as HEPG2_OBSERVABLES
from .problem import CalibrationProblem, Condition, ObservableDef, check_split, name_list

DATA_PACKAGE = "zeilfelder2025_phh"
SOURCE = ("Zeilfelder et al. 2025 (Zenodo doi 10.5281/zenodo.16411068; PHH data from "
          "github.com/NantiaL/IL6-signaling-model commit f2098ff; MIT licence, (c) Nantia Leonidou)")
FILES = ("western_pstat3.csv", "molecules_per_cell.csv")
HELD_OUT_EXPERIMENTS = ("PHH_Exp109",)

IL6_NM = to_nM("10 ng/mL", find_agent("IL-6").mw_g_per_mol)

#: sigma of ln(count): the donor-to-donor scatter of the counts (SD of ln values: gp130 0.32 over
#: three PHH donors, 0.36 over three HepG2 counts; SOCS3 at 90 min 0.61 over three PHH donors,
#: 0.35-0.6 within HepG2 experiments), rounded up to 0.4 / 0.6
COUNT_NOISE = {"gp130_total_per_cell": 0.4, "SOCS3_per_cell": 0.6}

OBSERVABLES = {
    # the pSTAT3 blots read and weigh as the HepG2 blots (one noise model for both cells' blots)
    **{k: HEPG2_OBSERVABLES[k] for k in ("pSTAT3_total", "pSTAT3_nucleus", "pSTAT3_cytoplasm")},
    "gp130_total_per_cell": ObservableDef("gp130_total_per_cell", "gp130_total", "log", "fixed", 1.0,
                                          COUNT_NOISE["gp130_total_per_cell"],
                                          "gp130 molecules per cell (mass spectrometry, all compartments)"),
    "SOCS3_per_cell": ObservableDef("SOCS3_per_cell", "SOCS3_per_cell", "log", "fixed", 1.0,
                                    COUNT_NOISE["SOCS3_per_cell"], "SOCS3 molecules per cell (mass spectrometry)"),
}
_COUNT_NAMES = {"gp130_molecules_per_cell": "gp130_total_per_cell", "SOCS3_molecules_per_cell": "SOCS3_per_cell"}


def cell_values(preset: str = "phh") -> dict[str, float]:
    """The preset's cell (and scenario) quantities: what a condition of this cell carries."""
    from ..model.presets import PRESETS

    return {k: float(v) for k, v in PRESETS[preset].values().items()}


def conditions(prefix: str = "", preset: str = "phh") -> dict[str, Condition]:
    """PHH conditions; ``prefix`` (e.g. ``"phh:"``) keeps names unique in a joint problem."""
    cell = cell_values(preset)
    return {f"{prefix}il6": Condition(f"{prefix}il6", (Event(0.0, "add", "IL6", IL6_NM),), cell,
                                      f"{preset}: IL-6 10 ng/mL at 0 min")}


def data_dir():
    return resources.files("il6sim") / "data" / DATA_PACKAGE


def data_sha256() -> dict[str, str]:
    d = data_dir()
    return {f: hashlib.sha256((d / f).read_bytes()).hexdigest() for f in FILES}


@lru_cache(maxsize=1)
def load_data() -> pd.DataFrame:
    """PHH blots and counts as one tidy table (plus ``file`` and ``split`` columns)."""
    d = data_dir()
    w = pd.read_csv(d / "western_pstat3.csv")
    blots = pd.DataFrame({
        "condition": "il6", "time_min": w["time_min"].astype(float), "observable": w["observable"],
        "value": w["value"].astype(float), "sd": np.nan,
        "experiment": [f"{e}/blot{r}" for e, r in zip(w["experiment"], w["replicate"])],
        "file": "western_pstat3.csv",
        "split": np.where(w["experiment"].isin(HELD_OUT_EXPERIMENTS), "validation", "training")})
    m = pd.read_csv(d / "molecules_per_cell.csv")
    m = m[m["observable"].isin(list(_COUNT_NAMES))]
    counts = pd.DataFrame({
        "condition": "il6", "time_min": m["time_min"].astype(float), "observable": m["observable"].map(_COUNT_NAMES),
        "value": m["value"].astype(float), "sd": np.nan, "experiment": [f"PHH_donor{k}" for k in m["donor"]],
        "file": "molecules_per_cell.csv", "split": "training"})
    out = pd.concat([blots, counts], ignore_index=True)
    return out[["condition", "time_min", "observable", "value", "sd", "experiment", "file", "split"]]


def stat3_counts() -> pd.DataFrame:
    """STAT3 molecules per cell per donor (an input of the preset; a check, not fitted)."""
    m = pd.read_csv(data_dir() / "molecules_per_cell.csv")
    return m[m["observable"] == "STAT3_molecules_per_cell"].reset_index(drop=True)


def measurements(split: Literal["training", "validation", "all"] = "training", prefix: str = "") -> pd.DataFrame:
    """The measurement table of one split, condition names prefixed."""
    data = load_data()
    if split != "all":
        data = data[data["split"] == split]
    m = data[["condition", "time_min", "observable", "value", "sd", "experiment"]].copy()
    m["condition"] = prefix + m["condition"]
    return m.reset_index(drop=True)


def phh_problem(split: Literal["training", "validation", "all"] = "training",
                fitted: tuple[str, ...] | None = None) -> CalibrationProblem:
    """The PHH calibration problem alone (fitted: the joint problem's kinetic parameters).

    >>> bool(phh_problem("validation").measurements["experiment"].str.startswith("PHH_Exp109").all())
    True
    """
    from .joint import FITTED, fit_parameters

    check_split(split)
    fitted = name_list(fitted, "fitted") if fitted is not None else None
    m = measurements(split)
    return CalibrationProblem(
        name=f"phh_{split}", measurements=m, conditions=conditions(),
        observables={o: OBSERVABLES[o] for o in m["observable"].unique()},
        parameters=fit_parameters(fitted or FITTED),
        provenance={"data": SOURCE, "files": list(FILES), "split": split,
                    "validation": "experiment " + ", ".join(HELD_OUT_EXPERIMENTS)})
