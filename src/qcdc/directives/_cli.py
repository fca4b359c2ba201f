"""``qcdc docs …`` and ``qcdc deadline …``: document numbers and working-day deadlines.

``qcdc docs parse TEXT [TEXT …]``
    the canonical spelling, system, number, type and issuer of each document number.
``qcdc docs find FILE``
    every document number in a text file (``-`` for standard input), with its span.
``qcdc deadline TEXT --from DATE``
    the due date of a deadline such as "15 ngày làm việc" or "trong quý II/2022".
``qcdc tasks overdue FILE --on DATE``
    the tasks of a task file still open after their due date (exit 1 if any).
``qcdc tasks progress FILE --on DATE [--by assignee|directive]``
    done, on time, cancelled, open and overdue tasks per assignee or directive.
``qcdc tasks due FILE --from DATE --to DATE``
    the tasks due in a span, by due date.

FILE is a task file (TOML, see :mod:`qcdc.directives._toml`) or ``hanoi-2021`` for the
embedded example.  Exit status: 0 ok, 1 overdue tasks found, 2 bad input (a number,
deadline or task file that does not parse).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from qcdc._console import emit_json, format_table, iso_date, plural, terminal_width
from qcdc._files import read_text
from qcdc.dates import Deadline, format_date
from qcdc.directives._toml import EMBEDDED, TaskFile, embedded_tasks, load_tasks, loads_tasks
from qcdc.directives.document_numbers import DocumentNumber, find_document_numbers
from qcdc.directives.tasks import (
    Progress,
    Task,
    due_between,
    overdue,
    progress_by_assignee,
    progress_by_directive,
)
from qcdc.errors import InputError

__all__ = ["register"]


def _record(n: DocumentNumber) -> dict[str, Any]:
    return {
        "canonical": str(n),
        "system": n.system,
        "number": n.number,
        "year": n.year,
        "kind_code": n.kind_code,
        "kind": n.kind.name if n.kind is not None else None,
        "issuer_code": n.issuer_code,
        "co_issuers": list(n.co_issuers),
        "unit_code": n.unit_code,
    }


def _print_table(rows: list[list[str]], header: list[str]) -> None:
    """Print a table; on a terminal its last column (a task, an assignee, the text as
    written) wraps to fit."""
    print(format_table(header, rows, rule=False, wrap=len(header) - 1, width=terminal_width()))


def _docs_parse(args: argparse.Namespace) -> int:
    records = [(text, _record(DocumentNumber.parse(text))) for text in args.text]
    if args.format == "json":
        emit_json([{"text": t, **r} for t, r in records])
        return 0
    rows = [
        [r["canonical"], r["system"], r["kind_code"] or "", r["kind"] or "", r["issuer_code"]]
        for _, r in records
    ]
    _print_table(rows, ["canonical", "system", "type", "kind", "issuer"])
    return 0


def _docs_find(args: argparse.Namespace) -> int:
    found = find_document_numbers(read_text(args.file))
    if args.format == "json":
        out = [{"start": m.start, "end": m.end, "text": m.text, **_record(m.number)} for m in found]
        emit_json(out)
        return 0
    rows = [[f"{m.start}-{m.end}", str(m.number), m.number.system, m.text] for m in found]
    _print_table(rows, ["span", "canonical", "system", "as written"])
    return 0


def _deadline(args: argparse.Namespace) -> int:
    deadline = Deadline.parse(args.text, reference=args.start)
    due = deadline.resolve(args.start)
    if args.format == "json":
        out = {"deadline": str(deadline), "from": args.start.isoformat(), "due": due.isoformat()}
        emit_json(out)
        return 0
    print(f"{deadline} (from {format_date(args.start)}): {format_date(due, 'weekday')}")
    return 0


def _load(file: str) -> TaskFile:
    if file in EMBEDDED:
        return loads_tasks(embedded_tasks(file), name=f"{file} (embedded)")
    return load_tasks(Path(file))


def _ids(book: TaskFile) -> dict[int, str]:
    """Task ids by object identity (two equal tasks may carry different ids)."""
    return {id(t): i for i, t in zip(book.ids, book.tasks, strict=True)}


def _task_record(ids: dict[int, str], t: Task, on: dt.date | None) -> dict[str, Any]:
    due = t.due_date()
    out: dict[str, Any] = {
        "id": ids[id(t)],
        "description": t.description,
        "assignee": t.assignee.name,
        "directive": t.directive.label,
        "due": due.isoformat(),
        "deadline": str(t.due),
    }
    if on is not None:
        out["status"] = t.status_on(on=on).value
        out["days_overdue"] = max((on - due).days, 0) if t.status_on(on=on).is_open else 0
    return out


def _task_rows(book: TaskFile, tasks: list[Task], on: dt.date | None) -> None:
    rows = []
    ids = _ids(book)
    for t in tasks:
        r = _task_record(ids, t, on)
        status = [r["status"], str(r["days_overdue"])] if on is not None else []
        rows.append([r["id"], r["due"], *status, t.assignee.abbreviation, r["description"]])
    header = ["id", "due", *(["status", "days late"] if on is not None else []), "assignee"]
    _print_table(rows, [*header, "task"])


def _tasks_overdue(args: argparse.Namespace) -> int:
    book = _load(args.file)
    late = overdue(book.tasks, on=args.on)
    if args.format == "json":
        emit_json([_task_record(_ids(book), t, args.on) for t in late])
    elif not late:
        print(f"no task overdue on {args.on.isoformat()} ({plural(len(book.tasks), 'task')})")
    else:
        print(f"{len(late)} of {plural(len(book.tasks), 'task')} overdue on {args.on.isoformat()}")
        _task_rows(book, late, args.on)
    return 1 if late else 0


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _tasks_progress(args: argparse.Namespace) -> int:
    book = _load(args.file)
    groups: dict[str, Progress]
    if args.by == "directive":
        groups = {d.label: p for d, p in progress_by_directive(book.tasks, on=args.on).items()}
    else:
        groups = {b.name: p for b, p in progress_by_assignee(book.tasks, on=args.on).items()}
    if args.format == "json":
        emit_json(
            [
                {
                    args.by: name,
                    "total": p.total,
                    "done": p.done,
                    "done_on_time": p.done_on_time,
                    "cancelled": p.cancelled,
                    "open": p.open,
                    "overdue": p.overdue,
                    "on_time_rate": p.on_time_rate,
                    "completion_rate": p.completion_rate,
                }
                for name, p in groups.items()
            ]
        )
        return 0
    print(f"progress on {args.on.isoformat()} by {args.by}")
    rows = [
        [str(x) for x in (p.total, p.done, p.done_on_time, p.cancelled, p.open, p.overdue)]
        + [_rate(p.completion_rate), name]
        for name, p in groups.items()
    ]
    header = ["total", "done", "on time", "cancelled", "open", "overdue", "completed", args.by]
    _print_table(rows, header)
    return 0


def _tasks_due(args: argparse.Namespace) -> int:
    if args.end < args.start:
        raise InputError(f"--to ({args.end}) is before --from ({args.start})", field="--to")
    book = _load(args.file)
    found = due_between(book.tasks, args.start, args.end)
    if args.format == "json":
        emit_json([_task_record(_ids(book), t, None) for t in found])
        return 0
    span = f"{args.start.isoformat()} – {args.end.isoformat()}"
    print(f"{len(found)} of {plural(len(book.tasks), 'task')} due {span}")
    if found:
        _task_rows(book, found, None)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``docs``, ``deadline`` and ``tasks`` to the ``qcdc`` command."""
    docs = sub.add_parser("docs", help="document numbers: parse and find")
    docs_sub = docs.add_subparsers(dest="docs_command", required=True)

    p = docs_sub.add_parser("parse", help="canonical form of document numbers")
    p.add_argument("text", nargs="+", help="a document number, e.g. 'Quyết định số 2200-QĐ/TU'")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=_docs_parse)

    f = docs_sub.add_parser("find", help="every document number in a text file")
    f.add_argument("file", help="a UTF-8 text file, or - for standard input")
    f.add_argument("--format", choices=("table", "json"), default="table")
    f.set_defaults(func=_docs_find)

    d = sub.add_parser("deadline", help="due date of a deadline in (working) days or months")
    d.add_argument("text", help="e.g. '15 ngày làm việc', 'trong quý II/2022'")
    d.add_argument("--from", dest="start", type=iso_date, required=True, help="YYYY-MM-DD")
    d.add_argument("--format", choices=("table", "json"), default="table")
    d.set_defaults(func=_deadline)

    tasks = sub.add_parser("tasks", help="tasks of a review conference: overdue, progress, due")
    tasks_sub = tasks.add_subparsers(dest="tasks_command", required=True)
    file_help = "a task file (TOML), or " + " / ".join(EMBEDDED) + " for the embedded example"

    o = tasks_sub.add_parser("overdue", help="tasks still open after their due date (exit 1)")
    o.add_argument("file", help=file_help)
    o.add_argument("--on", type=iso_date, required=True, help="YYYY-MM-DD")
    o.add_argument("--format", choices=("table", "json"), default="table")
    o.set_defaults(func=_tasks_overdue)

    g = tasks_sub.add_parser("progress", help="progress per assignee or per directive")
    g.add_argument("file", help=file_help)
    g.add_argument("--on", type=iso_date, required=True, help="YYYY-MM-DD")
    g.add_argument("--by", choices=("assignee", "directive"), default="assignee")
    g.add_argument("--format", choices=("table", "json"), default="table")
    g.set_defaults(func=_tasks_progress)

    u = tasks_sub.add_parser("due", help="tasks due in a span, by due date")
    u.add_argument("file", help=file_help)
    u.add_argument("--from", dest="start", type=iso_date, required=True, help="YYYY-MM-DD")
    u.add_argument("--to", dest="end", type=iso_date, required=True, help="YYYY-MM-DD")
    u.add_argument("--format", choices=("table", "json"), default="table")
    u.set_defaults(func=_tasks_due)
