"""Case tallies of a CSV file of case records read batch by batch with pyarrow
(``pyarrow.csv.open_csv``): memory stays the batches pyarrow reads ahead (about 35 of
``block_size`` bytes of text) whatever the size of the file, and the tallies of the batches add up
to those of the file (the tally of a partition is the tally of the whole).

One concept: reading a case CSV file (the format of ``qcdc.inspection._csv``) into the
16 stage buckets per unit of the columnar kernel (``qcdc.inspection._columnar``).  The
header is checked as the CSV loader checks it (the same errors); then every row is
checked for what the tally depends on and for the required columns: ``id``, ``board``,
``subject`` and ``origin`` given, ``subject`` and ``origin`` one of their values (read
by the loader's own keys, imported when a file is read: the cases import the roll-ups,
which read files with this module), a valid unit code, dates, the transition table and
dates that never go backwards.  A row whose every cell is blank is skipped, as the
loader skips it.  Not checked (the loader checks them): duplicate ids, and the columns a
tally does not read (``authority``, ``recommendation``, ``received``, ``escalated_to``).

Every column is read as text, the short repetitive ones (``unit``, ``subject``,
``origin``, the dates) as Arrow dictionaries, so each distinct value is parsed once per
batch, by the functions of the loader (:func:`qcdc.units.unit_code`,
:func:`qcdc.dates.as_date`): every date format the loader reads is read.

Rows are named as the loader names them: the header is row 1, the first record row 2
(a blank line is a row too).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Mapping
from typing import Any

from qcdc._optional import require
from qcdc.errors import InputError, InvalidUnitCode
from qcdc.inspection._columnar import (
    STATE_COLUMNS,
    Memo,
    TableCounts,
    _arrow_days,
    _no_rows,
    _np,
    _Problems,
    count_table,
)
from qcdc.inspection._columns import _header_columns
from qcdc.text import nfc
from qcdc.units import unit_code

__all__ = ["BLOCK_SIZE", "FileCounts", "count_csv", "rows_with_unit"]

BLOCK_SIZE = 1 << 23
"""Bytes of text per batch (8 MiB).  pyarrow's reader reads about 35 batches ahead, so a
read holds about 300 MB of Arrow memory at this size, ten times less than at 32 MiB, for
a few per cent more time."""

_DICTIONARY = frozenset(("unit", "subject", "origin", "received", *STATE_COLUMNS))
_REQUIRED_TEXT = ("id", "board", "subject", "origin")
_HINT = "save it as 'CSV UTF-8' in your spreadsheet program"


class FileCounts:
    """The 16 stage buckets per unit of a file's rows (keys sorted, ``None`` last), and
    how many case records (rows not blank) it has."""

    def __init__(self, keys: list[str | None], buckets: Any, records: int) -> None:
        self.keys = keys
        self.buckets = buckets
        self.records = records

    def by_key(self) -> dict[str | None, tuple[int, int, int, int]]:
        """The four figures of every unit with a case in the period (as
        :meth:`TableCounts.by_key`)."""
        return TableCounts(self.keys, self.buckets.reshape(-1), _no_rows).by_key()


def _label(path: str | os.PathLike[str]) -> str:
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(
            f"the cases must be named by a path, got {type(path).__name__}",
            hint="for a table in memory use tally_table_by_unit() or rollup_table()",
        )
    return os.fspath(path)


def _header(path: str | os.PathLike[str], label: str) -> tuple[list[str], int]:
    """The column names of the file's first row, checked as the CSV loader checks them,
    and its length in bytes."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(1 << 20)
    except OSError as exc:
        reason = "file not found" if isinstance(exc, FileNotFoundError) else exc.strerror or exc
        raise InputError(f"cannot read the file: {reason}", source=label) from None
    except ValueError as exc:  # a NUL byte in the path
        raise InputError(f"cannot read the file: not a usable path ({exc})", source=label) from None
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the file is not UTF-8 text (byte {exc.start})", source=label, line=1, hint=_HINT
        ) from None
    try:
        header = next(csv.reader(io.StringIO(text, newline="")), None)
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", source=label, row=1) from None
    if not header:
        raise InputError("the file is empty; expected a header row", source=label)
    return _header_columns(header, label), len(first)


