"""A small chart of one figure of a :class:`~qcdc.reports.ReportSeries` across the years.

:meth:`ReportSeries.plot <qcdc.reports.ReportSeries.plot>` draws with :func:`draw`; the
notebook display embeds :func:`svg`, the same chart rendered to SVG in memory (no file, no
network).  matplotlib is imported here only, inside the functions: without it qcdc imports
and works, and only the chart is missing.

What is drawn: one point per report that prints the figure, at its year and printed value
(in the printed unit); a rounded or hedged figure's interval as a bar (an arrow up when it
has no upper bound); planned figures as hollow diamonds; a dashed line where the series
passes to another place, the line of values broken there.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from qcdc.numbers import format_number
from qcdc.reports._entries import _entries
from qcdc.reports.model import AnnualReport

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw", "svg"]

_CHART_LABELS = {
    "values": "số liệu báo cáo",
    "planned": "kế hoạch",
    "intervals": "khoảng giá trị (làm tròn, ước tính)",
    "above": "trên / hơn: không có cận trên",
    "carry": "sắp xếp đơn vị hành chính",
    "year": "Năm",
}
"""The Vietnamese labels of a chart's parts (legend and axis)."""

_BASE_UNITS = {"money": "đồng", "area": "m²", "percent": "%"}


@attrs.frozen
class _Point:
    x: float
    y: float
    lo: float
    hi: float | None
    """``None``: no upper bound (``trên 120``)."""
    planned: bool
    place: str


def _year(r: AnnualReport) -> float:
    period = r.dated()[0]  # a series refuses an undated report on the way in
    start, end = period.start, period.end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return float(start.year)
    return start.year + (start.month - 1) / 12


def _points(reports: Sequence[AnnualReport], key: str) -> tuple[list[_Point], str, str]:
    """The chart's points of ``key``, its label and the unit they are drawn in."""
    found = [(r, e) for r in reports if (e := _entries(r).get(key)) is not None]
    label = found[0][1].label
    units = {(e.unit, e.factor) for _, e in found}
    if len(units) == 1:
        unit, factor = units.pop()
    else:  # printed in different units: draw in the base unit
        unit, factor = _BASE_UNITS.get(found[0][1].kind, ""), Decimal(1)
        if not unit and found[0][1].kind.startswith("count:"):
            unit = found[0][1].unit
    points = []
    for r, e in found:
        lo = Decimal(0) if e.span.lo is None else e.span.lo
        points.append(
            _Point(
                x=_year(r),
                y=float(e.value / factor),
                lo=float(lo / factor),
                hi=None if e.span.hi is None else float(e.span.hi / factor),
                planned=e.planned,
                place=r.place,
            )
        )
    return points, label, unit


def _tick(value: float, _pos: object = None) -> str:
    """An axis tick written the Vietnamese way (``1.200``, ``32,5``)."""
    d = Decimal(f"{abs(value):.6g}")
    return ("−" if value < 0 else "") + format_number(d)


def draw(ax: Axes, reports: Sequence[AnnualReport], key: str) -> None:
    """Draw the figure ``key`` of ``reports`` (in series order) on ``ax``."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    points, label, unit = _points(reports, key)
    done = [p for p in points if not p.planned]
    plans = [p for p in points if p.planned]
    # the line of values, broken where the series passes to another place
    run: list[_Point] = []
    for p in [*done, None]:
        if p is None or (run and p.place != run[-1].place):
            if len(run) > 1:
                ax.plot([q.x for q in run], [q.y for q in run], "-", color="C0", lw=1.2)
            run = []
        if p is not None:
            run.append(p)
    if done:
        (line,) = ax.plot(
            [p.x for p in done],
            [p.y for p in done],
            "o",
            color="C0",
            label=_CHART_LABELS["values"],
        )
        line.set_gid("qcdc-values")
    if plans:
        (line,) = ax.plot(
            [p.x for p in plans],
            [p.y for p in plans],
            "D",
            mfc="none",
            color="C1",
            label=_CHART_LABELS["planned"],
        )
        line.set_gid("qcdc-planned")
    bounded = [p for p in points if p.hi is not None and p.hi != p.lo]
    if bounded:
        bars = ax.errorbar(
            [p.x for p in bounded],
            [p.y for p in bounded],
            yerr=[[p.y - p.lo for p in bounded], [(p.hi or p.y) - p.y for p in bounded]],
            fmt="none",
            ecolor="C0",
            capsize=3,
            lw=1,
            label=_CHART_LABELS["intervals"],
        )
        for artist in bars.lines[2]:
            artist.set_gid("qcdc-intervals")
    above = [p for p in points if p.hi is None]
    if above:
        top = max(p.y for p in points) or 1.0
        arrows = ax.errorbar(
            [p.x for p in above],
            [p.lo for p in above],
            yerr=[0.15 * top] * len(above),
            lolims=True,
            fmt="none",
            ecolor="C0",
            lw=1,
            label=_CHART_LABELS["above"],
        )
        for artist in arrows.lines[2]:
            artist.set_gid("qcdc-above")
    _carries(ax, reports)
    ax.set_title(label, fontsize="medium")
    ax.set_xlabel(_CHART_LABELS["year"])
    ax.set_ylabel(unit)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(_tick))
    ax.margins(x=0.15)
    ax.legend(fontsize="x-small", loc="best")


def _carries(ax: Axes, reports: Sequence[AnnualReport]) -> None:
    """A dashed line between consecutive reports of different places (the lineage carried
    the earlier to the later), with the two places' codes."""
    first = True
    for a, b in itertools.pairwise(reports):
        if a.place == b.place:
            continue
        x = (_year(a) + _year(b)) / 2
        line = ax.axvline(
            x,
            ls="--",
            color="grey",
            lw=1,
            label=_CHART_LABELS["carry"] if first else "_nolegend_",
        )
        line.set_gid("qcdc-carry")
        ax.annotate(
            f"{a.place} → {b.place}",
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-2, -3),
            textcoords="offset points",
            ha="right",
            va="top",
            rotation=90,
            fontsize="x-small",
            color="grey",
        )
        first = False


def svg(reports: Sequence[AnnualReport], key: str) -> str:
    """The chart of ``key`` as an inline ``<svg>`` element, made in memory (text kept as
    text, ids fixed: the same series gives the same SVG)."""
    import matplotlib as mpl
    from matplotlib.figure import Figure as _Canvas

    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "qcdc"}):
        fig = _Canvas(figsize=(5.6, 2.8), layout="constrained")
        draw(fig.subplots(), reports, key)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg") :]
