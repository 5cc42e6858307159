"""The shared toolkit for checking user input.

Every file format and command of il6sim (protocols, sweep specs, cell
specifications, ``--set``) reports problems the same way: a list of
:class:`~il6sim.errors.Problem` entries, each saying where (file, group,
step, key), what was received and what is expected, with a suggestion when
a name is close to a known one. The helpers here write those messages once.

Unit rule (the same everywhere): in files and on the command line, every
time, dose and volume carries its unit (``15 min``, ``10 ng/mL``, ``1 mL``);
a bare number is refused with ``... has no unit (got 15; write e.g. '15 min')``.
Parameter values are numbers in the parameter's own unit (``il6sim presets
parameters``) or quantities with a unit that converts to it. In Python,
canonical floats are named by their unit (``at_min``, ``dose_nM``).
"""

from __future__ import annotations

import difflib
import math
import numbers
import reprlib
from collections.abc import Iterable, Mapping

from .errors import InputError, Problem, UnitError, UnknownNameError, is_bool, said, value_kind
from .units import to_minutes

#: longest message kept in a problem list
MAX_MESSAGE = 400
#: every time of an experiment (protocol steps and readouts, measured time points) lies within this many
#: minutes of stimulation (t = 0): 30 days
MAX_ABS_TIME_MIN = 30 * 1440.0

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60
_short.maxlist = 4
_short.maxdict = 4
_short.maxlevel = 2


def text_remedy(key: str, value: object) -> str:
    """The remedy for a YAML value that should have been text but YAML read as something else (a date, binary
    data, a number, true/false): ``""`` when there is none to give.

    >>> import datetime
    >>> text_remedy("name", datetime.date(2020, 1, 1))
    '; YAML reads an unquoted date as a date: write the text in quotes, e.g. name: "2020-01-01"'
    >>> text_remedy("name", b"hi")
    '; write the value as plain text, without the !!binary tag'
    """
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return (f"; YAML reads an unquoted date as a date: write the text in quotes, "
                f"e.g. {key}: \"{value.isoformat()}\"")
    if isinstance(value, (bytes, bytearray)):
        return "; write the value as plain text, without the !!binary tag"
    return ""


def show_key(key: object) -> str:
    """A mapping key for a message: quoted text, or plain words for a key YAML read as something else.

    >>> show_key("dose"), show_key(None)
    ("'dose'", 'an empty key (null)')
    """
    if isinstance(key, str):
        return repr(show(key))
    if key is None:
        return "an empty key (null)"
    if is_real(key):
        return repr(show(key))
    return value_kind(key)


def show(value: object) -> str:
    """A short, safe rendering of a user value for an error message (true/false, a date, binary data in words).

    >>> show("x" * 100)[-3:]
    '...'
    >>> show(b"hi"), show(False)
    ('binary data', 'false')
    """
    import datetime

    if isinstance(value, str):
        return value if len(value) <= 60 else value[:57] + "..."
    if isinstance(value, (datetime.date, datetime.datetime, bytes, bytearray)) or is_bool(value):
        return value_kind(value)  # true/false as YAML and JSON write them, not Python's True/False
    try:
        return _short.repr(value)
    except Exception:  # pragma: no cover - exotic objects
        return f"<{type(value).__name__}>"


def close_match(name: str, known: Iterable[str]) -> str:
    """The quoted known name closest to ``name`` (case-insensitive first), or ``""``.

    A name that differs in case as well as in spelling is compared in lower case when the
    spelling as written matches nothing.

    >>> close_match("readout", ["name", "readouts"])
    "'readouts'"
    >>> close_match("pstat3x", ["pSTAT3", "pERK"])
    "'pSTAT3'"
    """
    known = [str(k) for k in known]
    lower = {k.lower(): k for k in known}
    if name.lower() in lower:
        return repr(lower[name.lower()])
    m = difflib.get_close_matches(name, known, n=1)
    if not m:
        m = [lower[k] for k in difflib.get_close_matches(name.lower(), list(lower), n=1)]
    return repr(m[0]) if m else ""


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """``" (did you mean 'X'?)"`` for the closest known name, or ``""`` (also for a name that is not text).

    >>> "unknown key 'readout'" + did_you_mean("readout", ["name", "readouts"])
    "unknown key 'readout' (did you mean 'readouts'?)"
    """
    close = close_match(name, known) if isinstance(name, str) else ""
    return f" (did you mean {close}?)" if close else ""


