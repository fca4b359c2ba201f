"""The fast paths of plans (issue 16 §4) against simple reference implementations.

``MergerPlan.check`` and ``apply`` read flat result tuples, registry indexes built by C
loops and keys shared between results; the references below recompute what a plan does
from the definitions, one community at a time, with no index.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import event, given, settings
from hypothesis import strategies as st

from qcdc.hamlets import (
    ChangeCounts,
    Community,
    CommunityKey,
    CommunityKind,
    Conversion,
    Dissolution,
    HamletRegistry,
    Merger,
    MergerPlan,
    PlanOutcome,
    Rename,
)
from qcdc.hamlets._strategies import merger_plans, registries
from qcdc.hamlets.plans import _analyse, _apply
from qcdc.hamlets.standards import DEFAULT_RULEBOOK
from qcdc.text import search_key
from qcdc.units import AdministrativeUnit
from qcdc.units.gazetteer import Gazetteer


def _gazetteer() -> Gazetteer:
    units = [AdministrativeUnit("tỉnh", "02", "Tỉnh Mẫu")]
    units.append(AdministrativeUnit("huyện", "001", "Huyện Mẫu", "02"))
    for n, kind in enumerate(["xã", "phường", "thị trấn", "xã"], start=1):
        units.append(AdministrativeUnit(kind, f"{n:05d}", f"{kind.title()} {n}", "001"))
    return Gazetteer.from_units(units)


GAZETTEER = _gazetteer()
registry_and_plan = registries(GAZETTEER, max_per_commune=8).flatmap(
    lambda r: st.tuples(st.just(r), merger_plans(r))
)


def _reference_apply(
    registry: HamletRegistry, plan: MergerPlan
) -> tuple[list[Community], dict[CommunityKey, CommunityKey | None], dict[str, ChangeCounts]]:
    """What a valid plan makes of a registry, from the definitions."""
    comms = list(registry.communities)
    position = {c.key: i for i, c in reversed(list(enumerate(comms)))}
    placed: dict[int, Community | None] = {}
    lineage: dict[CommunityKey, CommunityKey | None] = {}
    counts: dict[str, list[int]] = {}
    for action in plan.actions:
        sources = [registry.resolve(ref) for ref in action.sources]
        tally = counts.setdefault(sources[0].commune_code, [0, 0, 0, 0, 0])
        if isinstance(action, Merger):
            survivor = next((c for c in sources if c.id == action.target_id), None)
            if action.target_id is None:
                survivor = sources[0]
            base = survivor or sources[0]
            pops = [c.population for c in sources]
            areas = [c.area_km2 for c in sources]
            result = Community(
                action.target_id or base.id,
                action.target_name or base.name,
                action.target_kind or base.kind,
                base.commune_code,
                sum(c.households for c in sources),
                population=None if None in pops else sum(p or 0 for p in pops),
                area_km2=None if None in areas else sum(a or Decimal(0) for a in areas),
                border=any(c.border for c in sources),
                island=any(c.island for c in sources),
                valid_from=survivor.valid_from if survivor is not None else action.effective,
            )
            spots = sorted(position[c.key] for c in sources)
            placed[spots[0]] = result
            for spot in spots[1:]:
                placed[spot] = None
            for c in sources:
                if c.key != result.key:
                    lineage[c.key] = result.key
            tally[0] += len(sources)
            tally[1] += 1
        elif isinstance(action, Dissolution):
            for c in sources:
                placed[position[c.key]] = None
                lineage[c.key] = None
            tally[3] += len(sources)
        else:
            for c in sources:
                if isinstance(action, Rename):
                    assert action.target_name is not None
                    new = attrs.evolve(c, name=action.target_name, id=action.target_id or c.id)
                else:
                    assert isinstance(action, Conversion) and action.target_kind is not None
                    new = attrs.evolve(
                        c,
                        kind=action.target_kind,
                        name=action.target_name or c.name,
                        id=action.target_id or c.id,
                    )
                placed[position[c.key]] = new
                if new.key != c.key:
                    lineage[c.key] = new.key
            tally[2 if isinstance(action, Rename) else 4] += (
                1 if isinstance(action, Rename) else len(sources)
            )
    after = []
    for i, c in enumerate(comms):
        if i not in placed:
            after.append(c)
        elif (made := placed[i]) is not None:
            after.append(made)
    return after, lineage, {code: ChangeCounts(*t) for code, t in counts.items()}


@settings(max_examples=150)
@given(registry_and_plan)
def test_apply_matches_a_simple_reference(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """issue 16 §4: the flat results and C-built indexes give the reference's outcome"""
    reg, plan = pair
    after, lineage, changes = _reference_apply(reg, plan)
    out = plan.apply(reg)
    assert list(out.after.communities) == after
    assert dict(out.lineage) == lineage
    assert dict(out.changes) == changes
    assert out.after.on == max([reg.on, *(a.effective for a in plan.actions)])


