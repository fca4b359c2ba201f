"""Auditing an official list against qcdc (``qcdc.units.audit_list``, ``qcdc units audit``;
issue 12)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qcdc
from qcdc.errors import InputError, ValidationFailed
from qcdc.units import AuditResult, ListedUnit, UnitKind, audit_list, read_list

G = qcdc.gazetteer()
DAY = dt.date(2021, 12, 17)


def _listed(on: dt.date, **filters: Any) -> list[ListedUnit]:
    return [
        ListedUnit(code=u.code, name=u.name, kind=u.kind, parent=u.parent_code)
        for u in G.units(on=on, **filters)
    ]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_a_list_made_from_qcdc_itself_has_no_differences(on: dt.date) -> None:
    result = audit_list(_listed(on), G, on=on)
    assert result.equal
    assert result.differences == ()
    assert result.compared == result.listed == G.count(on=on)


def test_planted_differences_are_each_found_once() -> None:
    rows = _listed(DAY)
    communes = [r for r in rows if len(r.code) == 5]
    renamed, retyped, removed = communes[0], communes[1], communes[2]
    new_kind = UnitKind.COMMUNE if retyped.kind is not UnitKind.COMMUNE else UnitKind.WARD
    planted = {
        renamed.code: ListedUnit(renamed.code, renamed.name + " Mới", renamed.kind),
        retyped.code: ListedUnit(retyped.code, retyped.name, new_kind),
    }
    rows = [planted.get(r.code, r) for r in rows if r.code != removed.code]
    added = next(f"{n:05d}" for n in range(99999, 0, -1) if G.get(f"{n:05d}", on=DAY) is None)
    rows.append(ListedUnit(added, "Xã Thêm"))
    result = audit_list(rows, G, on=DAY)
    assert Counter((d.code, d.what) for d in result.differences) == {
        (renamed.code, "name"): 1,
        (retyped.code, "kind"): 1,
        (removed.code, "only_in_qcdc"): 1,
        (added, "only_in_list"): 1,
    }


def test_tone_placement_only_is_spelling_and_a_short_name_is_no_difference() -> None:
    units = list(G.units(on=DAY, level="commune"))
    u = next(x for x in units if "òa" in x.name)
    other = u.name.replace("òa", "oà")
    rows = [ListedUnit(x.code, x.name) for x in units if x.code != u.code]
    rows.append(ListedUnit(u.code, other))
    first = units[0] if units[0].code != u.code else units[1]
    rows = [r if r.code != first.code else ListedUnit(first.code, first.short_name) for r in rows]
    result = audit_list(rows, G, on=DAY)
    assert [(d.code, d.what) for d in result.differences] == [(u.code, "spelling")]
    assert result.differences[0].listed == other


def test_a_type_word_not_qcdcs_is_a_kind_difference() -> None:
    units = list(G.units(on=DAY, level="district"))
    u = next(x for x in units if x.kind is UnitKind.RURAL_DISTRICT)
    rows = [ListedUnit(x.code, x.name) for x in units if x.code != u.code]
    rows.append(ListedUnit(u.code, "Thị xã " + u.short_name))
    result = audit_list(rows, G, on=DAY)
    assert [(d.code, d.what, d.listed) for d in result.differences] == [(u.code, "kind", "Thị xã")]


def test_differences_name_the_acts_that_explain_them() -> None:
    before, after = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
    result = audit_list(_listed(before, level="province"), G, on=after)
    assert result.differences
    gone = [d for d in result.differences if d.what == "only_in_list"]
    assert len(gone) == G.count(on=before, level="province") - G.count(on=after, level="province")
    for d in gone:
        assert d.explained_by, d
        assert {e.in_force for e in d.explained_by} == {after}
        assert all(not e.after for e in d.explained_by)
    renamed = [d for d in result.differences if d.what in ("name", "kind")]
    for d in renamed:
        assert any(e.in_force == after and not e.after for e in d.explained_by), d
    # the list is older than a later act: the act is named, "after the date"
    late = audit_list(_listed(dt.date(2026, 12, 1), level="province"), G, on=after)
    assert late.differences
    assert all(any(e.after for e in d.explained_by) for d in late.differences)


def test_to_dict_is_json() -> None:
    rows = _listed(DAY, level="province")[1:]
    result = audit_list(rows, G, on=DAY)
    assert isinstance(result, AuditResult)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["equal"] is False
    assert [d["what"] for d in data["differences"]] == ["only_in_qcdc"]


# ------------------------------------------------------------------ reading the list


def test_read_list_vietnamese_headers(tmp_path: Path) -> None:
    p = _write(
        tmp_path / "ds.csv",
        ["Mã", "Tên", "Cấp", "Mã cha", "Ghi chú"],
        [
            ["1", "Thành phố Hà Nội", "Thành phố Trung ương", "", "x"],
            ["4", "Huyện Ba Vì", "Huyện", "01", ""],
        ],
    )
    rows = read_list(p)
    assert rows[0] == ListedUnit("01", "Thành phố Hà Nội", UnitKind.MUNICIPALITY, None, 2)
    assert rows[1].code == "004" and rows[1].parent == "01"


def test_read_list_english_headers_and_bom(tmp_path: Path) -> None:
    p = tmp_path / "l.csv"
    p.write_text("\ufeffCODE,Name\n01,Thành phố Hà Nội\n", encoding="utf-8")
    assert read_list(p) == (ListedUnit("01", "Thành phố Hà Nội", row=2),)


def test_read_list_reports_every_bad_row(tmp_path: Path) -> None:
    p = _write(
        tmp_path / "bad.csv",
        ["code", "name", "level"],
        [
            ["01", "A", "tỉnh"],
            ["1x", "B", ""],
            ["02", "", ""],
            ["03", "C", "nowhere"],
            ["01", "D", ""],
        ],
    )
    with pytest.raises(ValidationFailed) as info:
        read_list(p)
    parts = [(e.row, e.field) for e in info.value.exceptions if isinstance(e, InputError)]
    assert parts == [(3, "code"), (4, "name"), (5, "level"), (6, "code")]


@pytest.mark.parametrize("header", [["code"], ["Tên"], ["id", "label"]])
def test_read_list_needs_a_code_and_a_name(tmp_path: Path, header: list[str]) -> None:
    p = _write(tmp_path / "h.csv", header, [["01"] * len(header)])
    with pytest.raises(InputError) as info:
        read_list(p)
    assert info.value.row == 1


def test_read_list_refuses_an_empty_list(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no units"):
        read_list(_write(tmp_path / "e.csv", ["Mã", "Tên"], []))
    (tmp_path / "z.csv").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_list(tmp_path / "z.csv")


# ------------------------------------------------------------------ the command


def test_cli_equal_exits_0(cli: Any, tmp_path: Path) -> None:
    units = list(G.units(on=DAY, level="province"))
    p = _write(tmp_path / "p.csv", ["Mã", "Tên"], [[u.code, u.name] for u in units])
    r = cli("units", "audit", str(p), "--on", DAY.isoformat())
    assert r.status == 0, r.err
    assert r.out.splitlines()[-1] == "no differences"


def test_cli_differences_exit_1_with_acts(cli: Any, tmp_path: Path) -> None:
    units = list(G.units(on=dt.date(2025, 6, 30), level="province"))
    p = _write(tmp_path / "p.csv", ["code", "name"], [[u.code, u.name] for u in units])
    r = cli("units", "audit", str(p), "--on", "2025-07-01")
    assert r.status == 1
    assert "only_in_list" in r.out and "202/2025/QH15" in r.out
    j = cli("units", "audit", str(p), "--on", "2025-07-01", "--format", "json")
    assert j.status == 1
    assert json.loads(j.out)["equal"] is False


def test_cli_bad_input_exits_2(cli: Any, tmp_path: Path) -> None:
    p = _write(tmp_path / "p.csv", ["code", "name"], [["x", "A"], ["y", "B"]])
    r = cli("units", "audit", str(p), "--on", "2025-07-01")
    assert r.status == 2
    assert "2 bad rows" in r.err and "row 2" in r.err and "row 3" in r.err
    assert cli("units", "audit", str(tmp_path / "none.csv"), "--on", "2025-07-01").status == 2


# ------------------------------------------------------------------ one province (--within)


def test_within_compares_one_province_and_counts_the_rows_left_out() -> None:
    rows = _listed(DAY, level="commune")
    hanoi = audit_list(rows, G, on=DAY, within="01")
    assert hanoi.equal and hanoi.compared == hanoi.listed == 579
    assert hanoi.within == "01" and hanoi.outside == len(rows) - 579
    # a unit missing from a province's own list is found, one of another province is not
    mine = [r for r in rows if r.code != "00001" and r.code != "26740"]
    found = audit_list(mine, G, on=DAY, within="01")
    assert [(d.code, d.what) for d in found.differences] == [("00001", "only_in_qcdc")]


def test_within_keeps_a_new_code_whose_parent_is_inside() -> None:
    new = ListedUnit("99998", "Xã Mới", None, "001")
    rows = [*_listed(DAY, level="commune", within="001"), new]
    result = audit_list(rows, G, on=DAY, within="01")
    assert ("99998", "only_in_list") in [(d.code, d.what) for d in result.differences]
    assert result.to_dict()["within"] == "01"


def test_cli_within(cli: Any, tmp_path: Path) -> None:
    units = list(G.units(on=DAY, level="commune"))
    p = _write(tmp_path / "c.csv", ["code", "name"], [[u.code, u.name] for u in units])
    r = cli("units", "audit", str(p), "--on", DAY.isoformat(), "--within", "01")
    assert r.status == 0, r.err
    assert "579 units listed, 579 in qcdc" in r.out and "within 01" in r.out
