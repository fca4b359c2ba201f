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
    ("qcdc.gazetteer", "Gazetteer", "qcdc.strategies", "gazetteers"),
    ("qcdc.hamlets", "CommunityKind", "qcdc._strategies_hamlets", "community_kinds"),
    ("qcdc.hamlets", "Community", "qcdc._strategies_hamlets", "communities"),
    ("qcdc.hamlets", "HamletRegistry", "qcdc._strategies_hamlets", "registries"),
    ("qcdc.hamlets", "MergerPlan", "qcdc._strategies_hamlets", "merger_plans"),
    ("qcdc.inspection", "CaseTally", "qcdc._strategies_inspection", "case_tallies"),
    ("qcdc.inspection", "InspectionCase", "qcdc._strategies_inspection", "inspection_cases"),
    ("qcdc.directives", "DocumentNumber", "qcdc._strategies_directives", "document_numbers"),
    ("qcdc.directives", "Body", "qcdc._strategies_directives", "bodies"),
    ("qcdc.directives", "Directive", "qcdc._strategies_directives", "directives"),
    ("qcdc.directives", "Task", "qcdc._strategies_directives", "tasks"),
    ("qcdc.dates", "Period", "qcdc._strategies_dates", "periods"),
    ("qcdc.numbers", "Figure", "qcdc._strategies_reports", "figures"),
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
