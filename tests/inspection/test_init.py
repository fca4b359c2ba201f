"""The public face of qcdc.inspection: each concept module lists what it defines."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import qcdc.inspection.cases as insp

D = dt.date
DATA = Path(__file__).parent.parent / "data" / "inspection"
CASES_CSV = DATA / "cases_hanoi_2021.csv"
HANOI_2021 = D(2021, 12, 17)
REFORM = D(2025, 7, 1)


def rules_of(findings: list[insp.Finding]) -> list[str]:
    return [f.rule for f in findings]


# ======================================================================================
# Public names
# ======================================================================================


@pytest.mark.parametrize(
    "module",
    [
        sys.modules[f"qcdc.inspection.{name}"]
        for name in (
            "kinds",
            "boards",
            "board_rules",
            "lifecycle",
            "cases",
            "deadlines",
            "tallies",
            "rollup",
            "_csv",
        )
    ],
)
def test_all_lists_exactly_the_public_names(module: object) -> None:
    import inspect

    def is_public(name: str, value: object) -> bool:
        if name.startswith("_") or name in ("TYPE_CHECKING", "IO"):
            return False
        if inspect.isclass(value) or inspect.isfunction(value):
            return value.__module__ == module.__name__  # type: ignore[attr-defined]
        return name.isupper()

    public = {name for name, value in vars(module).items() if is_public(name, value)}
    if module is insp:  # the 0.1 path: its own names and the re-exported ones
        assert public <= set(module.__all__)
        assert all(hasattr(module, n) for n in module.__all__)
    else:
        assert set(module.__all__) == public  # type: ignore[attr-defined]
