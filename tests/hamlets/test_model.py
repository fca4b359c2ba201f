"""qcdc.hamlets: communities: kinds, communities and references (qcdc.hamlets.model)."""

from __future__ import annotations

import datetime as dt
import importlib
import types
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc.errors import (
    InputError,
    QcdcError,
)
from qcdc.hamlets import (
    Community,
    CommunityFamily,
    CommunityKind,
    CommunityRef,
)

D = dt.date(2021, 12, 17)
E = dt.date(2022, 1, 1)
XA = "00379"  # Xã Bắc Sơn, Huyện Sóc Sơn (016)


def thon(ident: str, households: int, commune: str = XA, **kw: Any) -> Community:
    name = kw.pop("name", f"Thôn {ident}")
    return Community(ident, name, "thôn", commune, households, **kw)


# =========================================================================== module


CONCEPTS = ("model", "regions", "standards", "registry", "actions", "plans", "summaries")


@pytest.mark.parametrize("name", CONCEPTS)
def test_every_concept_module_is_public_and_its_names_reach_the_package(name: str) -> None:
    """Each module's ``__all__`` names what it defines publicly, and ``qcdc.hamlets``
    exports all of it (the registry and the standards re-export what moved out of them)."""
    module = importlib.import_module(f"qcdc.hamlets.{name}")
    defined = {
        n
        for n, v in vars(module).items()
        if not n.startswith("_")
        and getattr(v, "__module__", None) == module.__name__
        and not isinstance(v, types.ModuleType)
    }
    assert defined <= set(module.__all__)
    package = importlib.import_module("qcdc.hamlets")
    for n in module.__all__:
        assert getattr(module, n) is getattr(package, n), n


# =========================================================================== kinds


def test_community_kinds_know_family_and_name() -> None:
    assert CommunityKind.HAMLET.family is CommunityFamily.HAMLET
    assert CommunityKind.KHOM.family is CommunityFamily.RESIDENTIAL_GROUP
    assert CommunityKind.SOC.vietnamese == "sóc" and str(CommunityKind.SOC) == "sóc"
    assert CommunityKind.RESIDENTIAL_GROUP.prefix == "Tổ dân phố"
    families = {k.family for k in CommunityKind}
    assert families == set(CommunityFamily)
    assert CommunityKind.default(CommunityFamily.HAMLET) is CommunityKind.HAMLET
    assert (
        CommunityKind.default(CommunityFamily.RESIDENTIAL_GROUP) is CommunityKind.RESIDENTIAL_GROUP
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thôn", CommunityKind.HAMLET),
        ("Tho\u0302n", CommunityKind.HAMLET),  # NFD
        ("THON", CommunityKind.HAMLET),
        ("Tổ dân phố", CommunityKind.RESIDENTIAL_GROUP),
        ("TDP", CommunityKind.RESIDENTIAL_GROUP),
        ("to_dan_pho", CommunityKind.RESIDENTIAL_GROUP),
        ("residential_group", CommunityKind.RESIDENTIAL_GROUP),
        ("bản", CommunityKind.BAN),
        ("bon", CommunityKind.BON),
        ("buôn", CommunityKind.BUON),
        ("khối phố", CommunityKind.KHOI_PHO),
        ("khối", CommunityKind.KHOI_PHO),
        ("Khoi", CommunityKind.KHOI_PHO),
        (CommunityKind.AP, CommunityKind.AP),
    ],
)
def test_kind_parse(text: Any, kind: CommunityKind) -> None:
    assert CommunityKind.parse(text) is kind


def test_kind_parse_errors() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        CommunityKind.parse("phường")
    with pytest.raises(ValueError, match="kind must be a text"):
        CommunityKind.parse(3)  # type: ignore[arg-type]


def test_kind_from_name() -> None:
    assert CommunityKind.from_name("Tổ dân phố số 5") is CommunityKind.RESIDENTIAL_GROUP
    assert CommunityKind.from_name("Khu phố 3") is CommunityKind.KHU_PHO
    assert CommunityKind.from_name("Bản Mường") is CommunityKind.BAN
    assert CommunityKind.from_name("thon dong") is CommunityKind.HAMLET
    assert CommunityKind.from_name("Thônglong") is None
    assert CommunityKind.from_name("Đội 5") is None
    assert CommunityKind.from_name("Khối 5") is CommunityKind.KHOI_PHO
    assert CommunityKind.from_name("Khối phố Yên Hòa") is CommunityKind.KHOI_PHO
    assert CommunityKind.from_name("Khóm 2") is CommunityKind.KHOM
    assert CommunityKind.from_name("Khốinam") is None


