"""Document numbers as printed on real pages (issue 14 §1, acceptance).

tests/data/real/document_numbers.jsonl holds 356 numbers copied from news sites,
provincial portals and legal-text aggregators, with the reading expected of each
(number, year, type, issuers, drafting unit, system, canonical spelling), and 30
texts that look like numbers and are not.  The suite prints the exact-match rate,
overall and per oddity label, and holds the issue's bar: at least 98 % read exactly,
no wrong reading among those read with a warning, every non-number rejected with a
reason.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any

import pytest

from qcdc.directives import DocumentNumber, find_document_numbers
from qcdc.errors import InvalidDocumentNumber

CORPUS = Path(__file__).parents[1] / "data" / "real" / "document_numbers.jsonl"
RECORDS: list[dict[str, Any]] = [
    json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()
]
POSITIVES = [r for r in RECORDS if r["expect"] is not None]
NEGATIVES = [r for r in RECORDS if r["expect"] is None]


def reading(x: DocumentNumber) -> dict[str, Any]:
    """The fields the corpus states, in its own keys."""
    return {
        "system": x.system,
        "number": x.number,
        "year": x.year,
        "type": x.kind_code,
        "issuers": list(x.issuers),
        "unit": x.unit_code,
        "canonical": str(x),
    }


def outcome(record: dict[str, Any]) -> tuple[bool, DocumentNumber | None, str | None]:
    """(read exactly, the reading, the rejection's reason) for one record."""
    try:
        x = DocumentNumber.parse(record["text"])
    except InvalidDocumentNumber as exc:
        return record["expect"] is None, None, exc.expected
    return record["expect"] is not None and reading(x) == record["expect"], x, None


def test_the_corpus_has_its_stated_shape() -> None:
    assert len(POSITIVES) >= 300
    assert len(NEGATIVES) >= 20
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    for r in POSITIVES:
        assert set(r["expect"]) == {
            "system",
            "number",
            "year",
            "type",
            "issuers",
            "unit",
            "canonical",
        }, r["id"]


def test_at_least_98_percent_of_the_corpus_is_read_exactly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    exact = 0
    per_total: collections.Counter[str] = collections.Counter()
    per_exact: collections.Counter[str] = collections.Counter()
    misses = []
    for r in RECORDS:
        good, x, reason = outcome(r)
        exact += good
        for label in r["oddities"] or ["(none)"]:
            per_total[label] += 1
            per_exact[label] += good
        if not good:
            misses.append(f"  {r['id']} {r['text']!r}: {str(x) if x else reason}")
    rate = exact / len(RECORDS)
    with capsys.disabled():
        print(f"\ndocument numbers read exactly: {exact}/{len(RECORDS)} = {rate:.1%}")
        for label, total in sorted(per_total.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {per_exact[label]:>3}/{total:<3} {label}")
        print("not read exactly:\n" + "\n".join(misses))
    assert rate >= 0.98


@pytest.mark.parametrize("record", POSITIVES, ids=[r["id"] for r in POSITIVES])
def test_a_wrong_reading_is_never_silent(record: dict[str, Any]) -> None:
    """No silent wrong reading: one read otherwise than expected carries a warning
    naming the oddity (or is rejected with the reason)."""
    good, x, _ = outcome(record)
    if x is not None and not good:
        assert x.warnings, (record["id"], reading(x))


@pytest.mark.parametrize("record", NEGATIVES, ids=[r["id"] for r in NEGATIVES])
def test_every_non_number_is_rejected_with_a_reason(record: dict[str, Any]) -> None:
    with pytest.raises(InvalidDocumentNumber) as info:
        DocumentNumber.parse(record["text"])
    assert info.value.expected


@pytest.mark.parametrize("record", POSITIVES, ids=[r["id"] for r in POSITIVES])
def test_the_canonical_spelling_reads_back(record: dict[str, Any]) -> None:
    _, x, _ = outcome(record)
    if x is not None:
        again = DocumentNumber.parse(str(x))
        assert again == x
        assert not again.warnings or all(w.startswith("unknown issuer") for w in again.warnings)


def test_finding_numbers_in_the_excerpts(capsys: pytest.CaptureFixture[str]) -> None:
    """In each excerpt, the number is found whole, or the match says it is partial."""
    tried = found = 0
    truncated = []
    for r in POSITIVES:
        at = r["excerpt"].find(r["text"])
        if at < 0 or not outcome(r)[0]:
            continue
        tried += 1
        end = at + len(r["text"].rstrip(").;,"))
        at += next(i for i, ch in enumerate(r["text"]) if ch.isdigit())
        for m in find_document_numbers(r["excerpt"]):
            if m.start < end and m.end > at:
                if m.start <= at and m.end >= end and str(m.number) == r["expect"]["canonical"]:
                    found += 1
                elif not m.partial:
                    truncated.append(f"  {r['id']} {r['text']!r}: {m.text!r} -> {m.number}")
                break
    with capsys.disabled():
        print(f"\nfound whole in their excerpt: {found}/{tried}")
        if truncated:
            print("read in part, not flagged:\n" + "\n".join(truncated))
    assert not truncated
