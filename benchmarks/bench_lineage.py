"""Benchmark qcdc's lineage: bulk ``convert``, legacy addresses, and the 2025 crosswalk.

Run ``python benchmarks/bench_lineage.py`` (a few minutes on 2 cores) from the benchmark
venv of ``benchmarks/README.md`` (qcdc and the peer installed from wheels).  The peer is a
bench-only tool (never a qcdc dependency)::

    python -m pip install vietnamadminunits==1.0.4

The script downloads (never installs) the newest ``vietnam-provinces`` wheel into
``/tmp/vp-new`` (it needs Python >= 3.12, so its data modules are read with :mod:`ast`),
and reads vietnamadminunits' data from the installed peer (or a downloaded wheel): no
cache of ``tasks/regenerate_units.py`` is needed.

Sections:

4. ``g.convert`` of 1,000,000 commune codes 2021-12-17 → 2025-07-01, uniform and Zipf,
   cold (fresh process) and warm, beside a precomputed dict lookup (the floor);
   ``qcdc.pandas.convert_column`` on a 1,000,000-row frame with pyarrow-backed, object
   and (in a fresh process without pyarrow) Python-backed strings, each beside
   ``Series.map(dict)`` on the same column.
5. 10,000 legacy (ward, district, province) triples in messy spellings, drawn uniformly,
   converted to today's communes by qcdc (``find`` ×3 + ``project``) and by
   ``vietnamadminunits.convert_address``, interleaved; throughput, and accuracy of both
   graded against an independent truth: vietnam-provinces' own old → new mapping
   (neither qcdc's crosswalk nor converter_2025.json, which both sides are built from).
6. qcdc's commune crosswalk 2025-01-01 → 2025-07-01 against (a) the mapping it was built
   from (``converter_2025.json`` of vietnamadminunits 1.0.4) and (b) vietnam-provinces'
   own mapping; ``--comparison-md PATH`` writes both disagreement tables.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import random
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _peers as P
from bench_gazetteer import DISTRIBUTIONS, clear_qcdc_caches

import qcdc

D2021 = dt.date(2021, 12, 17)
D2025A = dt.date(2025, 1, 1)
D2025B = dt.date(2025, 7, 1)
TARGET_CODES_PER_S = 1_000_000  # issue 3: convert >= 1,000,000 codes/s in plain Python

# --------------------------------------------------------------------------- 4. convert codes

_CONVERT_CHILD = """
import sys, time
codes = open(sys.argv[1], encoding="utf-8").read().split()
t0 = time.process_time()
import datetime as dt
import qcdc
g = qcdc.gazetteer()
t1 = time.process_time()
out = g.convert(codes, on=dt.date(2021, 12, 17), to=dt.date(2025, 7, 1), on_unknown="none")
t2 = time.process_time()
assert len(out) == len(codes)
import json
print(json.dumps({"load": t1 - t0, "convert": t2 - t1, "none": out.count(None)}))
"""


def commune_mix(g: qcdc.Gazetteer, on: dt.date, n: int, seed: int, dist: str = "Zipf") -> list[str]:
    """``n`` commune codes of ``on``, uniform or Zipf-distributed (a table with repeats)."""
    return DISTRIBUTIONS[dist](
        random.Random(seed), sorted(u.code for u in g.units(on=on, level="commune")), n
    )


# convert_column and the Series.map(dict) floor in a fresh process where pyarrow cannot be
# imported (pandas then stores strings in Python objects): run with the parent's codes
_NO_PYARROW_CHILD = """
import sys
sys.modules["pyarrow"] = None  # as if pyarrow were not installed
import datetime as dt, gc, json, time
import pandas as pd
import qcdc, qcdc.pandas
codes = open(CODES, encoding="utf-8").read().split()
on, to = dt.date(2021, 12, 17), dt.date(2025, 7, 1)
g = qcdc.gazetteer()
mapping = dict(zip(codes, g.convert(codes, on=on, to=to, on_unknown="none")))
df = pd.DataFrame({"code": codes})
assert str(df["code"].dtype.storage) == "python", df["code"].dtype
def column():
    return qcdc.pandas.convert_column(df, "code", on=on, to=to)
def map_dict():
    return df["code"].map(mapping)
column()
times = {"column": [], "map": []}
for _ in range(REPEATS):
    for name, fn in (("column", column), ("map", map_dict)):
        gc.collect()
        t0 = time.process_time()
        fn()
        times[name].append(time.process_time() - t0)
