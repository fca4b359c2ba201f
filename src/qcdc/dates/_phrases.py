"""What surrounds a date as printed: clock times, weekdays, labels and leading phrases.

:func:`split_phrase` takes a folded phrase (``periods._fold``: lower case, no diacritics,
single spaces) and peels off, from the front and the back, what is not the date itself:

* a clock time before or after it (``"14:30 ngay 3/8/2024"``, ``"03/08/2024 09:15:22"``,
  ``"luc 8 gio 30 phut ngay …"``, ``"3:16:17 ch"``, ``"07:54 gmt+7"``), kept as a
  :class:`Clock`;
* a weekday before or after it (``"thu hai, 05/8/2024"``, ``"ngay 28/8 (thu nam)"``), kept
  so the caller checks it against the date;
* a label (``"ngay co hieu luc:"``, ``"cap nhat luc:"``), a leading phrase (``"tinh den"``,
  ``"ke tu"``, ``"tai thoi diem"``, ``"den het"``, ``"co hieu luc thi hanh tu"``, ``"vao"``,
  ``"hom nay"`` …), a part of the day (``"sang"``, ``"buoi chieu"``), parentheses and
  literal ``\\r\\n`` escapes.

Every pattern is anchored and its quantifiers bounded (the folded text has no runs of
spaces), so peeling is linear in the text.  :func:`diagnose` names why a phrase that is
no date is none (a duration, a clock time alone, a blank template …).
"""

from __future__ import annotations

import re

import attrs

__all__ = ["Clock", "Phrase", "diagnose", "split_phrase", "years_span"]

WEEKDAYS: dict[str, int] = {
    "thu hai": 0,
    "thu ba": 1,
    "thu tu": 2,
    "thu nam": 3,
    "thu sau": 4,
    "thu bay": 5,
    "chu nhat": 6,
    "thu 2": 0,
    "thu 3": 1,
    "thu 4": 2,
    "thu 5": 3,
    "thu 6": 4,
    "thu 7": 5,
    "t2": 0,
    "t3": 1,
    "t4": 2,
    "t5": 3,
    "t6": 4,
    "t7": 5,
    "cn": 6,
}
WD_ALT = "|".join(sorted((re.escape(k) for k in WEEKDAYS), key=len, reverse=True))


@attrs.frozen
class Clock:
    """A clock time as printed: hours, minutes, seconds, and a UTC offset in minutes."""

    hour: int
    minute: int
    second: int | None
    offset: int | None = None


@attrs.frozen
class Phrase:
    """A folded phrase split into the date itself and what was around it."""

    core: str
    clock: Clock | None
    weekdays: tuple[str, ...]
    later_year: str | None
    leading: tuple[str, ...]


_CLOCK_BODY = (
    r"(?P<h>[0-9]{1,2})\s?(?:h(?![a-z])|gio\b|:)\s?(?P<mi>[0-9]{1,2})?(?:\s?phut\b)?"
    r"(?::(?P<se>[0-9]{2}))?(?:\s?(?P<ap>sa|ch|am|pm)\b)?"
)
_CLOCK_RANGE_END = r"(?:\s?-\s?[0-9]{1,2}\s?(?:h(?![a-z])|gio\b|:)\s?(?:[0-9]{1,2})?)?"
_TZ = r"(?:\s?(?:gmt|utc)\s?(?P<tz>[+-]\s?[0-9]{1,2}(?::?[0-9]{2})?))?"

