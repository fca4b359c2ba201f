"""What the command prints speaks the shell user's language (issue 15 §3): a count of one
takes the singular, a passed check says in words what was checked, a table fits the
terminal, an error names the date and the key it is about and no Python API."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
REPORTS = HERE / "data" / "reports"
HAMLETS = HERE / "data" / "hamlets"
CASES = HERE / "data" / "inspection" / "cases_hanoi_2021.csv"

Cli = Callable[..., Any]

#: a number followed by a plural noun where the number is 1 ("1 findings", "1 errors")
_ONE_PLURAL = re.compile(
    r"(?<![\d.,])1 (findings|errors|warnings|checks|actions|communities|tasks|acts|"
    r"case records|cases|units|records|rows|codes|differences)\b"
)
_HEDGED_PLURAL = re.compile(r"\w\(s\)")


def _no_bad_plural(text: str) -> None:
    assert not _ONE_PLURAL.search(text), _ONE_PLURAL.search(text)
    assert not _HEDGED_PLURAL.search(text), _HEDGED_PLURAL.search(text)


# ----------------------------------------------------------------------------- plurals


def test_one_finding_and_one_error_are_singular(cli: Cli) -> None:
    r = cli(f"check {REPORTS / 'hanoi-2021-wrong-percent.toml'}")
    assert r.status == 1
    assert "17 checks, 1 finding (1 error, 0 warnings)" in r.out
    _no_bad_plural(r.out)


def test_the_report_summary_says_one_error(cli: Cli) -> None:
    r = cli(f"report {REPORTS / 'hanoi-2021-wrong-percent.toml'} --offline")
    assert r.status == 1
    assert "1 error · 0 warnings" in r.out
    _no_bad_plural(r.out)
    r = cli(f"report {REPORTS / 'hanoi-2021-wrong-percent.toml'} --offline --format markdown")
    assert "1 error, 0 warnings" in r.out
    _no_bad_plural(r.out)


def _first_rows(src: Path, dst: Path, n: int) -> Path:
    lines = src.read_text(encoding="utf-8").splitlines()
    dst.write_text("\n".join(lines[: n + 1]) + "\n", encoding="utf-8")
    return dst


def test_hamlets_and_plans_of_one(cli: Cli, tmp_path: Path) -> None:
    one = _first_rows(HAMLETS / "hamlets_small.csv", tmp_path / "one.csv", 1)
    r = cli(f"hamlets check {one} --on 2021-12-17")
    assert r.out.startswith("1 community on 2021-12-17: 1 must merge, 0 may merge, 0 comply")
    _no_bad_plural(r.out)
    plan = _first_rows(HAMLETS / "plan_valid.csv", tmp_path / "plan.csv", 1)
    r = cli(f"plan check {plan} --hamlets {one} --on 2021-12-17")
    assert "1 action against 1 community" in r.out
    _no_bad_plural(r.out)
    r = cli(f"plan check {plan} --hamlets {HAMLETS / 'hamlets_small.csv'} --on 2021-12-17")
    assert "1 action against 9 communities" in r.out


def test_cases_of_one(cli: Cli, tmp_path: Path) -> None:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    late = next(line for line in lines if line.startswith("HN-2021-011"))
    one = tmp_path / "one.csv"
    one.write_text(f"{lines[0]}\n{late}\n", encoding="utf-8")
    r = cli(f"cases overdue {one} --on 2022-03-01")
    assert r.out.startswith("1 of 1 case waits for an answer past the deadline"), r.out
    _no_bad_plural(r.out)
    r = cli(f"cases overdue {CASES} --on 2022-03-01")
    assert r.out.startswith("3 of 12 cases wait for an answer"), r.out
    r = cli(f"cases tally {one} --period 2021")
    assert r.out.startswith("1 case record;"), r.out
    _no_bad_plural(r.out)


def test_tasks_and_acts_of_one(cli: Cli, tmp_path: Path) -> None:
    text = resources.files("qcdc.directives").joinpath("data/tasks/hanoi-2021.toml")
    head, *tasks = text.read_text(encoding="utf-8").split("[[tasks]]")
    one = tmp_path / "one.toml"
    one.write_text(head + "[[tasks]]" + tasks[0], encoding="utf-8")
    r = cli(f"tasks overdue {one} --on 2023-01-01")
    assert r.out.startswith("1 of 1 task overdue on 2023-01-01"), r.out
    _no_bad_plural(r.out)
    r = cli(f"tasks overdue {one} --on 2022-01-01")
    assert r.out.startswith("no task overdue on 2022-01-01 (1 task)"), r.out
    r = cli(f"tasks due {one} --from 2022-01-01 --to 2022-12-31")
    assert r.out.startswith("1 of 1 task due"), r.out
    r = cli("units acts --since 2026-09-01 --until 2026-09-01")
    assert "\n1 act; newest act in force" in r.out
    _no_bad_plural(r.out)


# ----------------------------------------------------------------------------- report files


def _embedded_json(cli: Cli) -> dict[str, Any]:
    import json

    r = cli("report --format json --offline")
    data: dict[str, Any] = json.loads(r.out)
    return data


@pytest.mark.parametrize(
    ("where", "value", "path", "said"),
    [
        (("source", "document"), 5, "source.document", "expected text, got 5"),
        (("source", "url"), 5, "source.url", "expected text, got 5"),
        (("units", "commune", "total"), "abc", "units.commune.total", "a number"),
        (("hamlets", "note"), 3, "hamlets.note", "expected text, got 3"),
        (("documents", 0, "number"), 5, "documents[0].number", "expected text, got 5"),
        (("tasks", 0, "text"), 5, "tasks[0].text", "expected text, got 5"),
        (("tasks", 0, "due"), 5, "tasks[0].due", "expected a date"),
    ],
)
def test_a_json_report_with_a_wrong_type_names_the_key_path(
    where: tuple[str | int, ...], value: object, path: str, said: str, cli: Cli, tmp_path: Path
) -> None:
    import json

    data = _embedded_json(cli)
    node: Any = data
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = cli(f"check {bad}")
    assert r.status == 2, r.out
    assert f"field '{path}'" in r.err and said in r.err, r.err
    for python in ("Attribute(", "<class", "validator", "mappingproxy"):
        assert python not in r.err, r.err


def _embedded_toml() -> str:
    return (
        resources.files("qcdc.reports")
        .joinpath("data/examples/hanoi-2021.toml")
        .read_text(encoding="utf-8")
    )


def test_a_unit_count_off_the_official_list_says_which_figure_is_the_reports(
    cli: Cli, tmp_path: Path
) -> None:
    text = _embedded_toml()
    wrong = text.replace("total = 579", "total = 580").replace('"xã" = 383', '"xã" = 384')
    assert wrong != text
    path = tmp_path / "wrong.toml"
    path.write_text(wrong, encoding="utf-8")
    r = cli(f"check {path}")
    assert r.status == 1
    assert "the report gives 580 commune-level units; the official list of 2021-12-17 has 579" in (
        r.out
    ), r.out
    assert "the report gives 384 units of kind xã; the official list of 2021-12-17 has 383" in (
        r.out
    ), r.out
    assert "must have" not in r.out


# ----------------------------------------------------------------------------- passed checks


def test_a_passed_check_says_in_words_what_was_checked(cli: Cli) -> None:
    """A pass reads as what was checked, the rule id in brackets after it: never a bare
    rule id such as 'place.unknown' or 'document.unparsable', which reads as a failure."""
    from qcdc.reports import RULES

    r = cli("report --offline")
    table = r.out
    r = cli("report")
    table += r.out
    assert (
        "✓ the place is a known unit: 01 Thành phố Hà Nội is in force on 2021-12-17 "
        "[place.unknown]" in table
    )
    assert "✓ the document number is well formed: 04-CTr/TU parses [document.unparsable]" in table
    marks = [line.strip() for line in table.splitlines() if line.strip()[:2] in ("✓ ", "✗ ", "! ")]
    assert marks
    ids = {rule.id for rule in RULES}
    for line in marks:
        words = line[2:]
        assert words.split(":")[0] not in ids, line
        assert re.search(r" \[[a-z.-]+\]$", line), line
    for rule in RULES:
        assert rule.label and rule.label != rule.id and "." not in rule.label, rule
    md = cli("report --format markdown").out
    assert "✓ the place is a known unit: 01 Thành phố Hà Nội" in md and "`place.unknown`" in md


# ----------------------------------------------------------------------------- no Python API

_PYTHON = re.compile(r"\w\(\)|\w\(code|\b\w+=(?!\S*\s*\d)|\bfield '|\benum\b|on_split|on_unknown")


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("lineage project 00001 --on 2021-12-17 --to 2021-01-01", "--to 2021-01-01 is before"),
        (
            "lineage predecessors 00097 --on 2025-07-01 --since 2026-01-01",
            "--since 2026-01-01 is after --on 2025-07-01",
        ),
        (f"cases tally {CASES} --period 2021 --to 2021-01-01", "--to 2021-01-01 is before"),
        (
            f"cases tally {CASES} --period 2021 --by commune --to 2025-07-01 --on-split raise",
            "--on-split default",
        ),
        ("units count --kind foo --on 2021-12-17", "--kind must be one of"),
        ("units export --on 2021-12-17 --format sqlite", "--out"),
        ("lineage crosswalk --on 2021-12-17 --to 2025-07-01 --format sqlite", "--out"),
    ],
)
def test_errors_speak_the_shells_words(command: str, said: str, cli: Cli) -> None:
    r = cli(command)
    assert r.status == 2, r.err
    assert said in r.err, r.err
    assert not _PYTHON.search(r.err.replace("qcdc: --on not given", "")), r.err


def test_an_unfollowable_code_is_said_with_the_option_to_leave_it_out(
    cli: Cli, monkeypatch: Any, tmp_path: Path
) -> None:
    import datetime as dt

    from qcdc.errors import UnresolvedUnit

    def unresolved(*args: Any, **kwargs: Any) -> Any:
        raise UnresolvedUnit(
            {"00001": "the data cannot follow it"},
            on=dt.date(2021, 12, 17),
            to=dt.date(2025, 7, 1),
        )

    monkeypatch.setattr("qcdc.units.gazetteer.Gazetteer.convert", unresolved)
    codes = tmp_path / "codes.txt"
    codes.write_text("00001\n", encoding="utf-8")
    r = cli(f"lineage convert {codes} --on 2021-12-17 --to 2025-07-01")
    assert r.status == 2 and "00001" in r.err and "--on-unknown none" in r.err, r.err
    assert not _PYTHON.search(r.err), r.err


@pytest.mark.parametrize(
    "command",
    [
        f"cases tally {CASES} --period 'quý III'",
        "extract tests/data/golden/hanoi-2021-article.txt --period 'quý III'",
    ],
)
def test_a_period_without_its_year_is_said_in_the_shells_words(
    command: str, cli: Cli, monkeypatch: Any
) -> None:
    monkeypatch.chdir(HERE.parent)
    r = cli(command)
    assert r.status == 2
    assert "--period 'quý III' has no year" in r.err and "quý III/2021" in r.err, r.err
    assert not _PYTHON.search(r.err), r.err


# ----------------------------------------------------------------------------- terminal width


@pytest.mark.parametrize(
    "command",
    [
        "check tests/data/reports/hanoi-2021-wrong-percent.toml",
        "report --to 2025-07-01",
        "report tests/data/reports/hanoi-2021-wrong-percent.toml --offline",
        f"cases overdue {CASES} --on 2022-03-01",
        f"cases tally {CASES} --period 2021 --by district",
        "tasks due hanoi-2021 --from 2022-01-01 --to 2022-12-31",
        "tasks overdue hanoi-2021 --on 2023-01-01",
        "tasks progress hanoi-2021 --on 2022-06-30",
        "hamlets check tests/data/hamlets/hamlets_small.csv --on 2021-12-17",
        "plan check tests/data/hamlets/plan_five_errors.csv "
        "--hamlets tests/data/hamlets/hamlets_small.csv --on 2021-12-17",
    ],
)
def test_tables_fit_a_terminal_of_100_columns(
    command: str, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal every line the command prints fits its width (a long message wraps
    onto continuation lines; piped to a file, a row stays one line: see the goldens)."""
    import sys

    monkeypatch.chdir(HERE.parent)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    r = cli(command)
    assert r.status in (0, 1), r.err
    long = [line for line in r.out.splitlines() if len(line) > 100]
    assert not long, long


# ----------------------------------------------------------------------------- the date asked


@pytest.mark.parametrize(
    ("command", "date"),
    [
        ("units count --within 99 --on 2021-12-17", "2021-12-17"),
        ("units find Tân --within 99 --on 2025-07-01", "2025-07-01"),
        ("units export --within 99 --on 2021-12-17", "2021-12-17"),
        ("units show 001 --on 2025-07-01", "2025-07-01"),
        ("units count --on 1990-01-01", "1990-01-01"),
        ("lineage predecessors 00001 --on 2025-07-01 --since 2021-12-17", "2025-07-01"),
        (f"cases tally {CASES} --period 2021 --on 2025-07-01", "2025-07-01"),
    ],
)
def test_an_error_about_a_date_names_the_date_asked(command: str, date: str, cli: Cli) -> None:
    """Every command that takes --on says, when it fails, the date it was asked about."""
    r = cli(command)
    assert r.status == 2, r.out
    error = r.err.splitlines()[-1]
    assert error.startswith("qcdc: error:") and date in error, r.err
