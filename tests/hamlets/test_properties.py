"""Invariants of hamlet registries, merger plans and summaries."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from qcdc.hamlets import (
    Community,
    Dissolution,
    HamletRegistry,
    Merger,
    MergerPlan,
    PlanOutcome,
    summarize,
)
from qcdc.hamlets._csv import dump_hamlets, dump_plan, load_hamlets, load_plan
from qcdc.hamlets._strategies import communities, merger_plans, registries
from qcdc.units import AdministrativeUnit, UnitLevel
from qcdc.units.gazetteer import Gazetteer


def _gazetteer() -> Gazetteer:
    """Two provinces, four districts, eight communes of every kind (built once: fast)."""
    units = [
        AdministrativeUnit("thành phố trực thuộc trung ương", "01", "Thành phố Mẫu"),
        AdministrativeUnit("tỉnh", "02", "Tỉnh Mẫu"),
    ]
    kinds = ["xã", "phường", "thị trấn"]
    n = 0
    for d in range(1, 5):
        province = "01" if d <= 2 else "02"
        units.append(
            AdministrativeUnit("quận" if d % 2 else "huyện", f"{d:03d}", f"Quận {d}", province)
        )
        for k in range(2):
            n += 1
            kind = kinds[(d + k) % 3]
            units.append(AdministrativeUnit(kind, f"{n:05d}", f"{kind.title()} {n}", f"{d:03d}"))
    return Gazetteer.from_units(units)


GAZETTEER = _gazetteer()
registry_and_plan = registries(GAZETTEER).flatmap(lambda r: st.tuples(st.just(r), merger_plans(r)))


@given(registries(GAZETTEER))
def test_generated_registries_are_valid(registry: HamletRegistry) -> None:
    """a registry built by the strategy passes its own check without errors"""
    assert not [f for f in registry.check() if f.is_error]


@given(registry_and_plan)
def test_generated_plans_are_valid(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """a plan built by the strategy has no error-level findings"""
    registry, plan = pair
    assert not [f for f in plan.check(registry) if f.is_error]


@given(registry_and_plan)
def test_households_and_population_are_conserved(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """households (and population, where given) are conserved by every plan:
    after + dissolved = before"""
    registry, plan = pair
    out = plan.apply(registry)
    dissolved = [
        registry.resolve(ref) for a in plan if isinstance(a, Dissolution) for ref in a.sources
    ]
    assert out.after.households + sum(c.households for c in dissolved) == registry.households
    if all(c.population is not None for c in registry):
        pop = sum(c.population or 0 for c in out.after) + sum(c.population or 0 for c in dissolved)
        assert pop == sum(c.population or 0 for c in registry)


@given(registry_and_plan)
def test_count_after_the_plan(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """after = before − Σ(sources − 1) over mergers − dissolved"""
    registry, plan = pair
    out = plan.apply(registry)
    merged = sum(len(a.sources) - 1 for a in plan if isinstance(a, Merger))
    dissolved = sum(len(a.sources) for a in plan if isinstance(a, Dissolution))
    assert len(out.after) == len(registry) - merged - dissolved
    keys = [c.key for c in out.after]
    assert len(keys) == len(set(keys))  # ids stay unique within each commune


@given(registry_and_plan, st.data())
def test_a_community_in_two_actions_is_refused(
    pair: tuple[HamletRegistry, MergerPlan], data: st.DataObject
) -> None:
    """no community may be in two actions of one plan"""
    registry, plan = pair
    used = [ref for a in plan for ref in a.sources]
    if not used:
        return
    ref = data.draw(st.sampled_from(used))
    c = registry.resolve(ref)
    extra = Dissolution([c.ref], effective=registry.on)
    bad = MergerPlan([*plan.actions, extra])
    assert "plan.duplicate-source" in {f.rule for f in bad.check(registry) if f.is_error}


@given(registries(GAZETTEER))
def test_an_empty_plan_is_the_identity(registry: HamletRegistry) -> None:
    """applying an empty plan gives the same registry and no lineage"""
    out = MergerPlan([]).apply(registry)
    assert out.after == registry and dict(out.lineage) == {}


@given(registry_and_plan, st.randoms(use_true_random=False))
def test_order_of_actions_does_not_matter(
    pair: tuple[HamletRegistry, MergerPlan], rnd: object
) -> None:
    """the order of actions in a plan does not change the result"""
    registry, plan = pair
    actions = list(plan.actions)
    rnd.shuffle(actions)  # type: ignore[attr-defined]
    a, b = plan.apply(registry), MergerPlan(actions).apply(registry)
    assert a.after == b.after
    assert dict(a.lineage) == dict(b.lineage)
    assert dict(a.changes) == dict(b.changes)


def _fresh(registry: HamletRegistry, plan: MergerPlan) -> tuple[HamletRegistry, MergerPlan]:
    """A registry and a plan equal to the given ones, built anew from their values (so
    nothing computed for the originals can be reused for them)."""
    comms = [attrs.evolve(c) for c in registry.communities]
    actions = [attrs.evolve(a) for a in plan.actions]
    return (
        HamletRegistry(comms, on=registry.on, gazetteer=registry.gazetteer),
        MergerPlan(actions, name=plan.name),
    )


@given(registry_and_plan)
def test_applying_is_deterministic(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """two independent computations from the same input give equal outcomes"""
    first = plan_outcome(*_fresh(*pair))
    second = plan_outcome(*_fresh(*pair))
    assert first.after == second.after
    assert dict(first.lineage) == dict(second.lineage)
    assert dict(first.changes) == dict(second.changes)
    assert first.findings == second.findings


@given(registry_and_plan)
def test_what_a_registry_remembers_never_changes_an_answer(
    pair: tuple[HamletRegistry, MergerPlan],
) -> None:
    """checking, summarising and applying on one registry answers as a fresh one does"""
    registry, plan = pair
    registry.check()
    findings = plan.check(registry)
    used = plan.apply(registry)
    fresh_registry, fresh_plan = _fresh(registry, plan)
    assert fresh_plan.check(fresh_registry) == findings
    fresh = fresh_plan.apply(fresh_registry)
    assert used.after == fresh.after and dict(used.lineage) == dict(fresh.lineage)
    assert used.summary(by="district") == fresh.summary(by="district")


def plan_outcome(registry: HamletRegistry, plan: MergerPlan) -> PlanOutcome:
    return plan.apply(registry)


@given(registry_and_plan)
def test_lineage_points_to_the_new_registry(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """every old community has a successor in the new registry, or was dissolved"""
    registry, plan = pair
    out = plan.apply(registry)
    after_keys = {c.key for c in out.after}
    for c in registry:
        successor = out.successor(c.key)
        assert successor is None or successor in after_keys


@given(registry_and_plan)
def test_summaries_add_up_from_commune_to_city(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """summaries roll up additively from commune to district to province"""
    registry, plan = pair
    out = plan.apply(registry)
    levels = [summarize(registry, out, by=level) for level in UnitLevel]
    totals = {s.total for s in levels}
    assert len(totals) == 1
    [total] = totals
    assert (total.before, total.after) == (len(registry), len(out.after))
    by_commune = summarize(registry, out, by=UnitLevel.COMMUNE)
    by_district = summarize(registry, out, by=UnitLevel.DISTRICT)
    rolled: Counter[str] = Counter()
    merged: Counter[str] = Counter()
    for row in by_commune.rows:
        district = registry.district_code(row.code)
        assert district is not None
        rolled[district] += row.before - row.after
        merged[district] += row.merged or 0
    for row in by_district.rows:
        assert rolled[row.code] == row.reduction
        assert merged[row.code] == row.merged


@given(registry_and_plan)
def test_reduction_percent_matches_the_counts(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """reduction percent is 100 × reduction / before, half-up to 0.1"""
    registry, plan = pair
    s = plan.apply(registry).summary(by="district")
    for row in (*s.rows, s.total):
        assert row.reduction == row.before - row.after
        if row.before == 0:
            assert row.reduction_percent is None
            continue
        exact = Fraction(100 * row.reduction, row.before)
        pct = row.reduction_percent
        assert pct is not None and pct == pct.quantize(Decimal("0.1"))
        assert abs(Fraction(pct) - exact) <= Fraction(1, 20)
        assert row.merged is not None and row.new is not None and row.dissolved is not None
        assert row.reduction == row.merged - row.new + row.dissolved


@given(st.lists(communities(), max_size=8))
def test_hamlet_csv_round_trip(comms: list[Community]) -> None:
    """dump then load gives back equal communities"""
    buf = io.StringIO()
    dump_hamlets(comms, buf)
    assert load_hamlets(io.StringIO(buf.getvalue())) == comms


@given(registry_and_plan)
def test_plan_csv_round_trip(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """dump then load gives back an equal plan"""
    _, plan = pair
    buf = io.StringIO()
    dump_plan(plan, buf)
    back = load_plan(io.StringIO(buf.getvalue()))
    assert back.actions == plan.actions
