"""Case CSV files read batch by batch: read_case_tallies and rollup_csv give exactly the
tallies of the cases load_cases reads from the same file, whatever the batches, and
name the file, the row and the column of a bad row."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc.errors import InputError, MissingDependency, UnknownUnit, ValidationFailed
from qcdc.inspection import (
    CaseState,
    CaseTally,
    InspectionCase,
    _cli,
    read_case_tallies,
    rollup,
    rollup_csv,
    tally,
    tally_by_unit,
    tally_table_by_unit,
)
from qcdc.inspection._csv import COLUMNS, dumps_cases, load_cases
from qcdc.inspection._strategies import inspection_cases
from qcdc.units import UnitLevel
from qcdc.units.gazetteer import gazetteer

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

D = dt.date
ON = D(2021, 12, 17)
REFORM = D(2025, 7, 1)
DATA = Path(__file__).parent.parent / "data" / "inspection"
CASES_CSV = DATA / "cases_hanoi_2021.csv"

UNITS = st.sampled_from(["00001", "00004", "00007", "00040", "10237", None])
case_lists = st.lists(
    inspection_cases(units=UNITS, min_date=D(2020, 10, 1), max_date=D(2022, 3, 1)),
    max_size=30,
    unique_by=lambda c: c.id,
)
as_ofs = st.one_of(st.none(), st.dates(D(2020, 6, 1), D(2022, 6, 1)))


@pytest.fixture(autouse=True)
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices of 4 rows in the columnar kernel, so that a batch crosses slices too."""
    from qcdc.inspection import _columnar

    monkeypatch.setattr(_columnar, "_CHUNK", 4)


@contextlib.contextmanager
def csv_file(text: str) -> Iterator[str]:
    """A temporary file holding ``text`` (hypothesis runs many examples per test, so
    not ``tmp_path``)."""
    fd, path = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    try:
        yield path
    finally:
        os.unlink(path)


# ------------------------------------------------------------------- the same tallies


@settings(max_examples=60, deadline=None)
@given(
    cases=case_lists,
    period=st.sampled_from([2021, 2020, 2022]),
    as_of=as_ofs,
    block=st.integers(1, 3000),
)
def test_a_file_read_batch_by_batch_tallies_as_the_loaded_cases(
    cases: list[InspectionCase], period: int, as_of: D | None, block: int
) -> None:
    """For every set of case records written to a CSV file, read_case_tallies in
    batches of any size (down to a row or two each) equals tally_by_unit of the cases
    load_cases reads from the same file, by unit and in total."""
    with csv_file(dumps_cases(cases)) as path:
        loaded = load_cases(path)
        got = read_case_tallies(path, period, as_of=as_of, block_size=block)
        assert got == tally_by_unit(loaded, period, as_of=as_of)
        total = read_case_tallies(path, period, as_of=as_of, by_unit=False, block_size=block)
        assert total == tally(loaded, period, as_of=as_of)


def table_of(cases: Sequence[InspectionCase]) -> Any:
    """The records as a pyarrow Table: ``unit`` as text, a date column per state."""
    columns: dict[str, Any] = {"unit": pa.array([c.unit for c in cases], pa.string())}
    for state in CaseState:
        days = [{s.state: s.on for s in c.history}.get(state) for c in cases]
        columns[state.value] = pa.array(days, pa.date32())
    return pa.table(columns)


def _sum(parts: Sequence[dict[str | None, CaseTally]]) -> dict[str | None, CaseTally]:
    out: dict[str | None, CaseTally] = {}
    for part in parts:
        for key, t in part.items():
            out[key] = out[key] + t if key in out else t
    return dict(sorted(out.items(), key=lambda kv: (kv[0] is None, kv[0] or "")))


