"""The headline figure of every benchmark script, for two source trees, in one run.

Issue 16's acceptance: "no benchmark figure regresses by more than 10 % against the
previous commit in the same run".  This script times, for tree A (the base) and tree B
(the one measured), the headline call of each script in ``benchmarks/`` on the same
inputs, and prints one Markdown table: figure, A median, B median, B/A, the min–max of
each side and a verdict.

    python benchmarks/sweep.py --rev HEAD~1              # A: HEAD~1 (made here), B: this tree
    python benchmarks/sweep.py --rev 46531da~5 /path/to/other/checkout
    python benchmarks/sweep.py /tmp/base/src src --rounds 7 --only gazetteer,hamlets
    python benchmarks/sweep.py --list                    # the figures and their groups

How it measures:

* each **group** of figures (one per benchmark script) runs in a fresh process per tree
  and round, ``PYTHONPATH`` = that tree's ``src``, alternately (round 1: A then B, round
  2: B then A, …), so both trees see the same machine in turn; the child checks that it
  imported qcdc from the tree it was given;
* every figure is the **process CPU time** (``time.process_time``) of the timed call, after
  ``gc.collect()``; the whole-process figures (cold start, ``qcdc report``) are the child's
  user + system CPU time as the kernel accounts it (``os.wait4``);
* inputs are **the same for both trees**: codes, names with typos and legacy triples are
  drawn once (fixed seeds) by the benchmark scripts' own generators, from this checkout's
  gazetteer, and written to one file both trees read; synthetic inputs (hamlet registries,
  case tables, text corpora) are built in the child by the scripts' seeded generators,
  and their fingerprints are compared (a verdict "inputs differ" if they do not match);
* a call that fails on one tree (absent there, or raising) is reported as "n/a" with the
  reason, never a crash of the run;
* verdict: ``regressed`` when B/A > 1.10 **and** B's fastest round is slower than A's
  slowest (the ranges do not overlap); ``improved`` the other way round (A/B > 1.10);
  ``slower`` / ``faster, ranges overlap`` when the medians differ by more than that but
  the rounds do not separate; ``same`` otherwise; none under 3 rounds.  The exit status
  is 1 when a figure regressed (for a human running it; CI does not run benchmarks).

Not covered: ``bench_serve.py`` (a multi-process load test on loopback, measured by the
clock with concurrent clients, which a CPU time per call does not capture) and
``bench_complexity.py`` (its figure is a slope, how time grows with hostile input; the
test ``tests/fuzz/test_complexity.py`` guards it).

Before the rounds both trees are byte-compiled (``compileall``), so no round pays for
compiling.  ``--rounds 5`` costs about 5 minutes of CPU (13 minutes of wall time at load
5–8 on 2 cores).  ``--rev REV`` makes the base tree itself (``git worktree add --detach``
into a temporary folder, removed afterwards); without it, name two trees (a checkout or
its ``src/``).  Both trees run from their ``src/`` on ``PYTHONPATH`` (neither is an
installed wheel: both pay the same).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
THRESHOLD = 1.10  # issue 16: no figure more than 10 % slower

D2021 = dt.date(2021, 12, 17)
D2025A = dt.date(2025, 1, 1)
D2025B = dt.date(2025, 7, 1)

# sizes: each timed call takes 30–800 ms, smaller than the scripts' own, so that a sweep of
# --rounds 5 (ten processes per group, ~27 s of CPU per tree and round) stays short
N_GET = 300_000
N_FIND = 2_000
N_CONVERT = 500_000
N_TRIPLES = 2_000
N_FRAMES = 1_000_000
N_HAMLETS = 100_000
N_OBJECT_CASES = 100_000
N_COLUMNAR_CASES = 1_000_000
# a warm figure of one process is the fastest of REPEAT calls (the neighbours' noise is
# one-sided: it only ever adds); a first call in the process is timed once
REPEAT = 3
MIN_ROUNDS = 3  # fewer rounds: ratios only, no verdict
CHILD_TIMEOUT = 600  # seconds of wall time for one group's process (a hang is "n/a")


@dataclass(frozen=True)
class Figure:
    """One headline figure: its id (for ``--only``), its group, its label and its script."""

    id: str
    group: str
    label: str
    script: str


FIGURES: tuple[Figure, ...] = (
    Figure(
        "cold-start",
        "coldstart",
        'cold start: `import qcdc; gazetteer().get("00001", on=2021-12-17)`, whole process',
        "bench_coldstart.py",
    ),
    Figure(
        "get-uniform", "gazetteer", f"get ×{N_GET:,}, 2021 codes, uniform", "bench_gazetteer.py"
    ),
    Figure("get-zipf", "gazetteer", f"get ×{N_GET:,}, 2021 codes, Zipf", "bench_gazetteer.py"),
    Figure(
        "find-province",
        "search",
        f"find ×{N_FIND:,} names, 1 in 5 misspelt, with province (cold caches)",
        "bench_search.py",
    ),
    Figure(
        "find-bare",
        "search",
        f"find ×{N_FIND:,} names, 1 in 5 misspelt, bare ward name (cold caches)",
        "bench_search.py",
    ),
    Figure(
        "convert-first",
        "lineage",
        f"convert ×{N_CONVERT:,} 2021 → 2025, first in the process (loads the lineage)",
        "bench_lineage.py",
    ),
    Figure(
        "convert",
        "lineage",
        f"convert ×{N_CONVERT:,} 2021 → 2025, warm",
        "bench_lineage.py",
    ),
    Figure(
        "convert-column",
        "lineage",
        f"qcdc.pandas.convert_column, {N_CONVERT:,} rows, pyarrow strings",
        "bench_lineage.py",
    ),
    Figure(
        "legacy-triples",
        "lineage",
        f"{N_TRIPLES:,} legacy triples → 2025 (find ×3 + project, cold caches)",
        "bench_lineage.py",
    ),
    Figure(
        "polars-convert",
        "frames",
        f"qcdc.polars.convert, {N_FRAMES:,} codes, uniform",
        "bench_frames.py",
    ),
    Figure(
        "arrow-convert",
        "frames",
        f"qcdc.arrow.convert, {N_FRAMES:,} codes, uniform",
        "bench_frames.py",
    ),
    Figure(
        "rebase-first",
        "rebase",
        "rebase 10,599 communes → 2025, records, first in the process",
        "bench_rebase.py",
    ),
    Figure("rebase", "rebase", "rebase 10,599 communes → 2025, records, warm", "bench_rebase.py"),
    Figure(
        "rebase-pandas", "rebase", "rebase 10,599 communes → 2025, pandas, warm", "bench_rebase.py"
    ),
    Figure(
        "hamlets-check",
        "hamlets",
        f"merger plan check, {N_HAMLETS:,} communities (fresh registry)",
        "bench_hamlets.py",
    ),
    Figure(
        "hamlets-apply",
        "hamlets",
        f"merger plan apply alone, {N_HAMLETS:,} communities (fresh registry)",
        "bench_hamlets.py",
    ),
    Figure(
        "hamlets-check-apply",
        "hamlets",
        f"merger plan check + apply, {N_HAMLETS:,} communities",
        "bench_hamlets.py",
    ),
    Figure(
        "tally-objects",
        "inspection",
        f"tally_by_unit, {N_OBJECT_CASES:,} InspectionCase objects",
        "bench_inspection.py",
    ),
    Figure(
        "tally-columnar",
        "inspection",
        f"tally_table_by_unit, {N_COLUMNAR_CASES:,} cases, Arrow table",
        "bench_inspection.py",
    ),
    Figure(
        "report-check",
        "reports",
        "check(hanoi-2021) with the gazetteer ×50",
        "bench_reports.py",
    ),
    Figure("report-loads", "reports", "loads_report(hanoi-2021 TOML) ×50", "bench_reports.py"),
    Figure(
        "extract-figures",
        "reports",
        "extract_figures(~800-char article) ×50",
        "bench_reports.py",
    ),
    Figure(
        "parse-date-corpus",
        "dates",
        "parse_date, the corpus's date phrases ×20 (caches cleared)",
        "bench_dates.py",
    ),
    Figure(
        "parse-period-corpus",
        "dates",
        "parse_period, the corpus's period phrases ×20 (caches cleared)",
        "bench_dates.py",
    ),
    Figure(
        "find-document-numbers",
        "directives",
        "find_document_numbers, 1 MB of text (cold caches)",
        "bench_directives.py",
    ),
    Figure(
        "parse-date-mixed",
        "directives",
        "parse_date, 50,000 distinct mixed forms (cold caches)",
        "bench_directives.py",
    ),
    Figure(
        "document-number-parse",
        "directives",
        "DocumentNumber.parse, 5,000 strings (cold cache)",
        "bench_directives.py",
    ),
    Figure(
        "load-cases",
        "io",
        "load_cases(cases_hanoi_2021.csv) ×100",
        "compare.py",
    ),
    Figure(
        "load-hamlets",
        "io",
        "load_hamlets(hamlets_small.csv) ×100",
        "compare.py",
    ),
    Figure("load-embedded", "io", 'load_embedded("hanoi-2021") ×50', "compare.py"),
    Figure(
        "cli-report",
        "cli",
        "`python -m qcdc report` (Hà Nội 2021, checks and lineage), whole process",
        "sweep.py",
    ),
)
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(f.group for f in FIGURES))
WHOLE_PROCESS = {"coldstart", "cli"}  # timed from outside, by the kernel's accounting


# ----------------------------------------------------------------------------- the child


class Recorder:
    """Times calls in the child; a failure is recorded, never raised."""

    def __init__(self) -> None:
        self.out: dict[str, dict[str, Any]] = {}

    def time(
        self,
        fid: str,
        fn: Callable[[], object],
        *,
        before: Callable[[], object] | None = None,
        fingerprint: str = "",
        repeat: int = REPEAT,
    ) -> None:
        """The CPU seconds of ``fn()`` as figure ``fid``: the fastest of ``repeat`` calls
        (``before()`` runs untimed before each)."""
        try:
            times = []
            for _ in range(repeat):
                if before is not None:
                    before()
                gc.collect()
                t0 = time.process_time()
                fn()
                times.append(time.process_time() - t0)
        except Exception as exc:  # a call absent or broken on this tree: "n/a", with why
            self.out[fid] = {"error": _why(exc)}
        else:
            self.out[fid] = {"seconds": min(times), "fingerprint": fingerprint}

    def fail(self, group: str, exc: BaseException) -> None:
        """Every figure of ``group`` not yet recorded failed with ``exc`` (in its set-up)."""
        for f in FIGURES:
            if f.group == group and f.id not in self.out:
                self.out[f.id] = {"error": _why(exc)}


class Inputs:
    """The inputs drawn by :func:`prepare`, one JSON file per key, read when asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __getitem__(self, key: str) -> Any:
        return json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:160]


