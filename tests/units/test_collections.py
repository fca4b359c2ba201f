"""Collections of rows (issue 15 §2): unit lists, crosswalks, projections, diffs as frames,
with short reprs and HTML tables."""

from __future__ import annotations

import datetime as dt
import pickle
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qcdc
import qcdc.arrow
import qcdc.polars
from qcdc.strategies import gazetteers
from qcdc.units import Crosswalk, Gazetteer, UnitList
from qcdc.units._columns import CROSSWALK_COLUMNS, UNIT_COLUMNS

pd = pytest.importorskip("pandas", reason="needs pandas: the pandas extra is not installed")
pl = pytest.importorskip("polars", reason="needs polars: the polars extra is not installed")
pa = pytest.importorskip("pyarrow", reason="needs pyarrow: the arrow extra is not installed")

G = qcdc.gazetteer()
REVIEW, REFORM = dt.date(2021, 12, 17), dt.date(2025, 7, 1)
NEWEST = G.snapshots[-1][0]


def _plain(value: Any) -> Any:
    """A cell of any of the three libraries as a Python value (dates as dates, missing as
    None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # a numpy scalar
        return _plain(value.item())
    return value


def _rows_of(frame: Any, kind: str) -> list[dict[str, Any]]:
    if kind == "pandas":
        records = frame.to_dict("records")
    elif kind == "polars":
        records = frame.to_dicts()
    else:
        records = frame.to_pylist()
    return [{k: _plain(v) for k, v in r.items()} for r in records]


def _unit_row(u: qcdc.AdministrativeUnit) -> dict[str, Any]:
    return {
        "code": u.code,
        "name": u.name,
        "kind": u.kind.vietnamese,
        "level": u.level.name.lower(),
        "parent_code": u.parent_code,
        "valid_from": u.valid_from,
        "valid_to": u.valid_to,
        "name_en": u.name_en,
    }


def _crosswalk_row(r: qcdc.units.CrosswalkRow, on: dt.date, to: dt.date) -> dict[str, Any]:
    d = r.to_dict()
    return {
        "source": r.source,
        "source_name": r.source_name,
        "target": r.target,
        "target_name": r.target_name,
        "whole": r.whole,
        "default": r.default,
        "share": float(r.share) if r.share is not None else None,
        "share_numerator": r.share.numerator if r.share is not None else None,
        "share_denominator": r.share.denominator if r.share is not None else None,
        "status": r.status,
        "events": d["events"] or None,
        "basis": r.basis,
        "on_date": on,
        "to_date": to,
    }


KINDS = ("pandas", "polars", "arrow")


def _frame(collection: Any, kind: str) -> Any:
    return getattr(collection, f"to_{kind}")()


@settings(max_examples=25, deadline=None)
@given(g=gazetteers(), data=st.data())
def test_a_unit_list_as_a_frame_has_the_rows_of_iterating_it(g: Gazetteer, data: Any) -> None:
    """to_pandas / to_polars / to_arrow of a unit list give the rows its iteration gives,
    in its order, with the types of the one layout."""
    start, _ = data.draw(st.sampled_from(g.snapshots))
    units = g.units(on=start)
    kind = data.draw(st.sampled_from(KINDS))
    frame = _frame(units, kind)
    assert list(frame.columns if kind != "arrow" else frame.column_names) == [
        n for n, _ in UNIT_COLUMNS
    ]
    assert _rows_of(frame, kind) == [_unit_row(u) for u in units]
    records = g.records()
    assert _rows_of(_frame(records, kind), kind) == [_unit_row(u) for u in records]


@settings(max_examples=20, deadline=None)
@given(g=gazetteers(), data=st.data())
def test_a_crosswalk_as_a_frame_has_the_rows_of_iterating_it(g: Gazetteer, data: Any) -> None:
    """The crosswalk's frames hold exactly its rows, shares exact as numerator/denominator."""
    days = [s for s, _ in g.snapshots]
    on = data.draw(st.sampled_from(days))
    to = data.draw(st.sampled_from([d for d in days if d >= on]))
    cw = g.crosswalk(on=on, to=to)
    kind = data.draw(st.sampled_from(KINDS))
    assert _rows_of(_frame(cw, kind), kind) == [_crosswalk_row(r, on, to) for r in cw]


