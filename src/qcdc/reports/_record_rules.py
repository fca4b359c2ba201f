"""The checker's rules on what a report cites and when: its documents, its dates, its tasks.

:func:`check_documents` and :func:`check_dates` report to the checker
(:mod:`qcdc.reports.checker`) every check they run: a cited number that does not parse or
carries a year after the report, a document dated after it, a report presented before its
period begins, a period printed without its year, a task due before the report.  An undated
report (no date, no year) gets one finding, ``period.undated``, naming the checks it skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcdc.dates import format_period
from qcdc.reports._table_rules import _Sink

if TYPE_CHECKING:
    from qcdc.reports.model import AnnualReport

__all__ = ["check_dates", "check_documents", "not_checked_without_a_date"]


def check_documents(report: AnnualReport, sink: _Sink) -> None:
    """The cited documents: numbers that parse, years and dates not after the report."""
    if not report.documents:
        return
    from qcdc.directives import DocumentNumber
    from qcdc.errors import InvalidDocumentNumber

    on = report.on  # None for an undated report: only the numbers are checked

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
                if year is not None and on is not None:
                    desc = f"{doc.number}: year {year} ≤ {on.year}"
                    if year > on.year:
                        sink.fail(
                            "document.year-after-report",
                            f"{path}.number",
                            desc,
                            f"document {doc.number} carries the year {year}, after the "
                            f"report's date {on.isoformat()}",
                            figures={
                                "number": doc.number,
                                "year": year,
                                "report_date": on.isoformat(),
                            },
                        )
                    else:
                        sink.ok("document.year-after-report", f"{path}.number", desc)
        if doc.issued is not None and on is not None:
            desc = f"issued {doc.issued.isoformat()} ≤ {on.isoformat()}"
            if doc.issued > on:
                sink.fail(
                    "document.date-after-report",
                    f"{path}.issued",
                    desc,
                    f"document {doc} is dated {doc.issued.isoformat()}, after the report's "
                    f"date {on.isoformat()}",
                )
            else:
                sink.ok("document.date-after-report", f"{path}.issued", desc)


def check_dates(report: AnnualReport, sink: _Sink, *, against_gazetteer: bool = True) -> None:
    """The report's dates: a period printed without its year; not before its period; tasks;
    an undated report (``period.undated``, naming what is not checked without a date)."""
    if report.is_undated:
        _undated(report, sink, against_gazetteer=against_gazetteer)
        return
    period, on = report.dated()
    printed = report.period_printed
    if printed is not None:
        sink.fail(
            "period.year-from-date",
            "period",
            f"{printed!r} has its year",
            f"the period {printed!r} is printed without its year; it is read as "
            f"{format_period(period)}, the year of the report's date "
            f"{on.isoformat()}",
            figures={"printed": printed, "read_as": format_period(period)},
        )
    if report.date is not None:
        start = period.start.isoformat()
        desc = f"report date {report.date.isoformat()} ≥ period start {start}"
        if report.date < period.start:
            sink.fail(
                "period.report-before-period",
                "date",
                desc,
                f"the report is dated {report.date.isoformat()}, before the period it covers "
                f"({format_period(period)}) begins",
            )
        else:
            sink.ok("period.report-before-period", "date", desc)
    for i, task in enumerate(report.tasks):
        if task.due is None:
            continue
        desc = f"due {task.due.isoformat()} ≥ {on.isoformat()}"
        if task.due < on:
            sink.fail(
                "task.due-before-report",
                f"tasks[{i}].due",
                desc,
                f"task {task.text!r} is due {task.due.isoformat()}, before the report's date "
                f"{on.isoformat()}",
            )
        else:
            sink.ok("task.due-before-report", f"tasks[{i}].due", desc)


def not_checked_without_a_date(
    report: AnnualReport, *, against_gazetteer: bool = True
) -> list[str]:
    """What the checker cannot check in ``report`` without a date, in words (the rules that
    need one and that the report gives something to check), for ``period.undated``."""
    skipped: list[str] = []
    if against_gazetteer:
        skipped.append("the place against the official unit list")
        if report.units:
            levels = ", ".join(u.level.name.lower() for u in report.units)
            skipped.append(f"the unit counts ({levels}) against the official list")
        os_ = report.online_services
        if os_ is not None and os_.coverage is not None and os_.coverage.denominator is not None:
            skipped.append("the coverage denominator against the place's units")
    if any(d.number is not None or d.issued is not None for d in report.documents):
        skipped.append("the cited documents' years and dates against the report's")
    if any(t.due is not None for t in report.tasks):
        skipped.append("the tasks' deadlines against the report's date")
    skipped.append("comparisons and series with other reports (compare refuses it)")
    return skipped


def _undated(report: AnnualReport, sink: _Sink, *, against_gazetteer: bool) -> None:
    printed: str | None = getattr(report.period, "printed", None)
    said = (
        f"its period {printed!r} is printed without its year, and it has no date"
        if printed
        else "it prints no period and has no date"
    )
    skipped = not_checked_without_a_date(report, against_gazetteer=against_gazetteer)
    sink.fail(
        "period.undated",
        "period",
        f"{printed!r} has its year, or the report a date"
        if printed
        else "the report has a period and a date",
        f"the report is undated: {said} (qcdc does not guess one); not checked: "
        f"{'; '.join(skipped)}. The figures' own arithmetic is checked as usual; give "
        "date = YYYY-MM-DD to check the rest",
        figures={"printed": printed or "", "not_checked": "; ".join(skipped)},
    )