_P_OPEN = re.compile(r"(?:\(\s?|\\[rnt]|\|\s?)")
_P_LABEL = re.compile(r"[a-z][a-z ]{0,38}:\s?")
_P_LEADING = re.compile(
    r"(?P<lead>tinh den|tinh tu|ke tu|tai thoi diem|den het|cho den|den|"
    r"co hieu luc(?: thi hanh)?(?: ke tu| tu)?|ngay tu|tu|vao luc|vao|luc|"
    r"hom nay|hom qua|ngay mai|cap nhat(?: luc)?)\b\s?,?\s?"
)
_P_CLOCK = re.compile(r"(?:tu\s)?" + _CLOCK_BODY + _CLOCK_RANGE_END + r"\s?[,|]?\s?")
_P_PART_OF_DAY = re.compile(r"(?:buoi\s)?(?:sang|chieu|toi|trua|dem|khuya)(?:\snay)?\b\s?,?\s?")
_P_WEEKDAY = re.compile(r"(?:ngay\s)?(?P<wd>" + WD_ALT + r")\b\s?[,(]?\s?")
_P_DAY_WORD = re.compile(r"(?:cac\s)?(?:ngay|ngy)\b\s?:?\s?")
# "ngày Quốc khánh 2/9", "ngày Nhà giáo Việt Nam 20/11": a named day before a day and month
_P_NAMED_DAY = re.compile(
    r"(?:ngay|le)\s(?!(?:truoc|sau|mai|kia|hom|nay|cuoi|dau)\b)(?:[a-z]{1,12}\s){1,5}"
    r"(?=[0-9]{1,2}\s?[/.-]\s?[0-9])"
)
_PREFIXES = (_P_OPEN, _P_LABEL, _P_LEADING, _P_CLOCK, _P_PART_OF_DAY, _P_WEEKDAY)

_S_CLOSE = re.compile(r"\s?[).|]$|\.$")
_S_CLOCK = re.compile(
    r"[\s,|-]{0,4}(?:luc\s)?(?P<h>[0-9]{1,2})(?::|h(?![a-z])|\sgio\b)\s?(?P<mi>[0-9]{1,2})?"
    r"(?::(?P<se>[0-9]{2}))?(?:\s?(?P<ap>sa|ch|am|pm))?" + _TZ + r"$"
)
_S_WEEKDAY = re.compile(
    r"\s?(?:\(\s?(?P<wd>" + WD_ALT + r")\s?\)|,?\s(?:trung vao\s)?(?:ngay\s)?"
    r"(?P<wd2>" + WD_ALT + r"))$"
)
_S_LATER_YEAR = re.compile(r",\s[a-z ]{1,60}?\snam(?:\smoi)?\s(?P<y>[0-9]{4})$")

_ROUNDS = 12


def _clock(m: re.Match[str]) -> Clock | None:
    hour = int(m["h"])
    minute = int(m["mi"]) if m["mi"] else 0
    second = int(m["se"]) if m["se"] else None
    ap = m["ap"]
    if ap in ("ch", "pm") and hour < 12:
        hour += 12
    elif ap in ("sa", "am") and hour == 12:
        hour = 0
    offset = None
    tz = m.groupdict().get("tz")
    if tz:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].strip().replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
        offset = sign * (int(hours) * 60 + int(minutes))
    return Clock(hour, minute, second, offset)


def split_phrase(s: str) -> Phrase:
    """``s`` (folded) with what surrounds the date peeled off; see the module docstring."""
    clock: Clock | None = None
    weekdays: list[str] = []
    leading: list[str] = []
    later_year: str | None = None
    for _ in range(_ROUNDS):
        for pattern in _PREFIXES:
            m = pattern.match(s)
            if m is None or m.end() == 0:
                continue
            if pattern is _P_CLOCK:
                if clock is not None:
                    continue
                clock = _clock(m)
            elif pattern is _P_WEEKDAY:
                weekdays.append(m["wd"])
            elif pattern is _P_LEADING:
                leading.append(m["lead"])
            s = s[m.end() :]
            break
        else:
            break
    for _ in range(_ROUNDS):
        m = _S_WEEKDAY.search(s)
        if m is not None and m.start() > 0:
            weekdays.append(m["wd"] or m["wd2"])
            s = s[: m.start()]
            continue
        m = _S_CLOSE.search(s)
        if m is not None:
            s = s[: m.start()]
            continue
        m = _S_CLOCK.search(s) if clock is None else None
        if m is not None and m.start() > 0:
            clock = _clock(m)
            s = s[: m.start()]
            continue
        m = _S_LATER_YEAR.search(s) if later_year is None else None
        if m is not None and m.start() > 0:
            later_year = m["y"]
            s = s[: m.start()]
            continue
        break
    for pattern in (_P_NAMED_DAY, _P_DAY_WORD):
        m = pattern.match(s)
        if m is not None and m.end() < len(s) and s[m.end()].isdigit():
            s = s[m.end() :]
            break
    return Phrase(s.strip(" ,"), clock, tuple(weekdays), later_year, tuple(leading))


