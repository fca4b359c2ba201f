"""Private home of the units pillar's row collections, :class:`UnitList` and
:class:`Crosswalk` (public as ``qcdc.units.UnitList`` and ``qcdc.units.Crosswalk``),

and of the legal record's, :class:`ActList` and :class:`History`.

They are what the gazetteer's lists were before — a ``UnitList``, an ``ActList`` and a
``History`` are tuples, a ``Crosswalk`` a list, equal to the plain tuple or list of the
same rows — with what a
notebook or a dataframe library wants on top: a one-line ``repr`` however long the list
(the whole commune list of a date is over 10,000 units), an HTML table of the first rows,
and ``to_pandas()`` / ``to_polars()`` / ``to_arrow()`` with the one column layout of
``qcdc.units._columns``.

>>> import datetime as dt
>>> from qcdc.units.gazetteer import gazetteer
>>> g = gazetteer()
>>> hanoi = g.children("01", on=dt.date(2025, 7, 1))
>>> len(hanoi), hanoi[0].name, hanoi == tuple(hanoi)
(126, 'Phường Ba Đình', True)
>>> repr(hanoi)[:58]
'<UnitList of 126 units (commune 126): 00004 Phường Ba Đình'
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

from qcdc._bounds import excerpt
from qcdc.units import _columns
from qcdc.units._columns import (
    ACT_COLUMNS,
    CROSSWALK_COLUMNS,
    HISTORY_COLUMNS,
    UNIT_COLUMNS,
    Layout,
    crosswalk_columns,
    share_columns,
    unit_columns,
)

if TYPE_CHECKING:
    from qcdc.units.acts import LegalAct
    from qcdc.units.lineage import CrosswalkRow, LineageLink
    from qcdc.units.model import AdministrativeUnit

__all__ = [
    "ActList",
    "Crosswalk",
    "History",
    "UnitList",
    "as_unit_list",
    "html_rows",
    "shown_unit",
]

#: rows a repr names (the first ones, then the last one) and rows an HTML table shows
_REPR_ROWS = 3
_HTML_HEAD, _HTML_TAIL = 10, 5


def shown_unit(code: str | None, name: str | None) -> str:
    """``"00001 Phường Phúc Xá"``, the name cut to 80 characters."""
    if code is None:
        return "—"
    return f"{code} {excerpt(name)}" if name else code


def _sample(items: list[str], total: int) -> str:
    """The first few and the last of ``total`` shown items (``items`` is those shown)."""
    if total <= _REPR_ROWS + 1:
        return ", ".join(items)
    return ", ".join(items[:_REPR_ROWS]) + ", …, " + items[-1]


def _indices(total: int) -> tuple[list[int], bool]:
    """The rows an HTML table shows, and whether some are left out between them."""
    if total <= _HTML_HEAD + _HTML_TAIL:
        return list(range(total)), False
    return [*range(_HTML_HEAD), *range(total - _HTML_TAIL, total)], True


def html_rows(header: list[str], cells: list[list[str]], total: int, gap: bool) -> str:
    """An HTML table of the ``cells`` (already escaped) with a ``…`` row after the first
    ones when ``gap``, for a collection of ``total`` rows."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = []
    for i, row in enumerate(cells):
        if gap and i == _HTML_HEAD:
            body.append(f"<tr><td colspan={len(header)}>… {total - len(cells)} more</td></tr>")
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


