"""Cold start, whole process: ``import qcdc; qcdc.gazetteer().get(...)`` against the fastest peer.

Every figure is of a fresh interpreter started for it, from its start to its exit, as the
operating system accounts it (``os.wait4``: CPU time user + system, peak RSS) and by the clock
(wall).  The programs run in rounds, each round every program once, in a rotating order
(qcdc, peer, bare python, …), after unmeasured warm-up rounds; the figures are the median,
min and max over the rounds, and the ratio qcdc / peer is taken round by round (its median),
so that a machine whose speed drifts during the run still gives a fair ratio.

Both sides are **installed wheels** in their own virtual environments (never an editable
install: it would compile and check the source at each start), and both are run with the
same environment (``PYTHONDONTWRITEBYTECODE`` removed, so each uses the bytecode its
installer compiled).  ``--setup DIR`` makes the two environments::

    python benchmarks/bench_coldstart.py --setup /tmp/qcdc-cold     # builds and installs
    python benchmarks/bench_coldstart.py --venvs /tmp/qcdc-cold --rounds 31

``--setup`` builds the wheel of this checkout (``pip wheel . --no-deps``), installs it with
its dependencies into ``DIR/qcdc`` and ``vietnam-provinces==2025.10.1`` (the fastest peer
at start-up, and the newest that installs on Python 3.11) into ``DIR/peer``, both from the
Python running the script.  Or name the interpreters: ``--qcdc-python``, ``--peer-python``.

The programs (each checks its answer):

* bare ``python -c pass`` of each environment: the floor;
* qcdc: ``import datetime as dt, qcdc; qcdc.gazetteer().get("01", on=dt.date(2025, 7, 1))``
  (Thành phố Hà Nội), and the same for commune ``00001`` on 2021-12-17 (the list of 10,599
  communes);
* the peer: ``from vietnam_provinces import Province; Province.from_code(1)`` and
  ``Ward.from_code(4)`` (it has the list of 2025-07-01 only).

About a minute for 21 rounds on 2 cores.  ``--json PATH`` writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEER = "vietnam-provinces==2025.10.1"

# each program ends by printing its own clock (the import, the first answer), its peak RSS
# (VmHWM: the rusage of a child started from this process would count this process's memory
# too) and the file of the library it used; the floor runs the same ending
_END = """
with open("/proc/self/status") as fh:
    hwm = [line.split()[1] for line in fh if line.startswith("VmHWM")][0]
print(t1 - t0, t2 - t1, hwm, {lib})
"""
_FLOOR = "import time\nt0 = t1 = t2 = time.perf_counter()\n" + _END.format(lib="'-'")
_QCDC = """
import time
t0 = time.perf_counter()
import datetime as dt
import qcdc
t1 = time.perf_counter()
u = qcdc.gazetteer().get({code!r}, on=dt.date.fromisoformat({day!r}))
t2 = time.perf_counter()
assert u is not None and u.name == {name!r}, u
""" + _END.format(lib="qcdc.__file__")
_PEER = """
import time
t0 = time.perf_counter()
from vietnam_provinces import {cls}
t1 = time.perf_counter()
u = {cls}.from_code({code})
t2 = time.perf_counter()
assert u.name == {name!r}, u
import vietnam_provinces
""" + _END.format(lib="vietnam_provinces.__file__")


def programs(qcdc_python: str, peer_python: str | None) -> list[tuple[str, list[str]]]:
    qcdc = [
        ("bare python (qcdc's venv)", [qcdc_python, "-c", _FLOOR]),
        (
            "qcdc get('01', on=2025-07-01)",
            [qcdc_python, "-c", _QCDC.format(code="01", day="2025-07-01", name="Thành phố Hà Nội")],
        ),
        (
            "qcdc get('00001', on=2021-12-17)",
            [
                qcdc_python,
                "-c",
                _QCDC.format(code="00001", day="2021-12-17", name="Phường Phúc Xá"),
            ],
        ),
    ]
    if not peer_python:
        return qcdc
    return [
        *qcdc,
        ("bare python (peer's venv)", [peer_python, "-c", _FLOOR]),
        (
            "vietnam-provinces Province.from_code(1)",
            [peer_python, "-c", _PEER.format(cls="Province", code=1, name="Thành phố Hà Nội")],
        ),
        (
            "vietnam-provinces Ward.from_code(4)",
            [peer_python, "-c", _PEER.format(cls="Ward", code=4, name="Phường Ba Đình")],
        ),
    ]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for name in (
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONPATH",
        "PYTHONSTARTUP",
        "PYTHONPROFILEIMPORTTIME",
    ):
        env.pop(name, None)
    return env


def run(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    """One fresh process: wall and CPU seconds, and what it printed (its own clock, its peak)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({proc.returncode}): {err.decode()[-1500:]}")
    imported, first, hwm_kib, lib = out.decode().split()
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mib": int(hwm_kib) / 1024,
        "in_process": float(imported) + float(first),
        "import": float(imported),
        "file": lib,
    }


