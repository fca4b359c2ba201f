"""Lineage: how units of one date became the units of a later one.

A change between two unit lists is a set of :class:`LineageLink` records
(one old unit → one new unit, with ``whole``/``default``/``share``), grouped
into :class:`LineageEvent` objects (a merge of several units into one, a
rename, a change of kind …).  The walks at the end of this module follow these links
to answer "what is this unit of date A on date B?" as a :class:`Projection`
(forward, :meth:`~qcdc.units.gazetteer.Gazetteer.project`; backward,
:meth:`~qcdc.units.gazetteer.Gazetteer.predecessors`), and carry lists of codes,
places and whole unit lists across dates (``convert``, ``project_place``,
``crosswalk``, ``diff``).  The gazetteer's methods check the arguments and call them.
(Over 800 lines: one concept, the lineage — its records and the walks that read them; the
walks carry the links' shares, which is why they live beside the records.)

>>> import datetime as dt
>>> link = LineageLink(dt.date(2025, 7, 1), EventKind.MERGE, "00001", "00097")
>>> link.whole, link.default, link.share is None
(True, True, True)
"""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import attrs

from qcdc._bounds import excerpt
from qcdc.citations import Citation, Confidence
from qcdc.errors import InvalidUnitCode, SplitConversion, UnknownUnit, UnresolvedUnit
from qcdc.units import _columns
from qcdc.units._collections import UnitList, as_unit_list, shown_unit
from qcdc.units._columns import (
    EVENT_COLUMNS,
    PROJECTION_COLUMNS,
    Layout,
    event_columns,
    share_columns,
)
from qcdc.units.model import AdministrativeUnit, UnitKind, UnitLevel

if TYPE_CHECKING:
    from qcdc.units.gazetteer import Gazetteer

__all__ = [
    "CrosswalkRow",
    "Diff",
    "EventKind",
    "LineageEvent",
    "LineageLink",
    "PlaceProjection",
    "Projection",
    "Status",
    "Target",
    "VintageGuess",
    "group_events",
]

Status = Literal["same", "merged", "split", "unresolved"]
_SHOWN = 3  # targets a projection's repr names


def _bounded(text: str, limit: int = 1000) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_KIND_ORDER = {k: i for i, k in enumerate(UnitKind)}
_DAY = dt.timedelta(days=1)


class EventKind(enum.Enum):
    """What happened to a unit on an effective date."""

    #: Whole units, or parts of them, joined a new or surviving unit.  A unit divided
    #: among several new ones has one ``merge`` link to each, all with ``whole=False``
    #: and exactly one ``default`` (this is how the 2025 data records divided communes).
    MERGE = "merge"
    #: A part of a unit that goes on moved to another unit (a partial transfer), as when
    #: Thị xã Chũ was carved out of Huyện Lục Ngạn on 2025-01-01.
    SPLIT = "split"
    #: A new name, the territory unchanged.
    RENAME = "rename"
    #: A change of kind: xã → phường, huyện đảo → đặc khu.
    RETYPE = "retype"
    #: Moved under another parent (a district re-drawn, a commune moved).
    REPARENT = "reparent"
    #: A unit with no recorded predecessor.
    CREATE = "create"
    #: A level was abolished (the districts on 1 July 2025); the link points to the unit above.
    ABOLISH = "abolish"
    #: A new code with no territorial change.
    RECODE = "recode"

    @property
    def territorial(self) -> bool:
        """True for the kinds that change a unit's territory."""
        return self in (EventKind.MERGE, EventKind.SPLIT, EventKind.CREATE, EventKind.ABOLISH)

    def __str__(self) -> str:
        return self.value


def _fraction(value: Fraction | str | float | None) -> Fraction | None:
    if value is None or value == "":
        return None
    return Fraction(value)


def _check_share(
    instance: LineageLink, attribute: attrs.Attribute[Any], value: Fraction | None
) -> None:
    if value is not None and not (0 < value <= 1):
        raise ValueError(f"share must be in (0, 1], got {value}")


@attrs.frozen
class LineageLink:
    """One old unit (``source``, in force the day before ``effective``) → one new unit.

    ``source`` is ``""`` for a :attr:`EventKind.CREATE` link.  ``whole`` says the
    whole old unit went to the target ("toàn bộ"), not a part ("một phần");
    ``default`` marks the one successor a split unit's code converts to by default.

    ``area_share`` and ``population_share`` are the fractions of the old unit's natural area
    and population that went to the target, where the act states them (never estimated);
    ``share`` is the one walks carry: the population share when stated, else the area share.
    """

    effective: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    kind: EventKind = attrs.field(converter=EventKind)
    source: str = attrs.field(validator=attrs.validators.instance_of(str))
    target: str = attrs.field(validator=attrs.validators.instance_of(str))
    whole: bool = True
    default: bool = True
    share: Fraction | None = attrs.field(default=None, converter=_fraction, validator=_check_share)
    basis: str | None = None
    note: str | None = None
    #: where in the act (``basis``) the link is stated, when its text was read
    clause: str | None = None
    area_share: Fraction | None = attrs.field(
        default=None, converter=_fraction, validator=_check_share
    )
    population_share: Fraction | None = attrs.field(
        default=None, converter=_fraction, validator=_check_share
    )


