"""qcdc.hamlets: the hamlet, plan and lineage CSV files (qcdc.hamlets._csv)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import qcdc
from qcdc.errors import (
    InputError,
)
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
    with pytest.raises(InputError, match=match) as info:
        load_hamlets(io.StringIO(text))
    assert info.value.row == row and info.value.field == field
    assert info.value.source == "<stream>"


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
    with pytest.raises(InputError, match=match) as info:
        load_plan(io.StringIO(header + line + "\n"))
    assert (info.value.row, info.value.field) == (2, field)


def test_plan_file_without_sources_column() -> None:
    with pytest.raises(InputError, match="missing column") as info:
        load_plan(io.StringIO("action,effective\nmerge,2022-01-01\n"))
    assert info.value.field == "sources"


def test_plan_dates_may_be_vietnamese() -> None:
    p = load_plan(io.StringIO("action,sources,effective\nsáp nhập,T1;T2,01/01/2022\n"), name="x")
    assert p.actions[0].effective == E and p.name == "x"
