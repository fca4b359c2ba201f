"""Benchmark :func:`qcdc.units.rebase`: the 10,599 communes of 2021-12-17 carried to the
3,321 of 2025-07-01 with 3 columns (a count summed, a score averaged by population, the
population summed), as records and as a pandas DataFrame.

Run ``python benchmarks/bench_rebase.py`` (about half a minute on 2 cores).  The figures
(rows of the input table per second, medians of ``--repeats`` rounds):

* cold: a fresh process, the gazetteer loaded but no unit yet projected (the first
  rebase also builds the lineage index and walks every unit once);
* warm: the same call again in that process (the projections are cached);
* ``on_split="default"`` and ``"equal"``, records and pandas.

Times are CPU seconds of the process (``time.process_time``): the call is single-threaded,
and on a shared machine wall-clock time measures the neighbours as much as qcdc.

The table is synthetic (seeded random figures on the real codes): the speed does not
depend on the values.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

D2021 = "2021-12-17"
D2025 = "2025-07-01"
HOW: dict[str, Any] = {"cases": "sum", "score": ("mean", "population"), "population": "sum"}

_CHILD = """
import json, random, sys, time
import qcdc
from qcdc.units import rebase
g = qcdc.gazetteer()
rng = random.Random(int(sys.argv[1]))
table = [{"code": u.code, "cases": rng.randint(0, 50), "score": rng.uniform(0, 10),
          "population": rng.randint(500, 40000)} for u in g.units(on="2021-12-17", level="commune")]
how = {"cases": "sum", "score": ("mean", "population"), "population": "sum"}
if sys.argv[2] == "pandas":
    import pandas as pd
    table = pd.DataFrame(table)
t0 = time.process_time()
rebase(table, on="2021-12-17", to="2025-07-01", how=how, on_unresolved="drop")
print(json.dumps({"rows": len(table), "seconds": time.process_time() - t0}))
"""


def table(seed: int) -> list[dict[str, Any]]:
    import qcdc

    rng = random.Random(seed)
    return [
        {
            "code": u.code,
            "cases": rng.randint(0, 50),
            "score": rng.uniform(0, 10),
            "population": rng.randint(500, 40000),
        }
        for u in qcdc.gazetteer().units(on=D2021, level="commune")
    ]


def cold(kind: str, repeats: int) -> float:
    """Median seconds of the first rebase in a fresh process."""
    times = []
    for i in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(i), kind],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(json.loads(out.stdout)["seconds"])
    return statistics.median(times)


def warm(data: Any, repeats: int, on_split: str) -> float:
    from qcdc.units import rebase

    rebase(data, on=D2021, to=D2025, how=HOW, on_unresolved="drop", on_split=on_split)
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        rebase(data, on=D2021, to=D2025, how=HOW, on_unresolved="drop", on_split=on_split)
        times.append(time.process_time() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    from qcdc.units import rebase

    records = table(0)
    n = len(records)
    out = rebase(records, on=D2021, to=D2025, how=HOW, on_unresolved="drop")
    results: list[dict[str, Any]] = []

    def row(case: str, seconds: float) -> None:
        results.append({"case": case, "rows": n, "seconds": seconds, "rows_per_s": n / seconds})

    row("records, cold (fresh process), on_split='default'", cold("records", args.repeats))
    row("records, warm, on_split='default'", warm(records, args.repeats, "default"))
    row("records, warm, on_split='equal'", warm(records, args.repeats, "equal"))
    try:
        import pandas as pd
    except ImportError:
        print("pandas is not installed: the DataFrame rows are skipped")
    else:
        frame = pd.DataFrame(records)
        row("pandas, cold (fresh process), on_split='default'", cold("pandas", args.repeats))
        row("pandas, warm, on_split='default'", warm(frame, args.repeats, "default"))
        row("pandas, warm, on_split='equal'", warm(frame, args.repeats, "equal"))

    print(f"rebase: {n:,} communes of {D2021} → {len(out):,} of {D2025}, 3 columns")
    print(f"(dropped, no successor recorded: {', '.join(out.dropped) or 'none'})\n")
    print("| case | rows | CPU s | rows/s |")
    print("|---|---:|---:|---:|")
    for r in results:
        print(f"| {r['case']} | {r['rows']:,} | {r['seconds']:.3f} | {r['rows_per_s']:,.0f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
