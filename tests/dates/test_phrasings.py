"""The phrasings of issue 14 §2, one test per class (the corpus test counts; these pin)."""

from __future__ import annotations

import datetime as dt

import pytest

from qcdc.dates import (
    Deadline,
    DeadlineKind,
    Period,
    PeriodSet,
    parse_date,
    parse_datetime,
    parse_deadline,
    parse_period,
    parse_periods,
)
from qcdc.errors import AmbiguousDate, InvalidDate

D = dt.date
T = dt.datetime


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("14:30 ngày 3/8/2024", T(2024, 8, 3, 14, 30)),
        ("03/08/2024 09:15:22", T(2024, 8, 3, 9, 15, 22)),
        ("lúc 8 giờ 30 phút ngày 05/8/2024", T(2024, 8, 5, 8, 30)),
        ("07 giờ 30 ngày 07/01/2021", T(2021, 1, 7, 7, 30)),
        ("kể từ 16 giờ 00 ngày 9 tháng 8 năm 2006", T(2006, 8, 9, 16, 0)),
        ("Cập nhật lúc 22:38, Thứ Hai, 08/10/2018", T(2018, 10, 8, 22, 38)),
        ("Thứ Năm, 15/10/2020, 16:21", T(2020, 10, 15, 16, 21)),
        ("20/07/2012 3:16:17 CH", T(2012, 7, 20, 15, 16, 17)),
        ("08:41 | 31/01/2020", T(2020, 1, 31, 8, 41)),
        ("(05:12, 18/06/2020)", T(2020, 6, 18, 5, 12)),
        ("20/03/2024 - 19:32", T(2024, 3, 20, 19, 32)),
        ("2018-12-25T17:59:19", T(2018, 12, 25, 17, 59, 19)),
        ("từ 7h30 -9h00, Thứ ba, ngày 06/02/2018", T(2018, 2, 6, 7, 30)),
    ],
)
def test_a_clock_time_before_or_after_the_date_is_kept(text: str, when: dt.datetime) -> None:
    assert parse_datetime(text) == when
    assert parse_date(text) == when.date()


