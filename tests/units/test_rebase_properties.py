"""Invariants of :func:`qcdc.units.rebase` (issue 12 §2), on synthetic gazetteers and on
the embedded data."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import qcdc
from qcdc.errors import InputError
from qcdc.strategies import gazetteers
from qcdc.units import LineageLink, UnitLevel, rebase
from qcdc.units.gazetteer import Gazetteer

D1 = dt.date(2021, 1, 1)  # the synthetic gazetteers' two dates
D2 = dt.date(2025, 7, 1)
G = qcdc.gazetteer()
D2021 = dt.date(2021, 12, 17)
# the days the embedded unit lists change on, from 2021-12-17 to 2025-07-01
DAYS = [D2021, *G._boundaries(D2021, D2)]
HOW = {"cases": "sum", "score": ("mean", "population"), "population": "sum"}


@st.composite
def tables(
    draw: st.DrawFn,
    codes: Sequence[str],
    *,
    with_missing: bool = False,
) -> list[dict[str, Any]]:
    """One record per code: an integer count, a score and a positive population."""
    value = st.integers(0, 10_000)
    score = st.floats(0, 100, allow_nan=False)
    if with_missing:
        value = st.none() | value
        score = st.none() | score
    return [
        {
            "code": c,
            "cases": draw(value),
            "score": draw(score),
            "population": draw(st.integers(1, 100_000)),
        }
        for c in codes
    ]


def _codes(g: Gazetteer, on: dt.date, level: UnitLevel) -> list[str]:
    return [u.code for u in g.units(on=on, level=level)]


def _total(rows: Sequence[Mapping[str, Any]], column: str) -> float:
    return math.fsum(r[column] for r in rows)


# ---------------------------------------------------------------- totals are conserved


@given(g=gazetteers(), data=st.data(), on_split=st.sampled_from(["default", "equal"]))
def test_summed_totals_are_conserved_forward(g: Gazetteer, data: Any, on_split: Any) -> None:
    """Rebasing carries every count to some new unit: a summed column's total is the same
    before and after (every old unit has a successor; a split divides by shares summing to 1)."""
    level = data.draw(st.sampled_from([UnitLevel.COMMUNE, UnitLevel.DISTRICT]))
    table = data.draw(tables(_codes(g, D1, level)))
    out = rebase(table, on=D1, to=D2, how=HOW, gazetteer=g, on_split=on_split)
    rows = out.to_records()
    assert math.isclose(_total(rows, "cases"), _total(table, "cases"), rel_tol=1e-12)
    assert math.isclose(_total(rows, "population"), _total(table, "population"), rel_tol=1e-12)


@given(g=gazetteers(), data=st.data())
def test_summed_totals_are_conserved_by_stated_shares(g: Gazetteer, data: Any) -> None:
    """With ``on_split='share'`` a split unit is divided by its stated shares (they sum to 1
    in the synthetic data): totals are conserved, and each row states the share it took."""
    table = data.draw(tables(_codes(g, D1, UnitLevel.COMMUNE)))
    assume(all(lk.share is not None for lk in g.links if not lk.whole))
    out = rebase(table, on=D1, to=D2, how=HOW, gazetteer=g, on_split="share")
    assert math.isclose(_total(out.to_records(), "cases"), _total(table, "cases"), rel_tol=1e-12)
    taken: dict[str, Any] = {}
    for row in out:
        for c in row.sources:
            taken[c.code] = taken.get(c.code, 0) + c.share
            assert c.basis == "whole" or "share" in c.basis
    assert set(taken.values()) <= {1}


@given(g=gazetteers(), data=st.data())
def test_summed_totals_are_conserved_backward_by_equal_split(g: Gazetteer, data: Any) -> None:
    """Going back in time a unit formed from several is divided among them (equally, stated):
    the total is conserved, and the parts of a divided unit are summed back."""
    table = data.draw(tables(_codes(g, D2, UnitLevel.COMMUNE)))
    out = rebase(table, on=D2, to=D1, how=HOW, gazetteer=g, on_split="equal")
    assert math.isclose(_total(out.to_records(), "cases"), _total(table, "cases"), rel_tol=1e-12)
    assert {r.code for r in out} <= set(_codes(g, D1, UnitLevel.COMMUNE))


@pytest.mark.parametrize("on_split", ["default", "equal"])
def test_embedded_provinces_and_hanoi_communes_conserve_totals(on_split: Any) -> None:
    """On the embedded data: 63 provinces → 34, and Hà Nội's 579 communes → 126."""
    provinces = [{"code": c, "cases": int(c) * 7} for c in _codes(G, D2021, UnitLevel.PROVINCE)]
    out = rebase(provinces, on=D2021, to=D2, how={"cases": "sum"}, on_split=on_split)
    assert len(provinces) == 63 and len(out) == 34
    assert _total(out.to_records(), "cases") == _total(provinces, "cases")
    communes = [
        {"code": u.code, "cases": int(u.code) % 97}
        for u in G.units(on=D2021, level="commune", within="01")
    ]
    out = rebase(communes, on=D2021, to=D2, how={"cases": "sum"}, on_split=on_split)
    assert len(communes) == 579 and len(out) == 126
    assert math.isclose(_total(out.to_records(), "cases"), _total(communes, "cases"))


