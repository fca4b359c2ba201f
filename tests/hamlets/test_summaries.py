"""qcdc.hamlets: before/after summaries and the published scenarios (qcdc.hamlets.summaries)."""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import qcdc
from qcdc.errors import (
    InputError,
    MissingDependency,
    UnknownUnit,
)
from qcdc.hamlets import (
    Community,
    CommunityKind,
    HamletRegistry,
    Merger,
    MergerPlan,
    Rename,
    Summary,
    summarize,
)
from qcdc.hamlets._csv import (
    load_hamlets,
    load_plan,
)
from qcdc.units import AdministrativeUnit, UnitLevel

DATA = Path(__file__).parent.parent / "data" / "hamlets"
G = qcdc.gazetteer()
D = dt.date(2021, 12, 17)
WARD = "00001"  # Phường Phúc Xá, Quận Ba Đình (001)
XA = "00379"  # Xã Bắc Sơn, Huyện Sóc Sơn (016)


def thon(ident: str, households: int, commune: str = XA, **kw: Any) -> Community:
    name = kw.pop("name", f"Thôn {ident}")
    return Community(ident, name, "thôn", commune, households, **kw)


def small() -> HamletRegistry:
    return HamletRegistry.build(load_hamlets(DATA / "hamlets_small.csv"), on=D, gazetteer=G)


def _reg(*comms: Community, on: dt.date = D) -> HamletRegistry:
    return HamletRegistry(comms, on=on, gazetteer=G)


class _OddGazetteer:
    """A protocol gazetteer that answers a province for every code (to reach defensive paths)."""

    def get(self, code: str, /, *, on: dt.date) -> AdministrativeUnit | None:
        return AdministrativeUnit("tỉnh", "01", "Tỉnh Lạ")

    def ancestors(self, code: str, /, *, on: dt.date) -> Sequence[AdministrativeUnit]:
        return ()


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

# legal basis §2: district, units merged, new units formed, renamed
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
