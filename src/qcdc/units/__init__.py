"""Administrative units through time: the units, the gazetteer that answers for any date,
and the lineage that carries a unit of one date to the units of another.

The embedded gazetteer is :func:`qcdc.gazetteer` (or :meth:`Gazetteer.embedded`);
``qcdc.units.gazetteer`` is the module that defines :class:`Gazetteer`.
"""

from __future__ import annotations

from qcdc.units._audit import (
    AuditResult,
    Difference,
    Explanation,
    ListedUnit,
    audit_list,
    read_list,
)
from qcdc.units._collections import ActList, Crosswalk, History, UnitList
from qcdc.units.acts import LegalAct
from qcdc.units.gazetteer import (
    Candidate,
    Gazetteer,
    GazetteerLike,
    Resolution,
)
from qcdc.units.lineage import (
    CrosswalkRow,
    Diff,
    EventKind,
    LineageEvent,
    LineageLink,
    PlaceProjection,
    Projection,
    Status,
    Target,
    VintageGuess,
    group_events,
)
from qcdc.units.model import (
    AdministrativeUnit,
    UnitCode,
    UnitKind,
    UnitLevel,
    level_of_code,
    unit_code,
)
from qcdc.units.rebasing import Contribution, Rebased, RebasedRow, rebase

__all__ = [
    "ActList",
    "AdministrativeUnit",
    "AuditResult",
    "Candidate",
    "Contribution",
    "Crosswalk",
    "CrosswalkRow",
    "Diff",
    "Difference",
    "EventKind",
    "Explanation",
    "Gazetteer",
    "GazetteerLike",
    "History",
    "LegalAct",
    "LineageEvent",
    "LineageLink",
    "ListedUnit",
    "PlaceProjection",
    "Projection",
    "Rebased",
    "RebasedRow",
    "Resolution",
    "Status",
    "Target",
    "UnitCode",
    "UnitKind",
    "UnitLevel",
    "UnitList",
    "VintageGuess",
    "audit_list",
    "group_events",
    "level_of_code",
    "read_list",
    "rebase",
    "unit_code",
]

from qcdc._hypothesis_plugin import register_loaded as _register_with_hypothesis

_register_with_hypothesis()
