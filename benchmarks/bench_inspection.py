"""Speed of qcdc.inspection: tallies from a million case records, rolled up nationally.

Run with ``python benchmarks/bench_inspection.py [N_CASES]`` (default 1,000,000), or
``python benchmarks/bench_inspection.py --scaling`` for the case CSV loader on 1 kB … 1 MB
of each family of rows, good and hostile (issue 11: every loader linear in its input).
Target (issue 5): derive the tallies from 1,000,000 case records and roll them up
from the 10,599 communes of the 2021–2024 list to the provinces, and to the communes
of 1 July 2025, in under 2 s each.  Building the cases and reading the embedded
gazetteer are set-up and are timed separately.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import platform
import random
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from qcdc.errors import QcdcError
from qcdc.inspection import (
    TRANSITIONS,
    CaseState,
    InspectionCase,
    Origin,
    Step,
    Subject,
    rollup,
    tally_by_unit,
)
from qcdc.inspection._csv import COLUMNS, dumps_cases, load_cases
from qcdc.units import UnitLevel
from qcdc.units.gazetteer import gazetteer

T = TypeVar("T")
ON = dt.date(2021, 12, 17)
REFORM = dt.date(2025, 7, 1)


def timed(label: str, fn: Callable[[], T], rows: list[tuple[str, float, str]], note: str = "") -> T:
    t0 = time.perf_counter()
    result = fn()
    rows.append((label, time.perf_counter() - t0, note))
    return result


def make_cases(n: int, communes: list[str]) -> list[InspectionCase]:
    rng = random.Random(2021)
    subjects, origins = list(Subject), list(Origin)
    ordered = {s: sorted(TRANSITIONS[s], key=lambda x: x.value) for s in CaseState}
    cases = []
    for i in range(n):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(365))
        steps = [Step(CaseState.OPENED, day)]
        while ordered[steps[-1].state] and rng.random() < 0.7:
            day = day + dt.timedelta(days=rng.randrange(20))
            steps.append(Step(rng.choice(ordered[steps[-1].state]), day))
        cases.append(
            InspectionCase(
                f"C{i}",
                "BTTND",
                subjects[i % 7],
                origins[i % 3],
                tuple(steps),
                unit=communes[rng.randrange(len(communes))],
            )
        )
    return cases


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rows: list[tuple[str, float, str]] = []
    g = timed("load the embedded gazetteer (first call)", gazetteer, rows)
    communes = [u.code for u in g.units(on=ON, level="commune")]
    cases = timed(f"build {n:,} cases (set-up)", lambda: make_cases(n, communes), rows)

    by_unit = timed(f"tally_by_unit: {n:,} cases", lambda: tally_by_unit(cases, 2021), rows)
    coded = {k: v for k, v in by_unit.items() if k is not None}
    note = f"{len(coded):,} communes"
    provinces = timed(
        "rollup 2021 communes → 2021 provinces", lambda: rollup(coded, on=ON), rows, note
    )
    timed(
        "rollup 2021 communes → 2021 districts",
        lambda: rollup(coded, on=ON, level=UnitLevel.DISTRICT),
        rows,
        note,
    )
    new_communes = timed(
        "rollup 2021 communes → 2025 communes",
        lambda: rollup(coded, on=ON, to=REFORM, level=UnitLevel.COMMUNE, on_unresolved="drop"),
        rows,
        note,
    )
    timed(
        "rollup 2021 communes → 2025 provinces",
        lambda: rollup(coded, on=ON, to=REFORM, on_unresolved="drop"),
        rows,
        note,
    )

    def both(to: dt.date | None, level: UnitLevel) -> object:
        t = tally_by_unit(cases, 2021)
        return rollup(
            {k: v for k, v in t.items() if k is not None},
            on=ON,
            to=to,
            level=level,
            on_unresolved="drop",
        )

    timed(f"tally {n:,} + roll up to 2021 provinces", lambda: both(None, UnitLevel.PROVINCE), rows)
    timed(f"tally {n:,} + roll up to 2025 communes", lambda: both(REFORM, UnitLevel.COMMUNE), rows)

    sample = cases[:100_000]
    text = timed("dump 100,000 case records to CSV", lambda: dumps_cases(sample), rows)
    timed("load 100,000 case records from CSV", lambda: load_cases(io.StringIO(text)), rows)

    print(f"qcdc.inspection benchmark — Python {platform.python_version()}, {platform.machine()}")
    width = max(len(r[0]) for r in rows)
    print(f"{'step'.ljust(width)}  {'seconds':>8}  note")
    for label, secs, note in rows:
        print(f"{label.ljust(width)}  {secs:8.3f}  {note}")
    print(
        f"provinces 2021: {len(provinces):,}; communes 2025: {len(new_communes):,} "
        f"({len(new_communes.approximate):,} approximate, "
        f"{len(new_communes.unresolved)} left out); national total {provinces.total()}"
    )


_HEADER = ",".join(COLUMNS)
_BASE = {
    "id": "X",
    "board": "BTTND-00004",
    "unit": "00004",
    "subject": "land",
    "origin": "petition",
    "opened": "2021-03-01",
    "under_supervision": "2021-03-02",
}


def _row(**cells: str) -> str:
    row = {**_BASE, **cells}
    return ",".join(row.get(c, "") for c in COLUMNS)


FAMILIES: dict[str, Callable[[int], str]] = {
    "good rows": lambda i: _row(id=f"X-{i}"),
    "bad dates": lambda i: _row(id=f"X-{i}", under_supervision="2021-02-30"),
    "bad subjects": lambda i: _row(id=f"X-{i}", subject="x" * 200),
    "short rows": lambda i: f"X-{i},B",
    "long cells": lambda i: _row(
        id=f"X-{i}",
        violation_found="2021-03-03",
        recommendation_sent="2021-03-04",
        recommendation="Đề nghị xem xét " * 60,
    ),
    "blank lines": lambda i: ",,,,",
    "duplicate ids": lambda i: _row(),
}


def _text_of(family: Callable[[int], str], size: int) -> str:
    lines, total, i = [_HEADER], 0, 0
    while total < size:
        lines.append(family(i))
        total += len(lines[-1]) + 1
        i += 1
    return "\n".join(lines) + "\n"


def scaling() -> None:
    sizes = (1_000, 10_000, 100_000, 1_000_000)
    print(f"qcdc.inspection CSV loader scaling — Python {platform.python_version()}")
    print(f"{'family':14}" + "".join(f"{s:>12,}" for s in sizes) + "  1 MB / 10 kB")
    for name, family in FAMILIES.items():
        secs = []
        for size in sizes:
            text = _text_of(family, size)
            repeat = max(1, 100_000 // size)
            t0 = time.perf_counter()
            for _ in range(repeat):
                with contextlib.suppress(QcdcError):
                    load_cases(io.StringIO(text))
            secs.append((time.perf_counter() - t0) / repeat)
        cells = "".join(f"{s:12.4f}" for s in secs)
        print(f"{name:14}{cells}  {secs[3] / secs[1]:8.0f} x")


if __name__ == "__main__":
    if sys.argv[1:] == ["--scaling"]:
        scaling()
    else:
        main()
