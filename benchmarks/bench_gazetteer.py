"""Benchmark qcdc's gazetteer against its peers: cold start and ``get``.

Run ``python benchmarks/bench_gazetteer.py`` (about a minute on 2 cores) from the
benchmark venv of ``benchmarks/README.md`` (qcdc and the peers installed from wheels,
never editable).  The peers are bench-only tools (never qcdc dependencies), each at the
newest version that installs here::

    python -m pip install vietnam-provinces==2025.10.1 vietnamadminunits==1.0.4

Every measurement runs qcdc and the peer in the same process and the same run,
interleaved (qcdc, peer, qcdc, peer …), and reports the median of the repeats.  Codes
are real codes of the embedded lists, drawn both uniformly and Zipf-wise (a skewed draw
flatters the caches: both are reported).  ``find`` is measured by ``bench_search.py``
(realistic typos, fresh inputs per round, the same sample for qcdc and the peer).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers as P

import qcdc

D2021 = dt.date(2021, 12, 17)
D2025A = dt.date(2025, 1, 1)
D2025B = dt.date(2025, 7, 1)

# ----------------------------------------------------------------------------- 1. cold start

# peak RSS from VmHWM: getrusage's ru_maxrss survives exec and would report the parent's
_EPILOGUE = """
import json, re
with open("/proc/self/status") as fh:
    hwm = int(re.search(r"VmHWM:\\s+(\\d+)", fh.read()).group(1))
print(json.dumps({"import": t1 - t0, "first": t3 - t1, "total": t3 - t0, "rss_kib": hwm, **extra}))
"""

_QCDC_CHILD = """
import time
t0 = time.perf_counter()
import datetime as dt
import qcdc
t1 = time.perf_counter()
g = qcdc.gazetteer()
u = g.get("00001", on=dt.date(2021, 12, 17))
t3 = time.perf_counter()
assert u is not None and u.name == "Phường Phúc Xá", u
extra = {"load": t3 - t1}
"""

_QCDC_MORE_CHILD = (
    _QCDC_CHILD
    + """
