"""The figure table (issue 13): its figures, its relations and each relation's rule, both ways."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from qcdc.errors import InputError
from qcdc.findings import Severity
from qcdc.reports import (
    AnnualReport,
    FigureTable,
    Relation,
    TableFigure,
    check,
    dumps_report,
    loads_report,
    run_checks,
)
from qcdc.reports._exact import Span, printed_span


def fig(id: str, value: Any, unit: str | None = None, **kw: Any) -> TableFigure:
    return TableFigure(id=id, label=kw.pop("label", id), value=value, unit=unit, **kw)


def report(figures: list[TableFigure], *relations: Relation) -> AnnualReport:
    return AnnualReport(
        place="01",
        period="năm 2023",
        date=dt.date(2023, 12, 20),
        source="Báo cáo",
        table=FigureTable(figures=figures, relations=relations),
    )


def found(figures: list[TableFigure], *relations: Relation) -> list[tuple[str, str]]:
    return [
        (f.rule, f.severity.value)
        for f in check(report(figures, *relations), against_gazetteer=False)
    ]


def rel(kind: str, **kw: Any) -> Relation:
    return Relation(kind=kind, **kw)


# --- what a printed figure stands for ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "hedge", "span"),
    [
        ("639", "vụ việc", None, "[639; 639]"),
        ("32", "%", None, "[31.5; 32.5)"),
        ("4,37", "tỷ đồng", None, "[4365000000; 4375000000)"),
        ("97 nghìn", "m²", None, "[96500; 97500)"),
        ("15,1", "ha", None, "[150500; 151500)"),
        ("3.330", "m2", None, "[3329.5; 3330.5)"),
        ("120", "tỷ đồng", "trên", "(120000000000; ∞)"),
        ("300", "hộ", "gần", "[270; 300)"),
        ("100", "%", "gần như", "[90; 100]"),
        ("300", "hộ", "khoảng", "[270; 330]"),
        ("hai", "phường", None, "[2; 2]"),
        ("06", "bản", None, "[6; 6]"),
        ("6,3 triệu", "ngày công", None, "[6250000; 6350000)"),
    ],
)
def test_a_printed_figure_stands_for_the_interval_of_its_precision_and_hedge(
    value: str, unit: str, hedge: str | None, span: str
) -> None:
    f = fig("f", value, unit, hedge=hedge)
    got = f.span()
    assert (
        str(
            Span(
                *(None if x is None else x.normalize() for x in (got.lo, got.hi)),
                got.lo_open,
                got.hi_open,
            )
        )
        == span
    )


def test_a_hedge_in_the_value_moves_to_the_hedge() -> None:
    f = fig("f", "trên 87", "%")
    assert (f.hedge, f.value, f.shown) == ("trên", "87", "trên 87%")
    with pytest.raises(InputError, match="hedge"):
        fig("f", "trên 87", "%", hedge="gần")


def test_a_figure_must_be_printed_as_vietnamese_prints_it() -> None:
    with pytest.raises(InputError, match="as printed"):
        fig("f", "4.37", "tỷ đồng")  # a dot groups thousands: 4.37 is no number
    with pytest.raises(InputError, match="float"):
        fig("f", 4.37, "tỷ đồng")
    with pytest.raises(InputError, match="kind"):
        fig("f", "32", "%", kind="money")


def test_printed_span_is_half_open_at_the_top() -> None:
    iv = printed_span(Decimal(32), Decimal(1), None)
    assert iv.meets(Span.point(Decimal("31.5")))
    assert not iv.meets(Span.point(Decimal("32.5")))


# --- relations are checked when declared ------------------------------------------------


def test_a_relation_must_name_figures_of_the_table_of_one_kind() -> None:
    with pytest.raises(InputError, match="names no figure"):
        FigureTable(figures=[fig("a", 1)], relations=[rel("sum", whole="a", parts=["b"])])
    with pytest.raises(InputError, match="different kinds"):
        FigureTable(
            figures=[fig("a", 10, "tỷ đồng"), fig("b", 10, "m²")],
            relations=[rel("sum", whole="a", parts=["b"])],
        )
    with pytest.raises(InputError, match="has no before"):
        rel("sum", whole="a", parts=["b"], before="c")
    with pytest.raises(InputError, match="direction"):
        rel("change", before="a", after="b", change="c")


# sum of parts: complete breakdowns, money and land
SUMS = [
    ([fig("w", 579), fig("a", 383), fig("b", 175), fig("c", 21)], []),
    ([fig("w", 580), fig("a", 383), fig("b", 175), fig("c", 21)], ["table.sum-of-parts"]),
    (
        [
            fig("w", "43,4", "tỷ đồng"),
            fig("a", "43.000", "triệu đồng"),
            fig("b", 400, "triệu đồng"),
        ],
        [],
    ),
    (
        [fig("w", "43,4", "tỷ đồng"), fig("a", "40", "tỷ đồng"), fig("b", 400, "triệu đồng")],
        ["table.sum-of-parts"],
    ),
    ([fig("w", "15,1", "ha"), fig("a", "151.000", "m²")], []),
    ([fig("w", "15,1", "ha"), fig("a", "136.000", "m²")], ["table.sum-of-parts"]),
    # rounding: 33,3 + 33,3 + 33,3 = 99,9 against 100 is within ±0,2 — a warning
    (
        [fig("w", "100", "%"), fig("a", "33,3", "%"), fig("b", "33,3", "%"), fig("c", "33,3", "%")],
        ["table.sum-rounding"],
    ),
    (
        [fig("w", "100", "%"), fig("a", "33,3", "%"), fig("b", "33,3", "%"), fig("c", "32,3", "%")],
        ["table.sum-of-parts"],
    ),
    # an open-ended hedge: 'trên 120 tỷ' cannot be part of a whole of 95 tỷ
    ([fig("w", 95, "tỷ đồng"), fig("a", "trên 120", "tỷ đồng")], ["table.sum-of-parts"]),
    ([fig("w", 150, "tỷ đồng"), fig("a", "trên 120", "tỷ đồng")], []),
]


@pytest.mark.parametrize(("figures", "rules"), SUMS)
def test_sum_of_parts(figures: list[TableFigure], rules: list[str]) -> None:
    parts = [f.id for f in figures[1:]]
    assert [r for r, _ in found(figures, rel("sum", whole="w", parts=parts))] == rules


def test_the_rounding_warning_names_the_tolerance_and_a_hedged_failure_its_bound() -> None:
    figs = [
        fig("w", "100", "%"),
        fig("a", "33,3", "%"),
        fig("b", "33,3", "%"),
        fig("c", "33,3", "%"),
    ]
    [f] = check(report(figs, rel("sum", whole="w", parts=["a", "b", "c"])), against_gazetteer=False)
    assert f.severity is Severity.WARNING and "±0,65" in f.message  # 3 × 0,05 + 0,5
    figs = [fig("w", 95, "tỷ đồng"), fig("a", "trên 120", "tỷ đồng")]
    [f] = check(report(figs, rel("sum", whole="w", parts=["a"])), against_gazetteer=False)
    assert f.severity is Severity.ERROR
    assert "'trên 120 tỷ đồng' means (120.000.000.000; ∞): its lower bound" in f.message


def test_an_about_figure_only_warns() -> None:
    figs = [fig("w", 100), fig("a", "khoảng 150")]
    assert found(figs, rel("sum", whole="w", parts=["a"])) == [("table.sum-of-parts", "warning")]


@pytest.mark.parametrize(
    ("parts", "rules"),
    [([fig("a", 307)], []), ([fig("a", 300), fig("b", 61)], ["table.partial-parts"])],
)
def test_partial_parts_trong_do(parts: list[TableFigure], rules: list[str]) -> None:
    figs = [fig("w", 360), *parts]
    ids = [p.id for p in parts]
    assert [r for r, _ in found(figs, rel("part_of", whole="w", parts=ids))] == rules
    # read as complete, the same true figures would be flagged
    if not rules:
        assert [r for r, _ in found(figs, rel("sum", whole="w", parts=ids))] == [
            "table.sum-of-parts"
        ]


@pytest.mark.parametrize(("whole", "rules"), [(1052, []), (1000, ["table.sum-by-level"])])
def test_figures_per_level_sum_to_the_whole(whole: int, rules: list[str]) -> None:
    figs = [
        fig("w", whole, "hội nghị"),
        fig("p", 12, "hội nghị", scope="province"),
        fig("d", 140, "hội nghị", scope="district"),
        fig("c", 900, "hội nghị", scope="commune"),
    ]
    assert [r for r, _ in found(figs, rel("levels", whole="w", parts=["p", "d", "c"]))] == rules
    with pytest.raises(InputError, match="scope"):
        FigureTable(
            figures=[fig("w", 2), fig("a", 1), fig("b", 1)],
            relations=[rel("levels", whole="w", parts=["a", "b"])],
        )


@pytest.mark.parametrize(
    ("direction", "change", "rules"),
    [
        ("decrease", 2575, []),
        ("decrease", 2675, ["table.before-after"]),
        ("increase", 2575, ["table.before-after"]),
    ],
)
def test_before_after_change(direction: str, change: int, rules: list[str]) -> None:
    figs = [fig("b", 7968), fig("a", 5393), fig("c", change)]
    r = rel("change", before="b", after="a", change="c", direction=direction)
    assert [x for x, _ in found(figs, r)] == rules


def test_an_increase_is_a_change_above_zero() -> None:
    figs = [fig("b", 1200, "mô hình"), fig("a", 1500, "mô hình"), fig("c", 300, "mô hình")]
    up = rel("change", before="b", after="a", change="c", direction="increase")
    assert found(figs, up) == []
    assert found(figs, rel("change", before="b", after="a", direction="increase")) == []
    assert [
        r for r, _ in found(figs, rel("change", before="b", after="a", direction="decrease"))
    ] == ["table.before-after"]


@pytest.mark.parametrize(("pct", "rules"), [("32", []), ("35", ["table.percent-change"])])
def test_percent_change(pct: str, rules: list[str]) -> None:
    figs = [fig("b", 7968), fig("a", 5393), fig("p", pct, "%")]
    r = rel("change", before="b", after="a", percent="p")
    assert [x for x, _ in found(figs, r)] == rules


@pytest.mark.parametrize(
    ("num", "den", "pct", "rules"),
    [
        (557, 639, "trên 87", []),
        (557, 639, "trên 88", ["table.percent"]),
        (9201, 12896, "71,35", []),
        (9201, 12896, "73,5", ["table.percent"]),
        (3399, 26030, "13,06", []),
        (3399, 26030, "13,05", ["table.percent-truncated"]),
        (1459, 1635, "89,2", []),
        (1459, 1635, "87,8", ["table.percent"]),
        (2521, 6776, "37,76", ["table.percent"]),
    ],
)
def test_percent_matches_its_ratio_exactly(num: int, den: int, pct: str, rules: list[str]) -> None:
    figs = [fig("n", num), fig("d", den), fig("p", pct, "%")]
    r = rel("percent", percent="p", numerator="n", denominator="d")
    assert [x for x, _ in found(figs, r)] == rules


@pytest.mark.parametrize(
    ("den", "pct", "rules"),
    [
        (605, "96,2", []),
        (605, "96,3", ["table.percent-truncated"]),  # 583 gives 96,36 %: truncated, not rounded
        (7, "50", ["table.percent"]),  # 3 gives 42,9 %, 4 gives 57,1 %
        (7, "57", []),
    ],
)
def test_a_percent_without_its_numerator_needs_a_whole_number(
    den: int, pct: str, rules: list[str]
) -> None:
    """605 matters 'đạt 96,3%': 582 gives 96,20 %, 583 gives 96,36 %, nothing rounds to 96,3."""
    figs = [fig("d", den, "vụ việc"), fig("p", pct, "%")]
    assert [x for x, _ in found(figs, rel("percent", percent="p", denominator="d"))] == rules


def test_a_ratio_figure_gives_its_sides() -> None:
    figs = [fig("r", "118/138", "hồ sơ"), fig("p", "85,5", "%")]
    ok = rel("percent", percent="p", numerator="r:num", denominator="r:den")
    assert found(figs, ok) == []
    with pytest.raises(InputError, match="name its side"):
        FigureTable(figures=figs, relations=[rel("percent", percent="p", denominator="r")])


@pytest.mark.parametrize(("pct", "rules"), [("90", []), ("120", ["table.plan-achieved"])])
def test_plan_against_achieved(pct: str, rules: list[str]) -> None:
    figs = [
        fig("plan", 100, "mô hình", planned=True),
        fig("got", 90, "mô hình"),
        fig("p", pct, "%"),
    ]
    r = rel("plan", planned="plan", achieved="got", percent="p")
    assert [x for x, _ in found(figs, r)] == rules
    with pytest.raises(InputError, match="planned = true"):
        FigureTable(
            figures=[fig("plan", 100), fig("got", 90)],
            relations=[rel("plan", planned="plan", achieved="got")],
        )


def test_each_relation_is_a_check_run_at_its_path() -> None:
    figs = [fig("w", 3), fig("a", 1), fig("b", 2)]
    results = run_checks(
        report(figs, rel("sum", whole="w", parts=["a", "b"])), against_gazetteer=False
    )
    [r] = [r for r in results if r.rule.startswith("table.")]
    assert (r.rule, r.path, r.passed) == ("table.sum-of-parts", "table.relations[0]", True)


def test_the_table_reads_back_from_toml_and_json() -> None:
    figs = [
        fig("w", "43,4", "tỷ đồng", printed="43,4 tỷ đồng", note="tổng"),
        fig("a", "trên 40", "tỷ đồng", scope="commune"),
        fig("p", 100, "mô hình", planned=True),
        fig("r", "118/138", "hồ sơ"),
    ]
    rep = report(figs, rel("part_of", whole="w", parts=["a"], note="trong đó"))
    for fmt in ("toml", "json"):
        assert loads_report(dumps_report(rep, format=fmt), format=fmt) == rep


def test_unknown_keys_of_the_table_are_errors_with_a_hint() -> None:
    text = (
        'place = "01"\nperiod = "năm 2023"\n[source]\ndocument = "x"\n'
        '[[table.figures]]\nid = "a"\nlabel = "a"\nvalue = 1\nunti = "hộ"\n'
    )
    with pytest.raises(InputError, match="did you mean 'unit'") as info:
        loads_report(text)
    assert info.value.field == "table.figures[0].unti" and info.value.line == 9


# --- the typed sections' percentages, exactly ------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "percent", "rules"),
    [
        (8000, 5440, "32%", []),  # 2.560 / 8.000 = 32 %
        (8000, 5404, "32%", []),  # 2.596 / 8.000 = 32,45 %: rounds to 32
        (8000, 5400, "32%", ["percent.truncated"]),  # 32,5 % rounds to 33, truncates to 32
        (8000, 5320, "32%", ["percent.matches-ratio"]),  # 2.680 / 8.000 = 33,5 %
        (26030, 22631, "13,05%", ["percent.truncated"]),  # 3.399 / 26.030 = 13,058 %
        (26030, 22631, "13,06%", []),
        (26030, 22631, "13,1%", []),
        (26030, 22631, "13,2%", ["percent.matches-ratio"]),
    ],
)
def test_a_section_percentage_is_compared_half_open_and_a_truncated_one_warns(
    before: int, after: int, percent: str, rules: list[str]
) -> None:
    from qcdc.reports import HamletReorganisation

    rep = AnnualReport(
        place="01",
        period="năm 2023",
        source="x",
        hamlets=HamletReorganisation(before=before, after=after, percent=percent),
    )
    got = check(rep, against_gazetteer=False)
    assert [f.rule for f in got] == rules
    assert all(f.severity is Severity.WARNING for f in got if f.rule == "percent.truncated")


def test_the_table_is_in_the_notebook_view_and_the_data_frame() -> None:
    pytest.importorskip("pandas")
    figs = [
        fig("w", "43,4", "tỷ đồng"),
        fig("a", "trên 40", "tỷ đồng"),
        fig("r", "118/138", "hồ sơ"),
    ]
    rep = report(figs)
    frame = rep.to_pandas()
    rows = frame[frame["path"].str.startswith("table.")]
    assert list(rows["path"]) == ["table.w", "table.a", "table.r"]
    assert list(rows["direction"]) == ["exact", "above", "exact"]
    assert rows["value"].iloc[0] == 43.4e9 and rows["denominator"].iloc[2] == 138
    assert "table.a" in rep._repr_html_() and "trên 40 tỷ đồng" in rep._repr_html_()
