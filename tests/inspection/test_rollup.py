"""Roll-ups of tallies through the lineage and up the unit hierarchy."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Literal

import pytest

from qcdc.errors import (
    InputError,
    MissingDependency,
    SplitConversion,
    UnknownUnit,
)
from qcdc.inspection import (
    Answer,
    CaseTally,
    InspectionCase,
    Origin,
    RollupError,
    Subject,
    rollup,
    tally,
    tally_by_unit,
)
from qcdc.units import AdministrativeUnit, UnitLevel
from qcdc.units.gazetteer import Gazetteer, gazetteer
from qcdc.units.lineage import LineageLink

D = dt.date
HANOI_2021 = D(2021, 12, 17)
REFORM = D(2025, 7, 1)


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

    @pytest.mark.parametrize("spelling", ["raise", "error"])  # "error": the 0.1 spelling
    def test_on_split_raise(self, spelling: Literal["raise", "error"]) -> None:
        with pytest.raises(SplitConversion) as info:
            rollup(SYN, on=ON, to=REFORM, on_split=spelling, gazetteer=synthetic_gazetteer())
        assert info.value.split == {"00003": ("10002", "20001")}

    def test_a_policy_outside_the_vocabulary_is_refused(self) -> None:
        with pytest.raises(InputError, match="on_split must be 'default' or 'raise'"):
            rollup(SYN, on=ON, to=REFORM, on_split="all", gazetteer=synthetic_gazetteer())  # type: ignore[arg-type]

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
        # a code no unit has on ``on`` is dropped the same way, with its reason
        r = rollup({"00077": CaseTally(1)}, on=ON, on_unresolved="drop", gazetteer=g)
        assert dict(r.unresolved) == {"00077": f"no unit has this code on {ON.isoformat()}"}
        assert r.total() == CaseTally.zero()

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