class UnitList(tuple["AdministrativeUnit", ...]):
    """Units of one query — :meth:`Gazetteer.units <qcdc.units.Gazetteer.units>`,
    ``children``, ``ancestors``, ``records``, a diff's ``removed`` / ``added``, a place
    projection's ``before`` / ``after`` — in the order they were given.

    A tuple (equal to the plain tuple of the same units) with a short ``repr``, an HTML
    table in a notebook and ``to_pandas()`` / ``to_polars()`` / ``to_arrow()`` with the
    columns of ``qcdc units export``: ``code``, ``name``, ``kind``, ``level``,
    ``parent_code``, ``valid_from``, ``valid_to``, ``name_en``.

    ``units()`` returned an iterator before: ``next()`` still works on a unit list (and a
    loop after it goes on from there), so code written for that keeps working.
    """

    @overload
    def __getitem__(self, index: SupportsIndex) -> AdministrativeUnit: ...
    @overload
    def __getitem__(self, index: slice) -> UnitList: ...

    def __getitem__(self, index: SupportsIndex | slice) -> AdministrativeUnit | UnitList:
        if isinstance(index, slice):
            return UnitList(tuple.__getitem__(self, index))
        return tuple.__getitem__(self, index)

    # ------------------------------------------------------------ the iterator it was

    def __next__(self) -> AdministrativeUnit:
        cursor: Iterator[AdministrativeUnit] | None = self.__dict__.get("_cursor")
        if cursor is None:
            cursor = self.__dict__["_cursor"] = tuple.__iter__(self)
        return next(cursor)

    def __iter__(self) -> Iterator[AdministrativeUnit]:
        cursor: Iterator[AdministrativeUnit] | None = self.__dict__.get("_cursor")
        return cursor if cursor is not None else tuple.__iter__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (UnitList, (tuple(self),))

    # ------------------------------------------------------------ displays and frames

    def by_level(self) -> dict[str, int]:
        """How many units of each level, in level order (``{"commune": 126}``)."""
        out: dict[str, int] = {}
        for u in sorted(tuple.__iter__(self), key=lambda u: u.level):
            key = u.level.name.lower()
            out[key] = out.get(key, 0) + 1
        return out

    def __repr__(self) -> str:
        n = len(self)
        if not n:
            return "<UnitList of 0 units>"
        levels = ", ".join(f"{k} {v}" for k, v in self.by_level().items())
        shown = [tuple.__getitem__(self, i) for i in _indices_for_repr(n)]
        items = [shown_unit(u.code, u.name) for u in shown]
        return f"<UnitList of {n} unit{'s' if n != 1 else ''} ({levels}): {_sample(items, n)}>"

    def _repr_html_(self) -> str:
        n = len(self)
        rows, gap = _indices(n)
        cells = []
        for i in rows:
            u: AdministrativeUnit = tuple.__getitem__(self, i)
            cells.append(
                [
                    f"<code>{html.escape(u.code)}</code>",
                    html.escape(excerpt(u.name)),
                    html.escape(u.kind.vietnamese),
                    html.escape(u.parent_code or ""),
                    f"{u.valid_from} – {u.valid_to or '…'}",
                ]
            )
        levels = ", ".join(f"{k}: {v}" for k, v in self.by_level().items())
        table = html_rows(["code", "name", "kind", "parent", "valid"], cells, n, gap)
        return f"<p><b>{n}</b> unit{'s' if n != 1 else ''} ({levels or 'none'})</p>{table}"

    to_pandas = _columns.to_pandas
    to_polars = _columns.to_polars
    to_arrow = _columns.to_arrow

    def _frame_columns(self) -> tuple[dict[str, list[Any]], Layout]:
        return unit_columns(tuple.__iter__(self)), UNIT_COLUMNS


def as_unit_list(units: Iterable[AdministrativeUnit]) -> UnitList:
    """``units`` as a :class:`UnitList` (itself when it is one: no copy)."""
    return units if isinstance(units, UnitList) else UnitList(units)


def _indices_for_repr(total: int) -> list[int]:
    if total <= _REPR_ROWS + 1:
        return list(range(total))
    return [*range(_REPR_ROWS), total - 1]


