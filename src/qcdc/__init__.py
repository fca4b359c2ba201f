"""qcdc — Vietnam's grassroots-democracy administration as typed Python.

Administrative units through time (:func:`gazetteer`), hamlets and their
mergers, People's Inspection Boards, directives and tasks, and the annual
reports that tie them together.

>>> import datetime as dt, qcdc
>>> qcdc.gazetteer().count(on=dt.date(2025, 7, 1), level="commune", within="01")
126
"""

from __future__ import annotations

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
from qcdc.gazetteer import Gazetteer, gazetteer
from qcdc.lineage import EventKind, LineageEvent, LineageLink, Projection
from qcdc.units import AdministrativeUnit, UnitKind, UnitLevel

__version__ = "0.1.0.dev0"

__all__ = [
    "AdministrativeUnit",
    "AmbiguousUnit",
    "EventKind",
    "Finding",
    "Gazetteer",
    "IllegalTransition",
    "InputError",
    "InvalidUnitCode",
    "LineageEvent",
    "LineageLink",
    "OutOfCoverage",
    "Projection",
    "QcdcError",
    "Severity",
    "SplitConversion",
    "UnitKind",
    "UnitLevel",
    "UnknownUnit",
    "ValidationFailed",
    "__version__",
    "gazetteer",
]