def comma_items(text: str, where: str, problems: list[Problem]) -> list[str]:
    """The items of a comma-separated list as typed (``--cells a,b``), each stripped.

    An empty item (two commas in a row, a comma at either end) is most likely a typo, so it is refused
    (one problem naming its position) rather than skipped. Text with no item at all (``""``, ``" , "``)
    gives ``[]`` and no problem: the caller says what to give.

    >>> p = []
    >>> comma_items("huvec, hepg2", "--cells", p), p
    (['huvec', 'hepg2'], [])
    >>> comma_items("huvec,,hepg2,", "--cells", p)
    ['huvec', 'hepg2']
    >>> p[0].message
    "items 2 and 4 of 'huvec,,hepg2,' are empty (a comma too many); remove the extra commas: huvec,hepg2"
    """
    parts = [part.strip() for part in str(text).split(",")]
    items = [part for part in parts if part]
    empty = [i for i, part in enumerate(parts, 1) if not part]
    if items and empty:
        which = (f"item {empty[0]}" if len(empty) == 1
                 else "items " + ", ".join(map(str, empty[:-1])) + f" and {empty[-1]}")
        add_problem(problems, where, f"{which} of {show(str(text))!r} {'is' if len(empty) == 1 else 'are'} empty "
                                     f"(a comma too many); remove the extra comma{'' if len(empty) == 1 else 's'}: "
                                     f"{show(','.join(items))}")
    return items


def refuse_repeats(items: Iterable[str], where: str, what: str, problems: list[Problem],
                   same: Mapping[str, str] | None = None) -> None:
    """A problem for each name given more than once in a list (``[pSTAT3, pSTAT3]``, ``--cells a,a``).

    A name listed twice does nothing the first one did not, so it is most likely a copy left
    unedited where another name was meant; it is refused with both positions rather than merged.
    ``same`` maps each item to the name it stands for (an alias, another case), so that two
    spellings of one name count as one; the message shows both as written.

    >>> p = []
    >>> refuse_repeats(["huvec", "hepg2", "huvec"], "--cells", "cell", p)
    >>> p[0].message
    "'huvec' is given twice (items 1 and 3); give each cell once"
    >>> p = []
    >>> refuse_repeats(["pSTAT3", "pstat3"], "readouts.observables", "observable", p,
    ...                same={"pSTAT3": "pSTAT3", "pstat3": "pSTAT3"})
    >>> p[0].message
    "'pSTAT3' and 'pstat3' name the same observable (items 1 and 2); give each observable once"
    """
    first: dict[str, tuple[int, str]] = {}
    for i, item in enumerate(items, 1):
        key = (same or {}).get(item, item)
        if key not in first:
            first[key] = (i, item)
            continue
        j, earlier = first[key]
        said = (f"{show(item)!r} is given twice" if earlier == item
                else f"{show(earlier)!r} and {show(item)!r} name the same {what}")
        add_problem(problems, where, f"{said} (items {j} and {i}); give each {what} once")


