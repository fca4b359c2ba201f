"""Place, period and sources of a report (issue 13): the whole country, places the gazetteer
does not hold, periods printed without their year, several sources — each both ways."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from qcdc.errors import InputError
from qcdc.reports import (
    AnnualReport,
    CitedDocument,
    FigureTable,
    ReportSource,
    TableFigure,
    UndatedPeriod,
    UnitCounts,
    check,
    dumps_report,
    loads_report,
)

Cli = Callable[..., Any]
HEAD = 'period = "năm 2023"\ndate = 2023-12-20\n[source]\ndocument = "Báo cáo"\n'


def rules(report: AnnualReport, **kw: Any) -> list[tuple[str, str]]:
    return [(f.rule, f.severity.value) for f in check(report, **kw)]


# --- the whole country ---------------------------------------------------------------------


@pytest.mark.parametrize("written", ["toàn quốc", "Toàn quốc", "cả nước", "VN"])
def test_the_whole_country_is_a_place(written: str) -> None:
    report = loads_report(f'place = "{written}"\n' + HEAD)
    assert report.place == "VN" and report.is_country
    assert rules(report) == []


@pytest.mark.parametrize(("total", "found"), [(63, []), (64, ["units.total-matches-gazetteer"])])
def test_the_country_s_units_are_the_whole_official_list(total: int, found: list[str]) -> None:
    report = AnnualReport(
        place="toàn quốc",
        period="năm 2023",
        date=dt.date(2023, 12, 20),
        source="Báo cáo",
        units=[UnitCounts(level="province", total=total)],
    )
    assert [r for r, _ in rules(report)] == found


# --- a place the gazetteer does not hold ---------------------------------------------------


def test_a_named_place_the_list_does_not_hold_is_a_warning_never_an_error() -> None:
    report = loads_report('place = "xã A Sào (huyện Chư Păh)"\n' + HEAD)
    assert report.place == "xã A Sào (huyện Chư Păh)"
    assert rules(report) == [("place.not-in-gazetteer", "warning")]
    assert rules(report, against_gazetteer=False) == []
    before_the_list = loads_report(
        'place = "tỉnh Lâm Đồng"\nperiod = "năm 2018"\n[source]\ndocument = "x"\n'
    )
    [f] = check(before_the_list)
    assert f.rule == "place.not-in-gazetteer" and "no official unit list" in f.message


@pytest.mark.parametrize("delta", [0, 1])
def test_a_named_place_the_list_holds_is_checked_as_its_unit(delta: int) -> None:
    """'huyện Thanh Miện (tỉnh Hải Dương)' is one district on 2023-12-20: its units are
    checked against the official list as if its code had been written."""
    from qcdc.units.gazetteer import gazetteer

    on = dt.date(2023, 12, 20)
    [district] = gazetteer().find("huyện Thanh Miện", on=on).candidates[:1]
    official = gazetteer().count(on=on, level="commune", within=district.unit.code)
    report = AnnualReport(
        place="huyện Thanh Miện (tỉnh Hải Dương)",
        period="năm 2023",
        date=on,
        source="Báo cáo",
        units=[UnitCounts(level="commune", total=official + delta)],
    )
    found = [r for r, _ in rules(report)]
    assert found == ([] if delta == 0 else ["units.total-matches-gazetteer"])


def test_an_unknown_code_is_still_an_error_and_a_mistyped_code_still_refused() -> None:
    assert rules(loads_report('place = "99"\n' + HEAD)) == [("place.unknown", "error")]
    with pytest.raises(InputError, match="unit code"):
        loads_report('place = "1x"\n' + HEAD)


# --- a district report of 2025 without a date ---------------------------------------------


def test_a_district_report_of_2025_without_a_date_is_not_a_false_unknown_place() -> None:
    """Districts ended on 2025-07-01: a report for 2025 without a date speaks for the district
    while it existed; with an explicit date after that, the place is unknown on that date."""
    undated = AnnualReport(place="001", period="năm 2025", source="Báo cáo")
    assert rules(undated) == []
    dated = attrs.evolve(undated, date=dt.date(2025, 12, 20))
    assert rules(dated) == [("place.unknown", "error")]


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "start", "end"),
    [
        ("6 tháng đầu năm", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        ("8 tháng", dt.date(2024, 1, 1), dt.date(2024, 8, 31)),
        ("quý I", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("10 năm", dt.date(2015, 1, 1), dt.date(2024, 12, 31)),
        ("hơn 2 năm", dt.date(2023, 1, 1), dt.date(2024, 12, 31)),
    ],
)
def test_a_period_without_its_year_takes_the_report_date_s_and_says_so(
    printed: str, start: dt.date, end: dt.date
) -> None:
    text = f'place = "01"\nperiod = "{printed}"\ndate = 2024-12-10\n[source]\ndocument = "x"\n'
    report = loads_report(text)
    assert (report.period.start, report.period.end) == (start, end)
    assert report.period_printed == printed and report.year_from_date
    found = check(report, against_gazetteer=False)
    assert [f.rule for f in found] == ["period.year-from-date"]
    assert "2024" in found[0].message and printed in found[0].message
    assert loads_report(dumps_report(report)) == report
    assert loads_report(dumps_report(report, format="json"), format="json") == report


def test_a_period_without_its_year_and_without_a_date_is_an_undated_report() -> None:
    """No year guessed: the period keeps its text, the report has no date (test_undated.py)."""
    report = loads_report('place = "01"\nperiod = "6 tháng đầu năm"\n[source]\ndocument = "x"\n')
    assert report.is_undated and report.on is None and not report.year_from_date
    assert report.period == UndatedPeriod("6 tháng đầu năm")
    assert report.period_printed == "6 tháng đầu năm"
    assert [f.rule for f in check(report)] == ["period.undated"]


@pytest.mark.parametrize(
    ("printed", "start", "end"),
    [
        ("nhiệm kỳ 2020 – 2025", dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
        ("6 tháng đầu năm 2024", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
        ("quý I/2023", dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
        ("9 tháng năm 2024", dt.date(2024, 1, 1), dt.date(2024, 9, 30)),
    ],
)
def test_terms_half_years_quarters_and_months_with_their_year(
    printed: str, start: dt.date, end: dt.date
) -> None:
    report = loads_report(f'place = "01"\nperiod = "{printed}"\n[source]\ndocument = "x"\n')
    assert (report.period.start, report.period.end) == (start, end)
    assert not report.year_from_date


# --- several sources; a cited document's issuer -----------------------------------------------


SOURCES = """place = "01"
period = "năm 2023"
date = 2023-12-20

