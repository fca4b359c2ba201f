"""Response deadlines: how long an authority has to answer a board's recommendation, and
the cases whose answer is late.

A :class:`DeadlineRule` counts calendar or working days from receipt through the
working-day calendar of :mod:`qcdc.dates` (:func:`~qcdc.dates.due_in_days`,
:func:`~qcdc.dates.due_in_working_days`); a :class:`DeadlineRulebook` picks the rule
in force on the day of receipt, and :data:`DEFAULT_DEADLINE_RULES` is the one qcdc ships.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.errors import InputError, InvalidDate, NoApplicableRule
from qcdc.inspection._fields import _CURRENT, _HISTORIC, _ND159_START
from qcdc.inspection.lifecycle import CaseState

if TYPE_CHECKING:
    from qcdc.inspection.cases import InspectionCase

__all__ = [
    "DEFAULT_DEADLINE_RULES",
    "DayCount",
    "DeadlineRule",
    "DeadlineRulebook",
    "OverdueCase",
    "overdue",
    "response_deadline",
]


class DayCount(enum.Enum):
    """How a deadline's days are counted."""

    CALENDAR = "calendar"
    WORKING = "working"


@attrs.frozen
class DeadlineRule:
    """The authority answers a recommendation within ``days`` (calendar or working days)
    from receipt; the rule applies to recommendations received within ``period``.

    The day of receipt is not counted.  With ``roll`` (the default) a calendar-day
    deadline that falls on a weekend or public holiday moves to the next working day
    (Bộ luật Dân sự 2015, Điều 148), using the working-day calendar of
    :mod:`qcdc.dates`; outside the years that calendar covers only weekends move it.
    """

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    days: int = attrs.field(validator=[attrs.validators.instance_of(int), attrs.validators.ge(1)])
    count: DayCount = attrs.field(validator=attrs.validators.instance_of(DayCount))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    roll: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def deadline(self, received: dt.date) -> dt.date:
        """The last day on which an answer is in time."""
        # imported here: qcdc.dates (and dateutil) load when a deadline is first counted
        from qcdc.dates import CalendarOutOfRange, due_in_days, due_in_working_days

        if self.count is DayCount.WORKING:
            return due_in_working_days(received, self.days)
        try:
            return due_in_days(received, self.days, roll=self.roll)
        except CalendarOutOfRange:
            # outside the years the calendar covers only weekends move the deadline
            return _after_weekend(due_in_days(received, self.days, roll=False))


def _after_weekend(day: dt.date) -> dt.date:
    """``day``, or the Monday after it when it falls on a weekend."""
    weekday = day.weekday()
    if weekday < 5:
        return day
    try:
        return day + dt.timedelta(days=7 - weekday)
    except OverflowError:
        raise InvalidDate(
            day.isoformat(), "the next working day falls outside the years 1–9999"
        ) from None


def _deadline_rules(value: Iterable[DeadlineRule]) -> tuple[DeadlineRule, ...]:
    return tuple(value)


@attrs.frozen
class DeadlineRulebook:
    """Response-deadline rules by period; :meth:`replace` swaps one (e.g. the unverified one)."""

    rules: tuple[DeadlineRule, ...] = attrs.field(converter=_deadline_rules)

    def rule_for(self, received: dt.date) -> DeadlineRule:
        for r in self.rules:
            if r.period.contains(received):
                return r
        raise NoApplicableRule(
            "the response deadline of a board recommendation",
            received,
            detail="pass a DeadlineRulebook covering that date",
        )

    def replace(self, rule: DeadlineRule) -> DeadlineRulebook:
        """A rulebook where the rule with ``rule.id`` is replaced by ``rule``."""
        if not any(r.id == rule.id for r in self.rules):
            raise InputError(
                f"no deadline rule {rule.id!r}",
                hint="known rules: " + ", ".join(r.id for r in self.rules),
            )
        return DeadlineRulebook(tuple(rule if r.id == rule.id else r for r in self.rules))


_ND99 = "Nghị định 99/2005/NĐ-CP"
_ND99_URL = "https://hiv.com.vn/phap-luat/hoat-dong-giam-sat-cua-ban-thanh-tra-nhan-dan-408939"

