"""Administrative units: levels, kinds, codes and the frozen unit record.

>>> u = AdministrativeUnit.from_record({
...     "code": "00001", "name": "Phường Phúc Xá", "kind": "phường",
...     "parent_code": "001", "valid_from": "2021-01-01", "valid_to": "2025-07-01"})
>>> u.level, u.kind.vietnamese, u.short_name
(<UnitLevel.COMMUNE: 3>, 'phường', 'Phúc Xá')
>>> unit_code("1", level=UnitLevel.PROVINCE)
'01'
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
import re
from collections.abc import Iterable, Mapping
from typing import Any, NewType

import attrs

from qcdc.errors import InputError, InvalidDate, InvalidUnitCode
from qcdc.text import nfc

__all__ = [
    "AdministrativeUnit",
    "UnitCode",
    "UnitKind",
    "UnitLevel",
    "level_of_code",
    "unit_code",
]

UnitCode = NewType("UnitCode", str)
"""A validated unit code: ASCII digits, 2 (province), 3 (district) or 5 (commune) wide."""


class UnitLevel(enum.IntEnum):
    """The tier of a unit. Since 1 July 2025 there is no district level."""

    PROVINCE = 1
    DISTRICT = 2
    COMMUNE = 3

    @property
    def code_width(self) -> int:
        return _WIDTH[self]

    @property
    def vietnamese(self) -> str:
        return _LEVEL_VI[self]

    @classmethod
    def parse(cls, text: str | UnitLevel) -> UnitLevel:
        """``"province"``, ``"district"``, ``"commune"`` (or ``tỉnh``/``huyện``/``xã``)."""
        if isinstance(text, UnitLevel):
            return text
        if isinstance(text, str):
            key = text.strip().lower()
            for level in cls:
                if key in (level.name.lower(), level.vietnamese):
                    return level
        raise InputError(
            "level must be one of province, district, commune "
            f"(or cấp tỉnh, cấp huyện, cấp xã), got {_shown(text)}"
        )


_WIDTH = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}
_LEVEL_VI = {
    UnitLevel.PROVINCE: "cấp tỉnh",
    UnitLevel.DISTRICT: "cấp huyện",
    UnitLevel.COMMUNE: "cấp xã",
}


class UnitKind(enum.Enum):
    """Every kind of administrative unit since 2004, with its level and Vietnamese name."""

    PROVINCE = "tỉnh"
    MUNICIPALITY = "thành phố trực thuộc trung ương"
    URBAN_DISTRICT = "quận"
    RURAL_DISTRICT = "huyện"
    DISTRICT_TOWN = "thị xã"
    PROVINCIAL_CITY = "thành phố thuộc tỉnh"
    MUNICIPAL_CITY = "thành phố thuộc thành phố trực thuộc trung ương"
    COMMUNE = "xã"
    WARD = "phường"
    TOWNSHIP = "thị trấn"
    SPECIAL_ZONE = "đặc khu"

    @property
    def vietnamese(self) -> str:
        """The lower-case generic name, e.g. ``"phường"``."""
        return self.value

    @property
    def level(self) -> UnitLevel:
        return _KIND_LEVEL[self]

    @property
    def prefix(self) -> str:
        """The word that opens an official name: ``Phường``, ``Thành phố``, ``Thị trấn``."""
        return _PREFIX[self]

    @property
    def is_urban(self) -> bool:
        """Urban kinds (phường, thị trấn, quận, thị xã, cities) have residential groups."""
        return self in _URBAN

    @classmethod
    def parse(cls, text: str | UnitKind) -> UnitKind:
        """From a Vietnamese name (any case, NFC or NFD) or the enum's name."""
        if isinstance(text, UnitKind):
            return text
        if isinstance(text, str):
            key = nfc(text).strip().lower()
            for kind in cls:
                if key in (kind.value, kind.name.lower()):
                    return kind
            found = _ALIASES.get(key)
            if found is not None:
                return found
        raise InputError(
            "kind must be one of "
            + ", ".join(repr(k.value) for k in cls)
            + f" (or its English name, such as 'ward'), got {_shown(text)}"
        )


