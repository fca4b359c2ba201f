"""``qcdc units acts`` and ``qcdc units history`` (issue 12)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def test_units_acts_since(cli: Any) -> None:
    r = cli("units acts --since 2026-01-01")
    assert r.status == 0
    lines = r.out.splitlines()
    assert [ln.split()[1] for ln in lines[:-1]] == [
        "30/2026/QH16",
        "237/NQ-UBTVQH16",
        "36/2026/QH16",
        "39/2026/QH16",
        "388/NQ-UBTVQH16",
    ]
    assert lines[-1] == "5 acts; newest act in force 2026-09-20; known through 2026-12-02"


def test_units_acts_within_as_json(cli: Any) -> None:
    r = cli("units acts --within 19 --until 2022-12-31 --format json")
    assert r.status == 0
    assert [a["number"] for a in json.loads(r.out)] == ["469/NQ-UBTVQH15"]


def test_units_history(cli: Any) -> None:
    r = cli("units history 172")
    assert r.status == 0
    assert r.out.splitlines()[0].startswith("2022-04-10  469/NQ-UBTVQH15  ")
    assert "  abolish: 172 → 19" in r.out


def test_units_history_json_and_clause(cli: Any) -> None:
    r = cli("units history 09013 --format json")
    assert r.status == 0
    links = [lk for act in json.loads(r.out) for lk in act["links"]]
    assert any(lk["clause"] and "107" in lk["clause"] for lk in links)


def test_units_history_of_a_bad_code_fails(cli: Any) -> None:
    r = cli("units history 12x")
    assert r.status != 0 and r.err


def test_a_projection_past_the_horizon_says_what_the_data_knows(cli: Callable[..., Any]) -> None:
    after = cli("lineage project 00004 --on 2021-12-17 --to 2027-06-01")
    assert after.status == 0 and "known through 2026-12-02" in after.out
    before = cli("lineage project 00004 --on 2021-12-17 --to 2025-07-01")
    assert before.status == 0 and "known through" not in before.out


def test_the_report_says_known_through_past_the_horizon(cli: Callable[..., Any]) -> None:
    after = cli("report --to 2027-06-01")
    assert after.status == 0 and "known through" in after.out and "2026-12-02" in after.out
    assert "known through" not in cli("report --to 2025-07-01").out
