"""Speed of qcdc.inspection: tallies from a million case records, rolled up nationally.

Run with ``python benchmarks/bench_inspection.py [N_CASES]`` (default 1,000,000), or
``python benchmarks/bench_inspection.py --scaling`` for the case CSV loader on 1 kB … 1 MB
of each family of rows, good and hostile (issue 11: every loader linear in its input), or
``python benchmarks/bench_inspection.py --columnar [--sizes 1000000,10000000]
[--csv-rows 10000000] [--repeats 3]`` for the columnar tallies of issue 16 §5 (see
:func:`columnar`), or ``python benchmarks/bench_inspection.py --columnar --csv-rows
100000000 --stream-only`` for a case CSV file of that many rows, written in chunks, read
into a province roll-up by :func:`qcdc.inspection.rollup_csv` in a fresh process (see
:func:`stream_only`).
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
from typing import Any, TypeVar

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


# ------------------------------------------------------------------- columnar (issue 16 §5)

_NEVER = 2**31 - 1
_DAY_2021 = (dt.date(2021, 1, 1) - dt.date(1970, 1, 1)).days


def case_table(n: int, communes: list[str], *, seed: int = 2021) -> Any:
    """``n`` case records as a pyarrow Table, made column by column with numpy (no case
    objects): the same distribution as :func:`make_cases` — opened on a random day of
    2021, then a random legal step with probability 0.7 each, 0–19 days apart."""
    import numpy as np
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    states = list(CaseState)
    rank = {s: i for i, s in enumerate(states)}
    nexts = np.full((len(states), 5), -1, np.int8)
    counts = np.zeros(len(states), np.int8)
    for s in states:
        targets = sorted(TRANSITIONS[s], key=lambda x: x.value)
        counts[rank[s]] = len(targets)
        nexts[rank[s], : len(targets)] = [rank[t] for t in targets]
    days = np.full((len(states), n), _NEVER, np.int32)
    day = (_DAY_2021 + rng.integers(0, 365, n)).astype(np.int32)
    days[0] = day
    state = np.zeros(n, np.int8)
    alive = np.ones(n, bool)
    for _ in range(len(states)):
        alive &= (counts[state] > 0) & (rng.random(n) < 0.7)
        if not alive.any():
            break
        pick = (rng.random(n) * np.maximum(counts[state], 1)).astype(np.int8)
        state = np.where(alive, nexts[state, pick], state)
        day = np.where(alive, day + rng.integers(0, 20, n).astype(np.int32), day)
        rows = np.flatnonzero(alive)
        days[state[rows], rows] = day[rows]
    codes = np.asarray(communes)
    columns: dict[str, Any] = {"unit": pa.array(codes[rng.integers(0, len(codes), n)])}
    for i, s in enumerate(states):
        given = days[i] != _NEVER
        columns[s.value] = pa.array(np.where(given, days[i], 0), type=pa.int32(), mask=~given).cast(
            pa.date32()
        )
    return pa.table(columns)


def _floor(table: Any, start: int, stop: int, last: int, n_units: int) -> Callable[[], Any]:
    """The numpy floor: the same buckets from stage columns already in numpy (a blank as
    a day after every day) and unit indices already factorized, one ``bincount``, no
    check of any row."""
    import numpy as np
    import pyarrow.compute as pc

    def col(name: str) -> Any:
        return pc.fill_null(table.column(name).cast("int32"), _NEVER).to_numpy()

    opened = col("opened")
    stages = [col(c) for c in ("under_supervision", "violation_found", "recommendation_sent")]
    stages.append(col("resolved"))
    units = pc.dictionary_encode(table.column("unit")).combine_chunks().indices.to_numpy()

    def run(a: int = 0, b: int = len(opened)) -> Any:
        o = opened[a:b]
        flags = np.zeros(b - a, np.int64)
        for bit, d in enumerate(stages):
            flags |= (d[a:b] <= last).astype(np.int64) << bit
        index = np.where((o >= start) & (o < stop), units[a:b] * 16 + flags, n_units * 16)
        return np.bincount(index, minlength=n_units * 16 + 1)

    def by_slices() -> Any:
        # the same in slices of 65,536 rows, as the columnar kernel works (cache-sized)
        total = 0
        for a in range(0, len(opened), 1 << 16):
            total = total + run(a, min(a + (1 << 16), len(opened)))
        return total

    return run, by_slices


def _cpu(fn: Callable[[], T]) -> tuple[float, T]:
    t0 = time.process_time()
    result = fn()
    return time.process_time() - t0, result


def _load() -> str:
    import os

    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def columnar(sizes: list[int], csv_rows: int, repeats: int, object_cases: int = 0) -> None:
    """Columnar tallies (issue 16 §5): ``tally_table_by_unit`` of an Arrow table of
    ``sizes`` cases (the unit column as text and dictionary-encoded; polars and pandas
    frames of the same records) against the numpy floor, interleaved, medians of
    ``repeats`` rounds of process CPU time; then ``csv_rows`` cases written to a CSV file
    and read back into a province roll-up (pyarrow and polars readers), each in a fresh
    process so that its peak memory (``ru_maxrss``) is its own."""
    import statistics

    import pyarrow as pa
    import pyarrow.compute as pc

    from qcdc.inspection import tally_table_by_unit

    communes = [u.code for u in gazetteer().units(on=ON, level="commune")]
    print(
        f"qcdc.inspection columnar tallies — Python {platform.python_version()}, "
        f"{platform.machine()}, numpy/pyarrow {pa.__version__}; {_load()}"
    )
    start, stop = _DAY_2021, _DAY_2021 + 365
    print(
        "| cases | input | qcdc cases/s | floor, whole arrays | floor, in slices | "
        "qcdc / floor in slices | load |"
    )
    print("|---:|---|---:|---:|---:|---:|---|")
    for n in sizes:
        table = case_table(n, communes)
        assert table.num_rows == n
        inputs: dict[str, Any] = {
            "Arrow, unit as text": table,
            "Arrow, unit dictionary": table.set_column(
                0, "unit", pc.dictionary_encode(table.column("unit"))
            ),
        }
        if n <= 1_000_000:
            import polars as pl

            inputs["polars (from Arrow)"] = pl.from_arrow(table)
            inputs["pandas (Arrow-backed)"] = table.to_pandas(types_mapper=pd_arrow_types())
        floor, sliced = _floor(table, start, stop, stop - 1, len(communes))
        expected = None
        for label, data in inputs.items():
            ours, base, base2 = [], [], []
            for _ in range(repeats):
                secs, got = _cpu(lambda data=data: tally_table_by_unit(data, 2021))
                ours.append(secs)
                base.append(_cpu(floor)[0])
                base2.append(_cpu(sliced)[0])
            expected = expected or got
            assert got == expected, label
            q, f, f2 = statistics.median(ours), statistics.median(base), statistics.median(base2)
            print(
                f"| {n:,} | {label} | {n / q / 1e6:.1f} M | {n / f / 1e6:.1f} M | "
                f"{n / f2 / 1e6:.1f} M | {f2 / q:.2f} | {_load()} |"
            )
        del inputs, table, floor
    if object_cases:
        _object_path(object_cases, communes, repeats)
    if csv_rows:
        _csv_rollups(csv_rows, communes)


def _object_path(n: int, communes: list[str], repeats: int) -> None:
    """The same records as InspectionCase objects: building them, and tally_by_unit of
    them against tally_table_by_unit of the table, interleaved."""
    import statistics

    from qcdc.inspection import tally_table_by_unit

    table = case_table(n, communes)
    states = list(CaseState)

    def build() -> list[InspectionCase]:
        cases = []
        for i, row in enumerate(table.to_pylist()):
            dates = {s: row[s.value] for s in states if row[s.value] is not None}
            cases.append(
                InspectionCase.from_dates(
                    f"C{i}",
                    board="B",
                    subject="land",
                    origin="petition",
                    dates=dates,
                    unit=row["unit"],
                )
            )
        return cases

    secs, cases = _cpu(build)
    objects, columns = [], []
    for _ in range(repeats):
        t, expected = _cpu(lambda: tally_by_unit(cases, 2021))
        objects.append(t)
        t, got = _cpu(lambda: tally_table_by_unit(table, 2021))
        columns.append(t)
        assert got == expected
    o, c = statistics.median(objects), statistics.median(columns)
    print(
        f"\n{n:,} records as InspectionCase objects: built in {secs:.1f} s "
        f"({secs / n * 1e6:.1f} µs each); tally_by_unit {n / o / 1e6:.2f} M cases/s, "
        f"tally_table_by_unit {n / c / 1e6:.2f} M cases/s ({o / c:.1f}x), same tallies; "
        f"{_load()}"
    )


def pd_arrow_types() -> Callable[[Any], Any]:
    import pandas as pd

    return pd.ArrowDtype


def _csv_rollups(n: int, communes: list[str]) -> None:
    import os
    import subprocess
    import tempfile

    import pyarrow.csv as pacsv

    with tempfile.TemporaryDirectory(prefix="qcdc-bench-") as tmp:
        path = os.path.join(tmp, "cases.csv")
        table = case_table(n, communes)
        t0 = time.perf_counter()
        pacsv.write_csv(table, path)
        size = os.path.getsize(path)
        print(
            f"\n{n:,} cases written to CSV: {size / 2**20:,.0f} MiB in "
            f"{time.perf_counter() - t0:.1f} s ({_load()})"
        )
        del table
        print(
            "| reader | start s (CPU) | read s (CPU) | tally + roll-up s (CPU) | "
            "read + roll-up s (CPU) | cases/s of CPU | peak RSS | load |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for reader in ("pyarrow", "pyarrow-dict", "pyarrow-stream", "polars"):
            out = subprocess.run(
                [sys.executable, __file__, "--csv-run", reader, path],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            start, read, rolled = float(out[0]), float(out[1]), float(out[2])
            rss, c_start, c_read, c_rolled = int(out[3]), *map(float, out[4:7])
            cpu = c_read + c_rolled
            print(
                f"| {reader} | {start:.2f} ({c_start:.2f}) | {read:.2f} ({c_read:.2f}) | "
                f"{rolled:.2f} ({c_rolled:.2f}) | {read + rolled:.2f} ({cpu:.2f}) | "
                f"{n / cpu / 1e6:.2f} M | {rss / 2**10:,.0f} MiB | {_load()} |"
            )


_SUBJECTS = ("land", "budget", "construction", "social_policy", "complaints", "other")
_ORIGINS = ("petition", "own_plan", "referred")


def write_case_csv(path: str, n: int, communes: list[str], *, chunk: int = 5_000_000) -> int:
    """Write ``n`` case records to ``path`` in the case CSV format (``id``, ``board``,
    ``unit``, ``subject``, ``origin`` and the dated columns), ``chunk`` rows at a time so
    that the writer never holds more than one chunk; returns the size in bytes."""
    import os

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    writer = None
    for i, a in enumerate(range(0, n, chunk)):
        m = min(chunk, n - a)
        table = case_table(m, communes, seed=2021 + i)
        rng = np.random.default_rng(7 + i)
        ids = pc.binary_join_element_wise(
            "C", pc.cast(pa.array(np.arange(a, a + m)), pa.string()), ""
        )
        unit = table.column("unit")
        board = pc.binary_join_element_wise("BTTND-", unit, "")
        subject = pa.array(np.asarray(_SUBJECTS)[rng.integers(0, len(_SUBJECTS), m)])
        origin = pa.array(np.asarray(_ORIGINS)[rng.integers(0, len(_ORIGINS), m)])
        dated = [table.column(s.value) for s in CaseState]
        out = pa.table(
            [ids, board, unit, subject, origin, *dated],
            names=["id", "board", "unit", "subject", "origin", *(s.value for s in CaseState)],
        )
        if writer is None:
            writer = pacsv.CSVWriter(
                path, out.schema, write_options=pacsv.WriteOptions(quoting_style="none")
            )
        writer.write_table(out)
        del table, out
    if writer is not None:
        writer.close()
    return os.path.getsize(path)


def stream_only(n: int, directory: str | None = None, existing: str | None = None) -> None:
    """``n`` case records written to a CSV file in chunks (or the file ``existing``, made
    by an earlier run), then, in a fresh process, :func:`qcdc.inspection.rollup_csv` of it
    to the provinces of 2021: wall and CPU seconds, peak RSS (``VmHWM``) and the load
    average; the file written is deleted after."""
    import os
    import subprocess
    import tempfile

    communes = [u.code for u in gazetteer().units(on=ON, level="commune")]
    with tempfile.TemporaryDirectory(prefix="qcdc-bench-", dir=directory) as tmp:
        path = existing or os.path.join(tmp, "cases.csv")
        t0, c0 = time.perf_counter(), time.process_time()
        size = os.path.getsize(path) if existing else write_case_csv(path, n, communes)
        print(
            f"{n:,} case records {'in' if existing else 'written to'} CSV in chunks: "
            f"{size / 2**30:,.2f} GiB in "
            f"{time.perf_counter() - t0:.0f} s wall, {time.process_time() - c0:.0f} s CPU "
            f"({_load()})",
            flush=True,
        )
        print(
            "| reader | start s CPU (wall) | CSV → provinces s CPU (wall) | cases per CPU-s | "
            "cases per wall-s | peak RSS | load before → after |"
        )
        print("|---|---:|---:|---:|---:|---:|---|")
        for reader in ("qcdc-rollup-csv",):
            before = _load()
            out = subprocess.run(
                [sys.executable, __file__, "--csv-run", reader, path],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            start, read, rolled = float(out[0]), float(out[1]), float(out[2])
            rss, c_start, c_read, c_rolled = int(out[3]), *map(float, out[4:7])
            wall, cpu = read + rolled, c_read + c_rolled
            print(
                f"| {reader} | {c_start:.2f} ({start:.2f}) | {cpu:.1f} ({wall:.1f}) | "
                f"{n / cpu / 1e6:.2f} M | {n / wall / 1e6:.2f} M | {rss / 2**10:,.0f} MiB | "
                f"{before} → {_load()} |",
                flush=True,
            )


def csv_run(reader: str, path: str) -> None:
    """One CSV → province roll-up, in this process: prints the seconds (wall clock) of
    the start (imports, the embedded gazetteer), of reading the file and of the tally and
    roll-up, the peak RSS in KiB, then the CPU seconds (all threads) of the same three.
    ``pyarrow-stream`` reads and tallies batch by batch (64 MiB of text each), summing
    the tallies by unit (the tallies of a partition add up), then rolls them up."""
    t0 = time.perf_counter()
    from qcdc.inspection import rollup_table, tally_table_by_unit

    needed = ["unit", *(s.value for s in CaseState)]
    if reader == "qcdc-rollup-csv":
        from qcdc.inspection import rollup_csv

        gazetteer()
        t1, c1 = time.perf_counter(), time.process_time()
        result = rollup_csv(path, 2021, on=ON)
        t2, c2 = time.perf_counter(), time.process_time()
        assert result.total().supervised
        print(f"{t1 - t0:.3f} {t2 - t1:.3f} 0 {_peak_kib()} {c1:.3f} {c2 - c1:.3f} 0")
        return
    if reader.startswith("pyarrow"):
        import pyarrow as pa
        import pyarrow.csv as pacsv

        options = pacsv.ConvertOptions(
            column_types={
                "unit": pa.dictionary(pa.int32(), pa.string())
                if reader == "pyarrow-dict"
                else pa.string()
            },
            include_columns=needed,
        )
        blocks = pacsv.ReadOptions(block_size=1 << 26)
    else:
        import polars as pl
    gazetteer()
    t1, c1 = time.perf_counter(), time.process_time()
    if reader == "pyarrow-stream":
        by_unit: dict[str | None, Any] = {}
        for batch in pacsv.open_csv(path, read_options=blocks, convert_options=options):
            for code, t in tally_table_by_unit(batch, 2021).items():
                by_unit[code] = t if code not in by_unit else by_unit[code] + t
        t2, c2 = time.perf_counter(), time.process_time()
        result = rollup({k: v for k, v in by_unit.items() if k is not None}, on=ON)
    else:
        if reader.startswith("pyarrow"):
            table: Any = pacsv.read_csv(path, read_options=blocks, convert_options=options)
        else:
            table = pl.read_csv(
                path, columns=needed, schema_overrides={"unit": pl.String}, try_parse_dates=True
            )
        t2, c2 = time.perf_counter(), time.process_time()
        result = rollup_table(table, 2021, on=ON)
    t3, c3 = time.perf_counter(), time.process_time()
    assert result.total().supervised
    print(
        f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f} {_peak_kib()} {c1:.3f} {c2 - c1:.3f} "
        f"{c3 - c2:.3f}"
    )


def _peak_kib() -> int:
    """This process's peak resident memory in KiB: ``VmHWM`` (reset by ``exec``; the
    ``ru_maxrss`` of a child counts its parent's memory at the fork), else ru_maxrss."""
    import resource

    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--scaling"]:
        scaling()
    elif args[:1] == ["--csv-run"]:
        csv_run(args[1], args[2])
    elif args[:1] == ["--columnar"]:
        import argparse

        parser = argparse.ArgumentParser()
        parser.add_argument("--columnar", action="store_true")
        parser.add_argument("--sizes", default="1000000,10000000")
        parser.add_argument("--csv-rows", type=int, default=10_000_000)
        parser.add_argument("--repeats", type=int, default=3)
        parser.add_argument("--object-cases", type=int, default=200_000)
        parser.add_argument("--stream-only", action="store_true")
        parser.add_argument("--dir", default=None, help="where to write the CSV file")
        parser.add_argument("--csv-file", default=None, help="a file of an earlier run")
        ns = parser.parse_args(args)
        sizes = [int(x) for x in ns.sizes.split(",") if x]
        if ns.stream_only:
            stream_only(ns.csv_rows, ns.dir, ns.csv_file)
        else:
            columnar(sizes, ns.csv_rows, ns.repeats, ns.object_cases)
    else:
        main()
