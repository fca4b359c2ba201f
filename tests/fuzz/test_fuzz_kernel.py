"""Fuzzing the kernel: every public parser of text, numbers and dates answers or raises a
QcdcError, whatever it is given (issue 11 §3).

Inputs are random text over the characters these parsers care about, and random
sequences of the words and figures real documents use ("ngày", "quý II", "9999", "hơn",
"1.234,5", "tỷ" …), so the search reaches deep into every parser; plus random objects
of the wrong type. The examples per test come from the ``fuzz-*`` profiles
(``conftest.py``): 300 in CI, 20,000 in the deep profile.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc.dates import (
    Deadline,
    Period,
    PeriodSet,
    as_date,
    as_optional_date,
    due_in_days,
    due_in_months,
    due_in_working_days,
    format_date,
    format_period,
    parse_date,
    parse_datetime,
    parse_deadline,
    parse_period,
    parse_periods,
    working_day_calendar,
)
from qcdc.errors import QcdcError
from qcdc.numbers import (
    Figure,
    find_figures,
    format_figure,
    format_number,
    format_percent,
    parse_figure,
    parse_number,
    percent_matches,
    ratio_percent,
)
from qcdc.text import canonical_tones, clean, fold, nfc, search_key, split_name

FUZZ = settings.get_profile("fuzz-" + os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Vietnamese letters (NFC and decomposed), combining tone marks, digits, blanks, separators
ALPHABET = st.one_of(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Mn")),
    st.sampled_from("aăâeêioôơuưyđĐAĂÂ\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b"),
    st.sampled_from(" \t\n\u00a0/-–.,:;()%~0123456789"),
)
WORDS = st.sampled_from(
    [
        "ngày",
        "tháng",
        "năm",
        "quý",
        "I",
        "II",
        "III",
        "IV",
        "V",
        "/",
        "-",
        "–",
        ".",
        ",",
        " ",
        "  ",
        "(",
        ")",
        ":",
        "0",
        "00",
        "0000",
        "1",
        "12",
        "31",
        "29",
        "2",
        "2022",
        "9999",
        "10000",
        "1945",
        "từ",
        "đến",
        "hết",
        "trong",
        "trước",
        "chậm nhất",
        "sau",
        "6 tháng đầu năm",
        "cuối",
        "nửa",
        "giai đoạn",
        "nhiệm kỳ",
        "Thứ Sáu",
        "Chủ nhật",
        "sáng",
        "14h30",
        "Hà Nội",
        "làm việc",
        "vòng",
        "hơn",
        "gần",
        "khoảng",
        "tối đa",
        "dưới",
        "~",
        "tỷ",
        "triệu",
        "nghìn",
        "%",
        "1.234",
        "1.23",
        ",5",
        "1,",
        "hộ",
        "vụ việc",
        "xã, phường, thị trấn",
        "đồng",
        "P.",
        "Q",
        "TT.",
        "Phường",
        "Thị trấn",
        "Hoà",
        "Thuỷ",
        "khoẻ",
        "a\u0301\u0301",
        "o\u0300",
        "Số",
        "số",
        "QĐ",
        "UBND",
        "\u0323",
        "1" * 30,
        "9" * 25,
    ]
)
texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=120),
    st.lists(WORDS, max_size=14).map("".join),
    st.lists(WORDS, max_size=10).map(" ".join),
)
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**60),
    st.floats(),
    st.decimals(),
    st.text(max_size=20),
    st.binary(max_size=10),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=3),
    st.tuples(st.integers(), st.integers()),
)
DATES = st.one_of(
    st.dates(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(1, 3, 1)),
    st.dates(min_value=dt.date(9999, 10, 1)),
    st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2026, 12, 31)),
)
AMOUNTS = st.one_of(
    st.integers(-10, 400), st.integers(), st.integers(-(10**7), 10**7), st.sampled_from([9999])
)


def survives(fn: Callable[..., object], *args: object, **kwargs: object) -> object:
    """Call ``fn``: an answer or a QcdcError is fine; any other exception fails the test."""
    try:
        return fn(*args, **kwargs)
    except QcdcError:
        return None


# --------------------------------------------------------------------------------- text


@FUZZ
@given(texts)
def test_text_functions_answer_any_text(text: str) -> None:
    """The text helpers never raise on a string, and return NFC text."""
    for fn in (nfc, clean, canonical_tones):
        out = fn(text)
        assert out == nfc(out), fn.__name__
    assert canonical_tones(canonical_tones(text)) == canonical_tones(text)
    key = fold(text)
    assert key == fold(nfc(text)) and key.isascii()
    parts = split_name(text)
    assert parts.name == nfc(parts.name)
    assert search_key(text) == search_key(nfc(text))


# ------------------------------------------------------------------------------ numbers


@FUZZ
@given(texts)
def test_number_parsers_answer_or_raise_qcdc_errors(text: str) -> None:
    """parse_number, parse_figure, find_figures: an answer or a QcdcError; answers round trip."""
    fig = survives(parse_figure, text)
    if isinstance(fig, Figure):
        fig.value, fig.interval(), fig.resolution
        assert parse_figure(format_figure(fig)) == fig
    survives(parse_number, text)
    for found in find_figures(text):
        assert found.span is not None
        start, end = found.span
        assert nfc(text)[start:end] == found.text


@FUZZ
@given(st.lists(ANYTHING, min_size=1, max_size=3))
def test_number_functions_refuse_wrong_types_with_qcdc_errors(args: list[object]) -> None:
    """Given objects of any type, the public functions of qcdc.numbers raise QcdcErrors only."""
    for fn in (parse_figure, parse_number, format_number, Figure, Figure.count, Figure.percent):
        survives(fn, args[0])
    survives(Figure, *args)
    survives(Figure.ratio, args[0], args[-1])
    survives(ratio_percent, args[0], args[-1])
    survives(format_percent, *args[:2])
    fig = Figure.percent("32")
    survives(percent_matches, fig, args[0], args[-1])
    survives(percent_matches, args[0], fig, args[-1])


@FUZZ
@given(st.one_of(st.decimals(), st.integers(), st.integers(min_value=10**20, max_value=10**40)))
def test_format_number_answers_or_raises_qcdc_errors(value: Decimal | int) -> None:
    text = survives(format_number, value)
    if isinstance(text, str) and isinstance(value, int) and 0 <= value < 10**24:
        assert parse_number(text) == value


# -------------------------------------------------------------------------------- dates


@FUZZ
@given(texts, st.one_of(st.none(), DATES))
def test_date_parsers_answer_or_raise_qcdc_errors(text: str, reference: dt.date | None) -> None:
    """parse_date, parse_period, Deadline.parse: an answer or a QcdcError; answers format back."""
    day = survives(parse_date, text, reference)
    if isinstance(day, dt.date):
        assert parse_date(format_date(day)) == day
    period = survives(parse_period, text, reference)
    if isinstance(period, Period):
        assert period.start <= period.end
        survives(format_period, period)
    deadline = survives(Deadline.parse, text, reference)
    if isinstance(deadline, Deadline) and reference is not None:
        survives(deadline.resolve, reference)
        str(deadline)
    survives(parse_datetime, text, reference)
    periods = survives(parse_periods, text, reference)
    if isinstance(periods, PeriodSet):
        spans = periods.parts
        assert all(a.end < b.start for a, b in itertools.pairwise(spans))  # merged
    survives(parse_deadline, text, reference)
    survives(parse_deadline, text, reference, inclusive=True)
    survives(as_date, text)
    survives(as_optional_date, text)


@FUZZ
@given(DATES, AMOUNTS)
def test_deadlines_near_the_ends_of_the_calendar_raise_qcdc_errors(
    start: dt.date, amount: int
) -> None:
    """Resolving a deadline near year 1 or 9999, or by a huge amount, never overflows."""
    calendar = working_day_calendar()
    survives(due_in_days, start, amount)
    survives(due_in_months, start, amount)
    survives(due_in_working_days, start, amount)
    survives(calendar.add_working_days, start, amount)
    survives(calendar.next_working_day, start)
    for make in (Deadline.days, Deadline.months, Deadline.working_days):
        deadline = survives(make, amount)
        if isinstance(deadline, Deadline):
            survives(deadline.resolve, start)


@FUZZ
@given(st.lists(ANYTHING, min_size=1, max_size=3))
def test_date_functions_refuse_wrong_types_with_qcdc_errors(args: list[object]) -> None:
    """Given objects of any type, the public functions of qcdc.dates raise QcdcErrors only."""
    for fn in (
        parse_date,
        parse_period,
        Deadline.parse,
        as_date,
        as_optional_date,
        parse_datetime,
        parse_periods,
        parse_deadline,
    ):
        survives(fn, *args[:2])
    survives(Period.for_year, args[0])
    for make in (Period.quarter, Period.month, Period.first_months, Period.last_months):
        survives(make, args[0], args[-1])
    survives(make, 2022, args[-1])
    survives(Period.years, args[0], args[-1])
    survives(Period, args[0], args[-1])
    survives(format_date, *args[:2])
