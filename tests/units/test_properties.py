"""Invariants of the gazetteer and its lineage (DESIGN.md), on real and synthetic data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qcdc
from qcdc.strategies import gazetteers
from qcdc.units import UnitKind, UnitLevel
from qcdc.units.gazetteer import Gazetteer

G = qcdc.gazetteer()
SNAPSHOTS = [s for s, _ in G.snapshots]
D2021 = dt.date(2021, 12, 17)


def _codes(on: dt.date, level: UnitLevel | None = None) -> list[str]:
    return [u.code for u in G.units(on=on, level=level)]


# ---------------------------------------------------------------- real data, exhaustive


def test_embedded_data_satisfies_every_invariant() -> None:
    """Parents exist one level up on every date; links join existing units; every unit that
    ends has a successor or a recorded reason."""
    assert G.check() == []


@pytest.mark.parametrize("on", SNAPSHOTS)
def test_codes_have_the_width_of_their_level(on: dt.date) -> None:
    """A province code has 2 digits, a district 3, a commune 5."""
    for u in G.units(on=on):
        assert len(u.code) == u.level.code_width and u.code.isascii() and u.code.isdigit()


@pytest.mark.parametrize("on", SNAPSHOTS)
def test_counts_by_kind_add_up_at_every_level(on: dt.date) -> None:
    """For every level (and within every province) the kinds sum to the total."""
    for level in UnitLevel:
        kinds = [k for k in UnitKind if k.level is level]
        assert sum(G.count(on=on, kind=k) for k in kinds) == G.count(on=on, level=level)
    for province in G.units(on=on, level=UnitLevel.PROVINCE):
        by_kind = Counter(u.kind for u in G.units(on=on, within=province.code))
        assert sum(by_kind.values()) == G.count(on=on, within=province.code)


@pytest.mark.parametrize(("a", "b"), list(pairwise(SNAPSHOTS)))
def test_every_unit_has_a_successor_and_every_new_unit_a_predecessor(
    a: dt.date, b: dt.date
) -> None:
    """Coverage: each unit of a list projects to >= 1 unit of the next, or is listed as
    unresolved with its reason; each unit of the next list has >= 1 predecessor."""
    for code in _codes(a):
        p = G.project(code, on=a, to=b)
        assert p.targets or (p.status == "unresolved" and p.reason), code
    for code in _codes(b):
        back = G.predecessors(code, on=b, since=a)
        assert back.targets or back.reason, code


# ---------------------------------------------------------------- real data, sampled


@given(st.sampled_from(_codes(SNAPSHOTS[0])), st.sampled_from(SNAPSHOTS[1:]))
def test_identity_projection(code: str, on: dt.date) -> None:
    """project(x, on=d, to=d) is 'same' with x itself as the only target."""
    d = SNAPSHOTS[0]
    p = G.project(code, on=d, to=d)
    assert p.status == "same" and [t.code for t in p.targets] == [code]


@given(
    st.sampled_from(_codes(SNAPSHOTS[0], UnitLevel.COMMUNE)),
    st.sampled_from(SNAPSHOTS[1:-1]),
)
def test_chained_projection_equals_direct(code: str, b: dt.date) -> None:
    """Projecting A→B then B→C equals A→C wherever each step is unambiguous
    (B any snapshot between the first and the last: one per act day)."""
    a, c = SNAPSHOTS[0], SNAPSHOTS[-1]
    first = G.project(code, on=a, to=b)
    if first.status in ("split", "unresolved"):
        return
    second = G.project(first.targets[0].code, on=b, to=c)
    direct = G.project(code, on=a, to=c)
    assert {t.code for t in second.targets} == {t.code for t in direct.targets}
    assert second.status == "split" or direct.status != "split"


@given(st.sampled_from(_codes(SNAPSHOTS[0])), st.sampled_from(SNAPSHOTS[1:]))
def test_predecessors_of_the_projection_contain_the_unit(code: str, to: dt.date) -> None:
    """Round trip: x is among the predecessors of each of its targets."""
    on = SNAPSHOTS[0]
    p = G.project(code, on=on, to=to)
    for t in p.targets:
        back = G.predecessors(t.code, on=to, since=on)
        assert code in {u.code for u in back.targets} or len(code) != len(t.code)


@given(st.lists(st.sampled_from(_codes(SNAPSHOTS[0], UnitLevel.COMMUNE)), max_size=50))
def test_convert_agrees_with_project(codes: list[str]) -> None:
    """Bulk conversion gives the default target of each projection, in input order."""
    out = G.convert(codes, on=SNAPSHOTS[0], to=SNAPSHOTS[-1], on_unknown="none")
    for code, converted in zip(codes, out, strict=True):
        p = G.project(code, on=SNAPSHOTS[0], to=SNAPSHOTS[-1])
        d = p.default
        assert converted == (d.code if d else None)


# ---------------------------------------------------------------- synthetic gazetteers


@settings(max_examples=40)
@given(gazetteers())
def test_synthetic_coverage_and_round_trip(g: Gazetteer) -> None:
    """On any valid gazetteer: every old unit has a successor, every new unit a predecessor,
    and x is among the predecessors of each of its targets."""
    (a, _), (b, _) = g.snapshots
    for u in g.units(on=a):
        p = g.project(u.code, on=a, to=b)
        assert p.targets
        assert sum(t.default for t in p.targets) == 1
        for t in p.targets:
            if len(t.code) == len(u.code):
                assert u.code in {x.code for x in g.predecessors(t.code, on=b, since=a).targets}
    for u in g.units(on=b):
        assert g.predecessors(u.code, on=b, since=a).targets


@settings(max_examples=40)
@given(gazetteers())
def test_synthetic_split_shares_sum_to_one(g: Gazetteer) -> None:
    """The shares of one split, when all known, sum to 1."""
    (a, _), (b, _) = g.snapshots
    for u in g.units(on=a, level=UnitLevel.COMMUNE):
        p = g.project(u.code, on=a, to=b)
        shares = [t.share for t in p.targets]
        if p.status == "split" and all(s is not None for s in shares):
            assert sum(s for s in shares if s is not None) == 1


@settings(max_examples=40)
@given(gazetteers())
def test_synthetic_diff_counts_add_up(g: Gazetteer) -> None:
    """The units that ended and began account for the change in counts at every level."""
    (a, _), (b, _) = g.snapshots
    d = g.diff(on=a, to=b)
    for level, (removed, added) in d.by_level().items():
        assert g.count(on=b, level=level) - g.count(on=a, level=level) == added - removed


@pytest.mark.parametrize("on", SNAPSHOTS)
def test_a_shared_search_key_is_always_reported(on: dt.date) -> None:
    """Two official names of one parent that share a search key are never silently merged:
    searching either name without diacritics is 'ambiguous' and lists both."""
    from qcdc.text import search_key

    by_key: dict[tuple[str | None, str], list[str]] = {}
    for u in G.units(on=on):
        by_key.setdefault((u.parent_code, search_key(u.short_name)), []).append(u.code)
    collisions = {k: v for k, v in by_key.items() if len(v) > 1}
    assert collisions, "the real lists do have such pairs (Cẩm Giang / Cẩm Giàng)"
    for (parent, key), codes in collisions.items():
        within = parent
        res = G.find(key, on=on, within=within) if within else G.find(key, on=on)
        found = {c.unit.code for c in res.candidates}
        assert set(codes) <= found, (key, codes)
        if res.status == "exact":
            # only when the bare key is itself the exact name of one of them
            assert res.candidates[0].reasons[0] == "same name"
