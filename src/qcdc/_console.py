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
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["default_date", "emit_json", "format_table", "iso_date", "newest_date"]


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


def emit_json(obj: Any) -> None:
    """Print ``obj`` as indented JSON (UTF-8 text as is; dates and the like as strings)."""
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def format_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    rule: bool = True,
) -> str:
    """A text table: columns as wide as their widest cell, those in ``right`` aligned
    right, a rule of dashes under the header when ``rule``."""
    table = [list(header), *[list(r) for r in rows]]
    widths = [max(len(r[k]) for r in table) for k in range(len(header))]
    lines = []
    for n, r in enumerate(table):
        cells = [
            r[k].rjust(widths[k]) if k in right else r[k].ljust(widths[k]) for k in range(len(r))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0 and rule:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