print(json.dumps({"dtype": str(df["code"].dtype), **times}))
"""


def bench_convert(g: qcdc.Gazetteer, n: int, repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {"codes": n}
    for dist in DISTRIBUTIONS:
        out[dist] = _bench_convert_one(g, n, repeats, dist)
    return out


def _bench_convert_one(g: qcdc.Gazetteer, n: int, repeats: int, dist: str) -> dict[str, Any]:
    codes = commune_mix(g, D2021, n, seed=11, dist=dist)
    distinct = len(set(codes))
    out: dict[str, Any] = {"codes": n, "distinct": distinct}
    rows = []
    # cold: a fresh process that loads qcdc, then converts (projects every distinct code)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(codes))
    colds = []
    for _ in range(repeats):
        _wall, data = P.run_child(_CONVERT_CHILD.replace("sys.argv[1]", repr(fh.name)))
        colds.append(data["convert"])
    cold = P.median(colds)
    rows.append(("g.convert, fresh process (lineage loaded on first use)", n, P.rate(n, cold), ""))
    out["cold_per_s"] = n / cold

    def plain() -> list[Any]:
        return g.convert(codes, on=D2021, to=D2025B, on_unknown="none")

    def plain_all() -> list[Any]:
        return g.convert(codes, on=D2021, to=D2025B, on_split="all", on_unknown="none")

    table_ = dict(zip(codes, plain(), strict=True))

    def dict_floor() -> list[Any]:
        get = table_.get
        return [get(c) for c in codes]

    slice_ = codes[: max(1, n // 10)]
    project = g.project

    def per_row() -> list[Any]:
        # what a user writes without convert: one project() per row (on a tenth of the
        # rows).  project() memoizes by (unit, dates), so after a code's first row this
        # is a cache hit plus building the answer
        out = []
        for c in slice_:
            d = project(c, on=D2021, to=D2025B).default
            out.append(d.code if d is not None else None)
        return out

    memo = getattr(g, "_projections", None)  # bench-only: the private memo of project()
    unmemo = sorted(set(codes))[:2000]

    def per_code_no_memo() -> list[Any]:
        # the cost of a projection itself: the memo emptied before each call, and put
        # back afterwards (else the next candidate would pay for projecting again)
        saved = dict(memo) if memo is not None else {}
        out = []
        for c in unmemo:
            if memo is not None:
                memo.clear()
            d = project(c, on=D2021, to=D2025B).default
            out.append(d.code if d is not None else None)
        if memo is not None:
            memo.clear()
            memo.update(saved)
        return out

    cands = [
        ("default", plain),
        ("all", plain_all),
        ("dict", dict_floor),
        ("per_row", per_row),
        ("no_memo", per_code_no_memo),
    ]
    pd_, why = P.try_import("pandas")
    qpd, qwhy = P.try_import("qcdc.pandas")
    if pd_ is not None and qpd is not None:
        df = pd_.DataFrame({"code": codes})
        df_obj = pd_.DataFrame({"code": pd_.Series(codes, dtype=object)})
        convert_column = qpd.convert_column
        out["pandas_dtype"] = str(df["code"].dtype) + (
            f" (storage {df['code'].dtype.storage})" if hasattr(df["code"].dtype, "storage") else ""
        )

        def column() -> Any:
            return convert_column(df, "code", on=D2021, to=D2025B)

        def column_object() -> Any:
            return convert_column(df, "code", on=D2021, to=D2025B, categorical=False)

        def column_objdtype() -> Any:
            return convert_column(df_obj, "code", on=D2021, to=D2025B)

        def map_dict() -> Any:
            return df["code"].map(table_)

        def map_dict_obj() -> Any:
            return df_obj["code"].map(table_)

        cands += [
            ("column", column),
            ("column_object", column_object),
            ("column_objdtype", column_objdtype),
            ("map", map_dict),
            ("map_obj", map_dict_obj),
        ]
        check = column()
        same = [None if v != v else v for v in check["code_new"].astype(object)]  # NaN → None
        assert same == plain()
    times = P.interleaved(cands, repeats)
    med = {k: P.median(v) for k, v in times.items()}
    med["per_row"] *= n / len(slice_)  # per n codes
    no_memo_per_code = med.pop("no_memo") / len(unmemo)
    rows.append(("g.convert, warm, on_split='default'", n, P.rate(n, med["default"]), ""))
    rows.append(("g.convert, warm, on_split='all'", n, P.rate(n, med["all"]), ""))
    rows.append(
        (
            "floor: a precomputed dict lookup per code",
            n,
            P.rate(n, med["dict"]),
            f"convert = {med['dict'] / med['default']:.2f}× the floor's rate",
        )
    )
    rows.append(
        (
            "one g.project() per row (memoized: a cache hit after a code's first row)",
            n,
            P.rate(n, med["per_row"]),
            "",
        )
    )
    rows.append(
        (
            "one g.project() with its memo emptied (a projection's own cost)",
            len(unmemo),
            f"{1 / no_memo_per_code:,.0f}/s",
            f"{no_memo_per_code * 1e6:.0f} µs each",
        )
    )
    out.update({f"{k}_per_s": n / v for k, v in med.items()})
    out["project_no_memo_us"] = no_memo_per_code * 1e6
    if "column" in med:
        rows.append(
            (
                f"qcdc.pandas.convert_column, {out['pandas_dtype']} column (pyarrow)",
                n,
                P.rate(n, med["column"]),
                f"{med['map'] / med['column']:.2f}× Series.map(dict), "
                f"{med['default'] / med['column']:.1f}× convert",
            )
        )
        rows.append(
            (
                "  … categorical=False (object result columns)",
                n,
                P.rate(n, med["column_object"]),
                f"{med['map'] / med['column_object']:.2f}× Series.map(dict)",
            )
        )
        rows.append(("  floor: Series.map(dict), same column", n, P.rate(n, med["map"]), ""))
        rows.append(
            (
                "qcdc.pandas.convert_column, object column",
                n,
                P.rate(n, med["column_objdtype"]),
                f"{med['map_obj'] / med['column_objdtype']:.2f}× Series.map(dict)",
            )
        )
        rows.append(("  floor: Series.map(dict), object column", n, P.rate(n, med["map_obj"]), ""))
        codes_file = fh.name
        try:
            _wall, data = P.run_child(
                _NO_PYARROW_CHILD.replace("CODES", repr(codes_file)).replace(
                    "REPEATS", str(repeats)
                )
            )
        except RuntimeError as exc:
            rows.append(("convert_column without pyarrow", "", f"not measured: {exc}", ""))
        else:
            c_np, m_np = P.median(data["column"]), P.median(data["map"])
            rows.append(
                (
                    f"qcdc.pandas.convert_column, no pyarrow ({data['dtype']}, python storage;"
                    " fresh process)",
                    n,
                    P.rate(n, c_np),
                    f"{m_np / c_np:.2f}× Series.map(dict)",
                )
            )
            rows.append(("  floor: Series.map(dict), same process", n, P.rate(n, m_np), ""))
            out["no_pyarrow"] = {"column_per_s": n / c_np, "map_per_s": n / m_np}
        out["column_vs_map"] = med["map"] / med["column"]
        out["column_vs_convert"] = med["default"] / med["column"]
        out["column_vs_target"] = n / med["column"] / TARGET_CODES_PER_S
    else:
        rows.append(("qcdc.pandas.convert_column", "", f"not measured: {why or qwhy}", ""))
    Path(fh.name).unlink()
    print(
        P.table(
            (f"convert 2021-12-17 → 2025-07-01, {dist} codes", "codes", "rate (median)", "ratio"),
            rows,
        )
    )
    population = g.count(on=D2021, level="commune")
    print(f"{n:,} codes, {distinct:,} distinct ({dist} over the {population:,} communes of 2021)")
    print()
    return out


# ------------------------------------------------------------------------ 5. legacy triples

Triple = tuple[str, str, str, str, str]  # ward, district, province, expected old code, spelling


def legacy_triples(g: qcdc.Gazetteer, n: int, seed: int) -> list[Triple]:
    """``n`` (ward, district, province) spellings of real units of the last three-tier
    list, drawn uniformly (a Zipf draw would flatter the caches)."""
    rng = random.Random(seed)
    communes = {u.code: u for u in g.units(on=D2025A, level="commune")}
    upper = {u.code: u for u in g.units(on=D2025A) if u.level.name != "COMMUNE"}
    out: list[Triple] = []
    for i, code in enumerate(rng.choices(sorted(communes), k=n)):
        w = communes[code]
        d = upper[w.parent_code or ""]
        p = upper[d.parent_code or ""]
        label, f, _ = P.VARIANTS[i % len(P.VARIANTS)]
        fd = P.VARIANTS[rng.randrange(len(P.VARIANTS))][1]
        fp = P.VARIANTS[rng.randrange(len(P.VARIANTS))][1]
        out.append((f(w.name), fd(d.name), fp(p.name), code, label))
    return out


Truth = dict[str, tuple[str, ...]]  # old commune code → its new communes


def independent_truth() -> tuple[Truth | None, str]:
    """The 2025 old → new commune mapping of vietnam-provinces (its newest wheel, read with
    :mod:`ast`, never imported), built from the official list of mergers, not from
    converter_2025.json: independent of qcdc's crosswalk *and* of the peer graded."""
    wheel, why = P.find_vp_new_wheel()
    if wheel is None:
        return None, why
    vp = P.vp_new_crosswalk(wheel)
    truth = {c: targets for c, (_partly, targets) in vp["old_to_new"].items()}
    return truth, f"vietnam-provinces {vp['version']} OLD_TO_NEW ({vp['source']})"


