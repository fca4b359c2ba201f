"""Vietnamese numbers written in words: ``hai mươi``, ``một trăm linh năm``, ``ba nghìn``.

:func:`read_words` reads the longest run of number words at a position of a text (lower
case, NFC) and gives its value, where it ends and the scale word it ends on, if any.
The grammar is the one reports and legal texts print:

- digits ``không một hai ba bốn năm sáu bảy tám chín``; after ``mươi``/``mười`` the
  units are ``mốt`` (1), ``tư`` (4), ``lăm``/``nhăm`` (5) — and ``năm`` there is the
  noun "year": ``hai mươi năm`` is twenty years, not 25;
- tens: ``mười`` (10–19), *d* ``mươi`` (20–90); ``linh``/``lẻ`` for an empty tens
  place (``một trăm linh năm`` = 105); hundreds: *d* ``trăm``;
- scales ``nghìn``/``ngàn`` (10³), ``triệu`` (10⁶), ``tỷ``/``tỉ`` (10⁹), each after a
  group of three places, from the largest down (``một triệu hai trăm nghìn``).

Used by :mod:`qcdc.numbers` (``parse_figure("hai mươi thôn")``).  A run that breaks the
grammar (``hai ba``, ``mươi`` with no digit before it) is no number.

>>> read_words("hai mươi lăm hộ", 0)
(Decimal('25'), 12, None)
>>> read_words("ba nghìn người", 0)
(Decimal('3000'), 8, 1000)
>>> read_words("hai mươi năm", 0)
(Decimal('20'), 8, None)
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["FIRST_WORDS", "read_words"]

_DIGITS = {
    "không": 0,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_AFTER_TENS = {"mốt": 1, "tư": 4, "lăm": 5, "nhăm": 5}
_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_OTHER = ("mười", "mươi", "trăm", "linh", "lẻ")
_VOCABULARY = {*_DIGITS, *_AFTER_TENS, *_SCALES, *_OTHER}
_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[ \t\u00a0\u202f]+")

FIRST_WORDS = (*_DIGITS, "mười")
"""The words a number in words may start with."""


def _tokens(text: str, pos: int) -> list[tuple[str, int]]:
    """``(word, end)`` of each vocabulary word from ``pos``, separated by spaces."""
    out: list[tuple[str, int]] = []
    while True:
        m = _WORD.match(text, pos)
        if m is None or m.group(0).lower() not in _VOCABULARY:
            return out
        out.append((m.group(0).lower(), m.end()))
        gap = _GAP.match(text, m.end())
        if gap is None:
            return out
        pos = gap.end()


def _value(words: list[str]) -> tuple[int, int | None, int] | None:
    """``(value, scale it ends on, words used)`` of ``words``, or ``None`` if they break the
    grammar; a ``năm`` right after the tens ends the number (it is the noun "year")."""
    total, group = 0, 0
    pending: int | None = None  # a digit not yet placed
    last_scale: int | None = None  # the scale of the group just closed (they go downwards)
    after: str | None = None  # "tens" after mươi/mười, "linh" after linh/lẻ: units come next
    ended_on_scale: int | None = None
    used = 0
    for i, w in enumerate(words):
        if w == "năm" and after == "tens":
            break
        ended_on_scale = None
        if w in _DIGITS:
            if pending is not None:
                return None
            pending = _DIGITS[w]
        elif w in _AFTER_TENS:
            if pending is not None or after is None or (after == "linh" and w != "tư"):
                return None
            pending = _AFTER_TENS[w]
        elif w == "mười":
            if pending is not None or (i and words[i - 1] not in ("trăm", *_SCALES)):
                return None
            group += 10
            after = "tens"
        elif w == "mươi":
            if pending is None or pending < 2 or after is not None:
                return None
            group += pending * 10
            pending, after = None, "tens"
        elif w == "trăm":
            if pending is None or (i > 1 and words[i - 2] not in _SCALES):
                return None
            group += pending * 100
            pending = None
        elif w in ("linh", "lẻ"):
            if not i or words[i - 1] != "trăm":
                return None
            after = "linh"
        else:  # a scale word
            scale = _SCALES[w]
            g = group + (pending or 0)
            if g == 0 or (last_scale is not None and scale >= last_scale):
                return None
            total += g * scale
            group, pending, after, last_scale = 0, None, None, scale
            ended_on_scale = scale
        used = i + 1
        if pending is not None and after is not None:
            after = None  # the units are placed: the group is complete up to a scale word
    if used == 0:
        return None
    return total + group + (pending or 0), ended_on_scale, used


def read_words(text: str, pos: int) -> tuple[Decimal, int, int | None] | None:
    """The number in words at ``text[pos:]``: ``(value, end, scale it ends on)``, or ``None``.

    The longest run of number words that makes a number is read (``hai mươi năm`` stops
    before ``năm``); ``None`` when none starts at ``pos``.
    """
    tokens = _tokens(text, pos)
    while tokens:
        got = _value([w for w, _ in tokens])
        if got is not None:
            value, scale, used = got
            return Decimal(value), tokens[used - 1][1], scale
        tokens.pop()
    return None
