"""Fuzzing the report loader (issue 11): any TOML or JSON structure loads, or raises a QcdcError.

The structures are report-shaped — the format's own keys at the right places, with any
value — plus what hostile files hold: deep nesting, integers of thousands of digits,
figures of 40 digits, dates near year 1 and 9999, ``null`` (JSON), unknown keys.  Only a
:class:`~qcdc.errors.QcdcError` may escape :func:`~qcdc.reports.loads_report`; the CI
profile tries a few hundred structures, ``HYPOTHESIS_PROFILE=deep`` thousands.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc.errors import QcdcError
from qcdc.reports import AnnualReport, loads_report
from qcdc.reports.sections import _SECTION_TYPES


@attrs.frozen
class Digits:
    """An integer written as its digits (Python refuses to print more than 4,300 of them)."""

    text: str


FIGURE_TEXTS = st.sampled_from(
    ["4.956", "hơn 3.000", "32%", "32,5%", "579/579", "khoảng 300 triệu đồng", "1,2 triệu"]
)
SECTION_KEYS = sorted(
    {a.name for cls in _SECTION_TYPES for a in attrs.fields(cls)} | {"total", "by_kind"}
)
TOP_KEYS = [
    "format",
    "title",
    "place",
    "place_name",
    "period",
    "date",
    "reporting_body",
    "note",
    "themes",
    "source",
    "units",
    "documents",
    "tasks",
    "report_date",
    "checks",
    "findings",
    "summary",
    "today",
]
keys = st.sampled_from(
    [*TOP_KEYS, *SECTION_KEYS, "document", "start", "end", "commune", "xã", "text", "due"]
) | st.text(max_size=8)
scalars = st.one_of(
    st.integers(-(10**20), 10**20),
    st.integers(10**38, 10**41),  # figures of 40 digits
    st.builds(lambda n: Digits("9" * n), st.integers(20, 5000)),  # up to 5,000 digits
    st.text(max_size=20),
    FIGURE_TEXTS,
    st.builds(lambda n: "1" * n, st.integers(24, 45)),  # long printed figures
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1, 1, 1), dt.date(1, 1, 31)) | st.dates(dt.date(9999, 12, 1)),
    st.sampled_from(["0001-01-01", "9999-12-31", "năm 9999", "quý 4/9999", "năm 1", "31/12/9999"]),
)


def values(allow_null: bool) -> st.SearchStrategy[Any]:
    base = (scalars | st.none()) if allow_null else scalars
    return st.recursive(
        base,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
        max_leaves=25,
    )


def reports(allow_null: bool) -> st.SearchStrategy[dict[str, Any]]:
    """A report-shaped mapping: the format's keys where they belong, each value mostly of
    the right kind (so that the loader gets far) and sometimes hostile."""
    hostile = values(allow_null)

    def mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(valid, valid, valid, hostile)

    figure = mostly(FIGURE_TEXTS | st.integers(0, 10**6))
    date = mostly(st.dates(dt.date(2020, 1, 1), dt.date(2022, 12, 31)) | st.just("2021-12-17"))
    sections = {
        cls.KEY: st.dictionaries(
            st.sampled_from([a.name for a in attrs.fields(cls)]), figure, max_size=5
        )
        | hostile
        for cls in _SECTION_TYPES
    }
    level = st.fixed_dictionaries(
        {},
        optional={
            "total": figure,
            "by_kind": st.dictionaries(st.sampled_from(["xã", "phường", "quận", "x"]), figure),
        },
    )
    document = st.fixed_dictionaries(
        {}, optional={"number": mostly(st.just("04-CTr/TU")), "issued": date, "note": hostile}
    )
    task = mostly(st.just("Nhiệm vụ")) | st.fixed_dictionaries(
        {"text": mostly(st.just("Nhiệm vụ"))}, optional={"due": date, "owner": hostile}
    )
    return st.fixed_dictionaries(
        {
            "place": mostly(st.sampled_from(["01", "79", "00001"])),
            "period": mostly(
                st.sampled_from(["năm 2021", 2021, "quý 4/9999", "năm 9999"])
                | st.fixed_dictionaries({"start": date, "end": date})
            ),
            "source": mostly(
                st.fixed_dictionaries(
                    {"document": mostly(st.just("x"))}, optional={"confidence": hostile}
                )
            ),
        },
        optional={
            "date": date,
            "units": mostly(
                st.dictionaries(st.sampled_from(["commune", "district", "x"]), mostly(level))
            ),
            **{key: mostly(strategy) for key, strategy in sections.items()},
            "documents": mostly(st.lists(mostly(document), max_size=3)),
            "tasks": mostly(st.lists(task, max_size=3)),
            "report_date": date,
            "themes": mostly(st.lists(st.just("Dân vận khéo"))),
            "format": mostly(st.just(1)),
            "title": hostile,
            "note": hostile,
            "summary": hostile,
        },
    )


def nested(depth: int, leaf: str, json_text: bool) -> str:
    """A value nested ``depth`` deep (lists and tables alternately)."""
    if json_text:
        return '{"a": [' * depth + leaf + "]}" * depth
    return "{ a = [" * depth + leaf + "] }" * depth


def to_json(value: Any) -> str:
    if isinstance(value, Digits):
        return value.text
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def to_toml(value: Any) -> str:
    if isinstance(value, Digits):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {to_toml(v)}" for k, v in value.items()) + " }"
    return "[" + ", ".join(to_toml(v) for v in value) + "]"


def toml_document(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(k)} = {to_toml(v)}\n" for k, v in data.items())


def loads_or_qcdc_error(text: str, fmt: str) -> None:
    try:
        report = loads_report(text, format=fmt, source="fuzz." + fmt)
    except QcdcError:
        return
    assert isinstance(report, AnnualReport)


@settings(max_examples=max(200, settings().max_examples))
@given(reports(allow_null=True))
def test_json_reports_load_or_raise_a_qcdc_error(data: dict[str, Any]) -> None:
    loads_or_qcdc_error(to_json(data), "json")


@settings(max_examples=max(200, settings().max_examples))
@given(reports(allow_null=False))
def test_toml_reports_load_or_raise_a_qcdc_error(data: dict[str, Any]) -> None:
    loads_or_qcdc_error(toml_document(data), "toml")


@given(
    st.sampled_from(["place", "note", "hamlets", "documents", "units"]),
    st.integers(1, 100_000),
    st.booleans(),
)
def test_deep_nesting_is_a_qcdc_error(key: str, depth: int, json_text: bool) -> None:
    if json_text:
        text = '{"place": "01", "period": 2021, "source": {"document": "x"}, '
        text += f'"{key}": {nested(depth, "1", True)}}}'
    else:
        text = 'place = "01"\nperiod = 2021\nsource = { document = "x" }\n'
        text += f"{key} = {nested(depth, '1', False)}\n"
    loads_or_qcdc_error(text, "json" if json_text else "toml")
