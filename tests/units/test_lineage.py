"""Lineage on real data: the 2023–2025 wave and the 1 July 2025 reform."""

from __future__ import annotations

import datetime as dt
import sqlite3
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import qcdc
from qcdc.errors import InputError, SplitConversion, UnknownUnit
from qcdc.io import export_crosswalk, export_units
from qcdc.units.gazetteer import Gazetteer
from qcdc.units.lineage import EventKind

D2021 = dt.date(2021, 12, 17)
# the last three-tier list: the state of the day before 2025-07-01 (the list once dated
# 2025-01-01 already held the acts in force on 2025-02-01 and 2025-03-01, issue 12)
D2025A = dt.date(2025, 6, 30)
D2025B = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return qcdc.gazetteer()


def test_phuc_xa_became_hong_ha(g: Gazetteer) -> None:
    """NQ 1656/NQ-UBTVQH15 (16/06/2025): Phường Phúc Xá is part of Phường Hồng Hà."""
    p = g.project("00001", on=D2021, to=D2025B)
    assert p.status == "merged"
    assert [(t.code, t.name, t.whole, t.default) for t in p.targets] == [
        ("00097", "Phường Hồng Hà", True, True)
    ]
    last = p.events[-1]
    assert last.kind is EventKind.MERGE
    assert last.effective == D2025B
    assert last.basis == "1656/NQ-UBTVQH15"
    assert "00001" in last.sources


def test_a_reused_code_is_never_confused_with_its_old_unit(g: Gazetteer) -> None:
    """26740 was Phường Bến Nghé (Quận 1) and is Phường Sài Gòn from 2025-07-01."""
    p = g.project("26740", on=D2021, to=D2025B)
    assert {t.code for t in p.targets} == {"26740"}
    assert p.status != "same"  # Bến Nghé was merged: Sài Gòn is a different unit
    back = g.predecessors("26740", on=D2025B, since=D2021)
    assert back.status == "merged"
    assert len(back.targets) > 1
    assert "26740" in {t.code for t in back.targets}


def test_all_579_hanoi_communes_reach_the_126(g: Gazetteer) -> None:
    old = [u.code for u in g.units(on=D2021, level="commune", within="01")]
    assert len(old) == 579
    reached: set[str] = set()
    for code in old:
        p = g.project(code, on=D2021, to=D2025B)
        assert p.status != "unresolved", code
        reached.update(t.code for t in p.targets)
    new = {u.code for u in g.units(on=D2025B, level="commune", within="01")}
    assert reached == new
    assert len(new) == 126


def test_identity_projection_is_same(g: Gazetteer) -> None:
    p = g.project("00001", on=D2021, to=D2021)
    assert p.status == "same" and p.events == () and p.targets[0].code == "00001"


def test_a_split_commune_has_one_default(g: Gazetteer) -> None:
    cw = g.crosswalk(on=D2025A, to=D2025B, level="commune")
    split = {r.source for r in cw if r.status == "split"}
    assert len(split) > 400  # hundreds of communes were divided in 2025
    code = sorted(split)[0]
    p = g.project(code, on=D2025A, to=D2025B)
    assert len(p.targets) > 1
    assert sum(t.default for t in p.targets) == 1
    assert not any(t.whole for t in p.targets)


def test_districts_are_abolished_into_their_province(g: Gazetteer) -> None:
    p = g.project("001", on=D2021, to=D2025B)  # Quận Ba Đình
    assert p.status == "merged"
    assert [t.code for t in p.targets] == ["01"]
    assert p.events[-1].kind is EventKind.ABOLISH


def test_island_district_became_a_special_zone(g: Gazetteer) -> None:
    con_dao = g.find("Côn Đảo", on=D2025A, level="district").unwrap()
    p = g.project(con_dao.code, on=D2025A, to=D2025B)
    assert p.targets[0].name == "Đặc khu Côn Đảo"
    assert p.events[-1].kind is EventKind.RETYPE


def test_provinces_merged_in_2025(g: Gazetteer) -> None:
    """NQ 202/2025/QH15: Yên Bái + Lào Cai → Lào Cai (code 15)."""
    for old in ("15", "10"):
        p = g.project(old, on=D2021, to=D2025B)
        assert [t.name for t in p.targets] == ["Tỉnh Lào Cai"]
        assert p.events[-1].basis == "202/2025/QH15"
    assert g.project("01", on=D2021, to=D2025B).status == "same"


def test_hanoi_2023_2025_wave_carries_its_resolution(g: Gazetteer) -> None:
    """Hà Nội 579 → 526 communes on 2025-01-01 under 1286/NQ-UBTVQH15."""
    d = g.diff(on=D2021, to=D2025A)
    merges = [e for e in d.events if e.kind is EventKind.MERGE and e.basis == "1286/NQ-UBTVQH15"]
    assert len(merges) > 40
    assert all(e.effective == dt.date(2025, 1, 1) for e in merges)


def test_predecessors_go_back_through_two_waves(g: Gazetteer) -> None:
    p = g.predecessors("00097", on=D2025B, since=D2021)
    codes = {t.code for t in p.targets}
    assert "00001" in codes
    assert p.status == "merged"