# How sure qcdc is that a document made the changes it is given as the basis of
# (legal basis §3.4–3.5); documents not listed are "sure".
_BASIS_CONFIDENCE: dict[str, tuple[Confidence, str]] = {
    "203/2025/QH15": (
        Confidence.LIKELY,
        "the constitutional amendment that removed the district level; known from a secondary "
        "compilation (legal basis §3.4)",
    ),
    "1286/NQ-UBTVQH15": (
        Confidence.LIKELY,
        "Hà Nội's 2023–2025 arrangement; the counts are sure, the effective date of "
        "2025-01-01 is likely (legal basis §3.5)",
    ),
}


def _basis_citation(document: str) -> Citation:
    confidence, note = _BASIS_CONFIDENCE.get(document, (Confidence.SURE, None))
    return Citation(document, confidence=confidence, note=note)


@attrs.frozen
class LineageEvent:
    """A change on one date: a merge of ``sources`` into ``targets``, a rename, …

    ``basis`` is the document that made it (e.g. ``"1656/NQ-UBTVQH15"``) or ``None``
    where it is not known.
    """

    kind: EventKind
    effective: dt.date
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    basis: str | None = None
    note: str | None = None

    @property
    def basis_citations(self) -> tuple[Citation, ...]:
        """The documents of ``basis``, each with how sure qcdc is that it made this change.

        >>> import datetime as dt
        >>> e = LineageEvent(EventKind.ABOLISH, dt.date(2025, 7, 1), ("001",), ("01",),
        ...                  basis="203/2025/QH15")
        >>> [str(c) for c in e.basis_citations]
        ['203/2025/QH15 (likely)']
        """
        if not self.basis:
            return ()
        return tuple(_basis_citation(b.strip()) for b in self.basis.split(";"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "effective": self.effective.isoformat(),
            "sources": list(self.sources),
            "targets": list(self.targets),
            "basis": self.basis,
            "basis_confidence": [c.confidence.value for c in self.basis_citations],
        }

    def __str__(self) -> str:
        basis = f" ({self.basis})" if self.basis else ""
        return (
            f"{self.effective.isoformat()} {self.kind.value}: "
            f"{', '.join(self.sources) or '—'} → {', '.join(self.targets)}{basis}"
        )


@attrs.frozen
class Target:
    """Where (a part of) a unit went: code and name on the target date."""

    code: str
    name: str
    whole: bool
    default: bool
    share: Fraction | None = None
    unit: AdministrativeUnit | None = attrs.field(default=None, eq=False, repr=False)
    #: the products of the links' stated area and population shares along the path, where
    #: every link of it states one (``share`` is the population share, else the area share);
    #: not in :meth:`to_dict`, whose keys the report's JSON keeps
    area_share: Fraction | None = attrs.field(default=None, repr=False)
    population_share: Fraction | None = attrs.field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "whole": self.whole,
            "default": self.default,
            "share": _text(self.share),
        }


def _text(value: Fraction | None) -> str | None:
    return str(value) if value is not None else None


