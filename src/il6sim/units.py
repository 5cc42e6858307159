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
import numbers
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import InputError, UnitError, is_bool, said, value_kind

if TYPE_CHECKING:  # pragma: no cover
    import pint

AVOGADRO = 6.02214076e23  # 1/mol, exact (SI 2019)

#: built on first use (importing pint and parsing its definitions costs a new process ~0.3 s);
#: pint keeps the parsed definitions in il6sim's cache directory (see il6sim.diskcache)
_REGISTRY: dict = {}


def _registry() -> dict:
    if not _REGISTRY:
        import pint

        from .diskcache import cache_dir

        d = cache_dir()
        try:
            reg = pint.UnitRegistry(cache_folder=str(d / "pint") if d is not None else None)
        except OSError:  # pragma: no cover - an unusable cache directory
            reg = pint.UnitRegistry()
        reg.define("cells = [] = cell")
        _REGISTRY.update(ureg=reg, Q_=reg.Quantity, DimensionalityError=pint.DimensionalityError,
                         MOLAR=reg.Quantity(1, "nM").dimensionality,
                         MASS_CONCENTRATION=reg.Quantity(1, "ng/mL").dimensionality,
                         _TIME=reg.Quantity(1, "min").dimensionality,
                         _VOLUME=reg.Quantity(1, "L").dimensionality)
    return _REGISTRY


def __getattr__(name: str):
    """``ureg``, ``Q_`` and the dimensionalities, built on first use."""
    if name in ("ureg", "Q_", "MOLAR", "MASS_CONCENTRATION", "_TIME", "_VOLUME"):
        return _registry()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# pint parses "ug" and "µg"; also accept the common spellings "uM", "mcg", and the minus sign and
# en dash that word processors put in place of a hyphen ("−45 min" pasted from a methods section).
_ALIASES = {"mcg": "ug", "µ": "u", "μ": "u", "\u2212": "-", "\u2013": "-"}
#: journal (SI) notation of unit expressions: "ng mL-1", "ng·mL⁻¹", "ng.mL-1" read as "ng mL**-1"
_SUPERSCRIPTS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹·⋅", "-0123456789  ")
_SI_EXPONENT = re.compile(r"(?<=[A-Za-z])(-?\d+)(?![\w.])")
_SI_DOT = re.compile(r"(?<=[A-Za-z])\.(?=[A-Za-z])")
#: units of biological activity (U, IU, mU, kIU, units ...): no fixed mass or molar equivalent. A lone
#: lowercase "u" is included: pint reads it as the atomic mass unit, so "10 u/mL" would be 10 Da/mL.
_ACTIVITY_WORD = re.compile(r"^(?:[kmu]?i?u|units?)$", re.IGNORECASE)
#: common spellings of time units, read as whole words before pint sees them: pint reads "mins"
#: as minutes too, but logs a warning that it could be milli-inches; "hrs" and "secs" likewise go
#: through its plural rules. Each is mapped to pint's own symbol, so it parses at once and silently.
_TIME_WORDS = {"min": "min", "mins": "min", "minute": "min", "minutes": "min",
               "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
               "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
               "d": "day", "day": "day", "days": "day"}
_WORD = re.compile(r"[A-Za-z_]+")


def _time_words(unit_text: str) -> str:
    """``"mins"`` -> ``"min"``, ``"1/hrs"`` -> ``"1/h"``: the time words of a unit expression in pint's symbols."""
    return _WORD.sub(lambda m: _TIME_WORDS.get(m.group(0), _TIME_WORDS.get(m.group(0).lower(), m.group(0))),
                     unit_text)


def _si_notation(unit_text: str) -> str:
    """``"ng mL-1"`` -> ``"ng mL**-1"``: negative and positive exponents written after a unit, as journals do."""
    unit_text = _SI_DOT.sub(" ", unit_text.translate(_SUPERSCRIPTS))
    return _SI_EXPONENT.sub(r"**\1", unit_text)

# one way only to read each digit (``\d+(?:\.\d*)?``): no backtracking on long digit strings
_NUMBER_ONLY = re.compile(r"^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$")
#: longest quantity text read ("1.5e-3 ng/mL" needs a dozen characters)
MAX_QUANTITY_CHARS = 100


