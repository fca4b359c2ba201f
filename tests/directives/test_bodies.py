"""Bodies and steering committees (qcdc.directives.bodies)."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.rrule import MONTHLY, YEARLY, rrule

from qcdc.dates import Period
from qcdc.directives import (
    Body,
    BodyKind,
    MeetingSchedule,
    Member,
    MemberRole,
    SteeringCommittee,
    hanoi_2021_review,
)
from qcdc.errors import InputError
from qcdc.units import UnitLevel


def _body(name: str = "Ủy ban nhân dân thành phố Hà Nội") -> Body:
    return Body(name, BodyKind.PEOPLES_COMMITTEE, "ubnd", unit_code="01")


def test_body_canonicalises_and_validates() -> None:
    b = _body("  Ủy ban   nhân dân ")
    assert b.name == "Ủy ban nhân dân"
    assert b.abbreviation == "UBND"
    assert b.is_territorial
    assert str(b) == "Ủy ban nhân dân"
    assert BodyKind.STEERING_COMMITTEE.vietnamese == "Ban Chỉ đạo"
    with pytest.raises(InputError, match="abbreviation"):
        Body("X", BodyKind.OTHER, "Ủy ban")
    with pytest.raises(InputError, match="unit_code"):
        Body("X", BodyKind.OTHER, "X", unit_code="1")
    with pytest.raises(InputError, match="unit_code"):
        Body("X", BodyKind.OTHER, "X", unit_code="ab")
    with pytest.raises(InputError, match="name"):
        Body("  ", BodyKind.OTHER, "X")


class _FakeGazetteer:
    def __init__(self) -> None:
        self.asked: list[tuple[str, dt.date]] = []

    def lookup(self, code: str, *, on: dt.date) -> object:
        self.asked.append((code, on))
        return f"unit {code}"


def test_body_unit_asks_the_gazetteer() -> None:
    g = _FakeGazetteer()
    assert _body().unit(g, on=dt.date(2021, 12, 17)) == "unit 01"  # type: ignore[arg-type, comparison-overlap]
    assert g.asked == [("01", dt.date(2021, 12, 17))]
    with pytest.raises(InputError):
        Body("Chính phủ", BodyKind.GOVERNMENT, "CP").unit(g, on=dt.date(2021, 1, 1))  # type: ignore[arg-type]


def test_steering_committee_meetings() -> None:
    review = hanoi_2021_review()
    quarterly = MeetingSchedule(
        "Giao ban quý",
        rrule(MONTHLY, interval=3, bymonthday=25, dtstart=dt.datetime(2022, 3, 25)),
    )
    annual = MeetingSchedule("Tổng kết năm", "DTSTART:20211217T000000\nRRULE:FREQ=YEARLY")
    c = review.committee.with_schedule(quarterly).with_schedule(annual)
    got = c.meetings(between=(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    assert [(m.date.isoformat(), m.name) for m in got] == [
        ("2022-03-25", "Giao ban quý"),
        ("2022-06-25", "Giao ban quý"),
        ("2022-09-25", "Giao ban quý"),
        ("2022-12-17", "Tổng kết năm"),
        ("2022-12-25", "Giao ban quý"),
    ]
    assert c.meetings(between=Period.for_year(2022)) == got
    assert isinstance(annual.rrule(), rrule)
    assert annual.rrule()._freq == YEARLY
    assert c.everyone[0].name == "Nguyễn Thị Tuyến"
    assert c.unit_code == "01"


def test_meeting_schedule_and_between_errors() -> None:
    with pytest.raises(InputError, match="RRULE"):
        MeetingSchedule("x", "FREQ=SOMETIMES")
    with pytest.raises(InputError, match="rule set"):
        MeetingSchedule("x", "DTSTART:20220101T000000\nRRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY")
    with pytest.raises(InputError):
        MeetingSchedule("x", 5)  # type: ignore[arg-type]
    s = MeetingSchedule("x", "DTSTART:20220101T000000\nRRULE:FREQ=DAILY;COUNT=3")
    with pytest.raises(InputError, match="before it starts"):
        s.meetings(between=(dt.date(2022, 2, 1), dt.date(2022, 1, 1)))
    with pytest.raises(InputError, match="pair"):
        s.meetings(between=(dt.date(2022, 2, 1),))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="pair"):
        s.meetings(between=("a", "b"))  # type: ignore[arg-type]


def test_committee_rules() -> None:
    c = hanoi_2021_review().committee
    member = Member("A", MemberRole.MEMBER)
    with pytest.raises(InputError, match="chair"):
        SteeringCommittee(c.body, UnitLevel.PROVINCE, member, c.standing_agency)
    with pytest.raises(InputError, match="only the chair"):
        SteeringCommittee(c.body, UnitLevel.PROVINCE, c.chair, c.standing_agency, (c.chair,))
    with pytest.raises(InputError, match="STEERING_COMMITTEE"):
        SteeringCommittee(_body(), UnitLevel.PROVINCE, c.chair, c.standing_agency)
