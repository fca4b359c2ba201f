"""Cases of qcdc.inspection and their lifecycle."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from qcdc.errors import (
    IllegalTransition,
    InputError,
)
from qcdc.inspection import (
    TRANSITIONS,
    Answer,
    CaseState,
    InspectionCase,
    Origin,
    Recommendation,
    Step,
    Subject,
)

D = dt.date


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


class TestInspectionCase:
    def test_full_lifecycle_returns_new_cases(self) -> None:
        opened = new_case()
        sent = recommended_case()
        done = sent.answer(D(2021, 4, 5), Answer.ACCEPTED).resolve(D(2021, 4, 20))
        assert opened.state is CaseState.OPENED and len(opened.history) == 1
        assert sent.state is CaseState.RECOMMENDATION_SENT
        assert [s.state for s in done.history] == [
            CaseState.OPENED,
            CaseState.UNDER_SUPERVISION,
            CaseState.VIOLATION_FOUND,
            CaseState.RECOMMENDATION_SENT,
            CaseState.ACCEPTED,
            CaseState.RESOLVED,
        ]
        assert done.recommendation == Recommendation("UBND phường", "Xử lý", None)
        assert done.opened == D(2021, 3, 1) and done.updated == D(2021, 4, 20)
        assert done.allowed == frozenset()

    def test_escalation_after_a_rejection(self) -> None:
        case = recommended_case().answer(D(2021, 4, 1), Answer.REJECTED)
        case = case.escalate(D(2021, 4, 3), to="Chủ tịch UBND quận").resolve(D(2021, 5, 1))
        assert case.escalated_to == "Chủ tịch UBND quận"
        assert case.state is CaseState.RESOLVED

    def test_recommendation_without_violation_is_allowed(self) -> None:
        case = new_case().supervise(D(2021, 3, 2)).conclude(D(2021, 3, 3), violation=False)
        assert CaseState.RECOMMENDATION_SENT in case.allowed
        case = case.recommend(D(2021, 3, 4))
        assert case.recommendation == Recommendation()

    def test_illegal_transition_names_both_states(self) -> None:
        with pytest.raises(IllegalTransition) as info:
            new_case().resolve(D(2021, 3, 5))
        assert info.value.from_state is CaseState.OPENED
        assert info.value.to_state is CaseState.RESOLVED
        assert "opened" in str(info.value) and "resolved" in str(info.value)
        assert isinstance(info.value, ValueError)

    def test_dates_never_go_backwards(self) -> None:
        case = new_case().supervise(D(2021, 3, 10))
        with pytest.raises(IllegalTransition) as info:
            case.conclude(D(2021, 3, 9), violation=True)
        assert info.value.from_state is CaseState.UNDER_SUPERVISION
        assert info.value.to_state is CaseState.VIOLATION_FOUND
        assert "2021-03-09" in str(info.value) and "backwards" in str(info.value)
        assert case.conclude(D(2021, 3, 10), violation=True).updated == D(2021, 3, 10)

    def test_recommendation_details_only_with_a_recommendation(self) -> None:
        with pytest.raises(IllegalTransition):
            new_case().transition(CaseState.UNDER_SUPERVISION, D(2021, 3, 2), authority="UBND")
        with pytest.raises(IllegalTransition):
            new_case().transition(CaseState.UNDER_SUPERVISION, D(2021, 3, 2), escalated_to="X")

    def test_received_before_sent_is_an_illegal_transition(self) -> None:
        with pytest.raises(IllegalTransition, match="received"):
            recommended_case(received=D(2021, 3, 24))

    def test_bad_arguments(self) -> None:
        with pytest.raises(InputError):
            new_case().transition("resolved", D(2021, 3, 2))  # type: ignore[arg-type]
        with pytest.raises(InputError):
            new_case().transition(CaseState.UNDER_SUPERVISION, "2021-03-02")  # type: ignore[arg-type]
        with pytest.raises(InputError):
            recommended_case().answer(D(2021, 4, 1), "accepted")  # type: ignore[arg-type]

    def test_history_is_validated_on_construction(self) -> None:
        with pytest.raises(InputError):
            InspectionCase("X", "B", Subject.LAND, Origin.PETITION, ())
        with pytest.raises(IllegalTransition):
            InspectionCase(
                "X", "B", Subject.LAND, Origin.PETITION, (Step(CaseState.RESOLVED, D(2021, 1, 1)),)
            )
        with pytest.raises(IllegalTransition):
            InspectionCase(
                "X",
                "B",
                Subject.LAND,
                Origin.PETITION,
                (
                    Step(CaseState.OPENED, D(2021, 1, 2)),
                    Step(CaseState.UNDER_SUPERVISION, D(2021, 1, 1)),
                ),
            )
        with pytest.raises(InputError):
            InspectionCase("X", "B", Subject.LAND, Origin.PETITION, ("opened",))  # type: ignore[arg-type]

    def test_cross_field_rules(self) -> None:
        history = (Step(CaseState.OPENED, D(2021, 1, 1)),)
        with pytest.raises(InputError) as info:
            InspectionCase(
                "X", "B", "land", "petition", history, recommendation=Recommendation("A")
            )
        assert info.value.field == "recommendation"
        with pytest.raises(InputError) as info:
            InspectionCase("X", "B", "land", "petition", history, escalated_to="Huyện")
        assert info.value.field == "escalated_to"
        answered = recommended_case().answer(D(2021, 3, 26), Answer.ACCEPTED)
        with pytest.raises(InputError) as info:
            attrs.evolve(answered, recommendation=Recommendation("A", None, D(2021, 3, 28)))
        assert info.value.field == "recommendation.received"

    def test_subject_and_origin_take_names_or_vietnamese_labels(self) -> None:
        case = InspectionCase.open(
            "X", board="B", subject="Đất đai", origin="kế hoạch của Ban", on=D(2021, 1, 1)
        )
        assert (case.subject, case.origin) == (Subject.LAND, Origin.OWN_PLAN)
        with pytest.raises(InputError) as info:
            InspectionCase.open(
                "X", board="B", subject="weather", origin="petition", on=D(2021, 1, 1)
            )
        assert info.value.field == "subject"
        with pytest.raises(InputError) as info:
            InspectionCase.open("X", board="B", subject="land", origin="rumour", on=D(2021, 1, 1))
        assert info.value.field == "origin"
        with pytest.raises(InputError):
            InspectionCase.open(" ", board="B", subject="land", origin="petition", on=D(2021, 1, 1))

    def test_queries_by_date(self) -> None:
        case = recommended_case()
        assert case.state_on(D(2021, 2, 1)) is None
        assert case.state_on(D(2021, 3, 5)) is CaseState.UNDER_SUPERVISION
        assert case.date_of(CaseState.VIOLATION_FOUND) == D(2021, 3, 20)
        assert case.date_of(CaseState.RESOLVED) is None
        assert case.reached(CaseState.VIOLATION_FOUND)
        assert not case.reached(CaseState.VIOLATION_FOUND, by=D(2021, 3, 19))

    def test_from_dates_orders_the_states(self) -> None:
        case = InspectionCase.from_dates(
            "X",
            board="B",
            subject="land",
            origin="petition",
            dates={
                CaseState.RESOLVED: D(2021, 5, 1),
                CaseState.ESCALATED: D(2021, 4, 1),
                CaseState.OPENED: D(2021, 1, 1),
                CaseState.UNDER_SUPERVISION: D(2021, 1, 1),
                CaseState.VIOLATION_FOUND: D(2021, 2, 1),
                CaseState.RECOMMENDATION_SENT: D(2021, 3, 1),
            },
        )
        assert case.state is CaseState.RESOLVED
        assert case.history[-2].state is CaseState.ESCALATED
        with pytest.raises(InputError) as info:
            InspectionCase.from_dates("X", board="B", subject="land", origin="petition", dates={})
        assert info.value.field == "opened"

    def test_the_transition_table_is_acyclic_and_in_enum_order(self) -> None:
        order = list(CaseState)
        for state, nexts in TRANSITIONS.items():
            assert all(order.index(n) > order.index(state) for n in nexts)
        assert set(TRANSITIONS) == set(CaseState)
        assert CaseState.ACCEPTED.is_answer and not CaseState.ESCALATED.is_answer
        assert CaseState.OPENED.vietnamese == "tiếp nhận" and str(CaseState.OPENED) == "opened"