@settings(max_examples=60, deadline=None)
@given(cases=case_lists, cuts=st.lists(st.integers(0, 30), max_size=6), as_of=as_ofs)
def test_the_tallies_of_a_partition_sum_to_the_tally_of_the_whole(
    cases: list[InspectionCase], cuts: list[int], as_of: D | None
) -> None:
    """Rule (DESIGN, inspection): the tally of a partition sums to the tally of the
    whole. A table cut anywhere into pieces: the sum of the pieces' columnar tallies
    equals the columnar tally of the whole and the object path's."""
    table = table_of(cases)
    bounds = sorted({0, len(cases), *(c for c in cuts if c <= len(cases))})
    pieces = [table.slice(a, b - a) for a, b in itertools.pairwise(bounds)]
    whole = tally_by_unit(cases, 2021, as_of=as_of)
    assert _sum([tally_table_by_unit(p, 2021, as_of=as_of) for p in pieces]) == whole
    assert tally_table_by_unit(table, 2021, as_of=as_of) == whole


def test_a_partition_that_loses_a_row_does_not_sum_to_the_whole() -> None:
    """The partition rule fails when a piece is missing (the test above can fail)."""
    cases = load_cases(CASES_CSV)
    table = table_of(cases)
    pieces = [table.slice(0, 3), table.slice(4)]  # row 3 left out
    assert _sum([tally_table_by_unit(p, 2021) for p in pieces]) != tally_by_unit(cases, 2021)


_COMMUNES_2021 = [u.code for u in gazetteer().units(on=ON, level="commune")]
coded_cases = st.lists(
    inspection_cases(
        units=st.sampled_from(_COMMUNES_2021[::97]),
        min_date=D(2021, 1, 1),
        max_date=D(2021, 12, 31),
    ),
    max_size=25,
    unique_by=lambda c: c.id,
)


@settings(max_examples=25, deadline=None)
@given(cases=coded_cases, level=st.sampled_from([UnitLevel.PROVINCE, UnitLevel.COMMUNE]))
def test_rollup_csv_equals_the_rollup_of_the_loaded_cases(
    cases: list[InspectionCase], level: UnitLevel
) -> None:
    """rollup_csv of a file equals rollup() of tally_by_unit() of load_cases() of it,
    carried from the units of 2021 to those of 1 July 2025."""
    with csv_file(dumps_cases(cases)) as path:
        by_unit = {k: v for k, v in tally_by_unit(load_cases(path), 2021).items() if k}
        expected = rollup(by_unit, on=ON, to=REFORM, level=level, on_unresolved="drop")
        got = rollup_csv(path, 2021, on=ON, to=REFORM, level=level, on_unresolved="drop")
        assert got == expected


def test_the_sample_file_in_any_batches() -> None:
    expected = tally_by_unit(load_cases(CASES_CSV), 2021)
    for block in (1, 50, 300, 1 << 20):
        assert read_case_tallies(CASES_CSV, 2021, block_size=block) == expected


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    """Empty lines and rows of blank cells are skipped, as the loader skips them, and
    still count as rows: a bad row after them is named by the loader's row number."""
    lines = CASES_CSV.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    blank = "," * (len(header.split(",")) - 1)
    text = "\n".join([header, rows[0], "", blank, "  ,  ", *rows[1:]]) + "\n"
    path = tmp_path / "cases.csv"
    path.write_text(text, encoding="utf-8")
    assert read_case_tallies(path, 2021) == tally_by_unit(load_cases(path), 2021)
    cells = rows[1].split(",")
    cells[header.split(",").index("opened")] = "2021-02-30"
    bad = text.replace(rows[1], ",".join(cells))
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ValidationFailed) as loader:
        load_cases(path)
    with pytest.raises(InputError) as info:
        read_case_tallies(path, 2021, block_size=64)
    first = loader.value.exceptions[0]
    assert isinstance(first, InputError) and first.reason in str(info.value)
    assert (info.value.row, info.value.field) == (first.row, first.field) == (6, "opened")


# ------------------------------------------------------------------------ bad files


def _file(tmp_path: Path, rows: list[dict[str, str]], columns: Sequence[str] = COLUMNS) -> Path:
    base = {"board": "B", "unit": "00004", "subject": "land", "origin": "petition"}
    lines = [",".join(columns)]
    for i, row in enumerate(rows):
        cells = {"id": f"X{i}", **base, "opened": "2021-03-01", **row}
        lines.append(",".join(cells.get(c, "") for c in columns))
    path = tmp_path / "cases.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _error(path: Path, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as info:
        read_case_tallies(path, 2021, **kwargs)
    return info.value