def test_a_printed_offset_makes_an_aware_datetime() -> None:
    utc = parse_datetime("2023-08-03T02:07:00Z")
    assert utc.utcoffset() == dt.timedelta(0)
    local = parse_datetime("26/07/2024 07:54 GMT+7")
    assert local.utcoffset() == dt.timedelta(hours=7)
    assert parse_datetime("26/07/2024 07:54").tzinfo is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("17/12/2021", "no clock time"),
        ("25:00 ngày 3/8/2024", "no such clock time 25:00"),
        ("10:61 ngày 3/8/2024", "no such clock time 10:61"),
    ],
)
def test_parse_datetime_refuses_a_missing_or_impossible_time(text: str, fragment: str) -> None:
    with pytest.raises(InvalidDate, match=fragment):
        parse_datetime(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Thứ hai, 05/8/2024", D(2024, 8, 5)),
        ("ngày 28/8/2025 (thứ Năm)", D(2025, 8, 28)),
        ("ngày 15 tháng 10 năm 2016 trùng vào ngày thứ bảy", D(2016, 10, 15)),
        ("tính đến ngày 10-9-2018", D(2018, 9, 10)),
        ("kể từ ngày 25/08/2015", D(2015, 8, 25)),
        ("tại thời điểm 1/3/2023", D(2023, 3, 1)),
        ("Ngày có hiệu lực: 01/07/2022", D(2022, 7, 1)),
        ("đến hết ngày 03/11/2017", D(2017, 11, 3)),
        ("có hiệu lực thi hành kể từ ngày 06 tháng 01 năm 2020", D(2020, 1, 6)),
        ("( Cập nhật ngày: 21/11/2024 )", D(2024, 11, 21)),
        ("Tính đến cuối tháng 2/2018", D(2018, 2, 28)),
        ("21 Tháng 9, 2025", D(2025, 9, 21)),
        ("Ngày 6/4 năm 2022", D(2022, 4, 6)),
        ("ngày Quốc khánh 2/9/2025", D(2025, 9, 2)),
        ("Sáng ngày 01/01, ngày đầu tiên của năm mới 2020", D(2020, 1, 1)),
        ("ngy 23/2/2017", D(2017, 2, 23)),
    ],
)
def test_weekdays_labels_and_leading_phrases_around_a_date(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


def test_a_weekday_around_the_date_is_checked() -> None:
    with pytest.raises(InvalidDate, match="is a thứ Hai, not a thứ Ba"):
        parse_date("Thứ ba, 05/8/2024")
    with pytest.raises(InvalidDate, match="not a thứ Hai"):
        parse_date("ngày 17/12/2021 (thứ Hai)")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("từ ngày 3 - 5/8/2024", D(2024, 8, 3), D(2024, 8, 5)),
        ("từ 28/12/2023 - 2/1/2024", D(2023, 12, 28), D(2024, 1, 2)),
        ("từ 24/10/2012 – 24/11/2012", D(2012, 10, 24), D(2012, 11, 24)),
        ("từ ngày 12 đến ngày 14\ntháng 12 năm 2024", D(2024, 12, 12), D(2024, 12, 14)),
        ("Từ ngày 03 đến 06/12/2018", D(2018, 12, 3), D(2018, 12, 6)),
        ("từ năm 2019 đến tháng 6/2020", D(2019, 1, 1), D(2020, 6, 30)),
        ("từ quý IV/2013 đến quý I/2014", D(2013, 10, 1), D(2014, 3, 31)),
        (
            "09 giờ 00, ngày 29/10/2017 và kéo dài đến hết ngày 03/11/2017",
            D(2017, 10, 29),
            D(2017, 11, 3),
        ),
        ("giai đoạn từ năm 2011 – 2023", D(2011, 1, 1), D(2023, 12, 31)),
        ("5 NĂM (2021 - 2025)", D(2021, 1, 1), D(2025, 12, 31)),
        ("trung tuần tháng 9 năm 2018", D(2018, 9, 11), D(2018, 9, 20)),
        ("hạ tuần tháng 2/2024", D(2024, 2, 21), D(2024, 2, 29)),
        ("nửa cuối năm 2022", D(2022, 7, 1), D(2022, 12, 31)),
        ("tại thời điểm tháng 10/2022", D(2022, 10, 1), D(2022, 10, 31)),
        ("(03/2025)", D(2025, 3, 1), D(2025, 3, 31)),
        ("Phú Thọ, 2014", D(2014, 1, 1), D(2014, 12, 31)),
    ],
)
def test_ranges_terms_and_parts_of_a_year(text: str, start: dt.date, end: dt.date) -> None:
    assert parse_period(text) == Period(start, end)


def test_two_listed_days_are_not_the_days_between() -> None:
    with pytest.raises(AmbiguousDate, match="parse_periods"):
        parse_period("ngày 12 và 14/4/2023")
    assert parse_period("ngày 12 và 13/4/2023") == Period(D(2023, 4, 12), D(2023, 4, 13))


def test_an_anniversary_pair_is_not_a_range() -> None:
    with pytest.raises(AmbiguousDate, match="anniversary"):
        parse_period("(18/11/1930 - 18/11/2025)")
    assert parse_periods("(18/11/1930 - 18/11/2025)") == PeriodSet(
        [Period.day(D(1930, 11, 18)), Period.day(D(2025, 11, 18))]
    )
    # with "từ" it is a range
    assert parse_period("từ 18/11/2024 - 18/11/2025").days == 366


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("tháng 11/2023 và tháng 1/2024", [Period.month(2023, 11), Period.month(2024, 1)]),
        ("các ngày 12 và 14/4/2023", [Period.day(D(2023, 4, 12)), Period.day(D(2023, 4, 14))]),
        ("các năm 2021 và 2023", [Period.for_year(2021), Period.for_year(2023)]),
        ("tháng 9, tháng 11 năm 2025", [Period.month(2025, 9), Period.month(2025, 11)]),
        ("nhiệm kỳ 2015 - 2020, 2021 - 2026", [Period.years(2015, 2026)]),
        ("quý III/2023", [Period.quarter(2023, 3)]),
    ],
)
def test_lists_of_periods(text: str, parts: list[Period]) -> None:
    got = parse_periods(text)
    assert got.parts == tuple(parts)
    assert parse_periods(str(got)) == got


