"""qcdc.hamlets.standards: the versioned household standards, the region table, the merge rule."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

import qcdc
import qcdc.hamlets.standards as standards
from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.errors import NoApplicableRule, QcdcError
from qcdc.hamlets.standards import (
    DEFAULT_REGIONS,
    DEFAULT_RULEBOOK,
    Assessment,
    CommunityFamily,
    HouseholdMinimum,
    InvalidRulebook,
    Location,
    MergeRule,
    MergeStatus,
    Region,
    RegionAssignment,
    RegionTable,
    Rulebook,
    UnknownRule,
    default_rulebook,
    weakest,
)
from qcdc.text import fold

H = CommunityFamily.HAMLET
T = CommunityFamily.RESIDENTIAL_GROUP
D2012 = dt.date(2015, 6, 1)
D2017 = dt.date(2018, 6, 1)
D2018 = dt.date(2021, 12, 17)

# one province per region (pre-2025 codes): Lào Cai, Hải Dương, Quảng Nam, Gia Lai, Cần Thơ
PROVINCE_OF = {
    Region.NORTHERN_MIDLANDS_AND_MOUNTAINS: "10",
    Region.RED_RIVER_DELTA: "30",
    Region.CENTRAL: "49",
    Region.CENTRAL_HIGHLANDS: "64",
    Region.SOUTH: "92",
}
R = Region

# legal basis §1.3, table by table: (family, region, on, minimum, confidence)
TABLE = [
    (H, R.NORTHERN_MIDLANDS_AND_MOUNTAINS, D2012, 100, Confidence.UNSURE),
    (H, R.RED_RIVER_DELTA, D2012, 200, Confidence.UNSURE),
    (H, R.CENTRAL, D2012, 200, Confidence.UNSURE),
    (H, R.CENTRAL_HIGHLANDS, D2012, 100, Confidence.UNSURE),
    (H, R.SOUTH, D2012, 200, Confidence.UNSURE),
    (H, R.NORTHERN_MIDLANDS_AND_MOUNTAINS, D2017, 200, Confidence.UNSURE),
    (H, R.RED_RIVER_DELTA, D2017, 400, Confidence.UNSURE),
    (H, R.CENTRAL, D2017, 400, Confidence.UNSURE),
    (H, R.CENTRAL_HIGHLANDS, D2017, 400, Confidence.UNSURE),
    (H, R.SOUTH, D2017, 500, Confidence.UNSURE),
    (H, R.NORTHERN_MIDLANDS_AND_MOUNTAINS, D2018, 150, Confidence.SURE),
    (H, R.RED_RIVER_DELTA, D2018, 300, Confidence.SURE),
    (H, R.CENTRAL, D2018, 250, Confidence.SURE),
    (H, R.CENTRAL_HIGHLANDS, D2018, 200, Confidence.SURE),
    (H, R.SOUTH, D2018, 350, Confidence.SURE),
    (T, R.NORTHERN_MIDLANDS_AND_MOUNTAINS, D2012, 150, Confidence.UNSURE),
    (T, R.RED_RIVER_DELTA, D2012, 250, Confidence.UNSURE),
    (T, R.CENTRAL, D2012, 250, Confidence.UNSURE),
    (T, R.CENTRAL_HIGHLANDS, D2012, 150, Confidence.UNSURE),
    (T, R.SOUTH, D2012, 250, Confidence.UNSURE),
    (T, R.NORTHERN_MIDLANDS_AND_MOUNTAINS, D2017, 300, Confidence.UNSURE),
    (T, R.RED_RIVER_DELTA, D2017, 500, Confidence.UNSURE),
    (T, R.CENTRAL, D2017, 500, Confidence.UNSURE),
    (T, R.CENTRAL_HIGHLANDS, D2017, 300, Confidence.UNSURE),
    (T, R.SOUTH, D2017, 500, Confidence.UNSURE),
    (T, R.NORTHERN_MIDLANDS_AND_MOUNTAINS, D2018, 200, Confidence.SURE),
    (T, R.RED_RIVER_DELTA, D2018, 350, Confidence.SURE),
    (T, R.CENTRAL, D2018, 300, Confidence.SURE),
    (T, R.CENTRAL_HIGHLANDS, D2018, 250, Confidence.UNSURE),
    (T, R.SOUTH, D2018, 400, Confidence.LIKELY),
]


def test_all_is_public_and_complete() -> None:
    public = {
        n
        for n, v in vars(standards).items()
        if not n.startswith("_") and getattr(v, "__module__", None) == "qcdc.hamlets.standards"
    }
    assert public <= set(standards.__all__)
    for name in standards.__all__:
        assert hasattr(standards, name)


@pytest.mark.parametrize(("family", "region", "on", "minimum", "confidence"), TABLE)
def test_minimums_follow_the_facts_table(
    family: CommunityFamily, region: Region, on: dt.date, minimum: int, confidence: Confidence
) -> None:
    rule = DEFAULT_RULEBOOK.minimum_for(family, province_code=PROVINCE_OF[region], on=on)
    assert rule.minimum == minimum
    assert rule.citation.confidence is confidence
    assert rule.regions == {region}


@pytest.mark.parametrize(
    ("on", "document"),
    [
        (dt.date(2012, 10, 15), "Thông tư 04/2012/TT-BNV"),
        (dt.date(2018, 2, 28), "Thông tư 04/2012/TT-BNV"),
        (dt.date(2018, 3, 1), "Thông tư 09/2017/TT-BNV"),
        (dt.date(2019, 1, 19), "Thông tư 09/2017/TT-BNV"),
        (dt.date(2019, 1, 20), "Thông tư 14/2018/TT-BNV"),
        (dt.date(2026, 1, 6), "Thông tư 14/2018/TT-BNV"),
    ],
)
def test_versions_take_effect_on_their_dates(on: dt.date, document: str) -> None:
    rule = DEFAULT_RULEBOOK.minimum_for(H, province_code="01", on=on)
    assert rule.citation.document == document
    assert rule.period.contains(on)


def test_before_the_first_circular_there_is_no_rule() -> None:
    with pytest.raises(NoApplicableRule, match="2012-10-14") as info:
        DEFAULT_RULEBOOK.minimum_for(H, province_code="01", on=dt.date(2012, 10, 14))
    assert isinstance(info.value, QcdcError)
    assert isinstance(info.value, LookupError)


def test_ha_noi_has_its_own_residential_group_figure_but_not_for_hamlets() -> None:
    tdp = DEFAULT_RULEBOOK.minimum_for(T, province_code="01", on=D2018)
    assert (tdp.minimum, tdp.citation.confidence, tdp.provinces) == (450, Confidence.SURE, {"01"})
    thon = DEFAULT_RULEBOOK.minimum_for(H, province_code="01", on=D2018)
    assert thon.minimum == 300
    # before 2019 Hà Nội follows its region
    assert DEFAULT_RULEBOOK.minimum_for(T, province_code="01", on=D2017).minimum == 500


@pytest.mark.parametrize(
    ("family", "province", "border", "island", "minimum", "confidence"),
    [
        (T, "79", False, False, 500, Confidence.UNSURE),  # TP HCM
        (T, "92", False, True, 150, Confidence.UNSURE),  # island thị trấn
        (H, "92", True, False, 100, Confidence.SURE),  # border xã in the south
        (H, "10", False, True, 100, Confidence.SURE),
        (H, "92", True, True, 100, Confidence.SURE),
        (T, "10", True, False, 200, Confidence.SURE),  # no border rule for tổ dân phố
    ],
)
def test_special_cases(
    family: CommunityFamily,
    province: str,
    border: bool,
    island: bool,
    minimum: int,
    confidence: Confidence,
) -> None:
    rule = DEFAULT_RULEBOOK.minimum_for(
        family, province_code=province, on=D2018, border=border, island=island
    )
    assert (rule.minimum, rule.citation.confidence) == (minimum, confidence)


def test_uncertain_values_are_never_shipped_as_sure() -> None:
    uncertain = {
        ("tt14-2018.residential-group.tp-ho-chi-minh", 500),
        ("tt14-2018.residential-group.central-highlands", 250),
        ("tt14-2018.residential-group.island", 150),
    }
    for rule_id, minimum in uncertain:
        rule = DEFAULT_RULEBOOK.rule(rule_id)
        assert isinstance(rule, HouseholdMinimum)
        assert rule.minimum == minimum
        assert rule.citation.confidence is Confidence.UNSURE
        assert rule.citation.note
    for rule in DEFAULT_RULEBOOK.minimums:
        assert rule.citation.url and rule.citation.url.startswith("http")
        if rule.period.start < dt.date(2019, 1, 20) and rule.regions:
            assert rule.citation.confidence is Confidence.UNSURE


def test_unknown_rule_id() -> None:
    with pytest.raises(UnknownRule, match="no rule 'nope'"):
        DEFAULT_RULEBOOK.rule("nope")


@pytest.mark.parametrize(
    ("households", "status"),
    [
        (0, MergeStatus.MUST_MERGE),
        (149, MergeStatus.MUST_MERGE),
        (150, MergeStatus.MAY_MERGE),  # exactly 50 % is not below 50 %
        (299, MergeStatus.MAY_MERGE),
        (300, MergeStatus.COMPLIES),
        (900, MergeStatus.COMPLIES),
    ],
)
def test_merge_status_thresholds(households: int, status: MergeStatus) -> None:
    a = DEFAULT_RULEBOOK.assess(households, H, province_code="01", on=D2018)
    assert a.status is status
    assert a.minimum == 300
    assert a.must_merge_below == 150


def test_assessment_cites_its_rules_and_weakest_confidence() -> None:
    a = DEFAULT_RULEBOOK.assess(120, H, province_code="49", on=D2018)
    assert isinstance(a, Assessment)
    assert a.rule.rule_id == "tt14-2018.hamlet.central"
    assert a.region is not None and a.region.region is Region.CENTRAL
    # the rule is sure, the merge rule likely, the region mapping of "Miền Trung" unsure
    assert a.confidence is Confidence.UNSURE
    assert a.ratio == Decimal("0.480")
    assert len(a.citations) == 2
    text = a.explain()
    assert "tt14-2018.hamlet.central" in text and "must merge" in text and "Miền Trung" in text
    hn = DEFAULT_RULEBOOK.assess(460, T, province_code="01", on=D2018)
    assert hn.region is None  # the Hà Nội rule does not depend on the region
    assert hn.confidence is Confidence.LIKELY
    assert "meets the minimum 450" in hn.explain()
    may = DEFAULT_RULEBOOK.assess(300, T, province_code="01", on=D2018)
    assert "below the minimum 450" in may.explain() and may.status is MergeStatus.MAY_MERGE


def test_merge_rule_starts_with_the_2017_amendment() -> None:
    assert DEFAULT_RULEBOOK.merge_rule(dt.date(2018, 3, 1)).citation.article == "Điều 7a"
    with pytest.raises(NoApplicableRule, match="which existing units must merge"):
        DEFAULT_RULEBOOK.assess(10, H, province_code="01", on=D2012)


def test_merge_rule_shares_are_validated() -> None:
    with pytest.raises(ValueError, match="must_below <= may_below"):
        MergeRule("x", EffectivePeriod(D2018), Citation("doc"), must_below="0.8", may_below="0.5")
    rule = MergeRule("x", EffectivePeriod(D2018), Citation("doc"), must_below=Decimal("0.3"))
    assert rule.status(29, 100) is MergeStatus.MUST_MERGE
    assert rule.status(30, 100) is MergeStatus.MAY_MERGE


def test_weakest() -> None:
    assert weakest() is Confidence.SURE
    assert weakest(Confidence.SURE, Confidence.LIKELY) is Confidence.LIKELY
    assert weakest(Confidence.UNVERIFIED, Confidence.UNSURE) is Confidence.UNVERIFIED


# --------------------------------------------------------------------------- regions


def test_pre_2025_table_covers_the_63_provinces_of_the_gazetteer() -> None:
    g = qcdc.gazetteer()
    provinces = list(g.units(on=D2018, level="province"))
    assert len(provinces) == 63
    assert {p.code for p in provinces} == set(DEFAULT_REGIONS.provinces)
    for p in provinces:
        name = DEFAULT_REGIONS.provinces[p.code].name
        assert name is not None and fold(name) in fold(p.name), (p.code, p.name, name)
    counts = Counter(a.region for a in DEFAULT_REGIONS.provinces.values())
    assert counts == {
        Region.NORTHERN_MIDLANDS_AND_MOUNTAINS: 14,
        Region.RED_RIVER_DELTA: 11,
        Region.CENTRAL: 14,
        Region.CENTRAL_HIGHLANDS: 5,
        Region.SOUTH: 19,
    }


def test_two_tier_table_covers_the_34_provinces_of_the_gazetteer() -> None:
    g = qcdc.gazetteer()
    on = dt.date(2025, 7, 1)
    provinces = list(g.units(on=on, level="province"))
    assert {p.code for p in provinces} == set(DEFAULT_REGIONS.two_tier_provinces)
    for p in provinces:
        name = DEFAULT_REGIONS.two_tier_provinces[p.code].name
        assert name is not None and fold(name) in fold(p.name), (p.code, p.name, name)
    counts = Counter(a.region for a in DEFAULT_REGIONS.two_tier_provinces.values())
    assert counts == {
        Region.NORTHERN_MIDLANDS_AND_MOUNTAINS: 9,
        Region.RED_RIVER_DELTA: 6,
        Region.CENTRAL: 8,
        Region.CENTRAL_HIGHLANDS: 3,
        Region.SOUTH: 8,
    }
    assert all(
        a.confidence is Confidence.UNSURE for a in DEFAULT_REGIONS.two_tier_provinces.values()
    )


def test_region_confidence_says_where_the_mapping_is_an_interpretation() -> None:
    t = DEFAULT_REGIONS
    assert t.assignment("49", on=D2018).confidence is Confidence.UNSURE  # Miền Trung
    assert t.assignment("92", on=D2018).confidence is Confidence.UNSURE  # Miền Nam
    assert t.assignment("01", on=D2018).confidence is Confidence.LIKELY
    note = t.assignment("49", on=D2018).note
    assert note is not None and "interpretation" in note
    straddler = t.assignment("52", on=dt.date(2025, 7, 1))
    assert straddler.region is Region.CENTRAL_HIGHLANDS
    assert straddler.note is not None and "straddles" in straddler.note


def test_codes_change_meaning_on_1_july_2025() -> None:
    # 24 was Bắc Giang (northern midlands), is Bắc Ninh (Red River delta)
    assert (
        DEFAULT_REGIONS.region_of("24", on=dt.date(2025, 6, 30))
        is Region.NORTHERN_MIDLANDS_AND_MOUNTAINS
    )
    assert DEFAULT_REGIONS.region_of("24", on=dt.date(2025, 7, 1)) is Region.RED_RIVER_DELTA


def test_unknown_province_has_no_region() -> None:
    with pytest.raises(NoApplicableRule, match="region of province '99'"):
        DEFAULT_REGIONS.region_of("99", on=D2018)
    with pytest.raises(NoApplicableRule, match="34-province"):
        DEFAULT_REGIONS.region_of("02", on=dt.date(2025, 7, 1))  # Hà Giang was absorbed


def test_overrides_per_commune_and_province() -> None:
    t = DEFAULT_REGIONS.with_overrides(
        communes={"21550": "Tây Nguyên"},
        provinces={"22": Region.NORTHERN_MIDLANDS_AND_MOUNTAINS},
        two_tier_provinces={"52": RegionAssignment("Miền Trung", Confidence.LIKELY, "mine")},
    )
    assert t.region_of("52", on=D2018, commune_code="21550") is Region.CENTRAL_HIGHLANDS
    assert t.region_of("52", on=D2018, commune_code="21553") is Region.CENTRAL
    assert t.assignment("52", on=D2018, commune_code="21550").confidence is Confidence.SURE
    assert t.region_of("22", on=D2018) is Region.NORTHERN_MIDLANDS_AND_MOUNTAINS
    assert t.region_of("52", on=dt.date(2025, 7, 1)) is Region.CENTRAL
    assert DEFAULT_REGIONS.region_of("22", on=D2018) is Region.RED_RIVER_DELTA  # unchanged
    book = DEFAULT_RULEBOOK.with_regions(t)
    assert book.minimum_for(H, province_code="52", on=D2018, commune_code="21550").minimum == 200
    assert book.minimum_for(H, province_code="52", on=D2018, commune_code="21553").minimum == 250


def test_region_parse() -> None:
    assert Region.parse("dong bang song hong") is Region.RED_RIVER_DELTA
    assert Region.parse("CENTRAL_HIGHLANDS") is Region.CENTRAL_HIGHLANDS
    assert Region.parse("south") is Region.SOUTH
    assert Region.parse(Region.CENTRAL) is Region.CENTRAL
    assert str(Region.CENTRAL) == "Miền Trung"
    with pytest.raises(ValueError, match="region must be one of"):
        Region.parse("Đông Nam Bộ")


def test_region_table_validates_codes() -> None:
    with pytest.raises(QcdcError):
        RegionTable(provinces={"abc": "Miền Nam"}, two_tier_provinces={})


# --------------------------------------------------------------------------- rulebooks


def _rule(
    rule_id: str, minimum: int, start: dt.date, end: dt.date | None = None, **scope: object
) -> HouseholdMinimum:
    return HouseholdMinimum(
        rule_id,
        H,
        minimum,
        EffectivePeriod(start, end),
        Citation("my rules"),
        **scope,
    )


_MERGE = MergeRule("m", EffectivePeriod(dt.date(2000, 1, 1)), Citation("my merge rule"))


def test_a_user_rulebook_replaces_the_default() -> None:
    book = Rulebook("mine", [_rule("all", 120, dt.date(2000, 1, 1))], [_MERGE])
    a = book.assess(59, H, province_code="01", on=D2018)
    assert (a.minimum, a.status, a.region) == (120, MergeStatus.MUST_MERGE, None)
    assert book.in_force(D2018) == book.minimums
    assert book.in_force(dt.date(1999, 1, 1)) == ()


def test_most_specific_rule_wins_and_ties_take_the_most_lenient() -> None:
    start = dt.date(2000, 1, 1)
    book = Rulebook(
        "mine",
        [
            _rule("general", 300, start),
            _rule("region", 250, start, regions={"Miền Nam"}),
            _rule("province", 400, start, provinces={"92"}),
            _rule("border", 120, start, locations={Location.BORDER}),
            _rule("island", 90, start, locations={Location.ISLAND}),
        ],
        [_MERGE],
    )
    assert book.minimum_for(H, province_code="92", on=D2018).rule_id == "province"
    assert book.minimum_for(H, province_code="94", on=D2018).rule_id == "region"
    assert book.minimum_for(H, province_code="01", on=D2018).rule_id == "general"
    assert book.minimum_for(H, province_code="92", on=D2018, border=True).rule_id == "border"
    both = book.minimum_for(H, province_code="92", on=D2018, border=True, island=True)
    assert both.rule_id == "island"


def test_no_matching_rule() -> None:
    book = Rulebook(
        "mine", [_rule("south", 250, dt.date(2000, 1, 1), regions={"Miền Nam"})], [_MERGE]
    )
    with pytest.raises(NoApplicableRule, match="no rule of 'mine' covers"):
        book.minimum_for(H, province_code="01", on=D2018)
    with pytest.raises(NoApplicableRule, match="tổ dân phố"):
        book.minimum_for(T, province_code="92", on=D2018)


def test_contradictory_rulebooks_are_refused() -> None:
    start = dt.date(2000, 1, 1)
    with pytest.raises(InvalidRulebook, match="used twice"):
        Rulebook("x", [_rule("a", 1, start), _rule("a", 2, start, provinces={"01"})], [])
    with pytest.raises(InvalidRulebook, match="overlapping periods"):
        Rulebook("x", [_rule("a", 1, start), _rule("b", 2, dt.date(2010, 1, 1))], [])
    # the same scope in consecutive periods is fine
    Rulebook(
        "x", [_rule("a", 1, start, dt.date(2010, 1, 1)), _rule("b", 2, dt.date(2010, 1, 1))], []
    )
    other = MergeRule("n", EffectivePeriod(dt.date(2010, 1, 1)), Citation("x"))
    with pytest.raises(InvalidRulebook, match="overlap in time"):
        Rulebook("x", [], [_MERGE, other])
    assert issubclass(InvalidRulebook, ValueError)


def test_with_rules_replaces_what_it_overlaps() -> None:
    mine = HouseholdMinimum(
        "my.ha-noi",
        T,
        400,
        EffectivePeriod(dt.date(2022, 1, 1)),
        Citation("my decision"),
        provinces={"01"},
    )
    book = DEFAULT_RULEBOOK.with_rules(mine, name="Hà Nội 2022")
    assert book.name == "Hà Nội 2022"
    assert book.minimum_for(T, province_code="01", on=dt.date(2022, 6, 1)).minimum == 400
    # the old Hà Nội rule overlapped and is gone, so 2021 falls back to the region figure
    assert book.minimum_for(T, province_code="01", on=D2018).minimum == 350
    stricter = MergeRule("my.merge", EffectivePeriod(dt.date(2018, 3, 1)), Citation("x"), "0.6")
    book2 = DEFAULT_RULEBOOK.with_rules(stricter)
    assert book2.merge_rule(D2018).rule_id == "my.merge"
    assert default_rulebook() is DEFAULT_RULEBOOK


def test_rule_describe_and_enums() -> None:
    rule = DEFAULT_RULEBOOK.minimum_for(T, province_code="01", on=D2018)
    assert rule.describe() == "Thông tư 14/2018/TT-BNV: tổ dân phố, Hà Nội ≥ 450 households"
    assert rule.specificity == (False, True, False)
    assert str(CommunityFamily.HAMLET) == "thôn" and CommunityFamily.HAMLET.vietnamese == "thôn"
    assert MergeStatus.MUST_MERGE.vietnamese == "phải sáp nhập"
    assert str(MergeStatus.COMPLIES) == "complies"
    assert str(Location.ISLAND) == "hải đảo"
    assert Region.SOUTH.vietnamese == "Miền Nam" and Region.SOUTH.slug == "south"
