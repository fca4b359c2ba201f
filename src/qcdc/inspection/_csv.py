"""Case records as CSV: one row per case, one dated column per transition.

Columns (only ``id``, ``board``, ``subject``, ``origin`` and ``opened`` are required;
the others may be missing or blank)::

    id, board, unit, subject, origin,
    opened, under_supervision, no_violation, violation_found,
    recommendation_sent, authority, recommendation, received,
    accepted, rejected, partly_accepted, escalated, escalated_to, resolved

A date column holds the day the case entered that state (``YYYY-MM-DD``; ``DD/MM/YYYY``
is read too).  ``subject`` and ``origin`` take the English names (``land``,
``petition``) or the Vietnamese labels.  Errors are :class:`~qcdc.errors.InputError`
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
import re
from collections.abc import Iterable, Iterator
from typing import IO, TypeAlias

from qcdc._files import read_text
from qcdc.errors import IllegalTransition, InputError, InvalidUnitCode
from qcdc.inspection.cases import InspectionCase, Recommendation
from qcdc.inspection.lifecycle import CaseState
from qcdc.text import nfc
from qcdc.units import unit_code

__all__ = ["COLUMNS", "dump_cases", "dumps_cases", "iter_cases", "load_cases"]

_STATE_COLUMNS = {s.value: s for s in CaseState}

COLUMNS: tuple[str, ...] = (
    "id",
    "board",
    "unit",
    "subject",
    "origin",
    "opened",
    "under_supervision",
    "no_violation",
    "violation_found",
    "recommendation_sent",
    "authority",
    "recommendation",
    "received",
    "accepted",
    "rejected",
    "partly_accepted",
    "escalated",
    "escalated_to",
    "resolved",
)
"""Every column, in the order :func:`dump_cases` writes them."""

_REQUIRED = ("id", "board", "subject", "origin", "opened")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")

Source: TypeAlias = "str | os.PathLike[str] | IO[str]"


def _parse_date(text: str) -> dt.date:
    text = text.strip()
    try:
        if _ISO.fullmatch(text):
            return dt.date.fromisoformat(text)
        m = _DMY.fullmatch(text)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    raise ValueError(f"expected a date as YYYY-MM-DD or DD/MM/YYYY, got {text!r}")


def iter_cases(source: Source, *, name: str | None = None) -> Iterator[InspectionCase]:
    """Read case records one by one (see the module docstring for the columns).

    ``source`` is a path or an open text stream; ``name`` is used in error messages
    (default: the path, or ``<stream>``).  Duplicate ids are an error.
    """
    if isinstance(source, (str, os.PathLike)):
        label = name or os.fspath(source)
        text = read_text(source, hint="save it as 'CSV UTF-8' in your spreadsheet program")
        yield from _read(io.StringIO(text, newline=""), label)
    else:
        yield from _read(source, name or getattr(source, "name", None) or "<stream>")


def load_cases(source: Source, *, name: str | None = None) -> list[InspectionCase]:
    """Read every case record into a list (see :func:`iter_cases`)."""
    return list(iter_cases(source, name=name))


def _read(stream: IO[str], label: str) -> Iterator[InspectionCase]:
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty; expected a header row", source=label) from None
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", source=label, row=1) from None
    columns = [nfc(h).strip().lstrip("\ufeff").lower() for h in header]
    for i, col in enumerate(columns):
        if col not in COLUMNS:
            raise InputError(
                f"unknown column {header[i]!r}",
                source=label,
                row=1,
                field=header[i],
                hint="the columns are " + ", ".join(COLUMNS),
            )
        if columns.index(col) != i:
            raise InputError(f"column {col!r} appears twice", source=label, row=1, field=col)
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        raise InputError(
            f"missing required column(s) {', '.join(missing)}",
            source=label,
            row=1,
            field=missing[0],
        )
    seen: dict[str, int] = {}
    row_no = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"not valid CSV: {exc}", source=label, row=row_no + 1) from None
        row_no += 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            raise InputError(
                f"expected {len(columns)} values, got {len(values)}",
                source=label,
                row=row_no,
                line=reader.line_num,
            )
        record = dict(zip(columns, values, strict=True))
        case = _case_from_record(record, label, row_no)
        if case.id in seen:
            raise InputError(
                f"case id {case.id!r} already used in row {seen[case.id]}",
                source=label,
                row=row_no,
                field="id",
            )
        seen[case.id] = row_no
        yield case


def _case_from_record(record: dict[str, str], label: str, row: int) -> InspectionCase:
    def fail(field: str, message: str, hint: str | None = None) -> InputError:
        return InputError(message, source=label, row=row, field=field, hint=hint)

    def text(field: str) -> str | None:
        value = record.get(field)
        if not value or value.isspace():
            return None
        return value if value.isascii() else nfc(value)

    for field in ("id", "board", "subject", "origin", "opened"):
        if text(field) is None:
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
        value = text(column)
        if value is None:
            continue
        try:
            dates[state] = _parse_date(value)
        except ValueError as exc:
            raise fail(column, str(exc)) from None
    received: dt.date | None = None
    raw_received = text("received")
    if raw_received is not None:
        try:
            received = _parse_date(raw_received)
        except ValueError as exc:
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
    """Write case records as CSV (UTF-8, every column of :data:`COLUMNS`)."""
    if isinstance(target, (str, os.PathLike)):
        with open(target, "w", encoding="utf-8", newline="") as fh:
            _write(cases, fh)
    else:
        _write(cases, target)


def _write(cases: Iterable[InspectionCase], stream: IO[str]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for case in cases:
        writer.writerow(_record(case))


def dumps_cases(cases: Iterable[InspectionCase]) -> str:
    """The CSV text :func:`dump_cases` would write."""
    out = io.StringIO()
    _write(cases, out)
    return out.getvalue()
