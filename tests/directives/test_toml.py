"""Task files (qcdc.directives._toml): examples, error paths, round trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from qcdc.dates import Deadline, Period
from qcdc.directives import (
    Body,
    BodyKind,
    Directive,
    Task,
    TaskStatus,
    hanoi_2021_tasks,
    overdue,
)
from qcdc.directives._toml import (
    EMBEDDED,
    TaskFile,
    dump_tasks,
    embedded_tasks,
    load_tasks,
    loads_tasks,
)
from qcdc.errors import InputError
from qcdc.units import UnitLevel

# a district committee's plan: two numbered directives, one set of conclusions, five tasks
RICH = (Path(__file__).parent / "data" / "ba-dinh-2022.toml").read_text(encoding="utf-8")

ON_TIME = dt.date(2022, 12, 31)


def _error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        loads_tasks(text)
    return info.value


# --------------------------------------------------------------------------------- examples


def test_hanoi_overdue_dates() -> None:
    """None overdue on the last day of 2022, all five on the first day of 2023."""
    tasks = load_tasks(embedded_tasks("hanoi-2021")).tasks
    assert overdue(tasks, on=ON_TIME) == []
    assert len(overdue(tasks, on=dt.date(2023, 1, 1))) == 5


def test_rich_file_reads_every_key() -> None:
    book = loads_tasks(RICH)
    assert book.issuer.kind is BodyKind.PEOPLES_COMMITTEE
    assert book.level is UnitLevel.DISTRICT
    plan, decision, conclusions = book.directives
    assert str(plan.number) == "05/KH-UBND"
    assert [str(n) for n in plan.supersedes] == ["12/KH-UBND"]
    assert decision.issued == dt.date(2022, 4, 15)
    assert [str(n) for n in decision.amends] == ["05/KH-UBND"]
    assert conclusions.number is None
    report = book.task("KH05-1")
    assert report.due_date() == dt.date(2022, 3, 22)
    assert report.status is TaskStatus.DONE
    assert report.history[-1].note == "Báo cáo số 88/BC-PNV"
    assert not report.done_late()
    review = book.task(2)
    assert review.assigned == dt.date(2022, 4, 20)
    assert review.due_date() == dt.date(2022, 6, 30)
    assert review.assignee.unit_code == "00001"
    quarterly = book.task(3)
    assert quarterly.due_date() == dt.date(2022, 6, 30)  # the year comes from the assignment
    assert len(quarterly.due_dates(between=Period.for_year(2022))) == 4
    assert book.task(4).status is TaskStatus.CANCELLED
    assert book.task(4).directive is conclusions
    assert book.task(5).due_date() == dt.date(2022, 1, 19)  # 30 days from 2021-12-20


def test_iso_text_and_toml_dates_are_the_same_deadline() -> None:
    a = loads_tasks(RICH.replace("due = 2022-06-30", 'due = "2022-06-30"'))
    assert a == loads_tasks(RICH)


def test_load_from_a_path(tmp_path: Path) -> None:
    f = tmp_path / "tasks.toml"
    f.write_text(RICH, encoding="utf-8")
    assert load_tasks(f) == load_tasks(str(f)) == loads_tasks(RICH)


# ---------------------------------------------------------------------------------- round trip


def test_round_trip_rich_file() -> None:
    book = loads_tasks(RICH)
    text = dump_tasks(book)
    assert loads_tasks(text) == book
    assert dump_tasks(loads_tasks(text)) == text


def test_round_trip_hanoi_with_progress() -> None:
    t = hanoi_2021_tasks()
    done = t[0].start(on=dt.date(2022, 2, 1)).complete(on=dt.date(2022, 11, 30), note="xong")
    cancelled = t[1].cancel(on=dt.date(2022, 3, 1))
    book = TaskFile.from_tasks((done, cancelled, *t[2:]), ids=["a", "b", "7", "08", "9"])
    text = dump_tasks(book, header="# progress as of 2022-12-31")
    assert text.startswith("# progress as of 2022-12-31\n")
    assert 'id = "08"' in text and "id = 7" in text
    assert loads_tasks(text) == book


def test_dump_keys_bodies_apart_when_abbreviations_repeat() -> None:
    book = loads_tasks(RICH)
    twin = attrs.evolve(book.task(2).assignee, unit_code="00004", name="UBND phường Trúc Bạch")
    tasks = (*book.tasks, attrs.evolve(book.task(2), assignee=twin, history=()))
    bigger = attrs.evolve(book, tasks=tasks, ids=(*book.ids, "6"))
    assert loads_tasks(dump_tasks(bigger)) == bigger


# ---------------------------------------------------------------------------------- error paths


def test_not_toml_names_the_line() -> None:
    e = _error("format = 1\n[committee\n")
    assert e.line == 2 and "not valid TOML" in str(e)


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("format = 1", "format = 2", "format", "format must be 1"),
        ("format = 1", "formt = 1", "formt", "unknown key"),
        ('kind = "peoples_committee"', 'kind = "council"', "issuer.kind", "unknown body kind"),
        ('kind = "peoples_committee"\n', "", "issuer.kind", "missing key"),
        ('name = "Ủy ban nhân dân quận Ba Đình"', 'name = " "', "issuer.name", "non-empty"),
        ('unit = "001"', "unit = 1", "issuer.unit", "unit code as a string"),
        ('unit = "001"', 'unit = "1"', "issuer.unit", "2, 3 or 5 digits"),
        ('abbreviation = "PNV"', 'abbreviation = "P N V"', "bodies.noi_vu.abbreviation", "letters"),
        ('level = "district"', 'level = "ward"', "issuer.level", "province, district or commune"),
        ("[bodies.noi_vu]", "[bodies.issuer]", "bodies.issuer", "own issuer"),
        ('title = "Quyết định giao nhiệm vụ"', 'title = ""', "directives[1].title", "non-empty"),
        ('number = "57/QĐ-UBND"', "number = 57", "directives[1].number", "must be a string"),
        ('number = "57/QĐ-UBND"', 'number = "57/QĐ-"', "directives[1].number", "57/QĐ-"),
        ('number = "57/QĐ-UBND"', 'number = "05/KH-UBND"', "directives[1].number", "second"),
        ('issued = "2022-04-15"', 'issued = "2022-02-30"', "directives[1].issued", "not a real"),
        ('issued = "2022-04-15"', 'issued = "15/4/2022"', "directives[1].issued", "a date"),
        ('issued = "2022-04-15"', "issued = 2022-04-15T08:00:00", "directives[1].issued", "a date"),
        ('issued = "2022-04-15"\n', "", "directives[1].issued", "missing key"),
        (
            'supersedes = ["12/KH-UBND"]',
            'supersedes = "12/KH-UBND"',
            "directives[0].supersedes",
            "list",
        ),
        (
            'supersedes = ["12/KH-UBND"]',
            'supersedes = ["12/"]',
            "directives[0].supersedes[0]",
            "'12/'",
        ),
        ('id = "KH05-1"', "id = 1.5", "tasks[0].id", "string or an integer"),
        ('id = "KH05-1"', "id = true", "tasks[0].id", "string or an integer"),
        ('id = "KH05-1"\n', "", "tasks[0].id", "missing key"),
        ('id = "KH05-1"', 'id = "2"', "tasks[1].id", "used by tasks[0]"),
        ('description = "Báo cáo kết quả"\n', "", "tasks[0].description", "missing key"),
        ('assignee = "noi_vu"', 'assignee = "vp"', "tasks[0].assignee", "unknown assignee"),
        (
            'directive = "57/QĐ-UBND"',
            'directive = "58/QĐ-UBND"',
            "tasks[1].directive",
            "no directive",
        ),
        ('directive = "57/QĐ-UBND"', "directive = 57", "tasks[1].directive", "must be a string"),
        (
            "assigned = 2022-04-20",
            "assigned = 2022-04-01",
            "tasks[1].assigned",
            "before its directive",
        ),
        ('due = "trong quý II/2022"\n', "", "tasks[1].due", "missing key"),
        ('due = "trong quý II/2022"', "due = 30", "tasks[1].due", "a date or a deadline"),
        ('due = "trong quý II/2022"', 'due = "sớm"', "tasks[1].due", "expected a deadline"),
        ('due = "trong quý II/2022"', 'due = "2022-13-01"', "tasks[1].due", "not a real date"),
        (
            'due = "trong quý II/2022"',
            'due = "trong quý I/2022"',
            "tasks[1].due",
            "before its directive",
        ),
        ("started = 2022-05-01", "started = 2022-04-01", "tasks[1].started", "before assigned"),
        (
            "cancelled = 2022-05-10",
            "started = 2022-05-10\ndone = 2022-05-01",
            "tasks[3].done",
            "before started",
        ),
        (
            "cancelled = 2022-05-10",
            "cancelled = 2022-05-10\ndone = 2022-05-11",
            "tasks[3].cancelled",
            "both done",
        ),
        (
            "cancelled = 2022-05-10",
            "cancelled = { when = 2022-05-10 }",
            "tasks[3].cancelled.when",
            "unknown key",
        ),
        (
            "cancelled = 2022-05-10",
            "cancelled = { on = 2022-05-10, note = 1 }",
            "tasks[3].cancelled.note",
            "must be a string",
        ),
        (
            "cancelled = 2022-05-10",
            'cancelled = { note = "x" }',
            "tasks[3].cancelled.on",
            "missing key",
        ),
        ("cancelled = 2022-05-10", 'cancelled = "soon"', "tasks[3].cancelled", "a date"),
        ("RRULE:FREQ=MONTHLY", "RRULE:FREQ=SOMETIMES", "tasks[2].recurrence", "RRULE"),
        ('due = "30 ngày"', 'due = "30 ngày"\nowner = "x"', "tasks[4].owner", "unknown key"),
    ],
)
def test_error_names_key_path_and_line(old: str, new: str, field: str, words: str) -> None:
    assert old in RICH
    text = RICH.replace(old, new, 1)
    e = _error(text)
    assert e.field == field
    assert words in str(e)
    assert e.source == "<string>"
    assert e.line is not None and 1 <= e.line <= text.count("\n") + 1


def test_error_line_points_at_the_key() -> None:
    text = RICH.replace('due = "30 ngày"', 'due = "sớm"')
    e = _error(text)
    assert text.splitlines()[e.line - 1] == 'due = "sớm"'  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("format = 1\n", "committee", "exactly one of"),
        ('committee = "BCĐ"\n', "committee", "must be a table"),
        (RICH.replace("[issuer]", "[committee]"), "committee.kind", "[issuer]"),
        (RICH.replace("[issuer]", "[committee]\n[issuer]"), "committee", "exactly one of"),
        ('bodies = 1\n[committee]\nname = "B"\nabbreviation = "BCĐ"\n', "bodies", "table"),
        ('directives = 1\n[committee]\nname = "B"\nabbreviation = "BCĐ"\n', "directives", "array"),
        ('tasks = [1]\n[committee]\nname = "B"\nabbreviation = "BCĐ"\n', "tasks[0]", "table"),
        (
            RICH.replace(
                "[[directives]]\nissued = 2021-12-20",
                '[[directives]]\nnumber = "9/KH-UBND"\nissued = 2021-12-20',
            ),
            "tasks[3].directive",
            "missing key",
        ),
        (
            RICH + '\n[[directives]]\nissued = 2021-12-21\ntitle = "Kết luận khác"\n',
            "directives[3].number",
            "second directive with no number",
        ),
    ],
)
def test_structural_errors(text: str, field: str, words: str) -> None:
    e = _error(text)
    assert e.field == field
    assert words in str(e)


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_tasks(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes("name = 'Hà'\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        load_tasks(latin)
    with pytest.raises(InputError, match="usable path"):
        load_tasks("a\0b")
    with pytest.raises(InputError, match="path or TOML text"):
        load_tasks(42)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="takes TOML text"):
        loads_tasks(b"format = 1")  # type: ignore[arg-type]


def test_embedded_names() -> None:
    assert EMBEDDED == ("hanoi-2021",)
    with pytest.raises(InputError, match="no embedded task file"):
        embedded_tasks("hanoi-2022")


def test_task_file_invariants() -> None:
    book = load_tasks(embedded_tasks("hanoi-2021"))
    with pytest.raises(InputError, match="one id per task"):
        attrs.evolve(book, ids=book.ids[:4])
    with pytest.raises(InputError, match="repeats"):
        attrs.evolve(book, ids=("1", "1", "2", "3", "4"))
    with pytest.raises(InputError, match="non-empty"):
        attrs.evolve(book, ids=("", "1", "2", "3", "4"))
    with pytest.raises(InputError, match="no task with id"):
        book.task(6)


def test_from_tasks_needs_one_issuer() -> None:
    rich = loads_tasks(RICH)
    other = Body("Thành ủy Hà Nội", BodyKind.PARTY_COMMITTEE, "TU", unit_code="01")
    foreign = attrs.evolve(rich.tasks[0], directive=attrs.evolve(rich.directives[0], issuer=other))
    with pytest.raises(InputError, match="one issuer"):
        TaskFile.from_tasks([rich.tasks[1], foreign])


def test_dump_refuses_what_cannot_be_read_back() -> None:
    book = loads_tasks(RICH)
    other = Body("Thành ủy Hà Nội", BodyKind.PARTY_COMMITTEE, "TU", unit_code="01")
    with pytest.raises(InputError, match="issued by"):
        dump_tasks(attrs.evolve(book, directives=(attrs.evolve(book.directives[0], issuer=other),)))
    law = Directive(
        "10/2022/QH15", book.issuer, dt.date(2022, 11, 10), "Luật Thực hiện dân chủ ở cơ sở"
    )
    law = attrs.evolve(law, kind=book.directives[0].kind)
    with pytest.raises(InputError, match="kind"):
        dump_tasks(attrs.evolve(book, directives=(law,), tasks=(), ids=()))
    with pytest.raises(InputError, match="not in the file"):
        dump_tasks(attrs.evolve(book, directives=book.directives[1:]))
    due = Deadline.end_of(Period(dt.date(2022, 3, 5), dt.date(2022, 4, 10)))
    task = Task(book.directives[0], book.issuer, "Việc lẻ", due)
    assert loads_tasks(dump_tasks(TaskFile.from_tasks([task]))).tasks == (task,)


def test_dump_refuses_a_deadline_text_that_reads_differently(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every deadline qcdc writes reads back today; the guard stays for future deadline kinds."""
    book = loads_tasks(RICH)
    monkeypatch.setattr(
        Deadline, "parse", classmethod(lambda cls, text, reference=None: cls.days(1))
    )
    with pytest.raises(InputError, match="reads back"):
        dump_tasks(book)


