"""The state sector's working-day calendar: weekends, public holidays, days in lieu and
swapped days for 2019–2026, each year with its sources (``qcdc/dates/data/holidays.toml``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import threading
from collections.abc import Iterable, Mapping
from importlib import resources

import attrs

from qcdc._files import at_path, fail, need, structure, table
from qcdc.citations import Confidence
from qcdc.dates._coerce import as_date
from qcdc.dates.periods import Period
from qcdc.errors import InputError, OutOfCoverage

__all__ = [
    "CalendarDay",
    "CalendarOutOfRange",
    "DayKind",
    "HolidayYear",
    "WorkingDayCalendar",
    "working_day_calendar",
]

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
        return structure(text, _calendar_from_mapping, format="toml", source=source)

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
        d = as_date(d)
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
        d = as_date(d)
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
                    _shifted(d, max(n, (self.end - d).days + 1)), self.coverage
                )
        else:
            i = bisect.bisect_left(self._index, ordinal) + n
            if i < 0:
                raise CalendarOutOfRange(_shifted(d, n), self.coverage)
        return dt.date.fromordinal(self._index[i])

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """How many working days ``b`` lies after ``a`` (negative when before).

        Forwards it counts the working days after ``a`` up to and including
        ``b``; backwards, minus those from ``b`` up to but excluding ``a``.  So
        ``working_days_between(a, add_working_days(a, n)) == n`` for every ``n``.
        """
        a, b = as_date(a), as_date(b)
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
        d = as_date(d)
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


def _confidence(value: object, path: tuple[str | int, ...]) -> Confidence:
    try:
        return Confidence(value)
    except ValueError:
        fail(path, f"confidence must be one of sure, likely, unsure, unverified, got {value!r}")


def _calendar_from_mapping(data: object) -> WorkingDayCalendar:
    top = table(data, ())
    start = need(top, "start", (), dt.date)
    end = need(top, "end", (), dt.date)
    years: list[HolidayYear] = []
    days: list[CalendarDay] = []
    raw_years = top.get("year", [])
    if not isinstance(raw_years, list):
        fail(("year",), "year must be an array of tables")
    for i, raw in enumerate(raw_years):
        where: tuple[str | int, ...] = ("year", i)
        y = table(raw, where)
        number = need(y, "year", where, int)
        conf = _confidence(y.get("confidence", "unverified"), (*where, "confidence"))
        sources = y.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            fail((*where, "sources"), "sources must be a list of strings")
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
            fail((*where, "days"), "days must be an array")
        for j, raw_day in enumerate(raw_days):
            w: tuple[str | int, ...] = (*where, "days", j)
            e = table(raw_day, w)
            when = need(e, "date", w, dt.date)
            kind_raw = need(e, "kind", w, str)
            try:
                kind = DayKind(kind_raw)
            except ValueError:
                fail(
                    (*w, "kind"),
                    f"kind must be one of holiday, in_lieu, swap, make_up, extra, got {kind_raw!r}",
                )
            name = need(e, "name", w, str)
            c = _confidence(e["confidence"], (*w, "confidence")) if "confidence" in e else conf
            days.append(CalendarDay(when, kind, name, c))
    return at_path(
        (), WorkingDayCalendar, start=start, end=end, days=tuple(days), years=tuple(years)
    )


def _shifted(d: dt.date, days: int) -> dt.date:
    """``d`` moved by ``days``, held within the years ``datetime`` knows (for messages)."""
    ordinal = min(max(d.toordinal() + days, dt.date.min.toordinal()), dt.date.max.toordinal())
    return dt.date.fromordinal(ordinal)


_DEFAULT: WorkingDayCalendar | None = None
_LOCK = threading.Lock()


def working_day_calendar() -> WorkingDayCalendar:
    """The shipped calendar (2019–2026), read from ``dates/data/holidays.toml`` on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                text = (
                    resources.files("qcdc.dates")
                    .joinpath("data")
                    .joinpath("holidays.toml")
                    .read_text("utf-8")
                )
                _DEFAULT = WorkingDayCalendar.from_toml(
                    text, source="qcdc/dates/data/holidays.toml"
                )
    return _DEFAULT
