"""Issue 12 §4: change files layered over the embedded log — the rules, the errors, the
shares the acts state, and a gazetteer that shares nothing with the embedded one."""

from __future__ import annotations

import datetime as dt
import pickle
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qcdc
from qcdc.errors import ChangeFileError, InputError, QcdcError
from qcdc.units.changes import check_changes, read_change_file
from qcdc.units.gazetteer import Gazetteer, gazetteer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "_examples" / "split-phu-thuong.toml"
DAY = dt.date(2027, 1, 1)
BEFORE = dt.date(2026, 12, 31)

ACT = """
[[acts]]
number = "{number}"
title = "Ví dụ"
issuer = "UBTVQH16"
signed = {signed}
in_force = {in_force}
source = "https://example.org/act"
read = "text"
confidence = "high"
"""


def _file(tmp_path: Path, changes: str, *, name: str = "c.toml", **act: str) -> Path:
    fields = {"number": "9999/NQ-UBTVQH16", "signed": "2026-11-20", "in_force": "2027-01-01"}
    fields.update(act)
    path = tmp_path / name
    path.write_text(ACT.format(**fields) + changes, encoding="utf-8")
    return path


RENAME = """
  [[acts.changes]]
  event = "rename"
  code = "{code}"
  name = "{name}"
"""


@pytest.fixture(scope="module")
def layered() -> Gazetteer:
    return qcdc.gazetteer(changes=[EXAMPLE])


# -- the example: a unit split in two with stated figures ---------------------------------------


def test_the_example_splits_phu_thuong_in_two(layered: Gazetteer) -> None:
    assert layered.get("00091", on=BEFORE) is not None and layered.get("00091", on=DAY) is None
    assert [layered.lookup(c, on=DAY).name for c in ("00093", "00094")] == [
        "Phường Phú Thượng",
        "Phường Nhật Tân",
    ]
    p = layered.project("00091", on=BEFORE, to=DAY)
    assert p.status == "split"
    assert [(t.code, t.default, t.share) for t in p.targets] == [
        ("00093", True, Fraction(2, 5)),
        ("00094", False, Fraction(3, 5)),
    ]
    assert layered.convert(["00091"], on=BEFORE, to=DAY) == ["00093"]


def test_stated_shares_and_the_remainder(layered: Gazetteer) -> None:
    links = {lk.target: lk for lk in layered.links if lk.effective == DAY}
    stated, rest = links["00093"], links["00094"]
    assert (stated.area_share, stated.population_share) == (Fraction(3, 7), Fraction(2, 5))
    # the one part without figures gets what the whole leaves
    assert (rest.area_share, rest.population_share) == (Fraction(4, 7), Fraction(3, 5))
    assert stated.share == stated.population_share and rest.share == rest.population_share
    assert stated.clause == "Điều 1, khoản 1" and stated.basis == "9999/NQ-UBTVQH16"