def bench_triples(g: qcdc.Gazetteer, n: int, repeats: int, vau: Any) -> dict[str, Any]:
    triples = legacy_triples(g, n, seed=7)
    find, project = g.find, g.project
    truth, truth_name = independent_truth()
    if truth is None:
        print(f"legacy triples not graded: no independent truth ({truth_name})")
        truth = {}

    def qcdc_run() -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for ward, district, province, _code, _label in triples:
            r = find(province, on=D2025A, level="province")
            if r.status != "exact":
                out.append(("province " + r.status, None))
                continue
            r = find(district, on=D2025A, within=r.candidates[0].unit.code, level="district")
            if r.status != "exact":
                out.append(("district " + r.status, None))
                continue
            r = find(ward, on=D2025A, within=r.candidates[0].unit.code, level="commune")
            if r.status != "exact":
                out.append(("ward " + r.status, None))
                continue
            old = r.candidates[0].unit.code
            out.append((old, project(old, on=D2025A, to=D2025B)))
        return out

    clear_qcdc_caches()
    cold, q_answers = P.timed(qcdc_run)
    cands: list[tuple[str, Any]] = [("qcdc", qcdc_run)]
    geocode_calls: list[str] = []
    p_answers: list[Any] = []
    p_cold = 0.0
    if vau is not None:
        geocode_calls = P.disable_geocoding(vau)
        convert = vau.convert_address

        def peer_run() -> list[Any]:
            return [convert(f"{w}, {d}, {p}") for w, d, p, _c, _l in triples]

        cands.append(("vietnamadminunits", peer_run))
        p_cold, p_answers = P.timed(peer_run)
    times = P.interleaved(cands, repeats)
    warm = P.median(times["qcdc"])
    q_grades: collections.Counter[str] = collections.Counter()
    for (*_names, code, _label), (old, proj) in zip(triples, q_answers, strict=True):
        q_grades[_grade_qcdc(code, old, proj, truth.get(code))] += 1
    # where qcdc's own crosswalk and the truth disagree on the sampled old communes
    own = {}
    for *_, code, _label in triples:
        if code not in own:
            own[code] = frozenset(t.code for t in project(code, on=D2025A, to=D2025B).targets)
    disagree = sum(1 for *_, c, _l in triples if c in truth and frozenset(truth[c]) != own[c])
    out: dict[str, Any] = {
        "triples": n,
        "distinct": len(set(triples)),
        "truth": truth_name,
        "truth_disagrees_with_qcdc_crosswalk": disagree,
        "qcdc_cold_per_s": n / cold,
        "qcdc_warm_per_s": n / warm,
        "qcdc": dict(q_grades),
        "split_sources": sum(1 for *_, c, _l in triples if len(truth.get(c, ())) > 1),
    }
    rows = [
        ("qcdc find×3 + project, cold caches", P.rate(n, cold), ""),
        ("qcdc find×3 + project, warm (median)", P.rate(n, warm), ""),
    ]
    if vau is not None:
        p_med = P.median(times["vietnamadminunits"])
        p_grades: collections.Counter[str] = collections.Counter()
        for (*_names, code, _label), a in zip(triples, p_answers, strict=True):
            p_grades[_grade_peer(code, a, truth.get(code))] += 1
        out.update(
            peer_per_s=n / p_med,
            peer_cold_per_s=n / p_cold,
            peer=dict(p_grades),
            ratio_warm=p_med / warm,
            ratio_cold=p_cold / cold,
            geocode_calls_avoided=len(geocode_calls) // (repeats + 1),
            peer_version=P.peer_version("vietnamadminunits"),
        )
        rows.append(("vietnamadminunits.convert_address, first pass", P.rate(n, p_cold), ""))
        rows.append(("vietnamadminunits.convert_address (median)", P.rate(n, p_med), ""))
        rows.append(("ratio qcdc / peer, warm", f"{p_med / warm:.1f}×", ""))
        rows.append(("ratio qcdc / peer, both first pass", f"{p_cold / cold:.1f}×", ""))
    print(P.table((f"{n:,} legacy triples → 2025-07-01", "triples/s", ""), rows))
    print(
        f"{n:,} triples ({out['distinct']:,} distinct, drawn uniformly); "
        f"{out['split_sources']:,} of them name an old commune the truth splits; "
        f"graded against {truth_name}, which differs from qcdc's own crosswalk on "
        f"{disagree:,} of the {n:,}"
    )
    outcome_rows = []
    keys = sorted(set(q_grades) | set(out.get("peer", {})), key=_outcome_order)
    for k in keys:
        outcome_rows.append((k, q_grades.get(k, 0), out.get("peer", {}).get(k, 0)))
    if vau is None:
        print(P.table(("outcome", "qcdc"), [r[:2] for r in outcome_rows]))
    else:
        print(P.table(("outcome", "qcdc", "convert_address"), outcome_rows))
    if vau is not None:
        print(
            f"(the peer would have called a web geocoder {out['geocode_calls_avoided']:,} times "
            "per pass; disabled here, so it fell back to its default ward)"
        )
    return out


