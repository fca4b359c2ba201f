"""Benchmark bulk conversion of 10 M codes through pandas, polars and Arrow against floors.

Run ``python benchmarks/bench_frames.py`` (a few minutes on 2 cores; needs pandas,
polars, pyarrow and numpy: ``pip install -e ".[test]"``).  ``--codes 1000000`` for a
quick look.

Inputs: ``--codes`` commune codes of 2021-12-17 (all 10,599), drawn **uniformly** and
**Zipf**-distributed (a few very frequent codes, as in real tables), converted to
2025-07-01 (default successors).  Each input kind is timed against the floors of the
same run, interleaved (qcdc, floor, floor, qcdc, …; medians of ``--repeats`` rounds):

* pandas (``object``, ``str`` backed by Python, ``str`` backed by pyarrow):
  ``qcdc.pandas.convert_column`` (three category columns: code, name, status) against
  ``Series.map(dict)`` and "one factorisation + dense table" (``pd.factorize``, then a
  numpy table indexed by the factorised codes: what a string column must pay at least);
* polars ``String``: ``qcdc.polars.convert`` against ``Series.replace_strict``;
* Arrow ``string``: ``qcdc.arrow.convert`` against ``pyarrow.compute.index_in`` + ``take``;
* for every kind, the physical floor: a numpy dense lookup table over integer codes
  (no strings read at all).

"ratio" is qcdc's time over the fastest floor that reads the strings (the goal of
issue 15: at most 1.5); "× dense" is over the integer floor.

``--dask`` measures, instead, the same conversion beyond one frame (wall-clock time: the
point is what several cores do together), plain pandas against dask's threaded and process
schedulers, with the per-partition recipe of before (``convert_column`` in each partition)
and with ``qcdc.pandas.converter`` (the lookup table built once and shipped; vectorised
partitions): in memory (a persisted dask frame of pyarrow strings, collected back into one
pandas frame), and from a Parquet file of ``--partitions`` row groups to a count of rows per
new code (nothing but the counts comes back: how a process scheduler is used). The process
scheduler reuses one pool of workers (``compute(pool=...)``); starting it is timed apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers as P
import numpy as np

import qcdc

D2021 = dt.date(2021, 12, 17)
D2025B = dt.date(2025, 7, 1)


def draws(n_codes: int, n: int, kind: str, seed: int) -> Any:
    """``n`` indices into ``n_codes`` codes: uniform, or Zipf over a shuffled order."""
    rng = np.random.default_rng(seed)
    if kind == "uniform":
        return rng.integers(0, n_codes, n, dtype=np.int32)
    weights = 1.0 / np.arange(1, n_codes + 1)
    order = rng.permutation(n_codes)
    return order[rng.choice(n_codes, size=n, p=weights / weights.sum())].astype(np.int32)


def bench(n: int, repeats: int) -> dict[str, Any]:
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyarrow.compute as pc

    import qcdc.arrow
    import qcdc.polars
    from qcdc.pandas import convert_column

    g = qcdc.gazetteer()
    codes = sorted(u.code for u in g.units(on=D2021, level="commune"))
    answers = g.convert(codes, on=D2021, to=D2025B, on_unknown="none")
    mapping = dict(zip(codes, answers, strict=True))
    targets = sorted({a for a in answers if a is not None})
    target_index = {t: i for i, t in enumerate(targets)}
    dense = np.array([target_index.get(a, -1) for a in answers], dtype=np.int32)  # type: ignore[arg-type]
    keys = pl.Series(list(mapping), dtype=pl.String)
    values = pl.Series(list(mapping.values()), dtype=pl.String)
    arrow_keys = pa.array(list(mapping), type=pa.string())
    arrow_values = pa.array(list(mapping.values()), type=pa.string())
    # warm the caches (one lookup table per gazetteer and dates), as a long session has
    qcdc.polars.convert(pl.Series(codes[:10]), on=D2021, to=D2025B, on_unknown="none")
    qcdc.arrow.convert(pa.array(codes[:10]), on=D2021, to=D2025B, on_unknown="none")

    results: dict[str, Any] = {"codes": n, "distinct": len(codes), "rows": []}
    for dist in ("uniform", "zipf"):
        idx = draws(len(codes), n, dist, seed=15)
        objects = np.array(codes, dtype=object)[idx]
        arrow = pa.array(objects, type=pa.string())
        polars = pl.from_arrow(arrow)
        dense_floor: tuple[str, Callable[[], Any]] = (
            "numpy dense table (int codes)",
            lambda idx=idx: dense[idx],
        )

        kinds: list[tuple[str, list[tuple[str, Callable[[], Any]]], list[str]]] = []
        for label, dtype in (
            ("pandas object", object),
            ("pandas string[python]", pd.StringDtype("python")),
            ("pandas string[pyarrow]", pd.StringDtype("pyarrow")),
        ):
            df = pd.DataFrame({"code": pd.Series(objects, dtype=dtype)})
            s = df["code"]

            def factorised(s: Any = s) -> Any:
                f, uniques = pd.factorize(s)
                table = np.array([mapping.get(u) for u in uniques] + [None], dtype=object)
                return table[f]

            kinds.append(
                (
                    label,
                    [
                        (
                            "qcdc convert_column",
                            lambda df=df: convert_column(df, "code", on=D2021, to=D2025B),
                        ),
                        ("Series.map(dict)", lambda s=s: s.map(mapping)),
                        ("factorize + dense table", factorised),
                        dense_floor,
                    ],
                    ["Series.map(dict)", "factorize + dense table"],
                )
            )
        kinds.append(
            (
                "polars String",
                [
                    (
                        "qcdc.polars.convert",
                        lambda s=polars: qcdc.polars.convert(
                            s, on=D2021, to=D2025B, on_unknown="none"
                        ),
                    ),
                    (
                        "replace_strict",
                        lambda s=polars: s.replace_strict(keys, values, default=None),
                    ),
                    dense_floor,
                ],
                ["replace_strict"],
            )
        )
        kinds.append(
            (
                "Arrow string",
                [
                    (
                        "qcdc.arrow.convert",
                        lambda a=arrow: qcdc.arrow.convert(
                            a, on=D2021, to=D2025B, on_unknown="none"
                        ),
                    ),
                    (
                        "index_in + take",
                        lambda a=arrow: arrow_values.take(pc.index_in(a, value_set=arrow_keys)),
                    ),
                    dense_floor,
                ],
                ["index_in + take"],
            )
        )
        for label, candidates, floors in kinds:
            times = P.interleaved(candidates, repeats)
            med = {name: P.median(t) for name, t in times.items()}
            qcdc_name = candidates[0][0]
            fastest = min(med[f] for f in floors)
            for name, _ in candidates:
                results["rows"].append(
                    {
                        "distribution": dist,
                        "input": label,
                        "method": name,
                        "rows_per_s": n / med[name],
                        "ratio": med[name] / fastest if name == qcdc_name else None,
                        "x_dense": med[name] / med[dense_floor[0]],
                    }
                )
            print(f"  {dist:8} {label:22} done", file=sys.stderr, flush=True)
    return results


def bench_dask(n: int, repeats: int, partitions: int) -> list[tuple[str, str, float]]:
    """(data, method, median seconds) of the pipelines described in the docstring."""
    import concurrent.futures as cf
    import multiprocessing
    import tempfile

    import dask
    import dask.dataframe as dd
    import pandas as pd

    from qcdc.pandas import convert_column, converter

    g = qcdc.gazetteer()
    codes = sorted(u.code for u in g.units(on=D2021, level="commune"))
    idx = draws(len(codes), n, "uniform", seed=15)
    df = pd.DataFrame({"code": pd.Series(np.array(codes, dtype=object)[idx], dtype="str")})
    conv = converter(on=D2021, to=D2025B)
    convert_column(df.head(10), "code", on=D2021, to=D2025B)  # warm the table's cache
    ddf = dd.from_pandas(df, npartitions=partitions).persist(scheduler="threads")
    meta = convert_column(df.head(0), "code", on=D2021, to=D2025B, categorical=False)

    def per_partition(frame: Any) -> Any:  # the recipe of before: convert_column in each
        return frame.map_partitions(
            convert_column, "code", on=D2021, to=D2025B, categorical=False, meta=meta
        )

    folder = Path(tempfile.mkdtemp(prefix="qcdc-bench-dask-"))
    parquet = folder / "codes.parquet"
    df.to_parquet(parquet, row_group_size=-(-n // partitions), index=False)

    # dask starts a new pool of (spawned) worker processes for each compute unless given one;
    # starting it (each worker imports pandas, dask and qcdc) is timed once, then reused
    workers = os.cpu_count() or 1
    pool = cf.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    warm = dd.from_pandas(df.head(workers * 10), npartitions=workers)
    start, _ = P.timed(
        lambda: conv.partitions(warm, "code").compute(scheduler="processes", pool=pool)
    )
    cold: list[tuple[str, str, float]] = [("start", "dask processes: a new pool of workers", start)]

    def from_parquet(recipe: str, scheduler: str) -> Callable[[], Any]:
        def run() -> Any:
            frame = dd.read_parquet(parquet, split_row_groups=True)
            if recipe == "none":  # the scheduler's own floor: read and count the old codes
                counts = frame["code"].value_counts()
            elif recipe == "converter":
                counts = conv.partitions(frame, "code")["code_new"].value_counts()
            else:
                counts = per_partition(frame)["code_new"].value_counts()
            if scheduler == "processes":
                return counts.compute(scheduler=scheduler, pool=pool)
            return counts.compute(scheduler=scheduler)

        return run

    def pandas_from_parquet() -> Any:
        frame = pd.read_parquet(parquet)
        return convert_column(frame, "code", on=D2021, to=D2025B)["code_new"].value_counts()

    candidates: list[tuple[str, str, Callable[[], Any]]] = [
        (
            "in memory",
            "pandas convert_column (one frame)",
            lambda: convert_column(df, "code", on=D2021, to=D2025B),
        ),
        ("in memory", "pandas converter (one frame)", lambda: conv(df, "code")),
        (
            "in memory",
            "dask threads, convert_column per partition",
            lambda: per_partition(ddf).compute(scheduler="threads"),
        ),
        (
            "in memory",
            "dask threads, converter",
            lambda: conv.partitions(ddf, "code").compute(scheduler="threads"),
        ),
        ("Parquet → counts", "pandas convert_column", pandas_from_parquet),
        (
            "Parquet → counts",
            "dask threads, convert_column per partition",
            from_parquet("old", "threads"),
        ),
        ("Parquet → counts", "dask threads, converter", from_parquet("converter", "threads")),
        (
            "Parquet → counts",
            "dask threads, no conversion (read, count)",
            from_parquet("none", "threads"),
        ),
        (
            "Parquet → counts",
            "dask processes, convert_column per partition",
            from_parquet("old", "processes"),
        ),
        (
            "Parquet → counts",
            "dask processes, converter",
            from_parquet("converter", "processes"),
        ),
        (
            "Parquet → counts",
            "dask processes, no conversion (read, count)",
            from_parquet("none", "processes"),
        ),
    ]
    with dask.config.set(num_workers=workers):
        times = P.interleaved([(f"{d}|{m}", fn) for d, m, fn in candidates], repeats)
    pool.shutdown()
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    return [(d, m, P.median(times[f"{d}|{m}"])) for d, m, _ in candidates] + cold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--codes", type=int, default=10_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--dask", action="store_true", help="measure dask (see above) instead")
    ap.add_argument("--partitions", type=int, default=8, help="dask partitions (--dask)")
    P.add_common_options(ap)
    args = ap.parse_args()
    if args.dask:
        args.wall_clock = True
    P.start(args, "bench_frames", qcdc.__version__)
    if args.dask:
        import dask
        import pandas as pd

        print(f"dask {dask.__version__}, pandas {pd.__version__}, numpy {np.__version__}")
        rows = bench_dask(args.codes, args.repeats, args.partitions)
        base = {d: s for d, m, s in rows if m.startswith("pandas convert_column")}
        base["start"] = base["Parquet → counts"]
        print(f"\n{args.codes:,} commune codes of 2021-12-17 → 2025-07-01, uniform, ", end="")
        print(f"{args.partitions} partitions, {os.cpu_count()} CPUs\n")
        print(
            P.table(
                ["data", "method", "seconds", "rows/s", "× plain pandas"],
                [
                    (d, m, f"{s:.2f}", f"{args.codes / s / 1e6:.1f} M", f"{s / base[d]:.2f}")
                    for d, m, s in rows
                ],
            )
        )
        return 0
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    versions = f"pandas {pd.__version__}, polars {pl.__version__}, pyarrow {pa.__version__}"
    print(f"{versions}, numpy {np.__version__}")
    res = bench(args.codes, args.repeats)
    what = f"{args.codes:,} commune codes of 2021-12-17 ({res['distinct']:,} distinct)"
    print(f"\n{what} → 2025-07-01\n")
    print(
        P.table(
            [
                "codes",
                "input",
                "method",
                "rows/s",
                "ratio to fastest string floor",
                "× numpy dense",
            ],
            [
                (
                    r["distribution"],
                    r["input"],
                    r["method"],
                    f"{r['rows_per_s'] / 1e6:.1f} M",
                    f"{r['ratio']:.2f}" if r["ratio"] is not None else "",
                    f"{r['x_dense']:.1f}",
                )
                for r in res["rows"]
            ],
        )
    )
    if args.json:
        import json

        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
