"""What a printed figure of the figure table stands for: an interval, exactly.

A printed value stands for the interval its printed precision implies, half-open at the
top: ``32 %`` is [31,5; 32,5), ``4,37 tỷ`` is [4,365; 4,375) tỷ.  A count printed as a
whole number is exact.  A hedge replaces one side (see :data:`HEDGES`): ``trên 120`` is
(120; ∞), ``gần 300`` is [270; 300) — "near" is taken as within 10 % below.  A
:class:`Span` knows whether each end is open, so "more than 87 %" and "87 %" are told
apart.

>>> str(printed_span(Decimal("32"), Decimal("1"), None))
'[31.5; 32.5)'
>>> str(printed_span(Decimal("120"), None, "trên"))
'(120; ∞)'
>>> str(printed_span(Decimal("300"), None, "gần"))
'[270; 300)'
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from qcdc.numbers import ABOUT_TOLERANCE, Direction, Figure, Hedge, printed_interval

__all__ = ["HEDGES", "HedgeSide", "Span", "printed_span"]


class HedgeSide(enum.Enum):
    """Which side of a figure a hedge word leaves open."""

    ABOVE = "above"
    """The true value is above the printed one (``trên``, ``hơn``, ``ít nhất``)."""
    BELOW = "below"
    """The true value is below the printed one, and near it (``gần``, ``dưới``, ``tối đa``)."""
    AROUND = "around"
    """The true value is near the printed one on either side (``khoảng``, ``ước``)."""


NEAR = ABOUT_TOLERANCE
"""How near ``gần`` and ``khoảng`` are: within 10 % of the printed value — the one
convention of :data:`qcdc.numbers.ABOUT_TOLERANCE`, so a typed section's ``gần 300`` and a
table figure's have the same ends."""

_SYNONYMS = {"từ": "ít nhất", "ước tính": "khoảng", "ước đạt": "khoảng"}
"""Hedge words of the table that :func:`qcdc.numbers.parse_figure` does not read in running
text ("từ 2020 đến 2025" is a range, not a hedge), said as the word they mean."""

_OPEN_AT_X = ("trên", "hơn", "gần", "dưới")
"""The hedges that keep the printed value X itself out: "more than", "near", "under"."""

_WORDS = (
    "trên",
    "hơn",
    "ít nhất",
    "từ",
    "gần",
    "gần như",
    "dưới",
    "tối đa",
    "không quá",
    "khoảng",
    "ước",
    "ước tính",
    "ước đạt",
    "xấp xỉ",
)
_SIDES = {
    Direction.ABOVE: HedgeSide.ABOVE,
    Direction.BELOW: HedgeSide.BELOW,
    Direction.AROUND: HedgeSide.AROUND,
}


def _numbers_hedge(word: str) -> Hedge:
    """The :class:`qcdc.numbers.Hedge` a table hedge word is: the numbers' reading of it."""
    return Figure(number=0, hedge=_SYNONYMS.get(word, word)).hedge


HEDGES: dict[str, tuple[HedgeSide, bool, bool]] = {
    word: (
        _SIDES[_numbers_hedge(word).direction],
        word not in _OPEN_AT_X,
        _numbers_hedge(word) in (Hedge.NEARLY, Hedge.ABOUT),
    )
    for word in _WORDS
}
"""Every hedge word the figure table reads: (the side it opens, the printed value itself is
allowed, bounded on the far side by :data:`NEAR`).  The ends are
:func:`qcdc.numbers.printed_interval`'s; the table adds which end is open.

``trên``/``hơn`` X: (X; ∞).  ``ít nhất``/``từ`` X: [X; ∞).  ``gần`` X: [0,9·X; X);
``gần như`` X: [0,9·X; X] (``gần như 100 %`` may be 100 %).  ``dưới`` X: [0; X).
``tối đa``/``không quá`` X: [0; X].  ``khoảng``/``ước``/``xấp xỉ`` X: [0,9·X; 1,1·X]."""