class NameTable(dict):
    """A read-only dict of named things whose missing name raises :class:`~il6sim.errors.UnknownNameError`.

    The message names what was looked up, the near name and the known ones (or ``listing``, where
    the names are too many to print), as for :data:`il6sim.PRESETS`; ``get``, ``in`` and ``dict(t)``
    work as for a dict. The tables are shared (the model's parameters, observables, the agents), so
    they cannot be changed in place: ``{**t, name: value}`` or ``dict(t)`` gives a copy to change.
    The repr is one line with the number of entries and the first names.

    >>> t = NameTable("observable", {"pSTAT3": 1})
    >>> t["pSTAT"]
    Traceback (most recent call last):
    il6sim.errors.UnknownNameError: unknown observable 'pSTAT' (did you mean 'pSTAT3'?) (known: pSTAT3)
    >>> t
    <1 observable: pSTAT3>
    """

    what = "name"
    listing = ""

    def __init__(self, what: str, items=(), listing: str = "") -> None:
        super().__init__(items)
        self.what = what
        self.listing = listing

    def __getitem__(self, name):
        try:
            return dict.__getitem__(self, name)  # __missing__ for a name that is not there
        except TypeError:  # an unhashable key such as a list: not a name
            known = self.listing or f"known: {', '.join(map(str, self))}"
            raise UnknownNameError(f"unknown {self.what} {show(name)}: look up one name as text, e.g. "
                                   f"{next(iter(self), 'name')!r} ({known})") from None

    def __missing__(self, name):
        known = self.listing or f"known: {', '.join(map(str, self))}"
        raise UnknownNameError(f"unknown {self.what} {name!r}{did_you_mean(name, self)} ({known})")

    def _read_only(self, *args, **kwargs):
        raise TypeError(f"the table of {self.what}s is read-only (it is shared); change a copy: "
                        f"{{**table, name: value}} or dict(table)")

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __reduce__(self):
        return (NameTable, (self.what, dict(self), self.listing))

    def __repr__(self) -> str:
        names = [str(k) for k in self]
        shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
        what = self.what if len(names) == 1 else ("species" if self.what == "species" else f"{self.what}s")
        tail = f"; {self.listing}" if self.listing and len(names) > 8 else ""
        return f"<{len(names)} {what}: {shown}{tail}>"


#: the kinds of il6sim input file: the keys that mark each (all present), keys that rule it out, what it
#: is called and the command that reads it
FILE_KINDS = {
    "protocol": (("cell", "groups"), ("protocol",), "a protocol file", "il6sim run FILE"),
    "sweep": (("design",), ("population", "sensitivity"), "a sweep spec", "il6sim sweep FILE"),
    "population": (("population",), (), "a population spec", "il6sim population FILE"),
    "sensitivity": (("sensitivity",), (), "a sensitivity spec", "il6sim sensitivity FILE"),
    "fit": (("conditions", "observables"), (), "a fit problem", "il6sim fit FILE"),
    "petab": (("format_version",), (), "a PEtab problem", "il6sim fit FILE"),
}


def _is_kind(obj: Mapping, kind: str) -> bool:
    marks, excludes, _, _ = FILE_KINDS[kind]
    return all(k in obj for k in marks) and not any(k in obj for k in excludes)


def other_kind(obj: object, own: str | Iterable[str]) -> str | None:
    """One sentence naming what ``obj`` is when it is another kind of il6sim file than ``own``, else None.

    Given a file of the wrong kind, a command says so with the command that reads it instead of
    listing every key the file lacks.

    >>> other_kind({"cell": "huvec", "groups": {}}, "sweep")
    'this is a protocol file (it has cell and groups): run it with `il6sim run FILE`'
    >>> other_kind({"cell": "huvec", "groups": {}}, "protocol") is None
    True
    """
    owns = (own,) if isinstance(own, str) else tuple(own)
    if not isinstance(obj, Mapping) or any(_is_kind(obj, k) for k in owns):
        return None
    for kind, (marks, _, what, command) in FILE_KINDS.items():
        if kind not in owns and _is_kind(obj, kind):
            return f"this is {what} (it has {' and '.join(marks)}): run it with `{command}`"
    return None


def add_problem(problems: list[Problem], where: str, message: str) -> None:
    """Append one problem, shortening a runaway message."""
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE - 3] + "..."
    problems.append(Problem(where, message))


