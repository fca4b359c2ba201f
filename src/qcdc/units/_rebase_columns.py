"""The core of :func:`qcdc.units.rebase`, on columns: which new units each old row
goes to (with the share of each and its basis), and the figure of each new unit.

Private: :mod:`qcdc.units.rebasing` checks the arguments and builds the answer.  The share
walk follows the gazetteer's links as :func:`qcdc.units.lineage._successors` does; it
lives here, not as an option of ``Gazetteer.project``, so that the lineage module keeps
its one walk (see the notes of issue 12 §2).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from qcdc._policy import policy
from qcdc.errors import InputError, InvalidUnitCode, UnknownUnit
from qcdc.units.gazetteer import Gazetteer
from qcdc.units.lineage import LineageLink
from qcdc.units.model import AdministrativeUnit, unit_code

OPS = ("sum", "mean", "first", "same")
ON_SPLIT = ("default", "share", "equal", "raise")
_SHOWN = 10
_ONE = Fraction(1)
_ZERO = Fraction(0)
#: where a row is, for errors: a 1-based row of records, or a hint (a frame's index label)
Where = Callable[[int], tuple[int | None, str | None]]
#: how a column is carried (see :func:`qcdc.units.rebase`)
How = str | tuple[str, str | None]


@attrs.frozen
class Options:
    on_split: str
    split_by: str | None
    skip: bool
    drop_unknown: bool
    drop_unresolved: bool


def split_basis(value: object) -> str | None:
    if value is None:
        return None
    return policy(value, "split_by", ("population", "area"))


def resolve_how(
    how: Mapping[str, How], columns: Mapping[str, Sequence[Any]], code: str, name: str
) -> dict[str, tuple[str, str | None]]:
    """``how`` spelt out: every column with its operation and weight, checked against the
    table's columns."""
    if not isinstance(how, Mapping):
        raise InputError(
            f"how must be a mapping of column to 'sum', 'mean', ('mean', WEIGHT), 'first' "
            f"or 'same', got {type(how).__name__}",
            field="how",
        )
    present = ", ".join(columns) or "no other column"
    out: dict[str, tuple[str, str | None]] = {}
    for column, spec in how.items():
        where = f"how[{column!r}]"
        if column == code:
            raise InputError(f"{column!r} is the code column; it cannot be aggregated", field=where)
        if column == name:
            raise InputError(
                f"{column!r} is the name column: it is replaced by the new unit's name",
                field=where,
                hint="pass name= another column name to aggregate this one",
            )
        if column not in columns:
            raise InputError(
                f"how names the column {column!r}, which the table does not have "
                f"(it has {present})",
                field=where,
            )
        op: object
        weight: object = None
        if isinstance(spec, tuple) and len(spec) == 2:
            op, weight = spec
            if op != "mean":
                raise InputError(
                    f"only 'mean' takes a weight, got {spec!r}",
                    field=where,
                    hint="write ('mean', 'population') or 'sum'",
                )
            explicit = True
        else:
            op, explicit = spec, False
        if op not in OPS:
            raise InputError(
                f"how must be 'sum', 'mean', ('mean', WEIGHT), 'first' or 'same', got {spec!r}",
                field=where,
            )
        if op == "mean" and not explicit:
            weight = "population" if "population" in columns and column != "population" else None
        if weight is not None:
            if not isinstance(weight, str) or weight not in columns:
                raise InputError(
                    f"the weight {weight!r} is not a column of the table (it has {present})",
                    field=where,
                )
            if weight == column:
                raise InputError(f"a column cannot weight itself: {spec!r}", field=where)
        out[column] = (str(op), weight if isinstance(weight, str) else None)
    extra = [c for c in columns if c not in out and c != name]
    if extra:
        raise InputError(
            f"{len(extra)} column(s) not named in how: {', '.join(map(repr, extra))}",
            field="how",
            hint="say for each 'sum' (counts), 'mean' or ('mean', WEIGHT) (rates, scores), "
            "'first' or 'same' (labels), or leave the column out of the table",
        )
    return out


# one old row's part in a new unit: (row index, share taken, basis)
Part = tuple[int, Fraction, str]