# --- paths and text, hostile sizes (issue 11 §3, §4) ------------------------------------


def test_a_path_is_a_path_whatever_it_holds(tmp_path: Path) -> None:
    """``load_tasks`` reads a ``str`` with no line break as a path, ``=`` and all."""
    with pytest.raises(InputError, match="not found") as info:
        load_tasks("/dir/a=b/t.toml")
    assert info.value.source == "/dir/a=b/t.toml"
    folder = tmp_path / "a=b"
    folder.mkdir()
    path = folder / "t = 1.toml"
    path.write_text(embedded_tasks("hanoi-2021"), encoding="utf-8")
    expected = loads_tasks(embedded_tasks("hanoi-2021"))
    assert load_tasks(str(path)) == expected
    assert load_tasks(path) == expected


def test_text_with_a_line_break_is_toml_text() -> None:
    text = embedded_tasks("hanoi-2021")
    assert load_tasks(text) == loads_tasks(text)
    assert load_tasks(text.replace("\n", "\r\n")) == loads_tasks(text)


def test_a_repeated_id_names_the_first_task_with_it() -> None:
    text = embedded_tasks("hanoi-2021")
    e = _error(
        text
        + '\n[[tasks]]\nid = 3\ndescription = "x"\nassignee = "committee"\ndue = "trong năm 2022"\n'
    )
    assert e.field == "tasks[5].id"
    assert "used by tasks[2]" in str(e)


@pytest.mark.parametrize("level", ["[]", "{}", "3", "true"])
def test_a_level_of_the_wrong_type_is_an_input_error(level: str) -> None:
    """Found by tests/fuzz: ``level = []`` raised a TypeError (unhashable) on main."""
    text = embedded_tasks("hanoi-2021").replace('level = "province"', f"level = {level}")
    e = _error(text)
    assert e.field == "committee.level"