_ORDER = [
    "right",
    "split: explicit, the truth's parts",
    "split: explicit, other parts than the truth's",
    "split: one part, no sign of the split",
    "ambiguous name: explicit",
    "not found: explicit",
    "no answer",
    "not in the truth (not graded)",
    "wrong old unit",
    "wrong new unit",
]


def _outcome_order(k: str) -> int:
    return _ORDER.index(k) if k in _ORDER else len(_ORDER)


def _grade_qcdc(code: str, old: str, proj: Any, truth: tuple[str, ...] | None) -> str:
    if proj is None:
        return "ambiguous name: explicit" if "ambiguous" in old else "not found: explicit"
    if old != code:
        return "wrong old unit"
    if truth is None:
        return "not in the truth (not graded)"
    targets = tuple(t.code for t in proj.targets)
    if proj.status == "split":
        if set(targets) == set(truth):
            return "split: explicit, the truth's parts"
        return "split: explicit, other parts than the truth's"
    if len(truth) == 1:
        return "right" if targets == truth else "wrong new unit"
    return "split: one part, no sign of the split" if targets[0] in truth else "wrong new unit"


def _grade_peer(code: str, a: Any, truth: tuple[str, ...] | None) -> str:
    """Graded on the new code; a wrong answer says whether the old unit was misread."""
    old = getattr(getattr(a, "OldAdminUnit", None), "ward_code", None)
    new = a.ward_code
    if not new:
        return "no answer"
    if old is not None and old != code:
        return "wrong old unit"
    if truth is None:
        return "not in the truth (not graded)"
    if len(truth) == 1:
        return "right" if new == truth[0] else "wrong new unit"
    return "split: one part, no sign of the split" if new in truth else "wrong new unit"


# ------------------------------------------------------------------------ 6. crosswalk check

Mapping = dict[str, tuple[frozenset[str], str | None, str]]  # old → (targets, default, status)


