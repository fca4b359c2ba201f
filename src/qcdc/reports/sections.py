"""The sections of an annual report: what each part of a review says, figure by figure.

One frozen class per section — :class:`UnitCounts` (administrative units of one level),
:class:`HamletReorganisation`, :class:`InspectionFigures`,
:class:`InvestmentSupervision`, :class:`DialogueConferences`, :class:`Mediation`,
:class:`OnlineServices` and :class:`DanVanKheo`.  Each declares its figures on its
fields (a :class:`~qcdc.reports.figures.Metric` in the field's metadata) and its rules
as data: ``SUMS`` (a whole and its parts), ``ORDERS`` (a part never above its whole)
and ``PERCENTS`` (a percentage and its ratio), which :mod:`qcdc.reports.checker` reads.

>>> h = HamletReorganisation(before="7.968 thôn, tổ dân phố", after=5393, percent=32)
>>> str(h.after), str(h.percent)
('5.393 thôn, tổ dân phố', '32%')
>>> [m.key for m, _ in h.figures()]
['before', 'after', 'percent']
"""

from __future__ import annotations

import datetime as dt
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
    "DanVanKheo",
    "DialogueConferences",
    "HamletReorganisation",
    "InspectionFigures",
    "InvestmentSupervision",
    "Mediation",
    "OnlineServices",
    "UnitCounts",
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


class _Section:
    """What every section shares: metrics declared on fields, rules declared as data."""

    KEY: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    ENGLISH: ClassVar[str] = ""
    SUMS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = ()
    """``(whole, parts)``: the whole equals the sum of its parts."""
    ORDERS: ClassVar[tuple[tuple[str, str], ...]] = ()
    """``(part, whole)``: the part never exceeds the whole."""
    PERCENTS: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    """``(percent, numerator, denominator)``."""

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

    def _extra_mapping(self) -> dict[str, Any]:
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


@attrs.frozen(kw_only=True)
class DialogueConferences(_Section):
    """Dialogue conferences between leaders and citizens (hội nghị tiếp xúc, đối thoại)."""

    KEY: ClassVar[str] = "dialogues"
    TITLE: ClassVar[str] = "Hội nghị tiếp xúc, đối thoại"
    ENGLISH: ClassVar[str] = "Dialogue conferences"
    ORDERS: ClassVar[tuple[tuple[str, str], ...]] = (("resolved", "opinions"),)
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
    """The "Dân vận khéo" emulation movement: models registered, effective, by type."""

    KEY: ClassVar[str] = "dan_van_kheo"
    TITLE: ClassVar[str] = "Phong trào thi đua \u201cDân vận khéo\u201d"
    ENGLISH: ClassVar[str] = "“Dân vận khéo” models"
    SUMS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        ("registered", ("collective", "individual")),
    )
    ORDERS: ClassVar[tuple[tuple[str, str], ...]] = (("effective", "registered"),)

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
)
_SECTION_BY_KEY: dict[str, type[_Section]] = {cls.KEY: cls for cls in _SECTION_TYPES}
