"""Vietnamese numbers, percentages, ratios and hedged figures (qcdc.numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qcdc.numbers as numbers
from qcdc.errors import InvalidNumber, QcdcError
from qcdc.numbers import (
    Direction,
    Figure,
    Hedge,
    Interval,
    Scale,
    Unit,
    find_figures,
    format_figure,
    format_number,
    format_percent,
    parse_figure,
    parse_number,
    percent_interval,
    percent_matches,
    ratio_percent,
)


def test_all_lists_the_public_names() -> None:
    public = {n for n in vars(numbers) if n[0] not in "_@" and n != "annotations"}
    imported = {
        "Decimal",
        "ROUND_HALF_UP",
        "InvalidOperation",
        "localcontext",
        "InvalidNumber",
        "Iterator",
        "attrs",
        "enum",
        "re",
        "nfc",
    }
    assert set(numbers.__all__) == public - imported


# --- plain numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4.956", Decimal(4956)),
        ("1.459", Decimal(1459)),
        ("7.968", Decimal(7968)),
        ("1.234.567", Decimal(1234567)),
        ("32,5", Decimal("32.5")),
        ("1.234,56", Decimal("1234.56")),
        ("0", Decimal(0)),
        ("579", Decimal(579)),
        ("1,2 triệu", Decimal(1_200_000)),
        ("300 tỷ", Decimal(300_000_000_000)),
        ("300 tỉ", Decimal(300_000_000_000)),
        ("98 nghìn", Decimal(98_000)),
        ("98 ngàn", Decimal(98_000)),
        ("  12  ", Decimal(12)),
    ],
)
def test_parse_number_reads_vietnamese_formats(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (4956, "4.956"),
        (Decimal("32.5"), "32,5"),
        (Decimal("32.50"), "32,50"),
        (1_234_567, "1.234.567"),
        (Decimal("0.05"), "0,05"),
        (Decimal("1E+3"), "1.000"),
        (0, "0"),
    ],
)
def test_format_number_writes_vietnamese_formats(value: Decimal | int, text: str) -> None:
    assert format_number(value) == text


def test_format_number_rounds_half_up_to_the_decimals_asked() -> None:
    assert format_number(Decimal("32.25"), decimals=1) == "32,3"
    assert format_number(Decimal("89.235"), decimals=1) == "89,2"
    assert format_percent(ratio_percent(2575, 7968)) == "32,3%"


@pytest.mark.parametrize("bad", [Decimal(-1), Decimal("NaN"), Decimal("Infinity")])
def test_format_number_refuses_negative_and_non_finite(bad: Decimal) -> None:
    with pytest.raises(InvalidNumber, match="finite number >= 0"):
        format_number(bad)


def test_a_dot_must_separate_groups_of_three_digits() -> None:
    with pytest.raises(InvalidNumber) as info:
        parse_number("1.5")
    assert "separates thousands" in str(info.value)
    assert "1,5" in str(info.value)
    assert info.value.position == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "expected a number"),
        ("4.956 quả táo", "unexpected"),
        ("32% x", "unexpected"),
    ],
)
def test_parse_figure_says_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(InvalidNumber, match=reason):
        parse_figure(text)


def test_parse_figure_error_names_the_position() -> None:
    with pytest.raises(InvalidNumber) as info:
        parse_figure("  4.956 quả")
    assert info.value.position == 8


def test_parse_figure_rejects_non_strings() -> None:
    with pytest.raises(InvalidNumber, match="expected a string"):
        parse_figure(4956)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["hơn 3.000", "4.956 vụ việc", "32%", "579/579"])
def test_parse_number_refuses_hedges_units_and_ratios(text: str) -> None:
    with pytest.raises(InvalidNumber, match="parse_figure"):
        parse_number(text)


def test_invalid_number_is_a_qcdc_error_and_a_value_error() -> None:
    with pytest.raises(QcdcError):
        parse_number("x")
    with pytest.raises(ValueError):  # noqa: PT011 - the builtin is the point
        parse_number("x")


# --- figures ---------------------------------------------------------------------------


def test_figure_from_hedged_text() -> None:
    f = parse_figure("hơn 4.956 vụ việc")
    assert f.number == 4956
    assert f.hedge is Hedge.MORE_THAN
    assert f.direction is Direction.ABOVE
    assert f.unit is Unit.CASE
    assert f.text == "hơn 4.956 vụ việc"
    assert f.span == (0, 17)
    assert not f.exact


@pytest.mark.parametrize(
    ("text", "hedge", "direction"),
    [
        ("gần 300", Hedge.NEARLY, Direction.BELOW),
        ("gần như 100%", Hedge.NEARLY, Direction.BELOW),
        ("hơn 3.000", Hedge.MORE_THAN, Direction.ABOVE),
        ("trên 87%", Hedge.OVER, Direction.ABOVE),
        ("khoảng 300 triệu đồng", Hedge.ABOUT, Direction.AROUND),
        ("xấp xỉ 300", Hedge.ABOUT, Direction.AROUND),
        ("~300", Hedge.ABOUT, Direction.AROUND),
        ("tối đa 15", Hedge.AT_MOST, Direction.BELOW),
        ("không quá 15", Hedge.AT_MOST, Direction.BELOW),
        ("ít nhất 5", Hedge.AT_LEAST, Direction.ABOVE),
        ("tối thiểu 5", Hedge.AT_LEAST, Direction.ABOVE),
        ("dưới 10", Hedge.UNDER, Direction.BELOW),
        ("chưa đến 10", Hedge.UNDER, Direction.BELOW),
        ("Hơn 3.000", Hedge.MORE_THAN, Direction.ABOVE),
        ("4.956", Hedge.EXACT, Direction.EXACT),
    ],
)
def test_hedges_have_a_direction(text: str, hedge: Hedge, direction: Direction) -> None:
    f = parse_figure(text)
    assert f.hedge is hedge
    assert f.direction is direction


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("32,5%", Unit.PERCENT),
        ("32,5 %", Unit.PERCENT),
        ("32 phần trăm", Unit.PERCENT),
        ("300 tỷ đồng", Unit.VND),
        ("300 triệu VNĐ", Unit.VND),
        ("3.330 m²", Unit.SQUARE_METRE),
        ("3.330 m2", Unit.SQUARE_METRE),
        ("579 đơn vị hành chính cấp xã", Unit.COMMUNE_LEVEL_UNIT),
        ("579/579 xã, phường, thị trấn", Unit.COMMUNE_LEVEL_UNIT),
        ("383 xã", Unit.COMMUNE),
        ("175 phường", Unit.WARD),
        ("21 thị trấn", Unit.TOWNSHIP),
        ("7.968 thôn, tổ dân phố", Unit.HAMLET_OR_GROUP),
        ("342 công trình, dự án", Unit.PROJECT),
        ("342 công trình", Unit.PROJECT),
        ("1.135 tổ hòa giải", Unit.MEDIATION_GROUP),
        ("5.730 hòa giải viên", Unit.MEDIATOR),
        ("73 ý kiến, kiến nghị", Unit.OPINION),
        ("12 hộ", Unit.HOUSEHOLD),
        ("12 hộ gia đình", Unit.HOUSEHOLD),
        ("280 Ban", Unit.BOARD),
    ],
)
def test_units_are_recognised(text: str, unit: Unit) -> None:
    assert parse_figure(text).unit is unit


def test_a_unit_word_must_end_on_a_word_boundary() -> None:
    # "hộ" is the start of "hội"; it must not be read as households
    assert [f.text for f in find_figures("5 hội nghị")] == ["5 hội nghị"]
    assert parse_figure("5 hội nghị").unit is Unit.CONFERENCE


def test_ratio() -> None:
    f = parse_figure("2.575/7.968")
    assert (f.number, f.denominator, f.is_ratio, f.value) == (2575, 7968, True, 2575)
    assert Figure.ratio(579, 579) == parse_figure("579/579")


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"number": 5, "denominator": 0}, "greater than 0"),
        ({"number": 5, "denominator": 10, "unit": Unit.PERCENT}, "no percent sign"),
        ({"number": 5, "denominator": 10, "scale": Scale.MILLION}, "no percent sign"),
        ({"number": 5, "unit": Unit.PERCENT, "scale": Scale.MILLION}, "no scale word"),
        ({"number": -1}, ">= 0"),
        ({"number": "abc"}, "not a number"),
        ({"number": True}, "not a bool"),
        ({"number": [1]}, "Decimal, int or str"),
        ({"number": 1, "hedge": "maybe"}, "unknown hedge"),
        ({"number": 1, "scale": "vạn"}, "unknown scale"),
        ({"number": 1, "unit": "quả"}, "unknown unit"),
        ({"number": 1, "span": (5, 2)}, "span"),
    ],
)
def test_figure_validates_its_shape(kwargs: dict[str, object], reason: str) -> None:
    with pytest.raises(InvalidNumber, match=reason):
        Figure(**kwargs)  # type: ignore[arg-type]


def test_parse_refuses_a_zero_denominator_and_a_scaled_percentage() -> None:
    with pytest.raises(InvalidNumber, match="greater than 0"):
        parse_figure("5/0")
    with pytest.raises(InvalidNumber, match="no scale word"):
        parse_figure("5 triệu%")


def test_figure_accepts_words_and_names_for_its_enums() -> None:
    f = Figure(number="1.2", hedge="hơn", scale="triệu", unit="đồng")
    assert f == parse_figure("hơn 1,2 triệu đồng")
    assert Figure(number=3, unit="case").unit is Unit.CASE
    assert Figure(number=3.5).number == Decimal("3.5")


def test_text_and_span_do_not_take_part_in_equality() -> None:
    assert parse_figure("4.956") == Figure(number=4956)
    assert Figure.count(4956, Unit.CASE) == parse_figure("4.956 vụ việc")
    assert hash(parse_figure("4.956")) == hash(Figure(number=4956))


def test_value_applies_the_scale_and_keeps_printed_precision() -> None:
    f = parse_figure("1,2 triệu")
    assert f.value == 1_200_000
    assert f.decimals == 1
    assert f.resolution == 100_000
    assert f.rounded and f.is_whole
    assert parse_figure("32,50%").decimals == 2
    assert format_figure(parse_figure("32,50%")) == "32,50%"


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("4.956", 4956, 4956),
        ("32%", Decimal("31.5"), Decimal("32.5")),
        ("32,3%", Decimal("32.25"), Decimal("32.35")),
        ("1,2 triệu", 1_150_000, 1_250_000),
        ("hơn 3.000", 3000, None),
        ("trên 87%", 87, None),  # a hedge's bound is the printed value (one reading)
        ("dưới 32%", 0, 32),
        ("khoảng 32%", Decimal("28.8"), Decimal("35.2")),
        ("khoảng 1,2 triệu", 1_080_000, 1_320_000),
        ("3.330 m²", Decimal("3329.5"), Decimal("3330.5")),  # a measure: its last digit
        ("300 triệu đồng", 299_500_000, 300_500_000),
        ("15 ha", Decimal("14.5"), Decimal("15.5")),
        ("gần 300", 270, 300),
        ("gần 32%", Decimal("28.8"), 32),
        ("gần như 100%", 90, 100),
        ("tối đa 15", 0, 15),
        ("dưới 10", 0, 10),
        ("khoảng 100", 90, 110),
        ("0,4%", Decimal("0.35"), Decimal("0.45")),
    ],
)
def test_interval_of_a_figure(text: str, lo: Decimal | int, hi: Decimal | int | None) -> None:
    iv = parse_figure(text).interval()
    assert iv.lo == lo
    assert iv.hi == hi


def test_figure_helpers() -> None:
    f = parse_figure("hơn 3.000")
    assert f.admits(3500) and not f.admits(2500)
    assert parse_figure("579/579").denominator_interval() == Interval.point(579)
    assert parse_figure("579").denominator_interval() is None
    assert str(parse_figure("hơn 3.000 vụ")) == "hơn 3.000 vụ việc"
    assert Figure.parse("32%") == Figure.percent(32)
    g = Figure(number=5).with_source("năm", (3, 4))
    assert (g.text, g.span) == ("năm", (3, 4))
    assert Hedge.MORE_THAN.word == "hơn" and Scale.MILLION.word == "triệu"
    assert Unit.CASE.label == "vụ việc"


def test_format_figure_without_unit() -> None:
    assert format_figure(parse_figure("hơn 4.956 vụ việc"), unit=False) == "hơn 4.956"
    assert format_figure(parse_figure("579/579 xã, phường, thị trấn")) == (
        "579/579 xã, phường, thị trấn"
    )


# --- intervals and percentages --------------------------------------------------------------


def test_interval_arithmetic_and_comparisons() -> None:
    a, b = Interval(Decimal(1), Decimal(3)), Interval(Decimal(2), None)
    assert a + b == Interval(Decimal(3), None)
    assert a - b == Interval(None, Decimal(1))
    assert b - a == Interval(Decimal(-1), None)
    assert a.overlaps(b) and a.may_be_le(b)
    assert not Interval(Decimal(5), Decimal(6)).may_be_le(a)
    assert Interval(None, None).may_be_le(a)
    assert str(Interval.point(4956)) == "4.956"
    assert str(Interval(Decimal(-2), None)) == "[−2; ∞]"
    assert str(Interval(None, Decimal(-1))) == "[−∞; −1]"


def test_percent_from_the_facts() -> None:
    """32% for 2.575/7.968 passes; 87,8% for 1.459/1.635 (which is 89,2%) fails."""
    assert percent_matches(parse_figure("32%"), 2575, 7968)
    assert not percent_matches(parse_figure("87,8%"), 1459, 1635)
    assert percent_matches(parse_figure("89,2%"), 1459, 1635)
    assert percent_matches(parse_figure("97,8%"), 1050, 1074)
    # the precision printed matters: 32,0% claims more than 32%
    assert not percent_matches(parse_figure("32,0%"), 2575, 7968)


def test_hedged_percentages_are_compared_in_their_direction() -> None:
    assert percent_matches(parse_figure("trên 87%"), 1459, 1635)
    assert not percent_matches(parse_figure("dưới 87%"), 1459, 1635)
    assert percent_matches(parse_figure("gần 90%"), 1459, 1635)
    assert percent_matches(parse_figure("32%"), parse_figure("hơn 2.500"), 7968)


def test_percent_matches_refuses_a_non_percentage_and_a_zero_denominator() -> None:
    with pytest.raises(InvalidNumber, match="expected a percentage"):
        percent_matches(parse_figure("32"), 1, 3)
    assert not percent_matches(parse_figure("32%"), 1, 0)
    with pytest.raises(InvalidNumber, match="undefined"):
        ratio_percent(1, 0)


def test_percent_interval() -> None:
    assert percent_interval(Interval.point(1), Interval(Decimal(0), Decimal(2))) is None
    assert percent_interval(Interval(Decimal(1), None), Interval(Decimal(2), None)) == Interval(
        Decimal(0), None
    )


# --- figures in running text --------------------------------------------------------------


def test_find_figures_in_a_sentence() -> None:
    text = "Năm 2020, giám sát hơn 3.000 vụ việc, đạt 97,8%; thu hồi khoảng 300 triệu đồng."
    found = list(find_figures(text))
    assert [f.text for f in found] == [
        "2020",
        "hơn 3.000 vụ việc",
        "97,8%",
        "khoảng 300 triệu đồng",
    ]
    for f in found:
        assert f.span is not None
        assert text[f.span[0] : f.span[1]] == f.text


def test_find_figures_skips_digits_glued_to_words_and_bad_numbers() -> None:
    text = "Luật 10/2022/QH15, dịch Covid-19, phương án A2, số 1.5 và F0; còn 7 hộ."
    assert [f.text for f in find_figures(text)] == ["10/2022", "7 hộ"]


def test_a_hedge_word_without_a_number_is_not_a_figure() -> None:
    assert list(find_figures("trên địa bàn thành phố, hơn nữa")) == []


# --- hostile input (issue 11) ---------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["1" * 25, "1" * 29, "1" * 40, "1.234.567.890.123.456.789.012.345"]
)
def test_a_figure_longer_than_the_limit_is_refused(text: str) -> None:
    """More than MAX_DIGITS digits is not a figure: a clear InvalidNumber, never a
    decimal.InvalidOperation or a silently rounded value."""
    from qcdc.numbers import MAX_DIGITS, parse_number

    assert MAX_DIGITS == 24
    with pytest.raises(InvalidNumber, match="at most 24 digits"):
        parse_figure(text).value  # noqa: B018
    with pytest.raises(InvalidNumber):
        parse_number(text)


def test_the_longest_figure_keeps_every_digit_with_its_scale() -> None:
    figure = parse_figure("999.999.999.999.999.999.999.999 tỷ")
    assert figure.value == Decimal("999999999999999999999999") * 10**9


# --- hostile input (issue 11 §3, §4) ----------------------------------------------------


@pytest.mark.parametrize("digits", [25, 28, 29, 40, 5_000])
def test_more_digits_than_max_digits_is_an_error_never_a_rounding(digits: int) -> None:
    """Past MAX_DIGITS (24, below Decimal's 28) a figure is refused, never rounded."""
    assert numbers.MAX_DIGITS < 28
    with pytest.raises(InvalidNumber, match="at most 24 digits"):
        parse_number("1" * digits)
    with pytest.raises(InvalidNumber, match="at most 24 digits"):
        parse_figure("1" * digits)
    with pytest.raises(InvalidNumber, match="at most 24 digits"):
        parse_number("0," + "1" * digits)


def test_max_digits_figures_are_exact() -> None:
    text = "9" * numbers.MAX_DIGITS
    assert parse_number(text) == Decimal(text)
    assert parse_figure(text + " tỷ").value == Decimal(text) * 10**9
    assert str(parse_number(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "1.1" + " " * 100_000 + "x",
        "hơn 4.956 " + "vụ việc " * 20_000,
        "1." * 50_000,
        "1" * 100_000,
        "\t" * 100_000 + "1/0",
    ],
)
def test_errors_quote_at_most_80_characters(text: str) -> None:
    with pytest.raises(InvalidNumber) as info:
        parse_figure(text)
    assert len(info.value.text) <= 80
    assert len(str(info.value)) < 400


# --- issue 13: units ha, bản, ngày công, and numbers in words, read as printed ------------


@pytest.mark.parametrize(
    ("excerpt", "printed", "unit", "value"),
    [
        # rp-022, https://baonghean.vn/6-thang-dau-nam-toan-nganh-thanh-tra-phat-hien-hon-90-000-ty-dong-sai-pham-ve-kinh-te-10275396.html
        (
            "Qua thanh tra đã phát hiện vi phạm về kinh tế 92.783,1 tỷ đồng; 292,5 ha đất;",
            "292,5 ha",
            Unit.HECTARE,
            Decimal("292.5"),
        ),
        # rp-015, http://nongthonmoihatinh.vn/vi/news/huyen-Loc-Ha/Loc-Ha-lam-moi-33-9-km-duong-giao-thong-nong-thon-19321
        (
            "tham gia 3.000 ngày công với tổng giá trị ước tính trên 6 tỷ đồng.",
            "3.000 ngày công",
            Unit.WORKDAY,
            Decimal(3000),
        ),
        # rp-054, https://www.chanhvanphong.com/2022/08/sap-nhap-doi-ten-cac-ban-khoi-pho-huyen-tuan-giao.html
        (
            "Huyện Tuần Giáo: Sáp nhập 115 bản để thành lập 55 bản.",
            "115 bản",
            Unit.HAMLET,
            Decimal(115),
        ),
        (
            "Sau khi sáp nhập huyện Tuần Giáo có 177 bản, khối.",
            "177 bản, khối",
            Unit.HAMLET_OR_GROUP,
            Decimal(177),
        ),
        # plo.vn/dan-duoc-tham-gia-ban-thanh-tra-de-giam-sat-tieu-cuc-post416508.html (search,
        # corpus pages): "những xã, phường, thị trấn ở đồng bằng có dưới 5.000 dân được bầu
        # năm hoặc bảy thành viên"
        (
            "ở đồng bằng có dưới 5.000 dân được bầu năm hoặc bảy thành viên",
            "bảy thành viên",
            Unit.MEMBER,
            Decimal(7),
        ),
        # ar-019, https://sescampus.com/posts/thanh-hoa-se-giam-hon-380-xa-phuong-sau-sap-xep
        (
            "thành phố biển Sầm Sơn giảm từ 10 phường xã xuống hai phường, tương đương 80%.",
            "hai phường",
            Unit.WARD,
            Decimal(2),
        ),
    ],
)
def test_real_units_and_words_in_running_text(
    excerpt: str, printed: str, unit: Unit, value: Decimal
) -> None:
    found = {f.text: f for f in find_figures(excerpt)}
    assert found[printed].unit is unit and found[printed].value == value


def test_words_in_running_text_need_a_unit_and_are_never_mot() -> None:
    """plo.vn: "có từ năm đến 11 thành viên"; daklak.gov.vn: "Nhiệm kỳ … là hai năm";
    118.69.201.249:801 (a legal Q&A): "không ít hơn 30 (ba mươi) ngày" — no figure in words."""
    texts = [
        "Ban Thanh tra nhân dân ở xã, phường, thị trấn có từ năm đến 11 thành viên.",
        "Nhiệm kỳ của Ban thanh tra nhân dân ở xã, phường, thị trấn là hai năm.",
        "nhưng không ít hơn 30 (ba mươi) ngày, kể từ ngày niêm yết.",
        "một xã, năm 2021, hai mươi năm qua",
    ]
    for text in texts:
        assert all(f.text[0].isdigit() or f.hedge.word for f in find_figures(text)), text


@pytest.mark.parametrize(
    ("printed", "value", "shown"),
    [
        ("hai mươi", Decimal(20), "20"),
        ("hai mươi lăm hộ", Decimal(25), "25 hộ"),
        ("hai mươi mốt xã", Decimal(21), "21 xã"),
        ("hai mươi tư thôn", Decimal(24), "24 thôn"),
        ("mười lăm", Decimal(15), "15"),
        ("một trăm", Decimal(100), "100"),
        ("một trăm linh năm vụ việc", Decimal(105), "105 vụ việc"),
        ("một trăm phần trăm", Decimal(100), "100%"),
        ("ba nghìn", Decimal(3000), "3 nghìn"),
        ("ba nghìn hai trăm hộ", Decimal(3200), "3.200 hộ"),
        ("hai nghìn không trăm hai mươi tư", Decimal(2024), "2.024"),
        ("gần hai mươi thôn", Decimal(20), "gần 20 thôn"),
        ("hơn một trăm hộ", Decimal(100), "hơn 100 hộ"),
        ("hai tỷ ba trăm triệu đồng", Decimal(2_300_000_000), "2.300 triệu đồng"),
    ],
)
def test_numbers_in_words(printed: str, value: Decimal, shown: str) -> None:
    fig = parse_figure(printed)
    assert fig.value == value
    assert format_figure(fig) == shown
    assert parse_figure(shown) == fig  # the words and the digits are the same figure


@pytest.mark.parametrize(
    ("printed", "fragment"),
    [
        ("hai mươi năm", "unexpected 'năm'"),  # twenty years: năm after mươi is the noun
        ("mươi", "expected a number"),
        ("hai ba", "unexpected 'ba'"),
        ("mười hai mươi", "unexpected 'mươi'"),  # tens after tens: it read as 30
        ("ba mươi hai mươi", "unexpected 'mươi'"),
    ],
)
def test_words_that_are_no_number(printed: str, fragment: str) -> None:
    with pytest.raises(InvalidNumber, match=fragment):
        parse_figure(printed)


def test_a_rounded_number_in_words_spans_its_scale() -> None:
    """'ba nghìn' is '3 nghìn': rounded to the thousand."""
    assert parse_figure("ba nghìn hộ").interval() == parse_figure("3 nghìn hộ").interval()


_SPELT = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _spell_below_100(n: int) -> str:
    if n < 10:
        return _SPELT[n]
    tens, units = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_SPELT[tens]} mươi"
    if units == 0:
        return head
    unit = {5: "lăm"}.get(units) if tens == 1 else {1: "mốt", 4: "tư", 5: "lăm"}.get(units)
    return f"{head} {unit or _SPELT[units]}"


