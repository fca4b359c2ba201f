"""Before/after summaries of a merger plan, by commune, district or province.

:func:`summarize` counts the communities (and households) of two registries — or of a
registry and the :class:`PlanOutcome` of a plan applied to it, which adds what the plan
did (:class:`ChangeCounts`) — per area, with a total row that the rows add up to.

>>> row = SummaryRow("001", "Huyện Mẫu", before=3, after=2, households_before=630,
...                  households_after=630)
>>> row.reduction, row.reduction_percent
(1, Decimal('33.3'))
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from qcdc._optional import require
from qcdc.errors import InputError, UnknownUnit
from qcdc.findings import Finding
from qcdc.hamlets.model import CommunityKey, UnknownCommunity
from qcdc.units import AdministrativeUnit, UnitLevel

if TYPE_CHECKING:
    from qcdc.hamlets.plans import MergerPlan
    from qcdc.hamlets.registry import HamletRegistry

__all__ = [
    "ChangeCounts",
    "PlanOutcome",
    "Summary",
    "SummaryRow",
    "summarize",
]


@attrs.frozen
class ChangeCounts:
    """What a plan did in one area.

    ``merged``: communities that were sources of a merger (a surviving source
    included); ``new``: communities that resulted from mergers (one per merger);
    so mergers removed ``merged − new`` communities.  ``dissolved``, ``renamed``
    and ``converted`` count communities.
    """

    merged: int = 0
    new: int = 0
    renamed: int = 0
    dissolved: int = 0
    converted: int = 0

    def __add__(self, other: ChangeCounts) -> ChangeCounts:
        return ChangeCounts(
            self.merged + other.merged,
            self.new + other.new,
            self.renamed + other.renamed,
            self.dissolved + other.dissolved,
            self.converted + other.converted,
        )


@attrs.frozen
class PlanOutcome:
    """A plan applied to a registry: the registry after it, and the lineage."""

    plan: MergerPlan
    before: HamletRegistry
    after: HamletRegistry
    lineage: Mapping[CommunityKey, CommunityKey | None]
    """every changed community's key → its successor's key (``None``: dissolved)."""
    changes: Mapping[str, ChangeCounts]
    """per commune code."""
    findings: tuple[Finding, ...]
    """the warnings the check found (errors prevent applying)."""

    def successor(self, key: CommunityKey) -> CommunityKey | None:
        """Where a community of the registry went (itself when unchanged)."""
        if key in self.lineage:
            return self.lineage[key]
        if key in self.before:
            return key
        raise UnknownCommunity(f"no community {key[0]}:{key[1]} in the registry before the plan")

    def summary(self, by: UnitLevel | str = UnitLevel.COMMUNE) -> Summary:
        return summarize(self.before, self, by=by)

    def lineage_records(self) -> list[dict[str, str]]:
        """``commune_code, id, successor_id`` rows (blank successor: dissolved), sorted."""
        return [
            {
                "commune_code": old[0],
                "id": old[1],
                "successor_commune_code": new[0] if new else "",
                "successor_id": new[1] if new else "",
            }
            for old, new in sorted(self.lineage.items())
        ]


_ROUNDING = (
    "reduction_percent = 100 × reduction / before, rounded half-up to one decimal place "
    "(0.1 percentage point); empty when before is 0"
)


def _percent(reduction: int, before: int, places: int = 1) -> Decimal | None:
    if before == 0:
        return None
    exact = Decimal(reduction * 100) / Decimal(before)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@attrs.frozen
class SummaryRow:
    """Counts before and after for one area (or the total).

    Change counts (``merged``, ``new``, ``renamed``, ``dissolved``,
    ``converted``) are ``None`` when the summary was made from two registries
    without the plan that links them.
    """

    code: str
    name: str
    before: int
    after: int
    households_before: int
    households_after: int
    merged: int | None = None
    new: int | None = None
    renamed: int | None = None
    dissolved: int | None = None
    converted: int | None = None

    @property
    def reduction(self) -> int:
        return self.before - self.after

    @property
    def reduction_percent(self) -> Decimal | None:
        """100 × reduction / before, rounded half-up to 0.1 (``None`` when before is 0)."""
        return _percent(self.reduction, self.before)

    def percent(self, places: int = 1) -> Decimal | None:
        """The reduction percent rounded half-up to ``places`` decimals (0: whole percent)."""
        return _percent(self.reduction, self.before, places)

    def to_dict(self) -> dict[str, Any]:
        pct = self.reduction_percent
        return {
            "code": self.code,
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "reduction": self.reduction,
            "reduction_percent": None if pct is None else float(pct),
            "households_before": self.households_before,
            "households_after": self.households_after,
            "merged": self.merged,
            "new": self.new,
            "renamed": self.renamed,
            "dissolved": self.dissolved,
            "converted": self.converted,
        }


_COLUMNS = (
    "code",
    "name",
    "before",
    "after",
    "reduction",
    "reduction_percent",
    "merged",
    "new",
    "renamed",
    "dissolved",
    "converted",
)


@attrs.frozen
class Summary:
    """Before/after counts by commune, district or province, with a total row."""

    by: UnitLevel
    on: dt.date
    rows: tuple[SummaryRow, ...]
    total: SummaryRow
    rounding: ClassVar[str] = _ROUNDING

    def row(self, code: str) -> SummaryRow:
        """The row of one area by its code."""
        for r in self.rows:
            if r.code == code:
                return r
        raise UnknownUnit(
            code, self.on, detail=f"no row for it in this {self.by.name.lower()} summary"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by.name.lower(),
            "on": self.on.isoformat(),
            "rounding": self.rounding,
            "rows": [r.to_dict() for r in self.rows],
            "total": self.total.to_dict(),
        }

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``, one row per area (the total not included)."""
        pd = require("pandas")
        records = []
        for r in self.rows:
            d = r.to_dict()
            d["reduction_percent"] = r.reduction_percent
            records.append(d)
        return pd.DataFrame(records, columns=list(records[0]) if records else list(_COLUMNS))

    def _cells(self, r: SummaryRow) -> list[str]:
        pct = r.reduction_percent
        return [
            r.code,
            r.name,
            str(r.before),
            str(r.after),
            str(r.reduction),
            "" if pct is None else f"{pct}%",
            *(
                "" if v is None else str(v)
                for v in (r.merged, r.new, r.renamed, r.dissolved, r.converted)
            ),
        ]

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in _COLUMNS)

        def tr(r: SummaryRow, bold: bool = False) -> str:
            cells = "".join(
                f"<td>{'<b>' if bold else ''}{html.escape(v)}{'</b>' if bold else ''}</td>"
                for v in self._cells(r)
            )
            return f"<tr>{cells}</tr>"

        body = "".join(tr(r) for r in self.rows) + tr(self.total, bold=True)
        return (
            f"<p>Summary by {self.by.name.lower()} on {self.on.isoformat()}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<p><small>{html.escape(self.rounding)}</small></p>"
        )

    def __str__(self) -> str:
        table = [list(_COLUMNS)] + [self._cells(r) for r in self.rows] + [self._cells(self.total)]
        widths = [max(len(row[k]) for row in table) for k in range(len(_COLUMNS))]
        lines = []
        for n, row in enumerate(table):
            cells = [
                row[k].ljust(widths[k]) if k < 2 else row[k].rjust(widths[k])
                for k in range(len(row))
            ]
            lines.append("  ".join(cells).rstrip())
            if n == 0 or n == len(table) - 2:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)


