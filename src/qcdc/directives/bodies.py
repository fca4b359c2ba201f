"""Bodies and steering committees: who issues documents, who sits on a Ban Chỉ đạo, when it meets.

A :class:`Body` is a named organ (Thành ủy, UBND, HĐND, Ban Dân vận, Ủy ban MTTQ …)
with the abbreviation it puts in document numbers; a :class:`SteeringCommittee` is a
Ban Chỉ đạo with its chair, standing agency, members (:class:`Member`) and recurring
meetings (:class:`MeetingSchedule`, a dateutil ``rrule``).

>>> Body("Thành ủy Hà Nội", BodyKind.PARTY_COMMITTEE, "tu", unit_code="01").abbreviation
'TU'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs
from dateutil.rrule import rrule, rrulestr

from qcdc.dates import Period
from qcdc.directives.document_numbers import _GROUP, canonical_issuer
from qcdc.errors import InputError
from qcdc.text import clean
from qcdc.units import AdministrativeUnit, GazetteerLike, UnitLevel

__all__ = [
    "Body",
    "BodyKind",
    "Meeting",
    "MeetingSchedule",
    "Member",
    "MemberRole",
    "SteeringCommittee",
]


class BodyKind(enum.Enum):
    """What kind of organ a :class:`Body` is (Vietnamese label as value)."""

    PARTY_COMMITTEE = "cấp ủy Đảng"
    PARTY_COMMISSION = "ban của cấp ủy Đảng"
    PEOPLES_COUNCIL = "Hội đồng nhân dân"
    PEOPLES_COMMITTEE = "Ủy ban nhân dân"
    FATHERLAND_FRONT = "Ủy ban Mặt trận Tổ quốc Việt Nam"
    MASS_ORGANISATION = "tổ chức chính trị - xã hội"
    STEERING_COMMITTEE = "Ban Chỉ đạo"
    NATIONAL_ASSEMBLY = "Quốc hội"
    NA_STANDING_COMMITTEE = "Ủy ban Thường vụ Quốc hội"
    GOVERNMENT = "Chính phủ"
    PRIME_MINISTER = "Thủ tướng Chính phủ"
    MINISTRY = "Bộ, cơ quan ngang bộ"
    SPECIALISED_AGENCY = "cơ quan chuyên môn"
    OTHER = "khác"

    @property
    def vietnamese(self) -> str:
        return self.value


def _abbreviation(value: str) -> str:
    if not isinstance(value, str) or not all(_GROUP.match(p) for p in value.split("-")):
        raise InputError(
            f"abbreviation must be letters and digits such as UBND or BDVTU, got {value!r}",
            field="abbreviation",
        )
    return "-".join(canonical_issuer(p) for p in value.split("-"))


def _unit_code(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        raise InputError(
            f"unit_code must be a unit code of digits (e.g. '01'), got {value!r}",
            field="unit_code",
        )
    if len(value) not in (2, 3, 5):
        raise InputError(
            f"unit_code must be 2, 3 or 5 digits wide, got {value!r}", field="unit_code"
        )
    return value


def _name(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"a name must be a non-empty string, got {value!r}", field="name")
    return clean(value)


@attrs.frozen
class Body:
    """A named organ: Thành ủy, UBND, HĐND, Ban Dân vận, Ủy ban MTTQ, a steering committee …

    ``abbreviation`` is what it puts in document numbers (``TU``, ``UBND``,
    ``BDVTU``); ``unit_code`` ties a territorial body to a unit of the gazetteer.

    >>> Body("Thành ủy Hà Nội", BodyKind.PARTY_COMMITTEE, "tu", unit_code="01").abbreviation
    'TU'
    """

    name: str = attrs.field(converter=_name)
    kind: BodyKind = attrs.field(validator=attrs.validators.instance_of(BodyKind))
    abbreviation: str = attrs.field(converter=_abbreviation)
    unit_code: str | None = attrs.field(default=None, converter=_unit_code)

    @property
    def is_territorial(self) -> bool:
        return self.unit_code is not None

    def unit(self, gazetteer: GazetteerLike, *, on: dt.date) -> AdministrativeUnit:
        """The administrative unit the body serves, as of ``on``."""
        if self.unit_code is None:
            raise InputError(f"{self.name} is not tied to a unit", field="unit_code")
        return gazetteer.lookup(self.unit_code, on=on)

    def __str__(self) -> str:
        return self.name


class MemberRole(enum.Enum):
    """Roles in a steering committee."""

    CHAIR = "Trưởng ban"
    STANDING_DEPUTY = "Phó Trưởng ban Thường trực"
    DEPUTY = "Phó Trưởng ban"
    MEMBER = "Thành viên"
    SECRETARY = "Thư ký"


@attrs.frozen
class Member:
    """A person on a committee: name, role, their post and the body they come from."""

    name: str = attrs.field(converter=_name)
    role: MemberRole = attrs.field(validator=attrs.validators.instance_of(MemberRole))
    position: str = attrs.field(default="", converter=clean)
    body: Body | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Body))
    )


def _rule_text(value: str | rrule) -> str:
    text = str(value) if isinstance(value, rrule) else value
    if not isinstance(text, str):
        raise InputError(f"rule must be an RRULE string or a dateutil rrule, got {value!r}")
    try:
        parsed = rrulestr(text)
    except (ValueError, TypeError) as exc:
        raise InputError(f"not a valid RRULE: {exc}", field="rule") from None
    if not isinstance(parsed, rrule):
        raise InputError("give one RRULE (with DTSTART), not a rule set", field="rule")
    return text


@attrs.frozen
class Meeting:
    """One scheduled meeting: its date and the schedule's name."""

    date: dt.date
    name: str