@settings(max_examples=15, deadline=None)
@given(
    data=st.data(),
    kind=st.sampled_from(KINDS),
    on=st.sampled_from([dt.date(2021, 12, 17), dt.date(2025, 1, 1), dt.date(2025, 6, 30)]),
)
def test_embedded_projections_and_lists_as_frames(data: Any, kind: str, on: dt.date) -> None:
    """Over the embedded data: a province's units, its crosswalk rows, the projection of one
    of its communes and a diff give, as frames, the rows of the Python objects."""
    province = data.draw(st.sampled_from([u.code for u in G.units(on=on, level="province")]))
    units = G.units(on=on, level="commune", within=province)
    assert _rows_of(_frame(units, kind), kind) == [_unit_row(u) for u in units]
    code = data.draw(st.sampled_from([u.code for u in units]))
    p = G.project(code, on=on, to=NEWEST)
    rows = _rows_of(_frame(p, kind), kind)
    assert [(r["source"], r["target"], r["whole"], r["default"], r["status"]) for r in rows] == [
        (code, t.code, t.whole, t.default, p.status) for t in p.targets
    ]
    assert [
        Fraction(r["share_numerator"], r["share_denominator"]) if r["share_numerator"] else None
        for r in rows
    ] == [t.share for t in p.targets]
    diff = G.diff(on=on, to=REFORM) if on < REFORM else G.diff(on=REFORM, to=NEWEST)
    events = _rows_of(_frame(diff, kind), kind)
    assert [(r["effective"], r["kind"], r["sources"], r["targets"]) for r in events] == [
        (e.effective, e.kind.value, "; ".join(e.sources) or None, "; ".join(e.targets))
        for e in diff
    ]


def test_the_arrow_schemas_are_explicit() -> None:
    cw = G.crosswalk(on=dt.date(2025, 1, 1), to=REFORM, level="commune")
    t = cw.to_arrow()
    assert [(f.name, str(f.type)) for f in t.schema][:3] == [
        ("source", "string"),
        ("source_name", "string"),
        ("target", "string"),
    ]
    assert t.schema.field("share").type == pa.float64()
    assert t.schema.field("share_numerator").type == pa.int64()
    assert t.schema.field("on_date").type == pa.date32()
    assert t.equals(qcdc.arrow.crosswalk_table(on=dt.date(2025, 1, 1), to=REFORM, level="commune"))
    assert len(CROSSWALK_COLUMNS) == t.num_columns
    units = G.units(on=REFORM, level="province").to_arrow()
    assert units.schema.field("valid_from").type == pa.date32()
    assert units.equals(qcdc.arrow.units_table(on=REFORM, level="province"))
    frame = G.units(on=REFORM, level="province").to_pandas()
    assert str(frame["code"].dtype) == "string" and str(frame["valid_from"].dtype).startswith(
        "datetime64"
    )
    assert (
        G.units(on=REFORM, level="province")
        .to_polars()
        .equals(qcdc.polars.units_frame(on=REFORM, level="province"))
    )


# ------------------------------------------------------------------ compatibility


def test_a_unit_list_is_the_tuple_it_was() -> None:
    units = G.children("01", on=REVIEW)
    assert isinstance(units, tuple) and isinstance(units, UnitList)
    assert units == tuple(units) and hash(units) == hash(tuple(units))
    assert isinstance(units[1:3], UnitList) and units[1:3] == tuple(units)[1:3]
    assert units[-1] is tuple(units)[-1]
    assert pickle.loads(pickle.dumps(units)) == units
    assert G.ancestors("00001", on=REVIEW) == (G.get("001", on=REVIEW), G.get("01", on=REVIEW))