def check_keys(obj: Mapping, allowed: Iterable[str], where: str, problems: list[Problem],
               hints: Mapping[str, str] | None = None) -> bool:
    """Record every key of ``obj`` not in ``allowed`` (with a suggestion); True if none.

    ``hints`` maps a key that readers of another kind of file would naturally write here to the
    sentence that says which key to use instead (it replaces the spelling suggestion).

    >>> p = []
    >>> check_keys({"dosis": 1}, ("at", "add", "dose"), "step 1", p)
    False
    >>> str(p[0])
    "step 1: unknown key 'dosis' (did you mean 'dose'?) (expected one of: at, add, dose)"
    >>> check_keys({"fixed": {}}, ("set",), "fit.yaml", p, hints={"fixed": "fixed values go under 'set'"})
    False
    >>> str(p[1])
    "fit.yaml: unknown key 'fixed' (fixed values go under 'set') (expected one of: set)"

    A key that is the start of exactly one allowed key is taken for it:

    >>> p2 = []
    >>> check_keys({"IL-6R": 500}, ("preset", "IL6R_per_cell", "gp130_per_cell"), "cell", p2)
    False
    >>> str(p2[0])
    "cell: unknown key 'IL-6R' (did you mean 'IL6R_per_cell'?) (expected one of: preset, IL6R_per_cell, gp130_per_cell)"

    A key that is a number, or text that starts with digits, is what YAML makes of a number written
    with a thousands comma inside ``{...}`` (``{dose: 1,000 pg/mL}`` is ``dose: 1`` and a key
    ``'000 pg/mL'``); the message says so instead of suggesting a key:

    >>> check_keys({"dose": 1, "000 pg/mL": None}, ("at", "add", "dose"), "step 1", p)
    False
    >>> str(p[2]).startswith("step 1: unknown key '000 pg/mL' (inside {...} a comma separates entries")
    True
    """
    allowed = tuple(allowed)
    hints = hints or {}
    ok = True
    for k in obj:
        if k in allowed:
            continue
        ok = False
        if isinstance(k, str) and k in hints:
            hint = f" ({hints[k]})"
        elif is_real(k) or (isinstance(k, str) and k[:1].isdigit()):
            hint = (" (inside {...} a comma separates entries, so a number written with a thousands comma, "
                    "such as 1,000, is cut there: write it without the comma, 1000 or 1e3)")
        else:
            # the start of one key ('IL6R' for IL6R_per_cell, in a cell: mapping) before a spelling match
            start = [a for a in allowed if str(a).lower().startswith(str(k).replace("-", "").lower() + "_")]
            close = repr(start[0]) if len(start) == 1 else close_match(str(k), allowed)
            hint = f" (did you mean {close}?)" if close else ""
        if k is None:  # 'null:', '~:' or ': value'
            add_problem(problems, where, "an empty key (null, ~ or nothing before the colon): write the key's name, "
                                         f"one of: {', '.join(allowed)}")
            continue
        add_problem(problems, where, f"unknown key {show_key(k)}{hint} (expected one of: {', '.join(allowed)})")
    return ok


def misspelt(obj: object, key: str, allowed: Iterable[str]) -> bool:
    """Whether ``key`` is absent from the mapping ``obj`` and one of its unknown keys is taken for it
    ('desing' for 'design', 'output' for 'outputs'): that key's problem already says 'did you mean ...?',
    so a second line saying that ``key`` is missing would report the same mistake twice.

    >>> misspelt({"desing": {}}, "design", ("protocol", "design")), misspelt({}, "design", ("design",))
    (True, False)
    """
    allowed = tuple(allowed)
    return (isinstance(obj, Mapping) and key not in obj
            and any(isinstance(k, str) and k not in allowed and close_match(k, allowed) == repr(key) for k in obj))


def is_real(v: object) -> bool:
    """A real number that is not a bool (numpy numbers included)."""
    return isinstance(v, numbers.Real) and not is_bool(v)


