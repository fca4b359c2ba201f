"""Days as printed: reading ``"ngày 17 tháng 12 năm 2021"``, ``"14:30 ngày 3/8/2024"``,
``"Thứ Hai, 05/8/2024"`` into a date (or a datetime), and writing a date back.

The public names live in :mod:`qcdc.dates.periods` (and :mod:`qcdc.dates`); this module
holds the reading of one day, which :mod:`~qcdc.dates.periods` builds its periods on.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
import unicodedata

from qcdc._bounds import excerpt as _excerpt
from qcdc._bounds import short_text_cache as _short_text_cache
from qcdc._bounds import shown as _shown
from qcdc.dates._coerce import as_date
from qcdc.dates._phrases import WEEKDAYS, Clock, diagnose, split_phrase
from qcdc.errors import AmbiguousDate, InputError, InvalidDate


def _year(year: object) -> int:
    """A calendar year 1–9999 (``datetime`` knows no other), or an :class:`InvalidDate`."""
    if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= 9999:
        raise InvalidDate(str(year)[:80], "a year must be a whole number from 1 to 9999")
    return year


_short = _shown  # how an error quotes the text (the kernel's rule)


def _shortened(exc: InvalidDate) -> InvalidDate:
    """``exc`` quoting at most 80 characters of its text (the reasons are short already)."""
    if len(exc.text) <= 80:
        return exc
    return type(exc)(_excerpt(exc.text, exc.position or 0), exc.reason, position=exc.position)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


# ---------------------------------------------------------------------------
# Text normalisation for dates
# ---------------------------------------------------------------------------

_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "đ": "d",
        "Đ": "d",
    }
)
_SPACE_RUN = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Lower case, no diacritics, ``đ`` → ``d``, dashes → ``-``, single spaces.

    Keeps punctuation (``/ - . ,``), so numeric dates survive.  For NFC input each
    output character stands for one input character.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_DASHES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE_RUN.sub(" ", bare.lower()).strip()


_WEEKDAYS = WEEKDAYS  # the weekday words, as _phrases reads them
_WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

_MONTH_WORDS: dict[str, int] = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
}
_LUNAR_MONTHS = ("gieng", "chap")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}

_WD_ALT = "|".join(sorted((re.escape(k) for k in _WEEKDAYS), key=len, reverse=True))
_MW_ALT = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_TIME_OF_DAY = r"(?:(?:buoi\s+)?(?:sang|chieu|toi|trua|dem|khuya)(?:\s+nay)?\s*,?\s*)"
_CLOCK = r"(?:[0-9]{1,2}\s*(?:h|gio|:)\s*(?:[0-9]{1,2})?\s*(?:phut)?\s*,?\s*)"

# the prefix before the date itself: place, time of day, clock time, weekday
_PREFIX = (
    r"^(?:(?P<place>[^,0-9]+?)\s*,\s*(?=(?:ngay|" + _WD_ALT + r")\b))?"
    r"(?:" + _CLOCK + r")?"
    r"(?:" + _TIME_OF_DAY + r")?"
    r"(?:(?P<wd>" + _WD_ALT + r")\b\s*[,(]?\s*)?"
    r"(?:ngay\s*:?\s*)?"
)
_NUMERIC = re.compile(
    _PREFIX
    + r"(?P<d>[0-9]{1,2})\s*(?P<sep>[/.-])\s*(?P<m>[0-9]{1,3})"
    + r"(?:\s*(?:(?P=sep)|,?\s*nam)\s*(?P<y>[0-9]{1,8}))?\s*\)?\.?$"
)
_WORDS = re.compile(
    _PREFIX
    + r"(?P<d>[0-9]{1,2})\s*,?\s+thang\s+(?:(?P<m>[0-9]{1,2})|(?P<mw>"
    + _MW_ALT
    + r"|gieng|chap))\b"
    + r"(?:\s*(?:,?\s*nam|/|-|,)\s*(?P<y>[0-9]{1,8}))?\s*\)?\.?$"
)
_ISO = re.compile(r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})$")
_DAY_RANGE = re.compile(
    _PREFIX
    + r"(?P<d1>[0-9]{1,2})\s*(?:-|va|,)\s*(?P<d2>[0-9]{1,2})\s*(?P<sep>[/.-])\s*(?P<m>[0-9]{1,2})"
    + r"(?:\s*(?P=sep)\s*(?P<y>[0-9]{4}))?\s*$"
)
_ISO_DATETIME = re.compile(
    r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})[t ](?P<h>[0-9]{2}):(?P<mi>[0-9]{2})"
    r"(?::(?P<se>[0-9]{2}))?(?:\.[0-9]{1,6})?(?P<z>z)?$"
)
_END_OF_MONTH = re.compile(
    r"^cuoi\s+thang\s+(?P<m>[0-9]{1,2})(?:\s*[/.-]\s*|\s+nam\s+)(?P<y>[0-9]{4})$"
)
_HAS_CLOCK = re.compile(r"[0-9]\s?(?:h|gio\b|:)")
_RANGE_WORDS = re.compile(r"[0-9]\s(?:den|toi)\s")
_FAST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")


def _year_of(text: str, raw: str | None, reference: dt.date | None) -> int:
    if raw is None:
        if reference is None:
            raise AmbiguousDate(
                text, "the year is missing; pass reference= (a date in the year meant)"
            )
        return reference.year
    if len(raw) == 4:
        if raw == "0000":
            raise InvalidDate(text, "year must be 1–9999, got 0000")
        return int(raw)
    if len(raw) == 2:
        raise AmbiguousDate(text, f"two-digit year {raw!r}: write the year in full (e.g. 20{raw})")
    if len(raw) > 4:
        raise InvalidDate(text, f"year must have four digits, got a {len(raw)}-digit year {raw!r}")
    raise InvalidDate(text, f"year must have four digits, got {raw!r}")


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _make_date(text: str, year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise InvalidDate(text, f"month must be 1–12, got {month}: there is no month {month}")
    if not 1 <= year <= 9999:
        raise InvalidDate(text, f"year must be 1–9999, got {year}")
    last = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        if month == 2 and day == 29:
            cause = f"{year} is a common year (not a leap year): February has 28 days"
        elif 1 <= day <= 31:
            cause = f"{_MONTH_NAMES[month - 1]} has {last} days"
        else:
            cause = "no month has that day"
        raise InvalidDate(text, f"day must be 1–{last} in {month:02d}/{year}, got {day}: {cause}")
    return dt.date(year, month, day)


def _check_weekday(text: str, wd: str | None, value: dt.date) -> None:
    if wd is None:
        return
    said = _WEEKDAYS[_SPACE_RUN.sub(" ", wd)]
    if said != value.weekday():
        raise InvalidDate(
            text,
            f"{format_date(value)} is a {_WEEKDAY_NAMES[value.weekday()]}, "
            f"not a {_WEEKDAY_NAMES[said]}; check the day or the weekday",
        )


def parse_date(text: str, reference: dt.date | None = None) -> dt.date:
    """Read a Vietnamese date.

    Accepts ``"ngày 17 tháng 12 năm 2021"``, ``"17/12/2021"``, ``"17-12-2021"``,
    ``"17.12.2021"``, ``"2021-12-17"``, with a place (``"Hà Nội, ngày …"``), a time of
    day (``"Chiều 17/12"``), a clock time (``"14h30 ngày …"``) or a weekday
    (``"Thứ Sáu, 22/01/2021"``, checked against the date) before it, month names in
    words (``"tháng Tư"``), with or without diacritics.  Day comes first:
    ``"Ngày 6-7"`` is 6 July.  A day and month with no year take the year of
    ``reference``.

    Raises :class:`~qcdc.errors.InvalidDate` for text that is not a date or a day
    that does not exist, and :class:`~qcdc.errors.AmbiguousDate` for a missing year
    without ``reference``, a two-digit year, or two days ("ngày 6-7/7").

    >>> parse_date("Thứ Sáu, 22/01/2021")
    datetime.date(2021, 1, 22)
    >>> parse_date("ngày 30 tháng Tư năm 2025")
    datetime.date(2025, 4, 30)
    """
    if type(text) is str:
        m = _FAST.fullmatch(text)
        if m is not None:
            d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if 1 <= mo <= 12 and 1 <= d <= 28 and y >= 1:
                return dt.date(y, mo, d)
    _check_args(text, reference)
    try:
        return _parse_date_slow(text, None if reference is None else as_date(reference))
    except InvalidDate as exc:
        raise _shortened(exc) from None


def parse_datetime(text: str, reference: dt.date | None = None) -> dt.datetime:
    """Read a Vietnamese date with the clock time printed before or after it.

    ``"14:30 ngày 3/8/2024"``, ``"03/08/2024 09:15:22"``, ``"lúc 8 giờ 30 phút ngày
    …"``, ``"07 giờ 30 ngày 07/01/2021"``, ``"Thứ Năm, 15/10/2020, 16:21"``,
    ``"20/07/2012 3:16:17 CH"`` (``SA``/``CH``: morning/afternoon),
    ``"2018-12-25T17:59:19"``.  The date is read as :func:`parse_date` reads it.  The
    datetime is naive (local time as printed) unless an offset is printed
    (``"GMT+7"``, ``"Z"``).  A clock range (``"từ 7h30 - 9h00"``) gives its start.

    Raises :class:`~qcdc.errors.InvalidDate` when no clock time is printed (use
    :func:`parse_date`) or the time does not exist (``25:00``).

    >>> parse_datetime("14:30 ngày 3/8/2024")
    datetime.datetime(2024, 8, 3, 14, 30)
    >>> parse_datetime("lúc 8 giờ 30 phút ngày 05/8/2024")
    datetime.datetime(2024, 8, 5, 8, 30)
    """
    _check_args(text, reference)
    try:
        day, clock = _read_date(text, None if reference is None else as_date(reference))
    except InvalidDate as exc:
        raise _shortened(exc) from None
    if clock is None:
        raise _shortened(
            InvalidDate(text, "no clock time is printed; use parse_date() for a date alone")
        )
    zone = None
    if clock.offset is not None:
        if not -24 * 60 < clock.offset < 24 * 60:
            raise _shortened(InvalidDate(text, f"no such UTC offset ({clock.offset} minutes)"))
        zone = dt.timezone(dt.timedelta(minutes=clock.offset))
    return dt.datetime(
        day.year, day.month, day.day, clock.hour, clock.minute, clock.second or 0, tzinfo=zone
    )


def _check_args(text: object, reference: object) -> None:
    if not isinstance(text, str):
        raise InvalidDate(_short(text), "must be a string")
    if reference is not None and not isinstance(reference, dt.date):
        raise InvalidDate(_short(text), f"reference must be a datetime.date, got {reference!r}")


@_short_text_cache(maxsize=8192)
def _parse_date_slow(text: str, reference: dt.date | None) -> dt.date:
    return _read_date(text, reference)[0]


def _read_date(text: str, reference: dt.date | None) -> tuple[dt.date, Clock | None]:
    """The date of ``text`` and the clock time printed with it, if any."""
    folded = _fold(text)
    if not folded:
        raise InvalidDate(text, "is empty; expected a date such as 17/12/2021")
    try:
        return _read_folded(text, folded, reference)
    except AmbiguousDate:
        raise
    except InvalidDate as exc:
        cause = diagnose(folded)
        if cause is not None and exc.reason.startswith("expected"):
            raise InvalidDate(text, cause) from None
        raise


def _read_folded(text: str, folded: str, reference: dt.date | None) -> tuple[dt.date, Clock | None]:
    m = _ISO_DATETIME.match(folded)
    if m is not None:
        value = _make_date(text, int(m["y"]), int(m["m"]), int(m["d"]))
        offset = 0 if m["z"] else None
        second = int(m["se"]) if m["se"] else None
        return value, _checked_clock(text, Clock(int(m["h"]), int(m["mi"]), second, offset))
    if _HAS_CLOCK.search(folded) is None:
        # the forms qcdc 0.1 read: one anchored match, nothing to peel (the common case)
        try:
            return _core_date(text, folded, reference), None
        except InvalidDate:
            pass
    phrase = split_phrase(folded)
    s = phrase.core
    if not s:
        raise InvalidDate(
            text,
            diagnose(folded)
            or "expected a date such as 17/12/2021 or 'ngày 17 tháng 12 năm 2021' "
            "after its leading words",
        )
    if phrase.later_year is not None and reference is None:
        reference = dt.date(int(phrase.later_year), 1, 1)
    try:
        value = _core_date(text, s, reference)
    except InvalidDate as exc:
        if exc.position is None or type(exc) is not InvalidDate:
            raise
        at = folded.find(s)
        raise InvalidDate(text, exc.reason, position=exc.position + max(at, 0)) from None
    for wd in phrase.weekdays:
        _check_weekday(text, wd, value)
    return value, _checked_clock(text, phrase.clock)


def _checked_clock(text: str, clock: Clock | None) -> Clock | None:
    """``clock``, or an :class:`InvalidDate` for a time no clock shows (25:00, 10:61)."""
    if clock is None:
        return None
    if 0 <= clock.hour <= 23 and 0 <= clock.minute <= 59 and 0 <= (clock.second or 0) <= 59:
        return clock
    second = "" if clock.second is None else f":{clock.second:02d}"
    raise InvalidDate(
        text,
        f"no such clock time {clock.hour:02d}:{clock.minute:02d}{second} "
        "(hours are 0–23, minutes and seconds 0–59)",
    )


def _core_date(text: str, s: str, reference: dt.date | None) -> dt.date:
    m = _ISO.match(s)
    if m is not None:
        return _make_date(text, int(m["y"]), int(m["m"]), int(m["d"]))
    m = _NUMERIC.match(s)
    if m is not None:
        year = _year_of(text, m["y"], reference)
        value = _make_date(text, year, int(m["m"]), int(m["d"]))
        _check_weekday(text, m["wd"], value)
        return value
    m = _WORDS.match(s)
    if m is not None:
        if m["mw"] in _LUNAR_MONTHS:
            raise InvalidDate(
                text,
                f"'tháng {m['mw']}' names a lunar month; qcdc reads solar dates only",
                position=m.start("mw"),
            )
        month = int(m["m"]) if m["m"] is not None else _MONTH_WORDS[m["mw"]]
        year = _year_of(text, m["y"], reference)
        value = _make_date(text, year, month, int(m["d"]))
        _check_weekday(text, m["wd"], value)
        return value
    m = _END_OF_MONTH.match(s)
    if m is not None:
        year = _year_of(text, m["y"], reference)
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise InvalidDate(text, f"month must be 1–12, got {month}")
        return _month_end(_year(year), month)
    m = _DAY_RANGE.match(s)
    if m is not None:
        raise AmbiguousDate(
            text,
            f"names two days ({m['d1']} and {m['d2']}); use parse_period() for a range",
        )
    if _RANGE_WORDS.search(s):
        raise AmbiguousDate(text, "names a range of days; use parse_period() for a range")
    position = _first_bad_position(s)
    raise InvalidDate(
        text,
        "expected a date such as 17/12/2021 or 'ngày 17 tháng 12 năm 2021'",
        position=position,
    )


def _first_bad_position(folded: str) -> int:
    """Where the date part seems to end: the first digit, else 0."""
    for i, ch in enumerate(folded):
        if ch.isdigit():
            return i
    return 0


def format_date(d: dt.date, style: str = "numeric") -> str:
    """Write a date the Vietnamese way.

    ``style="numeric"``: ``"17/12/2021"`` (two-digit day and month).
    ``style="long"``: ``"ngày 17 tháng 12 năm 2021"``, padding days below 10 and
    months 1 and 2 with a zero as Nghị định 30/2020/NĐ-CP asks.
    ``style="weekday"``: ``"thứ Sáu, 22/01/2021"``.

    >>> format_date(dt.date(2020, 1, 5), "long")
    'ngày 05 tháng 01 năm 2020'
    >>> format_date(dt.date(2021, 1, 22), "weekday")
    'thứ Sáu, 22/01/2021'
    """
    d = as_date(d)
    if style == "numeric":
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    if style == "long":
        month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
        return f"ngày {d.day:02d} tháng {month} năm {d.year:04d}"
    if style == "weekday":
        return f"{_WEEKDAY_NAMES[d.weekday()]}, {d.day:02d}/{d.month:02d}/{d.year:04d}"
    raise InputError(f"style must be 'numeric', 'long' or 'weekday', got {style!r}", field="style")
