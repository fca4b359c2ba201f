"""Response deadlines and overdue recommendations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.dates import working_day_calendar
from qcdc.errors import (
    InputError,
    NoApplicableRule,
    OutOfCoverage,
)
from qcdc.inspection import (
    DEFAULT_DEADLINE_RULES,
    Answer,
    DayCount,
    DeadlineRule,
    DeadlineRulebook,
    InspectionCase,
    Origin,
    Subject,
    overdue,
    response_deadline,
)
from qcdc.inspection._csv import load_cases

D = dt.date
DATA = Path(__file__).parent.parent / "data" / "inspection"
CASES_CSV = DATA / "cases_hanoi_2021.csv"


MARCH_1 = D(2021, 3, 1)


def new_case(opened: dt.date = MARCH_1, unit: str | None = "00004") -> InspectionCase:
    return InspectionCase.open(
        "HN-1",
        board="BTTND-00004",
        subject=Subject.LAND,
        origin=Origin.PETITION,
        on=opened,
        unit=unit,
    )


def recommended_case(received: dt.date | None = None) -> InspectionCase:
    return (
        new_case()
        .supervise(D(2021, 3, 2))
        .conclude(D(2021, 3, 20), violation=True)
        .recommend(D(2021, 3, 25), authority="UBND phường", text="Xử lý", received=received)
    )


class TestDeadlines:
    def test_fifteen_days_from_receipt(self) -> None:
        assert response_deadline(new_case()) is None
        assert response_deadline(recommended_case()) == D(2021, 4, 9)
        assert response_deadline(recommended_case(received=D(2021, 3, 29))) == D(2021, 4, 13)

    def test_the_rule_in_force_and_its_confidence(self) -> None:
        book = DEFAULT_DEADLINE_RULES
        assert book.rule_for(D(2016, 5, 1)).citation.confidence is Confidence.SURE
        assert book.rule_for(D(2021, 5, 1)).id == "deadline.2017"
        current = book.rule_for(D(2024, 5, 1))
        assert current.citation.confidence is Confidence.UNVERIFIED
        assert "Nghị định 99/2005" in current.citation.document
        with pytest.raises(NoApplicableRule):
            book.rule_for(D(2004, 12, 31))

    def test_working_days_use_the_holiday_calendar(self) -> None:
        rule = DeadlineRule(
            "deadline.2023",
            EffectivePeriod(D(2023, 7, 1)),
            15,
            DayCount.WORKING,
            Citation("user's reading", confidence=Confidence.UNVERIFIED),
        )
        book = DEFAULT_DEADLINE_RULES.replace(rule)
        # received the Friday before Tết 2024 (Tết holiday 8–14 February)
        expected = working_day_calendar().add_working_days(D(2024, 2, 2), 15)
        assert rule.deadline(D(2024, 2, 2)) == expected
        assert expected > D(2024, 2, 2) + dt.timedelta(days=21)
        case = (
            new_case(D(2024, 1, 2))
            .supervise(D(2024, 1, 3))
            .conclude(D(2024, 1, 20), violation=True)
            .recommend(D(2024, 2, 2))
        )
        assert response_deadline(case, rulebook=book) == expected

    def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(self) -> None:
        rule = DEFAULT_DEADLINE_RULES.rule_for(D(2022, 1, 20))
        # 20/01/2022 + 15 days = 04/02/2022, the last day of the Tết holiday
        assert rule.deadline(D(2022, 1, 20)) == D(2022, 2, 7)
        assert attrs.evolve(rule, roll=False).deadline(D(2022, 1, 20)) == D(2022, 2, 4)
        # before the calendar's years only weekends move it: 01/01/2011 + 15 = Sunday 16/01
        old = DEFAULT_DEADLINE_RULES.rule_for(D(2011, 1, 1))
        assert old.deadline(D(2011, 1, 1)) == D(2011, 1, 17)

    def test_replace_an_unknown_rule(self) -> None:
        rule = DeadlineRule(
            "nope", EffectivePeriod(D(2023, 7, 1)), 30, DayCount.CALENDAR, Citation("x")
        )
        with pytest.raises(InputError, match=r"deadline\.2023"):
            DEFAULT_DEADLINE_RULES.replace(rule)

    def test_overdue_lists_unanswered_cases_most_late_first(self) -> None:
        cases = load_cases(CASES_CSV)
        late = overdue(cases, on=D(2022, 1, 15))
        assert [o.case.id for o in late] == ["HN-2021-011", "HN-2021-003", "HN-2021-007"]
        # received 26/11 + 15 days is Saturday 11/12: the deadline moves to Monday 13/12
        assert late[-1].deadline == D(2021, 12, 13)
        assert late[-1].days_late == 33
        assert late[0].to_dict()["authority"] == "Giám đốc Sở Xây dựng"

    def test_an_answer_on_the_deadline_day_is_in_time(self) -> None:
        case = recommended_case()
        assert overdue([case], on=D(2021, 4, 9)) == []
        assert len(overdue([case], on=D(2021, 4, 10))) == 1
        # answered later: overdue on 10 April, not once answered
        answered = case.answer(D(2021, 4, 20), Answer.ACCEPTED)
        assert len(overdue([answered], on=D(2021, 4, 10))) == 1
        assert overdue([answered], on=D(2021, 4, 21)) == []

    def test_escalated_and_not_yet_received_cases_are_not_listed(self) -> None:
        assert overdue([recommended_case().escalate(D(2021, 4, 15))], on=D(2021, 5, 1)) == []
        assert overdue([recommended_case(received=D(2021, 4, 2))], on=D(2021, 3, 30)) == []

    def test_a_custom_rulebook(self) -> None:
        rule = DeadlineRule(
            "mine", EffectivePeriod(D(2000, 1, 1)), 60, DayCount.CALENDAR, Citation("x")
        )
        assert (
            overdue([recommended_case()], on=D(2021, 5, 1), rulebook=DeadlineRulebook((rule,)))
            == []
        )

    def test_on_must_be_a_date(self) -> None:
        with pytest.raises(InputError):
            overdue([], on="2022-01-15")  # type: ignore[arg-type]


def _deadline_by_hand(received: dt.date, days: int, count: DayCount, roll: bool) -> dt.date:
    """The deadline counted day by day against the shipped calendar (the 0.1 arithmetic)."""
    cal = working_day_calendar()
    start, end = cal.coverage
    if count is DayCount.WORKING:
        d, left = received, days
        while left:
            d += dt.timedelta(days=1)
            if d > end:
                raise AssertionError("outside the calendar")
            left -= cal.is_working_day(d)
        return d
    d = received + dt.timedelta(days=days)
    if not roll:
        return d
    if start <= d <= end:
        while not cal.is_working_day(d):
            d += dt.timedelta(days=1)
        return d
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


@given(
    received=st.dates(D(2015, 1, 1), D(2030, 12, 31)),
    days=st.integers(1, 60),
    count=st.sampled_from(DayCount),
    roll=st.booleans(),
)
def test_a_deadline_is_counted_as_the_civil_code_counts(
    received: dt.date, days: int, count: DayCount, roll: bool
) -> None:
    """DeadlineRule.deadline (through qcdc.dates) gives the day counted by hand: the day of
    receipt not counted, a day off moving a calendar-day deadline to the next working day
    (weekends only outside the calendar's years)."""
    cal = working_day_calendar()
    rule = DeadlineRule("r", EffectivePeriod(D(1900, 1, 1)), days, count, Citation("x"), roll=roll)
    if count is DayCount.WORKING and received < cal.coverage[0]:
        with pytest.raises(OutOfCoverage):
            rule.deadline(received)
        return
    assume(count is DayCount.CALENDAR or received + dt.timedelta(days=3 * days) < cal.coverage[1])
    assert rule.deadline(received) == _deadline_by_hand(received, days, count, roll)
