"""``qcdc report``, ``qcdc check`` and ``qcdc extract``: print a checked report, check a
report file, draft one from an article.

``qcdc report [FILE] [--to DATE] [--format table|json|markdown] [--offline]`` prints a
report (the embedded Hà Nội 2021 review without FILE) with every check and "these units
today" (:func:`qcdc.reports.render.render`); its JSON is a report file again.

``qcdc report compare A B [--format table|json] [--offline]`` compares two report files
figure by figure (:func:`qcdc.reports.compare`): each change with both sources, what is not
compared and why.

``qcdc check FILE.toml [--format table|json|markdown] [--all]`` prints the
findings (``--all``: every check, passed or failed) and exits with 1 when an
error-level finding exists.  ``qcdc extract ARTICLE.txt [--place CODE]
[--period TEXT] [--format toml|json]`` prints a draft report listing every figure
found with its span (``-`` reads standard input).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from qcdc._console import fit, iso_date, period_option, plural, terminal_width
from qcdc._files import read_text

if TYPE_CHECKING:
    from qcdc.reports.model import AnnualReport
    from qcdc.reports.render import RenderSection

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report``, ``check`` and ``extract``."""
    r = sub.add_parser(
        "report",
        help="print an annual report with every figure checked (default: Hà Nội 2021)",
        description="Print an annual grassroots-democracy report as a readable report: each "
        "section with its figures, each check passed or failed, and 'these units today': the "
        "report's units carried through the lineage to the units in force on --to. Without "
        "FILE, the embedded Hà Nội 2021 review. `qcdc report compare A B` compares two report "
        "files figure by figure, citing both sources. Exit status: 0 no error, 1 error-level "
        "findings, 2 bad input.",
    )
    r.add_argument("file", nargs="?", help="report file (.toml or .json); default: Hà Nội 2021")
    # `report compare A B`: the two files follow the word compare (hidden from the usage
    # line, which stays the single optional FILE)
    r.add_argument("more", nargs="*", help=argparse.SUPPRESS)
    r.add_argument(
        "--same",
        action="append",
        default=[],
        metavar="A=B",
        help="(report compare) the first report's table figure A is the second's B",
    )
    r.add_argument("--to", type=iso_date, help="date of 'these units today' (default: newest list)")
    r.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    r.add_argument(
        "--offline", action="store_true", help="skip the checks against the official unit list"
    )
    r.set_defaults(func=_report)

    p = sub.add_parser(
        "check",
        help="check an annual report file (TOML or JSON)",
        description="Check every figure of a report against arithmetic, the law's orderings "
        "and the official unit list of the report's date. Exit status: 0 no error, "
        "1 error-level findings, 2 bad input.",
    )
    p.add_argument("file", help="report file (.toml, or .json)")
    p.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    p.add_argument("--all", action="store_true", help="show every check, passed or failed")
    p.add_argument(
        "--offline",
        action="store_true",
        help="skip the checks against the official unit list",
    )
    p.set_defaults(func=_check)

    e = sub.add_parser(
        "extract",
        help="draft a report from the text of a review article",
        description="Find the recurring figures of a Vietnamese review article and print a "
        "draft report (TOML) listing each figure with its span and the sentence it came "
        "from, and the place the text is about (with the words that name it) unless --place "
        "is given; correct it, then `qcdc check` it.",
    )
    e.add_argument("file", help="a UTF-8 text file, or - for standard input")
    e.add_argument("--place", help="unit code of the place (01 is Hà Nội)")
    e.add_argument("--period", help="period, e.g. 'năm 2021' (default: the year the text names)")
    e.add_argument("--format", choices=("toml", "json"), default="toml")
    e.set_defaults(func=_extract)


def today_section(report: AnnualReport, to: dt.date) -> RenderSection:
    """'These units today': the report's units carried through the lineage to ``to``."""
    from qcdc.errors import InputError
    from qcdc.reports.render import RenderSection
    from qcdc.units.gazetteer import gazetteer

    g = gazetteer()
    on = report.on
    if on is None:
        raise InputError(
            "an undated report (no date, no year) has no units to carry to today",
            field="date",
            hint="give the report its date (date = YYYY-MM-DD)",
        )
    pp = g.project_place(report.place, on=on, to=to)
    place_then = g.lookup(report.place, on=on)
    place_now = ", ".join(f"{t.code} {t.name}" for t in pp.place.targets) or "—"

    def kinds(counts: dict[str, int]) -> str:
        return ", ".join(f"{n} {k}" for k, n in counts.items())

    how = ", ".join(f"{n} {s}" for s, n in sorted(pp.statuses.items()))
    bases = sorted({e.basis for e in pp.place.events if e.basis})
    for u in pp.before:
        bases.extend(
            e.basis
            for e in g.project(u.code, on=on, to=to).events
            if e.basis and e.basis not in bases
        )
    rows = [
        (
            f"{place_then.name} on {on.isoformat()}",
            f"{len(pp.before)} communes ({kinds(pp.by_kind('before'))})",
        ),
        (
            f"the same territory on {to.isoformat()}",
            f"{len(pp.after)} communes ({kinds(pp.by_kind('after'))})",
        ),
        (f"{place_then.name} on {to.isoformat()}", f"{place_now} ({pp.place.status})"),
        ("how the communes got there", how),
        ("legal basis", "; ".join(sorted(set(bases))) or "not recorded"),
    ]
    # the set of units on `to` has been that set since the newest of them began
    since = max((u.valid_from for u in pp.after), default=to)
    horizon = g.horizon
    checked = horizon[1] if horizon is not None else None
    if checked is not None and to > checked:  # answered, but the data may not know it all
        rows.append(("known through", f"{checked.isoformat()} (acts after it are not in the data)"))
    text = (
        f"The {len(pp.before)} commune-level units of {on.isoformat()} are "
        f"{len(pp.after)} commune-level units since {since.isoformat()}."
    )
    return RenderSection(
        "today", f"These units today (as of {to.isoformat()})", rows, data=pp.to_dict(), text=text
    )