@pytest.mark.parametrize("block", [1, 1 << 20])
def test_a_bad_date_names_the_file_the_row_and_the_column(tmp_path: Path, block: int) -> None:
    rows = [{}, {"under_supervision": "2021-02-30"}, {}, {"under_supervision": "31/02/2021"}]
    error = _error(_file(tmp_path, rows), block_size=block)
    assert error.source == str(tmp_path / "cases.csv")
    assert (error.row, error.field) == (3, "under_supervision")
    assert "2 rows with this problem" in str(error)


def test_dates_in_every_format_of_the_loader_are_read(tmp_path: Path) -> None:
    rows = [{"opened": "01/03/2021", "under_supervision": "02.03.2021"}, {"opened": "03-03-2021"}]
    path = _file(tmp_path, rows)
    assert read_case_tallies(path, 2021) == tally_by_unit(load_cases(path), 2021)


def test_a_state_out_of_the_lifecycle_names_the_state_and_the_row(tmp_path: Path) -> None:
    error = _error(_file(tmp_path, [{}, {}, {"resolved": "2021-04-01"}]))
    assert (error.row, error.field) == (4, "resolved")
    assert "allowed next states: under_supervision" in str(error)


def test_dates_that_go_backwards_are_refused(tmp_path: Path) -> None:
    error = _error(_file(tmp_path, [{"under_supervision": "2021-02-01"}]))
    assert (error.row, error.field) == (2, "under_supervision")
    assert "dates never go backwards" in str(error)


@pytest.mark.parametrize("column", ["id", "board", "subject", "origin", "opened"])
def test_a_required_cell_left_blank_is_refused(tmp_path: Path, column: str) -> None:
    error = _error(_file(tmp_path, [{}, {column: " "}]))
    assert (error.row, error.field) == (3, column)
    assert "required and blank" in str(error)


def test_subject_and_origin_are_read_as_the_loader_reads_them(tmp_path: Path) -> None:
    """By name or Vietnamese label, in any case; what the loader refuses is refused with its
    message, the row and the column (a large file checks what a small one does)."""
    good = [{"subject": "Land", "origin": "kiến nghị của công dân"}, {"subject": "đất đai"}]
    path = _file(tmp_path, good)
    assert read_case_tallies(path, 2021, by_unit=False) == tally(load_cases(path), 2021)
    path = _file(tmp_path, [{}, {"subject": "weather", "origin": "đất đai"}])
    error = _error(path)
    with pytest.raises(ValidationFailed) as failed:
        load_cases(path)
    (loader,) = failed.value.exceptions
    assert isinstance(loader, InputError)
    assert (error.row, error.field) == (3, "subject") == (loader.row, loader.field)
    assert error.reason.startswith(loader.reason + ";")
    assert "other rows are bad in column(s) origin" in str(error)


def test_a_bad_unit_code_names_the_row_and_suggests_leading_zeros(tmp_path: Path) -> None:
    error = _error(_file(tmp_path, [{}, {"unit": "4"}]))
    assert (error.row, error.field) == (3, "unit") and "leading zeros" in str(error)


def test_the_other_problems_are_named_by_column(tmp_path: Path) -> None:
    error = _error(_file(tmp_path, [{"unit": "4"}, {}, {"opened": "x"}]), block_size=1)
    assert error.row == 2 and "other rows are bad in column(s) opened" in str(error)


def test_a_row_of_the_wrong_length_is_named(tmp_path: Path) -> None:
    path = _file(tmp_path, [{}, {}])
    path.write_text(path.read_text(encoding="utf-8") + "X9,B\n", encoding="utf-8")
    error = _error(path)
    assert (error.row, error.reason) == (4, f"expected {len(COLUMNS)} values, got 2")


