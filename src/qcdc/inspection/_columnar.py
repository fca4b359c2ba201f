"""Columnar case tallies: the tallies of :func:`~qcdc.inspection.tally_by_unit` computed
straight from a table of case records (pandas, polars or Arrow), without making one
:class:`~qcdc.inspection.InspectionCase` per row.

One concept: reading the columns a tally needs (the dated stage columns of the CSV
format and ``unit``) into integer day numbers, checking every row against the rules a
case object enforces (the transition table, dates that never go backwards, a valid unit
code, ``opened`` given), and counting rows by (unit, stages reached) with
``numpy.bincount``.  The rows are processed in slices of ``_CHUNK`` rows so that the
dozen passes over each slice stay in the CPU cache and the memory beyond the input stays
a few megabytes (plus one integer index per row for ``unit`` and for each stage column
held as text).

The counts come out as the 16 buckets per unit of :func:`tally_by_unit` (bits: supervised,
violation found, recommendation sent, resolved), so both paths build their
:class:`~qcdc.inspection.CaseTally` with the same function.

A text column (a unit code, or a date as text) is factorized once: each distinct value
is read by the same function as the CSV reader (:func:`qcdc.units.unit_code`,
:func:`qcdc.dates.as_date`), then every row takes its value by index.  A file read batch
by batch (``qcdc.inspection._stream``) passes each batch with its position in the file,
the problems found so far and a memo of the values read.

(Over 800 lines: it is one concept, the columnar count — the readers of the three table
libraries, the problems and the counting loop share the slice-by-slice protocol, the
offset, the memo and the problems, and split apart they would import each other.)
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
from collections.abc import Callable, Sequence
from typing import Any

from qcdc._optional import require
from qcdc.errors import IllegalTransition, InputError, InvalidDate, InvalidUnitCode, QcdcError
from qcdc.inspection._fields import quote
from qcdc.inspection.lifecycle import _RANK, TRANSITIONS, CaseState, Step, _check_history
from qcdc.units import unit_code

__all__ = ["STATE_COLUMNS", "Memo", "TableCounts", "count_table"]

_CHUNK = 1 << 16
_EPOCH = dt.date(1970, 1, 1).toordinal()
NEVER = 2**31 - 1
"""The day number of a stage never reached (a blank cell): after every real day."""

STATE_COLUMNS: tuple[str, ...] = tuple(s.value for s in CaseState)
"""The dated columns, in lifecycle order (``opened`` first)."""
_COUNTED = (
    CaseState.UNDER_SUPERVISION,
    CaseState.VIOLATION_FOUND,
    CaseState.RECOMMENDATION_SENT,
    CaseState.RESOLVED,
)  # the bits of a bucket index, low to high (lifecycle._SUP, _VIOL, _REC, _RES)
_KNOWN = frozenset((*STATE_COLUMNS, "unit"))
_ORDER = {c: i for i, c in enumerate(("id", "board", "unit", "subject", "origin", *STATE_COLUMNS))}
_WHERE = "the table"


def _np() -> Any:
    return require("numpy", extra="pandas")


def _valid_paths() -> frozenset[int]:
    """Bit masks (bit i: the i-th state after ``opened``) of every history the
    transition table allows; a history is a path from ``opened``, so its states in
    lifecycle order determine it."""
    states = list(CaseState)[1:]
    found: set[int] = set()

    def walk(state: CaseState, mask: int) -> None:
        found.add(mask)
        for nxt in TRANSITIONS[state]:
            walk(nxt, mask | 1 << states.index(nxt))

    walk(CaseState.OPENED, 0)
    return frozenset(found)


class _Problems:
    """Bad rows found slice by slice (and, for a file, batch by batch): per (column,
    what) the first row and the count, and how the first row is told."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], list[int]] = {}
        self.messages: dict[tuple[str, str], str] = {}
        self.told: dict[tuple[str, str], tuple[str, str]] = {}

    def add(self, field: str, what: str, bad: Any, offset: int, message: str = "") -> None:
        np = _np()
        n = int(np.count_nonzero(bad))
        if not n:
            return
        entry = self.found.get((field, what))
        if entry is None:
            self.found[(field, what)] = [offset + int(np.flatnonzero(bad)[0]), n]
            if message:
                self.messages[(field, what)] = message
        else:
            entry[1] += n

    def tell(self, describe: Callable[[str, str, int], tuple[str, str]], offset: int = 0) -> None:
        """Describe the first row of each problem not yet described (its row is then in
        the rows ``describe`` reads, which start at row ``offset``)."""
        for key, (row, _n) in self.found.items():
            if key not in self.told:
                self.told[key] = describe(key[0], key[1], row - offset)

    def raise_first(
        self, *, source: str = _WHERE, row_of: Callable[[int], int] | None = None
    ) -> None:
        """Raise one :class:`InputError` for the problem of the first bad row, naming
        its column, the row and how many rows have that problem (and the columns of the
        other problems): the row as its 0-based position, or as ``row_of(position)``
        (the ``row`` of the error, for a file)."""
        if not self.found:
            return
        items = sorted(self.found.items(), key=lambda kv: (kv[1][0], _ORDER.get(kv[0][0], 99)))
        (field, what), (row, count) = items[0]
        column, message = self.told[(field, what)]
        rows = "1 row" if count == 1 else f"{count:,} rows"
        others = [self.told[(f, w)][0] for (f, w), (r, _n) in items[1:]]
        others = sorted(set(others) - {column}, key=lambda c: _ORDER.get(c, 99))
        also = f"; other rows are bad in column(s) {', '.join(others)}" if others else ""
        if row_of is None:
            raise InputError(
                f"row {row} (0-based position): {message}; {rows} with this problem{also}",
                source=source,
                field=column,
            )
        raise InputError(
            f"{message}; {rows} with this problem{also}",
            source=source,
            row=row_of(row),
            field=column,
        )

    def check(self, describe: Callable[[str, str, int], tuple[str, str]]) -> None:
        """Describe the problems of a whole table and raise for the first."""
        self.tell(describe)
        self.raise_first()


