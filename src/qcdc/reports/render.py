"""Render a checked report: a terminal table, Markdown, or JSON.

``render(report, findings, fmt=..., checks=..., extra_sections=...)`` shows each
section with its figures and, when ``checks`` (from
:func:`qcdc.reports.run_checks`) are given, every check passed or failed under
the section it belongs to.  ``extra_sections`` are appended as they are (the
``qcdc report`` command adds "these units today" this way).

>>> from qcdc.reports import load_embedded, run_checks
>>> report = load_embedded("hanoi-2021")
>>> checks = run_checks(report)
>>> findings = [c.finding for c in checks if c.finding is not None]
>>> text = render(report, findings, fmt="table", checks=checks)
>>> "✓ before − after is the reduction: 7.968 − 5.393 = 2.575" in text and "0 errors" in text
True
>>> import json
>>> sorted(json.loads(render(report, findings, fmt="json", checks=checks))["summary"])
['checks', 'errors', 'failed', 'passed', 'warnings']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from qcdc.dates import format_period
from qcdc.findings import Finding, Severity
from qcdc.numbers import format_figure
from qcdc.reports._format import jsonable
from qcdc.reports.checker import CheckResult
from qcdc.reports.model import AnnualReport, UndatedPeriod
from qcdc.reports.rules import _RULES_BY_ID
from qcdc.reports.sections import OnlineServices, UnitCounts

__all__ = ["FORMATS", "RenderSection", "render"]

FORMATS = ("table", "markdown", "json")


def _rows(value: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in value)


@attrs.frozen
class RenderSection:
    """A section appended after the report's own: a title, label/value rows, optional data.

    In JSON the section appears under ``key`` as ``data`` (or, without data,
    as an object of its rows).  ``text`` is a paragraph printed before the rows.
    """

    key: str
    title: str
    rows: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_rows)
    data: Any = None
    text: str | None = None


def _section_title(path: str, section: Any) -> str:
    if isinstance(section, UnitCounts):
        level = section.level
        return (
            f"{section.TITLE} — {level.vietnamese} ({section.ENGLISH}, {level.name.lower()} level)"
        )
    return f"{section.TITLE} ({section.ENGLISH})"


def _group_checks(
    report: AnnualReport, checks: Sequence[CheckResult]
) -> dict[str, list[CheckResult]]:
    prefixes = [p for p, _ in report.sections()]
    groups: dict[str, list[CheckResult]] = {p: [] for p in prefixes}
    groups["general"] = []
    groups["documents"] = []
    groups["table"] = []
    for c in checks:
        for p in sorted(prefixes, key=len, reverse=True):
            if c.path == p or c.path.startswith(p + "."):
                groups[p].append(c)
                break
        else:
            key = c.path.split(".")[0].split("[")[0]
            groups[key if key in ("documents", "table") else "general"].append(c)
    return groups


def _checked(c: CheckResult) -> str:
    """What the check checked, in words (the rule's label; its id when it has none)."""
    rule = _RULES_BY_ID.get(c.rule)
    return rule.label if rule is not None and rule.label else c.rule


def _n(n: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{n} {noun if n == 1 else noun + 's'}"


def _mark(c: CheckResult) -> str:
    if c.finding is None:
        return "✓"
    return "✗" if c.finding.severity is Severity.ERROR else "!"


def _summary(findings: Sequence[Finding], checks: Sequence[CheckResult] | None) -> dict[str, int]:
    out = {
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
    }
    if checks is not None:
        out["checks"] = len(checks)
        out["passed"] = sum(1 for c in checks if c.passed)
        out["failed"] = out["checks"] - out["passed"]
    return out


def render(
    report: AnnualReport,
    findings: Sequence[Finding],
    *,
    fmt: str = "table",
    checks: Sequence[CheckResult] | None = None,
    extra_sections: Sequence[RenderSection] = (),
) -> str:
    """The report with its checks, as ``"table"`` (terminal), ``"markdown"`` or ``"json"``."""
    if fmt == "json":
        return _json(report, findings, checks, extra_sections)
    if fmt == "markdown":
        return _markdown(report, findings, checks, extra_sections)
    if fmt == "table":
        return _table(report, findings, checks, extra_sections)
    from qcdc.errors import InputError

    raise InputError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}", field="format")


def _period_line(report: AnnualReport, *, spans: bool = True) -> str:
    """``năm 2021 (2021-01-01 – 2021-12-31); report date 2021-12-17``, or for an undated
    report ``6 tháng đầu năm — không rõ năm (undated): no year printed, no report date``."""
    period, on = report.period, report.on
    if isinstance(period, UndatedPeriod) or on is None:
        said = getattr(period, "printed", None)
        head = getattr(period, "vietnamese", "không rõ thời gian")
        why = "no year printed" if said else "no period printed"
        return f"{head} (undated): {why}, no report date"
    span = f" ({period.start.isoformat()} – {period.end.isoformat()})" if spans else ""
    return f"{format_period(period)}{span}; report date {on.isoformat()}"


# --- JSON -------------------------------------------------------------------------------


def _json(
    report: AnnualReport,
    findings: Sequence[Finding],
    checks: Sequence[CheckResult] | None,
    extra: Sequence[RenderSection],
) -> str:
    out: dict[str, Any] = jsonable(report.to_dict())
    out["report_date"] = None if report.on is None else report.on.isoformat()
    if report.is_undated:
        out["undated"] = True
    if checks is not None:
        out["checks"] = [c.to_dict() for c in checks]
    out["findings"] = [
        {"rule": f.rule, "severity": f.severity.value, "path": f.path, "message": f.message}
        for f in findings
    ]
    out["summary"] = _summary(findings, checks)
    for section in extra:
        out[section.key] = (
            jsonable(section.data) if section.data is not None else dict(section.rows)
        )
    return json.dumps(out, ensure_ascii=False, indent=2)


# --- terminal table --------------------------------------------------------------------------


def _dotted(label: str, value: str, width: int = 46) -> str:
    dots = "." * max(2, width - len(label) - 1)
    return f"  {label} {dots} {value}"


def _table(
    report: AnnualReport,
    findings: Sequence[Finding],
    checks: Sequence[CheckResult] | None,
    extra: Sequence[RenderSection],
) -> str:
    lines: list[str] = []
    title = report.title or f"Report for {report.place}"
    lines += [title, "═" * min(len(title), 100)]
    place = report.place + (f" {report.place_name}" if report.place_name else "")
    lines.append(f"Place   {place}")
    lines.append(f"Period  {_period_line(report)}")
    if report.reporting_body:
        lines.append(f"By      {report.reporting_body}")
    lines.append(f"Source  {report.source.document} ({report.source.confidence.value})")
    if report.source.url:
        lines.append(f"        {report.source.url}")
    if report.source.note:
        lines.append(f"        {report.source.note}")
    groups = _group_checks(report, checks) if checks is not None else {}

    def emit_checks(key: str) -> None:
        for c in groups.get(key, []):
            lines.append(f"  {_mark(c)} {_checked(c)}: {c.description} [{c.rule}]")
            if c.finding is not None:
                lines.append(f"      {c.finding.severity.value}: {c.finding.message}")

    if groups.get("general"):
        lines += ["", "General"]
        emit_checks("general")
    for path, section in report.sections():
        lines += ["", f"{_section_title(path, section)} [{report.confidence_of(section).value}]"]
        for metric, fig in section.figures():
            lines.append(_dotted(metric.label, format_figure(fig)))
        if isinstance(section, OnlineServices) and section.service_levels:
            lines.append(_dotted("Mức độ", ", ".join(map(str, section.service_levels))))
        if section.breakdown is not None:
            lines.append(_dotted("Phân theo cấp", section.breakdown.vietnamese))
        if section.note:
            lines.append(f"  note: {section.note}")
        emit_checks(path)
    if report.documents:
        lines += ["", "Văn bản được trích dẫn (documents cited)"]
        for doc in report.documents:
            lines.append(f"  - {doc}")
        emit_checks("documents")
    if report.table is not None:
        lines += ["", "Bảng số liệu (figure table)"]
        for f in report.table.figures:
            tags = [
                t
                for t in (
                    f.scope.value if f.scope else None,
                    "planned" if f.planned else None,
                    f.source,
                )
                if t
            ]
            tail = f" [{', '.join(tags)}]" if tags else ""
            lines.append(_dotted(f"{f.id} {f.label}", f.shown + tail))
        emit_checks("table")
    if report.tasks:
        lines += ["", "Nhiệm vụ kỳ tới (tasks for the next period)"]
        for i, task in enumerate(report.tasks, 1):
            extra_bits = []
            if task.owner:
                extra_bits.append(task.owner)
            if task.due:
                extra_bits.append(f"due {task.due.isoformat()}")
            tail = f" ({'; '.join(extra_bits)})" if extra_bits else ""
            lines.append(f"  {i}. {task.text}{tail}")
    if checks is None and findings:
        lines += ["", "Findings"]
        lines += [f"  {f}" for f in findings]
    for added in extra:
        lines += ["", added.title]
        if added.text:
            lines.append(f"  {added.text}")
        lines += [_dotted(a, b) for a, b in added.rows]
    s = _summary(findings, checks)
    head = f"{_n(s['checks'], 'check')}, {s['passed']} passed · " if checks is not None else ""
    lines += [
        "",
        f"Summary: {head}{_n(s['errors'], 'error')} · {_n(s['warnings'], 'warning')}",
    ]
    return "\n".join(lines) + "\n"


# --- Markdown ---------------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown(
    report: AnnualReport,
    findings: Sequence[Finding],
    checks: Sequence[CheckResult] | None,
    extra: Sequence[RenderSection],
) -> str:
    lines: list[str] = [f"# {report.title or 'Report for ' + report.place}", ""]
    place = report.place + (f" {report.place_name}" if report.place_name else "")
    lines += [
        f"- **Place:** {place}",
        f"- **Period:** {_period_line(report, spans=False)}",
        f"- **Source:** {report.source.document} ({report.source.confidence.value})",
    ]
    groups = _group_checks(report, checks) if checks is not None else {}

    def emit_checks(key: str) -> None:
        items = groups.get(key, [])
        if not items:
            return
        lines.append("")
        for c in items:
            msg = f" — {c.finding.severity.value}: {c.finding.message}" if c.finding else ""
            lines.append(f"- {_mark(c)} {_checked(c)}: {c.description} [`{c.rule}`]{msg}")

    emit_checks("general")
    for path, section in report.sections():
        lines += [
            "",
            f"## {_section_title(path, section)}",
            "",
            f"Confidence: {report.confidence_of(section).value}",
            "",
            "| metric | figure |",
            "|---|---|",
        ]
        for metric, fig in section.figures():
            lines.append(f"| {_md(metric.label)} | {_md(format_figure(fig))} |")
        if section.breakdown is not None:
            lines.append(f"| Phân theo cấp | {section.breakdown.vietnamese} |")
        if section.note:
            lines += ["", f"*{section.note}*"]
        emit_checks(path)
    if report.documents:
        lines += ["", "## Documents cited", ""]
        lines += [f"- {doc}" for doc in report.documents]
        emit_checks("documents")
    if report.table is not None:
        lines += ["", "## Figure table", "", "| id | figure | value |", "|---|---|---|"]
        for f in report.table.figures:
            lines.append(f"| {f.id} | {_md(f.label)} | {_md(f.shown)} |")
        emit_checks("table")
    if report.tasks:
        lines += ["", "## Tasks for the next period", ""]
        lines += [f"{i}. {t.text}" for i, t in enumerate(report.tasks, 1)]
    if checks is None and findings:
        lines += ["", "## Findings", ""]
        lines += [
            f"- **{f.severity.value}** `{f.rule}` at `{f.path}`: {f.message}" for f in findings
        ]
    for added in extra:
        lines += ["", f"## {added.title}", ""]
        if added.text:
            lines += [added.text, ""]
        if added.rows:
            lines += ["| | |", "|---|---|"]
            lines += [f"| {_md(a)} | {_md(b)} |" for a, b in added.rows]
    s = _summary(findings, checks)
    head = f"{_n(s['checks'], 'check')}, {s['passed']} passed; " if checks is not None else ""
    lines += [
        "",
        f"**Summary:** {head}{_n(s['errors'], 'error')}, {_n(s['warnings'], 'warning')}",
        "",
    ]
    return "\n".join(lines)
