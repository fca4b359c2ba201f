"""What each endpoint answers, as plain functions of plain values (no HTTP here).

Every function takes the query parameters as text (as they come off the URL) and
returns JSON-ready data; bad input raises a :class:`~qcdc.errors.QcdcError` naming
the parameter, which the app turns into a 4xx with a finding.  The shapes are those
of the command line's ``--format json``, so a script can move from one to the other.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from qcdc.errors import InputError
from qcdc.units.gazetteer import Gazetteer

__all__ = [
    "MAX_PAGE",
    "check_report",
    "convert_codes",
    "crosswalk",
    "extract_text",
    "find_units",
    "health",
    "list_units",
    "parse_document",
    "read_codes",
    "unit",
    "unit_history",
]

#: the most units one page of ``GET /units`` holds
MAX_PAGE = 5000

_ON_SPLIT = ("default", "all", "raise")


def day(value: str | None, name: str, g: Gazetteer) -> dt.date:
    """The date of query parameter ``name`` (``YYYY-MM-DD``), or the newest list's date."""
    if value is None or value == "":
        return g.snapshots[-1][0]
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{value!r} is not a date", field=name, hint="write it as YYYY-MM-DD, e.g. 2021-12-17"
        ) from None


def _count(value: str | None, name: str, default: int, *, most: int) -> int:
    if value is None or value == "":
        return default
    try:
        n = int(value)
    except ValueError:
        raise InputError(f"{value!r} is not a whole number", field=name) from None
    if not 0 <= n <= most:
        raise InputError(f"must be between 0 and {most}, got {n}", field=name)
    return n


def health(g: Gazetteer) -> dict[str, Any]:
    """The service is up: its version, the data's version and what dates it covers."""
    from qcdc import __version__

    start, end = g.coverage
    return {
        "status": "ok",
        "version": __version__,
        "data_version": g.data_version,
        "coverage": [start.isoformat(), end.isoformat() if end else None],
        "newest_list": g.snapshots[-1][0].isoformat(),
        "horizon": horizon(g),
    }


def horizon(g: Gazetteer) -> str | None:
    """The newest act in force the data knows, as ISO text (``None`` for user data)."""
    h = g.horizon
    return h[0].isoformat() if h else None


def unit(g: Gazetteer, code: str, on: str | None) -> dict[str, Any]:
    """``GET /units/{code}``: the unit in force on ``on`` and the units it lies in."""
    when = day(on, "on", g)
    u = g.lookup(code, on=when)
    return {
        **u.to_record(),
        "on": when.isoformat(),
        "ancestors": [a.to_record() for a in g.ancestors(u.code, on=when)],
    }


def list_units(
    g: Gazetteer,
    *,
    on: str | None,
    level: str | None,
    kind: str | None,
    within: str | None,
    offset: str | None,
    limit: str | None,
) -> dict[str, Any]:
    """``GET /units``: one page of the units in force on ``on``, by level then code."""
    when = day(on, "on", g)
    start = _count(offset, "offset", 0, most=10**9)
    size = _count(limit, "limit", 500, most=MAX_PAGE)
    rows = list(g.units(on=when, level=level or None, kind=kind or None, within=within or None))
    page = rows[start : start + size]
    return {
        "on": when.isoformat(),
        "total": len(rows),
        "offset": start,
        "limit": size,
        "next_offset": start + size if start + size < len(rows) else None,
        "units": [u.to_record() for u in page],
    }


def find_units(
    g: Gazetteer, *, q: str | None, on: str | None, within: str | None, level: str | None
) -> dict[str, Any]:
    """``GET /find``: units by name in any spelling, ranked, with the reasons."""
    if not q:
        raise InputError("a name to look for is needed", field="q", hint="e.g. /find?q=Ba Đình")
    when = day(on, "on", g)
    res = g.find(q, on=when, within=within or None, level=level or None)
    return {
        "query": res.query,
        "on": when.isoformat(),
        "status": res.status,
        "candidates": [
            {**c.unit.to_record(), "score": c.score, "reasons": list(c.reasons)}
            for c in res.candidates
        ],
    }


def unit_history(g: Gazetteer, code: str) -> dict[str, Any]:
    """``GET /units/{code}/history``: every act that touched the code, with its links."""
    return dict(g.history(code).to_dict(), code=code)


