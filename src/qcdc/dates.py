"""Vietnamese dates and periods, and a working-day calendar with public holidays.

Reports write dates as ``"ngày 17 tháng 12 năm 2021"``, ``"17/12/2021"`` or
``"Chiều 17/12"`` and periods as ``"quý III/2023"``, ``"6 tháng đầu năm 2022"`` or
``"nhiệm kỳ 2020–2025"``.  :func:`parse_date` and :func:`parse_period` read them;
:func:`format_date` and :func:`format_period` write them back.  A day and month
with no year take the year of ``reference``; day comes before month, always
(``"Ngày 6-7"`` is 6 July).

A :class:`Period` includes **both** ends: ``Period(date(2022, 1, 1),
date(2022, 12, 31))`` is the year 2022, the way Vietnamese texts write periods
("từ ngày 01/01 đến hết ngày 31/12").  (:class:`qcdc.citations.EffectivePeriod` is
half-open instead; the two are not interchangeable.)

The :class:`WorkingDayCalendar` knows the state sector's weekends, public
holidays, days in lieu and swapped days for 2019–2026, each year with its
sources (``src/qcdc/data/holidays.toml``); :func:`working_day_calendar` returns the
shipped one.  Deadlines in days, working days, months or "by the end of a period"
are :class:`Deadline` values.

>>> import datetime as dt
>>> parse_date("Chiều 17/12", reference=dt.date(2021, 1, 1))
datetime.date(2021, 12, 17)
>>> p = parse_period("quý III/2023")
>>> p.start, p.end, format_period(p)
(datetime.date(2023, 7, 1), datetime.date(2023, 9, 30), 'quý III/2023')
>>> working_day_calendar().add_working_days(dt.date(2021, 2, 9), 1)  # Tết 2021
datetime.date(2021, 2, 17)
"""

from __future__ import annotations

import bisect
import calendar as _calendar
import datetime as dt
import enum
import functools
import importlib
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from qcdc.citations import Confidence
from qcdc.errors import AmbiguousDate, InputError, InvalidDate, OutOfCoverage

__all__ = [
    "CalendarDay",
    "CalendarOutOfRange",
    "DayKind",
    "Deadline",
    "DeadlineKind",
    "HolidayYear",
    "Period",
    "WorkingDayCalendar",
    "due_at_end_of",
    "due_in_days",
    "due_in_months",
    "due_in_working_days",
    "format_date",
    "format_period",
    "parse_date",
    "parse_period",
    "working_day_calendar",
]


# ---------------------------------------------------------------------------
# Period
# ---------------------------------------------------------------------------


def _check_period(instance: Period, attribute: attrs.Attribute[Any], value: dt.date) -> None:
    if instance.end < instance.start:
        raise InvalidDate(
            f"{instance.start.isoformat()} – {instance.end.isoformat()}",
            "a period must not end before it starts",
        )


def _plain_date(value: object) -> dt.date:
    """Accept a ``date`` (a ``datetime`` is cut to its date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise InvalidDate(repr(value), "must be a datetime.date")


@attrs.frozen(order=True)
class Period:
    """A stretch of days; ``start`` and ``end`` are **both included**.

    >>> Period.quarter(2023, 3)
    Period(start=datetime.date(2023, 7, 1), end=datetime.date(2023, 9, 30))
    >>> Period.for_year(2022).year, Period.quarter(2023, 3).year
    (2022, None)
    """

    start: dt.date = attrs.field(converter=_plain_date)
    end: dt.date = attrs.field(converter=_plain_date, validator=_check_period)

    # -- named constructors -------------------------------------------------

    @classmethod
    def for_year(cls, year: int) -> Period:
        """The calendar year ``year`` (1 January – 31 December)."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def years(cls, first: int, last: int) -> Period:
        """Whole years ``first`` … ``last`` ("giai đoạn 2019–2021")."""
        return cls(dt.date(first, 1, 1), dt.date(last, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1–4 of ``year``."""
        if not 1 <= quarter <= 4:
            raise InvalidDate(str(quarter), "a quarter must be 1, 2, 3 or 4 (I–IV)")
        first = 3 * quarter - 2
        return cls(dt.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month."""
        if not 1 <= month <= 12:
            raise InvalidDate(str(month), "a month must be 1–12")
        return cls(dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def first_months(cls, year: int, months: int) -> Period:
        """The first ``months`` months of ``year`` ("6 tháng đầu năm 2022")."""
        if not 1 <= months <= 12:
            raise InvalidDate(str(months), "the number of months must be 1–12")
        return cls(dt.date(year, 1, 1), _month_end(year, months))

    @classmethod
    def last_months(cls, year: int, months: int) -> Period:
        """The last ``months`` months of ``year`` ("6 tháng cuối năm 2022")."""
        if not 1 <= months <= 12:
            raise InvalidDate(str(months), "the number of months must be 1–12")
        return cls(dt.date(year, 13 - months, 1), dt.date(year, 12, 31))

    @classmethod
    def day(cls, on: dt.date) -> Period:
        """A one-day period."""
        return cls(on, on)

    # -- queries ---------------------------------------------------------------

    def contains(self, on: dt.date) -> bool:
        """Whether ``on`` lies in the period (both ends included)."""
        return self.start <= on <= self.end

    def __contains__(self, on: object) -> bool:
        return isinstance(on, dt.date) and self.contains(_plain_date(on))

    @property
    def days(self) -> int:
        """The number of days in the period, both ends counted."""
        return (self.end - self.start).days + 1

    @property
    def year(self) -> int | None:
        """The year, when the period is exactly one calendar year; else ``None``."""
        s, e = self.start, self.end
        if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31 and s.year == e.year:
            return s.year
        return None

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def __iter__(self) -> Iterator[dt.date]:
        d = self.start
        one = dt.timedelta(days=1)
        while d <= self.end:
            yield d
            d += one

    def __str__(self) -> str:
        return format_period(self)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


# ---------------------------------------------------------------------------
# Text normalisation for dates
# ---------------------------------------------------------------------------

_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "đ": "d",
        "Đ": "d",
    }
)
_SPACE_RUN = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Lower case, no diacritics, ``đ`` → ``d``, dashes → ``-``, single spaces.

    Keeps punctuation (``/ - . ,``), so numeric dates survive.  For NFC input each
    output character stands for one input character.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_DASHES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE_RUN.sub(" ", bare.lower()).strip()


_WEEKDAYS: dict[str, int] = {
    "thu hai": 0,
    "thu ba": 1,
    "thu tu": 2,
    "thu nam": 3,
    "thu sau": 4,
    "thu bay": 5,
    "chu nhat": 6,
    "thu 2": 0,
    "thu 3": 1,
    "thu 4": 2,
    "thu 5": 3,
    "thu 6": 4,
    "thu 7": 5,
    "t2": 0,
    "t3": 1,
    "t4": 2,
    "t5": 3,
    "t6": 4,
    "t7": 5,
    "cn": 6,
}
_WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

_MONTH_WORDS: dict[str, int] = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
}
_LUNAR_MONTHS = ("gieng", "chap")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}