def test_units_still_works_as_the_iterator_it_was() -> None:
    """units() returned an iterator: next() and a loop after it go on from there."""
    units = G.units(on=REVIEW, level="province")
    first = next(units)
    rest = list(units)
    assert [first, *rest] == list(G.units(on=REVIEW, level="province"))
    assert len(units) == 63 and units[0] == first  # the list itself is whole
    again = G.units(on=REVIEW, level="province")
    assert list(again) == list(again)  # a list can be read twice, an iterator could not


def test_a_crosswalk_is_the_list_it_was() -> None:
    cw = G.crosswalk(on=dt.date(2025, 1, 1), to=REFORM, level="province")
    assert isinstance(cw, list) and isinstance(cw, Crosswalk)
    assert cw == list(cw) and (cw.on, cw.to, cw.level) == (dt.date(2025, 1, 1), REFORM, "province")
    again = pickle.loads(pickle.dumps(cw))
    assert again == cw and again.on == cw.on


@pytest.mark.parametrize(
    ("module", "kind", "extra"),
    [("polars", "polars", "polars"), ("pyarrow", "arrow", "arrow"), ("pandas", "pandas", "pandas")],
)
def test_without_the_extra_the_methods_name_it(
    monkeypatch: pytest.MonkeyPatch, module: str, kind: str, extra: str
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, module, None)
    for collection in (G.children("01", on=REVIEW), G.project("00001", on=REVIEW, to=REFORM)):
        with pytest.raises(qcdc.errors.MissingDependency, match=rf"qcdc\[{extra}\]"):
            _frame(collection, kind)


def test_displays_escape_names() -> None:
    from qcdc.units import AdministrativeUnit

    a = AdministrativeUnit("tỉnh", "98", "Tỉnh <script>A</script>", valid_to=dt.date(2024, 1, 1))
    b = AdministrativeUnit("tỉnh", "99", "Tỉnh B & <b>", valid_from=dt.date(2024, 1, 1))
    link = qcdc.units.LineageLink(dt.date(2024, 1, 1), "merge", "98", "99")
    g = Gazetteer.from_units([a, b], [link])
    on, to = dt.date(2021, 1, 1), dt.date(2024, 1, 1)
    pages = [
        g.units(on=on)._repr_html_(),
        g.crosswalk(on=on, to=to)._repr_html_(),
        g.crosswalk(on=on, to=to)[0]._repr_html_(),
        g.project("98", on=on, to=to)._repr_html_(),
        g.diff(on=on, to=to)._repr_html_(),
    ]
    for page in pages:
        assert "<script>" not in page and "<b>&" not in page
    assert "&lt;script&gt;" in pages[0] and "Tỉnh B &amp; &lt;b&gt;" in pages[3]


# ------------------------------------------------------------------ displays


def test_the_largest_collections_have_short_reprs() -> None:
    """All communes on 2021-12-17 (a repr of 1,906,910 characters on main), every record
    (2,703,469), the whole 2021 → newest crosswalk (5,284,948), its diff (3,431,980) and
    the longest row of that crosswalk (2,060) each fit in one line of at most 1,000."""
    communes = G.units(on=REVIEW, level="commune")
    cw = G.crosswalk(on=REVIEW, to=NEWEST)
    shown = {
        "communes": repr(communes),
        "records": repr(G.records()),
        "crosswalk": repr(cw),
        "diff": repr(G.diff(on=REVIEW, to=NEWEST)),
        "place": repr(G.project_place("01", on=REVIEW, to=NEWEST)),
        "longest row": max((repr(r) for r in cw), key=len),
        "longest province projection": max(
            (
                repr(G.project(u.code, on=REVIEW, to=NEWEST))
                for u in G.units(on=REVIEW, level="province")
            ),
            key=len,
        ),
    }
    for name, text in shown.items():
        assert len(text) <= 1000 and "\n" not in text, name
    assert f"of {len(communes)} units (commune {len(communes)})" in shown["communes"]
    assert "00001 Phường Phúc Xá" in shown["communes"]
    assert f"{len(cw)} rows" in shown["crosswalk"]
    for page in (communes._repr_html_(), cw._repr_html_()):
        assert len(page) < 10_000 and "more</td>" in page


