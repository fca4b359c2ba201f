"""Exit statuses of the command: a closed pipe ends quietly, a bug is one line and exit 3."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest

from qcdc import cli


class _ClosedPipe(io.StringIO):
    """A standard output whose reader went away after the first 100 characters."""

    def write(self, s: str) -> int:
        if self.tell() + len(s) > 100:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(s)

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no file descriptor")


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--format", "json"],
        ["units", "find", "Tân Phong", "--on", "2021-12-17", "--format", "json"],
        ["units", "export", "--on", "2021-12-17", "--format", "csv"],
        ["docs", "parse", "14/2018/TT-BNV", "2200-QĐ/TU"],
    ],
)
def test_a_closed_pipe_ends_quietly(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`qcdc … | head` prints no 'Broken pipe' error (issue 15) and exits as cat does."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    status = cli.main(argv)
    err = capsys.readouterr().err
    assert status == cli.EXIT_PIPE == 141
    assert "Broken pipe" not in err and "error" not in err


def test_an_internal_error_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug is not reported as bad input (2) nor as findings (1), and shows no traceback."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("qcdc.units.gazetteer.Gazetteer.count", broken)
    status = cli.main(["units", "count", "--on", "2021-12-17"])
    err = capsys.readouterr().err
    assert status == cli.EXIT_INTERNAL == 3
    assert "internal error: ZeroDivisionError: division by zero" in err
    assert "please report it" in err and "Traceback" not in err


def test_deep_nesting_is_bad_input_not_a_crash(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A TOML or JSON report nested a hundred thousand levels deep is refused as input."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    status = cli.main(["check", str(deep)])
    err = capsys.readouterr().err
    assert status == cli.EXIT_BAD_INPUT
    assert "nested too deeply" in err and "Traceback" not in err
