"""Benchmark ``Gazetteer.find`` on names with realistic typos, against vietnamadminunits.

Inputs are communes of the two-tier list (2025-07-01), drawn uniformly (no Zipf: a
skewed draw flatters the caches), each written in one of the messy spellings of
``_peers.VARIANTS``; one input in five is then *misspelt*: a letter dropped, doubled or
swapped with its neighbour, or a wrong tone mark (a missing diacritic is not a typo: it
is one of the normal spellings).  A typo that happens to spell another commune's name
is drawn again, so a misspelt input never names a real unit.

Every round draws its own inputs (distinct from the other rounds' inputs) and starts
with qcdc's caches empty; qcdc and the peer get the same sample in the same round,
interleaved (qcdc, peer, qcdc, peer …).  Figures are medians of the rounds.  Two
modes: the ward with its province (qcdc: ``find`` the province, then the commune
within it; the peer: ``parse_address("ward, province")``), and the bare ward name.

Accuracy is reported for the correctly spelt and the misspelt inputs separately:
right unit / ambiguous (the expected unit among equally good candidates) / not found /
WRONG unit.  For the misspelt inputs qcdc's suggestions are graded too (the expected
unit first, or among the first five, of the ``not_found`` candidates).

    /tmp/qcdc-bench/bin/python benchmarks/bench_search.py

from the benchmark venv of ``benchmarks/README.md`` (qcdc and the peer installed from
wheels).  vietnam-provinces has no name search, so it is not a peer here.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import random
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers as P

import qcdc

ON = dt.date(2025, 7, 1)
TYPO_RATE = 0.2
_TONES = "\u0300\u0301\u0303\u0309\u0323"


# (ward, province, expected code, misspelt?, typo kind, ambiguous with province, bare)
Input = tuple[str, str, str, bool, str, bool, bool]


def _letters(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch.isalpha()]


def misspell(name: str, rng: random.Random) -> tuple[str, str]:
    """One realistic typo in the proper-name part of ``name`` (its type word kept)."""
    short = P.split_type(name)[1] or name
    prefix = name[: len(name) - len(short)]
    nfd_tones = [i for i, ch in enumerate(unicodedata.normalize("NFD", short)) if ch in _TONES]
    kinds = ["drop", "double", "swap"] + (["tone"] if nfd_tones else [])
    kind = rng.choice(kinds)
    if kind == "tone":
        d = list(unicodedata.normalize("NFD", short))
        i = rng.choice(nfd_tones)
        d[i] = rng.choice([t for t in _TONES if t != d[i]])
        return prefix + unicodedata.normalize("NFC", "".join(d)), kind
    letters = _letters(short)
    if kind == "swap":
        pairs = [i for i in letters if i + 1 < len(short) and short[i + 1].isalpha()]
        pairs = [i for i in pairs if short[i].lower() != short[i + 1].lower()]
        if not pairs:
            kind = "double"
        else:
            i = rng.choice(pairs)
            return prefix + short[:i] + short[i + 1] + short[i] + short[i + 2 :], kind
    i = rng.choice(letters)
    if kind == "drop" and len(letters) > 2:
        return prefix + short[:i] + short[i + 1 :], kind
    return prefix + short[: i + 1] + short[i] + short[i + 1 :], "double"


class Sampler:
    """Draws inputs: uniform communes, rotating spellings, one in five misspelt."""

    def __init__(self, g: qcdc.Gazetteer, seed: int) -> None:
        self.rng = random.Random(seed)
        self.units = list(g.units(on=ON, level="commune"))
        self.provinces = {p.code: p for p in g.units(on=ON, level="province")}
        # a typo must not spell another unit's name (with or without its diacritics)
        self.known = {P.fold_key(P.split_type(u.name)[1]) for u in self.units}
        self.known_marked = {P._tone_key(P.split_type(u.name)[1]) for u in self.units}
        self.groups: dict[str, collections.Counter[tuple[str, tuple[str, str]]]] = {}
        self.bare: dict[str, collections.Counter[tuple[str, str]]] = {}
        for label, _f, keeps in P.VARIANTS:
            self.groups[label] = collections.Counter(
                (u.parent_code or "", k) for u in self.units for k in P.fitting_keys(u.name, keeps)
            )
            self.bare[label] = collections.Counter(
                k for u in self.units for k in P.fitting_keys(u.name, keeps)
            )
        self.seen: set[tuple[str, str]] = set()

    def draw(self, n: int, typo_rate: float) -> list[Input]:
        rng = self.rng
        out: list[Input] = []
        while len(out) < n:
            u = rng.choice(self.units)
            label, f, keeps = P.VARIANTS[rng.randrange(len(P.VARIANTS))]
            _pl, pf, _ = P.VARIANTS[rng.randrange(len(P.VARIANTS))]
            ward = f(u.name)
            prov = pf(self.provinces[u.parent_code or ""].name)
            misspelt = rng.random() < typo_rate
            kind = ""
            if misspelt:
                for _ in range(20):
                    typo, kind = misspell(u.name, rng)  # the official spelling, then the variant
                    short = P.split_type(typo)[1]
                    if kind == "tone":
                        ok = "marks" in keeps and P._tone_key(short) not in self.known_marked
                    else:
                        ok = P.fold_key(short) not in self.known
                    if ok and f(typo) != ward:
                        ward = f(typo)
                        break
                else:
                    continue
            if (ward, prov) in self.seen:  # distinct inputs across rounds
                continue
            self.seen.add((ward, prov))
            key = P.information_key(u.name, keeps)
            amb = not misspelt and self.groups[label][(u.parent_code or "", key)] > 1
            amb_bare = not misspelt and self.bare[label][key] > 1
            out.append((ward, prov, u.code, misspelt, kind, amb, amb_bare))
        return out


def clear_qcdc_caches() -> None:
    for name in ("qcdc.text", "qcdc.units.gazetteer", "qcdc.units.search", "qcdc.units.model"):
        mod = sys.modules.get(name)
        if mod is None:
            continue
        for value in vars(mod).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and not isinstance(value, type):
                clear()


# (grade, rank of the expected unit among the not_found suggestions or -1)
Graded = tuple[str, int]


def _grade(r: Any, expected: str) -> Graded:
    if r.status == "exact":
        return ("right" if r.candidates[0].unit.code == expected else "WRONG"), -1
    if r.status == "ambiguous":
        top = r.candidates[0].score
        codes = {c.unit.code for c in r.candidates if c.score == top}
        return ("ambiguous" if expected in codes else "ambiguous, expected not among them"), -1
    codes = [c.unit.code for c in r.candidates]
    return "not found", codes.index(expected) if expected in codes else -1


Runner = Callable[[Sequence[Input]], list[Graded]]


def qcdc_runner(g: qcdc.Gazetteer, with_province: bool) -> Runner:
    find = g.find

    def context(items: Sequence[Input]) -> list[Graded]:
        out: list[Graded] = []
        for ward, prov, expected, *_ in items:
            rp = find(prov, on=ON, level="province")
            if rp.status != "exact":
                out.append(("not found", -1))
                continue
            rw = find(ward, on=ON, within=rp.candidates[0].unit.code, level="commune")
            out.append(_grade(rw, expected))
        return out

    def bare(items: Sequence[Input]) -> list[Graded]:
        return [_grade(find(w, on=ON, level="commune"), e) for w, _p, e, *_ in items]

    return context if with_province else bare


def peer_runner(vau: Any, with_province: bool) -> Runner:
    parse = vau.parse_address

    def run(items: Sequence[Input]) -> list[Graded]:
        out: list[Graded] = []
        for ward, prov, expected, *_ in items:
            a = parse(f"{ward}, {prov}" if with_province else ward)
            if not a.ward_code:
                out.append(("not found", -1))
            else:
                out.append(("right" if a.ward_code == expected else "WRONG", -1))
        return out

    return run


def accuracy(graded: Sequence[Graded], items: Sequence[Input], amb_at: int) -> dict[str, Any]:
    c = collections.Counter(g for g, _ in graded)
    n = len(graded)
    return {
        "n": n,
        "right": c["right"],
        "ambiguous": c["ambiguous"] + c["ambiguous, expected not among them"],
        "not_found": c["not found"],
        "wrong": c["WRONG"],
        "guessed_ambiguous": sum(
            1 for (g, _), it in zip(graded, items, strict=True) if it[amb_at] and g == "right"
        )
        + sum(1 for (g, _), it in zip(graded, items, strict=True) if it[amb_at] and g == "WRONG"),
        "suggested_first": sum(1 for g, rank in graded if g == "not found" and rank == 0),
        "suggested_top5": sum(1 for g, rank in graded if g == "not found" and 0 <= rank < 5),
    }


def fmt(a: dict[str, Any]) -> str:
    n = a["n"] or 1
    return (
        f"{a['right'] / n:.1%} / {a['ambiguous'] / n:.1%} / {a['not_found'] / n:.1%} / "
        f"{a['wrong'] / n:.1%} ({a['wrong']})"
    )


def bench(g: qcdc.Gazetteer, vau: Any, n: int, rounds: int, seed: int) -> dict[str, Any]:
    sampler = Sampler(g, seed)
    results: dict[str, Any] = {}
    for mode, with_prov, amb_at in (("ward, province", True, 5), ("bare ward name", False, 6)):
        for sample_name, rate in (("one in five misspelt", TYPO_RATE), ("misspelt only", 1.0)):
            q_run = qcdc_runner(g, with_prov)
            p_run = peer_runner(vau, with_prov) if vau is not None else None
            q_times: list[float] = []
            q_warm: list[float] = []
            p_times: list[float] = []
            items_all: list[Input] = []
            q_graded: list[Graded] = []
            p_graded: list[Graded] = []
            for _ in range(rounds):
                items = sampler.draw(n, rate)
                clear_qcdc_caches()
                t, gr = P.timed(lambda items=items, q_run=q_run: q_run(items))
                q_times.append(t)
                q_graded += gr
                # the same inputs again: qcdc's caches warm (how the issue measured)
                t, _gr = P.timed(lambda items=items, q_run=q_run: q_run(items))
                q_warm.append(t)
                if p_run is not None:
                    t, gr = P.timed(lambda items=items, p_run=p_run: p_run(items))
                    p_times.append(t)
                    p_graded += gr
                items_all += items
            res: dict[str, Any] = {"inputs_per_round": n, "rounds": rounds}
            res["qcdc_names_per_s"] = n / P.median(q_times)
            res["qcdc_warm_names_per_s"] = n / P.median(q_warm)
            if p_times:
                res["peer_names_per_s"] = n / P.median(p_times)
            for part, keep in (("spelt right", False), ("misspelt", True)):
                idx = [i for i, it in enumerate(items_all) if it[3] is keep]
                if not idx:
                    continue
                sub = [items_all[i] for i in idx]
                res[f"qcdc {part}"] = accuracy([q_graded[i] for i in idx], sub, amb_at)
                if p_graded:
                    res[f"peer {part}"] = accuracy([p_graded[i] for i in idx], sub, amb_at)
            results[f"{mode}; {sample_name}"] = res
    return results


def report(results: dict[str, Any]) -> None:
    rows = []
    for key, res in results.items():
        rows.append(
            (
                key,
                f"{res['inputs_per_round']:,} x {res['rounds']}",
                P.rate(1, 1 / res["qcdc_names_per_s"]),
                P.rate(1, 1 / res["qcdc_warm_names_per_s"]),
                P.rate(1, 1 / res["peer_names_per_s"]) if "peer_names_per_s" in res else "-",
            )
        )
    print(
        P.table(
            (
                "find",
                "inputs",
                "qcdc names/s",
                "qcdc, same inputs again (warm caches)",
                "vietnamadminunits names/s",
            ),
            rows,
        )
    )
    print()
    rows = []
    for key, res in results.items():
        for part in ("spelt right", "misspelt"):
            q = res.get(f"qcdc {part}")
            if q is None:
                continue
            p = res.get(f"peer {part}")
            sugg = (
                f"{q['suggested_first']:,} first, {q['suggested_top5']:,} in top 5"
                if part == "misspelt"
                else ""
            )
            rows.append((key, part, f"{q['n']:,}", fmt(q), fmt(p) if p else "-", sugg))
    print(
        P.table(
            (
                "find",
                "inputs",
                "n",
                "qcdc right / ambiguous / not found / WRONG",
                "peer right / - / not found / WRONG",
                "qcdc suggests the expected unit (not found)",
            ),
            rows,
        )
    )
    for key, res in results.items():
        q, p = res.get("qcdc spelt right"), res.get("peer spelt right")
        if q and p:
            print(
                f"{key}: ambiguous-by-construction inputs answered with one unit: "
                f"qcdc {q['guessed_ambiguous']:,}, peer {p['guessed_ambiguous']:,}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--names", type=int, default=5000, help="inputs per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--no-peer", action="store_true", help="time qcdc only")
    P.add_common_options(ap)
    args = ap.parse_args(argv)
    P.start(args, "bench_search", qcdc.__version__)
    vau = None
    if not args.no_peer:
        vau, why = P.try_import("vietnamadminunits")
        if vau is None:
            print(f"peer vietnamadminunits not importable ({why}); {P.INSTALL_HINT}")
        else:
            from importlib.metadata import version

            print(f"peer: vietnamadminunits {version('vietnamadminunits')}")
    print()
    g = qcdc.gazetteer()
    results = bench(g, vau, args.names, args.rounds, args.seed)
    report(results)
    if args.json:
        out = {"machine": P.machine(), "clock": P.clock_name(), "results": results}
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