DEFAULT_DEADLINE_RULES = DeadlineRulebook(
    (
        DeadlineRule(
            "deadline.2005",
            EffectivePeriod(dt.date(2005, 1, 1), _ND159_START),
            15,
            DayCount.CALENDAR,
            Citation(
                _ND99,
                url=_ND99_URL,
                confidence=Confidence.SURE,
                note="15 days from receipt, then the board may escalate to the district "
                "chairman; the period's start (1 January 2005) is approximate",
            ),
        ),
        DeadlineRule(
            "deadline.2017",
            _HISTORIC,
            15,
            DayCount.CALENDAR,
            Citation(
                _ND99,
                url=_ND99_URL,
                confidence=Confidence.UNVERIFIED,
                note="the 2005 rule carried over to NĐ 159/2016; not verified",
            ),
        ),
        DeadlineRule(
            "deadline.2023",
            _CURRENT,
            15,
            DayCount.CALENDAR,
            Citation(
                _ND99,
                url=_ND99_URL,
                confidence=Confidence.UNVERIFIED,
                note="no deadline found in Law 10/2022/QH15 or NĐ 59/2023 (legal basis, open "
                "question 1); the 2005 rule is used as a default - replace it when known",
            ),
        ),
    )
)
"""15 days from receipt (NĐ 99/2005), marked unverified after 1 February 2017; a last
day that is a day off moves to the next working day."""


def response_deadline(
    case: InspectionCase, *, rulebook: DeadlineRulebook | None = None
) -> dt.date | None:
    """The last day for the authority's answer, or ``None`` if no recommendation was sent.

    Days count from the date the authority received the recommendation; where that is
    not recorded, from the date it was sent (the earlier, stricter reading).
    """
    sent = case.date_of(CaseState.RECOMMENDATION_SENT)
    if sent is None:
        return None
    received = sent
    if case.recommendation is not None and case.recommendation.received is not None:
        received = case.recommendation.received
    book = DEFAULT_DEADLINE_RULES if rulebook is None else rulebook
    return book.rule_for(received).deadline(received)


@attrs.frozen
class OverdueCase:
    """A case whose recommendation is unanswered past its deadline."""

    case: InspectionCase
    deadline: dt.date
    days_late: int
    rule: DeadlineRule

    def to_dict(self) -> dict[str, Any]:
        rec = self.case.recommendation
        return {
            "id": self.case.id,
            "board": self.case.board,
            "unit": self.case.unit,
            "sent": (self.case.date_of(CaseState.RECOMMENDATION_SENT) or self.deadline).isoformat(),
            "authority": rec.authority if rec else None,
            "deadline": self.deadline.isoformat(),
            "days_late": self.days_late,
            "rule": self.rule.id,
            "confidence": self.rule.citation.confidence.value,
        }


def overdue(
    cases: Iterable[InspectionCase], *, on: dt.date, rulebook: DeadlineRulebook | None = None
) -> list[OverdueCase]:
    """The cases that, on ``on``, wait for an answer past their deadline, most late first.

    A case waits for an answer when its state on ``on`` is ``recommendation_sent``
    (a case already escalated is not listed).  An answer on the deadline day is in time.
    """
    if not isinstance(on, dt.date):
        raise InputError(f"on must be a datetime.date, got {on!r}", field="on")
    book = DEFAULT_DEADLINE_RULES if rulebook is None else rulebook
    found = []
    for case in cases:
        if case.state_on(on) is not CaseState.RECOMMENDATION_SENT:
            continue
        sent = case.date_of(CaseState.RECOMMENDATION_SENT)
        assert sent is not None
        received = sent
        if case.recommendation is not None and case.recommendation.received is not None:
            received = case.recommendation.received
        if received > on:
            continue
        rule = book.rule_for(received)
        deadline = rule.deadline(received)
        if on > deadline:
            found.append(OverdueCase(case, deadline, (on - deadline).days, rule))
    found.sort(key=lambda o: (-o.days_late, o.case.id))
    return found
