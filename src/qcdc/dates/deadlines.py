"""Deadlines: in calendar days, working days or months after a start, or at the end of a
period (the Civil Code's counting: the first day is not counted, a last day that is a
day off moves to the next working day)."""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from qcdc.dates._coerce import as_date
from qcdc.dates._days import _fold, _short, _shortened
from qcdc.dates._phrases import diagnose
from qcdc.dates.calendar import WorkingDayCalendar, working_day_calendar
from qcdc.dates.periods import (
    Period,
    format_date,
    format_period,
    parse_date,
    parse_period,
)
from qcdc.errors import AmbiguousDate, InputError, InvalidDate

__all__ = [
    "Deadline",
    "DeadlineKind",
    "due_at_end_of",
    "due_in_days",
    "due_in_months",
    "due_in_working_days",
    "parse_deadline",
]

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
    start = as_date(start, "start")
    try:
        end = start + dt.timedelta(days=days)
    except OverflowError:
        raise InvalidDate(
            start.isoformat(), f"{days} days after it falls outside the years 1–9999"
        ) from None
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
    start = as_date(start, "start")
    try:
        end = start + relativedelta(months=months)
    except (OverflowError, ValueError):
        raise InvalidDate(
            start.isoformat(), f"{months} months after it falls outside the years 1–9999"
        ) from None
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
        return cls(DeadlineKind.DATE, date=as_date(d))

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
            return f"chậm nhất ngày {format_date(self.date)}"
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

        The 0.1 reader, kept as it was: ``"trước ngày 30/6/2022"`` is due **on**
        30/6/2022 (the inclusive reading).  :func:`parse_deadline` reads the same
        phrases with their legal meaning (due by the end of 29/6/2022) by default.
        """
        return parse_deadline(text, reference, inclusive=True)


def parse_deadline(
    text: str, reference: dt.date | None = None, *, inclusive: bool = False
) -> Deadline:
    """Read a deadline as printed, with the legal meaning of its words.

    * ``"trước ngày 31/5/2024"``, ``"chậm nhất trước 15/9"``: *before* the day, so due
      by the end of the day before (30/5/2024) — unless ``inclusive=True``, which reads
      "trước" as "no later than" (due on 31/5/2024), as some offices mean it.
      ``"trước tháng 3/2014"``: by the end of the month before (28/02/2014); inclusive,
      by the end of March.
    * ``"chậm nhất (là) ngày …"``, ``"hạn chót …"``, ``"đến hết ngày …"``,
      ``"không muộn hơn ngày …"``: no later than that day (it is included).
    * ``"trong quý II/2022"``, ``"vào cuối tháng 4/2018"``, ``"chậm nhất tháng 6/2022"``:
      by the end of the period.
    * ``"trong thời hạn (không quá) 15 ngày (làm việc) kể từ …"``, ``"không quá 10
      ngày làm việc"``, ``"chậm nhất 05 ngày làm việc sau khi …"``, ``"trong 3 tháng"``:
      a relative deadline (:meth:`Deadline.resolve` counts from the start, the start
      day not counted).

    A phrase that names a date but no deadline word is refused, naming the cause.

    >>> parse_deadline("trước ngày 31/5/2024").date
    datetime.date(2024, 5, 30)
    >>> parse_deadline("trước ngày 31/5/2024", inclusive=True).date
    datetime.date(2024, 5, 31)
    >>> str(parse_deadline("trong thời hạn 15 ngày kể từ ngày nhận đơn"))
    'trong 15 ngày'
    """
    if not isinstance(text, str):
        raise InvalidDate(_short(text), "must be a string")
    if reference is not None and not isinstance(reference, dt.date):
        raise InvalidDate(_short(text), f"reference must be a datetime.date, got {reference!r}")
    try:
        return _parse_deadline(text, None if reference is None else as_date(reference), inclusive)
    except InvalidDate as exc:
        raise _shortened(exc) from None
    except (ValueError, OverflowError) as exc:
        raise InvalidDate(_short(text), f"not a date of the calendar: {exc}") from None


def _parse_deadline(text: str, reference: dt.date | None, inclusive: bool) -> Deadline:
    s = _fold(text).rstrip(".")
    m = _D_RELATIVE.match(s)
    if m is not None:
        n = int(m["n"])
        if m["unit"] == "thang":
            return Deadline.months(n)
        if m["work"]:
            return Deadline.working_days(n)
        return Deadline.days(n)
    m = _D_WORD.match(s)
    if m is not None:
        strict = m["w"] in ("truoc", "cham nhat truoc") and not inclusive
        rest = m["rest"]
        try:
            day = parse_date(rest, reference)
        except AmbiguousDate:
            raise
        except InvalidDate:
            period = parse_period(rest, reference)
            if strict:
                return Deadline.on(period.start - dt.timedelta(days=1))
            return Deadline.end_of(period)
        return Deadline.on(day - dt.timedelta(days=1) if strict else day)
    m = _D_WITHIN.match(s)
    if m is not None:
        return Deadline.end_of(parse_period(m["rest"], reference))
    try:
        parse_period(text, reference)
    except AmbiguousDate:
        raise
    except InvalidDate as exc:
        if not exc.reason.startswith("expected"):
            raise InvalidDate(text, exc.reason) from None
    else:
        raise InvalidDate(
            text,
            "names a date or a period but no deadline word: write 'chậm nhất ngày …', "
            "'trước ngày …' or 'trong …'",
        )
    raise InvalidDate(
        text,
        diagnose(s)
        or "expected a deadline such as 'trong 15 ngày', '15 ngày làm việc', "
        "'trong 3 tháng', 'trong quý II/2022' or 'trước ngày 30/6/2022'",
    )


_D_RELATIVE = re.compile(
    r"^(?:(?:trong thoi han|trong vong|trong|cham nhat la|cham nhat|khong qua|toi da|sau)\s+)"
    r"{0,3}(?P<n>[0-9]{1,4})\s+(?P<unit>ngay|thang)(?P<work>\s+lam\s+viec)?"
    r"(?:,?\s+(?:ke\s+tu|tinh\s+tu|tu|sau|truoc)\b.*)?$"
)
_D_WORD = re.compile(
    r"^(?:(?:hoan\s+thanh|xong|thuc\s+hien|dut\s+diem)\s+)?"
    r"(?P<w>cham nhat truoc|cham nhat la|cham nhat|truoc|han chot la|han chot|den het|han|"
    r"khong muon hon|muon nhat la|muon nhat|vao cuoi|cuoi)\s+(?:ngay\s+)?(?P<rest>[0-9a-z].*)$"
)
_D_WITHIN = re.compile(r"^(?:trong|trong suot|ngay trong|truoc het|den het|het)\s+(?P<rest>.+)$")
