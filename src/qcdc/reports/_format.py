"""The report file format: TOML and JSON in, TOML and JSON out, and its JSON Schema.

:func:`loads_report` and :func:`load_report` read a report (errors name the file, the
line and the key path, ``hamlets.percent``); :func:`report_from_mapping` builds one
from plain data; :func:`dumps_report` and :func:`dump_report` write one that reads
back to an equal report; :func:`json_schema` is the schema of the format (shipped as
``qcdc/reports/data/report.schema.json``).  The format itself is described in the
reference page *Report file format*; :meth:`AnnualReport.to_mapping
<qcdc.reports.AnnualReport.to_mapping>` gives the plain data these functions write.

>>> report = load_embedded("hanoi-2021")
>>> loads_report(dumps_report(report, format="json"), format="json") == report
True
>>> loads_report('place = "01"\\nperiod = "năm 2021"\\n[source]\\ndocument = "x"\\n'
...              '[hamlets]\\nbefor = 3\\n')
Traceback (most recent call last):
...
qcdc.errors.InputError: <string>, line 6, field 'hamlets.befor': unknown key 'befor'; ...
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs

from qcdc._files import BadKey, at_path, dotted, dumps_toml, read_text, structure, table
from qcdc.citations import Citation, Confidence
from qcdc.dates import Period
from qcdc.errors import InputError, QcdcError
from qcdc.reports._exact import HEDGES
from qcdc.reports._table import (
    _FIGURE_KEYS,
    _RELATION_KEYS,
    FigureTable,
    Relation,
    RelationKind,
    Scope,
    TableFigure,
    TableKind,
)
from qcdc.reports.figures import FigureKind, Metric, _settle_figure, _to_figure
from qcdc.reports.model import (
    FORMAT_VERSION,
    AnnualReport,
    CitedDocument,
    ReportSource,
    ReportTask,
    UndatedPeriod,
    _report_to_mapping,
    _to_period,
    _to_place,
    _to_units,
)
from qcdc.reports.sections import (
    _SECTION_TYPES,
    Breakdown,
    OnlineServices,
    UnitCounts,
    _opt_str,
    _Section,
    _to_confidence,
    _to_opt_date,
)
from qcdc.units import UnitKind, UnitLevel

__all__ = [
    "dump_report",
    "dumps_report",
    "embedded_reports",
    "json_schema",
    "jsonable",
    "load_embedded",
    "load_report",
    "loads_report",
    "report_from_mapping",
]


_TOP_KEYS = (
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
    *(cls.KEY for cls in _SECTION_TYPES),
    "documents",
    "tasks",
    "sources",
    "table",
)
_RENDERED_KEYS = ("report_date", "undated", "checks", "findings", "summary", "today")
"""What ``qcdc report --format json`` (and ``qcdc check --all --format json``) writes beside
the report: read past, so that the output is a report file again; ``report_date`` must
be the report's date (``date``, or the last day of the period; ``null`` for an undated
report, which ``undated = true`` says)."""
_SOURCE_KEYS = ("document", "article", "url", "confidence", "note")
_DOCUMENT_KEYS = ("number", "title", "issued", "issuer", "note")
_SOURCES_KEYS = ("id", "document", "article", "url", "issuer", "confidence", "note")
_TASK_KEYS = ("text", "owner", "due")


def _section_from(cls: type[_Section], data: Mapping[str, Any], path: tuple[str, ...]) -> _Section:
    allowed = [a.name for a in attrs.fields(cls)]
    table(data, path, allowed)
    kwargs: dict[str, Any] = {}
    metrics = {m.key: m for m in cls.metrics()}
    for key, value in data.items():
        if key in metrics:
            if value is None:  # JSON null: a figure is given, or its key is left out
                raise BadKey(
                    (*path, key),
                    "a figure must be a number or the text printed in the source, got null",
                    "leave the key out when the source gives no figure",
                )
            fig = at_path((*path, key), _to_figure, value)
            kwargs[key] = at_path((*path, key), _settle_figure, metrics[key], fig)
        else:
            kwargs[key] = value
    return at_path(path, cls, **kwargs)


def _units_from(data: Any) -> list[UnitCounts]:
    tbl = table(data, ("units",))
    out = []
    for level_key, value in tbl.items():
        path = ("units", level_key)
        try:
            level = UnitLevel.parse(level_key)
        except ValueError:
            raise BadKey(
                path, f"unknown level {level_key!r}", "use province, district or commune"
            ) from None
        sub = table(value, path)
        table(sub, path, ("total", "by_kind", "confidence", "note"))
        if "by_kind" in sub:
            table(sub["by_kind"], (*path, "by_kind"))
        out.append(at_path(path, UnitCounts, level=level, **sub))
    return out


def _date_from(value: Any, path: tuple[str | int, ...]) -> dt.date:
    parsed = at_path(path, _to_opt_date, value)
    if parsed is None:
        raise BadKey(path, "a date is missing")
    return parsed


def _period_from(value: Any) -> Period | UndatedPeriod:
    path = ("period",)
    if isinstance(value, Mapping):
        table(value, path, ("start", "end"))
        if "start" not in value or "end" not in value:
            raise BadKey(path, "a period table needs start and end")
        start = _date_from(value["start"], (*path, "start"))
        end = _date_from(value["end"], (*path, "end"))
        return at_path(path, Period, start, end)
    return at_path(path, _to_period, value)


def _from_mapping(data: Mapping[str, Any]) -> AnnualReport:
    table(data, (), (*_TOP_KEYS, *_RENDERED_KEYS))
    report = _report_from(data)
    if "report_date" in data:
        if data["report_date"] is None and report.on is None:  # an undated report's
            return _rendered_checked(data, report)
        stated = _date_from(data["report_date"], ("report_date",))
        if report.on is None:
            raise BadKey(
                ("report_date",),
                f"report_date must be null for an undated report, got {stated.isoformat()}",
                "qcdc report writes it; remove it, or set date to the day of the report",
            )
        if stated != report.on:
            raise BadKey(
                ("report_date",),
                f"report_date must be the report's date {report.on.isoformat()}, "
                f"got {stated.isoformat()}",
                "qcdc report writes it; remove it, or set date to the day of the report",
            )
    return _rendered_checked(data, report)


def _rendered_checked(data: Mapping[str, Any], report: AnnualReport) -> AnnualReport:
    """``report``, once the keys ``qcdc report`` writes beside it have their shapes."""
    for key, kind in (("checks", list), ("findings", list), ("summary", dict), ("today", dict)):
        if key in data and not isinstance(data[key], kind):
            raise BadKey((key,), f"{key} (written by qcdc report) must be {_KIND_TEXT[kind]}")
    if "undated" in data and data["undated"] is not report.is_undated:
        raise BadKey(
            ("undated",),
            f"undated (written by qcdc report) must be {str(report.is_undated).lower()} for "
            "this report",
            "remove it: it says whether the report has neither a date nor a year",
        )
    return report


_KIND_TEXT = {list: "a list", dict: "a table"}


def _report_from(data: Mapping[str, Any]) -> AnnualReport:
    fmt = data.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        raise BadKey(("format",), f"format must be {FORMAT_VERSION}, got {fmt!r}")
    for key in ("place", "period", "source"):
        if key == "source" and "sources" in data:
            continue
        if key == "period" and "date" not in data:
            continue  # no period and no date: an undated report
        if key not in data:
            raise BadKey(
                (key,),
                f"the report needs {key!r}",
                {
                    "place": 'the unit code, e.g. place = "01" for Hà Nội',
                    "period": 'e.g. period = "năm 2021" (a report with no date may leave it '
                    "out: it is undated)",
                    "source": 'a [source] table with document = "the article\'s title"',
                }[key],
            )
    sources = _sources_from(data.get("sources", []))
    if "source" in data:
        source_data = table(data["source"], ("source",))
        table(source_data, ("source",), _SOURCE_KEYS)
        if "document" not in source_data:
            raise BadKey(
                ("source", "document"),
                "the source needs its document (the title of the article or report)",
            )
        confidence = at_path(
            ("source", "confidence"), _to_confidence, source_data.get("confidence", "likely")
        )
        source = at_path(("source",), Citation, **{**source_data, "confidence": confidence})
    else:
        source = sources[0].citation
    kwargs: dict[str, Any] = {
        "place": at_path(("place",), _to_place, data["place"]),
        "period": _period_from(data["period"]) if "period" in data else UndatedPeriod(),
        "source": source,
        "sources": sources,
    }
    if "table" in data:
        kwargs["table"] = _table_from(data["table"])
    if "date" in data:
        kwargs["date"] = _date_from(data["date"], ("date",))
    for key in ("title", "place_name", "reporting_body", "note"):
        if key in data:
            kwargs[key] = at_path((key,), _opt_str, data[key])
    if "themes" in data:
        themes = data["themes"]
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise BadKey(("themes",), "themes must be a list of text")
        kwargs["themes"] = themes
    if "units" in data:
        kwargs["units"] = at_path(("units",), _to_units, _units_from(data["units"]))
    for cls in _SECTION_TYPES:
        if cls.KEY in data:
            kwargs[cls.KEY] = _section_from(cls, table(data[cls.KEY], (cls.KEY,)), (cls.KEY,))
    docs = []
    for i, item in enumerate(_list(data.get("documents", []), ("documents",))):
        path: tuple[str | int, ...] = ("documents", i)
        tbl = table(item, path)
        table(tbl, path, _DOCUMENT_KEYS)
        docs.append(at_path(path, CitedDocument, **tbl))
    kwargs["documents"] = docs
    tasks = []
    for i, item in enumerate(_list(data.get("tasks", []), ("tasks",))):
        path = ("tasks", i)
        if isinstance(item, str):
            item = {"text": item}
        tbl = table(item, path)
        table(tbl, path, _TASK_KEYS)
        if "text" not in tbl:
            raise BadKey((*path, "text"), "a task needs its text")
        tasks.append(at_path(path, ReportTask, **tbl))
    kwargs["tasks"] = tasks
    return at_path((), AnnualReport, **kwargs)


def _sources_from(value: Any) -> list[ReportSource]:
    out = []
    for i, item in enumerate(_list(value, ("sources",))):
        path: tuple[str | int, ...] = ("sources", i)
        tbl = table(item, path, _SOURCES_KEYS)
        for key in ("id", "document"):
            if key not in tbl:
                raise BadKey((*path, key), f"a source needs its {key}")
        out.append(at_path(path, ReportSource, **tbl))
    return out


def _table_from(value: Any) -> FigureTable:
    tbl = table(value, ("table",), ("figures", "relations"))
    figures = []
    for i, item in enumerate(_list(tbl.get("figures", []), ("table", "figures"))):
        path: tuple[str | int, ...] = ("table", "figures", i)
        fig = table(item, path, _FIGURE_KEYS)
        for key in ("id", "label", "value"):
            if key not in fig:
                raise BadKey((*path, key), f"a table figure needs its {key}")
        figures.append(at_path(path, TableFigure, **fig))
    relations = []
    for i, item in enumerate(_list(tbl.get("relations", []), ("table", "relations"))):
        path = ("table", "relations", i)
        rel = table(item, path, _RELATION_KEYS)
        if "kind" not in rel:
            raise BadKey(
                (*path, "kind"),
                "a relation needs its kind",
                "kind = " + " | ".join(repr(k.value) for k in RelationKind),
            )
        relations.append(at_path(path, Relation, **rel))
    return at_path(("table",), FigureTable, figures=figures, relations=relations)


def _list(value: Any, path: tuple[str, ...]) -> list[Any]:
    if not isinstance(value, list):
        raise BadKey(path, f"must be a list (an array of tables), got {value!r}")
    return value


def report_from_mapping(data: Mapping[str, Any], *, source: str | None = None) -> AnnualReport:
    """Build a report from plain data in the file format (errors name the key path)."""
    try:
        return _from_mapping(table(data, ()))
    except BadKey as bad:
        raise InputError(
            bad.message, source=source, field=dotted(bad.path) or None, hint=bad.hint
        ) from None


def loads_report(text: str, *, format: str = "toml", source: str = "<string>") -> AnnualReport:
    """Read a report from TOML or JSON text; errors name the key path and the line."""
    if format not in ("toml", "json"):
        raise InputError(f"format must be 'toml' or 'json', got {format!r}", source=source)
    try:
        return structure(
            text,
            lambda data: _from_mapping(table(data, ())),
            format="toml" if format == "toml" else "json",
            source=source,
        )
    except QcdcError:
        raise
    except ValueError as exc:
        # tomllib refuses an integer of more digits than Python converts (4,300) with a bare
        # ValueError; the builder turns every error of its own into a BadKey, so this is the
        # parser's.  (The kernel's TOML reader should say it: see the layout notes.)
        raise InputError(f"not usable TOML: {exc}", source=source) from None


def load_report(path: str | os.PathLike[str], *, format: str | None = None) -> AnnualReport:
    """Read a report file (``.toml``, or ``.json`` for services)."""
    name = os.fspath(path)
    fmt = format or ("json" if name.lower().endswith(".json") else "toml")
    return loads_report(read_text(name, what="report"), format=fmt, source=name)


def jsonable(value: Any) -> Any:
    """``value`` with its dates as ISO text and its tuples as lists, ready for :mod:`json`."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def dumps_report(report: AnnualReport, *, format: str = "toml") -> str:
    """The report as TOML (or JSON) text that :func:`loads_report` reads back to an equal report."""
    data = _report_to_mapping(report)
    if format == "json":
        return json.dumps(jsonable(data), ensure_ascii=False, indent=2) + "\n"
    if format != "toml":
        raise InputError(f"format must be 'toml' or 'json', got {format!r}")

    return dumps_toml(
        data, header="# qcdc annual report (format 1); see docs/reference/report-format.md"
    )


