"""Display: terminal, Markdown, JSON (qcdc.reports.render), notebooks and dataframes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from qcdc.errors import InputError, MissingDependency
from qcdc.reports import (
    AnnualReport,
    FindingList,
    InspectionFigures,
    ReportTask,
    check,
    extract_figures,
    load_report,
    run_checks,
)
from qcdc.reports.render import RenderSection, render

DATA = Path(__file__).parent.parent / "data" / "reports"
Bare = Callable[..., AnnualReport]


def _article(name: str) -> str:
    return (DATA / "articles" / f"{name}.txt").read_text(encoding="utf-8").rstrip("\n")


HANOI_TEXT = _article("hanoi")


# =====================================================================================
# display: terminal, Markdown, JSON, notebooks
# =====================================================================================


def test_render_table_markdown_and_json(hanoi: AnnualReport) -> None:
    checks = run_checks(hanoi)
    findings = [c.finding for c in checks if c.finding is not None]
    extra = [
        RenderSection(
            "today",
            "Các đơn vị này hôm nay (these units today)",
            rows=[("communes on 2025-07-01", "126")],
            text="579 communes of 2021 are 126 today",
        )
    ]
    table = render(hanoi, findings, fmt="table", checks=checks, extra_sections=extra)
    assert (
        "✓ the percentage matches its ratio: (7.968 − 5.393) / 7.968 = 32,3% ≈ 32% "
        "[percent.matches-ratio]" in table
    )
    assert "Summary: 17 checks, 17 passed · 0 errors · 0 warnings" in table
    assert table.rstrip().splitlines()[-3].endswith("126")
    md = render(hanoi, findings, fmt="markdown", checks=checks, extra_sections=extra)
    assert md.startswith("# Gắn thực hiện")
    assert "| Tỷ lệ giảm | 32% |" in md
    assert "## Các đơn vị này hôm nay (these units today)" in md
    data = json.loads(render(hanoi, findings, fmt="json", checks=checks, extra_sections=extra))
    assert data["findings"] == []
    assert data["hamlets"]["percent"] == "32%"
    assert data["today"] == {"communes on 2025-07-01": "126"}
    assert data["summary"] == {"errors": 0, "warnings": 0, "checks": 17, "passed": 17, "failed": 0}
    extra_data = [RenderSection("today", "Today", data={"communes": 126})]
    assert json.loads(render(hanoi, [], fmt="json", extra_sections=extra_data))["today"] == {
        "communes": 126
    }


def test_render_shows_failures(hanoi: AnnualReport, bare: Bare) -> None:
    broken = load_report(DATA / "hanoi-2021-wrong-percent.toml")
    checks = run_checks(broken)
    findings = [c.finding for c in checks if c.finding is not None]
    table = render(broken, findings, fmt="table", checks=checks)
    assert "✗ the percentage matches its ratio:" in table and "1 error ·" in table
    plain = render(broken, findings, fmt="table")
    assert "Findings" in plain and "error: [percent.matches-ratio]" in plain
    md = render(broken, findings, fmt="markdown")
    assert "**error** `percent.matches-ratio` at `hamlets.percent`" in md
    md_checks = render(broken, findings, fmt="markdown", checks=checks)
    assert "- ✗ the percentage matches its ratio: " in md_checks
    assert "[`percent.matches-ratio`] — error: " in md_checks
    data = json.loads(render(broken, findings, fmt="json"))
    assert data["findings"] == [
        {
            "rule": "percent.matches-ratio",
            "severity": "error",
            "path": "hamlets.percent",
            "message": findings[0].message,
        }
    ]
    warn = bare(
        inspection=InspectionFigures(violations=1, recommended=2),
        tasks=[ReportTask(text="x", due="2022-01-01", owner="UBND")],
    )
    checks = run_checks(warn, against_gazetteer=False)
    text = render(warn, [c.finding for c in checks if c.finding], fmt="table", checks=checks)
    assert "! recommended are within the violations: " in text
    assert "(UBND; due 2022-01-01)" in text


def test_render_refuses_an_unknown_format(hanoi: AnnualReport) -> None:
    with pytest.raises(InputError, match="format must be one of table, markdown, json"):
        render(hanoi, [], fmt="html")


def test_notebook_views(hanoi: AnnualReport) -> None:
    page = hanoi._repr_html_()
    assert "<table>" in page and "Sắp xếp thôn, tổ dân phố" in page and "(unsure)" in page
    found = check(load_report(DATA / "hanoi-2021-wrong-percent.toml"))
    assert isinstance(found, FindingList)
    assert "percent.matches-ratio" in found._repr_html_()
    assert found.errors == list(found) and found.warnings == []
    assert found.to_json()[0]["rule"] == "percent.matches-ratio"
    assert FindingList()._repr_html_() == "<p>No findings.</p>"
    assert "inspection.supervised" in extract_figures(HANOI_TEXT)._repr_html_()


def test_to_pandas(hanoi: AnnualReport) -> None:
    frame = hanoi.to_pandas()
    assert list(frame.columns)[:4] == ["path", "label", "printed", "value"]
    assert frame.loc[frame["path"] == "hamlets.percent", "printed"].item() == "32%"
    assert frame.loc[frame["path"] == "hamlets.before", "confidence"].item() == "unsure"
    found = check(load_report(DATA / "hanoi-2021-wrong-percent.toml")).to_pandas()
    assert found["rule"].tolist() == ["percent.matches-ratio"]
    ex = extract_figures(HANOI_TEXT).to_pandas()
    assert ex["metric"].iloc[0] == "units.commune.total"
    assert ex["start"].iloc[0] == 217


def test_to_pandas_without_pandas(hanoi: AnnualReport, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependency, match="pandas"):
        hanoi.to_pandas()
    with pytest.raises(MissingDependency):
        FindingList().to_pandas()
    with pytest.raises(MissingDependency):
        extract_figures("").to_pandas()