@attrs.frozen
class Projection:
    """The answer of :meth:`~qcdc.units.gazetteer.Gazetteer.project` (or ``predecessors``).

    ``status`` is ``'same'`` (one whole target, no territorial change — renames and
    changes of kind allowed), ``'merged'`` (one whole target that other units joined,
    or the level above when a level was abolished), ``'split'`` (several targets, one
    of them ``default``) or ``'unresolved'`` (the data records no successor; see
    ``reason``).

    ``to_pandas()``, ``to_polars()`` and ``to_arrow()`` give one row per target
    (``source``, ``target``, ``target_name``, ``whole``, ``default``, ``share`` with its
    exact numerator and denominator, ``status``, ``on_date``, ``to_date``; no row for an
    unresolved unit); the ``repr`` is one line.
    """

    code: str
    on: dt.date
    to: dt.date
    status: Status
    targets: tuple[Target, ...]
    events: tuple[LineageEvent, ...]
    reason: str | None = None
    #: set when ``to`` (``on`` for predecessors) is after the date the embedded data's
    #: sources were last checked: the answer is the newest state known, through that date
    known_through: dt.date | None = None

    @property
    def default(self) -> Target | None:
        """The default target (the only one unless the unit was split)."""
        for t in self.targets:
            if t.default:
                return t
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "on": self.on.isoformat(),
            "to": self.to.isoformat(),
            "status": self.status,
            "targets": [t.to_dict() for t in self.targets],
            "events": [e.to_dict() for e in self.events],
            "reason": self.reason,
        } | ({"known_through": self.known_through.isoformat()} if self.known_through else {})

    def __repr__(self) -> str:
        # the targets' units and the events (a province's merge names dozens of units)
        # are in .targets and .events: a repr names the first targets only
        return f"<Projection {_bounded(self._summary())}>"

    def _summary(self) -> str:
        head = f"{self.code} {self.on.isoformat()} → {self.to.isoformat()}: {self.status}"
        if not self.targets:
            return f"{head} ({excerpt(self.reason or 'no successor recorded')})"
        shown = [
            shown_unit(t.code, t.name)
            + ("" if t.whole else " (part)")
            + (" (default)" if t.default and len(self.targets) > 1 else "")
            for t in self.targets[:_SHOWN]
        ]
        more = f", … {len(self.targets) - _SHOWN} more" if len(self.targets) > _SHOWN else ""
        events = f"; {len(self.events)} event{'s' if len(self.events) != 1 else ''}"
        through = f"; known through {self.known_through}" if self.known_through else ""
        return f"{head} → {', '.join(shown)}{more}{events}{through}"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(t.code)}</td><td>{html.escape(t.name)}</td>"
            f"<td>{'whole' if t.whole else 'part'}</td>"
            f"<td>{'default' if t.default else ''}</td>"
            f"<td>{html.escape(str(t.share) if t.share is not None else '')}</td></tr>"
            for t in self.targets
        )
        reason = f"<p>{html.escape(excerpt(self.reason))}</p>" if self.reason else ""
        return (
            f"<p><code>{html.escape(self.code)}</code> on {self.on} → {self.to}: "
            f"<b>{self.status}</b></p><table>{rows}</table>{reason}"
        )

    to_pandas = _columns.to_pandas
    to_polars = _columns.to_polars
    to_arrow = _columns.to_arrow

    def _frame_columns(self) -> tuple[dict[str, list[Any]], Layout]:
        cols: dict[str, list[Any]] = {name: [] for name, _ in PROJECTION_COLUMNS}
        for t in self.targets:
            cols["source"].append(self.code)
            cols["target"].append(t.code)
            cols["target_name"].append(t.name)
            cols["whole"].append(t.whole)
            cols["default"].append(t.default)
            share_columns(cols, t.share)
            cols["status"].append(self.status)
            cols["on_date"].append(self.on)
            cols["to_date"].append(self.to)
        return cols, PROJECTION_COLUMNS


@attrs.frozen
class CrosswalkRow:
    """One row of a crosswalk: a source unit and one of its targets."""

    source: str
    source_name: str
    target: str | None
    target_name: str | None
    whole: bool
    default: bool
    share: Fraction | None
    status: Status
    events: tuple[LineageEvent, ...]
    area_share: Fraction | None = attrs.field(default=None, repr=False)
    population_share: Fraction | None = attrs.field(default=None, repr=False)

    @property
    def basis(self) -> str | None:
        bases = sorted({e.basis for e in self.events if e.basis})
        return "; ".join(bases) if bases else None

    def __repr__(self) -> str:
        how = ("whole" if self.whole else "part") + (", default" if self.default else "")
        share = f", share {self.share}" if self.share is not None else ""
        n = len(self.events)
        return (
            f"<CrosswalkRow {shown_unit(self.source, self.source_name)} → "
            f"{shown_unit(self.target, self.target_name)} ({how}{share}): {self.status}; "
            f"{n} event{'s' if n != 1 else ''}>"
        )

    def _repr_html_(self) -> str:
        return (
            f"<p>{html.escape(shown_unit(self.source, self.source_name))} → "
            f"{html.escape(shown_unit(self.target, self.target_name))}: <b>{self.status}</b> "
            f"({'whole' if self.whole else 'part'}{', default' if self.default else ''}"
            f"{html.escape(f', share {self.share}' if self.share is not None else '')})</p>"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "source_name": self.source_name,
            "target": self.target,
            "target_name": self.target_name,
            "whole": self.whole,
            "default": self.default,
            "share": str(self.share) if self.share is not None else None,
            "status": self.status,
            "events": "; ".join(
                dict.fromkeys(f"{e.effective.isoformat()} {e.kind.value}" for e in self.events)
            ),
            "basis": self.basis,
            "area_share": _text(self.area_share),
            "population_share": _text(self.population_share),
        }


