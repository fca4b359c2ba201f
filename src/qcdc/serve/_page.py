"""The page at ``/``: paste an article, see its figures found and checked.

One HTML file, one script and one style sheet, all in the package (``static/``) and
served from here: the page needs no outside resource and no build step.
"""

from __future__ import annotations

from importlib import resources

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from qcdc.serve._limits import Limits
from qcdc.units.gazetteer import Gazetteer

__all__ = ["routes"]

_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/app.css": ("app.css", "text/css; charset=utf-8"),
}


def _read(name: str) -> bytes:
    return resources.files("qcdc.serve").joinpath("static").joinpath(name).read_bytes()


def routes(g: Gazetteer, limits: Limits, headers: dict[str, str]) -> list[Route]:
    """A route for each file of the page; the newest list's date is filled in."""
    newest = g.snapshots[-1][0].isoformat()
    bodies = {
        path: (_read(name).replace(b"{{NEWEST}}", newest.encode()), media)
        for path, (name, media) in _FILES.items()
    }

    def serve(path: str) -> Route:
        body, media = bodies[path]

        async def endpoint(request: Request) -> Response:
            return Response(
                body, media_type=media, headers={**headers, "Cache-Control": "no-cache"}
            )

        return Route(path, endpoint, methods=["GET"])

    return [serve(path) for path in bodies]
