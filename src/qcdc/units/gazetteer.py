"""The gazetteer: Vietnam's administrative units through time, and their lineage.

Every question is asked *as of a date*: codes are reused across eras (26740 was
Phường Bến Nghé and is Phường Sài Gòn since 1 July 2025), so every lookup takes
``on=``.

>>> import datetime as dt
>>> g = gazetteer()
>>> g.get("00001", on=dt.date(2021, 12, 17)).name
'Phường Phúc Xá'
>>> g.count(on=dt.date(2021, 12, 17), level="commune", within="01")
579
>>> p = g.project("00001", on=dt.date(2021, 12, 17), to=dt.date(2025, 7, 1))
>>> p.status, [t.name for t in p.targets]
('merged', ['Phường Hồng Hà'])
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import html
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from importlib import resources
from typing import Any, Literal, Protocol, overload

import attrs

from qcdc.errors import (
    AmbiguousUnit,
    InputError,
    InvalidDate,
    InvalidUnitCode,
    OutOfCoverage,
    SplitConversion,
    UnknownUnit,
)
from qcdc.findings import Finding, Severity, raise_for
from qcdc.text import canonical_tones, clean, fold, split_name
from qcdc.units.lineage import (
    CrosswalkRow,
    Diff,
    EventKind,
    LineageEvent,
    LineageLink,
    PlaceProjection,
    Projection,
    Status,
    Target,
    VintageGuess,
    group_events,
)
from qcdc.units.model import AdministrativeUnit, UnitKind, UnitLevel, unit_code

__all__ = [
    "Candidate",
    "Gazetteer",
    "GazetteerLike",
    "Resolution",
    "gazetteer",
]

OnSplit = Literal["default", "all", "error"]
OnUnknown = Literal["raise", "none"]
_DAY = dt.timedelta(days=1)


def _as_date(value: object, name: str = "on") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidDate(value, f"{name} must be an ISO date such as 2021-12-17") from None
    raise InvalidDate(repr(value), f"{name} must be a datetime.date or an ISO date string")


_LEVELS: dict[str, UnitLevel] = {}
_KINDS: dict[UnitKind | str, frozenset[UnitKind]] = {}


def _level(value: UnitLevel | str | None) -> UnitLevel | None:
    if value is None or isinstance(value, UnitLevel):
        return value
    found = _LEVELS.get(value)
    if found is not None:
        return found
    try:
        found = _LEVELS[value] = UnitLevel.parse(value)
    except ValueError as exc:
        raise InputError(str(exc), field="level") from None
    return found


def _kinds(value: UnitKind | str | Iterable[UnitKind | str] | None) -> frozenset[UnitKind] | None:
    if value is None:
        return None
    if isinstance(value, (UnitKind, str)):
        found = _KINDS.get(value)
        if found is None:
            try:
                found = _KINDS[value] = frozenset([UnitKind.parse(value)])
            except ValueError as exc:
                raise InputError(str(exc), field="kind") from None
        return found
    items = list(value)
    try:
        return frozenset(UnitKind.parse(v) for v in items)
    except ValueError as exc:
        raise InputError(str(exc), field="kind") from None


@attrs.frozen
class Candidate:
    """A unit that matches a name query, with a score in [0, 1] and the reasons."""

    unit: AdministrativeUnit
    score: float
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.unit.name} ({self.score:.2f}: {', '.join(self.reasons)})"


@attrs.frozen
class Resolution:
    """The answer of :meth:`Gazetteer.find`.

    ``status`` is ``'exact'`` (one best candidate), ``'ambiguous'`` (several equally
    good candidates: qcdc will not guess) or ``'not_found'`` (``candidates`` then
    holds similar spellings, never silently taken as the answer).
    """

    query: str
    on: dt.date
    status: Literal["exact", "ambiguous", "not_found"]
    candidates: tuple[Candidate, ...]

    @property
    def unit(self) -> AdministrativeUnit | None:
        """The unit when the status is ``'exact'``, else ``None``."""
        return self.candidates[0].unit if self.status == "exact" else None

    def unwrap(self) -> AdministrativeUnit:
        """The unit, or raise :class:`AmbiguousUnit` / :class:`UnknownUnit`."""
        if self.status == "exact":
            return self.candidates[0].unit
        if self.status == "ambiguous":
            top = self.candidates[0].score
            raise AmbiguousUnit(
                self.query,
                self.on,
                [str(c.unit) for c in self.candidates if c.score == top],
            )
        raise UnknownUnit(
            self.query, self.on, suggestions=[str(c.unit) for c in self.candidates[:5]]
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(c.unit.code)}</td><td>{html.escape(c.unit.name)}</td>"
            f"<td>{c.score:.2f}</td><td>{html.escape(', '.join(c.reasons))}</td></tr>"
            for c in self.candidates
        )
        return f"<p>{html.escape(self.query)!s}: <b>{self.status}</b></p><table>{rows}</table>"


class _Epoch:
    """The units in force over one interval between two boundary dates."""

    __slots__ = ("_children", "_names", "by_code", "end", "ordered", "start")

    def __init__(self, start: dt.date, end: dt.date | None) -> None:
        self.start = start
        self.end = end
        self.by_code: dict[str, AdministrativeUnit] = {}
        self.ordered: list[AdministrativeUnit] = []
        self._children: dict[str, list[AdministrativeUnit]] | None = None
        self._names: dict[str, list[_NameEntry]] | None = None

    def finish(self) -> None:
        self.ordered = sorted(self.by_code.values(), key=lambda u: (u.kind.level, u.code))

    @property
    def children(self) -> dict[str, list[AdministrativeUnit]]:
        if self._children is None:
            out: dict[str, list[AdministrativeUnit]] = {}
            for u in self.ordered:
                if u.parent_code is not None:
                    out.setdefault(u.parent_code, []).append(u)
            self._children = out
        return self._children

    @property
    def names(self) -> dict[str, list[_NameEntry]]:
        """Folded short name → (unit, level, kind, type word, exact form) of each unit."""
        if self._names is None:
            out: dict[str, list[_NameEntry]] = {}
            for u in self.ordered:
                kind = u.kind
                short = u.short_name
                entry = (u, kind.level, kind, kind.prefix, _exact_form(short))
                out.setdefault(_name_key(short), []).append(entry)
            self._names = out
        return self._names


_NameEntry = tuple[AdministrativeUnit, UnitLevel, UnitKind, str, str]


@functools.lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    from qcdc.text import _strip_number_zeros

    return _strip_number_zeros(fold(name))


@functools.lru_cache(maxsize=65536)
def _exact_form(name: str) -> str:
    from qcdc.text import _strip_number_zeros

    return _strip_number_zeros(canonical_tones(clean(name)).casefold())


@functools.lru_cache(maxsize=65536)
def _interpretations(query: str) -> tuple[tuple[str | None, str, str], ...]:
    """(type word or None, folded name key, exact form) readings of a query."""
    parts = split_name(query)
    whole = clean(query)
    out = [(parts.prefix, _name_key(parts.name), _exact_form(parts.name))]
    if parts.prefix is not None:
        # "Xa La" may be Phường Xa La, not a "Xã La": keep the unsplit reading too
        out.append((None, _name_key(whole), _exact_form(whole)))
    return tuple(out)


class GazetteerLike(Protocol):
    """What the other parts of qcdc need of a gazetteer: the embedded :class:`Gazetteer`
    provides it, and a test or a service may pass a small object of its own."""

    def get(self, code: str, /, *, on: dt.date) -> AdministrativeUnit | None: ...
    def lookup(self, code: str, /, *, on: dt.date) -> AdministrativeUnit: ...
    def ancestors(self, code: str, /, *, on: dt.date) -> Sequence[AdministrativeUnit]: ...
    def project(self, code: str, /, *, on: dt.date, to: dt.date) -> Projection: ...


class Gazetteer:
    """Administrative units over time, with their lineage.

    Build the embedded one with :func:`gazetteer`, or your own with
    :meth:`from_units`.  All methods take the date as ``on=``.
    """

    def __init__(
        self,
        units: Iterable[AdministrativeUnit],
        links: Iterable[LineageLink] | None = None,
        *,
        unresolved: Mapping[tuple[str, dt.date], str] | None = None,
        manifest: Mapping[str, Any] | None = None,
        _links_loader: Any = None,
    ) -> None:
        rows = list(units)
        if not rows:
            raise InputError("a gazetteer needs at least one unit")
        bounds = sorted(
            {u.valid_from for u in rows} | {u.valid_to for u in rows if u.valid_to is not None}
        )
        open_ended = any(u.valid_to is None for u in rows)
        self._starts: list[dt.date] = bounds if open_ended else bounds[:-1]
        self._end: dt.date | None = None if open_ended else bounds[-1]
        self._epochs = [
            _Epoch(s, self._starts[i + 1] if i + 1 < len(self._starts) else self._end)
            for i, s in enumerate(self._starts)
        ]
        index = {d: i for i, d in enumerate(self._starts)}
        for u in rows:
            first = index[u.valid_from]
            last = (
                index[u.valid_to]
                if u.valid_to is not None and u.valid_to in index
                else len(self._epochs)
            )
            for i in range(first, last):
                epoch = self._epochs[i]
                other = epoch.by_code.get(u.code)
                if other is not None:
                    raise InputError(
                        f"code {u.code} is used twice on {epoch.start.isoformat()}: "
                        f"{other.name} and {u.name}",
                        field="code",
                        hint="a code names one unit at a time; end one unit's validity first",
                    )
                epoch.by_code[u.code] = u
        for epoch in self._epochs:
            epoch.finish()
        self._rows = rows
        self._links_list: list[LineageLink] | None = list(links) if links is not None else None
        self._links_loader = _links_loader
        self._unresolved: dict[tuple[str, dt.date], str] = dict(unresolved or {})
        self._manifest: Mapping[str, Any] = manifest if manifest is not None else {}
        self._lock = threading.Lock()
        self._out: dict[tuple[dt.date, str], list[LineageLink]] | None = None
        self._in: dict[tuple[dt.date, str], list[LineageLink]] | None = None
        self._events: dict[LineageLink, LineageEvent] = {}
        self._within_cache: dict[tuple[int, str], frozenset[str]] = {}
        # a projection depends on the unit and on the snapshots of `on` and of `to`
        # (the boundaries crossed between them): cache by all three
        self._projections: dict[tuple[str, dt.date, dt.date, dt.date], Projection] = {}

    # ------------------------------------------------------------------ building

    @classmethod
    def from_units(
        cls,
        units: Iterable[AdministrativeUnit],
        links: Iterable[LineageLink] = (),
        *,
        check: bool = True,
    ) -> Gazetteer:
        """A gazetteer of your own units and lineage links.

        With ``check=True`` (the default) the invariants are verified and every
        broken one is reported in one :class:`~qcdc.errors.ValidationFailed`.
        """
        g = cls(units, list(links))
        if check:
            raise_for("gazetteer", g.check())
        return g

    def check(self) -> list[Finding]:
        """Verify the invariants: parents exist at the level above on every date;
        provinces have no parent; links join units that exist; every unit that ends
        before the last date has a successor (or is listed as unresolved)."""
        findings: list[Finding] = []
        for epoch in self._epochs:
            for u in epoch.ordered:
                if u.parent_code is None:
                    continue
                parent = epoch.by_code.get(u.parent_code)
                path = f"units[{u.code}@{epoch.start.isoformat()}].parent_code"
                if parent is None:
                    findings.append(
                        Finding(
                            "gazetteer.parent-exists",
                            Severity.ERROR,
                            path,
                            f"parent {u.parent_code} of {u} does not exist on {epoch.start}",
                        )
                    )
                elif parent.level >= u.level:
                    findings.append(
                        Finding(
                            "gazetteer.parent-level",
                            Severity.ERROR,
                            path,
                            f"parent {parent} of {u} must be at a level above "
                            f"{u.level.name.lower()}, got {parent.level.name.lower()}",
                        )
                    )
        self._index_links()
        assert self._out is not None
        for link in self.links:
            if link.source and self.get(link.source, on=link.effective - _DAY) is None:
                findings.append(
                    Finding(
                        "lineage.source-exists",
                        Severity.ERROR,
                        f"links[{link.source}->{link.target}@{link.effective}]",
                        f"source {link.source} is not in force on the day before {link.effective}",
                    )
                )
            if self.get(link.target, on=link.effective) is None:
                findings.append(
                    Finding(
                        "lineage.target-exists",
                        Severity.ERROR,
                        f"links[{link.source}->{link.target}@{link.effective}]",
                        f"target {link.target} is not in force on {link.effective}",
                    )
                )
        for u in self._rows:
            if u.valid_to is None or (self._end is not None and u.valid_to >= self._end):
                continue
            if (u.valid_to, u.code) not in self._out and (
                u.code,
                u.valid_to,
            ) not in self._unresolved:
                findings.append(
                    Finding(
                        "lineage.successor-exists",
                        Severity.ERROR,
                        f"units[{u.code}@{u.valid_from.isoformat()}]",
                        f"{u} ends on {u.valid_to} with no successor and no recorded reason",
                    )
                )
        return findings

    # ------------------------------------------------------------------ metadata

    @property
    def coverage(self) -> tuple[dt.date, dt.date | None]:
        """(first covered date, end or ``None`` if the newest list is still in force)."""
        return (self._starts[0], self._end)

    @property
    def snapshots(self) -> tuple[tuple[dt.date, dt.date | None], ...]:
        """The periods over which the unit list does not change."""
        return tuple((e.start, e.end) for e in self._epochs)

    @property
    def manifest(self) -> Mapping[str, Any]:
        """Sources, versions and checksums of the embedded data (empty for your own)."""
        return self._manifest

    def records(self) -> tuple[AdministrativeUnit, ...]:
        """Every unit record of every date, by level, code and ``valid_from``."""
        return tuple(sorted(self._rows, key=lambda u: (u.level, u.code, u.valid_from)))

    @property
    def links(self) -> Sequence[LineageLink]:
        """Every lineage link (loaded on first use for the embedded data)."""
        if self._links_list is None:
            with self._lock:
                if self._links_list is None:
                    loader = self._links_loader
                    self._links_list = list(loader()) if loader is not None else []
        return self._links_list

    # ------------------------------------------------------------------ lookups

    def _epoch(self, on: object) -> _Epoch:
        day = _as_date(on)
        i = bisect.bisect_right(self._starts, day) - 1
        if i < 0 or (self._end is not None and day >= self._end):
            raise OutOfCoverage(day, self.coverage)
        epoch: _Epoch = self._epochs[i]
        return epoch

    def get(self, code: str, on: dt.date) -> AdministrativeUnit | None:
        """The unit with this code on this date, or ``None``.

        Malformed codes raise :class:`InvalidUnitCode`; dates outside the
        coverage raise :class:`OutOfCoverage`.
        """
        try:
            i = bisect.bisect_right(self._starts, on) - 1
        except TypeError:
            return self._get_slow(code, on)
        if i >= 0 and (self._end is None or on < self._end):
            found = self._epochs[i].by_code.get(code)
            if found is not None:
                return found
            if (
                code.__class__ is str
                and len(code) in (2, 3, 5)
                and code.isdigit()
                and code.isascii()
            ):
                return None  # a well-formed code not in force on that date
        return self._get_slow(code, on)

    def _get_slow(self, code: object, on: object) -> AdministrativeUnit | None:
        epoch = self._epoch(on)
        canonical = unit_code(code)  # raises InvalidUnitCode
        return epoch.by_code.get(canonical)

    def lookup(self, code: str, on: dt.date) -> AdministrativeUnit:
        """Like :meth:`get`, but an unknown code raises :class:`UnknownUnit` with suggestions."""
        found = self.get(code, on)
        if found is not None:
            return found
        on_date = _as_date(on)
        canonical = unit_code(code)
        other = [u for u in self._rows if u.code == canonical]
        if other:
            spans = "; ".join(
                f"{u.name} from {u.valid_from}" + (f" until {u.valid_to}" if u.valid_to else "")
                for u in other
            )
            raise UnknownUnit(
                canonical,
                on_date,
                detail=f"this code named {spans}; use project() or predecessors() to follow it",
            )
        epoch = self._epoch(on_date)
        same_width = [c for c in epoch.by_code if len(c) == len(canonical)]
        import difflib

        close = difflib.get_close_matches(canonical, same_width, n=3, cutoff=0.6)
        raise UnknownUnit(canonical, on_date, suggestions=[str(epoch.by_code[c]) for c in close])

    def units(
        self,
        on: dt.date,
        level: UnitLevel | str | None = None,
        kind: UnitKind | str | Iterable[UnitKind | str] | None = None,
        within: str | None = None,
    ) -> Iterator[AdministrativeUnit]:
        """Units in force on ``on``, by level then code, optionally filtered.

        ``within`` is the code of a province or district: only its descendants.
        """
        epoch = self._epoch(on)
        lvl = _level(level)
        kinds = _kinds(kind)
        scope = self._within(epoch, within) if within is not None else None
        for u in epoch.ordered:
            if lvl is not None and u.kind.level is not lvl:
                continue
            if kinds is not None and u.kind not in kinds:
                continue
            if scope is not None and u.code not in scope:
                continue
            yield u

    def count(
        self,
        on: dt.date,
        level: UnitLevel | str | None = None,
        kind: UnitKind | str | Iterable[UnitKind | str] | None = None,
        within: str | None = None,
    ) -> int:
        """How many units :meth:`units` would yield."""
        return sum(1 for _ in self.units(on, level=level, kind=kind, within=within))

    def _within(self, epoch: _Epoch, within: str) -> frozenset[str]:
        key = (id(epoch), within)
        cached = self._within_cache.get(key)
        if cached is not None:
            return cached
        root = unit_code(within)
        if root not in epoch.by_code:
            raise UnknownUnit(
                root, epoch.start, detail="within= must be a unit in force on that date"
            )
        out: set[str] = set()
        stack: list[str] = [root]
        children = epoch.children
        while stack:
            code = stack.pop()
            for child in children.get(code, ()):
                out.add(child.code)
                stack.append(child.code)
        frozen = frozenset(out)
        self._within_cache[key] = frozen
        return frozen

    def children(self, code: str, on: dt.date) -> tuple[AdministrativeUnit, ...]:
        """The units directly below ``code`` on ``on``, in code order."""
        unit = self.lookup(code, on)
        return tuple(self._epoch(on).children.get(unit.code, ()))

    def parent(self, code: str, on: dt.date) -> AdministrativeUnit | None:
        """The unit directly above (``None`` for a province)."""
        unit = self.lookup(code, on)
        if unit.parent_code is None:
            return None
        return self._epoch(on).by_code.get(unit.parent_code)

    def ancestors(self, code: str, on: dt.date) -> tuple[AdministrativeUnit, ...]:
        """The units above ``code``, nearest first (district, then province)."""
        epoch = self._epoch(on)
        unit = self.lookup(code, on)
        out = []
        while unit.parent_code is not None:
            parent = epoch.by_code.get(unit.parent_code)
            if parent is None:
                break
            out.append(parent)
            unit = parent
        return tuple(out)

    # ------------------------------------------------------------------ names

    def find(
        self,
        name: str,
        on: dt.date,
        within: str | None = None,
        level: UnitLevel | str | None = None,
        kind: UnitKind | str | Iterable[UnitKind | str] | None = None,
        limit: int = 10,
    ) -> Resolution:
        """Find units by name, in any spelling: with or without diacritics, either tone
        placement, with type words or their abbreviations (``P.``, ``TT``, ``Q.1``).

        Ranks a match with the same diacritics above a folded match; reports
        ``'ambiguous'`` instead of guessing, and never silently takes a different
        name: near misses come back under ``'not_found'``.
        """
        if not isinstance(name, str):
            raise InputError(f"name must be a string, got {name!r}", field="name")
        on_date = _as_date(on)
        epoch = self._epoch(on_date)
        lvl = _level(level)
        kinds = _kinds(kind)
        scope = self._within(epoch, within) if within is not None else None
        scored: dict[str, Candidate] = {}
        names = epoch.names
        for rank, (prefix, key, exact) in enumerate(_interpretations(name)):
            ascii_query = exact.isascii()
            for u, u_level, u_kind, u_prefix, u_exact in names.get(key, ()):
                if lvl is not None and u_level is not lvl:
                    continue
                if kinds is not None and u_kind not in kinds:
                    continue
                if scope is not None and u.code not in scope:
                    continue
                reasons = []
                if ascii_query:
                    # no diacritics written: every unit with these letters fits equally
                    # ("kim thanh" is Kim Thanh as much as Kim Thành)
                    score = 0.8
                    reasons.append("same name without diacritics")
                elif u_exact == exact:
                    score = 1.0
                    reasons.append("same name")
                else:
                    # written with other diacritics: another name (Sa Pa is not Sa Pả)
                    score = 0.6
                    reasons.append("same letters, other diacritics")
                if prefix is not None:
                    if u_prefix == prefix:
                        reasons.append("type word matches")
                    else:
                        score *= 0.5
                        reasons.append(f"type word differs ({prefix} vs {u_prefix})")
                if rank:
                    score -= 0.01
                prev = scored.get(u.code)
                if prev is None or prev.score < score:
                    scored[u.code] = Candidate(u, round(score, 4), tuple(reasons))
        ranked = (
            sorted(scored.values(), key=lambda c: (-c.score, c.unit.kind.level, c.unit.code))
            if len(scored) > 1
            else list(scored.values())
        )
        if ranked and ranked[0].score >= 0.79:
            top = ranked[0].score
            n_top = sum(1 for c in ranked if c.score == top)
            status: Literal["exact", "ambiguous", "not_found"] = (
                "exact" if n_top == 1 else "ambiguous"
            )
            return Resolution(
                name, on_date, status, tuple(ranked[:limit] if n_top <= limit else ranked[:n_top])
            )
        # nothing good: offer similar spellings, never take them
        target = _interpretations(name)[0][1]
        # compare only with names of about the same length that share a first letter
        universe = (
            {_name_key(epoch.by_code[c].short_name) for c in scope} if scope is not None else names
        )
        pool = [k for k in universe if k[:1] == target[:1] and abs(len(k) - len(target)) <= 3]
        import difflib

        keys = difflib.get_close_matches(target, pool, n=5, cutoff=0.8)
        near = list(ranked)
        for k in keys:
            for u, u_level, u_kind, _prefix, _exact in names[k]:
                if scope is not None and u.code not in scope:
                    continue
                if lvl is not None and u_level is not lvl:
                    continue
                if kinds is not None and u_kind not in kinds:
                    continue
                if u.code not in scored:
                    near.append(Candidate(u, 0.5, ("similar spelling",)))
        return Resolution(name, on_date, "not_found", tuple(near[:limit]))

    # ------------------------------------------------------------------ lineage

    def _index_links(self) -> None:
        if self._out is not None:
            return
        links = self.links
        with self._lock:
            if self._out is not None:
                return
            out: dict[tuple[dt.date, str], list[LineageLink]] = {}
            into: dict[tuple[dt.date, str], list[LineageLink]] = {}
            for link in links:
                if link.source:
                    out.setdefault((link.effective, link.source), []).append(link)
                into.setdefault((link.effective, link.target), []).append(link)
            self._events = group_events(links, self._continues)
            self._in = into
            self._out = out

    def _continues(self, effective: dt.date, code: str) -> bool:
        """Whether the unit ``code`` in force on ``effective`` began before that date."""
        unit = self.get(code, on=effective)
        return unit is not None and unit.valid_from < effective

    def _boundaries(self, after: dt.date, upto: dt.date) -> list[dt.date]:
        lo = bisect.bisect_right(self._starts, after)
        hi = bisect.bisect_right(self._starts, upto)
        return self._starts[lo:hi]

    def project(self, code: str, on: dt.date, to: dt.date) -> Projection:
        """Where the unit ``code`` of date ``on`` is on date ``to`` (``to >= on``).

        Follows every lineage event in between.  A split unit has several targets,
        exactly one of them ``default``; a unit the data cannot follow is
        ``'unresolved'`` with the reason.  For the other direction use
        :meth:`predecessors`.
        """
        on_d, to_d = _as_date(on), _as_date(to, "to")
        unit = self.lookup(code, on_d)
        if to_d < on_d:
            raise InputError(
                f"to ({to_d}) must not be before on ({on_d})",
                field="to",
                hint="use predecessors(code, on=..., since=...) to go back in time",
            )
        key = (unit.code, unit.valid_from, self._epoch(on_d).start, self._epoch(to_d).start)
        cached = self._projections.get(key)
        if cached is not None:
            if cached.on == on_d and cached.to == to_d:
                return cached
            return attrs.evolve(cached, on=on_d, to=to_d)
        self._index_links()
        assert self._out is not None and self._in is not None
        # frontier: target identity -> (unit, whole, default, share, events)
        frontier: dict[tuple[str, dt.date], list[Any]] = {
            unit.identity: [unit, True, True, Fraction(1), ()]
        }
        reason: str | None = None
        for e in self._boundaries(on_d, to_d):
            nxt: dict[tuple[str, dt.date], list[Any]] = {}
            for u, whole, default, share, events in frontier.values():
                if u.valid_to is None or u.valid_to > e:
                    extra = tuple(
                        self._events[lk]
                        for lk in self._in.get((e, u.code), ())
                        # units of the same level that joined it (not a level folded into it)
                        if lk.source != u.code and len(lk.source) == len(u.code)
                    )
                    # parts of it that moved to other units while it went on
                    moved = [lk for lk in self._out.get((e, u.code), ()) if lk.target != u.code]
                    kept_whole = whole and not moved
                    self._merge_into(
                        nxt,
                        u,
                        kept_whole,
                        default,
                        share if kept_whole else None,
                        events + _dedupe(extra + tuple(self._events[lk] for lk in moved)),
                    )
                    for lk in moved:
                        t = self.get(lk.target, on=e)
                        if t is not None:
                            self._merge_into(
                                nxt, t, False, False, None, events + (self._events[lk],)
                            )
                    continue
                outgoing = self._out.get((e, u.code), ())
                if not outgoing:
                    reason = self._unresolved.get(
                        (u.code, e), f"{u} ended on {e} and the data records no successor"
                    )
                    continue
                for lk in outgoing:
                    t = self.get(lk.target, on=e)
                    if t is None:
                        reason = f"the successor {lk.target} of {u} is not in the list of {e}"
                        continue
                    part = share * lk.share if share is not None and lk.share is not None else None
                    if lk.whole:
                        part = share
                    # other units of its level that joined the same target
                    joined = tuple(
                        self._events[other]
                        for other in self._in.get((e, t.code), ())
                        if other.source
                        and other.source != u.code
                        and len(other.source) == len(t.code)
                    )
                    self._merge_into(
                        nxt,
                        t,
                        whole and lk.whole,
                        default and lk.default,
                        part,
                        _dedupe(events + (self._events[lk],) + joined),
                    )
            frontier = nxt
        result = self._projection(unit, on_d, to_d, frontier, reason)
        self._projections[key] = result
        return result

    @staticmethod
    def _merge_into(
        acc: dict[tuple[str, dt.date], list[Any]],
        unit: AdministrativeUnit,
        whole: bool,
        default: bool,
        share: Fraction | None,
        events: tuple[LineageEvent, ...],
    ) -> None:
        prev = acc.get(unit.identity)
        if prev is None:
            acc[unit.identity] = [unit, whole, default, share, events]
            return
        prev[1] = prev[1] or whole
        prev[2] = prev[2] or default
        prev[3] = prev[3] + share if prev[3] is not None and share is not None else None
        prev[4] = _dedupe(prev[4] + events)

    def _projection(
        self,
        unit: AdministrativeUnit,
        on: dt.date,
        to: dt.date,
        frontier: Mapping[tuple[str, dt.date], list[Any]],
        reason: str | None,
    ) -> Projection:
        entries = sorted(frontier.values(), key=lambda x: (not x[2], x[0].code))
        events = _dedupe(tuple(e for entry in entries for e in entry[4]))
        if not entries:
            return Projection(unit.code, on, to, "unresolved", (), events, reason)
        if len(entries) == 1:
            u = entries[0][0]
            targets: tuple[Target, ...] = (
                Target(
                    u.code, u.name, True, True, None if entries[0][3] is None else Fraction(1), u
                ),
            )
            status: Status = "merged" if any(_territorial(e) for e in events) else "same"
        else:
            if not any(x[2] for x in entries):
                entries[0][2] = True
            seen_default = False
            targets_list = []
            for u, _whole, default, share, _ev in entries:
                is_default = default and not seen_default
                seen_default = seen_default or is_default
                known = share if share is not None and share != 1 else None
                targets_list.append(Target(u.code, u.name, False, is_default, known, u))
            targets = tuple(targets_list)
            status = "split"
        return Projection(unit.code, on, to, status, targets, events, reason)

    def predecessors(self, code: str, on: dt.date, since: dt.date) -> Projection:
        """The units of date ``since`` that (in whole or in part) became ``code`` of ``on``.

        ``status`` reads from the unit's side: ``'same'`` (one whole predecessor, no
        territorial change), ``'merged'`` (several units joined into it), ``'split'``
        (it holds only part of its predecessor) or ``'unresolved'``.
        """
        on_d, since_d = _as_date(on), _as_date(since, "since")
        unit = self.lookup(code, on_d)
        if since_d > on_d:
            raise InputError(
                f"since ({since_d}) must not be after on ({on_d})",
                field="since",
                hint="use project(code, on=..., to=...) to go forward in time",
            )
        self._epoch(since_d)
        self._index_links()
        assert self._in is not None
        frontier: dict[tuple[str, dt.date], list[Any]] = {
            unit.identity: [unit, True, True, Fraction(1), ()]
        }
        reason = None
        for e in reversed(self._boundaries(since_d, on_d)):
            nxt: dict[tuple[str, dt.date], list[Any]] = {}
            for u, whole, default, share, events in frontier.values():
                incoming = tuple(lk for lk in self._in.get((e, u.code), ()) if lk.source)
                same_level = tuple(lk for lk in incoming if len(lk.source) == len(u.code))
                # a level folded into a unit (districts into provinces) is not its predecessor,
                # unless nothing else is (an island district that became a special zone)
                incoming = same_level or (incoming if u.valid_from == e else ())
                if u.valid_from < e:
                    self._merge_into(nxt, u, whole, default, share, events)
                    incoming = tuple(lk for lk in incoming if lk.source != u.code)
                elif not incoming or all(not lk.source for lk in incoming):
                    reason = self._unresolved.get(
                        (u.code, e), f"{u} began on {e} and the data records no predecessor"
                    )
                    continue
                for lk in incoming:
                    if not lk.source:
                        continue
                    s = self.get(lk.source, on=e - _DAY)
                    if s is None:
                        continue
                    self._merge_into(
                        nxt, s, whole and lk.whole, default, None, events + (self._events[lk],)
                    )
            frontier = nxt
        entries = sorted(frontier.values(), key=lambda x: x[0].code)
        events = _dedupe(tuple(e for entry in entries for e in entry[4]))
        if not entries:
            return Projection(unit.code, on_d, since_d, "unresolved", (), events, reason)
        targets = tuple(
            Target(u.code, u.name, whole, u.code == unit.code or len(entries) == 1, None, u)
            for u, whole, _d, _s, _e in entries
        )
        if len(targets) > 1:
            status: Status = "merged"
        elif not targets[0].whole:
            status = "split"
        else:
            status = "merged" if any(_territorial(e) for e in events) else "same"
        return Projection(unit.code, on_d, since_d, status, targets, events, reason)

    @overload
    def convert(
        self,
        codes: Iterable[str],
        on: dt.date,
        to: dt.date,
        on_split: Literal["default", "error"] = "default",
        on_unknown: OnUnknown = "raise",
    ) -> list[str | None]: ...

    @overload
    def convert(
        self,
        codes: Iterable[str],
        on: dt.date,
        to: dt.date,
        on_split: Literal["all"],
        on_unknown: OnUnknown = "raise",
    ) -> list[tuple[str, ...]]: ...

    def convert(
        self,
        codes: Iterable[str],
        on: dt.date,
        to: dt.date,
        on_split: OnSplit = "default",
        on_unknown: OnUnknown = "raise",
    ) -> list[str | None] | list[tuple[str, ...]]:
        """Convert many codes of date ``on`` to the codes of date ``to`` (either direction).

        ``on_split``: ``'default'`` takes a split unit's default successor,
        ``'all'`` returns every successor as a tuple, ``'error'`` raises
        :class:`SplitConversion` listing every split code.  Going back in time, a
        unit formed from several converts to the one that kept its code, or raises
        (with the candidates) when none did.  ``on_unknown='none'`` maps codes
        unknown on ``on`` to ``None`` (or ``()``) instead of raising.
        """
        if on_split not in ("default", "all", "error"):
            raise InputError(
                f"on_split must be 'default', 'all' or 'error', got {on_split!r}", field="on_split"
            )
        on_d, to_d = _as_date(on), _as_date(to, "to")
        memo: dict[str, tuple[str, ...] | str | None] = {}
        split: dict[str, tuple[str, ...]] = {}
        backward = to_d < on_d
        want_all = on_split == "all"

        def solve(code: str) -> tuple[str, ...] | str | None:
            try:
                p = (
                    self.predecessors(code, on=on_d, since=to_d)
                    if backward
                    else self.project(code, on=on_d, to=to_d)
                )
            except (UnknownUnit, InvalidUnitCode):
                if on_unknown == "none":
                    return () if want_all else None
                raise
            codes_ = tuple(t.code for t in p.targets)
            if want_all:
                return codes_
            if len(codes_) <= 1:
                return codes_[0] if codes_ else None
            if on_split == "error":
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
        if split:
            raise SplitConversion(split, direction="backward" if backward else "forward")
        return out

    def project_place(
        self,
        code: str,
        on: dt.date,
        to: dt.date,
        level: UnitLevel | str = UnitLevel.COMMUNE,
    ) -> PlaceProjection:
        """Carry the units of ``level`` within the place ``code`` from ``on`` to ``to``.

        Hà Nội's 579 communes of 2021-12-17 are its 126 communes of 2025-07-01:

        >>> import datetime as dt
        >>> pp = gazetteer().project_place("01", on=dt.date(2021, 12, 17), to=dt.date(2025, 7, 1))
        >>> len(pp.before), len(pp.after), pp.by_kind()
        (579, 126, {'xã': 75, 'phường': 51})
        """
        lvl = _level(level)
        assert lvl is not None
        on_d, to_d = _as_date(on), _as_date(to, "to")
        place = self.project(code, on=on_d, to=to_d)
        unit = self.lookup(code, on_d)
        before = (
            (unit,) if unit.level is lvl else tuple(self.units(on_d, level=lvl, within=unit.code))
        )
        reached: dict[tuple[str, dt.date], AdministrativeUnit] = {}
        statuses: dict[str, int] = {}
        for u in before:
            p = self.project(u.code, on=on_d, to=to_d)
            statuses[p.status] = statuses.get(p.status, 0) + 1
            for t in p.targets:
                target = t.unit if t.unit is not None else self.lookup(t.code, to_d)
                reached[target.identity] = target
        after = tuple(sorted(reached.values(), key=lambda u: u.code))
        return PlaceProjection(place, lvl, before, after, statuses)

    def crosswalk(
        self, on: dt.date, to: dt.date, level: UnitLevel | str | None = None
    ) -> list[CrosswalkRow]:
        """Every unit of ``on`` with each of its targets on ``to``: one row per target."""
        rows: list[CrosswalkRow] = []
        for u in self.units(on, level=level):
            p = self.project(u.code, on=on, to=to)
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
                    )
                )
        return rows

    def diff(self, on: dt.date, to: dt.date) -> Diff:
        """What changed between two dates: units that ended, began, and the events."""
        on_d, to_d = _as_date(on), _as_date(to, "to")
        if to_d < on_d:
            on_d, to_d = to_d, on_d
        a = {u.identity: u for u in self._epoch(on_d).ordered}
        b = {u.identity: u for u in self._epoch(to_d).ordered}
        removed = tuple(u for k, u in a.items() if k not in b)
        added = tuple(u for k, u in b.items() if k not in a)
        self._index_links()
        events = _dedupe(
            tuple(self._events[lk] for lk in self.links if on_d < lk.effective <= to_d)
        )
        return Diff(on_d, to_d, removed, added, events)

    def guess_vintage(self, codes: Iterable[str]) -> tuple[VintageGuess, ...]:
        """Which unit list(s) a set of codes most likely comes from, best first.

        Each guess says how many codes exist in that list, and which exist in no
        other list (the strongest evidence).
        """
        distinct: list[str] = []
        seen: set[str] = set()
        for c in codes:
            try:
                k: str = unit_code(c)
            except InvalidUnitCode:
                k = str(c)
            if k not in seen:
                seen.add(k)
                distinct.append(k)
        presence = {c: [i for i, e in enumerate(self._epochs) if c in e.by_code] for c in distinct}
        guesses = []
        for i, e in enumerate(self._epochs):
            matched = [c for c in distinct if c in e.by_code]
            unique = tuple(c for c in matched if presence[c] == [i])
            missing = tuple(c for c in distinct if c not in e.by_code)[:20]
            guesses.append(
                VintageGuess(e.start, e.end, len(matched), len(distinct), unique, missing)
            )
        guesses.sort(key=lambda g: (-g.matched, -len(g.unique_matches), g.valid_from))
        return tuple(guesses)

    def __repr__(self) -> str:
        start, end = self.coverage
        return (
            f"<Gazetteer {len(self._rows)} unit records, {len(self._epochs)} snapshots, "
            f"{start.isoformat()} – {end.isoformat() if end else '…'}>"
        )


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


# ------------------------------------------------------------------------------ embedded data

_LOCK = threading.Lock()
_EMBEDDED: Gazetteer | None = None


def _read(name: str) -> str:
    return resources.files("qcdc.units").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _load_units() -> list[AdministrativeUnit]:
    kinds = {k.name: k for k in UnitKind}
    dates: dict[str, dt.date] = {}
    new = AdministrativeUnit.__new__
    setattr_ = object.__setattr__
    out = []
    lines = _read("units.tsv").split("\n")
    for line in lines[1:]:
        if not line:
            continue
        code, kind, name, parent, vf, vt = line.split("\t")
        u = new(AdministrativeUnit)
        setattr_(u, "kind", kinds[kind])
        setattr_(u, "code", code)
        setattr_(u, "name", name)
        setattr_(u, "parent_code", parent or None)
        d = dates.get(vf)
        if d is None:
            d = dates[vf] = dt.date.fromisoformat(vf)
        setattr_(u, "valid_from", d)
        if vt:
            d = dates.get(vt)
            if d is None:
                d = dates[vt] = dt.date.fromisoformat(vt)
            setattr_(u, "valid_to", d)
        else:
            setattr_(u, "valid_to", None)
        out.append(u)
    return out


def _load_links() -> list[LineageLink]:
    out = []
    dates: dict[str, dt.date] = {}
    lines = _read("lineage.tsv").split("\n")
    for line in lines[1:]:
        if not line:
            continue
        eff, kind, source, target, whole, default, share, basis, note = line.split("\t")
        d = dates.get(eff)
        if d is None:
            d = dates[eff] = dt.date.fromisoformat(eff)
        out.append(
            LineageLink(
                d,
                EventKind(kind),
                source,
                target,
                whole == "1",
                default == "1",
                share or None,
                basis or None,
                note or None,
            )
        )
    return out


def _load_unresolved() -> dict[tuple[str, dt.date], str]:
    out = {}
    for line in _read("unresolved.tsv").split("\n")[1:]:
        if line:
            code, eff, reason = line.split("\t")
            out[(code, dt.date.fromisoformat(eff))] = reason
    return out


class _LazyManifest(Mapping[str, Any]):
    """MANIFEST.json, read on first use (most programs never look at it)."""

    def __init__(self) -> None:
        self._data: dict[str, Any] | None = None

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            import json

            self._data = json.loads(_read("MANIFEST.json"))
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def _load_embedded() -> Gazetteer:
    """A new gazetteer over the embedded data (tests use it for independent instances)."""
    return Gazetteer(
        _load_units(),
        None,
        unresolved=_load_unresolved(),
        manifest=_LazyManifest(),
        _links_loader=_load_links,
    )


def gazetteer() -> Gazetteer:
    """The embedded gazetteer (three national lists and their lineage), loaded once.

    Thread-safe; the first call reads the data (lineage lazily, on first use).
    """
    global _EMBEDDED
    if _EMBEDDED is None:
        with _LOCK:
            if _EMBEDDED is None:
                _EMBEDDED = _load_embedded()
    return _EMBEDDED
