"""Hypothesis strategies for communities, hamlet registries and valid merger plans.

Every value is valid by construction: a registry's communities match the kind
of their commune (thôn in a xã, tổ dân phố in a phường or thị trấn), ids and
names are unique within a commune, and a plan from :func:`merger_plans` passes
:meth:`~qcdc.hamlets.MergerPlan.check` without errors (warnings may remain, e.g.
a merger result still below the minimum).

>>> from hypothesis import given, settings
>>> @settings(max_examples=5)
... @given(registries().flatmap(lambda r: merger_plans(r).map(lambda p: (r, p))))
... def test(pair):
...     registry, plan = pair
...     assert not [f for f in plan.check(registry) if f.is_error]
>>> test()
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from qcdc.hamlets.actions import Action, Conversion, Dissolution, Merger, Rename
from qcdc.hamlets.model import Community, CommunityKind
from qcdc.hamlets.plans import MergerPlan
from qcdc.hamlets.registry import HamletRegistry
from qcdc.hamlets.standards import CommunityFamily
from qcdc.units import GazetteerLike, UnitKind, UnitLevel

__all__ = [
    "communities",
    "community_kinds",
    "merger_plans",
    "register",
    "registries",
]

_WORDS = (
    "Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Yên", "Phú", "Lộc", "An", "Hòa",
    "Thủy", "Khê", "Sơn", "Lâm", "Đình", "Chùa", "Cầu", "Giếng", "Bến", "Xuân", "Thọ",
)  # fmt: skip
_START = dt.date(2021, 1, 1)
_LAST_THREE_TIER = dt.date(2025, 6, 30)


def community_kinds(family: CommunityFamily | None = None) -> st.SearchStrategy[CommunityKind]:
    """Kinds of communities, optionally of one family."""
    return st.sampled_from([k for k in CommunityKind if family is None or k.family is family])


def _family_for(kind: UnitKind) -> CommunityFamily:
    return CommunityFamily.HAMLET if kind is UnitKind.COMMUNE else CommunityFamily.RESIDENTIAL_GROUP


_NUMBERS = st.integers(1, 999)
_CODES = st.integers(1, 99999).map(lambda x: f"{x:05d}")
_HOUSEHOLDS = st.integers(0, 900)
_PEOPLE_PER_HOUSEHOLD = st.none() | st.integers(1, 6)
_AREA = st.none() | st.integers(0, 5000).map(lambda n: Decimal(n) / 100)
_WORD = st.sampled_from(_WORDS)
_KINDS = {
    None: community_kinds(),
    CommunityFamily.HAMLET: community_kinds(CommunityFamily.HAMLET),
    CommunityFamily.RESIDENTIAL_GROUP: community_kinds(CommunityFamily.RESIDENTIAL_GROUP),
}
_FLAGS = st.tuples(st.booleans(), st.booleans())


@st.composite
def communities(
    draw: st.DrawFn,
    commune_code: str | None = None,
    family: CommunityFamily | None = None,
    number: int | None = None,
) -> Community:
    """One community; ``number`` (default drawn) makes the id and name unique in a commune."""
    kind = draw(_KINDS[family])
    n = draw(_NUMBERS) if number is None else number
    code = commune_code or draw(_CODES)
    households = draw(_HOUSEHOLDS)
    per = draw(_PEOPLE_PER_HOUSEHOLD)
    border, island = draw(_FLAGS)
    return Community(
        id=f"C{n}",
        name=f"{kind.prefix} {draw(_WORD)} {n}",
        kind=kind,
        commune_code=code,
        households=households,
        population=None if per is None else households * per,
        area_km2=draw(_AREA),
        border=border,
        island=island,
    )


def _default_gazetteer() -> st.SearchStrategy[Any]:
    from qcdc.units._strategies import gazetteers

    return gazetteers()


@st.composite
def registries(
    draw: st.DrawFn,
    gazetteer: GazetteerLike | None = None,
    on: dt.date | None = None,
    max_per_commune: int = 5,
) -> HamletRegistry:
    """A valid registry over the communes of a gazetteer on a date.

    Without ``gazetteer``, a small synthetic one from :func:`qcdc.strategies.gazetteers`;
    without ``on``, a date of its three-tier period (2021-01-01 to 2025-06-30).
    """
    g = gazetteer if gazetteer is not None else draw(_default_gazetteer())
    when = on or draw(st.dates(_START, _LAST_THREE_TIER))
    units = getattr(g, "units", None)
    if units is None:
        raise TypeError("registries() needs a gazetteer with units(on=, level=)")
    # hypothesis drives the shape (how many, how large); a seeded generator fills in
    # names, local kinds and optional fields, which keeps drawing cheap
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    out: list[Community] = []
    for unit in units(on=when, level=UnitLevel.COMMUNE):
        family = _family_for(unit.kind)
        kinds = [k for k in CommunityKind if k.family is family]
        sizes = draw(st.lists(_HOUSEHOLDS, max_size=max_per_commune))
        for n, households in enumerate(sizes, start=1):
            kind = rng.choice(kinds)
            per = rng.choice([None, 2, 3, 4, 5])
            area = rng.choice([None, Decimal(rng.randint(0, 5000)) / 100])
            out.append(
                Community(
                    id=f"C{n}",
                    name=f"{kind.prefix} {rng.choice(_WORDS)} {n}",
                    kind=kind,
                    commune_code=unit.code,
                    households=households,
                    population=None if per is None else households * per,
                    area_km2=area,
                    border=rng.random() < 0.2,
                    island=rng.random() < 0.1,
                )
            )
    shuffled = draw(st.permutations(out)) if draw(st.booleans()) else out
    return HamletRegistry(shuffled, on=when, gazetteer=g)


@st.composite
def merger_plans(draw: st.DrawFn, registry: HamletRegistry, max_actions: int = 12) -> MergerPlan:
    """A plan that is valid for ``registry``: disjoint sources, one commune per action,
    sums stated correctly, fresh ids and names."""
    by_commune: dict[str, list[Community]] = {}
    for c in registry:
        by_commune.setdefault(c.commune_code, []).append(c)
    actions: list[Action] = []
    fresh = 0
    effective = registry.on + dt.timedelta(days=draw(st.integers(0, 30)))
    for code in sorted(by_commune):
        if len(actions) >= max_actions:
            break
        pool = list(draw(st.permutations(by_commune[code])))
        while pool and len(actions) < max_actions:
            what = draw(
                st.sampled_from(["merge", "merge", "dissolve", "rename", "convert", "skip"])
            )
            if what == "skip":
                pool.pop()
                continue
            fresh += 1
            if what == "merge" and len(pool) >= 2:
                size = draw(st.integers(2, min(4, len(pool))))
                group, pool = pool[:size], pool[size:]
                actions.append(_merger(draw, group, fresh, effective))
            elif what == "dissolve":
                actions.append(Dissolution([pool.pop().ref], effective=effective, basis="QĐ 1"))
            elif what == "rename":
                c = pool.pop()
                actions.append(
                    Rename(
                        [c.ref],
                        target_name=f"{c.kind.prefix} Mới {fresh}",
                        target_id=draw(st.sampled_from([None, f"R{fresh}"])),
                        effective=effective,
                        basis="NQ 2",
                    )
                )
            elif what == "convert":
                c = pool.pop()
                others = [k for k in CommunityKind if k.family is c.family and k is not c.kind]
                actions.append(
                    Conversion(
                        [c.ref],
                        target_kind=draw(st.sampled_from(others)),
                        effective=effective,
                        basis="NQ 3",
                    )
                )
            else:
                pool.pop()
    return MergerPlan(draw(st.permutations(actions)) if draw(st.booleans()) else actions)


def _merger(draw: st.DrawFn, group: Sequence[Community], fresh: int, effective: dt.date) -> Merger:
    households = sum(c.households for c in group)
    pops = [c.population for c in group]
    population = None if any(p is None for p in pops) else sum(p for p in pops if p is not None)
    survive = draw(st.booleans())
    base = group[0]
    return Merger(
        [c.ref for c in group],
        target_id=draw(st.sampled_from([None, group[-1].id])) if survive else f"N{fresh}",
        target_name=None if survive and draw(st.booleans()) else f"{base.kind.prefix} Mới {fresh}",
        target_households=draw(st.sampled_from([None, households])),
        target_population=draw(st.sampled_from([None, population])),
        effective=effective,
        basis="NQ 1/2021/NQ-HĐND",
        exemption=draw(st.sampled_from([None, "địa bàn đặc thù"])),
    )


def register() -> None:
    """Register the hamlet types for ``st.from_type`` (called by qcdc's entry point)."""
    st.register_type_strategy(CommunityKind, community_kinds())
    st.register_type_strategy(Community, communities())
    st.register_type_strategy(HamletRegistry, registries())
