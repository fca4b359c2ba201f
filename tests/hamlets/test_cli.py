"""qcdc.hamlets: qcdc hamlets … and qcdc plan … (qcdc.hamlets._cli)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qcdc
from qcdc.hamlets._csv import (
    load_hamlets,
)

DATA = Path(__file__).parent.parent / "data" / "hamlets"


# =========================================================================== command line


def test_cli_hamlets_check(cli: Callable[..., Any]) -> None:
    rc, out, _ = cli(*["hamlets", "check", str(DATA / "hamlets_small.csv"), "--on", "2021-12-17"])
    assert rc == 0
    assert "5 must merge, 2 may merge, 2 comply" in out
    assert "tt14-2018.residential-group.ha-noi" in out and "No problems found." in out
    rc, out, _ = cli(
        *[
            "hamlets",
            "check",
            str(DATA / "hamlets_small.csv"),
            "--on",
            "2021-12-17",
            "--all",
            "--format",
            "json",
        ]
    )
    data = json.loads(out)
    assert rc == 0 and data["counts"] == {"must merge": 5, "may merge": 2, "complies": 2}
    assert len(data["assessments"]) == 9 and data["findings"] == []


def test_cli_hamlets_check_reports_errors_with_rows(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "h.csv"
    path.write_text(
        "id,name,kind,commune_code,households\n"
        "\nT1,Thôn A,thôn,00004,10\nT2,Thôn B,thôn,00379,10\n",
        encoding="utf-8",
    )
    rc, out, _ = cli(*["hamlets", "check", str(path), "--on", "2021-12-17", "--format", "json"])
    data = json.loads(out)
    assert rc == 1
    [f] = data["findings"]
    assert set(f) == {"rule", "severity", "path", "message"}
    assert f["rule"] == "registry.family-mismatch" and f["message"].endswith("(row 3)")
    rc, out, err = cli(*["hamlets", "check", str(path)])
    newest = qcdc.gazetteer().snapshots[-1][0].isoformat()
    assert rc == 1 and f"--on not given; using {newest}" in err
    assert "registry.family-frozen" in out  # on 2025-07-01 the freeze applies...
    assert "registry.unknown-commune" in out  # ...and 00379 no longer exists


def test_cli_plan_check_five_errors(cli: Callable[..., Any]) -> None:
    rc, out, err = cli(
        *[
            "plan",
            "check",
            str(DATA / "plan_five_errors.csv"),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
            "--format",
            "json",
        ]
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
    rc, out, _ = cli(
        *[
            "plan",
            "check",
            str(DATA / "plan_five_errors.csv"),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
            "--on",
            "2022-01-01",
        ]
    )
    assert rc == 1 and "5 errors, 0 warnings" in out and "actions[4].target_name" in out


def test_cli_plan_check_valid(cli: Callable[..., Any]) -> None:
    rc, out, _ = cli(
        *[
            "plan",
            "check",
            str(DATA / "plan_valid.csv"),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
        ]
    )
    assert rc == 0 and "0 errors, 1 warning" in out


def test_cli_plan_apply(cli: Callable[..., Any], tmp_path: Path) -> None:
    after, lineage = tmp_path / "after.csv", tmp_path / "lineage.csv"
    rc, out, _ = cli(
        *[
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
        ]
    )
    assert rc == 0
    assert "9 → 6 communities" in out and "Quận Ba Đình" in out and "33.3%" in out
    assert "plan.target-below-minimum" in out
    assert len(load_hamlets(after)) == 6 and lineage.exists()
    rc, out, _ = cli(
        *[
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
        ]
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


def test_cli_plan_apply_refuses_an_invalid_plan(cli: Callable[..., Any], tmp_path: Path) -> None:
    after = tmp_path / "after.csv"
    for fmt in ("table", "json"):
        rc, out, _ = cli(
            *[
                "plan",
                "apply",
                str(DATA / "plan_five_errors.csv"),
                "--hamlets",
                str(DATA / "hamlets_small.csv"),
                "--out",
                str(after),
                "--format",
                fmt,
            ]
        )
        assert rc == 1 and not after.exists()
        assert (
            ("nothing was written" in out)
            if fmt == "table"
            else json.loads(out)["applied"] is False
        )


def test_cli_plan_without_actions_needs_a_date(cli: Callable[..., Any], tmp_path: Path) -> None:
    empty = tmp_path / "plan.csv"
    empty.write_text("action,sources,effective\n", encoding="utf-8")
    rc, _, err = cli(*["plan", "check", str(empty), "--hamlets", str(DATA / "hamlets_small.csv")])
    assert rc == 2 and "pass --on" in err
    rc, out, _ = cli(
        *[
            "plan",
            "check",
            str(empty),
            "--hamlets",
            str(DATA / "hamlets_small.csv"),
            "--on",
            "2021-12-17",
        ]
    )
    assert rc == 0 and "No problems found." in out


def test_cli_bad_date_and_bad_file(cli: Callable[..., Any]) -> None:
    with pytest.raises(SystemExit):
        cli("hamlets", "check", "x.csv", "--on", "17/12/2021")
    rc, _, err = cli("hamlets", "check", "no-such-file.csv", "--on", "2021-12-17")
    assert rc == 2 and "cannot read" in err


# ------------------------------------------------------------------ outputs (issue 11 §2)


def _copies(tmp_path: Path) -> tuple[Path, Path]:
    plan_file, hamlets_file = tmp_path / "plan.csv", tmp_path / "hamlets.csv"
    plan_file.write_bytes((DATA / "plan_valid.csv").read_bytes())
    hamlets_file.write_bytes((DATA / "hamlets_small.csv").read_bytes())
    return plan_file, hamlets_file


def test_plan_apply_never_overwrites_its_input(cli: Callable[..., Any], tmp_path: Path) -> None:
    """issue 11: `plan apply --out` equal to `--hamlets` overwrote the input"""
    plan_file, hamlets_file = _copies(tmp_path)
    before = hamlets_file.read_bytes()
    result = cli("plan", "apply", str(plan_file), "--hamlets", str(hamlets_file),
                 "--out", str(tmp_path / "." / "hamlets.csv"))  # fmt: skip
    assert result.status == 2 and "also an input" in result.err
    assert hamlets_file.read_bytes() == before
    result = cli("plan", "apply", str(plan_file), "--hamlets", str(hamlets_file),
                 "--out", str(plan_file))  # fmt: skip
    assert result.status == 2 and plan_file.read_bytes() == (DATA / "plan_valid.csv").read_bytes()


def test_plan_apply_writes_all_outputs_or_none(cli: Callable[..., Any], tmp_path: Path) -> None:
    """issue 11: --lineage equal to --out left only the lineage, and an unwritable --lineage
    came after --out had been written"""
    plan_file, hamlets_file = _copies(tmp_path)
    out = tmp_path / "after.csv"
    same = cli("plan", "apply", str(plan_file), "--hamlets", str(hamlets_file),
               "--out", str(out), "--lineage", str(out))  # fmt: skip
    assert same.status == 2 and "same file" in same.err and not out.exists()
    nowhere = cli("plan", "apply", str(plan_file), "--hamlets", str(hamlets_file),
                  "--out", str(out), "--lineage", str(tmp_path / "no" / "lineage.csv"))  # fmt: skip
    assert nowhere.status == 2 and "does not exist" in nowhere.err and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hamlets.csv", "plan.csv"]


def test_plan_apply_never_writes_through_a_link(cli: Callable[..., Any], tmp_path: Path) -> None:
    plan_file, hamlets_file = _copies(tmp_path)
    target = tmp_path / "elsewhere.csv"
    link = tmp_path / "after.csv"
    link.symlink_to(target)  # dangling
    result = cli("plan", "apply", str(plan_file), "--hamlets", str(hamlets_file),
                 "--out", str(link))  # fmt: skip
    assert result.status == 2 and "symbolic link" in result.err and not target.exists()
    ok = cli("plan", "apply", str(plan_file), "--hamlets", str(hamlets_file),
             "--out", str(tmp_path / "a.csv"), "--lineage", str(tmp_path / "l.csv"))  # fmt: skip
    assert ok.status == 0 and (tmp_path / "a.csv").exists() and (tmp_path / "l.csv").exists()


def test_a_file_with_bad_rows_lists_each_row(cli: Callable[..., Any], tmp_path: Path) -> None:
    bad = tmp_path / "hamlets.csv"
    bad.write_text(
        "id,name,kind,commune_code,households\nT1,A,thôn,00379,x\nT2,B,thôn,00379,1\n"
        "T3,C,thôn,00379,y\n",
        encoding="utf-8",
    )
    result = cli("hamlets", "check", str(bad), "--on", "2021-12-17")
    assert result.status == 2
    assert "2 bad rows" in result.err and "row 2" in result.err and "row 4" in result.err
