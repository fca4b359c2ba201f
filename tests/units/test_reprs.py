"""Notebook displays: short reprs and HTML summaries (issue 15 §2)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given

import qcdc
from qcdc.strategies import gazetteers
from qcdc.units import AdministrativeUnit, Gazetteer

G = qcdc.gazetteer()
REVIEW, REFORM = dt.date(2021, 12, 17), dt.date(2025, 7, 1)


def test_a_place_projection_repr_is_short_and_says_the_counts() -> None:
    r = G.project_place("01", on=REVIEW, to=REFORM)
    text = repr(r)
    assert len(text) <= 1000  # was 124,821 characters: every unit of the city
    assert "579 commune-level units on 2021-12-17 → 126 on 2025-07-01" in text
    page = r._repr_html_()
    assert "<b>579</b>" in page and "<b>126</b>" in page and "<td>xã</td><td>383</td>" in page


def test_the_gazetteer_summary_names_coverage_horizon_and_counts() -> None:
    page = G._repr_html_()
    newest = G.snapshots[-1][0]
    assert f"units on {newest}" in page
    assert f"<td>province</td><td>{G.count(on=newest, level='province')}</td>" in page
    assert "newest act in force" in page and "sources checked" in page


@given(gazetteers())
def test_every_display_escapes_and_stays_short(g: Gazetteer) -> None:
    assert len(repr(g)) < 200
    assert "<b>Gazetteer</b>" in g._repr_html_()
    for u in g.records():
        page = u._repr_html_()
        assert "<script" not in page and u.code in page


def test_a_unit_display_escapes_its_name() -> None:
    u = AdministrativeUnit("xã", "99999", "Xã <Thử> & Co", "001", name_en="<Thu>")
    page = u._repr_html_()
    assert "&lt;Thử&gt; &amp; Co" in page and "&lt;Thu&gt;" in page and "<Thử>" not in page
