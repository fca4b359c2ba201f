"""qcdc.arrow and the Parquet export: explicit schemas, no Python objects in a column
(issue 15)."""

from __future__ import annotations

import datetime as dt
import sys
from fractions import Fraction
from pathlib import Path

import pytest

import qcdc
from qcdc import cli
from qcdc.errors import InputError, MissingDependency, UnknownUnit

pa = pytest.importorskip(
    "pyarrow", reason="needs pyarrow: the arrow extra (pip install 'qcdc[arrow]') is not installed"
)
pq = pytest.importorskip(
    "pyarrow.parquet", reason="needs pyarrow.parquet: the arrow extra is not installed"
)

from qcdc.arrow import convert, crosswalk_table, units_table  # noqa: E402
from qcdc.units._export import export_crosswalk, export_units  # noqa: E402

D2021 = dt.date(2021, 12, 17)
D2025A = dt.date(2025, 1, 1)
D2025B = dt.date(2025, 7, 1)


def test_crosswalk_table_schema_and_exact_shares() -> None:
    g = qcdc.gazetteer()
    t = crosswalk_table(on=D2025A, to=D2025B, level="commune")
    types = {f.name: f.type for f in t.schema}
    assert types["source"] == pa.string() and types["target"] == pa.string()
    assert types["on_date"] == pa.date32() and types["to_date"] == pa.date32()
    assert types["share"] == pa.float64() and types["share_numerator"] == pa.int64()
    assert types["whole"] == pa.bool_()
    rows = g.crosswalk(on=D2025A, to=D2025B, level="commune")
    got = t.to_pylist()
    assert len(got) == len(rows)
    shared = 0
    for row, r in zip(got, rows, strict=True):
        assert (row["source"], row["target"], row["status"]) == (r.source, r.target, r.status)
        if r.share is not None:
            shared += 1
            assert Fraction(row["share_numerator"], row["share_denominator"]) == r.share
    assert shared > 0


def test_units_table_keeps_leading_zeros_and_dates() -> None:
    t = units_table(on=D2025B, level="commune", within="01")
    assert t.schema.field("code").type == pa.string()
    assert t.schema.field("valid_from").type == pa.date32()
    codes = t.column("code").to_pylist()
    assert codes and all(len(c) == 5 for c in codes)
    assert codes == [
        u.code for u in qcdc.gazetteer().units(on=D2025B, level="commune", within="01")
    ]


@pytest.mark.parametrize("chunked", [False, True])
def test_convert_an_arrow_column(chunked: bool) -> None:
    g = qcdc.gazetteer()
    codes = [u.code for u in g.units(on=D2021, level="commune")][::11]
    arr = pa.chunked_array([codes[:50], codes[50:]]) if chunked else pa.array(codes)
    out = convert(arr, on=D2021, to=D2025B)
    assert out.to_pylist() == g.convert(codes, on=D2021, to=D2025B)
    dictionary = convert(pa.array(codes).dictionary_encode(), on=D2021, to=D2025B)
    assert dictionary.to_pylist() == out.to_pylist()
    with pytest.raises(UnknownUnit, match="99999"):
        convert(pa.array(["00001", "99999"]), on=D2021, to=D2025B)
    with pytest.raises(InputError, match="pyarrow Array"):
        convert(["00001"], on=D2021, to=D2025B)


def test_parquet_export_reads_back_in_arrow(tmp_path: Path) -> None:
    g = qcdc.gazetteer()
    out = tmp_path / "cw.parquet"
    n = export_crosswalk(g, D2021, D2025B, "parquet", out, level="commune")
    t = pq.read_table(out)
    assert t.num_rows == n == len(g.crosswalk(on=D2021, to=D2025B, level="commune"))
    assert t.schema.field("share_denominator").type == pa.int64()
    assert t.schema.metadata[b"crosswalk_on"] == b"2021-12-17"
    assert t.equals(crosswalk_table(on=D2021, to=D2025B, level="commune"))
    units = tmp_path / "units.parquet"
    assert export_units(g, None, "parquet", units) == len(g.records())
    assert pq.read_table(units).column("valid_to").type == pa.date32()


def test_parquet_needs_a_file(tmp_path: Path) -> None:
    import io

    with pytest.raises(InputError, match="needs a file path"):
        export_units(qcdc.gazetteer(), D2025B, "parquet", io.StringIO())


def test_cli_writes_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cw.parquet"
    argv = ["lineage", "crosswalk", "--on", "2021-12-17", "--to", "2025-07-01"]
    assert cli.main([*argv, "--format", "parquet", "--out", str(out)]) == 0
    assert pq.read_table(out).num_rows > 10_000
    units = tmp_path / "u.parquet"
    assert (
        cli.main(
            ["units", "export", "--on", "2025-07-01", "--format", "parquet", "--out", str(units)]
        )
        == 0
    )
    assert pq.read_table(units).num_rows == qcdc.gazetteer().count(on=D2025B)
    assert cli.main([*argv, "--format", "parquet"]) == 2  # no --out: not to a terminal
    assert "needs a file path" in capsys.readouterr().err


def test_without_pyarrow_the_cli_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.setitem(sys.modules, name, None)  # an import of it now fails
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = tmp_path / "cw.parquet"
    argv = ["lineage", "crosswalk", "--on", "2021-12-17", "--to", "2025-07-01"]
    assert cli.main([*argv, "--format", "parquet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert 'pip install "qcdc[arrow]"' in err and "Traceback" not in err
    assert not out.exists()
    with pytest.raises(MissingDependency):
        units_table(on=D2025B)


def test_the_duckdb_recipe_gives_the_codes_of_convert(tmp_path: Path) -> None:
    duckdb = pytest.importorskip(
        "duckdb", reason="needs duckdb (pip install duckdb): not installed"
    )
    g = qcdc.gazetteer()
    out = tmp_path / "cw.parquet"
    assert (
        cli.main(
            ["lineage", "crosswalk", "--on", "2021-12-17", "--to", "2025-07-01"]
            + ["--format", "parquet", "--out", str(out)]
        )
        == 0
    )
    codes = [u.code for u in g.units(on=D2021)][::3] + ["99999"]
    con = duckdb.connect()
    con.execute("CREATE TABLE survey (i INTEGER, code VARCHAR)")
    con.executemany("INSERT INTO survey VALUES (?, ?)", list(enumerate(codes)))
    rows = con.execute(
        "SELECT s.code, c.target FROM survey s LEFT JOIN read_parquet(?) c "
        'ON c.source = s.code AND c."default" ORDER BY s.i',
        [str(out)],
    ).fetchall()
    assert [r[0] for r in rows] == codes
    assert [r[1] for r in rows] == g.convert(codes, on=D2021, to=D2025B, on_unknown="none")
