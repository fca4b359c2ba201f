"""Speed of figures, report checks, report files and extraction (run by hand:
python benchmarks/bench_reports.py [--max-size 1000000]).

Never part of the test run.  Prints one row per operation: how many per second
and the time of one, best of five rounds; then extraction from 1 kB to ``--max-size``
characters for each family of input (articles one after another; one sentence that never
ends), with the time per kB, which stays flat when the extraction is linear.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from qcdc import gazetteer
from qcdc.numbers import format_figure, parse_figure
from qcdc.reports import check, dumps_report, extract_figures, load_embedded, loads_report

TEXT = (
    "Chiều 17/12/2021, Ban Chỉ đạo xây dựng và thực hiện Quy chế dân chủ ở cơ sở Thành phố Hà Nội "
    "tổ chức hội nghị tổng kết công tác năm 2021. Toàn Thành phố có 579 đơn vị hành chính cấp xã, "
    "gồm 383 xã, 175 phường và 21 thị trấn. Thành phố đã giảm từ 7.968 thôn, tổ dân phố xuống còn "
    "5.393 thôn, tổ dân phố, giảm 2.575 thôn, tổ dân phố (đạt tỷ lệ 32%). Ban Thanh tra nhân dân "
    "đã giám sát 4.956 vụ việc, phát hiện 648 vụ việc có dấu hiệu vi phạm, kiến nghị giải quyết "
    "586 vụ việc. Dịch vụ công trực tuyến mức độ 3, 4 được cung cấp tại 579/579 xã, phường, thị "
    "trấn. Thành ủy ban hành Chương trình số 04-CTr/TU và Quyết định số 2200-QĐ/TU."
)
FIGURES = ["4.956", "hơn 3.000 vụ việc", "32,5%", "1,2 triệu", "khoảng 300 triệu đồng", "579/579"]


def bench(name: str, fn: Callable[[], object], n: int) -> tuple[str, float, float]:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, time.perf_counter() - start)
    per = best / n
    return name, 1 / per, per * 1e6


FAMILIES = {
    "articles": TEXT + "\n",
    "one long sentence": "giám sát 4.956 vụ việc, 648 vụ việc có dấu hiệu vi phạm ",
}


def scaling(max_size: int) -> None:
    """extract_figures over growing inputs of each family: seconds, and µs per kB."""
    print()
    print(f"{'extract_figures':<20} {'chars':>9} {'figures':>8} {'seconds':>9} {'µs/kB':>9}")
    for family, unit in FAMILIES.items():
        size = 1_000
        while size <= max_size:
            text = (unit * (size // len(unit) + 1))[:size]
            start = time.perf_counter()
            found = extract_figures(text)
            took = time.perf_counter() - start
            print(
                f"{family:<20} {size:>9,} {len(found.figures):>8,} {took:>9.3f} "
                f"{took / size * 1e9:>9,.0f}"
            )
            size *= 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-size", type=int, default=1_000_000)
    args = parser.parse_args()
    report = load_embedded()
    gz = gazetteer()
    check(report, gz)  # warm the gazetteer's caches
    toml = dumps_report(report)
    js = dumps_report(report, format="json")
    figures = [parse_figure(t) for t in FIGURES]
    rows = [
        bench("parse_figure (6 shapes)", lambda: [parse_figure(t) for t in FIGURES], 2000),
        bench("format_figure (6 shapes)", lambda: [format_figure(f) for f in figures], 2000),
        bench(
            "check(hanoi-2021), no gazetteer", lambda: check(report, against_gazetteer=False), 500
        ),
        bench("check(hanoi-2021), with gazetteer", lambda: check(report, gz), 200),
        bench("loads_report(hanoi-2021 TOML)", lambda: loads_report(toml), 200),
        bench("loads_report(hanoi-2021 JSON)", lambda: loads_report(js, format="json"), 200),
        bench("dumps_report(hanoi-2021)", lambda: dumps_report(report), 500),
        bench("extract_figures(~800-char article)", lambda: extract_figures(TEXT), 200),
    ]
    print(f"{'operation':<38} {'per second':>12} {'one (µs)':>10}")
    for name, rate, micro in rows:
        print(f"{name:<38} {rate:>12,.0f} {micro:>10,.1f}")
    scaling(args.max_size)


if __name__ == "__main__":
    main()
