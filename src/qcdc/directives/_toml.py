"""Task files: the tasks of one review conference or directive, as TOML.

One file holds the body that sets the work (``[committee]`` for a steering
committee, ``[issuer]`` for any other body), the further bodies tasks are given
to (``[bodies.KEY]``), the directives (``[[directives]]``) and the tasks
(``[[tasks]]``)::

    format = 1                       # optional; 1 is the only format so far

    [committee]                      # or [issuer] with a kind
    name = "Ban Chỉ đạo … thành phố Hà Nội"
    abbreviation = "BCĐ"
    unit = "01"                      # optional unit code
    level = "province"               # optional: province, district, commune

    [bodies.front]                   # KEY is what tasks write as assignee
    name = "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội"
    kind = "fatherland_front"        # a BodyKind name (or its Vietnamese label)
    abbreviation = "MTTQ"
    unit = "01"

    [[directives]]                   # issued by the committee / issuer
    number = "2200-QĐ/TU"            # optional: conference conclusions have none
    issued = 2021-12-17
    title = "Kết luận hội nghị …"
    supersedes = []                  # optional document numbers (also amends)

    [[tasks]]
    id = 1                           # a string or an integer, unique in the file
    description = "…"
    assignee = "committee"           # "committee" / "issuer", or a key of [bodies]
    directive = "2200-QĐ/TU"         # the directive's number; left out: the one without
    due = "trong năm 2022"           # a date, or text Deadline.parse understands
    assigned = 2022-01-05            # optional; default: the directive's issue date
    started = 2022-03-01             # optional dated status changes …
    done = 2022-06-30                # … or cancelled = …; { on = …, note = "…" } too
    recurrence = "DTSTART:…\\nRRULE:…" # optional RRULE of a recurring task

Relative deadlines ("30 ngày", "15 ngày làm việc") count from ``assigned``;
a date without a year ("trước ngày 30/6") is read against it.  Every error is an
:class:`~qcdc.errors.InputError` naming the key path (``tasks[3].due``, indexes
from 0) and the line.  :func:`dump_tasks` writes the format back, and
``load_tasks(dump_tasks(book)) == book``.

>>> book = load_tasks(embedded_tasks("hanoi-2021"))
>>> len(book.tasks), book.issuer.abbreviation, book.ids[4]
(5, 'BCĐ', '5')
>>> load_tasks(dump_tasks(book)) == book
True
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from qcdc._files import BadKey, dumps_toml, fail, read_text, structure
from qcdc._files import table as _table
from qcdc.dates import Deadline, DeadlineKind, as_date
from qcdc.directives.bodies import Body, BodyKind
from qcdc.directives.document_numbers import DocumentNumber
from qcdc.directives.tasks import Directive, StatusChange, Task, TaskStatus
from qcdc.errors import InputError, InvalidDate, QcdcError
from qcdc.text import fold
from qcdc.units import UnitLevel

__all__ = ["EMBEDDED", "TaskFile", "dump_tasks", "embedded_tasks", "load_tasks", "loads_tasks"]

EMBEDDED = ("hanoi-2021",)
"""Names of the task files shipped in ``qcdc/directives/data/tasks/``."""

_FORMAT = 1
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_LEVELS = {level.name.lower(): level for level in UnitLevel}
_BODY_KEYS = ("name", "kind", "abbreviation", "unit")
_DIRECTIVE_KEYS = ("number", "issued", "title", "supersedes", "amends")
_TASK_KEYS = (
    "id",
    "description",
    "assignee",
    "directive",
    "due",
    "assigned",
    "started",
    "done",
    "cancelled",
    "recurrence",
)
_CHANGES = {
    "started": TaskStatus.IN_PROGRESS,
    "done": TaskStatus.DONE,
    "cancelled": TaskStatus.CANCELLED,
}
_CHANGE_KEYS = {status: key for key, status in _CHANGES.items()}

Path = tuple[str | int, ...]


# ---------------------------------------------------------------------------------- the value


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _check_book(instance: TaskFile, attribute: attrs.Attribute[Any], value: object) -> None:
    if len(instance.ids) != len(instance.tasks):
        raise InputError(
            f"a task file needs one id per task, got {len(instance.ids)} ids for "
            f"{len(instance.tasks)} tasks",
            field="ids",
        )
    seen: set[str] = set()
    for i, task_id in enumerate(instance.ids):
        if not isinstance(task_id, str) or not task_id.strip():
            raise InputError(f"ids[{i}] must be a non-empty string, got {task_id!r}", field="ids")
        if task_id in seen:
            raise InputError(f"ids[{i}] repeats the id {task_id!r}", field="ids")
        seen.add(task_id)


@attrs.frozen
class TaskFile:
    """The content of a task file: the issuing body, its directives and the tasks with their ids.

    ``tasks`` is a plain tuple of :class:`~qcdc.directives.Task` for
    :func:`~qcdc.directives.overdue` and the other queries; ``ids[i]`` is the id of
    ``tasks[i]``.  Build one from tasks with :meth:`from_tasks`.
    """

    issuer: Body = attrs.field(validator=attrs.validators.instance_of(Body))
    directives: tuple[Directive, ...] = attrs.field(converter=_tuple)
    tasks: tuple[Task, ...] = attrs.field(converter=_tuple)
    ids: tuple[str, ...] = attrs.field(converter=_tuple, validator=_check_book)
    level: UnitLevel | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(UnitLevel))
    )

    @classmethod
    def from_tasks(
        cls,
        tasks: Iterable[Task],
        *,
        ids: Iterable[str] | None = None,
        level: UnitLevel | None = None,
    ) -> TaskFile:
        """Gather tasks into a file; ids default to 1, 2, 3 …; all directives need one issuer."""
        tasks = tuple(tasks)
        directives = list(dict.fromkeys(t.directive for t in tasks))  # in order, once each
        issuers = {d.issuer for d in directives}
        if len(issuers) != 1:
            raise InputError(
                f"a task file holds the directives of one issuer, got {len(issuers)}",
                field="directives",
            )
        ids = tuple(str(i) for i in range(1, len(tasks) + 1)) if ids is None else tuple(ids)
        return cls(issuers.pop(), directives, tasks, ids, level)

    def task(self, task_id: str | int) -> Task:
        """The task with this id."""
        key = str(task_id)
        for i, t in zip(self.ids, self.tasks, strict=True):
            if i == key:
                return t
        raise InputError(f"no task with id {key!r}", field="id", hint="ids: " + ", ".join(self.ids))


# ---------------------------------------------------------------------------------- reading


def _string(table: Mapping[str, Any], key: str, path: Path, *, required: bool = True) -> Any:
    if key not in table:
        if required:
            fail((*path, key), f"missing key {key!r}")
        return None
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        fail((*path, key), f"{key} must be a non-empty string, got {value!r}")
    return value


def _date(table: Mapping[str, Any], key: str, path: Path, *, required: bool = True) -> Any:
    if key not in table:
        if required:
            fail((*path, key), f"missing key {key!r}")
        return None
    value = table[key]
    if isinstance(value, str) and _ISO.fullmatch(value):  # text dates: ISO only, as TOML's
        try:
            return as_date(value, key)
        except InvalidDate:
            fail((*path, key), f"{key} is not a real date: {value!r}")
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        fail((*path, key), f"{key} must be a date such as 2022-06-30, got {value!r}")
    return value


def _body(value: object, path: Path, *, default_kind: BodyKind | None) -> Body:
    table = _table(value, path, _BODY_KEYS)
    name = _string(table, "name", path)
    abbreviation = _string(table, "abbreviation", path)
    unit = table.get("unit")
    if unit is not None and not isinstance(unit, str):
        fail((*path, "unit"), f"unit must be a unit code as a string such as '01', got {unit!r}")
    kind = default_kind
    raw = _string(table, "kind", path, required=default_kind is None)
    if raw is not None:
        kind = _body_kind(raw, (*path, "kind"))
        if default_kind is not None and kind is not default_kind:
            fail(
                (*path, "kind"),
                f"a [committee] is a steering committee, got kind {raw!r}",
                "write the table as [issuer] for another kind of body",
            )
    assert kind is not None
    try:
        return Body(name, kind, abbreviation, unit_code=unit)
    except QcdcError as exc:
        field = getattr(exc, "field", None)
        key = {"unit_code": "unit"}.get(field or "", field or "")
        fail((*path, key) if key in _BODY_KEYS else path, getattr(exc, "reason", str(exc)))


def _body_kind(raw: str, path: Path) -> BodyKind:
    key = fold(raw).replace(" ", "_")
    for kind in BodyKind:
        if key in (kind.name.lower(), fold(kind.value).replace(" ", "_")):
            return kind
    raise BadKey(
        path,
        f"unknown body kind {raw!r}",
        "expected one of " + ", ".join(k.name.lower() for k in BodyKind),
    )


def _number(value: object, path: Path) -> DocumentNumber:
    if not isinstance(value, str):
        fail(path, f"a document number must be a string such as '2200-QĐ/TU', got {value!r}")
    try:
        return DocumentNumber.parse(value)
    except QcdcError as exc:
        fail(path, str(exc))


def _numbers(table: Mapping[str, Any], key: str, path: Path) -> tuple[DocumentNumber, ...]:
    value = table.get(key, [])
    if not isinstance(value, list):
        fail((*path, key), f"{key} must be a list of document numbers, got {value!r}")
    return tuple(_number(v, (*path, key, i)) for i, v in enumerate(value))


def _directive(value: object, path: Path, issuer: Body) -> Directive:
    table = _table(value, path, _DIRECTIVE_KEYS)
    number = _number(table["number"], (*path, "number")) if "number" in table else None
    issued = _date(table, "issued", path)
    title = _string(table, "title", path)
    supersedes = _numbers(table, "supersedes", path)
    amends = _numbers(table, "amends", path)
    return Directive(number, issuer, issued, title, supersedes=supersedes, amends=amends)


def _task_id(table: Mapping[str, Any], path: Path) -> str:
    if "id" not in table:
        fail((*path, "id"), "missing key 'id'")
    value = table["id"]
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        fail((*path, "id"), f"id must be a string or an integer, got {value!r}")
    return value


def _due(table: Mapping[str, Any], path: Path, assigned: dt.date) -> Deadline:
    here = (*path, "due")
    if "due" not in table:
        fail(here, "missing key 'due'")
    value = table["due"]
    if isinstance(value, str) and _ISO.fullmatch(value.strip()):
        value = _date({"due": value.strip()}, "due", path)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Deadline.on(value)
    if not isinstance(value, str):
        fail(here, f"due must be a date or a deadline such as 'trong quý II/2022', got {value!r}")
    try:
        return Deadline.parse(value, reference=assigned)
    except QcdcError as exc:
        fail(here, str(exc), "write a date (2022-06-30) or e.g. 'trong 30 ngày'")


def _history(table: Mapping[str, Any], path: Path, assigned: dt.date) -> tuple[StatusChange, ...]:
    if "done" in table and "cancelled" in table:
        fail((*path, "cancelled"), "a task cannot be both done and cancelled")
    changes: list[StatusChange] = []
    last, last_key = assigned, "assigned"
    for key, status in _CHANGES.items():
        if key not in table:
            continue
        value = table[key]
        note = ""
        if isinstance(value, Mapping):
            sub = _table(value, (*path, key), ("on", "note"))
            on = _date(sub, "on", (*path, key))
            note = sub.get("note", "")
            if not isinstance(note, str):
                fail((*path, key, "note"), f"note must be a string, got {note!r}")
        else:
            on = _date(table, key, path)
        if on < last:
            fail((*path, key), f"{key} ({on}) is before {last_key} ({last})")
        changes.append(StatusChange(status, on, note))
        last, last_key = on, key
    return tuple(changes)


def _task(
    value: object,
    path: Path,
    directives: Mapping[DocumentNumber | None, Directive],
    bodies: Mapping[str, Body],
) -> tuple[str, Task]:
    table = _table(value, path, _TASK_KEYS)
    task_id = _task_id(table, path)
    description = _string(table, "description", path)
    assignee_key = _string(table, "assignee", path)
    if assignee_key not in bodies:
        fail(
            (*path, "assignee"),
            f"unknown assignee {assignee_key!r}",
            "expected one of " + ", ".join(bodies),
        )
    if "directive" in table:
        number: DocumentNumber | None = _number(table["directive"], (*path, "directive"))
        if number not in directives:
            known = ", ".join(str(n) for n in directives if n is not None) or "none"
            fail(
                (*path, "directive"), f"no directive {number} in [[directives]]", "known: " + known
            )
    else:
        number = None
        if None not in directives:
            fail(
                (*path, "directive"),
                "missing key 'directive'",
                "name a directive's number, or add a [[directives]] entry without a number",
            )
    directive = directives[number]
    assigned = _date(table, "assigned", path, required=False) or directive.issued
    if assigned < directive.issued:
        fail(
            (*path, "assigned"),
            f"a task cannot be assigned ({assigned}) before its directive was issued "
            f"({directive.issued})",
        )
    due = _due(table, path, assigned)
    history = _history(table, path, assigned)
    recurrence = _string(table, "recurrence", path, required=False)
    try:
        task = Task(
            directive,
            bodies[assignee_key],
            description,
            due,
            assigned,
            recurrence=recurrence,
            history=history,
        )
    except QcdcError as exc:
        field = getattr(exc, "field", None)
        key = {"rule": "recurrence"}.get(field or "", field or "")
        fail((*path, key) if key in _TASK_KEYS else path, getattr(exc, "reason", str(exc)))
    return task_id, task


def _array(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        fail((key,), f"{key} must be an array of tables ([[{key}]]), got {type(value).__name__}")
    return value


def _from_mapping(data: Mapping[str, Any]) -> TaskFile:
    _table(data, (), ("format", "committee", "issuer", "bodies", "directives", "tasks"))
    fmt = data.get("format", _FORMAT)
    if fmt != _FORMAT or isinstance(fmt, bool):
        fail(("format",), f"format must be {_FORMAT}, got {fmt!r}")
    if ("committee" in data) == ("issuer" in data):
        fail(("committee",), "give exactly one of [committee] and [issuer]")
    role = "committee" if "committee" in data else "issuer"
    default_kind = BodyKind.STEERING_COMMITTEE if role == "committee" else None
    raw = data[role]
    level_text = raw.get("level") if isinstance(raw, Mapping) else None
    if isinstance(raw, Mapping) and "level" in raw:
        raw = {k: v for k, v in raw.items() if k != "level"}
    issuer = _body(raw, (role,), default_kind=default_kind)
    level = None
    if level_text is not None:
        if not isinstance(level_text, str) or level_text not in _LEVELS:
            fail(
                (role, "level"), f"level must be province, district or commune, got {level_text!r}"
            )
        level = _LEVELS[level_text]

    bodies: dict[str, Body] = {role: issuer}
    raw_bodies = data.get("bodies", {})
    if not isinstance(raw_bodies, Mapping):
        fail(("bodies",), "bodies must be a table of [bodies.KEY] tables")
    for key, value in raw_bodies.items():
        if key in bodies:
            fail(("bodies", key), f"{key!r} names the file's own {role}; choose another key")
        bodies[key] = _body(value, ("bodies", key), default_kind=None)

    directives: dict[DocumentNumber | None, Directive] = {}
    for i, value in enumerate(_array(data, "directives")):
        d = _directive(value, ("directives", i), issuer)
        if d.number in directives:
            what = f"the number {d.number}" if d.number else "no number"
            fail(("directives", i, "number"), f"a second directive with {what}")
        directives[d.number] = d

    index: dict[str, int] = {}  # id -> position: a dict, so n tasks take n steps, not n²
    tasks: list[Task] = []
    for i, value in enumerate(_array(data, "tasks")):
        task_id, task = _task(value, ("tasks", i), directives, bodies)
        if task_id in index:
            fail(("tasks", i, "id"), f"the id {task_id!r} is used by tasks[{index[task_id]}]")
        index[task_id] = i
        tasks.append(task)
    return TaskFile(issuer, tuple(directives.values()), tasks, tuple(index), level)


def embedded_tasks(name: str) -> str:
    """The text of a task file shipped with qcdc (see ``EMBEDDED``)."""
    if name not in EMBEDDED:
        raise InputError(
            f"no embedded task file {name!r}", hint="expected one of " + ", ".join(EMBEDDED)
        )
    resource = importlib.resources.files("qcdc.directives") / "data" / "tasks" / f"{name}.toml"
    return resource.read_text(encoding="utf-8")


def load_tasks(source: str | os.PathLike[str], *, name: str | None = None) -> TaskFile:
    """Read a task file from a path, or from TOML text.

    The rule: a ``str`` holding a line break is TOML text (a task file has at least
    a table and a key, on lines of their own); any other ``str``, and every
    :class:`os.PathLike`, is a path, whatever characters it holds
    (``"/dir/a=b/t.toml"`` is a file).  One-line TOML text goes through
    :func:`loads_tasks`.  ``name`` is the source named in errors (default: the path,
    or ``<string>``).
    """
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return loads_tasks(source, name=name or "<string>")
    if not isinstance(source, (str, os.PathLike)):
        raise InputError(f"load_tasks takes a path or TOML text, got {type(source).__name__}")
    label = name or os.fspath(source)
    return loads_tasks(read_text(source, what="task file"), name=label)


def loads_tasks(text: str, *, name: str = "<string>") -> TaskFile:
    """Read a task file from TOML text; errors name ``name``, the key path and the line."""
    label = name
    if not isinstance(text, str):
        raise InputError(f"loads_tasks takes TOML text, got {type(text).__name__}", source=label)
    return structure(text, _from_mapping, format="toml", source=label)


# ---------------------------------------------------------------------------------- writing


def _body_record(body: Body, *, kind: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"name": body.name}
    if kind:
        out["kind"] = body.kind.name.lower()
    out["abbreviation"] = body.abbreviation
    out["unit"] = body.unit_code
    return out


def _deadline_value(due: Deadline, where: str) -> Any:
    if due.kind is DeadlineKind.DATE:
        return due.date
    text = str(due)
    if Deadline.parse(text) != due:
        raise InputError(
            f"the deadline {text!r} cannot be written so that it reads back", field=where
        )
    return text


def _id_value(task_id: str) -> str | int:
    plain = task_id.isascii() and task_id.isdigit() and len(task_id) < 19
    return int(task_id) if plain and str(int(task_id)) == task_id else task_id


def _body_keys(book: TaskFile, role: str) -> dict[Body, str]:
    keys: dict[Body, str] = {book.issuer: role}
    used = {role}
    # the next suffix to try per base: keys are only added, so the first free suffix
    # never goes down, and n bodies sharing an abbreviation take n steps, not n²
    suffix: dict[str, int] = {}
    for t in book.tasks:
        if t.assignee in keys:
            continue
        base = fold(t.assignee.abbreviation).replace(" ", "_")
        if not _KEY.match(base):
            base = "body"
        key = base
        if key in used and t.assignee.unit_code:
            key = base = f"{base}_{t.assignee.unit_code}"
        n = suffix.get(base, 2)
        while key in used:
            key, n = f"{base}_{n}", n + 1
        suffix[base] = n
        keys[t.assignee] = key
        used.add(key)
    return keys


def dump_tasks(book: TaskFile, *, header: str = "") -> str:
    """Write a :class:`TaskFile` as TOML text (``header``: comment lines put first)."""
    role = "committee" if book.issuer.kind is BodyKind.STEERING_COMMITTEE else "issuer"
    issuer = _body_record(book.issuer, kind=role == "issuer")
    if book.level is not None:
        issuer["level"] = book.level.name.lower()
    keys = _body_keys(book, role)
    data: dict[str, Any] = {"format": _FORMAT, role: issuer}
    bodies = {key: _body_record(body) for body, key in keys.items() if key != role}
    if bodies:
        data["bodies"] = bodies
    directives = []
    for i, d in enumerate(book.directives):
        if d.issuer != book.issuer:
            raise InputError(f"directives[{i}] is issued by {d.issuer}, not by {book.issuer}")
        if d.kind != (None if d.number is None else d.number.kind):
            raise InputError(f"directives[{i}] has a kind its number does not show")
        rec: dict[str, Any] = {"number": str(d.number) if d.number else None}
        rec |= {"issued": d.issued, "title": d.title}
        if d.supersedes:
            rec["supersedes"] = [str(n) for n in d.supersedes]
        if d.amends:
            rec["amends"] = [str(n) for n in d.amends]
        directives.append(rec)
    if directives:
        data["directives"] = directives
    tasks = []
    known = set(book.directives)
    for i, (task_id, t) in enumerate(zip(book.ids, book.tasks, strict=True)):
        if t.directive not in known:
            raise InputError(f"tasks[{i}] belongs to a directive not in the file", field="tasks")
        rec = {"id": _id_value(task_id), "description": t.description, "assignee": keys[t.assignee]}
        if t.directive.number is not None:
            rec["directive"] = str(t.directive.number)
        rec["due"] = _deadline_value(t.due, f"tasks[{i}].due")
        if t.assigned != t.directive.issued:
            rec["assigned"] = t.assigned
        for change in t.history:
            key = _CHANGE_KEYS[change.status]
            rec[key] = {"on": change.on, "note": change.note} if change.note else change.on
        rec["recurrence"] = t.recurrence
        tasks.append(rec)
    if tasks:
        data["tasks"] = tasks
    return dumps_toml(data, inline=frozenset({"started", "done", "cancelled"}), header=header)
