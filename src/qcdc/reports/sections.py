"""The sections of an annual report: what each part of a review says, figure by figure.

One frozen class per section — :class:`UnitCounts` (administrative units of one level),
:class:`HamletReorganisation`, :class:`InspectionFigures`,
:class:`InvestmentSupervision`, :class:`DialogueConferences`, :class:`Mediation`,
:class:`OnlineServices`, :class:`DanVanKheo`, and the recurring sections of issue 13:
:class:`Petitions`, :class:`FrontSupervision`, :class:`Contributions`,
:class:`WorkplaceDemocracy`, :class:`VillageConventions` and :class:`Awards`.  Each
declares its figures on its fields (a :class:`~qcdc.reports.figures.Metric` in the
field's metadata) and its rules as data: ``SUMS`` (a whole and its parts), ``ORDERS`` (a
part never above its whole), ``PERCENTS`` (a percentage and its ratio) and ``LEVELS`` (a
whole and its figures by level, complete or partial as its ``levels`` says:
:class:`Breakdown`), which :mod:`qcdc.reports.checker` reads.  A ``SUMS`` or ``ORDERS``
entry may name its own rule (``petitions.resolved-within``) as its third item; without
one it is the shared ``total.sum-of-parts`` or ``order.part-le-whole``.

The module is one concept — the sections of a review, declared as data — and long only
because each section lists its figures field by field (a label, a shape and the units of
each); the rules that read the declarations are in :mod:`qcdc.reports.checker`.

>>> h = HamletReorganisation(before="7.968 thôn, tổ dân phố", after=5393, percent=32)
>>> str(h.after), str(h.percent)
('5.393 thôn, tổ dân phố', '32%')
>>> [m.key for m, _ in h.figures()]
['before', 'after', 'percent']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

import attrs

from qcdc.citations import Confidence
from qcdc.dates import parse_date
from qcdc.errors import InputError, QcdcError
from qcdc.numbers import Figure, Unit
from qcdc.reports.figures import (
    _META,
    FigureKind,
    Metric,
    _figure_out,
    _m,
    _settle_figure,
    _to_figure,
)
from qcdc.units import UnitKind, UnitLevel

__all__ = [
    "Awards",
    "Breakdown",
    "Contributions",
    "DanVanKheo",
    "DialogueConferences",
    "FrontSupervision",
    "HamletReorganisation",
    "InspectionFigures",
    "InvestmentSupervision",
    "Mediation",
    "OnlineServices",
    "Petitions",
    "UnitCounts",
    "VillageConventions",
    "WorkplaceDemocracy",
]


def _to_confidence(value: Confidence | str | None) -> Confidence | None:
    if value is None or isinstance(value, Confidence):
        return value
    try:
        return Confidence(str(value).strip().lower())
    except ValueError:
        raise InputError(
            f"confidence must be one of sure, likely, unsure, unverified, got {value!r}",
            field="confidence",
        ) from None


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"expected text, got {value!r}")
    from qcdc.text import nfc

    return nfc(value)


def _to_opt_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return parse_date(value)
    raise InputError(f"expected a date such as 2021-12-17 or 17/12/2021, got {value!r}")


class Breakdown(enum.Enum):
    """How a section's figures by level relate to their whole (its ``levels`` key).

    Left out, the levels given must add up to the whole when every level is given, and
    must not exceed it when some are missing.
    """

    COMPLETE = "complete"
    """Every level is given (a level left out had none): the levels add up to the whole."""
    PARTIAL = "partial"
    """Some of the whole, by level ("trong đó"): the levels given do not exceed it."""

    @property
    def vietnamese(self) -> str:
        return "đủ các cấp" if self is Breakdown.COMPLETE else "trong đó"


def _to_breakdown(value: Breakdown | str | None) -> Breakdown | None:
    if value is None or isinstance(value, Breakdown):
        return value
    text = str(value).strip().lower()
    for b in Breakdown:
        if text in (b.value, b.vietnamese):
            return b
    raise InputError(
        f"levels must be 'complete' (every level given) or 'partial' (trong đó), got {value!r}",
        field="levels",
    )


class _Section:
    """What every section shares: metrics declared on fields, rules declared as data."""

    KEY: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    ENGLISH: ClassVar[str] = ""
    SUMS: ClassVar[tuple[tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], str], ...]] = ()
    """``(whole, parts)`` or ``(whole, parts, rule)``: the whole equals the sum of its parts."""
    ORDERS: ClassVar[tuple[tuple[str, str] | tuple[str, str, str], ...]] = ()
    """``(part, whole)`` or ``(part, whole, rule)``: the part never exceeds the whole."""
    PERCENTS: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    """``(percent, numerator, denominator)``."""
    LEVELS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = ()
    """``(whole, parts by level)``: complete or partial as the section's ``levels`` says."""

    confidence: Confidence | None
    note: str | None
    __attrs_attrs__: ClassVar[tuple[Any, ...]]
    """Set by ``attrs.frozen`` on each section (declared so that ``attrs.fields`` takes one)."""

    def __attrs_post_init__(self) -> None:
        for metric in self.metrics():
            value = getattr(self, metric.key)
            if value is not None:
                settled = _settle_figure(metric, value)
                if settled is not value:
                    object.__setattr__(self, metric.key, settled)

    @classmethod
    def metrics(cls) -> tuple[Metric, ...]:
        """The figures this section may hold, in file order."""
        out = []
        for a in attrs.fields(cls):
            meta = a.metadata.get(_META)
            if meta is not None:
                label, english, kind, units = meta
                out.append(Metric(a.name, label, english, kind, units))
        return tuple(out)

    def figures(self) -> Iterator[tuple[Metric, Figure]]:
        """``(metric, figure)`` for every figure given, in file order."""
        for metric in self.metrics():
            value = getattr(self, metric.key)
            if value is not None:
                yield metric, value

    def figure(self, key: str) -> Figure | None:
        value = getattr(self, key)
        assert value is None or isinstance(value, Figure)
        return value

    def to_dict(self) -> dict[str, Any]:
        """The value as plain data in the file format (its keys as the file writes them)."""
        out: dict[str, Any] = {}
        for metric, fig in self.figures():
            out[metric.key] = _figure_out(metric, fig)
        out.update(self._extra_mapping())
        if self.confidence is not None:
            out["confidence"] = self.confidence.value
        if self.note is not None:
            out["note"] = self.note
        return out

    def to_mapping(self) -> dict[str, Any]:
        """The 0.1 name of :meth:`to_dict` (one serialisation verb across qcdc)."""
        return self.to_dict()

    @property
    def breakdown(self) -> Breakdown | None:
        """How the figures by level relate to their whole (``None``: not stated)."""
        value = getattr(self, "levels", None)
        assert value is None or isinstance(value, Breakdown)
        return value

    def _extra_mapping(self) -> dict[str, Any]:
        if self.breakdown is not None:
            return {"levels": self.breakdown.value}
        return {}


