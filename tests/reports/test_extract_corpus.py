"""The extraction over 57 real article paragraphs (issue 14 §3/§4, acceptance "Extraction").

``tests/data/real/articles.jsonl`` holds each paragraph as printed, with the report key every
printed figure should get (or ``null`` and the reason no key holds it) and the place the
paragraph is about; ``tests/data/real/ARTICLES.md`` says how it was gathered.  The expected
readings were written by hand, never from qcdc's output.

A figure's reading is *right* (the expected key), *wrong* (another key, or a key where none is
expected — including a key on anything the paragraph does not print as a figure) or
*unassigned* (no key, or not found as a figure).  The acceptance: at least 90 % of the figures
that have a key get it, at most 2 % of all figures get a wrong one, and the place is found in
at least 90 % of the paragraphs that name one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from qcdc.reports import extract_figures
from qcdc.reports.extract import Extraction

CORPUS = Path(__file__).parent.parent / "data" / "real" / "articles.jsonl"


def _records() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


RECORDS = _records()


@attrs.frozen
class Reading:
    record: str
    printed: str
    expected: str | None
    got: str | None

    @property
    def verdict(self) -> str:
        if self.got is None:
            return "right" if self.expected is None else "unassigned"
        return "right" if self.got == self.expected else "wrong"


def _readings(record: dict[str, Any], ex: Extraction) -> Iterator[Reading]:
    claimed: set[int] = set()
    for fig in record["figures"]:
        lo = fig["start"]
        hi = lo + len(fig["printed"])
        found = [i for i, f in enumerate(ex.figures) if f.span[0] < hi and lo < f.span[1]]
        got = ex.figures[found[0]].metric if found else None
        claimed.update(found[:1])
        yield Reading(record["id"], fig["printed"], fig["metric"], got)
    for i, f in enumerate(ex.figures):
        if i not in claimed and f.metric is not None:
            # a key on something the paragraph does not print as a figure of its own
            yield Reading(record["id"], f.text, None, f.metric)


def _all_readings() -> list[Reading]:
    return [r for rec in RECORDS for r in _readings(rec, extract_figures(rec["paragraph"]))]


def test_the_corpus_is_well_formed() -> None:
    import unicodedata

    ids = [r["id"] for r in RECORDS]
    assert len(ids) == len(set(ids)) >= 40
    for rec in RECORDS:
        text = rec["paragraph"]
        assert unicodedata.normalize("NFC", text) == text and len(text) <= 700, rec["id"]
        assert rec["url"].startswith("http"), rec["id"]
        for fig in rec["figures"]:
            assert text[fig["start"] :].startswith(fig["printed"]), (rec["id"], fig)
            assert (fig["metric"] is None) == bool(fig.get("reason")), (rec["id"], fig)
        if rec["place"] is not None:
            assert set(rec["place"]) == {"name", "code"}, rec["id"]


def test_figure_rates_meet_the_acceptance(capsys: pytest.CaptureFixture[str]) -> None:
    readings = _all_readings()
    keyed = [r for r in readings if r.expected is not None]
    right = sum(r.verdict == "right" for r in keyed)
    unassigned = sum(r.verdict == "unassigned" for r in keyed)
    wrong = [r for r in readings if r.verdict == "wrong"]
    total = len(readings)
    with capsys.disabled():
        print(
            f"\nextraction corpus: {len(RECORDS)} paragraphs, {total} figures, "
            f"{len(keyed)} with a key: right {right} ({right / len(keyed):.1%}), "
            f"unassigned {unassigned} ({unassigned / len(keyed):.1%}); "
            f"wrong key {len(wrong)} of {total} ({len(wrong) / total:.1%})"
        )
        for r in wrong:
            print(f"  wrong: {r.record} {r.printed!r}: expected {r.expected}, got {r.got}")
        for r in keyed:
            if r.verdict == "unassigned":
                print(f"  unassigned: {r.record} {r.printed!r}: expected {r.expected}")
    assert right / len(keyed) >= 0.90
    assert len(wrong) / total <= 0.02


def test_place_rate_meets_the_acceptance(capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    from qcdc import gazetteer

    gz = gazetteer()
    named = found = 0
    claims: list[str] = []
    misses: list[str] = []
    for rec in RECORDS:
        on = dt.date.fromisoformat(rec["published"]) if rec["published"] else None
        place = extract_figures(rec["paragraph"]).find_place(gz, on=on)
        if rec["place"] is None:
            if place.code is not None:
                claims.append(f"{rec['id']}: {place.comment()}")
            continue
        named += 1
        if place.code == rec["place"]["code"]:
            found += 1
            assert place.evidence and all(
                rec["paragraph"][a:b] == text for text, (a, b) in place.evidence
            )
        else:
            misses.append(f"{rec['id']}: expected {rec['place']['code']}, {place.comment()}")
    with capsys.disabled():
        print(
            f"\nplaces: found {found} of {named} paragraphs that name one ({found / named:.1%}); "
            f"a place claimed in {len(claims)} of {len(RECORDS) - named} that name none"
        )
        for line in misses + claims:
            print("  " + line)
    assert found / named >= 0.90
