"""Small helpers the inspection pillar's modules share: text and count fields, optional
sums, the periods of the laws the shipped rules follow."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from qcdc._bounds import quoted
from qcdc.citations import EffectivePeriod
from qcdc.errors import InputError
from qcdc.text import nfc
from qcdc.units import unit_code

if TYPE_CHECKING:
    from qcdc.dates import Period

# the periods of the laws the shipped board and deadline rules follow
_LAW_2022 = "Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15"
_LAW_START = dt.date(2023, 7, 1)
quote = quoted
"""How the pillar's messages quote input (the kernel's rule)."""

_ND159_START = dt.date(2017, 2, 1)
_CURRENT = EffectivePeriod(_LAW_START)
_HISTORIC = EffectivePeriod(_ND159_START, _LAW_START)


def opt_text(value: object) -> str | None:
    """``None`` and blank strings become ``None``; other strings are NFC-normalised."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"must be text, got {quote(value)}")
    text = value if value.isascii() else nfc(value)
    return text if text.strip() else None


def nonblank_text(value: object) -> str:
    """Non-blank text, NFC-normalised."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"must be non-blank text, got {quote(value)}")
    return value if value.isascii() else nfc(value)


def ints(value: Any) -> tuple[int, ...]:
    return tuple(value)


def opt_unit_code(value: object) -> str | None:
    if value is None or value == "":
        return None
    return unit_code(value)


def check_count(value: object, name: str) -> None:
    """``value`` is ``None`` or a whole number >= 0 (not a ``bool``)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"must be a whole number or None, got {quote(value)}", field=name)
    if value < 0:
        raise InputError(f"must be >= 0, got {value}", field=name)


def count_validator(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_count(value, attribute.name)


def add_opt(a: int | None, b: int | None) -> int | None:
    """``a + b``, known only if both are."""
    if a is None or b is None:
        return None
    return a + b


def fmt(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def day_after(day: dt.date) -> dt.date | None:
    """The end of a half-open period whose last day is ``day``: the next day, or ``None``
    (open-ended) when ``day`` is the last one ``datetime`` knows."""
    return None if day == dt.date.max else day + dt.timedelta(days=1)


def as_period(period: int | EffectivePeriod | Period) -> EffectivePeriod:
    """A half-open period from a year, an :class:`EffectivePeriod` or a
    :class:`qcdc.dates.Period` (whose end is included)."""
    if isinstance(period, EffectivePeriod):
        return period
    if isinstance(period, int) and not isinstance(period, bool) and 1900 <= period <= 2999:
        return EffectivePeriod(dt.date(period, 1, 1), dt.date(period + 1, 1, 1))
    from qcdc.dates import Period as _Period

    if isinstance(period, _Period):
        return EffectivePeriod(period.start, day_after(period.end))
    raise InputError(
        "period must be a year such as 2021, a qcdc.dates.Period or an EffectivePeriod, "
        f"got {quote(period)}",
        field="period",
    )
