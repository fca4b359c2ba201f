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

import functools
import re
import unicodedata

import attrs

from qcdc._bounds import CACHED_LENGTH as _CACHED_LENGTH
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
    # ``str.split`` and ``\s`` know the same blanks (every code point: a test says so)
    if text.isascii():
        # NFC changes no ASCII text
        if "`" in text:
            text = text.replace("`", "'")
        return " ".join(text.split())
    return " ".join(nfc(text).translate(_APOSTROPHES).split())


def _clean_slow(text: str) -> str:
    """:func:`clean` without its fast path (the property tests compare the two)."""
    return _SPACES.sub(" ", nfc(text).translate(_APOSTROPHES)).strip()


# letters and the combining marks that may follow them (a doubled tone mark stays in its word)
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+", re.UNICODE)


def _tone_and_bare_slow(word: str) -> tuple[str, str] | None:
    """The one tone mark of ``word`` and the word without it (NFC), or ``None`` when
    the word has no tone mark or more than one."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) != 1:
        return None
    return tones[0], unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if ch not in _TONES)
    )


#: each precomposed letter that carries a tone mark → (the letter without it, the
#: mark); every other letter of Vietnamese (ASCII, đ, ă, â, ê, ô, ơ, ư) → ``None``
_TONED: dict[str, tuple[str, str] | None] = {}


def _toned_table() -> dict[str, tuple[str, str] | None]:
    if not _TONED:
        table: dict[str, tuple[str, str] | None] = {}
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ" + "bcdghklmnpqrstvxfjwz".upper():
            table[base] = None
            table[base.lower()] = None
            for tone in _TONES:
                composed = unicodedata.normalize("NFC", base + tone)
                if len(composed) == 1:
                    table[composed] = (base, tone)
        for ch in "abcdefghijklmnopqrstuvwxyz":
            table[ch] = None
            table[ch.upper()] = None
        _TONED.update(table)
    return _TONED


def _tone_and_bare(word: str) -> tuple[str, str, int] | None:
    """:func:`_tone_and_bare_slow` by table for the letters of Vietnamese, and where
    the letter with the tone stands (an NFC word of other letters or of combining marks
    takes the slow path, and the place is then -1)."""
    table = _TONED or _toned_table()
    found: tuple[str, str] | None = None
    at = -1
    for i, ch in enumerate(word):
        if ch not in table:
            slow = _tone_and_bare_slow(word)
            return None if slow is None else (*slow, -1)
        hit = table[ch]
        if hit is not None:
            if found is not None:
                return None  # two tone marks: no single syllable
            found, at = hit, i
    if found is None:
        return None
    return found[1], word[:at] + found[0] + word[at + 1 :], at


@_short_text_cache(maxsize=65536)
def _place_tone(word: str) -> str:
    split = _tone_and_bare(word)
    if split is None:
        return word  # no tone, or something that is not one Vietnamese syllable
    tone, bare, at = split
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
    if pos == at:
        # the tone is where it belongs (most words): ``word`` is what the lines below
        # make of it, as the table is NFC's composition of (letter, tone)
        return word
    out = bare[:pos] + unicodedata.normalize("NFC", bare[pos] + tone) + bare[pos + 1 :]
    return nfc(out)


def canonical_tones(text: str) -> str:
    """Place every tone mark the way the official unit lists do (Hòa, Thủy, Khỏe).

    Works on NFC or NFD input and returns NFC; words with no tone or that are not
    Vietnamese syllables are left as they are.
    """
    if text.isascii():
        return text  # no tone marks: nothing moves, and NFC changes no ASCII text
    text = nfc(text)
    if set(text) <= (_LETTERS or _letters()):
        # only Vietnamese letters and single blanks: the words are the blank-separated
        # parts (what ``_WORD`` finds), and NFC words joined by blanks stay NFC
        # (a word of a short text is short: straight to the cache, past its length check)
        place = _place_tone._cached if len(text) <= _CACHED_LENGTH else _place_tone
        return " ".join([place(w) if w else w for w in text.split(" ")])
    return nfc(_WORD.sub(lambda m: _place_tone(m.group(0)), text))


def _canonical_tones_slow(text: str) -> str:
    """:func:`canonical_tones` without its fast paths (the property tests compare them)."""
    return nfc(_WORD.sub(lambda m: _place_tone(m.group(0)), nfc(text)))


#: the letters of :data:`_TONED` and the blank (built on first use)
_LETTERS: set[str] = set()


def _letters() -> set[str]:
    if not _LETTERS:
        _LETTERS.update(_toned_table(), " ")
    return _LETTERS


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


@_short_text_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent-free, lower-case, single-spaced; ``đ`` → ``d``; punctuation becomes a space.

    The result is the same for NFC and NFD input and for either tone placement.
    """
    return _fold(text)


def _fold(text: str) -> str:
    """:func:`fold`, not cached (for callers that cache what they make of it)."""
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower()).strip()
    folded = text.translate(_FOLDED or _folded_table())
    if folded.isascii():
        # every character was in the table: letters and digits, one blank per gap
        return " ".join(folded.split())
    return _fold_slow(text)


