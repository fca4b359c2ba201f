"""qcdc.pandas.convert_column and converter, alone and per partition with dask."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from typing import Literal

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qcdc
from qcdc.errors import InputError, QcdcError, SplitConversion
from qcdc.pandas import convert_column, converter

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


# --- qcdc.pandas.converter: the lookup table built once, vectorised partitions (issue 15)

_SAMPLE: dict[dt.date, list[str]] = {}


def _codes_of(day: dt.date) -> list[str]:
    """Every 40th unit code in force on ``day`` (all levels), cached."""
    if day not in _SAMPLE:
        _SAMPLE[day] = [u.code for u in qcdc.gazetteer().units(on=day)][::40]
    return _SAMPLE[day]


def _outcome(run: Callable[[], pd.DataFrame]) -> tuple[str, object]:
    """The three new columns as plain values, or the error (class and message)."""
    try:
        out = run()
    except QcdcError as exc:
        return ("error", (type(exc).__name__, str(exc)))
    return ("ok", [out[c].astype(object).where(out[c].notna(), None).tolist() for c in out.columns])


_ODD = st.sampled_from([None, "99999", "abc", " 00001 ", "01", 1, 7.0, "", "00001"])


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    pair=st.sampled_from([(D2021, D2025B), (D2025B, D2021), (D2025A, D2025B), (D2021, D2025A)]),
    on_split=st.sampled_from(["default", "raise"]),
    on_unknown=st.sampled_from(["raise", "none"]),
    level=st.sampled_from([None, qcdc.UnitLevel.COMMUNE]),
    categorical=st.booleans(),
)
def test_converter_gives_convert_columns_answers_and_errors(
    data: st.DataObject,
    pair: tuple[dt.date, dt.date],
    on_split: Literal["default", "raise"],
    on_unknown: Literal["raise", "none"],
    level: qcdc.UnitLevel | None,
    categorical: bool,
) -> None:
    """Property: a converter and convert_column agree on every frame — the values of the
    three columns, or the error they raise (class and message, the row it names included)."""
    on, to = pair
    values = data.draw(st.lists(st.sampled_from(_codes_of(on)) | _ODD, max_size=30))
    index = data.draw(st.sampled_from([None, [f"r{i}" for i in range(len(values))]]))
    df = pd.DataFrame({"code": pd.Series(values, dtype=object, index=index)})
    policies = {"on_split": on_split, "on_unknown": on_unknown, "level": level}
    conv = converter(on=on, to=to, **policies)  # type: ignore[arg-type]
    ours = _outcome(lambda: conv(df, "code", categorical=categorical).iloc[:, 1:])
    theirs = _outcome(
        lambda: convert_column(df, "code", on=on, to=to, categorical=categorical, **policies).iloc[
            :, 1:
        ]  # type: ignore[arg-type]
    )
    assert ours == theirs


def test_converter_categories_are_the_same_in_every_partition() -> None:
    """Each partition's category columns carry every value the table can give, so dask
    keeps them as categories; the computed frame equals convert_column's, row for row."""
    g = qcdc.gazetteer()
    codes = [u.code for u in g.units(on=D2021, level="commune")][:400]
    df = pd.DataFrame({"code": pd.Series(codes * 3, dtype="str"), "n": range(1200)})
    conv = converter(on=D2021, to=D2025B)
    parts = [conv(df.iloc[:10], "code"), conv(df.iloc[600:], "code")]
    for col in ("code_new", "code_new_name", "code_status"):
        assert parts[0][col].dtype == parts[1][col].dtype
        assert len(parts[0][col].cat.categories) > len(set(parts[0][col]))  # not just the seen
    lazy = conv.partitions(dd.from_pandas(df, npartitions=4), "code")
    assert str(lazy["code_new"].dtype) == "category"
    with dask.config.set(scheduler="threads"):
        result = lazy.compute()
    expected = convert_column(df, "code", on=D2021, to=D2025B, categorical=False)
    assert str(result["code_new"].dtype) == "category"
    pd.testing.assert_frame_equal(result.astype(object), expected.astype(object))


def test_converter_pickles_without_the_gazetteer() -> None:
    """What dask's processes and Spark ship: the arrays, a small pickle that converts alike
    (and a token from its dates and data version, not from hashing the arrays)."""
    conv = converter(on=D2021, to=D2025B, on_unknown="none")
    blob = pickle.dumps(conv)
    assert len(blob) < 1_000_000
    assert b"Gazetteer" not in blob  # the embedded one is not shipped at all
    again = pickle.loads(blob)
    df = pd.DataFrame({"code": ["00001", "00007", "99999", None]})
    pd.testing.assert_frame_equal(again(df, "code"), conv(df, "code"))
    assert dask.base.tokenize(again) == dask.base.tokenize(conv)
    assert dask.base.tokenize(converter(on=D2021, to=D2025A)) != dask.base.tokenize(conv)


def test_converter_rejects_what_convert_column_rejects() -> None:
    with pytest.raises(InputError, match="on_split must be"):
        converter(on=D2021, to=D2025B, on_split="all")  # type: ignore[arg-type]
    conv = converter(on=D2021, to=D2025B)
    with pytest.raises(InputError, match="no column"):
        conv(pd.DataFrame({"c": ["00001"]}), "code")
    with pytest.raises(InputError, match="takes a pandas DataFrame"):
        conv(["00001"], "code")  # type: ignore[arg-type]
