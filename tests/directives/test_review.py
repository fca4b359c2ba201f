"""The Hà Nội 2021 review conference (qcdc.directives.review).

The tasks exist once, in ``qcdc/directives/data/tasks/hanoi-2021.toml``; the expected
values below are written out by hand (as the module spelled them before it read the
file), so the test compares the shipped file with an independent statement of it.
"""

from __future__ import annotations

import datetime as dt

from qcdc.citations import Citation, Confidence
from qcdc.dates import Deadline, Period
from qcdc.directives import (
    Body,
    BodyKind,
    Directive,
    DocumentNumber,
    Member,
    MemberRole,
    ReviewConference,
    SteeringCommittee,
    Task,
    hanoi_2021_review,
    hanoi_2021_tasks,
)
from qcdc.units import UnitLevel

_TASK_TEXTS = (
    "Tiếp tục đổi mới công tác tuyên truyền, phổ biến các văn bản về thực hiện "
    "Quy chế dân chủ ở cơ sở",
    "Tăng cường sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền và Mặt trận Tổ quốc",
    "Gắn thực hiện Quy chế dân chủ ở cơ sở với nhiệm vụ chính trị của Thành phố, "
    "trọng tâm là mục tiêu kép vừa phòng, chống dịch Covid-19 vừa phát triển kinh tế",
    "Đưa việc kiểm tra thí điểm chính quyền đô thị ở phường vào kế hoạch kiểm tra năm 2022",
    "Mặt trận Tổ quốc và các đoàn thể phối hợp với cơ quan thường trực là Ban Dân vận Thành ủy",
)


def _expected() -> ReviewConference:
    city_committee = Body("Thành ủy Hà Nội", BodyKind.PARTY_COMMITTEE, "TU", unit_code="01")
    standing = Body(
        "Ban Dân vận Thành ủy Hà Nội", BodyKind.PARTY_COMMISSION, "BDVTU", unit_code="01"
    )
    front = Body(
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội",
        BodyKind.FATHERLAND_FRONT,
        "MTTQ",
        unit_code="01",
    )
    body = Body(
        "Ban Chỉ đạo xây dựng và thực hiện Quy chế dân chủ ở cơ sở thành phố Hà Nội",
        BodyKind.STEERING_COMMITTEE,
        "BCĐ",
        unit_code="01",
    )
    committee = SteeringCommittee(
        body=body,
        level=UnitLevel.PROVINCE,
        chair=Member(
            "Nguyễn Thị Tuyến",
            MemberRole.CHAIR,
            position="Phó Bí thư Thường trực Thành ủy Hà Nội",
            body=city_committee,
        ),
        standing_agency=standing,
    )
    held = dt.date(2021, 12, 17)
    conclusions = Directive(
        number=None,
        issuer=body,
        issued=held,
        title="Kết luận hội nghị tổng kết thực hiện Quy chế dân chủ ở cơ sở năm 2021",
    )
    year_2022 = Deadline.end_of(Period.for_year(2022))
    tasks = tuple(
        Task(conclusions, front if i == 4 else body, text, year_2022)
        for i, text in enumerate(_TASK_TEXTS)
    )
    return ReviewConference(
        committee=committee,
        held=held,
        conclusions=conclusions,
        documents_cited=(DocumentNumber.parse("04-CTr/TU"), DocumentNumber.parse("2200-QĐ/TU")),
        tasks=tasks,
        citation=Citation(
            "Gắn thực hiện quy chế dân chủ ở cơ sở với các nhiệm vụ chính trị trọng tâm của "
            "Thành phố",
            url="https://hanoi.gov.vn",
            confidence=Confidence.LIKELY,
            note="hanoi.gov.vn article on the conference of the afternoon of 17/12/2021 "
            "(FACTS.md §0)",
        ),
    )


def test_hanoi_2021_review_is_what_the_sources_say() -> None:
    expected = _expected()
    review = hanoi_2021_review()
    assert review == expected
    assert repr(review) == repr(expected)


def test_hanoi_2021_tasks_are_the_review_tasks() -> None:
    expected = _expected().tasks
    assert hanoi_2021_tasks() == expected
    assert repr(hanoi_2021_tasks()) == repr(expected)
    assert [str(t.due) for t in hanoi_2021_tasks()] == [str(t.due) for t in expected]
    assert hanoi_2021_tasks() is hanoi_2021_review().tasks