def _digest(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:12]


def _group_gazetteer(rec: Recorder, inp: Inputs) -> None:
    import qcdc

    g = qcdc.gazetteer()
    get = g.get
    for dist in ("uniform", "zipf"):
        codes: list[str] = inp[f"get_{dist}"]

        def run(codes: list[str] = codes) -> None:
            for c in codes:
                get(c, on=D2021)

        run(codes[:1000])  # the date's index built, as in a session
        rec.time(f"get-{dist}", run)


def _group_search(rec: Recorder, inp: Inputs) -> None:
    import bench_search

    import qcdc

    g = qcdc.gazetteer()
    items = [tuple(it) for it in inp["search_items"]]
    g.find("Hà Nội", on=D2025B, level="province")  # the name index built, as in a session
    for fid, with_province in (("find-province", True), ("find-bare", False)):
        runner = bench_search.qcdc_runner(g, with_province)
        rec.time(
            fid,
            lambda runner=runner: runner(items),  # type: ignore[misc]
            before=bench_search.clear_qcdc_caches,
        )


def _group_lineage(rec: Recorder, inp: Inputs) -> None:
    from bench_gazetteer import clear_qcdc_caches

    import qcdc

    g = qcdc.gazetteer()
    codes: list[str] = inp["convert_codes"]

    def convert() -> None:
        g.convert(codes, on=D2021, to=D2025B, on_unknown="none")

    rec.time("convert-first", convert, repeat=1)
    rec.time("convert", convert)

    def column() -> None:
        import pandas as pd

        import qcdc.pandas

        df = pd.DataFrame({"code": pd.Series(codes, dtype=pd.StringDtype("pyarrow"))})
        qcdc.pandas.convert_column(df.head(10), "code", on=D2021, to=D2025B)
        rec.time(
            "convert-column", lambda: qcdc.pandas.convert_column(df, "code", on=D2021, to=D2025B)
        )

    guarded(rec, "convert-column", column)

    triples = [tuple(t) for t in inp["triples"]]
    find, project = g.find, g.project

    def legacy() -> None:
        # the call sequence of bench_lineage.bench_triples (qcdc_run): find the province,
        # the district within it, the ward within that, then project the old code
        for ward, district, province, *_ in triples:
            r = find(province, on=D2025A, level="province")
            if r.status != "exact":
                continue
            r = find(district, on=D2025A, within=r.candidates[0].unit.code, level="district")
            if r.status != "exact":
                continue
            r = find(ward, on=D2025A, within=r.candidates[0].unit.code, level="commune")
            if r.status != "exact":
                continue
            project(r.candidates[0].unit.code, on=D2025A, to=D2025B)

    g.find("Hà Nội", on=D2025A, level="province")  # the name index of that date built
    rec.time("legacy-triples", legacy, before=clear_qcdc_caches)