class _Skipped:
    """Rows of blank cells with fewer cells than the header: the loader skips them,
    pyarrow would refuse them; they are left out of the batches, so the rows after them
    are found again by reading the file with the loader's reader (for an error only)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, row: Any) -> str:
        if row.text is not None and not row.text.replace(",", "").strip():
            self.count += 1
            return "skip"
        return "error"


def _batches(
    path: str | os.PathLike[str],
    label: str,
    columns: list[str],
    include: list[str],
    block_size: int,
    skipped: _Skipped | None = None,
) -> Iterator[Any]:
    """The record batches of the file (every column read as text), pyarrow's errors as
    :class:`InputError` naming the file (and the row, for a row of the wrong length)."""
    pa = require("pyarrow", extra="arrow")
    pacsv = require("pyarrow.csv", extra="arrow")
    text = pa.dictionary(pa.int32(), pa.string())
    types = {c: text if c in _DICTIONARY else pa.string() for c in include}
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=columns, skip_rows=1, block_size=block_size
            ),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=skipped if skipped is not None else _Skipped(),
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=types, include_columns=include, strings_can_be_null=True
            ),
        )
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            yield batch
    except pa.ArrowInvalid as exc:
        raise _arrow_error(exc, path, label, len(columns)) from None


def _arrow_error(exc: Exception, path: str | os.PathLike[str], label: str, n: int) -> InputError:
    message = str(exc)
    if "UTF8" in message or "UTF-8" in message:
        return InputError("the file is not UTF-8 text", source=label, hint=_HINT)
    if "columns, got" in message:
        # pyarrow does not say where: find the row, as the loader would name it
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            for row, values in enumerate(reader, start=1):
                if values and len(values) != n:
                    return InputError(
                        f"expected {n} values, got {len(values)}",
                        source=label,
                        row=row,
                        line=reader.line_num,
                    )
    if message.startswith("Empty CSV file"):  # pragma: no cover - the header was read
        return InputError("the file is empty; expected a header row", source=label)
    return InputError(f"not valid CSV: {message}", source=label)


def _blank(column: Any) -> Any:
    """Which cells of a column of text are blank (null, or only spaces), as numpy; read
    from the buffers (``fill_null`` and a boolean ``to_numpy`` with nulls cost more than
    the rest of a batch's checks)."""
    np = _np()
    pa = require("pyarrow", extra="arrow")
    pc = require("pyarrow.compute", extra="arrow")
    if pa.types.is_dictionary(column.type):
        values = column.dictionary.to_pylist()
        lut = np.array([not v.strip() for v in values] + [True], bool)
        index, _given = _arrow_days(column.indices.cast(pa.int32()), len(values))
        return lut[index]
    blank = _nulls(column)
    spaces = pc.utf8_is_space(column)
    if spaces.true_count:  # rare: cells of spaces only
        blank |= pc.fill_null(spaces, False).to_numpy(zero_copy_only=False)
    return blank


def _not_one_of(column: Any, keys: Mapping[str, Any], field: str) -> tuple[Any, str]:
    """Which cells of a column of text hold a value that is not one of ``keys`` (as the
    loader reads it: by name or Vietnamese label, case-insensitive; blank cells are the
    ``required`` check's), as numpy, and the loader's message for the first of them."""
    from qcdc.inspection.kinds import _parse_enum

    np = _np()
    pa = require("pyarrow", extra="arrow")
    pc = require("pyarrow.compute", extra="arrow")
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    values = column.dictionary.to_pylist()
    refused = [
        bool(v.strip()) and v not in keys and nfc(v).strip().lower() not in keys for v in values
    ]
    if not any(refused):
        return np.zeros(len(column), bool), ""
    lut = np.array([*refused, False], bool)
    index, _given = _arrow_days(column.indices.cast(pa.int32()), len(values))
    bad = lut[index]
    if not bad.any():  # a value of the dictionary that no row of the batch holds
        return bad, ""
    try:
        _parse_enum(keys, values[index[np.argmax(bad)]], field)
    except InputError as exc:
        return bad, exc.reason
    raise AssertionError("a value the keys refuse was parsed")  # pragma: no cover


def _nulls(column: Any) -> Any:
    """Which cells of an Arrow array are null, as a numpy bool array."""
    np = _np()
    n = len(column)
    if not column.null_count:
        return np.zeros(n, bool)
    validity, off = column.buffers()[0], column.offset
    bits = np.frombuffer(validity, dtype=np.uint8, count=(off + n + 7) // 8)
    return ~np.unpackbits(bits, bitorder="little")[off : off + n].view(bool)


def count_csv(
    path: str | os.PathLike[str],
    *,
    start: int,
    stop: int,
    last: int,
    block_size: int = BLOCK_SIZE,
) -> FileCounts:
    """The stage buckets (as :func:`count_table`) of the rows of a case CSV file, read
    batch by batch; the first bad row of each problem is named in one
    :class:`InputError` after the last batch (its ``source`` the file, its ``row`` the
    row of the file, its ``field`` the column)."""
    np = _np()
    label = _label(path)
    columns, head = _header(path, label)
    include = list(columns)
    problems = _Problems()
    total = np.zeros((0, 16), np.int64)
    offset = records = 0
    memo = Memo()
    skipped = _Skipped()
    # the values the loader accepts for subject and origin (imported here: the cases import
    # the roll-ups, which import this module)
    from qcdc.inspection.kinds import _ORIGIN_KEYS, _SUBJECT_KEYS

    enums = {"subject": _SUBJECT_KEYS, "origin": _ORIGIN_KEYS}

    def describe(field: str, what: str, row: int) -> tuple[str, str]:
        if what == "required":
            return field, "is required and blank"
        return field, problems.messages[(field, what)]

    for batch in _batches(path, label, columns, include, max(block_size, 2 * head), skipped):
        n = batch.num_rows
        blanks = {name: _blank(batch.column(name)) for name in _REQUIRED_TEXT}
        skip = None
        maybe = np.flatnonzero(blanks["id"])
        if len(maybe):  # rows of blank cells only are skipped, as the loader skips them
            for name in include:
                if len(maybe):
                    column = blanks.get(name)
                    if column is None:
                        column = _blank(batch.column(name).take(maybe))
                        maybe = maybe[column]
                    else:
                        maybe = maybe[column[maybe]]
            if len(maybe):
                skip = np.zeros(n, bool)
                skip[maybe] = True
        for name in _REQUIRED_TEXT:
            missing = blanks[name] if skip is None else blanks[name] & ~skip
            problems.add(name, "required", missing, offset)
        for name, accepted in enums.items():
            bad, message = _not_one_of(batch.column(name), accepted, name)
            problems.add(name, "value", bad, offset, message)
        problems.tell(describe, offset)
        counts = count_table(
            batch,
            start=start,
            stop=stop,
            last=last,
            need_unit=False,
            problems=problems,
            offset=offset,
            skip=skip,
            memo=memo,
        )
        # the groups are the memo's: every code seen so far, in the order first seen
        k = len(counts.keys)
        if k > len(total):
            total = np.concatenate([total, np.zeros((k - len(total), 16), np.int64)])
        total[:k] += counts.buckets.reshape(k, 16)
        offset += n
        records += n - (int(np.count_nonzero(skip)) if skip is not None else 0)
    problems.raise_first(
        source=label,
        row_of=lambda at: at + 2 if not skipped.count else _row_of(path, at, len(columns)),
    )
    if len(total) < len(memo.keys):  # no batch counted a unit column
        total = np.zeros((len(memo.keys), 16), np.int64)
    keys = sorted(memo.keys, key=lambda k: (k is None, k or ""))
    return FileCounts(keys, total[[memo.groups[k] for k in keys]], records)


def _row_of(path: str | os.PathLike[str], position: int, n: int) -> int:
    """The row (the header is row 1) of the batches' row at ``position``, when short
    blank rows were left out of them: the file read again as the loader reads it."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        seen = 0
        for row, values in enumerate(reader, start=2):
            if values and len(values) != n:
                continue  # a short blank row (any other would have been an error)
            if seen == position:
                return row
            seen += 1
    return position + 2  # pragma: no cover - the position is one of the file's rows


def rows_with_unit(
    path: str | os.PathLike[str],
    code: str | None,
    *,
    limit: int = 10,
    block_size: int = BLOCK_SIZE,
) -> tuple[list[int], int]:
    """The first ``limit`` rows of the file whose unit is ``code`` (``None``: the case
    rows without a unit), and how many there are: a second reading, of ``unit`` and
    ``opened`` only, for an error message."""
    np = _np()
    label = _label(path)
    columns, head = _header(path, label)
    if "unit" not in columns:
        return [], 0
    rows: list[int] = []
    count = offset = 0
    for batch in _batches(path, label, columns, ["unit", "opened"], max(block_size, 2 * head)):
        units = batch.column("unit")
        values = units.dictionary.to_pylist()
        canonical = [_code_or_blank(value) for value in values]
        lut = np.array([c == code for c in canonical] + [code is None], bool)
        match = lut[units.indices.fill_null(len(values)).to_numpy()]
        if code is None:
            match &= ~_blank(batch.column("opened"))
        found = np.flatnonzero(match)
        count += len(found)
        rows.extend(int(r) + offset + 2 for r in found[: max(0, limit - len(rows))])
        offset += batch.num_rows
    return rows, count


def _code_or_blank(value: str) -> str | None:
    """The unit code of a cell (``None``: blank, ``""``: not a code)."""
    if not value.strip():
        return None
    try:
        return unit_code(value.strip())
    except InvalidUnitCode:
        return ""
