"""pandas helpers: remap a column of unit codes from one date to another.

Needs the ``pandas`` extra (``pip install "qcdc[pandas]"``).  :func:`convert_column`
converts one frame.  For many frames of one pair of dates (the partitions of a dask or
Spark table), build a :func:`converter` once: it holds the lookup table as arrays, so each
partition does only vectorised work (one ``factorize`` and three ``take``), and its
category columns have the same categories in every partition::

    conv = converter(on=on, to=to)
    out = conv.partitions(ddf, "code")  # dask: ddf.map_partitions(conv, "code", meta=...)

With dask's process scheduler, the code that starts the computation must sit under
``if __name__ == "__main__":`` in a script: each (spawned) worker process imports the
script again, and without the guard it would start the computation again.

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

import attrs

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

__all__ = ["ColumnConverter", "convert_column", "converter"]


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


def converter(
    *,
    on: dt.date,
    to: dt.date,
    on_split: Literal["default", "raise", "error"] = "default",
    on_unknown: Literal["raise", "none"] = "raise",
    level: UnitLevel | None = None,
    gazetteer: Gazetteer | None = None,
) -> ColumnConverter:
    """A :class:`ColumnConverter` from ``on`` to ``to``: the lookup table of every unit in
    force on ``on``, built once (about 2 s the first time for a pair of dates, then cached),
    that converts any number of frames with the answers of :func:`convert_column`.

    It pickles as its arrays (a few hundred kB; the embedded gazetteer as its data
    version), so dask and Spark ship it to their workers once per task.
    ``on_split='all'`` (tuples of codes: Python objects) is :func:`convert_column`'s own.

    >>> import datetime as dt
    >>> import pandas as pd
    >>> conv = converter(on=dt.date(2021, 12, 17), to=dt.date(2025, 7, 1))
    >>> out = conv(pd.DataFrame({"code": ["00001", "00004", None]}), "code")
    >>> out["code_new"].tolist(), out["code_status"].tolist()
    (['00097', '00004', nan], ['merged', 'merged', 'missing'])
    >>> len(out["code_new"].cat.categories) > 3000  # every code the table can answer
    True
    """
    pd_ = require("pandas")
    import numpy as np

    split_policy = policy(on_split, "on_split", ("default", "raise"))
    unknown = policy(on_unknown, "on_unknown", ("raise", "none"))
    g = gazetteer if gazetteer is not None else _embedded()
    on_d, to_d = as_date(on, "on"), as_date(to, "to")
    t = table(g, on_d, to_d)
    code_cats = sorted({c for targets in t.targets for c in targets})
    name_cats = sorted({n for names in t.target_names for n in names})
    status_cats = sorted(set(t.status) | {"missing", "unknown"})
    code_at = {c: i for i, c in enumerate(code_cats)}
    name_at = {n: i for i, n in enumerate(name_cats)}
    status_at = {s: i for i, s in enumerate(status_cats)}
    n = len(t.sources)
    new_code = np.full(n, -1, dtype=np.int32)
    new_name = np.full(n, -1, dtype=np.int32)
    status = np.array([status_at[s] for s in t.status], dtype=np.int32)
    known = np.ones(n, dtype=bool)  # False: convert_column itself decides (it raises)
    for i, targets in enumerate(t.targets):
        chosen = t.default[i]
        if not targets:
            continue
        if len(targets) > 1 and (split_policy == "raise" or chosen is None):
            known[i] = False
            continue
        if chosen is not None:
            new_code[i] = code_at[targets[chosen]]
            new_name[i] = name_at[t.target_names[i][chosen]]
    return ColumnConverter(
        on=on_d,
        to=to_d,
        on_split=split_policy,
        on_unknown=unknown,
        level=level,
        gazetteer=gazetteer,
        data_version=str(g.data_version),
        sources=pd_.Index(list(t.sources), dtype=object),
        known=known,
        new_code=new_code,
        new_name=new_name,
        status=status,
        categories=(tuple(code_cats), tuple(name_cats), tuple(status_cats)),
    )


@attrs.frozen(eq=False)
class ColumnConverter:
    """Converts the code column of a pandas frame, with the answers of :func:`convert_column`
    and category columns whose categories are every value the table can give (the same in
    every partition, so dask concatenates them as categories).  Build it with
    :func:`converter`.

    Calling it is vectorised: one ``factorize`` of the column (which releases the GIL for
    pyarrow-backed strings, dask's default), a lookup of the distinct values in the table's
    index and three ``take``.  Values the table does not answer (unknown or malformed codes,
    a division the policy refuses, integers with ``level``) go through :func:`convert_column`,
    so its errors and hints are the same.
    """

    on: dt.date
    to: dt.date
    on_split: str
    on_unknown: str
    level: UnitLevel | None
    gazetteer: Gazetteer | None = attrs.field(repr=False)
    data_version: str
    sources: Any = attrs.field(repr=False)  # pandas Index of the codes in force on `on`
    known: Any = attrs.field(repr=False)  # per source: the table answers it
    new_code: Any = attrs.field(repr=False)  # per source: position in categories[0], or -1
    new_name: Any = attrs.field(repr=False)
    status: Any = attrs.field(repr=False)
    categories: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = attrs.field(repr=False)

    def __dask_tokenize__(self) -> tuple[object, ...]:
        """dask names tasks by this (the table follows from it), not by hashing the arrays."""
        policies = (self.on_split, self.on_unknown, self.level)
        return ("qcdc.ColumnConverter", self.data_version, self.on, self.to, *policies)

    def __call__(
        self,
        df: pd.DataFrame,
        column: str,
        *,
        names: tuple[str, str, str] | None = None,
        categorical: bool = True,
    ) -> pd.DataFrame:
        """``df`` with the three columns of :func:`convert_column` (``names`` overrides
        them); ``categorical=False`` for ``object`` columns."""
        pd_ = require("pandas")
        import numpy as np

        if not isinstance(df, pd_.DataFrame) or column not in df.columns:
            return self._reference(df, column, names, categorical)  # its errors
        series = df[column]
        codes, uniques = pd_.factorize(series, use_na_sentinel=True)
        k = len(uniques)
        if self.level is None:
            rows = self.sources.get_indexer(uniques)
        else:  # integers or short codes: padded to the level, as convert_column does
            rows = np.array([self._padded_row(u) for u in uniques], dtype=np.intp)
        found = rows >= 0
        found[found] = self.known[rows[found]]
        # one slot per distinct value and a last one for empty cells (factorize's -1)
        slot_code = np.full(k + 1, -1, dtype=np.int32)
        slot_name = np.full(k + 1, -1, dtype=np.int32)
        slot_status = np.empty(k + 1, dtype=np.int32)
        slot_status[k] = self.categories[2].index("missing")
        hit = rows[found]
        slot_code[:k][found] = self.new_code[hit]
        slot_name[:k][found] = self.new_name[hit]
        slot_status[:k][found] = self.status[hit]
        left = np.flatnonzero(~found)
        if len(left):
            self._fill(series, codes, uniques, left, (slot_code, slot_name, slot_status))
        code_col, name_col, status_col = names or (
            f"{column}_new",
            f"{column}_new_name",
            f"{column}_status",
        )
        columns = {
            name: _spread(pd_, np, slot[codes], cats, df.index, categorical)
            for name, slot, cats in zip(
                (code_col, name_col, status_col),
                (slot_code, slot_name, slot_status),
                self.categories,
                strict=True,
            )
        }
        result: pd.DataFrame = df.assign(**columns)
        return result

    def partitions(
        self,
        ddf: Any,
        column: str,
        *,
        names: tuple[str, str, str] | None = None,
        categorical: bool = True,
    ) -> Any:
        """The dask frame ``ddf`` with the three columns, converted partition by partition
        (lazily: ``.compute()``, ``.to_parquet()`` … run it)."""
        meta = self(ddf._meta, column, names=names, categorical=categorical)
        return ddf.map_partitions(self, column, names=names, categorical=categorical, meta=meta)

    def _padded_row(self, raw: object) -> int:
        try:
            code = unit_code(raw, level=self.level)
        except (InvalidUnitCode, TypeError, ValueError):
            return -1
        return int(self.sources.get_indexer([code])[0])

    def _reference(
        self, df: Any, column: str, names: tuple[str, str, str] | None, categorical: bool
    ) -> pd.DataFrame:
        return convert_column(
            df,
            column,
            on=self.on,
            to=self.to,
            on_split=self.on_split,  # type: ignore[arg-type]
            on_unknown=self.on_unknown,  # type: ignore[arg-type]
            level=self.level,
            gazetteer=self.gazetteer,
            names=names,
            categorical=categorical,
        )

    def _fill(self, series: Any, codes: Any, uniques: Any, left: Any, slots: Any) -> None:
        """Answer the distinct values the table does not hold with convert_column, each
        at the index it is first seen at (so that its errors name the same row)."""
        pd_ = require("pandas")
        import numpy as np

        first = np.full(len(uniques), len(codes), dtype=np.intp)
        np.minimum.at(first, codes[codes >= 0], np.flatnonzero(codes >= 0))
        at_rows = [series.index[int(i)] for i in first[left]]  # Python values, as there
        values = pd_.Series(
            np.asarray(uniques, dtype=object)[left], index=pd_.Index(at_rows, dtype=object)
        )
        out_names = ("\0code", "\0name", "\0status")  # no clash with the column's name
        frame = pd_.DataFrame({series.name: values})
        out = self._reference(frame, series.name, out_names, False)
        lookups = [{v: i for i, v in enumerate(cats)} for cats in self.categories]
        for slot, col, at in zip(slots, out_names, lookups, strict=True):
            slot[left] = [-1 if v is None else at[v] for v in out[col].tolist()]


def _spread(pd_: Any, np: Any, positions: Any, cats: tuple[str, ...], index: Any, cat: bool) -> Any:
    """A column of ``cats[positions]`` (-1: empty), categorical or of objects."""
    if cat:
        dtype = pd_.CategoricalDtype(list(cats))
        return pd_.Series(pd_.Categorical.from_codes(positions, dtype=dtype), index=index)
    values = np.append(np.asarray(cats, dtype=object), None)  # -1 reads the None slot
    return pd_.Series(values[positions], index=index, dtype=object)
