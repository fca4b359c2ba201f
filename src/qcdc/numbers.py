"""Vietnamese numbers, percentages, ratios and hedged figures.

Vietnamese writes ``.`` between thousands and ``,`` before decimals: ``4.956``
is four thousand nine hundred and fifty-six, ``32,5%`` is thirty-two and a half
per cent.  Published reports add scale words (``1,2 triệu``, ``300 tỷ đồng``),
hedges (``gần``, ``hơn``, ``trên``, ``khoảng``, ``tối đa``, ``ít nhất``,
``dưới``), ratios (``579/579``) and units (``vụ việc``, ``hộ``, ``m²``).
:func:`parse_figure` reads all of that into a frozen :class:`Figure`;
:func:`format_figure` writes it back, and ``parse_figure(format_figure(x)) == x``.

It is one concept, a figure as printed, and stays one module: the number (in digits or
in words, ``hai mươi thôn``), its scale word, its hedge, its unit, the interval its
printed precision stands for and the percentage arithmetic are read, written and
compared together.

>>> f = parse_figure("hơn 4.956 vụ việc")
>>> f.value, f.hedge.word, f.unit.label, f.direction.value
(Decimal('4956'), 'hơn', 'vụ việc', 'above')
>>> format_figure(parse_figure("32,5 %"))
'32,5%'
>>> parse_figure("1,2 triệu").value
Decimal('1200000')
>>> percent_matches(parse_figure("32%"), 2575, 7968)
True
>>> percent_matches(parse_figure("87,8%"), 1459, 1635)
False
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

import attrs

from qcdc._bounds import excerpt as _excerpt
from qcdc.errors import InvalidNumber
from qcdc.text import nfc

__all__ = [
    "ABOUT_TOLERANCE",
    "MAX_DIGITS",
    "Direction",
    "Figure",
    "Hedge",
    "Interval",
    "Scale",
    "Unit",
    "find_figures",
    "format_figure",
    "format_number",
    "format_percent",
    "parse_figure",
    "parse_number",
    "percent_interval",
    "percent_matches",
    "printed_interval",
    "ratio_percent",
]

ABOUT_TOLERANCE = Decimal("0.10")
"""How far (as a fraction of the printed value) ``khoảng`` lets the true value stray, and
how near ``gần`` is: ``gần X`` is within this fraction below X, [0,9·X; X], ``khoảng X``
[0,9·X; 1,1·X] (the one convention of qcdc, :func:`printed_interval`; the figure table of
:mod:`qcdc.reports` reads the same ends, half-open at X for ``gần``: [0,9·X; X)).
It is a convention, not a rule of any text: "gần" says near and below, and 10 % is how
near a report's "gần 300" is taken to be."""


class Direction(enum.Enum):
    """Where the true value may lie relative to the printed one."""

    EXACT = "exact"
    """The printed value, to the precision it was printed with."""
    ABOVE = "above"
    """At or above the printed value (``hơn``, ``trên``, ``ít nhất``)."""
    BELOW = "below"
    """At or below the printed value (``gần``, ``dưới``, ``tối đa``)."""
    AROUND = "around"
    """Either side, within :data:`ABOUT_TOLERANCE` (``khoảng``)."""


class Hedge(enum.Enum):
    """The word before a figure that says it is not exact.

    The member's value is the canonical Vietnamese word that
    :func:`format_figure` writes; :func:`parse_figure` also reads the synonyms
    listed in the reference (``chưa đến`` for ``dưới``, ``xấp xỉ`` for
    ``khoảng`` …).
    """

    EXACT = ""
    NEARLY = "gần"
    MORE_THAN = "hơn"
    OVER = "trên"
    ABOUT = "khoảng"
    AT_MOST = "tối đa"
    AT_LEAST = "ít nhất"
    UNDER = "dưới"

    @property
    def word(self) -> str:
        return self.value

    @property
    def direction(self) -> Direction:
        return _HEDGE_DIRECTION[self]


_HEDGE_DIRECTION = {
    Hedge.EXACT: Direction.EXACT,
    Hedge.NEARLY: Direction.BELOW,
    Hedge.MORE_THAN: Direction.ABOVE,
    Hedge.OVER: Direction.ABOVE,
    Hedge.ABOUT: Direction.AROUND,
    Hedge.AT_MOST: Direction.BELOW,
    Hedge.AT_LEAST: Direction.ABOVE,
    Hedge.UNDER: Direction.BELOW,
}

# every written form (lower case, NFC) -> hedge; longest first when matching
_HEDGE_WORDS: dict[str, Hedge] = {
    "gần như": Hedge.NEARLY,
    "gần": Hedge.NEARLY,
    "hơn": Hedge.MORE_THAN,
    "trên": Hedge.OVER,
    "khoảng": Hedge.ABOUT,
    "chừng": Hedge.ABOUT,
    "xấp xỉ": Hedge.ABOUT,
    "ước": Hedge.ABOUT,
    "~": Hedge.ABOUT,
    "tối đa": Hedge.AT_MOST,
    "không quá": Hedge.AT_MOST,
    "ít nhất": Hedge.AT_LEAST,
    "tối thiểu": Hedge.AT_LEAST,
    "dưới": Hedge.UNDER,
    "chưa đến": Hedge.UNDER,
    "chưa tới": Hedge.UNDER,
}


class Scale(enum.Enum):
    """A scale word after the number: ``nghìn`` (also ``ngàn``), ``triệu``, ``tỷ`` (also ``tỉ``)."""

    ONE = ""
    THOUSAND = "nghìn"
    MILLION = "triệu"
    BILLION = "tỷ"

    @property
    def word(self) -> str:
        return self.value

    @property
    def multiplier(self) -> int:
        return _SCALE_MULTIPLIER[self]


