"""Findings: what a checker reports, one broken (or noteworthy) rule each.

Every checker in qcdc (merger plans, inspection tallies, annual reports)
returns ``list[Finding]`` without raising; :func:`raise_for` turns the
error-level findings into one :class:`~qcdc.errors.ValidationFailed`.

>>> f = Finding("tally.violations-le-supervised", Severity.ERROR, "inspection",
...             "violations (700) must not exceed supervised (600)")
>>> f.is_error
True
>>> f.to_dict()["severity"]
'error'
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from qcdc.errors import ValidationFailed

__all__ = ["Finding", "Severity", "errors_only", "findings_html", "raise_for"]


class Severity(enum.Enum):
    """How serious a finding is. Only ``ERROR`` makes a command exit with status 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return self.value


def _freeze_figures(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value or {})


@attrs.frozen
class Finding:
    """One result of a check.

    ``rule`` is a stable dotted id (documented in the reference), ``path``
    says where (``actions[3].sources[1]``, ``inspection.violations``, a CSV
    row), ``figures`` holds the values involved.
    """

    rule: str = attrs.field(validator=attrs.validators.instance_of(str))
    severity: Severity = attrs.field(validator=attrs.validators.instance_of(Severity))
    path: str = attrs.field(validator=attrs.validators.instance_of(str))
    message: str = attrs.field(validator=attrs.validators.instance_of(str))
    figures: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_freeze_figures, eq=False, hash=False
    )

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape shared by every command: rule, severity, path, message (+ figures)."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
        }
        if self.figures:
            out["figures"] = {k: _jsonable(v) for k, v in self.figures.items()}
        return out

    def __str__(self) -> str:
        return f"{self.severity.value}: [{self.rule}] {self.path}: {self.message}"

    def _repr_html_(self) -> str:
        return findings_html([self])


def _jsonable(value: Any) -> Any:
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def errors_only(findings: Iterable[Finding]) -> list[Finding]:
    """The error-level findings, in order."""
    return [f for f in findings if f.is_error]


def raise_for(what: str, findings: Sequence[Finding]) -> None:
    """Raise one :class:`~qcdc.errors.ValidationFailed` holding every error-level finding,
    if any."""
    errors = errors_only(findings)
    if errors:
        raise ValidationFailed.from_findings(what, errors)


def findings_html(findings: Sequence[Finding]) -> str:
    """A small HTML table of findings, for notebooks."""
    if not findings:
        return "<p>No findings.</p>"
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(f.severity.value)}</td><td><code>{html.escape(f.rule)}</code></td>"
        f"<td><code>{html.escape(f.path)}</code></td><td>{html.escape(f.message)}</td>"
        "</tr>"
        for f in findings
    )
    return (
        "<table><thead><tr><th>severity</th><th>rule</th><th>path</th><th>message</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
