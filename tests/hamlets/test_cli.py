"""qcdc.hamlets: qcdc hamlets … and qcdc plan … (qcdc.hamlets._cli)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from qcdc.errors import (
    InputError,
)
from qcdc.hamlets import _cli as _cli_hamlets
from qcdc.hamlets._csv import (
    load_hamlets,
)

DATA = Path(__file__).parent.parent / "data" / "hamlets"


# =========================================================================== command line


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    _cli_hamlets.register(sub)
    args = parser.parse_args(argv)
    rc = args.func(args)
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def test_cli_hamlets_check(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(
        ["hamlets", "check", str(DATA / "hamlets_small.csv"), "--on", "2021-12-17"], capsys
    )
    assert rc == 0
    assert "5 must merge, 2 may merge, 2 comply" in out
    assert "tt14-2018.residential-group.ha-noi" in out and "No problems found." in out
    rc, out, _ = run(
        [
            "hamlets",
            "check",
            str(DATA / "hamlets_small.csv"),
            "--on",
            "2021-12-17",
            "--all",
            "--format",
            "json",
        ],
        capsys,
    )
    data = json.loads(out)
    assert rc == 0 and data["counts"] == {"must merge": 5, "may merge": 2, "complies": 2}
    assert len(data["assessments"]) == 9 and data["findings"] == []


def test_cli_hamlets_check_reports_errors_with_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "h.csv"
    path.write_text(
        "id,name,kind,commune_code,households\n"
        "\nT1,Thôn A,thôn,00004,10\nT2,Thôn B,thôn,00379,10\n",
        encoding="utf-8",
    )
    rc, out, _ = run(
        ["hamlets", "check", str(path), "--on", "2021-12-17", "--format", "json"], capsys
    )
    data = json.loads(out)
    assert rc == 1
    [f] = data["findings"]
    assert set(f) == {"rule", "severity", "path", "message"}
    assert f["rule"] == "registry.family-mismatch" and f["message"].endswith("(row 3)")
    rc, out, err = run(["hamlets", "check", str(path)], capsys)
    assert rc == 1 and "--on not given; using 2025-07-01" in err
    assert "registry.family-frozen" in out  # on 2025-07-01 the freeze applies...
    assert "registry.unknown-commune" in out  # ...and 00379 no longer exists


def test_cli_plan_check_five_errors(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run(
        [
            "plan",
            "check",
            str(DATA / "plan_five_errors.csv"),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
            "--format",
            "json",
        ],
        capsys,
    )
    assert rc == 1 and "2022-01-01 (the plan's earliest effective date)" in err
    data = json.loads(out)
    assert data["counts"]["error"] == 5
    assert [(f["rule"], f["path"]) for f in data["findings"]] == [
        ("plan.unknown-source", "actions[0].sources[1]"),
        ("plan.cross-commune", "actions[1].sources[1]"),
        ("plan.households-mismatch", "actions[2].target_households"),
        ("plan.duplicate-source", "actions[3].sources[1]"),
        ("plan.name-clash", "actions[4].target_name"),
    ]
    assert all(set(f) == {"rule", "severity", "path", "message"} for f in data["findings"])
    rc, out, _ = run(
        [
            "plan",
            "check",
            str(DATA / "plan_five_errors.csv"),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
            "--on",
            "2022-01-01",
        ],
        capsys,
    )
    assert rc == 1 and "5 errors, 0 warnings" in out and "actions[4].target_name" in out


def test_cli_plan_check_valid(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(
        [
            "plan",
            "check",
            str(DATA / "plan_valid.csv"),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
        ],
        capsys,
    )
    assert rc == 0 and "0 errors, 1 warnings" in out


def test_cli_plan_apply(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    after, lineage = tmp_path / "after.csv", tmp_path / "lineage.csv"
    rc, out, _ = run(
        [
            "plan",
            "apply",
            str(DATA / "plan_valid.csv"),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
            "--out",
            str(after),
            "--by",
            "district",
            "--lineage",
            str(lineage),
        ],
        capsys,
    )
    assert rc == 0
    assert "9 → 6 communities" in out and "Quận Ba Đình" in out and "33.3%" in out
    assert "plan.target-below-minimum" in out
    assert len(load_hamlets(after)) == 6 and lineage.exists()
    rc, out, _ = run(
        [
            "plan",
            "apply",
            str(DATA / "plan_valid.csv"),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
            "--out",
            str(after),
            "--by",
            "province",
            "--format",
            "json",
            "--bom",
        ],
        capsys,
    )
    data = json.loads(out)
    assert rc == 0 and data["applied"] is True and data["lineage"] is None
    total = data["summary"]["total"]
    assert (total["before"], total["after"], total["reduction"], total["reduction_percent"]) == (
        9,
        6,
        3,
        33.3,
    )
    assert after.read_bytes().startswith(b"\xef\xbb\xbf")


def test_cli_plan_apply_refuses_an_invalid_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    after = tmp_path / "after.csv"
    for fmt in ("table", "json"):
        rc, out, _ = run(
            [
                "plan",
                "apply",
                str(DATA / "plan_five_errors.csv"),
                "--hamlets",
                str(DATA / "hamlets_small.csv"),
                "--out",
                str(after),
                "--format",
                fmt,
            ],
            capsys,
        )
        assert rc == 1 and not after.exists()
        assert (
            ("nothing was written" in out)
            if fmt == "table"
            else json.loads(out)["applied"] is False
        )


def test_cli_plan_without_actions_needs_a_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "plan.csv"
    empty.write_text("action,sources,effective\n", encoding="utf-8")
    with pytest.raises(InputError, match="pass --on"):
        run(["plan", "check", str(empty), "--hamlets", str(DATA / "hamlets_small.csv")], capsys)
    rc, out, _ = run(
        [
            "plan",
            "check",
            str(empty),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
            "--on",
            "2021-12-17",
        ],
        capsys,
    )
    assert rc == 0 and "No problems found." in out


def test_cli_bad_date_and_bad_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["hamlets", "check", "x.csv", "--on", "17/12/2021"], capsys)
    assert "expected a date as YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(InputError, match="cannot read"):
        run(["hamlets", "check", "no-such-file.csv", "--on", "2021-12-17"], capsys)


def test_cli_through_the_main_entry(capsys: pytest.CaptureFixture[str]) -> None:
    from qcdc.cli import main

    rc = main(
        [
            "plan",
            "check",
            str(DATA / "plan_five_errors.csv"),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
            "--on",
            "2022-01-01",
        ]
    )
    assert rc == 1
    rc = main(["hamlets", "check", "no-such-file.csv", "--on", "2021-12-17"])
    assert rc == 2 and "cannot read the file" in capsys.readouterr().err