_KIND_LEVEL = {
    UnitKind.PROVINCE: UnitLevel.PROVINCE,
    UnitKind.MUNICIPALITY: UnitLevel.PROVINCE,
    UnitKind.URBAN_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.RURAL_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.DISTRICT_TOWN: UnitLevel.DISTRICT,
    UnitKind.PROVINCIAL_CITY: UnitLevel.DISTRICT,
    UnitKind.MUNICIPAL_CITY: UnitLevel.DISTRICT,
    UnitKind.COMMUNE: UnitLevel.COMMUNE,
    UnitKind.WARD: UnitLevel.COMMUNE,
    UnitKind.TOWNSHIP: UnitLevel.COMMUNE,
    UnitKind.SPECIAL_ZONE: UnitLevel.COMMUNE,
}
_PREFIX = {
    UnitKind.PROVINCE: "Tỉnh",
    UnitKind.MUNICIPALITY: "Thành phố",
    UnitKind.URBAN_DISTRICT: "Quận",
    UnitKind.RURAL_DISTRICT: "Huyện",
    UnitKind.DISTRICT_TOWN: "Thị xã",
    UnitKind.PROVINCIAL_CITY: "Thành phố",
    UnitKind.MUNICIPAL_CITY: "Thành phố",
    UnitKind.COMMUNE: "Xã",
    UnitKind.WARD: "Phường",
    UnitKind.TOWNSHIP: "Thị trấn",
    UnitKind.SPECIAL_ZONE: "Đặc khu",
}
_URBAN = frozenset(
    {
        UnitKind.MUNICIPALITY,
        UnitKind.URBAN_DISTRICT,
        UnitKind.DISTRICT_TOWN,
        UnitKind.PROVINCIAL_CITY,
        UnitKind.MUNICIPAL_CITY,
        UnitKind.WARD,
        UnitKind.TOWNSHIP,
    }
)
_ALIASES = {
    "thành phố trực thuộc tw": UnitKind.MUNICIPALITY,
    "thành phố thuộc tỉnh": UnitKind.PROVINCIAL_CITY,
    "thành phố thuộc thành phố": UnitKind.MUNICIPAL_CITY,
}

_CODE_RE = re.compile(r"[0-9]+")
#: how much of a bad value an error message quotes
_QUOTED = 80


def _shown(value: object) -> str:
    """``repr(value)``, cut to about 80 characters (a huge input never floods a message)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return f"an integer of {value.bit_length()} bits"
    try:
        text = repr(value)
    except Exception:
        text = f"a {type(value).__name__}"
    return text if len(text) <= _QUOTED else text[: _QUOTED - 1] + "…"


def _short(value: object) -> object:
    """``value`` itself when it is small, else a short text standing for it: what an
    error keeps of a bad input."""
    if isinstance(value, str):
        return value if len(value) <= _QUOTED else value[: _QUOTED - 1] + "…"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return _shown(value)
    return value


def unit_code(value: object, level: UnitLevel | None = None) -> UnitCode:
    """Canonicalise a unit code: strip blanks, left-pad with zeros to the level's width.

    Without ``level`` the width must already be 2, 3 or 5.  Whole numbers are accepted
    (``1`` → ``'01'`` with ``level=PROVINCE``; also a NumPy integer, and a float such as
    ``1.0`` that a spreadsheet or a column with gaps made of a code) because spreadsheets
    drop zeros; ``1.7`` is no code.  Raises :class:`~qcdc.errors.InvalidUnitCode` for
    anything else, quoting at most 80 characters of it.
    """
    text = value.strip() if isinstance(value, str) else _digits_of_number(value)
    if not _CODE_RE.fullmatch(text):
        raise InvalidUnitCode(
            _short(value),
            "ASCII digits only (2 for a province, 3 for a district, 5 for a commune)",
        )
    if level is not None:
        width = level.code_width
        if len(text) > width:
            # allow superfluous leading zeros ("0001" for a district is still 001)
            stripped = text.lstrip("0")
            if len(stripped) > width:
                raise InvalidUnitCode(
                    _short(value), f"at most {width} digits for a {level.name.lower()} code"
                )
            text = stripped
        return UnitCode(text.zfill(width))
    if len(text) not in (2, 3, 5):
        raise InvalidUnitCode(
            _short(value),
            "2 digits (province), 3 (district) or 5 (commune)",
            hint="write the code with its leading zeros (01, 001, 00001)",
        )
    return UnitCode(text)


def _digits_of_number(value: object) -> str:
    """The digits of a whole number (an ``int``, a NumPy integer, a float such as ``1.0``
    that a spreadsheet made of a code), or an :class:`InvalidUnitCode`."""
    if isinstance(value, bool) or value is None:
        raise InvalidUnitCode(value, "a string of ASCII digits")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidUnitCode(
                value, "a whole number or a string of ASCII digits", hint="a code has no fraction"
            )
        number = int(value)
    else:
        try:
            number = operator.index(value)  # type: ignore[arg-type]  # int, numpy.int64 …
        except TypeError:
            raise InvalidUnitCode(_shown(value), "a string of ASCII digits") from None
    if number < 0 or number.bit_length() > 64:
        raise InvalidUnitCode(_short(number), "a code of at most 5 digits")
    return str(number)


def level_of_code(code: str) -> UnitLevel:
    """The level a canonical code's width stands for."""
    for level, width in _WIDTH.items():
        if len(code) == width:
            return level
    raise InvalidUnitCode(code, "2, 3 or 5 ASCII digits")


