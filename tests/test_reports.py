"""Annual reports, the consistency checker, report files and text extraction (qcdc.reports)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

import qcdc
import qcdc.reports.model as reports
from qcdc.citations import Citation, Confidence
from qcdc.dates import Period
from qcdc.errors import InputError, InvalidNumber, MissingDependency, ValidationFailed
from qcdc.findings import Severity
from qcdc.inspection import CaseTally
from qcdc.numbers import Hedge, Unit, parse_figure
from qcdc.reports import (
    RULES,
    AnnualReport,
    CitedDocument,
    DanVanKheo,
    DialogueConferences,
    FindingList,
    HamletReorganisation,
    InspectionFigures,
    InvestmentSupervision,
    Mediation,
    OnlineServices,
    ReportTask,
    UnitCounts,
    check,
    dump_report,
    dumps_report,
    embedded_reports,
    extract_figures,
    json_schema,
    load_embedded,
    load_report,
    loads_report,
    report_from_mapping,
    run_checks,
    validate,
)
from qcdc.reports.render import RenderSection, render
from qcdc.units import AdministrativeUnit, UnitKind, UnitLevel
from qcdc.units.gazetteer import Gazetteer

DATA = Path(__file__).parent / "data" / "reports"


@pytest.fixture(scope="module")
def hanoi() -> AnnualReport:
    return load_embedded("hanoi-2021")


def bare(**kwargs: Any) -> AnnualReport:
    """A report with only what is given (checked without the official list)."""
    base: dict[str, Any] = {
        "place": "01",
        "period": "năm 2021",
        "date": dt.date(2021, 12, 17),
        "source": Citation("test", confidence=Confidence.LIKELY),
    }
    base.update(kwargs)
    return AnnualReport(**base)


def rules(report: AnnualReport, **kwargs: Any) -> list[tuple[str, str, str]]:
    kwargs.setdefault("against_gazetteer", False)
    return [(f.rule, f.severity.value, f.path) for f in check(report, **kwargs)]


def test_all_lists_the_public_names() -> None:
    for name in reports.__all__:
        assert hasattr(reports, name), name
    classes = {
        n
        for n, v in vars(reports).items()
        if isinstance(v, type) and not n.startswith("_") and v.__module__ == "qcdc.reports"
    }
    assert classes <= set(reports.__all__)


# =====================================================================================
# the embedded Hà Nội 2021 review
# =====================================================================================


def test_hanoi_2021_carries_the_figures_of_the_facts(hanoi: AnnualReport) -> None:
    assert embedded_reports() == ("hanoi-2021",)
    assert hanoi.place == "01"
    assert hanoi.period == Period.for_year(2021)
    assert hanoi.on == dt.date(2021, 12, 17)
    communes = hanoi.unit_counts("commune")
    assert communes is not None and communes.total is not None
    assert communes.total.value == 579
    assert [(k.vietnamese, int(f.value)) for k, f in communes.by_kind] == [
        ("xã", 383),
        ("phường", 175),
        ("thị trấn", 21),
    ]
    assert communes.count("phường") == parse_figure("175 phường")
    assert communes.count(UnitKind.SPECIAL_ZONE) is None
    h = hanoi.hamlets
    assert h is not None
    assert [int(f.value) for f in (h.before, h.after, h.reduction) if f] == [7968, 5393, 2575]
    assert str(h.percent) == "32%"
    i = hanoi.inspection
    assert i is not None
    assert i.tally() == CaseTally(supervised=4956, violations=648, recommended=586)
    assert hanoi.online_services is not None and str(hanoi.online_services.coverage) == "579/579"
    assert [d.number for d in hanoi.documents][:2] == ["04-CTr/TU", "2200-QĐ/TU"]
    assert len(hanoi.tasks) == 5


def test_hanoi_2021_marks_confidence_as_the_facts_do(hanoi: AnnualReport) -> None:
    assert hanoi.source.confidence is Confidence.LIKELY
    assert hanoi.hamlets is not None
    assert hanoi.confidence_of(hanoi.hamlets) is Confidence.UNSURE
    assert hanoi.inspection is not None
    assert hanoi.confidence_of(hanoi.inspection) is Confidence.LIKELY
    units = hanoi.unit_counts(UnitLevel.COMMUNE)
    assert units is not None and hanoi.confidence_of(units) is Confidence.SURE


def test_hanoi_2021_checks_with_no_finding(hanoi: AnnualReport) -> None:
    results = run_checks(hanoi)
    assert check(hanoi) == []
    assert all(r.passed for r in results)
    ran = {r.rule for r in results}
    assert {
        "total.sum-of-parts",
        "hamlets.before-minus-after",
        "percent.matches-ratio",
        "coverage.denominator-matches-units",
        "units.count-by-kind",
        "units.total-matches-gazetteer",
        "tally.violations-le-supervised",
        "document.unparsable",
        "place.unknown",
    } <= ran
    validate(hanoi)  # raises nothing


# --- the ten broken variants --------------------------------------------------------------

VARIANTS = {
    "part-above-whole": ("order.part-le-whole", "online_services.coverage"),
    "wrong-percent": ("percent.matches-ratio", "hamlets.percent"),
    "wrong-reduction": ("hamlets.before-minus-after", "hamlets.reduction"),
    "coverage-578": ("coverage.denominator-matches-units", "online_services.coverage"),
    "unparsable-document": ("document.unparsable", "documents[0].number"),
    "document-after-report": ("document.year-after-report", "documents[1].number"),
    "by-kind-not-summing": ("total.sum-of-parts", "units.commune.by_kind"),
    "violations-above-supervised": ("tally.violations-le-supervised", "inspection.violations"),
    "resolved-above-recommended": ("tally.resolved-le-recommended", "inspection.resolved"),
    "hedged-wrong": ("percent.matches-ratio", "hamlets.percent"),
}


def test_there_are_ten_broken_variants() -> None:
    files = sorted(p.name for p in DATA.glob("hanoi-2021-*.toml"))
    assert files == sorted(f"hanoi-2021-{name}.toml" for name in VARIANTS)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_broken_variant_yields_exactly_the_intended_finding(name: str) -> None:
    report = load_report(DATA / f"hanoi-2021-{name}.toml")
    findings = check(report)
    rule, path = VARIANTS[name]
    assert [(f.rule, f.severity, f.path) for f in findings] == [(rule, Severity.ERROR, path)]
    with pytest.raises(ValidationFailed) as info:
        validate(report)
    assert [f.rule for f in info.value.findings] == [rule]


def test_the_messages_of_the_variants_say_what_and_why() -> None:
    def message(name: str) -> str:
        return check(load_report(DATA / f"hanoi-2021-{name}.toml"))[0].message

    assert "the official list of 2021-12-17 has xã 383 (stated 384)" in message(
        "by-kind-not-summing"
    )
    assert "which is 579, got 578" in message("coverage-578")
    assert "32,3%" in message("wrong-percent") and "34,5% to 35,5%" in message("wrong-percent")
    assert "compared in its direction only" in message("hedged-wrong")
    assert "2023" in message("document-after-report")
    assert "7.968 − 5.393 = 2.575" in message("wrong-reduction")


def test_coverage_of_578_out_of_579_is_a_legitimate_partial_coverage(hanoi: AnnualReport) -> None:
    """Only the denominator is checked against the official list.

    578/579 says one commune lacks the services, which is no inconsistency.
    """
    assert hanoi.online_services is not None
    partial = attrs.evolve(
        hanoi, online_services=attrs.evolve(hanoi.online_services, coverage="578/579")
    )
    assert check(partial) == []


# =====================================================================================
# every rule, both ways
# =====================================================================================


def test_every_rule_is_documented() -> None:
    page = (Path(__file__).parents[1] / "docs" / "reference" / "report-format.md").read_text(
        encoding="utf-8"
    )
    for rule in RULES:
        assert f"`{rule.id}`" in page, rule.id
    assert len({r.id for r in RULES}) == len(RULES)


def test_total_sum_of_parts_both_ways() -> None:
    ok = bare(
        investment=InvestmentSupervision(projects=342, compliant=327, violations=1, undetermined=14)
    )
    assert rules(ok) == []
    bad = bare(
        investment=InvestmentSupervision(projects=342, compliant=327, violations=1, undetermined=15)
    )
    assert rules(bad) == [("total.sum-of-parts", "error", "investment.projects")]


def test_a_hedged_total_is_compared_in_its_direction() -> None:
    """Chư Păh: "hơn 270" models, 194 collective + 80 individual = 274."""
    ok = bare(dan_van_kheo=DanVanKheo(registered="hơn 270", collective=194, individual=80))
    assert rules(ok) == []
    bad = bare(dan_van_kheo=DanVanKheo(registered="gần 270", collective=194, individual=80))
    found = check(bad, against_gazetteer=False)
    assert [(f.rule, f.severity) for f in found] == [("total.sum-of-parts", Severity.ERROR)]
    assert "at most 270" in found[0].message


def test_about_figures_only_warn() -> None:
    near = bare(dan_van_kheo=DanVanKheo(registered="khoảng 280", collective=194, individual=80))
    assert rules(near) == []
    far = bare(dan_van_kheo=DanVanKheo(registered="khoảng 200", collective=194, individual=80))
    assert rules(far) == [("total.sum-of-parts", "warning", "dan_van_kheo.registered")]


def test_sum_of_parts_in_hamlets_and_units() -> None:
    ok = bare(hamlets=HamletReorganisation(before=100, before_hamlets=60, before_groups=40))
    assert rules(ok) == []
    bad = bare(hamlets=HamletReorganisation(after=100, after_hamlets=60, after_groups=41))
    assert rules(bad) == [("total.sum-of-parts", "error", "hamlets.after")]
    units = bare(units=[UnitCounts(level="commune", total=10, by_kind={"xã": 6, "phường": 3})])
    assert rules(units) == [("total.sum-of-parts", "error", "units.commune.by_kind")]


def test_some_parts_given_are_compared_as_an_ordering() -> None:
    ok = bare(investment=InvestmentSupervision(projects=342, compliant=327, violations=1))
    assert rules(ok) == []
    bad = bare(investment=InvestmentSupervision(projects=342, compliant=327, violations=16))
    assert rules(bad) == [("order.part-le-whole", "error", "investment.compliant+violations")]
    one = bare(hamlets=HamletReorganisation(before=10, before_hamlets=11))
    assert rules(one) == [("order.part-le-whole", "error", "hamlets.before_hamlets")]


def test_hamlets_before_minus_after_both_ways() -> None:
    ok = bare(hamlets=HamletReorganisation(before="7.968", after="5.393", reduction="2.575"))
    assert rules(ok) == []
    bad = bare(hamlets=HamletReorganisation(before="7.968", after="5.393", reduction="2.576"))
    assert rules(bad) == [("hamlets.before-minus-after", "error", "hamlets.reduction")]
    hedged = bare(
        hamlets=HamletReorganisation(before="7.968", after="5.393", reduction="gần 2.600")
    )
    assert rules(hedged) == []


def test_percent_matches_ratio_both_ways() -> None:
    """32% for 2.575/7.968 passes; 87,8% for 1.459/1.635 (89,2%) fails."""
    ok = bare(hamlets=HamletReorganisation(before=7968, reduction=2575, percent="32%"))
    assert rules(ok) == []
    bad = bare(
        inspection=InspectionFigures(
            recommended="1.635", resolved="1.459", resolved_percent="87,8%"
        )
    )
    found = check(bad, against_gazetteer=False)
    assert [(f.rule, f.path) for f in found] == [
        ("percent.matches-ratio", "inspection.resolved_percent")
    ]
    assert "89,24%" in found[0].message
    assert found[0].figures["stated"] == "87,8%"
    good = bare(
        inspection=InspectionFigures(
            recommended="1.074", resolved="1.050", resolved_percent="97,8%"
        )
    )
    assert rules(good) == []


@pytest.mark.parametrize(
    ("section", "ok", "bad", "path"),
    [
        (
            "mediation",
            {"cases": 100, "successful": 90, "success_percent": "90%"},
            {"cases": 100, "successful": 90, "success_percent": "80%"},
            "mediation.success_percent",
        ),
        (
            "dialogues",
            {"opinions": 73, "resolved": 70, "resolved_percent": "95,9%"},
            {"opinions": 73, "resolved": 70, "resolved_percent": "96,9%"},
            "dialogues.resolved_percent",
        ),
        (
            "online_services",
            {"coverage": "579/579", "percent": "100%"},
            {"coverage": "500/579", "percent": "100%"},
            "online_services.percent",
        ),
    ],
)
def test_percentages_of_every_section(
    section: str, ok: dict[str, Any], bad: dict[str, Any], path: str
) -> None:
    cls = {
        "mediation": Mediation,
        "dialogues": DialogueConferences,
        "online_services": OnlineServices,
    }[section]
    assert rules(bare(**{section: cls(**ok)})) == []
    assert rules(bare(**{section: cls(**bad)})) == [("percent.matches-ratio", "error", path)]


def test_a_percentage_of_zero_is_an_error() -> None:
    report = bare(mediation=Mediation(cases=0, successful=0, success_percent="0%"))
    assert rules(report) == [("percent.matches-ratio", "error", "mediation.success_percent")]


def test_a_percentage_over_a_denominator_that_may_be_zero_is_not_checked() -> None:
    report = bare(mediation=Mediation(cases="dưới 10", successful=0, success_percent="50%"))
    assert rules(report) == []


@pytest.mark.parametrize(
    ("report", "path"),
    [
        (bare(hamlets=HamletReorganisation(before=10, after=11)), "hamlets.after"),
        (bare(hamlets=HamletReorganisation(before=10, reduction=11)), "hamlets.reduction"),
        (bare(mediation=Mediation(cases=10, successful=11)), "mediation.successful"),
        (bare(dialogues=DialogueConferences(opinions=10, resolved=11)), "dialogues.resolved"),
        (bare(dan_van_kheo=DanVanKheo(registered=10, effective=11)), "dan_van_kheo.effective"),
        (bare(online_services=OnlineServices(coverage="580/579")), "online_services.coverage"),
        (bare(online_services=OnlineServices(coverage=[11, 10])), "online_services.coverage"),
    ],
)
def test_order_part_le_whole_fails(report: AnnualReport, path: str) -> None:
    assert rules(report) == [("order.part-le-whole", "error", path)]


def test_order_part_le_whole_passes() -> None:
    report = bare(
        hamlets=HamletReorganisation(before=10, after=10, reduction=0),
        mediation=Mediation(cases=10, successful=10),
        dialogues=DialogueConferences(opinions=10, resolved="gần 11"),
        dan_van_kheo=DanVanKheo(registered="hơn 10", effective=11),
        online_services=OnlineServices(coverage="579/579"),
    )
    assert rules(report) == []


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ({"supervised": 4956, "violations": 648, "recommended": 586, "resolved": 500}, []),
        (
            {"supervised": 600, "violations": 648},
            [("tally.violations-le-supervised", "error", "inspection.violations")],
        ),
        (
            {"recommended": 586, "resolved": 600},
            [("tally.resolved-le-recommended", "error", "inspection.resolved")],
        ),
        (
            {"violations": 586, "recommended": 648},
            [("tally.recommended-le-violations", "warning", "inspection.recommended")],
        ),
        ({"supervised": "hơn 600", "violations": 648}, []),
        (
            {"supervised": "gần 600", "violations": 648},
            [("tally.violations-le-supervised", "error", "inspection.violations")],
        ),
        (
            {"recommended": 586, "resolved": "hơn 600"},
            [("tally.resolved-le-recommended", "error", "inspection.resolved")],
        ),
        (
            {"violations": "khoảng 500", "recommended": 648},
            [("tally.recommended-le-violations", "warning", "inspection.recommended")],
        ),
    ],
)
def test_tally_rules_through_the_case_tally(
    figures: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    assert rules(bare(inspection=InspectionFigures(**figures))) == expected


def test_the_inspection_tally_leaves_hedged_figures_out() -> None:
    section = InspectionFigures(supervised="hơn 3.000", violations=648)
    assert section.tally() == CaseTally(violations=648)


# --- against the official unit list ----------------------------------------------------------


def test_place_unknown_both_ways(hanoi: AnnualReport) -> None:
    assert check(attrs.evolve(hanoi, place="99")) == [
        f for f in check(attrs.evolve(hanoi, place="99")) if f.rule == "place.unknown"
    ]
    found = check(attrs.evolve(hanoi, place="99"))
    assert [(f.rule, f.path) for f in found] == [("place.unknown", "place")]
    assert check(hanoi) == []


def test_units_total_matches_gazetteer_both_ways(hanoi: AnnualReport) -> None:
    report = attrs.evolve(hanoi, units=[UnitCounts(level="commune", total=580)])
    assert [(f.rule, f.path) for f in check(report)] == [
        ("units.total-matches-gazetteer", "units.commune.total")
    ]
    ok = attrs.evolve(
        hanoi,
        units=[
            UnitCounts(level="commune", total="hơn 570"),
            UnitCounts(level="district", total=30),
        ],
    )
    assert check(ok) == []


def test_units_count_by_kind_both_ways(hanoi: AnnualReport) -> None:
    swapped = UnitCounts(
        level="commune", total=579, by_kind={"xã": 384, "phường": 174, "thị trấn": 21}
    )
    found = check(attrs.evolve(hanoi, units=[swapped]))
    assert [(f.rule, f.path) for f in found] == [
        ("units.count-by-kind", "units.commune.by_kind.xã"),
        ("units.count-by-kind", "units.commune.by_kind.phường"),
    ]
    assert found[0].figures == {"kind": "xã", "stated": "384", "official": 383}
    districts = UnitCounts(
        level="district", total=30, by_kind={"quận": 12, "huyện": 17, "thị xã": 1}
    )
    assert check(attrs.evolve(hanoi, units=[districts])) == []


def test_coverage_denominator_matches_units_both_ways(hanoi: AnnualReport) -> None:
    assert hanoi.online_services is not None
    for coverage, expected in (
        ("579/579", []),
        ("578/578", ["coverage.denominator-matches-units"]),
        ("30/30", []),
    ):
        level = "district" if coverage == "30/30" else "commune"
        os_ = attrs.evolve(hanoi.online_services, coverage=coverage, level=level)
        assert [f.rule for f in check(attrs.evolve(hanoi, online_services=os_))] == expected


def test_the_checker_uses_the_report_date_not_today(hanoi: AnnualReport) -> None:
    """On 2025-07-01 Hà Nội has 126 communes: the same report dated then fails."""
    later = attrs.evolve(hanoi, date=dt.date(2025, 7, 1), documents=(), tasks=())
    found = check(later)
    assert {f.rule for f in found} == {
        "units.total-matches-gazetteer",
        "units.count-by-kind",
        "coverage.denominator-matches-units",
    }
    package = Path(qcdc.__file__).parent
    for path in package.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(today|now|utcnow)\(", source), path


def test_a_date_outside_the_official_lists_warns(hanoi: AnnualReport) -> None:
    early = attrs.evolve(hanoi, period="năm 2020", date=dt.date(2020, 12, 17))
    found = check(early)
    assert [(f.rule, f.severity) for f in found] == [("gazetteer.not-covered", Severity.WARNING)]


@pytest.fixture(scope="module")
def tiny() -> Gazetteer:
    """A province with two districts and four communes of three kinds."""
    units = [
        AdministrativeUnit(kind="tỉnh", code="90", name="Tỉnh Thử"),
        AdministrativeUnit(kind="huyện", code="901", name="Huyện Một", parent_code="90"),
        AdministrativeUnit(kind="quận", code="902", name="Quận Hai", parent_code="90"),
        AdministrativeUnit(kind="xã", code="90001", name="Xã An", parent_code="901"),
        AdministrativeUnit(kind="xã", code="90002", name="Xã Bình", parent_code="901"),
        AdministrativeUnit(kind="thị trấn", code="90003", name="Thị trấn Một", parent_code="901"),
        AdministrativeUnit(kind="phường", code="90004", name="Phường Hai", parent_code="902"),
    ]
    return Gazetteer.from_units(units)


def test_a_synthetic_gazetteer(tiny: Gazetteer) -> None:
    report = bare(
        place="90",
        units=[UnitCounts(level="commune", total=4, by_kind={"xã": 2, "thị trấn": 1, "phường": 1})],
        online_services=OnlineServices(coverage="4/4"),
    )
    assert check(report, tiny) == []
    district = bare(
        place="901",
        units=[UnitCounts(level="commune", total=3)],
        online_services=OnlineServices(coverage="3/4"),
    )
    assert [(f.rule, f.figures["official"]) for f in check(district, tiny)] == [
        ("coverage.denominator-matches-units", 3)
    ]


# --- documents, dates, tasks ---------------------------------------------------------------------


def test_documents_both_ways() -> None:
    ok = bare(
        documents=[
            CitedDocument(number="04-CTr/TU"),
            CitedDocument(number="10/2021/QĐ-UBND", issued="2021-05-04"),
            CitedDocument(title="Nghị quyết không số"),
        ]
    )
    assert rules(ok) == []
    bad = bare(
        documents=[
            CitedDocument(number="CTr-04/TU"),
            CitedDocument(number="1/2022/QĐ-UBND"),
            CitedDocument(number="2/2021/QĐ-UBND", issued="31/12/2021"),
        ]
    )
    assert rules(bad) == [
        ("document.unparsable", "error", "documents[0].number"),
        ("document.year-after-report", "error", "documents[1].number"),
        ("document.date-after-report", "error", "documents[2].issued"),
    ]


def test_cited_document_number() -> None:
    assert CitedDocument(number="04-CTr/TU").document_number().kind_code == "CTr"
    with pytest.raises(InputError, match="without a number"):
        CitedDocument(title="x").document_number()
    with pytest.raises(InputError, match="number or a title"):
        CitedDocument()
    assert str(CitedDocument(number="04-CTr/TU", title="Chương trình")) == "04-CTr/TU Chương trình"


def test_report_before_period_and_task_due_before_report() -> None:
    early = bare(date="2020-12-01")
    assert rules(early) == [("period.report-before-period", "error", "date")]
    tasks = bare(
        tasks=[
            ReportTask(text="Làm ngay", due="2021-12-01"),
            ReportTask(text="Năm sau", due="2022-06-30"),
        ]
    )
    assert rules(tasks) == [("task.due-before-report", "warning", "tasks[0].due")]
    undated = bare(date=None)
    assert undated.on == dt.date(2021, 12, 31)
    assert rules(undated) == []


# =====================================================================================
# building reports, and their errors
# =====================================================================================


def test_figures_fit_their_metric() -> None:
    section = InspectionFigures(supervised="4.956", recovered_money="khoảng 300 triệu đồng")
    assert section.supervised is not None and section.supervised.unit is Unit.CASE
    assert section.recovered_money is not None and section.recovered_money.hedge is Hedge.ABOUT
    assert HamletReorganisation(percent=32).percent == parse_figure("32%")
    assert HamletReorganisation(percent=32.3).percent == parse_figure("32,3%")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"supervised": "32%"}, "not a percentage"),
        ({"supervised": "579/579"}, "not a ratio"),
        ({"supervised": "4,5"}, "whole number"),
        ({"supervised": "4.956 hộ"}, "counted in"),
        ({"resolved_percent": "4.956"}, None),
        ({"resolved_percent": "579/579"}, "percentage"),
        ({"supervised": True}, "number or text"),
        ({"supervised": -1}, ">= 0"),
        ({"supervised": {"a": 1}}, "a figure must be"),
        ({"supervised": ["a", 1]}, "two whole numbers"),
    ],
)
def test_a_figure_that_does_not_fit_is_refused(kwargs: dict[str, Any], message: str | None) -> None:
    if message is None:
        assert InspectionFigures(**kwargs).resolved_percent == parse_figure("4.956%")
        return
    with pytest.raises(InputError, match=message):
        InspectionFigures(**kwargs)


def test_a_ratio_is_required_for_coverage() -> None:
    with pytest.raises(InputError, match="ratio"):
        OnlineServices(coverage=579)
    with pytest.raises(InputError, match="1 to 4"):
        OnlineServices(service_levels=[5])


def test_unit_counts_validate_kinds_and_levels() -> None:
    with pytest.raises(InputError, match="cannot be counted among commune-level"):
        UnitCounts(level="commune", by_kind={"huyện": 3})
    with pytest.raises(InputError, match="listed twice"):
        UnitCounts(level="commune", by_kind=[("xã", 1), ("XÃ", 2)])
    with pytest.raises(InputError, match="kind must be"):
        UnitCounts(level="commune", by_kind={"làng": 1})
    with pytest.raises(InputError, match="level must be"):
        UnitCounts(level="hamlet")
    with pytest.raises(InputError, match="counted in"):
        UnitCounts(level="commune", by_kind={"xã": "3 phường"})
    with pytest.raises(InputError, match="missing"):
        UnitCounts(level="commune", by_kind={"xã": None})
    with pytest.raises(InputError, match="expected a number"):
        UnitCounts(level="commune", by_kind={"xã": "ba"})


def test_report_fields_are_validated() -> None:
    with pytest.raises(InputError, match="unit code"):
        bare(place="1a")
    with pytest.raises(InputError, match="counted twice"):
        bare(units=[UnitCounts(level="commune"), UnitCounts(level="commune")])
    with pytest.raises(InputError, match="UnitCounts"):
        bare(units=["579"])
    with pytest.raises(InputError, match="CitedDocument"):
        bare(documents=["04-CTr/TU"])
    with pytest.raises(InputError, match="ReportTask"):
        bare(tasks=["x"])
    with pytest.raises(InputError, match="needs its text"):
        ReportTask(text="  ")
    with pytest.raises(InputError, match="period must be"):
        bare(period=[2021])
    with pytest.raises(InputError, match="source must be"):
        bare(source=3)
    with pytest.raises(InputError, match="expected text"):
        bare(title=3)
    with pytest.raises(InputError, match="expected a date"):
        bare(date=20211217)
    with pytest.raises(InputError, match="confidence must be"):
        HamletReorganisation(confidence="very")
    with pytest.raises(InputError, match="AnnualReport"):
        run_checks("report")  # type: ignore[arg-type]


def test_report_conveniences() -> None:
    r = bare(
        period=2021,
        source="an article",
        themes="Dân vận khéo",
        units={"c": UnitCounts(level="commune", total=1)},
        date=dt.datetime(2021, 12, 17, 15, 0),
    )
    assert r.period == Period.for_year(2021)
    assert r.source.confidence is Confidence.UNVERIFIED
    assert r.themes == ("Dân vận khéo",)
    assert r.date == dt.date(2021, 12, 17)
    assert r.unit_counts("district") is None
    assert [p for p, _, _ in r.figures()] == ["units.commune.total"]
    assert r.check(against_gazetteer=False) == []


# =====================================================================================
# files
# =====================================================================================


def test_round_trip_through_toml_and_json(hanoi: AnnualReport, tmp_path: Path) -> None:
    assert loads_report(dumps_report(hanoi)) == hanoi
    assert loads_report(dumps_report(hanoi, format="json"), format="json") == hanoi
    dump_report(hanoi, tmp_path / "r.toml")
    dump_report(hanoi, tmp_path / "r.json")
    assert load_report(tmp_path / "r.toml") == hanoi
    assert load_report(tmp_path / "r.json") == hanoi
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["place"] == "01"


def test_dump_keeps_printed_text_and_odd_periods() -> None:
    r = bare(
        period={"start": "2021-03-05", "end": "2021-04-07"}
        and Period(dt.date(2021, 3, 5), dt.date(2021, 4, 7)),
        date="2021-04-10",
        inspection=InspectionFigures(supervised="hơn 3.000", recovered_money="1,2 tỷ đồng"),
        tasks=[ReportTask(text="x", owner="UBND", due="2021-05-01")],
    )
    text = dumps_report(r)
    assert 'supervised = "hơn 3.000"' in text
    assert 'recovered_money = "1,2 tỷ đồng"' in text
    assert loads_report(text) == r


def test_dumps_report_refuses_an_unknown_format(hanoi: AnnualReport) -> None:
    with pytest.raises(InputError, match="format must be"):
        dumps_report(hanoi, format="yaml")
    with pytest.raises(InputError, match="format must be"):
        loads_report("", format="yaml")


MINIMAL = """\
place = "01"
period = "năm 2021"
date = 2021-12-17

