"""Vietnamese text: NFC, tone-mark placement, accent-folded search keys, type prefixes.

Names arrive in every shape: NFC or NFD, old or new tone placement
(Hòa/Hoà, Thủy/Thuỷ), with or without diacritics, with type prefixes and their
abbreviations, numbered wards, stray blanks and curly apostrophes.

>>> nfc("Hoa\u0300") == "Hoà"
True
>>> canonical_tones("Khánh Hoà, Thuỷ Nguyên, khoẻ")
'Khánh Hòa, Thủy Nguyên, khỏe'
>>> fold("Phường Phúc   Xá")
'phuong phuc xa'
>>> search_key("P.01") == search_key("Phường 1") == search_key("phuong 1")
True
>>> split_name("TT. Trâu Quỳ")
NameParts(prefix='Thị trấn', name='Trâu Quỳ')
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from qcdc._bounds import short_text_cache as _short_text_cache

__all__ = [
    "NameParts",
    "canonical_tones",
    "clean",
    "fold",
    "nfc",
    "search_key",
    "split_name",
]

# combining tone marks: grave, acute, tilde, hook above, dot below
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
# vowels carrying a quality mark take the tone whenever present
_MARKED = frozenset("ăâêôơư")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00a0": " "})
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC (the form official lists and qcdc store)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, straight apostrophes, single spaces, no leading/trailing blanks."""
    return _SPACES.sub(" ", nfc(text).translate(_APOSTROPHES)).strip()


# letters and the combining marks that may follow them (a doubled tone mark stays in its word)
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+", re.UNICODE)


@_short_text_cache(maxsize=65536)
def _place_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) != 1:
        return word  # no tone, or something that is not one Vietnamese syllable
    tone = tones[0]
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    lower = bare.lower()
    start = 0
    if (lower.startswith("qu") and len(lower) > 2 and lower[2] in _VOWELS) or (
        lower.startswith("gi") and len(lower) > 2 and lower[2] in _VOWELS
    ):
        start = 2
    i = start
    while i < len(lower) and lower[i] not in _VOWELS:
        i += 1
    j = i
    while j < len(lower) and lower[j] in _VOWELS:
        j += 1
    if i == j:
        # "gì", "gìn": the i of gi is the only vowel
        if start == 2:
            i, j = 1, 2
        else:
            return word
    nucleus = range(i, j)
    marked = [k for k in nucleus if lower[k] in _MARKED]
    has_final = j < len(lower)
    if marked:
        pos = marked[-1]
    elif len(nucleus) == 1:
        pos = i
    elif has_final:
        pos = j - 1
    elif len(nucleus) >= 3:
        pos = i + 1
    else:
        pos = i  # old style: hòa, thủy, khỏe, múa
    out = bare[:pos] + unicodedata.normalize("NFC", bare[pos] + tone) + bare[pos + 1 :]
    return nfc(out)


def canonical_tones(text: str) -> str:
    """Place every tone mark the way the official unit lists do (Hòa, Thủy, Khỏe).

    Works on NFC or NFD input and returns NFC; words with no tone or that are not
    Vietnamese syllables are left as they are.
    """
    return nfc(_WORD.sub(lambda m: _place_tone(m.group(0)), nfc(text)))


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


@_short_text_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent-free, lower-case, single-spaced; ``đ`` → ``d``; punctuation becomes a space.

    The result is the same for NFC and NFD input and for either tone placement.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.translate(_FOLD_TABLE).lower()
    return _NON_WORD.sub(" ", bare).strip()


@attrs.frozen
class NameParts:
    """A unit name split into its type word (canonical spelling) and its proper name."""

    prefix: str | None
    name: str


# folded abbreviation -> canonical prefix; longest first when matching
_PREFIXES: dict[str, str] = {
    "thanh pho truc thuoc trung uong": "Thành phố",
    "thanh pho": "Thành phố",
    "tp": "Thành phố",
    "thi xa": "Thị xã",
    "tx": "Thị xã",
    "thi tran": "Thị trấn",
    "tt": "Thị trấn",
    "dac khu": "Đặc khu",
    "dk": "Đặc khu",
    "quan": "Quận",
    "q": "Quận",
    "huyen": "Huyện",
    "h": "Huyện",
    "phuong": "Phường",
    "p": "Phường",
    "xa": "Xã",
    "x": "Xã",
    "tinh": "Tỉnh",
}
_PREFIX_RE = re.compile(
    r"^\s*(?P<p>"
    + "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_PREFIXES, key=len, reverse=True)
    )
    + r")(?:\s*\.\s*|\s+|(?=\d))(?P<rest>.+)$",
    re.IGNORECASE,
)
_ABBREVIATED = frozenset({"tp", "tx", "tt", "dk", "q", "h", "p", "x"})


def split_name(text: str) -> NameParts:
    """Split ``"TT. Trâu Quỳ"`` into ``("Thị trấn", "Trâu Quỳ")``.

    Recognises the full type words (with or without diacritics, any case) and the
    usual abbreviations: P./P, X., TT/TT., ĐK/ĐK. (đặc khu), Q./Q, H., TX, TP/Tp.  ``"P.01"`` and
    ``"Q1"`` are numbered wards/districts.  A name with no prefix returns
    ``prefix=None``.  A one-letter abbreviation (P, Q, H, X) counts when a dot, a
    digit or a blank follows it, so ``"P Phúc Xá"`` is a ward and ``"Xuân"`` keeps its X.
    """
    cleaned = clean(text)
    folded = _fold_keep_case_positions(cleaned)
    m = _PREFIX_RE.match(folded)
    if m is None:
        return NameParts(None, cleaned)
    key = _SPACES.sub(" ", m.group("p").lower())
    written = cleaned[m.start("p") : m.end("p")]
    # "Quán Thánh" is not "Quận Thánh", nor "Quan Hóa" "Quận Hóa": text written with
    # diacritics must spell the type word with them
    if (
        not cleaned.isascii()
        and key not in _ABBREVIATED
        and canonical_tones(_SPACES.sub(" ", written)).lower() != _PREFIXES[key].lower()
    ):
        return NameParts(None, cleaned)
    rest_start = m.start("rest")
    rest = cleaned[rest_start:].strip()
    if key in _ABBREVIATED:
        sep = folded[m.end("p") : rest_start]
        # a one-letter abbreviation must be followed by a dot, a digit or a blank
        if len(key) == 1 and "." not in sep and not rest[:1].isdigit() and not sep.isspace():
            return NameParts(None, cleaned)
    if not rest:
        return NameParts(None, cleaned)
    return NameParts(_PREFIXES[key], _strip_number_zeros(rest))


def _fold_keep_case_positions(text: str) -> str:
    """Fold diacritics while keeping one output character per input character."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base.isascii() else ch)
    return "".join(out)


_NUMBER = re.compile(r"\b0+(\d)")


def _strip_number_zeros(text: str) -> str:
    return _NUMBER.sub(r"\1", text)


@_short_text_cache(maxsize=131072)
def search_key(text: str) -> str:
    """The key names are compared on: prefix kept, accents folded, numbers unpadded.

    ``"P.01"``, ``"Phường 1"`` and ``"phuong 1"`` share one key; so do
    ``"Hoà"`` and ``"Hòa"``, NFC and NFD.
    """
    parts = split_name(text)
    body = _strip_number_zeros(fold(parts.name))
    if parts.prefix is None:
        return body
    return f"{fold(parts.prefix)} {body}"
