"""Finding units by name: the readings of a query, the name index of a unit list, and
the ranking of the candidates.

:meth:`qcdc.units.gazetteer.Gazetteer.find` asks; this module answers.  A name matches in
any spelling (with or without diacritics, either tone placement, with type words or
their abbreviations); a match with the same diacritics ranks above a folded one, several
equally good matches are ``'ambiguous'`` (qcdc will not guess), and near misses come back
under ``'not_found'``, never silently taken as the answer.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from qcdc._bounds import excerpt as _excerpt
from qcdc.errors import AmbiguousUnit, UnknownUnit
from qcdc.text import _fold, _split_cleaned, _strip_number_zeros, canonical_tones, clean
from qcdc.units import _columns
from qcdc.units._columns import CANDIDATE_COLUMNS, Layout, unit_columns
from qcdc.units.model import AdministrativeUnit, UnitKind, UnitLevel

if TYPE_CHECKING:  # the near-miss index is imported on the first miss, not at start-up
    from qcdc.units._fuzzy import NearIndex

__all__ = ["Candidate", "Resolution"]

#: a key longer than this is computed each time and never cached: a cache must not
#: keep hostile input (a 1 MB "name") alive; no unit's name is a tenth as long
_CACHED_KEY_LENGTH = 200
#: entries per cache (each key is at most ``_CACHED_KEY_LENGTH`` characters)
_CACHE_ENTRIES = 32768
#: a query longer than this is no name (the longest of the embedded data has 31
#: characters): it is ``'not_found'`` at once, whatever it holds
_LONGEST_QUERY = 1000

#: the names (folded keys) a not-found answer suggests at most
_SUGGESTED_NAMES = 5

_T = TypeVar("_T")


def _bounded_cache(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """``fn`` with an LRU cache of bounded size that skips keys too long to keep."""
    cached = functools.lru_cache(maxsize=_CACHE_ENTRIES)(fn)

    @functools.wraps(fn)
    def call(text: str) -> _T:
        if len(text) > _CACHED_KEY_LENGTH:
            return fn(text)
        return cached(text)

    call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    call.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return call


@_bounded_cache
def _name_key(name: str) -> str:
    """The folded form a name is indexed by."""
    return _strip_number_zeros(_fold(name))


def _exact_of_clean(name: str) -> str:
    """:func:`_exact_form` of a name :func:`~qcdc.text.clean` has made."""
    return _strip_number_zeros(canonical_tones(name).casefold())


@_bounded_cache
def _exact_form(name: str) -> str:
    """The form a name with its diacritics is compared on."""
    return _exact_of_clean(clean(name))


@_bounded_cache
def _interpretations(query: str) -> tuple[tuple[str | None, str, str], ...]:
    """(type word or None, folded name key, exact form) readings of a query.

    Its own cache is the one that matters: a query seen before costs one lookup; a
    new one is cleaned once and each of its parts folded and toned once, uncached
    (a cache per part would only hold what this one holds).
    """
    whole = clean(query)
    prefix, name = _split_cleaned(whole)
    first = (prefix, _strip_number_zeros(_fold(name)), _exact_of_clean(name))
    if prefix is None:
        return (first,)
    # "Xa La" may be Phường Xa La, not a "Xã La": keep the unsplit reading too
    return first, (None, _strip_number_zeros(_fold(whole)), _exact_of_clean(whole))


_quote = _excerpt  # how a reason quotes the query (the kernel's rule)


@attrs.frozen
class Candidate:
    """A unit that matches a name query, with a score in [0, 1] and the reasons."""

    unit: AdministrativeUnit
    score: float
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.unit.name} ({self.score:.2f}: {', '.join(self.reasons)})"


#: the internal path makes candidates and resolutions without ``__init__``: neither class
#: has a validator or converter to skip, and their slots are set directly (a third of
#: the cost; a test checks that they equal what ``__init__`` makes)
_new_object = object.__new__
_set_unit = Candidate.__dict__["unit"].__set__
_set_score = Candidate.__dict__["score"].__set__
_set_reasons = Candidate.__dict__["reasons"].__set__


def _candidate(unit: AdministrativeUnit, score: float, reasons: tuple[str, ...]) -> Candidate:
    """``Candidate(unit, score, reasons)``, made the cheap way (see above)."""
    c: Candidate = _new_object(Candidate)
    _set_unit(c, unit)
    _set_score(c, score)
    _set_reasons(c, reasons)
    return c


@attrs.frozen
class Resolution:
    """The answer of :meth:`~qcdc.units.gazetteer.Gazetteer.find`.

    ``status`` is ``'exact'`` (one best candidate), ``'ambiguous'`` (several equally
    good candidates: qcdc will not guess) or ``'not_found'`` (``candidates`` then
    holds similar spellings, never silently taken as the answer).

    ``to_pandas()``, ``to_polars()`` and ``to_arrow()`` give one row per candidate: the
    unit's columns (those of a :class:`~qcdc.units.UnitList`), ``score`` and ``reasons``
    (``"; "``-separated).
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
        """The unit, or raise :class:`~qcdc.errors.AmbiguousUnit` /
        :class:`~qcdc.errors.UnknownUnit`."""
        if self.status == "exact":
            return self.candidates[0].unit
        if self.status == "ambiguous":
            top = self.candidates[0].score
            raise AmbiguousUnit(
                _quote(self.query),
                self.on,
                [str(c.unit) for c in self.candidates if c.score == top],
            )
        raise UnknownUnit(
            _quote(self.query), self.on, suggestions=[str(c.unit) for c in self.candidates[:5]]
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(c.unit.code)}</td><td>{html.escape(c.unit.name)}</td>"
            f"<td>{c.score:.2f}</td><td>{html.escape(', '.join(c.reasons))}</td></tr>"
            for c in self.candidates
        )
        return f"<p>{html.escape(self.query)!s}: <b>{self.status}</b></p><table>{rows}</table>"

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{c.unit.code} {_excerpt(c.unit.name)} ({c.score:.2f})" for c in self.candidates[:3]
        )
        more = f", … {len(self.candidates) - 3} more" if len(self.candidates) > 3 else ""
        n = len(self.candidates)
        return (
            f"<Resolution {_quote(self.query)!r} on {self.on.isoformat()}: {self.status}, "
            f"{n} candidate{'s' if n != 1 else ''}{': ' + shown if shown else ''}{more}>"
        )

    to_pandas = _columns.to_pandas
    to_polars = _columns.to_polars
    to_arrow = _columns.to_arrow

    def _frame_columns(self) -> tuple[dict[str, list[Any]], Layout]:
        cols = unit_columns(c.unit for c in self.candidates)
        cols["score"] = [c.score for c in self.candidates]
        cols["reasons"] = ["; ".join(c.reasons) or None for c in self.candidates]
        return cols, CANDIDATE_COLUMNS


