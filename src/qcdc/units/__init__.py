"""Administrative units through time: the units, the gazetteer that answers for any date,
and the lineage that carries a unit of one date to the units of another.

The embedded gazetteer is :func:`qcdc.gazetteer` (or :meth:`Gazetteer.embedded`);
``qcdc.units.gazetteer`` is the module that defines :class:`Gazetteer`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names below are imported on first use (see __getattr__)
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
    from qcdc.units.gazetteer import Gazetteer, GazetteerLike
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
    from qcdc.units.search import Candidate, Resolution

# name -> module: each name loads its module on first use, so that the gazetteer's first
# lookup imports the gazetteer and the unit model alone (not the lineage, the rebasing, the
# audit of lists); each of those modules registers its types with hypothesis itself
_LAZY = {
    **dict.fromkeys(
        (
            "AuditResult",
            "Difference",
            "Explanation",
            "ListedUnit",
            "audit_list",
            "read_list",
        ),
        "qcdc.units._audit",
    ),
    **dict.fromkeys(("ActList", "Crosswalk", "History", "UnitList"), "qcdc.units._collections"),
    "LegalAct": "qcdc.units.acts",
    **dict.fromkeys(
        (
            "Gazetteer",
            "GazetteerLike",
        ),
        "qcdc.units.gazetteer",
    ),
    "Candidate": "qcdc.units.search",
    "Resolution": "qcdc.units.search",
    **dict.fromkeys(
        (
            "CrosswalkRow",
            "Diff",
            "EventKind",
            "LineageEvent",
            "LineageLink",
            "PlaceProjection",
            "Projection",
            "Status",
            "Target",
            "VintageGuess",
            "group_events",
        ),
        "qcdc.units.lineage",
    ),
    **dict.fromkeys(
        (
            "AdministrativeUnit",
            "UnitCode",
            "UnitKind",
            "UnitLevel",
            "level_of_code",
            "unit_code",
        ),
        "qcdc.units.model",
    ),
    **dict.fromkeys(
        (
            "Contribution",
            "Rebased",
            "RebasedRow",
            "rebase",
        ),
        "qcdc.units.rebasing",
    ),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qcdc.units' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
