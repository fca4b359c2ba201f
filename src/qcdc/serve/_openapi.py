"""The OpenAPI 3.1 schema of the API, written as data, and a page that shows it.

The tests check that every route of :data:`qcdc.serve._app.ROUTES` is described here
and nothing else is, so the schema cannot drift from the app.
"""

from __future__ import annotations

import html
from typing import Any

from qcdc.io import UNIT_FIELDS
from qcdc.serve._limits import Limits

__all__ = ["docs_page", "schema"]

_DATE = {"type": "string", "format": "date", "examples": ["2021-12-17"]}
_CODE = {"type": "string", "pattern": "^[0-9]{2,5}$", "examples": ["00004"]}


def _param(
    name: str,
    where: str,
    text: str,
    schema: dict[str, Any] | None = None,
    *,
    required: bool = False,
) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": text,
        "schema": schema or {"type": "string"},
    }


_ON = _param(
    "on", "query", "the date (YYYY-MM-DD); default: the newest unit list's first day", _DATE
)
_TO = _param("to", "query", "the date to go to (YYYY-MM-DD); default: the newest list", _DATE)
_WITHIN = _param("within", "query", "only units within this province or district code", _CODE)
_LEVEL = _param(
    "level",
    "query",
    "province, district or commune",
    {"type": "string", "enum": ["province", "district", "commune"]},
)

_UNIT = {"type": "object", "properties": {k: {"type": "string"} for k in UNIT_FIELDS}}
_FINDINGS = {
    "type": "object",
    "properties": {
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["rule", "severity", "path", "message"],
                "properties": {
                    "rule": {"type": "string", "examples": ["unit.unknown"]},
                    "severity": {"type": "string", "enum": ["error", "warning", "info"]},
                    "path": {"type": "string", "examples": ["on"]},
                    "message": {"type": "string"},
                },
            },
        }
    },
}


def _ok(
    text: str, body: dict[str, Any] | None = None, media: str = "application/json"
) -> dict[str, Any]:
    return {"description": text, "content": {media: {"schema": body or {"type": "object"}}}}


def _errors(*codes: int) -> dict[str, Any]:
    words = {
        400: "bad input (a finding names the parameter)",
        404: "no such unit or endpoint",
        408: "the request took longer than the time limit",
        409: "ambiguous (a split unit, several units)",
        413: "the body is larger than the limit",
        422: "codes the lineage cannot follow, or a report that does not validate",
    }
    return {str(c): _ok(words[c], _FINDINGS) for c in codes}


def _op(
    summary: str,
    params: list[dict[str, Any]],
    ok: dict[str, Any],
    *codes: int,
    body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "summary": summary,
        "parameters": params,
        "responses": {"200": ok, **_errors(400, 408, *codes)},
    }
    if body is not None:
        out["requestBody"] = body
        out["responses"].update(_errors(413))
    return out


def _text_body(text: str, *media: str) -> dict[str, Any]:
    return {
        "required": True,
        "description": text,
        "content": {m: {"schema": {"type": "string"}} for m in media},
    }


