"""Examples and error paths of qcdc.dates."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

import qcdc.dates as m
from qcdc.citations import Confidence
from qcdc.dates import (
    CalendarDay,
    CalendarOutOfRange,
    DayKind,
    Deadline,
    Period,
    WorkingDayCalendar,
    format_date,
    format_period,
    parse_date,
    parse_period,
    working_day_calendar,
)
from qcdc.errors import AmbiguousDate, InputError, InvalidDate, OutOfCoverage, QcdcError

D = dt.date
REF = D(2021, 1, 1)

# --- parse_date -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 17 tháng 12 năm 2021", D(2021, 12, 17)),
        ("Ngày 17 tháng 12 năm 2021", D(2021, 12, 17)),
        ("17/12/2021", D(2021, 12, 17)),
        ("17-12-2021", D(2021, 12, 17)),
        ("17.12.2021", D(2021, 12, 17)),
        ("17 / 12 / 2021", D(2021, 12, 17)),
        ("2021-12-17", D(2021, 12, 17)),
        ("Chiều 17/12", D(2021, 12, 17)),
        ("chiều ngày 17/12/2021", D(2021, 12, 17)),
        ("Ngày 6-7", D(2021, 7, 6)),
        ("Thứ Sáu, 22/01/2021", D(2021, 1, 22)),
        ("thứ 6, 22/1/2021", D(2021, 1, 22)),
        ("T6 22/1/2021", D(2021, 1, 22)),
        ("Chủ nhật, 17/01/2021", D(2021, 1, 17)),
        ("ngày 30 tháng Tư năm 2025", D(2025, 4, 30)),
        ("ngày 1 tháng Năm năm 2021", D(2021, 5, 1)),
        ("ngày 2 tháng Mười hai năm 2021", D(2021, 12, 2)),
        ("Hà Nội, ngày 17 tháng 12 năm 2021", D(2021, 12, 17)),
        ("14h30 ngày 17/12/2021", D(2021, 12, 17)),
        ("ngay 17 thang 12 nam 2021", D(2021, 12, 17)),
        ("ngày 05 tháng 01 năm 2020", D(2020, 1, 5)),
        ("29/02/2024", D(2024, 2, 29)),
        ("31/12/2021", D(2021, 12, 31)),
        (unicodedata.normalize("NFD", "Ngày 17 tháng 12 năm 2021"), D(2021, 12, 17)),
        ("NGÀY 17 THÁNG 12 NĂM 2021", D(2021, 12, 17)),
        ("ngày 17 tháng 12/2021", D(2021, 12, 17)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text, reference=REF) == expected


def test_day_month_takes_the_reference_year() -> None:
    assert parse_date("17/12", reference=D(2022, 3, 1)) == D(2022, 12, 17)
    assert parse_date("17/12", reference=dt.datetime(2022, 3, 1, 9)) == D(2022, 12, 17)


@pytest.mark.parametrize(
    ("text", "error", "fragment"),
    [
        ("31/2/2021", InvalidDate, "day must be 1–28"),
        ("29/02/2023", InvalidDate, "day must be 1–28"),
        ("1/13/2021", InvalidDate, "month must be 1–12"),
        ("0/1/2021", InvalidDate, "day must be"),
        ("thứ Năm, 22/01/2021", InvalidDate, "is a thứ Sáu, not a thứ Năm"),
        ("17/12", AmbiguousDate, "year is missing"),
        ("17/12/21", AmbiguousDate, "two-digit year"),
        ("17/12/202", InvalidDate, "four digits"),
        ("ngày 6-7/7", AmbiguousDate, "two days"),
        ("ngày 6-7/7/2022", AmbiguousDate, "two days"),
        ("mùng 1 tháng Giêng", InvalidDate, "expected a date"),
        ("ngày 1 tháng Giêng năm 2022", InvalidDate, "lunar month"),
        ("", InvalidDate, "is empty"),
        ("abc", InvalidDate, "expected a date"),
        ("0000-01-01", InvalidDate, "year must be 1–9999"),
    ],
)
def test_parse_date_errors(text: str, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        parse_date(text)
    assert fragment in str(info.value)
    assert isinstance(info.value, QcdcError)


def test_parse_date_reports_position() -> None:
    with pytest.raises(InvalidDate) as info:
        parse_date("ngày 1 tháng Chạp năm 2022")
    assert info.value.position == 13
    with pytest.raises(InvalidDate) as info:
        parse_date("ngày xx 17")
    assert info.value.position == 8


def test_parse_date_rejects_bad_arguments() -> None:
    with pytest.raises(InvalidDate, match="string"):
        parse_date(20211217)  # type: ignore[arg-type]
    with pytest.raises(InvalidDate, match="reference"):
        parse_date("17/12", reference="2021")  # type: ignore[arg-type]
    with pytest.raises(InvalidDate, match="string"):
        parse_period(["năm 2022"])  # type: ignore[arg-type]


# --- parse_period / format --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "canonical"),
    [
        ("năm 2022", D(2022, 1, 1), D(2022, 12, 31), "năm 2022"),
        ("2022", D(2022, 1, 1), D(2022, 12, 31), "năm 2022"),
        ("quý III/2023", D(2023, 7, 1), D(2023, 9, 30), "quý III/2023"),
        ("Quý 3 năm 2023", D(2023, 7, 1), D(2023, 9, 30), "quý III/2023"),
        ("Q4/2023", D(2023, 10, 1), D(2023, 12, 31), "quý IV/2023"),
        ("quý I", D(2023, 1, 1), D(2023, 3, 31), "quý I/2023"),
        ("6 tháng đầu năm 2022", D(2022, 1, 1), D(2022, 6, 30), "6 tháng đầu năm 2022"),
        ("sáu tháng đầu năm 2022", D(2022, 1, 1), D(2022, 6, 30), "6 tháng đầu năm 2022"),
        ("6 tháng cuối năm 2022", D(2022, 7, 1), D(2022, 12, 31), "6 tháng cuối năm 2022"),
        ("nửa cuối năm 2022", D(2022, 7, 1), D(2022, 12, 31), "6 tháng cuối năm 2022"),
        ("nửa đầu năm 2022", D(2022, 1, 1), D(2022, 6, 30), "6 tháng đầu năm 2022"),
        ("9 tháng", D(2023, 1, 1), D(2023, 9, 30), "9 tháng đầu năm 2023"),
        ("9 tháng năm 2022", D(2022, 1, 1), D(2022, 9, 30), "9 tháng đầu năm 2022"),
        ("nhiệm kỳ 2020–2025", D(2020, 1, 1), D(2025, 12, 31), "giai đoạn 2020–2025"),
        ("giai đoạn 2019 - 2021", D(2019, 1, 1), D(2021, 12, 31), "giai đoạn 2019–2021"),
        ("tháng 7/2022", D(2022, 7, 1), D(2022, 7, 31), "tháng 7/2022"),
        ("tháng Bảy năm 2022", D(2022, 7, 1), D(2022, 7, 31), "tháng 7/2022"),
        ("tháng 2", D(2023, 2, 1), D(2023, 2, 28), "tháng 2/2023"),
        ("từ ngày 01/7/2022 đến ngày 30/9/2022", D(2022, 7, 1), D(2022, 9, 30), "quý III/2022"),
        ("từ 1/12 đến 31/1/2023", D(2022, 12, 1), D(2023, 1, 31), None),
        ("từ 17/12 đến hết ngày 20/12/2021", D(2021, 12, 17), D(2021, 12, 20), None),
        ("ngày 6-7/7/2022", D(2022, 7, 6), D(2022, 7, 7), None),
        ("17/12/2021", D(2021, 12, 17), D(2021, 12, 17), "ngày 17/12/2021"),
    ],
)
def test_parse_period(text: str, start: dt.date, end: dt.date, canonical: str | None) -> None:
    p = parse_period(text, reference=D(2023, 10, 5))
    assert (p.start, p.end) == (start, end)
    if canonical is not None:
        assert format_period(p) == canonical
    assert parse_period(format_period(p)) == p


@pytest.mark.parametrize(
    ("text", "error", "fragment"),
    [
        ("", InvalidDate, "is empty"),
        ("quý V/2023", InvalidDate, "expected a period"),
        ("quý III", AmbiguousDate, "year is missing"),
        ("tháng 13/2022", InvalidDate, "month must be 1–12"),
        ("tháng Chạp năm 2022", InvalidDate, "lunar month"),
        ("13 tháng đầu năm 2022", InvalidDate, "1–12"),
        ("giai đoạn 2025–2020", InvalidDate, "must not be before"),
        ("từ 30/9/2022 đến 1/7/2022", InvalidDate, "ends before it starts"),
        ("mai kia", InvalidDate, "expected a period"),
        ("ngày 6-7/7", AmbiguousDate, "year is missing"),
        ("17/12", AmbiguousDate, "year is missing"),
    ],
)
def test_parse_period_errors(text: str, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error) as info:
        parse_period(text)
    assert fragment in str(info.value)


def test_format_date_styles() -> None:
    assert format_date(D(2021, 12, 17)) == "17/12/2021"
    assert format_date(D(2021, 12, 17), "long") == "ngày 17 tháng 12 năm 2021"
    assert format_date(D(2020, 1, 5), "long") == "ngày 05 tháng 01 năm 2020"
    assert format_date(D(2020, 3, 5), "long") == "ngày 05 tháng 3 năm 2020"
    assert format_date(D(2021, 1, 22), "weekday") == "thứ Sáu, 22/01/2021"
    assert format_date(dt.datetime(2021, 1, 22, 8)) == "22/01/2021"
    with pytest.raises(InputError, match="style"):
        format_date(D(2021, 1, 1), "iso")
    # every date argument takes a date through dates.as_date: ISO and day-first strings too
    assert format_date("2021-01-01") == "01/01/2021"  # type: ignore[arg-type]
    with pytest.raises(InvalidDate):
        format_date("2021/01/01")  # type: ignore[arg-type]


# --- Period ---------------------------------------------------------------------------


def test_period_basics() -> None:
    p = Period(D(2022, 1, 1), D(2022, 12, 31))
    assert p.year == 2022
    assert p.contains(D(2022, 12, 31)) and p.contains(D(2022, 1, 1))
    assert not p.contains(D(2023, 1, 1))
    assert D(2022, 6, 1) in p
    assert "2022-06-01" not in p
    assert p.days == 365
    assert Period.quarter(2022, 1).year is None
    assert Period(D(2022, 1, 1), D(2023, 12, 31)).year is None
    assert list(Period(D(2022, 1, 30), D(2022, 2, 1))) == [
        D(2022, 1, 30),
        D(2022, 1, 31),
        D(2022, 2, 1),
    ]
    assert Period.quarter(2022, 1).overlaps(Period.month(2022, 3))
    assert not Period.quarter(2022, 1).overlaps(Period.month(2022, 4))
    assert str(Period.quarter(2022, 2)) == "quý II/2022"
    assert Period.day(D(2022, 1, 1)).days == 1
    assert Period.first_months(2022, 3) == Period.quarter(2022, 1)
    assert Period.last_months(2022, 12) == Period.for_year(2022)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Period(D(2022, 2, 1), D(2022, 1, 1)),
        lambda: Period("2022/01/01", D(2022, 1, 1)),
        lambda: Period.quarter(2022, 5),
        lambda: Period.month(2022, 0),
        lambda: Period.first_months(2022, 13),
        lambda: Period.last_months(2022, 0),
    ],
)
def test_period_rejects_bad_values(build: object) -> None:
    with pytest.raises(InvalidDate):
        build()  # type: ignore[operator]


# --- the working-day calendar -------------------------------------------------------------


def test_shipped_calendar_covers_2019_to_2026_with_sources() -> None:
    cal = working_day_calendar()
    assert cal is working_day_calendar()
    assert cal.coverage == (D(2019, 1, 1), D(2026, 12, 31))
    for year in range(2019, 2027):
        info = cal.year_info(year)
        assert info is not None and info.sources, year
        assert info.confidence in (Confidence.SURE, Confidence.LIKELY)
        holidays = [c for c in cal.days_off(year) if c.kind is DayKind.HOLIDAY]
        # Labour Code: 10 days (2012 code) until 2020, 11 days (2019 code) from 2021
        assert len(holidays) == (10 if year <= 2020 else 11), year
    assert cal.year_info(2030) is None
    assert "listed days" in repr(cal)


def test_labour_code_holidays_are_days_off() -> None:
    cal = working_day_calendar()
    for year in range(2019, 2027):
        for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
            assert not cal.is_working_day(D(year, month, day)), (year, month, day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2019, 1, 5), True),  # Saturday made up for 31/12/2018
        (D(2019, 4, 29), False),  # swapped Monday
        (D(2019, 5, 4), True),  # make-up Saturday
        (D(2021, 2, 10), False),  # Tết 2021
        (D(2021, 2, 16), False),  # in lieu, Tết 2021
        (D(2021, 2, 17), True),
        (D(2021, 9, 3), False),  # the day next to 2/9 (Labour Code 2019)
        (D(2020, 9, 3), True),  # not yet in 2020
        (D(2022, 5, 3), False),  # in lieu for 1/5/2022 (a Sunday)
        (D(2023, 9, 4), False),
        (D(2024, 5, 4), True),
        (D(2025, 4, 26), True),
        (D(2025, 5, 2), False),
        (D(2026, 1, 2), False),
        (D(2026, 1, 10), True),
        (D(2026, 2, 16), False),
        (D(2026, 11, 24), True),  # Ngày Văn hóa Việt Nam: not confirmed in force, not listed
        (D(2021, 12, 17), True),
        (D(2021, 12, 18), False),  # Saturday
    ],
)
def test_is_working_day(day: dt.date, working: bool) -> None:
    assert working_day_calendar().is_working_day(day) is working


def test_add_working_days_and_between() -> None:
    cal = working_day_calendar()
    start = D(2021, 12, 17)
    assert cal.add_working_days(start, 0) == start
    assert cal.add_working_days(start, 1) == D(2021, 12, 20)
    assert cal.add_working_days(start, 15) == D(2022, 1, 10)
    assert cal.add_working_days(D(2021, 12, 18), 1) == D(2021, 12, 20)
    assert cal.add_working_days(D(2021, 12, 20), -1) == D(2021, 12, 17)
    assert cal.add_working_days(D(2021, 12, 19), -1) == D(2021, 12, 17)
    assert cal.add_working_days(D(2021, 2, 9), 1) == D(2021, 2, 17)
    assert cal.working_days_between(start, D(2022, 1, 10)) == 15
    assert cal.working_days_between(D(2022, 1, 10), start) == -15
    assert cal.working_days_between(start, start) == 0
    assert cal.next_working_day(D(2021, 2, 10)) == D(2021, 2, 17)
    assert cal.next_working_day(start) == start
    assert cal.working_days(Period(D(2021, 12, 17), D(2021, 12, 21))) == [
        D(2021, 12, 17),
        D(2021, 12, 20),
        D(2021, 12, 21),
    ]
    entry = cal.day(D(2024, 5, 4))
    assert entry is not None and entry.kind is DayKind.MAKE_UP
    assert cal.day(D(2024, 5, 6)) is None


def test_out_of_range_is_an_error_not_a_guess() -> None:
    cal = working_day_calendar()
    with pytest.raises(CalendarOutOfRange) as info:
        cal.is_working_day(D(2018, 12, 31))
    assert isinstance(info.value, OutOfCoverage)
    assert isinstance(info.value, LookupError)
    assert "2019-01-01" in str(info.value)
    with pytest.raises(CalendarOutOfRange):
        cal.add_working_days(D(2026, 12, 30), 5)
    with pytest.raises(CalendarOutOfRange):
        cal.add_working_days(D(2019, 1, 2), -5)
    with pytest.raises(CalendarOutOfRange):
        cal.working_days_between(D(2026, 1, 1), D(2027, 1, 1))
    with pytest.raises(InputError, match="int"):
        cal.add_working_days(D(2022, 1, 3), 1.5)  # type: ignore[arg-type]


def test_users_extend_the_calendar() -> None:
    cal = working_day_calendar()
    culture_day = D(2026, 11, 24)
    ext = cal.with_days_off([culture_day], name="Ngày Văn hóa Việt Nam")
    assert not ext.is_working_day(culture_day)
    assert cal.is_working_day(culture_day)
    assert ext.add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)
    back = ext.with_working_days([culture_day])
    assert back.is_working_day(culture_day)
    wide = cal.with_coverage(D(2018, 1, 1), D(2030, 12, 31))
    assert wide.is_working_day(D(2030, 1, 2))
    assert not wide.is_working_day(D(2030, 1, 5))


def test_own_calendar_from_days_and_toml() -> None:
    own = WorkingDayCalendar.from_days(
        [CalendarDay(D(2022, 1, 3), DayKind.EXTRA, "Nghỉ")],
        start=D(2022, 1, 1),
        end=D(2022, 1, 31),
        weekend=[6],
    )
    assert own.is_working_day(D(2022, 1, 1))  # a Saturday, but only Sunday is the weekend
    assert not own.is_working_day(D(2022, 1, 3))
    toml = """
