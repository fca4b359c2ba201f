"""Communities: the thôn and tổ dân phố of a commune, and references to them.

A commune (xã, phường, thị trấn) is divided into self-managing communities: thôn
(hamlets) in a xã, tổ dân phố (residential groups) in a phường or thị trấn, each with a
local name (:class:`CommunityKind`).  A :class:`Community` is one of them, identified by
its :data:`CommunityKey` ``(commune_code, id)``; a :class:`CommunityRef` names one in a
plan (``"T05"`` or ``"00097:T05"``).  :meth:`Community.from_record` reads the cells of a
spreadsheet row (counts with thousands separators, yes/no flags, day-first dates).

>>> c = Community.from_record({"id": "T1", "name": "Thôn Đông", "commune_code": "379",
...                            "households": "1.245", "island": "có"})
>>> c.key, c.kind.value, c.households, c.island
(('00379', 'T1'), 'thôn', 1245, True)
>>> str(CommunityRef.parse("00379:T1")), c.ref == CommunityRef.parse("00379:T1")
('00379:T1', True)
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from qcdc._bounds import quoted
from qcdc.dates import as_date
from qcdc.errors import InputError, InvalidNumber, QcdcError
from qcdc.hamlets.standards import CommunityFamily
from qcdc.numbers import parse_number
from qcdc.text import clean, fold
from qcdc.units import UnitLevel, unit_code

__all__ = [
    "AmbiguousCommunity",
    "Community",
    "CommunityKey",
    "CommunityKind",
    "CommunityRef",
    "UnknownCommunity",
]

CommunityKey = tuple[str, str]
"""``(commune_code, id)``: a community's identity in a registry."""


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
        the enum's name, ``TDP``, or ``khối`` (for ``khối phố``)."""
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
# "khối" alone is how Vinh and other towns of Nghệ An name their khối phố ("Khối 5")
_KIND_KEYS["khoi"] = CommunityKind.KHOI_PHO
_KIND_PREFIXES = sorted([*(fold(k.value) for k in CommunityKind), "khoi"], key=len, reverse=True)


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
        raise InputError("id must not be empty", field="id")
    if ";" in value or "\n" in value:
        raise InputError(
            f"id must not contain ';' or a line break, got {_short(value)}",
            field="id",
            hint="';' separates the sources of a plan",
        )


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
        raise InputError(
            f"valid_to must be after valid_from, got {instance.valid_from} .. {value}",
            field="valid_to",
        )


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


# A count has no decimals, so a comma or a space between groups of three digits can only
# separate thousands ("1,234", "1 234"); they become the Vietnamese "." before the kernel reads it.
_GROUPED_OTHERWISE = re.compile(r"[0-9]{1,3}(?:([,\u00a0 ])[0-9]{3})(?:\1[0-9]{3})*")
_COUNT_TEXT = re.compile(r"[0-9][0-9.]*")


def _parse_count(value: object) -> int:
    """A whole number >= 0 from an int or a text (``"1.234"``, ``"1,234"``, ``"1 234"``),
    read by the kernel's :func:`~qcdc.numbers.parse_number`."""
    if isinstance(value, bool):
        raise TypeError(f"expected a whole number, got {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= 18:  # the usual cell: "245"
            return int(text)
        if _GROUPED_OTHERWISE.fullmatch(text):
            text = re.sub(r"[,\u00a0 ]", ".", text)
        if not _COUNT_TEXT.fullmatch(text):
            raise ValueError(f"expected a whole number such as 245 or 1.245, got {_short(value)}")
        try:
            exact = parse_number(text)
        except InvalidNumber as exc:
            raise ValueError(
                f"expected a whole number such as 245 or 1.245, got {_short(value)}: {exc.reason}"
            ) from None
        if exact != exact.to_integral_value():
            raise ValueError(f"expected a whole number such as 245 or 1.245, got {_short(value)}")
        number = int(exact)
    else:
        raise TypeError(f"expected a whole number, got {_short(value)}")
    if number < 0:
        raise ValueError(f"expected a number >= 0, got {number}")
    return number


_short = quoted  # how messages quote input (the kernel's rule)


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
    """A date by the one rule of :func:`qcdc.dates.as_date` (``YYYY-MM-DD`` or ``DD/MM/YYYY``)."""
    return as_date(value, "the date")


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
        except InputError as exc:  # a validator's, naming its field
            raise InputError(exc.reason, field=exc.field, hint=exc.hint) from None
        except (ValueError, TypeError) as exc:  # pragma: no cover - every field is parsed above
            raise InputError(str(exc)) from None

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

    @classmethod
    def _trusted(
        cls,
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
        valid_to: dt.date | None = None,
    ) -> Community:
        """A community from values that are already canonical and valid: the result of a
        merger of checked communities, or one renamed or converted (the validators would only
        repeat those checks, and they cost a third of applying a 30,000-merger plan)."""
        c = object.__new__(cls)
        put = object.__setattr__.__get__(c)  # bound once, as attrs' own __init__ does
        put("id", id)
        put("name", name)
        put("kind", kind)
        put("commune_code", commune_code)
        put("households", households)
        put("population", population)
        put("area_km2", area_km2)
        put("border", border)
        put("island", island)
        put("valid_from", valid_from)
        put("valid_to", valid_to)
        return c

    def __str__(self) -> str:
        return f"{self.commune_code}:{self.id} {self.name}"


_REF_RE = re.compile(r"^([0-9]{5}):(.+)$")


def _opt_commune(value: object) -> str | None:
    if value is None or value == "":
        return None
    return _to_commune(value)


def _check_bare_id(instance: CommunityRef, attribute: object, value: str | None) -> None:
    """A bare id must not read as ``commune:id`` once written (``str`` then ``parse``)."""
    m = _REF_RE.match(instance.id)
    if value is None and m:
        raise InputError(
            f"the bare id {_short(instance.id)} would read as id {m.group(2)!r} of commune "
            f"{m.group(1)} once written",
            field="id",
            hint=f"give the commune apart: CommunityRef({m.group(2)!r}, {m.group(1)!r}), or "
            f"CommunityRef.parse({instance.id!r}) to mean that",
        )


@attrs.frozen
class CommunityRef:
    """A reference to a community in a plan: ``"T05"`` or, qualified, ``"00097:T05"``.

    A bare id is resolved when exactly one community of the registry has it.  Written
    as text and parsed back, a reference is the same reference: a bare id that starts
    with five digits and ``:`` is refused (it would come back qualified).
    """

    id: str = attrs.field(converter=_to_id, validator=_check_id)
    commune_code: str | None = attrs.field(
        default=None, converter=_opt_commune, validator=_check_bare_id
    )

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
