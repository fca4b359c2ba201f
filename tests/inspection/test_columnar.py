"""Columnar tallies: tally_table, tally_table_by_unit and rollup_table give exactly the
tallies of the object path, from pandas, polars and Arrow tables, and name the first bad
row of a table."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc.errors import InputError, MissingDependency, QcdcError, UnknownUnit
from qcdc.inspection import (
    CaseState,
    CaseTally,
    InspectionCase,
    Origin,
    Subject,
    _columnar,
    rollup,
    rollup_table,
    tallies_to_arrow,
    tallies_to_pandas,
    tallies_to_polars,
    tally,
    tally_by_unit,
    tally_table,
    tally_table_by_unit,
)
from qcdc.inspection._strategies import inspection_cases
from qcdc.units import UnitLevel
from qcdc.units.gazetteer import gazetteer

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

D = dt.date
ON = D(2021, 12, 17)
REFORM = D(2025, 7, 1)
STATES = [s.value for s in CaseState]
Row = dict[str, Any]


@pytest.fixture(autouse=True)
def small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices of 4 rows, so that every table of a test crosses slice boundaries."""
    monkeypatch.setattr(_columnar, "_CHUNK", 4)


def rows_of(cases: Sequence[InspectionCase]) -> list[Row]:
    rows = []
    for case in cases:
        row: Row = dict.fromkeys(["unit", *STATES])
        row["unit"] = case.unit
        for step in case.history:
            row[step.state.value] = step.on
        rows.append(row)
    return rows


def _columns(rows: list[Row], drop_empty: bool) -> dict[str, list[Any]]:
    names = [n for n in ["unit", *STATES] if not rows or n in rows[0]]
    columns = {name: [r[name] for r in rows] for name in names}
    if drop_empty:
        columns = {k: v for k, v in columns.items() if k in ("unit", "opened") or any(x for x in v)}
    return columns


def _iso(values: list[Any]) -> list[Any]:
    return [v.isoformat() if isinstance(v, dt.date) else v for v in values]


