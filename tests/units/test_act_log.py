"""The act log (src/qcdc/units/data/acts/): its schema, its order, and what replaying it gives.

The replay is the small reference in tools/acts/replay.py (not the library's); no network, no
mirror of the source: everything here reads the shipped files only.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
ACTS = ROOT / "src" / "qcdc" / "units" / "data" / "acts"
UNITS_TSV = ROOT / "src" / "qcdc" / "units" / "data" / "units.tsv"


def _load_replay() -> ModuleType:
    spec = importlib.util.spec_from_file_location("acts_replay", ROOT / "tools/acts/replay.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


replay = _load_replay()

# Codes where replaying the log is allowed to differ from units.tsv on a date, with the reason.
# Empty today: the log and units.tsv agree code for code (and kind and parent) on both dates.
ALLOWED_DIFFERENCES: dict[str, dict[str, str]] = {"2025-06-30": {}, "2025-07-01": {}}


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    return replay.load_baseline(ACTS / "baseline.tsv")


@pytest.fixture(scope="module")
def acts() -> list[dict[str, Any]]:
    return replay.load_acts(ACTS)


@pytest.fixture(scope="module")
def states(baseline: dict[str, Any], acts: list[dict[str, Any]]) -> dict[dt.date, dict[str, Any]]:
    """The state on each day an act takes effect (and on the baseline's day)."""
    out = {replay.baseline_date(ACTS / "baseline.tsv"): dict(baseline)}
    state = dict(baseline)
    for day in sorted({a["in_force"] for a in acts}):
        state = replay.replay(state, [a for a in acts if a["in_force"] == day])
        out[day] = state
    return out


def _units_valid_on(day: str) -> dict[str, dict[str, str]]:
    with UNITS_TSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return {
        r["code"]: r
        for r in rows
        if r["valid_from"] <= day and (not r["valid_to"] or day < r["valid_to"])
    }


# -- the files -------------------------------------------------------------------------------------


def test_one_file_per_year_and_a_readme() -> None:
    names = sorted(p.name for p in ACTS.iterdir())
    assert names == [
        "2021.toml",
        "2022.toml",
        "2023.toml",
        "2024.toml",
        "2025.toml",
        "2026.toml",
        "README.md",
        "baseline.tsv",
    ]


def test_every_act_has_the_documented_schema(acts: list[dict[str, Any]]) -> None:
    assert len(acts) > 50
    for act in acts:
        replay.check_schema(act)
        assert act["_file"] == f"{act['in_force'].year}.toml", act["number"]


def test_the_schema_check_rejects_what_the_readme_forbids(acts: list[dict[str, Any]]) -> None:
    good = acts[0]
    for broken in (
        {**good, "confidence": "certain"},
        {**good, "read": "rumour"},
        {**good, "signed": "2022-01-01"},
        {k: v for k, v in good.items() if k != "signed"},  # no date signed, yet "high"
        {**good, "in_force": good["signed"] - dt.timedelta(days=1)},
        {**good, "changes": []},
        {**good, "changes": [{**good["changes"][0], "event": "teleport"}]},
        {**good, "changes": [{**good["changes"][0], "kind": "KINGDOM"}]},
        {**good, "changes": [{**good["changes"][0], "sources": "00001"}]},
        {**good, "colour": "red"},
        {**good, "changes": [{**good["changes"][0], "area_km2": -1.0}]},
        {**good, "changes": [{**good["changes"][0], "population": 12.5}]},
        {**good, "changes": [{**good["changes"][0], "source_figures": {"00016": {}}}]},
        {**good, "changes": [{**good["changes"][0], "source_figures": {"00016": {"area": 1.0}}}]},
        {**good, "changes": [{**good["changes"][0], "source_figures": {"1": {"area_km2": 0}}}]},
        {**good, "changes": [{**good["changes"][0], "source_figures": {"1": {"population": 2.5}}}]},
        # a part's figures for a code the change does not take a part of
        {**good, "changes": [{**good["changes"][0], "part_figures": {"99999": {"population": 5}}}]},
    ):
        with pytest.raises(replay.ActError):
            replay.check_schema(broken)


def test_acts_are_ordered_by_the_day_they_take_effect(acts: list[dict[str, Any]]) -> None:
    assert replay.ordered(acts)
    assert acts[0]["in_force"] > replay.baseline_date(ACTS / "baseline.tsv")


def test_no_unit_is_changed_twice_by_one_act(acts: list[dict[str, Any]]) -> None:
    for act in acts:
        codes = Counter(ch["code"] for ch in act["changes"])
        assert max(codes.values()) == 1, (act["number"], codes.most_common(1))


def test_every_act_number_is_a_document_number_of_its_issuer(acts: list[dict[str, Any]]) -> None:
    from qcdc import DocumentNumber

    for act in acts:
        number = DocumentNumber.parse(act["number"])
        assert str(number) == act["number"], act["number"]
        assert number.issuer_code == act["issuer"], act["number"]
    numbers = Counter(a["number"] for a in acts)
    assert max(numbers.values()) == 1, numbers.most_common(1)


def test_the_2025_reform_has_one_resolution_per_new_province(acts: list[dict[str, Any]]) -> None:
    reform = [a for a in acts if a["in_force"] == dt.date(2025, 7, 1)]
    assert reform[0]["number"] == "202/2025/QH15"
    assert reform[-1]["number"] == "203/2025/QH15"
    communes = [a for a in reform if a["issuer"] == "UBTVQH15"]
    numbers = sorted(int(a["number"].split("/")[0]) for a in communes)
    assert numbers == list(range(1654, 1688))
    parents = [{ch.get("parent") for ch in a["changes"]} - {None} for a in communes]
    assert all(len(p) == 1 for p in parents)  # each resolution is about one new province
    assert len(set.union(*parents)) == 34


def test_the_two_links_issue_12_found_wrong_are_fixed(acts: list[dict[str, Any]]) -> None:
    changes = {
        (a["number"], ch["code"]): ch
        for a in acts
        if a["in_force"] == dt.date(2025, 7, 1)
        for ch in a["changes"]
    }
    o_dien = changes[("1656/NQ-UBTVQH15", "09817")]
    assert "09013" in o_dien["parts"] and o_dien["clause"] == "Điều 1, khoản 107"
    thu_thua = changes[("1682/NQ-UBTVQH15", "28036")]
    assert "28036" in thu_thua["sources"] and thu_thua["clause"] == "Điều 1, khoản 20"
    nhut_tao = changes[("1682/NQ-UBTVQH15", "28087")]
    assert "28036" not in nhut_tao.get("sources", []) + nhut_tao.get("parts", [])


# -- replaying -------------------------------------------------------------------------------------


def test_every_change_applies_to_the_state_of_the_day_before(
    states: dict[dt.date, dict[str, Any]], acts: list[dict[str, Any]]
) -> None:
    """Built once for every day; replay raises ActError where a code is missing or misplaced."""
    assert len(states) == len({a["in_force"] for a in acts}) + 1
    for day, state in states.items():
        replay.check_orphans(state, day)


def test_the_replay_rejects_a_change_to_a_unit_that_does_not_exist(
    baseline: dict[str, Any], acts: list[dict[str, Any]]
) -> None:
    act = copy.deepcopy(acts[0])
    act["changes"][0]["code"] = "99999"
    with pytest.raises(replay.ActError, match="no such unit"):
        replay.replay(baseline, [act])


def test_the_replay_rejects_a_merge_across_levels(baseline: dict[str, Any]) -> None:
    act = {
        "number": "1/NQ-TEST",
        "in_force": dt.date(2022, 1, 1),
        "changes": [{"event": "merge", "code": "00001", "sources": ["001"]}],
    }
    with pytest.raises(replay.ActError, match="another level"):
        replay.replay(baseline, [act])


def test_the_replay_rejects_an_orphan(baseline: dict[str, Any]) -> None:
    act = {
        "number": "1/NQ-TEST",
        "in_force": dt.date(2022, 1, 1),
        "changes": [{"event": "abolish", "code": "001"}],
    }
    with pytest.raises(replay.ActError, match="no longer exists"):
        replay.replay(baseline, [act])


@pytest.mark.parametrize("day", ["2025-06-30", "2025-07-01"])
def test_replay_gives_the_units_of_units_tsv(
    baseline: dict[str, Any], acts: list[dict[str, Any]], day: str
) -> None:
    mine = replay.replay(baseline, acts, dt.date.fromisoformat(day))
    theirs = _units_valid_on(day)
    allowed = ALLOWED_DIFFERENCES[day]
    assert sorted(mine.keys() ^ theirs.keys()) == sorted(
        c for c in allowed if (c in mine) != (c in theirs)
    )
    for code in mine.keys() & theirs.keys():
        if code in allowed:
            continue
        assert mine[code].kind == theirs[code]["kind"], code
        assert mine[code].parent == theirs[code]["parent"], code
    assert len(mine) == {"2025-06-30": 10794, "2025-07-01": 3355}[day]


def test_hanoi_on_2021_12_17(baseline: dict[str, Any], acts: list[dict[str, Any]]) -> None:
    state = replay.replay(baseline, acts, dt.date(2021, 12, 17))
    districts = {c for c, u in state.items() if u.parent == "01"}
    communes = Counter(u.kind for u in state.values() if u.parent in districts)
    assert communes == {"COMMUNE": 383, "WARD": 175, "TOWNSHIP": 21}


def test_the_2022_2023_acts_are_not_in_force_before_their_day(
    baseline: dict[str, Any], acts: list[dict[str, Any]]
) -> None:
    before = replay.replay(baseline, acts, dt.date(2021, 12, 17))
    after = replay.replay(baseline, acts, dt.date(2023, 4, 10))
    for code, old, new in [
        ("172", "DISTRICT_TOWN", "PROVINCIAL_CITY"),  # Phổ Yên, 469/NQ-UBTVQH15
        ("697", "RURAL_DISTRICT", "DISTRICT_TOWN"),  # Chơn Thành, 570/NQ-UBTVQH15
        ("259", "RURAL_DISTRICT", "DISTRICT_TOWN"),  # Quế Võ, 723/NQ-UBTVQH15
        ("07477", "COMMUNE", "TOWNSHIP"),  # Phương Sơn, 510/NQ-UBTVQH15
    ]:
        assert before[code].kind == old and after[code].kind == new, code
    pho_yen = [u for u in before.values() if u.parent == "172"]
    assert Counter(u.kind for u in pho_yen)["WARD"] == 4
    que_vo = Counter(u.kind for u in after.values() if u.parent == "259")
    assert que_vo["WARD"] > 0 and que_vo["TOWNSHIP"] == 0


def test_2026_three_provinces_become_centrally_run_cities(
    states: dict[dt.date, dict[str, Any]],
) -> None:
    def kinds_on(day: str) -> dict[str, str]:
        state = states[max(d for d in states if d <= dt.date.fromisoformat(day))]
        return {code: state[code].kind for code in ("75", "22", "24")}

    city, province = "MUNICIPALITY", "PROVINCE"
    assert kinds_on("2026-04-29") == {"75": province, "22": province, "24": province}
    assert kinds_on("2026-04-30") == {"75": city, "22": province, "24": province}
    assert kinds_on("2026-09-01") == {"75": city, "22": city, "24": province}
    assert kinds_on("2026-12-01") == {"75": city, "22": city, "24": city}
    last = states[max(states)]
    assert sum(replay.LEVEL[u.kind] == 1 for u in last.values()) == 34


@given(st.data())
def test_every_state_is_a_tree(states: dict[dt.date, dict[str, Any]], data: st.DataObject) -> None:
    day = data.draw(st.sampled_from(sorted(states)))
    state = states[day]
    for unit in state.values():
        if unit.parent:
            assert replay.LEVEL[state[unit.parent].kind] < replay.LEVEL[unit.kind]
        else:
            assert replay.LEVEL[unit.kind] == 1
    has_districts = any(replay.LEVEL[u.kind] == 2 for u in state.values())
    assert has_districts == (day < dt.date(2025, 7, 1))


@settings(max_examples=8)
@given(st.data())
def test_replaying_until_a_day_is_replaying_day_by_day(
    baseline: dict[str, Any],
    acts: list[dict[str, Any]],
    states: dict[dt.date, dict[str, Any]],
    data: st.DataObject,
) -> None:
    days = sorted(states)
    day = data.draw(st.sampled_from(days[1:]))
    day_before = day - dt.timedelta(days=1)
    assert replay.replay(baseline, acts, day) == states[day]
    assert replay.replay(baseline, acts, day_before) == states[max(d for d in days if d < day)]


def test_the_readme_documents_every_event_and_key() -> None:
    readme = (ACTS / "README.md").read_text(encoding="utf-8")
    for event in replay.EVENTS:
        assert f"| `{event}` |" in readme, event
    for key in replay.CHANGE_KEYS | (replay.ACT_KEYS - {"changes"}):
        assert f"{key} = " in readme, key


_TONES = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


@given(
    st.sampled_from(["Hoa", "Thuy", "Khoe", "Hoang Hoa"]),
    st.sampled_from(_TONES),
    st.sampled_from(_TONES),
)
def test_spelling_key_ignores_only_the_tone_marks_place(base: str, tone: str, other: str) -> None:
    """``Hòa`` and ``Hoà`` are one name; ``Hòa``, ``Hóa`` and ``Hoa`` are three."""
    import unicodedata

    def mark(word: str, at: int, t: str) -> str:
        return unicodedata.normalize("NFC", word[: at + 1] + t + word[at + 1 :])

    last = len(base) - 1
    old_style, new_style = mark(base, last - 1, tone), mark(base, last, tone)
    assert replay.spelling_key(old_style) == replay.spelling_key(new_style)
    assert replay.spelling_key(old_style) == replay.spelling_key(old_style.upper())
    assert replay.spelling_key(old_style) != replay.spelling_key(base)
    if other != tone:
        assert replay.spelling_key(old_style) != replay.spelling_key(mark(base, last, other))


def _province_of(state: dict[str, Any], change: dict[str, Any]) -> str:
    for code in [change["code"], *change.get("sources", []), change.get("parent", "")]:
        unit = state.get(code)
        while unit is not None and unit.parent:
            unit = state.get(unit.parent)
        if unit is not None:
            return str(unit.code)
    raise AssertionError(change)


# The one act left that carries the changes of provinces whose own resolution was not found.
_CATCH_ALL = {"1318/NQ-UBTVQH15"}


def test_each_2024_wave_resolution_changes_one_province(
    baseline: dict[str, Any], acts: list[dict[str, Any]]
) -> None:
    """The waves of 2024-09-01 … 2025-01-01 are split into each province's own resolution."""
    state = dict(baseline)
    seen: dict[str, set[str]] = {}
    for act in acts:
        if act["in_force"] > dt.date(2025, 1, 1):
            break
        if act["in_force"] >= dt.date(2024, 9, 1):
            seen[act["number"]] = {_province_of(state, ch) for ch in act["changes"]}
        state = replay.replay(state, [act])
    assert {"1104/NQ-UBTVQH15", "1105/NQ-UBTVQH15", "1193/NQ-UBTVQH15", "1243/NQ-UBTVQH15"} <= set(
        seen
    )
    several = {n for n, provinces in seen.items() if len(provinces) > 1}
    assert several == _CATCH_ALL
    assert seen["1106/NQ-UBTVQH15"] == {"08"}  # Tuyên Quang only, not Nam Định nor Sóc Trăng
    assert seen["1203/NQ-UBTVQH15"] == {"86"}  # Vĩnh Long
    assert seen["1104/NQ-UBTVQH15"] == {"36"}  # Nam Định


def test_the_2024_12_01_day_holds_the_resolutions_of_24_10_2024(acts: list[dict[str, Any]]) -> None:
    """Adopted 24/10/2024 and in force 01/12/2024 (not on the source's release day 2025-01-01)."""
    day = {a["number"].split("/")[0] for a in acts if a["in_force"] == dt.date(2024, 12, 1)}
    assert day == {
        "1239",
        "1240",
        "1243",
        "1244",
        "1245",
        "1246",
        "1247",
        "1248",
        "1252",
        "1253",
        "1255",
        "1257",
    }
    assert all(
        a["signed"] == dt.date(2024, 10, 24) for a in acts if a["in_force"] == dt.date(2024, 12, 1)
    )


def test_1106_is_read_with_the_figures_of_its_text(acts: list[dict[str, Any]]) -> None:
    """1106/NQ-UBTVQH15 (Tuyên Quang): Hồng Lạc 9.76 km² + Vân Sơn 9.59 km² = Hồng Sơn 19.35 km²."""
    (act,) = [a for a in acts if a["number"] == "1106/NQ-UBTVQH15"]
    assert act["read"] == "text"
    (change,) = act["changes"]
    assert change["code"] == "02608" and change["clause"] == "Điều 1, khoản 1, điểm a"
    figures = change["source_figures"]
    assert round(sum(f["area_km2"] for f in figures.values()), 2) == change["area_km2"]
    assert sum(f["population"] for f in figures.values()) == change["population"]


def _receiving(acts: list[dict[str, Any]], number: str, code: str) -> dict[str, dict[str, Any]]:
    """The changes of act ``number`` that receive a part of ``code``, by receiving code."""
    (act,) = [a for a in acts if a["number"] == number]
    return {ch["code"]: ch for ch in act["changes"] if code in ch.get("part_figures", {})}


def test_tan_hoa_and_na_mao_are_divided_as_their_texts_state(acts: list[dict[str, Any]]) -> None:
    """1244/NQ-UBTVQH15: Tân Hòa (Bến Lức) goes to Lương Hòa, Tân Bửu and An Thạnh (default);
    1240/NQ-UBTVQH15: Na Mao (Đại Từ) to Phú Xuyên and Phú Cường (default). The tags show no
    code change for the receiving communes, so the log had only the whole merge before."""
    for number, old, default, others in (
        ("1244/NQ-UBTVQH15", "28006", "28012", {"28003", "28009"}),
        ("1240/NQ-UBTVQH15", "05782", "05779", {"05797"}),
    ):
        receiving = _receiving(acts, number, old)
        assert set(receiving) == {default} | others, number
        assert receiving[default]["default_for"] == [old]
        assert all(
            old in ch["parts"] and old not in ch.get("sources", []) for ch in receiving.values()
        )
        (split,) = [
            ch for a in acts if a["number"] == number for ch in a["changes"] if ch["code"] == old
        ]
        assert split["event"] == "split" and set(split["into"]) == set(receiving)
    pops = {
        c: ch["part_figures"]["28006"]["population"]
        for c, ch in _receiving(acts, "1244/NQ-UBTVQH15", "28006").items()
    }
    assert pops == {"28003": 303, "28009": 396, "28012": 1011}


def test_every_part_figure_names_a_source_or_part_of_its_change(acts: list[dict[str, Any]]) -> None:
    for act in acts:
        for ch in act["changes"]:
            named = set(ch.get("sources", [])) | set(ch.get("parts", []))
            assert set(ch.get("part_figures", {})) <= named, (act["number"], ch["code"])


def test_2026_bac_ninh_communes_become_wards_with_388(
    baseline: dict[str, Any], acts: list[dict[str, Any]]
) -> None:
    """388/NQ-UBTVQH16 (with 39/2026/QH16, 2026-09-20): 12 communes of Bắc Ninh become wards."""
    day = dt.date(2026, 9, 20)
    before = replay.replay(baseline, acts, until=day - dt.timedelta(days=1))
    after = replay.replay(baseline, acts, until=day)
    changed = {c for c in before if c in after and before[c].kind != after[c].kind}
    wards = {c for c in changed if after[c].kind == "WARD"}
    assert len(wards) == 12 and all(after[c].parent == "24" for c in wards)
    assert changed == wards | {"24"}
    (quang_ninh,) = [a for a in acts if a["number"] == "36/2026/QH16"]
    assert quang_ninh["signed"] == dt.date(2026, 8, 24)
