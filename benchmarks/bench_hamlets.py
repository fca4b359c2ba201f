"""Speed of merger plans: check, apply and summarise, at 10k / 100k / 1M communities.

Run with ``python benchmarks/bench_hamlets.py`` (``--sizes 10000,100000`` to choose,
``--rounds 5``).  Each size builds a synthetic gazetteer (20 communities per commune, 60
communes per district, real province codes so the standards apply) and a plan of mergers
of two communities each, one merger for every 3.33 communities (300,000 at 1,000,000).

Every timed call gets fresh inputs: a new :class:`HamletRegistry` over the same
communities is built *inside* the timed call (so nothing a registry memoises — its
indexes, its analyses of plans — is reused from an earlier call), and qcdc's text caches
(``search_key`` …) are emptied before it.  Three calls per round:

* ``check``: ``plan.check(registry)``;
* ``apply``: ``plan.apply(registry)`` on its own, on a registry never checked (apply
  checks the plan itself, so this is the cost of applying a plan nobody checked first);
* ``check + apply``: both on one registry, as a user runs them (apply then reuses the
  analysis of check).

``summarize(by=district)`` of that outcome is timed apart.  Every size runs ``--rounds``
rounds (3 by default, the million included); figures are medians with the min–max of the
rounds, in process CPU time (``--wall-clock`` for elapsed time), and per community in µs.
The last table compares the cost per community at each size with that at the smallest.
The script uses the public API only, so it also times an older source tree
(``PYTHONPATH=/other/src python benchmarks/bench_hamlets.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import qcdc
from qcdc.hamlets import (
    DEFAULT_REGIONS,
    Community,
    CommunityKind,
    HamletRegistry,
    Merger,
    MergerPlan,
    summarize,
)
from qcdc.units import AdministrativeUnit
from qcdc.units.gazetteer import Gazetteer

ON = dt.date(2021, 12, 17)
PER_COMMUNE = 20
COMMUNES_PER_DISTRICT = 60

_clock: Callable[[], float] = time.process_time


def build(n: int, seed: int = 2021) -> tuple[HamletRegistry, MergerPlan]:
    rng = random.Random(seed)
    provinces = sorted(DEFAULT_REGIONS.provinces)
    communes = n // PER_COMMUNE
    districts = -(-communes // COMMUNES_PER_DISTRICT)
    units: list[AdministrativeUnit] = []
    for p in provinces:
        units.append(AdministrativeUnit("tỉnh", p, f"Tỉnh {p}"))
    for d in range(1, districts + 1):
        units.append(
            AdministrativeUnit("huyện", f"{d:03d}", f"Huyện {d}", provinces[d % len(provinces)])
        )
    comms: list[Community] = []
    actions: list[Merger] = []
    mergers_per_commune = round(PER_COMMUNE * 0.3)
    for c in range(1, communes + 1):
        code = f"{c:05d}"
        ward = c % 3 == 0
        kind_name = "phường" if ward else "xã"
        units.append(
            AdministrativeUnit(
                kind_name,
                code,
                f"{kind_name.title()} {c}",
                f"{(c - 1) // COMMUNES_PER_DISTRICT + 1:03d}",
            )
        )
        kind = CommunityKind.RESIDENTIAL_GROUP if ward else CommunityKind.HAMLET
        here = [
            Community(f"{code}-{i}", f"{kind.prefix} {i}", kind, code, rng.randint(50, 700))
            for i in range(1, PER_COMMUNE + 1)
        ]
        comms.extend(here)
        for k in range(mergers_per_commune):
            a, b = here[2 * k], here[2 * k + 1]
            actions.append(
                Merger(
                    [a.ref, b.ref],
                    target_id=f"{code}-M{k}",
                    target_name=f"{kind.prefix} mới {k}",
                    target_households=a.households + b.households,
                    effective=ON,
                    basis="benchmark",
                )
            )
    gazetteer = Gazetteer.from_units(units, check=False)
    return HamletRegistry(comms, on=ON, gazetteer=gazetteer), MergerPlan(actions)


def clear_caches() -> None:
    """Empty every ``lru_cache`` of qcdc's modules (text normalisation and the like)."""
    for name, module in list(sys.modules.items()):
        if name != "qcdc" and not name.startswith("qcdc."):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, type):
                continue
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    clear_caches()
    gc.collect()
    t0 = _clock()
    result = fn()
    return _clock() - t0, result