def guarded(rec: Recorder, fid: str, setup: Callable[[], None]) -> None:
    """Run ``setup`` (which builds its inputs and calls ``rec.time(fid, …)``); a failure
    while building is recorded as ``fid``'s, the group's other figures go on."""
    try:
        setup()
    except Exception as exc:
        rec.out[fid] = {"error": _why(exc)}


def _group_frames(rec: Recorder, inp: Inputs) -> None:
    import numpy as np
    import pyarrow as pa  # type: ignore[import-untyped]
    from bench_frames import draws

    codes: list[str] = inp["communes_2021"]
    idx = draws(len(codes), N_FRAMES, "uniform", seed=15)
    objects = np.array(codes, dtype=object)[idx]
    arrow = pa.array(objects, type=pa.string())
    fp = _digest(len(objects), hashlib.sha1(idx.tobytes()).hexdigest())

    def polars() -> None:
        import polars as pl

        import qcdc.polars

        series = pl.from_arrow(arrow)
        assert isinstance(series, pl.Series)
        qcdc.polars.convert(series.head(10), on=D2021, to=D2025B, on_unknown="none")
        rec.time(
            "polars-convert",
            lambda: qcdc.polars.convert(series, on=D2021, to=D2025B, on_unknown="none"),
            fingerprint=fp,
        )

    def arrow_() -> None:
        import qcdc.arrow

        qcdc.arrow.convert(arrow.slice(0, 10), on=D2021, to=D2025B, on_unknown="none")
        rec.time(
            "arrow-convert",
            lambda: qcdc.arrow.convert(arrow, on=D2021, to=D2025B, on_unknown="none"),
            fingerprint=fp,
        )

    guarded(rec, "polars-convert", polars)
    guarded(rec, "arrow-convert", arrow_)


