"""The place an article is about: the units it names, read through the gazetteer on its date.

Private to :mod:`qcdc.reports.extract` (:meth:`Extraction.find_place`).  A unit is named
with its type word ("huyện Chư Păh", "TP.Vũng Tàu", "tỉnh Thừa Thiên - Huế") or, for a
province, by its name alone ("Tại Nghệ An"); each mention is looked up with
:meth:`qcdc.units.Gazetteer.find` on the article's date, an ambiguous one again within the
other units the text names ("xã Xuân Giang (huyện Sóc Sơn)").  The place is then:

* the unit the figures are about: the broadest unit a sentence names before its figures
  (a paragraph on a province that quotes one district's figures is about the province);
* else the one unit named, or the most specific of units that lie in one another;
* else nothing, with the reason ("names several units of one level: …"): never a guess.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence

import attrs

from qcdc.errors import QcdcError
from qcdc.reports import _extract_rules as rules
from qcdc.units import AdministrativeUnit, Gazetteer, UnitLevel

_LEVEL_RANK = {UnitLevel.PROVINCE: 1, UnitLevel.DISTRICT: 2, UnitLevel.COMMUNE: 3}
# two to four capitalised words: a province named without its type word ("Tại Nghệ An")
_BARE_NAME = re.compile(
    rf"(?<![\w.])[{rules.UPPER}][\w]*(?:(?:\s+|\s*[-–]\s*)[{rules.UPPER}][\w]*){{1,3}}"
)


@attrs.frozen
class FoundPlace:
    """The place an article is about, as :meth:`Extraction.find_place` found it.

    ``code`` and ``name`` are the unit's (``None`` when none was found or the text is
    ambiguous); ``evidence`` the words that name it, each with its span in the text;
    ``on`` the date the gazetteer was asked; ``reason`` why this unit, or why none.
    """

    code: str | None
    name: str | None
    on: dt.date
    evidence: tuple[tuple[str, tuple[int, int]], ...]
    reason: str

    def comment(self) -> str:
        """One line for a draft: the place and its evidence, or why there is none."""
        if self.code is None:
            return f"place not found: {self.reason}"
        where = ", ".join(f"{text!r} at {a}–{b}" for text, (a, b) in self.evidence)
        return f"place = {self.code} ({self.name}): {where}; {self.reason}"


@attrs.frozen
class _Mention:
    span: tuple[int, int]
    text: str
    unit: AdministrativeUnit | None  # the unit, when the gazetteer names exactly one
    candidates: tuple[AdministrativeUnit, ...] = ()  # the equally good ones, when ambiguous


def _lookup(gz: Gazetteer, query: str, on: dt.date, level: str | None = None) -> _Mention | None:
    try:
        found = gz.find(query, on=on, level=level)
    except QcdcError:
        return None
    if found.status == "not_found" or not found.candidates:
        return None
    top = tuple(c.unit for c in found.candidates if c.score == found.candidates[0].score)
    unit = top[0] if found.status == "exact" else None
    return _Mention((0, 0), query, unit, () if unit is not None else top)


def _mentions(text: str, folded: str, gz: Gazetteer, on: dt.date) -> list[_Mention]:
    out: list[_Mention] = []
    typed = rules.named_units(text, folded)
    for start, end, type_word, name in typed:
        found = _lookup(gz, f"{type_word} {name}", on)
        out.append(
            attrs.evolve(found, span=(start, end), text=text[start:end])
            if found is not None
            else _Mention((start, end), text[start:end], None)
        )
    covered = [(s, e) for s, e, *_ in typed]
    for m in _BARE_NAME.finditer(text):
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in covered):
            continue
        bare = _bare_province(text, m, gz, on)
        if bare is not None:
            out.append(bare)
    out.sort(key=lambda x: x.span)
    return out


def _bare_province(text: str, m: re.Match[str], gz: Gazetteer, on: dt.date) -> _Mention | None:
    """The longest run of the capitalised words that names a province ("Tại Nghệ An")."""
    words = [(m.start() + w.start(), m.start() + w.end()) for w in _WORD.finditer(m.group(0))]
    for size in range(len(words), 1, -1):
        for i in range(len(words) - size + 1):
            start, end = words[i][0], words[i + size - 1][1]
            found = _lookup(gz, text[start:end], on, level="province")
            if found is not None and found.unit is not None:
                return attrs.evolve(found, span=(start, end), text=text[start:end])
    return None


_WORD = re.compile(r"[^\W\d_]\w*")


def _settle(mentions: list[_Mention], gz: Gazetteer, on: dt.date) -> list[_Mention]:
    """An ambiguous mention is taken as the one candidate that lies in a unit the text
    names without ambiguity ("xã Xuân Giang (huyện Sóc Sơn)")."""
    known = {m.unit.code for m in mentions if m.unit is not None}
    out = []
    for m in mentions:
        if m.unit is None and m.candidates:
            inside = [
                c for c in m.candidates if known & {a.code for a in gz.ancestors(c.code, on=on)}
            ]
            if len(inside) == 1:
                m = attrs.evolve(m, unit=inside[0], candidates=())
        out.append(m)
    return out


def find_place(
    text: str,
    folded: str,
    figure_starts: Sequence[int],
    sentence_starts: Sequence[int],
    gz: Gazetteer,
    on: dt.date,
) -> FoundPlace:
    """The place ``text`` is about (see the module docstring); ``figure_starts`` are the
    figures' positions, ``sentence_starts`` the start of each one's sentence."""
    mentions = _settle(_mentions(text, folded, gz, on), gz, on)
    named = [(m, m.unit) for m in mentions if m.unit is not None]
    if not named:
        unknown = [m.text for m in mentions]
        why = f"no unit of the gazetteer on {on} is named" + (
            f" (not found or ambiguous: {', '.join(unknown)})" if unknown else ""
        )
        return FoundPlace(None, None, on, (), why)
    starts = [m.span[0] for m, _ in named]
    # the unit each figure is about: the first unit its sentence names before it
    subjects: list[AdministrativeUnit] = []
    for pos, s_start in zip(figure_starts, sentence_starts, strict=True):
        i = bisect.bisect_left(starts, s_start)
        if i < len(named) and starts[i] < pos:
            subjects.append(named[i][1])
    if subjects:
        top = min(_rank(u) for u in subjects)
        units = {u.code: u for u in subjects if _rank(u) == top}
        if len(units) == 1:
            unit = next(iter(units.values()))
            count = sum(1 for u in subjects if u == unit)
            return _found(unit, named, on, f"the unit the text's figures are about ({count})")
        return FoundPlace(
            None, None, on, (), "the figures are about several units: " + _names(units.values())
        )
    units = {u.code: u for _, u in named}
    if len(units) == 1:
        return _found(next(iter(units.values())), named, on, "the only unit named")
    deepest = max(units.values(), key=_rank)
    above = {a.code for a in gz.ancestors(deepest.code, on=on)} | {deepest.code}
    if set(units) <= above:
        return _found(deepest, named, on, "the most specific of the units named (one in another)")
    return FoundPlace(None, None, on, (), "names several units: " + _names(units.values()))


def _rank(unit: AdministrativeUnit) -> int:
    return _LEVEL_RANK.get(unit.level, 3)


def _names(units: Iterable[AdministrativeUnit]) -> str:
    return ", ".join(f"{u.code} {u.name}" for u in units)


def _found(
    unit: AdministrativeUnit,
    named: list[tuple[_Mention, AdministrativeUnit]],
    on: dt.date,
    why: str,
) -> FoundPlace:
    evidence = tuple((m.text, m.span) for m, u in named if u == unit)
    return FoundPlace(unit.code, unit.name, on, evidence, f"{why}; gazetteer on {on}")
