"""Reaction motifs: the rate conventions of the model, written once.

Every rate is an *amount per minute* (nmol/min): a concentration rate times
the volume of the compartment where the reaction happens (``medium`` or
``cell``), so transfers between the medium and the cells conserve molecules.
A model file then reads like a list of reactions::

    bind("IL6", "sIL6R", "IL6_sIL6R", kon="kon_sIL6R", koff="koff_sIL6R", where="medium")

and :func:`il6sim.model.reference.reference_model` is built from these calls.
"""

from __future__ import annotations

from .spec import Reaction


def bind(a: str, b: str, ab: str, *, kon: str, koff: str, where: str, name: str | None = None,
         factor: str = "", description: str = "") -> Reaction:
    """Reversible binding ``a + b <-> ab`` with mass action: ``kon*a*b - koff*ab``.

    ``factor`` (e.g. a route switch) multiplies the association only.
    """
    f = f"{factor} * " if factor else ""
    return Reaction(name or f"bind_{ab}", (a, b), (ab,),
                    f"{where} * ({f}{kon} * {a} * {b} - {koff} * {ab})", True,
                    description or f"{a} + {b} <-> {ab}")


def convert(a: str, b: str | tuple[str, ...], rate: str, *, where: str, name: str,
            description: str = "") -> Reaction:
    """First-order conversion ``a -> b`` (``b`` may be several products or none): ``rate * a``."""
    prods = (b,) if isinstance(b, str) else tuple(b)
    return Reaction(name, (a,), prods, f"{where} * {rate} * {a}", False, description)


def degrade(a: str, rate: str, *, where: str, name: str | None = None, description: str = "") -> Reaction:
    """First-order loss ``a -> 0``."""
    return convert(a, (), rate, where=where, name=name or f"deg_{a}", description=description or f"{a} is degraded")


def produce(b: str, rate: str, *, where: str, name: str, description: str = "") -> Reaction:
    """Zero-order production ``0 -> b`` at ``rate`` (a concentration per minute)."""
    return Reaction(name, (), (b,), f"{where} * {rate}", False, description)


def catalyse(a: str, b: str, rate: str, *, where: str, name: str, description: str = "") -> Reaction:
    """Modification ``a -> b`` at ``rate * a`` where ``rate`` names the catalyst's activity."""
    return convert(a, b, rate, where=where, name=name, description=description)


def relax(x: str, target: str, tau: str, *, where: str, name: str, description: str = "") -> Reaction:
    """``x`` follows ``target`` with time constant ``tau``: ``(target - x) / tau`` (may be negative)."""
    return Reaction(name, (), (x,), f"{where} * ({target} - {x}) / {tau}", True, description)
