"""Compile a model spec to SBML, load it in libroadrunner, and integrate.

One verb: :meth:`Simulator.simulate`. It takes parameter overrides, a list of
timed :class:`Event` objects (add to a species, set a parameter, wash the
medium) and the output times, and returns a :class:`Trajectory`.

The engine is libroadrunner (LLVM-compiled right-hand side, CVODE BDF). The
model is loaded once per process, from an SBML copy without initial
assignments: the resting steady state (the exported model's initial
assignments) is evaluated in Python and set directly, so changing a parameter
never recompiles the model.
"""

from __future__ import annotations

import ast
import hashlib
import logging
import math
import numbers
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterable, Literal, Mapping, Sequence

import numpy as np

from ..errors import InputError, SolverError
from ..validate import NameTable, check_flag, check_numbers, close_match, did_you_mean, is_real, show
from ..model.reference import reference_model
from ..model.spec import ModelSpec
from .quiet import quiet_simulate

log = logging.getLogger(__name__)

#: doses below this (nM; < 1 molecule per litre) are treated as zero, which keeps
#: denormal numbers away from the integrator
MIN_DOSE_NM = 1e-15


@dataclass(frozen=True)
class SolverOptions:
    """CVODE settings. Defaults suit routine runs; tests tighten them.

    ``rtol``: relative tolerance (a fraction); ``atol``: absolute tolerance in the model's units
    (nM for concentrations); ``max_steps``: the most internal solver steps between two output times.
    """

    rtol: float = 1e-6
    atol: float = 1e-12
    max_steps: int = 200_000

    def __post_init__(self) -> None:
        for name in ("rtol", "atol"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                raise InputError(f"solver tolerances must be numbers in (0, 1) (got {name}={v!r}), e.g. "
                                 "SolverOptions(rtol=1e-8, atol=1e-14)")
        if not (0 < self.rtol < 1) or not (0 < self.atol < 1):
            raise InputError(f"solver tolerances must lie in (0, 1) (got rtol={self.rtol}, atol={self.atol})")
        if isinstance(self.max_steps, bool) or not isinstance(self.max_steps, numbers.Integral) or self.max_steps < 1:
            raise InputError(f"max_steps must be a whole number >= 1 (got {self.max_steps!r})")


def _shown(value: object) -> str:
    """A value in an event's error, text in quotes: ``(got '0.5')`` is text where a number belongs."""
    return repr(show(value)) if isinstance(value, str) else show(value)


def _checked_times(times: object) -> np.ndarray:
    """Output times (min) as a float array; text (``'30'``, ``'2 h'``) and bools raise an InputError naming the item."""
    return check_numbers(times, "times", unit="min", remedy="convert text such as '2 h' with il6sim.to_minutes, or "
                                                             "use il6sim.protocols for a protocol written with units")


@dataclass(frozen=True, order=True)
class Event:
    """Something that happens at ``time`` (min).

    kind: ``"add"`` adds ``value`` nM to medium species ``target``;
    ``"set"`` sets parameter ``target`` to ``value`` from then on;
    ``"wash"`` replaces the medium (all medium species to 0).

    Targets are model ids (``"IL6"``, ``"sIL6R"``, ``"sgp130Fc"``), not agent names:
    ``find_agent("IL-6").species`` gives the id and ``find_agent("IL-6").mw_g_per_mol``
    the molecular weight for :func:`il6sim.units.to_nM`.

    >>> Event(0.0, "add", "IL6", 0.476)
    Event(time=0.0, kind='add', target='IL6', value=0.476)
    """

    time: float
    kind: Literal["add", "set", "wash"]
    target: str = ""
    value: float = 0.0


@dataclass(frozen=True)
class Trajectory:
    """States over time, with the parameters that produced them.

    ``times`` (min) and ``states`` (rows: times; columns: ``species``, concentrations
    in nM) are numpy arrays; ``traj["IL6"]`` is one species over time,
    :meth:`observable` one readout (``il6sim presets observables`` lists them) and
    :meth:`to_frame` a pandas DataFrame with a ``time_min`` column.
    """

    times: np.ndarray
    states: np.ndarray  # shape (len(times), n_species), concentrations
    species: tuple[str, ...]
    parameters: Mapping[str, float]
    spec: ModelSpec = field(repr=False)
    cell_free: bool = False

    def __post_init__(self) -> None:
        self._freeze()

    def __setstate__(self, state: dict) -> None:  # unpickled arrays come back writable
        self.__dict__.update(state)
        self._freeze()

    def _freeze(self) -> None:
        """Hold ``times`` and ``states`` as read-only views (no copy): ``traj["IL6"]``, ``traj.times`` and
        ``traj.states`` give arrays that cannot be edited, so a caller's edit cannot change later reads
        (``observable``, ``to_frame``). Views, so the arrays passed in stay writable for their owner.
        ``parameters`` becomes a read-only table (``{**traj.parameters, name: value}`` gives a copy to change)."""
        for name in ("times", "states"):
            view = np.asarray(getattr(self, name)).view()
            view.flags.writeable = False
            object.__setattr__(self, name, view)
        if not isinstance(self.parameters, NameTable):  # the values that produced the run; a copy to change
            object.__setattr__(self, "parameters", NameTable("parameter", self.parameters,
                                                             "il6sim presets parameters lists them"))

    def __repr__(self) -> str:
        times = (f"{len(self.times)} times from {self.times[0]:g} to {self.times[-1]:g} min" if len(self.times) > 1
                 else f"{len(self.times)} time at {self.times[0]:g} min" if len(self.times) else "no times")
        free = ", cell-free" if self.cell_free else ""
        return (f"<Trajectory: {times}, {len(self.species)} species{free}; .observable(name), "
                f".to_frame() for a DataFrame>")

    def __eq__(self, other: object) -> bool:
        """The same run: the same times, states (NaN equal to NaN), species, parameters, model and cells.

        (The generated comparison asked numpy for the truth value of an array and raised ValueError.)
        """
        if not isinstance(other, Trajectory):
            return NotImplemented
        if other is self:
            return True
        return (self.species == other.species and self.cell_free == other.cell_free
                and self.times.shape == other.times.shape and self.states.shape == other.states.shape
                and np.array_equal(self.times, other.times, equal_nan=True)
                and np.array_equal(self.states, other.states, equal_nan=True)
                and dict(self.parameters) == dict(other.parameters)
                and (self.spec is other.spec or self.spec == other.spec))

    def __hash__(self) -> int:  # the dataclass's hash would hash the arrays and fail with numpy's words
        raise TypeError("unhashable type: 'Trajectory' (it holds arrays); key a dict by something else, e.g. the "
                        "group or the parameters that produced it")

    def __contains__(self, name: object) -> bool:
        """``"IL6" in traj``: whether ``name`` is one of the species (``traj[name]`` gives it)."""
        return isinstance(name, str) and name in self._index

    #: not iterable: without this, iter() and ``in`` would call ``traj[0]``, ``traj[1]``, ... ("unknown species 0");
    #: None (not a method that raises) keeps ``isinstance(traj, Iterable)`` false, as the argument checks expect
    __iter__ = None

    def __getitem__(self, name: str) -> np.ndarray:
        """Concentration of species ``name`` (nM) over time."""
        index = self._index
        if name not in index:
            also = (f"; '{name}' is an observable: use traj.observable({name!r})"
                    if isinstance(name, str) and name in self.spec.observable_map else "")
            raise InputError(f"unknown species {name!r}{did_you_mean(name, index)}{also} "
                             f"(species: {', '.join(self.species)})")
        return self.states[:, index[name]]

    @property
    def _index(self) -> dict[str, int]:
        return _species_index(self.species)

    def observable(self, name: str) -> np.ndarray:
        """An observable over time, in its unit (``il6sim presets observables``; NaN for cellular readouts
        without cells). InputError for an unknown name."""
        if not isinstance(name, str):
            raise InputError(f"observable: expected one observable name such as 'pSTAT3' (got {show(name)}); "
                             "for several, use traj.observables([...]) or traj.to_frame([...])")
        out = observables_of_states(self.spec, self.states, self.species, self.parameters, [name])[0]
        if self.cell_free and _is_cellular(self.spec, self.spec.observable_map[name].formula):
            out = np.full(len(self.times), np.nan)
        return out

    def observables(self, names: Sequence[str]) -> np.ndarray:
        """Several observables at once: an array (len(names), len(times)); InputError for an unknown name."""
        names = _observable_names(names, "observables")
        if self.cell_free:
            return np.stack([self.observable(n) for n in names])
        return observables_of_states(self.spec, self.states, self.species, self.parameters, names)

    @property
    def units(self) -> dict[str, str]:
        """Observable -> unit (``1``: a fraction of the total; ``a.u.``; ``nM``; ``molecules/cell``, ...).

        >>> default_simulator().simulate(times=[0]).units["SOCS3_mRNA"]
        'a.u.'
        """
        return {o.name: o.unit for o in self.spec.observables}

    def to_frame(self, observables: Iterable[str] | None = None):
        """A pandas DataFrame: ``time_min`` and one column per observable (default: all of them).

        The unit of each column is in the frame's ``attrs["units"]`` (and in :attr:`units`).

        >>> traj = default_simulator().simulate(events=[Event(0.0, "add", "IL6", 0.476)], times=[0, 30])
        >>> df = traj.to_frame(["pSTAT3", "SOCS3_mRNA"])
        >>> list(df.columns), df.attrs["units"]
        (['time_min', 'pSTAT3', 'SOCS3_mRNA'], {'time_min': 'min', 'pSTAT3': '1', 'SOCS3_mRNA': 'a.u.'})
        """
        import pandas as pd

        if isinstance(observables, str):  # one name, not its letters
            observables = [observables]
        names = (_observable_names(observables, "to_frame") if observables is not None
                 else list(self.spec.observable_map))
        data = {"time_min": self.times}
        for n in names:
            data[n] = self.observable(n)
        frame = pd.DataFrame(data)
        units = self.units
        frame.attrs["units"] = {"time_min": "min", **{n: units[n] for n in names}}
        return frame


def _observable_names(names: object, what: str) -> list[str]:
    """``names`` as a list of observable names; InputError for one name given as text, a mapping or a non-list."""
    example = f"e.g. traj.{what}(['pSTAT3', 'pERK'])"
    if isinstance(names, str):
        raise InputError(f"{what}: expected a list of observable names (got the text {show(names)!r}); {example}, "
                         f"or traj.observable({show(names)!r}) for one")
    if isinstance(names, Mapping) or not isinstance(names, Iterable):
        raise InputError(f"{what}: expected a list of observable names (got {show(names)}); {example}")
    out = list(names)
    bad = [n for n in out if not isinstance(n, str)]
    if bad:
        raise InputError(f"{what}: every observable name must be text such as 'pSTAT3' (got {show(bad[0])}); "
                         f"{example}")
    return out


def observables_of_states(spec: ModelSpec, states: np.ndarray, species: Sequence[str],
                          parameters: Mapping[str, float], names: Sequence[str]) -> np.ndarray:
    """Evaluate observables ``names`` on a state matrix (rows: time points; columns: ``species``).

    Rows may come from several trajectories stacked together, as long as they share
    ``parameters``. Returns an array (len(names), len(states)).
    """
    omap = spec.observable_map
    unknown = [n for n in names if n not in omap]
    if unknown:
        raise InputError(f"unknown observable '{unknown[0]}'{did_you_mean(str(unknown[0]), omap)} "
                         f"(known: {', '.join(omap)})")
    index = _species_index(tuple(species))
    formulas = tuple(spec.expand(omap[n].formula) for n in names)
    needed = _symbols_of(formulas)
    ns = {sym: (states[:, index[sym]] if sym in index else parameters[sym]) for sym in needed}
    out = np.empty((len(names), len(states)))
    with np.errstate(divide="ignore", invalid="ignore"):
        for k, f in enumerate(formulas):
            out[k] = _compiled_formula(f)(ns)
    return out


@lru_cache(maxsize=64)
def _symbols_of(formulas: tuple[str, ...]) -> frozenset[str]:
    from ..model.spec import formula_symbols

    return frozenset().union(*(formula_symbols(f) for f in formulas))


@lru_cache(maxsize=64)
def _species_index(species: tuple[str, ...]) -> dict[str, int]:
    return {s: i for i, s in enumerate(species)}


def _is_cellular(spec: ModelSpec, formula: str) -> bool:
    from ..model.spec import formula_symbols

    smap = spec.species_map
    return any(smap[s].compartment == "cell" for s in formula_symbols(spec.expand(formula)) if s in smap)


_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Constant, ast.Add, ast.Sub,
            ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd, ast.Call)


