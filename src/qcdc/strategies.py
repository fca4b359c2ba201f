"""Hypothesis strategies for qcdc's public types, for your own tests: the public face of the
strategies each pillar keeps in its ``_strategies`` module.

Every strategy builds values that are valid by construction (``st.builds``
would ignore the validators).  Importing this module needs hypothesis
(``pip install "qcdc[test]"``); the types are also registered for
``st.from_type`` through hypothesis's entry point.

>>> from hypothesis import given
>>> from qcdc.units import UnitLevel
>>> @given(unit_codes(level=UnitLevel.COMMUNE))
... def test(code):
...     assert len(code) == 5 and code.isascii() and code.isdigit()
>>> test()
"""

from __future__ import annotations

from qcdc._optional import require

require("hypothesis", extra="test")  # a clear error, before the strategy modules import it

from qcdc.dates._strategies import calendar_dates, date_texts, periods
from qcdc.directives._strategies import (
    bodies,
    directives,
    document_numbers,
    issuer_codes,
    messy_document_numbers,
    tasks,
)
from qcdc.hamlets._strategies import communities, community_kinds, merger_plans, registries
from qcdc.inspection._strategies import (
    case_tallies,
    commune_boards,
    inspection_cases,
    investment_supervision_boards,
    project_tallies,
)
from qcdc.reports._strategies import (
    consistent_reports,
    figures,
    hedges,
    percent_figures,
    report_decimals,
)
from qcdc.units._strategies import (
    administrative_units,
    gazetteers,
    unit_codes,
    unit_kinds,
    vietnamese_names,
)

__all__ = [
    "administrative_units",
    "bodies",
    "calendar_dates",
    "case_tallies",
    "commune_boards",
    "communities",
    "community_kinds",
    "consistent_reports",
    "date_texts",
    "directives",
    "document_numbers",
    "figures",
    "gazetteers",
    "hedges",
    "inspection_cases",
    "investment_supervision_boards",
    "issuer_codes",
    "merger_plans",
    "messy_document_numbers",
    "percent_figures",
    "periods",
    "project_tallies",
    "registries",
    "report_decimals",
    "tasks",
    "unit_codes",
    "unit_kinds",
    "vietnamese_names",
]
