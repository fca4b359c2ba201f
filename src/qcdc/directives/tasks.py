"""Directives and their tasks: what a document sets, who must do it, by when, and how far it got.

A :class:`Directive` is a document that sets work; a :class:`Task` is one piece of that
work, with its assignee, a :class:`~qcdc.dates.Deadline` and a dated lifecycle
(:class:`TaskStatus`, :data:`TRANSITIONS`, :class:`StatusChange`).  :func:`overdue`,
:func:`due_between`, :func:`progress_by_assignee` and :func:`progress_by_directive`
query tasks for an explicit date (:class:`Progress` holds the counts).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from dateutil.rrule import rrulestr

from qcdc.dates import Deadline, Period, WorkingDayCalendar
from qcdc.directives.bodies import Body, _between, _name, _rule_text
from qcdc.directives.document_numbers import DocumentKind, DocumentNumber
from qcdc.errors import IllegalTransition, InputError
from qcdc.text import clean

__all__ = [
    "TRANSITIONS",
    "Directive",
    "Progress",
    "StatusChange",
    "Task",
    "TaskStatus",
    "due_between",
    "overdue",
    "progress_by_assignee",
    "progress_by_directive",
]


def _numbers(value: Iterable[DocumentNumber | str]) -> tuple[DocumentNumber, ...]:
    return tuple(v if isinstance(v, DocumentNumber) else DocumentNumber.parse(v) for v in value)


def _optional_number(value: DocumentNumber | str | None) -> DocumentNumber | None:
    if value is None or isinstance(value, DocumentNumber):
        return value
    return DocumentNumber.parse(value)


@attrs.frozen
class Directive:
    """A document that sets work: its number, kind, issuer, date, title, and what it replaces.

    ``number`` may be ``None`` for a conference's conclusions that carry none.
    ``kind`` defaults to the kind the number shows; give it for numbers that do
    not show one (``10/2022/QH15`` is a Luật).
    """

    number: DocumentNumber | None = attrs.field(converter=_optional_number)
    issuer: Body = attrs.field(validator=attrs.validators.instance_of(Body))
    issued: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    title: str = attrs.field(converter=_name)
    kind: DocumentKind | None = attrs.field(
        validator=attrs.validators.optional(attrs.validators.instance_of(DocumentKind))
    )
    supersedes: tuple[DocumentNumber, ...] = attrs.field(default=(), converter=_numbers)
    amends: tuple[DocumentNumber, ...] = attrs.field(default=(), converter=_numbers)

    @kind.default
    def _kind_from_number(self) -> DocumentKind | None:
        return None if self.number is None else self.number.kind

    @property
    def label(self) -> str:
        """``"Quyết định 2200-QĐ/TU"``, or the title when there is no number."""
        if self.number is None:
            return self.title
        word = self.kind.name if self.kind is not None else "Văn bản"
        return f"{word} {self.number}"

    def __str__(self) -> str:
        return self.label


class TaskStatus(enum.Enum):
    """The lifecycle of a task: assigned → in progress → done | cancelled."""

    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS)


TRANSITIONS: Mapping[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.ASSIGNED: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.DONE, TaskStatus.CANCELLED}),
    TaskStatus.DONE: frozenset(),
    TaskStatus.CANCELLED: frozenset(),
}


@attrs.frozen
class StatusChange:
    """One dated step of a task's lifecycle."""

    status: TaskStatus = attrs.field(validator=attrs.validators.instance_of(TaskStatus))
    on: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    note: str = attrs.field(default="", converter=clean)


def _history(value: Iterable[StatusChange]) -> tuple[StatusChange, ...]:
    return tuple(value)


def _check_task(instance: Task, attribute: attrs.Attribute[Any], value: object) -> None:
    issued = instance.directive.issued
    if instance.assigned < issued:
        raise InputError(
            f"a task cannot be assigned ({instance.assigned}) before its directive "
            f"was issued ({issued})",
            field="assigned",
        )
    due = instance.due
    fixed = due.date if due.date is not None else (due.period.end if due.period else None)
    if fixed is not None and fixed < issued:
        raise InputError(
            f"a task cannot be due ({fixed}) before its directive was issued ({issued})",
            field="due",
        )
    state, last = TaskStatus.ASSIGNED, instance.assigned
    for i, change in enumerate(instance.history):
        if change.status not in TRANSITIONS[state]:
            raise IllegalTransition(
                state.value, change.status.value, reason=f"history[{i}] is not allowed"
            )
        if change.on < last:
            raise IllegalTransition(
                state.value,
                change.status.value,
                reason=f"history[{i}] on {change.on} goes back before {last}",
            )
        state, last = change.status, change.on
    if instance.recurrence is not None:
        _rule_text(instance.recurrence)


