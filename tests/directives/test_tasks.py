"""Directives and tasks (qcdc.directives.tasks): lifecycle, deadlines, queries by date."""

from __future__ import annotations

import datetime as dt

import pytest

from qcdc.dates import Deadline, Period, WorkingDayCalendar
from qcdc.directives import (
    Body,
    BodyKind,
    Directive,
    DocumentNumber,
    Progress,
    StatusChange,
    Task,
    TaskStatus,
    due_between,
    overdue,
    progress_by_assignee,
    progress_by_directive,
)
from qcdc.errors import IllegalTransition, InputError


def _body(name: str = "Ủy ban nhân dân thành phố Hà Nội") -> Body:
    return Body(name, BodyKind.PEOPLES_COMMITTEE, "ubnd", unit_code="01")


ISSUED = dt.date(2022, 3, 1)


def _directive() -> Directive:
    return Directive("05/KH-UBND", _body(), ISSUED, "Kế hoạch thực hiện QCDC năm 2022")


def test_directive_kind_and_label() -> None:
    x = _directive()
    assert x.kind is not None and x.kind.code == "KH"
    assert x.label == "Kế hoạch 05/KH-UBND" == str(x)
    law = Directive(
        "10/2022/QH15",
        Body("Quốc hội", BodyKind.NATIONAL_ASSEMBLY, "QH15"),
        dt.date(2022, 11, 10),
        "Luật Thực hiện dân chủ ở cơ sở",
        kind=None,
        supersedes=["34/2007/PL-UBTVQH11"],
    )
    assert law.label == "Văn bản 10/2022/QH15"
    assert law.supersedes == (DocumentNumber.parse("34/2007/PL-UBTVQH11"),)
    untitled = Directive(None, _body(), ISSUED, "Kết luận hội nghị")
    assert untitled.label == "Kết luận hội nghị"


def _task(due: Deadline | None = None) -> Task:
    return Task(_directive(), _body(), "Tổ chức hội nghị", due or Deadline.on(dt.date(2022, 6, 30)))


def test_task_lifecycle() -> None:
    t = _task()
    assert t.status is TaskStatus.ASSIGNED
    assert t.assigned == ISSUED
    t2 = t.start(on=dt.date(2022, 3, 10)).complete(on=dt.date(2022, 7, 5), note="báo cáo")
    assert t2.status is TaskStatus.DONE
    assert t2.completed_on == dt.date(2022, 7, 5)
    assert t2.done_late()
    assert t2.status_on(on=dt.date(2022, 3, 9)) is TaskStatus.ASSIGNED
    assert t2.status_on(on=dt.date(2022, 3, 10)) is TaskStatus.IN_PROGRESS
    assert t.cancel(on=ISSUED, reason="không còn phù hợp").status is TaskStatus.CANCELLED
    assert not t.done_late()
    assert t.completed_on is None


@pytest.mark.parametrize(
    ("steps", "reason"),
    [
        ([("complete", (2022, 4, 1)), ("start", (2022, 4, 2))], "from done only nothing"),
        ([("cancel", (2022, 4, 1)), ("complete", (2022, 4, 2))], "from cancelled"),
        ([("start", (2022, 4, 1)), ("complete", (2022, 3, 30))], "before the last change"),
        ([("start", (2022, 2, 1))], "before the last change"),
    ],
)
def test_illegal_transitions(steps: list[tuple[str, tuple[int, int, int]]], reason: str) -> None:
    t = _task()
    *ok, (last, when) = steps
    for name, ymd in ok:
        t = getattr(t, name)(on=dt.date(*ymd))
    with pytest.raises(IllegalTransition, match=reason):
        getattr(t, last)(on=dt.date(*when))


def test_transition_needs_a_status() -> None:
    with pytest.raises(IllegalTransition, match="TaskStatus"):
        _task().transition("done", on=ISSUED)  # type: ignore[arg-type]


def test_task_history_is_checked_on_construction() -> None:
    bad = (
        StatusChange(TaskStatus.DONE, ISSUED),
        StatusChange(TaskStatus.IN_PROGRESS, ISSUED),
    )
    with pytest.raises(IllegalTransition):
        Task(_directive(), _body(), "x", Deadline.days(5), history=bad)
    back = (StatusChange(TaskStatus.DONE, dt.date(2022, 1, 1)),)
    with pytest.raises(IllegalTransition, match="goes back"):
        Task(_directive(), _body(), "x", Deadline.days(5), history=back)


