"""Hypothesis strategies for :mod:`qcdc.dates` (private; re-exported by ``qcdc.strategies``).

``periods()`` builds every shape of :class:`~qcdc.dates.Period` that reports use
(years, quarters, months, first/last months, spans of years, day ranges);
``date_texts()`` draws a date together with one Vietnamese way of writing it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import strategies as st

from qcdc.dates import Period, format_date

__all__ = ["calendar_dates", "date_texts", "periods"]

_LO = dt.date(1990, 1, 1)
_HI = dt.date(2060, 12, 31)


def calendar_dates() -> st.SearchStrategy[dt.date]:
    """Dates inside the shipped working-day calendar (2019–2026)."""
    return st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Periods of every shape :func:`~qcdc.dates.parse_period` reads."""
    year = draw(st.integers(_LO.year, _HI.year))
    shape = draw(st.sampled_from(("year", "quarter", "month", "first", "last", "years", "days")))
    if shape == "year":
        return Period.for_year(year)
    if shape == "quarter":
        return Period.quarter(year, draw(st.integers(1, 4)))
    if shape == "month":
        return Period.month(year, draw(st.integers(1, 12)))
    if shape == "first":
        return Period.first_months(year, draw(st.integers(1, 12)))
    if shape == "last":
        return Period.last_months(year, draw(st.integers(1, 12)))
    if shape == "years":
        return Period.years(year, year + draw(st.integers(0, 10)))
    start = draw(st.dates(_LO, _HI))
    return Period(start, start + dt.timedelta(days=draw(st.integers(0, 800))))


_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_MONTH_WORDS = (
    "Một",
    "Hai",
    "Ba",
    "Tư",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Chín",
    "Mười",
    "Mười một",
    "Mười hai",
)


@st.composite
def date_texts(draw: st.DrawFn) -> tuple[dt.date, str]:
    """A date and one way a report writes it (all read back by ``parse_date``)."""
    d = draw(st.dates(_LO, _HI))
    day = draw(st.sampled_from((str(d.day), f"{d.day:02d}")))
    month = draw(st.sampled_from((str(d.month), f"{d.month:02d}")))
    form = draw(st.sampled_from(("numeric", "long", "words", "weekday", "iso", "place")))
    if form == "numeric":
        sep = draw(st.sampled_from(("/", "-", ".")))
        text = f"{day}{sep}{month}{sep}{d.year}"
    elif form == "long":
        text = f"ngày {day} tháng {month} năm {d.year}"
    elif form == "words":
        text = f"ngày {day} tháng {_MONTH_WORDS[d.month - 1]} năm {d.year}"
    elif form == "weekday":
        text = f"{_WEEKDAYS[d.weekday()]}, {day}/{month}/{d.year}"
    elif form == "iso":
        text = d.isoformat()
    else:
        text = f"Hà Nội, {format_date(d, 'long')}"
    prefix = draw(st.sampled_from(("", "", "Chiều ", "Sáng ", "14h30 ")))
    if form in ("weekday", "place", "iso"):
        prefix = ""
    text = prefix + text
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    if draw(st.booleans()):
        text = text.upper() if form != "iso" else text
    return d, text