def _too_long(text: str) -> str | None:
    if len(text) > MAX_QUANTITY_CHARS:
        return (f"a quantity of {len(text)} characters is too long to be a number and a unit (at most "
                f"{MAX_QUANTITY_CHARS}; write e.g. '10 ng/mL')")
    return None


def _one_value(value: object, example: str) -> str:
    """The remedy for a list or a mapping where one quantity was expected: give one, as text."""
    if isinstance(value, (list, tuple, dict)):
        one = re.search(r"'[^']*'", example)
        return f" (give one value as text, e.g. {one.group(0) if one else example})"
    return ""


def _as_float(value: "int | float", what: str) -> float:
    """``float(value)``, with an integer too large for a float reported as input that is not finite."""
    try:
        return float(value)
    except OverflowError:
        raise UnitError(f"{what}: a number of {len(str(value))} digits is not finite (too large)") from None


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
        raise UnitError(f"expected a quantity such as '10 ng/mL', got {value_kind(text)}")
    s = _normalise(text)
    if not s:
        raise UnitError("expected a quantity such as '10 ng/mL', got an empty string")
    if too_long := _too_long(s):
        raise UnitError(too_long)
    if _NUMBER_ONLY.match(s):
        raise UnitError(f"'{text}' has no unit (write e.g. '{s} ng/mL' or '{s} min')")
    m = re.match(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.+)$", s)
    if not m:
        raise UnitError(f"'{text}' is not a number followed by a unit")
    value = float(m.group(1))
    unit_text = m.group(2).strip()
    if re.match(r",\d", unit_text):
        raise UnitError(f"'{text}': write the number with '.' as the decimal point and without thousands "
                        "separators (2.5, not 2,5; 1000, not 1,000)")
    if any(_ACTIVITY_WORD.match(w) for w in _WORD.findall(unit_text)):
        raise UnitError(f"'{text}' is in units of biological activity, which have no fixed mass or molar "
                        "equivalent: give the dose as a concentration, e.g. '10 ng/mL' or '0.5 nM' (the "
                        "product sheet's specific activity, in U/ug, converts it)")
    if unit_text.startswith("/"):
        unit_text = "1" + unit_text
    try:
        unit = _registry()["ureg"].parse_units(_time_words(_si_notation(unit_text)))
    except Exception:
        raise UnitError(f"'{text}': unknown unit '{m.group(2).strip()}'") from None
    return _registry()["Q_"](value, unit)


#: quantity kinds: (name, dimensionality in the registry, the canonical unit a value is kept in)
_KINDS = (("molar", "MOLAR", "nM"), ("mass_conc", "MASS_CONCENTRATION", "g/L"), ("time", "_TIME", "min"),
          ("volume", "_VOLUME", "L"))
#: most conversions remembered on disk
_MEMO_MAX = 2000
_MEMO: dict = {}


def _memo_path():
    """The file of remembered conversions: keyed by this module's source and the installed pint."""
    import hashlib

    from .diskcache import cache_dir, module_identity

    d = cache_dir()
    if d is None:
        return None
    with open(__file__, "rb") as fh:
        key = hashlib.sha256(fh.read() + module_identity("pint").encode()).hexdigest()
    return d / f"units-{key}.json"


def _memo() -> dict:
    if "entries" not in _MEMO:
        import json

        from .diskcache import read

        path = _memo_path()
        _MEMO["path"] = path
        entries = {}
        payload = read(path) if path is not None else None
        if payload is not None:
            try:
                entries = {str(k): tuple(v) for k, v in json.loads(payload).items()}
            except (ValueError, TypeError, AttributeError):
                entries = {}
        _MEMO["entries"] = entries
    return _MEMO["entries"]