class _Column:
    """A stage column read slice by slice as int32 day numbers (``NEVER`` for a blank)."""

    def __init__(self, name: str, get: Callable[[int, int], Any] | None) -> None:
        self.name = name
        self._get = get

    @property
    def empty(self) -> bool:
        return self._get is None

    def days(self, a: int, b: int) -> Any:
        """The day numbers of rows ``a`` to ``b``, ``NEVER`` for a blank."""
        assert self._get is not None
        got = self._get(a, b)
        if not isinstance(got, tuple):
            return got
        d, given = got
        return d if given is True else _np().where(given, d, NEVER)

    def days_given(self, a: int, b: int) -> tuple[Any, Any]:
        """The day numbers and which rows have one: a bool array (then the numbers of
        the other rows are anything), ``True`` when every row has one, or ``None`` when
        the reader does not know (then a blank is ``NEVER``)."""
        assert self._get is not None
        got = self._get(a, b)
        return got if isinstance(got, tuple) else (got, None)


class _Factorized:
    """A text (or object) column as (distinct values, an index per row, -1 for null)."""

    def __init__(self, uniques: Sequence[object], index: Any) -> None:
        self.uniques = list(uniques)
        self.index = index


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    try:  # pandas.NaT, pandas.NA, numpy.datetime64("NaT")
        return bool(value != value)  # NaN-like values differ from themselves
    except (TypeError, ValueError):
        return False


class Memo:
    """What the distinct values of text columns were read as, kept from one batch of a
    file to the next (each batch has its own dictionaries, mostly of the same values):
    a date's day number (``None``: not a date), a unit's code and error message, and the
    group of each code."""

    LIMIT = 1 << 20  # distinct values kept, at most

    def __init__(self) -> None:
        self.days: dict[str, int | None] = {}
        self.units: dict[str, tuple[str | None, str]] = {}
        self.keys: list[str | None] = [None]  # the groups of units, in the order first seen
        self.groups: dict[str | None, int] = {None: 0}


