"""Invariants of qcdc.inspection: tallies, the case lifecycle, CSV records, roll-ups."""

from __future__ import annotations

import datetime as dt
import io
import itertools

from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from qcdc.errors import IllegalTransition
from qcdc.inspection import (
    TRANSITIONS,
    CaseState,
    CaseTally,
    InspectionCase,
    Origin,
    ProjectTally,
    Subject,
    rollup,
    tally,
    tally_by_unit,
)
from qcdc.inspection._csv import dumps_cases, load_cases
from qcdc.inspection._strategies import (
    case_tallies,
    commune_boards,
    inspection_cases,
    investment_supervision_boards,
    project_tallies,
)
from qcdc.units import UnitLevel
from qcdc.units.gazetteer import gazetteer

D = dt.date
ON = D(2021, 12, 17)
REFORM = D(2025, 7, 1)


def error_rules(t: CaseTally) -> set[str]:
    return {f.rule for f in t.check() if f.is_error}


# ---------------------------------------------------------------------------- tallies


@given(st.lists(case_tallies(), max_size=8), st.data())
def test_partition_sums_equal_the_sum_of_the_whole(
    tallies: list[CaseTally], data: st.DataObject
) -> None:
    """The tally of a partition sums to the tally of the whole (in any grouping)."""
    cut = data.draw(st.integers(0, len(tallies)))
    whole = sum(tallies, CaseTally.zero())
    parts = sum(tallies[:cut], CaseTally.zero()) + sum(tallies[cut:], CaseTally.zero())
    assert parts == whole
    shuffled = data.draw(st.permutations(tallies))
    assert sum(shuffled, CaseTally.zero()) == whole


@given(case_tallies(), case_tallies(), case_tallies())
def test_addition_is_associative_and_commutative(a: CaseTally, b: CaseTally, c: CaseTally) -> None:
    """Adding tallies does not depend on order or grouping; a field is known iff known in both."""
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    for name, value in (a + b).items():
        assert (value is None) == (getattr(a, name) is None or getattr(b, name) is None)


@given(case_tallies(), case_tallies())
def test_orderings_are_preserved_by_addition(a: CaseTally, b: CaseTally) -> None:
    """Sums of tallies without errors have no errors (violations ≤ supervised and
    resolved ≤ recommended are preserved)."""
    assert error_rules(a) == error_rules(b) == set()
    assert error_rules(a + b) == set()


@given(case_tallies(clean=True), case_tallies(clean=True))
def test_clean_tallies_stay_clean(a: CaseTally, b: CaseTally) -> None:
    """Sums of tallies without findings have no findings (recommended ≤ violations too)."""
    assert (a + b).check() == []


@given(
    st.one_of(st.none(), st.integers(0, 50)),
    st.one_of(st.none(), st.integers(0, 50)),
    st.one_of(st.none(), st.integers(0, 50)),
    st.one_of(st.none(), st.integers(0, 50)),
)
def test_check_flags_exactly_the_broken_orderings(
    s: int | None, v: int | None, r: int | None, x: int | None
) -> None:
    """Errors iff violations > supervised or resolved > recommended, both figures known."""
    expected = set()
    if s is not None and v is not None and v > s:
        expected.add("tally.violations-le-supervised")
    if r is not None and x is not None and x > r:
        expected.add("tally.resolved-le-recommended")
    assert error_rules(CaseTally(s, v, r, x)) == expected


@given(st.lists(project_tallies(), max_size=6))
def test_project_tallies_parts_sum_to_supervised(tallies: list[ProjectTally]) -> None:
    """projects supervised = compliant + with violations + undetermined, for every sum."""
    total = sum(tallies, ProjectTally(0, 0, 0, 0))
    assert total.check() == []
    assert total.supervised == sum(t.supervised or 0 for t in tallies)


# ------------------------------------------------------------------------ derived tallies

UNITS = st.sampled_from(["00001", "00004", "00007", "00040", "10237", None])
case_lists = st.lists(
    inspection_cases(units=UNITS, min_date=D(2020, 10, 1), max_date=D(2022, 3, 1)),
    max_size=30,
    unique_by=lambda c: c.id,
)


@given(case_lists, st.data())
def test_tally_of_a_partition_of_cases(cases: list[InspectionCase], data: st.DataObject) -> None:
    """The tally of a partition of case records sums to the tally of all of them."""
    cut = data.draw(st.integers(0, len(cases)))
    assert tally(cases[:cut], 2021) + tally(cases[cut:], 2021) == tally(cases, 2021)
    assert sum(tally_by_unit(cases, 2021).values(), CaseTally.zero()) == tally(cases, 2021)


