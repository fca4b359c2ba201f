"""Text tables of the command line fit the terminal (``qcdc._console``; issue 15)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc import _console
from qcdc._console import format_table

words = st.lists(st.text("abcđươ", min_size=1, max_size=12), min_size=1, max_size=40)


@given(
    st.lists(st.tuples(st.text("xyz.", min_size=1, max_size=10), words), min_size=1, max_size=5),
    st.integers(min_value=20, max_value=200),
)
def test_a_wrapped_table_fits_and_keeps_every_word(
    rows: list[tuple[str, list[str]]], width: int
) -> None:
    table = [(rule, " ".join(message)) for rule, message in rows]
    text = format_table(("rule", "message"), table, wrap=1, width=width)
    lines = text.splitlines()
    first = max(len("rule"), *(len(r) for r, _ in table))
    room = max(24, width - first - 2)
    # every line fits the width, unless the fixed columns alone leave less than 24
    assert all(len(line) <= max(width, first + 2 + room) for line in lines)
    # the words of each message, read down its lines, are the message
    body = lines[2:]
    starts = [i for i, line in enumerate(body) if line[:first].strip()]
    for (rule, message), a, b in zip(table, starts, [*starts[1:], len(body)], strict=True):
        assert body[a][:first].strip() == rule
        assert " ".join(line[first + 2 :].strip() for line in body[a:b]).split() == message.split()


def test_no_width_no_wrap() -> None:
    long = "word " * 100
    assert format_table(("rule", "message"), [("r", long)], wrap=1).splitlines()[2].endswith("word")
    assert len(format_table(("rule", "message"), [("r", long)], wrap=1).splitlines()) == 3


def test_terminal_width_is_none_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    class Pipe:
        def isatty(self) -> bool:
            return False

    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(_console.sys, "stdout", Pipe())
    assert _console.terminal_width() is None
    monkeypatch.setattr(_console.sys, "stdout", Tty())
    monkeypatch.setenv("COLUMNS", "77")
    assert _console.terminal_width() == 77
