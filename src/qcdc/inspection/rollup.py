"""Roll-ups: tallies recorded under the units of one date, carried through the lineage
to the units of another and summed up the unit hierarchy (:func:`rollup`)."""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from qcdc._optional import require
from qcdc._policy import policy
from qcdc.errors import (
    InputError,
    InvalidUnitCode,
    QcdcError,
    SplitConversion,
    UnknownUnit,
)
from qcdc.findings import Finding
from qcdc.inspection._fields import fmt, quote
from qcdc.inspection.tallies import (
    _TALLY_FIELDS,
    CaseTally,
    _counted,
    _file_counts,
    _sum_tallies,
    _table_counts,
    tallies_to_arrow,
    tallies_to_pandas,
    tallies_to_polars,
)
from qcdc.units import AdministrativeUnit, UnitLevel, unit_code
from qcdc.units.gazetteer import GazetteerLike

if TYPE_CHECKING:
    import pandas
    import polars

    from qcdc.citations import EffectivePeriod
    from qcdc.dates import Period

__all__ = ["Rollup", "RollupError", "rollup", "rollup_csv", "rollup_table"]


class RollupError(QcdcError, ValueError):
    """A roll-up cannot reach the level asked (e.g. districts after 1 July 2025)."""


@attrs.frozen
class Rollup:
    """Tallies carried from the units of ``on`` to the units of ``to`` at ``level``.

    ``approximate`` names the units whose figure is approximate because a unit that
    reported was split and its whole tally went to its default successor (the other
    successors' figures are approximate too, and are listed even if they received no
    tally).  ``splits`` maps each split source unit to all its successors.
    ``unresolved`` maps each unit whose tally was dropped (``on_unresolved='drop'``) to
    the reason; :meth:`total` then leaves those tallies out.
    """

    tallies: Mapping[str, CaseTally]
    on: dt.date
    to: dt.date
    level: UnitLevel
    approximate: frozenset[str] = frozenset()
    splits: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    unresolved: Mapping[str, str] = attrs.field(factory=dict)

    def __getitem__(self, code: str) -> CaseTally:
        return self.tallies[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tallies)

    def __len__(self) -> int:
        return len(self.tallies)

    def total(self) -> CaseTally:
        """The sum of every unit's tally."""
        return _sum_tallies(self.tallies.values())

    def check(self, path: str = "rollup") -> list[Finding]:
        """Every unit's :meth:`CaseTally.check`, with paths like ``rollup[01]``."""
        findings = []
        for code, t in self.tallies.items():
            findings.extend(t.check(f"{path}[{code}]"))
        return findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "to": self.to.isoformat(),
            "level": self.level.name.lower(),
            "tallies": {code: t.to_dict() for code, t in self.tallies.items()},
            "total": self.total().to_dict(),
            "approximate": sorted(self.approximate),
            "splits": {k: list(v) for k, v in sorted(self.splits.items())},
            "unresolved": dict(sorted(self.unresolved.items())),
        }

    def to_pandas(self) -> pandas.DataFrame:
        """One row per unit, nullable integer columns and an ``approximate`` column."""
        frame = tallies_to_pandas(self.tallies)
        frame["approximate"] = [code in self.approximate for code in self.tallies]
        return frame

    def to_polars(self) -> polars.DataFrame:
        """One row per unit: ``unit``, the four figures (``Int64``) and ``approximate``."""
        frame = tallies_to_polars(self.tallies)
        return frame.with_columns(
            approximate=frame["unit"].is_in(sorted(self.approximate)).fill_null(False)
        )

    def to_arrow(self) -> Any:
        """The table of :meth:`to_polars` as a pyarrow Table (``string``, four ``int64``,
        ``bool``)."""
        table = tallies_to_arrow(self.tallies)
        pa = require("pyarrow", extra="arrow")
        marks = pa.array([code in self.approximate for code in self.tallies], pa.bool_())
        return table.append_column("approximate", marks)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{n}</th>" for n in ("unit", *_TALLY_FIELDS))
        rows = []
        for code, t in self.tallies.items():
            mark = " ≈" if code in self.approximate else ""
            cells = "".join(f"<td>{fmt(v)}</td>" for _, v in t.items())
            rows.append(f"<tr><td>{html.escape(code)}{mark}</td>{cells}</tr>")
        total = "".join(f"<td>{fmt(v)}</td>" for _, v in self.total().items())
        caption = (
            f"{len(self.tallies)} {self.level.name.lower()} tallies, units of {self.on} "
            f"as of {self.to}" + (" (≈ approximate because of splits)" if self.approximate else "")
        )
        return (
            f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}<tr><th>total</th>{total}</tr></tbody></table>"
        )


