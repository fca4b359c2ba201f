"""Building reports and sections, and the errors of what does not fit (qcdc.reports.model,
qcdc.reports.sections, qcdc.reports.figures)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qcdc.citations import Confidence
from qcdc.dates import Period
from qcdc.errors import InputError, InvalidNumber
from qcdc.numbers import Hedge, Unit, parse_figure
from qcdc.reports import (
    AnnualReport,
    HamletReorganisation,
    InspectionFigures,
    OnlineServices,
    ReportTask,
    UnitCounts,
    run_checks,
)

DATA = Path(__file__).parent.parent / "data" / "reports"
Bare = Callable[..., AnnualReport]


# =====================================================================================
# building reports, and their errors
# =====================================================================================


def test_figures_fit_their_metric() -> None:
    section = InspectionFigures(supervised="4.956", recovered_money="khoảng 300 triệu đồng")
    assert section.supervised is not None and section.supervised.unit is Unit.CASE
    assert section.recovered_money is not None and section.recovered_money.hedge is Hedge.ABOUT
    assert HamletReorganisation(percent=32).percent == parse_figure("32%")
    assert HamletReorganisation(percent=32.3).percent == parse_figure("32,3%")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"supervised": "32%"}, "not a percentage"),
        ({"supervised": "579/579"}, "not a ratio"),
        ({"supervised": "4,5"}, "whole number"),
        ({"supervised": "4.956 hộ"}, "counted in"),
        ({"resolved_percent": "4.956"}, None),
        ({"resolved_percent": "579/579"}, "percentage"),
        ({"supervised": True}, "number or text"),
        ({"supervised": -1}, ">= 0"),
        ({"supervised": {"a": 1}}, "a figure must be"),
        ({"supervised": ["a", 1]}, "two whole numbers"),
    ],
)
def test_a_figure_that_does_not_fit_is_refused(kwargs: dict[str, Any], message: str | None) -> None:
    if message is None:
        assert InspectionFigures(**kwargs).resolved_percent == parse_figure("4.956%")
        return
    with pytest.raises(InputError, match=message):
        InspectionFigures(**kwargs)


def test_a_ratio_is_required_for_coverage() -> None:
    with pytest.raises(InputError, match="ratio"):
        OnlineServices(coverage=579)
    with pytest.raises(InputError, match="1 to 4"):
        OnlineServices(service_levels=[5])


def test_unit_counts_validate_kinds_and_levels() -> None:
    with pytest.raises(InputError, match="cannot be counted among commune-level"):
        UnitCounts(level="commune", by_kind={"huyện": 3})
    with pytest.raises(InputError, match="listed twice"):
        UnitCounts(level="commune", by_kind=[("xã", 1), ("XÃ", 2)])
    with pytest.raises(InputError, match="kind must be"):
        UnitCounts(level="commune", by_kind={"làng": 1})
    with pytest.raises(InputError, match="level must be"):
        UnitCounts(level="hamlet")
    with pytest.raises(InputError, match="counted in"):
        UnitCounts(level="commune", by_kind={"xã": "3 phường"})
    with pytest.raises(InputError, match="missing"):
        UnitCounts(level="commune", by_kind={"xã": None})
    with pytest.raises(InputError, match="expected a number"):
        UnitCounts(level="commune", by_kind={"xã": "vài"})  # "a few": no number
    # a number in words is a number (issue 13): "ba" is 3
    assert UnitCounts(level="commune", by_kind={"xã": "ba"}) == UnitCounts(
        level="commune", by_kind={"xã": 3}
    )


def test_report_fields_are_validated(bare: Bare) -> None:
    with pytest.raises(InputError, match="unit code"):
        bare(place="1a")
    with pytest.raises(InputError, match="counted twice"):
        bare(units=[UnitCounts(level="commune"), UnitCounts(level="commune")])
    with pytest.raises(InputError, match="UnitCounts"):
        bare(units=["579"])
    with pytest.raises(InputError, match="CitedDocument"):
        bare(documents=["04-CTr/TU"])
    with pytest.raises(InputError, match="ReportTask"):
        bare(tasks=["x"])
    with pytest.raises(InputError, match="needs its text"):
        ReportTask(text="  ")
    with pytest.raises(InputError, match="period must be"):
        bare(period=[2021])
    with pytest.raises(InputError, match="source must be"):
        bare(source=3)
    with pytest.raises(InputError, match="expected text"):
        bare(title=3)
    with pytest.raises(InputError, match="expected a date"):
        bare(date=20211217)
    with pytest.raises(InputError, match="confidence must be"):
        HamletReorganisation(confidence="very")
    with pytest.raises(InputError, match="AnnualReport"):
        run_checks("report")  # type: ignore[arg-type]


def test_report_conveniences(bare: Bare) -> None:
    r = bare(
        period=2021,
        source="an article",
        themes="Dân vận khéo",
        units={"c": UnitCounts(level="commune", total=1)},
        date=dt.datetime(2021, 12, 17, 15, 0),
    )
    assert r.period == Period.for_year(2021)
    assert r.source.confidence is Confidence.UNVERIFIED
    assert r.themes == ("Dân vận khéo",)
    assert r.date == dt.date(2021, 12, 17)
    assert r.unit_counts("district") is None
    assert [p for p, _, _ in r.figures()] == ["units.commune.total"]
    assert r.check(against_gazetteer=False) == []


def test_invalid_number_inside_a_section_is_an_input_error() -> None:
    with pytest.raises(InvalidNumber):
        InspectionFigures(supervised="4.95")


def test_the_type_hints_of_every_class_resolve() -> None:
    """hypothesis' ``st.builds`` and cattrs read them with ``typing.get_type_hints``."""
    import typing

    from qcdc.reports import CitedDocument
    from qcdc.reports.sections import _SECTION_TYPES

    for cls in (*_SECTION_TYPES, UnitCounts, AnnualReport, CitedDocument, ReportTask):
        assert "note" in typing.get_type_hints(cls) or cls is ReportTask
