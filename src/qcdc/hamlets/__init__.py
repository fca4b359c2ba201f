"""Hamlets and residential groups (thôn, tổ dân phố): the size standards, registries, merger
plans and their before/after summaries.

One module per concept: ``model`` (community kinds, communities, references),
``regions`` (the province → region tables), ``standards`` (the household minimums and the
merge rule, as rulebooks), ``registry`` (the communities of an area on a date),
``actions`` and ``plans`` (merger plans, their checks and applying them) and
``summaries`` (before/after counts).  Import the names from here.
"""

from __future__ import annotations

from qcdc.hamlets.actions import Action, ActionKind, Conversion, Dissolution, Merger, Rename
from qcdc.hamlets.model import (
    AmbiguousCommunity,
    Community,
    CommunityKey,
    CommunityKind,
    CommunityRef,
    UnknownCommunity,
)
from qcdc.hamlets.plans import MergerPlan
from qcdc.hamlets.regions import (
    DEFAULT_REGIONS,
    TWO_TIER_START,
    Region,
    RegionAssignment,
    RegionTable,
)
from qcdc.hamlets.registry import TT05_2022_START, CommunityAssessment, HamletRegistry
from qcdc.hamlets.standards import (
    DEFAULT_RULEBOOK,
    Assessment,
    CommunityFamily,
    HouseholdMinimum,
    InvalidRulebook,
    Location,
    MergeRule,
    MergeStatus,
    Rulebook,
    UnknownRule,
    default_rulebook,
    weakest,
)
from qcdc.hamlets.summaries import ChangeCounts, PlanOutcome, Summary, SummaryRow, summarize
from qcdc.units import GazetteerLike  # re-exported: its home before 0.2

__all__ = [
    "DEFAULT_REGIONS",
    "DEFAULT_RULEBOOK",
    "TT05_2022_START",
    "TWO_TIER_START",
    "Action",
    "ActionKind",
    "AmbiguousCommunity",
    "Assessment",
    "ChangeCounts",
    "Community",
    "CommunityAssessment",
    "CommunityFamily",
    "CommunityKey",
    "CommunityKind",
    "CommunityRef",
    "Conversion",
    "Dissolution",
    "GazetteerLike",
    "HamletRegistry",
    "HouseholdMinimum",
    "InvalidRulebook",
    "Location",
    "MergeRule",
    "MergeStatus",
    "Merger",
    "MergerPlan",
    "PlanOutcome",
    "Region",
    "RegionAssignment",
    "RegionTable",
    "Rename",
    "Rulebook",
    "Summary",
    "SummaryRow",
    "UnknownCommunity",
    "UnknownRule",
    "default_rulebook",
    "summarize",
    "weakest",
]

from qcdc._hypothesis_plugin import register_loaded as _register_with_hypothesis

_register_with_hypothesis()
