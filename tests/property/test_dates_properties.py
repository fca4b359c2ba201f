"""Invariants of qcdc.dates, stated as hypothesis properties."""

from __future__ import annotations

import contextlib
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from qcdc.dates import (
    CalendarOutOfRange,
    Period,
    format_date,
    format_period,
    parse_date,
    parse_period,
    working_day_calendar,
)
from qcdc.dates._strategies import calendar_dates, date_texts, periods
from qcdc.errors import QcdcError


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
