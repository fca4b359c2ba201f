"""Invariants of qcdc.directives, stated as hypothesis properties."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from qcdc.directives import (
    DocumentNumber,
    Task,
    TaskStatus,
    find_document_numbers,
    overdue,
    progress_by_assignee,
)
from qcdc.directives._strategies import document_numbers, messy_document_numbers, tasks
from qcdc.errors import QcdcError


@given(document_numbers())
def test_parse_of_str_is_identity(x: DocumentNumber) -> None:
    """parse(str(x)) == x for every document number."""
    assert DocumentNumber.parse(str(x)) == x
    assert DocumentNumber.parse(x.format()) == x


@given(messy_document_numbers())
def test_parsing_ignores_the_accepted_variants(pair: tuple[DocumentNumber, str]) -> None:
    """Parsing is insensitive to prefixes, spacing, dashes, D for Đ, case, padding and NFD."""
    x, text = pair
    assert DocumentNumber.parse(text) == x


@given(st.text(max_size=40))
def test_only_qcdc_errors_escape_parse(text: str) -> None:
    """Any text either parses to a canonical number or raises a QcdcError."""
    try:
        x = DocumentNumber.parse(text)
    except QcdcError:
        return
    assert DocumentNumber.parse(str(x)) == x


@given(
    st.lists(document_numbers(), max_size=5),
    st.lists(st.sampled_from([" ", ", ", "; ", " và ", "\n"]), min_size=6, max_size=6),
)
def test_find_returns_every_number_with_its_span(
    numbers: list[DocumentNumber], glue: list[str]
) -> None:
    """find_document_numbers recovers every canonical number written into prose, at its span."""
    text = "Căn cứ" + "".join(g + str(n) for g, n in zip(glue, numbers, strict=False)) + "."
    found = find_document_numbers(text)
    assert [m.number for m in found] == numbers
    for m in found:
        assert text[m.start : m.end] == str(m.number)


_SEEDS = [
    "2200-QĐ/TU",
    "04-CTr/TU",
    "14/2018/TT-BNV",
    "59/2023/NĐ-CP",
    "10/2022/QH15",
    "1211/2016/UBTVQH13",
    "123/QĐ-UBND",
    "123/UBND-VP",
    "11-QĐi/TW",
    "01-QC/BTCTU-BDVTU",
    "Số: 05/KH-UBND",
    "Quyết định số 2200 - qd/tu",
    "36-HD/VPTW",
    "1656/NQ-UBTVQH15",
]
_NOISE = "0123456789/-–— .:,;ĐđDdQqTtUuBbNnVvKkHhCcRrIi\u0300\u0301\u0323Số"


def test_a_hundred_thousand_mutated_spellings_raise_only_qcdc_errors() -> None:
    """Only QcdcError subclasses escape parse and find, over 100,000 mutated real spellings."""
    rng = random.Random(20211217)
    parsed = 0
    for _ in range(100_000):
        chars = list(rng.choice(_SEEDS))
        for _ in range(rng.randint(1, 4)):
            op = rng.random()
            pos = rng.randrange(len(chars) + 1)
            if op < 0.4:
                chars.insert(pos, rng.choice(_NOISE))
            elif op < 0.7 and chars:
                del chars[min(pos, len(chars) - 1)]
            elif chars:
                chars[min(pos, len(chars) - 1)] = rng.choice(_NOISE)
        text = "".join(chars)
        try:
            x = DocumentNumber.parse(text)
        except QcdcError:
            continue
        parsed += 1
        assert DocumentNumber.parse(str(x)) == x
    assert parsed > 10_000  # the fuzzing also exercises the success path


@given(st.lists(tasks(), max_size=6), st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)))
def test_progress_adds_up(ts: list[Task], on: dt.date) -> None:
    """done <= total, done + cancelled + open == total, overdue == what overdue() lists."""
    stats = progress_by_assignee(ts, on=on)
    assert sum(p.total for p in stats.values()) == len(ts)
    assert sum(p.overdue for p in stats.values()) == len(overdue(ts, on=on))
    for p in stats.values():
        assert 0 <= p.done_on_time <= p.done <= p.total


@given(tasks())
def test_task_dates_follow_their_directive(t: Task) -> None:
    """A task is never due before its directive; a completion is never before the assignment."""
    assert t.due_date() >= t.directive.issued
    assert t.assigned >= t.directive.issued
    if t.status is TaskStatus.DONE:
        assert t.completed_on is not None and t.completed_on >= t.assigned
    changes = [c.on for c in t.history]
    assert changes == sorted(changes)
