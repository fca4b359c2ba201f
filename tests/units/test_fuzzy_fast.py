"""The near-miss index's own fast paths (:mod:`qcdc.units._fuzzy`): difflib's ratio
computed without difflib's class, the two-deletion strings in one pass, and the near
part kept by the length of its strings; each against what it replaces."""

from __future__ import annotations

import difflib

from hypothesis import example, given
from hypothesis import strategies as st

from qcdc.units import _fuzzy as F

#: few letters, so that blocks repeat and ties between equally long blocks are common
short = st.text(alphabet="abnhtie ", max_size=24)
anything = st.text(max_size=40)


@given(st.one_of(short, anything), st.one_of(short, anything))
@example("tie ntien", "tien tien")
@example("nhnh", "nenh")
@example("", "")
@example("abab", "baba")
def test_difflib_ratio_is_difflibs(a: str, b: str) -> None:
    want = difflib.SequenceMatcher(None, a, b).ratio()
    assert F._difflib_ratio(a, b, F._positions(b)) == want


@given(short, st.text(alphabet="ab", min_size=200, max_size=260))
def test_difflib_ratio_of_long_strings_is_difflibs_too(a: str, b: str) -> None:
    """At 200 characters difflib drops "popular" characters: asked of difflib."""
    want = difflib.SequenceMatcher(None, a, b).ratio()
    assert F._difflib_ratio(a, b, F._positions(b)) == want


def test_difflib_ratio_differs_from_the_longest_common_subsequence() -> None:
    """The case the ratio exists for (the test fails if it returned the LCS measure)."""
    a, b = "tie ntien", "tien tien"
    assert F._difflib_ratio(a, b, F._positions(b)) < 2 * 8 / (len(a) + len(b))


@given(anything)
def test_two_deletions_are_deletions_of_deletions(text: str) -> None:
    want: set[str] = set()
    for v in F._deletions(text):
        want |= F._deletions(v)
    assert F._two_deletions(text) == want


@given(st.lists(short, max_size=30), short)
def test_near_part_by_string_length_holds_each_key_and_its_deletions(
    keys: list[str], query: str
) -> None:
    """A string of length m in the near part names the keys of length m that are it and
    the keys of length m + 1 that become it by one deletion; nothing else."""
    index = F.NearIndex(keys)
    m = len(query)
    bucket = index._near_part(m)
    want = {k for k in keys if k == query} | {
        k for k in keys if len(k) == m + 1 and query in F._deletions(k)
    }
    hit = bucket.get(query)
    got = set() if hit is None else {hit} if isinstance(hit, str) else set(hit)
    assert got == want


@given(
    st.lists(st.text(alphabet="abnhti ", min_size=1, max_size=12), min_size=1, max_size=40),
    st.data(),
)
def test_the_neighbourhood_of_a_name_kept_gives_what_a_new_index_gives(
    keys: list[str], data: st.DataObject
) -> None:
    """A query that is itself a key (a name written with other diacritics) keeps what
    each stage found; later queries with other filters answer as a new index does."""
    kept = F.NearIndex(keys)
    query = data.draw(st.sampled_from(keys))
    for _ in range(3):
        taken = set(data.draw(st.lists(st.sampled_from(keys), max_size=len(keys))))
        got = kept.near(query, taken.__contains__)
        assert got == F.NearIndex(keys).near(query, taken.__contains__)
    assert query in kept._around  # the neighbourhood was kept


def test_a_query_that_is_no_key_keeps_nothing() -> None:
    index = F.NearIndex(["phuc xa", "phu xa"])
    index.near("phuc xaa", lambda k: True)
    assert index._around == {}
    index.near("phuc xa", lambda k: False)
    assert list(index._around) == ["phuc xa"]