class Crosswalk(list["CrosswalkRow"]):
    """The answer of :meth:`Gazetteer.crosswalk <qcdc.units.Gazetteer.crosswalk>`: every
    unit of ``on`` with each of its targets on ``to``, one :class:`~qcdc.units.CrosswalkRow`
    per (source, target).

    A list (equal to the plain list of the same rows) with a one-line ``repr``, an HTML
    table in a notebook and ``to_pandas()`` / ``to_polars()`` / ``to_arrow()`` with the
    columns of ``qcdc lineage crosswalk --format parquet``: ``source``, ``source_name``,
    ``target``, ``target_name``, ``whole``, ``default``, ``share`` with its exact
    ``share_numerator`` / ``share_denominator``, ``status``, ``events``, ``basis``,
    ``on_date``, ``to_date``.
    """

    __slots__ = ("level", "on", "to")

    def __init__(
        self,
        rows: Iterable[CrosswalkRow] = (),
        *,
        on: dt.date,
        to: dt.date,
        level: str | None = None,
    ) -> None:
        super().__init__(rows)
        self.on = on
        self.to = to
        self.level = level

    def by_status(self) -> dict[str, int]:
        """How many source units have each status (``same``, ``merged``, ``split``,
        ``unresolved``)."""
        seen: dict[str, str] = {}
        for r in self:
            seen.setdefault(r.source, r.status)
        out: dict[str, int] = {}
        for status in seen.values():
            out[status] = out.get(status, 0) + 1
        return dict(sorted(out.items()))

    def _title(self) -> str:
        level = f" {self.level}-level" if self.level else ""
        return f"{self.on.isoformat()} → {self.to.isoformat()}:{level}"

    def __repr__(self) -> str:
        statuses = ", ".join(f"{k} {v}" for k, v in self.by_status().items())
        units = sum(self.by_status().values())
        return (
            f"<Crosswalk {self._title()} {len(self)} row{'s' if len(self) != 1 else ''} "
            f"for {units} unit{'s' if units != 1 else ''} ({statuses or 'none'})>"
        )

    def _repr_html_(self) -> str:
        n = len(self)
        rows, gap = _indices(n)
        cells = []
        for i in rows:
            r = self[i]
            cells.append(
                [
                    html.escape(shown_unit(r.source, r.source_name)),
                    html.escape(shown_unit(r.target, r.target_name)),
                    "whole" if r.whole else "part",
                    "default" if r.default else "",
                    html.escape(str(r.share) if r.share is not None else ""),
                    html.escape(r.status),
                ]
            )
        statuses = ", ".join(f"{k}: {v}" for k, v in self.by_status().items())
        table = html_rows(["source", "target", "", "", "share", "status"], cells, n, gap)
        return (
            f"<p><b>Crosswalk</b> {html.escape(self._title())} <b>{n}</b> rows "
            f"({html.escape(statuses or 'none')})</p>{table}"
        )

    to_pandas = _columns.to_pandas
    to_polars = _columns.to_polars
    to_arrow = _columns.to_arrow

    def _frame_columns(self) -> tuple[dict[str, list[Any]], Layout]:
        return crosswalk_columns(self, self.on, self.to), CROSSWALK_COLUMNS


