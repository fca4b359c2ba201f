"""The readers of issue 14 §2 stay linear on hostile input (as tests/fuzz/test_complexity.py
checks the 0.1 readers): 30 times the input takes well under 200 times the time."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable

import pytest

from qcdc.dates import (
    _days,
    parse_date,
    parse_datetime,
    parse_deadline,
    parse_period,
    parse_periods,
    periods,
    sets,
)
from qcdc.errors import QcdcError

ON = dt.date(2021, 12, 17)
SMALL, LARGE, RATIO = 2_000, 60_000, 200

READERS: dict[str, Callable[[str], object]] = {
    "parse_date": lambda s: parse_date(s, ON),
    "parse_datetime": lambda s: parse_datetime(s, ON),
    "parse_period": lambda s: parse_period(s, ON),
    "parse_periods": lambda s: parse_periods(s, ON),
    "parse_deadline": lambda s: parse_deadline(s, ON),
}
FAMILIES: dict[str, tuple[str, str, str]] = {
    "repeated ranges": ("từ ", "năm 2019 đến ", "tháng 6/2020"),
    "weekday prefixes": ("", "Thứ hai, ", "05/8/2024"),
    "clock times": ("", "14:30 ", "ngày 3/8/2024"),
    "listed months": ("", "tháng 11/2023 và ", "tháng 1/2024"),
    "listed days": ("các ngày ", "12, ", "13/4/2023"),
    "leading phrases": ("", "kể từ ngày ", "17/12/2021"),
    "named-day words": ("ngày ", "abc ", "2/9/2025"),
    "deadline words": ("", "trong thời hạn ", "15 ngày kể từ ngày 3/8/2024"),
    "digits and colons": ("", "1:", "2"),
    "trailing weekdays": ("ngày 17/12/2021", " (thứ Sáu)", ""),
}


def _text(family: str, size: int) -> str:
    prefix, unit, suffix = FAMILIES[family]
    return prefix + unit * max(1, size // len(unit)) + suffix


def _best(fn: Callable[[str], object], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        for module in (_days, periods, sets):
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if clear is not None:
                    clear()
        start = time.thread_time()
        with contextlib.suppress(QcdcError):
            fn(text)
        best = min(best, time.thread_time() - start)
    return best


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_large_input_takes_time_in_proportion(reader: str, family: str) -> None:
    fn = READERS[reader]
    small = max(_best(fn, _text(family, SMALL)), 2e-4)
    large = _best(fn, _text(family, LARGE))
    assert large / small < RATIO, f"{reader} on {family}: {large / small:.0f}x for 30x"