# =========================================================================== community


def test_community_normalises_and_knows_its_key() -> None:
    c = Community(" T1 ", "Thôn  Đông ", "thôn", "379", 120, area_km2="1.5")
    assert (c.id, c.name, c.commune_code, c.area_km2) == ("T1", "Thôn Đông", XA, Decimal("1.5"))
    assert c.key == (XA, "T1") and c.family is CommunityFamily.HAMLET
    assert c.ref == CommunityRef("T1", XA)
    assert str(c) == "00379:T1 Thôn Đông"
    assert Community(7, "Thôn 7", "thôn", XA, 1).id == "7"
    assert Community("A", "Thôn A", "thôn", XA, 1, area_km2=0.25).area_km2 == Decimal("0.25")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"id": ""}, ValueError, "id must not be empty"),
        ({"id": "a;b"}, ValueError, "must not contain ';'"),
        ({"id": None}, TypeError, "id must be a text"),
        ({"name": "  "}, ValueError, "name"),
        ({"kind": "phường"}, ValueError, "kind must be one of"),
        ({"commune_code": "1234567"}, QcdcError, "at most 5 digits"),
        ({"households": -1}, ValueError, "households"),
        ({"households": "12"}, TypeError, "households"),
        ({"households": True}, TypeError, "households must be a whole number"),
        ({"population": -5}, ValueError, "population"),
        ({"area_km2": -1}, ValueError, "area_km2 must be a finite number >= 0"),
        ({"area_km2": True}, TypeError, "area must be a number"),
        ({"border": "yes"}, TypeError, "border"),
        ({"valid_from": E, "valid_to": D}, ValueError, "valid_to must be after valid_from"),
    ],
)
def test_community_validation(kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    base: dict[str, Any] = {
        "id": "T1",
        "name": "Thôn A",
        "kind": "thôn",
        "commune_code": XA,
        "households": 10,
    }
    base.update(kwargs)
    with pytest.raises(error, match=match):
        Community(**base)


def test_community_in_force() -> None:
    c = thon("T1", 10, valid_from=dt.date(2020, 1, 1), valid_to=E)
    assert c.in_force(D) and not c.in_force(E) and not c.in_force(dt.date(2019, 12, 31))
    assert thon("T2", 1).in_force(dt.date(1900, 1, 1))


def test_from_record_parses_spreadsheet_values() -> None:
    c = Community.from_record(
        {
            "id": "T1",
            "name": "Thôn Đông",
            "commune_code": "379",
            "households": "1.245",
            "population": "4 980",
            "area_km2": "1,25",
            "border": "có",
            "island": "",
            "valid_from": "17/12/2021",
            "valid_to": "2025-07-01",
        }
    )
    assert c.kind is CommunityKind.HAMLET  # taken from the name
    assert (c.households, c.population, c.area_km2) == (1245, 4980, Decimal("1.25"))
    assert (c.border, c.island, c.valid_from, c.valid_to) == (True, False, D, dt.date(2025, 7, 1))
    assert Community.from_record(c.to_record()) == c


@pytest.mark.parametrize(
    ("change", "field", "match"),
    [
        ({"households": ""}, "households", "missing required"),
        ({"households": "12,5"}, "households", "whole number"),
        ({"households": "-3"}, "households", "whole number"),
        ({"households": 1.5}, "households", "whole number"),
        ({"households": -3}, "households", ">= 0"),
        ({"households": True}, "households", "whole number"),
        ({"population": "many"}, "population", "whole number"),
        ({"area_km2": "1.2.3"}, "area_km2", "number such as"),
        ({"area_km2": "nan"}, "area_km2", "number such as"),
        ({"area_km2": [1]}, "area_km2", "expected a number"),
        ({"area_km2": True}, "area_km2", "expected a number"),
        ({"border": "maybe"}, "border", "expected 1/0"),
        ({"island": 2}, "island", "expected 1/0"),
        ({"valid_from": "31/02/2021"}, "valid_from", "not a real date"),
        ({"valid_from": "soon"}, "valid_from", "a date such as 2021-12-17 or 17/12/2021"),
        ({"valid_from": 5}, "valid_from", "a datetime.date or a date string"),
        ({"kind": "phường"}, "kind", "kind must be one of"),
        ({"kind": "", "name": "Nhà văn hóa"}, "kind", "kind is missing"),
        ({"commune_code": "x1"}, "commune_code", "ASCII digits"),
        ({"name": 5}, "name", "name must be a text"),
        ({"valid_from": "2022-01-01", "valid_to": "2021-01-01"}, "valid_to", "after valid_from"),
    ],
)
def test_from_record_errors_name_the_field(change: dict[str, Any], field: str, match: str) -> None:
    row: dict[str, Any] = {
        "id": "T1",
        "name": "Thôn A",
        "kind": "thôn",
        "commune_code": XA,
        "households": "10",
    }
    row.update(change)
    with pytest.raises(InputError, match=match) as info:
        Community.from_record(row)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("text", "households"),
    [("1.245", 1245), ("1,245", 1245), ("1 245", 1245), ("1\u00a0245", 1245),
     ("1.234.567", 1234567), (" 07 ", 7), ("0", 0)],
)  # fmt: skip
def test_counts_are_read_by_the_number_kernel(text: str, households: int) -> None:
    """a count cell is a Vietnamese number (qcdc.numbers); a comma or space between groups
    of three digits can only separate thousands, since a count has no decimals"""
    row = {"id": "T1", "name": "Thôn A", "kind": "thôn", "commune_code": XA}
    assert Community.from_record({**row, "households": text}).households == households