def quantity(text: str) -> tuple[str, float, float]:
    """``(kind, magnitude as written, value in the kind's canonical unit)`` of a quantity string.

    Kinds: ``molar`` (nM), ``mass_conc`` (g/L), ``time`` (min), ``volume`` (L), ``other``
    (value NaN). pint does the parsing and conversion; the results are remembered in the
    cache directory (keyed by this module's source and the installed pint), so that a new
    process reading a protocol in familiar units need not import pint at all. A malformed
    quantity raises :class:`UnitError` (and is not remembered).

    >>> kind, magnitude, grams_per_litre = quantity("10 ng/mL")
    >>> kind, magnitude, round(grams_per_litre, 15)
    ('mass_conc', 10.0, 1e-05)
    """
    entries = _memo()
    hit = entries.get(text) if isinstance(text, str) else None
    if hit is not None and len(hit) == 3:
        return hit
    q = parse_quantity(text)
    reg = _registry()
    entry = ("other", float(q.magnitude), math.nan)
    for kind, dim, unit in _KINDS:
        if q.dimensionality == reg[dim]:
            entry = (kind, float(q.magnitude), float(q.to(unit).magnitude))
            break
    if isinstance(text, str) and len(entries) < _MEMO_MAX:
        entries[text] = entry
        path = _MEMO.get("path")
        if path is not None:
            import json

            from .diskcache import write

            write(path, json.dumps(entries).encode())
    return entry


