"""Hypothesis strategies for :mod:`qcdc.inspection` (re-exported by ``qcdc.strategies``).

Every strategy builds valid values explicitly: tallies whose figures respect the
rules, cases that walk the transition table with dates that never go backwards,
boards that pass the shipped rulebook.

>>> from hypothesis import given
>>> @given(case_tallies())
... def test(t):
...     assert not [f for f in t.check() if f.is_error]
>>> test()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from qcdc.inspection.boards import (
    BoardMember,
    InspectionBoard,
    InvestmentSupervisionBoard,
    SupervisionMember,
)
from qcdc.inspection.cases import InspectionCase, Origin, Recommendation, Subject
from qcdc.inspection.kinds import BoardKind, Constituency, Role
from qcdc.inspection.lifecycle import TRANSITIONS, CaseState, Step
from qcdc.inspection.tallies import CaseTally, ProjectTally

__all__ = [
    "case_tallies",
    "commune_boards",
    "inspection_cases",
    "investment_supervision_boards",
    "project_tallies",
]

_NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em")
_AUTHORITIES = ("UBND xã", "UBND phường", "Chủ tịch UBND xã", "Trưởng Công an xã")


@st.composite
def case_tallies(
    draw: st.DrawFn,
    *,
    max_value: int = 10_000,
    partial: bool = True,
    clean: bool = False,
) -> CaseTally:
    """Tallies with ``resolved ≤ recommended`` and ``violations ≤ supervised``.

    ``clean=True`` also keeps ``recommended ≤ violations`` (no warning);
    ``partial=True`` leaves some figures unreported (``None``).
    """
    supervised = draw(st.integers(0, max_value))
    violations = draw(st.integers(0, supervised))
    recommended = draw(st.integers(0, violations if clean else supervised))
    resolved = draw(st.integers(0, recommended))
    values: list[int | None] = [supervised, violations, recommended, resolved]
    if partial:
        mask = draw(st.lists(st.booleans(), min_size=4, max_size=4))
        values = [None if hide else v for v, hide in zip(values, mask, strict=True)]
    return CaseTally(*values)


@st.composite
def project_tallies(draw: st.DrawFn, *, max_value: int = 2_000) -> ProjectTally:
    """Project tallies whose parts sum to ``supervised``."""
    compliant = draw(st.integers(0, max_value))
    with_violations = draw(st.integers(0, max_value))
    undetermined = draw(st.integers(0, max_value))
    return ProjectTally(
        compliant + with_violations + undetermined, compliant, with_violations, undetermined
    )


def _unit_codes() -> st.SearchStrategy[str]:
    return st.from_regex(r"[0-9]{5}", fullmatch=True)


@st.composite
def inspection_cases(
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str] | None = None,
    units: st.SearchStrategy[str | None] | None = None,
    min_date: dt.date = dt.date(2021, 1, 1),
    max_date: dt.date = dt.date(2022, 12, 31),
    max_gap_days: int = 40,
) -> InspectionCase:
    """A case opened between ``min_date`` and ``max_date`` that took a random path
    through :data:`~qcdc.inspection.TRANSITIONS`, each step 0 to ``max_gap_days`` days
    after the previous one."""
    case_id = draw(
        ids if ids is not None else st.from_regex(r"[A-Z]{2}-[0-9]{1,6}", fullmatch=True)
    )
    unit = draw(units if units is not None else st.one_of(st.none(), _unit_codes()))
    opened = draw(st.dates(min_date, max_date))
    steps = [Step(CaseState.OPENED, opened)]
    day = opened
    recommendation = None
    escalated_to = None
    while True:
        nexts: Sequence[CaseState] = sorted(TRANSITIONS[steps[-1].state], key=lambda s: s.value)
        if not nexts or not draw(st.booleans()):
            break
        state = draw(st.sampled_from(nexts))
        day = day + dt.timedelta(days=draw(st.integers(0, max_gap_days)))
        steps.append(Step(state, day))
        if state is CaseState.RECOMMENDATION_SENT:
            received = draw(st.one_of(st.none(), st.just(day)))
            recommendation = Recommendation(
                draw(st.one_of(st.none(), st.sampled_from(_AUTHORITIES))),
                draw(st.one_of(st.none(), st.just("Đề nghị xem xét, xử lý"))),
                received,
            )
        if state is CaseState.ESCALATED:
            escalated_to = draw(st.one_of(st.none(), st.just("Chủ tịch UBND huyện")))
    return InspectionCase(
        case_id,
        draw(st.from_regex(r"BTTND-[0-9]{1,5}", fullmatch=True)),
        draw(st.sampled_from(list(Subject))),
        draw(st.sampled_from(list(Origin))),
        tuple(steps),
        unit=unit,
        recommendation=recommendation,
        escalated_to=escalated_to,
    )


@st.composite
def commune_boards(
    draw: st.DrawFn, *, term_start: st.SearchStrategy[dt.date] | None = None
) -> InspectionBoard:
    """Commune boards under the 2022 law that pass :data:`~qcdc.inspection.DEFAULT_BOARD_RULES`:
    at least 5 members and one per hamlet, one head, at most 1 deputy (2 from 9 members),
    a term of 2.5 or 5 years."""
    start = draw(
        term_start if term_start is not None else st.dates(dt.date(2023, 7, 1), dt.date(2030, 1, 1))
    )
    size = draw(st.integers(5, 25))
    hamlets = draw(st.one_of(st.none(), st.integers(1, size)))
    deputies = draw(st.integers(0, 2 if size >= 9 else 1))
    roles = [Role.HEAD] + [Role.DEPUTY] * deputies + [Role.MEMBER] * (size - 1 - deputies)
    members = tuple(
        BoardMember(f"{_NAMES[i % len(_NAMES)]} {i + 1}", role, f"Thôn {i + 1}")
        for i, role in enumerate(roles)
    )
    months = draw(st.sampled_from((30, 60)))
    year, month = divmod(start.month - 1 + months, 12)
    end = dt.date(start.year + year, month + 1, min(start.day, 28))
    return InspectionBoard(
        f"BTTND-{draw(_unit_codes())}",
        BoardKind.COMMUNE,
        members,
        start,
        end,
        unit=draw(_unit_codes()),
        elected_by="Hội nghị cộng đồng dân cư",
        hamlets=hamlets,
    )


@st.composite
def investment_supervision_boards(draw: st.DrawFn) -> InvestmentSupervisionBoard:
    """Investment supervision boards that pass the shipped rules (5+ members, every
    constituency, at most 5 resident representatives, one head, at most 2 deputies)."""
    residents = draw(st.integers(1, 5))
    others = draw(st.integers(max(2, 5 - residents), 6))
    represents = [Constituency.FRONT, Constituency.INSPECTION_BOARD] + [
        draw(st.sampled_from([Constituency.FRONT, Constituency.INSPECTION_BOARD]))
        for _ in range(others - 2)
    ]
    represents += [Constituency.RESIDENTS] * residents
    deputies = draw(st.integers(0, 2))
    roles = [Role.HEAD] + [Role.DEPUTY] * deputies
    roles += [Role.MEMBER] * (len(represents) - len(roles))
    members = tuple(
        SupervisionMember(f"{_NAMES[i % len(_NAMES)]} {i + 1}", c, r)
        for i, (c, r) in enumerate(zip(represents, roles, strict=True))
    )
    start = draw(st.dates(dt.date(2023, 7, 1), dt.date(2030, 1, 1)))
    return InvestmentSupervisionBoard(
        f"GSĐT-{draw(st.integers(1, 9999))}",
        draw(_unit_codes()),
        draw(st.sampled_from(("Đường liên thôn", "Nhà văn hóa thôn", "Trường mầm non"))),
        members,
        start,
        tally=draw(st.one_of(st.none(), project_tallies())),
    )