def compare_crosswalks(g: qcdc.Gazetteer, md_path: Path | None) -> dict[str, Any]:
    rows_by_source: dict[str, list[Any]] = collections.defaultdict(list)
    n_rows = 0
    for r in g.crosswalk(on=D2025A, to=D2025B, level="commune"):
        rows_by_source[r.source].append(r)
        n_rows += 1
    old_units = {u.code: u for u in g.units(on=D2025A, level="commune")}
    new_units = {u.code: u for u in g.units(on=D2025B, level="commune")}
    q: Mapping = {
        c: (
            frozenset(r.target for r in rs if r.target),
            next((r.target for r in rs if r.default), None),
            rs[0].status,
        )
        for c, rs in rows_by_source.items()
    }
    statuses = collections.Counter(status for _t, _d, status in q.values())
    # a merged unit is one link, whole, share 1 (also those the untangling left with one)
    not_whole = sorted(
        c
        for c, rs in rows_by_source.items()
        if rs[0].status in ("merged", "same") and not (rs[0].whole and rs[0].share == 1)
    )
    out: dict[str, Any] = {
        "old_communes": len(old_units),
        "crosswalk_rows": n_rows,
        "by_status": dict(statuses),
        "merged_not_whole": not_whole,
    }
    print(
        f"qcdc's commune crosswalk 2025-01-01 → 2025-07-01: {n_rows:,} rows for {len(q):,} "
        f"of the {len(old_units):,} old communes ("
        + ", ".join(f"{v:,} {k}" for k, v in statuses.most_common())
        + f"); merged or same but not linked whole with share 1: {len(not_whole)}"
        + (f" ({', '.join(not_whole)})" if not_whole else "")
    )
    # (a) the source mapping
    vau, problems = P.vau_crosswalk()
    src: Mapping = {}
    for c, theirs in vau.items():
        t_targets = frozenset(t for t, _w, _d in theirs)
        t_default = next((t for t, _w, d in theirs if d), None)
        if len(t_targets) == 1:
            t_default = next(iter(t_targets))
        src[c] = (t_targets, t_default, "merged" if len(t_targets) == 1 else "split")
    # the regeneration script repeats the untangling until it changes nothing
    predicted = _untangle_to_fixpoint(src, old_units, new_units)
    fixpoint = predicted
    a_agree = a_defaults = 0
    a_rows = []
    for c in sorted(q):
        targets, default, _status = q[c]
        theirs = src.get(c)
        if theirs is not None and theirs[0] == targets:
            a_agree += 1
            a_defaults += theirs[1] == default
            continue
        a_rows.append(_untangled_row(c, q, src, predicted, old_units, new_units, g))
    rule_matches = sum(
        1 for c in q if c in predicted and predicted[c][0] == q[c][0] and predicted[c][1] == q[c][1]
    )
    explained = sum(1 for r in a_rows if r["explained"])
    out["vau"] = {
        "agree_targets": a_agree,
        "agree_default": a_defaults,
        "differ": len(a_rows),
        "differ_explained_by_rule": explained,
        "rule_reproduces_qcdc": rule_matches,
        "rows": a_rows,
        "resolution_problems": problems,
    }
    print(
        f"(a) vietnamadminunits 1.0.4 converter_2025.json: {a_agree:,} of {len(q):,} old "
        f"communes have the same targets ({a_defaults:,} also the same default); "
        f"{len(a_rows)} differ, {explained} of them exactly as the untangling rule of "
        f"tasks/regenerate_units.py predicts; {len(problems)} name keys failed to resolve"
    )
    print(
        f"    the rule, re-applied here to converter_2025.json, gives qcdc's successors and "
        f"default for {rule_matches:,} of {len(q):,} old communes"
    )
    variant = sorted(c for c in fixpoint if fixpoint[c] != predicted.get(c))
    out["vau"]["fixpoint_changes"] = {
        c: (sorted(predicted[c][0]), sorted(fixpoint[c][0]), fixpoint[c][1]) for c in variant
    }
    print(
        f"    variant (step 2 reads the predecessors from the untangled mapping, to a fixed "
        f"point) would change {len(variant)} more: "
        + (
            "; ".join(
                f"{c} {_fmt_set(new_units, predicted[c][2], predicted[c][0], predicted[c][1])}"
                f" → {_fmt_set(new_units, fixpoint[c][2], fixpoint[c][0], fixpoint[c][1])}"
                for c in variant
            )
            or "none"
        )
    )
    # (b) vietnam-provinces' own mapping
    wheel, why = P.find_vp_new_wheel()
    diffs: list[dict[str, Any]] = []
    if wheel is None:
        print(f"(b) vietnam-provinces mapping not read: {why}")
        out["vp"] = {"error": why}
    else:
        diffs = _compare_vp(g, q, src, predicted, fixpoint, old_units, new_units, wheel, out)
    if md_path is not None:
        md_path.write_text(_markdown(a_rows, diffs), encoding="utf-8")
        print(f"disagreement tables written to {md_path}")
    return out


