"""Vietnamese text helpers: normalisation, tone placement, folding, type prefixes."""

from __future__ import annotations

import unicodedata

import pytest

from qcdc.text import NameParts, canonical_tones, clean, fold, nfc, search_key, split_name


def test_nfc_composes_nfd_input() -> None:
    nfd = unicodedata.normalize("NFD", "Phường Phúc Xá")
    assert nfd != "Phường Phúc Xá"
    assert nfc(nfd) == "Phường Phúc Xá"


@pytest.mark.parametrize(
    ("new_style", "old_style"),
    [
        ("Hoà", "Hòa"),
        ("Thuỷ", "Thủy"),
        ("khoẻ", "khỏe"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("THUỶ", "THỦY"),
    ],
)
def test_canonical_tones_uses_the_official_lists_placement(new_style: str, old_style: str) -> None:
    assert canonical_tones(new_style) == old_style
    assert canonical_tones(old_style) == old_style


@pytest.mark.parametrize(
    "word", ["Hoàng", "quỳnh", "giữa", "Nguyễn", "người", "thuở", "Quảng", "tuyến", "gì", "Phường"]
)
def test_canonical_tones_leaves_unambiguous_words_alone(word: str) -> None:
    assert canonical_tones(word) == word


def test_clean_straightens_apostrophes_and_spaces() -> None:
    assert clean("  Ea\u2019 Kar \u00a0 ") == "Ea' Kar"


def test_fold_removes_diacritics_and_d_bar() -> None:
    assert fold("Đống Đa") == "dong da"
    assert fold("Phường  Phúc-Xá") == "phuong phuc xa"


@pytest.mark.parametrize(
    ("text", "prefix", "name"),
    [
        ("Phường Phúc Xá", "Phường", "Phúc Xá"),
        ("P. Phúc Xá", "Phường", "Phúc Xá"),
        ("P.01", "Phường", "1"),
        ("phuong 1", "Phường", "1"),
        ("Q1", "Quận", "1"),
        ("Q. Ba Đình", "Quận", "Ba Đình"),
        ("H. Gia Lâm", "Huyện", "Gia Lâm"),
        ("TT. Trâu Quỳ", "Thị trấn", "Trâu Quỳ"),
        ("TT Trâu Quỳ", "Thị trấn", "Trâu Quỳ"),
        ("Thị Trấn Đông Anh", "Thị trấn", "Đông Anh"),
        ("TX Sơn Tây", "Thị xã", "Sơn Tây"),
        ("Tp. Thủ Đức", "Thành phố", "Thủ Đức"),
        ("TP Hà Nội", "Thành phố", "Hà Nội"),
        ("X. Xuân Đỉnh", "Xã", "Xuân Đỉnh"),
        ("Đặc khu Côn Đảo", "Đặc khu", "Côn Đảo"),
    ],
)
def test_split_name_recognises_type_words_and_abbreviations(
    text: str, prefix: str, name: str
) -> None:
    assert split_name(text) == NameParts(prefix, name)


@pytest.mark.parametrize("text", ["Xuân Đỉnh", "Quán Thánh", "Quan Hóa", "Tịnh Biên", "Phú Quốc"])
def test_split_name_does_not_take_a_proper_name_for_a_type_word(text: str) -> None:
    assert split_name(text) == NameParts(None, text)


def test_search_key_joins_spellings_of_one_name() -> None:
    keys = {
        search_key(s)
        for s in (
            "Phường 1",
            "P.01",
            "phuong 1",
            "P1",
            "PHƯỜNG 01",
            unicodedata.normalize("NFD", "Phường 1"),
        )
    }
    assert keys == {"phuong 1"}
    assert search_key("Hoà Bình") == search_key("Hòa Bình") == search_key("hoa binh")


def test_search_key_keeps_different_names_apart() -> None:
    assert search_key("Phường 1") != search_key("Phường 11")
    assert search_key("Phường Phúc Xá") != search_key("Xã Phúc Xá")


def test_canonical_tones_is_nfc_even_with_a_doubled_tone_mark() -> None:
    """A word with two tone marks is not one syllable: left as it is, and still NFC."""
    import unicodedata

    for text in ["hoà\u0300", "x\u0301\u0301", "\u0300abc", "Hoà Bình"]:
        assert unicodedata.is_normalized("NFC", canonical_tones(text)), repr(text)
    assert canonical_tones("hoà\u0300") == unicodedata.normalize("NFC", "hoà\u0300")


# --- bounded caches (issue 11 §4) -------------------------------------------------------


@pytest.mark.parametrize("fn", [fold, search_key])
def test_caches_keep_short_texts_only(fn: object) -> None:
    """A cache bounded by entry count and by key size: a 1 MB name is computed, not kept."""
    cache_info = fn.cache_info  # type: ignore[attr-defined]
    fn.cache_clear()  # type: ignore[attr-defined]
    assert cache_info().maxsize is not None
    long = "Phường " + "Phúc Xá " * 30_000
    assert fn(long) == fn(long)  # type: ignore[operator]
    assert cache_info().currsize == 0
    assert fn("Phường Phúc Xá") == fn("Phường Phúc Xá")  # type: ignore[operator]
    assert cache_info().hits >= 1


def test_the_tone_cache_skips_long_words() -> None:
    from qcdc import text

    text._place_tone.cache_clear()
    word = "ho" + "a" * 10_000 + "\u0300"
    assert canonical_tones(word) == canonical_tones(word) != word
    assert text._place_tone.cache_info().currsize == 0
