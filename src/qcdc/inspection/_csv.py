"""Case records as CSV: one row per case, one dated column per transition.

Columns (only ``id``, ``board``, ``subject``, ``origin`` and ``opened`` are required;
the others may be missing or blank)::

    id, board, unit, subject, origin,
    opened, under_supervision, no_violation, violation_found,
    recommendation_sent, authority, recommendation, received,
    accepted, rejected, partly_accepted, escalated, escalated_to, resolved

A date column holds the day the case entered that state (``YYYY-MM-DD``; ``DD/MM/YYYY``,
``DD-MM-YYYY`` and ``DD.MM.YYYY`` are read too, as :func:`qcdc.dates.as_date` reads
them).  ``subject`` and ``origin`` take the English names (``land``, ``petition``) or the
Vietnamese labels.  Every bad row of a file is reported in one run: a
:class:`~qcdc.errors.ValidationFailed` whose parts are :class:`~qcdc.errors.InputError`
naming the row (the header is row 1, as in a spreadsheet) and the column.
:func:`dump_cases` then :func:`load_cases` gives back equal cases.

>>> import io
>>> text = "id,board,unit,subject,origin,opened,under_supervision\\n" \\
...        "HN-1,BTTND-00004,00004,land,petition,2021-03-01,2021-03-02\\n"
>>> [case] = load_cases(io.StringIO(text))
>>> case.state
<CaseState.UNDER_SUPERVISION: 'under_supervision'>
>>> out = io.StringIO(); dump_cases([case], out)
>>> load_cases(io.StringIO(out.getvalue())) == [case]
True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TypeAlias

from qcdc._bounds import quoted
from qcdc._files import BadRows, csv_writing, read_text, write_outputs
from qcdc.errors import IllegalTransition, InputError, InvalidDate, InvalidUnitCode
from qcdc.inspection._columns import _REQUIRED, COLUMNS, _header_columns
from qcdc.inspection.cases import InspectionCase, Recommendation
from qcdc.inspection.lifecycle import CaseState
from qcdc.text import nfc
from qcdc.units import unit_code

__all__ = ["COLUMNS", "dump_cases", "dumps_cases", "iter_cases", "load_cases"]

_STATE_COLUMNS = {s.value: s for s in CaseState}

_MESSAGE_LIMIT = 300
Source: TypeAlias = "str | os.PathLike[str] | IO[str]"


def iter_cases(source: Source, *, name: str | None = None) -> Iterator[InspectionCase]:
    """Read case records one by one (see the module docstring for the columns).

    ``source`` is a path or an open text stream; ``name`` is used in error messages
    (default: the path, or ``<stream>``).  Duplicate ids are an error.

    Every bad row is reported, in one :class:`~qcdc.errors.ValidationFailed` raised after
    the last row (each part an :class:`~qcdc.errors.InputError` naming its row and column;
    the first 50 are kept, all are counted); the good rows are yielded unchanged before it.
    A header that is not usable (an unknown or repeated column, a required one missing)
    is one :class:`~qcdc.errors.InputError` at once.
    """
    for _row, case in _iter_rows(source, name=name):
        yield case


def _iter_rows(source: Source, *, name: str | None = None) -> Iterator[tuple[int, InspectionCase]]:
    """Like ``iter_cases``, each case with its row (the header is row 1)."""
    if isinstance(source, (str, os.PathLike)):
        label = name or os.fspath(source)
        text = read_text(source, hint="save it as 'CSV UTF-8' in your spreadsheet program")
        yield from _read(io.StringIO(text, newline=""), label)
    else:
        yield from _read(source, name or getattr(source, "name", None) or "<stream>")


def load_cases(source: Source, *, name: str | None = None) -> list[InspectionCase]:
    """Read every case record into a list (see ``iter_cases``)."""
    return list(iter_cases(source, name=name))


def _read(stream: IO[str], label: str) -> Iterator[tuple[int, InspectionCase]]:
    try:
        reader = csv.reader(stream)
    except TypeError:
        raise InputError(
            f"expected a path or a text stream, got {type(stream).__name__}", source=label
        ) from None
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty; expected a header row", source=label) from None
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", source=label, row=1) from None
    columns = _header_columns(header, label)
    bad = BadRows(label)
    seen: dict[str, int] = {}
    row_no = 1
    while True:
        line = reader.line_num
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row_no += 1
            bad.add(InputError(f"not valid CSV: {exc}", source=label, row=row_no))
            if reader.line_num == line:  # pragma: no cover - the reader could not move on
                break
            continue
        row_no += 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            bad.add(
                InputError(
                    f"expected {len(columns)} values, got {len(values)}",
                    source=label,
                    row=row_no,
                    line=reader.line_num,
                )
            )
            continue
        record = dict(zip(columns, values, strict=True))
        try:
            case = _case_from_record(record, label, row_no)
        except InputError as exc:
            bad.add(exc)
            continue
        if case.id in seen:
            bad.add(
                InputError(
                    f"case id {quoted(case.id)} already used in row {seen[case.id]}",
                    source=label,
                    row=row_no,
                    field="id",
                )
            )
            continue
        seen[case.id] = row_no
        yield row_no, case
    bad.check()


def _case_from_record(record: dict[str, str], label: str, row: int) -> InspectionCase:
    from qcdc.dates import as_date  # qcdc.dates loads with the first file, not with qcdc.io

    def fail(field: str, message: str, hint: str | None = None) -> InputError:
        # a message quotes the cell: at most a few lines, even for a cell of a megabyte
        short = message if len(message) <= _MESSAGE_LIMIT else message[: _MESSAGE_LIMIT - 1] + "…"
        return InputError(short, source=label, row=row, field=field, hint=hint)

    def text(field: str) -> str | None:
        value = record.get(field)
        if not value or value.isspace():
            return None
        return value if value.isascii() else nfc(value)

    get = record.get  # this runs once per row: look the cells up directly
    for field in _REQUIRED:
        value = get(field)
        if not value or value.isspace():
            raise fail(field, "is required and blank")
    unit: str | None = None
    raw_unit = text("unit")
    if raw_unit is not None:
        try:
            unit = unit_code(raw_unit.strip())
        except InvalidUnitCode as exc:
            hint = None
            digits = raw_unit.strip()
            if digits.isdigit() and len(digits) < 5:
                hint = (
                    "did a spreadsheet drop leading zeros? a commune code has 5 digits, "
                    f"e.g. {digits.zfill(5)}"
                )
            raise fail("unit", str(exc), hint) from None
    dates: dict[CaseState, dt.date] = {}
    for column, state in _STATE_COLUMNS.items():
        value = get(column)
        if not value or value.isspace():
            continue
        try:
            dates[state] = as_date(value, column)
        except InvalidDate as exc:
            raise fail(column, str(exc)) from None
    received: dt.date | None = None
    raw_received = text("received")
    if raw_received is not None:
        try:
            received = as_date(raw_received, "received")
        except InvalidDate as exc:
            raise fail("received", str(exc)) from None
    authority, recommended = text("authority"), text("recommendation")
    recommendation = None
    if authority is not None or recommended is not None or received is not None:
        if CaseState.RECOMMENDATION_SENT not in dates:
            given = next(
                f
                for f, v in (
                    ("authority", authority),
                    ("recommendation", recommended),
                    ("received", received),
                )
                if v is not None
            )
            raise fail(given, "is given but recommendation_sent is blank")
        recommendation = Recommendation(authority, recommended, received)
    escalated_to = text("escalated_to")
    if escalated_to is not None and CaseState.ESCALATED not in dates:
        raise fail("escalated_to", "is given but escalated is blank")
    try:
        return InspectionCase.from_dates(
            record["id"],
            board=record["board"],
            subject=record["subject"],
            origin=record["origin"],
            dates=dates,
            unit=unit,
            recommendation=recommendation,
            escalated_to=escalated_to,
        )
    except IllegalTransition as exc:
        column = exc.to_state.value if isinstance(exc.to_state, CaseState) else "opened"
        raise fail(column, str(exc)) from None
    except InputError as exc:
        field = {"recommendation.received": "received", "history": "opened"}.get(
            exc.field or "", exc.field or "id"
        )
        raise fail(field, exc.reason) from None


def _record(case: InspectionCase) -> list[str]:
    row = dict.fromkeys(COLUMNS, "")
    row["id"] = case.id
    row["board"] = case.board
    row["unit"] = case.unit or ""
    row["subject"] = case.subject.name.lower()
    row["origin"] = case.origin.name.lower()
    for step in case.history:
        row[step.state.value] = step.on.isoformat()
    rec = case.recommendation
    if rec is not None:
        row["authority"] = rec.authority or ""
        row["recommendation"] = rec.text or ""
        row["received"] = rec.received.isoformat() if rec.received else ""
    row["escalated_to"] = case.escalated_to or ""
    return [row[c] for c in COLUMNS]


def dump_cases(cases: Iterable[InspectionCase], target: str | os.PathLike[str] | IO[str]) -> None:
    """Write case records as CSV (UTF-8, every column of ``COLUMNS``).

    A path is written as every qcdc output is (the kernel's atomic writer): to a
    temporary file renamed into place, never through a symbolic link; a stream is written
    as it is.
    """
    if isinstance(target, (str, os.PathLike)):

        def write(path: Path) -> None:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                _write(cases, fh)

        write_outputs({target: write})
    else:
        _write(cases, target)


def _write(cases: Iterable[InspectionCase], stream: IO[str]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    with csv_writing("the cases"):
        writer.writerow(COLUMNS)
        for case in cases:
            writer.writerow(_record(case))


def dumps_cases(cases: Iterable[InspectionCase]) -> str:
    """The CSV text :func:`dump_cases` would write."""
    out = io.StringIO()
    _write(cases, out)
    return out.getvalue()
