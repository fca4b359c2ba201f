"""Versioned legal rulebooks: the household standards for hamlets and residential groups.

A thôn (hamlet) or tổ dân phố (residential group) needs a minimum number of
households, set by the Interior Ministry's circular on their organisation
(Thông tư 04/2012/TT-BNV, amended by 09/2017 and 14/2018, the last one left
unchanged by 05/2022).  The minimum depends on the *version* in force, the
*region* of the commune (the circular's own region words), a few provinces
with their own figure, and border or island location.  An existing unit below
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
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

import attrs

from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.errors import NoApplicableRule, QcdcError
from qcdc.units import UnitLevel, unit_code

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

TWO_TIER_START = dt.date(2025, 7, 1)
"""The day the 34-province, two-tier map took effect (province codes changed meaning)."""


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


class Region(enum.Enum):
    """The region words of Thông tư 14/2018/TT-BNV (not the six planning regions)."""

    NORTHERN_MIDLANDS_AND_MOUNTAINS = "Trung du và miền núi phía Bắc"
    RED_RIVER_DELTA = "Đồng bằng sông Hồng"
    CENTRAL = "Miền Trung"
    CENTRAL_HIGHLANDS = "Tây Nguyên"
    SOUTH = "Miền Nam"

    @property
    def vietnamese(self) -> str:
        return self.value

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def parse(cls, text: str | Region) -> Region:
        """From the Vietnamese words (any case or accents), the enum name or its slug."""
        if isinstance(text, Region):
            return text
        from qcdc.text import fold

        key = fold(text)
        for region in cls:
            if key in (fold(region.value), fold(region.name), fold(region.slug)):
                return region
        raise ValueError(
            "region must be one of " + ", ".join(repr(r.value) for r in cls) + f", got {text!r}"
        )

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


# --------------------------------------------------------------------------- regions


def _province_code(value: str) -> str:
    return unit_code(value, level=UnitLevel.PROVINCE)


def _commune_code(value: str) -> str:
    return unit_code(value, level=UnitLevel.COMMUNE)


def _to_region(value: Region | str) -> Region:
    return Region.parse(value)


@attrs.frozen
class RegionAssignment:
    """The region of one province (or one commune, as an override), with its basis."""

    region: Region = attrs.field(converter=_to_region)
    confidence: Confidence = attrs.field(
        default=Confidence.UNSURE, validator=attrs.validators.instance_of(Confidence)
    )
    note: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    name: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    """the province's name, for display."""


def _to_assignments(
    value: Mapping[str, RegionAssignment | Region | str], *, commune: bool
) -> dict[str, RegionAssignment]:
    out: dict[str, RegionAssignment] = {}
    canon = _commune_code if commune else _province_code
    for key, item in value.items():
        assignment = (
            item
            if isinstance(item, RegionAssignment)
            else RegionAssignment(Region.parse(item), Confidence.SURE, "set by the user")
        )
        out[canon(key)] = assignment
    return out


def _to_province_table(
    value: Mapping[str, RegionAssignment | Region | str],
) -> dict[str, RegionAssignment]:
    return _to_assignments(value, commune=False)


def _to_commune_table(
    value: Mapping[str, RegionAssignment | Region | str],
) -> dict[str, RegionAssignment]:
    return _to_assignments(value, commune=True)


@attrs.frozen
class RegionTable:
    """Which of the circular's regions a commune is in, by date.

    ``provinces`` maps the 63 province codes in force before 1 July 2025;
    ``two_tier_provinces`` the 34 codes from that date (codes were reused with
    a new meaning: 15 was Yên Bái and is Lào Cai).  ``communes`` overrides the
    province's region for single communes, on every date.  The default table is
    an interpretation: see ``docs/explanation/hamlet-standards.md``.
    """

    provinces: Mapping[str, RegionAssignment] = attrs.field(converter=_to_province_table)
    two_tier_provinces: Mapping[str, RegionAssignment] = attrs.field(converter=_to_province_table)
    communes: Mapping[str, RegionAssignment] = attrs.field(
        factory=dict, converter=_to_commune_table
    )
    two_tier_start: dt.date = attrs.field(
        default=TWO_TIER_START, validator=attrs.validators.instance_of(dt.date)
    )

    def assignment(
        self, province_code: str, *, on: dt.date, commune_code: str | None = None
    ) -> RegionAssignment:
        """The region assignment for a commune of this province on this date.

        Raises :class:`~qcdc.errors.NoApplicableRule` for a province the table
        does not know.
        """
        if commune_code is not None:
            override = self.communes.get(commune_code)
            if override is not None:
                return override
        table = self.two_tier_provinces if on >= self.two_tier_start else self.provinces
        found = table.get(province_code)
        if found is None:
            era = "34-province" if on >= self.two_tier_start else "63-province"
            raise NoApplicableRule(
                f"the region of province {province_code!r}",
                on,
                detail=f"the {era} region table has no such province; add it with "
                "RegionTable.with_overrides(provinces=...) or override the commune",
            )
        return found

    def region_of(
        self, province_code: str, *, on: dt.date, commune_code: str | None = None
    ) -> Region:
        """The region of a commune of this province on this date."""
        return self.assignment(province_code, on=on, commune_code=commune_code).region

    def with_overrides(
        self,
        *,
        communes: Mapping[str, RegionAssignment | Region | str] | None = None,
        provinces: Mapping[str, RegionAssignment | Region | str] | None = None,
        two_tier_provinces: Mapping[str, RegionAssignment | Region | str] | None = None,
    ) -> RegionTable:
        """A copy with some communes or provinces assigned to another region.

        >>> t = DEFAULT_REGIONS.with_overrides(communes={"22246": "Tây Nguyên"})
        >>> t.region_of("66", on=dt.date(2025, 7, 1), commune_code="22246").name
        'CENTRAL_HIGHLANDS'
        """
        return RegionTable(
            provinces={**self.provinces, **_to_province_table(provinces or {})},
            two_tier_provinces={
                **self.two_tier_provinces,
                **_to_province_table(two_tier_provinces or {}),
            },
            communes={**self.communes, **_to_commune_table(communes or {})},
            two_tier_start=self.two_tier_start,
        )


