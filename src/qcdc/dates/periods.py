"""Vietnamese dates and periods as printed: parsing and formatting.

``parse_date`` reads ``"ngày 17 tháng 12 năm 2021"``, ``"17/12/2021"`` or ``"Chiều 17/12"``;
``parse_period`` reads ``"quý III/2023"``, ``"6 tháng đầu năm 2022"`` or ``"nhiệm kỳ
2020–2025"``; :func:`format_date` and :func:`format_period` write them back.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import attrs

from qcdc.dates._coerce import as_date
from qcdc.dates._phrases import Clock, diagnose, split_phrase
from qcdc.errors import AmbiguousDate, InputError, InvalidDate
from qcdc.text import _excerpt, _short_text_cache

__all__ = [
    "Period",
    "format_date",
    "format_period",
    "parse_date",
    "parse_datetime",
    "parse_period",
]

# ---------------------------------------------------------------------------
# Period
# ---------------------------------------------------------------------------


def _year(year: object) -> int:
    """A calendar year 1–9999 (``datetime`` knows no other), or an :class:`InvalidDate`."""
    if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 9999:
        raise InvalidDate(str(year)[:80], "a year must be a whole number from 1 to 9999")
    return year


def _count(value: object, what: str, last: int) -> int:
    """A whole number from 1 to ``last`` (a quarter, a month, a number of months)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= last:
        raise InvalidDate(_short(str(value)), f"{what} must be a whole number from 1 to {last}")
    return value


def _short(text: object) -> str:
    return _excerpt(text if isinstance(text, str) else repr(text))


def _shortened(exc: InvalidDate) -> InvalidDate:
    """``exc`` quoting at most 80 characters of its text (the reasons are short already)."""
    if len(exc.text) <= 80:
        return exc
    return type(exc)(_excerpt(exc.text, exc.position or 0), exc.reason, position=exc.position)


def _check_period(instance: Period, attribute: attrs.Attribute[Any], value: dt.date) -> None:
    if instance.end < instance.start:
        raise InvalidDate(
            f"{instance.start.isoformat()} – {instance.end.isoformat()}",
            "a period must not end before it starts",
        )


@attrs.frozen(order=True)
class Period:
    """A stretch of days; ``start`` and ``end`` are **both included**.

    >>> Period.quarter(2023, 3)
    Period(start=datetime.date(2023, 7, 1), end=datetime.date(2023, 9, 30))
    >>> Period.for_year(2022).year, Period.quarter(2023, 3).year
    (2022, None)
    """

    start: dt.date = attrs.field(converter=as_date)
    end: dt.date = attrs.field(converter=as_date, validator=_check_period)

    # -- named constructors -------------------------------------------------

    @classmethod
    def for_year(cls, year: int) -> Period:
        """The calendar year ``year`` (1 January – 31 December)."""
        year = _year(year)
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def years(cls, first: int, last: int) -> Period:
        """Whole years ``first`` … ``last`` ("giai đoạn 2019–2021")."""
        first, last = _year(first), _year(last)
        return cls(dt.date(first, 1, 1), dt.date(last, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1–4 of ``year``."""
        year = _year(year)
        if not isinstance(quarter, int) or isinstance(quarter, bool) or not 1 <= quarter <= 4:
            raise InvalidDate(_short(str(quarter)), "a quarter must be 1, 2, 3 or 4 (I–IV)")
        first = 3 * quarter - 2
        return cls(dt.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month."""
        year = _year(year)
        month = _count(month, "a month", 12)
        return cls(dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def first_months(cls, year: int, months: int) -> Period:
        """The first ``months`` months of ``year`` ("6 tháng đầu năm 2022")."""
        year = _year(year)
        months = _count(months, "the number of months", 12)
        return cls(dt.date(year, 1, 1), _month_end(year, months))

    @classmethod
    def last_months(cls, year: int, months: int) -> Period:
        """The last ``months`` months of ``year`` ("6 tháng cuối năm 2022")."""
        year = _year(year)
        months = _count(months, "the number of months", 12)
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
        return isinstance(on, dt.date) and self.contains(as_date(on))

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
    + r"(?P<d>[0-9]{1,2})\s*(?P<sep>[/.-])\s*(?P<m>[0-9]{1,3})"
    + r"(?:\s*(?:(?P=sep)|,?\s*nam)\s*(?P<y>[0-9]{1,8}))?\s*\)?\.?$"
)
_WORDS = re.compile(
    _PREFIX
    + r"(?P<d>[0-9]{1,2})\s*,?\s+thang\s+(?:(?P<m>[0-9]{1,2})|(?P<mw>"
    + _MW_ALT
    + r"|gieng|chap))\b"
    + r"(?:\s*(?:,?\s*nam|/|-|,)\s*(?P<y>[0-9]{1,8}))?\s*\)?\.?$"
)
_ISO = re.compile(r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})$")
_DAY_RANGE = re.compile(
    _PREFIX
    + r"(?P<d1>[0-9]{1,2})\s*(?:-|va|,)\s*(?P<d2>[0-9]{1,2})\s*(?P<sep>[/.-])\s*(?P<m>[0-9]{1,2})"
    + r"(?:\s*(?P=sep)\s*(?P<y>[0-9]{4}))?\s*$"
)
_ISO_DATETIME = re.compile(
    r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})[t ](?P<h>[0-9]{2}):(?P<mi>[0-9]{2})"
    r"(?::(?P<se>[0-9]{2}))?(?:\.[0-9]{1,6})?(?P<z>z)?$"
)
_END_OF_MONTH = re.compile(
    r"^cuoi\s+thang\s+(?P<m>[0-9]{1,2})(?:\s*[/.-]\s*|\s+nam\s+)(?P<y>[0-9]{4})$"
)
_RANGE_WORDS = re.compile(r"[0-9]\s(?:den|toi)\s")
_FAST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")