_SCALE_MULTIPLIER = {
    Scale.ONE: 1,
    Scale.THOUSAND: 1_000,
    Scale.MILLION: 1_000_000,
    Scale.BILLION: 1_000_000_000,
}
_SCALE_WORDS: dict[str, Scale] = {
    "nghìn": Scale.THOUSAND,
    "ngàn": Scale.THOUSAND,
    "triệu": Scale.MILLION,
    "tỷ": Scale.BILLION,
    "tỉ": Scale.BILLION,
}


class Unit(enum.Enum):
    """What a figure counts or measures; the value is the label :func:`format_figure` writes.

    The names follow the metrics of annual reports (legal basis §7).
    """

    PERCENT = "%"
    CASE = "vụ việc"
    RECOMMENDATION = "kiến nghị"
    OPINION = "ý kiến, kiến nghị"
    LETTER = "đơn thư"
    HOUSEHOLD = "hộ"
    PERSON = "người"
    MEMBER = "thành viên"
    MEDIATOR = "hòa giải viên"
    ATTENDANCE = "lượt người"
    VND = "đồng"
    SQUARE_METRE = "m²"
    HECTARE = "ha"
    WORKDAY = "ngày công"
    COMMUNE_LEVEL_UNIT = "xã, phường, thị trấn"
    COMMUNE = "xã"
    WARD = "phường"
    TOWNSHIP = "thị trấn"
    SPECIAL_ZONE = "đặc khu"
    DISTRICT_LEVEL_UNIT = "quận, huyện, thị xã"
    URBAN_DISTRICT = "quận"
    RURAL_DISTRICT = "huyện"
    DISTRICT_TOWN = "thị xã"
    HAMLET_OR_GROUP = "thôn, tổ dân phố"
    HAMLET = "thôn"
    RESIDENTIAL_GROUP = "tổ dân phố"
    PROJECT = "công trình, dự án"
    SESSION = "cuộc"
    CONFERENCE = "hội nghị"
    MODEL = "mô hình"
    BOARD = "ban"
    MEDIATION_GROUP = "tổ hòa giải"
    CORE_GROUP = "nhóm nòng cốt"
    ISSUE_GROUP = "nhóm vấn đề"
    FIELD = "lĩnh vực"
    COLLECTIVE = "tập thể"
    INDIVIDUAL = "cá nhân"
    CONVENTION = "quy ước, hương ước"
    AGENCY = "cơ quan, đơn vị"
    ENTERPRISE = "doanh nghiệp"

    @property
    def label(self) -> str:
        return self.value


_MEASURES = frozenset({Unit.VND, Unit.SQUARE_METRE, Unit.HECTARE})
"""The units of measures (money, land): printed whole, they stand for their last digit."""

# written forms (lower case, NFC) -> unit; matched longest first, on word boundaries
_UNIT_WORDS: dict[str, Unit] = {u.value: u for u in Unit}
_UNIT_WORDS.update(
    {
        "phần trăm": Unit.PERCENT,
        "vụ": Unit.CASE,
        "ý kiến": Unit.OPINION,
        "ý kiến kiến nghị": Unit.OPINION,
        "hộ gia đình": Unit.HOUSEHOLD,
        "vnđ": Unit.VND,
        "vnd": Unit.VND,
        "đ": Unit.VND,
        "m2": Unit.SQUARE_METRE,
        "mét vuông": Unit.SQUARE_METRE,
        "héc-ta": Unit.HECTARE,
        "hecta": Unit.HECTARE,
        "bản": Unit.HAMLET,
        "bản, khối": Unit.HAMLET_OR_GROUP,
        "xã, phường và thị trấn": Unit.COMMUNE_LEVEL_UNIT,
        "xã, phường, thị trấn": Unit.COMMUNE_LEVEL_UNIT,
        "đơn vị hành chính cấp xã": Unit.COMMUNE_LEVEL_UNIT,
        "đơn vị cấp xã": Unit.COMMUNE_LEVEL_UNIT,
        "đơn vị hành chính cấp huyện": Unit.DISTRICT_LEVEL_UNIT,
        "quận, huyện, thị xã": Unit.DISTRICT_LEVEL_UNIT,
        "thôn, tdp": Unit.HAMLET_OR_GROUP,
        "thôn và tổ dân phố": Unit.HAMLET_OR_GROUP,
        "thôn, khu phố": Unit.HAMLET_OR_GROUP,
        "công trình": Unit.PROJECT,
        "dự án": Unit.PROJECT,
        "buổi": Unit.SESSION,
        "mô hình, điển hình": Unit.MODEL,
        "điển hình": Unit.MODEL,
        "ban": Unit.BOARD,
        "tổ": Unit.MEDIATION_GROUP,
        "lượt công dân": Unit.ATTENDANCE,
        "quy ước": Unit.CONVENTION,
        "hương ước": Unit.CONVENTION,
        "bản quy ước, hương ước": Unit.CONVENTION,
        "cơ quan": Unit.AGENCY,
        "cơ quan, đơn vị": Unit.AGENCY,
    }
)
# "tổ" alone reads as a mediation group only in that context; keep it out of generic parsing
del _UNIT_WORDS["tổ"]
_UNIT_ALTERNATIVES = sorted(_UNIT_WORDS, key=len, reverse=True)
_HEDGE_ALTERNATIVES = sorted(_HEDGE_WORDS, key=len, reverse=True)


# --- the number itself -----------------------------------------------------------

_NUMBER_CORE = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
_NUMBER_RE = re.compile(rf"(?:{_NUMBER_CORE})(?![0-9])")
_BAD_DOT_RE = re.compile(r"[0-9]+\.[0-9]+")


