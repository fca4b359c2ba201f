"""Read the unit list of every release tag of thanglequoc/vietnamese-provinces-database.

Usage::

    python tools/acts/read_tags.py GIT_DIR [--out DIR] [TAG ...]

GIT_DIR is a clone (bare or not) of https://github.com/thanglequoc/vietnamese-provinces-database.
For each tag (all ``v*`` tags by default, in version order) the data file is read with
``git show TAG:PATH`` -- ``postgresql/ImportData_vn_units.sql`` where the tag has it, else the
``json/full_json_generated_data_vn_units*.json`` export -- and, with ``--out``, written as
``DIR/TAG.tsv`` (code, kind, name, name_en, parent).  Nothing is fetched from the network.

Kinds are the names of ``qcdc.units.model.UnitKind``, mapped from the Vietnamese full name of the
source's ``administrative_units`` row (its ids changed meaning at v3.0.0, its names did not).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

SOURCE_URL = "https://github.com/thanglequoc/vietnamese-provinces-database"
SQL_PATH = "postgresql/ImportData_vn_units.sql"
JSON_PREFIX = "json/full_json_generated_data_vn_units"

KIND_BY_VIETNAMESE = {
    "thành phố trực thuộc trung ương": "MUNICIPALITY",
    "tỉnh": "PROVINCE",
    "thành phố thuộc thành phố trực thuộc trung ương": "MUNICIPAL_CITY",
    "thành phố thuộc tỉnh": "PROVINCIAL_CITY",
    "quận": "URBAN_DISTRICT",
    "thị xã": "DISTRICT_TOWN",
    "huyện": "RURAL_DISTRICT",
    "phường": "WARD",
    "thị trấn": "TOWNSHIP",
    "xã": "COMMUNE",
    "đặc khu tại hải đảo": "SPECIAL_ZONE",
    "đặc khu": "SPECIAL_ZONE",
}

COLUMNS = ("code", "kind", "name", "name_en", "parent")


class Row(NamedTuple):
    code: str
    kind: str
    name: str
    name_en: str
    parent: str


def git(gitdir: Path, *args: str) -> str:
    done = subprocess.run(["git", "--git-dir", str(gitdir), *args], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def _version_key(tag: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", tag))


def list_tags(gitdir: Path) -> list[str]:
    tags = [t for t in git(gitdir, "tag", "-l", "v*").split() if re.fullmatch(r"v[\d.]+", t)]
    return sorted(tags, key=_version_key)


def tag_commit(gitdir: Path, tag: str) -> str:
    return git(gitdir, "rev-parse", f"{tag}^{{commit}}").strip()


def data_path(gitdir: Path, tag: str) -> str:
    paths = git(gitdir, "ls-tree", "-r", "--name-only", tag).splitlines()
    if SQL_PATH in paths:
        return SQL_PATH
    found = sorted(p for p in paths if p.startswith(JSON_PREFIX) and p.endswith(".json"))
    if not found:
        raise SystemExit(f"{tag}: neither {SQL_PATH} nor {JSON_PREFIX}*.json")
    return found[0]


def _kind(vietnamese: str) -> str:
    key = vietnamese.strip().lower()
    if key not in KIND_BY_VIETNAMESE:
        raise SystemExit(f"unknown administrative unit {vietnamese!r}")
    return KIND_BY_VIETNAMESE[key]


_INSERT = re.compile(r"INSERT INTO\s+(\w+)\s*\(([^)]*)\)\s*VALUES", re.IGNORECASE)


def _sql_tuples(text: str, start: int) -> Iterator[list[str | int]]:
    """The value tuples of one INSERT statement, from ``start`` to its ``;``."""
    i, n = start, len(text)
    while i < n:
        c = text[i]
        if c == ";":
            return
        if c != "(":
            i += 1
            continue
        i += 1
        values: list[str | int] = []
        while True:
            while text[i] in " \t\r\n":
                i += 1
            if text[i] == "'":
                j, buf = i + 1, []
                while True:
                    if text[j] == "'" and text[j + 1 : j + 2] == "'":
                        buf.append("'")
                        j += 2
                    elif text[j] == "'":
                        break
                    else:
                        buf.append(text[j])
                        j += 1
                values.append("".join(buf))
                i = j + 1
            else:
                m = re.compile(r"[^,)\s]+").match(text, i)
                assert m is not None
                token = m.group(0)
                values.append(int(token) if token.lstrip("-").isdigit() else token)
                i = m.end()
            while text[i] in " \t\r\n":
                i += 1
            if text[i] == ",":
                i += 1
                continue
            if text[i] == ")":
                i += 1
                break
            raise SystemExit(f"bad SQL near {text[i - 40 : i + 40]!r}")
        yield values


def _sql_tables(text: str) -> dict[str, list[dict[str, str | int]]]:
    tables: dict[str, list[dict[str, str | int]]] = {}
    for m in _INSERT.finditer(text):
        cols = [c.strip().strip('"') for c in m.group(2).split(",")]
        rows = tables.setdefault(m.group(1).lower(), [])
        for values in _sql_tuples(text, m.end()):
            rows.append(dict(zip(cols, values, strict=True)))
    return tables


def rows_from_sql(text: str) -> list[Row]:
    tables = _sql_tables(text)
    unit_kind = {r["id"]: _kind(str(r["full_name"])) for r in tables["administrative_units"]}
    out: list[Row] = []
    for table, parent_col in (
        ("provinces", None),
        ("districts", "province_code"),
        ("wards", "district_code"),
    ):
        for r in tables.get(table, []):
            parent = r.get(parent_col or "", "") if parent_col else ""
            if table == "wards" and "district_code" not in r:
                parent = r["province_code"]
            out.append(
                Row(
                    str(r["code"]),
                    unit_kind[r["administrative_unit_id"]],
                    str(r["full_name"]),
                    str(r["full_name_en"]),
                    str(parent),
                )
            )
    return out


def rows_from_json(text: str) -> list[Row]:
    out: list[Row] = []

    def walk(node: dict[str, object], parent: str) -> None:
        code = str(node["Code"])
        out.append(
            Row(
                code,
                _kind(str(node["AdministrativeUnitFullName"])),
                str(node["FullName"]),
                str(node["FullNameEn"]),
                parent,
            )
        )
        for value in node.values():
            if isinstance(value, list):
                for child in value:
                    if isinstance(child, dict) and "Code" in child:
                        walk(child, code)

    for province in json.loads(text):
        walk(province, "")
    return out


def read_tag(gitdir: Path, tag: str) -> dict[str, Row]:
    path = data_path(gitdir, tag)
    text = git(gitdir, "show", f"{tag}:{path}")
    rows = rows_from_sql(text) if path.endswith(".sql") else rows_from_json(text)
    state: dict[str, Row] = {}
    for row in rows:
        if row.code in state and state[row.code] != row:
            raise SystemExit(f"{tag}: code {row.code} twice with different rows")
        state[row.code] = row
    return state


def write_tsv(path: Path, state: dict[str, Row]) -> None:
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(r) for r in sorted(state.values(), key=lambda r: (len(r.code), r.code))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_tsv(path: Path) -> dict[str, Row]:
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if ln and not ln.startswith("#")][1:]
    return {r.code: r for r in (Row(*ln.split("\t")) for ln in body)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gitdir", type=Path)
    ap.add_argument("tags", nargs="*")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    tags = args.tags or list_tags(args.gitdir)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for tag in tags:
        state = read_tag(args.gitdir, tag)
        counts: dict[str, int] = {}
        for r in state.values():
            counts[r.kind] = counts.get(r.kind, 0) + 1
        summary = " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        print(f"{tag}\t{tag_commit(args.gitdir, tag)}\t{data_path(args.gitdir, tag)}\t{summary}")
        if args.out:
            write_tsv(args.out / f"{tag}.tsv", state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
