"""Tallies of qcdc.inspection: CaseTally, ProjectTally, tallies of case records."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import attrs
import pytest

from qcdc.citations import EffectivePeriod
from qcdc.dates import Period
from qcdc.errors import (
    InputError,
    MissingDependency,
)
from qcdc.findings import Severity
from qcdc.inspection import (
    Answer,
    CaseTally,
    InspectionCase,
    Origin,
    ProjectTally,
    Subject,
    compare,
    rollup,
    tallies_to_pandas,
    tally,
    tally_by_unit,
)
from qcdc.inspection._csv import load_cases
from qcdc.units import UnitLevel

D = dt.date
DATA = Path(__file__).parent.parent / "data" / "inspection"
CASES_CSV = DATA / "cases_hanoi_2021.csv"
HANOI_2021 = D(2021, 12, 17)
REFORM = D(2025, 7, 1)


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
