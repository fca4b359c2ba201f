"""Arrow helpers: unit lists and crosswalks as ``pyarrow`` tables, and a column of codes
converted in Arrow.

Needs the ``arrow`` extra (``pip install "qcdc[arrow]"``).  The tables have an explicit
schema and no Python objects in a column: codes are ``string`` (leading zeros kept),
dates ``date32``, a crosswalk share ``float64`` with the exact ``share_numerator`` /
``share_denominator`` as ``int64`` (null where the data has no share).  They are what
``qcdc units export --format parquet`` and ``qcdc lineage crosswalk --format parquet``
write, and what DuckDB, polars or pandas read without a copy.

>>> import datetime as dt
>>> import pyarrow as pa
>>> on, to = dt.date(2021, 12, 17), dt.date(2025, 7, 1)
>>> t = crosswalk_table(on=on, to=to, level="commune")
>>> t.schema.field("share").type, t.schema.field("share_numerator").type
(DataType(double), DataType(int64))
>>> units_table(on=to, level="province").num_rows
34
>>> convert(pa.array(["00001", "00004", None]), on=on, to=to).to_pylist()
['00097', '00004', None]
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from qcdc._optional import require
from qcdc._policy import policy
from qcdc.dates import as_date
from qcdc.errors import InputError
from qcdc.units import UnitLevel
from qcdc.units._columns import (
    CROSSWALK_COLUMNS,
    UNIT_COLUMNS,
    arrow_table,
    crosswalk_columns,
    unit_columns,
)
from qcdc.units._lookup import resolved
from qcdc.units.gazetteer import Gazetteer
from qcdc.units.gazetteer import gazetteer as _embedded

__all__ = ["convert", "crosswalk_table", "units_table"]

_ON_SPLIT = ("raise", "default", "all")
_ON_UNKNOWN = ("raise", "none")


def units_table(
    g: Gazetteer | None = None,
    *,
    on: dt.date | None,
    level: UnitLevel | str | None = None,
    within: str | None = None,
) -> Any:
    """The units in force on ``on`` (``on=None``: every unit record of every date) as a
    ``pyarrow.Table`` with the columns of ``qcdc units export``: ``code``, ``name``,
    ``kind``, ``level``, ``parent_code`` (strings), ``valid_from``, ``valid_to``
    (``date32``), ``name_en``."""
    g = g if g is not None else _embedded()
    if on is None:
        if within is not None:
            raise InputError("within= needs a date: give on=", field="within")
        lvl = UnitLevel.parse(level) if level is not None else None
        units = [u for u in g.records() if lvl is None or u.level is lvl]
    else:
        units = list(g.units(on=as_date(on, "on"), level=level, within=within))
    return arrow_table(unit_columns(units), UNIT_COLUMNS)


def crosswalk_table(
    g: Gazetteer | None = None,
    *,
    on: dt.date,
    to: dt.date,
    level: UnitLevel | str | None = None,
) -> Any:
    """The crosswalk from the units of ``on`` to those of ``to`` as a ``pyarrow.Table``,
    one row per (source, target): ``source``, ``source_name``, ``target``,
    ``target_name`` (strings), ``whole``, ``default`` (booleans), ``share``
    (``float64``), ``share_numerator``, ``share_denominator`` (``int64``), ``status``,
    ``events``, ``basis`` (strings), ``on_date``, ``to_date`` (``date32``)."""
    g = g if g is not None else _embedded()
    on_d, to_d = as_date(on, "on"), as_date(to, "to")
    rows = g.crosswalk(on=on_d, to=to_d, level=level)
    return arrow_table(crosswalk_columns(rows, on_d, to_d), CROSSWALK_COLUMNS)


def convert(
    codes: Any,
    *,
    on: dt.date,
    to: dt.date,
    on_split: Literal["default", "all", "raise", "error"] = "default",
    on_unknown: Literal["raise", "none"] = "raise",
    gazetteer: Gazetteer | None = None,
) -> Any:
    """The codes of an Arrow array (or chunked array) of ``on`` as the codes of ``to``.

    The answers, the policies and the errors are those of
    :meth:`Gazetteer.convert <qcdc.units.gazetteer.Gazetteer.convert>` (a ``string``
    array, ``list<string>`` with ``on_split='all'``); a null stays null.  The codes in
    force on ``on`` are looked up with ``pyarrow.compute.index_in`` in one table built
    once per gazetteer and pair of dates; only values it does not hold go through
    ``Gazetteer.convert``.
    """
    pa = require("pyarrow", extra="arrow")
    pc = require("pyarrow.compute", extra="arrow")
    split_policy = policy(on_split, "on_split", _ON_SPLIT)
    unknown_policy = policy(on_unknown, "on_unknown", _ON_UNKNOWN)
    g = gazetteer if gazetteer is not None else _embedded()
    on_d, to_d = as_date(on, "on"), as_date(to, "to")
    if not isinstance(codes, (pa.Array, pa.ChunkedArray)):
        raise InputError(
            f"expected a pyarrow Array or ChunkedArray, got {type(codes).__name__}",
            field="codes",
            hint="for a list use Gazetteer.convert; for a table pass one column, table['code']",
        )
    want_all = split_policy == "all"
    out_type = pa.list_(pa.string()) if want_all else pa.string()
    arr = codes
    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    textual = pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)
    table = resolved(g, on_d, to_d, split_policy, unknown_policy)
    keys: list[Any] = list(table.keys) if textual else []
    values: list[Any] = list(table.codes) if textual else []
    if textual:
        cached = table.columns.get(("arrow", str(arr.type)))
        if cached is None:
            cached = table.columns[("arrow", str(arr.type))] = (
                pa.array(keys, type=arr.type),
                pa.array(values, type=out_type),
            )
        index = pc.index_in(arr, value_set=cached[0])
        if index.null_count == arr.null_count:
            return cached[1].take(index)
        pending = arr.filter(pc.and_(pc.is_null(index), pc.is_valid(arr)))
    else:
        pending = arr.drop_null()
    # what the table does not hold: Gazetteer.convert decides (and raises) for it
    distinct = pc.unique(pending).to_pylist()
    answers = g.convert(
        distinct, on=on_d, to=to_d, on_split=split_policy, on_unknown=unknown_policy
    )  # type: ignore[call-overload]
    for v, a in zip(distinct, answers, strict=True):
        if a is not None:
            keys.append(v)
            values.append(a)
    if not keys:
        return pa.nulls(len(arr), type=out_type)
    index = pc.index_in(arr, value_set=pa.array(keys, type=arr.type))
    return pa.array(values, type=out_type).take(index)