def _level_of(unit: AdministrativeUnit | str) -> UnitLevel:
    if isinstance(unit, AdministrativeUnit):
        return unit.level
    return {2: UnitLevel.PROVINCE, 3: UnitLevel.DISTRICT, 5: UnitLevel.COMMUNE}[len(unit)]


def _code_of(unit: AdministrativeUnit | str) -> str:
    return unit.code if isinstance(unit, AdministrativeUnit) else unit


def rollup(
    tallies_by_unit: Mapping[str, CaseTally],
    *,
    on: dt.date,
    to: dt.date | None = None,
    level: UnitLevel = UnitLevel.PROVINCE,
    on_split: Literal["default", "raise", "error"] = "default",
    on_unresolved: Literal["raise", "drop", "error"] = "raise",
    gazetteer: GazetteerLike | None = None,
) -> Rollup:
    """Carry tallies recorded under the units of ``on`` to the units of ``to`` (default:
    ``on``), then up to ``level``.

    Each unit is projected through the lineage (``gazetteer.project``); a merged unit's
    tally goes to the unit it merged into; a split unit's tally goes whole to its default
    successor (``on_split='default'``, the result lists the figures this makes
    approximate) or the call raises :class:`~qcdc.errors.SplitConversion`
    (``on_split='raise'``).  Then each unit of ``to`` is replaced by its ancestor at
    ``level``.

    Raises :class:`~qcdc.errors.UnknownUnit` for a code that does not exist on ``on``,
    or that the lineage cannot follow to ``to`` (``on_unresolved='raise'``; with
    ``'drop'`` both kinds of tallies are left out and listed in ``Rollup.unresolved`` with
    the reason), and :class:`RollupError` when a unit has no ancestor at ``level`` on ``to``
    (there are no districts from 1 July 2025).  The embedded gazetteer is used unless
    ``gazetteer`` is given.
    """
    split = policy(on_split, "on_split", ("default", "raise"))
    unresolved_policy = policy(on_unresolved, "on_unresolved", ("raise", "drop"))
    if not isinstance(level, UnitLevel):
        raise InputError(f"level must be a UnitLevel, got {level!r}", field="level")
    target_date = on if to is None else to
    gz: GazetteerLike
    if gazetteer is None:
        from qcdc.units.gazetteer import gazetteer as _embedded

        gz = _embedded()
    else:
        gz = gazetteer

    up_cache: dict[str, str] = {}

    def up(code: str) -> str:
        found = up_cache.get(code)
        if found is not None:
            return found
        unit = gz.get(code, on=target_date)
        if unit is None:
            raise UnknownUnit(code, target_date)
        result: str | None = None
        if unit.level == level:
            result = code
        elif unit.level < level:
            raise RollupError(
                f"unit {unit} is a {unit.kind.vietnamese}, above the level asked "
                f"({level.name.lower()}); roll up to {unit.level.name.lower()} or higher"
            )
        else:
            for anc in gz.ancestors(code, on=target_date):
                if _level_of(anc) == level:
                    result = _code_of(anc)
                    break
        if result is None:
            raise RollupError(
                f"unit {unit} has no {level.name.lower()}-level ancestor on "
                f"{target_date.isoformat()}"
                + (
                    "; there are no districts from 1 July 2025"
                    if level is UnitLevel.DISTRICT
                    else ""
                )
            )
        up_cache[code] = result
        return result

    acc: dict[str, CaseTally] = {}
    splits: dict[str, tuple[str, ...]] = {}
    unresolved: dict[str, str] = {}
    approximate: set[str] = set()
    for raw_code, t in tallies_by_unit.items():
        if not isinstance(t, CaseTally):
            raise InputError(f"must be a CaseTally, got {quote(t)}", field=f"tallies[{raw_code!r}]")
        try:
            code = unit_code(raw_code)
        except InvalidUnitCode as exc:
            raise InputError(str(exc), field=f"tallies[{raw_code!r}]") from None
        if gz.get(code, on=on) is None:
            if unresolved_policy == "drop":
                unresolved[code] = f"no unit has this code on {on.isoformat()}"
                continue
            raise UnknownUnit(code, on)
        if to is None or to == on:
            target: str = code
        else:
            projection = gz.project(code, on=on, to=target_date)
            status = projection.status
            targets = tuple(projection.targets)
            if status == "unresolved" or not targets:
                reason = getattr(projection, "reason", None) or "the lineage records no successor"
                if unresolved_policy == "drop":
                    unresolved[code] = reason
                    continue
                raise UnknownUnit(
                    code,
                    target_date,
                    detail=f"the unit of {on.isoformat()} cannot be followed: {reason}",
                )
            if status == "split" and len(targets) > 1:
                all_codes = tuple(sorted(x.code for x in targets))
                splits[code] = all_codes
                if split == "raise":
                    continue
                chosen = next((x for x in targets if x.default), targets[0])
                target = chosen.code
                keys = {up(c) for c in all_codes}
                if len(keys) > 1:
                    approximate.update(keys)
            else:
                target = next((x for x in targets if x.default), targets[0]).code
        key = up(target)
        prev = acc.get(key)
        acc[key] = t if prev is None else prev + t
    if split == "raise" and splits:
        raise SplitConversion(splits)
    return Rollup(
        {k: acc[k] for k in sorted(acc)},
        on,
        target_date,
        level,
        frozenset(approximate),
        splits,
        unresolved,
    )


