"""The single unit registry and the conversions used at the boundary.

Inside il6sim every number is a float in canonical units: concentrations in
nM, time in min, volumes in L. Strings such as ``"10 ng/mL"`` or ``"45 min"``
are converted once, here, with pint; mass concentrations become molar ones
through the agent's molecular weight.

>>> to_nM("10 ng/mL", mw_g_per_mol=21000.0)  # IL-6, 21 kDa
0.47619...
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import pint

from .errors import UnitError

ureg = pint.UnitRegistry()
ureg.define("cells = [] = cell")
Q_ = ureg.Quantity

AVOGADRO = 6.02214076e23  # 1/mol, exact (SI 2019)

#: dimensionality of a molar and of a mass concentration
MOLAR = ureg.Quantity(1, "nM").dimensionality
MASS_CONCENTRATION = ureg.Quantity(1, "ng/mL").dimensionality
_TIME = ureg.Quantity(1, "min").dimensionality
_VOLUME = ureg.Quantity(1, "L").dimensionality

# pint parses "ug" and "µg"; also accept the common spellings "uM", "mcg".
_ALIASES = {"mcg": "ug", "µ": "u", "μ": "u"}
_NUMBER_ONLY = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def _normalise(text: str) -> str:
    for a, b in _ALIASES.items():
        text = text.replace(a, b)
    return text.strip()


@lru_cache(maxsize=4096)
def parse_quantity(text: str) -> pint.Quantity:
    """Parse ``"10 ng/mL"`` into a pint quantity; raise UnitError if malformed.

    Only a number followed by a unit expression is accepted; nothing is
    evaluated as code (pint's parser handles units only).
    """
    if not isinstance(text, str):
        raise UnitError(f"expected a quantity such as '10 ng/mL', got {text!r}")
    s = _normalise(text)
    if not s:
        raise UnitError("expected a quantity such as '10 ng/mL', got an empty string")
    if _NUMBER_ONLY.match(s):
        raise UnitError(f"'{text}' has no unit (write e.g. '{s} ng/mL' or '{s} min')")
    m = re.match(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.+)$", s)
    if not m:
        raise UnitError(f"'{text}' is not a number followed by a unit")
    value = float(m.group(1))
    unit_text = m.group(2).strip()
    if unit_text.startswith("/"):
        unit_text = "1" + unit_text
    try:
        unit = ureg.parse_units(unit_text)
    except Exception:
        raise UnitError(f"'{text}': unknown unit '{m.group(2).strip()}'") from None
    return Q_(value, unit)


def _quantity(value: "str | float | int", what: str, default_unit: str | None) -> pint.Quantity:
    if isinstance(value, bool):
        raise UnitError(f"{what}: expected a quantity, got {value!r}")
    if isinstance(value, (int, float)):
        if default_unit is None:
            raise UnitError(f"{what}: '{value}' has no unit")
        return Q_(float(value), default_unit)
    return parse_quantity(value)


def to_minutes(value: "str | float | int", *, what: str = "time", allow_bare: bool = False) -> float:
    """Convert a time such as ``"2 h"`` to minutes.

    Bare numbers are refused unless ``allow_bare`` (then they mean minutes).
    """
    q = _quantity(value, what, "min" if allow_bare else None)
    if q.dimensionality != _TIME:
        raise UnitError(f"{what}: '{value}' is not a time (use s, min, h or day)")
    out = float(q.to("min").magnitude)
    if not math.isfinite(out):
        raise UnitError(f"{what}: '{value}' is not finite")
    return out


def to_litres(value: "str | float | int", *, what: str = "volume") -> float:
    q = _quantity(value, what, None)
    if q.dimensionality != _VOLUME:
        raise UnitError(f"{what}: '{value}' is not a volume (use uL, mL or L)")
    return float(q.to("L").magnitude)


def to_nM(value: "str | float | int", mw_g_per_mol: float | None = None, *, what: str = "dose") -> float:
    """Convert a concentration to nM.

    Molar units convert directly; mass concentrations (pg/mL ... mg/mL)
    need the molecular weight in g/mol.
    """
    q = _quantity(value, what, None)
    dim = q.dimensionality
    if dim == MOLAR:
        out = float(q.to("nM").magnitude)
    elif dim == MASS_CONCENTRATION:
        if not mw_g_per_mol:
            raise UnitError(f"{what}: '{value}' is a mass concentration but the molecular weight is unknown")
        g_per_l = q.to("g/L").magnitude
        out = float(g_per_l / mw_g_per_mol * 1e9)
    else:
        raise UnitError(
            f"{what}: '{value}' is not a concentration (use e.g. ng/mL, pg/mL, ug/mL, pM, nM, uM)"
        )
    if not math.isfinite(out):
        raise UnitError(f"{what}: '{value}' is not finite")
    return out


def nM_to_mass(nM: float, mw_g_per_mol: float, unit: str = "ng/mL") -> float:
    """Inverse of :func:`to_nM` for mass concentrations."""
    g_per_l = nM * 1e-9 * mw_g_per_mol
    return float(Q_(g_per_l, "g/L").to(unit).magnitude)


def per_cell_to_nM(molecules_per_cell: float, cell_volume_L: float) -> float:
    """Molecules per cell expressed as a concentration in the cell volume (nM)."""
    return molecules_per_cell / (AVOGADRO * cell_volume_L) * 1e9


def nM_to_per_cell(nM: float, cell_volume_L: float) -> float:
    return nM * 1e-9 * AVOGADRO * cell_volume_L


#: model unit strings -> pint expressions (None: a plain number, no unit accepted)
_MODEL_UNITS = {
    "1/min": "1/min", "1/(nM*min)": "1/(nM*min)", "nM": "nM", "L": "L", "min": "min",
    "1/(complex*min)": "1/min", "nM/min": "nM/min",
}


def to_model_unit(text: "str | float | int", unit: str, *, what: str = "value") -> float:
    """Convert ``"0.5 /s"`` or a bare number into the model unit ``unit``.

    Bare numbers are taken to be in the model unit already. Quantities whose
    model unit is a count or dimensionless (molecules/cell, a.u., 1) take bare
    numbers only.
    """
    if isinstance(text, bool):
        raise UnitError(f"{what}: expected a number, got {text!r}")
    if isinstance(text, (int, float)):
        return float(text)
    s = str(text).strip()
    if _NUMBER_ONLY.match(s):
        return float(s)
    target = _MODEL_UNITS.get(unit)
    if target is None:
        raise UnitError(f"{what}: '{text}' has a unit, but this parameter is a plain number ({unit})")
    q = parse_quantity(s)
    try:
        return float(q.to(target).magnitude)
    except pint.DimensionalityError:
        raise UnitError(f"{what}: '{text}' cannot be converted to {unit}") from None