def _is_bare_number(value: object) -> bool:
    """A finite int or float (not bool): a quantity whose unit is missing."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float: refused as not finite further on
        return False


def _pint_text(value: object, what: str) -> str | None:
    """A pint quantity (of any unit registry) as text, ``"10.0 microgram / milliliter"``, to be read again here with
    its unit; None for anything else. A quantity holding an array is refused: one value is one dose or time."""
    if not type(value).__module__.startswith("pint") or not hasattr(value, "magnitude") or not hasattr(value, "units"):
        return None
    m = value.magnitude
    if isinstance(m, bool) or not isinstance(m, numbers.Real):
        held = "an array" if hasattr(m, "__len__") else value_kind(m)
        raise UnitError(f"{what}: a pint quantity holding {held} where one value belongs (give one value, "
                        "e.g. '10 ng/mL')")
    if not math.isfinite(m):
        raise UnitError(f"{what}: a pint quantity of {m} {value.units} is not finite")
    return f"{float(m)!r} {value.units}"


def _quantity(value: "str | float | int", what: str, default_unit: str | None,
              example: str = "a quantity such as '10 ng/mL'") -> pint.Quantity:
    text = _pint_text(value, what)  # a pint quantity keeps its unit: read as its text, never stripped to a number
    if text is not None:
        return parse_quantity(text)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise UnitError(f"{what}: expected {example}, got {value_kind(value)}{_one_value(value, example)}")
    if isinstance(value, (int, float)):
        number = _as_float(value, what)
        if default_unit is None:
            raise UnitError(f"{what}: '{number:g}' has no unit")
        return _registry()["Q_"](number, default_unit)
    return parse_quantity(value)


def _named(exc: UnitError, what: str, example: str) -> UnitError:
    """The reader's message (``"'soon' is not a number followed by a unit"``) under the value's name, with what to
    write where it does not say: ``"time: 'soon' is not ... (write e.g. '30 min' or '2 h')"``."""
    message = str(exc)
    if not message.startswith(f"{what}:"):
        message = f"{what}: {message}"
    if "e.g." not in message and "such as" not in message:
        message += f" (write e.g. {example})"
    return UnitError(message)


#: a time written in two or three parts, as labs and il6sim's own lane labels write it: '2 h 15 min', '-1 h 30 min'
_COMPOUND_TIME = re.compile(r"\s*([-+]?)\s*((?:\d+(?:\.\d+)?\s*[^\W\d_]+\s*){2,3})")
_TIME_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([^\W\d_]+)")


def compound_minutes(value: str) -> float | None:
    """Minutes of a time written in parts, the larger unit first (``"2 h 15 min"`` -> 135, ``"-1 h 30 min"`` ->
    -90, ``"1 d 6 h"`` -> 1800), as :func:`il6sim.report.plots.format_time` labels lanes; None for anything else.

    >>> compound_minutes("2 h 15 min"), compound_minutes("-1 h 30 min"), compound_minutes("30 min 1 h")
    (135.0, -90.0, None)
    """
    m = _COMPOUND_TIME.fullmatch(value)
    if not m:
        return None
    total, last = 0.0, math.inf
    for n, unit in _TIME_PART.findall(m.group(2)):
        try:
            size = to_minutes(f"1 {unit}")
        except InputError:
            return None
        if not 0 < size < last:  # each part in a smaller unit than the one before it
            return None
        total, last = total + float(n) * size, size
    return -total if m.group(1) == "-" else total


def to_minutes(value: "str | float | int", *, what: str = "time", allow_bare: bool = False) -> float:
    """Convert a time such as ``"2 h"`` to minutes.

    Bare numbers are refused unless ``allow_bare`` (then they mean minutes).
    Raises :class:`~il6sim.errors.UnitError` (an InputError) for text that is not a time or has no unit.

    >>> to_minutes("2 h"), to_minutes("1 h 30 min")
    (120.0, 90.0)
    """
    if not is_bool(allow_bare):  # allow_bare='no' is true in Python: bare numbers would pass as minutes
        raise InputError(f"must be True or False (got {said(allow_bare)})", "allow_bare")
    if _is_bare_number(value) and not allow_bare:
        raise UnitError(f"{what}: '{value:g}' has no unit (write e.g. '{value:g} min' or '{value:g} h')")
    if isinstance(value, str) and not _normalise(value):  # not parse_quantity's "a quantity such as '10 ng/mL'"
        raise UnitError(f"{what}: is empty (write the time with its unit, e.g. '30 min' or '2 h')")
    if isinstance(value, str) and _NUMBER_ONLY.match(_normalise(value)):
        n = _normalise(value)
        if not allow_bare:
            raise UnitError(f"{what}: '{value}' has no unit (write e.g. '{n} min' or '{n} h')")
        value = float(n)  # a bare number in text means minutes too
    if isinstance(value, str) and (parts := compound_minutes(value)) is not None:  # '1 h 30 min'
        return parts
    try:
        if isinstance(value, str):
            kind, _, out = quantity(value)
            if kind == "time" and math.isfinite(out):
                return out
        q = _quantity(value, what, "min" if allow_bare else None, "a time such as '30 min' or '2 h'")
    except UnitError as exc:
        raise _named(exc, what, "'30 min' or '2 h'") from None
    if q.dimensionality != _registry()["_TIME"]:
        raise UnitError(f"{what}: '{value}' is not a time (use s, min, h or day)")
    out = float(q.to("min").magnitude)
    if not math.isfinite(out):
        raise UnitError(f"{what}: '{value}' is not finite")
    return out


def to_litres(value: "str | float | int", *, what: str = "volume") -> float:
    if isinstance(value, str):
        kind, _, out = quantity(value)
        if kind == "volume":
            return out
    q = _quantity(value, what, None, "a volume such as '100 uL'")
    if q.dimensionality != _registry()["_VOLUME"]:
        raise UnitError(f"{what}: '{value}' is not a volume (use uL, mL or L)")
    return float(q.to("L").magnitude)


def _dose_example(number: str) -> str:
    """The remedy for a concentration written without a unit; a negative number is not offered back as a dose."""
    try:
        negative = float(number) < 0
    except ValueError:
        negative = False
    if not negative:
        return f" (write e.g. '{number} ng/mL' or '{number} nM')"
    return ", and a concentration cannot be negative (write e.g. '10 ng/mL' or '0.5 nM')"


def _not_negative(nM: float, value: object, what: str) -> float:
    """``nM``, or UnitError for a negative concentration such as ``'-1 ng/mL'`` (as for the bare number -1)."""
    if nM < 0:
        raise UnitError(f"{what}: '{value}' is negative; a concentration must not be negative (write e.g. "
                        "'10 ng/mL' or '0.5 nM', or leave the dose out)")
    return nM


def to_nM(value: "str | float | int", mw_g_per_mol: float | None = None, *, what: str = "dose") -> float:
    """Convert a concentration to nM.

    Molar units convert directly; mass concentrations (pg/mL ... mg/mL)
    need the molecular weight in g/mol (an agent's is ``find_agent(name).mw_g_per_mol``).
    Raises :class:`~il6sim.errors.UnitError` (an InputError) for text that is not a concentration,
    a bare number, or a mass concentration without the molecular weight.

    >>> round(to_nM("10 ng/mL", 21000), 3)
    0.476
    >>> round(to_nM("500 pM"), 6)
    0.5
    """
    if mw_g_per_mol is not None and (isinstance(mw_g_per_mol, bool) or not isinstance(mw_g_per_mol, numbers.Real)
                                     or not math.isfinite(mw_g_per_mol) or mw_g_per_mol <= 0):
        raise UnitError(f"{what}: the molecular weight must be a number > 0 in g/mol (got {mw_g_per_mol!r}); "
                        "e.g. to_nM(dose, find_agent('IL-6').mw_g_per_mol)")
    if _is_bare_number(value):
        raise UnitError(f"{what}: '{value:g}' has no unit{_dose_example(f'{value:g}')}")
    if isinstance(value, str) and (too_long := _too_long(value)):
        raise UnitError(f"{what}: {too_long}")
    if isinstance(value, str) and _NUMBER_ONLY.match(_normalise(value)):
        raise UnitError(f"{what}: '{value}' has no unit{_dose_example(_normalise(value))}")
    try:
        if isinstance(value, str):
            kind, _, v = quantity(value)
            out = v if kind == "molar" else float(v / mw_g_per_mol * 1e9) if kind == "mass_conc" and mw_g_per_mol \
                else math.nan
            if math.isfinite(out):
                return _not_negative(out, value, what)
        q = _quantity(value, what, None)
    except UnitError as exc:
        raise _named(exc, what, "'10 ng/mL' or '0.5 nM'") from None
    dim = q.dimensionality
    if dim == _registry()["MOLAR"]:
        out = float(q.to("nM").magnitude)
    elif dim == _registry()["MASS_CONCENTRATION"]:
        if not mw_g_per_mol:
            raise UnitError(f"{what}: '{value}' is a mass concentration but the molecular weight is unknown "
                            "(pass it in g/mol, e.g. to_nM(dose, find_agent('IL-6').mw_g_per_mol), "
                            "or give the dose in a molar unit such as nM or pM)")
        g_per_l = q.to("g/L").magnitude
        out = float(g_per_l / mw_g_per_mol * 1e9)
    else:
        raise UnitError(
            f"{what}: '{value}' is not a concentration (use e.g. ng/mL, pg/mL, ug/mL, pM, nM, uM)"
        )
    if not math.isfinite(out):
        raise UnitError(f"{what}: '{value}' is not finite")
    return _not_negative(out, value, what)


def nM_to_mass(nM: float, mw_g_per_mol: float, unit: str = "ng/mL") -> float:
    """Inverse of :func:`to_nM` for mass concentrations."""
    g_per_l = nM * 1e-9 * mw_g_per_mol
    return float(_registry()["Q_"](g_per_l, "g/L").to(unit).magnitude)


def per_cell_to_nM(molecules_per_cell: float, cell_volume_L: float) -> float:
    """Molecules per cell expressed as a concentration in the cell volume (nM)."""
    return molecules_per_cell / (AVOGADRO * cell_volume_L) * 1e9


def nM_to_per_cell(nM: float, cell_volume_L: float) -> float:
    return nM * 1e-9 * AVOGADRO * cell_volume_L


#: a value that starts with a number (a unit may follow)
_LEADING_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")

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
        raise UnitError(f"{what}: expected a number, got {value_kind(text)}")
    if isinstance(text, (int, float)):
        return _as_float(text, what)
    s = str(text).strip()
    if too_long := _too_long(s):
        raise UnitError(f"{what}: {too_long}")
    if _NUMBER_ONLY.match(s):
        return float(s)
    target = _MODEL_UNITS.get(unit)
    if target is None:
        if not _LEADING_NUMBER.match(s):
            raise UnitError(f"{what}: '{text}' is not a number (expected a plain number in {unit})")
        if re.match(r"^[-+]?\d+(?:,\d+)+$", s):  # '5,5' or '1,000': a comma in the number, not a unit
            raise UnitError(f"{what}: '{text}': write the number with '.' as the decimal point and without "
                            "thousands separators (2.5, not 2,5; 1000, not 1,000)")
        number_text = _LEADING_NUMBER.match(s).group(0)
        given = re.sub(r"\s+", "", s[len(number_text):]).casefold().replace("per", "/")
        if given == re.sub(r"\s+", "", unit).casefold() and given not in ("", "1"):  # '500 molecules/cell'
            return _as_float(float(number_text), what)
        raise UnitError(f"{what}: '{text}' has a unit, but this parameter is a plain number ({unit}): write "
                        f"the number alone, e.g. {number_text}")
    q = parse_quantity(s)
    try:
        return float(q.to(target).magnitude)
    except _registry()["DimensionalityError"]:
        raise UnitError(f"{what}: '{text}' cannot be converted to {unit}") from None
