"""Unit lists and crosswalks as CSV, JSON, SQLite or Parquet for services (behind
:mod:`qcdc.io`, whose docstring gives the SQLite schema; the Parquet schema is that of
:mod:`qcdc.arrow`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from qcdc._files import write_outputs
from qcdc._optional import require
from qcdc.errors import InputError
from qcdc.units._columns import (
    CROSSWALK_COLUMNS,
    UNIT_COLUMNS,
    arrow_table,
    crosswalk_columns,
    unit_columns,
)
from qcdc.units.gazetteer import Gazetteer
from qcdc.units.model import UnitLevel

__all__ = ["CROSSWALK_FIELDS", "UNIT_FIELDS", "export_crosswalk", "export_units", "read_codes"]

Format = Literal["csv", "json", "sqlite", "parquet"]

UNIT_FIELDS = (
    "code",
    "name",
    "kind",
    "level",
    "parent_code",
    "valid_from",
    "valid_to",
    "name_en",
)
CROSSWALK_FIELDS = (
    "source",
    "source_name",
    "target",
    "target_name",
    "whole",
    "default",
    "share",
    "status",
    "events",
    "basis",
    "area_share",
    "population_share",
)

_SCHEMA_UNITS = """
CREATE TABLE IF NOT EXISTS units (code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    level TEXT NOT NULL, parent_code TEXT, valid_from TEXT NOT NULL, valid_to TEXT,
    name_en TEXT);
