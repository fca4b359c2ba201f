"""Examples and error paths of qcdc.directives."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from dateutil.rrule import MONTHLY, YEARLY, rrule

import qcdc.directives.document_numbers as d
from qcdc.dates import Deadline, Period, WorkingDayCalendar
from qcdc.directives._cli import register
from qcdc.errors import IllegalTransition, InputError, InvalidDocumentNumber, QcdcError
from qcdc.units import UnitLevel

F = "shared/domain/FACTS.md"
HANOI = "FACTS.md §0.2 (Hà Nội 2021 review article, hanoi.gov.vn)"
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
    n = d.DocumentNumber.parse(text)
    assert str(n) == canonical, source
    assert (n.system, n.number, n.kind_code, n.issuer_code) == (system, number, kind, issuer)
    assert d.DocumentNumber.parse(str(n)) == n


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
    assert str(d.DocumentNumber.parse(text)) == canonical


def test_kinds_carry_vietnamese_names() -> None:
    n = d.DocumentNumber.parse("04-CTr/TU")
    assert n.kind is not None
    assert n.kind.name == "Chương trình"
    assert str(n.kind) == "Chương trình"
    assert n.kind.system == "party"
    assert d.DocumentNumber.parse("11-QĐi/TW").kind == d.PARTY_KINDS["QĐi"]
    assert d.DocumentNumber.parse("10/2022/QH15").kind is None
    assert d.DocumentNumber.parse("123/UBND-VP").kind is None


def test_joint_issuers_and_drafting_units() -> None:
    joint = d.DocumentNumber.parse("01-QC/BTCTU-BDVTU")
    assert joint.issuer_code == "BTCTU"
    assert joint.co_issuers == ("BDVTU",)
    assert joint.issuers == ("BTCTU", "BDVTU")
    letter = d.DocumentNumber.parse("123/UBND-VP")
    assert (letter.issuer_code, letter.unit_code) == ("UBND", "VP")
    with_kind = d.DocumentNumber.parse("45/QĐ-UBND-TH")
    assert (with_kind.kind_code, with_kind.issuer_code, with_kind.unit_code) == (
        "QĐ",
        "UBND",
        "TH",
    )


def test_format_equals_str() -> None:
    n = d.DocumentNumber.parse("5/kh-ubnd")
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
        ("12/2021-TT", 7, "'/' after the year"),
        ("12/3021/TT-BNV", 3, "four-digit year"),
        ("123/QĐ-UBND ngày 5", 12, "the end of the number"),
        ("12-QĐ-TU", 5, "'/' before the issuer"),
        ("12 QĐ/TU", 3, "'/' (state, legal) or '-' (Party)"),
        ("12/quyết-UBND", 3, "Latin letters"),
        ("12/", 3, "a type or issuer code"),
    ],
)
def test_invalid_numbers_say_where_and_what(text: str, position: int, expected: str) -> None:
    with pytest.raises(InvalidDocumentNumber) as info:
        d.DocumentNumber.parse(text)
    assert info.value.position == position
    assert expected in info.value.expected
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, QcdcError)


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(InvalidDocumentNumber):
        d.DocumentNumber.parse(123)  # type: ignore[arg-type]
    with pytest.raises(InvalidDocumentNumber):
        d.find_document_numbers(None)  # type: ignore[arg-type]


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
        d.DocumentNumber(**kwargs)  # type: ignore[arg-type]


def test_canonical_issuer() -> None:
    assert d.canonical_issuer("ubnd") == "UBND"
    assert d.canonical_issuer("ttg") == "TTg"
    assert d.canonical_issuer("HDND") == "HĐND"
    assert d.canonical_issuer("du") == "ĐU"
    assert d.canonical_issuer("XYZ") == "XYZ"


# --- finding numbers ------------------------------------------------------------

PARAGRAPH = (
    "Căn cứ Nghị định số 57/2002/NĐ-CP ngày 03 tháng 6 năm 2002 và Thông tư 63/2002/TT-BTC; "
    "thực hiện Kết luận 121-KL/TW, Chương trình 04 - CTr / TU, Quyết định 2200-QĐ/TU "
    "và công văn 123/UBND-VP. 579/579 xã, 3/xã, tỷ lệ 50/năm, ngày 17/12/2021, tổ 5/kp."
)


def test_find_document_numbers_with_spans() -> None:
    found = d.find_document_numbers(PARAGRAPH)
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
    assert [str(m.number) for m in d.find_document_numbers(text)] == ["05-CT/TU"]
    with pytest.raises(InvalidDocumentNumber) as info:
        d.find_document_numbers(text, strict=True)
    assert info.value.position == text.index("XY")


def test_find_on_empty_and_plain_text() -> None:
    assert d.find_document_numbers("") == []
    assert d.find_document_numbers("không có văn bản nào, chỉ 1/2 số hộ") == []


# --- bodies, committees ---------------------------------------------------------


def _body(name: str = "Ủy ban nhân dân thành phố Hà Nội") -> d.Body:
    return d.Body(name, d.BodyKind.PEOPLES_COMMITTEE, "ubnd", unit_code="01")


def test_body_canonicalises_and_validates() -> None:
    b = _body("  Ủy ban   nhân dân ")
    assert b.name == "Ủy ban nhân dân"
    assert b.abbreviation == "UBND"
    assert b.is_territorial
    assert str(b) == "Ủy ban nhân dân"
    assert d.BodyKind.STEERING_COMMITTEE.vietnamese == "Ban Chỉ đạo"
    with pytest.raises(InputError, match="abbreviation"):
        d.Body("X", d.BodyKind.OTHER, "Ủy ban")
    with pytest.raises(InputError, match="unit_code"):
        d.Body("X", d.BodyKind.OTHER, "X", unit_code="1")
    with pytest.raises(InputError, match="unit_code"):
        d.Body("X", d.BodyKind.OTHER, "X", unit_code="ab")
    with pytest.raises(InputError, match="name"):
        d.Body("  ", d.BodyKind.OTHER, "X")


class _FakeGazetteer:
    def __init__(self) -> None:
        self.asked: list[tuple[str, dt.date]] = []

    def lookup(self, code: str, *, on: dt.date) -> object:
        self.asked.append((code, on))
        return f"unit {code}"


def test_body_unit_asks_the_gazetteer() -> None:
    g = _FakeGazetteer()
    assert _body().unit(g, on=dt.date(2021, 12, 17)) == "unit 01"  # type: ignore[arg-type, comparison-overlap]
    assert g.asked == [("01", dt.date(2021, 12, 17))]
    with pytest.raises(InputError):
        d.Body("Chính phủ", d.BodyKind.GOVERNMENT, "CP").unit(g, on=dt.date(2021, 1, 1))  # type: ignore[arg-type]


def test_steering_committee_meetings() -> None:
    review = d.hanoi_2021_review()
    quarterly = d.MeetingSchedule(
        "Giao ban quý",
        rrule(MONTHLY, interval=3, bymonthday=25, dtstart=dt.datetime(2022, 3, 25)),
    )
    annual = d.MeetingSchedule("Tổng kết năm", "DTSTART:20211217T000000\nRRULE:FREQ=YEARLY")
    c = review.committee.with_schedule(quarterly).with_schedule(annual)
    got = c.meetings(between=(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    assert [(m.date.isoformat(), m.name) for m in got] == [
        ("2022-03-25", "Giao ban quý"),
        ("2022-06-25", "Giao ban quý"),
        ("2022-09-25", "Giao ban quý"),
        ("2022-12-17", "Tổng kết năm"),
        ("2022-12-25", "Giao ban quý"),
    ]
    assert c.meetings(between=Period.for_year(2022)) == got
    assert isinstance(annual.rrule(), rrule)
    assert annual.rrule()._freq == YEARLY
    assert c.everyone[0].name == "Nguyễn Thị Tuyến"
    assert c.unit_code == "01"


def test_meeting_schedule_and_between_errors() -> None:
    with pytest.raises(InputError, match="RRULE"):
        d.MeetingSchedule("x", "FREQ=SOMETIMES")
    with pytest.raises(InputError, match="rule set"):
        d.MeetingSchedule("x", "DTSTART:20220101T000000\nRRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY")
    with pytest.raises(InputError):
        d.MeetingSchedule("x", 5)  # type: ignore[arg-type]
    s = d.MeetingSchedule("x", "DTSTART:20220101T000000\nRRULE:FREQ=DAILY;COUNT=3")
    with pytest.raises(InputError, match="before it starts"):
        s.meetings(between=(dt.date(2022, 2, 1), dt.date(2022, 1, 1)))
    with pytest.raises(InputError, match="pair"):
        s.meetings(between=(dt.date(2022, 2, 1),))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="pair"):
        s.meetings(between=("a", "b"))  # type: ignore[arg-type]


def test_committee_rules() -> None:
    c = d.hanoi_2021_review().committee
    member = d.Member("A", d.MemberRole.MEMBER)
    with pytest.raises(InputError, match="chair"):
        d.SteeringCommittee(c.body, UnitLevel.PROVINCE, member, c.standing_agency)
    with pytest.raises(InputError, match="only the chair"):
        d.SteeringCommittee(c.body, UnitLevel.PROVINCE, c.chair, c.standing_agency, (c.chair,))
    with pytest.raises(InputError, match="STEERING_COMMITTEE"):
        d.SteeringCommittee(_body(), UnitLevel.PROVINCE, c.chair, c.standing_agency)


# --- directives and tasks -----------------------------------------------------------

ISSUED = dt.date(2022, 3, 1)


def _directive() -> d.Directive:
    return d.Directive("05/KH-UBND", _body(), ISSUED, "Kế hoạch thực hiện QCDC năm 2022")


def test_directive_kind_and_label() -> None:
    x = _directive()
    assert x.kind is not None and x.kind.code == "KH"
    assert x.label == "Kế hoạch 05/KH-UBND" == str(x)
    law = d.Directive(
        "10/2022/QH15",
        d.Body("Quốc hội", d.BodyKind.NATIONAL_ASSEMBLY, "QH15"),
        dt.date(2022, 11, 10),
        "Luật Thực hiện dân chủ ở cơ sở",
        kind=None,
        supersedes=["34/2007/PL-UBTVQH11"],
    )
    assert law.label == "Văn bản 10/2022/QH15"
    assert law.supersedes == (d.DocumentNumber.parse("34/2007/PL-UBTVQH11"),)
    untitled = d.Directive(None, _body(), ISSUED, "Kết luận hội nghị")
    assert untitled.label == "Kết luận hội nghị"


def _task(due: Deadline | None = None) -> d.Task:
    return d.Task(
        _directive(), _body(), "Tổ chức hội nghị", due or Deadline.on(dt.date(2022, 6, 30))
    )


def test_task_lifecycle() -> None:
    t = _task()
    assert t.status is d.TaskStatus.ASSIGNED
    assert t.assigned == ISSUED
    t2 = t.start(on=dt.date(2022, 3, 10)).complete(on=dt.date(2022, 7, 5), note="báo cáo")
    assert t2.status is d.TaskStatus.DONE
    assert t2.completed_on == dt.date(2022, 7, 5)
    assert t2.done_late()
    assert t2.status_on(dt.date(2022, 3, 9)) is d.TaskStatus.ASSIGNED
    assert t2.status_on(dt.date(2022, 3, 10)) is d.TaskStatus.IN_PROGRESS
    assert t.cancel(on=ISSUED, reason="không còn phù hợp").status is d.TaskStatus.CANCELLED
    assert not t.done_late()
    assert t.completed_on is None


@pytest.mark.parametrize(
    ("steps", "reason"),
    [
        ([("complete", (2022, 4, 1)), ("start", (2022, 4, 2))], "from done only nothing"),
        ([("cancel", (2022, 4, 1)), ("complete", (2022, 4, 2))], "from cancelled"),
        ([("start", (2022, 4, 1)), ("complete", (2022, 3, 30))], "before the last change"),
        ([("start", (2022, 2, 1))], "before the last change"),
    ],
)
def test_illegal_transitions(steps: list[tuple[str, tuple[int, int, int]]], reason: str) -> None:
    t = _task()
    *ok, (last, when) = steps
    for name, ymd in ok:
        t = getattr(t, name)(on=dt.date(*ymd))
    with pytest.raises(IllegalTransition, match=reason):
        getattr(t, last)(on=dt.date(*when))


def test_transition_needs_a_status() -> None:
    with pytest.raises(IllegalTransition, match="TaskStatus"):
        _task().transition("done", on=ISSUED)  # type: ignore[arg-type]


def test_task_history_is_checked_on_construction() -> None:
    bad = (
        d.StatusChange(d.TaskStatus.DONE, ISSUED),
        d.StatusChange(d.TaskStatus.IN_PROGRESS, ISSUED),
    )
    with pytest.raises(IllegalTransition):
        d.Task(_directive(), _body(), "x", Deadline.days(5), history=bad)
    back = (d.StatusChange(d.TaskStatus.DONE, dt.date(2022, 1, 1)),)
    with pytest.raises(IllegalTransition, match="goes back"):
        d.Task(_directive(), _body(), "x", Deadline.days(5), history=back)


def test_task_dates_must_follow_the_directive() -> None:
    with pytest.raises(InputError, match="due"):
        _task(Deadline.on(dt.date(2022, 1, 1)))
    with pytest.raises(InputError, match="due"):
        _task(Deadline.end_of(Period.for_year(2021)))
    with pytest.raises(InputError, match="assigned"):
        d.Task(_directive(), _body(), "x", Deadline.days(5), dt.date(2022, 1, 1))
    with pytest.raises(InputError, match="RRULE"):
        d.Task(_directive(), _body(), "x", Deadline.days(5), recurrence="FREQ=NEVER")


def test_relative_deadlines_resolve_against_the_assignment() -> None:
    assert _task(Deadline.working_days(15)).due_date() == dt.date(2022, 3, 22)
    assert _task(Deadline.days(14)).due_date() == dt.date(2022, 3, 15)
    # 01/05/2022 is a Sunday; 02/05 and 03/05 are days in lieu for 30/4 and 1/5
    assert _task(Deadline.months(2)).due_date() == dt.date(2022, 5, 4)
    cal = WorkingDayCalendar.from_days([], start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
    assert _task(Deadline.months(2)).due_date(cal) == dt.date(2022, 5, 2)


def test_recurring_task_due_dates() -> None:
    t = d.Task(
        _directive(),
        _body(),
        "Báo cáo quý",
        Deadline.end_of(Period.for_year(2022)),
        recurrence="DTSTART:20220331T000000\nRRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
    )
    got = t.due_dates(between=Period.for_year(2022))
    assert got == [
        dt.date(2022, 3, 31),
        dt.date(2022, 6, 30),
        dt.date(2022, 9, 30),
        dt.date(2022, 12, 31),
    ]
    assert _task().due_dates(between=Period.for_year(2022)) == [dt.date(2022, 6, 30)]
    assert _task().due_dates(between=Period.for_year(2023)) == []


def test_queries_overdue_due_between_progress() -> None:
    a = _task(Deadline.on(dt.date(2022, 6, 30)))
    b = _task(Deadline.on(dt.date(2022, 4, 15))).complete(on=dt.date(2022, 4, 10))
    c = (
        _task(Deadline.on(dt.date(2022, 5, 31)))
        .start(on=dt.date(2022, 3, 5))
        .complete(on=dt.date(2022, 6, 10))
    )
    e = _task(Deadline.on(dt.date(2022, 5, 1))).cancel(on=dt.date(2022, 3, 20))
    tasks = [a, b, c, e]
    assert d.overdue(tasks, on=dt.date(2022, 6, 30)) == []
    assert d.overdue(tasks, on=dt.date(2022, 7, 1)) == [a]
    assert d.overdue(tasks, on=dt.date(2022, 6, 5)) == [c]  # not done yet on 5 June
    assert d.due_between(tasks, dt.date(2022, 4, 1), dt.date(2022, 5, 31)) == [b, e, c]
    p = d.progress_by_assignee(tasks, on=dt.date(2022, 7, 1))[_body()]
    assert (p.total, p.done, p.done_on_time, p.cancelled, p.open, p.overdue) == (4, 2, 1, 1, 1, 1)
    assert p.on_time_rate == 0.5
    assert p.completion_rate == pytest.approx(2 / 3)
    by_directive = d.progress_by_directive(tasks, on=dt.date(2022, 7, 1))
    assert by_directive == {_directive(): p}
    with pytest.raises(InputError):
        d.overdue(tasks, on="2022-07-01")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        d.due_between(tasks, dt.date(2022, 5, 1), dt.date(2022, 4, 1))


def test_progress_rules() -> None:
    assert d.Progress(0, 0, 0, 0, 0, 0).on_time_rate is None
    assert d.Progress(0, 0, 0, 0, 0, 0).completion_rate is None
    with pytest.raises(InputError):
        d.Progress(1, 2, 0, 0, 0, 0)
    with pytest.raises(InputError):
        d.Progress(3, 1, 1, 0, 1, 0)
    with pytest.raises(InputError):
        d.Progress(1, 0, 0, 0, 1, 2)


# --- the Hà Nội 2021 review -------------------------------------------------------


def test_hanoi_2021_documents() -> None:
    review = d.hanoi_2021_review()
    ctr, qd = review.documents_cited
    assert (ctr.system, ctr.number, ctr.kind_code, ctr.issuer_code) == ("party", 4, "CTr", "TU")
    assert (qd.system, qd.number, qd.kind_code, qd.issuer_code) == ("party", 2200, "QĐ", "TU")
    assert review.held == dt.date(2021, 12, 17)
    assert review.committee.level is UnitLevel.PROVINCE
    assert review.committee.standing_agency.abbreviation == "BDVTU"
    assert review.committee.chair.role is d.MemberRole.CHAIR
    assert review.citation.confidence.value == "likely"


def test_hanoi_2021_tasks_are_due_in_2022() -> None:
    tasks = d.hanoi_2021_tasks()
    assert len(tasks) == 5
    assert all(t.due_date().year == 2022 for t in tasks)
    assert all(t.directive.issuer.kind is d.BodyKind.STEERING_COMMITTEE for t in tasks)
    assert tasks[4].assignee.kind is d.BodyKind.FATHERLAND_FRONT
    assert d.overdue(tasks, on=dt.date(2022, 12, 31)) == []
    assert d.overdue(tasks, on=dt.date(2023, 1, 1)) == list(tasks)
    done = [tasks[0].complete(on=dt.date(2022, 11, 30)), *tasks[1:]]
    assert d.overdue(done, on=dt.date(2023, 1, 1)) == list(tasks[1:])
    progress = d.progress_by_directive(done, on=dt.date(2023, 1, 1))
    (p,) = progress.values()
    assert (p.total, p.done, p.done_on_time, p.overdue) == (5, 1, 1, 4)


def test_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(d).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == d.__name__
    }
    assert public <= set(d.__all__)
    assert all(hasattr(d, name) for name in d.__all__)


# --- command line ---------------------------------------------------------------------


def _cli(*argv: str) -> tuple[int, argparse.Namespace]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    register(sub)
    args = parser.parse_args(list(argv))
    return args.func(args), args


def test_cli_docs_parse(capsys: pytest.CaptureFixture[str]) -> None:
    rc, _ = _cli("docs", "parse", "Quyết định số 2200 - qd/tu", "14/2018/tt-bnv")
    out = capsys.readouterr().out
    assert rc == 0
    assert "2200-QĐ/TU" in out and "14/2018/TT-BNV" in out and "Quyết định" in out
    rc, _ = _cli("docs", "parse", "5/kh-ubnd", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data[0]["canonical"] == "05/KH-UBND" and data[0]["kind"] == "Kế hoạch"
    with pytest.raises(InvalidDocumentNumber):
        _cli("docs", "parse", "12-XY/TU")


def test_cli_docs_find(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.txt"
    path.write_text(PARAGRAPH, encoding="utf-8")
    rc, _ = _cli("docs", "find", str(path))
    out = capsys.readouterr().out
    assert rc == 0 and "04-CTr/TU" in out and "04 - CTr / TU" in out
    _cli("docs", "find", str(path), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert [r["canonical"] for r in data][:2] == ["57/2002/NĐ-CP", "63/2002/TT-BTC"]
    with pytest.raises(InputError, match="cannot read"):
        _cli("docs", "find", str(tmp_path / "missing.txt"))


def test_cli_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    rc, _ = _cli("deadline", "15 ngày làm việc", "--from", "2021-12-17")
    assert rc == 0
    assert "thứ Hai, 10/01/2022" in capsys.readouterr().out
    _cli("deadline", "trong quý II/2022", "--from", "2022-01-05", "--format", "json")
    assert json.loads(capsys.readouterr().out)["due"] == "2022-06-30"
    with pytest.raises(SystemExit):
        _cli("deadline", "15 ngày", "--from", "17/12/2021")
