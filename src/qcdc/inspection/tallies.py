"""Tallies: the yearly figures of the boards (:class:`CaseTally`) and of the investment
supervision boards (:class:`ProjectTally`), the comparison of a reported tally with
one derived from case records, and the tallies of case records by period and unit —
from :class:`~qcdc.inspection.InspectionCase` objects (:func:`tally`,
:func:`tally_by_unit`) or straight from a pandas, polars or Arrow table of records
(:func:`tally_table`, :func:`tally_table_by_unit`; the columnar kernel is private, in
``qcdc.inspection._columnar``), and tallies as frames.

A :class:`CaseTally` holds the four yearly figures; any of them may be missing,
because published reports often give only some.  :meth:`CaseTally.check` returns
findings instead of raising:

>>> CaseTally(supervised=4956, violations=648, recommended=586).check()
[]
>>> [f.rule for f in CaseTally(supervised=600, violations=700).check()]
['tally.violations-le-supervised']
>>> CaseTally(supervised=3, violations=1) + CaseTally(supervised=2, violations=0, resolved=1)
CaseTally(supervised=5, violations=1, recommended=None, resolved=None)
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

from qcdc._optional import require
from qcdc.citations import EffectivePeriod
from qcdc.errors import InputError
from qcdc.findings import Finding, Severity
from qcdc.inspection._fields import add_opt, as_period, check_count, count_validator, fmt

if TYPE_CHECKING:
    import pandas
    import polars

    from qcdc.dates import Period
    from qcdc.inspection._columnar import TableCounts
    from qcdc.inspection._stream import FileCounts
    from qcdc.inspection.cases import InspectionCase

__all__ = [
    "CaseTally",
    "ProjectTally",
    "compare",
    "read_case_tallies",
    "tallies_to_arrow",
    "tallies_to_pandas",
    "tallies_to_polars",
    "tally",
    "tally_by_unit",
    "tally_table",
    "tally_table_by_unit",
]

_TALLY_FIELDS = ("supervised", "violations", "recommended", "resolved")


@attrs.frozen
class CaseTally:
    """The figures of one or more boards over a period; every figure is optional.

    ``supervised``: cases the boards supervised (vụ việc được giám sát);
    ``violations``: of those, cases that showed signs of violation;
    ``recommended``: cases the boards recommended to the authorities (kiến nghị);
    ``resolved``: recommendations the authorities considered and settled.

    ``None`` means *not reported*, which is different from ``0``.

    **Addition.** ``a + b`` adds field by field; a field of the sum is known only if it is
    known in *both* parts (``None + 3`` is ``None``): a total over communes where one
    commune did not report that figure is not known.  ``CaseTally.zero()`` is the identity,
    and ``sum(tallies)`` works (``0 + tally`` is ``tally``); an empty ``sum`` gives ``0``,
    so write ``sum(tallies, CaseTally.zero())`` when the iterable may be empty.
    """

    supervised: int | None = attrs.field(default=None, validator=count_validator)
    violations: int | None = attrs.field(default=None, validator=count_validator)
    recommended: int | None = attrs.field(default=None, validator=count_validator)
    resolved: int | None = attrs.field(default=None, validator=count_validator)

    @classmethod
    def zero(cls) -> CaseTally:
        """All four figures known and zero: the identity of ``+``."""
        return cls(0, 0, 0, 0)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str = "inspection") -> CaseTally:
        """Build from a mapping with (some of) the four keys; unknown keys are an error."""
        extra = sorted(set(data) - set(_TALLY_FIELDS))
        if extra:
            raise InputError(
                f"unknown tally field(s) {', '.join(map(repr, extra))}",
                field=f"{path}.{extra[0]}",
                hint="the fields are " + ", ".join(_TALLY_FIELDS),
            )
        values: dict[str, int | None] = {}
        for name in _TALLY_FIELDS:
            value = data.get(name)
            check_count(value, f"{path}.{name}")
            values[name] = value
        return cls(**values)

    @property
    def reported(self) -> tuple[str, ...]:
        """The names of the figures that are known, in field order."""
        return tuple(name for name in _TALLY_FIELDS if getattr(self, name) is not None)

    def items(self) -> Iterator[tuple[str, int | None]]:
        """``(name, figure)`` pairs in field order."""
        for name in _TALLY_FIELDS:
            yield name, getattr(self, name)

    def __add__(self, other: object) -> CaseTally:
        if not isinstance(other, CaseTally):
            return NotImplemented
        return CaseTally(
            add_opt(self.supervised, other.supervised),
            add_opt(self.violations, other.violations),
            add_opt(self.recommended, other.recommended),
            add_opt(self.resolved, other.resolved),
        )

    def __radd__(self, other: object) -> CaseTally:
        # ``sum()`` starts from the int 0
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def check(self, path: str = "inspection") -> list[Finding]:
        """Findings for the rules between figures; nothing is checked against a missing figure.

        Rules: ``tally.violations-le-supervised`` (error), ``tally.resolved-le-recommended``
        (error), ``tally.recommended-le-violations`` (warning: boards also recommend
        improvements where they found no violation).  Messages name both figures.
        """
        findings: list[Finding] = []
        for rule, severity, small, big, why in _TALLY_RULES:
            a, b = getattr(self, small), getattr(self, big)
            if a is not None and b is not None and a > b:
                findings.append(
                    Finding(
                        rule,
                        severity,
                        f"{path}.{small}",
                        f"{small} ({a}) must not exceed {big} ({b}){why}",
                        figures={small: a, big: b},
                    )
                )
        return findings

    def to_dict(self) -> dict[str, int | None]:
        """The four figures (``None`` where not reported), in field order."""
        return {name: getattr(self, name) for name in _TALLY_FIELDS}

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><th>{name}</th><td>{fmt(value)}</td></tr>" for name, value in self.items()
        )
        notes = "".join(f"<li>{html.escape(str(f))}</li>" for f in self.check())
        tail = f"<ul>{notes}</ul>" if notes else ""
        return f"<table><caption>CaseTally</caption><tbody>{cells}</tbody></table>{tail}"


_TALLY_RULES: tuple[tuple[str, Severity, str, str, str], ...] = (
    ("tally.violations-le-supervised", Severity.ERROR, "violations", "supervised", ""),
    ("tally.resolved-le-recommended", Severity.ERROR, "resolved", "recommended", ""),
    (
        "tally.recommended-le-violations",
        Severity.WARNING,
        "recommended",
        "violations",
        " unless the boards also recommended improvements where they found no violation",
    ),
)


def compare(reported: CaseTally, derived: CaseTally, *, path: str = "inspection") -> list[Finding]:
    """Where a reported tally and one derived from case records differ.

    Rule ``tally.matches-records``.

    Only figures known in both are compared; each difference is one error finding.

    >>> [f.message for f in compare(CaseTally(supervised=10, violations=2),
    ...                             CaseTally(supervised=9, violations=2))]
    ['supervised: reported 10, case records give 9 (difference 1)']
    """
    findings = []
    for name in _TALLY_FIELDS:
        a, b = getattr(reported, name), getattr(derived, name)
        if a is not None and b is not None and a != b:
            findings.append(
                Finding(
                    "tally.matches-records",
                    Severity.ERROR,
                    f"{path}.{name}",
                    f"{name}: reported {a}, case records give {b} (difference {a - b})",
                    figures={"reported": a, "derived": b},
                )
            )
    return findings


def tallies_to_pandas(
    tallies: Mapping[str, CaseTally], *, index_name: str = "unit"
) -> pandas.DataFrame:
    """A DataFrame with one row per key and nullable integer columns (needs pandas)."""
    pd = require("pandas")
    frame = pd.DataFrame(
        [t.to_dict() for t in tallies.values()],
        index=pd.Index(list(tallies), name=index_name),
        columns=list(_TALLY_FIELDS),
    )
    return frame.astype("Int64")


def tallies_to_polars(
    tallies: Mapping[str | None, CaseTally] | Mapping[str, CaseTally], *, index_name: str = "unit"
) -> polars.DataFrame:
    """A polars DataFrame: a ``unit`` (``index_name``) column of text (null for the cases
    without a unit), then the four figures as ``Int64`` (null where not reported).  Needs
    polars."""
    pl = require("polars")
    columns: dict[str, Any] = {index_name: pl.Series(index_name, list(tallies), pl.String)}
    for name in _TALLY_FIELDS:
        columns[name] = pl.Series(name, [getattr(t, name) for t in tallies.values()], pl.Int64)
    frame: polars.DataFrame = pl.DataFrame(columns)
    return frame


def tallies_to_arrow(
    tallies: Mapping[str | None, CaseTally] | Mapping[str, CaseTally], *, index_name: str = "unit"
) -> Any:
    """A pyarrow Table with the columns of :func:`tallies_to_polars` (``string``, then
    four ``int64``).  Needs pyarrow (the ``arrow`` extra)."""
    pa = require("pyarrow", extra="arrow")
    arrays = [pa.array(list(tallies), pa.string())]
    for name in _TALLY_FIELDS:
        arrays.append(pa.array([getattr(t, name) for t in tallies.values()], pa.int64()))
    return pa.Table.from_arrays(arrays, names=[index_name, *_TALLY_FIELDS])


@attrs.frozen
class ProjectTally:
    """Projects a community investment supervision board looked at (Ban GSĐT của cộng đồng).

    ``supervised = compliant + with_violations + undetermined`` (Hải Dương 2020:
    342 = 327 + 1 + 14).  Every figure is optional; addition works as for
    :class:`CaseTally` (a sum is known only if every part knows the figure).

    >>> ProjectTally(supervised=342, compliant=327, with_violations=1, undetermined=14).check()
    []
    """

    supervised: int | None = attrs.field(default=None, validator=count_validator)
    compliant: int | None = attrs.field(default=None, validator=count_validator)
    with_violations: int | None = attrs.field(default=None, validator=count_validator)
    undetermined: int | None = attrs.field(default=None, validator=count_validator)

    def __add__(self, other: object) -> ProjectTally:
        if not isinstance(other, ProjectTally):
            return NotImplemented
        return ProjectTally(
            add_opt(self.supervised, other.supervised),
            add_opt(self.compliant, other.compliant),
            add_opt(self.with_violations, other.with_violations),
            add_opt(self.undetermined, other.undetermined),
        )

    def __radd__(self, other: object) -> ProjectTally:
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def check(self, path: str = "investment") -> list[Finding]:
        """``projects.parts-sum-to-supervised`` when every figure is known; otherwise
        ``projects.parts-le-supervised`` for the parts that are known (both errors)."""
        parts = {
            "compliant": self.compliant,
            "with_violations": self.with_violations,
            "undetermined": self.undetermined,
        }
        known = {k: v for k, v in parts.items() if v is not None}
        if self.supervised is None or not known:
            return []
        total = sum(known.values())
        shown = " + ".join(f"{k} ({v})" for k, v in known.items())
        if len(known) == len(parts) and total != self.supervised:
            return [
                Finding(
                    "projects.parts-sum-to-supervised",
                    Severity.ERROR,
                    f"{path}.supervised",
                    f"{shown} = {total} must equal supervised ({self.supervised})",
                    figures={**known, "supervised": self.supervised},
                )
            ]
        if total > self.supervised:
            return [
                Finding(
                    "projects.parts-le-supervised",
                    Severity.ERROR,
                    f"{path}.supervised",
                    f"{shown} = {total} must not exceed supervised ({self.supervised})",
                    figures={**known, "supervised": self.supervised},
                )
            ]
        return []

    def to_dict(self) -> dict[str, int | None]:
        return attrs.asdict(self)

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><th>{k}</th><td>{fmt(v)}</td></tr>" for k, v in attrs.asdict(self).items()
        )
        notes = "".join(f"<li>{html.escape(str(f))}</li>" for f in self.check())
        tail = f"<ul>{notes}</ul>" if notes else ""
        return f"<table><caption>ProjectTally</caption><tbody>{cells}</tbody></table>{tail}"


def _as_of(period: EffectivePeriod, as_of: dt.date | None) -> dt.date:
    if as_of is not None:
        return as_of
    if period.end is None:
        raise InputError(
            "an open-ended period needs as_of=", field="as_of", hint="pass the date to count to"
        )
    return period.end - dt.timedelta(days=1)


def tally(
    cases: Iterable[InspectionCase],
    period: int | EffectivePeriod | Period,
    *,
    as_of: dt.date | None = None,
) -> CaseTally:
    """The tally of the cases opened in ``period``, by the stages they reached by ``as_of``
    (default: the last day of the period).

    ``supervised`` counts cases that went under supervision, ``violations`` those
    concluded with signs of violation, ``recommended`` those with a recommendation sent,
    ``resolved`` those resolved.  Every figure is known (zero when no case qualifies).
    """
    return _sum_tallies(tally_by_unit(cases, period, as_of=as_of).values())


def tally_by_unit(
    cases: Iterable[InspectionCase],
    period: int | EffectivePeriod | Period,
    *,
    as_of: dt.date | None = None,
    key: Callable[[InspectionCase], str | None] | None = None,
) -> dict[str | None, CaseTally]:
    """Tallies (as in :func:`tally`) grouped by unit code, or by ``key(case)``.

    Cases without a unit are grouped under ``None``.  The keys are sorted (``None`` last).
    """
    start_o, stop_o, last = _window(period, as_of)
    last_o = last.toordinal()
    counts: dict[str | None, list[int]] = {}
    get = counts.get
    for case in cases:
        first = case._first
        if first < start_o or first >= stop_o:
            continue
        group = case.unit if key is None else key(case)
        bucket = get(group)
        if bucket is None:
            bucket = counts[group] = [0] * 16
        if case._last <= last_o:
            bucket[case._flags] += 1
        else:
            bucket[case._flags_by(last)] += 1
    return {k: _tally_from_buckets(counts[k]) for k in sorted(counts, key=_none_last)}


def _window(
    period: int | EffectivePeriod | Period, as_of: dt.date | None
) -> tuple[int, int, dt.date]:
    """The ordinals of the first day and of the day after the last one counted, and the
    day the stages are read on."""
    p = as_period(period)
    if as_of is None and p.end is None and not isinstance(period, EffectivePeriod):
        as_of = dt.date.max  # a qcdc.dates.Period that ends on the last day there is
    last = _as_of(p, as_of)
    # compare date ordinals (ints): the loops run once per case record
    start_o = p.start.toordinal()
    stop_o = min((p.end or dt.date.max).toordinal(), last.toordinal() + 1)
    return start_o, stop_o, last


def tally_table(
    table: object,
    period: int | EffectivePeriod | Period,
    *,
    as_of: dt.date | None = None,
) -> CaseTally:
    """:func:`tally` of a table of case records: a pandas or polars ``DataFrame`` or a
    pyarrow ``Table`` with the columns of the case CSV format (only ``opened`` is
    required; ``unit`` and the other dated columns are read when present, the others
    are not read).  Every row is checked as a case would be (the transition table,
    dates that never go backwards, a valid unit code); the first bad row of each
    column is named in an :class:`~qcdc.errors.InputError`, with the number of bad
    rows.  Gives exactly the tally of the same records as
    :class:`~qcdc.inspection.InspectionCase` objects.  Needs numpy and the library of
    the table.
    """
    return _sum_tallies(_table_tallies(table, period, as_of, need_unit=False).values())


def tally_table_by_unit(
    table: object,
    period: int | EffectivePeriod | Period,
    *,
    as_of: dt.date | None = None,
) -> dict[str | None, CaseTally]:
    """:func:`tally_by_unit` of a table of case records (as :func:`tally_table`; the
    ``unit`` column is required): the tallies by unit code, sorted, the rows without a
    unit under ``None``, last."""
    return _table_tallies(table, period, as_of, need_unit=True)


def _table_tallies(
    table: object,
    period: int | EffectivePeriod | Period,
    as_of: dt.date | None,
    *,
    need_unit: bool,
) -> dict[str | None, CaseTally]:
    counts = _table_counts(table, period, as_of, need_unit=need_unit)
    return {k: _counted(*f) for k, f in counts.by_key().items()}


def _table_counts(
    table: object,
    period: int | EffectivePeriod | Period,
    as_of: dt.date | None,
    *,
    need_unit: bool,
) -> TableCounts:
    """The stage buckets of a table's rows in ``period`` (the columnar path)."""
    from qcdc.inspection._columnar import _EPOCH, count_table

    start_o, stop_o, last = _window(period, as_of)
    return count_table(
        table,
        start=start_o - _EPOCH,
        stop=stop_o - _EPOCH,
        last=last.toordinal() - _EPOCH,
        need_unit=need_unit,
    )