@attrs.frozen
class Span:
    """An interval of values, each end open or closed; ``None`` is unbounded."""

    lo: Decimal | None
    hi: Decimal | None
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def point(cls, value: Decimal) -> Span:
        return cls(value, value)

    def __str__(self) -> str:
        left = "(" if self.lo_open or self.lo is None else "["
        right = ")" if self.hi_open or self.hi is None else "]"
        lo = "−∞" if self.lo is None else _plain(self.lo)
        hi = "∞" if self.hi is None else _plain(self.hi)
        return f"{left}{lo}; {hi}{right}"

    @property
    def is_point(self) -> bool:
        return self.lo is not None and self.lo == self.hi

    def __add__(self, other: Span) -> Span:
        lo = None if self.lo is None or other.lo is None else self.lo + other.lo
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Span(lo, hi, self.lo_open or other.lo_open, self.hi_open or other.hi_open)

    def __neg__(self) -> Span:
        return Span(
            None if self.hi is None else -self.hi,
            None if self.lo is None else -self.lo,
            self.hi_open,
            self.lo_open,
        )

    def __sub__(self, other: Span) -> Span:
        return self + (-other)

    def scaled(self, factor: Decimal) -> Span:
        """Every value times ``factor`` (> 0)."""
        return Span(
            None if self.lo is None else self.lo * factor,
            None if self.hi is None else self.hi * factor,
            self.lo_open,
            self.hi_open,
        )

    def abs(self) -> Span:
        """``{|x| : x in self}``."""
        if self.lo is not None and self.lo >= 0:
            return self
        if self.hi is not None and self.hi <= 0:
            return -self
        hi = None if self.lo is None or self.hi is None else max(-self.lo, self.hi)
        return Span(Decimal(0), hi, False, hi is not None and (self.hi_open or self.lo_open))

    def meets(self, other: Span) -> bool:
        """Some value lies in both."""
        return _le(self.lo, self.lo_open, other.hi, other.hi_open) and _le(
            other.lo, other.lo_open, self.hi, self.hi_open
        )

    def may_be_le(self, other: Span) -> bool:
        """Some value of ``self`` is ≤ some value of ``other``."""
        if self.lo is None or other.hi is None:
            return True
        if self.lo_open or other.hi_open:
            return self.lo < other.hi
        return self.lo <= other.hi

    def ratio_percent(self, denominator: Span) -> Span | None:
        """``100·x/y`` for x in ``self`` (≥ 0), y in ``denominator``; ``None`` if y may be 0."""
        den = denominator
        if den.lo is None or den.lo < 0 or (den.lo == 0 and not den.lo_open):
            return None
        lo = Decimal(0) if self.lo is None else self.lo
        if den.hi is None:
            lo_v, lo_open = Decimal(0), False
        else:
            lo_v = lo * 100 / den.hi
            lo_open = self.lo_open or (den.hi_open and lo > 0)
        if self.hi is None or den.lo == 0:
            return Span(lo_v, None, lo_open, False)
        return Span(lo_v, self.hi * 100 / den.lo, lo_open, self.hi_open or den.lo_open)


def _le(a: Decimal | None, a_open: bool, b: Decimal | None, b_open: bool) -> bool:
    """A lower end ``a`` does not pass an upper end ``b``: some value is ≥ a and ≤ b."""
    if a is None or b is None:
        return True
    if a_open or b_open:
        return a < b
    return a <= b


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def printed_span(value: Decimal, resolution: Decimal | None, hedge: str | None) -> Span:
    """The interval a printed figure stands for.

    ``resolution`` is the unit of its last printed digit (``None``: an exact count);
    ``hedge`` a word of :data:`HEDGES` (or ``None``).  The ends are
    :func:`qcdc.numbers.printed_interval`'s — the one reading of hedges, so the typed
    sections and the table agree — and a hedged figure keeps only its hedge's bound: the
    printed precision no longer matters there.  What this adds is which end is open: an
    unhedged rounded figure is half-open at the top, and :data:`HEDGES` says the rest.
    """
    iv = printed_interval(value, resolution or 0, _numbers_hedge(hedge) if hedge else "")
    if hedge is None:
        if resolution is None:
            return Span.point(value)
        return Span(iv.lo, iv.hi, False, True)
    side, inclusive, _near = HEDGES[hedge]
    if side is HedgeSide.ABOVE:
        return Span(iv.lo, None, not inclusive, False)
    if side is HedgeSide.BELOW:
        return Span(iv.lo, iv.hi, False, not inclusive)
    return Span(iv.lo, iv.hi)
