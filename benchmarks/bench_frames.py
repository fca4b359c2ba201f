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
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--codes", type=int, default=10_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    P.add_common_options(ap)
    args = ap.parse_args()
    P.start(args, "bench_frames", qcdc.__version__)
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