def dump_report(
    report: AnnualReport, path: str | os.PathLike[str], *, format: str | None = None
) -> None:
    """Write the report to a file; the format follows the extension unless given."""
    name = os.fspath(path)
    fmt = format or ("json" if name.lower().endswith(".json") else "toml")
    text = dumps_report(report, format=fmt)
    with open(name, "w", encoding="utf-8") as fh:
        fh.write(text)


def embedded_reports() -> tuple[str, ...]:
    """The names of the reports shipped with qcdc (``"hanoi-2021"``)."""
    folder = resources.files("qcdc.reports").joinpath("data").joinpath("examples")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


def load_embedded(name: str = "hanoi-2021") -> AnnualReport:
    """A report shipped with qcdc, by name (see :func:`embedded_reports`)."""
    names = embedded_reports()
    if name not in names:
        raise InputError(
            f"no embedded report {name!r}", hint="the embedded reports are " + ", ".join(names)
        )
    text = (
        resources.files("qcdc.reports")
        .joinpath("data")
        .joinpath("examples")
        .joinpath(f"{name}.toml")
        .read_text(encoding="utf-8")
    )
    return loads_report(text, source=f"qcdc/reports/data/examples/{name}.toml")


# =====================================================================================
# the JSON Schema
# =====================================================================================