# "10 năm", "hơn 10 năm", "sau hơn 2 năm", "trong 5 năm qua", "hơn 10 năm thực hiện": a span
# of n years printed without the year it ends in (issue 13; real excerpts in
# tests/dates/test_phrasings.py).  "5 năm (2014 - 2018)" names its years: periods._P_SPAN.
_N_YEARS = re.compile(
    r"^(?:(?:sau|qua|trong)\s)?(?:(?:hon|gan|tren)\s)?(?P<n>[0-9]{1,2})\snam"
    r"(?:\s(?:qua|vua qua|thuc hien|trien khai))?$"
)


def years_span(s: str) -> int | None:
    """The *n* of a folded "*n* năm" period (``"hon 10 nam"`` → 10), or ``None``.

    The period is the *n* calendar years that end with the year of the reference date
    (the report's date): "hơn 10 năm" in a report of 2024 is 2015–2024.
    """
    m = _N_YEARS.match(s)
    return None if m is None else int(m["n"])


_DURATION = re.compile(
    r"^(?:khong qua\s|hon\s|gan\s)?[0-9][0-9.,]*\s(?:ngay|nam|thang|tuan|gio)\b"
    r"(?![a-z ]*[0-9]{1,2}\s?[/.-]\s?[0-9])"
)
_EVENT = re.compile(r"^(?:[a-z ]{0,40}\s)?(?:ke tu|tinh tu|tu)\sngay\s(?![0-9])[a-z]")
_BLANK = re.compile(r"^ngay\s(?:[_.\s]{0,12})thang\b")
_CLOCK_ONLY = re.compile(r"^(?:tu\s|truoc\s|trc\s)?[0-9]{1,2}\s?(?:h|gio|:)\s?[0-9]{0,2}\b")
_WEEKDAY_ONLY = re.compile(r"\b(?:thu [2-7]|thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|th [2-7])\b")
_RELATIVE = re.compile(
    r"\b(?:thang truoc|thang sau|nam truoc|ky bao cao|hang (?:ngay|tuan|thang))\b"
)
_LONG_YEAR = re.compile(r"\b(?P<y>[0-9]{5,})\b")


def diagnose(s: str) -> str | None:
    """Why the folded phrase ``s`` names no date, when the cause is recognisable."""
    m = _LONG_YEAR.search(s)
    if m is not None:
        digits = m["y"]
        if len(digits) == 8:
            return (
                f"{digits} is not a year: {len(digits)} digits (two years run together? "
                f"write {digits[:4]}–{digits[4:]})"
            )
        return f"{digits} is not a year: a {len(digits)}-digit number (years have four digits)"
    if s.startswith("cung ky"):
        return (
            "'cùng kỳ' is the same period of an earlier year; the period itself is not "
            "printed here (read the report's period, then move it to that year)"
        )
    if _BLANK.match(s) or "__" in s:
        return "the day is left blank (a template or a draft); no date is filled in"
    if _RELATIVE.search(s):
        return (
            "a recurring or relative window (every day, the reporting period …); no calendar date"
        )
    if _EVENT.match(s):
        return "counts from an event (signing, receipt …), not from a calendar date"
    if _DURATION.match(s):
        return "a duration or a count (days, months, years), not a date"
    if _CLOCK_ONLY.match(s) and not re.search(r"[0-9]{1,2}\s?[/.-]\s?[0-9]{1,2}", s):
        return "a clock time with no day and month"
    if _WEEKDAY_ONLY.search(s) and not re.search(r"[0-9]{1,2}\s?[/.-]\s?[0-9]{1,2}", s):
        return "names a weekday or an ordinal ('thứ năm'), with no day and month"
    if re.fullmatch(r"[0-9]{4}\snam\b.*", s):
        return "a number of years ('N năm'), not the year N"
    return None
