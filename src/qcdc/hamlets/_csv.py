"""Hamlet registries, merger plans and lineage as CSV files.

Hamlets: ``id,name,kind,commune_code,households`` then the optional
``population,area_km2,border,island`` (and ``valid_from,valid_to``).
Plans: ``action,sources,target_id,target_name,target_kind,effective,basis,exemption``
and the optional ``target_households,target_population``; ``sources`` are
separated by ``;`` and are ids (``T05``) or commune-qualified ids (``00097:T05``).

A plan file may also have a ``plan`` column: the plan's name, the same on every row
(:func:`dump_plan` writes it, so a plan keeps its name through a file).

Files are UTF-8 with or without a byte-order mark; the delimiter is ``,`` (or
``;`` / tab when the header has no comma).  Headers may be Vietnamese
(``Mã``, ``Tên``, ``Loại``, ``Mã xã``, ``Số hộ``, ``Dân số``, ``Diện tích``,
``Biên giới``, ``Đảo``; ``Hành động``, ``Nguồn``, ``Mã mới``, ``Tên mới``,
``Ngày hiệu lực``, ``Căn cứ``, ``Lý do miễn trừ`` …), in any case, with or
without accents.

Nothing is dropped or guessed: a column the loader does not know (``populaton``) is an
error with the nearest known name, and so is a row with fewer or more cells than the
header.  A file that cannot be read or whose header cannot be used (missing, not UTF-8,
empty, an unknown, repeated or missing column) is one :class:`~qcdc.errors.InputError`
at once (naming the other header problems too); otherwise the file is read to its end
and every bad row is reported at once in one :class:`~qcdc.errors.ValidationFailed`,
each part an :class:`~qcdc.errors.InputError` naming the row (the header is row 1, as in
a spreadsheet) and the column as written — at most 50 are kept, all are counted.  Good
rows are never altered.

Spreadsheet formulas: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a leading ``'`` (a spreadsheet then shows it as text
instead of running it), and so is a cell that starts with ``'``; reading takes that one
``'`` off again, so every value survives the round trip.

>>> import io
>>> text = "\\ufeffMã,Tên,Loại,Mã xã,Số hộ\\nT1,Thôn Đông,thôn,00001,120\\n"
>>> [c] = load_hamlets(io.StringIO(text))
>>> c.id, c.households, c.kind.family.value
('T1', 120, 'thôn')
>>> out = io.StringIO(); dump_hamlets([c], out)
>>> load_hamlets(io.StringIO(out.getvalue())) == [c]
True
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any, TypeAlias, TypeVar

import attrs

from qcdc._files import BadRows, csv_writing, read_text
from qcdc.errors import InputError
from qcdc.hamlets.actions import Action, ActionKind, Conversion, Dissolution, Merger, Rename
from qcdc.hamlets.model import Community, CommunityKind, CommunityRef, _parse_count, _parse_day
from qcdc.hamlets.plans import MergerPlan
from qcdc.hamlets.summaries import PlanOutcome
from qcdc.text import fold

__all__ = [
    "HAMLET_COLUMNS",
    "LINEAGE_COLUMNS",
    "PLAN_COLUMNS",
    "dump_hamlets",
    "dump_lineage",
    "dump_plan",
    "load_hamlets",
    "load_plan",
]

HAMLET_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "commune_code",
    "households",
    "population",
    "area_km2",
    "border",
    "island",
    "valid_from",
    "valid_to",
)
_HAMLET_REQUIRED = ("id", "name", "commune_code", "households")

PLAN_COLUMNS: tuple[str, ...] = (
    "action",
    "sources",
    "target_id",
    "target_name",
    "target_kind",
    "effective",
    "basis",
    "exemption",
    "target_households",
    "target_population",
    "plan",
)
_PLAN_REQUIRED = ("action", "sources", "effective")

LINEAGE_COLUMNS: tuple[str, ...] = (
    "commune_code",
    "id",
    "successor_commune_code",
    "successor_id",
)

_HAMLET_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "ma", "ma thon", "ma to dan pho", "ma thon to dan pho", "ma cong dong"),
    "name": ("name", "ten", "ten thon", "ten to dan pho", "ten thon to dan pho"),
    "kind": ("kind", "loai", "loai hinh", "phan loai"),
    "commune_code": (
        "commune code",
        "commune",
        "ma xa",
        "ma xa phuong",
        "ma xa phuong thi tran",
        "ma don vi hanh chinh",
        "ma dvhc",
        "ma dvhc xa",
    ),
    "households": ("households", "so ho", "so ho gia dinh", "ho"),
    "population": ("population", "dan so", "so dan", "nhan khau", "so nhan khau"),
    "area_km2": ("area km2", "area", "dien tich", "dien tich km2"),
    "border": ("border", "bien gioi", "xa bien gioi"),
    "island": ("island", "dao", "hai dao", "xa dao"),
    "valid_from": ("valid from", "tu ngay", "hieu luc tu"),
    "valid_to": ("valid to", "den ngay", "het hieu luc"),
}
_PLAN_ALIASES: dict[str, tuple[str, ...]] = {
    "action": ("action", "hanh dong", "thao tac", "hinh thuc", "loai thay doi"),
    "sources": ("sources", "source", "nguon", "don vi sap nhap", "cac thon", "ma nguon"),
    "target_id": ("target id", "ma moi", "ma sau sap nhap"),
    "target_name": ("target name", "ten moi", "ten sau sap nhap"),
    "target_kind": ("target kind", "loai moi"),
    "effective": ("effective", "ngay hieu luc", "hieu luc"),
    "basis": ("basis", "can cu", "can cu phap ly", "van ban"),
    "exemption": ("exemption", "mien tru", "ly do mien tru", "ly do"),
    "target_households": ("target households", "so ho moi", "so ho sau sap nhap"),
    "target_population": ("target population", "dan so moi", "dan so sau sap nhap"),
    "plan": ("plan", "plan name", "ke hoach", "ten ke hoach", "phuong an"),
}

T = TypeVar("T")

Source: TypeAlias = "str | os.PathLike[str] | IO[str]"


def _lookup_table(aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: canonical for canonical, names in aliases.items() for alias in names}


_HAMLET_KEYS = _lookup_table(_HAMLET_ALIASES)
_PLAN_KEYS = _lookup_table(_PLAN_ALIASES)


def _name_of(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


def _read_text(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return read_text(source, hint="save it as 'CSV UTF-8' in your spreadsheet program")
    text = source.read()
    return text[1:] if text.startswith("\ufeff") else text


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _guard(cell: str) -> str:
    """A cell as written: ``'`` before one a spreadsheet would run as a formula."""
    return "'" + cell if cell.startswith(_FORMULA) or cell.startswith("'") else cell