@given(gazetteers())
def test_displays_escape_and_stay_short(g: Gazetteer) -> None:
    day = g.snapshots[-1][0]
    units = g.units(on=day)
    assert len(repr(units)) <= 1000
    page = units._repr_html_()
    assert "<script" not in page and f"<b>{len(units)}</b>" in page
    first = g.snapshots[0][0]
    cw = g.crosswalk(on=first, to=day)
    assert len(repr(cw)) <= 1000 and "<script" not in cw._repr_html_()
    for r in cw[:20]:
        assert len(repr(r)) <= 1000 and r.source in repr(r)
        p = g.project(r.source, on=first, to=day)
        assert len(repr(p)) <= 1000 and p.code in repr(p) and "<script" not in p._repr_html_()


def test_a_projection_repr_names_status_and_targets() -> None:
    p = G.project("00001", on=REVIEW, to=REFORM)
    assert repr(p) == (
        "<Projection 00001 2021-12-17 → 2025-07-01: merged → 00097 Phường Hồng Hà; 1 event>"
    )
    split = next(
        r.source for r in G.crosswalk(on=REVIEW, to=REFORM, level="commune") if r.status == "split"
    )
    text = repr(G.project(split, on=REVIEW, to=REFORM))
    assert "(part)" in text and "(default)" in text


# ------------------------------------------------------------------ the other collections


@settings(max_examples=15, deadline=None)
@given(
    query=st.sampled_from(["Hòa", "Phúc Xá", "Ba Đình", "Tân An", "zzz", "Hồng Hà"]),
    kind=st.sampled_from(KINDS),
)
def test_a_name_search_as_a_frame_has_its_candidates(query: str, kind: str) -> None:
    r = G.find(query, on=REVIEW)
    rows = _rows_of(_frame(r, kind), kind)
    assert rows == [
        _unit_row(c.unit) | {"score": c.score, "reasons": "; ".join(c.reasons) or None}
        for c in r.candidates
    ]
    assert len(repr(r)) <= 1000 and r.status in repr(r)


@settings(max_examples=10, deadline=None)
@given(
    code=st.sampled_from(["00001", "01", "001", "26740", "79", "00097"]),
    kind=st.sampled_from(KINDS),
)
def test_a_history_and_the_acts_as_frames(code: str, kind: str) -> None:
    h = G.history(code)
    assert h == tuple(h) and h.code == code
    rows = _rows_of(_frame(h, kind), kind)
    expected = [
        (act.number, act.in_force, lk.effective, lk.kind.value, lk.source or None, lk.target)
        for act, links in h
        for lk in links
    ]
    assert [
        (r["number"], r["in_force"], r["effective"], r["kind"], r["source"], r["target"])
        for r in rows
    ] == expected
    assert len(repr(h)) <= 1000
    acts = G.acts(within=code if len(code) < 5 else None)
    assert [r["number"] for r in _rows_of(_frame(acts, kind), kind)] == [a.number for a in acts]
    assert [r["in_force"] for r in _rows_of(_frame(acts, kind), kind)] == [a.in_force for a in acts]
    assert len(repr(acts)) <= 1000


def test_an_audit_as_a_frame_has_its_differences() -> None:
    from qcdc.units import ListedUnit, audit_list

    units = list(G.units(on=REVIEW, level="commune", within="01"))
    rows = [ListedUnit(u.code, u.name, row=i + 2) for i, u in enumerate(units)]
    rows[3] = ListedUnit(rows[3].code, "Phường Khác", row=5)
    del rows[7]
    result = audit_list(rows, G, on=REVIEW, within="01")
    assert len(result.differences) == 2
    for kind in KINDS:
        got = _rows_of(_frame(result, kind), kind)
        assert [(r["code"], r["what"], r["listed"], r["qcdc"], r["row"]) for r in got] == [
            (d.code, d.what, d.listed, d.qcdc, d.row) for d in result.differences
        ]
    assert "2 differences" in repr(result) and len(repr(result)) <= 1000
    assert "Phường Khác" in result._repr_html_()
