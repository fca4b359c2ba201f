"""Document numbers, bodies and steering committees, directives and their tasks.

One module per concept: ``document_numbers`` (document kinds and numbers, finding them
in text), ``bodies`` (bodies, steering committees, their meetings), ``tasks``
(directives, tasks and their lifecycle, the queries by date) and ``review`` (the Hà Nội
2021 review conference, the worked example).  Import the names from here.
"""

from __future__ import annotations

from qcdc.directives.bodies import (
    Body,
    BodyKind,
    Meeting,
    MeetingSchedule,
    Member,
    MemberRole,
    SteeringCommittee,
)
from qcdc.directives.document_numbers import (
    ISSUERS,
    LEGAL_KINDS,
    PARTY_KINDS,
    STATE_KINDS,
    SYSTEMS,
    DocumentKind,
    DocumentNumber,
    DocumentNumberMatch,
    canonical_issuer,
    find_document_numbers,
    is_known_issuer,
    issuer_category,
    issuer_name,
)
from qcdc.directives.review import ReviewConference, hanoi_2021_review, hanoi_2021_tasks
from qcdc.directives.tasks import (
    TRANSITIONS,
    Directive,
    Progress,
    StatusChange,
    Task,
    TaskStatus,
    due_between,
    overdue,
    progress_by_assignee,
    progress_by_directive,
)

__all__ = [
    "ISSUERS",
    "LEGAL_KINDS",
    "PARTY_KINDS",
    "STATE_KINDS",
    "SYSTEMS",
    "TRANSITIONS",
    "Body",
    "BodyKind",
    "Directive",
    "DocumentKind",
    "DocumentNumber",
    "DocumentNumberMatch",
    "Meeting",
    "MeetingSchedule",
    "Member",
    "MemberRole",
    "Progress",
    "ReviewConference",
    "StatusChange",
    "SteeringCommittee",
    "Task",
    "TaskStatus",
    "canonical_issuer",
    "due_between",
    "find_document_numbers",
    "hanoi_2021_review",
    "hanoi_2021_tasks",
    "is_known_issuer",
    "issuer_category",
    "issuer_name",
    "overdue",
    "progress_by_assignee",
    "progress_by_directive",
]

from qcdc._hypothesis_plugin import register_loaded as _register_with_hypothesis

_register_with_hypothesis()
