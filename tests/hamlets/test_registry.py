"""qcdc.hamlets: the registry on a date, its checks and assessments (qcdc.hamlets.registry)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import qcdc
from qcdc.citations import Citation, EffectivePeriod
from qcdc.errors import (
    MissingDependency,
    QcdcError,
    RuleViolation,
    ValidationFailed,
)
from qcdc.findings import Severity
from qcdc.hamlets import (
    AmbiguousCommunity,
    Community,
    CommunityFamily,
    HamletRegistry,
    MergeStatus,
    UnknownCommunity,
)
from qcdc.hamlets._csv import (
    load_hamlets,
)
from qcdc.hamlets._strategies import registries
from qcdc.hamlets.standards import HouseholdMinimum, MergeRule, Rulebook
from qcdc.units import AdministrativeUnit, UnitLevel

DATA = Path(__file__).parent.parent / "data" / "hamlets"
G = qcdc.gazetteer()
D = dt.date(2021, 12, 17)
E = dt.date(2022, 1, 1)
WARD = "00001"  # Phường Phúc Xá, Quận Ba Đình (001)
WARD2 = "00004"  # Phường Trúc Bạch, Quận Ba Đình
XA = "00379"  # Xã Bắc Sơn, Huyện Sóc Sơn (016)
TOWN = "00376"  # Thị trấn Sóc Sơn


def tdp(ident: str, households: int, commune: str = WARD, **kw: Any) -> Community:
    name = kw.pop("name", f"Tổ dân phố số {ident[3:] or ident}")
    return Community(ident, name, "tổ dân phố", commune, households, **kw)


def thon(ident: str, households: int, commune: str = XA, **kw: Any) -> Community:
    name = kw.pop("name", f"Thôn {ident}")
    return Community(ident, name, "thôn", commune, households, **kw)


def small() -> HamletRegistry:
    return HamletRegistry.build(load_hamlets(DATA / "hamlets_small.csv"), on=D, gazetteer=G)


def rules(findings: Sequence[Any]) -> list[str]:
    return [f.rule for f in findings]


# =========================================================================== registry


def test_registry_container_protocol() -> None:
    reg = small()
    assert len(reg) == 9 and reg.households == sum(c.households for c in reg)
    first = reg.communities[0]
    assert first in reg and first.key in reg and attrs.evolve(first, households=1) not in reg
    assert reg.get(WARD, "TDP01") == first and reg.get(WARD, "nope") is None
    assert [c.id for c in reg.in_commune(XA)] == ["T01", "T02", "T03", "T04"]
    assert reg.commune_codes() == (WARD, XA)
    assert reg.unit(WARD) is not None and reg.unit(WARD).name == "Phường Phúc Xá"  # type: ignore[union-attr]
    assert reg.province_code(XA) == "01" and reg.district_code(XA) == "016"
    assert reg.province_code("99999") is None and reg.district_code("99999") is None
    assert reg == HamletRegistry(list(reg), on=D, gazetteer=G)
    assert reg != HamletRegistry(list(reg), on=E, gazetteer=G)
    assert HamletRegistry([], on=D).gazetteer is G  # the embedded gazetteer by default


def test_registry_resolve() -> None:
    reg = HamletRegistry(
        [tdp("TDP01", 1), tdp("TDP01", 1, commune=WARD2), thon("T1", 1)], on=D, gazetteer=G
    )
    assert reg.resolve("T1").commune_code == XA
    assert reg.resolve("00004:TDP01").commune_code == WARD2
    with pytest.raises(
        AmbiguousCommunity, match=r"qualify it with its commune code, e\.g\. '00001:TDP01'"
    ):
        reg.resolve("TDP01")
    with pytest.raises(UnknownCommunity, match="no community with id 'X'"):
        reg.resolve("X")
    with pytest.raises(UnknownCommunity, match="no community 'X' in commune 00379"):
        reg.resolve("00379:X")
    assert issubclass(UnknownCommunity, LookupError) and issubclass(AmbiguousCommunity, QcdcError)


def test_a_clean_registry_has_no_findings() -> None:
    assert small().check() == []


def test_registry_check_reports_everything() -> None:
    comms = [
        tdp("TDP01", 100),
        tdp("TDP01", 120, name="Tổ dân phố số 9"),  # duplicate id
        tdp("TDP02", 100, name="to dan pho so 1"),  # same name, no accents
        thon("T1", 100, commune=WARD, name="Thôn Lạ"),  # thôn in a phường
        tdp("TDP03", 100, commune=XA),  # tổ dân phố in a xã
        thon("T2", 100, commune="99999"),  # no such commune
        thon("T3", 100, valid_to=D),  # ended
        thon("T4", 100, population=50),  # population below households (warning)
        tdp("TDP04", 100, commune=TOWN),  # fine: thị trấn
    ]
    reg = HamletRegistry(comms, on=D, gazetteer=G)
    found = reg.check()
    assert rules(found) == [
        "registry.duplicate-id",
        "registry.duplicate-name",
        "registry.family-mismatch",
        "registry.family-mismatch",
        "registry.unknown-commune",
        "registry.not-in-force",
        "registry.population-below-households",
    ]
    assert [f.path for f in found][:3] == [
        "communities[1].id",
        "communities[2].name",
        "communities[3].kind",
    ]
    assert "a thôn belongs to a xã" in found[2].message and "04/2012" in found[2].message
    assert "a tổ dân phố belongs to a phường or thị trấn" in found[3].message
    assert found[-1].severity is Severity.WARNING
    with pytest.raises(ValidationFailed) as info:
        HamletRegistry.build(comms, on=D, gazetteer=G)
    assert len(info.value.exceptions) == 6
    assert all(isinstance(e, RuleViolation) for e in info.value.exceptions)
    assert len(info.value.findings) == 6


def test_family_rule_follows_the_conversion_rule_and_the_2025_freeze() -> None:
    # Xã Vân Tùng (Bắc Kạn) became Thị trấn Vân Tùng with the same code by 722/NQ-UBTVQH15,
    # in force 2023-04-10 (the act log dates it; the three lists of 0.1 said 2025-01-01)
    reg = HamletRegistry([thon("T1", 100, commune="01954")], on=dt.date(2025, 3, 1), gazetteer=G)
    [f] = reg.check()
    assert (f.rule, f.severity) == ("registry.conversion-pending", Severity.WARNING)
    assert "was a xã until 2023-04-10" in f.message and "05/2022" in f.message
    # after 1 July 2025 existing units are frozen: warnings, not errors
    after = HamletRegistry(
        [thon("T1", 100, commune="00004"), tdp("TDP1", 100, commune=XA)],
        on=dt.date(2025, 7, 1),
        gazetteer=G,
    )
    kinds = {u.kind.value for u in (G.get("00004", on=dt.date(2025, 7, 1)),)}  # type: ignore[union-attr]
    assert kinds == {"phường"}
    assert [(f.rule, f.severity) for f in after.check()][:1] == [
        ("registry.family-frozen", Severity.WARNING)
    ]
    assert "11776" in after.check()[0].message


def test_special_zones_take_either_family() -> None:
    zone = next(
        u for u in G.units(on=dt.date(2025, 7, 1), level="commune") if u.kind.value == "đặc khu"
    )
    reg = HamletRegistry(
        [thon("T1", 100, commune=zone.code), tdp("TDP1", 100, commune=zone.code)],
        on=dt.date(2025, 7, 1),
        gazetteer=G,
    )
    assert reg.check() == []


def test_dates_outside_the_gazetteer_are_findings() -> None:
    reg = HamletRegistry([thon("T1", 100)], on=dt.date(2019, 1, 1), gazetteer=G)
    [f] = reg.check()
    assert f.rule == "registry.unknown-commune" and "covered period" in f.message


class _OddGazetteer:
    """A protocol gazetteer that answers a province for every code (to reach defensive paths)."""

    def get(self, code: str, /, *, on: dt.date) -> AdministrativeUnit | None:
        return AdministrativeUnit("tỉnh", "01", "Tỉnh Lạ")

    def ancestors(self, code: str, /, *, on: dt.date) -> Sequence[AdministrativeUnit]:
        return ()


def test_a_code_that_is_not_a_commune() -> None:
    reg = HamletRegistry([thon("T1", 100)], on=D, gazetteer=_OddGazetteer())
    [f] = reg.check()
    assert f.rule == "registry.not-a-commune"
    assert reg.assess() == []  # no province known: nothing to assess


def test_assess_must_and_may() -> None:
    reg = small()
    assessed = reg.assess()
    assert len(assessed) == 9
    must = [a.community.id for a in reg.must_merge()]
    may = [a.community.id for a in reg.may_merge()]
    assert must == ["TDP01", "TDP02", "TDP03", "T01", "T04"]
    assert may == ["TDP05", "T02"]
    d = assessed[0].to_dict()
    assert d["minimum"] == 450 and d["status"] == "must merge" and d["region"] is None
    assert d["rule"] == "tt14-2018.residential-group.ha-noi" and "450" in d["why"]
    assert assessed[5].to_dict()["region"] == "Đồng bằng sông Hồng"


def test_assess_uses_border_and_island_flags_and_a_user_rulebook() -> None:
    reg = HamletRegistry([thon("T1", 60, border=True), thon("T2", 60)], on=D, gazetteer=G)
    a, b = reg.assess()
    assert (a.assessment.minimum, a.status) == (100, MergeStatus.MAY_MERGE)
    assert (b.assessment.minimum, b.status) == (300, MergeStatus.MUST_MERGE)
    book = Rulebook(
        "mine",
        [HouseholdMinimum("all", CommunityFamily.HAMLET, 50, EffectivePeriod(D), Citation("x"))],
        [MergeRule("m", EffectivePeriod(D), Citation("x"))],
    )
    assert [x.status for x in reg.assess(book)] == [MergeStatus.COMPLIES, MergeStatus.COMPLIES]


def test_registry_repr_html_and_records() -> None:
    reg = small()
    text = reg._repr_html_()
    assert "9 communities" in text and "Tổ dân phố số 1" in text
    big = HamletRegistry([thon(f"T{i}", 1, name=f"Thôn {i}") for i in range(25)], on=D, gazetteer=G)
    assert "and 5 more" in big._repr_html_()
    assert reg.to_records()[0]["households"] == "120"


def test_registry_to_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    df = small().to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df["id"])[:2] == ["TDP01", "TDP02"] and int(df["households"].sum()) == 1950
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependency, match="qcdc\\[pandas\\]"):
        small().to_pandas()


@settings(max_examples=40)
@given(registries())
def test_a_communes_district_and_province_are_its_ancestors(registry: HamletRegistry) -> None:
    """issue 16 §4: a registry asks the gazetteer for the ancestors once per parent and
    date; every commune still gets the district and province its own ancestors give"""
    g = registry.gazetteer
    for code in registry.commune_codes():
        unit = g.get(code, on=registry.on)
        if unit is None:
            continue
        above = {a.level: a.code for a in reversed(g.ancestors(code, on=registry.on))}
        assert registry.district_code(code) == above.get(UnitLevel.DISTRICT)
        assert registry.province_code(code) == above.get(UnitLevel.PROVINCE)


def test_the_district_and_province_of_a_commune_in_the_real_gazetteer() -> None:
    reg = HamletRegistry([], on=dt.date(2021, 12, 17), gazetteer=G)
    assert (reg.district_code("00379"), reg.province_code("00379")) == ("016", "01")
    assert (reg.district_code("00001"), reg.province_code("00001")) == ("001", "01")
    later = HamletRegistry([], on=dt.date(2025, 7, 1), gazetteer=G)
    assert later.district_code("00004") is None and later.province_code("00004") == "01"
