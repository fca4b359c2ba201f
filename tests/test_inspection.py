"""Examples and error paths of qcdc.inspection, its CSV records and its commands."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
from pathlib import Path

import attrs
import pytest

import qcdc.inspection.cases as insp
from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.dates import Period, working_day_calendar
from qcdc.errors import (
    IllegalTransition,
    InputError,
    MissingDependency,
    NoApplicableRule,
    SplitConversion,
    UnknownUnit,
)
from qcdc.findings import Severity
from qcdc.inspection import (
    DEFAULT_BOARD_RULES,
    DEFAULT_DEADLINE_RULES,
    TRANSITIONS,
    Answer,
    BoardKind,
    BoardMember,
    BoardRulebook,
    CaseState,
    CaseTally,
    Constituency,
    DayCount,
    DeadlineRule,
    DeadlineRulebook,
    InspectionBoard,
    InspectionCase,
    InvestmentSupervisionBoard,
    MemberCountRule,
    Origin,
    ProjectTally,
    Recommendation,
    Role,
    RollupError,
    Step,
    Subject,
    SupervisionMember,
    Terrain,
    compare,
    overdue,
    response_deadline,
    rollup,
    tallies_to_pandas,
    tally,
    tally_by_unit,
)
from qcdc.inspection._cli import register
from qcdc.inspection._csv import COLUMNS, dump_cases, dumps_cases, iter_cases, load_cases
from qcdc.units import AdministrativeUnit, UnitLevel
from qcdc.units.gazetteer import Gazetteer, gazetteer
from qcdc.units.lineage import LineageLink

D = dt.date
DATA = Path(__file__).parent / "data" / "inspection"
CASES_CSV = DATA / "cases_hanoi_2021.csv"
HANOI_2021 = D(2021, 12, 17)
REFORM = D(2025, 7, 1)


def rules_of(findings: list[insp.Finding]) -> list[str]:
    return [f.rule for f in findings]


# ======================================================================================
# CaseTally
# ======================================================================================


class TestCaseTally:
    def test_hanoi_2021_checks_clean(self) -> None:
        assert CaseTally(supervised=4956, violations=648, recommended=586).check() == []

    def test_more_violations_than_supervised_is_an_error_naming_rule_and_figures(self) -> None:
        [f] = CaseTally(supervised=600, violations=700).check()
        assert f.rule == "tally.violations-le-supervised"
        assert f.severity is Severity.ERROR
        assert "700" in f.message and "600" in f.message
        assert f.path == "inspection.violations"
        assert f.figures == {"violations": 700, "supervised": 600}

    def test_partial_tally_recommended_and_resolved_checks_clean(self) -> None:
        assert CaseTally(recommended=1074, resolved=1050).check() == []

    def test_more_resolved_than_recommended_is_an_error(self) -> None:
        [f] = CaseTally(recommended=10, resolved=11).check(path="report.btt")
        assert f.rule == "tally.resolved-le-recommended"
        assert f.path == "report.btt.resolved"
        assert "11" in f.message and "10" in f.message

    def test_more_recommended_than_violations_is_only_a_warning(self) -> None:
        [f] = CaseTally(violations=3, recommended=5).check()
        assert f.rule == "tally.recommended-le-violations"
        assert f.severity is Severity.WARNING

    def test_nothing_is_checked_between_unreported_fields(self) -> None:
        assert CaseTally(supervised=1, resolved=500).check() == []
        assert CaseTally().check() == []

    def test_addition_needs_every_part_to_know_a_field(self) -> None:
        a = CaseTally(supervised=3, violations=1, recommended=1)
        b = CaseTally(supervised=2, violations=0, resolved=4)
        assert a + b == CaseTally(supervised=5, violations=1, recommended=None, resolved=None)

    def test_zero_is_the_identity_and_sum_works(self) -> None:
        t = CaseTally(1, 2, 3, None)
        assert t + CaseTally.zero() == CaseTally(1, 2, 3, None)
        assert sum([CaseTally(1, 1, 1, 1), CaseTally(2, 0, 0, 0)]) == CaseTally(3, 1, 1, 1)
        assert sum([], CaseTally.zero()) == CaseTally.zero()

    def test_adding_something_else_is_a_type_error(self) -> None:
        with pytest.raises(TypeError):
            CaseTally(1) + 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            5 + CaseTally(1)  # type: ignore[operator]

    @pytest.mark.parametrize("bad", [-1, True, "3", 2.0])
    def test_figures_must_be_non_negative_ints(self, bad: object) -> None:
        with pytest.raises(InputError) as info:
            CaseTally(supervised=bad)  # type: ignore[arg-type]
        assert info.value.field == "supervised"

    def test_frozen(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            CaseTally(1).supervised = 2  # type: ignore[misc]

    def test_from_dict_and_to_dict_round_trip(self) -> None:
        t = CaseTally.from_dict({"supervised": 4956, "violations": 648})
        assert t == CaseTally(4956, 648)
        assert t.to_dict() == {
            "supervised": 4956,
            "violations": 648,
            "recommended": None,
            "resolved": None,
        }
        assert CaseTally.from_dict(t.to_dict()) == t
        assert t.reported == ("supervised", "violations")

    def test_from_dict_rejects_unknown_keys_and_bad_values(self) -> None:
        with pytest.raises(InputError) as info:
            CaseTally.from_dict({"supervized": 3}, path="btt")
        assert info.value.field == "btt.supervized"
        with pytest.raises(InputError) as info:
            CaseTally.from_dict({"resolved": -4})
        assert info.value.field == "inspection.resolved"

    def test_repr_html_shows_figures_and_findings(self) -> None:
        html = CaseTally(supervised=600, violations=700)._repr_html_()
        assert "<table>" in html and "700" in html and "—" in html
        assert "tally.violations-le-supervised" in html

    def test_compare_names_each_differing_figure(self) -> None:
        reported = CaseTally(supervised=10, violations=2, recommended=None)
        derived = CaseTally(supervised=9, violations=2, recommended=1, resolved=0)
        [f] = compare(reported, derived, path="btt")
        assert f.rule == "tally.matches-records"
        assert f.path == "btt.supervised"
        assert "10" in f.message and "9" in f.message
        assert compare(derived, derived) == []

    def test_to_pandas_gives_nullable_integer_columns_or_names_the_extra(self) -> None:
        tallies = {"00001": CaseTally(3, 1, 1, 0), "00007": CaseTally(2, None, 1, 1)}
        try:
            import pandas  # noqa: F401
        except ImportError:
            with pytest.raises(MissingDependency, match=r"qcdc\[pandas\]"):
                tallies_to_pandas(tallies)
            return
        frame = tallies_to_pandas(tallies)
        assert list(frame.index) == ["00001", "00007"] and frame.index.name == "unit"
        assert str(frame["violations"].dtype) == "Int64"
        assert frame.loc["00001", "supervised"] == 3
        r = rollup(tallies, on=HANOI_2021, to=REFORM, level=UnitLevel.COMMUNE)
        assert list(r.to_pandas()["approximate"]) == [True, False]

    def test_to_pandas_without_pandas_raises_missing_dependency(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MissingDependency) as info:
            tallies_to_pandas({"01": CaseTally(1)})
        assert "pandas" in str(info.value)


class TestProjectTally:
    def test_hai_duong_2020_adds_up(self) -> None:
        t = ProjectTally(supervised=342, compliant=327, with_violations=1, undetermined=14)
        assert t.check() == []

    def test_parts_that_do_not_sum_are_an_error(self) -> None:
        [f] = ProjectTally(342, 327, 1, 13).check()
        assert f.rule == "projects.parts-sum-to-supervised"
        assert "341" in f.message and "342" in f.message

    def test_known_parts_must_not_exceed_supervised(self) -> None:
        [f] = ProjectTally(supervised=10, compliant=11).check()
        assert f.rule == "projects.parts-le-supervised"
        assert ProjectTally(supervised=10, compliant=9).check() == []
        assert ProjectTally(compliant=9).check() == []

    def test_addition_and_html(self) -> None:
        total = sum([ProjectTally(3, 2, 1, 0), ProjectTally(2, 2, 0, 0)])
        assert total == ProjectTally(5, 4, 1, 0)
        assert ProjectTally(1) + ProjectTally(2, 1) == ProjectTally(3, None)
        assert "ProjectTally" in total._repr_html_()
        assert total.to_dict()["with_violations"] == 1
        with pytest.raises(TypeError):
            ProjectTally(1) + CaseTally(1)  # type: ignore[operator]


# ======================================================================================
# Boards
# ======================================================================================


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


# ======================================================================================
# Cases
# ======================================================================================


MARCH_1 = D(2021, 3, 1)


def new_case(opened: dt.date = MARCH_1, unit: str | None = "00004") -> InspectionCase:
    return InspectionCase.open(
        "HN-1",
        board="BTTND-00004",
        subject=Subject.LAND,
        origin=Origin.PETITION,
        on=opened,
        unit=unit,
    )


def recommended_case(received: dt.date | None = None) -> InspectionCase:
    return (
        new_case()
        .supervise(D(2021, 3, 2))
        .conclude(D(2021, 3, 20), violation=True)
        .recommend(D(2021, 3, 25), authority="UBND phường", text="Xử lý", received=received)
    )


class TestInspectionCase:
    def test_full_lifecycle_returns_new_cases(self) -> None:
        opened = new_case()
        sent = recommended_case()
        done = sent.answer(D(2021, 4, 5), Answer.ACCEPTED).resolve(D(2021, 4, 20))
        assert opened.state is CaseState.OPENED and len(opened.history) == 1
        assert sent.state is CaseState.RECOMMENDATION_SENT
        assert [s.state for s in done.history] == [
            CaseState.OPENED,
            CaseState.UNDER_SUPERVISION,
            CaseState.VIOLATION_FOUND,
            CaseState.RECOMMENDATION_SENT,
            CaseState.ACCEPTED,
            CaseState.RESOLVED,
        ]
        assert done.recommendation == Recommendation("UBND phường", "Xử lý", None)
        assert done.opened == D(2021, 3, 1) and done.updated == D(2021, 4, 20)
        assert done.allowed == frozenset()

    def test_escalation_after_a_rejection(self) -> None:
        case = recommended_case().answer(D(2021, 4, 1), Answer.REJECTED)
        case = case.escalate(D(2021, 4, 3), to="Chủ tịch UBND quận").resolve(D(2021, 5, 1))
        assert case.escalated_to == "Chủ tịch UBND quận"
        assert case.state is CaseState.RESOLVED

    def test_recommendation_without_violation_is_allowed(self) -> None:
        case = new_case().supervise(D(2021, 3, 2)).conclude(D(2021, 3, 3), violation=False)
        assert CaseState.RECOMMENDATION_SENT in case.allowed
        case = case.recommend(D(2021, 3, 4))
        assert case.recommendation == Recommendation()

    def test_illegal_transition_names_both_states(self) -> None:
        with pytest.raises(IllegalTransition) as info:
            new_case().resolve(D(2021, 3, 5))
        assert info.value.from_state is CaseState.OPENED
        assert info.value.to_state is CaseState.RESOLVED
        assert "opened" in str(info.value) and "resolved" in str(info.value)
        assert isinstance(info.value, ValueError)

    def test_dates_never_go_backwards(self) -> None:
        case = new_case().supervise(D(2021, 3, 10))
        with pytest.raises(IllegalTransition) as info:
            case.conclude(D(2021, 3, 9), violation=True)
        assert info.value.from_state is CaseState.UNDER_SUPERVISION
        assert info.value.to_state is CaseState.VIOLATION_FOUND
        assert "2021-03-09" in str(info.value) and "backwards" in str(info.value)
        assert case.conclude(D(2021, 3, 10), violation=True).updated == D(2021, 3, 10)

    def test_recommendation_details_only_with_a_recommendation(self) -> None:
        with pytest.raises(IllegalTransition):
            new_case().transition(CaseState.UNDER_SUPERVISION, D(2021, 3, 2), authority="UBND")
        with pytest.raises(IllegalTransition):
            new_case().transition(CaseState.UNDER_SUPERVISION, D(2021, 3, 2), escalated_to="X")

    def test_received_before_sent_is_an_illegal_transition(self) -> None:
        with pytest.raises(IllegalTransition, match="received"):
            recommended_case(received=D(2021, 3, 24))

    def test_bad_arguments(self) -> None:
        with pytest.raises(InputError):
            new_case().transition("resolved", D(2021, 3, 2))  # type: ignore[arg-type]
        with pytest.raises(InputError):
            new_case().transition(CaseState.UNDER_SUPERVISION, "2021-03-02")  # type: ignore[arg-type]
        with pytest.raises(InputError):
            recommended_case().answer(D(2021, 4, 1), "accepted")  # type: ignore[arg-type]

    def test_history_is_validated_on_construction(self) -> None:
        with pytest.raises(InputError):
            InspectionCase("X", "B", Subject.LAND, Origin.PETITION, ())
        with pytest.raises(IllegalTransition):
            InspectionCase(
                "X", "B", Subject.LAND, Origin.PETITION, (Step(CaseState.RESOLVED, D(2021, 1, 1)),)
            )
        with pytest.raises(IllegalTransition):
            InspectionCase(
                "X",
                "B",
                Subject.LAND,
                Origin.PETITION,
                (
                    Step(CaseState.OPENED, D(2021, 1, 2)),
                    Step(CaseState.UNDER_SUPERVISION, D(2021, 1, 1)),
                ),
            )
        with pytest.raises(InputError):
            InspectionCase("X", "B", Subject.LAND, Origin.PETITION, ("opened",))  # type: ignore[arg-type]

    def test_cross_field_rules(self) -> None:
        history = (Step(CaseState.OPENED, D(2021, 1, 1)),)
        with pytest.raises(InputError) as info:
            InspectionCase(
                "X", "B", "land", "petition", history, recommendation=Recommendation("A")
            )
        assert info.value.field == "recommendation"
        with pytest.raises(InputError) as info:
            InspectionCase("X", "B", "land", "petition", history, escalated_to="Huyện")
        assert info.value.field == "escalated_to"
        answered = recommended_case().answer(D(2021, 3, 26), Answer.ACCEPTED)
        with pytest.raises(InputError) as info:
            attrs.evolve(answered, recommendation=Recommendation("A", None, D(2021, 3, 28)))
        assert info.value.field == "recommendation.received"

    def test_subject_and_origin_take_names_or_vietnamese_labels(self) -> None:
        case = InspectionCase.open(
            "X", board="B", subject="Đất đai", origin="kế hoạch của Ban", on=D(2021, 1, 1)
        )
        assert (case.subject, case.origin) == (Subject.LAND, Origin.OWN_PLAN)
        with pytest.raises(InputError) as info:
            InspectionCase.open(
                "X", board="B", subject="weather", origin="petition", on=D(2021, 1, 1)
            )
        assert info.value.field == "subject"
        with pytest.raises(InputError) as info:
            InspectionCase.open("X", board="B", subject="land", origin="rumour", on=D(2021, 1, 1))
        assert info.value.field == "origin"
        with pytest.raises(InputError):
            InspectionCase.open(" ", board="B", subject="land", origin="petition", on=D(2021, 1, 1))

    def test_queries_by_date(self) -> None:
        case = recommended_case()
        assert case.state_on(D(2021, 2, 1)) is None
        assert case.state_on(D(2021, 3, 5)) is CaseState.UNDER_SUPERVISION
        assert case.date_of(CaseState.VIOLATION_FOUND) == D(2021, 3, 20)
        assert case.date_of(CaseState.RESOLVED) is None
        assert case.reached(CaseState.VIOLATION_FOUND)
        assert not case.reached(CaseState.VIOLATION_FOUND, by=D(2021, 3, 19))

    def test_from_dates_orders_the_states(self) -> None:
        case = InspectionCase.from_dates(
            "X",
            board="B",
            subject="land",
            origin="petition",
            dates={
                CaseState.RESOLVED: D(2021, 5, 1),
                CaseState.ESCALATED: D(2021, 4, 1),
                CaseState.OPENED: D(2021, 1, 1),
                CaseState.UNDER_SUPERVISION: D(2021, 1, 1),
                CaseState.VIOLATION_FOUND: D(2021, 2, 1),
                CaseState.RECOMMENDATION_SENT: D(2021, 3, 1),
            },
        )
        assert case.state is CaseState.RESOLVED
        assert case.history[-2].state is CaseState.ESCALATED
        with pytest.raises(InputError) as info:
            InspectionCase.from_dates("X", board="B", subject="land", origin="petition", dates={})
        assert info.value.field == "opened"

    def test_the_transition_table_is_acyclic_and_in_enum_order(self) -> None:
        order = list(CaseState)
        for state, nexts in TRANSITIONS.items():
            assert all(order.index(n) > order.index(state) for n in nexts)
        assert set(TRANSITIONS) == set(CaseState)
        assert CaseState.ACCEPTED.is_answer and not CaseState.ESCALATED.is_answer
        assert CaseState.OPENED.vietnamese == "tiếp nhận" and str(CaseState.OPENED) == "opened"


# ======================================================================================
# Deadlines and overdue recommendations
# ======================================================================================


class TestDeadlines:
    def test_fifteen_days_from_receipt(self) -> None:
        assert response_deadline(new_case()) is None
        assert response_deadline(recommended_case()) == D(2021, 4, 9)
        assert response_deadline(recommended_case(received=D(2021, 3, 29))) == D(2021, 4, 13)

    def test_the_rule_in_force_and_its_confidence(self) -> None:
        book = DEFAULT_DEADLINE_RULES
        assert book.rule_for(D(2016, 5, 1)).citation.confidence is Confidence.SURE
        assert book.rule_for(D(2021, 5, 1)).id == "deadline.2017"
        current = book.rule_for(D(2024, 5, 1))
        assert current.citation.confidence is Confidence.UNVERIFIED
        assert "Nghị định 99/2005" in current.citation.document
        with pytest.raises(NoApplicableRule):
            book.rule_for(D(2004, 12, 31))

    def test_working_days_use_the_holiday_calendar(self) -> None:
        rule = DeadlineRule(
            "deadline.2023",
            EffectivePeriod(D(2023, 7, 1)),
            15,
            DayCount.WORKING,
            Citation("user's reading", confidence=Confidence.UNVERIFIED),
        )
        book = DEFAULT_DEADLINE_RULES.replace(rule)
        # received the Friday before Tết 2024 (Tết holiday 8–14 February)
        expected = working_day_calendar().add_working_days(D(2024, 2, 2), 15)
        assert rule.deadline(D(2024, 2, 2)) == expected
        assert expected > D(2024, 2, 2) + dt.timedelta(days=21)
        case = (
            new_case(D(2024, 1, 2))
            .supervise(D(2024, 1, 3))
            .conclude(D(2024, 1, 20), violation=True)
            .recommend(D(2024, 2, 2))
        )
        assert response_deadline(case, rulebook=book) == expected

    def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(self) -> None:
        rule = DEFAULT_DEADLINE_RULES.rule_for(D(2022, 1, 20))
        # 20/01/2022 + 15 days = 04/02/2022, the last day of the Tết holiday
        assert rule.deadline(D(2022, 1, 20)) == D(2022, 2, 7)
        assert attrs.evolve(rule, roll=False).deadline(D(2022, 1, 20)) == D(2022, 2, 4)
        # before the calendar's years only weekends move it: 01/01/2011 + 15 = Sunday 16/01
        old = DEFAULT_DEADLINE_RULES.rule_for(D(2011, 1, 1))
        assert old.deadline(D(2011, 1, 1)) == D(2011, 1, 17)

    def test_replace_an_unknown_rule(self) -> None:
        rule = DeadlineRule(
            "nope", EffectivePeriod(D(2023, 7, 1)), 30, DayCount.CALENDAR, Citation("x")
        )
        with pytest.raises(InputError, match=r"deadline\.2023"):
            DEFAULT_DEADLINE_RULES.replace(rule)

    def test_overdue_lists_unanswered_cases_most_late_first(self) -> None:
        cases = load_cases(CASES_CSV)
        late = overdue(cases, on=D(2022, 1, 15))
        assert [o.case.id for o in late] == ["HN-2021-011", "HN-2021-003", "HN-2021-007"]
        # received 26/11 + 15 days is Saturday 11/12: the deadline moves to Monday 13/12
        assert late[-1].deadline == D(2021, 12, 13)
        assert late[-1].days_late == 33
        assert late[0].to_dict()["authority"] == "Giám đốc Sở Xây dựng"

    def test_an_answer_on_the_deadline_day_is_in_time(self) -> None:
        case = recommended_case()
        assert overdue([case], on=D(2021, 4, 9)) == []
        assert len(overdue([case], on=D(2021, 4, 10))) == 1
        # answered later: overdue on 10 April, not once answered
        answered = case.answer(D(2021, 4, 20), Answer.ACCEPTED)
        assert len(overdue([answered], on=D(2021, 4, 10))) == 1
        assert overdue([answered], on=D(2021, 4, 21)) == []

    def test_escalated_and_not_yet_received_cases_are_not_listed(self) -> None:
        assert overdue([recommended_case().escalate(D(2021, 4, 15))], on=D(2021, 5, 1)) == []
        assert overdue([recommended_case(received=D(2021, 4, 2))], on=D(2021, 3, 30)) == []

    def test_a_custom_rulebook(self) -> None:
        rule = DeadlineRule(
            "mine", EffectivePeriod(D(2000, 1, 1)), 60, DayCount.CALENDAR, Citation("x")
        )
        assert (
            overdue([recommended_case()], on=D(2021, 5, 1), rulebook=DeadlineRulebook((rule,)))
            == []
        )

    def test_on_must_be_a_date(self) -> None:
        with pytest.raises(InputError):
            overdue([], on="2022-01-15")  # type: ignore[arg-type]


# ======================================================================================
# Tallies from case records
# ======================================================================================


class TestTally:
    def test_tally_of_the_sample_year(self) -> None:
        cases = load_cases(CASES_CSV)
        assert tally(cases, 2021) == CaseTally(10, 7, 7, 4)
        # the case opened in December 2020 belongs to 2020
        assert tally(cases, 2020) == CaseTally(1, 0, 0, 0)

    def test_stages_count_up_to_as_of(self) -> None:
        case = recommended_case().answer(D(2021, 4, 1), Answer.ACCEPTED).resolve(D(2022, 1, 10))
        assert tally([case], 2021) == CaseTally(1, 1, 1, 0)
        assert tally([case], 2021, as_of=D(2022, 2, 1)) == CaseTally(1, 1, 1, 1)
        assert tally([case], 2021, as_of=D(2021, 3, 15)) == CaseTally(1, 0, 0, 0)

    def test_periods(self) -> None:
        cases = load_cases(CASES_CSV)
        first_half = Period(D(2021, 1, 1), D(2021, 6, 30))
        assert tally(cases, first_half) == tally(
            cases, EffectivePeriod(D(2021, 1, 1), D(2021, 7, 1))
        )
        assert tally(cases, first_half).supervised == 5
        with pytest.raises(InputError) as info:
            tally(cases, "2021")  # type: ignore[arg-type]
        assert info.value.field == "period"
        with pytest.raises(InputError) as info:
            tally(cases, EffectivePeriod(D(2021, 1, 1)))
        assert info.value.field == "as_of"
        assert tally(cases, EffectivePeriod(D(2021, 1, 1)), as_of=D(2021, 12, 31)).supervised == 10

    def test_tally_by_unit_groups_and_sorts(self) -> None:
        by_unit = tally_by_unit(load_cases(CASES_CSV), 2021)
        assert list(by_unit) == ["00001", "00004", "00007", "00040", "10237", None]
        assert by_unit["00004"] == CaseTally(2, 1, 2, 1)
        assert sum(by_unit.values()) == CaseTally(10, 7, 7, 4)
        by_subject = tally_by_unit(load_cases(CASES_CSV), 2021, key=lambda c: str(c.subject))
        assert by_subject["land"].supervised == 2

    def test_derived_tally_compared_with_a_reported_one(self) -> None:
        derived = tally(load_cases(CASES_CSV), 2021)
        reported = CaseTally(supervised=11, violations=7)
        [f] = compare(reported, derived)
        assert "11" in f.message and "10" in f.message


# ======================================================================================
# Roll-ups
# ======================================================================================


def synthetic_gazetteer(
    extra: tuple[AdministrativeUnit, ...] = (),
    unresolved: dict[tuple[str, dt.date], str] | None = None,
) -> Gazetteer:
    """Two provinces; on 1 July 2025 districts go, 00001+00002 merge, 00003 splits
    across the provinces (default successor in province 01)."""
    U = AdministrativeUnit
    R = REFORM
    start = D(2021, 1, 1)
    units = [
        U("thành phố trực thuộc trung ương", "01", "Thành phố Một", None, start, None),
        U("tỉnh", "02", "Tỉnh Hai", None, start, None),
        U("quận", "001", "Quận Một", "01", start, R),
        U("huyện", "002", "Huyện Hai", "01", start, R),
        U("huyện", "003", "Huyện Ba", "02", start, R),
        U("phường", "00001", "Phường Một", "001", start, R),
        U("phường", "00002", "Phường Hai", "001", start, R),
        U("xã", "00003", "Xã Ba", "002", start, R),
        U("xã", "00004", "Xã Bốn", "002", start, R),
        U("xã", "00005", "Xã Năm", "003", start, R),
        U("xã", "00006", "Xã Sáu", "003", start, R),
        U("phường", "10001", "Phường Mười Một", "01", R, None),
        U("xã", "10002", "Xã Mười Hai", "01", R, None),
        U("xã", "20001", "Xã Hai Mươi Mốt", "02", R, None),
        U("xã", "00006", "Xã Sáu", "02", R, None),
    ]
    L = LineageLink
    links = [
        L(R, "merge", "00001", "10001"),
        L(R, "merge", "00002", "10001"),
        L(R, "split", "00003", "10002", whole=False, default=True),
        L(R, "split", "00003", "20001", whole=False, default=False),
        L(R, "merge", "00004", "10002"),
        L(R, "merge", "00005", "20001"),
        L(R, "reparent", "00006", "00006"),
        L(R, "abolish", "001", "01"),
        L(R, "abolish", "002", "01"),
        L(R, "abolish", "003", "02"),
    ]
    if extra or unresolved:
        return Gazetteer([*units, *extra], links, unresolved=unresolved)
    return Gazetteer.from_units(units, links)


SYN = {f"0000{i}": CaseTally(10 * i, i, i, 0) for i in range(1, 7)}
ON = D(2021, 6, 1)


class TestRollupSynthetic:
    def test_same_date_up_the_hierarchy(self) -> None:
        g = synthetic_gazetteer()
        by_district = rollup(SYN, on=ON, level=UnitLevel.DISTRICT, gazetteer=g)
        assert dict(by_district.tallies) == {
            "001": CaseTally(30, 3, 3, 0),
            "002": CaseTally(70, 7, 7, 0),
            "003": CaseTally(110, 11, 11, 0),
        }
        by_province = rollup(SYN, on=ON, gazetteer=g)
        assert by_province["01"] == CaseTally(100, 10, 10, 0)
        assert by_province.total() == by_district.total() == sum(SYN.values())
        assert by_province.approximate == frozenset() and by_province.to == ON
        assert rollup(SYN, on=ON, level=UnitLevel.COMMUNE, gazetteer=g).tallies == SYN

    def test_to_the_communes_of_2025_with_a_split(self) -> None:
        g = synthetic_gazetteer()
        r = rollup(SYN, on=ON, to=REFORM, level=UnitLevel.COMMUNE, gazetteer=g)
        assert dict(r.tallies) == {
            "00006": CaseTally(60, 6, 6, 0),
            "10001": CaseTally(30, 3, 3, 0),
            "10002": CaseTally(70, 7, 7, 0),
            "20001": CaseTally(50, 5, 5, 0),
        }
        assert r.splits == {"00003": ("10002", "20001")}
        assert r.approximate == frozenset({"10002", "20001"})
        assert r.total() == sum(SYN.values())

    def test_a_split_across_provinces_makes_both_provinces_approximate(self) -> None:
        r = rollup(SYN, on=ON, to=REFORM, gazetteer=synthetic_gazetteer())
        assert r["01"] == CaseTally(100, 10, 10, 0)
        assert r.approximate == frozenset({"01", "02"})

    def test_a_split_inside_one_unit_is_exact_at_that_level(self) -> None:
        # in Hà Nội every split stays inside the city
        g = gazetteer()
        tallies = {"00007": CaseTally(5, 1, 1, 1), "00016": CaseTally(2, 0, 0, 0)}
        r = rollup(tallies, on=HANOI_2021, to=REFORM, gazetteer=g)
        assert r["01"] == CaseTally(7, 1, 1, 1)
        assert r.approximate == frozenset()
        assert set(r.splits) == {"00007", "00016"}

    def test_on_split_error(self) -> None:
        with pytest.raises(SplitConversion) as info:
            rollup(SYN, on=ON, to=REFORM, on_split="error", gazetteer=synthetic_gazetteer())
        assert info.value.split == {"00003": ("10002", "20001")}

    def test_no_districts_after_the_reform(self) -> None:
        with pytest.raises(RollupError, match="no districts"):
            rollup(SYN, on=ON, to=REFORM, level=UnitLevel.DISTRICT, gazetteer=synthetic_gazetteer())

    def test_tallies_above_the_level_asked(self) -> None:
        with pytest.raises(RollupError, match="province"):
            rollup(
                {"01": CaseTally(1)},
                on=ON,
                level=UnitLevel.DISTRICT,
                gazetteer=synthetic_gazetteer(),
            )

    def test_bad_input(self) -> None:
        g = synthetic_gazetteer()
        with pytest.raises(UnknownUnit):
            rollup({"00009": CaseTally(1)}, on=ON, gazetteer=g)
        with pytest.raises(UnknownUnit):
            rollup({"00009": CaseTally(1)}, on=ON, to=REFORM, gazetteer=g)
        with pytest.raises(InputError) as info:
            rollup({"1x": CaseTally(1)}, on=ON, gazetteer=g)
        assert info.value.field == "tallies['1x']"
        with pytest.raises(InputError):
            rollup({"00001": 3}, on=ON, gazetteer=g)  # type: ignore[dict-item]
        with pytest.raises(InputError):
            rollup(SYN, on=ON, on_split="all", gazetteer=g)  # type: ignore[arg-type]
        with pytest.raises(InputError):
            rollup(SYN, on=ON, on_unresolved="keep", gazetteer=g)  # type: ignore[arg-type]
        with pytest.raises(InputError):
            rollup(SYN, on=ON, level="province", gazetteer=g)  # type: ignore[arg-type]

    def test_unresolved_units_raise_or_are_dropped_and_listed(self) -> None:
        lost = AdministrativeUnit("xã", "00009", "Xã Chín", "003", D(2021, 1, 1), REFORM)
        g = synthetic_gazetteer((lost,), {("00009", REFORM): "Xã Chín: no successor recorded"})
        tallies = {"00009": CaseTally(3, 1, 1, 0), "00001": CaseTally(2, 0, 0, 0)}
        with pytest.raises(UnknownUnit, match="Xã Chín"):
            rollup(tallies, on=ON, to=REFORM, gazetteer=g)
        r = rollup(tallies, on=ON, to=REFORM, on_unresolved="drop", gazetteer=g)
        assert dict(r.unresolved) == {"00009": "Xã Chín: no successor recorded"}
        assert r.total() == CaseTally(2, 0, 0, 0)
        assert r.to_dict()["unresolved"] == {"00009": "Xã Chín: no successor recorded"}

    def test_rollup_helpers(self, monkeypatch: pytest.MonkeyPatch) -> None:
        r = rollup(SYN, on=ON, to=REFORM, gazetteer=synthetic_gazetteer())
        assert len(r) == 2 and list(r) == ["01", "02"]
        d = r.to_dict()
        assert d["level"] == "province" and d["approximate"] == ["01", "02"]
        assert d["total"] == sum(SYN.values()).to_dict()
        assert "≈" in r._repr_html_()
        assert r.check() == []
        bad = rollup({"00001": CaseTally(1, 2)}, on=ON, gazetteer=synthetic_gazetteer())
        assert [f.path for f in bad.check()] == ["rollup[01].violations"]
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MissingDependency):
            r.to_pandas()

    def test_a_minimal_fake_gazetteer(self) -> None:
        class Fake:
            province = AdministrativeUnit("tỉnh", "01", "Tỉnh Một")
            commune = AdministrativeUnit("xã", "00001", "Xã Một", "001")

            def get(self, code: str, *, on: dt.date) -> AdministrativeUnit | None:
                return {"01": self.province, "00001": self.commune}.get(code)

            def ancestors(self, code: str, *, on: dt.date) -> tuple[AdministrativeUnit, ...]:
                return (self.province,) if code == "00001" else ()

            def project(self, code: str, *, on: dt.date, to: dt.date) -> object:
                raise AssertionError("not called when on == to")

        r = rollup({"00001": CaseTally(4)}, on=ON, gazetteer=Fake())
        assert r["01"] == CaseTally(4)


def synthetic_hanoi_year() -> list[InspectionCase]:
    """A year of case records spread over Hà Nội's 579 communes of 2021-12-17."""
    communes = [u.code for u in gazetteer().units(on=HANOI_2021, level="commune", within="01")]
    assert len(communes) == 579
    cases = []
    for i in range(4956):
        unit = communes[(i * 7) % len(communes)]
        opened = D(2021, 1, 1) + dt.timedelta(days=(i * 13) % 300)
        case = InspectionCase.open(
            f"HN-{i:05d}",
            board=f"BTTND-{unit}",
            subject=list(Subject)[i % 7],
            origin=list(Origin)[i % 3],
            on=opened,
            unit=unit,
        ).supervise(opened + dt.timedelta(days=1))
        if i % 8 == 0:
            case = case.conclude(opened + dt.timedelta(days=10), violation=True)
            if i % 16 == 0:
                case = case.recommend(opened + dt.timedelta(days=12))
                if i % 32 == 0:
                    case = case.answer(opened + dt.timedelta(days=20), Answer.ACCEPTED)
                    case = case.resolve(opened + dt.timedelta(days=30))
        cases.append(case)
    return cases