def _day(value: object, name: str) -> int | None:
    """The day number of a value as the CSV reader reads it, ``NEVER`` for a blank,
    ``None`` for a value that is not a date."""
    from qcdc.dates import as_date

    if _blank(value):
        return NEVER
    try:
        return as_date(value, name).toordinal() - _EPOCH
    except InvalidDate:
        return None


def _date_lut(
    name: str, f: _Factorized, problems: _Problems, offset: int = 0, memo: Memo | None = None
) -> Any:
    """Day numbers of each distinct value (plus ``NEVER`` at the end, for -1): the
    values are read as the CSV reader reads them (:func:`qcdc.dates.as_date`)."""
    np = _np()
    lut = np.full(len(f.uniques) + 1, NEVER, dtype=np.int32)
    bad: list[int] = []
    days = memo.days if memo is not None else None
    for i, value in enumerate(f.uniques):
        if days is not None and type(value) is str:
            day = days.get(value, NEVER - 1)
            if day == NEVER - 1:
                day = _day(value, name)
                if len(days) < Memo.LIMIT:
                    days[value] = day
        else:
            day = _day(value, name)
        if day is None:
            bad.append(i)
        else:
            lut[i] = day
    if bad:
        mask = np.isin(f.index, np.asarray(bad))
        problems.add(name, "date", mask, offset, _date_message(f, mask, name))
    return lut


def _date_message(f: _Factorized, mask: Any, name: str) -> str:
    """What the CSV reader says of the first bad date of a column."""
    from qcdc.dates import as_date

    value = f.uniques[int(f.index[int(_np().flatnonzero(mask)[0])])]
    try:
        as_date(value, name)
    except InvalidDate as exc:
        return str(exc)
    return ""  # pragma: no cover - the value was refused


class _Reader:
    """What each kind of table gives: its length, column names, a stage column's day
    numbers by slice, and a text column factorized."""

    n: int
    names: list[str]
    offset = 0  # the position of the first row, for the problems found
    memo: Memo | None = None  # kept from batch to batch of a file

    def stage(self, name: str, problems: _Problems) -> _Column:
        raise NotImplementedError

    def factorize(self, name: str) -> _Factorized:
        raise NotImplementedError

    def _text_stage(self, name: str, problems: _Problems) -> _Column:
        f = self.factorize(name)
        lut = _date_lut(name, f, problems, self.offset, self.memo)
        index = f.index
        return _Column(name, lambda a, b: lut[index[a:b]])


def _wrong_type(name: str, dtype: object) -> InputError:
    return InputError(
        f"must hold dates (a date or datetime type, or text such as 2021-03-01), got {dtype}",
        source=_WHERE,
        field=name,
        hint="read the column as dates or as text",
    )


class _ArrowReader(_Reader):
    def __init__(self, table: Any) -> None:
        self.pa = require("pyarrow", extra="arrow")
        self.pc = require("pyarrow.compute", extra="arrow")
        if isinstance(table, self.pa.RecordBatch):
            table = self.pa.Table.from_batches([table])
        self.t = table
        self.n = table.num_rows
        self.names = list(table.column_names)

    def stage(self, name: str, problems: _Problems) -> _Column:
        pa = self.pa
        col = self.t.column(name)
        typ = col.type
        if pa.types.is_dictionary(typ):
            return self._text_stage(name, problems)
        if pa.types.is_null(typ) or col.null_count == len(col):
            return _Column(name, None)
        if pa.types.is_date32(typ):
            col = col.cast(pa.int32())
        elif pa.types.is_date64(typ) or pa.types.is_timestamp(typ):
            col = col.cast(pa.date32()).cast(pa.int32())
        elif pa.types.is_string(typ) or pa.types.is_large_string(typ) or _is_view(pa, typ):
            return self._text_stage(name, problems)
        else:
            raise _wrong_type(name, typ)

        def days(a: int, b: int) -> Any:
            pieces = [_arrow_days(c, fill=False) for c in col.slice(a, b - a).chunks]
            if len(pieces) == 1:
                return pieces[0]
            np = _np()
            given = [g if g is not True else np.ones(len(d), bool) for d, g in pieces]
            return np.concatenate([d for d, _ in pieces]), np.concatenate(given)

        return _Column(name, days)

    def factorize(self, name: str) -> _Factorized:
        pa, pc = self.pa, self.pc
        np = _np()
        col = self.t.column(name)
        if pa.types.is_null(col.type):
            return _Factorized([], np.full(len(col), -1, dtype=np.int32))
        if not pa.types.is_dictionary(col.type):
            col = pc.dictionary_encode(col)
        col = col.unify_dictionaries()
        if col.num_chunks == 0:
            return _Factorized([], np.zeros(0, dtype=np.int32))
        uniques = col.chunk(0).dictionary.to_pylist()
        index = [_arrow_days(c.indices.cast(pa.int32()), -1)[0] for c in col.chunks]
        return _Factorized(uniques, index[0] if len(index) == 1 else np.concatenate(index))