[source]
document = "Báo cáo"

[inspection]
supervised = "4.956"
"""


def error_of(text: str, fmt: str = "toml") -> InputError:
    with pytest.raises(InputError) as info:
        loads_report(text, format=fmt, source="r." + fmt)
    return info.value


def test_minimal_file_loads() -> None:
    r = loads_report(MINIMAL)
    assert r.source.confidence is Confidence.LIKELY
    assert r.inspection is not None and r.inspection.supervised is not None


@pytest.mark.parametrize(
    ("change", "field", "line", "message"),
    [
        (("supervised", "supervisd"), "inspection.supervisd", 9, "did you mean 'supervised'"),
        (('"4.956"', '"32%"'), "inspection.supervised", 9, "not a percentage"),
        (('"4.956"', '"4.95"'), "inspection.supervised", 9, "separates thousands"),
        (('"4.956"', "true"), "inspection.supervised", 9, "number or text"),
        (("[inspection]", "[inspektion]"), "inspektion", 8, "did you mean 'inspection'"),
        (('period = "năm 2021"', 'period = "hôm qua"'), "period", 2, "expected a period"),
        (("date = 2021-12-17", 'date = "32/12/2021"'), "date", 3, None),
        (('place = "01"', 'place = "1x"'), "place", 1, "unit code"),
        (
            ('document = "Báo cáo"', 'document = "Báo cáo"\nconfidence = "sure-ish"'),
            "source.confidence",
            7,
            "confidence must be",
        ),
        (('document = "Báo cáo"', 'title = "Báo cáo"'), "source.title", 6, "unknown key"),
        (('place = "01"', 'format = 2\nplace = "01"'), "format", 1, "format must be 1"),
    ],
)
def test_load_errors_name_the_key_path_and_line(
    change: tuple[str, str], field: str, line: int, message: str | None
) -> None:
    err = error_of(MINIMAL.replace(*change, 1))
    assert err.field == field
    assert err.line == line
    assert err.source == "r.toml"
    if message:
        assert message in str(err)
    assert f"line {line}" in str(err)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ('period = "năm 2021"\n[source]\ndocument = "x"\n', "place", "needs 'place'"),
        ('place = "01"\n[source]\ndocument = "x"\n', "period", "needs 'period'"),
        ('place = "01"\nperiod = 2021\n', "source", "needs 'source'"),
        ('place = "01"\nperiod = 2021\n[source]\nurl = "x"\n', "source.document", "document"),
        ('place = "01"\nperiod = 2021\nsource = 3\n', "source", "must be a table"),
        (
            'place = "01"\nperiod = {start = 2021-01-01}\n[source]\ndocument = "x"\n',
            "period",
            "start and end",
        ),
        (
            'place = "01"\nperiod = {start = 2021-01-01, end = 2020-01-01}\n[source]\n'
            'document = "x"\n',
            "period",
            "end",
        ),
        (
            'place = "01"\nperiod = {start = 2021-01-01, finish = 1}\n[source]\ndocument = "x"\n',
            "period.finish",
            "unknown key",
        ),
        (
            'place = "01"\nperiod = 2021\nthemes = "x"\n[source]\ndocument = "x"\n',
            "themes",
            "list of text",
        ),
        (
            'place = "01"\nperiod = 2021\ndocuments = 3\n[source]\ndocument = "x"\n',
            "documents",
            "must be a list",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[[documents]]\nnote = "n"\n',
            "documents[0].number",
            "number or a title",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[[documents]]\nnumero = "n"\n',
            "documents[0].numero",
            "did you mean 'number'",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[[tasks]]\nowner = "n"\n',
            "tasks[0].text",
            "needs its text",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[units.hamlet]\ntotal = 1\n',
            "units.hamlet",
            "unknown level",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[units.commune]\ncount = 1\n',
            "units.commune.count",
            "unknown key",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[units.commune]\n'
            'by_kind = { "làng" = 1 }\n',
            "units.commune.by_kind.làng",
            "kind must be",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[units.commune]\nby_kind = 3\n',
            "units.commune.by_kind",
            "must be a table",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[hamlets]\npercent = "32"\n'
            'before = "7.968,5"\n',
            "hamlets.before",
            "whole number",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[online_services]\n'
            'level = "hamlet"\n',
            "online_services.level",
            "level must be",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[mediation]\n'
            'cases = "dưới 10"\nnote = 3\n',
            "mediation",
            "expected text",
        ),
    ],
)
def test_more_load_errors(text: str, field: str, message: str) -> None:
    err = error_of(text)
    assert err.field == field
    assert message in str(err)
    assert err.line is not None


def test_load_accepts_a_period_table_and_task_strings() -> None:
    text = (
        'place = "01"\nperiod = {start = 2021-01-01, end = 2021-06-30}\ntasks = ["Một", "Hai"]\n'
        '[source]\ndocument = "x"\nconfidence = "unsure"\n'
    )
    r = loads_report(text)
    assert r.period == Period(dt.date(2021, 1, 1), dt.date(2021, 6, 30))
    assert [t.text for t in r.tasks] == ["Một", "Hai"]
    assert r.source.confidence is Confidence.UNSURE


def test_syntax_errors_name_the_line() -> None:
    err = error_of('place = "01"\nperiod = \n')
    assert err.line == 2 and "not valid TOML" in str(err)
    # a missing comma: every Python version reports it on the line of the next key
    err = error_of('{\n "place": "01"\n "period": 2}', "json")
    assert err.line == 3 and "not valid JSON" in str(err)
    err = error_of("[1, 2]", "json")
    assert "must be a table" in str(err)


def test_json_errors_name_the_key_path_and_line() -> None:
    text = json.dumps(
        {
            "place": "01",
            "period": "năm 2021",
            "source": {"document": "x"},
            "inspection": {"supervised": "4.956", "violations": "5%"},
        },
        ensure_ascii=False,
        indent=2,
    )
    err = error_of(text, "json")
    assert err.field == "inspection.violations"
    assert err.line == 9


def test_load_report_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_report(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("place = 'Hà'".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        load_report(bad)


def test_report_from_mapping_names_the_path_without_a_line() -> None:
    with pytest.raises(InputError) as info:
        report_from_mapping(
            {
                "place": "01",
                "period": 2021,
                "source": {"document": "x"},
                "hamlets": {"before": "x"},
            },
            source="api",
        )
    assert info.value.field == "hamlets.before"
    assert info.value.line is None and info.value.source == "api"


def test_load_embedded_unknown_name() -> None:
    with pytest.raises(InputError, match="hanoi-2021"):
        load_embedded("hue-2030")


# --- the JSON Schema ---------------------------------------------------------------------


def test_published_schema_is_the_generated_one() -> None:
    text = (
        resources.files("qcdc.reports")
        .joinpath("data", "report.schema.json")
        .read_text(encoding="utf-8")
    )
    assert json.loads(text) == json_schema()


def test_schema_covers_every_key_the_loader_knows() -> None:
    schema = json_schema()
    assert set(schema["properties"]) == set(reports._TOP_KEYS)
    for cls in reports._SECTION_TYPES:
        assert set(schema["properties"][cls.KEY]["properties"]) == {
            a.name for a in attrs.fields(cls)
        }


# =====================================================================================
# text in, report out
# =====================================================================================

HANOI_TEXT = (
    "Chiều 17/12/2021, Ban Chỉ đạo xây dựng và thực hiện Quy chế dân chủ ở cơ sở Thành phố Hà Nội "
    "tổ chức hội nghị tổng kết công tác năm 2021, triển khai nhiệm vụ năm 2022. Sau sắp xếp đơn vị "
    "hành chính, toàn Thành phố có 579 đơn vị hành chính cấp xã, gồm 383 xã, 175 phường và 21 thị "
    "trấn. Thực hiện sắp xếp thôn, tổ dân phố, Thành phố đã giảm từ 7.968 thôn, tổ dân phố xuống "
    "còn 5.393 thôn, tổ dân phố, giảm 2.575 thôn, tổ dân phố (đạt tỷ lệ 32%). Sau sắp xếp, 100% "
    "thôn, tổ dân phố đã xây dựng quy ước và được cấp có thẩm quyền phê duyệt. Trong năm, "
    "Ban Thanh tra nhân dân các xã, phường, thị trấn đã giám sát 4.956 vụ việc, "
    "phát hiện 648 vụ việc có dấu "
    "hiệu vi phạm, kiến nghị cơ quan có thẩm quyền giải quyết 586 vụ việc. Dịch vụ công trực tuyến "
    "mức độ 3, 4 được cung cấp tại 579/579 xã, phường, thị trấn. Thành ủy đã ban hành Chương trình "
    "số 04-CTr/TU và Quyết định số 2200-QĐ/TU; Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ Thành phố "
    "khóa XVII đã ra nghị quyết về “mục tiêu kép” vừa phòng, chống dịch Covid-19 vừa phát triển "
    "kinh tế."
)
HAI_DUONG_TEXT = (
    "Năm 2020, Ban Thanh tra nhân dân cấp xã trên địa bàn tỉnh Hải Dương đã phát hiện, "
    "kiến nghị 1.074 vụ việc; trong đó 1.050 kiến nghị đã được xem xét, giải quyết, đạt 97,8%. "
    "Ban Giám sát đầu tư của cộng đồng đã giám sát 342 công trình, dự án, trong đó 327 công trình "
    "đúng quy định, 1 công trình có vi phạm và 14 công trình chưa xác định. Các tổ hòa giải đã "
    "hòa giải thành 989 vụ việc. Tại huyện Thanh Miện, sau 5 năm, Ban Thanh tra nhân dân đã kiến "
    "nghị 557 vụ việc, trên 87% được giải quyết, thu hồi 3.330 m² đất lấn chiếm và khoảng 300 "
    "triệu đồng."
)
SON_TAY_TEXT = (
    "Trong 9 tháng năm 2018, Ban Thanh tra nhân dân các xã, phường trên địa bàn thị xã Sơn Tây "
    "đã tổ chức 257 cuộc giám sát, giám sát hơn 500 vụ việc; Ban Giám sát đầu tư của cộng đồng "
    "tổ chức 296 cuộc giám sát đầu tư của cộng đồng. Toàn tỉnh Thái Nguyên có 280 Ban Thanh tra "
    "nhân dân và 250 Ban Giám sát đầu tư của cộng đồng với tổng số hơn 3.000 thành viên."
)
DAN_VAN_KHEO_TEXT = (
    "Năm 2021, toàn tỉnh Bà Rịa – Vũng Tàu có 2.071 mô hình, điển hình “Dân vận khéo” đăng "
    "ký, trong đó 1.808 mô hình triển khai hiệu quả, tăng 276 mô hình so với năm 2020. Huyện Chư "
    "Păh có hơn 270 mô hình, điển hình “Dân vận khéo”, gồm 194 mô hình tập thể và 80 điển "
    "hình cá nhân."
)
DIALOGUE_TEXT = (
    "Tại hội nghị đối thoại giữa Thường trực Tỉnh ủy Bắc Ninh với cán bộ chủ chốt cấp xã, các đại "
    "biểu nêu 73 ý kiến, kiến nghị thuộc 5 nhóm vấn đề, 12 lĩnh vực. Tỉnh Lai Châu có 1.135 tổ "
    "hòa giải với hơn 5.730 hòa giải viên; qua 10 năm, Mặt trận tiếp nhận hơn 3.000 đơn thư."
)

EXPECTED = {
    "hanoi": (
        HANOI_TEXT,
        [
            ("579 đơn vị hành chính cấp xã", "units.commune.total"),
            ("383 xã", "units.commune.by_kind.xã"),
            ("175 phường", "units.commune.by_kind.phường"),
            ("21 thị trấn", "units.commune.by_kind.thị trấn"),
            ("7.968 thôn, tổ dân phố", "hamlets.before"),
            ("5.393 thôn, tổ dân phố", "hamlets.after"),
            ("2.575 thôn, tổ dân phố", "hamlets.reduction"),
            ("32%", "hamlets.percent"),
            ("100%", "hamlets.covenant_percent"),
            ("4.956 vụ việc", "inspection.supervised"),
            ("648 vụ việc", "inspection.violations"),
            ("586 vụ việc", "inspection.recommended"),
            ("579/579 xã, phường, thị trấn", "online_services.coverage"),
        ],
    ),
    "hai-duong": (
        HAI_DUONG_TEXT,
        [
            ("1.074 vụ việc", "inspection.recommended"),
            ("1.050 kiến nghị", "inspection.resolved"),
            ("97,8%", "inspection.resolved_percent"),
            ("342 công trình, dự án", "investment.projects"),
            ("327 công trình", "investment.compliant"),
            ("1 công trình", "investment.violations"),
            ("14 công trình", "investment.undetermined"),
            ("989 vụ việc", "mediation.successful"),
            ("557 vụ việc", "inspection.recommended"),
            ("trên 87%", "inspection.resolved_percent"),
            ("3.330 m²", "inspection.recovered_land"),
            ("khoảng 300 triệu đồng", "inspection.recovered_money"),
        ],
    ),
    "son-tay": (
        SON_TAY_TEXT,
        [
            ("257 cuộc", "inspection.sessions"),
            ("hơn 500 vụ việc", "inspection.supervised"),
            ("296 cuộc", "investment.sessions"),
            ("280 Ban", "inspection.boards"),
            ("250 Ban", "investment.boards"),
            ("hơn 3.000 thành viên", None),
        ],
    ),
    "dan-van-kheo": (
        DAN_VAN_KHEO_TEXT,
        [
            ("2.071 mô hình, điển hình", "dan_van_kheo.registered"),
            ("1.808 mô hình", "dan_van_kheo.effective"),
            ("276 mô hình", "dan_van_kheo.increase"),
            ("hơn 270 mô hình, điển hình", "dan_van_kheo.registered"),
            ("194 mô hình", "dan_van_kheo.collective"),
            ("80 điển hình", "dan_van_kheo.individual"),
        ],
    ),
    "dialogue": (
        DIALOGUE_TEXT,
        [
            ("73 ý kiến, kiến nghị", "dialogues.opinions"),
            ("5 nhóm vấn đề", "dialogues.issue_groups"),
            ("12 lĩnh vực", "dialogues.fields"),
            ("1.135 tổ hòa giải", "mediation.groups"),
            ("hơn 5.730 hòa giải viên", "mediation.mediators"),
            ("hơn 3.000 đơn thư", None),
        ],
    ),
}

EXPECTED["hamlets-unit-said-once"] = (
    "Sau sắp xếp, số thôn, tổ dân phố giảm từ 7.968 xuống 5.393, giảm 2.575 (32%).",
    [
        ("7.968", "hamlets.before"),
        ("5.393", "hamlets.after"),
        ("2.575", "hamlets.reduction"),
        ("32%", "hamlets.percent"),
    ],
)


def _spans(text: str, wanted: list[tuple[str, str | None]]) -> Iterator[tuple[int, int]]:
    pos = 0
    for printed, _ in wanted:
        start = text.index(printed, pos)
        yield (start, start + len(printed))
        pos = start + len(printed)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_extract_recovers_every_figure_with_its_span(name: str) -> None:
    text, wanted = EXPECTED[name]
    ex = extract_figures(text)
    assert [(f.text, f.metric) for f in ex.figures] == wanted
    assert [f.span for f in ex.figures] == list(_spans(text, wanted))
    for f in ex.figures:
        assert text[f.span[0] : f.span[1]] == f.text


def test_extract_spans_are_exact_in_the_hanoi_text() -> None:
    ex = extract_figures(HANOI_TEXT)
    by_metric = ex.metrics()
    assert by_metric["inspection.supervised"].span == (608, 621)
    assert by_metric["hamlets.percent"].span == (439, 442)
    assert by_metric["online_services.coverage"].figure == parse_figure(
        "579/579 xã, phường, thị trấn"
    )


def test_extract_sets_aside_dates_documents_years_and_ordinals() -> None:
    ex = extract_figures(HANOI_TEXT)
    assert [d.text for d in ex.documents] == ["04-CTr/TU", "2200-QĐ/TU"]
    assert ex.documents[0].span == (843, 852)
    assert [(d.date, d.span) for d in ex.dates] == [(dt.date(2021, 12, 17), (6, 16))]
    texts = [f.text for f in ex.figures]
    assert not any(t in texts for t in ("2021", "2022", "3", "4", "6", "19"))
    assert ex.guess_period() == Period.for_year(2021)


def test_extract_reads_full_vietnamese_dates_and_nfd_text() -> None:
    import unicodedata

    text = "Ngày 17 tháng 12 năm 2021, giám sát 4.956 vụ việc."
    ex = extract_figures(unicodedata.normalize("NFD", text))
    assert ex.text == text
    assert [d.date for d in ex.dates] == [dt.date(2021, 12, 17)]
    assert [(f.text, f.metric) for f in ex.figures] == [("4.956 vụ việc", "inspection.supervised")]
    assert extract_figures("Không có số liệu.").guess_period() is None
    assert extract_figures("Hội nghị ngày 17/12/2021.").guess_period() == Period.for_year(2021)


def test_the_draft_of_the_hanoi_text_checks_clean(tiny: Gazetteer) -> None:
    ex = extract_figures(HANOI_TEXT)
    report = ex.report(place="01")
    assert report.on == dt.date(2021, 12, 17)
    assert report.period == Period.for_year(2021)
    assert report.source.confidence is Confidence.UNVERIFIED
    assert check(report) == []
    toml = ex.to_toml(place="01", period=Period.for_year(2021))
    assert loads_report(toml) == report
    assert "# TODO" not in toml and "608–621: '4.956 vụ việc' -> inspection.supervised" in toml


def test_a_draft_without_a_place_is_marked_for_correction() -> None:
    toml = extract_figures(DAN_VAN_KHEO_TEXT).to_toml()
    assert "# TODO: place" in toml
    assert 'registered = "2.071 mô hình, điển hình"' in toml
    with pytest.raises(InputError, match="place"):
        loads_report(toml)
    fixed = loads_report(toml.replace('place = ""', 'place = "77"'))
    assert fixed.dan_van_kheo is not None and fixed.dan_van_kheo.increase is not None
    assert "source" in extract_figures("").draft()
    assert extract_figures("").draft()["period"] == "năm ????"


def test_drafts_of_the_other_paragraphs_load_and_check() -> None:
    for name in ("hai-duong", "son-tay", "dialogue"):
        report = extract_figures(EXPECTED[name][0]).report(place="30", period=Period.for_year(2020))
        found = check(report, against_gazetteer=False)
        assert found == [], (name, found)
    # a paragraph about two places mixes their figures: the draft must be corrected
    mixed = extract_figures(DAN_VAN_KHEO_TEXT).report(place="77", period=Period.for_year(2021))
    assert [f.rule for f in check(mixed, against_gazetteer=False)] == ["total.sum-of-parts"]


# =====================================================================================
# display: terminal, Markdown, JSON, notebooks
# =====================================================================================


def test_render_table_markdown_and_json(hanoi: AnnualReport) -> None:
    checks = run_checks(hanoi)
    findings = [c.finding for c in checks if c.finding is not None]
    extra = [
        RenderSection(
            "today",
            "Các đơn vị này hôm nay (these units today)",
            rows=[("communes on 2025-07-01", "126")],
            text="579 communes of 2021 are 126 today",
        )
    ]
    table = render(hanoi, findings, fmt="table", checks=checks, extra_sections=extra)
    assert "✓ percent.matches-ratio: (7.968 − 5.393) / 7.968 = 32,3% ≈ 32%" in table
    assert "Summary: 17 checks, 17 passed · 0 errors · 0 warnings" in table
    assert table.rstrip().splitlines()[-3].endswith("126")
    md = render(hanoi, findings, fmt="markdown", checks=checks, extra_sections=extra)
    assert md.startswith("# Gắn thực hiện")
    assert "| Tỷ lệ giảm | 32% |" in md
    assert "## Các đơn vị này hôm nay (these units today)" in md
    data = json.loads(render(hanoi, findings, fmt="json", checks=checks, extra_sections=extra))
    assert data["findings"] == []
    assert data["hamlets"]["percent"] == "32%"
    assert data["today"] == {"communes on 2025-07-01": "126"}
    assert data["summary"] == {"errors": 0, "warnings": 0, "checks": 17, "passed": 17, "failed": 0}
    extra_data = [RenderSection("today", "Today", data={"communes": 126})]
    assert json.loads(render(hanoi, [], fmt="json", extra_sections=extra_data))["today"] == {
        "communes": 126
    }


def test_render_shows_failures(hanoi: AnnualReport) -> None:
    broken = load_report(DATA / "hanoi-2021-wrong-percent.toml")
    checks = run_checks(broken)
    findings = [c.finding for c in checks if c.finding is not None]
    table = render(broken, findings, fmt="table", checks=checks)
    assert "✗ percent.matches-ratio" in table and "1 errors" in table
    plain = render(broken, findings, fmt="table")
    assert "Findings" in plain and "error: [percent.matches-ratio]" in plain
    md = render(broken, findings, fmt="markdown")
    assert "**error** `percent.matches-ratio` at `hamlets.percent`" in md
    md_checks = render(broken, findings, fmt="markdown", checks=checks)
    assert "- ✗ `percent.matches-ratio`" in md_checks
    data = json.loads(render(broken, findings, fmt="json"))
    assert data["findings"] == [
        {
            "rule": "percent.matches-ratio",
            "severity": "error",
            "path": "hamlets.percent",
            "message": findings[0].message,
        }
    ]
    warn = bare(
        inspection=InspectionFigures(violations=1, recommended=2),
        tasks=[ReportTask(text="x", due="2022-01-01", owner="UBND")],
    )
    checks = run_checks(warn, against_gazetteer=False)
    text = render(warn, [c.finding for c in checks if c.finding], fmt="table", checks=checks)
    assert "! tally.recommended-le-violations" in text
    assert "(UBND; due 2022-01-01)" in text


def test_render_refuses_an_unknown_format(hanoi: AnnualReport) -> None:
    with pytest.raises(InputError, match="format must be one of table, markdown, json"):
        render(hanoi, [], fmt="html")


def test_notebook_views(hanoi: AnnualReport) -> None:
    page = hanoi._repr_html_()
    assert "<table>" in page and "Sắp xếp thôn, tổ dân phố" in page and "(unsure)" in page
    found = check(load_report(DATA / "hanoi-2021-wrong-percent.toml"))
    assert isinstance(found, FindingList)
    assert "percent.matches-ratio" in found._repr_html_()
    assert found.errors == list(found) and found.warnings == []
    assert found.to_json()[0]["rule"] == "percent.matches-ratio"
    assert FindingList()._repr_html_() == "<p>No findings.</p>"
    assert "inspection.supervised" in extract_figures(HANOI_TEXT)._repr_html_()


def test_to_pandas(hanoi: AnnualReport) -> None:
    frame = hanoi.to_pandas()
    assert list(frame.columns)[:4] == ["path", "label", "printed", "value"]
    assert frame.loc[frame["path"] == "hamlets.percent", "printed"].item() == "32%"
    assert frame.loc[frame["path"] == "hamlets.before", "confidence"].item() == "unsure"
    found = check(load_report(DATA / "hanoi-2021-wrong-percent.toml")).to_pandas()
    assert found["rule"].tolist() == ["percent.matches-ratio"]
    ex = extract_figures(HANOI_TEXT).to_pandas()
    assert ex["metric"].iloc[0] == "units.commune.total"
    assert ex["start"].iloc[0] == 217


def test_to_pandas_without_pandas(hanoi: AnnualReport, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependency, match="pandas"):
        hanoi.to_pandas()
    with pytest.raises(MissingDependency):
        FindingList().to_pandas()
    with pytest.raises(MissingDependency):
        extract_figures("").to_pandas()


def test_invalid_number_inside_a_section_is_an_input_error() -> None:
    with pytest.raises(InvalidNumber):
        InspectionFigures(supervised="4.95")


# =====================================================================================
# the command line: qcdc check, qcdc extract
# =====================================================================================


def run_cli(argv: list[str]) -> int:
    import argparse

    from qcdc.reports._cli import register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(argv)
    rc: int = args.func(args)
    return rc


def test_cli_check_a_clean_and_a_broken_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hanoi: AnnualReport
) -> None:
    dump_report(hanoi, tmp_path / "hanoi.toml")
    assert run_cli(["check", str(tmp_path / "hanoi.toml")]) == 0
    assert "17 checks, 0 findings (0 errors, 0 warnings)" in capsys.readouterr().out
    broken = str(DATA / "hanoi-2021-wrong-percent.toml")
    assert run_cli(["check", broken]) == 1
    out = capsys.readouterr().out
    assert "error: [percent.matches-ratio] hamlets.percent" in out
    assert run_cli(["check", broken, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)[0]["rule"] == "percent.matches-ratio"
    assert run_cli(["check", broken, "--format", "json", "--all"]) == 1
    assert json.loads(capsys.readouterr().out)["summary"]["errors"] == 1
    assert run_cli(["check", broken, "--all"]) == 1
    assert "✗ percent.matches-ratio" in capsys.readouterr().out
    assert run_cli(["check", broken, "--format", "markdown"]) == 1
    assert "## Findings" in capsys.readouterr().out
    assert run_cli(["check", broken, "--offline"]) == 1


def test_cli_check_warnings_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.toml"
    path.write_text(MINIMAL + "violations = 10\nrecommended = 20\n", encoding="utf-8")
    assert run_cli(["check", str(path)]) == 0
    assert "1 findings (0 errors, 1 warnings)" in capsys.readouterr().out


def test_cli_check_bad_input_raises_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(MINIMAL.replace("supervised", "supervisd"), encoding="utf-8")
    with pytest.raises(InputError, match="did you mean 'supervised'"):
        run_cli(["check", str(path)])


def test_cli_extract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(HANOI_TEXT, encoding="utf-8")
    assert run_cli(["extract", str(article), "--place", "01", "--period", "năm 2021"]) == 0
    draft = capsys.readouterr().out
    assert check(loads_report(draft)) == []
    assert run_cli(["extract", str(article), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["figures"][0] == {
        "start": 217,
        "end": 245,
        "text": "579 đơn vị hành chính cấp xã",
        "metric": "units.commune.total",
    }
    assert data["documents"][0]["text"] == "04-CTr/TU"
    assert data["dates"] == [{"start": 6, "end": 16, "date": "2021-12-17"}]
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(SON_TAY_TEXT))
    assert run_cli(["extract", "-"]) == 0
    assert "# TODO: place" in capsys.readouterr().out
    with pytest.raises(InputError, match="cannot read"):
        run_cli(["extract", str(tmp_path / "missing.txt")])
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Hà".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        run_cli(["extract", str(latin)])


def test_extraction_types_are_public() -> None:
    assert isinstance(extract_figures("4 vụ việc"), qcdc.reports.Extraction)
    assert isinstance(extract_figures("4 vụ việc").figures[0], qcdc.reports.ExtractedFigure)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        reports.Nope  # noqa: B018
