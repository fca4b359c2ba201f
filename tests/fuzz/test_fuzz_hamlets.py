"""Fuzzing the hamlet files: ``load_hamlets`` and ``load_plan`` on any text answer or raise a
QcdcError (issue 11 §3), and never lose a row they accept.

Random text; random cells under a real header (each column present or not, in any order,
each cell any text, quoted or not, short and long rows); and random bytes in a file. The
examples per test come from the ``fuzz-*`` profiles of ``tests/fuzz/conftest.py`` (300 in
CI, 20,000 in the deep profile).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from qcdc.errors import QcdcError, ValidationFailed
from qcdc.hamlets._csv import HAMLET_COLUMNS, PLAN_COLUMNS, load_hamlets, load_plan

try:
    FUZZ = settings.get_profile("fuzz-" + os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except InvalidArgument:  # run without tests/fuzz/conftest.py
    FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

CELL_PIECES = st.sampled_from(
    [
        "", " ", "T1", "00379", "379", "Thôn Đông", "thôn", "tổ dân phố", "xóm", "phường",
        "1", "0", "x", "có", "không", "1.245", "1,5", "-3", "１２", "1" * 40, "nan", "inf",
        "2022-01-01", "17/12/2021", "31/02/2021", "0000-01-01", "9999-12-31", "merge",
        "sáp nhập", "dissolve", "rename", "convert", "T1;T2", "00379:T1", "12345:T1", ";",
        ":", "'", "=1+1", "+", "@", "\"", "\n", "\r", "\t", "\x00", "\u0301", "🙂",
    ]
)  # fmt: skip
CELLS = st.one_of(
    st.lists(CELL_PIECES, max_size=4).map("".join),
    st.text(max_size=20),
)


def survives(load: Any, text: str) -> Any:
    """``load`` answers or raises a QcdcError (every part of a group one too)."""
    parts: tuple[BaseException, ...] = ()
    try:
        return load(io.StringIO(text))
    except ValidationFailed as group:
        parts = group.exceptions
    except QcdcError:
        return None
    assert parts and all(isinstance(e, QcdcError) for e in parts)
    return None


def table(columns: list[str], rows: list[list[str]]) -> str:
    # Python 3.10's csv writer cannot write a NUL (3.11's can): such a file cannot be made here
    assume(sys.version_info >= (3, 11) or not any("\x00" in c for r in rows for c in r))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    survives(load_hamlets, text)
    survives(load_plan, text)


@FUZZ
@given(
    st.lists(st.sampled_from(HAMLET_COLUMNS), min_size=1, unique=True),
    st.lists(st.lists(CELLS, max_size=13), max_size=6),
)
def test_random_cells_in_a_hamlet_file(columns: list[str], rows: list[list[str]]) -> None:
    loaded = survives(load_hamlets, table(columns, rows))
    if loaded is not None:  # nothing dropped: one community per non-blank row
        assert len(loaded) == sum(1 for r in rows if any(c.strip() for c in r))


@FUZZ
@given(
    st.lists(st.sampled_from(PLAN_COLUMNS), min_size=1, unique=True),
    st.lists(st.lists(CELLS, max_size=12), max_size=6),
)
def test_random_cells_in_a_plan_file(columns: list[str], rows: list[list[str]]) -> None:
    survives(load_plan, table(columns, rows))


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_in_a_file(data: bytes) -> None:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"qcdc-fuzz-{os.getpid()}.csv"
    path.write_bytes(data)
    try:
        for load in (load_hamlets, load_plan):
            with contextlib.suppress(QcdcError):
                load(path)
    finally:
        path.unlink()