_UNIT_OF_KIND = {
    UnitKind.COMMUNE: Unit.COMMUNE,
    UnitKind.WARD: Unit.WARD,
    UnitKind.TOWNSHIP: Unit.TOWNSHIP,
    UnitKind.SPECIAL_ZONE: Unit.SPECIAL_ZONE,
    UnitKind.URBAN_DISTRICT: Unit.URBAN_DISTRICT,
    UnitKind.RURAL_DISTRICT: Unit.RURAL_DISTRICT,
    UnitKind.DISTRICT_TOWN: Unit.DISTRICT_TOWN,
}
_UNIT_OF_LEVEL = {
    UnitLevel.COMMUNE: Unit.COMMUNE_LEVEL_UNIT,
    UnitLevel.DISTRICT: Unit.DISTRICT_LEVEL_UNIT,
}


def _to_level(value: UnitLevel | str) -> UnitLevel:
    try:
        return UnitLevel.parse(value)
    except ValueError as exc:
        raise InputError(str(exc), field="level") from None


def _to_by_kind(
    value: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None,
) -> tuple[tuple[UnitKind, Figure], ...]:
    if value is None:
        return ()
    items = list(value.items()) if isinstance(value, Mapping) else list(value)
    out: list[tuple[UnitKind, Figure]] = []
    seen: set[UnitKind] = set()
    for key, raw in items:
        try:
            kind = UnitKind.parse(key)
        except ValueError as exc:
            raise InputError(str(exc), field=f"by_kind.{key}") from None
        if kind in seen:
            raise InputError(f"kind {kind.vietnamese!r} is listed twice", field=f"by_kind.{key}")
        seen.add(kind)
        try:
            fig = _to_figure(raw)
        except QcdcError as exc:
            raise InputError(str(exc), field=f"by_kind.{key}") from None
        if fig is None:
            raise InputError("a count is missing", field=f"by_kind.{key}")
        out.append((kind, fig))
    return tuple(out)


