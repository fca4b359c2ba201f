"""The public face of qcdc.reports: its names, and the modules they live in (issue 10)."""

from __future__ import annotations

import importlib
import inspect

import pytest

import qcdc.reports

MODULES = (
    "qcdc.reports.figures",
    "qcdc.reports.sections",
    "qcdc.reports.model",
    "qcdc.reports.rules",
    "qcdc.reports.checker",
    "qcdc.reports.extract",
    "qcdc.reports.render",
)
# what qcdc.reports.model listed before it was split by concept (the file-format names are
# imported from qcdc.reports: the format reads the model, so the model cannot import it)
MODEL_BEFORE = [
    "RULES",
    "AnnualReport",
    "CheckResult",
    "CitedDocument",
    "DanVanKheo",
    "DialogueConferences",
    "FigureKind",
    "FindingList",
    "HamletReorganisation",
    "InspectionFigures",
    "InvestmentSupervision",
    "Mediation",
    "Metric",
    "OnlineServices",
    "ReportTask",
    "Rule",
    "UnitCounts",
    "check",
    "dump_report",
    "dumps_report",
    "embedded_reports",
    "json_schema",
    "load_embedded",
    "load_report",
    "loads_report",
    "report_from_mapping",
    "run_checks",
    "validate",
]
FORMAT_NAMES = {
    "dump_report",
    "dumps_report",
    "embedded_reports",
    "json_schema",
    "load_embedded",
    "load_report",
    "loads_report",
    "report_from_mapping",
}


@pytest.mark.parametrize("name", MODULES)
def test_each_module_lists_what_it_defines(name: str) -> None:
    module = importlib.import_module(name)
    assert all(hasattr(module, n) for n in module.__all__)
    defined = {
        n
        for n, v in vars(module).items()
        if not n.startswith("_")
        and (inspect.isclass(v) or inspect.isfunction(v))
        and v.__module__ == name
    }
    assert defined <= set(module.__all__)


def test_the_package_exports_every_concept_module_s_names() -> None:
    """Each name of a concept module is the same object in qcdc.reports (render and the
    extraction's helper types excepted: they are used through their module)."""
    exported = set(qcdc.reports.__all__)
    for name in MODULES[:5]:
        module = importlib.import_module(name)
        for n in module.__all__:
            assert n in exported, (name, n)
            assert getattr(qcdc.reports, n) is getattr(module, n)


def test_the_names_of_the_model_before_the_split_are_still_importable() -> None:
    import qcdc.reports.model as model

    for n in MODEL_BEFORE:
        assert hasattr(qcdc.reports, n), n
        assert n in FORMAT_NAMES or hasattr(model, n), n


def test_extraction_types_are_public() -> None:
    ex = qcdc.reports.extract_figures("4 vụ việc")
    assert isinstance(ex, qcdc.reports.Extraction)
    assert isinstance(ex.figures[0], qcdc.reports.ExtractedFigure)


def test_no_name_is_conjured() -> None:
    """No module __getattr__: a name that is not there is an AttributeError."""
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        qcdc.reports.Nope  # noqa: B018
