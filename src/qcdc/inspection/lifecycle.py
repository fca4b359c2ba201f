"""The lifecycle of a case: its states, the transition table, the authority's answers,
the dated steps of a history and the rules a history follows.

:data:`TRANSITIONS` maps each :class:`CaseState` to the states a case may go to next;
the graph has no cycles, and a history's dates never go backwards.  The case itself,
which changes only through these transitions, is :class:`~qcdc.inspection.InspectionCase`.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Mapping

import attrs

from qcdc.errors import IllegalTransition, InputError

__all__ = ["TRANSITIONS", "Answer", "CaseState", "Step"]


class CaseState(enum.Enum):
    """Where a case is.  Values are the CSV column names of the dated transitions."""

    OPENED = "opened"
    UNDER_SUPERVISION = "under_supervision"
    NO_VIOLATION = "no_violation"
    VIOLATION_FOUND = "violation_found"
    RECOMMENDATION_SENT = "recommendation_sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PARTLY_ACCEPTED = "partly_accepted"
    ESCALATED = "escalated"
    RESOLVED = "resolved"

    def __str__(self) -> str:
        return self.value

    @property
    def vietnamese(self) -> str:
        return _STATE_VI[self]

    @property
    def is_answer(self) -> bool:
        return self in _ANSWERS


_STATE_VI = {
    CaseState.OPENED: "tiếp nhận",
    CaseState.UNDER_SUPERVISION: "đang giám sát",
    CaseState.NO_VIOLATION: "kết luận không có vi phạm",
    CaseState.VIOLATION_FOUND: "kết luận có dấu hiệu vi phạm",
    CaseState.RECOMMENDATION_SENT: "đã kiến nghị",
    CaseState.ACCEPTED: "kiến nghị được chấp nhận",
    CaseState.REJECTED: "kiến nghị không được chấp nhận",
    CaseState.PARTLY_ACCEPTED: "kiến nghị được chấp nhận một phần",
    CaseState.RESOLVED: "đã giải quyết",
    CaseState.ESCALATED: "kiến nghị lên cấp trên",
}
_ANSWERS = frozenset({CaseState.ACCEPTED, CaseState.REJECTED, CaseState.PARTLY_ACCEPTED})

TRANSITIONS: Mapping[CaseState, frozenset[CaseState]] = {
    CaseState.OPENED: frozenset({CaseState.UNDER_SUPERVISION}),
    CaseState.UNDER_SUPERVISION: frozenset({CaseState.NO_VIOLATION, CaseState.VIOLATION_FOUND}),
    # boards also recommend improvements where they found no violation
    CaseState.NO_VIOLATION: frozenset({CaseState.RECOMMENDATION_SENT}),
    CaseState.VIOLATION_FOUND: frozenset({CaseState.RECOMMENDATION_SENT}),
    CaseState.RECOMMENDATION_SENT: frozenset({*_ANSWERS, CaseState.ESCALATED}),
    CaseState.ACCEPTED: frozenset({CaseState.RESOLVED, CaseState.ESCALATED}),
    CaseState.REJECTED: frozenset({CaseState.RESOLVED, CaseState.ESCALATED}),
    CaseState.PARTLY_ACCEPTED: frozenset({CaseState.RESOLVED, CaseState.ESCALATED}),
    CaseState.ESCALATED: frozenset({CaseState.RESOLVED}),
    CaseState.RESOLVED: frozenset(),
}
"""The lifecycle: state → the states a case may go to next.  The graph has no cycles,
so a case visits each state at most once."""

_RANK = {s: i for i, s in enumerate(CaseState)}
# CaseState lists the states in an order compatible with every transition (a
# topological order), so sorting the states a case visited by _RANK gives its path.


class Answer(enum.Enum):
    """The authority's answer to a recommendation."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PARTLY = "partly"

    @property
    def state(self) -> CaseState:
        return _ANSWER_STATE[self]


_ANSWER_STATE = {
    Answer.ACCEPTED: CaseState.ACCEPTED,
    Answer.REJECTED: CaseState.REJECTED,
    Answer.PARTLY: CaseState.PARTLY_ACCEPTED,
}


@attrs.frozen
class Step:
    """One dated state of a case's history."""

    state: CaseState = attrs.field(validator=attrs.validators.instance_of(CaseState))
    on: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))


# bit flags of the stages a tally counts
_SUP, _VIOL, _REC, _RES = 1, 2, 4, 8
_STATE_FLAG = {
    CaseState.UNDER_SUPERVISION: _SUP,
    CaseState.VIOLATION_FOUND: _VIOL,
    CaseState.RECOMMENDATION_SENT: _REC,
    CaseState.RESOLVED: _RES,
}


def _check_history(history: tuple[Step, ...]) -> None:
    if not history:
        raise InputError("a case needs at least its opening step", field="history")
    first = history[0]
    if first.state is not CaseState.OPENED:
        raise IllegalTransition(
            "nothing", first.state, reason="a case's history must start with 'opened'"
        )
    for prev, step in itertools.pairwise(history):
        _check_step(prev, step.state, step.on)


def _check_step(prev: Step, to: CaseState, on: dt.date) -> None:
    if to not in TRANSITIONS[prev.state]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[prev.state])) or "none (final)"
        raise IllegalTransition(prev.state, to, reason=f"allowed next states: {allowed}")
    if on < prev.on:
        raise IllegalTransition(
            prev.state,
            to,
            reason=f"date {on.isoformat()} is before the case's last step "
            f"({prev.state} on {prev.on.isoformat()}); dates never go backwards",
        )