def _year_of(text: str, raw: str | None, reference: dt.date | None) -> int:
    if raw is None:
        if reference is None:
            raise AmbiguousDate(
                text, "the year is missing; pass reference= (a date in the year meant)"
            )
        return reference.year
    if len(raw) == 4:
        if raw == "0000":
            raise InvalidDate(text, "year must be 1–9999, got 0000")
        return int(raw)
    if len(raw) == 2:
        raise AmbiguousDate(text, f"two-digit year {raw!r}: write the year in full (e.g. 20{raw})")
    if len(raw) > 4:
        raise InvalidDate(text, f"year must have four digits, got a {len(raw)}-digit year {raw!r}")
    raise InvalidDate(text, f"year must have four digits, got {raw!r}")


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _make_date(text: str, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise InvalidDate(text, f"month must be 1–12, got {month}: there is no month {month}")
    if not 1 <= year <= 9999:
        raise InvalidDate(text, f"year must be 1–9999, got {year}")
    last = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        if month == 2 and day == 29:
            cause = f"{year} is a common year (not a leap year): February has 28 days"
        elif 1 <= day <= 31:
            cause = f"{_MONTH_NAMES[month - 1]} has {last} days"
        else:
            cause = "no month has that day"
        raise InvalidDate(text, f"day must be 1–{last} in {month:02d}/{year}, got {day}: {cause}")
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
    try:
        return _parse_date_slow(text, None if reference is None else as_date(reference))
    except InvalidDate as exc:
        raise _shortened(exc) from None


def parse_datetime(text: str, reference: dt.date | None = None) -> dt.datetime:
    """Read a Vietnamese date with the clock time printed before or after it.

    ``"14:30 ngày 3/8/2024"``, ``"03/08/2024 09:15:22"``, ``"lúc 8 giờ 30 phút ngày
    …"``, ``"07 giờ 30 ngày 07/01/2021"``, ``"Thứ Năm, 15/10/2020, 16:21"``,
    ``"20/07/2012 3:16:17 CH"`` (``SA``/``CH``: morning/afternoon),
    ``"2018-12-25T17:59:19"``.  The date is read as :func:`parse_date` reads it.  The
    datetime is naive (local time as printed) unless an offset is printed
    (``"GMT+7"``, ``"Z"``).  A clock range (``"từ 7h30 - 9h00"``) gives its start.

    Raises :class:`~qcdc.errors.InvalidDate` when no clock time is printed (use
    :func:`parse_date`) or the time does not exist (``25:00``).

    >>> parse_datetime("14:30 ngày 3/8/2024")
    datetime.datetime(2024, 8, 3, 14, 30)
    >>> parse_datetime("lúc 8 giờ 30 phút ngày 05/8/2024")
    datetime.datetime(2024, 8, 5, 8, 30)
    """
    _check_args(text, reference)
    try:
        day, clock = _read_date(text, None if reference is None else as_date(reference))
    except InvalidDate as exc:
        raise _shortened(exc) from None
    if clock is None:
        raise _shortened(
            InvalidDate(text, "no clock time is printed; use parse_date() for a date alone")
        )
    if not (0 <= clock.hour <= 23 and 0 <= clock.minute <= 59 and 0 <= (clock.second or 0) <= 59):
        second = "" if clock.second is None else f":{clock.second:02d}"
        raise _shortened(
            InvalidDate(text, f"no such clock time {clock.hour:02d}:{clock.minute:02d}{second}")
        )
    zone = None
    if clock.offset is not None:
        if not -24 * 60 < clock.offset < 24 * 60:
            raise _shortened(InvalidDate(text, f"no such UTC offset ({clock.offset} minutes)"))
        zone = dt.timezone(dt.timedelta(minutes=clock.offset))
    return dt.datetime(
        day.year, day.month, day.day, clock.hour, clock.minute, clock.second or 0, tzinfo=zone
    )


def _check_args(text: object, reference: object) -> None:
    if not isinstance(text, str):
        raise InvalidDate(_short(text), "must be a string")
    if reference is not None and not isinstance(reference, dt.date):
        raise InvalidDate(_short(text), f"reference must be a datetime.date, got {reference!r}")


@_short_text_cache(maxsize=8192)
def _parse_date_slow(text: str, reference: dt.date | None) -> dt.date:
    return _read_date(text, reference)[0]


def _read_date(text: str, reference: dt.date | None) -> tuple[dt.date, Clock | None]:
    """The date of ``text`` and the clock time printed with it, if any."""
    folded = _fold(text)
    if not folded:
        raise InvalidDate(text, "is empty; expected a date such as 17/12/2021")
    try:
        return _read_folded(text, folded, reference)
    except AmbiguousDate:
        raise
    except InvalidDate as exc:
        cause = diagnose(folded)
        if cause is not None and exc.reason.startswith("expected"):
            raise InvalidDate(text, cause) from None
        raise


def _read_folded(text: str, folded: str, reference: dt.date | None) -> tuple[dt.date, Clock | None]:
    m = _ISO_DATETIME.match(folded)
    if m is not None:
        value = _make_date(text, int(m["y"]), int(m["m"]), int(m["d"]))
        offset = 0 if m["z"] else None
        second = int(m["se"]) if m["se"] else None
        return value, Clock(int(m["h"]), int(m["mi"]), second, offset)
    phrase = split_phrase(folded)
    s = phrase.core
    if not s:
        raise InvalidDate(text, diagnose(folded) or "names no day and month")
    if phrase.later_year is not None and reference is None:
        reference = dt.date(int(phrase.later_year), 1, 1)
    try:
        value = _core_date(text, s, reference)
    except InvalidDate as exc:
        if exc.position is None or type(exc) is not InvalidDate:
            raise
        at = folded.find(s)
        raise InvalidDate(text, exc.reason, position=exc.position + max(at, 0)) from None
    for wd in phrase.weekdays:
        _check_weekday(text, wd, value)
    return value, phrase.clock


def _core_date(text: str, s: str, reference: dt.date | None) -> dt.date:
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
    m = _END_OF_MONTH.match(s)
    if m is not None:
        year = _year_of(text, m["y"], reference)
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise InvalidDate(text, f"month must be 1–12, got {month}")
        return _month_end(_year(year), month)
    m = _DAY_RANGE.match(s)
    if m is not None:
        raise AmbiguousDate(
            text,
            f"names two days ({m['d1']} and {m['d2']}); use parse_period() for a range",
        )
    if _RANGE_WORDS.search(s):
        raise AmbiguousDate(text, "names a range of days; use parse_period() for a range")
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
_YEAR_TAIL = r"(?:\s*(?:/|-|,|\.)?\s*(?:nam\s+)?" + _Y + r")?"
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
    r"^(?:[0-9]{1,2}\s+nam\s*)?(?:(?P<word>nhiem\s+ky|giai\s+doan|thoi\s+ky|ke\s+hoach)\s+)?"
    r"(?:tu\s+)?(?:nam\s+)?\(?(?P<a>[0-9]{4})\s*-\s*(?P<b>[0-9]{4})\)?$"
)
_P_FROM_TO = re.compile(
    r"^(?:tu\s+)?(?:ngay\s+)?(?P<a>.+?),?(?:\s+va)?(?:\s+keo\s+dai)?\s+(?:den|toi)\s+"
    r"(?:het\s+)?(?:ngay\s+)?(?P<b>.+)$"
)
_P_TEN_DAYS = re.compile(
    r"^(?P<part>thuong|trung|ha)\s+tuan\s+thang\s+(?P<m>[0-9]{1,2})\b" + _YEAR_TAIL + r"$"
)
_P_MONTH_NUMERIC = re.compile(r"^(?P<m>[0-9]{1,2})\s*/\s*(?P<y>[0-9]{4})$")
_P_LEAD = re.compile(
    r"^(?:\(\s*|(?:tai\s+thoi\s+diem|co\s+hieu\s+luc(?:\s+thi\s+hanh)?(?:\s+ke)?\s+tu|"
    r"ke\s+tu|tu|den|trong|vao|cac)\s+)"
)
_P_PLACE = re.compile(r"^[a-z][a-z ]{0,40},\s*(?=[0-9]{4}$|nam\s)")
_P_BARE_DAY = re.compile(r"^(?:ngay\s+)?(?P<d>[0-9]{1,2})$")
_P_DATE_PAIR = re.compile(
    r"^(?P<a>[0-9]{1,2}\s*(?P<sep>[/.])\s*[0-9]{1,2}(?:\s*(?P=sep)\s*[0-9]{4})?)\s*-\s*"
    r"(?P<b>[0-9]{1,2}\s*[/.]\s*[0-9]{1,2}(?:\s*[/.]\s*[0-9]{4})?)$"
)
_LISTED_DAYS = re.compile(r"[0-9]\s*(?:va\b|,)\s*[0-9]")
_P_SAME_PERIOD = re.compile(r"^cung\s+ky\b")
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
    try:
        return _parse_period(text, None if reference is None else as_date(reference))
    except (ValueError, OverflowError) as exc:  # a period reaching past the calendar's years
        if isinstance(exc, InvalidDate):
            raise _shortened(exc) from None
        raise InvalidDate(_short(text), f"not a period of the calendar: {exc}") from None