CREATE INDEX IF NOT EXISTS units_code ON units (code);
CREATE INDEX IF NOT EXISTS units_dates ON units (valid_from, valid_to);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_SCHEMA_CROSSWALK = """
CREATE TABLE IF NOT EXISTS crosswalk (source TEXT NOT NULL, source_name TEXT NOT NULL,
    target TEXT, target_name TEXT, whole INTEGER NOT NULL, is_default INTEGER NOT NULL,
    share TEXT, status TEXT NOT NULL, events TEXT, basis TEXT,
    on_date TEXT NOT NULL, to_date TEXT NOT NULL, area_share TEXT, population_share TEXT);
CREATE INDEX IF NOT EXISTS crosswalk_source ON crosswalk (source, on_date);
CREATE INDEX IF NOT EXISTS crosswalk_target ON crosswalk (target, to_date);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _check_format(fmt: str) -> None:
    if fmt not in ("csv", "json", "sqlite", "parquet"):
        raise InputError(
            f"format must be csv, json, sqlite or parquet, got {fmt!r}", field="format"
        )


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)  # 1/0, as in the SQLite tables
    return value


def _write_rows(
    rows: Sequence[dict[str, Any]], fields: Sequence[str], fmt: Format, out: Path | IO[str]
) -> None:
    if fmt == "json":
        # JSON says "none" with null, not with an empty string
        data = [{k: (None if r.get(k) == "" else r.get(k)) for k in fields} for r in rows]
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    else:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _csv_value(r.get(k)) for k in fields})
        text = buf.getvalue()
    if isinstance(out, Path):
        out.write_text(text, encoding="utf-8")
    else:
        out.write(text)


def export_units(
    g: Gazetteer,
    on: dt.date | None,
    fmt: Format,
    out: Path | IO[str],
    *,
    level: UnitLevel | str | None = None,
    within: str | None = None,
) -> int:
    """Write the units in force on ``on`` — or, with ``on=None``, every unit record of
    every date (each with its ``valid_from``/``valid_to``), so that a service can look
    up a code on any date.  Returns the number of rows."""
    _check_format(fmt)
    if on is None:
        if within is not None:
            raise InputError("within= needs a date: give on=", field="within")
        lvl = UnitLevel.parse(level) if level is not None else None
        units = [u for u in g.records() if lvl is None or u.level is lvl]
    else:
        units = list(g.units(on=on, level=level, within=within))
    if fmt == "parquet":
        when = {"units_on": on.isoformat() if on is not None else "all"}
        table = arrow_table(unit_columns(units), UNIT_COLUMNS)
        _into_parquet(out, table, g, when)
        return len(units)
    rows = [u.to_record() for u in units]
    if fmt == "sqlite":
        if not isinstance(out, Path):
            raise InputError("the sqlite format needs a file path", field="out")

        def write_units(con: sqlite3.Connection) -> None:
            con.executescript(_SCHEMA_UNITS)
            columns = {row[1] for row in con.execute("PRAGMA table_info(units)")}
            if "name_en" not in columns:  # a table written by qcdc 0.1
                con.execute("ALTER TABLE units ADD COLUMN name_en TEXT")
            con.execute("DELETE FROM units")
            con.executemany(
                f"INSERT INTO units ({', '.join(UNIT_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r["code"],
                        r["name"],
                        r["kind"],
                        r["level"],
                        r["parent_code"] or None,
                        r["valid_from"],
                        r["valid_to"] or None,
                        r["name_en"] or None,
                    )
                    for r in rows
                ],
            )
            _meta(con, g, {"units_on": on.isoformat() if on is not None else "all"})

        _into_sqlite(out, write_units)
        return len(rows)
    _write_rows(rows, UNIT_FIELDS, fmt, out)
    return len(rows)


def export_crosswalk(
    g: Gazetteer,
    on: dt.date,
    to: dt.date,
    fmt: Format,
    out: Path | IO[str],
    *,
    level: UnitLevel | str | None = None,
) -> int:
    """Write the crosswalk from the units of ``on`` to those of ``to``; returns the rows."""
    _check_format(fmt)
    if fmt == "parquet":
        records = g.crosswalk(on=on, to=to, level=level)
        table = arrow_table(crosswalk_columns(records, on, to), CROSSWALK_COLUMNS)
        _into_parquet(
            out, table, g, {"crosswalk_on": on.isoformat(), "crosswalk_to": to.isoformat()}
        )
        return len(records)
    rows = [r.to_dict() for r in g.crosswalk(on=on, to=to, level=level)]
    if fmt == "sqlite":
        if not isinstance(out, Path):
            raise InputError("the sqlite format needs a file path", field="out")

        def write_crosswalk(con: sqlite3.Connection) -> None:
            con.executescript(_SCHEMA_CROSSWALK)
            # a file written before the share columns existed gets them (additive)
            have = {row[1] for row in con.execute("PRAGMA table_info(crosswalk)")}
            for column in ("area_share", "population_share"):
                if column not in have:
                    con.execute(f"ALTER TABLE crosswalk ADD COLUMN {column} TEXT")
            con.execute(
                "DELETE FROM crosswalk WHERE on_date = ? AND to_date = ?",
                (on.isoformat(), to.isoformat()),
            )
            con.executemany(
                "INSERT INTO crosswalk (source, source_name, target, target_name, whole, "
                "is_default, share, status, events, basis, on_date, to_date, area_share, "
                "population_share) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r["source"],
                        r["source_name"],
                        r["target"],
                        r["target_name"],
                        int(r["whole"]),
                        int(r["default"]),
                        r["share"],
                        r["status"],
                        r["events"],
                        r["basis"],
                        on.isoformat(),
                        to.isoformat(),
                        r["area_share"],
                        r["population_share"],
                    )
                    for r in rows
                ],
            )
            _meta(con, g, {"crosswalk_on": on.isoformat(), "crosswalk_to": to.isoformat()})

        _into_sqlite(out, write_crosswalk)
        return len(rows)
    _write_rows(rows, CROSSWALK_FIELDS, fmt, out)
    return len(rows)


def _into_sqlite(out: Path, write: Callable[[sqlite3.Connection], None]) -> None:
    """Write into the SQLite file ``out`` (one file may hold both tables), all or nothing:
    a copy of the existing file is changed, then renamed over it; a file that is not a
    SQLite database, or a path that cannot be one, is an :class:`~qcdc.errors.InputError`."""

    def into(tmp: Path) -> None:
        if out.is_file():
            shutil.copyfile(out, tmp)
        try:
            con = sqlite3.connect(tmp)
            try:
                with con:
                    write(con)
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            raise InputError(
                f"cannot write the SQLite file: {exc}",
                source=str(out),
                hint="name a new file, or an existing SQLite database written by qcdc",
            ) from None

    write_outputs({out: into})


def _into_parquet(out: Path | IO[str], table: Any, g: Gazetteer, extra: dict[str, str]) -> None:
    """Write the Arrow ``table`` as the Parquet file ``out`` (replaced whole, never
    half-written), with the data version and the dates in the file's metadata."""
    if not isinstance(out, Path):
        raise InputError(
            "the parquet format needs a file path", field="out", hint="give --out FILE.parquet"
        )
    pq = require("pyarrow.parquet", extra="arrow")
    values = {"qcdc_data_version": str(g.manifest.get("data_version", "user")), **extra}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **values})
    write_outputs({out: lambda tmp: pq.write_table(table, tmp)})


def _meta(con: sqlite3.Connection, g: Gazetteer, extra: dict[str, str]) -> None:
    values = {"qcdc_data_version": str(g.manifest.get("data_version", "user")), **extra}
    con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(values.items()))


def read_codes(lines: Iterable[str], *, source: str = "<input>") -> list[str]:
    """Codes from a text stream, one per line (blank lines and ``#`` comments skipped).

    A CSV with a header is accepted when its first column holds the codes.
    """
    out = []
    for i, raw in enumerate(lines, start=1):
        text = raw.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        first = text.split(",")[0].strip().strip('"')
        # str.isdigit also takes "²" and "٣": a code is ASCII digits only
        digits = first.isascii() and first.isdigit()
        if i == 1 and not digits:
            continue  # a header
        if not digits:
            shown = first if len(first) <= 80 else first[:79] + "…"
            raise InputError(
                f"expected a unit code of ASCII digits, got {shown!r}", source=source, row=i
            )
        out.append(first)
    return out
