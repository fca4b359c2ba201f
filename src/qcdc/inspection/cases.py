"""Cases a board takes up (vụ việc), the recommendations they lead to, and the 0.1 path
of every name of the pillar.

An :class:`InspectionCase` moves through the explicit transition table of
:mod:`qcdc.inspection.lifecycle`; each step returns a new case:

>>> import datetime as dt
>>> case = InspectionCase.open("HN-1", board="BTTND-00004", subject=Subject.LAND,
...                            origin=Origin.PETITION, on=dt.date(2021, 3, 1), unit="00004")
>>> case = case.supervise(dt.date(2021, 3, 2)).conclude(dt.date(2021, 3, 20), violation=True)
>>> case = case.recommend(dt.date(2021, 3, 25), authority="UBND phường")
>>> case.state, response_deadline(case)
(<CaseState.RECOMMENDATION_SENT: 'recommendation_sent'>, datetime.date(2021, 4, 9))
>>> tally([case], 2021)
CaseTally(supervised=1, violations=1, recommended=1, resolved=0)

Until 0.2 this module held the whole pillar; it now holds the cases only, and
re-exports every name its ``__all__`` listed then from the module of its concept
(boards, board rules, the lifecycle, deadlines, tallies, roll-ups), so that
``from qcdc.inspection.cases import CaseTally`` keeps working.  Import them from
:mod:`qcdc.inspection`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from qcdc.errors import IllegalTransition, InputError
from qcdc.inspection._fields import nonblank_text, opt_text, opt_unit_code
from qcdc.inspection.board_rules import (
    DEFAULT_BOARD_RULES,
    BoardRule,
    BoardRulebook,
    LeadershipRule,
    MemberCountRule,
    MinimumStaffRule,
    OnePerHamletRule,
    PopulationSizeRule,
    ResidentRepresentativesRule,
    SizeBand,
    TermRule,
)
from qcdc.inspection.boards import (
    BoardMember,
    InspectionBoard,
    InvestmentSupervisionBoard,
    SupervisionMember,
)
from qcdc.inspection.deadlines import (
    DEFAULT_DEADLINE_RULES,
    DayCount,
    DeadlineRule,
    DeadlineRulebook,
    OverdueCase,
    overdue,
    response_deadline,
)
from qcdc.inspection.kinds import (
    _ORIGIN_KEYS,
    _SUBJECT_KEYS,
    BoardKind,
    Constituency,
    Origin,
    Role,
    Subject,
    Terrain,
    _parse_enum,
)
from qcdc.inspection.lifecycle import (
    _RANK,
    _REC,
    _STATE_FLAG,
    TRANSITIONS,
    Answer,
    CaseState,
    Step,
    _check_history,
    _check_step,
)
from qcdc.inspection.rollup import Rollup, RollupError, rollup
from qcdc.inspection.tallies import (
    CaseTally,
    ProjectTally,
    compare,
    tallies_to_pandas,
    tally,
    tally_by_unit,
)

__all__ = [
    "DEFAULT_BOARD_RULES",
    "DEFAULT_DEADLINE_RULES",
    "TRANSITIONS",
    "Answer",
    "BoardKind",
    "BoardMember",
    "BoardRule",
    "BoardRulebook",
    "CaseState",
    "CaseTally",
    "Constituency",
    "DayCount",
    "DeadlineRule",
    "DeadlineRulebook",
    "InspectionBoard",
    "InspectionCase",
    "InvestmentSupervisionBoard",
    "LeadershipRule",
    "MemberCountRule",
    "MinimumStaffRule",
    "OnePerHamletRule",
    "Origin",
    "OverdueCase",
    "PopulationSizeRule",
    "ProjectTally",
    "Recommendation",
    "ResidentRepresentativesRule",
    "Role",
    "Rollup",
    "RollupError",
    "SizeBand",
    "Step",
    "Subject",
    "SupervisionMember",
    "TermRule",
    "Terrain",
    "compare",
    "overdue",
    "response_deadline",
    "rollup",
    "tallies_to_pandas",
    "tally",
    "tally_by_unit",
]


@attrs.frozen
class Recommendation:
    """What the board recommended (kiến nghị), to whom, and when the authority received it.

    The date it was *sent* is the date of the case's ``recommendation_sent`` step.  A case
    that reached that step always has a recommendation (all fields ``None`` when nothing
    is known of it); a case that did not has none.
    """

    authority: str | None = attrs.field(default=None, converter=opt_text)
    text: str | None = attrs.field(default=None, converter=opt_text)
    received: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(dt.date))
    )


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(value)


def _history_validator(
    instance: InspectionCase, attribute: attrs.Attribute[Any], value: tuple[Step, ...]
) -> None:
    if not all(isinstance(s, Step) for s in value):
        raise InputError("history must hold Step values", field="history")
    _check_history(value)


def _case_validator(instance: InspectionCase, attribute: attrs.Attribute[Any], value: Any) -> None:
    # runs on the last field: cross-field rules
    c = instance
    states = {s.state: s.on for s in c.history}
    sent = states.get(CaseState.RECOMMENDATION_SENT)
    if c.recommendation is not None:
        if sent is None:
            raise InputError(
                "a recommendation is given but the case never reached recommendation_sent",
                field="recommendation",
            )
        received = c.recommendation.received
        if received is not None:
            if received < sent:
                raise InputError(
                    f"received ({received}) must not be before the recommendation was sent "
                    f"({sent})",
                    field="recommendation.received",
                )
            later = [s for s in c.history if _RANK[s.state] > _RANK[CaseState.RECOMMENDATION_SENT]]
            if later and later[0].state.is_answer and later[0].on < received:
                raise InputError(
                    f"received ({received}) must not be after the answer ({later[0].on})",
                    field="recommendation.received",
                )
    if c.escalated_to is not None and CaseState.ESCALATED not in states:
        raise InputError(
            "escalated_to is given but the case was never escalated", field="escalated_to"
        )


def _to_subject(value: Subject | str) -> Subject:
    if isinstance(value, Subject):
        return value
    found: Subject = _parse_enum(_SUBJECT_KEYS, value, "subject")
    return found


def _to_origin(value: Origin | str) -> Origin:
    if isinstance(value, Origin):
        return value
    found: Origin = _parse_enum(_ORIGIN_KEYS, value, "origin")
    return found


@attrs.frozen
class InspectionCase:
    """A case (vụ việc) a board takes up, with its dated history.

    Change it only through the transition methods (:meth:`supervise`, :meth:`conclude`,
    :meth:`recommend`, :meth:`answer`, :meth:`resolve`, :meth:`escalate`, or the generic
    :meth:`transition`); each returns a new case.  An illegal transition, or one dated
    before the last step, raises :class:`~qcdc.errors.IllegalTransition` naming both
    states.  ``unit`` is the code of the commune-level unit of the board, as of the date
    the case records refer to.
    """

    id: str = attrs.field(converter=nonblank_text)
    board: str = attrs.field(converter=nonblank_text)
    subject: Subject = attrs.field(converter=_to_subject)
    origin: Origin = attrs.field(converter=_to_origin)
    history: tuple[Step, ...] = attrs.field(converter=_steps, validator=_history_validator)
    unit: str | None = attrs.field(default=None, converter=opt_unit_code)
    recommendation: Recommendation | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(Recommendation)),
    )
    escalated_to: str | None = attrs.field(
        default=None, converter=opt_text, validator=_case_validator
    )
    # derived from history, for fast tallies: stages reached (bit flags), and the
    # ordinals of the first and last step's dates
    _flags: int = attrs.field(init=False, eq=False, repr=False, hash=False)
    _first: int = attrs.field(init=False, eq=False, repr=False, hash=False)
    _last: int = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        flags = 0
        for s in self.history:
            flags |= _STATE_FLAG.get(s.state, 0)
        object.__setattr__(self, "_flags", flags)
        object.__setattr__(self, "_first", self.history[0].on.toordinal())
        object.__setattr__(self, "_last", self.history[-1].on.toordinal())
        # a case that sent a recommendation always has one, even if nothing is known of it
        if flags & _REC and self.recommendation is None:
            object.__setattr__(self, "recommendation", Recommendation())

    # --- construction ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        id: str,
        *,
        board: str,
        subject: Subject | str,
        origin: Origin | str,
        on: dt.date,
        unit: str | None = None,
    ) -> InspectionCase:
        """A new case in state ``opened`` on ``on``."""
        return cls(id, board, subject, origin, (Step(CaseState.OPENED, on),), unit=unit)

    @classmethod
    def from_dates(
        cls,
        id: str,
        *,
        board: str,
        subject: Subject | str,
        origin: Origin | str,
        dates: Mapping[CaseState, dt.date],
        unit: str | None = None,
        recommendation: Recommendation | None = None,
        escalated_to: str | None = None,
    ) -> InspectionCase:
        """A case from the date it entered each state it visited (one date per state).

        The states are put in lifecycle order and checked against :data:`TRANSITIONS`;
        a state that cannot follow the previous one, or a date before the previous one,
        raises :class:`~qcdc.errors.IllegalTransition` (its ``to_state`` is the state).
        """
        if CaseState.OPENED not in dates:
            raise InputError("a case needs the date it was opened", field="opened")
        history = tuple(Step(state, dates[state]) for state in sorted(dates, key=_RANK.__getitem__))
        return cls(
            id,
            board,
            subject,
            origin,
            history,
            unit=unit,
            recommendation=recommendation,
            escalated_to=escalated_to,
        )

    # --- queries --------------------------------------------------------------------

    @property
    def state(self) -> CaseState:
        return self.history[-1].state

    @property
    def opened(self) -> dt.date:
        return self.history[0].on

    @property
    def updated(self) -> dt.date:
        """The date of the last step."""
        return self.history[-1].on

    def date_of(self, state: CaseState) -> dt.date | None:
        """When the case entered ``state`` (``None`` if it never did)."""
        for s in self.history:
            if s.state is state:
                return s.on
        return None

    def state_on(self, on: dt.date) -> CaseState | None:
        """The state on a date (``None`` before the case was opened)."""
        current = None
        for s in self.history:
            if s.on > on:
                break
            current = s.state
        return current

    def reached(self, state: CaseState, *, by: dt.date | None = None) -> bool:
        """Whether the case entered ``state`` (on or before ``by``, if given)."""
        when = self.date_of(state)
        return when is not None and (by is None or when <= by)

    @property
    def allowed(self) -> frozenset[CaseState]:
        """The states the case may go to next."""
        return TRANSITIONS[self.state]

    # --- transitions ----------------------------------------------------------------

    def transition(
        self,
        to: CaseState,
        on: dt.date,
        *,
        authority: str | None = None,
        text: str | None = None,
        received: dt.date | None = None,
        escalated_to: str | None = None,
    ) -> InspectionCase:
        """The case after moving to ``to`` on ``on``.

        ``authority``, ``text`` and ``received`` describe a recommendation and are only
        accepted with ``to=RECOMMENDATION_SENT``; ``escalated_to`` only with ``ESCALATED``.
        """
        if not isinstance(to, CaseState):
            raise InputError(f"state must be a CaseState, got {to!r}", field="to")
        if not isinstance(on, dt.date):
            raise InputError(f"date must be a datetime.date, got {on!r}", field="on")
        _check_step(self.history[-1], to, on)
        recommendation = self.recommendation
        given = (authority, text, received)
        if to is CaseState.RECOMMENDATION_SENT:
            recommendation = Recommendation(authority, text, received)
        elif any(v is not None for v in given):
            raise IllegalTransition(
                self.state, to, reason="authority, text and received describe a recommendation"
            )
        if escalated_to is not None and to is not CaseState.ESCALATED:
            raise IllegalTransition(self.state, to, reason="escalated_to is only for escalated")
        try:
            return attrs.evolve(
                self,
                history=(*self.history, Step(to, on)),
                recommendation=recommendation,
                escalated_to=escalated_to if to is CaseState.ESCALATED else self.escalated_to,
            )
        except InputError as exc:
            raise IllegalTransition(self.state, to, reason=exc.reason) from None

    def supervise(self, on: dt.date) -> InspectionCase:
        """opened → under supervision."""
        return self.transition(CaseState.UNDER_SUPERVISION, on)

    def conclude(self, on: dt.date, *, violation: bool) -> InspectionCase:
        """under supervision → no violation | signs of violation."""
        to = CaseState.VIOLATION_FOUND if violation else CaseState.NO_VIOLATION
        return self.transition(to, on)

    def recommend(
        self,
        on: dt.date,
        *,
        authority: str | None = None,
        text: str | None = None,
        received: dt.date | None = None,
    ) -> InspectionCase:
        """concluded → recommendation sent (to ``authority``, received on ``received``)."""
        return self.transition(
            CaseState.RECOMMENDATION_SENT, on, authority=authority, text=text, received=received
        )

    def answer(self, on: dt.date, outcome: Answer) -> InspectionCase:
        """recommendation sent → accepted | rejected | partly accepted."""
        if not isinstance(outcome, Answer):
            raise InputError(f"outcome must be an Answer, got {outcome!r}", field="outcome")
        return self.transition(outcome.state, on)

    def resolve(self, on: dt.date) -> InspectionCase:
        """answered or escalated → resolved."""
        return self.transition(CaseState.RESOLVED, on)

    def escalate(self, on: dt.date, *, to: str | None = None) -> InspectionCase:
        """recommendation sent or answered → escalated (to a higher authority ``to``)."""
        return self.transition(CaseState.ESCALATED, on, escalated_to=to)

    def _flags_by(self, as_of: dt.date) -> int:
        if self.history[-1].on <= as_of:
            return self._flags
        flags = 0
        for s in self.history:
            if s.on > as_of:
                break
            flags |= _STATE_FLAG.get(s.state, 0)
        return flags
