"""Hamlets and residential groups, their registry on a date, merger plans and summaries.

A commune (xã, phường, thị trấn) is divided into self-managing communities:
thôn (hamlets) in a xã, tổ dân phố (residential groups) in a phường or thị
trấn.  A :class:`HamletRegistry` holds the communities of an area on a date and
is validated against the gazetteer on that date.  A :class:`MergerPlan` of
:class:`Merger`, :class:`Dissolution`, :class:`Rename` and :class:`Conversion`
actions is checked (every problem reported at once, with a path), applied (a
new registry plus lineage) and summarised per commune, district or province.

>>> import datetime as dt
>>> from qcdc.units.gazetteer import Gazetteer
>>> from qcdc.units import AdministrativeUnit
>>> g = Gazetteer.from_units([
...     AdministrativeUnit("tỉnh", "01", "Tỉnh Mẫu"),
...     AdministrativeUnit("huyện", "001", "Huyện Mẫu", "01"),
...     AdministrativeUnit("xã", "00001", "Xã Mẫu", "001")])
>>> on = dt.date(2021, 12, 17)
>>> reg = HamletRegistry.build([
...     Community("T1", "Thôn Đông", "thôn", "00001", 120),
...     Community("T2", "Thôn Tây", "thôn", "00001", 190),
...     Community("T3", "Thôn Nam", "thôn", "00001", 320)], on=on, gazetteer=g)
>>> [(a.community.id, a.status.value) for a in reg.assess()]
[('T1', 'must merge'), ('T2', 'may merge'), ('T3', 'complies')]
>>> plan = MergerPlan([Merger(["T1", "T2"], target_id="T4", target_name="Thôn Đông Tây",
...                           effective=on, basis="NQ 01/2021")])
>>> plan.check(reg)
[]
>>> out = plan.apply(reg)
>>> [(c.id, c.households) for c in out.after]
[('T4', 310), ('T3', 320)]
>>> s = summarize(reg, out, by=UnitLevel.DISTRICT)
>>> s.total.before, s.total.after, s.total.reduction, s.total.reduction_percent
(3, 2, 1, Decimal('33.3'))
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import gc
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar, TypeAlias

import attrs

from qcdc._optional import require
from qcdc.errors import (
    InputError,
    NoApplicableRule,
    QcdcError,
    UnknownUnit,
    ValidationFailed,
)
from qcdc.findings import Finding, Severity, raise_for
from qcdc.hamlets.standards import (
    DEFAULT_RULEBOOK,
    TWO_TIER_START,
    Assessment,
    CommunityFamily,
    MergeStatus,
    Rulebook,
)
from qcdc.text import clean, fold, search_key
from qcdc.units import AdministrativeUnit, GazetteerLike, UnitKind, UnitLevel, unit_code

__all__ = [
    "TT05_2022_START",
    "Action",
    "ActionKind",
    "AmbiguousCommunity",
    "ChangeCounts",
    "Community",
    "CommunityAssessment",
    "CommunityFamily",
    "CommunityKey",
    "CommunityKind",
    "CommunityRef",
    "Conversion",
    "Dissolution",
    "HamletRegistry",
    "MergeStatus",
    "Merger",
    "MergerPlan",
    "PlanOutcome",
    "Rename",
    "Summary",
    "SummaryRow",
    "UnknownCommunity",
    "summarize",
]

CommunityKey = tuple[str, str]
"""``(commune_code, id)``: a community's identity in a registry."""

TT05_2022_START = dt.date(2022, 5, 23)
"""Since Thông tư 05/2022/TT-BNV the provincial chairman decides thôn → tổ dân phố conversions."""

_DAY = dt.timedelta(days=1)


class UnknownCommunity(QcdcError, LookupError):
    """No community in the registry matches a reference."""


class AmbiguousCommunity(QcdcError, LookupError):
    """A bare id matches communities in several communes; qualify it as ``CCCCC:id``."""


# --------------------------------------------------------------------------- kinds


class CommunityKind(enum.Enum):
    """Local names of the two families; each knows its family and Vietnamese name.

    ``ấp`` is filed under the hamlet family (it is a thôn-level name in the
    Mekong delta's xã); an ấp-named group in a thị trấn should be entered as
    ``khu phố`` or ``tổ dân phố``.
    """

    HAMLET = "thôn"
    VILLAGE = "làng"
    AP = "ấp"
    BAN = "bản"
    BUON = "buôn"
    BON = "bon"
    PHUM = "phum"
    SOC = "sóc"
    XOM = "xóm"
    RESIDENTIAL_GROUP = "tổ dân phố"
    KHU_PHO = "khu phố"
    KHOI_PHO = "khối phố"
    KHOM = "khóm"
    TIEU_KHU = "tiểu khu"
    KHU_VUC = "khu vực"

    @property
    def vietnamese(self) -> str:
        """The lower-case Vietnamese name (NFC)."""
        return self.value

    @property
    def family(self) -> CommunityFamily:
        return _KIND_FAMILY[self]

    @property
    def prefix(self) -> str:
        """The word that opens a name: ``Thôn``, ``Tổ dân phố``, ``Khu phố``."""
        return self.value[:1].upper() + self.value[1:]

    @classmethod
    def parse(cls, text: str | CommunityKind) -> CommunityKind:
        """From the Vietnamese name (any case, NFC/NFD, with or without accents),
        the enum's name, or ``TDP``."""
        if isinstance(text, CommunityKind):
            return text
        if not isinstance(text, str):
            raise ValueError(f"kind must be a text such as 'thôn' or 'tổ dân phố', got {text!r}")
        found = _KIND_KEYS.get(fold(text))
        if found is None:
            raise ValueError(
                "kind must be one of "
                + ", ".join(repr(k.value) for k in cls)
                + f" (or their names without accents), got {text!r}"
            )
        return found

    @classmethod
    def from_name(cls, name: str) -> CommunityKind | None:
        """The kind a name starts with (``"Tổ dân phố số 5"`` → ``RESIDENTIAL_GROUP``)."""
        folded = fold(name)
        for key in _KIND_PREFIXES:
            if folded == key or folded.startswith(key + " "):
                return _KIND_KEYS[key]
        return None

    @classmethod
    def default(cls, family: CommunityFamily) -> CommunityKind:
        """``HAMLET`` (thôn) or ``RESIDENTIAL_GROUP`` (tổ dân phố)."""
        return cls.HAMLET if family is CommunityFamily.HAMLET else cls.RESIDENTIAL_GROUP

    def __str__(self) -> str:
        return self.value


_H, _T = CommunityFamily.HAMLET, CommunityFamily.RESIDENTIAL_GROUP
_KIND_FAMILY = {
    CommunityKind.HAMLET: _H,
    CommunityKind.VILLAGE: _H,
    CommunityKind.AP: _H,
    CommunityKind.BAN: _H,
    CommunityKind.BUON: _H,
    CommunityKind.BON: _H,
    CommunityKind.PHUM: _H,
    CommunityKind.SOC: _H,
    CommunityKind.XOM: _H,
    CommunityKind.RESIDENTIAL_GROUP: _T,
    CommunityKind.KHU_PHO: _T,
    CommunityKind.KHOI_PHO: _T,
    CommunityKind.KHOM: _T,
    CommunityKind.TIEU_KHU: _T,
    CommunityKind.KHU_VUC: _T,
}
_KIND_KEYS: dict[str, CommunityKind] = {}
for _kind in CommunityKind:
    _KIND_KEYS[fold(_kind.value)] = _kind
    _KIND_KEYS[fold(_kind.name)] = _kind
_KIND_KEYS["tdp"] = CommunityKind.RESIDENTIAL_GROUP
_KIND_PREFIXES = sorted((fold(k.value) for k in CommunityKind), key=len, reverse=True)


# --------------------------------------------------------------------------- community


def _to_kind(value: CommunityKind | str) -> CommunityKind:
    return CommunityKind.parse(value)


