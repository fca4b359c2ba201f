"""The consistency checker (qcdc.reports.checker): the Hà Nội review, its broken variants,
every rule both ways, the checks against the official unit list."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import qcdc
import qcdc.reports
from qcdc.citations import Confidence
from qcdc.dates import Period
from qcdc.errors import InputError, ValidationFailed
from qcdc.findings import Severity
from qcdc.inspection import CaseTally
from qcdc.numbers import parse_figure
from qcdc.reports import (
    RULES,
    AnnualReport,
    CitedDocument,
    DanVanKheo,
    DialogueConferences,
    HamletReorganisation,
    InspectionFigures,
    InvestmentSupervision,
    Mediation,
    OnlineServices,
    ReportTask,
    UnitCounts,
    check,
    embedded_reports,
    load_report,
    run_checks,
    validate,
)
from qcdc.units import UnitKind, UnitLevel
from qcdc.units.gazetteer import Gazetteer

DATA = Path(__file__).parent.parent / "data" / "reports"
Bare = Callable[..., AnnualReport]


def rules(report: AnnualReport, **kwargs: Any) -> list[tuple[str, str, str]]:
    kwargs.setdefault("against_gazetteer", False)
    return [(f.rule, f.severity.value, f.path) for f in check(report, **kwargs)]


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
    page = (Path(__file__).parents[2] / "docs" / "reference" / "report-format.md").read_text(
        encoding="utf-8"
    )
    for rule in RULES:
        assert f"`{rule.id}`" in page, rule.id
    assert len({r.id for r in RULES}) == len(RULES)


def test_total_sum_of_parts_both_ways(bare: Bare) -> None:
    ok = bare(
        investment=InvestmentSupervision(projects=342, compliant=327, violations=1, undetermined=14)
    )
    assert rules(ok) == []
    bad = bare(
        investment=InvestmentSupervision(projects=342, compliant=327, violations=1, undetermined=15)
    )
    assert rules(bad) == [("total.sum-of-parts", "error", "investment.projects")]


def test_a_hedged_total_is_compared_in_its_direction(bare: Bare) -> None:
    """Chư Păh: "hơn 270" models, 194 collective + 80 individual = 274."""
    ok = bare(dan_van_kheo=DanVanKheo(registered="hơn 270", collective=194, individual=80))
    assert rules(ok) == []
    bad = bare(dan_van_kheo=DanVanKheo(registered="gần 270", collective=194, individual=80))
    found = check(bad, against_gazetteer=False)
    assert [(f.rule, f.severity) for f in found] == [("total.sum-of-parts", Severity.ERROR)]
    assert "243 to 270" in found[0].message  # gần: near and below, within 10 %


def test_about_figures_only_warn(bare: Bare) -> None:
    near = bare(dan_van_kheo=DanVanKheo(registered="khoảng 280", collective=194, individual=80))
    assert rules(near) == []
    far = bare(dan_van_kheo=DanVanKheo(registered="khoảng 200", collective=194, individual=80))
    assert rules(far) == [("total.sum-of-parts", "warning", "dan_van_kheo.registered")]


def test_sum_of_parts_in_hamlets_and_units(bare: Bare) -> None:
    ok = bare(hamlets=HamletReorganisation(before=100, before_hamlets=60, before_groups=40))
    assert rules(ok) == []
    bad = bare(hamlets=HamletReorganisation(after=100, after_hamlets=60, after_groups=41))
    assert rules(bad) == [("total.sum-of-parts", "error", "hamlets.after")]
    units = bare(units=[UnitCounts(level="commune", total=10, by_kind={"xã": 6, "phường": 3})])
    assert rules(units) == [("total.sum-of-parts", "error", "units.commune.by_kind")]


def test_some_parts_given_are_compared_as_an_ordering(bare: Bare) -> None:
    ok = bare(investment=InvestmentSupervision(projects=342, compliant=327, violations=1))
    assert rules(ok) == []
    bad = bare(investment=InvestmentSupervision(projects=342, compliant=327, violations=16))
    assert rules(bad) == [("order.part-le-whole", "error", "investment.compliant+violations")]
    one = bare(hamlets=HamletReorganisation(before=10, before_hamlets=11))
    assert rules(one) == [("order.part-le-whole", "error", "hamlets.before_hamlets")]


def test_hamlets_before_minus_after_both_ways(bare: Bare) -> None:
    ok = bare(hamlets=HamletReorganisation(before="7.968", after="5.393", reduction="2.575"))
    assert rules(ok) == []
    bad = bare(hamlets=HamletReorganisation(before="7.968", after="5.393", reduction="2.576"))
    assert rules(bad) == [("hamlets.before-minus-after", "error", "hamlets.reduction")]
    hedged = bare(
        hamlets=HamletReorganisation(before="7.968", after="5.393", reduction="gần 2.600")
    )
    assert rules(hedged) == []


def test_percent_matches_ratio_both_ways(bare: Bare) -> None:
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
    section: str, ok: dict[str, Any], bad: dict[str, Any], path: str, bare: Bare
) -> None:
    cls = {
        "mediation": Mediation,
        "dialogues": DialogueConferences,
        "online_services": OnlineServices,
    }[section]
    assert rules(bare(**{section: cls(**ok)})) == []
    assert rules(bare(**{section: cls(**bad)})) == [("percent.matches-ratio", "error", path)]


def test_a_percentage_of_zero_is_an_error(bare: Bare) -> None:
    report = bare(mediation=Mediation(cases=0, successful=0, success_percent="0%"))
    assert rules(report) == [("percent.matches-ratio", "error", "mediation.success_percent")]


def test_a_percentage_over_a_denominator_that_may_be_zero_is_not_checked(bare: Bare) -> None:
    report = bare(mediation=Mediation(cases="dưới 10", successful=0, success_percent="50%"))
    assert rules(report) == []


@pytest.mark.parametrize(
    ("sections", "path"),
    [
        ({"hamlets": HamletReorganisation(before=10, after=11)}, "hamlets.after"),
        ({"hamlets": HamletReorganisation(before=10, reduction=11)}, "hamlets.reduction"),
        ({"mediation": Mediation(cases=10, successful=11)}, "mediation.successful"),
        ({"dialogues": DialogueConferences(opinions=10, resolved=11)}, "dialogues.resolved"),
        ({"dan_van_kheo": DanVanKheo(registered=10, effective=11)}, "dan_van_kheo.effective"),
        ({"online_services": OnlineServices(coverage="580/579")}, "online_services.coverage"),
        ({"online_services": OnlineServices(coverage=[11, 10])}, "online_services.coverage"),
    ],
)
def test_order_part_le_whole_fails(sections: dict[str, Any], path: str, bare: Bare) -> None:
    assert rules(bare(**sections)) == [("order.part-le-whole", "error", path)]


def test_order_part_le_whole_passes(bare: Bare) -> None:
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
    figures: dict[str, Any], expected: list[tuple[str, str, str]], bare: Bare
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


def test_a_synthetic_gazetteer(tiny: Gazetteer, bare: Bare) -> None:
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


def test_documents_both_ways(bare: Bare) -> None:
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


def test_report_before_period_and_task_due_before_report(bare: Bare) -> None:
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