def _unguard(cell: str) -> str:
    """A cell as read: the ``'`` that :func:`_guard` added taken off again."""
    if cell.startswith("'") and cell[1:].startswith((*_FORMULA, "'")):
        return cell[1:]
    return cell


class _Table:
    """The header of a file and its data rows, read without dropping or padding anything.

    :meth:`rows` yields ``(row number, record)``; a row that cannot be a record (more or
    fewer cells than the header, a value under a column without a header) goes to
    ``bad`` instead, and so does a row that :meth:`convert` cannot build.
    """

    def __init__(
        self, source: Source, aliases: Mapping[str, str], required: tuple[str, ...], what: str
    ) -> None:
        self.name = _name_of(source)
        self.bad = BadRows(self.name)
        text = _read_text(source)
        first = text.split("\n", 1)[0]
        delimiter = (
            ","
            if "," in first or ("\t" not in first and ";" not in first)
            else ("\t" if "\t" in first else ";")
        )
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = next(self._reader)
        except StopIteration:
            raise InputError(
                f"the file is empty; a {what} file needs a header row", source=self.name
            ) from None
        except csv.Error as exc:
            raise InputError(
                f"malformed CSV in the header: {exc}", source=self.name, row=1
            ) from None
        problems: list[InputError] = []
        self.columns: list[str | None] = []
        self.written: dict[str, str] = {}
        for cell in header:
            canonical = aliases.get(fold(cell))
            if canonical is None and cell.strip():
                problems.append(self._unknown(cell.strip(), aliases))
            elif canonical is not None and canonical in self.written:
                problems.append(
                    InputError(
                        f"two columns mean {canonical!r}: {self.written[canonical]!r} and {cell!r}",
                        source=self.name,
                        row=1,
                        field=cell,
                        hint="remove or rename one of them",
                    )
                )
            elif canonical is not None:
                self.written[canonical] = cell.strip()
            self.columns.append(canonical)
        missing = [c for c in required if c not in self.written]
        if missing:
            problems.append(
                InputError(
                    f"missing column(s) {', '.join(missing)}; the header has "
                    + ", ".join(repr(h[:40]) for h in header[:20]),
                    source=self.name,
                    row=1,
                    field=missing[0],
                    hint="expected columns: "
                    + ",".join(required)
                    + " (Vietnamese headers are accepted)",
                )
            )
        if problems:  # a file whose header is wrong has no row worth reading
            head = problems[0]
            more = "".join(f"; also {p.field!r}: {p.reason}" for p in problems[1:5])
            raise InputError(
                head.reason + more, source=self.name, row=1, field=head.field, hint=head.hint
            )

    def _unknown(self, cell: str, aliases: Mapping[str, str]) -> InputError:
        close = difflib.get_close_matches(fold(cell), list(aliases), n=1, cutoff=0.75)
        hint = (
            f"did you mean {aliases[close[0]]!r}?"
            if close
            else "known columns: " + ", ".join(dict.fromkeys(aliases.values()))
        )
        return InputError(
            f"unknown column {cell[:40]!r}; its values would be lost",
            source=self.name,
            row=1,
            field=cell[:40],
            hint=hint,
        )

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        row_number = 1
        width = len(self.columns)
        while True:
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.bad.add(
                    InputError(
                        f"malformed CSV: {exc}; the rest of the file was not read",
                        source=self.name,
                        row=row_number + 1,
                    )
                )
                return
            row_number += 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != width:
                self.bad.add(
                    InputError(
                        f"the row has {len(cells)} cells but the header has {width}",
                        source=self.name,
                        row=row_number,
                        hint="quote cells that contain the delimiter"
                        if len(cells) > width
                        else "keep a delimiter for every empty cell",
                    )
                )
                continue
            record: dict[str, str] = {}
            stray = None
            for canonical, cell in zip(self.columns, cells, strict=True):
                if canonical is not None:
                    record[canonical] = _unguard(cell.strip())
                elif cell.strip():
                    stray = cell.strip()
            if stray is not None:
                self.bad.add(
                    InputError(
                        f"a value ({stray[:40]!r}) in a column without a header",
                        source=self.name,
                        row=row_number,
                        hint="give the column a header or empty it",
                    )
                )
                continue
            yield row_number, record

    def convert(
        self, build: Callable[[Mapping[str, str]], T], row: int, record: Mapping[str, str]
    ) -> T | None:
        """``build(record)``, or ``None`` with its error (naming the row) added to ``bad``."""
        try:
            return build(record)
        except InputError as exc:
            field = self.written.get(exc.field or "", exc.field)
            self.bad.add(
                InputError(exc.reason, source=self.name, row=row, field=field, hint=exc.hint)
            )
            return None


