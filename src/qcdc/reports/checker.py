"""The consistency checker: every rule of :data:`~qcdc.reports.RULES` run on a report.

:func:`check` returns one :class:`~qcdc.findings.Finding` per broken rule: totals
against their parts, percentages against their ratios, the orderings of the law,
denominators against the official unit list of the report's date, document numbers and
dates.  :func:`run_checks` returns every check run, passed or failed (a
:class:`CheckResult` each); :func:`validate` raises them as one
:class:`~qcdc.errors.ValidationFailed`.  Hedged figures (``hơn 3.000``) are compared as
the intervals they stand for, and a ``khoảng`` figure only ever warns.  Nothing here
reads the clock: the report's own date decides which official list is asked; an undated
report (no date, a period without its year) has the rules that need no date run as usual and
the others named in one warning, ``period.undated``.

The checker reads a report through its sections (:mod:`qcdc.reports.sections`); it
names :class:`~qcdc.reports.AnnualReport` only for the type checker, because
:meth:`AnnualReport.check <qcdc.reports.AnnualReport.check>` calls it.

>>> from qcdc.reports import load_embedded
>>> report = load_embedded("hanoi-2021")
>>> check(report)
[]
>>> broken = attrs.evolve(report, hamlets=attrs.evolve(report.hamlets, percent="35%"))
>>> [f.rule for f in check(broken, against_gazetteer=False)]
['percent.matches-ratio']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from qcdc.errors import InputError, OutOfCoverage
from qcdc.findings import Finding, Severity, raise_for
from qcdc.numbers import Direction, Figure, Interval, format_number, percent_interval
from qcdc.reports._record_rules import check_dates, check_documents
from qcdc.reports._section_rules import _in_m2, _iv, _show, check_section
from qcdc.reports.rules import _RULES_BY_ID, FindingList
from qcdc.reports.sections import (
    _SECTION_TYPES,
    HamletReorganisation,
    InspectionFigures,
    OnlineServices,
    UnitCounts,
)
from qcdc.units import UnitLevel

if TYPE_CHECKING:
    from qcdc.reports.model import AnnualReport
    from qcdc.units.gazetteer import Gazetteer

__all__ = ["CheckResult", "check", "run_checks", "validate"]


def _is_report(value: object) -> bool:
    """``value`` is a report to check: it has sections and a date (``None`` when undated).
    (The checker cannot name :class:`~qcdc.reports.AnnualReport` at run time: the model
    imports the checker.)"""
    on = getattr(value, "on", False)
    return callable(getattr(value, "sections", None)) and (
        isinstance(on, dt.date) or (on is None and getattr(value, "is_undated", False) is True)
    )


@attrs.frozen
class CheckResult:
    """One check the checker ran: passed (``finding is None``) or failed."""

    rule: str
    path: str
    description: str
    finding: Finding | None = None

    @property
    def passed(self) -> bool:
        return self.finding is None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "path": self.path,
            "passed": self.passed,
            "description": self.description,
        }
        if self.finding is not None:
            out["severity"] = self.finding.severity.value
            out["message"] = self.finding.message
        return out


def _num(value: Decimal | None) -> str:
    if value is None:
        return "∞"
    if value < 0:
        return "−" + format_number(-value)
    return format_number(value)


def _severity_for(rule: str, *figures: Figure | None) -> Severity:
    """The rule's severity, lowered to a warning when a ``khoảng`` figure is involved."""
    base = _RULES_BY_ID[rule].severity
    if any(f is not None and f.direction is Direction.AROUND for f in figures):
        return Severity.WARNING
    return base


def _hedge_note(*figures: Figure | None) -> str:
    hedged = [f for f in figures if f is not None and not f.exact]
    if not hedged:
        return ""
    return (
        " (hedged figures compared in their direction only: "
        + ", ".join(f"{_show(f)} means {_describe_interval(f.interval())}" for f in hedged)
        + ")"
    )


def _describe_interval(iv: Interval) -> str:
    if iv.hi is None:
        return f"at least {_num(iv.lo)}"
    if iv.lo is None or iv.lo == 0:
        return f"at most {_num(iv.hi)}"
    if iv.is_point:
        return _num(iv.lo)
    return f"{_num(iv.lo)} to {_num(iv.hi)}"


