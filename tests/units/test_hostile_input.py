"""Issue 11, the units pillar: no code dropped silently, a clear QcdcError for every bad
input (never a bare ValueError, TypeError or AttributeError), caches that do not keep
hostile input, and error messages that quote only a little of it."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc.errors import (
    InputError,
    InvalidUnitCode,
    QcdcError,
    UnknownUnit,
    UnresolvedUnit,
)
from qcdc.units import UnitKind, UnitLevel, unit_code
from qcdc.units import search as units_search
from qcdc.units._export import read_codes
from qcdc.units.gazetteer import Gazetteer

D2021 = dt.date(2021, 12, 17)
D2025A = dt.date(2025, 1, 1)
D2025B = dt.date(2025, 7, 1)
# the one unit of the embedded data whose lineage is not recorded (units/data/unresolved.tsv)
UNRESOLVED = "28825"


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.embedded()


# -- 1. a code is never dropped silently ------------------------------------------------------


def test_the_unresolved_unit_is_unresolved_in_the_data(g: Gazetteer) -> None:
    p = g.project(UNRESOLVED, on=D2021, to=D2025A)
    assert p.status == "unresolved" and p.targets == ()
    assert p.reason is not None and "Phú An Hòa" in p.reason


def test_convert_raises_for_an_unresolved_code_with_its_reason(g: Gazetteer) -> None:
    with pytest.raises(UnresolvedUnit) as info:
        g.convert(["00001", UNRESOLVED], on=D2021, to=D2025A)
    err = info.value
    assert isinstance(err, QcdcError) and isinstance(err, LookupError)
    assert err.code == UNRESOLVED and err.on == D2021 and err.to == D2025A
    assert err.reason == g.project(UNRESOLVED, on=D2021, to=D2025A).reason
    assert UNRESOLVED in str(err) and "Phú An Hòa" in str(err)


@pytest.mark.parametrize("on_split", ["default", "all", "raise"])
def test_convert_raises_for_an_unresolved_code_under_every_split_policy(
    g: Gazetteer, on_split: str
) -> None:
    with pytest.raises(UnresolvedUnit):
        g.convert([UNRESOLVED], on=D2021, to=D2025A, on_split=on_split)  # type: ignore[call-overload]


def test_convert_keeps_the_place_of_an_unresolved_code_under_none(g: Gazetteer) -> None:
    assert g.convert([UNRESOLVED, "00001"], on=D2021, to=D2025A, on_unknown="none") == [
        None,
        "00001",
    ]
    assert g.convert([UNRESOLVED], on=D2021, to=D2025A, on_split="all", on_unknown="none") == [()]


def test_convert_reports_every_unresolved_code_once(g: Gazetteer) -> None:
    with pytest.raises(UnresolvedUnit) as info:
        g.convert([UNRESOLVED, UNRESOLVED], on=D2021, to=D2025B)
    assert list(info.value.unresolved) == [UNRESOLVED]


def test_cli_convert_exits_2_with_one_line_for_an_unresolved_code(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "codes.txt"
    path.write_text(f"00001\n{UNRESOLVED}\n", encoding="utf-8")
    status, out, err = cli(
        "lineage", "convert", str(path), "--on", "2021-12-17", "--to", "2025-01-01"
    )
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and UNRESOLVED in err and "Phú An Hòa" in err
    status, out, _err = cli(
        "lineage",
        "convert",
        str(path),
        "--on",
        "2021-12-17",
        "--to",
        "2025-01-01",
        "--on-unknown",
        "none",
    )
    assert status == 0 and out.splitlines()[-1] == f"{UNRESOLVED},"


# -- 3. clear errors ---------------------------------------------------------------------------


def test_a_fractional_float_is_no_code() -> None:
    with pytest.raises(InvalidUnitCode, match="whole number"):
        unit_code(1.7, level=UnitLevel.PROVINCE)
    assert unit_code(1.0, level=UnitLevel.PROVINCE) == "01"


def test_convert_column_refuses_a_fractional_float() -> None:
    pd = pytest.importorskip("pandas")
    from qcdc.pandas import convert_column

    frame = pd.DataFrame({"province": [1.0, 1.7]})
    with pytest.raises(InputError, match="whole number") as info:
        convert_column(frame, "province", on=D2021, to=D2025B, level=UnitLevel.PROVINCE)
    assert isinstance(info.value.__cause__, InvalidUnitCode)
    out = convert_column(
        frame, "province", on=D2021, to=D2025B, level=UnitLevel.PROVINCE, on_unknown="none"
    )
    assert list(out["province_status"]) == ["same", "unknown"]
    assert out["province_new"][0] == "01"


@pytest.mark.parametrize("text", ["²", "0000²", "１２３４５", "٣٣٣٣٣", "00001²"])
def test_read_codes_takes_ascii_digits_only(text: str) -> None:
    with pytest.raises(InputError, match="ASCII digits"):
        read_codes(["00001", text])
    assert read_codes([text, "00001"]) == ["00001"]  # a first line of other text is a header


@pytest.mark.parametrize("value", ["foo", "", 3, None, 1.5, ["xã"]])
def test_unit_kind_parse_raises_an_input_error_naming_the_kinds(value: object) -> None:
    with pytest.raises(InputError) as info:
        UnitKind.parse(value)  # type: ignore[arg-type]
    assert "'phường'" in str(info.value) and "'đặc khu'" in str(info.value)


@pytest.mark.parametrize("value", ["foo", "", 3, None, 1.5, ["commune"]])
def test_unit_level_parse_raises_an_input_error_naming_the_levels(value: object) -> None:
    with pytest.raises(InputError, match="province, district, commune"):
        UnitLevel.parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "code", [["00001"], ("00001",), {"00001"}, {"a": 1}, b"00001", None, 1.5, object()]
)
def test_get_with_a_code_of_another_type_is_an_invalid_unit_code(
    g: Gazetteer, code: object
) -> None:
    for call in (g.get, g.lookup, g.children, g.parent, g.ancestors):
        with pytest.raises(InvalidUnitCode):
            call(code, on=D2021)  # type: ignore[operator]


def test_a_huge_integer_is_an_invalid_unit_code() -> None:
    with pytest.raises(InvalidUnitCode) as info:
        unit_code(10**5000)
    assert len(str(info.value)) < 200
    with pytest.raises(InvalidUnitCode):
        unit_code(-1, level=UnitLevel.PROVINCE)


@pytest.mark.parametrize(
    "call",
    [
        lambda g, s: unit_code(s),
        lambda g, s: g.get(s, on=D2021),
        lambda g, s: g.units(on=D2021, kind=s),
        lambda g, s: g.units(on=D2021, level=s),
        lambda g, s: g.units(on=D2021, within=s),
        lambda g, s: g.find(s, on=D2021).unwrap(),
        lambda g, s: read_codes(["00001", s]),
    ],
)
def test_error_messages_quote_at_most_80_characters(
    g: Gazetteer, call: Callable[[Gazetteer, str], object]
) -> None:
    hostile = "9" + "x" * 100_000
    with pytest.raises(QcdcError) as info:
        call(g, hostile)
    assert len(str(info.value)) < 400


_ANY = st.one_of(st.text(), st.integers(), st.floats(), st.binary(), st.none(), st.lists(st.text()))


@given(_ANY)
def test_unit_code_raises_only_invalid_unit_code(value: object) -> None:
    """unit_code gives a code of 2, 3 or 5 digits or raises InvalidUnitCode, for anything."""
    with contextlib.suppress(InvalidUnitCode):
        assert len(unit_code(value)) in (2, 3, 5)


@given(_ANY)
def test_level_parse_raises_only_input_errors(value: object) -> None:
    """UnitLevel.parse gives a level or raises InputError, for anything."""
    with contextlib.suppress(InputError):
        assert isinstance(UnitLevel.parse(value), UnitLevel)  # type: ignore[arg-type]


@given(_ANY)
def test_kind_parse_raises_only_input_errors(value: object) -> None:
    """UnitKind.parse gives a kind or raises InputError, for anything."""
    with contextlib.suppress(InputError):
        assert isinstance(UnitKind.parse(value), UnitKind)  # type: ignore[arg-type]


# -- 4. caches keep no hostile input -----------------------------------------------------------


def test_find_keeps_no_long_name_in_its_caches(g: Gazetteer) -> None:
    """Names past the cache's key limit are computed, not kept (100 distinct 1 MB names
    kept 721 MB before)."""
    g.find("Phúc Xá", on=D2021)  # build the name index first
    names = [f"Phường {i} " + "Phúc Xá " * 120 for i in range(40)]  # ~1 kB each
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for name in names:
            g.find(name, on=D2021)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # 40 names of 2 kB (UCS-2) in three caches and text.fold's would keep over 300 kB
    assert kept < 60_000


def test_a_query_far_longer_than_any_name_is_not_found_at_once(g: Gazetteer) -> None:
    """A 1 MB query is answered as quickly as a 10 kB one (no unit's name has even 100
    characters); the answer is 'not_found' with no candidates."""
    for size in (10_000, 1_000_000):
        r = g.find("Phường Phúc Xá " * (size // 15), on=D2021)
        assert r.status == "not_found" and r.candidates == ()


def test_search_caches_are_bounded() -> None:
    for fn in (units_search._name_key, units_search._exact_form, units_search._interpretations):
        info = fn.cache_info()  # type: ignore[attr-defined]
        assert info.maxsize is not None and info.maxsize <= 65536
    assert units_search._CACHED_KEY_LENGTH <= 256


def test_a_long_query_finds_what_a_short_one_finds(g: Gazetteer) -> None:
    """Skipping the cache for a long key changes no answer: a name padded with blanks
    past the cache limit is the same name."""
    short = g.find("Phường Phúc Xá", on=D2021)
    long = g.find("Phường" + " " * 500 + "Phúc Xá", on=D2021)
    assert long.status == short.status == "exact"
    assert long.unit == short.unit


def test_find_refuses_a_name_of_another_type_without_quoting_it(g: Gazetteer) -> None:
    with pytest.raises(InputError) as info:
        g.find(b"x" * 100_000, on=D2021)  # type: ignore[arg-type]
    assert len(str(info.value)) < 200


def test_unknown_unit_from_find_quotes_a_short_query(g: Gazetteer) -> None:
    with pytest.raises(UnknownUnit) as info:
        g.find("Zzz" * 10_000, on=D2021).unwrap()
    assert len(str(info.value)) < 300


# -- SQLite outputs: a bad path is bad input (exit 2), and a file is never half-written


def test_sqlite_outputs_that_cannot_be_written_are_bad_input(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("not a database", encoding="utf-8")
    for out in (tmp_path, not_a_db, tmp_path / "missing" / "x.db"):
        for command in (
            f"units export --on 2025-07-01 --format sqlite --out {out}",
            f"lineage crosswalk --on 2021-12-17 --to 2025-07-01 --format sqlite --out {out}",
        ):
            result = cli(command)
            assert result.status == 2, (command, result.err)
            assert result.err.startswith("qcdc: error:") and "Traceback" not in result.err
    assert not_a_db.read_text(encoding="utf-8") == "not a database"  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["notes.db"]  # no temporary file left


def test_one_sqlite_file_holds_both_tables(cli: Callable[..., Any], tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "qcdc.db"
    assert cli(f"units export --on 2025-07-01 --format sqlite --out {db}").status == 0
    assert (
        cli(f"lineage crosswalk --on 2021-12-17 --to 2025-07-01 --format sqlite --out {db}").status
        == 0
    )
    con = sqlite3.connect(db)
    try:
        units = con.execute("SELECT count(*) FROM units").fetchone()[0]
        rows = con.execute("SELECT count(*) FROM crosswalk").fetchone()[0]
    finally:
        con.close()
    assert units > 3000 and rows > 10000