def arrow_table(
    rows: list[Row],
    *,
    dates: str = "date",
    units: str = "str",
    drop_empty: bool = False,
    pieces: int = 1,
) -> Any:
    columns = _columns(rows, drop_empty)
    arrays = {}
    for name, values in columns.items():
        if name == "unit":
            arr = pa.array(values, pa.string())
            arrays[name] = arr.dictionary_encode() if units == "dict" else arr
        elif dates == "text":
            arrays[name] = pa.array(_iso(values), pa.string())
        elif dates == "timestamp":
            arrays[name] = pa.array(values, pa.date32()).cast(pa.timestamp("s"))
        else:  # what a null slot of the buffer holds is anything: not read
            days = [
                (v - D(1970, 1, 1)).days if v else (i * 7919) % 40000 - 20000
                for i, v in enumerate(values)
            ]
            validity = pa.array([v is not None for v in values], pa.bool_()).buffers()[1]
            data = pa.py_buffer(np.array(days, np.int32).tobytes())
            arrays[name] = pa.Array.from_buffers(pa.date32(), len(days), [validity, data])
    table = pa.table(arrays)
    if pieces > 1 and len(rows) > 1:  # several chunks, cut at odd places
        cuts = sorted({0, len(rows), *(len(rows) * i // pieces + i % 3 for i in range(1, pieces))})
        cuts = [c for c in cuts if c <= len(rows)]
        table = pa.concat_tables([table.slice(a, b - a) for a, b in itertools.pairwise(cuts)])
    return table


def polars_frame(
    rows: list[Row], *, dates: str = "date", units: str = "str", drop_empty: bool = False
) -> Any:
    columns = _columns(rows, drop_empty)
    series = []
    for name, values in columns.items():
        if name == "unit":
            s = pl.Series(name, values, pl.String)
            series.append(s.cast(pl.Categorical) if units == "dict" else s)
        elif dates == "text":
            series.append(pl.Series(name, _iso(values), pl.String))
        elif dates == "timestamp":
            series.append(pl.Series(name, values, pl.Date).cast(pl.Datetime("us")))
        else:
            series.append(pl.Series(name, values, pl.Date))
    return pl.DataFrame(series)


def pandas_frame(
    rows: list[Row], *, dates: str = "date", units: str = "str", drop_empty: bool = False
) -> Any:
    columns = _columns(rows, drop_empty)
    data: dict[str, Any] = {}
    for name, values in columns.items():
        if name == "unit":
            s = pd.Series(values, dtype=object)
            data[name] = s.astype("category") if units == "dict" else s
        elif dates == "text":
            data[name] = pd.Series(_iso(values), dtype=object)
        elif dates == "timestamp":
            data[name] = pd.to_datetime(pd.Series(_iso(values), dtype=object))
        elif dates == "arrow":  # pandas with pyarrow-backed columns
            data[name] = pd.Series(pa.array(values, pa.date32()), dtype=pd.ArrowDtype(pa.date32()))
        else:
            data[name] = pd.Series(values, dtype=object)  # datetime.date objects
    return pd.DataFrame(data, index=range(len(rows)))


MAKERS: dict[str, Callable[..., Any]] = {
    "arrow": arrow_table,
    "polars": polars_frame,
    "pandas": pandas_frame,
}

UNITS = st.sampled_from(["00001", "00004", "00007", "00040", "10237", None])
case_lists = st.lists(
    inspection_cases(units=UNITS, min_date=D(2020, 10, 1), max_date=D(2022, 3, 1)),
    max_size=30,
    unique_by=lambda c: c.id,
)
kinds = st.fixed_dictionaries(
    {
        "dates": st.sampled_from(["date", "text", "timestamp", "arrow"]),  # arrow: pandas only
        "units": st.sampled_from(["str", "dict"]),
        "drop_empty": st.booleans(),
    }
)
periods = st.sampled_from([2021, 2020, 2022])
as_ofs = st.one_of(st.none(), st.dates(D(2020, 6, 1), D(2022, 6, 1)))


# ------------------------------------------------------------------- the same tallies


@pytest.mark.parametrize("library", list(MAKERS))
@settings(max_examples=60)
@given(cases=case_lists, kind=kinds, period=periods, as_of=as_ofs)
def test_columnar_tallies_equal_the_object_path(
    library: str, cases: list[InspectionCase], kind: dict[str, Any], period: int, as_of: D | None
) -> None:
    """For every set of case records, the columnar tally of the records as a pandas,
    polars or Arrow table equals the tally of the records as InspectionCase objects, by
    unit and in total, for any period and any day counted to."""
    table = MAKERS[library](rows_of(cases), **kind)
    assert tally_table_by_unit(table, period, as_of=as_of) == tally_by_unit(
        cases, period, as_of=as_of
    )
    assert tally_table(table, period, as_of=as_of) == tally(cases, period, as_of=as_of)


@settings(max_examples=40)
@given(cases=case_lists, pieces=st.integers(2, 5), as_of=as_ofs)
def test_arrow_tables_in_several_chunks_give_the_same_tallies(
    cases: list[InspectionCase], pieces: int, as_of: D | None
) -> None:
    """A table made of several record batches (cut anywhere, against the slices of the
    columnar kernel) tallies as one made of one."""
    table = arrow_table(rows_of(cases), pieces=pieces)
    assert tally_table_by_unit(table, 2021, as_of=as_of) == tally_by_unit(cases, 2021, as_of=as_of)


_COMMUNES_2021 = [u.code for u in gazetteer().units(on=ON, level="commune")]
coded_cases = st.lists(
    inspection_cases(
        units=st.sampled_from(_COMMUNES_2021[::97]),
        min_date=D(2021, 1, 1),
        max_date=D(2021, 12, 31),
    ),
    max_size=25,
    unique_by=lambda c: c.id,
)


@settings(max_examples=30, deadline=None)
@given(
    cases=coded_cases,
    library=st.sampled_from(list(MAKERS)),
    level=st.sampled_from([UnitLevel.PROVINCE, UnitLevel.COMMUNE]),
)
def test_rollup_table_equals_the_rollup_of_the_object_tallies(
    cases: list[InspectionCase], library: str, level: UnitLevel
) -> None:
    """rollup_table of a table equals rollup() of tally_by_unit() of the same records,
    carried from the units of 2021 to those of 1 July 2025."""
    table = MAKERS[library](rows_of(cases))
    by_unit = {k: v for k, v in tally_by_unit(cases, 2021).items() if k is not None}
    expected = rollup(by_unit, on=ON, to=REFORM, level=level, on_unresolved="drop")
    got = rollup_table(table, 2021, on=ON, to=REFORM, level=level, on_unresolved="drop")
    assert got == expected


@settings(max_examples=20)
@given(cases=case_lists)
def test_polars_without_pyarrow_gives_the_same_tallies(cases: list[InspectionCase]) -> None:
    """polars factorizes the unit column itself when pyarrow is not installed."""
    real = _columnar.importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "pyarrow" else real(name, *args)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_columnar.importlib.util, "find_spec", find_spec)
        got = tally_table_by_unit(polars_frame(rows_of(cases), units="dict"), 2021)
    assert got == tally_by_unit(cases, 2021)


# ----------------------------------------------------- the same records refused


_DAYS = st.dates(D(2021, 1, 1), D(2021, 3, 31))
any_dates = st.dictionaries(st.sampled_from(list(CaseState)), _DAYS, max_size=6)


def _object_path_accepts(dates: dict[CaseState, D]) -> bool:
    try:
        InspectionCase.from_dates(
            "X", board="B", subject=Subject.LAND, origin=Origin.PETITION, dates=dates
        )
    except QcdcError:
        return False
    return True


@settings(max_examples=300)
@given(histories=st.lists(any_dates, min_size=1, max_size=6), library=st.sampled_from(list(MAKERS)))
def test_a_table_is_refused_exactly_when_a_case_would_be(
    histories: list[dict[CaseState, D]], library: str
) -> None:
    """Any dates in any of the dated columns: the columnar path refuses the table exactly
    when one of its rows is not a case (a state the transition table does not allow,
    dates that go backwards, no opening date), and then names the first such row."""
    rows = [{"unit": "00004", **{s.value: h.get(s) for s in CaseState}} for h in histories]
    table = MAKERS[library](rows)
    bad = [i for i, h in enumerate(histories) if not _object_path_accepts(h)]
    if not bad:
        assert tally_table(table, 2021) == tally(
            [
                InspectionCase.from_dates(
                    f"X{i}", board="B", subject="land", origin="petition", dates=h, unit="00004"
                )
                for i, h in enumerate(histories)
            ],
            2021,
        )
        return
    with pytest.raises(InputError) as info:
        tally_table(table, 2021)
    assert f"row {bad[0]} (0-based position)" in str(info.value)
    assert info.value.field in STATES


# ------------------------------------------------------------------------ bad tables


def good_rows() -> list[Row]:
    base: Row = dict.fromkeys(["unit", *STATES])
    return [
        {**base, "unit": "00004", "opened": D(2021, 3, 1), "under_supervision": D(2021, 3, 2)},
        {**base, "unit": "00007", "opened": D(2021, 4, 1)},
        {**base, "unit": "00004", "opened": D(2021, 5, 1)},
    ]


@pytest.mark.parametrize("library", list(MAKERS))
def test_a_bad_date_names_the_column_the_first_row_and_how_many(library: str) -> None:
    rows = good_rows()
    for i in (1, 2):
        rows[i]["under_supervision"] = "2021-02-30"
    rows[0]["under_supervision"] = "2021-03-02"
    table = MAKERS[library](rows, dates="text")
    with pytest.raises(InputError) as info:
        tally_table(table, 2021)
    assert info.value.field == "under_supervision"
    assert "row 1 (0-based position)" in str(info.value)
    assert "2 rows with this problem" in str(info.value)


@pytest.mark.parametrize("library", list(MAKERS))
def test_a_state_out_of_the_lifecycle_names_the_state_and_the_row(library: str) -> None:
    rows = good_rows()
    rows[2]["resolved"] = D(2021, 6, 1)  # resolved straight after opened
    with pytest.raises(InputError) as info:
        tally_table_by_unit(MAKERS[library](rows), 2021)
    assert info.value.field == "resolved"
    assert "row 2" in str(info.value) and "1 row with this problem" in str(info.value)
    assert "allowed next states: under_supervision" in str(info.value)


@pytest.mark.parametrize("library", list(MAKERS))
def test_dates_that_go_backwards_are_refused(library: str) -> None:
    rows = good_rows()
    rows[0]["under_supervision"] = D(2021, 2, 1)  # before it was opened
    with pytest.raises(InputError) as info:
        tally_table(MAKERS[library](rows), 2021)
    assert info.value.field == "under_supervision"
    assert "dates never go backwards" in str(info.value)


@pytest.mark.parametrize("library", list(MAKERS))
def test_a_bad_row_outside_the_period_is_refused_too(library: str) -> None:
    """Every row is checked, not only the rows counted: a case object could not be made."""
    rows = good_rows()
    rows[1]["opened"] = D(2019, 1, 1)
    rows[1]["resolved"] = D(2019, 2, 1)
    with pytest.raises(InputError):
        tally_table(MAKERS[library](rows), 2021)


@pytest.mark.parametrize("library", list(MAKERS))
def test_a_blank_opening_date_is_refused(library: str) -> None:
    rows = good_rows()
    rows[1]["opened"] = None
    with pytest.raises(InputError) as info:
        tally_table(MAKERS[library](rows), 2021)
    assert info.value.field == "opened"
    assert "row 1" in str(info.value)


@pytest.mark.parametrize("library", list(MAKERS))
def test_a_bad_unit_code_names_the_row_and_suggests_reading_it_as_text(library: str) -> None:
    rows = good_rows()
    rows[1]["unit"] = "4"
    rows[2]["unit"] = "4"
    with pytest.raises(InputError) as info:
        tally_table_by_unit(MAKERS[library](rows), 2021)
    assert info.value.field == "unit"
    assert "row 1" in str(info.value) and "2 rows with this problem" in str(info.value)
    assert "leading zeros" in str(info.value)


def test_a_unit_column_read_as_numbers_is_refused() -> None:
    table = pa.table({"unit": pa.array([4, 4]), "opened": pa.array([D(2021, 1, 1)] * 2)})
    with pytest.raises(InputError) as info:
        tally_table_by_unit(table, 2021)
    assert info.value.field == "unit" and "read unit as text" in str(info.value)


@pytest.mark.parametrize("library", list(MAKERS))
def test_blank_unit_cells_are_the_cases_without_a_unit(library: str) -> None:
    rows = good_rows()
    rows[1]["unit"] = "  "
    rows[2]["unit"] = None
    got = tally_table_by_unit(MAKERS[library](rows), 2021)
    assert got == {"00004": CaseTally(1, 0, 0, 0), None: CaseTally.zero()}


@pytest.mark.parametrize("library", list(MAKERS))
def test_missing_columns_are_named(library: str) -> None:
    rows = [{k: v for k, v in r.items() if k != "unit"} for r in good_rows()]
    table = MAKERS[library](rows)
    assert tally_table(table, 2021) == CaseTally(1, 0, 0, 0)  # no unit needed for a total
    with pytest.raises(InputError) as info:
        tally_table_by_unit(table, 2021)
    assert info.value.field == "unit"
    no_opened = [{k: v for k, v in r.items() if k != "opened"} for r in good_rows()]
    with pytest.raises(InputError) as info:
        tally_table(MAKERS[library](no_opened), 2021)
    assert info.value.field == "opened"


def test_a_column_named_almost_like_a_stage_is_refused() -> None:
    table = pa.table({"opened": pa.array([D(2021, 1, 1)]), "Resolved": pa.array([D(2021, 2, 1)])})
    with pytest.raises(InputError) as info:
        tally_table(table, 2021)
    assert info.value.field == "Resolved" and "rename it to 'resolved'" in str(info.value)


def test_other_columns_are_not_read() -> None:
    table = pa.table({"id": ["a"], "subject": ["?"], "opened": pa.array([D(2021, 1, 1)])})
    assert tally_table(table, 2021) == CaseTally(0, 0, 0, 0)


@pytest.mark.parametrize(
    "table",
    [
        pa.table({"opened": pa.array([1, 2])}),
        pl.DataFrame({"opened": [1.5]}),
        pd.DataFrame({"opened": [3]}),
    ],
)
def test_a_date_column_of_numbers_is_refused(table: Any) -> None:
    with pytest.raises(InputError) as info:
        tally_table(table, 2021)
    assert info.value.field == "opened" and "must hold dates" in str(info.value)


@pytest.mark.parametrize("table", [[], {"opened": []}, "cases.csv"])
def test_something_else_than_a_table_is_refused(table: object) -> None:
    with pytest.raises(InputError) as info:
        tally_table(table, 2021)
    assert "tally()" in str(info.value)


def test_a_lazy_frame_must_be_collected() -> None:
    with pytest.raises(InputError) as info:
        tally_table(polars_frame(good_rows()).lazy(), 2021)
    assert "collect" in str(info.value)


def test_an_empty_table_tallies_to_zero() -> None:
    table = pa.table({"unit": pa.array([], pa.string()), "opened": pa.array([], pa.date32())})
    assert tally_table(table, 2021) == CaseTally.zero()
    assert tally_table_by_unit(table, 2021) == {}


# --------------------------------------------------------------------------- roll-ups


@pytest.mark.parametrize("library", list(MAKERS))
def test_rollup_table_names_the_rows_of_an_unknown_unit(library: str) -> None:
    rows = good_rows()
    rows[1]["unit"] = "99999"
    rows[2]["unit"] = "99999"
    with pytest.raises(UnknownUnit) as info:
        rollup_table(MAKERS[library](rows), 2021, on=ON)
    assert info.value.code == "99999"
    assert "first at row 1 (0-based position), 2 rows" in str(info.value)
    dropped = rollup_table(MAKERS[library](rows), 2021, on=ON, on_unresolved="drop")
    assert set(dropped.unresolved) == {"99999"}
    assert dropped.total() == CaseTally(1, 0, 0, 0)


def test_rollup_table_refuses_rows_without_a_unit() -> None:
    rows = good_rows()
    rows[2]["unit"] = None
    with pytest.raises(InputError) as info:
        rollup_table(arrow_table(rows), 2021, on=ON)
    assert info.value.field == "unit" and "1 row has no unit" in str(info.value)


# ------------------------------------------------------------------- tallies as frames


def test_tallies_as_polars_and_arrow_frames() -> None:
    tallies = {"00004": CaseTally(3, 1, 1, 0), None: CaseTally(1, None, 0, 0)}
    frame = tallies_to_polars(tallies)
    assert frame["unit"].to_list() == ["00004", None]
    assert frame["violations"].to_list() == [1, None]
    assert frame.schema["supervised"] == pl.Int64
    table = tallies_to_arrow(tallies)
    assert table.column("unit").to_pylist() == ["00004", None]
    assert table.schema.field("resolved").type == pa.int64()
    assert table.to_pylist() == frame.to_dicts()
    assert tallies_to_pandas(tallies)["violations"].tolist()[0] == 1


def test_rollup_as_polars_and_arrow() -> None:
    cases = [
        InspectionCase.open(
            f"C{i}", board="B", subject="land", origin="petition", on=D(2021, 3, 1), unit=u
        )
        for i, u in enumerate(["00001", "00004", "00004"])
    ]
    r = rollup_table(arrow_table(rows_of(cases)), 2021, on=ON, to=REFORM, level=UnitLevel.COMMUNE)
    frame = r.to_polars()
    assert frame.columns == [
        "unit",
        "supervised",
        "violations",
        "recommended",
        "resolved",
        "approximate",
    ]
    assert frame["unit"].to_list() == list(r.tallies)
    assert frame["approximate"].to_list() == [c in r.approximate for c in r.tallies]
    assert r.to_arrow().to_pylist() == frame.to_dicts()
    assert r.to_pandas()["approximate"].tolist() == frame["approximate"].to_list()


def test_frames_need_their_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependency):
        tallies_to_polars({})
    with pytest.raises(MissingDependency) as info:
        tallies_to_arrow({})
    assert "qcdc[arrow]" in str(info.value)


def test_the_columnar_path_needs_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    table = arrow_table(good_rows())
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(MissingDependency):
        tally_table(table, 2021)