def _spell_group(n: int, inner: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0 and not inner:
        return _spell_below_100(rest)
    head = f"{_SPELT[hundreds]} trăm"
    if rest == 0:
        return head
    return f"{head} linh {_SPELT[rest]}" if rest < 10 else f"{head} {_spell_below_100(rest)}"


def _spell(n: int) -> str:
    """n in Vietnamese words, as a report writes it (a speller independent of qcdc's)."""
    if n == 0:
        return "không"
    parts, inner = [], False
    for scale, word in ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group, n = divmod(n, scale)
        if group:
            parts.append((_spell_group(group, inner) + " " + word).strip())
            inner = True
    return " ".join(parts)


@given(st.integers(0, 999_999_999_999))
def test_every_number_in_words_reads_as_its_value(n: int) -> None:
    """parse_figure(words of n).value == n, and its digits are the same figure."""
    fig = parse_figure(_spell(n))
    assert fig.value == n
    assert parse_figure(format_figure(fig)) == fig


# --- the one reading of hedges ------------------------------------------------------------


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal(0), Decimal("0.01"), Decimal(1), Decimal(1000)]),
    st.sampled_from(list(Hedge)),
)
def test_printed_interval_holds_the_printed_value_and_its_hedge_s_bound(
    value: Decimal, resolution: Decimal, hedge: Hedge
) -> None:
    """Every figure's interval holds the printed value (closed, lenient at its bound); a
    hedged one does not depend on the printed precision; an unhedged one is value ± u/2."""
    iv = numbers.printed_interval(value, resolution, hedge)
    assert iv.contains(value)
    if hedge is Hedge.EXACT:
        assert iv.hi == value + resolution / 2
        assert iv.lo == max(Decimal(0), value - resolution / 2)
    else:
        assert iv == numbers.printed_interval(value, 0, hedge)
        assert iv.lo == value or iv.lo == 0 or iv.lo == value * (1 - numbers.ABOUT_TOLERANCE)


def test_printed_interval_refuses_what_is_no_printed_figure() -> None:
    with pytest.raises(InvalidNumber, match=">= 0"):
        numbers.printed_interval(Decimal(-1))
    with pytest.raises(InvalidNumber, match="Decimal or an int"):
        numbers.printed_interval("32")  # type: ignore[arg-type]
    with pytest.raises(InvalidNumber, match="unknown hedge"):
        numbers.printed_interval(32, 1, "chắc chắn")
    assert numbers.printed_interval(300, 0, "gần") == Interval(Decimal(270), Decimal(300))
