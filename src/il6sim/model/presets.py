"""Cell presets and cell specifications.

A preset is a named set of parameter values: receptor copy numbers first,
plus any scenario parameters (for instance the endothelial ERK/Akt
thresholds, EVIDENCE S2). A :class:`CellSpec` picks a preset and overrides
it; :meth:`CellSpec.resolve` gives the parameter values the engine needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from ..errors import InputError, Problem
from ..validate import add_problem, check_keys, close_match, number, show
from .overrides import parse_parameter_values
from .reference import reference_model


@dataclass(frozen=True)
class CellPreset:
    name: str
    description: str
    IL6R_per_cell: float
    gp130_per_cell: float
    source: str
    parameters: Mapping[str, float] = field(default_factory=dict)
    parameter_sources: Mapping[str, str] = field(default_factory=dict)
    cell_free: bool = False

    def values(self) -> dict[str, float]:
        out = {"IL6R_per_cell": self.IL6R_per_cell, "gp130_per_cell": self.gp130_per_cell}
        out.update(self.parameters)
        return out


_ENDO = ("Endothelial cells have little or no membrane IL-6R and respond mainly to trans-signalling "
         "(Romano 1997 Immunity 6:315; Modur 1997 JCI 100:2752)")

_PRESETS: dict[str, CellPreset] = {}


def _add(p: CellPreset) -> None:
    _PRESETS[p.name] = p


def _hepg2_calibration() -> tuple[dict[str, float], dict[str, str]]:
    """Fitted HepG2 values from the packaged calibration (il6sim/data/hepg2_calibration.json,
    written by ``il6sim calibrate hepg2 --install``); none if the file is missing."""
    import json
    from importlib import resources

    try:
        d = json.loads((resources.files("il6sim") / "data" / "hepg2_calibration.json").read_text())
    except (FileNotFoundError, ValueError):  # pragma: no cover - the file ships with the package
        return {}, {}
    prov = d.get("provenance", {})
    src = ("fitted to Zeilfelder et al. 2025 HepG2 data (training split; `il6sim calibrate hepg2`, "
           f"{prov.get('created', '?')}, il6sim {prov.get('il6sim_version', '?')}, "
           f"data sha256 {str(prov.get('data_sha256', '?'))[:12]}; il6sim/data/hepg2_calibration.json)")
    values = {k: float(v) for k, v in d.get("parameters", {}).items()}
    return values, {k: src for k in values}


_HEPG2_FIT, _HEPG2_FIT_SOURCES = _hepg2_calibration()
_add(CellPreset(
    "hepg2", "HepG2 human hepatoma cells (classic signalling; calibration cell line)", 1200, 5000,
    "IL-6R ~1,200 sites/cell (Eur J Clin Invest 1990;20:366); gp130 assumed ~4x IL-6R; kinetic parameters "
    "fitted to Zeilfelder et al. 2025 HepG2 data (see parameter_sources)",
    _HEPG2_FIT, _HEPG2_FIT_SOURCES))
_add(CellPreset(
    "hepatocyte", "primary hepatocytes (classic signalling)", 4500, 10000,
    "IL-6R ~4,500 sites/cell on rat hepatocytes (Eur J Clin Invest 1990;20:366); gp130 assumed ~2x IL-6R; "
    "intracellular kinetics taken from the HepG2 calibration (assumed to carry over within the hepatic lineage)",
    _HEPG2_FIT,
    {k: "assumed equal to the HepG2 fit (same lineage): " + v for k, v in _HEPG2_FIT_SOURCES.items()}))
_add(CellPreset(
    "huvec", "human umbilical vein endothelial cells (default: Zegeye 2018 behaviour)", 150, 8000,
    _ENDO + "; IL-6R low (assumed 150/cell: classic gives weak pSTAT3 as in Zegeye 2018); gp130 assumed 8,000",
    {"K_erk": 500.0, "K_akt": 500.0},
    {"K_erk": "assumed, Zegeye 2018 scenario", "K_akt": "assumed, Zegeye 2018 scenario"}))
_add(CellPreset(
    "huvec_zegeye2018",
    "HUVEC as in Zegeye et al. 2018 (Cell Commun Signal 16:55): classic -> STAT3 only; "
    "trans -> STAT3 + PI3K/Akt + MEK/ERK", 150, 8000,
    _ENDO + "; IL-6R assumed 150/cell, ERK/Akt need >= 500 active units/cell (assumed thresholds)",
    {"K_erk": 500.0, "K_akt": 500.0},
    {"K_erk": "assumed: reproduces 'classic -> STAT3 only' (Zegeye 2018)",
     "K_akt": "assumed: reproduces 'classic -> STAT3 only' (Zegeye 2018)"}))
_add(CellPreset(
    "ec_overlapping",
    "endothelial cells as in 'Overlapping and distinct biological effects of IL-6 classic and "
    "trans-signaling in vascular endothelial cells': classic -> Akt + ERK (+CXCL8); trans -> STAT3, Akt, ERK",
    150, 8000,
    _ENDO + "; IL-6R assumed 150/cell as huvec, but ERK/Akt arms more sensitive than STAT3 "
    "(thresholds 15 active units/cell) so the few classic units reach both arms",
    {"K_erk": 15.0, "K_akt": 15.0},
    {"K_erk": "assumed: reproduces 'classic activates PI3K-Akt and ERK1/2' (seed [7])",
     "K_akt": "assumed: reproduces 'classic activates PI3K-Akt and ERK1/2' (seed [7])"}))
_add(CellPreset(
    "hrec", "human retinal endothelial cells (Robinson 2021 Cytokine 139:155375: trans-signalling responsive)",
    100, 8000,
    _ENDO + "; IL-6R assumed 100/cell (retinal endothelium responds to IL-6 mainly with sIL-6R)",
    {"K_erk": 500.0, "K_akt": 500.0},
    {"K_erk": "assumed, as huvec", "K_akt": "assumed, as huvec"}))
_add(CellPreset(
    "gp130_only", "Ba/F3-gp130-like cells: gp130, no IL-6R (respond to IL-6 only with sIL-6R)", 0, 10000,
    "Ba/F3-gp130 lacks IL-6R (Fischer 1997 Nat Biotechnol 15:142; Jostock 2001); transfected gp130 assumed 10,000"))
_add(CellPreset(
    "il6r_gp130", "Ba/F3-gp130-IL-6R-like cells: gp130 and IL-6R (classic and trans)", 3000, 10000,
    "stably transfected IL-6R (Jostock 2001 Eur J Biochem 268:160); copy numbers assumed"))
_add(CellPreset(
    "none", "no cells: a cell-free mix (medium or serum); only the ligand chemistry runs", 0, 0,
    "no receptors, so no depletion by cells; cellular readouts are undefined", cell_free=True))

PRESETS: Mapping[str, CellPreset] = MappingProxyType(_PRESETS)

KNOCKOUT_ALIASES = {
    "IL6R": "IL6R", "IL-6R": "IL6R", "IL6ST": "IL6ST", "GP130": "IL6ST", "JAK1": "JAK1", "STAT3": "STAT3",
    "SOCS3": "SOCS3", "ICAM1": "ICAM1", "CCL2": "CCL2", "MCP1": "CCL2", "CXCL8": "CXCL8", "IL8": "CXCL8",
    "ADAM17": "ADAM17", "PTPN11": "PTPN11", "SHP2": "PTPN11", "PIK3CA": "PIK3CA", "PI3K": "PIK3CA",
}


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

    def __getstate__(self):
        return {**self.__dict__, "parameters": dict(self.parameters)}

    def __setstate__(self, state):
        for k, v in state.items():
            object.__setattr__(self, k, MappingProxyType(dict(v)) if k == "parameters" else v)

    @property
    def cell_free(self) -> bool:
        return _PRESETS[self.preset].cell_free

    @property
    def label(self) -> str:
        extra = []
        if self.IL6R_per_cell is not None:
            extra.append(f"IL6R={self.IL6R_per_cell:g}")
        if self.gp130_per_cell is not None:
            extra.append(f"gp130={self.gp130_per_cell:g}")
        extra += [f"{g}-KO" for g in self.knockout]
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
                                 f"{', '.join(_PRESETS)}; or null for cell-free)", where)
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
        if not isinstance(genes, (list, tuple)) or not all(isinstance(g, str) for g in genes):
            add_problem(problems, f"{where}.knockout", f"must be a list of gene names such as [SOCS3] (got {show(ko)})")
            genes = []
        for g in genes:
            if g.strip().upper() not in KNOCKOUT_ALIASES:
                add_problem(problems, f"{where}.knockout", f"unknown gene {show(g)!r} (known: "
                            f"{', '.join(sorted(set(KNOCKOUT_ALIASES.values())))})")
            else:
                kos.append(KNOCKOUT_ALIASES[g.strip().upper()])
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
        """Parameter values (overrides of the model defaults) for this cell."""
        p = _PRESETS[self.preset]
        out = p.values()
        if self.IL6R_per_cell is not None:
            out["IL6R_per_cell"] = self.IL6R_per_cell
        if self.gp130_per_cell is not None:
            out["gp130_per_cell"] = self.gp130_per_cell
        out.update(self.parameters)
        for g in self.knockout:
            out[f"gene_{g}"] = 0.0
        return out

    def to_dict(self) -> dict[str, Any]:
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
