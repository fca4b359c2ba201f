"""The gazetteer: Vietnam's administrative units through time, asked about by date.

Every question is asked *as of a date*: codes are reused across eras (26740 was
Phường Bến Nghé and is Phường Sài Gòn since 1 July 2025), so every method takes the
date as ``on=`` (keyword-only).  Lookups by code and the unit lists of each date live
here; finding by name is :mod:`qcdc.units.search`, the walks across dates are
:mod:`qcdc.units.lineage`, reading the embedded files is ``qcdc.units._data``, the
legal acts are :mod:`qcdc.units.acts`.  (Over 800 lines: it is one concept, the class
that answers by date, whose methods only check arguments and delegate.)

>>> import datetime as dt
>>> g = Gazetteer.embedded()
>>> g is gazetteer()
True
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
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

import attrs

from qcdc._policy import OnUnknown, policy
from qcdc.errors import InputError, InvalidUnitCode, OutOfCoverage, UnknownUnit
from qcdc.units import _data
from qcdc.units.model import (
    AdministrativeUnit,
    UnitKind,
    UnitLevel,
    _as_kinds,
    _as_level,
    _date,
    unit_code,
)

# the lineage, the acts, the name search and the findings are imported where they are
# first used: the first lookup by code needs none of them (the cold start, issue 16)
if TYPE_CHECKING:
    from qcdc.findings import Finding
    from qcdc.units._collections import ActList, Crosswalk, History, UnitList
    from qcdc.units.acts import LegalAct
    from qcdc.units.lineage import (
        Diff,
        LineageLink,
        PlaceProjection,
        Projection,
        VintageGuess,
        _LinkIndex,
    )
    from qcdc.units.search import Candidate, Resolution, _NameEntry

__all__ = [
    "Candidate",
    "Gazetteer",
    "GazetteerLike",
    "Resolution",
    "gazetteer",
]

_DAY = dt.timedelta(days=1)
_ON_SPLIT = ("raise", "default", "all")
_ON_UNKNOWN = ("raise", "none")
# lookups of a date answered from the table before its snapshot is filled (each costs a
# bisection, about 30 times a dict look-up: past this many, filling is the cheaper)
_UNFILLED_LOOKUPS = 256


class _Epoch:
    """The units in force over one interval between two boundary dates.

    Over the embedded unit table an epoch's ``by_code`` is built when it is first read
    (``fill``), and :meth:`Gazetteer.get` reads ``lookup``, a plain slot (no property and
    no ``__getattr__`` on this class: either would make every slot read of the ``get`` path
    two to three times slower).
    """

    __slots__ = (
        "_asked",
        "_by_code",
        "_children",
        "_fill",
        "_names",
        "_ordered",
        "complete",
        "end",
        "lookup",
        "start",
    )

    def __init__(
        self,
        start: dt.date,
        end: dt.date | None,
        fill: Callable[[dt.date], dict[str, AdministrativeUnit]] | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self._fill = fill
        #: what :meth:`Gazetteer.get` reads: ``by_code`` once filled, before that the units
        #: asked for so far (``complete`` says which), each found in the table alone
        self.lookup: dict[str, AdministrativeUnit] = {}
        self.complete = False
        self._asked = 0
        self._by_code: dict[str, AdministrativeUnit] | None = None
        if fill is None:
            self.filled({})
        self._ordered: list[AdministrativeUnit] | None = None
        self._children: dict[str, list[AdministrativeUnit]] | None = None
        self._names: dict[str, list[_NameEntry]] | None = None

    @property
    def by_code(self) -> dict[str, AdministrativeUnit]:
        """Code → unit, for every unit in force (over the table: filled on first use)."""
        found = self._by_code
        if found is None:
            assert self._fill is not None  # only a snapshot over a table starts empty
            found = self.filled(self._fill(self.start))
        return found

    @property
    def ordered(self) -> list[AdministrativeUnit]:
        """The units by level and code (sorted on first use: most epochs are never listed)."""
        if self._ordered is None:
            self._ordered = sorted(self.by_code.values(), key=lambda u: (u.kind.level, u.code))
        return self._ordered

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
        """Folded short name → the units that bear it (:mod:`qcdc.units.search`)."""
        if self._names is None:
            from qcdc.units.search import _name_index

            self._names = _name_index(self.ordered)
        return self._names

    def filled(self, by_code: dict[str, AdministrativeUnit]) -> dict[str, AdministrativeUnit]:
        self._by_code = by_code
        self.lookup = by_code
        self.complete = True
        return by_code


def _as_unit_list(items: Iterable[AdministrativeUnit]) -> UnitList:
    """``UnitList(items)``; the collections module is imported on the first call (the first
    lookup by code does not need it), after which this name is the class itself."""
    from qcdc.units._collections import UnitList

    globals()["_as_unit_list"] = UnitList
    return UnitList(items)


class GazetteerLike(Protocol):
    """What the other parts of qcdc need of a gazetteer: the embedded :class:`~qcdc.units.Gazetteer`
    provides it, and a test or a service may pass a small object of its own."""

    def get(self, code: str, /, *, on: dt.date) -> AdministrativeUnit | None: ...
    def lookup(self, code: str, /, *, on: dt.date) -> AdministrativeUnit: ...
    def ancestors(self, code: str, /, *, on: dt.date) -> Sequence[AdministrativeUnit]: ...
    def project(self, code: str, /, *, on: dt.date, to: dt.date) -> Projection: ...


# every gazetteer, so that a forked child can replace their locks (see _after_fork)
_INSTANCES: weakref.WeakSet[Gazetteer] = weakref.WeakSet()


class Gazetteer:
    """Administrative units over time, with their lineage.

    The embedded one is :meth:`embedded` (also :func:`gazetteer`); build your own with
    :meth:`from_units`.  Every method takes the date as ``on=``.  A gazetteer can be
    pickled (the embedded one by its data version: the worker loads its own copy),
    shared between threads, forked, and tokenized by dask.
    """

    def __init__(
        self,
        units: Iterable[AdministrativeUnit],
        links: Iterable[LineageLink] | None = None,
        *,
        unresolved: Mapping[tuple[str, dt.date], str] | None = None,
        manifest: Mapping[str, Any] | None = None,
        _links_loader: Any = None,
        acts: Iterable[LegalAct] | None = None,
        _acts_loader: Any = None,
    ) -> None:
        self._table: _data.UnitTable | None = None
        self._rows_list: list[AdministrativeUnit] | None = None
        if isinstance(units, _data.UnitTable):  # the embedded data: units built on first use
            self._table = units
            self._init_lazy(units)
        else:
            self._rows_list = rows = list(units)
            self._init_epochs(rows)
        self._links_list: list[LineageLink] | None = list(links) if links is not None else None
        self._links_loader = _links_loader
        self._acts_list: list[LegalAct] | None = list(acts) if acts is not None else None
        self._acts_loader = _acts_loader
        self._through: dt.date | None = None  # the horizon's check date, on first need
        self._unresolved: dict[tuple[str, dt.date], str] = dict(unresolved or {})
        self._manifest: Mapping[str, Any] = manifest if manifest is not None else {}
        self._embedded = False
        self._token: str | None = None
        self._lock = threading.Lock()
        self._index: _LinkIndex | None = None
        self._within_cache: dict[tuple[int, str], frozenset[str]] = {}
        self._members_cache: dict[tuple[int, frozenset[str]], tuple[AdministrativeUnit, ...]] = {}
        # a projection depends on the unit and on the snapshots of `on` and of `to`
        # (the boundaries crossed between them): cache by all three
        self._projections: dict[tuple[str, dt.date, dt.date, dt.date], Projection] = {}
        _INSTANCES.add(self)

    def _init_epochs(self, rows: list[AdministrativeUnit]) -> None:
        """The snapshots of a list of units, each filled now."""
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
        # each epoch is the one before it (a dict copy, in C) less the units that ended
        # and plus those that began on its start: with one epoch per act day, filling
        # every epoch unit by unit would cost several times the reading of the data
        index = {d: i for i, d in enumerate(self._starts)}
        begins: list[list[AdministrativeUnit]] = [[] for _ in self._epochs]
        ends: list[list[AdministrativeUnit]] = [[] for _ in self._epochs]
        for u in rows:
            begins[index[u.valid_from]].append(u)
            if u.valid_to is not None and u.valid_to in index:
                ends[index[u.valid_to]].append(u)
        current: dict[str, AdministrativeUnit] = {}
        for i, epoch in enumerate(self._epochs):
            current = dict(current) if i else current
            for u in ends[i]:
                if current.get(u.code) is u:
                    del current[u.code]
            for u in begins[i]:
                other = current.get(u.code)
                if other is not None:
                    raise InputError(
                        f"code {u.code} is used twice on {epoch.start.isoformat()}: "
                        f"{other.name} and {u.name}",
                        field="code",
                        hint="a code names one unit at a time; end one unit's validity first",
                    )
                current[u.code] = u
            epoch.filled(current)

    def _init_lazy(self, table: _data.UnitTable) -> None:
        """The snapshots over a unit table, each filled from it when first read."""
        if not len(table):
            raise InputError("a gazetteer needs at least one unit")
        bounds = table.dates
        open_ended = table.open_ended
        self._starts = bounds if open_ended else bounds[:-1]
        self._end = None if open_ended else bounds[-1]

        def fill(start: dt.date) -> dict[str, AdministrativeUnit]:
            return {u.code: u for u in table.units(table.in_force(start))}

        self._epochs = [
            _Epoch(s, self._starts[i + 1] if i + 1 < len(self._starts) else self._end, fill)
            for i, s in enumerate(self._starts)
        ]

    @property
    def _rows(self) -> list[AdministrativeUnit]:
        """Every unit record (over the embedded table, every record built on first use)."""
        rows = self._rows_list
        if rows is None:
            assert self._table is not None
            rows = self._rows_list = self._table.all()
        return rows

    def _n_rows(self) -> int:
        return len(self._table) if self._table is not None else len(self._rows)

    # ------------------------------------------------------------------ building

    @classmethod
    def embedded(cls) -> Gazetteer:
        """The embedded gazetteer (the act log compiled into dated states and links), loaded once
        per process and shared: every call returns the same instance.

        Thread-safe; the first call reads the unit lists, the lineage is read on first use.
        """
        global _EMBEDDED
        found = _EMBEDDED
        if found is None:
            with _LOCK:
                found = _EMBEDDED
                if found is None:
                    found = _load_embedded()
                    found._embedded = True
                    _EMBEDDED = found
        return found

    @classmethod
    def with_changes(cls, paths: Iterable[str | os.PathLike[str]]) -> Gazetteer:
        """A new gazetteer: the embedded act log with the acts of your change files layered
        over it (the format: ``docs/reference/change-files.md``; :mod:`qcdc.units.changes`).

        Each act is checked like the embedded ones and the result passes :meth:`check`; a
        broken rule raises :class:`~qcdc.errors.ChangeFileError` naming the file, the act,
        the change and the key.  The result is independent of :meth:`embedded` (its own
        caches, its own ``data_version``), and is built anew on every call: keep it.
        Without paths, the embedded gazetteer itself.
        """
        from qcdc.errors import ChangeFileError
        from qcdc.units.changes import layer

        paths = list(paths)
        if not paths:
            return cls.embedded()
        lay = layer(paths, cls.embedded())
        where = ", ".join(lay.files)
        try:
            g = cls(
                lay.units,
                lay.links,
                unresolved=lay.unresolved,
                manifest=lay.manifest,
                acts=lay.acts,
            )
        except InputError as exc:
            raise ChangeFileError(
                f"the units after the changes are not a gazetteer: {exc}", source=where
            ) from None
        from qcdc.findings import Severity

        # before the first act of the files it is the embedded data, checked by its tests
        findings = [f for f in g._check_since(lay.first) if f.severity is Severity.ERROR]
        if findings:
            shown = "; ".join(f"{f.path}: {f.message}" for f in findings[:5])
            raise ChangeFileError(
                f"the units after the changes break {len(findings)} gazetteer invariant(s): "
                f"{shown}",
                source=where,
                hint="every unit that ends needs a successor (merge or split it into one) and "
                "every parent must exist",
            )
        return g

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
            from qcdc.findings import raise_for

            raise_for("gazetteer", g.check())
        return g

    def check(self) -> list[Finding]:
        """Verify the invariants: parents exist at the level above on every date;
        provinces have no parent; links join units that exist; every unit that ends
        before the last date has a successor (or is listed as unresolved)."""
        return self._check_since(None)

    def _check_since(self, since: dt.date | None) -> list[Finding]:
        """:meth:`check` of the snapshots, links and ends from ``since`` on (a gazetteer with
        change files: before their first act it is the embedded one, checked by its tests)."""
        from qcdc.findings import Finding, Severity

        findings: list[Finding] = []
        for epoch in self._epochs:
            if since is not None and epoch.end is not None and epoch.end <= since:
                continue
            by_code = epoch.by_code
            for u in epoch.ordered:
                if u.parent_code is None:
                    continue
                parent = by_code.get(u.parent_code)
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
        links_out = self._link_index().out
        for link in self.links:
            if since is not None and link.effective < since:
                continue
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
            if since is not None and u.valid_to < since:
                continue
            if (u.valid_to, u.code) not in links_out and (
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

    def records(self) -> UnitList:
        """Every unit record of every date, by level, code and ``valid_from`` (a
        :class:`~qcdc.units.UnitList`: a tuple with ``to_pandas()`` and its kin)."""
        return _as_unit_list(sorted(self._rows, key=lambda u: (u.level, u.code, u.valid_from)))

    @property
    def links(self) -> Sequence[LineageLink]:
        """Every lineage link (loaded on first use for the embedded data)."""
        if self._links_list is None:
            with self._lock:
                if self._links_list is None:
                    loader = self._links_loader
                    self._links_list = list(loader()) if loader is not None else []
        return self._links_list

    def _acts(self) -> list[LegalAct]:
        if self._acts_list is None:
            with self._lock:
                if self._acts_list is None:
                    loader = self._acts_loader
                    self._acts_list = list(loader()) if loader is not None else []
        return self._acts_list

    def acts(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        within: str | None = None,
    ) -> ActList:
        """The acts in force from ``since`` to ``until`` (both included), in the order they
        apply; with ``within``, only those that changed that unit or a unit below it (an
        :class:`~qcdc.units.ActList`: a tuple with ``to_pandas()`` and its kin)."""
        lo = None if since is None else _date(since, "since")
        hi = None if until is None else _date(until, "until")
        scope = None if within is None else unit_code(within)
        from qcdc.units._collections import ActList
        from qcdc.units.acts import _select

        return ActList(_select(self, self._acts(), lo, hi, scope))

    def history(self, code: str) -> History:
        """Every act that touched the unit ``code``, in order, each with its links (their
        ``clause`` where the act's text was read): a :class:`~qcdc.units.History`, a tuple
        of ``(act, links)`` pairs with ``to_pandas()`` (one row per link) and its kin."""
        from qcdc.units._collections import History
        from qcdc.units.acts import _history

        canonical = unit_code(code)
        return History(_history(self._acts(), self.links, canonical), code=canonical)

    @property
    def horizon(self) -> tuple[dt.date, dt.date | None] | None:
        """(the date in force of the newest act known, the date the sources were last
        checked), or ``None`` for a gazetteer without acts.  A date after the check is
        answered from the newest state, and a :class:`Projection` says ``known_through``."""
        acts = self._acts()
        if not acts:
            return None
        checked = self._manifest.get("act_log", {}).get("sources_checked")
        return (max(a.in_force for a in acts), dt.date.fromisoformat(checked) if checked else None)

    def _known(self, result: Projection, day: dt.date) -> Projection:
        through = self._through
        if through is None:
            horizon = self.horizon
            through = self._through = (horizon[1] or horizon[0]) if horizon else dt.date.max
        if day > through:
            return attrs.evolve(result, known_through=through)
        return result

    @property
    def data_version(self) -> str | None:
        """The version of the embedded data (``None`` for a gazetteer of your own)."""
        version = self._manifest.get("data_version")
        return str(version) if version is not None else None

    # ------------------------------------------------------------------ lookups

    def _epoch(self, on: object) -> _Epoch:
        day = _date(on, "on")
        i = bisect.bisect_right(self._starts, day) - 1
        if i < 0 or (self._end is not None and day >= self._end):
            raise OutOfCoverage(day, self.coverage)
        epoch: _Epoch = self._epochs[i]
        return epoch

    def get(self, code: str, *, on: dt.date) -> AdministrativeUnit | None:
        """The unit with this code on this date, or ``None``.

        Malformed codes raise :class:`~qcdc.errors.InvalidUnitCode`; dates outside the
        coverage raise :class:`~qcdc.errors.OutOfCoverage`.
        """
        try:
            i = bisect.bisect_right(self._starts, on) - 1
            if i >= 0 and (self._end is None or on < self._end):
                epoch = self._epochs[i]
                found = epoch.lookup.get(code)
                if found is not None:
                    return found
                if (
                    code.__class__ is str
                    and len(code) in (2, 3, 5)
                    and code.isdigit()
                    and code.isascii()
                ):
                    # a well-formed code not in force on that date, or not yet looked for
                    return None if epoch.complete else self._get_unfilled(epoch, code)
        except TypeError:  # a date of another type, or a code that is no string
            pass
        return self._get_slow(code, on)

    def _get_unfilled(self, epoch: _Epoch, code: str) -> AdministrativeUnit | None:
        """:meth:`get` on a snapshot not yet filled: the first lookups of a date find their
        record in the table by bisection and build it alone (the cold start builds one unit);
        after a few hundred the snapshot is filled, as any other use of it fills it."""
        table = self._table
        epoch._asked += 1
        if table is None or not table.by_code_order or epoch._asked > _UNFILLED_LOOKUPS:
            return epoch.by_code.get(code)
        found = table.unit_on(code, epoch.start)
        if found is not None:
            epoch.lookup[code] = found
        return found

    def _get_slow(self, code: object, on: object) -> AdministrativeUnit | None:
        epoch = self._epoch(on)
        canonical = unit_code(code)  # raises InvalidUnitCode
        return epoch.by_code.get(canonical)

    def lookup(self, code: str, *, on: dt.date) -> AdministrativeUnit:
        """Like :meth:`get`, but an unknown code raises :class:`~qcdc.errors.UnknownUnit`
        with suggestions."""
        found = self.get(code, on=on)
        if found is not None:
            return found
        on_date = _date(on, "on")
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
                detail=f"this code named {spans}; follow it to the date asked through the "
                "lineage (qcdc lineage project; Gazetteer.project in Python)",
            )
        epoch = self._epoch(on_date)
        same_width = [c for c in epoch.by_code if len(c) == len(canonical)]
        import difflib

        close = difflib.get_close_matches(canonical, same_width, n=3, cutoff=0.6)
        raise UnknownUnit(canonical, on_date, suggestions=[str(epoch.by_code[c]) for c in close])

    def units(
        self,
        *,
        on: dt.date,
        level: UnitLevel | str | None = None,
        kind: UnitKind | str | Iterable[UnitKind | str] | None = None,
        within: str | None = None,
    ) -> UnitList:
        """Units in force on ``on``, by level then code, optionally filtered.

        ``within`` is the code of a province or district: only its descendants.  A
        :class:`~qcdc.units.UnitList`: a tuple with ``to_pandas()``, ``to_polars()``,
        ``to_arrow()`` and a short ``repr`` (``next()`` works on it too, as on the
        iterator ``units()`` returned before).
        """
        return _as_unit_list(self._units(on, level, kind, within))

    def _units(
        self,
        on: dt.date,
        level: UnitLevel | str | None,
        kind: UnitKind | str | Iterable[UnitKind | str] | None,
        within: str | None,
    ) -> Iterator[AdministrativeUnit]:
        day = _date(on, "on")
        epoch = self._epoch(day)
        lvl = _as_level(level)
        kinds = _as_kinds(kind)
        if within is None:
            return self._iter_units(epoch.ordered, lvl, kinds)
        # the units of a place, in the list's order, are kept: counting a province's
        # communes walks that province, not the whole country
        return self._iter_units(self._members(epoch, within, day), lvl, kinds)

    @staticmethod
    def _iter_units(
        units: Iterable[AdministrativeUnit],
        lvl: UnitLevel | None,
        kinds: frozenset[UnitKind] | None,
    ) -> Iterator[AdministrativeUnit]:
        for u in units:
            if lvl is not None and u.kind.level is not lvl:
                continue
            if kinds is not None and u.kind not in kinds:
                continue
            yield u

    def _members(self, epoch: _Epoch, within: str, day: dt.date) -> tuple[AdministrativeUnit, ...]:
        """The units below ``within`` on ``day``, in the order of :meth:`units`."""
        scope = self._within(epoch, within, day)
        key = (id(epoch), scope)
        members = self._members_cache.get(key)
        if members is None:
            members = tuple(u for u in epoch.ordered if u.code in scope)
            self._members_cache[key] = members
        return members

    def count(
        self,
        *,
        on: dt.date,
        level: UnitLevel | str | None = None,
        kind: UnitKind | str | Iterable[UnitKind | str] | None = None,
        within: str | None = None,
    ) -> int:
        """How many units :meth:`units` would yield."""
        return sum(1 for _ in self._units(on, level, kind, within))

    def _within(self, epoch: _Epoch, within: str, day: dt.date) -> frozenset[str]:
        key = (id(epoch), within)
        try:
            cached = self._within_cache.get(key)
        except TypeError:  # an unhashable code: unit_code says what is wrong with it
            cached = None
        if cached is not None:
            return cached
        root = unit_code(within)
        if root not in epoch.by_code:
            raise UnknownUnit(
                root,
                day,
                detail="the unit to look within must be a province or district in force that day",
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
        self._within_cache[(id(epoch), root)] = frozen
        return frozen

    def children(self, code: str, *, on: dt.date) -> UnitList:
        """The units directly below ``code`` on ``on``, in code order (a
        :class:`~qcdc.units.UnitList`)."""
        unit = self.lookup(code, on=on)
        return _as_unit_list(self._epoch(on).children.get(unit.code, ()))

    def parent(self, code: str, *, on: dt.date) -> AdministrativeUnit | None:
        """The unit directly above (``None`` for a province)."""
        unit = self.lookup(code, on=on)
        if unit.parent_code is None:
            return None
        return self._epoch(on).by_code.get(unit.parent_code)

    def ancestors(self, code: str, *, on: dt.date) -> UnitList:
        """The units above ``code``, nearest first (district, then province), as a
        :class:`~qcdc.units.UnitList`."""
        epoch = self._epoch(on)
        unit = self.lookup(code, on=on)
        out = []
        while unit.parent_code is not None:
            parent = epoch.by_code.get(unit.parent_code)
            if parent is None:
                break
            out.append(parent)
            unit = parent
        return _as_unit_list(out)

    # ------------------------------------------------------------------ names

    def find(
        self,
        name: str,
        *,
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
        name: near misses come back under ``'not_found'`` (:mod:`qcdc.units.search`).
        A query of more than 1,000 characters is no name: ``'not_found'`` at once.
        """
        if not isinstance(name, str):
            raise InputError(f"name must be a string, got {type(name).__name__}", field="name")
        on_date = _date(on, "on")
        epoch = self._epoch(on_date)
        from qcdc.units.search import _find

        return _find(
            name,
            on_date,
            epoch.names,
            epoch.by_code,
            level=_as_level(level),
            kinds=_as_kinds(kind),
            scope=self._within(epoch, within, on_date) if within is not None else None,
            limit=limit,
        )

    # ------------------------------------------------------------------ lineage

    def _link_index(self) -> _LinkIndex:
        """The links indexed for the walks of :mod:`qcdc.units.lineage`, built once."""
        index = self._index
        if index is not None:
            return index
        links = self.links
        from qcdc.units.lineage import _index_links

        with self._lock:
            if self._index is None:
                self._index = _index_links(links, self._continues)
            return self._index

    def _continues(self, effective: dt.date, code: str) -> bool:
        """Whether the unit ``code`` in force on ``effective`` began before that date."""
        unit = self.get(code, on=effective)
        return unit is not None and unit.valid_from < effective

    def _boundaries(self, after: dt.date, upto: dt.date) -> list[dt.date]:
        lo = bisect.bisect_right(self._starts, after)
        hi = bisect.bisect_right(self._starts, upto)
        return self._starts[lo:hi]

    def project(self, code: str, *, on: dt.date, to: dt.date) -> Projection:
        """Where the unit ``code`` of date ``on`` is on date ``to`` (``to >= on``).

        Follows every lineage event in between.  A split unit has several targets,
        exactly one of them ``default``; a unit the data cannot follow is
        ``'unresolved'`` with the reason.  For the other direction use
        :meth:`predecessors`.
        """
        on_d, to_d = _date(on, "on"), _date(to, "to")
        unit = self.lookup(code, on=on_d)
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
                return self._known(cached, to_d)
            return self._known(attrs.evolve(cached, on=on_d, to=to_d), to_d)
        from qcdc.units.lineage import _successors

        result = _successors(self, unit, on_d, to_d)
        self._projections[key] = result
        return self._known(result, to_d)

    def predecessors(self, code: str, *, on: dt.date, since: dt.date) -> Projection:
        """The units of date ``since`` that (in whole or in part) became ``code`` of ``on``.

        ``status`` reads from the unit's side: ``'same'`` (one whole predecessor, no
        territorial change), ``'merged'`` (several units joined into it), ``'split'``
        (it holds only part of its predecessor) or ``'unresolved'``.
        """
        on_d, since_d = _date(on, "on"), _date(since, "since")
        unit = self.lookup(code, on=on_d)
        if since_d > on_d:
            raise InputError(
                f"since ({since_d}) must not be after on ({on_d})",
                field="since",
                hint="use project(code, on=..., to=...) to go forward in time",
            )
        self._epoch(since_d)
        from qcdc.units.lineage import _predecessors

        return self._known(_predecessors(self, unit, on_d, since_d), on_d)

    @overload
    def convert(
        self,
        codes: Iterable[str],
        *,
        on: dt.date,
        to: dt.date,
        on_split: Literal["default", "raise", "error"] = "default",
        on_unknown: OnUnknown = "raise",
    ) -> list[str | None]: ...

    @overload
    def convert(
        self,
        codes: Iterable[str],
        *,
        on: dt.date,
        to: dt.date,
        on_split: Literal["all"],
        on_unknown: OnUnknown = "raise",
    ) -> list[tuple[str, ...]]: ...

    def convert(
        self,
        codes: Iterable[str],
        *,
        on: dt.date,
        to: dt.date,
        on_split: str = "default",
        on_unknown: str = "raise",
    ) -> list[str | None] | list[tuple[str, ...]]:
        """Convert many codes of date ``on`` to the codes of date ``to`` (either direction).

        ``on_split``: ``'default'`` takes a split unit's default successor,
        ``'all'`` returns every successor as a tuple, ``'raise'`` (or ``'error'``, its
        0.1 spelling) raises :class:`~qcdc.errors.SplitConversion` listing every split
        code.  Going back in time, a unit formed from several converts to the one that
        kept its code, or raises (with the candidates) when none did.

        ``on_unknown``: with ``'raise'`` (the default) a code unknown on ``on`` raises
        :class:`~qcdc.errors.UnknownUnit` (or :class:`~qcdc.errors.InvalidUnitCode`),
        and codes the lineage cannot follow raise one
        :class:`~qcdc.errors.UnresolvedUnit` with the reason of each;
        with ``'none'`` both get ``None`` (``()`` with ``on_split='all'``) in their place.
        """
        split_policy = policy(on_split, "on_split", _ON_SPLIT)
        unknown_policy = policy(on_unknown, "on_unknown", _ON_UNKNOWN)
        on_d, to_d = _date(on, "on"), _date(to, "to")
        from qcdc.units.lineage import _convert

        return _convert(self, codes, on_d, to_d, split_policy, unknown_policy)

    def project_place(
        self,
        code: str,
        *,
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
        lvl = _as_level(level)
        if lvl is None:
            raise InputError("level must be province, district or commune, got None", field="level")
        on_d, to_d = _date(on, "on"), _date(to, "to")
        from qcdc.units.lineage import _project_place

        return _project_place(self, self.lookup(code, on=on_d), on_d, to_d, lvl)

    def crosswalk(
        self, *, on: dt.date, to: dt.date, level: UnitLevel | str | None = None
    ) -> Crosswalk:
        """Every unit of ``on`` with each of its targets on ``to``: one row per target.

        A :class:`~qcdc.units.Crosswalk`: a list of :class:`~qcdc.units.CrosswalkRow` with
        ``to_pandas()``, ``to_polars()``, ``to_arrow()`` and a one-line ``repr``."""
        on_d, to_d = _date(on, "on"), _date(to, "to")
        from qcdc.units._collections import Crosswalk
        from qcdc.units.lineage import _crosswalk

        lvl = _as_level(level)
        return Crosswalk(
            _crosswalk(self, on_d, to_d, lvl),
            on=on_d,
            to=to_d,
            level=lvl.name.lower() if lvl is not None else None,
        )

    def diff(self, *, on: dt.date, to: dt.date) -> Diff:
        """What changed between two dates: units that ended, began, and the events.

        ``to`` before ``on`` is an :class:`~qcdc.errors.InputError` (the dates are never
        swapped silently: a diff read backwards would turn every merge into a split)."""
        on_d, to_d = _date(on, "on"), _date(to, "to")
        if to_d < on_d:
            raise InputError(
                f"to={to_d.isoformat()} is before on={on_d.isoformat()}",
                field="to",
                hint="give the earlier date as on and the later as to",
            )
        from qcdc.units.lineage import _diff

        return _diff(self, on_d, to_d)

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
                k = c if isinstance(c, str) else repr(c)
            if k not in seen:
                seen.add(k)
                distinct.append(k)
        from qcdc.units.lineage import VintageGuess

        lists = [e.by_code for e in self._epochs]
        presence = {c: [i for i, m in enumerate(lists) if c in m] for c in distinct}
        guesses = []
        for i, e in enumerate(self._epochs):
            by_code = lists[i]
            matched = [c for c in distinct if c in by_code]
            unique = tuple(c for c in matched if presence[c] == [i])
            missing = tuple(c for c in distinct if c not in by_code)[:20]
            guesses.append(
                VintageGuess(e.start, e.end, len(matched), len(distinct), unique, missing)
            )
        guesses.sort(key=lambda g: (-g.matched, -len(g.unique_matches), g.valid_from))
        return tuple(guesses)

    # ------------------------------------------------------------------ sharing

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """The embedded gazetteer pickles as its data version (the other process loads its
        own copy, and refuses another version); your own pickles as its data."""
        if self._embedded:
            return (_embedded_of_version, (self.data_version,))
        return (
            _rebuild,
            (self._rows, list(self.links), self._unresolved, dict(self._manifest), self._acts()),
        )

    def __dask_tokenize__(self) -> tuple[str, ...]:
        """The same token for the same data, in any process (dask caches by it)."""
        if self._embedded:
            return ("qcdc.Gazetteer", "embedded", str(self.data_version))
        if self._token is None:
            self._token = _data.digest(self.records(), self.links, self._unresolved)
        return ("qcdc.Gazetteer", self._token)

    def __repr__(self) -> str:
        start, end = self.coverage
        return (
            f"<Gazetteer {self._n_rows()} unit records, {len(self._epochs)} snapshots, "
            f"{start.isoformat()} – {end.isoformat() if end else '…'}>"
        )

    def _repr_html_(self) -> str:
        """A notebook's summary: coverage, what the data is known through, and the counts by
        level on the newest date."""
        import html

        start, end = self.coverage
        newest = self._epochs[-1].start
        counts = "".join(
            f"<tr><td>{lvl.name.lower()}</td><td>{self.count(on=newest, level=lvl)}</td></tr>"
            for lvl in UnitLevel
            if self.count(on=newest, level=lvl)
        )
        horizon = self.horizon
        through = ""
        if horizon is not None:
            through = f"; newest act in force {horizon[0]}"
            through += f", sources checked {horizon[1]}" if horizon[1] else ""
        version = f" (data {html.escape(self.data_version)})" if self.data_version else ""
        return (
            f"<p><b>Gazetteer</b>{version}: {self._n_rows()} unit records, "
            f"{len(self._epochs)} snapshots, {start} – {end or '…'}{through}</p>"
            f"<table><tr><th>level</th><th>units on {newest}</th></tr>{counts}</table>"
        )


def _rebuild(
    units: list[AdministrativeUnit],
    links: list[LineageLink],
    unresolved: dict[tuple[str, dt.date], str],
    manifest: dict[str, Any],
    acts: list[LegalAct] | None = None,
) -> Gazetteer:
    """A gazetteer of your own, unpickled."""
    return Gazetteer(units, links, unresolved=unresolved, manifest=manifest, acts=acts)


def _embedded_of_version(version: str | None) -> Gazetteer:
    """The embedded gazetteer, unpickled: this process's copy, of the same data version."""
    g = Gazetteer.embedded()
    if g.data_version != version:
        raise InputError(
            f"the gazetteer was pickled with data version {version} and this process has "
            f"{g.data_version}",
            hint="install the same qcdc in every process that shares a gazetteer",
        )
    return g


# ------------------------------------------------------------------------------ embedded data

_LOCK = threading.Lock()
_EMBEDDED: Gazetteer | None = None


def _load_embedded() -> Gazetteer:
    """A new gazetteer over the embedded data (tests use it for independent instances)."""
    data = _data.embedded_data()
    return Gazetteer(
        data.units,
        None,
        unresolved=data.unresolved,
        manifest=data.manifest,
        _links_loader=data.links_loader,
        _acts_loader=_embedded_acts,
    )


def _embedded_acts() -> list[LegalAct]:
    """The embedded acts (``acts.tsv``), read on first use."""
    from qcdc.units.acts import _load_acts

    return _load_acts()


def gazetteer(changes: Iterable[str | os.PathLike[str]] | None = None) -> Gazetteer:
    """The embedded gazetteer (the act log compiled into dated states and links), loaded once:
    the same instance as :meth:`Gazetteer.embedded`.

    Thread-safe; the first call reads the data (lineage lazily, on first use).

    ``changes``: paths of change files (acts in TOML, ``docs/reference/change-files.md``) to
    layer over the embedded log: then a new, independent gazetteer, as
    :meth:`Gazetteer.with_changes` builds it (checked; about a second to build).
    """
    if changes is None:
        return Gazetteer.embedded()
    return Gazetteer.with_changes(changes)


def _after_fork() -> None:
    """In a forked child: new locks (a lock held by another thread of the parent at the
    fork would stay held for ever in the child)."""
    global _LOCK
    _LOCK = threading.Lock()
    for g in list(_INSTANCES):
        g._lock = threading.Lock()
        if g._table is not None:
            g._table._lock = threading.Lock()


def __getattr__(name: str) -> Any:
    """``Candidate`` and ``Resolution`` (of :mod:`qcdc.units.search`), imported on first use."""
    if name in ("Candidate", "Resolution"):
        from qcdc.units import search

        value = getattr(search, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'qcdc.units.gazetteer' has no attribute {name!r}")


if hasattr(os, "register_at_fork"):  # pragma: no branch - absent on Windows only
    os.register_at_fork(after_in_child=_after_fork)

from qcdc._hypothesis_plugin import register_loaded as _register_with_hypothesis  # noqa: E402

_register_with_hypothesis()  # the types above, if hypothesis came first (qcdc._hypothesis_plugin)
