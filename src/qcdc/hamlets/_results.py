"""What a checked plan action produces, kept as plain values until the plan is applied.

A 30,000-merger plan keeps one result per merger alive while it is analysed.  Kept as
one flat tuple of strings, numbers and dates, a result is untracked by the garbage
collector the first time it looks at it, so the analysis leaves nothing for a full
collection to traverse (the reason the checks no longer need ``gc.disable()``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Final

from qcdc.hamlets.model import Community, CommunityKind

_Made = tuple[
    str,
    str,
    str,
    str,
    int,
    "int | None",
    "Decimal | None",
    bool,
    bool,
    "dt.date | None",
    "dt.date | None",
]
"""A community an action makes, as plain values: id, name, kind (its enum name), commune
code, households, population, area, border, island, valid_from, valid_to."""
_ID: Final = 0
_NAME: Final = 1
_COMMUNE: Final = 3

_WIDTH: Final = 11  # the fields of a _Made
_KINDS: Final = {k.name: k for k in CommunityKind}  # (faster than CommunityKind[name])

_Result = tuple[Any, ...]
"""What one action produces, as one flat tuple: its number, the number of its sources,
the number of communities it makes, the registry positions of its sources, for each
community made the position of the source it continues (-1: a new one), then the fields
of each community made (:data:`_Made`).  Read it with :func:`_unpack`.

One flat tuple of strings, numbers and dates on purpose: the garbage collector stops
tracking such a tuple the first time it looks at it (a tuple holding tuples may stay
tracked), and a 30,000-merger plan keeps one result per merger alive while it is
analysed; tracked survivors are what make the collector traverse the whole heap."""


def _made(c: Community) -> _Made:
    return (
        c.id, c.name, c.kind._name_, c.commune_code, c.households, c.population, c.area_km2,
        c.border, c.island, c.valid_from, c.valid_to,
    )  # fmt: skip


def _community(m: _Made) -> Community:
    return Community._trusted(
        m[0], m[1], _KINDS[m[2]], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10]
    )


def _unpack(r: _Result) -> tuple[int, tuple[int, ...], list[_Made], tuple[int, ...]]:
    """(number, source positions, communities made, their origins) of a result."""
    n_sources, n_made = r[1], r[2]
    start = 3 + n_sources + n_made
    made: list[_Made] = [r[start + k * _WIDTH : start + (k + 1) * _WIDTH] for k in range(n_made)]
    return r[0], r[3 : 3 + n_sources], made, r[3 + n_sources : start]