@attrs.frozen
class Task:
    """A task set by a directive (or a conference), with its assignee, due date and lifecycle.

    ``due`` is a :class:`~qcdc.dates.Deadline`: an absolute date, a number of
    days / working days / months counted from ``assigned``, or the end of a
    period.  ``history`` holds the dated status changes after the assignment;
    change it only through :meth:`start`, :meth:`complete` and :meth:`cancel`,
    which return a new task and raise :class:`~qcdc.errors.IllegalTransition`
    for a move the lifecycle does not allow or a date before the last one.
    """

    directive: Directive = attrs.field(validator=attrs.validators.instance_of(Directive))
    assignee: Body = attrs.field(validator=attrs.validators.instance_of(Body))
    description: str = attrs.field(converter=_name)
    due: Deadline = attrs.field(validator=attrs.validators.instance_of(Deadline))
    assigned: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    recurrence: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    history: tuple[StatusChange, ...] = attrs.field(
        default=(), converter=_history, validator=_check_task
    )

    @assigned.default
    def _assigned_default(self) -> dt.date:
        return self.directive.issued

    # -- lifecycle ------------------------------------------------------------------

    @property
    def status(self) -> TaskStatus:
        return self.history[-1].status if self.history else TaskStatus.ASSIGNED

    def status_on(self, *, on: dt.date) -> TaskStatus:
        """The status as it stood at the end of ``on`` (ASSIGNED from the assignment)."""
        state = TaskStatus.ASSIGNED
        for change in self.history:
            if change.on > on:
                break
            state = change.status
        return state

    def transition(self, to: TaskStatus, *, on: dt.date, note: str = "") -> Task:
        """A copy with one more status change; the lifecycle table decides."""
        if not isinstance(to, TaskStatus):
            raise IllegalTransition(self.status.value, to, reason="not a TaskStatus")
        if to not in TRANSITIONS[self.status]:
            allowed = ", ".join(sorted(s.value for s in TRANSITIONS[self.status])) or "nothing"
            raise IllegalTransition(
                self.status.value, to.value, reason=f"from {self.status.value} only {allowed}"
            )
        last = self.history[-1].on if self.history else self.assigned
        if on < last:
            raise IllegalTransition(
                self.status.value, to.value, reason=f"{on} is before the last change ({last})"
            )
        return attrs.evolve(self, history=(*self.history, StatusChange(to, on, note)))

    def start(self, *, on: dt.date, note: str = "") -> Task:
        """The task, in progress from ``on``."""
        return self.transition(TaskStatus.IN_PROGRESS, on=on, note=note)

    def complete(self, *, on: dt.date, note: str = "") -> Task:
        """The task, done on ``on``."""
        return self.transition(TaskStatus.DONE, on=on, note=note)

    def cancel(self, *, on: dt.date, reason: str = "") -> Task:
        """The task, cancelled on ``on`` for ``reason``."""
        return self.transition(TaskStatus.CANCELLED, on=on, note=reason)

    # -- dates -------------------------------------------------------------------

    def due_date(self, calendar: WorkingDayCalendar | None = None) -> dt.date:
        """The due date (relative deadlines count from ``assigned``)."""
        return self.due.resolve(self.assigned, calendar)

    @property
    def completed_on(self) -> dt.date | None:
        return self.history[-1].on if self.status is TaskStatus.DONE else None

    def done_late(self, calendar: WorkingDayCalendar | None = None) -> bool:
        """Whether the task was reported done after its due date."""
        done = self.completed_on
        return done is not None and done > self.due_date(calendar)

    def is_overdue(self, *, on: dt.date, calendar: WorkingDayCalendar | None = None) -> bool:
        """Open at the end of ``on`` and past its due date (the due date itself is in time)."""
        return self.status_on(on=on).is_open and on > self.due_date(calendar)

    def due_dates(self, *, between: tuple[dt.date, dt.date] | Period) -> list[dt.date]:
        """Occurrences of a recurring task (e.g. a quarterly report) in the span."""
        a, b = _between(between)
        if self.recurrence is None:
            d = self.due_date()
            return [d] if a <= d <= b else []
        rule = rrulestr(self.recurrence)
        start = dt.datetime.combine(a, dt.time.min)
        stop = dt.datetime.combine(b, dt.time.max)
        return [x.date() for x in rule.between(start, stop, inc=True)]


