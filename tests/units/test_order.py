"""Answers never depend on what was asked before (issue 11, item 1).

Each example draws a random sequence of calls, runs it on one fresh gazetteer in order
and on another fresh gazetteer in reverse order, and asks that every call gets the same
answer on both: a cache keyed too coarsely makes an answer depend on the call before it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc.units import _data
from qcdc.units.gazetteer import Gazetteer

_G = Gazetteer.embedded()
_DATES = [
    dt.date(2021, 1, 1),
    dt.date(2021, 12, 17),
    dt.date(2024, 12, 31),
    dt.date(2025, 1, 1),
    dt.date(2025, 6, 30),
    dt.date(2025, 7, 1),
    dt.date(2026, 1, 1),
]
# a small pool of real codes, so that one code recurs with different dates: the units of
# Hà Nội's first districts in every era (they cross every act), and a few provinces
_OLD = [u.code for d in ("001", "002", "250") for u in _G.units(on=_DATES[1], within=d)]
_CODES = sorted(
    set(_OLD)
    | {
        c
        for to in _DATES[3:]
        for cs in _G.convert(_OLD, on=_DATES[1], to=to, on_split="all")
        for c in cs
    }
    | {"001", "002", "250", "01", "02", "26"}
)
_UNITS = _data._load_units()
_LINKS = _data._load_links()
_UNRESOLVED = _data._load_unresolved()


def _fresh() -> Gazetteer:
    """A new gazetteer over the embedded data, with caches of its own."""
    return Gazetteer(_UNITS, _LINKS, unresolved=_UNRESOLVED)


def _answer(g: Gazetteer, call: tuple[Any, ...]) -> object:
    name, code, a, b = call
    on, to = min(a, b), max(a, b)
    try:
        if name == "project":
            return g.project(code, on=on, to=to)
        if name == "predecessors":
            return g.predecessors(code, on=to, since=on)
        if name == "convert":
            return g.convert([code], on=on, to=to, on_split="all", on_unknown="none")
        if name == "get":
            return g.get(code, on=a)
        if name == "children":
            return g.children(code, on=a)
        return g.find(code, on=a, within="01")
    except LookupError as e:  # an unknown code on that date is an answer too
        return type(e).__name__


@st.composite
def _call_sequences(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """Calls over one or two codes, so that a code comes back with other dates."""
    pool = draw(st.lists(st.sampled_from(_CODES), min_size=1, max_size=2, unique=True))
    call = st.tuples(
        st.sampled_from(["project", "project", "predecessors", "convert", "get", "children"]),
        st.sampled_from(pool),
        st.sampled_from(_DATES),
        st.sampled_from(_DATES),
    )
    return draw(st.lists(call, min_size=2, max_size=10))


@settings(max_examples=20)
@given(_call_sequences())
def test_answers_do_not_depend_on_the_calls_before(calls: list[tuple[Any, ...]]) -> None:
    """Every public gazetteer method answers the same whatever was asked before it."""
    forward, backward = _fresh(), _fresh()
    first = [_answer(forward, c) for c in calls]
    second = [_answer(backward, c) for c in reversed(calls)][::-1]
    assert first == second


def test_every_call_of_a_pool_answers_the_same_in_both_orders() -> None:
    """Exhaustively over the pool: every method, code and pair of dates, asked in one order
    on one gazetteer and in the reverse order on another, gets one answer."""
    methods = ("project", "predecessors", "convert", "get", "children")
    calls = [(m, c, a, b) for m in methods for c in _CODES for a in _DATES for b in _DATES]
    forward, backward = _fresh(), _fresh()
    first = [_answer(forward, c) for c in calls]
    second = [_answer(backward, c) for c in reversed(calls)][::-1]
    differ = [c for c, x, y in zip(calls, first, second, strict=True) if x != y]
    assert differ == []


def test_projection_from_two_dates_of_one_unit() -> None:
    """The reproduction of issue 11: Trúc Bạch of 2021 merged on 2025-01-01; asked from
    2025-01-01 it is the same unit. Both answers hold in either order."""
    early, late = dt.date(2021, 12, 17), dt.date(2025, 1, 1)
    to = dt.date(2025, 6, 30)
    for order in ((early, late), (late, early)):
        g = _fresh()
        got = {on: g.project("00004", on=on, to=to).status for on in order}
        assert got == {early: "merged", late: "same"}