def test_the_header_is_checked_as_the_loader_checks_it(tmp_path: Path) -> None:
    for columns in (["id", "board", "subject", "origin"], [*COLUMNS, "colour"], ["id", "id"]):
        path = _file(tmp_path, [{}], columns)
        with pytest.raises(InputError) as loader:
            load_cases(path)
        assert str(_error(path)) == str(loader.value)


def test_a_file_that_is_not_there_or_not_utf8_or_empty(tmp_path: Path) -> None:
    assert "file not found" in str(_error(tmp_path / "none.csv"))
    path = _file(tmp_path, [{"authority": "UBND"}])
    path.write_bytes(path.read_bytes().replace(b"UBND", b"\xe9"))
    assert "not UTF-8" in str(_error(path))
    path.write_bytes(b"")
    assert "empty" in str(_error(path))
    with pytest.raises(InputError):
        read_case_tallies(path, 2021, block_size=0)
    with pytest.raises(InputError):
        read_case_tallies(123, 2021)  # type: ignore[arg-type]


def test_reading_a_file_batch_by_batch_needs_pyarrow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, [{}])
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.csv", None)
    with pytest.raises(MissingDependency) as info:
        read_case_tallies(path, 2021)
    assert "qcdc[arrow]" in str(info.value)


# --------------------------------------------------------------------------- roll-ups


def test_rollup_csv_names_the_rows_of_an_unknown_unit(tmp_path: Path) -> None:
    path = _file(tmp_path, [{}, {"unit": "99999"}, {"unit": "99999"}])
    with pytest.raises(UnknownUnit) as info:
        rollup_csv(path, 2021, on=ON, block_size=1)
    assert info.value.code == "99999"
    assert f"column 'unit' of {path}, first at row 3, 2 rows" in str(info.value)
    dropped = rollup_csv(path, 2021, on=ON, on_unresolved="drop")
    assert set(dropped.unresolved) == {"99999"} and dropped.total() == CaseTally(0, 0, 0, 0)


def test_rollup_csv_refuses_rows_without_a_unit(tmp_path: Path) -> None:
    path = _file(tmp_path, [{}, {"unit": ""}, {"unit": ""}])
    with pytest.raises(InputError) as info:
        rollup_csv(path, 2021, on=ON)
    assert (info.value.row, info.value.field) == (3, "unit")
    assert "2 rows have no unit" in str(info.value)


# --------------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    "argv",
    [
        "--period 2021 --by district",
        "--period 2021 --by commune --to 2025-07-01 --format json",
        "--period 'quý III/2021' --reported supervised=3",
    ],
)
def test_the_command_gives_the_same_output_batch_by_batch(
    cli: Any, monkeypatch: pytest.MonkeyPatch, argv: str
) -> None:
    """cases tally reads a large file batch by batch: the output is the same, byte for
    byte, as from the case objects (here every file is large)."""
    command = f"cases tally {CASES_CSV} {argv}"
    objects = cli(command)
    monkeypatch.setattr(_cli, "STREAM_BYTES", 0)
    assert _cli._streams(str(CASES_CSV))
    assert tuple(cli(command)) == tuple(objects)


def test_the_command_names_the_rows_of_an_unknown_unit_batch_by_batch(
    cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = _file(tmp_path, [{"unit": "99999"}] * 12 + [{}])
    command = f"cases tally {path} --period 2021"
    objects = cli(command)
    monkeypatch.setattr(_cli, "STREAM_BYTES", 0)
    assert tuple(cli(command)) == tuple(objects)
    assert "rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …" in str(tuple(objects))


def test_small_files_and_no_pyarrow_keep_the_case_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not _cli._streams(str(CASES_CSV))  # 1 kB: below STREAM_BYTES
    monkeypatch.setattr(_cli, "STREAM_BYTES", 0)
    assert not _cli._streams("/no/such/file.csv")
    real = _cli.importlib.util.find_spec
    monkeypatch.setattr(
        _cli.importlib.util, "find_spec", lambda n, *a: None if n == "pyarrow" else real(n, *a)
    )
    assert not _cli._streams(str(CASES_CSV))
