"""qcdc.units.rebase (issue 12 §2): stated shares, going back in time, pandas, and the
errors, on a small gazetteer of one's own and on the embedded data."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

import qcdc
from qcdc.errors import InputError
from qcdc.units import (
    AdministrativeUnit,
    EventKind,
    LineageLink,
    Rebased,
    UnitKind,
    rebase,
)
from qcdc.units.gazetteer import Gazetteer

D1 = dt.date(2021, 1, 1)
D2 = dt.date(2025, 7, 1)
D2021 = dt.date(2021, 12, 17)
ACT = "9999/NQ-UBTVQH15"


def _own() -> Gazetteer:
    """A province and, on D2: A + part of B → X; the rest of B + C + a part of D → Y;
    D goes on; E renamed Z; F divided into V and W."""

    def commune(code: str, name: str, start: dt.date, end: dt.date | None) -> AdministrativeUnit:
        return AdministrativeUnit(UnitKind.COMMUNE, code, f"Xã {name}", "01", start, end)

    units = [
        AdministrativeUnit(UnitKind.PROVINCE, "01", "Tỉnh Một"),
        commune("00001", "A", D1, D2),
        commune("00002", "B", D1, D2),
        commune("00003", "C", D1, D2),
        commune("00004", "D", D1, None),
        commune("00005", "E", D1, D2),
        commune("00006", "F", D1, D2),
        commune("00010", "X", D2, None),
        commune("00011", "Y", D2, None),
        commune("00012", "Z", D2, None),
        commune("00013", "V", D2, None),
        commune("00014", "W", D2, None),
    ]
    m, s = EventKind.MERGE, EventKind.SPLIT

    def part(src: str, tgt: str, pop: str | None, area: str | None, default: bool) -> LineageLink:
        return LineageLink(
            D2,
            m,
            src,
            tgt,
            whole=False,
            default=default,
            share=pop,
            basis=ACT,
            clause="5",
            population_share=pop,
            area_share=area,
        )

    links = [
        LineageLink(D2, m, "00001", "00010", basis=ACT),
        part("00002", "00010", "3/10", "1/2", True),
        part("00002", "00011", "7/10", "1/2", False),
        LineageLink(D2, m, "00003", "00011", basis=ACT),
        LineageLink(
            D2,
            s,
            "00004",
            "00011",
            whole=False,
            default=False,
            share="1/4",
            population_share="1/4",
            basis=ACT,
            clause="6",
        ),
        LineageLink(D2, EventKind.RENAME, "00005", "00012", basis=ACT),
        part("00006", "00013", "2/5", "1/3", True),
        part("00006", "00014", "3/5", "2/3", False),
    ]
    return Gazetteer.from_units(units, links)


OWN = _own()
OLD = ["00001", "00002", "00003", "00004", "00005", "00006"]


def _table(cases: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"code": c, "cases": v} for c, v in cases.items()]


def _cases(out: Rebased) -> dict[str, Any]:
    return {r.code: r["cases"] for r in out}


TABLE = _table(dict(zip(OLD, (10, 100, 1, 40, 5, 50), strict=True)))


def test_population_shares_divide_split_units_and_are_stated() -> None:
    out = rebase(
        TABLE,
        on=D1,
        to=D2,
        how={"cases": "sum"},
        gazetteer=OWN,
        on_split="share",
        split_by="population",
    )
    assert _cases(out) == {
        "00004": 30,
        "00010": 40,
        "00011": 81,
        "00012": 5,
        "00013": 20,
        "00014": 30,
    }
    b_in_x = next(c for c in out["00010"].sources if c.code == "00002")
    assert b_in_x.share == Fraction(3, 10)
    assert b_in_x.basis == f"population share 3/10 of 00002 → 00010 ({ACT}, clause 5)"
    rest_of_d = out["00004"].sources[0]
    assert rest_of_d.share == Fraction(3, 4) and "the rest" in rest_of_d.basis
    assert sum(_cases(out).values()) == sum(r["cases"] for r in TABLE)


def test_area_shares_are_used_when_asked_and_a_missing_one_is_refused() -> None:
    without_d = [r for r in TABLE if r["code"] != "00004"]
    out = rebase(
        without_d,
        on=D1,
        to=D2,
        how={"cases": "sum"},
        gazetteer=OWN,
        on_split="share",
        split_by="area",
    )
    assert out["00010"]["cases"] == 10 + 50 and out["00011"]["cases"] == 50 + 1
    assert out["00013"]["cases"] == pytest.approx(50 / 3)
    with pytest.raises(InputError) as err:
        rebase(
            TABLE,
            on=D1,
            to=D2,
            how={"cases": "sum"},
            gazetteer=OWN,
            on_split="share",
            split_by="area",
        )
    assert err.value.field == "on_split" and err.value.row == 4
    assert "00004 -> 00004, 00011 (no area share stated for 00004, 00011)" in str(err.value)


def test_default_and_equal_splits_say_what_they_assumed() -> None:
    out = rebase(TABLE, on=D1, to=D2, how={"cases": "sum"}, gazetteer=OWN)
    assert _cases(out) == {
        "00004": 40,
        "00010": 110,
        "00011": 1,
        "00012": 5,
        "00013": 50,
        "00014": 0,
    }
    (w,) = out["00014"].sources
    assert w.share == 0 and "counted in 00013" in w.basis
    equal = rebase(TABLE, on=D1, to=D2, how={"cases": "sum"}, gazetteer=OWN, on_split="equal")
    assert equal["00013"]["cases"] == 25 and equal["00014"]["cases"] == 25
    assert all("assumed" in c.basis for c in equal["00013"].sources)
    with pytest.raises(InputError, match="on_split='raise'"):
        rebase(TABLE, on=D1, to=D2, how={"cases": "sum"}, gazetteer=OWN, on_split="raise")


def test_backward_sums_the_parts_of_a_divided_unit() -> None:
    """V and W were F: going back, their figures are F's.  Z was E: its figure is E's."""
    table = _table({"00012": 7, "00013": 2, "00014": 3})
    out = rebase(table, on=D2, to=D1, how={"cases": "sum"}, gazetteer=OWN)
    assert _cases(out) == {"00005": 7, "00006": 5}
    assert [c.code for c in out["00006"].sources] == ["00013", "00014"]


def test_backward_a_unit_formed_from_several_needs_a_policy() -> None:
    table = _table({"00010": 60, "00011": 30})
    for on_split in ("default", "share", "raise"):
        with pytest.raises(InputError) as err:
            rebase(table, on=D2, to=D1, how={"cases": "sum"}, gazetteer=OWN, on_split=on_split)
        assert "formed from several units" in str(err.value) and err.value.row == 1
    with pytest.raises(InputError, match="not the share of a new unit"):
        rebase(table, on=D2, to=D1, how={"cases": "sum"}, gazetteer=OWN, on_split="share")
    out = rebase(table, on=D2, to=D1, how={"cases": "sum"}, gazetteer=OWN, on_split="equal")
    assert _cases(out) == {"00001": 30, "00002": 40, "00003": 10, "00004": 10}
    # a unit that kept its code takes the whole figure under on_split='default'
    back = rebase(_table({"00004": 9}), on=D2, to=D1, how={"cases": "sum"}, gazetteer=OWN)
    assert _cases(back) == {"00004": 9}


def test_labels_first_and_same() -> None:
    table = [
        {"code": "00001", "region": "north", "tag": "a"},
        {"code": "00002", "region": "north", "tag": "b"},
        {"code": "00003", "region": "south", "tag": "c"},
    ]
    out = rebase(table, on=D1, to=D2, how={"region": "same", "tag": "first"}, gazetteer=OWN)
    assert out["00010"].values == {"region": "north", "tag": "a"}
    with pytest.raises(InputError) as err:
        rebase(
            table,
            on=D1,
            to=D2,
            how={"region": "same", "tag": "first"},
            gazetteer=OWN,
            on_split="equal",
        )
    assert err.value.field == "region" and "00011 Xã Y disagree" in str(err.value)


def test_decimals_stay_decimals_and_ints_stay_ints() -> None:
    out = rebase(
        _table({"00001": Decimal("1.5"), "00002": Decimal("2.25")}),
        on=D1,
        to=D2,
        how={"cases": "sum"},
        gazetteer=OWN,
    )
    assert out["00010"]["cases"] == Decimal("3.75")
    assert isinstance(
        rebase(TABLE, on=D1, to=D2, how={"cases": "sum"}, gazetteer=OWN)["00010"]["cases"], int
    )


@pytest.mark.parametrize(
    ("how", "field", "message"),
    [
        ({"cases": ("sum", "population")}, "how['cases']", "only 'mean' takes a weight"),
        ({"cases": "median"}, "how['cases']", "got 'median'"),
        ({"cases": ("mean", "households")}, "how['cases']", "'households' is not a column"),
        ({"cases": ("mean", "cases")}, "how['cases']", "cannot weight itself"),
        ({"code": "sum", "cases": "sum"}, "how['code']", "the code column"),
        ({"name": "first", "cases": "sum"}, "how['name']", "the name column"),
    ],
)
def test_a_bad_how_is_named(how: Any, field: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        rebase(TABLE, on=D1, to=D2, how=how, gazetteer=OWN)
    assert err.value.field == field and message in str(err.value)


def test_bad_values_name_their_row() -> None:
    table = [*TABLE[:2], {"code": "00003", "cases": "many"}]
    with pytest.raises(InputError) as err:
        rebase(table, on=D1, to=D2, how={"cases": "sum"}, gazetteer=OWN)
    assert (err.value.row, err.value.field) == (3, "cases")
    weights = [{"code": "00001", "x": 1.0, "w": 1}, {"code": "00002", "x": 2.0, "w": -1}]
    with pytest.raises(InputError, match="must not be negative") as err:
        rebase(weights, on=D1, to=D2, how={"x": ("mean", "w"), "w": "sum"}, gazetteer=OWN)
    assert (err.value.row, err.value.field) == (2, "w")
    with pytest.raises(InputError) as err:
        rebase([*TABLE, TABLE[1]], on=D1, to=D2, how={"cases": "sum"}, gazetteer=OWN)
    assert err.value.row == 7 and "in two rows (row 2 and row 7)" in str(err.value)
    with pytest.raises(InputError) as err:
        rebase([TABLE[0], "00002"], on=D1, to=D2, how={"cases": "sum"}, gazetteer=OWN)  # type: ignore[list-item]
    assert err.value.row == 2
    with pytest.raises(InputError) as err:
        rebase([{"code": "1x"}], on=D1, to=D2, how={}, gazetteer=OWN)
    assert (err.value.row, err.value.field) == (1, "code")
    with pytest.raises(InputError, match="no column 'ma'"):
        rebase(TABLE, on=D1, to=D2, how={"cases": "sum"}, gazetteer=OWN, code="ma")
    with pytest.raises(InputError, match="on_split must be"):
        rebase(TABLE, on=D1, to=D2, how={"cases": "sum"}, gazetteer=OWN, on_split="all")  # type: ignore[arg-type]


def test_embedded_unresolved_units_raise_or_are_dropped() -> None:
    table = _table({"28825": 3, "00001": 4})
    with pytest.raises(InputError, match="on_unresolved='drop'") as err:
        rebase(table, on=D2021, to=D2, how={"cases": "sum"})
    assert err.value.row == 1 and "28825" in str(err.value)
    out = rebase(table, on=D2021, to=D2, how={"cases": "sum"}, on_unresolved="drop")
    assert list(out.dropped) == ["28825"] and _cases(out) == {"00097": 4}


def test_dates_as_text_and_the_horizon() -> None:
    out = rebase(_table({"01": 1}), on="2021-12-17", to="2027-01-01", how={"cases": "sum"})
    assert out.on == D2021 and out.to == dt.date(2027, 1, 1)
    assert out.known_through is not None and out.known_through < out.to
    assert rebase(_table({"01": 1}), on=D2021, to=D2, how={"cases": "sum"}).known_through is None


def test_pandas_in_pandas_out() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "code": ["00001", "00002", "00003", "00004", "00005", "00006"],
            "name": ["old names are replaced"] * 6,
            "cases": [10, 100, 1, 40, 5, 50],
            "score": [1.0, 2.0, float("nan"), 4.0, 5.0, 6.0],
            "population": [1, 2, 3, 4, 5, 6],
        },
        index=list("abcdef"),
    )
    how: dict[str, Any] = {"cases": "sum", "score": "mean", "population": "sum"}
    out = rebase(frame, on=D1, to=D2, how=how, gazetteer=OWN, on_split="share")
    records = rebase(
        frame.to_dict("records"), on=D1, to=D2, how=how, gazetteer=OWN, on_split="share"
    )
    assert list(out.columns) == ["code", "name", "cases", "score", "population", "sources"]
    expected = records.to_pandas()
    pd.testing.assert_frame_equal(out, expected)
    assert out.loc[out.code == "00011", "score"].isna().all()  # C's missing score propagates
    assert out.loc[out.code == "00010", "name"].item() == "Xã X"
    assert out.loc[out.code == "00010", "sources"].item().startswith("00001 Xã A; 00002 Xã B ×3/10")
    assert out.attrs["qcdc.rebase"]["how"]["score"] == ["mean", "population"]
    bad = frame.assign(code=["00001", "00002", "00003", "00004", "00005", "99999"])
    with pytest.raises(InputError) as err:
        rebase(bad, on=D1, to=D2, how=how, gazetteer=OWN)
    assert err.value.field == "code" and "index 'f'" in str(err.value)
    skip = rebase(frame, on=D1, to=D2, how=how, gazetteer=OWN, missing="skip", on_split="share")
    assert skip.loc[skip.code == "00011", "score_skipped"].item() == 1
    assert not math.isnan(skip.loc[skip.code == "00011", "score"].item())


def test_the_embedded_hanoi_example_reaches_126_communes() -> None:
    g = qcdc.gazetteer()
    table = [{"code": u.code, "cases": 1} for u in g.units(on=D2021, level="commune", within="01")]
    out = rebase(table, on=D2021, to=D2, how={"cases": "sum"}, on_split="equal")
    assert len(out) == 126
    assert sum(r["cases"] for r in out) == pytest.approx(579)