def overdue(
    tasks: Iterable[Task], *, on: dt.date, calendar: WorkingDayCalendar | None = None
) -> list[Task]:
    """The tasks still open at the end of ``on`` whose due date has passed."""
    if not isinstance(on, dt.date):
        raise InputError(f"on must be a date, got {on!r}", field="on")
    return [t for t in tasks if t.is_overdue(on=on, calendar=calendar)]


def due_between(
    tasks: Iterable[Task],
    start: dt.date,
    end: dt.date,
    *,
    calendar: WorkingDayCalendar | None = None,
) -> list[Task]:
    """The tasks due from ``start`` to ``end`` (both included), by due date."""
    a, b = _between((start, end))
    found = [t for t in tasks if a <= t.due_date(calendar) <= b]
    return sorted(found, key=lambda t: t.due_date(calendar))


def _check_progress(instance: Progress, attribute: attrs.Attribute[Any], value: object) -> None:
    p = instance
    if not 0 <= p.done_on_time <= p.done <= p.total:
        raise InputError("progress must have done_on_time <= done <= total", field="done")
    if p.done + p.cancelled + p.open != p.total:
        raise InputError("progress must have done + cancelled + open == total", field="total")
    if not 0 <= p.overdue <= p.open:
        raise InputError("progress must have overdue <= open", field="overdue")


@attrs.frozen
class Progress:
    """Counts of tasks as of a date: total, done (on time), cancelled, open, overdue."""

    total: int
    done: int
    done_on_time: int
    cancelled: int
    open: int
    overdue: int = attrs.field(validator=_check_progress)

    @property
    def on_time_rate(self) -> float | None:
        """Share of the done tasks that were done by their due date (``None`` if none done)."""
        return self.done_on_time / self.done if self.done else None

    @property
    def completion_rate(self) -> float | None:
        """Share of the tasks not cancelled that are done (``None`` if there are none)."""
        live = self.total - self.cancelled
        return self.done / live if live else None


def _progress(tasks: Sequence[Task], on: dt.date, calendar: WorkingDayCalendar | None) -> Progress:
    done = on_time = cancelled = open_ = late = 0
    for t in tasks:
        state = t.status_on(on=on)
        if state is TaskStatus.DONE:
            done += 1
            finished = next(c.on for c in t.history if c.status is TaskStatus.DONE)
            if finished <= t.due_date(calendar):
                on_time += 1
        elif state is TaskStatus.CANCELLED:
            cancelled += 1
        else:
            open_ += 1
            if on > t.due_date(calendar):
                late += 1
    return Progress(len(tasks), done, on_time, cancelled, open_, late)


def progress_by_assignee(
    tasks: Iterable[Task], *, on: dt.date, calendar: WorkingDayCalendar | None = None
) -> dict[Body, Progress]:
    """Progress of each assignee's tasks as of ``on``."""
    groups: dict[Body, list[Task]] = {}
    for t in tasks:
        groups.setdefault(t.assignee, []).append(t)
    return {body: _progress(ts, on, calendar) for body, ts in groups.items()}


def progress_by_directive(
    tasks: Iterable[Task], *, on: dt.date, calendar: WorkingDayCalendar | None = None
) -> dict[Directive, Progress]:
    """Progress of each directive's tasks as of ``on``."""
    groups: dict[Directive, list[Task]] = {}
    for t in tasks:
        groups.setdefault(t.directive, []).append(t)
    return {d: _progress(ts, on, calendar) for d, ts in groups.items()}