@attrs.frozen(kw_only=True)
class UnitCounts(_Section):
    """How many administrative units of one level the place has, in total and by kind.

    ``by_kind`` maps a :class:`~qcdc.units.UnitKind` (or its Vietnamese name)
    to a count: ``{"xã": 383, "phường": 175, "thị trấn": 21}``.
    """

    KEY: ClassVar[str] = "units"
    TITLE: ClassVar[str] = "Đơn vị hành chính"
    ENGLISH: ClassVar[str] = "Administrative units"

    level: UnitLevel = attrs.field(default=UnitLevel.COMMUNE, converter=_to_level)
    total: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tổng số đơn vị hành chính", "units in total"),
    )
    by_kind: tuple[tuple[UnitKind, Figure], ...] = attrs.field(default=(), converter=_to_by_kind)
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)

    def __attrs_post_init__(self) -> None:
        level_unit = _UNIT_OF_LEVEL.get(self.level)
        if self.total is not None:
            metric = Metric(
                "total", "Tổng số", "total", FigureKind.COUNT, (level_unit,) if level_unit else ()
            )
            object.__setattr__(self, "total", _settle_figure(metric, self.total))
        settled = []
        for kind, fig in self.by_kind:
            if kind.level is not self.level:
                raise InputError(
                    f"a {kind.vietnamese} is a {kind.level.name.lower()}-level unit and cannot be "
                    f"counted among {self.level.name.lower()}-level units",
                    field=f"by_kind.{kind.vietnamese}",
                )
            unit = _UNIT_OF_KIND.get(kind)
            metric = Metric(
                kind.vietnamese,
                kind.vietnamese,
                kind.name.lower(),
                FigureKind.COUNT,
                (unit,) if unit else (),
            )
            try:
                settled.append((kind, _settle_figure(metric, fig)))
            except InputError as exc:
                raise InputError(exc.reason, field=f"by_kind.{kind.vietnamese}") from None
        object.__setattr__(self, "by_kind", tuple(settled))

    def count(self, kind: UnitKind | str) -> Figure | None:
        """The count given for one kind, or ``None``."""
        wanted = UnitKind.parse(kind)
        for k, fig in self.by_kind:
            if k is wanted:
                return fig
        return None

    def figures(self) -> Iterator[tuple[Metric, Figure]]:
        if self.total is not None:
            yield Metric("total", "Tổng số", "total", FigureKind.COUNT), self.total
        for kind, fig in self.by_kind:
            yield (
                Metric(
                    f"by_kind.{kind.vietnamese}",
                    kind.vietnamese,
                    kind.name.lower(),
                    FigureKind.COUNT,
                ),
                fig,
            )

    def to_dict(self) -> dict[str, Any]:
        """The value as plain data in the file format (its keys as the file writes them)."""
        out: dict[str, Any] = {}
        level_unit = _UNIT_OF_LEVEL.get(self.level)
        if self.total is not None:
            out["total"] = _figure_out(
                Metric("total", "", "", FigureKind.COUNT, (level_unit,) if level_unit else ()),
                self.total,
            )
        if self.by_kind:
            out["by_kind"] = {
                kind.vietnamese: _figure_out(
                    Metric(
                        kind.vietnamese,
                        "",
                        "",
                        FigureKind.COUNT,
                        (_UNIT_OF_KIND[kind],) if kind in _UNIT_OF_KIND else (),
                    ),
                    fig,
                )
                for kind, fig in self.by_kind
            }
        if self.confidence is not None:
            out["confidence"] = self.confidence.value
        if self.note is not None:
            out["note"] = self.note
        return out

    def to_mapping(self) -> dict[str, Any]:
        """The 0.1 name of :meth:`to_dict` (one serialisation verb across qcdc)."""
        return self.to_dict()


_HOLDS = Unit.HAMLET_OR_GROUP


@attrs.frozen(kw_only=True)
class HamletReorganisation(_Section):
    """Thôn and tổ dân phố before and after a reorganisation, the cut and its percentage.

    Rules: ``before − after = reduction``; ``percent`` is the reduction over
    ``before``; ``before = before_hamlets + before_groups`` (and the same after).
    """

    KEY: ClassVar[str] = "hamlets"
    TITLE: ClassVar[str] = "Sắp xếp thôn, tổ dân phố"
    ENGLISH: ClassVar[str] = "Hamlet reorganisation"
    SUMS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        ("before", ("before_hamlets", "before_groups")),
        ("after", ("after_hamlets", "after_groups")),
    )
    ORDERS: ClassVar[tuple[tuple[str, str], ...]] = (("after", "before"), ("reduction", "before"))

    before: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số thôn, tổ dân phố trước sắp xếp", "before", FigureKind.COUNT, _HOLDS),
    )
    after: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số thôn, tổ dân phố sau sắp xếp", "after", FigureKind.COUNT, _HOLDS),
    )
    reduction: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số thôn, tổ dân phố giảm", "reduction", FigureKind.COUNT, _HOLDS),
    )
    percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tỷ lệ giảm", "reduction (%)", FigureKind.PERCENT),
    )
    before_hamlets: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số thôn trước sắp xếp", "hamlets before", FigureKind.COUNT, Unit.HAMLET),
    )
    before_groups: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số tổ dân phố trước sắp xếp",
            "residential groups before",
            FigureKind.COUNT,
            Unit.RESIDENTIAL_GROUP,
        ),
    )
    after_hamlets: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số thôn sau sắp xếp", "hamlets after", FigureKind.COUNT, Unit.HAMLET),
    )
    after_groups: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số tổ dân phố sau sắp xếp",
            "residential groups after",
            FigureKind.COUNT,
            Unit.RESIDENTIAL_GROUP,
        ),
    )
    covenant_percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Tỷ lệ thôn, tổ dân phố có quy ước được phê duyệt",
            "with an approved covenant (%)",
            FigureKind.PERCENT,
        ),
    )
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