def test_the_area_share_is_the_share_when_no_population_is_stated(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(", population = 20000", "")
    text = text.replace(", population = 50000", "")
    g = Gazetteer.with_changes([_write(tmp_path, text)])
    (lk,) = [lk for lk in g.links if lk.effective == DAY and lk.target == "00093"]
    assert lk.population_share is None and lk.share == lk.area_share == Fraction(3, 7)


def _write(tmp_path: Path, text: str, name: str = "x.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_layered_gazetteer_knows_its_act(layered: Gazetteer) -> None:
    assert layered.acts(since=DAY)[-1].number == "9999/NQ-UBTVQH16"
    assert layered.horizon is not None and layered.horizon[0] == DAY
    assert layered.data_version != gazetteer().data_version
    assert layered.data_version and layered.data_version.startswith(str(gazetteer().data_version))
    assert [a.number for a, _ in layered.history("00094")][-1] == "9999/NQ-UBTVQH16"


def test_before_the_act_it_is_the_embedded_gazetteer(layered: Gazetteer) -> None:
    embedded = gazetteer()
    assert [u for u in layered.records() if u.valid_to is not None and u.valid_to <= BEFORE] == [
        u for u in embedded.records() if u.valid_to is not None and u.valid_to <= BEFORE
    ]
    assert [lk for lk in layered.links if lk.effective < DAY] == list(embedded.links)


# -- nothing shared with the embedded gazetteer --------------------------------------------------


def test_the_embedded_gazetteer_stays_the_cached_one(layered: Gazetteer) -> None:
    assert qcdc.gazetteer() is Gazetteer.embedded() is gazetteer(changes=None)
    assert layered is not qcdc.gazetteer()
    assert Gazetteer.with_changes([]) is Gazetteer.embedded()
    assert qcdc.gazetteer().get("00093", on=DAY) is None


def test_projections_are_not_shared_either_way(layered: Gazetteer) -> None:
    embedded = gazetteer()
    first = embedded.project("00091", on=BEFORE, to=DAY)
    other = layered.project("00091", on=BEFORE, to=DAY)
    again = embedded.project("00091", on=BEFORE, to=DAY)
    assert first == again and first.status == "same"
    assert other.status == "split" and other != first
    assert embedded.convert(["00091"], on=BEFORE, to=DAY) == ["00091"]
    fresh = Gazetteer.with_changes([EXAMPLE])
    assert fresh.project("00091", on=BEFORE, to=DAY) == other


def test_a_layered_gazetteer_pickles_with_its_acts(layered: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(layered))
    assert copy is not layered and copy.data_version == layered.data_version
    assert copy.acts() == layered.acts() and copy.records() == layered.records()
    assert copy.project("00091", on=BEFORE, to=DAY) == layered.project("00091", on=BEFORE, to=DAY)


def test_with_changes_is_the_same_as_the_parameter(tmp_path: Path) -> None:
    path = _file(tmp_path, RENAME.format(code="00004", name="Phường Ba Đình Mới"))
    a, b = Gazetteer.with_changes([path]), qcdc.gazetteer(changes=[str(path)])
    assert a is not b and a.records() == b.records()
    assert a.lookup("00004", on=DAY).name == "Phường Ba Đình Mới"
    assert a.lookup("00004", on=BEFORE).name == "Phường Ba Đình"


# -- dates: a user act before the last embedded act ----------------------------------------------


def test_a_user_act_before_the_last_embedded_act_is_replayed_in_date_order(
    tmp_path: Path,
) -> None:
    # Đồng Nai became a centrally-run city on 2026-04-30 (an embedded act); a ward of Hà Nội
    # renamed on 2026-01-01, before it
    path = _file(
        tmp_path,
        RENAME.format(code="00004", name="Phường Ba Đình Một"),
        in_force="2026-01-01",
        signed="2025-12-01",
    )
    g = Gazetteer.with_changes([path])
    assert g.lookup("00004", on=dt.date(2025, 12, 31)).name == "Phường Ba Đình"
    assert g.lookup("00004", on=dt.date(2026, 1, 1)).name == "Phường Ba Đình Một"
    embedded = gazetteer()
    later = dt.date(2026, 12, 1)
    assert g.count(on=later) == embedded.count(on=later)
    assert g.acts(since=dt.date(2026, 1, 1))[0].number == "9999/NQ-UBTVQH16"
    assert len(g.acts()) == len(embedded.acts()) + 1


def test_on_the_day_of_an_embedded_act_the_user_act_comes_after_it(tmp_path: Path) -> None:
    on = dt.date(2026, 4, 30)  # Đồng Nai's day
    (act,) = [a for a in gazetteer().acts(since=on, until=on) if "Đồng Nai" in a.title][:1]
    path = _file(
        tmp_path,
        RENAME.format(code="00004", name="Phường X"),
        in_force=on.isoformat(),
        signed="2026-04-01",
    )
    numbers = [a.number for a in Gazetteer.with_changes([path]).acts(since=on, until=on)]
    assert numbers.index(act.number) < numbers.index("9999/NQ-UBTVQH16")


def test_an_act_on_or_before_the_baseline_is_refused(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        RENAME.format(code="00001", name="Phường X"),
        in_force="2021-11-01",
        signed="2021-10-01",
    )
    with pytest.raises(ChangeFileError, match="baseline"):
        Gazetteer.with_changes([path])


# -- the errors: file, act, change, code, key, and how to fix ------------------------------------

CHANGE = """
  [[acts.changes]]
{body}
"""


def _change(**keys: str) -> str:
    return CHANGE.format(body="\n".join(f"  {k} = {v}" for k, v in keys.items()))


@pytest.mark.parametrize(
    ("changes", "message", "field", "change"),
    [
        (_change(event='"rename"', code='"00002"', name='"Xã X"'), "no such unit", "code", 1),
        (_change(event='"explode"', code='"00004"'), "event must be one of", "event", 1),
        (_change(event='"rename"', code="4", name='"X"'), "code must be a unit code", "code", 1),
        (_change(event='"rename"', code='"00004"', colour='"red"'), "unknown keys", "colour", 1),
        (_change(event='"retype"', code='"00004"', kind='"VILLAGE"'), "kind must be", "kind", 1),
        (
            _change(event='"create"', code='"00093"', kind='"WARD"', name='"Phường X"'),
            "lacks parent",
            "parent",
            1,
        ),
        (
            _change(
                event='"create"', code='"0009"', kind='"WARD"', name='"Phường X"', parent='"01"'
            ),
            "5 digits",
            "code",
            1,
        ),
        (
            _change(
                event='"create"', code='"00004"', kind='"WARD"', name='"Phường X"', parent='"01"'
            ),
            "the code is in use",
            "code",
            1,
        ),
        (
            _change(event='"merge"', code='"00004"', sources='["00004", "01"]'),
            "at another level",
            "sources",
            1,
        ),
        (
            _change(event='"merge"', code='"00004"', sources='["00004", "00999"]'),
            "does not exist",
            "sources",
            1,
        ),
        (
            _change(event='"rename"', code='"00004"', name='"X"')
            + _change(event='"retype"', code='"00004"', kind='"COMMUNE"'),
            "named by changes 1 and 2",
            "code",
            2,
        ),
        (
            _change(event='"merge"', code='"00004"', sources='["00004", "00008"]')
            + _change(event='"merge"', code='"00025"', sources='["00025", "00008"]'),
            "ends whole in changes 1 and 2",
            "sources",
            2,
        ),
        (
            _change(event='"abolish"', code='"79"'),
            "no longer exists",
            "changes",
            None,
        ),
        (
            _change(event='"reparent"', code='"00004"', parent='"00008"'),
            "is not above it",
            "parent",
            1,
        ),
        (
            _change(event='"merge"', code='"00004"', sources='["00004"]', population="12.5"),
            "whole number of people",
            "population",
            1,
        ),
        (
            _change(event='"merge"', code='"00004"', sources='["00004"]', area_km2="-1"),
            "number > 0",
            "area_km2",
            1,
        ),
        (
            _change(
                event='"merge"',
                code='"00004"',
                parts='["00008"]',
                part_figures='{ "00025" = { area_km2 = 1.0 } }',
            ),
            "not one of this change's sources or parts",
            "part_figures.00025",
            1,
        ),
        (
            _change(
                event='"rename"',
                code='"00004"',
                name='"X"',
                part_figures='{ "00004" = { area_km2 = 1.0 } }',
            ),
            "merge or transfer",
            "part_figures",
            1,
        ),
        (
            _change(
                event='"transfer"',
                code='"00004"',
                parts='["00008"]',
                source_figures='{ "00025" = { population = 10 } }',
            ),
            "in no change's sources or parts",
            "source_figures.00025",
            1,
        ),
        (
            _change(
                event='"transfer"',
                code='"00004"',
                parts='["00008"]',
                part_figures='{ "00008" = { population = 11 } }',
                source_figures='{ "00008" = { population = 10 } }',
            ),
            "exceed its whole",
            "part_figures.00008.population",
            1,
        ),
        (
            _change(
                event='"transfer"',
                code='"00004"',
                parts='["00008"]',
                part_figures='{ "00008" = { populace = 11 } }',
            ),
            "area_km2 and/or population",
            "part_figures.00008",
            1,
        ),
        (_change(event='"split"', code='"00004"'), "needs 'into'", "into", 1),
        (_change(event='"recode"', code='"00004"'), "needs 'to'", "to", 1),
    ],
)
def test_a_broken_rule_names_file_act_change_and_key(
    tmp_path: Path, changes: str, message: str, field: str, change: int | None
) -> None:
    path = _file(tmp_path, changes)
    with pytest.raises(ChangeFileError, match=message) as info:
        Gazetteer.with_changes([path])
    err = info.value
    assert isinstance(err, QcdcError) and isinstance(err, InputError)
    assert err.source == str(path) and err.act == 1 and err.number == "9999/NQ-UBTVQH16"
    assert err.field == field and err.change == change
    assert str(path) in str(err) and "act 1 (9999/NQ-UBTVQH16)" in str(err)


def test_the_remainder_of_a_whole_already_given_is_an_error(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("area_km2 = 3.0", "area_km2 = 7.0")
    with pytest.raises(ChangeFileError, match="make up its whole"):
        Gazetteer.with_changes([_write(tmp_path, text)])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[acts]\nnumber = 1", "not valid TOML"),
        ('[meta]\nx = "y"\n', "holds \\[\\[acts\\]\\] tables only"),
        ("", "holds no act"),
    ],
)
def test_a_file_that_is_no_change_file(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ChangeFileError, match=message):
        read_change_file(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ChangeFileError, match="cannot read"):
        Gazetteer.with_changes([tmp_path / "nope.toml"])


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("in_force", '"2027-01-01"', "in_force must be a date"),
        ("signed", "2027-02-01", "signed is after in_force"),
        ("read", '"seen"', "read must be"),
        ("confidence", '"sure"', "confidence must be"),
        ("number", '""', "number must be a non-empty string"),
    ],
)
def test_the_act_keys(tmp_path: Path, key: str, value: str, message: str) -> None:
    text = ACT.format(number="9999/NQ-UBTVQH16", signed="2026-11-20", in_force="2027-01-01")
    lines = [f"{key} = {value}" if ln.startswith(f"{key} =") else ln for ln in text.split("\n")]
    path = _write(tmp_path, "\n".join(lines) + RENAME.format(code="00004", name="X"))
    with pytest.raises(ChangeFileError, match=message) as info:
        read_change_file(path)
    assert info.value.field == key and info.value.change is None


