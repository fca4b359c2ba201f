"""The Hà Nội 2021 review conference: the worked example of a review and the tasks it set.

:class:`ReviewConference` holds who held a review, when, what it cited and the tasks
it set; :func:`hanoi_2021_review` is the conference of 17/12/2021 (legal basis §0),
whose tasks are read from the task file shipped with qcdc
(``qcdc/directives/data/tasks/hanoi-2021.toml``; the format is that of
:func:`qcdc.io.load_tasks`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import attrs

from qcdc.citations import Citation, Confidence
from qcdc.directives._toml import embedded_tasks, loads_tasks
from qcdc.directives.bodies import Body, BodyKind, Member, MemberRole, SteeringCommittee
from qcdc.directives.document_numbers import DocumentNumber
from qcdc.directives.tasks import Directive, Task

__all__ = ["ReviewConference", "hanoi_2021_review", "hanoi_2021_tasks"]


def _documents(value: Iterable[DocumentNumber]) -> tuple[DocumentNumber, ...]:
    return tuple(value)


def _tasks(value: Iterable[Task]) -> tuple[Task, ...]:
    return tuple(value)


@attrs.frozen
class ReviewConference:
    """A review conference: who held it, when, what it cited, the tasks it set."""

    committee: SteeringCommittee
    held: dt.date
    conclusions: Directive
    documents_cited: tuple[DocumentNumber, ...] = attrs.field(converter=_documents)
    tasks: tuple[Task, ...] = attrs.field(converter=_tasks)
    citation: Citation


_HANOI_SOURCE = Citation(
    "Gắn thực hiện quy chế dân chủ ở cơ sở với các nhiệm vụ chính trị trọng tâm của Thành phố",
    url="https://hanoi.gov.vn",
    confidence=Confidence.LIKELY,
    note="hanoi.gov.vn article on the conference of the afternoon of 17/12/2021 (legal basis §0)",
)


@functools.lru_cache(maxsize=1)
def hanoi_2021_review() -> ReviewConference:
    """The Hà Nội review conference of 17/12/2021 and the five tasks it set for 2022.

    Sourced from the hanoi.gov.vn article (confidence *likely*).  The article
    gives the tasks for the year 2022 without finer deadlines, so each is due by
    the end of 2022 (31/12/2022).  It names no assignee for tasks 1–4, which are
    therefore the city steering committee's own; task 5 falls to the Fatherland
    Front.  Task wording is paraphrased.  The issuing committee, the conclusions and
    the tasks are those of the embedded task file ``hanoi-2021``.

    >>> from qcdc.directives import overdue
    >>> review = hanoi_2021_review()
    >>> [str(n) for n in review.documents_cited]
    ['04-CTr/TU', '2200-QĐ/TU']
    >>> len(overdue(review.tasks, on=dt.date(2022, 12, 31)))
    0
    >>> len(overdue(review.tasks, on=dt.date(2023, 1, 1)))
    5
    """
    book = loads_tasks(embedded_tasks("hanoi-2021"), name="hanoi-2021 (embedded)")
    (conclusions,) = book.directives
    city_committee = Body("Thành ủy Hà Nội", BodyKind.PARTY_COMMITTEE, "TU", unit_code="01")
    standing = Body(
        "Ban Dân vận Thành ủy Hà Nội", BodyKind.PARTY_COMMISSION, "BDVTU", unit_code="01"
    )
    assert book.level is not None
    committee = SteeringCommittee(
        body=book.issuer,
        level=book.level,
        chair=Member(
            "Nguyễn Thị Tuyến",
            MemberRole.CHAIR,
            position="Phó Bí thư Thường trực Thành ủy Hà Nội",
            body=city_committee,
        ),
        standing_agency=standing,
    )
    return ReviewConference(
        committee=committee,
        held=conclusions.issued,
        conclusions=conclusions,
        documents_cited=(DocumentNumber.parse("04-CTr/TU"), DocumentNumber.parse("2200-QĐ/TU")),
        tasks=book.tasks,
        citation=_HANOI_SOURCE,
    )


def hanoi_2021_tasks() -> tuple[Task, ...]:
    """The five tasks the Hà Nội 2021 review set for 2022 (see :func:`hanoi_2021_review`)."""
    return hanoi_2021_review().tasks
