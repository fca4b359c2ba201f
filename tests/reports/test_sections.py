"""The recurring sections of issue 13 §1 (qcdc.reports.sections): petitions, the Front's
supervision and social critique, community contributions, democracy in agencies and
enterprises, village conventions, awards, and the figures by level of dialogues and
"Dân vận khéo" models.  Every rule both ways; the file format's errors; the rendering."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qcdc.errors import InputError
from qcdc.numbers import Unit
from qcdc.reports import (
    RULES,
    AnnualReport,
    Awards,
    Breakdown,
    Contributions,
    DanVanKheo,
    DialogueConferences,
    FrontSupervision,
    Petitions,
    VillageConventions,
    WorkplaceDemocracy,
    check,
    dumps_report,
    json_schema,
    loads_report,
    run_checks,
)
from qcdc.reports._strategies import consistent_reports
from qcdc.reports.render import render

Bare = Callable[..., AnnualReport]


def rules(report: AnnualReport) -> list[tuple[str, str, str]]:
    return [(f.rule, f.severity.value, f.path) for f in check(report, against_gazetteer=False)]


def ran(report: AnnualReport) -> list[tuple[str, bool]]:
    """``(rule, passed)`` of every section check run (the report's dates left out)."""
    return [
        (c.rule, c.passed)
        for c in run_checks(report, against_gazetteer=False)
        if not c.rule.startswith("period.")
    ]


NEW_RULES = {
    "level.sum-of-levels",
    "level.partial-levels",
    "petitions.within-received",
    "petitions.resolved-within",
    "front.answered-made",
    "contributions.money-by-source",
    "contributions.land-by-kind",
    "workplace.agencies-held-required",
    "workplace.enterprises-held-required",
    "conventions.approved-total",
    "awards.collectives-individuals",
}


def test_every_new_rule_is_in_the_catalogue_with_a_label() -> None:
    by_id = {r.id: r for r in RULES}
    for rule_id in NEW_RULES:
        rule = by_id[rule_id]
        assert rule.severity.value == "error"
        assert rule.label and "." not in rule.label


# =====================================================================================
# petitions
# =====================================================================================


def test_petitions_within_received_both_ways(bare: Bare) -> None:
    ok = bare(petitions=Petitions(received=900, within_jurisdiction=600))
    assert rules(ok) == []
    assert ("petitions.within-received", True) in ran(ok)
    bad = bare(petitions=Petitions(received=900, within_jurisdiction=950))
    assert rules(bad) == [("petitions.within-received", "error", "petitions.within_jurisdiction")]


def test_petitions_resolved_within_both_ways(bare: Bare) -> None:
    ok = bare(petitions=Petitions(within_jurisdiction=600, resolved=600))
    assert rules(ok) == []
    assert ("petitions.resolved-within", True) in ran(ok)
    bad = bare(petitions=Petitions(within_jurisdiction=600, resolved=620))
    assert rules(bad) == [("petitions.resolved-within", "error", "petitions.resolved")]
    message = check(bad, against_gazetteer=False)[0].message
    assert "resolved (620) must not exceed within_jurisdiction (600)" in message


def test_petitions_percent_is_resolved_over_within_with_the_shared_rule(bare: Bare) -> None:
    ok = bare(
        petitions=Petitions(
            received=900, within_jurisdiction=600, resolved=570, resolved_percent="95%"
        )
    )
    assert rules(ok) == []
    # 570 / 900 would be 63 %: the denominator is those within the jurisdiction
    bad = bare(
        petitions=Petitions(
            received=900, within_jurisdiction=600, resolved=570, resolved_percent="63%"
        )
    )
    assert rules(bad) == [("percent.matches-ratio", "error", "petitions.resolved_percent")]


def test_a_hedged_petition_figure_is_compared_in_its_direction(bare: Bare) -> None:
    ok = bare(petitions=Petitions(received="hơn 900", within_jurisdiction=950))
    assert rules(ok) == []
    bad = bare(petitions=Petitions(received="dưới 900", within_jurisdiction=950))
    assert rules(bad) == [("petitions.within-received", "error", "petitions.within_jurisdiction")]
    around = bare(petitions=Petitions(received="khoảng 800", within_jurisdiction=950))
    assert rules(around) == [
        ("petitions.within-received", "warning", "petitions.within_jurisdiction")
    ]


def test_petition_counts_are_letters_or_cases_not_households(bare: Bare) -> None:
    p = Petitions(received="900 đơn thư", resolved="570 vụ việc", sessions="120 buổi")
    assert p.received is not None and p.received.unit is Unit.LETTER
    assert p.resolved is not None and p.resolved.unit is Unit.CASE
    assert p.sessions is not None and p.sessions.unit is Unit.SESSION
    with pytest.raises(InputError, match="received is counted in"):
        Petitions(received="900 hộ")


# =====================================================================================
# Front supervision and social critique, by level
# =====================================================================================


def test_front_supervisions_by_level_add_up_both_ways(bare: Bare) -> None:
    ok = bare(
        front_supervision=FrontSupervision(
            supervisions=1530,
            supervisions_province=12,
            supervisions_district=118,
            supervisions_commune=1400,
        )
    )
    assert rules(ok) == []
    assert ("level.sum-of-levels", True) in ran(ok)
    bad = attrs.evolve(
        ok, front_supervision=attrs.evolve(ok.front_supervision, supervisions_commune=1401)
    )
    assert rules(bad) == [("level.sum-of-levels", "error", "front_supervision.supervisions")]


def test_front_critiques_by_some_levels_are_within_the_whole(bare: Bare) -> None:
    ok = bare(front_supervision=FrontSupervision(critiques=40, critiques_province=5))
    assert rules(ok) == []
    assert ran(ok) == [("level.partial-levels", True)]
    bad = bare(
        front_supervision=FrontSupervision(
            critiques=40, critiques_province=25, critiques_district=20
        )
    )
    assert rules(bad) == [
        (
            "level.partial-levels",
            "error",
            "front_supervision.critiques_province+critiques_district",
        )
    ]


def test_front_answered_made_both_ways(bare: Bare) -> None:
    ok = bare(
        front_supervision=FrontSupervision(
            recommendations=300, answered=250, answered_percent="83,3%"
        )
    )
    assert rules(ok) == []
    bad = bare(front_supervision=FrontSupervision(recommendations=300, answered=320))
    assert rules(bad) == [("front.answered-made", "error", "front_supervision.answered")]
    pct = bare(
        front_supervision=FrontSupervision(
            recommendations=300, answered=250, answered_percent="80%"
        )
    )
    assert rules(pct) == [("percent.matches-ratio", "error", "front_supervision.answered_percent")]


# =====================================================================================
# the level breakdown: left out, complete, partial ("trong đó")
# =====================================================================================


def _dialogues(**kw: Any) -> DialogueConferences:
    return DialogueConferences(conferences=1250, **kw)


@pytest.mark.parametrize(
    ("levels", "given", "found"),
    [
        # left out: every level given must add up; some given must be within the whole
        (None, {"province": 3, "district": 47, "commune": 1200}, []),
        (None, {"province": 3, "district": 47, "commune": 1250}, ["level.sum-of-levels"]),
        (None, {"district": 50, "commune": 1200}, []),
        (None, {"district": 51, "commune": 1200}, ["level.partial-levels"]),
        # complete: a level left out had none, so the levels given must add up
        ("complete", {"district": 50, "commune": 1200}, []),
        ("complete", {"district": 40, "commune": 1200}, ["level.sum-of-levels"]),
        # partial ("trong đó"): within the whole even when every level is given
        ("partial", {"province": 3, "district": 47, "commune": 1100}, []),
        ("partial", {"province": 3, "district": 47, "commune": 1250}, ["level.partial-levels"]),
    ],
)
def test_the_levels_mark_decides_sum_or_some(
    bare: Bare, levels: str | None, given: dict[str, int], found: list[str]
) -> None:
    section = _dialogues(levels=levels, **{f"conferences_{k}": v for k, v in given.items()})
    assert [r for r, _, _ in rules(bare(dialogues=section))] == found


def test_complete_levels_say_that_a_missing_level_counts_as_none(bare: Bare) -> None:
    bad = bare(dialogues=_dialogues(levels="complete", conferences_commune=1200))
    (finding,) = check(bad, against_gazetteer=False)
    assert "the 2 level(s) not given count as none" in finding.message


def test_levels_accept_their_vietnamese_and_refuse_anything_else() -> None:
    assert _dialogues(levels="trong đó").levels is Breakdown.PARTIAL
    assert _dialogues(levels="đủ các cấp").levels is Breakdown.COMPLETE
    with pytest.raises(InputError, match="levels must be 'complete'"):
        _dialogues(levels="some")


def test_dan_van_kheo_models_by_level_both_ways(bare: Bare) -> None:
    ok = bare(
        dan_van_kheo=DanVanKheo(
            registered=1500,
            registered_province=45,
            registered_district=255,
            registered_commune=1200,
        )
    )
    assert rules(ok) == []
    bad = bare(dan_van_kheo=DanVanKheo(registered=1500, registered_commune=1600))
    assert rules(bad) == [("level.partial-levels", "error", "dan_van_kheo.registered_commune")]


def test_dialogue_opinions_by_level_are_checked_too(bare: Bare) -> None:
    bad = bare(
        dialogues=DialogueConferences(
            opinions=500, opinions_province=100, opinions_district=100, opinions_commune=301
        )
    )
    assert rules(bad) == [("level.sum-of-levels", "error", "dialogues.opinions")]


# =====================================================================================
# contributions: money by source, land by kind (m² and ha)
# =====================================================================================


def test_money_by_source_both_ways(bare: Bare) -> None:
    ok = bare(
        contributions=Contributions(
            money="350 tỷ đồng",
            money_budget="100 tỷ đồng",
            money_people="200 tỷ đồng",
            money_enterprises="40 tỷ đồng",
            money_other="10 tỷ đồng",
        )
    )
    assert rules(ok) == []
    assert ("contributions.money-by-source", True) in ran(ok)
    bad = attrs.evolve(ok, contributions=attrs.evolve(ok.contributions, money="300 tỷ đồng"))
    assert rules(bad) == [("contributions.money-by-source", "error", "contributions.money")]


def test_money_given_for_some_sources_is_within_the_total(bare: Bare) -> None:
    ok = bare(contributions=Contributions(money="trên 370 tỷ đồng", money_people="300 tỷ đồng"))
    assert rules(ok) == []
    bad = bare(
        contributions=Contributions(
            money="300 tỷ đồng", money_budget="100 tỷ đồng", money_people="250 tỷ đồng"
        )
    )
    assert rules(bad) == [
        (
            "contributions.money-by-source",
            "error",
            "contributions.money_budget+money_people",
        )
    ]


def test_money_in_trieu_and_ty_is_compared_in_dong(bare: Bare) -> None:
    ok = bare(
        contributions=Contributions(
            money="1,5 tỷ đồng", money_people="1.200 triệu đồng", money_other="300 triệu đồng"
        )
    )
    assert rules(ok) == []


def test_land_by_kind_is_compared_in_square_metres(bare: Bare) -> None:
    """800.000 m² of residential land and 50 ha of farmland are 1.300.000 m²."""
    ok = bare(
        contributions=Contributions(
            land="1.300.000 m²", land_residential="800.000 m²", land_farm="50 ha"
        )
    )
    assert rules(ok) == []
    assert ("contributions.land-by-kind", True) in ran(ok)
    bad = attrs.evolve(ok, contributions=attrs.evolve(ok.contributions, land="1.000.000 m²"))
    ((rule, _, path),) = rules(bad)
    assert (rule, path) == ("contributions.land-by-kind", "contributions.land")
    message = check(bad, against_gazetteer=False)[0].message
    # each part stands for its last printed digit (qcdc.numbers.printed_interval): 50 ha is
    # 49,5 to 50,5 ha, so the sum is an interval of ±5.000,5 m² around 1.300.000
    assert "800.000 + 50 ha = 1.294.999,5 to 1.305.000,5 (in m²), but the total is 1.000.000" in (
        message
    )


def test_a_hedged_land_figure_in_ha_keeps_its_hedge(bare: Bare) -> None:
    """Hưng Yên 2015–2020 (rp-050): trên 800 nghìn m² and gần 500 ha of farmland."""
    ok = bare(
        contributions=Contributions(
            land="5,5 triệu m²", land_residential="trên 800 nghìn m²", land_farm="gần 500 ha"
        )
    )
    assert rules(ok) == []
    bad = attrs.evolve(ok, contributions=attrs.evolve(ok.contributions, land="4 triệu m²"))
    assert [r for r, _, _ in rules(bad)] == ["contributions.land-by-kind"]


def test_contributions_refuse_a_figure_of_another_unit() -> None:
    with pytest.raises(InputError, match="money is counted in"):
        Contributions(money="300 m²")
    with pytest.raises(InputError, match="land is counted in"):
        Contributions(land="300 tỷ đồng")
    with pytest.raises(InputError, match="workdays counts things"):
        Contributions(workdays="2,5")


# =====================================================================================
# democracy in agencies and enterprises; village conventions; awards
# =====================================================================================


def test_agencies_held_required_both_ways(bare: Bare) -> None:
    ok = bare(
        workplace_democracy=WorkplaceDemocracy(
            agencies_required=1200, agencies_held=1200, agencies_percent="100%"
        )
    )
    assert rules(ok) == []
    bad = bare(workplace_democracy=WorkplaceDemocracy(agencies_required=1200, agencies_held=1210))
    assert rules(bad) == [
        ("workplace.agencies-held-required", "error", "workplace_democracy.agencies_held")
    ]


def test_enterprises_held_required_both_ways(bare: Bare) -> None:
    ok = bare(
        workplace_democracy=WorkplaceDemocracy(
            enterprises_required=800, enterprises_held=650, enterprises_percent="81,3%"
        )
    )
    assert rules(ok) == []
    bad = bare(
        workplace_democracy=WorkplaceDemocracy(enterprises_required=800, enterprises_held=820)
    )
    assert rules(bad) == [
        ("workplace.enterprises-held-required", "error", "workplace_democracy.enterprises_held")
    ]


def test_a_workplace_percentage_fitting_only_when_truncated_warns(bare: Bare) -> None:
    """650 / 800 = 81,25 %: printed 81,2 % it fits only when truncated."""
    section = WorkplaceDemocracy(
        enterprises_required=800, enterprises_held=650, enterprises_percent="81,2%"
    )
    assert rules(bare(workplace_democracy=section)) == [
        ("percent.truncated", "warning", "workplace_democracy.enterprises_percent")
    ]


def test_conventions_approved_total_both_ways(bare: Bare) -> None:
    ok = bare(village_conventions=VillageConventions(total=2000, approved=1990, percent="99,5%"))
    assert rules(ok) == []
    bad = bare(village_conventions=VillageConventions(total=2000, approved=2010))
    assert rules(bad) == [("conventions.approved-total", "error", "village_conventions.approved")]
    pct = bare(village_conventions=VillageConventions(total=2000, approved=1990, percent="98%"))
    assert rules(pct) == [("percent.matches-ratio", "error", "village_conventions.percent")]


def test_awards_collectives_individuals_both_ways(bare: Bare) -> None:
    ok = bare(awards=Awards(total=120, collectives=45, individuals=75))
    assert rules(ok) == []
    bad = bare(awards=Awards(total=120, collectives=45, individuals=80))
    assert rules(bad) == [("awards.collectives-individuals", "error", "awards.total")]
    some = bare(awards=Awards(total=120, collectives=130))
    assert rules(some) == [("awards.collectives-individuals", "error", "awards.collectives")]


def test_awards_by_awarding_level_both_ways(bare: Bare) -> None:
    ok = bare(awards=Awards(total=120, total_province=30, total_district=90, levels="complete"))
    assert rules(ok) == []
    bad = bare(awards=Awards(total=125, total_province=30, total_district=90, levels="complete"))
    assert rules(bad) == [("level.sum-of-levels", "error", "awards.total")]
    central = bare(awards=Awards(total=10, total_central=11))
    assert rules(central) == [("level.partial-levels", "error", "awards.total_central")]


# =====================================================================================
# the file format, the schema, the rendering
# =====================================================================================

FILE = """\
place = "01"
period = "năm 2023"
date = 2023-12-15
[source]
document = "x"
[petitions]
received = 900
within_jurisdiction = 600
resolved = 570
resolved_percent = "95%"
[front_supervision]
supervisions = 1530
supervisions_commune = 1400
levels = "partial"
[contributions]
money = "trên 370 tỷ đồng"
land_farm = "gần 500 ha"
workdays = "trên 700 nghìn ngày công"
[workplace_democracy]
agencies_required = 1200
agencies_held = 1200
[village_conventions]
total = 2000
approved = 1990
[awards]
total = 120
collectives = 45
individuals = 75
"""


def test_a_file_with_every_new_section_reads_checks_and_writes_back() -> None:
    report = loads_report(FILE)
    assert report.petitions is not None and str(report.petitions.resolved_percent) == "95%"
    assert report.front_supervision is not None
    assert report.front_supervision.levels is Breakdown.PARTIAL
    assert check(report, against_gazetteer=False) == []
    assert loads_report(dumps_report(report)) == report
    assert loads_report(dumps_report(report, format="json"), format="json") == report
    assert 'levels = "partial"' in dumps_report(report)
    assert 'land_farm = "gần 500 ha"' in dumps_report(report)


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ("[petitions]\nrecieved = 3\n", "petitions.recieved", "received"),
        ("[awards]\ncolectives = 3\n", "awards.colectives", "collectives"),
        ('[front_supervision]\nlevels = "some"\n', "front_supervision", "levels must be"),
        (
            '[village_conventions]\napproved = "3%"\n',
            "village_conventions.approved",
            "not a percentage",
        ),
    ],
)
def test_a_bad_key_names_its_path_and_the_fix(line: str, field: str, words: str) -> None:
    head = 'place = "01"\nperiod = "năm 2023"\n[source]\ndocument = "x"\n'
    with pytest.raises(InputError) as info:
        loads_report(head + line)
    assert info.value.field is not None and info.value.field.startswith(field)
    assert words in str(info.value)


