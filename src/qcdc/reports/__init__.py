"""Annual grassroots-democracy reports: the model, the consistency checker, the file format,
the figures of an article's text and the rendering of a checked report.

One module per concept: :mod:`~qcdc.reports.figures` (what shape a figure must have),
:mod:`~qcdc.reports.sections` (what each section of a review says),
:mod:`~qcdc.reports.model` (the report, its sources, documents and tasks),
the figure table (its classes public here: :class:`FigureTable`, :class:`TableFigure`,
:class:`Relation`),
comparing two reports and a place's reports across years (:func:`compare`,
:class:`Comparison`, :class:`ReportSeries`),
:mod:`~qcdc.reports.rules` (the rule catalogue), :mod:`~qcdc.reports.checker` (the
checker), :mod:`~qcdc.reports.extract` (text in, draft report out) and
:mod:`~qcdc.reports.render` (a checked report for the terminal, Markdown or JSON).  The
file format (TOML, JSON, the JSON Schema) is private to the package; its functions are
public here.
"""

from __future__ import annotations

from qcdc.reports._format import (
    dump_report,
    dumps_report,
    embedded_reports,
    json_schema,
    load_embedded,
    load_report,
    loads_report,
    report_from_mapping,
)
from qcdc.reports._series import (
    SERIES_RULES,
    Comparison,
    FigureChange,
    NotCompared,
    ReportSeries,
    compare,
)
from qcdc.reports._table import (
    FigureTable,
    Relation,
    RelationKind,
    Scope,
    TableFigure,
    TableKind,
)
from qcdc.reports.checker import CheckResult, check, run_checks, validate
from qcdc.reports.extract import (
    ExtractedFigure,
    Extraction,
    FoundPlace,
    extract_figures,
)
from qcdc.reports.figures import FigureKind, Metric
from qcdc.reports.model import (
    AnnualReport,
    CitedDocument,
    ReportSource,
    ReportTask,
    UndatedPeriod,
)
from qcdc.reports.rules import RULES, FindingList, Rule
from qcdc.reports.sections import (
    Awards,
    Breakdown,
    Contributions,
    DanVanKheo,
    DialogueConferences,
    FrontSupervision,
    HamletReorganisation,
    InspectionFigures,
    InvestmentSupervision,
    Mediation,
    OnlineServices,
    Petitions,
    UnitCounts,
    VillageConventions,
    WorkplaceDemocracy,
)

__all__ = [
    "RULES",
    "SERIES_RULES",
    "AnnualReport",
    "Awards",
    "Breakdown",
    "CheckResult",
    "CitedDocument",
    "Comparison",
    "Contributions",
    "DanVanKheo",
    "DialogueConferences",
    "ExtractedFigure",
    "Extraction",
    "FigureChange",
    "FigureKind",
    "FigureTable",
    "FindingList",
    "FoundPlace",
    "FrontSupervision",
    "HamletReorganisation",
    "InspectionFigures",
    "InvestmentSupervision",
    "Mediation",
    "Metric",
    "NotCompared",
    "OnlineServices",
    "Petitions",
    "Relation",
    "RelationKind",
    "ReportSeries",
    "ReportSource",
    "ReportTask",
    "Rule",
    "Scope",
    "TableFigure",
    "TableKind",
    "UndatedPeriod",
    "UnitCounts",
    "VillageConventions",
    "WorkplaceDemocracy",
    "check",
    "compare",
    "dump_report",
    "dumps_report",
    "embedded_reports",
    "extract_figures",
    "json_schema",
    "load_embedded",
    "load_report",
    "loads_report",
    "report_from_mapping",
    "run_checks",
    "validate",
]