def _compare_vp(
    g: qcdc.Gazetteer,
    q: Mapping,
    src: Mapping,
    predicted: Mapping,
    fixpoint: Mapping,
    old_units: dict[str, Any],
    new_units: dict[str, Any],
    wheel: Path,
    out: dict[str, Any],
) -> list[dict[str, Any]]:
    vp = P.vp_new_crosswalk(wheel)
    o2n = vp["old_to_new"]
    by_name: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for c, (_targets, default, _status) in q.items():
        prov = new_units[default].parent_code if default else ""
        by_name[(prov or "", old_units[c].name)].append(c)
    agree = 0
    flags: collections.Counter[tuple[str, str]] = collections.Counter()
    diffs = []
    for c in sorted(q):
        targets, _default, status = q[c]
        theirs = o2n.get(c)
        if theirs is not None and frozenset(theirs[1]) == targets:
            agree += 1
            flags[(status, "partly merged" if theirs[0] else "wholly merged")] += 1
            continue
        diffs.append(_explain(c, q, src, predicted, o2n, old_units, new_units, by_name, g))
    kinds = collections.Counter(d["reason_kind"] for d in diffs)
    src_agree = sum(1 for c in q if c in src and c in o2n and src[c][0] == frozenset(o2n[c][1]))
    fix_agree = sum(
        1 for c in q if c in fixpoint and c in o2n and fixpoint[c][0] == frozenset(o2n[c][1])
    )
    same_default = sum(1 for d in diffs if d["default_agrees"])
    out["vp"] = {
        "version": vp["version"],
        "source": vp["source"],
        "entries": len(o2n),
        "agree": agree,
        "differ": len(diffs),
        "by_reason": dict(kinds),
        "default_agrees": same_default,
        "agree_without_untangling": src_agree,
        "agree_with_fixpoint_variant": fix_agree,
        "flags_where_sets_agree": {f"{k[0]} / {k[1]}": v for k, v in flags.items()},
        "rows": diffs,
    }
    print(
        f"(b) vietnam-provinces {vp['version']} (_ward_conversion_2025.py, from {vp['source']}): "
        f"{len(o2n):,} old communes mapped; {agree:,} of {len(q):,} agree exactly "
        f"(same set of new communes); {len(diffs)} differ"
    )
    print(f"    converter_2025.json as it is would agree on {src_agree:,}")
    print(
        P.table(
            ("where the sets agree: qcdc status", "vietnam-provinces flag", "communes"),
            [(k[0], k[1], v) for k, v in sorted(flags.items())],
        )
    )
    print(P.table(("reason", "communes"), sorted(kinds.items(), key=lambda kv: -kv[1])))
    print(
        f"of the {len(diffs)}, {same_default} have vietnam-provinces' single successor as "
        "qcdc's default (on_split='default' gives the same code)"
    )
    return diffs


def _untangle(
    src: Mapping,
    old_units: dict[str, Any],
    new_units: dict[str, Any],
    *,
    feeders_from: Mapping | None = None,
) -> Mapping:
    """The rule of ``tasks/regenerate_units.py``, re-implemented on codes.

    Old communes of one new province whose names fold to the same key ("twins") are each
    given the union of their successors by the name-keyed source.  From a divided twin
    drop (1) every other twin's default (for a twin mapped whole, its one successor),
    and (2) every successor all of whose other predecessors (twins aside) lie in another
    twin's old district and none in its own.  If the default was dropped and one
    successor is left, that one is the default; if several are left, nothing changes.
    One successor left means merged whole.

    The predecessors of step 2 are read from ``feeders_from`` (default: the source
    itself, as ``tasks/regenerate_units.py`` does).
    """
    groups: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for c, (_targets, default, _status) in src.items():
        if c in old_units and default in new_units:
            prov = new_units[default].parent_code or ""
            groups[(prov, P.fold_key(old_units[c].name))].append(c)
    feeders = _feeders(feeders_from or src)

    def district(c: str) -> str:
        return _old_district(old_units, c)

    out = dict(src)
    for twins in groups.values():
        if len(twins) < 2:
            continue
        twin_districts = {district(x) for x in twins}
        for c in twins:
            targets, default, _status = src[c]
            if len(targets) < 2:
                continue
            # step 1: the other twins' defaults are theirs
            drop = {src[x][1] for x in twins if x != c and src[x][1] != default}
            # step 2: so is a successor fed, twins aside, only from another twin's district
            others = twin_districts - {district(c)}
            for t in targets:
                districts = {district(x) for x in feeders[t] - set(twins)}
                if districts and districts <= others:
                    drop.add(t)
            kept = targets - {d for d in drop if d is not None}
            if kept == targets or not kept:
                continue
            if default not in kept:
                if len(kept) > 1:
                    continue  # the default went to a twin and several parts are left
                default = next(iter(kept))
            out[c] = (kept, default, "merged" if len(kept) == 1 else "split")
    return out


def _untangle_to_fixpoint(
    src: Mapping, old_units: dict[str, Any], new_units: dict[str, Any]
) -> Mapping:
    """The untangling as the regeneration script does it: step 2 reads the predecessors
    from the untangled mapping, repeated until nothing changes."""
    out = _untangle(src, old_units, new_units)
    for _round in range(10):
        again = _untangle(src, old_units, new_units, feeders_from=out)
        if again == out:
            break
        out = again
    return out


def _feeders(mapping: Mapping) -> dict[str, set[str]]:
    """new code → the old codes the mapping sends to it, whole or in part."""
    feeders: dict[str, set[str]] = collections.defaultdict(set)
    for c, (targets, _default, _status) in mapping.items():
        for t in targets:
            feeders[t].add(c)
    return feeders


def _old_district(old_units: dict[str, Any], c: str) -> str:
    """An old commune's district code (unique nationwide, so the two provinces' "Huyện
    Châu Thành" stay apart)."""
    u = old_units.get(c)
    return str(u.parent_code) if u is not None else ""


def _why_dropped(
    c: str,
    t: str,
    src: Mapping,
    namesakes: Sequence[str],
    old_units: dict[str, Any],
    g: qcdc.Gazetteer,
) -> str:
    """Which step of the rule removes successor ``t`` from twin ``c``."""
    owners = [x for x in namesakes if src[x][1] == t and t != src[c][1]]
    if owners:
        return "default of " + ", ".join(owners)
    others = sorted(x for x in _feeders(src)[t] if x != c and x not in namesakes)
    districts = sorted({_district(g, x) for x in others})
    return (
        "its other predecessors ("
        + ", ".join(f"{x} {old_units[x].name}" for x in others)
        + f") all lie in {', '.join(districts)}, a namesake's district"
    )


