"""Benchmark qcdc's gazetteer against its peers: cold start, ``get`` and ``find``.

Run ``python benchmarks/bench_gazetteer.py`` (about a minute on 2 cores).  For the
comparison install the peers as bench-only tools (never qcdc dependencies)::

    python -m pip install vietnam-provinces==0.4.3 vietnamadminunits==1.0.4

Every measurement runs qcdc and the peer in the same process and the same run,
interleaved (qcdc, peer, qcdc, peer …), and reports the median of the repeats.
Inputs are real codes and names of the embedded lists, made messy deterministically
(see ``_peers.VARIANTS``); the expected unit of every input is known.
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

# vietnam-provinces 0.4.3 has no Ward.from_code (that API came with the 2025 rewrite);
# its lookup by code is the FastEnum member W_<code>.
_VP_CHILD = """
import time
t0 = time.perf_counter()
import vietnam_provinces
from vietnam_provinces.enums.wards import WardEnum
t1 = time.perf_counter()
w = WardEnum["W_1"].value
t3 = time.perf_counter()
assert w.name == "Phường Phúc Xá", w
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
        ("vietnam_provinces 0.4.3", _VP_CHILD + _EPILOGUE),
        ("vietnamadminunits 1.0.4", _VAU_CHILD + _EPILOGUE),
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


def code_mix(g: qcdc.Gazetteer, on: dt.date, n: int, seed: int) -> list[str]:
    """A realistic table column: ~90% communes, ~8% districts, ~2% provinces."""
    rng = random.Random(seed)
    by_level: dict[str, list[str]] = collections.defaultdict(list)
    for u in g.units(on=on):
        by_level[u.level.name].append(u.code)
    shares = {"COMMUNE": 0.90, "DISTRICT": 0.08, "PROVINCE": 0.02}
    if not by_level["DISTRICT"]:
        shares = {"COMMUNE": 0.95, "PROVINCE": 0.05}
    out: list[str] = []
    for level, share in shares.items():
        out += zipf_sample(rng, sorted(by_level[level]), round(n * share))
    rng.shuffle(out)
    return out[:n]


def bench_get(g: qcdc.Gazetteer, n: int, repeats: int, vp: Any) -> dict[str, Any]:
    get = g.get
    mixes = {
        "2021-12-17, all levels": (D2021, code_mix(g, D2021, n, 1)),
        "2025-07-01, all levels": (D2025B, code_mix(g, D2025B, n, 2)),
    }
    # 2021 codes asked on 2025-07-01: many no longer exist (get returns None)
    stale = code_mix(g, D2021, n, 3)
    mixes["2021 codes asked on 2025-07-01"] = (D2025B, stale)
    out: dict[str, Any] = {}
    rows = []
    for label, (on, codes) in mixes.items():

        def run(codes: list[str] = codes, on: dt.date = on) -> int:
            hits = 0
            for c in codes:
                if get(c, on=on) is not None:
                    hits += 1
            return hits

        _, hits = P.timed(run)
        times = P.interleaved([("qcdc", run)], repeats)
        med = P.median(times["qcdc"])
        rows.append((f"qcdc get, {label}", f"{n:,}", f"{hits / n:.1%}", P.rate(n, med)))
        out[label] = {"calls": n, "found": hits, "seconds": med, "per_s": n / med}
    # the same commune codes through vietnam_provinces 0.4.3 (its list is the 2021-02-03 export)
    if vp is not None:
        from vietnam_provinces.enums.wards import WardEnum

        in_both = sorted(
            u.code
            for u in g.units(on=D2021, level="commune")
            if hasattr(WardEnum, f"W_{int(u.code)}")
        )
        communes = zipf_sample(random.Random(4), in_both, n)
        keys = [f"W_{int(c)}" for c in communes]  # the peer's best case: names prebuilt

        def q_run() -> None:
            for c in communes:
                get(c, on=D2021)

        def vp_run() -> None:
            for k in keys:
                WardEnum[k]

        times = P.interleaved([("qcdc", q_run), ("vp", vp_run)], repeats)
        q, v = P.median(times["qcdc"]), P.median(times["vp"])
        q_hits = sum(1 for c in communes if get(c, on=D2021) is not None)
        v_hits = sum(1 for k in keys if WardEnum[k].value.name)
        rows.append(("qcdc get, 2021 commune codes", f"{n:,}", f"{q_hits / n:.1%}", P.rate(n, q)))
        rows.append(
            (
                "vietnam_provinces 0.4.3 WardEnum[...], same codes",
                f"{n:,}",
                f"{v_hits / n:.1%}",
                P.rate(n, v),
            )
        )
        out["communes vs vietnam_provinces"] = {"qcdc_per_s": n / q, "vp_per_s": n / v}
    print(P.table(("get", "calls", "found", "rate (median)"), rows))
    return out


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


Input = tuple[str, str, str, str, bool, bool]  # ward, province, expected, variant, amb, amb-bare


