"""``qcdc docs …``, ``qcdc deadline …`` and ``qcdc tasks …`` (qcdc.directives._cli)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]

# the plan of test_toml.py: two numbered directives, one set of conclusions, five tasks
RICH = (Path(__file__).parent / "data" / "ba-dinh-2022.toml").read_text(encoding="utf-8")
PARAGRAPH = (Path(__file__).parent / "data" / "paragraph.txt").read_text(encoding="utf-8")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    f = tmp_path / "plan.toml"
    f.write_text(RICH, encoding="utf-8")
    return f


# ---------------------------------------------------------------------------- docs, deadline


def test_cli_docs_parse(cli: Cli) -> None:
    r = cli("docs", "parse", "Quyết định số 2200 - qd/tu", "14/2018/tt-bnv")
    assert r.status == 0
    assert "2200-QĐ/TU" in r.out and "14/2018/TT-BNV" in r.out and "Quyết định" in r.out
    r = cli("docs", "parse", "5/kh-ubnd", "--format", "json")
    data = json.loads(r.out)
    assert data[0]["canonical"] == "05/KH-UBND" and data[0]["kind"] == "Kế hoạch"
    r = cli("docs", "parse", "12-XY/TU")
    assert r.status == 2 and "Party document type" in r.err


def test_cli_docs_find(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "report.txt"
    path.write_text(PARAGRAPH, encoding="utf-8")
    r = cli("docs", "find", str(path))
    assert r.status == 0 and "04-CTr/TU" in r.out and "04 - CTr / TU" in r.out
    r = cli("docs", "find", str(path), "--format", "json")
    data = json.loads(r.out)
    assert [row["canonical"] for row in data][:2] == ["57/2002/NĐ-CP", "63/2002/TT-BTC"]
    r = cli("docs", "find", str(tmp_path / "missing.txt"))
    assert r.status == 2 and "cannot read" in r.err


def test_cli_deadline(cli: Cli) -> None:
    r = cli("deadline", "15 ngày làm việc", "--from", "2021-12-17")
    assert r.status == 0
    assert "thứ Hai, 10/01/2022" in r.out
    r = cli("deadline", "trong quý II/2022", "--from", "2022-01-05", "--format", "json")
    assert json.loads(r.out)["due"] == "2022-06-30"
    with pytest.raises(SystemExit):
        cli("deadline", "15 ngày", "--from", "17/12/2021")


# ---------------------------------------------------------------------------------- tasks


def test_cli_overdue_none_then_all(cli: Cli) -> None:
    r = cli("tasks overdue hanoi-2021 --on 2022-12-31")
    assert r.status == 0 and "no task overdue on 2022-12-31 (5 tasks)" in r.out
    r = cli("tasks overdue hanoi-2021 --on 2023-01-01")
    assert r.status == 1 and "5 of 5 tasks overdue" in r.out and "MTTQ" in r.out
    r = cli("tasks overdue hanoi-2021 --on 2023-01-31 --format json")
    rows = json.loads(r.out)
    assert r.status == 1 and [row["id"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["days_overdue"] == 31 and rows[0]["due"] == "2022-12-31"


def test_cli_overdue_from_file(plan: Path, cli: Cli) -> None:
    r = cli("tasks", "overdue", str(plan), "--on", "2022-07-01", "--format", "json")
    assert r.status == 1
    assert [row["id"] for row in json.loads(r.out)] == ["2", "3", "5"]


def test_cli_progress(cli: Cli) -> None:
    r = cli("tasks progress hanoi-2021 --on 2023-01-01")
    assert r.status == 0 and "Ban Chỉ đạo" in r.out and "by assignee" in r.out
    r = cli("tasks progress hanoi-2021 --on 2023-01-01 --format json")
    rows = json.loads(r.out)
    assert [(row["total"], row["overdue"]) for row in rows] == [(4, 4), (1, 1)]
    r = cli("tasks progress hanoi-2021 --on 2023-01-01 --by directive")
    assert r.status == 0 and "Kết luận hội nghị" in r.out and "by directive" in r.out


def test_cli_progress_by_directive_json(plan: Path, cli: Cli) -> None:
    r = cli(
        "tasks",
        "progress",
        str(plan),
        "--on",
        "2022-07-01",
        "--by",
        "directive",
        "--format",
        "json",
    )
    assert r.status == 0
    rows = {row["directive"]: row for row in json.loads(r.out)}
    assert rows["Kế hoạch 05/KH-UBND"]["done_on_time"] == 1
    assert rows["Kết luận hội nghị tổng kết năm 2021"]["cancelled"] == 1


def test_cli_due(cli: Cli) -> None:
    r = cli("tasks due hanoi-2021 --from 2022-12-01 --to 2022-12-31")
    assert r.status == 0 and "5 of 5 tasks due" in r.out
    r = cli("tasks due hanoi-2021 --from 2022-01-01 --to 2022-11-30")
    assert r.status == 0 and "0 of 5 tasks due" in r.out
    r = cli("tasks due hanoi-2021 --from 2022-12-01 --to 2022-12-31 --format json")
    assert [row["deadline"] for row in json.loads(r.out)] == ["trong năm 2022"] * 5


def test_cli_due_span_backwards(cli: Cli) -> None:
    r = cli("tasks due hanoi-2021 --from 2022-12-31 --to 2022-01-01")
    assert r.status == 2 and "before --from" in r.err


def test_cli_bad_file_exits_2(tmp_path: Path, cli: Cli) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(RICH.replace('due = "30 ngày"', 'due = "sớm"'), encoding="utf-8")
    r = cli("tasks", "overdue", str(f), "--on", "2022-07-01")
    assert r.status == 2 and "tasks[4].due" in r.err
    r = cli("tasks", "overdue", str(tmp_path / "missing.toml"), "--on", "2022-07-01")
    assert r.status == 2
