"""``qcdc units …`` and ``qcdc lineage …``: units on a date, and their lineage across dates."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qcdc._console import default_date, emit_json, iso_date, plural
from qcdc.errors import InputError

__all__ = ["register"]


# ------------------------------------------------------------------------------------ units


def _gazetteer(args: argparse.Namespace) -> Any:
    """The embedded gazetteer, or it with the change files of ``--changes`` layered over it."""
    from qcdc.units.gazetteer import gazetteer

    changes = getattr(args, "changes", None)
    return gazetteer(changes=changes) if changes else gazetteer()


def _units_count(args: argparse.Namespace) -> int:
    from qcdc.units.gazetteer import gazetteer

    on = default_date(args.on, "--on")
    g = gazetteer()
    n = g.count(on=on, level=args.level, kind=args.kind, within=args.within)
    if args.format == "json":
        emit_json(
            {
                "on": on.isoformat(),
                "within": args.within,
                "level": args.level,
                "kind": args.kind,
                "count": n,
            }
        )
        return 0
    scope = f" in {g.lookup(args.within, on=on)}" if args.within else ""
    unit = "unit" if n == 1 else "units"
    what = args.kind or (f"{args.level}-level {unit}" if args.level else unit)
    print(f"{n} {what}{scope} on {on.isoformat()}")
    if args.within and not args.kind and not args.level:
        from qcdc.units import UnitKind

        for kind in UnitKind:
            k = g.count(on=on, kind=kind, within=args.within)
            if k:
                print(f"  {kind.vietnamese}: {k}")
    return 0


def _units_show(args: argparse.Namespace) -> int:
    on = default_date(args.on, "--on")
    g = _gazetteer(args)
    u = g.lookup(args.code, on=on)
    chain = g.ancestors(u.code, on=on)
    if args.format == "json":
        emit_json({**u.to_record(), "ancestors": [a.to_record() for a in chain]})
        return 0
    print(f"{u.code}  {u.name}  ({u.kind.vietnamese})")
    for a in chain:
        print(f"  in {a.code} {a.name}")
    end = u.valid_to.isoformat() if u.valid_to else "still in force"
    print(f"  valid {u.valid_from.isoformat()} – {end}")
    return 0


def _units_find(args: argparse.Namespace) -> int:
    on = default_date(args.on, "--on")
    res = _gazetteer(args).find(args.name, on=on, within=args.within, level=args.level)
    if args.format == "json":
        emit_json(
            {
                "query": res.query,
                "on": on.isoformat(),
                "status": res.status,
                "candidates": [
                    {**c.unit.to_record(), "score": c.score, "reasons": list(c.reasons)}
                    for c in res.candidates
                ],
            }
        )
    else:
        print(f"{res.status}: {args.name!r} on {on.isoformat()}")
        for c in res.candidates:
            print(f"  {c}")
    return 0 if res.status == "exact" else 1


def _units_acts(args: argparse.Namespace) -> int:
    g = _gazetteer(args)
    acts = g.acts(since=args.since, until=args.until, within=args.within)
    if args.format == "json":
        emit_json([a.to_dict() for a in acts])
        return 0
    for a in acts:
        signed = a.signed.isoformat() if a.signed else "?"
        print(f"{a.in_force.isoformat()}  {a.number}  (signed {signed}, {a.confidence})  {a.title}")
    horizon = g.horizon
    if horizon is not None:
        checked = f"; known through {horizon[1].isoformat()}" if horizon[1] else ""
        print(f"{plural(len(acts), 'act')}; newest act in force {horizon[0].isoformat()}{checked}")
    return 0


def _units_history(args: argparse.Namespace) -> int:
    history = _gazetteer(args).history(args.code)
    if args.format == "json":
        emit_json(history.to_dict()["acts"])
        return 0
    for a, links in history:
        print(f"{a.in_force.isoformat()}  {a.number}  {a.title}")
        for lk in links:
            part = "" if lk.whole else " (part)"
            clause = f"  [{lk.clause}]" if lk.clause else ""
            print(f"  {lk.kind.value}: {lk.source or '—'} → {lk.target}{part}{clause}")
    if not history:
        print(f"no act in the data touched {args.code}")
    return 0


def _units_check_changes(args: argparse.Namespace) -> int:
    from qcdc.errors import ChangeFileError
    from qcdc.units.changes import check_changes
    from qcdc.units.gazetteer import Gazetteer

    try:
        report = check_changes(Gazetteer.with_changes(args.files), Gazetteer.embedded())
    except ChangeFileError as exc:
        errors = (exc, *exc.others)
        if args.format == "json":
            emit_json(
                {
                    "files": list(args.files),
                    "ok": False,
                    "errors": [
                        {
                            "file": e.source,
                            "act": e.act,
                            "number": e.number,
                            "change": e.change,
                            "code": e.code,
                            "field": e.field,
                            "message": str(e),
                        }
                        for e in errors
                    ],
                }
            )
        else:
            for e in errors:
                print(f"error: {e}")
            print(plural(len(errors), "error"))
        return 1
    if args.format == "json":
        emit_json({"ok": True, **report.to_dict()})
    else:
        for line in report.lines():
            print(line)
    return 0


def _units_audit(args: argparse.Namespace) -> int:
    from qcdc.units._audit import audit_list, read_list

    rows = read_list(args.list)
    result = audit_list(rows, _gazetteer(args), on=args.on, within=args.within)
    if args.format == "json":
        emit_json(result.to_dict())
        return 1 if result.differences else 0
    levels = ", ".join(lvl.name.lower() for lvl in result.levels) or "none"
    scope = ""
    if result.within is not None:
        scope = f", within {result.within} ({plural(result.outside, 'row')} of the list outside it)"
    print(
        f"{args.list}: {plural(result.listed, 'unit')} listed, {result.compared} in qcdc on "
        f"{result.on.isoformat()} ({levels}){scope}"
    )
    for d in result.differences:
        print(str(d))
        for e in d.explained_by:
            print(f"  {e}")
        if not d.explained_by:
            print("  no act in the data explains it")
    n = len(result.differences)
    print("no differences" if not n else plural(n, "difference"))
    return 1 if n else 0


def _units_export(args: argparse.Namespace) -> int:
    from qcdc.units._export import export_units
    from qcdc.units.gazetteer import gazetteer

    on = None if args.all else default_date(args.on, "--on")
    out: Any = Path(args.out) if args.out else sys.stdout
    n = export_units(gazetteer(), on, args.format, out, level=args.level, within=args.within)
    if args.out:
        when = f"in force on {on.isoformat()}" if on else "records of every date"
        print(f"wrote {plural(n, 'unit')} ({when}) to {args.out}", file=sys.stderr)
    return 0


# ------------------------------------------------------------------------------------ lineage


def _lineage_project(args: argparse.Namespace) -> int:
    from qcdc.units.gazetteer import gazetteer

    to = default_date(args.to, "--to")
    if to < args.on:
        raise InputError(
            f"--to {to.isoformat()} is before --on {args.on.isoformat()}",
            hint="to go back in time: qcdc lineage predecessors "
            f"{args.code} --on {args.on.isoformat()} --since {to.isoformat()}",
        )
    p = gazetteer().project(args.code, on=args.on, to=to)
    if args.format == "json":
        emit_json(p.to_dict())
        return 0
    print(f"{p.code} on {p.on.isoformat()} → {p.to.isoformat()}: {p.status}")
    for t in p.targets:
        flags = ", ".join(
            f for f in ("whole" if t.whole else "part", "default" if t.default else "") if f
        )
        print(f"  {t.code} {t.name} ({flags})")
    for e in p.events:
        print(f"  event: {e}")
    if p.reason:
        print(f"  reason: {p.reason}")
    if p.known_through is not None:
        print(f"  known through {p.known_through.isoformat()}: acts after it are not in the data")
    return 0


def _lineage_predecessors(args: argparse.Namespace) -> int:
    from qcdc.units.gazetteer import gazetteer

    if args.since > args.on:
        raise InputError(
            f"--since {args.since.isoformat()} is after --on {args.on.isoformat()}",
            hint="to go forward in time: qcdc lineage project "
            f"{args.code} --on {args.since.isoformat()} --to {args.on.isoformat()}",
        )
    p = gazetteer().predecessors(args.code, on=args.on, since=args.since)
    if args.format == "json":
        emit_json(p.to_dict())
        return 0
    print(
        f"{p.code} on {args.on.isoformat()} came from (as of {args.since.isoformat()}): {p.status}"
    )
    for t in p.targets:
        print(f"  {t.code} {t.name} ({'whole' if t.whole else 'part'})")
    return 0


def _lineage_convert(args: argparse.Namespace) -> int:
    from qcdc.errors import InputError, SplitConversion, UnresolvedUnit
    from qcdc.units._export import read_codes
    from qcdc.units.gazetteer import gazetteer

    to = default_date(args.to, "--to")
    from qcdc._files import read_text

    source = args.file if args.file and args.file != "-" else "<stdin>"
    codes = read_codes(read_text(args.file or "-").splitlines(), source=source)
    try:
        out = gazetteer().convert(
            codes, on=args.on, to=to, on_split=args.on_split, on_unknown=args.on_unknown
        )
    except UnresolvedUnit as exc:
        shown = "; ".join(f"{c} ({r})" for c, r in list(exc.unresolved.items())[:10])
        n = len(exc.unresolved)
        raise InputError(
            f"{plural(n, 'code')} of {exc.on.isoformat()} cannot be followed to "
            f"{exc.to.isoformat()}: {shown}",
            hint="pass --on-unknown none to leave " + ("it" if n == 1 else "them") + " empty",
        ) from None
    except SplitConversion as exc:
        raise InputError(
            f"{plural(len(exc.split), 'code')} {'was' if len(exc.split) == 1 else 'were'} split: "
            + "; ".join(f"{c} -> {', '.join(t)}" for c, t in list(exc.split.items())[:10]),
            hint="pass --on-split default or --on-split all to choose",
        ) from None
    print("code,converted")
    for c, t in zip(codes, out, strict=True):
        value = ";".join(t) if isinstance(t, tuple) else (t or "")
        print(f"{c},{value}")
    return 0


def _lineage_crosswalk(args: argparse.Namespace) -> int:
    from qcdc.units._export import export_crosswalk
    from qcdc.units.gazetteer import gazetteer

    to = default_date(args.to, "--to")
    out: Any = Path(args.out) if args.out else sys.stdout
    n = export_crosswalk(gazetteer(), args.on, to, args.format, out, level=args.level)
    if args.out:
        rows = plural(n, "crosswalk row")
        print(f"wrote {rows} ({args.on} → {to}) to {args.out}", file=sys.stderr)
    return 0


def _lineage_diff(args: argparse.Namespace) -> int:
    from qcdc.units.gazetteer import gazetteer

    to = default_date(args.to, "--to")
    if to < args.on:
        raise InputError(
            f"--to {to.isoformat()} is before --on {args.on.isoformat()}",
            field="--to",
            hint="give the earlier date as --on and the later as --to",
        )
    d = gazetteer().diff(on=args.on, to=to)
    if args.format == "json":
        emit_json(
            {
                "on": d.on.isoformat(),
                "to": d.to.isoformat(),
                "events": {k.value: n for k, n in d.counts.items()},
                "by_level": {
                    lvl.name.lower(): {"ended": r, "began": a}
                    for lvl, (r, a) in d.by_level().items()
                },
            }
        )
    else:
        print(d.summary())
    return 0


def _add_common(
    p: argparse.ArgumentParser, *, on: bool = True, fmt: Sequence[str] = ("table", "json")
) -> None:
    if on:
        p.add_argument("--on", type=iso_date, help="date (YYYY-MM-DD); default: the newest list")
    p.add_argument("--format", choices=list(fmt), default=fmt[0], help="output format")


def _add_changes(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--changes",
        action="append",
        metavar="FILE",
        help="a change file (acts in TOML) to layer over the embedded data; repeatable",
    )


def register(sub: Any) -> None:
    """Add ``units`` and ``lineage`` to the root parser's subcommands."""
    units = sub.add_parser("units", help="administrative units on a date")
    usub = units.add_subparsers(dest="units_command", metavar="SUBCOMMAND", required=True)
    p = usub.add_parser("count", help="how many units (by level, kind, within a unit)")
    _add_common(p)
    p.add_argument("--level", choices=["province", "district", "commune"])
    p.add_argument("--kind", help="a Vietnamese kind: xã, phường, thị trấn, đặc khu, huyện …")
    p.add_argument("--within", help="code of a province or district")
    p.set_defaults(func=_units_count)
    p = usub.add_parser("show", aliases=["get"], help="one unit and its parents (also: get)")
    p.add_argument("code")
    _add_common(p)
    _add_changes(p)
    p.set_defaults(func=_units_show)
    p = usub.add_parser("find", help="find a unit by name, in any spelling")
    p.add_argument("name")
    _add_common(p)
    p.add_argument("--within", help="code of a province or district")
    p.add_argument("--level", choices=["province", "district", "commune"])
    _add_changes(p)
    p.set_defaults(func=_units_find)
    p = usub.add_parser("acts", help="the legal acts that changed the map, in order")
    _add_common(p, on=False)
    p.add_argument("--since", type=iso_date, help="acts in force from this date (YYYY-MM-DD)")
    p.add_argument("--until", type=iso_date, help="acts in force up to this date (YYYY-MM-DD)")
    p.add_argument("--within", help="only acts that changed this unit or a unit below it")
    _add_changes(p)
    p.set_defaults(func=_units_acts)
    p = usub.add_parser("history", help="every act that touched a unit, with its links")
    p.add_argument("code")
    _add_common(p, on=False)
    _add_changes(p)
    p.set_defaults(func=_units_history)
    p = usub.add_parser(
        "check-changes", help="check change files (acts in TOML) and say what they would change"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="a change file (TOML)")
    _add_common(p, on=False)
    p.set_defaults(func=_units_check_changes)
    p = usub.add_parser("audit", help="compare an official list (CSV) with qcdc's units on a date")
    p.add_argument("list", help="CSV with a code column (code/Mã) and a name column (name/Tên)")
    p.add_argument("--on", type=iso_date, required=True, help="date of the list (YYYY-MM-DD)")
    p.add_argument("--within", help="compare only this province or district (a unit code)")
    _add_common(p, on=False)
    _add_changes(p)
    p.set_defaults(func=_units_audit)
    p = usub.add_parser("export", help="write the list in force on a date")
    _add_common(p, fmt=("csv", "json", "sqlite", "parquet"))
    p.add_argument("--out", help="file to write (stdout for csv/json when omitted)")
    p.add_argument("--level", choices=["province", "district", "commune"])
    p.add_argument("--within", help="code of a province or district")
    p.add_argument(
        "--all",
        action="store_true",
        help="every unit record of every date, with valid_from/valid_to (instead of --on)",
    )
    p.set_defaults(func=_units_export)

    lineage = sub.add_parser("lineage", help="follow units across the mergers and the 2025 reform")
    lsub = lineage.add_subparsers(dest="lineage_command", metavar="SUBCOMMAND", required=True)
    p = lsub.add_parser("project", help="where a unit of one date is on a later date")
    p.add_argument("code")
    p.add_argument("--on", type=iso_date, required=True)
    p.add_argument("--to", type=iso_date, help="default: the newest list")
    _add_common(p, on=False)
    p.set_defaults(func=_lineage_project)
    p = lsub.add_parser("predecessors", help="which units of an earlier date became this one")
    p.add_argument("code")
    p.add_argument("--on", type=iso_date, required=True)
    p.add_argument("--since", type=iso_date, required=True)
    _add_common(p, on=False)
    p.set_defaults(func=_lineage_predecessors)
    p = lsub.add_parser("convert", help="convert a column of codes (file or stdin) to another date")
    p.add_argument(
        "file", nargs="?", help="codes, one per line (or a CSV whose first column is codes)"
    )
    p.add_argument("--on", type=iso_date, required=True)
    p.add_argument("--to", type=iso_date)
    p.add_argument("--on-split", choices=["default", "all", "error"], default="default")
    p.add_argument("--on-unknown", choices=["raise", "none"], default="raise")
    p.set_defaults(func=_lineage_convert)
    p = lsub.add_parser("crosswalk", help="write the crosswalk between two dates")
    p.add_argument("--on", type=iso_date, required=True)
    p.add_argument("--to", type=iso_date)
    p.add_argument("--out", help="file to write (stdout for csv/json when omitted)")
    p.add_argument("--level", choices=["province", "district", "commune"])
    _add_common(p, on=False, fmt=("csv", "json", "sqlite", "parquet"))
    p.set_defaults(func=_lineage_crosswalk)
    p = lsub.add_parser("diff", help="what changed between two dates")
    p.add_argument("--on", type=iso_date, required=True)
    p.add_argument("--to", type=iso_date)
    _add_common(p, on=False)
    p.set_defaults(func=_lineage_diff)
