"""The ASGI app: routes, limits, errors as findings, and the data version on every answer.

Starlette is the framework (see :mod:`qcdc.serve` for why).  Each route reads its
input (with the body limit), runs the plain function of :mod:`qcdc.serve._api` in a
worker thread under the time limit, and answers JSON.  Whatever goes wrong becomes a
4xx (or, for a bug in qcdc, a 500) whose body is ``{"findings": [{rule, severity,
path, message}]}``, the shape the library's checkers give — never a traceback.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from qcdc import errors
from qcdc.serve import _api
from qcdc.serve._limits import Limits
from qcdc.units.gazetteer import Gazetteer

__all__ = ["ROUTES", "build_app", "finding"]

_log = logging.getLogger("qcdc.serve")

#: error class → HTTP status and the rule id of its finding (the first match wins)
_STATUS: tuple[tuple[type[errors.QcdcError], int, str], ...] = (
    (errors.UnknownUnit, 404, "unit.unknown"),
    (errors.InvalidUnitCode, 400, "unit.invalid-code"),
    (errors.AmbiguousUnit, 409, "unit.ambiguous"),
    (errors.OutOfCoverage, 400, "date.out-of-coverage"),
    (errors.SplitConversion, 409, "convert.split"),
    (errors.UnresolvedUnit, 422, "convert.unresolved"),
    (errors.InvalidDocumentNumber, 400, "document.unparsable"),
    (errors.InvalidDate, 400, "date.invalid"),
    (errors.MissingDependency, 501, "serve.missing-extra"),
    (errors.QcdcError, 400, "input.invalid"),
)


class _Refused(Exception):
    """A request refused before any qcdc code ran (too big, too slow, not found)."""

    def __init__(self, status: int, rule: str, path: str, message: str) -> None:
        super().__init__(message)
        self.status, self.rule, self.path, self.message = status, rule, path, message


def finding(rule: str, path: str, message: str, severity: str = "error") -> dict[str, str]:
    """One finding as JSON: the shape of :meth:`qcdc.Finding.to_dict` without figures."""
    return {"rule": rule, "severity": severity, "path": path, "message": message}


def _answer_error(exc: BaseException) -> tuple[int, list[dict[str, str]]]:
    if isinstance(exc, _Refused):
        return exc.status, [finding(exc.rule, exc.path, exc.message)]
    if isinstance(exc, errors.ValidationFailed):
        return 422, [
            finding("input.invalid", getattr(part, "field", None) or "body", str(part))
            for part in exc.exceptions
        ]
    if isinstance(exc, errors.QcdcError):
        for cls, status, rule in _STATUS:
            if isinstance(exc, cls):
                return status, [finding(rule, _where(exc), _message(exc))]
    if isinstance(exc, RecursionError):
        return 400, [finding("input.too-deep", "body", "the input is nested too deeply")]
    _log.exception("internal error")  # the server's log keeps the traceback; the client never
    return 500, [
        finding(
            "serve.internal",
            "request",
            f"internal error ({type(exc).__name__}): a bug in qcdc, not in your request; "
            "please report it with the request",
        )
    ]


def _where(exc: errors.QcdcError) -> str:
    """The parameter or key path an error is about."""
    if isinstance(exc, errors.InputError) and exc.field:
        return exc.field
    if isinstance(exc, (errors.UnknownUnit, errors.InvalidUnitCode, errors.AmbiguousUnit)):
        return "code"
    if isinstance(exc, errors.InvalidDocumentNumber):
        return "s"
    return "request"


def _message(exc: errors.QcdcError) -> str:
    """The message without the "field 'x': " prefix that the finding's path already says."""
    if isinstance(exc, errors.InputError) and exc.field and not exc.source:
        return exc.reason + (f"; {exc.hint}" if exc.hint else "")
    return str(exc)


def _headers(g: Gazetteer) -> dict[str, str]:
    out = {"X-Qcdc-Newest-List": g.snapshots[-1][0].isoformat()}
    if g.data_version:
        out["X-Qcdc-Data-Version"] = g.data_version
    h = _api.horizon(g)
    if h:
        out["X-Qcdc-Horizon"] = h
    return out


