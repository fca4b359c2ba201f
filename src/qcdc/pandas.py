"""pandas helpers: remap a column of unit codes from one date to another.

Needs the ``pandas`` extra (``pip install "qcdc[pandas]"``).  The function works
on one frame at a time and keeps no state, so it also runs per partition with dask;
give dask the output's shape as ``meta`` (the function on an empty frame) and plain
columns (``categorical=False``: categories differ from partition to partition)::

    meta = convert_column(df.head(0), "code", on=on, to=to, categorical=False)
    ddf.map_partitions(convert_column, "code", on=on, to=to, categorical=False, meta=meta)

With the process scheduler, put the call under ``if __name__ == "__main__":`` in a
script (each worker process imports the script again).

>>> import datetime as dt
>>> import pandas as pd
>>> df = pd.DataFrame({"code": ["00001", "00004", None]})
>>> out = convert_column(df, "code", on=dt.date(2021, 12, 17), to=dt.date(2025, 7, 1))
>>> out["code_new"].tolist()[:2], out["code_new_name"].tolist()[:2], out["code_status"].tolist()
(['00097', '00004'], ['Phường Hồng Hà', 'Phường Ba Đình'], ['merged', 'merged', 'missing'])
>>> str(out["code_new"].dtype), list(df.columns)  # the input frame is untouched
('category', ['code'])
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from qcdc._optional import require
from qcdc._policy import policy
from qcdc.dates import as_date
from qcdc.errors import InputError, InvalidUnitCode, SplitConversion, UnknownUnit
from qcdc.units import UnitLevel, unit_code
from qcdc.units._lookup import table
from qcdc.units.gazetteer import Gazetteer
from qcdc.units.gazetteer import gazetteer as _embedded

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["convert_column"]


def convert_column(
    df: pd.DataFrame,
    column: str,
    *,
    on: dt.date,
    to: dt.date,
    on_split: Literal["default", "all", "raise", "error"] = "default",
    on_unknown: Literal["raise", "none"] = "raise",
    level: UnitLevel | None = None,
    gazetteer: Gazetteer | None = None,
    names: tuple[str, str, str] | None = None,
    categorical: bool = True,
) -> pd.DataFrame:
    """A new frame with the codes of ``column`` (as of ``on``) converted to the units of ``to``.

    Adds three columns (``names`` overrides them): ``{column}_new`` (the code, or a
    tuple of codes with ``on_split='all'``), ``{column}_new_name`` and
    ``{column}_status`` (``same``, ``merged``, ``split``, ``unresolved``; also
    ``missing`` for empty cells and ``unknown`` for codes not in force on ``on``
    when ``on_unknown='none'``).  The input frame is not modified.

    Each distinct code is resolved once and the new columns are ``category`` columns
    (``categorical=False`` for plain ``object`` columns; always object with
    ``on_split='all'``), so a million rows cost little more than one ``factorize``.
    Integers (codes whose leading zeros a spreadsheet dropped) are padded to the
    width of ``level``; without ``level`` they must already have 2, 3 or 5 digits.
    """
    pd_ = require("pandas")
    import numpy as np

    if not isinstance(df, pd_.DataFrame):
        kind = type(df).__module__.split(".")[0]
        hint = {
            "polars": "for a polars frame use qcdc.polars.convert: "
            'df.with_columns(qcdc.polars.convert(pl.col("code"), on=..., to=...))',
            "pyarrow": "for an Arrow table use qcdc.arrow.convert(table[column], on=..., to=...)",
        }.get(kind, "pass a pandas DataFrame (pd.DataFrame(...))")
        raise InputError(
            f"convert_column takes a pandas DataFrame, got {kind}.{type(df).__name__}",
            field="df",
            hint=hint,
        )
    if column not in df.columns:
        raise InputError(
            f"no column {column!r}; the frame has {', '.join(map(str, df.columns))}",
            field=column,
        )
    split_policy = policy(on_split, "on_split", ("default", "all", "raise"))
    unknown = policy(on_unknown, "on_unknown", ("raise", "none"))
    g = gazetteer if gazetteer is not None else _embedded()
    on_d, to_d = as_date(on, "on"), as_date(to, "to")
    backward = to_d < on_d
    code_col, name_col, status_col = names or (
        f"{column}_new",
        f"{column}_new_name",
        f"{column}_status",
    )
    series = df[column]
    codes, uniques = pd_.factorize(series, use_na_sentinel=True)
    n = len(uniques)
    # one slot per distinct value, and a last one for the empty cells: factorize marks
    # them -1, which numpy reads as the last slot, so the codes index the slots directly
    new_codes: list[Any] = [None] * (n + 1)
    new_names: list[Any] = [None] * (n + 1)
    statuses: list[Any] = [None] * (n + 1)
    statuses[n] = "missing"
    split: dict[str, tuple[str, ...]] = {}
    known = table(g, on_d, to_d)  # the units of `on`, answered once per gazetteer and dates
    rows = known.index
    for i, raw in enumerate(uniques):
        row = rows.get(raw) if level is None and raw.__class__ is str else None
        if row is not None:
            code, status = raw, known.status[row]
            targets, labels = known.targets[row], known.target_names[row]
            chosen = known.default[row]
        else:
            try:
                code = unit_code(raw, level=level)
                p = (
                    g.predecessors(code, on=on_d, since=to_d)
                    if backward
                    else g.project(code, on=on_d, to=to_d)
                )
            except (UnknownUnit, InvalidUnitCode) as exc:
                if unknown == "none":
                    statuses[i] = "unknown"
                    continue
                first_row = series.index[int(np.argmax(codes == i))]
                raise InputError(
                    str(exc), row=None, field=column, hint=f"first seen at index {first_row!r}"
                ) from exc
            except (TypeError, ValueError) as exc:
                if unknown == "none":
                    statuses[i] = "unknown"
                    continue
                first_row = series.index[int(np.argmax(codes == i))]
                raise InputError(
                    f"expected a unit code, got {raw!r}",
                    field=column,
                    hint=f"first seen at index {first_row!r}",
                ) from exc
            status = p.status
            targets = tuple(t.code for t in p.targets)
            labels = tuple(t.name for t in p.targets)
            if len(targets) == 1:
                chosen = 0
            elif backward:
                chosen = next((k for k, c in enumerate(targets) if c == code), None)
            else:
                chosen = next((k for k, t in enumerate(p.targets) if t.default), None)
        statuses[i] = status
        if split_policy == "all":
            new_codes[i], new_names[i] = targets, labels
            continue
        if not targets:
            continue
        if len(targets) > 1 and (split_policy == "raise" or chosen is None):
            split[code] = targets
            continue
        if chosen is not None:
            new_codes[i], new_names[i] = targets[chosen], labels[chosen]
    if split:
        raise SplitConversion(split, direction="backward" if backward else "forward")
    flat = categorical and split_policy != "all"
    code_values, name_values = _columns(pd_, np, new_codes, new_names, codes, df.index, flat)
    columns = {
        code_col: code_values,
        name_col: name_values,
        status_col: _columns(pd_, np, statuses, None, codes, df.index, categorical)[0],
    }
    result: pd.DataFrame = df.assign(**columns)
    return result


def _columns(
    pd_: Any, np: Any, values: list[Any], labels: list[Any] | None, take: Any, index: Any, cat: bool
) -> tuple[Any, Any]:
    """The output column of the per-slot ``values`` spread over the rows (``take``), and
    that of ``labels`` (one label per value, e.g. the name of each code) when given: two
    category columns share one spreading of the rows."""
    if not cat:
        out = [
            pd_.Series(np.array(v, dtype=object)[take], index=index, dtype=object)
            for v in (values, labels)
            if v is not None
        ]
        return out[0], (out[1] if labels is not None else None)
    categories: dict[Any, int] = {}
    position = np.empty(len(values), dtype=np.int32)
    for i, v in enumerate(values):
        position[i] = -1 if v is None else categories.setdefault(v, len(categories))
    spread = position[take]
    first = pd_.Series(pd_.Categorical.from_codes(spread, categories=list(categories)), index=index)
    if labels is None:
        return first, None
    # a code has one name on a date, so the names' categories follow the codes' order
    named: list[Any] = [None] * len(categories)
    for v, label in zip(values, labels, strict=True):
        if v is not None:
            named[categories[v]] = label
    if len(set(named)) != len(named):  # two codes of one name: names need their own categories
        return first, _columns(pd_, np, labels, None, take, index, cat)[0]
    second = pd_.Series(pd_.Categorical.from_codes(spread, categories=named), index=index)
    return first, second
