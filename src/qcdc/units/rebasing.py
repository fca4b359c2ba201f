"""Rebasing statistics: a table of per-unit figures carried from the units of one date
to the units of another (:func:`rebase`).

Each row of the table is one unit in force on ``on``; each column is summed (counts),
averaged (rates and scores, weighted by another column such as the population) or
carried as a label.  Every row of the answer is one unit in force on ``to`` and says
which old units it came from and the share of each (:class:`Contribution`).

>>> import datetime as dt
>>> table = [
...     {"code": "00001", "cases": 4, "score": 7.0, "population": 9000},
...     {"code": "00004", "cases": 1, "score": 5.0, "population": 3000},
... ]
>>> out = rebase(table, on="2021-12-17", to="2025-07-01",
...              how={"cases": "sum", "score": "mean", "population": "sum"})
>>> [(r.code, r.name, r.values["cases"]) for r in out]
[('00004', 'Phường Ba Đình', 1), ('00097', 'Phường Hồng Hà', 4)]
>>> out.how["score"]  # "mean" is weighted by the table's population column
('mean', 'population')

A unit divided between several new ones goes, by default, wholly to its default
successor, and the row says so (``on_split="share"`` uses the shares the act states,
``"equal"`` an equal split, stated as an assumption):

>>> split = rebase([{"code": "00007", "cases": 6}], on="2021-12-17", to="2025-07-01",
...                how={"cases": "sum"})
>>> print(split["00008"].sources[0])  # doctest: +NORMALIZE_WHITESPACE
00007 Phường Cống Vị: whole figure (split among 00008, 00025;
    on_split='default' gives it to the default successor 00008)
>>> [(r.code, r.values["cases"]) for r in rebase([{"code": "00007", "cases": 6}],
...     on="2021-12-17", to="2025-07-01", how={"cases": "sum"}, on_split="equal")]
[('00008', 3), ('00025', 3)]

The core works on columns (a sequence of codes and a mapping of column name to values),
so tables of other libraries need only a small adapter: records and pandas frames have
one here.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

import attrs

from qcdc._optional import require
from qcdc._policy import policy
from qcdc.dates import as_date
from qcdc.errors import InputError
from qcdc.units._rebase_columns import (
    ON_SPLIT,
    How,
    Options,
    aggregate,
    old_units,
    plan,
    resolve_how,
    split_basis,
)
from qcdc.units.gazetteer import Gazetteer
from qcdc.units.gazetteer import gazetteer as _embedded

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Contribution", "Rebased", "RebasedRow", "rebase"]

OnRebaseSplit = Literal["default", "share", "equal", "raise"]
SplitBasis = Literal["population", "area"]


class _Frame(Protocol):
    """What :func:`rebase` reads of a DataFrame (so that a list of records never matches
    the DataFrame overload, with or without pandas' type stubs)."""

    @property
    def columns(self) -> Any: ...

    @property
    def index(self) -> Any: ...


@attrs.frozen
class Contribution:
    """One old unit's part in a row of a rebased table.

    ``share`` is the fraction of the old unit's figures the row took (1 for a whole
    unit); ``basis`` says where it comes from: ``"whole"``, the default successor of a
    split unit, a stated share with its act and clause, or an equal split (an
    assumption, said so).
    """

    code: str
    name: str
    share: Fraction
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "share": str(self.share), "basis": self.basis}

    def __str__(self) -> str:
        share = "" if self.share == 1 else f" ×{self.share}"
        basis = "" if self.basis == "whole" else f": {self.basis}"
        return f"{self.code} {self.name}{share}{basis}"


@attrs.frozen
class RebasedRow:
    """One unit in force on the target date, with its figures and where they came from.

    ``values`` maps each column of ``how`` to its figure (``None`` when missing);
    ``skipped`` (with ``missing="skip"``) how many old units had no value, by column.
    """

    code: str
    name: str
    values: Mapping[str, Any]
    sources: tuple[Contribution, ...]
    skipped: Mapping[str, int] = attrs.field(factory=dict)

    def __getitem__(self, column: str) -> Any:
        return self.values[column]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "values": dict(self.values),
            "sources": [c.to_dict() for c in self.sources],
            "skipped": dict(self.skipped),
        }