def _group_rebase(rec: Recorder, inp: Inputs) -> None:
    import bench_rebase
    import pandas as pd

    import qcdc
    from qcdc.units import rebase

    qcdc.gazetteer()
    records = bench_rebase.table(0)
    fp = _digest(records[:50], len(records))

    def run(data: Any = records) -> None:
        rebase(data, on=D2021, to=D2025B, how=bench_rebase.HOW, on_unresolved="drop")

    rec.time("rebase-first", run, fingerprint=fp, repeat=1)
    rec.time("rebase", run, fingerprint=fp)
    frame = pd.DataFrame(records)
    run(frame)
    rec.time("rebase-pandas", lambda: run(frame), fingerprint=fp)


def _group_hamlets(rec: Recorder, inp: Inputs) -> None:
    import bench_hamlets

    registry, plan = bench_hamlets.build(N_HAMLETS)
    fp = _digest(len(registry), len(plan), sum(c.households for c in registry.communities))
    # one round of the script: a fresh registry and empty caches for every call (the
    # registry of 100,000 takes seconds to build: one round per process)
    rounds = [bench_hamlets.one_round(registry, plan)]
    for fid, step in (
        ("hamlets-check", "check"),
        ("hamlets-apply", "apply"),
        ("hamlets-check-apply", "check + apply"),
    ):
        rec.out[fid] = {"seconds": min(r[step] for r in rounds), "fingerprint": fp}