@attrs.frozen
class Diff:
    """What changed between two dates.

    ``removed`` are units in force on ``on`` and not on ``to``; ``added`` the
    reverse (both :class:`~qcdc.units.UnitList`); ``events`` every lineage event in
    ``(on, to]``; ``counts`` the events by kind.  For every level,
    ``count(to) - count(on) == len(added) - len(removed)``.

    A diff iterates over its events, and ``to_pandas()``, ``to_polars()`` and
    ``to_arrow()`` give one row per event (``effective``, ``kind``, ``sources``,
    ``targets``, ``basis``; several codes ``"; "``-separated).
    """

    on: dt.date
    to: dt.date
    removed: tuple[AdministrativeUnit, ...] = attrs.field(converter=as_unit_list)
    added: tuple[AdministrativeUnit, ...] = attrs.field(converter=as_unit_list)
    events: tuple[LineageEvent, ...]

    @property
    def counts(self) -> Mapping[EventKind, int]:
        out: dict[EventKind, int] = {}
        for e in self.events:
            out[e.kind] = out.get(e.kind, 0) + 1
        return out

    def by_level(self) -> dict[UnitLevel, tuple[int, int]]:
        """``{level: (removed, added)}``."""
        out: dict[UnitLevel, tuple[int, int]] = {}
        for level in UnitLevel:
            out[level] = (
                sum(1 for u in self.removed if u.level is level),
                sum(1 for u in self.added if u.level is level),
            )
        return out

    def summary(self) -> str:
        parts = [
            f"{k.value}: {n}" for k, n in sorted(self.counts.items(), key=lambda kv: kv[0].value)
        ]
        lines = [
            f"{self.on.isoformat()} → {self.to.isoformat()}: " + (", ".join(parts) or "no events")
        ]
        for level, (removed, added) in self.by_level().items():
            if removed or added:
                lines.append(f"  {level.name.lower()}: {removed} ended, {added} began")
        return "\n".join(lines)

    def __iter__(self) -> Iterator[LineageEvent]:
        return iter(self.events)

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{k.value} {n}" for k, n in sorted(self.counts.items(), key=lambda kv: kv[0].value)
        )
        return (
            f"<Diff {self.on.isoformat()} → {self.to.isoformat()}: {len(self.removed)} units "
            f"ended, {len(self.added)} began; {len(self.events)} events ({counts or 'none'})>"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{level.name.lower()}</td><td>{removed}</td><td>{added}</td></tr>"
            for level, (removed, added) in self.by_level().items()
            if removed or added
        )
        counts = ", ".join(
            f"{k.value}: {n}" for k, n in sorted(self.counts.items(), key=lambda kv: kv[0].value)
        )
        return (
            f"<p><b>Diff</b> {self.on} → {self.to}: {len(self.events)} events "
            f"({counts or 'none'})</p><table><tr><th>level</th><th>ended</th><th>began</th></tr>"
            f"{rows}</table>"
        )

    to_pandas = _columns.to_pandas
    to_polars = _columns.to_polars
    to_arrow = _columns.to_arrow

    def _frame_columns(self) -> tuple[dict[str, list[Any]], Layout]:
        return event_columns(self.events), EVENT_COLUMNS