@attrs.frozen(kw_only=True)
class InspectionFigures(_Section):
    """The year's figures of the People's Inspection Boards (Ban Thanh tra nhân dân).

    ``supervised ≥ violations``, ``recommended ≥ resolved`` are the rules of a
    :class:`~qcdc.inspection.CaseTally`; :meth:`tally` returns one.
    """

    KEY: ClassVar[str] = "inspection"
    TITLE: ClassVar[str] = "Ban Thanh tra nhân dân"
    ENGLISH: ClassVar[str] = "People's Inspection Boards"
    PERCENTS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("resolved_percent", "resolved", "recommended"),
    )

    boards: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số Ban TTND", "boards", FigureKind.COUNT, Unit.BOARD),
    )
    members: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số thành viên", "members", FigureKind.COUNT, Unit.MEMBER, Unit.PERSON),
    )
    sessions: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số cuộc giám sát", "supervision sessions", FigureKind.COUNT, Unit.SESSION),
    )
    supervised: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số vụ việc được giám sát", "cases supervised", FigureKind.COUNT, Unit.CASE),
    )
    violations: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số vụ việc có dấu hiệu vi phạm",
            "cases with signs of violation",
            FigureKind.COUNT,
            Unit.CASE,
        ),
    )
    recommended: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số vụ việc kiến nghị",
            "cases recommended",
            FigureKind.COUNT,
            Unit.CASE,
            Unit.RECOMMENDATION,
        ),
    )
    resolved: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số kiến nghị được xem xét, giải quyết",
            "recommendations settled",
            FigureKind.COUNT,
            Unit.CASE,
            Unit.RECOMMENDATION,
        ),
    )
    resolved_percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tỷ lệ kiến nghị được giải quyết", "settled (%)", FigureKind.PERCENT),
    )
    recovered_land: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Đất lấn chiếm thu hồi", "land recovered", FigureKind.AMOUNT, Unit.SQUARE_METRE
        ),
    )
    recovered_money: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tiền thu hồi", "money recovered", FigureKind.AMOUNT, Unit.VND),
    )
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)

    def tally(self) -> Any:
        """The exact figures as a :class:`~qcdc.inspection.CaseTally` (hedged ones left out)."""
        from qcdc.inspection import CaseTally

        def exact(fig: Figure | None) -> int | None:
            if fig is None or not fig.interval().is_point:
                return None
            return int(fig.value)

        return CaseTally(
            supervised=exact(self.supervised),
            violations=exact(self.violations),
            recommended=exact(self.recommended),
            resolved=exact(self.resolved),
        )


@attrs.frozen(kw_only=True)
class InvestmentSupervision(_Section):
    """Community investment supervision (Ban Giám sát đầu tư của cộng đồng).

    ``projects = compliant + violations + undetermined``.
    """

    KEY: ClassVar[str] = "investment"
    TITLE: ClassVar[str] = "Giám sát đầu tư của cộng đồng"
    ENGLISH: ClassVar[str] = "Community investment supervision"
    SUMS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        ("projects", ("compliant", "violations", "undetermined")),
    )

    boards: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số Ban GSĐT của cộng đồng", "boards", FigureKind.COUNT, Unit.BOARD),
    )
    sessions: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số cuộc giám sát đầu tư", "supervision sessions", FigureKind.COUNT, Unit.SESSION
        ),
    )
    projects: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số công trình, dự án được giám sát",
            "projects supervised",
            FigureKind.COUNT,
            Unit.PROJECT,
        ),
    )
    compliant: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Dự án đúng quy định", "compliant", FigureKind.COUNT, Unit.PROJECT),
    )
    violations: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Dự án có vi phạm", "with violations", FigureKind.COUNT, Unit.PROJECT),
    )
    undetermined: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Dự án chưa xác định", "undetermined", FigureKind.COUNT, Unit.PROJECT),
    )
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


_LEVEL_WORDS = {
    "central": ("cấp Trung ương", "central"),
    "province": ("cấp tỉnh", "province level"),
    "district": ("cấp huyện", "district level"),
    "commune": ("cấp xã", "commune level"),
}
"""The levels a figure by level is given for: its key's suffix, its Vietnamese and English."""


def _at_level(
    level: str, label: str, english: str, kind: FigureKind = FigureKind.COUNT, *units: Unit
) -> dict[str, Any]:
    """The metadata of a figure of one level (``conferences_commune``): the whole's metric,
    its labels naming the level."""
    vi, en = _LEVEL_WORDS[level]
    return _m(f"{label}, {vi}", f"{english}, {en}", kind, *units)


def _levels_of(whole: str, *levels: str) -> tuple[str, tuple[str, ...]]:
    """A ``LEVELS`` entry: ``whole`` and its keys by level (``whole_province`` …)."""
    return whole, tuple(f"{whole}_{level}" for level in levels)


_PDC = ("province", "district", "commune")
_OPINION = (Unit.OPINION, Unit.RECOMMENDATION)