def load_hamlets(source: Source) -> list[Community]:
    """The communities of a hamlets CSV file, in file order."""
    return [c for _, c in _load_hamlets_with_rows(source)]


def _load_hamlets_with_rows(source: Source) -> list[tuple[int, Community]]:
    table = _Table(source, _HAMLET_KEYS, _HAMLET_REQUIRED, "hamlets")
    out = []
    for row, record in table.rows():
        community = table.convert(Community.from_record, row, record)
        if community is not None:
            out.append((row, community))
    table.bad.check()
    return out


def _plan_action(record: Mapping[str, str]) -> Action:
    def need(field: str) -> str:
        value = record.get(field, "")
        if not value:
            raise InputError(f"{field} must not be empty", field=field)
        return value

    def opt(field: str) -> str | None:
        return record.get(field) or None

    def count(field: str) -> int | None:
        value = opt(field)
        if value is None:
            return None
        try:
            return _parse_count(value)
        except (ValueError, TypeError) as exc:
            raise InputError(str(exc), field=field) from None

    try:
        kind = ActionKind.parse(need("action"))
    except ValueError as exc:
        raise InputError(str(exc), field="action") from None
    sources = [CommunityRef.parse(s) for s in record.get("sources", "").split(";") if s.strip()]
    target_kind: CommunityKind | None = None
    if opt("target_kind") is not None:
        try:
            target_kind = CommunityKind.parse(need("target_kind"))
        except ValueError as exc:
            raise InputError(str(exc), field="target_kind") from None
    try:
        effective = _parse_day(need("effective"))
    except (ValueError, TypeError) as exc:
        raise InputError(str(exc), field="effective") from None
    common: dict[str, Any] = {
        "effective": effective,
        "basis": record.get("basis", ""),
        "exemption": opt("exemption"),
    }
    for field in ("target_households", "target_population"):
        if opt(field) is not None and kind is not ActionKind.MERGE:
            raise InputError(f"{field} is only used by a merge", field=field)
    if kind is not ActionKind.MERGE and kind is not ActionKind.CONVERT and opt("target_kind"):
        raise InputError("target_kind is only used by a merge or a convert", field="target_kind")
    if kind is ActionKind.DISSOLVE:
        for field in ("target_id", "target_name"):
            if opt(field) is not None:
                raise InputError(f"{field} is not used by a dissolve", field=field)
    households, population = count("target_households"), count("target_population")
    if ";" in (opt("target_id") or ""):
        raise InputError("target_id must not contain ';'", field="target_id")
    try:
        if kind is ActionKind.MERGE:
            return Merger(
                sources,
                target_id=opt("target_id"),
                target_name=opt("target_name"),
                target_kind=target_kind,
                target_households=households,
                target_population=population,
                **common,
            )
        if kind is ActionKind.DISSOLVE:
            return Dissolution(sources, **common)
        if kind is ActionKind.RENAME:
            return Rename(
                sources, target_name=opt("target_name"), target_id=opt("target_id"), **common
            )
        return Conversion(
            sources,
            target_kind=target_kind,
            target_name=opt("target_name"),
            target_id=opt("target_id"),
            **common,
        )
    except (ValueError, TypeError) as exc:  # pragma: no cover - fields are checked above
        raise InputError(str(exc)) from None


