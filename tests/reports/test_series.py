"""Comparing two reports and a place's reports across years (issue 13 §2)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qcdc.dates import Period
from qcdc.errors import InputError
from qcdc.reports import (
    SERIES_RULES,
    AnnualReport,
    Comparison,
    FigureTable,
    HamletReorganisation,
    InspectionFigures,
    Relation,
    ReportSeries,
    TableFigure,
    compare,
    load_report,
)
from qcdc.reports._exact import Span
from qcdc.reports._strategies import consistent_reports, reports_with_tables

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "data" / "real" / "reports"
Bare = Callable[..., AnnualReport]


def _by_key(c: Comparison) -> dict[str, Any]:
    return {r.key: r for r in c.rows}


# --- properties -----------------------------------------------------------------------


@given(st.one_of(consistent_reports(), reports_with_tables()))
def test_a_report_compared_with_itself_has_no_change(report: AnnualReport) -> None:
    """compare(a, a): every figure is in both, none changed, no finding."""
    c = compare(report, report, against_gazetteer=False)
    assert c.changes == ()
    assert c.findings() == []
    assert c.only_first == c.only_second == ()
    assert all(r.delta == 0 and r.span.meets(Span.point(Decimal(0))) for r in c.rows)


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[AnnualReport, AnnualReport]:
    a = draw(st.one_of(consistent_reports(), reports_with_tables()))
    b = draw(consistent_reports())
    table = None
    if a.table is not None:
        figures = []
        for f in a.table.figures:
            if f.kind.value == "count" and draw(st.booleans()):
                f = attrs.evolve(f, value=str(draw(st.integers(0, 10**6))), hedge=None)
            figures.append(f)
        table = FigureTable(figures=figures, relations=a.table.relations)
    b = attrs.evolve(b, place=a.place, period=a.period, date=a.date, table=table, sources=a.sources)
    return a, b


@settings(max_examples=60)
@given(_pairs())
def test_compare_reversed_negates_every_change(pair: tuple[AnnualReport, AnnualReport]) -> None:
    """compare(b, a) has the figures of compare(a, b), each change negated, ends swapped."""
    a, b = pair
    ab, ba = compare(a, b, against_gazetteer=False), compare(b, a, against_gazetteer=False)
    forward, back = _by_key(ab), _by_key(ba)
    assert forward.keys() == back.keys()
    for key, r in forward.items():
        s = back[key]
        assert s.delta == -r.delta
        assert s.span == -r.span
        assert (s.before, s.after) == (r.after, r.before)
        assert s.changed == r.changed and s.certain == r.certain
    assert ab.only_first == tuple(k for k in ba.only_second)
    assert {n.key for n in ab.not_compared} == {n.key for n in ba.not_compared}


# --- examples both ways ---------------------------------------------------------------


def test_a_changed_figure_is_found_with_both_sources(hanoi: AnnualReport) -> None:
    later = attrs.evolve(
        hanoi,
        period=Period.for_year(2022),
        date=dt.date(2022, 12, 20),
        inspection=InspectionFigures(supervised="5.010", violations=648, recommended=586),
    )
    c = compare(hanoi, later)
    changed = {r.key: r for r in c.changes}
    assert set(changed) == {"inspection.supervised"}
    r = changed["inspection.supervised"]
    assert (r.before, r.after, r.delta, r.basis) == (
        "4.956 vụ việc",
        "5.010 vụ việc",
        Decimal(54),
        "change",
    )
    assert r.certain
    assert "Gắn thực hiện" in r.before_source and "Gắn thực hiện" in r.after_source
    assert c.findings() == []  # different periods: a change, not a discrepancy


def test_same_period_discrepancy_is_a_finding_and_agreement_is_not(hanoi: AnnualReport) -> None:
    assert hanoi.hamlets is not None
    other = attrs.evolve(hanoi, hamlets=attrs.evolve(hanoi.hamlets, percent="35%"))
    found = compare(hanoi, other, against_gazetteer=False).findings()
    assert [(f.rule, f.path) for f in found] == [("compare.figures-differ", "hamlets.percent")]
    assert "32%" in found[0].message and "35%" in found[0].message
    assert compare(hanoi, attrs.evolve(hanoi), against_gazetteer=False).findings() == []


def test_a_rounded_figure_is_a_change_that_may_be_zero(bare: Bare) -> None:
    a = bare(hamlets=HamletReorganisation(percent="32%"))
    b = bare(hamlets=HamletReorganisation(percent="32,4%"), period="năm 2022")
    (r,) = compare(a, b, against_gazetteer=False).changes
    assert r.delta == Decimal("0.4") and not r.certain
    assert str(r.span) == "[-0.15; 0.95]"  # [32,35; 32,45] − [31,5; 32,5]


def test_the_real_pair_hanam_2024_differs_in_its_total() -> None:
    """rp-033 and rp-034: one EMC figure in two papers; the second rounds the total."""
    a, b = load_report(REAL / "rp-033.toml"), load_report(REAL / "rp-034.toml")
    c = compare(a, b, same={"f2": "f2", "f3": "f1"})
    assert c.same_period
    assert [(r.before, r.after, r.basis) for r in c.changes] == [
        ("168.746 hồ sơ", "168.000 hồ sơ", "discrepancy")
    ]
    (f,) = c.findings()
    assert "vietnamhoinhap.vn" in f.message and "kinhtedothi.vn" in f.message
    # without the pairing, the labels differ and nothing is compared
    assert compare(a, b).rows == ()


def test_same_naming_a_missing_figure_is_refused() -> None:
    a, b = load_report(REAL / "rp-033.toml"), load_report(REAL / "rp-034.toml")
    with pytest.raises(InputError, match="second report's table has no figure 'f9'"):
        compare(a, b, same={"f2": "f9"})


def test_plan_against_achieved_is_told_apart(bare: Bare) -> None:
    plan = TableFigure(id="p", label="models", value="300", unit="mô hình", planned=True)
    done = TableFigure(id="d", label="models", value="280", unit="mô hình")
    a, b = bare(table=FigureTable(figures=[plan])), bare(table=FigureTable(figures=[done]))
    c = compare(a, b, against_gazetteer=False)
    assert [r.basis for r in c.changes] == ["plan→achieved"]
    assert c.findings() == []


def test_preliminary_against_final_is_told_apart(bare: Bare) -> None:
    early = bare(inspection=InspectionFigures(supervised=4900), date=dt.date(2021, 11, 30))
    final = bare(inspection=InspectionFigures(supervised=4956), date=dt.date(2022, 1, 10))
    c = compare(early, final, against_gazetteer=False)
    assert [r.basis for r in c.changes] == ["preliminary→final"]
    assert c.findings() == []


def test_figures_of_different_period_lengths_are_not_compared(bare: Bare) -> None:
    year = bare(inspection=InspectionFigures(supervised=4956))
    half = bare(
        inspection=InspectionFigures(supervised=2100),
        period="6 tháng đầu năm 2022",
        date=dt.date(2022, 7, 5),
    )
    c = compare(year, half, against_gazetteer=False)
    assert c.rows == ()
    assert [(n.key, n.reason) for n in c.not_compared] == [("inspection.supervised", "period")]
    assert "12 months" in c.not_compared[0].why and "6 months" in c.not_compared[0].why
    ok = compare(year, attrs.evolve(half, period="năm 2022"), against_gazetteer=False)
    assert [r.key for r in ok.rows] == ["inspection.supervised"]


def test_a_count_is_not_compared_with_a_percentage(bare: Bare) -> None:
    a = bare(table=FigureTable(figures=[TableFigure(id="a", label="online", value="579")]))
    b = bare(
        table=FigureTable(figures=[TableFigure(id="b", label="online", value="100", unit="%")])
    )
    c = compare(a, b, against_gazetteer=False)
    assert [(n.reason, n.key) for n in c.not_compared] == [("kind", "table:online")]


def test_figures_of_different_scopes_are_different_figures(bare: Bare) -> None:
    p = TableFigure(id="a", label="dialogues", value="12", scope="province")
    d = TableFigure(id="b", label="dialogues", value="40", scope="commune")
    c = compare(
        bare(table=FigureTable(figures=[p])),
        bare(table=FigureTable(figures=[d])),
        against_gazetteer=False,
    )
    assert c.rows == () and c.only_first == ("table:dialogues@province",)


def test_unit_counts_across_the_2025_mergers_are_refused_with_the_acts(
    hanoi: AnnualReport,
) -> None:
    later = attrs.evolve(hanoi, period=Period.for_year(2025), date=dt.date(2025, 12, 20))
    c = compare(hanoi, later)
    refused = {n.key: n for n in c.not_compared}
    assert "units.commune.total" in refused and "online_services.coverage" in refused
    why = refused["units.commune.total"].why
    assert "579 → 126" in why and "1656/NQ-UBTVQH15" in why
    assert "hamlets.percent" in {r.key for r in c.rows}
    # the same years before the 2025 mergers: Hà Nội's 579 communes stand, counts compared
    same_list = attrs.evolve(hanoi, period=Period.for_year(2022), date=dt.date(2022, 12, 20))
    assert compare(hanoi, same_list).not_compared == ()


def test_a_place_is_carried_to_its_successor_through_the_lineage(bare: Bare) -> None:
    """Hà Giang (02) joined Tuyên Quang (08) on 1 July 2025."""
    a = bare(place="02", date=dt.date(2024, 12, 20), period="năm 2024")
    b = bare(place="08", date=dt.date(2025, 12, 20), period="năm 2025")
    c = compare(a, b)
    assert c.place_note is not None and "02" in c.place_note and "08" in c.place_note
    with pytest.raises(InputError, match="different places"):
        compare(a, bare(place="01", date=dt.date(2025, 12, 20), period="năm 2025"))


def test_places_by_name_must_be_the_same_name(bare: Bare) -> None:
    a = bare(place="tỉnh Lâm Đồng")
    assert compare(a, bare(place="Tỉnh  Lâm Đồng")).rows == ()
    with pytest.raises(InputError, match="different places"):
        compare(a, bare(place="tỉnh Hà Nam"))


# --- series ---------------------------------------------------------------------------


def _hamlets_year(bare: Bare, year: int, before: int, after: int) -> AnnualReport:
    return bare(
        period=f"năm {year}",
        date=dt.date(year, 12, 20),
        hamlets=HamletReorganisation(before=before, after=after, reduction=before - after),
    )


def test_series_after_equals_before_both_ways(bare: Bare) -> None:
    ok = ReportSeries(
        [_hamlets_year(bare, 2022, 5400, 5393), _hamlets_year(bare, 2021, 7968, 5400)]
    )
    assert [r.period.start.year for r in ok] == [2021, 2022]
    assert ok.check(against_gazetteer=False) == []
    bad = ReportSeries(
        [_hamlets_year(bare, 2021, 7968, 5393), _hamlets_year(bare, 2022, 5400, 5390)]
    )
    found = bad.check(against_gazetteer=False)
    assert [(f.rule, f.path) for f in found] == [
        ("series.after-equals-before", "reports[1].hamlets.before")
    ]
    assert "5.393" in found[0].message and "5.400" in found[0].message


def _change_table(year_before: str, year_after: str) -> FigureTable:
    return FigureTable(
        figures=[
            TableFigure(id="b", label="hamlets before", value=year_before, unit="thôn"),
            TableFigure(id="a", label="hamlets after", value=year_after, unit="thôn"),
        ],
        relations=[Relation(kind="change", before="b", after="a", direction="decrease")],
    )


def test_series_after_equals_before_in_the_figure_table(bare: Bare) -> None:
    y1 = bare(period="năm 2021", table=_change_table("1.200", "1.100"))
    y2 = bare(period="năm 2022", date=dt.date(2022, 12, 20), table=_change_table("1.100", "1.050"))
    assert ReportSeries([y1, y2]).check(against_gazetteer=False) == []
    y2b = attrs.evolve(y2, table=_change_table("1.120", "1.050"))
    found = ReportSeries([y1, y2b]).check(against_gazetteer=False)
    assert [(f.rule, f.path) for f in found] == [
        ("series.after-equals-before", "reports[1].table.b")
    ]


def test_series_values_keys_and_each_report_s_own_findings(bare: Bare) -> None:
    s = ReportSeries([_hamlets_year(bare, 2021, 7968, 5400), _hamlets_year(bare, 2022, 5400, 5393)])
    assert [shown for _, shown in s.values("hamlets.after")] == [
        "5.400 thôn, tổ dân phố",
        "5.393 thôn, tổ dân phố",
    ]
    assert "hamlets.before" in s.figure_keys()
    broken = bare(inspection=InspectionFigures(supervised=10, violations=20))
    found = ReportSeries([broken]).check(against_gazetteer=False, each=True)
    assert found and all(f.path.startswith("reports[0].") for f in found)
    assert "<table>" in s._repr_html_()
    with pytest.raises(InputError, match="at least one report"):
        ReportSeries([])


def test_series_rules_are_documented() -> None:
    page = (ROOT / "docs" / "reference" / "report-format.md").read_text(encoding="utf-8")
    for rule in SERIES_RULES:
        assert f"`{rule.id}`" in page, rule.id


# --- the command ----------------------------------------------------------------------


def _qcdc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qcdc", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_report_compare_text_and_json() -> None:
    a, b = str(REAL / "rp-033.toml"), str(REAL / "rp-034.toml")
    out = _qcdc("report", "compare", a, b, "--same", "f2=f2", "--same", "f3=f1")
    assert out.returncode == 0, out.stderr
    assert "168.746 hồ sơ → 168.000 hồ sơ  (−746; discrepancy)" in out.stdout
    assert "[compare.figures-differ]" in out.stdout
    js = _qcdc("report", "compare", a, b, "--same", "f3=f1", "--format", "json")
    data = json.loads(js.stdout)
    assert data["same_period"] is True and data["changes"] == []
    assert data["unchanged"] == ["table:share fully online, hà nam"]


def test_report_compare_bad_input_exits_2() -> None:
    assert _qcdc("report", "compare", str(REAL / "rp-033.toml")).returncode == 2
    bad = _qcdc("report", "compare", str(REAL / "rp-033.toml"), str(REAL / "rp-060.toml"))
    assert bad.returncode == 2 and "different places" in bad.stderr
    assert _qcdc("report", str(REAL / "rp-033.toml"), "extra").returncode == 2


def test_a_series_is_carried_across_the_2025_mergers(bare: Bare) -> None:
    """Hà Giang 2024 → Tuyên Quang 2025: one series through the lineage."""
    a = bare(
        place="02",
        period="năm 2024",
        date=dt.date(2024, 12, 20),
        hamlets=HamletReorganisation(before=2100, after=1900, reduction=200),
    )
    b = bare(
        place="08",
        period="năm 2025",
        date=dt.date(2025, 12, 20),
        hamlets=HamletReorganisation(before=1900, after=1850, reduction=50),
    )
    s = ReportSeries([b, a])
    assert [r.place for r in s] == ["02", "08"]
    (c,) = s.comparisons()
    assert c.place_note is not None and "carried to 08" in c.place_note
    # another territory: its figures are told as a successor's, not chained after → before
    assert {r.basis for r in c.rows} == {"successor"}
    assert s.check() == []
    same = ReportSeries([a, attrs.evolve(b, place="02", date=dt.date(2025, 6, 20))])
    assert [f.rule for f in same.check()] == []  # 1.900 → 1.900 in one place chains
    with pytest.raises(InputError, match="different places"):
        ReportSeries([a, attrs.evolve(b, place="01")]).check()


# --- the chart of a figure across the years ---------------------------------------------


@pytest.fixture
def agg() -> Iterator[None]:
    """matplotlib on its Agg backend (the chart tests skip without it); figures closed."""
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _table_year(bare: Bare, year: int, *figures: TableFigure, place: str = "01") -> AnnualReport:
    return bare(
        place=place,
        period=f"năm {year}",
        date=dt.date(year, 12, 20),
        table=FigureTable(figures=list(figures)),
    )


def _by_gid(ax: Any, gid: str) -> list[Any]:
    return [a for a in [*ax.lines, *ax.collections] if a.get_gid() == gid]


def _n(line: Any) -> int:
    """How many points a line joins."""
    return len(line.get_xydata())


def _bars(ax: Any, gid: str) -> list[tuple[float, float, float]]:
    """(x, low end, high end) of each vertical bar with the gid."""
    out = []
    for coll in _by_gid(ax, gid):
        for seg in coll.get_segments():
            (x0, y0), (x1, y1) = seg
            assert x0 == x1
            out.append((float(x0), float(min(y0, y1)), float(max(y0, y1))))
    return sorted(out)


@pytest.mark.usefixtures("agg")
def test_plot_draws_one_point_per_report_year_at_its_value(bare: Bare) -> None:
    s = ReportSeries(
        [
            _hamlets_year(bare, 2022, 5400, 5393),
            _hamlets_year(bare, 2021, 7968, 5400),
            _hamlets_year(bare, 2023, 5393, 5300),
        ]
    )
    ax = s.plot("hamlets.after")
    (values,) = _by_gid(ax, "qcdc-values")
    assert values.get_xydata().tolist() == [[2021, 5400], [2022, 5393], [2023, 5300]]
    assert _by_gid(ax, "qcdc-intervals") == []  # exact counts: no bars
    assert ax.get_title() == "Số thôn, tổ dân phố sau sắp xếp"
    assert ax.get_xlabel() == "Năm" and ax.get_ylabel() == "thôn, tổ dân phố"
    # the same figure named by its Vietnamese label, in any case and spacing
    again = s.plot("số thôn,  tổ dân phố SAU sắp xếp")
    assert _by_gid(again, "qcdc-values")[0].get_xydata().tolist() == values.get_xydata().tolist()


@pytest.mark.usefixtures("agg")
def test_plot_draws_rounded_and_hedged_figures_as_their_intervals(bare: Bare) -> None:
    s = ReportSeries(
        [
            _table_year(bare, 2021, TableFigure(id="f", label="Tỷ lệ", value="32", unit="%")),
            _table_year(
                bare, 2022, TableFigure(id="f", label="Tỷ lệ", value="khoảng 40", unit="%")
            ),
            _table_year(bare, 2023, TableFigure(id="f", label="Tỷ lệ", value="dưới 50", unit="%")),
            _table_year(bare, 2024, TableFigure(id="f", label="Tỷ lệ", value="trên 60", unit="%")),
        ]
    )
    ax = s.plot("Tỷ lệ")
    (values,) = _by_gid(ax, "qcdc-values")
    assert values.get_xydata().tolist() == [[2021, 32], [2022, 40], [2023, 50], [2024, 60]]
    assert _bars(ax, "qcdc-intervals") == [(2021, 31.5, 32.5), (2022, 36, 44), (2023, 0, 50)]
    (arrow,) = _bars(ax, "qcdc-above")
    assert arrow[0] == 2024 and arrow[1] == 60 and arrow[2] > 60  # up from its bound
    assert ax.get_ylabel() == "%" and ax.get_title() == "Tỷ lệ"


@pytest.mark.usefixtures("agg")
def test_plot_marks_planned_figures_apart(bare: Bare) -> None:
    s = ReportSeries(
        [
            _table_year(
                bare,
                2021,
                TableFigure(id="p", label="mô hình", value="120", unit="mô hình", planned=True),
            ),
            _table_year(
                bare, 2022, TableFigure(id="a", label="mô hình", value="110", unit="mô hình")
            ),
        ]
    )
    ax = s.plot("table:mô hình")
    (planned,) = _by_gid(ax, "qcdc-planned")
    (values,) = _by_gid(ax, "qcdc-values")
    assert planned.get_xydata().tolist() == [[2021, 120]]
    assert values.get_xydata().tolist() == [[2022, 110]]
    assert planned.get_markerfacecolor() == "none"


@pytest.mark.usefixtures("agg")
def test_plot_draws_money_in_its_printed_unit(bare: Bare) -> None:
    s = ReportSeries(
        [
            _table_year(bare, 2021, TableFigure(id="m", label="vốn", value="4,37", unit="tỷ đồng")),
            _table_year(bare, 2022, TableFigure(id="m", label="vốn", value="5,1", unit="tỷ đồng")),
        ]
    )
    ax = s.plot("vốn")
    assert _by_gid(ax, "qcdc-values")[0].get_xydata().tolist() == [[2021, 4.37], [2022, 5.1]]
    lo, hi = _bars(ax, "qcdc-intervals")[0][1:]
    assert (round(lo, 6), round(hi, 6)) == (4.365, 4.375)
    assert ax.get_ylabel() == "tỷ đồng"


@pytest.mark.usefixtures("agg")
def test_plot_shows_the_2025_lineage_carry(bare: Bare) -> None:
    """Hà Giang (02) 2024 → Tuyên Quang (08) 2025: a dashed line, and no line joins them."""
    a = bare(
        place="02",
        period="năm 2024",
        date=dt.date(2024, 12, 20),
        hamlets=HamletReorganisation(before=2100, after=1900, reduction=200),
    )
    b = bare(
        place="08",
        period="năm 2025",
        date=dt.date(2025, 12, 20),
        hamlets=HamletReorganisation(before=1900, after=1850, reduction=50),
    )
    ax = ReportSeries([a, b]).plot("hamlets.after")
    (carry,) = _by_gid(ax, "qcdc-carry")
    assert carry.get_xdata()[0] == 2024.5
    assert any("02 → 08" in t.get_text() for t in ax.texts)
    joined = [ln for ln in ax.lines if ln.get_linestyle() == "-" and _n(ln) > 1]
    assert joined == []
    same = ReportSeries([a, attrs.evolve(b, place="02")]).plot("hamlets.after")
    assert _by_gid(same, "qcdc-carry") == []
    assert any(_n(ln) == 2 and ln.get_linestyle() == "-" for ln in same.lines)


@pytest.mark.usefixtures("agg")
def test_plot_draws_on_the_axes_given(bare: Bare) -> None:
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    s = ReportSeries([_hamlets_year(bare, 2021, 7968, 5400)])
    assert s.plot("hamlets.after", ax=ax) is ax


@pytest.mark.usefixtures("agg")
def test_plot_of_a_figure_no_report_prints_is_an_input_error(bare: Bare) -> None:
    s = ReportSeries([_hamlets_year(bare, 2021, 7968, 5400)])
    with pytest.raises(InputError, match=r"did you mean 'hamlets\.after'"):
        s.plot("hamlets.afterr")
    with pytest.raises(InputError, match="figure key"):
        s.plot(3)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="no report of the series"):
        s.with_chart("nothing like it")


def test_plot_without_matplotlib_says_which_extra(
    bare: Bare, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qcdc.errors import MissingDependency

    s = ReportSeries([_hamlets_year(bare, 2021, 7968, 5400)])
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependency, match=r"qcdc\[plot\]"):
        s.plot("hamlets.after")
    page = s._repr_html_()
    assert "<table>" in page and "<svg" not in page
    assert "matplotlib" not in page and "error" not in page.lower()


@pytest.mark.usefixtures("agg")
def test_the_notebook_display_has_an_inline_svg_chart_of_the_chosen_figure(bare: Bare) -> None:
    s = ReportSeries([_hamlets_year(bare, 2021, 7968, 5400), _hamlets_year(bare, 2022, 5400, 5393)])
    page = s._repr_html_()
    assert "<table>" in page and "<svg" in page and "<?xml" not in page
    assert page.index("<table>") < page.index("<svg")
    assert 'id="qcdc-values"' in page
    assert "Số thôn, tổ dân phố trước sắp xếp</text>" in page  # the first figure by default
    after = s.with_chart("Số thôn, tổ dân phố sau sắp xếp")
    assert after.chart == "hamlets.after" and after != s
    assert ReportSeries(list(s), chart="hamlets.after") == after
    assert "Số thôn, tổ dân phố sau sắp xếp</text>" in after._repr_html_()
    assert s._repr_html_() == page  # made in memory, the same each time


@pytest.mark.usefixtures("agg")
@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(consistent_reports(), reports_with_tables()), min_size=1, max_size=3))
def test_every_chart_holds_each_printed_figure_at_its_value_within_its_bar(
    reports: list[AnnualReport],
) -> None:
    """A chart's points are the reports that print the figure, one each, at the printed
    value; every bar runs over the figure's interval, and the point lies on it."""
    from matplotlib.figure import Figure

    s = ReportSeries(reports)
    assume(s.figure_keys())
    key = s.figure_keys()[-1]
    ax = s.plot(key, ax=Figure().subplots())
    points = sorted(
        (float(x), float(y))
        for gid in ("qcdc-values", "qcdc-planned")
        for line in _by_gid(ax, gid)
        for x, y in line.get_xydata().tolist()
    )
    assert len(points) == len(s.values(key))
    for x, lo, hi in _bars(ax, "qcdc-intervals"):
        assert any(px == x and lo - 1e-9 <= py <= hi + 1e-9 for px, py in points)
    for x, lo, _top in _bars(ax, "qcdc-above"):
        assert any(px == x and abs(py - lo) < 1e-9 for px, py in points)
