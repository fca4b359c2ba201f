"""Every loader that takes a path refuses a bad one with an InputError naming it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc._files import BadRows
from qcdc.errors import InputError, ValidationFailed
from qcdc.io import load_cases, load_hamlets, load_plan, load_tasks
from qcdc.reports import load_report

LOADERS: list[Callable[[str], object]] = [
    load_hamlets,
    load_plan,
    load_cases,
    load_tasks,
    load_report,
]


@pytest.mark.parametrize("load", LOADERS)
def test_missing_file_directory_nul_and_latin1(
    load: Callable[[str], object], tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="not found") as info:
        load(str(tmp_path / "nope.csv"))
    assert info.value.source == str(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="cannot read"):
        load(str(tmp_path))  # a directory
    with pytest.raises(InputError, match="not a usable path"):
        load(str(tmp_path / "a\x00b"))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("id,name\n1,Thôn Đông\n".encode("cp1258"))
    with pytest.raises(InputError, match="not UTF-8") as info:
        load(str(latin1))
    assert info.value.line == 2


# --- writing outputs (issue 11 §2, issue 15 §3) ------------------------------------------

from qcdc._files import check_output, write_outputs  # noqa: E402


def test_outputs_are_written_whole_and_say_what_they_replaced(tmp_path: Path) -> None:
    old = tmp_path / "a.csv"
    old.write_text("old", encoding="utf-8")
    done = write_outputs({old: "new", tmp_path / "b.csv": b"bytes"})
    assert [(p.name, replaced) for p, replaced in done] == [("a.csv", True), ("b.csv", False)]
    assert old.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]  # no temporaries


def test_no_output_is_written_when_one_fails(tmp_path: Path) -> None:
    first = tmp_path / "first.csv"

    def fails(path: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(InputError, match="No space left"):
        write_outputs({first: "data", tmp_path / "second.db": fails})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["link", "dangling link", "directory", "missing folder"])
def test_outputs_that_cannot_be_written_safely_are_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "real.csv"
    target.write_text("keep", encoding="utf-8")
    out = tmp_path / "out.csv"
    if kind == "link":
        out.symlink_to(target)
    elif kind == "dangling link":
        out.symlink_to(tmp_path / "nowhere.csv")
    elif kind == "directory":
        out.mkdir()
    else:
        out = tmp_path / "no" / "such" / "out.csv"
    with pytest.raises(InputError):
        write_outputs({out: "x"})
    assert target.read_text(encoding="utf-8") == "keep"


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "hamlets.csv"
    data.write_text("id\n", encoding="utf-8")
    with pytest.raises(InputError, match="also an input"):
        check_output(data, inputs=[data])
    with pytest.raises(InputError, match="also an input"):
        check_output(tmp_path / "." / "hamlets.csv", inputs=[str(data)])
    with pytest.raises(InputError, match="same file"):
        write_outputs({str(tmp_path / "x.csv"): "a", f"{tmp_path}/./x.csv": "b"})


# ------------------------------------------------------------------ BadRows


@given(st.integers(min_value=0, max_value=120), st.integers(min_value=1, max_value=60))
def test_bad_rows_counts_every_row_and_keeps_at_most_the_limit(n: int, limit: int) -> None:
    bad = BadRows("f.csv", limit=limit)
    for row in range(2, n + 2):
        bad.add(InputError("bad", source="f.csv", row=row, field="x"))
    if n == 0:
        bad.check()  # nothing to say
        return
    with pytest.raises(ValidationFailed) as info:
        bad.check()
    assert f"{n} bad row" in str(info.value)
    assert [e.row for e in info.value.exceptions] == list(range(2, min(n, limit) + 2))
    assert ("first" in str(info.value)) == (n > limit)


def test_a_toml_integer_too_long_to_convert_is_an_input_error() -> None:
    from qcdc._files import loads_structured

    with pytest.raises(InputError, match="not usable TOML"):
        loads_structured("x = " + "1" * 5000, format="toml", source="t.toml")


def test_a_csv_writer_refusal_is_an_input_error() -> None:
    import csv
    import io

    from qcdc._files import csv_writing

    writer = csv.writer(io.StringIO(), quoting=csv.QUOTE_NONE)  # refuses a comma in a cell
    with pytest.raises(InputError, match="cannot write the rows as CSV"), csv_writing("the rows"):
        writer.writerow(["a,b"])