@_short_text_cache(maxsize=4096)
def _parse_period(text: str, reference: dt.date | None) -> Period:
    try:
        return _read_period(text, reference)
    except AmbiguousDate:
        raise
    except InvalidDate as exc:
        cause = diagnose(_fold(text))
        if cause is not None and exc.reason.startswith("expected"):
            raise InvalidDate(text, cause) from None
        raise


def _lead_stripped(s: str) -> tuple[str, bool]:
    """``s`` without its leading phrases ("tại thời điểm", "từ", "trong" …) and a place
    before a bare year; and whether a "từ" (from) was among them."""
    said_from = False
    for _ in range(4):
        m = _P_LEAD.match(s) or _P_PLACE.match(s)
        if m is None:
            break
        said_from = said_from or m.group(0).startswith("tu ")
        s = s[m.end() :]
    if s.endswith(")") and "(" not in s:
        s = s[:-1].rstrip()
    return s, said_from


def _read_period(text: str, reference: dt.date | None) -> Period:
    folded = _fold(text).rstrip(".")
    if not folded:
        raise InvalidDate(text, "is empty; expected a period such as 'quý III/2023'")
    if _P_SAME_PERIOD.match(folded):
        raise InvalidDate(
            text,
            "'cùng kỳ' is the same period of an earlier year; the period itself is not "
            "printed here (read the report's period, then move it to that year)",
        )
    s, said_from = _lead_stripped(folded)
    if not s:
        raise InvalidDate(text, "names no period after its leading words")

    def year(raw: str | None) -> int:
        return _year_of(text, raw, reference)

    m = _P_MONTH_NUMERIC.match(s)
    if m is not None:
        return Period.month(year(m["y"]), _count_month(text, int(m["m"])))
    m = _P_TEN_DAYS.match(s)
    if m is not None:
        y, month = year(m["y"]), _count_month(text, int(m["m"]))
        first = {"thuong": 1, "trung": 11, "ha": 21}[m["part"]]
        last = {"thuong": 10, "trung": 20}.get(m["part"], _month_end(y, month).day)
        return Period(dt.date(y, month, first), dt.date(y, month, last))
    m = _P_DATE_PAIR.match(s)
    if m is not None:
        end = parse_date(m["b"], reference)
        start = parse_date(m["a"], end)
        if start > end and not _has_year(m["a"]):
            start = parse_date(m["a"], dt.date(end.year - 1, 1, 1))
        if (
            not said_from
            and _has_year(m["a"])
            and (start.day, start.month) == (end.day, end.month)
            and start.year != end.year
        ):
            raise AmbiguousDate(
                text,
                "two dates on the same day and month years apart: an anniversary pair "
                "(parse_periods() reads it as two days), or write 'từ … đến …' for a range",
            )
        if end < start:
            raise InvalidDate(text, "the period ends before it starts")
        return Period(start, end)
    m = _P_YEAR.match(s)
    if m is not None:
        return Period.for_year(year(m["y"]))
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
        if _LISTED_DAYS.search(s) and int(m["d2"]) != int(m["d1"]) + 1:
            raise AmbiguousDate(
                text,
                f"names two days ({m['d1']} and {m['d2']}), not the days between them; "
                "use parse_periods() for a list",
            )
        y = year(m["y"])
        month = int(m["m"])
        return Period(
            _make_date(text, y, month, int(m["d1"])), _make_date(text, y, month, int(m["d2"]))
        )
    m = _P_FROM_TO.match(s)
    if m is not None:
        a_text, b_text = m["a"], m["b"]
        return _from_to(text, a_text, b_text, reference)
    try:
        return Period.day(parse_date(text, reference))
    except AmbiguousDate:
        raise
    except InvalidDate as exc:
        if not exc.reason.startswith("expected"):
            raise
        raise InvalidDate(
            text,
            "expected a period such as 'năm 2022', 'quý III/2023', 'tháng 7/2022', "
            "'6 tháng đầu năm 2022' or 'giai đoạn 2019–2021'",
        ) from None