class TestHanoiAcceptance:
    def test_same_city_total_by_2021_districts_or_by_2025_communes(self) -> None:
        cases = synthetic_hanoi_year()
        whole = tally(cases, 2021)
        by_commune = tally_by_unit(cases, 2021)
        assert len(by_commune) == 579
        districts = rollup(by_commune, on=HANOI_2021, level=UnitLevel.DISTRICT)
        communes_2025 = rollup(by_commune, on=HANOI_2021, to=REFORM, level=UnitLevel.COMMUNE)
        city = rollup(by_commune, on=HANOI_2021, to=REFORM)
        assert len(districts) == 30
        assert set(communes_2025.tallies) <= {
            u.code for u in gazetteer().units(on=REFORM, level="commune", within="01")
        }
        assert districts.total() == communes_2025.total() == city["01"] == whole
        assert list(city) == ["01"] and city.approximate == frozenset()
        assert communes_2025.splits and communes_2025.approximate
        assert whole.check() == []


# ======================================================================================
# CSV records
# ======================================================================================

HEADER = ",".join(COLUMNS)


def csv_text(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> io.StringIO:
    lines = [",".join(columns)]
    for row in rows:
        lines.append(",".join(row.get(c, "") for c in columns))
    return io.StringIO("\n".join(lines) + "\n")


BASE = {
    "id": "X-1",
    "board": "BTTND-00004",
    "unit": "00004",
    "subject": "land",
    "origin": "petition",
    "opened": "2021-03-01",
}


def load_error(*rows: dict[str, str], columns: tuple[str, ...] = COLUMNS) -> InputError:
    with pytest.raises(InputError) as info:
        load_cases(csv_text(*rows, columns=columns), name="cases.csv")
    assert info.value.source == "cases.csv"
    return info.value


class TestCaseRecords:
    def test_dump_then_load_is_lossless(self, tmp_path: Path) -> None:
        cases = load_cases(CASES_CSV)
        assert len(cases) == 12
        assert load_cases(io.StringIO(dumps_cases(cases))) == cases
        target = tmp_path / "out.csv"
        dump_cases(cases, target)
        assert load_cases(target) == cases
        assert target.read_text(encoding="utf-8") == CASES_CSV.read_text(encoding="utf-8")
        out = io.StringIO()
        dump_cases(cases, out)
        assert out.getvalue() == dumps_cases(cases)

    def test_iter_cases_streams(self) -> None:
        it = iter_cases(CASES_CSV)
        assert next(it).id == "HN-2020-012"

    def test_lenient_forms_are_read(self) -> None:
        text = (
            "\ufeff"
            + HEADER
            + "\n"
            + ",".join(
                {
                    **BASE,
                    "subject": "Đất đai",
                    "origin": "được chuyển đến",
                    "opened": "1/3/2021",
                }.get(c, "")
                for c in COLUMNS
            )
            + "\n,,,\n"
        )
        [case] = load_cases(io.StringIO(text))
        assert (case.subject, case.origin, case.opened) == (
            Subject.LAND,
            Origin.REFERRED,
            D(2021, 3, 1),
        )

    def test_only_the_required_columns(self) -> None:
        columns = ("id", "board", "subject", "origin", "opened")
        [case] = load_cases(csv_text(BASE, columns=columns))
        assert case.unit is None and case.state is CaseState.OPENED

    def test_unknown_duplicate_and_missing_columns(self) -> None:
        err = load_error(BASE, columns=(*COLUMNS, "note"))
        assert (err.row, err.field) == (1, "note")
        err = load_error(BASE, columns=(*COLUMNS, "opened"))
        assert (err.row, err.field) == (1, "opened")
        err = load_error(BASE, columns=("id", "board", "subject", "opened"))
        assert err.field == "origin"

    def test_blank_required_value(self) -> None:
        err = load_error(BASE, {**BASE, "id": "X-2", "board": ""})
        assert (err.row, err.field) == (3, "board")

    def test_bad_and_impossible_dates(self) -> None:
        err = load_error({**BASE, "under_supervision": "March 2"})
        assert (err.row, err.field) == (2, "under_supervision")
        err = load_error({**BASE, "under_supervision": "2021-02-30"})
        assert err.field == "under_supervision" and "not a real date" in str(err)
        err = load_error({**BASE, "recommendation_sent": "2021-03-05", "received": "5.3.2021"})
        assert err.field == "received"

    def test_illegal_path_names_the_column(self) -> None:
        row = {
            **BASE,
            "under_supervision": "2021-03-02",
            "no_violation": "2021-03-03",
            "violation_found": "2021-03-04",
        }
        err = load_error(row)
        assert (err.row, err.field) == (2, "violation_found")
        assert "no_violation" in str(err)
        err = load_error({**BASE, "resolved": "2021-04-01"})
        assert err.field == "resolved"

    def test_dates_going_backwards_name_the_column(self) -> None:
        row = {**BASE, "under_supervision": "2021-03-05", "violation_found": "2021-03-04"}
        err = load_error(row)
        assert err.field == "violation_found" and "backwards" in str(err)

    def test_unit_codes(self) -> None:
        err = load_error({**BASE, "unit": "4"})
        assert err.field == "unit" and "00004" in str(err)
        err = load_error({**BASE, "unit": "P.4"})
        assert err.field == "unit"

    def test_details_without_their_step(self) -> None:
        err = load_error({**BASE, "authority": "UBND"})
        assert err.field == "authority"
        err = load_error({**BASE, "received": "2021-03-05"})
        assert err.field == "received"
        err = load_error({**BASE, "escalated_to": "UBND quận"})
        assert err.field == "escalated_to"
        row = {
            **BASE,
            "under_supervision": "2021-03-02",
            "violation_found": "2021-03-03",
            "recommendation_sent": "2021-03-05",
            "received": "2021-03-04",
        }
        err = load_error(row)
        assert err.field == "received"

    def test_bad_subject_and_duplicate_id(self) -> None:
        err = load_error({**BASE, "subject": "weather"})
        assert (err.row, err.field) == (2, "subject")
        err = load_error(BASE, BASE)
        assert (err.row, err.field) == (3, "id")
        assert "row 2" in str(err)

    def test_ragged_rows_empty_files_and_missing_files(self, tmp_path: Path) -> None:
        text = io.StringIO(HEADER + "\nX-1,B,00004\n")
        with pytest.raises(InputError) as info:
            load_cases(text)
        assert info.value.row == 2 and info.value.source == "<stream>"
        with pytest.raises(InputError, match="empty"):
            load_cases(io.StringIO(""))
        with pytest.raises(InputError, match="not found"):
            load_cases(tmp_path / "nope.csv")

    def test_malformed_csv(self) -> None:
        huge = "x" * 200_000
        with pytest.raises(InputError) as info:
            load_cases(io.StringIO(f'"{huge}"\n'))
        assert info.value.row == 1 and "CSV" in str(info.value)
        with pytest.raises(InputError) as info:
            load_cases(io.StringIO(f'{HEADER}\n"{huge}"\n'))
        assert info.value.row == 2

    def test_the_shipped_bad_file(self) -> None:
        with pytest.raises(InputError) as info:
            load_cases(DATA / "cases_bad_dates.csv")
        assert (info.value.row, info.value.field) == (3, "resolved")


# ======================================================================================
# Command line
# ======================================================================================


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    register(sub)
    args = parser.parse_args(argv)
    rc = args.func(args)
    return rc, capsys.readouterr().out


class TestCommandLine:
    def test_tally_by_district(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(
            ["cases", "tally", str(CASES_CSV), "--period", "2021", "--by", "district"], capsys
        )
        assert rc == 0
        assert "Quận Ba Đình" in out and "Huyện Thường Tín" in out
        assert "(cases without a unit)" in out
        total = next(line for line in out.splitlines() if line.startswith("total"))
        assert total.split()[1:] == ["10", "7", "7", "4"]
        assert "tally.recommended-le-violations" in out

    def test_tally_json_to_2025_communes(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(
            [
                "cases",
                "tally",
                str(CASES_CSV),
                "--period",
                "2021",
                "--by",
                "commune",
                "--to",
                "2025-07-01",
                "--format",
                "json",
            ],
            capsys,
        )
        assert rc == 0
        data = json.loads(out)
        assert data["to"] == "2025-07-01" and data["on"] == "2021-12-31"
        assert data["total"] == {"supervised": 10, "violations": 7, "recommended": 7, "resolved": 4}
        assert data["unassigned"]["supervised"] == 1
        assert any(u["approximate"] for u in data["units"])
        assert "00007" in data["splits"]

    def test_tally_province_with_explicit_on_and_periods(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rc, out = run(
            [
                "cases",
                "tally",
                str(CASES_CSV),
                "--period",
                "2021-01-01..2021-06-30",
                "--on",
                "2021-12-17",
                "--format",
                "json",
            ],
            capsys,
        )
        assert rc == 0
        data = json.loads(out)
        assert data["total"]["supervised"] == 5
        assert [u["code"] for u in data["units"]] == ["01"]
        rc, out = run(["cases", "tally", str(CASES_CSV), "--period", "quý III/2021"], capsys)
        assert rc == 0 and "2021-07-01 – 2021-09-30" in out

    def test_tally_errors(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(InputError):
            run(["cases", "tally", str(CASES_CSV), "--period", "next year"], capsys)
        with pytest.raises(InputError):
            run(["cases", "tally", str(CASES_CSV), "--period", "2021-06-30..2021-01-01"], capsys)
        with pytest.raises(InputError):
            run(["cases", "tally", str(CASES_CSV), "--period", "2021-01-01..June"], capsys)
        with pytest.raises(SplitConversion):
            run(
                [
                    "cases",
                    "tally",
                    str(CASES_CSV),
                    "--period",
                    "2021",
                    "--to",
                    "2025-07-01",
                    "--on-split",
                    "error",
                ],
                capsys,
            )
        with pytest.raises(RollupError):
            run(
                [
                    "cases",
                    "tally",
                    str(CASES_CSV),
                    "--period",
                    "2021",
                    "--to",
                    "2025-07-01",
                    "--by",
                    "district",
                ],
                capsys,
            )

    def test_tally_compared_with_reported_figures(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ["cases", "tally", str(CASES_CSV), "--period", "2021"]
        rc, out = run([*argv, "--reported", "supervised=10", "--reported", "violations=7"], capsys)
        assert rc == 0 and "matches-records" not in out
        rc, out = run([*argv, "--reported", "supervised=11", "--format", "json"], capsys)
        assert rc == 1
        [f] = json.loads(out)["findings"]
        assert f["rule"] == "tally.matches-records" and "11" in f["message"]
        assert json.loads(out)["reported"] == {
            "supervised": 11,
            "violations": None,
            "recommended": None,
            "resolved": None,
        }
        with pytest.raises(InputError) as info:
            run([*argv, "--reported", "supervized=3"], capsys)
        assert info.value.field == "--reported"
        with pytest.raises(InputError):
            run([*argv, "--reported", "supervised=many"], capsys)

    def test_overdue(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15"], capsys)
        assert rc == 0
        assert "3 of 12" in out and "HN-2021-011" in out and "unverified" in out
        rc, out = run(
            ["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15", "--format", "json"], capsys
        )
        data = json.loads(out)
        assert [o["id"] for o in data["overdue"]] == ["HN-2021-011", "HN-2021-003", "HN-2021-007"]
        assert data["overdue"][0]["confidence"] == "unverified"

    def test_overdue_with_the_users_deadline(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(
            ["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15", "--days", "60"], capsys
        )
        assert rc == 0 and "2 of 12" in out and "HN-2021-007" not in out
        rc, out = run(
            [
                "cases",
                "overdue",
                str(CASES_CSV),
                "--on",
                "2021-12-15",
                "--days",
                "15",
                "--count",
                "working",
                "--format",
                "json",
            ],
            capsys,
        )
        assert rc == 0
        assert "HN-2021-007" not in [o["id"] for o in json.loads(out)["overdue"]]
        with pytest.raises(InputError):
            run(["cases", "overdue", str(CASES_CSV), "--on", "2022-01-15", "--days", "0"], capsys)

    def test_overdue_none(self, capsys: pytest.CaptureFixture[str]) -> None:
        rc, out = run(["cases", "overdue", str(CASES_CSV), "--on", "2021-01-01"], capsys)
        assert rc == 0 and out.startswith("0 of 12")

    def test_main_reports_bad_input_with_status_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        from qcdc.cli import main

        assert (
            main(["cases", "overdue", str(DATA / "cases_bad_dates.csv"), "--on", "2022-01-01"]) == 2
        )
        err = capsys.readouterr().err
        assert "row 3" in err and "resolved" in err


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
