"""Versioned legal rulebooks: the household standards for hamlets and residential groups.

A thôn (hamlet) or tổ dân phố (residential group) needs a minimum number of
households, set by the Interior Ministry's circular on their organisation
(Thông tư 04/2012/TT-BNV, amended by 09/2017 and 14/2018, the last one left
unchanged by 05/2022).  The minimum depends on the *version* in force, the
*region* of the commune (the circular's own region words, assigned by the tables of
:mod:`qcdc.hamlets.regions`), a few provinces with their own figure, and border or
island location.  An existing unit below
50 % of the minimum must merge; between 50 % and 100 % it may merge.

Every rule is data: it has an :class:`~qcdc.citations.EffectivePeriod`, the
scope it applies to, and a :class:`~qcdc.citations.Citation` with a
confidence.  Figures we could not confirm carry ``Confidence.UNSURE``; the
answer for a community reports the weakest confidence among the rules and the
region assignment it used.  Pass your own :class:`Rulebook` wherever qcdc takes
``rulebook=``.

>>> import datetime as dt
>>> book = default_rulebook()
>>> a = book.assess(120, CommunityFamily.HAMLET, province_code="01", on=dt.date(2021, 12, 17))
>>> a.status, a.minimum, a.rule.citation.document
(<MergeStatus.MUST_MERGE: 'must merge'>, 300, 'Thông tư 14/2018/TT-BNV')
>>> hcm = book.minimum_for(CommunityFamily.RESIDENTIAL_GROUP, province_code="79",
...                        on=dt.date(2021, 12, 17))
>>> hcm.minimum, hcm.citation.confidence
(500, <Confidence.UNSURE: 'unsure'>)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import attrs

from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.errors import NoApplicableRule, QcdcError
from qcdc.hamlets.regions import (  # re-exported: this module held them before the split
    _CEN,
    _CH,
    _NMM,
    _RRD,
    _SOU,
    DEFAULT_REGIONS,
    TWO_TIER_START,
    Region,
    RegionAssignment,
    RegionTable,
    _province_code,
)
from qcdc.text import fold

__all__ = [
    "DEFAULT_REGIONS",
    "DEFAULT_RULEBOOK",
    "TWO_TIER_START",
    "Assessment",
    "CommunityFamily",
    "HouseholdMinimum",
    "InvalidRulebook",
    "Location",
    "MergeRule",
    "MergeStatus",
    "Region",
    "RegionAssignment",
    "RegionTable",
    "Rulebook",
    "UnknownRule",
    "default_rulebook",
    "weakest",
]


class InvalidRulebook(QcdcError, ValueError):
    """A rulebook contradicts itself (two rules for the same case and date, duplicate ids)."""


class UnknownRule(QcdcError, LookupError):
    """A rule id that the rulebook does not have."""


class CommunityFamily(enum.Enum):
    """The two families of self-managing communities below a commune."""

    HAMLET = "thôn"
    """thôn and its local names (làng, ấp, bản, buôn, bon, phum, sóc, xóm …), in a xã."""
    RESIDENTIAL_GROUP = "tổ dân phố"
    """tổ dân phố and its local names (khu phố, khối phố, khóm, tiểu khu …), in a phường
    or thị trấn."""

    @property
    def vietnamese(self) -> str:
        return self.value

    def __str__(self) -> str:
        return self.value


class Location(enum.Enum):
    """Special locations that have their own minimum."""

    BORDER = "biên giới"
    """a xã on the land border (xã biên giới)."""
    ISLAND = "hải đảo"
    """a xã on an island (xã đảo), or a unit in an island district."""

    def __str__(self) -> str:
        return self.value


class MergeStatus(enum.Enum):
    """What the merge rule says about an existing community."""

    MUST_MERGE = "must merge"
    """below the must-merge share (50 %) of the minimum."""
    MAY_MERGE = "may merge"
    """at or above 50 % but below 100 % of the minimum: encouraged where convenient."""
    COMPLIES = "complies"
    """at or above the minimum."""

    @property
    def vietnamese(self) -> str:
        return _STATUS_VI[self]

    def __str__(self) -> str:
        return self.value


_STATUS_VI = {
    MergeStatus.MUST_MERGE: "phải sáp nhập",
    MergeStatus.MAY_MERGE: "khuyến khích sáp nhập",
    MergeStatus.COMPLIES: "đạt tiêu chuẩn",
}

_CONFIDENCE_ORDER = {
    Confidence.SURE: 0,
    Confidence.LIKELY: 1,
    Confidence.UNSURE: 2,
    Confidence.UNVERIFIED: 3,
}


def weakest(*confidences: Confidence) -> Confidence:
    """The least certain of several confidences (``SURE`` when given none)."""
    if not confidences:
        return Confidence.SURE
    return max(confidences, key=_CONFIDENCE_ORDER.__getitem__)


def _frozen_regions(value: Iterable[Region | str]) -> frozenset[Region]:
    return frozenset(Region.parse(v) for v in value)


def _frozen_provinces(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    return frozenset(_province_code(v) for v in value)


def _frozen_locations(value: Iterable[Location]) -> frozenset[Location]:
    return frozenset(value)


@attrs.frozen
class HouseholdMinimum:
    """One rule: the minimum households for a new thôn / tổ dân phố in a scope and period.

    Scope: ``regions`` (empty: every region), ``provinces`` (empty: every
    province; province codes as in force on the date asked), ``locations``
    (empty: any location; otherwise the community must be in one of them).
    When several rules apply, the most specific wins: a location rule over a
    province rule over a region rule over a general one; among equally specific
    rules the smallest minimum (the most lenient) wins.
    """

    rule_id: str = attrs.field(validator=attrs.validators.min_len(1))
    family: CommunityFamily = attrs.field(validator=attrs.validators.instance_of(CommunityFamily))
    minimum: int = attrs.field(
        validator=[attrs.validators.instance_of(int), attrs.validators.gt(0)]
    )
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    regions: frozenset[Region] = attrs.field(default=frozenset(), converter=_frozen_regions)
    provinces: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_provinces)
    locations: frozenset[Location] = attrs.field(
        default=frozenset(),
        converter=_frozen_locations,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Location)),
    )
    label: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    @property
    def specificity(self) -> tuple[bool, bool, bool]:
        return (bool(self.locations), bool(self.provinces), bool(self.regions))

    @property
    def scope(
        self,
    ) -> tuple[CommunityFamily, frozenset[Region], frozenset[str], frozenset[Location]]:
        return (self.family, self.regions, self.provinces, self.locations)

    def matches(
        self,
        family: CommunityFamily,
        *,
        region: Region | None,
        province_code: str,
        border: bool,
        island: bool,
    ) -> bool:
        if family is not self.family:
            return False
        if self.regions and region not in self.regions:
            return False
        if self.provinces and province_code not in self.provinces:
            return False
        if self.locations:
            here = {Location.BORDER} if border else set()
            if island:
                here.add(Location.ISLAND)
            if not (self.locations & here):
                return False
        return True

    def describe(self) -> str:
        """``"Thông tư 14/2018/TT-BNV: tổ dân phố, Hà Nội ≥ 450 households"``."""
        what = self.label or self.family.vietnamese
        return f"{self.citation.document}: {what} ≥ {self.minimum} households"


def _to_decimal(value: Decimal | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _check_shares(instance: MergeRule, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not (Decimal(0) < instance.must_below <= instance.may_below):
        raise ValueError(
            "merge rule shares must satisfy 0 < must_below <= may_below, got "
            f"{instance.must_below} and {instance.may_below}"
        )


@attrs.frozen
class MergeRule:
    """Which existing units must or may merge: shares of the minimum, by period."""

    rule_id: str = attrs.field(validator=attrs.validators.min_len(1))
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))
    must_below: Decimal = attrs.field(default=Decimal("0.5"), converter=_to_decimal)
    may_below: Decimal = attrs.field(
        default=Decimal("1"), converter=_to_decimal, validator=_check_shares
    )

    def status(self, households: int, minimum: int) -> MergeStatus:
        """Classify: below ``must_below × minimum`` must merge, below ``may_below ×`` may."""
        h = Decimal(households)
        if h < self.must_below * minimum:
            return MergeStatus.MUST_MERGE
        if h < self.may_below * minimum:
            return MergeStatus.MAY_MERGE
        return MergeStatus.COMPLIES


@attrs.frozen
class Assessment:
    """The answer for one community on one date, citing every rule it used."""

    status: MergeStatus
    households: int
    minimum: int
    family: CommunityFamily
    on: dt.date
    rule: HouseholdMinimum
    merge_rule: MergeRule
    region: RegionAssignment | None
    """the region assignment used, or ``None`` when the rule did not depend on the region."""

    @property
    def ratio(self) -> Decimal:
        """households / minimum, rounded half-up to 3 decimal places."""
        return (Decimal(self.households) / Decimal(self.minimum)).quantize(
            Decimal("0.001"), rounding=ROUND_HALF_UP
        )

    @property
    def must_merge_below(self) -> Decimal:
        """The household count below which the unit must merge."""
        return self.merge_rule.must_below * self.minimum

    @property
    def citations(self) -> tuple[Citation, ...]:
        return (self.rule.citation, self.merge_rule.citation)

    @property
    def confidence(self) -> Confidence:
        """The weakest confidence among the size rule, the merge rule and the region used."""
        parts = [self.rule.citation.confidence, self.merge_rule.citation.confidence]
        if self.region is not None:
            parts.append(self.region.confidence)
        return weakest(*parts)

    def explain(self) -> str:
        """One sentence: the count, the threshold, the rule, the confidence."""
        share = f"{(self.merge_rule.must_below * 100).normalize():f}%"
        where = f", region {self.region.region.value}" if self.region is not None else ""
        if self.status is MergeStatus.MUST_MERGE:
            verdict = f"below {share} of the minimum {self.minimum}"
        elif self.status is MergeStatus.MAY_MERGE:
            verdict = f"at least {share} but below the minimum {self.minimum}"
        else:
            verdict = f"meets the minimum {self.minimum}"
        return (
            f"{self.households} households, {verdict} ({self.rule.citation.document}{where}; "
            f"rule {self.rule.rule_id}; confidence {self.confidence.value}): {self.status.value}"
        )


def _to_rules(value: Iterable[HouseholdMinimum]) -> tuple[HouseholdMinimum, ...]:
    return tuple(value)


def _to_merge_rules(value: Iterable[MergeRule]) -> tuple[MergeRule, ...]:
    return tuple(value)


def _overlap(a: EffectivePeriod, b: EffectivePeriod) -> bool:
    return (a.end is None or b.start < a.end) and (b.end is None or a.start < b.end)


@attrs.frozen
class Rulebook:
    """A set of household-minimum rules and merge rules, with the region table they use.

    Two rules for the same scope may not overlap in time, and rule ids are
    unique; a contradiction raises :class:`InvalidRulebook`.
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    minimums: tuple[HouseholdMinimum, ...] = attrs.field(converter=_to_rules)
    merge_rules: tuple[MergeRule, ...] = attrs.field(converter=_to_merge_rules)
    regions: RegionTable = attrs.field(
        factory=lambda: DEFAULT_REGIONS, validator=attrs.validators.instance_of(RegionTable)
    )

    def __attrs_post_init__(self) -> None:
        seen: dict[str, object] = {}
        for rule in self._all_rules():
            if rule.rule_id in seen:
                raise InvalidRulebook(f"rule id {rule.rule_id!r} is used twice in {self.name!r}")
            seen[rule.rule_id] = rule
        for i, a in enumerate(self.minimums):
            for b in self.minimums[i + 1 :]:
                if a.scope == b.scope and _overlap(a.period, b.period):
                    raise InvalidRulebook(
                        f"rules {a.rule_id!r} and {b.rule_id!r} cover the same case over "
                        f"overlapping periods ({a.period} and {b.period}); end one of them"
                    )
        for i, m in enumerate(self.merge_rules):
            for n in self.merge_rules[i + 1 :]:
                if _overlap(m.period, n.period):
                    raise InvalidRulebook(
                        f"merge rules {m.rule_id!r} and {n.rule_id!r} overlap in time"
                    )

    def _all_rules(self) -> tuple[HouseholdMinimum | MergeRule, ...]:
        return (*self.minimums, *self.merge_rules)

    # -- queries -------------------------------------------------------------

    def in_force(self, on: dt.date) -> tuple[HouseholdMinimum, ...]:
        """The household-minimum rules in force on a date."""
        return tuple(r for r in self.minimums if r.period.contains(on))

    def rule(self, rule_id: str) -> HouseholdMinimum | MergeRule:
        """A rule by its id (raises :class:`UnknownRule` if absent)."""
        for r in self._all_rules():
            if r.rule_id == rule_id:
                return r
        raise UnknownRule(f"rulebook {self.name!r} has no rule {rule_id!r}")

    def minimum_for(
        self,
        family: CommunityFamily,
        *,
        province_code: str,
        on: dt.date,
        commune_code: str | None = None,
        border: bool = False,
        island: bool = False,
    ) -> HouseholdMinimum:
        """The rule that sets the minimum for a community of this family and place on a date.

        Raises :class:`~qcdc.errors.NoApplicableRule` when none is in force.
        """
        return self._select(
            family,
            province_code=province_code,
            on=on,
            commune_code=commune_code,
            border=border,
            island=island,
        )[0]

    def _select(
        self,
        family: CommunityFamily,
        *,
        province_code: str,
        on: dt.date,
        commune_code: str | None,
        border: bool,
        island: bool,
    ) -> tuple[HouseholdMinimum, RegionAssignment | None]:
        candidates = [r for r in self.minimums if r.family is family and r.period.contains(on)]
        if not candidates:
            raise NoApplicableRule(
                f"the minimum households of a {family.vietnamese}",
                on,
                detail=f"rulebook {self.name!r} has no rule in force on that date",
            )
        assignment: RegionAssignment | None = None
        region: Region | None = None
        if any(r.regions for r in candidates):
            assignment = self.regions.assignment(province_code, on=on, commune_code=commune_code)
            region = assignment.region
        matching = [
            r
            for r in candidates
            if r.matches(
                family, region=region, province_code=province_code, border=border, island=island
            )
        ]
        if not matching:
            raise NoApplicableRule(
                f"the minimum households of a {family.vietnamese} in province {province_code}",
                on,
                detail=f"no rule of {self.name!r} covers that case",
            )
        best = max(r.specificity for r in matching)
        chosen = min((r for r in matching if r.specificity == best), key=lambda r: r.minimum)
        used_region = assignment if chosen.regions else None
        return chosen, used_region

    def merge_rule(self, on: dt.date) -> MergeRule:
        """The merge rule in force on a date."""
        for m in self.merge_rules:
            if m.period.contains(on):
                return m
        raise NoApplicableRule(
            "which existing units must merge",
            on,
            detail=f"rulebook {self.name!r} has no merge rule in force on that date",
        )

    def assess(
        self,
        households: int,
        family: CommunityFamily,
        *,
        province_code: str,
        on: dt.date,
        commune_code: str | None = None,
        border: bool = False,
        island: bool = False,
    ) -> Assessment:
        """Must a unit of this size merge, may it, or does it comply — and by which rules."""
        rule, region = self._select(
            family,
            province_code=province_code,
            on=on,
            commune_code=commune_code,
            border=border,
            island=island,
        )
        merge = self.merge_rule(on)
        return Assessment(
            status=merge.status(households, rule.minimum),
            households=households,
            minimum=rule.minimum,
            family=family,
            on=on,
            rule=rule,
            merge_rule=merge,
            region=region,
        )

    # -- building ------------------------------------------------------------

    def with_rules(self, *rules: HouseholdMinimum | MergeRule, name: str | None = None) -> Rulebook:
        """A copy where each given rule replaces the rules of the same scope it overlaps.

        >>> mine = HouseholdMinimum("my.ha-noi", CommunityFamily.RESIDENTIAL_GROUP, 400,
        ...     EffectivePeriod(dt.date(2019, 1, 20)), Citation("my decision"), provinces={"01"})
        >>> book = DEFAULT_RULEBOOK.with_rules(mine)
        >>> book.minimum_for(CommunityFamily.RESIDENTIAL_GROUP, province_code="01",
        ...                  on=dt.date(2021, 1, 1)).minimum
        400
        """
        minimums = list(self.minimums)
        merges = list(self.merge_rules)
        for rule in rules:
            if isinstance(rule, HouseholdMinimum):
                minimums = [
                    r
                    for r in minimums
                    if r.rule_id != rule.rule_id
                    and not (r.scope == rule.scope and _overlap(r.period, rule.period))
                ]
                minimums.append(rule)
            else:
                merges = [
                    m
                    for m in merges
                    if m.rule_id != rule.rule_id and not _overlap(m.period, rule.period)
                ]
                merges.append(rule)
        return Rulebook(name or self.name, minimums, merges, self.regions)

    def with_regions(self, regions: RegionTable) -> Rulebook:
        """A copy that uses another region table (e.g. with commune overrides)."""
        return attrs.evolve(self, regions=regions)


