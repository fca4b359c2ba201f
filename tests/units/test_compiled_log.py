"""The embedded gazetteer answers from the act log (issue 12): exact dates, cited links."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

import qcdc
from qcdc.units import UnitKind, UnitLevel
from qcdc.units.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[2]
D = dt.date(2021, 12, 17)


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return qcdc.gazetteer()


def test_pho_yen_is_a_town_until_469_then_a_city(g: Gazetteer) -> None:
    before = g.lookup("172", on=D)
    assert before.kind is UnitKind.DISTRICT_TOWN and before.name == "Thị xã Phổ Yên"
    assert {u.kind for u in g.children("172", on=D)} == {UnitKind.COMMUNE, UnitKind.WARD}
    assert g.lookup("172", on=dt.date(2022, 4, 9)).kind is UnitKind.DISTRICT_TOWN
    after = g.lookup("172", on=dt.date(2022, 4, 10))
    assert after.kind is UnitKind.PROVINCIAL_CITY
    wards = [u for u in g.children("172", on=dt.date(2022, 4, 10)) if u.kind is UnitKind.WARD]
    assert len(wards) == 9 + len([u for u in g.children("172", on=D) if u.kind is UnitKind.WARD])


@pytest.mark.parametrize(("name", "kind"), [("Chơn Thành", "huyện"), ("Quế Võ", "huyện")])
def test_districts_keep_their_2021_kind_on_2021_12_17(g: Gazetteer, name: str, kind: str) -> None:
    (unit,) = [u for u in g.units(on=D, level=UnitLevel.DISTRICT) if u.name.endswith(name)]
    assert unit.name.lower().startswith(kind)


def test_hanoi_2021_unchanged(g: Gazetteer) -> None:
    assert g.count(on=D, level="commune", within="01") == 579
    assert g.count(on=D, kind="xã", within="01") == 383
    assert g.count(on=D, kind="phường", within="01") == 175
    assert g.count(on=D, kind="thị trấn", within="01") == 21
    assert g.count(on=dt.date(2025, 7, 1), level="commune", within="01") == 126


def test_2026_centrally_run_cities(g: Gazetteer) -> None:
    on = dt.date(2026, 12, 1)
    assert g.count(on=on, level=UnitLevel.PROVINCE) == 34
    for name in ("Đồng Nai", "Quảng Ninh", "Bắc Ninh"):
        (p,) = [u for u in g.units(on=on, level=UnitLevel.PROVINCE) if u.name.endswith(name)]
        assert p.kind is UnitKind.MUNICIPALITY, p
        before = g.get(p.code, on=dt.date(2025, 7, 1))
        assert before is not None and before.kind is UnitKind.PROVINCE


def test_every_link_cites_an_act_of_the_log(g: Gazetteer) -> None:
    acts = (ROOT / "src/qcdc/units/data/acts.tsv").read_text(encoding="utf-8").splitlines()
    numbers = {line.split("\t")[0] for line in acts[1:]}
    assert g.links and all(link.basis in numbers for link in g.links)


def test_the_shipped_tables_are_the_compiled_log() -> None:
    spec = importlib.util.spec_from_file_location("acts_compile", ROOT / "tools/acts/compile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
