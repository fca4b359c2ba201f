"""Private: the units pillar's collections as typed columns — the one layout of each column
set behind ``qcdc.arrow``, ``qcdc.polars``, the Parquet export and the ``to_pandas()`` /
``to_polars()`` / ``to_arrow()`` methods of the collections (:func:`to_pandas` and its kin).

Every column has one logical type — ``string``, ``date``, ``bool``, ``float64`` or
``int64`` — and no column holds Python objects: a share (a :class:`~fractions.Fraction`)
is three columns, ``share`` (``float64``) and the exact ``share_numerator`` /
``share_denominator`` (``int64``), all null where the data has no share; several codes or
events in one cell are one string, ``"; "``-separated.  Codes are strings (their leading
zeros kept), dates are dates (``date32`` in Arrow, ``Date`` in polars, ``datetime64[s]``
in pandas).  The pandas types are the nullable ones (``string``, ``boolean``, ``Int64``;
``float64`` with NaN for a missing share).

This module imports no other module of the pillar at run time (the rows are read by their
attributes), so every module of the pillar can give its collections the three methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from qcdc._optional import require

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from qcdc.units.lineage import CrosswalkRow, LineageEvent
    from qcdc.units.model import AdministrativeUnit

__all__ = [
    "ACT_COLUMNS",
    "CANDIDATE_COLUMNS",
    "CROSSWALK_COLUMNS",
    "DIFFERENCE_COLUMNS",
    "EVENT_COLUMNS",
    "HISTORY_COLUMNS",
    "PROJECTION_COLUMNS",
    "UNIT_COLUMNS",
    "Kind",
    "Layout",
    "arrow_table",
    "crosswalk_columns",
    "event_columns",
    "pandas_frame",
    "polars_frame",
    "share_columns",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "unit_columns",
]

Kind = Literal["string", "date", "bool", "float64", "int64"]
Layout = tuple[tuple[str, Kind], ...]

UNIT_COLUMNS: Layout = (
    ("code", "string"),
    ("name", "string"),
    ("kind", "string"),
    ("level", "string"),
    ("parent_code", "string"),
    ("valid_from", "date"),
    ("valid_to", "date"),
    ("name_en", "string"),
)
_SHARE: Layout = (
    ("share", "float64"),
    ("share_numerator", "int64"),
    ("share_denominator", "int64"),
)
CROSSWALK_COLUMNS: Layout = (
    ("source", "string"),
    ("source_name", "string"),
    ("target", "string"),
    ("target_name", "string"),
    ("whole", "bool"),
    ("default", "bool"),
    *_SHARE,
    ("status", "string"),
    ("events", "string"),
    ("basis", "string"),
    ("on_date", "date"),
    ("to_date", "date"),
)
#: one row per target of a projection (the crosswalk's rows of one unit, without its name)
PROJECTION_COLUMNS: Layout = (
    ("source", "string"),
    ("target", "string"),
    ("target_name", "string"),
    ("whole", "bool"),
    ("default", "bool"),
    *_SHARE,
    ("status", "string"),
    ("on_date", "date"),
    ("to_date", "date"),
)
#: one row per lineage event
EVENT_COLUMNS: Layout = (
    ("effective", "date"),
    ("kind", "string"),
    ("sources", "string"),
    ("targets", "string"),
    ("basis", "string"),
)
#: one row per candidate of a name search: the unit, its score and why
CANDIDATE_COLUMNS: Layout = (*UNIT_COLUMNS, ("score", "float64"), ("reasons", "string"))
#: one row per difference of an audited list (``explained_by``: the acts' numbers)
DIFFERENCE_COLUMNS: Layout = (
    ("code", "string"),
    ("what", "string"),
    ("listed", "string"),
    ("qcdc", "string"),
    ("row", "int64"),
    ("explained_by", "string"),
)
#: one row per legal act
ACT_COLUMNS: Layout = (
    ("number", "string"),
    ("title", "string"),
    ("issuer", "string"),
    ("signed", "date"),
    ("in_force", "date"),
    ("source", "string"),
    ("read", "string"),
    ("confidence", "string"),
    ("note", "string"),
)
#: one row per lineage link of a unit's history, with the act that made it
HISTORY_COLUMNS: Layout = (
    ("number", "string"),
    ("in_force", "date"),
    ("effective", "date"),
    ("kind", "string"),
    ("source", "string"),
    ("target", "string"),
    ("whole", "bool"),
    ("default", "bool"),
    *_SHARE,
    ("clause", "string"),
)


def unit_columns(units: Iterable[AdministrativeUnit]) -> dict[str, list[Any]]:
    """The columns of :data:`UNIT_COLUMNS` for ``units`` (``None`` where a value is absent)."""
    cols: dict[str, list[Any]] = {name: [] for name, _ in UNIT_COLUMNS}
    for u in units:
        cols["code"].append(u.code)
        cols["name"].append(u.name)
        cols["kind"].append(u.kind.vietnamese)
        cols["level"].append(u.level.name.lower())
        cols["parent_code"].append(u.parent_code)
        cols["valid_from"].append(u.valid_from)
        cols["valid_to"].append(u.valid_to)
        cols["name_en"].append(u.name_en)
    return cols


def share_columns(cols: dict[str, list[Any]], share: Fraction | None) -> None:
    """Append ``share`` to the three share columns of ``cols``."""
    cols["share"].append(float(share) if share is not None else None)
    cols["share_numerator"].append(share.numerator if share is not None else None)
    cols["share_denominator"].append(share.denominator if share is not None else None)


def _joined(events: Iterable[LineageEvent]) -> str | None:
    """The crosswalk's ``events`` cell: each distinct ``date kind`` once, in order."""
    text = "; ".join(dict.fromkeys(f"{e.effective.isoformat()} {e.kind.value}" for e in events))
    return text or None


