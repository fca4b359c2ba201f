"""Private kernel: reading the files users name, and the structured text inside them.

One place decides what every loader and command says about a file:

* :func:`read_text` — a missing file, a directory, a path with a NUL byte or a file
  that is not UTF-8 becomes an :class:`~qcdc.errors.InputError` (never an ``OSError``,
  ``ValueError`` or ``UnicodeDecodeError``);
* :func:`loads_structured` and :func:`structure` — TOML or JSON text, parsed, then
  turned into objects by a builder that reports problems as :class:`BadKey` at a key
  path (``tasks[3].due``); the error the user sees names the file, the line and the path;
* :func:`table`, :func:`need`, :func:`at_path` — the small vocabulary builders use;
* :func:`toml_lines`, :func:`json_lines`, :func:`line_of` — where a key path sits in
  the text (the standard readers do not say); :func:`dumps_toml` — a TOML writer;
* :func:`check_output` and :func:`write_outputs` — every file a command writes: never
  through a link, never over an input, all outputs or none, never half-written;
* :class:`BadRows` — the bad rows of a file, collected so that one run reports them all.

>>> read_text("/nonexistent/hamlets.csv")
Traceback (most recent call last):
...
qcdc.errors.InputError: /nonexistent/hamlets.csv: cannot read the file: file not found
>>> lines = toml_lines('place = "01"\\n[inspection]\\nsupervised = 4956\\n')
>>> lines[("inspection", "supervised")]
3
>>> print(dumps_toml({"place": "01", "inspection": {"supervised": 4956}}).strip())
place = "01"
<BLANKLINE>
[inspection]
supervised = 4956
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import difflib
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar

from qcdc._bounds import quoted
from qcdc.errors import InputError, QcdcError, ValidationFailed

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    import tomllib as _toml
else:  # pragma: no cover - depends on the interpreter
    import tomli as _toml

__all__ = [
    "BadKey",
    "BadRows",
    "KeyPath",
    "at_path",
    "check_output",
    "csv_writing",
    "dotted",
    "dumps_toml",
    "fail",
    "json_lines",
    "line_of",
    "loads_structured",
    "need",
    "read_text",
    "structure",
    "table",
    "toml_lines",
    "write_outputs",
]

KeyPath = tuple[str | int, ...]
Format = Literal["toml", "json"]
T = TypeVar("T")

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_TOML_SYNTAX_LINE = re.compile(r"line (\d+)")


# ------------------------------------------------------------------ reading a file


def read_text(path: str | os.PathLike[str], *, what: str = "file", hint: str | None = None) -> str:
    """The text of ``path`` (UTF-8, with or without a BOM); ``"-"`` reads standard input.

    ``what`` names the file in messages ("the report", "the task file"); ``hint`` is
    added to the message for a file that is not UTF-8.
    """
    if isinstance(path, str) and path == "-":
        return sys.stdin.read()
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(f"the {what} must be named by a path, got {type(path).__name__}")
    label = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        reason = "file not found" if isinstance(exc, FileNotFoundError) else exc.strerror or exc
        raise InputError(f"cannot read the {what}: {reason}", source=str(label)) from None
    except ValueError as exc:  # a NUL byte in the path
        raise InputError(
            f"cannot read the {what}: not a usable path ({exc})", source=repr(label)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the {what} is not UTF-8 text (byte {exc.start})",
            source=str(label),
            line=raw[: exc.start].count(b"\n") + 1,
            hint=hint,
        ) from None


# ------------------------------------------------------------------ writing files

Content = str | bytes | Callable[[Path], None]


def _label(path: Path) -> str:
    return os.fspath(path)


def check_output(
    path: str | os.PathLike[str], *, inputs: Sequence[str | os.PathLike[str]] = ()
) -> Path:
    """``path`` as a file qcdc may write, or an :class:`~qcdc.errors.InputError` saying why
    not: a symbolic link (even a dangling one), a directory, a folder that does not exist,
    or one of the ``inputs`` (writing it would destroy what is being read)."""
    if not isinstance(path, (str, os.PathLike)) or (isinstance(path, str) and not path):
        raise InputError(f"an output must be a file path, got {path!r}")
    out = Path(path)
    try:
        if out.is_symlink():
            raise InputError(
                "the output is a symbolic link; qcdc does not write through links",
                source=_label(out),
                hint="name the file itself",
            )
        if out.is_dir():
            raise InputError("the output is a directory", source=_label(out), hint="name a file")
        parent = out.parent if str(out.parent) else Path(".")
        if not parent.is_dir():
            raise InputError(
                f"the folder {_label(parent)!r} does not exist",
                source=_label(out),
                hint="create it first",
            )
        for given in inputs:
            if given == "-":
                continue
            src = Path(given)
            if out.resolve() == src.resolve() or (
                out.exists() and src.exists() and os.path.samefile(out, src)
            ):
                raise InputError(
                    "the output is also an input; writing it would destroy what is being read",
                    source=_label(out),
                    hint="write to another file",
                )
    except OSError as exc:
        raise InputError(f"cannot write there: {exc.strerror or exc}", source=_label(out)) from None
    except ValueError as exc:  # a NUL byte in the path
        raise InputError(f"not a usable path ({exc})", source=repr(_label(out))) from None
    return out


def write_outputs(
    outputs: Mapping[str | os.PathLike[str], Content],
    *,
    inputs: Sequence[str | os.PathLike[str]] = (),
) -> list[tuple[Path, bool]]:
    """Write every output, or none: each is written to a temporary file beside it, and only
    when all are written are they renamed into place (an existing file is replaced whole,
    never left half-written).  A callable output is given the temporary path to write.
    Returns ``(path, replaced)`` for each: ``replaced`` says an existing file was replaced.
    Every output is checked first (:func:`check_output`); two outputs may not name one file.
    """
    paths = [check_output(p, inputs=inputs) for p in outputs]
    resolved = [p.resolve() for p in paths]
    for i, r in enumerate(resolved):
        if r in resolved[:i]:
            raise InputError(
                "two outputs name the same file", source=_label(paths[i]), hint="name two files"
            )
    temps: list[Path] = []
    try:
        for path, content in zip(paths, outputs.values(), strict=True):
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            os.close(fd)
            tmp = Path(name)
            temps.append(tmp)
            if callable(content):
                content(tmp)
            elif isinstance(content, bytes):
                tmp.write_bytes(content)
            else:
                tmp.write_text(content, encoding="utf-8", newline="")
        replaced = [p.exists() for p in paths]
        for tmp, path in zip(temps, paths, strict=True):
            os.replace(tmp, path)
        temps = []
        return list(zip(paths, replaced, strict=True))
    except OSError as exc:
        raise InputError(f"cannot write the output: {exc.strerror or exc}") from None
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()


# ------------------------------------------------------------------ key paths


class BadKey(Exception):
    """Raised by a builder: the value at ``path`` is wrong. :func:`structure` turns it into
    an :class:`~qcdc.errors.InputError` with the file, the line and the dotted path."""

    def __init__(self, path: Sequence[str | int], message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.path: KeyPath = tuple(path)
        self.message = message
        self.hint = hint


def dotted(path: Sequence[str | int]) -> str:
    """``("tasks", 3, "due")`` → ``"tasks[3].due"``."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else ("." if out else "") + str(p)
    return out