_set_query = Resolution.__dict__["query"].__set__
_set_on = Resolution.__dict__["on"].__set__
_set_status = Resolution.__dict__["status"].__set__
_set_candidates = Resolution.__dict__["candidates"].__set__


def _resolution(
    query: str,
    on: dt.date,
    status: Literal["exact", "ambiguous", "not_found"],
    candidates: tuple[Candidate, ...],
) -> Resolution:
    """``Resolution(query, on, status, candidates)``, made as :func:`_candidate` is."""
    r: Resolution = _new_object(Resolution)
    _set_query(r, query)
    _set_on(r, on)
    _set_status(r, status)
    _set_candidates(r, candidates)
    return r


#: (unit, level, kind, type word, exact form) of one unit, under its folded short name
_NameEntry = tuple[AdministrativeUnit, UnitLevel, UnitKind, str, str]
_NameIndex = Mapping[str, list[_NameEntry]]


class _Names(dict[str, list[_NameEntry]]):
    """Folded short name → the entries of the units that bear it; holds its near-miss
    index once a query missed (:mod:`qcdc.units._fuzzy`)."""

    __slots__ = ("near_index",)

    def __init__(self) -> None:
        super().__init__()
        self.near_index: NearIndex | None = None


def _name_index(units: Iterable[AdministrativeUnit]) -> dict[str, list[_NameEntry]]:
    """Folded short name → the entries of the units that bear it."""
    out = _Names()
    for u in units:
        kind = u.kind
        short = u.short_name
        entry = (u, kind.level, kind, kind.prefix, _exact_form(short))
        out.setdefault(_name_key(short), []).append(entry)
    return out