@attrs.frozen
class Rebased:
    """The answer of :func:`rebase` for a table of records: one row per unit of ``to``.

    ``how`` is what was done with each column, spelt out (``("mean", "population")``,
    ``("mean", None)`` for an unweighted mean, ``("sum", None)`` …); ``dropped`` maps
    each old code left out (``on_unknown="drop"`` / ``on_unresolved="drop"``) to why;
    ``known_through`` is set when ``to`` is after the date the data was last checked.
    """

    rows: tuple[RebasedRow, ...]
    on: dt.date
    to: dt.date
    how: Mapping[str, tuple[str, str | None]]
    code_column: str = "code"
    name_column: str = "name"
    missing: str = "propagate"
    dropped: Mapping[str, str] = attrs.field(factory=dict)
    known_through: dt.date | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[RebasedRow]:
        return iter(self.rows)

    def __getitem__(self, code: str) -> RebasedRow:
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(code)

    def to_records(self, *, provenance: bool = True) -> list[dict[str, Any]]:
        """The rows as records: the code, the name, every column of ``how``, and (with
        ``provenance``) ``sources`` (a tuple of :class:`Contribution`) and, with
        ``missing="skip"``, ``skipped``.  Without ``provenance`` the records can be
        rebased again."""
        out = []
        for r in self.rows:
            rec: dict[str, Any] = {self.code_column: r.code, self.name_column: r.name}
            rec.update(r.values)
            if provenance:
                rec["sources"] = r.sources
                if self.missing == "skip":
                    rec["skipped"] = dict(r.skipped)
            out.append(rec)
        return out

    def to_pandas(self, *, provenance: bool = True) -> pd.DataFrame:
        """The rows as a DataFrame (needs the ``pandas`` extra); ``sources`` is a column of
        text (``"; "``-separated contributions), ``{column}_skipped`` counts with
        ``missing="skip"``."""
        pd_ = require("pandas")
        data: dict[str, list[Any]] = {
            self.code_column: [r.code for r in self.rows],
            self.name_column: [r.name for r in self.rows],
        }
        for column in self.how:
            data[column] = [r.values[column] for r in self.rows]
        if provenance:
            data["sources"] = ["; ".join(map(str, r.sources)) for r in self.rows]
            if self.missing == "skip":
                for column in self.how:
                    data[f"{column}_skipped"] = [r.skipped.get(column, 0) for r in self.rows]
        frame: pd.DataFrame = pd_.DataFrame(data)
        frame.attrs["qcdc.rebase"] = {
            "on": self.on.isoformat(),
            "to": self.to.isoformat(),
            "how": {k: list(v) for k, v in self.how.items()},
            "dropped": dict(self.dropped),
        }
        return frame


@overload
def rebase(
    table: _Frame,
    *,
    on: dt.date | str,
    to: dt.date | str,
    how: Mapping[str, How],
    code: str = "code",
    name: str = "name",
    on_split: OnRebaseSplit = "default",
    split_by: SplitBasis | None = None,
    missing: Literal["propagate", "skip"] = "propagate",
    on_unknown: Literal["raise", "drop"] = "raise",
    on_unresolved: Literal["raise", "drop"] = "raise",
    gazetteer: Gazetteer | None = None,
) -> pd.DataFrame: ...


@overload
def rebase(
    table: Iterable[Mapping[str, Any]],
    *,
    on: dt.date | str,
    to: dt.date | str,
    how: Mapping[str, How],
    code: str = "code",
    name: str = "name",
    on_split: OnRebaseSplit = "default",
    split_by: SplitBasis | None = None,
    missing: Literal["propagate", "skip"] = "propagate",
    on_unknown: Literal["raise", "drop"] = "raise",
    on_unresolved: Literal["raise", "drop"] = "raise",
    gazetteer: Gazetteer | None = None,
) -> Rebased: ...


def rebase(
    table: Any,
    *,
    on: dt.date | str,
    to: dt.date | str,
    how: Mapping[str, How],
    code: str = "code",
    name: str = "name",
    on_split: str = "default",
    split_by: str | None = None,
    missing: str = "propagate",
    on_unknown: str = "raise",
    on_unresolved: str = "raise",
    gazetteer: Gazetteer | None = None,
) -> Any:
    """Carry a table of per-unit figures from the units of ``on`` to the units of ``to``.

    ``table`` is a list of records (mappings) or a pandas DataFrame, one row per unit of
    ``on``, its codes in the column ``code``.  ``how`` names what to do with every other
    column (a column not named is an error, except ``name``, which is replaced by the new
    unit's name):

    ``"sum"``
        counts: each new unit gets the sum of its old units' figures (a split unit's
        figure divided as ``on_split`` says);
    ``"mean"``, ``("mean", WEIGHT)``, ``("mean", None)``
        rates and scores: the mean of the old units' values weighted by the column
        ``WEIGHT`` (times the share taken of each); plain ``"mean"`` is weighted by the
        table's ``population`` column when it has one and unweighted otherwise
        (:attr:`Rebased.how` says which);
    ``"first"``, ``"same"``
        labels: the value of the first old unit (in the table's order); ``"same"``
        raises when the old units of a new one disagree.

    A unit split between several (``on_split``): ``"default"`` gives its whole figure to
    its default successor (as :meth:`~qcdc.units.gazetteer.Gazetteer.convert` does) and
    the row says so; ``"share"`` divides it by the shares the acts state (``split_by``:
    ``"population"`` or ``"area"``; ``None`` takes each link's ``share``, the population
    share where stated, else the area share) and raises when a link states none;
    ``"equal"`` divides it equally, stated as an assumption; ``"raise"`` refuses.

    A missing value (``None``, NaN) makes the figure of every new unit it goes into
    missing (``missing="propagate"``), not a partial sum; ``missing="skip"`` leaves it
    out and counts it in the row's ``skipped``.

    Going back in time (``to < on``) a unit of ``on`` formed from one unit of ``to``
    (whole, or a part of it) gives its whole figure to it, so the parts of a divided unit
    are summed back.  A unit formed from several is ambiguous: ``on_split="default"``
    gives its figure to the one that kept its code (else raises), ``"equal"`` divides it,
    and ``"share"`` raises, because the acts state the share of each old unit that went
    into a new one, not the share of the new unit that each old one makes.

    Records in, a :class:`Rebased` out (``.rows``, ``.to_records()``, ``.to_pandas()``);
    a DataFrame in, a DataFrame out (a ``sources`` column of text).  Rows are ordered by
    the new code.  Problems raise :class:`~qcdc.errors.InputError` with the row (1-based)
    and the field.
    """
    g = gazetteer if gazetteer is not None else _embedded()
    on_d, to_d = as_date(on, "on"), as_date(to, "to")
    options = Options(
        on_split=policy(on_split, "on_split", ON_SPLIT),
        split_by=split_basis(split_by),
        skip=policy(missing, "missing", ("propagate", "skip")) == "skip",
        drop_unknown=policy(on_unknown, "on_unknown", ("raise", "drop")) == "drop",
        drop_unresolved=policy(on_unresolved, "on_unresolved", ("raise", "drop")) == "drop",
    )
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(table, pandas.DataFrame):
        return _rebase_frame(table, g, on_d, to_d, how, code, name, options)
    codes, columns = _columns_of_records(table, code)
    return _rebase_columns(
        codes, columns, g, on_d, to_d, how, code, name, options, lambda i: (i + 1, None)
    )


