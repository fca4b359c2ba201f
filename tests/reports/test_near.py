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

from qcdc.numbers import ABOUT_TOLERANCE, format_number, parse_figure
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
    assert span.lo == read.lo * factor
    assert span.hi == read.hi * factor  # type: ignore[operator]
    assert read.lo == x * (1 - ABOUT_TOLERANCE) and read.hi == x


def test_a_near_total_far_above_its_parts_is_an_error(bare: Bare) -> None:
    """'gần 300' models of which 100 + 100: 200 is not near 300 (it passed as [0; 300])."""
    far = bare(dan_van_kheo=DanVanKheo(registered="gần 300", collective=100, individual=100))
    assert [f.rule for f in check(far, against_gazetteer=False)] == ["total.sum-of-parts"]
    near = bare(dan_van_kheo=DanVanKheo(registered="gần 300", collective=190, individual=90))
    assert check(near, against_gazetteer=False) == []
