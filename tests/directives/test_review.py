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
    overdue,
    progress_by_directive,
)
from qcdc.directives._toml import embedded_tasks, load_tasks
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
            "(legal basis §0)",
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


def test_hanoi_2021_documents() -> None:
    review = hanoi_2021_review()
    ctr, qd = review.documents_cited
    assert (ctr.system, ctr.number, ctr.kind_code, ctr.issuer_code) == ("party", 4, "CTr", "TU")
    assert (qd.system, qd.number, qd.kind_code, qd.issuer_code) == ("party", 2200, "QĐ", "TU")
    assert review.held == dt.date(2021, 12, 17)
    assert review.committee.level is UnitLevel.PROVINCE
    assert review.committee.standing_agency.abbreviation == "BDVTU"
    assert review.committee.chair.role is MemberRole.CHAIR
    assert review.citation.confidence.value == "likely"


def test_hanoi_2021_tasks_are_due_in_2022() -> None:
    tasks = hanoi_2021_tasks()
    assert len(tasks) == 5
    assert all(t.due_date().year == 2022 for t in tasks)
    assert all(t.directive.issuer.kind is BodyKind.STEERING_COMMITTEE for t in tasks)
    assert tasks[4].assignee.kind is BodyKind.FATHERLAND_FRONT
    assert overdue(tasks, on=dt.date(2022, 12, 31)) == []
    assert overdue(tasks, on=dt.date(2023, 1, 1)) == list(tasks)
    done = [tasks[0].complete(on=dt.date(2022, 11, 30)), *tasks[1:]]
    assert overdue(done, on=dt.date(2023, 1, 1)) == list(tasks[1:])
    progress = progress_by_directive(done, on=dt.date(2023, 1, 1))
    (p,) = progress.values()
    assert (p.total, p.done, p.done_on_time, p.overdue) == (5, 1, 1, 4)


def test_hanoi_file_equals_the_modelled_tasks() -> None:
    """The shipped task file holds the tasks the sources give (written out above)."""
    expected = _expected()
    book = load_tasks(embedded_tasks("hanoi-2021"))
    assert book.tasks == expected.tasks
    assert book.ids == ("1", "2", "3", "4", "5")
    assert book.level is UnitLevel.PROVINCE
    assert book.issuer == expected.committee.body
    assert [d.number for d in book.directives] == [None]
