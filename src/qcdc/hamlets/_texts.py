"""The messages of the merger findings that both ways of checking a plan emit.

:mod:`qcdc.hamlets.plans` checks a plan one action at a time; :mod:`qcdc.hamlets._batch`
checks a plan of plain mergers column by column.  Both word their findings here, so that
the two give the same text.
"""

from __future__ import annotations

import datetime as dt

EFFECTIVE_BEFORE_REGISTRY = "plan.effective-before-registry"
POPULATION_UNKNOWN = "plan.population-unknown"
MIXED_FAMILIES = "plan.mixed-families"
NO_STANDARD = "plan.no-standard"
BELOW_MINIMUM = "plan.target-below-minimum"


def effective_before_registry(effective: dt.date, on: dt.date) -> str:
    return f"effective date {effective.isoformat()} is before the registry's date {on.isoformat()}"


def population_unknown() -> str:
    return "target population is given but some sources have no population to check it against"


def mixed_families() -> str:
    return "the sources mix thôn and tổ dân phố; say the result's kind with target_kind"


def no_standard(rule_text: str | None) -> str:
    return f"no household standard to compare the result with: {rule_text}"


def below_minimum(households: int, minimum: int, rule_text: str | None) -> str:
    return (
        f"the result has {households} households, still below the minimum {minimum} "
        f"({rule_text}); give an exemption reason if this is intended"
    )