async def _body(request: Request, limits: Limits) -> bytes:
    """The request's body, refused with 413 as soon as it passes the limit."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise _too_big(limits)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.max_body_bytes:
            raise _too_big(limits)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(limits: Limits) -> _Refused:
    return _Refused(
        413,
        "request.too-large",
        "body",
        f"the body is larger than {limits.max_body_bytes:,} bytes; send less, or start the "
        "server with a larger --max-body",
    )


Handler = Callable[[Request, Gazetteer, Limits], Awaitable[Response]]


async def _in_thread(limits: Limits, func: Callable[..., Any], *args: Any) -> Any:
    """Run ``func(*args)`` in a worker thread; 408 when it passes the time limit."""
    try:
        with anyio.fail_after(limits.time_limit):
            return await anyio.to_thread.run_sync(
                functools.partial(func, *args), abandon_on_cancel=True
            )
    except TimeoutError:
        raise _Refused(
            408,
            "request.timeout",
            "request",
            f"the answer took longer than {limits.time_limit:g} s; ask for less at a time",
        ) from None


def _json(data: Any, g: Gazetteer, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    return Response(body, status, media_type="application/json", headers=_headers(g))


def _q(request: Request, name: str) -> str | None:
    return request.query_params.get(name)


# ------------------------------------------------------------------------------ routes


async def _health(request: Request, g: Gazetteer, limits: Limits) -> Response:
    return _json(_api.health(g), g)


async def _unit(request: Request, g: Gazetteer, limits: Limits) -> Response:
    code = request.path_params["code"]
    return _json(await _in_thread(limits, _api.unit, g, code, _q(request, "on")), g)


async def _units(request: Request, g: Gazetteer, limits: Limits) -> Response:
    call = functools.partial(
        _api.list_units,
        g,
        on=_q(request, "on"),
        level=_q(request, "level"),
        kind=_q(request, "kind"),
        within=_q(request, "within"),
        offset=_q(request, "offset"),
        limit=_q(request, "limit"),
    )
    return _json(await _in_thread(limits, call), g)


async def _find(request: Request, g: Gazetteer, limits: Limits) -> Response:
    call = functools.partial(
        _api.find_units,
        g,
        q=_q(request, "q"),
        on=_q(request, "on"),
        within=_q(request, "within"),
        level=_q(request, "level"),
    )
    return _json(await _in_thread(limits, call), g)


async def _history(request: Request, g: Gazetteer, limits: Limits) -> Response:
    return _json(await _in_thread(limits, _api.unit_history, g, request.path_params["code"]), g)


async def _convert(request: Request, g: Gazetteer, limits: Limits) -> Response:
    body = await _body(request, limits)
    kind = request.headers.get("content-type", "")
    as_csv = "csv" in kind or "csv" in request.headers.get("accept", "")

    def work() -> Iterator[str]:
        codes = _api.read_codes(body, kind)
        return _api.convert_codes(
            g,
            codes,
            on=_q(request, "on"),
            to=_q(request, "to"),
            on_split=_q(request, "on_split"),
            on_unknown=_q(request, "on_unknown"),
            as_csv=as_csv,
        )

    chunks: Iterator[str] = await _in_thread(limits, work)
    media = "text/csv; charset=utf-8" if as_csv else "application/json"
    return StreamingResponse(
        (c.encode("utf-8") for c in chunks), media_type=media, headers=_headers(g)
    )


async def _crosswalk(request: Request, g: Gazetteer, limits: Limits) -> Response:
    call = functools.partial(
        _api.crosswalk,
        g,
        on=_q(request, "on"),
        to=_q(request, "to"),
        level=_q(request, "level"),
        fmt=_q(request, "format"),
    )
    body, media = await _in_thread(limits, call)
    return Response(body, media_type=media, headers=_headers(g))


async def _check(request: Request, g: Gazetteer, limits: Limits) -> Response:
    body = await _body(request, limits)
    kind = request.headers.get("content-type", "")
    call = functools.partial(_api.check_report, body, kind, g, _q(request, "to"))
    return _json(await _in_thread(limits, call), g)


async def _extract(request: Request, g: Gazetteer, limits: Limits) -> Response:
    body = await _body(request, limits)
    call = functools.partial(
        _api.extract_text, body, place=_q(request, "place"), period=_q(request, "period")
    )
    return _json(await _in_thread(limits, call), g)


async def _document(request: Request, g: Gazetteer, limits: Limits) -> Response:
    return _json(await _in_thread(limits, _api.parse_document, _q(request, "s")), g)


async def _openapi(request: Request, g: Gazetteer, limits: Limits) -> Response:
    from qcdc.serve._openapi import schema

    return _json(schema(limits), g)


async def _docs(request: Request, g: Gazetteer, limits: Limits) -> Response:
    from qcdc.serve._openapi import docs_page

    return HTMLResponse(docs_page(limits), headers=_headers(g))


ROUTES: tuple[tuple[str, str, Handler], ...] = (
    ("GET", "/health", _health),
    ("GET", "/units", _units),
    ("GET", "/units/{code}", _unit),
    ("GET", "/units/{code}/history", _history),
    ("GET", "/find", _find),
    ("POST", "/convert", _convert),
    ("GET", "/crosswalk", _crosswalk),
    ("POST", "/check", _check),
    ("POST", "/extract", _extract),
    ("GET", "/documents/parse", _document),
    ("GET", "/openapi.json", _openapi),
    ("GET", "/docs", _docs),
)


def _endpoint(
    handler: Handler, g: Gazetteer, limits: Limits
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request, g, limits)
        except Exception as exc:  # every failure is an answer with a finding
            status, found = _answer_error(exc)
            return _json({"findings": found}, g, status)

    endpoint.__name__ = handler.__name__.lstrip("_")
    endpoint.__doc__ = handler.__doc__
    return endpoint


def build_app(g: Gazetteer, lim: Limits) -> Starlette:
    """The app over gazetteer ``g`` held to ``lim`` (see :func:`qcdc.serve.create_app`)."""
    routes = [
        Route(path, _endpoint(handler, g, lim), methods=[method])
        for method, path, handler in ROUTES
    ]

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 404:
            found = finding(
                "request.unknown-route",
                request.url.path,
                f"no such endpoint: {request.method} {request.url.path}; see /docs",
            )
        elif status == 405:
            found = finding(
                "request.method",
                request.url.path,
                f"{request.url.path} does not take {request.method}; see /docs",
            )
        else:
            found = finding("request.invalid", request.url.path, str(exc))
        return _json({"findings": [found]}, g, status)

    page = _page_route(g, lim)
    return Starlette(routes=[*routes, *page], exception_handlers={HTTPException: http_error})


def _page_route(g: Gazetteer, limits: Limits) -> list[Route]:
    """The page at ``/`` and the files it loads, all served from the package."""
    from qcdc.serve._page import routes

    return routes(g, limits, _headers(g))
