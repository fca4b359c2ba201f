"""Speed of figures, report checks and extraction (run by hand: python benchmarks/bench_reports.py).

Never part of the test run.  Prints one row per operation: how many per second
and the time of one, best of five rounds.
"""

from __future__ import annotations

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


def main() -> None:
    report = load_embedded()
    gz = gazetteer()
    check(report, gz)  # warm the gazetteer's caches
    toml = dumps_report(report)
    figures = [parse_figure(t) for t in FIGURES]
    rows = [
        bench("parse_figure (6 shapes)", lambda: [parse_figure(t) for t in FIGURES], 2000),
        bench("format_figure (6 shapes)", lambda: [format_figure(f) for f in figures], 2000),
        bench(
            "check(hanoi-2021), no gazetteer", lambda: check(report, against_gazetteer=False), 500
        ),
        bench("check(hanoi-2021), with gazetteer", lambda: check(report, gz), 200),
        bench("loads_report(hanoi-2021 TOML)", lambda: loads_report(toml), 200),
        bench("dumps_report(hanoi-2021)", lambda: dumps_report(report), 500),
        bench("extract_figures(~800-char article)", lambda: extract_figures(TEXT), 200),
    ]
    print(f"{'operation':<38} {'per second':>12} {'one (µs)':>10}")
    for name, rate, micro in rows:
        print(f"{name:<38} {rate:>12,.0f} {micro:>10,.1f}")


if __name__ == "__main__":
    main()