def number(v: object) -> float | None:
    """A finite number from a number or a numeric string (YAML reads ``2e5`` as text), else None."""
    if is_real(v):
        try:
            f = float(v)
        except OverflowError:  # an integer too large for a float
            return None
    elif isinstance(v, str) and len(v) < 64:
        try:
            f = float(v.strip().replace("_", ""))
        except ValueError:
            return None
    else:
        return None
    return f if math.isfinite(f) else None


def whole_number(v: object) -> int | None:
    """A whole number from an int, or from a number or numeric string with no fraction (YAML 1.2 reads
    ``n: 1e3`` as the float 1000.0), else None (bools, fractions, NaN, infinities, text)."""
    if is_real(v) and isinstance(v, numbers.Integral):  # numpy integers too
        return int(v)
    f = number(v)
    if f is None or not f.is_integer() or abs(f) > 2.0 ** 53:  # beyond 2**53 a float is not one whole number
        return None
    return int(f)


def given(value: object) -> str:
    """A Python caller's argument as a message shows it: text in quotes (``'2'`` is text where a number
    belongs), a number as written (``3`` for ``numpy.int64(3)``), anything else as :func:`show` does.

    >>> given("2"), given(2.5), given(True), given(None)
    ("'2'", '2.5', 'true', 'None')
    """
    return said(value) if isinstance(value, str) or is_real(value) else show(value)


def check_flag(value: object, name: str) -> bool:
    """An on/off argument of a Python call: ``True`` or ``False`` (numpy's ``bool_`` too), as a bool.

    Anything else raises an :class:`InputError` naming ``name``: text such as ``'no'`` is true in Python,
    so taking it silently would turn the option on.
    """
    if is_bool(value):
        return bool(value)
    raise InputError(f"must be True or False (got {given(value)})", name)


