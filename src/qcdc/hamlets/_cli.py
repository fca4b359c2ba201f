"""``qcdc hamlets …`` and ``qcdc plan …``: registries, size standards and merger plans.

``qcdc hamlets check HAMLETS.csv --on DATE``
    which communities must or may merge (and by which rule), and every problem of the file
    against the gazetteer on that date.
``qcdc plan check PLAN.csv --hamlets HAMLETS.csv [--on DATE]``
    every problem of the plan, each with its rule, severity and path.
``qcdc plan apply PLAN.csv --hamlets HAMLETS.csv --out AFTER.csv [--by district]``
    apply a valid plan, write the registry after it and print the before/after summary.

Exit status: 0 ok, 1 error-level findings (nothing is written), 2 bad input.  The files
``plan apply`` writes are written whole or not at all: never over one of its inputs,
never through a symbolic link, and ``--out`` only if ``--lineage`` can be written too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from qcdc._console import emit_json, fit, format_table, iso_date, plural, terminal_width
from qcdc._files import write_outputs
from qcdc.errors import InputError
from qcdc.findings import Finding, Severity
from qcdc.hamlets._csv import _load_hamlets_with_rows as load_rows
from qcdc.hamlets._csv import dump_hamlets, dump_lineage, load_plan
from qcdc.hamlets.plans import MergerPlan
from qcdc.hamlets.registry import HamletRegistry
from qcdc.hamlets.standards import MergeStatus
from qcdc.hamlets.summaries import summarize
from qcdc.units import GazetteerLike, UnitLevel

__all__ = ["register"]


def _gazetteer() -> GazetteerLike:
    from qcdc.units.gazetteer import gazetteer

    return gazetteer()


def _with_rows(findings: Sequence[Finding], rows: Sequence[int]) -> list[Finding]:
    """Add the CSV row to findings about ``communities[i]``."""
    out = []
    for f in findings:
        if f.path.startswith("communities["):
            i = int(f.path[len("communities[") : f.path.index("]")])
            if 0 <= i < len(rows):
                f = Finding(f.rule, f.severity, f.path, f"{f.message} (row {rows[i]})", f.figures)
        out.append(f)
    return out


def _print_findings(findings: Sequence[Finding]) -> None:
    if not findings:
        print("No problems found.")
        return
    print(
        format_table(
            ("severity", "rule", "path", "message"),
            [(f.severity.value, f.rule, f.path, f.message) for f in findings],
            wrap=3,
            width=terminal_width(),
        )
    )


def _communities(n: int) -> str:
    return plural(n, "community", "communities")


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}


def _load_registry(path: str, on: dt.date) -> tuple[HamletRegistry, list[int]]:
    pairs = load_rows(path)
    registry = HamletRegistry([c for _, c in pairs], on=on, gazetteer=_gazetteer())
    return registry, [row for row, _ in pairs]


# ----------------------------------------------------------------------------- hamlets check


def _hamlets_check(args: argparse.Namespace) -> int:
    if args.on is None:
        from qcdc._console import default_date

        on = default_date(None, "--on")
    else:
        on = args.on
    registry, rows = _load_registry(args.hamlets, on)
    findings = _with_rows(registry.check(), rows)
    assessed = registry.assess()
    counts = {s.value: sum(1 for a in assessed if a.status is s) for s in MergeStatus}
    shown = [a for a in assessed if args.all or a.status is not MergeStatus.COMPLIES]
    if args.format == "json":
        emit_json(
            {
                "on": on.isoformat(),
                "communities": len(registry),
                "counts": counts,
                "assessments": [a.to_dict() for a in shown],
                "findings": [f.to_dict() for f in findings],
            }
        )
    else:
        print(
            f"{_communities(len(registry))} on {on.isoformat()}: "
            f"{counts['must merge']} must merge, {counts['may merge']} may merge, "
            f"{counts['complies']} {'complies' if counts['complies'] == 1 else 'comply'}"
        )
        if shown:
            print()
            print(
                format_table(
                    (
                        "commune",
                        "id",
                        "name",
                        "households",
                        "minimum",
                        "status",
                        "rule",
                        "confidence",
                    ),
                    [
                        (
                            a.community.commune_code,
                            a.community.id,
                            a.community.name,
                            str(a.assessment.households),
                            str(a.assessment.minimum),
                            a.status.value,
                            a.assessment.rule.rule_id,
                            a.assessment.confidence.value,
                        )
                        for a in shown
                    ],
                    right=(3, 4),
                    wrap=(2, 6),
                    width=terminal_width(),
                )
            )
        print()
        _print_findings(findings)
    return 1 if any(f.is_error for f in findings) else 0


# ----------------------------------------------------------------------------- plan


def _plan_date(args: argparse.Namespace, plan: MergerPlan) -> dt.date:
    if args.on is not None:
        on: dt.date = args.on
        return on
    if not plan.actions:
        raise InputError(
            "the plan has no actions, so there is no effective date to take the registry's "
            "date from",
            field="--on",
            hint="pass --on YYYY-MM-DD",
        )
    on = min(a.effective for a in plan.actions)
    print(
        f"qcdc: --on not given; using {on.isoformat()} (the plan's earliest effective date)",
        file=sys.stderr,
    )
    return on


def _check_all(args: argparse.Namespace) -> tuple[MergerPlan, HamletRegistry, list[Finding]]:
    plan = load_plan(args.plan)
    on = _plan_date(args, plan)
    registry, rows = _load_registry(args.hamlets, on)
    findings = _with_rows(registry.check(), rows)
    findings.extend(plan.check(registry))
    return plan, registry, findings


def _plan_check(args: argparse.Namespace) -> int:
    plan, registry, findings = _check_all(args)
    counts = _counts(findings)
    if args.format == "json":
        emit_json(
            {
                "on": registry.on.isoformat(),
                "actions": len(plan),
                "counts": counts,
                "findings": [f.to_dict() for f in findings],
            }
        )
    else:
        head = (
            f"plan {plan.name}: {plural(len(plan), 'action')} against "
            f"{_communities(len(registry))} on {registry.on.isoformat()}: "
            f"{plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}"
        )
        print(fit(head, terminal_width()))
        print()
        _print_findings(findings)
    return 1 if counts["error"] else 0


def _plan_apply(args: argparse.Namespace) -> int:
    plan, registry, findings = _check_all(args)
    counts = _counts(findings)
    level = UnitLevel.parse(args.by)
    if counts["error"]:
        if args.format == "json":
            emit_json(
                {
                    "on": registry.on.isoformat(),
                    "applied": False,
                    "counts": counts,
                    "findings": [f.to_dict() for f in findings],
                }
            )
        else:
            print(
                f"not applied: the plan has {plural(counts['error'], 'error')}; nothing was written"
            )
            print()
            _print_findings(findings)
        return 1
    outcome = plan.apply(registry)
    summary = summarize(registry, outcome, by=level)
    outputs: dict[str | os.PathLike[str], str | bytes | Callable[[Path], None]] = {
        args.out: lambda path: dump_hamlets(outcome.after, path, bom=args.bom)
    }
    if args.lineage:
        if os.path.abspath(args.lineage) == os.path.abspath(args.out):
            raise InputError(
                "--lineage and --out name the same file",
                source=args.out,
                hint="name two files",
            )
        outputs[args.lineage] = lambda path: dump_lineage(outcome, path, bom=args.bom)
    # every output or none, never over an input, never through a link (qcdc._files)
    write_outputs(outputs, inputs=[args.plan, args.hamlets])
    if args.format == "json":
        emit_json(
            {
                "on": registry.on.isoformat(),
                "after_on": outcome.after.on.isoformat(),
                "applied": True,
                "out": args.out,
                "lineage": args.lineage,
                "counts": counts,
                "findings": [f.to_dict() for f in findings],
                "summary": summary.to_dict(),
            }
        )
    else:
        print(
            f"applied {plural(len(plan), 'action')}: {len(registry)} → "
            f"{_communities(len(outcome.after))} "
            f"(registry of {registry.on.isoformat()} → {outcome.after.on.isoformat()}); "
            f"wrote {args.out}" + (f" and {args.lineage}" if args.lineage else "")
        )
        print()
        print(summary)
        print(f"({summary.rounding})")
        if findings:
            print()
            _print_findings(findings)
    return 0


# ----------------------------------------------------------------------------- parser


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``hamlets`` and ``plan`` to the ``qcdc`` command."""
    hamlets = sub.add_parser("hamlets", help="thôn / tổ dân phố registries and size standards")
    hsub = hamlets.add_subparsers(dest="hamlets_command", metavar="SUBCOMMAND", required=True)
    p = hsub.add_parser(
        "check", help="which communities must or may merge, and every problem of the file"
    )
    p.add_argument("hamlets", metavar="HAMLETS.csv")
    p.add_argument("--on", type=iso_date, help="the registry's date (YYYY-MM-DD)")
    p.add_argument("--all", action="store_true", help="list complying communities too")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=_hamlets_check)

    plan = sub.add_parser("plan", help="check and apply merger plans of thôn / tổ dân phố")
    psub = plan.add_subparsers(dest="plan_command", metavar="SUBCOMMAND", required=True)
    for name, func, text in (
        ("check", _plan_check, "every problem of a merger plan, with paths"),
        ("apply", _plan_apply, "apply a valid plan and summarise before/after"),
    ):
        p = psub.add_parser(name, help=text)
        p.add_argument("plan", metavar="PLAN.csv")
        p.add_argument("--hamlets", required=True, metavar="HAMLETS.csv")
        p.add_argument(
            "--on",
            type=iso_date,
            help="the registry's date (default: the plan's earliest effective date)",
        )
        p.add_argument("--format", choices=["table", "json"], default="table")
        if name == "apply":
            p.add_argument("--out", required=True, metavar="AFTER.csv")
            p.add_argument("--by", choices=["commune", "district", "province"], default="commune")
            p.add_argument("--lineage", metavar="LINEAGE.csv", help="also write old → new ids")
            p.add_argument("--bom", action="store_true", help="write UTF-8 with a byte-order mark")
        p.set_defaults(func=func)