@attrs.frozen
class MeetingSchedule:
    """A recurring meeting ("quarterly briefing", "annual review in December").

    ``rule`` is an RFC 5545 RRULE with its DTSTART, or a ``dateutil.rrule.rrule``
    (kept as its text so the schedule stays frozen and hashable).

    >>> from dateutil.rrule import rrule, MONTHLY
    >>> s = MeetingSchedule("Giao ban quý", rrule(MONTHLY, interval=3,
    ...     dtstart=dt.datetime(2022, 3, 25), bymonthday=25))
    >>> year = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    >>> [m.date.isoformat() for m in s.meetings(between=year)]
    ['2022-03-25', '2022-06-25', '2022-09-25', '2022-12-25']
    """

    name: str = attrs.field(converter=_name)
    rule: str = attrs.field(converter=_rule_text)

    def rrule(self) -> rrule:
        parsed = rrulestr(self.rule)
        assert isinstance(parsed, rrule)
        return parsed

    def meetings(self, *, between: tuple[dt.date, dt.date]) -> list[Meeting]:
        """The meetings from ``between[0]`` to ``between[1]``, both included."""
        a, b = _between(between)
        start = dt.datetime.combine(a, dt.time.min)
        stop = dt.datetime.combine(b, dt.time.max)
        return [Meeting(x.date(), self.name) for x in self.rrule().between(start, stop, inc=True)]


def _between(between: tuple[dt.date, dt.date] | Period) -> tuple[dt.date, dt.date]:
    if isinstance(between, Period):
        return between.start, between.end
    try:
        a, b = between
    except (TypeError, ValueError):
        raise InputError("between must be a (start, end) pair of dates", field="between") from None
    if not isinstance(a, dt.date) or not isinstance(b, dt.date):
        raise InputError("between must be a (start, end) pair of dates", field="between")
    if b < a:
        raise InputError(f"between ends ({b}) before it starts ({a})", field="between")
    return a, b


def _check_committee(
    instance: SteeringCommittee, attribute: attrs.Attribute[Any], value: object
) -> None:
    if instance.chair.role is not MemberRole.CHAIR:
        raise InputError("the chair must have the role CHAIR", field="chair")
    if any(m.role is MemberRole.CHAIR for m in instance.members):
        raise InputError("only the chair may have the role CHAIR", field="members")
    if instance.body.kind is not BodyKind.STEERING_COMMITTEE:
        raise InputError("body must be of kind STEERING_COMMITTEE", field="body")


def _members(value: Iterable[Member]) -> tuple[Member, ...]:
    return tuple(value)


def _schedules(value: Iterable[MeetingSchedule]) -> tuple[MeetingSchedule, ...]:
    return tuple(value)


@attrs.frozen
class SteeringCommittee:
    """A Ban Chỉ đạo: its body, level and unit, chair, standing agency, members, schedules."""

    body: Body = attrs.field(validator=attrs.validators.instance_of(Body))
    level: UnitLevel = attrs.field(validator=attrs.validators.instance_of(UnitLevel))
    chair: Member = attrs.field(validator=attrs.validators.instance_of(Member))
    standing_agency: Body = attrs.field(validator=attrs.validators.instance_of(Body))
    members: tuple[Member, ...] = attrs.field(default=(), converter=_members)
    schedules: tuple[MeetingSchedule, ...] = attrs.field(
        default=(), converter=_schedules, validator=_check_committee
    )

    @property
    def unit_code(self) -> str | None:
        return self.body.unit_code

    @property
    def everyone(self) -> tuple[Member, ...]:
        """The chair followed by the other members."""
        return (self.chair, *self.members)

    def meetings(self, *, between: tuple[dt.date, dt.date] | Period) -> list[Meeting]:
        """Every scheduled meeting in the span (both ends included), in date order."""
        a, b = _between(between)
        found = [m for s in self.schedules for m in s.meetings(between=(a, b))]
        return sorted(found, key=lambda m: (m.date, m.name))

    def with_schedule(self, schedule: MeetingSchedule) -> SteeringCommittee:
        return attrs.evolve(self, schedules=(*self.schedules, schedule))
