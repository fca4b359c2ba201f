"""Private kernel: how much of a text qcdc keeps and quotes.

Two bounds every part shares, so that a hostile input (a 1 MB "name", a paragraph passed
as a date) costs time in proportion to its size and never memory or message size:

* :func:`excerpt` and :func:`quoted` — what an error message quotes of an input: at most
  :data:`QUOTED` characters, from around the position the message names;
* :func:`short_text_cache` — an ``lru_cache`` bounded by entry count that does not keep
  texts longer than :data:`CACHED_LENGTH` (they are computed, not kept).

>>> excerpt("x" * 200, around=100)[:3]
'…xx'
>>> len(excerpt("x" * 200)) <= QUOTED
True
>>> quoted("a" * 10)
"'aaaaaaaaaa'"
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, Generic, ParamSpec, TypeVar

__all__ = [
    "CACHED_LENGTH",
    "QUOTED",
    "ShortTextCache",
    "excerpt",
    "quoted",
    "short_text_cache",
    "shown",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")

CACHED_LENGTH = 200
"""The longest text the kernel's caches keep: names, dates and numbers are far shorter,
and a cache keyed by whole paragraphs (or 1 MB names) only holds memory."""


class ShortTextCache(Generic[_P, _R]):
    """An ``lru_cache`` of ``maxsize`` entries that skips texts over :data:`CACHED_LENGTH`.

    Bounded both ways: by entry count, and by key size (a long text is computed, not kept),
    so at most ``maxsize`` × 200 characters of keys stay alive.
    """

    def __init__(self, fn: Callable[Concatenate[str, _P], _R], maxsize: int) -> None:
        self._fn = fn
        self._lru = functools.lru_cache(maxsize=maxsize)(fn)
        self._cached: Callable[..., _R] = self._lru
        functools.update_wrapper(self, fn)

    def __call__(self, text: str, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        if isinstance(text, str) and len(text) <= CACHED_LENGTH:
            return self._cached(text, *args, **kwargs)
        return self._fn(text, *args, **kwargs)

    def cache_clear(self) -> None:
        self._lru.cache_clear()

    def cache_info(self) -> functools._CacheInfo:
        return self._lru.cache_info()


QUOTED = 80


def excerpt(text: str, around: int = 0) -> str:
    """``text`` as an error quotes it: at most 80 characters, from a little before ``around``.

    Errors keep the position in the whole text; a long input is not copied into every
    message (a parser that skips bad candidates would otherwise copy a paragraph per
    candidate, and a 1 MB input would make a 1 MB message).
    """
    if len(text) <= QUOTED:
        return text
    lo = max(0, min(around - 20, len(text) - QUOTED + 2))
    body = text[lo : lo + QUOTED - 2]
    return ("…" if lo else "") + body + ("…" if lo + len(body) < len(text) else "")


def short_text_cache(
    maxsize: int,
) -> Callable[[Callable[Concatenate[str, _P], _R]], ShortTextCache[_P, _R]]:
    """Decorate a function of a text (and hashable arguments) with :class:`ShortTextCache`."""

    def decorate(fn: Callable[Concatenate[str, _P], _R]) -> ShortTextCache[_P, _R]:
        return ShortTextCache(fn, maxsize)

    return decorate


def shown(value: object) -> str:
    """A text as it is, anything else as its ``repr``, as an error quotes it."""
    return excerpt(value if isinstance(value, str) else repr(value))


def quoted(value: object) -> str:
    """``repr(value)`` as an error quotes it (at most :data:`QUOTED` characters)."""
    return excerpt(repr(value))