_R = Region
_NMM, _RRD, _CEN, _CH, _SOU = (
    _R.NORTHERN_MIDLANDS_AND_MOUNTAINS,
    _R.RED_RIVER_DELTA,
    _R.CENTRAL,
    _R.CENTRAL_HIGHLANDS,
    _R.SOUTH,
)

# The circular's region words mapped onto the pre-2025 planning regions (FACTS §6.2):
# "Trung du và miền núi phía Bắc", "Đồng bằng sông Hồng" and "Tây Nguyên" are the
# planning regions of the same name; "Miền Trung" is taken as "Bắc Trung Bộ và duyên
# hải miền Trung"; "Miền Nam" as "Đông Nam Bộ" plus "Đồng bằng sông Cửu Long".
_NOTE_SAME = "same name as the planning region (NQ 81/2023/QH15); membership per FACTS §6.2"
_NOTE_CENTRAL = (
    "interpretation: 'Miền Trung' taken as the planning region "
    "'Bắc Trung Bộ và duyên hải miền Trung'"
)
_NOTE_SOUTH = (
    "interpretation: 'Miền Nam' taken as the planning regions "
    "'Đông Nam Bộ' and 'Đồng bằng sông Cửu Long'"
)
_PRE_2025: tuple[tuple[str, str, Region], ...] = (
    ("01", "Hà Nội", _RRD),
    ("02", "Hà Giang", _NMM),
    ("04", "Cao Bằng", _NMM),
    ("06", "Bắc Kạn", _NMM),
    ("08", "Tuyên Quang", _NMM),
    ("10", "Lào Cai", _NMM),
    ("11", "Điện Biên", _NMM),
    ("12", "Lai Châu", _NMM),
    ("14", "Sơn La", _NMM),
    ("15", "Yên Bái", _NMM),
    ("17", "Hòa Bình", _NMM),
    ("19", "Thái Nguyên", _NMM),
    ("20", "Lạng Sơn", _NMM),
    ("22", "Quảng Ninh", _RRD),
    ("24", "Bắc Giang", _NMM),
    ("25", "Phú Thọ", _NMM),
    ("26", "Vĩnh Phúc", _RRD),
    ("27", "Bắc Ninh", _RRD),
    ("30", "Hải Dương", _RRD),
    ("31", "Hải Phòng", _RRD),
    ("33", "Hưng Yên", _RRD),
    ("34", "Thái Bình", _RRD),
    ("35", "Hà Nam", _RRD),
    ("36", "Nam Định", _RRD),
    ("37", "Ninh Bình", _RRD),
    ("38", "Thanh Hóa", _CEN),
    ("40", "Nghệ An", _CEN),
    ("42", "Hà Tĩnh", _CEN),
    ("44", "Quảng Bình", _CEN),
    ("45", "Quảng Trị", _CEN),
    ("46", "Thừa Thiên Huế", _CEN),
    ("48", "Đà Nẵng", _CEN),
    ("49", "Quảng Nam", _CEN),
    ("51", "Quảng Ngãi", _CEN),
    ("52", "Bình Định", _CEN),
    ("54", "Phú Yên", _CEN),
    ("56", "Khánh Hòa", _CEN),
    ("58", "Ninh Thuận", _CEN),
    ("60", "Bình Thuận", _CEN),
    ("62", "Kon Tum", _CH),
    ("64", "Gia Lai", _CH),
    ("66", "Đắk Lắk", _CH),
    ("67", "Đắk Nông", _CH),
    ("68", "Lâm Đồng", _CH),
    ("70", "Bình Phước", _SOU),
    ("72", "Tây Ninh", _SOU),
    ("74", "Bình Dương", _SOU),
    ("75", "Đồng Nai", _SOU),
    ("77", "Bà Rịa - Vũng Tàu", _SOU),
    ("79", "Hồ Chí Minh", _SOU),
    ("80", "Long An", _SOU),
    ("82", "Tiền Giang", _SOU),
    ("83", "Bến Tre", _SOU),
    ("84", "Trà Vinh", _SOU),
    ("86", "Vĩnh Long", _SOU),
    ("87", "Đồng Tháp", _SOU),
    ("89", "An Giang", _SOU),
    ("91", "Kiên Giang", _SOU),
    ("92", "Cần Thơ", _SOU),
    ("93", "Hậu Giang", _SOU),
    ("94", "Sóc Trăng", _SOU),
    ("95", "Bạc Liêu", _SOU),
    ("96", "Cà Mau", _SOU),
)

