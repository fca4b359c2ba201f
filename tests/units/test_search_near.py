"""Near misses of ``find`` (the symmetric-delete index of :mod:`qcdc.units._fuzzy`) and
the ĐK abbreviation (issue 16)."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import qcdc
from qcdc.text import split_name
from qcdc.units import UnitKind, UnitLevel
from qcdc.units import search as S
from qcdc.units._fuzzy import NearIndex
from qcdc.units.gazetteer import Gazetteer

D2021 = dt.date(2021, 12, 17)
D2025 = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return qcdc.gazetteer()


# ----------------------------------------------------------------------------- ĐK.


def test_all_13_special_zones_are_found_written_dk(g: Gazetteer) -> None:
    zones = [u for u in g.units(on=D2025) if u.kind is UnitKind.SPECIAL_ZONE]
    assert len(zones) == 13
    for u in zones:
        for written in (
            f"ĐK. {u.short_name}",
            f"ĐK {u.short_name}",
            f"đk.{u.short_name}",
            f"DK. {S._fold(u.short_name)}",
        ):
            r = g.find(written, on=D2025)
            assert r.status == "exact", written
            assert r.unit == u, written


def test_dk_is_the_type_word_only_as_an_abbreviation() -> None:
    assert split_name("ĐK. Côn Đảo").prefix == "Đặc khu"
    assert split_name("Đắk Lắk").prefix is None  # Đắk is no abbreviation
    assert split_name("Dkx").prefix is None


# ------------------------------------------------------------------ near misses


def _osa(a: str, b: str) -> int:
    """Edit distance with swaps of neighbours (optimal string alignment)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def _difflib_first(
    g: Gazetteer,
    target: str,
    on: dt.date,
    scope: Collection[str] | None,
    level: UnitLevel | None,
) -> tuple[str, str] | None:
    """(code, key) of the first similar spelling the difflib scan (qcdc before issue
    16) offered: same first letter, length within 3, ratio >= 0.8, five names."""
    epoch = g._epoch(on)
    names = epoch.names
    universe = (
        {S._name_key(epoch.by_code[c].short_name) for c in scope} if scope is not None else names
    )
    pool = [k for k in universe if k[:1] == target[:1] and abs(len(k) - len(target)) <= 3]
    for k in difflib.get_close_matches(target, pool, n=5, cutoff=0.8):
        for u, u_level, _kind, _prefix, _exact in names[k]:
            if scope is not None and u.code not in scope:
                continue
            if level is not None and u_level is not level:
                continue
            return u.code, k
    return None


_LETTERS = "abcdeghiklmnopqrstuvxy "


@st.composite
def misspelt(draw: st.DrawFn, g: Gazetteer) -> tuple[str, dt.date, str | None]:
    on = draw(st.sampled_from([D2021, D2025]))
    units = list(g.units(on=on, level="commune"))
    u = draw(st.sampled_from(units))
    key = S._name_key(u.short_name)
    chars = list(key)
    for _ in range(draw(st.integers(1, 2))):
        op = draw(st.sampled_from(["drop", "double", "swap", "replace", "insert"]))
        i = draw(st.integers(0, max(len(chars) - 1, 0)))
        if op == "drop" and len(chars) > 1:
            del chars[i]
        elif op == "double" and chars:
            chars.insert(i, chars[i])
        elif op == "swap" and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif op == "replace" and chars:
            chars[i] = draw(st.sampled_from(_LETTERS))
        else:
            chars.insert(i, draw(st.sampled_from(_LETTERS)))
    query = " ".join("".join(chars).split())
    province = u.parent_code if on == D2025 else None
    within = draw(st.sampled_from([None, province]))
    return query, on, within