def _figure_schema(metric: Metric) -> dict[str, Any]:
    text = {"type": "string", "description": "as printed, e.g. '4.956', 'hơn 3.000', '32,5%'"}
    if metric.kind is FigureKind.RATIO:
        pair = {
            "type": "array",
            "items": {"type": "integer", "minimum": 0},
            "minItems": 2,
            "maxItems": 2,
        }
        variants: list[dict[str, Any]] = [text, pair]
    elif metric.kind is FigureKind.COUNT:
        variants = [{"type": "integer", "minimum": 0}, text]
    else:
        variants = [{"type": "number", "minimum": 0}, text]
    return {"description": f"{metric.label} ({metric.english})", "anyOf": variants}


def _common_props() -> dict[str, Any]:
    return {
        "confidence": {"enum": [c.value for c in Confidence]},
        "note": {"type": "string"},
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report format (``qcdc/reports/data/report.schema.json``)."""
    date = {"type": "string", "format": "date"}
    sections: dict[str, Any] = {}
    for cls in _SECTION_TYPES:
        props = {m.key: _figure_schema(m) for m in cls.metrics()}
        if cls is OnlineServices:
            props["level"] = {"enum": ["province", "district", "commune"]}
            props["service_levels"] = {
                "type": "array",
                "items": {"type": "integer", "minimum": 1, "maximum": 4},
            }
        if cls.LEVELS:
            props["levels"] = {
                "enum": [b.value for b in Breakdown],
                "description": "the figures by level: complete (every level given) or "
                "partial ('trong đó')",
            }
        props.update(_common_props())
        sections[cls.KEY] = {
            "type": "object",
            "description": f"{cls.TITLE} ({cls.ENGLISH})",
            "properties": props,
            "additionalProperties": False,
        }
    level_counts = {
        "type": "object",
        "properties": {
            "total": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]},
            "by_kind": {
                "type": "object",
                "propertyNames": {
                    "enum": [k.vietnamese for k in UnitKind] + [k.name.lower() for k in UnitKind]
                },
                "additionalProperties": {
                    "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]
                },
            },
            **_common_props(),
        },
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://qcdc.invalid/report.schema.json",
        "title": "qcdc annual report",
        "description": "An annual grassroots-democracy review as qcdc reads it (format 1). "
        "Figures are numbers or the text printed in the source.",
        "type": "object",
        "required": ["place"],
        "dependentRequired": {"date": ["period"]},
        "anyOf": [{"required": ["source"]}, {"required": ["sources"]}],
        "properties": {
            "format": {"const": FORMAT_VERSION},
            "title": {"type": "string"},
            "place": {
                "anyOf": [
                    {
                        "type": "string",
                        "pattern": "^[0-9]{2}([0-9]([0-9]{2})?)?$",
                        "description": "unit code: 2 digits (province), 3 (district) or 5 "
                        "(commune)",
                    },
                    {
                        "type": "string",
                        "pattern": "^[^0-9]+$",
                        "description": "'toàn quốc' (the whole country) or the name of a place "
                        "the official list does not hold",
                    },
                ]
            },
            "place_name": {"type": "string"},
            "period": {
                "description": "what the report covers; a report with no date may print it "
                "without its year ('6 tháng đầu năm') or leave it out: it is then undated",
                "anyOf": [
                    {"type": "string", "description": "e.g. 'năm 2021', 'quý III/2023'"},
                    {"type": "integer"},
                    {
                        "type": "object",
                        "properties": {"start": date, "end": date},
                        "required": ["start", "end"],
                        "additionalProperties": False,
                    },
                ],
            },
            "date": date,
            "reporting_body": {"type": "string"},
            "note": {"type": "string"},
            "themes": {"type": "array", "items": {"type": "string"}},
            "source": {
                "type": "object",
                "required": ["document"],
                "properties": {
                    "document": {"type": "string"},
                    "article": {"type": "string"},
                    "url": {"type": "string"},
                    "confidence": {"enum": [c.value for c in Confidence]},
                    "note": {"type": "string"},
                },
                "additionalProperties": False,
            },
            "units": {
                "type": "object",
                "properties": dict.fromkeys(("province", "district", "commune"), level_counts),
                "additionalProperties": False,
            },
            **sections,
            "documents": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "number": {"type": "string"},
                        "title": {"type": "string"},
                        "issued": date,
                        "issuer": {"type": "string"},
                        "note": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            },
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "document"],
                    "properties": {
                        **{k: {"type": "string"} for k in _SOURCES_KEYS},
                        "confidence": {"enum": [c.value for c in Confidence]},
                    },
                    "additionalProperties": False,
                },
            },
            "table": _table_schema(),
            "tasks": {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "string"},
                        {
                            "type": "object",
                            "required": ["text"],
                            "properties": {
                                "text": {"type": "string"},
                                "owner": {"type": "string"},
                                "due": date,
                            },
                            "additionalProperties": False,
                        },
                    ]
                },
            },
            **_rendered_schema(date),
        },
        "additionalProperties": False,
    }


def _table_schema() -> dict[str, Any]:
    """The figure table: ``figures`` and ``relations`` (see :mod:`qcdc.reports._table`)."""
    text = {"type": "string"}
    figure = {
        "type": "object",
        "required": ["id", "label", "value"],
        "properties": {
            **dict.fromkeys(_FIGURE_KEYS, text),
            "value": {
                "anyOf": [{"type": "integer", "minimum": 0}, text],
                "description": "the number as printed: '4.956', '4,37', '97 nghìn', '118/138'",
            },
            "hedge": {"enum": sorted(HEDGES)},
            "kind": {"enum": [k.value for k in TableKind]},
            "planned": {"type": "boolean"},
            "scope": {"enum": [s.value for s in Scope]},
        },
        "additionalProperties": False,
    }
    relation = {
        "type": "object",
        "required": ["kind"],
        "properties": {
            **dict.fromkeys(_RELATION_KEYS, text),
            "kind": {"enum": [k.value for k in RelationKind]},
            "parts": {"type": "array", "items": text},
            "direction": {"enum": ["increase", "decrease"]},
        },
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "description": "the general figure table: any figure and its declared relations",
        "properties": {
            "figures": {"type": "array", "items": figure},
            "relations": {"type": "array", "items": relation},
        },
        "additionalProperties": False,
    }


def _rendered_schema(date: dict[str, Any]) -> dict[str, Any]:
    """The keys ``qcdc report --format json`` adds: read past by the loader."""
    said = "written by qcdc report --format json; read past"
    return {
        "report_date": {
            "anyOf": [date, {"type": "null"}],
            "description": f"the report's date, null when undated ({said}, must match)",
        },
        "undated": {
            "type": "boolean",
            "description": f"the report has neither a date nor a year ({said}, must match)",
        },
        "checks": {"type": "array", "description": f"every check run ({said})"},
        "findings": {"type": "array", "description": f"the findings ({said})"},
        "summary": {"type": "object", "description": f"the counts of checks ({said})"},
        "today": {"type": "object", "description": f"these units today ({said})"},
    }
