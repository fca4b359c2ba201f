"""The general figure table of a report: any named figure, and the relations between them.

The typed sections (:mod:`qcdc.reports.sections`) hold the recurring metrics; the figure
table holds everything else a report prints.  A :class:`TableFigure` is one printed
figure: its id, label, value as printed (``"4.956"``, ``"4,37"``, ``"97 nghìn"``,
``"118/138"``), unit (any text: ``vụ việc``, ``hộ``, ``tỷ đồng``, ``m²``, ``ha``, ``%`` …),
hedge, scope, whether it is planned, and its source.  A :class:`Relation` says how
figures relate — the file declares it, the checker
(:func:`qcdc.reports.check`) tests it:

========== ========================================== ========================
kind       reads                                      rule
========== ========================================== ========================
sum        whole = Σ parts (a complete breakdown)     ``table.sum-of-parts``
part_of    Σ parts ≤ whole ("trong đó", "gồm … ")     ``table.partial-parts``
levels     whole = Σ figures of each level            ``table.sum-by-level``
change     after − before = ± change, % of change     ``table.before-after``,
                                                      ``table.percent-change``
percent    percent ≈ 100·numerator/denominator        ``table.percent``
plan       percent of plan ≈ 100·achieved/planned     ``table.plan-achieved``
========== ========================================== ========================

Money is compared in đồng and land in m² (``4,37 tỷ đồng``, ``15,1 ha``).

>>> f = TableFigure(id="f1", label="vốn", value="4,37", unit="tỷ đồng")
>>> f.kind.value, str(f.span())
('money', '[4365000000; 4375000000)')
>>> TableFigure(id="f2", label="hộ", value="trên 120", unit="hộ").hedge
'trên'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from qcdc.errors import InputError, InvalidNumber
from qcdc.numbers import Figure, Hedge, Scale, Unit, parse_figure
from qcdc.reports._exact import HEDGES, Span, printed_span
from qcdc.reports.sections import _opt_str

__all__ = ["FigureTable", "Relation", "RelationKind", "Scope", "TableFigure", "TableKind"]


class TableKind(enum.Enum):
    """What a table figure measures (the relations compare figures of one kind only)."""

    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"
    AREA = "area"
    RATIO = "ratio"


class Scope(enum.Enum):
    """Whom or what a figure counts: a level of the administration, agencies, enterprises."""

    COUNTRY = "country"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    HAMLET = "hamlet"
    AGENCIES = "agencies"
    ENTERPRISES = "enterprises"


_MONEY = {"đồng": 1, "vnd": 1, "vnđ": 1, "đ": 1}
_AREA = {"m2": 1, "m²": 1, "ha": 10**4, "km2": 10**6, "km²": 10**6}


def _split_hedge(text: str) -> tuple[str | None, str]:
    for word in sorted(HEDGES, key=len, reverse=True):
        if text.startswith(word + " "):
            return word, text[len(word) + 1 :].strip()
    return None, text


def _to_value(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise InputError(f"a value is a number or the number as printed, got {value!r}")
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        if value < 0:
            raise InputError(f"a printed figure is >= 0, got {value!r}")
        return str(value).replace(".", ",")
    if isinstance(value, float):
        raise InputError(
            f'write a decimal as the text printed, e.g. value = "{str(value).replace(".", ",")}", '
            f"got {value!r} (a float loses the printed precision)"
        )
    from qcdc.text import nfc

    return " ".join(nfc(str(value)).split())


@attrs.frozen
class _Read:
    """A printed number read: its value, the unit of its last digit (None: exact), its scale."""

    number: Decimal
    resolution: Decimal | None


_KIND_UNIT: dict[TableKind, Unit | None] = {
    TableKind.COUNT: None,
    TableKind.RATIO: None,
    TableKind.PERCENT: Unit.PERCENT,
    TableKind.MONEY: Unit.VND,
    TableKind.AREA: Unit.SQUARE_METRE,
}
"""The :class:`qcdc.numbers.Unit` standing for a kind: it decides, in the numbers' one
rule (:attr:`qcdc.numbers.Figure.rounded`), whether a whole number is exact."""

_AS_PRINTED = (
    "value {text!r} must be a number as printed, such as 4.956, 4,37, 97 nghìn or hai mươi"
)
_AS_PRINTED_HINT = (
    "a dot groups thousands and a comma marks decimals, as Vietnamese prints them; "
    "the unit goes in unit and the hedge before the number"
)


def _read_number(text: str, *, kind: TableKind) -> _Read:
    """``text`` read by :func:`qcdc.numbers.parse_figure` (digits or words, a scale word):
    its value and the unit of its last printed digit, by the numbers' rule for ``kind``."""
    try:
        fig = parse_figure(text)
    except InvalidNumber as exc:
        raise InputError(
            _AS_PRINTED.format(text=text) + f" ({exc.reason})", hint=_AS_PRINTED_HINT
        ) from None
    if fig.hedge is not Hedge.EXACT or fig.unit is not None or fig.denominator is not None:
        raise InputError(_AS_PRINTED.format(text=text), hint=_AS_PRINTED_HINT)
    try:
        as_kind = Figure(number=fig.number, scale=fig.scale, unit=_KIND_UNIT[kind])
    except InvalidNumber as exc:
        raise InputError(f"value {text!r}: {exc.reason}", hint=_AS_PRINTED_HINT) from None
    return _Read(as_kind.value, as_kind.resolution if as_kind.rounded else None)