@overload
def read_case_tallies(
    path: str | os.PathLike[str],
    period: int | EffectivePeriod | Period,
    *,
    as_of: dt.date | None = None,
    by_unit: Literal[True] = True,
    block_size: int | None = None,
) -> dict[str | None, CaseTally]: ...


@overload
def read_case_tallies(
    path: str | os.PathLike[str],
    period: int | EffectivePeriod | Period,
    *,
    as_of: dt.date | None = None,
    by_unit: Literal[False],
    block_size: int | None = None,
) -> CaseTally: ...


def read_case_tallies(
    path: str | os.PathLike[str],
    period: int | EffectivePeriod | Period,
    *,
    as_of: dt.date | None = None,
    by_unit: bool = True,
    block_size: int | None = None,
) -> dict[str | None, CaseTally] | CaseTally:
    """The tallies of the cases opened in ``period`` in a case CSV file (the format of
    :func:`~qcdc.io.load_cases`), read batch by batch with pyarrow: by unit (as
    :func:`tally_by_unit`: sorted, the cases without a unit under ``None``), or with
    ``by_unit=False`` the total (as :func:`tally`).

    Memory stays the batches pyarrow reads ahead (about 35 of ``block_size`` bytes of
    text, default 8 MiB: a few hundred megabytes) whatever the size of the file: for
    files larger than memory (100 M rows).  Gives exactly the
    tallies of the cases :func:`~qcdc.io.load_cases` reads from the same file.  The header
    is checked as the loader checks it; each row is checked for what a tally reads and
    for the required columns (``id``, ``board``, ``subject``, ``origin`` and ``opened``
    given, ``subject`` and ``origin`` one of their values, unit codes, dates, the
    transition table, dates that never go backwards); not checked: duplicate ids, and
    ``authority``, ``recommendation``, ``received``, ``escalated_to``.  A bad file raises one
    :class:`~qcdc.errors.InputError` after its last row, for the first bad row: ``source``
    the file, ``row`` its row (the header is row 1), ``field`` the column, with how many
    rows have the same problem.  Needs pyarrow (the ``arrow`` extra) and numpy, else
    :class:`~qcdc.errors.MissingDependency`.
    """
    counts = _file_counts(path, period, as_of, block_size)
    by_key = {k: _counted(*f) for k, f in counts.by_key().items()}
    return by_key if by_unit else _sum_tallies(by_key.values())


