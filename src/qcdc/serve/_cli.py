"""``qcdc serve [--host H] [--port P] [--max-body BYTES] [--time-limit S] [--changes FILE]``."""

from __future__ import annotations

import argparse
import sys

__all__ = ["register"]


def _serve(args: argparse.Namespace) -> int:
    from qcdc.serve import Limits, run
    from qcdc.units.gazetteer import gazetteer

    g = gazetteer(changes=args.changes) if args.changes else gazetteer()
    limits = Limits(max_body_bytes=args.max_body, time_limit=args.time_limit)
    print(
        f"qcdc: serving on http://{args.host}:{args.port}/ (the API's schema at /docs); "
        "Ctrl-C stops it",
        file=sys.stderr,
    )
    run(args.host, args.port, gazetteer=g, limits=limits)
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``qcdc serve``."""
    p = sub.add_parser(
        "serve",
        help="serve the HTTP API and the checking page (needs the serve extra)",
        description="Serve qcdc over HTTP: a read-only JSON API (schema at /docs) and, at /, "
        "a page that checks an article's figures. Loopback only unless --host says otherwise.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--max-body",
        type=int,
        default=1_000_000,
        metavar="BYTES",
        help="largest request body taken (default 1000000); larger is refused with 413",
    )
    p.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds a request may take (default 10); longer is answered with 408",
    )
    p.add_argument(
        "--changes",
        action="append",
        metavar="FILE",
        help="a change file of acts to layer over the embedded data (repeatable)",
    )
    p.set_defaults(func=_serve)