@attrs.frozen(kw_only=True)
class DialogueConferences(_Section):
    """Dialogue conferences between leaders and citizens (hội nghị tiếp xúc, đối thoại).

    By level (optional): ``conferences_province``, ``conferences_district``,
    ``conferences_commune`` and the same for ``opinions`` and ``resolved``; the levels add
    up to the whole (``levels = "partial"``: they are some of it, "trong đó").
    """

    KEY: ClassVar[str] = "dialogues"
    TITLE: ClassVar[str] = "Hội nghị tiếp xúc, đối thoại"
    ENGLISH: ClassVar[str] = "Dialogue conferences"
    ORDERS: ClassVar[tuple[tuple[str, str] | tuple[str, str, str], ...]] = (
        ("resolved", "opinions"),
    )
    LEVELS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        _levels_of("conferences", *_PDC),
        _levels_of("opinions", *_PDC),
        _levels_of("resolved", *_PDC),
    )
    PERCENTS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("resolved_percent", "resolved", "opinions"),
    )

    conferences: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số hội nghị", "conferences", FigureKind.COUNT, Unit.CONFERENCE, Unit.SESSION),
    )
    opinions: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số ý kiến, kiến nghị",
            "opinions and proposals",
            FigureKind.COUNT,
            Unit.OPINION,
            Unit.RECOMMENDATION,
        ),
    )
    resolved: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số ý kiến, kiến nghị được giải quyết",
            "opinions answered",
            FigureKind.COUNT,
            Unit.OPINION,
            Unit.RECOMMENDATION,
        ),
    )
    resolved_percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tỷ lệ được giải quyết", "answered (%)", FigureKind.PERCENT),
    )
    issue_groups: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số nhóm vấn đề", "issue groups", FigureKind.COUNT, Unit.ISSUE_GROUP),
    )
    fields: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số lĩnh vực", "fields", FigureKind.COUNT, Unit.FIELD),
    )
    conferences_province: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "province",
            "Số hội nghị",
            "conferences",
            FigureKind.COUNT,
            Unit.CONFERENCE,
            Unit.SESSION,
        ),
    )
    conferences_district: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "district",
            "Số hội nghị",
            "conferences",
            FigureKind.COUNT,
            Unit.CONFERENCE,
            Unit.SESSION,
        ),
    )
    conferences_commune: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "commune", "Số hội nghị", "conferences", FigureKind.COUNT, Unit.CONFERENCE, Unit.SESSION
        ),
    )
    opinions_province: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "province", "Số ý kiến, kiến nghị", "opinions", FigureKind.COUNT, *_OPINION
        ),
    )
    opinions_district: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "district", "Số ý kiến, kiến nghị", "opinions", FigureKind.COUNT, *_OPINION
        ),
    )
    opinions_commune: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "commune", "Số ý kiến, kiến nghị", "opinions", FigureKind.COUNT, *_OPINION
        ),
    )
    resolved_province: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "province",
            "Số ý kiến, kiến nghị được giải quyết",
            "answered",
            FigureKind.COUNT,
            *_OPINION,
        ),
    )
    resolved_district: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "district",
            "Số ý kiến, kiến nghị được giải quyết",
            "answered",
            FigureKind.COUNT,
            *_OPINION,
        ),
    )
    resolved_commune: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "commune",
            "Số ý kiến, kiến nghị được giải quyết",
            "answered",
            FigureKind.COUNT,
            *_OPINION,
        ),
    )
    levels: Breakdown | None = attrs.field(default=None, converter=_to_breakdown)
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


@attrs.frozen(kw_only=True)
class Mediation(_Section):
    """Grassroots mediation (hòa giải ở cơ sở): groups, mediators, cases, settled cases."""

    KEY: ClassVar[str] = "mediation"
    TITLE: ClassVar[str] = "Hòa giải ở cơ sở"
    ENGLISH: ClassVar[str] = "Mediation"
    ORDERS: ClassVar[tuple[tuple[str, str], ...]] = (("successful", "cases"),)
    PERCENTS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("success_percent", "successful", "cases"),
    )

    groups: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số tổ hòa giải", "mediation groups", FigureKind.COUNT, Unit.MEDIATION_GROUP),
    )
    mediators: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số hòa giải viên", "mediators", FigureKind.COUNT, Unit.MEDIATOR, Unit.PERSON),
    )
    cases: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số vụ việc tiếp nhận", "cases received", FigureKind.COUNT, Unit.CASE),
    )
    successful: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số vụ hòa giải thành", "cases settled", FigureKind.COUNT, Unit.CASE),
    )
    success_percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tỷ lệ hòa giải thành", "settled (%)", FigureKind.PERCENT),
    )
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


def _to_service_levels(value: Iterable[int] | None) -> tuple[int, ...]:
    if value is None:
        return ()
    out = []
    for v in value:
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 4:
            raise InputError(f"service levels are 1 to 4, got {v!r}", field="service_levels")
        out.append(v)
    return tuple(out)


@attrs.frozen(kw_only=True)
class OnlineServices(_Section):
    """Online public services: the units that provide them out of all units of ``level``.

    ``coverage`` is a ratio (``579/579``); its denominator must be the number
    of units of ``level`` the place has on the report's date.
    """

    KEY: ClassVar[str] = "online_services"
    TITLE: ClassVar[str] = "Dịch vụ công trực tuyến"
    ENGLISH: ClassVar[str] = "Online public services"

    coverage: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số đơn vị cung cấp / tổng số đơn vị", "units covered / units", FigureKind.RATIO
        ),
    )
    percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tỷ lệ đơn vị cung cấp", "units covered (%)", FigureKind.PERCENT),
    )
    level: UnitLevel = attrs.field(default=UnitLevel.COMMUNE, converter=_to_level)
    service_levels: tuple[int, ...] = attrs.field(default=(), converter=_to_service_levels)
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)

    def _extra_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {"level": self.level.name.lower()}
        if self.service_levels:
            out["service_levels"] = list(self.service_levels)
        return out