def _group_inspection(rec: Recorder, inp: Inputs) -> None:
    import bench_inspection

    from qcdc.inspection import tally_by_unit

    communes: list[str] = inp["communes_2021"]

    def objects() -> None:
        cases = bench_inspection.make_cases(N_OBJECT_CASES, communes)
        fp = _digest(len(cases), "".join(str(c.unit) for c in cases[:2000]))
        rec.time("tally-objects", lambda: tally_by_unit(cases, 2021), fingerprint=fp)

    guarded(rec, "tally-objects", objects)  # the objects freed before the table is built

    def columnar() -> None:
        from qcdc.inspection import tally_table_by_unit

        table = bench_inspection.case_table(N_COLUMNAR_CASES, communes)
        tally_table_by_unit(table.slice(0, 1000), 2021)
        rec.time(
            "tally-columnar",
            lambda: tally_table_by_unit(table, 2021),
            fingerprint=_digest(table.num_rows, table.slice(0, 200).to_pylist()),
        )

    guarded(rec, "tally-columnar", columnar)


def _group_reports(rec: Recorder, inp: Inputs) -> None:
    import bench_reports

    import qcdc
    from qcdc.reports import check, dumps_report, extract_figures, load_embedded, loads_report

    report = load_embedded("hanoi-2021")
    gz = qcdc.gazetteer()
    check(report, gz)  # warm the gazetteer's caches, as bench_reports does
    toml = dumps_report(report)

    def times(fn: Callable[[], object], n: int) -> Callable[[], None]:
        def run() -> None:
            for _ in range(n):
                fn()

        return run

    rec.time("report-check", times(lambda: check(report, gz), 50))
    rec.time("report-loads", times(lambda: loads_report(toml), 50), fingerprint=_digest(toml))
    text = bench_reports.TEXT
    rec.time("extract-figures", times(lambda: extract_figures(text), 50), fingerprint=_digest(text))


def _group_dates(rec: Recorder, inp: Inputs) -> None:
    import bench_dates

    import qcdc.dates as dates
    from qcdc.errors import QcdcError

    for fid, fn, kinds in (
        ("parse-date-corpus", dates.parse_date, ("date",)),
        ("parse-period-corpus", dates.parse_period, ("period", "range")),
    ):
        phrases = bench_dates._phrases(kinds)
        readable = []
        for text, ref in phrases:  # what this tree cannot read is skipped, as the script does
            with contextlib.suppress(QcdcError):
                fn(text, ref)
                readable.append((text, ref))

        def run(fn: Any = fn, readable: list[tuple[str, Any]] = readable) -> None:
            for _ in range(20):
                bench_dates._clear()
                for text, ref in readable:
                    fn(text, ref)

        rec.time(fid, run, fingerprint=_digest(phrases, len(readable)))


def _group_directives(rec: Recorder, inp: Inputs) -> None:
    import random

    import bench_directives as bd

    from qcdc.dates import parse_date
    from qcdc.directives import DocumentNumber, find_document_numbers

    text = bd.corpus(1.0)
    rng = random.Random(17)
    mixed = [bd._date_text(rng) for _ in range(50_000)]
    numbers = [bd._number(rng) for _ in range(5_000)]
    ref = dt.date(2021, 1, 1)

    def clear() -> None:
        with contextlib.suppress(AttributeError, ImportError):
            bd._clear_caches()

    def dates_run() -> None:
        for s in mixed:
            parse_date(s, ref)

    def numbers_run() -> None:
        for s in numbers:
            DocumentNumber.parse(s)

    rec.time(
        "find-document-numbers",
        lambda: find_document_numbers(text),
        before=clear,
        fingerprint=_digest(len(text), text[:2000]),
    )
    rec.time("parse-date-mixed", dates_run, before=clear, fingerprint=_digest(mixed[:500]))
    rec.time("document-number-parse", numbers_run, before=clear, fingerprint=_digest(numbers[:500]))


def _group_io(rec: Recorder, inp: Inputs) -> None:
    from qcdc.io import load_cases, load_hamlets
    from qcdc.reports import load_embedded

    cases = str(ROOT / "tests/data/inspection/cases_hanoi_2021.csv")  # the same files for both
    hamlets = str(ROOT / "tests/data/hamlets/hamlets_small.csv")

    def times(fn: Callable[[], object], n: int) -> Callable[[], None]:
        def run() -> None:
            for _ in range(n):
                fn()

        return run

    for fid, fn, n in (
        ("load-cases", lambda: load_cases(cases), 100),
        ("load-hamlets", lambda: load_hamlets(hamlets), 100),
        ("load-embedded", lambda: load_embedded("hanoi-2021"), 50),
    ):
        rec.time(fid, times(fn, n), before=fn)  # the first call (imports the pillar) untimed


