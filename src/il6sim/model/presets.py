"""Cell presets and cell specifications.

A preset is a named set of parameter values: receptor copy numbers first,
plus any scenario parameters (for instance the endothelial ERK/Akt
thresholds, EVIDENCE S2). A :class:`CellSpec` picks a preset and overrides
it; :meth:`CellSpec.resolve` gives the parameter values the engine needs.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from ..errors import InputError, Problem, UnknownNameError
from ..validate import add_problem, check_keys, close_match, did_you_mean, given, number, refuse_repeats, show
from .overrides import parse_parameter_values
from .reference import reference_model


@dataclass(frozen=True)
class CellPreset:
    """A named cell type (``il6sim presets cells``; :data:`il6sim.PRESETS` holds them by name).

    ``IL6R_per_cell`` and ``gp130_per_cell``: surface receptor copy numbers, in molecules per cell;
    ``parameters``: the preset's other values, each in its parameter's own unit (``il6sim presets
    parameters``), e.g. STAT3 copies or the IL-6 secretion rate; ``source`` and ``parameter_sources``: where
    the numbers come from, in words; ``cell_free``: no cells (the ``none`` preset, a mix in medium).
    :meth:`values` gives them as one mapping; :class:`CellSpec` picks a preset and overrides it.
    """

    name: str
    description: str
    IL6R_per_cell: float
    gp130_per_cell: float
    source: str
    parameters: Mapping[str, float] = field(default_factory=dict)
    parameter_sources: Mapping[str, str] = field(default_factory=dict)
    cell_free: bool = False

    def __repr__(self) -> str:
        """One line: the name, what it is and its copy numbers (the sources run to a thousand characters).

        >>> PRESETS["hepg2"]  # doctest: +ELLIPSIS
        <CellPreset 'hepg2': ...; IL-6R 1200/cell, gp130 ...; .source, .values()>
        """
        other = f", {len(self.parameters)} other value(s)" if self.parameters else ""
        return (f"<CellPreset {self.name!r}: {self.description}; IL-6R {self.IL6R_per_cell:g}/cell, gp130 "
                f"{self.gp130_per_cell:g}/cell{other}; .source, .values()>")

    def values(self) -> dict[str, float]:
        """The preset's parameter values (receptors in molecules per cell, the rest in each parameter's own unit),
        as overrides of the model's defaults; :meth:`CellSpec.resolve` adds a cell's own overrides and knockouts.

        >>> PRESETS["hepg2"].values()["IL6R_per_cell"]
        1200
        """
        out = {"IL6R_per_cell": self.IL6R_per_cell, "gp130_per_cell": self.gp130_per_cell}
        out.update(self.parameters)
        return out


_ENDO = ("Endothelial cells carry little membrane IL-6R against their gp130: early work found none and a response "
         "only with sIL-6R (Romano 1997 Immunity 6:315; Modur 1997 JCI 100:2752), later work finds IL-6R on HUVEC "
         "and a response of retinal endothelial cells to IL-6 alone (Zegeye 2018 Cell Commun Signal 16:55; Ferreira "
         "2023 doi:10.1186/s12348-023-00341-6), with no copy numbers")
_ZEIL = "Zeilfelder et al. 2025 (mass spectrometry, data/zeilfelder2025_*/molecules_per_cell.csv)"
_SECRETION = ("IL-6 secretion 20 molecules/cell/min (~0.2 ng/mL per day from 2e5 cells in 1 mL) assumed: "
              "unstimulated HUVEC release IL-6 (Sironi 1989 J Immunol 142:549; Loppnow & Libby 1989 "
              "Cell Immunol 122:493, bioassays without copy numbers: 'scant'; HUVEC ELISA < 1 pg/mL at 12 h, "
              "~18 pg/mL at 48 h, Korean J Obstet Gynecol 1998;41:1015), so the rate is at the generous end; "
              "with it sIL-6R alone acts on the cells through their own IL-6 (Modur 1997 JCI 100:2752), "
              "weakly in this model (docs/model.md)")

_PRESETS: dict[str, CellPreset] = {}


def _add(p: CellPreset) -> None:
    spec = reference_model()
    for k in p.parameters:  # presets differ only in cell quantities and documented scenario choices
        kind = spec.parameter_map[k].kind
        if kind not in ("cell", "scenario"):  # pragma: no cover - guarded by tests
            raise ValueError(f"preset {p.name}: parameter {k} is of kind {kind!r}; presets set only "
                             "'cell' and 'scenario' parameters")
    _PRESETS[p.name] = p


def gp130_surface_from_total(total_per_cell: float) -> float:
    """Surface gp130 of a resting cell whose gp130 in all compartments is ``total_per_cell``.

    Mass spectrometry counts every gp130 molecule; binding studies and flow
    cytometry see only the surface. The share on the surface follows from the
    trafficking rates (``gp130_total_factor``).
    """
    v = reference_model().default_values()
    out = v["k_int_gp130"] * v["k_deg_gp130"] / (v["k_rec_gp130"] + v["k_deg_gp130"])
    factor = 1 + v["k_int_gp130"] / (v["k_rec_gp130"] + v["k_deg_gp130"]) + out / v["k_transit"]
    return total_per_cell / factor


_HEPG2_GP130 = (70144 + 111292 + 142683) / 3     # Zeilfelder 2025, three HepG2 counts
_HEPG2_STAT3 = (332544 + 670491 + 459356 + 650685 + 325256) / 5
_PHH_GP130 = (11323 + 16176 + 8536) / 3           # Zeilfelder 2025, three PHH donors
_PHH_STAT3 = (377015 + 359362 + 222617 + 231574) / 4
#: SOCS3 made per SOCS3 mRNA in PHH relative to HepG2: fitted to the PHH training data (pSTAT3 blots and
#: SOCS3/gp130 counts) with every kinetic parameter at its table value (pyPESTO, 4 of 4 starts agree;
#: 0.5*chi2 126.1 -> 117.5, with the former 8-min gp130 phosphorylation lag; at the present table a refit gives
#: 0.67, and 0.65 fits as well: 114.6 -> 108.0); the joint calibration estimates its own value (docs/calibration.md)
_PHH_SOCS3_TL = 0.65
_PHH_SOCS3_TL_SRC = ("fitted to the PHH pSTAT3 blots and SOCS3 counts at the table kinetics (Zeilfelder 2025; "
                     "docs/calibration.md): PHH make ~3x fewer SOCS3 per cell than HepG2 90 min after IL-6")
_EC_GP130_TOTAL = 30000.0                          # assumed (no endothelial counts)
_BAF3_GP130_TOTAL = 30000.0                        # assumed: transfected gp130

_add(CellPreset(
    "hepg2", "HepG2 human hepatoma cells (classic signalling; calibration cell line)", 1200,
    round(gp130_surface_from_total(_HEPG2_GP130)),
    f"IL-6R ~1,200 high-affinity sites/cell (Eur J Clin Invest 1990;20:366); gp130 {_HEPG2_GP130:,.0f} per cell "
    f"in total ({_ZEIL}), of which the surface share follows from the trafficking rates; STAT3 {_HEPG2_STAT3:,.0f} "
    "per cell (same source)",
    {"STAT3_per_cell": round(_HEPG2_STAT3)},
    {"STAT3_per_cell": f"mean of five HepG2 counts, {_ZEIL}"}))
_add(CellPreset(
    "phh", "primary human hepatocytes (classic signalling; second calibration system)", 2000,
    round(gp130_surface_from_total(_PHH_GP130)),
    f"gp130 {_PHH_GP130:,.0f} per cell in total and STAT3 {_PHH_STAT3:,.0f} per cell, donor means ({_ZEIL}); "
    "IL-6R assumed 2,000 per cell (no human hepatocyte count: between HepG2 1,200 and rat hepatocytes 4,500, "
    "Eur J Clin Invest 1990)",
    {"STAT3_per_cell": round(_PHH_STAT3), "SOCS3_translation_factor": _PHH_SOCS3_TL},
    {"STAT3_per_cell": f"mean of four PHH donors, {_ZEIL}", "SOCS3_translation_factor": _PHH_SOCS3_TL_SRC}))
_add(CellPreset(
    "hepatocyte", "primary hepatocytes, rat-like receptor numbers (classic signalling)", 4500,
    round(gp130_surface_from_total(_PHH_GP130)),
    "IL-6R ~4,500 sites/cell on rat hepatocytes (Eur J Clin Invest 1990;20:366); gp130 and STAT3 as the "
    f"human hepatocytes counted by {_ZEIL}",
    {"STAT3_per_cell": round(_PHH_STAT3), "SOCS3_translation_factor": _PHH_SOCS3_TL},
    {"STAT3_per_cell": f"as phh ({_ZEIL})", "SOCS3_translation_factor": "as phh"}))
_EC_SURFACE = round(gp130_surface_from_total(_EC_GP130_TOTAL))
_BAF3_SURFACE = round(gp130_surface_from_total(_BAF3_GP130_TOTAL))
_EC_CELL = {"STAT3_per_cell": 3.0e5, "IL6_secretion": 20.0}
_EC_CELL_SRC = {"STAT3_per_cell": "assumed: as primary human hepatocytes (no endothelial count)",
                "IL6_secretion": _SECRETION}
_add(CellPreset(
    "huvec", "human umbilical vein endothelial cells (default: Zegeye 2018 behaviour)", 150, _EC_SURFACE,
    _ENDO + "; IL-6R low (assumed 150/cell); gp130 assumed 30,000 per cell in total (between the PHH and HepG2 counts; "
    "endothelial cells respond strongly to IL-6:sIL-6R, Romano 1997), secreting their own IL-6",
    dict(_EC_CELL), dict(_EC_CELL_SRC)))
_add(CellPreset(
    "huvec_zegeye2018",
    "HUVEC as in Zegeye et al. 2018 (Cell Commun Signal 16:55): classic -> STAT3 only; "
    "trans -> STAT3 + PI3K/Akt + MEK/ERK", 150, _EC_SURFACE,
    _ENDO + "; as huvec: ERK and Akt need ~25 active units per cell (the model's default scenario), more than "
    "IL-6 alone forms through ~150 IL-6R per cell once basal SOCS3 is counted (~13 at the pSTAT3 peak)",
    dict(_EC_CELL), dict(_EC_CELL_SRC)))
_add(CellPreset(
    "ec_overlapping",
    "endothelial cells as in 'Overlapping and distinct biological effects of IL-6 classic and "
    "trans-signaling in vascular endothelial cells': classic -> Akt + ERK (+CXCL8); trans -> STAT3, Akt, ERK",
    150, _EC_SURFACE,
    _ENDO + "; as huvec, but ERK and Akt arms as sensitive as STAT3 (scenario K_erk = K_akt = 3 active units "
    "per cell) so the few classic units reach both arms",
    {**_EC_CELL, "K_erk": 3.0, "K_akt": 3.0},
    {**_EC_CELL_SRC, "K_erk": "scenario: reproduces 'classic activates PI3K-Akt and ERK1/2' (seed [7])",
     "K_akt": "scenario: reproduces 'classic activates PI3K-Akt and ERK1/2' (seed [7])"}))
_add(CellPreset(
    "hrec", "human retinal endothelial cells (Robinson 2021 Cytokine 139:155375: trans-signalling responsive)",
    100, _EC_SURFACE,
    _ENDO + "; IL-6R assumed 100/cell (retinal endothelial cells carry IL-6R, Ferreira 2023; no count); otherwise as huvec",
    dict(_EC_CELL), dict(_EC_CELL_SRC)))
_add(CellPreset(
    "gp130_only", "Ba/F3-gp130-like cells: gp130, no IL-6R (respond to IL-6 only with sIL-6R)", 0, _BAF3_SURFACE,
    "Ba/F3-gp130 lacks IL-6R (Fischer 1997 Nat Biotechnol 15:142; Jostock 2001); gp130 assumed 30,000 per cell "
    "in total"))
_add(CellPreset(
    "il6r_gp130", "Ba/F3-gp130-IL-6R-like cells: gp130 and IL-6R (classic and trans)", 3000, _BAF3_SURFACE,
    "stably transfected IL-6R (Jostock 2001 Eur J Biochem 268:160); copy numbers assumed"))
_add(CellPreset(
    "none", "no cells: a cell-free mix (medium or serum); only the ligand chemistry runs", 0, 0,
    "no receptors, so no depletion by cells; cellular readouts are undefined", cell_free=True))

class _PresetTable(Mapping):
    """The presets by name, read-only; an unknown name says which ones exist."""

    def __getitem__(self, name: str) -> CellPreset:
        try:
            return _PRESETS[name]
        except TypeError:  # an unhashable key such as a list: not a name
            raise UnknownNameError(f"unknown cell preset {show(name)}: look up one name as text, e.g. 'huvec' "
                                   f"(known: {', '.join(_PRESETS)})") from None
        except KeyError:
            raise UnknownNameError(f"unknown cell preset {show(name)!r}{_suggest(str(name))} (known: "
                                   f"{', '.join(_PRESETS)})") from None

    def __iter__(self):
        return iter(_PRESETS)

    def __len__(self) -> int:
        return len(_PRESETS)

    def __repr__(self) -> str:
        return f"PRESETS({', '.join(_PRESETS)})"


PRESETS: Mapping[str, CellPreset] = _PresetTable()

KNOCKOUT_ALIASES = {
    "IL6R": "IL6R", "IL-6R": "IL6R", "IL6ST": "IL6ST", "GP130": "IL6ST", "JAK1": "JAK1", "STAT3": "STAT3",
    "SOCS3": "SOCS3", "ICAM1": "ICAM1", "CCL2": "CCL2", "MCP1": "CCL2", "CXCL8": "CXCL8", "IL8": "CXCL8",
    "ADAM17": "ADAM17", "PTPN11": "PTPN11", "SHP2": "PTPN11", "PIK3CA": "PIK3CA", "PI3K": "PIK3CA",
    "IL6": "IL6", "IL-6": "IL6",
    "Y759F": "Y759F", "GP130-Y759F": "Y759F", "GP130_Y759F": "Y759F", "IL6ST-Y759F": "Y759F",
    "Y757F": "Y759F", "GP130-Y757F": "Y759F",  # the same tyrosine in mouse numbering (gp130 F759 mice: Y757F)
}
#: knockouts that switch something other than a gene dosage ``gene_<name>`` (point mutants)
KNOCKOUT_SWITCHES = {"Y759F": "gp130_Y759"}


def knockout_parameter(name: str) -> str:
    """The switch parameter a knockout (canonical name) sets to 0: ``gene_<name>``, or a point mutant's."""
    return KNOCKOUT_SWITCHES.get(name, f"gene_{name}")


