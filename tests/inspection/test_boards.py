"""Boards of qcdc.inspection and the rules they are checked against."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.errors import (
    InputError,
)
from qcdc.findings import Finding, Severity
from qcdc.inspection import (
    DEFAULT_BOARD_RULES,
    BoardKind,
    BoardMember,
    BoardRulebook,
    Constituency,
    InspectionBoard,
    InvestmentSupervisionBoard,
    MemberCountRule,
    ProjectTally,
    Role,
    SupervisionMember,
    Terrain,
)
from qcdc.units.gazetteer import gazetteer

D = dt.date


def rules_of(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def members(n: int, *, deputies: int = 1, heads: int = 1) -> tuple[BoardMember, ...]:
    roles = [Role.HEAD] * heads + [Role.DEPUTY] * deputies
    roles += [Role.MEMBER] * (n - len(roles))
    return tuple(BoardMember(f"Thành viên {i}", r, f"Thôn {i}") for i, r in enumerate(roles))


def commune_board(**changes: object) -> InspectionBoard:
    fields: dict[str, object] = {
        "id": "BTTND-00004",
        "kind": BoardKind.COMMUNE,
        "members": members(7),
        "term_start": D(2024, 1, 10),
        "term_end": D(2026, 7, 10),
        "unit": "00004",
        "elected_by": "Hội nghị cộng đồng dân cư",
        "elected_on": D(2023, 12, 20),
        "recognised_by": "Quyết định 12/QĐ-UBND",
        "recognised_on": D(2024, 1, 10),
        "hamlets": 7,
    }
    fields.update(changes)
    return InspectionBoard(**fields)  # type: ignore[arg-type]


def agency_board(**changes: object) -> InspectionBoard:
    fields: dict[str, object] = {
        "id": "BTTND-SXD",
        "kind": BoardKind.AGENCY,
        "members": members(5),
        "term_start": D(2024, 3, 1),
        "term_end": D(2026, 3, 1),
        "organisation": "Sở Xây dựng Hà Nội",
        "staff": 120,
    }
    fields.update(changes)
    return InspectionBoard(**fields)  # type: ignore[arg-type]


class TestInspectionBoard:
    def test_a_lawful_commune_board_checks_clean(self) -> None:
        assert commune_board().check() == []

    def test_fewer_than_five_members(self) -> None:
        board = commune_board(members=members(4), hamlets=3)
        assert rules_of(board.check()) == ["commune.min-members"]
        f = board.check()[0]
        assert "Điều 36" in f.message and f.path == "board.members"

    def test_one_member_per_hamlet(self) -> None:
        [f] = commune_board(hamlets=9).check()
        assert f.rule == "commune.one-per-hamlet"
        assert f.figures == {"members": 7, "hamlets": 9}

    def test_unknown_hamlet_count_skips_the_hamlet_rule(self) -> None:
        assert commune_board(hamlets=None).check() == []

    def test_exactly_one_head(self) -> None:
        [f] = commune_board(members=members(7, heads=2, deputies=0)).check()
        assert f.rule == "commune.leadership"
        assert "Trưởng ban" in f.message

    def test_two_deputies_only_from_nine_members(self) -> None:
        [f] = commune_board(members=members(8, deputies=2)).check()
        assert f.rule == "commune.leadership"
        assert commune_board(members=members(9, deputies=2)).check() == []
        [f] = commune_board(members=members(9, deputies=3), hamlets=9).check()
        assert f.rule == "commune.leadership"

    def test_term_of_the_hamlet_heads(self) -> None:
        assert commune_board(term_end=D(2029, 1, 10)).check() == []
        [f] = commune_board(term_end=D(2027, 1, 10)).check()
        assert f.rule == "commune.term"
        assert f.severity is Severity.WARNING
        assert "2.5 years or 5 years" in f.message

    def test_agency_board_sizes_and_staff(self) -> None:
        assert agency_board().check() == []
        assert rules_of(agency_board(members=members(2)).check()) == ["agency.min-members"]
        [f] = agency_board(members=members(10)).check()
        assert (f.rule, f.severity) == ("agency.max-members", Severity.WARNING)
        [f] = agency_board(staff=7).check()
        assert f.rule == "agency.min-staff"
        assert f.path == "board.staff"
        assert agency_board(staff=8).check() == []

    def test_enterprise_board_term(self) -> None:
        board = InspectionBoard(
            "BTTND-EVN",
            BoardKind.ENTERPRISE,
            members(3),
            D(2024, 1, 1),
            D(2027, 1, 1),
            organisation="Công ty TNHH MTV Điện lực",
        )
        assert rules_of(board.check()) == ["enterprise.term"]

    def test_historic_plains_board_sized_by_population(self) -> None:
        old = {"term_start": D(2020, 1, 5), "term_end": D(2022, 1, 5), "terrain": Terrain.PLAINS}
        ok = commune_board(members=members(7), population=6000, **old)
        assert ok.check() == []
        [f] = commune_board(members=members(5), population=6000, hamlets=None, **old).check()
        assert f.rule == "commune-2017.size-by-population"
        assert "7 or 9" in f.message
        assert rules_of(
            commune_board(members=members(12), population=20000, hamlets=None, **old).check()
        ) == ["commune-2017.members", "commune-2017.size-by-population"]

    def test_historic_hill_board_has_one_member_per_hamlet(self) -> None:
        old = {"term_start": D(2019, 6, 1), "term_end": D(2021, 6, 1), "terrain": Terrain.HILLS}
        assert commune_board(members=members(8), hamlets=8, **old).check() == []
        [f] = commune_board(members=members(7), hamlets=8, **old).check()
        assert f.rule == "commune-2017.size-by-population"
        assert commune_board(members=members(11), hamlets=14, **old).check() == []
        assert rules_of(commune_board(members=members(12), hamlets=None, **old).check()) == [
            "commune-2017.members",
            "commune-2017.size-by-population",
        ]

    def test_boards_before_2017_have_no_rules(self) -> None:
        [f] = commune_board(term_start=D(2015, 1, 1), term_end=D(2017, 1, 1)).check()
        assert (f.rule, f.severity) == ("board.no-rules", Severity.INFO)

    def test_structural_errors_name_the_field(self) -> None:
        with pytest.raises(InputError) as info:
            commune_board(unit=None)
        assert info.value.field == "unit"
        with pytest.raises(InputError) as info:
            agency_board(organisation=" ")
        assert info.value.field == "organisation"
        with pytest.raises(InputError) as info:
            commune_board(term_end=D(2024, 1, 10))
        assert info.value.field == "term_end"
        with pytest.raises(InputError) as info:
            commune_board(recognised_on=D(2023, 12, 1))
        assert info.value.field == "recognised_on"
        with pytest.raises(InputError) as info:
            commune_board(kind=BoardKind.INVESTMENT_SUPERVISION)
        assert info.value.field == "kind"
        with pytest.raises(InputError):
            BoardMember("  ")

    def test_text_fields_must_be_text(self) -> None:
        with pytest.raises(InputError):
            BoardMember("Nguyễn Văn An", Role.MEMBER, 3)  # type: ignore[arg-type]

    def test_a_term_without_an_end_is_not_checked(self) -> None:
        assert commune_board(term_end=None).check() == []

    def test_role_parse(self) -> None:
        assert Role.parse("Phó trưởng ban") is Role.DEPUTY
        assert Role.parse("uỷ viên") is Role.MEMBER
        assert Role.parse("head") is Role.HEAD
        assert Role.parse(Role.HEAD) is Role.HEAD
        with pytest.raises(InputError) as info:
            Role.parse("Chủ tịch")
        assert info.value.field == "role"

    def test_with_role(self) -> None:
        assert len(commune_board().with_role(Role.DEPUTY)) == 1


class TestBoardRulebook:
    def test_a_user_replaces_an_unverified_rule(self) -> None:
        rule = DEFAULT_BOARD_RULES.get("commune.term")
        assert rule.citation.confidence is Confidence.LIKELY
        mine = attrs.evolve(rule, months=(36,))  # type: ignore[misc]
        book = DEFAULT_BOARD_RULES.replace(mine)
        board = commune_board(term_end=D(2027, 1, 10))
        assert board.check(rulebook=book) == []
        assert rules_of(board.check()) == ["commune.term"]

    def test_without_and_with_rule(self) -> None:
        book = DEFAULT_BOARD_RULES.without("commune.min-members")
        assert len(book) == len(DEFAULT_BOARD_RULES) - 1
        assert commune_board(members=members(4), hamlets=None).check(rulebook=book) == []
        extra = MemberCountRule(
            "mine.max",
            {BoardKind.COMMUNE},
            EffectivePeriod(D(2023, 7, 1)),
            Citation("mine"),
            maximum=6,
        )
        assert "mine.max" in rules_of(commune_board().check(rulebook=book.with_rule(extra)))
        assert "mine.max" in [r.id for r in book.with_rule(extra)]

    def test_unknown_and_duplicate_rule_ids(self) -> None:
        with pytest.raises(InputError, match=r"commune\.term"):
            DEFAULT_BOARD_RULES.get("commune.nope")
        with pytest.raises(InputError):
            DEFAULT_BOARD_RULES.without("nope")
        rule = DEFAULT_BOARD_RULES.get("commune.term")
        with pytest.raises(InputError) as info:
            BoardRulebook((rule, rule))
        assert info.value.field == "rules"

    def test_every_shipped_rule_has_a_citation_and_confidence(self) -> None:
        for rule in DEFAULT_BOARD_RULES:
            assert rule.citation.document
            assert isinstance(rule.citation.confidence, Confidence)
            assert rule.kinds


class TestBoardUnitExists:
    def test_the_board_unit_exists_on_its_dates(self) -> None:
        assert commune_board().check(gazetteer=gazetteer()) == []

    def test_a_unit_that_does_not_exist(self) -> None:
        board = commune_board(unit="99999")
        [f] = board.check(gazetteer=gazetteer())
        assert (f.rule, f.severity) == ("board.unit-exists", Severity.ERROR)
        assert "99999" in f.message

    def test_a_district_is_not_a_commune(self) -> None:
        board = commune_board(unit="001")
        f = board.check(gazetteer=gazetteer())[0]
        assert f.rule == "board.unit-exists"
        assert "quận" in f.message

    def test_a_unit_that_ends_during_the_term(self) -> None:
        # Phường Cống Vị (00007) was dissolved into new wards on 1 July 2025
        board = commune_board(unit="00007", term_start=D(2024, 1, 10), term_end=D(2029, 1, 10))
        [f] = board.check(gazetteer=gazetteer())
        assert (f.rule, f.severity) == ("board.unit-ends-during-term", Severity.WARNING)

    def test_a_date_outside_the_gazetteer(self) -> None:
        board = commune_board(term_start=D(2019, 6, 1), term_end=D(2021, 6, 1), hamlets=None)
        found = board.check(gazetteer=gazetteer())
        assert ("board.unit-exists", Severity.INFO) in [(f.rule, f.severity) for f in found]


def supervision_board(**changes: object) -> InvestmentSupervisionBoard:
    fields: dict[str, object] = {
        "id": "GSĐT-1",
        "unit": "00004",
        "project": "Cải tạo nhà văn hóa tổ dân phố số 3",
        "members": (
            SupervisionMember("A", Constituency.FRONT, Role.HEAD),
            SupervisionMember("B", Constituency.INSPECTION_BOARD, Role.DEPUTY),
            SupervisionMember("C", Constituency.RESIDENTS),
            SupervisionMember("D", Constituency.RESIDENTS),
            SupervisionMember("E", Constituency.RESIDENTS),
        ),
        "established_on": D(2024, 4, 1),
    }
    fields.update(changes)
    return InvestmentSupervisionBoard(**fields)  # type: ignore[arg-type]


class TestInvestmentSupervisionBoard:
    def test_a_lawful_board_checks_clean(self) -> None:
        board = supervision_board(tally=ProjectTally(342, 327, 1, 14))
        assert board.check() == []
        assert board.kind is BoardKind.INVESTMENT_SUPERVISION
        assert board.active_on(D(2024, 5, 1)) and not board.active_on(D(2024, 3, 1))

    def test_at_least_five_members(self) -> None:
        board = supervision_board(members=supervision_board().members[:4])
        assert rules_of(board.check()) == ["investment.min-members"]

    def test_at_most_five_resident_representatives_and_every_constituency(self) -> None:
        base = supervision_board().members
        extra = tuple(SupervisionMember(f"R{i}", Constituency.RESIDENTS) for i in range(3))
        [f] = supervision_board(members=base + extra).check()
        assert f.rule == "investment.composition" and "6" in f.message
        no_front = (SupervisionMember("X", Constituency.RESIDENTS, Role.HEAD), *base[1:])
        [f] = supervision_board(members=no_front).check()
        assert f.rule == "investment.composition" and "Mặt trận" in f.message

    def test_at_most_two_deputies(self) -> None:
        base = supervision_board().members
        deputies = tuple(
            SupervisionMember(f"P{i}", Constituency.FRONT, Role.DEPUTY) for i in range(2)
        )
        [f] = supervision_board(members=base + deputies).check()
        assert f.rule == "investment.leadership"

    def test_the_tally_is_checked_too(self) -> None:
        [f] = supervision_board(tally=ProjectTally(10, 5, 5, 5)).check()
        assert f.rule == "projects.parts-sum-to-supervised"
        assert f.path == "board.tally.supervised"

    def test_one_board_per_project(self) -> None:
        a = supervision_board(dissolved_on=D(2024, 12, 31))
        b = supervision_board(id="GSĐT-2", established_on=D(2024, 6, 1))
        c = supervision_board(id="GSĐT-3", established_on=D(2025, 1, 1))
        [f] = InvestmentSupervisionBoard.check_all([a, b])
        assert f.rule == "investment.one-board-per-project" and f.path == "boards[1]"
        assert InvestmentSupervisionBoard.check_all([a, c]) == []

    def test_dissolution_after_establishment(self) -> None:
        with pytest.raises(InputError) as info:
            supervision_board(dissolved_on=D(2024, 4, 1))
        assert info.value.field == "dissolved_on"