@attrs.frozen
class PlaceProjection:
    """The units of a place on one date, carried through the lineage to another.

    ``before`` are the units of ``level`` within the place on ``on``; ``after`` every
    unit of that level they reach on ``to`` (all parts of split units included);
    ``place`` is the projection of the place itself; ``statuses`` counts how the
    units of ``before`` got there.
    """

    place: Projection
    level: UnitLevel
    before: tuple[AdministrativeUnit, ...] = attrs.field(converter=as_unit_list)
    after: tuple[AdministrativeUnit, ...] = attrs.field(converter=as_unit_list)
    statuses: Mapping[str, int]

    def by_kind(self, which: Literal["before", "after"] = "after") -> dict[str, int]:
        """Counts by Vietnamese kind name, in the order kinds are declared."""
        units = self.before if which == "before" else self.after
        out: dict[str, int] = {}
        for u in sorted(units, key=lambda u: _KIND_ORDER[u.kind]):
            out[u.kind.vietnamese] = out.get(u.kind.vietnamese, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place.to_dict(),
            "level": self.level.name.lower(),
            "on": self.place.on.isoformat(),
            "to": self.place.to.isoformat(),
            "before": {"count": len(self.before), "by_kind": self.by_kind("before")},
            "after": {
                "count": len(self.after),
                "by_kind": self.by_kind("after"),
                "codes": [u.code for u in self.after],
            },
            "statuses": dict(self.statuses),
        }

    def _summary(self) -> str:
        level = self.level.name.lower()
        p = self.place
        statuses = ", ".join(f"{k} {n}" for k, n in sorted(self.statuses.items()))
        return (
            f"{p.code}: {len(self.before)} {level}-level units on {p.on.isoformat()} → "
            f"{len(self.after)} on {p.to.isoformat()} ({statuses or 'none'})"
        )

    def __repr__(self) -> str:
        # the units themselves are in .before and .after: a repr of a city's 579 units
        # would run to 125,000 characters
        return f"<PlaceProjection {self._summary()}>"

    def _repr_html_(self) -> str:
        before, after = self.by_kind("before"), self.by_kind("after")
        rows = "".join(
            f"<tr><td>{html.escape(kind)}</td><td>{before.get(kind, 0)}</td>"
            f"<td>{after.get(kind, 0)}</td></tr>"
            for kind in dict.fromkeys([*before, *after])
        )
        p = self.place
        return (
            f"<p><b>{html.escape(p.code)}</b>: {self.level.name.lower()}-level units, "
            f"{p.on} → {p.to}</p><table><tr><th>kind</th><th>{p.on}</th><th>{p.to}</th></tr>"
            f"{rows}<tr><td><b>total</b></td><td><b>{len(self.before)}</b></td>"
            f"<td><b>{len(self.after)}</b></td></tr></table>"
            f"<p>{html.escape(', '.join(f'{k}: {n}' for k, n in sorted(self.statuses.items())))}"
            "</p>"
        )


@attrs.frozen
class VintageGuess:
    """How well a set of codes fits the unit list in force over ``[valid_from, valid_to)``."""

    valid_from: dt.date
    valid_to: dt.date | None
    matched: int
    total: int
    unique_matches: tuple[str, ...]
    """Codes that exist in this list and in no other: the strongest evidence."""
    missing: tuple[str, ...]
    """A sample of codes that do not exist in this list."""

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 0.0

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "…"
        return (
            f"{self.valid_from.isoformat()}–{end}: {self.matched}/{self.total} codes "
            f"({self.share:.1%}), {len(self.unique_matches)} found only in this list"
        )


def group_events(
    links: Sequence[LineageLink],
    continuing: Callable[[dt.date, str], bool] | None = None,
) -> dict[LineageLink, LineageEvent]:
    """Group links into events, one per (date, kind, target).

    A merge names every unit of the target's level that went into it, including the
    target itself when it went on across the date (``continuing(date, code)``): a
    unit that absorbed another is a merge even if only the absorbed one has a link.
    """
    by_target: dict[tuple[dt.date, EventKind, str], list[LineageLink]] = {}
    joined: dict[tuple[dt.date, str], set[str]] = {}
    for link in links:
        by_target.setdefault((link.effective, link.kind, link.target), []).append(link)
        if link.source and len(link.source) == len(link.target):
            joined.setdefault((link.effective, link.target), set()).add(link.source)
    out: dict[LineageLink, LineageEvent] = {}
    for (effective, kind, target), group in by_target.items():
        bases = sorted({lk.basis for lk in group if lk.basis})
        own = {lk.source for lk in group if lk.source}
        if kind is EventKind.MERGE:
            # a merge names every unit of its level that went (wholly or partly) into the target
            own |= joined.get((effective, target), set())
            if continuing is not None and continuing(effective, target):
                own.add(target)
        event = LineageEvent(
            kind=kind,
            effective=effective,
            sources=tuple(sorted(own)),
            targets=(target,),
            basis="; ".join(bases) if bases else None,
            note=group[0].note if len(group) == 1 else None,
        )
        for link in group:
            out[link] = event
    return out


# ------------------------------------------------------------------------------ the walks
#
# Functions over a gazetteer's data: its unit lists by date (``get``, ``lookup``,
# ``units``, ``_boundaries``), its links indexed by date and code (``_link_index``) and
# the reasons of the units it cannot follow (``_unresolved``).  The gazetteer's methods
# coerce and check the arguments, then call these.


@attrs.frozen
class _LinkIndex:
    """The links by (date, source code), by (date, target code), and the event of each."""

    out: Mapping[tuple[dt.date, str], Sequence[LineageLink]]
    into: Mapping[tuple[dt.date, str], Sequence[LineageLink]]
    events: Mapping[LineageLink, LineageEvent]