def _namesakes(
    c: str, src: Mapping, old_units: dict[str, Any], new_units: dict[str, Any]
) -> list[str]:
    default = src[c][1]
    prov = new_units[default].parent_code if default in new_units else None
    key = P.fold_key(old_units[c].name)
    return sorted(
        x
        for x, (_t, d, _s) in src.items()
        if x != c
        and x in old_units
        and d in new_units
        and new_units[d].parent_code == prov
        and P.fold_key(old_units[x].name) == key
    )


def _untangled_row(
    c: str,
    q: Mapping,
    src: Mapping,
    predicted: Mapping,
    old_units: dict[str, Any],
    new_units: dict[str, Any],
    g: qcdc.Gazetteer,
) -> dict[str, Any]:
    """One old commune where qcdc departs from converter_2025.json, and why."""
    targets, default, status = q[c]
    theirs = src.get(c)
    row: dict[str, Any] = {
        "code": c,
        "name": f"{old_units[c].name} ({_district(g, c)})",
        "qcdc": _fmt_set(new_units, status, targets, default),
    }
    if theirs is None:
        row.update(source="—", namesakes="", dropped="", explained=False)
        return row
    namesakes = _namesakes(c, src, old_units, new_units)
    row.update(
        source=_fmt_set(new_units, theirs[2], theirs[0], theirs[1]),
        namesakes=", ".join(
            f"{x} {old_units[x].name} ({_district(g, x)}) → default {_new(new_units, src[x][1])}"
            for x in namesakes
        ),
        dropped=", ".join(
            f"{_new(new_units, t)} ({_why_dropped(c, t, src, namesakes, old_units, g)})"
            for t in sorted(theirs[0] - targets)
        ),
        added=", ".join(_new(new_units, t) for t in sorted(targets - theirs[0])),
        explained=predicted.get(c, (None, None))[:2] == (targets, default),
    )
    return row


def _fmt_set(new_units: dict[str, Any], status: str, targets: frozenset[str], default: Any) -> str:
    return f"{status}: " + ", ".join(
        _new(new_units, t) + (" *" if t == default and len(targets) > 1 else "")
        for t in sorted(targets)
    )


_VERDICT = {
    "name collision": "vietnam-provinces looks right: the extra part belongs to the namesake",
    "missing in vietnam-provinces": "kept qcdc (its source maps it); unverified",
    "vietnam-provinces lists more parts": "unverified: sources disagree; check the resolution",
    "qcdc lists more parts": "unverified: sources disagree; check the resolution",
    "different parts": "unverified: sources disagree; check the resolution",
}


def _explain(
    c: str,
    q: Mapping,
    src: Mapping,
    predicted: Mapping,
    o2n: dict[str, Any],
    old_units: dict[str, Any],
    new_units: dict[str, Any],
    by_name: dict[tuple[str, str], list[str]],
    g: qcdc.Gazetteer,
) -> dict[str, Any]:
    targets, default, status = q[c]
    theirs = o2n.get(c)
    prov = new_units[default].parent_code if default else ""
    namesakes = [x for x in by_name[(prov or "", old_units[c].name)] if x != c]
    union: set[str] = set()
    for x in [c, *namesakes]:
        if x in o2n:
            union |= set(o2n[x][1])
    if theirs is None:
        kind = "missing in vietnam-provinces"
        # does a neighbour take its place there (a part going to qcdc's target)?
        stand_ins = sorted(
            x
            for x, (partly, ts) in o2n.items()
            if x != c
            and default in ts
            and x in q
            and default not in q[x][0]
            and g.parent(x, on=D2025A) == g.parent(c, on=D2025A)
        )
        detail = "no entry in OLD_TO_NEW" + (
            "; instead it sends a part of "
            + ", ".join(f"{x} {old_units[x].name}" for x in stand_ins)
            + f" to {_new(new_units, default)}"
            if stand_ins and default
            else ""
        )
    elif namesakes and targets <= union and set(theirs[1]) < targets:
        kind = "name collision"
        extra = sorted(targets - set(theirs[1]))
        owners = {t: [x for x in namesakes if x in o2n and t in o2n[x][1]] for t in extra}
        detail = (
            f"{old_units[c].name} is also the name of "
            + ", ".join(f"{x} ({_district(g, x)})" for x in namesakes)
            + " in the same new province; vietnam-provinces gives "
            + "; ".join(
                f"{_new(new_units, t)} to {', '.join(owners[t]) or 'neither'}" for t in extra
            )
        )
        if c in src:
            detail += "; " + _why_kept(c, extra, src, predicted, old_units, new_units, g)
    elif set(theirs[1]) > targets:
        kind = "vietnam-provinces lists more parts"
        detail = "also " + ", ".join(_new(new_units, t) for t in sorted(set(theirs[1]) - targets))
    elif set(theirs[1]) < targets:
        kind = "qcdc lists more parts"
        detail = "qcdc also " + ", ".join(
            _new(new_units, t) for t in sorted(targets - set(theirs[1]))
        )
        if theirs[0] and len(theirs[1]) == 1:
            detail += (
                "; vietnam-provinces marks it as partly merged yet names one successor "
                "(inconsistent: where did the rest go?)"
            )
    else:
        kind = "different parts"
        detail = ""
    return {
        "code": c,
        "name": f"{old_units[c].name} ({_district(g, c)})",
        "qcdc": f"{status}: "
        + ", ".join(_new(new_units, t) + (" *" if t == default else "") for t in sorted(targets)),
        "vp": "—"
        if theirs is None
        else ("part: " if theirs[0] else "whole: ")
        + ", ".join(_new(new_units, t) for t in theirs[1]),
        "default_agrees": theirs is not None and len(theirs[1]) == 1 and theirs[1][0] == default,
        "reason_kind": kind,
        "reason": detail,
        "verdict": _VERDICT[kind],
    }


