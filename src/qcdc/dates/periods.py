"""Vietnamese dates and periods as printed: parsing and formatting.

``parse_date`` reads ``"ngày 17 tháng 12 năm 2021"``, ``"17/12/2021"`` or ``"Chiều 17/12"``;
``parse_period`` reads ``"quý III/2023"``, ``"6 tháng đầu năm 2022"`` or ``"nhiệm kỳ
2020–2025"``; :func:`format_date` and :func:`format_period` write them back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import attrs

from qcdc._bounds import short_text_cache as _short_text_cache
from qcdc.dates._coerce import as_date
from qcdc.dates._days import (
    _DAY_RANGE,
    _LUNAR_MONTHS,
    _MONTH_WORDS,
    _MW_ALT,
    _ROMAN,
    _ROMAN_OUT,
    _check_args,
    _fold,
    _make_date,
    _month_end,
    _parse_date_slow,  # noqa: F401  (its cache is cleared through this module)
    _short,
    _shortened,
    _year,
    _year_of,
    format_date,
    parse_date,
    parse_datetime,
)
from qcdc.dates._phrases import diagnose, years_span
from qcdc.errors import AmbiguousDate, InvalidDate

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


def _count(value: object, what: str, last: int) -> int:
    """A whole number from 1 to ``last`` (a quarter, a month, a number of months)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= last:
        raise InvalidDate(_short(str(value)), f"{what} must be a whole number from 1 to {last}")
    return value


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
    r"^(?:[0-9]{1,2}\s+nam\s*(?:qua\s*)?)?(?:(?P<word>nhiem\s+ky|giai\s+doan|thoi\s+ky|ke\s+hoach)\s+)?"
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
_SECOND_TO = re.compile(r"\b(?:den|toi)\b")
_LISTED_DAYS = re.compile(r"[0-9]\s*(?:va\b|,)\s*[0-9]")
_P_SAME_PERIOD = re.compile(r"^cung\s+ky\b")
_NUMBER_WORDS = {"ba": 3, "sau": 6, "chin": 9}


def parse_period(text: str, reference: dt.date | None = None) -> Period:
    """Read a Vietnamese period.

    ``"năm 2022"``, ``"quý III/2023"`` (or ``"quý 3 năm 2023"``), ``"tháng 7/2022"``,
    ``"6 tháng đầu năm 2022"``, ``"6 tháng cuối năm 2022"``, ``"9 tháng"``,
    ``"nửa đầu năm 2022"``, ``"nhiệm kỳ 2020–2025"``, ``"giai đoạn 2019–2021"``,
    ``"từ ngày 01/7/2022 đến ngày 30/9/2022"``, ``"ngày 6-7/7/2022"`` or a single date.
    A period with no year takes the year of ``reference``; ``"10 năm"`` (also ``"hơn 10
    năm"``, ``"sau hơn 2 năm"``, ``"trong 5 năm qua"``) is the *n* calendar years ending
    with the year of ``reference``.  A term or stage
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
    n_years = years_span(s)
    if n_years is not None:
        if n_years < 1:
            raise InvalidDate(text, "a span of years needs at least 1 year")
        if reference is None:
            raise AmbiguousDate(
                text,
                f"{n_years} years printed without the year they end in; pass reference= "
                "(the report's date): they are the years up to and including its year",
            )
        return Period.years(reference.year - n_years + 1, reference.year)
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
        if _SECOND_TO.search(_fold(b_text)):
            raise InvalidDate(
                text, "names more than one 'đến' (to); write one range 'từ … đến …'"
            ) from None
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
