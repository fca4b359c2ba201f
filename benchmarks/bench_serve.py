"""A bounded load test of ``qcdc serve`` on loopback (issue 17 §3).

Starts ``qcdc serve`` in a child process on a free port of 127.0.0.1, then, with
``--clients`` concurrent clients (threads, each with its own keep-alive connection):
``--gets`` ``GET /units/{code}?on=`` over the codes of the 2021 list (Zipf-free: every
code in turn) and ``--checks`` ``POST /check`` of the Hà Nội 2021 report. Prints the
requests per second, p50/p99 latency and errors; stops by itself (and stops the server).

    python benchmarks/bench_serve.py                # 10,000 GETs and 1,000 checks, 4 clients
    python benchmarks/bench_serve.py --gets 1000 --checks 100

Needs the serve extra and httpx (``pip install -e ".[serve,test]"``).
"""

from __future__ import annotations

import argparse
import functools
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "qcdc", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if _up(port):
            return proc
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def _up(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _run(
    base: str, clients: int, jobs: list[Callable[[httpx.Client], httpx.Response]]
) -> tuple[float, list[float], int]:
    """Run ``jobs`` over ``clients`` threads; (seconds, latencies, errors)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    it = iter(jobs)

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=60) as c:
            while True:
                with lock:
                    job = next(it, None)
                if job is None:
                    return
                t = time.perf_counter()
                r = job(c)
                dt = time.perf_counter() - t
                with lock:
                    latencies.append(dt)
                    errors += r.status_code != 200

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - t0, latencies, errors


def _get(url: str, c: httpx.Client) -> httpx.Response:
    return c.get(url)


def _post(url: str, body: bytes, headers: dict[str, str], c: httpx.Client) -> httpx.Response:
    return c.post(url, content=body, headers=headers)


def _row(name: str, n: int, seconds: float, lat: list[float], errors: int) -> str:
    q = statistics.quantiles(lat, n=100)
    return (
        f"| {name} | {n:,} | {n / seconds:,.0f} | {q[49] * 1000:.1f} | {q[98] * 1000:.1f} "
        f"| {errors} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gets", type=int, default=10_000)
    ap.add_argument("--checks", type=int, default=1_000)
    ap.add_argument("--clients", type=int, default=4)
    args = ap.parse_args()

    import qcdc

    on = qcdc.parse_date("2021-12-17")
    codes = [u.code for u in qcdc.gazetteer().units(on=on, level="commune")]
    report = (ROOT / "src/qcdc/reports/data/examples/hanoi-2021.toml").read_bytes()

    port = _free_port()
    proc = _start(port)
    base = f"http://127.0.0.1:{port}"
    try:
        toml = {"content-type": "application/toml"}
        gets = [
            functools.partial(_get, f"/units/{codes[i % len(codes)]}?on=2021-12-17")
            for i in range(args.gets)
        ]
        checks = [functools.partial(_post, "/check", report, toml) for _ in range(args.checks)]
        _run(base, args.clients, gets[:200] + checks[:20])  # warm-up, not measured
        g = _run(base, args.clients, gets)
        k = _run(base, args.clients, checks)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    load = os.getloadavg()
    print(
        f"qcdc {qcdc.__version__}, {args.clients} clients on loopback, {os.cpu_count()} cores, "
        f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}\n"
    )
    print("| request | n | requests/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    print(_row("GET /units/{code}", args.gets, *g))
    print(_row("POST /check (Hà Nội 2021)", args.checks, *k))


if __name__ == "__main__":
    main()