#: keys of a cell given as a mapping
CELL_KEYS = ("preset", "IL6R_per_cell", "gp130_per_cell", "knockout", "parameters")
#: most receptors of one kind per cell a cell specification accepts
MAX_RECEPTORS_PER_CELL = 1e5


def preset_names() -> list[str]:
    return list(_PRESETS)


def _suggest(name: str) -> str:
    close = close_match(name.strip(), _PRESETS)
    return f" (did you mean {close}?)" if close else ""


@dataclass(frozen=True)
class CellSpec:
    """A cell type: a preset plus overrides.

    >>> CellSpec.parse({"preset": "huvec", "IL6R_per_cell": 0, "knockout": ["SOCS3"]}).resolve()["gene_SOCS3"]
    0.0
    """

    preset: str = "hepg2"
    IL6R_per_cell: float | None = None
    gp130_per_cell: float | None = None
    knockout: tuple[str, ...] = ()
    parameters: Mapping[str, float] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        # built directly (not through parse): an unknown preset is named here rather than as a bare
        # KeyError in resolve(), and the parameters are held read-only as in every other spec
        if not isinstance(self.preset, str) or self.preset not in _PRESETS:
            PRESETS[self.preset]  # raises UnknownNameError with the near name
        if self.IL6R_per_cell is None and self.gp130_per_cell is None and self.knockout == () \
                and isinstance(self.parameters, Mapping) and not self.parameters:
            object.__setattr__(self, "parameters", MappingProxyType({}))
            return  # a preset alone
        # built directly: the checks parse makes, so that a knockout 'SOCS3' is not read as its letters, an unknown
        # gene or parameter is not carried silently into resolve(), and a count is a number of molecules >= 0
        problems: list[Problem] = []
        for key in ("IL6R_per_cell", "gp130_per_cell"):
            v = getattr(self, key)
            if v is not None and (isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v)
                                  or not 0 <= v <= MAX_RECEPTORS_PER_CELL):
                add_problem(problems, f"CellSpec.{key}", f"must be a number of molecules per cell from 0 to "
                            f"{MAX_RECEPTORS_PER_CELL:g} (got {given(v)})")
        ko = self.knockout
        genes = (ko,) if isinstance(ko, str) else ko  # one gene, as in parse, not its letters
        kos: list[str] = []
        if genes is None or isinstance(genes, Mapping) or not isinstance(genes, (list, tuple)) \
                or not all(isinstance(g, str) for g in genes):
            add_problem(problems, "CellSpec.knockout", f"must be a tuple of gene names such as ('SOCS3',) (got "
                        f"{show(ko)})")
            genes = ()
        known = sorted(set(KNOCKOUT_ALIASES.values()))
        for g in genes:
            if g.strip().upper() not in KNOCKOUT_ALIASES:
                add_problem(problems, "CellSpec.knockout", f"unknown gene or mutant {show(g)!r}"
                            f"{did_you_mean(g.strip().upper(), known)} (known: {', '.join(known)})")
            else:
                kos.append(KNOCKOUT_ALIASES[g.strip().upper()])
        params = self.parameters
        if params is None or not isinstance(params, Mapping):
            add_problem(problems, "CellSpec.parameters", f"must be a mapping parameter: value such as "
                        f"{{'K_SOCS3': 0.2}} (got {show(params)})")
        else:
            params = parse_parameter_values(params, "CellSpec.parameters", problems)  # in the model's units
        if problems:
            raise InputError(problems)
        object.__setattr__(self, "knockout", tuple(dict.fromkeys(kos)))
        object.__setattr__(self, "parameters", MappingProxyType(dict(params)))

    def __repr__(self) -> str:
        """Only what was given beside the preset: ``CellSpec('huvec', IL6R_per_cell=0.0, knockout=('SOCS3',))``."""
        given = [f"{k}={getattr(self, k)!r}" for k in ("IL6R_per_cell", "gp130_per_cell")
                 if getattr(self, k) is not None]
        if self.knockout:
            given.append(f"knockout={self.knockout!r}")
        if self.parameters:
            given.append(f"parameters={dict(self.parameters)!r}")
        return f"CellSpec({', '.join([repr(self.preset), *given])})"

    def __getstate__(self):
        return {**self.__dict__, "parameters": dict(self.parameters)}

    def __setstate__(self, state):
        for k, v in state.items():
            object.__setattr__(self, k, MappingProxyType(dict(v)) if k == "parameters" else v)

    @property
    def cell_free(self) -> bool:
        """True for a preset without cells (``none``: a mix in medium; cellular readouts are NaN)."""
        return _PRESETS[self.preset].cell_free

    @property
    def label(self) -> str:
        """A short name for tables and legends: the preset and its overrides, e.g. ``huvec (IL6R=0, SOCS3-KO)``."""
        extra = []
        if self.IL6R_per_cell is not None:
            extra.append(f"IL6R={self.IL6R_per_cell:g}")
        if self.gp130_per_cell is not None:
            extra.append(f"gp130={self.gp130_per_cell:g}")
        extra += [g if g in KNOCKOUT_SWITCHES else f"{g}-KO" for g in self.knockout]
        extra += [f"{k}={v:g}" for k, v in self.parameters.items()]
        return self.preset + (f" ({', '.join(extra)})" if extra else "")

    @classmethod
    def parse(cls, obj: Any, where: str = "cell") -> "CellSpec":
        """Build from a preset name, a mapping or None (cell-free); the one check of a cell.

        Protocols, sweeps, fitting problems and the command line all use it.
        Receptor numbers are numbers of molecules per cell (0 to
        :data:`MAX_RECEPTORS_PER_CELL`; numeric text such as ``"2e5"`` counts);
        ``parameters`` go through :func:`~il6sim.model.overrides.parse_parameter_values`.
        Raises InputError listing every problem, each located under ``where``.
        """
        if isinstance(obj, CellSpec):
            return obj
        problems: list[Problem] = []
        if obj is None or isinstance(obj, str):
            name = "none" if obj is None else obj.strip().lower()
            if name not in _PRESETS:
                raise InputError(f"unknown cell preset {show(obj)!r}{_suggest(str(obj))} (known: "
                                 f"{', '.join(_PRESETS)}; 'none' is a cell-free mix)", where)
            return cls(name)
        if not isinstance(obj, Mapping):
            raise InputError("expected a preset name or a mapping such as {preset: huvec, knockout: [SOCS3]} "
                             f"(got {show(obj)})", where)
        check_keys(obj, CELL_KEYS, where, problems)
        preset = obj.get("preset")
        if "preset" not in obj:
            add_problem(problems, where, "missing key 'preset' (e.g. {preset: huvec, knockout: [SOCS3]})")
        elif not isinstance(preset, str) or preset.strip().lower() not in _PRESETS:
            add_problem(problems, f"{where}.preset", f"unknown cell preset {show(preset)!r}"
                        f"{_suggest(str(preset))} (known: {', '.join(_PRESETS)})")
        nums: dict[str, float | None] = {}
        for key in ("IL6R_per_cell", "gp130_per_cell"):
            v = obj.get(key)
            num = None if v is None else number(v)
            if num is None and isinstance(v, str):  # '500 molecules/cell': the count with its own unit written out
                from ..errors import UnitError
                from ..units import to_model_unit

                try:
                    num = to_model_unit(v, "molecules/cell", what=key)
                except UnitError:
                    num = None
            nums[key] = None
            if v is None:
                continue
            if num is None or num < 0:
                add_problem(problems, f"{where}.{key}", f"must be a number of molecules per cell >= 0 (got {show(v)})")
            elif num > MAX_RECEPTORS_PER_CELL:
                add_problem(problems, f"{where}.{key}",
                            f"must be <= {MAX_RECEPTORS_PER_CELL:.0f} molecules per cell (got {show(v)})")
            else:
                nums[key] = num
        ko = obj.get("knockout") or []
        genes = [ko] if isinstance(ko, str) else ko
        kos: list[str] = []
        named: dict[str, str] = {}
        if not isinstance(genes, (list, tuple)) or not all(isinstance(g, str) for g in genes):
            add_problem(problems, f"{where}.knockout", f"must be a list of gene names such as [SOCS3] (got {show(ko)})")
            genes = []
        for i, g in enumerate(genes, 1):
            if not g.strip():  # 'SOCS3,,IL6R' in a form: a comma too many
                add_problem(problems, f"{where}.knockout", f"item {i} is empty (a comma too many?); remove it, or "
                            "name a gene such as SOCS3")
            elif g.strip().upper() not in KNOCKOUT_ALIASES:
                known = sorted(set(KNOCKOUT_ALIASES.values()))
                add_problem(problems, f"{where}.knockout", f"unknown gene or mutant {show(g)!r}"
                            f"{did_you_mean(g.strip().upper(), known)} (known: {', '.join(known)})")
            else:
                kos.append(KNOCKOUT_ALIASES[g.strip().upper()])
                named[g] = kos[-1]
        refuse_repeats([g for g in genes if g in named], f"{where}.knockout", "knockout", problems, same=named)
        params = parse_parameter_values(obj.get("parameters"), f"{where}.parameters", problems)
        if problems:
            raise InputError(problems)
        spec = cls(preset.strip().lower(), nums["IL6R_per_cell"], nums["gp130_per_cell"], tuple(dict.fromkeys(kos)),
                   MappingProxyType(params))
        problems = [Problem(where, m) for m in reference_model().validate_values(spec.resolve())]
        if problems:  # pragma: no cover - everything was checked above
            raise InputError(problems)
        return spec

    def resolve(self) -> dict[str, float]:
        """Parameter values (overrides of the model defaults) for this cell, each in its parameter's own unit
        (``il6sim presets parameters``): receptors and STAT3 in molecules/cell, IL-6 secretion in
        molecules/(cell*min)."""
        p = _PRESETS[self.preset]
        out = p.values()
        if self.IL6R_per_cell is not None:
            out["IL6R_per_cell"] = self.IL6R_per_cell
        if self.gp130_per_cell is not None:
            out["gp130_per_cell"] = self.gp130_per_cell
        out.update(self.parameters)
        for g in self.knockout:
            out[knockout_parameter(g)] = 0.0
        return out

    def value_sources(self) -> dict[str, str]:
        """Where each value of :meth:`resolve` comes from (the preset's source, the cell's own override or a knockout).

        >>> CellSpec.parse("huvec").value_sources()["IL6_secretion"][:21]
        "cell preset 'huvec': "
        """
        p = _PRESETS[self.preset]
        out = {k: f"cell preset '{p.name}': {p.parameter_sources.get(k, p.source)}" for k in p.values()}
        given = [k for k in ("IL6R_per_cell", "gp130_per_cell") if getattr(self, k) is not None]
        out.update({k: "given in the cell specification" for k in [*given, *self.parameters]})
        out.update({knockout_parameter(g): f"knockout of {g}" for g in self.knockout})
        return out

    def to_dict(self) -> dict[str, Any]:
        """The mapping :meth:`parse` reads back (only what was given; receptors in molecules per cell)."""
        d: dict[str, Any] = {"preset": self.preset}
        if self.IL6R_per_cell is not None:
            d["IL6R_per_cell"] = self.IL6R_per_cell
        if self.gp130_per_cell is not None:
            d["gp130_per_cell"] = self.gp130_per_cell
        if self.knockout:
            d["knockout"] = list(self.knockout)
        if self.parameters:
            d["parameters"] = dict(self.parameters)
        return d