def _index_links(
    links: Sequence[LineageLink], continuing: Callable[[dt.date, str], bool] | None = None
) -> _LinkIndex:
    """Index ``links`` for the walks (``continuing`` as for :func:`group_events`)."""
    out: dict[tuple[dt.date, str], list[LineageLink]] = {}
    into: dict[tuple[dt.date, str], list[LineageLink]] = {}
    for link in links:
        if link.source:
            out.setdefault((link.effective, link.source), []).append(link)
        into.setdefault((link.effective, link.target), []).append(link)
    return _LinkIndex(out, into, group_events(links, continuing))


def _territorial(event: LineageEvent) -> bool:
    if event.kind is EventKind.MERGE:
        return len(event.sources) > 1
    return event.kind.territorial


def _dedupe(events: tuple[LineageEvent, ...]) -> tuple[LineageEvent, ...]:
    seen: set[int] = set()
    out = []
    for e in events:
        if id(e) not in seen:
            seen.add(id(e))
            out.append(e)
    return tuple(out)


# one unit reached by a walk: [unit, whole, default, share, events, area share, population share]
_Frontier = dict[tuple[str, dt.date], list[Any]]


def _merge_into(
    acc: _Frontier,
    unit: AdministrativeUnit,
    whole: bool,
    default: bool,
    share: Fraction | None,
    events: tuple[LineageEvent, ...],
    area: Fraction | None = None,
    people: Fraction | None = None,
) -> None:
    prev = acc.get(unit.identity)
    if prev is None:
        acc[unit.identity] = [unit, whole, default, share, events, area, people]
        return
    prev[1] = prev[1] or whole
    prev[2] = prev[2] or default
    prev[3] = prev[3] + share if prev[3] is not None and share is not None else None
    prev[4] = _dedupe(prev[4] + events)
    prev[5] = prev[5] + area if prev[5] is not None and area is not None else None
    prev[6] = prev[6] + people if prev[6] is not None and people is not None else None