def old_units(
    codes: Sequence[Any],
    g: Gazetteer,
    on: dt.date,
    code_column: str,
    options: Options,
    where: Where,
) -> tuple[dict[int, AdministrativeUnit], dict[str, str]]:
    """The unit of ``on`` of each row (rows of unknown codes left out when dropped)."""
    old: dict[int, AdministrativeUnit] = {}
    seen: dict[str, int] = {}
    dropped: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    for i, raw in enumerate(codes):
        try:
            c = unit_code(raw)
        except (InvalidUnitCode, TypeError, ValueError) as exc:
            if options.drop_unknown and raw is not None:
                dropped[str(raw)] = f"not a unit code: {exc}"
                continue
            row, hint = where(i)
            raise InputError(
                f"expected a unit code, got {raw!r}", row=row, field=code_column, hint=hint
            ) from None
        unit = g.get(c, on=on)
        if unit is None:
            if options.drop_unknown:
                dropped[c] = f"no unit {c} on {on.isoformat()}"
                continue
            unknown.append((i, c))
            continue
        if c in seen:
            row, hint = where(i)
            raise InputError(
                f"the code {c} is in two rows ({_label(where, seen[c])} and {_label(where, i)})",
                row=row,
                field=code_column,
                hint="rebase needs one row per unit: add the rows up first",
            )
        seen[c] = i
        old[i] = unit
    if unknown:
        i, first = unknown[0]
        row, hint = where(i)
        shown = ", ".join(code for _, code in unknown[:_SHOWN])
        more = f" (and {len(unknown) - _SHOWN} more)" if len(unknown) > _SHOWN else ""
        try:
            g.lookup(first, on=on)
            detail = ""
        except UnknownUnit as exc:  # with its suggestions
            detail = f" ({exc})"
        raise InputError(
            f"{len(unknown)} code(s) name no unit on {on.isoformat()}: {shown}{more}{detail}",
            row=row,
            field=code_column,
            hint=hint or "check the date the table's codes are of, or pass on_unknown='drop'",
        )
    return old, dropped


