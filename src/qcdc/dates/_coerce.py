"""The one date coercer of qcdc: every function that takes a date takes it through here.

One rule everywhere: a :class:`datetime.datetime` stands for its date, a
:class:`datetime.date` for itself, and a string is an ISO date (``2021-12-17``) or a
Vietnamese numeric date, day first (``17/12/2021``, ``17-12-2021``, ``17.12.2021``).
Anything else is an :class:`~qcdc.errors.InvalidDate` naming the argument.

>>> as_date("17/12/2021"), as_date(" 2021-12-17 ")
(datetime.date(2021, 12, 17), datetime.date(2021, 12, 17))
>>> as_date("2021/12/17", "on")
Traceback (most recent call last):
...
qcdc.errors.InvalidDate: date '2021/12/17': on must be a date such as 2021-12-17 or 17/12/2021
"""

from __future__ import annotations

import datetime as dt
import re

from qcdc._bounds import shown as _shown
from qcdc.errors import InvalidDate

__all__ = ["as_date", "as_optional_date"]

_NUMERIC = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def as_date(value: object, name: str = "date") -> dt.date:
    """``value`` as a :class:`datetime.date`, by the rule above; ``name`` is the argument
    named in the error."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        m = _NUMERIC.fullmatch(text)
        try:
            if m:
                day, month, year = (int(g) for g in m.groups())
                return dt.date(year, month, day)
            if _ISO.fullmatch(text):
                return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise InvalidDate(_quote(value), f"{name} is not a real date ({exc})") from None
        raise InvalidDate(_quote(value), f"{name} must be a date such as 2021-12-17 or 17/12/2021")
    raise InvalidDate(
        _quote(value),
        f"{name} must be a datetime.date or a date string, not {type(value).__name__}",
    )


def as_optional_date(value: object, name: str = "date") -> dt.date | None:
    """Like :func:`as_date`, with ``None`` (and an empty string) for no date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return as_date(value, name)


_quote = _shown  # how an error quotes the value (the kernel's rule)