def fail(path: Sequence[str | int], message: str, hint: str | None = None) -> NoReturn:
    raise BadKey(path, message, hint)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        int: "an integer",
        bool: "true or false",
        float: "a number",
        dt.date: "a date such as 2022-06-30",
        list: "an array",
        dict: "a table",
    }
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def table(
    value: object, path: Sequence[str | int], allowed: Sequence[str] | None = None
) -> Mapping[str, Any]:
    """``value`` as a table; with ``allowed``, every key must be one of them (a misspelt
    key is named with the nearest known one)."""
    if not isinstance(value, Mapping):
        fail(path, f"must be a table, got {_type_name(value)}")
    if allowed is not None:
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1)
                hint = (
                    f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(allowed)
                )
                fail((*path, key), f"unknown key {quoted(key)}", hint)
    return value


def need(
    mapping: Mapping[str, Any],
    key: str,
    path: Sequence[str | int],
    kind: type | tuple[type, ...],
    *,
    required: bool = True,
) -> Any:
    """``mapping[key]`` if it is of ``kind`` (a ``bool`` is not an ``int``, a ``datetime``
    is not a ``date``); ``None`` for a missing optional key."""
    where = (*path, key)
    if key not in mapping:
        if required:
            fail(where, f"missing key {key!r}")
        return None
    value = mapping[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    ok = any(
        isinstance(value, k)
        and not (k is int and isinstance(value, bool))
        and not (k is dt.date and isinstance(value, dt.datetime))
        for k in kinds
    )
    if not ok:
        fail(where, f"{key} must be {_kind_name(kind)}, got {quoted(value)}")
    return value


def at_path(path: Sequence[str | int], fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call ``fn``; a :class:`~qcdc.errors.QcdcError` it raises becomes a :class:`BadKey`
    at ``path`` (extended by the error's own ``field``, if any), and so does the
    ``TypeError`` or ``ValueError`` of a validator (at the field it checks, in words).
    For an attrs class, each keyword's converter is tried first under its own key."""
    import attrs

    for f in attrs.fields(fn) if kwargs and isinstance(fn, type) and attrs.has(fn) else ():
        if f.converter is not None and f.alias in kwargs:
            try:
                f.converter(kwargs[f.alias])
            except (QcdcError, TypeError, ValueError):
                at_path([*path, f.alias], f.converter, kwargs[f.alias])
    try:
        return fn(*args, **kwargs)
    except BadKey:
        raise
    except QcdcError as exc:
        sub: list[str | int] = list(path)
        field = getattr(exc, "field", None)
        if field:
            parts = str(field).split(".")
            sub.extend(parts[1:] if sub and sub[-1] == parts[0] else parts)
        reason = getattr(exc, "reason", None) or str(exc)
        raise BadKey(sub, str(reason), getattr(exc, "hint", None)) from None
    except (TypeError, ValueError) as exc:  # an attrs validator's, or a converter's
        key, message = _validator_words(exc)
        raise BadKey([*path, key] if key else path, message) from None


_TYPE_WORDS = {"str": "text", "int": "a whole number", "float": "a number", "date": "a date"}


def _validator_words(exc: Exception) -> tuple[str | None, str]:
    """The field an attrs validator checked and what it says, in words (``instance_of`` and
    ``in_`` raise ``(message, attribute, wanted, value)``: ``str()`` is that tuple's repr)."""
    import attrs

    args = exc.args
    if len(args) < 4 or not isinstance(args[1], attrs.Attribute):
        return None, str(exc)
    wanted, got = args[2], quoted(args[3])
    types = wanted if isinstance(wanted, tuple) else (wanted,)
    if all(isinstance(t, type) for t in types):
        words = " or ".join(dict.fromkeys(_TYPE_WORDS.get(t.__name__, t.__name__) for t in types))
        return args[1].alias, f"expected {words}, got {got}"
    return args[1].alias, f"must be one of {', '.join(map(repr, wanted))}, got {got}"


def _type_name(value: object) -> str:
    return {
        dict: "a table",
        list: "an array",
        str: "a string",
        int: "an integer",
        bool: "a boolean",
        float: "a number",
    }.get(type(value), type(value).__name__)


# ------------------------------------------------------------------ TOML and JSON


def loads_structured(text: str, *, format: Format, source: str) -> Any:
    """Parse TOML or JSON text; a syntax error, a nesting too deep or a number too long is
    an :class:`~qcdc.errors.InputError` with the line."""
    if not isinstance(text, str):
        raise InputError(
            f"expected {format.upper()} text, got {type(text).__name__}", source=source
        )
    try:
        if format == "toml":
            try:
                return _toml.loads(text)
            except _toml.TOMLDecodeError as exc:
                m = _TOML_SYNTAX_LINE.search(str(exc))
                raise InputError(
                    f"not valid TOML: {exc}", source=source, line=int(m.group(1)) if m else None
                ) from None
            except ValueError as exc:  # an integer of more digits than Python converts
                raise InputError(f"not usable TOML: {quoted(str(exc))}", source=source) from None
        if format == "json":
            try:
                return json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"not valid JSON: {exc.msg}", source=source, line=exc.lineno
                ) from None
            except ValueError as exc:  # an integer of more digits than Python converts
                raise InputError(f"not usable JSON: {exc}", source=source) from None
    except RecursionError:
        raise InputError(
            f"the {format.upper()} is nested too deeply to read", source=source
        ) from None
    raise InputError(f"format must be 'toml' or 'json', got {format!r}", source=source)


def structure(
    text: str, build: Callable[[Any], T], *, format: Format = "toml", source: str = "<string>"
) -> T:
    """Parse ``text`` and hand the data to ``build``; a :class:`BadKey` it raises becomes an
    :class:`~qcdc.errors.InputError` naming ``source``, the line and the key path."""
    data = loads_structured(text, format=format, source=source)
    try:
        return build(data)
    except BadKey as bad:
        try:
            lines = toml_lines(text) if format == "toml" else json_lines(text)
        except RecursionError:  # pragma: no cover - the parser refused such text first
            lines = {}
        # a key that is missing from the top level is missing from the whole file: line 1
        line = line_of(lines, bad.path) or 1
        raise InputError(
            bad.message, source=source, line=line, field=dotted(bad.path) or None, hint=bad.hint
        ) from None
    except RecursionError:
        raise InputError(
            f"the {format.upper()} is nested too deeply to read", source=source
        ) from None


def line_of(lines: Mapping[KeyPath, int], path: Sequence[str | int]) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    p = tuple(path)
    while p:
        found = lines.get(p)
        if found is not None:
            return found
        p = p[:-1]
    return None


# ------------------------------------------------------------------ where a key sits


def _read_key(text: str, pos: int) -> tuple[list[str], int]:
    """A dotted key at ``text[pos:]`` → (parts, position after it)."""
    parts: list[str] = []
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos < n and text[pos] in "\"'":
            quote = text[pos]
            end = pos + 1
            buf = []
            while end < n and text[end] != quote:
                if quote == '"' and text[end] == "\\" and end + 1 < n:
                    buf.append(text[end : end + 2])
                    end += 2
                    continue
                buf.append(text[end])
                end += 1
            raw = "".join(buf)
            if quote == '"':
                with contextlib.suppress(ValueError):
                    raw = json.loads('"' + raw + '"')
            parts.append(raw)
            pos = end + 1
        else:
            m = _BARE.match(text, pos)
            if m is None:
                return parts, pos
            parts.append(m.group(0))
            pos = m.end()
        while pos < n and text[pos] in " \t":
            pos += 1
        if pos < n and text[pos] == ".":
            pos += 1
            continue
        return parts, pos


def _skip_string(text: str, pos: int) -> int:
    """Position after the string literal starting at ``pos``."""
    quote = text[pos]
    if text.startswith(quote * 3, pos):
        end = text.find(quote * 3, pos + 3)
        return len(text) if end < 0 else end + 3
    i = pos + 1
    while i < len(text) and text[i] != quote and text[i] != "\n":
        if quote == '"' and text[i] == "\\":
            i += 1
        i += 1
    return i + 1


def toml_lines(text: str) -> dict[KeyPath, int]:
    """Map every key path of a TOML document to the (1-based) line it is written on.

    Covers tables, arrays of tables (with their index), dotted keys, inline
    tables and the elements of arrays; a path that cannot be placed falls back
    to its parent through :func:`line_of`.
    """
    out: dict[KeyPath, int] = {}
    counts: dict[KeyPath, int] = {}
    current: KeyPath = ()
    pos = 0
    n = len(text)
    line = 1

    def line_at(p: int) -> int:
        return line + text.count("\n", line_start, p)

    while pos < n:
        line_start = pos
        eol = text.find("\n", pos)
        if eol < 0:
            eol = n
        stripped = text[pos:eol].strip()
        if not stripped or stripped.startswith("#"):
            pos = eol + 1
            line += 1
            continue
        if stripped.startswith("[["):
            parts, _ = _read_key(text, text.index("[[", pos) + 2)
            key: KeyPath = tuple(parts)
            index = counts.get(key, -1) + 1
            counts[key] = index
            out.setdefault(key, line)
            current = (*key, index)
            out[current] = line
            pos = eol + 1
            line += 1
            continue
        if stripped.startswith("["):
            parts, _ = _read_key(text, text.index("[", pos) + 1)
            current = tuple(parts)
            out.setdefault(current, line)
            pos = eol + 1
            line += 1
            continue
        parts, after = _read_key(text, pos)
        if not parts or after >= n or text[after] != "=":
            pos = eol + 1
            line += 1
            continue
        path = (*current, *parts)
        out[path] = line
        value_start = after + 1
        end = _scan_value(text, value_start, path, out, line_at)
        consumed = text.count("\n", pos, end)
        line += consumed
        nl = text.find("\n", end)
        pos = n if nl < 0 else nl + 1
        line += 1
    return out


def _scan_value(
    text: str,
    pos: int,
    path: KeyPath,
    out: dict[KeyPath, int],
    line_at: Any,
) -> int:
    """Record the lines of the parts of a value; return the position after it."""
    n = len(text)
    while pos < n and text[pos] in " \t":
        pos += 1
    if pos >= n:
        return pos
    ch = text[pos]
    if ch in "\"'":
        return _skip_string(text, pos)
    if ch == "[":
        pos += 1
        index = 0
        while pos < n:
            while pos < n and text[pos] in " \t\r\n,":
                pos += 1
            if pos < n and text[pos] == "#":
                nl = text.find("\n", pos)
                pos = n if nl < 0 else nl
                continue
            if pos >= n or text[pos] == "]":
                return pos + 1
            item: KeyPath = (*path, index)
            out[item] = line_at(pos)
            pos = _scan_value(text, pos, item, out, line_at)
            index += 1
        return pos
    if ch == "{":
        pos += 1
        while pos < n:
            while pos < n and text[pos] in " \t,":
                pos += 1
            if pos >= n or text[pos] in "}\n":
                return pos + 1
            parts, after = _read_key(text, pos)
            if not parts or after >= n or text[after] != "=":
                return after + 1
            sub = (*path, *parts)
            out[sub] = line_at(pos)
            pos = _scan_value(text, after + 1, sub, out, line_at)
        return pos
    while pos < n and text[pos] not in ",]}\n#":
        pos += 1
    return pos


def _toml_key(key: str) -> str:
    return key if _BARE.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.datetime):  # pragma: no cover - reports hold dates only
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_scalar(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_scalar(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, (list, tuple))
        and bool(value)
        and all(isinstance(v, Mapping) for v in value)
    )


def _is_table(value: Any, inline: frozenset[str], key: str) -> bool:
    return isinstance(value, Mapping) and key not in inline


def dumps_toml(
    data: Mapping[str, Any],
    *,
    inline: frozenset[str] = frozenset({"by_kind"}),
    header: str = "",
) -> str:
    """Write ``data`` as TOML; keys in ``inline`` become inline tables."""
    chunks: list[str] = [header] if header else []

    def emit(table: Mapping[str, Any], prefix: tuple[str, ...], array: bool) -> None:
        scalars = [
            (k, v)
            for k, v in table.items()
            if v is not None and not _is_table(v, inline, k) and not _is_table_array(v)
        ]
        lines = [f"{_toml_key(k)} = {_toml_scalar(v)}" for k, v in scalars]
        if prefix:
            name = ".".join(_toml_key(p) for p in prefix)
            head = f"[[{name}]]" if array else f"[{name}]"
            subtables = any(_is_table(v, inline, k) for k, v in table.items())
            if lines or not subtables or array:
                chunks.append("\n".join([head, *lines]))
        elif lines:
            chunks.append("\n".join(lines))
        for k, v in table.items():
            if v is None:
                continue
            if _is_table(v, inline, k):
                emit(v, (*prefix, k), False)
            elif _is_table_array(v):
                for item in v:
                    emit(item, (*prefix, k), True)

    emit(data, (), False)
    return "\n\n".join(chunks) + "\n"


# --- JSON ---------------------------------------------------------------------------


def json_lines(text: str) -> dict[KeyPath, int]:
    """Map every key path of a JSON document to the line its value starts on.

    Assumes the text is valid JSON (parse it with :mod:`json` first).
    """
    out: dict[KeyPath, int] = {}
    n = len(text)

    def skip(pos: int) -> int:
        while pos < n and text[pos] in " \t\r\n":
            pos += 1
        return pos

    def line(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    def string_end(pos: int) -> int:
        i = pos + 1
        while i < n and text[i] != '"':
            i += 2 if text[i] == "\\" else 1
        return i + 1

    def value(pos: int, path: KeyPath) -> int:
        pos = skip(pos)
        if pos >= n:
            return pos
        if path:
            out[path] = line(pos)
        ch = text[pos]
        if ch == "{":
            pos = skip(pos + 1)
            while pos < n and text[pos] != "}":
                end = string_end(pos)
                key = json.loads(text[pos:end])
                pos = skip(end)
                pos = value(pos + 1, (*path, key))  # past the colon
                pos = skip(pos)
                if pos < n and text[pos] == ",":
                    pos = skip(pos + 1)
            return pos + 1
        if ch == "[":
            pos = skip(pos + 1)
            index = 0
            while pos < n and text[pos] != "]":
                pos = skip(value(pos, (*path, index)))
                index += 1
                if pos < n and text[pos] == ",":
                    pos = skip(pos + 1)
            return pos + 1
        if ch == '"':
            return string_end(pos)
        while pos < n and text[pos] not in ",]}\r\n \t":
            pos += 1
        return pos

    value(0, ())
    return out


# ------------------------------------------------------------------ writing CSV


@contextlib.contextmanager
def csv_writing(what: str) -> Iterator[None]:
    """Turn the :mod:`csv` writer's refusals into an :class:`~qcdc.errors.InputError`
    (Python 3.10's writer cannot write a NUL character, 3.11's can)."""
    try:
        yield
    except csv.Error as exc:
        raise InputError(
            f"cannot write {what} as CSV: {exc}",
            hint="remove control characters such as NUL from the values",
        ) from None


# ------------------------------------------------------------------ many bad rows


class BadRows:
    """The bad rows of one file, collected while its good rows are read.

    A loader calls :meth:`add` for each row that failed and :meth:`check` once at the
    end: if any row failed, :meth:`check` raises one
    :class:`~qcdc.errors.ValidationFailed` holding the first ``limit`` errors (each an
    :class:`~qcdc.errors.InputError` naming its row and column); its message counts
    all of them, so nothing is dropped silently and a file with 50 bad rows needs one
    run, not 51.

    >>> bad = BadRows("hamlets.csv", limit=2)
    >>> for row in (2, 3, 4):
    ...     bad.add(InputError("not a number", source="hamlets.csv", row=row, field="households"))
    >>> bad.check()
    Traceback (most recent call last):
    ...
    qcdc.errors.ValidationFailed: hamlets.csv: 3 bad rows (the first 2 are shown) (2 sub-exceptions)
    """

    def __init__(self, source: str, *, limit: int = 50) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")  # a programming error, not input
        self.source = source
        self.limit = limit
        self.count = 0
        self._errors: list[InputError] = []

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, error: InputError) -> None:
        """Record one bad row (kept if fewer than ``limit`` are kept, counted always)."""
        self.count += 1
        if len(self._errors) < self.limit:
            self._errors.append(error)

    def check(self) -> None:
        """Raise :class:`~qcdc.errors.ValidationFailed` if any row was bad."""
        if not self.count:
            return
        noun = "bad row" if self.count == 1 else "bad rows"
        shown = "" if self.count <= self.limit else f" (the first {self.limit} are shown)"
        raise ValidationFailed(f"{self.source}: {self.count} {noun}{shown}", self._errors)