def _fold_slow(text: str) -> str:
    """:func:`fold` without its fast paths (the property tests compare the two)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.translate(_FOLD_TABLE).lower()
    return _NON_WORD.sub(" ", bare).strip()


#: what :func:`_fold_slow` makes of each character of ASCII, the Latin blocks, the
#: combining marks and general punctuation, with every character that is no letter
#: or digit of ``[0-9a-z]`` written as a blank (built on first use)
_FOLDED: dict[int, str] = {}
_FOLDED_BLOCKS = ((0x0000, 0x0250), (0x0300, 0x0370), (0x1E00, 0x1F00), (0x2000, 0x2070))


def _folded_table() -> dict[int, str]:
    if not _FOLDED:
        table = {}
        for lo, hi in _FOLDED_BLOCKS:
            for cp in range(lo, hi):
                ch = chr(cp)
                decomposed = unicodedata.normalize("NFD", ch.translate(_FOLD_TABLE))
                bare = "".join(c for c in decomposed if not unicodedata.combining(c))
                bare = bare.translate(_FOLD_TABLE).lower()
                table[cp] = _NON_WORD.sub(" ", bare)
        _FOLDED.update(table)
    return _FOLDED


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
#: the characters a written type word can start with: those that fold to the first
#: letter of one (``Đ``, ``Ṫ``, ``p``; built on first use from the blocks whose letters
#: decompose to ASCII ones; a test checks every code point)
_PREFIX_INITIALS: set[str] = set()
_INITIAL_BLOCKS = ((0x0000, 0x0250), (0x1E00, 0x1F00), (0x2100, 0x2150))


def _prefix_initials() -> set[str]:
    if not _PREFIX_INITIALS:
        firsts = {p[0] for p in _PREFIXES}
        _PREFIX_INITIALS.update(
            chr(cp)
            for lo, hi in _INITIAL_BLOCKS
            for cp in range(lo, hi)
            if _fold_keep_case_positions_slow(chr(cp)).lower() in firsts
        )
    return _PREFIX_INITIALS


def split_name(text: str) -> NameParts:
    """Split ``"TT. Trâu Quỳ"`` into ``("Thị trấn", "Trâu Quỳ")``.

    Recognises the full type words (with or without diacritics, any case) and the
    usual abbreviations: P./P, X., TT/TT., ĐK/ĐK. (đặc khu), Q./Q, H., TX, TP/Tp.  ``"P.01"`` and
    ``"Q1"`` are numbered wards/districts.  A name with no prefix returns
    ``prefix=None``.  A one-letter abbreviation (P, Q, H, X) counts when a dot, a
    digit or a blank follows it, so ``"P Phúc Xá"`` is a ward and ``"Xuân"`` keeps its X.
    """
    return NameParts(*_split_cleaned(clean(text)))


def _split_cleaned(cleaned: str) -> tuple[str | None, str]:
    """:func:`split_name` of a text :func:`clean` has made, as a pair."""
    if cleaned[:1] not in (_PREFIX_INITIALS or _prefix_initials()):
        return None, cleaned  # no type word starts with that letter
    folded = _fold_keep_case_positions(cleaned)
    m = _PREFIX_RE.match(folded)
    if m is None:
        return None, cleaned
    key = _SPACES.sub(" ", m.group("p").lower())
    written = cleaned[m.start("p") : m.end("p")]
    # "Quán Thánh" is not "Quận Thánh", nor "Quan Hóa" "Quận Hóa": text written with
    # diacritics must spell the type word with them
    if not cleaned.isascii() and key not in _ABBREVIATED and not _spells_type_word(written, key):
        return None, cleaned
    rest_start = m.start("rest")
    rest = cleaned[rest_start:].strip()
    if key in _ABBREVIATED:
        sep = folded[m.end("p") : rest_start]
        # a one-letter abbreviation must be followed by a dot, a digit or a blank
        if len(key) == 1 and "." not in sep and not rest[:1].isdigit() and not sep.isspace():
            return None, cleaned
    if not rest:
        return None, cleaned
    return _PREFIXES[key], _strip_number_zeros(rest)


@functools.lru_cache(maxsize=1024)
def _spells_type_word(written: str, key: str) -> bool:
    """Whether ``written`` (a type word as the pattern found it) has the diacritics of the
    type word ``key`` folds to (a few spellings of a few words: kept)."""
    return canonical_tones(_SPACES.sub(" ", written)).lower() == _PREFIXES[key].lower()


def _fold_keep_case_positions(text: str) -> str:
    """Fold diacritics while keeping one output character per input character."""
    if text.isascii():
        return text
    out = text.translate(_KEPT or _kept_table())
    if out.isascii():
        return out
    return _fold_keep_case_positions_slow(text)


def _fold_keep_case_positions_slow(text: str) -> str:
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base.isascii() else ch)
    return "".join(out)


#: :func:`_fold_keep_case_positions_slow` of each character of the Latin blocks whose
#: result is ASCII (built on first use)
_KEPT: dict[int, str] = {}


def _kept_table() -> dict[int, str]:
    if not _KEPT:
        table = {}
        for lo, hi in _FOLDED_BLOCKS:
            for cp in range(max(lo, 0x80), hi):
                kept = _fold_keep_case_positions_slow(chr(cp))
                if kept.isascii():
                    table[cp] = kept
        _KEPT.update(table)
    return _KEPT


_NUMBER = re.compile(r"\b0+(\d)")


def _strip_number_zeros(text: str) -> str:
    if "0" not in text:
        return text  # the common case: no number, or none padded
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