def read_codes(body: bytes, content_type: str) -> list[str]:
    """The codes of a ``POST /convert`` body: a JSON list (or ``{"codes": [...]}``),
    or CSV / plain text with one code a line (a header ``code`` is skipped)."""
    text = _utf8(body)
    if "json" in content_type or text.lstrip().startswith(("[", "{")):
        data = _json(text)
        if isinstance(data, Mapping):
            data = data.get("codes")
        if not isinstance(data, list):
            raise InputError(
                'the body must be a JSON list of codes or {"codes": [...]}', field="body"
            )
        for i, c in enumerate(data):
            if not isinstance(c, str):
                raise InputError(
                    f"each code must be text, got {type(c).__name__}", field=f"codes[{i}]"
                )
        return list(data)
    from qcdc.io import read_codes as read_lines

    return read_lines(io.StringIO(text), source="body")


def convert_codes(
    g: Gazetteer,
    codes: Sequence[str],
    *,
    on: str | None,
    to: str | None,
    on_split: str | None,
    on_unknown: str | None = None,
    as_csv: bool,
) -> Iterator[str]:
    """``POST /convert``: each code of ``on`` with its code(s) on ``to``, streamed in
    chunks (JSON lines of a list, or CSV rows) so a million codes never sit in one string."""
    if on is None or on == "":
        raise InputError("the date of the codes is needed", field="on", hint="add ?on=2021-12-17")
    when, then = day(on, "on", g), day(to, "to", g)
    split = on_split or "default"
    if split not in _ON_SPLIT:
        raise InputError(f"must be one of {', '.join(_ON_SPLIT)}, got {split!r}", field="on_split")
    unknown = on_unknown or "raise"
    if unknown not in ("raise", "none"):
        raise InputError(f"must be raise or none, got {unknown!r}", field="on_unknown")
    # raise before the first byte goes out, so a bad code is a 4xx and not a cut stream
    result = g.convert(codes, on=when, to=then, on_split=split, on_unknown=unknown)  # type: ignore[call-overload]
    return _stream(codes, result, as_csv=as_csv, on=when, to=then)


def _stream(
    codes: Sequence[str], result: Sequence[Any], *, as_csv: bool, on: dt.date, to: dt.date
) -> Iterator[str]:
    chunk = 10_000
    if as_csv:
        yield "code,to_code\n"
        for i in range(0, len(codes), chunk):
            yield "".join(
                f"{c},{' '.join(r) if isinstance(r, tuple) else (r or '')}\n"
                for c, r in zip(codes[i : i + chunk], result[i : i + chunk], strict=True)
            )
        return
    yield f'{{"on": "{on.isoformat()}", "to": "{to.isoformat()}", "codes": ['
    for i in range(0, len(codes), chunk):
        part = json.dumps(
            [
                {"code": c, "to": list(r) if isinstance(r, tuple) else r}
                for c, r in zip(codes[i : i + chunk], result[i : i + chunk], strict=True)
            ],
            ensure_ascii=False,
        )[1:-1]
        yield ("," if i else "") + part
    yield "]}\n"


def crosswalk(
    g: Gazetteer, *, on: str | None, to: str | None, level: str | None, fmt: str | None
) -> tuple[bytes, str]:
    """``GET /crosswalk``: every unit of ``on`` with its targets on ``to``, as CSV, JSON
    or Parquet; returns the body and its media type."""
    if on is None or on == "":
        raise InputError("the date to start from is needed", field="on", hint="add ?on=2021-12-17")
    when, then = day(on, "on", g), day(to, "to", g)
    form = fmt or "json"
    if form == "parquet":
        from qcdc._optional import require
        from qcdc.arrow import crosswalk_table

        pq = require("pyarrow.parquet", extra="arrow")
        out = io.BytesIO()
        pq.write_table(crosswalk_table(g, on=when, to=then, level=level or None), out)
        return out.getvalue(), "application/vnd.apache.parquet"
    if form not in ("csv", "json"):
        raise InputError(f"must be csv, json or parquet, got {form!r}", field="format")
    from qcdc.io import export_crosswalk

    text = io.StringIO()
    export_crosswalk(g, when, then, form, text, level=level or None)  # type: ignore[arg-type]
    media = "text/csv; charset=utf-8" if form == "csv" else "application/json"
    return text.getvalue().encode("utf-8"), media


