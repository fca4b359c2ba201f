"""'gần X' is one rule in qcdc: near X and below it, within 10 % (issue 13 §2).

The numbers reading (:func:`qcdc.numbers.parse_figure`, the typed sections) and the
figure table (:class:`qcdc.reports.TableFigure`) give ``gần X`` the same ends,
[0,9·X; X]; the table keeps X itself out (half-open), the numbers' closed intervals are
lenient at the boundary.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from qcdc.numbers import ABOUT_TOLERANCE, Interval, format_number, parse_figure
from qcdc.reports import AnnualReport, DanVanKheo, TableFigure, check
from qcdc.reports._exact import NEAR

Bare = Callable[..., AnnualReport]


def test_one_tolerance() -> None:
    assert NEAR is ABOUT_TOLERANCE == Decimal("0.10")


@given(
    st.integers(1, 10**7),
    st.integers(0, 2),
    st.sampled_from(["gần", "gần như"]),
    st.sampled_from([None, "%", "hộ", "tỷ đồng", "ha"]),
)
def test_the_numbers_reading_and_the_table_agree_on_gan(
    digits: int, decimals: int, hedge: str, unit: str | None
) -> None:
    """parse_figure('gần X') and TableFigure('gần X') have the same lower and upper ends."""
    x = Decimal(digits).scaleb(-decimals)
    if unit == "%":
        x = min(x, Decimal(100))
    printed = format_number(x, decimals=decimals) if decimals else format_number(x)
    read = parse_figure(f"{hedge} {printed}").interval()
    table = TableFigure(id="f", label="x", value=f"{hedge} {printed}", unit=unit)
    span = table.span()
    factor = table.factor
    assert read.lo is not None and read.hi is not None
    assert span.lo == read.lo * factor
    assert span.hi == read.hi * factor
    assert read.lo == x * (1 - ABOUT_TOLERANCE) and read.hi == x


def test_a_near_total_far_above_its_parts_is_an_error(bare: Bare) -> None:
    """'gần 300' models of which 100 + 100: 200 is not near 300 (it passed as [0; 300])."""
    far = bare(dan_van_kheo=DanVanKheo(registered="gần 300", collective=100, individual=100))
    assert [f.rule for f in check(far, against_gazetteer=False)] == ["total.sum-of-parts"]
    near = bare(dan_van_kheo=DanVanKheo(registered="gần 300", collective=190, individual=90))
    assert check(near, against_gazetteer=False) == []


# --- one reading of every hedge ----------------------------------------------------------

# the hedge words both readings know (the table's own synonyms "từ", "ước tính", "ước đạt"
# are not read in running text: "từ 2020 đến 2025" is a range)
SHARED_HEDGES = [
    None,
    "dưới",
    "khoảng",
    "gần",
    "gần như",
    "trên",
    "hơn",
    "ước",
    "xấp xỉ",
    "ít nhất",
    "tối đa",
    "không quá",
]
# the table's unit -> (the unit as the numbers reading prints it, its value -> base unit)
UNITS: dict[str | None, tuple[str, int]] = {
    None: ("", 1),
    "hộ": (" hộ", 1),
    "%": ("%", 1),
    "đồng": (" đồng", 1),
    "triệu đồng": (" triệu đồng", 1),
    "tỷ đồng": (" tỷ đồng", 1),
    "m²": (" m²", 1),
    "ha": (" ha", 10**4),
}


@given(
    st.integers(0, 10**7),
    st.integers(0, 2),
    st.sampled_from(["", " nghìn", " triệu"]),
    st.sampled_from(SHARED_HEDGES),
    st.sampled_from(sorted(UNITS, key=str)),
)
def test_the_numbers_reading_and_the_table_give_every_hedge_the_same_ends(
    digits: int, decimals: int, scale: str, hedge: str | None, unit: str | None
) -> None:
    """One reading of hedges: parse_figure and TableFigure give every printed figure —
    each hedge word, each printed precision (the half-unit of its last digit) — the same
    lower and upper ends."""
    x = Decimal(digits).scaleb(-decimals)
    if unit == "%":
        x, scale = min(x, Decimal(100)), ""
    if unit is not None and unit.startswith(("triệu", "tỷ")):
        scale = ""  # the unit carries the scale word
    printed = (format_number(x, decimals=decimals) if decimals else format_number(x)) + scale
    text = f"{hedge} {printed}" if hedge else printed
    suffix, to_base = UNITS[unit]
    read = parse_figure(text + suffix).interval()
    span = TableFigure(id="f", label="x", value=text, unit=unit).span()
    assert span.lo == read.lo * to_base  # type: ignore[operator]
    assert span.hi == (None if read.hi is None else read.hi * to_base)


def test_a_hedge_replaces_the_printed_precision_in_both_readings() -> None:
    """'dưới 32 %' is [0; 32]: the hedge's bound is the printed value, not 32,5 (the
    half-unit of an unhedged 32 %); 'khoảng 32 %' is 10 % either side of 32 exactly."""
    for text, lo, hi in (
        ("dưới 32", Decimal(0), Decimal(32)),
        ("khoảng 32", Decimal("28.8"), Decimal("35.2")),
        ("trên 32", Decimal(32), None),
        ("32", Decimal("31.5"), Decimal("32.5")),
    ):
        read = parse_figure(text + "%").interval()
        span = TableFigure(id="f", label="x", value=text, unit="%").span()
        assert (read.lo, read.hi) == (span.lo, span.hi) == (lo, hi), text


def test_money_and_land_stand_for_their_last_digit_in_both_readings() -> None:
    """'3.330 m²' is [3.329,5; 3.330,5] in both; a count of households '3.330 hộ' is exact."""
    assert parse_figure("3.330 m²").interval() == Interval(Decimal("3329.5"), Decimal("3330.5"))
    assert parse_figure("3.330 hộ").interval() == Interval.point(3330)
    span = TableFigure(id="f", label="x", value="3.330", unit="m²").span()
    assert (span.lo, span.hi) == (Decimal("3329.5"), Decimal("3330.5"))
    assert TableFigure(id="f", label="x", value="3.330", unit="hộ").span().is_point


def test_the_table_reads_its_hedge_words_as_the_numbers_reading_does() -> None:
    """Each hedge word of the table is the numbers' Hedge of that word (its direction);
    the three the numbers reading leaves to the table are synonyms of words it reads."""
    from qcdc.numbers import Figure
    from qcdc.reports._exact import HEDGES

    for word, (side, _inclusive, near) in HEDGES.items():
        alias = {"từ": "ít nhất", "ước tính": "khoảng", "ước đạt": "khoảng"}.get(word, word)
        hedge = Figure(number=1, hedge=alias).hedge
        assert side.value == hedge.direction.value, word
        assert near == (hedge.direction.value == "around" or hedge.word == "gần"), word


def test_the_table_reads_numbers_through_qcdc_numbers_only() -> None:
    """Numbers in words, scale words and what is no number: the table's reading is
    parse_figure's (no number-word table of its own)."""
    import pytest

    from qcdc.errors import InputError

    assert TableFigure(id="f", label="x", value="hai mươi", unit="thôn").number == 20
    assert TableFigure(id="f", label="x", value="Mười", unit="thôn").span().is_point
    assert TableFigure(id="f", label="x", value="ba nghìn", unit="hộ").span().lo == 2500
    assert TableFigure(id="f", label="x", value="4,37", unit="tỉ đồng").number == 4_370_000_000
    for bad in ("5 vạn", "4.956 hộ", "mười hai mươi", "32%"):
        with pytest.raises(InputError, match="as printed"):
            TableFigure(id="f", label="x", value=bad, unit="hộ")