def test_task_dates_must_follow_the_directive() -> None:
    with pytest.raises(InputError, match="due"):
        _task(Deadline.on(dt.date(2022, 1, 1)))
    with pytest.raises(InputError, match="due"):
        _task(Deadline.end_of(Period.for_year(2021)))
    with pytest.raises(InputError, match="assigned"):
        Task(_directive(), _body(), "x", Deadline.days(5), dt.date(2022, 1, 1))
    with pytest.raises(InputError, match="RRULE"):
        Task(_directive(), _body(), "x", Deadline.days(5), recurrence="FREQ=NEVER")


def test_relative_deadlines_resolve_against_the_assignment() -> None:
    assert _task(Deadline.working_days(15)).due_date() == dt.date(2022, 3, 22)
    assert _task(Deadline.days(14)).due_date() == dt.date(2022, 3, 15)
    # 01/05/2022 is a Sunday; 02/05 and 03/05 are days in lieu for 30/4 and 1/5
    assert _task(Deadline.months(2)).due_date() == dt.date(2022, 5, 4)
    cal = WorkingDayCalendar.from_days([], start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
    assert _task(Deadline.months(2)).due_date(cal) == dt.date(2022, 5, 2)


def test_recurring_task_due_dates() -> None:
    t = Task(
        _directive(),
        _body(),
        "Báo cáo quý",
        Deadline.end_of(Period.for_year(2022)),
        recurrence="DTSTART:20220331T000000\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
    )
    got = t.due_dates(between=Period.for_year(2022))
    assert got == [
        dt.date(2022, 3, 31),
        dt.date(2022, 6, 30),
        dt.date(2022, 9, 30),
        dt.date(2022, 12, 31),
    ]
    assert _task().due_dates(between=Period.for_year(2022)) == [dt.date(2022, 6, 30)]
    assert _task().due_dates(between=Period.for_year(2023)) == []


def test_queries_overdue_due_between_progress() -> None:
    a = _task(Deadline.on(dt.date(2022, 6, 30)))
    b = _task(Deadline.on(dt.date(2022, 4, 15))).complete(on=dt.date(2022, 4, 10))
    c = (
        _task(Deadline.on(dt.date(2022, 5, 31)))
        .start(on=dt.date(2022, 3, 5))
        .complete(on=dt.date(2022, 6, 10))
    )
    e = _task(Deadline.on(dt.date(2022, 5, 1))).cancel(on=dt.date(2022, 3, 20))
    tasks = [a, b, c, e]
    assert overdue(tasks, on=dt.date(2022, 6, 30)) == []
    assert overdue(tasks, on=dt.date(2022, 7, 1)) == [a]
    assert overdue(tasks, on=dt.date(2022, 6, 5)) == [c]  # not done yet on 5 June
    assert due_between(tasks, dt.date(2022, 4, 1), dt.date(2022, 5, 31)) == [b, e, c]
    p = progress_by_assignee(tasks, on=dt.date(2022, 7, 1))[_body()]
    assert (p.total, p.done, p.done_on_time, p.cancelled, p.open, p.overdue) == (4, 2, 1, 1, 1, 1)
    assert p.on_time_rate == 0.5
    assert p.completion_rate == pytest.approx(2 / 3)
    by_directive = progress_by_directive(tasks, on=dt.date(2022, 7, 1))
    assert by_directive == {_directive(): p}
    with pytest.raises(InputError):
        overdue(tasks, on="2022-07-01")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        due_between(tasks, dt.date(2022, 5, 1), dt.date(2022, 4, 1))


def test_progress_rules() -> None:
    assert Progress(0, 0, 0, 0, 0, 0).on_time_rate is None
    assert Progress(0, 0, 0, 0, 0, 0).completion_rate is None
    with pytest.raises(InputError):
        Progress(1, 2, 0, 0, 0, 0)
    with pytest.raises(InputError):
        Progress(3, 1, 1, 0, 1, 0)
    with pytest.raises(InputError):
        Progress(1, 0, 0, 0, 1, 2)