def test_every_broken_act_of_a_file_is_reported(tmp_path: Path) -> None:
    one = ACT.format(number="1/NQ-X", signed="2026-11-20", in_force="2027-01-01")
    path = _write(tmp_path, (one + _change(event='"bad"', code='"00004"')) * 3)
    with pytest.raises(ChangeFileError) as info:
        read_change_file(path)
    assert [e.act for e in (info.value, *info.value.others)] == [1, 2, 3]


def test_an_act_without_its_date_signed_needs_a_note(tmp_path: Path) -> None:
    text = ACT.format(number="9999/NQ-UBTVQH16", signed="2026-11-20", in_force="2027-01-01")
    text = text.replace("signed = 2026-11-20\n", "")
    with pytest.raises(ChangeFileError, match="needs a note"):
        read_change_file(_write(tmp_path, text + RENAME.format(code="00004", name="X")))
    text = text.replace('"high"', '"medium"') + 'note = "signed date not found"\n'
    (act,) = read_change_file(_write(tmp_path, text + RENAME.format(code="00004", name="X")))
    assert "signed" not in act


# -- the report ------------------------------------------------------------------------------------


def test_check_changes_says_what_would_change() -> None:
    report = check_changes(Gazetteer.with_changes([EXAMPLE]), gazetteer())
    assert [a.number for a in report.acts] == ["9999/NQ-UBTVQH16"]
    assert [u.code for u in report.removed] == ["00091"]
    assert sorted(u.code for u in report.added) == ["00091", "00093", "00094"]
    assert report.links == 2
    assert report.to_dict()["new_links"] == 2
    assert report.lines()[0].endswith("1 act, all rules pass")