@given(data=st.data())
def test_difflibs_first_suggestion_within_distance_2_is_suggested(
    g: Gazetteer, data: st.DataObject
) -> None:
    query, on, within = data.draw(misspelt(g))
    assume(query)
    scope = g._within(g._epoch(on), within, on) if within is not None else None
    r = g.find(query, on=on, within=within, level="commune")
    readings = S._interpretations(query)
    if r.status != "not_found":
        # a real name again: the exact path, which the index does not touch
        assert any(readings[0][1] == S._name_key(c.unit.short_name) for c in r.candidates)
        return
    first = _difflib_first(g, readings[0][1], on, scope, UnitLevel.COMMUNE)
    if first is not None and _osa(readings[0][1], first[1]) <= 2:
        assert first[0] in {c.unit.code for c in r.candidates}


@given(data=st.data())
def test_a_near_miss_is_never_the_answer(g: Gazetteer, data: st.DataObject) -> None:
    query, on, within = data.draw(misspelt(g))
    key = S._interpretations(query)[0][1]
    assume(key and key not in g._epoch(on).names)
    r = g.find(query, on=on, within=within)
    assert r.status == "not_found"
    assert r.unit is None
    assert all(c.score < 0.79 for c in r.candidates)


@given(data=st.data())
def test_every_suggestion_is_within_distance_2_and_passes_the_filters(
    g: Gazetteer, data: st.DataObject
) -> None:
    query, on, within = data.draw(misspelt(g))
    r = g.find(query, on=on, within=within, level="commune")
    assume(r.status == "not_found")
    target = S._interpretations(query)[0][1]
    scope = g._within(g._epoch(on), within, on) if within is not None else None
    for c in r.candidates:
        if c.reasons == ("similar spelling",):
            assert _osa(target, S._name_key(c.unit.short_name)) <= 4  # 2 deletions each side
            assert c.unit.level is UnitLevel.COMMUNE
            assert scope is None or c.unit.code in scope


def test_single_typos_are_suggested_first(g: Gazetteer) -> None:
    for typo, code in (
        ("Phuc Xaa", "00001"),  # doubled
        ("Phc Xa", "00001"),  # dropped
        ("Hpuc Xa", "00001"),  # swapped, in the first letter (difflib never saw it)
        ("Phuc Za", "00001"),  # another letter
    ):
        r = g.find(typo, on=D2021, within="001")
        assert r.status == "not_found"
        assert r.candidates[0].unit.code == code, typo


def test_the_index_is_made_on_the_first_miss_for_nearby_lengths_only(g: Gazetteer) -> None:
    names = S._name_index(g.units(on=D2021))
    by_code = {u.code: u for u in g.units(on=D2021)}

    def find(q: str) -> S.Resolution:
        return S._find(q, D2021, names, by_code, level=None, kinds=None, scope=None, limit=10)

    assert find("Phúc Xá").status == "exact"
    assert names.near_index is None  # type: ignore[attr-defined]  # no miss yet
    assert find("x" * 200).status == "not_found"  # far longer than any name
    assert names.near_index is not None  # type: ignore[attr-defined]
    index: NearIndex = names.near_index  # type: ignore[attr-defined]
    assert index.built_lengths() == []
    assert find("phuc xaa").candidates[0].unit.code == "00001"
    built = index.built_lengths()
    assert built
    assert all(6 <= n <= 10 for n in built)
    assert len(built) < len({len(k) for k in names})


def test_near_is_what_a_scan_over_all_keys_finds() -> None:
    keys = ["phuc xa", "phu xa", "phuc xuan", "an phu", "tan phu", "phuoc hoa", "xa", "ha phuc"]
    index = NearIndex(keys)
    for query in ("phuc xaa", "phc xa", "an phuu", "tna phu", "phuochoa", "x", "zzzz", "ahphuc"):
        got = {k for k, _r in index.near(query, lambda k: True)}

        def close(k: str, most: int, query: str = query) -> bool:
            m = _lcs(query, k)
            return (
                m >= len(k) - most
                and m >= len(query) - most
                and 2 * m >= 0.8 * (len(query) + len(k))
            )

        one_edit = {k for k in keys if close(k, 1)}
        two_edits = {k for k in keys if close(k, 2)}
        assert one_edit <= got <= two_edits, query
        if not any(k[0] == query[0] for k in one_edit):
            assert got == two_edits, query


def _lcs(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]
