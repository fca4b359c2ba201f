"""Invariants of qcdc.dates, stated as hypothesis properties."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc.dates import (
    CalendarOutOfRange,
    Deadline,
    Period,
    PeriodSet,
    format_date,
    format_period,
    parse_date,
    parse_datetime,
    parse_deadline,
    parse_period,
    parse_periods,
    working_day_calendar,
)
from qcdc.dates._strategies import calendar_dates, date_texts, periods
from qcdc.errors import InvalidDate, QcdcError


@given(date_texts())
def test_every_written_form_reads_back(pair: tuple[dt.date, str]) -> None:
    """Each way a report writes a date parses back to that date."""
    d, text = pair
    assert parse_date(text) == d


@given(
    st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from(["numeric", "long", "weekday"]),
)
def test_format_date_round_trips(d: dt.date, style: str) -> None:
    """parse_date(format_date(d)) == d in every style."""
    assert parse_date(format_date(d, style)) == d


@given(periods())
def test_format_period_round_trips(p: Period) -> None:
    """parse_period(format_period(p)) == p for every shape of period."""
    assert parse_period(format_period(p)) == p


@given(periods())
def test_period_year_is_exactly_one_calendar_year(p: Period) -> None:
    """Period.year is set exactly when the period is 1 January – 31 December of one year."""
    if p.year is not None:
        assert p == Period.for_year(p.year)
    else:
        assert p != Period.for_year(p.start.year)
    assert p.contains(p.start) and p.contains(p.end)


@given(st.text(max_size=30), st.none() | st.dates())
def test_only_qcdc_errors_escape(text: str, reference: dt.date | None) -> None:
    """Any text is a date, a period, or a QcdcError — never another exception."""
    for parse in (parse_date, parse_period):
        with contextlib.suppress(QcdcError):
            parse(text, reference)


@given(calendar_dates(), st.integers(-60, 60))
def test_add_then_count_working_days(d: dt.date, n: int) -> None:
    """working_days_between(d, add_working_days(d, n)) == n, and the result is a working day."""
    cal = working_day_calendar()
    try:
        end = cal.add_working_days(d, n)
    except CalendarOutOfRange:
        return
    assert cal.working_days_between(d, end) == n
    if n != 0:
        assert cal.is_working_day(end)
        assert (end > d) == (n > 0)


@given(st.lists(calendar_dates(), min_size=3, max_size=3).map(sorted))
def test_working_days_between_is_additive(days: list[dt.date]) -> None:
    """For a <= m <= b, counting a→b equals counting a→m plus m→b, and never exceeds the days."""
    a, mid, b = days
    cal = working_day_calendar()
    total = cal.working_days_between(a, b)
    assert total == cal.working_days_between(a, mid) + cal.working_days_between(mid, b)
    assert 0 <= total <= (b - a).days


# -- issue 14 §2: datetimes, ranges, period sets, deadlines ------------------------------

_DAYS = st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31))


@given(_DAYS, st.times().map(lambda t: t.replace(microsecond=0)), st.booleans())
def test_a_clock_time_before_or_after_a_date_reads_back(
    d: dt.date, t: dt.time, before: bool
) -> None:
    """parse_datetime reads the clock time printed before or after format_date(d)."""
    clock = f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}"
    text = f"{clock} ngày {format_date(d)}" if before else f"{format_date(d)} {clock}"
    assert parse_datetime(text) == dt.datetime.combine(d, t)
    assert parse_date(text) == d


@given(_DAYS, _DAYS)
def test_a_range_from_two_dates_starts_before_it_ends(a: dt.date, b: dt.date) -> None:
    """'từ A đến B' and 'từ A - B' read as Period(min, max); reversed they are refused."""
    lo, hi = min(a, b), max(a, b)
    for text in (
        f"từ ngày {format_date(lo)} đến ngày {format_date(hi)}",
        f"từ {format_date(lo)} - {format_date(hi)}",
    ):
        p = parse_period(text)
        assert p.start <= p.end
        assert p == Period(lo, hi)
    if lo != hi:
        with pytest.raises(InvalidDate):
            parse_period(f"từ ngày {format_date(hi)} đến ngày {format_date(lo)}")


@given(st.lists(periods(), min_size=1, max_size=6))
def test_a_period_set_is_sorted_and_merged(parts: list[Period]) -> None:
    """The parts of a PeriodSet are sorted, never overlap or touch, and cover the same days."""
    s = PeriodSet(parts)
    for left, right in itertools.pairwise(s.parts):
        assert left.end + dt.timedelta(days=2) <= right.start
    assert s.start == min(p.start for p in parts) and s.end == max(p.end for p in parts)
    for p in parts:
        assert s.contains(p.start) and s.contains(p.end)
    assert PeriodSet(reversed(parts)) == s


@given(st.lists(periods(), min_size=1, max_size=4))
def test_a_period_set_reads_back_from_its_text(parts: list[Period]) -> None:
    """parse_periods(str(s)) == s."""
    s = PeriodSet(parts)
    assert parse_periods(str(s)) == s


@given(_DAYS.filter(lambda d: d > dt.date(1000, 1, 1)), st.booleans())
def test_before_a_day_is_due_the_day_before_unless_inclusive(d: dt.date, inclusive: bool) -> None:
    """'trước ngày D' is due D - 1 (D with inclusive=True); 'chậm nhất ngày D' is due D."""
    due = parse_deadline(f"trước ngày {format_date(d)}", inclusive=inclusive)
    assert due == Deadline.on(d if inclusive else d - dt.timedelta(days=1))
    assert parse_deadline(f"chậm nhất ngày {format_date(d)}") == Deadline.on(d)
    assert parse_deadline(str(Deadline.on(d))) == Deadline.on(d)


@given(st.text(max_size=40), st.none() | st.dates())
def test_the_new_readers_raise_only_qcdc_errors(text: str, reference: dt.date | None) -> None:
    """parse_datetime, parse_periods and parse_deadline: an answer or a QcdcError."""
    for parse in (parse_datetime, parse_periods, parse_deadline):
        with contextlib.suppress(QcdcError):
            parse(text, reference)