# --------------------------------------------------------------------------- the data

_VBHN_URL = (
    "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Van-ban-hop-nhat-08-VBHN-BNV-2022-"
    "Thong-tu-huong-dan-to-chuc-hoat-dong-cua-thon-to-dan-pho-539095.aspx?tab=2"
)
_URL_2012 = (
    "http://www.baohoabinh.com.vn/231/111226/Dieu-kien-thanh-lap-thon-moi,-to-dan-pho-moi.htm"
)
_URL_2017 = (
    "https://luatvietnam.vn/tin-van-ban-moi/co-tu-300-ho-gia-dinh-tro-len-moi-duoc-thanh-lap-"
    "to-dan-pho-186-15610-article.html"
)
_URL_2018 = (
    "https://dantri.com.vn/noi-vu/qua-trinh-tinh-gon-thon-to-dan-pho-tung-dien-ra-nhu-the-"
    "nao-20250623001738748.htm"
)
_URL_2018_B = (
    "https://trangtinphapluat.com/blog/bai-viet-hay/quan-ly-hanh-chinh/thanh-lap-moi-thon-"
    "to-dan-pho/"
)
_URL_HCM = "https://idgol.com/169-22-duong-van-duong-tan-quy-tan-phu-nam-2024"

_P2012 = EffectivePeriod(dt.date(2012, 10, 15), dt.date(2018, 3, 1))
_P2017 = EffectivePeriod(dt.date(2018, 3, 1), dt.date(2019, 1, 20))
_P2018 = EffectivePeriod(dt.date(2019, 1, 20))