@attrs.frozen(kw_only=True)
class DanVanKheo(_Section):
    """The "Dân vận khéo" emulation movement: models registered, effective, by type.

    By level (optional): ``registered_province``, ``registered_district``,
    ``registered_commune``; the levels add up to ``registered`` (``levels = "partial"``:
    they are some of it, "trong đó").
    """

    KEY: ClassVar[str] = "dan_van_kheo"
    TITLE: ClassVar[str] = "Phong trào thi đua \u201cDân vận khéo\u201d"
    ENGLISH: ClassVar[str] = "“Dân vận khéo” models"
    SUMS: ClassVar[tuple[tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], str], ...]] = (
        ("registered", ("collective", "individual")),
    )
    ORDERS: ClassVar[tuple[tuple[str, str] | tuple[str, str, str], ...]] = (
        ("effective", "registered"),
    )
    LEVELS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (_levels_of("registered", *_PDC),)

    registered: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số mô hình, điển hình đăng ký", "models registered", FigureKind.COUNT, Unit.MODEL
        ),
    )
    effective: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số mô hình triển khai hiệu quả", "models effective", FigureKind.COUNT, Unit.MODEL
        ),
    )
    increase: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tăng so với năm trước", "increase on last year", FigureKind.COUNT, Unit.MODEL),
    )
    collective: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Mô hình tập thể", "collective models", FigureKind.COUNT, Unit.MODEL),
    )
    individual: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Điển hình cá nhân", "individual examples", FigureKind.COUNT, Unit.MODEL),
    )
    registered_province: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "province",
            "Số mô hình, điển hình đăng ký",
            "models registered",
            FigureKind.COUNT,
            Unit.MODEL,
        ),
    )
    registered_district: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "district",
            "Số mô hình, điển hình đăng ký",
            "models registered",
            FigureKind.COUNT,
            Unit.MODEL,
        ),
    )
    registered_commune: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_at_level(
            "commune",
            "Số mô hình, điển hình đăng ký",
            "models registered",
            FigureKind.COUNT,
            Unit.MODEL,
        ),
    )
    levels: Breakdown | None = attrs.field(default=None, converter=_to_breakdown)
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


# --- the recurring sections of issue 13 §1 ------------------------------------------------

_LETTERS = (Unit.LETTER, Unit.CASE)


@attrs.frozen(kw_only=True)
class Petitions(_Section):
    """Citizen reception and petitions (tiếp công dân; đơn thư khiếu nại, tố cáo, kiến nghị).

    Rules: ``within_jurisdiction ≤ received`` (``petitions.within-received``),
    ``resolved ≤ within_jurisdiction`` (``petitions.resolved-within``), and
    ``resolved_percent`` is ``resolved / within_jurisdiction``.
    """

    KEY: ClassVar[str] = "petitions"
    TITLE: ClassVar[str] = "Tiếp công dân, giải quyết đơn thư"
    ENGLISH: ClassVar[str] = "Citizen reception and petitions"
    ORDERS: ClassVar[tuple[tuple[str, str] | tuple[str, str, str], ...]] = (
        ("within_jurisdiction", "received", "petitions.within-received"),
        ("resolved", "within_jurisdiction", "petitions.resolved-within"),
    )
    PERCENTS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("resolved_percent", "resolved", "within_jurisdiction"),
    )

    sessions: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số buổi tiếp công dân", "reception sessions", FigureKind.COUNT, Unit.SESSION),
    )
    citizens: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số lượt công dân được tiếp",
            "citizens received",
            FigureKind.COUNT,
            Unit.ATTENDANCE,
            Unit.PERSON,
        ),
    )
    received: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số đơn thư tiếp nhận", "petitions received", FigureKind.COUNT, *_LETTERS),
    )
    within_jurisdiction: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số đơn thư thuộc thẩm quyền", "within jurisdiction", FigureKind.COUNT, *_LETTERS
        ),
    )
    resolved: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số đơn thư đã giải quyết", "resolved", FigureKind.COUNT, *_LETTERS),
    )
    resolved_percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tỷ lệ giải quyết", "resolved (%)", FigureKind.PERCENT),
    )
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


_SUPERVISION = ("Số cuộc giám sát", "supervisions", FigureKind.COUNT, Unit.SESSION)
_CRITIQUE = (
    "Số cuộc phản biện xã hội",
    "social critiques",
    FigureKind.COUNT,
    Unit.SESSION,
    Unit.CONFERENCE,
)


