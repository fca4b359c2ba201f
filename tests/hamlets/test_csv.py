"""qcdc.hamlets: the hamlet, plan and lineage CSV files (qcdc.hamlets._csv)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import qcdc
from qcdc.errors import InputError, ValidationFailed
from qcdc.hamlets import (
    Community,
    Conversion,
    Dissolution,
    HamletRegistry,
    Merger,
    MergerPlan,
    Rename,
)
from qcdc.hamlets._csv import (
    dump_hamlets,
    dump_lineage,
    dump_plan,
    load_hamlets,
    load_plan,
)

DATA = Path(__file__).parent.parent / "data" / "hamlets"
G = qcdc.gazetteer()
D = dt.date(2021, 12, 17)
E = dt.date(2022, 1, 1)
WARD = "00001"  # Phường Phúc Xá, Quận Ba Đình (001)
XA = "00379"  # Xã Bắc Sơn, Huyện Sóc Sơn (016)


def thon(ident: str, households: int, commune: str = XA, **kw: Any) -> Community:
    name = kw.pop("name", f"Thôn {ident}")
    return Community(ident, name, "thôn", commune, households, **kw)


def small() -> HamletRegistry:
    return HamletRegistry.build(load_hamlets(DATA / "hamlets_small.csv"), on=D, gazetteer=G)


# =========================================================================== CSV files


def test_load_hamlets_with_bom_and_vietnamese_headers() -> None:
    comms = load_hamlets(DATA / "hamlets_vi_bom.csv")
    assert [(c.id, c.commune_code, c.households, c.area_km2, c.island) for c in comms] == [
        ("TDP01", WARD, 120, Decimal("0.12"), False),
        ("T01", XA, 1140, Decimal("1.2"), True),
    ]


def test_load_from_a_stream_with_semicolons() -> None:
    text = (
        "id;name;kind;commune_code;households\n"
        "T1;Thôn A;thôn;00379;12\n\n;;;;\nT2;Thôn B;thôn;00379;13\n"
    )
    comms = load_hamlets(io.StringIO(text))
    assert [c.id for c in comms] == ["T1", "T2"]
    tabbed = "id\tname\tkind\tcommune_code\thouseholds\nT1\tThôn A\tthôn\t00379\t12\n"
    assert load_hamlets(io.StringIO(tabbed))[0].households == 12


@pytest.mark.parametrize(
    ("text", "row", "field", "match"),
    [
        ("id,name,kind,commune_code\n", 1, "households", "missing column"),
        ("Mã,Tên,Mã xã,Số hộ,Số hộ gia đình\n", 1, "Số hộ gia đình", "two columns mean"),
        ("Mã,Tên,Loại,Mã xã,Số hộ\nT1,Thôn A,thôn,00379,mười\n", 2, "Số hộ", "whole number"),
        (
            "id,name,kind,commune_code,households\n"
            "T1,Thôn A,thôn,00379,1\nT2,Thôn B,thôn,00379,1,9\n",
            3,
            None,
            "6 cells but the header has 5",
        ),
        ("id,name,kind,commune_code,households\nT1,Thôn A,ward,00379,1\n", 2, "kind", "kind must"),
        (
            "id,name,kind,commune_code,households\n,Thôn A,thôn,00379,1\n",
            2,
            "id",
            "missing required",
        ),
        ('id,name,kind,commune_code,households\nT1,"Thôn A,thôn,00379,1\n', 2, None, "malformed"),
        ("", None, None, "empty"),
    ],
)
def test_hamlet_file_errors_name_row_and_column(
    text: str, row: int | None, field: str | None, match: str
) -> None:
    error = the_error(load_hamlets, text)
    assert re.search(match, str(error))
    assert error.row == row and error.field == field
    assert error.source == "<stream>"


def the_error(load: Callable[[Any], object], text: str) -> InputError:
    """The one error of a file: a file that cannot be read is an InputError, a file with
    bad rows a ValidationFailed (here of one part)."""
    try:
        load(io.StringIO(text))
    except ValidationFailed as group:
        [error] = group.exceptions
        assert isinstance(error, InputError)
        return error
    except InputError as error:
        return error
    raise AssertionError("the file loaded")


def test_file_level_errors(tmp_path: Path) -> None:
    bad = tmp_path / "cp1258.csv"
    bad.write_bytes(
        "id,name,kind,commune_code,households\nT1,Th\xf4n,thôn,00379,1\n".encode("latin-1")
    )
    with pytest.raises(InputError, match="not UTF-8") as info:
        load_hamlets(bad)
    assert info.value.line == 2 and "CSV UTF-8" in str(info.value)
    with pytest.raises(InputError, match="cannot read the file"):
        load_hamlets(tmp_path / "missing.csv")


def test_round_trips(tmp_path: Path) -> None:
    comms = load_hamlets(DATA / "hamlets_small.csv") + [
        thon("TX", 5, valid_from=dt.date(2020, 1, 1), valid_to=E, border=True)
    ]
    path = tmp_path / "h.csv"
    dump_hamlets(comms, path, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_hamlets(path) == comms
    buf = io.StringIO()
    dump_hamlets(comms, buf, bom=True)
    assert (
        buf.getvalue().startswith("\ufeff") and load_hamlets(io.StringIO(buf.getvalue())) == comms
    )
    p = MergerPlan(
        [
            Merger(
                ["T1", "00379:T2"],
                target_id="N",
                target_name="Thôn N",
                target_kind="xóm",
                target_households=3,
                target_population=9,
                effective=E,
                basis="NQ 1",
                exemption="x",
            ),
            Dissolution(["T3"], effective=E),
            Rename(["T4"], target_name="Thôn Bốn", target_id="T04", effective=E),
            Conversion(["T5", "T6"], target_kind="tổ dân phố", effective=E),
        ]
    )
    ppath = tmp_path / "p.csv"
    dump_plan(p, ppath)
    back = load_plan(ppath)
    assert back == attrs.evolve(p, name=str(ppath))
    assert [a.row for a in back.actions] == [2, 3, 4, 5]
    out = load_plan(DATA / "plan_valid.csv").apply(small())
    lpath = tmp_path / "lineage.csv"
    dump_lineage(out, lpath)
    assert lpath.read_text(encoding="utf-8").splitlines()[:2] == [
        "commune_code,id,successor_commune_code,successor_id",
        "00001,TDP01,00001,TDP06",
    ]


@pytest.mark.parametrize(
    ("line", "field", "match"),
    [
        ("split,T1,,,,2022-01-01,,,,", "Hành động", "action must be one of"),
        ("merge,T1;T2,,,,,,,,", "Ngày hiệu lực", "effective must not be empty"),
        ("merge,T1;T2,,,,2022-13-01,,,,", "Ngày hiệu lực", "not a real date"),
        ("merge,T1;T2,,,,2022/01/01,,,,", "Ngày hiệu lực", "such as 2021-12-17"),
        ("rename,T1,,Thôn X,,2022-01-01,,,12,", "Số hộ mới", "only used by a merge"),
        ("rename,T1,,Thôn X,thôn,2022-01-01,,,,", "Loại mới", "only used by a merge or a convert"),
        ("dissolve,T1,T9,,,2022-01-01,,,,", "Mã mới", "not used by a dissolve"),
        ("merge,T1;T2,,,phường,2022-01-01,,,,", "Loại mới", "kind must be one of"),
        ("merge,T1;T2,,,,2022-01-01,,,nhiều,", "Số hộ mới", "whole number"),
        ('merge,T1;T2,"N;1",Thôn N,,2022-01-01,,,,', "Mã mới", "must not contain"),
    ],
)
def test_plan_file_errors(line: str, field: str, match: str) -> None:
    header = (
        "Hành động,Nguồn,Mã mới,Tên mới,Loại mới,Ngày hiệu lực,Căn cứ,Miễn trừ,"
        "Số hộ mới,Dân số mới\n"
    )
    error = the_error(load_plan, header + line + "\n")
    assert re.search(match, str(error))
    assert (error.row, error.field) == (2, field)


def test_plan_file_without_sources_column() -> None:
    error = the_error(load_plan, "action,effective\nmerge,2022-01-01\n")
    assert "missing column" in str(error) and error.field == "sources"


def test_plan_dates_may_be_vietnamese() -> None:
    p = load_plan(io.StringIO("action,sources,effective\nsáp nhập,T1;T2,01/01/2022\n"), name="x")
    assert p.actions[0].effective == E and p.name == "x"


# ===================================================================== nothing lost (issue 11)

HEADER = "id,name,kind,commune_code,households,population,border,island\n"


def test_a_misspelled_column_is_refused_with_the_nearest_name() -> None:
    """issue 11: `populaton` was dropped silently and population came back None"""
    text = HEADER.replace("population", "populaton") + "T1,Thôn A,thôn,00379,10,40,0,0\n"
    error = the_error(load_hamlets, text)
    assert (error.row, error.field) == (1, "populaton")
    assert "did you mean 'population'?" in str(error)
    vi = the_error(load_hamlets, "Mã,Tên,Loại,Mã xã,Số hộ,Nhân khẩu học\n")
    assert vi.field == "Nhân khẩu học" and "did you mean 'population'?" in str(vi)
    other = the_error(load_hamlets, HEADER.replace("border", "notes") + "T1,A,thôn,00379,1,,x,0\n")
    assert other.field == "notes" and "known columns" in str(other)


def test_a_short_row_is_refused_not_padded() -> None:
    """issue 11: a row missing its last cells became island False instead of 1"""
    text = HEADER + "T1,Thôn A,thôn,00379,10,40,0,1\nT2,Thôn B,thôn,00379,10,40,1\n"
    error = the_error(load_hamlets, text)
    assert (error.row, error.field) == (3, None)
    assert "7 cells but the header has 8" in str(error)


def test_every_bad_row_is_reported_at_once() -> None:
    rows = [f"T{i},Thôn {i},thôn,00379,{i},,0,0" for i in range(1, 60)]
    rows[3] = "T4,Thôn 4,thôn,00379,many,,0,0"
    rows[10] = "T11,Thôn 11,thôn,00379,11,,0"
    rows[20] = "T21;x,Thôn 21,thôn,00379,21,,0,0"
    rows[30] = "T31,Thôn 31,ward,00379,31,,0,0"
    with pytest.raises(ValidationFailed, match="4 bad rows") as info:
        load_hamlets(io.StringIO(HEADER + "\n".join(rows) + "\n"))
    parts = [(e.row, e.field) for e in info.value.exceptions if isinstance(e, InputError)]
    assert parts == [(5, "households"), (12, None), (22, "id"), (32, "kind")]


def test_a_value_under_a_column_without_a_header_is_refused() -> None:
    error = the_error(load_hamlets, "id,name,kind,commune_code,households,\nT1,A,thôn,00379,1,x\n")
    assert error.row == 2 and "without a header" in str(error)
    assert load_hamlets(io.StringIO("id,name,kind,commune_code,households,\nT1,A,thôn,379,1,\n"))


_GOOD = st.builds(
    lambda i, hh, isl: f"G{i},Thôn {i},thôn,00379,{hh},,0,{isl}",
    st.integers(0, 10**6),
    st.integers(0, 10**5),
    st.sampled_from(["0", "1", "x", ""]),
)
_BAD = st.sampled_from(
    [
        "B,Thôn B,thôn,00379,nhiều,,0,0",  # not a number
        "B,Thôn B,thôn,00379,5,,0",  # a cell short
        "B,Thôn B,thôn,00379,5,,0,0,9",  # a cell too many
        "B;1,Thôn B,thôn,00379,5,,0,0",  # ';' in an id
        "B,Thôn B,phường,00379,5,,0,0",  # not a community kind
        "B,Thôn B,thôn,00379,5,,maybe,0",  # not a flag
        ",Thôn B,thôn,00379,5,,0,0",  # no id
    ]
)


@given(st.lists(st.tuples(st.booleans(), _GOOD, _BAD), min_size=1, max_size=80))
def test_exactly_the_planted_bad_rows_are_reported(rows: list[tuple[bool, str, str]]) -> None:
    """N bad rows planted among good ones: exactly those N rows are reported (at most 50
    shown, all counted), and without them the good rows load unchanged"""
    lines = [bad if planted else good for planted, good, bad in rows]
    planted = [n for n, (is_bad, _, _) in enumerate(rows, start=2) if is_bad]
    goods = [good for is_bad, good, _ in rows if not is_bad]
    text = HEADER + "\n".join(lines) + "\n"
    if not planted:
        loaded = load_hamlets(io.StringIO(text))
    else:
        with pytest.raises(ValidationFailed) as info:
            load_hamlets(io.StringIO(text))
        assert f"{len(planted)} bad row" in str(info.value)
        reported = [e.row for e in info.value.exceptions if isinstance(e, InputError)]
        assert reported == planted[:50]
        loaded = load_hamlets(io.StringIO(HEADER + "\n".join(goods) + "\n"))
    assert [c.id for c in loaded] == [g.split(",")[0] for g in goods]
    assert [c.island for c in loaded] == [g.endswith((",1", ",x")) for g in goods]


# ====================================================================== round trips (issue 11)


def test_a_plan_keeps_its_name_through_a_file(tmp_path: Path) -> None:
    """issue 11: the plan's name was lost in the CSV round trip"""
    named = MergerPlan([Dissolution(["T3"], effective=E)], name="Phương án 2022")
    buf = io.StringIO()
    dump_plan(named, buf)
    assert load_plan(io.StringIO(buf.getvalue())).name == "Phương án 2022"
    assert load_plan(io.StringIO(buf.getvalue()), name="mine").name == "mine"
    empty = io.StringIO()
    dump_plan(MergerPlan([], name="nothing yet"), empty)
    back = load_plan(io.StringIO(empty.getvalue()))
    assert (back.name, back.actions) == ("nothing yet", ())
    two = "action,sources,effective,plan\ndissolve,T1,2022-01-01,A\ndissolve,T2,2022-01-01,B\n"
    error = the_error(load_plan, two)
    assert (error.row, error.field) == (3, "plan")


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "'quoted"])
def test_cells_that_a_spreadsheet_would_run_are_written_as_text(name: str) -> None:
    """issue 11: names starting with = + - @ were written raw (formula injection)"""
    c = Community("T1", name, "thôn", XA, 1)
    buf = io.StringIO()
    dump_hamlets([c], buf)
    cell = next(csv.DictReader(io.StringIO(buf.getvalue())))["name"]
    assert cell == "'" + name
    assert load_hamlets(io.StringIO(buf.getvalue())) == [c]
    p = MergerPlan([Rename(["T1"], target_name=name, effective=E)], name=name)
    pbuf = io.StringIO()
    dump_plan(p, pbuf)
    back = load_plan(io.StringIO(pbuf.getvalue()))
    assert back.name == name and back.actions == p.actions


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and " " not in s and ";" not in s and s.strip()
)


@given(_TEXT, _TEXT)
def test_names_and_plan_names_survive_the_file(name: str, plan_name: str) -> None:
    """whatever a name starts with, dump then load gives it back"""
    try:
        c = Community("T1", name, "thôn", XA, 1)
    except (ValueError, TypeError):
        return
    buf = io.StringIO()
    dump_hamlets([c], buf)
    assert load_hamlets(io.StringIO(buf.getvalue())) == [c]
    pbuf = io.StringIO()
    dump_plan(MergerPlan([Dissolution(["T1"], effective=E)], name=plan_name), pbuf)
    assert load_plan(io.StringIO(pbuf.getvalue())).name == plan_name


def test_a_header_names_all_its_problems_in_one_error() -> None:
    text = "id,name,kind,commune_code,households,populaton,islnd\n"
    with pytest.raises(InputError, match="unknown column 'populaton'") as info:
        load_hamlets(io.StringIO(text))
    assert info.value.field == "populaton" and "also 'islnd'" in str(info.value)
