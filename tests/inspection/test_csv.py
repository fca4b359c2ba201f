"""Case records as CSV: loading, dumping, every bad row reported."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc.dates import as_date
from qcdc.errors import (
    InputError,
    ValidationFailed,
)
from qcdc.inspection import (
    CaseState,
    Origin,
    Subject,
)
from qcdc.inspection._csv import COLUMNS, dump_cases, dumps_cases, iter_cases, load_cases

D = dt.date
DATA = Path(__file__).parent.parent / "data" / "inspection"
CASES_CSV = DATA / "cases_hanoi_2021.csv"


HEADER = ",".join(COLUMNS)


def csv_text(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> io.StringIO:
    lines = [",".join(columns)]
    for row in rows:
        lines.append(",".join(row.get(c, "") for c in columns))
    return io.StringIO("\n".join(lines) + "\n")


BASE = {
    "id": "X-1",
    "board": "BTTND-00004",
    "unit": "00004",
    "subject": "land",
    "origin": "petition",
    "opened": "2021-03-01",
}


def the_bad_row(load: Callable[[], object]) -> InputError:
    """The one error of a file with one bad row (a ValidationFailed of one part)."""
    with pytest.raises(ValidationFailed) as info:
        load()
    [error] = info.value.exceptions
    assert isinstance(error, InputError)
    return error


def header_error(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> InputError:
    """A header that is not usable is one InputError, raised at once."""
    with pytest.raises(InputError) as info:
        load_cases(csv_text(*rows, columns=columns), name="cases.csv")
    assert info.value.source == "cases.csv"
    return info.value


def load_error(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> InputError:
    error = the_bad_row(lambda: load_cases(csv_text(*rows, columns=columns), name="cases.csv"))
    assert error.source == "cases.csv"
    return error


class TestCaseRecords:
    def test_dump_then_load_is_lossless(self, tmp_path: Path) -> None:
        cases = load_cases(CASES_CSV)
        assert len(cases) == 12
        assert load_cases(io.StringIO(dumps_cases(cases))) == cases
        target = tmp_path / "out.csv"
        dump_cases(cases, target)
        assert load_cases(target) == cases
        assert target.read_text(encoding="utf-8") == CASES_CSV.read_text(encoding="utf-8")
        out = io.StringIO()
        dump_cases(cases, out)
        assert out.getvalue() == dumps_cases(cases)

    def test_iter_cases_streams(self) -> None:
        it = iter_cases(CASES_CSV)
        assert next(it).id == "HN-2020-012"

    def test_lenient_forms_are_read(self) -> None:
        text = (
            "\ufeff"
            + HEADER
            + "\n"
            + ",".join(
                {
                    **BASE,
                    "subject": "Đất đai",
                    "origin": "được chuyển đến",
                    "opened": "1/3/2021",
                }.get(c, "")
                for c in COLUMNS
            )
            + "\n,,,\n"
        )
        [case] = load_cases(io.StringIO(text))
        assert (case.subject, case.origin, case.opened) == (
            Subject.LAND,
            Origin.REFERRED,
            D(2021, 3, 1),
        )

    def test_only_the_required_columns(self) -> None:
        columns = ("id", "board", "subject", "origin", "opened")
        [case] = load_cases(csv_text(BASE, columns=columns))
        assert case.unit is None and case.state is CaseState.OPENED

    def test_unknown_duplicate_and_missing_columns(self) -> None:
        err = header_error(BASE, columns=(*COLUMNS, "note"))
        assert (err.row, err.field) == (1, "note")
        err = header_error(BASE, columns=(*COLUMNS, "opened"))
        assert (err.row, err.field) == (1, "opened")
        err = header_error(BASE, columns=("id", "board", "subject", "opened"))
        assert err.field == "origin"

    def test_blank_required_value(self) -> None:
        err = load_error(BASE, {**BASE, "id": "X-2", "board": ""})
        assert (err.row, err.field) == (3, "board")

    def test_bad_and_impossible_dates(self) -> None:
        err = load_error({**BASE, "under_supervision": "March 2"})
        assert (err.row, err.field) == (2, "under_supervision")
        err = load_error({**BASE, "under_supervision": "2021-02-30"})
        assert err.field == "under_supervision" and "not a real date" in str(err)
        err = load_error({**BASE, "recommendation_sent": "2021-03-05", "received": "2021/03/05"})
        assert err.field == "received"

    def test_dates_are_read_as_qcdc_dates_reads_them(self) -> None:
        """One date coercer: the forms qcdc.dates.as_date reads, and no other."""
        for text in ("2021-03-02", "2/3/2021", "02-03-2021", "2.3.2021", " 02/03/2021 "):
            [case] = load_cases(csv_text({**BASE, "under_supervision": text}))
            assert case.date_of(CaseState.UNDER_SUPERVISION) == as_date(text) == D(2021, 3, 2)

    def test_illegal_path_names_the_column(self) -> None:
        row = {
            **BASE,
            "under_supervision": "2021-03-02",
            "no_violation": "2021-03-03",
            "violation_found": "2021-03-04",
        }
        err = load_error(row)
        assert (err.row, err.field) == (2, "violation_found")
        assert "no_violation" in str(err)
        err = load_error({**BASE, "resolved": "2021-04-01"})
        assert err.field == "resolved"

    def test_dates_going_backwards_name_the_column(self) -> None:
        row = {**BASE, "under_supervision": "2021-03-05", "violation_found": "2021-03-04"}
        err = load_error(row)
        assert err.field == "violation_found" and "backwards" in str(err)

    def test_unit_codes(self) -> None:
        err = load_error({**BASE, "unit": "4"})
        assert err.field == "unit" and "00004" in str(err)
        err = load_error({**BASE, "unit": "P.4"})
        assert err.field == "unit"

    def test_details_without_their_step(self) -> None:
        err = load_error({**BASE, "authority": "UBND"})
        assert err.field == "authority"
        err = load_error({**BASE, "received": "2021-03-05"})
        assert err.field == "received"
        err = load_error({**BASE, "escalated_to": "UBND quận"})
        assert err.field == "escalated_to"
        row = {
            **BASE,
            "under_supervision": "2021-03-02",
            "violation_found": "2021-03-03",
            "recommendation_sent": "2021-03-05",
            "received": "2021-03-04",
        }
        err = load_error(row)
        assert err.field == "received"

    def test_bad_subject_and_duplicate_id(self) -> None:
        err = load_error({**BASE, "subject": "weather"})
        assert (err.row, err.field) == (2, "subject")
        err = load_error(BASE, BASE)
        assert (err.row, err.field) == (3, "id")
        assert "row 2" in str(err)

    def test_ragged_rows_empty_files_and_missing_files(self, tmp_path: Path) -> None:
        text = io.StringIO(HEADER + "\nX-1,B,00004\n")
        err = the_bad_row(lambda: load_cases(text))
        assert err.row == 2 and err.source == "<stream>"
        with pytest.raises(InputError, match="empty"):
            load_cases(io.StringIO(""))
        with pytest.raises(InputError, match="not found"):
            load_cases(tmp_path / "nope.csv")

    def test_malformed_csv(self) -> None:
        huge = "x" * 200_000
        with pytest.raises(InputError) as info:
            load_cases(io.StringIO(f'"{huge}"\n'))
        assert info.value.row == 1 and "CSV" in str(info.value)
        err = the_bad_row(lambda: load_cases(io.StringIO(f'{HEADER}\n"{huge}"\n')))
        assert err.row == 2

    def test_the_shipped_bad_file(self) -> None:
        err = the_bad_row(lambda: load_cases(DATA / "cases_bad_dates.csv"))
        assert (err.row, err.field) == (3, "resolved")


# --------------------------------------------------------------------------------------
# Every bad row at once (issue 11)
# --------------------------------------------------------------------------------------

# a kind of bad row: the cells it changes and the column the error must name
# (None: a row of the wrong length, which names no column)
_BAD_KINDS: dict[str, tuple[dict[str, str], str | None]] = {
    "date": ({"under_supervision": "2021-02-30"}, "under_supervision"),
    "blank": ({"board": ""}, "board"),
    "subject": ({"subject": "weather"}, "subject"),
    "unit": ({"unit": "P.4"}, "unit"),
    "path": ({"resolved": "2021-04-01"}, "resolved"),
    "backwards": ({"under_supervision": "2021-02-01"}, "under_supervision"),
    "short": ({}, None),
}


def _planted(kinds: list[str | None]) -> tuple[str, list[tuple[int, str | None]], list[str]]:
    """CSV text with one row per item (None: a good row), the (row, column) of each bad
    row, and the ids of the good rows in order."""
    lines = [HEADER]
    expected: list[tuple[int, str | None]] = []
    good: list[str] = []
    for i, kind in enumerate(kinds):
        row = {**BASE, "id": f"X-{i}", "under_supervision": "2021-03-02"}
        if kind is None:
            good.append(row["id"])
            lines.append(",".join(row.get(c, "") for c in COLUMNS))
            continue
        cells, column = _BAD_KINDS[kind]
        row.update(cells)
        text = ",".join(row.get(c, "") for c in COLUMNS)
        lines.append(text.rsplit(",", 3)[0] if kind == "short" else text)
        expected.append((i + 2, column))
    return "\n".join(lines) + "\n", expected, good


def _found(text: str) -> tuple[list[tuple[int | None, str | None]], list[str], int]:
    seen: list[str] = []
    with pytest.raises(ValidationFailed) as info:
        seen.extend(case.id for case in iter_cases(io.StringIO(text), name="cases.csv"))
    errors = info.value.exceptions
    assert all(isinstance(e, InputError) and e.source == "cases.csv" for e in errors)
    rows = [(e.row, e.field) for e in errors if isinstance(e, InputError)]
    counted = re.match(r"cases\.csv: (\d+) bad rows?", info.value.message)
    assert counted is not None
    return rows, seen, int(counted.group(1))


def test_every_bad_row_is_reported_at_once() -> None:
    """A file with N bad rows among good ones: one error naming exactly those N rows and
    their columns; every good row is read, unchanged."""
    kinds: list[str | None] = [None] * 40
    for n, kind in enumerate(_BAD_KINDS):
        kinds[3 + 5 * n] = kind
    text, expected, good = _planted(kinds)
    rows, seen, count = _found(text)
    assert rows == expected and count == len(_BAD_KINDS)
    assert seen == good
    # the good rows are the rows read from a file of the good rows alone
    only_good = [line for i, line in enumerate(text.splitlines()[1:]) if kinds[i] is None]
    clean = load_cases(io.StringIO("\n".join([HEADER, *only_good]) + "\n"))
    assert [c.id for c in clean] == good


def test_past_the_limit_bad_rows_are_counted() -> None:
    text, expected, _ = _planted(["date"] * 60 + [None])
    rows, seen, count = _found(text)
    assert count == 60 and rows == expected[:50] and len(seen) == 1
    with pytest.raises(ValidationFailed, match="60 bad rows"):
        load_cases(io.StringIO(text))


@given(st.lists(st.one_of(st.none(), st.sampled_from(sorted(_BAD_KINDS))), max_size=30))
def test_bad_rows_are_all_reported_and_good_rows_all_read(kinds: list[str | None]) -> None:
    """Whatever rows are bad: each is named once with its column, in file order, and the
    good rows are read unchanged (none dropped, none altered)."""
    text, expected, good = _planted(kinds)
    if not expected:
        assert [c.id for c in load_cases(io.StringIO(text))] == good
        return
    rows, seen, count = _found(text)
    assert rows == expected and count == len(expected) and seen == good


# --------------------------------------------------------------------------------------
# Linear time (issue 11)
# --------------------------------------------------------------------------------------


def _good_row(i: int) -> str:
    row = {**BASE, "id": f"X-{i}", "under_supervision": "2021-03-02"}
    return ",".join(row.get(c, "") for c in COLUMNS)


def _bad_row(i: int) -> str:
    return _good_row(i).replace("2021-03-02", "2021-02-30")


def _long_row(i: int) -> str:
    row = {
        **BASE,
        "id": f"X-{i}",
        "under_supervision": "2021-03-02",
        "violation_found": "2021-03-03",
        "recommendation_sent": "2021-03-04",
        "recommendation": "Đề nghị xem xét " * 60,
    }
    return ",".join(row.get(c, "") for c in COLUMNS)


_SHAPES: dict[str, Callable[[int], str]] = {
    "good rows": _good_row,
    "bad rows": _bad_row,
    "long cells": _long_row,
    "blank lines": lambda i: ",,,,",
    "duplicate ids": lambda i: _good_row(0),
}


def _file_of(shape: Callable[[int], str], size: int) -> str:
    lines, total, i = [HEADER], 0, 0
    while total < size:
        lines.append(shape(i))
        total += len(lines[-1]) + 1
        i += 1
    return "\n".join(lines) + "\n"


def _seconds(text: str, repeat: int) -> float:
    """The mean time of ``repeat`` loads (after a collection, so that garbage from the
    previous measurement is not charged to this one)."""
    gc.collect()
    t0 = time.thread_time()
    for _ in range(repeat):
        with contextlib.suppress(ValidationFailed):
            load_cases(io.StringIO(text))
    return (time.thread_time() - t0) / repeat


@pytest.mark.parametrize("shape", sorted(_SHAPES))
def test_loading_is_linear_in_the_size_of_the_file(shape: str) -> None:
    """1 MB of rows takes at most 300 times as long as 10 kB of the same rows (100 times the
    input; a quadratic loader would take ~10,000 times as long)."""
    small, big = _file_of(_SHAPES[shape], 10_000), _file_of(_SHAPES[shape], 1_000_000)
    _seconds(small, 3)  # warm up
    ratio = _seconds(big, 1) / _seconds(small, 20)
    assert ratio < 300, f"{shape}: 100 x the input took {ratio:.0f} x the time"


@pytest.mark.parametrize("column", ["subject", "unit", "opened", "board"])
def test_an_error_quotes_a_huge_cell_briefly(column: str) -> None:
    """A 100 kB cell is named in a message of a few lines, not copied whole (issue 11)."""
    huge = "9" * 100_000 if column != "board" else " " * 100_000
    err = load_error({**BASE, column: huge})
    assert err.field == column and len(str(err)) < 1_000


def test_dump_cases_never_writes_through_a_link(tmp_path: Path) -> None:
    """dump_cases(path) writes as every qcdc output does: atomically, never through a
    symbolic link (the file it points to is left as it was)."""
    cases = load_cases(CASES_CSV)
    kept = tmp_path / "kept.csv"
    kept.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(kept)
    with pytest.raises(InputError, match="symbolic link"):
        dump_cases(cases, link)
    assert kept.read_text(encoding="utf-8") == "precious\n"
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    with pytest.raises(InputError, match="symbolic link"):
        dump_cases(cases, dangling)
    assert not (tmp_path / "nowhere.csv").exists()
    dump_cases(cases, kept)
    assert load_cases(kept) == cases
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling.csv", "kept.csv", "link.csv"]
