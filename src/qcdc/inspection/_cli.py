"""``qcdc cases``: tally case records and list overdue recommendations.

``qcdc cases tally CASES.csv --period 2021 [--by commune|district|province]
[--on DATE] [--to DATE] [--format table|json]`` tallies the cases opened in the period,
by the unit codes in the file (as of ``--on``, default the last day of the period),
carried to the units of ``--to`` (default ``--on``) at the level ``--by`` (default
province).  ``qcdc cases overdue CASES.csv --on DATE`` lists the recommendations
unanswered past their deadline on that date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import sys
from typing import TYPE_CHECKING

from qcdc._bounds import quoted
from qcdc._console import fit, format_table, period_option, plural, terminal_width
from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.errors import InputError, QcdcError, SplitConversion, UnknownUnit
from qcdc.findings import Finding
from qcdc.units import UnitLevel

if TYPE_CHECKING:
    from qcdc.dates import Period
    from qcdc.inspection.cases import InspectionCase
    from qcdc.inspection.tallies import CaseTally

from qcdc._console import emit_json, iso_date

__all__ = ["register"]

STREAM_BYTES = 32 * 2**20
"""From this size on (bytes), ``cases tally`` reads the file batch by batch with pyarrow
(:func:`qcdc.inspection.read_case_tallies`) when pyarrow is installed."""


def _streams(path: str) -> bool:
    """Whether ``cases tally`` reads ``path`` batch by batch: a file of at least
    ``STREAM_BYTES``, and pyarrow (and numpy) installed."""
    try:
        big = os.path.isfile(path) and os.path.getsize(path) >= STREAM_BYTES
    except (OSError, ValueError):
        return False
    return big and all(importlib.util.find_spec(m) is not None for m in ("pyarrow", "numpy"))


def _parse_period(text: str) -> Period:
    """``2021``, ``2021-01-01..2021-06-30`` (end included) or a Vietnamese period
    (``năm 2021``, ``quý III/2021``, ``6 tháng đầu năm 2021``); both ends included."""
    from qcdc.dates import Period

    text = text.strip()
    if ".." in text:
        first, _, last = text.partition("..")
        try:
            start, end = dt.date.fromisoformat(first.strip()), dt.date.fromisoformat(last.strip())
        except ValueError:
            raise InputError(
                f"expected START..END as YYYY-MM-DD..YYYY-MM-DD, got {quoted(text)}",
                field="--period",
            ) from None
        if end < start:
            raise InputError(f"the period ends before it starts: {text!r}", field="--period")
        return Period(start, end)
    try:
        return period_option(text)
    except QcdcError as exc:
        if isinstance(exc, InputError) and exc.reason.startswith("--period "):
            raise
        raise InputError(str(exc), field="--period") from None


def _cells(values: dict[str, int | None]) -> list[str]:
    return ["—" if v is None else f"{v:,}" for v in values.values()]


def _table(headers: list[str], rows: list[list[str]]) -> None:
    """Print a table whose figure columns (the third on) align right (the name column
    wrapped to fit a terminal)."""
    print(format_table(headers, rows, right=range(2, len(headers)), wrap=1, width=terminal_width()))


def _reported(items: list[str] | None) -> CaseTally | None:
    """``--reported supervised=4956 --reported violations=648`` → a partial tally."""
    from qcdc.inspection.tallies import CaseTally

    if not items:
        return None
    values: dict[str, int] = {}
    for item in items:
        name, _, number = item.partition("=")
        name = name.strip()
        if name not in ("supervised", "violations", "recommended", "resolved"):
            raise InputError(
                f"expected NAME=NUMBER with NAME one of supervised, violations, recommended, "
                f"resolved, got {quoted(item)}",
                field="--reported",
            )
        try:
            values[name] = int(number.replace(",", "").replace(".", "").strip())
        except ValueError:
            raise InputError(
                f"expected a whole number after {name}=, got {quoted(number)}", field="--reported"
            ) from None
    return CaseTally.from_dict(values, path="--reported")


def _tally(args: argparse.Namespace) -> int:
    from qcdc.inspection._csv import _iter_rows
    from qcdc.inspection.rollup import rollup
    from qcdc.inspection.tallies import CaseTally, compare, tally_by_unit
    from qcdc.units.gazetteer import gazetteer

    period = _parse_period(args.period)
    last_day = period.end
    on = args.on
    if on is None:
        on = last_day
        print(
            f"qcdc: --on not given; the unit codes are read as of {on.isoformat()} "
            "(the last day of the period)",
            file=sys.stderr,
        )
    to = args.to or on
    if to < on:
        raise InputError(
            f"--to {to.isoformat()} is before {on.isoformat()}, the date the unit codes "
            "refer to (--on)",
            hint="the units are carried forward in time: give --to on or after --on",
        )
    level = UnitLevel.parse(args.by)
    records: list[tuple[int, InspectionCase]] = []
    if _streams(args.cases):
        # a large file: batch by batch, its tallies summed (memory: the batches read ahead)
        from qcdc.inspection._stream import rows_with_unit
        from qcdc.inspection.tallies import _counted, _file_counts

        counts = _file_counts(args.cases, period, last_day, None)
        n_cases = counts.records
        by_unit = {k: _counted(*f) for k, f in counts.by_key().items()}

        def rows_of(code: str) -> tuple[list[int], int]:
            return rows_with_unit(args.cases, code, limit=11)
    else:
        records = list(_iter_rows(args.cases))
        cases = [case for _row, case in records]
        n_cases = len(cases)
        by_unit = tally_by_unit(cases, period, as_of=last_day)

        def rows_of(code: str) -> tuple[list[int], int]:
            where = [row for row, case in records if case.unit == code]
            return where, len(where)

    unassigned = by_unit.pop(None, None)
    coded = {k: v for k, v in by_unit.items() if k is not None}
    g = gazetteer()
    try:
        result = rollup(
            coded,
            on=on,
            to=to,
            level=level,
            on_split=args.on_split,
            on_unresolved=args.on_unresolved,
            gazetteer=g,
        )
    except SplitConversion as exc:
        shown = "; ".join(f"{c} -> {', '.join(t)}" for c, t in list(exc.split.items())[:10])
        n = len(exc.split)
        raise InputError(
            f"{plural(n, 'unit')} of {on.isoformat()} {'was' if n == 1 else 'were'} split "
            f"by {to.isoformat()} and cannot be counted under one unit: {shown}",
            source=args.cases,
            hint="pass --on-split default to count each under its default successor",
        ) from None
    except UnknownUnit as exc:
        where, count = rows_of(exc.code)
        shown = ", ".join(map(str, where[:10])) + (", …" if count > 10 else "")
        raise InputError(
            f"{exc} (rows {shown})" if count > 1 else str(exc),
            source=args.cases,
            row=where[0] if where else None,
            field="unit",
            hint="correct the code, give --on the date the codes refer to, "
            "or --on-unresolved drop to leave these cases out",
        ) from None
    total = result.total() if result.tallies else CaseTally.zero()
    if unassigned is not None:
        total = total + unassigned
    findings: list[Finding] = result.check("tally")
    findings.extend(total.check("tally.total"))
    reported = _reported(args.reported)
    if reported is not None:
        findings.extend(compare(reported, total, path="tally.total"))

    def name(code: str) -> str:
        unit = g.get(code, on=to)
        return unit.name if unit is not None else ""

    if args.format == "json":
        emit_json(
            {
                "period": {
                    "start": period.start.isoformat(),
                    "end": last_day.isoformat(),
                },
                "on": on.isoformat(),
                "to": to.isoformat(),
                "by": level.name.lower(),
                "cases": n_cases,
                "units": [
                    {
                        "code": code,
                        "name": name(code),
                        **t.to_dict(),
                        "approximate": code in result.approximate,
                    }
                    for code, t in result.tallies.items()
                ],
                "unassigned": unassigned.to_dict() if unassigned is not None else None,
                "total": total.to_dict(),
                "reported": reported.to_dict() if reported is not None else None,
                "splits": {k: list(v) for k, v in sorted(result.splits.items())},
                "unresolved": dict(sorted(result.unresolved.items())),
                "findings": [f.to_dict() for f in findings],
            }
        )
    else:
        rows = []
        for code, t in result.tallies.items():
            mark = " ≈" if code in result.approximate else ""
            rows.append([code + mark, name(code), *_cells(t.to_dict())])
        if unassigned is not None:
            rows.append(["—", "(cases without a unit)", *_cells(unassigned.to_dict())])
        rows.append(["total", "", *_cells(total.to_dict())])
        end = last_day.isoformat()
        print(
            f"{plural(n_cases, 'case record')}; "
            f"cases opened {period.start.isoformat()} – {end}; "
            f"units of {on.isoformat()}"
            + (f" carried to {to.isoformat()}" if to != on else "")
            + f", by {level.name.lower()}"
        )
        _table(
            ["unit", "name", "supervised", "violations", "recommended", "resolved"],
            rows,
        )
        if result.approximate:
            print(
                f"≈ approximate: {plural(len(result.splits), 'split unit')} counted whole "
                f"under {'its' if len(result.splits) == 1 else 'their'} default successor"
            )
        width = terminal_width()
        for code, reason in sorted(result.unresolved.items()):
            print(fit(f"left out: {code}: {reason}", width))
        for f in findings:
            print(fit(str(f), width))
    return 1 if any(f.is_error for f in findings) else 0


def _overdue(args: argparse.Namespace) -> int:
    from qcdc.inspection._csv import load_cases
    from qcdc.inspection.deadlines import (
        DEFAULT_DEADLINE_RULES,
        DayCount,
        DeadlineRule,
        DeadlineRulebook,
        overdue,
    )

    book = DEFAULT_DEADLINE_RULES
    if args.days is not None and args.days < 1:
        raise InputError(f"must be at least 1, got {args.days}", field="--days")
    if args.days is not None:
        book = DeadlineRulebook(
            (
                DeadlineRule(
                    "deadline.command-line",
                    EffectivePeriod(dt.date(1900, 1, 1)),
                    args.days,
                    DayCount(args.count),
                    Citation(
                        "given on the command line",
                        confidence=Confidence.UNVERIFIED,
                    ),
                ),
            )
        )
    cases = load_cases(args.cases)
    late = overdue(cases, on=args.on, rulebook=book)
    if args.format == "json":
        emit_json(
            {
                "on": args.on.isoformat(),
                "cases": len(cases),
                "overdue": [o.to_dict() for o in late],
            }
        )
        return 0
    print(
        f"{len(late)} of {plural(len(cases), 'case')} {'waits' if len(late) == 1 else 'wait'} "
        "for an answer past the deadline "
        f"on {args.on.isoformat()}"
    )
    if late:
        print(
            format_table(
                ["id", "unit", "authority", "sent", "deadline", "days late", "rule"],
                [
                    [
                        str(d["id"]),
                        str(d["unit"] or "—"),
                        str(d["authority"] or "—"),
                        str(d["sent"]),
                        str(d["deadline"]),
                        str(d["days_late"]),
                        f"{d['rule']} ({d['confidence']})",
                    ]
                    for d in (o.to_dict() for o in late)
                ],
                right=range(2, 7),
                wrap=(2, 6),
                width=terminal_width(),
            )
        )
    rules = {o.rule.id: o.rule for o in late}
    for rule in rules.values():
        c = rule.citation
        if c.confidence in (Confidence.UNVERIFIED, Confidence.UNSURE):
            note = (
                f"note: {rule.id} ({rule.days} {rule.count.value} days, {c.document}) is "
                f"{c.confidence.value}; pass --days/--count to use the rule you know"
            )
            print(fit(note, terminal_width()))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``cases tally`` and ``cases overdue`` to the ``qcdc`` command."""
    cases = sub.add_parser("cases", help="People's Inspection Board case records")
    csub = cases.add_subparsers(dest="cases_command", metavar="SUBCOMMAND", required=True)

    p = csub.add_parser("tally", help="tally case records by unit and roll them up")
    p.add_argument("cases", metavar="CASES.csv", help="case records (one row per case)")
    p.add_argument(
        "--period",
        required=True,
        help="the period the cases were opened in: 2021, 2021-01-01..2021-06-30, "
        "'quý III/2021', '6 tháng đầu năm 2021'",
    )
    p.add_argument(
        "--by", choices=["commune", "district", "province"], default="province", help="level"
    )
    p.add_argument(
        "--on",
        type=iso_date,
        help="the date the unit codes in the file refer to (default: the period's last day)",
    )
    p.add_argument("--to", type=iso_date, help="carry the units to this date (default: --on)")
    p.add_argument(
        "--on-split",
        choices=["default", "raise", "error"],
        default="default",
        help="a split unit: count it under its default successor, or fail (raise; "
        "'error' is the old spelling)",
    )
    p.add_argument(
        "--on-unresolved",
        choices=["raise", "drop", "error"],
        default="raise",
        help="a unit the lineage cannot follow: fail (raise; 'error' is the old spelling), "
        "or leave it out and say so",
    )
    p.add_argument(
        "--reported",
        action="append",
        metavar="NAME=N",
        help="a published figure to compare with the total (supervised=4956); repeatable",
    )
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=_tally)

    p = csub.add_parser("overdue", help="recommendations unanswered past their deadline")
    p.add_argument("cases", metavar="CASES.csv", help="case records (one row per case)")
    p.add_argument("--on", type=iso_date, required=True, help="the date to check (YYYY-MM-DD)")
    p.add_argument(
        "--days",
        type=int,
        help="use this deadline instead of the shipped rule (15 days, unverified since 2017)",
    )
    p.add_argument(
        "--count",
        choices=["calendar", "working"],
        default="calendar",
        help="with --days: count calendar days or working days",
    )
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=_overdue)
