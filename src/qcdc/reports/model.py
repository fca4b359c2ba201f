"""Annual grassroots-democracy reports and the consistency checker.

Every province publishes a yearly review of its grassroots-democracy work
(*báo cáo tổng kết*).  An :class:`AnnualReport` holds what such a review
says: the place (a unit code), the period, the source, and optional sections
(administrative units, hamlet reorganisation, People's Inspection Boards,
community investment supervision, dialogue conferences, mediation, online
public services, "Dân vận khéo" models, documents cited, tasks for the next
period).  Figures are :class:`~qcdc.numbers.Figure` values, so ``"hơn 3.000"``
and ``"32%"`` keep their hedge and printed precision.

:func:`check` returns one :class:`~qcdc.findings.Finding` per broken rule:
totals against their parts, percentages against their ratios, the orderings of
the law, denominators against the official unit list of the report's date,
document numbers.  Nothing in it reads the clock.

>>> report = load_embedded("hanoi-2021")
>>> report.place, report.on.isoformat(), str(report.hamlets.percent)
('01', '2021-12-17', '32%')
>>> check(report)
[]
>>> broken = attrs.evolve(report, hamlets=attrs.evolve(report.hamlets, percent="35%"))
>>> [f.rule for f in check(broken, against_gazetteer=False)]
['percent.matches-ratio']
"""

from __future__ import annotations

import datetime as dt
import enum
import html
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from qcdc._files import BadKey, at_path, dotted, dumps_toml, read_text, structure, table
from qcdc._optional import require
from qcdc.citations import Citation, Confidence
from qcdc.dates import Period, format_period, parse_date, parse_period
from qcdc.errors import (
    InputError,
    InvalidUnitCode,
    OutOfCoverage,
    QcdcError,
)
from qcdc.findings import Finding, Severity, findings_html, raise_for
from qcdc.numbers import (
    Direction,
    Figure,
    Interval,
    Scale,
    Unit,
    format_figure,
    format_number,
    parse_figure,
    percent_interval,
)
from qcdc.units import UnitKind, UnitLevel, unit_code

if TYPE_CHECKING:
    from qcdc.units.gazetteer import Gazetteer

__all__ = [
    "RULES",
    "AnnualReport",
    "CheckResult",
    "CitedDocument",
    "DanVanKheo",
    "DialogueConferences",
    "FigureKind",
    "FindingList",
    "HamletReorganisation",
    "InspectionFigures",
    "InvestmentSupervision",
    "Mediation",
    "Metric",
    "OnlineServices",
    "ReportTask",
    "Rule",
    "UnitCounts",
    "check",
    "dump_report",
    "dumps_report",
    "embedded_reports",
    "json_schema",
    "load_embedded",
    "load_report",
    "loads_report",
    "report_from_mapping",
    "run_checks",
    "validate",
]

FORMAT_VERSION = 1


# =====================================================================================
# figures inside sections
# =====================================================================================


class FigureKind(enum.Enum):
    """What shape a metric's figure must have."""

    COUNT = "count"
    """A number of things: whole unless it is rounded (``1,2 triệu``) or hedged."""
    PERCENT = "percent"
    """A percentage (``32%``); a bare number given for it is read as per cent."""
    RATIO = "ratio"
    """``covered/total`` (``579/579``)."""
    AMOUNT = "amount"
    """Money or area: any number ≥ 0 (``300 triệu đồng``, ``3.330 m²``)."""


@attrs.frozen
class Metric:
    """One figure a section may hold: its key in the file, its labels, its shape and units.

    ``units`` are the units a figure may carry; the first is given to a figure
    written without one.  An empty tuple accepts any unit and assigns none.
    """

    key: str
    label: str
    english: str
    kind: FigureKind
    units: tuple[Unit, ...] = ()


_META = "qcdc.metric"


def _to_figure(value: Figure | int | float | str | Decimal | Sequence[int] | None) -> Figure | None:
    """A figure from what a file or a caller gives: a Figure, a number, printed text, ``[n, d]``."""
    if value is None or isinstance(value, Figure):
        return value
    if isinstance(value, bool):
        raise InputError(f"a figure must be a number or text, got {value!r}")
    if isinstance(value, (int, float, Decimal)):
        if value < 0:
            raise InputError(f"a figure must be >= 0, got {value!r}")
        return Figure(number=value)
    if isinstance(value, str):
        return parse_figure(value)
    if isinstance(value, (list, tuple)) and len(value) == 2:
        num, den = value
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (num, den)):
            raise InputError(f"a ratio must be two whole numbers [covered, total], got {value!r}")
        return Figure(number=num, denominator=den)
    raise InputError(
        f"a figure must be a number, printed text such as '4.956' or '32%', or a ratio "
        f"[covered, total], got {value!r}"
    )


def _m(
    label: str, english: str, kind: FigureKind = FigureKind.COUNT, *units: Unit
) -> dict[str, Any]:
    """The metadata of a metric field: its labels, shape and units."""
    return {_META: (label, english, kind, tuple(units))}


def _settle_figure(metric: Metric, figure: Figure) -> Figure:
    """Check a figure fits its metric; give it the metric's default unit if it has none."""
    kind = metric.kind
    shown = format_figure(figure)
    if kind is FigureKind.PERCENT:
        if figure.is_ratio or (figure.unit is not None and figure.unit is not Unit.PERCENT):
            raise InputError(
                f"{metric.key} must be a percentage such as 32% or 32,5%, got {shown!r}"
            )
        if figure.unit is None:
            figure = attrs.evolve(figure, unit=Unit.PERCENT)
        return figure
    if figure.is_percent:
        raise InputError(f"{metric.key} must be a {kind.value}, not a percentage, got {shown!r}")
    if kind is FigureKind.RATIO and not figure.is_ratio:
        raise InputError(f"{metric.key} must be a ratio such as 579/579, got {shown!r}")
    if kind is not FigureKind.RATIO and figure.is_ratio:
        raise InputError(f"{metric.key} must be a single {kind.value}, not a ratio, got {shown!r}")
    if kind is FigureKind.COUNT and figure.scale is Scale.ONE and not figure.is_whole:
        raise InputError(f"{metric.key} counts things and must be a whole number, got {shown!r}")
    if metric.units:
        if figure.unit is None:
            figure = attrs.evolve(figure, unit=metric.units[0])
        elif figure.unit not in metric.units:
            allowed = ", ".join(repr(u.label) for u in metric.units)
            raise InputError(
                f"{metric.key} is counted in {allowed}, got {figure.unit.label!r} in {shown!r}"
            )
    return figure


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
        for a in attrs.fields(cls):  # type: ignore[arg-type]
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

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for metric, fig in self.figures():
            out[metric.key] = _figure_out(metric, fig)
        out.update(self._extra_mapping())
        if self.confidence is not None:
            out["confidence"] = self.confidence.value
        if self.note is not None:
            out["note"] = self.note
        return out

    def _extra_mapping(self) -> dict[str, Any]:
        return {}