def test_the_schema_lists_the_new_sections_and_their_levels() -> None:
    props = json_schema()["properties"]
    for key in (
        "petitions",
        "front_supervision",
        "contributions",
        "workplace_democracy",
        "village_conventions",
        "awards",
    ):
        assert key in props
    assert props["dialogues"]["properties"]["levels"]["enum"] == ["complete", "partial"]
    assert "levels" not in props["petitions"]["properties"]


def test_render_shows_the_new_sections_with_vietnamese_labels() -> None:
    report = loads_report(FILE)
    checks = run_checks(report, against_gazetteer=False)
    text = render(report, [], fmt="table", checks=checks)
    assert "Tiếp công dân, giải quyết đơn thư (Citizen reception and petitions)" in text
    assert "Số đơn thư thuộc thẩm quyền" in text
    assert "Số cuộc giám sát, cấp xã" in text
    assert "Phân theo cấp" in text and "trong đó" in text
    assert "✓ the resolved are within those of the jurisdiction: resolved 570 ≤ " in text
    md = render(report, [], fmt="markdown", checks=checks)
    assert "| Phân theo cấp | trong đó |" in md
    data = json.loads(render(report, [], fmt="json", checks=checks))
    assert data["awards"] == {"total": 120, "collectives": 45, "individuals": 75}


