"""Static checks of the public API's types: mypy reads this file (it is never run).

``.ci/run`` runs ``mypy --strict typing_tests``: a change of a public signature that
users' type checkers would notice fails here first.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from typing_extensions import assert_type

import qcdc
from qcdc.dates import Period, parse_period
from qcdc.directives import DocumentNumber
from qcdc.inspection import CaseTally
from qcdc.reports import AnnualReport, ReportSeries, UndatedPeriod
from qcdc.units import AdministrativeUnit, Crosswalk, UnitLevel, UnitList
from qcdc.units.gazetteer import Gazetteer, Resolution
from qcdc.units.lineage import Projection

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def check(on: dt.date, to: dt.date) -> None:
    g = qcdc.gazetteer()
    assert_type(g, Gazetteer)
    assert_type(g.get("00001", on=on), AdministrativeUnit | None)
    assert_type(g.lookup("00001", on=on), AdministrativeUnit)
    assert_type(g.count(on=on, level=UnitLevel.COMMUNE, within="01"), int)
    assert_type(g.find("phuong phuc xa", on=on), Resolution)
    assert_type(g.project("00001", on=on, to=to), Projection)
    assert_type(g.convert(["00001"], on=on, to=to), list[str | None])
    assert_type(g.convert(["00001"], on=on, to=to, on_split="all"), list[tuple[str, ...]])
    assert_type(g.ancestors("00001", on=on), UnitList)
    assert_type(g.units(on=on, within="01"), UnitList)
    assert_type(g.crosswalk(on=on, to=to), Crosswalk)
    # the collections stay what they were: a tuple of units, a list of rows
    chain: tuple[AdministrativeUnit, ...] = g.ancestors("00001", on=on)
    rows: list[qcdc.units.CrosswalkRow] = g.crosswalk(on=on, to=to)
    assert_type(chain[0], AdministrativeUnit)
    assert_type(rows[0].source, str)
    assert_type(DocumentNumber.parse("2200-QĐ/TU").number, int)
    assert_type(parse_period("năm 2021"), Period)
    assert_type(CaseTally(supervised=4956).supervised, int | None)


def check_reports(report: AnnualReport, series: ReportSeries) -> None:
    # an undated report has no date: users narrow before reading period.start
    assert_type(report.on, dt.date | None)
    assert_type(report.period, Period | UndatedPeriod)
    assert_type(report.dated(), tuple[Period, dt.date])
    assert_type(series.plot("hamlets.after"), Axes)
