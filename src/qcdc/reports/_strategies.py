"""Hypothesis strategies for figures and annual reports (re-exported by :mod:`qcdc.strategies`).

Every value is built explicitly, valid by construction.  :func:`consistent_reports`
builds reports whose figures all agree with one another, so the checker must
find nothing in them (without the official unit list, whose counts a random
report cannot know).

>>> from hypothesis import given, settings
>>> from qcdc.numbers import format_figure, parse_figure
>>> @settings(max_examples=20)
... @given(figures())
... def test(fig):
...     assert parse_figure(format_figure(fig)) == fig
>>> test()
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import strategies as st

from qcdc.citations import Citation, Confidence
from qcdc.dates import Period
from qcdc.numbers import Figure, Hedge, Scale, Unit, ratio_percent
from qcdc.reports.model import AnnualReport, CitedDocument, ReportTask
from qcdc.reports.sections import (
    DanVanKheo,
    HamletReorganisation,
    InspectionFigures,
    InvestmentSupervision,
    Mediation,
    OnlineServices,
    UnitCounts,
)
from qcdc.units import UnitKind, UnitLevel

__all__ = [
    "consistent_reports",
    "figures",
    "hedges",
    "percent_figures",
    "report_decimals",
]


def report_decimals(max_value: int = 10**9, max_decimals: int = 3) -> st.SearchStrategy[Decimal]:
    """Decimals ``>= 0`` with at most ``max_decimals`` places (trailing zeros kept)."""

    @st.composite
    def build(draw: st.DrawFn) -> Decimal:
        places = draw(st.integers(0, max_decimals))
        scaled = draw(st.integers(0, max_value * 10**places))
        return Decimal(scaled).scaleb(-places)

    return build()


def hedges() -> st.SearchStrategy[Hedge]:
    """Any hedge, exact included."""
    return st.sampled_from(list(Hedge))


def percent_figures(max_decimals: int = 2) -> st.SearchStrategy[Figure]:
    """Percentages from 0 to 100 with up to ``max_decimals`` places."""
    return st.builds(
        lambda d, h: Figure(number=d, unit=Unit.PERCENT, hedge=h),
        report_decimals(100, max_decimals).filter(lambda d: d <= 100),
        hedges(),
    )


_COUNT_UNITS = [u for u in Unit if u is not Unit.PERCENT]


@st.composite
def figures(draw: st.DrawFn) -> Figure:
    """Any figure: counts, amounts with scale words, percentages, ratios; hedged or not."""
    shape = draw(st.sampled_from(["count", "scaled", "percent", "ratio"]))
    hedge = draw(hedges())
    if shape == "percent":
        return draw(percent_figures())
    if shape == "ratio":
        den = draw(st.integers(1, 100_000))
        num = draw(st.integers(0, den))
        unit = draw(st.none() | st.sampled_from(_COUNT_UNITS))
        return Figure(number=num, denominator=den, unit=unit, hedge=hedge)
    unit = draw(st.none() | st.sampled_from(_COUNT_UNITS))
    if shape == "scaled":
        scale = draw(st.sampled_from([s for s in Scale if s is not Scale.ONE]))
        return Figure(number=draw(report_decimals(999, 2)), scale=scale, unit=unit, hedge=hedge)
    return Figure(number=draw(report_decimals(10**7, 2)), unit=unit, hedge=hedge)


def _pct(numerator: int, denominator: int, places: int) -> Figure:
    value = ratio_percent(numerator, denominator).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    return Figure(number=value, unit=Unit.PERCENT)


@st.composite
def _chain(draw: st.DrawFn, length: int, top: int = 100_000) -> list[int]:
    """``length`` counts, each at most the one before."""
    out = [draw(st.integers(1, top))]
    for _ in range(length - 1):
        out.append(draw(st.integers(0, out[-1])))
    return out


@st.composite
def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(bounds)]


@st.composite
def consistent_reports(draw: st.DrawFn) -> AnnualReport:
    """Reports whose totals, differences, percentages and orderings all agree."""
    year = draw(st.integers(2021, 2024))
    period = Period.for_year(year)
    date = draw(st.dates(dt.date(year, 1, 1), dt.date(year + 1, 3, 31)))
    places = draw(st.integers(0, 2))
    kw: dict[str, Any] = {}
    if draw(st.booleans()):
        xa, phuong, tt = draw(_split(draw(st.integers(1, 1000)), 3))
        kw["units"] = [
            UnitCounts(
                level=UnitLevel.COMMUNE,
                total=xa + phuong + tt,
                by_kind={UnitKind.COMMUNE: xa, UnitKind.WARD: phuong, UnitKind.TOWNSHIP: tt},
            )
        ]
    if draw(st.booleans()):
        before, after = draw(_chain(2))
        h_before = draw(st.integers(0, before))
        h_after = draw(st.integers(0, after))
        kw["hamlets"] = HamletReorganisation(
            before=before,
            after=after,
            reduction=before - after,
            percent=_pct(before - after, before, places),
            before_hamlets=h_before,
            before_groups=before - h_before,
            after_hamlets=h_after,
            after_groups=after - h_after,
        )
    if draw(st.booleans()):
        supervised, violations, recommended, resolved = draw(_chain(4))
        kw["inspection"] = InspectionFigures(
            supervised=supervised,
            violations=violations,
            recommended=recommended,
            resolved=resolved,
            resolved_percent=_pct(resolved, recommended, places) if recommended else None,
        )
    if draw(st.booleans()):
        parts = draw(_split(draw(st.integers(0, 5000)), 3))
        kw["investment"] = InvestmentSupervision(
            projects=sum(parts), compliant=parts[0], violations=parts[1], undetermined=parts[2]
        )
    if draw(st.booleans()):
        cases, successful = draw(_chain(2))
        kw["mediation"] = Mediation(
            cases=cases, successful=successful, success_percent=_pct(successful, cases, places)
        )
    if draw(st.booleans()):
        collective, individual = draw(_split(draw(st.integers(0, 3000)), 2))
        registered = collective + individual
        kw["dan_van_kheo"] = DanVanKheo(
            registered=registered,
            effective=draw(st.integers(0, registered)),
            collective=collective,
            individual=individual,
        )
    if draw(st.booleans()):
        units, covered = draw(_chain(2, 1000))
        kw["online_services"] = OnlineServices(
            coverage=Figure.ratio(covered, units), percent=_pct(covered, units, places)
        )
    if draw(st.booleans()):
        kw["documents"] = [
            CitedDocument(number="04-CTr/TU", title="Chương trình"),
            CitedDocument(number=f"{draw(st.integers(1, 999))}/{year}/QĐ-UBND"),
        ]
    if draw(st.booleans()):
        kw["tasks"] = [ReportTask(text="Nhiệm vụ", due=date + dt.timedelta(days=30))]
    return AnnualReport(
        place="01",
        period=period,
        date=date,
        source=Citation("Báo cáo tổng kết", confidence=draw(st.sampled_from(list(Confidence)))),
        **kw,
    )
