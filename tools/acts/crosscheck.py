"""Compare qcdc's units on a day with another list: the vietnam-provinces package (GPL).

Usage::

    python tools/acts/crosscheck.py WHEEL_OR_JSON [--on DATE] [--markdown]

``WHEEL_OR_JSON`` is a wheel of https://pypi.org/project/vietnam-provinces/ (for instance from
``pip download --no-deps vietnam-provinces``) or its ``data/nested-divisions.json``.  The package
is GPL: it is read here for comparison only and nothing of it is shipped.  Nothing is fetched from
the network.

Every difference is put in one class and printed:

* ``code`` — a unit both lists have, with the same name (tone placement and spacing aside) and the
  same province, under different codes;
* ``name`` — the same code, a different name beyond tone placement and spacing;
* ``spelling`` — the same code, a name that differs only in tone placement, spacing or the
  province's "Tỉnh"/"Thành phố" prefix (the other list's convention);
* ``only-qcdc`` / ``only-other`` — a unit the other list does not have at all;
* ``parent`` — the same code under another province.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from qcdc.text import fold  # noqa: E402
from qcdc.units import Gazetteer  # noqa: E402

_PREFIXES = ("tinh ", "thanh pho ")


class Row(NamedTuple):
    code: str
    name: str
    province: str


class Difference(NamedTuple):
    kind: str
    ours: Row | None
    theirs: Row | None


def read_other(path: Path) -> list[Row]:
    """The provinces and wards of a vietnam-provinces wheel or its nested JSON."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            raw = whl.read("vietnam_provinces/data/nested-divisions.json")
    else:
        raw = path.read_bytes()
    doc: list[dict[str, Any]] = json.loads(raw)
    rows = []
    for p in doc:
        province = f"{p['code']:02d}"
        rows.append(Row(province, p["name"], ""))
        rows.extend(Row(f"{w['code']:05d}", w["name"], province) for w in p["wards"])
    return rows


def read_qcdc(on: dt.date) -> list[Row]:
    g = Gazetteer.embedded()
    out = []
    for u in g.units(on=on):
        if u.level.value == 2:  # pragma: no cover - no districts after 2025-07-01
            continue
        province = "" if u.parent_code is None else g.ancestors(u.code, on=on)[-1].code
        out.append(Row(u.code, u.name, province))
    return out


def _key(name: str) -> str:
    """A name with tone placement, spacing and the province prefix set aside."""
    key = " ".join(fold(name).split())
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def compare(ours: list[Row], theirs: list[Row]) -> list[Difference]:
    mine = {r.code: r for r in ours}
    other = {r.code: r for r in theirs}
    other_by_name = {(_key(r.name), r.province): r for r in theirs}
    out: list[Difference] = []
    matched_other: set[str] = set()
    for code, r in sorted(mine.items()):
        o = other.get(code)
        same_name_elsewhere = other_by_name.get((_key(r.name), r.province))
        if o is not None and _key(o.name) == _key(r.name):
            matched_other.add(code)
            if o.province != r.province:
                out.append(Difference("parent", r, o))
            elif o.name != r.name:
                out.append(Difference("spelling", r, o))
        elif same_name_elsewhere is not None:
            matched_other.add(same_name_elsewhere.code)
            out.append(Difference("code", r, same_name_elsewhere))
        elif o is not None:
            matched_other.add(code)
            out.append(Difference("name", r, o))
        else:
            out.append(Difference("only-qcdc", r, None))
    out.extend(
        Difference("only-other", None, o)
        for code, o in sorted(other.items())
        if code not in matched_other
    )
    return out


def _cell(r: Row | None) -> str:
    return f"{r.code} {r.name}" if r else "—"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("--on", type=dt.date.fromisoformat, default=dt.date(2025, 7, 1))
    ap.add_argument("--markdown", action="store_true", help="a table per class")
    args = ap.parse_args(argv)
    ours, theirs = read_qcdc(args.on), read_other(args.source)
    diffs = compare(ours, theirs)
    counts = Counter(d.kind for d in diffs)
    print(f"qcdc on {args.on}: {len(ours)} units; {args.source.name}: {len(theirs)} units")
    print("differences: " + (", ".join(f"{k} {n}" for k, n in sorted(counts.items())) or "none"))
    for kind in sorted(counts):
        print()
        if args.markdown:
            print(f"### {kind} ({counts[kind]})\n\n| qcdc | other list |\n| --- | --- |")
        for d in diffs:
            if d.kind == kind:
                if args.markdown:
                    print(f"| {_cell(d.ours)} | {_cell(d.theirs)} |")
                else:
                    print(f"{kind}\t{_cell(d.ours)}\t{_cell(d.theirs)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
