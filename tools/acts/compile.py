"""Compile the act log into the shipped tables: units.tsv, lineage.tsv and acts.tsv.

    python tools/acts/compile.py            # writes src/qcdc/units/data/{units,lineage,acts}.tsv
    python tools/acts/compile.py --check    # exit 1 if the shipped tables differ from the log

The library reads the compiled tables (fast to load); the act log (``data/acts/``) is the truth.
Each unit record is valid from the day an act gave it its kind, name and parent to the day an
act changed one of them (a change of tone placement only, Hoà/Hòa, keeps one record with the
newer spelling).  The last column, ``name_en``, is the English name of the MIT source (the
baseline's and the acts' ``name_en``; a later English name alone keeps one record with the newer
one), empty where the source has none.
The baseline (the state of 2021-11-01) is answered from 2021-01-01: before the log's first act
the data has no other list, so the first ten months are an approximation.

Every lineage link cites the act that made it (``basis``) and, where the act's text was read,
the clause.  The rules that turn an act's changes into links (``EventKind`` of
``qcdc.units.lineage``):

* ``merge`` (target T, whole ``sources``, partial ``parts``): a ``merge`` link from each whole
  source to T (from T itself only when T's record ends that day); from each partial source, a
  ``merge`` link with ``whole = 0`` if the source ended or changed that day (its ``default``
  target, or the target with its own code, is the default), else a ``split`` link (a part moved
  out of a unit that goes on);
* ``create``: a ``create`` link with no source; ``recode``: a ``retype`` link old → new code;
* ``abolish`` of a district: an ``abolish`` link to the province its communes lie in;
* any other unit whose record ends and starts again with the same code, and that no link above
  covers: ``retype``, ``rename`` and/or ``reparent`` links to itself, as its kind, name or
  parent changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import replay

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "qcdc" / "units" / "data"
FIRST_DAY = dt.date(2021, 1, 1)  # answered from here: the baseline stands for 2021-01-01 … 10-31

UNITS_HEADER = ["code", "kind", "name", "parent", "valid_from", "valid_to", "name_en"]
LINKS_HEADER = [
    "effective",
    "kind",
    "source",
    "target",
    "whole",
    "default",
    "share",
    "basis",
    "note",
    "clause",
    "area_share",
    "population_share",
]
ACTS_HEADER = [
    "number",
    "title",
    "issuer",
    "signed",
    "in_force",
    "source",
    "read",
    "confidence",
    "note",
]


def _same(a: replay.Unit, b: replay.Unit) -> bool:
    return (a.kind, a.parent) == (b.kind, b.parent) and replay.spelling_key(
        a.name
    ) == replay.spelling_key(b.name)


def _province(state: Mapping[str, replay.Unit], code: str) -> str:
    u = state[code]
    while u.parent:
        u = state[u.parent]
    return u.code


def _links_of_day(
    day: dt.date,
    acts: list[dict[str, Any]],
    before: Mapping[str, replay.Unit],
    after: Mapping[str, replay.Unit],
) -> list[dict[str, str]]:
    ended = {c for c in before if c not in after or not _same(before[c], after[c])}
    defaults: dict[str, str] = {}
    for act in acts:
        for ch in act["changes"]:
            for p in ch.get("default_for", []):
                defaults[p] = ch["code"]
    # a level that no longer exists after the day (the districts on 2025-07-01): the units
    # under it go on by a merge link to themselves, not by a reparent
    gone = {replay.LEVEL[u.kind] for u in before.values()} - {
        replay.LEVEL[u.kind] for u in after.values()
    }

    def lost_parent(code: str) -> bool:
        parent = before[code].parent
        return bool(parent) and replay.LEVEL[before[parent].kind] in gone

    out: list[dict[str, str]] = []
    covered: set[str] = set()

    def link(
        kind: str,
        source: str,
        target: str,
        act: Mapping[str, Any],
        ch: Mapping[str, Any],
        *,
        whole: bool = True,
        default: bool = True,
        note: str = "",
    ) -> None:
        out.append(
            {
                "effective": day.isoformat(),
                "kind": kind,
                "source": source,
                "target": target,
                "whole": "1" if whole else "0",
                "default": "1" if default else "0",
                "share": "",
                "basis": act["number"],
                "note": note or ch.get("note", ""),
                "clause": ch.get("clause", ""),
                "area_share": "",
                "population_share": "",
            }
        )
        if source and (whole or source == target):
            covered.add(source)

    for act in acts:
        for ch in act["changes"]:
            event, code = ch["event"], ch["code"]
            if event == "create":
                link("create", "", code, act, ch, note="no predecessor recorded")
            elif event == "recode":
                link("retype", code, ch["to"], act, ch)
            elif event == "merge":
                for s in ch.get("sources", []):
                    if s != code or gone:
                        link("merge", s, code, act, ch)
                for p in ch.get("parts", []):
                    if p not in after or gone:
                        dflt = defaults.get(p, p if p in after else "") == code
                        link("merge", p, code, act, ch, whole=False, default=dflt)
                    elif p != code:
                        link("split", p, code, act, ch, whole=False, default=False)
            elif event == "abolish" and replay.LEVEL[before[code].kind] == 2:
                provinces = sorted(
                    {
                        _province(after, c)
                        for c, u in before.items()
                        if u.parent == code and c in after
                    }
                )
                for p in provinces:
                    link(
                        "abolish",
                        code,
                        p,
                        act,
                        ch,
                        whole=len(provinces) == 1,
                        default=p == provinces[0],
                        note="district level abolished; its territory lies wholly in this province"
                        if len(provinces) == 1
                        else "district level abolished; its territory lies in several provinces",
                    )
    for act in acts:
        for ch in act["changes"]:
            code = ch["code"]
            if code in covered or code not in ended or code not in after:
                continue
            old, new = before[code], after[code]
            if lost_parent(code):
                link("merge", code, code, act, ch)
                continue
            if old.kind != new.kind:
                link("retype", code, code, act, ch)
            if replay.spelling_key(old.name) != replay.spelling_key(new.name):
                link("rename", code, code, act, ch)
            if old.parent != new.parent:
                link("reparent", code, code, act, ch)
            covered.add(code)
    return out


def compile_log(
    baseline: Mapping[str, replay.Unit], acts: Iterable[dict[str, Any]]
) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """(unit rows, link rows, act rows) of the log."""
    by_day: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    act_rows = []
    for act in acts:
        replay.check_schema(act)
        by_day[act["in_force"]].append(act)
        act_rows.append(
            {
                "number": act["number"],
                "title": act["title"],
                "issuer": act["issuer"],
                "signed": act["signed"].isoformat() if "signed" in act else "",
                "in_force": act["in_force"].isoformat(),
                "source": act["source"],
                "read": act["read"],
                "confidence": act["confidence"],
                "note": " ".join(act.get("note", "").split()),
            }
        )
    rows: list[dict[str, str]] = []
    open_rows: dict[str, dict[str, str]] = {}
    for code, u in baseline.items():
        open_rows[code] = {
            "code": code,
            "kind": u.kind,
            "name": u.name,
            "parent": u.parent,
            "valid_from": FIRST_DAY.isoformat(),
            "valid_to": "",
            "name_en": u.name_en,
        }
    state = dict(baseline)
    links: list[dict[str, str]] = []
    for day in sorted(by_day):
        before = state
        state = replay.replay(before, by_day[day])
        links.extend(_links_of_day(day, by_day[day], before, state))
        for code, old in before.items():
            new = state.get(code)
            if new is None or not _same(old, new):
                row = open_rows.pop(code)
                row["valid_to"] = day.isoformat()
                rows.append(row)
            elif new.name != old.name or new.name_en != old.name_en:
                open_rows[code]["name"] = new.name
                open_rows[code]["name_en"] = new.name_en
        for code, new in state.items():
            if code not in open_rows:
                open_rows[code] = {
                    "code": code,
                    "kind": new.kind,
                    "name": new.name,
                    "parent": new.parent,
                    "valid_from": day.isoformat(),
                    "valid_to": "",
                    "name_en": new.name_en,
                }
    rows.extend(open_rows.values())
    rows.sort(key=lambda r: (len(r["code"]), r["code"], r["valid_from"]))
    return rows, links, act_rows


def _tsv(header: list[str], rows: Iterable[Mapping[str, str]]) -> str:
    lines = ["\t".join(header)]
    for r in rows:
        cells = [r[h] for h in header]
        assert not any("\t" in c or "\n" in c for c in cells), cells
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _refresh_manifest(outputs: Mapping[str, str]) -> None:
    """The checksums (and row counts) of the compiled tables in MANIFEST.json."""
    import hashlib
    import json

    path = DATA / "MANIFEST.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for name, text in outputs.items():
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if name in manifest["files"]:
            manifest["files"][name].update(sha256=sha, rows=text.count("\n") - 1)
        else:
            manifest["other_files"][f"units/data/{name}"] = {
                "sha256": sha,
                "source": "the legal acts of the log, compiled by tools/acts/compile.py "
                "(units/data/acts/README.md)",
            }
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    units, links, acts = compile_log(replay.load_baseline(), replay.load_acts())
    outputs = {
        "units.tsv": _tsv(UNITS_HEADER, units),
        "lineage.tsv": _tsv(LINKS_HEADER, links),
        "acts.tsv": _tsv(ACTS_HEADER, acts),
    }
    stale = [n for n, text in outputs.items() if (DATA / n).read_text(encoding="utf-8") != text]
    if args.check:
        for n in stale:
            print(f"{n} differs from the act log: run tools/acts/compile.py", file=sys.stderr)
        return 1 if stale else 0
    for n, text in outputs.items():
        (DATA / n).write_text(text, encoding="utf-8")
    _refresh_manifest(outputs)
    epochs = len({r["valid_from"] for r in units})
    print(
        f"units.tsv: {len(units)} rows, {epochs} epochs;",
        f"lineage.tsv: {len(links)} links; acts.tsv: {len(acts)} acts",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
