"""Auditing an official list of units against qcdc's state on a date (the private home of
:func:`qcdc.units.audit_list`, :func:`qcdc.units.read_list` and their classes).

The tool a maintainer runs when a new resolution appears: read the list (the statistics
office's CSV export, see :func:`read_list`), compare it code by code with the units qcdc has
in force on the date (:func:`audit_list`), and for each difference name the acts of the log
that touched the code (:meth:`Gazetteer.history <qcdc.units.gazetteer.Gazetteer.history>`),
which usually explain it: a list older or newer than the date, or an act not yet in the log.

Names are compared with :func:`qcdc.text.search_key`, so tone placement (``Hòa``/``Hoà``),
NFC/NFD and case are no difference; when only the exact form differs the difference is a
``spelling``.  A name may be given with or without its type word (``Xã Văn Khê`` or
``Văn Khê``); a type word that is not the one of qcdc's kind is a ``kind`` difference.
Only the levels that occur in the list are compared (a list of communes says nothing about
provinces).
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs

from qcdc._bounds import excerpt
from qcdc.errors import InputError, InvalidUnitCode
from qcdc.text import fold, nfc, search_key, split_name
from qcdc.units import _columns
from qcdc.units._collections import html_rows
from qcdc.units._columns import DIFFERENCE_COLUMNS, Layout
from qcdc.units.gazetteer import Gazetteer
from qcdc.units.model import AdministrativeUnit, UnitKind, UnitLevel, level_of_code, unit_code

__all__ = ["AuditResult", "Difference", "Explanation", "ListedUnit", "audit_list", "read_list"]

What = Literal["only_in_list", "only_in_qcdc", "name", "spelling", "kind", "parent"]

#: accepted headers (compared case-, accent- and blank-insensitively) → column
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("code", "mã", "ma", "mã đơn vị", "mã số"),
    "name": ("name", "tên", "ten", "tên đơn vị"),
    "kind": ("level", "kind", "cấp", "loại"),
    "parent": ("parent", "parent_code", "mã cha", "mã cấp trên"),
}
_BY_KEY = {
    "".join(c for c in fold(h).lower() if c.isalnum()): col
    for col, hs in HEADERS.items()
    for h in hs
}


@attrs.frozen
class ListedUnit:
    """One row of an official list: its code, name, and optionally its kind and parent."""

    code: str
    name: str
    kind: UnitKind | None = None
    parent: str | None = None
    row: int | None = None


@attrs.frozen
class Explanation:
    """An act of the log that touched a code, and whether it is in force after the date."""

    number: str
    in_force: dt.date
    title: str
    kinds: tuple[str, ...]
    after: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "in_force": self.in_force.isoformat(),
            "title": self.title,
            "kinds": list(self.kinds),
            "after": self.after,
        }

    def __str__(self) -> str:
        when = "after the date" if self.after else "by the date"
        return f"{self.number} ({', '.join(self.kinds)}, in force {self.in_force}, {when})"


@attrs.frozen
class Difference:
    """One code on which the list and qcdc disagree: ``what`` differs, the ``listed`` value
    and qcdc's value (``None`` where one side has no such unit), and the acts that touched
    the code (``explained_by``, empty when no act of the log explains it)."""

    code: str
    what: What
    listed: str | None
    qcdc: str | None
    explained_by: tuple[Explanation, ...] = ()
    row: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "what": self.what,
            "listed": self.listed,
            "qcdc": self.qcdc,
            "row": self.row,
            "explained_by": [e.to_dict() for e in self.explained_by],
        }

    def __str__(self) -> str:
        return f"{self.code}  {self.what}: list {self.listed or '—'} | qcdc {self.qcdc or '—'}"


@attrs.frozen
class AuditResult:
    """The comparison of a list with qcdc on ``on``: ``differences`` in code order.

    ``to_pandas()``, ``to_polars()`` and ``to_arrow()`` give one row per difference:
    ``code``, ``what``, ``listed``, ``qcdc``, ``row`` (of the list) and ``explained_by``
    (the numbers of the acts that touched the code, ``"; "``-separated).
    """

    on: dt.date
    listed: int
    compared: int
    levels: tuple[UnitLevel, ...]
    differences: tuple[Difference, ...]
    #: the unit the comparison was limited to (``audit_list(within=...)``), if any
    within: str | None = None
    #: rows of the list left out because they are not below ``within``
    outside: int = 0

    @property
    def equal(self) -> bool:
        return not self.differences

    def to_dict(self) -> dict[str, object]:
        return {
            "on": self.on.isoformat(),
            "listed": self.listed,
            "compared": self.compared,
            "levels": [lvl.name.lower() for lvl in self.levels],
            "equal": self.equal,
            "differences": [d.to_dict() for d in self.differences],
        } | ({"within": self.within, "outside": self.outside} if self.within else {})

    def _summary(self) -> str:
        within = f" within {self.within}" if self.within else ""
        n = len(self.differences)
        counts: dict[str, int] = {}
        for d in self.differences:
            counts[d.what] = counts.get(d.what, 0) + 1
        what = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        return (
            f"{self.listed} listed, {self.compared} compared{within} on {self.on.isoformat()}: "
            + (f"{n} difference{'s' if n != 1 else ''} ({what})" if n else "equal")
        )

    def __repr__(self) -> str:
        return f"<AuditResult {self._summary()}>"

    def _repr_html_(self) -> str:
        n = len(self.differences)
        shown = self.differences[:15]
        cells = [
            [
                f"<code>{html.escape(d.code)}</code>",
                html.escape(d.what),
                html.escape(excerpt(d.listed or "—")),
                html.escape(excerpt(d.qcdc or "—")),
                html.escape("; ".join(e.number for e in d.explained_by)),
            ]
            for d in shown
        ]
        table = html_rows(["code", "what", "list", "qcdc", "explained by"], cells, n, False)
        more = f"<p>… {n - len(shown)} more</p>" if n > len(shown) else ""
        return f"<p><b>Audit</b>: {html.escape(self._summary())}</p>{table if n else ''}{more}"

    to_pandas = _columns.to_pandas
    to_polars = _columns.to_polars
    to_arrow = _columns.to_arrow

    def _frame_columns(self) -> tuple[dict[str, list[Any]], Layout]:
        cols: dict[str, list[Any]] = {name: [] for name, _ in DIFFERENCE_COLUMNS}
        for d in self.differences:
            cols["code"].append(d.code)
            cols["what"].append(d.what)
            cols["listed"].append(d.listed)
            cols["qcdc"].append(d.qcdc)
            cols["row"].append(d.row)
            cols["explained_by"].append("; ".join(e.number for e in d.explained_by) or None)
        return cols, DIFFERENCE_COLUMNS


# ------------------------------------------------------------------ reading a list


def _header_key(text: str) -> str:
    return "".join(ch for ch in fold(nfc(text)).lower() if ch.isalnum())


def _column(header: str) -> str | None:
    return _BY_KEY.get(_header_key(header))


def _kind(text: str) -> UnitKind:
    """A kind from the list's column; ``Thành phố`` alone is a city below a province (its
    type word is the one compared)."""
    key = fold(nfc(text)).strip()
    if key.startswith("thanh pho") and "trung uong" in key:
        return UnitKind.MUNICIPALITY
    if key in ("thanh pho", "tp"):
        return UnitKind.PROVINCIAL_CITY
    return UnitKind.parse(text)


def read_list(path: str | os.PathLike[str]) -> tuple[ListedUnit, ...]:
    """The rows of an official list (CSV, UTF-8, with a header row).

    Columns (headers compared ignoring case, accents and blanks): the code — ``code``,
    ``Mã``, ``Mã đơn vị``, ``Mã số``; the name — ``name``, ``Tên``, ``Tên đơn vị``;
    optionally the kind — ``level``, ``kind``, ``Cấp``, ``Loại`` (a Vietnamese kind such as
    ``Xã``, ``Phường``, ``Thành phố Trung ương``); the parent's code — ``parent``,
    ``parent_code``, ``Mã cha``, ``Mã cấp trên``.  Other columns are ignored.  Codes whose
    leading zeros were lost are padded when the level is known from the kind.  Every bad
    row is reported at once (a :class:`~qcdc.errors.ValidationFailed` of
    :class:`~qcdc.errors.InputError`, each naming its row and column).
    """
    import csv
    import io

    from qcdc._files import BadRows, read_text  # loaded with the first list, not with qcdc.units

    label = os.fspath(path)
    text = read_text(path, what="list")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the list is empty", source=label, hint="a header row is needed") from None
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", source=label, row=1) from None
    columns: dict[str, int] = {}
    for i, h in enumerate(header):
        col = _column(h)
        if col is None:
            continue
        if col in columns:
            raise InputError(
                f"two columns give the {col}: {header[columns[col]]!r} and {h!r}",
                source=label,
                row=1,
                field=h[:80],
            )
        columns[col] = i
    missing = [c for c in ("code", "name") if c not in columns]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}",
            source=label,
            row=1,
            field=missing[0],
            hint="the code column is 'code' or 'Mã', the name column 'name' or 'Tên'",
        )
    bad = BadRows(label)
    out: list[ListedUnit] = []
    seen: dict[str, int] = {}
    row_no = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row_no += 1
            bad.add(InputError(f"not valid CSV: {exc}", source=label, row=row_no))
            continue
        row_no += 1
        if not any(v.strip() for v in values):
            continue

        def cell(col: str, vals: Sequence[str] = values) -> str:
            i = columns.get(col)
            return vals[i].strip() if i is not None and i < len(vals) else ""

        def fail(col: str, message: str, row: int = row_no) -> None:
            bad.add(InputError(message, source=label, row=row, field=header[columns[col]]))

        kind: UnitKind | None = None
        if cell("kind"):
            try:
                kind = _kind(cell("kind"))
            except InputError as exc:
                fail("kind", str(exc))
                continue
        raw = cell("code")
        if not raw:
            fail("code", "no code")
            continue
        try:
            code = unit_code(raw, level=kind.level if kind else None)
        except InvalidUnitCode as exc:
            fail("code", str(exc))
            continue
        name = nfc(cell("name"))
        if not name:
            fail("name", "no name")
            continue
        parent: str | None = None
        if cell("parent"):
            try:
                parent = unit_code(cell("parent"))
            except InvalidUnitCode as exc:
                fail("parent", str(exc))
                continue
        if code in seen:
            fail("code", f"code {code} already given in row {seen[code]}")
            continue
        seen[code] = row_no
        out.append(ListedUnit(code=code, name=name, kind=kind, parent=parent, row=row_no))
    bad.check()
    if not out:
        raise InputError("the list has no units", source=label, hint="one unit a row")
    return tuple(out)


# ------------------------------------------------------------------ comparing


_DAY = dt.timedelta(days=1)


def _changed(
    what: What, before: AdministrativeUnit | None, after: AdministrativeUnit | None
) -> bool:
    """Whether an act that took ``before`` to ``after`` changed what ``what`` compares."""
    if what in ("only_in_list", "only_in_qcdc"):
        return (before is None) != (after is None)
    if before is None or after is None:
        return True
    if what in ("name", "spelling"):
        return before.name != after.name
    if what == "kind":
        return before.kind is not after.kind
    return before.parent_code != after.parent_code


def _explain(g: Gazetteer, code: str, on: dt.date, what: What) -> tuple[Explanation, ...]:
    """The acts that touched ``code`` and changed what the difference is about."""
    out = []
    for act, links in g.history(code):
        day = act.in_force
        if not _changed(what, g.get(code, on=day - _DAY), g.get(code, on=day)):
            continue
        out.append(
            Explanation(
                number=act.number,
                in_force=day,
                title=act.title,
                kinds=tuple(dict.fromkeys(lk.kind.value for lk in links)),
                after=day > on,
            )
        )
    return tuple(out)


def _name_difference(listed: str, unit: AdministrativeUnit) -> tuple[What | None, bool]:
    """(the name difference, if any; whether the listed name's type word is not qcdc's)."""
    parts = split_name(listed)
    other_kind = parts.prefix is not None and fold(parts.prefix) != fold(unit.kind.prefix)
    body = listed if parts.prefix is None else parts.name
    if parts.prefix is not None and not other_kind and listed == unit.name:
        return None, False
    if body == unit.short_name or listed == unit.name:
        return None, other_kind
    if search_key(body) == search_key(unit.short_name):
        return "spelling", other_kind
    return "name", other_kind


def audit_list(
    rows: Iterable[ListedUnit],
    gazetteer: Gazetteer,
    *,
    on: dt.date,
    within: str | None = None,
) -> AuditResult:
    """Compare an official list with the units ``gazetteer`` has in force on ``on``.

    Each code appears once per kind of difference: ``only_in_list``, ``only_in_qcdc``,
    ``name`` (the names differ by :func:`~qcdc.text.search_key`), ``spelling`` (only the
    exact form differs), ``kind`` (the kind column or the name's type word), ``parent``
    (when the list gives one).  Only the levels that occur in the list are compared.

    ``within`` (a unit code) compares one province or district only: qcdc's units below
    it, and the rows of the list that are below it in qcdc on ``on`` — or, for a code qcdc
    does not have that day, whose ``parent`` is ``within`` or below it (a row with neither
    is left out, and counted in :attr:`AuditResult.outside`).
    """
    listed = list(rows)
    outside = 0
    scope: str | None = None
    if within is not None:
        scope = gazetteer.lookup(within, on=on).code
        inside = {u.code for u in gazetteer.units(on=on, within=scope)}

        def belongs(r: ListedUnit) -> bool:
            if r.code in inside:
                return True
            if gazetteer.get(r.code, on=on) is not None:
                return False
            return r.parent is not None and (r.parent == scope or r.parent in inside)

        kept = [r for r in listed if belongs(r)]
        outside = len(listed) - len(kept)
        listed = kept
    levels = tuple(sorted({level_of_code(r.code) for r in listed}))
    qcdc = {u.code: u for lvl in levels for u in gazetteer.units(on=on, level=lvl, within=scope)}
    by_code = {r.code: r for r in listed}
    diffs: list[Difference] = []

    def add(r_code: str, what: What, a: str | None, b: str | None, row: int | None) -> None:
        diffs.append(Difference(r_code, what, a, b, _explain(gazetteer, r_code, on, what), row))

    for code in sorted(by_code.keys() | qcdc.keys()):
        r = by_code.get(code)
        u = qcdc.get(code)
        if u is None and r is not None:
            add(code, "only_in_list", r.name, None, r.row)
            continue
        if r is None and u is not None:
            add(code, "only_in_qcdc", None, u.name, None)
            continue
        assert r is not None and u is not None
        name_diff, prefix_kind = _name_difference(r.name, u)
        if name_diff is not None:
            add(code, name_diff, r.name, u.name, r.row)
        if (r.kind is not None and r.kind.prefix != u.kind.prefix) or (
            r.kind is None and prefix_kind
        ):
            shown = r.kind.vietnamese if r.kind is not None else split_name(r.name).prefix
            add(code, "kind", shown, u.kind.vietnamese, r.row)
        if r.parent is not None and r.parent != (u.parent_code or ""):
            add(code, "parent", r.parent, u.parent_code, r.row)
    return AuditResult(
        on=on,
        listed=len(listed),
        compared=len(qcdc),
        levels=levels,
        differences=tuple(diffs),
        within=scope,
        outside=outside,
    )