@pytest.mark.parametrize("text", ["12.34", "1,5", "1" * 30, "1e3", "+5", "1.2 nghìn", "１２"])
def test_counts_that_are_not_whole_numbers_are_refused(text: str) -> None:
    row = {"id": "T1", "name": "Thôn A", "kind": "thôn", "commune_code": XA}
    with pytest.raises(InputError, match="whole number") as info:
        Community.from_record({**row, "households": text})
    assert info.value.field == "households"


def test_from_record_accepts_python_values() -> None:
    row = {
        "id": "T1",
        "name": "Thôn A",
        "commune_code": XA,
        "households": 10,
        "population": 30,
        "area_km2": Decimal("2"),
        "border": 1,
        "island": False,
        "valid_from": dt.datetime(2021, 1, 1, 8, 0),
    }
    c = Community.from_record(row)
    assert (c.households, c.border, c.valid_from, c.area_km2) == (10, True, dt.date(2021, 1, 1), 2)
    assert Community.from_record({**row, "area_km2": 0.5}).area_km2 == Decimal("0.5")


def test_community_ref_parse() -> None:
    assert CommunityRef.parse("00097:T05") == CommunityRef("T05", "00097")
    assert CommunityRef.parse(" T05 ") == CommunityRef("T05")
    assert CommunityRef.parse((XA, "T1")) == CommunityRef("T1", XA)
    c = thon("T1", 1)
    assert CommunityRef.parse(c) == c.ref
    ref = CommunityRef("T1", XA)
    assert CommunityRef.parse(ref) is ref
    assert str(ref) == "00379:T1" and str(CommunityRef("T1")) == "T1"
    assert CommunityRef.parse("0097:T05").commune_code is None  # not five digits: a bare id


def test_a_reference_means_the_same_after_a_round_trip_through_text() -> None:
    """issue 11: CommunityRef("12345:T1") came back as id T1 of commune 12345"""
    with pytest.raises(InputError, match="would read as id 'T1' of commune 12345") as info:
        CommunityRef("12345:T1")
    assert info.value.field == "id" and isinstance(info.value, ValueError)
    for ref in (
        CommunityRef("T1", "12345"),
        CommunityRef("12345:T1", "00001"),
        CommunityRef("A:B"),
        CommunityRef("0097:T05"),
    ):
        assert CommunityRef.parse(str(ref)) == ref


_CODE = st.integers(1, 99999).map(lambda n: f"{n:05d}")
_IDENT = st.text(min_size=1, max_size=12).filter(lambda s: s.strip())


@given(
    _IDENT | st.builds(lambda code, rest: f"{code}:{rest}", _CODE, _IDENT),
    st.none() | _CODE,
)
def test_every_reference_survives_str_then_parse(ident: str, commune: str | None) -> None:
    """parse(str(ref)) == ref for every reference that can be made"""
    try:
        ref = CommunityRef(ident, commune)
    except (ValueError, TypeError):
        return
    assert CommunityRef.parse(str(ref)) == ref


def test_a_semicolon_in_an_id_is_reported_as_the_id() -> None:
    """issue 11: an id with ';' was reported as field valid_to"""
    row = {"id": "T1;T2", "name": "Thôn A", "kind": "thôn", "commune_code": XA, "households": "1"}
    with pytest.raises(InputError, match="must not contain ';'") as info:
        Community.from_record(row)
    assert info.value.field == "id"
