"""``qcdc serve``: qcdc over HTTP, for services in any language, and a page for people.

Install the extra and start it (read-only, loopback by default, nothing written to disk,
no network of its own)::

    python -m pip install ".[serve]"
    qcdc serve --port 8000
    curl 'http://127.0.0.1:8000/units/00004?on=2021-12-17'

The endpoints, their parameters and answers are in the OpenAPI schema at
``/openapi.json`` and browsable at ``/docs``; the page at ``/`` checks an article's
figures.  Every answer carries the data's version and horizon in the headers
``X-Qcdc-Data-Version``, ``X-Qcdc-Horizon`` and ``X-Qcdc-Newest-List``.  Bad input is a
4xx whose body is ``{"findings": [{"rule", "severity", "path", "message"}]}``.

Why Starlette (with uvicorn): it is small, pure Python and well kept, and does only
the HTTP.  FastAPI would add pydantic to validate what qcdc already validates (with
its own findings, which the API must return unchanged) and a ``/docs`` page that loads
its scripts from a CDN, which this server must not need; its schema is written here as
data and checked against the routes by the tests instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qcdc._optional import require
from qcdc.serve._limits import Limits

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from qcdc.units.gazetteer import Gazetteer

__all__ = ["Limits", "create_app", "run"]


def create_app(gazetteer: Gazetteer | None = None, *, limits: Limits | None = None) -> Starlette:
    """The qcdc HTTP API as an ASGI app (a ``starlette.applications.Starlette``), to run
    with any ASGI server (or :func:`run`).

    ``gazetteer`` is the embedded one unless given (for instance with change files
    layered over it); ``limits`` bounds each request's body and time.
    """
    require("starlette", extra="serve")
    from qcdc.serve._app import build_app
    from qcdc.units.gazetteer import gazetteer as embedded

    return build_app(gazetteer if gazetteer is not None else embedded(), limits or Limits())


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    gazetteer: Gazetteer | None = None,
    limits: Limits | None = None,
) -> None:
    """Serve :func:`create_app` with uvicorn until interrupted."""
    uvicorn = require("uvicorn", extra="serve")
    uvicorn.run(create_app(gazetteer, limits=limits), host=host, port=port, log_level="info")
