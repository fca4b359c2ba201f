"""qcdc.hamlets: merger plans: the actions, the checks and applying them (qcdc.hamlets.plans)."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import qcdc
from qcdc.errors import (
    ValidationFailed,
)
from qcdc.findings import Severity
from qcdc.hamlets import (
    ActionKind,
    ChangeCounts,
    Community,
    CommunityKind,
    CommunityRef,
    Conversion,
    Dissolution,
    HamletRegistry,
    Merger,
    MergerPlan,
    Rename,
    UnknownCommunity,
)
from qcdc.hamlets._csv import (
    load_hamlets,
    load_plan,
)
from qcdc.hamlets.standards import Rulebook
from qcdc.units import AdministrativeUnit

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


def plan(*actions: Any) -> MergerPlan:
    return MergerPlan(actions)


def _reg(*comms: Community, on: dt.date = D) -> HamletRegistry:
    return HamletRegistry(comms, on=on, gazetteer=G)


class _OddGazetteer:
    """A protocol gazetteer that answers a province for every code (to reach defensive paths)."""

    def get(self, code: str, /, *, on: dt.date) -> AdministrativeUnit | None:
        return AdministrativeUnit("tỉnh", "01", "Tỉnh Lạ")

    def ancestors(self, code: str, /, *, on: dt.date) -> Sequence[AdministrativeUnit]:
        return ()


# =========================================================================== plans: check


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


class _WatchingGazetteer:
    """The real gazetteer, noting whether the garbage collector was on at every lookup."""

    def __init__(self) -> None:
        self.gc_states: set[bool] = set()

    def get(self, code: str, /, *, on: dt.date) -> AdministrativeUnit | None:
        self.gc_states.add(gc.isenabled())
        return G.get(code, on=on)

    def ancestors(self, code: str, /, *, on: dt.date) -> Sequence[AdministrativeUnit]:
        self.gc_states.add(gc.isenabled())
        return G.ancestors(code, on=on)


def test_checks_leave_the_garbage_collector_alone() -> None:
    """issue 11 §5: the checks switched off the process-wide garbage collector"""
    assert gc.isenabled()
    watching = _WatchingGazetteer()
    reg = HamletRegistry([thon("T1", 10), thon("T2", 20)], on=D, gazetteer=watching)
    reg.check()
    p = plan(Merger(["T1", "T2"], target_name="Thôn Mới", effective=E))
    p.check(reg)
    later = p.apply(reg)
    later.after.check()
    assert watching.gc_states == {True}


def test_a_registry_remembers_a_bounded_number_of_analyses() -> None:
    reg = _reg(thon("T1", 10), thon("T2", 20))
    plans = [plan(Merger(["T1", "T2"], target_name=f"Thôn {i}", effective=E)) for i in range(10)]
    for p in plans:
        p.check(reg)
    assert len(reg._analyses) == reg._analyses.limit == 4
    assert plans[-1].check(reg) == plan(*plans[-1].actions).check(_reg(*reg.communities))
