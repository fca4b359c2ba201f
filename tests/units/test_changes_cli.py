"""``qcdc units check-changes`` and ``--changes`` on show, find, acts and history (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "_examples" / "split-phu-thuong.toml"

BROKEN = """
[[acts]]
number = "1/NQ-X"
title = "X"
issuer = "UBTVQH16"
signed = 2026-11-20
in_force = 2027-01-01
source = "https://example.org"
read = "text"
confidence = "high"
  [[acts.changes]]
  event = "rename"
  code = "00002"
  name = "Phường X"
"""


def test_check_changes_prints_what_the_file_would_change(cli: Any) -> None:
    r = cli(f"units check-changes {EXAMPLE}")
    assert r.status == 0, r.err
    assert "1 act, all rules pass" in r.out
    assert "+ 00094 Phường Nhật Tân (2027-01-01 – …)" in r.out
    assert r.out.splitlines()[-1] == "2 lineage links added"


def test_check_changes_exits_1_with_the_errors(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BROKEN, encoding="utf-8")
    r = cli(f"units check-changes {path}")
    assert r.status == 1
    assert "act 1 (1/NQ-X), change 1 (code 00002), field 'code'" in r.out
    assert "no such unit on 2026-12-31" in r.out
    assert r.out.splitlines()[-1] == "1 error"
    r = cli(f"units check-changes {path} --format json")
    assert r.status == 1
    (err,) = json.loads(r.out)["errors"]
    assert (err["act"], err["change"], err["code"], err["field"]) == (1, 1, "00002", "code")


def test_check_changes_as_json(cli: Any) -> None:
    r = cli(f"units check-changes {EXAMPLE} --format json")
    assert r.status == 0
    out = json.loads(r.out)
    assert out["ok"] and [a["number"] for a in out["acts"]] == ["9999/NQ-UBTVQH16"]
    assert out["new_links"] == 2


def test_show_find_acts_history_with_changes(cli: Any) -> None:
    opt = f"--changes {EXAMPLE}"
    r = cli(f"units show 00094 --on 2027-01-02 {opt}")
    assert r.status == 0 and r.out.startswith("00094  Phường Nhật Tân  (phường)")
    r = cli(f"units find 'Nhật Tân' --on 2027-01-02 --within 01 {opt}")
    assert r.status == 0 and "00094" in r.out
    r = cli(f"units acts --since 2027-01-01 {opt}")
    assert r.out.splitlines()[0].split()[1] == "9999/NQ-UBTVQH16"
    r = cli(f"units history 00093 {opt}")
    assert "merge: 00091 → 00093 (part)  [Điều 1, khoản 1]" in r.out
    # without the option, the embedded data
    assert cli("units show 00094 --on 2027-01-02").status == 2


def test_audit_with_changes(cli: Any, tmp_path: Path) -> None:
    import datetime as dt

    from qcdc.units.gazetteer import gazetteer

    # the office's list after the act: today's communes, 00091 divided into 00093 and 00094
    communes = gazetteer().units(on=dt.date(2026, 12, 1), level="commune")
    rows = [f"{u.code},{u.name}" for u in communes if u.code != "00091"]
    rows += ["00093,Phường Phú Thượng", "00094,Phường Nhật Tân"]
    listed = tmp_path / "list.csv"
    listed.write_text("code,name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    plain = cli(f"units audit {listed} --on 2027-01-01")
    assert plain.status == 1 and plain.out.splitlines()[-1] == "3 differences"
    r = cli(f"units audit {listed} --on 2027-01-01 --changes {EXAMPLE}")
    assert r.status == 0, r.out
    assert r.out.splitlines()[-1] == "no differences"