def _to_id(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise TypeError(f"id must be a text, got {value!r}")
    return clean(value)


def _check_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value:
        raise ValueError("id must not be empty")
    if ";" in value or "\n" in value:
        raise ValueError(f"id must not contain ';' or a line break, got {value!r}")


def _to_commune(value: object) -> str:
    return unit_code(value, level=UnitLevel.COMMUNE)


def _to_opt_decimal(value: Decimal | int | float | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError(f"area must be a number, got {value!r}")
    return Decimal(str(value))


def _check_area(
    instance: object, attribute: attrs.Attribute[Decimal | None], value: Decimal | None
) -> None:
    if value is not None and (not value.is_finite() or value < 0):
        raise ValueError(f"area_km2 must be a finite number >= 0, got {value}")


def _check_valid_to(
    instance: Community, attribute: attrs.Attribute[dt.date | None], value: dt.date | None
) -> None:
    if value is not None and instance.valid_from is not None and value <= instance.valid_from:
        raise ValueError(f"valid_to must be after valid_from, got {instance.valid_from} .. {value}")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_name(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"name must be a text, got {value!r}")
    text = clean(value)
    if not text:
        raise ValueError("name must not be empty")
    return text


def _field(name: str, parser: Any, value: object) -> Any:
    try:
        return parser(value)
    except (ValueError, TypeError, ArithmeticError, QcdcError) as exc:
        raise InputError(str(exc), field=name) from None


_GROUPED = re.compile(r"^[0-9]{1,3}(?:([.,\u00a0 ])[0-9]{3})(?:\1[0-9]{3})*$")


def _parse_count(value: object) -> int:
    """A whole number >= 0 from an int or a text (``"1.234"``, ``"1,234"``, ``"1 234"``)."""
    if isinstance(value, bool):
        raise TypeError(f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():
            number = int(text)
        elif _GROUPED.match(text):
            number = int(re.sub(r"[^0-9]", "", text))
        else:
            raise ValueError(f"expected a whole number such as 245 or 1.245, got {value!r}")
    else:
        raise TypeError(f"expected a whole number, got {value!r}")
    if number < 0:
        raise ValueError(f"expected a number >= 0, got {number}")
    return number


def _parse_decimal(value: object) -> Decimal:
    """A decimal >= 0 from a number or a text; a single comma is a decimal comma (``"0,45"``)."""
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, (int, float)):
        number = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip()
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
            raise ValueError(f"expected a number such as 0.45 or 0,45, got {value!r}")
        number = Decimal(text)
    else:
        raise TypeError(f"expected a number, got {value!r}")
    if not number.is_finite() or number < 0:
        raise ValueError(f"expected a number >= 0, got {value!r}")
    return number


_TRUE = frozenset({"1", "true", "yes", "y", "x", "co", "dung"})
_FALSE = frozenset({"0", "false", "no", "n", "khong", "sai", ""})


def _parse_flag(value: object) -> bool:
    """A yes/no flag: ``1/0``, ``true/false``, ``yes/no``, ``x``/blank, ``có/không``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        key = fold(value)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    raise ValueError(f"expected 1/0, true/false, x or có/không, got {value!r}")


def _parse_day(value: object) -> dt.date:
    """A date from a ``date`` or a text (``YYYY-MM-DD`` or ``DD/MM/YYYY``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a date, got {value!r}")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date: {exc}") from None
    raise ValueError(f"expected a date as YYYY-MM-DD or DD/MM/YYYY, got {value!r}")


_opt_date = attrs.validators.optional(attrs.validators.instance_of(dt.date))


def _not_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be a whole number, got {value!r}")


_count = [attrs.validators.instance_of(int), _not_bool, attrs.validators.ge(0)]


@attrs.frozen
class Community:
    """A thôn or tổ dân phố (or a local variant): one self-managing community.

    ``id`` is unique within its commune; ``(commune_code, id)`` is its
    :data:`CommunityKey`.  ``valid_from``/``valid_to`` are optional (unknown
    start, still existing).  ``border``/``island`` mark a border or island
    location (their own household minimums).
    """

    id: str = attrs.field(converter=_to_id, validator=_check_id)
    name: str = attrs.field(converter=clean, validator=attrs.validators.min_len(1))
    kind: CommunityKind = attrs.field(converter=_to_kind)
    commune_code: str = attrs.field(converter=_to_commune)
    households: int = attrs.field(validator=_count)
    population: int | None = attrs.field(default=None, validator=attrs.validators.optional(_count))
    area_km2: Decimal | None = attrs.field(
        default=None, converter=_to_opt_decimal, validator=_check_area
    )
    border: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    island: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    valid_from: dt.date | None = attrs.field(default=None, validator=_opt_date)
    valid_to: dt.date | None = attrs.field(default=None, validator=[_opt_date, _check_valid_to])

    @property
    def key(self) -> CommunityKey:
        return (self.commune_code, self.id)

    @property
    def family(self) -> CommunityFamily:
        return _KIND_FAMILY[self.kind]

    @property
    def ref(self) -> CommunityRef:
        return CommunityRef(self.id, self.commune_code)

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on < self.valid_to
        )

    @classmethod
    def from_record(cls, row: Mapping[str, Any]) -> Community:
        """Build from a mapping (``id, name, kind, commune_code, households`` and the
        optional ``population, area_km2, border, island, valid_from, valid_to``).

        Values may be text as read from a CSV file: counts accept thousands
        separators (``"1.234"``), flags ``1/0``, ``x``, ``có/không``, ``true/false``,
        dates ``YYYY-MM-DD`` or ``DD/MM/YYYY``.  A missing ``kind`` is taken from
        the name's first words.  Errors are :class:`~qcdc.errors.InputError`
        naming the field.
        """
        missing = [k for k in ("id", "name", "commune_code", "households") if _blank(row.get(k))]
        if missing:
            raise InputError(f"missing required field(s): {', '.join(missing)}", field=missing[0])
        values: dict[str, Any] = {
            "id": _field("id", _to_id, row["id"]),
            "name": _field("name", _to_name, row["name"]),
            "commune_code": _field("commune_code", _to_commune, row["commune_code"]),
            "households": _field("households", _parse_count, row["households"]),
        }
        if _blank(row.get("kind")):
            inferred = CommunityKind.from_name(values["name"])
            if inferred is None:
                raise InputError(
                    "kind is missing and the name does not start with a kind word",
                    field="kind",
                    hint="give a kind such as 'thôn' or 'tổ dân phố'",
                )
            values["kind"] = inferred
        else:
            values["kind"] = _field("kind", _to_kind, row["kind"])
        optional: dict[str, Any] = {
            "population": _parse_count,
            "area_km2": _parse_decimal,
            "border": _parse_flag,
            "island": _parse_flag,
            "valid_from": _parse_day,
            "valid_to": _parse_day,
        }
        for name, parser in optional.items():
            if not _blank(row.get(name)):
                values[name] = _field(name, parser, row[name])
        try:
            return cls(**values)
        except (ValueError, TypeError) as exc:
            raise InputError(str(exc), field="valid_to") from None

    def to_record(self) -> dict[str, str]:
        """The CSV row: every field as text (blank for ``None``)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "commune_code": self.commune_code,
            "households": str(self.households),
            "population": "" if self.population is None else str(self.population),
            "area_km2": "" if self.area_km2 is None else str(self.area_km2),
            "border": "1" if self.border else "0",
            "island": "1" if self.island else "0",
            "valid_from": self.valid_from.isoformat() if self.valid_from else "",
            "valid_to": self.valid_to.isoformat() if self.valid_to else "",
        }

    def __str__(self) -> str:
        return f"{self.commune_code}:{self.id} {self.name}"


def _new_community(
    id: str,
    name: str,
    kind: CommunityKind,
    commune_code: str,
    households: int,
    population: int | None,
    area_km2: Decimal | None,
    border: bool,
    island: bool,
    valid_from: dt.date | None,
) -> Community:
    """A community from values that are already canonical and valid (internal fast path)."""
    c = object.__new__(Community)
    put = object.__setattr__
    put(c, "id", id)
    put(c, "name", name)
    put(c, "kind", kind)
    put(c, "commune_code", commune_code)
    put(c, "households", households)
    put(c, "population", population)
    put(c, "area_km2", area_km2)
    put(c, "border", border)
    put(c, "island", island)
    put(c, "valid_from", valid_from)
    put(c, "valid_to", None)
    return c


_REF_RE = re.compile(r"^([0-9]{5}):(.+)$")


def _opt_commune(value: object) -> str | None:
    if value is None or value == "":
        return None
    return _to_commune(value)


@attrs.frozen
class CommunityRef:
    """A reference to a community in a plan: ``"T05"`` or, qualified, ``"00097:T05"``.

    A bare id is resolved when exactly one community of the registry has it.
    """

    id: str = attrs.field(converter=_to_id, validator=_check_id)
    commune_code: str | None = attrs.field(default=None, converter=_opt_commune)

    @classmethod
    def parse(cls, value: CommunityRef | Community | str | tuple[str, str]) -> CommunityRef:
        if isinstance(value, CommunityRef):
            return value
        if isinstance(value, Community):
            return value.ref
        if isinstance(value, tuple):
            commune, ident = value
            return cls(ident, commune)
        text = clean(str(value))
        m = _REF_RE.match(text)
        if m:
            return cls(m.group(2), m.group(1))
        return cls(text)

    def __str__(self) -> str:
        return f"{self.commune_code}:{self.id}" if self.commune_code else self.id


# --------------------------------------------------------------------------- gazetteer


def _default_gazetteer() -> GazetteerLike:
    from qcdc.units.gazetteer import gazetteer

    return gazetteer()


@attrs.frozen
class _Place:
    unit: AdministrativeUnit | None
    district: AdministrativeUnit | None
    province: AdministrativeUnit | None
    problem: str | None


# --------------------------------------------------------------------------- registry


@attrs.frozen
class CommunityAssessment:
    """A community and what the standards say about its size on the registry's date."""

    community: Community
    assessment: Assessment

    @property
    def status(self) -> MergeStatus:
        return self.assessment.status

    def to_dict(self) -> dict[str, Any]:
        a = self.assessment
        return {
            "id": self.community.id,
            "commune_code": self.community.commune_code,
            "name": self.community.name,
            "kind": self.community.kind.value,
            "households": a.households,
            "minimum": a.minimum,
            "status": a.status.value,
            "rule": a.rule.rule_id,
            "document": a.rule.citation.document,
            "region": a.region.region.value if a.region is not None else None,
            "confidence": a.confidence.value,
            "why": a.explain(),
        }


def _to_communities(value: Iterable[Community]) -> tuple[Community, ...]:
    return tuple(value)


@attrs.frozen
class HamletRegistry:
    """The communities of an area on a date, checked against a gazetteer on that date.

    The constructor does not validate; :meth:`build` does (and raises one
    :class:`~qcdc.errors.ValidationFailed`), :meth:`check` lists findings.
    Equality compares the communities (in order) and the date.
    """

    communities: tuple[Community, ...] = attrs.field(converter=_to_communities)
    on: dt.date = attrs.field(validator=attrs.validators.instance_of(dt.date))
    gazetteer: GazetteerLike = attrs.field(factory=_default_gazetteer, eq=False, repr=False)
    _index: dict[CommunityKey, int] = attrs.field(init=False, eq=False, repr=False)
    _cache: dict[str, Any] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[CommunityKey, int] = {}
        for i, c in enumerate(self.communities):
            index.setdefault(c.key, i)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_cache", {})

    @classmethod
    def build(
        cls,
        communities: Iterable[Community],
        *,
        on: dt.date,
        gazetteer: GazetteerLike | None = None,
        validate: bool = True,
    ) -> HamletRegistry:
        """A registry on ``on``; with ``validate=True`` every error-level finding of
        :meth:`check` is raised in one :class:`~qcdc.errors.ValidationFailed`."""
        reg = cls(communities, on=on, gazetteer=gazetteer or _default_gazetteer())
        if validate:
            reg.validate()
        return reg

    # -- container -----------------------------------------------------------

    def __len__(self) -> int:
        return len(self.communities)

    def __iter__(self) -> Iterator[Community]:
        return iter(self.communities)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Community):
            i = self._index.get(item.key)
            return i is not None and self.communities[i] == item
        return item in self._index

    def get(self, commune_code: str, id: str) -> Community | None:
        """The community with this id in this commune, or ``None``."""
        i = self._index.get((commune_code, id))
        return None if i is None else self.communities[i]

    def resolve(self, ref: CommunityRef | str) -> Community:
        """The community a reference names; raises :class:`UnknownCommunity` or
        :class:`AmbiguousCommunity`."""
        ref = CommunityRef.parse(ref)
        found, problem = self._resolve(ref)
        if found is None:
            assert problem is not None
            rule, message = problem
            if rule == "plan.ambiguous-source":
                raise AmbiguousCommunity(message)
            raise UnknownCommunity(message)
        return found

    def _resolve(self, ref: CommunityRef) -> tuple[Community | None, tuple[str, str] | None]:
        if ref.commune_code is not None:
            i = self._index.get((ref.commune_code, ref.id))
            if i is None:
                return None, (
                    "plan.unknown-source",
                    f"no community {ref.id!r} in commune {ref.commune_code} "
                    f"in the registry of {self.on.isoformat()}",
                )
            return self.communities[i], None
        keys = self._by_id().get(ref.id, ())
        if len(keys) == 1:
            return self.communities[self._index[keys[0]]], None
        if not keys:
            return None, (
                "plan.unknown-source",
                f"no community with id {ref.id!r} in the registry of {self.on.isoformat()}",
            )
        where = ", ".join(f"{k[0]}:{k[1]}" for k in keys[:5])
        return None, (
            "plan.ambiguous-source",
            f"id {ref.id!r} is used in {len(keys)} communes ({where}); "
            "qualify it with its commune code, e.g. " + f"'{keys[0][0]}:{ref.id}'",
        )

    def _by_id(self) -> dict[str, list[CommunityKey]]:
        cached = self._cache.get("by_id")
        if cached is None:
            cached = {}
            for key in self._index:
                cached.setdefault(key[1], []).append(key)
            self._cache["by_id"] = cached
        return cached

    def _by_commune(self) -> dict[str, list[int]]:
        cached = self._cache.get("by_commune")
        if cached is None:
            cached = {}
            for i, c in enumerate(self.communities):
                cached.setdefault(c.commune_code, []).append(i)
            self._cache["by_commune"] = cached
        return cached

    def _name_index(self) -> dict[tuple[str, str], list[int]]:
        """(commune, name key) → positions, built once per registry."""
        cached = self._cache.get("names")
        if cached is None:
            cached = {}
            for i, c in enumerate(self.communities):
                cached.setdefault((c.commune_code, search_key(c.name)), []).append(i)
            self._cache["names"] = cached
        return cached

    def in_commune(self, commune_code: str) -> tuple[Community, ...]:
        """The communities of one commune, in registry order."""
        return tuple(self.communities[i] for i in self._by_commune().get(commune_code, ()))

    def commune_codes(self) -> tuple[str, ...]:
        """The commune codes that have communities, sorted."""
        return tuple(sorted(self._by_commune()))

    @property
    def households(self) -> int:
        return sum(c.households for c in self.communities)

    # -- the gazetteer side ----------------------------------------------------

    def _place(self, commune_code: str, on: dt.date | None = None) -> _Place:
        when = self.on if on is None else on
        places: dict[tuple[str, dt.date], _Place] = self._cache.setdefault("places", {})
        key = (commune_code, when)
        found = places.get(key)
        if found is not None:
            return found
        try:
            unit = self.gazetteer.get(commune_code, on=when)
            district = province = None
            problem = None
            if unit is None:
                problem = f"no commune {commune_code} in the gazetteer on {when.isoformat()}"
            else:
                for anc in self.gazetteer.ancestors(commune_code, on=when):
                    if anc.level is UnitLevel.DISTRICT and district is None:
                        district = anc
                    elif anc.level is UnitLevel.PROVINCE:
                        province = anc
        except QcdcError as exc:
            unit = district = province = None
            problem = str(exc)
        found = _Place(unit, district, province, problem)
        places[key] = found
        return found

    def unit(self, commune_code: str) -> AdministrativeUnit | None:
        """The commune-level unit of this code on the registry's date."""
        return self._place(commune_code).unit

    def province_code(self, commune_code: str) -> str | None:
        """The province of a commune on the registry's date (``None`` if unknown)."""
        p = self._place(commune_code).province
        return None if p is None else p.code

    def district_code(self, commune_code: str) -> str | None:
        """The district of a commune on the registry's date (``None`` after 1 July 2025)."""
        d = self._place(commune_code).district
        return None if d is None else d.code

    # -- validation --------------------------------------------------------------

    def _check(self) -> list[Finding]:
        findings: list[Finding] = []
        seen: dict[CommunityKey, int] = {}
        names: dict[tuple[str, str], int] = {}
        on = self.on
        for i, c in enumerate(self.communities):
            p = f"communities[{i}]"
            first = seen.setdefault(c.key, i)
            if first != i:
                findings.append(
                    _error(
                        "registry.duplicate-id",
                        f"{p}.id",
                        f"id {c.id!r} is used twice in commune {c.commune_code} "
                        f"(also communities[{first}]); ids must be unique within a commune",
                    )
                )
            nkey = (c.commune_code, search_key(c.name))
            other = names.setdefault(nkey, i)
            if other != i:
                findings.append(
                    _error(
                        "registry.duplicate-name",
                        f"{p}.name",
                        f"name {c.name!r} is already used in commune {c.commune_code} by "
                        f"{self.communities[other].name!r} (communities[{other}]); "
                        "names must differ within a commune (compared without accents)",
                    )
                )
            if not c.in_force(on):
                findings.append(
                    _error(
                        "registry.not-in-force",
                        p,
                        f"{c} is not in force on {on.isoformat()} "
                        f"(valid {c.valid_from or '…'} to {c.valid_to or '…'})",
                    )
                )
            if c.population is not None and c.population < c.households:
                findings.append(
                    Finding(
                        "registry.population-below-households",
                        Severity.WARNING,
                        f"{p}.population",
                        f"population ({c.population}) is below households ({c.households})",
                    )
                )
            place = self._place(c.commune_code)
            if place.unit is None:
                findings.append(
                    _error(
                        "registry.unknown-commune",
                        f"{p}.commune_code",
                        f"{c.id}: {place.problem}",
                    )
                )
                continue
            if place.unit.level is not UnitLevel.COMMUNE:
                findings.append(
                    _error(
                        "registry.not-a-commune",
                        f"{p}.commune_code",
                        f"{c.commune_code} is {place.unit.name}, not a commune-level unit",
                    )
                )
                continue
            family_finding = self._family_finding(c, place.unit, f"{p}.kind")
            if family_finding is not None:
                findings.append(family_finding)
        return findings

    def _family_finding(
        self, c: Community, unit: AdministrativeUnit, path: str, on: dt.date | None = None
    ) -> Finding | None:
        return _family_problem(
            c.family, c.kind, unit, path, self.on if on is None else on, self.gazetteer, c
        )

    def check(self) -> list[Finding]:
        """Every problem of the registry: unknown communes, a thôn outside a xã or a
        tổ dân phố outside a phường/thị trấn (with the conversion rule), duplicate
        ids or names within a commune, communities not in force on the date."""
        with _gc_paused():
            return self._check()

    def validate(self) -> HamletRegistry:
        """Raise one :class:`~qcdc.errors.ValidationFailed` holding every error; return self."""
        raise_for("hamlet registry", self.check())
        return self

    # -- standards -----------------------------------------------------------------

    def assess(self, rulebook: Rulebook | None = None) -> list[CommunityAssessment]:
        """What the standards say about every community whose commune the gazetteer knows.

        Communities in unknown communes are left out (:meth:`check` reports them).
        Raises :class:`~qcdc.errors.NoApplicableRule` when the rulebook has no rule
        in force on the registry's date.
        """
        book = rulebook or DEFAULT_RULEBOOK
        out = []
        for c in self.communities:
            place = self._place(c.commune_code)
            if place.province is None:
                continue
            out.append(
                CommunityAssessment(
                    c,
                    book.assess(
                        c.households,
                        c.family,
                        province_code=place.province.code,
                        on=self.on,
                        commune_code=c.commune_code,
                        border=c.border,
                        island=c.island,
                    ),
                )
            )
        return out

    def must_merge(self, rulebook: Rulebook | None = None) -> list[CommunityAssessment]:
        """The communities below 50 % of their minimum."""
        return [a for a in self.assess(rulebook) if a.status is MergeStatus.MUST_MERGE]

    def may_merge(self, rulebook: Rulebook | None = None) -> list[CommunityAssessment]:
        """The communities at 50–100 % of their minimum."""
        return [a for a in self.assess(rulebook) if a.status is MergeStatus.MAY_MERGE]

    # -- output ------------------------------------------------------------------------

    def to_records(self) -> list[dict[str, str]]:
        return [c.to_record() for c in self.communities]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` with one row per community (needs ``qcdc[pandas]``)."""
        pd = require("pandas")
        return pd.DataFrame(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "kind": c.kind.value,
                    "family": c.family.value,
                    "commune_code": c.commune_code,
                    "households": c.households,
                    "population": c.population,
                    "area_km2": c.area_km2,
                    "border": c.border,
                    "island": c.island,
                }
                for c in self.communities
            ],
            columns=[
                "id",
                "name",
                "kind",
                "family",
                "commune_code",
                "households",
                "population",
                "area_km2",
                "border",
                "island",
            ],
        )

    def _repr_html_(self) -> str:
        head = self.communities[:20]
        rows = "".join(
            f"<tr><td>{html.escape(c.commune_code)}</td><td>{html.escape(c.id)}</td>"
            f"<td>{html.escape(c.name)}</td><td>{html.escape(c.kind.value)}</td>"
            f"<td style='text-align:right'>{c.households}</td></tr>"
            for c in head
        )
        more = (
            f"<p>… and {len(self.communities) - len(head)} more</p>"
            if len(self.communities) > len(head)
            else ""
        )
        return (
            f"<p>HamletRegistry on {self.on.isoformat()}: {len(self.communities)} communities, "
            f"{self.households} households</p><table><thead><tr><th>commune</th><th>id</th>"
            f"<th>name</th><th>kind</th><th>households</th></tr></thead><tbody>{rows}"
            f"</tbody></table>{more}"
        )

    @classmethod
    def _trusted(
        cls, communities: Sequence[Community], on: dt.date, gazetteer: GazetteerLike
    ) -> HamletRegistry:
        return cls(communities, on=on, gazetteer=gazetteer)


def _error(rule: str, path: str, message: str, **figures: Any) -> Finding:
    return Finding(rule, Severity.ERROR, path, message, figures)


def _warning(rule: str, path: str, message: str, **figures: Any) -> Finding:
    return Finding(rule, Severity.WARNING, path, message, figures)


def _conversion_rule(on: dt.date) -> str:
    if on < TT05_2022_START:
        return (
            "under Thông tư 04/2012/TT-BNV the thôn of a xã that becomes a phường or thị trấn "
            "become tổ dân phố"
        )
    return (
        "since Thông tư 05/2022/TT-BNV the chairman of the provincial People's Committee "
        "decides the conversion of the thôn of a xã that became a phường or thị trấn"
    )


def _family_problem(
    family: CommunityFamily,
    kind: CommunityKind,
    unit: AdministrativeUnit,
    path: str,
    on: dt.date,
    gazetteer: GazetteerLike,
    community: Community | None,
) -> Finding | None:
    """A thôn must be in a xã, a tổ dân phố in a phường or thị trấn (FACTS §1.5)."""
    ukind = unit.kind
    what = f"{community.id} ({kind.value})" if community is not None else f"a {kind.value}"
    if ukind is UnitKind.SPECIAL_ZONE:
        return None
    if family is CommunityFamily.HAMLET and ukind in (UnitKind.WARD, UnitKind.TOWNSHIP):
        if on >= TWO_TIER_START:
            return _warning(
                "registry.family-frozen",
                path,
                f"{what} is a thôn in {unit.name}; existing thôn and tổ dân phố are kept "
                "unchanged until new rules are issued (Công văn 11776/BNV-CQĐP)",
            )
        if _was_commune(unit, gazetteer):
            return _warning(
                "registry.conversion-pending",
                path,
                f"{what} is a thôn in {unit.name}, which was a xã until "
                f"{unit.valid_from.isoformat()}; {_conversion_rule(on)}: add a 'convert' "
                "action to make it a tổ dân phố",
            )
        return _error(
            "registry.family-mismatch",
            path,
            f"{what} is of the thôn family but {unit.name} is a {ukind.value}; a thôn belongs "
            f"to a xã, a phường or thị trấn has tổ dân phố ({_conversion_rule(on)})",
        )
    if family is CommunityFamily.RESIDENTIAL_GROUP and ukind is UnitKind.COMMUNE:
        if on >= TWO_TIER_START:
            return _warning(
                "registry.family-frozen",
                path,
                f"{what} is a tổ dân phố in {unit.name}; existing thôn and tổ dân phố are kept "
                "unchanged until new rules are issued (Công văn 11776/BNV-CQĐP)",
            )
        return _error(
            "registry.family-mismatch",
            path,
            f"{what} is of the tổ dân phố family but {unit.name} is a xã; a tổ dân phố belongs "
            "to a phường or thị trấn, a xã has thôn",
        )
    return None


def _was_commune(unit: AdministrativeUnit, gazetteer: GazetteerLike) -> bool:
    try:
        before = gazetteer.get(unit.code, on=unit.valid_from - _DAY)
    except QcdcError:
        return False
    return before is not None and before.kind is UnitKind.COMMUNE


# --------------------------------------------------------------------------- plans


class ActionKind(enum.Enum):
    """The four kinds of change a plan can make."""

    MERGE = "merge"
    DISSOLVE = "dissolve"
    RENAME = "rename"
    CONVERT = "convert"

    @property
    def vietnamese(self) -> str:
        return _ACTION_VI[self]

    @classmethod
    def parse(cls, text: str | ActionKind) -> ActionKind:
        """``merge``/``sáp nhập``, ``dissolve``/``giải thể``, ``rename``/``đổi tên``,
        ``convert``/``chuyển đổi`` (any case, accents optional)."""
        if isinstance(text, ActionKind):
            return text
        found = _ACTION_KEYS.get(fold(text))
        if found is None:
            raise ValueError(
                "action must be one of merge (sáp nhập), dissolve (giải thể), rename (đổi tên), "
                f"convert (chuyển đổi), got {text!r}"
            )
        return found

    def __str__(self) -> str:
        return self.value


_ACTION_VI = {
    ActionKind.MERGE: "sáp nhập",
    ActionKind.DISSOLVE: "giải thể",
    ActionKind.RENAME: "đổi tên",
    ActionKind.CONVERT: "chuyển đổi",
}
_ACTION_KEYS = {fold(k.value): k for k in ActionKind}
_ACTION_KEYS.update({fold(v): k for k, v in _ACTION_VI.items()})
_ACTION_KEYS.update({"nhap": ActionKind.MERGE, "hop nhat": ActionKind.MERGE})


def _to_refs(
    value: Iterable[CommunityRef | Community | str | tuple[str, str]],
) -> tuple[CommunityRef, ...]:
    if isinstance(value, (str, CommunityRef, Community)):
        value = (value,)
    return tuple(CommunityRef.parse(v) for v in value)


def _opt_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = clean(value)
    return text or None


def _opt_id(value: str | None) -> str | None:
    text = _opt_text(value)
    if text is not None and ";" in text:
        raise ValueError(f"target_id must not contain ';', got {text!r}")
    return text


def _opt_kind(value: CommunityKind | str | None) -> CommunityKind | None:
    if value is None or value == "":
        return None
    return CommunityKind.parse(value)


def _to_date(value: dt.date | str) -> dt.date:
    return _parse_day(value)


_opt_count = attrs.validators.optional(_count)


@attrs.frozen
class _ActionBase:
    sources: tuple[CommunityRef, ...] = attrs.field(converter=_to_refs)
    """the communities the action takes: ids (``"T05"``) or ``"CCCCC:T05"`` references."""
    effective: dt.date = attrs.field(converter=_to_date, kw_only=True)
    basis: str = attrs.field(default="", converter=clean, kw_only=True)
    """the legal basis: a document number (``"NQ 01/2020/NQ-HĐND"``) or free text."""
    exemption: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    """why a result may stay below the minimum (silences ``plan.target-below-minimum``)."""
    row: int | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    """the CSV row this action came from (for messages); not part of equality."""

    kind: ClassVar[ActionKind]


@attrs.frozen
class Merger(_ActionBase):
    """Sources (≥ 2, same commune) become one community: a new one (``target_id`` not
    among the sources) or a surviving source (``target_id`` one of them, or left out:
    the first source survives).  ``target_households``/``target_population``, when
    given, must equal the sums."""

    target_id: str | None = attrs.field(default=None, converter=_opt_id, kw_only=True)
    target_name: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    target_kind: CommunityKind | None = attrs.field(default=None, converter=_opt_kind, kw_only=True)
    target_households: int | None = attrs.field(default=None, validator=_opt_count, kw_only=True)
    target_population: int | None = attrs.field(default=None, validator=_opt_count, kw_only=True)

    kind: ClassVar[ActionKind] = ActionKind.MERGE


@attrs.frozen
class Dissolution(_ActionBase):
    """The sources cease to exist (their households leave the registry)."""

    kind: ClassVar[ActionKind] = ActionKind.DISSOLVE


@attrs.frozen
class Rename(_ActionBase):
    """One community gets a new name (and, optionally, a new id)."""

    target_name: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    target_id: str | None = attrs.field(default=None, converter=_opt_id, kw_only=True)

    kind: ClassVar[ActionKind] = ActionKind.RENAME


@attrs.frozen
class Conversion(_ActionBase):
    """Communities change kind (thôn → tổ dân phố when their xã became a phường).

    With one source it may also get a new name and id; with several, each keeps its own.
    """

    target_kind: CommunityKind | None = attrs.field(default=None, converter=_opt_kind, kw_only=True)
    target_name: str | None = attrs.field(default=None, converter=_opt_text, kw_only=True)
    target_id: str | None = attrs.field(default=None, converter=_opt_id, kw_only=True)

    kind: ClassVar[ActionKind] = ActionKind.CONVERT


Action: TypeAlias = Merger | Dissolution | Rename | Conversion
"""Any plan action."""


@attrs.frozen
class ChangeCounts:
    """What a plan did in one area.

    ``merged``: communities that were sources of a merger (a surviving source
    included); ``new``: communities that resulted from mergers (one per merger);
    so mergers removed ``merged − new`` communities.  ``dissolved``, ``renamed``
    and ``converted`` count communities.
    """

    merged: int = 0
    new: int = 0
    renamed: int = 0
    dissolved: int = 0
    converted: int = 0

    def __add__(self, other: ChangeCounts) -> ChangeCounts:
        return ChangeCounts(
            self.merged + other.merged,
            self.new + other.new,
            self.renamed + other.renamed,
            self.dissolved + other.dissolved,
            self.converted + other.converted,
        )


@attrs.frozen
class _Result:
    """What one action produces (internal)."""

    action: int
    sources: tuple[Community, ...]
    made: tuple[tuple[Community, Community | None], ...]
    """(community after the plan, the source it continues — ``None`` for a new one)."""


@attrs.frozen
class PlanOutcome:
    """A plan applied to a registry: the registry after it, and the lineage."""

    plan: MergerPlan
    before: HamletRegistry
    after: HamletRegistry
    lineage: Mapping[CommunityKey, CommunityKey | None]
    """every changed community's key → its successor's key (``None``: dissolved)."""
    changes: Mapping[str, ChangeCounts]
    """per commune code."""
    findings: tuple[Finding, ...]
    """the warnings the check found (errors prevent applying)."""

    def successor(self, key: CommunityKey) -> CommunityKey | None:
        """Where a community of the registry went (itself when unchanged)."""
        if key in self.lineage:
            return self.lineage[key]
        if key in self.before:
            return key
        raise UnknownCommunity(f"no community {key[0]}:{key[1]} in the registry before the plan")

    def summary(self, by: UnitLevel | str = UnitLevel.COMMUNE) -> Summary:
        return summarize(self.before, self, by=by)

    def lineage_records(self) -> list[dict[str, str]]:
        """``commune_code, id, successor_id`` rows (blank successor: dissolved), sorted."""
        return [
            {
                "commune_code": old[0],
                "id": old[1],
                "successor_commune_code": new[0] if new else "",
                "successor_id": new[1] if new else "",
            }
            for old, new in sorted(self.lineage.items())
        ]


def _to_actions(value: Iterable[Action]) -> tuple[Action, ...]:
    actions = tuple(value)
    for i, a in enumerate(actions):
        if not isinstance(a, (Merger, Dissolution, Rename, Conversion)):
            raise TypeError(
                f"actions[{i}] must be a Merger, Dissolution, Rename or Conversion, got {a!r}"
            )
    return actions


@attrs.frozen
class _Analysis:
    results: tuple[_Result | None, ...]  # None: the action has an unresolved problem
    findings: tuple[Finding, ...]


@attrs.frozen
class MergerPlan:
    """An ordered list of actions; the order never changes the result of :meth:`apply`."""

    actions: tuple[Action, ...] = attrs.field(converter=_to_actions)
    name: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    def __len__(self) -> int:
        return len(self.actions)

    def __iter__(self) -> Iterator[Action]:
        return iter(self.actions)

    def check(self, registry: HamletRegistry, *, rulebook: Rulebook | None = None) -> list[Finding]:
        """Every problem of the plan against the registry, each with rule id, severity,
        path (``actions[3].sources[1]``) and message.  Never raises for a bad plan."""
        return list(_analysis(self, registry, rulebook or DEFAULT_RULEBOOK).findings)

    def validate(self, registry: HamletRegistry, *, rulebook: Rulebook | None = None) -> None:
        """Raise one :class:`~qcdc.errors.ValidationFailed` holding every error."""
        raise_for("merger plan", self.check(registry, rulebook=rulebook))

    def apply(self, registry: HamletRegistry, *, rulebook: Rulebook | None = None) -> PlanOutcome:
        """The registry after the plan, with lineage and change counts.

        The plan is checked first; error-level findings raise one
        :class:`~qcdc.errors.ValidationFailed`.  The new registry is dated the
        latest effective date (or the registry's date, if later); a merger's
        result takes the place of its earliest source, so the result does not
        depend on the order of the actions.
        """
        analysis = _analysis(self, registry, rulebook or DEFAULT_RULEBOOK)
        errors = [f for f in analysis.findings if f.is_error]
        if errors:
            raise ValidationFailed.from_findings("merger plan", errors)
        with _gc_paused():
            return _apply(self, registry, analysis)


# -- analysis -------------------------------------------------------------------------


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    With a large heap, collections triggered by the allocations of a 30,000-merger plan
    cost more than the work itself; nothing built here forms reference cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _analysis(plan: MergerPlan, registry: HamletRegistry, rulebook: Rulebook) -> _Analysis:
    """The analysis of a plan against a registry, remembered for the last few plans
    (all three are immutable), so ``check`` then ``apply`` analyses once."""
    cache: list[tuple[MergerPlan, Rulebook, _Analysis]] = registry._cache.setdefault("analyses", [])
    for p, rb, found in cache:
        if p is plan and rb is rulebook:
            return found
    with _gc_paused():
        found = _analyse(plan, registry, rulebook)
    cache.append((plan, rulebook, found))
    del cache[:-4]
    return found


class _Checker:
    def __init__(self, plan: MergerPlan, registry: HamletRegistry, rulebook: Rulebook) -> None:
        self.plan = plan
        self.registry = registry
        self.rulebook = rulebook
        self.findings: list[Finding] = []
        self.claimed: dict[CommunityKey, tuple[int, int]] = {}
        self._minimums: dict[tuple[Any, ...], Any] = {}
        self._families: dict[tuple[Any, ...], tuple[str, Severity, str] | None] = {}
        self._targets: dict[tuple[Any, ...], Any] = {}

    def add(self, rule: str, severity: Severity, path: str, message: str, action: Action) -> None:
        if action.row is not None:
            message = f"{message} (row {action.row})"
        self.findings.append(Finding(rule, severity, path, message))

    def resolve_sources(self, i: int, action: Action) -> list[Community | None]:
        reg = self.registry
        claimed = self.claimed
        out: list[Community | None] = []
        for j, ref in enumerate(action.sources):
            c, problem = reg._resolve(ref)
            if c is None:
                assert problem is not None
                path = f"actions[{i}].sources[{j}]"
                self.add(problem[0], Severity.ERROR, path, problem[1], action)
                out.append(None)
                continue
            key = (c.commune_code, c.id)
            earlier = claimed.get(key)
            if earlier is not None:
                path = f"actions[{i}].sources[{j}]"
                self.add(
                    "plan.duplicate-source",
                    Severity.ERROR,
                    path,
                    f"{c} is already used by actions[{earlier[0]}].sources[{earlier[1]}]; "
                    "a community may take part in only one action of a plan",
                    action,
                )
                out.append(None)
                continue
            claimed[key] = (i, j)
            if c.valid_from is None and c.valid_to is None:
                out.append(c)
                continue
            path = f"actions[{i}].sources[{j}]"
            if c.valid_from is not None and action.effective < c.valid_from:
                self.add(
                    "plan.effective-before-source",
                    Severity.ERROR,
                    path,
                    f"effective date {action.effective.isoformat()} is before {c} exists "
                    f"(from {c.valid_from.isoformat()})",
                    action,
                )
            elif c.valid_to is not None and c.valid_to <= action.effective:
                self.add(
                    "plan.source-ended",
                    Severity.ERROR,
                    path,
                    f"{c} ended on {c.valid_to.isoformat()}, before the effective date "
                    f"{action.effective.isoformat()}",
                    action,
                )
            out.append(c)
        return out

    def minimum(
        self, family: CommunityFamily, commune: str, border: bool, island: bool, on: dt.date
    ) -> tuple[int | None, str | None]:
        province = self.registry.province_code(commune)
        override = commune if commune in self.rulebook.regions.communes else None
        key = (family, province, override, border, island, on)
        found = self._minimums.get(key)
        if found is None:
            if province is None:
                found = (None, f"the province of commune {commune} is unknown")
            else:
                try:
                    rule = self.rulebook.minimum_for(
                        family,
                        province_code=province,
                        on=on,
                        commune_code=commune,
                        border=border,
                        island=island,
                    )
                    found = (rule.minimum, rule.describe())
                except NoApplicableRule as exc:
                    found = (None, str(exc))
            self._minimums[key] = found
        return found

    def target(
        self, kind: CommunityKind, commune: str, border: bool, island: bool, on: dt.date
    ) -> tuple[int | None, str | None, tuple[str, Severity, str] | None]:
        """The minimum, its rule, and the family problem for a result (cached)."""
        key = (kind, commune, border, island, on)
        found = self._targets.get(key)
        if found is None:
            minimum, text = self.minimum(_KIND_FAMILY[kind], commune, border, island, on)
            found = (minimum, text, self.family_problem(commune, kind, on))
            self._targets[key] = found
        return found

    def family_problem(
        self, commune: str, kind: CommunityKind, on: dt.date
    ) -> tuple[str, Severity, str] | None:
        """Whether a community of this kind fits this commune on this date (cached)."""
        key = (commune, kind, on)
        if key in self._families:
            return self._families[key]
        unit = self.registry._place(commune, on).unit
        found: tuple[str, Severity, str] | None = None
        if unit is not None and unit.level is UnitLevel.COMMUNE:
            problem = _family_problem(
                kind.family, kind, unit, "", on, self.registry.gazetteer, None
            )
            if problem is not None:
                rule = "plan.family-mismatch" if problem.is_error else problem.rule
                found = (rule, problem.severity, problem.message)
        self._families[key] = found
        return found


def _analyse(plan: MergerPlan, registry: HamletRegistry, rulebook: Rulebook) -> _Analysis:
    ck = _Checker(plan, registry, rulebook)
    resolved = [ck.resolve_sources(i, a) for i, a in enumerate(plan.actions)]
    results: list[_Result | None] = []
    for i, (action, comms) in enumerate(zip(plan.actions, resolved, strict=True)):
        if action.effective < registry.on:
            ck.add(
                "plan.effective-before-registry",
                Severity.WARNING,
                f"actions[{i}].effective",
                f"effective date {action.effective.isoformat()} is before the registry's date "
                f"{registry.on.isoformat()}",
                action,
            )
        if isinstance(action, Merger):
            results.append(_check_merger(ck, i, action, comms))
        elif isinstance(action, Dissolution):
            results.append(_check_dissolution(ck, i, action, comms))
        elif isinstance(action, Rename):
            results.append(_check_rename(ck, i, action, comms))
        else:
            results.append(_check_conversion(ck, i, action, comms))
    _check_clashes(ck, results)
    ordered = sorted(ck.findings, key=_action_number)  # stable: by action, then as found
    return _Analysis(tuple(results), tuple(ordered))


def _action_number(f: Finding) -> int:
    m = _ACTION_PATH.match(f.path)
    return int(m.group(1)) if m else -1


_ACTION_PATH = re.compile(r"actions\[([0-9]+)\]")


def _one_commune(ck: _Checker, i: int, action: Action, comms: list[Community | None]) -> str | None:
    """The common commune of the sources; ``None`` when one is unresolved or in another
    commune (reported)."""
    commune: str | None = None
    ok = True
    for j, c in enumerate(comms):
        if c is None:
            ok = False
            continue
        if commune is None:
            commune = c.commune_code
        elif c.commune_code != commune:
            ok = False
            ck.add(
                "plan.cross-commune",
                Severity.ERROR,
                f"actions[{i}].sources[{j}]",
                f"{c} is in commune {c.commune_code} but the action's first source is in "
                f"{commune}; an action never crosses communes",
                action,
            )
    return commune if ok else None


def _family_of_target(
    ck: _Checker, i: int, action: Action, field: str, kind: CommunityKind, commune: str
) -> bool:
    problem = ck.family_problem(commune, kind, action.effective)
    if problem is None:
        return True
    rule, severity, message = problem
    ck.add(rule, severity, f"actions[{i}].{field}", message, action)
    return severity is not Severity.ERROR


def _check_merger(ck: _Checker, i: int, m: Merger, comms: list[Community | None]) -> _Result | None:
    p = f"actions[{i}]"
    if not m.sources:
        ck.add(
            "plan.empty-merge",
            Severity.ERROR,
            f"{p}.sources",
            "a merger needs at least two sources, got none",
            m,
        )
        return None
    if len(m.sources) == 1:
        ck.add(
            "plan.single-source-merge",
            Severity.WARNING,
            f"{p}.sources",
            "a merger with one source only re-forms that community (điều chỉnh); "
            "use 'rename' if nothing else changes",
            m,
        )
    commune = _one_commune(ck, i, m, comms)
    if commune is None:
        return None
    sources: tuple[Community, ...] = tuple(comms)  # type: ignore[arg-type]  # all resolved
    survivor: Community | None = None
    if m.target_id is None:
        survivor = sources[0]
    else:
        for c in sources:
            if c.id == m.target_id:
                survivor = c
                break
    households = 0
    population: int | None = 0
    area: Decimal | None = Decimal(0)
    border = island = mixed = False
    family = _KIND_FAMILY[sources[0].kind]
    for c in sources:
        households += c.households
        if population is not None:
            population = None if c.population is None else population + c.population
        if area is not None:
            area = None if c.area_km2 is None else area + c.area_km2
        border = border or c.border
        island = island or c.island
        mixed = mixed or _KIND_FAMILY[c.kind] is not family
    ok = True
    if survivor is None and m.target_name is None:
        ck.add(
            "plan.missing-target",
            Severity.ERROR,
            f"{p}.target_name",
            f"the new community {m.target_id!r} needs a name (target_name)",
            m,
        )
        ok = False
    if m.target_households is not None and m.target_households != households:
        ck.add(
            "plan.households-mismatch",
            Severity.ERROR,
            f"{p}.target_households",
            f"target households must equal the sum of the sources ({households}), "
            f"got {m.target_households}",
            m,
        )
        ok = False
    if m.target_population is not None:
        if population is None:
            ck.add(
                "plan.population-unknown",
                Severity.WARNING,
                f"{p}.target_population",
                "target population is given but some sources have no population to check it "
                "against",
                m,
            )
        elif m.target_population != population:
            ck.add(
                "plan.population-mismatch",
                Severity.ERROR,
                f"{p}.target_population",
                f"target population must equal the sum of the sources ({population}), "
                f"got {m.target_population}",
                m,
            )
            ok = False
    if mixed:
        ck.add(
            "plan.mixed-families",
            Severity.WARNING,
            f"{p}.sources",
            "the sources mix thôn and tổ dân phố; say the result's kind with target_kind",
            m,
        )
    base = survivor or sources[0]
    kind = m.target_kind or base.kind
    minimum, rule_text, family_problem = ck.target(kind, commune, border, island, m.effective)
    if family_problem is not None:
        rule, severity, message = family_problem
        ck.add(rule, severity, f"{p}.target_kind", message, m)
        ok = ok and severity is not Severity.ERROR
    if minimum is None:
        ck.add(
            "plan.no-standard",
            Severity.INFO,
            p,
            f"no household standard to compare the result with: {rule_text}",
            m,
        )
    elif households < minimum and m.exemption is None:
        ck.add(
            "plan.target-below-minimum",
            Severity.WARNING,
            f"{p}.target_households",
            f"the result has {households} households, still below the minimum {minimum} "
            f"({rule_text}); give an exemption reason if this is intended",
            m,
        )
    if not ok:
        return None
    result = _new_community(
        m.target_id or base.id,
        m.target_name or base.name,
        kind,
        commune,
        households,
        population,
        area,
        border,
        island,
        survivor.valid_from if survivor is not None else m.effective,
    )
    return _Result(i, sources, ((result, survivor),))


def _check_dissolution(
    ck: _Checker, i: int, d: Dissolution, comms: list[Community | None]
) -> _Result | None:
    p = f"actions[{i}]"
    if not d.sources:
        ck.add(
            "plan.no-source",
            Severity.ERROR,
            f"{p}.sources",
            "a dissolution needs at least one source, got none",
            d,
        )
        return None
    for j, c in enumerate(comms):
        if c is not None and c.households > 0:
            ck.add(
                "plan.dissolve-households",
                Severity.WARNING,
                f"{p}.sources[{j}]",
                f"{c} still has {c.households} households; they leave the registry "
                "(merge instead if they stay)",
                d,
            )
    if _one_commune(ck, i, d, comms) is None:
        return None
    return _Result(i, tuple(c for c in comms if c is not None), ())


def _single(
    ck: _Checker, i: int, action: Action, comms: list[Community | None]
) -> Community | None:
    if len(action.sources) != 1:
        ck.add(
            "plan.one-source",
            Severity.ERROR,
            f"actions[{i}].sources",
            f"a {action.kind.value} takes exactly one source, got {len(action.sources)}",
            action,
        )
        return None
    return comms[0]


def _check_rename(ck: _Checker, i: int, r: Rename, comms: list[Community | None]) -> _Result | None:
    p = f"actions[{i}]"
    c = _single(ck, i, r, comms)
    if r.target_name is None:
        ck.add(
            "plan.missing-target",
            Severity.ERROR,
            f"{p}.target_name",
            "a rename needs the new name (target_name)",
            r,
        )
        return None
    if c is None:
        return None
    new_id = r.target_id or c.id
    if search_key(r.target_name) == search_key(c.name) and new_id == c.id:
        ck.add(
            "plan.no-change", Severity.WARNING, f"{p}.target_name", f"{c} already has this name", r
        )
    result = attrs.evolve(c, name=r.target_name, id=new_id)
    return _Result(i, (c,), ((result, c),))


def _check_conversion(
    ck: _Checker, i: int, v: Conversion, comms: list[Community | None]
) -> _Result | None:
    p = f"actions[{i}]"
    ok = True
    if not v.sources:
        ck.add(
            "plan.no-source",
            Severity.ERROR,
            f"{p}.sources",
            "a conversion needs at least one source, got none",
            v,
        )
        ok = False
    if v.target_kind is None:
        ck.add(
            "plan.missing-target",
            Severity.ERROR,
            f"{p}.target_kind",
            "a conversion needs the new kind (target_kind), e.g. 'tổ dân phố'",
            v,
        )
        ok = False
    if len(v.sources) > 1 and (v.target_name is not None or v.target_id is not None):
        ck.add(
            "plan.one-source",
            Severity.ERROR,
            f"{p}.target_name" if v.target_name is not None else f"{p}.target_id",
            "a conversion of several communities cannot give them one name or id; "
            "use one row per community",
            v,
        )
        ok = False
    if not ok or v.target_kind is None or _one_commune(ck, i, v, comms) is None:
        return None
    sources = tuple(c for c in comms if c is not None)
    results = []
    for j, c in enumerate(sources):
        if c.kind is v.target_kind:
            ck.add(
                "plan.no-change",
                Severity.WARNING,
                f"{p}.sources[{j}]",
                f"{c} is already a {c.kind.value}",
                v,
            )
        if not _family_of_target(ck, i, v, "target_kind", v.target_kind, c.commune_code):
            ok = False
        results.append(
            attrs.evolve(
                c,
                kind=v.target_kind,
                name=v.target_name or c.name,
                id=v.target_id or c.id,
            )
        )
    if not ok:
        return None
    return _Result(i, sources, tuple(zip(results, sources, strict=True)))


def _check_clashes(ck: _Checker, results: list[_Result | None]) -> None:
    """New ids and names must not clash with communities that remain or with each other."""
    reg = ck.registry
    claimed = ck.claimed
    index = reg._index
    names = reg._name_index()
    communities = reg.communities
    made: list[tuple[int, Community, str, bool, bool]] = []
    ids: dict[CommunityKey, list[tuple[int, bool]]] = {}
    keys: dict[CommunityKey, list[tuple[int, bool]]] = {}
    for r in results:
        if r is None:
            continue
        for c, origin in r.made:
            nk = search_key(c.name)
            new_id = origin is None or origin.id != c.id
            new_name = origin is None or search_key(origin.name) != nk
            commune = c.commune_code
            ids.setdefault((commune, c.id), []).append((r.action, new_id))
            keys.setdefault((commune, nk), []).append((r.action, new_name))
            if new_id or new_name:
                made.append((r.action, c, nk, new_id, new_name))
    for action_i, c, nk, new_id, new_name in made:
        action = ck.plan.actions[action_i]
        p = f"actions[{action_i}]"
        commune = c.commune_code
        if new_id:
            pos = index.get((commune, c.id))
            if pos is not None and (commune, c.id) not in claimed:
                ck.add(
                    "plan.id-clash",
                    Severity.ERROR,
                    f"{p}.target_id",
                    f"id {c.id!r} is already used by {communities[pos]}, which remains",
                    action,
                )
            else:
                rivals = [
                    a
                    for a, changed in ids[(commune, c.id)]
                    if a != action_i and (not changed or a < action_i)
                ]
                if rivals:
                    ck.add(
                        "plan.id-clash",
                        Severity.ERROR,
                        f"{p}.target_id",
                        f"id {c.id!r} in commune {commune} is also the id of the result "
                        f"of actions[{rivals[0]}]",
                        action,
                    )
        if new_name:
            other = next(
                (
                    communities[pos]
                    for pos in names.get((commune, nk), ())
                    if communities[pos].key not in claimed
                ),
                None,
            )
            if other is not None:
                ck.add(
                    "plan.name-clash",
                    Severity.ERROR,
                    f"{p}.target_name",
                    f"name {c.name!r} is already used by {other}, which remains in "
                    f"commune {commune}",
                    action,
                )
            else:
                rivals = [
                    a
                    for a, changed in keys[(commune, nk)]
                    if a != action_i and (not changed or a < action_i)
                ]
                if rivals:
                    ck.add(
                        "plan.name-clash",
                        Severity.ERROR,
                        f"{p}.target_name",
                        f"name {c.name!r} in commune {commune} is also the name of the "
                        f"result of actions[{rivals[0]}]",
                        action,
                    )


def _apply(plan: MergerPlan, registry: HamletRegistry, analysis: _Analysis) -> PlanOutcome:
    index = registry._index
    emit: dict[int, Community] = {}  # registry position -> community emitted there
    consumed: set[int] = set()
    lineage: dict[CommunityKey, CommunityKey | None] = {}
    counts: dict[str, list[int]] = {}  # merged, new, renamed, dissolved, converted
    actions = plan.actions
    for r in analysis.results:
        assert r is not None  # errors were raised before
        action = actions[r.action]
        sources = r.sources
        keys = [(c.commune_code, c.id) for c in sources]
        positions = [index[k] for k in keys]
        consumed.update(positions)
        commune = sources[0].commune_code
        tally = counts.get(commune)
        if tally is None:
            tally = counts[commune] = [0, 0, 0, 0, 0]
        if isinstance(action, Merger):
            result = r.made[0][0]
            emit[min(positions)] = result
            new_key = (result.commune_code, result.id)
            for k in keys:
                if k != new_key:
                    lineage[k] = new_key
            tally[0] += len(sources)
            tally[1] += 1
        elif isinstance(action, Dissolution):
            for k in keys:
                lineage[k] = None
            tally[3] += len(sources)
        else:
            for pos, k, (new, _old) in zip(positions, keys, r.made, strict=True):
                emit[pos] = new
                if (new.commune_code, new.id) != k:
                    lineage[k] = (new.commune_code, new.id)
            if isinstance(action, Rename):
                tally[2] += 1
            else:
                tally[4] += len(sources)
    after: list[Community] = []
    append = after.append
    for pos, c in enumerate(registry.communities):
        if pos not in consumed:
            append(c)
        else:
            made = emit.get(pos)
            if made is not None:
                append(made)
    on = max([registry.on, *(a.effective for a in actions)])
    new_registry = HamletRegistry._trusted(after, on, registry.gazetteer)
    warnings = tuple(f for f in analysis.findings if not f.is_error)
    changes = {code: ChangeCounts(*t) for code, t in counts.items()}
    return PlanOutcome(plan, registry, new_registry, lineage, changes, warnings)


# --------------------------------------------------------------------------- summaries

_ROUNDING = (
    "reduction_percent = 100 × reduction / before, rounded half-up to one decimal place "
    "(0.1 percentage point); empty when before is 0"
)


def _percent(reduction: int, before: int, places: int = 1) -> Decimal | None:
    if before == 0:
        return None
    exact = Decimal(reduction * 100) / Decimal(before)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@attrs.frozen
class SummaryRow:
    """Counts before and after for one area (or the total).

    Change counts (``merged``, ``new``, ``renamed``, ``dissolved``,
    ``converted``) are ``None`` when the summary was made from two registries
    without the plan that links them.
    """

    code: str
    name: str
    before: int
    after: int
    households_before: int
    households_after: int
    merged: int | None = None
    new: int | None = None
    renamed: int | None = None
    dissolved: int | None = None
    converted: int | None = None

    @property
    def reduction(self) -> int:
        return self.before - self.after

    @property
    def reduction_percent(self) -> Decimal | None:
        """100 × reduction / before, rounded half-up to 0.1 (``None`` when before is 0)."""
        return _percent(self.reduction, self.before)

    def percent(self, places: int = 1) -> Decimal | None:
        """The reduction percent rounded half-up to ``places`` decimals (0: whole percent)."""
        return _percent(self.reduction, self.before, places)

    def to_dict(self) -> dict[str, Any]:
        pct = self.reduction_percent
        return {
            "code": self.code,
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "reduction": self.reduction,
            "reduction_percent": None if pct is None else float(pct),
            "households_before": self.households_before,
            "households_after": self.households_after,
            "merged": self.merged,
            "new": self.new,
            "renamed": self.renamed,
            "dissolved": self.dissolved,
            "converted": self.converted,
        }


_COLUMNS = (
    "code",
    "name",
    "before",
    "after",
    "reduction",
    "reduction_percent",
    "merged",
    "new",
    "renamed",
    "dissolved",
    "converted",
)


@attrs.frozen
class Summary:
    """Before/after counts by commune, district or province, with a total row."""

    by: UnitLevel
    on: dt.date
    rows: tuple[SummaryRow, ...]
    total: SummaryRow
    rounding: ClassVar[str] = _ROUNDING

    def row(self, code: str) -> SummaryRow:
        """The row of one area by its code."""
        for r in self.rows:
            if r.code == code:
                return r
        raise UnknownUnit(
            code, self.on, detail=f"no row for it in this {self.by.name.lower()} summary"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "by": self.by.name.lower(),
            "on": self.on.isoformat(),
            "rounding": self.rounding,
            "rows": [r.to_dict() for r in self.rows],
            "total": self.total.to_dict(),
        }

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``, one row per area (the total not included)."""
        pd = require("pandas")
        records = []
        for r in self.rows:
            d = r.to_dict()
            d["reduction_percent"] = r.reduction_percent
            records.append(d)
        return pd.DataFrame(records, columns=list(records[0]) if records else list(_COLUMNS))

    def _cells(self, r: SummaryRow) -> list[str]:
        pct = r.reduction_percent
        return [
            r.code,
            r.name,
            str(r.before),
            str(r.after),
            str(r.reduction),
            "" if pct is None else f"{pct}%",
            *(
                "" if v is None else str(v)
                for v in (r.merged, r.new, r.renamed, r.dissolved, r.converted)
            ),
        ]

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in _COLUMNS)

        def tr(r: SummaryRow, bold: bool = False) -> str:
            cells = "".join(
                f"<td>{'<b>' if bold else ''}{html.escape(v)}{'</b>' if bold else ''}</td>"
                for v in self._cells(r)
            )
            return f"<tr>{cells}</tr>"

        body = "".join(tr(r) for r in self.rows) + tr(self.total, bold=True)
        return (
            f"<p>Summary by {self.by.name.lower()} on {self.on.isoformat()}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<p><small>{html.escape(self.rounding)}</small></p>"
        )

    def __str__(self) -> str:
        table = [list(_COLUMNS)] + [self._cells(r) for r in self.rows] + [self._cells(self.total)]
        widths = [max(len(row[k]) for row in table) for k in range(len(_COLUMNS))]
        lines = []
        for n, row in enumerate(table):
            cells = [
                row[k].ljust(widths[k]) if k < 2 else row[k].rjust(widths[k])
                for k in range(len(row))
            ]
            lines.append("  ".join(cells).rstrip())
            if n == 0 or n == len(table) - 2:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)


def summarize(
    before: HamletRegistry,
    after: HamletRegistry | PlanOutcome,
    *,
    by: UnitLevel | str = UnitLevel.COMMUNE,
    on: dt.date | None = None,
) -> Summary:
    """Counts before and after, per commune, district or province, and in total.

    Areas come from the gazetteer's ancestors on ``on`` (default: the date of
    ``before``).  Pass the :class:`PlanOutcome` as ``after`` to get the change
    counts; with a bare registry they are ``None``.  Rows roll up exactly:
    the rows of a district add up to the district's row.
    """
    level = UnitLevel.parse(by) if isinstance(by, str) else by
    if isinstance(after, PlanOutcome):
        changes: Mapping[str, ChangeCounts] | None = after.changes
        after_reg = after.after
    else:
        changes = None
        after_reg = after
    when = before.on if on is None else on
    count_b: Counter[str] = Counter()
    hh_b: Counter[str] = Counter()
    for c in before.communities:
        count_b[c.commune_code] += 1
        hh_b[c.commune_code] += c.households
    count_a: Counter[str] = Counter()
    hh_a: Counter[str] = Counter()
    for c in after_reg.communities:
        count_a[c.commune_code] += 1
        hh_a[c.commune_code] += c.households
    groups: dict[str, list[Any]] = {}
    names: dict[str, str] = {}
    for commune in set(count_b) | set(count_a):
        place = before._place(commune, when)
        if place.unit is None:
            raise UnknownUnit(
                commune, when, detail=f"{place.problem}; run the registry's check() first"
            )
        if level is UnitLevel.COMMUNE:
            area: AdministrativeUnit | None = place.unit
        elif level is UnitLevel.DISTRICT:
            area = place.district
            if area is None:
                raise InputError(
                    f"commune {commune} has no district on {when.isoformat()} "
                    "(there is no district level from 1 July 2025)",
                    field="by",
                    hint="summarise by commune or province",
                )
        else:
            area = place.province
            if area is None:
                raise UnknownUnit(commune, when, detail="its province is not in the gazetteer")
        assert area is not None
        acc = groups.setdefault(area.code, [0, 0, 0, 0, ChangeCounts()])
        names[area.code] = area.name
        acc[0] += count_b[commune]
        acc[1] += count_a[commune]
        acc[2] += hh_b[commune]
        acc[3] += hh_a[commune]
        if changes is not None and commune in changes:
            acc[4] = acc[4] + changes[commune]

    def make(code: str, name: str, acc: list[Any]) -> SummaryRow:
        ch: ChangeCounts = acc[4]
        if changes is None:
            return SummaryRow(code, name, acc[0], acc[1], acc[2], acc[3])
        return SummaryRow(
            code,
            name,
            acc[0],
            acc[1],
            acc[2],
            acc[3],
            ch.merged,
            ch.new,
            ch.renamed,
            ch.dissolved,
            ch.converted,
        )

    rows = tuple(make(code, names[code], groups[code]) for code in sorted(groups))
    total_acc: list[Any] = [0, 0, 0, 0, ChangeCounts()]
    for code in groups:
        acc = groups[code]
        for k in range(4):
            total_acc[k] += acc[k]
        total_acc[4] = total_acc[4] + acc[4]
    total = make("", "total", total_acc)
    return Summary(level, when, rows, total)