# ------------------------------------------------------------------------------ adapters


def _columns_of_records(
    table: Iterable[Mapping[str, Any]], code: str
) -> tuple[list[Any], dict[str, list[Any]]]:
    """A list of records as a column of codes and a mapping of columns (absent keys: None)."""
    if isinstance(table, (str, bytes)) or not isinstance(table, Iterable):
        raise InputError(
            f"table must be a list of records (mappings) or a DataFrame, got {type(table).__name__}"
        )
    rows = list(table)
    names: dict[str, None] = {}
    for i, rec in enumerate(rows):
        if not isinstance(rec, Mapping):
            raise InputError(
                f"each record must be a mapping of column to value, got {type(rec).__name__}",
                row=i + 1,
            )
        names.update(dict.fromkeys(rec))
    if rows and code not in names:
        raise InputError(
            f"no column {code!r}; the records have {', '.join(map(str, names))}",
            field=code,
            hint="pass code= the column with the unit codes",
        )
    codes = [rec.get(code) for rec in rows]
    columns = {n: [rec.get(n) for rec in rows] for n in names if n != code}
    return codes, columns


def _rebase_frame(
    df: pd.DataFrame,
    g: Gazetteer,
    on: dt.date,
    to: dt.date,
    how: Mapping[str, How],
    code: str,
    name: str,
    options: Options,
) -> pd.DataFrame:
    if code not in df.columns:
        raise InputError(
            f"no column {code!r}; the frame has {', '.join(map(str, df.columns))}",
            field=code,
            hint="pass code= the column with the unit codes",
        )
    columns: dict[str, list[Any]] = {}
    for c in df.columns:
        s = df[c]
        values = s.astype(object).where(s.notna(), None).tolist()
        if c == code:
            codes = values
        else:
            columns[str(c)] = values
    index = df.index

    def where(i: int) -> tuple[int | None, str | None]:
        return None, f"index {index[i]!r}"

    result = _rebase_columns(codes, columns, g, on, to, how, code, name, options, where)
    return result.to_pandas()


def _rebase_columns(
    codes: Sequence[Any],
    columns: Mapping[str, Sequence[Any]],
    g: Gazetteer,
    on: dt.date,
    to: dt.date,
    how: Mapping[str, How],
    code_column: str,
    name_column: str,
    options: Options,
    where: Callable[[int], tuple[int | None, str | None]],
) -> Rebased:
    """The core: a column of codes of ``on`` and the other columns → one row per unit
    of ``to``.  ``where(i)`` names row ``i`` in errors (a 1-based row, or a hint)."""
    spec = resolve_how(how, columns, code_column, name_column)
    old, dropped = old_units(codes, g, on, code_column, options, where)
    parts_of, targets, plan_dropped, known = plan(old, g, on, to, options, where)
    dropped.update(plan_dropped)
    rows = []
    for new_code in sorted(parts_of):
        parts = parts_of[new_code]
        values: dict[str, Any] = {}
        skipped: dict[str, int] = {}
        for column, (op, weight) in spec.items():
            values[column], n = aggregate(
                op,
                column,
                columns[column],
                columns[weight] if weight else None,
                weight,
                parts,
                old,
                options.skip,
                targets[new_code],
                where,
            )
            if n:
                skipped[column] = n
        sources = tuple(Contribution(old[i].code, old[i].name, f, basis) for i, f, basis in parts)
        unit = targets[new_code]
        rows.append(RebasedRow(unit.code, unit.name, values, sources, skipped))
    return Rebased(
        tuple(rows),
        on,
        to,
        spec,
        code_column,
        name_column,
        "skip" if options.skip else "propagate",
        dropped,
        known,
    )
