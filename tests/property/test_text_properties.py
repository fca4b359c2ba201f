"""Properties of the Vietnamese text helpers."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from qcdc.text import canonical_tones, fold, search_key

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
words = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " 0123456789.-'", max_size=30)


@given(words)
def test_fold_is_idempotent(text: str) -> None:
    """The search key of a search key is itself."""
    assert fold(fold(text)) == fold(text)
    assert search_key(search_key(text)) == search_key(text)


@given(words)
def test_fold_ignores_normal_form(text: str) -> None:
    """The key is the same for NFC and NFD input."""
    nfd = unicodedata.normalize("NFD", text)
    assert fold(nfd) == fold(text)
    assert search_key(nfd) == search_key(unicodedata.normalize("NFC", text))


@given(words)
def test_fold_ignores_tone_placement(text: str) -> None:
    """Moving a tone mark (Hoà/Hòa) never changes the key."""
    assert fold(canonical_tones(text)) == fold(text)
    assert search_key(canonical_tones(text)) == search_key(text)


@given(words)
def test_canonical_tones_is_idempotent_and_keeps_letters(text: str) -> None:
    """Tone placement only moves marks: same base letters, same marks, stable."""
    once = canonical_tones(text)
    assert canonical_tones(once) == once
    assert fold(once) == fold(text)
    assert len(unicodedata.normalize("NFD", once)) == len(
        unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    )
