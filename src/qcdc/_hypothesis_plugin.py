"""The hypothesis entry point: registers qcdc's types for ``st.from_type``, lazily.

Hypothesis calls :func:`_hypothesis_setup_hook` at the end of its own import.  Importing
qcdc's pillars there would make every ``import hypothesis`` pay for all of qcdc, so the
hook registers only the types whose modules are already imported, and each pillar
registers its own types when it is imported after hypothesis (:func:`register_loaded`,
called at the end of the pillar's ``__init__``).  Either order gives the same
registrations; neither imports a module that was not asked for.  The strategies
themselves are looked up when a test first asks for the type.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

# (module of the type, type name, module of the strategy, strategy function)
_TYPES = (
    ("qcdc.units.model", "UnitKind", "qcdc.units._strategies", "unit_kinds"),
    ("qcdc.units.model", "AdministrativeUnit", "qcdc.units._strategies", "administrative_units"),
    ("qcdc.units.gazetteer", "Gazetteer", "qcdc.units._strategies", "gazetteers"),
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
_done: set[tuple[str, str]] = set()


def _lazy(module: str, name: str) -> Callable[[type], Any]:
    def resolve(_type: type) -> Any:
        return getattr(importlib.import_module(module), name)()

    return resolve


def register_loaded() -> None:
    """Register the types of every qcdc module imported so far, if hypothesis is loaded."""
    if "hypothesis.strategies" not in sys.modules:
        return
    st = sys.modules["hypothesis.strategies"]
    for type_module, type_name, strategy_module, strategy in _TYPES:
        module = sys.modules.get(type_module)
        cls = getattr(module, type_name, None) if module is not None else None
        if cls is None or (type_module, type_name) in _done:
            continue
        _done.add((type_module, type_name))
        st.register_type_strategy(cls, _lazy(strategy_module, strategy))


def _hypothesis_setup_hook() -> None:
    import hypothesis.strategies  # noqa: F401  (loaded by now: hypothesis calls this hook last)

    register_loaded()