def _figure_out(metric: Metric, fig: Figure) -> int | str | list[int]:
    """How a figure is written back to a file: a bare integer when that says it all."""
    default_unit = metric.units[0] if metric.units else None
    if (
        fig.exact
        and not fig.rounded
        and not fig.is_ratio
        and fig.unit in (default_unit, None)
        and metric.kind is not FigureKind.PERCENT
    ):
        return int(fig.value)
    if fig.text is not None:
        try:
            again = _settle_figure(metric, parse_figure(fig.text))
        except QcdcError:
            again = None
        if again == fig:
            return fig.text
    return format_figure(fig, unit=fig.unit not in (default_unit, None, Unit.PERCENT))


# =====================================================================================
# sections
# =====================================================================================

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

    def to_mapping(self) -> dict[str, Any]:
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


def _check_document(
    instance: CitedDocument, attribute: attrs.Attribute[Any], value: object
) -> None:
    if instance.number is None and instance.title is None:
        raise InputError("a cited document needs a number or a title", field="number")


@attrs.frozen(kw_only=True)
class CitedDocument:
    """A document the report cites: its number as printed (``04-CTr/TU``), title, date."""

    number: str | None = attrs.field(default=None, converter=_opt_str)
    title: str | None = attrs.field(default=None, converter=_opt_str)
    issued: dt.date | None = attrs.field(default=None, converter=_to_opt_date)
    note: str | None = attrs.field(default=None, converter=_opt_str, validator=_check_document)

    def document_number(self) -> Any:
        """The parsed :class:`~qcdc.directives.DocumentNumber`.

        Raises :class:`~qcdc.errors.InvalidDocumentNumber` when it does not parse.
        """
        from qcdc.directives import DocumentNumber

        if self.number is None:
            raise InputError("this document was cited without a number", field="number")
        return DocumentNumber.parse(self.number)

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("number", "title", "issued", "note"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def __str__(self) -> str:
        return " ".join(p for p in (self.number, self.title) if p)


def _nonempty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise InputError("a task needs its text", field=attribute.name)


@attrs.frozen(kw_only=True)
class ReportTask:
    """A task the report sets for the next period."""

    text: str = attrs.field(converter=_opt_str, validator=_nonempty)
    owner: str | None = attrs.field(default=None, converter=_opt_str)
    due: dt.date | None = attrs.field(default=None, converter=_to_opt_date)

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.owner is not None:
            out["owner"] = self.owner
        if self.due is not None:
            out["due"] = self.due
        return out


# =====================================================================================
# the report
# =====================================================================================


def _to_place(value: str | int) -> str:
    try:
        return unit_code(value)
    except InvalidUnitCode as exc:
        raise InputError(str(exc), field="place") from None


def _to_period(value: Period | str | int) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Period.for_year(value)
    if isinstance(value, str):
        return parse_period(value)
    raise InputError(f"period must be text such as 'năm 2021', got {value!r}", field="period")


def _to_source(value: Citation | str | Mapping[str, Any]) -> Citation:
    if isinstance(value, Citation):
        return value
    if isinstance(value, str):
        return Citation(value, confidence=Confidence.UNVERIFIED)
    raise InputError(f"source must be a Citation or text, got {value!r}", field="source")


def _to_units(
    value: Iterable[UnitCounts] | Mapping[Any, UnitCounts] | None,
) -> tuple[UnitCounts, ...]:
    if value is None:
        return ()
    items = list(value.values()) if isinstance(value, Mapping) else list(value)
    seen: set[UnitLevel] = set()
    for item in items:
        if not isinstance(item, UnitCounts):
            raise InputError(f"units must be UnitCounts, got {item!r}", field="units")
        if item.level in seen:
            raise InputError(
                f"the {item.level.name.lower()} level is counted twice",
                field=f"units.{item.level.name.lower()}",
            )
        seen.add(item.level)
    return tuple(sorted(items, key=lambda u: u.level))


def _str_tuple(value: Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    out = []
    for v in value:
        s = _opt_str(v)
        if s is not None:
            out.append(s)
    return tuple(out)


def _to_documents(value: Iterable[CitedDocument] | None) -> tuple[CitedDocument, ...]:
    items = tuple(value or ())
    for item in items:
        if not isinstance(item, CitedDocument):
            raise InputError(f"documents must be CitedDocument values, got {item!r}")
    return items


def _to_tasks(value: Iterable[ReportTask] | None) -> tuple[ReportTask, ...]:
    items = tuple(value or ())
    for item in items:
        if not isinstance(item, ReportTask):
            raise InputError(f"tasks must be ReportTask values, got {item!r}")
    return items


def _optional(kind: type[_Section]) -> Any:
    return attrs.validators.optional(attrs.validators.instance_of(kind))


@attrs.frozen(kw_only=True)
class AnnualReport:
    """A province's (or district's, or commune's) annual grassroots-democracy review.

    ``place`` is a unit code (``"01"`` for Hà Nội), ``period`` what the report
    covers, ``date`` the day it was presented (the date the checker asks the
    official unit list about; without it, the last day of the period).
    """

    place: str = attrs.field(converter=_to_place)
    period: Period = attrs.field(converter=_to_period)
    source: Citation = attrs.field(converter=_to_source)
    date: dt.date | None = attrs.field(default=None, converter=_to_opt_date)
    title: str | None = attrs.field(default=None, converter=_opt_str)
    place_name: str | None = attrs.field(default=None, converter=_opt_str)
    reporting_body: str | None = attrs.field(default=None, converter=_opt_str)
    note: str | None = attrs.field(default=None, converter=_opt_str)
    themes: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    units: tuple[UnitCounts, ...] = attrs.field(default=(), converter=_to_units)
    hamlets: HamletReorganisation | None = attrs.field(
        default=None, validator=_optional(HamletReorganisation)
    )
    inspection: InspectionFigures | None = attrs.field(
        default=None, validator=_optional(InspectionFigures)
    )
    investment: InvestmentSupervision | None = attrs.field(
        default=None, validator=_optional(InvestmentSupervision)
    )
    dialogues: DialogueConferences | None = attrs.field(
        default=None, validator=_optional(DialogueConferences)
    )
    mediation: Mediation | None = attrs.field(default=None, validator=_optional(Mediation))
    online_services: OnlineServices | None = attrs.field(
        default=None, validator=_optional(OnlineServices)
    )
    dan_van_kheo: DanVanKheo | None = attrs.field(default=None, validator=_optional(DanVanKheo))
    documents: tuple[CitedDocument, ...] = attrs.field(default=(), converter=_to_documents)
    tasks: tuple[ReportTask, ...] = attrs.field(default=(), converter=_to_tasks)

    @property
    def on(self) -> dt.date:
        """The date the report speaks for: ``date``, or else the last day of ``period``."""
        return self.date if self.date is not None else self.period.end

    def unit_counts(self, level: UnitLevel | str) -> UnitCounts | None:
        """The units section of one level, or ``None``."""
        wanted = UnitLevel.parse(level)
        for u in self.units:
            if u.level is wanted:
                return u
        return None

    def sections(self) -> Iterator[tuple[str, _Section]]:
        """``(path, section)`` for every section given, in file order."""
        for u in self.units:
            yield f"units.{u.level.name.lower()}", u
        for cls in _SECTION_TYPES:
            section = getattr(self, cls.KEY)
            if section is not None:
                yield cls.KEY, section

    def confidence_of(self, section: _Section) -> Confidence:
        """A section's own confidence, or else the source's."""
        return section.confidence if section.confidence is not None else self.source.confidence

    def figures(self) -> Iterator[tuple[str, Metric, Figure]]:
        """``(path, metric, figure)`` for every figure in the report."""
        for path, section in self.sections():
            for metric, fig in section.figures():
                yield f"{path}.{metric.key}", metric, fig

    def check(
        self, gazetteer: Gazetteer | None = None, *, against_gazetteer: bool = True
    ) -> FindingList:
        """Same as :func:`check`."""
        return check(self, gazetteer, against_gazetteer=against_gazetteer)

    def to_mapping(self) -> dict[str, Any]:
        """The report as plain data in the file format (dates stay ``datetime.date``)."""
        return _report_to_mapping(self)

    def to_pandas(self) -> Any:
        """Every figure as a row of a ``pandas.DataFrame`` (needs the ``pandas`` extra)."""
        pd = require("pandas")
        rows = [
            {
                "path": path,
                "label": metric.label,
                "printed": format_figure(fig),
                "value": float(fig.value),
                "denominator": None if fig.denominator is None else float(fig.denominator),
                "hedge": fig.hedge.word,
                "direction": fig.direction.value,
                "unit": fig.unit.label if fig.unit else None,
                "confidence": self.confidence_of(self._section_at(path)).value,
            }
            for path, metric, fig in self.figures()
        ]
        return pd.DataFrame(
            rows,
            columns=[
                "path",
                "label",
                "printed",
                "value",
                "denominator",
                "hedge",
                "direction",
                "unit",
                "confidence",
            ],
        )

    def _section_at(self, path: str) -> _Section:
        for p, section in self.sections():
            if path.startswith(p + "."):
                return section
        raise LookupError(path)  # pragma: no cover - paths come from figures()

    def _repr_html_(self) -> str:
        head = html.escape(self.title or f"Report for {self.place}")
        meta = (
            f"<p><b>{head}</b><br>place {html.escape(self.place)}"
            f"{' ' + html.escape(self.place_name) if self.place_name else ''} · "
            f"{html.escape(format_period(self.period))} · report date {self.on.isoformat()}<br>"
            f"source: {html.escape(str(self.source))}</p>"
        )
        rows = []
        for path, section in self.sections():
            rows.append(
                f"<tr><th colspan='3'>{html.escape(section.TITLE)} "
                f"({html.escape(self.confidence_of(section).value)})</th></tr>"
            )
            for metric, fig in section.figures():
                rows.append(
                    f"<tr><td><code>{html.escape(path)}.{html.escape(metric.key)}</code></td>"
                    f"<td>{html.escape(metric.label)}</td><td>{html.escape(format_figure(fig))}</td></tr>"
                )
        return meta + "<table><tbody>" + "".join(rows) + "</tbody></table>"


# =====================================================================================
# findings, rules, the checker
# =====================================================================================


class FindingList(list[Finding]):
    """The findings of :func:`check`: a plain list, with a notebook view and ``to_pandas()``."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self if f.severity is Severity.WARNING]

    def _repr_html_(self) -> str:
        return findings_html(list(self))

    def to_pandas(self) -> Any:
        """One row per finding: rule, severity, path, message."""
        pd = require("pandas")
        return pd.DataFrame(
            [f.to_dict() for f in self], columns=["rule", "severity", "path", "message"]
        )

    def to_json(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self]


@attrs.frozen
class Rule:
    """A rule of the checker: its id, default severity and what it says."""

    id: str
    severity: Severity
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("total.sum-of-parts", Severity.ERROR, "a total equals the sum of its listed parts"),
    Rule(
        "hamlets.before-minus-after",
        Severity.ERROR,
        "thôn/TDP before − after = the stated reduction",
    ),
    Rule(
        "percent.matches-ratio",
        Severity.ERROR,
        "a stated percentage matches its ratio to the precision it was printed with",
    ),
    Rule("order.part-le-whole", Severity.ERROR, "a part never exceeds its whole"),
    Rule(
        "tally.violations-le-supervised",
        Severity.ERROR,
        "cases with signs of violation ≤ cases supervised",
    ),
    Rule(
        "tally.resolved-le-recommended",
        Severity.ERROR,
        "recommendations settled ≤ recommendations made",
    ),
    Rule(
        "tally.recommended-le-violations",
        Severity.WARNING,
        "cases recommended ≤ cases with signs of violation "
        "(boards may also recommend improvements)",
    ),
    Rule("place.unknown", Severity.ERROR, "the place is a unit in force on the report's date"),
    Rule(
        "units.total-matches-gazetteer",
        Severity.ERROR,
        "the number of units of a level equals the official list on the report's date",
    ),
    Rule(
        "units.count-by-kind",
        Severity.ERROR,
        "the number of units of each kind equals the official list on the report's date",
    ),
    Rule(
        "coverage.denominator-matches-units",
        Severity.ERROR,
        "the denominator of a coverage ratio is the number of units the place has",
    ),
    Rule(
        "gazetteer.not-covered",
        Severity.WARNING,
        "the report's date is outside the official lists qcdc has: unit checks were skipped",
    ),
    Rule("document.unparsable", Severity.ERROR, "every cited document number parses"),
    Rule(
        "document.year-after-report",
        Severity.ERROR,
        "no cited document carries a year after the report's date",
    ),
    Rule(
        "document.date-after-report", Severity.ERROR, "no cited document is dated after the report"
    ),
    Rule(
        "period.report-before-period",
        Severity.ERROR,
        "a report is not presented before the period it covers begins",
    ),
    Rule(
        "task.due-before-report",
        Severity.WARNING,
        "a task set for the next period is not due before the report itself",
    ),
)
"""Every rule of :func:`check`, with its default severity (see the report format reference)."""
_RULES_BY_ID = {r.id: r for r in RULES}


@attrs.frozen
class CheckResult:
    """One check the checker ran: passed (``finding is None``) or failed."""

    rule: str
    path: str
    description: str
    finding: Finding | None = None

    @property
    def passed(self) -> bool:
        return self.finding is None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "path": self.path,
            "passed": self.passed,
            "description": self.description,
        }
        if self.finding is not None:
            out["severity"] = self.finding.severity.value
            out["message"] = self.finding.message
        return out


def _show(fig: Figure) -> str:
    return format_figure(fig, unit=False)


def _num(value: Decimal | None) -> str:
    if value is None:
        return "∞"
    if value < 0:
        return "−" + format_number(-value)
    return format_number(value)


def _severity_for(rule: str, *figures: Figure | None) -> Severity:
    """The rule's severity, lowered to a warning when a ``khoảng`` figure is involved."""
    base = _RULES_BY_ID[rule].severity
    if any(f is not None and f.direction is Direction.AROUND for f in figures):
        return Severity.WARNING
    return base


def _hedge_note(*figures: Figure | None) -> str:
    hedged = [f for f in figures if f is not None and not f.exact]
    if not hedged:
        return ""
    return (
        " (hedged figures compared in their direction only: "
        + ", ".join(f"{_show(f)} means {_describe_interval(f.interval())}" for f in hedged)
        + ")"
    )


def _describe_interval(iv: Interval) -> str:
    if iv.hi is None:
        return f"at least {_num(iv.lo)}"
    if iv.lo is None or iv.lo == 0:
        return f"at most {_num(iv.hi)}"
    if iv.is_point:
        return _num(iv.lo)
    return f"{_num(iv.lo)} to {_num(iv.hi)}"


class _Checker:
    def __init__(self, report: AnnualReport) -> None:
        self.report = report
        self.results: list[CheckResult] = []

    def ok(self, rule: str, path: str, description: str) -> None:
        self.results.append(CheckResult(rule, path, description))

    def fail(
        self,
        rule: str,
        path: str,
        description: str,
        message: str,
        *,
        severity: Severity | None = None,
        figures: Mapping[str, Any] | None = None,
    ) -> None:
        finding = Finding(
            rule,
            severity or _RULES_BY_ID[rule].severity,
            path,
            message,
            figures=figures or {},
        )
        self.results.append(CheckResult(rule, path, description, finding))

    # ---- generic relations

    def total(
        self,
        path: str,
        whole: Figure,
        parts: Sequence[tuple[str, Figure]],
        *,
        extra: str = "",
    ) -> None:
        total_iv = whole.interval()
        summed = Interval.point(0)
        for _, fig in parts:
            summed = summed + fig.interval()
        sum_text = " + ".join(_show(f) for _, f in parts)
        desc = f"{sum_text} = {_show(whole)}"
        if total_iv.overlaps(summed):
            self.ok("total.sum-of-parts", path, desc)
            return
        figs = [whole, *(f for _, f in parts)]
        self.fail(
            "total.sum-of-parts",
            path,
            desc,
            "the total must equal the sum of its parts: "
            f"{sum_text} = {_describe_interval(summed)}, "
            f"but the total is {_show(whole)}{_hedge_note(*figs)}{extra}",
            severity=_severity_for("total.sum-of-parts", *figs),
            figures={"total": _show(whole), **{p: _show(f) for p, f in parts}},
        )

    def order(
        self,
        part_path: str,
        part: Figure | Interval,
        whole_path: str,
        whole: Figure,
        *,
        part_text: str | None = None,
    ) -> None:
        part_iv = part.interval() if isinstance(part, Figure) else part
        shown = part_text or (
            _show(part) if isinstance(part, Figure) else _describe_interval(part_iv)
        )
        p_name, w_name = part_path.rsplit(".", 1)[-1], whole_path.rsplit(".", 1)[-1]
        desc = f"{p_name} {shown} ≤ {w_name} {_show(whole)}"
        if part_iv.may_be_le(whole.interval()):
            self.ok("order.part-le-whole", part_path, desc)
            return
        figs = [whole, part if isinstance(part, Figure) else None]
        self.fail(
            "order.part-le-whole",
            part_path,
            desc,
            f"{p_name} ({shown}) must not exceed {w_name} ({_show(whole)}){_hedge_note(*figs)}",
            severity=_severity_for("order.part-le-whole", *figs),
            figures={p_name: shown, w_name: _show(whole)},
        )

    def percent(
        self,
        path: str,
        stated: Figure,
        numerator: Interval,
        denominator: Interval,
        num_text: str,
        den_text: str,
        *involved: Figure | None,
    ) -> None:
        computed = percent_interval(numerator, denominator)
        if computed is None:
            if denominator.is_point and denominator.lo == 0:
                self.fail(
                    "percent.matches-ratio",
                    path,
                    f"{num_text} / {den_text}",
                    f"{_show(stated)} cannot be a percentage of 0",
                    figures={"stated": _show(stated), "denominator": den_text},
                )
            return
        if computed.is_point and computed.lo is not None:
            value_text = format_number(computed.lo, decimals=stated.decimals + 1) + "%"
        else:
            value_text = f"{_num_pct(computed.lo, stated)}–{_num_pct(computed.hi, stated)}"
        desc = f"{num_text} / {den_text} = {value_text} ≈ {_show(stated)}"
        if stated.interval().overlaps(computed):
            self.ok("percent.matches-ratio", path, desc)
            return
        iv = stated.interval()
        if stated.exact:
            allowed = f"allowed {_num_pct(iv.lo, stated)} to {_num_pct(iv.hi, stated)}"
        else:
            allowed = (
                f"{_show(stated)} means {_describe_interval(iv)}%, compared in its direction only"
            )
        figs = [stated, *involved]
        self.fail(
            "percent.matches-ratio",
            path,
            desc,
            f"{_show(stated)} must match {num_text} / {den_text} = {value_text} to the precision "
            f"it was printed with ({allowed}){_hedge_note(*involved)}",
            severity=_severity_for("percent.matches-ratio", *figs),
            figures={
                "stated": _show(stated),
                "numerator": num_text,
                "denominator": den_text,
                "computed": value_text,
            },
        )

    # ---- per section

    def section_rules(self, path: str, section: _Section) -> None:
        for whole_key, part_keys in section.SUMS:
            whole = section.figure(whole_key)
            parts = [(f"{path}.{k}", f) for k in part_keys if (f := section.figure(k)) is not None]
            if whole is None or not parts:
                continue
            if len(parts) == len(part_keys):
                self.total(f"{path}.{whole_key}", whole, parts)
            else:
                summed = Interval.point(0)
                for _, f in parts:
                    summed = summed + f.interval()
                text = " + ".join(_show(f) for _, f in parts)
                given = "+".join(p.rsplit(".", 1)[-1] for p, _ in parts)
                self.order(
                    f"{path}.{given}",
                    parts[0][1] if len(parts) == 1 else summed,
                    f"{path}.{whole_key}",
                    whole,
                    part_text=text,
                )
        for part_key, whole_key in section.ORDERS:
            part, whole = section.figure(part_key), section.figure(whole_key)
            if part is not None and whole is not None:
                self.order(f"{path}.{part_key}", part, f"{path}.{whole_key}", whole)
        for pct_key, num_key, den_key in section.PERCENTS:
            pct, num, den = (
                section.figure(pct_key),
                section.figure(num_key),
                section.figure(den_key),
            )
            if pct is not None and num is not None and den is not None:
                self.percent(
                    f"{path}.{pct_key}",
                    pct,
                    num.interval(),
                    den.interval(),
                    _show(num),
                    _show(den),
                    num,
                    den,
                )

    def hamlets(self, section: HamletReorganisation) -> None:
        before, after, reduction = section.before, section.after, section.reduction
        if before is not None and after is not None and reduction is not None:
            diff = before.interval() - after.interval()
            desc = f"{_show(before)} − {_show(after)} = {_show(reduction)}"
            figs = [before, after, reduction]
            if diff.overlaps(reduction.interval()):
                self.ok("hamlets.before-minus-after", "hamlets.reduction", desc)
            else:
                self.fail(
                    "hamlets.before-minus-after",
                    "hamlets.reduction",
                    desc,
                    f"before − after must equal the reduction: {_show(before)} − {_show(after)} = "
                    f"{_describe_interval(diff)}, but the reduction is {_show(reduction)}"
                    f"{_hedge_note(*figs)}",
                    severity=_severity_for("hamlets.before-minus-after", *figs),
                    figures={
                        "before": _show(before),
                        "after": _show(after),
                        "reduction": _show(reduction),
                    },
                )
        if section.percent is not None and before is not None:
            if after is not None:
                numerator = before.interval() - after.interval()
                num_text = f"({_show(before)} − {_show(after)})"
                involved: tuple[Figure | None, ...] = (before, after)
            elif reduction is not None:
                numerator = reduction.interval()
                num_text = _show(reduction)
                involved = (reduction, before)
            else:
                return
            self.percent(
                "hamlets.percent",
                section.percent,
                numerator,
                before.interval(),
                num_text,
                _show(before),
                *involved,
            )

    def inspection(self, section: InspectionFigures) -> None:
        from qcdc.inspection import CaseTally

        tally = section.tally()
        assert isinstance(tally, CaseTally)
        by_rule = {f.rule: f for f in tally.check(path="inspection")}
        for rule_id, small, big in (
            ("tally.violations-le-supervised", "violations", "supervised"),
            ("tally.resolved-le-recommended", "resolved", "recommended"),
            ("tally.recommended-le-violations", "recommended", "violations"),
        ):
            a, b = section.figure(small), section.figure(big)
            if a is None or b is None:
                continue
            path = f"inspection.{small}"
            desc = f"{small} {_show(a)} ≤ {big} {_show(b)}"
            if getattr(tally, small) is not None and getattr(tally, big) is not None:
                found = by_rule.get(rule_id)
                if found is None:
                    self.ok(rule_id, path, desc)
                else:
                    self.results.append(CheckResult(rule_id, path, desc, found))
                continue
            if a.interval().may_be_le(b.interval()):
                self.ok(rule_id, path, desc)
            else:
                self.fail(
                    rule_id,
                    path,
                    desc,
                    f"{small} ({_show(a)}) must not exceed {big} ({_show(b)}){_hedge_note(a, b)}",
                    severity=_severity_for(rule_id, a, b),
                    figures={small: _show(a), big: _show(b)},
                )

    def online(self, section: OnlineServices) -> None:
        cov = section.coverage
        if cov is None or cov.denominator is None:
            return
        whole = Figure(number=cov.denominator)
        self.order(
            "online_services.coverage",
            Figure(number=cov.number, hedge=cov.hedge),
            "online_services.units",
            whole,
            part_text=_show(Figure(number=cov.number, hedge=cov.hedge)),
        )
        if section.percent is not None:
            self.percent(
                "online_services.percent",
                section.percent,
                cov.interval(),
                Interval.point(cov.denominator),
                _show(Figure(number=cov.number, hedge=cov.hedge)),
                format_number(cov.denominator),
                cov,
            )

    def documents(self) -> None:
        report = self.report
        if not report.documents:
            return
        from qcdc.directives import DocumentNumber
        from qcdc.errors import InvalidDocumentNumber

        for i, doc in enumerate(report.documents):
            path = f"documents[{i}]"
            if doc.number is not None:
                try:
                    parsed = DocumentNumber.parse(doc.number)
                except InvalidDocumentNumber as exc:
                    self.fail(
                        "document.unparsable",
                        f"{path}.number",
                        f"{doc.number} parses",
                        f"document number {doc.number!r} must parse: {exc}",
                        figures={"number": doc.number},
                    )
                else:
                    self.ok("document.unparsable", f"{path}.number", f"{doc.number} parses")
                    year = getattr(parsed, "year", None)
                    if year is not None:
                        desc = f"{doc.number}: year {year} ≤ {report.on.year}"
                        if year > report.on.year:
                            self.fail(
                                "document.year-after-report",
                                f"{path}.number",
                                desc,
                                f"document {doc.number} carries the year {year}, after the "
                                f"report's date {report.on.isoformat()}",
                                figures={
                                    "number": doc.number,
                                    "year": year,
                                    "report_date": report.on.isoformat(),
                                },
                            )
                        else:
                            self.ok("document.year-after-report", f"{path}.number", desc)
            if doc.issued is not None:
                desc = f"issued {doc.issued.isoformat()} ≤ {report.on.isoformat()}"
                if doc.issued > report.on:
                    self.fail(
                        "document.date-after-report",
                        f"{path}.issued",
                        desc,
                        f"document {doc} is dated {doc.issued.isoformat()}, after the report's "
                        f"date {report.on.isoformat()}",
                    )
                else:
                    self.ok("document.date-after-report", f"{path}.issued", desc)

    def dates(self) -> None:
        report = self.report
        if report.date is not None:
            start = report.period.start.isoformat()
            desc = f"report date {report.date.isoformat()} ≥ period start {start}"
            if report.date < report.period.start:
                self.fail(
                    "period.report-before-period",
                    "date",
                    desc,
                    f"the report is dated {report.date.isoformat()}, before the period it covers "
                    f"({format_period(report.period)}) begins",
                )
            else:
                self.ok("period.report-before-period", "date", desc)
        for i, task in enumerate(report.tasks):
            if task.due is None:
                continue
            desc = f"due {task.due.isoformat()} ≥ {report.on.isoformat()}"
            if task.due < report.on:
                self.fail(
                    "task.due-before-report",
                    f"tasks[{i}].due",
                    desc,
                    f"task {task.text!r} is due {task.due.isoformat()}, before the report's date "
                    f"{report.on.isoformat()}",
                )
            else:
                self.ok("task.due-before-report", f"tasks[{i}].due", desc)

    # ---- against the official list

    def gazetteer_rules(self, gz: Gazetteer) -> None:
        report = self.report
        on = report.on
        try:
            place = gz.get(report.place, on=on)
        except OutOfCoverage as exc:
            self.fail(
                "gazetteer.not-covered",
                "place",
                f"official list for {on.isoformat()}",
                f"no official unit list for {on.isoformat()} ({exc}); "
                "the unit counts were not checked",
            )
            return
        desc = f"{report.place} is in force on {on.isoformat()}"
        if place is None:
            self.fail(
                "place.unknown",
                "place",
                desc,
                f"place {report.place!r} must be a unit in force on {on.isoformat()}; "
                "check the code (01 is Hà Nội) and the report's date",
                figures={"place": report.place, "on": on.isoformat()},
            )
            return
        self.ok("place.unknown", "place", f"{place} is in force on {on.isoformat()}")
        for counts in report.units:
            self.unit_counts(gz, counts, on)
        os_ = report.online_services
        if os_ is not None and os_.coverage is not None and os_.coverage.denominator is not None:
            official = gz.count(on=on, level=os_.level, within=report.place)
            den = os_.coverage.denominator
            lvl = os_.level.name.lower()
            desc = (
                f"denominator {format_number(den)} = {official} {lvl}-level units "
                f"on {on.isoformat()}"
            )
            if den == official:
                self.ok("coverage.denominator-matches-units", "online_services.coverage", desc)
            else:
                self.fail(
                    "coverage.denominator-matches-units",
                    "online_services.coverage",
                    desc,
                    f"the denominator of {_show(os_.coverage)} must be the number of {lvl}-level "
                    f"units of {place.name} on {on.isoformat()}, which is {official}, "
                    f"got {format_number(den)}",
                    figures={
                        "stated": _show(os_.coverage),
                        "official": official,
                        "on": on.isoformat(),
                    },
                )

    def unit_counts(self, gz: Gazetteer, counts: UnitCounts, on: dt.date) -> None:
        report = self.report
        path = f"units.{counts.level.name.lower()}"
        lvl = counts.level.name.lower()
        official_total = gz.count(on=on, level=counts.level, within=report.place)
        official = {
            kind: gz.count(on=on, kind=kind, within=report.place) for kind, _ in counts.by_kind
        }
        if counts.total is not None:
            desc = (
                f"{_show(counts.total)} = {official_total} on the official list of {on.isoformat()}"
            )
            if counts.total.admits(official_total):
                self.ok("units.total-matches-gazetteer", f"{path}.total", desc)
            else:
                self.fail(
                    "units.total-matches-gazetteer",
                    f"{path}.total",
                    desc,
                    f"the place must have {_show(counts.total)} {lvl}-level units; "
                    "the official list "
                    f"of {on.isoformat()} has {official_total}{_hedge_note(counts.total)}",
                    severity=_severity_for("units.total-matches-gazetteer", counts.total),
                    figures={"stated": _show(counts.total), "official": official_total},
                )
        adds_up = True
        if counts.total is not None and counts.by_kind:
            summed = Interval.point(0)
            for _, fig in counts.by_kind:
                summed = summed + fig.interval()
            adds_up = counts.total.interval().overlaps(summed)
            differing = [
                f"{kind.vietnamese} {official[kind]} (stated {_show(fig)})"
                for kind, fig in counts.by_kind
                if not fig.admits(official[kind])
            ]
            extra = (
                "; the official list of " + on.isoformat() + " has " + ", ".join(differing)
                if differing and not adds_up
                else ""
            )
            self.total(
                f"{path}.by_kind",
                counts.total,
                [(f"{path}.by_kind.{k.vietnamese}", f) for k, f in counts.by_kind],
                extra=extra,
            )
        if not adds_up:
            return
        for kind, fig in counts.by_kind:
            kpath = f"{path}.by_kind.{kind.vietnamese}"
            desc = f"{kind.vietnamese} {_show(fig)} = {official[kind]} on {on.isoformat()}"
            if fig.admits(official[kind]):
                self.ok("units.count-by-kind", kpath, desc)
            else:
                self.fail(
                    "units.count-by-kind",
                    kpath,
                    desc,
                    f"the place must have {_show(fig)} units of kind {kind.vietnamese}; "
                    "the official "
                    f"list of {on.isoformat()} has {official[kind]}{_hedge_note(fig)}",
                    severity=_severity_for("units.count-by-kind", fig),
                    figures={
                        "kind": kind.vietnamese,
                        "stated": _show(fig),
                        "official": official[kind],
                    },
                )


def _num_pct(value: Decimal | None, stated: Figure) -> str:
    if value is None:
        return "∞"
    return format_number(value, decimals=stated.decimals + 1) + "%"


def run_checks(
    report: AnnualReport,
    gazetteer: Gazetteer | None = None,
    *,
    against_gazetteer: bool = True,
) -> list[CheckResult]:
    """Every check the checker ran on ``report``, passed or failed, in section order.

    ``gazetteer`` defaults to the embedded one (:func:`qcdc.units.gazetteer`);
    ``against_gazetteer=False`` skips every check against the official unit list.
    """
    if not isinstance(report, AnnualReport):
        raise InputError(f"expected an AnnualReport, got {type(report).__name__}")
    c = _Checker(report)
    c.dates()
    gz = None
    if against_gazetteer:
        if gazetteer is None:
            from qcdc.units.gazetteer import gazetteer as embedded

            gz = embedded()
        else:
            gz = gazetteer
        c.gazetteer_rules(gz)
    for path, section in report.sections():
        if isinstance(section, UnitCounts):
            continue  # checked with the official list (the sum too, to name what differs)
        c.section_rules(path, section)
        if isinstance(section, HamletReorganisation):
            c.hamlets(section)
        elif isinstance(section, InspectionFigures):
            c.inspection(section)
        elif isinstance(section, OnlineServices):
            c.online(section)
    if gz is None:
        for counts in report.units:
            if counts.total is not None and counts.by_kind:
                lvl = counts.level.name.lower()
                c.total(
                    f"units.{lvl}.by_kind",
                    counts.total,
                    [(f"units.{lvl}.by_kind.{k.vietnamese}", f) for k, f in counts.by_kind],
                )
    c.documents()
    order = {key: i for i, key in enumerate(_path_order(report))}
    c.results.sort(key=lambda r: order.get(r.path.split(".")[0].split("[")[0], len(order)))
    return c.results


def _path_order(report: AnnualReport) -> list[str]:
    return ["date", "place", "units", *(cls.KEY for cls in _SECTION_TYPES), "documents", "tasks"]


def check(
    report: AnnualReport,
    gazetteer: Gazetteer | None = None,
    *,
    against_gazetteer: bool = True,
) -> FindingList:
    """The findings for every broken rule of ``report`` (empty when all is well).

    See :data:`RULES` and the reference page *Report file format* for each
    rule.  ``gazetteer`` defaults to the embedded one; pass
    ``against_gazetteer=False`` for the arithmetic only.
    """
    return FindingList(
        r.finding
        for r in run_checks(report, gazetteer, against_gazetteer=against_gazetteer)
        if r.finding is not None
    )


def validate(
    report: AnnualReport,
    gazetteer: Gazetteer | None = None,
    *,
    against_gazetteer: bool = True,
) -> None:
    """Raise one :class:`~qcdc.errors.ValidationFailed` holding every error-level finding."""
    raise_for("report", check(report, gazetteer, against_gazetteer=against_gazetteer))


# =====================================================================================
# files
# =====================================================================================

_TOP_KEYS = (
    "format",
    "title",
    "place",
    "place_name",
    "period",
    "date",
    "reporting_body",
    "note",
    "themes",
    "source",
    "units",
    *(cls.KEY for cls in _SECTION_TYPES),
    "documents",
    "tasks",
)
_SOURCE_KEYS = ("document", "article", "url", "confidence", "note")
_DOCUMENT_KEYS = ("number", "title", "issued", "note")
_TASK_KEYS = ("text", "owner", "due")


def _section_from(cls: type[_Section], data: Mapping[str, Any], path: tuple[str, ...]) -> _Section:
    allowed = [a.name for a in attrs.fields(cls)]  # type: ignore[arg-type]
    table(data, path, allowed)
    kwargs: dict[str, Any] = {}
    metrics = {m.key: m for m in cls.metrics()}
    for key, value in data.items():
        if key in metrics:
            fig = at_path((*path, key), _to_figure, value)
            kwargs[key] = at_path((*path, key), _settle_figure, metrics[key], fig)
        else:
            kwargs[key] = value
    return at_path(path, cls, **kwargs)


def _units_from(data: Any) -> list[UnitCounts]:
    tbl = table(data, ("units",))
    out = []
    for level_key, value in tbl.items():
        path = ("units", level_key)
        try:
            level = UnitLevel.parse(level_key)
        except ValueError:
            raise BadKey(
                path, f"unknown level {level_key!r}", "use province, district or commune"
            ) from None
        sub = table(value, path)
        table(sub, path, ("total", "by_kind", "confidence", "note"))
        if "by_kind" in sub:
            table(sub["by_kind"], (*path, "by_kind"))
        out.append(at_path(path, UnitCounts, level=level, **sub))
    return out


def _date_from(value: Any, path: tuple[str | int, ...]) -> dt.date:
    parsed = at_path(path, _to_opt_date, value)
    if parsed is None:
        raise BadKey(path, "a date is missing")
    return parsed


def _period_from(value: Any) -> Period:
    path = ("period",)
    if isinstance(value, Mapping):
        table(value, path, ("start", "end"))
        if "start" not in value or "end" not in value:
            raise BadKey(path, "a period table needs start and end")
        start = _date_from(value["start"], (*path, "start"))
        end = _date_from(value["end"], (*path, "end"))
        return at_path(path, Period, start, end)
    return at_path(path, _to_period, value)


def _from_mapping(data: Mapping[str, Any]) -> AnnualReport:
    table(data, (), _TOP_KEYS)
    fmt = data.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        raise BadKey(("format",), f"format must be {FORMAT_VERSION}, got {fmt!r}")
    for key in ("place", "period", "source"):
        if key not in data:
            raise BadKey(
                (key,),
                f"the report needs {key!r}",
                {
                    "place": 'the unit code, e.g. place = "01" for Hà Nội',
                    "period": 'e.g. period = "năm 2021"',
                    "source": 'a [source] table with document = "the article\'s title"',
                }[key],
            )
    source_data = table(data["source"], ("source",))
    table(source_data, ("source",), _SOURCE_KEYS)
    if "document" not in source_data:
        raise BadKey(
            ("source", "document"),
            "the source needs its document (the title of the article or report)",
        )
    confidence = at_path(
        ("source", "confidence"), _to_confidence, source_data.get("confidence", "likely")
    )
    source = at_path(("source",), Citation, **{**source_data, "confidence": confidence})
    kwargs: dict[str, Any] = {
        "place": at_path(("place",), _to_place, data["place"]),
        "period": _period_from(data["period"]),
        "source": source,
    }
    if "date" in data:
        kwargs["date"] = _date_from(data["date"], ("date",))
    for key in ("title", "place_name", "reporting_body", "note"):
        if key in data:
            kwargs[key] = at_path((key,), _opt_str, data[key])
    if "themes" in data:
        themes = data["themes"]
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise BadKey(("themes",), "themes must be a list of text")
        kwargs["themes"] = themes
    if "units" in data:
        kwargs["units"] = at_path(("units",), _to_units, _units_from(data["units"]))
    for cls in _SECTION_TYPES:
        if cls.KEY in data:
            kwargs[cls.KEY] = _section_from(cls, table(data[cls.KEY], (cls.KEY,)), (cls.KEY,))
    docs = []
    for i, item in enumerate(_list(data.get("documents", []), ("documents",))):
        path: tuple[str | int, ...] = ("documents", i)
        tbl = table(item, path)
        table(tbl, path, _DOCUMENT_KEYS)
        docs.append(at_path(path, CitedDocument, **tbl))
    kwargs["documents"] = docs
    tasks = []
    for i, item in enumerate(_list(data.get("tasks", []), ("tasks",))):
        path = ("tasks", i)
        if isinstance(item, str):
            item = {"text": item}
        tbl = table(item, path)
        table(tbl, path, _TASK_KEYS)
        if "text" not in tbl:
            raise BadKey((*path, "text"), "a task needs its text")
        tasks.append(at_path(path, ReportTask, **tbl))
    kwargs["tasks"] = tasks
    return at_path((), AnnualReport, **kwargs)


def _list(value: Any, path: tuple[str, ...]) -> list[Any]:
    if not isinstance(value, list):
        raise BadKey(path, f"must be a list (an array of tables), got {value!r}")
    return value


def report_from_mapping(data: Mapping[str, Any], *, source: str | None = None) -> AnnualReport:
    """Build a report from plain data in the file format (errors name the key path)."""
    try:
        return _from_mapping(table(data, ()))
    except BadKey as bad:
        raise InputError(
            bad.message, source=source, field=dotted(bad.path) or None, hint=bad.hint
        ) from None


def loads_report(text: str, *, format: str = "toml", source: str = "<string>") -> AnnualReport:
    """Read a report from TOML or JSON text; errors name the key path and the line."""
    if format not in ("toml", "json"):
        raise InputError(f"format must be 'toml' or 'json', got {format!r}", source=source)
    return structure(
        text,
        lambda data: _from_mapping(table(data, ())),
        format="toml" if format == "toml" else "json",
        source=source,
    )


def load_report(path: str | os.PathLike[str], *, format: str | None = None) -> AnnualReport:
    """Read a report file (``.toml``, or ``.json`` for services)."""
    name = os.fspath(path)
    fmt = format or ("json" if name.lower().endswith(".json") else "toml")
    return loads_report(read_text(name, what="report"), format=fmt, source=name)


def _period_out(period: Period) -> Any:
    try:
        text = format_period(period)
        if parse_period(text) == period:
            return text
    except QcdcError:
        pass
    return {"start": period.start, "end": period.end}


def _report_to_mapping(report: AnnualReport) -> dict[str, Any]:
    out: dict[str, Any] = {"format": FORMAT_VERSION}
    for key in ("title", "place", "place_name"):
        value = getattr(report, key)
        if value is not None:
            out[key] = value
    out["period"] = _period_out(report.period)
    if report.date is not None:
        out["date"] = report.date
    for key in ("reporting_body", "note"):
        value = getattr(report, key)
        if value is not None:
            out[key] = value
    if report.themes:
        out["themes"] = list(report.themes)
    src = report.source
    out["source"] = {
        k: v
        for k, v in (
            ("document", src.document),
            ("article", src.article),
            ("url", src.url),
            ("confidence", src.confidence.value),
            ("note", src.note),
        )
        if v is not None
    }
    if report.units:
        out["units"] = {u.level.name.lower(): u.to_mapping() for u in report.units}
    for cls in _SECTION_TYPES:
        section = getattr(report, cls.KEY)
        if section is not None:
            out[cls.KEY] = section.to_mapping()
    if report.documents:
        out["documents"] = [d.to_mapping() for d in report.documents]
    if report.tasks:
        out["tasks"] = [t.to_mapping() for t in report.tasks]
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def dumps_report(report: AnnualReport, *, format: str = "toml") -> str:
    """The report as TOML (or JSON) text that :func:`loads_report` reads back to an equal report."""
    data = _report_to_mapping(report)
    if format == "json":
        return json.dumps(_jsonable(data), ensure_ascii=False, indent=2) + "\n"
    if format != "toml":
        raise InputError(f"format must be 'toml' or 'json', got {format!r}")

    return dumps_toml(
        data, header="# qcdc annual report (format 1); see docs/reference/report-format.md"
    )


def dump_report(
    report: AnnualReport, path: str | os.PathLike[str], *, format: str | None = None
) -> None:
    """Write the report to a file; the format follows the extension unless given."""
    name = os.fspath(path)
    fmt = format or ("json" if name.lower().endswith(".json") else "toml")
    text = dumps_report(report, format=fmt)
    with open(name, "w", encoding="utf-8") as fh:
        fh.write(text)


def embedded_reports() -> tuple[str, ...]:
    """The names of the reports shipped with qcdc (``"hanoi-2021"``)."""
    folder = resources.files("qcdc.reports").joinpath("data").joinpath("examples")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


def load_embedded(name: str = "hanoi-2021") -> AnnualReport:
    """A report shipped with qcdc, by name (see :func:`embedded_reports`)."""
    names = embedded_reports()
    if name not in names:
        raise InputError(
            f"no embedded report {name!r}", hint="the embedded reports are " + ", ".join(names)
        )
    text = (
        resources.files("qcdc.reports")
        .joinpath("data")
        .joinpath("examples")
        .joinpath(f"{name}.toml")
        .read_text(encoding="utf-8")
    )
    return loads_report(text, source=f"qcdc/reports/data/examples/{name}.toml")


# =====================================================================================
# the JSON Schema
# =====================================================================================


def _figure_schema(metric: Metric) -> dict[str, Any]:
    text = {"type": "string", "description": "as printed, e.g. '4.956', 'hơn 3.000', '32,5%'"}
    if metric.kind is FigureKind.RATIO:
        pair = {
            "type": "array",
            "items": {"type": "integer", "minimum": 0},
            "minItems": 2,
            "maxItems": 2,
        }
        variants: list[dict[str, Any]] = [text, pair]
    elif metric.kind is FigureKind.COUNT:
        variants = [{"type": "integer", "minimum": 0}, text]
    else:
        variants = [{"type": "number", "minimum": 0}, text]
    return {"description": f"{metric.label} ({metric.english})", "anyOf": variants}


def _common_props() -> dict[str, Any]:
    return {
        "confidence": {"enum": [c.value for c in Confidence]},
        "note": {"type": "string"},
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report format (``qcdc/reports/data/report.schema.json``)."""
    date = {"type": "string", "format": "date"}
    sections: dict[str, Any] = {}
    for cls in _SECTION_TYPES:
        props = {m.key: _figure_schema(m) for m in cls.metrics()}
        if cls is OnlineServices:
            props["level"] = {"enum": ["province", "district", "commune"]}
            props["service_levels"] = {
                "type": "array",
                "items": {"type": "integer", "minimum": 1, "maximum": 4},
            }
        props.update(_common_props())
        sections[cls.KEY] = {
            "type": "object",
            "description": f"{cls.TITLE} ({cls.ENGLISH})",
            "properties": props,
            "additionalProperties": False,
        }
    level_counts = {
        "type": "object",
        "properties": {
            "total": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]},
            "by_kind": {
                "type": "object",
                "propertyNames": {
                    "enum": [k.vietnamese for k in UnitKind] + [k.name.lower() for k in UnitKind]
                },
                "additionalProperties": {
                    "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]
                },
            },
            **_common_props(),
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://qcdc.invalid/report.schema.json",
        "title": "qcdc annual report",
        "description": "An annual grassroots-democracy review as qcdc reads it (format 1). "
        "Figures are numbers or the text printed in the source.",
        "type": "object",
        "required": ["place", "period", "source"],
        "properties": {
            "format": {"const": FORMAT_VERSION},
            "title": {"type": "string"},
            "place": {
                "type": "string",
                "pattern": "^[0-9]{2}([0-9]([0-9]{2})?)?$",
                "description": "unit code: 2 digits (province), 3 (district) or 5 (commune)",
            },
            "place_name": {"type": "string"},
            "period": {
                "anyOf": [
                    {"type": "string", "description": "e.g. 'năm 2021', 'quý III/2023'"},
                    {"type": "integer"},
                    {
                        "type": "object",
                        "properties": {"start": date, "end": date},
                        "required": ["start", "end"],
                        "additionalProperties": False,
                    },
                ]
            },
            "date": date,
            "reporting_body": {"type": "string"},
            "note": {"type": "string"},
            "themes": {"type": "array", "items": {"type": "string"}},
            "source": {
                "type": "object",
                "required": ["document"],
                "properties": {
                    "document": {"type": "string"},
                    "article": {"type": "string"},
                    "url": {"type": "string"},
                    "confidence": {"enum": [c.value for c in Confidence]},
                    "note": {"type": "string"},
                },
                "additionalProperties": False,
            },
            "units": {
                "type": "object",
                "properties": dict.fromkeys(("province", "district", "commune"), level_counts),
                "additionalProperties": False,
            },
            **sections,
            "documents": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "number": {"type": "string"},
                        "title": {"type": "string"},
                        "issued": date,
                        "note": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            },
            "tasks": {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "string"},
                        {
                            "type": "object",
                            "required": ["text"],
                            "properties": {
                                "text": {"type": "string"},
                                "owner": {"type": "string"},
                                "due": date,
                            },
                            "additionalProperties": False,
                        },
                    ]
                },
            },
        },
        "additionalProperties": False,
    }
