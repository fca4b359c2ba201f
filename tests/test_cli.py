"""The qcdc command: the main job, the unit and lineage commands, exit statuses."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import qcdc
from qcdc.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_report_prints_the_hanoi_review_with_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 7 acceptance: the first quick-start line shows the checked Hà Nội report."""
    rc, out, err = run(capsys, "report")
    assert rc == 0
    assert "0 errors" in out
    newest = qcdc.gazetteer().snapshots[-1][0].isoformat()  # the newest list, said
    assert f"These units today (as of {newest})" in out
    assert "are 126 commune-level units since 2025-07-01" in out
    assert "126 communes (75 xã, 51 phường)" in out
    assert "579 communes (383 xã, 175 phường, 21 thị trấn)" in out
    assert "1656/NQ-UBTVQH15" in out
    assert f"using {newest}" in err  # the default date is said, not hidden


def test_report_json_has_sections_findings_and_today(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "report", "--format", "json", "--to", "2025-07-01")
    data = json.loads(out)
    assert rc == 0
    assert data["findings"] == []
    assert data["today"]["after"]["count"] == 126
    assert data["today"]["before"]["by_kind"] == {"xã": 383, "phường": 175, "thị trấn": 21}
    assert data["inspection"]["supervised"]


def test_report_to_an_earlier_list(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "report", "--format", "markdown", "--to", "2025-01-01")
    assert rc == 0
    assert "526 communes" in out


def test_report_of_a_broken_file_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    broken = Path(__file__).parent / "data" / "reports"
    files = sorted(broken.glob("*.toml"))
    assert files, "the broken variants ship with the tests"
    rc, out, _ = run(capsys, "report", str(files[0]))
    assert rc == 1
    assert "✗" in out


def test_units_count_the_first_quick_start_line(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "units", "count", "--within", "01", "--on", "2021-12-17")
    assert rc == 0
    assert "609 units in 01 Thành phố Hà Nội on 2021-12-17" in out
    assert "xã: 383" in out


def test_units_show_find_and_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc, out, _ = run(capsys, "units", "show", "00001", "--on", "2021-12-17")
    assert rc == 0
    assert "Phường Phúc Xá" in out
    assert "in 001 Quận Ba Đình" in out
    rc, out, _ = run(
        capsys, "units", "find", "p. phuc xa", "--on", "2021-12-17", "--format", "json"
    )
    assert rc == 0
    assert json.loads(out)["candidates"][0]["code"] == "00001"
    rc, _, _ = run(capsys, "units", "find", "Tân Phong", "--on", "2021-12-17")
    assert rc == 1  # ambiguous is not an answer
    db = tmp_path / "all.db"
    rc, _, err = run(capsys, "units", "export", "--all", "--format", "sqlite", "--out", str(db))
    assert rc == 0
    assert "records of every date" in err
    con = sqlite3.connect(db)
    names = con.execute(
        "SELECT name FROM units WHERE code = '26740' ORDER BY valid_from"
    ).fetchall()
    con.close()
    assert names == [("Phường Bến Nghé",), ("Phường Sài Gòn",)]


def test_lineage_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc, out, _ = run(
        capsys, "lineage", "project", "00001", "--on", "2021-12-17", "--to", "2025-07-01"
    )
    assert rc == 0
    assert "00097 Phường Hồng Hà (whole, default)" in out
    rc, out, _ = run(
        capsys, "lineage", "predecessors", "00097", "--on", "2025-07-01", "--since", "2021-12-17"
    )
    assert "00001 Phường Phúc Xá" in out
    codes = tmp_path / "codes.csv"
    codes.write_text("code,other\n00001,x\n00004,y\n", encoding="utf-8")
    rc, out, _ = run(
        capsys, "lineage", "convert", str(codes), "--on", "2021-12-17", "--to", "2025-07-01"
    )
    assert rc == 0
    assert out.splitlines() == ["code,converted", "00001,00097", "00004,00004"]
    rc, out, _ = run(
        capsys, "lineage", "diff", "--on", "2025-01-01", "--to", "2025-07-01", "--format", "json"
    )
    assert json.loads(out)["by_level"]["district"] == {"ended": 696, "began": 0}
    out_file = tmp_path / "x.csv"
    rc, _, _ = run(
        capsys,
        "lineage",
        "crosswalk",
        "--on",
        "2021-12-17",
        "--to",
        "2025-07-01",
        "--level",
        "province",
        "--out",
        str(out_file),
    )
    assert rc == 0
    assert out_file.read_text(encoding="utf-8").startswith("source,source_name,target")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["units", "show", "99999", "--on", "2021-12-17"], "no administrative unit '99999'"),
        (["units", "show", "00001", "--on", "2019-01-01"], "covered period"),
        (["units", "show", "abc", "--on", "2021-12-17"], "ASCII digits"),
        (["report", "/nonexistent/report.toml"], "qcdc: error:"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    rc, _, err = run(capsys, *argv)
    assert rc == 2
    assert message in err
    assert "Traceback" not in err


def test_a_bad_date_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["units", "count", "--on", "17/12/2021"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_python_dash_m_qcdc_runs_the_command() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "qcdc",
            "units",
            "count",
            "--on",
            "2025-07-01",
            "--level",
            "province",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0
    assert out.stdout.startswith("34 province-level units")