class ActList(tuple["LegalAct", ...]):
    """Legal acts — :meth:`Gazetteer.acts <qcdc.units.Gazetteer.acts>` — in the order they
    apply: a tuple with a one-line ``repr``, an HTML table, and ``to_pandas()`` /
    ``to_polars()`` / ``to_arrow()`` (``number``, ``title``, ``issuer``, ``signed``,
    ``in_force``, ``source``, ``read``, ``confidence``, ``note``)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (ActList, (tuple(self),))

    def __repr__(self) -> str:
        n = len(self)
        if not n:
            return "<ActList of 0 acts>"
        shown = [
            f"{a.number} ({a.in_force.isoformat()})"
            for a in (self[i] for i in _indices_for_repr(n))
        ]
        span = f"in force {self[0].in_force.isoformat()} – {self[-1].in_force.isoformat()}"
        return f"<ActList of {n} act{'s' if n != 1 else ''}, {span}: {_sample(shown, n)}>"

    def _repr_html_(self) -> str:
        n = len(self)
        rows, gap = _indices(n)
        cells = [
            [
                html.escape(self[i].number),
                str(self[i].in_force),
                html.escape(excerpt(self[i].title)),
                html.escape(self[i].confidence),
            ]
            for i in rows
        ]
        table = html_rows(["number", "in force", "title", "confidence"], cells, n, gap)
        return f"<p><b>{n}</b> act{'s' if n != 1 else ''}</p>{table}"

    to_pandas = _columns.to_pandas
    to_polars = _columns.to_polars
    to_arrow = _columns.to_arrow

    def _frame_columns(self) -> tuple[dict[str, list[Any]], Layout]:
        cols: dict[str, list[Any]] = {name: [] for name, _ in ACT_COLUMNS}
        for a in self:
            for name, _ in ACT_COLUMNS:
                cols[name].append(getattr(a, name))
        return cols, ACT_COLUMNS


class History(tuple[tuple["LegalAct", tuple["LineageLink", ...]], ...]):
    """Every act that touched one unit code — :meth:`Gazetteer.history
    <qcdc.units.Gazetteer.history>` — in order, each with its links: a tuple of
    ``(act, links)`` pairs with a one-line ``repr``, an HTML table, and ``to_pandas()`` /
    ``to_polars()`` / ``to_arrow()`` with one row per link (``number``, ``in_force``,
    ``effective``, ``kind``, ``source``, ``target``, ``whole``, ``default``, ``share``
    with its exact numerator and denominator, ``clause``)."""

    code: str

    def __new__(
        cls, entries: Iterable[tuple[LegalAct, tuple[LineageLink, ...]]] = (), *, code: str = ""
    ) -> History:
        self = super().__new__(cls, entries)
        self.code = code
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_history, (tuple(self), self.code))

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (``qcdc units history --format json`` prints its ``acts``):
        ``{"code", "acts": [{<the act's fields>, "links": [{kind, source, target, whole,
        clause}]}]}``."""
        return {
            "code": self.code,
            "acts": [
                {
                    **act.to_dict(),
                    "links": [
                        {
                            "kind": lk.kind.value,
                            "source": lk.source,
                            "target": lk.target,
                            "whole": lk.whole,
                            "clause": lk.clause,
                        }
                        for lk in links
                    ],
                }
                for act, links in self
            ],
        }

    def _links(self) -> Iterator[tuple[LegalAct, LineageLink]]:
        for act, links in self:
            for link in links:
                yield act, link

    def __repr__(self) -> str:
        n = len(self)
        links = sum(len(links) for _, links in self)
        shown = [
            f"{act.number} ({act.in_force.isoformat()}: "
            f"{', '.join(dict.fromkeys(lk.kind.value for lk in links))})"
            for act, links in (self[i] for i in _indices_for_repr(n))
        ]
        return (
            f"<History of {self.code or '?'}: {n} act{'s' if n != 1 else ''}, {links} "
            f"link{'s' if links != 1 else ''}{': ' + _sample(shown, n) if n else ''}>"
        )

    def _repr_html_(self) -> str:
        pairs = list(self._links())
        n = len(pairs)
        rows, gap = _indices(n)
        cells = []
        for i in rows:
            act, lk = pairs[i]
            cells.append(
                [
                    html.escape(act.number),
                    str(lk.effective),
                    html.escape(lk.kind.value),
                    html.escape(lk.source or "—"),
                    html.escape(lk.target),
                    "whole" if lk.whole else "part",
                ]
            )
        table = html_rows(["act", "effective", "kind", "source", "target", ""], cells, n, gap)
        return f"<p><b>History</b> of <code>{html.escape(self.code)}</code>: {n} links</p>{table}"

    to_pandas = _columns.to_pandas
    to_polars = _columns.to_polars
    to_arrow = _columns.to_arrow

    def _frame_columns(self) -> tuple[dict[str, list[Any]], Layout]:
        cols: dict[str, list[Any]] = {name: [] for name, _ in HISTORY_COLUMNS}
        for act, lk in self._links():
            cols["number"].append(act.number)
            cols["in_force"].append(act.in_force)
            cols["effective"].append(lk.effective)
            cols["kind"].append(lk.kind.value)
            cols["source"].append(lk.source or None)
            cols["target"].append(lk.target)
            cols["whole"].append(lk.whole)
            cols["default"].append(lk.default)
            share_columns(cols, lk.share)
            cols["clause"].append(lk.clause)
        return cols, HISTORY_COLUMNS


def _history(entries: tuple[tuple[LegalAct, tuple[LineageLink, ...]], ...], code: str) -> History:
    return History(entries, code=code)