r = g.find("Phuong Phuc Xa", on=dt.date(2021, 12, 17), within="01")
t4 = time.perf_counter()
assert r.unit is not None and r.unit.code == "00001", r
p = g.project("00001", on=dt.date(2021, 12, 17), to=dt.date(2025, 7, 1))
t5 = time.perf_counter()
assert p.targets[0].code == "00097", p
extra.update(first_find=t4 - t3, first_project=t5 - t4)
t3 = t5
"""
)

# vietnam-provinces 2025.10.1 (the newest for Python 3.11) holds the two-tier list only
_VP_CHILD = """
import time
t0 = time.perf_counter()
from vietnam_provinces import Ward
t1 = time.perf_counter()
w = Ward.from_code(97)
t3 = time.perf_counter()
assert w.name == "Phường Hồng Hà", w
extra = {}
"""

_VAU_CHILD = """
import time
t0 = time.perf_counter()
import vietnamadminunits
t1 = time.perf_counter()
a = vietnamadminunits.parse_address("Phường Hồng Hà, Thành phố Hà Nội")
t3 = time.perf_counter()
assert a.ward_code == "00097", a
extra = {}
"""

_BASELINE_CHILD = """
import time
t0 = t1 = t3 = time.perf_counter()
extra = {}
"""


def bench_cold(repeats: int) -> dict[str, Any]:
    children = [
        ("python -c (baseline)", _BASELINE_CHILD + _EPILOGUE),
        ("qcdc", _QCDC_CHILD + _EPILOGUE),
        (f"vietnam_provinces {P.peer_version('vietnam-provinces')}", _VP_CHILD + _EPILOGUE),
        (f"vietnamadminunits {P.peer_version('vietnamadminunits')}", _VAU_CHILD + _EPILOGUE),
        ("qcdc + first find + first project", _QCDC_MORE_CHILD + _EPILOGUE),
    ]
    runs: dict[str, list[tuple[float, dict[str, Any]]]] = {n: [] for n, _ in children}
    failed: dict[str, str] = {}
    for i in range(repeats + 1):  # round 0 warms the bytecode caches; not counted
        for name, code in children:
            if name in failed:
                continue
            try:
                wall, data = P.run_child(code)
            except RuntimeError as exc:
                failed[name] = str(exc).strip().splitlines()[-1]
                continue
            if i:
                runs[name].append((wall, data))
    base_wall = P.median(w for w, _ in runs["python -c (baseline)"])
    base_rss = P.median(d["rss_kib"] for _, d in runs["python -c (baseline)"])
    rows = []
    out: dict[str, Any] = {"failed": failed, "repeats": repeats}
    for name, _ in children:
        if name in failed or not runs[name]:
            rows.append((name, "not measured: " + failed.get(name, "?"), "", "", "", "", ""))
            continue
        wall = P.median(w for w, _ in runs[name])
        inproc = P.median(d["total"] for _, d in runs[name])
        imp = P.median(d["import"] for _, d in runs[name])
        load = P.median(d["first"] for _, d in runs[name])
        rss = P.median(d["rss_kib"] for _, d in runs[name]) / 1024
        rows.append(
            (
                name,
                f"{inproc * 1000:.0f}",
                f"{imp * 1000:.0f}",
                f"{load * 1000:.1f}",
                f"{wall * 1000:.0f}",
                f"{(wall - base_wall) * 1000:+.0f}" if name != "python -c (baseline)" else "",
                f"{rss:.1f} (+{rss - base_rss / 1024:.1f})",
            )
        )
        out[name] = {
            "in_process_ms": inproc * 1000,
            "import_ms": imp * 1000,
            "load_and_first_ms": load * 1000,
            "process_wall_ms": wall * 1000,
            "peak_rss_mib": rss,
        }
        if name.startswith("qcdc +"):
            out[name]["first_find_ms"] = 1000 * P.median(d["first_find"] for _, d in runs[name])
            out[name]["first_project_ms"] = 1000 * P.median(
                d["first_project"] for _, d in runs[name]
            )
    print(
        P.table(
            (
                "cold start (fresh process)",
                "import+load+1 lookup ms",
                "import ms",
                "load+lookup ms",
                "process wall ms",
                "vs baseline ms",
                "peak RSS MiB",
            ),
            rows,
        )
    )
    q = out.get("qcdc + first find + first project")
    if isinstance(q, dict):
        print(
            f"qcdc afterwards: first find {q['first_find_ms']:.1f} ms (builds the name index), "
            f"first project {q['first_project_ms']:.1f} ms (loads the lineage)"
        )
    return out


# ---------------------------------------------------------------------------------- 2. get


def zipf_sample(rng: random.Random, population: Sequence[str], k: int) -> list[str]:
    """``k`` draws, Zipf-distributed over a shuffled copy (a few very frequent codes)."""
    pop = list(population)
    rng.shuffle(pop)
    weights = [1.0 / (rank + 1) for rank in range(len(pop))]
    return rng.choices(pop, weights=weights, k=k)


def uniform_sample(rng: random.Random, population: Sequence[str], k: int) -> list[str]:
    """``k`` draws, every code equally likely (no code is much more frequent)."""
    return rng.choices(list(population), k=k)


DISTRIBUTIONS: dict[str, Callable[[random.Random, Sequence[str], int], list[str]]] = {
    "uniform": uniform_sample,
    "Zipf": zipf_sample,
}


def code_mix(g: qcdc.Gazetteer, on: dt.date, n: int, seed: int, dist: str = "Zipf") -> list[str]:
    """A realistic table column: ~90% communes, ~8% districts, ~2% provinces."""
    rng = random.Random(seed)
    draw = DISTRIBUTIONS[dist]
    by_level: dict[str, list[str]] = collections.defaultdict(list)
    for u in g.units(on=on):
        by_level[u.level.name].append(u.code)
    shares = {"COMMUNE": 0.90, "DISTRICT": 0.08, "PROVINCE": 0.02}
    if not by_level["DISTRICT"]:
        shares = {"COMMUNE": 0.95, "PROVINCE": 0.05}
    out: list[str] = []
    for level, share in shares.items():
        out += draw(rng, sorted(by_level[level]), round(n * share))
    rng.shuffle(out)
    return out[:n]


def _vp_ward_from_code(vp: Any) -> Callable[[int], Any] | None:
    """``vietnam_provinces.Ward.from_code`` (2025.x API), or ``None`` for older releases."""
    ward = getattr(vp, "Ward", None)
    return getattr(ward, "from_code", None)


def bench_get(g: qcdc.Gazetteer, n: int, repeats: int, vp: Any) -> dict[str, Any]:
    get = g.get
    out: dict[str, Any] = {}
    rows = []
    for dist in DISTRIBUTIONS:
        mixes = {
            "2021-12-17, all levels": (D2021, code_mix(g, D2021, n, 1, dist)),
            "2025-07-01, all levels": (D2025B, code_mix(g, D2025B, n, 2, dist)),
            # 2021 codes asked on 2025-07-01: many no longer exist (get returns None)
            "2021 codes asked on 2025-07-01": (D2025B, code_mix(g, D2021, n, 3, dist)),
        }
        for label, (on, codes) in mixes.items():

            def run(codes: list[str] = codes, on: dt.date = on) -> int:
                hits = 0
                for c in codes:
                    if get(c, on=on) is not None:
                        hits += 1
                return hits

            # the floor: a plain dict of the date's units, one .get per code
            floor_map = {u.code: u for u in g.units(on=on)}

            def floor(codes: list[str] = codes, fget: Any = floor_map.get) -> int:
                hits = 0
                for c in codes:
                    if fget(c) is not None:
                        hits += 1
                return hits

            _, hits = P.timed(run)
            times = P.interleaved([("qcdc", run), ("floor", floor)], repeats)
            med, fmed = P.median(times["qcdc"]), P.median(times["floor"])
            rows.append(
                (
                    f"qcdc get, {label}",
                    dist,
                    f"{n:,}",
                    f"{hits / n:.1%}",
                    P.rate(n, med),
                    f"floor (dict.get) {P.rate(n, fmed)}: qcdc {fmed / med:.2f}× its rate",
                )
            )
            out[f"{label}, {dist}"] = {
                "calls": n,
                "found": hits,
                "seconds": med,
                "per_s": n / med,
                "floor_per_s": n / fmed,
            }
    # the same 2025-07-01 commune codes through vietnam_provinces (its list is 2025-07-01):
    # both sides return the unit's record (qcdc's AdministrativeUnit, the peer's Ward)
    from_code = _vp_ward_from_code(vp) if vp is not None else None
    if from_code is not None:
        communes_2025 = sorted(u.code for u in g.units(on=D2025B, level="commune"))
        in_both = [c for c in communes_2025 if _has(from_code, int(c))]
        version = P.peer_version("vietnam-provinces")
        for dist, draw in DISTRIBUTIONS.items():
            communes = draw(random.Random(4), in_both, n)
            ints = [int(c) for c in communes]  # the peer's best case: int codes prebuilt

            def q_run(communes: list[str] = communes) -> list[Any]:
                return [get(c, on=D2025B) for c in communes]

            def vp_run(ints: list[int] = ints) -> list[Any]:
                return [from_code(i) for i in ints]

            def vp_str_run(communes: list[str] = communes) -> list[Any]:
                return [from_code(int(c)) for c in communes]

            times = P.interleaved(
                [("qcdc", q_run), ("vp", vp_run), ("vp_str", vp_str_run)], repeats
            )
            q, v, vs = (P.median(times[k]) for k in ("qcdc", "vp", "vp_str"))
            q_hits = sum(1 for u in q_run() if u is not None)
            v_hits = sum(1 for w in vp_run() if w is not None)
            same = all(
                u.name == w.name for u, w in zip(q_run(), vp_run(), strict=True)
            )  # the same unit on both sides
            rows.append(
                (
                    'qcdc get("00097", on=2025-07-01), 2025 commune codes',
                    dist,
                    f"{n:,}",
                    f"{q_hits / n:.1%}",
                    P.rate(n, q),
                    "",
                )
            )
            rows.append(
                (
                    f"vietnam_provinces {version} Ward.from_code(97), same codes as int",
                    dist,
                    f"{n:,}",
                    f"{v_hits / n:.1%}",
                    P.rate(n, v),
                    f"{v / q:.2f}× qcdc's time" if v < q else f"qcdc {v / q:.2f}× faster",
                )
            )
            rows.append(
                (
                    "  … Ward.from_code(int(code)), from the string code",
                    dist,
                    f"{n:,}",
                    "",
                    P.rate(n, vs),
                    f"qcdc {vs / q:.2f}× faster" if vs > q else f"{vs / q:.2f}× qcdc's time",
                )
            )
            out[f"communes 2025 vs vietnam_provinces, {dist}"] = {
                "qcdc_per_s": n / q,
                "vp_per_s": n / v,
                "vp_from_str_per_s": n / vs,
                "qcdc_over_vp_time": q / v,
                "same_names": same,
                "peer": f"vietnam-provinces {version}",
            }
    elif vp is not None:
        rows.append(("vietnam_provinces", "", "", "", "not measured: no Ward.from_code", ""))
    print(P.table(("get", "codes", "calls", "found", "rate (median)", "vs floor / peer"), rows))
    return out


def _has(from_code: Callable[[int], Any], code: int) -> bool:
    try:
        from_code(code)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------------- 3. find


def clear_qcdc_caches() -> None:
    """Empty every lru_cache of qcdc's text and gazetteer modules (a cold first pass)."""
    for name in ("qcdc.text", "qcdc.units.gazetteer", "qcdc.units.search", "qcdc.units.model"):
        mod = sys.modules.get(name)  # qcdc.units.search: since the gazetteer was split
        if mod is None:
            continue
        for value in vars(mod).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and not isinstance(value, type):  # a cache, not its class
                clear()