def _why_kept(
    c: str,
    extra: Sequence[str],
    src: Mapping,
    predicted: Mapping,
    old_units: dict[str, Any],
    new_units: dict[str, Any],
    g: qcdc.Gazetteer,
) -> str:
    """Why the untangling leaves the namesake's parts ``extra`` with ``c``."""
    twins = [c, *_namesakes(c, src, old_units, new_units)]
    feeders = _feeders(src)
    same = [x for x in twins[1:] if src[x][1] == src[c][1]]
    why = []
    if same:
        why.append(
            f"converter_2025.json gives {', '.join([c, *same])} the same default "
            f"({_new(new_units, src[c][1])}), so step 1 drops nothing"
        )
    for t in extra:
        own = _old_district(old_units, c)
        outside = sorted(
            x
            for x in feeders[t] - set(twins)
            if _old_district(old_units, x) == own
            or _old_district(old_units, x) not in {_old_district(old_units, y) for y in twins}
        )
        if not outside:
            continue
        removed = [x for x in outside if t not in predicted.get(x, src[x])[0]]
        why.append(
            f"step 2 keeps {_new(new_units, t)} because the source also gives a part of it to "
            + ", ".join(f"{x} {old_units[x].name} ({_district(g, x)})" for x in outside)
            + ", outside the namesakes' districts"
            + (
                f" (a link the untangling itself removes from {', '.join(removed)})"
                if removed
                else ""
            )
        )
    return "; ".join(why) or "the untangling does not separate them"


def _district(g: qcdc.Gazetteer, code: str) -> str:
    """An old commune's district, with its province where the district's name is not
    unique (two provinces had a "Huyện Châu Thành" in the same new province)."""
    parent = g.parent(code, on=D2025A)
    if parent is None:
        return "?"
    namesakes = sum(1 for u in g.units(on=D2025A, level="district") if u.name == parent.name)
    province = g.parent(parent.code, on=D2025A)
    if namesakes == 1 or province is None:
        return str(parent.name)
    return f"{parent.name}, {province.name}"


def _new(new_units: dict[str, Any], code: str | None) -> str:
    u = new_units.get(code or "")
    return f"{code} {u.name}" if u is not None else f"{code} (not in the two-tier list)"


def _markdown(a_rows: Sequence[dict[str, Any]], diffs: Sequence[dict[str, Any]]) -> str:
    lines = [
        "Against converter_2025.json (vietnamadminunits 1.0.4):",
        "",
        "| old commune (2025-01-01) | converter_2025.json (* = default) | qcdc | "
        "namesakes in the new province | dropped | the rule explains it |",
        "|---|---|---|---|---|---|",
    ]
    for r in a_rows:
        lines.append(
            f"| {r['code']} {r['name']} | {r['source']} | {r['qcdc']} | {r['namesakes']} | "
            f"{r['dropped']} | {'yes' if r['explained'] else 'NO'} |"
        )
    lines += [
        "",
        "Against vietnam-provinces:",
        "",
        "| old commune (2025-01-01) | qcdc (* = default) | vietnam-provinces | reason | verdict |",
        "|---|---|---|---|---|",
    ]
    for d in diffs:
        lines.append(
            f"| {d['code']} {d['name']} | {d['qcdc']} | {d['vp']} | "
            f"{d['reason_kind']}: {d['reason']} | {d['verdict']} |"
        )
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------ main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=3, help="timed rounds per measurement")
    ap.add_argument("--codes", type=int, default=1_000_000)
    ap.add_argument("--triples", type=int, default=10_000)
    ap.add_argument("--comparison-md", type=Path, help="write both disagreement tables here")
    ap.add_argument(
        "--only",
        choices=("convert", "triples", "crosswalk"),
        action="append",
        help="run only these sections (repeatable; default: all)",
    )
    P.add_common_options(ap)
    args = ap.parse_args(argv)
    P.start(args, "bench_lineage", qcdc.__version__)
    print(f"epochs (snapshots) of the embedded gazetteer: {len(qcdc.gazetteer().snapshots)}")
    vau, why = P.try_import("vietnamadminunits")
    if vau is None:
        print(f"peer vietnamadminunits not importable ({why}); {P.INSTALL_HINT}")
    print()
    g = qcdc.gazetteer()
    results: dict[str, Any] = {
        "machine": P.machine(),
        "date": dt.date.today().isoformat(),
        "clock": P.clock_name(),
    }
    only = set(args.only or ("convert", "triples", "crosswalk"))
    if "convert" in only:
        results["convert"] = bench_convert(g, args.codes, args.repeats)
        print()
    if "triples" in only:
        results["triples"] = bench_triples(g, args.triples, args.repeats, vau)
        print()
    if "crosswalk" in only:
        results["crosswalk"] = compare_crosswalks(g, args.comparison_md)
    if args.json:
        args.json.write_text(
            json.dumps(results, indent=2, ensure_ascii=False, default=str), "utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
