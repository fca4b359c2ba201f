# ruff: noqa: E501  (Vietnamese act titles and source URLs are kept whole, as in tasks/)
"""Write the act log (``src/qcdc/units/data/acts/``) from the release tags of the MIT source.

Usage::

    python tools/acts/build.py GIT_DIR

GIT_DIR is a clone of https://github.com/thanglequoc/vietnamese-provinces-database with its tags.
The baseline is tag v1.0.0 (the state after 387/NQ-UBTVQH15, in force 2021-11-01) with the
source's own later corrections applied (see CORRECTIONS).  Each act's changes are the difference
between the replayed state and the tag that carries the act, restricted to the act's provinces;
merge targets come from ``src/qcdc/units/data/lineage.tsv`` (read only).  The act table below
(ACTS) is the hand-kept part: numbers, dates and provinces from the source's README table and from
the resolution texts where they were read.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import read_tags
import replay
from read_tags import Row

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "qcdc" / "units" / "data"
OUT = DATA / "acts"
TPL = "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/"
README = read_tags.SOURCE_URL + "#dataset-releases-and-government-issued-decrees"

# Source corrections that are not acts: applied to the baseline so that no act carries them.
RECODES = {"11353": "11344"}  # hotfix_26April2023.sql: "Cầu Đất ward code changes"
RENAMES_FROM = {"00916": "v2.4.1", "31246": "v2.4.1"}  # v2.4.1 "grammar-correction"


def _clean(text: str) -> str:
    return " ".join(text.split())


def clean_state(state: dict[str, Row]) -> dict[str, replay.Unit]:
    return {
        c: replay.Unit(c, r.kind, _clean(r.name), _clean(r.name_en), r.parent)
        for c, r in state.items()
    }


def province_of(state: dict[str, replay.Unit], code: str) -> str:
    while state[code].parent:
        code = state[code].parent
    return code


def act(
    number: str,
    title: str,
    signed: str | None,
    in_force: str,
    *,
    issuer: str = "UBTVQH15",
    source: str = "",
    read: str = "table",
    confidence: str = "high",
    note: str = "",
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "number": number,
        "title": title,
        "issuer": issuer,
        "in_force": dt.date.fromisoformat(in_force),
        "source": source or README,
        "read": read,
        "confidence": confidence,
    }
    if signed is not None:
        meta["signed"] = dt.date.fromisoformat(signed)
    if note:
        meta["note"] = note
    return meta


ALL = None  # provinces: every province the tag changed and no other act of the step claims
# Each step: (tag whose state the acts lead to, [(act, provinces or ALL), ...]).
STEPS: list[tuple[str, list[tuple[dict[str, Any], set[str] | None]]]] = [
    (
        "v1.0.1",
        [
            (
                act(
                    "469/NQ-UBTVQH15",
                    "Thành lập các phường thuộc thị xã Phổ Yên và thành lập thành phố Phổ Yên, tỉnh Thái Nguyên",
                    "2022-02-15",
                    "2022-04-10",
                    source=TPL
                    + "Nghi-quyet-469-NQ-UBTVQH15-2022-thanh-lap-phuong-thuoc-thi-xa-Pho-Yen-Thai-Nguyen-504359.aspx",
                ),
                ALL,
            )
        ],
    ),
    (
        "v1.0.2",
        [
            (
                act(
                    "510/NQ-UBTVQH15",
                    "Thành lập thị trấn Phương Sơn thuộc huyện Lục Nam và thị trấn Bắc Lý thuộc huyện Hiệp Hòa, tỉnh Bắc Giang",
                    "2022-05-12",
                    "2022-07-01",
                    source=TPL
                    + "Nghi-quyet-510-NQ-UBTVQH15-2022-thanh-lap-thi-tran-Phuong-Son-huyen-Luc-Nam-Bac-Giang-516371.aspx",
                    note="the source's link names Phương Sơn; its patch for 510 alone also makes Bắc Lý a thị trấn",
                ),
                ALL,
            )
        ],
    ),
    (
        "v1.0.3.1",
        [
            (
                act(
                    "569/NQ-UBTVQH15",
                    "Thành lập thị trấn Bình Phú thuộc huyện Cai Lậy, tỉnh Tiền Giang",
                    "2022-08-11",
                    "2022-10-01",
                    source=TPL
                    + "Nghi-quyet-569-NQ-UBTVQH15-2022-thanh-lap-thi-tran-Binh-Phu-thuoc-huyen-Cai-Lay-Tien-Giang-525909.aspx",
                ),
                {"82"},
            ),
            (
                act(
                    "570/NQ-UBTVQH15",
                    "Thành lập thị xã Chơn Thành và các phường thuộc thị xã Chơn Thành, tỉnh Bình Phước",
                    "2022-08-11",
                    "2022-10-01",
                    source=TPL
                    + "Nghi-quyet-570-NQ-UBTVQH15-2022-thanh-lap-thi-xa-Chon-Thanh-Binh-Phuoc-525910.aspx",
                ),
                {"70"},
            ),
        ],
    ),
]

NEWS_2023 = (
    "https://ngaynay.vn/thanh-lap-mot-so-don-vi-hanh-chinh-cap-huyen-xa-cua-10-tinh-post130723.html"
)
PATCH_2023 = (
    read_tags.SOURCE_URL + "/blob/v1.0.4.1/patch/721_to_730_NQ-UBTVQH15/721_to_730_NQ-UBTVQH15.sql"
)
COMPOSED = (
    "title composed from the source's patch file, which names the act and the units it changes"
)
_B2023 = [
    (
        "721",
        "89",
        "Thành lập thị xã Tịnh Biên và các phường thuộc thị xã Tịnh Biên; thành lập thị trấn Đa Phước thuộc huyện An Phú và thị trấn Hội An thuộc huyện Chợ Mới, tỉnh An Giang",
        NEWS_2023,
        "",
    ),
    ("722", "06", "Thành lập thị trấn Vân Tùng thuộc huyện Ngân Sơn, tỉnh Bắc Kạn", NEWS_2023, ""),
    (
        "723",
        "27",
        "Thành lập thị xã Thuận Thành và các phường thuộc thị xã Thuận Thành; thành lập thị xã Quế Võ và các phường thuộc thị xã Quế Võ, tỉnh Bắc Ninh",
        NEWS_2023,
        "",
    ),
    (
        "724",
        "83",
        "Thành lập thị trấn Tiên Thủy, thị trấn Phước Mỹ Trung và thị trấn Tiệm Tôm, tỉnh Bến Tre",
        PATCH_2023,
        COMPOSED,
    ),
    ("725", "74", "Thành lập thành phố Tân Uyên thuộc tỉnh Bình Dương", PATCH_2023, COMPOSED),
    ("726", "66", "Thành lập thị trấn Pơng Drang, tỉnh Đắk Lắk", PATCH_2023, COMPOSED),
    (
        "727",
        "49",
        "Thành lập các phường Điện Thắng Bắc, Điện Thắng Trung, Điện Thắng Nam, Điện Minh, Điện Phương và thị trấn Trung Phước, tỉnh Quảng Nam",
        PATCH_2023,
        COMPOSED,
    ),
    (
        "729",
        "19",
        "Thành lập thị trấn Hóa Thượng và thị trấn Quân Chu, tỉnh Thái Nguyên",
        PATCH_2023,
        COMPOSED + "; Quân Chu per hotfix_26April2023.sql",
    ),
    (
        "730",
        "26",
        "Thành lập thị trấn Kim Long thuộc huyện Tam Dương và thị trấn Tam Hồng thuộc huyện Yên Lạc, tỉnh Vĩnh Phúc",
        PATCH_2023,
        "",
    ),
]
STEPS.append(
    (
        "v1.0.4.1",
        [
            (
                act(
                    f"{n}/NQ-UBTVQH15",
                    title,
                    "2023-02-13",
                    "2023-04-10",
                    source=src,
                    note=note,
                ),
                {p},
            )
            for n, p, title, src, note in _B2023
        ],
    )
)
STEPS += [
    (
        "v2.0.0",
        [
            (
                act(
                    "938/NQ-UBTVQH15",
                    "Thành lập thị xã Việt Yên và các phường thuộc thị xã Việt Yên, tỉnh Bắc Giang",
                    "2023-12-13",
                    "2024-02-01",
                    source=read_tags.SOURCE_URL
                    + "/blob/v2.0.0/patch/938_939_NQ-UBTVQH15/938_939_NQ-UBTVQH15_patch.sql",
                    note="the source's patch for 938 and 939; 939 is Thiệu Hóa (its link), so Việt Yên is 938",
                ),
                {"24"},
            ),
            (
                act(
                    "939/NQ-UBTVQH15",
                    "Nhập xã Thiệu Phú vào thị trấn Thiệu Hóa, thành lập thị trấn Hậu Hiền thuộc huyện Thiệu Hóa, tỉnh Thanh Hóa",
                    "2023-12-13",
                    "2024-02-01",
                    source=TPL
                    + "Nghi-quyet-939-NQ-UBTVQH15-2023-nhap-xa-Thieu-Phu-vao-thi-tran-Thieu-Hoa-Thanh-Hoa-592292.aspx",
                ),
                {"38"},
            ),
        ],
    ),
    (
        "v2.0.1",
        [
            (
                act(
                    "1012/NQ-UBTVQH15",
                    "Thành lập thành phố Bến Cát và các phường thuộc thành phố Bến Cát, tỉnh Bình Dương",
                    "2024-03-19",
                    "2024-05-01",
                    source=read_tags.SOURCE_URL
                    + "/blob/v2.0.1/patch/1012_1013_NQ-UBTVQH15/1012_1013_NQ-UBTVQH15_patch.sql",
                    note="the source's patch for 1012 and 1013 changes Bến Cát and Gò Công; 1013 is Gò Công (its link), so Bến Cát is 1012",
                ),
                {"74"},
            ),
            (
                act(
                    "1013/NQ-UBTVQH15",
                    "Thành lập thành phố Gò Công và các phường thuộc thành phố Gò Công, tỉnh Tiền Giang",
                    "2024-03-19",
                    "2024-05-01",
                    source=TPL
                    + "Nghi-quyet-1013-NQ-UBTVQH15-2024-thanh-lap-cac-phuong-thuoc-thi-xa-Go-Cong-Tien-Giang-606022.aspx",
                ),
                {"82"},
            ),
        ],
    ),
    (
        "v2.1.0",
        [
            (
                act(
                    "1106/NQ-UBTVQH15",
                    "Sắp xếp đơn vị hành chính cấp xã của tỉnh Tuyên Quang giai đoạn 2023 - 2025",
                    "2024-07-23",
                    "2024-09-01",
                    source=TPL
                    + "Nghi-quyet-1106-NQ-UBTVQH15-2024-sap-xep-don-vi-hanh-chinh-cap-xa-Tuyen-Quang-619244.aspx",
                    confidence="medium",
                    note="the release also changes Nam Định and Sóc Trăng; the source names 1106 only, so those changes are attributed to it",
                ),
                ALL,
            )
        ],
    ),
    (
        "v2.2.0",
        [
            (
                act(
                    "1203/NQ-UBTVQH15",
                    "Sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2023 - 2025 (đợt các nghị quyết có hiệu lực 01/11/2024)",
                    "2024-09-28",
                    "2024-11-01",
                    source="https://thuvienphapluat.vn/banan/tin-tuc/nghi-quyet-ve-sap-xep-don-vi-hanh-chinh-tai-63-tinh-thanh-pho-giai-doan-20232025-11897",
                    confidence="low",
                    note="one release carries the resolutions of several provinces; the source names 1203 only; provinces: {provinces}",
                ),
                ALL,
            )
        ],
    ),
    (
        "v2.3.0",
        [
            (
                act(
                    "1240/NQ-UBTVQH15",
                    "Về việc sắp xếp đơn vị hành chính cấp xã của tỉnh Thái Nguyên giai đoạn 2023 - 2025",
                    "2024-10-24",
                    "2024-12-01",
                    source="https://thuviennhadat.vn/vbpl/nghi-quyet-1240-nq-ubtvqh15-2024-sa-p-xe-p-don-vi-ha-nh-chi-nh-ca-p-xa-cu-a-tinh-thai-nguyen-629959.html",
                    note="dates from the text's header; the source carries it in its release of 2025-01-01",
                ),
                {"19"},
            ),
            (
                act(
                    "1255/NQ-UBTVQH15",
                    "Về việc sắp xếp đơn vị hành chính cấp xã của tỉnh Bắc Ninh giai đoạn 2023 - 2025",
                    "2024-10-24",
                    "2024-12-01",
                    source="https://thuviennhadat.vn/vbpl/nghi-quyet-1255-nq-ubtvqh15-2024-sap-xe-p-don-vi-ha-nh-chi-nh-ca-p-xa-tinh-bac-ninh-630164.html",
                    note="dates from the text's header; the source carries it in its release of 2025-01-01",
                ),
                {"27"},
            ),
            (
                act(
                    "1282/NQ-UBTVQH15",
                    "Về việc sắp xếp đơn vị hành chính cấp xã của tỉnh Phú Thọ giai đoạn 2023 - 2025",
                    "2024-11-14",
                    "2025-01-01",
                    source="https://baophutho.vn/phu-tho-sap-nhap-nhieu-don-vi-hanh-chinh-cap-xa-giai-doan-2023-2025-223186.htm",
                ),
                {"25"},
            ),
            (
                act(
                    "1278/NQ-UBTVQH15",
                    "Về việc sắp xếp đơn vị hành chính cấp xã của Thành phố Hồ Chí Minh giai đoạn 2023 - 2025",
                    "2024-11-14",
                    "2025-01-01",
                    source="https://datafiles.chinhphu.vn/cpp/files/vbpq/2024/11/1278-15.signed.pdf",
                    note="number, title and dates as a public data file citing this PDF gives them; codes as the source corrected them in v2.4.0",
                ),
                {"79"},
            ),
            (
                act(
                    "1314/NQ-UBTVQH15",
                    "Về việc sắp xếp đơn vị hành chính cấp huyện, cấp xã của thành phố Huế giai đoạn 2023 - 2025",
                    "2024-11-30",
                    "2025-01-01",
                    source=TPL
                    + "Nghi-quyet-1314-NQ-UBTVQH15-2024-sap-xep-don-vi-hanh-chinh-cap-huyen-cap-xa-thanh-pho-Hue-634158.aspx",
                    confidence="medium",
                    note="signed date as the source's table gives it for its 1318 row, whose link is 1314",
                ),
                {"46"},
            ),
            (
                act(
                    "1318/NQ-UBTVQH15",
                    "Về việc sắp xếp đơn vị hành chính cấp huyện, cấp xã của tỉnh Ninh Bình giai đoạn 2023 - 2025",
                    "2024-11-30",
                    "2025-01-01",
                    source="https://nhandan.vn/ocop/nghi-quyet-ve-sap-xep-don-vi-hanh-chinh-cua-tinh-ninh-binh-post850408.html",
                    confidence="low",
                    note="1318 is Ninh Bình's resolution; the source's release of 2025-01-01 names no other act, so the changes of the other provinces it carries ({provinces}) are attributed to it here: their own resolutions of the 2023-2025 wave (Hà Nội's is 1286/NQ-UBTVQH15 per lineage.tsv, its dates not found) are not identified",
                ),
                ALL,
            ),
        ],
    ),
    (
        "v2.4.0",
        [
            (
                act(
                    "1280/NQ-UBTVQH15",
                    "Sắp xếp đơn vị hành chính cấp huyện, cấp xã của tỉnh Sơn La giai đoạn 2023 - 2025 (thành lập thị xã Mộc Châu)",
                    "2024-11-14",
                    "2025-02-01",
                    source="https://nongnghiep.vn/son-la-duy-tri-12-don-vi-cap-huyen-sau-sap-xep-d412834.html",
                    confidence="medium",
                    note="in force 2025-02-01 per issue 12; the source's release v2.4.0 carries it with 1365",
                ),
                {"14"},
            ),
            (
                act(
                    "1365/NQ-UBTVQH15",
                    "Thành lập thành phố Phú Mỹ và các phường thuộc thành phố Phú Mỹ, tỉnh Bà Rịa - Vũng Tàu",
                    "2025-01-15",
                    "2025-03-01",
                    source=TPL
                    + "Nghi-quyet-1365-NQ-UBTVQH15-2025-thanh-lap-cac-phuong-thuoc-thi-xa-Phu-My-Vung-Tau-640985.aspx",
                ),
                {"77"},
            ),
        ],
    ),
]
# v2.4.0 also corrects, in the provinces below, the 2025-01-01 wave as v2.3.0 had it; those
# corrections are folded into the 2025-01-01 step (its target is v2.4.1 there).
LATE_2025_01 = "v2.4.1"


def _lineage() -> dict[str, list[dict[str, str]]]:
    with (DATA / "lineage.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    by: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by[r["effective"]].append(r)
    return by


def diff_changes(
    before: dict[str, replay.Unit],
    after: dict[str, replay.Unit],
    hints: list[dict[str, str]],
) -> dict[str, list[dict[str, Any]]]:
    """Changes per province from ``before`` to ``after`` (three-tier), merge targets from hints."""
    removed = sorted(before.keys() - after.keys())
    added = sorted(after.keys() - before.keys())
    into: dict[str, list[str]] = defaultdict(list)
    whole: dict[str, bool] = {}
    for h in hints:
        s, t = h["source"], h["target"]
        if h["kind"] in ("merge", "split") and s in removed and t in after and s != t:
            into[s].append(t)
            whole[s] = h["whole"] == "1"
    # a new unit formed from part of one that goes on (a district split off another)
    carved: dict[str, list[str]] = defaultdict(list)
    for h in hints:
        s_, t = h["source"], h["target"]
        if h["kind"] == "split" and t in added and s_ in before and s_ in after:
            carved[t].append(s_)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    absorbed: dict[str, list[str]] = defaultdict(list)
    splits: list[str] = []
    for s in removed:
        targets = sorted(set(into.get(s, [])))
        if len(targets) == 1:
            absorbed[targets[0]].append(s)
        elif targets:
            splits.append(s)
            for t in targets:
                absorbed[t].append(s)
        else:
            out[province_of(before, s)].append(
                {"event": "abolish", "code": s, "note": "successor not known to the lineage"}
            )
    for s in splits:
        out[province_of(before, s)].append(
            {"event": "split", "code": s, "into": sorted(set(into[s]))}
        )
    codes = sorted(
        set(added)
        | set(absorbed)
        | {c for c in before.keys() & after.keys() if before[c] != after[c]},
        key=lambda c: (len(c), c),
    )
    for c in codes:
        new = after[c]
        old = before.get(c)
        ch: dict[str, Any] = {"code": c}
        srcs = absorbed.get(c, [])
        if old is None:
            ch["event"] = "merge" if srcs or carved.get(c) else "create"
        elif srcs:
            ch["event"] = "merge"
        elif old.kind != new.kind:
            ch["event"] = "retype"
        elif old.parent != new.parent:
            ch["event"] = "reparent"
        elif replay.spelling_key(old.name) != replay.spelling_key(new.name):
            ch["event"] = "rename"
        else:
            continue  # name_en or spelling only: a source convention, not an act
        if old is None or old.kind != new.kind:
            ch["kind"] = new.kind
        if old is None or old.name != new.name:
            ch["name"] = new.name
            ch["name_en"] = new.name_en
        if old is None or old.parent != new.parent:
            ch["parent"] = new.parent
        whole_srcs = [s for s in srcs if s not in splits]
        part_srcs = [s for s in srcs if s in splits] + sorted(carved.get(c, []))
        if whole_srcs:
            ch["sources"] = ([c] if old is not None else []) + whole_srcs
        if part_srcs:
            ch["parts"] = part_srcs
        out[province_of(after, c)].append(ch)
    return out


def overlay(
    state: dict[str, replay.Unit], tag: dict[str, replay.Unit], provinces: set[str]
) -> dict[str, replay.Unit]:
    """``state`` with the units of ``provinces`` taken from ``tag``."""
    keep = {c: u for c, u in state.items() if province_of(state, c) not in provinces}
    keep.update({c: u for c, u in tag.items() if province_of(tag, c) in provinces})
    return keep


def provinces_changed(before: dict[str, replay.Unit], after: dict[str, replay.Unit]) -> set[str]:
    out = set()
    for c in before.keys() | after.keys():
        if before.get(c) != after.get(c):
            s = after if c in after else before
            out.add(province_of(s, c))
    return out


def _finish(
    meta: dict[str, Any], changes: list[dict[str, Any]], provinces: set[str]
) -> dict[str, Any]:
    a = dict(meta)
    if "note" in a:
        a["note"] = a["note"].format(provinces=", ".join(sorted(provinces)))
    a["changes"] = changes
    return a


def build_three_tier(
    tags: dict[str, dict[str, replay.Unit]], baseline: dict[str, replay.Unit]
) -> tuple[list[dict[str, Any]], dict[str, replay.Unit]]:
    lineage = _lineage()
    hints = lineage["2025-01-01"]
    state = dict(baseline)
    acts: list[dict[str, Any]] = []
    for tag, step in STEPS:
        target_tag = tags[tag]
        if tag == "v2.3.0":
            # the wave of 2025-01-01 as corrected up to v2.4.1, outside Sơn La and Bà Rịa - Vũng
            # Tàu, whose v2.4.0 changes are the acts 1280 and 1365 of the next step
            late, early, held = tags[LATE_2025_01], tags["v2.3.0"], {"14", "77"}
            target_tag = {c: u for c, u in late.items() if province_of(late, c) not in held}
            target_tag.update({c: u for c, u in early.items() if province_of(early, c) in held})
            changed = provinces_changed(state, target_tag)
        else:
            changed = provinces_changed(state, target_tag)
        claimed = set().union(*(p for _, p in step if p is not None))
        for meta, provinces in step:
            wanted = (changed - claimed) if provinces is None else (provinces & changed)
            if not wanted:
                continue
            target = overlay(state, target_tag, wanted)
            per = diff_changes(state, target, hints)
            changes = [ch for p in sorted(per) for ch in per[p]]
            if not changes:
                continue
            a = _finish(meta, changes, wanted)
            state = replay.replay(state, [a])
            acts.append(a)
    return acts, state


# Areas and populations the act states for the resulting unit, as quoted from its text by the
# page named; only figures read there (the 2025 Government proposals' figures are not written).
STATED: dict[tuple[str, str], tuple[float, int, str]] = {
    ("1280/NQ-UBTVQH15", "123"): (
        1072.09,
        148259,
        "https://doanhnghiepkinhtexanh.vn/tag/thi-xa-moc-chau.html",
    ),
    ("1282/NQ-UBTVQH15", "07894"): (
        2.87,
        29196,
        "https://baophutho.vn/phu-tho-sap-nhap-nhieu-don-vi-hanh-chinh-cap-xa-giai-doan-2023-2025-223186.htm",
    ),
    ("1282/NQ-UBTVQH15", "07906"): (
        4.16,
        13403,
        "https://baophutho.vn/phu-tho-sap-nhap-nhieu-don-vi-hanh-chinh-cap-xa-giai-doan-2023-2025-223186.htm",
    ),
    ("1282/NQ-UBTVQH15", "08044"): (
        35.75,
        14530,
        "https://baophutho.vn/phu-tho-sap-nhap-nhieu-don-vi-hanh-chinh-cap-xa-giai-doan-2023-2025-223186.htm",
    ),
    ("1318/NQ-UBTVQH15", "374"): (
        150.24,
        238209,
        "https://nhandan.vn/ocop/nghi-quyet-ve-sap-xep-don-vi-hanh-chinh-cua-tinh-ninh-binh-post850408.html",
    ),
}


def add_stated(acts: list[dict[str, Any]]) -> None:
    found = set()
    for a in acts:
        for ch in a["changes"]:
            key = (a["number"], ch.get("to", ch["code"]))
            if key in STATED:
                area, people, url = STATED[key]
                ch["area_km2"], ch["population"] = area, people
                ch["note"] = (
                    ch.get("note", "") + "; " if "note" in ch else ""
                ) + f"area and population as the text states them, quoted by {url}"
                found.add(key)
    missing = set(STATED) - found
    if missing:
        raise SystemExit(f"STATED names changes the log does not have: {sorted(missing)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gitdir", type=Path)
    args = ap.parse_args(argv)
    names = read_tags.list_tags(args.gitdir)
    tags = normalise({t: clean_state(read_tags.read_tag(args.gitdir, t)) for t in names})
    baseline = make_baseline(tags)
    write_baseline(baseline, args.gitdir)
    acts, state = build_three_tier(tags, baseline)
    acts += build_reform(tags, state)
    acts += build_2026(tags, replay.replay(baseline, acts))
    add_stated(acts)
    write_acts(acts)
    write_manifest_entries(args.gitdir, names)
    print(f"{len(acts)} acts, {sum(len(a['changes']) for a in acts)} changes")
    return 0


ISLANDS = ("318", "471", "498", "536", "755")  # island districts without communes


def normalise(tags: dict[str, dict[str, replay.Unit]]) -> dict[str, dict[str, replay.Unit]]:
    """The tags with the source's corrections carried back and its policy changes undone.

    Not acts: the code fix 11353 -> 11344 and the spelling fixes of RENAMES_FROM apply to every
    earlier tag; the island districts without communes, which the source drops from v2.0.0 to
    v2.4.1, are put back (they were districts until 2025-07-01, as units.tsv has them).
    """
    order = list(tags)
    out: dict[str, dict[str, replay.Unit]] = {}
    for i, tag in enumerate(order):
        st = dict(tags[tag])
        for old, new in RECODES.items():
            if old in st:
                st[new] = st.pop(old)._replace(code=new)
        for code, fixed in RENAMES_FROM.items():
            if code in st and i < order.index(fixed):
                u = tags[fixed][code]
                st[code] = st[code]._replace(name=u.name, name_en=u.name_en)
        if st.get("01", replay.Unit("", "", "", "", "")).kind and len(st) > 5000:
            for code in ISLANDS:
                if code not in st:
                    st[code] = tags["v1.0.0"][code]
        out[tag] = st
    return out


def write_manifest_entries(gitdir: Path, names: list[str]) -> None:
    """The entries MANIFEST.json needs for the files written here (this script may not edit it).

    Written to tools/acts/manifest_entries.json: an ``other_files`` block keyed like the
    manifest's, and the source's tags with their commits.
    """
    import hashlib

    entries = {}
    for path in sorted(OUT.iterdir()):
        if path.suffix in (".tsv", ".toml"):
            entries[f"units/data/acts/{path.name}"] = {
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "source": f"{read_tags.SOURCE_URL} (MIT), release tags read by tools/acts/read_tags.py; "
                "links from units/data/lineage.tsv; see units/data/acts/README.md",
            }
    doc = {
        "other_files": entries,
        "acts_source": {
            "repository": read_tags.SOURCE_URL,
            "licence": "MIT",
            "tags": {t: read_tags.tag_commit(gitdir, t) for t in names},
        },
    }
    out = Path(__file__).resolve().parent / "manifest_entries.json"
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def make_baseline(tags: dict[str, dict[str, replay.Unit]]) -> dict[str, replay.Unit]:
    return dict(tags["v1.0.0"])


def write_baseline(base: dict[str, replay.Unit], gitdir: Path) -> None:
    commit = read_tags.tag_commit(gitdir, "v1.0.0")
    head = [
        "# qcdc unit baseline: the state in force on 2021-11-01 (after 387/NQ-UBTVQH15)",
        f"# source: {read_tags.SOURCE_URL} tag v1.0.0 (commit {commit}), {read_tags.SQL_PATH}",
        "# corrections from the source's later releases (not acts): whitespace; code 11353 -> 11344",
        "# (hotfix_26April2023.sql); names of 00916, 31246 (v2.4.1). Licence MIT.",
        "# as_of: 2021-11-01",
        "\t".join(replay.Unit._fields),
    ]
    rows = ["\t".join(u) for u in sorted(base.values(), key=lambda u: (len(u.code), u.code))]
    (OUT / "baseline.tsv").write_text("\n".join(head + rows) + "\n", encoding="utf-8")


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


ACT_ORDER = [
    "number",
    "title",
    "issuer",
    "signed",
    "in_force",
    "source",
    "read",
    "confidence",
    "note",
]
CHANGE_ORDER = [
    "event",
    "code",
    "to",
    "kind",
    "name",
    "name_en",
    "parent",
    "sources",
    "parts",
    "into",
    "clause",
    "area_km2",
    "population",
    "note",
]


def write_acts(acts: list[dict[str, Any]]) -> None:
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in acts:
        by_year[a["in_force"].year].append(a)
    for old in OUT.glob("*.toml"):
        old.unlink()
    for year in range(2021, max(by_year) + 1):
        items = by_year.get(year, [])
        lines = [
            f"# Acts in force in {year}. Format: README.md beside this file. Written by tools/acts/build.py.",
            "",
        ]
        if not items:
            lines.append(
                "# None after the baseline (2021-11-01): 469/NQ-UBTVQH15 is the next, in 2022."
            )
            lines.append("")
        for a in items:
            lines.append("[[acts]]")
            lines += [f"{k} = {_toml_value(a[k])}" for k in ACT_ORDER if k in a]
            for ch in a["changes"]:
                lines.append("  [[acts.changes]]")
                lines += [f"  {k} = {_toml_value(ch[k])}" for k in CHANGE_ORDER if k in ch]
            lines.append("")
        (OUT / f"{year}.toml").write_text("\n".join(lines), encoding="utf-8")


# The 2025-07-01 reform: province -> (commune resolution, where its number was read).
RESOLUTIONS_2025: dict[str, str] = {
    "91": "1654",
    "96": "1655",
    "01": "1656",
    "04": "1657",
    "24": "1658",
    "48": "1659",
    "66": "1660",
    "11": "1661",
    "75": "1662",
    "82": "1663",
    "52": "1664",
    "42": "1665",
    "33": "1666",
    "56": "1667",
    "92": "1668",
    "31": "1669",
    "12": "1670",
    "68": "1671",
    "20": "1672",
    "15": "1673",
    "37": "1674",
    "46": "1675",
    "25": "1676",
    "51": "1677",
    "40": "1678",
    "22": "1679",
    "44": "1680",
    "14": "1681",
    "80": "1682",
    "19": "1683",
    "08": "1684",
    "79": "1685",
    "38": "1686",
    "86": "1687",
}
# The table of the 34 resolutions with the Government portal's signed PDFs, as the tinhthanhvn
# package (MIT) lists it; 19 of the 34 pairs were also read on separate pages (lineage.tsv's
# basis column, provincial and press pages), all agreeing.
PDF_2025 = "https://datafiles.chinhphu.vn/cpp/files/vbpq/2025/6/{n}-nq.signed.pdf"
# Links of lineage.tsv that the resolution texts contradict, as issue 12 read them clause by
# clause (not re-read here): (source, target) -> (whole, clause) to set, or None to drop.
LINK_FIXES: dict[tuple[str, str], tuple[str, str] | None] = {
    # Xã Văn Khê (Mê Linh) also gives part of its area to Xã Ô Diên
    ("09013", "09817"): ("0", "1656/NQ-UBTVQH15, Điều 1, khoản 107"),
    # the whole of Thị trấn Thủ Thừa goes to Xã Thủ Thừa, none to Nhựt Tảo
    ("28036", "28036"): ("1", "1682/NQ-UBTVQH15, Điều 1, khoản 20"),
    ("28036", "28087"): None,
}


def fixed_edges(
    edges: list[dict[str, str]],
) -> tuple[list[dict[str, str]], dict[tuple[str, str], str]]:
    """The 2025-07-01 edges with LINK_FIXES applied, and the clause of each fixed edge."""
    out, clauses, seen = [], {}, set()
    for e in edges:
        key = (e["source"], e["target"])
        if key in LINK_FIXES:
            fix = LINK_FIXES[key]
            seen.add(key)
            if fix is None:
                continue
            e = {**e, "whole": fix[0]}
            clauses[key] = fix[1]
        out.append(e)
    for key, fix in LINK_FIXES.items():
        if key not in seen and fix is not None:
            out.append(
                {
                    "effective": "2025-07-01",
                    "kind": "merge",
                    "source": key[0],
                    "target": key[1],
                    "whole": fix[0],
                }
            )
            clauses[key] = fix[1]
    return out, clauses


# Where the source's code of a 2025 unit differs from the one lineage.tsv and units.tsv use, the
# log follows lineage.tsv (its links are keyed by it); verify.py lists the difference.
LINEAGE_CODES = {"06978": "06970"}  # Xã Ba Chẽ (Quảng Ninh): source 06978, lineage 06970; unsettled
RENAMES_2025 = {"00745": "v4.0.0"}  # Xã Phó Bảng -> Phố Bảng, the source's correction in v4.0.0
LIST_2025 = "https://thuviennhadat.vn/phap-luat/tai-file-toan-bo-34-nghi-quyet-sap-xep-don-vi-hanh-chinh-cap-xa-nam-2025-685791.html"


def build_reform(
    tags: dict[str, dict[str, replay.Unit]], state: dict[str, replay.Unit]
) -> list[dict[str, Any]]:
    """The acts of 2025-07-01: provinces (202/2025/QH15), communes (34 resolutions), districts."""
    target = dict(tags["v3.0.2"])
    for code, fixed in RENAMES_2025.items():
        target[code] = target[code]._replace(
            name=tags[fixed][code].name, name_en=tags[fixed][code].name_en
        )
    for theirs, ours in LINEAGE_CODES.items():
        target[ours] = target.pop(theirs)._replace(code=ours)
    edges, clauses = fixed_edges(_lineage()["2025-07-01"])
    into: dict[str, list[dict[str, str]]] = defaultdict(list)
    for e in edges:
        into[e["target"]].append(e)
    acts: list[dict[str, Any]] = []
    # provinces
    prov_changes = []
    for p in sorted(c for c, u in target.items() if replay.LEVEL[u.kind] == 1):
        srcs = sorted(e["source"] for e in into[p] if len(e["source"]) == 2)
        new, old = target[p], state.get(p)
        ch: dict[str, Any] = {"event": "merge" if srcs != [p] else "rename", "code": p}
        if old is not None and old.kind != new.kind:
            ch["kind"] = new.kind
        if old is None or old.name != new.name:
            ch["name"], ch["name_en"] = new.name, new.name_en
        if srcs != [p]:
            ch["sources"] = srcs
        elif len(ch) == 2:
            continue
        prov_changes.append(ch)
    acts.append(
        {
            **act(
                "202/2025/QH15",
                "Nghị quyết về việc sắp xếp đơn vị hành chính cấp tỉnh",
                "2025-06-12",
                "2025-07-01",
                issuer="QH15",
                source="https://www.nso.gov.vn/default/2025/07/quyet-dinh-ban-hanh-bang-danh-muc-va-ma-so-cac-don-vi-hanh-chinh-viet-nam/",
                note="sources from lineage.tsv (2025-07-01); names and kinds from the source's tag v3.0.2",
            ),
            "changes": prov_changes,
        }
    )
    # communes, one resolution per new province
    districts = {c for c, u in state.items() if replay.LEVEL[u.kind] == 2}
    per_prov: dict[str, list[dict[str, Any]]] = defaultdict(list)
    partial_targets: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e["kind"] == "merge" and e["whole"] != "1" and len(e["source"]) == 5:
            partial_targets[e["source"]].add(e["target"])
    for c in sorted(c for c, u in target.items() if replay.LEVEL[u.kind] == 3):
        new, old = target[c], state.get(c)
        es = into[c]
        recode = [e["source"] for e in es if e["source"] in districts]
        whole = sorted(
            e["source"] for e in es if e["whole"] == "1" and e["source"] not in districts
        )
        part = sorted(e["source"] for e in es if e["whole"] != "1" and e["source"] not in districts)
        ch = {"code": c}
        if recode:
            ch = {"event": "recode", "code": recode[0], "to": c}
        elif old is not None and whole == [c] and not part:
            ch["event"] = "reparent"
        elif old is None and not whole and not part:
            ch["event"] = "create"
        else:
            ch["event"] = "merge"
        if old is None or old.kind != new.kind:
            ch["kind"] = new.kind
        if old is None or old.name != new.name:
            ch["name"], ch["name_en"] = new.name, new.name_en
        ch["parent"] = new.parent
        if whole and ch["event"] == "merge":
            ch["sources"] = whole
        if part:
            ch["parts"] = part
        cited = sorted({clauses[(s_, c)] for s_ in whole + part if (s_, c) in clauses})
        if cited:
            ch["clause"] = "; ".join(x.split(", ", 1)[1] for x in cited)
            ch["note"] = "link corrected against the resolution text as read in issue 12"
        per_prov[new.parent].append(ch)
    ends = {s for s in partial_targets if s not in target}
    for s in sorted(ends):
        tgts = sorted(partial_targets[s])
        home = max(target[t].parent for t in tgts)
        per_prov[home].append({"event": "split", "code": s, "into": tgts})
    covered = {e["source"] for e in edges}
    for c, u in sorted(state.items()):
        if replay.LEVEL[u.kind] == 3 and c not in target and c not in covered:
            home = province_of(state, c)
            per_prov[home].append(
                {"event": "abolish", "code": c, "note": "not in the lineage of 2025-07-01"}
            )
    for p in sorted(per_prov):
        number = RESOLUTIONS_2025[p]
        name = target[p].name
        title = f"Về việc sắp xếp các đơn vị hành chính cấp xã của {name[0].lower() + name[1:]} năm 2025"
        meta = act(
            f"{number}/NQ-UBTVQH15",
            title,
            "2025-06-16",
            "2025-07-01",
            source=PDF_2025.format(n=number),
            note="links from lineage.tsv (2025-07-01, with LINK_FIXES); names and kinds from the source's tag v3.0.2",
        )
        acts.append({**meta, "changes": per_prov[p]})
    # districts
    recoded = {ch["code"] for p in per_prov for ch in per_prov[p] if ch["event"] == "recode"}
    acts.append(
        {
            **act(
                "203/2025/QH15",
                "Nghị quyết sửa đổi, bổ sung một số điều của Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam (không tổ chức cấp huyện)",
                "2025-06-16",
                "2025-07-01",
                issuer="QH15",
                source=LIST_2025,
                confidence="high",
            ),
            "changes": [
                {"event": "abolish", "code": d}
                for d in sorted(districts - recoded, key=lambda c: (len(c), c))
            ],
        }
    )
    return acts


def build_2026(
    tags: dict[str, dict[str, replay.Unit]], state: dict[str, replay.Unit]
) -> list[dict[str, Any]]:
    """Đồng Nai becomes a centrally-run city (v3.1.0); Quảng Ninh and Bắc Ninh (in no tag) too."""
    target = overlay(state, tags["v3.1.0"], {"75"})
    per = diff_changes(state, target, [])
    city = [ch for ch in per["75"] if ch["code"] == "75"]
    wards = [ch for ch in per["75"] if ch["code"] != "75"]
    tvpl = "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/"
    return [
        {
            **act(
                "30/2026/QH16",
                "Nghị quyết thành lập thành phố Đồng Nai trực thuộc trung ương",
                "2026-04-14",
                "2026-04-30",
                issuer="QH16",
                source=tvpl + "Nghi-quyet-30-2026-QH16-thanh-lap-thanh-pho-Dong-Nai-703888.aspx",
            ),
            "changes": city,
        },
        {
            **act(
                "237/NQ-UBTVQH16",
                "Thành lập các phường thuộc thành phố Đồng Nai",
                "2026-04-14",
                "2026-04-30",
                issuer="UBTVQH16",
                source=tvpl
                + "Nghi-quyet-237-NQ-UBTVQH16-2026-thanh-lap-10-phuong-thuoc-tinh-Dong-Nai-702513.aspx",
            ),
            "changes": wards,
        },
    ] + [
        {
            **act(
                number,
                f"Nghị quyết thành lập thành phố {name} trực thuộc trung ương",
                None,
                in_force,
                issuer="QH16",
                source="https://danhmuchanhchinh.nso.gov.vn/",
                confidence="low",
                note="in no tag of the source: number and day in force as issue 12 gives them (the statistics "
                "office's list of 2026-09-20, not read here); the day signed is not known; the name follows "
                "Thành phố Đồng Nai" + extra,
            ),
            "changes": [
                {
                    "event": "retype",
                    "code": code,
                    "kind": "MUNICIPALITY",
                    "name": f"Thành phố {name}",
                    "name_en": f"{name_en} City",
                }
            ],
        }
        for number, code, name, name_en, in_force, extra in (
            ("36/2026/QH16", "22", "Quảng Ninh", "Quang Ninh", "2026-09-01", ""),
            (
                "39/2026/QH16",
                "24",
                "Bắc Ninh",
                "Bac Ninh",
                "2026-09-20",
                "; the communes' changes of 388/NQ-UBTVQH16 (same day) are not in the log",
            ),
        )
    ]


if __name__ == "__main__":
    sys.exit(main())