# ------------------------------------------------------------------------------------ main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=3, help="timed rounds per measurement")
    ap.add_argument(
        "--cold-repeats", type=int, default=7, help="fresh processes per library (0: skip)"
    )
    ap.add_argument("--get-calls", type=int, default=1_000_000)
    P.add_common_options(ap)
    args = ap.parse_args(argv)
    P.start(args, "bench_gazetteer", qcdc.__version__)
    print(f"epochs (snapshots) of the embedded gazetteer: {len(qcdc.gazetteer().snapshots)}")
    vp, vp_why = P.try_import("vietnam_provinces")
    vau, vau_why = P.try_import("vietnamadminunits")
    for name, mod, why in (
        ("vietnam_provinces", vp, vp_why),
        ("vietnamadminunits", vau, vau_why),
    ):
        if mod is None:
            print(f"peer {name} not importable ({why}); {P.INSTALL_HINT}")
    print()
    results: dict[str, Any] = {
        "machine": P.machine(),
        "date": dt.date.today().isoformat(),
        "clock": P.clock_name(),
    }
    if args.cold_repeats > 0:
        results["cold"] = bench_cold(args.cold_repeats)
    else:
        print("cold start: skipped (--cold-repeats 0)")
    g = qcdc.gazetteer()
    print()
    results["get"] = bench_get(g, args.get_calls, args.repeats, vp)
    print()
    print("find: see bench_search.py (realistic typos, fresh inputs, the same sample as the peer)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