def _file_counts(
    path: str | os.PathLike[str],
    period: int | EffectivePeriod | Period,
    as_of: dt.date | None,
    block_size: int | None,
) -> FileCounts:
    """The stage buckets of a CSV file's rows in ``period`` (the batch path)."""
    from qcdc.inspection._columnar import _EPOCH
    from qcdc.inspection._stream import BLOCK_SIZE, count_csv

    if block_size is not None and (
        isinstance(block_size, bool) or not isinstance(block_size, int) or block_size < 1
    ):
        raise InputError(
            f"must be a whole number of bytes >= 1, got {block_size!r}", field="block_size"
        )
    start_o, stop_o, last = _window(period, as_of)
    return count_csv(
        path,
        start=start_o - _EPOCH,
        stop=stop_o - _EPOCH,
        last=last.toordinal() - _EPOCH,
        block_size=block_size or BLOCK_SIZE,
    )


def _none_last(key: str | None) -> tuple[bool, str]:
    return (key is None, key or "")


def _tally_from_buckets(b: list[int]) -> CaseTally:
    """The tally from counts indexed by stage flags (bits: _SUP, _VIOL, _REC, _RES)."""
    return CaseTally(
        sum(b[1::2]),
        b[2] + b[3] + b[6] + b[7] + b[10] + b[11] + b[14] + b[15],
        sum(b[4:8]) + sum(b[12:16]),
        sum(b[8:16]),
    )


def _counted(supervised: int, violations: int, recommended: int, resolved: int) -> CaseTally:
    """A tally of four counts (whole numbers >= 0 by construction), made without running
    the validators: a columnar tally makes one per unit, and 10,000 validations cost more
    than counting a million rows."""
    t: CaseTally = object.__new__(CaseTally)
    object.__setattr__(t, "supervised", supervised)
    object.__setattr__(t, "violations", violations)
    object.__setattr__(t, "recommended", recommended)
    object.__setattr__(t, "resolved", resolved)
    return t


def _sum_tallies(tallies: Iterable[CaseTally]) -> CaseTally:
    total = CaseTally.zero()
    for t in tallies:
        total = total + t
    return total
