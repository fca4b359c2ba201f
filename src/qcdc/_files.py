"""Private: reading a text file the user named, with every failure an InputError.

One place decides what a missing file, a directory, a path with a NUL byte or a
file that is not UTF-8 becomes, so that every loader and command says it the same
way (the file, the line of a bad byte, what to do) and never lets an ``OSError``,
``ValueError`` or ``UnicodeDecodeError`` escape.

>>> read_text("/nonexistent/hamlets.csv")
Traceback (most recent call last):
...
qcdc.errors.InputError: /nonexistent/hamlets.csv: cannot read the file: file not found
"""

from __future__ import annotations

import os
import sys

from qcdc.errors import InputError

__all__ = ["read_text"]


def read_text(path: str | os.PathLike[str], *, what: str = "file", hint: str | None = None) -> str:
    """The text of ``path`` (UTF-8, with or without a BOM); ``"-"`` reads standard input.

    ``what`` names the file in messages ("the report", "the task file"); ``hint`` is
    added to the message for a file that is not UTF-8.
    """
    if isinstance(path, str) and path == "-":
        return sys.stdin.read()
    label = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        reason = "file not found" if isinstance(exc, FileNotFoundError) else exc.strerror or exc
        raise InputError(f"cannot read the {what}: {reason}", source=label) from None
    except ValueError as exc:  # a NUL byte in the path
        raise InputError(
            f"cannot read the {what}: not a usable path ({exc})", source=repr(label)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the {what} is not UTF-8 text (byte {exc.start})",
            source=label,
            line=raw[: exc.start].count(b"\n") + 1,
            hint=hint,
        ) from None
