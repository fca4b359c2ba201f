"""qcdc.polars: convert a Series or an Expr, unit lists and crosswalks as frames (issue 15)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import attrs
import pytest

import qcdc
from qcdc.errors import InputError, SplitConversion, UnknownUnit, UnresolvedUnit

pl = pytest.importorskip(
    "polars", reason="needs polars: the polars extra (pip install 'qcdc[polars]') is not installed"
)

from qcdc.polars import convert, crosswalk_frame, units_frame  # noqa: E402

D2021 = dt.date(2021, 12, 17)
D2025A = dt.date(2025, 1, 1)
D2025B = dt.date(2025, 7, 1)


def _communes(on: dt.date) -> list[str]:
    return [u.code for u in qcdc.gazetteer().units(on=on, level="commune")]


@pytest.mark.parametrize(("on", "to"), [(D2021, D2025B), (D2025B, D2021), (D2025A, D2025B)])
def test_a_series_converts_as_gazetteer_convert(on: dt.date, to: dt.date) -> None:
    g = qcdc.gazetteer()
    codes = _communes(on)[::7] * 3
    want = g.convert(codes, on=on, to=to, on_unknown="none")
    out = convert(pl.Series("code", codes), on=on, to=to, on_unknown="none")
    assert out.dtype == pl.String and out.to_list() == want
    every = convert(pl.Series(codes), on=on, to=to, on_split="all", on_unknown="none")
    assert every.dtype == pl.List(pl.String)
    assert [tuple(v) for v in every.to_list()] == g.convert(
        codes, on=on, to=to, on_split="all", on_unknown="none"
    )


def test_an_expression_in_a_frame_and_a_lazy_frame() -> None:
    df = pl.DataFrame({"code": ["00001", "00004", None], "n": [1, 2, 3]})
    eager = df.with_columns(new=convert(pl.col("code"), on=D2021, to=D2025B))
    lazy = df.lazy().with_columns(new=convert(pl.col("code"), on=D2021, to=D2025B)).collect()
    assert eager["new"].to_list() == lazy["new"].to_list() == ["00097", "00004", None]


def test_categorical_and_integer_columns() -> None:
    g = qcdc.gazetteer()
    codes = ["00001", "00004", "00001"]
    cat = convert(pl.Series(codes, dtype=pl.Categorical), on=D2021, to=D2025B)
    assert cat.to_list() == g.convert(codes, on=D2021, to=D2025B)
    # integers go through Gazetteer.convert's own rules (a province code of 2 digits)
    ints = convert(pl.Series([1, 79, None]), on=D2021, to=D2025B, on_unknown="none")
    assert ints.to_list() == [*g.convert([1, 79], on=D2021, to=D2025B, on_unknown="none"), None]  # type: ignore[list-item]


def test_unknown_codes_raise_as_gazetteer_convert() -> None:
    with pytest.raises(UnknownUnit) as caught:
        convert(pl.Series(["00001", "99999"]), on=D2021, to=D2025B)
    assert caught.value.code == "99999"
    with pytest.raises(UnknownUnit) as in_expr:  # also from inside an expression
        pl.DataFrame({"c": ["99999"]}).select(convert(pl.col("c"), on=D2021, to=D2025B))
    assert in_expr.value.code == "99999" and in_expr.value.on == D2021
    out = convert(pl.Series(["99999", "00001"]), on=D2021, to=D2025B, on_unknown="none")
    assert out.to_list() == [None, "00097"]


def test_split_and_unresolved_raise_with_every_code() -> None:
    g = qcdc.gazetteer()
    split = sorted(
        {
            r.source
            for r in g.crosswalk(on=D2025A, to=D2025B, level="commune")
            if r.status == "split"
        }
    )[:3]
    with pytest.raises(SplitConversion) as caught:
        convert(pl.Series(split * 2), on=D2025A, to=D2025B, on_split="raise")
    with pytest.raises(SplitConversion) as reference:
        g.convert(split * 2, on=D2025A, to=D2025B, on_split="raise")
    assert caught.value.split == reference.value.split and len(caught.value.split) == 3
    unresolved = [r.source for r in g.crosswalk(on=D2021, to=D2025B) if r.status == "unresolved"]
    assert unresolved
    with pytest.raises(UnresolvedUnit) as why:
        convert(pl.Series(unresolved), on=D2021, to=D2025B)
    assert set(why.value.unresolved) == set(unresolved)


def test_the_answer_does_not_depend_on_another_gazetteer_asked_first() -> None:
    g = qcdc.gazetteer()
    # a gazetteer of one's own where Hà Giang (02) never merged: the same code, another answer
    units = [attrs.evolve(u, valid_to=None) for u in g.records() if u.code == "02"]
    mine = qcdc.Gazetteer.from_units(units)
    s = pl.Series(["02"])
    assert convert(s, on=D2021, to=D2025B).to_list() == ["08"]
    assert convert(s, on=D2021, to=D2025B, gazetteer=mine).to_list() == ["02"]
    assert convert(s, on=D2021, to=D2025B).to_list() == ["08"]


def test_policies_and_inputs_are_checked() -> None:
    with pytest.raises(InputError, match="on_split must be"):
        convert(pl.Series(["01"]), on=D2021, to=D2025B, on_split="first")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="polars Series or Expr"):
        convert(["01"], on=D2021, to=D2025B)  # type: ignore[call-overload]


def test_crosswalk_frame_has_exact_shares_and_typed_columns() -> None:
    g = qcdc.gazetteer()
    frame = crosswalk_frame(on=D2025A, to=D2025B, level="commune")
    rows = g.crosswalk(on=D2025A, to=D2025B, level="commune")
    assert frame.height == len(rows)
    assert frame.schema["share"] == pl.Float64 and frame.schema["share_numerator"] == pl.Int64
    assert frame.schema["on_date"] == pl.Date and frame.schema["whole"] == pl.Boolean
    for row, r in zip(frame.iter_rows(named=True), rows, strict=True):
        assert (row["source"], row["target"], row["default"]) == (r.source, r.target, r.default)
        if r.share is None:
            assert row["share_numerator"] is None and row["share"] is None
        else:
            assert Fraction(row["share_numerator"], row["share_denominator"]) == r.share
            assert row["share"] == float(r.share)


def test_units_frame_matches_the_unit_list() -> None:
    g = qcdc.gazetteer()
    frame = units_frame(g, on=D2025B, within="01")
    units = list(g.units(on=D2025B, within="01"))
    assert frame["code"].to_list() == [u.code for u in units]
    assert frame.schema["valid_from"] == pl.Date and frame.schema["code"] == pl.String
    assert units_frame(on=None, level="province").height == sum(
        1 for u in g.records() if u.level.name == "PROVINCE"
    )
    with pytest.raises(InputError, match="within= needs a date"):
        units_frame(on=None, within="01")


def test_convert_column_points_a_polars_user_to_qcdc_polars() -> None:
    pytest.importorskip("pandas", reason="needs pandas: the pandas extra is not installed")
    from qcdc.pandas import convert_column

    with pytest.raises(InputError, match=r"qcdc\.polars\.convert"):
        convert_column(pl.DataFrame({"code": ["00001"]}), "code", on=D2021, to=D2025B)  # type: ignore[arg-type]


def test_an_expression_names_every_bad_code_of_a_chunked_column() -> None:
    g = qcdc.gazetteer()
    split = sorted(
        {
            r.source
            for r in g.crosswalk(on=D2025A, to=D2025B, level="commune")
            if r.status == "split"
        }
    )[:3]
    # one chunk per split code, each among ordinary codes: the batches of a streaming run
    parts = [pl.DataFrame({"c": ["00004"] * 1000 + [code]}) for code in split]
    df = pl.concat(parts, rechunk=False)
    assert df.n_chunks() == 3
    expr = convert(pl.col("c"), on=D2025A, to=D2025B, on_split="raise")
    with pytest.raises(SplitConversion) as caught:
        df.lazy().select(expr).collect(engine="streaming")
    assert sorted(caught.value.split) == split