# The 34 provinces from 1 July 2025. No source lists their regions (FACTS §6.2, open
# question 13); this follows the unverified 9/6/8/3/3/5 split. Provinces formed from
# parts of two regions are marked "straddles": override their communes when it matters.
_TWO_TIER: tuple[tuple[str, str, Region, str | None], ...] = (
    ("01", "Hà Nội", _RRD, None),
    ("04", "Cao Bằng", _NMM, None),
    ("08", "Tuyên Quang", _NMM, None),
    ("11", "Điện Biên", _NMM, None),
    ("12", "Lai Châu", _NMM, None),
    ("14", "Sơn La", _NMM, None),
    ("15", "Lào Cai", _NMM, None),
    ("19", "Thái Nguyên", _NMM, None),
    ("20", "Lạng Sơn", _NMM, None),
    ("22", "Quảng Ninh", _RRD, None),
    ("24", "Bắc Ninh", _RRD, "straddles: former Bắc Giang was Trung du và miền núi phía Bắc"),
    ("25", "Phú Thọ", _NMM, "straddles: former Vĩnh Phúc was Đồng bằng sông Hồng"),
    ("31", "Hải Phòng", _RRD, None),
    ("33", "Hưng Yên", _RRD, None),
    ("37", "Ninh Bình", _RRD, None),
    ("38", "Thanh Hóa", _CEN, None),
    ("40", "Nghệ An", _CEN, None),
    ("42", "Hà Tĩnh", _CEN, None),
    ("44", "Quảng Trị", _CEN, None),
    ("46", "Huế", _CEN, None),
    ("48", "Đà Nẵng", _CEN, None),
    ("51", "Quảng Ngãi", _CEN, "straddles: former Kon Tum was Tây Nguyên"),
    ("52", "Gia Lai", _CH, "straddles: former Bình Định was Miền Trung"),
    ("56", "Khánh Hòa", _CEN, None),
    ("66", "Đắk Lắk", _CH, "straddles: former Phú Yên was Miền Trung"),
    ("68", "Lâm Đồng", _CH, "straddles: former Bình Thuận was Miền Trung"),
    ("75", "Đồng Nai", _SOU, None),
    ("79", "Hồ Chí Minh", _SOU, None),
    ("80", "Tây Ninh", _SOU, None),
    ("82", "Đồng Tháp", _SOU, None),
    ("86", "Vĩnh Long", _SOU, None),
    ("91", "An Giang", _SOU, None),
    ("92", "Cần Thơ", _SOU, None),
    ("96", "Cà Mau", _SOU, None),
)


def _pre_2025_assignment(name: str, region: Region) -> RegionAssignment:
    if region in (_CEN, _SOU):
        note, conf = (_NOTE_CENTRAL if region is _CEN else _NOTE_SOUTH), Confidence.UNSURE
    else:
        note, conf = _NOTE_SAME, Confidence.LIKELY
    return RegionAssignment(region, conf, note, name)


def _two_tier_assignment(name: str, region: Region, straddles: str | None) -> RegionAssignment:
    note = "unverified region split of the 34 provinces (FACTS §6.2, open question 13)"
    if straddles:
        note += f"; {straddles}"
    return RegionAssignment(region, Confidence.UNSURE, note, name)


DEFAULT_REGIONS = RegionTable(
    provinces={code: _pre_2025_assignment(name, r) for code, name, r in _PRE_2025},
    two_tier_provinces={code: _two_tier_assignment(name, r, s) for code, name, r, s in _TWO_TIER},
)
"""qcdc's province → region table (an interpretation; see the explanation page)."""


# --------------------------------------------------------------------------- rules


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
    # --- thôn (hamlets), FACTS §1.3 ---
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
    # --- tổ dân phố (residential groups), FACTS §1.3 ---
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
    from qcdc.text import fold

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
"""The rules of ``FACTS.md`` §1.3–1.4 (thresholds by version, region, province, location)."""