def load_plan(source: Source, *, name: str = "") -> MergerPlan:
    """The merger plan of a CSV file; each action remembers its row (for messages).

    The plan's name is ``name`` if given, else the file's ``plan`` column, else the file's
    name."""
    table = _Table(source, _PLAN_KEYS, _PLAN_REQUIRED, "plan")
    actions = []
    named: tuple[int, str] | None = None
    for row, record in table.rows():
        label = record.pop("plan", "")
        if label:
            if named is None:
                named = (row, label)
            elif named[1] != label:
                table.bad.add(
                    InputError(
                        f"the plan is named {named[1]!r} on row {named[0]} and {label!r} here",
                        source=table.name,
                        row=row,
                        field=table.written["plan"],
                        hint="a file holds one plan: give every row the same name",
                    )
                )
        if not any(record.values()):
            continue  # a row that only names the plan (the file of an empty plan)
        action = table.convert(_plan_action, row, record)
        if action is not None:
            actions.append(_with_row(action, row))
    table.bad.check()
    return MergerPlan(actions, name=name or (named[1] if named else "") or table.name)


def _with_row(action: Action, row: int) -> Action:
    return attrs.evolve(action, row=row)


def _write(
    target: Source, columns: tuple[str, ...], rows: Iterable[Mapping[str, str]], bom: bool
) -> None:
    if isinstance(target, (str, os.PathLike)):
        with open(target, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            _write_rows(fh, columns, rows)
        return
    if bom:
        target.write("\ufeff")
    _write_rows(target, columns, rows)


def _write_rows(fh: IO[str], columns: tuple[str, ...], rows: Iterable[Mapping[str, str]]) -> None:
    writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
    with csv_writing("the rows"):
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _guard(row.get(k, "")) for k in columns})


def dump_hamlets(communities: Iterable[Community], target: Source, *, bom: bool = False) -> None:
    """Write communities as CSV (``bom=True`` for spreadsheet programs that need it)."""
    _write(target, HAMLET_COLUMNS, (c.to_record() for c in communities), bom)


def _action_record(action: Action) -> dict[str, str]:
    rec = {
        "action": action.kind.value,
        "sources": ";".join(str(s) for s in action.sources),
        "effective": action.effective.isoformat(),
        "basis": action.basis,
        "exemption": action.exemption or "",
    }
    if isinstance(action, (Merger, Rename, Conversion)):
        rec["target_id"] = action.target_id or ""
        rec["target_name"] = action.target_name or ""
    if isinstance(action, (Merger, Conversion)):
        rec["target_kind"] = action.target_kind.value if action.target_kind else ""
    if isinstance(action, Merger):
        hh, pop = action.target_households, action.target_population
        rec["target_households"] = "" if hh is None else str(hh)
        rec["target_population"] = "" if pop is None else str(pop)
    return rec


def dump_plan(plan: MergerPlan, target: Source, *, bom: bool = False) -> None:
    """Write a plan as CSV; :func:`load_plan` reads it back to an equal plan."""
    records = [{**_action_record(a), "plan": plan.name} for a in plan.actions]
    if not records and plan.name:
        records = [{"plan": plan.name}]  # the name of an empty plan
    _write(target, PLAN_COLUMNS, records, bom)


def dump_lineage(outcome: PlanOutcome, target: Source, *, bom: bool = False) -> None:
    """Write ``commune_code,id,successor_commune_code,successor_id`` for every changed
    community (a blank successor: dissolved)."""
    _write(target, LINEAGE_COLUMNS, outcome.lineage_records(), bom)