def _find(
    name: str,
    on: dt.date,
    names: _NameIndex,
    by_code: Mapping[str, AdministrativeUnit],
    *,
    level: UnitLevel | None,
    kinds: frozenset[UnitKind] | None,
    scope: Collection[str] | None,
    limit: int,
) -> Resolution:
    """The units of one list (its ``names`` index and its ``by_code`` map) that ``name``
    may mean, filtered by ``level``, ``kinds`` and ``scope`` (codes), ranked."""
    if len(name) > _LONGEST_QUERY:
        return _resolution(name, on, "not_found", ())
    scored: dict[str, Candidate] = {}
    readings = _interpretations(name)
    for rank, (prefix, key, exact) in enumerate(readings):
        ascii_query = exact.isascii()
        for u, u_level, u_kind, u_prefix, u_exact in names.get(key, ()):
            if level is not None and u_level is not level:
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
                scored[u.code] = _candidate(u, round(score, 4), tuple(reasons))
    ranked = (
        sorted(scored.values(), key=lambda c: (-c.score, c.unit.kind.level, c.unit.code))
        if len(scored) > 1
        else list(scored.values())
    )
    if ranked and ranked[0].score >= 0.79:
        top = ranked[0].score
        n_top = sum(1 for c in ranked if c.score == top)
        status: Literal["exact", "ambiguous", "not_found"] = "exact" if n_top == 1 else "ambiguous"
        return _resolution(
            name, on, status, tuple(ranked[:limit] if n_top <= limit else ranked[:n_top])
        )

    # nothing good: offer similar spellings, never take them
    passing: dict[str, list[AdministrativeUnit]] = {}

    def accept(key: str) -> bool:
        units = passing[key] = [
            e[0]
            for e in names[key]
            if (level is None or e[1] is level)
            and (kinds is None or e[2] in kinds)
            and (scope is None or e[0].code in scope)
            and e[0].code not in scored
        ]
        return bool(units)

    near = list(ranked)
    target = readings[0][1]
    keys = _near_index(names).near(target, accept)
    room = limit - len(near)
    # the keys that start with the query's letter come first; when some of them will
    # be cut, they are cut in difflib's order (see qcdc.units._fuzzy)
    alike = 0
    while alike < len(keys) and keys[alike][0][:1] == target[:1]:
        alike += 1
    if alike > 1 and (
        alike > _SUGGESTED_NAMES or sum(len(passing[k]) for k, _r in keys[:alike]) > room
    ):
        from qcdc.units._fuzzy import difflib_order

        keys = difflib_order(target, keys)
    more = [u for k, _similarity in keys[:_SUGGESTED_NAMES] for u in passing[k]]
    near += [_candidate(u, 0.5, _SIMILAR) for u in more[: max(room, 0)]]
    return _resolution(name, on, "not_found", tuple(near[:limit]))


_SIMILAR = ("similar spelling",)


def _near_index(names: _NameIndex) -> NearIndex:
    """The near-miss index of ``names``, made on the first miss and kept with it."""
    if isinstance(names, _Names):
        index = names.near_index
        if index is None:
            from qcdc.units._fuzzy import NearIndex

            index = names.near_index = NearIndex(names)
        return index
    # a name index made elsewhere: keep the last few
    for held, index in _OTHER_NEAR:
        if held is names:
            return index
    from qcdc.units._fuzzy import NearIndex

    index = NearIndex(names)
    _OTHER_NEAR.insert(0, (names, index))
    del _OTHER_NEAR[4:]
    return index


_OTHER_NEAR: list[tuple[_NameIndex, NearIndex]] = []
