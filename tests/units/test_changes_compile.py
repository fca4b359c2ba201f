"""Issue 12 §4: the library's own compiler, over the embedded log alone, gives the shipped
tables record for record, and its replay agrees with the reference (tools/acts/replay.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from qcdc.units import _data, _replay
from qcdc.units.changes import _embedded_log, compile_embedded

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "qcdc" / "units" / "data"


def _tool(name: str) -> ModuleType:
    path = ROOT / "tools" / "acts" / f"{name}.py"
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(f"acts_{name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


@pytest.fixture(scope="module")
def compiled() -> _replay.Compiled:
    return compile_embedded()


@pytest.mark.parametrize(
    ("name", "header", "part"),
    [
        ("units.tsv", _replay.UNITS_HEADER, 0),
        ("lineage.tsv", _replay.LINKS_HEADER, 1),
        ("acts.tsv", _replay.ACTS_HEADER, 2),
    ],
)
def test_the_library_compiles_the_shipped_tables(
    compiled: _replay.Compiled, name: str, header: tuple[str, ...], part: int
) -> None:
    shipped = (DATA / name).read_text(encoding="utf-8").split("\n")
    assert shipped[0].split("\t") == list(header)
    mine = _replay.tsv(header, compiled[part]).split("\n")
    assert len(mine) == len(shipped)
    for i, (a, b) in enumerate(zip(mine, shipped, strict=True)):
        assert a == b, f"{name} line {i + 1}"


def test_the_compiled_records_are_the_loaded_ones(compiled: _replay.Compiled) -> None:
    units = _data._parse_units(_replay.tsv(_replay.UNITS_HEADER, compiled.units).split("\n"))
    links = _data._parse_links(_replay.tsv(_replay.LINKS_HEADER, compiled.links).split("\n"))
    assert units == _data._load_units()
    assert links == _data._load_links()


def test_the_abolished_units_are_the_shipped_unresolved(compiled: _replay.Compiled) -> None:
    assert set(compiled.unresolved) == set(_data._load_unresolved())


def test_the_library_replay_agrees_with_the_reference_on_every_act_day() -> None:
    reference = _tool("replay")
    baseline, acts, _as_of = _embedded_log()
    ref_acts = reference.load_acts()
    assert [a["number"] for a in ref_acts] == [a["number"] for a in acts]
    days = sorted({a["in_force"] for a in acts})
    mine = _replay.replay(baseline, [])
    theirs = reference.replay(reference.load_baseline(), [])
    assert {c: tuple(u) for c, u in mine.items()} == {c: tuple(u) for c, u in theirs.items()}
    for day in days:
        mine = _replay.replay(mine, [a for a in acts if a["in_force"] == day])
        theirs = reference.replay(theirs, [a for a in ref_acts if a["in_force"] == day])
        assert {c: tuple(u) for c, u in mine.items()} == {c: tuple(u) for c, u in theirs.items()}, (
            day
        )


def test_compile_py_uses_the_library() -> None:
    tool = _tool("compile")
    assert tool.compile_embedded is compile_embedded
    assert tool.main(["--check"]) == 0