@given(case_lists, st.dates(D(2021, 1, 1), D(2022, 6, 1)))
def test_tally_of_derived_cases_equals_the_count_of_their_states(
    cases: list[InspectionCase], as_of: dt.date
) -> None:
    """Each figure counts the cases opened in the period that reached its state by as_of."""
    t = tally(cases, 2021, as_of=as_of)
    cohort = [c for c in cases if c.opened.year == 2021 and c.opened <= as_of]

    def count(state: CaseState) -> int:
        return sum(1 for c in cohort if c.reached(state, by=as_of))

    assert t == CaseTally(
        count(CaseState.UNDER_SUPERVISION),
        count(CaseState.VIOLATION_FOUND),
        count(CaseState.RECOMMENDATION_SENT),
        count(CaseState.RESOLVED),
    )
    assert error_rules(t) == set()


@given(case_lists)
def test_case_records_round_trip_through_csv(cases: list[InspectionCase]) -> None:
    """load(dump(cases)) == cases: CSV records lose nothing."""
    assert load_cases(io.StringIO(dumps_cases(cases))) == cases


# ---------------------------------------------------------------------------- roll-ups

_COMMUNES_2021 = [u.code for u in gazetteer().units(on=ON, level="commune")]
_UNRESOLVED = {
    c for c in _COMMUNES_2021 if gazetteer().project(c, on=ON, to=REFORM).status == "unresolved"
}


@given(
    st.dictionaries(
        st.sampled_from(_COMMUNES_2021), case_tallies(max_value=500, partial=False), max_size=60
    )
)
def test_rollup_through_lineage_preserves_the_national_total(tallies: dict[str, CaseTally]) -> None:
    """Rolling 2021 commune tallies up to provinces, to 2021 districts or to 2025 communes
    and provinces keeps the national total (less the units the lineage cannot follow)."""
    whole = sum(tallies.values(), CaseTally.zero())
    followed = sum((t for c, t in tallies.items() if c not in _UNRESOLVED), CaseTally.zero())
    assert rollup(tallies, on=ON).total() == whole
    assert rollup(tallies, on=ON, level=UnitLevel.DISTRICT).total() == whole
    for level in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
        r = rollup(tallies, on=ON, to=REFORM, level=level, on_unresolved="drop")
        assert r.total() == followed
        assert set(r.unresolved) == set(tallies) & _UNRESOLVED


# ------------------------------------------------------------------------------ boards


@given(commune_boards())
def test_generated_commune_boards_pass_the_shipped_rules(board: object) -> None:
    """A board built to the 2022 law (5+ members, one per hamlet, one head) has no findings."""
    assert board.check() == []  # type: ignore[attr-defined]


@given(investment_supervision_boards())
def test_generated_supervision_boards_pass_the_shipped_rules(board: object) -> None:
    """An investment supervision board built to NĐ 59/2023 has no findings."""
    assert board.check() == []  # type: ignore[attr-defined]


# ----------------------------------------------------------------------- the lifecycle


class CaseLifecycle(RuleBasedStateMachine):
    """A case driven through legal and illegal transitions: a transition succeeds exactly
    when the table allows it and the date does not go back; the case never changes in
    place; dates never go backwards."""

    case: InspectionCase
    seen: list[tuple[InspectionCase, int]]

    @initialize(opened=st.dates(D(2021, 1, 1), D(2024, 12, 31)))
    def open_case(self, opened: dt.date) -> None:
        self.case = InspectionCase.open(
            "C-1", board="BTTND-1", subject=Subject.LAND, origin=Origin.PETITION, on=opened
        )
        self.seen = [(self.case, 1)]

    @rule(to=st.sampled_from(list(CaseState)), days=st.integers(-5, 30))
    def move(self, to: CaseState, days: int) -> None:
        before = self.case
        on = before.updated + dt.timedelta(days=days)
        legal = to in TRANSITIONS[before.state] and days >= 0
        try:
            after = before.transition(to, on)
        except IllegalTransition as exc:
            assert not legal
            assert (exc.from_state, exc.to_state) == (before.state, to)  # noqa: PT017
            assert self.case is before
            return
        assert legal
        assert after.state is to and after.updated == on
        assert after.history[:-1] == before.history
        self.case = after
        self.seen.append((after, len(after.history)))

    @rule(days=st.integers(0, 10))
    def take_a_legal_step(self, days: int) -> None:
        nexts = sorted(TRANSITIONS[self.case.state], key=lambda s: s.value)
        assume(nexts)
        self.move(nexts[0], days)

    @invariant()
    def dates_never_go_backwards_and_steps_follow_the_table(self) -> None:
        history = self.case.history
        assert history[0].state is CaseState.OPENED
        for a, b in itertools.pairwise(history):
            assert b.state in TRANSITIONS[a.state]
            assert a.on <= b.on
        assert self.case.state is history[-1].state

    @invariant()
    def earlier_cases_are_unchanged(self) -> None:
        for case, length in self.seen:
            assert len(case.history) == length


TestCaseLifecycle = CaseLifecycle.TestCase