_MAPPED = (
    "the 2012 and 2017 texts split only plains vs mountain/border/island; "
    "applying that split to the circular's later region names is an interpretation"
)

_DOCS = {
    "2012": ("Thông tư 04/2012/TT-BNV", _URL_2012, _P2012, "tt04-2012"),
    "2017": ("Thông tư 09/2017/TT-BNV", _URL_2017, _P2017, "tt09-2017"),
    "2018": ("Thông tư 14/2018/TT-BNV", _URL_2018, _P2018, "tt14-2018"),
}

_H = CommunityFamily.HAMLET
_T = CommunityFamily.RESIDENTIAL_GROUP
_FAMILY_SLUG = {_H: "hamlet", _T: "residential-group"}

# version, family, scope kind, scope value, minimum, confidence, note
_TABLE: tuple[tuple[str, CommunityFamily, str, object, int, Confidence, str | None], ...] = (
    # --- thôn (hamlets), legal basis §1.3 ---
    ("2012", _H, "region", _NMM, 100, Confidence.UNSURE, _MAPPED + " (mountain rule)"),
    ("2012", _H, "region", _RRD, 200, Confidence.UNSURE, _MAPPED + " (plains rule)"),
    ("2012", _H, "region", _CEN, 200, Confidence.UNSURE, _MAPPED + " (plains rule)"),
    (
        "2012",
        _H,
        "region",
        _CH,
        100,
        Confidence.UNSURE,
        _MAPPED + "; 100 or 200 depending on mountain status: qcdc takes the mountain value",
    ),
    ("2012", _H, "region", _SOU, 200, Confidence.UNSURE, _MAPPED + " (plains rule)"),
    (
        "2012",
        _H,
        "location",
        frozenset({Location.BORDER, Location.ISLAND}),
        100,
        Confidence.LIKELY,
        "the 2012 text groups mountain, border and island communes",
    ),
    ("2017", _H, "region", _NMM, 200, Confidence.UNSURE, _MAPPED + " (mountain/island rule)"),
    ("2017", _H, "region", _RRD, 400, Confidence.UNSURE, _MAPPED + " (northern plains)"),
    ("2017", _H, "region", _CEN, 400, Confidence.UNSURE, _MAPPED),
    ("2017", _H, "region", _CH, 400, Confidence.UNSURE, _MAPPED),
    ("2017", _H, "region", _SOU, 500, Confidence.UNSURE, _MAPPED + " (south)"),
    (
        "2017",
        _H,
        "location",
        frozenset({Location.BORDER, Location.ISLAND}),
        200,
        Confidence.LIKELY,
        "the 2017 text groups mountain, border and island communes",
    ),
    ("2018", _H, "region", _NMM, 150, Confidence.SURE, None),
    ("2018", _H, "region", _RRD, 300, Confidence.SURE, None),
    ("2018", _H, "region", _CEN, 250, Confidence.SURE, None),
    ("2018", _H, "region", _CH, 200, Confidence.SURE, None),
    ("2018", _H, "region", _SOU, 350, Confidence.SURE, None),
    (
        "2018",
        _H,
        "location",
        frozenset({Location.BORDER, Location.ISLAND}),
        100,
        Confidence.SURE,
        "xã biên giới, xã đảo; thôn in island districts without communes",
    ),
    # --- tổ dân phố (residential groups), legal basis §1.3 ---
    ("2012", _T, "region", _NMM, 150, Confidence.UNSURE, _MAPPED + " (mountain rule)"),
    ("2012", _T, "region", _RRD, 250, Confidence.UNSURE, _MAPPED + " (plains rule)"),
    ("2012", _T, "region", _CEN, 250, Confidence.UNSURE, _MAPPED + " (plains rule)"),
    (
        "2012",
        _T,
        "region",
        _CH,
        150,
        Confidence.UNSURE,
        _MAPPED + "; 150 or 250 depending on mountain status: qcdc takes the mountain value",
    ),
    ("2012", _T, "region", _SOU, 250, Confidence.UNSURE, _MAPPED + " (plains rule)"),
    (
        "2012",
        _T,
        "location",
        frozenset({Location.ISLAND}),
        150,
        Confidence.UNSURE,
        "thị trấn in island districts; " + _MAPPED,
    ),
    ("2017", _T, "region", _NMM, 300, Confidence.UNSURE, _MAPPED + " (mountain rule)"),
    ("2017", _T, "region", _RRD, 500, Confidence.UNSURE, _MAPPED + " (plains rule)"),
    ("2017", _T, "region", _CEN, 500, Confidence.UNSURE, _MAPPED),
    (
        "2017",
        _T,
        "region",
        _CH,
        300,
        Confidence.UNSURE,
        _MAPPED + "; 300 or 500 depending on mountain status: qcdc takes the mountain value",
    ),
    ("2017", _T, "region", _SOU, 500, Confidence.UNSURE, _MAPPED),
    (
        "2017",
        _T,
        "location",
        frozenset({Location.ISLAND}),
        300,
        Confidence.UNSURE,
        "thị trấn in island districts; " + _MAPPED,
    ),
    ("2018", _T, "region", _NMM, 200, Confidence.SURE, None),
    ("2018", _T, "region", _RRD, 350, Confidence.SURE, None),
    ("2018", _T, "province", "01", 450, Confidence.SURE, "Hà Nội's own figure"),
    ("2018", _T, "region", _CEN, 300, Confidence.SURE, None),
    ("2018", _T, "region", _SOU, 400, Confidence.LIKELY, "only one source (dantri)"),
    (
        "2018",
        _T,
        "province",
        "79",
        500,
        Confidence.UNSURE,
        "TP Hồ Chí Minh: only an HCMC planning document copy says ≥ 500 households per khu phố",
    ),
    ("2018", _T, "region", _CH, 250, Confidence.UNSURE, "no source found for Tây Nguyên"),
    (
        "2018",
        _T,
        "location",
        frozenset({Location.ISLAND}),
        150,
        Confidence.UNSURE,
        "thị trấn in island districts; no source found",
    ),
)