CHILD_GROUPS: dict[str, Callable[[Recorder, Inputs], None]] = {
    "gazetteer": _group_gazetteer,
    "search": _group_search,
    "lineage": _group_lineage,
    "frames": _group_frames,
    "rebase": _group_rebase,
    "hamlets": _group_hamlets,
    "inspection": _group_inspection,
    "reports": _group_reports,
    "dates": _group_dates,
    "directives": _group_directives,
    "io": _group_io,
}


def child(group: str, inputs: Path, expect_src: str) -> int:
    """One group in this process (``PYTHONPATH`` = the tree measured); prints its JSON."""
    rec = Recorder()
    try:
        import qcdc

        where = Path(qcdc.__file__).resolve()
        if Path(expect_src).resolve() not in where.parents:
            raise RuntimeError(f"qcdc imported from {where}, not from {expect_src}")
        CHILD_GROUPS[group](rec, Inputs(inputs))
    except Exception as exc:  # the set-up failed: the group's remaining figures are n/a
        rec.fail(group, exc)
    print(json.dumps(rec.out))
    return 0


def prepare(path: Path) -> None:
    """Draw the inputs both trees read (fixed seeds, the scripts' own generators)."""
    import bench_gazetteer
    import bench_lineage
    import bench_search

    import qcdc

    g = qcdc.gazetteer()
    inp = {
        "communes_2021": sorted(u.code for u in g.units(on=D2021, level="commune")),
        "get_uniform": bench_gazetteer.code_mix(g, D2021, N_GET, 1, "uniform"),
        "get_zipf": bench_gazetteer.code_mix(g, D2021, N_GET, 1, "Zipf"),
        "convert_codes": bench_lineage.commune_mix(g, D2021, N_CONVERT, 11, "uniform"),
        "search_items": bench_search.Sampler(g, 2026).draw(N_FIND, bench_search.TYPO_RATE),
        "triples": bench_lineage.legacy_triples(g, N_TRIPLES, 7),
    }
    path.mkdir(parents=True, exist_ok=True)
    for key, value in inp.items():
        (path / f"{key}.json").write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------------------- the parent


