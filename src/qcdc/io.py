"""Load and dump: unit lists and crosswalks as CSV, JSON or SQLite for services (and as
Parquet with the ``arrow`` extra: ``--format parquet``, :mod:`qcdc.arrow`);
hamlet registries, merger plans and inspection case records as CSV; task files as TOML.

A service that stores commune codes can load the list in force on a date and
the crosswalk between two dates into its own database::

    qcdc units export --on 2025-07-01 --format sqlite --out units.db
    qcdc lineage crosswalk --on 2021-12-17 --to 2025-07-01 --format sqlite --out xwalk.db

SQLite schema (one file may hold both tables):

.. code-block:: sql

    CREATE TABLE units (code TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
                        level TEXT NOT NULL, parent_code TEXT, valid_from TEXT NOT NULL,
                        valid_to TEXT,                        -- dates ISO, valid_to NULL = in force
                        name_en TEXT);                        -- English name, NULL where unknown
    CREATE INDEX units_code ON units (code);
    CREATE INDEX units_dates ON units (valid_from, valid_to);
    CREATE TABLE crosswalk (source TEXT NOT NULL, source_name TEXT NOT NULL, target TEXT,
                            target_name TEXT, whole INTEGER NOT NULL, is_default INTEGER NOT NULL,
                            share TEXT, status TEXT NOT NULL, events TEXT, basis TEXT,
                            on_date TEXT NOT NULL, to_date TEXT NOT NULL);
    CREATE INDEX crosswalk_source ON crosswalk (source, on_date);
    CREATE INDEX crosswalk_target ON crosswalk (target, to_date);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

from __future__ import annotations

from qcdc.directives._toml import TaskFile, dump_tasks, embedded_tasks, load_tasks, loads_tasks
from qcdc.hamlets._csv import dump_hamlets, dump_lineage, dump_plan, load_hamlets, load_plan
from qcdc.inspection._csv import dump_cases, load_cases
from qcdc.units._export import (
    CROSSWALK_FIELDS,
    UNIT_FIELDS,
    export_crosswalk,
    export_units,
    read_codes,
)

__all__ = [
    "CROSSWALK_FIELDS",
    "UNIT_FIELDS",
    "TaskFile",
    "dump_cases",
    "dump_hamlets",
    "dump_lineage",
    "dump_plan",
    "dump_tasks",
    "embedded_tasks",
    "export_crosswalk",
    "export_units",
    "load_cases",
    "load_hamlets",
    "load_plan",
    "load_tasks",
    "loads_tasks",
    "read_codes",
]