def rollup_table(
    table: object,
    period: int | EffectivePeriod | Period,
    *,
    on: dt.date,
    to: dt.date | None = None,
    level: UnitLevel = UnitLevel.PROVINCE,
    as_of: dt.date | None = None,
    on_split: Literal["default", "raise", "error"] = "default",
    on_unresolved: Literal["raise", "drop", "error"] = "raise",
    gazetteer: GazetteerLike | None = None,
) -> Rollup:
    """:func:`rollup` of the tallies of a table of case records: the rows opened in
    ``period`` are tallied by unit as :func:`~qcdc.inspection.tally_table_by_unit` does
    (a pandas or polars ``DataFrame`` or a pyarrow ``Table``; ``unit`` and ``opened``
    are required), then carried from the units of ``on`` to those of ``to`` and up to
    ``level``, with the policies of :func:`rollup`.

    Gives exactly ``rollup(tally_by_unit(cases, period, as_of=as_of), ...)`` of the same
    records as case objects.  The errors name the table's rows: a unit code that is not
    a unit on ``on`` (or that the lineage cannot follow) is an
    :class:`~qcdc.errors.UnknownUnit` naming the first row with it and how many there are;
    rows without a unit in the period are an :class:`~qcdc.errors.InputError` (a roll-up
    has no place for them: filter them out, or count them with ``tally_table_by_unit``).
    """
    counts = _table_counts(table, period, as_of, need_unit=True)
    by_unit = {k: _counted(*f) for k, f in counts.by_key().items()}
    if None in by_unit:
        row, count = counts.unit_rows(None)
        rows = "1 row has" if count == 1 else f"{count:,} rows have"
        raise InputError(
            f"{rows} no unit (the first at row {row}, 0-based position), and a roll-up has "
            "no place for them",
            source="the table",
            field="unit",
            hint="filter them out, or count them with tally_table_by_unit() (under None)",
        )

    def where(code: str) -> str:
        row, count = counts.unit_rows(code)
        rows = "1 row" if count == 1 else f"{count:,} rows"
        return f"column 'unit' of the table, first at row {row} (0-based position), {rows}"

    return _rollup_located(by_unit, where, on, to, level, on_split, on_unresolved, gazetteer)


