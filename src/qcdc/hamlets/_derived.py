"""What frozen values derive from their data and keep: a bounded memo keyed by value, and
indexes that cost the garbage collector nothing."""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Iterable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """At most ``limit`` entries; when full, the oldest is dropped.

    Safe to share between threads without a lock: each operation is one step of an
    ``OrderedDict`` (two threads may compute the same answer, and both store it).
    """

    __slots__ = ("_data", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._data: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: K) -> V | None:
        return self._data.get(key)

    def put(self, key: K, value: V) -> None:
        if len(self._data) >= self.limit:
            # one at a time is enough: every put adds one entry
            with contextlib.suppress(KeyError):  # emptied by another thread meanwhile
                self._data.popitem(last=False)
        self._data[key] = value


def grouped(pairs: Iterable[tuple[K, V]]) -> dict[K, tuple[V, ...]]:
    """``key → (value, …)`` in the order given.  Tuples of strings and ints are not tracked
    by the garbage collector (lists are): an index of 100,000 entries then costs the
    collector nothing."""
    out: dict[K, tuple[V, ...]] = {}
    extra: dict[K, list[V]] = {}
    for key, value in pairs:
        if key not in out:
            out[key] = (value,)
        else:
            extra.setdefault(key, [*out[key]]).append(value)
    for key, values in extra.items():
        out[key] = tuple(values)
    return out
