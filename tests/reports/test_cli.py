"""The command line: qcdc check, qcdc extract (qcdc.reports._cli), through the one CLI runner."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qcdc.reports import AnnualReport, check, dump_report, loads_report

DATA = Path(__file__).parent.parent / "data" / "reports"
Cli = Callable[..., Any]


def _article(name: str) -> str:
    return (DATA / "articles" / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")


MINIMAL = (DATA / "minimal.toml").read_text(encoding="utf-8")


def test_cli_check_a_clean_and_a_broken_report(
    tmp_path: Path, cli: Cli, hanoi: AnnualReport
) -> None:
    dump_report(hanoi, tmp_path / "hanoi.toml")
    r = cli("check", str(tmp_path / "hanoi.toml"))
    assert r.status == 0
    assert "17 checks, 0 findings (0 errors, 0 warnings)" in r.out
    broken = str(DATA / "hanoi-2021-wrong-percent.toml")
    r = cli("check", broken)
    assert r.status == 1
    assert "error: [percent.matches-ratio] hamlets.percent" in r.out
    r = cli("check", broken, "--format", "json")
    assert r.status == 1
    assert json.loads(r.out)[0]["rule"] == "percent.matches-ratio"
    r = cli("check", broken, "--format", "json", "--all")
    assert r.status == 1
    assert json.loads(r.out)["summary"]["errors"] == 1
    r = cli("check", broken, "--all")
    assert r.status == 1
    assert "✗ the percentage matches its ratio:" in r.out and "[percent.matches-ratio]" in r.out
    r = cli("check", broken, "--format", "markdown")
    assert r.status == 1
    assert "## Findings" in r.out
    assert cli("check", broken, "--offline").status == 1


def test_cli_check_warnings_exit_zero(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "w.toml"
    path.write_text(MINIMAL + "violations = 10\nrecommended = 20\n", encoding="utf-8")
    r = cli("check", str(path))
    assert r.status == 0
    assert "1 finding (0 errors, 1 warning)" in r.out


def test_cli_check_bad_input_exits_2_naming_the_key(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(MINIMAL.replace("supervised", "supervisd"), encoding="utf-8")
    r = cli("check", str(path))
    assert r.status == 2
    assert "line 9, field 'inspection.supervisd'" in r.err and "did you mean 'supervised'" in r.err
    assert r.out == ""


def test_cli_extract(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "article.txt"
    article.write_text(_article("hanoi"), encoding="utf-8")
    r = cli("extract", str(article), "--place", "01", "--period", "năm 2021")
    assert r.status == 0
    assert check(loads_report(r.out)) == []
    r = cli("extract", str(article), "--format", "json")
    assert r.status == 0
    data = json.loads(r.out)
    assert data["figures"][0] == {
        "start": 217,
        "end": 245,
        "text": "579 đơn vị hành chính cấp xã",
        "metric": "units.commune.total",
    }
    assert data["documents"][0]["text"] == "04-CTr/TU"
    assert data["dates"] == [{"start": 6, "end": 16, "date": "2021-12-17"}]
    monkeypatch.setattr(sys, "stdin", io.StringIO(_article("son-tay")))
    r = cli("extract", "-")
    assert r.status == 0
    # the place is found in the text, with the words that name it
    assert "# place = 19 (Tỉnh Thái Nguyên): 'tỉnh Thái Nguyên' at" in r.out
    assert 'place = "19"' in r.out
    monkeypatch.setattr(sys, "stdin", io.StringIO(_article("son-tay")))
    r = cli("extract", "-", "--place", "19")
    assert r.status == 0 and "# place =" not in r.out and "in: " in r.out
    r = cli("extract", str(tmp_path / "missing.txt"))
    assert r.status == 2 and "cannot read" in r.err
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Hà".encode("latin-1"))
    r = cli("extract", str(latin))
    assert r.status == 2 and "UTF-8" in r.err


@pytest.mark.parametrize(
    "argv",
    [
        ("report", "--format", "json", "--to", "2025-07-01"),
        ("report", "--format", "json", "--offline"),
        ("check", str(DATA / "hanoi-2021-wrong-percent.toml"), "--format", "json", "--all"),
    ],
    ids=["report", "report-offline", "check-all"],
)
def test_the_json_output_is_a_report_file_again(
    argv: tuple[str, ...], tmp_path: Path, cli: Cli
) -> None:
    """Issue 11: ``qcdc report --format json`` output fed to ``qcdc check`` was refused
    (unknown key 'report_date'); it reads back to the same report and the same checks."""
    first = cli(*argv)
    path = tmp_path / "out.json"
    path.write_text(first.out, encoding="utf-8")
    again = cli(
        "check",
        str(path),
        "--format",
        "json",
        "--all",
        *argv[-1:] if argv[-1] == "--offline" else (),
    )
    assert again.err == ""
    assert again.status == first.status
    out = json.loads(again.out)
    assert out["checks"] == json.loads(first.out)["checks"]
    assert loads_report(first.out, format="json") == loads_report(again.out, format="json")
