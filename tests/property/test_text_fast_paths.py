"""The fast paths of :mod:`qcdc.text` (and of the query readings in
:mod:`qcdc.units.search`) give what the slow paths give, on any text.

The fast paths are translate tables, ASCII shortcuts and a table of the toned letters;
each is checked against the code it short-cuts, on Vietnamese in NFC and NFD, mixed
case, odd blanks and punctuation, and on arbitrary Unicode.
"""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from qcdc import text as T
from qcdc.units import search as S

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
ODD = " \t\n\u00a0\u2003\u3000\x1c\u200b\u034f.,-_'`\u2019\u2018\u02bc0123456789/()"
MARKS = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b\u0308\u0307"
OTHER = "ßİıøæœþðłŁ\ufb01Σσς\u212b\u00c5\u212a\u037e\u1fefαβγ中文한국"  # look-alikes, singletons

_letters = st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + ODD + MARKS + OTHER)
vietnamese = st.lists(_letters, max_size=40).map("".join)
decomposed = vietnamese.map(lambda t: unicodedata.normalize("NFD", t))
anything = st.one_of(vietnamese, decomposed, st.text(max_size=40))

NAMES = [
    "Phường Phúc Xá",
    "XÃ THUỶ NGUYÊN",
    "  Xã  Mường  Ảg ",
    "P.01",
    "TT. Trâu Quỳ",
    "Khánh Hoà",
    "Ea\u2019 Kar",
    "Quán Thánh",
    "gìn",
    "ĐẶC KHU CÔN ĐẢO",
]


@given(anything)
@example("Ea\u2019 Kar\u00a0 ")
@example("a`b\x1c c")
def test_clean_fast_path_equals_the_slow_one(text: str) -> None:
    assert T.clean(text) == T._clean_slow(text)


def test_str_split_knows_the_blanks_of_the_regular_expressions() -> None:
    """The rule :func:`qcdc.text.clean` rests on: ``\\s`` matches exactly what
    ``str.isspace`` calls a blank, on every code point."""
    blank = re.compile(r"\s")
    differ = [
        cp for cp in range(sys.maxunicode + 1) if bool(blank.match(chr(cp))) != chr(cp).isspace()
    ]
    assert differ == []


@given(anything)
@example("Đống Đa")
@example("İstanbul Σ ß")
@example("a\u034fb")
def test_fold_fast_paths_equal_the_slow_one(text: str) -> None:
    assert T._fold(text) == T._fold_slow(text)


@given(anything)
@example("Khánh Hoà, Thuỷ Nguyên, khoẻ")
@example("THUỶ")
@example("ḿa ńa")
def test_canonical_tones_fast_paths_equal_the_slow_one(text: str) -> None:
    assert T.canonical_tones(text) == T._canonical_tones_slow(text)


@given(anything)
@example("Hoà")
@example("ẲNG")
@example("hòá")
def test_tone_table_equals_decomposing(word: str) -> None:
    fast = T._tone_and_bare(word)
    assert (None if fast is None else fast[:2]) == T._tone_and_bare_slow(word)
    if fast is not None and fast[2] >= 0:
        tone, bare, at = fast
        assert unicodedata.normalize("NFC", bare[at] + tone) == word[at]


@given(anything)
@example("Hòa")
@example("Hoà")
@example("QUỲNH")
def test_place_tone_shortcut_equals_the_full_rule(word: str) -> None:
    """A word whose tone is already in place comes back as it is: what the rule makes."""
    T._place_tone.cache_clear()
    assert T._place_tone(word) == _place_tone_without_shortcut(word)


def _place_tone_without_shortcut(word: str) -> str:
    """``_place_tone`` with the slow split (no place known: the shortcut never runs)."""
    saved = T._tone_and_bare
    try:

        def slow(w: str) -> tuple[str, str, int] | None:
            split = T._tone_and_bare_slow(w)
            return None if split is None else (*split, -1)

        T._tone_and_bare = slow  # type: ignore[assignment]
        return T._place_tone._fn(word)
    finally:
        T._tone_and_bare = saved


@given(anything)
def test_fold_keeping_positions_fast_path_equals_the_slow_one(text: str) -> None:
    assert T._fold_keep_case_positions(text) == T._fold_keep_case_positions_slow(text)


@given(anything)
@example("P.01 and 007")
def test_number_zeros_fast_path_equals_the_rule(text: str) -> None:
    assert T._strip_number_zeros(text) == T._NUMBER.sub(r"\1", text)


def _readings_slow(query: str) -> tuple[tuple[str | None, str, str], ...]:
    """The readings of a query as they were made before the fast paths: every step
    from the public functions' slow versions."""

    def key(name: str) -> str:
        return T._NUMBER.sub(r"\1", T._fold_slow(name))

    def exact(name: str) -> str:
        toned = T._canonical_tones_slow(T._clean_slow(name))
        return T._NUMBER.sub(r"\1", toned.casefold())

    parts = T.split_name(query)
    whole = T._clean_slow(query)
    out = [(parts.prefix, key(parts.name), exact(parts.name))]
    if parts.prefix is not None:
        out.append((None, key(whole), exact(whole)))
    return tuple(out)


@given(st.one_of(anything, st.sampled_from(NAMES)))
@example("Phường 01")
@example("X. Tan nA")
@example("tp.\u0301abc")
def test_query_readings_equal_the_slow_steps(query: str) -> None:
    S._interpretations.cache_clear()  # type: ignore[attr-defined]
    assert S._interpretations(query) == _readings_slow(query)


def test_fold_fast_path_breaks_when_the_table_is_wrong() -> None:
    """The property above fails when a table entry is wrong (the test can fail)."""
    table = T._folded_table()
    saved = table[ord("ơ")]
    try:
        table[ord("ơ")] = "x"
        assert T._fold("Sơn") != T._fold_slow("Sơn")
    finally:
        table[ord("ơ")] = saved
    assert T._fold("Sơn") == T._fold_slow("Sơn") == "son"


def test_every_character_a_type_word_can_start_with_is_an_initial() -> None:
    """Rule behind the quick rejection in ``split_name``: a text whose first character
    is not in ``_PREFIX_INITIALS`` cannot match the type-word pattern (checked for every
    code point, as the pattern sees it: folded, case-insensitive)."""
    initials = T._prefix_initials()
    first = re.compile("[" + "".join(sorted({p[0] for p in T._PREFIXES})) + "]", re.IGNORECASE)
    missed = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if chr(cp) not in initials and first.match(T._fold_keep_case_positions(chr(cp)))
    ]
    assert missed == []


@given(anything)
@example("Ḍk. Côn Đảo")
@example("ĐK.Côn Đảo")
@example("tp.\u0301abc")
def test_split_name_quick_rejection_changes_nothing(text: str) -> None:
    cleaned = T.clean(text)
    assert T._split_cleaned(cleaned) == _split_without_rejection(cleaned)


def _split_without_rejection(cleaned: str) -> tuple[str | None, str]:
    saved = set(T._prefix_initials())
    try:
        T._PREFIX_INITIALS.clear()
        T._PREFIX_INITIALS.update(chr(cp) for cp in range(0x3000))  # every start passes
        T._PREFIX_INITIALS.update(cleaned[:1])
        return T._split_cleaned(cleaned)
    finally:
        T._PREFIX_INITIALS.clear()
        T._PREFIX_INITIALS.update(saved)