def summarize(
    before: HamletRegistry,
    after: HamletRegistry | PlanOutcome,
    *,
    by: UnitLevel | str = UnitLevel.COMMUNE,
    on: dt.date | None = None,
) -> Summary:
    """Counts before and after, per commune, district or province, and in total.

    Areas come from the gazetteer's ancestors on ``on`` (default: the date of
    ``before``).  Pass the :class:`PlanOutcome` as ``after`` to get the change
    counts; with a bare registry they are ``None``.  Rows roll up exactly:
    the rows of a district add up to the district's row.
    """
    level = UnitLevel.parse(by) if isinstance(by, str) else by
    if isinstance(after, PlanOutcome):
        changes: Mapping[str, ChangeCounts] | None = after.changes
        after_reg = after.after
    else:
        changes = None
        after_reg = after
    when = before.on if on is None else on
    count_b: Counter[str] = Counter()
    hh_b: Counter[str] = Counter()
    for c in before.communities:
        count_b[c.commune_code] += 1
        hh_b[c.commune_code] += c.households
    count_a: Counter[str] = Counter()
    hh_a: Counter[str] = Counter()
    for c in after_reg.communities:
        count_a[c.commune_code] += 1
        hh_a[c.commune_code] += c.households
    groups: dict[str, list[Any]] = {}
    names: dict[str, str] = {}
    for commune in set(count_b) | set(count_a):
        place = before._place(commune, when)
        if place.unit is None:
            raise UnknownUnit(
                commune, when, detail=f"{place.problem}; run the registry's check() first"
            )
        if level is UnitLevel.COMMUNE:
            area: AdministrativeUnit | None = place.unit
        elif level is UnitLevel.DISTRICT:
            area = place.district
            if area is None:
                raise InputError(
                    f"commune {commune} has no district on {when.isoformat()} "
                    "(there is no district level from 1 July 2025)",
                    field="by",
                    hint="summarise by commune or province",
                )
        else:
            area = place.province
            if area is None:
                raise UnknownUnit(commune, when, detail="its province is not in the gazetteer")
        assert area is not None
        acc = groups.setdefault(area.code, [0, 0, 0, 0, ChangeCounts()])
        names[area.code] = area.name
        acc[0] += count_b[commune]
        acc[1] += count_a[commune]
        acc[2] += hh_b[commune]
        acc[3] += hh_a[commune]
        if changes is not None and commune in changes:
            acc[4] = acc[4] + changes[commune]

    def make(code: str, name: str, acc: list[Any]) -> SummaryRow:
        ch: ChangeCounts = acc[4]
        if changes is None:
            return SummaryRow(code, name, acc[0], acc[1], acc[2], acc[3])
        return SummaryRow(
            code,
            name,
            acc[0],
            acc[1],
            acc[2],
            acc[3],
            ch.merged,
            ch.new,
            ch.renamed,
            ch.dissolved,
            ch.converted,
        )

    rows = tuple(make(code, names[code], groups[code]) for code in sorted(groups))
    total_acc: list[Any] = [0, 0, 0, 0, ChangeCounts()]
    for code in groups:
        acc = groups[code]
        for k in range(4):
            total_acc[k] += acc[k]
        total_acc[4] = total_acc[4] + acc[4]
    total = make("", "total", total_acc)
    return Summary(level, when, rows, total)