start = 2022-01-01
end = 2022-12-31
[[year]]
year = 2022
confidence = "sure"
sources = ["my office"]
days = [
  { date = 2022-03-08, kind = "extra", name = "Phụ nữ", confidence = "likely" },
]
"""
    cal = WorkingDayCalendar.from_toml(toml)
    assert not cal.is_working_day(D(2022, 3, 8))
    assert cal.days[0].confidence is Confidence.LIKELY
    assert cal.year_info(2022) is not None


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ("start = ", "not valid TOML"),
        ("end = 2022-12-31", "missing key 'start'"),
        ("start = 2022-01-01\nend = 5", "end must be a date"),
        ("start = 2022-01-01\nend = 2022-12-31\nyear = 3", "array of tables"),
        ("start = 2022-01-01\nend = 2022-12-31\nyear = [1]", "must be a table"),
        (
            "start = 2022-01-01\nend = 2022-12-31\n[[year]]\nyear = 2022\nconfidence = 'maybe'",
            "confidence",
        ),
        ("start = 2022-01-01\nend = 2022-12-31\n[[year]]\nyear = 2022\nsources = 'x'", "sources"),
        ("start = 2022-01-01\nend = 2022-12-31\n[[year]]\nyear = 2022\ndays = 1", "days must be"),
        (
            "start = 2022-01-01\nend = 2022-12-31\n[[year]]\nyear = 2022\ndays = [1]",
            "must be a table",
        ),
        (
            "start = 2022-01-01\nend = 2022-12-31\n[[year]]\nyear = 2022\n"
            "days = [{date = 2022-01-03, kind = 'party', name = 'x'}]",
            "kind must be one of",
        ),
        (
            "start = 2022-01-01\nend = 2022-12-31\n[[year]]\nyear = 2022\n"
            "days = [{date = 2022-01-03, kind = 'extra'}]",
            "missing key 'name'",
        ),
        ("start = 2022-01-01\nend = 2022-12-31\n[[year]]\nyear = true", "year must be an integer"),
    ],
)
def test_bad_tables_say_where(toml: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        WorkingDayCalendar.from_toml(toml, source="mine.toml")
    assert fragment in str(info.value)
    assert "mine.toml" in str(info.value)


def test_calendar_rules() -> None:
    with pytest.raises(InputError, match="before its start"):
        WorkingDayCalendar.from_days([], start=D(2022, 2, 1), end=D(2022, 1, 1))
    with pytest.raises(InputError, match="weekend"):
        WorkingDayCalendar.from_days([], start=D(2022, 1, 1), end=D(2022, 2, 1), weekend=[7])
    clash = [
        CalendarDay(D(2022, 1, 8), DayKind.MAKE_UP, "a"),
        CalendarDay(D(2022, 1, 8), DayKind.EXTRA, "b"),
    ]
    with pytest.raises(InputError, match="both"):
        WorkingDayCalendar.from_days(clash, start=D(2022, 1, 1), end=D(2022, 2, 1))


# --- deadlines ------------------------------------------------------------------------------


def test_deadline_helpers() -> None:
    # 01/01/2022 is a Saturday, 02/01 a Sunday and 03/01 the day in lieu
    assert m.due_in_days(D(2021, 12, 17), 15) == D(2022, 1, 4)
    assert m.due_in_days(D(2021, 12, 17), 15, roll=False) == D(2022, 1, 1)
    assert m.due_in_working_days(D(2021, 12, 17), 15) == D(2022, 1, 10)
    assert m.due_in_months(D(2022, 1, 31), 1) == D(2022, 2, 28)  # clamped at the month end
    assert m.due_in_months(D(2024, 1, 31), 1, roll=False) == D(2024, 2, 29)
    assert m.due_in_months(D(2023, 12, 31), 2) == D(2024, 2, 29)
    assert m.due_at_end_of(parse_period("quý II/2022")) == D(2022, 6, 30)


@pytest.mark.parametrize(
    ("text", "kind", "resolved"),
    [
        ("trong vòng 15 ngày", m.DeadlineKind.DAYS, D(2022, 1, 4)),
        ("trong 15 ngày kể từ ngày nhận", m.DeadlineKind.DAYS, D(2022, 1, 4)),
        ("15 ngày làm việc", m.DeadlineKind.WORKING_DAYS, D(2022, 1, 10)),
        ("trong 3 tháng", m.DeadlineKind.MONTHS, D(2022, 3, 17)),
        ("trong quý II/2022", m.DeadlineKind.PERIOD_END, D(2022, 6, 30)),
        ("trong năm 2022", m.DeadlineKind.PERIOD_END, D(2022, 12, 31)),
        ("trước ngày 30/6/2022", m.DeadlineKind.DATE, D(2022, 6, 30)),
        ("chậm nhất ngày 30/6/2022", m.DeadlineKind.DATE, D(2022, 6, 30)),
    ],
)
def test_deadline_parse(text: str, kind: m.DeadlineKind, resolved: dt.date) -> None:
    deadline = Deadline.parse(text)
    assert deadline.kind is kind
    assert deadline.resolve(D(2021, 12, 17)) == resolved
    assert Deadline.parse(str(deadline)) == deadline


def test_deadline_errors_and_text() -> None:
    assert deadline_text(Deadline.working_days(15)) == "trong 15 ngày làm việc"
    assert Deadline.on(D(2022, 6, 30)).is_relative is False
    assert Deadline.months(1).is_relative is True
    with pytest.raises(InvalidDate, match="expected a deadline"):
        Deadline.parse("sớm nhất có thể")
    with pytest.raises(InvalidDate):
        Deadline.parse(15)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="date="):
        Deadline(m.DeadlineKind.DATE)
    with pytest.raises(InputError, match="period="):
        Deadline(m.DeadlineKind.PERIOD_END)
    with pytest.raises(InputError, match="amount"):
        Deadline(m.DeadlineKind.DAYS, amount=-1)


def deadline_text(deadline: Deadline) -> str:
    return str(deadline)


def test_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(m).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == m.__name__
    }
    assert public <= set(m.__all__)
    assert all(hasattr(m, name) for name in m.__all__)


# --- hostile input (issue 11) ---------------------------------------------------------


@pytest.mark.parametrize("text", ["0000", "quý 2/0000", "năm 0000", "tháng 1/0000"])
def test_year_zero_is_an_invalid_date(text: str) -> None:
    with pytest.raises(InvalidDate, match="year"):
        parse_period(text)


@pytest.mark.parametrize("year", [0, 10000, -1])
def test_period_constructors_refuse_years_outside_the_calendar(year: int) -> None:
    with pytest.raises(InvalidDate, match="year"):
        Period.for_year(year)
    with pytest.raises(InvalidDate, match="year"):
        Period.quarter(year, 1)


def test_deadlines_past_year_9999_are_invalid_dates() -> None:
    with pytest.raises(InvalidDate, match="outside the years"):
        Deadline.days(30).resolve(D(9999, 12, 20))
    with pytest.raises(InvalidDate, match="outside the years"):
        Deadline.months(30).resolve(D(9999, 12, 20))


def test_a_huge_step_back_leaves_the_calendar_cleanly() -> None:
    with pytest.raises(CalendarOutOfRange):
        working_day_calendar().add_working_days(D(2021, 1, 4), -999_999)


# --- hostile input (issue 11 §3, §4) ----------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: parse_period("0000"),
        lambda: parse_period("quý 2/0000"),
        lambda: parse_period("năm 0000"),
        lambda: parse_period("tháng 7/0000"),
        lambda: parse_period("6 tháng đầu năm 0000"),
        lambda: parse_date("01/01/0000"),
        lambda: m.Deadline.parse("trong quý 2/0000"),
    ],
)
def test_year_zero_is_an_invalid_date_everywhere(call: object) -> None:
    with pytest.raises(InvalidDate, match="year"):
        call()  # type: ignore[operator]


@pytest.mark.parametrize(
    "call",
    [
        lambda s: parse_date(s, dt.date(2021, 12, 17)),
        lambda s: parse_period(s, dt.date(2021, 12, 17)),
        lambda s: m.Deadline.parse(s, dt.date(2021, 12, 17)),
    ],
)
@pytest.mark.parametrize(
    "text",
    ["Hà Nội" + " " * 100_000 + ", ngày 32/1/2020", "quý 5" + "\t" * 100_000, "ngày " * 50_000],
)
def test_date_errors_quote_at_most_80_characters(call: object, text: str) -> None:
    with pytest.raises(InvalidDate) as info:
        call(text)  # type: ignore[operator]
    assert len(info.value.text) <= 80
    assert len(str(info.value)) < 400


def test_date_caches_keep_short_texts_only() -> None:
    from qcdc.dates import periods

    periods._parse_date_slow.cache_clear()
    long = "ngày 17 tháng 12 năm 2021" + " " * 1_000
    assert parse_date(long) == dt.date(2021, 12, 17)
    assert periods._parse_date_slow.cache_info().currsize == 0
    assert parse_date("ngày 17 tháng 12 năm 2021") == dt.date(2021, 12, 17)
    assert periods._parse_date_slow.cache_info().currsize == 1
