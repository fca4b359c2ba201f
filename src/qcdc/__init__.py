"""qcdc — Vietnam's grassroots-democracy administration as typed Python.

Administrative units through time (:func:`gazetteer`), hamlets and their
mergers, People's Inspection Boards, directives and tasks, and the annual
reports that tie them together.

>>> import datetime as dt, qcdc
>>> qcdc.gazetteer().count(on=dt.date(2025, 7, 1), level="commune", within="01")
126
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are imported on first use (see __getattr__)
    from qcdc.dates import Period, parse_date, parse_period
    from qcdc.directives import DocumentNumber, find_document_numbers
    from qcdc.errors import (
        AmbiguousUnit,
        IllegalTransition,
        InputError,
        InvalidUnitCode,
        OutOfCoverage,
        QcdcError,
        SplitConversion,
        UnknownUnit,
        ValidationFailed,
    )
    from qcdc.findings import Finding, Severity
    from qcdc.hamlets import Community, HamletRegistry, MergerPlan, summarize
    from qcdc.inspection import CaseTally, InspectionBoard, InspectionCase
    from qcdc.numbers import Figure, parse_figure
    from qcdc.reports import AnnualReport, load_report
    from qcdc.units import (
        AdministrativeUnit,
        EventKind,
        Gazetteer,
        LineageEvent,
        LineageLink,
        Projection,
        UnitKind,
        UnitLevel,
    )
    from qcdc.units.gazetteer import gazetteer
    from qcdc.units.rebasing import rebase

__version__ = "0.1.0.dev0"

# name -> module: every name loads on first use, so that `import qcdc` costs next to
# nothing (a service that needs only the gazetteer pays for the gazetteer alone, and
# hypothesis' entry point, which imports qcdc, pays for nothing)
_LAZY = {
    **dict.fromkeys(
        (
            "AmbiguousUnit",
            "IllegalTransition",
            "InputError",
            "InvalidUnitCode",
            "OutOfCoverage",
            "QcdcError",
            "SplitConversion",
            "UnknownUnit",
            "ValidationFailed",
        ),
        "qcdc.errors",
    ),
    "Finding": "qcdc.findings",
    "Severity": "qcdc.findings",
    **dict.fromkeys(
        (
            "AdministrativeUnit",
            "EventKind",
            "Gazetteer",
            "LineageEvent",
            "LineageLink",
            "Projection",
            "UnitKind",
            "UnitLevel",
        ),
        "qcdc.units",
    ),
    "gazetteer": "qcdc.units.gazetteer",
    "rebase": "qcdc.units.rebasing",
    "Period": "qcdc.dates",
    "parse_date": "qcdc.dates",
    "parse_period": "qcdc.dates",
    "DocumentNumber": "qcdc.directives",
    "find_document_numbers": "qcdc.directives",
    "Community": "qcdc.hamlets",
    "HamletRegistry": "qcdc.hamlets",
    "MergerPlan": "qcdc.hamlets",
    "summarize": "qcdc.hamlets",
    "CaseTally": "qcdc.inspection",
    "InspectionBoard": "qcdc.inspection",
    "InspectionCase": "qcdc.inspection",
    "Figure": "qcdc.numbers",
    "parse_figure": "qcdc.numbers",
    "AnnualReport": "qcdc.reports",
    "load_report": "qcdc.reports",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qcdc' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "AdministrativeUnit",
    "AmbiguousUnit",
    "AnnualReport",
    "CaseTally",
    "Community",
    "DocumentNumber",
    "EventKind",
    "Figure",
    "Finding",
    "Gazetteer",
    "HamletRegistry",
    "IllegalTransition",
    "InputError",
    "InspectionBoard",
    "InspectionCase",
    "InvalidUnitCode",
    "LineageEvent",
    "LineageLink",
    "MergerPlan",
    "OutOfCoverage",
    "Period",
    "Projection",
    "QcdcError",
    "Severity",
    "SplitConversion",
    "UnitKind",
    "UnitLevel",
    "UnknownUnit",
    "ValidationFailed",
    "__version__",
    "find_document_numbers",
    "gazetteer",
    "load_report",
    "parse_date",
    "parse_figure",
    "parse_period",
    "rebase",
    "summarize",
]
