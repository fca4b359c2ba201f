"""Private: unit lists and crosswalks as typed columns, the one layout behind
``qcdc.arrow``, ``qcdc.polars`` and the Parquet export.

Every column has one logical type — ``string``, ``date``, ``bool``, ``float64`` or
``int64`` — and no column holds Python objects: a crosswalk share (a
:class:`~fractions.Fraction`) is three columns, ``share`` (``float64``) and the exact
``share_numerator`` / ``share_denominator`` (``int64``), all null where the data has no
share.  Codes are strings (their leading zeros kept), dates are dates (``date32`` in
Arrow).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from qcdc._optional import require
from qcdc.units.lineage import CrosswalkRow
from qcdc.units.model import AdministrativeUnit

__all__ = ["CROSSWALK_COLUMNS", "UNIT_COLUMNS", "arrow_table", "crosswalk_columns", "unit_columns"]

Kind = Literal["string", "date", "bool", "float64", "int64"]

UNIT_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("code", "string"),
    ("name", "string"),
    ("kind", "string"),
    ("level", "string"),
    ("parent_code", "string"),
    ("valid_from", "date"),
    ("valid_to", "date"),
    ("name_en", "string"),
)
CROSSWALK_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("source", "string"),
    ("source_name", "string"),
    ("target", "string"),
    ("target_name", "string"),
    ("whole", "bool"),
    ("default", "bool"),
    ("share", "float64"),
    ("share_numerator", "int64"),
    ("share_denominator", "int64"),
    ("status", "string"),
    ("events", "string"),
    ("basis", "string"),
    ("on_date", "date"),
    ("to_date", "date"),
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


def crosswalk_columns(
    rows: Iterable[CrosswalkRow], on: dt.date, to: dt.date
) -> dict[str, list[Any]]:
    """The columns of :data:`CROSSWALK_COLUMNS` for the crosswalk ``rows`` of ``on`` → ``to``."""
    cols: dict[str, list[Any]] = {name: [] for name, _ in CROSSWALK_COLUMNS}
    for r in rows:
        d = r.to_dict()
        for name in ("source", "source_name", "target", "target_name", "status", "basis"):
            cols[name].append(d[name])
        cols["whole"].append(r.whole)
        cols["default"].append(r.default)
        share = r.share
        cols["share"].append(float(share) if share is not None else None)
        cols["share_numerator"].append(share.numerator if share is not None else None)
        cols["share_denominator"].append(share.denominator if share is not None else None)
        cols["events"].append(d["events"] or None)
        cols["on_date"].append(on)
        cols["to_date"].append(to)
    return cols


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
