"""The hypothesis entry point: registers qcdc's types for ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` at the end of its own import,
possibly while :mod:`qcdc.strategies` is itself being imported; so the hook
imports no strategy module and registers *lazy* strategies that look the
strategy up when a test first asks for the type.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

# (module of the type, type name, module of the strategy, strategy function)
_TYPES = (
    ("qcdc.units", "UnitKind", "qcdc.strategies", "unit_kinds"),
    ("qcdc.units", "AdministrativeUnit", "qcdc.strategies", "administrative_units"),
    ("qcdc.units.gazetteer", "Gazetteer", "qcdc.strategies", "gazetteers"),
    ("qcdc.hamlets", "CommunityKind", "qcdc.hamlets._strategies", "community_kinds"),
    ("qcdc.hamlets", "Community", "qcdc.hamlets._strategies", "communities"),
    ("qcdc.hamlets", "HamletRegistry", "qcdc.hamlets._strategies", "registries"),
    ("qcdc.hamlets", "MergerPlan", "qcdc.hamlets._strategies", "merger_plans"),
    ("qcdc.inspection", "CaseTally", "qcdc.inspection._strategies", "case_tallies"),
    ("qcdc.inspection", "InspectionCase", "qcdc.inspection._strategies", "inspection_cases"),
    ("qcdc.directives", "DocumentNumber", "qcdc.directives._strategies", "document_numbers"),
    ("qcdc.directives", "Body", "qcdc.directives._strategies", "bodies"),
    ("qcdc.directives", "Directive", "qcdc.directives._strategies", "directives"),
    ("qcdc.directives", "Task", "qcdc.directives._strategies", "tasks"),
    ("qcdc.dates", "Period", "qcdc.dates._strategies", "periods"),
    ("qcdc.numbers", "Figure", "qcdc.reports._strategies", "figures"),
)


def _lazy(module: str, name: str) -> Callable[[type], Any]:
    def resolve(_type: type) -> Any:
        return getattr(importlib.import_module(module), name)()

    return resolve


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    for type_module, type_name, strategy_module, strategy in _TYPES:
        try:
            cls = getattr(importlib.import_module(type_module), type_name)
        except (ImportError, AttributeError):  # a part of qcdc this install does not have
            continue
        st.register_type_strategy(cls, _lazy(strategy_module, strategy))
