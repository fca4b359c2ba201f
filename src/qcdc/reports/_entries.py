"""The figures of one report on one footing: what :func:`~qcdc.reports.compare`, a
:class:`~qcdc.reports.ReportSeries` and its chart read from each report.

Every figure a report prints — a typed section's (``hamlets.after``) and a figure-table
figure (``table:<label>@<scope>``) — becomes an entry keyed the same way in every report:
its label, as printed, its kind, its value and interval in the base unit, whether it is
planned or preliminary, its source, and the unit it was printed in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from qcdc.dates import Period
from qcdc.numbers import Figure, format_figure
from qcdc.reports._exact import Span
from qcdc.reports._table import TableFigure, TableKind
from qcdc.reports.model import AnnualReport

__all__: list[str] = []

_PRELIMINARY_HEDGES = ("ước", "ước tính", "ước đạt")


@attrs.frozen
class _Entry:
    key: str
    label: str
    path: str
    shown: str
    kind: str
    value: Decimal
    span: Span
    denominator: Decimal | None
    planned: bool
    preliminary: bool
    scope: str | None
    source: str
    unit: str = ""
    """The unit as printed (``thôn, tổ dân phố``, ``%``, ``tỷ đồng``), for a chart's axis."""
    factor: Decimal = Decimal(1)
    """From :attr:`unit` to the base unit of ``value`` (``tỷ đồng`` → đồng: 10⁹)."""


def _cite(report: AnnualReport, source_id: str | None = None) -> str:
    for src in report.sources:
        if src.id == source_id:
            return f"{src.document} <{src.url}>" if src.url else src.document
    c = report.source
    return f"{c.document} <{c.url}>" if c.url else c.document


def _figure_kind(fig: Figure) -> str:
    if fig.is_percent:
        return "percent"
    if fig.is_ratio:
        return "ratio"
    return "count" if fig.unit is None else f"count:{fig.unit.value}"


def _typed_span(fig: Figure) -> Span:
    iv = fig.interval()
    return Span(iv.lo, iv.hi)


def _norm(label: str) -> str:
    from qcdc.text import nfc

    return " ".join(nfc(label).casefold().split())


def _table_kind(fig: TableFigure) -> str:
    if fig.kind in (TableKind.MONEY, TableKind.AREA, TableKind.PERCENT):
        return str(fig.kind.value)
    return "count" if fig.kind is TableKind.COUNT else "ratio"


def _period(r: AnnualReport) -> Period:  # of a report compare() or a series accepted
    return r.dated()[0]


def _on(r: AnnualReport) -> dt.date:  # likewise: the undated were refused on the way in
    return r.dated()[1]


def _entries(report: AnnualReport) -> dict[str, _Entry]:
    out: dict[str, _Entry] = {}
    source = _cite(report)
    preliminary_report = report.date is not None and report.date < _period(report).end
    for path, metric, fig in report.figures():
        out[path] = _Entry(
            key=path,
            label=metric.label,
            path=path,
            shown=format_figure(fig),
            kind=_figure_kind(fig),
            value=fig.value,
            span=_typed_span(fig),
            denominator=fig.denominator,
            planned=False,
            preliminary=preliminary_report,
            scope=None,
            source=source,
            unit="" if fig.unit is None else fig.unit.label,
        )
    for tf in report.table.figures if report.table else ():
        key = "table:" + _norm(tf.label) + (f"@{tf.scope.value}" if tf.scope else "")
        n, base = 2, key
        while key in out:  # the same label twice in one table: the second is label#2
            key, n = f"{base}#{n}", n + 1
        ratio = tf.kind is TableKind.RATIO
        out[key] = _Entry(
            key=key,
            label=tf.label,
            path=f"table.{tf.id}",
            shown=tf.shown,
            kind=_table_kind(tf),
            value=tf.number,
            span=tf.span("num") if ratio else tf.span(),
            denominator=tf.span("den").lo if ratio else None,
            planned=tf.planned,
            preliminary=preliminary_report or (tf.hedge in _PRELIMINARY_HEDGES),
            scope=tf.scope.value if tf.scope else None,
            source=_cite(report, tf.source),
            unit=tf.unit or "",
            factor=Decimal(1) if ratio else tf.factor,
        )
    return out
