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
sources (``qcdc/dates/data/holidays.toml``); :func:`working_day_calendar` returns the
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

from qcdc.dates._coerce import as_date, as_optional_date
from qcdc.dates.calendar import (
    CalendarDay,
    CalendarOutOfRange,
    DayKind,
    HolidayYear,
    WorkingDayCalendar,
    working_day_calendar,
)
from qcdc.dates.deadlines import (
    Deadline,
    DeadlineKind,
    due_at_end_of,
    due_in_days,
    due_in_months,
    due_in_working_days,
    parse_deadline,
)
from qcdc.dates.periods import (
    Period,
    format_date,
    format_period,
    parse_date,
    parse_datetime,
    parse_period,
)
from qcdc.dates.sets import PeriodSet, parse_periods

__all__ = [
    "CalendarDay",
    "CalendarOutOfRange",
    "DayKind",
    "Deadline",
    "DeadlineKind",
    "HolidayYear",
    "Period",
    "PeriodSet",
    "WorkingDayCalendar",
    "as_date",
    "as_optional_date",
    "due_at_end_of",
    "due_in_days",
    "due_in_months",
    "due_in_working_days",
    "format_date",
    "format_period",
    "parse_date",
    "parse_datetime",
    "parse_deadline",
    "parse_period",
    "parse_periods",
    "working_day_calendar",
]

from qcdc._hypothesis_plugin import register_loaded as _register_with_hypothesis

_register_with_hypothesis()
