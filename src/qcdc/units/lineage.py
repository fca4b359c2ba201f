"""Lineage: how units of one date became the units of a later one.

A change between two unit lists is a set of :class:`LineageLink` records
(one old unit → one new unit, with ``whole``/``default``/``share``), grouped
into :class:`LineageEvent` objects (a merge of several units into one, a
rename, a change of kind …).  :meth:`qcdc.units.gazetteer.Gazetteer.project` walks
these links to answer "what is this unit of date A on date B?" as a
:class:`Projection`.

>>> import datetime as dt
>>> link = LineageLink(dt.date(2025, 7, 1), EventKind.MERGE, "00001", "00097")
>>> link.whole, link.default, link.share is None
(True, True, True)
"""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Callable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from qcdc.citations import Citation, Confidence
from qcdc.units.model import AdministrativeUnit, UnitKind, UnitLevel

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
_KIND_ORDER = {k: i for i, k in enumerate(UnitKind)}


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


# How sure qcdc is that a document made the changes it is given as the basis of
# (shared/domain/FACTS.md §3.4–3.5); documents not listed are "sure".
_BASIS_CONFIDENCE: dict[str, tuple[Confidence, str]] = {
    "203/2025/QH15": (
        Confidence.LIKELY,
        "the constitutional amendment that removed the district level; known from a secondary "
        "compilation (FACTS.md §3.4)",
    ),
    "1286/NQ-UBTVQH15": (
        Confidence.LIKELY,
        "Hà Nội's 2023–2025 arrangement; the counts are sure, the effective date of "
        "2025-01-01 is likely (FACTS.md §3.5)",
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "whole": self.whole,
            "default": self.default,
            "share": str(self.share) if self.share is not None else None,
        }


@attrs.frozen
class Projection:
    """The answer of :meth:`~qcdc.units.gazetteer.Gazetteer.project` (or ``predecessors``).

    ``status`` is ``'same'`` (one whole target, no territorial change — renames and
    changes of kind allowed), ``'merged'`` (one whole target that other units joined,
    or the level above when a level was abolished), ``'split'`` (several targets, one
    of them ``default``) or ``'unresolved'`` (the data records no successor; see
    ``reason``).
    """

    code: str
    on: dt.date
    to: dt.date
    status: Status
    targets: tuple[Target, ...]
    events: tuple[LineageEvent, ...]
    reason: str | None = None

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
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(t.code)}</td><td>{html.escape(t.name)}</td>"
            f"<td>{'whole' if t.whole else 'part'}</td>"
            f"<td>{'default' if t.default else ''}</td></tr>"
            for t in self.targets
        )
        return (
            f"<p><code>{html.escape(self.code)}</code> on {self.on} → {self.to}: "
            f"<b>{self.status}</b></p><table>{rows}</table>"
        )


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

    @property
    def basis(self) -> str | None:
        bases = sorted({e.basis for e in self.events if e.basis})
        return "; ".join(bases) if bases else None

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
        }


@attrs.frozen
class Diff:
    """What changed between two dates.

    ``removed`` are units in force on ``on`` and not on ``to``; ``added`` the
    reverse; ``events`` every lineage event in ``(on, to]``; ``counts`` the events
    by kind.  For every level, ``count(to) - count(on) == len(added) - len(removed)``.
    """

    on: dt.date
    to: dt.date
    removed: tuple[AdministrativeUnit, ...]
    added: tuple[AdministrativeUnit, ...]
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
    before: tuple[AdministrativeUnit, ...]
    after: tuple[AdministrativeUnit, ...]
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
