"""Undated reports: a period printed without its year, or none, and no date (issue 13 §3).

No year is guessed: ``report.period`` is an :class:`~qcdc.reports.UndatedPeriod`,
``report.on`` is ``None``; the rules that need no date run as usual and the others are
named in one warning, ``period.undated``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc.dates import Period
from qcdc.errors import InputError
from qcdc.findings import Severity
from qcdc.reports import (
    RULES,
    AnnualReport,
    CitedDocument,
    FigureTable,
    InspectionFigures,
    Relation,
    ReportSeries,
    ReportTask,
    TableFigure,
    UndatedPeriod,
    UnitCounts,
    check,
    compare,
    dumps_report,
    json_schema,
    load_report,
    loads_report,
    run_checks,
)
from qcdc.reports._strategies import figure_tables, reports_with_tables, undated_reports
from qcdc.reports.render import render
from qcdc.units import UnitKind, UnitLevel

REAL = Path(__file__).parent.parent / "data" / "real" / "reports"
Cli = Callable[..., Any]
TEXT = 'place = "tỉnh Hải Dương"\nperiod = "6 tháng đầu năm"\n[source]\ndocument = "x"\n'

# the rules that need a date; every other rule of RULES needs none
DATED_RULES = {
    "place.unknown",
    "place.not-in-gazetteer",
    "units.total-matches-gazetteer",
    "units.count-by-kind",
    "coverage.denominator-matches-units",
    "gazetteer.not-covered",
    "document.year-after-report",
    "document.date-after-report",
    "period.report-before-period",
    "period.year-from-date",
    "task.due-before-report",
}


def _undated(**kwargs: Any) -> AnnualReport:
    base: dict[str, Any] = {"place": "tỉnh Hải Dương", "period": "6 tháng đầu năm", "source": "x"}
    base.update(kwargs)
    return AnnualReport(**base)


# --- the model ------------------------------------------------------------------------


def test_an_undated_report_keeps_its_text_and_has_no_date() -> None:
    report = loads_report(TEXT)
    assert report.is_undated and not report.year_from_date
    assert report.period == UndatedPeriod("6 tháng đầu năm")
    assert report.period_printed == "6 tháng đầu năm"
    assert report.on is None and report.date is None
    assert str(report.period) == "6 tháng đầu năm (undated)"
    assert report.period.vietnamese == "6 tháng đầu năm — không rõ năm"


def test_a_report_that_prints_neither_period_nor_date_is_undated() -> None:
    report = loads_report('place = "01"\n[source]\ndocument = "x"\n')
    assert report.period == UndatedPeriod() and report.period_printed is None
    assert str(report.period) == "undated" and report.period.vietnamese == "không rõ thời gian"
    assert AnnualReport(place="01", period=None, source=report.source) == report


def test_a_date_gives_the_undated_period_its_year() -> None:
    dated = attrs.evolve(_undated(), date=dt.date(2024, 7, 15))
    assert dated.period == Period.first_months(2024, 6) and not dated.is_undated
    assert dated.year_from_date and dated.on == dt.date(2024, 7, 15)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period": None, "date": dt.date(2024, 1, 1)}, "has a date but no period"),
        ({"period": UndatedPeriod(), "date": dt.date(2024, 1, 1)}, "has a date but no period"),
        ({"period": UndatedPeriod("8 tháng"), "period_printed": "9 tháng"}, "is not the undated"),
    ],
)
def test_what_an_undated_report_cannot_be(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        _undated(**kwargs)
    assert info.value.field == "period"


@pytest.mark.parametrize(
    ("printed", "message"),
    [("năm 2021", "has its year"), ("Đến nay", "not a period qcdc reads"), ("quý 5", "not a")],
)
def test_an_undated_period_is_a_period_that_lacks_only_its_year(printed: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        UndatedPeriod(printed)


def test_dated_gives_period_and_date_or_says_the_report_is_undated() -> None:
    dated = _undated(date=dt.date(2024, 7, 15))
    assert dated.dated() == (Period.first_months(2024, 6), dt.date(2024, 7, 15))
    with pytest.raises(InputError, match="undated") as info:
        _undated().dated("first")
    assert info.value.field == "first" and "6 tháng đầu năm (undated)" in str(info.value)


def test_a_date_without_a_period_in_a_file_is_an_error() -> None:
    with pytest.raises(InputError, match="needs 'period'") as info:
        loads_report('place = "01"\ndate = 2024-07-15\n[source]\ndocument = "x"\n')
    assert info.value.field == "period"


# --- the rule period.undated, both ways --------------------------------------------------


def test_period_undated_fires_once_on_an_undated_report_and_names_what_was_skipped() -> None:
    report = _undated(
        units=[UnitCounts(level=UnitLevel.COMMUNE, total=3, by_kind={UnitKind.COMMUNE: 3})],
        documents=[CitedDocument(number="15/2023/QĐ-UBND", issued=dt.date(2023, 1, 2))],
        tasks=[ReportTask(text="Nhiệm vụ", due=dt.date(2020, 1, 1))],
    )
    for against in (True, False):
        found = check(report, against_gazetteer=against)
        assert [(f.rule, f.severity, f.path) for f in found] == [
            ("period.undated", Severity.WARNING, "period")
        ]
    message = check(report)[0].message
    for skipped in ("official unit list", "unit counts (commune)", "documents' years", "deadlines"):
        assert skipped in message
    assert "'6 tháng đầu năm' is printed without its year" in message
    offline = check(report, against_gazetteer=False)[0]
    assert "official unit list" not in offline.message
    assert "prints no period" in check(_undated(period=None))[0].message


def test_period_undated_does_not_fire_on_a_dated_report() -> None:
    dated = _undated(date=dt.date(2024, 7, 15))
    assert "period.undated" not in {f.rule for f in check(dated, against_gazetteer=False)}
    assert [f.rule for f in check(dated, against_gazetteer=False)] == ["period.year-from-date"]
    plain = AnnualReport(place="01", period="năm 2021", source="x")
    assert check(plain, against_gazetteer=False) == []


def test_the_rules_that_need_no_date_still_fire_on_an_undated_report() -> None:
    table = FigureTable(
        figures=[
            TableFigure(id="f1", label="whole", value="10"),
            TableFigure(id="f2", label="part", value="4"),
            TableFigure(id="f3", label="part", value="5"),
        ],
        relations=[Relation(kind="sum", whole="f1", parts=["f2", "f3"])],
    )
    report = _undated(
        table=table,
        inspection=InspectionFigures(supervised=10, violations=12),
        units=[UnitCounts(level=UnitLevel.COMMUNE, total=4, by_kind={UnitKind.COMMUNE: 3})],
        documents=[CitedDocument(number="04-CTr//TU")],
    )
    rules = [f.rule for f in check(report)]
    assert rules.count("period.undated") == 1
    assert set(rules) == {
        "period.undated",
        "table.sum-of-parts",
        "tally.violations-le-supervised",
        "total.sum-of-parts",
        "document.unparsable",
    }


def test_period_undated_is_a_rule_of_the_catalogue() -> None:
    rule = {r.id: r for r in RULES}["period.undated"]
    assert rule.severity is Severity.WARNING and rule.label


# --- properties -------------------------------------------------------------------------


@settings(max_examples=60)
@given(undated_reports())
def test_undated_reports_round_trip_toml_json_python(report: AnnualReport) -> None:
    """TOML → Python → JSON → Python → TOML: the same undated report, and the same text."""
    assert report.is_undated and report.on is None
    toml = dumps_report(report)
    assert loads_report(toml) == report
    json_text = dumps_report(report, format="json")
    from_json = loads_report(json_text, format="json")
    assert from_json == report and dumps_report(from_json) == toml
    fields = {a.name: getattr(report, a.name) for a in attrs.fields(AnnualReport)}
    assert AnnualReport(**fields) == report


@settings(max_examples=40)
@given(undated_reports(), st.booleans())
def test_a_consistent_undated_report_has_exactly_the_undated_warning(
    report: AnnualReport, against: bool
) -> None:
    """Every date-free rule holds on a consistent report; the dated ones are one warning."""
    assert [f.rule for f in check(report, against_gazetteer=against)] == ["period.undated"]


@settings(max_examples=60)
@given(reports_with_tables(tables=figure_tables()), st.sampled_from([None, "8 tháng", "5 năm"]))
def test_undating_a_report_keeps_every_date_free_finding(
    report: AnnualReport, printed: str | None
) -> None:
    """The findings of the rules that need no date are the same, dated or undated."""
    undated = attrs.evolve(report, period=UndatedPeriod(printed), date=None, period_printed=None)
    dated_free = [f for f in check(report, against_gazetteer=False) if f.rule not in DATED_RULES]
    found = check(undated, against_gazetteer=False)
    assert [f.rule for f in found if f.rule == "period.undated"] == ["period.undated"]
    assert [f for f in found if f.rule != "period.undated"] == dated_free


@settings(max_examples=30)
@given(undated_reports())
def test_an_undated_report_is_refused_by_compare_and_series(report: AnnualReport) -> None:
    """Never a crash: a clear InputError naming which report is undated."""
    with pytest.raises(InputError, match="undated") as info:
        compare(report, report, against_gazetteer=False)
    assert info.value.field == "first"
    dated = attrs.evolve(report, period=Period.for_year(2023), period_printed=None)
    with pytest.raises(InputError, match="undated") as info:
        compare(dated, report, against_gazetteer=False)
    assert info.value.field == "second"
    with pytest.raises(InputError, match="undated") as info:
        ReportSeries([dated, report])
    assert info.value.field == "reports[1]"


# --- rendering, JSON, the command line -------------------------------------------------


def test_rendering_says_undated() -> None:
    report = load_report(REAL / "rp-026.toml")
    checks = run_checks(report)
    findings = [c.finding for c in checks if c.finding is not None]
    table = render(report, findings, checks=checks)
    assert (
        "Period  6 tháng đầu năm — không rõ năm (undated): no year printed, no report date" in table
    )
    assert "[period.undated]" in table
    md = render(report, findings, fmt="markdown", checks=checks)
    assert "- **Period:** 6 tháng đầu năm — không rõ năm (undated)" in md
    assert "không rõ năm" in report._repr_html_()
    data = json.loads(render(report, findings, fmt="json", checks=checks))
    assert data["report_date"] is None and data["undated"] is True
    assert loads_report(json.dumps(data), format="json") == report


def test_the_rendered_json_of_an_undated_report_must_say_so() -> None:
    report = load_report(REAL / "rp-007.toml")
    data = json.loads(render(report, check(report), fmt="json"))
    assert "period" not in data and data["report_date"] is None
    with pytest.raises(InputError, match="must be null") as info:
        loads_report(json.dumps({**data, "report_date": "2024-01-01"}), format="json")
    assert info.value.field == "report_date"
    with pytest.raises(InputError, match="must be true") as info:
        loads_report(json.dumps({**data, "undated": False}), format="json")
    assert info.value.field == "undated"
    hanoi = json.loads(render(load_report(REAL / "rp-065.toml"), [], fmt="json"))
    with pytest.raises(InputError, match="must be false"):
        loads_report(json.dumps({**hanoi, "undated": True}), format="json")


def test_the_schema_allows_an_undated_report() -> None:
    schema = json_schema()
    assert schema["required"] == ["place"]
    assert schema["dependentRequired"] == {"date": ["period"]}
    assert {"type": "null"} in schema["properties"]["report_date"]["anyOf"]


def test_qcdc_check_and_report_work_on_an_undated_report(cli: Cli) -> None:
    path = str(REAL / "rp-026.toml")
    r = cli("check", path)
    assert r.status == 0, r.err
    assert "warning: [period.undated] period" in r.out
    assert "[table.percent-truncated]" in r.out
    r = cli("report", path, "--format", "json")
    assert r.status == 0, r.err
    data = json.loads(r.out)
    assert data["undated"] is True and data["report_date"] is None and "today" not in data
    r = cli("report", str(REAL / "rp-032.toml"))
    assert r.status == 0, r.err
    assert "không rõ thời gian (undated)" in r.out
    r = cli("check", str(REAL / "rp-032.toml"), "--all", "--format", "markdown")
    assert r.status == 0 and "period.undated" in r.out


def test_qcdc_report_compare_refuses_an_undated_report(cli: Cli) -> None:
    r = cli("report", "compare", str(REAL / "rp-026.toml"), str(REAL / "rp-065.toml"))
    assert r.status == 2
    assert "undated" in r.err