_WD_ALT = "|".join(sorted((re.escape(k) for k in _WEEKDAYS), key=len, reverse=True))
_MW_ALT = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_TIME_OF_DAY = r"(?:(?:buoi\s+)?(?:sang|chieu|toi|trua|dem|khuya)(?:\s+nay)?\s*,?\s*)"
_CLOCK = r"(?:[0-9]{1,2}\s*(?:h|gio|:)\s*(?:[0-9]{1,2})?\s*(?:phut)?\s*,?\s*)"

# the prefix before the date itself: place, time of day, clock time, weekday
_PREFIX = (
    r"^(?:(?P<place>[^,0-9]+?)\s*,\s*(?=(?:ngay|" + _WD_ALT + r")\b))?"
    r"(?:" + _CLOCK + r")?"
    r"(?:" + _TIME_OF_DAY + r")?"
    r"(?:(?P<wd>" + _WD_ALT + r")\b\s*[,(]?\s*)?"
    r"(?:ngay\s*:?\s*)?"
)
_NUMERIC = re.compile(
    _PREFIX
    + r"(?P<d>[0-9]{1,2})\s*(?P<sep>[/.-])\s*(?P<m>[0-9]{1,2})"
    + r"(?:\s*(?P=sep)\s*(?P<y>[0-9]{2,4}))?\s*\)?\.?$"
)
_WORDS = re.compile(
    _PREFIX
    + r"(?P<d>[0-9]{1,2})\s*,?\s+thang\s+(?:(?P<m>[0-9]{1,2})|(?P<mw>"
    + _MW_ALT
    + r"|gieng|chap))\b"
    + r"(?:\s*(?:,?\s*nam|/|-)\s*(?P<y>[0-9]{2,4}))?\s*\)?\.?$"
)
_ISO = re.compile(r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})$")
_DAY_RANGE = re.compile(
    _PREFIX
    + r"(?P<d1>[0-9]{1,2})\s*(?:-|va|,)\s*(?P<d2>[0-9]{1,2})\s*(?P<sep>[/.-])\s*(?P<m>[0-9]{1,2})"
    + r"(?:\s*(?P=sep)\s*(?P<y>[0-9]{4}))?\s*$"
)
_FAST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")


def _year_of(text: str, raw: str | None, reference: dt.date | None) -> int:
    if raw is None:
        if reference is None:
            raise AmbiguousDate(
                text, "the year is missing; pass reference= (a date in the year meant)"
            )
        return reference.year
    if len(raw) == 4:
        return int(raw)
    if len(raw) == 2:
        raise AmbiguousDate(text, f"two-digit year {raw!r}: write the year in full (e.g. 20{raw})")
    raise InvalidDate(text, f"year must have four digits, got {raw!r}")