def _to_kind(value: UnitKind | str) -> UnitKind:
    return UnitKind.parse(value)


def _date(value: object, name: str) -> dt.date:
    """``value`` as a date by :func:`qcdc.dates.as_date`, the one rule of qcdc.

    A :class:`datetime.date` passes at once; anything else goes to ``as_date``, imported
    then: ``qcdc.dates`` (its calendar and periods) costs more to import than the whole
    gazetteer, and most programs that look units up never need it.
    """
    if value.__class__ is dt.date:
        return value
    from qcdc.dates import as_date

    return as_date(value, name)


def _optional_date(value: object, name: str) -> dt.date | None:
    """Like :func:`_date`, with ``None`` (and an empty string) for no date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _date(value, name)


def _to_date(value: dt.date | str) -> dt.date:
    return _date(value, "valid_from")


def _to_opt_date(value: dt.date | str | None) -> dt.date | None:
    return _optional_date(value, "valid_to")


def _check_code(instance: AdministrativeUnit, attribute: attrs.Attribute[str], value: str) -> None:
    width = instance.kind.level.code_width
    if len(value) != width or not _CODE_RE.fullmatch(value):
        raise InvalidUnitCode(
            value, f"{width} ASCII digits for a {instance.kind.vietnamese} ({instance.kind.name})"
        )


def _check_parent(
    instance: AdministrativeUnit, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    level = instance.kind.level
    if level is UnitLevel.PROVINCE:
        if value is not None:
            raise ValueError(f"a province has no parent, got parent_code={value!r}")
        return
    if value is None:
        raise ValueError(f"a {instance.kind.vietnamese} must have a parent_code")
    if len(value) not in (2, 3) or not _CODE_RE.fullmatch(value):
        raise InvalidUnitCode(value, "a parent code of 2 (province) or 3 (district) digits")
    if level is UnitLevel.DISTRICT and len(value) != 2:
        raise InvalidUnitCode(value, "a district's parent must be a 2-digit province code")


def _check_validity(
    instance: AdministrativeUnit, attribute: attrs.Attribute[dt.date | None], value: dt.date | None
) -> None:
    if value is not None and value <= instance.valid_from:
        raise ValueError(f"valid_to must be after valid_from, got {instance.valid_from} .. {value}")


_new = object.__new__
_set = object.__setattr__  # a frozen class's fields are set this way (attrs does too)


@attrs.frozen(order=False)
class AdministrativeUnit:
    """A unit as it was over ``[valid_from, valid_to)``.

    A unit's identity is ``(code, valid_from)``: codes are reused across eras.
    ``name`` is the official full name with its type word (``"Phường Phúc Xá"``).
    """

    kind: UnitKind = attrs.field(converter=_to_kind)
    code: str = attrs.field(validator=[attrs.validators.instance_of(str), _check_code])
    name: str = attrs.field(converter=nfc, validator=attrs.validators.min_len(1))
    parent_code: str | None = attrs.field(default=None, validator=_check_parent)
    valid_from: dt.date = attrs.field(
        default=dt.date(2021, 1, 1),
        converter=_to_date,
        validator=attrs.validators.instance_of(dt.date),
    )
    valid_to: dt.date | None = attrs.field(
        default=None, converter=_to_opt_date, validator=_check_validity
    )
    #: the English name where the data has one (``"Ha Noi City"``), else ``None``; not part
    #: of equality or hashing (a unit is the same unit with or without a translation), nor of
    #: the repr (which stays what it was before English names were shipped)
    name_en: str | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)

    @property
    def level(self) -> UnitLevel:
        return self.kind.level

    @property
    def short_name(self) -> str:
        """The name without its type word (``"Phúc Xá"``; ``"1"`` for ``"Phường 1"``)."""
        prefix = self.kind.prefix
        if self.name.startswith(prefix + " "):
            return self.name[len(prefix) + 1 :]
        return self.name

    @property
    def identity(self) -> tuple[str, dt.date]:
        return (self.code, self.valid_from)

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)

    @classmethod
    def _trusted(
        cls,
        kind: UnitKind,
        code: str,
        name: str,
        parent_code: str | None,
        valid_from: dt.date,
        valid_to: dt.date | None,
        name_en: str | None = None,
    ) -> AdministrativeUnit:
        """A unit from values already canonical and checked (the packaged data, whose own
        tests run every validator over it): no converters, no validators.  The 15,504
        embedded records load in about 25 ms this way; through the validators the
        construction alone takes about 45 ms more (the cold start of
        ``benchmarks/bench_gazetteer.py``).
        """
        self = _new(cls)
        _set(self, "kind", kind)
        _set(self, "code", code)
        _set(self, "name", name)
        _set(self, "parent_code", parent_code)
        _set(self, "valid_from", valid_from)
        _set(self, "valid_to", valid_to)
        _set(self, "name_en", name_en)
        return self

    @classmethod
    def from_record(cls, row: Mapping[str, Any]) -> AdministrativeUnit:
        """Build from a mapping with keys code, name, kind, parent_code, valid_from, valid_to
        (and name_en, optional).

        Errors name the field that is wrong.
        """
        missing = [k for k in ("code", "name", "kind") if not row.get(k)]
        if missing:
            raise InputError(f"missing required field(s): {', '.join(missing)}", field=missing[0])
        try:
            kind = UnitKind.parse(str(row["kind"]))
        except ValueError as exc:
            raise InputError(str(exc), field="kind") from None
        try:
            code = unit_code(row["code"], level=kind.level)
        except InvalidUnitCode as exc:
            raise InputError(str(exc), field="code") from None
        parent = row.get("parent_code") or None
        dates: dict[str, dt.date | None] = {}
        for key in ("valid_from", "valid_to"):
            value = row.get(key) or None
            try:
                dates[key] = _optional_date(value, key)
            except InvalidDate as exc:
                raise InputError(str(exc), field=key) from None
        try:
            return cls(
                kind=kind,
                code=code,
                name=str(row["name"]),
                parent_code=str(parent) if parent is not None else None,
                valid_from=dates["valid_from"] or dt.date(2021, 1, 1),
                valid_to=dates["valid_to"],
                name_en=str(row["name_en"]) if row.get("name_en") else None,
            )
        except (ValueError, TypeError) as exc:
            raise InputError(str(exc)) from None

    def to_record(self) -> dict[str, str]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind.vietnamese,
            "level": self.level.name.lower(),
            "parent_code": self.parent_code or "",
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else "",
            "name_en": self.name_en or "",
        }

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def _repr_html_(self) -> str:
        import html

        until = self.valid_to.isoformat() if self.valid_to else "still in force"
        parent = f", in {html.escape(self.parent_code)}" if self.parent_code else ""
        english = f" ({html.escape(self.name_en)})" if self.name_en else ""
        return (
            f"<code>{html.escape(self.code)}</code> <b>{html.escape(self.name)}</b>{english}: "
            f"{html.escape(self.kind.vietnamese)}{parent}; "
            f"{self.valid_from.isoformat()} – {until}"
        )


# ---------------------------------------------------------------- filters of the gazetteer

_LEVELS: dict[str, UnitLevel] = {}
_KINDS: dict[UnitKind | str, frozenset[UnitKind]] = {}


def _as_level(value: UnitLevel | str | None) -> UnitLevel | None:
    """A ``level=`` filter (``None`` for any level), or an InputError naming the field."""
    if value is None or isinstance(value, UnitLevel):
        return value
    found = _LEVELS.get(value) if isinstance(value, str) else None
    if found is not None:
        return found
    try:
        found = UnitLevel.parse(value)
    except InputError as exc:
        raise InputError(exc.reason, field="level") from None
    if len(_LEVELS) < 64:
        _LEVELS[value] = found
    return found


def _as_kinds(
    value: UnitKind | str | Iterable[UnitKind | str] | None,
) -> frozenset[UnitKind] | None:
    """A ``kind=`` filter: one kind or several (``None`` for any)."""
    if value is None:
        return None
    try:
        if isinstance(value, (UnitKind, str)):
            found = _KINDS.get(value)
            if found is None:
                found = frozenset([UnitKind.parse(value)])
                if len(_KINDS) < 64:
                    _KINDS[value] = found
            return found
        return frozenset(UnitKind.parse(v) for v in value)
    except InputError as exc:
        raise InputError(exc.reason, field="kind") from None
    except TypeError:
        raise InputError(
            f"kind must be a unit kind or several, got {type(value).__name__}", field="kind"
        ) from None


from qcdc._hypothesis_plugin import register_loaded as _register_with_hypothesis  # noqa: E402

_register_with_hypothesis()  # the types above, if hypothesis came first (qcdc._hypothesis_plugin)
