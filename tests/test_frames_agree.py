"""Converting through pandas, polars and Arrow gives the codes (and the errors) of
Gazetteer.convert — over the embedded data and over synthetic gazetteers (issue 15)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qcdc
from qcdc.errors import (
    InputError,
    InvalidUnitCode,
    QcdcError,
    SplitConversion,
    UnknownUnit,
    UnresolvedUnit,
)
from qcdc.strategies import gazetteers

pl = pytest.importorskip(
    "polars", reason="needs polars: the polars extra (pip install 'qcdc[polars]') is not installed"
)
pa = pytest.importorskip(
    "pyarrow", reason="needs pyarrow: the arrow extra (pip install 'qcdc[arrow]') is not installed"
)
pd = pytest.importorskip(
    "pandas", reason="needs pandas: the pandas extra (pip install 'qcdc[pandas]') is not installed"
)

import qcdc.arrow  # noqa: E402
import qcdc.polars  # noqa: E402
from qcdc.pandas import convert_column  # noqa: E402

D2021 = dt.date(2021, 12, 17)
D2025A = dt.date(2025, 1, 1)
D2025B = dt.date(2025, 7, 1)
PAIRS = [(D2021, D2025B), (D2025B, D2021), (D2025A, D2025B), (D2021, D2025A)]
POLICIES = st.fixed_dictionaries(
    {
        "on_split": st.sampled_from(["default", "all", "raise"]),
        "on_unknown": st.sampled_from(["raise", "none"]),
    }
)


def _error_key(exc: BaseException) -> tuple[Any, ...]:
    """What an error says about the bad codes: its kind and the codes."""
    if isinstance(exc, SplitConversion):
        return ("split", exc.split, exc.direction)
    if isinstance(exc, UnresolvedUnit):
        return ("unresolved", exc.unresolved)
    if isinstance(exc, UnknownUnit):
        return ("unknown", exc.code)
    if isinstance(exc, InvalidUnitCode):
        return ("invalid", exc.code, exc.expected)
    return (type(exc).__name__, str(exc))


def _outcome(run: Callable[[], Sequence[Any]]) -> tuple[str, Any]:
    try:
        return ("ok", [tuple(v) if isinstance(v, list) else v for v in run()])
    except QcdcError as exc:
        return ("error", _error_key(exc))


def _reference(
    g: qcdc.Gazetteer, codes: Sequence[Any], on: dt.date, to: dt.date, policies: dict[str, str]
) -> tuple[str, Any]:
    """Gazetteer.convert over the non-null codes, a null kept in its place."""

    def run() -> list[Any]:
        present = [c for c in codes if c is not None]
        answers = iter(g.convert(present, on=on, to=to, **policies))  # type: ignore[call-overload]
        return [None if c is None else next(answers) for c in codes]

    return _outcome(run)


def _check_all_paths(
    g: qcdc.Gazetteer, codes: list[Any], on: dt.date, to: dt.date, policies: dict[str, str]
) -> None:
    want = _reference(g, codes, on, to, policies)
    series = pl.Series("code", codes, dtype=pl.String)
    through_polars = _outcome(
        lambda: qcdc.polars.convert(series, on=on, to=to, gazetteer=g, **policies).to_list()
    )
    assert through_polars == want
    frame = pl.DataFrame({"code": series})
    lazy = _outcome(
        lambda: (
            frame.lazy()
            .select(qcdc.polars.convert(pl.col("code"), on=on, to=to, gazetteer=g, **policies))
            .collect()["code"]
            .to_list()
        )
    )
    assert lazy == want  # the same error class and codes, raised from inside polars
    array = pa.array(codes, type=pa.string())
    through_arrow = _outcome(
        lambda: qcdc.arrow.convert(array, on=on, to=to, gazetteer=g, **policies).to_pylist()
    )
    assert through_arrow == want
    # pandas: convert_column keeps unresolved units (status 'unresolved') where
    # Gazetteer.convert raises, and an unknown code is an InputError naming it
    lenient = {**policies, "on_unknown": "none"}
    want_lenient = _reference(g, codes, on, to, lenient)
    df = pd.DataFrame({"code": pd.Series(codes, dtype=object)})
    got = _outcome(
        lambda: convert_column(df, "code", on=on, to=to, gazetteer=g, categorical=False, **lenient)[
            "code_new"
        ].tolist()
    )
    if lenient["on_split"] == "all" and got[0] == "ok":
        got = (
            "ok",
            [() if v is None and c is not None else v for v, c in zip(got[1], codes, strict=True)],
        )
    assert got == want_lenient
    if got[0] == "ok":  # category columns hold the same values as object columns
        plain = convert_column(df, "code", on=on, to=to, gazetteer=g, categorical=False, **lenient)
        cats = convert_column(df, "code", on=on, to=to, gazetteer=g, **lenient)
        for col in ("code_new", "code_new_name", "code_status"):
            as_objects = cats[col].astype(object)
            assert as_objects.where(as_objects.notna(), None).tolist() == plain[col].tolist()
    if policies["on_unknown"] == "raise" and want[0] == "error" and want[1][0] == "unknown":
        with pytest.raises(InputError, match=want[1][1]):
            convert_column(df, "code", on=on, to=to, gazetteer=g, **policies)


_EMBEDDED = qcdc.gazetteer()
_POOL = sorted({u.code for u in _EMBEDDED.records()})
_CODES = st.lists(
    st.one_of(
        st.sampled_from(_POOL),
        st.sampled_from(_POOL),
        st.sampled_from(["99999", "00002", "7", "abc", " 00001", "0001", "28825"]),
        st.none(),
    ),
    max_size=30,
)


@settings(max_examples=40, deadline=None)
@given(codes=_CODES, pair=st.sampled_from(PAIRS), policies=POLICIES)
def test_the_three_paths_agree_with_convert_on_the_embedded_data(
    codes: list[Any], pair: tuple[dt.date, dt.date], policies: dict[str, str]
) -> None:
    _check_all_paths(_EMBEDDED, codes, *pair, policies)


@settings(max_examples=25, deadline=None)
@given(data=st.data(), g=gazetteers(), policies=POLICIES, backward=st.booleans())
def test_the_three_paths_agree_with_convert_on_synthetic_gazetteers(
    data: st.DataObject, g: qcdc.Gazetteer, policies: dict[str, str], backward: bool
) -> None:
    on, to = (D2025B, dt.date(2021, 1, 1)) if backward else (dt.date(2021, 1, 1), D2025B)
    pool = sorted({u.code for u in g.records()})
    codes = data.draw(st.lists(st.one_of(st.sampled_from(pool), st.none()), max_size=20))
    _check_all_paths(g, codes, on, to, policies)