def _rollup_located(
    by_unit: dict[str | None, CaseTally],
    where: Callable[[str], str],
    on: dt.date,
    to: dt.date | None,
    level: UnitLevel,
    on_split: Literal["default", "raise", "error"],
    on_unresolved: Literal["raise", "drop", "error"],
    gazetteer: GazetteerLike | None,
) -> Rollup:
    """:func:`rollup` of tallies read from rows (a table's, a file's): an unknown unit's
    error says where its rows are, as ``where(code)`` tells."""
    coded = {k: t for k, t in by_unit.items() if k is not None}
    try:
        return rollup(
            coded,
            on=on,
            to=to,
            level=level,
            on_split=on_split,
            on_unresolved=on_unresolved,
            gazetteer=gazetteer,
        )
    except UnknownUnit as exc:
        raise _unknown_at(exc, where(exc.code)) from None


def _unknown_at(exc: UnknownUnit, where: str) -> UnknownUnit:
    """The error of :func:`rollup` for an unknown unit, saying where its rows are."""
    prefix = f"no administrative unit {exc.code!r}" + (
        f" on {exc.on.isoformat()}" if exc.on is not None else ""
    )
    text = str(exc)
    if exc.suggestions:
        text = text.rsplit("; did you mean ", 1)[0]
    detail = text[len(prefix) + 2 :] if text.startswith(prefix + ": ") else ""
    return UnknownUnit(
        exc.code,
        exc.on,
        suggestions=exc.suggestions,
        detail=f"{detail} ({where})" if detail else where,
    )


def rollup_csv(
    path: str | os.PathLike[str],
    period: int | EffectivePeriod | Period,
    *,
    on: dt.date,
    to: dt.date | None = None,
    level: UnitLevel = UnitLevel.PROVINCE,
    as_of: dt.date | None = None,
    on_split: Literal["default", "raise", "error"] = "default",
    on_unresolved: Literal["raise", "drop", "error"] = "raise",
    gazetteer: GazetteerLike | None = None,
    block_size: int | None = None,
) -> Rollup:
    """:func:`rollup` of the tallies by unit of a case CSV file, read batch by batch as
    :func:`~qcdc.inspection.read_case_tallies` reads it (memory: the batches read ahead,
    whatever the size of the file; needs pyarrow): the cases opened in ``period``, carried from the
    units of ``on`` to those of ``to`` and up to ``level``, with the policies of
    :func:`rollup`.

    Gives exactly ``rollup(tally_by_unit(load_cases(path), period, as_of=as_of), ...)``.
    The errors name the file and its rows (the header is row 1): the
    :class:`~qcdc.errors.InputError` of :func:`~qcdc.inspection.read_case_tallies` for a
    bad row; for a unit code that is not a unit on ``on`` (or that the lineage cannot
    follow), the :class:`~qcdc.errors.UnknownUnit` of :func:`rollup`, naming the first row
    with it and how many there are; rows without a unit in the period are an
    :class:`~qcdc.errors.InputError` (a roll-up has no place for them).  Finding those
    rows reads the file a second time (its ``unit`` and ``opened`` columns).
    """
    from qcdc.inspection._stream import BLOCK_SIZE, rows_with_unit

    counts = _file_counts(path, period, as_of, block_size)
    label = os.fspath(path)
    by_unit = {k: _counted(*f) for k, f in counts.by_key().items()}
    size = block_size or BLOCK_SIZE
    if None in by_unit:
        rows, count = rows_with_unit(path, None, limit=1, block_size=size)
        told = "1 row has" if count == 1 else f"{count:,} rows have"
        raise InputError(
            f"{told} no unit, and a roll-up has no place for them",
            source=label,
            row=rows[0] if rows else None,
            field="unit",
            hint="fill in the unit, or count them with read_case_tallies() (under None)",
        )

    def where(code: str) -> str:
        rows, count = rows_with_unit(path, code, limit=1, block_size=size)
        many = "1 row" if count == 1 else f"{count:,} rows"
        first = f", first at row {rows[0]}" if rows else ""
        return f"column 'unit' of {label}{first}, {many}"

    return _rollup_located(by_unit, where, on, to, level, on_split, on_unresolved, gazetteer)
