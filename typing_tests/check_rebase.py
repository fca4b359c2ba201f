"""Static checks of :func:`qcdc.units.rebase`'s types (issue 12 §2): mypy reads this file,
it is never run."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from typing_extensions import assert_type

from qcdc.units import Contribution, Rebased, RebasedRow, rebase


def check(on: dt.date, to: dt.date) -> None:
    records: list[dict[str, Any]] = [{"code": "00001", "cases": 1}]
    out = rebase(records, on=on, to=to, how={"cases": "sum"})
    assert_type(out, Rebased)
    assert_type(
        rebase(records, on="2021-12-17", to="2025-07-01", how={"x": ("mean", "w")}), Rebased
    )
    for row in out:
        assert_type(row, RebasedRow)
        assert_type(row.sources, tuple[Contribution, ...])
        assert_type(row.sources[0].share, Fraction)
    assert_type(out.to_records(provenance=False), list[dict[str, Any]])
    rebase(records, on=on, to=to, how={"cases": "sum"}, on_split="all")  # type: ignore[call-overload]
