"""Invariants of annual reports and their checker (qcdc.reports)."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc.numbers import Figure, Unit
from qcdc.reports import (
    AnnualReport,
    FigureTable,
    Relation,
    TableFigure,
    check,
    dumps_report,
    loads_report,
)
from qcdc.reports._strategies import (
    consistent_reports,
    consistent_tables,
    figure_tables,
    reports_with_tables,
    undated_reports,
)


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
    """Hedged figures are compared in their direction only: 'hơn n-1' and 'gần n+1' agree with n
    ('gần' is near: n+1 only where n is within 10 % below it, n ≥ 9)."""
    inv = report.inspection
    if inv is None or inv.supervised is None:
        return
    n = inv.supervised.value
    texts = [f"hơn {max(n - 1, Decimal(0))}", f"khoảng {n}"]
    if n >= 9:
        texts.append(f"gần {n + 1}")
    for text in texts:
        changed = attrs.evolve(report, inspection=attrs.evolve(inv, supervised=text))
        assert check(changed, against_gazetteer=False) == []


# --- the figure table, places and periods of issue 13 ---------------------------------------


@settings(max_examples=60)
@given(st.one_of(reports_with_tables(), undated_reports()))
def test_toml_json_python_are_lossless_with_a_table(report: AnnualReport) -> None:
    """TOML → Python → JSON → Python → TOML: the same report, and the same text (undated
    reports included: no date, a period without its year or none)."""
    toml = dumps_report(report)
    from_toml = loads_report(toml)
    assert from_toml == report
    json_text = dumps_report(from_toml, format="json")
    from_json = loads_report(json_text, format="json")
    assert from_json == report
    assert dumps_report(from_json) == toml
    assert (
        AnnualReport(**{a.name: getattr(report, a.name) for a in attrs.fields(AnnualReport)})
        == report
    )


@settings(max_examples=60)
@given(
    st.one_of(reports_with_tables(tables=figure_tables()), undated_reports(tables=figure_tables()))
)
def test_any_figure_table_round_trips(report: AnnualReport) -> None:
    for fmt in ("toml", "json"):
        assert loads_report(dumps_report(report, format=fmt), format=fmt) == report


@given(consistent_tables())
def test_a_consistent_table_has_no_finding(table: FigureTable) -> None:
    """Sums, partial sums, changes in either direction, percentages, plans, levels."""
    report = AnnualReport(place="01", period=2023, source="x", table=table)
    assert check(report, against_gazetteer=False) == []


@given(consistent_tables(), st.integers(1, 1000))
def test_a_whole_off_by_any_amount_breaks_its_complete_sum(table: FigureTable, delta: int) -> None:
    sums = [r for r in table.relations if r.kind.value == "sum" and r.whole is not None]
    if not sums or table[sums[0].whole or ""].unit != "vụ việc":
        return
    whole = table[sums[0].whole or ""]
    moved = TableFigure(
        id=whole.id, label=whole.label, value=int(whole.number) + delta, unit="vụ việc"
    )
    figures = [moved if f.id == whole.id else f for f in table.figures]
    report = AnnualReport(
        place="01",
        period=2023,
        source="x",
        table=FigureTable(figures=figures, relations=[sums[0]]),
    )
    assert [f.rule for f in check(report, against_gazetteer=False)] == ["table.sum-of-parts"]


@given(st.integers(1, 10**5), st.integers(0, 10**5))
def test_a_change_in_the_wrong_direction_fails(before: int, after: int) -> None:
    if before == after:
        return
    wrong = "decrease" if after > before else "increase"
    table = FigureTable(
        figures=[
            TableFigure(id="b", label="b", value=before),
            TableFigure(id="a", label="a", value=after),
            TableFigure(id="c", label="c", value=abs(after - before)),
        ],
        relations=[Relation(kind="change", before="b", after="a", change="c", direction=wrong)],
    )
    report = AnnualReport(place="01", period=2023, source="x", table=table)
    assert [f.rule for f in check(report, against_gazetteer=False)] == ["table.before-after"]