def schema(limits: Limits) -> dict[str, Any]:
    """The schema, with the server's own limits in its description."""
    from qcdc import __version__

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "qcdc",
            "version": __version__,
            "description": (
                "Vietnam's administrative units through time, document numbers and annual "
                "reports checked. Read-only. Every answer carries X-Qcdc-Data-Version, "
                "X-Qcdc-Horizon and X-Qcdc-Newest-List. Bad input is a 4xx with findings. "
                f"Bodies up to {limits.max_body_bytes:,} bytes; {limits.time_limit:g} s a request."
            ),
        },
        "paths": {
            "/health": {"get": _op("the service is up; versions and coverage", [], _ok("status"))},
            "/units": {
                "get": _op(
                    "units in force on a date, one page at a time",
                    [
                        _ON,
                        _LEVEL,
                        _WITHIN,
                        _param(
                            "kind", "query", "a kind in Vietnamese: xã, phường, thị trấn, đặc khu …"
                        ),
                        _param(
                            "offset",
                            "query",
                            "the first row of the page",
                            {"type": "integer", "minimum": 0},
                        ),
                        _param(
                            "limit",
                            "query",
                            "rows in a page (at most 5000)",
                            {"type": "integer", "minimum": 0, "maximum": 5000},
                        ),
                    ],
                    _ok(
                        "a page of units",
                        {
                            "type": "object",
                            "properties": {
                                "total": {"type": "integer"},
                                "next_offset": {"type": ["integer", "null"]},
                                "units": {"type": "array", "items": _UNIT},
                            },
                        },
                    ),
                    404,
                )
            },
            "/units/{code}": {
                "get": _op(
                    "one unit on a date and the units it lies in",
                    [_param("code", "path", "the unit's code", _CODE), _ON],
                    _ok("the unit", _UNIT),
                    404,
                )
            },
            "/units/{code}/history": {
                "get": _op(
                    "every act that touched the code, with its links",
                    [_param("code", "path", "the unit's code", _CODE)],
                    _ok("the acts"),
                )
            },
            "/find": {
                "get": _op(
                    "units by name, in any spelling",
                    [
                        _param("q", "query", "the name as written", required=True),
                        _ON,
                        _WITHIN,
                        _LEVEL,
                    ],
                    _ok("status (exact, ambiguous, not_found) and ranked candidates"),
                    404,
                )
            },
            "/convert": {
                "post": _op(
                    "codes of one date to the codes of another (streamed)",
                    [
                        _param("on", "query", "the date of the codes", _DATE, required=True),
                        _TO,
                        _param(
                            "on_split",
                            "query",
                            "default, all or raise",
                            {"type": "string", "enum": ["default", "all", "raise"]},
                        ),
                        _param(
                            "on_unknown",
                            "query",
                            "raise (default: a 4xx naming the codes) or none (null in their place)",
                            {"type": "string", "enum": ["raise", "none"]},
                        ),
                    ],
                    _ok("each code with its code(s) on `to`"),
                    404,
                    409,
                    422,
                    body=_text_body(
                        'a JSON list of codes, {"codes": [...]}, or CSV / text, a code a line',
                        "application/json",
                        "text/csv",
                        "text/plain",
                    ),
                )
            },
            "/crosswalk": {
                "get": _op(
                    "every unit of one date with its targets on another",
                    [
                        _param("on", "query", "the date to start from", _DATE, required=True),
                        _TO,
                        _LEVEL,
                        _param(
                            "format",
                            "query",
                            "json (default), csv or parquet",
                            {"type": "string", "enum": ["json", "csv", "parquet"]},
                        ),
                    ],
                    _ok("the crosswalk rows"),
                )
            },
            "/check": {
                "post": _op(
                    "a report (TOML or JSON, the documented format) → every check and its finding",
                    [_TO],
                    _ok("checks, findings, and the report's communes carried to `to`"),
                    422,
                    body=_text_body(
                        "the report", "application/toml", "application/json", "text/plain"
                    ),
                )
            },
            "/extract": {
                "post": _op(
                    "an article's text → its figures, documents and dates, and a draft report",
                    [
                        _param("place", "query", "the place's code, if the text does not say"),
                        _param(
                            "period", "query", "the period, e.g. 2021, if the text does not say"
                        ),
                    ],
                    _ok("figures, documents, dates, draft_toml"),
                    body=_text_body("the article as UTF-8 text", "text/plain"),
                )
            },
            "/documents/parse": {
                "get": _op(
                    "a document number's parts",
                    [_param("s", "query", "the number as written, e.g. 2200-QĐ/TU", required=True)],
                    _ok("its parts and canonical spelling"),
                )
            },
            "/openapi.json": {"get": _op("this schema", [], _ok("OpenAPI 3.1"))},
            "/docs": {"get": _op("this schema as a page", [], _ok("HTML", media="text/html"))},
        },
    }


def docs_page(limits: Limits) -> str:
    """The schema as a self-contained HTML page (no script, no outside resource)."""
    spec = schema(limits)
    parts = [
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>qcdc API</title>",
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;"
        "padding:0 1em}"
        "code{background:#f3f3f3;padding:0 .2em}h2{margin-top:1.6em;font-size:1.1em}"
        "td,th{border-bottom:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}"
        "table{border-collapse:collapse}</style>",
        f"<h1>qcdc API {html.escape(spec['info']['version'])}</h1>",
        f"<p>{html.escape(spec['info']['description'])}</p>",
        "<p>The machine-readable schema: <a href='/openapi.json'>/openapi.json</a>.</p>",
    ]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            parts.append(
                f"<h2><code>{method.upper()} {html.escape(path)}</code></h2>"
                f"<p>{html.escape(op['summary'])}</p>"
            )
            if op["parameters"]:
                rows = "".join(
                    f"<tr><td><code>{html.escape(p['name'])}</code></td><td>{p['in']}</td>"
                    f"<td>{'required' if p['required'] else ''}</td>"
                    f"<td>{html.escape(p['description'])}</td></tr>"
                    for p in op["parameters"]
                )
                parts.append(
                    f"<table><tr><th>parameter</th><th>in</th><th></th><th></th></tr>{rows}</table>"
                )
            if "requestBody" in op:
                parts.append(f"<p>Body: {html.escape(op['requestBody']['description'])}</p>")
            codes = ", ".join(sorted(op["responses"]))
            parts.append(f"<p>Answers: {codes}</p>")
    return "".join(parts) + "</html>"
