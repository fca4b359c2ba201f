"""The classes of phrasing the extraction reads (issue 14 §3), each both ways: a phrase that
must get its key, and a near phrase that must not (or must get another one)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc.reports import extract_figures
from qcdc.reports.extract import Extraction


def _key(text: str, printed: str) -> str | None:
    ex = extract_figures(text)
    start = text.index(printed)
    hits = [f for f in ex.figures if f.span[0] < start + len(printed) and start < f.span[1]]
    assert hits, (printed, [f.text for f in ex.figures])
    return hits[0].metric


CASES = [
    # --- hamlets: before, after, reduction ----------------------------------------------
    ("Tỉnh đã sắp xếp 1.200 thôn, tổ dân phố còn 640 thôn, tổ dân phố.", "1.200", "hamlets.before"),
    ("Tỉnh đã sắp xếp 1.200 thôn, tổ dân phố còn 640 thôn, tổ dân phố.", "640", "hamlets.after"),
    ("Toàn tỉnh có 1.200 thôn, tổ dân phố.", "1.200", None),  # a count, no reorganisation
    ("Số thôn giảm từ 900 thôn xuống còn 610 thôn.", "900", "hamlets.before_hamlets"),
    ("Số thôn giảm từ 900 thôn xuống còn 610 thôn.", "610", "hamlets.after_hamlets"),
    ("Thành phố giảm 2.575 thôn, tổ dân phố.", "2.575", "hamlets.reduction"),
    ("Thành phố giảm 120 thôn.", "120", None),  # a reduction of hamlets alone: no key
    ("Sáp nhập 115 bản để thành lập 55 bản mới.", "115", "hamlets.before_hamlets"),
    ("Sáp nhập 115 bản để thành lập 55 bản mới.", "55", "hamlets.after_hamlets"),
    ("Thành lập mới 12 thôn, tổ dân phố.", "12", None),  # an increase
    ("Hợp nhất 300 trong tổng số 900 thôn, tổ dân phố.", "900", None),  # a base, not a before
    # --- units: counts in force; reductions and plans are not ------------------------------
    ("Tỉnh có 209 đơn vị hành chính cấp xã, gồm 180 xã.", "209", "units.commune.total"),
    ("Tỉnh có 209 đơn vị hành chính cấp xã, gồm 180 xã.", "180", "units.commune.by_kind.xã"),
    ("Sau sắp xếp, tỉnh giảm 140 xã.", "140", None),  # "giảm X xã" is a reduction
    ("Cả nước đã giảm được 8 huyện và 561 xã.", "561", None),
    ("Trước sáp nhập, tỉnh có 547 đơn vị hành chính cấp xã.", "547", None),
    (
        "Theo đề án, trước khi sắp xếp tỉnh có 119 đơn vị hành chính cấp xã.",
        "119",
        "units.commune.total",
    ),
    ("Theo dự thảo, tỉnh sẽ còn 69 đơn vị hành chính cấp xã.", "69", None),  # planned
    ("Sau sáp nhập, tỉnh còn 69 đơn vị hành chính cấp xã.", "69", "units.commune.total"),
    ("Tỉnh có 59 xã khu vực III.", "59", None),  # a subset with a qualifier
    ("Hội nghị được tổ chức tại 12 xã, thị trấn.", "12", None),  # mixed kinds
    ("Tỉnh có 12 xã.", "12", "units.commune.by_kind.xã"),
    # --- inspection cases: supervised / violations / recommended / resolved -----------------
    ("Ban Thanh tra nhân dân đã giám sát 639 vụ việc.", "639", "inspection.supervised"),
    ("Ban Thanh tra nhân dân đã giám sát, phát hiện 639 vụ việc.", "639", "inspection.supervised"),
    ("Ban TTND phát hiện 64 vụ việc có dấu hiệu vi phạm.", "64", "inspection.violations"),
    ("Ban TTND phát hiện, kiến nghị 64 vụ việc vi phạm.", "64", "inspection.recommended"),
    (
        "Ban TTND kiến nghị cơ quan có thẩm quyền giải quyết 586 vụ việc.",
        "586",
        "inspection.recommended",
    ),
    (
        "Ban TTND kiến nghị các cấp có thẩm quyền giải quyết được 557 vụ việc.",
        "557",
        "inspection.resolved",
    ),
    (
        "Ban TTND đã kiến nghị 90 vụ việc, 80 vụ việc đã được giải quyết.",
        "80",
        "inspection.resolved",
    ),
    ("Ban TTND đã kiến nghị 90 vụ việc, 8 vụ việc chưa giải quyết.", "8", None),
    # the body: an investment board's, the Front's or the State's cases have no inspection key
    ("Ban giám sát đầu tư của cộng đồng đã giám sát 15 vụ việc.", "15", None),
    ("Cơ quan hành chính nhà nước đã giải quyết 30 vụ việc.", "30", None),
    ("MTTQ cấp xã đã chủ trì 235 cuộc giám sát.", "235", None),
    ("Ban Thanh tra nhân dân đã tổ chức 235 cuộc giám sát.", "235", "inspection.sessions"),
    # --- mediation ----------------------------------------------------------------------
    ("Các tổ hòa giải đã thụ lý 323 vụ việc.", "323", "mediation.cases"),
    ("Có 186 vụ việc hòa giải thành công.", "186", "mediation.successful"),
    ("Có 103 vụ việc hòa giải không thành.", "103", None),
    ("Toàn tỉnh có 540 tổ hoà giải.", "540", "mediation.groups"),  # old tone placement
    ("Tỉnh có 1.348 tổ hòa giải với 9.006 tổ viên.", "9.006", "mediation.mediators"),
    # --- "X … trên/trong tổng số Y": the part and the whole ------------------------------------
    (
        "Các tổ đã hòa giải thành công 1.032 trong tổng số 1.156 mâu thuẫn.",
        "1.032",
        "mediation.successful",
    ),
    (
        "Các tổ đã hòa giải thành công 1.032 trong tổng số 1.156 mâu thuẫn.",
        "1.156",
        "mediation.cases",
    ),
    ("Tỉnh xử lý trực tuyến 68,54% trong tổng số 168.000 hồ sơ.", "168.000", None),
    # --- ratios and percentages ---------------------------------------------------------
    (
        "Dịch vụ công trực tuyến được cung cấp tại 579/579 xã, phường, thị trấn.",
        "579/579",
        "online_services.coverage",
    ),
    ("Có 20/20 xã, thị trấn xây dựng kế hoạch.", "20/20", None),
    (
        "Ban TTND đã giải quyết xong 360 vụ việc, đạt gần 100%.",
        "100%",
        "inspection.resolved_percent",
    ),
    (
        "Tổ hòa giải thụ lý 50 vụ việc, với tỷ lệ hòa giải thành chiếm 84%.",
        "84%",
        "mediation.success_percent",
    ),
    ("Tỷ lệ hồ sơ trực tuyến đạt 45,8%.", "45,8%", None),
    # --- money and land: recovered by a Ban Thanh tra nhân dân --------------------------------
    ("Ban Thanh tra nhân dân đã giúp thu hồi 767 m2 đất.", "767", "inspection.recovered_land"),
    ("Ban Thanh tra nhân dân đã giúp thu hồi 40 triệu đồng.", "40", "inspection.recovered_money"),
    ("Qua thanh tra, kiến nghị thu hồi 59,4 tỷ đồng.", "59,4", None),  # recommended, the State's
    ("Nhân dân hiến 13.300 m2 đất.", "13.300", None),  # donated
    (
        "Ban Thanh tra nhân dân thu hồi 3.330 m2 đất với số tiền gần 300 triệu đồng.",
        "300",
        None,  # the value of the land
    ),
    # --- dialogues and models -----------------------------------------------------------
    ("Nhân dân nêu 94 ý kiến.", "94", "dialogues.opinions"),
    ("Có 344 ý kiến được giải quyết trực tiếp.", "344", "dialogues.resolved"),
    ("Có 12 ý kiến thuộc thẩm quyền giải quyết của cấp trên.", "12", None),
    ("Toàn huyện có 201 mô hình “Dân vận khéo” đạt hiệu quả.", "201", "dan_van_kheo.effective"),
    ("Huyện đề nghị khen thưởng 18 mô hình “Dân vận khéo”.", "18", None),
]


@pytest.mark.parametrize(("text", "printed", "key"), CASES)
def test_a_phrase_gets_its_key_and_a_near_one_does_not(
    text: str, printed: str, key: str | None
) -> None:
    assert _key(text, printed) == key


def test_figures_of_a_part_of_the_place_are_left_out() -> None:
    text = (
        "Sau khi sắp xếp, thành phố Lai Châu có 7 đơn vị hành chính cấp xã. "
        "Tỉnh Lai Châu có 106 đơn vị hành chính cấp xã."
    )
    assert _key(text, "7 đơn vị") is None
    assert _key(text, "106") == "units.commune.total"
    # one place only: its figures keep their keys
    assert _key(text.split(". ")[0] + ".", "7 đơn vị") == "units.commune.total"


def test_the_draft_shows_each_figure_s_sentence() -> None:
    text = "Ban Thanh tra nhân dân đã giám sát 4.956 vụ việc. Tỉnh có 12 xã."
    toml = extract_figures(text).to_toml(sentences=True)
    lines = toml.splitlines()
    i = next(n for n, line in enumerate(lines) if "'4.956 vụ việc'" in line)
    assert lines[i + 1] == "#       in: Ban Thanh tra nhân dân đã giám sát 4.956 vụ việc."
    j = next(n for n, line in enumerate(lines) if "'12 xã'" in line)
    assert lines[j + 1] == "#       in: Tỉnh có 12 xã."
    assert "#       in:" not in extract_figures(text).to_toml()  # the default is unchanged


def test_the_place_is_found_with_its_evidence_and_fills_the_draft() -> None:
    text = "Năm 2022, Ban Thanh tra nhân dân huyện Chư Păh đã giám sát 120 vụ việc."
    ex = extract_figures(text)
    found = ex.find_place(on=dt.date(2022, 12, 31))
    assert (found.code, found.name) == ("627", "Huyện Chư Păh")
    assert found.evidence == (("huyện Chư Păh", (text.index("huyện"), text.index(" đã"))),)
    toml = ex.to_toml(locate=True, date=dt.date(2022, 12, 31))
    assert 'place = "627"' in toml and "# place = 627 (Huyện Chư Păh): 'huyện Chư Păh'" in toml
    assert "# TODO: place" not in toml


@pytest.mark.parametrize(
    ("text", "on", "why"),
    [
        ("Toàn tỉnh có 12 xã.", dt.date(2023, 1, 1), "no unit"),  # names none
        (
            "Huyện Tam Đường có 13 xã. Huyện Phong Thổ có 16 xã.",
            dt.date(2021, 6, 1),
            "several units",
        ),  # two districts, no one of them the subject
        ("Xã Xuân Giang có 12 thôn.", dt.date(2021, 6, 1), "no unit"),  # two communes bear it
    ],
)
def test_an_ambiguous_place_is_left_empty_with_the_reason(text: str, on: dt.date, why: str) -> None:
    found = extract_figures(text).find_place(on=on)
    assert found.code is None and found.evidence == ()
    assert why in found.reason


def test_an_ambiguous_name_is_settled_by_the_unit_that_holds_it() -> None:
    text = "Hơn 100 hộ dân xã Xuân Giang (huyện Sóc Sơn) đã hiến 2.000 m2 đất."
    assert extract_figures(text).find_place(on=dt.date(2021, 6, 1)).code == "00424"


def test_the_date_of_the_text_is_used_and_kept_in_the_coverage() -> None:
    # a district abolished on 2025-07-01: found on the text's date, not today's
    text = "Ngày 17/12/2021, huyện Chư Păh tổng kết 120 vụ việc."
    assert extract_figures(text).find_place().on == dt.date(2021, 12, 17)
    early = extract_figures("Ngày 3/1/2019, huyện Phú Bình có 30 cuộc đối thoại.").find_place()
    assert early.code == "173" and "outside the gazetteer's coverage" in early.reason


def test_a_date_that_is_not_a_date_is_refused() -> None:
    from qcdc.errors import InputError

    with pytest.raises(InputError, match="on must be a date"):
        extract_figures("huyện Chư Păh").find_place(on="2021-12-17")  # type: ignore[arg-type]


_WORDS = st.sampled_from(
    [
        "giám sát",
        "phát hiện",
        "kiến nghị",
        "giải quyết",
        "được",
        "xuống còn",
        "từ",
        "giảm",
        "thôn, tổ dân phố",
        "vụ việc",
        "xã",
        "phường",
        "huyện Chư Păh",
        "tỉnh Lai Châu",
        "trong tổng số",
        "đạt",
        "%",
        "hòa giải thành",
        "Ban Thanh tra nhân dân",
        "m2",
        "đồng",
        ",",
        ".",
        ";",
        "\n",
        "1.234",
        "56",
        "7/8",
        "năm 2021",
        "Sau sắp xếp",
        "mô hình",
    ]
)
_KEYS = {
    "units",
    "hamlets",
    "inspection",
    "investment",
    "dialogues",
    "mediation",
    "online_services",
    "dan_van_kheo",
}


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=40).map(" ".join))
def test_extraction_invariants(text: str) -> None:
    """Every span indexes the text, figures come in order, keys name report sections, and the
    draft is always written (the property of issue 14's "no wrong key" is the corpus's)."""
    ex: Extraction = extract_figures(text)
    last = -1
    for f in ex.figures:
        assert ex.text[f.span[0] : f.span[1]] == f.text
        assert f.span[0] >= last
        last = f.span[0]
        assert f.metric is None or f.metric.split(".")[0] in _KEYS
    assert ex.to_toml(sentences=True).startswith("# Draft written by `qcdc extract`")
