"""Unit levels, kinds, codes and the frozen unit record."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from qcdc.errors import InputError, InvalidUnitCode
from qcdc.units import AdministrativeUnit, UnitKind, UnitLevel, unit_code


def test_every_kind_knows_its_level_and_vietnamese_name() -> None:
    assert UnitKind.WARD.level is UnitLevel.COMMUNE
    assert UnitKind.SPECIAL_ZONE.vietnamese == "đặc khu"
    assert UnitKind.TOWNSHIP.vietnamese == "thị trấn"
    assert UnitKind.MUNICIPAL_CITY.level is UnitLevel.DISTRICT
    assert {k.level for k in UnitKind} == set(UnitLevel)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("phường", UnitKind.WARD),
        ("Thị trấn", UnitKind.TOWNSHIP),
        ("WARD", UnitKind.WARD),
        ("thi\u0323 trâ\u0301n", UnitKind.TOWNSHIP),
    ],
)
def test_kind_parse(text: str, kind: UnitKind) -> None:
    assert UnitKind.parse(text) is kind


def test_kind_parse_rejects_unknown_words() -> None:
    with pytest.raises(ValueError, match="kind must be"):
        UnitKind.parse("thôn")


@pytest.mark.parametrize(
    ("value", "level", "expected"),
    [
        ("01", None, "01"),
        ("001", None, "001"),
        ("00001", None, "00001"),
        (1, UnitLevel.PROVINCE, "01"),
        ("97", UnitLevel.COMMUNE, "00097"),
        (" 00004 ", None, "00004"),
        ("0001", UnitLevel.DISTRICT, "001"),
    ],
)
def test_unit_code_canonicalises(value: object, level: UnitLevel | None, expected: str) -> None:
    assert unit_code(value, level=level) == expected


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("1", None),
        ("0001", None),
        ("12a", None),
        ("١٢", None),
        (1.5, None),
        (None, None),
        (True, None),
        ("100", UnitLevel.PROVINCE),
    ],
)
def test_unit_code_rejects_malformed(value: object, level: UnitLevel | None) -> None:
    with pytest.raises(InvalidUnitCode) as info:
        unit_code(value, level=level)
    assert info.value.code == value
    assert "digits" in str(info.value)


def test_unit_is_frozen_and_validated() -> None:
    u = AdministrativeUnit(UnitKind.WARD, "00001", "Phường Phúc Xá", "001")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        u.name = "x"  # type: ignore[misc]
    with pytest.raises(InvalidUnitCode):
        AdministrativeUnit(UnitKind.WARD, "001", "Phường Phúc Xá", "001")
    with pytest.raises(ValueError, match="must have a parent"):
        AdministrativeUnit(UnitKind.WARD, "00001", "Phường Phúc Xá")
    with pytest.raises(ValueError, match="no parent"):
        AdministrativeUnit(UnitKind.PROVINCE, "01", "Thành phố Hà Nội", "00")
    with pytest.raises(ValueError, match="valid_to must be after"):
        AdministrativeUnit(
            UnitKind.PROVINCE, "01", "Hà Nội", None, dt.date(2025, 1, 1), dt.date(2024, 1, 1)
        )


def test_unit_name_is_stored_nfc_and_short_name_drops_the_type_word() -> None:
    u = AdministrativeUnit(UnitKind.WARD, "00001", "Phu\u031bo\u031b\u0300ng Phúc Xá", "001")
    assert u.name == "Phường Phúc Xá"
    assert u.short_name == "Phúc Xá"
    assert u.in_force(dt.date(2021, 12, 17))


def test_from_record_names_the_bad_field() -> None:
    good = {"code": "00001", "name": "Phường Phúc Xá", "kind": "phường", "parent_code": "001"}
    assert AdministrativeUnit.from_record(good).code == "00001"
    with pytest.raises(InputError) as info:
        AdministrativeUnit.from_record({**good, "code": "x1"})
    assert info.value.field == "code"
    with pytest.raises(InputError) as info:
        AdministrativeUnit.from_record({**good, "kind": "thôn"})
    assert info.value.field == "kind"
    with pytest.raises(InputError) as info:
        AdministrativeUnit.from_record({"code": "00001"})
    assert info.value.field == "name"
    with pytest.raises(InputError, match="valid_from"):
        AdministrativeUnit.from_record({**good, "valid_from": "2021/12/17"})


def test_to_record_round_trips() -> None:
    u = AdministrativeUnit(
        UnitKind.COMMUNE, "00004", "Xã A", "001", dt.date(2021, 1, 1), dt.date(2025, 7, 1)
    )
    assert AdministrativeUnit.from_record(u.to_record()) == u


def test_level_parse() -> None:
    assert UnitLevel.parse("commune") is UnitLevel.COMMUNE
    assert UnitLevel.parse("cấp tỉnh") is UnitLevel.PROVINCE
    with pytest.raises(ValueError, match="level must be"):
        UnitLevel.parse("village")
