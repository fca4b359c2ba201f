"""Speed of qcdc.dates on the real corpus (tests/data/real/dates.jsonl).

Times parse_date over the corpus's date phrases and parse_period over its period phrases,
caches cleared before each round (the cost of reading, not of looking up), and a plain
"17/12/2021" (the fast path).  Phrases the qcdc on the path cannot read are skipped and
counted, so the same script compares two checkouts: run it with each one's ``src`` first on
``PYTHONPATH`` and compare the medians.

    PYTHONPATH=src python benchmarks/bench_dates.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import qcdc.dates as dates
from qcdc.errors import QcdcError

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "real" / "dates.jsonl"


def _clear() -> None:
    import importlib

    for name in ("qcdc.dates.periods", "qcdc.dates._days"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if clear is not None:
                clear()


def _phrases(kinds: tuple[str, ...]) -> list[tuple[str, dt.date | None]]:
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["expect"] and r["expect"]["kind"] in kinds:
            ref = r["reference"]
            out.append((r["text"], None if ref is None else dt.date.fromisoformat(ref)))
    return out


def _time(
    fn: Callable[[str, dt.date | None], object],
    items: list[tuple[str, dt.date | None]],
    rounds: int,
    repeat: int = 20,
) -> tuple[float, int]:
    readable = []
    for text, ref in items:
        try:
            fn(text, ref)
        except QcdcError:
            continue
        readable.append((text, ref))
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            _clear()
            for text, ref in readable:
                fn(text, ref)
        times.append((time.perf_counter() - start) / (repeat * max(len(readable), 1)))
    return statistics.median(times), len(readable)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    rows = [
        ("parse_date, corpus dates", dates.parse_date, _phrases(("date",))),
        ("parse_period, corpus periods", dates.parse_period, _phrases(("period", "range"))),
        ("parse_date, '17/12/2021' (fast path)", dates.parse_date, [("17/12/2021", None)] * 200),
    ]
    print(f"qcdc from {dates.__file__}")
    print("| reader | phrases read | µs per phrase (median) |")
    print("|---|---|---|")
    for name, fn, items in rows:
        per, n = _time(fn, items, args.rounds)
        print(f"| {name} | {n}/{len(items)} | {per * 1e6:.1f} |")


if __name__ == "__main__":
    main()