@attrs.frozen(kw_only=True)
class FrontSupervision(_Section):
    """The Fatherland Front's supervision and social critique (giám sát, phản biện xã hội).

    ``supervisions`` and ``critiques`` in total and by level (``supervisions_province``,
    ``_district``, ``_commune``): the levels add up to the total (``levels = "partial"``:
    they are some of it).  ``answered ≤ recommendations`` (``front.answered-made``), and
    ``answered_percent`` is ``answered / recommendations``.
    """

    KEY: ClassVar[str] = "front_supervision"
    TITLE: ClassVar[str] = "Giám sát và phản biện xã hội của Mặt trận"
    ENGLISH: ClassVar[str] = "Fatherland Front supervision and social critique"
    ORDERS: ClassVar[tuple[tuple[str, str] | tuple[str, str, str], ...]] = (
        ("answered", "recommendations", "front.answered-made"),
    )
    PERCENTS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("answered_percent", "answered", "recommendations"),
    )
    LEVELS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        _levels_of("supervisions", *_PDC),
        _levels_of("critiques", *_PDC),
    )

    supervisions: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_m(*_SUPERVISION)
    )
    supervisions_province: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("province", *_SUPERVISION)
    )
    supervisions_district: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("district", *_SUPERVISION)
    )
    supervisions_commune: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("commune", *_SUPERVISION)
    )
    critiques: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_m(*_CRITIQUE)
    )
    critiques_province: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("province", *_CRITIQUE)
    )
    critiques_district: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("district", *_CRITIQUE)
    )
    critiques_commune: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("commune", *_CRITIQUE)
    )
    recommendations: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số kiến nghị sau giám sát, phản biện",
            "recommendations made",
            FigureKind.COUNT,
            Unit.RECOMMENDATION,
            Unit.OPINION,
        ),
    )
    answered: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số kiến nghị được tiếp thu, trả lời",
            "recommendations answered",
            FigureKind.COUNT,
            Unit.RECOMMENDATION,
            Unit.OPINION,
        ),
    )
    answered_percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tỷ lệ kiến nghị được tiếp thu, trả lời", "answered (%)", FigureKind.PERCENT),
    )
    levels: Breakdown | None = attrs.field(default=None, converter=_to_breakdown)
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


_LAND = (Unit.SQUARE_METRE, Unit.HECTARE)


@attrs.frozen(kw_only=True)
class Contributions(_Section):
    """What the community contributed: money (in đồng), workdays, land donated (m² or ha).

    ``money`` may be given by source (``money_budget``, ``money_people``,
    ``money_enterprises``, ``money_other``) and ``land`` by kind (``land_residential``,
    ``land_farm``); a whole equals the sum of its parts, and is not below the parts
    given when some are missing (``contributions.money-by-source``,
    ``contributions.land-by-kind``).  Land in ha and in m² is compared in m²; money
    with its scale word (``trên 370 tỷ đồng``) in đồng.
    """

    KEY: ClassVar[str] = "contributions"
    TITLE: ClassVar[str] = "Huy động đóng góp của Nhân dân"
    ENGLISH: ClassVar[str] = "Community contributions"
    SUMS: ClassVar[tuple[tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], str], ...]] = (
        (
            "money",
            ("money_budget", "money_people", "money_enterprises", "money_other"),
            "contributions.money-by-source",
        ),
        ("land", ("land_residential", "land_farm"), "contributions.land-by-kind"),
    )

    money: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tổng số tiền huy động", "money raised", FigureKind.AMOUNT, Unit.VND),
    )
    money_budget: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Ngân sách nhà nước", "from the state budget", FigureKind.AMOUNT, Unit.VND),
    )
    money_people: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Nhân dân đóng góp", "from residents", FigureKind.AMOUNT, Unit.VND),
    )
    money_enterprises: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Doanh nghiệp, nhà hảo tâm ủng hộ",
            "from enterprises and donors",
            FigureKind.AMOUNT,
            Unit.VND,
        ),
    )
    money_other: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Nguồn khác", "from other sources", FigureKind.AMOUNT, Unit.VND),
    )
    workdays: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số ngày công", "workdays", FigureKind.COUNT, Unit.WORKDAY),
    )
    land: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Diện tích đất hiến", "land donated", FigureKind.AMOUNT, *_LAND),
    )
    land_residential: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Đất ở, đất thổ cư", "residential land", FigureKind.AMOUNT, *_LAND),
    )
    land_farm: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Đất nông nghiệp", "farmland", FigureKind.AMOUNT, *_LAND),
    )
    land_households: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Số hộ hiến đất", "households donating land", FigureKind.COUNT, Unit.HOUSEHOLD),
    )
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