def plan(
    old: Mapping[int, AdministrativeUnit],
    g: Gazetteer,
    on: dt.date,
    to: dt.date,
    options: Options,
    where: Where,
) -> tuple[dict[str, list[Part]], dict[str, AdministrativeUnit], dict[str, str], dt.date | None]:
    """Which new units each old row goes to, with the share of each."""
    backward = to < on
    plan: dict[str, list[Part]] = {}
    targets: dict[str, AdministrativeUnit] = {}
    dropped: dict[str, str] = {}
    unresolved: list[tuple[int, str, str]] = []
    split: list[tuple[int, str, tuple[str, ...], str]] = []
    known: dt.date | None = None
    for i, unit in old.items():
        p = (
            g.predecessors(unit.code, on=on, since=to)
            if backward
            else g.project(unit.code, on=on, to=to)
        )
        if p.known_through is not None:
            known = p.known_through
        reached = [
            (t.code, t.unit if t.unit is not None else g.lookup(t.code, on=to)) for t in p.targets
        ]
        if not reached:
            reason = p.reason or "the data cannot follow it"
            if options.drop_unresolved:
                dropped[unit.code] = reason
            else:
                unresolved.append((i, unit.code, reason))
            continue
        codes = tuple(c for c, _ in reached)
        by_code = dict(reached)
        if len(reached) == 1:
            shares: list[tuple[str, Fraction, str]] = [(codes[0], _ONE, "whole")]
        elif options.on_split == "raise":
            split.append((i, unit.code, codes, "on_split='raise'"))
            continue
        elif options.on_split == "equal":
            n = len(reached)
            basis = f"an equal split among {n} units ({', '.join(codes)}), assumed: no share stated"
            shares = [(c, Fraction(1, n), basis) for c in codes]
        elif options.on_split == "default":
            if backward:
                chosen = unit.code if unit.code in codes else None
                if chosen is None:
                    split.append((i, unit.code, codes, "none of them kept its code"))
                    continue
                basis = (
                    f"whole figure (formed from {', '.join(codes)}; on_split='default' gives "
                    f"it to {chosen}, which kept its code)"
                )
            else:
                default = p.default
                chosen = default.code if default is not None else codes[0]
                basis = (
                    f"whole figure (split among {', '.join(codes)}; on_split='default' gives "
                    f"it to the default successor {chosen})"
                )
            elsewhere = f"a part of it, its figure counted in {chosen} (on_split='default')"
            shares = [(chosen, _ONE, basis)] + [(c, _ZERO, elsewhere) for c in codes if c != chosen]
        else:  # share
            if backward:
                split.append(
                    (
                        i,
                        unit.code,
                        codes,
                        "the acts state the share of each old unit in a new "
                        "one, not the share of a new unit that each old one makes",
                    )
                )
                continue
            stated = _stated_shares(g, unit, on, to, options.split_by)
            missing = [c for c in codes if stated.get(c, (None, ""))[0] is None]
            if missing:
                kind = f"{options.split_by} share" if options.split_by else "share"
                split.append((i, unit.code, codes, f"no {kind} stated for {', '.join(missing)}"))
                continue
            shares = [(c, _known(stated[c][0]), stated[c][1]) for c in codes]
        for c, f, basis in shares:
            plan.setdefault(c, []).append((i, f, basis))
            targets[c] = by_code[c]
    if unresolved:
        i, c, reason = unresolved[0]
        row, hint = where(i)
        shown = "; ".join(f"{code} ({why})" for _, code, why in unresolved[:_SHOWN])
        more = f" (and {len(unresolved) - _SHOWN} more)" if len(unresolved) > _SHOWN else ""
        raise InputError(
            f"{len(unresolved)} unit(s) of {on.isoformat()} cannot be followed to "
            f"{to.isoformat()}: {shown}{more}",
            row=row,
            field="code",
            hint=hint
            or "pass on_unresolved='drop' to leave their figures out (the result "
            "lists them in dropped)",
        )
    if split:
        i = split[0][0]
        row, hint = where(i)
        shown = "; ".join(f"{code} -> {', '.join(t)} ({w})" for _, code, t, w in split[:_SHOWN])
        more = f" (and {len(split) - _SHOWN} more)" if len(split) > _SHOWN else ""
        direction = "formed from several units" if backward else "split between several units"
        raise InputError(
            f"{len(split)} unit(s) were {direction}: {shown}{more}",
            row=row,
            field="on_split",
            hint=(hint + "; " if hint else "")
            + "pass on_split='default' (the whole figure to one unit, stated) or "
            "on_split='equal' (an equal split, stated as an assumption)",
        )
    return plan, targets, dropped, known


def _known(share: Fraction | None) -> Fraction:
    assert share is not None
    return share


def _label(where: Where, i: int) -> str:
    row, hint = where(i)
    return f"row {row}" if row is not None else (hint or f"position {i}")


def _link_share(lk: LineageLink, split_by: str | None) -> tuple[Fraction | None, str]:
    """The share of its source a link carries, by ``split_by``, and what it is."""
    if split_by == "population":
        share, what = lk.population_share, "population share"
    elif split_by == "area":
        share, what = lk.area_share, "area share"
    else:
        share = lk.share
        if share is None:
            share = lk.population_share if lk.population_share is not None else lk.area_share
        if share is None:
            what = "share"
        elif share == lk.population_share:
            what = "population share"
        elif share == lk.area_share:
            what = "area share"
        else:
            what = "stated share"
    cited = lk.basis or "no act cited"
    if lk.clause:
        cited += f", clause {lk.clause}"
    return share, f"{what} {share} of {lk.source} → {lk.target} ({cited})"


def _one_per_target(links: Sequence[LineageLink], split_by: str | None) -> list[LineageLink]:
    """One link per target: a unit renamed and retyped on one day has two whole links to
    its successor, which carry its figure once.  A whole link wins over a part; among
    parts, the first that states a share."""
    if len(links) < 2:
        return list(links)
    best: dict[str, LineageLink] = {}
    for lk in links:
        prev = best.get(lk.target)
        if (
            prev is None
            or (lk.whole and not prev.whole)
            or (
                not prev.whole
                and not lk.whole
                and _link_share(prev, split_by)[0] is None
                and _link_share(lk, split_by)[0] is not None
            )
        ):
            best[lk.target] = lk
    return list(best.values())