def one_round(registry: HamletRegistry, plan: MergerPlan) -> dict[str, float]:
    comms, gaz = registry.communities, registry.gazetteer

    def fresh() -> HamletRegistry:
        return HamletRegistry(comms, on=ON, gazetteer=gaz)

    def check() -> Any:
        return plan.check(fresh())

    def apply() -> Any:
        return plan.apply(fresh())

    def check_apply() -> Any:
        reg = fresh()
        return reg, plan.check(reg), plan.apply(reg)

    t_check, findings = timed(check)
    assert not [f for f in findings if f.is_error]
    del findings
    t_apply, outcome = timed(apply)
    assert len(outcome.after) == len(comms) - len(plan)
    del outcome
    t_both, (reg, _, outcome) = timed(check_apply)
    t_sum, summary = timed(lambda: summarize(reg, outcome, by="district"))
    assert summary.total.after == len(reg) - len(plan)
    return {"check": t_check, "apply": t_apply, "check + apply": t_both, "summarize": t_sum}


STEPS = ("check", "apply", "check + apply", "summarize")


def run(n: int, rounds: int, validate: bool) -> dict[str, Any]:
    registry, plan = build(n)
    t_validate = None
    if validate:
        t0 = time.perf_counter()
        registry.validate()
        t_validate = time.perf_counter() - t0
    per_round = [one_round(registry, plan) for _ in range(rounds)]
    return {
        "communities": len(registry),
        "mergers": len(plan),
        "validate (wall, once)": t_validate,
        "rounds": {step: [r[step] for r in per_round] for step in STEPS},
        "load": os.getloadavg()[0],
    }


def _fmt(values: list[float], scale: float = 1.0, digits: int = 3) -> str:
    med = statistics.median(values) * scale
    return f"{med:.{digits}f} ({min(values) * scale:.{digits}f}–{max(values) * scale:.{digits}f})"


def main(argv: list[str] | None = None) -> int:
    global _clock
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--wall-clock", action="store_true", help="elapsed instead of CPU time")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--validate", action="store_true", help="also validate each registry once (wall-clock)"
    )
    args = parser.parse_args(argv)
    if args.wall_clock:
        _clock = time.perf_counter
    sizes = [int(s) for s in args.sizes.split(",")]
    clock = "wall-clock" if args.wall_clock else "process CPU"
    print(
        f"Python {sys.version.split()[0]}; qcdc from {os.path.dirname(qcdc.__file__)}; "
        f"{clock} seconds, median (min–max) of {args.rounds} rounds; fresh registry and "
        f"empty caches for every call; gc enabled: {gc.isenabled()}"
    )
    print()
    print("| communities | mergers | load | " + " | ".join(STEPS) + " |")
    print("|---:|---:|---:|" + "---:|" * len(STEPS))
    results = []
    for n in sizes:
        r = run(n, args.rounds, args.validate)
        results.append(r)
        cells = [_fmt(r["rounds"][s]) for s in STEPS]
        print(
            f"| {r['communities']:,} | {r['mergers']:,} | {r['load']:.1f} | "
            + " | ".join(cells)
            + " |",
            flush=True,
        )
        if r["validate (wall, once)"] is not None:
            print(
                f"validating the registry of {r['communities']:,}: "
                f"{r['validate (wall, once)']:.2f} s (wall-clock, once)",
                flush=True,
            )
    print()
    print("µs per community (median (min–max)); ratio: median per community / that at the smallest")
    print()
    print("| communities | " + " | ".join(STEPS) + " | check + apply ratio |")
    print("|---:|" + "---:|" * (len(STEPS) + 1))
    base = statistics.median(results[0]["rounds"]["check + apply"]) / results[0]["communities"]
    for r in results:
        n = r["communities"]
        cells = [_fmt(r["rounds"][s], 1e6 / n, 2) for s in STEPS]
        ratio = statistics.median(r["rounds"]["check + apply"]) / n / base
        print(f"| {n:,} | " + " | ".join(cells) + f" | {ratio:.2f} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"clock": clock, "results": results}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