@lru_cache(maxsize=512)
def _compiled_formula(formula: str):
    """Compile one of the model's own formulas (arithmetic only) to a function of a namespace."""
    tree = ast.parse(formula, mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ValueError(f"formula {formula!r}: {type(node).__name__} not allowed")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id == "pow"):
            raise ValueError(f"formula {formula!r}: only pow() may be called")
    code = compile(tree, "<formula>", "eval")

    def fn(ns: Mapping[str, object]):
        return eval(code, {"__builtins__": {}, "pow": np.power}, dict(ns))  # noqa: S307 - own formulas, AST-checked

    return fn


def _grid(t0: float, sel: np.ndarray, t1: float) -> np.ndarray:
    """Sorted unique output grid: t0, the requested times in [t0, t1), then t1."""
    if len(sel) > 32:
        return np.unique(np.concatenate(([t0], sel, [t1])))
    parts = [t0] + [float(x) for x in sel if x != t0] + ([t1] if (len(sel) == 0 or sel[-1] != t1) else [])
    return np.array(sorted(set(parts)))


def _brief(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters, with its brackets balanced."""
    text = " ".join(text.split()).rstrip(". ")
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(".,;:(") + " ..."
    for opening, closing in ("()", "[]"):
        text += closing * max(0, text.count(opening) - text.count(closing))
    return text


def _resting_program(spec: ModelSpec):
    """Derived parameters, compartment sizes and resting concentrations, in dependency order.

    These are the model's initial assignments (the unstimulated steady state),
    evaluated in Python so that parameter changes need no recompilation. The
    model's own formulas (arithmetic only, checked like every formula here) are
    compiled into one function ``f(values) -> dict`` so a sweep pays one call.
    """
    from ..model.spec import formula_symbols

    pending = {p.name: spec.expand(p.formula or "0") for p in spec.parameters if p.kind == "derived"}
    pending.update({cid: spec.expand(f) for cid, f, _ in spec.compartments})
    pending.update({sp.name: spec.expand(sp.initial) for sp in spec.species})
    free = set(spec.default_values())
    known = set(free)
    order: list[tuple[str, str]] = []
    while pending:
        ready = [n for n, f in pending.items() if formula_symbols(f) <= known]
        if not ready:
            raise ValueError(f"cannot order initial assignments: {sorted(pending)}")
        for n in ready:
            f = pending.pop(n)
            _compiled_formula(f)  # validates the formula (arithmetic and pow only)
            order.append((n, f))
            known.add(n)
    used = sorted(set().union(*(formula_symbols(f) for _, f in order)) & free)
    lines = ["def _rest(v):"]
    lines += [f"    {n} = v[{n!r}]" for n in used]
    lines += [f"    {n} = {f}" for n, f in order]
    lines.append("    return {" + ", ".join(f"{n!r}: {n}" for n, _ in order) + "}")
    env = {"__builtins__": {}, "pow": pow}
    exec(compile("\n".join(lines), "<resting-state>", "exec"), env)  # noqa: S102 - own, validated formulas
    return env["_rest"]


_TEXT_NOT_MATH = (re.compile(r"<notes>.*?</notes>", re.S), re.compile(r"<annotation>.*?</annotation>", re.S),
                  re.compile(r'\sname="[^"]*"'))


def kinetics_sha256(sbml: str) -> str:
    """sha256 of what an SBML model computes: the text without its notes, annotations and names.

    Descriptions and sources live in those; a calibrated parameter set records this hash, so that
    a changed rate law, value or species is noticed while a corrected source text is not.

    >>> old, new = '<parameter id="k" name="a source" value="1"/>', '<parameter id="k" name="another" value="1"/>'
    >>> kinetics_sha256(old) == kinetics_sha256(new)
    True
    """
    for pattern in _TEXT_NOT_MATH:
        sbml = pattern.sub("", sbml)
    return hashlib.sha256(" ".join(sbml.split()).encode()).hexdigest()


class Simulator:
    """A compiled model ready to integrate.

    >>> sim = Simulator()
    >>> traj = sim.simulate(events=[Event(0.0, "add", "IL6", 0.476)], times=[0, 15, 30])
    >>> bool(traj.observable("pSTAT3")[2] > traj.observable("pSTAT3")[0])
    True
    """

    def __init__(self, spec: ModelSpec | None = None, options: SolverOptions = SolverOptions()) -> None:
        from .cache import sbml_texts

        if spec is not None and not isinstance(spec, ModelSpec):
            raise InputError(f"spec must be a ModelSpec such as il6sim.reference_model() or None (got "
                             f"{type(spec).__name__} {spec!r:.40}); a cell's values go to simulate(params, ...)")
        if not isinstance(options, SolverOptions):
            raise InputError(f"options must be a SolverOptions, e.g. SolverOptions(rtol=1e-8) (got "
                             f"{type(options).__name__} {options!r:.40})")
        self.spec = spec or reference_model()
        self.options = options
        self.sbml, self._engine_sbml = sbml_texts(self.spec)  # cached on disk: no libsbml in a new process
        self.sbml_sha256 = hashlib.sha256(self.sbml.encode()).hexdigest()
        self._defaults = self.spec.default_values()
        self._medium = tuple(self.spec.species_in("medium"))
        self._species = tuple(s.name for s in self.spec.species)
        self._rr = None
        self._derived: dict[str, float] = {}
        self._current: dict[str, float] = {}
        self._settable: dict[str, float] = {}
        self._last_params: tuple[object, dict[str, float], dict[str, float]] | None = None
        self._y0: np.ndarray | None = None
        self._rest_program = _resting_program(self.spec)
        self._index = {sp: i for i, sp in enumerate(self._species)}
        self._medium_idx = np.array([self._index[sp] for sp in self._medium], dtype=int)

    def __repr__(self) -> str:
        o = self.options
        return (f"<Simulator: model {self.spec.name!r} {self.spec.version}; rtol {o.rtol:g}, atol {o.atol:g}; "
                f".simulate(params, events, times)>")

    @cached_property
    def kinetics_sha256(self) -> str:
        """sha256 of what the model computes (:func:`kinetics_sha256`; provenance and the calibrated set)."""
        return kinetics_sha256(self.sbml)

    # -- pickling: ship the SBML, rebuild the engine where it lands ------------
    def __getstate__(self):
        d = self.__dict__.copy()
        d["_rr"] = None
        d["_rest_program"] = None  # a function built with exec: rebuilt from the spec where it lands
        return d

    def __setstate__(self, d):
        self.__dict__.update(d)
        if self._rest_program is None:
            self._rest_program = _resting_program(self.spec)

    @property
    def rr(self):
        """The underlying ``roadrunner.RoadRunner`` (compiled on first use; cached on disk)."""
        if self._rr is None:
            import roadrunner

            from .cache import compiled_model

            roadrunner.Logger.setLevel(roadrunner.Logger.LOG_FATAL)
            # the engine's copy has no initial assignments: the resting state is computed
            # here and set directly, so changing a parameter never recompiles the model;
            # the compiled model is reused across processes (engine/cache.py)
            rr = compiled_model(self._engine_sbml)
            if tuple(rr.model.getFloatingSpeciesIds()) != self._species:  # pragma: no cover
                raise RuntimeError("libroadrunner reordered the species; cannot map states")
            integ = rr.integrator
            integ.relative_tolerance = self.options.rtol
            integ.absolute_tolerance = self.options.atol
            integ.maximum_num_steps = self.options.max_steps
            integ.variable_step_size = False
            rr.timeCourseSelections = ["time"] + [f"[{s}]" for s in self._species]
            self._rr = rr
            self._current = {}
            self._settable = {}
            self._y0 = None
        return self._rr

    @property
    def species(self) -> tuple[str, ...]:
        """The model's species ids, in the column order of :attr:`Trajectory.states`."""
        return self._species

    def resolve(self, params: Mapping[str, float] | None = None) -> dict[str, float]:
        """Every free parameter's value, in its own unit (``il6sim presets parameters``): the defaults,
        then ``params`` (checked; InputError if bad)."""
        out = dict(self._defaults)
        if params is not None and not isinstance(params, Mapping):
            from ..model.presets import CellSpec

            got = ("a CellSpec; pass its values: cell.resolve()" if isinstance(params, CellSpec)
                   else f"{params!r}; pass a preset's values: CellSpec.parse({params!r}).resolve()"
                   if isinstance(params, str)
                   else f"a {type(params).__name__}; pass a dict, e.g. values.to_dict()"
                   if hasattr(params, "to_dict") and hasattr(params, "index")  # a pandas Series: not its printout
                   else f"{show(params)}; e.g. CellSpec.parse('huvec').resolve()")
            raise InputError(f"params must be a mapping of parameter values {{name: value}} (got {got})")
        if params:
            # numpy numbers (an int64 or float32 from an array or a DataFrame) as Python floats, as run_protocol
            # takes them; the model's check takes int and float only
            params = {k: float(v) if is_real(v) and not isinstance(v, (int, float)) else v for k, v in params.items()}
            problems = self.spec.validate_values(params)
            if problems:
                raise InputError("; ".join(problems))
            out.update(params)
            # subnormal numbers upset CVODE's error weights; they mean zero here
            for k, v in params.items():
                if v != 0.0 and abs(v) < 1e-300:
                    out[k] = 0.0
        return out

    def _apply_params(self, values: Mapping[str, float]) -> None:
        """Set changed parameters and recompute the resting state (no recompilation)."""
        rr = self.rr
        if values == self._current and self._y0 is not None:
            return
        changed = [k for k, v in values.items() if self._current.get(k) != v]
        if not changed and self._y0 is not None:
            return
        for k in changed:
            rr.setValue(k, float(values[k]))
        try:
            ns = self._rest_program(values)
        except ZeroDivisionError:
            raise InputError("these parameter values give no resting state (a division by zero: "
                             "check rates and volumes that are 0)") from None
        fresh = self._y0 is None
        for name in self._settable_names:  # compartments and derived parameters that changed
            if fresh or ns[name] != self._settable.get(name):
                rr.setValue(name, ns[name])
                self._settable[name] = ns[name]
        self._derived = {name: ns[name] for name in self._derived_names}
        self._y0 = np.array([ns[sp] for sp in self._species])
        self._current = dict(values)

    @property
    def _derived_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.spec.parameters if p.kind == "derived")

    @property
    def _settable_names(self) -> tuple[str, ...]:
        return tuple(c[0] for c in self.spec.compartments) + self._derived_names

    def simulate(
        self,
        params: Mapping[str, float] | None = None,
        events: Sequence[Event] = (),
        times: Sequence[float] | np.ndarray = (0.0,),
        *,
        cell_free: bool = False,
        context: str = "",
    ) -> Trajectory:
        """Integrate from the resting state through ``events``; report at ``times`` (min).

        Parameters
        ----------
        params
            Parameter overrides ``{name: float}`` in each parameter's own unit
            (``il6sim presets parameters``), e.g. ``CellSpec.parse("huvec").resolve()``;
            the defaults for the rest.
        events
            :class:`Event` objects: doses in nM on model species ids, times in min.
        times
            Output times in min (numbers, increasing); convert text such as ``"2 h"``
            with :func:`il6sim.units.to_minutes`.
        cell_free
            A mix without cells: cellular observables read NaN.
        context
            Prefixed to error messages (e.g. the protocol and group).

        The cell rests before ``min(events, times)``. A reading taken at the time of
        an event is taken after the event. If CVODE fails, the run is retried once
        with ten-fold tighter tolerances and more steps before a
        :class:`~il6sim.errors.SolverError` is raised. Bad input raises
        :class:`~il6sim.errors.InputError`: an unknown or out-of-range parameter, an event on a name
        that is not a medium species (``add``) or free parameter (``set``), a negative dose, times
        not increasing.
        """
        cell_free = check_flag(cell_free, "cell_free")
        times = _checked_times(times)
        try:
            return self._simulate_once(params, events, times, cell_free=cell_free, context=context)
        except SolverError:
            rr = self.rr
            integ = rr.integrator
            integ.relative_tolerance = self.options.rtol / 10
            integ.absolute_tolerance = self.options.atol / 10
            integ.maximum_num_steps = self.options.max_steps * 5
            try:
                log.info("%s: solver failed; retrying with tighter tolerances", context or "simulation")
                return self._simulate_once(params, events, times, cell_free=cell_free, context=context)
            finally:
                integ.relative_tolerance = self.options.rtol
                integ.absolute_tolerance = self.options.atol
                integ.maximum_num_steps = self.options.max_steps

    def _prepare(self, params, events, times):
        """Resolve parameters, check times and events; return (values, times array, sorted events)."""
        last = self._last_params
        if last is not None and params is last[0] and params == last[1]:
            values = last[2]  # the same overrides as the previous run (e.g. the groups of one design point)
        else:
            values = self.resolve(params)
            self._last_params = (params, dict(params or {}), values)
        times = _checked_times(times)
        if times.ndim != 1 or len(times) == 0 or not np.all(np.isfinite(times)):
            raise InputError("times must be a non-empty list of finite numbers (min)")
        if len(times) > 1 and bool((times[1:] < times[:-1]).any()):
            raise InputError("times must be in increasing order")
        evs = sorted(self._checked_events(events), key=lambda e: e.time)
        for e in evs:
            if e.kind not in ("add", "set", "wash"):
                raise InputError(f"unknown event kind {e.kind!r} (expected 'add', 'set' or 'wash')")
            if e.kind == "add" and e.target not in self._medium:
                raise InputError(f"cannot add to {e.target!r}: not a medium species ({self._add_hint(e.target)})")
            if e.kind == "set" and e.target not in self._defaults:
                raise InputError(f"cannot set {e.target!r}: not a free parameter"
                                 f"{did_you_mean(str(e.target), self._defaults)}; `il6sim presets parameters` "
                                 "lists them")
            if e.kind == "set" and self.spec.set_problem(e.target):
                raise InputError(f"cannot set {e.target!r} during a run: {self.spec.set_problem(e.target)}")
            if e.kind == "set":
                problems = self.spec.validate_values({e.target: e.value})
                if problems:
                    raise InputError(f"event at {e.time:g} min: {'; '.join(problems)}")
        return values, times, evs

    @staticmethod
    def _checked_events(events: object) -> list[Event]:
        """``events`` as a list, each an :class:`Event` with a finite time (min) and amount (InputError if not)."""
        if isinstance(events, Event):
            raise InputError("events must be a list of Event objects (got one Event: write events=[Event(...)])")
        if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Iterable):
            raise InputError(f"events must be a list of Event objects (got {show(events)}); "
                             "e.g. [Event(0, 'add', 'IL6', 0.5)] adds 0.5 nM IL-6 at 0 min")
        events = list(events)
        for i, e in enumerate(events):
            where = f"events[{i}]"
            if not isinstance(e, Event):
                hint = ("a step written with units such as {'at': '0 min', 'add': 'IL-6', 'dose': '10 ng/mL'} "
                        "belongs in a protocol: il6sim.run_protocol" if isinstance(e, Mapping)
                        else "e.g. Event(0, 'add', 'IL6', 0.5) adds 0.5 nM IL-6 at 0 min")
                raise InputError(f"{where}: expected an Event(time, kind, target, value) (got {show(e)}); {hint}")
            if not is_real(e.time) or not math.isfinite(e.time):
                raise InputError(f"{where}: time must be a finite number in min (got {_shown(e.time)}); convert "
                                 "text such as '2 h' with il6sim.to_minutes")
            if e.kind == "add":
                if not is_real(e.value) or not math.isfinite(e.value):
                    raise InputError(f"{where}: the amount added to {e.target!r} must be a finite number in nM "
                                     f"(got {_shown(e.value)}); convert a dose such as '10 ng/mL' with "
                                     "il6sim.to_nM(dose, find_agent(agent).mw_g_per_mol)")
                if e.value < 0:
                    raise InputError(f"{where}: the amount added to {e.target!r} must be >= 0 nM (got {e.value:g}); "
                                     "to remove medium species, use a 'wash' event")
        return events

    def _add_hint(self, target: object) -> str:
        """What to write instead of an ``add`` target that is no medium species."""
        from ..model.agents import AGENTS, find_agent

        try:
            agent = find_agent(target)
        except InputError:
            agent = None
        if agent is not None and agent.species in self._medium:
            return f"the agent {agent.name!r} is the species {agent.species!r}"
        hint = close_match(str(target), [*self._medium, *AGENTS])
        return (f"did you mean {hint}? " if hint else "") + f"medium species: {', '.join(self._medium)}"

    def _outside_ranges(self) -> str:
        """The parameters of the failed run that lie outside their plausible range, as a sentence for the message."""
        bad = [(p, self._current[p.name]) for p in self.spec.parameters
               if p.kind != "derived" and p.name in self._current
               and not p.lower <= self._current[p.name] <= p.upper]
        if not bad:
            return ""
        return (" Outside the plausible range (il6sim presets parameters): "
                + "; ".join(f"{p.name} = {v:g} [{p.unit}] (range {p.lower:g}-{p.upper:g})" for p, v in bad[:5])
                + (f"; and {len(bad) - 5} more" if len(bad) > 5 else "") + ".")

    def _trajectory(self, values, times, out, cell_free, context) -> Trajectory:
        if not np.all(np.isfinite(out)):
            raise SolverError(f"{context + ': ' if context else ''}the solution contains NaN or infinity; "
                              f"check parameter values{self._outside_ranges()}")
        full = dict(values)
        full.update(self._derived)
        return Trajectory(times.copy(), out, self._species, full, self.spec, cell_free)

    def _simulate_once(self, params, events, times, *, cell_free, context) -> Trajectory:
        values, times, evs = self._prepare(params, events, times)
        self.rr  # noqa: B018 - compile before the first parameter is set
        self._apply_params(values)
        if not evs and not values.get("IL6_secretion"):
            # nothing happens: the resting state is exact (it is the steady state by construction);
            # cells that secrete IL-6 accumulate it in the medium, so those runs are integrated
            out = np.tile(self._y0, (len(times), 1))
            full = dict(values)
            full.update(self._derived)
            return Trajectory(times.copy(), out, self._species, full, self.spec, cell_free)
        evs = [e for e in evs if e.time <= times[-1]]  # later events change no reading: not integrated to
        t_start = min([times[0]] + [e.time for e in evs])
        out = np.empty((len(times), len(self._species)))
        t_end = times[-1]
        self._segments(evs, times, t_start, self._y0, t_end, out, 0, context)
        return self._trajectory(values, times, out, cell_free, context)

    def _segments(self, evs, times, t_start, y_start, t_end, out, i_out, context) -> int:
        """Integrate from ``(t_start, y_start)`` through ``evs`` to ``t_end``; fill ``out`` from row ``i_out``.

        Rows are the readings at ``times[i_out:]`` up to ``t_end``; returns the index of the
        next unfilled row. Parameters changed by ``set`` events are restored afterwards.
        """
        rr = self.rr
        rr.model.setTime(float(t_start))
        rr.model.setFloatingSpeciesConcentrations(y_start)
        touched: set[str] = set()
        ev_times = sorted({e.time for e in evs})
        bounds = ev_times + [max(t_end, ev_times[-1] if ev_times else t_end)]
        t_cur = t_start
        t_next = t_cur
        try:
            for k, t_next in enumerate(bounds):
                # integrate t_cur -> t_next, recording requested times in [t_cur, t_next)
                is_last = k == len(bounds) - 1
                if is_last:
                    j = i_out + int(np.searchsorted(times[i_out:], t_next, side="right"))
                else:
                    j = i_out + int(np.searchsorted(times[i_out:], t_next, side="left"))
                sel = times[i_out:j]
                if t_next > t_cur or len(sel):
                    grid = _grid(t_cur, sel, max(t_next, t_cur))
                    if len(grid) == 1:
                        row = np.array([rr[f"[{s}]"] for s in self._species])
                        rows = row[None, :]
                    else:
                        res = quiet_simulate(rr, grid)  # CVODE's own error lines go into the SolverError
                        rows = np.asarray(res)[:, 1:]
                    idx = np.searchsorted(grid, sel)
                    out[i_out:i_out + len(sel)] = rows[idx]
                    i_out += len(sel)
                t_cur = max(t_next, t_cur)
                if is_last:
                    break
                self._apply_events([e for e in evs if e.time == t_next], touched)
        except RuntimeError as exc:
            where = f"{context}: " if context else ""
            reason = _brief(str(exc))
            steps = ""
            if "TOO_MUCH_WORK" in reason:  # out of steps: more steps is the remedy, tighter tolerances take more
                steps = (f" It ran out of solver steps ({rr.integrator.maximum_num_steps} per output interval): "
                         f"allow more, e.g. Simulator(options=SolverOptions(max_steps="
                         f"{10 * self.options.max_steps})).")
            raise SolverError(
                f"{where}the ODE solver failed between t = {t_cur:g} and {t_next:g} min: {reason}. "
                "Try smaller doses, a shorter step to the first event, or tighter tolerances "
                f"(solver rtol/atol).{steps}{self._outside_ranges()}"
            ) from None
        finally:
            for p in touched:
                rr.setValue(p, float(self._current[p]))
        return i_out

    def simulate_groups(
        self,
        params: Mapping[str, float] | None,
        groups: Sequence[Sequence[Event]],
        times: Sequence[float] | np.ndarray,
        *,
        cell_free: bool = False,
        contexts: Sequence[str] | None = None,
    ) -> list["Trajectory | Exception"]:
        """:meth:`simulate` for several event lists on one cell; the same results within the solver's
        tolerance, less work.

        Groups of one protocol usually share their first events (a medium change at the
        start of serum starvation, a pre-incubation): that common part, up to the first
        event in which the groups differ, is integrated once and every group continues
        from its end state. That is another integration path than :meth:`simulate` takes for
        the group alone, so the two agree to about the tolerance (``SolverOptions.rtol``), not
        bit for bit; each is reproducible (the same call gives identical arrays). Each entry of the result is a :class:`Trajectory`, or the
        exception that group raised (a group whose shared start or own part fails is
        re-run alone through :meth:`simulate`, with its retry).
        """
        if isinstance(groups, (str, bytes, Mapping, Event)) or not isinstance(groups, Iterable):
            raise InputError(f"groups must be a list of event lists, one per group (got {show(groups)}); "
                             "e.g. [[Event(0, 'add', 'IL6', 0.5)], []] for IL-6 and an untreated group")
        groups = list(groups)
        for i, evs in enumerate(groups):
            if isinstance(evs, Event):  # a flat list of events: one group meant, or one group per event?
                raise InputError(f"groups[{i}]: expected the event list of one group (got one Event); groups is a "
                                 "list of event lists, e.g. [[Event(0, 'add', 'IL6', 0.5)], []] for IL-6 and an "
                                 "untreated group, or use simulate(params, events, times) for one group")
        cell_free = check_flag(cell_free, "cell_free")
        times = _checked_times(times)  # refused here, not once per group in the list returned
        if contexts is None:
            contexts = [""] * len(groups)
        elif isinstance(contexts, (str, bytes, Mapping)) or not isinstance(contexts, Iterable):
            raise InputError(f"contexts must be a list of texts, one per group (got {show(contexts)})")
        else:
            contexts = list(contexts)
        if len(contexts) != len(groups):
            raise InputError(f"contexts must name every group: {len(contexts)} contexts for {len(groups)} groups "
                             "(give one text per group, or leave contexts out)")
        plan = self._shared_start(params, groups, times)
        results: list = []
        if plan is None:
            for evs, ctx in zip(groups, contexts):
                results.append(self._one(params, evs, times, cell_free, ctx))
            return results
        values, times_a, sorted_groups, n_shared, t_split = plan
        out0 = np.empty((len(times_a), len(self._species)))
        try:
            t_start = min(times_a[0], sorted_groups[0][0].time)
            i_split = self._segments(sorted_groups[0][:n_shared], times_a[times_a < t_split], t_start, self._y0,
                                     t_split, out0, 0, contexts[0])
            y_split = np.array(self.rr.model.getFloatingSpeciesConcentrations(), dtype=float)
        except SolverError:
            return [self._one(params, evs, times, cell_free, ctx) for evs, ctx in zip(groups, contexts)]
        t_end_all = times_a[-1]
        for evs, raw, ctx in zip(sorted_groups, groups, contexts):
            rest = [e for e in evs[n_shared:] if e.time <= t_end_all]  # later events change no reading
            out = out0.copy()
            try:
                t_end = t_end_all
                self._segments(rest, times_a, t_split, y_split, t_end, out, i_split, ctx)
                results.append(self._trajectory(values, times_a, out, cell_free, ctx))
            except SolverError:
                results.append(self._one(params, raw, times, cell_free, ctx))
        return results

    def _one(self, params, events, times, cell_free, context):
        try:
            return self.simulate(params, events, times, cell_free=cell_free, context=context)
        except (SolverError, RuntimeError, InputError, FloatingPointError) as exc:
            return exc

    def _shared_start(self, params, groups, times):
        """(values, times, sorted events per group, number of shared events, split time), or None.

        The shared start is the longest run of leading events that every group has, with
        no ``set`` events (those change parameters and are undone per group), ending
        before the first time at which the groups differ; None when there is nothing to
        share (a single group, no common event, or an earlier reading time).
        """
        if len(groups) < 2:
            return None
        try:
            prepared = [self._prepare(params, evs, times) for evs in groups]
        except InputError:
            return None  # each group raises its own error through simulate()
        values, times_a = prepared[0][0], prepared[0][1]
        # events after the last reading change no reading: not integrated to
        sorted_groups = [[e for e in p[2] if e.time <= times_a[-1]] for p in prepared]
        shortest = min(len(g) for g in sorted_groups)
        n = 0
        while n < shortest and all(g[n] == sorted_groups[0][n] for g in sorted_groups) \
                and sorted_groups[0][n].kind != "set":
            n += 1
        # every event at the split time belongs to the groups' own part
        while n > 0:
            t_last = sorted_groups[0][n - 1].time
            if any(len(g) > n and g[n].time == t_last for g in sorted_groups):
                n -= 1
            else:
                break
        if n == 0:
            return None
        candidates = [g[n].time for g in sorted_groups if len(g) > n]
        t_split = min(candidates) if candidates else float(times_a[-1])
        t_first = sorted_groups[0][0].time
        if t_split <= t_first or times_a[0] < t_first:
            return None
        self.rr  # noqa: B018 - compile before parameters are set
        self._apply_params(values)
        return values, times_a, sorted_groups, n, t_split

    def _apply_events(self, evs: Sequence[Event], touched: set[str]) -> None:
        """Apply the events of one time point, in their given order."""
        rr = self.rr
        conc = None
        for e in evs:
            if e.kind == "add":
                if abs(e.value) < MIN_DOSE_NM:  # less than one molecule per litre: nothing added
                    continue
                if conc is None:
                    conc = np.array(rr.model.getFloatingSpeciesConcentrations(), dtype=float)
                conc[self._index[e.target]] += float(e.value)
            elif e.kind == "wash":
                if conc is None:
                    conc = np.array(rr.model.getFloatingSpeciesConcentrations(), dtype=float)
                conc[self._medium_idx] = 0.0
            elif e.kind == "set":
                if conc is not None:  # keep the order: species changes first, then the parameter
                    rr.model.setFloatingSpeciesConcentrations(conc)
                    conc = None
                rr.setValue(e.target, float(e.value))
                touched.add(e.target)
            else:  # pragma: no cover - guarded by the type
                raise InputError(f"unknown event kind {e.kind!r}")
        if conc is not None:
            rr.model.setFloatingSpeciesConcentrations(conc)

    def resting_state(self, params: Mapping[str, float] | None = None) -> dict[str, float]:
        """Every species' concentration at rest (the initial assignments), in nM, for ``params``
        (overrides in each parameter's own unit); mRNAs and promoter activities in a.u."""
        traj = self.simulate(params, (), [0.0])
        return dict(zip(self._species, traj.states[0]))


_DEFAULT: dict[tuple, Simulator] = {}


def default_simulator(options: SolverOptions = SolverOptions()) -> Simulator:
    """A per-process shared simulator of the reference model (loaded once).

    >>> sim = default_simulator()
    >>> sim is default_simulator(), sim.simulate(times=[0, 30]).observable("pSTAT3").shape
    (True, (2,))
    """
    if not isinstance(options, SolverOptions):
        raise InputError(f"options must be a SolverOptions, e.g. default_simulator(SolverOptions(rtol=1e-8)) (got "
                         f"{type(options).__name__} {options!r:.40})")
    key = (options.rtol, options.atol, options.max_steps)
    if key not in _DEFAULT:
        _DEFAULT[key] = Simulator(options=options)
    return _DEFAULT[key]