def _stated_shares(
    g: Gazetteer, unit: AdministrativeUnit, on: dt.date, to: dt.date, split_by: str | None
) -> dict[str, tuple[Fraction | None, str]]:
    """The share of ``unit`` (of ``on``) that each unit of ``to`` holds, by the shares the
    links state (``None`` where a link on the way states none), with how it was found.

    This follows the links as the gazetteer's walk does (a unit that goes on keeps what
    its parts that moved did not take); a cleaner home would be a ``weights=`` option of
    :meth:`~qcdc.units.gazetteer.Gazetteer.project`.
    """
    links_out = g._link_index().out
    frontier: dict[tuple[str, dt.date], list[Any]] = {unit.identity: [unit, Fraction(1), ()]}

    def add(
        acc: dict[tuple[str, dt.date], list[Any]],
        u: AdministrativeUnit,
        f: Fraction | None,
        why: tuple[str, ...],
    ) -> None:
        prev = acc.get(u.identity)
        if prev is None:
            acc[u.identity] = [u, f, why]
            return
        prev[1] = prev[1] + f if prev[1] is not None and f is not None else None
        prev[2] = prev[2] + why

    for e in g._boundaries(on, to):
        nxt: dict[tuple[str, dt.date], list[Any]] = {}
        for u, f, why in frontier.values():
            links = _one_per_target(links_out.get((e, u.code), ()), split_by)
            if u.valid_to is None or u.valid_to > e:
                kept = f
                for lk in links:
                    if lk.target == u.code:
                        continue
                    t = g.get(lk.target, on=e)
                    if t is None:
                        continue
                    s, text = (Fraction(1), "whole") if lk.whole else _link_share(lk, split_by)
                    part = f * s if f is not None and s is not None else None
                    kept = kept - part if kept is not None and part is not None else None
                    add(nxt, t, part, why + (text,))
                rest = why + (("the rest, after the parts that moved",) if kept != f else ())
                add(nxt, u, kept, rest)
                continue
            # the record ends; its code may go on (a new kind or name) after giving parts
            # away: then the code keeps what the parts that moved did not take
            gives_parts = any(not lk.whole and lk.target != u.code for lk in links)
            kept = f
            for lk in links:
                t = g.get(lk.target, on=e)
                if t is None or (gives_parts and lk.target == u.code):
                    continue
                if lk.whole:
                    add(nxt, t, f, why)
                    continue
                s, text = _link_share(lk, split_by)
                part = f * s if f is not None and s is not None else None
                kept = kept - part if kept is not None and part is not None else None
                add(nxt, t, part, why + (text,))
            if gives_parts and any(lk.target == u.code for lk in links):
                t = g.get(u.code, on=e)
                if t is not None:
                    add(nxt, t, kept, why + ("the rest, after the parts that moved",))
        frontier = nxt
    return {
        u.code: (f, "; ".join(dict.fromkeys(why)) or "whole") for u, f, why in frontier.values()
    }


# ------------------------------------------------------------------------------ aggregation


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and x != x)


def _exact(x: Any, column: str, row: tuple[int | None, str | None]) -> Fraction | int:
    """A number as an exact value (ints stay ints), or an InputError naming the row."""
    if isinstance(x, bool) or not isinstance(x, (int, float, Fraction, Decimal)):
        raise InputError(
            f"column {column!r} must hold numbers, got {x!r}",
            row=row[0],
            field=column,
            hint=row[1],
        )
    if isinstance(x, (int, Fraction)):
        return x
    if isinstance(x, float) and x in (float("inf"), float("-inf")):
        raise InputError(f"column {column!r} holds an infinite value", row=row[0], field=column)
    return Fraction(x)


def _finish(value: Fraction | int, like: Sequence[Any]) -> Any:
    """An exact result in the type of its inputs: int when whole and all inputs are ints,
    else float (Decimal when the inputs were Decimals)."""
    if all(isinstance(v, int) for v in like) and (isinstance(value, int) or value.denominator == 1):
        return int(value)
    if like and all(isinstance(v, Decimal) for v in like):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return float(value)


