"""Private kernel of the command line: what every pillar's commands share.

Date options (:func:`iso_date`, :func:`default_date`), JSON output (:func:`emit_json`)
and text tables (:func:`format_table`).  The root parser (:mod:`qcdc.cli`) and each
pillar's ``_cli`` module import it; it imports no pillar.

>>> print(format_table(["code", "name", "n"], [["01", "Hà Nội", "579"]], right=[2]))
code  name      n
----  ------  ---
01    Hà Nội  579
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qcdc.dates import Period

__all__ = [
    "default_date",
    "emit_json",
    "fit",
    "format_table",
    "iso_date",
    "newest_date",
    "period_option",
    "plural",
    "terminal_width",
]


def iso_date(text: str) -> dt.date:
    """argparse type for ``YYYY-MM-DD``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def newest_date() -> dt.date:
    """The first day of the newest embedded unit list (the default for ``--to``/``--on``)."""
    from qcdc.units.gazetteer import gazetteer

    return gazetteer().snapshots[-1][0]


def default_date(value: dt.date | None, what: str) -> dt.date:
    """``value``, or the newest list's date, said on standard error."""
    if value is not None:
        return value
    d = newest_date()
    print(f"qcdc: {what} not given; using {d.isoformat()} (the newest unit list)", file=sys.stderr)
    return d


def period_option(text: str, option: str = "--period") -> Period:
    """A Vietnamese period given on the command line (``năm 2021``, ``quý III/2021``); one
    without its year is refused in the shell's words (the library asks for ``reference=``)."""
    from qcdc.dates import parse_period
    from qcdc.errors import AmbiguousDate, InputError

    try:
        return parse_period(text)
    except AmbiguousDate:
        raise InputError(
            f"{option} {text!r} has no year",
            hint="write the year, e.g. 'quý III/2021' or 'năm 2021'",
        ) from None


def emit_json(obj: Any) -> None:
    """Print ``obj`` as indented JSON (UTF-8 text as is; dates and the like as strings)."""
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` and the noun in the number it takes: ``1 finding``, ``2 findings``, ``0 findings``
    (``many`` for a plural that is not the noun plus ``s``).

    >>> plural(1, "error"), plural(3, "error"), plural(1, "community", "communities")
    ('1 error', '3 errors', '1 community')
    """
    return f"{n} {noun if n == 1 else (many if many is not None else noun + 's')}"


#: the narrowest a wrapped column is made, whatever the width asked
_NARROWEST = 24


def terminal_width() -> int | None:
    """The width to fit tables to: the terminal's (``COLUMNS`` counts) when standard output
    is a terminal, else ``None`` — output piped to a file or ``grep`` keeps one line a row."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def format_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    rule: bool = True,
    wrap: int | Sequence[int] | None = None,
    width: int | None = None,
) -> str:
    """A text table: columns as wide as their widest cell, those in ``right`` aligned
    right, a rule of dashes under the header when ``rule``.

    With ``width`` (see :func:`terminal_width`) and ``wrap`` (a column index), a table wider
    than ``width`` has that column's cells wrapped at spaces onto continuation lines, so
    that every line fits (the column is never made narrower than 24 characters).  With
    several columns to ``wrap``, the last of them is narrowed first, each down to its
    longest word (at least 8 characters; a word may break after a hyphen, as a rule id
    ``tt14-2018.residential-group`` does), until the table fits.

    >>> print(format_table(["rule", "message"], [["a.b", "one two three four"]],
    ...                    wrap=1, width=10))
    rule  message
    ----  ------------------
    a.b   one two three four
    >>> print(format_table(["rule", "message"], [["a.b", "one two three " * 3]],
    ...                    wrap=1, width=32))
    rule  message
    ----  ---------------------
    a.b   one two three one two
          three one two three
    """
    table = [list(header), *[list(r) for r in rows]]
    widths = [max(len(r[k]) for r in table) for k in range(len(header))]
    wrapped: list[list[list[str]]] = [[[c] for c in r] for r in table]
    gaps = 2 * (len(widths) - 1)
    if wrap is not None and width is not None and sum(widths) + gaps > width:
        if isinstance(wrap, int):
            rooms = {
                wrap: max(
                    _NARROWEST, width - sum(w for k, w in enumerate(widths) if k != wrap) - gaps
                )
            }
        else:
            rooms = {k: widths[k] for k in wrap}
            excess = sum(widths) + gaps - width
            for k in reversed(list(wrap)):
                words = [len(w) for r in table[1:] for w in _pieces(r[k])] or [0]
                floor = max(8, len(header[k]), max(words))
                cut = min(excess, max(0, rooms[k] - floor))
                rooms[k] -= cut
                excess -= cut
        hyphens = not isinstance(wrap, int)
        for k, room in rooms.items():
            if room >= widths[k]:
                continue
            for r in wrapped[1:]:
                r[k] = textwrap.wrap(r[k][0], room, break_on_hyphens=hyphens) or [""]
            widths[k] = max(len(header[k]), *(len(x) for r in wrapped[1:] for x in r[k]))
    lines = []
    for n, r in enumerate(wrapped):
        for line in range(max(len(c) for c in r)):
            cells = [c[line] if line < len(c) else "" for c in r]
            lines.append(
                "  ".join(
                    cells[k].rjust(widths[k]) if k in right else cells[k].ljust(widths[k])
                    for k in range(len(cells))
                ).rstrip()
            )
        if n == 0 and rule:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _pieces(cell: str) -> list[str]:
    """The pieces a cell may be wrapped between: its words, cut after their hyphens."""
    return [p for w in cell.split() for p in re.findall(r"[^-]*-|[^-]+", w)]


def fit(text: str, width: int | None, indent: str = "  ") -> str:
    """``text`` wrapped at spaces to ``width`` (continuation lines indented by ``indent``
    beyond the text's own leading spaces); as it is when ``width`` is ``None``.

    >>> print(fit("error: one two three four five", 16))
    error: one two
      three four
      five
    """
    if width is None or len(text) <= width:
        return text
    lead = text[: len(text) - len(text.lstrip(" "))]
    return textwrap.fill(
        text.strip(),
        width,
        initial_indent=lead,
        subsequent_indent=lead + indent,
        break_on_hyphens=False,
        break_long_words=False,
    )
