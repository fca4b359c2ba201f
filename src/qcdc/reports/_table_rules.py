"""The rules of the figure table: each declared relation tested, exactly.

Every figure stands for the interval its printed precision and hedge imply
(:mod:`qcdc.reports._exact`).  A relation fails (an error) only when no values allowed by
all its figures satisfy it; where it holds only because rounded figures are allowed
their half-units, a sum is a warning (``table.sum-rounding``) that names the tolerance,
and a percentage that matches only when truncated is a warning
(``table.percent-truncated``).  A relation with a ``khoảng`` figure only ever warns.  A
finding on hedged figures says which bound decided it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Protocol

from qcdc.findings import Severity
from qcdc.reports._exact import HEDGES, HedgeSide, Span
from qcdc.reports._table import FigureTable, Relation, RelationKind, TableFigure, TableKind

__all__ = ["check_table"]


class _Sink(Protocol):
    def ok(self, rule: str, path: str, description: str) -> None: ...

    def fail(
        self,
        rule: str,
        path: str,
        description: str,
        message: str,
        *,
        severity: Severity | None = None,
        figures: Mapping[str, Any] | None = None,
    ) -> None: ...


def _fmt(value: Decimal) -> str:
    """A number for a message: Vietnamese digits, at most 4 decimals."""
    q = value.quantize(Decimal("0.0001")).normalize()
    text = format(q, "f")
    whole, _, dec = text.partition(".")
    neg = whole.startswith("-")
    whole = whole.lstrip("-")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + ("," + dec if dec else "")
    return ("−" if neg else "") + out


def _span_text(span: Span) -> str:
    if span.is_point and span.lo is not None:
        return _fmt(span.lo)
    left = "(" if span.lo_open or span.lo is None else "["
    right = ")" if span.hi_open or span.hi is None else "]"
    lo = "−∞" if span.lo is None else _fmt(span.lo)
    hi = "∞" if span.hi is None else _fmt(span.hi)
    return f"{left}{lo}; {hi}{right}"


def _around(figs: Sequence[TableFigure]) -> bool:
    return any(f.hedge is not None and HEDGES[f.hedge][0] is HedgeSide.AROUND for f in figs)


def _hedged(figs: Sequence[TableFigure]) -> list[TableFigure]:
    return [f for f in figs if f.hedge is not None]


def _bounds_note(table: FigureTable, low_side: Sequence[str], high_side: Sequence[str]) -> str:
    """Which bound of each hedged figure decided a failure.

    ``low_side`` are references whose lower bounds decided (the side found too big),
    ``high_side`` those whose upper bounds decided.
    """
    notes = []
    for refs, which in ((low_side, "lower"), (high_side, "upper")):
        for ref in refs:
            fig = table[ref]
            if fig.hedge is None:
                continue
            span = table.span(ref)
            bound = span.lo if which == "lower" else span.hi
            notes.append(
                f"'{fig.shown}' means {_span_text(span)}: its {which} bound "
                f"{'∞' if bound is None else _fmt(bound)} decides"
            )
    return " (" + "; ".join(notes) + ")" if notes else ""


def _severity(rule: str, figs: Sequence[TableFigure]) -> Severity | None:
    return Severity.WARNING if _around(figs) else None


def _sum(spans: Sequence[Span]) -> Span:
    total = Span.point(Decimal(0))
    for s in spans:
        total = total + s
    return total


def _sum_rule(table: FigureTable, i: int, rel: Relation, sink: _Sink, rule: str) -> None:
    path = f"table.relations[{i}]"
    whole = table[rel.whole or ""]
    parts = [table[p] for p in rel.parts]
    figs = [whole, *parts]
    s = _sum([table.span(p) for p in rel.parts])
    w = table.span(rel.whole or "")
    text = " + ".join(table.shown(p) for p in rel.parts)
    whole_text = table.shown(rel.whole or "")
    desc = f"{text} = {whole_text}"
    unit = (
        " m²" if whole.kind is TableKind.AREA else " đồng" if whole.kind is TableKind.MONEY else ""
    )
    if rel.kind is RelationKind.PART_OF:
        desc = f"{text} ≤ {whole_text}"
        if s.may_be_le(w):
            sink.ok(rule, path, desc)
            return
        sink.fail(
            rule,
            path,
            desc,
            f"the listed parts of {whole.label!r} must not exceed it: {text} = "
            f"{_span_text(s)}{unit}, above {whole_text} = {_span_text(w)}{unit}"
            f"{_bounds_note(table, rel.parts, [rel.whole or ''])}",
            severity=_severity(rule, figs),
            figures={"whole": whole_text, "parts": text},
        )
        return
    if not s.meets(w):
        above = s.lo is not None and w.hi is not None and s.lo >= w.hi
        low, high = (rel.parts, [rel.whole or ""]) if above else ([rel.whole or ""], rel.parts)
        sink.fail(
            rule,
            path,
            desc,
            f"{whole.label!r} must equal the sum of its parts: {text} = {_span_text(s)}{unit}, "
            f"but {whole_text} = {_span_text(w)}{unit}{_bounds_note(table, low, high)}",
            severity=_severity(rule, figs),
            figures={"whole": whole_text, "parts": text},
        )
        return
    printed = sum((table.printed_value(p) for p in rel.parts), Decimal(0))
    printed_whole = table.printed_value(rel.whole or "")
    if printed != printed_whole and not _hedged(figs):
        tolerance = sum((f.half_unit for f in figs), Decimal(0))
        sink.fail(
            "table.sum-rounding",
            path,
            desc,
            f"the printed parts of {whole.label!r} add up to {_fmt(printed)}{unit}, not "
            f"{_fmt(printed_whole)}{unit}: within the rounding tolerance ±{_fmt(tolerance)}{unit} "
            "(the half-units of the last printed digits), so it may be rounding",
            figures={"whole": whole_text, "sum": _fmt(printed), "tolerance": _fmt(tolerance)},
        )
        return
    sink.ok(rule, path, desc)


def _truncated(fig: TableFigure) -> Span | None:
    """A percentage read as truncated, not rounded: [v; v + one unit of its last digit)."""
    if fig.hedge is not None or fig.resolution is None:
        return None
    return Span(fig.number, fig.number + fig.resolution, False, True)


def _percent_rule(
    sink: _Sink,
    table: FigureTable,
    path: str,
    rule: str,
    pct_ref: str,
    computed: Span | None,
    desc: str,
    figs: Sequence[TableFigure],
    low_refs: Sequence[str],
    high_refs: Sequence[str],
    what: str,
) -> None:
    """Compare a printed percentage with its computed interval."""
    pct = table[pct_ref]
    p = table.span(pct_ref)
    if computed is None:
        sink.fail(rule, path, desc, f"{pct.shown} cannot be a percentage of 0")
        return
    if p.meets(computed):
        sink.ok(rule, path, desc)
        return
    trunc = _truncated(pct)
    if trunc is not None and trunc.meets(computed):
        sink.fail(
            "table.percent-truncated",
            path,
            desc,
            f"{pct.shown} matches {what} = {_span_text(computed)}% only when truncated "
            f"({_span_text(trunc)}), not rounded ({_span_text(p)})",
            figures={"stated": pct.shown, "computed": _span_text(computed)},
        )
        return
    above = p.lo is not None and computed.hi is not None and p.lo >= computed.hi
    low = [pct_ref, *high_refs] if above else list(low_refs)
    high = list(low_refs) if above else [pct_ref, *high_refs]
    sink.fail(
        rule,
        path,
        desc,
        f"{pct.shown} must match {what} = {_span_text(computed)}% to the precision printed "
        f"({pct.shown} = {_span_text(p)}%){_bounds_note(table, low, high)}",
        severity=_severity(rule, figs),
        figures={"stated": pct.shown, "computed": _span_text(computed)},
    )


def _whole_numbers_give(pct: Span, den: Decimal) -> Span | None:
    """The percentages 100·n/den of whole n in [0; den] that fall in ``pct`` (None: none)."""
    if den <= 0:
        return None
    lo = Decimal(0) if pct.lo is None else pct.lo * den / 100
    n_lo = lo.to_integral_value(rounding=ROUND_CEILING)
    if pct.lo_open and n_lo == lo:
        n_lo += 1
    n_hi = den if pct.hi is None else min(den, pct.hi * den / 100)
    n_hi_i = n_hi.to_integral_value(rounding=ROUND_FLOOR)
    if pct.hi is not None and pct.hi_open and n_hi_i == pct.hi * den / 100:
        n_hi_i -= 1
    if n_lo > n_hi_i:
        return None
    return Span(n_lo * 100 / den, n_hi_i * 100 / den)


def _percent(sink: _Sink, table: FigureTable, i: int, rel: Relation) -> None:
    path = f"table.relations[{i}]"
    pct_ref, den_ref = rel.percent or "", rel.denominator or ""
    den = table[den_ref]
    figs = [table[pct_ref], den]
    if rel.numerator is not None:
        num = table[rel.numerator]
        figs.append(num)
        computed = table.span(rel.numerator).ratio_percent(table.span(den_ref))
        desc = f"{table.shown(rel.numerator)} / {table.shown(den_ref)} ≈ {table[pct_ref].shown}"
        _percent_rule(
            sink,
            table,
            path,
            "table.percent",
            pct_ref,
            computed,
            desc,
            figs,
            [rel.numerator],
            [den_ref],
            f"{table.shown(rel.numerator)} / {table.shown(den_ref)}",
        )
        return
    d = table.span(den_ref)
    desc = f"a whole number of {table.shown(den_ref)} ≈ {table[pct_ref].shown}"
    if not d.is_point or d.lo is None or d.lo != d.lo.to_integral_value():
        sink.ok("table.percent", path, desc + " (not checked: the denominator is not exact)")
        return
    p = table.span(pct_ref)
    if _whole_numbers_give(p, d.lo) is not None:
        sink.ok("table.percent", path, desc)
        return
    trunc = _truncated(table[pct_ref])
    if trunc is not None and _whole_numbers_give(trunc, d.lo) is not None:
        sink.fail(
            "table.percent-truncated",
            path,
            desc,
            f"no whole number n gives 100·n/{_fmt(d.lo)} in {_span_text(p)}%: "
            f"{table[pct_ref].shown} matches only when truncated",
        )
        return
    below = (p.lo or Decimal(0)) * d.lo / 100
    n = below.to_integral_value(rounding=ROUND_FLOOR)
    sink.fail(
        "table.percent",
        path,
        desc,
        f"no whole number n of {den.shown} gives {table[pct_ref].shown} "
        f"({_span_text(p)}%): {_fmt(n)} gives {_fmt(n * 100 / d.lo)}% and {_fmt(n + 1)} gives "
        f"{_fmt((n + 1) * 100 / d.lo)}%",
        severity=_severity("table.percent", figs),
        figures={"stated": table[pct_ref].shown, "denominator": den.shown},
    )


def _change(sink: _Sink, table: FigureTable, i: int, rel: Relation) -> None:
    path = f"table.relations[{i}]"
    before = table[rel.before or ""]
    b = table.span(rel.before or "")
    figs = [before]
    mag: Span | None = None
    if rel.after is not None:
        after = table[rel.after]
        figs.append(after)
        diff = table.span(rel.after) - b
        mag = diff.abs()
        sign = "+" if rel.direction == "increase" else "−"
        if rel.change is not None:
            change = table[rel.change]
            figs.append(change)
            c = table.span(rel.change)
            target = c if rel.direction == "increase" else -c
            desc = f"{after.shown} − {before.shown} = {sign}{change.shown}"
            if diff.meets(target):
                sink.ok("table.before-after", path, desc)
            else:
                sink.fail(
                    "table.before-after",
                    path,
                    desc,
                    f"after − before must be the stated {rel.direction} of {change.shown}: "
                    f"{after.shown} − {before.shown} = {_span_text(diff)}"
                    f"{_bounds_note(table, [], [r for r in (rel.after, rel.change) if r])}",
                    severity=_severity("table.before-after", figs),
                    figures={"before": before.shown, "after": after.shown, "change": change.shown},
                )
            mag = mag if rel.change is None else table.span(rel.change)
        elif rel.direction is not None:
            desc = f"{after.shown} {'>' if rel.direction == 'increase' else '<'} {before.shown}"
            a = table.span(rel.after)
            fine = b.may_be_le(a) if rel.direction == "increase" else a.may_be_le(b)
            if fine and not (a.is_point and b.is_point and a == b):
                sink.ok("table.before-after", path, desc)
            else:
                sink.fail(
                    "table.before-after",
                    path,
                    desc,
                    f"the relation says {rel.direction}, but after {after.shown} and before "
                    f"{before.shown} do not allow it",
                    severity=_severity("table.before-after", figs),
                )
    elif rel.change is not None:
        figs.append(table[rel.change])
        mag = table.span(rel.change)
    if rel.percent is not None and mag is not None:
        figs.append(table[rel.percent])
        refs = [r for r in (rel.after, rel.change) if r]
        _percent_rule(
            sink,
            table,
            path,
            "table.percent-change",
            rel.percent,
            mag.ratio_percent(b),
            f"change / {before.shown} ≈ {table[rel.percent].shown}",
            figs,
            refs,
            [rel.before or ""],
            f"|change| / {rel.before}",
        )


def _plan(sink: _Sink, table: FigureTable, i: int, rel: Relation) -> None:
    path = f"table.relations[{i}]"
    planned, achieved = table[rel.planned or ""], table[rel.achieved or ""]
    desc = f"achieved {achieved.shown} of planned {planned.shown}"
    if rel.percent is None:
        sink.ok("table.plan-achieved", path, desc)
        return
    computed = table.span(rel.achieved or "").ratio_percent(table.span(rel.planned or ""))
    _percent_rule(
        sink,
        table,
        path,
        "table.plan-achieved",
        rel.percent,
        computed,
        desc + f" ≈ {table[rel.percent].shown}",
        [planned, achieved, table[rel.percent]],
        [rel.achieved or ""],
        [rel.planned or ""],
        f"{rel.achieved} / {rel.planned}",
    )


_SUM_RULES = {
    RelationKind.SUM: "table.sum-of-parts",
    RelationKind.PART_OF: "table.partial-parts",
    RelationKind.LEVELS: "table.sum-by-level",
}


def check_table(table: FigureTable, sink: _Sink) -> None:
    """Run the rule of every relation of ``table``, reporting to ``sink``."""
    for i, rel in enumerate(table.relations):
        if rel.kind in _SUM_RULES:
            _sum_rule(table, i, rel, sink, _SUM_RULES[rel.kind])
        elif rel.kind is RelationKind.PERCENT:
            _percent(sink, table, i, rel)
        elif rel.kind is RelationKind.CHANGE:
            _change(sink, table, i, rel)
        else:
            _plan(sink, table, i, rel)
