"""The rules a section declares as data, run by the checker (:mod:`qcdc.reports.checker`).

A section (:mod:`qcdc.reports.sections`) declares ``SUMS`` (a whole and its parts),
``LEVELS`` (a whole and its figures by level, complete or partial as its ``levels`` says),
``ORDERS`` (a part never above its whole) and ``PERCENTS`` (a percentage and its ratio);
:func:`check_section` runs each through the checker's shared comparisons (its ``total``,
``order`` and ``percent``, one arithmetic for every section), under the rule the entry
names or the shared one (``total.sum-of-parts``, ``order.part-le-whole``,
``percent.matches-ratio``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from qcdc.numbers import Figure, Interval, Unit, format_figure
from qcdc.reports.sections import Breakdown, _Section

if TYPE_CHECKING:
    from qcdc.reports.checker import _Checker

__all__ = ["check_section"]


def _show(fig: Figure) -> str:
    """A figure as printed, without its unit: the metric says it (an area in ha keeps its
    ``ha``: land is compared in m²)."""
    return format_figure(fig, unit=fig.unit is Unit.HECTARE)


_M2_PER_HA = Decimal(10_000)


def _iv(fig: Figure) -> Interval:
    """The interval a figure stands for, an area in ha as m² (land is compared in m²)."""
    iv = fig.interval()
    if fig.unit is not Unit.HECTARE:
        return iv
    return Interval(
        None if iv.lo is None else iv.lo * _M2_PER_HA,
        None if iv.hi is None else iv.hi * _M2_PER_HA,
    )


def _in_m2(*figures: Figure | None) -> str:
    """`` (in m²)`` when an area in ha is among ``figures`` (its sum is written in m²)."""
    return " (in m²)" if any(f is not None and f.unit is Unit.HECTARE for f in figures) else ""


def _rule_of(entry: tuple[object, ...], default: str) -> str:
    """The rule a ``SUMS`` or ``ORDERS`` entry names (its third item), else ``default``."""
    return str(entry[2]) if len(entry) > 2 else default


def _some_of(
    c: _Checker,
    path: str,
    whole_key: str,
    whole: Figure,
    parts: Sequence[tuple[str, Figure]],
    rule: str,
) -> None:
    """The parts given of a whole (some are missing, or "trong đó") do not exceed it."""
    summed = Interval.point(0)
    for _, f in parts:
        summed = summed + _iv(f)
    text = " + ".join(_show(f) for _, f in parts)
    given = "+".join(p.rsplit(".", 1)[-1] for p, _ in parts)
    c.order(
        f"{path}.{given}",
        parts[0][1] if len(parts) == 1 else summed,
        f"{path}.{whole_key}",
        whole,
        part_text=text,
        rule=rule,
    )


def check_section(c: _Checker, path: str, section: _Section) -> None:
    """The rules a section declares as data: its sums, figures by level, orders, percentages."""
    for entry in section.SUMS:
        whole_key, part_keys = entry[0], entry[1]
        whole = section.figure(whole_key)
        parts = [(f"{path}.{k}", f) for k in part_keys if (f := section.figure(k)) is not None]
        if whole is None or not parts:
            continue
        if len(parts) == len(part_keys):
            c.total(
                f"{path}.{whole_key}",
                whole,
                parts,
                rule=_rule_of(entry, "total.sum-of-parts"),
            )
        else:
            _some_of(c, path, whole_key, whole, parts, _rule_of(entry, "order.part-le-whole"))
    for whole_key, level_keys in section.LEVELS:
        whole = section.figure(whole_key)
        parts = [(f"{path}.{k}", f) for k in level_keys if (f := section.figure(k)) is not None]
        if whole is None or not parts:
            continue
        mark = section.breakdown
        if mark is Breakdown.COMPLETE or (mark is None and len(parts) == len(level_keys)):
            missing = len(level_keys) - len(parts)
            c.total(
                f"{path}.{whole_key}",
                whole,
                parts,
                rule="level.sum-of-levels",
                extra=(
                    f" (levels = complete: the {missing} level(s) not given count as none)"
                    if missing
                    else ""
                ),
            )
        else:
            _some_of(c, path, whole_key, whole, parts, "level.partial-levels")
    for order in section.ORDERS:
        part_key, whole_key = order[0], order[1]
        part, whole = section.figure(part_key), section.figure(whole_key)
        if part is not None and whole is not None:
            c.order(
                f"{path}.{part_key}",
                part,
                f"{path}.{whole_key}",
                whole,
                rule=_rule_of(order, "order.part-le-whole"),
            )
    for pct_key, num_key, den_key in section.PERCENTS:
        pct, num, den = (
            section.figure(pct_key),
            section.figure(num_key),
            section.figure(den_key),
        )
        if pct is not None and num is not None and den is not None:
            c.percent(
                f"{path}.{pct_key}",
                pct,
                num.interval(),
                den.interval(),
                _show(num),
                _show(den),
                num,
                den,
            )