def _scale(word: str) -> int | None:
    """The multiplier of a scale word (``nghìn``, ``triệu``, ``tỷ`` …) as
    :class:`qcdc.numbers.Scale` reads it; ``None`` for any other word."""
    try:
        scale = Figure(number=1, scale=word).scale
    except InvalidNumber:
        return None
    return None if scale is Scale.ONE else scale.multiplier


@attrs.frozen
class _Unit:
    kind: TableKind
    factor: Decimal
    """From the printed unit to the base unit (đồng, m²; 1 for counts)."""


def _read_unit(unit: str | None) -> _Unit:
    if unit is None:
        return _Unit(TableKind.COUNT, Decimal(1))
    text = unit.lower().strip()
    if text == "%":
        return _Unit(TableKind.PERCENT, Decimal(1))
    factor = Decimal(1)
    first, _, rest = text.partition(" ")
    scale = _scale(first) if rest else None
    if scale is not None:
        factor, text = Decimal(scale), rest.strip()
    if text in _MONEY:
        return _Unit(TableKind.MONEY, factor)
    if text in _AREA:
        return _Unit(TableKind.AREA, factor * _AREA[text])
    return _Unit(TableKind.COUNT, factor)


def _to_hedge(value: object) -> str | None:
    text = _opt_str(value)
    if text is None:
        return None
    text = text.strip().lower()
    if text not in HEDGES:
        raise InputError(
            f"unknown hedge {text!r}", hint="the hedges are " + ", ".join(sorted(HEDGES))
        )
    return text


def _to_scope(value: Scope | str | None) -> Scope | None:
    if value is None or isinstance(value, Scope):
        return value
    try:
        return Scope(str(value).strip().lower())
    except ValueError:
        raise InputError(
            f"unknown scope {value!r}", hint="scopes: " + ", ".join(s.value for s in Scope)
        ) from None


def _to_kind(value: TableKind | str | None) -> TableKind | None:
    if value is None or isinstance(value, TableKind):
        return value
    try:
        return TableKind(str(value).strip().lower())
    except ValueError:
        raise InputError(
            f"unknown kind {value!r}", hint="kinds: " + ", ".join(k.value for k in TableKind)
        ) from None


def _nonempty_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        raise InputError(
            f"{attribute.name} must be a short name of letters, digits, '-' or '_', got {value!r}"
        )


