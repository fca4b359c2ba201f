"""Remap a column of unit codes on Spark: the lookup table is built once on the driver,
broadcast to the executors, and each Arrow batch is converted by a plain pandas function.

Run it as a script (``spark-submit remap_spark.py`` or ``python remap_spark.py``); the
session starts under ``if __name__ == "__main__":``, so the file can be imported too.
Needs ``pyspark`` (and Java), pandas and pyarrow on the driver and on every executor, and
qcdc installed on the executors too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pandas as pd

import qcdc.pandas


def remap_batches(
    frames: Iterator[pd.DataFrame], conv: qcdc.pandas.ColumnConverter, column: str
) -> Iterator[pd.DataFrame]:
    """What ``mapInPandas`` calls on each partition: every batch with the three new columns
    (plain strings, ``categorical=False``: Spark's ``string`` columns)."""
    for frame in frames:
        yield conv(frame, column, categorical=False)


def remap(sdf: Any, column: str, *, on: dt.date, to: dt.date) -> Any:
    """The Spark DataFrame ``sdf`` with ``{column}_new``, ``{column}_new_name`` and
    ``{column}_status`` (lazily, like any Spark transformation)."""
    from pyspark.sql.types import StringType, StructField, StructType

    conv = sdf.sparkSession.sparkContext.broadcast(qcdc.pandas.converter(on=on, to=to))
    new = (f"{column}_new", f"{column}_new_name", f"{column}_status")
    schema = StructType([*sdf.schema.fields, *(StructField(n, StringType()) for n in new)])
    # the lambda runs on the executors: each reads the broadcast table once
    return sdf.mapInPandas(lambda frames: remap_batches(frames, conv.value, column), schema)


if __name__ == "__main__":
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master("local[2]").appName("qcdc-remap").getOrCreate()
    survey = spark.createDataFrame(
        [(1, "00001"), (2, "00004"), (3, "00007"), (4, "26740")], "id long, commune string"
    )
    out = remap(survey, "commune", on=dt.date(2021, 12, 17), to=dt.date(2025, 7, 1))
    out.orderBy("id").show(truncate=False)
    spark.stop()