def test_convert_bulk_with_repeats(g: Gazetteer) -> None:
    out = g.convert(["00001", "00001", "00004"], on=D2021, to=D2025B)
    assert out[0] == out[1] == "00097"
    assert out[2] is not None


def test_convert_split_modes(g: Gazetteer) -> None:
    cw = g.crosswalk(on=D2025A, to=D2025B, level="commune")
    code = sorted(r.source for r in cw if r.status == "split")[0]
    targets = g.convert([code], on=D2025A, to=D2025B, on_split="all")[0]
    assert len(targets) > 1
    default = g.convert([code], on=D2025A, to=D2025B)[0]
    assert default in targets
    with pytest.raises(SplitConversion) as info:
        g.convert([code, "00001"], on=D2025A, to=D2025B, on_split="error")
    assert set(info.value.split) == {code}
    assert info.value.split[code] == targets


def test_convert_backwards_names_the_candidates(g: Gazetteer) -> None:
    assert g.convert(["00097"], on=D2025B, to=D2025A, on_split="all")[0]
    with pytest.raises(SplitConversion, match="00097"):
        g.convert(["00097"], on=D2025B, to=D2021, on_split="error")


def test_convert_unknown_codes(g: Gazetteer) -> None:
    with pytest.raises(UnknownUnit):
        g.convert(["99999"], on=D2021, to=D2025B)
    assert g.convert(["99999"], on=D2021, to=D2025B, on_unknown="none") == [None]
    with pytest.raises(InputError):
        g.convert(["00001"], on=D2021, to=D2025B, on_split="guess")  # type: ignore[call-overload]


def test_project_refuses_to_go_back(g: Gazetteer) -> None:
    with pytest.raises(InputError, match="predecessors"):
        g.project("00097", on=D2025B, to=D2021)
    with pytest.raises(InputError, match="project"):
        g.predecessors("00001", on=D2021, since=D2025B)


def test_unresolved_units_say_why(g: Gazetteer) -> None:
    """Xã Phú An Hòa (Bến Tre) is recorded by no surviving unit: unresolved, not guessed."""
    p = g.project("28825", on=D2021, to=D2025A)
    assert p.status == "unresolved"
    assert p.targets == ()
    assert p.reason and "former name" in p.reason


def test_a_suffixed_name_is_linked_to_the_unit_recording_its_bare_name(g: Gazetteer) -> None:
    """Xã Phúc Thành A (Kim Thành) joined Thị trấn Phú Thái, which records 'Phúc Thành'."""
    p = g.project("10774", on=D2021, to=D2025A)
    assert p.status == "merged"
    assert [t.code for t in p.targets] == ["10750"]


def test_a_district_carved_out_of_one_that_goes_on_is_a_partial_transfer(g: Gazetteer) -> None:
    """Thị xã Chũ (224) was carved out of Huyện Lục Ngạn (219), which goes on."""
    p = g.project("219", on=D2021, to=D2025A)
    assert p.status == "split"
    assert [(t.code, t.whole, t.default) for t in p.targets] == [
        ("219", False, True),
        ("224", False, False),
    ]
    back = g.predecessors("224", on=D2025A, since=D2021)
    assert back.status == "split"
    assert [t.code for t in back.targets] == ["219"]


def test_a_unit_that_absorbed_another_is_merged_not_same(g: Gazetteer) -> None:
    """Xã Tân Lập (03997) absorbed Xã Tân Hợp and was renamed Tân Yên on 2025-01-01."""
    for code in ("03988", "03997"):
        p = g.project(code, on=D2021, to=D2025A)
        assert p.status == "merged", code
        assert [t.name for t in p.targets] == ["Xã Tân Yên"]


def test_diff_with_its_dates_reversed_is_an_error(g: Gazetteer, cli: Any) -> None:
    with pytest.raises(InputError, match="before"):
        g.diff(on=D2025B, to=D2021)
    r = cli("lineage", "diff", "--on", "2025-07-01", "--to", "2021-12-17")
    assert r.status == 2 and "--to 2021-12-17 is before --on 2025-07-01" in r.err
    assert "Traceback" not in r.err


def test_units_get_is_show(cli: Any) -> None:
    show = cli("units", "show", "00001", "--on", "2021-12-17")
    get = cli("units", "get", "00001", "--on", "2021-12-17")
    assert get.status == show.status == 0 and get.out == show.out


def test_diff_counts_add_up(g: Gazetteer) -> None:
    for a, b in ((D2021, D2025A), (D2025A, D2025B), (D2021, D2025B)):
        d = g.diff(on=a, to=b)
        for level, (removed, added) in d.by_level().items():
            assert g.count(on=b, level=level) - g.count(on=a, level=level) == added - removed


def test_guess_vintage(g: Gazetteer) -> None:
    codes = [u.code for u in g.units(on=D2021, level="commune", within="01")]
    best = g.guess_vintage(codes)[0]
    assert best.valid_from == dt.date(2021, 1, 1)
    assert best.matched == 579
    new = [u.code for u in g.units(on=D2025B, level="commune")]
    assert g.guess_vintage(new)[0].valid_from == D2025B


