"""Private helpers for the TOML and JSON files qcdc reads (reports, task files): where a
key path sits in the text, and a TOML writer.

The standard TOML reader does not tell on which line a key was written, so
:func:`toml_lines` scans the text once and maps every key path (as a tuple of
keys and array indexes) to its line; :func:`json_lines` does the same for JSON.
:func:`dumps_toml` writes the plain data of a report (tables, arrays of tables,
strings, integers, booleans, dates, lists of scalars, inline tables).

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
import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["dumps_toml", "json_lines", "line_of", "toml_lines"]

Path = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_TOML_SYNTAX_LINE = re.compile(r"line (\d+)")


def line_of(lines: Mapping[Path, int], path: Sequence[str | int]) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    p = tuple(path)
    while p:
        found = lines.get(p)
        if found is not None:
            return found
        p = p[:-1]
    return None


# --- TOML ------------------------------------------------------------------------


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


def toml_lines(text: str) -> dict[Path, int]:
    """Map every key path of a TOML document to the (1-based) line it is written on.

    Covers tables, arrays of tables (with their index), dotted keys, inline
    tables and the elements of arrays; a path that cannot be placed falls back
    to its parent through :func:`line_of`.
    """
    out: dict[Path, int] = {}
    counts: dict[Path, int] = {}
    current: Path = ()
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
            key: Path = tuple(parts)
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
    path: Path,
    out: dict[Path, int],
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
            item: Path = (*path, index)
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


def toml_error_line(message: str) -> int | None:
    """The line a ``TOMLDecodeError`` message points at."""
    m = _TOML_SYNTAX_LINE.search(message)
    return int(m.group(1)) if m else None


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


def json_lines(text: str) -> dict[Path, int]:
    """Map every key path of a JSON document to the line its value starts on.

    Assumes the text is valid JSON (parse it with :mod:`json` first).
    """
    out: dict[Path, int] = {}
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

    def value(pos: int, path: Path) -> int:
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