def _reference_clashes(registry: HamletRegistry, plan: MergerPlan) -> set[tuple[str, str]]:
    """(rule, path) of the id and name clashes of a plan of renames of distinct
    communities, from the definitions: a new id (name) clashes with a community that is
    not a source of the plan, or with another result that keeps it unchanged or comes
    from an earlier action."""
    made = []
    for i, action in enumerate(plan.actions):
        assert isinstance(action, Rename) and action.target_name is not None
        c = registry.resolve(action.sources[0])
        new_id = action.target_id or c.id
        made.append((i, c, new_id, search_key(action.target_name)))
    sources = {c.key for _, c, _, _ in made}
    remaining = [c for c in registry.communities if c.key not in sources]
    out = set()
    for i, c, new_id, nk in made:
        commune = c.commune_code
        if new_id != c.id:
            remains = registry.get(commune, new_id) is not None and (commune, new_id) not in sources
            rival = any(
                a != i and nid == new_id and o.commune_code == commune and (nid == o.id or a < i)
                for a, o, nid, _ in made
            )
            if remains or rival:
                out.add(("plan.id-clash", f"actions[{i}].target_id"))
        if nk != search_key(c.name):
            remains = any(r.commune_code == commune and search_key(r.name) == nk for r in remaining)
            rival = any(
                a != i
                and k == nk
                and o.commune_code == commune
                and (k == search_key(o.name) or a < i)
                for a, o, _, k in made
            )
            if remains or rival:
                out.add(("plan.name-clash", f"actions[{i}].target_name"))
    return out


@st.composite
def _renames(draw: st.DrawFn) -> tuple[HamletRegistry, MergerPlan]:
    reg = draw(registries(GAZETTEER, on=dt.date(2022, 1, 1), max_per_commune=6))
    comms = list(reg.communities)
    if not comms:
        return reg, MergerPlan([])
    chosen = draw(st.lists(st.sampled_from(comms), unique_by=lambda c: c.key, max_size=8))
    names = [c.name for c in comms] + ["Thôn Mới", "Thon Moi", "Tổ dân phố Mới"]
    ids = [c.id for c in comms] + ["N1", "N2"]
    actions = [
        Rename(
            [c.ref],
            target_name=draw(st.sampled_from(names)),
            target_id=draw(st.none() | st.sampled_from(ids)),
            effective=reg.on,
        )
        for c in chosen
    ]
    return reg, MergerPlan(actions)


@settings(max_examples=300)
@given(_renames())
def test_clashes_match_a_simple_reference(pair: tuple[HamletRegistry, MergerPlan]) -> None:
    """issue 16 §4: the clash check, which keeps every entry only for shared keys, flags
    exactly the ids and names the reference flags"""
    reg, plan = pair
    found = {
        (f.rule, f.path) for f in plan.check(reg) if f.rule in ("plan.id-clash", "plan.name-clash")
    }
    assert found == _reference_clashes(reg, plan)


# -- the batch path of plans of plain mergers against the one-action-at-a-time path ---------

_KIND_CHOICES = [None, *CommunityKind]


