"""Two reports compared figure by figure, and a place's reports across years.

:func:`compare` matches the figures of two reports — a typed section's figure by its path
(``hamlets.after``), a figure-table figure by its label, kind and scope — and gives, for
each, what changed from the first report to the second, citing both sources
(:class:`FigureChange`).  It refuses what cannot be compared (:class:`NotCompared`):

- reports of different places, unless the lineage carries the earlier place to the later
  one (a 2025 merger: the reason names the act);
- figures of periods of different lengths (a year against a half-year);
- figures of different kinds (a count against a percentage) or scopes (the province
  against its communes);
- unit counts when the place's unit list changed between the two dates (the units were
  merged: the reason gives the counts and the acts, from the gazetteer's lineage).

An undated report (no date, a period without its year) is refused with an
:class:`~qcdc.errors.InputError`, by :func:`compare` and by a series: its place in time
is unknown.

Two reports of the **same** period should agree: each figure that differs is a finding
``compare.figures-differ`` citing both sources, except a plan against what was achieved
and a preliminary figure (a report dated before its period ended, or an ``ước`` figure)
against a final one, which are told apart in :attr:`FigureChange.basis`.

A :class:`ReportSeries` is one place's reports in the order of their periods: the
comparisons of consecutive reports, and the rule ``series.after-equals-before`` — year
*n*'s "after" (a hamlet reorganisation's ``after``, a table ``change`` relation's
``after``) is year *n + 1*'s "before" wherever both are printed.

:meth:`ReportSeries.plot` draws one figure across the years (matplotlib, the ``plot``
extra; :mod:`qcdc.reports._chart`), and a series' notebook display adds that chart, as
inline SVG, below its table (:attr:`ReportSeries.chart` picks the figure).

The change of a figure is an interval (:class:`~qcdc.reports._exact.Span`): the later
figure's interval minus the earlier's, so ``32 %`` → ``35 %`` is (2; 4) and an exact
count's change is a point.  ``compare(a, a)`` has no changes and ``compare(b, a)``
negates every change of ``compare(a, b)`` (property tests).
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from qcdc._optional import require
from qcdc.dates import format_period
from qcdc.errors import InputError, MissingDependency, QcdcError
from qcdc.findings import Finding, Severity
from qcdc.numbers import format_number
from qcdc.reports._chart import draw, svg
from qcdc.reports._entries import _cite, _entries, _Entry, _norm, _on, _period
from qcdc.reports._exact import Span
from qcdc.reports.model import AnnualReport
from qcdc.reports.rules import FindingList, Rule

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from qcdc.units.gazetteer import Gazetteer

__all__ = [
    "SERIES_RULES",
    "Comparison",
    "FigureChange",
    "NotCompared",
    "ReportSeries",
    "compare",
]

SERIES_RULES: tuple[Rule, ...] = (
    Rule(
        "compare.figures-differ",
        Severity.WARNING,
        "two reports of the same place and period print the same figure differently",
    ),
    Rule(
        "series.after-equals-before",
        Severity.ERROR,
        "year n's 'after' figure is year n+1's 'before' where both reports print it",
    ),
)
"""The rules of comparisons and series (the report format reference explains each)."""


# =====================================================================================
# what a comparison holds
# =====================================================================================


@attrs.frozen(kw_only=True)
class FigureChange:
    """One figure of both reports: as each prints it, and how it changed from the first.

    ``delta`` is the printed value of the second minus the first (money in đồng, land in
    m², a ratio's numerator); ``span`` every change the two printed figures allow.
    ``basis`` says what the difference is: ``change`` (reports of different periods),
    ``discrepancy`` (the same period, so they should agree), ``plan→achieved`` /
    ``achieved→plan``, ``preliminary→final`` / ``final→preliminary``, or ``successor``
    (the second place is the first's successor through the lineage: another territory, so
    the difference is not a like-for-like change).
    """

    key: str
    label: str
    before: str
    after: str
    delta: Decimal
    span: Span
    basis: str
    before_path: str
    after_path: str
    before_source: str
    after_source: str
    before_denominator: Decimal | None = None
    after_denominator: Decimal | None = None

    @property
    def name(self) -> str:
        """How the figure is shown: a typed figure's path, a table figure's label."""
        return self.label if self.key.startswith("table:") else self.key

    @property
    def changed(self) -> bool:
        """The printed figures differ (their value, hedge or denominator)."""
        return (
            self.delta != 0
            or self.before != self.after
            or self.before_denominator != self.after_denominator
        )

    @property
    def certain(self) -> bool:
        """Every value the two figures allow differs: the change excludes 0."""
        return not self.span.meets(Span.point(Decimal(0)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "before": self.before,
            "after": self.after,
            "delta": _num(self.delta),
            "change": _num(self.span.lo)
            if self.span.is_point and self.span.lo is not None
            else str(self.span),
            "certain": self.certain,
            "basis": self.basis,
            "before_path": self.before_path,
            "after_path": self.after_path,
            "before_source": self.before_source,
            "after_source": self.after_source,
        }


@attrs.frozen(kw_only=True)
class NotCompared:
    """A figure of both reports that is not compared, and why (``reason``: code, ``why``)."""

    key: str
    label: str
    reason: str
    """``period`` | ``kind`` | ``scope`` | ``units``."""
    why: str

    @property
    def name(self) -> str:
        """How the figure is shown: a typed figure's path, a table figure's label."""
        return self.label if self.key.startswith("table:") else self.key

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "reason": self.reason, "why": self.why}


def _num(value: Decimal) -> str:
    sign = "−" if value < 0 else ("+" if value > 0 else "")
    return sign + format_number(abs(value))


@attrs.frozen(kw_only=True)
class Comparison:
    """What :func:`compare` found: each shared figure's change, what was not compared."""

    first: AnnualReport
    second: AnnualReport
    rows: tuple[FigureChange, ...]
    not_compared: tuple[NotCompared, ...]
    only_first: tuple[str, ...]
    only_second: tuple[str, ...]
    same_period: bool
    place_note: str | None = None
    """How the place was matched (carried through the lineage), or why units were not."""

    @property
    def changes(self) -> tuple[FigureChange, ...]:
        """The rows whose printed figures differ."""
        return tuple(r for r in self.rows if r.changed)

    def findings(self) -> FindingList:
        """``compare.figures-differ`` for each discrepancy (same period only), both cited."""
        out = FindingList()
        if not self.same_period:
            return out
        for r in self.changes:
            if r.basis != "discrepancy":
                continue
            out.append(
                Finding(
                    "compare.figures-differ",
                    Severity.WARNING,
                    r.after_path,
                    f"{r.label}: {r.before} in {r.before_source}, but {r.after} in "
                    f"{r.after_source} (the same place and period)",
                    figures={"before": r.before, "after": r.after, "delta": _num(r.delta)},
                )
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "first": _report_head(self.first),
            "second": _report_head(self.second),
            "same_period": self.same_period,
            "place_note": self.place_note,
            "changes": [r.to_dict() for r in self.changes],
            "unchanged": [r.key for r in self.rows if not r.changed],
            "not_compared": [n.to_dict() for n in self.not_compared],
            "only_first": list(self.only_first),
            "only_second": list(self.only_second),
            "findings": [f.to_dict() for f in self.findings()],
        }

    def render(self, fmt: str = "table") -> str:
        """The comparison as text (``table``) or JSON (``json``)."""
        if fmt == "json":
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        return _render_text(self)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(r.name)}</td><td>{html.escape(r.before)}</td>"
            f"<td>{html.escape(r.after)}</td><td>{html.escape(_num(r.delta))}</td>"
            f"<td>{html.escape(r.basis)}</td></tr>"
            for r in self.changes
        )
        return (
            f"<p><b>{html.escape(_head_line(self.first))}</b> → "
            f"<b>{html.escape(_head_line(self.second))}</b>: {len(self.changes)} changes, "
            f"{len(self.not_compared)} not compared</p><table><thead><tr><th>figure</th>"
            f"<th>first</th><th>second</th><th>change</th><th>basis</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def _report_head(r: AnnualReport) -> dict[str, Any]:
    return {
        "place": r.place,
        "place_name": r.place_name,
        "period": format_period(_period(r)),
        "date": _on(r).isoformat(),
        "source": _cite(r),
    }


def _head_line(r: AnnualReport) -> str:
    name = f" {r.place_name}" if r.place_name else ""
    return f"{r.place}{name}, {format_period(_period(r))} (report of {_on(r).isoformat()})"


def _render_text(c: Comparison) -> str:
    lines = [
        f"first:  {_head_line(c.first)}",
        f"        source: {_cite(c.first)}",
        f"second: {_head_line(c.second)}",
        f"        source: {_cite(c.second)}",
    ]
    if c.place_note:
        lines.append(f"place:  {c.place_note}")
    kind = "the same period: figures should agree" if c.same_period else "different periods"
    lines.append(
        f"{len(c.rows)} figures in both ({kind}): {len(c.changes)} changed, "
        f"{len(c.rows) - len(c.changes)} unchanged, {len(c.not_compared)} not compared"
    )
    if c.changes:
        lines.append("")
        width = max(len(r.name) for r in c.changes)
        for r in c.changes:
            lines.append(
                f"  {r.name:<{width}}  {r.before} → {r.after}  ({_num(r.delta)}; {r.basis})"
            )
    if c.not_compared:
        lines.append("")
        lines.append("not compared:")
        for n in c.not_compared:
            lines.append(f"  {n.name}: {n.why}")
    for title, keys in (("only in the first", c.only_first), ("only in the second", c.only_second)):
        if keys:
            lines.append(f"{title}: {len(keys)} figures")
    findings = c.findings()
    if findings:
        lines.append("")
        lines.extend(str(f) for f in findings)
    return "\n".join(lines) + "\n"


# =====================================================================================
# compare
# =====================================================================================


def _months(start: dt.date, end: dt.date) -> tuple[str, int]:
    after = end + dt.timedelta(days=1)
    if start.day == 1 and after.day == 1:
        return "months", (after.year - start.year) * 12 + after.month - start.month
    return "days", (end - start).days + 1


def _length_text(r: AnnualReport) -> str:
    unit, n = _months(_period(r).start, _period(r).end)
    return f"{n} {unit} ({format_period(_period(r))})"


@attrs.frozen
class _Places:
    note: str | None
    units_changed: str | None
    """Why unit counts are not compared (the unit list changed), or ``None``."""
    carried: bool = False
    """The second place is the first's successor: another territory."""


def _places(a: AnnualReport, b: AnnualReport, g: Gazetteer | None) -> _Places:
    early, late = (a, b) if (_on(a), _period(a).start) <= (_on(b), _period(b).start) else (b, a)
    codes = early.place.isdigit() and late.place.isdigit()
    if not codes:
        if _norm(a.place) != _norm(b.place):
            raise InputError(
                f"the reports are of different places, {a.place!r} and {b.place!r}",
                field="place",
                hint="compare reports of one place (a unit code lets the lineage carry it)",
            )
        return _Places(None, None)
    if g is None:
        if a.place != b.place:
            raise InputError(
                f"the reports are of different places, {a.place} and {b.place}",
                field="place",
                hint="without the official unit list, only reports of one code are compared",
            )
        return _Places("unit lists not checked (offline)", None)
    try:
        pp = g.project_place(early.place, on=_on(early), to=_on(late))
    except QcdcError as exc:
        if a.place != b.place:
            raise InputError(
                f"the reports are of different places, {a.place} and {b.place}, and the "
                f"lineage cannot relate them: {exc}",
                field="place",
            ) from None
        return _Places(f"unit lists not checked: {exc}", None)
    bases = "; ".join(sorted({e.basis for e in pp.place.events if e.basis})) or "not recorded"
    note = None
    if early.place != late.place:
        targets = {t.code for t in pp.place.targets}
        if late.place not in targets:
            shown = ", ".join(sorted(targets)) or "none"
            raise InputError(
                f"the reports are of different places: {early.place} on "
                f"{_on(early).isoformat()} is {shown} on {_on(late).isoformat()}, not {late.place}",
                field="place",
                hint="compare reports of one place, or of a place and its successor",
            )
        note = (
            f"{early.place} on {_on(early).isoformat()} is carried to {late.place} on "
            f"{_on(late).isoformat()} ({pp.place.status}; {bases})"
        )
    before = {u.code for u in pp.before}
    after = {u.code for u in pp.after}
    units_changed = None
    if before != after or early.place != late.place:
        unit_bases: set[str] = set()
        for u in pp.before:
            if u.code not in after:
                unit_bases.update(
                    e.basis
                    for e in g.project(u.code, on=_on(early), to=_on(late)).events
                    if e.basis
                )
        units_changed = (
            f"the communes of the place changed between {_on(early).isoformat()} and "
            f"{_on(late).isoformat()}: {len(before)} → {len(after)} "
            f"({'; '.join(sorted(unit_bases)) or bases})"
        )
    return _Places(note, units_changed, early.place != late.place)


def _basis(x: _Entry, y: _Entry, same_period: bool) -> str:
    if x.planned != y.planned:
        return "plan→achieved" if x.planned else "achieved→plan"
    if not same_period:
        return "change"
    if x.preliminary != y.preliminary:
        return "preliminary→final" if x.preliminary else "final→preliminary"
    return "discrepancy"


def compare(
    first: AnnualReport,
    second: AnnualReport,
    gazetteer: Gazetteer | None = None,
    *,
    same: Mapping[str, str] | None = None,
    against_gazetteer: bool = True,
) -> Comparison:
    """Every figure the two reports both print, with its change from ``first`` to ``second``.

    Table figures are matched by label, kind and scope; ``same`` pairs more of them by id,
    ``{"f3": "f1"}`` meaning the first's figure ``f3`` is the second's ``f1`` (labels are
    free text, so two writers label one figure differently).  Raises
    :class:`~qcdc.errors.InputError` when the reports are of different places that the
    lineage does not relate, or ``same`` names a figure that is not there.
    ``against_gazetteer=False`` skips the unit-list checks.
    """
    for r, name in ((first, "first"), (second, "second")):
        if not isinstance(r, AnnualReport):
            raise InputError(f"{name} must be an AnnualReport, got {r!r}", field=name)
        r.dated(name)  # an undated report cannot be put in order: an InputError
    g = gazetteer
    if g is None and against_gazetteer and first.place.isdigit() and second.place.isdigit():
        from qcdc.units.gazetteer import gazetteer as _default

        g = _default()
    places = _places(first, second, g if against_gazetteer else None)
    same_period = first.period == second.period
    lengths = _months(_period(first).start, _period(first).end) == _months(
        _period(second).start, _period(second).end
    )
    a, b = _entries(first), _entries(second)
    if same:
        b = _paired(a, b, same)
    rows: list[FigureChange] = []
    refused: list[NotCompared] = []
    for key, x in a.items():
        y = b.get(key)
        if y is None:
            continue
        why = _refusal(x, y, lengths, places, first, second)
        if why is not None:
            refused.append(NotCompared(key=key, label=x.label, reason=why[0], why=why[1]))
            continue
        rows.append(
            FigureChange(
                key=key,
                label=x.label,
                before=x.shown,
                after=y.shown,
                delta=y.value - x.value,
                span=y.span - x.span,
                basis="successor" if places.carried else _basis(x, y, same_period),
                before_path=x.path,
                after_path=y.path,
                before_source=x.source,
                after_source=y.source,
                before_denominator=x.denominator,
                after_denominator=y.denominator,
            )
        )
    return Comparison(
        first=first,
        second=second,
        rows=tuple(rows),
        not_compared=tuple(refused),
        only_first=tuple(k for k in a if k not in b),
        only_second=tuple(k for k in b if k not in a),
        same_period=same_period,
        place_note=places.note,
    )


def _paired(
    a: dict[str, _Entry], b: dict[str, _Entry], same: Mapping[str, str]
) -> dict[str, _Entry]:
    """``b`` with the figures ``same`` names keyed as their partners in ``a``."""
    by_path_a = {e.path: k for k, e in a.items()}
    by_path_b = {e.path: k for k, e in b.items()}
    renamed: dict[str, str] = {}
    for ia, ib in same.items():
        ka = by_path_a.get(f"table.{ia}")
        kb = by_path_b.get(f"table.{ib}")
        if ka is None or kb is None:
            missing, which = (ia, "first") if ka is None else (ib, "second")
            raise InputError(
                f"the {which} report's table has no figure {missing!r}",
                field="same",
                hint="same pairs table figure ids: {'f3': 'f1'}",
            )
        renamed[kb] = ka
    out: dict[str, _Entry] = {}
    for k, e in b.items():
        if k not in renamed and k in renamed.values():
            k = k + "#unpaired"  # a label match displaced by an explicit pair
        out[renamed.get(k, k)] = e
    return out


def _refusal(
    x: _Entry,
    y: _Entry,
    lengths: bool,
    places: _Places,
    first: AnnualReport,
    second: AnnualReport,
) -> tuple[str, str] | None:
    if not lengths:
        return (
            "period",
            f"the first covers {_length_text(first)}, the second {_length_text(second)}",
        )
    if x.kind != y.kind:
        return "kind", f"a {x.kind} ({x.shown}) against a {y.kind} ({y.shown})"
    if x.scope != y.scope:  # pragma: no cover - the scope is part of the key
        return "scope", f"scope {x.scope} against {y.scope}"
    if x.kind == "ratio" and x.denominator != y.denominator:
        dx = "?" if x.denominator is None else format_number(x.denominator)
        dy = "?" if y.denominator is None else format_number(y.denominator)
        return "units", f"ratios of different bases: {x.shown} against {y.shown} ({dx} ≠ {dy})"
    if places.units_changed is not None and (
        x.key.startswith("units.") or (x.kind == "ratio" and not x.key.startswith("table:"))
    ):
        return "units", places.units_changed
    return None


# =====================================================================================
# a series
# =====================================================================================


def _to_reports(value: Iterable[AnnualReport]) -> tuple[AnnualReport, ...]:
    items = tuple(value)
    if not items:
        raise InputError("a series needs at least one report", field="reports")
    for i, r in enumerate(items):
        if not isinstance(r, AnnualReport):
            raise InputError(f"reports must be AnnualReport values, got {r!r}", field=f"{i}")
        r.dated(f"reports[{i}]")  # an undated report has no place in the order
    return tuple(sorted(items, key=lambda r: (_period(r).start, _period(r).end, _on(r))))


_AFTER_BEFORE = (
    ("hamlets.after", "hamlets.before"),
    ("hamlets.after_hamlets", "hamlets.before_hamlets"),
    ("hamlets.after_groups", "hamlets.before_groups"),
)


@attrs.frozen
class ReportSeries:
    """One place's reports, in the order of their periods (the lineage may carry the place).

    >>> from qcdc.reports import load_embedded
    >>> s = ReportSeries([load_embedded("hanoi-2021")])
    >>> len(s), s.check(against_gazetteer=False)
    (1, [])
    """

    reports: tuple[AnnualReport, ...] = attrs.field(converter=_to_reports)
    chart: str | None = attrs.field(default=None, kw_only=True)
    """The figure the notebook display charts: a key of :meth:`figure_keys` or a label
    (stored as its key); ``None`` charts the first figure that the most reports print.
    Set it with :meth:`with_chart`."""

    def __attrs_post_init__(self) -> None:
        if self.chart is not None:
            object.__setattr__(self, "chart", self._metric_key(self.chart))

    def __len__(self) -> int:
        return len(self.reports)

    def __iter__(self) -> Iterator[AnnualReport]:
        return iter(self.reports)

    def __getitem__(self, i: int) -> AnnualReport:
        return self.reports[i]

    def comparisons(
        self, gazetteer: Gazetteer | None = None, *, against_gazetteer: bool = True
    ) -> list[Comparison]:
        """:func:`compare` of each report with the next."""
        return [
            compare(a, b, gazetteer, against_gazetteer=against_gazetteer)
            for a, b in zip(self.reports, self.reports[1:], strict=False)
        ]

    def check(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        against_gazetteer: bool = True,
        each: bool = False,
    ) -> FindingList:
        """``series.after-equals-before`` and each same-period pair's discrepancies; with
        ``each``, every report's own findings too (paths prefixed ``reports[i].``)."""
        out = FindingList()
        if each:
            for i, r in enumerate(self.reports):
                for f in r.check(gazetteer, against_gazetteer=against_gazetteer):
                    out.append(attrs.evolve(f, path=f"reports[{i}].{f.path}"))
        for i, c in enumerate(self.comparisons(gazetteer, against_gazetteer=against_gazetteer)):
            for f in c.findings():
                out.append(attrs.evolve(f, path=f"reports[{i + 1}].{f.path}"))
            if c.first.place == c.second.place:  # a successor's "before" covers more
                out.extend(_after_before(i, c.first, c.second))
        return out

    def values(self, key: str) -> list[tuple[AnnualReport, str]]:
        """``(report, printed figure)`` for each report that prints ``key`` (a path such as
        ``hamlets.after``, or ``table:<label>``)."""
        out = []
        for r in self.reports:
            e = _entries(r).get(key)
            if e is not None:
                out.append((r, e.shown))
        return out

    def figure_keys(self) -> list[str]:
        """Every figure key any report of the series prints, in first-seen order."""
        seen: dict[str, None] = {}
        for r in self.reports:
            seen.update(dict.fromkeys(_entries(r)))
        return list(seen)

    def to_pandas(self) -> Any:
        """One row per report and figure: key, label, period, date, printed, value."""
        pd = require("pandas")
        rows = [
            {
                "key": e.key,
                "label": e.label,
                "period": format_period(_period(r)),
                "date": _on(r),
                "printed": e.shown,
                "value": float(e.value),
            }
            for r in self.reports
            for e in _entries(r).values()
        ]
        return pd.DataFrame(rows, columns=["key", "label", "period", "date", "printed", "value"])

    def with_chart(self, metric: str) -> ReportSeries:
        """The same series, its notebook display charting ``metric`` (a figure key or a
        label; raises :class:`~qcdc.errors.InputError` when no report prints it)."""
        return attrs.evolve(self, chart=metric)

    def plot(self, metric: str, *, ax: Axes | None = None) -> Axes:
        """A small chart of ``metric`` across the years: a matplotlib ``Axes``.

        ``metric`` is a key of :meth:`figure_keys` (``hamlets.after``, ``table:<label>``)
        or a figure's label.  One point per report that prints it, at the year its period
        starts (a shorter period at its month: 2024.5 for the second half of 2024), at the
        printed value in the printed unit.  A rounded or hedged figure also gets a bar over
        its interval — the values it allows (:meth:`~qcdc.reports.TableFigure.span`);
        one unbounded above (``trên 120``) gets an arrow up from its bound.  Planned figures
        are hollow diamonds, apart from what was achieved; where the series passes to
        another place (the 2025 mergers carry Hà Giang, 02, to Tuyên Quang, 08), a dashed
        line marks the change and the line of values breaks.  Title and axis labels are the
        metric's Vietnamese label and unit.  Draws on ``ax`` when given, else on a new
        ``matplotlib.pyplot`` figure.  Needs matplotlib (the ``plot`` extra), else raises
        :class:`~qcdc.errors.MissingDependency`.
        """
        require("matplotlib", extra="plot")
        key = self._metric_key(metric)
        if ax is None:
            plt = require("matplotlib.pyplot", extra="plot")
            _fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
        draw(ax, self.reports, key)
        return ax

    def _metric_key(self, metric: object) -> str:
        if not isinstance(metric, str):
            raise InputError(
                f"metric must be a figure key such as 'hamlets.after' or a label, got {metric!r}",
                field="metric",
            )
        labels: dict[str, str] = {}
        for r in self.reports:
            for k, e in _entries(r).items():
                labels.setdefault(k, e.label)
        if metric in labels:
            return metric
        named = [k for k, label in labels.items() if _norm(label) == _norm(metric)]
        if len(named) == 1:
            return named[0]
        if named:
            raise InputError(
                f"{len(named)} figures of the series are labelled {metric!r}",
                field="metric",
                hint="name one by its key: " + ", ".join(named),
            )
        close = difflib.get_close_matches(metric, list(labels), n=3) or difflib.get_close_matches(
            metric, list(labels.values()), n=3
        )
        shown = list(labels)[:8]
        raise InputError(
            f"no report of the series prints a figure {metric!r}",
            field="metric",
            hint=(
                "did you mean " + " or ".join(repr(c) for c in close) + "?"
                if close
                else "its figures: " + ", ".join(shown) + (" …" if len(labels) > 8 else "")
            ),
        )

    def _chart_key(self) -> str | None:
        if self.chart is not None:
            return self.chart
        counts: dict[str, int] = {}
        for r in self.reports:
            for k in _entries(r):
                counts[k] = counts.get(k, 0) + 1
        return max(counts, key=lambda k: counts[k]) if counts else None

    def _chart_svg(self) -> str:
        """The chart of :attr:`chart` as inline SVG, made in memory; ``""`` without
        matplotlib or without figures."""
        key = self._chart_key()
        if key is None:
            return ""
        try:
            require("matplotlib", extra="plot")
        except MissingDependency:
            return ""
        return svg(self.reports, key)

    def _repr_html_(self) -> str:
        heads = "".join(f"<th>{html.escape(format_period(_period(r)))}</th>" for r in self.reports)
        tables = [_entries(r) for r in self.reports]
        body = []
        for key in self.figure_keys():
            label = next(t[key].label for t in tables if key in t)
            cells = "".join(
                f"<td>{html.escape(t[key].shown) if key in t else '—'}</td>" for t in tables
            )
            body.append(f"<tr><td>{html.escape(label)}</td>{cells}</tr>")
        return (
            f"<p><b>{len(self)} reports of {html.escape(self.reports[0].place)}</b></p>"
            f"<table><thead><tr><th>figure</th>{heads}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{self._chart_svg()}"
        )


def _after_before(i: int, a: AnnualReport, b: AnnualReport) -> Iterator[Finding]:
    ea, eb = _entries(a), _entries(b)
    pairs: list[tuple[str, str]] = [p for p in _AFTER_BEFORE if p[0] in ea and p[1] in eb]
    pairs.extend(_table_pairs(a, b))
    for after_key, before_key in pairs:
        x, y = ea[after_key], eb[before_key]
        if x.kind != y.kind or x.span.meets(y.span):
            continue
        yield Finding(
            "series.after-equals-before",
            Severity.ERROR,
            f"reports[{i + 1}].{y.path}",
            f"{y.label}: {format_period(_period(b))} starts from {y.shown} ({y.source}), but "
            f"{format_period(_period(a))} ended at {x.shown} ({x.source})",
            figures={"after": x.shown, "before": y.shown},
        )


def _table_pairs(a: AnnualReport, b: AnnualReport) -> Sequence[tuple[str, str]]:
    """(after key in a, before key in b) of change relations whose ``before`` labels match."""
    if a.table is None or b.table is None:
        return ()
    ka = {v.path: k for k, v in _entries(a).items()}
    kb = {v.path: k for k, v in _entries(b).items()}
    befores_b = {}
    for rel in b.table.relations:
        if rel.before is not None:
            befores_b[_norm(b.table[rel.before].label)] = kb[f"table.{rel.before.split(':')[0]}"]
    out = []
    for rel in a.table.relations:
        if rel.before is None or rel.after is None:
            continue
        key_b = befores_b.get(_norm(a.table[rel.before].label))
        if key_b is not None:
            out.append((ka[f"table.{rel.after.split(':')[0]}"], key_b))
    return out