def check_report(
    body: bytes, content_type: str, g: Gazetteer | None = None, to: str | None = None
) -> dict[str, Any]:
    """``POST /check``: a report (TOML, or JSON) → every check with its finding, and (with
    a gazetteer) the report's communes carried through the lineage to ``to``."""
    from qcdc.reports import loads_report, run_checks

    text = _utf8(body)
    fmt = "json" if "json" in content_type or text.lstrip().startswith("{") else "toml"
    _shallow(text)
    report = loads_report(text, format=fmt, source="body")
    checks = run_checks(report, against_gazetteer=True)
    findings = [c.finding for c in checks if c.finding is not None]
    return {
        "title": report.title,
        "place": report.place,
        # each check with what it checked, in words (the rule's label), as the CLI prints it
        "checks": [{**c.to_dict(), "label": _label(c.rule)} for c in checks],
        "findings": [f.to_dict() for f in findings],
        "errors": sum(1 for f in findings if f.is_error),
        "warnings": sum(1 for f in findings if not f.is_error),
        "today": None
        if g is None or report.on is None  # an undated report has no units of a date
        else _today(g, report.place, report.on, day(to, "to", g)),
    }


def _label(rule: str) -> str:
    from qcdc.reports import RULES

    for r in RULES:
        if r.id == rule:
            return r.label or rule
    return rule


def _today(g: Gazetteer, place: str, on: dt.date, to: dt.date) -> dict[str, Any] | None:
    """The place's communes on the report's date and the same territory's on ``to``
    (``None`` when the place is not a unit code of that date)."""
    from qcdc.errors import QcdcError

    if not place.isdigit():  # the whole country, or a name
        return None
    try:
        pp = g.project_place(place, on=on, to=to)
        name = g.lookup(place, on=on).name
    except QcdcError:
        return None
    return {
        "place": place,
        "name": name,
        "on": on.isoformat(),
        "to": to.isoformat(),
        "before": len(pp.before),
        "after": len(pp.after),
        "before_by_kind": pp.by_kind("before"),
        "after_by_kind": pp.by_kind("after"),
        "statuses": dict(pp.statuses),
        "now": [{"code": t.code, "name": t.name} for t in pp.place.targets],
    }


def extract_text(body: bytes, *, place: str | None, period: str | None) -> dict[str, Any]:
    """``POST /extract``: an article's text → its figures, documents and dates with
    their spans, and the draft report as TOML."""
    from qcdc.dates import parse_period
    from qcdc.reports.extract import extract_figures

    text = _utf8(body)
    ex = extract_figures(text)
    span = parse_period(period) if period else None
    return {
        "figures": [
            {"start": f.span[0], "end": f.span[1], "text": f.text, "metric": f.metric}
            for f in ex.figures
        ],
        "documents": [{"start": d.span[0], "end": d.span[1], "text": d.text} for d in ex.documents],
        "dates": [
            {"start": d.span[0], "end": d.span[1], "date": d.date.isoformat()} for d in ex.dates
        ],
        "draft_toml": ex.to_toml(
            place=place or None, period=span, sentences=True, locate=not place
        ),
    }


def parse_document(s: str | None) -> dict[str, Any]:
    """``GET /documents/parse``: a document number's parts and its canonical spelling."""
    from qcdc.directives.document_numbers import DocumentNumber

    if not s:
        raise InputError("a document number is needed", field="s", hint="e.g. ?s=2200-QĐ/TU")
    d = DocumentNumber.parse(s)
    return {
        "text": s,
        "canonical": str(d),
        "system": d.system,
        "number": d.number,
        "suffix": d.suffix,
        "year": d.year,
        "kind_code": d.kind_code,
        "issuer_code": d.issuer_code,
        "co_issuers": list(d.co_issuers),
        "unit_code": d.unit_code,
        "warnings": list(d.warnings),
    }


# ------------------------------------------------------------------------ body reading


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the body is not UTF-8 text (byte {exc.start} is {body[exc.start]:#04x})",
            field="body",
            hint="send the text encoded as UTF-8",
        ) from None


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the body is not JSON: {exc.msg}", field="body", line=exc.lineno
        ) from None
    except RecursionError:
        raise InputError("the body is nested too deeply", field="body") from None


#: deeper than any report needs; a TOML or JSON "bomb" of nested brackets is refused
#: before a parser recurses into it
MAX_DEPTH = 32


def _shallow(text: str) -> None:
    depth = most = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > most:
                most = depth
                if most > MAX_DEPTH:
                    raise InputError(
                        f"the body is nested more than {MAX_DEPTH} levels deep",
                        field="body",
                        hint="a report needs only a few levels of tables",
                    )
        elif ch in "]}":
            depth -= 1
