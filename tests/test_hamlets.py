"""qcdc.hamlets: communities, registries, merger plans, summaries — and their CSV files and CLI."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import sys
import types
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import qcdc
import qcdc.hamlets.registry as hamlets
from qcdc.citations import Citation, EffectivePeriod
from qcdc.errors import (
    InputError,
    MissingDependency,
    QcdcError,
    RuleViolation,
    UnknownUnit,
    ValidationFailed,
)
from qcdc.findings import Severity
from qcdc.hamlets import (
    ActionKind,
    AmbiguousCommunity,
    ChangeCounts,
    Community,
    CommunityFamily,
    CommunityKind,
    CommunityRef,
    Conversion,
    Dissolution,
    HamletRegistry,
    Merger,
    MergerPlan,
    MergeStatus,
    Rename,
    Summary,
    UnknownCommunity,
    summarize,
)
from qcdc.hamlets import _cli as _cli_hamlets
from qcdc.hamlets._csv import (
    dump_hamlets,
    dump_lineage,
    dump_plan,
    load_hamlets,
    load_plan,
)
from qcdc.hamlets.standards import HouseholdMinimum, MergeRule, Rulebook
from qcdc.units import AdministrativeUnit, UnitLevel

DATA = Path(__file__).parent / "data" / "hamlets"
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


# =========================================================================== module


def test_all_is_public_and_complete() -> None:
    public = {
        n
        for n, v in vars(hamlets).items()
        if not n.startswith("_")
        and getattr(v, "__module__", None) == "qcdc.hamlets"
        and not isinstance(v, types.ModuleType)
    }
    assert public <= set(hamlets.__all__)
    for name in hamlets.__all__:
        assert hasattr(hamlets, name)


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
        ({"valid_from": "soon"}, "valid_from", "YYYY-MM-DD or DD/MM/YYYY"),
        ({"valid_from": 5}, "valid_from", "expected a date"),
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
    # Xã Vân Tùng (Bắc Kạn) became Thị trấn Vân Tùng on 2025-01-01 with the same code
    reg = HamletRegistry([thon("T1", 100, commune="01954")], on=dt.date(2025, 3, 1), gazetteer=G)
    [f] = reg.check()
    assert (f.rule, f.severity) == ("registry.conversion-pending", Severity.WARNING)
    assert "was a xã until 2025-01-01" in f.message and "05/2022" in f.message
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


# =========================================================================== plans: check


def plan(*actions: Any) -> MergerPlan:
    return MergerPlan(actions)


def test_action_values() -> None:
    m = Merger(
        ["T1", (XA, "T2"), thon("T3", 1)],
        effective="2022-01-01",
        target_kind="thôn",
        basis="  NQ  1 ",
        exemption="  ",
    )
    assert m.sources == (CommunityRef("T1"), CommunityRef("T2", XA), CommunityRef("T3", XA))
    assert (m.effective, m.target_kind, m.basis, m.exemption) == (
        E,
        CommunityKind.HAMLET,
        "NQ 1",
        None,
    )
    assert Merger("T1", effective=E).sources == (CommunityRef("T1"),)
    assert m.kind is ActionKind.MERGE and Dissolution([], effective=E).kind is ActionKind.DISSOLVE
    assert Rename(["T1"], effective=E, row=3) == Rename(["T1"], effective=E)  # row is not identity
    assert Conversion(["T1"], effective=dt.datetime(2022, 1, 1, 9), target_kind="").effective == E
    with pytest.raises(ValueError, match="target_id must not contain"):
        Merger(["T1", "T2"], target_id="A;B", effective=E)
    with pytest.raises(TypeError, match="must be a Merger"):
        MergerPlan(["merge T1"])  # type: ignore[list-item]
    assert ActionKind.parse("Sáp nhập") is ActionKind.MERGE
    assert ActionKind.parse("giai the") is ActionKind.DISSOLVE
    assert ActionKind.parse(ActionKind.RENAME) is ActionKind.RENAME
    assert ActionKind.CONVERT.vietnamese == "chuyển đổi" and str(ActionKind.CONVERT) == "convert"
    with pytest.raises(ValueError, match="action must be one of"):
        ActionKind.parse("split")


def test_a_valid_plan_has_no_errors() -> None:
    p = load_plan(DATA / "plan_valid.csv")
    found = p.check(small())
    assert [(f.rule, f.severity) for f in found] == [
        ("plan.target-below-minimum", Severity.WARNING)
    ]
    assert found[0].path == "actions[0].target_households" and "(row 2)" in found[0].message
    p.validate(small())  # warnings do not raise


def test_five_errors_are_all_reported_with_paths() -> None:
    p = load_plan(DATA / "plan_five_errors.csv")
    found = p.check(small())
    assert [(f.rule, f.path) for f in found] == [
        ("plan.unknown-source", "actions[0].sources[1]"),
        ("plan.cross-commune", "actions[1].sources[1]"),
        ("plan.households-mismatch", "actions[2].target_households"),
        ("plan.duplicate-source", "actions[3].sources[1]"),
        ("plan.name-clash", "actions[4].target_name"),
    ]
    assert all(f.severity is Severity.ERROR for f in found)
    with pytest.raises(ValidationFailed) as info:
        p.validate(small())
    assert len(info.value.exceptions) == 5
    with pytest.raises(ValidationFailed) as applied:
        p.apply(small())
    assert [e.finding.rule for e in applied.value.exceptions] == [f.rule for f in found]  # type: ignore[attr-defined]


def _reg(*comms: Community, on: dt.date = D) -> HamletRegistry:
    return HamletRegistry(comms, on=on, gazetteer=G)


def test_check_rules_one_by_one() -> None:
    reg = _reg(
        thon("T1", 100, population=400),
        thon("T2", 120),
        thon("T3", 200, population=800),
        thon("T4", 500, valid_from=dt.date(2022, 6, 1)),
        thon("T5", 500, valid_to=E),
        thon("T6", 500),
        tdp("TDP1", 100),
        tdp("TDP1", 100, commune=WARD2),
        tdp("TDP2", 200, commune=WARD2),
    )
    cases: list[tuple[Any, list[tuple[str, str]]]] = [
        (Merger([], effective=E), [("plan.empty-merge", "actions[0].sources")]),
        (
            Merger(["T6"], effective=E),
            [("plan.single-source-merge", "actions[0].sources")],
        ),
        (
            Merger(["T1", "T2"], target_id="T9", effective=E, exemption="x"),
            [("plan.missing-target", "actions[0].target_name")],
        ),
        (
            Merger(
                ["T1", "T3"],
                target_population=1000,
                target_households=300,
                effective=E,
                exemption="x",
            ),
            [("plan.population-mismatch", "actions[0].target_population")],
        ),
        (
            Merger(["T1", "T2"], target_id="T1", target_population=5, effective=E),
            [
                ("plan.population-unknown", "actions[0].target_population"),
                ("plan.target-below-minimum", "actions[0].target_households"),
            ],
        ),
        (
            Merger(["TDP1"], effective=E),
            [
                ("plan.ambiguous-source", "actions[0].sources[0]"),
                ("plan.single-source-merge", "actions[0].sources"),
            ],
        ),
        (
            Merger(["T1", "T1"], target_id="T1", effective=E, exemption="x"),
            [("plan.duplicate-source", "actions[0].sources[1]")],
        ),
        (
            Merger(["T4", "T6"], effective=E, exemption="x"),
            [("plan.effective-before-source", "actions[0].sources[0]")],
        ),
        (
            Merger(["T5", "T6"], effective=E, exemption="x"),
            [("plan.source-ended", "actions[0].sources[0]")],
        ),
        (
            Merger(["T1", "TDP2"], target_id="N", target_name="Thôn N", effective=E),
            [("plan.cross-commune", "actions[0].sources[1]")],
        ),
        (
            Merger(
                ["T1", "T2"], target_id="T6", target_name="Thôn Mới", effective=E, exemption="x"
            ),
            [("plan.id-clash", "actions[0].target_id")],
        ),
        (Dissolution([], effective=E), [("plan.no-source", "actions[0].sources")]),
        (
            Dissolution(["T6", "TDP2"], effective=E),
            [
                ("plan.dissolve-households", "actions[0].sources[0]"),
                ("plan.dissolve-households", "actions[0].sources[1]"),
                ("plan.cross-commune", "actions[0].sources[1]"),
            ],
        ),
        (
            Conversion(["T1", "TDP2"], target_kind="xóm", effective=E),
            [("plan.cross-commune", "actions[0].sources[1]")],
        ),
        (Dissolution(["T6"], effective=E), [("plan.dissolve-households", "actions[0].sources[0]")]),
        (
            Rename(["T1", "T2"], target_name="Thôn X", effective=E),
            [("plan.one-source", "actions[0].sources")],
        ),
        (Rename(["T1"], effective=E), [("plan.missing-target", "actions[0].target_name")]),
        (
            Rename(["T1"], target_name="thon t1", effective=E),
            [("plan.no-change", "actions[0].target_name")],
        ),
        (
            Rename(["T1"], target_name="Thôn T6", effective=E),
            [("plan.name-clash", "actions[0].target_name")],
        ),
        (
            Rename(["T1"], target_name="Thôn X", target_id="T6", effective=E),
            [("plan.id-clash", "actions[0].target_id")],
        ),
        (
            Conversion([], target_kind="xóm", effective=E),
            [("plan.no-source", "actions[0].sources")],
        ),
        (Conversion(["T1"], effective=E), [("plan.missing-target", "actions[0].target_kind")]),
        (
            Conversion(["T1"], target_kind="thôn", effective=E),
            [("plan.no-change", "actions[0].sources[0]")],
        ),
        (
            Conversion(["T1", "T2"], target_kind="xóm", target_name="Xóm A", effective=E),
            [("plan.one-source", "actions[0].target_name")],
        ),
        (
            Conversion(["T1", "T2"], target_kind="xóm", target_id="X", effective=E),
            [("plan.one-source", "actions[0].target_id")],
        ),
        (
            Conversion(["T1"], target_kind="tổ dân phố", effective=E),
            [("plan.family-mismatch", "actions[0].target_kind")],
        ),
        (
            Merger(["T1", "T2"], target_kind="khu phố", effective=E, exemption="x"),
            [("plan.family-mismatch", "actions[0].target_kind")],
        ),
        (
            Merger(["T1", "T2"], target_id="T1", effective=dt.date(2021, 1, 1), exemption="x"),
            [("plan.effective-before-registry", "actions[0].effective")],
        ),
    ]
    for action, expected in cases:
        got = [(f.rule, f.path) for f in plan(action).check(reg)]
        assert got == expected, action


def test_mixed_families_and_population_mismatch() -> None:
    reg = _reg(
        tdp("TDP1", 200, commune=TOWN, population=10),
        thon("T1", 300, commune=TOWN, name="Thôn Cũ", population=10),
    )
    found = plan(Merger(["TDP1", "T1"], target_id="TDP1", target_population=21, effective=E)).check(
        reg
    )
    assert [(f.rule, f.severity) for f in found] == [
        ("plan.population-mismatch", Severity.ERROR),
        ("plan.mixed-families", Severity.WARNING),
    ]
    assert "(20), got 21" in found[0].message


def test_clashes_between_actions() -> None:
    reg = _reg(thon("T1", 200), thon("T2", 200), thon("T3", 200), thon("T4", 200), thon("T5", 400))
    found = plan(
        Merger(["T1", "T2"], target_id="N1", target_name="Thôn Mới", effective=E),
        Merger(["T3", "T4"], target_id="N1", target_name="thon moi", effective=E),
    ).check(reg)
    assert [(f.rule, f.path) for f in found] == [
        ("plan.id-clash", "actions[1].target_id"),
        ("plan.name-clash", "actions[1].target_name"),
    ]
    # a new id may reuse the id of a community that leaves the registry in the same plan
    ok = plan(
        Merger(["T1", "T2"], target_id="T5", target_name="Thôn Mới", effective=E),
        Rename(["T5"], target_name="Thôn Năm", target_id="T50", effective=E),
    )
    assert ok.check(reg) == []
    # ... but not the id a surviving community keeps
    bad = plan(
        Merger(["T1", "T2"], target_id="T5", target_name="Thôn Mới", effective=E),
        Merger(["T5", "T3"], target_id="T5", effective=E),
    )
    assert [(f.rule, f.path) for f in bad.check(reg)] == [("plan.id-clash", "actions[0].target_id")]


def test_exemption_silences_the_minimum_warning_and_rulebooks_can_have_gaps() -> None:
    reg = _reg(thon("T1", 100), thon("T2", 100))
    m = Merger(["T1", "T2"], target_id="T1", effective=E)
    assert rules(plan(m).check(reg)) == ["plan.target-below-minimum"]
    assert plan(attrs.evolve(m, exemption="vùng đặc thù")).check(reg) == []
    empty = Rulebook("empty", [], [])
    [info] = plan(m).check(reg, rulebook=empty)
    assert (info.rule, info.severity) == ("plan.no-standard", Severity.INFO)
    odd = HamletRegistry([thon("T1", 1), thon("T2", 1)], on=D, gazetteer=_OddGazetteer())
    assert rules(plan(m).check(odd)) == ["plan.no-standard"]


def test_conversion_in_a_xa_that_became_a_township() -> None:
    on = dt.date(2025, 3, 1)
    reg = _reg(thon("T1", 100, commune="01954"), thon("T2", 100, commune="01954"), on=on)
    p = plan(Conversion(["T1", "T2"], target_kind="tổ dân phố", effective=on, basis="QĐ 5/2025"))
    assert p.check(reg) == []
    out = p.apply(reg)
    assert {c.kind for c in out.after} == {CommunityKind.RESIDENTIAL_GROUP}
    assert out.after.check() == []
    assert out.changes["01954"] == ChangeCounts(converted=2)
    assert out.lineage == {}  # same keys


# =========================================================================== plans: apply


def test_apply_the_valid_plan() -> None:
    before = small()
    out = load_plan(DATA / "plan_valid.csv").apply(before)
    after = out.after
    assert [(c.id, c.households) for c in after] == [
        ("TDP06", 270),
        ("TDP03", 510),
        ("TDP04", 460),
        ("T05", 230),
        ("T02", 160),
        ("T03", 320),
    ]
    assert after.households == before.households
    assert after.on == E and after.gazetteer is before.gazetteer
    tdp06 = after.get(WARD, "TDP06")
    assert tdp06 is not None and tdp06.valid_from == E and tdp06.population == 1080
    assert tdp06.area_km2 == Decimal("0.22")
    survivor = after.get(WARD, "TDP03")
    assert survivor is not None and survivor.valid_from is None and survivor.population == 2040
    assert after.get(XA, "T02").name == "Thôn Tây Sơn"  # type: ignore[union-attr]
    assert out.lineage == {
        (WARD, "TDP01"): (WARD, "TDP06"),
        (WARD, "TDP02"): (WARD, "TDP06"),
        (WARD, "TDP05"): (WARD, "TDP03"),
        (XA, "T01"): (XA, "T05"),
        (XA, "T04"): (XA, "T05"),
    }
    assert out.successor((WARD, "TDP04")) == (WARD, "TDP04")
    assert out.successor((WARD, "TDP01")) == (WARD, "TDP06")
    with pytest.raises(UnknownCommunity):
        out.successor((WARD, "nope"))
    assert out.changes == {
        WARD: ChangeCounts(merged=4, new=2),
        XA: ChangeCounts(merged=2, new=1, renamed=1),
    }
    assert rules(out.findings) == ["plan.target-below-minimum"]
    assert out.lineage_records()[0] == {
        "commune_code": WARD,
        "id": "TDP01",
        "successor_commune_code": WARD,
        "successor_id": "TDP06",
    }
    assert after.check() == []


def test_apply_dissolve_rename_with_new_id_and_merge_area_unknown() -> None:
    reg = _reg(
        thon("T1", 0, area_km2=1), thon("T2", 200), thon("T3", 200, area_km2=2), thon("T4", 300)
    )
    out = plan(
        Dissolution(["T1"], effective=E),
        Merger(["T2", "T3"], target_id="T2", effective=E, exemption="x"),
        Rename(["T4"], target_name="Thôn Bốn", target_id="T04", effective=dt.date(2022, 2, 1)),
    ).apply(reg)
    assert [(c.id, c.name, c.area_km2) for c in out.after] == [
        ("T2", "Thôn T2", None),
        ("T04", "Thôn Bốn", None),
    ]
    assert out.lineage == {(XA, "T1"): None, (XA, "T3"): (XA, "T2"), (XA, "T4"): (XA, "T04")}
    assert out.successor((XA, "T1")) is None
    assert out.after.on == dt.date(2022, 2, 1)
    assert out.changes[XA] == ChangeCounts(merged=2, new=1, renamed=1, dissolved=1)
    assert out.lineage_records()[0]["successor_id"] == ""


def test_apply_is_order_independent_and_empty_is_identity() -> None:
    reg = small()
    p = load_plan(DATA / "plan_valid.csv")
    rev = MergerPlan(tuple(reversed(p.actions)))
    assert p.apply(reg).after == rev.apply(reg).after
    empty = MergerPlan([]).apply(reg)
    assert empty.after == reg and empty.lineage == {} and empty.changes == {}
    assert len(MergerPlan([])) == 0 and next(iter(p)) is p.actions[0]


# =========================================================================== summaries


def test_summary_by_each_level() -> None:
    before = small()
    out = load_plan(DATA / "plan_valid.csv").apply(before)
    by_commune = summarize(before, out)
    assert [r.code for r in by_commune.rows] == [WARD, XA]
    assert by_commune.row(WARD).name == "Phường Phúc Xá"
    by_district = out.summary(by="district")
    assert [(r.code, r.name, r.before, r.after) for r in by_district.rows] == [
        ("001", "Quận Ba Đình", 5, 3),
        ("016", "Huyện Sóc Sơn", 4, 3),
    ]
    by_province = summarize(before, out, by=UnitLevel.PROVINCE)
    [row] = by_province.rows
    assert (row.code, row.name) == ("01", "Thành phố Hà Nội")
    for s in (by_commune, by_district, by_province):
        t = s.total
        assert (t.before, t.after, t.reduction, t.reduction_percent) == (9, 6, 3, Decimal("33.3"))
        assert (t.merged, t.new, t.renamed, t.dissolved, t.converted) == (6, 3, 1, 0, 0)
        assert (t.households_before, t.households_after) == (1950, 1950)
        assert t.percent(0) == Decimal("33") and t.percent(2) == Decimal("33.33")
    assert by_district.row("001").reduction_percent == Decimal("40.0")
    with pytest.raises(UnknownUnit, match="no row"):
        by_district.row("999")


def test_summary_json_shape_and_rounding() -> None:
    before = small()
    s = summarize(before, load_plan(DATA / "plan_valid.csv").apply(before), by="district")
    d = s.to_dict()
    assert set(d) == {"by", "on", "rounding", "rows", "total"}
    assert d["by"] == "district" and "half-up" in d["rounding"]
    for row in [*d["rows"], d["total"]]:
        assert {"before", "after", "reduction", "reduction_percent"} <= set(row)
    assert d["total"]["reduction_percent"] == 33.3
    json.dumps(d)  # serialisable as is
    assert Summary.rounding == s.rounding


def test_summary_of_two_registries_has_no_change_counts() -> None:
    a = _reg(thon("T1", 1), thon("T2", 1))
    b = _reg(thon("T1", 2))
    s = summarize(a, b)
    assert (s.total.before, s.total.after, s.total.merged) == (2, 1, None)
    assert s.total.to_dict()["merged"] is None
    zero = summarize(_reg(), _reg())
    assert zero.rows == () and zero.total.reduction_percent is None
    assert zero.total.to_dict()["reduction_percent"] is None


def test_summary_errors() -> None:
    reg = _reg(thon("T1", 1, commune="99999"))
    with pytest.raises(UnknownUnit, match="run the registry's check"):
        summarize(reg, reg)
    later = HamletRegistry([thon("T1", 1, commune="00004")], on=dt.date(2025, 7, 1), gazetteer=G)
    with pytest.raises(InputError, match="no district level") as info:
        summarize(later, later, by="district")
    assert info.value.field == "by"
    assert summarize(later, later, by="province").rows[0].code == "01"
    noprov = HamletRegistry([thon("T1", 1)], on=D, gazetteer=_OddGazetteer())
    with pytest.raises(UnknownUnit, match="province"):
        summarize(noprov, noprov, by="province")
    with pytest.raises(ValueError, match="level must be one of"):
        summarize(noprov, noprov, by="ward")


def test_summary_display(monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    before = small()
    s = summarize(before, load_plan(DATA / "plan_valid.csv").apply(before), by="district")
    text = str(s)
    assert (
        "Quận Ba Đình" in text
        and "33.3%" in text
        and text.splitlines()[-1].strip().startswith("total")
    )
    html_text = s._repr_html_()
    assert "<table>" in html_text and "<b>9</b>" in html_text and "half-up" in html_text
    df = s.to_pandas()
    assert isinstance(df, pd.DataFrame) and list(df["code"]) == ["001", "016"]
    assert df["reduction_percent"].tolist() == [Decimal("40.0"), Decimal("25.0")]
    assert list(summarize(_reg(), _reg()).to_pandas().columns)[:3] == ["code", "name", "before"]
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependency):
        s.to_pandas()


# ==================================================================== acceptance: Hà Nội 2021


def hanoi_scenario() -> tuple[HamletRegistry, MergerPlan]:
    """SYNTHETIC data over the real 579 communes of Hà Nội on 2021-12-17.

    7,968 communities with plausible, randomly drawn household counts (seeded), and a
    plan of 2,575 two-source mergers of each commune's smallest units, spread over the
    communes in proportion to their size. Only the totals match the published figures.
    """
    rng = random.Random(20211217)
    communes = list(G.units(on=D, level="commune", within="01"))
    assert len(communes) == 579
    weights = [rng.randint(6, 22) for _ in communes]
    counts = _apportion(7968, weights)
    comms: list[Community] = []
    by_commune: dict[str, list[Community]] = {}
    for unit, n in zip(communes, counts, strict=True):
        kind = CommunityKind.HAMLET if unit.kind.value == "xã" else CommunityKind.RESIDENTIAL_GROUP
        here = [
            Community(
                f"{unit.code}-{i:02d}",
                f"{kind.prefix} giả lập {i}",
                kind,
                unit.code,
                rng.randint(60, 650),
            )
            for i in range(1, n + 1)
        ]
        by_commune[unit.code] = here
        comms.extend(here)
    merges = _apportion(2575, counts, caps=[n // 2 for n in counts])
    actions = []
    for unit, m in zip(communes, merges, strict=True):
        pool = sorted(by_commune[unit.code], key=lambda c: (c.households, c.id))
        for k in range(m):
            a, b = pool[2 * k], pool[2 * k + 1]
            actions.append(
                Merger(
                    [a.id, b.id],
                    target_id=f"{unit.code}-M{k + 1:02d}",
                    target_name=f"{a.kind.prefix} sáp nhập {k + 1}",
                    effective=D,
                    basis="synthetic",
                    exemption="synthetic scenario",
                )
            )
    return HamletRegistry.build(comms, on=D, gazetteer=G), MergerPlan(actions)


def _apportion(total: int, weights: Sequence[int], caps: Sequence[int] | None = None) -> list[int]:
    """Largest-remainder apportionment of ``total`` by ``weights`` (optionally capped)."""
    s = sum(weights)
    exact = [total * w / s for w in weights]
    out = [int(x) for x in exact]
    if caps is not None:
        out = [min(o, c) for o, c in zip(out, caps, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    i = 0
    while sum(out) < total:
        k = order[i % len(order)]
        if caps is None or out[k] < caps[k]:
            out[k] += 1
        i += 1
    return out


def test_hanoi_2021_scenario_reproduces_the_published_totals() -> None:
    registry, p = hanoi_scenario()
    assert len(registry) == 7968
    assert len(registry.commune_codes()) == 579
    assert not [f for f in p.check(registry) if f.is_error]
    out = p.apply(registry)
    assert len(out.after) == 5393
    city = summarize(registry, out, by=UnitLevel.PROVINCE)
    row = city.row("01")
    assert (row.before, row.after, row.reduction) == (7968, 5393, 2575)
    assert row.reduction_percent == Decimal("32.3")
    assert row.percent(0) == Decimal("32")  # as published
    assert (row.merged, row.new) == (5150, 2575)
    assert row.households_before == row.households_after
    by_district = summarize(registry, out, by="district")
    assert len(by_district.rows) == 30
    assert sum(r.reduction for r in by_district.rows) == 2575
    assert by_district.total == city.total
    by_commune = summarize(registry, out)
    assert len(by_commune.rows) == 579 and by_commune.total == city.total


# ============================================================= acceptance: 2020 resolution

# FACTS.md §2: district, units merged, new units formed, renamed
RESOLUTION_2020 = [
    ("Cầu Giấy", 142, 74, 37),
    ("Hoàn Kiếm", 651, 132, 0),
    ("Long Biên", 156, 76, 0),
    ("Ba Đình", 300, 136, 46),
    ("Đống Đa", 866, 337, 26),
    ("Hai Bà Trưng", 742, 242, 17),
    ("Thanh Xuân", 183, 82, 0),
    ("Hoàng Mai", 574, 223, 89),
    ("Tây Hồ", 293, 95, 11),
    ("Hà Đông", 11, 6, 0),
    ("Ứng Hòa", 8, 4, 0),
]


def _group_sizes(merged: int, new: int) -> list[int]:
    """Split ``merged`` sources into ``new`` groups, two or more each where the figures allow;
    otherwise some groups have one source (a re-formation, reported as a warning)."""
    if merged >= 2 * new:
        base, extra = divmod(merged, new)
        return [base + 1] * extra + [base] * (new - extra)
    return [2] * (merged - new) + [1] * (2 * new - merged)


def resolution_2020_scenario() -> tuple[HamletRegistry, MergerPlan]:
    """The 2020 resolution's per-district figures, replayed on the earliest list qcdc ships
    (2021-01-01); the communities are SYNTHETIC, only the per-district counts are real."""
    on = dt.date(2021, 1, 1)
    districts = {u.short_name: u for u in G.units(on=on, level="district", within="01")}
    comms: list[Community] = []
    actions: list[Any] = []
    for name, merged, new, renamed in RESOLUTION_2020:
        district = districts[name]
        family_kind = "xã" if name == "Ứng Hòa" else "phường"
        kind = CommunityKind.HAMLET if family_kind == "xã" else CommunityKind.RESIDENTIAL_GROUP
        units = [u for u in G.children(district.code, on=on) if u.kind.value == family_kind]
        serial: dict[str, int] = {}

        def make(
            unit_code: str, kind: CommunityKind = kind, serial: dict[str, int] = serial
        ) -> Community:
            serial[unit_code] = serial.get(unit_code, 0) + 1
            n = serial[unit_code]
            c = Community(f"{unit_code}-{n}", f"{kind.prefix} {n}", kind, unit_code, 460)
            comms.append(c)
            return c

        for g, size in enumerate(_group_sizes(merged, new)):
            unit = units[g % len(units)].code
            group = [make(unit) for _ in range(size)]
            actions.append(
                Merger(
                    [c.ref for c in group],
                    target_id=f"{unit}-N{g}",
                    target_name=f"{kind.prefix} mới {g}",
                    effective=dt.date(2021, 2, 1),
                    basis="HĐND thành phố Hà Nội, 2020 (synthetic replay)",
                )
            )
        for r in range(renamed):
            c = make(units[r % len(units)].code)
            actions.append(
                Rename(
                    [c.ref], target_name=f"{kind.prefix} đổi tên {r}", effective=dt.date(2021, 2, 1)
                )
            )
        for u in units[:3]:  # a few communities the resolution did not touch
            make(u.code)
    return HamletRegistry.build(comms, on=on, gazetteer=G), MergerPlan(actions)


def test_the_2020_resolution_as_district_rows() -> None:
    registry, p = resolution_2020_scenario()
    found = p.check(registry)
    assert not [f for f in found if f.is_error]
    assert {f.rule for f in found} == {"plan.single-source-merge"}  # Cầu Giấy and Hà Đông
    s = p.apply(registry).summary(by=UnitLevel.DISTRICT)
    rows = {r.name.split(" ", 1)[1]: r for r in s.rows}
    for name, merged, new, renamed in RESOLUTION_2020:
        r = rows[name]
        assert (r.merged, r.new, r.renamed) == (merged, new, renamed), name
        assert r.reduction == merged - new
    assert (s.total.merged, s.total.new, s.total.renamed) == (3926, 1407, 226)
    assert len(s.rows) == 11


# =========================================================================== CSV files


def test_load_hamlets_with_bom_and_vietnamese_headers() -> None:
    comms = load_hamlets(DATA / "hamlets_vi_bom.csv")
    assert [(c.id, c.commune_code, c.households, c.area_km2, c.island) for c in comms] == [
        ("TDP01", WARD, 120, Decimal("0.12"), False),
        ("T01", XA, 1140, Decimal("1.2"), True),
    ]


def test_load_from_a_stream_with_semicolons() -> None:
    text = (
        "id;name;kind;commune_code;households\n"
        "T1;Thôn A;thôn;00379;12\n\n;;;;\nT2;Thôn B;thôn;00379;13\n"
    )
    comms = load_hamlets(io.StringIO(text))
    assert [c.id for c in comms] == ["T1", "T2"]
    tabbed = "id\tname\tkind\tcommune_code\thouseholds\nT1\tThôn A\tthôn\t00379\t12\n"
    assert load_hamlets(io.StringIO(tabbed))[0].households == 12


@pytest.mark.parametrize(
    ("text", "row", "field", "match"),
    [
        ("id,name,kind,commune_code\n", 1, "households", "missing column"),
        ("Mã,Tên,Mã xã,Số hộ,Số hộ gia đình\n", 1, "Số hộ gia đình", "two columns mean"),
        ("Mã,Tên,Loại,Mã xã,Số hộ\nT1,Thôn A,thôn,00379,mười\n", 2, "Số hộ", "whole number"),
        (
            "id,name,kind,commune_code,households\n"
            "T1,Thôn A,thôn,00379,1\nT2,Thôn B,thôn,00379,1,9\n",
            3,
            None,
            "6 cells but the header has 5",
        ),
        ("id,name,kind,commune_code,households\nT1,Thôn A,ward,00379,1\n", 2, "kind", "kind must"),
        (
            "id,name,kind,commune_code,households\n,Thôn A,thôn,00379,1\n",
            2,
            "id",
            "missing required",
        ),
        ('id,name,kind,commune_code,households\nT1,"Thôn A,thôn,00379,1\n', 2, None, "malformed"),
        ("", None, None, "empty"),
    ],
)
def test_hamlet_file_errors_name_row_and_column(
    text: str, row: int | None, field: str | None, match: str
) -> None:
    with pytest.raises(InputError, match=match) as info:
        load_hamlets(io.StringIO(text))
    assert info.value.row == row and info.value.field == field
    assert info.value.source == "<stream>"


def test_file_level_errors(tmp_path: Path) -> None:
    bad = tmp_path / "cp1258.csv"
    bad.write_bytes(
        "id,name,kind,commune_code,households\nT1,Th\xf4n,thôn,00379,1\n".encode("latin-1")
    )
    with pytest.raises(InputError, match="not UTF-8") as info:
        load_hamlets(bad)
    assert info.value.line == 2 and "CSV UTF-8" in str(info.value)
    with pytest.raises(InputError, match="cannot read the file"):
        load_hamlets(tmp_path / "missing.csv")


def test_round_trips(tmp_path: Path) -> None:
    comms = load_hamlets(DATA / "hamlets_small.csv") + [
        thon("TX", 5, valid_from=dt.date(2020, 1, 1), valid_to=E, border=True)
    ]
    path = tmp_path / "h.csv"
    dump_hamlets(comms, path, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_hamlets(path) == comms
    buf = io.StringIO()
    dump_hamlets(comms, buf, bom=True)
    assert (
        buf.getvalue().startswith("\ufeff") and load_hamlets(io.StringIO(buf.getvalue())) == comms
    )
    p = MergerPlan(
        [
            Merger(
                ["T1", "00379:T2"],
                target_id="N",
                target_name="Thôn N",
                target_kind="xóm",
                target_households=3,
                target_population=9,
                effective=E,
                basis="NQ 1",
                exemption="x",
            ),
            Dissolution(["T3"], effective=E),
            Rename(["T4"], target_name="Thôn Bốn", target_id="T04", effective=E),
            Conversion(["T5", "T6"], target_kind="tổ dân phố", effective=E),
        ]
    )
    ppath = tmp_path / "p.csv"
    dump_plan(p, ppath)
    back = load_plan(ppath)
    assert back == attrs.evolve(p, name=str(ppath))
    assert [a.row for a in back.actions] == [2, 3, 4, 5]
    out = load_plan(DATA / "plan_valid.csv").apply(small())
    lpath = tmp_path / "lineage.csv"
    dump_lineage(out, lpath)
    assert lpath.read_text(encoding="utf-8").splitlines()[:2] == [
        "commune_code,id,successor_commune_code,successor_id",
        "00001,TDP01,00001,TDP06",
    ]


@pytest.mark.parametrize(
    ("line", "field", "match"),
    [
        ("split,T1,,,,2022-01-01,,,,", "Hành động", "action must be one of"),
        ("merge,T1;T2,,,,,,,,", "Ngày hiệu lực", "effective must not be empty"),
        ("merge,T1;T2,,,,2022-13-01,,,,", "Ngày hiệu lực", "YYYY-MM-DD"),
        ("rename,T1,,Thôn X,,2022-01-01,,,12,", "Số hộ mới", "only used by a merge"),
        ("rename,T1,,Thôn X,thôn,2022-01-01,,,,", "Loại mới", "only used by a merge or a convert"),
        ("dissolve,T1,T9,,,2022-01-01,,,,", "Mã mới", "not used by a dissolve"),
        ("merge,T1;T2,,,phường,2022-01-01,,,,", "Loại mới", "kind must be one of"),
        ("merge,T1;T2,,,,2022-01-01,,,nhiều,", "Số hộ mới", "whole number"),
        ('merge,T1;T2,"N;1",Thôn N,,2022-01-01,,,,', "Mã mới", "must not contain"),
    ],
)
def test_plan_file_errors(line: str, field: str, match: str) -> None:
    header = (
        "Hành động,Nguồn,Mã mới,Tên mới,Loại mới,Ngày hiệu lực,Căn cứ,Miễn trừ,"
        "Số hộ mới,Dân số mới\n"
    )
    with pytest.raises(InputError, match=match) as info:
        load_plan(io.StringIO(header + line + "\n"))
    assert (info.value.row, info.value.field) == (2, field)


def test_plan_file_without_sources_column() -> None:
    with pytest.raises(InputError, match="missing column") as info:
        load_plan(io.StringIO("action,effective\nmerge,2022-01-01\n"))
    assert info.value.field == "sources"


def test_plan_dates_may_be_vietnamese() -> None:
    p = load_plan(io.StringIO("action,sources,effective\nsáp nhập,T1;T2,01/01/2022\n"), name="x")
    assert p.actions[0].effective == E and p.name == "x"


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