# -- properties ------------------------------------------------------------------------------------


@settings(max_examples=3, deadline=None)
@given(
    st.sampled_from(["00004", "00008", "00025", "00070", "26740"]),
    st.dates(min_value=dt.date(2025, 7, 2), max_value=dt.date(2027, 12, 31)),
    st.text(alphabet="abcdeghiklmnopqrstuvxy", min_size=1, max_size=12),
)
def test_a_rename_changes_only_that_unit_from_its_day(code: str, day: dt.date, word: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        name = f"Phường {word.title()}"
        path = _file(
            Path(tmp),
            RENAME.format(code=code, name=name),
            in_force=day.isoformat(),
            signed=day.isoformat(),
        )
        g = Gazetteer.with_changes([path])
    embedded = gazetteer()
    assert g.check() == []
    assert g.lookup(code, on=day).name == name
    for on in (day - dt.timedelta(days=1), day, dt.date(2028, 1, 1)):
        if on < day:
            assert [(u.code, u.name, u.kind) for u in g.units(on=on)] == [
                (u.code, u.name, u.kind) for u in embedded.units(on=on)
            ]
        else:
            mine = {u.code: u.name for u in g.units(on=on)}
            theirs = {u.code: u.name for u in embedded.units(on=on)}
            assert {c for c in mine if mine[c] != theirs.get(c)} == {code}


@settings(max_examples=4, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=3),
    st.integers(min_value=1, max_value=1000),
)
def test_stated_parts_and_the_remainder_make_the_whole(parts: list[int], extra: int) -> None:
    import tempfile

    whole = sum(parts) + extra
    new = [f"{93 + i:05d}" for i in range(len(parts) + 1)]
    body = ""
    for i, code in enumerate(new):
        keys = {
            "event": '"merge"',
            "code": f'"{code}"',
            "kind": '"WARD"',
            "name": f'"Phường P{i}"',
            "parent": '"01"',
            "parts": '["00091"]',
        }
        if i < len(parts):
            keys["part_figures"] = f'{{ "00091" = {{ population = {parts[i]} }} }}'
        body += _change(**keys)
    body += _change(
        event='"split"',
        code='"00091"',
        into="[" + ", ".join(f'"{c}"' for c in new) + "]",
        source_figures=f'{{ "00091" = {{ population = {whole} }} }}',
    )
    with tempfile.TemporaryDirectory() as tmp:
        g = Gazetteer.with_changes([_file(Path(tmp), body)])
    links = [lk for lk in g.links if lk.effective == DAY]
    assert sum(lk.population_share or 0 for lk in links) == 1
    assert [lk.population_share for lk in links[:-1]] == [Fraction(p, whole) for p in parts]
    p = g.project("00091", on=BEFORE, to=DAY)
    assert sum(t.share or 0 for t in p.targets) == 1