# =====================================================================================
# properties
# =====================================================================================


@given(consistent_reports(), st.integers(1, 1000))
def test_a_level_moved_above_its_whole_breaks_the_level_rule(
    report: AnnualReport, delta: int
) -> None:
    """The figures by level never exceed their whole: push one level past it and a level
    rule (sum or partial) fires, and nothing else."""
    fs = report.front_supervision
    if fs is None or fs.supervisions is None:
        return
    whole = int(fs.supervisions.value)
    broken = attrs.evolve(
        report,
        front_supervision=attrs.evolve(
            fs,
            supervisions_province=whole + delta,
            supervisions_district=None,
            supervisions_commune=None,
        ),
    )
    assert {f.rule for f in check(broken, against_gazetteer=False)} <= {
        "level.sum-of-levels",
        "level.partial-levels",
    }
    assert check(broken, against_gazetteer=False)


@given(consistent_reports(), st.integers(1, 1000))
def test_resolved_above_within_always_breaks_its_named_rule(
    report: AnnualReport, delta: int
) -> None:
    """Petitions resolved ≤ those within the jurisdiction, whatever else the report says."""
    p = report.petitions
    if p is None or p.within_jurisdiction is None:
        return
    broken = attrs.evolve(
        report,
        petitions=attrs.evolve(
            p, resolved=int(p.within_jurisdiction.value) + delta, resolved_percent=None
        ),
    )
    assert [f.rule for f in check(broken, against_gazetteer=False)] == ["petitions.resolved-within"]


