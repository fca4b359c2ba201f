"""The ``qcdc`` command (also ``python -m qcdc``): the root parser.

Each pillar adds its own commands (``register(subparsers)`` in its ``_cli`` module);
this module only assembles them and runs the one asked for.

Exit status: 0 success; 1 the input was read but error-level findings exist;
2 bad input or usage (the message is on stderr, never a traceback); 3 an internal
error — a bug in qcdc, said in one line with the hint to report it (never a
traceback either).  A closed output pipe (``qcdc … | head``) ends quietly, as ``cat``
does (exit status 141, 128 + SIGPIPE).
Every date option takes ``YYYY-MM-DD``; where a date is left out the command
uses an explicit default and says which on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from qcdc._console import default_date, emit_json, iso_date, newest_date
from qcdc.directives import _cli as directives_cli
from qcdc.errors import InputError, QcdcError, ValidationFailed
from qcdc.hamlets import _cli as hamlets_cli
from qcdc.inspection import _cli as inspection_cli
from qcdc.reports import _cli as reports_cli
from qcdc.serve import _cli as serve_cli
from qcdc.units import _cli as units_cli

__all__ = ["build_parser", "default_date", "emit_json", "iso_date", "main", "newest_date"]


def build_parser() -> argparse.ArgumentParser:
    """The ``qcdc`` parser with every pillar's commands, in the order of ``qcdc --help``."""
    from qcdc import __version__

    parser = argparse.ArgumentParser(
        prog="qcdc",
        description="Vietnam's grassroots-democracy administration: units through time, "
        "hamlets, inspection boards, directives and annual reports.",
        epilog="Exit status: 0 ok, 1 error-level findings, 2 bad input, "
        "3 internal error (a bug in qcdc: please report it).",
    )
    parser.add_argument("--version", action="version", version=f"qcdc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for pillar in (units_cli, reports_cli, hamlets_cli, inspection_cli, directives_cli, serve_cli):
        pillar.register(sub)
    return parser


EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_PIPE = 128 + 13  # SIGPIPE, as cat and grep end when the reader goes away


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``qcdc`` command; returns the exit status (see the module's docstring)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        rc: int = func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        return _closed_pipe()
    except QcdcError as exc:
        print(f"qcdc: error: {_describe(exc, args)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OSError, UnicodeDecodeError) as exc:
        print(f"qcdc: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: one line, never a traceback
        return _internal_error(exc)
    return rc


def _describe(exc: QcdcError, args: argparse.Namespace | None = None) -> str:
    """The message of an error; a group of errors is its message then one line per part.

    An error about a keyword of the library (``field 'kind'``) that is an option of the
    command is said with the option's spelling (``--kind``), as the shell user wrote it."""
    if isinstance(exc, ValidationFailed):
        return "\n".join([exc.message, *(f"  {part}" for part in exc.exceptions)])
    if (
        isinstance(exc, InputError)
        and args is not None
        and exc.field
        and exc.source is None
        and exc.row is None
        and exc.line is None
        and (exc.field.startswith("--") or (exc.field.isidentifier() and exc.field in vars(args)))
    ):
        option = exc.field if exc.field.startswith("--") else "--" + exc.field.replace("_", "-")
        reason = exc.reason
        bare = exc.field.lstrip("-")
        said = (
            f"{option} {reason[len(bare) + 1 :]}"
            if reason.startswith(bare + " ")
            else f"{option}: {reason}"
        )
        return said + (f"; {exc.hint}" if exc.hint else "")
    return str(exc)


def _closed_pipe() -> int:
    """The reader of standard output went away: stop quietly (and keep Python's own
    flush at exit from printing an error)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass
    return EXIT_PIPE


def _internal_error(exc: BaseException) -> int:
    message = str(exc).splitlines()[0][:200] if str(exc) else ""
    if isinstance(exc, RecursionError):
        message = "the input is nested too deeply"
    print(
        f"qcdc: internal error: {type(exc).__name__}: {message}\n"
        "qcdc: this is a bug in qcdc, not in your input's format; please report it with "
        "the command line (and the input, if you can share it)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
