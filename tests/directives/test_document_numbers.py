"""Document numbers (qcdc.directives.document_numbers): real spellings, messy ones, errors,
finding numbers in text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from qcdc.directives import (
    PARTY_KINDS,
    DocumentNumber,
    canonical_issuer,
    find_document_numbers,
)
from qcdc.errors import InvalidDocumentNumber, QcdcError

F = "docs/explanation/legal-basis.md"
HANOI = "legal basis §0.2 (Hà Nội 2021 review article, hanoi.gov.vn)"
TVPL = "https://ls1.hethongphapluat.com/quyet-dinh-88-2014-qd-ubnd-ve-thu-phi-tham-quan-danh-lam-thang-canh-di-tich-lich-su-cong-trinh-van-hoa-tren-dia-ban-thanh-pho-ha-noi.html"
LLCT = "http://lyluanchinhtri.vn/home/index.php/thuc-tien/item/1054-nang-luc-cua-can-bo-xa-phuong-trong-thuc-hien-phap-lenh-dan-chu-o-co-so.html"
KL127 = "https://societynewstech.com/banchinhsachchienluoc/xay-dung-dang/ket-luan-127-kl-tw-cua-bo-chinh-tri-ban-bi-thu-ve-trien-khai-nghien-cuu-de-xuat-tiep-tuc-sap-xep-to-chuc-bo-may-cua-he-t.html"
VBPL89 = (
    "https://vbpl.freshdesk.com/support/solutions/articles/16000020548 (Tờ trình 89/TTr-LĐTBXH)"
)
TP2019 = "https://www.tienphong.vn/xa-hoi/thu-tuong-chot-nghi-tet-am-9-ngay-tet-duong-hoan-doi-ngay-1299921.tpo"
KTMT = "https://kinhtemoitruong.vn./nghi-82743.tag"
BPL2450 = "https://baophapluat.vn/media/thu-tuong-chinh-phu-dong-y-nghi-5-ngay-lien-tiep-dip-304-va-15-post12513.html"
VNE30 = "https://vneconomy.vn/bo-sung-ngay-van-hoa-viet-nam-2411-vao-danh-muc-ngay-nghi-huong-nguyen-luong.htm"

# (as written, canonical, system, number, kind_code, issuer_code, source)
REAL_WORLD = [
    ("Chương trình 04-CTr/TU", "04-CTr/TU", "party", 4, "CTr", "TU", HANOI),
    ("Quyết định 2200-QĐ/TU", "2200-QĐ/TU", "party", 2200, "QĐ", "TU", HANOI),
    ("123/QĐ-UBND", "123/QĐ-UBND", "state", 123, "QĐ", "UBND", F + " §5.1"),
    ("05/KH-UBND", "05/KH-UBND", "state", 5, "KH", "UBND", F + " §5.1"),
    ("12/TB-VP", "12/TB-VP", "state", 12, "TB", "VP", F + " §5.1"),
    ("123/UBND-VP", "123/UBND-VP", "state", 123, None, "UBND", F + " §5.1"),
    ("10/2022/QH15", "10/2022/QH15", "legal", 10, None, "QH15", F + " §5.2"),
    ("202/2025/QH15", "202/2025/QH15", "legal", 202, None, "QH15", F + " §5.2"),
    ("1211/2016/UBTVQH13", "1211/2016/UBTVQH13", "legal", 1211, None, "UBTVQH13", F + " §5.2"),
    ("35/2023/UBTVQH15", "35/2023/UBTVQH15", "legal", 35, None, "UBTVQH15", F + " §5.2"),
    ("76/2025/UBTVQH15", "76/2025/UBTVQH15", "legal", 76, None, "UBTVQH15", F + " §5.2"),
    ("14/2018/TT-BNV", "14/2018/TT-BNV", "legal", 14, "TT", "BNV", F + " §5.2"),
    ("59/2023/NĐ-CP", "59/2023/NĐ-CP", "legal", 59, "NĐ", "CP", F + " §5.2"),
    ("124/2004/QĐ-TTg", "124/2004/QĐ-TTg", "legal", 124, "QĐ", "TTg", F + " §5.2"),
    ("36/2019/QĐ-UBND", "36/2019/QĐ-UBND", "legal", 36, "QĐ", "UBND", F + " §5.2"),
    ("34/2007/PL-UBTVQH11", "34/2007/PL-UBTVQH11", "legal", 34, "PL", "UBTVQH11", F + " §5.2"),
    ("1656/NQ-UBTVQH15", "1656/NQ-UBTVQH15", "state", 1656, "NQ", "UBTVQH15", F + " §5.2"),
    ("1286/NQ-UBTVQH15", "1286/NQ-UBTVQH15", "state", 1286, "NQ", "UBTVQH15", F + " §5.2"),
    ("268/NQ-CP", "268/NQ-CP", "state", 268, "NQ", "CP", F + " §5.2"),
    ("166/NQ-HĐND", "166/NQ-HĐND", "state", 166, "NQ", "HĐND", F + " §5.2"),
    ("759/QĐ-TTg", "759/QĐ-TTg", "state", 759, "QĐ", "TTg", F + " §5.2"),
    ("53/QĐ-BNV", "53/QĐ-BNV", "state", 53, "QĐ", "BNV", F + " §5.2"),
    ("CV 11776/BNV-CQĐP", "11776/BNV-CQĐP", "state", 11776, None, "BNV", F + " §5.2"),
    ("08/VBHN-BNV", "08/VBHN-BNV", "state", 8, "VBHN", "BNV", F + " §5.2"),
    ("19/VBHN-VPQH", "19/VBHN-VPQH", "state", 19, "VBHN", "VPQH", F + " §3.1"),
    ("36-HD/VPTW", "36-HD/VPTW", "party", 36, "HD", "VPTW", F + " §5.3"),
    ("60-NQ/TW", "60-NQ/TW", "party", 60, "NQ", "TW", F + " §5.3"),
    ("05-CT/TU", "05-CT/TU", "party", 5, "CT", "TU", F + " §5.3 (Nghệ An)"),
    ("11-QĐi/TW", "11-QĐi/TW", "party", 11, "QĐi", "TW", F + " §5.3"),
    ("08-QĐi/TW", "08-QĐi/TW", "party", 8, "QĐi", "TW", F + " §5.3"),
    ("205-QĐ/TW", "205-QĐ/TW", "party", 205, "QĐ", "TW", F + " §5.3 (a Quy định as QĐ)"),
    ("186-KL/TW", "186-KL/TW", "party", 186, "KL", "TW", F + " §5.3"),
    ("120-KL/TW", "120-KL/TW", "party", 120, "KL", "TW", F + " §5.3"),
    ("03-QĐ/TU", "03-QĐ/TU", "party", 3, "QĐ", "TU", F + " §5.3"),
    ("Số: 88/2014/QĐ-UBND", "88/2014/QĐ-UBND", "legal", 88, "QĐ", "UBND", TVPL),
    (
        "Pháp lệnh Phí, lệ phí số 38/2001/PL-UBTVQH10",
        "38/2001/PL-UBTVQH10",
        "legal",
        38,
        "PL",
        "UBTVQH10",
        TVPL,
    ),
    ("Nghị định số 57/2002/NĐ-CP", "57/2002/NĐ-CP", "legal", 57, "NĐ", "CP", TVPL),
    ("Nghị định số 109/2013/NĐ-CP", "109/2013/NĐ-CP", "legal", 109, "NĐ", "CP", TVPL),
    ("Thông tư số 63/2002/TT-BTC", "63/2002/TT-BTC", "legal", 63, "TT", "BTC", TVPL),
    ("Chỉ thị số 30-CT/TW", "30-CT/TW", "party", 30, "CT", "TW", LLCT),
    (
        "Pháp lệnh số 34/2007/PL-UBTVQH11",
        "34/2007/PL-UBTVQH11",
        "legal",
        34,
        "PL",
        "UBTVQH11",
        LLCT,
    ),
    ("Công văn số 8011-CV/BTCTW", "8011-CV/BTCTW", "party", 8011, "CV", "BTCTW", KL127),
    ("Kết luận số 121-KL/TW", "121-KL/TW", "party", 121, "KL", "TW", KL127),
    ("Nghị quyết số 18-NQ/TW", "18-NQ/TW", "party", 18, "NQ", "TW", KL127),
    ("Số:  89 / TTr - LĐTBXH", "89/TTr-LĐTBXH", "state", 89, "TTr", "LĐTBXH", VBPL89),
    ("Công văn 6519/VPCP-KGVX", "6519/VPCP-KGVX", "state", 6519, None, "VPCP", TP2019),
    ("Công văn số 245/VPCP-KGVX", "245/VPCP-KGVX", "state", 245, None, "VPCP", KTMT),
    ("văn bản số 2450/VPCP-KGVX", "2450/VPCP-KGVX", "state", 2450, None, "VPCP", BPL2450),
    ("Nghị quyết số 30/NQ-CP", "30/NQ-CP", "state", 30, "NQ", "CP", VNE30),
    ("Nghị quyết 80-NQ/TW", "80-NQ/TW", "party", 80, "NQ", "TW", VNE30),
    (
        "Thông báo 6150/TB-BLĐTBXH",
        "6150/TB-BLĐTBXH",
        "state",
        6150,
        "TB",
        "BLĐTBXH",
        "thuvienphapluat Announcement 6150/TB-BLĐTBXH (2024)",
    ),
    ("Nghị định 30/2020/NĐ-CP", "30/2020/NĐ-CP", "legal", 30, "NĐ", "CP", F + " §5.1"),
    ("Thông tư 01/2011/TT-BNV", "01/2011/TT-BNV", "legal", 1, "TT", "BNV", F + " §5.1"),
    ("NĐ 34/2016/NĐ-CP", "34/2016/NĐ-CP", "legal", 34, "NĐ", "CP", F + " §5.2"),
]


@pytest.mark.parametrize(
    ("text", "canonical", "system", "number", "kind", "issuer", "source"), REAL_WORLD
)
def test_real_world_spellings(
    text: str,
    canonical: str,
    system: str,
    number: int,
    kind: str | None,
    issuer: str,
    source: str,
) -> None:
    n = DocumentNumber.parse(text)
    assert str(n) == canonical, source
    assert (n.system, n.number, n.kind_code, n.issuer_code) == (system, number, kind, issuer)
    assert DocumentNumber.parse(str(n)) == n


def test_at_least_forty_real_world_spellings() -> None:
    assert len({row[0] for row in REAL_WORLD}) >= 40


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Quyết định số 2200 - qd/tu", "2200-QĐ/TU"),
        ("Số: 14 / 2018 / tt – bnv", "14/2018/TT-BNV"),
        ("Nghị quyết 35/2023/UBTVQH15", "35/2023/UBTVQH15"),
        ("số:59/2023/ND-CP", "59/2023/NĐ-CP"),
        ("Số hiệu: 166/NQ-HDND", "166/NQ-HĐND"),
        ("11-QDI/TW", "11-QĐi/TW"),
        ("04-ctr/tu", "04-CTr/TU"),
        ("05/QYD-UBND", "05/QyĐ-UBND"),
        ("07/TTR-UBND", "07/TTr-UBND"),
        ("01/TRS-VP", "01/TrS-VP"),
        ("759/qđ-ttg", "759/QĐ-TTg"),
        ("5/KH-UBND", "05/KH-UBND"),
        ("005/KH-UBND", "05/KH-UBND"),
        ("120/KL-TW", "120-KL/TW"),
        ("2200/QĐ-TU", "2200-QĐ/TU"),
        ("01-QC/BTCTU-BDVTU", "01-QC/BTCTU-BDVTU"),
        ("04/2012/TTLT-BTP-TANDTC", "04/2012/TTLT-BTP-TANDTC"),
        ("Thông tư số 14/2018/TT-BNV.", "14/2018/TT-BNV"),
        ("12/CD-TTg", "12/CĐ-TTg"),
        ("3/HD-UBND", "03/HD-UBND"),
        ("3/HĐ-UBND", "03/HĐ-UBND"),
        ("3/DA-UBND", "03/DA-UBND"),
        ("3/ĐA-UBND", "03/ĐA-UBND"),
        ("2200\u2014QĐ\u2215TU".replace("\u2215", "/"), "2200-QĐ/TU"),
        (unicodedata.normalize("NFD", "Quyết định số 2200–QĐ/TU"), "2200-QĐ/TU"),
        ("No. 59/2023/NĐ-CP", "59/2023/NĐ-CP"),
    ],
)
def test_messy_spellings_are_canonicalised(text: str, canonical: str) -> None:
    assert str(DocumentNumber.parse(text)) == canonical


def test_kinds_carry_vietnamese_names() -> None:
    n = DocumentNumber.parse("04-CTr/TU")
    assert n.kind is not None
    assert n.kind.name == "Chương trình"
    assert str(n.kind) == "Chương trình"
    assert n.kind.system == "party"
    assert DocumentNumber.parse("11-QĐi/TW").kind == PARTY_KINDS["QĐi"]
    assert DocumentNumber.parse("10/2022/QH15").kind is None
    assert DocumentNumber.parse("123/UBND-VP").kind is None


def test_joint_issuers_and_drafting_units() -> None:
    joint = DocumentNumber.parse("01-QC/BTCTU-BDVTU")
    assert joint.issuer_code == "BTCTU"
    assert joint.co_issuers == ("BDVTU",)
    assert joint.issuers == ("BTCTU", "BDVTU")
    letter = DocumentNumber.parse("123/UBND-VP")
    assert (letter.issuer_code, letter.unit_code) == ("UBND", "VP")
    with_kind = DocumentNumber.parse("45/QĐ-UBND-TH")
    assert (with_kind.kind_code, with_kind.issuer_code, with_kind.unit_code) == (
        "QĐ",
        "UBND",
        "TH",
    )


def test_format_equals_str() -> None:
    n = DocumentNumber.parse("5/kh-ubnd")
    assert n.format() == str(n) == "05/KH-UBND"


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("", 0, "a document number"),
        ("abc", 0, "digits"),
        ("12-XY/TU", 3, "Party document type"),
        ("123/QĐ", 6, "an issuer after QĐ-"),
        ("10/2022/QH", 8, "legal document type"),
        ("14/2018/XX-BNV", 8, "legal document type"),
        ("14/2018/TT", 10, "an issuer after TT-"),
        ("0/QĐ-UBND", 0, "a number from 1"),
        ("1234567/QĐ-UBND", 0, "a number from 1"),
        ("12/2021", 7, "'/' after the year"),
        ("12/2021-TT", 10, "an issuer after TT-"),
        ("12/3021/TT-BNV", 3, "four-digit year"),
        ("123/QĐ-UBND ngày 5", 12, "the end of the number"),
        ("12-QĐ-TU", 5, "'/' before the issuer"),
        ("12 QĐ", 5, "an issuer after QĐ-"),
        ("12 năm", 3, "'/' after the number"),
        ("12/quyết-UBND", 3, "Latin letters"),
        ("12/", 3, "a type or issuer code"),
    ],
)
def test_invalid_numbers_say_where_and_what(text: str, position: int, expected: str) -> None:
    with pytest.raises(InvalidDocumentNumber) as info:
        DocumentNumber.parse(text)
    assert info.value.position == position
    assert expected in info.value.expected
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, QcdcError)


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(InvalidDocumentNumber):
        DocumentNumber.parse(123)  # type: ignore[arg-type]
    with pytest.raises(InvalidDocumentNumber):
        find_document_numbers(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"system": "legal", "number": 1, "issuer_code": "CP", "kind_code": "NĐ"},
        {"system": "state", "number": 1, "issuer_code": "CP", "kind_code": "NĐ"},
        {"system": "party", "number": 1, "issuer_code": "TU"},
        {"system": "legal", "number": 1, "issuer_code": "CP", "year": 2020},
        {"system": "legal", "number": 1, "issuer_code": "CP", "kind_code": "NĐ", "year": 1900},
        {"system": "state", "number": 1, "issuer_code": "ubnd"},
        {"system": "state", "number": 0, "issuer_code": "UBND"},
        {"system": "party", "number": 1, "issuer_code": "TU", "kind_code": "KL", "unit_code": "X"},
        {"system": "state", "number": 1, "issuer_code": "UBND", "co_issuers": ("VP",)},
        {"system": "state", "number": 1, "issuer_code": "UBND", "co_issuers": ["VP"]},
        {"system": "state", "number": 1, "issuer_code": "UBND", "unit_code": 5},
    ],
)
def test_constructor_rejects_impossible_shapes(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidDocumentNumber):
        DocumentNumber(**kwargs)  # type: ignore[arg-type]


def test_canonical_issuer() -> None:
    assert canonical_issuer("ubnd") == "UBND"
    assert canonical_issuer("ttg") == "TTg"
    assert canonical_issuer("HDND") == "HĐND"
    assert canonical_issuer("du") == "ĐU"
    assert canonical_issuer("XYZ") == "XYZ"


# --- finding numbers ------------------------------------------------------------

# a paragraph of a report: six numbers, and fractions and dates that are not numbers
PARAGRAPH = (Path(__file__).parent / "data" / "paragraph.txt").read_text(encoding="utf-8")


def test_find_document_numbers_with_spans() -> None:
    found = find_document_numbers(PARAGRAPH)
    assert [str(m.number) for m in found] == [
        "57/2002/NĐ-CP",
        "63/2002/TT-BTC",
        "121-KL/TW",
        "04-CTr/TU",
        "2200-QĐ/TU",
        "123/UBND-VP",
    ]
    for m in found:
        assert PARAGRAPH[m.start : m.end] == m.text
        assert m.span == (m.start, m.end)
    assert found[3].text == "04 - CTr / TU"


def test_find_skips_or_raises_on_bad_candidates() -> None:
    text = "theo 12-XY/TU và 05-CT/TU"
    assert [str(m.number) for m in find_document_numbers(text)] == ["05-CT/TU"]
    with pytest.raises(InvalidDocumentNumber) as info:
        find_document_numbers(text, strict=True)
    assert info.value.position == text.index("XY")


def test_find_on_empty_and_plain_text() -> None:
    assert find_document_numbers("") == []
    assert find_document_numbers("không có văn bản nào, chỉ 1/2 số hộ") == []


# --- hostile input (issue 11 §4) -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "so" + " " * 5_000 + "x",
        "12/QĐ-UBND " + "x" * 200,
        " Số: " + "1" * 300,
        "Luật " + "Thực hiện dân chủ " * 20 + "số 10/2022/QH15",
    ],
)
def test_a_text_longer_than_200_characters_is_not_a_document_number(text: str) -> None:
    """Refused unread, saying why, and the message quotes at most ~80 characters."""
    with pytest.raises(InvalidDocumentNumber, match="at most 200 characters") as info:
        DocumentNumber.parse(text)
    assert len(info.value.text) <= 80
    assert len(str(info.value)) < 300


def test_the_200_character_limit_does_not_count_the_blanks_around() -> None:
    padded = " " * 500 + "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15" + "\t" * 500
    assert str(DocumentNumber.parse(padded)) == "10/2022/QH15"
    title = "Luật " + "x" * 150 + " số 10/2022/QH15"
    assert len(title) <= 200
    assert str(DocumentNumber.parse(title)) == "10/2022/QH15"


@pytest.mark.parametrize("digits", ["1" * 5_000, "0" * 5_000 + "1234567", "1" * 7])
def test_a_long_run_of_digits_is_a_clear_error(digits: str) -> None:
    """Python refuses int() of more than 4,300 digits with a ValueError: never reach it."""
    with pytest.raises(InvalidDocumentNumber):
        DocumentNumber.parse(digits + "/QĐ-UBND")
    with pytest.raises(InvalidDocumentNumber):
        DocumentNumber.parse(digits[:150] + "/QĐ-UBND")
    # below the length limit too: the parser itself never calls int() on a long run
    from qcdc.directives import document_numbers

    with pytest.raises(InvalidDocumentNumber, match="1 to 999999"):
        document_numbers._parse_uncached(digits + "/QĐ-UBND")


def test_leading_zeros_are_not_digits_of_the_number() -> None:
    assert DocumentNumber.parse("0000000012/QĐ-UBND").number == 12


def test_errors_quote_a_short_excerpt_around_the_position() -> None:
    text = "Theo " + "văn bản " * 30 + "số 12-XY/TU ngày 1/1/2022 " + "và " * 200
    with pytest.raises(InvalidDocumentNumber) as info:
        find_document_numbers(text, strict=True)
    assert info.value.position == text.index("XY/TU")
    assert len(info.value.text) <= 80
    assert "12-XY/TU" in info.value.text