@attrs.frozen(kw_only=True)
class TableFigure:
    """One printed figure of the figure table.

    ``value`` is the number as printed, with its scale word (``"97 nghìn"``); a hedge
    word in front of it (``"trên 120"``) moves to ``hedge``.  ``unit`` is any text;
    money (``đồng``, ``triệu đồng``, ``tỷ đồng``) and land (``m²``, ``ha``) are converted
    for comparison; ``%`` makes a percentage.  ``kind`` follows from the unit and the
    value (``"118/138"`` is a ratio) unless given, and must agree with them.
    """

    id: str = attrs.field(validator=_nonempty_id)
    label: str = attrs.field(converter=_opt_str)
    value: str = attrs.field(converter=_to_value)
    unit: str | None = attrs.field(default=None, converter=_opt_str)
    hedge: str | None = attrs.field(default=None, converter=_to_hedge)
    kind: TableKind = attrs.field(default=None, converter=_to_kind)
    planned: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    scope: Scope | None = attrs.field(default=None, converter=_to_scope)
    source: str | None = attrs.field(default=None, converter=_opt_str)
    printed: str | None = attrs.field(default=None, converter=_opt_str)
    note: str | None = attrs.field(default=None, converter=_opt_str)

    def __attrs_post_init__(self) -> None:
        hedge, rest = _split_hedge(self.value)
        if hedge is not None:
            if self.hedge is not None and self.hedge != hedge:
                raise InputError(
                    f"figure {self.id}: the value says {hedge!r} but hedge is {self.hedge!r}",
                    field="hedge",
                )
            object.__setattr__(self, "hedge", hedge)
            object.__setattr__(self, "value", rest)
        unit = _read_unit(self.unit)
        inferred = TableKind.RATIO if "/" in self.value else unit.kind
        if self.kind is None:
            object.__setattr__(self, "kind", inferred)
        elif self.kind is not inferred and not (
            self.kind is TableKind.RATIO and inferred is TableKind.COUNT and "/" in self.value
        ):
            raise InputError(
                f"figure {self.id} is a {inferred.value} by its unit {self.unit!r} and value "
                f"{self.value!r}, but kind says {self.kind.value}",
                field="kind",
                hint="leave kind out: it follows from the unit",
            )
        if self.kind is TableKind.RATIO:
            self._ratio()
        else:
            self._read()

    def _read(self) -> _Read:
        try:
            return _read_number(self.value, kind=self.kind)
        except InputError as exc:
            raise InputError(exc.reason or str(exc), field="value", hint=exc.hint) from None

    def _ratio(self) -> tuple[Decimal, Decimal]:
        num, _, den = self.value.partition("/")
        try:
            a = _read_number(num.strip(), kind=TableKind.COUNT)
            b = _read_number(den.strip(), kind=TableKind.COUNT)
        except InputError as exc:
            raise InputError(exc.reason or str(exc), field="value", hint=exc.hint) from None
        if a.resolution is not None or b.resolution is not None or b.number == 0:
            raise InputError(
                f"a ratio is two whole numbers, the second above 0, got {self.value!r}",
                field="value",
            )
        return a.number, b.number

    @property
    def factor(self) -> Decimal:
        """From the printed unit to the base unit (đồng for money, m² for land)."""
        return _read_unit(self.unit).factor

    @property
    def number(self) -> Decimal:
        """The printed value, in the base unit (for a ratio: its numerator)."""
        if self.kind is TableKind.RATIO:
            return self._ratio()[0]
        return self._read().number * self.factor

    @property
    def half_unit(self) -> Decimal:
        """Half the unit of the last printed digit, in the base unit (0 when exact)."""
        if self.kind is TableKind.RATIO:
            return Decimal(0)
        res = self._read().resolution
        return Decimal(0) if res is None else res * self.factor / 2

    @property
    def resolution(self) -> Decimal | None:
        """The unit of the last printed digit in the base unit; ``None`` when exact."""
        if self.kind is TableKind.RATIO:
            return None
        res = self._read().resolution
        return None if res is None else res * self.factor

    def span(self, side: str | None = None) -> Span:
        """The interval the figure stands for, in the base unit (``side``: a ratio's num or den)."""
        if self.kind is TableKind.RATIO:
            num, den = self._ratio()
            return Span.point(den if side == "den" else num)
        read = self._read()
        res = None if read.resolution is None else read.resolution * self.factor
        return printed_span(read.number * self.factor, res, self.hedge)

    @property
    def shown(self) -> str:
        """The figure as printed: hedge, value, unit."""
        parts = [p for p in (self.hedge, self.value, self.unit) if p]
        return " ".join(parts).replace(" %", "%")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "label": self.label, "value": self.value}
        for key in ("unit", "hedge"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.planned:
            out["planned"] = True
        if self.scope is not None:
            out["scope"] = self.scope.value
        for key in ("source", "printed", "note"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


class RelationKind(enum.Enum):
    """How the figures of a :class:`Relation` relate."""

    SUM = "sum"
    PART_OF = "part_of"
    LEVELS = "levels"
    CHANGE = "change"
    PERCENT = "percent"
    PLAN = "plan"


_ROLES: dict[RelationKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (required roles, optional roles)
    RelationKind.SUM: (("whole", "parts"), ()),
    RelationKind.PART_OF: (("whole", "parts"), ()),
    RelationKind.LEVELS: (("whole", "parts"), ()),
    RelationKind.CHANGE: (("before",), ("after", "change", "direction", "percent")),
    RelationKind.PERCENT: (("percent", "denominator"), ("numerator",)),
    RelationKind.PLAN: (("planned", "achieved"), ("percent",)),
}
_REF_ROLES = ("whole", "before", "after", "change", "percent", "numerator", "denominator")
_ALL_ROLES = (*_REF_ROLES, "planned", "achieved", "parts", "direction")


def _to_parts(value: Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise InputError(f"parts must be a list of figure ids, got {value!r}", field="parts")
    return tuple(value)


def _to_direction(value: object) -> str | None:
    text = _opt_str(value)
    if text is not None and text not in ("increase", "decrease"):
        raise InputError(
            f"direction must be 'increase' or 'decrease', got {text!r}", field="direction"
        )
    return text


@attrs.frozen(kw_only=True)
class Relation:
    """A relation between figures of the table, declared in the file (see the module)."""

    kind: RelationKind = attrs.field(converter=RelationKind)
    whole: str | None = attrs.field(default=None, converter=_opt_str)
    parts: tuple[str, ...] = attrs.field(default=(), converter=_to_parts)
    before: str | None = attrs.field(default=None, converter=_opt_str)
    after: str | None = attrs.field(default=None, converter=_opt_str)
    change: str | None = attrs.field(default=None, converter=_opt_str)
    direction: str | None = attrs.field(default=None, converter=_to_direction)
    percent: str | None = attrs.field(default=None, converter=_opt_str)
    numerator: str | None = attrs.field(default=None, converter=_opt_str)
    denominator: str | None = attrs.field(default=None, converter=_opt_str)
    planned: str | None = attrs.field(default=None, converter=_opt_str)
    achieved: str | None = attrs.field(default=None, converter=_opt_str)
    note: str | None = attrs.field(default=None, converter=_opt_str)

    def __attrs_post_init__(self) -> None:
        required, optional = _ROLES[self.kind]
        for role in required:
            if not getattr(self, role):
                raise InputError(f"a {self.kind.value} relation needs {role}", field=role)
        for role in _ALL_ROLES:
            if role not in required and role not in optional and getattr(self, role):
                raise InputError(
                    f"a {self.kind.value} relation has no {role}",
                    field=role,
                    hint="its keys: " + ", ".join((*required, *optional)),
                )
        if self.kind is RelationKind.CHANGE:
            if self.after is None and self.change is None:
                raise InputError("a change relation needs after or change", field="after")
            if (self.change is not None or self.percent is None) and self.direction is None:
                raise InputError(
                    "a change relation needs its direction",
                    field="direction",
                    hint="direction = 'increase' (after > before) or 'decrease'",
                )

    def refs(self) -> Iterator[tuple[str, str]]:
        """``(role, reference)`` for every figure the relation names."""
        for role in _REF_ROLES + ("planned", "achieved"):
            ref = getattr(self, role)
            if ref is not None and role != "direction":
                yield role, ref
        for ref in self.parts:
            yield "parts", ref

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value}
        for key in (
            "whole",
            "parts",
            "before",
            "after",
            "change",
            "direction",
            "percent",
            "numerator",
            "denominator",
            "planned",
            "achieved",
            "note",
        ):
            value = getattr(self, key)
            if value:
                out[key] = list(value) if key == "parts" else value
        return out


_DIMENSION = {
    TableKind.COUNT: "count",
    TableKind.RATIO: "count",
    TableKind.PERCENT: "percent",
    TableKind.MONEY: "money",
    TableKind.AREA: "area",
}


def _to_figures(value: Iterable[TableFigure] | None) -> tuple[TableFigure, ...]:
    items = tuple(value or ())
    for item in items:
        if not isinstance(item, TableFigure):
            raise InputError(f"figures must be TableFigure values, got {item!r}")
    return items


def _to_relations(value: Iterable[Relation] | None) -> tuple[Relation, ...]:
    items = tuple(value or ())
    for item in items:
        if not isinstance(item, Relation):
            raise InputError(f"relations must be Relation values, got {item!r}")
    return items


@attrs.frozen(kw_only=True)
class FigureTable:
    """The figures and relations of the figure table; every reference must resolve."""

    figures: tuple[TableFigure, ...] = attrs.field(default=(), converter=_to_figures)
    relations: tuple[Relation, ...] = attrs.field(default=(), converter=_to_relations)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for i, fig in enumerate(self.figures):
            if fig.id in seen:
                raise InputError(f"figure id {fig.id!r} is used twice", field=f"figures.{i}.id")
            seen.add(fig.id)
        for i, rel in enumerate(self.relations):
            self._check_relation(i, rel)

    def __getitem__(self, ref: str) -> TableFigure:
        key = ref.split(":", 1)[0]
        for fig in self.figures:
            if fig.id == key:
                return fig
        raise KeyError(ref)

    def span(self, ref: str) -> Span:
        """The interval a reference stands for (``f4:num``/``f4:den`` for a ratio's sides)."""
        key, _, side = ref.partition(":")
        return self[key].span(side or None)

    def printed_value(self, ref: str) -> Decimal:
        """The value a reference prints, in the base unit (a ratio's side, or the figure)."""
        key, _, side = ref.partition(":")
        fig = self[key]
        if side:
            num, den = fig._ratio()
            return den if side == "den" else num
        return fig.number

    def shown(self, ref: str) -> str:
        """A reference as printed: ``639 vụ việc``; ``238 (of 238/316 vụ việc)``."""
        key, _, side = ref.partition(":")
        fig = self[key]
        if not side:
            return fig.shown
        num, den = fig._ratio()
        return f"{num if side == 'num' else den} (of {fig.shown})"

    def _check_relation(self, i: int, rel: Relation) -> None:
        where = f"relations.{i}"
        dims: dict[str, str] = {}
        for role, ref in rel.refs():
            key, _, side = ref.partition(":")
            if key not in {f.id for f in self.figures}:
                raise InputError(f"relation {i} names no figure {key!r}", field=f"{where}.{role}")
            fig = self[key]
            if side and (side not in ("num", "den") or fig.kind is not TableKind.RATIO):
                raise InputError(
                    f"{ref!r}: only a ratio has the sides ':num' and ':den'",
                    field=f"{where}.{role}",
                )
            dim = _DIMENSION[fig.kind]
            if fig.kind is TableKind.RATIO and not side and role not in ("percent",):
                raise InputError(
                    f"{ref!r} is a ratio: name its side, {key}:num or {key}:den",
                    field=f"{where}.{role}",
                )
            if role == "percent":
                if dim != "percent":
                    raise InputError(
                        f"{ref!r} must be a percentage (its unit '%')", field=f"{where}.{role}"
                    )
                continue
            dims[ref] = dim
        if len(set(dims.values())) > 1:
            shown = ", ".join(f"{r} ({d})" for r, d in dims.items())
            raise InputError(
                f"relation {i} compares figures of different kinds: {shown}",
                field=where,
                hint="money is compared with money, land with land, counts with counts",
            )
        if rel.kind is RelationKind.LEVELS:
            scopes = [self[p].scope for p in rel.parts]
            if None in scopes or len(set(scopes)) != len(scopes):
                raise InputError(
                    f"relation {i}: each part of a levels sum needs its own scope",
                    field=f"{where}.parts",
                    hint='scope = "province" | "district" | "commune" | "hamlet" …',
                )
        if rel.kind is RelationKind.PLAN:
            if not self[rel.planned or ""].planned:
                raise InputError(
                    f"relation {i}: {rel.planned} is the plan, so it needs planned = true",
                    field=f"{where}.planned",
                )
            if self[rel.achieved or ""].planned:
                raise InputError(
                    f"relation {i}: {rel.achieved} is what was achieved, not planned",
                    field=f"{where}.achieved",
                )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.figures:
            out["figures"] = [f.to_dict() for f in self.figures]
        if self.relations:
            out["relations"] = [r.to_dict() for r in self.relations]
        return out


_FIGURE_KEYS = tuple(a.name for a in attrs.fields(TableFigure))
_RELATION_KEYS = tuple(a.name for a in attrs.fields(Relation))
