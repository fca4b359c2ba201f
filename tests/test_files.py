"""Every loader that takes a path refuses a bad one with an InputError naming it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qcdc.errors import InputError
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
