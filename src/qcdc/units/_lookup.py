"""Private: the lookup table behind the dataframe paths (``qcdc.pandas``, ``qcdc.polars``,
``qcdc.arrow``): every code in force on one date with its answer on another.

A vectorised conversion applies one table to a whole column (a hash lookup per row, in
the dataframe library's own code) instead of a Python call per row.  The table answers
exactly what :meth:`~qcdc.units.gazetteer.Gazetteer.convert` answers for the codes in
force on ``on`` written canonically; a value it does not hold (an unknown or malformed
code, an integer that lost its leading zeros, a code the policy refuses) is passed to
``Gazetteer.convert`` itself, so errors and odd inputs follow one set of rules.

Tables are cached per gazetteer instance (weakly: a gazetteer that is dropped drops its
tables) and keyed by its data version and the two dates: the answer never depends on
which call came first.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from qcdc.units.gazetteer import Gazetteer

__all__ = ["Resolved", "Table", "resolved", "table"]


@attrs.frozen
class Table:
    """Every unit in force on ``on`` and where it is on ``to`` (``predecessors`` when
    ``to < on``), one entry per source code, in the order of the unit list."""

    on: dt.date
    to: dt.date
    sources: tuple[str, ...]
    source_names: tuple[str, ...]
    targets: tuple[tuple[str, ...], ...]
    target_names: tuple[tuple[str, ...], ...]
    status: tuple[str, ...]
    default: tuple[int | None, ...]  # index into the targets: the default (forward) or kept one

    index: dict[str, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "index", {c: i for i, c in enumerate(self.sources)})

    @property
    def backward(self) -> bool:
        return self.to < self.on


@attrs.frozen
class Resolved:
    """A table under one pair of policies: ``keys`` are the codes the policies answer
    without an error; every other value goes through ``Gazetteer.convert``."""

    keys: tuple[str, ...]
    codes: tuple[str | None, ...] | tuple[tuple[str, ...], ...]
    names: tuple[str | None, ...] | tuple[tuple[str, ...], ...]
    # the keys and codes as a dataframe library's own columns, built once by its module
    columns: dict[Any, Any] = attrs.field(factory=dict, eq=False, repr=False)


_LOCK = threading.Lock()
_TABLES: weakref.WeakKeyDictionary[Gazetteer, dict[tuple[object, ...], object]] = (
    weakref.WeakKeyDictionary()
)
_PER_GAZETTEER = 32  # (date pair, policy) entries kept per gazetteer


def _cached(g: Gazetteer, key: tuple[object, ...], build: Callable[[], object]) -> object:
    full = (g.data_version, *key)
    with _LOCK:
        entries = _TABLES.get(g)
        if entries is not None and full in entries:
            return entries[full]
    value = build()  # outside the lock: it may take a while
    with _LOCK:
        entries = _TABLES.setdefault(g, {})
        if len(entries) >= _PER_GAZETTEER:
            del entries[next(iter(entries))]
        return entries.setdefault(full, value)


def table(g: Gazetteer, on: dt.date, to: dt.date) -> Table:
    """The lookup table of ``g`` from ``on`` to ``to`` (built once, then cached)."""

    def build() -> Table:
        backward = to < on
        sources: list[str] = []
        source_names: list[str] = []
        targets: list[tuple[str, ...]] = []
        target_names: list[tuple[str, ...]] = []
        status: list[str] = []
        default: list[int | None] = []
        for u in g.units(on=on):
            p = (
                g.predecessors(u.code, on=on, since=to)
                if backward
                else g.project(u.code, on=on, to=to)
            )
            codes = tuple(t.code for t in p.targets)
            sources.append(u.code)
            source_names.append(u.name)
            targets.append(codes)
            target_names.append(tuple(t.name for t in p.targets))
            status.append(p.status)
            if len(codes) == 1:
                default.append(0)
            elif backward:
                kept = [i for i, c in enumerate(codes) if c == u.code]
                default.append(kept[0] if len(kept) == 1 else None)
            else:
                default.append(next((i for i, t in enumerate(p.targets) if t.default), None))
        return Table(
            on,
            to,
            tuple(sources),
            tuple(source_names),
            tuple(targets),
            tuple(target_names),
            tuple(status),
            tuple(default),
        )

    result = _cached(g, ("table", on, to), build)
    assert isinstance(result, Table)
    return result


def resolved(g: Gazetteer, on: dt.date, to: dt.date, on_split: str, on_unknown: str) -> Resolved:
    """The codes of ``on`` that ``Gazetteer.convert`` answers without an error under the
    policies (already checked), with their answers: a code, ``None`` (a unit the lineage
    cannot follow, with ``on_unknown='none'``; a divided unit without a default), or,
    with ``on_split='all'``, a tuple.  A code it would raise for is not in ``keys``."""

    def build() -> Resolved:
        t = table(g, on, to)
        keys: list[str] = []
        codes: list[object] = []
        names: list[object] = []
        for i, source in enumerate(t.sources):
            targets = t.targets[i]
            if not targets:
                if on_unknown == "none":  # unresolved: None (or no codes) in its place
                    keys.append(source)
                    codes.append(() if on_split == "all" else None)
                    names.append(() if on_split == "all" else None)
                continue
            if on_split == "all":
                keys.append(source)
                codes.append(targets)
                names.append(t.target_names[i])
                continue
            k = t.default[i]
            if len(targets) > 1 and (on_split == "raise" or (k is None and t.backward)):
                continue  # a split the policy refuses (or, going back, no unit kept the code)
            keys.append(source)
            codes.append(targets[k] if k is not None else None)
            names.append(t.target_names[i][k] if k is not None else None)
        return Resolved(tuple(keys), tuple(codes), tuple(names))  # type: ignore[arg-type]

    result = _cached(g, ("resolved", on, to, on_split, on_unknown), build)
    assert isinstance(result, Resolved)
    return result
