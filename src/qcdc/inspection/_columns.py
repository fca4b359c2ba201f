"""The columns of the case CSV format and the check of a file's header row, shared by
the loader (``qcdc.inspection._csv``) and the batch reader (``qcdc.inspection._stream``),
which cannot import the loader (it imports the cases, which import the roll-ups, which
read files batch by batch)."""

from __future__ import annotations

from qcdc._bounds import quoted
from qcdc.errors import InputError
from qcdc.text import nfc

__all__ = ["COLUMNS"]

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
"""Every column, in the order ``dump_cases`` writes them."""

_REQUIRED = ("id", "board", "subject", "origin", "opened")


def _header_columns(header: list[str], label: str) -> list[str]:
    """The column names of a header row (case, spaces and a BOM ignored), or the
    :class:`~qcdc.errors.InputError` of an unknown or repeated column or a required one
    missing (the header is row 1)."""
    columns = [nfc(h).strip().lstrip("\ufeff").lower() for h in header]
    known: set[str] = set()
    for i, col in enumerate(columns):
        if col not in COLUMNS:
            raise InputError(
                f"unknown column {quoted(header[i])}",
                source=label,
                row=1,
                field=header[i][:80],
                hint="the columns are " + ", ".join(COLUMNS),
            )
        if col in known:
            raise InputError(f"column {col!r} appears twice", source=label, row=1, field=col)
        known.add(col)
    missing = [c for c in _REQUIRED if c not in known]
    if missing:
        raise InputError(
            f"missing required column(s) {', '.join(missing)}",
            source=label,
            row=1,
            field=missing[0],
        )
    return columns