def aggregate(
    op: str,
    column: str,
    xs: Sequence[Any],
    ws: Sequence[Any] | None,
    weight: str | None,
    parts: Sequence[Part],
    old: Mapping[int, AdministrativeUnit],
    skip: bool,
    target: AdministrativeUnit,
    where: Where,
) -> tuple[Any, int]:
    """One figure of one new unit from its old units' ``parts``; and how many were skipped."""
    skipped = 0
    taken: list[tuple[Any, Fraction, Any, int]] = []  # (value, share, weight, row)
    for i, f, _basis in parts:
        if not f:  # a part whose figure went to another unit (on_split='default')
            continue
        x = xs[i]
        w = ws[i] if ws is not None else 1
        if x is None or w is None or (x.__class__ is float and x != x) or (w != w):
            if not skip:
                return None, 0
            skipped += 1
            continue
        taken.append((x, f, w, i))
    if not taken:
        # only parts whose figures were counted elsewhere: they add nothing to a sum
        return (0 if op == "sum" and not skipped and parts else None), skipped
    if op == "first":
        return taken[0][0], skipped
    if op == "same":
        first = taken[0][0]
        for x, _f, _w, i in taken[1:]:
            if x != first:
                shown = ", ".join(f"{old[j].code}={v!r}" for v, _, _, j in taken[:_SHOWN])
                row, hint = where(i)
                raise InputError(
                    f"the units that make up {target.code} {target.name} disagree on "
                    f"{column!r}: {shown}",
                    row=row,
                    field=column,
                    hint=hint or "use 'first' to keep the first unit's value",
                )
        return first, skipped
    plain = all(x.__class__ in _PLAIN and w.__class__ in _PLAIN for x, _f, w, _i in taken)
    if op == "sum":
        if plain and all(x.__class__ is int for x, *_ in taken):
            total: Fraction | int = 0
            for x, f, _w, _i in taken:
                total += x if f is _ONE or f == 1 else x * f
            return _finish(total, [0]), skipped
        if plain:
            return math.fsum(
                x if f is _ONE or f == 1 else x * float(f) for x, f, _w, _i in taken
            ), skipped
        exact: Fraction | int = 0
        for x, f, _w, i in taken:
            v = _exact(x, column, where(i))
            exact += v if f is _ONE or f == 1 else v * f
        return _finish(exact, [x for x, *_ in taken]), skipped
    # the mean: of one value, that value; else sum(share × weight × value) / sum(share × weight)
    for x, _f, w, i in taken:
        if not plain:
            _exact(x, column, where(i))
        if ws is not None and (not plain or w < 0):
            _weight(w, weight, i, where)
    if len(taken) == 1:
        x, _f, w, _i = taken[0]
        return (x if ws is None or w > 0 else None), skipped
    if plain:
        weights = [float(f) * w for _x, f, w, _i in taken]
        den = math.fsum(weights)
        if den == 0:
            return None, skipped
        mean = math.fsum(x * fw for (x, *_), fw in zip(taken, weights, strict=True)) / den
        # rounding must not carry a mean outside its values
        lo = min(x for x, *_ in taken)
        hi = max(x for x, *_ in taken)
        return min(max(mean, lo), hi), skipped
    num: Fraction | int = 0
    den_: Fraction | int = 0
    for x, f, w, i in taken:
        v = _exact(x, column, where(i))
        fw = f * (_weight(w, weight, i, where) if ws is not None else 1)
        num += v * fw
        den_ += fw
    if den_ == 0:
        return None, skipped
    return _finish(Fraction(num) / den_, [0.0]), skipped


_PLAIN = (int, float)


def _weight(w: Any, weight: str | None, i: int, where: Where) -> Fraction | int:
    assert weight is not None
    row = where(i)
    v = _exact(w, weight, row)
    if v < 0:
        raise InputError(
            f"a weight must not be negative, got {w!r}", row=row[0], field=weight, hint=row[1]
        )
    return v
