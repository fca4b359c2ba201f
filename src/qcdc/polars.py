"""polars helpers: convert a column of unit codes, and unit lists and crosswalks as frames.

Needs the ``polars`` extra (``pip install "qcdc[polars]"``).  :func:`convert` takes a
polars ``Series`` (and returns one) or an ``Expr`` (and returns one, for ``with_columns``
and lazy frames).  It is vectorised: the codes in force on ``on`` and their answers on
``to`` are one lookup table (built once per gazetteer and pair of dates, then cached),
applied with ``replace_strict``; only values the table does not hold (unknown or
malformed codes, integers, codes the policy refuses) go through
:meth:`Gazetteer.convert <qcdc.units.gazetteer.Gazetteer.convert>`, which gives the same
answers and raises the same errors as for a list of codes.  A null stays null.

>>> import datetime as dt
>>> import polars as pl
>>> on, to = dt.date(2021, 12, 17), dt.date(2025, 7, 1)
>>> convert(pl.Series("code", ["00001", "00004", None]), on=on, to=to).to_list()
['00097', '00004', None]
>>> df = pl.DataFrame({"code": ["00001", "00004"]})
>>> df.with_columns(new=convert(pl.col("code"), on=on, to=to))["new"].to_list()
['00097', '00004']
>>> crosswalk_frame(on=on, to=to, level="province").schema["share"]
Float64
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, overload

from qcdc._optional import require
from qcdc._policy import policy
from qcdc.dates import as_date
from qcdc.errors import InputError, QcdcError
from qcdc.units import UnitLevel
from qcdc.units._columns import (
    CROSSWALK_COLUMNS,
    UNIT_COLUMNS,
    crosswalk_columns,
    polars_frame,
    unit_columns,
)
from qcdc.units._lookup import resolved
from qcdc.units.gazetteer import Gazetteer
from qcdc.units.gazetteer import gazetteer as _embedded

if TYPE_CHECKING:
    import polars as pl

__all__ = ["convert", "crosswalk_frame", "units_frame"]

_ON_SPLIT = ("raise", "default", "all")
_ON_UNKNOWN = ("raise", "none")


def _pl() -> Any:
    return require("polars")


@overload
def convert(
    codes: pl.Series,
    *,
    on: dt.date,
    to: dt.date,
    on_split: Literal["default", "all", "raise", "error"] = "default",
    on_unknown: Literal["raise", "none"] = "raise",
    gazetteer: Gazetteer | None = None,
) -> pl.Series: ...


@overload
def convert(
    codes: pl.Expr,
    *,
    on: dt.date,
    to: dt.date,
    on_split: Literal["default", "all", "raise", "error"] = "default",
    on_unknown: Literal["raise", "none"] = "raise",
    gazetteer: Gazetteer | None = None,
) -> pl.Expr: ...


def convert(
    codes: pl.Series | pl.Expr,
    *,
    on: dt.date,
    to: dt.date,
    on_split: Literal["default", "all", "raise", "error"] = "default",
    on_unknown: Literal["raise", "none"] = "raise",
    gazetteer: Gazetteer | None = None,
) -> pl.Series | pl.Expr:
    """The codes of ``codes`` (as of ``on``) as the codes of ``to``, in either direction.

    The answers, the policies and the errors are those of
    :meth:`Gazetteer.convert <qcdc.units.gazetteer.Gazetteer.convert>`: a ``String``
    result (``List(String)`` with ``on_split='all'``) in the input's order, ``None``
    (an empty list with ``'all'``) for what ``on_unknown='none'`` lets through; a null
    input stays null.  An ``Expr`` is checked when the frame is computed, on the whole
    column at once (not batch by batch), so that an error names every bad code.
    """
    pl_ = _pl()
    split_policy = policy(on_split, "on_split", _ON_SPLIT)
    unknown_policy = policy(on_unknown, "on_unknown", _ON_UNKNOWN)
    g = gazetteer if gazetteer is not None else _embedded()
    on_d, to_d = as_date(on, "on"), as_date(to, "to")
    if isinstance(codes, pl_.Expr):
        dtype = pl_.List(pl_.String) if split_policy == "all" else pl_.String
        run = partial(_in_expr, pl_, g, on_d, to_d, split_policy, unknown_policy)
        return codes.map_batches(run, return_dtype=dtype, is_elementwise=False)  # type: ignore[no-any-return]
    if not isinstance(codes, pl_.Series):
        raise InputError(
            f"expected a polars Series or Expr, got {type(codes).__name__}",
            field="codes",
            hint="for a pandas frame use qcdc.pandas.convert_column; "
            "for a list use Gazetteer.convert",
        )
    return _series(pl_, g, on_d, to_d, split_policy, unknown_policy, codes)  # type: ignore[no-any-return]


_CARRIERS: dict[type[QcdcError], type[QcdcError]] = {}
# message -> the error's attributes, while polars carries it (not the error itself: its
# traceback would keep the frames, and their columns, alive)
_RAISED: dict[str, dict[str, Any]] = {}


def _carried(exc: QcdcError) -> QcdcError:
    """``exc`` as an instance of a subclass of its class that polars can rebuild from its
    message (polars re-creates an exception raised in an expression as ``cls(message)``,
    and qcdc's errors take other arguments): same class for ``except``, same attributes,
    same message."""
    cls = type(exc)
    carrier = _CARRIERS.get(cls)
    if carrier is None:

        def __init__(self: QcdcError, original: object) -> None:
            message = str(original)
            if isinstance(original, QcdcError):
                self.__dict__.update(original.__dict__)
            else:  # rebuilt by polars from the message, to which it appends the expression
                texts = [t for t in list(_RAISED) if message.startswith(t)]
                if texts:
                    self.__dict__.update(_RAISED[max(texts, key=len)])
            Exception.__init__(self, message)

        carrier = type(cls.__name__, (cls,), {"__init__": __init__})
        carrier.__module__, carrier.__qualname__ = cls.__module__, cls.__qualname__
        _CARRIERS[cls] = carrier
    if len(_RAISED) > 64:
        _RAISED.clear()
    _RAISED[str(exc)] = dict(exc.__dict__)
    return carrier(exc)


def _in_expr(
    pl_: Any, g: Gazetteer, on: dt.date, to: dt.date, on_split: str, on_unknown: str, s: Any
) -> Any:
    try:
        return _series(pl_, g, on, to, on_split, on_unknown, s)
    except QcdcError as exc:
        raise _carried(exc) from None


_BLANK = "\x00qcdc:none"  # stands for a None answer inside replace_strict, then removed


def _series(
    pl_: Any, g: Gazetteer, on: dt.date, to: dt.date, on_split: str, on_unknown: str, s: Any
) -> Any:
    want_all = on_split == "all"
    dtype = pl_.List(pl_.String) if want_all else pl_.String
    table = resolved(g, on, to, on_split, on_unknown)
    # a null result must mean "not in the table": a None answer is written as _BLANK
    # (a list answer is never None: an empty list)
    cached: Any = table.columns.get("polars")
    if cached is None:
        values: Any = (
            [list(c) for c in table.codes]  # type: ignore[arg-type]
            if want_all
            else [_BLANK if c is None else c for c in table.codes]
        )
        # (a Series of lists as `new` is read as one value per row by replace_strict:
        # lists stay a Python list)
        cached = table.columns["polars"] = (
            pl_.Series(table.keys, dtype=pl_.String),
            values if want_all else pl_.Series(values, dtype=dtype),
        )
    blanks = not want_all and None in table.codes
    fast = s.dtype in (pl_.String, pl_.Categorical) or isinstance(s.dtype, pl_.Enum)
    if fast:
        out = s.replace_strict(cached[0], cached[1], default=None, return_dtype=dtype)
        if out.null_count() == s.null_count():
            return _unblank(pl_, out) if blanks else out
        pending = s.filter(out.is_null() & s.is_not_null())
    else:
        blanks = False
        pending = s.drop_nulls()
    # what the table does not hold: Gazetteer.convert decides (and raises) for it
    distinct = pending.unique(maintain_order=True).to_list()
    answers = g.convert(distinct, on=on, to=to, on_split=on_split, on_unknown=on_unknown)  # type: ignore[call-overload]
    extra = [(v, list(a) if want_all else a) for v, a in zip(distinct, answers, strict=True)]
    extra = [(v, a) for v, a in extra if a is not None]
    if not extra:
        if fast:
            return _unblank(pl_, out) if blanks else out
        return pl_.Series(s.name, [None] * len(s), dtype=dtype)
    keys = pl_.Series([v for v, _ in extra], dtype=s.dtype if not fast else pl_.String)
    values = [a for _, a in extra]
    if fast:
        keys = pl_.concat([cached[0], keys])
        values = list(cached[1]) + values if want_all else cached[1].to_list() + values
    source = s.cast(pl_.String) if fast and s.dtype != pl_.String else s
    out = source.replace_strict(keys, values, default=None, return_dtype=dtype)
    return _unblank(pl_, out) if blanks else out


def _unblank(pl_: Any, out: Any) -> Any:
    return (
        out.to_frame()
        .select(pl_.when(pl_.first() == _BLANK).then(None).otherwise(pl_.first()).alias(out.name))
        .to_series()
    )


def units_frame(
    g: Gazetteer | None = None,
    *,
    on: dt.date | None,
    level: UnitLevel | str | None = None,
    within: str | None = None,
) -> pl.DataFrame:
    """The units in force on ``on`` (``on=None``: every unit record of every date) as a
    ``polars.DataFrame``: codes as ``String``, ``valid_from`` / ``valid_to`` as ``Date``
    (the columns of ``qcdc units export``)."""
    g = g if g is not None else _embedded()
    if on is None:
        if within is not None:
            raise InputError("within= needs a date: give on=", field="within")
        lvl = UnitLevel.parse(level) if level is not None else None
        units = [u for u in g.records() if lvl is None or u.level is lvl]
    else:
        units = list(g.units(on=as_date(on, "on"), level=level, within=within))
    return polars_frame(unit_columns(units), UNIT_COLUMNS)  # type: ignore[no-any-return]


def crosswalk_frame(
    g: Gazetteer | None = None,
    *,
    on: dt.date,
    to: dt.date,
    level: UnitLevel | str | None = None,
) -> pl.DataFrame:
    """The crosswalk from the units of ``on`` to those of ``to`` as a ``polars.DataFrame``,
    one row per (source, target): ``share`` as ``Float64`` with the exact
    ``share_numerator`` / ``share_denominator`` as ``Int64`` (null where the data has
    no share), ``on_date`` / ``to_date`` as ``Date``."""
    g = g if g is not None else _embedded()
    on_d, to_d = as_date(on, "on"), as_date(to, "to")
    rows = g.crosswalk(on=on_d, to=to_d, level=level)
    return polars_frame(crosswalk_columns(rows, on_d, to_d), CROSSWALK_COLUMNS)  # type: ignore[no-any-return]
