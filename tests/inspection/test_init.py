"""The public face of qcdc.inspection: each concept module lists what it defines."""

from __future__ import annotations

import importlib

import pytest

import qcdc.inspection.cases as insp


@pytest.mark.parametrize(
    "module",
    [
        importlib.import_module(f"qcdc.inspection.{name}")
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


def test_the_package_exports_every_concept() -> None:
    """qcdc.inspection exports every name of its concept modules (and GazetteerLike, whose
    home is qcdc.units)."""
    import importlib

    import qcdc.inspection

    concepts = ("kinds", "boards", "board_rules", "lifecycle", "deadlines", "tallies", "rollup")
    every = {n for c in concepts for n in importlib.import_module(f"qcdc.inspection.{c}").__all__}
    every |= {"Subject", "Origin", "Recommendation", "InspectionCase", "GazetteerLike"}
    assert every == set(qcdc.inspection.__all__)
    # the 0.1 path (qcdc.inspection.cases) lists the names of 0.1, not those added since
    assert set(insp.__all__) == every - {"GazetteerLike"} - ADDED_SINCE_0_1


ADDED_SINCE_0_1 = {
    "read_case_tallies",
    "rollup_csv",
    "rollup_table",
    "tallies_to_arrow",
    "tallies_to_polars",
    "tally_table",
    "tally_table_by_unit",
}
