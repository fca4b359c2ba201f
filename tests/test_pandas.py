"""qcdc.pandas.convert_column, alone and per partition with dask."""

from __future__ import annotations

import datetime as dt

import dask
import dask.dataframe as dd
import pandas as pd
import pytest

import qcdc
from qcdc.errors import InputError, SplitConversion
from qcdc.pandas import convert_column

D2021 = dt.date(2021, 12, 17)
D2025A = dt.date(2025, 1, 1)
D2025B = dt.date(2025, 7, 1)


def _split_code() -> str:
    cw = qcdc.gazetteer().crosswalk(on=D2025A, to=D2025B, level="commune")
    return sorted(r.source for r in cw if r.status == "split")[0]


def test_adds_three_columns_and_leaves_the_input_alone() -> None:
    df = pd.DataFrame({"code": ["00001", "00001", None], "x": [1, 2, 3]})
    before = df.copy()
    out = convert_column(df, "code", on=D2021, to=D2025B)
    pd.testing.assert_frame_equal(df, before)
    assert list(out.columns) == ["code", "x", "code_new", "code_new_name", "code_status"]
    assert out["code_new"].tolist()[:2] == ["00097", "00097"]
    assert out["code_status"].tolist() == ["merged", "merged", "missing"]


def test_agrees_with_gazetteer_convert_row_by_row() -> None:
    g = qcdc.gazetteer()
    codes = [u.code for u in g.units(on=D2021, level="commune", within="01")]
    df = pd.DataFrame({"code": codes * 2})
    out = convert_column(df, "code", on=D2021, to=D2025B, categorical=False)
    assert out["code_new"].tolist() == g.convert(codes * 2, on=D2021, to=D2025B)
    today = {u.code for u in g.units(on=D2025B, level="commune", within="01")}
    # default successors only: a commune that received only parts of split units is not hit
    assert set(out["code_new"]) <= today
    assert len(set(out["code_new"])) > 120


def test_split_modes() -> None:
    code = _split_code()
    df = pd.DataFrame({"c": [code]})
    every = convert_column(df, "c", on=D2025A, to=D2025B, on_split="all")["c_new"].iloc[0]
    assert isinstance(every, tuple) and len(every) > 1
    assert convert_column(df, "c", on=D2025A, to=D2025B)["c_new"].iloc[0] in every
    for spelling in ("raise", "error"):  # one vocabulary; "error" is the 0.1 spelling
        with pytest.raises(SplitConversion):
            convert_column(df, "c", on=D2025A, to=D2025B, on_split=spelling)
    with pytest.raises(InputError, match="on_split must be"):
        convert_column(df, "c", on=D2025A, to=D2025B, on_split="first")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="on_unknown must be"):
        convert_column(df, "c", on=D2025A, to=D2025B, on_unknown="drop")  # type: ignore[arg-type]


def test_unknown_and_malformed_codes() -> None:
    df = pd.DataFrame({"c": ["00001", "99999", "abc"]}, index=["a", "b", "c"])
    with pytest.raises(InputError, match="first seen at index 'b'"):
        convert_column(df, "c", on=D2021, to=D2025B)
    out = convert_column(df, "c", on=D2021, to=D2025B, on_unknown="none")
    assert out["c_status"].tolist() == ["merged", "unknown", "unknown"]
    with pytest.raises(InputError, match="no column"):
        convert_column(df, "code", on=D2021, to=D2025B)


def test_integer_codes_are_padded_with_a_level() -> None:
    df = pd.DataFrame({"c": [1, 97]})  # zeros lost by a spreadsheet
    out = convert_column(df, "c", on=D2021, to=D2025B, level=qcdc.UnitLevel.COMMUNE)
    assert out["c_new"].tolist() == ["00097", "00097"]


def test_backwards_keeps_the_code_keeper() -> None:
    df = pd.DataFrame({"c": ["00097"]})
    out = convert_column(df, "c", on=D2025B, to=D2025A, on_split="all")
    assert "00097" in out["c_new"].iloc[0]


def test_per_partition_with_dask() -> None:
    """The same function, run per partition by dask (synchronous scheduler), gives the same rows."""
    g = qcdc.gazetteer()
    codes = [u.code for u in g.units(on=D2021, level="commune", within="01")]
    df = pd.DataFrame({"code": codes})
    ddf = dd.from_pandas(df, npartitions=4)
    meta = convert_column(df.head(0), "code", on=D2021, to=D2025B, categorical=False)
    converted = ddf.map_partitions(
        convert_column, "code", on=D2021, to=D2025B, categorical=False, meta=meta
    )
    with dask.config.set(scheduler="synchronous"):
        result = converted.compute()
    expected = convert_column(df, "code", on=D2021, to=D2025B, categorical=False)
    pd.testing.assert_frame_equal(result.sort_index(), expected, check_dtype=False)