def _env(src: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONSTARTUP", "PYTHONPROFILEIMPORTTIME"):
        env.pop(name, None)
    return env


def _process_cpu(argv: list[str], env: dict[str, str]) -> tuple[float, str, str]:
    """A fresh process: its user + system CPU seconds (``os.wait4``), stdout, stderr."""
    proc = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    # wait4 before reading: fine while the output fits the pipe (these print a few kB)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = proc.communicate()
    if proc.returncode not in (0, 1):  # `qcdc report` exits 1 on error-level findings
        raise RuntimeError(f"exit {proc.returncode}: {err.decode()[-300:]}")
    return usage.ru_utime + usage.ru_stime, out.decode(), err.decode()


def _whole_process(group: str, src: Path) -> dict[str, dict[str, Any]]:
    env = _env(src)
    if group == "coldstart":
        import bench_coldstart

        code = bench_coldstart._QCDC.format(code="00001", day="2021-12-17", name="Phường Phúc Xá")
        fid, argv = "cold-start", [sys.executable, "-c", code]
    else:
        fid, argv = "cli-report", [sys.executable, "-m", "qcdc", "report"]
    try:
        cpu, out, _err = _process_cpu(argv, env)
        if group == "coldstart" and str(src.resolve()) not in out:
            raise RuntimeError(f"qcdc not imported from {src}: {out.strip()[-200:]}")
    except Exception as exc:
        return {fid: {"error": _why(exc)}}
    return {fid: {"seconds": cpu, "fingerprint": ""}}


def _run_group(group: str, src: Path, inputs: Path) -> dict[str, dict[str, Any]]:
    if group in WHOLE_PROCESS:
        return _whole_process(group, src)
    argv = [sys.executable, str(HERE / "sweep.py"), "--child", group, str(inputs), str(src)]
    try:
        done = subprocess.run(
            argv, env=_env(src), capture_output=True, text=True, check=False, timeout=CHILD_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        why = f"the process took more than {CHILD_TIMEOUT} s (stopped)"
        return {f.id: {"error": why} for f in FIGURES if f.group == group}
    lines = done.stdout.strip().splitlines()
    try:
        result: dict[str, dict[str, Any]] = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        tail = done.stderr.strip().splitlines()
        why = f"the process failed (exit {done.returncode}): {tail[-1] if tail else ''}"[:160]
        return {f.id: {"error": why} for f in FIGURES if f.group == group}
    return result


def _src_of(path: Path) -> Path:
    """A checkout or its ``src/``: the folder that holds ``qcdc/``."""
    for candidate in (path, path / "src"):
        if (candidate / "qcdc" / "__init__.py").is_file():
            return candidate.resolve()
    raise SystemExit(f"error: {path} holds no qcdc/ (give a checkout or its src/ folder)")


@contextlib.contextmanager
def _worktree(rev: str) -> Iterator[Path]:
    """A detached worktree of ``rev`` in a temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="qcdc-sweep-")) / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), rev],
        check=True,
        capture_output=True,
        text=True,
    )
    try:
        yield folder
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)],
            check=False,
            capture_output=True,
        )
        with contextlib.suppress(OSError):
            folder.parent.rmdir()


def _selected(only: str | None) -> list[Figure]:
    if not only:
        return list(FIGURES)
    names = {n.strip() for n in only.split(",") if n.strip()}
    known = {f.id for f in FIGURES} | set(GROUPS)
    unknown = sorted(names - known)
    if unknown:
        raise SystemExit(
            f"error: --only {', '.join(unknown)}: no such figure or group; "
            f"groups: {', '.join(GROUPS)} (--list shows the figures)"
        )
    return [f for f in FIGURES if f.id in names or f.group in names]


def verdict(a: Sequence[float], b: Sequence[float], threshold: float = THRESHOLD) -> str:
    """The verdict on rounds ``a`` (base) and ``b`` (measured).

    ``regressed``: B/A > ``threshold`` and B's fastest round slower than A's slowest;
    ``improved``: A/B > ``threshold`` and B's slowest round faster than A's fastest;
    ``slower`` / ``faster, ranges overlap``: past the threshold, but the rounds do not
    separate; ``same`` otherwise; no verdict under ``MIN_ROUNDS`` rounds, ``n/a`` when a
    side has none."""
    if not a or not b:
        return "n/a"
    if min(len(a), len(b)) < MIN_ROUNDS:
        return f"no verdict (fewer than {MIN_ROUNDS} rounds)"
    ratio = statistics.median(b) / statistics.median(a)
    if ratio > threshold:
        return "regressed" if min(b) > max(a) else "slower, ranges overlap"
    if ratio < 1 / threshold:
        return "improved" if max(b) < min(a) else "faster, ranges overlap"
    return "same"


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}"


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def sweep(
    a: Path, b: Path, figures: Sequence[Figure], rounds: int, names: tuple[str, str]
) -> dict[str, Any]:
    """Run the rounds; the figures of both trees and their verdicts."""
    for src in (a, b):  # byte-compile first: no round pays for compiling
        compileall.compile_dir(str(src / "qcdc"), quiet=2)
    groups = [g for g in GROUPS if any(f.group == g for f in figures)]
    wanted = {f.id for f in figures}
    runs: dict[str, dict[str, list[float]]] = {f.id: {"a": [], "b": []} for f in figures}
    errors: dict[str, dict[str, str]] = {f.id: {} for f in figures}
    prints: dict[str, dict[str, set[str]]] = {f.id: {"a": set(), "b": set()} for f in figures}
    load_before = _load()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="qcdc-sweep-inputs-") as tmp:
        inputs = Path(tmp) / "inputs"
        done = subprocess.run(
            [sys.executable, str(HERE / "sweep.py"), "--prepare", str(inputs)],
            env=_env(ROOT / "src"),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"error: drawing the inputs failed:\n{done.stderr[-2000:]}")
        for i in range(rounds):
            order = (("a", a), ("b", b)) if i % 2 == 0 else (("b", b), ("a", a))
            for group in groups:
                for side, src in order:
                    for fid, res in _run_group(group, src, inputs).items():
                        if fid not in wanted:
                            continue
                        if "error" in res:
                            errors[fid][side] = res["error"]
                        else:
                            runs[fid][side].append(res["seconds"])
                            prints[fid][side].add(res.get("fingerprint", ""))
            print(
                f"round {i + 1}/{rounds} done, {time.perf_counter() - started:.0f} s, "
                f"load {_load()}",
                file=sys.stderr,
                flush=True,
            )
    table = []
    for f in figures:
        ra, rb = runs[f.id]["a"], runs[f.id]["b"]
        row: dict[str, Any] = {"id": f.id, "figure": f.label, "script": f.script}
        row["a"], row["b"] = ra, rb
        if errors[f.id] or not ra or not rb:
            row["verdict"] = "n/a: " + "; ".join(
                f"{names[0 if s == 'a' else 1]}: {e}" for s, e in sorted(errors[f.id].items())
            )
        elif prints[f.id]["a"] != prints[f.id]["b"]:
            row["verdict"] = "inputs differ"
        else:
            row["a_median"], row["b_median"] = statistics.median(ra), statistics.median(rb)
            row["ratio"] = row["b_median"] / row["a_median"] if row["a_median"] else None
            row["verdict"] = verdict(ra, rb)
        table.append(row)
    return {
        "a": names[0],
        "b": names[1],
        "rounds": rounds,
        "load_before": load_before,
        "load_after": _load(),
        "seconds": time.perf_counter() - started,
        "clock": "process CPU time",
        "figures": table,
    }


def markdown(result: dict[str, Any]) -> str:
    """The table of a sweep, in Markdown."""
    lines = [
        "| figure | A median ms | B median ms | B/A | A min–max | B min–max | verdict |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in result["figures"]:
        if "a_median" in r:
            ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "—"
            lines.append(
                f"| {r['figure']} | {_ms(r['a_median'])} | {_ms(r['b_median'])} | {ratio} | "
                f"{_ms(min(r['a']))}–{_ms(max(r['a']))} | {_ms(min(r['b']))}–{_ms(max(r['b']))} "
                f"| {r['verdict']} |"
            )
        else:
            a = _ms(statistics.median(r["a"])) if r["a"] else "n/a"
            b = _ms(statistics.median(r["b"])) if r["b"] else "n/a"
            lines.append(f"| {r['figure']} | {a} | {b} | — | — | — | {r['verdict']} |")
    lines.append("")
    lines.append(
        f"A = {result['a']}, B = {result['b']}; medians of {result['rounds']} "
        f"round{'s' if result['rounds'] != 1 else ''}, process "
        f"CPU time, a fresh process per group, tree and round, A and B alternating; "
        f"load average {result['load_before']} before, {result['load_after']} after; "
        f"{result['seconds'] / 60:.1f} min"
    )
    return "\n".join(lines)


def _commit(src: Path) -> str:
    """The last commit that changed ``src`` (read-only git), ``+`` if it has uncommitted
    changes; ``"?"`` outside git."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(src), *args, "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    try:
        head = git("log", "-1", "--format=%h")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + (" + uncommitted changes" if dirty else "")


def _describe(src: Path) -> str:
    """A tree as ``path (src as of commit abc1234)``."""
    return f"{src} (src as of {_commit(src)})"


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["--child"]:
        group, inputs, src = args_in[1:4]
        return child(group, Path(inputs), src)
    if args_in[:1] == ["--prepare"]:
        prepare(Path(args_in[1]))
        return 0
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    ap.add_argument(
        "trees",
        nargs="*",
        type=Path,
        help="A and B (checkouts or their src/); with --rev, only B (default: this checkout)",
    )
    ap.add_argument("--rev", help="make tree A from this git revision (a temporary worktree)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", help="comma-separated figure ids or groups (see --list)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--list", action="store_true", help="print the figures and exit")
    args = ap.parse_args(args_in)
    figures = _selected(args.only)
    if args.list:
        for f in figures:
            print(f"{f.group:<11} {f.id:<22} {f.label}  [{f.script}]")
        return 0
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    if args.rev is not None:
        if len(args.trees) > 1:
            ap.error("with --rev give at most one tree (B)")
        b = _src_of(args.trees[0]) if args.trees else ROOT / "src"
        with _worktree(args.rev) as base:
            names = (f"`{args.rev}` (src as of {_commit(_src_of(base))})", _describe(b))
            result = sweep(_src_of(base), b, figures, args.rounds, names)
    else:
        if len(args.trees) != 2:
            ap.error("give two trees A and B, or --rev REV [B]")
        a, b = (_src_of(t) for t in args.trees)
        result = sweep(a, b, figures, args.rounds, (_describe(a), _describe(b)))
    print(markdown(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if any(r["verdict"] == "regressed" for r in result["figures"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
