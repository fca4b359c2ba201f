"""Text in, report out: the figures of a Vietnamese review article, with their spans.

Used through :func:`qcdc.reports.extract_figures`.  The steps: find document
numbers (:func:`qcdc.directives.find_document_numbers`), dates, years, periods
and ordinals ("mức độ 3, 4", "lần thứ 6") and set them aside; read every other
figure with :func:`qcdc.numbers.find_figures` (either tone placement); name what each
one measures from its unit and the words around it, by classes of phrasing
(the private ``qcdc.reports._extract_rules``); leave out the figures of a part of the place.
:meth:`Extraction.find_place` reads the place through the gazetteer
(the private ``qcdc.reports._extract_place``).

>>> ex = extract_figures("Toàn Thành phố có 579 đơn vị hành chính cấp xã, gồm 383 xã.")
>>> [(f.metric, f.text) for f in ex.figures]
[('units.commune.total', '579 đơn vị hành chính cấp xã'), ('units.commune.by_kind.xã', '383 xã')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any

import attrs

from qcdc._optional import require
from qcdc.citations import Confidence
from qcdc.dates import Period, parse_date
from qcdc.errors import InputError, InvalidDate, QcdcError
from qcdc.numbers import Figure, find_figures
from qcdc.reports import _extract_rules as rules
from qcdc.reports._extract_place import FoundPlace
from qcdc.reports._format import dumps_report, report_from_mapping
from qcdc.reports.model import AnnualReport
from qcdc.text import canonical_tones, fold, nfc
from qcdc.units import Gazetteer

__all__ = [
    "ExtractedFigure",
    "Extraction",
    "FoundDate",
    "FoundDocument",
    "FoundPlace",
    "extract_figures",
]


@attrs.frozen
class ExtractedFigure:
    """A figure found in a text; ``metric`` is the report key it fills, or ``None``."""

    figure: Figure
    metric: str | None

    @property
    def span(self) -> tuple[int, int]:
        assert self.figure.span is not None
        return self.figure.span

    @property
    def text(self) -> str:
        assert self.figure.text is not None
        return self.figure.text


@attrs.frozen
class FoundDocument:
    """A document number found in a text; ``parsed`` is the DocumentNumber."""

    text: str
    span: tuple[int, int]
    parsed: Any


@attrs.frozen
class FoundDate:
    """A full date found in a text."""

    date: dt.date
    text: str
    span: tuple[int, int]


# --- what is not a figure --------------------------------------------------------------

_NOT_FIGURES = re.compile(
    r"""
    (?=[0-9ncstqgmlkđp])  # a prefilter: the first letters of the phrases below
    (?:
    \b[0-9]{1,2}\s*[/.-]\s*[0-9]{1,2}\s*[/.-]\s*[0-9]{4}\b          # 17/12/2021
  | \bngày\s+[0-9]{1,2}\s+tháng\s+[0-9]{1,2}(?:\s+năm\s+[0-9]{4})?  # ngày 17 tháng 12 năm 2021
  | (?:ngày|chiều|sáng|trưa|tối)\s+[0-9]{1,2}/[0-9]{1,2}\b          # chiều 17/12
  | \b(?:quý\s+[IV]+|tháng\s+[0-9]{1,2})\s*/\s*[0-9]{4}\b           # quý III/2023, tháng 7/2022
  | \b(?:năm|nhiệm\s+kỳ|giai\s+đoạn|niên\s+khóa)\s+[0-9]{4}(?:\s*[-–—]\s*[0-9]{4})?
  | \b[0-9]{4}\s*[-–—]\s*[0-9]{4}\b                                  # 2019–2021
  | \b[0-9]{1,2}\s+(?:tháng|năm)\b                                   # 9 tháng, 5 năm
  | \btháng\s+[0-9]{1,2}\b
  | \b(?:mức\s+độ|cấp\s+độ|lần\s+thứ|thứ|khóa|khoá|điều|khoản|điểm|mục|phụ\s+lục|mẫu)
        \s+[0-9]+(?:\s*[,.]\s*[0-9]+)*(?![0-9])
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_FULL_DATE = re.compile(
    r"\b[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}\b|\bngày\s+[0-9]{1,2}\s+tháng\s+[0-9]{1,2}\s+năm\s+[0-9]{4}",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\bnăm\s+([0-9]{4})\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;:!?\n](?![0-9])")
_CLAUSE_STOP = re.compile(r"[,.;:!?\n()]|[0-9]")


# --- naming what a figure measures: qcdc.reports._extract_rules ------------------------


# --- the extraction -----------------------------------------------------------------------


@attrs.frozen
class Extraction:
    """What :func:`qcdc.reports.extract_figures` found in a text.

    ``text`` is the text in NFC (the spans index into it).
    """

    text: str
    figures: tuple[ExtractedFigure, ...]
    documents: tuple[FoundDocument, ...]
    dates: tuple[FoundDate, ...]

    def metrics(self) -> dict[str, ExtractedFigure]:
        """The first figure found for each report key."""
        out: dict[str, ExtractedFigure] = {}
        for f in self.figures:
            if f.metric is not None and f.metric not in out:
                out[f.metric] = f
        return out

    def guess_period(self) -> Period | None:
        """The year the text speaks of most ("năm 2021"), as a period; ``None`` if none."""
        years = [int(m.group(1)) for m in _YEAR.finditer(self.text)]
        if not years:
            years = [d.date.year for d in self.dates]
        if not years:
            return None
        best = max(sorted(set(years)), key=years.count)
        return Period.for_year(best)

    def draft(
        self,
        *,
        place: str = "",
        period: Period | None = None,
        date: dt.date | None = None,
        source: str | None = None,
    ) -> dict[str, Any]:
        """The draft report as plain data in the file format (figures as printed)."""
        period = period or self.guess_period()
        data: dict[str, Any] = {
            "format": 1,
            "place": place,
            "period": _period_value(period),
        }
        first_date = date or (self.dates[0].date if self.dates else None)
        if first_date is not None:
            data["date"] = first_date
        data["source"] = {
            "document": source or _first_line(self.text),
            "confidence": Confidence.UNVERIFIED.value,
            "note": "draft written by qcdc extract; check every figure against the source",
        }
        for key, found in self.metrics().items():
            parts = key.split(".")
            if parts[0] == "units":
                level = data.setdefault("units", {}).setdefault(parts[1], {})
                if parts[2] == "by_kind":
                    level.setdefault("by_kind", {})[parts[3]] = found.text
                else:
                    level[parts[2]] = found.text
            else:
                data.setdefault(parts[0], {})[parts[1]] = found.text
        if "online_services" in data:
            data["online_services"]["level"] = "commune"
        docs = [{"number": d.text} for d in self.documents]
        if docs:
            data["documents"] = docs
        return data

    def report(
        self,
        *,
        place: str,
        period: Period | None = None,
        date: dt.date | None = None,
        source: str | None = None,
    ) -> AnnualReport:
        """The draft as an :class:`~qcdc.reports.AnnualReport` (needs the place's unit code)."""
        return report_from_mapping(self.draft(place=place, period=period, date=date, source=source))

    def to_toml(
        self,
        *,
        place: str | None = None,
        period: Period | None = None,
        date: dt.date | None = None,
        source: str | None = None,
        locate: bool = False,
        sentences: bool = False,
        gazetteer: Gazetteer | None = None,
    ) -> str:
        """A draft report file a person can correct, listing every figure found in comments.

        ``sentences=True`` writes under each figure the sentence it came from;
        ``locate=True`` fills ``place`` (when not given) with :meth:`find_place` and writes
        its evidence, or why no place was found, in a comment.
        """
        from qcdc._files import dumps_toml

        lines = [
            "# Draft written by `qcdc extract`. Check every figure against the source,",
            "# set `place` to the unit code (01 is Hà Nội) and fix the period and date.",
        ]
        lines.append("# Figures found (span: text -> key):")
        bounds = _Sentences(self.text) if sentences else None
        for f in self.figures:
            lines.append(
                f"#   {f.span[0]}–{f.span[1]}: {f.text!r} -> {f.metric or '(not recognised)'}"
            )
            if bounds is not None:
                lines.append(f"#       in: {_quote(self.text, *bounds.sentence(f.span))}")
        for d in self.documents:
            lines.append(f"#   {d.span[0]}–{d.span[1]}: document {d.text}")
        if place is None and locate:
            found = self.find_place(gazetteer, on=date)
            lines.append(f"# {found.comment()}")
            place = found.code
        data = self.draft(place=place or "", period=period, date=date, source=source)
        if place is None:
            lines.append("# TODO: place = the unit code of the place the report covers")
        if place is not None and period is not None:
            # a complete draft: write it in the canonical form
            try:
                return "\n".join(lines) + "\n" + dumps_report(report_from_mapping(data))
            except QcdcError:
                pass
        return dumps_toml(data, header="\n".join(lines))

    def find_place(
        self, gazetteer: Gazetteer | None = None, *, on: dt.date | None = None
    ) -> FoundPlace:
        """The province, district or commune the text is about, with the words that name it.

        Each unit the text names ("huyện Chư Păh", "TP.Vũng Tàu", a province by its name
        alone) is looked up in ``gazetteer`` (the embedded one by default) on ``on``: by
        default the first full date of the text, else the end of :meth:`guess_period`, else
        today, moved into the gazetteer's coverage when it falls outside.  The place is the
        broadest unit the text's figures are about, else the one unit named, else the most
        specific of units that lie in one another; when the text is ambiguous the result has
        no ``code`` and says why — qcdc does not guess.

        >>> ex = extract_figures("Năm 2022, huyện Chư Păh có 274 mô hình “Dân vận khéo”.")
        >>> found = ex.find_place()
        >>> found.code, found.name, found.evidence
        ('627', 'Huyện Chư Păh', (('huyện Chư Păh', (10, 23)),))
        """
        from qcdc import gazetteer as embedded
        from qcdc.reports import _extract_place

        if on is not None and (not isinstance(on, dt.date) or isinstance(on, dt.datetime)):
            raise InputError(
                f"on must be a date, got {type(on).__name__}",
                field="on",
                hint="pass datetime.date(2021, 12, 17), or nothing to take the text's date",
            )
        gz = gazetteer if gazetteer is not None else embedded()
        bounds = _Sentences(self.text)
        starts = [f.span[0] for f in self.figures]
        sentence_starts = [bounds.bounds(p)[0] for p in starts]
        folded = _folded(self.text)

        def on_date(day: dt.date) -> FoundPlace:
            return _extract_place.find_place(self.text, folded, starts, sentence_starts, gz, day)

        if on is None:
            period = self.guess_period()
            on = self.dates[0].date if self.dates else period.end if period else None
        if on is None:
            # no date: the newest unit list in which the text's names are units
            first = None
            for begin, _ in reversed(gz.snapshots):
                found = on_date(begin)
                first = first or found
                if found.code is not None:
                    return attrs.evolve(found, reason=f"{found.reason} (the text prints no date)")
            assert first is not None
            return attrs.evolve(first, reason=f"{first.reason} (the text prints no date)")
        begin, last = gz.coverage
        asked = min(max(on, begin), last - dt.timedelta(days=1)) if last else max(on, begin)
        found = on_date(asked)
        if asked != on:
            found = attrs.evolve(
                found,
                reason=f"{found.reason} (the text's date {on} is outside the gazetteer's coverage)",
            )
        return found

    def to_pandas(self) -> Any:
        """One row per figure: start, end, text, metric, value, hedge, unit."""
        pd = require("pandas")
        return pd.DataFrame(
            [
                {
                    "start": f.span[0],
                    "end": f.span[1],
                    "text": f.text,
                    "metric": f.metric,
                    "value": float(f.figure.value),
                    "hedge": f.figure.hedge.word,
                    "unit": f.figure.unit.label if f.figure.unit else None,
                }
                for f in self.figures
            ],
            columns=["start", "end", "text", "metric", "value", "hedge", "unit"],
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{f.span[0]}–{f.span[1]}</td><td>{html.escape(f.text)}</td>"
            f"<td><code>{html.escape(f.metric or '')}</code></td></tr>"
            for f in self.figures
        )
        return (
            "<table><thead><tr><th>span</th><th>figure</th><th>report key</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def _period_value(period: Period | None) -> Any:
    if period is None:
        return "năm ????"
    if period == Period.for_year(period.start.year):
        return f"năm {period.start.year}"
    return {"start": period.start, "end": period.end}


def _quote(text: str, start: int, end: int, limit: int = 240) -> str:
    """A sentence of the text on one line, shortened around its middle when long."""
    one = " ".join(text[start:end].split())
    return one if len(one) <= limit else one[: limit // 2 - 1] + " … " + one[-(limit // 2 - 2) :]


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            first = line.strip()
            return first if len(first) <= 120 else first[:117] + "…"
    return "(pasted text)"


class _Sentences:
    """The sentences of a text, found once: ``bounds(pos)`` in O(log n)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        self._starts = [m.end() for m in _SENTENCE_END.finditer(text)]

    def sentence(self, span: tuple[int, int]) -> tuple[int, int]:
        """``(start, end)`` of the sentence of a figure, its closing mark included."""
        start, end = self.bounds(span[0])
        return start, min(end + 1, len(self._text))

    def bounds(self, pos: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding ``pos``: after the last sentence end before
        ``pos``, to the first one at or after it.  A mark right before ``pos`` ends a
        sentence even when a digit follows (the figure starts there)."""
        text = self._text
        if pos and text[pos - 1] in ".;:!?\n":
            start = pos
        else:
            i = bisect.bisect_right(self._starts, pos)
            start = self._starts[i - 1] if i else 0
        j = bisect.bisect_left(self._ends, pos)
        return start, (self._ends[j] if j < len(self._ends) else len(text))


class _Folded(str):
    """A folded sentence that remembers which words it holds (a long sentence with many
    figures is searched once per word, not once per figure)."""

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        seen: dict[str, bool] = self.__dict__.setdefault("seen", {})
        found = seen.get(word)
        if found is None:
            found = seen[word] = str.__contains__(self, word)
        return found


def _iter_figures(text: str, masks: list[tuple[int, int]]) -> Iterator[Figure]:
    """The figures of ``text`` that overlap no mask, in one sweep (both come in order)."""
    ordered = sorted(masks)
    reach: list[int] = []  # reach[i]: the furthest end among the first i + 1 masks
    for _, end in ordered:
        reach.append(max(end, reach[-1]) if reach else end)
    starts = [start for start, _ in ordered]
    for fig in find_figures(text):
        assert fig.span is not None
        lo, hi = fig.span
        # masks that start before hi: does any of them end after lo?
        i = bisect.bisect_left(starts, hi)
        if i and reach[i - 1] > lo:
            continue
        yield fig


# the old tone placement of an open syllable ("hoà", "khoẻ", "thuỷ"; not "toàn", "quý")
_OLD_TONES = re.compile(r"(?<![qQ])(?:[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_COMMA = re.compile(",")
_NEWLINE = re.compile("\n")


class _FoldTable(dict[int, str]):
    """Code point → its fold (:func:`qcdc.text.fold` of the one character, a space for
    punctuation), filled as characters are met: a table for ``str.translate``."""

    def __missing__(self, key: int) -> str:
        f = fold(chr(key))
        value = self[key] = f if len(f) == 1 else " "
        return value


_FOLD_TABLE = _FoldTable()


def _folded(text: str) -> str:
    """``text`` folded character by character, the same length as ``text``: a span of it
    folds a span of the text, and collapsing its spaces gives what ``fold`` gives."""
    return text.translate(_FOLD_TABLE)


_BEFORE_REACH = 240  # characters of a sentence read before (and after) a figure
_WHOLE_NEXT = re.compile(r"\s*(?:trên|trong)\s+tổng\s+số\b", re.IGNORECASE)


def _other_places(
    labelled: list[tuple[Figure, str | None, int | None]],
    subjects: list[tuple[int, int, str, str]],
) -> list[ExtractedFigure]:
    """Unassign the figures of a part of the place: when sentences with figures name units
    of different levels ("tỉnh Lai Châu có 8 …"; "Huyện Tam Đường có 13 …"), the figures of
    the lower ones belong to another report than the text's."""
    ranks = {i: rules.rank(subjects[i][2], subjects[i][3]) for _, m, i in labelled if i is not None}
    top = min(ranks.values(), default=0)
    return [
        ExtractedFigure(fig, None if i is not None and ranks[i] > top else metric)
        for fig, metric, i in labelled
    ]


def _found_date(m: re.Match[str]) -> FoundDate | None:
    try:
        return FoundDate(parse_date(m.group(0)), m.group(0), m.span())
    except InvalidDate:
        return None


def extract_figures(text: str) -> Extraction:
    """Find the recurring figures of a Vietnamese review article, with their character spans.

    Returns an :class:`Extraction`: ``figures`` (each with its span, its text and, where
    recognised, the report key it fills, such as ``inspection.supervised``), the document
    numbers and dates found, and :meth:`Extraction.to_toml`, a draft report a person can
    correct.

    >>> ex = extract_figures("Ban Thanh tra nhân dân đã giám sát 4.956 vụ việc.")
    >>> [(f.metric, f.text, f.span) for f in ex.figures]
    [('inspection.supervised', '4.956 vụ việc', (35, 48))]
    """
    from qcdc.directives import find_document_numbers

    source = nfc(text)
    documents = tuple(
        FoundDocument(m.text, m.span, m.number) for m in find_document_numbers(source)
    )
    # read "hoà", "thuỷ" as "hòa", "thủy" (the same length in NFC: the spans stay true)
    reading = source
    if _OLD_TONES.search(source):
        placed = canonical_tones(source)
        if len(placed) == len(source):
            reading = placed
    masks = [d.span for d in documents]
    masks.extend(m.span() for m in _NOT_FIGURES.finditer(source))
    dates = [d for m in _FULL_DATE.finditer(source) if (d := _found_date(m)) is not None]
    found = list(_iter_figures(reading, masks))
    spans = [f.span for f in found if f.span is not None]
    if reading is not source:
        found = [
            f if f.text == source[lo:hi] else attrs.evolve(f, text=source[lo:hi])
            for f, (lo, hi) in zip(found, spans, strict=True)
        ]
    folded_text = _folded(reading)

    def words(lo: int, hi: int) -> str:
        return " ".join(folded_text[lo:hi].split())

    sentences = _Sentences(reading)
    commas = [m.start() for m in _COMMA.finditer(reading)]
    bodies = rules.bodies(folded_text)
    body_starts = [p for p, _ in bodies]
    plans = [m.start() for m in rules.PLANNED.finditer(folded_text)]
    newlines = [m.start() for m in _NEWLINE.finditer(reading)]
    subjects = rules.named_units(reading, folded_text)
    subject_starts = [s for s, *_ in subjects]
    folded: dict[int, _Folded] = {}
    bounds = [sentences.bounds(lo) for lo, _ in spans]
    labelled: list[tuple[Figure, str | None, int | None]] = []
    previous: str | None = None
    role: str | None = None
    for n, fig in enumerate(found):
        start, end = spans[n]
        s_start, s_end = bounds[n]
        same_before = n > 0 and bounds[n - 1][0] == s_start
        if not same_before:
            previous = role = None
        prev_end = spans[n - 1][1] if same_before else s_start
        same_after = n + 1 < len(found) and bounds[n + 1][0] == s_start
        next_start = spans[n + 1][0] if same_after else s_end
        k = bisect.bisect_left(commas, start)
        last_comma = commas[k - 1] if k and commas[k - 1] >= s_start else -1
        clause_start = max(last_comma + 1, s_start)
        stop = _CLAUSE_STOP.search(reading, end)
        right_end = min(stop.start() if stop else len(reading), s_end)
        sentence = folded.get(s_start)
        if sentence is None:
            folded.clear()  # figures come in order: an earlier sentence is not asked again
            sentence = folded[s_start] = _Folded(words(s_start, s_end))
        b = bisect.bisect_right(body_starts, start)
        q = bisect.bisect_left(newlines, start)
        para = newlines[q - 1] + 1 if q else 0
        p = bisect.bisect_left(plans, para)
        implied = None
        if fig.unit is None:
            m = rules.IMPLIED_UNIT.match(reading, end)
            if m is not None:
                implied = rules.IMPLIED[" ".join(m.group(1).lower().replace(",", ", ").split())]
        whole_next = _WHOLE_NEXT.match(reading, end) is not None
        if whole_next and fig.unit is None and implied is None and same_after:
            implied = found[n + 1].unit
            if implied is None:
                m = rules.IMPLIED_UNIT.match(reading, spans[n + 1][1])
                implied = rules.IMPLIED.get(m.group(1).lower()) if m else None
        ctx = rules.Context(
            left=words(clause_start, start),
            right=words(end, right_end) if right_end > end else "",
            lead=words(max(prev_end, start - _BEFORE_REACH), start),
            tail=words(end, min(next_start, end + _BEFORE_REACH)),
            before=words(max(s_start, start - _BEFORE_REACH), start),
            sentence=sentence,
            previous=previous,
            role=role,
            body=bodies[b - 1][1] if b else None,
            planned=p < len(plans) and plans[p] < start,
            mixed=fig.unit in rules.KIND_OF_UNIT
            and rules.MIXED_KINDS.match(reading, end) is not None,
            implied=implied,
            whole_next=whole_next,
        )
        metric, role = rules.label(fig, ctx)
        if metric is not None:
            previous = metric
        # the place the sentence speaks of: its first named unit before the figure
        j = bisect.bisect_left(subject_starts, s_start)
        subject = j if j < len(subjects) and subjects[j][0] < start else None
        labelled.append((fig, metric, subject))
    figures = _other_places(labelled, subjects)
    return Extraction(source, tuple(figures), documents, tuple(dates))
