"""The figures a report section holds: what shape each must have, and how it is read.

A section declares its figures as :class:`Metric` values (a key, a Vietnamese and an
English label, a :class:`FigureKind` and the units it may carry).  A figure comes from
a file or a caller as a number, the text printed in the source (``"hơn 3.000"``,
``"32%"``), a ratio ``[579, 579]`` or a :class:`~qcdc.numbers.Figure`; it is read into a
:class:`~qcdc.numbers.Figure`, checked against its metric and given the metric's unit
when it has none ("settled"), and written back to a file in the shortest form that says
all it says.

>>> metric = Metric("percent", "Tỷ lệ giảm", "reduction (%)", FigureKind.PERCENT)
>>> str(_settle_figure(metric, _to_figure(32)))
'32%'
>>> _figure_out(metric, _to_figure("32,5%"))
'32,5%'
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from qcdc.errors import InputError, QcdcError
from qcdc.numbers import Figure, Scale, Unit, format_figure, parse_figure

__all__ = ["FigureKind", "Metric"]


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