_PROVINCE_LABEL = {"01": "Hà Nội", "79": "TP Hồ Chí Minh"}


def _build_minimums() -> tuple[HouseholdMinimum, ...]:
    rules = []
    for version, family, scope, value, minimum, confidence, note in _TABLE:
        document, url, period, prefix = _DOCS[version]
        if version == "2018" and scope == "region" and confidence is Confidence.SURE:
            url = _URL_2018_B
        if scope == "province" and value == "79":
            url = _URL_HCM
        kwargs: dict[str, object] = {}
        if scope == "region":
            assert isinstance(value, Region)
            slug, where = value.slug, value.value
            kwargs["regions"] = {value}
        elif scope == "province":
            assert isinstance(value, str)
            where = _PROVINCE_LABEL[value]
            slug = _fold_slug(where)
            kwargs["provinces"] = {value}
        else:
            assert isinstance(value, frozenset)
            slug = "-".join(sorted(loc.name.lower() for loc in value))
            where = " / ".join(sorted(loc.value for loc in value))
            kwargs["locations"] = value
        rules.append(
            HouseholdMinimum(
                rule_id=f"{prefix}.{_FAMILY_SLUG[family]}.{slug}",
                family=family,
                minimum=minimum,
                period=period,
                citation=Citation(document, "Điều 7", url, confidence, note),
                label=f"{family.vietnamese}, {where}",
                **kwargs,  # type: ignore[arg-type]
            )
        )
    return tuple(rules)


def _fold_slug(text: str) -> str:
    """``"TP Hồ Chí Minh"`` → ``"tp-ho-chi-minh"`` (used for rule ids)."""
    return fold(text).replace(" ", "-")


_MERGE_RULE = MergeRule(
    rule_id="tt04-2012.article-7a.merge",
    period=EffectivePeriod(dt.date(2018, 3, 1)),
    citation=Citation(
        "Thông tư 04/2012/TT-BNV as amended by 09/2017 and 14/2018",
        "Điều 7a",
        _URL_2018,
        Confidence.LIKELY,
        "below 50 % of the standard: must merge; 50–100 %: merging encouraged where "
        "terrain is convenient and voters agree (as applied in 2019–2021)",
    ),
)


def default_rulebook() -> Rulebook:
    """qcdc's rulebook: TT 04/2012, 09/2017 and 14/2018 with the default region table."""
    return DEFAULT_RULEBOOK


DEFAULT_RULEBOOK = Rulebook(
    "qcdc hamlet standards (TT 04/2012, 09/2017, 14/2018)",
    _build_minimums(),
    (_MERGE_RULE,),
    DEFAULT_REGIONS,
)
"""The rules of legal basis §1.3–1.4 (thresholds by version, region, province, location)."""
