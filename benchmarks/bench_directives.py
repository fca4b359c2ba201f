"""Speed of document-number extraction and date parsing.

Run ``python benchmarks/bench_directives.py``.  Targets (issue 6):
``find_document_numbers`` over 10 MB of Vietnamese text at >= 5 MB/s, and
``parse_date`` at >= 200,000 dates/s.  The corpus is generated here, with
distinct numbers and dates, so the parsers' caches do not flatter the figures.
"""

from __future__ import annotations

import datetime as dt
import platform
import random
import sys
import time
from collections.abc import Callable

from qcdc.dates import parse_date
from qcdc.dates import periods as qperiods
from qcdc.directives import DocumentNumber, DocumentNumberMatch, find_document_numbers
from qcdc.directives import document_numbers as qnumbers

_SENTENCES = (
    "Thực hiện {a}, Ban Chỉ đạo thành phố đã ban hành {b} về tăng cường công tác dân vận; "
    "ngày {d}, 579/579 xã, phường, thị trấn đã tổ chức hội nghị. ",
    "Căn cứ Nghị định số {a} của Chính phủ và Thông tư {b}, Ủy ban nhân dân quận đã chỉ đạo "
    "các phường rà soát 7.968 thôn, tổ dân phố, đạt 32% kế hoạch năm {y}. ",
    "Ban Thanh tra nhân dân giám sát 4.956 vụ việc, phát hiện 648 vụ có dấu hiệu vi phạm; "
    "kiến nghị giải quyết 586 vụ theo {a} và công văn {b} ngày {d}. ",
    "Chiều {d}, đồng chí Phó Bí thư Thường trực Thành ủy chủ trì hội nghị tổng kết, "
    "quán triệt Kết luận {a}, Quyết định {b}. ",
)


def _number(rng: random.Random) -> str:
    n = rng.randint(1, 9999)
    y = rng.randint(2004, 2025)
    shape = rng.randrange(6)
    if shape == 0:
        return f"{n}/{y}/{rng.choice(('NĐ-CP', 'TT-BNV', 'QĐ-TTg', 'NQ-HĐND'))}"
    if shape == 1:
        return f"{n}-{rng.choice(('NQ', 'KL', 'QĐ', 'CTr', 'HD', 'CT'))}/{rng.choice(('TW', 'TU'))}"
    if shape == 2:
        return f"{n}/{rng.choice(('QĐ', 'KH', 'TB', 'BC'))}-UBND"
    if shape == 3:
        return f"{n}/UBND-{rng.choice(('VP', 'NV', 'KT'))}"
    if shape == 4:
        return f"{rng.randint(1, 300)}/{y}/QH{rng.randint(11, 15)}"
    return f"{n} - {rng.choice(('QĐ', 'KL'))} / TU"


def _date_text(rng: random.Random) -> str:
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2000, 2030)
    form = rng.randrange(4)
    if form == 0:
        return f"{d:02d}/{m:02d}/{y}"
    if form == 1:
        return f"{d}/{m}/{y}"
    if form == 2:
        return f"ngày {d} tháng {m} năm {y}"
    return f"{d}-{m}-{y}"


def corpus(megabytes: float, seed: int = 6) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    target = int(megabytes * 1_000_000)
    while size < target:
        s = rng.choice(_SENTENCES).format(
            a=_number(rng), b=_number(rng), d=_date_text(rng), y=rng.randint(2019, 2025)
        )
        parts.append(s)
        size += len(s.encode("utf-8"))
    return "".join(parts)


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _clear_caches() -> None:
    qnumbers._parse_cached.cache_clear()
    qperiods._parse_date_slow.cache_clear()


def main() -> None:
    rows: list[tuple[str, str, str]] = []

    text = corpus(10.0)
    mb = len(text.encode("utf-8")) / 1_000_000
    found: list[DocumentNumberMatch] = []

    def run_find() -> None:
        _clear_caches()
        found[:] = find_document_numbers(text)

    seconds = best_of(run_find)
    rows.append(
        (
            "find_document_numbers, 10 MB",
            f"{mb / seconds:,.1f} MB/s",
            f"{len(found):,} numbers, {seconds:.2f} s (target >= 5 MB/s)",
        )
    )

    rng = random.Random(17)
    numeric = [
        f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1990, 2030)}"
        for _ in range(200_000)
    ]
    mixed = [_date_text(rng) for _ in range(200_000)]
    ref = dt.date(2021, 1, 1)

    def run(items: list[str]) -> Callable[[], None]:
        def go() -> None:
            _clear_caches()
            for s in items:
                parse_date(s, ref)

        return go

    for label, items in (("parse_date, dd/mm/yyyy", numeric), ("parse_date, mixed forms", mixed)):
        seconds = best_of(run(items))
        rows.append(
            (label, f"{len(items) / seconds:,.0f} dates/s", "200,000 distinct strings, cold caches")
        )

    words = [
        f"ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm {rng.randint(1990, 2030)}"
        for _ in range(50_000)
    ]
    seconds = best_of(run(words))
    rows.append(
        (
            "parse_date, 'ngày … tháng … năm …'",
            f"{len(words) / seconds:,.0f} dates/s",
            "50,000 distinct strings, cold caches",
        )
    )

    numbers = [_number(rng) for _ in range(100_000)]

    def parse_numbers() -> None:
        _clear_caches()
        for s in numbers:
            DocumentNumber.parse(s)

    seconds = best_of(parse_numbers)
    rows.append(
        (
            "DocumentNumber.parse",
            f"{len(numbers) / seconds:,.0f} numbers/s",
            "100,000 strings, cold cache",
        )
    )

    print(f"Python {sys.version.split()[0]} on {platform.machine()} ({platform.system()})")
    width = max(len(r[0]) for r in rows)
    for name, speed, note in rows:
        print(f"{name:<{width}}  {speed:>18}  {note}")


if __name__ == "__main__":
    main()