class _Checker:
    def __init__(self, report: AnnualReport) -> None:
        self.report = report
        self.results: list[CheckResult] = []
        self.code = report.place
        """The unit code the place stands for (a name resolved through the official list)."""

    def ok(self, rule: str, path: str, description: str) -> None:
        self.results.append(CheckResult(rule, path, description))

    def fail(
        self,
        rule: str,
        path: str,
        description: str,
        message: str,
        *,
        severity: Severity | None = None,
        figures: Mapping[str, Any] | None = None,
    ) -> None:
        finding = Finding(
            rule,
            severity or _RULES_BY_ID[rule].severity,
            path,
            message,
            figures=figures or {},
        )
        self.results.append(CheckResult(rule, path, description, finding))

    # ---- generic relations

    def total(
        self,
        path: str,
        whole: Figure,
        parts: Sequence[tuple[str, Figure]],
        *,
        extra: str = "",
        rule: str = "total.sum-of-parts",
    ) -> None:
        total_iv = _iv(whole)
        summed = Interval.point(0)
        for _, fig in parts:
            summed = summed + _iv(fig)
        sum_text = " + ".join(_show(f) for _, f in parts)
        desc = f"{sum_text} = {_show(whole)}"
        if total_iv.overlaps(summed):
            self.ok(rule, path, desc)
            return
        figs = [whole, *(f for _, f in parts)]
        self.fail(
            rule,
            path,
            desc,
            "the total must equal the sum of its parts: "
            f"{sum_text} = {_describe_interval(summed)}{_in_m2(*figs)}, "
            f"but the total is {_show(whole)}{_hedge_note(*figs)}{extra}",
            severity=_severity_for(rule, *figs),
            figures={"total": _show(whole), **{p: _show(f) for p, f in parts}},
        )

    def order(
        self,
        part_path: str,
        part: Figure | Interval,
        whole_path: str,
        whole: Figure,
        *,
        part_text: str | None = None,
        rule: str = "order.part-le-whole",
    ) -> None:
        part_iv = _iv(part) if isinstance(part, Figure) else part
        shown = part_text or (
            _show(part) if isinstance(part, Figure) else _describe_interval(part_iv)
        )
        p_name, w_name = part_path.rsplit(".", 1)[-1], whole_path.rsplit(".", 1)[-1]
        desc = f"{p_name} {shown} ≤ {w_name} {_show(whole)}"
        if part_iv.may_be_le(_iv(whole)):
            self.ok(rule, part_path, desc)
            return
        figs = [whole, part if isinstance(part, Figure) else None]
        self.fail(
            rule,
            part_path,
            desc,
            f"{p_name} ({shown}) must not exceed {w_name} ({_show(whole)}){_hedge_note(*figs)}",
            severity=_severity_for(rule, *figs),
            figures={p_name: shown, w_name: _show(whole)},
        )

    def percent(
        self,
        path: str,
        stated: Figure,
        numerator: Interval,
        denominator: Interval,
        num_text: str,
        den_text: str,
        *involved: Figure | None,
    ) -> None:
        computed = percent_interval(numerator, denominator)
        if computed is None:
            if denominator.is_point and denominator.lo == 0:
                self.fail(
                    "percent.matches-ratio",
                    path,
                    f"{num_text} / {den_text}",
                    f"{_show(stated)} cannot be a percentage of 0",
                    figures={"stated": _show(stated), "denominator": den_text},
                )
            return
        if computed.is_point and computed.lo is not None:
            value_text = format_number(computed.lo, decimals=stated.decimals + 1) + "%"
        else:
            value_text = f"{_num_pct(computed.lo, stated)}–{_num_pct(computed.hi, stated)}"
        desc = f"{num_text} / {den_text} = {value_text} ≈ {_show(stated)}"
        exact = _printed_percent(stated)
        if exact is not None:
            lo, hi = exact
            fits = computed.hi is None or computed.hi >= lo
            if fits and (computed.lo is None or computed.lo < hi):
                self.ok("percent.matches-ratio", path, desc)
                return
            step = hi - lo
            if (computed.hi is None or computed.hi >= lo + step / 2) and (
                computed.lo is None or computed.lo < hi + step / 2
            ):
                self.fail(
                    "percent.truncated",
                    path,
                    desc,
                    f"{_show(stated)} matches {num_text} / {den_text} = {value_text} only when "
                    f"truncated (from {_num_pct(lo + step / 2, stated)} up to "
                    f"{_num_pct(hi + step / 2, stated)}), not rounded (from "
                    f"{_num_pct(lo, stated)} up to {_num_pct(hi, stated)})",
                    figures={"stated": _show(stated), "computed": value_text},
                )
                return
        elif stated.interval().overlaps(computed):
            self.ok("percent.matches-ratio", path, desc)
            return
        iv = stated.interval()
        if stated.exact:
            allowed = f"allowed {_num_pct(iv.lo, stated)} to {_num_pct(iv.hi, stated)}"
        else:
            allowed = (
                f"{_show(stated)} means {_describe_interval(iv)}%, compared in its direction only"
            )
        figs = [stated, *involved]
        self.fail(
            "percent.matches-ratio",
            path,
            desc,
            f"{_show(stated)} must match {num_text} / {den_text} = {value_text} to the precision "
            f"it was printed with ({allowed}){_hedge_note(*involved)}",
            severity=_severity_for("percent.matches-ratio", *figs),
            figures={
                "stated": _show(stated),
                "numerator": num_text,
                "denominator": den_text,
                "computed": value_text,
            },
        )

    # ---- per section

    def hamlets(self, section: HamletReorganisation) -> None:
        before, after, reduction = section.before, section.after, section.reduction
        if before is not None and after is not None and reduction is not None:
            diff = before.interval() - after.interval()
            desc = f"{_show(before)} − {_show(after)} = {_show(reduction)}"
            figs = [before, after, reduction]
            if diff.overlaps(reduction.interval()):
                self.ok("hamlets.before-minus-after", "hamlets.reduction", desc)
            else:
                self.fail(
                    "hamlets.before-minus-after",
                    "hamlets.reduction",
                    desc,
                    f"before − after must equal the reduction: {_show(before)} − {_show(after)} = "
                    f"{_describe_interval(diff)}, but the reduction is {_show(reduction)}"
                    f"{_hedge_note(*figs)}",
                    severity=_severity_for("hamlets.before-minus-after", *figs),
                    figures={
                        "before": _show(before),
                        "after": _show(after),
                        "reduction": _show(reduction),
                    },
                )
        if section.percent is not None and before is not None:
            if after is not None:
                numerator = before.interval() - after.interval()
                num_text = f"({_show(before)} − {_show(after)})"
                involved: tuple[Figure | None, ...] = (before, after)
            elif reduction is not None:
                numerator = reduction.interval()
                num_text = _show(reduction)
                involved = (reduction, before)
            else:
                return
            self.percent(
                "hamlets.percent",
                section.percent,
                numerator,
                before.interval(),
                num_text,
                _show(before),
                *involved,
            )

    def inspection(self, section: InspectionFigures) -> None:
        from qcdc.inspection import CaseTally

        tally = section.tally()
        assert isinstance(tally, CaseTally)
        by_rule = {f.rule: f for f in tally.check(path="inspection")}
        for rule_id, small, big in (
            ("tally.violations-le-supervised", "violations", "supervised"),
            ("tally.resolved-le-recommended", "resolved", "recommended"),
            ("tally.recommended-le-violations", "recommended", "violations"),
        ):
            a, b = section.figure(small), section.figure(big)
            if a is None or b is None:
                continue
            path = f"inspection.{small}"
            desc = f"{small} {_show(a)} ≤ {big} {_show(b)}"
            if getattr(tally, small) is not None and getattr(tally, big) is not None:
                found = by_rule.get(rule_id)
                if found is None:
                    self.ok(rule_id, path, desc)
                else:
                    self.results.append(CheckResult(rule_id, path, desc, found))
                continue
            if a.interval().may_be_le(b.interval()):
                self.ok(rule_id, path, desc)
            else:
                self.fail(
                    rule_id,
                    path,
                    desc,
                    f"{small} ({_show(a)}) must not exceed {big} ({_show(b)}){_hedge_note(a, b)}",
                    severity=_severity_for(rule_id, a, b),
                    figures={small: _show(a), big: _show(b)},
                )

    def online(self, section: OnlineServices) -> None:
        cov = section.coverage
        if cov is None or cov.denominator is None:
            return
        whole = Figure(number=cov.denominator)
        self.order(
            "online_services.coverage",
            Figure(number=cov.number, hedge=cov.hedge),
            "online_services.units",
            whole,
            part_text=_show(Figure(number=cov.number, hedge=cov.hedge)),
        )
        if section.percent is not None:
            self.percent(
                "online_services.percent",
                section.percent,
                cov.interval(),
                Interval.point(cov.denominator),
                _show(Figure(number=cov.number, hedge=cov.hedge)),
                format_number(cov.denominator),
                cov,
            )

    # ---- against the official list

    def gazetteer_rules(self, gz: Gazetteer) -> None:
        """The place and its unit counts against the official list of the report's date
        (none for an undated report: ``period.undated`` names them as not checked)."""
        report = self.report
        if report.is_undated:
            return
        period, on = report.dated()
        code = report.place
        if not code.isdigit() and code != "VN":
            resolved = self.resolve_name(gz, code, on)
            if resolved is None:
                return
            code = resolved
        self.code = code
        if report.place == "VN":
            self.country_rules(gz, on)
            return
        try:
            place = gz.get(code, on=on)
            if place is None and report.date is None:
                # no date printed: the place is asked about on the last day of the period it
                # was in force (a district report of 2025 speaks for a district abolished on
                # 2025-07-01, not for 2025-12-31)
                alive = gz.get(code, on=period.start)
                if alive is not None and alive.valid_to is not None:
                    on = min(period.end, alive.valid_to - dt.timedelta(days=1))
                    place = alive
        except OutOfCoverage as exc:
            self.fail(
                "gazetteer.not-covered",
                "place",
                f"official list for {on.isoformat()}",
                f"no official unit list for {on.isoformat()} ({exc}); "
                "the unit counts were not checked",
            )
            return
        desc = f"{code} is in force on {on.isoformat()}"
        if place is None:
            self.fail(
                "place.unknown",
                "place",
                desc,
                f"place {code!r} must be a unit in force on {on.isoformat()}; "
                "check the code (01 is Hà Nội) and the report's date",
                figures={"place": code, "on": on.isoformat()},
            )
            return
        self.ok("place.unknown", "place", f"{place} is in force on {on.isoformat()}")
        for counts in report.units:
            self.unit_counts(gz, counts, on)
        os_ = report.online_services
        if os_ is not None and os_.coverage is not None and os_.coverage.denominator is not None:
            official = gz.count(on=on, level=os_.level, within=code)
            den = os_.coverage.denominator
            lvl = os_.level.name.lower()
            desc = (
                f"denominator {format_number(den)} = {official} {lvl}-level units "
                f"on {on.isoformat()}"
            )
            if den == official:
                self.ok("coverage.denominator-matches-units", "online_services.coverage", desc)
            else:
                self.fail(
                    "coverage.denominator-matches-units",
                    "online_services.coverage",
                    desc,
                    f"the denominator of {_show(os_.coverage)} must be the number of {lvl}-level "
                    f"units of {place.name} on {on.isoformat()}, which is {official}, "
                    f"got {format_number(den)}",
                    figures={
                        "stated": _show(os_.coverage),
                        "official": official,
                        "on": on.isoformat(),
                    },
                )

    def resolve_name(self, gz: Gazetteer, name: str, on: dt.date) -> str | None:
        """The unit code a place written as a name stands for on ``on``, when the official
        list has exactly one unit of that name and type word (a province after it narrows
        the search: ``huyện Thanh Miện (tỉnh Hải Dương)``); else the warning
        ``place.not-in-gazetteer``, and no unit check."""
        bare, *rest = [p.strip() for p in re.split(r"[(),]", name) if p.strip()]
        try:
            within = None
            for part in reversed(rest):
                parent = gz.find(part, on=on, level=UnitLevel.PROVINCE)
                if parent.status == "exact" and len(parent.candidates) == 1:
                    within = parent.candidates[0].unit.code
                    break
            found = gz.find(bare, on=on, within=within)
            if found.status != "exact" and self.report.date is None:
                # no date printed: the place may have ended inside the period (a province
                # merged on 2025-07-01 in a report for 2021–2025)
                start = getattr(self.report.period, "start", on)
                earlier = gz.find(bare, on=start, within=within)
                if earlier.status == "exact":
                    found = earlier
        except OutOfCoverage as exc:
            self.fail(
                "place.not-in-gazetteer",
                "place",
                f"{name!r} is a unit on {on.isoformat()}",
                f"the place {name!r} could not be looked up: no official unit list for "
                f"{on.isoformat()} ({exc}); the unit counts were not checked",
                figures={"place": name, "on": on.isoformat()},
            )
            return None
        best = []
        if found.status == "exact":
            best = [c for c in found.candidates if "type word matches" in c.reasons]
            if len(found.candidates) == 1:
                best = list(found.candidates)
        if len(best) == 1:
            unit = best[0].unit
            self.ok(
                "place.not-in-gazetteer",
                "place",
                f"{name!r} is {unit.code} {unit.name} on {on.isoformat()}",
            )
            return str(unit.code)
        near = [c.unit.name for c in found.candidates[:3]]
        self.fail(
            "place.not-in-gazetteer",
            "place",
            f"{name!r} is a unit on {on.isoformat()}",
            f"the place {name!r} is not one unit of the official list of {on.isoformat()}"
            + (f" (near: {', '.join(near)})" if near else "")
            + ": the unit counts were not checked against it; write its unit code to check them",
            figures={"place": name, "on": on.isoformat()},
        )
        return None

    def country_rules(self, gz: Gazetteer, on: dt.date) -> None:
        """The whole country: its units of each level against the official list."""
        try:
            gz.count(on=on, level=UnitLevel.PROVINCE)
        except OutOfCoverage as exc:
            self.fail(
                "gazetteer.not-covered",
                "place",
                f"official list for {on.isoformat()}",
                f"no official unit list for {on.isoformat()} ({exc}); "
                "the unit counts were not checked",
            )
            return
        self.ok("place.unknown", "place", f"the whole country on {on.isoformat()}")
        for counts in self.report.units:
            self.unit_counts(gz, counts, on)

    def unit_counts(self, gz: Gazetteer, counts: UnitCounts, on: dt.date) -> None:
        path = f"units.{counts.level.name.lower()}"
        lvl = counts.level.name.lower()
        within = None if self.code == "VN" else self.code
        official_total = gz.count(on=on, level=counts.level, within=within)
        official = {kind: gz.count(on=on, kind=kind, within=within) for kind, _ in counts.by_kind}
        if counts.total is not None:
            desc = (
                f"{_show(counts.total)} = {official_total} on the official list of {on.isoformat()}"
            )
            if counts.total.admits(official_total):
                self.ok("units.total-matches-gazetteer", f"{path}.total", desc)
            else:
                self.fail(
                    "units.total-matches-gazetteer",
                    f"{path}.total",
                    desc,
                    f"the report gives {_show(counts.total)} {lvl}-level units; "
                    "the official list "
                    f"of {on.isoformat()} has {official_total}{_hedge_note(counts.total)}",
                    severity=_severity_for("units.total-matches-gazetteer", counts.total),
                    figures={"stated": _show(counts.total), "official": official_total},
                )
        adds_up = True
        if counts.total is not None and counts.by_kind:
            summed = Interval.point(0)
            for _, fig in counts.by_kind:
                summed = summed + fig.interval()
            adds_up = counts.total.interval().overlaps(summed)
            differing = [
                f"{kind.vietnamese} {official[kind]} (stated {_show(fig)})"
                for kind, fig in counts.by_kind
                if not fig.admits(official[kind])
            ]
            extra = (
                "; the official list of " + on.isoformat() + " has " + ", ".join(differing)
                if differing and not adds_up
                else ""
            )
            self.total(
                f"{path}.by_kind",
                counts.total,
                [(f"{path}.by_kind.{k.vietnamese}", f) for k, f in counts.by_kind],
                extra=extra,
            )
        if not adds_up:
            return
        for kind, fig in counts.by_kind:
            kpath = f"{path}.by_kind.{kind.vietnamese}"
            desc = f"{kind.vietnamese} {_show(fig)} = {official[kind]} on {on.isoformat()}"
            if fig.admits(official[kind]):
                self.ok("units.count-by-kind", kpath, desc)
            else:
                self.fail(
                    "units.count-by-kind",
                    kpath,
                    desc,
                    f"the report gives {_show(fig)} units of kind {kind.vietnamese}; "
                    "the official "
                    f"list of {on.isoformat()} has {official[kind]}{_hedge_note(fig)}",
                    severity=_severity_for("units.count-by-kind", fig),
                    figures={
                        "kind": kind.vietnamese,
                        "stated": _show(fig),
                        "official": official[kind],
                    },
                )