# -- the shares carried through the walks and the crosswalk export ------------------------------


def test_targets_and_crosswalk_rows_carry_both_shares(layered: Gazetteer) -> None:
    p = layered.project("00091", on=BEFORE, to=DAY)
    assert [(t.area_share, t.population_share) for t in p.targets] == [
        (Fraction(3, 7), Fraction(2, 5)),
        (Fraction(4, 7), Fraction(3, 5)),
    ]
    whole = layered.project("00004", on=BEFORE, to=DAY).targets[0]
    assert (whole.share, whole.area_share, whole.population_share) == (1, 1, 1)
    rows = [r for r in layered.crosswalk(on=BEFORE, to=DAY, level="commune") if r.source == "00091"]
    assert [(r.target, r.area_share, r.population_share) for r in rows] == [
        ("00093", Fraction(3, 7), Fraction(2, 5)),
        ("00094", Fraction(4, 7), Fraction(3, 5)),
    ]
    assert rows[0].to_dict()["area_share"] == "3/7"
    assert rows[0].to_dict()["population_share"] == "2/5"


def test_the_sqlite_crosswalk_gets_the_share_columns_in_an_older_file(
    layered: Gazetteer, tmp_path: Path
) -> None:
    import sqlite3

    from qcdc.units._export import export_crosswalk

    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE crosswalk (source TEXT NOT NULL, source_name TEXT NOT NULL, target TEXT, "
        "target_name TEXT, whole INTEGER NOT NULL, is_default INTEGER NOT NULL, share TEXT, "
        "status TEXT NOT NULL, events TEXT, basis TEXT, on_date TEXT NOT NULL, "
        "to_date TEXT NOT NULL);"
    )
    con.close()
    export_crosswalk(layered, BEFORE, DAY, "sqlite", path, level="commune")
    con = sqlite3.connect(path)
    got = con.execute(
        "SELECT target, share, area_share, population_share FROM crosswalk "
        "WHERE source = '00091' ORDER BY target"
    ).fetchall()
    con.close()
    assert got == [("00093", "2/5", "3/7", "2/5"), ("00094", "3/5", "4/7", "3/5")]


