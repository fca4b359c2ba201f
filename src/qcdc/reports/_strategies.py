"""Hypothesis strategies for figures and annual reports (re-exported by :mod:`qcdc.strategies`).

Every value is built explicitly, valid by construction.  :func:`consistent_reports`
builds reports whose figures all agree with one another, so the checker must
find nothing in them (without the official unit list, whose counts a random
report cannot know).

>>> from hypothesis import given, settings
>>> from qcdc.numbers import format_figure, parse_figure
>>> @settings(max_examples=20)
... @given(figures())
... def test(fig):
...     assert parse_figure(format_figure(fig)) == fig
>>> test()
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from qcdc.citations import Citation, Confidence
from qcdc.dates import Period
from qcdc.numbers import Figure, Hedge, Scale, Unit, ratio_percent
from qcdc.reports._exact import HEDGES
from qcdc.reports._table import FigureTable, Relation, Scope, TableFigure
from qcdc.reports.model import (
    AnnualReport,
    CitedDocument,
    ReportSource,
    ReportTask,
    UndatedPeriod,
)
from qcdc.reports.sections import (
    Awards,
    Breakdown,
    Contributions,
    DanVanKheo,
    DialogueConferences,
    FrontSupervision,
    HamletReorganisation,
    InspectionFigures,
    InvestmentSupervision,
    Mediation,
    OnlineServices,
    Petitions,
    UnitCounts,
    VillageConventions,
    WorkplaceDemocracy,
)
from qcdc.units import UnitKind, UnitLevel

__all__ = [
    "consistent_reports",
    "consistent_tables",
    "figure_tables",
    "figures",
    "hedges",
    "percent_figures",
    "report_decimals",
]


def report_decimals(max_value: int = 10**9, max_decimals: int = 3) -> st.SearchStrategy[Decimal]:
    """Decimals ``>= 0`` with at most ``max_decimals`` places (trailing zeros kept)."""

    @st.composite
    def build(draw: st.DrawFn) -> Decimal:
        places = draw(st.integers(0, max_decimals))
        scaled = draw(st.integers(0, max_value * 10**places))
        return Decimal(scaled).scaleb(-places)

    return build()


def hedges() -> st.SearchStrategy[Hedge]:
    """Any hedge, exact included."""
    return st.sampled_from(list(Hedge))


def percent_figures(max_decimals: int = 2) -> st.SearchStrategy[Figure]:
    """Percentages from 0 to 100 with up to ``max_decimals`` places."""
    return st.builds(
        lambda d, h: Figure(number=d, unit=Unit.PERCENT, hedge=h),
        report_decimals(100, max_decimals).filter(lambda d: d <= 100),
        hedges(),
    )


_COUNT_UNITS = [u for u in Unit if u is not Unit.PERCENT]


@st.composite
def figures(draw: st.DrawFn) -> Figure:
    """Any figure: counts, amounts with scale words, percentages, ratios; hedged or not."""
    shape = draw(st.sampled_from(["count", "scaled", "percent", "ratio"]))
    hedge = draw(hedges())
    if shape == "percent":
        return draw(percent_figures())
    if shape == "ratio":
        den = draw(st.integers(1, 100_000))
        num = draw(st.integers(0, den))
        unit = draw(st.none() | st.sampled_from(_COUNT_UNITS))
        return Figure(number=num, denominator=den, unit=unit, hedge=hedge)
    unit = draw(st.none() | st.sampled_from(_COUNT_UNITS))
    if shape == "scaled":
        scale = draw(st.sampled_from([s for s in Scale if s is not Scale.ONE]))
        return Figure(number=draw(report_decimals(999, 2)), scale=scale, unit=unit, hedge=hedge)
    return Figure(number=draw(report_decimals(10**7, 2)), unit=unit, hedge=hedge)


def _pct(numerator: int, denominator: int, places: int) -> Figure:
    value = ratio_percent(numerator, denominator).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    return Figure(number=value, unit=Unit.PERCENT)


@st.composite
def _chain(draw: st.DrawFn, length: int, top: int = 100_000) -> list[int]:
    """``length`` counts, each at most the one before."""
    out = [draw(st.integers(1, top))]
    for _ in range(length - 1):
        out.append(draw(st.integers(0, out[-1])))
    return out


@st.composite
def _split(draw: st.DrawFn, total: int, parts: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    bounds = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(bounds)]


@st.composite
def _by_level(
    draw: st.DrawFn, key: str, whole: int, levels: tuple[str, ...], mark: Breakdown | None
) -> dict[str, Any]:
    """``whole`` by level, as ``{key_level: n}``, consistent with ``mark``: complete (some
    levels left out as none), partial (some of the whole), or unmarked (every level, adding
    up; or some levels, within the whole)."""
    parts = draw(_split(whole, len(levels)))
    if mark is Breakdown.PARTIAL:
        parts = [draw(st.integers(0, p)) for p in parts]
    given = dict(zip(levels, parts, strict=True))
    if mark is Breakdown.COMPLETE:
        given = {lv: n for lv, n in given.items() if n or draw(st.booleans())}
    elif draw(st.booleans()):  # some levels only, within the whole (unmarked or partial)
        given = {lv: n for lv, n in given.items() if draw(st.booleans())}
    out: dict[str, Any] = {f"{key}_{lv}": n for lv, n in given.items()}
    return out


_PDC = ("province", "district", "commune")


@st.composite
def _issue13_sections(draw: st.DrawFn, places: int) -> dict[str, Any]:
    """The recurring sections of issue 13 §1, and figures by level, every rule holding."""
    kw: dict[str, Any] = {}
    marks = st.sampled_from([None, Breakdown.COMPLETE, Breakdown.PARTIAL])
    if draw(st.booleans()):
        conferences, opinions, resolved = draw(st.integers(0, 5000)), *draw(_chain(2))
        mark = draw(marks)
        kw["dialogues"] = DialogueConferences(
            conferences=conferences,
            opinions=opinions,
            resolved=resolved,
            resolved_percent=_pct(resolved, opinions, places),
            levels=mark,
            **draw(_by_level("conferences", conferences, _PDC, mark)),
            **draw(_by_level("opinions", opinions, _PDC, mark)),
        )
    if draw(st.booleans()):
        received, within, resolved = draw(_chain(3))
        kw["petitions"] = Petitions(
            sessions=draw(st.integers(0, 500)),
            citizens=draw(st.none() | st.integers(0, 10**5)),
            received=received,
            within_jurisdiction=within,
            resolved=resolved,
            resolved_percent=_pct(resolved, within, places) if within else None,
        )
    if draw(st.booleans()):
        supervisions, critiques = draw(st.integers(0, 5000)), draw(st.integers(0, 500))
        made, answered = draw(_chain(2))
        mark = draw(marks)
        kw["front_supervision"] = FrontSupervision(
            supervisions=supervisions,
            critiques=critiques,
            recommendations=made,
            answered=answered,
            answered_percent=_pct(answered, made, places),
            levels=mark,
            **draw(_by_level("supervisions", supervisions, _PDC, mark)),
            **draw(_by_level("critiques", critiques, _PDC, mark)),
        )
    if draw(st.booleans()):
        sources = draw(_split(draw(st.integers(0, 10**6)), 4))
        keep = draw(st.lists(st.booleans(), min_size=4, max_size=4))
        names = ("money_budget", "money_people", "money_enterprises", "money_other")
        money: dict[str, Any] = {
            n: Figure(number=v, scale=Scale.MILLION, unit=Unit.VND)
            for n, v, k in zip(names, sources, keep, strict=True)
            if k
        }
        residential, farm_ha = draw(st.integers(0, 10**6)), draw(st.integers(0, 1000))
        kw["contributions"] = Contributions(
            money=Figure(number=sum(sources), scale=Scale.MILLION, unit=Unit.VND),
            workdays=draw(st.none() | st.integers(0, 10**6)),
            land=residential + farm_ha * 10_000,
            land_residential=residential,
            land_farm=Figure(number=farm_ha, unit=Unit.HECTARE),
            land_households=draw(st.none() | st.integers(0, 5000)),
            **money,
        )
    if draw(st.booleans()):
        a_req, a_held = draw(_chain(2, 5000))
        e_req, e_held = draw(_chain(2, 5000))
        kw["workplace_democracy"] = WorkplaceDemocracy(
            agencies_required=a_req,
            agencies_held=a_held,
            agencies_percent=_pct(a_held, a_req, places),
            enterprises_required=e_req,
            enterprises_held=e_held,
            enterprises_percent=_pct(e_held, e_req, places),
        )
    if draw(st.booleans()):
        total, approved = draw(_chain(2, 10_000))
        kw["village_conventions"] = VillageConventions(
            total=total, approved=approved, percent=_pct(approved, total, places)
        )
    if draw(st.booleans()):
        collectives, individuals = draw(st.integers(0, 500)), draw(st.integers(0, 2000))
        total = collectives + individuals
        mark = draw(marks)
        kw["awards"] = Awards(
            total=total,
            collectives=collectives,
            individuals=individuals,
            levels=mark,
            **draw(_by_level("total", total, ("central", *_PDC), mark)),
        )
    return kw


@st.composite
def consistent_reports(draw: st.DrawFn) -> AnnualReport:
    """Reports whose totals, differences, percentages and orderings all agree."""
    year = draw(st.integers(2021, 2024))
    period = Period.for_year(year)
    date = draw(st.dates(dt.date(year, 1, 1), dt.date(year + 1, 3, 31)))
    places = draw(st.integers(0, 2))
    kw: dict[str, Any] = {}
    if draw(st.booleans()):
        xa, phuong, tt = draw(_split(draw(st.integers(1, 1000)), 3))
        kw["units"] = [
            UnitCounts(
                level=UnitLevel.COMMUNE,
                total=xa + phuong + tt,
                by_kind={UnitKind.COMMUNE: xa, UnitKind.WARD: phuong, UnitKind.TOWNSHIP: tt},
            )
        ]
    if draw(st.booleans()):
        before, after = draw(_chain(2))
        h_before = draw(st.integers(0, before))
        h_after = draw(st.integers(0, after))
        kw["hamlets"] = HamletReorganisation(
            before=before,
            after=after,
            reduction=before - after,
            percent=_pct(before - after, before, places),
            before_hamlets=h_before,
            before_groups=before - h_before,
            after_hamlets=h_after,
            after_groups=after - h_after,
        )
    if draw(st.booleans()):
        supervised, violations, recommended, resolved = draw(_chain(4))
        kw["inspection"] = InspectionFigures(
            supervised=supervised,
            violations=violations,
            recommended=recommended,
            resolved=resolved,
            resolved_percent=_pct(resolved, recommended, places) if recommended else None,
        )
    if draw(st.booleans()):
        parts = draw(_split(draw(st.integers(0, 5000)), 3))
        kw["investment"] = InvestmentSupervision(
            projects=sum(parts), compliant=parts[0], violations=parts[1], undetermined=parts[2]
        )
    if draw(st.booleans()):
        cases, successful = draw(_chain(2))
        kw["mediation"] = Mediation(
            cases=cases, successful=successful, success_percent=_pct(successful, cases, places)
        )
    if draw(st.booleans()):
        collective, individual = draw(_split(draw(st.integers(0, 3000)), 2))
        registered = collective + individual
        mark = draw(st.sampled_from([None, Breakdown.COMPLETE, Breakdown.PARTIAL]))
        kw["dan_van_kheo"] = DanVanKheo(
            registered=registered,
            effective=draw(st.integers(0, registered)),
            collective=collective,
            individual=individual,
            levels=mark,
            **draw(_by_level("registered", registered, _PDC, mark)),
        )
    if draw(st.booleans()):
        units, covered = draw(_chain(2, 1000))
        kw["online_services"] = OnlineServices(
            coverage=Figure.ratio(covered, units), percent=_pct(covered, units, places)
        )
    kw.update(draw(_issue13_sections(places)))
    if draw(st.booleans()):
        kw["documents"] = [
            CitedDocument(number="04-CTr/TU", title="Chương trình"),
            CitedDocument(number=f"{draw(st.integers(1, 999))}/{year}/QĐ-UBND"),
        ]
    if draw(st.booleans()):
        kw["tasks"] = [ReportTask(text="Nhiệm vụ", due=date + dt.timedelta(days=30))]
    return AnnualReport(
        place="01",
        period=period,
        date=date,
        source=Citation("Báo cáo tổng kết", confidence=draw(st.sampled_from(list(Confidence)))),
        **kw,
    )


# --- the figure table ------------------------------------------------------------------

_TABLE_UNITS = [
    None,
    "vụ việc",
    "hộ",
    "người",
    "mô hình",
    "ngày công",
    "đồng",
    "triệu đồng",
    "tỷ đồng",
    "m²",
    "ha",
    "%",
]


def _vn(value: Decimal) -> str:
    """A decimal as Vietnamese prints it: ``4956.5`` → ``"4.956,5"``."""
    text = format(value, "f")
    whole, _, dec = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + ("," + dec if dec else "")


@st.composite
def table_figure_list(draw: st.DrawFn, n: int = 6) -> list[TableFigure]:
    """Up to ``n`` figures of any unit, hedge, scope and plan (no relations)."""
    out = []
    for i in range(draw(st.integers(0, n))):
        unit = draw(st.sampled_from(_TABLE_UNITS))
        whole = unit in (None, "vụ việc", "hộ", "người", "mô hình", "ngày công")
        value = draw(report_decimals(10**6, 0 if whole else 2))
        out.append(
            TableFigure(
                id=f"f{i + 1}",
                label=draw(
                    st.sampled_from(["vụ việc", "hộ dân", "kinh phí", "diện tích", "tỷ lệ"])
                ),
                value=_vn(value),
                unit=unit,
                hedge=draw(st.none() | st.sampled_from(sorted(HEDGES))),
                planned=draw(st.booleans()),
                scope=draw(st.none() | st.sampled_from(list(Scope))),
                printed=draw(st.none() | st.just("như in")),
                note=draw(st.none() | st.just("ghi chú")),
            )
        )
    return out


@st.composite
def figure_tables(draw: st.DrawFn) -> FigureTable:
    """Any figure table: random figures; relations only where they are well formed."""
    figs = draw(table_figure_list())
    return FigureTable(figures=figs)


@st.composite
def consistent_tables(draw: st.DrawFn) -> FigureTable:
    """Figure tables whose every relation holds exactly (so the checker finds nothing)."""
    figs: list[TableFigure] = []
    rels: list[Relation] = []

    def add(value: str, unit: str | None = None, **kw: Any) -> str:
        fid = f"f{len(figs) + 1}"
        figs.append(TableFigure(id=fid, label=fid, value=value, unit=unit, **kw))
        return fid

    if draw(st.booleans()):  # a complete breakdown of counts
        parts = draw(_split(draw(st.integers(0, 100_000)), draw(st.integers(1, 4))))
        whole = add(_vn(Decimal(sum(parts))), "vụ việc")
        rels.append(Relation(kind="sum", whole=whole, parts=[add(_vn(Decimal(p))) for p in parts]))
    if draw(st.booleans()):  # money: a whole in tỷ, parts in triệu (exact in the last digit)
        parts = draw(_split(draw(st.integers(0, 10**5)), draw(st.integers(1, 3))))
        whole = add(_vn(Decimal(sum(parts)).scaleb(-3)), "tỷ đồng")
        ids = [add(_vn(Decimal(p)), "triệu đồng") for p in parts]
        rels.append(Relation(kind="sum", whole=whole, parts=ids))
    if draw(st.booleans()):  # "trong đó": some of the whole
        whole_n, part = draw(_chain(2))
        rels.append(
            Relation(
                kind="part_of", whole=add(_vn(Decimal(whole_n))), parts=[add(_vn(Decimal(part)))]
            )
        )
    if draw(st.booleans()):  # before / after / change, either direction, and its rate
        before, after = draw(st.integers(1, 10**5)), draw(st.integers(0, 10**5))
        places = draw(st.integers(0, 2))
        rels.append(
            Relation(
                kind="change",
                before=add(_vn(Decimal(before))),
                after=add(_vn(Decimal(after))),
                change=add(_vn(Decimal(abs(after - before)))),
                direction="increase" if after >= before else "decrease",
                percent=add(_vn(_pct(abs(after - before), before, places).number), "%"),
            )
        )
    if draw(st.booleans()):  # numerator / denominator and a printed percentage
        den, num = draw(_chain(2))
        places = draw(st.integers(0, 2))
        rels.append(
            Relation(
                kind="percent",
                numerator=add(_vn(Decimal(num))),
                denominator=add(_vn(Decimal(den))),
                percent=add(_vn(_pct(num, den, places).number), "%"),
            )
        )
    if draw(st.booleans()):  # plan / achieved
        plan, got = draw(st.integers(1, 10**4)), draw(st.integers(0, 10**4))
        rels.append(
            Relation(
                kind="plan",
                planned=add(_vn(Decimal(plan)), planned=True),
                achieved=add(_vn(Decimal(got))),
                percent=add(_vn(_pct(got, plan, 1).number), "%"),
            )
        )
    if draw(st.booleans()):  # per level
        parts = draw(_split(draw(st.integers(0, 5000)), 3))
        scopes = [Scope.PROVINCE, Scope.DISTRICT, Scope.COMMUNE]
        whole = add(_vn(Decimal(sum(parts))), "hội nghị")
        ids = [
            add(_vn(Decimal(p)), "hội nghị", scope=s) for p, s in zip(parts, scopes, strict=True)
        ]
        rels.append(Relation(kind="levels", whole=whole, parts=ids))
    return FigureTable(figures=figs, relations=rels)


@st.composite
def reports_with_tables(draw: st.DrawFn, tables: Any = None) -> AnnualReport:
    """A consistent report with a figure table, several sources, and a place or period the
    older format could not hold (the whole country, a name, a period without its year)."""
    base = draw(consistent_reports())
    table = draw(tables if tables is not None else consistent_tables())
    sources = [ReportSource(id="s1", document="Báo Đại Đoàn Kết", issuer="MTTQ")]
    with_sources = draw(st.booleans())
    if with_sources and table.figures and draw(st.booleans()):
        first = table.figures[0]
        table = FigureTable(
            figures=[attrs.evolve(first, source="s1"), *table.figures[1:]],
            relations=table.relations,
        )
    place = draw(st.sampled_from(["01", "toàn quốc", "huyện Thanh Miện"]))
    assert isinstance(base.period, Period)  # consistent_reports() are dated
    choices: list[Period | str] = [base.period, "6 tháng đầu năm", "10 năm", "quý II"]
    period = draw(st.sampled_from(choices))
    date = base.date or base.period.end
    return attrs.evolve(
        base,
        place=place,
        period=period,
        date=date,
        table=table,
        sources=sources if with_sources else (),
        period_printed=None,
    )


UNDATED_PERIODS = (None, "6 tháng đầu năm", "8 tháng", "5 năm", "hơn 10 năm", "quý II", "9 tháng")
"""Periods of undated reports: none printed, or printed without their year."""


@st.composite
def undated_reports(draw: st.DrawFn, tables: Any = None) -> AnnualReport:
    """An undated report: no date, and a period printed without its year or not at all
    (:class:`~qcdc.reports.UndatedPeriod`); its figures consistent, as
    :func:`reports_with_tables` makes them, its tasks and documents dated or not."""
    base = draw(reports_with_tables(tables))
    printed = draw(st.sampled_from(UNDATED_PERIODS))
    place = draw(st.sampled_from(["01", "toàn quốc", "huyện Thanh Miện", "thành phố"]))
    return attrs.evolve(
        base, place=place, period=UndatedPeriod(printed), date=None, period_printed=None
    )