def find_inputs(g: qcdc.Gazetteer, n: int, seed: int) -> list[Input]:
    """``n`` (ward, province) spellings of real units of the two-tier list, with the
    expected code and whether the spelling is ambiguous by construction (another unit
    of the province, or of the country for a bare name, reads the same)."""
    rng = random.Random(seed)
    units = list(g.units(on=D2025B, level="commune"))
    provinces = {p.code: p for p in g.units(on=D2025B, level="province")}
    groups: dict[str, collections.Counter[tuple[str, tuple[str, str]]]] = {}
    bare: dict[str, collections.Counter[tuple[str, str]]] = {}
    for label, _f, keeps in P.VARIANTS:
        groups[label] = collections.Counter(
            (u.parent_code or "", k) for u in units for k in P.fitting_keys(u.name, keeps)
        )
        bare[label] = collections.Counter(k for u in units for k in P.fitting_keys(u.name, keeps))
    picks = zipf_sample(rng, [u.code for u in units], n)
    by_code = {u.code: u for u in units}
    out: list[Input] = []
    for i, code in enumerate(picks):
        u = by_code[code]
        label, f, keeps = P.VARIANTS[i % len(P.VARIANTS)]
        _p_label, pf, _ = P.VARIANTS[rng.randrange(len(P.VARIANTS))]
        key = P.information_key(u.name, keeps)
        out.append(
            (
                f(u.name),
                pf(provinces[u.parent_code or ""].name),
                u.code,
                label,
                groups[label][(u.parent_code or "", key)] > 1,
                bare[label][key] > 1,
            )
        )
    return out


def bench_find(g: qcdc.Gazetteer, n: int, repeats: int, peer_n: int, vau: Any) -> dict[str, Any]:
    inputs = find_inputs(g, n, seed=2025)
    distinct = len({(w, p) for w, p, *_ in inputs})
    find = g.find
    on = D2025B

    def qcdc_context(items: Sequence[Input]) -> list[str]:
        out = []
        for ward, prov, expected, *_ in items:
            rp = find(prov, on=on, level="province")
            if rp.status != "exact":
                out.append("province " + rp.status)
                continue
            rw = find(ward, on=on, within=rp.candidates[0].unit.code, level="commune")
            out.append(_grade(rw.status, rw.candidates, expected))
        return out

    def qcdc_bare(items: Sequence[Input]) -> list[str]:
        out = []
        for ward, _prov, expected, *_ in items:
            rw = find(ward, on=on, level="commune")
            out.append(_grade(rw.status, rw.candidates, expected))
        return out

    sample = inputs[:peer_n]  # inputs come in random order, spellings in rotation
    results: dict[str, Any] = {"inputs": n, "distinct_inputs": distinct, "peer_sample": len(sample)}
    rows = []
    for mode, q_fn, peer_text in (
        ("ward, province", qcdc_context, lambda w, p: f"{w}, {p}"),
        ("bare ward name", qcdc_bare, lambda w, p: w),
    ):
        clear_qcdc_caches()
        cold, graded = P.timed(lambda q_fn=q_fn: q_fn(inputs))
        p_cold = 0.0
        candidates: list[tuple[str, Callable[[], Any]]] = [("qcdc", lambda q_fn=q_fn: q_fn(inputs))]
        peer_graded: list[str] = []
        if vau is not None:

            def peer_run(
                peer_text: Callable[[str, str], str] = peer_text,
                parse: Callable[[str], Any] = vau.parse_address,
            ) -> list[str]:
                out = []
                for ward, prov, expected, *_ in sample:
                    a = parse(peer_text(ward, prov))
                    if not a.ward_code:
                        out.append("no answer")
                    else:
                        out.append("right" if a.ward_code == expected else "WRONG")
                return out

            candidates.append(("vietnamadminunits", peer_run))
            p_cold, peer_graded = P.timed(peer_run)
        times = P.interleaved(candidates, repeats)
        warm = P.median(times["qcdc"])
        calls = 2 if mode == "ward, province" else 1
        amb_index = 4 if mode == "ward, province" else 5
        q_acc = _accuracy(graded, inputs, amb_index)
        q_acc_sample = _accuracy(graded[: len(sample)], sample, amb_index)
        rows.append(
            (
                f"qcdc find, {mode}",
                f"{n:,}",
                P.rate(n, cold),
                P.rate(n, warm),
                P.rate(n * calls, warm),
                _fmt_acc(q_acc),
            )
        )
        res: dict[str, Any] = {
            "qcdc_cold_names_per_s": n / cold,
            "qcdc_warm_names_per_s": n / warm,
            "qcdc_warm_find_calls_per_s": n * calls / warm,
            "qcdc_accuracy": q_acc,
            "qcdc_accuracy_on_peer_sample": q_acc_sample,
        }
        if vau is not None:
            p_med = P.median(times["vietnamadminunits"])
            p_acc = _accuracy(peer_graded, sample, amb_index)
            rows.append(
                (
                    "  qcdc, same sample as the peer",
                    f"{len(sample):,}",
                    "",
                    "",
                    "",
                    _fmt_acc(q_acc_sample),
                )
            )
            rows.append(
                (
                    f"  vietnamadminunits.parse_address, {mode}",
                    f"{len(sample):,}",
                    P.rate(len(sample), p_cold),
                    P.rate(len(sample), p_med),
                    "",
                    _fmt_acc(p_acc),
                )
            )
            res.update(peer_names_per_s=len(sample) / p_med, peer_accuracy=p_acc)
            res["by_variant"] = _by_variant(graded[: len(sample)], peer_graded, sample)
        results[mode] = res
    print(
        P.table(
            (
                "find (two-tier list, 2025-07-01)",
                "inputs",
                "names/s, cold caches",
                "names/s, warm (median)",
                "find calls/s",
                "right / ambiguous / not found / wrong",
            ),
            rows,
        )
    )
    print(
        f"{n:,} inputs, {distinct:,} distinct"
        + (f"; the peer runs on the first {len(sample):,}" if vau is not None else "")
        + "; 'ambiguous' = the expected unit among equally good candidates."
    )
    for mode in ("ward, province", "bare ward name"):
        a = results[mode]["qcdc_accuracy"]
        line = (
            f"{mode}: {a['ambiguous_inputs']:,} inputs ambiguous by construction (another unit "
            f"reads the same); qcdc reported {a['ambiguous'] + a['ambiguous_wrong_set']:,} as "
            f"ambiguous and answered {a['answered_ambiguous_inputs']:,} of them with one unit"
        )
        if "peer_accuracy" in results[mode]:
            pa = results[mode]["peer_accuracy"]
            line += (
                f"; parse_address answered {pa['answered_ambiguous_inputs']:,} of the "
                f"{pa['ambiguous_inputs']:,} in its sample with one unit"
            )
        print(line)
    if vau is not None:
        variant_rows = []
        for mode in ("ward, province", "bare ward name"):
            for label, (q, p, m) in results[mode]["by_variant"].items():
                variant_rows.append((mode, label, m, f"{q:.1%}", f"{p:.1%}"))
        print(
            P.table(
                ("mode", "spelling", "inputs", "qcdc right", "parse_address right"),
                variant_rows,
            )
        )
    return results


