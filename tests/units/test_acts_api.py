"""g.acts(), g.history(), g.coverage, g.horizon and Projection.known_through (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qcdc
from qcdc.units import AdministrativeUnit, LegalAct, UnitKind
from qcdc.units.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return qcdc.gazetteer()


def test_legal_act_is_public() -> None:
    assert "LegalAct" in qcdc.units.__all__


def test_acts_are_in_order_and_cited_by_the_links(g: Gazetteer) -> None:
    acts = g.acts()
    assert all(isinstance(a, LegalAct) for a in acts)
    assert [a.in_force for a in acts] == sorted(a.in_force for a in acts)
    assert {link.basis for link in g.links} <= {a.number for a in acts}
    first = acts[0]
    assert (first.number, first.in_force) == ("469/NQ-UBTVQH15", dt.date(2022, 4, 10))
    assert first.signed == dt.date(2022, 2, 15) and first.confidence == "high"
    assert first.to_dict()["in_force"] == "2022-04-10"


def test_acts_since_until(g: Gazetteer) -> None:
    in_2022 = g.acts(since=dt.date(2022, 1, 1), until=dt.date(2022, 12, 31))
    assert [a.number for a in in_2022] == [
        "469/NQ-UBTVQH15",
        "510/NQ-UBTVQH15",
        "569/NQ-UBTVQH15",
        "570/NQ-UBTVQH15",
    ]
    assert g.acts(since="2026-05-01")[0].number == "36/2026/QH16"
    assert g.acts(until=dt.date(2022, 4, 9)) == ()


def test_acts_within_a_province(g: Gazetteer) -> None:
    thai_nguyen = [a.number for a in g.acts(within="19")]
    assert "469/NQ-UBTVQH15" in thai_nguyen and "1240/NQ-UBTVQH15" in thai_nguyen
    assert "510/NQ-UBTVQH15" not in thai_nguyen  # Bắc Giang
    assert set(thai_nguyen) < {a.number for a in g.acts()}


def test_history_of_pho_yen(g: Gazetteer) -> None:
    history = g.history("172")
    assert [a.number for a, _ in history] == ["469/NQ-UBTVQH15", "203/2025/QH15"]
    _, links = history[0]
    assert {link.kind.value for link in links} == {"retype", "rename"}
    assert all(link.basis == a.number for a, ls in history for link in ls)


def test_history_carries_the_clause_where_the_text_was_read(g: Gazetteer) -> None:
    (act, links), *_ = [h for h in g.history("09013") if h[0].in_force == dt.date(2025, 7, 1)]
    assert act.number == "1656/NQ-UBTVQH15"
    assert any(link.clause and "107" in link.clause for link in links)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([u.code for u in qcdc.gazetteer().units(on=dt.date(2021, 12, 17))]))
def test_history_is_ordered_and_touches_the_unit(code: str) -> None:
    history = qcdc.gazetteer().history(code)
    days = [a.in_force for a, _ in history]
    assert days == sorted(days)
    assert all(code in (lk.source, lk.target) for _, links in history for lk in links)


def test_coverage_and_horizon(g: Gazetteer) -> None:
    assert g.coverage == (dt.date(2021, 1, 1), None)
    assert g.horizon == (dt.date(2026, 9, 20), dt.date(2026, 12, 2))


def test_a_date_after_the_horizon_is_answered_and_says_so(g: Gazetteer) -> None:
    on = dt.date(2021, 12, 17)
    later = g.project("00001", on=on, to=dt.date(2027, 1, 1))
    inside = g.project("00001", on=on, to=dt.date(2026, 12, 2))
    assert later.known_through == dt.date(2026, 12, 2)
    assert later.to_dict()["known_through"] == "2026-12-02"
    assert inside.known_through is None and "known_through" not in inside.to_dict()
    assert [t.code for t in later.targets] == [t.code for t in inside.targets]
    back = g.predecessors("00004", on=dt.date(2027, 1, 1), since=on)
    assert back.known_through == dt.date(2026, 12, 2)


def test_a_gazetteer_of_your_own_has_no_acts() -> None:
    unit = AdministrativeUnit(UnitKind.PROVINCE, "01", "Thành phố Hà Nội", None, "2021-01-01")
    own = Gazetteer([unit])
    assert own.acts() == () and own.history("01") == () and own.horizon is None
    assert own.project("01", on="2021-01-01", to="2099-01-01").known_through is None
