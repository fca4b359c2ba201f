"""The region tables of the hamlet standards: which of the circular's regions a commune is in.

Thông tư 14/2018/TT-BNV sets household minimums by *region* (its own region words, not the
six planning regions).  A :class:`RegionTable` assigns each province to one of them — the
63 provinces in force before 1 July 2025 and the 34 from that date, when codes were reused
with a new meaning — with per-commune overrides; every :class:`RegionAssignment` carries
its confidence and the note it rests on.  :data:`DEFAULT_REGIONS` is qcdc's table, an
interpretation explained in ``docs/explanation/hamlet-standards.md``.  The rules that use
it live in :mod:`qcdc.hamlets.standards`.

>>> import datetime as dt
>>> DEFAULT_REGIONS.region_of("01", on=dt.date(2021, 12, 17)).name
'RED_RIVER_DELTA'
>>> DEFAULT_REGIONS.assignment("15", on=dt.date(2025, 7, 1)).name
'Lào Cai'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from qcdc.citations import Confidence
from qcdc.errors import NoApplicableRule
from qcdc.text import fold
from qcdc.units import UnitLevel, unit_code

__all__ = [
    "DEFAULT_REGIONS",
    "TWO_TIER_START",
    "Region",
    "RegionAssignment",
    "RegionTable",
]

TWO_TIER_START = dt.date(2025, 7, 1)
"""The day the 34-province, two-tier map took effect (province codes changed meaning)."""


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
        key = fold(text)
        for region in cls:
            if key in (fold(region.value), fold(region.name), fold(region.slug)):
                return region
        raise ValueError(
            "region must be one of " + ", ".join(repr(r.value) for r in cls) + f", got {text!r}"
        )

    def __str__(self) -> str:
        return self.value


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

# The circular's region words mapped onto the pre-2025 planning regions (legal basis §6.2):
# "Trung du và miền núi phía Bắc", "Đồng bằng sông Hồng" and "Tây Nguyên" are the
# planning regions of the same name; "Miền Trung" is taken as "Bắc Trung Bộ và duyên
# hải miền Trung"; "Miền Nam" as "Đông Nam Bộ" plus "Đồng bằng sông Cửu Long".
_NOTE_SAME = "same name as the planning region (NQ 81/2023/QH15); membership per legal basis §6.2"
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

# The 34 provinces from 1 July 2025. No source lists their regions (legal basis §6.2, open
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
    note = "unverified region split of the 34 provinces (legal basis §6.2, open question 13)"
    if straddles:
        note += f"; {straddles}"
    return RegionAssignment(region, Confidence.UNSURE, note, name)


DEFAULT_REGIONS = RegionTable(
    provinces={code: _pre_2025_assignment(name, r) for code, name, r in _PRE_2025},
    two_tier_provinces={code: _two_tier_assignment(name, r, s) for code, name, r, s in _TWO_TIER},
)
"""qcdc's province → region table (an interpretation; see the explanation page)."""