def _compare(args: argparse.Namespace) -> int:
    from qcdc.errors import InputError
    from qcdc.reports._format import load_report
    from qcdc.reports._series import compare

    if len(args.more) != 2:
        raise InputError(
            f"report compare takes two report files, got {len(args.more)}",
            hint="qcdc report compare 2021.toml 2022.toml",
        )
    if args.format == "markdown":
        raise InputError(
            "report compare prints --format table or json, not markdown", field="--format"
        )
    same = {}
    for pair in args.same:
        x, sep, y = pair.partition("=")
        if not sep or not x.strip() or not y.strip():
            raise InputError(f"--same takes A=B (two figure ids), got {pair!r}", field="--same")
        same[x.strip()] = y.strip()
    a, b = (load_report(p) for p in args.more)
    result = compare(a, b, same=same, against_gazetteer=not args.offline)
    print(result.render(args.format), end="")
    return 1 if any(f.is_error for f in result.findings()) else 0


def _report(args: argparse.Namespace) -> int:
    from qcdc._console import default_date
    from qcdc.reports._format import load_embedded, load_report
    from qcdc.reports.checker import run_checks
    from qcdc.reports.render import render

    if args.file == "compare" and (args.more or not Path("compare").exists()):
        return _compare(args)
    if args.more:
        from qcdc.errors import InputError

        raise InputError(
            f"report takes one FILE, got {1 + len(args.more)}",
            hint="to compare two reports: qcdc report compare A B",
        )
    report = load_report(args.file) if args.file else load_embedded("hanoi-2021")
    checks = run_checks(report, against_gazetteer=not args.offline)
    findings = [c.finding for c in checks if c.finding is not None]
    extra = []
    # not the whole country, not a name, not undated (period.undated says what is skipped)
    if not args.offline and report.place.isdigit() and report.on is not None:
        to = default_date(args.to, "--to")
        extra.append(today_section(report, to))
    text = render(report, findings, fmt=args.format, checks=checks, extra_sections=extra)
    if args.format == "table":
        text = _fit_lines(text)
    print(text, end="" if text.endswith("\n") else "\n")
    return 1 if any(f.is_error for f in findings) else 0


def _fit_lines(text: str) -> str:
    """The rendered report with each line wrapped to the terminal (when output is one)."""
    width = terminal_width()
    if width is None:
        return text
    return "\n".join(fit(line, width, "    ") for line in text.split("\n"))


def _check(args: argparse.Namespace) -> int:
    from qcdc.reports._format import load_report
    from qcdc.reports.checker import run_checks
    from qcdc.reports.render import render

    report = load_report(args.file)
    checks = run_checks(report, against_gazetteer=not args.offline)
    findings = [c.finding for c in checks if c.finding is not None]
    if args.format == "json":
        if args.all:
            text = render(report, findings, fmt="json", checks=checks)
        else:
            text = json.dumps(
                [
                    {
                        "rule": f.rule,
                        "severity": f.severity.value,
                        "path": f.path,
                        "message": f.message,
                    }
                    for f in findings
                ],
                ensure_ascii=False,
                indent=2,
            )
        print(text)
    elif args.all or args.format == "markdown":
        text = render(report, findings, fmt=args.format, checks=checks if args.all else None)
        print(_fit_lines(text) if args.format == "table" else text, end="")
    else:
        width = terminal_width()
        for f in findings:
            print(fit(str(f), width))
        errors = sum(1 for f in findings if f.is_error)
        summary = (
            f"{args.file}: {plural(len(checks), 'check')}, {plural(len(findings), 'finding')} "
            f"({plural(errors, 'error')}, {plural(len(findings) - errors, 'warning')})"
        )
        print(fit(summary, width))
    return 1 if any(f.is_error for f in findings) else 0


def _extract(args: argparse.Namespace) -> int:
    from qcdc.reports.extract import extract_figures

    text = read_text(args.file, what="article")
    period = period_option(args.period) if args.period else None
    ex = extract_figures(text)
    if args.format == "json":
        data = {
            "figures": [
                {"start": f.span[0], "end": f.span[1], "text": f.text, "metric": f.metric}
                for f in ex.figures
            ],
            "documents": [
                {"start": d.span[0], "end": d.span[1], "text": d.text} for d in ex.documents
            ],
            "dates": [
                {"start": d.span[0], "end": d.span[1], "date": d.date.isoformat()} for d in ex.dates
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        # each figure with the sentence it came from; the place found in the text unless
        # the user names it
        draft = ex.to_toml(
            place=args.place, period=period, sentences=True, locate=args.place is None
        )
        print(draft, end="")
    return 0