def check_count(value: object, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole-number argument of a Python call (a count, a seed), as an int.

    An ``int`` or a numpy integer from ``minimum`` to ``maximum``; text (``'2'``), fractions (``2.5``,
    also ``2.0``) and bools (``True``) raise an :class:`InputError` naming ``name``. (Files are read with
    :func:`whole_number`, which takes ``'2'`` and ``2.0`` as YAML writes them.)
    """
    if is_real(value) and isinstance(value, numbers.Integral) and value >= minimum \
            and (maximum is None or value <= maximum):
        return int(value)
    span = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum}"
    raise InputError(f"must be a whole number {span} (got {given(value)})", name)


def check_numbers(values: object, name: str, *, unit: str, remedy: str = ""):
    """A list of numbers given to a Python call (times in min, doses in nM), as a float numpy array.

    Text (``'30'``, ``'30 min'``), bools and other non-numbers raise an :class:`InputError` naming the
    item (``times[1]``), what it got and ``remedy``; numpy arrays of numbers pass as they are. Whether the
    numbers are finite, in order or non-empty is the caller's to check.
    """
    import numpy as np

    tail = f"; {remedy}" if remedy else ""
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        return values.astype(float, copy=False)  # checked again by inner calls: no copy of a float array
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise InputError(f"must be a list of numbers in {unit} (got {given(values)}){tail}", name)
    items = values.ravel().tolist() if isinstance(values, np.ndarray) else list(values)
    for i, v in enumerate(items):
        if not is_real(v):
            raise InputError(f"must be a number in {unit} (got {given(v)}){tail}", f"{name}[{i}]")
    return np.asarray(items, dtype=float)


class Collector:
    """Problems of one input, each located under a common prefix (e.g. ``Protocol 'x.yaml'``)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.problems: list[Problem] = []

    def where(self, *parts: str) -> str:
        return ", ".join([p for p in (self.prefix, *parts) if p])

    def add(self, where: str, message: str) -> None:
        add_problem(self.problems, where, message)

    def __len__(self) -> int:
        return len(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def parse_time(value: object, what: str, where: str, problems: list[Problem], *,
               max_abs_min: float | None = None) -> float | None:
    """A time with its unit (``"30 min"``, ``"2 h"``) in minutes, or None with a problem recorded.

    >>> p = []
    >>> parse_time(15, "time 1", "readouts.times", p) is None, p[0].message
    (True, "time 1: time has no unit (got 15; write e.g. '15 min' or '2 h')")
    >>> parse_time("soon", "at", "group 'b', step 1", p) is None, p[1].message
    (True, "at: 'soon' is not a number followed by a unit (write e.g. '30 min' or '2 h')")
    """
    # the value's name is said once: "readout.time: '30 mg' is not a time", not "readout.time: time: ..."
    named = where == what or where.endswith(f".{what}")

    def say(message: str) -> None:
        add_problem(problems, where, message if named else f"{what}: {message}")

    if value is None:
        say("missing time (write e.g. '30 min' or '2 h')")
        return None
    if is_real(value) or (isinstance(value, str) and number(value) is not None):
        ex = show(value) if number(value) is not None else "30"
        say(f"time has no unit (got {show(value)}; write e.g. '{ex} min' or '2 h')")
        return None
    if not isinstance(value, str):
        say(f"expected a time such as '30 min' (got {show(value)})")
        return None
    try:
        t = to_minutes(value, what=what)
    except UnitError as exc:
        msg = str(exc).replace(f"'{value}'", f"'{show(value)}'")
        msg = msg[len(what) + 2:] if msg.startswith(f"{what}: ") else msg
        hint = "not a number followed by a unit" in msg or "unknown unit" in msg
        say(f"{msg} (write e.g. '30 min' or '2 h')" if hint and "e.g." not in msg else msg)
        return None
    if max_abs_min is not None and abs(t) > max_abs_min:
        days = f"{max_abs_min / 1440:g}"
        say(f"{show(value)} is outside +/- {days} days of stimulation (write a time within {days} days of it, "
            "e.g. '30 min' or '24 h')")
        return None
    return t


def parse_times(value: object, where: str, problems: list[Problem], *, max_abs_min: float | None = None,
                example: str = "[15 min, 4 h]") -> tuple[float, ...] | None:
    """A non-empty list of times with units, sorted (min); None if any is bad, or is given twice.

    >>> p = []
    >>> parse_times("15 min, 1 h", "readouts.times", p) is None, p[0].message
    (True, "'15 min, 1 h' is one text, not a list: write the times in brackets, [15 min, 1 h]")
    >>> parse_times(["15 min", "1 h", "60 min"], "readouts.times", p) is None, p[1].message
    (True, "'60 min' is the same time as '1 h' (60 min); give each readout time once")
    """
    if isinstance(value, str) and "," in value and all(any(c.isalpha() for c in part) for part in value.split(",")):
        add_problem(problems, where, f"{show(value)!r} is one text, not a list: write the times in brackets, "
                                     f"[{show(value)}]")
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value:
        add_problem(problems, where, f"expected a non-empty list of times such as {example} (got {show(value)})")
        return None
    n0 = len(problems)
    out = []
    for i, t in enumerate(value, 1):
        if isinstance(t, str) and not t.strip():  # '15 min,,1 h' in a form: a comma too many
            add_problem(problems, where, f"time {i} is empty (a comma too many?); remove it, or write a time "
                                         "such as '30 min'")
            continue
        out.append(parse_time(t, f"time {i}", where, problems, max_abs_min=max_abs_min))
    if len(problems) > n0:
        return None
    seen: dict[float, object] = {}
    for t, given in zip(out, value):
        if t in seen:  # '15 min' twice, or '60 min' and '1 h': one readout asked for twice is a typo
            same = (f"{show(given)!r} is given twice" if given == seen[t]
                    else f"{show(given)!r} is the same time as {show(seen[t])!r}")
            add_problem(problems, where, f"{same} ({t:g} min); give each readout time once")
        else:
            seen[t] = given
    if len(problems) > n0:
        return None
    return tuple(sorted(out))
