"""``qcdc docs …`` and ``qcdc deadline …``: document numbers and working-day deadlines.

``qcdc docs parse TEXT [TEXT …]``
    the canonical spelling, system, number, type and issuer of each document number.
``qcdc docs find FILE``
    every document number in a text file (``-`` for standard input), with its span.
``qcdc deadline TEXT --from DATE``
    the due date of a deadline such as "15 ngày làm việc" or "trong quý II/2022".

Exit status: 0 ok, 2 bad input (a number or deadline that does not parse).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from qcdc.cli import iso_date
from qcdc.dates import Deadline, format_date
from qcdc.directives import DocumentNumber, find_document_numbers
from qcdc.errors import InputError

__all__ = ["register"]


def _record(n: DocumentNumber) -> dict[str, Any]:
    return {
        "canonical": str(n),
        "system": n.system,
        "number": n.number,
        "year": n.year,
        "kind_code": n.kind_code,
        "kind": n.kind.name if n.kind is not None else None,
        "issuer_code": n.issuer_code,
        "co_issuers": list(n.co_issuers),
        "unit_code": n.unit_code,
    }


def _print_table(rows: list[list[str]], header: list[str]) -> None:
    table = [header, *rows]
    widths = [max(len(r[k]) for r in table) for k in range(len(header))]
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def _docs_parse(args: argparse.Namespace) -> int:
    records = [(text, _record(DocumentNumber.parse(text))) for text in args.text]
    if args.format == "json":
        print(json.dumps([{"text": t, **r} for t, r in records], ensure_ascii=False, indent=2))
        return 0
    rows = [
        [r["canonical"], r["system"], r["kind_code"] or "", r["kind"] or "", r["issuer_code"]]
        for _, r in records
    ]
    _print_table(rows, ["canonical", "system", "type", "kind", "issuer"])
    return 0


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the file: {exc}", source=path) from None


def _docs_find(args: argparse.Namespace) -> int:
    found = find_document_numbers(_read(args.file))
    if args.format == "json":
        out = [{"start": m.start, "end": m.end, "text": m.text, **_record(m.number)} for m in found]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    rows = [[f"{m.start}-{m.end}", str(m.number), m.number.system, m.text] for m in found]
    _print_table(rows, ["span", "canonical", "system", "as written"])
    return 0


def _deadline(args: argparse.Namespace) -> int:
    deadline = Deadline.parse(args.text, reference=args.start)
    due = deadline.resolve(args.start)
    if args.format == "json":
        out = {"deadline": str(deadline), "from": args.start.isoformat(), "due": due.isoformat()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"{deadline} (from {format_date(args.start)}): {format_date(due, 'weekday')}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``docs`` and ``deadline`` to the ``qcdc`` command."""
    docs = sub.add_parser("docs", help="document numbers: parse and find")
    docs_sub = docs.add_subparsers(dest="docs_command", required=True)

    p = docs_sub.add_parser("parse", help="canonical form of document numbers")
    p.add_argument("text", nargs="+", help="a document number, e.g. 'Quyết định số 2200-QĐ/TU'")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=_docs_parse)

    f = docs_sub.add_parser("find", help="every document number in a text file")
    f.add_argument("file", help="a UTF-8 text file, or - for standard input")
    f.add_argument("--format", choices=("table", "json"), default="table")
    f.set_defaults(func=_docs_find)

    d = sub.add_parser("deadline", help="due date of a deadline in (working) days or months")
    d.add_argument("text", help="e.g. '15 ngày làm việc', 'trong quý II/2022'")
    d.add_argument("--from", dest="start", type=iso_date, required=True, help="YYYY-MM-DD")
    d.add_argument("--format", choices=("table", "json"), default="table")
    d.set_defaults(func=_deadline)
