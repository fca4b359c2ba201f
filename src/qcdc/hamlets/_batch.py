"""The batch path of a merger plan: a plan of plain mergers, checked and applied by columns.

The usual large plan is a list of mergers whose sources are qualified (``CCCCC:id``),
distinct, in one commune, and whose results clash with nothing.  For such a plan,
:func:`analyse_batch` decides every check in a few passes over columns (the sources'
positions, households, flags, kinds …) made by C loops (``map``, ``zip``, slices,
``itertools``), instead of a few dozen Python steps per merger; :func:`apply_batch` then
builds the outcome from the same columns.

It is an optimistic path.  The moment it meets anything else — an action that is not a
merger, a bare or unknown source, a source used twice, an error of any kind, an id or
name that two results or a remaining community share — it gives up and returns
``None``, having reported nothing, and :mod:`qcdc.hamlets.plans` checks the plan one
action at a time as before.  So the batch path only ever decides plans that have no
errors, and its findings (the warnings and notes such a plan can have) are the ones the
action-by-action path gives, in the same order, word for word (``_texts``);
``tests/hamlets/test_reference.py`` holds the two paths to that.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter, deque
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import accumulate, chain, compress, pairwise, repeat
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from qcdc.findings import Finding, Severity
from qcdc.hamlets import _texts
from qcdc.hamlets._results import _KINDS
from qcdc.hamlets.actions import Merger
from qcdc.hamlets.model import _KIND_FAMILY, Community, CommunityKey, CommunityKind
from qcdc.hamlets.summaries import ChangeCounts
from qcdc.text import search_key

if TYPE_CHECKING:
    from qcdc.hamlets.plans import _Checker
    from qcdc.hamlets.registry import HamletRegistry

_T = TypeVar("_T")

_SOURCES = operator.attrgetter("sources")
_REF_KEY = operator.attrgetter("commune_code", "id")  # a reference's key: None if bare
_EFFECTIVE = operator.attrgetter("effective")
_TARGET_ID = operator.attrgetter("target_id")
_TARGET_NAME = operator.attrgetter("target_name")
_TARGET_KIND = operator.attrgetter("target_kind")
_TARGET_HOUSEHOLDS = operator.attrgetter("target_households")
_TARGET_POPULATION = operator.attrgetter("target_population")
_EXEMPTION = operator.attrgetter("exemption")
_HOUSEHOLDS = operator.attrgetter("households")
_POPULATION = operator.attrgetter("population")
_AREA = operator.attrgetter("area_km2")
_BORDER = operator.attrgetter("border")
_ISLAND = operator.attrgetter("island")
_KIND = operator.attrgetter("kind")
_KIND_NAME = operator.attrgetter("_name_")  # (an enum hashes in Python, its name in C)
_VALID_FROM = operator.attrgetter("valid_from")
_VALID_TO = operator.attrgetter("valid_to")
_ID = operator.attrgetter("id")
_NAME = operator.attrgetter("name")
_FIRST = operator.itemgetter(0)
_SECOND = operator.itemgetter(1)
_THIRD = operator.itemgetter(2)
_ZERO = Decimal(0)


class Batch(NamedTuple):
    """What :func:`analyse_batch` found, in columns: every source of the plan (action after
    action) and, per merger, the community it makes."""

    positions: list[int]
    """the registry position of every source, action after action."""
    keys: list[CommunityKey]
    """the key of every source, in the same order."""
    lengths: list[int]
    """per merger: its number of sources."""
    firsts: list[int]
    """per merger: the smallest position of its sources (where its result goes)."""
    survivors: list[CommunityKey]
    """the keys of the sources that survive under their own key (no lineage entry)."""
    ids: list[str]
    names: list[str]
    kinds: list[CommunityKind]
    communes: list[str]
    households: list[int]
    populations: list[int | None]
    areas: list[Decimal | None]
    borders: list[bool]
    islands: list[bool]
    valid_from: list[dt.date | None]


def _columns(values: Sequence[_T], k: int) -> list[list[_T]] | None:
    """The ``j``-th value of every merger, for each ``j``, when all have ``k`` sources
    (``None`` when they have several sizes, ``k`` = 0)."""
    if k == 0:
        return None
    return [list(values[j::k]) for j in range(k)]


def _sums(values: list[Any], starts: list[int], uniform: int, start: Any) -> list[Any]:
    """``start + v0 + v1 + …`` over the sources of each merger, added in that order (an
    area's sum keeps the exponent the one-at-a-time sum gives)."""
    cols = _columns(values, uniform)
    if cols is None:
        return [sum(values[s:e], start) for s, e in pairwise(starts)]
    out: list[Any] = list(map(operator.add, repeat(start), cols[0]))
    for col in cols[1:]:
        out = list(map(operator.add, out, col))
    return out


def _optional_sums(
    values: list[Any], starts: list[int], uniform: int, start: Any, n: int
) -> list[Any]:
    """As :func:`_sums`, ``None`` for a merger with a source whose value is ``None``."""
    missing = values.count(None)
    if missing == len(values):
        return [None] * n
    if not missing:
        return _sums(values, starts, uniform, start)
    out: list[Any] = []
    for s, e in pairwise(starts):
        part = values[s:e]
        out.append(None if None in part else sum(part, start))
    return out


def _any(values: list[bool], starts: list[int], uniform: int, n: int) -> list[bool]:
    """Whether any source of each merger has the flag."""
    if True not in values:
        return [False] * n
    cols = _columns(values, uniform)
    if cols is None:
        return [True in values[s:e] for s, e in pairwise(starts)]
    out = cols[0]
    for col in cols[1:]:
        out = list(map(operator.or_, out, col))
    return out


def _survivor_at(ids: list[str], s: int, e: int, target: str | None) -> int:
    """The number of the surviving source (the first with the target id; the first
    source without one), -1 for a new community."""
    if target is None:
        return 0
    for j in range(s, e):
        if ids[j] == target:
            return j - s
    return -1


def analyse_batch(ck: _Checker) -> tuple[Batch, list[Finding]] | None:
    """The plan's columns and findings, or ``None`` (nothing reported) when the plan is
    not a plan of plain mergers without errors."""
    plan, reg = ck.plan, ck.registry
    actions = plan.actions
    n = len(actions)
    if not n or set(map(type, actions)) != {Merger}:
        return None
    comms = reg.communities
    index = reg._index
    if len(index) != len(comms):  # an invalid registry, a key twice: one at a time
        return None
    sources = list(map(_SOURCES, actions))
    lengths = list(map(len, sources))
    if min(lengths) < 2:  # an empty merger (an error) or a single source (a warning)
        return None
    k = lengths[0] if lengths.count(lengths[0]) == n else 0  # 0: of several sizes
    starts = [0, *accumulate(lengths)]
    keys: list[CommunityKey] = list(map(_REF_KEY, chain.from_iterable(sources)))
    positions: list[int | None] = list(map(index.get, keys))  # a bare id: (None, id)
    if None in positions:
        return None
    claimed = set(positions)
    if len(claimed) != len(positions):
        return None
    pos: list[int] = positions  # type: ignore[assignment]  # None is not in it
    communes: list[str] = list(map(_FIRST, keys))
    heads = starts[:-1]
    firsts_commune = list(map(communes.__getitem__, heads))
    if communes != list(chain.from_iterable(map(repeat, firsts_commune, lengths))):
        return None  # an action that crosses communes
    srcs: list[Community] = list(map(comms.__getitem__, pos))
    effective = list(map(_EFFECTIVE, actions))
    if not _dates_fit(srcs, effective, lengths):
        return None
    # the survivors and what each merger makes
    ids = list(map(_SECOND, keys))
    targets = list(map(_TARGET_ID, actions))
    if targets.count(None) == n:
        ats = [0] * n
    elif None not in targets and set(targets).isdisjoint(ids):
        ats = [-1] * n
    else:
        ats = list(map(_survivor_at, repeat(ids), heads, starts[1:], targets))
    if ats.count(0) + ats.count(-1) == n:  # every result is based on its first source
        base_at = heads
    else:
        base_at = [s + a if a > 0 else s for s, a in zip(heads, ats, strict=True)]
    bases = list(map(srcs.__getitem__, base_at))
    names = list(map(_TARGET_NAME, actions))
    if None in names:
        if any(a < 0 for a, t in zip(ats, names, strict=True) if t is None):
            return None  # plan.missing-target
        names = [t or b.name for t, b in zip(names, bases, strict=True)]
    made_ids = (
        [t or b.id for t, b in zip(targets, bases, strict=True)] if None in targets else targets
    )
    households = _sums(list(map(_HOUSEHOLDS, srcs)), starts, k, 0)
    stated = list(map(_TARGET_HOUSEHOLDS, actions))
    if stated.count(None) != n and any(
        t is not None and t != h for t, h in zip(stated, households, strict=True)
    ):
        return None  # plan.households-mismatch
    populations = _optional_sums(list(map(_POPULATION, srcs)), starts, k, 0, n)
    stated_pop = list(map(_TARGET_POPULATION, actions))
    pop_unknown = [False] * n
    if stated_pop.count(None) != n:
        for i, (t, p) in enumerate(zip(stated_pop, populations, strict=True)):
            if t is None:
                continue
            if p is None:
                pop_unknown[i] = True
            elif t != p:
                return None  # plan.population-mismatch
    areas = _optional_sums(list(map(_AREA, srcs)), starts, k, _ZERO, n)
    borders = _any(list(map(_BORDER, srcs)), starts, k, n)
    islands = _any(list(map(_ISLAND, srcs)), starts, k, n)
    source_kinds = list(map(_KIND, srcs))
    first_kinds = list(map(source_kinds.__getitem__, heads))
    mixed = [False] * n
    if source_kinds != list(chain.from_iterable(map(repeat, first_kinds, lengths))):
        for i, (s, e) in enumerate(pairwise(starts)):
            family = _KIND_FAMILY[source_kinds[s]]
            mixed[i] = any(_KIND_FAMILY[c] is not family for c in source_kinds[s + 1 : e])
    stated_kinds = list(map(_TARGET_KIND, actions))
    base_kinds = list(map(_KIND, bases))
    kinds = (
        base_kinds
        if stated_kinds.count(None) == n
        else [t or b for t, b in zip(stated_kinds, base_kinds, strict=True)]
    )
    # the standard each result is held to, and whether its kind fits its commune
    cache = ck._targets
    target_keys = list(
        zip(map(_KIND_NAME, kinds), firsts_commune, borders, islands, effective, strict=True)
    )
    for key in [k for k in dict.fromkeys(target_keys) if k not in cache]:  # each one once
        ck.target(_KINDS[key[0]], *key[1:])
    found: list[Any] = list(map(cache.__getitem__, target_keys))
    problems = list(map(_THIRD, found))
    if problems.count(None) != n and any(
        p is not None and p[1] is Severity.ERROR for p in problems
    ):
        return None  # plan.family-mismatch
    # the clashes: a result's id or name, against the others and what remains
    made_keys = list(zip(firsts_commune, made_ids, strict=True))
    if len(set(made_keys)) != n:
        return None
    new_ids = list(compress(made_keys, map((-1).__eq__, ats)))
    hits = set(map(index.get, new_ids))
    hits.discard(None)
    if not hits <= claimed:
        return None  # plan.id-clash with a community that remains
    name_keys = {name: search_key(name) for name in dict.fromkeys(names)}
    made_name_keys = list(map(name_keys.__getitem__, names))
    made_names = list(zip(firsts_commune, made_name_keys, strict=True))
    if len(set(made_names)) != n:
        return None
    if ats.count(-1) == n:  # all new communities
        renamed = [True] * n
    else:
        for b in bases:
            if b.name not in name_keys:
                name_keys[b.name] = search_key(b.name)
        renamed = [
            a < 0 or name_keys[b.name] != nk
            for a, b, nk in zip(ats, bases, made_name_keys, strict=True)
        ]
    if _name_taken(reg, claimed, set(compress(made_names, renamed))):
        return None  # plan.name-clash with a community that remains
    # every check passed: the findings (warnings and notes), action after action
    minimums = list(map(_FIRST, found))
    exemptions = list(map(_EXEMPTION, actions))
    on = reg.on
    findings_before = len(ck.findings)
    add = ck.add
    for i, (m, when, pu, mx, fd, low, hh, ex) in enumerate(
        zip(
            actions,
            effective,
            pop_unknown,
            mixed,
            found,
            minimums,
            households,
            exemptions,
            strict=True,
        )
    ):
        if (
            when >= on
            and not pu
            and not mx
            and fd[2] is None
            and (low is not None and (hh >= low or ex is not None))
        ):
            continue
        p = f"actions[{i}]"
        if when < on:
            add(
                _texts.EFFECTIVE_BEFORE_REGISTRY,
                Severity.WARNING,
                f"{p}.effective",
                _texts.effective_before_registry(when, on),
                m,
            )
        if pu:
            add(
                _texts.POPULATION_UNKNOWN,
                Severity.WARNING,
                f"{p}.target_population",
                _texts.population_unknown(),
                m,
            )
        if mx:
            add(_texts.MIXED_FAMILIES, Severity.WARNING, f"{p}.sources", _texts.mixed_families(), m)
        if fd[2] is not None:
            rule, severity, message = fd[2]
            add(rule, severity, f"{p}.target_kind", message, m)
        if low is None:
            add(_texts.NO_STANDARD, Severity.INFO, p, _texts.no_standard(fd[1]), m)
        elif hh < low and ex is None:
            add(
                _texts.BELOW_MINIMUM,
                Severity.WARNING,
                f"{p}.target_households",
                _texts.below_minimum(hh, low, fd[1]),
                m,
            )
    findings = ck.findings[findings_before:]
    if ats.count(-1) == n:  # all new communities: they start on the effective date
        valid_from: list[dt.date | None] = list(effective)
    else:
        valid_from = [
            e if a < 0 else b.valid_from for e, a, b in zip(effective, ats, bases, strict=True)
        ]
    cols = _columns(pos, k)
    firsts = [min(pos[s:e]) for s, e in pairwise(starts)] if cols is None else list(map(min, *cols))
    survivors = [keys[b] for a, b in zip(ats, base_at, strict=True) if a >= 0]
    batch = Batch(
        positions=pos,
        keys=keys,
        lengths=lengths,
        firsts=firsts,
        survivors=survivors,
        ids=made_ids,
        names=names,
        kinds=kinds,
        communes=firsts_commune,
        households=households,
        populations=populations,
        areas=areas,
        borders=borders,
        islands=islands,
        valid_from=valid_from,
    )
    return batch, findings


def _dates_fit(srcs: list[Community], effective: list[dt.date], lengths: list[int]) -> bool:
    """Whether every dated source exists on its merger's effective date (else the errors
    ``plan.effective-before-source`` or ``plan.source-ended``)."""
    starts_ = list(map(_VALID_FROM, srcs))
    ends = list(map(_VALID_TO, srcs))
    if starts_.count(None) == len(srcs) and ends.count(None) == len(srcs):
        return True
    when = list(chain.from_iterable(map(repeat, effective, lengths)))
    for vf, vt, e in zip(starts_, ends, when, strict=True):
        if vf is not None and e < vf:
            return False
        if vt is not None and vt <= e:
            return False
    return True


def _name_taken(reg: HamletRegistry, claimed: set[int | None], made: set[tuple[str, str]]) -> bool:
    """Whether a community that remains (is no source) has one of these (commune, name
    key) pairs."""
    if not made:
        return False
    wanted = {nk for _, nk in made}
    comms = reg.communities
    keys = {name: search_key(name) for name in dict.fromkeys(map(_NAME, comms))}
    close = {name for name, nk in keys.items() if nk in wanted}
    if not close:
        return False
    for p in compress(range(len(comms)), map(close.__contains__, map(_NAME, comms))):
        c = comms[p]
        if p not in claimed and (c.commune_code, keys[c.name]) in made:
            return True
    return False


def apply_batch(
    batch: Batch, communities: Sequence[Community]
) -> tuple[tuple[Community, ...], dict[CommunityKey, CommunityKey | None], dict[str, ChangeCounts]]:
    """The communities after the plan, the lineage and the change counts per commune."""
    kept: list[Community | None] = list(communities)
    drain: Callable[[Any], Any] = deque(maxlen=0).extend  # runs a map to its end, in C
    drain(map(kept.__setitem__, batch.positions, repeat(None)))
    made = list(
        map(
            Community._trusted,
            batch.ids,
            batch.names,
            batch.kinds,
            batch.communes,
            batch.households,
            batch.populations,
            batch.areas,
            batch.borders,
            batch.islands,
            batch.valid_from,
        )
    )
    drain(map(kept.__setitem__, batch.firsts, made))
    # a tuple, which the registry then keeps as it is (a Community is always true)
    after: tuple[Community, ...] = tuple(filter(None, kept))
    made_keys = list(zip(batch.communes, batch.ids, strict=True))
    lineage: dict[CommunityKey, CommunityKey | None] = dict(
        zip(batch.keys, chain.from_iterable(map(repeat, made_keys, batch.lengths)), strict=True)
    )
    for key in batch.survivors:
        del lineage[key]
    merged = Counter(map(_FIRST, batch.keys))
    changes = {
        code: ChangeCounts(merged[code], new) for code, new in Counter(batch.communes).items()
    }
    return after, lineage, changes
