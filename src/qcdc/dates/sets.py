"""Sets of periods: "tháng 11/2023 và tháng 1/2024", "các ngày 12 và 13/4", anniversary pairs.

A :class:`PeriodSet` is a sorted tuple of :class:`~qcdc.dates.Period` parts in which no
two parts overlap or touch (they are merged), so two sets are equal exactly when they
cover the same days.  :func:`parse_periods` reads a list of periods as printed; the
items may share the month or the year of the last one ("các ngày 12 và 13/4",
"tháng 11, tháng 12 năm 2025") or the leading word ("nhiệm kỳ 2020 - 2022, 2022 -
2025"), and a pair of dates on the same day and month years apart ("(18/11/1930 -
18/11/2025)": a founding day and its anniversary) is two days, not a range.

>>> import datetime as dt
>>> s = parse_periods("tháng 11/2023 và tháng 1/2024")
>>> [str(p) for p in s.parts], s.start, s.end
(['tháng 11/2023', 'tháng 1/2024'], datetime.date(2023, 11, 1), datetime.date(2024, 1, 31))
>>> str(s)
'tháng 11/2023 và tháng 1/2024'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

import attrs

from qcdc.dates._coerce import as_date
from qcdc.dates._days import _check_args, _fold, _shortened
from qcdc.dates._phrases import diagnose
from qcdc.dates.periods import Period, format_period, parse_date, parse_period
from qcdc.errors import AmbiguousDate, InvalidDate

__all__ = ["PeriodSet", "parse_periods"]

_ONE = dt.timedelta(days=1)


def _merged(parts: Iterable[Period]) -> tuple[Period, ...]:
    """``parts`` sorted, with parts that overlap or touch merged into one."""
    out: list[Period] = []
    for p in sorted(parts):
        if not isinstance(p, Period):
            raise InvalidDate(repr(p)[:80], "a PeriodSet holds Period values only")
        if out and p.start <= out[-1].end + _ONE:
            last = out[-1]
            if p.end > last.end:
                out[-1] = Period(last.start, p.end)
        else:
            out.append(p)
    return tuple(out)


def _check_parts(instance: PeriodSet, attribute: object, value: tuple[Period, ...]) -> None:
    if not value:
        raise InvalidDate("", "a PeriodSet needs at least one period")


@attrs.frozen
class PeriodSet:
    """Periods, sorted and merged (no two overlap or touch); both ends of each included.

    >>> PeriodSet([Period.month(2024, 1), Period.month(2023, 11), Period.month(2023, 12)])
    PeriodSet(parts=(Period(start=datetime.date(2023, 11, 1), end=datetime.date(2024, 1, 31)),))
    """

    parts: tuple[Period, ...] = attrs.field(converter=_merged, validator=_check_parts)

    @property
    def start(self) -> dt.date:
        """The first day of the first part."""
        return self.parts[0].start

    @property
    def end(self) -> dt.date:
        """The last day of the last part."""
        return self.parts[-1].end

    @property
    def days(self) -> int:
        """How many days the parts cover."""
        return sum(p.days for p in self.parts)

    @property
    def span(self) -> Period:
        """From the first day of the set to its last."""
        return Period(self.start, self.end)

    def contains(self, on: dt.date) -> bool:
        """Whether ``on`` lies in one of the parts."""
        on = as_date(on)
        return any(p.contains(on) for p in self.parts)

    def __contains__(self, on: object) -> bool:
        return isinstance(on, dt.date) and self.contains(on)

    def __iter__(self) -> Iterator[Period]:
        return iter(self.parts)

    def __len__(self) -> int:
        return len(self.parts)

    def __str__(self) -> str:
        texts = [format_period(p) for p in self.parts]
        if len(texts) == 1:
            return texts[0]
        return ", ".join(texts[:-1]) + " và " + texts[-1]


_SPLIT = re.compile(r"\s*(?:,|;|\bva\b)\s*")
_PAIR = re.compile(
    r"^\(?\s*(?P<a>[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4})\s*-\s*"
    r"(?P<b>[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4})\s*\)?$"
)
_BARE_DAY = re.compile(r"^(?:ngay\s+)?(?P<d>[0-9]{1,2})$")
_BARE_MONTH = re.compile(r"^thang\s+(?P<m>[0-9]{1,2})$")
_BARE_YEAR = re.compile(r"^(?:nam\s+)?(?P<y>[0-9]{4})$")
_WORD = re.compile(r"^(?P<w>nhiem ky|giai doan|thoi ky|cac ngay|cac thang|cac nam|cac)\s+")
_MAX_ITEMS = 60


def parse_periods(text: str, reference: dt.date | None = None) -> PeriodSet:
    """Read a list of periods (or one period) into a :class:`PeriodSet`.

    ``"tháng 11/2023 và tháng 1/2024"``, ``"các năm 2021 và 2022"``, ``"các ngày 12 và
    13/4"`` (the month of the last item), ``"tháng 11, tháng 12 năm 2025"`` (its year),
    ``"nhiệm kỳ 2020 - 2022, 2022 - 2025"``, ``"(09/7/1912 - 09/7/2012)"`` (an
    anniversary pair: two days).  Anything :func:`parse_period` reads is a set of one.
    Items are separated by ``,``, ``;`` or ``và``.

    >>> [str(p) for p in parse_periods("các ngày 12 và 14/4/2023")]
    ['ngày 12/04/2023', 'ngày 14/04/2023']
    """
    _check_args(text, reference)
    ref = None if reference is None else as_date(reference)
    try:
        return _parse_periods(text, ref)
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, InvalidDate):
            raise _shortened(exc) from None
        raise InvalidDate(text[:80], f"not a period of the calendar: {exc}") from None


def _parse_periods(text: str, reference: dt.date | None) -> PeriodSet:
    s = _fold(text).rstrip(".")
    m = _PAIR.match(s)
    if m is not None:
        a, b = parse_date(m["a"]), parse_date(m["b"])
        if (a.day, a.month) == (b.day, b.month) and a.year != b.year:
            return PeriodSet([Period.day(a), Period.day(b)])
    listed = _listed(text, s, reference)
    if listed is not None:
        return listed
    try:
        return PeriodSet([parse_period(text, reference)])
    except AmbiguousDate:
        raise
    except InvalidDate as exc:
        cause = diagnose(s)
        if cause is not None and exc.reason.startswith("expected"):
            raise InvalidDate(text, cause) from None
        raise


def _listed(text: str, s: str, reference: dt.date | None) -> PeriodSet | None:
    """The items of a list, when ``s`` is one and every item reads; else ``None``."""
    word = ""
    w = _WORD.match(s)
    if w is not None:
        word = "" if w["w"].startswith("cac") else w["w"] + " "
        s = s[w.end() :]
    items = [item for item in _SPLIT.split(s, maxsplit=_MAX_ITEMS) if item]
    if len(items) < 2:
        return None
    parts: list[Period] = []
    following: Period | None = None
    try:
        for item in reversed(items):
            following = _item(item, word, following, reference)
            parts.append(following)
    except InvalidDate:
        return None
    return PeriodSet(parts)


def _item(item: str, word: str, following: Period | None, reference: dt.date | None) -> Period:
    """One item of a list, taking a missing month or year from the item after it."""
    if following is not None:
        m = _BARE_DAY.match(item)
        if m is not None:
            last = following.end
            return Period.day(parse_date(f"{m['d']}/{last.month}/{last.year}"))
        m = _BARE_MONTH.match(item)
        if m is not None:
            return parse_period(f"tháng {m['m']}/{following.start.year}")
    m = _BARE_YEAR.match(item)
    if m is not None:
        return Period.for_year(int(m["y"]))
    try:
        return parse_period(item, reference)
    except AmbiguousDate:
        if following is None:
            raise
        return parse_period(item, following.start)
    except InvalidDate:
        if not word:
            raise
        return parse_period(word + item, reference)
