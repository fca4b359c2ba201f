"""The ``qcdc`` command (also ``python -m qcdc``): the root parser.

Each pillar adds its own commands (``register(subparsers)`` in its ``_cli`` module);
this module only assembles them and runs the one asked for.

Exit status: 0 success; 1 the input was read but error-level findings exist;
2 bad input or usage (the message is on stderr, never a traceback).
Every date option takes ``YYYY-MM-DD``; where a date is left out the command
uses an explicit default and says which on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from qcdc._console import default_date, emit_json, iso_date, newest_date
from qcdc.directives import _cli as directives_cli
from qcdc.errors import QcdcError
from qcdc.hamlets import _cli as hamlets_cli
from qcdc.inspection import _cli as inspection_cli
from qcdc.reports import _cli as reports_cli
from qcdc.units import _cli as units_cli

__all__ = ["build_parser", "default_date", "emit_json", "iso_date", "main", "newest_date"]


def build_parser() -> argparse.ArgumentParser:
    """The ``qcdc`` parser with every pillar's commands, in the order of ``qcdc --help``."""
    from qcdc import __version__

    parser = argparse.ArgumentParser(
        prog="qcdc",
        description="Vietnam's grassroots-democracy administration: units through time, "
        "hamlets, inspection boards, directives and annual reports.",
        epilog="Exit status: 0 ok, 1 error-level findings, 2 bad input.",
    )
    parser.add_argument("--version", action="version", version=f"qcdc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for pillar in (units_cli, reports_cli, hamlets_cli, inspection_cli, directives_cli):
        pillar.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        rc: int = func(args)
    except QcdcError as exc:
        print(f"qcdc: error: {exc}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"qcdc: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # pragma: no cover - depends on the consumer
        return 0
    return rc


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
