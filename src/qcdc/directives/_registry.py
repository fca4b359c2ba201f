"""The registry of issuer codes: which bodies put their abbreviation in a document's symbol.

:meth:`~qcdc.directives.DocumentNumber.parse` reads a number by its grammar, then asks
this registry what each code is.  A code it does not know is read where it sits and
reported on the result's ``warnings`` ("unknown issuer code 'XYZ'"), never silently
taken for a known body or a type.  The registry also decides three readings the
grammar alone cannot:

* the **system** of a number typed in the other system's shape: ``123-QĐ/UBND`` is a
  state body's number with a Party hyphen by mistake (state, with a warning), and
  ``120/KL-TW`` a Party conclusion written the state way;
* **joint** state documents: in ``01/QCPH-UBND-UBMTTQ`` the Fatherland Front
  committee is a co-issuer, where in ``123/UBND-VP`` ``VP`` is the drafting unit;
* **repairs** of a code as printed: ``BGD ĐT`` (a space inside ``BGDĐT``),
  ``QĐUBND`` (the hyphen dropped), ``TƯ`` (``Ư`` for ``U`` or ``W``).

Sources: state bodies and ministries, Nghị định 30/2020/NĐ-CP Phụ lục I–III (the
abbreviations of bodies in symbols) and the ministries' own numbering (Nghị định
123/2016/NĐ-CP and the decrees on each ministry's organisation); Party bodies,
Hướng dẫn 36-HD/VPTW of 2018 (Văn phòng Trung ương Đảng), §§ on "ký hiệu";
Fatherland Front and mass organisations, the numbering of their published
documents (observed on their portals).

>>> from qcdc.directives.document_numbers import issuer_category, issuer_name
>>> issuer_category("UBND"), issuer_category("TU"), issuer_category("UBMTTQ")
('state', 'party', 'front')
>>> issuer_name("BTGDV")
'Ban Tuyên giáo và Dân vận'
>>> issuer_category("XYZ") is None
True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

__all__ = [
    "ISSUERS",
    "ISSUER_CATEGORIES",
    "LEGACY_ISSUERS",
    "is_known_issuer",
    "issuer_category",
    "issuer_name",
]

ISSUER_CATEGORIES = ("state", "party", "front")
"""``state``: bodies of the State; ``party``: Party committees and their boards;
``front``: the Fatherland Front and the mass organisations (which number their
documents the Party way, ``49-KH/TWH``)."""

_STATE: dict[str, str] = {
    # central
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "VPQH": "Văn phòng Quốc hội",
    "CTN": "Chủ tịch nước",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "HĐTP": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "KTNN": "Kiểm toán nhà nước",
    "BCĐ": "Ban Chỉ đạo",
    "HĐTĐKT": "Hội đồng Thi đua - Khen thưởng",
    "HĐQG": "Hội đồng quốc gia",
    "UBDT": "Ủy ban Dân tộc",
    "TCT": "Tổng cục Thuế",
    "CCTTHC": "Cục Kiểm soát thủ tục hành chính",
    # ministries (Bộ …) and their usual abbreviations
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BTC": "Bộ Tài chính",
    "BCT": "Bộ Công Thương",
    "BTM": "Bộ Thương mại (to 2007)",
    "BNN": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BGTVT": "Bộ Giao thông vận tải",
    "BXD": "Bộ Xây dựng",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Bộ Lao động - Thương binh và Xã hội (in letters)",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BVHTT": "Bộ Văn hóa - Thông tin (to 2007)",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BYT": "Bộ Y tế",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "UBTDTT": "Ủy ban Thể dục thể thao",
    # local
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "UB": "Ủy ban nhân dân (short)",
    "VPUB": "Văn phòng Ủy ban nhân dân",
    "VPUBND": "Văn phòng Ủy ban nhân dân",
    "SNV": "Sở Nội vụ",
    "STC": "Sở Tài chính",
    "STP": "Sở Tư pháp",
    "SYT": "Sở Y tế",
    "SXD": "Sở Xây dựng",
    "SKHĐT": "Sở Kế hoạch và Đầu tư",
    "STNMT": "Sở Tài nguyên và Môi trường",
    "SLĐTBXH": "Sở Lao động - Thương binh và Xã hội",
    "SNNPTNT": "Sở Nông nghiệp và Phát triển nông thôn",
    "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "SGDĐT": "Sở Giáo dục và Đào tạo",
    "SCT": "Sở Công Thương",
    "STTTT": "Sở Thông tin và Truyền thông",
    "NN&PTNT": "Sở Nông nghiệp và Phát triển nông thôn (with '&')",
    "BXTĐT": "Ban Xúc tiến đầu tư",
    "CQĐP": "chính quyền địa phương",
    "UBDTSĐHP": "Ủy ban Dân số và kế hoạch hóa gia đình (as printed)",
    # before 1992
    "HĐBT": "Hội đồng Bộ trưởng (1981-1992)",
    "HĐNN": "Hội đồng Nhà nước (1981-1992)",
}

_PARTY: dict[str, str] = {
    "TW": "Ban Chấp hành Trung ương Đảng",
    "BCHTW": "Ban Chấp hành Trung ương Đảng",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BTCTW": "Ban Tổ chức Trung ương",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BDVTW": "Ban Dân vận Trung ương",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
    "BKTTW": "Ban Kinh tế Trung ương",
    "BNCTW": "Ban Nội chính Trung ương",
    "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "TU": "Tỉnh ủy, Thành ủy trực thuộc Trung ương",
    "ThU": "Thành ủy (thuộc tỉnh)",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "TXU": "Thị xã ủy",
    "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy khối",
    "VPTU": "Văn phòng Tỉnh ủy",
    "BTCTU": "Ban Tổ chức Tỉnh ủy",
    "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
    "BDVTU": "Ban Dân vận Tỉnh ủy",
    "UBKTTU": "Ủy ban Kiểm tra Tỉnh ủy",
    "BDV": "Ban Dân vận",
    "BTG": "Ban Tuyên giáo",
    "BTC": "Ban Tổ chức",
    "BTGDV": "Ban Tuyên giáo và Dân vận",
    "BTGDVTU": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "UBKT": "Ủy ban Kiểm tra",
    "ĐĐBQH": "Đảng đoàn Quốc hội",
    "BCSĐ": "Ban cán sự đảng",
}

_FRONT: dict[str, str] = {
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "UBTUMTTQVN": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "MTTW": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "BTT": "Ban Thường trực (Ủy ban Mặt trận Tổ quốc)",
    "TWĐTN": "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "ĐTN": "Đoàn Thanh niên",
    "TĐTN": "Tỉnh đoàn",
    "TWH": "Trung ương Hội Liên hiệp Thanh niên Việt Nam",
    "TLĐ": "Tổng Liên đoàn Lao động Việt Nam",
    "TLĐLĐVN": "Tổng Liên đoàn Lao động Việt Nam",
    "LĐLĐ": "Liên đoàn Lao động",
    "HLHPN": "Hội Liên hiệp Phụ nữ",
    "HND": "Hội Nông dân",
    "HCCB": "Hội Cựu chiến binh",
}

ISSUERS: Mapping[str, tuple[str, str]] = {
    **{code: ("front", name) for code, name in _FRONT.items()},
    **{code: ("state", name) for code, name in _STATE.items()},
    **{code: ("party", name) for code, name in _PARTY.items()},
}
"""Canonical issuer code → (category, Vietnamese name).  ``BTC`` is both Bộ Tài chính
and a committee's Ban Tổ chức; it is listed as ``party`` only where the number is a
Party one, so its category here is ``party`` and state numbers read it as an issuer all
the same."""

LEGACY_ISSUERS = frozenset({"HĐBT", "HĐNN", "CP", "TTg"})
"""Issuers of the pre-1992 form ``196-HĐBT`` (a number, a hyphen and the issuer)."""

_BOTH = frozenset({"BTC"})  # Bộ Tài chính (state) and Ban Tổ chức (party)


@functools.lru_cache(maxsize=8192)
def is_known_issuer(code: str) -> bool:
    """Whether ``code`` (canonical spelling) is in the registry; a term suffix
    (``QH15``, ``UBTVQH14``) counts as its body."""
    return code in ISSUERS or code.rstrip("0123456789") in ("QH", "UBTVQH")


def issuer_category(code: str) -> str | None:
    """``'state'``, ``'party'``, ``'front'`` or ``None`` for an unknown code."""
    if code in _BOTH:
        return "state"
    if code in ISSUERS:
        return ISSUERS[code][0]
    if code.rstrip("0123456789") in ("QH", "UBTVQH"):
        return "state"
    return None


def issuer_name(code: str) -> str | None:
    """The Vietnamese name of a registered issuer, or ``None``."""
    entry = ISSUERS.get(code)
    return entry[1] if entry is not None else None
