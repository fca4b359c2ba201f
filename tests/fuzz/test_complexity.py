"""Nothing slow on hostile input: every parser is linear in the families of issue 11 §4.

For each family of pathological input (a long run of blanks, digits, dots, slashes,
Vietnamese letters, repeated separators, nested parentheses … after the prefix that
leads a parser furthest), the time for the large input relative to the small one of
the same shape is bounded: ``RATIO`` for 100 times the input, which a linear (or
n log n) parser meets with room to spare on a busy machine and a quadratic one (10,000×)
cannot.  Timings are the best of 3 ``time.thread_time`` runs (CPU time, so that a busy
machine does not make them fail) with the parse caches cleared, and only ratios are
compared, never seconds.

The small size is 10 kB and the large 1 MB in the deep profile (ratio bound 400 for
100x); in the CI profile the large one is 300 kB (bound 200 for 30x), so the whole file
stays near 20 s on 2 cores.  A large run that overshoots the bound is stopped early.
``benchmarks/bench_complexity.py`` prints the figures per family from 1 k to 1 M
characters with the log-log slope.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import time
from collections.abc import Callable

import pytest

from qcdc.dates import (
    Deadline,
    parse_date,
    parse_datetime,
    parse_deadline,
    parse_period,
    parse_periods,
)
from qcdc.dates import periods as _periods
from qcdc.directives import DocumentNumber, find_document_numbers
from qcdc.directives import document_numbers as _numbers
from qcdc.directives._toml import loads_tasks
from qcdc.errors import QcdcError
from qcdc.numbers import find_figures, parse_figure
from qcdc.text import canonical_tones, clean, fold, search_key, split_name

ON = dt.date(2021, 12, 17)
DEEP = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "deep"
SMALL = 10_000
LARGE = 1_000_000 if DEEP else 300_000
# A linear parser gives LARGE/SMALL (30 or 100) in theory and up to 3x that in practice
# (a 300 kB input no longer fits the CPU caches a 10 kB one does: measured 30-130x for
# 30x, 100-300x for 100x); a quadratic parser gives 900x or 10,000x.
RATIO = 200 if not DEEP else 400
# find_figures reads every figure it meets (about 20 us a character on hostile text):
# the same ratio of sizes, a fifth of the characters, so CI stays under 20 s
SCALE = {"find_figures": 5}

PARSERS: dict[str, Callable[[str], object]] = {
    "DocumentNumber.parse": DocumentNumber.parse,
    "find_document_numbers": find_document_numbers,
    "parse_date": lambda s: parse_date(s, ON),
    "parse_period": lambda s: parse_period(s, ON),
    "Deadline.parse": lambda s: Deadline.parse(s, ON),
    "parse_datetime": lambda s: parse_datetime(s, ON),
    "parse_periods": lambda s: parse_periods(s, ON),
    "parse_deadline": lambda s: parse_deadline(s, ON),
    "parse_figure": parse_figure,
    "find_figures": lambda s: list(find_figures(s)),
    "canonical_tones": canonical_tones,
    "clean": clean,
    "fold": fold,
    "search_key": search_key,
    "split_name": split_name,
}

# family name -> (prefix, unit repeated to the size, suffix)
FAMILIES: dict[str, tuple[str, str, str]] = {
    "spaces after 'so'": ("so", " ", "x"),
    "tabs after 'Số'": ("Số ", "\t", "12/QĐ-UBND"),
    "spaces in a date": ("Hà Nội", " ", ", ngày 17/12/2021"),
    "digits": ("", "1", ""),
    "digits after a number": ("12/", "1", "x"),
    "dots": ("1", ".", "1"),
    "digit-dots": ("hơn ", "1.", "1 vụ"),
    "slashes": ("12", "/", "QĐ-UBND"),
    "digit-slashes": ("ngày ", "1/", "2021"),
    "separators /-": ("quý 2", "/-", "x"),
    "codes QĐ-": ("12/", "QĐ-", "UBND"),
    "Vietnamese letters": ("Phường ", "ường", ""),
    "doubled tone marks": ("Hà Nội ", "a\u0301\u0301", ""),
    "words 'ngày '": ("từ ", "ngày ", "đến 1/1/2022"),
    "words 'đến '": ("từ 1/1/2022 ", "đến ", "x"),
    "figures 'hơn 1,5 tỷ% '": ("", "hơn 1,5 tỷ% ", ""),
    "ratios '1 / 0 '": ("", "1 / 0 ", ""),
    "nested parentheses": ("", "(", ")"),
}


def make(family: str, size: int) -> str:
    prefix, unit, suffix = FAMILIES[family]
    count = max(1, size // len(unit))
    if unit == "(":
        return "(" * (count // 2) + ")" * (count // 2)
    return prefix + unit * count + suffix


def _clear_caches() -> None:
    for module in (_periods, _numbers):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if clear is not None:
                clear()
    for fn in (fold, search_key):
        fn.cache_clear()  # type: ignore[attr-defined]


class _TooSlow(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _TooSlow


def best_time(
    fn: Callable[[str], object], text: str, repeat: int = 3, cap: float | None = None
) -> float:
    """The best of ``repeat`` runs; ``inf`` if one run takes more than ``cap`` seconds (the
    regex engine checks signals, so a quadratic match is stopped, not waited for)."""
    best = float("inf")
    timed = cap is not None and hasattr(signal, "setitimer")
    for _ in range(repeat):
        _clear_caches()
        if timed:
            assert cap is not None
            previous = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, cap)
        start = time.thread_time()
        try:
            with contextlib.suppress(QcdcError):
                fn(text)
        except _TooSlow:
            return float("inf")
        finally:
            if timed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
        best = min(best, time.thread_time() - start)
    return best


def ratio(fn: Callable[[str], object], small: str, large: str) -> float:
    """How many times longer ``large`` takes than ``small`` (a floor on the small time: a
    parser that refuses a long text at once is not slow)."""
    base = max(best_time(fn, small), 2e-4)
    return best_time(fn, large, cap=_cap(base)) / base


def _cap(base: float) -> float:
    """Seconds after which a large run has failed anyway (and no linear parser takes 20 s)."""
    return min(1.2 * RATIO * base + 0.5, 20.0)


# the pairs that probe a parser where the family reaches it (every pair was measured
# over 1 k … 1 M characters by benchmarks/bench_complexity.py; these are the slow ones
# before issue 11 and one of each family for each parser pillar)
CASES = [
    ("DocumentNumber.parse", "spaces after 'so'"),
    ("DocumentNumber.parse", "tabs after 'Số'"),
    ("DocumentNumber.parse", "codes QĐ-"),
    ("find_document_numbers", "codes QĐ-"),
    ("find_document_numbers", "digit-slashes"),
    ("find_document_numbers", "separators /-"),
    ("parse_date", "spaces in a date"),
    ("parse_date", "digit-slashes"),
    ("parse_period", "words 'ngày '"),
    ("parse_period", "words 'đến '"),
    ("Deadline.parse", "separators /-"),
    ("parse_datetime", "spaces in a date"),
    ("parse_periods", "words 'đến '"),
    ("parse_deadline", "words 'ngày '"),
    ("parse_figure", "digit-dots"),
    ("parse_figure", "digits"),
    ("find_figures", "figures 'hơn 1,5 tỷ% '"),
    ("find_figures", "ratios '1 / 0 '"),
    ("find_figures", "digit-dots"),
    ("find_figures", "dots"),
    ("canonical_tones", "doubled tone marks"),
    ("canonical_tones", "Vietnamese letters"),
    ("clean", "nested parentheses"),
    ("search_key", "Vietnamese letters"),
    ("split_name", "spaces after 'so'"),
]


@pytest.mark.parametrize(("parser", "family"), CASES)
def test_large_input_of_a_family_takes_time_in_proportion(parser: str, family: str) -> None:
    fn = PARSERS[parser]
    scale = SCALE.get(parser, 1)
    got = ratio(fn, make(family, SMALL // scale), make(family, LARGE // scale))
    assert got < RATIO, (
        f"{parser} on {family}: {LARGE // SMALL}x the input took {got:.0f}x the time"
    )


def _task_file(tasks: int) -> str:
    head = (
        'format = 1\n\n[committee]\nname = "Ban Chỉ đạo thành phố"\nabbreviation = "BCĐ"\n\n'
        '[[directives]]\nissued = 2021-12-17\ntitle = "Kết luận hội nghị"\n'
    )
    task = (
        '\n[[tasks]]\nid = {}\ndescription = "Việc {}"\nassignee = "committee"\n'
        'due = "trong năm 2022"\n'
    )
    return head + "".join(task.format(i, i) for i in range(tasks))


def test_loads_tasks_is_linear_in_the_number_of_tasks() -> None:
    """1 k tasks against 30 k (a list membership on ids made 20 k take 2.3 s on main)."""
    small, large = _task_file(1_000), _task_file(30_000)
    base = best_time(loads_tasks, small)
    got = best_time(loads_tasks, large, repeat=1, cap=_cap(base)) / base
    assert got < RATIO, f"30x the tasks took {got:.0f}x the time"
