"""How the parsers scale on hostile input: time per family from 1 k to 1 M characters.

Run ``python benchmarks/bench_complexity.py`` (about 2 minutes on 2 cores; ``--all`` for
every parser against every family, ``--max-size 100000`` for a quick look).  For each
family of pathological input of ``tests/fuzz/test_complexity.py`` (long runs of blanks,
digits, dots, slashes, Vietnamese letters, repeated separators, nested parentheses …)
and the parser it probes, it prints the best-of-3 time at 1 k, 10 k, 100 k and 1 M
characters and the slope of log(time) against log(size): about 1 for a linear parser,
2 for a quadratic one.  A size that takes more than ``--cap`` seconds stops the row
(the larger sizes are shown as ``>cap``).  Then the same for ``loads_tasks`` from 100 to
100,000 tasks.  ``--json PATH`` also writes the figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import platform
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "_complexity_cases", ROOT / "tests" / "fuzz" / "test_complexity.py"
)
assert _spec is not None and _spec.loader is not None
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) on log(size), over the points above 50 us."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t > 5e-5 and math.isfinite(t)]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def row(fn: Any, make: Any, sizes: list[int], cap: float) -> list[tuple[int, float]]:
    out: list[tuple[int, float]] = []
    for n in sizes:
        t = cases.best_time(fn, make(n), cap=cap)
        out.append((n, t))
        if not math.isfinite(t) or t > cap / 3:
            out.extend((m, math.inf) for m in sizes[len(out) :])
            break
    return out


def fmt(t: float, cap: float) -> str:
    if not math.isfinite(t):
        return f">{cap:g} s"
    return f"{t * 1e3:.2f} ms" if t < 1 else f"{t:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every parser against every family")
    parser.add_argument("--max-size", type=int, default=1_000_000)
    parser.add_argument("--cap", type=float, default=20.0, help="seconds per run at most")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    sizes = [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= args.max_size]
    pairs = [(p, f) for p in cases.PARSERS for f in cases.FAMILIES] if args.all else cases.CASES
    print(f"Python {platform.python_version()} on {platform.machine()}, {sys.platform}\n")
    head = " | ".join(f"{n:,}" for n in sizes)
    print(f"| parser | family | {head} | slope |")
    print("|---|---|" + "---:|" * (len(sizes) + 1))
    record: list[dict[str, Any]] = []
    for name, family in pairs:
        points = row(cases.PARSERS[name], lambda n, f=family: cases.make(f, n), sizes, args.cap)
        s = slope(points)
        shown = " | ".join(fmt(t, args.cap) for _, t in points)
        print(f"| {name} | {family} | {shown} | {'–' if s is None else f'{s:.2f}'} |", flush=True)
        record.append({"parser": name, "family": family, "times": points, "slope": s})
    counts = [n for n in (100, 1_000, 10_000, 100_000) if n * 10 <= args.max_size]
    points = row(cases.loads_tasks, cases._task_file, counts, args.cap)
    s = slope(points)
    print(f"\n| loads_tasks | {' | '.join(f'{n:,} tasks' for n in counts)} | slope |")
    print("|---|" + "---:|" * (len(counts) + 1))
    shown = " | ".join(fmt(t, args.cap) for _, t in points)
    print(f"| time | {shown} | {'–' if s is None else f'{s:.2f}'} |")
    record.append({"parser": "loads_tasks", "family": "tasks", "times": points, "slope": s})
    if args.json:
        args.json.write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
