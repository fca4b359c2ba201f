"""The checker's rules, as data: each rule's id, default severity and what it says.

:data:`RULES` is the catalogue (the report format reference explains each rule, and a
test keeps the two in step); :class:`FindingList` is what :func:`qcdc.reports.check`
returns: a plain list of :class:`~qcdc.findings.Finding` with a notebook view.

>>> [r.id for r in RULES if r.severity.value == "warning"][:3]
['tally.recommended-le-violations', 'gazetteer.not-covered', 'task.due-before-report']
"""

from __future__ import annotations

from typing import Any

import attrs

from qcdc._optional import require
from qcdc.findings import Finding, Severity, findings_html

__all__ = ["RULES", "FindingList", "Rule"]


class FindingList(list[Finding]):
    """The findings of :func:`check`: a plain list, with a notebook view and ``to_pandas()``."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.WARNING]

    def _repr_html_(self) -> str:
        return findings_html(list(self))

    def to_pandas(self) -> Any:
        """One row per finding: rule, severity, path, message."""
        pd = require("pandas")
        return pd.DataFrame(
            [f.to_dict() for f in self], columns=["rule", "severity", "path", "message"]
        )

    def to_json(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self]


@attrs.frozen
class Rule:
    """A rule of the checker: its id, default severity, what it says, and ``label``: what a
    check of it checks, in a few words ("the place is a known unit"), the way a report
    names a passed or failed check (the id follows in brackets)."""

    id: str
    severity: Severity
    summary: str
    label: str = ""


RULES: tuple[Rule, ...] = (
    Rule(
        "total.sum-of-parts",
        Severity.ERROR,
        "a total equals the sum of its listed parts",
        "the parts add up to the total",
    ),
    Rule(
        "hamlets.before-minus-after",
        Severity.ERROR,
        "thôn/TDP before − after = the stated reduction",
        "before − after is the reduction",
    ),
    Rule(
        "percent.matches-ratio",
        Severity.ERROR,
        "a stated percentage matches its ratio to the precision it was printed with",
        "the percentage matches its ratio",
    ),
    Rule(
        "order.part-le-whole",
        Severity.ERROR,
        "a part never exceeds its whole",
        "the part is within its whole",
    ),
    Rule(
        "tally.violations-le-supervised",
        Severity.ERROR,
        "cases with signs of violation ≤ cases supervised",
        "violations are within the cases supervised",
    ),
    Rule(
        "tally.resolved-le-recommended",
        Severity.ERROR,
        "recommendations settled ≤ recommendations made",
        "settled are within those recommended",
    ),
    Rule(
        "tally.recommended-le-violations",
        Severity.WARNING,
        "cases recommended ≤ cases with signs of violation "
        "(boards may also recommend improvements)",
        "recommended are within the violations",
    ),
    Rule(
        "place.unknown",
        Severity.ERROR,
        "the place is a unit in force on the report's date",
        "the place is a known unit",
    ),
    Rule(
        "units.total-matches-gazetteer",
        Severity.ERROR,
        "the number of units of a level equals the official list on the report's date",
        "the unit count is the official list's",
    ),
    Rule(
        "units.count-by-kind",
        Severity.ERROR,
        "the number of units of each kind equals the official list on the report's date",
        "the count of the kind is the official list's",
    ),
    Rule(
        "coverage.denominator-matches-units",
        Severity.ERROR,
        "the denominator of a coverage ratio is the number of units the place has",
        "the coverage is out of all the place's units",
    ),
    Rule(
        "gazetteer.not-covered",
        Severity.WARNING,
        "the report's date is outside the official lists qcdc has: unit checks were skipped",
        "an official list covers the report's date",
    ),
    Rule(
        "document.unparsable",
        Severity.ERROR,
        "every cited document number parses",
        "the document number is well formed",
    ),
    Rule(
        "document.year-after-report",
        Severity.ERROR,
        "no cited document carries a year after the report's date",
        "the document's year is not after the report",
    ),
    Rule(
        "document.date-after-report",
        Severity.ERROR,
        "no cited document is dated after the report",
        "the document is not dated after the report",
    ),
    Rule(
        "period.report-before-period",
        Severity.ERROR,
        "a report is not presented before the period it covers begins",
        "the report is not dated before its period",
    ),
    Rule(
        "task.due-before-report",
        Severity.WARNING,
        "a task set for the next period is not due before the report itself",
        "the task is not due before the report",
    ),
    Rule(
        "percent.truncated",
        Severity.WARNING,
        "a stated percentage matches its ratio only when read as truncated, not rounded",
        "the percentage is rounded, not truncated",
    ),
    Rule(
        "place.not-in-gazetteer",
        Severity.WARNING,
        "a place written as a name is one unit of the official list (else no unit check)",
        "the place name is one unit",
    ),
    Rule(
        "period.year-from-date",
        Severity.WARNING,
        "a period printed without its year takes the year of the report's date",
        "the period has its own year",
    ),
    Rule(
        "period.undated",
        Severity.WARNING,
        "a report with no date whose period prints no year is checked without dates: the "
        "rules that need one are skipped, and named",
        "the report has a date or a year",
    ),
    Rule(
        "table.sum-of-parts",
        Severity.ERROR,
        "a whole of the figure table equals the sum of its complete breakdown",
        "the parts add up to the whole",
    ),
    Rule(
        "table.sum-rounding",
        Severity.WARNING,
        "rounded parts add up to a rounded whole only within the sum of their half-units",
        "the rounded parts add up to the rounded whole",
    ),
    Rule(
        "table.partial-parts",
        Severity.ERROR,
        "the parts listed of a whole ('trong đó') do not exceed it",
        "the listed parts are within the whole",
    ),
    Rule(
        "table.sum-by-level",
        Severity.ERROR,
        "the figures of each level add up to the whole",
        "the levels add up to the whole",
    ),
    Rule(
        "table.before-after",
        Severity.ERROR,
        "after − before is the stated change, in its direction (an increase is > 0)",
        "after − before is the stated change",
    ),
    Rule(
        "table.percent-change",
        Severity.ERROR,
        "a printed rate of change matches |after − before| / before",
        "the rate of change matches",
    ),
    Rule(
        "table.percent",
        Severity.ERROR,
        "a printed percentage matches numerator / denominator to its printed precision",
        "the percentage matches its ratio",
    ),
    Rule(
        "table.percent-truncated",
        Severity.WARNING,
        "a printed percentage matches its ratio only when truncated, not rounded",
        "the percentage is rounded, not truncated",
    ),
    Rule(
        "table.plan-achieved",
        Severity.ERROR,
        "a printed share of the plan matches achieved / planned",
        "the share of the plan matches",
    ),
    Rule(
        "level.sum-of-levels",
        Severity.ERROR,
        "a section's figures by level add up to its whole (every level given, or the "
        "breakdown marked complete)",
        "the levels add up to the whole",
    ),
    Rule(
        "level.partial-levels",
        Severity.ERROR,
        "a section's figures by level do not exceed its whole when some levels are missing "
        "or the breakdown is marked partial ('trong đó')",
        "the levels given are within the whole",
    ),
    Rule(
        "petitions.within-received",
        Severity.ERROR,
        "petitions within the jurisdiction ≤ petitions received",
        "those within jurisdiction are among those received",
    ),
    Rule(
        "petitions.resolved-within",
        Severity.ERROR,
        "petitions resolved ≤ petitions within the jurisdiction",
        "the resolved are within those of the jurisdiction",
    ),
    Rule(
        "front.answered-made",
        Severity.ERROR,
        "the Front's recommendations answered ≤ recommendations made",
        "the answered are within the recommendations made",
    ),
    Rule(
        "contributions.money-by-source",
        Severity.ERROR,
        "money raised = the sum of its sources (not below the sources given, when some are "
        "missing)",
        "the sources add up to the money raised",
    ),
    Rule(
        "contributions.land-by-kind",
        Severity.ERROR,
        "land donated = residential land + farmland, in m² (not below the kind given, when "
        "the other is missing)",
        "the kinds of land add up to the land donated",
    ),
    Rule(
        "workplace.agencies-held-required",
        Severity.ERROR,
        "agencies that held their conference of officials ≤ agencies required to hold one",
        "the agencies that held one are within those required",
    ),
    Rule(
        "workplace.enterprises-held-required",
        Severity.ERROR,
        "enterprises that held their workers' conference ≤ enterprises required to hold one",
        "the enterprises that held one are within those required",
    ),
    Rule(
        "conventions.approved-total",
        Severity.ERROR,
        "village conventions approved ≤ village conventions in total",
        "the approved are within the total",
    ),
    Rule(
        "awards.collectives-individuals",
        Severity.ERROR,
        "commendations in total = collectives + individuals commended (not below the one "
        "given, when the other is missing)",
        "collectives and individuals add up to the total",
    ),
)
"""Every rule of :func:`check`, with its default severity (see the report format reference)."""
_RULES_BY_ID = {r.id: r for r in RULES}