def _stats(values: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def measure(
    progs: list[tuple[str, list[str]]], rounds: int, warmup: int
) -> dict[str, list[dict[str, Any]]]:
    env = _env()
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in progs}
    for i in range(warmup + rounds):
        shift = i % len(progs)  # rotate the order: no program always runs first
        for name, argv in progs[shift:] + progs[:shift]:
            result = run(argv, env)
            if i >= warmup:
                runs[name].append(result)
    return runs


def setup(directory: Path) -> tuple[str, str]:
    """Build this checkout's wheel; make ``directory/qcdc`` and ``directory/peer``."""
    directory.mkdir(parents=True, exist_ok=True)
    wheels = directory / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-w", str(wheels)],
        check=True,
    )
    wheel = max(wheels.glob("qcdc-*.whl"), key=lambda p: p.stat().st_mtime)
    pythons = []
    for name, packages in (("qcdc", [str(wheel)]), ("peer", [PEER])):
        venv = directory / name
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        python = str(venv / "bin" / "python")
        subprocess.run(
            [python, "-m", "pip", "install", "-q", "--force-reinstall", *packages], check=True
        )
        pythons.append(python)
    return pythons[0], pythons[1]


def _ms(x: float) -> str:
    return f"{x * 1000:.0f}"


def report(runs: dict[str, list[dict[str, Any]]], peer_name: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rows = []
    for name, results in runs.items():
        wall = _stats([r["wall"] for r in results])
        cpu = _stats([r["cpu"] for r in results])
        rss = _stats([r["rss_mib"] for r in results])
        first = _stats([r["in_process"] for r in results])
        imported = _stats([r["import"] for r in results])
        out[name] = {
            "wall_s": wall,
            "cpu_s": cpu,
            "peak_rss_mib": rss,
            "in_process_s": first,
            "import_s": imported,
        }
        inside = (
            "" if name.startswith("bare") else f"{_ms(first['median'])} ({_ms(imported['median'])})"
        )
        rows.append(
            f"| {name} | {_ms(wall['median'])} ({_ms(wall['min'])}–{_ms(wall['max'])}) "
            f"| {_ms(cpu['median'])} ({_ms(cpu['min'])}–{_ms(cpu['max'])}) "
            f"| {inside} | {rss['median']:.1f} |"
        )
    print(
        "| program | wall ms, median (min–max) | CPU ms, median (min–max) | in-process ms "
        "| peak RSS MiB |"
    )
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    if peer_name is not None:
        print()
        print("| qcdc / peer, pair by pair | wall | CPU |")
        print("|---|---|---|")
        peer = runs[peer_name]
        floor = runs["bare python (qcdc's venv)"]
        for name in [n for n in runs if n.startswith("qcdc")]:
            ratios: dict[str, dict[str, float]] = {}
            for key in ("wall", "cpu"):
                pairs = [a[key] / b[key] for a, b in zip(runs[name], peer, strict=True)]
                above = [
                    (a[key] - f[key]) / (b[key] - f[key])
                    for a, b, f in zip(runs[name], peer, floor, strict=True)
                    if b[key] > f[key]
                ]
                ratios[key] = _stats(pairs) | {"above_floor_median": statistics.median(above)}
            out[name]["vs_peer"] = ratios
            print(
                f"| {name} / {peer_name} | {ratios['wall']['median']:.2f}× "
                f"({ratios['wall']['min']:.2f}–{ratios['wall']['max']:.2f}) "
                f"| {ratios['cpu']['median']:.2f}× "
                f"({ratios['cpu']['min']:.2f}–{ratios['cpu']['max']:.2f}) |"
            )
        print(
            "\n(above the floor, i.e. less bare python's start, the medians of the CPU "
            "ratios are: "
            + "; ".join(
                f"{n}: {out[n]['vs_peer']['cpu']['above_floor_median']:.2f}×"
                for n in out
                if "vs_peer" in out[n]
            )
            + ")"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--setup", type=Path, metavar="DIR", help="build and install, then measure")
    ap.add_argument("--venvs", type=Path, metavar="DIR", help="the DIR of an earlier --setup")
    ap.add_argument("--qcdc-python", help="a python with qcdc installed from a wheel")
    ap.add_argument("--peer-python", help="a python with vietnam-provinces installed")
    ap.add_argument("--rounds", type=int, default=21)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.setup:
        qcdc_python, peer_python = setup(args.setup)
    elif args.venvs:
        qcdc_python = str(args.venvs / "qcdc" / "bin" / "python")
        peer_python = str(args.venvs / "peer" / "bin" / "python")
    else:
        qcdc_python = args.qcdc_python or sys.executable
        peer_python = args.peer_python
    progs = programs(qcdc_python, peer_python)
    probe = run(progs[1][1], _env())["file"]
    if "site-packages" not in probe:
        print(f"warning: qcdc is not an installed wheel here ({probe})", file=sys.stderr)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, qcdc from {probe}, "
        f"{args.rounds} rounds after {args.warmup} warm-up, load average before: {load}\n"
    )
    runs = measure(progs, args.rounds, args.warmup)
    peer_name = "vietnam-provinces Province.from_code(1)" if peer_python else None
    out = report(runs, peer_name)
    load_after = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nload average after: {load_after}")
    if args.json:
        out["load_before"], out["load_after"] = load, load_after
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
