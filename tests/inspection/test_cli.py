"""The qcdc cases commands."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

D = dt.date
DATA = Path(__file__).parent.parent / "data" / "inspection"
CASES_CSV = DATA / "cases_hanoi_2021.csv"


class TestCommandLine:
    def test_tally_by_district(self, cli: Callable[..., Any]) -> None:
        rc, out, _ = cli(
            *["cases", "tally", str(CASES_CSV), "--period", "2021", "--by", "district"]
        )
        assert rc == 0
        assert "Quận Ba Đình" in out and "Huyện Thường Tín" in out
        assert "(cases without a unit)" in out
        total = next(line for line in out.splitlines() if line.startswith("total"))
        assert total.split()[1:] == ["10", "7", "7", "4"]
        assert "tally.recommended-le-violations" in out

    def test_tally_json_to_2025_communes(self, cli: Callable[..., Any]) -> None:
        rc, out, _ = cli(
            *[
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
            ]
        )
        assert rc == 0
        data = json.loads(out)
        assert data["to"] == "2025-07-01" and data["on"] == "2021-12-31"
        assert data["total"] == {"supervised": 10, "violations": 7, "recommended": 7, "resolved": 4}
        assert data["unassigned"]["supervised"] == 1
        assert any(u["approximate"] for u in data["units"])
        assert "00007" in data["splits"]

    def test_tally_province_with_explicit_on_and_periods(self, cli: Callable[..., Any]) -> None:
        rc, out, _ = cli(
            *[
                "cases",
                "tally",
                str(CASES_CSV),
                "--period",
                "2021-01-01..2021-06-30",
                "--on",
                "2021-12-17",
                "--format",
                "json",
            ]
        )
        assert rc == 0
        data = json.loads(out)
        assert data["total"]["supervised"] == 5
        assert [u["code"] for u in data["units"]] == ["01"]
        rc, out, _ = cli(*["cases", "tally", str(CASES_CSV), "--period", "quý III/2021"])
        assert rc == 0 and "2021-07-01 – 2021-09-30" in out

    def test_tally_errors(self, cli: Callable[..., Any]) -> None:
        tally = f"cases tally {CASES_CSV}"
        for period in ("'next year'", "2021-06-30..2021-01-01", "2021-01-01..June"):
            status, _, err = cli(f"{tally} --period {period}")
            assert status == 2 and "--period" in err
        status, _, err = cli(f"{tally} --period 2021 --to 2025-07-01 --on-split error")
        assert status == 2 and "split" in err
        status, _, err = cli(f"{tally} --period 2021 --to 2025-07-01 --by district")
        assert status == 2 and "no districts from 1 July 2025" in err

    def test_tally_an_unknown_unit_names_the_file_and_rows_or_is_dropped(
        self, cli: Callable[..., Any], tmp_path: Path
    ) -> None:
        lines = CASES_CSV.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        unit = header.index("unit")
        wrong = []
        for n, line in enumerate(lines[1:3]):
            cells = line.split(",")
            cells[0], cells[unit] = f"X{n}", "99999"
            wrong.append(",".join(cells))
        path = tmp_path / "cases.csv"
        path.write_text("\n".join([*lines, *wrong]) + "\n", encoding="utf-8")
        rows = f"rows {len(lines) + 1}, {len(lines) + 2}"
        status, _, err = cli(f"cases tally {path} --period 2021")
        assert status == 2 and str(path) in err and "'99999'" in err and rows in err
        assert "Traceback" not in err and "--on-unresolved drop" in err
        status, out, _ = cli(f"cases tally {path} --period 2021 --on-unresolved drop")
        assert status == 0, out
        assert "left out: 99999: no unit has this code on 2021-12-31" in out
        total = next(line for line in out.splitlines() if line.startswith("total"))
        assert total.split()[1:] == ["10", "7", "7", "4"]  # the same as without the two

    def test_tally_compared_with_reported_figures(self, cli: Callable[..., Any]) -> None:
        argv = ["cases", "tally", str(CASES_CSV), "--period", "2021"]
        rc, out, _ = cli(*[*argv, "--reported", "supervised=10", "--reported", "violations=7"])
        assert rc == 0 and "matches-records" not in out
        rc, out, _ = cli(*[*argv, "--reported", "supervised=11", "--format", "json"])
        assert rc == 1
        [f] = json.loads(out)["findings"]
        assert f["rule"] == "tally.matches-records" and "11" in f["message"]
        assert json.loads(out)["reported"] == {
            "supervised": 11,
            "violations": None,
            "recommended": None,
            "resolved": None,
        }
        result = cli(*[*argv, "--reported", "supervized=3"])
        assert result.status == 2 and "--reported" in result.err
        assert cli(*[*argv, "--reported", "supervised=many"]).status == 2

    def test_overdue(self, cli: Callable[..., Any]) -> None:
        rc, out, _ = cli(*["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15"])
        assert rc == 0
        assert "3 of 12" in out and "HN-2021-011" in out and "unverified" in out
        rc, out, _ = cli(
            *["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15", "--format", "json"]
        )
        data = json.loads(out)
        assert [o["id"] for o in data["overdue"]] == ["HN-2021-011", "HN-2021-003", "HN-2021-007"]
        assert data["overdue"][0]["confidence"] == "unverified"

    def test_overdue_with_the_users_deadline(self, cli: Callable[..., Any]) -> None:
        rc, out, _ = cli(
            *["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15", "--days", "60"]
        )
        assert rc == 0 and "2 of 12" in out and "HN-2021-007" not in out
        rc, out, _ = cli(
            *[
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
            ]
        )
        assert rc == 0
        assert "HN-2021-007" not in [o["id"] for o in json.loads(out)["overdue"]]
        assert (
            cli(*["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15", "--days", "0"]).status
            == 2
        )

    def test_overdue_none(self, cli: Callable[..., Any]) -> None:
        rc, out, _ = cli(*["cases", "overdue", str(CASES_CSV), "--on", "2021-01-01"])
        assert rc == 0 and out.startswith("0 of 12")

    def test_main_reports_bad_input_with_status_2(self, cli: Callable[..., Any]) -> None:
        status, _, err = cli(
            "cases", "overdue", str(DATA / "cases_bad_dates.csv"), "--on", "2022-01-01"
        )
        assert status == 2
        assert "row 3" in err and "resolved" in err