def _make_date(text: str, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise InvalidDate(text, f"month must be 1–12, got {month}")
    if not 1 <= year <= 9999:
        raise InvalidDate(text, f"year must be 1–9999, got {year}")
    last = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise InvalidDate(text, f"day must be 1–{last} in {month:02d}/{year}, got {day}")
    return dt.date(year, month, day)


def _check_weekday(text: str, wd: str | None, value: dt.date) -> None:
    if wd is None:
        return
    said = _WEEKDAYS[_SPACE_RUN.sub(" ", wd)]
    if said != value.weekday():
        raise InvalidDate(
            text,
            f"{format_date(value)} is a {_WEEKDAY_NAMES[value.weekday()]}, "
            f"not a {_WEEKDAY_NAMES[said]}; check the day or the weekday",
        )


def parse_date(text: str, reference: dt.date | None = None) -> dt.date:
    """Read a Vietnamese date.

    Accepts ``"ngày 17 tháng 12 năm 2021"``, ``"17/12/2021"``, ``"17-12-2021"``,
    ``"17.12.2021"``, ``"2021-12-17"``, with a place (``"Hà Nội, ngày …"``), a time of
    day (``"Chiều 17/12"``), a clock time (``"14h30 ngày …"``) or a weekday
    (``"Thứ Sáu, 22/01/2021"``, checked against the date) before it, month names in
    words (``"tháng Tư"``), with or without diacritics.  Day comes first:
    ``"Ngày 6-7"`` is 6 July.  A day and month with no year take the year of
    ``reference``.

    Raises :class:`~qcdc.errors.InvalidDate` for text that is not a date or a day
    that does not exist, and :class:`~qcdc.errors.AmbiguousDate` for a missing year
    without ``reference``, a two-digit year, or two days ("ngày 6-7/7").

    >>> parse_date("Thứ Sáu, 22/01/2021")
    datetime.date(2021, 1, 22)
    >>> parse_date("ngày 30 tháng Tư năm 2025")
    datetime.date(2025, 4, 30)
    """
    if type(text) is str:
        m = _FAST.fullmatch(text)
        if m is not None:
            d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if 1 <= mo <= 12 and 1 <= d <= 28 and y >= 1:
                return dt.date(y, mo, d)
    _check_args(text, reference)
    return _parse_date_slow(text, None if reference is None else _plain_date(reference))


def _check_args(text: object, reference: object) -> None:
    if not isinstance(text, str):
        raise InvalidDate(repr(text), "must be a string")
    if reference is not None and not isinstance(reference, dt.date):
        raise InvalidDate(text, f"reference must be a datetime.date, got {reference!r}")


@functools.lru_cache(maxsize=8192)
def _parse_date_slow(text: str, reference: dt.date | None) -> dt.date:
    s = _fold(text)
    if not s:
        raise InvalidDate(text, "is empty; expected a date such as 17/12/2021")
    m = _ISO.match(s)
    if m is not None:
        return _make_date(text, int(m["y"]), int(m["m"]), int(m["d"]))
    m = _NUMERIC.match(s)
    if m is not None:
        year = _year_of(text, m["y"], reference)
        value = _make_date(text, year, int(m["m"]), int(m["d"]))
        _check_weekday(text, m["wd"], value)
        return value
    m = _WORDS.match(s)
    if m is not None:
        if m["mw"] in _LUNAR_MONTHS:
            raise InvalidDate(
                text,
                f"'tháng {m['mw']}' names a lunar month; qcdc reads solar dates only",
                position=m.start("mw"),
            )
        month = int(m["m"]) if m["m"] is not None else _MONTH_WORDS[m["mw"]]
        year = _year_of(text, m["y"], reference)
        value = _make_date(text, year, month, int(m["d"]))
        _check_weekday(text, m["wd"], value)
        return value
    m = _DAY_RANGE.match(s)
    if m is not None:
        raise AmbiguousDate(
            text,
            f"names two days ({m['d1']} and {m['d2']}); use parse_period() for a range",
        )
    position = _first_bad_position(s)
    raise InvalidDate(
        text,
        "expected a date such as 17/12/2021 or 'ngày 17 tháng 12 năm 2021'",
        position=position,
    )


def _first_bad_position(folded: str) -> int:
    """Where the date part seems to end: the first digit, else 0."""
    for i, ch in enumerate(folded):
        if ch.isdigit():
            return i
    return 0


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------

_Y = r"(?P<y>[0-9]{4})"
_YEAR_TAIL = r"(?:\s*(?:/|-|,)?\s*(?:nam\s+)?" + _Y + r")?"
_P_YEAR = re.compile(r"^(?:(?:ca\s+)?nam\s+)?" + _Y + r"$")
_P_QUARTER = re.compile(r"^(?:quy|q)\s*(?P<q>iv|iii|ii|i|[1-4])\b" + _YEAR_TAIL + r"$")
_P_MONTH = re.compile(
    r"^thang\s+(?:(?P<m>[0-9]{1,2})|(?P<mw>" + _MW_ALT + r"|gieng|chap))\b" + _YEAR_TAIL + r"$"
)
_P_FIRST = re.compile(
    r"^(?P<n>[0-9]{1,2}|sau|chin|ba)\s+thang(?:\s+dau(?:\s+nam)?)?" + _YEAR_TAIL + r"$"
)
_P_LAST = re.compile(r"^(?P<n>[0-9]{1,2}|sau|ba)\s+thang\s+cuoi(?:\s+nam)?" + _YEAR_TAIL + r"$")
_P_HALF = re.compile(r"^nua\s+(?P<which>dau|cuoi)\s+nam" + _YEAR_TAIL + r"$")
_P_SPAN = re.compile(
    r"^(?:(?P<word>nhiem\s+ky|giai\s+doan|thoi\s+ky|ke\s+hoach)\s+)?"
    r"(?P<a>[0-9]{4})\s*-\s*(?P<b>[0-9]{4})$"
)
_P_FROM_TO = re.compile(
    r"^(?:tu\s+)?(?:ngay\s+)?(?P<a>.+?)\s+(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?(?P<b>.+)$"
)
_NUMBER_WORDS = {"ba": 3, "sau": 6, "chin": 9}


def parse_period(text: str, reference: dt.date | None = None) -> Period:
    """Read a Vietnamese period.

    ``"năm 2022"``, ``"quý III/2023"`` (or ``"quý 3 năm 2023"``), ``"tháng 7/2022"``,
    ``"6 tháng đầu năm 2022"``, ``"6 tháng cuối năm 2022"``, ``"9 tháng"``,
    ``"nửa đầu năm 2022"``, ``"nhiệm kỳ 2020–2025"``, ``"giai đoạn 2019–2021"``,
    ``"từ ngày 01/7/2022 đến ngày 30/9/2022"``, ``"ngày 6-7/7/2022"`` or a single date.
    A period with no year takes the year of ``reference``.  A term or stage
    written as two years covers both years whole (1 January of the first to
    31 December of the last), since the text gives no finer dates.

    >>> parse_period("6 tháng đầu năm 2022")
    Period(start=datetime.date(2022, 1, 1), end=datetime.date(2022, 6, 30))
    >>> parse_period("9 tháng", reference=dt.date(2023, 10, 5)).end
    datetime.date(2023, 9, 30)
    """
    _check_args(text, reference)
    return _parse_period(text, None if reference is None else _plain_date(reference))


@functools.lru_cache(maxsize=4096)
def _parse_period(text: str, reference: dt.date | None) -> Period:
    s = _fold(text).rstrip(".")
    if not s:
        raise InvalidDate(text, "is empty; expected a period such as 'quý III/2023'")

    def year(raw: str | None) -> int:
        return _year_of(text, raw, reference)

    m = _P_YEAR.match(s)
    if m is not None:
        return Period.for_year(int(m["y"]))
    m = _P_QUARTER.match(s)
    if m is not None:
        return Period.quarter(year(m["y"]), _ROMAN[m["q"]])
    m = _P_MONTH.match(s)
    if m is not None:
        if m["mw"] in _LUNAR_MONTHS:
            raise InvalidDate(text, "names a lunar month; qcdc reads solar dates only")
        month = int(m["m"]) if m["m"] is not None else _MONTH_WORDS[m["mw"]]
        if not 1 <= month <= 12:
            raise InvalidDate(text, f"month must be 1–12, got {month}", position=m.start("m"))
        return Period.month(year(m["y"]), month)
    m = _P_LAST.match(s)
    if m is not None:
        n = _months_count(text, m["n"])
        return Period.last_months(year(m["y"]), n)
    m = _P_FIRST.match(s)
    if m is not None:
        n = _months_count(text, m["n"])
        return Period.first_months(year(m["y"]), n)
    m = _P_HALF.match(s)
    if m is not None:
        y = year(m["y"])
        return Period.first_months(y, 6) if m["which"] == "dau" else Period.last_months(y, 6)
    m = _P_SPAN.match(s)
    if m is not None:
        a, b = int(m["a"]), int(m["b"])
        if b < a:
            raise InvalidDate(text, f"the second year ({b}) must not be before the first ({a})")
        return Period.years(a, b)
    m = _DAY_RANGE.match(s)
    if m is not None:
        y = year(m["y"])
        month = int(m["m"])
        return Period(
            _make_date(text, y, month, int(m["d1"])), _make_date(text, y, month, int(m["d2"]))
        )
    m = _P_FROM_TO.match(s)
    if m is not None:
        a_text, b_text = m["a"], m["b"]
        end = parse_date(b_text, reference)
        start = parse_date(a_text, end)
        if end < start:
            # "từ 1/12 đến 31/1/2023": a start without a year lies in the year before
            earlier = parse_date(a_text, dt.date(end.year - 1, 1, 1))
            if earlier != start and earlier <= end:
                start = earlier
        if end < start:
            raise InvalidDate(text, "the period ends before it starts")
        return Period(start, end)
    try:
        return Period.day(parse_date(text, reference))
    except AmbiguousDate:
        raise
    except InvalidDate:
        raise InvalidDate(
            text,
            "expected a period such as 'năm 2022', 'quý III/2023', 'tháng 7/2022', "
            "'6 tháng đầu năm 2022' or 'giai đoạn 2019–2021'",
        ) from None


def _months_count(text: str, raw: str) -> int:
    n = _NUMBER_WORDS[raw] if raw in _NUMBER_WORDS else int(raw)
    if not 1 <= n <= 12:
        raise InvalidDate(text, f"the number of months must be 1–12, got {n}")
    return n


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def format_date(d: dt.date, style: str = "numeric") -> str:
    """Write a date the Vietnamese way.

    ``style="numeric"``: ``"17/12/2021"`` (two-digit day and month).
    ``style="long"``: ``"ngày 17 tháng 12 năm 2021"``, padding days below 10 and
    months 1 and 2 with a zero as Nghị định 30/2020/NĐ-CP asks.
    ``style="weekday"``: ``"thứ Sáu, 22/01/2021"``.

    >>> format_date(dt.date(2020, 1, 5), "long")
    'ngày 05 tháng 01 năm 2020'
    >>> format_date(dt.date(2021, 1, 22), "weekday")
    'thứ Sáu, 22/01/2021'
    """
    d = _plain_date(d)
    if style == "numeric":
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    if style == "long":
        month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
        return f"ngày {d.day:02d} tháng {month} năm {d.year:04d}"
    if style == "weekday":
        return f"{_WEEKDAY_NAMES[d.weekday()]}, {d.day:02d}/{d.month:02d}/{d.year:04d}"
    raise InputError(f"style must be 'numeric', 'long' or 'weekday', got {style!r}", field="style")


def format_period(p: Period) -> str:
    """Write a period back in the words :func:`parse_period` reads.

    >>> format_period(Period.first_months(2022, 6))
    '6 tháng đầu năm 2022'
    >>> format_period(Period.years(2019, 2021))
    'giai đoạn 2019–2021'
    >>> format_period(Period(dt.date(2021, 12, 17), dt.date(2021, 12, 20)))
    'từ ngày 17/12/2021 đến ngày 20/12/2021'
    """
    s, e = p.start, p.end
    if s == e:
        return f"ngày {format_date(s)}"
    whole_months = s.day == 1 and e == _month_end(e.year, e.month)
    if whole_months and s.year == e.year:
        y, m1, m2 = s.year, s.month, e.month
        if m1 == 1 and m2 == 12:
            return f"năm {y}"
        if m1 == m2:
            return f"tháng {m1}/{y}"
        if m2 - m1 == 2 and m1 % 3 == 1:
            return f"quý {_ROMAN_OUT[(m1 + 2) // 3]}/{y}"
        if m1 == 1:
            return f"{m2} tháng đầu năm {y}"
        if m2 == 12:
            return f"{13 - m1} tháng cuối năm {y}"
    if whole_months and s.month == 1 and e.month == 12:
        return f"giai đoạn {s.year}–{e.year}"
    return f"từ ngày {format_date(s)} đến ngày {format_date(e)}"


# ---------------------------------------------------------------------------
# Working-day calendar
# ---------------------------------------------------------------------------


class DayKind(enum.Enum):
    """Why a date is listed in the calendar table."""

    HOLIDAY = "holiday"
    """A public holiday of the Labour Code (Tết days as set that year)."""
    IN_LIEU = "in_lieu"
    """Nghỉ bù: a holiday fell on a weekly rest day; this working day is off."""
    SWAP = "swap"
    """Hoán đổi: a working day given off in exchange for a make-up day."""
    MAKE_UP = "make_up"
    """Làm bù: a weekend day worked in exchange for a swapped day."""
    EXTRA = "extra"
    """A day off added by the user (a local holiday, an office closure)."""

    @property
    def is_day_off(self) -> bool:
        return self is not DayKind.MAKE_UP


@attrs.frozen
class CalendarDay:
    """One listed date: its kind, its Vietnamese name and how sure the entry is."""

    date: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    kind: DayKind = attrs.field(validator=attrs.validators.instance_of(DayKind))
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    confidence: Confidence = attrs.field(
        default=Confidence.SURE, validator=attrs.validators.instance_of(Confidence)
    )


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class HolidayYear:
    """The provenance of one year of the table: law, sources, confidence, note."""

    year: int = attrs.field(validator=attrs.validators.instance_of(int))
    labour_code: str = attrs.field(validator=attrs.validators.instance_of(str))
    confidence: Confidence = attrs.field(validator=attrs.validators.instance_of(Confidence))
    sources: tuple[str, ...] = attrs.field(converter=_str_tuple)
    note: str = attrs.field(default="", validator=attrs.validators.instance_of(str))


class CalendarOutOfRange(OutOfCoverage):
    """A working-day computation left the years the calendar covers.

    Also an :class:`~qcdc.errors.OutOfCoverage` (a ``LookupError``).  Extend the
    calendar with :meth:`WorkingDayCalendar.with_coverage` (weekends only) or with
    your own table.
    """

    def __init__(self, on: dt.date, coverage: tuple[dt.date, dt.date]) -> None:
        self.on = on
        self.coverage = (coverage[0], coverage[1])
        LookupError.__init__(
            self,
            f"date must be within the working-day calendar "
            f"({coverage[0].isoformat()} to {coverage[1].isoformat()}), got {on.isoformat()}; "
            "extend it with WorkingDayCalendar.with_coverage() or add your own holiday table",
        )


def _days_converter(
    value: Iterable[CalendarDay] | Mapping[dt.date, CalendarDay],
) -> tuple[CalendarDay, ...]:
    items = value.values() if isinstance(value, Mapping) else value
    return tuple(sorted(items, key=lambda c: (c.date, c.kind.value)))


def _int_set(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _years_tuple(value: Iterable[HolidayYear]) -> tuple[HolidayYear, ...]:
    return tuple(value)


@attrs.frozen(eq=False)
class WorkingDayCalendar:
    """Weekends, holidays, days in lieu and swapped days over a covered span.

    A date is a working day when it is within ``start``…``end`` and it is a
    listed make-up day, or it is neither a weekend day nor a listed day off.
    Dates outside the coverage raise :class:`CalendarOutOfRange` rather than
    being guessed.

    Build your own with :meth:`from_days`, or extend the shipped one with
    :meth:`with_days_off` / :meth:`with_working_days` / :meth:`with_coverage`.

    >>> cal = working_day_calendar()
    >>> cal.is_working_day(dt.date(2024, 5, 4))  # a Saturday made up for 29/04
    True
    >>> cal.working_days_between(dt.date(2021, 12, 17), dt.date(2021, 12, 31))
    10
    """

    start: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    end: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    days: tuple[CalendarDay, ...] = attrs.field(converter=_days_converter, factory=tuple)
    weekend: frozenset[int] = attrs.field(default=frozenset({5, 6}), converter=_int_set)
    years: tuple[HolidayYear, ...] = attrs.field(default=(), converter=_years_tuple)
    _off: frozenset[dt.date] = attrs.field(init=False, repr=False)
    _on: frozenset[dt.date] = attrs.field(init=False, repr=False)
    _index: list[int] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(
                f"calendar end ({self.end}) must not be before its start ({self.start})",
                field="end",
            )
        if not self.weekend <= frozenset(range(7)):
            raise InputError("weekend days must be 0 (Monday) … 6 (Sunday)", field="weekend")
        off = {c.date for c in self.days if c.kind.is_day_off}
        on = {c.date for c in self.days if c.kind is DayKind.MAKE_UP}
        clash = sorted(off & on)
        if clash:
            raise InputError(
                f"{clash[0].isoformat()} is listed both as a day off and as a make-up day",
                field="days",
            )
        object.__setattr__(self, "_off", frozenset(off))
        object.__setattr__(self, "_on", frozenset(on))
        index = []
        d = self.start
        one = dt.timedelta(days=1)
        while d <= self.end:
            if self._working(d):
                index.append(d.toordinal())
            d += one
        object.__setattr__(self, "_index", index)

    # -- construction ----------------------------------------------------------

    @classmethod
    def from_days(
        cls,
        days: Iterable[CalendarDay],
        *,
        start: dt.date,
        end: dt.date,
        weekend: Iterable[int] = (5, 6),
    ) -> WorkingDayCalendar:
        """A calendar from your own listed days (``start``/``end`` both included)."""
        return cls(start=start, end=end, days=tuple(days), weekend=frozenset(weekend))

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<toml>") -> WorkingDayCalendar:
        """Read a table in the shape of the shipped ``holidays.toml``."""
        data = _toml_loads(text, source)
        return _calendar_from_mapping(data, source)

    def with_days_off(
        self, dates: Iterable[dt.date], name: str = "Ngày nghỉ bổ sung"
    ) -> WorkingDayCalendar:
        """A copy with extra days off (a local holiday, an office closure)."""
        extra = [CalendarDay(d, DayKind.EXTRA, name) for d in dates]
        return attrs.evolve(self, days=self.days + tuple(extra))

    def with_working_days(
        self, dates: Iterable[dt.date], name: str = "Ngày làm việc bổ sung"
    ) -> WorkingDayCalendar:
        """A copy where these dates are working days (e.g. a make-up Saturday)."""
        targets = set(dates)
        kept = tuple(c for c in self.days if c.date not in targets)
        extra = tuple(CalendarDay(d, DayKind.MAKE_UP, name) for d in sorted(targets))
        return attrs.evolve(self, days=kept + extra)

    def with_coverage(self, start: dt.date, end: dt.date) -> WorkingDayCalendar:
        """A copy covering ``start``…``end``; days outside the table count weekends only."""
        return attrs.evolve(self, start=min(start, self.start), end=max(end, self.end))

    # -- queries -----------------------------------------------------------------

    @property
    def coverage(self) -> tuple[dt.date, dt.date]:
        """The first and last date the calendar answers for (both included)."""
        return (self.start, self.end)

    def _check(self, d: dt.date) -> None:
        if not self.start <= d <= self.end:
            raise CalendarOutOfRange(d, (self.start, self.end))

    def _working(self, d: dt.date) -> bool:
        if d in self._on:
            return True
        return d.weekday() not in self.weekend and d not in self._off

    def is_working_day(self, d: dt.date) -> bool:
        """Whether ``d`` is a working day of the state sector."""
        d = _plain_date(d)
        self._check(d)
        return self._working(d)

    def day(self, d: dt.date) -> CalendarDay | None:
        """The table entry for ``d`` (a holiday, a swap …), or ``None``."""
        for c in self.days:
            if c.date == d:
                return c
        return None

    def days_off(self, year: int) -> list[CalendarDay]:
        """The listed days off (not weekends) of one year, in date order."""
        return [c for c in self.days if c.date.year == year and c.kind.is_day_off]

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``d`` (before it when ``n`` < 0).

        ``d`` itself is not counted, whatever it is; ``n == 0`` returns ``d``.
        "Within 15 working days from 17/12/2021" ends on
        ``add_working_days(date(2021, 12, 17), 15)``.
        """
        d = _plain_date(d)
        if not isinstance(n, int) or isinstance(n, bool):
            raise InputError(f"n must be an int, got {n!r}", field="n")
        self._check(d)
        if n == 0:
            return d
        ordinal = d.toordinal()
        if n > 0:
            i = bisect.bisect_right(self._index, ordinal) + n - 1
            if i >= len(self._index):
                raise CalendarOutOfRange(
                    d + dt.timedelta(days=max(n, (self.end - d).days + 1)), self.coverage
                )
        else:
            i = bisect.bisect_left(self._index, ordinal) + n
            if i < 0:
                raise CalendarOutOfRange(d - dt.timedelta(days=-n), self.coverage)
        return dt.date.fromordinal(self._index[i])

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """How many working days ``b`` lies after ``a`` (negative when before).

        Forwards it counts the working days after ``a`` up to and including
        ``b``; backwards, minus those from ``b`` up to but excluding ``a``.  So
        ``working_days_between(a, add_working_days(a, n)) == n`` for every ``n``.
        """
        a, b = _plain_date(a), _plain_date(b)
        self._check(a)
        self._check(b)
        if b >= a:
            lo = bisect.bisect_right(self._index, a.toordinal())
            hi = bisect.bisect_right(self._index, b.toordinal())
            return hi - lo
        lo = bisect.bisect_left(self._index, b.toordinal())
        hi = bisect.bisect_left(self._index, a.toordinal())
        return lo - hi

    def next_working_day(self, d: dt.date) -> dt.date:
        """``d`` if it is a working day, else the first working day after it."""
        d = _plain_date(d)
        self._check(d)
        if self._working(d):
            return d
        return self.add_working_days(d, 1)

    def working_days(self, period: Period) -> list[dt.date]:
        """Every working day in ``period`` (both ends included)."""
        self._check(period.start)
        self._check(period.end)
        lo = bisect.bisect_left(self._index, period.start.toordinal())
        hi = bisect.bisect_right(self._index, period.end.toordinal())
        return [dt.date.fromordinal(o) for o in self._index[lo:hi]]

    def year_info(self, year: int) -> HolidayYear | None:
        """Sources, law and confidence of one year of the table."""
        for y in self.years:
            if y.year == year:
                return y
        return None

    def __repr__(self) -> str:
        return (
            f"WorkingDayCalendar({self.start.isoformat()}..{self.end.isoformat()}, "
            f"{len(self.days)} listed days)"
        )


def _toml_loads(text: str, source: str) -> dict[str, Any]:
    # tomllib from 3.11, its backport tomli before (a dependency on 3.10)
    toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    try:
        data: dict[str, Any] = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", source=source) from None
    return data


def _need(mapping: Mapping[str, Any], key: str, kind: type, source: str, where: str) -> Any:
    if key not in mapping:
        raise InputError(f"missing key {key!r}", source=source, field=f"{where}{key}")
    value = mapping[key]
    if kind is dt.date:
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    else:
        ok = isinstance(value, kind) and not isinstance(value, bool)
    if not ok:
        raise InputError(
            f"{key} must be a {kind.__name__}, got {value!r}",
            source=source,
            field=f"{where}{key}",
        )
    return value


def _confidence(value: object, source: str, field: str) -> Confidence:
    try:
        return Confidence(value)
    except ValueError:
        raise InputError(
            f"confidence must be one of sure, likely, unsure, unverified, got {value!r}",
            source=source,
            field=field,
        ) from None


def _calendar_from_mapping(data: Mapping[str, Any], source: str) -> WorkingDayCalendar:
    start = _need(data, "start", dt.date, source, "")
    end = _need(data, "end", dt.date, source, "")
    years: list[HolidayYear] = []
    days: list[CalendarDay] = []
    raw_years = data.get("year", [])
    if not isinstance(raw_years, list):
        raise InputError("year must be an array of tables", source=source, field="year")
    for i, y in enumerate(raw_years):
        where = f"year[{i}]."
        if not isinstance(y, Mapping):
            raise InputError("must be a table", source=source, field=f"year[{i}]")
        number = _need(y, "year", int, source, where)
        conf = _confidence(y.get("confidence", "unverified"), source, where + "confidence")
        sources = y.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise InputError(
                "sources must be a list of strings", source=source, field=where + "sources"
            )
        years.append(
            HolidayYear(
                year=number,
                labour_code=str(y.get("labour_code", "")),
                confidence=conf,
                sources=tuple(sources),
                note=str(y.get("note", "")),
            )
        )
        raw_days = y.get("days", [])
        if not isinstance(raw_days, list):
            raise InputError("days must be an array", source=source, field=where + "days")
        for j, e in enumerate(raw_days):
            w = f"{where}days[{j}]."
            if not isinstance(e, Mapping):
                raise InputError("must be a table", source=source, field=w[:-1])
            when = _need(e, "date", dt.date, source, w)
            kind_raw = _need(e, "kind", str, source, w)
            try:
                kind = DayKind(kind_raw)
            except ValueError:
                raise InputError(
                    f"kind must be one of holiday, in_lieu, swap, make_up, extra, got {kind_raw!r}",
                    source=source,
                    field=w + "kind",
                ) from None
            name = _need(e, "name", str, source, w)
            c = conf
            if "confidence" in e:
                c = _confidence(e["confidence"], source, w + "confidence")
            days.append(CalendarDay(when, kind, name, c))
    return WorkingDayCalendar(start=start, end=end, days=tuple(days), years=tuple(years))


_DEFAULT: WorkingDayCalendar | None = None
_LOCK = threading.Lock()


def working_day_calendar() -> WorkingDayCalendar:
    """The shipped calendar (2019–2026), read from ``qcdc/data/holidays.toml`` on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                text = resources.files("qcdc.data").joinpath("holidays.toml").read_text("utf-8")
                _DEFAULT = WorkingDayCalendar.from_toml(text, source="qcdc/data/holidays.toml")
    return _DEFAULT


# ---------------------------------------------------------------------------
# Deadlines
# ---------------------------------------------------------------------------


def due_in_days(
    start: dt.date, days: int, *, calendar: WorkingDayCalendar | None = None, roll: bool = True
) -> dt.date:
    """A deadline ``days`` calendar days after ``start``.

    The day of ``start`` is not counted (Bộ luật Dân sự 2015, Điều 147); when the
    last day is a weekend or holiday and ``roll`` is true the deadline moves to the
    next working day (Điều 148).
    """
    end = _plain_date(start) + dt.timedelta(days=days)
    if roll:
        end = (calendar or working_day_calendar()).next_working_day(end)
    return end


def due_in_working_days(
    start: dt.date, days: int, *, calendar: WorkingDayCalendar | None = None
) -> dt.date:
    """A deadline ``days`` working days after ``start`` (``start`` not counted)."""
    return (calendar or working_day_calendar()).add_working_days(start, days)


def due_in_months(
    start: dt.date, months: int, *, calendar: WorkingDayCalendar | None = None, roll: bool = True
) -> dt.date:
    """A deadline ``months`` months after ``start``, on the same day of the month.

    A month without that day ends on its last day (31/01 + 1 month → 28/02 or
    29/02), as ``relativedelta`` and Điều 148 of the Civil Code agree.  With
    ``roll`` a weekend or holiday moves it to the next working day.
    """
    end = _plain_date(start) + relativedelta(months=months)
    if roll:
        end = (calendar or working_day_calendar()).next_working_day(end)
    return end


def due_at_end_of(period: Period) -> dt.date:
    """A deadline "trong quý II/2022": the last day of the period."""
    return period.end


class DeadlineKind(enum.Enum):
    """How a deadline is expressed."""

    DATE = "date"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    PERIOD_END = "period_end"


def _check_deadline(instance: Deadline, attribute: attrs.Attribute[Any], value: object) -> None:
    k = instance.kind
    if k is DeadlineKind.DATE and instance.date is None:
        raise InputError("a DATE deadline needs date=", field="date")
    if k is DeadlineKind.PERIOD_END and instance.period is None:
        raise InputError("a PERIOD_END deadline needs period=", field="period")
    if k in (DeadlineKind.DAYS, DeadlineKind.WORKING_DAYS, DeadlineKind.MONTHS) and (
        instance.amount is None or instance.amount < 0
    ):
        raise InputError(f"a {k.value} deadline needs amount >= 0", field="amount")


@attrs.frozen
class Deadline:
    """A due date: absolute, relative to a start (days, working days, months) or a period end.

    >>> Deadline.working_days(15).resolve(dt.date(2021, 12, 17))
    datetime.date(2022, 1, 10)
    >>> Deadline.parse("trong quý II/2022").resolve(dt.date(2022, 1, 5))
    datetime.date(2022, 6, 30)
    """

    kind: DeadlineKind = attrs.field(validator=attrs.validators.instance_of(DeadlineKind))
    date: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )
    amount: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(int))
    )
    period: Period | None = attrs.field(
        default=None,
        validator=[
            attrs.validators.optional(attrs.validators.instance_of(Period)),
            _check_deadline,
        ],
    )

    @classmethod
    def on(cls, d: dt.date) -> Deadline:
        return cls(DeadlineKind.DATE, date=_plain_date(d))

    @classmethod
    def days(cls, n: int) -> Deadline:
        return cls(DeadlineKind.DAYS, amount=n)

    @classmethod
    def working_days(cls, n: int) -> Deadline:
        return cls(DeadlineKind.WORKING_DAYS, amount=n)

    @classmethod
    def months(cls, n: int) -> Deadline:
        return cls(DeadlineKind.MONTHS, amount=n)

    @classmethod
    def end_of(cls, period: Period) -> Deadline:
        return cls(DeadlineKind.PERIOD_END, period=period)

    @property
    def is_relative(self) -> bool:
        return self.kind in (DeadlineKind.DAYS, DeadlineKind.WORKING_DAYS, DeadlineKind.MONTHS)

    def resolve(self, start: dt.date, calendar: WorkingDayCalendar | None = None) -> dt.date:
        """The due date for something assigned on ``start``.

        Relative deadlines count from ``start`` (not included); deadlines in days
        and months move off weekends and holidays (Civil Code Điều 148).  Absolute
        dates and period ends are returned as written.
        """
        if self.kind is DeadlineKind.DATE:
            assert self.date is not None
            return self.date
        if self.kind is DeadlineKind.PERIOD_END:
            assert self.period is not None
            return self.period.end
        assert self.amount is not None
        if self.kind is DeadlineKind.DAYS:
            return due_in_days(start, self.amount, calendar=calendar)
        if self.kind is DeadlineKind.WORKING_DAYS:
            return due_in_working_days(start, self.amount, calendar=calendar)
        return due_in_months(start, self.amount, calendar=calendar)

    def __str__(self) -> str:
        if self.kind is DeadlineKind.DATE:
            assert self.date is not None
            return f"trước ngày {format_date(self.date)}"
        if self.kind is DeadlineKind.PERIOD_END:
            assert self.period is not None
            return f"trong {format_period(self.period)}"
        unit = {
            DeadlineKind.DAYS: "ngày",
            DeadlineKind.WORKING_DAYS: "ngày làm việc",
            DeadlineKind.MONTHS: "tháng",
        }[self.kind]
        return f"trong {self.amount} {unit}"

    @classmethod
    def parse(cls, text: str, reference: dt.date | None = None) -> Deadline:
        """Read ``"trong vòng 15 ngày"``, ``"15 ngày làm việc"``, ``"trong 3 tháng"``,
        ``"trong quý II/2022"``, ``"trước ngày 30/6/2022"``, ``"chậm nhất ngày 30/6/2022"``.
        """
        if not isinstance(text, str):
            raise InvalidDate(repr(text), "must be a string")
        s = _fold(text).rstrip(".")
        m = _D_RELATIVE.match(s)
        if m is not None:
            n = int(m["n"])
            if m["unit"] == "thang":
                return cls.months(n)
            if m["work"]:
                return cls.working_days(n)
            return cls.days(n)
        m = _D_BEFORE.match(s)
        if m is not None:
            return cls.on(parse_date(m["rest"], reference))
        m = _D_WITHIN.match(s)
        if m is not None:
            return cls.end_of(parse_period(m["rest"], reference))
        raise InvalidDate(
            text,
            "expected a deadline such as 'trong 15 ngày', '15 ngày làm việc', "
            "'trong 3 tháng', 'trong quý II/2022' or 'trước ngày 30/6/2022'",
        )


_D_RELATIVE = re.compile(
    r"^(?:(?:trong|trong vong|trong thoi han|sau)\s+)?(?P<n>[0-9]{1,4})\s+"
    r"(?P<unit>ngay|thang)(?P<work>\s+lam\s+viec)?(?:\s+(?:ke\s+tu|tu|sau).*)?$"
)
_D_BEFORE = re.compile(
    r"^(?:hoan\s+thanh\s+|xong\s+)?(?:truoc|cham\s+nhat|han\s+chot|den\s+het|han)\s+"
    r"(?:ngay\s+)?(?P<rest>[0-9].*)$"
)
_D_WITHIN = re.compile(r"^(?:trong|trong suot|ngay trong|truoc het|den het|het)\s+(?P<rest>.+)$")