@attrs.frozen(kw_only=True)
class WorkplaceDemocracy(_Section):
    """Democracy in agencies and enterprises: the conferences held, out of those required.

    Agencies (cơ quan, đơn vị): conferences of officials (hội nghị cán bộ, công chức,
    viên chức) held ≤ the units required to hold one
    (``workplace.agencies-held-required``); enterprises: workers' conferences (hội nghị
    người lao động) held ≤ the enterprises required (``workplace.enterprises-held-required``);
    each percentage is held / required.
    """

    KEY: ClassVar[str] = "workplace_democracy"
    TITLE: ClassVar[str] = "Dân chủ ở cơ quan, đơn vị, doanh nghiệp"
    ENGLISH: ClassVar[str] = "Democracy in agencies and enterprises"
    ORDERS: ClassVar[tuple[tuple[str, str] | tuple[str, str, str], ...]] = (
        ("agencies_held", "agencies_required", "workplace.agencies-held-required"),
        ("enterprises_held", "enterprises_required", "workplace.enterprises-held-required"),
    )
    PERCENTS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("agencies_percent", "agencies_held", "agencies_required"),
        ("enterprises_percent", "enterprises_held", "enterprises_required"),
    )

    agencies_required: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số cơ quan, đơn vị phải tổ chức hội nghị",
            "agencies required",
            FigureKind.COUNT,
            Unit.AGENCY,
        ),
    )
    agencies_held: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số cơ quan, đơn vị đã tổ chức hội nghị cán bộ, công chức, viên chức",
            "agencies that held their conference",
        ),
    )
    agencies_percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Tỷ lệ cơ quan, đơn vị tổ chức hội nghị", "agencies held (%)", FigureKind.PERCENT
        ),
    )
    enterprises_required: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số doanh nghiệp phải tổ chức hội nghị",
            "enterprises required",
            FigureKind.COUNT,
            Unit.ENTERPRISE,
        ),
    )
    enterprises_held: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số doanh nghiệp đã tổ chức hội nghị người lao động",
            "enterprises that held their workers' conference",
        ),
    )
    enterprises_percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Tỷ lệ doanh nghiệp tổ chức hội nghị", "enterprises held (%)", FigureKind.PERCENT
        ),
    )
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


@attrs.frozen(kw_only=True)
class VillageConventions(_Section):
    """Village conventions (quy ước, hương ước): approved out of all.

    ``approved ≤ total`` (``conventions.approved-total``); ``percent`` is
    ``approved / total``.  (``hamlets.covenant_percent`` is the share of thôn and tổ dân phố
    that have an approved one, when that is all a report prints.)
    """

    KEY: ClassVar[str] = "village_conventions"
    TITLE: ClassVar[str] = "Quy ước, hương ước"
    ENGLISH: ClassVar[str] = "Village conventions"
    ORDERS: ClassVar[tuple[tuple[str, str] | tuple[str, str, str], ...]] = (
        ("approved", "total", "conventions.approved-total"),
    )
    PERCENTS: ClassVar[tuple[tuple[str, str, str], ...]] = (("percent", "approved", "total"),)

    total: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Tổng số quy ước, hương ước", "conventions in total", FigureKind.COUNT, Unit.CONVENTION
        ),
    )
    approved: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số quy ước, hương ước được phê duyệt",
            "conventions approved",
            FigureKind.COUNT,
            Unit.CONVENTION,
        ),
    )
    percent: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m("Tỷ lệ được phê duyệt", "approved (%)", FigureKind.PERCENT),
    )
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


_AWARDS = ("Số tập thể, cá nhân được khen thưởng", "commended")


@attrs.frozen(kw_only=True)
class Awards(_Section):
    """Commendations (khen thưởng): collectives and individuals, and by the awarding body.

    ``total = collectives + individuals`` (``awards.collectives-individuals``; not below
    the one given when the other is missing); ``total_central``, ``total_province``,
    ``total_district``, ``total_commune`` count the commendations by the level of the
    body that gave them, and add up to ``total`` (``levels = "partial"``: some of it).
    """

    KEY: ClassVar[str] = "awards"
    TITLE: ClassVar[str] = "Khen thưởng"
    ENGLISH: ClassVar[str] = "Awards"
    SUMS: ClassVar[tuple[tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], str], ...]] = (
        ("total", ("collectives", "individuals"), "awards.collectives-individuals"),
    )
    LEVELS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        _levels_of("total", "central", *_PDC),
    )

    total: Figure | None = attrs.field(default=None, converter=_to_figure, metadata=_m(*_AWARDS))
    collectives: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số tập thể được khen thưởng",
            "collectives commended",
            FigureKind.COUNT,
            Unit.COLLECTIVE,
        ),
    )
    individuals: Figure | None = attrs.field(
        default=None,
        converter=_to_figure,
        metadata=_m(
            "Số cá nhân được khen thưởng",
            "individuals commended",
            FigureKind.COUNT,
            Unit.INDIVIDUAL,
        ),
    )
    total_central: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("central", *_AWARDS)
    )
    total_province: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("province", *_AWARDS)
    )
    total_district: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("district", *_AWARDS)
    )
    total_commune: Figure | None = attrs.field(
        default=None, converter=_to_figure, metadata=_at_level("commune", *_AWARDS)
    )
    levels: Breakdown | None = attrs.field(default=None, converter=_to_breakdown)
    confidence: Confidence | None = attrs.field(default=None, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)


_SECTION_TYPES: tuple[type[_Section], ...] = (
    HamletReorganisation,
    InspectionFigures,
    InvestmentSupervision,
    DialogueConferences,
    Mediation,
    OnlineServices,
    DanVanKheo,
    Petitions,
    FrontSupervision,
    Contributions,
    WorkplaceDemocracy,
    VillageConventions,
    Awards,
)
_SECTION_BY_KEY: dict[str, type[_Section]] = {cls.KEY: cls for cls in _SECTION_TYPES}
