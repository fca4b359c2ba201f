"""Two source trees of qcdc, timed on the same public calls in one run.

For a refactor (the layout issue asked for ±10 %): each round runs a fresh process per
tree, alternately (A, B, A, B …), and each process times the same calls through the
public API only, so the script works on both sides of a move. It prints the median CPU
time of each call per tree and the ratio B/A.

    git worktree add --detach /tmp/qcdc-base <rev>
    python benchmarks/compare.py /tmp/qcdc-base/src src --rounds 7

CPU time (``time.process_time``) is used rather than wall time, because on a shared
2-core machine wall time swings by more than the differences looked for.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# One process of one round: import, then each call; prints {name: seconds of CPU}.
_PROBE = r"""
import json, sys, time
t = time.process_time
out = {}
s = t(); import qcdc; out["import qcdc"] = t() - s
import datetime as dt
D21, D25 = dt.date(2021, 12, 17), dt.date(2025, 7, 1)
s = t(); g = qcdc.gazetteer(); g.get("00004", on=D21); out["cold start: load + first get"] = t() - s
codes = [u.code for u in g.units(on=D21, level=qcdc.UnitLevel.COMMUNE)]
s = t()
for c in codes * 20:
    g.get(c, on=D21)
out["get x %d" % (len(codes) * 20)] = t() - s
names = [u.name for u in g.units(on=D21, level=qcdc.UnitLevel.COMMUNE)][:3000]
s = t()
for n in names:
    g.find(n, on=D21)
out["find x %d (first: fills caches)" % len(names)] = t() - s
s = t()
for n in names:
    g.find(n, on=D21)
out["find x %d (warm)" % len(names)] = t() - s
s = t()
g.convert(codes[:9000] * 10, on=D21, to=D25, on_unknown="none")
out["convert x 90000"] = t() - s
from qcdc.reports import check, load_embedded
s = t(); load_embedded("hanoi-2021"); out["first report (imports the pillar)"] = t() - s
s = t()
for _ in range(50):
    r = load_embedded("hanoi-2021")
out["load_embedded report x 50"] = t() - s
s = t()
for _ in range(50):
    check(r)
out["check report x 50"] = t() - s
from qcdc.io import load_cases, load_hamlets
root = sys.argv[1]
s = t(); load_cases(root + "/tests/data/inspection/cases_hanoi_2021.csv")
out["first load_cases (imports the pillar)"] = t() - s
s = t()
for _ in range(20):
    cases = load_cases(root + "/tests/data/inspection/cases_hanoi_2021.csv")
out["load_cases x 20"] = t() - s
s = t(); load_hamlets(root + "/tests/data/hamlets/hamlets_small.csv")
out["first load_hamlets (imports the pillar)"] = t() - s
s = t()
for _ in range(20):
    reg = load_hamlets(root + "/tests/data/hamlets/hamlets_small.csv")
out["load_hamlets x 20"] = t() - s
print(json.dumps(out))
"""


def _run(src: Path, data_root: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(data_root)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("a", type=Path, help="the src/ folder of the tree to compare against")
    ap.add_argument("b", type=Path, help="the src/ folder of the tree measured")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    data_root = ROOT  # the same input files for both trees
    for src in (args.a, args.b):  # one unmeasured warm-up each (bytecode, disk cache)
        _run(src, data_root)
    runs: dict[str, list[dict[str, float]]] = {"a": [], "b": []}
    for _ in range(args.rounds):
        runs["a"].append(_run(args.a, data_root))
        runs["b"].append(_run(args.b, data_root))
    names = list(runs["a"][0])
    print(f"| call | A ({args.a}) | B ({args.b}) | B/A |")
    print("|---|---:|---:|---:|")
    table = {}
    for name in names:
        a = statistics.median(r[name] for r in runs["a"])
        b = statistics.median(r[name] for r in runs["b"])
        table[name] = {"a": a, "b": b, "ratio": b / a if a else None}
        print(f"| {name} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {b / a:.2f} |")
    print(f"\nmedians of {args.rounds} rounds, CPU time, fresh processes, A and B alternating")
    if args.json:
        args.json.write_text(json.dumps(table, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
