"""Invariants of Vietnamese numbers and figures (qcdc.numbers)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from qcdc.numbers import (
    ABOUT_TOLERANCE,
    Direction,
    Figure,
    Hedge,
    Unit,
    find_figures,
    format_figure,
    format_number,
    parse_figure,
    parse_number,
    percent_matches,
    ratio_percent,
)
from qcdc.reports._strategies import figures, report_decimals


@given(figures())
def test_parse_of_format_is_identity(fig: Figure) -> None:
    """parse(format(x)) == x for every figure."""
    assert parse_figure(format_figure(fig)) == fig


@given(figures())
def test_format_keeps_the_printed_precision(fig: Figure) -> None:
    """format(parse(format(x))) == format(x): trailing zeros and hedges survive."""
    text = format_figure(fig)
    again = parse_figure(text)
    assert format_figure(again) == text
    assert again.decimals == fig.decimals


@given(report_decimals())
def test_numbers_round_trip(value: Decimal) -> None:
    """parse_number(format_number(d)) == d, with the same number of decimals."""
    text = format_number(value)
    back = parse_number(text)
    assert back == value
    assert format_number(back) == text


@given(figures())
def test_an_exact_figure_admits_its_value(fig: Figure) -> None:
    """Every figure admits the value it prints."""
    assert fig.admits(fig.value)


@given(st.integers(0, 10**6), st.integers(1, 10**6), st.integers(0, 3))
def test_a_correctly_rounded_percentage_always_matches(num: int, den: int, places: int) -> None:
    """A percentage rounded half-up from n/d to any precision matches n/d."""
    value = ratio_percent(num, den).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert percent_matches(Figure.percent(value), num, den)


@given(st.integers(0, 10**6), st.integers(1, 10**6), st.integers(0, 3), st.integers(2, 50))
def test_a_percentage_off_by_two_units_never_matches(
    num: int, den: int, places: int, units: int
) -> None:
    """A percentage two or more units of its last digit away from n/d does not match."""
    step = Decimal(1).scaleb(-places)
    value = ratio_percent(num, den).quantize(step, rounding=ROUND_HALF_UP) + units * step
    assert not percent_matches(Figure.percent(value), num, den)


@given(figures(), st.integers(1, 10**6))
def test_hedged_figures_bound_one_side_only(fig: Figure, delta: int) -> None:
    """ "hơn x" admits anything above x, "dưới x" anything below; neither the other side.
    "gần x" is near and below: within ABOUT_TOLERANCE under x, nothing farther (issue 13)."""
    step = max(fig.resolution, Decimal(1)) * delta
    above, below = fig.value + step, max(Decimal(0), fig.value - step)
    if fig.hedge is Hedge.NEARLY:
        floor = fig.value * (1 - ABOUT_TOLERANCE)
        assert fig.admits(fig.value) and fig.admits(floor)
        assert not fig.admits(above)
        assert below >= floor or not fig.admits(below)
    elif fig.direction is Direction.ABOVE:
        assert fig.admits(above)
        assert fig.value - step < 0 or not fig.admits(fig.value - step)
    elif fig.direction is Direction.BELOW:
        assert fig.admits(below)
        assert not fig.admits(above)
    elif fig.direction is Direction.EXACT and not fig.rounded:
        assert not fig.admits(above)


@given(
    figures(),
    st.sampled_from(["Theo báo cáo, ", "Năm nay có ", "("]),
    st.sampled_from([".", "; còn lại", ")", ", trong đó"]),
)
def test_find_figures_recovers_a_figure_and_its_span(fig: Figure, before: str, after: str) -> None:
    """A figure written into a sentence is found with its exact span."""
    printed = format_figure(fig)
    text = before + printed + after
    found = list(find_figures(text))
    assert [f.text for f in found] == [printed]
    assert found[0].span == (len(before), len(before) + len(printed))
    assert found[0] == fig


@given(st.integers(0, 10**9))
def test_integers_group_by_thousands(n: int) -> None:
    """Whole numbers print with a dot every three digits and read back."""
    text = format_number(n)
    assert text.replace(".", "") == str(n)
    assert all(len(g) == 3 for g in text.split(".")[1:])
    assert parse_figure(text) == Figure(number=n, unit=None)
    assert Figure(number=n, unit=Unit.CASE).value == n
