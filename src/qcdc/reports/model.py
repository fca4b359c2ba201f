"""Annual grassroots-democracy reports: the report, the documents it cites, its tasks.

Every province publishes a yearly review of its grassroots-democracy work
(*báo cáo tổng kết*).  An :class:`AnnualReport` holds what such a review
says: the place (a unit code), the period, the source, and optional sections
(:mod:`qcdc.reports.sections`: administrative units, hamlet reorganisation, People's
Inspection Boards, community investment supervision, dialogue conferences, mediation,
online public services, "Dân vận khéo" models, citizen reception and petitions, the
Fatherland Front's supervision and social critique, community contributions, democracy in
agencies and enterprises, village conventions, awards), the documents cited
(:class:`CitedDocument`) and the tasks for the next period (:class:`ReportTask`).
Figures are :class:`~qcdc.numbers.Figure` values, so ``"hơn 3.000"`` and ``"32%"``
keep their hedge and printed precision.  :meth:`AnnualReport.check` runs
:func:`qcdc.reports.checker.check`; nothing in it reads the clock.

For the code written while the layout was being built, this module also re-exports
the sections, :class:`~qcdc.reports.figures.FigureKind` and
:class:`~qcdc.reports.figures.Metric`, the rules (:mod:`qcdc.reports.rules`) and the
checker's names (:mod:`qcdc.reports.checker`).  The file-format functions
(``load_report``, ``dumps_report``, ``json_schema`` …) are imported from
:mod:`qcdc.reports`: they read and write this module's classes, so this module cannot
import them back.

>>> from qcdc.reports import load_embedded
>>> report = load_embedded("hanoi-2021")
>>> report.place, report.on.isoformat(), str(report.hamlets.percent)
('01', '2021-12-17', '32%')
>>> report.check()
[]
>>> broken = attrs.evolve(report, hamlets=attrs.evolve(report.hamlets, percent="35%"))
>>> [f.rule for f in broken.check(against_gazetteer=False)]
['percent.matches-ratio']
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from qcdc._optional import require
from qcdc.citations import Citation, Confidence
from qcdc.dates import Period, format_period, parse_period
from qcdc.errors import AmbiguousDate, InputError, InvalidUnitCode, QcdcError
from qcdc.numbers import Figure, format_figure
from qcdc.reports._exact import HEDGES
from qcdc.reports._table import FigureTable
from qcdc.reports.checker import CheckResult, check, run_checks, validate
from qcdc.reports.figures import FigureKind, Metric
from qcdc.reports.rules import RULES, FindingList, Rule
from qcdc.reports.sections import (
    _SECTION_TYPES,
    Awards,
    Contributions,
    DanVanKheo,
    DialogueConferences,
    FrontSupervision,
    HamletReorganisation,
    InspectionFigures,
    InvestmentSupervision,
    Mediation,
    OnlineServices,
    Petitions,
    UnitCounts,
    VillageConventions,
    WorkplaceDemocracy,
    _opt_str,
    _Section,
    _to_confidence,
    _to_opt_date,
)
from qcdc.units import UnitLevel, unit_code

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
    "ReportSource",
    "ReportTask",
    "Rule",
    "UndatedPeriod",
    "UnitCounts",
    "check",
    "run_checks",
    "validate",
]

FORMAT_VERSION = 1
"""The version of the report file format (the ``format`` key)."""


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
    issuer: str | None = attrs.field(default=None, converter=_opt_str)
    """The body that issued it (``Ban Thường vụ Tỉnh ủy``, ``UBND tỉnh``), when printed."""

    def document_number(self) -> Any:
        """The parsed :class:`~qcdc.directives.DocumentNumber`.

        Raises :class:`~qcdc.errors.InvalidDocumentNumber` when it does not parse.
        """
        from qcdc.directives import DocumentNumber

        if self.number is None:
            raise InputError("this document was cited without a number", field="number")
        return DocumentNumber.parse(self.number)

    def to_dict(self) -> dict[str, Any]:
        """The value as plain data in the file format (its keys as the file writes them)."""
        out: dict[str, Any] = {}
        for key in ("number", "title", "issued", "issuer", "note"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def to_mapping(self) -> dict[str, Any]:
        """The 0.1 name of :meth:`to_dict` (one serialisation verb across qcdc)."""
        return self.to_dict()

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

    def to_dict(self) -> dict[str, Any]:
        """The value as plain data in the file format (its keys as the file writes them)."""
        out: dict[str, Any] = {"text": self.text}
        if self.owner is not None:
            out["owner"] = self.owner
        if self.due is not None:
            out["due"] = self.due
        return out

    def to_mapping(self) -> dict[str, Any]:
        """The 0.1 name of :meth:`to_dict` (one serialisation verb across qcdc)."""
        return self.to_dict()


# =====================================================================================
# the report
# =====================================================================================


COUNTRY = "VN"
"""The place of a report on the whole country (``place = "toàn quốc"`` or ``"VN"``)."""
_COUNTRY_NAMES = ("vn", "toàn quốc", "cả nước", "việt nam")


def _to_place(value: str | int) -> str:
    """A unit code, :data:`COUNTRY`, or the name of a place the gazetteer does not hold."""
    if isinstance(value, str) and not value.strip().isdigit():
        from qcdc.text import nfc

        name = " ".join(nfc(value).split())
        if name.lower() in _COUNTRY_NAMES:
            return COUNTRY
        if any(ch.isalpha() for ch in name) and not any(ch.isdigit() for ch in name):
            return name  # a name (a code has digits; "1x" is a mistyped code)
    try:
        return unit_code(value)
    except InvalidUnitCode as exc:
        raise InputError(str(exc), field="place") from None


def _period_text(text: str, on: dt.date) -> Period:
    """A period printed without its year ("6 tháng đầu năm", "hơn 10 năm"), read with the
    year of ``on`` (the report's date) by :func:`qcdc.dates.parse_period`."""
    return parse_period(text, reference=on)


def _needs_year(text: str) -> bool:
    try:
        parse_period(text)
    except AmbiguousDate:
        return True
    except QcdcError:
        return False
    return False


def _to_period(value: Period | UndatedPeriod | str | int | None) -> Period | UndatedPeriod:
    if isinstance(value, (Period, UndatedPeriod)):
        return value
    if value is None:
        return UndatedPeriod()  # no period printed: the report's date must be missing too
    if isinstance(value, str) and _needs_year(value):
        return UndatedPeriod(value)  # the report's date, when given, gives it its year
    if isinstance(value, int) and not isinstance(value, bool):
        return Period.for_year(value)
    if isinstance(value, str):
        return parse_period(value)
    raise InputError(f"period must be text such as 'năm 2021', got {value!r}", field="period")


def _check_printed(instance: UndatedPeriod, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not _needs_year(value):
        try:
            parse_period(value)
        except QcdcError as exc:
            raise InputError(
                f"the undated period {value!r} is not a period qcdc reads: {exc}",
                field="period",
                hint="write it as printed ('6 tháng đầu năm', '5 năm'), or leave the period "
                "out when the report prints none",
            ) from None
        raise InputError(
            f"the period {value!r} has its year, so it is not undated",
            field="period",
            hint=f"write period = {value!r}",
        )


@attrs.frozen
class UndatedPeriod:
    """The period of an *undated* report: printed without its year (or not printed at all)
    in a report that has no ``date`` either, so qcdc does not guess one.

    ``printed`` is the period as printed (``"6 tháng đầu năm"``, ``"5 năm"``, ``"8 tháng"``:
    a text :func:`qcdc.dates.parse_period` reads only with a year), or ``None`` when the
    report prints no period.  It has no start and no end; an undated report's
    ``AnnualReport.on`` is ``None``, and the checker skips every rule that needs a
    date with one warning, ``period.undated``, naming what it did not check.  Giving the
    report a date gives the period its year (``attrs.evolve(report, date=…)``).

    >>> UndatedPeriod("6 tháng đầu năm"), str(UndatedPeriod("6 tháng đầu năm"))
    (UndatedPeriod(printed='6 tháng đầu năm'), '6 tháng đầu năm (undated)')
    >>> str(UndatedPeriod()), UndatedPeriod().vietnamese
    ('undated', 'không rõ thời gian')
    """

    printed: str | None = attrs.field(default=None, converter=_opt_str, validator=_check_printed)

    @property
    def vietnamese(self) -> str:
        """The Vietnamese label: ``6 tháng đầu năm — không rõ năm`` (year unknown), or
        ``không rõ thời gian`` (time unknown) when no period is printed."""
        return f"{self.printed} — không rõ năm" if self.printed else "không rõ thời gian"

    def __str__(self) -> str:
        return f"{self.printed} (undated)" if self.printed else "undated"


def _period_label(period: Period | UndatedPeriod, *, vietnamese: bool = False) -> str:
    """A period in words: :func:`qcdc.dates.format_period` of a dated one, ``"6 tháng đầu
    năm (undated)"`` or ``"undated"`` for an :class:`UndatedPeriod` (with ``vietnamese``,
    ``"6 tháng đầu năm — không rõ năm (undated)"``)."""
    if isinstance(period, UndatedPeriod):
        return f"{period.vietnamese} (undated)" if vietnamese else str(period)
    return format_period(period)


@attrs.frozen(kw_only=True)
class ReportSource:
    """One source of a report's figures, named by ``id`` (a figure's ``source``)."""

    id: str = attrs.field(converter=_opt_str)
    document: str = attrs.field(converter=_opt_str)
    article: str | None = attrs.field(default=None, converter=_opt_str)
    url: str | None = attrs.field(default=None, converter=_opt_str)
    issuer: str | None = attrs.field(default=None, converter=_opt_str)
    confidence: Confidence = attrs.field(default=Confidence.LIKELY, converter=_to_confidence)
    note: str | None = attrs.field(default=None, converter=_opt_str)

    @property
    def citation(self) -> Citation:
        return Citation(
            self.document,
            article=self.article,
            url=self.url,
            confidence=self.confidence,
            note=self.note,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "document": self.document}
        for key in ("article", "url", "issuer"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out["confidence"] = self.confidence.value
        if self.note is not None:
            out["note"] = self.note
        return out


def _to_sources(value: Iterable[ReportSource] | None) -> tuple[ReportSource, ...]:
    items = tuple(value or ())
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, ReportSource):
            raise InputError(f"sources must be ReportSource values, got {item!r}")
        if item.id in seen:
            raise InputError(f"source id {item.id!r} is used twice", field="sources")
        seen.add(item.id)
    return items


def _to_table(value: FigureTable | None) -> FigureTable | None:
    if value is None or isinstance(value, FigureTable):
        return value if value is None or value.figures or value.relations else None
    raise InputError(f"table must be a FigureTable, got {value!r}", field="table")


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

    A report whose period is printed without its year (``"6 tháng đầu năm"``) takes the
    year of its ``date``; without a date it is **undated**: ``period`` is an
    :class:`UndatedPeriod` holding the text, ``on`` is ``None``, and the checker runs
    the rules that need no date (sums, percentages, orderings, the figure table) and
    skips the others with the warning ``period.undated``.  A report that prints neither
    a period nor a date is undated too (``period=None``, ``UndatedPeriod()``).
    """

    place: str = attrs.field(converter=_to_place)
    period: Period | UndatedPeriod = attrs.field(converter=_to_period)
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
    petitions: Petitions | None = attrs.field(default=None, validator=_optional(Petitions))
    front_supervision: FrontSupervision | None = attrs.field(
        default=None, validator=_optional(FrontSupervision)
    )
    contributions: Contributions | None = attrs.field(
        default=None, validator=_optional(Contributions)
    )
    workplace_democracy: WorkplaceDemocracy | None = attrs.field(
        default=None, validator=_optional(WorkplaceDemocracy)
    )
    village_conventions: VillageConventions | None = attrs.field(
        default=None, validator=_optional(VillageConventions)
    )
    awards: Awards | None = attrs.field(default=None, validator=_optional(Awards))
    documents: tuple[CitedDocument, ...] = attrs.field(default=(), converter=_to_documents)
    tasks: tuple[ReportTask, ...] = attrs.field(default=(), converter=_to_tasks)
    table: FigureTable | None = attrs.field(default=None, converter=_to_table)
    """The general figure table: any figure and its declared relations."""
    sources: tuple[ReportSource, ...] = attrs.field(default=(), converter=_to_sources)
    """Further sources, by id; a table figure's ``source`` names one."""
    period_printed: str | None = attrs.field(default=None, converter=_opt_str)
    """The period as printed when it lacks its year (``6 tháng đầu năm``); the year is the
    report date's, or, without a date, the report is undated (:class:`UndatedPeriod`)."""

    def __attrs_post_init__(self) -> None:
        period = self.period
        if isinstance(period, UndatedPeriod):
            if self.period_printed is not None and self.period_printed != period.printed:
                raise InputError(
                    f"period_printed {self.period_printed!r} is not the undated period "
                    f"{period.printed!r}",
                    field="period",
                )
            if self.date is not None:
                if period.printed is None:
                    raise InputError(
                        "the report has a date but no period",
                        field="period",
                        hint='give the period it covers (period = "năm 2024"), or leave the '
                        "date out for an undated report",
                    )
                object.__setattr__(self, "period", _period_text(period.printed, self.date))
            object.__setattr__(self, "period_printed", period.printed)
        elif self.period_printed is not None and (
            self.date is None or _period_text(self.period_printed, self.date) != period
        ):
            raise InputError(
                f"period_printed {self.period_printed!r} does not read as the period "
                f"{format_period(period)} on the report's date",
                field="period",
            )
        ids = {s.id for s in self.sources}
        for i, fig in enumerate(self.table.figures if self.table else ()):
            if fig.source is not None and fig.source not in ids:
                raise InputError(
                    f"figure {fig.id} names the source {fig.source!r}, which is not in sources",
                    field=f"table.figures.{i}.source",
                    hint="add it: [[sources]] id = " + repr(fig.source),
                )

    @property
    def is_country(self) -> bool:
        """The report is on the whole country (``place = "toàn quốc"``)."""
        return self.place == COUNTRY

    @property
    def is_undated(self) -> bool:
        """The report has no date and its period no year (:class:`UndatedPeriod`)."""
        return isinstance(self.period, UndatedPeriod)

    @property
    def year_from_date(self) -> bool:
        """The period was printed without its year, which the report's date gave."""
        return self.period_printed is not None and not self.is_undated

    @property
    def on(self) -> dt.date | None:
        """The date the report speaks for: ``date``, or else the last day of ``period``;
        ``None`` for an undated report (no date, no year: qcdc does not guess one)."""
        if self.date is not None:
            return self.date
        if isinstance(self.period, UndatedPeriod):
            return None
        return self.period.end

    def dated(self, name: str = "report") -> tuple[Period, dt.date]:
        """``(period, on)`` of a dated report; an undated one raises
        :class:`~qcdc.errors.InputError` (``field`` is ``name``): what needs the report's
        place in time (a comparison, a series) cannot use it."""
        period, on = self.period, self.on
        if isinstance(period, UndatedPeriod) or on is None:
            raise InputError(
                f"the report is undated ({period}: no year printed and no date), so it cannot "
                "be put in order or matched with another period",
                field=name,
                hint="give it its date (date = YYYY-MM-DD) or the year of its period; its own "
                "figures can still be checked (check(report))",
            )
        return period, on

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

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data in the file format (dates stay ``datetime.date``)."""
        return _report_to_mapping(self)

    def to_mapping(self) -> dict[str, Any]:
        """The 0.1 name of :meth:`to_dict` (one serialisation verb across qcdc)."""
        return self.to_dict()

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
        by_id = {src.id: src for src in self.sources}
        for tf in self.table.figures if self.table else ():
            src = by_id.get(tf.source or "")
            rows.append(
                {
                    "path": f"table.{tf.id}",
                    "label": tf.label,
                    "printed": tf.shown,
                    "value": float(tf.number),
                    "denominator": float(tf.span("den").lo or 0)
                    if tf.kind.value == "ratio"
                    else None,
                    "hedge": tf.hedge or "",
                    "direction": HEDGES[tf.hedge][0].value if tf.hedge else "exact",
                    "unit": tf.unit,
                    "confidence": (src.confidence if src else self.source.confidence).value,
                }
            )
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
            f"{html.escape(_period_label(self.period, vietnamese=True))} · "
            f"report date {self.on.isoformat() if self.on else 'none (undated)'}<br>"
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
        if self.table is not None:
            rows.append("<tr><th colspan='3'>Bảng số liệu (figure table)</th></tr>")
            for tf in self.table.figures:
                rows.append(
                    f"<tr><td><code>table.{html.escape(tf.id)}</code></td>"
                    f"<td>{html.escape(tf.label)}</td><td>{html.escape(tf.shown)}</td></tr>"
                )
        return meta + "<table><tbody>" + "".join(rows) + "</tbody></table>"


# --- the report as plain data (the file format reads it back: qcdc.reports._format)


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
    if isinstance(report.period, UndatedPeriod):
        if report.period.printed is not None:  # else no period key: none was printed
            out["period"] = report.period.printed
    else:
        out["period"] = report.period_printed or _period_out(report.period)
    if report.date is not None:
        out["date"] = report.date
    for key in ("reporting_body", "note"):
        value = getattr(report, key)
        if value is not None:
            out[key] = value
    if report.themes:
        out["themes"] = list(report.themes)
    src = report.source
    if not (report.sources and report.sources[0].citation == src):  # else: the first of sources
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
        out["units"] = {u.level.name.lower(): u.to_dict() for u in report.units}
    for cls in _SECTION_TYPES:
        section = getattr(report, cls.KEY)
        if section is not None:
            out[cls.KEY] = section.to_dict()
    if report.sources:
        out["sources"] = [s.to_dict() for s in report.sources]
    if report.documents:
        out["documents"] = [d.to_dict() for d in report.documents]
    if report.tasks:
        out["tasks"] = [t.to_dict() for t in report.tasks]
    if report.table is not None:
        out["table"] = report.table.to_dict()
    return out
