"""The Spark recipe of docs/howto/spark.md (docs/_examples/spark/remap_spark.py): its
partition function always (it is plain pandas), Spark itself when pyspark and Java are
installed here (issue 15)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

import qcdc

pd = pytest.importorskip(
    "pandas", reason="needs pandas: the pandas extra (pip install 'qcdc[pandas]') is not installed"
)

import qcdc.pandas  # noqa: E402

RECIPE = Path(__file__).resolve().parent.parent / "docs" / "_examples" / "spark" / "remap_spark.py"
D2021 = dt.date(2021, 12, 17)
D2025B = dt.date(2025, 7, 1)


def _recipe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("remap_spark", RECIPE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _codes() -> list[str]:
    return [u.code for u in qcdc.gazetteer().units(on=D2021, level="commune", within="01")]


def test_the_partition_function_gives_convert_columns_rows() -> None:
    """remap_batches over the batches of one partition = convert_column over the whole."""
    codes = _codes()
    df = pd.DataFrame({"id": range(len(codes)), "commune": codes})
    conv = qcdc.pandas.converter(on=D2021, to=D2025B)
    batches = [df.iloc[i : i + 100] for i in range(0, len(df), 100)]
    out = pd.concat(list(_recipe().remap_batches(iter(batches), conv, "commune")))
    expected = qcdc.pandas.convert_column(df, "commune", on=D2021, to=D2025B, categorical=False)
    pd.testing.assert_frame_equal(out, expected)
    assert out["commune_new"].tolist() == qcdc.gazetteer().convert(codes, on=D2021, to=D2025B)


def _spark_or_skip() -> ModuleType:
    pytest.importorskip(
        "pyspark", reason="needs pyspark (pip install pyspark, and Java): not installed here"
    )
    if shutil.which("java") is None:
        pytest.skip("needs Java for pyspark: no java on PATH here")
    import pyspark.sql

    return pyspark.sql


# pyspark 4.x warns that it does not fully support pandas 3 (the recipe's path works)
@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
def test_on_spark_with_map_in_pandas() -> None:
    """The recipe on a local Spark (two cores): every row converted as Gazetteer.convert."""
    sql = _spark_or_skip()
    pytest.importorskip("pyarrow", reason="needs pyarrow for Spark's mapInPandas")
    spark = (
        sql.SparkSession.builder.master("local[2]")
        .appName("qcdc-test")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        codes = _codes()
        sdf = spark.createDataFrame(list(enumerate(codes)), "id long, commune string")
        rows = _recipe().remap(sdf, "commune", on=D2021, to=D2025B).orderBy("id").collect()
    finally:
        spark.stop()
    assert [r["commune"] for r in rows] == codes
    g = qcdc.gazetteer()
    assert [r["commune_new"] for r in rows] == g.convert(codes, on=D2021, to=D2025B)
    assert {r["commune_status"] for r in rows} <= {"same", "merged", "split"}
