"""The qcdc cases commands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import pytest

import qcdc.inspection.cases as insp
from qcdc.errors import (
    InputError,
    SplitConversion,
)
from qcdc.inspection import (
    RollupError,
)
from qcdc.inspection._cli import register

D = dt.date
DATA = Path(__file__).parent.parent / "data" / "inspection"
CASES_CSV = DATA / "cases_hanoi_2021.csv"
HANOI_2021 = D(2021, 12, 17)
REFORM = D(2025, 7, 1)


def rules_of(findings: list[insp.Finding]) -> list[str]:
    return [f.rule for f in findings]


# ======================================================================================
# Command line
# ======================================================================================


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    register(sub)
    args = parser.parse_args(argv)
    rc = args.func(args)
    return rc, capsys.readouterr().out


class TestCommandLine:
    def test_tally_by_district(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(
            ["cases", "tally", str(CASES_CSV), "--period", "2021", "--by", "district"], capsys
        )
        assert rc == 0
        assert "Quận Ba Đình" in out and "Huyện Thường Tín" in out
        assert "(cases without a unit)" in out
        total = next(line for line in out.splitlines() if line.startswith("total"))
        assert total.split()[1:] == ["10", "7", "7", "4"]
        assert "tally.recommended-le-violations" in out

    def test_tally_json_to_2025_communes(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(
            [
                "cases",
                "tally",
                str(CASES_CSV),
                "--period",
                "2021",
                "--by",
                "commune",
                "--to",
                "2025-07-01",
                "--format",
                "json",
            ],
            capsys,
        )
        assert rc == 0
        data = json.loads(out)
        assert data["to"] == "2025-07-01" and data["on"] == "2021-12-31"
        assert data["total"] == {"supervised": 10, "violations": 7, "recommended": 7, "resolved": 4}
        assert data["unassigned"]["supervised"] == 1
        assert any(u["approximate"] for u in data["units"])
        assert "00007" in data["splits"]

    def test_tally_province_with_explicit_on_and_periods(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rc, out = run(
            [
                "cases",
                "tally",
                str(CASES_CSV),
                "--period",
                "2021-01-01..2021-06-30",
                "--on",
                "2021-12-17",
                "--format",
                "json",
            ],
            capsys,
        )
        assert rc == 0
        data = json.loads(out)
        assert data["total"]["supervised"] == 5
        assert [u["code"] for u in data["units"]] == ["01"]
        rc, out = run(["cases", "tally", str(CASES_CSV), "--period", "quý III/2021"], capsys)
        assert rc == 0 and "2021-07-01 – 2021-09-30" in out

    def test_tally_errors(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(InputError):
            run(["cases", "tally", str(CASES_CSV), "--period", "next year"], capsys)
        with pytest.raises(InputError):
            run(["cases", "tally", str(CASES_CSV), "--period", "2021-06-30..2021-01-01"], capsys)
        with pytest.raises(InputError):
            run(["cases", "tally", str(CASES_CSV), "--period", "2021-01-01..June"], capsys)
        with pytest.raises(SplitConversion):
            run(
                [
                    "cases",
                    "tally",
                    str(CASES_CSV),
                    "--period",
                    "2021",
                    "--to",
                    "2025-07-01",
                    "--on-split",
                    "error",
                ],
                capsys,
            )
        with pytest.raises(RollupError):
            run(
                [
                    "cases",
                    "tally",
                    str(CASES_CSV),
                    "--period",
                    "2021",
                    "--to",
                    "2025-07-01",
                    "--by",
                    "district",
                ],
                capsys,
            )

    def test_tally_compared_with_reported_figures(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ["cases", "tally", str(CASES_CSV), "--period", "2021"]
        rc, out = run([*argv, "--reported", "supervised=10", "--reported", "violations=7"], capsys)
        assert rc == 0 and "matches-records" not in out
        rc, out = run([*argv, "--reported", "supervised=11", "--format", "json"], capsys)
        assert rc == 1
        [f] = json.loads(out)["findings"]
        assert f["rule"] == "tally.matches-records" and "11" in f["message"]
        assert json.loads(out)["reported"] == {
            "supervised": 11,
            "violations": None,
            "recommended": None,
            "resolved": None,
        }
        with pytest.raises(InputError) as info:
            run([*argv, "--reported", "supervized=3"], capsys)
        assert info.value.field == "--reported"
        with pytest.raises(InputError):
            run([*argv, "--reported", "supervised=many"], capsys)

    def test_overdue(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15"], capsys)
        assert rc == 0
        assert "3 of 12" in out and "HN-2021-011" in out and "unverified" in out
        rc, out = run(
            ["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15", "--format", "json"], capsys
        )
        data = json.loads(out)
        assert [o["id"] for o in data["overdue"]] == ["HN-2021-011", "HN-2021-003", "HN-2021-007"]
        assert data["overdue"][0]["confidence"] == "unverified"

    def test_overdue_with_the_users_deadline(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(
            ["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15", "--days", "60"], capsys
        )
        assert rc == 0 and "2 of 12" in out and "HN-2021-007" not in out
        rc, out = run(
            [
                "cases",
                "overdue",
                str(CASES_CSV),
                "--on",
                "2021-12-15",
                "--days",
                "15",
                "--count",
                "working",
                "--format",
                "json",
            ],
            capsys,
        )
        assert rc == 0
        assert "HN-2021-007" not in [o["id"] for o in json.loads(out)["overdue"]]
        with pytest.raises(InputError):
            run(["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15", "--days", "0"], capsys)

    def test_overdue_none(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(["cases", "overdue", str(CASES_CSV), "--on", "2021-01-01"], capsys)
        assert rc == 0 and out.startswith("0 of 12")

    def test_main_reports_bad_input_with_status_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        from qcdc.cli import main

        assert (
            main(["cases", "overdue", str(DATA / "cases_bad_dates.csv"), "--on", "2022-01-01"]) == 2
        )
        err = capsys.readouterr().err
        assert "row 3" in err and "resolved" in err
