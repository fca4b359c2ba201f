"""The docs' examples and the modules' docstrings are doctests; one whose optional
dependency (an extra) is not installed is skipped, and says which extra would run it."""

from __future__ import annotations

import importlib

import pytest

# file -> the modules its examples import, and how to install them
_NEEDS = {
    "duckdb-and-parquet.md": (
        ("duckdb", "pyarrow", "polars"),
        "pip install duckdb 'qcdc[arrow,polars]'",
    ),
    "dataframes.md": (("pandas", "polars", "pyarrow"), "pip install 'qcdc[pandas,polars,arrow]'"),
    "polars.py": (("polars",), "pip install 'qcdc[polars]'"),
    "arrow.py": (("pyarrow",), "pip install 'qcdc[arrow]'"),
}


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        needs = _NEEDS.get(item.path.name) if isinstance(item, pytest.DoctestItem) else None
        if needs is None:
            continue
        missing = [m for m in needs[0] if not _importable(m)]
        if missing:
            item.add_marker(
                pytest.mark.skip(reason=f"needs {', '.join(missing)} ({needs[1]}): not installed")
            )