def test_a_period_set_is_sorted_and_merged() -> None:
    s = PeriodSet([Period.month(2024, 1), Period.month(2023, 11), Period.month(2023, 12)])
    assert s.parts == (Period(D(2023, 11, 1), D(2024, 1, 31)),)
    assert D(2023, 12, 5) in s and D(2024, 2, 1) not in s
    assert (s.start, s.end, s.days, len(s)) == (D(2023, 11, 1), D(2024, 1, 31), 92, 1)
    with pytest.raises(InvalidDate):
        PeriodSet([])


@pytest.mark.parametrize(
    ("text", "inclusive", "due"),
    [
        ("trước ngày 31/5/2024", False, D(2024, 5, 30)),
        ("trước ngày 31/5/2024", True, D(2024, 5, 31)),
        ("chậm nhất trước 15/9/2025", False, D(2025, 9, 14)),
        ("chậm nhất ngày 31/5/2024", False, D(2024, 5, 31)),
        ("chậm nhất là ngày 31/5/2024", False, D(2024, 5, 31)),
        ("hạn chót 31/5/2024", False, D(2024, 5, 31)),
        ("đến hết ngày 31/5/2024", False, D(2024, 5, 31)),
        ("trước tháng 3.2014", False, D(2014, 2, 28)),
        ("trước tháng 3.2014", True, D(2014, 3, 31)),
        ("vào cuối tháng 4/2018", False, D(2018, 4, 30)),
        ("trong quý II/2022", False, D(2022, 6, 30)),
    ],
)
def test_deadline_words_have_their_legal_meaning(text: str, inclusive: bool, due: dt.date) -> None:
    deadline = parse_deadline(text, inclusive=inclusive)
    assert not deadline.is_relative
    assert deadline.resolve(D(2000, 1, 1)) == due


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("trong thời hạn 15 ngày kể từ ngày 3/8/2024", DeadlineKind.DAYS, 15),
        ("Trong thời hạn không quá 02 ngày, kể từ ngày hoàn thành", DeadlineKind.DAYS, 2),
        ("không quá 10 ngày làm việc kể từ nhận được hồ sơ", DeadlineKind.WORKING_DAYS, 10),
        ("Chậm nhất 05 ngày làm việc sau khi được phê chuẩn", DeadlineKind.WORKING_DAYS, 5),
        ("chậm nhất là 45 ngày kể từ ngày kết thúc", DeadlineKind.DAYS, 45),
        ("trong 3 tháng", DeadlineKind.MONTHS, 3),
    ],
)
def test_relative_deadlines(text: str, kind: DeadlineKind, amount: int) -> None:
    deadline = parse_deadline(text)
    assert (deadline.kind, deadline.amount) == (kind, amount)


def test_deadline_parse_keeps_the_inclusive_reading_of_0_1() -> None:
    assert Deadline.parse("trước ngày 30/6/2022") == Deadline.on(D(2022, 6, 30))
    assert parse_deadline("trước ngày 30/6/2022") == Deadline.on(D(2022, 6, 29))
    written = str(Deadline.on(D(2022, 6, 30)))
    assert written == "chậm nhất ngày 30/06/2022"
    assert parse_deadline(written) == Deadline.parse(written) == Deadline.on(D(2022, 6, 30))