MAX_DIGITS = 24
"""The most digits a printed figure may have (before its scale word). The largest figure
a report prints — a province's budget in đồng — has 16; a longer run of digits is not a
figure, and refusing it keeps every computation exact."""

# enough precision for MAX_DIGITS digits times the largest scale word, and their ratios
_PRECISION = 64


def _check_digits(d: Decimal, shown: str) -> None:
    _sign, digits, exponent = d.as_tuple()
    assert isinstance(exponent, int)
    length = max(len(digits) + exponent, len(digits)) if exponent > 0 else len(digits)
    if length > MAX_DIGITS:
        raise InvalidNumber(
            _excerpt(shown),
            f"a figure has at most {MAX_DIGITS} digits, got {length}",
        )


def _to_decimal(digits: str, text: str, position: int) -> Decimal:
    whole, _, frac = digits.partition(",")
    body = whole.replace(".", "") + ("." + frac if frac else "")
    if len(body) > MAX_DIGITS + 1:
        raise InvalidNumber(
            _excerpt(text, position),
            f"a figure has at most {MAX_DIGITS} digits",
            position=position,
        )
    try:
        return Decimal(body)
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        raise InvalidNumber(_excerpt(text, position), "not a number", position=position) from None


def _read_number(text: str, pos: int) -> tuple[Decimal, int] | None:
    """Read a Vietnamese number at ``text[pos:]``; ``None`` if there is none there.

    Raises :class:`InvalidNumber` for a dot that is not a thousands separator.
    """
    m = _NUMBER_RE.match(text, pos)
    if m is None:
        return None
    end = m.end()
    if end < len(text) and text[end] == "." and end + 1 < len(text) and text[end + 1].isdigit():
        bad = _BAD_DOT_RE.match(text, pos)
        shown = _excerpt(bad.group(0) if bad else text[pos : pos + 80])
        raise InvalidNumber(
            _excerpt(text, pos),
            f"'.' separates thousands in Vietnamese and must be followed by groups of three "
            f"digits, got {shown!r}; write a decimal with ',' (e.g. {shown.replace('.', ',')})",
            position=end,
        )
    return _to_decimal(m.group(0), text, pos), end


def _normalise_decimal(value: Decimal) -> Decimal:
    """Drop a positive exponent (``1E+3`` → ``1000``) and the sign of zero."""
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        value = value.quantize(Decimal(1))
    if value.is_zero():
        value = abs(value)
    return value


def _tidy(value: Decimal) -> Decimal:
    """The same number written plainly: ``1200000.0`` → ``1200000``, ``32.50`` → ``32.5``."""
    if value == value.to_integral_value():
        return abs(value.quantize(Decimal(1))) if value.is_zero() else value.quantize(Decimal(1))
    return value.normalize()


