"""The notebooks in docs/ run from top to bottom without an error, offline, each cell in
under a minute (the docs build executes them too; issue 15). Skipped, saying so, when the
notebook tools or the libraries a notebook uses are not installed."""

from __future__ import annotations

from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
NOTEBOOKS = sorted(DOCS.rglob("*.ipynb"))
# notebook -> what it imports besides qcdc
NEEDS = {"remap-with-polars-and-duckdb.ipynb": ("polars", "pyarrow", "duckdb")}


def test_the_notebooks_are_known() -> None:
    assert NOTEBOOKS, "no notebook found under docs/"
    assert {p.name for p in NOTEBOOKS} == set(NEEDS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, tmp_path: Path) -> None:
    reason = "needs nbclient, nbformat and ipykernel (the docs extra) to run notebooks"
    nbformat = pytest.importorskip("nbformat", reason=reason)
    nbclient = pytest.importorskip("nbclient", reason=reason)
    pytest.importorskip("ipykernel", reason=reason)
    for module in NEEDS[path.name]:
        pytest.importorskip(module, reason=f"{path.name} needs {module}: not installed")
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "store notebooks without outputs: the build executes them"
    )
    client = nbclient.NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", ()) if o.output_type == "error"]
    assert errors == []
    texts = "".join(
        o.get("text", "") for c in nb.cells for o in c.get("outputs", ()) if "text" in o
    )
    assert "same totals both ways" in texts  # the last cell's check ran