def _arrow_days(arr: Any, null: int = NEVER, *, fill: bool = True) -> tuple[Any, Any]:
    """An int32 Arrow array as numpy (a null as ``null``, or left as it is in the buffer
    without ``fill``) and which rows are not null (``True``: all), read from its
    buffers: no copy without nulls, and ``pyarrow.compute.fill_null`` is several times
    slower."""
    np = _np()
    validity, data = arr.buffers()[:2]
    off, m = arr.offset, len(arr)
    values = np.frombuffer(data, dtype=np.int32, count=off + m)[off:]
    if not arr.null_count:
        return values, True
    first = off // 8
    bits = np.frombuffer(validity, dtype=np.uint8, count=(off + m + 7) // 8)[first:]
    given = np.unpackbits(bits, bitorder="little")[off - 8 * first : off - 8 * first + m]
    given = given.view(bool)
    if not fill:
        return values, given
    # values where given, null elsewhere: values + (null - values) * not-given (wrapping)
    filled = np.subtract(null, values, dtype=np.int32)
    filled *= ~given
    filled += values
    return filled, given


def _is_view(pa: Any, typ: Any) -> bool:
    check = getattr(pa.types, "is_string_view", None)
    return bool(check is not None and check(typ))


class _PolarsReader(_Reader):
    def __init__(self, frame: Any) -> None:
        self.pl = require("polars")
        self.df = frame
        self.n = frame.height
        self.names = list(frame.columns)

    def stage(self, name: str, problems: _Problems) -> _Column:
        pl = self.pl
        s = self.df.get_column(name)
        dtype = s.dtype
        if dtype == pl.Null or s.null_count() == len(s):
            return _Column(name, None)
        if dtype == pl.Date:
            ints = s.to_physical()
        elif isinstance(dtype, pl.Datetime):
            ints = s.dt.date().to_physical()
        elif dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
            return self._text_stage(name, problems)
        else:
            raise _wrong_type(name, dtype)
        given: Any = True
        if s.null_count():
            given = s.is_not_null().to_numpy()
            ints = ints.fill_null(NEVER)
        days = ints.cast(pl.Int32).to_numpy()  # no copy: no nulls left
        if given is True:
            return _Column(name, lambda a, b: (days[a:b], True))
        return _Column(name, lambda a, b: (days[a:b], given[a:b]))

    def factorize(self, name: str) -> _Factorized:
        pl = self.pl
        np = _np()
        s = self.df.get_column(name)
        if s.dtype == pl.Categorical or isinstance(s.dtype, pl.Enum):
            s = s.cast(pl.String)
        if s.dtype == pl.Null:
            return _Factorized([], np.full(len(s), -1, dtype=np.int32))
        if importlib.util.find_spec("pyarrow") is not None:
            # Arrow's dictionary_encode is 4-5x faster here than replace_strict
            pa = require("pyarrow", extra="arrow")
            return _ArrowReader(pa.table({name: s.to_arrow()})).factorize(name)
        uniques = s.drop_nulls().unique()
        index = s.replace_strict(
            uniques, pl.int_range(len(uniques), dtype=pl.Int32, eager=True), default=-1
        )
        return _Factorized(uniques.to_list(), index.fill_null(-1).to_numpy().astype(np.int32))


class _PandasReader(_Reader):
    def __init__(self, frame: Any) -> None:
        self.pd = require("pandas")
        self.df = frame
        self.n = len(frame)
        self.names = [str(c) for c in frame.columns]

    def stage(self, name: str, problems: _Problems) -> _Column:
        pd = self.pd
        np = _np()
        s = self.df[name]
        if s.isna().all():
            return _Column(name, None)
        dtype = s.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            s = s.dt.tz_localize(None)
            dtype = s.dtype
        if isinstance(dtype, pd.ArrowDtype):  # read its Arrow array (astype goes row by row)
            pa = require("pyarrow", extra="arrow")
            return _ArrowReader(pa.table({name: pa.array(s.array)})).stage(name, problems)
        if isinstance(dtype, np.dtype) and dtype.kind == "M":
            values = s.to_numpy()
            nat = np.iinfo(np.int64).min  # NaT, in every unit of datetime64

            def days(a: int, b: int) -> Any:
                v = values[a:b].astype("datetime64[D]").view(np.int64)
                return np.where(v == nat, NEVER, v).astype(np.int32)

            return _Column(name, days)
        if dtype.kind in "biufc":
            raise _wrong_type(name, dtype)
        return self._text_stage(name, problems)  # strings, dates as objects, Arrow dates

    def factorize(self, name: str) -> _Factorized:
        np = _np()
        codes, uniques = self.pd.factorize(self.df[name], use_na_sentinel=True)
        return _Factorized(list(uniques), np.asarray(codes, dtype=np.int32))


def _reader(table: object) -> _Reader:
    module = type(table).__module__.split(".")[0]
    if module == "pyarrow":
        return _ArrowReader(table)
    if module == "polars":
        if type(table).__name__ == "LazyFrame":
            raise InputError(
                "needs a polars DataFrame, got a LazyFrame",
                field="table",
                hint="collect it first (lazy.collect())",
            )
        return _PolarsReader(table)
    if module == "pandas":
        return _PandasReader(table)
    raise InputError(
        f"must be a pandas or polars DataFrame or a pyarrow Table, got {type(table).__name__}",
        field="table",
        hint="for InspectionCase objects use tally() / tally_by_unit()",
    )


def _check_names(names: list[str], *, need_unit: bool) -> None:
    seen: set[str] = set()
    for name in names:
        if name in _KNOWN:
            if name in seen:
                raise InputError(f"column {name!r} appears twice", source=_WHERE, field=name)
            seen.add(name)
            continue
        folded = name.strip().lower().replace(" ", "_").replace("-", "_")
        if folded in _KNOWN:
            raise InputError(
                f"column {quote(name)} is not read: the columns are named as in the CSV format",
                source=_WHERE,
                field=name,
                hint=f"rename it to {folded!r}",
            )
    required = ("unit", "opened") if need_unit else ("opened",)
    missing = [c for c in required if c not in seen]
    if missing:
        raise InputError(
            f"missing required column(s) {', '.join(missing)}",
            source=_WHERE,
            field=missing[0],
            hint="the columns are unit, " + ", ".join(STATE_COLUMNS) + " (only opened and, "
            "to tally by unit, unit are required)",
        )


class TableCounts:
    """The 16 stage buckets per unit of a table (the last group is the rows without a
    unit), with what a caller needs to point at the rows of a unit."""

    def __init__(
        self,
        keys: list[str | None],
        buckets: Any,
        unit_rows: Callable[[str | None], tuple[int, int]],
    ) -> None:
        self.keys = keys
        self.buckets = buckets
        self.unit_rows = unit_rows

    def by_key(self) -> dict[str | None, tuple[int, int, int, int]]:
        """The four figures (supervised, violations, recommended, resolved) of every
        unit with at least one case in the period, as :func:`tally_by_unit` lists them
        (sorted, ``None`` last)."""
        np = _np()
        b = self.buckets.reshape(len(self.keys), 16)
        stages = np.arange(16)
        figures = np.stack([b[:, (stages >> k) & 1 == 1].sum(axis=1) for k in range(4)], 1)
        rows = np.flatnonzero(b.any(axis=1))
        keys = self.keys
        return {
            keys[i]: tuple(f) for i, f in zip(rows.tolist(), figures[rows].tolist(), strict=True)
        }


def _canonical_units(
    f: _Factorized, problems: _Problems, offset: int = 0, memo: Memo | None = None
) -> tuple[list[str | None], Any]:
    """The sorted distinct codes (``None`` last if any row has none) and, per distinct
    value of ``f`` (plus one for -1), its group.  With a ``memo`` (a file read batch by
    batch), the groups are those of the memo instead: every code seen in the file so far,
    in the order first seen (``None`` first), the same from one batch to the next."""
    if memo is not None:
        return _memo_units(f, problems, offset, memo)
    np = _np()
    codes: list[str | None] = []
    bad: list[int] = []
    messages: dict[int, str] = {}
    for i, value in enumerate(f.uniques):
        if type(value) is str and len(value) in (2, 3, 5) and value.isascii() and value.isdigit():
            codes.append(value)  # already a code: what unit_code would give
            continue
        code, message = _unit_of(value)
        codes.append(code)
        if message:
            bad.append(i)
            messages[i] = message
    _bad_units(f, bad, messages, problems, offset)
    distinct = sorted({c for c in codes if c is not None})
    keys: list[str | None] = [*distinct, None]
    group = {c: i for i, c in enumerate(distinct)}
    none = len(distinct)
    remap = np.array([*(group[c] if c is not None else none for c in codes), none], np.int32)
    return keys, remap


def _bad_units(
    f: _Factorized, bad: list[int], messages: dict[int, str], problems: _Problems, offset: int
) -> None:
    if bad:
        np = _np()
        mask = np.isin(f.index, np.asarray(bad))
        first = int(f.index[np.flatnonzero(mask)[0]])
        message = _unit_message(f.uniques[first], messages[first])
        problems.add("unit", "unit", mask, offset, message)


def _memo_units(
    f: _Factorized, problems: _Problems, offset: int, memo: Memo
) -> tuple[list[str | None], Any]:
    """:func:`_canonical_units` with the memo's groups: a dict look-up per distinct value
    (a batch holds most of the 10,599 communes: sorting them per batch cost more than
    the counting)."""
    np = _np()
    units, groups, keys = memo.units, memo.groups, memo.keys
    slots: list[int] = []
    bad: list[int] = []
    messages: dict[int, str] = {}
    for i, value in enumerate(f.uniques):
        known = units.get(value) if type(value) is str else None
        if known is None:
            known = _unit_of(value)
            if type(value) is str and len(units) < Memo.LIMIT:
                units[value] = known
        code, message = known
        if message:
            bad.append(i)
            messages[i] = message
        slot = groups.get(code)
        if slot is None:
            slot = groups[code] = len(keys)
            keys.append(code)
        slots.append(slot)
    _bad_units(f, bad, messages, problems, offset)
    return list(keys), np.array([*slots, groups[None]], np.int32)


def _unit_of(value: object) -> tuple[str | None, str]:
    """The unit code of a value (``None``: blank) and, for a value that is no code, the
    message (else "")."""
    if _blank(value):
        return None, ""
    try:
        return unit_code(value.strip() if isinstance(value, str) else value), ""
    except InvalidUnitCode as exc:
        return None, str(exc)


def _unit_message(value: object, message: str) -> str:
    digits = str(value).strip()
    hint = ""
    if isinstance(value, int) or (digits.isdigit() and len(digits) < 5):
        hint = (
            "; did a reader or a spreadsheet drop leading zeros? read unit as text "
            "(pyarrow: convert_options=ConvertOptions(column_types={'unit': pa.string()}); "
            "polars: schema_overrides={'unit': pl.String}; pandas: dtype={'unit': str})"
        )
    return message + hint


def count_table(
    table: object,
    *,
    start: int,
    stop: int,
    last: int,
    need_unit: bool,
    problems: _Problems | None = None,
    offset: int = 0,
    skip: Any = None,
    memo: Memo | None = None,
) -> TableCounts:
    """Count the rows opened in ``[start, stop)`` (day numbers since 1970-01-01) by unit
    and by the stages reached on day ``last``; every row is checked first.

    With ``problems`` (one batch of a file), the bad rows are added to it as rows
    ``offset`` on, each described while the batch is at hand, and nothing is raised;
    the rows where ``skip`` (a bool array) is true are blank rows of the file: neither
    checked nor counted; ``memo`` keeps what text values were read as, for the next
    batch."""
    np = _np()
    reader = _reader(table)
    _check_names(reader.names, need_unit=need_unit)
    batch = problems is not None
    problems = _Problems() if problems is None else problems
    reader.offset = offset
    reader.memo = memo
    n = reader.n
    present = set(reader.names)
    if "unit" in present:
        units = reader.factorize("unit")
        keys, remap = _canonical_units(units, problems, offset, memo)
        unit_index = units.index
    else:
        keys, remap, unit_index = [None], np.zeros(1, np.int32), None
    columns = [
        reader.stage(name, problems) if name in present else _Column(name, None)
        for name in STATE_COLUMNS
    ]
    opened, later = columns[0], [(i, c) for i, c in enumerate(columns[1:]) if not c.empty]
    if opened.empty:
        if n:
            blank = np.ones(n, bool) if skip is None else ~skip
            problems.add("opened", "blank", blank, offset)
            problems.tell(_describer(problems, columns), offset)
            if not batch:
                problems.raise_first()
        return TableCounts(keys, np.zeros(16 * len(keys), np.int64), _no_rows)
    counted = {s.value: bit for bit, s in enumerate(_COUNTED)}
    paths = _valid_paths()
    # per set of states given (bit i: the i-th state after opened): the stages counted
    # (low 4 bits) for a row whose every date is on or before the day counted to, and
    # bit 7 when the states are no path of the transition table
    path_table = np.zeros(1 << (len(STATE_COLUMNS) - 1), np.uint8)
    for path in range(len(path_table)):
        for bit, name in enumerate(STATE_COLUMNS[1:]):
            flag = counted.get(name)
            if flag is not None and path >> bit & 1:
                path_table[path] |= 1 << flag
        if path not in paths:
            path_table[path] |= 0x80
    # buckets by distinct value of the unit column (slot 0: no unit), regrouped by
    # canonical code at the end: cheaper than a look-up per row
    slots = len(remap) if unit_index is not None else 1
    trash = slots * 16
    buckets = np.zeros(trash + 1, np.int64)
    span = stop - start
    # scratch arrays of one slice, reused: every pass below is a plain ufunc writing
    # into one of them (a masked copy or np.where costs 30-50 times more per row)
    size = min(_CHUNK, n)
    mask, bits = np.empty(size, np.uint16), np.empty(size, np.uint16)
    here, worse, backwards = np.empty(size, bool), np.empty(size, bool), np.empty(size, bool)
    prev, step, least = np.empty(size, np.int32), np.empty(size, np.int32), np.empty(size, np.int32)
    index, flags = np.empty(size, np.intp), np.empty(size, np.uint8)
    for a in range(0, n, _CHUNK):
        b = min(a + _CHUNK, n)
        m = b - a
        if m < size:
            mask, bits, here, worse = mask[:m], bits[:m], here[:m], worse[:m]
            backwards, prev, step, least, index, flags = (
                backwards[:m],
                prev[:m],
                step[:m],
                least[:m],
                index[:m],
                flags[:m],
            )
        o = opened.days(a, b)
        blank = o == NEVER
        if skip is not None:
            blank &= ~skip[a:b]
        problems.add("opened", "blank", blank, offset + a)
        mask.fill(0)
        least.fill(0)
        np.copyto(prev, o)
        dated: list[tuple[int, Any, Any]] = []
        for bit, col in later:
            d, given = col.days_given(a, b)
            if col.name in counted:
                # None: d is NEVER for a blank, as good as "every row has a date" here
                dated.append((counted[col.name], d, True if given is None else given))
            if given is None:
                given = np.not_equal(d, NEVER, out=here)
            # step: how many days after the last date given (0 where no date): a date
            # before it breaks "dates never go backwards"; then prev moves to it
            np.subtract(d, prev, out=step)
            if given is True:
                np.minimum(least, step, out=least)
                np.copyto(prev, d)
                mask |= 1 << bit
                continue
            np.multiply(step, given, out=step)  # wraps for a blank, then is 0
            np.minimum(least, step, out=least)
            prev += step
            np.left_shift(given, bit, out=bits, dtype=np.uint16)
            mask |= bits
        np.less(least, 0, out=backwards)
        # the states given must be a path of the transition table
        np.take(path_table, mask, out=flags)
        np.greater_equal(flags, 0x80, out=worse)
        worse |= backwards
        problems.add("lifecycle", "lifecycle", worse, offset + a)
        flags &= 0x0F
        # prev is now the last date of each row: where it is after the day counted to,
        # count the stages one by one
        late = np.flatnonzero(prev > last)
        if len(late):
            f = np.zeros(len(late), np.uint8)
            for flag, d, given in dated:
                reached = d[late] <= last
                if given is not True:
                    reached &= given[late]
                f |= reached.astype(np.uint8) << flag
            flags[late] = f
        if unit_index is not None:
            np.add(unit_index[a:b], 1, out=index)
            index *= 16
            index += flags
        else:
            np.copyto(index, flags)
        # outside the period (opened before start or on or after stop): the trash bucket
        np.subtract(o, start, out=step)
        np.greater_equal(step.view(np.uint32), span, out=here)
        index[here] = trash
        buckets += np.bincount(index, minlength=trash + 1)
    problems.tell(_describer(problems, columns, reader, unit_index, remap, keys), offset)
    if not batch:
        problems.raise_first()
    by_slot = buckets[:trash].reshape(slots, 16)
    grouped = np.zeros((len(keys), 16), np.int64)
    if unit_index is not None:
        # slot 0 holds the rows of index -1 (remap[-1]), slot j + 1 those of value j
        np.add.at(grouped, np.concatenate([remap[-1:], remap[:-1]]), by_slot)
    else:
        grouped[0] = by_slot[0]

    def unit_rows(code: str | None) -> tuple[int, int]:
        if unit_index is None:  # pragma: no cover - a unit needs the unit column
            return (-1, 0)
        g = keys.index(code)
        rows = np.flatnonzero(remap[unit_index] == g)
        return (int(rows[0]), len(rows)) if len(rows) else (-1, 0)

    return TableCounts(keys, grouped.reshape(-1), unit_rows)


def _no_rows(code: str | None) -> tuple[int, int]:
    return (-1, 0)


def _describer(
    problems: _Problems,
    columns: list[_Column],
    reader: _Reader | None = None,
    unit_index: Any = None,
    remap: Any = None,
    keys: list[str | None] | None = None,
) -> Callable[[str, str, int], tuple[str, str]]:
    """How each problem is told: its column and a message about its first row."""

    def describe(field: str, what: str, row: int) -> tuple[str, str]:
        if what == "unit":
            return "unit", problems.messages.get(("unit", "unit"), "not a unit code")
        if what == "blank":
            return "opened", "opened is required and blank"
        if what == "date":
            told = problems.messages.get((field, "date"))
            return field, told or f"{field} is not a date such as 2021-03-01 or 01/03/2021"
        # the lifecycle: rebuild the row's history and let the object path say what is wrong
        steps = []
        for col in columns:
            if col.empty:
                continue
            day = int(col.days(row, row + 1)[0])
            if day != NEVER:
                steps.append(Step(CaseState(col.name), dt.date.fromordinal(day + _EPOCH)))
        steps.sort(key=lambda s: _RANK[s.state])
        try:
            _check_history(tuple(steps))
        except IllegalTransition as exc:
            to = exc.to_state.value if isinstance(exc.to_state, CaseState) else "opened"
            return to, str(exc)
        except QcdcError as exc:  # pragma: no cover - every other rule is checked above
            return "opened", str(exc)
        return "opened", "the history breaks the lifecycle"  # pragma: no cover

    return describe