def _decimal(value: object, what: str) -> Decimal:
    """``value`` (a Decimal or an int, not a bool) as a Decimal, or an InvalidNumber."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise InvalidNumber(_excerpt(repr(value)), f"{what} must be a Decimal or an int")
    try:
        d = Decimal(value)
    except ValueError:  # an int of more digits than Python converts
        raise InvalidNumber("…", f"{what} has too many digits") from None
    if not d.is_finite():
        raise InvalidNumber(str(d), f"{what} must be a finite number >= 0")
    return d


def _places(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise InvalidNumber(_excerpt(repr(value)), "decimals must be a whole number from 0 to 100")
    return value


def format_number(value: Decimal | int, *, decimals: int | None = None) -> str:
    """Write a number >= 0 the Vietnamese way: ``4956`` → ``"4.956"``, ``32.5`` → ``"32,5"``.

    ``decimals`` rounds (half up) to that many places; by default the
    decimal's own exponent is kept, so ``Decimal("32.50")`` prints ``"32,50"``.

    >>> format_number(1234567), format_number(Decimal("0.5"))
    ('1.234.567', '0,5')
    >>> format_number(Decimal("2"), decimals=1)
    '2,0'
    """
    d = _decimal(value, "a number")
    if not d.is_finite() or d < 0:
        raise InvalidNumber(_excerpt(str(value)), "must be a finite number >= 0")
    if decimals is not None:
        decimals = _places(decimals)
        with localcontext() as ctx:  # room for every digit, however large the number
            ctx.prec = max(28, d.adjusted() + decimals + 3)
            d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    d = _normalise_decimal(d)
    _sign, digits, exponent = d.as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits))
    if exponent < 0:
        text = text.rjust(-exponent + 1, "0")
        whole, frac = text[:exponent], text[exponent:]
    else:
        whole, frac = text, ""
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    out = ".".join(reversed(groups))
    return f"{out},{frac}" if frac else out


def parse_number(text: str) -> Decimal:
    """A plain Vietnamese number, optionally with a scale word: ``"1,2 triệu"`` → ``1200000``.

    Raises :class:`~qcdc.errors.InvalidNumber` (saying where and why) for
    anything else, including a hedge or a unit: use :func:`parse_figure` for those.

    >>> parse_number("4.956"), parse_number("32,5"), parse_number("300 tỷ")
    (Decimal('4956'), Decimal('32.5'), Decimal('300000000000'))
    """
    fig = parse_figure(text)
    if fig.hedge is not Hedge.EXACT or fig.unit is not None or fig.denominator is not None:
        raise InvalidNumber(
            _excerpt(text), "expected a plain number (no hedge, unit or ratio); use parse_figure"
        )
    return fig.number if fig.scale is Scale.ONE else fig.value


# --- intervals ---------------------------------------------------------------------


@attrs.frozen
class Interval:
    """A closed interval of possible true values; ``None`` is an open end (±∞).

    >>> parse_figure("32%").interval()
    Interval(lo=Decimal('31.5'), hi=Decimal('32.5'))
    """

    lo: Decimal | None
    hi: Decimal | None

    @classmethod
    def point(cls, value: Decimal | int) -> Interval:
        d = Decimal(value)
        return cls(d, d)

    @property
    def is_point(self) -> bool:
        return self.lo is not None and self.lo == self.hi

    def __add__(self, other: Interval) -> Interval:
        lo = None if self.lo is None or other.lo is None else self.lo + other.lo
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(lo, hi)

    def __sub__(self, other: Interval) -> Interval:
        lo = None if self.lo is None or other.hi is None else self.lo - other.hi
        hi = None if self.hi is None or other.lo is None else self.hi - other.lo
        return Interval(lo, hi)

    def contains(self, value: Decimal | int) -> bool:
        d = Decimal(value)
        return (self.lo is None or self.lo <= d) and (self.hi is None or d <= self.hi)

    def overlaps(self, other: Interval) -> bool:
        """Whether some value lies in both (so an equality between them may hold)."""
        return self.may_be_le(other) and other.may_be_le(self)

    def may_be_le(self, other: Interval) -> bool:
        """Whether ``x <= y`` may hold for some ``x`` in ``self`` and ``y`` in ``other``."""
        return self.lo is None or other.hi is None or self.lo <= other.hi

    def __str__(self) -> str:
        lo = "−∞" if self.lo is None else format_number(abs(self.lo))
        if self.lo is not None and self.lo < 0:
            lo = "−" + lo
        hi = "∞" if self.hi is None else format_number(abs(self.hi))
        if self.hi is not None and self.hi < 0:
            hi = "−" + hi
        return lo if self.is_point else f"[{lo}; {hi}]"


# --- the figure ----------------------------------------------------------------------


def _to_number(value: object) -> Decimal:
    if isinstance(value, bool):
        raise InvalidNumber(repr(value), "must be a number, not a bool")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation:
            raise InvalidNumber(str(value), "not a number") from None
    if not isinstance(value, (Decimal, int)):
        raise InvalidNumber(repr(value), "must be a Decimal, int or str")
    d = Decimal(value)
    if not d.is_finite() or d < 0:
        raise InvalidNumber(_excerpt(str(value)), "must be a finite number >= 0")
    _check_digits(d, str(value))
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return _normalise_decimal(d)


def _to_opt_number(value: object) -> Decimal | None:
    return None if value is None else _to_number(value)


def _to_hedge(value: Hedge | str) -> Hedge:
    if isinstance(value, Hedge):
        return value
    if not isinstance(value, str):
        raise InvalidNumber(_excerpt(repr(value)), "a hedge must be a Hedge or its word")
    found = _HEDGE_WORDS.get(nfc(value).strip().lower()) if value else Hedge.EXACT
    if found is None:
        raise InvalidNumber(
            _excerpt(value), "unknown hedge word; use " + ", ".join(sorted(_HEDGE_WORDS))
        )
    return found


def _to_scale(value: Scale | str) -> Scale:
    if isinstance(value, Scale):
        return value
    if not isinstance(value, str):
        raise InvalidNumber(_excerpt(repr(value)), "a scale must be a Scale or its word")
    found = _SCALE_WORDS.get(nfc(value).strip().lower()) if value else Scale.ONE
    if found is None:
        raise InvalidNumber(_excerpt(value), "unknown scale word; use nghìn, triệu or tỷ")
    return found


def _to_unit(value: Unit | str | None) -> Unit | None:
    if value is None or isinstance(value, Unit):
        return value
    if not isinstance(value, str):
        raise InvalidNumber(_excerpt(repr(value)), "a unit must be a Unit or its label")
    key = nfc(value).strip().lower()
    found = _UNIT_WORDS.get(key)
    if found is None:
        for u in Unit:
            if u.name.lower() == key:
                return u
        raise InvalidNumber(
            _excerpt(value), "unknown unit; see qcdc.numbers.Unit for the known ones"
        )
    return found


def _to_span(value: tuple[int, int] | None) -> tuple[int, int] | None:
    if value is None:
        return None
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise InvalidNumber(_excerpt(repr(value)), "a span must be a pair of whole numbers")
    start, end = value
    if not (0 <= start <= end):
        raise InvalidNumber(str(value), "a span must be (start, end) with 0 <= start <= end")
    return (int(start), int(end))


def _check_text(instance: Figure, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidNumber(_excerpt(repr(value)), "the text of a figure must be a string")


def _check_shape(
    instance: Figure, attribute: attrs.Attribute[Decimal | None], value: object
) -> None:
    shown = _excerpt(instance.text or "figure")
    if instance.denominator is not None:
        if instance.denominator <= 0:
            raise InvalidNumber(shown, "the denominator of a ratio must be greater than 0")
        if instance.unit is Unit.PERCENT or instance.scale is not Scale.ONE:
            raise InvalidNumber(shown, "a ratio has no percent sign or scale word")
    if instance.unit is Unit.PERCENT and instance.scale is not Scale.ONE:
        raise InvalidNumber(shown, "a percentage has no scale word")


@attrs.frozen
class Figure:
    """A figure as printed in a report, and what it says about the true value.

    ``number`` is the number as printed (``1.2`` for ``"1,2 triệu"``, the
    numerator for ``"579/579"``), ``scale`` the scale word, ``hedge`` the
    hedge word, ``unit`` what it counts (``Unit.PERCENT`` for a percentage),
    ``denominator`` the part after ``/`` of a ratio.  ``text`` and ``span`` record
    where it was read from; they do not take part in equality, so a figure read
    from ``"4.956"`` equals one built from ``4956``.
    """

    number: Decimal = attrs.field(converter=_to_number)
    hedge: Hedge = attrs.field(default=Hedge.EXACT, converter=_to_hedge)
    scale: Scale = attrs.field(default=Scale.ONE, converter=_to_scale)
    unit: Unit | None = attrs.field(default=None, converter=_to_unit)
    denominator: Decimal | None = attrs.field(
        default=None, converter=_to_opt_number, validator=_check_shape
    )
    text: str | None = attrs.field(default=None, eq=False, validator=_check_text)
    span: tuple[int, int] | None = attrs.field(default=None, eq=False, converter=_to_span)

    # ---- constructors

    @classmethod
    def parse(cls, text: str) -> Figure:
        """Same as :func:`parse_figure`."""
        return parse_figure(text)

    @classmethod
    def count(cls, value: int, unit: Unit | None = None, *, hedge: Hedge = Hedge.EXACT) -> Figure:
        """An exact count (or a hedged one)."""
        return cls(number=value, unit=unit, hedge=hedge)

    @classmethod
    def percent(cls, value: Decimal | int | str, *, hedge: Hedge = Hedge.EXACT) -> Figure:
        """A percentage; ``Figure.percent("32.3")`` keeps one decimal."""
        return cls(number=value, unit=Unit.PERCENT, hedge=hedge)

    @classmethod
    def ratio(cls, numerator: int, denominator: int, unit: Unit | None = None) -> Figure:
        """``Figure.ratio(579, 579)`` is ``579/579``."""
        return cls(number=numerator, denominator=denominator, unit=unit)

    # ---- what it says

    @property
    def value(self) -> Decimal:
        """The printed number times its scale (the numerator of a ratio)."""
        with localcontext() as ctx:
            ctx.prec = _PRECISION
            return _tidy(self.number * self.scale.multiplier)

    @property
    def exact(self) -> bool:
        return self.hedge is Hedge.EXACT

    @property
    def direction(self) -> Direction:
        return self.hedge.direction

    @property
    def is_percent(self) -> bool:
        return self.unit is Unit.PERCENT

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None

    @property
    def is_whole(self) -> bool:
        """Whether the value is a whole number (a count can be one)."""
        return self.value == self.value.to_integral_value()

    @property
    def decimals(self) -> int:
        """How many decimals were printed (``1`` for ``32,5%``, ``0`` for ``32%``)."""
        exponent = self.number.as_tuple().exponent
        assert isinstance(exponent, int)
        return max(0, -exponent)

    @property
    def resolution(self) -> Decimal:
        """One unit of the last printed digit: ``0.1`` for ``32,5%``, ``1e5`` for ``1,2 triệu``."""
        return Decimal(1).scaleb(-self.decimals) * self.scale.multiplier

    @property
    def rounded(self) -> bool:
        """Whether the printed number stands for a rounded value.

        Percentages, amounts of money and land (``đồng``, ``m²``, ``ha``: measures, not
        counts), numbers with decimals and numbers with a scale word are rounded; a plain
        whole number of things (a count) is not.
        """
        return (
            self.is_percent
            or self.unit in _MEASURES
            or self.decimals > 0
            or self.scale is not Scale.ONE
        )

    def interval(self) -> Interval:
        """Every true value this figure allows, with its hedge and printed precision.

        The one reading of :func:`printed_interval`: an exact count is a point; a
        rounded figure spans half a unit of its last digit either way; a hedge replaces
        the precision with its bound at the printed value X — ``hơn``/``trên``/``ít nhất``
        [X; ∞), ``dưới``/``tối đa`` [0; X], ``gần`` [0,9·X; X], ``khoảng`` [0,9·X; 1,1·X].
        The intervals are closed, lenient at the boundary (``hơn 3.000`` admits 3.000).
        """
        return printed_interval(
            self.value, self.resolution if self.rounded else Decimal(0), self.hedge
        )

    def denominator_interval(self) -> Interval | None:
        """The interval of the denominator of a ratio (always exact), ``None`` otherwise."""
        if self.denominator is None:
            return None
        return Interval.point(self.denominator)

    def admits(self, value: Decimal | int) -> bool:
        """Whether ``value`` is a true value this figure allows."""
        return self.interval().contains(value)

    def with_source(self, text: str, span: tuple[int, int] | None = None) -> Figure:
        """The same figure recording the text (and span) it was read from."""
        return attrs.evolve(self, text=text, span=span)

    def __str__(self) -> str:
        return format_figure(self)


def printed_interval(
    value: Decimal | int, resolution: Decimal | int = 0, hedge: Hedge | str = Hedge.EXACT
) -> Interval:
    """Every true value a printed figure allows: the one reading of hedges in qcdc.

    ``value`` is the printed value times its scale, ``resolution`` one unit of its last
    printed digit (``0`` for an exact count), ``hedge`` a :class:`Hedge` or its word.
    An unhedged figure spans half a unit of its last digit either way (never below 0);
    a hedge replaces that precision with its own bound at the printed value X:

    ========================================= ====================
    hedge                                     interval
    ========================================= ====================
    ``hơn``/``trên``/``ít nhất`` X            [X; ∞)
    ``dưới``/``tối đa`` X                     [0; X]
    ``gần`` X                                 [0,9·X; X]
    ``khoảng``/``ước``/``xấp xỉ`` X           [0,9·X; 1,1·X]
    ========================================= ====================

    (0,9 and 1,1 are 1 ∓ :data:`ABOUT_TOLERANCE`.)  The figure table of
    :mod:`qcdc.reports` takes these ends and only adds which of them are open.

    >>> printed_interval(Decimal(32), 1)
    Interval(lo=Decimal('31.5'), hi=Decimal('32.5'))
    >>> printed_interval(Decimal(32), 1, "dưới"), printed_interval(300, 0, "khoảng")
    (Interval(lo=Decimal('0'), hi=Decimal('32')), Interval(lo=Decimal('270'), hi=Decimal('330')))
    """
    v = _decimal(value, "the value")
    res = _decimal(resolution, "the resolution")
    if v < 0 or res < 0:
        raise InvalidNumber(
            _excerpt(f"{value}, {resolution}"), "a printed value and its resolution are >= 0"
        )
    h = _to_hedge(hedge)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        direction = h.direction
        if h is Hedge.NEARLY:  # near and below: within ABOUT_TOLERANCE under the printed value
            return Interval(_tidy(v * (1 - ABOUT_TOLERANCE)), _tidy(v))
        if direction is Direction.ABOVE:
            return Interval(_tidy(v), None)
        if direction is Direction.BELOW:
            return Interval(Decimal(0), _tidy(v))
        if direction is Direction.AROUND:
            return Interval(_tidy(v * (1 - ABOUT_TOLERANCE)), _tidy(v * (1 + ABOUT_TOLERANCE)))
        half = res / 2
        return Interval(_tidy(max(v - half, Decimal(0))), _tidy(v + half))


# --- parsing and formatting ----------------------------------------------------------

_SPACE = re.compile(r"[ \t\u00a0\u202f]*")


def _skip_spaces(text: str, pos: int) -> int:
    m = _SPACE.match(text, pos)
    return m.end() if m else pos


def _by_first(words: list[str]) -> dict[str, list[str]]:
    """``words`` (longest first) grouped by their first character, order kept."""
    out: dict[str, list[str]] = {}
    for word in words:
        out.setdefault(word[0], []).append(word)
    return out


_HEDGES_BY_FIRST = _by_first(_HEDGE_ALTERNATIVES)
_SCALES_BY_FIRST = _by_first(sorted(_SCALE_WORDS, key=len, reverse=True))
_UNITS_BY_FIRST = _by_first(_UNIT_ALTERNATIVES)


def _word_at(text: str, pos: int, words: dict[str, list[str]]) -> tuple[str, int] | None:
    """The longest of ``words`` (grouped by first character) at ``text[pos:]``, ending on a
    word boundary."""
    low = text[pos : pos + 40].lower()
    for word in words.get(low[:1], ()):
        if low.startswith(word):
            end = pos + len(word)
            if end < len(text) and (text[end].isalnum() or text[end] == "_") and word[-1].isalnum():
                continue
            return word, end
    return None


# --- numbers in words -------------------------------------------------------------------
#
# "hai mươi", "một trăm linh năm", "ba nghìn": the grammar reports and legal texts print.
# Digits không một hai ba bốn năm sáu bảy tám chín; after mươi/mười the units are mốt (1),
# tư (4), lăm/nhăm (5) — and "năm" there is the noun "year": "hai mươi năm" is twenty years;
# tens mười (10–19) and d mươi (20–90); linh/lẻ for an empty tens place ("một trăm linh năm"
# = 105); hundreds d trăm; the scales nghìn/ngàn, triệu, tỷ/tỉ after a group, largest first.

_WORD_DIGITS = {
    "không": 0,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_WORD_AFTER_TENS = {"mốt": 1, "tư": 4, "lăm": 5, "nhăm": 5}
_WORD_SCALE_VALUES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
_WORD_OTHER = ("mười", "mươi", "trăm", "linh", "lẻ")
_WORD_VOCABULARY = {*_WORD_DIGITS, *_WORD_AFTER_TENS, *_WORD_SCALE_VALUES, *_WORD_OTHER}
_A_WORD = re.compile(r"[^\W\d_]+")
_WORD_GAP = re.compile(r"[ \t\u00a0\u202f]+")

_FIRST_WORDS = (*_WORD_DIGITS, "mười")  # the words a number in words may start with


def _word_tokens(text: str, pos: int) -> list[tuple[str, int]]:
    """``(word, end)`` of each vocabulary word from ``pos``, separated by spaces."""
    out: list[tuple[str, int]] = []
    while True:
        m = _A_WORD.match(text, pos)
        if m is None or m.group(0).lower() not in _WORD_VOCABULARY:
            return out
        out.append((m.group(0).lower(), m.end()))
        gap = _WORD_GAP.match(text, m.end())
        if gap is None:
            return out
        pos = gap.end()


def _words_value(words: list[str]) -> tuple[int, int | None, int] | None:
    """``(value, scale it ends on, words used)`` of ``words``, or ``None`` if they break the
    grammar; a ``năm`` right after the tens ends the number (it is the noun "year")."""
    total, group = 0, 0
    pending: int | None = None  # a digit not yet placed
    last_scale: int | None = None  # the scale of the group just closed (they go downwards)
    after: str | None = None  # "tens" after mươi/mười, "linh" after linh/lẻ: units come next
    ended_on_scale: int | None = None
    used = 0
    for i, w in enumerate(words):
        if w == "năm" and after == "tens":
            break
        ended_on_scale = None
        if w in _WORD_DIGITS:
            if pending is not None:
                return None
            pending = _WORD_DIGITS[w]
        elif w in _WORD_AFTER_TENS:
            if pending is not None or after is None or (after == "linh" and w != "tư"):
                return None
            pending = _WORD_AFTER_TENS[w]
        elif w == "mười":
            if pending is not None or (i and words[i - 1] not in ("trăm", *_WORD_SCALE_VALUES)):
                return None
            group += 10
            after = "tens"
        elif w == "mươi":
            if pending is None or pending < 2 or after is not None or group % 100:
                return None
            group += pending * 10
            pending, after = None, "tens"
        elif w == "trăm":
            if pending is None or (i > 1 and words[i - 2] not in _WORD_SCALE_VALUES):
                return None
            group += pending * 100
            pending = None
        elif w in ("linh", "lẻ"):
            if not i or words[i - 1] != "trăm":
                return None
            after = "linh"
        else:  # a scale word
            scale = _WORD_SCALE_VALUES[w]
            g = group + (pending or 0)
            if g == 0 or (last_scale is not None and scale >= last_scale):
                return None
            total += g * scale
            group, pending, after, last_scale = 0, None, None, scale
            ended_on_scale = scale
        used = i + 1
        if pending is not None and after is not None:
            after = None  # the units are placed: the group is complete up to a scale word
    if used == 0:
        return None
    return total + group + (pending or 0), ended_on_scale, used


def _read_words(text: str, pos: int) -> tuple[Decimal, int, int | None] | None:
    """The number in words at ``text[pos:]``: ``(value, end, scale it ends on)``, or ``None``.

    The longest run of number words that makes a number is read (``hai mươi năm`` stops
    before ``năm``); ``None`` when none starts at ``pos``.
    """
    tokens = _word_tokens(text, pos)
    while tokens:
        got = _words_value([w for w, _ in tokens])
        if got is not None:
            value, scale, used = got
            return Decimal(value), tokens[used - 1][1], scale
        tokens.pop()
    return None


_WORD_SCALES = {10**3: Scale.THOUSAND, 10**6: Scale.MILLION, 10**9: Scale.BILLION}


def _starts_number(text: str, pos: int) -> bool:
    return pos < len(text) and (text[pos].isdigit() or _read_words(text, pos) is not None)


def _scan(text: str, pos: int) -> tuple[Figure, int, bool] | None:
    """Read one figure starting at ``pos`` (a hedge, a digit or a number word); ``None`` if
    none starts there.  The flag says the number was written in words."""
    start = pos
    hedge = Hedge.EXACT
    found = _word_at(text, pos, _HEDGES_BY_FIRST)
    if found is not None:
        word, end = found
        after = _skip_spaces(text, end)
        if _starts_number(text, after):
            hedge = _HEDGE_WORDS[word]
            pos = after
    in_words = False
    read = _read_number(text, pos)
    scale = Scale.ONE
    if read is None:
        spelt = _read_words(text, pos)
        if spelt is None:
            return None
        value, pos, multiplier = spelt
        if multiplier is not None:  # "ba nghìn": 3 nghìn, rounded as "3 nghìn" is
            scale = _WORD_SCALES[multiplier]
            value = value / multiplier
        read, in_words = (value, pos), True
    number, pos = read
    end = pos
    denominator: Decimal | None = None
    unit: Unit | None = None
    p = _skip_spaces(text, pos)
    if p < len(text) and text[p] == "/":
        q = _skip_spaces(text, p + 1)
        den = _read_number(text, q)
        if den is not None:
            denominator, end = den
    if denominator is None and scale is Scale.ONE and not in_words:
        got = _word_at(text, p, _SCALES_BY_FIRST) if p > end else None
        if got is not None:
            scale, end = _SCALE_WORDS[got[0]], got[1]
    p = _skip_spaces(text, end)
    if p < len(text) and text[p] == "%" and denominator is None:
        unit, end = Unit.PERCENT, p + 1
    elif p > end:
        got = _word_at(text, p, _UNITS_BY_FIRST)
        if got is not None:
            unit, end = _UNIT_WORDS[got[0]], got[1]
    if unit is Unit.PERCENT and scale is not Scale.ONE:
        raise InvalidNumber(_excerpt(text, start), "a percentage has no scale word", position=start)
    if denominator is not None and denominator == 0:
        raise InvalidNumber(
            _excerpt(text, p), "the denominator of a ratio must be greater than 0", position=p
        )
    fig = Figure(
        number=number,
        hedge=hedge,
        scale=scale,
        unit=unit,
        denominator=denominator,
        text=text[start:end],
        span=(start, end),
    )
    return fig, end, in_words


def parse_figure(text: str) -> Figure:
    """Read a whole string as one figure: hedge, number, scale word, ``/`` denominator, unit.

    >>> parse_figure("579/579 xã, phường, thị trấn").denominator
    Decimal('579')
    >>> parse_figure("khoảng 300 triệu đồng").interval()
    Interval(lo=Decimal('270000000'), hi=Decimal('330000000'))

    Raises :class:`~qcdc.errors.InvalidNumber` with the position of the first
    character that does not fit.
    """
    if not isinstance(text, str):
        raise InvalidNumber(_excerpt(repr(text)), "expected a string")
    source = nfc(text)
    stripped = source.strip()
    offset = len(source) - len(source.lstrip())
    if not stripped:
        raise InvalidNumber(_excerpt(text), "empty; expected a number such as 4.956 or 32,5%")
    scanned = _scan(stripped, 0)
    if scanned is None:
        raise InvalidNumber(
            _excerpt(text, offset),
            "expected a number (optionally after gần, hơn, trên, khoảng, tối đa, ít nhất, dưới)",
            position=offset,
        )
    fig, end, _ = scanned
    if end != len(stripped):
        at = offset + _skip_spaces(stripped, end)
        rest, figure = stripped[end:].strip(), stripped[:end]
        rest = rest if len(rest) <= 30 else rest[:29] + "…"
        figure = figure if len(figure) <= 30 else "…" + figure[-29:]
        raise InvalidNumber(
            _excerpt(text, at),
            f"unexpected {rest!r} after the figure {figure!r}",
            position=at,
        )
    return attrs.evolve(fig, text=stripped, span=(offset, offset + end))


def format_figure(figure: Figure, *, unit: bool = True) -> str:
    """Write a figure the way a Vietnamese report prints it (``unit=False`` leaves the unit out).

    >>> format_figure(Figure.percent("32.5", hedge=Hedge.MORE_THAN))
    'hơn 32,5%'
    >>> format_figure(Figure(number="1.2", scale=Scale.MILLION, unit=Unit.VND))
    '1,2 triệu đồng'
    """
    parts = []
    if figure.hedge is not Hedge.EXACT:
        parts.append(figure.hedge.word)
    body = format_number(figure.number)
    if figure.denominator is not None:
        body += "/" + format_number(figure.denominator)
    if figure.scale is not Scale.ONE:
        body += " " + figure.scale.word
    if figure.unit is Unit.PERCENT:
        body += "%"
    parts.append(body)
    if unit and figure.unit is not None and figure.unit is not Unit.PERCENT:
        parts.append(figure.unit.label)
    return " ".join(parts)


_START_RE = re.compile(
    r"[0-9~]|(?<![^\W\d_])(?:"
    + "|".join(
        re.escape(w)
        for w in sorted({*_HEDGE_ALTERNATIVES, *_FIRST_WORDS}, key=len, reverse=True)
        if w[0].isalpha()
    )
    + r")(?![^\W\d_])",
    re.IGNORECASE,
)


def find_figures(text: str) -> Iterator[Figure]:
    """Every figure in a running text, left to right, with ``text`` and ``span`` set.

    Spans index into ``nfc(text)``.  Digits glued to letters (``QH15``,
    ``Covid-19``) and numbers that fail to parse are skipped; use
    :func:`qcdc.reports.extract_figures` to also skip dates and document numbers
    and to name what each figure measures.

    >>> [f.text for f in find_figures("giám sát hơn 3.000 vụ việc, đạt 97,8%.")]
    ['hơn 3.000 vụ việc', '97,8%']
    """
    source = nfc(text)
    pos = 0
    while True:
        m = _START_RE.search(source, pos)
        if m is None:
            return
        start = m.start()
        if (
            source[start].isdigit()
            and start > 0
            and (source[start - 1].isalnum() or source[start - 1] in "-/.,_")
        ):
            pos = _skip_token(source, start)
            continue
        if source[start].isalpha() and not _words_may_be_figure(source, start):
            pos = m.end()
            continue
        try:
            scanned = _scan(source, start)
        except InvalidNumber:
            scanned = None
        if scanned is None:
            pos = m.end()
            continue
        fig, end, in_words = scanned
        if end < len(source) and (source[end].isalpha() and source[end - 1].isdigit()):
            pos = _skip_token(source, start)
            continue
        if in_words and (fig.unit is None or fig.text in ("một", "Một") or fig.value == 1):
            # words in running text are a figure only with a unit ("hai mươi thôn"), and
            # never "một" (a, one of): "một xã" is "a commune"
            pos = end
            continue
        yield fig
        pos = end


def _words_may_be_figure(text: str, pos: int) -> bool:
    """A cheap test before :func:`_scan` at a word: a hedge, or a number in words other than
    ``một`` followed by a unit (``hai mươi thôn``, ``một trăm phần trăm``)."""
    if _word_at(text, pos, _HEDGES_BY_FIRST) is not None:
        return True
    spelt = _read_words(text, pos)
    if spelt is None or spelt[0] == 1:
        return False
    after = _skip_spaces(text, spelt[1])
    return _word_at(text, after, _UNITS_BY_FIRST) is not None or text.startswith("%", after)


def _skip_token(text: str, pos: int) -> int:
    while pos < len(text) and not text[pos].isspace():
        pos += 1
    return pos


# --- percentages ------------------------------------------------------------------------


def ratio_percent(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    """``100 * numerator / denominator`` as a Decimal (28 significant digits).

    >>> ratio_percent(2575, 7968).quantize(Decimal("0.01"))
    Decimal('32.32')
    """
    num = _decimal(numerator, "the numerator")
    den = _decimal(denominator, "the denominator")
    if den == 0:
        raise InvalidNumber(str(denominator), "a percentage of zero is undefined")
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal(100) * num / den


def percent_interval(numerator: Interval, denominator: Interval) -> Interval | None:
    """Every percentage ``100 * n / d`` for ``n``, ``d`` in the intervals (non-negative).

    ``None`` when the denominator may be zero (no percentage can be checked).
    """
    if denominator.lo is None or denominator.lo <= 0:
        return None
    n_lo = max(Decimal(0), numerator.lo) if numerator.lo is not None else Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 28
        lo = Decimal(0) if denominator.hi is None else 100 * n_lo / denominator.hi
        hi = None if numerator.hi is None else 100 * numerator.hi / denominator.lo
    return Interval(lo, hi)


def percent_matches(
    stated: Figure, numerator: Decimal | int | Figure, denominator: Decimal | int | Figure
) -> bool:
    """Whether a stated percentage agrees with ``numerator / denominator`` to its printed precision.

    ``32%`` allows 31,5 % to 32,5 %; ``32,3%`` allows 32,25 % to 32,35 %.
    Hedged figures (``hơn 87%``, or a hedged numerator) are compared in their
    direction only.
    """
    if not isinstance(stated, Figure) or not stated.is_percent:
        raise InvalidNumber(_excerpt(str(stated)), "expected a percentage")
    n = (
        numerator.interval()
        if isinstance(numerator, Figure)
        else Interval.point(_decimal(numerator, "the numerator"))
    )
    d = (
        denominator.interval()
        if isinstance(denominator, Figure)
        else Interval.point(_decimal(denominator, "the denominator"))
    )
    computed = percent_interval(n, d)
    if computed is None:
        return False
    return stated.interval().overlaps(computed)


def format_percent(value: Decimal, decimals: int = 1) -> str:
    """``Decimal("32.317")`` → ``"32,3%"``."""
    return format_number(value, decimals=decimals) + "%"


from qcdc._hypothesis_plugin import register_loaded as _register_with_hypothesis  # noqa: E402

_register_with_hypothesis()
