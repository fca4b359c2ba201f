"""What the data, messages and docs cite as "legal basis §N" exists on the shipped page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "explanation" / "legal-basis.md"
CITATION = re.compile(
    r"legal basis,? (?:§(?P<section>\d+(?:\.\d+)?))?(?:,? ?open question (?P<q>\d+))?"
)


def _cited() -> list[tuple[str, str | None, str | None]]:
    files = subprocess.run(
        ["git", "ls-files", "src", "docs", "tests/data", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    out = []
    for name in files:
        path = ROOT / name
        if path == PAGE or path.suffix not in {".py", ".md", ".toml", ".txt", ".json", ".tsv"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in CITATION.finditer(text):
            if m.group("section") or m.group("q"):
                out.append((name, m.group("section"), m.group("q")))
    return out


def test_nothing_cites_the_unshipped_facts_file() -> None:
    hits = subprocess.run(
        ["git", "grep", "-l", "FACTS", "--", "src", "docs", "tests/data"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert hits == [], "cite the legal basis page (docs/explanation/legal-basis.md) instead"


def test_every_cited_section_and_open_question_exists() -> None:
    page = PAGE.read_text(encoding="utf-8")
    sections = set(re.findall(r"^#+ §(\d+(?:\.\d+)?)", page, flags=re.M))
    questions = set(re.findall(r"^(\d+)\. ", page.split("## Open questions", 1)[1], flags=re.M))
    cited = _cited()
    assert cited, "the data cites the page"
    for name, section, q in cited:
        assert section is None or section in sections, f"{name}: no §{section} on the page"
        assert q is None or q in questions, f"{name}: no open question {q} on the page"
