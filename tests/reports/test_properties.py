"""Invariants of annual reports and their checker (qcdc.reports)."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from qcdc.numbers import Figure, Unit
from qcdc.reports import AnnualReport, check, dumps_report, loads_report
from qcdc.reports._strategies import consistent_reports


@given(consistent_reports())
def test_a_consistent_report_has_no_finding(report: AnnualReport) -> None:
    """Totals equal their parts, percentages match their ratios, parts never exceed wholes."""
    assert check(report, against_gazetteer=False) == []


@given(consistent_reports())
def test_toml_round_trip(report: AnnualReport) -> None:
    """load(dump(report)) == report, in TOML."""
    assert loads_report(dumps_report(report)) == report


@given(consistent_reports())
def test_json_round_trip(report: AnnualReport) -> None:
    """load(dump(report)) == report, in JSON."""
    assert loads_report(dumps_report(report, format="json"), format="json") == report


@given(consistent_reports(), st.integers(1, 1000))
def test_a_total_off_by_any_amount_breaks_its_sum(report: AnnualReport, delta: int) -> None:
    """A stated total equals the sum of its stated parts: change it and the rule fires."""
    inv = report.investment
    if inv is None or inv.projects is None:
        return
    broken = attrs.evolve(
        report, investment=attrs.evolve(inv, projects=int(inv.projects.value) + delta)
    )
    assert [f.rule for f in check(broken, against_gazetteer=False)] == ["total.sum-of-parts"]


@given(consistent_reports(), st.integers(2, 30))
def test_a_percentage_off_by_two_printed_units_fails(report: AnnualReport, units: int) -> None:
    """A stated percentage matches the computed ratio to the precision it was printed with."""
    h = report.hamlets
    if h is None or h.percent is None:
        return
    step = h.percent.resolution
    moved = Figure(number=h.percent.number + units * step, unit=Unit.PERCENT)
    broken = attrs.evolve(report, hamlets=attrs.evolve(h, percent=moved))
    assert [f.rule for f in check(broken, against_gazetteer=False)] == ["percent.matches-ratio"]


@given(consistent_reports())
def test_hedging_a_stated_figure_in_the_true_direction_keeps_it_consistent(
    report: AnnualReport,
) -> None:
    """Hedged figures are compared in their direction only: 'hơn n-1' and 'gần n+1' agree with n."""
    inv = report.inspection
    if inv is None or inv.supervised is None:
        return
    n = inv.supervised.value
    for text in (f"hơn {max(n - 1, Decimal(0))}", f"gần {n + 1}", f"khoảng {n}"):
        changed = attrs.evolve(report, inspection=attrs.evolve(inv, supervised=text))
        assert check(changed, against_gazetteer=False) == []