# ---------------------------------------------------------------- identity and chains


@given(g=gazetteers(), data=st.data())
def test_identity_rebase_is_the_identity(g: Gazetteer, data: Any) -> None:
    """Rebasing to the date the table is of changes nothing but the order (by code)."""
    on = data.draw(st.sampled_from([D1, D2]))
    level = data.draw(st.sampled_from(list(UnitLevel)))
    codes = _codes(g, on, level)
    assume(codes)
    table = data.draw(tables(codes, with_missing=True))
    how = HOW | {"label": "same"}
    for rec in table:
        rec["label"] = f"L{rec['code']}"
    out = rebase(table, on=on, to=on, how=how, gazetteer=g)
    assert out.to_records(provenance=False) == [
        {"code": r["code"], "name": g.lookup(r["code"], on=on).name, **{k: r[k] for k in how}}
        for r in sorted(table, key=lambda r: r["code"])
    ]
    assert all(
        [(c.code, c.share, c.basis) for c in row.sources] == [(row.code, 1, "whole")] for row in out
    )


@given(data=st.data())
def test_chained_rebase_equals_direct_where_unambiguous(data: Any) -> None:
    """A → B → C equals A → C when no unit on the way is split (counts exactly, weighted
    means up to rounding): embedded provinces, and the communes of one province that no
    change split, between any two of the embedded days."""
    a, b, c = sorted(data.draw(st.lists(st.sampled_from(DAYS), min_size=3, max_size=3)))
    if data.draw(st.booleans()):
        codes = _codes(G, a, UnitLevel.PROVINCE)
    else:
        province = data.draw(st.sampled_from(_codes(G, a, UnitLevel.PROVINCE)))
        codes = [
            u.code
            for u in G.units(on=a, level="commune", within=province)
            if len(G.project(u.code, on=a, to=b).targets) == 1
            and len(G.project(u.code, on=a, to=c).targets) == 1
            and all(
                len(G.project(t.code, on=b, to=c).targets) == 1
                for t in G.project(u.code, on=a, to=b).targets
            )
        ]
        assume(codes)
    rnd = random.Random(data.draw(st.integers(0, 2**32)))  # a whole table drawn is too large
    table = [
        {
            "code": code,
            "cases": rnd.randint(0, 10_000),
            "score": rnd.uniform(0, 100),
            "population": rnd.randint(1, 100_000),
        }
        for code in codes
    ]
    direct = rebase(table, on=a, to=c, how=HOW)
    step = rebase(table, on=a, to=b, how=HOW)
    via = rebase(step.to_records(provenance=False), on=b, to=c, how=HOW)
    assert [r.code for r in direct] == [r.code for r in via]
    for d, v in zip(direct, via, strict=True):
        assert d["cases"] == v["cases"] and d["population"] == v["population"]
        assert math.isclose(d["score"], v["score"], rel_tol=1e-9, abs_tol=1e-9)
        # the chain's sources are units of B, and theirs the units of A that C's row names
        firsts = {s.code for b_code in v.sources for s in step[b_code.code].sources}
        assert firsts == {s.code for s in d.sources}


