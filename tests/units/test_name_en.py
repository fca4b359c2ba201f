"""English names from the MIT source (``AdministrativeUnit.name_en``; issue 12)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

import qcdc
from qcdc.text import fold
from qcdc.units import AdministrativeUnit, UnitKind

G = qcdc.gazetteer()


def test_ha_noi_and_a_2025_commune_have_english_names() -> None:
    assert G.lookup("01", on=dt.date(2021, 12, 17)).name_en == "Ha Noi City"
    ward = G.lookup("00091", on=dt.date(2025, 7, 1))
    assert ward.valid_from == dt.date(2025, 7, 1)
    assert ward.name == "Phường Phú Thượng"
    assert ward.name_en == "Phu Thuong Ward"


def test_an_act_that_renames_gives_the_new_english_name() -> None:
    assert G.lookup("75", on=dt.date(2025, 7, 1)).name_en == "Dong Nai Province"
    assert G.lookup("75", on=dt.date(2026, 12, 1)).name_en == "Dong Nai City"


def test_none_where_unknown_and_not_part_of_equality() -> None:
    mine = AdministrativeUnit(kind=UnitKind.COMMUNE, code="99999", name="Xã Thử", parent_code="999")
    assert mine.name_en is None
    named = AdministrativeUnit(
        kind=UnitKind.COMMUNE, code="99999", name="Xã Thử", parent_code="999", name_en="Thu"
    )
    assert named == mine and hash(named) == hash(mine)
    assert repr(named) == repr(mine)
    # the exports carry it, and read it back
    assert named.to_record()["name_en"] == "Thu" and mine.to_record()["name_en"] == ""
    assert AdministrativeUnit.from_record(named.to_record()).name_en == "Thu"


@settings(max_examples=30, deadline=None)
@given(st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_every_english_name_spells_the_vietnamese_one(on: dt.date) -> None:
    """The English name holds the Vietnamese proper name without its accents."""
    for u in G.units(on=on, level="province"):
        assert u.name_en is not None
        assert fold(u.short_name).lower().replace("đ", "d") in fold(u.name_en).lower(), u