@given(consistent_reports(), st.integers(1, 10**6))
def test_money_off_by_any_amount_breaks_its_sources(report: AnnualReport, delta: int) -> None:
    """Money raised equals the sum of its sources (a million đồng, the last printed digit,
    off is off)."""
    c = report.contributions
    if c is None or c.money is None:
        return
    parts = [c.money_budget, c.money_people, c.money_enterprises, c.money_other]
    if any(p is None for p in parts):
        return
    broken = attrs.evolve(
        report,
        contributions=attrs.evolve(c, money=attrs.evolve(c.money, number=c.money.number + delta)),
    )
    assert [f.rule for f in check(broken, against_gazetteer=False)] == [
        "contributions.money-by-source"
    ]


@pytest.mark.parametrize(
    ("section", "key", "printed", "unit"),
    [
        (Awards, "collectives", "45 tập thể", Unit.COLLECTIVE),
        (Awards, "individuals", "120 cá nhân", Unit.INDIVIDUAL),
        (VillageConventions, "total", "320 quy ước, hương ước", Unit.CONVENTION),
        (VillageConventions, "approved", "300 hương ước", Unit.CONVENTION),
        (WorkplaceDemocracy, "agencies_required", "15 cơ quan", Unit.AGENCY),
        (WorkplaceDemocracy, "enterprises_required", "12 doanh nghiệp", Unit.ENTERPRISE),
        (Petitions, "citizens", "1.200 lượt công dân", Unit.ATTENDANCE),
    ],
)
def test_a_figure_is_written_with_the_word_it_is_printed_with(
    section: type[Any], key: str, printed: str, unit: Unit
) -> None:
    """ "45 tập thể", "320 quy ước" … as printed: the unit word is read, not refused."""
    figure = getattr(section(**{key: printed}), key)
    assert figure.unit is unit


@pytest.mark.parametrize(
    ("section", "key", "printed"),
    [
        (Awards, "collectives", "45 cá nhân"),
        (Awards, "individuals", "120 tập thể"),
        (VillageConventions, "approved", "300 doanh nghiệp"),
        (WorkplaceDemocracy, "enterprises_required", "12 cơ quan"),
    ],
)
def test_a_figure_printed_with_another_sections_word_is_refused(
    section: type[Any], key: str, printed: str
) -> None:
    with pytest.raises(InputError, match="is counted in"):
        section(**{key: printed})