def _grade(status: str, candidates: Sequence[Any], expected: str) -> str:
    if status == "exact":
        return "right" if candidates[0].unit.code == expected else "WRONG"
    if status == "ambiguous":
        top = candidates[0].score
        codes = {c.unit.code for c in candidates if c.score == top}
        return "ambiguous" if expected in codes else "ambiguous, expected not among them"
    return "not found"


def _accuracy(graded: Sequence[str], items: Sequence[Input], amb_index: int) -> dict[str, Any]:
    c = collections.Counter(graded)
    amb_inputs = sum(1 for it in items if it[amb_index])
    guessed = sum(
        1
        for g_, it in zip(graded, items, strict=True)
        if it[amb_index] and g_ in ("right", "WRONG")
    )
    return {
        "n": len(graded),
        "right": c["right"],
        "ambiguous": c["ambiguous"],
        "ambiguous_wrong_set": c["ambiguous, expected not among them"],
        "not_found": c["not found"]
        + c["no answer"]
        + sum(v for k, v in c.items() if k.startswith("province")),
        "wrong": c["WRONG"],
        "ambiguous_inputs": amb_inputs,
        "answered_ambiguous_inputs": guessed,
    }


def _fmt_acc(a: dict[str, Any]) -> str:
    n = a["n"]
    return (
        f"{a['right'] / n:.2%} / {(a['ambiguous'] + a['ambiguous_wrong_set']) / n:.2%} / "
        f"{a['not_found'] / n:.2%} / {a['wrong'] / n:.2%} ({a['wrong']})"
    )


def _by_variant(
    q: Sequence[str], p: Sequence[str], items: Sequence[Input]
) -> dict[str, tuple[float, float, int]]:
    acc: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    for qg, pg, it in zip(q, p, items, strict=True):
        a = acc[it[3]]
        a[0] += qg == "right"
        a[1] += pg == "right"
        a[2] += 1
    return {k: (v[0] / v[2], v[1] / v[2], v[2]) for k, v in acc.items()}


# ------------------------------------------------------------------------------------ main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=3, help="timed rounds per measurement")
    ap.add_argument("--cold-repeats", type=int, default=7, help="fresh processes per library")
    ap.add_argument("--get-calls", type=int, default=1_000_000)
    ap.add_argument("--find-names", type=int, default=100_000)
    ap.add_argument("--peer-sample", type=int, default=10_000, help="inputs given to parse_address")
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
    results["cold"] = bench_cold(args.cold_repeats)
    g = qcdc.gazetteer()
    print()
    results["get"] = bench_get(g, args.get_calls, args.repeats, vp)
    print()
    results["find"] = bench_find(g, args.find_names, args.repeats, args.peer_sample, vau)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
