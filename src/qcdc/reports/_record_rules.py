"""The checker's rules on what a report cites and when: its documents, its dates, its tasks.

:func:`check_documents` and :func:`check_dates` report to the checker
(:mod:`qcdc.reports.checker`) every check they run: a cited number that does not parse or
carries a year after the report, a document dated after it, a report presented before its
period begins, a period printed without its year, a task due before the report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcdc.dates import format_period
from qcdc.reports._table_rules import _Sink

if TYPE_CHECKING:
    from qcdc.reports.model import AnnualReport

__all__ = ["check_dates", "check_documents"]


def check_documents(report: AnnualReport, sink: _Sink) -> None:
    """The cited documents: numbers that parse, years and dates not after the report."""
    if not report.documents:
        return
    from qcdc.directives import DocumentNumber
    from qcdc.errors import InvalidDocumentNumber

    for i, doc in enumerate(report.documents):
        path = f"documents[{i}]"
        if doc.number is not None:
            try:
                parsed = DocumentNumber.parse(doc.number)
            except InvalidDocumentNumber as exc:
                sink.fail(
                    "document.unparsable",
                    f"{path}.number",
                    f"{doc.number} parses",
                    f"document number {doc.number!r} must parse: {exc}",
                    figures={"number": doc.number},
                )
            else:
                sink.ok("document.unparsable", f"{path}.number", f"{doc.number} parses")
                year = getattr(parsed, "year", None)
                if year is not None:
                    desc = f"{doc.number}: year {year} ≤ {report.on.year}"
                    if year > report.on.year:
                        sink.fail(
                            "document.year-after-report",
                            f"{path}.number",
                            desc,
                            f"document {doc.number} carries the year {year}, after the "
                            f"report's date {report.on.isoformat()}",
                            figures={
                                "number": doc.number,
                                "year": year,
                                "report_date": report.on.isoformat(),
                            },
                        )
                    else:
                        sink.ok("document.year-after-report", f"{path}.number", desc)
        if doc.issued is not None:
            desc = f"issued {doc.issued.isoformat()} ≤ {report.on.isoformat()}"
            if doc.issued > report.on:
                sink.fail(
                    "document.date-after-report",
                    f"{path}.issued",
                    desc,
                    f"document {doc} is dated {doc.issued.isoformat()}, after the report's "
                    f"date {report.on.isoformat()}",
                )
            else:
                sink.ok("document.date-after-report", f"{path}.issued", desc)


def check_dates(report: AnnualReport, sink: _Sink) -> None:
    """The report's dates: a period printed without its year; not before its period; tasks."""
    printed = getattr(report, "period_printed", None)
    if printed is not None:
        sink.fail(
            "period.year-from-date",
            "period",
            f"{printed!r} has its year",
            f"the period {printed!r} is printed without its year; it is read as "
            f"{format_period(report.period)}, the year of the report's date "
            f"{report.on.isoformat()}",
            figures={"printed": printed, "read_as": format_period(report.period)},
        )
    if report.date is not None:
        start = report.period.start.isoformat()
        desc = f"report date {report.date.isoformat()} ≥ period start {start}"
        if report.date < report.period.start:
            sink.fail(
                "period.report-before-period",
                "date",
                desc,
                f"the report is dated {report.date.isoformat()}, before the period it covers "
                f"({format_period(report.period)}) begins",
            )
        else:
            sink.ok("period.report-before-period", "date", desc)
    for i, task in enumerate(report.tasks):
        if task.due is None:
            continue
        desc = f"due {task.due.isoformat()} ≥ {report.on.isoformat()}"
        if task.due < report.on:
            sink.fail(
                "task.due-before-report",
                f"tasks[{i}].due",
                desc,
                f"task {task.text!r} is due {task.due.isoformat()}, before the report's date "
                f"{report.on.isoformat()}",
            )
        else:
            sink.ok("task.due-before-report", f"tasks[{i}].due", desc)