@st.composite
def _plain_mergers(draw: st.DrawFn) -> tuple[HamletRegistry, MergerPlan]:
    """A registry and a plan of mergers that is mostly clean (the batch path decides it),
    with now and then what makes the batch path give up: a bare or unknown source, a
    source used twice, another commune, wrong sums, a clash, a dated source."""
    on = draw(st.sampled_from([dt.date(2021, 12, 17), dt.date(2025, 7, 1)]))
    reg = draw(registries(GAZETTEER, on=on, max_per_commune=8))
    comms = list(reg.communities)
    if draw(st.booleans()) and comms:  # some with a period of their own, or another kind
        changed = draw(st.lists(st.sampled_from(range(len(comms))), max_size=3))
        for i in changed:
            if draw(st.booleans()):
                start = on - dt.timedelta(days=draw(st.sampled_from([400, -10])))
                comms[i] = attrs.evolve(comms[i], valid_from=start)
            else:
                comms[i] = attrs.evolve(comms[i], kind=draw(st.sampled_from(list(CommunityKind))))
        reg = HamletRegistry(comms, on=on, gazetteer=GAZETTEER)
    by_commune: dict[str, list[Community]] = {}
    for c in comms:
        by_commune.setdefault(c.commune_code, []).append(c)
    odd = draw(st.integers(0, 3)) == 0  # one plan in four may have anything wrong
    names = [c.name for c in comms] + ["Thôn Mới", "Tổ dân phố Mới"]
    actions: list[Merger] = []
    fresh = 0
    for code in sorted(by_commune):
        pool = list(draw(st.permutations(by_commune[code])))
        while len(pool) >= 2 and draw(st.integers(0, 4)):
            size = draw(st.integers(2, min(4, len(pool))))
            group, pool = pool[:size], pool[size:]
            fresh += 1
            refs: list[Any] = [c.ref for c in group]
            if odd and draw(st.integers(0, 5)) == 0:
                refs[-1] = draw(st.sampled_from([group[-1].id, "00001:X9", comms[0].ref]))
            households = sum(c.households for c in group)
            pops = [c.population for c in group]
            population = None if None in pops else sum(p or 0 for p in pops)
            target_id = draw(
                st.sampled_from([None, group[-1].id, group[0].id, f"N{fresh}"])
                if not odd
                else st.sampled_from([None, group[-1].id, f"N{fresh}", comms[0].id, "N1"])
            )
            new = target_id is not None and target_id not in {c.id for c in group}
            target_name = (
                f"{group[0].kind.prefix} Mới {fresh}"
                if new or draw(st.booleans())
                else draw(st.sampled_from([None, group[0].name]))
            )
            if odd and draw(st.integers(0, 5)) == 0:
                target_name = draw(st.sampled_from([None, *names]))
            actions.append(
                Merger(
                    refs,
                    target_id=target_id,
                    target_name=target_name,
                    target_kind=draw(st.sampled_from(_KIND_CHOICES)) if odd else None,
                    target_households=draw(
                        st.sampled_from([None, households] + ([households + 1] if odd else []))
                    ),
                    target_population=draw(
                        st.sampled_from([None, population] + ([7] if odd else []))
                    ),
                    effective=on + dt.timedelta(days=draw(st.sampled_from([0, 3, -2]))),
                    exemption=draw(st.sampled_from([None, "địa bàn đặc thù"])),
                    row=draw(st.none() | st.integers(2, 50)),
                )
            )
    return reg, MergerPlan(draw(st.permutations(actions)) if draw(st.booleans()) else actions)


def _outcome_parts(out: PlanOutcome) -> tuple[Any, ...]:
    return (
        list(out.after.communities),
        [c.to_record() for c in out.after.communities],  # an area's digits, too
        out.after.on,
        list(out.lineage.items()),  # in order: the outcome's repr shows it
        list(out.changes.items()),
        out.findings,
    )


@settings(max_examples=300)
@given(_plain_mergers())
def test_the_batch_path_matches_one_action_at_a_time(
    pair: tuple[HamletRegistry, MergerPlan],
) -> None:
    """issue 16 §4: a plan of plain mergers checked by columns gives the findings (in
    order, word for word) and the outcome (communities, lineage in order, change counts)
    of the same plan checked one action at a time"""
    reg, plan = pair
    batch = _analyse(plan, reg, DEFAULT_RULEBOOK)
    slow = _analyse(plan, reg, DEFAULT_RULEBOOK, batch=False)
    assert slow.batch is None
    event("batch path" if batch.batch is not None else "one at a time")
    assert list(batch.findings) == list(slow.findings)
    assert [f.message for f in batch.findings] == [f.message for f in slow.findings]
    if any(f.is_error for f in slow.findings):
        assert batch.batch is None  # the batch path never decides a plan with errors
        return
    assert _outcome_parts(_apply(plan, reg, batch)) == _outcome_parts(_apply(plan, reg, slow))


def test_a_clean_plan_of_mergers_takes_the_batch_path() -> None:
    """issue 16 §4: the common large plan — qualified, distinct sources, fresh ids and
    names — is checked by columns; a plan with an error is checked one action at a time"""
    reg = HamletRegistry(
        [Community(f"C{i}", f"Thôn Đông {i}", "thôn", "00001", 40 + i) for i in range(1, 7)],
        on=dt.date(2021, 12, 17),
        gazetteer=GAZETTEER,
    )
    refs = [c.ref for c in reg.communities]
    good = MergerPlan(
        [
            Merger(refs[2 * k : 2 * k + 2], target_id=f"N{k}", target_name=f"Thôn Mới {k}",
                   effective=reg.on)
            for k in range(3)
        ]
    )  # fmt: skip
    assert _analyse(good, reg, DEFAULT_RULEBOOK).batch is not None
    bad = MergerPlan([*good.actions[:2], attrs.evolve(good.actions[2], target_households=1)])
    analysis = _analyse(bad, reg, DEFAULT_RULEBOOK)
    assert analysis.batch is None
    assert [f.rule for f in analysis.findings if f.is_error] == ["plan.households-mismatch"]