def crosswalk_columns(
    rows: Iterable[CrosswalkRow], on: dt.date, to: dt.date
) -> dict[str, list[Any]]:
    """The columns of :data:`CROSSWALK_COLUMNS` for the crosswalk ``rows`` of ``on`` → ``to``."""
    cols: dict[str, list[Any]] = {name: [] for name, _ in CROSSWALK_COLUMNS}
    for r in rows:
        cols["source"].append(r.source)
        cols["source_name"].append(r.source_name)
        cols["target"].append(r.target)
        cols["target_name"].append(r.target_name)
        cols["whole"].append(r.whole)
        cols["default"].append(r.default)
        share_columns(cols, r.share)
        cols["status"].append(r.status)
        cols["events"].append(_joined(r.events))
        cols["basis"].append(r.basis)
        cols["on_date"].append(on)
        cols["to_date"].append(to)
    return cols


def event_columns(events: Iterable[LineageEvent]) -> dict[str, list[Any]]:
    """The columns of :data:`EVENT_COLUMNS` for ``events``."""
    cols: dict[str, list[Any]] = {name: [] for name, _ in EVENT_COLUMNS}
    for e in events:
        cols["effective"].append(e.effective)
        cols["kind"].append(e.kind.value)
        cols["sources"].append("; ".join(e.sources) or None)
        cols["targets"].append("; ".join(e.targets) or None)
        cols["basis"].append(e.basis)
    return cols


# ------------------------------------------------------------------------ the three libraries


def arrow_table(columns: dict[str, list[Any]], layout: Sequence[tuple[str, Kind]]) -> Any:
    """A ``pyarrow.Table`` of ``columns`` with the explicit schema of ``layout``
    (needs the ``arrow`` extra)."""
    pa = require("pyarrow", extra="arrow")
    types = {
        "string": pa.string(),
        "date": pa.date32(),
        "bool": pa.bool_(),
        "float64": pa.float64(),
        "int64": pa.int64(),
    }
    schema = pa.schema([pa.field(name, types[kind]) for name, kind in layout])
    return pa.table({name: columns[name] for name, _ in layout}, schema=schema)


def polars_frame(columns: dict[str, list[Any]], layout: Sequence[tuple[str, Kind]]) -> Any:
    """A ``polars.DataFrame`` of ``columns`` with the dtypes of ``layout`` (needs the
    ``polars`` extra)."""
    pl_ = require("polars")
    types = {
        "string": pl_.String,
        "date": pl_.Date,
        "bool": pl_.Boolean,
        "float64": pl_.Float64,
        "int64": pl_.Int64,
    }
    return pl_.DataFrame(
        {name: columns[name] for name, _ in layout},
        schema={name: types[kind] for name, kind in layout},
    )


def pandas_frame(columns: dict[str, list[Any]], layout: Sequence[tuple[str, Kind]]) -> Any:
    """A ``pandas.DataFrame`` of ``columns`` with the nullable dtypes of ``layout`` (needs
    the ``pandas`` extra)."""
    pd_ = require("pandas")
    types = {
        "string": "string",
        "date": "datetime64[s]",
        "bool": "boolean",
        "float64": "float64",
        "int64": "Int64",
    }
    data = {}
    for name, kind in layout:
        values = columns[name]
        if kind == "float64":
            values = [float("nan") if v is None else v for v in values]
        data[name] = pd_.Series(values, dtype=types[kind])
    return pd_.DataFrame(data, columns=[name for name, _ in layout])


# The three methods every collection of the pillar has, assigned in each class's body
# (``to_pandas = _columns.to_pandas``): a method of the class itself, documented with it,
# with no private base class in its signature.  ``self`` is any collection with a
# ``_frame_columns()`` giving its columns and their layout.


def to_pandas(self: Any) -> pd.DataFrame:
    """The rows as a ``pandas.DataFrame`` (needs the ``pandas`` extra): strings as
    ``string``, dates as ``datetime64[s]``, flags as ``boolean``, exact integers as
    ``Int64``, floats as ``float64``."""
    return pandas_frame(*self._frame_columns())


def to_polars(self: Any) -> pl.DataFrame:
    """The rows as a ``polars.DataFrame`` (needs the ``polars`` extra): codes as
    ``String``, dates as ``Date``."""
    return polars_frame(*self._frame_columns())  # type: ignore[no-any-return]


def to_arrow(self: Any) -> Any:
    """The rows as a ``pyarrow.Table`` with an explicit schema (needs the ``arrow``
    extra): codes as ``string``, dates as ``date32``, a share as ``float64`` plus its
    exact ``int64`` numerator and denominator."""
    return arrow_table(*self._frame_columns())
