# ruff: noqa: E501  (Vietnamese act titles and source URLs are kept whole, as in tasks/)
"""Replay the act log and compare each derived state with each release tag of the MIT source.

Usage::

    python tools/acts/verify.py GIT_DIR [--details FILE]

For every tag, the state on the day its acts took effect is compared code by code (kind, name,
parent; name_en separately) with the tag, and the state on the day before with the previous tag.
Each difference is put in a class; the classes that are explained (a source correction, a source
convention, a code the log takes from lineage.tsv) are named in EXPLAINED.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build
import read_tags
import replay

# tag -> the day its state is in force (the in_force date of the newest act it carries)
TAG_DATES = {
    "v1.0.0": "2021-11-01",
    "v1.0.1": "2022-04-10",
    "v1.0.2": "2022-07-01",
    "v1.0.3": "2022-10-01",
    "v1.0.3.1": "2022-10-01",
    "v1.0.4": "2023-04-10",
    "v1.0.4.1": "2023-04-10",
    "v2.0.0": "2024-02-01",
    "v2.0.1": "2024-05-01",
    "v2.1.0": "2024-09-01",
    "v2.2.0": "2024-11-01",
    "v2.3.0": "2025-01-01",
    "v2.4.0": "2025-03-01",
    "v2.4.1": "2025-03-01",
    "v3.0.0": "2025-07-01",
    "v3.0.1": "2025-07-01",
    "v3.0.2": "2025-07-01",
    "v3.1.0": "2026-04-30",
    "v4.0.0": "2026-04-30",
    "v4.1.0": "2026-04-30",
    "v4.2.0": "2026-04-30",
}

EXPLAINED = {
    "island-district": "island district without communes: the source drops it from v2.0.0 to v2.4.1, "
    "units.tsv keeps it to 2025-07-01",
    "recode-11344": "Cầu Đất: the source's code 11353 until hotfix_26April2023.sql fixed it to 11344",
    "spelling": "same name but for tone-mark placement (Hòa/Hoà) or case: the source's convention",
    "spelling-fix": "00916, 31246: names the source corrected in v2.4.1; 00745 (Phố Bảng) in v4.0.0",
    "between-tags": "units changed by an act in force between two tags' days (1240 and 1255 on "
    "2024-12-01, carried by the source's release of 2025-01-01)",
    "superseded": "a tag whose state a later tag of the same day corrects (SUPERSEDED)",
    "ba-che": "Xã Ba Chẽ: the source's code 06978, lineage.tsv and units.tsv use 06970 (unsettled)",
}


# Tags whose state a later tag of the same day corrects or completes: their differences are listed
# but are the source's, not the log's.
SUPERSEDED = {
    "v1.0.3": "carries 569 and half of 570 (Chơn Thành's wards); v1.0.3.1 adds the thị xã",
    "v1.0.4": "carries the 721-730 batch without 729 (Quân Chu); v1.0.4.1 completes it",
    "v2.3.0": "the 2025-01-01 wave as first published; v2.4.0 and v2.4.1 correct HCMC's codes "
    "and Lâm Đồng's names, which the log follows",
    "v2.4.0": "names Huyện Đạ Huoai (682) Đạ Tẻh; v2.4.1 corrects it",
    "v3.0.0": "135 parents and 7 names corrected by v3.0.1 and v3.0.2",
    "v3.0.1": "7 names corrected by v3.0.2",
}


def classify(code: str, mine: replay.Unit | None, theirs: replay.Unit | None) -> str:
    if mine is not None and mine == theirs:
        return "equal"
    if code in build.ISLANDS and theirs is None:
        return "island-district"
    if code in ("11344", "11353"):
        return "recode-11344"
    if code in ("06970", "06978"):
        return "ba-che"
    if mine is None:
        return "only-in-tag"
    if theirs is None:
        return "only-in-log"
    if mine.kind != theirs.kind:
        return "kind"
    if mine.parent != theirs.parent:
        return "parent"
    if mine.name != theirs.name:
        if code in build.RENAMES_FROM or code in build.RENAMES_2025:
            return "spelling-fix"
        if replay.spelling_key(mine.name) == replay.spelling_key(theirs.name):
            return "spelling"
        return "name"
    return "equal"


def touched(acts: list[dict[str, object]], after: dt.date, before: dt.date) -> set[str]:
    """Codes named by the acts in force after ``after`` and before ``before``."""
    out: set[str] = set()
    for a in acts:
        if after < a["in_force"] < before:  # type: ignore[operator]
            for ch in a["changes"]:  # type: ignore[attr-defined]
                out.add(ch["code"])
                out.update(ch.get("sources", []), ch.get("parts", []), ch.get("into", []))
                if "to" in ch:
                    out.add(ch["to"])
    return out


def compare(
    mine: dict[str, replay.Unit], theirs: dict[str, replay.Unit]
) -> tuple[Counter[str], list[str], int]:
    counts: Counter[str] = Counter()
    lines = []
    en = 0
    for code in sorted(mine.keys() | theirs.keys(), key=lambda c: (len(c), c)):
        a, b = mine.get(code), theirs.get(code)
        cls = classify(code, a, b)
        counts[cls] += 1
        if cls != "equal":
            lines.append(
                f"{cls}\t{code}\tlog={tuple(a[1:]) if a else None}\ttag={tuple(b[1:]) if b else None}"
            )
        elif a and b and a.name_en != b.name_en:
            en += 1
    return counts, lines, en


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gitdir", type=Path)
    ap.add_argument("--details", type=Path)
    args = ap.parse_args(argv)
    baseline = replay.load_baseline()
    acts = replay.load_acts()
    for a in acts:
        replay.check_schema(a)
    names = read_tags.list_tags(args.gitdir)
    details: list[str] = []
    prev = None
    unexplained_total = 0
    for tag in names:
        when = dt.date.fromisoformat(TAG_DATES[tag])
        theirs = build.clean_state(read_tags.read_tag(args.gitdir, tag))
        mine = replay.replay(baseline, acts, when)
        counts, lines, en = compare(mine, theirs)
        bad = {k: v for k, v in counts.items() if k != "equal" and k not in EXPLAINED}
        if tag in SUPERSEDED and bad:
            counts["superseded"] = sum(bad.values())
            print(f"  ({tag}: {SUPERSEDED[tag]})")
            bad = {}
        unexplained_total += sum(bad.values())
        expl = {k: v for k, v in counts.items() if k in EXPLAINED}
        msg = f"{tag} on {when}: {counts['equal']} equal"
        if expl:
            msg += "; explained " + ", ".join(f"{k}={v}" for k, v in sorted(expl.items()))
        if bad:
            msg += "; UNEXPLAINED " + ", ".join(f"{k}={v}" for k, v in sorted(bad.items()))
        msg += f"; name_en differs {en}"
        if prev is not None and TAG_DATES[prev[0]] != TAG_DATES[tag]:
            before = replay.replay(baseline, acts, when - dt.timedelta(days=1))
            pc, plines, _ = compare(before, prev[1])
            between = touched(acts, dt.date.fromisoformat(TAG_DATES[prev[0]]), when)
            moved = sum(1 for ln in plines if ln.split("\t")[1] in between)
            if moved:
                pc["between-tags"] = moved
                msg += f" [acts in force between the two tags' days change {moved} units]"
            pbad = sum(v for k, v in pc.items() if k != "equal" and k not in EXPLAINED) - moved
            word = "superseded" if prev[0] in SUPERSEDED else "unexplained"
            unexplained_total += 0 if prev[0] in SUPERSEDED else pbad
            msg += f" | day before vs {prev[0]}: {pc['equal']} equal, {pbad} {word}"
        print(msg)
        details += [f"{tag}\t{ln}" for ln in lines]
        prev = (tag, theirs)
    if args.details:
        args.details.write_text("\n".join(details) + "\n", encoding="utf-8")
    print(f"unexplained differences over all tags: {unexplained_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