def _times(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    return a * b if a is not None and b is not None else None


def _rest(share: Fraction | None, moved: Sequence[Fraction | None]) -> Fraction | None:
    """What ``share`` keeps after the parts that moved, where all of them are known."""
    if share is None or any(m is None for m in moved):
        return None
    return share - sum((share * m for m in moved if m is not None), Fraction(0))


def _successors(g: Gazetteer, unit: AdministrativeUnit, on: dt.date, to: dt.date) -> Projection:
    """Where ``unit`` (in force on ``on``) is on ``to`` (``to >= on``), following every
    lineage event in between (see :meth:`~qcdc.units.gazetteer.Gazetteer.project`)."""
    index = g._link_index()
    links_out, links_in, event_of = index.out, index.into, index.events
    one = Fraction(1)
    frontier: _Frontier = {unit.identity: [unit, True, True, one, (), one, one]}
    reason: str | None = None
    for e in g._boundaries(on, to):
        # most units go through most act days untouched (one epoch per act day): skip those
        for entry in frontier.values():
            u = entry[0]
            key = (e, u.code)
            if (u.valid_to is not None and u.valid_to <= e) or key in links_in or key in links_out:
                break
        else:
            continue
        nxt: _Frontier = {}
        for u, whole, default, share, events, area, people in frontier.values():
            if u.valid_to is None or u.valid_to > e:
                extra = tuple(
                    event_of[lk]
                    for lk in links_in.get((e, u.code), ())
                    # units of the same level that joined it (not a level folded into it)
                    if lk.source != u.code and len(lk.source) == len(u.code)
                )
                # parts of it that moved to other units while it went on
                moved = [lk for lk in links_out.get((e, u.code), ()) if lk.target != u.code]
                kept_whole = whole and not moved
                _merge_into(
                    nxt,
                    u,
                    kept_whole,
                    default,
                    share if kept_whole else None,
                    events + _dedupe(extra + tuple(event_of[lk] for lk in moved)),
                    area if kept_whole else None,
                    people if kept_whole else None,
                )
                for lk in moved:
                    t = g.get(lk.target, on=e)
                    if t is not None:
                        _merge_into(nxt, t, False, False, None, events + (event_of[lk],))
                continue
            outgoing = links_out.get((e, u.code), ())
            if not outgoing:
                reason = g._unresolved.get(
                    (u.code, e), f"{u} ended on {e} and the data records no successor"
                )
                continue
            # one link per target (a unit renamed and retyped on one day has two links to
            # itself); its code may go on after giving parts away: it keeps the rest
            first: dict[str, LineageLink] = {}
            for lk in outgoing:
                if lk.target not in first or (first[lk.target].whole and not lk.whole):
                    first[lk.target] = lk
            moved = [lk for lk in first.values() if lk.target != u.code and not lk.whole]
            for lk in first.values():
                t = g.get(lk.target, on=e)
                if t is None:
                    reason = f"the successor {lk.target} of {u} is not in the list of {e}"
                    continue
                part = _times(share, lk.share)
                a, n = _times(area, lk.area_share), _times(people, lk.population_share)
                if lk.whole:
                    part, a, n = share, area, people
                link_whole = lk.whole
                if moved and lk.target == u.code:
                    part = _rest(share, [m.share for m in moved])
                    a = _rest(area, [m.area_share for m in moved])
                    n = _rest(people, [m.population_share for m in moved])
                    link_whole = False
                # other units of its level that joined the same target
                joined = tuple(
                    event_of[other]
                    for other in links_in.get((e, t.code), ())
                    if other.source and other.source != u.code and len(other.source) == len(t.code)
                )
                _merge_into(
                    nxt,
                    t,
                    whole and link_whole,
                    default and lk.default,
                    part,
                    _dedupe(
                        events
                        + tuple(event_of[x] for x in outgoing if x.target == lk.target)
                        + joined
                    ),
                    a,
                    n,
                )
        frontier = nxt
    return _forward_projection(unit, on, to, frontier, reason)


def _forward_projection(
    unit: AdministrativeUnit,
    on: dt.date,
    to: dt.date,
    frontier: _Frontier,
    reason: str | None,
) -> Projection:
    entries = sorted(frontier.values(), key=lambda x: (not x[2], x[0].code))
    events = _dedupe(tuple(e for entry in entries for e in entry[4]))
    if not entries:
        return Projection(unit.code, on, to, "unresolved", (), events, reason)
    if len(entries) == 1:
        u, one = entries[0][0], Fraction(1)
        known_ = [None if x is None else one for x in (entries[0][3], entries[0][5], entries[0][6])]
        targets: tuple[Target, ...] = (
            Target(u.code, u.name, True, True, known_[0], u, known_[1], known_[2]),
        )
        status: Status = "merged" if any(_territorial(e) for e in events) else "same"
    else:
        if not any(x[2] for x in entries):
            entries[0][2] = True
        seen_default = False
        targets_list = []
        for u, _whole, default, share, _ev, area, people in entries:
            is_default = default and not seen_default
            seen_default = seen_default or is_default
            known = [x if x is not None and x != 1 else None for x in (share, area, people)]
            targets_list.append(
                Target(u.code, u.name, False, is_default, known[0], u, known[1], known[2])
            )
        targets = tuple(targets_list)
        status = "split"
    return Projection(unit.code, on, to, status, targets, events, reason)


def _predecessors(
    g: Gazetteer, unit: AdministrativeUnit, on: dt.date, since: dt.date
) -> Projection:
    """The units of ``since`` that (in whole or in part) became ``unit`` of ``on``
    (see :meth:`~qcdc.units.gazetteer.Gazetteer.predecessors`)."""
    index = g._link_index()
    links_in, event_of = index.into, index.events
    frontier: _Frontier = {unit.identity: [unit, True, True, Fraction(1), (), None, None]}
    reason = None
    for e in reversed(g._boundaries(since, on)):
        for entry in frontier.values():
            if entry[0].valid_from >= e or (e, entry[0].code) in links_in:
                break
        else:
            continue  # nothing joined any of them on that day
        nxt: _Frontier = {}
        for u, whole, default, share, events, _a, _n in frontier.values():
            incoming = tuple(lk for lk in links_in.get((e, u.code), ()) if lk.source)
            same_level = tuple(lk for lk in incoming if len(lk.source) == len(u.code))
            # a level folded into a unit (districts into provinces) is not its predecessor,
            # unless nothing else is (an island district that became a special zone)
            incoming = same_level or (incoming if u.valid_from == e else ())
            if u.valid_from < e:
                _merge_into(nxt, u, whole, default, share, events)
                incoming = tuple(lk for lk in incoming if lk.source != u.code)
            elif not incoming or all(not lk.source for lk in incoming):
                reason = g._unresolved.get(
                    (u.code, e), f"{u} began on {e} and the data records no predecessor"
                )
                continue
            for lk in incoming:
                if not lk.source:
                    continue
                s = g.get(lk.source, on=e - _DAY)
                if s is None:
                    continue
                _merge_into(nxt, s, whole and lk.whole, default, None, events + (event_of[lk],))
        frontier = nxt
    entries = sorted(frontier.values(), key=lambda x: x[0].code)
    events = _dedupe(tuple(e for entry in entries for e in entry[4]))
    if not entries:
        return Projection(unit.code, on, since, "unresolved", (), events, reason)
    targets = tuple(
        Target(u.code, u.name, whole, u.code == unit.code or len(entries) == 1, None, u)
        for u, whole, _d, _s, _e, _a, _n in entries
    )
    if len(targets) > 1:
        status: Status = "merged"
    elif not targets[0].whole:
        status = "split"
    else:
        status = "merged" if any(_territorial(e) for e in events) else "same"
    return Projection(unit.code, on, since, status, targets, events, reason)


def _convert(
    g: Gazetteer,
    codes: Iterable[str],
    on: dt.date,
    to: dt.date,
    on_split: str,
    on_unknown: str,
) -> list[Any]:
    """Many codes of ``on`` as codes of ``to``, each distinct code walked once
    (see :meth:`~qcdc.units.gazetteer.Gazetteer.convert`; the policies are checked there)."""
    memo: dict[str, tuple[str, ...] | str | None] = {}
    split: dict[str, tuple[str, ...]] = {}
    unresolved: dict[str, str] = {}
    backward = to < on
    want_all = on_split == "all"
    keep_place = on_unknown == "none"

    def solve(code: str) -> tuple[str, ...] | str | None:
        try:
            p = g.predecessors(code, on=on, since=to) if backward else g.project(code, on=on, to=to)
        except (UnknownUnit, InvalidUnitCode):
            if keep_place:
                return () if want_all else None
            raise
        codes_ = tuple(t.code for t in p.targets)
        if not codes_:
            if not keep_place:
                unresolved[p.code] = p.reason or "the data cannot follow it"
            return () if want_all else None
        if want_all:
            return codes_
        if len(codes_) == 1:
            return codes_[0]
        if on_split == "raise":
            split[code] = codes_
            return None
        if backward:
            keep = [c for c in codes_ if c == p.code]
            if len(keep) == 1:
                return keep[0]
            split[code] = codes_
            return None
        d = p.default
        return d.code if d is not None else None

    out: list[Any] = []
    append = out.append
    get = memo.get
    for code in codes:
        hit = get(code, memo)
        if hit is memo:
            hit = memo[code] = solve(code)
        append(hit)
    if unresolved:
        raise UnresolvedUnit(unresolved, on=on, to=to)
    if split:
        raise SplitConversion(split, direction="backward" if backward else "forward")
    return out


def _project_place(
    g: Gazetteer, place: AdministrativeUnit, on: dt.date, to: dt.date, level: UnitLevel
) -> PlaceProjection:
    """The units of ``level`` within ``place`` carried from ``on`` to ``to``
    (see :meth:`~qcdc.units.gazetteer.Gazetteer.project_place`)."""
    projection = g.project(place.code, on=on, to=to)
    before = (
        UnitList((place,))
        if place.level is level
        else g.units(on=on, level=level, within=place.code)
    )
    reached: dict[tuple[str, dt.date], AdministrativeUnit] = {}
    statuses: dict[str, int] = {}
    for u in before:
        p = g.project(u.code, on=on, to=to)
        statuses[p.status] = statuses.get(p.status, 0) + 1
        for t in p.targets:
            target = t.unit if t.unit is not None else g.lookup(t.code, on=to)
            reached[target.identity] = target
    after = UnitList(sorted(reached.values(), key=lambda u: u.code))
    return PlaceProjection(projection, level, before, after, statuses)


def _crosswalk(
    g: Gazetteer, on: dt.date, to: dt.date, level: UnitLevel | None
) -> list[CrosswalkRow]:
    """Every unit of ``on`` with each of its targets on ``to``: one row per target."""
    rows: list[CrosswalkRow] = []
    for u in g.units(on=on, level=level):
        p = g.project(u.code, on=on, to=to)
        if not p.targets:
            rows.append(
                CrosswalkRow(u.code, u.name, None, None, False, False, None, p.status, p.events)
            )
        for t in p.targets:
            rows.append(
                CrosswalkRow(
                    u.code,
                    u.name,
                    t.code,
                    t.name,
                    t.whole,
                    t.default,
                    t.share,
                    p.status,
                    p.events,
                    t.area_share,
                    t.population_share,
                )
            )
    return rows


def _diff(g: Gazetteer, on: dt.date, to: dt.date) -> Diff:
    """What changed between two dates (``on <= to``): units that ended, began, the events."""
    a = {u.identity: u for u in g.units(on=on)}
    b = {u.identity: u for u in g.units(on=to)}
    removed = UnitList(u for k, u in a.items() if k not in b)
    added = UnitList(u for k, u in b.items() if k not in a)
    event_of = g._link_index().events
    events = _dedupe(tuple(event_of[lk] for lk in g.links if on < lk.effective <= to))
    return Diff(on, to, removed, added, events)