[[sources]]
id = "ddk"
document = "Báo Đại Đoàn Kết"
issuer = "Ủy ban Trung ương MTTQ Việt Nam"

[[sources]]
id = "portal"
document = "Cổng thông tin tỉnh"
confidence = "sure"

[[documents]]
number = "30-CT/TW"
issuer = "Ban Chấp hành Trung ương"

[[table.figures]]
id = "a"
label = "vụ việc"
value = 10
source = "portal"
"""


def test_several_sources_and_a_source_per_figure() -> None:
    report = loads_report(SOURCES)
    assert [s.id for s in report.sources] == ["ddk", "portal"]
    assert report.source.document == "Báo Đại Đoàn Kết"  # the first, when [source] is left out
    assert report.table is not None and report.table["a"].source == "portal"
    assert report.documents[0].issuer == "Ban Chấp hành Trung ương"
    for fmt in ("toml", "json"):
        assert loads_report(dumps_report(report, format=fmt), format=fmt) == report


def test_a_figure_must_name_a_listed_source() -> None:
    with pytest.raises(InputError, match="not in sources") as info:
        loads_report(SOURCES.replace('source = "portal"', 'source = "tv"'))
    assert "table.figures" in (info.value.field or "")
    with pytest.raises(InputError, match="used twice"):
        AnnualReport(
            place="01",
            period=2023,
            source="x",
            sources=[ReportSource(id="a", document="x"), ReportSource(id="a", document="y")],
        )


def test_without_source_and_sources_the_report_is_refused() -> None:
    with pytest.raises(InputError, match="needs 'source'"):
        loads_report('place = "01"\nperiod = "năm 2023"\n')


def test_a_cited_document_keeps_its_issuer() -> None:
    doc = CitedDocument(number="04-CTr/TU", issuer="Thành ủy Hà Nội")
    assert doc.to_dict() == {"number": "04-CTr/TU", "issuer": "Thành ủy Hà Nội"}


# --- the JSON output of qcdc report is input to qcdc check, with a table -------------------


def test_the_json_output_of_a_table_report_is_a_report_file_again(tmp_path: Path, cli: Cli) -> None:
    report = loads_report(SOURCES)
    report = attrs.evolve(
        report,
        table=FigureTable(
            figures=[
                *(report.table.figures if report.table else ()),
                TableFigure(id="b", label="giải quyết", value=7),
                TableFigure(id="p", label="tỷ lệ", value="70", unit="%"),
            ],
            relations=[],
        ),
    )
    path = tmp_path / "r.toml"
    path.write_text(dumps_report(report), encoding="utf-8")
    first = cli("report", str(path), "--format", "json", "--to", "2026-01-01")
    out = tmp_path / "out.json"
    out.write_text(first.out, encoding="utf-8")
    again = cli("check", str(out), "--format", "json", "--all")
    assert again.status == first.status == 0
    assert loads_report(first.out, format="json") == report
    assert json.loads(again.out)["checks"] == json.loads(first.out)["checks"]
