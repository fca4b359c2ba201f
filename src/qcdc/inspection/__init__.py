"""People's Inspection Boards (Ban Thanh tra nhân dân) and Community Investment Supervision
Boards: boards and their rules, cases and their lifecycle, deadlines, tallies and roll-ups.

One module per concept: ``kinds`` (where a board sits, roles, terrain, constituencies),
``boards`` (the boards and their members), ``board_rules`` (the rules a board is checked
against and the shipped rulebook), ``lifecycle`` (a case's states and transitions),
``cases`` (cases and recommendations), ``deadlines`` (response deadlines, overdue cases),
``tallies`` (the yearly figures, tallies of case records — as objects, or as a pandas,
polars or Arrow table with ``tally_table``, or a CSV file
of any size with ``read_case_tallies``) and ``rollup`` (tallies carried through the
lineage and up the unit hierarchy).  Import the names from here.
"""

from __future__ import annotations

from qcdc.inspection.board_rules import (
    DEFAULT_BOARD_RULES,
    BoardRule,
    BoardRulebook,
    LeadershipRule,
    MemberCountRule,
    MinimumStaffRule,
    OnePerHamletRule,
    PopulationSizeRule,
    ResidentRepresentativesRule,
    SizeBand,
    TermRule,
)
from qcdc.inspection.boards import (
    BoardMember,
    InspectionBoard,
    InvestmentSupervisionBoard,
    SupervisionMember,
)
from qcdc.inspection.cases import InspectionCase, Origin, Recommendation, Subject
from qcdc.inspection.deadlines import (
    DEFAULT_DEADLINE_RULES,
    DayCount,
    DeadlineRule,
    DeadlineRulebook,
    OverdueCase,
    overdue,
    response_deadline,
)
from qcdc.inspection.kinds import BoardKind, Constituency, Role, Terrain
from qcdc.inspection.lifecycle import TRANSITIONS, Answer, CaseState, Step
from qcdc.inspection.rollup import Rollup, RollupError, rollup, rollup_csv, rollup_table
from qcdc.inspection.tallies import (
    CaseTally,
    ProjectTally,
    compare,
    read_case_tallies,
    tallies_to_arrow,
    tallies_to_pandas,
    tallies_to_polars,
    tally,
    tally_by_unit,
    tally_table,
    tally_table_by_unit,
)
from qcdc.units import GazetteerLike  # re-exported: its home before 0.2

__all__ = [
    "DEFAULT_BOARD_RULES",
    "DEFAULT_DEADLINE_RULES",
    "TRANSITIONS",
    "Answer",
    "BoardKind",
    "BoardMember",
    "BoardRule",
    "BoardRulebook",
    "CaseState",
    "CaseTally",
    "Constituency",
    "DayCount",
    "DeadlineRule",
    "DeadlineRulebook",
    "GazetteerLike",
    "InspectionBoard",
    "InspectionCase",
    "InvestmentSupervisionBoard",
    "LeadershipRule",
    "MemberCountRule",
    "MinimumStaffRule",
    "OnePerHamletRule",
    "Origin",
    "OverdueCase",
    "PopulationSizeRule",
    "ProjectTally",
    "Recommendation",
    "ResidentRepresentativesRule",
    "Role",
    "Rollup",
    "RollupError",
    "SizeBand",
    "Step",
    "Subject",
    "SupervisionMember",
    "TermRule",
    "Terrain",
    "compare",
    "overdue",
    "read_case_tallies",
    "response_deadline",
    "rollup",
    "rollup_csv",
    "rollup_table",
    "tallies_to_arrow",
    "tallies_to_pandas",
    "tallies_to_polars",
    "tally",
    "tally_by_unit",
    "tally_table",
    "tally_table_by_unit",
]

from qcdc._hypothesis_plugin import register_loaded as _register_with_hypothesis

_register_with_hypothesis()