# ---------------------------------------------------------------- missing values, means


@given(g=gazetteers(), data=st.data(), on_split=st.sampled_from(["default", "equal"]))
def test_missing_values_propagate(g: Gazetteer, data: Any, on_split: Any) -> None:
    """A new unit one of whose old parts has no value has none itself (not a partial sum);
    with ``missing='skip'`` it has the sum of the others and says how many it skipped."""
    table = data.draw(tables(_codes(g, D1, UnitLevel.COMMUNE), with_missing=True))
    by_code = {r["code"]: r for r in table}
    out = rebase(table, on=D1, to=D2, how=HOW, gazetteer=g, on_split=on_split)
    skipping = rebase(table, on=D1, to=D2, how=HOW, gazetteer=g, on_split=on_split, missing="skip")
    for row, skip_row in zip(out, skipping, strict=True):
        for column in ("cases", "score"):
            counted = [s for s in row.sources if s.share]
            gaps = sum(by_code[s.code][column] is None for s in counted)
            assert (row[column] is None) == (gaps > 0 or (column == "score" and not counted))
            assert skip_row.skipped.get(column, 0) == gaps
            if counted:
                assert (skip_row[column] is None) == (gaps == len(counted))
        if row["cases"] is not None:
            assert skip_row["cases"] == row["cases"]


@given(g=gazetteers(), data=st.data(), on_split=st.sampled_from(["default", "equal"]))
def test_weighted_means_lie_between_their_inputs(g: Gazetteer, data: Any, on_split: Any) -> None:
    """A (weighted) mean of the old units' values is never below the smallest of them nor
    above the largest, and with one source it is that source's value."""
    table = data.draw(tables(_codes(g, D1, UnitLevel.COMMUNE)))
    by_code = {r["code"]: r for r in table}
    how = HOW | {"plain": ("mean", None)}
    for rec in table:
        rec["plain"] = rec["score"]
    for row in rebase(table, on=D1, to=D2, how=how, gazetteer=g, on_split=on_split):
        values = [by_code[s.code]["score"] for s in row.sources if s.share]
        if not values:  # only parts counted elsewhere (on_split='default')
            assert row["score"] is None
            continue
        for column in ("score", "plain"):
            assert min(values) <= row[column] <= max(values)
            if len(values) == 1:
                assert row[column] == values[0]


def test_mean_is_weighted_by_population_by_default_and_says_so() -> None:
    """Plain ``"mean"`` is weighted by the table's population column when it has one, and
    unweighted when it has none; the result says which."""
    whole = [
        t.code
        for t in G.predecessors("00097", on=D2, since=D2021).targets
        if [x.code for x in G.project(t.code, on=D2021, to=D2).targets] == ["00097"]
    ][:3]
    assert len(whole) == 3
    table = [
        {"code": c, "score": s, "population": p}
        for c, s, p in zip(whole, (8.0, 4.0, 4.0), (3, 1, 1), strict=True)
    ]
    out = rebase(table, on=D2021, to=D2, how={"score": "mean", "population": "sum"})
    assert out.how["score"] == ("mean", "population")
    assert out["00097"]["score"] == pytest.approx((8 * 3 + 4 + 4) / 5)
    plain = rebase(
        [{k: v for k, v in r.items() if k != "population"} for r in table],
        on=D2021,
        to=D2,
        how={"score": "mean"},
    )
    assert plain.how["score"] == ("mean", None)
    assert plain["00097"]["score"] == pytest.approx(16 / 3)


# ---------------------------------------------------------------- errors name row and field


@given(g=gazetteers(), data=st.data())
def test_an_unknown_code_names_its_row(g: Gazetteer, data: Any) -> None:
    codes = _codes(g, D1, UnitLevel.COMMUNE)
    table = data.draw(tables(codes))
    at = data.draw(st.integers(0, len(table)))
    table.insert(at, {"code": "99999", "cases": 1, "score": 1.0, "population": 1})
    with pytest.raises(InputError) as err:
        rebase(table, on=D1, to=D2, how=HOW, gazetteer=g)
    assert err.value.row == at + 1 and err.value.field == "code" and "99999" in str(err.value)
    dropped = rebase(table, on=D1, to=D2, how=HOW, gazetteer=g, on_unknown="drop")
    assert list(dropped.dropped) == ["99999"]