def _from_to(text: str, a_text: str, b_text: str, reference: dt.date | None) -> Period:
    """``từ A đến B``: two dates, a bare day and a date, or two periods (the first's
    start to the second's end: "từ năm 2019 đến tháng 6/2020")."""
    try:
        end = parse_date(b_text, reference)
    except AmbiguousDate:
        raise
    except InvalidDate:
        first = parse_period(a_text, reference)
        last = parse_period(b_text, first.start)
        if last.end < first.start:
            raise InvalidDate(text, "the period ends before it starts") from None
        return Period(first.start, last.end)
    bare = _P_BARE_DAY.match(_fold(a_text))
    if bare is not None:
        start = _make_date(text, end.year, end.month, int(bare["d"]))
    else:
        try:
            start = parse_date(a_text, end)
        except AmbiguousDate:
            raise
        except InvalidDate:
            start = parse_period(a_text, end).start
        if end < start:
            # "từ 1/12 đến 31/1/2023": a start without a year lies in the year before
            earlier = parse_date(a_text, dt.date(end.year - 1, 1, 1))
            if earlier != start and earlier <= end:
                start = earlier
    if end < start:
        raise InvalidDate(text, "the period ends before it starts")
    return Period(start, end)


def _has_year(date_text: str) -> bool:
    return re.search(r"[0-9]{4}", date_text) is not None


def _count_month(text: str, month: int) -> int:
    if not 1 <= month <= 12:
        raise InvalidDate(text, f"month must be 1–12, got {month}: there is no month {month}")
    return month


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
    d = as_date(d)
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
