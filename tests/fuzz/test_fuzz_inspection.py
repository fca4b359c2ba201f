"""Hostile input for the inspection pillar: only a QcdcError may escape (issue 11).

Random text and random cells for the case CSV loader, dates near the years 1 and 9999
for deadlines, tallies and the ``qcdc cases`` commands.  The number of examples comes from
the fuzz profiles of ``tests/fuzz/conftest.py`` (300 in CI, 20,000 with
``HYPOTHESIS_PROFILE=deep``; the commands a tenth of that).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from qcdc.citations import Citation, EffectivePeriod
from qcdc.dates import Period
from qcdc.errors import QcdcError
from qcdc.inspection import (
    CaseState,
    DayCount,
    DeadlineRule,
    DeadlineRulebook,
    InspectionCase,
    Origin,
    Subject,
    overdue,
    response_deadline,
    tally,
    tally_by_unit,
)
from qcdc.inspection._csv import COLUMNS, dumps_cases, iter_cases, load_cases

D = dt.date
_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
try:  # the fuzz profiles of tests/fuzz/conftest.py: 300 examples in CI, 20,000 deep
    FUZZ = settings.get_profile(f"fuzz-{_PROFILE}")
except InvalidArgument:  # pragma: no cover - a checkout without those profiles
    FUZZ = settings()
_BUILTINS = (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError)


def only_qcdc_errors(fn: Callable[[], Any]) -> None:
    """Run ``fn``; a QcdcError is a clear answer, any other exception fails the test."""
    with contextlib.suppress(QcdcError):
        fn()


# dates near both ends of what datetime knows, and ordinary ones
edge_dates = st.one_of(
    st.dates(D(1, 1, 1), D(1, 3, 1)),
    st.dates(D(9999, 10, 1), D(9999, 12, 31)),
    st.dates(D(2019, 1, 1), D(2026, 12, 31)),
)


def _date_text(d: dt.date, style: int) -> str:
    return (d.isoformat(), f"{d.day}/{d.month}/{d.year:04d}", f"{d.day}.{d.month}.{d.year}")[style]


date_cells = st.one_of(
    st.builds(_date_text, edge_dates, st.integers(0, 2)),
    st.from_regex(r"[0-9]{1,5}[/.-][0-9]{1,3}[/.-][0-9]{1,5}", fullmatch=True),
    st.text(max_size=12),
)
cells = st.one_of(
    st.text(max_size=20),
    date_cells,
    st.sampled_from(["land", "petition", "Đất đai", "00004", "4", "", " ", '"', "\x00"]),
    st.from_regex(r"[0-9]{1,400}", fullmatch=True),
)


@settings(FUZZ, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
@example("\x00")
@example('id,board,subject,origin,opened\n"')
@example("id,board,subject,origin,opened\nX,B,land,petition,31/12/9999\n")
def test_load_cases_on_random_text(text: str) -> None:
    only_qcdc_errors(lambda: load_cases(io.StringIO(text)))


@FUZZ
@given(st.binary(max_size=200))
def test_load_cases_on_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "cases.csv"
    path.write_bytes(data)
    only_qcdc_errors(lambda: load_cases(path))


@FUZZ
@given(
    st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=len(COLUMNS), unique=True),
    st.lists(st.lists(cells, min_size=0, max_size=len(COLUMNS) + 1), max_size=6),
)
def test_load_cases_on_random_cells(columns: list[str], rows: list[list[str]]) -> None:
    required = ["id", "board", "subject", "origin", "opened"]
    header = [*required, *(c for c in columns if c not in required)]
    out = io.StringIO()
    import csv

    # Python 3.10's csv writer cannot write a NUL (3.11's can): such a file cannot be made here
    assume(sys.version_info >= (3, 11) or not any("\x00" in c for r in rows for c in r))
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)

    def load() -> None:
        cases = load_cases(io.StringIO(out.getvalue()))
        assert load_cases(io.StringIO(dumps_cases(cases))) == cases

    only_qcdc_errors(load)


@FUZZ
@given(st.sampled_from([None, 5, 3.5, b"id\n", object(), ["id"], [b"x"]]))
def test_load_cases_on_what_is_not_a_source(source: Any) -> None:
    only_qcdc_errors(lambda: list(iter_cases(source)))


def _case_through(dates: list[dt.date]) -> InspectionCase:
    states = (
        CaseState.OPENED,
        CaseState.UNDER_SUPERVISION,
        CaseState.VIOLATION_FOUND,
        CaseState.RECOMMENDATION_SENT,
    )
    return InspectionCase.from_dates(
        "X",
        board="B",
        subject=Subject.LAND,
        origin=Origin.PETITION,
        dates=dict(zip(states, sorted(dates), strict=False)),
    )


@FUZZ
@given(
    st.lists(edge_dates, min_size=1, max_size=4),
    edge_dates,
    st.integers(1, 10**6),
    st.sampled_from(DayCount),
)
@example([D(9999, 12, 31)] * 4, D(9999, 12, 31), 15, DayCount.CALENDAR)
def test_deadlines_near_the_ends_of_time(
    dates: list[dt.date], on: dt.date, days: int, count: DayCount
) -> None:
    case = _case_through(dates)
    book = DeadlineRulebook(
        (DeadlineRule("any", EffectivePeriod(D(1, 1, 1)), days, count, Citation("fuzz")),)
    )
    only_qcdc_errors(lambda: response_deadline(case))
    only_qcdc_errors(lambda: response_deadline(case, rulebook=book))
    only_qcdc_errors(lambda: overdue([case], on=on))
    only_qcdc_errors(lambda: overdue([case], on=on, rulebook=book))


@FUZZ
@given(st.lists(edge_dates, min_size=1, max_size=4), edge_dates, edge_dates)
@example([D(9999, 12, 31)], D(9999, 1, 1), D(9999, 12, 31))
def test_tallies_near_the_ends_of_time(dates: list[dt.date], a: dt.date, b: dt.date) -> None:
    case = _case_through(dates)
    start, end = min(a, b), max(a, b)
    only_qcdc_errors(lambda: tally([case], Period(start, end)))
    only_qcdc_errors(lambda: tally_by_unit([case], Period(start, end), as_of=end))
    only_qcdc_errors(lambda: tally([case], EffectivePeriod(start), as_of=end))


# ------------------------------------------------------------------ the qcdc cases commands

_CSV = "id,board,unit,subject,origin,opened,under_supervision,violation_found,recommendation_sent\n"

arguments = st.one_of(
    st.builds(_date_text, edge_dates, st.just(0)),
    st.builds(lambda a, b: f"{a.isoformat()}..{b.isoformat()}", edge_dates, edge_dates),
    st.sampled_from(["năm 9999", "quý IV/9999", "năm 0001", "quý 2/0000", "2021", "9" * 50]),
    st.text(max_size=30),
)


def _run(cli: Callable[..., Any], argv: list[str]) -> tuple[int, str]:
    """The exit status and standard error of one run (argparse's own refusal is exit 2)."""
    try:
        result = cli(*argv)
    except SystemExit as exc:  # argparse: a value its type= refused (exit 2)
        return (exc.code if isinstance(exc.code, int) else 1), ""
    assert "Traceback" not in result.err
    return result.status, result.err


@settings(
    FUZZ,
    # a run of the command costs ~0.1 s: a tenth of the fuzz profile's examples
    max_examples=max(FUZZ.max_examples // 10, 30),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    dates=st.lists(edge_dates, min_size=4, max_size=4),
    period=arguments,
    on=arguments,
    days=st.one_of(st.none(), st.integers(-5, 10**30).map(str), st.text(max_size=5)),
    reported=st.one_of(st.none(), st.text(max_size=20), st.from_regex(r"supervised=[0-9]{1,60}")),
)
@example(
    dates=[D(9999, 12, 31)] * 4,
    period="9999-12-31..9999-12-31",
    on="9999-12-31",
    days="15",
    reported=None,
)
@example(
    dates=[D(2021, 3, 1)] * 4, period="năm 9999", on="2021-12-31", days=str(10**20), reported=None
)
def test_the_cases_commands_answer_every_input_without_a_traceback(
    cli: Callable[..., Any],
    tmp_path: Path,
    dates: list[dt.date],
    period: str,
    on: str,
    days: str | None,
    reported: str | None,
) -> None:
    """Exit 0 or 1 (findings) or 2 (bad input): never 3 (an internal error), never a
    traceback."""
    path = tmp_path / "cases.csv"
    d = sorted(dates)
    path.write_text(
        _CSV + f"X,B,00004,land,petition,{d[0]},{d[1]},{d[2]},{d[3]}\n", encoding="utf-8"
    )
    tally_args = ["cases", "tally", str(path), "--period", period, "--on", on]
    if reported is not None:
        tally_args += ["--reported", reported]
    status, err = _run(cli, tally_args)
    assert status in (0, 1, 2), err
    overdue_args = ["cases", "overdue", str(path), "--on", on]
    if days is not None:
        overdue_args += ["--days", days]
    status, err = _run(cli, overdue_args)
    assert status in (0, 2), err


def test_the_builtins_this_file_guards_against() -> None:
    """The fuzz tests above treat every exception but a QcdcError as a failure; none of
    the builtins a parser could leak is one."""
    assert not any(issubclass(b, QcdcError) for b in _BUILTINS)