@given(g=gazetteers(), data=st.data())
def test_an_unknown_column_is_named(g: Gazetteer, data: Any) -> None:
    table = data.draw(tables(_codes(g, D1, UnitLevel.COMMUNE)))
    with pytest.raises(InputError) as err:
        rebase(table, on=D1, to=D2, how=HOW | {"votes": "sum"}, gazetteer=g)
    assert err.value.field == "how['votes']"
    with pytest.raises(InputError) as err:
        rebase(table, on=D1, to=D2, how={"cases": "sum"}, gazetteer=g)
    assert err.value.field == "how" and "'score'" in str(err.value)


@given(g=gazetteers(), data=st.data())
def test_a_split_without_a_stated_share_is_refused(g: Gazetteer, data: Any) -> None:
    """``on_split='share'`` never invents a share: a split unit whose links state none is
    an error naming the units and suggesting the policies that work."""
    unstated = sorted({lk.source for lk in g.links if not lk.whole and lk.share is None})
    assume(unstated)
    table = data.draw(tables(_codes(g, D1, UnitLevel.COMMUNE)))
    with pytest.raises(InputError) as err:
        rebase(table, on=D1, to=D2, how=HOW, gazetteer=g, on_split="share")
    assert err.value.field == "on_split"
    assert err.value.row == 1 + [r["code"] for r in table].index(unstated[0])
    assert all(code in str(err.value) for code in unstated[:10])
    assert "on_split='default'" in str(err.value) and "on_split='equal'" in str(err.value)


def _embedded_with_equal_shares() -> Gazetteer:
    """The embedded units and links, each part-link stating an equal share of its source
    (the data states none yet): what ``on_split='share'`` meets once the acts' shares are in."""
    groups: dict[tuple[dt.date, str], list[LineageLink]] = {}
    for lk in G.links:
        if lk.source and not lk.whole:
            groups.setdefault((lk.effective, lk.source), []).append(lk)
    stated: dict[int, LineageLink] = {}
    for (effective, source), links in groups.items():
        # a unit goes on when its code is still in force that day, even under a new kind or
        # name (Xã Đại Đồng 06040 gives a part away and goes on as Thị trấn Thất Khê)
        goes_on = G.get(source, on=effective) is not None
        n = sum(lk.target != source for lk in links) + 1 if goes_on else len(links)
        for lk in links:
            stated[id(lk)] = attrs.evolve(lk, share=Fraction(1, n), population_share=Fraction(1, n))
    return Gazetteer.from_units(
        G.records(), [stated.get(id(lk), lk) for lk in G.links], check=False
    )


@pytest.mark.parametrize(
    ("on", "to"),
    [(D2021, D2), (D2021, dt.date(2025, 1, 1)), (dt.date(2024, 6, 1), D2)],
)
def test_stated_shares_of_the_embedded_lineage_sum_to_one(on: dt.date, to: dt.date) -> None:
    """With a share on every part-link, every commune's figure is divided among exactly the
    units :meth:`project` reaches, by shares summing to 1 — across every act day in between
    (a unit renamed and retyped on one day, then divided, is carried once)."""
    g = _embedded_with_equal_shares()
    table = [{"code": u.code, "cases": 1} for u in g.units(on=on, level="commune")]
    out = rebase(
        table,
        on=on,
        to=to,
        how={"cases": "sum"},
        gazetteer=g,
        on_split="share",
        on_unresolved="drop",
    )
    taken: dict[str, dict[str, Fraction]] = {}
    for row in out:
        for c in row.sources:
            taken.setdefault(c.code, {})[row.code] = c.share
    assert set(taken) == {r["code"] for r in table} - set(out.dropped)
    for code, shares in taken.items():
        assert sum(shares.values()) == 1, code
        assert set(shares) == {t.code for t in g.project(code, on=on, to=to).targets}, code
    assert math.isclose(_total(out.to_records(), "cases"), len(taken))
