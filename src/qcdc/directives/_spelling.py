"""Spellings of a document number as printed, brought to the characters the grammar reads.

One concept: the text-level oddities of a number copied from a page (look-alike letters,
odd spaces and dashes, an HTML entity, an underscore for a slash), each undone and
named, so that :meth:`~qcdc.directives.DocumentNumber.parse` can put the names on the
result's ``warnings``.
"""

from __future__ import annotations

import html

__all__ = ["normalise_printed"]

_DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_SPACES = "\u00a0\u2007\u202f\u2009\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u3000"
_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u00ad"
# Cyrillic letters that look like Latin ones, and Ð (U+00D0, Icelandic eth) for Đ
_LOOKALIKES = {
    "\u0410": "A",
    "\u0412": "B",
    "\u0421": "C",
    "\u0415": "E",
    "\u041d": "H",
    "\u0406": "I",
    "\u041a": "K",
    "\u041c": "M",
    "\u041e": "O",
    "\u0420": "P",
    "\u0422": "T",
    "\u0425": "X",
    "\u0430": "a",
    "\u0441": "c",
    "\u0435": "e",
    "\u043e": "o",
    "\u0440": "p",
    "\u0445": "x",
    "\u0443": "y",
    "\u00d0": "Đ",
    "\u00f0": "đ",
}

_TABLE = str.maketrans(
    {
        **dict.fromkeys(_DASH_CHARS, "-"),
        **dict.fromkeys(_SPACES, " "),
        **dict.fromkeys(_ZERO_WIDTH, ""),
        **_LOOKALIKES,
        "\uff0f": "/",
        "\u2044": "/",
        "_": "/",
    }
)

_CHECKS = (
    (frozenset(_DASH_CHARS), "en/em dash or minus for a hyphen"),
    (frozenset(_SPACES), "no-break, thin or figure space"),
    (frozenset(_ZERO_WIDTH), "zero-width character"),
    (frozenset(k for k in _LOOKALIKES if k not in "\u00d0\u00f0"), "Cyrillic look-alike letter"),
    (frozenset("\u00d0\u00f0"), "Ð (U+00D0) for Đ"),
    (frozenset("\uff0f\u2044"), "fraction or full-width slash"),
    (frozenset("_"), "underscore for a slash"),
)


def normalise_printed(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with the printed oddities undone, and their names.

    The result has the same length as ``text`` except where an HTML entity or a
    zero-width character was removed.

    >>> normalise_printed("12\u2013QĐ/TU")
    ('12-QĐ/TU', ('en/em dash or minus for a hyphen',))
    >>> normalise_printed("20-QĐ&#x002F;TW")
    ('20-QĐ/TW', ('HTML entity for a character',))
    """
    warnings: list[str] = []
    if "&#" in text or "&sol;" in text:
        unescaped = html.unescape(text)
        if unescaped != text:
            warnings.append("HTML entity for a character")
            text = unescaped
    if text.isascii() and "_" not in text:
        return text, tuple(warnings)
    chars = set(text)
    for found, name in _CHECKS:
        if not chars.isdisjoint(found):
            warnings.append(name)
    return text.translate(_TABLE), tuple(warnings)