def test_export_units_sqlite_answers_like_the_api(g: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "units.db"
    n = export_units(g, D2021, "sqlite", path)
    assert n == 63 + 705 + 10599
    con = sqlite3.connect(path)
    (name,) = con.execute("SELECT name FROM units WHERE code = '00001'").fetchone()
    assert name == "Phường Phúc Xá"
    (count,) = con.execute(
        "SELECT count(*) FROM units WHERE level = 'commune' AND parent_code IN "
        "(SELECT code FROM units WHERE parent_code = '01')"
    ).fetchone()
    assert count == g.count(on=D2021, level="commune", within="01")
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"units_code", "units_dates"} <= indexes
    con.close()


def test_export_units_sqlite_carries_english_names_also_into_a_0_1_table(
    g: Gazetteer, tmp_path: Path
) -> None:
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.execute(  # the table as qcdc 0.1 wrote it, without name_en
        "CREATE TABLE units (code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,"
        " level TEXT NOT NULL, parent_code TEXT, valid_from TEXT NOT NULL, valid_to TEXT)"
    )
    con.commit()
    con.close()
    export_units(g, D2025B, "sqlite", path)
    con = sqlite3.connect(path)
    rows = con.execute("SELECT code, name_en FROM units WHERE code IN ('01', '00004')").fetchall()
    con.close()
    assert sorted(rows) == [("00004", "Ba Dinh Ward"), ("01", "Ha Noi City")]


def test_export_crosswalk_sqlite_answers_like_the_api(g: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "xwalk.db"
    export_crosswalk(g, D2021, D2025B, "sqlite", path, level="commune")
    con = sqlite3.connect(path)
    rows = con.execute(
        "SELECT target, whole, is_default, basis FROM crosswalk WHERE source = '00001'"
    ).fetchall()
    assert rows == [("00097", 1, 1, "1656/NQ-UBTVQH15")]
    (n_targets,) = con.execute(
        "SELECT count(DISTINCT target) FROM crosswalk WHERE target_name IS NOT NULL AND "
        "source IN (SELECT source FROM crosswalk WHERE basis LIKE '%1656/NQ-UBTVQH15%')"
    ).fetchone()
    assert n_targets == 126
    con.close()


def test_export_csv_and_json(g: Gazetteer, tmp_path: Path) -> None:
    import csv
    import json

    export_units(g, D2025B, "csv", tmp_path / "u.csv", within="01")
    with (tmp_path / "u.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 126 and rows[0]["valid_from"] == "2025-07-01"
    export_crosswalk(g, D2021, D2025B, "json", tmp_path / "x.json", level="province")
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert len({r["source"] for r in data}) == 63
    with pytest.raises(InputError):
        export_units(g, D2021, "xlsx", tmp_path / "u.xlsx")  # type: ignore[arg-type]


def test_legal_bases_carry_their_confidence(g: Gazetteer) -> None:
    """203/2025/QH15 is known only from a secondary source: 'likely', never silently 'sure'."""
    abolished = g.project("001", on=D2021, to=D2025B).events[-1]
    assert [(c.document, c.confidence.value) for c in abolished.basis_citations] == [
        ("203/2025/QH15", "likely")
    ]
    merged = g.project("00001", on=D2021, to=D2025B).events[-1]
    assert [c.confidence.value for c in merged.basis_citations] == ["sure"]
    assert merged.to_dict()["basis_confidence"] == ["sure"]


def test_shares_carried_by_a_projection_never_exceed_the_whole() -> None:
    """A unit renamed and retyped on one day has two links to itself: its share is counted
    once; a unit that goes on after giving parts away keeps only the rest (issue 12)."""
    g = qcdc.gazetteer()
    day = dt.date(2024, 12, 1)
    before = day - dt.timedelta(days=1)
    sources = {lk.source for lk in g.links if lk.effective == day and lk.source}
    for code in sorted(sources):
        if g.get(code, on=before) is None:
            continue
        p = g.project(code, on=before, to=day)
        known = [t.share for t in p.targets if t.share is not None]
        assert all(0 < s <= 1 for s in known), (code, p.targets)
        if len(known) == len(p.targets):
            assert sum(known) == 1, (code, p.targets)
    na_mao = g.project("05782", on=before, to=day)
    assert sorted(t.share for t in na_mao.targets if t.share is not None) == [
        Fraction(1565, 3734),
        Fraction(2169, 3734),
    ]


def test_cli_errors_name_the_date_asked_and_speak_the_shells_words(cli: Any) -> None:
    r = cli("units", "count", "--within", "99", "--on", "2021-12-17")
    assert r.status == 2 and "'99' on 2021-12-17" in r.err and "within=" not in r.err
    r = cli("units", "show", "00001", "--on", "2025-07-01")
    assert r.status == 2 and "qcdc lineage project" in r.err and "project()" not in r.err