def _printed_percent(stated: Figure) -> tuple[Decimal, Decimal] | None:
    """An unhedged printed percentage as the half-open interval [v − h; v + h) its last printed
    digit implies (``32%`` = [31,5; 32,5)); ``None`` for a hedged one (read by its hedge)."""
    if not stated.exact or stated.direction is not Direction.EXACT:
        return None
    half = Decimal(stated.resolution) / 2
    value = Decimal(stated.number)
    return max(value - half, Decimal(0)), value + half


def _num_pct(value: Decimal | None, stated: Figure) -> str:
    if value is None:
        return "∞"
    return format_number(value, decimals=stated.decimals + 1) + "%"


def run_checks(
    report: AnnualReport,
    gazetteer: Gazetteer | None = None,
    *,
    against_gazetteer: bool = True,
) -> list[CheckResult]:
    """Every check the checker ran on ``report``, passed or failed, in section order.

    ``gazetteer`` defaults to the embedded one (:func:`qcdc.units.gazetteer`);
    ``against_gazetteer=False`` skips every check against the official unit list.
    """
    if not _is_report(report):
        raise InputError(f"expected an AnnualReport, got {type(report).__name__}")
    c = _Checker(report)
    check_dates(report, c, against_gazetteer=against_gazetteer)
    gz = None
    if against_gazetteer and report.on is not None:  # an undated report asks no list
        if gazetteer is None:
            from qcdc.units.gazetteer import gazetteer as embedded

            gz = embedded()
        else:
            gz = gazetteer
        c.gazetteer_rules(gz)
    for path, section in report.sections():
        if isinstance(section, UnitCounts):
            continue  # checked with the official list (the sum too, to name what differs)
        check_section(c, path, section)
        if isinstance(section, HamletReorganisation):
            c.hamlets(section)
        elif isinstance(section, InspectionFigures):
            c.inspection(section)
        elif isinstance(section, OnlineServices):
            c.online(section)
    if gz is None:
        for counts in report.units:
            if counts.total is not None and counts.by_kind:
                lvl = counts.level.name.lower()
                c.total(
                    f"units.{lvl}.by_kind",
                    counts.total,
                    [(f"units.{lvl}.by_kind.{k.vietnamese}", f) for k, f in counts.by_kind],
                )
    check_documents(report, c)
    table = getattr(report, "table", None)
    if table is not None:
        from qcdc.reports._table_rules import check_table

        check_table(table, c)
    order = {key: i for i, key in enumerate(_path_order(report))}
    c.results.sort(key=lambda r: order.get(r.path.split(".")[0].split("[")[0], len(order)))
    return c.results


def _path_order(report: AnnualReport) -> list[str]:
    return [
        "date",
        "period",
        "place",
        "units",
        *(cls.KEY for cls in _SECTION_TYPES),
        "documents",
        "tasks",
        "table",
    ]


def check(
    report: AnnualReport,
    gazetteer: Gazetteer | None = None,
    *,
    against_gazetteer: bool = True,
) -> FindingList:
    """The findings for every broken rule of ``report`` (empty when all is well).

    See :data:`RULES` and the reference page *Report file format* for each
    rule.  ``gazetteer`` defaults to the embedded one; pass
    ``against_gazetteer=False`` for the arithmetic only.
    """
    return FindingList(
        r.finding
        for r in run_checks(report, gazetteer, against_gazetteer=against_gazetteer)
        if r.finding is not None
    )


def validate(
    report: AnnualReport,
    gazetteer: Gazetteer | None = None,
    *,
    against_gazetteer: bool = True,
) -> None:
    """Raise one :class:`~qcdc.errors.ValidationFailed` holding every error-level finding."""
    raise_for("report", check(report, gazetteer, against_gazetteer=against_gazetteer))
