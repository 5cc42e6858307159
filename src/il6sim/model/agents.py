"""Agents a protocol can add to the medium: cytokines, decoys, antibodies, drugs.

Each agent maps to one medium species of the model. Molecular weights turn
mass concentrations into molar ones; sources are given per agent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..errors import InputError
from ..validate import NameTable


@dataclass(frozen=True)
class Agent:
    """Something a protocol can add to the medium (``il6sim presets agents``; :func:`find_agent` looks one up).

    ``name``: as protocols write it (``"IL-6"``); ``species``: the model's medium species it is added as
    (``"IL6"``, the target of an :class:`~il6sim.engine.simulator.Event`); ``mw_g_per_mol``: molecular weight
    in g/mol, which turns a mass concentration into nM (``to_nM("10 ng/mL", agent.mw_g_per_mol)``); ``kind``:
    cytokine, receptor, decoy, antibody, drug, ...; ``description`` and ``source`` (of the molecular weight)
    in words; ``aliases``: other names :func:`find_agent` accepts (brand names, spellings).

    >>> find_agent("Actemra").name, find_agent("Actemra").mw_g_per_mol
    ('tocilizumab', 148000.0)
    """

    name: str
    species: str
    mw_g_per_mol: float
    kind: str
    description: str
    source: str
    aliases: tuple[str, ...] = ()


_AGENTS = [
    Agent("IL-6", "IL6", 21_000.0, "cytokine", "interleukin-6 (mature, 184 aa)",
          "21 kDa unglycosylated (Reactome R-HSA-9662710)", ("IL6", "interleukin-6")),
    Agent("sIL-6R", "sIL6R", 50_000.0, "receptor", "soluble IL-6 receptor (recombinant)",
          "~50 kDa recombinant (Nakajima 1992)", ("sIL6R", "soluble IL-6R", "sil-6ra")),
    Agent("Hyper-IL-6", "HyIL6", 56_000.0, "designer cytokine", "covalent IL-6/sIL-6R fusion (trans-signalling agonist)",
          "~56 kDa (Chebath 1997)", ("HyperIL6", "Hyper IL-6", "HIL-6", "HIL6", "H-IL-6")),
    Agent("sgp130Fc", "sgp130Fc", 210_000.0, "decoy", "soluble gp130-Fc dimer, selective trans-signalling blocker",
          "dimer ~200-220 kDa (assumed)", ("olamkicept", "sgp130-Fc", "FE301", "TJ301")),
    Agent("sgp130", "sgp130", 100_000.0, "decoy", "natural soluble gp130 (monomer)",
          "90-110 kDa (Narazaki 1993; Muller-Newen 1998)", ("soluble gp130",)),
    Agent("tocilizumab", "TCZ", 148_000.0, "antibody", "anti-IL-6R IgG1 (membrane and soluble IL-6R)",
          "IgG ~148 kDa", ("Actemra", "RoActemra", "TCZ")),
    Agent("sarilumab", "SAR", 148_000.0, "antibody", "anti-IL-6R IgG1, higher affinity than tocilizumab",
          "IgG ~148 kDa", ("Kevzara",)),
    Agent("siltuximab", "SIL", 148_000.0, "antibody", "anti-IL-6 chimeric IgG1",
          "IgG ~148 kDa", ("Sylvant", "CNTO 328", "CNTO328")),
    Agent("ruxolitinib", "RUX", 306.37, "JAK inhibitor", "JAK1/JAK2 inhibitor",
          "C17H18N6, 306.37 g/mol", ("INCB018424", "Jakafi", "Jakavi")),
    Agent("baricitinib", "BARI", 371.42, "JAK inhibitor", "JAK1/JAK2 inhibitor",
          "C16H17N7O2S, 371.42 g/mol", ("Olumiant", "INCB028050", "LY3009104")),
    Agent("tofacitinib", "TOFA", 312.37, "JAK inhibitor", "JAK1/JAK3 inhibitor (JAK2 less)",
          "C16H20N6O (free base), 312.37 g/mol", ("Xeljanz", "CP-690550", "CP-690,550", "tasocitinib")),
    Agent("cycloheximide", "CHX", 281.35, "translation inhibitor", "blocks protein synthesis",
          "C15H23NO4, 281.35 g/mol", ("CHX",)),
    Agent("actinomycin D", "ACTD", 1255.42, "transcription inhibitor", "blocks RNA polymerase II transcription",
          "C62H86N12O16, 1255.42 g/mol", ("actinomycin-D", "actinomycinD", "ActD", "dactinomycin")),
]


def _key(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalnum())


AGENTS: Mapping[str, Agent] = NameTable("agent", {a.name: a for a in _AGENTS})  # read-only
_LOOKUP = {}
for _a in _AGENTS:
    for _n in (_a.name, *_a.aliases):
        _LOOKUP[_key(_n)] = _a


def find_agent(name: object, where: str = "") -> Agent:
    """Look an agent up by name or alias (case and punctuation insensitive); InputError if unknown.

    >>> find_agent("il6").species, find_agent("IL-6").mw_g_per_mol
    ('IL6', 21000.0)
    """
    if not isinstance(name, str) or _key(name) not in _LOOKUP:
        from ..validate import did_you_mean

        raise InputError(f"unknown agent {name!r}{did_you_mean(name, AGENTS)} (known: {', '.join(AGENTS)})", where)
    return _LOOKUP[_key(name)]
