"""The report file format: TOML and JSON in and out, errors with key path and line, the
JSON Schema (qcdc.reports._format)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import attrs
import pytest

from qcdc.citations import Confidence
from qcdc.dates import Period
from qcdc.errors import InputError
from qcdc.reports import (
    AnnualReport,
    InspectionFigures,
    ReportTask,
    _format,
    dump_report,
    dumps_report,
    json_schema,
    load_embedded,
    load_report,
    loads_report,
    report_from_mapping,
)
from qcdc.reports.sections import _SECTION_TYPES

DATA = Path(__file__).parent.parent / "data" / "reports"
Bare = Callable[..., AnnualReport]


# =====================================================================================
# files
# =====================================================================================


def test_round_trip_through_toml_and_json(hanoi: AnnualReport, tmp_path: Path) -> None:
    assert loads_report(dumps_report(hanoi)) == hanoi
    assert loads_report(dumps_report(hanoi, format="json"), format="json") == hanoi
    dump_report(hanoi, tmp_path / "r.toml")
    dump_report(hanoi, tmp_path / "r.json")
    assert load_report(tmp_path / "r.toml") == hanoi
    assert load_report(tmp_path / "r.json") == hanoi
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["place"] == "01"


def test_dump_keeps_printed_text_and_odd_periods(bare: Bare) -> None:
    r = bare(
        period={"start": "2021-03-05", "end": "2021-04-07"}
        and Period(dt.date(2021, 3, 5), dt.date(2021, 4, 7)),
        date="2021-04-10",
        inspection=InspectionFigures(supervised="hơn 3.000", recovered_money="1,2 tỷ đồng"),
        tasks=[ReportTask(text="x", owner="UBND", due="2021-05-01")],
    )
    text = dumps_report(r)
    assert 'supervised = "hơn 3.000"' in text
    assert 'recovered_money = "1,2 tỷ đồng"' in text
    assert loads_report(text) == r


def test_dumps_report_refuses_an_unknown_format(hanoi: AnnualReport) -> None:
    with pytest.raises(InputError, match="format must be"):
        dumps_report(hanoi, format="yaml")
    with pytest.raises(InputError, match="format must be"):
        loads_report("", format="yaml")


MINIMAL = (DATA / "minimal.toml").read_text(encoding="utf-8")


def error_of(text: str, fmt: str = "toml") -> InputError:
    with pytest.raises(InputError) as info:
        loads_report(text, format=fmt, source="r." + fmt)
    return info.value


def test_minimal_file_loads() -> None:
    r = loads_report(MINIMAL)
    assert r.source.confidence is Confidence.LIKELY
    assert r.inspection is not None and r.inspection.supervised is not None


@pytest.mark.parametrize(
    ("change", "field", "line", "message"),
    [
        (("supervised", "supervisd"), "inspection.supervisd", 9, "did you mean 'supervised'"),
        (('"4.956"', '"32%"'), "inspection.supervised", 9, "not a percentage"),
        (('"4.956"', '"4.95"'), "inspection.supervised", 9, "separates thousands"),
        (('"4.956"', "true"), "inspection.supervised", 9, "number or text"),
        (("[inspection]", "[inspektion]"), "inspektion", 8, "did you mean 'inspection'"),
        (('period = "năm 2021"', 'period = "hôm qua"'), "period", 2, "expected a period"),
        (("date = 2021-12-17", 'date = "32/12/2021"'), "date", 3, None),
        (('place = "01"', 'place = "1x"'), "place", 1, "unit code"),
        (
            ('document = "Báo cáo"', 'document = "Báo cáo"\nconfidence = "sure-ish"'),
            "source.confidence",
            7,
            "confidence must be",
        ),
        (('document = "Báo cáo"', 'title = "Báo cáo"'), "source.title", 6, "unknown key"),
        (('place = "01"', 'format = 2\nplace = "01"'), "format", 1, "format must be 1"),
    ],
)
def test_load_errors_name_the_key_path_and_line(
    change: tuple[str, str], field: str, line: int, message: str | None
) -> None:
    err = error_of(MINIMAL.replace(*change, 1))
    assert err.field == field
    assert err.line == line
    assert err.source == "r.toml"
    if message:
        assert message in str(err)
    assert f"line {line}" in str(err)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ('period = "năm 2021"\n[source]\ndocument = "x"\n', "place", "needs 'place'"),
        ('place = "01"\ndate = 2021-12-17\n[source]\ndocument = "x"\n', "period", "needs 'period'"),
        ('place = "01"\nperiod = 2021\n', "source", "needs 'source'"),
        ('place = "01"\nperiod = 2021\n[source]\nurl = "x"\n', "source.document", "document"),
        ('place = "01"\nperiod = 2021\nsource = 3\n', "source", "must be a table"),
        (
            'place = "01"\nperiod = {start = 2021-01-01}\n[source]\ndocument = "x"\n',
            "period",
            "start and end",
        ),
        (
            'place = "01"\nperiod = {start = 2021-01-01, end = 2020-01-01}\n[source]\n'
            'document = "x"\n',
            "period",
            "end",
        ),
        (
            'place = "01"\nperiod = {start = 2021-01-01, finish = 1}\n[source]\ndocument = "x"\n',
            "period.finish",
            "unknown key",
        ),
        (
            'place = "01"\nperiod = 2021\nthemes = "x"\n[source]\ndocument = "x"\n',
            "themes",
            "list of text",
        ),
        (
            'place = "01"\nperiod = 2021\ndocuments = 3\n[source]\ndocument = "x"\n',
            "documents",
            "must be a list",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[[documents]]\nnote = "n"\n',
            "documents[0].number",
            "number or a title",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[[documents]]\nnumero = "n"\n',
            "documents[0].numero",
            "did you mean 'number'",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[[tasks]]\nowner = "n"\n',
            "tasks[0].text",
            "needs its text",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[units.hamlet]\ntotal = 1\n',
            "units.hamlet",
            "unknown level",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[units.commune]\ncount = 1\n',
            "units.commune.count",
            "unknown key",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[units.commune]\n'
            'by_kind = { "làng" = 1 }\n',
            "units.commune.by_kind.làng",
            "kind must be",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[units.commune]\nby_kind = 3\n',
            "units.commune.by_kind",
            "must be a table",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[hamlets]\npercent = "32"\n'
            'before = "7.968,5"\n',
            "hamlets.before",
            "whole number",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[online_services]\n'
            'level = "hamlet"\n',
            "online_services.level",
            "level must be",
        ),
        (
            'place = "01"\nperiod = 2021\n[source]\ndocument = "x"\n[mediation]\n'
            'cases = "dưới 10"\nnote = 3\n',
            "mediation.note",
            "expected text",
        ),
    ],
)
def test_more_load_errors(text: str, field: str, message: str) -> None:
    err = error_of(text)
    assert err.field == field
    assert message in str(err)
    assert err.line is not None


def test_load_accepts_a_period_table_and_task_strings() -> None:
    text = (
        'place = "01"\nperiod = {start = 2021-01-01, end = 2021-06-30}\ntasks = ["Một", "Hai"]\n'
        '[source]\ndocument = "x"\nconfidence = "unsure"\n'
    )
    r = loads_report(text)
    assert r.period == Period(dt.date(2021, 1, 1), dt.date(2021, 6, 30))
    assert [t.text for t in r.tasks] == ["Một", "Hai"]
    assert r.source.confidence is Confidence.UNSURE


def test_syntax_errors_name_the_line() -> None:
    err = error_of('place = "01"\nperiod = \n')
    assert err.line == 2 and "not valid TOML" in str(err)
    # a missing comma: every Python version reports it on the line of the next key
    err = error_of('{\n "place": "01"\n "period": 2}', "json")
    assert err.line == 3 and "not valid JSON" in str(err)
    err = error_of("[1, 2]", "json")
    assert "must be a table" in str(err)


def test_json_errors_name_the_key_path_and_line() -> None:
    text = json.dumps(
        {
            "place": "01",
            "period": "năm 2021",
            "source": {"document": "x"},
            "inspection": {"supervised": "4.956", "violations": "5%"},
        },
        ensure_ascii=False,
        indent=2,
    )
    err = error_of(text, "json")
    assert err.field == "inspection.violations"
    assert err.line == 9


def test_load_report_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_report(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("place = 'Hà'".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        load_report(bad)


def test_report_from_mapping_names_the_path_without_a_line() -> None:
    with pytest.raises(InputError) as info:
        report_from_mapping(
            {
                "place": "01",
                "period": 2021,
                "source": {"document": "x"},
                "hamlets": {"before": "x"},
            },
            source="api",
        )
    assert info.value.field == "hamlets.before"
    assert info.value.line is None and info.value.source == "api"


def test_load_embedded_unknown_name() -> None:
    with pytest.raises(InputError, match="hanoi-2021"):
        load_embedded("hue-2030")


# --- the JSON Schema ---------------------------------------------------------------------


def test_published_schema_is_the_generated_one() -> None:
    text = (
        resources.files("qcdc.reports")
        .joinpath("data", "report.schema.json")
        .read_text(encoding="utf-8")
    )
    assert json.loads(text) == json_schema()


def test_schema_covers_every_key_the_loader_knows() -> None:
    schema = json_schema()
    assert set(schema["properties"]) == {*_format._TOP_KEYS, *_format._RENDERED_KEYS}
    for cls in _SECTION_TYPES:
        assert set(schema["properties"][cls.KEY]["properties"]) == {
            a.name for a in attrs.fields(cls)
        }


def test_a_json_figure_set_to_null_is_an_input_error_at_its_key_and_line() -> None:
    """Issue 11: ``"percent": null`` raised AttributeError from deep in the figure code."""
    text = json.dumps(
        {
            "place": "01",
            "period": "năm 2021",
            "source": {"document": "x"},
            "hamlets": {"before": 10, "percent": None},
        },
        indent=2,
    )
    err = error_of(text, "json")
    assert err.field == "hamlets.percent"
    assert err.line == text.splitlines().index('    "percent": null') + 1
    assert "got null" in str(err) and "leave the key out" in str(err)


def test_what_render_adds_is_read_past_and_the_report_date_must_match(
    hanoi: AnnualReport,
) -> None:
    from qcdc.reports import run_checks
    from qcdc.reports.render import RenderSection, render

    checks = run_checks(hanoi)
    today = RenderSection("today", "These units today", [("a", "b")])
    text = render(hanoi, [], fmt="json", checks=checks, extra_sections=[today])
    added = set(json.loads(text)) - set(hanoi.to_mapping())
    assert added == set(_format._RENDERED_KEYS) - {"undated"}  # written for undated reports
    assert loads_report(text, format="json") == hanoi
    moved = text.replace('"report_date": "2021-12-17"', '"report_date": "2021-12-18"')
    err = error_of(moved, "json")
    assert err.field == "report_date" and "must be the report's date 2021-12-17" in str(err)
    err = error_of(
        text.replace('"summary": {', '"summary": [{').replace(
            '"failed": 0\n  }', '"failed": 0\n  }]'
        ),
        "json",
    )
    assert err.field == "summary"


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_an_integer_of_5000_digits_is_an_input_error(fmt: str) -> None:
    """Issue 11: tomllib refuses such an integer with a bare ValueError."""
    digits = "9" * 5000
    if fmt == "toml":
        text = f'place = "01"\nperiod = {digits}\n[source]\ndocument = "x"\n'
    else:
        text = f'{{"place": "01", "period": {digits}, "source": {{"document": "x"}}}}'
    err = error_of(text, fmt)
    assert "4300" in str(err) or "digits" in str(err)