def test_a_date_without_a_deadline_word_is_no_deadline() -> None:
    with pytest.raises(InvalidDate, match="no deadline word"):
        parse_deadline("ngày 30/6/2022")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("17/12/20211", "5-digit year"),
        ("ngày 31/4/2024", "April has 30 days"),
        ("31/9/2024", "September has 30 days"),
        ("29/2/2023", "2023 is a common year"),
        ("ngày 13/13/2022", "there is no month 13"),
        ("ngày 17 tháng 13 năm 2022", "there is no month 13"),
        ("ngày 30/110/2020", "got 110"),
        ("giai đoạn 20112020", "two years run together"),
        ("1.000 ngày đầu đời", "a duration or a count"),
        ("kể từ ngày ký", "counts from an event"),
        ("8h00", "a clock time with no day and month"),
        ("ngày __ tháng ___ năm 20___", "left blank"),
        ("PHIÊN HỌP THỨ NĂM", "weekday or an ordinal"),
        ("cùng kỳ năm 2020", "same period of an earlier year"),
    ],
)
def test_errors_name_the_cause(text: str, fragment: str) -> None:
    for parse in (parse_date, parse_period):
        if parse is parse_date and text.startswith(("giai", "cùng")):
            continue
        with pytest.raises(InvalidDate) as info:
            parse(text)
        assert fragment in str(info.value), (parse.__name__, str(info.value))


def test_leading_words_with_nothing_after_them_are_the_generic_refusal() -> None:
    with pytest.raises(InvalidDate, match="expected a period"):
        parse_period("hôm qua")
    with pytest.raises(InvalidDate, match="expected a date"):
        parse_date("kể từ")


# --- "n năm" and "nhiệm kỳ" (issue 13): real excerpts of tests/data/real/reports.jsonl and
# dates.jsonl, each with its source and the words as printed


@pytest.mark.parametrize(
    ("printed", "reference", "start", "end", "source"),
    [
        # rp-021, https://vnews.gov.vn/video/hoa-giai-co-so-giai-quyet-mau-thuan-tu-xa-tu-som-123052.htm
        # "Qua hơn 10 năm thực hiện Luật hòa giải, địa bàn tỉnh Ninh đã tiếp nhận gần 10
        # nghìn vụ việc" (published 2024-06-03)
        ("hơn 10 năm thực hiện", D(2024, 6, 3), D(2015, 1, 1), D(2024, 12, 31), "rp-021"),
        ("hơn 10 năm", D(2024, 6, 3), D(2015, 1, 1), D(2024, 12, 31), "rp-021"),
        # rp-038, https://baohaiduong.vn/print/351802.html
        # "Sau hơn 2 năm thực hiện Quy chế số 03-QC/TU, ngày 18.3.2021" (published 2023-08-22)
        ("Sau hơn 2 năm", D(2023, 8, 22), D(2022, 1, 1), D(2023, 12, 31), "rp-038"),
        # rp-044, http://baolamdong.vn/doi-song/201904/ty-le-hoa-giai-thanh-dat-tren-73-2941025/
        # "trong 5 năm qua (2014 - 2018), các Tổ hòa giải cơ sở đã tiến hành thụ lý hòa giải
        # 12.896 vụ việc": the years printed win over the reference
        ("trong 5 năm qua (2014 - 2018)", D(2019, 4, 9), D(2014, 1, 1), D(2018, 12, 31), "rp-044"),
        ("trong 5 năm qua", D(2019, 4, 9), D(2015, 1, 1), D(2019, 12, 31), "rp-044"),
        # dt-0078 / dt-0083 (dates.jsonl): "nhiệm kỳ 2021 - 2026", "nhiệm kỳ 2021-2026"
        ("nhiệm kỳ 2021 - 2026", None, D(2021, 1, 1), D(2026, 12, 31), "dt-0078"),
        ("nhiệm kỳ 2021–2026", None, D(2021, 1, 1), D(2026, 12, 31), "dt-0083"),
    ],
)
def test_n_years_and_a_term(
    printed: str, reference: dt.date | None, start: dt.date, end: dt.date, source: str
) -> None:
    """'n năm' is the n calendar years ending with the reference's year; a term covers its
    years whole."""
    assert parse_period(printed, reference=reference) == Period(start, end), source


def test_n_years_needs_the_year_it_ends_in() -> None:
    with pytest.raises(AmbiguousDate, match="pass reference="):
        parse_period("hơn 10 năm")
    with pytest.raises(InvalidDate, match="at least 1 year"):
        parse_period("0 năm", reference=D(2024, 1, 1))
    # a four-digit number before năm is not a span of years
    with pytest.raises(InvalidDate, match="a duration or a count"):
        parse_period("1982 năm", reference=D(2024, 1, 1))