def test_a_unit_divided_with_every_part_stated_has_their_sum_as_its_whole() -> None:
    """1240/NQ-UBTVQH15 states both parts of Xã Na Mao (3.01 km², 1,565 people to Phú
    Xuyên; 6.32 km², 2,169 people to Phú Lạc) and Na Mao ends: the shares are exact."""
    g = gazetteer()
    links = {lk.target: lk for lk in g.links if lk.source == "05782" and lk.effective.year == 2024}
    assert links["05797"].area_share == Fraction(301, 933)
    assert links["05797"].population_share == Fraction(1565, 3734)
    assert links["05779"].population_share == Fraction(2169, 3734)
    assert sum(lk.share for lk in links.values() if lk.share is not None) == 1


def test_a_unit_that_goes_on_gets_no_share_from_the_sum_of_the_parts_it_gives() -> None:
    """Xã Đại Đồng (06040) gives 9 km² to Đội Cấn and goes on under its code as Thị trấn
    Thất Khê (1246/NQ-UBTVQH15): the part it gives is not its whole."""
    (lk,) = [lk for lk in gazetteer().links if lk.source == "06040" and lk.target == "06025"]
    assert lk.area_share is None and lk.population_share is None and lk.share is None


def test_a_unit_changed_by_two_acts_of_one_day_is_refused(tmp_path: Path) -> None:
    first = _file(tmp_path, RENAME.format(code="00004", name="Phường Một"), name="a.toml")
    second = _file(
        tmp_path,
        RENAME.format(code="00004", name="Phường Hai"),
        name="b.toml",
        number="9998/NQ-UBTVQH16",
    )
    with pytest.raises(ChangeFileError, match="also changed by 9998/NQ-UBTVQH16") as info:
        qcdc.gazetteer(changes=[first, second])
    assert "a.toml" in str(info.value) and "same day (2027-01-01)" in str(info.value)
    # the same two renames on their own days are two acts in order
    later = _file(
        tmp_path,
        RENAME.format(code="00004", name="Phường Hai"),
        name="c.toml",
        number="9998/NQ-UBTVQH16",
        in_force="2027-02-01",
        signed="2027-01-10",
    )
    g = qcdc.gazetteer(changes=[first, later])
    assert g.lookup("00004", on=dt.date(2027, 2, 1)).name == "Phường Hai"


def test_a_unit_an_embedded_act_changes_that_day_is_refused(tmp_path: Path) -> None:
    """388/NQ-UBTVQH16 makes 07294 a ward on 2026-09-20; a user act of that day may not
    touch it too."""
    path = _file(
        tmp_path,
        RENAME.format(code="07294", name="Phường Thử"),
        in_force="2026-09-20",
        signed="2026-09-01",
    )
    with pytest.raises(ChangeFileError, match="also changed by 388/NQ-UBTVQH16"):
        qcdc.gazetteer(changes=[path])
