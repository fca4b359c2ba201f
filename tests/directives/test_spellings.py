"""Document numbers as printed (issue 14 §1): each oddity read exactly and named in
``warnings``, or rejected with the reason; the registry decides what a code is."""

from __future__ import annotations

import pytest

from qcdc.directives import (
    DocumentNumber,
    find_document_numbers,
    is_known_issuer,
    issuer_category,
    issuer_name,
)
from qcdc.errors import InvalidDocumentNumber


@pytest.mark.parametrize(
    ("text", "canonical", "warning"),
    [
        ("12\u2013QĐ/TU", "12-QĐ/TU", "en/em dash"),
        ("12\u00a0/\u00a0QĐ-UBND", "12/QĐ-UBND", "no-break"),
        ("12\u2007/QĐ-UBND", "12/QĐ-UBND", "figure space"),
        ("12/Q\u00d0-UBND", "12/QĐ-UBND", "U+00D0"),
        ("12/\u0422\u0422r-UBND", "12/TTr-UBND", "Cyrillic"),
        ("20-QĐ&#x002F;TW", "20-QĐ/TW", "HTML entity"),
        ("56_2023_TT-BCA", "56/2023/TT-BCA", "underscore"),
        ("15-2012-qĐ-ubnd", "15/2012/QĐ-UBND", "hyphen for a slash"),
        ("09 2008 qd byt", "09/2008/QĐ-BYT", "spaces for separators"),
        ("4021vpcp cn", "4021/VPCP-CN", "slash dropped"),
        ("84 QĐ/TWĐTN", "84-QĐ/TWĐTN", "space instead of a hyphen"),
        ("1961/QĐUBND", "1961/QĐ-UBND", "hyphen dropped"),
        ("23/2015/TTLT-BGD ĐT-BNV", "23/2015/TTLT-BGDĐT-BNV", "space inside a code"),
        ("183/2010/TTLT/BTC-BNN", "183/2010/TTLT-BTC-BNN", "slash for a hyphen"),
        ("445-KL/TƯ", "445-KL/TU", "Ư printed for U"),
        ("49- KH/TƯH", "49-KH/TWH", "Ư printed for W"),
        ("70-TB/TWngày", "70-TB/TW", "glued to the following word"),
        ("S07-CTHĐ/TU", "07-CTHĐ/TU", "'Số' printed as 'S'"),
        ("0747/2006/QĐ-BTM", "747/2006/QĐ-BTM", "padded with zeros"),
        ("123-QĐ/UBND", "123/QĐ-UBND", "Party hyphen"),
        ("12/QĐ-XYZQ", "12/QĐ-XYZQ", "unknown issuer code 'XYZQ'"),
    ],
)
def test_an_oddity_is_read_and_named(text: str, canonical: str, warning: str) -> None:
    x = DocumentNumber.parse(text)
    assert str(x) == canonical
    assert any(warning in w for w in x.warnings), x.warnings
    assert DocumentNumber.parse(str(x)) == x


def test_a_clean_number_has_no_warnings() -> None:
    assert DocumentNumber.parse("Số: 123/QĐ-UBND").warnings == ()
    assert DocumentNumber.parse("2200-QĐ/TU").warnings == ()


def test_a_state_body_with_a_party_hyphen_is_a_state_number() -> None:
    x = DocumentNumber.parse("123-KH/UBND")
    assert (x.system, x.kind_code, x.issuer_code) == ("state", "KH", "UBND")
    assert DocumentNumber.parse("123-KH/TU").system == "party"


def test_a_fatherland_front_body_is_a_co_issuer_and_other_codes_a_unit() -> None:
    joint = DocumentNumber.parse("01/QCPH-UBND-UBMTTQ")
    assert (joint.issuers, joint.unit_code) == (("UBND", "UBMTTQ"), None)
    letter = DocumentNumber.parse("123/UBND-VP")
    assert (letter.issuers, letter.unit_code) == (("UBND",), "VP")
    with pytest.raises(InvalidDocumentNumber):
        DocumentNumber("state", 1, "UBND", None, None, (), "UBMTTQ")


def test_letter_suffix_and_pre_1992_form() -> None:
    x = DocumentNumber.parse("30c/NQ-CP")
    assert (x.number, x.suffix, str(x)) == (30, "c", "30c/NQ-CP")
    old = DocumentNumber.parse("196-HĐBT")
    assert (old.system, old.year, old.kind_code, str(old)) == ("legal", None, None, "196-HĐBT")


@pytest.mark.parametrize("text", ["15-BTC/TT", "12 năm", "5 xa", "819/NQ – UVBTVQH 14"])
def test_what_cannot_be_read_is_rejected_with_a_reason(text: str) -> None:
    with pytest.raises(InvalidDocumentNumber) as info:
        DocumentNumber.parse(text)
    assert info.value.expected


def test_the_registry_knows_the_common_issuers() -> None:
    for code in ("UBND", "HĐND", "UBMTTQ", "MTTQ", "TU", "ThU", "HU", "ĐU", "BDV", "BCĐ", "BTGDV"):
        assert is_known_issuer(code), code
    assert issuer_category("BNV") == "state"
    assert issuer_category("TU") == "party"
    assert issuer_category("MTTQ") == "front"
    assert issuer_category("XYZQ") is None and issuer_name("XYZQ") is None
    assert issuer_name("HĐND") == "Hội đồng nhân dân"


def test_find_reads_the_whole_number_or_flags_a_part() -> None:
    (whole,) = find_document_numbers("theo Thông tư 23/2015/TTLT-BGD ĐT-BNV ngày 8/9")
    assert str(whole.number) == "23/2015/TTLT-BGDĐT-BNV"
    assert whole.text == "23/2015/TTLT-BGD ĐT-BNV" and not whole.partial
    (part,) = find_document_numbers("Số: 367 - QĐ/TWĐTN-VPĐOÀN TNCS")
    assert part.partial and str(part.number) == "367-QĐ/TWĐTN"
    (repaired,) = find_document_numbers("Quyết định 1961/QĐUBND ngày 3/8")
    assert str(repaired.number) == "1961/QĐ-UBND"
    assert DocumentNumber.parse(repaired.text) == repaired.number
