"""The cold start (issue 16 §2): the first lookup imports and builds only what it needs.

Guarded structurally, never by a timing: which modules a fresh process has imported after
``qcdc.gazetteer().get(...)``, how many unit records it has built, and that the lazy unit
table (``units.idx``) answers exactly as the records read one by one.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qcdc
from qcdc.units import _data
from qcdc.units.gazetteer import Gazetteer

DATA = Path(_data.__file__).parent / "data"
TSV = (DATA / "units.tsv").read_bytes()
RECORDS = _data._parse_units(TSV.decode("utf-8").split("\n"))
DAYS = sorted({u.valid_from for u in RECORDS} | {u.valid_to for u in RECORDS if u.valid_to})

# what the first lookup by code must not import: the rest of qcdc and the heavy dependencies
_NOT_NEEDED = (
    "qcdc.units.lineage",
    "qcdc.units.search",
    "qcdc.units.acts",
    "qcdc.units._audit",
    "qcdc.units.rebasing",
    "qcdc.units.changes",
    "qcdc.findings",
    "qcdc.citations",
    "qcdc.dates",
    "qcdc.numbers",
    "qcdc.hamlets",
    "qcdc.inspection",
    "qcdc.directives",
    "qcdc.reports",
    "qcdc._files",
    "pandas",
    "polars",
    "pyarrow",
    "numpy",
    "hypothesis",
    "dateutil",
    "importlib.resources",
    "json",
    "fractions",
    "difflib",
)


def _fresh(code: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result: dict[str, object] = json.loads(out.stdout)
    return result


@pytest.mark.parametrize(("code", "day"), [("01", "2025-07-01"), ("00001", "2021-12-17")])
def test_the_first_lookup_imports_only_the_gazetteer(code: str, day: str) -> None:
    probe = (
        "import datetime as dt, json, sys\n"
        "before = set(sys.modules)\n"
        "import qcdc\n"
        f"g = qcdc.gazetteer(); u = g.get({code!r}, on=dt.date.fromisoformat({day!r}))\n"
        "built = sum(x is not None for x in g._table._units)\n"
        "print(json.dumps({'unit': str(u), 'modules': sorted(set(sys.modules) - before),\n"
        "    'built': built, 'in_force': len(g._table.in_force(dt.date.fromisoformat("
        f"{day!r})))}}))\n"
    )
    seen = _fresh(probe)
    assert str(seen["unit"]).startswith(code + " ")
    modules = seen["modules"]
    assert isinstance(modules, list)
    loaded = [m for m in modules if m.split(".")[0] == "qcdc"]
    assert sorted(loaded) == [
        "qcdc",
        "qcdc._bounds",
        "qcdc._hypothesis_plugin",
        "qcdc._policy",
        "qcdc.errors",
        "qcdc.text",
        "qcdc.units",
        "qcdc.units._data",
        "qcdc.units.gazetteer",
        "qcdc.units.model",
    ]
    assert [m for m in _NOT_NEEDED if m in modules] == []
    # the record asked for alone was built, not the 15,000 of every date
    assert seen["built"] == 1


def test_the_shipped_index_is_the_index_of_the_shipped_table() -> None:
    """``units.idx`` is derived from ``units.tsv`` (``tools/units_index.py`` writes it)."""
    assert (DATA / "units.idx").read_bytes().decode("ascii") == _data.index_text(TSV)
    table = _data._load_table()
    assert table.lines[0].startswith(b"01\t")  # the index was taken, not rebuilt
    assert len(table) == len(RECORDS)


def test_the_embedded_gazetteer_is_the_records_read_one_by_one() -> None:
    lazy = Gazetteer.embedded()
    eager = Gazetteer(RECORDS)
    assert lazy.snapshots == eager.snapshots and lazy.coverage == eager.coverage
    for a, b in zip(lazy._epochs, eager._epochs, strict=True):
        assert a.by_code == b.by_code, a.start
        assert [u.name_en for u in a.by_code.values()] == [b.by_code[c].name_en for c in a.by_code]
    assert lazy.records() == eager.records()
    assert repr(lazy) == repr(eager)


def test_a_unit_is_one_object_on_every_date() -> None:
    g = Gazetteer(_data._load_table())
    first = g.get("01", on=dt.date(2021, 12, 17))
    assert first is not None
    assert g.get("01", on=dt.date(2025, 7, 1)) is first
    assert g.records()[0] is first


CODES = sorted({u.code for u in RECORDS})
_EAGER = Gazetteer(RECORDS)


@settings(max_examples=200, deadline=None)
@given(
    asks=st.lists(
        st.tuples(
            st.sampled_from(CODES) | st.sampled_from(["00000", "99", "999", "00002", "96999"]),
            st.sampled_from(DAYS[:-1]) | st.dates(dt.date(2021, 1, 1), dt.date(2027, 12, 31)),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_a_date_not_yet_filled_answers_as_a_filled_one(asks: list[tuple[str, dt.date]]) -> None:
    """The first lookups of a date find their record by bisection in the table; they give
    what the gazetteer of the records read one by one gives, and the snapshot, once filled,
    holds the same objects."""
    lazy = Gazetteer(_data._load_table())
    answers = [lazy.get(code, on=day) for code, day in asks]
    assert answers == [_EAGER.get(code, on=day) for code, day in asks]
    for (_, day), unit in zip(asks, answers, strict=True):
        if unit is not None:
            assert lazy._epoch(day).by_code[unit.code] is unit
            assert lazy.get(unit.code, on=day) is unit


def test_a_date_asked_often_is_filled() -> None:
    lazy = Gazetteer(_data._load_table())
    day = dt.date(2025, 7, 1)
    codes = [u.code for u in _EAGER.units(on=day)][:400]
    assert [lazy.get(c, on=day) for c in codes] == [_EAGER.get(c, on=day) for c in codes]
    assert lazy._epoch(day).complete  # past a few hundred lookups, the snapshot is filled
    early = Gazetteer(_data._load_table())
    assert early.get("01", on=day) is not None and not early._epoch(day).complete


def _tsv(rows: list[int], crlf: bool = False) -> bytes:
    lines = TSV.split(b"\n")
    chosen = [lines[0], *(lines[1 + r] for r in rows)]
    return (b"\r\n" if crlf else b"\n").join(chosen) + b"\n"


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.integers(0, len(RECORDS) - 1), min_size=1, max_size=60, unique=True),
    day=st.sampled_from(DAYS) | st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)),
    crlf=st.booleans(),
    index=st.sampled_from(["none", "stale", "own"]),
)
def test_the_table_answers_as_the_records_whatever_its_index(
    rows: list[int], day: dt.date, crlf: bool, index: str
) -> None:
    """With its own index, a stale one (the shipped table's) or none, a table holds the
    records of its lines, and a date's records are those in force that day."""
    tsv = _tsv(sorted(rows), crlf)
    text = {
        "none": None,
        "stale": (DATA / "units.idx").read_text(encoding="ascii"),
        "own": _data.index_text(tsv) if not crlf else None,
    }[index]
    table = _data.UnitTable(tsv, text)
    expected = [RECORDS[r] for r in sorted(rows)]
    assert table.all() == expected
    assert [u.name_en for u in table.all()] == [u.name_en for u in expected]
    assert [table.all()[r] for r in table.in_force(day)] == [u for u in expected if u.in_force(day)]
    if table.by_code_order:  # a subset of the rows keeps their order
        for u in expected:
            assert table.unit_on(u.code, day) == next(
                (v for v in expected if v.code == u.code and v.in_force(day)), None
            )


def test_an_index_of_another_table_is_not_taken() -> None:
    """Same size, other bytes (a date changed in place): the CRC tells them apart."""
    changed = TSV.replace(b"\t2025-07-01\t", b"\t2025-08-01\t", 1)
    assert len(changed) == len(TSV) and zlib.crc32(changed) != zlib.crc32(TSV)
    table = _data.UnitTable(changed, (DATA / "units.idx").read_text(encoding="ascii"))
    assert dt.date(2025, 8, 1) in table.dates


def test_a_broken_table_says_which_line() -> None:
    with pytest.raises(ValueError, match="line 3"):
        _data.UnitTable(_tsv([0]) + b"01\tNOT_A_KIND\tX\t\t2021-01-01\t\t\n", None)


def test_the_public_names_still_load() -> None:
    """Lazy names: every name of ``qcdc.units.__all__`` (and of ``qcdc``) is there."""
    import qcdc.units as units

    for name in units.__all__:
        assert getattr(units, name) is not None, name
    for name in qcdc.__all__:
        assert getattr(qcdc, name) is not None, name
    from qcdc.units.gazetteer import Candidate, Resolution
    from qcdc.units.search import Candidate as C2
    from qcdc.units.search import Resolution as R2

    assert (Candidate, Resolution) == (C2, R2)
    with pytest.raises(AttributeError):
        units.no_such_name  # noqa: B018
