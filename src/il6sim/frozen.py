"""A small read-only, picklable, hashable mapping for immutable specs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Iterator


class FrozenMap(Mapping):
    """A read-only mapping (insertion ordered) that pickles and hashes.

    >>> m = FrozenMap({"a": 1})
    >>> m["a"], hash(m) == hash(FrozenMap({"a": 1}))
    (1, True)
    """

    __slots__ = ("_d",)

    def __init__(self, data: Mapping | None = None) -> None:
        object.__setattr__(self, "_d", dict(data or {}))

    def __getitem__(self, key):
        return self._d[key]

    def __iter__(self) -> Iterator:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __repr__(self) -> str:
        return f"FrozenMap({self._d!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __hash__(self) -> int:
        return hash(tuple(self._d.items()))

    def __setattr__(self, key, value):  # pragma: no cover - immutability guard
        raise AttributeError("FrozenMap is read-only")

    def __reduce__(self):
        return (FrozenMap, (self._d,))
