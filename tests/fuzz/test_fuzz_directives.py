"""Fuzzing the directives pillar: document numbers, finding them in text, task files.

Every public parser answers or raises a QcdcError (issue 11 §3): ``DocumentNumber.parse``
and ``find_document_numbers`` on random text and on random sequences of the pieces of
real numbers; ``loads_tasks`` on random TOML documents shaped like a task file (each
key present or not, each value of a random TOML type), on mutations of the shipped
file, and on random text; ``load_tasks`` on random paths. The examples per test come
from the ``fuzz-*`` profiles (``conftest.py``): 300 in CI, 20,000 in the deep profile.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from qcdc.directives import DocumentNumber, canonical_issuer, find_document_numbers
from qcdc.directives._toml import TaskFile, dump_tasks, embedded_tasks, load_tasks, loads_tasks
from qcdc.errors import QcdcError

FUZZ = settings.get_profile("fuzz-" + os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PIECES = st.sampled_from(
    [
        "Số",
        "số",
        "Số:",
        "số hiệu",
        "ký hiệu",
        "No.",
        "Quyết định",
        "Nghị định",
        "Luật",
        "Kết luận",
        "Thông tư liên tịch",
        "qd",
        "cv",
        " ",
        "  ",
        "\t",
        "/",
        "-",
        "–",
        "—",
        "/",
        ".",
        ",",
        ":",
        ";",
        ")",
        "(",
        "0",
        "00",
        "1",
        "12",
        "123",
        "999999",
        "1000000",
        "2018",
        "1945",
        "2101",
        "9999",
        "QĐ",
        "QD",
        "qđ",
        "NĐ",
        "ND",
        "TT",
        "TTLT",
        "KL",
        "QĐi",
        "QDI",
        "CTr",
        "HD",
        "HĐ",
        "UBND",
        "HDND",
        "TTg",
        "ttg",
        "CP",
        "BNV",
        "TU",
        "TW",
        "VPTW",
        "QH15",
        "UBTVQH15",
        "QH",
        "VP",
        "Đ",
        "đ",
        "ĐU",
        "x",
        "ab1",
        "\u0110",
        "Q\u0110",
        "Q" + "\u0301",
        "A" * 21,
        "1" * 7,
    ]
)
ALPHABET = st.one_of(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Mn")),
    st.sampled_from(" /-–—.,:;()0123456789QĐUBNDTWqđ\u2010\u2212\uff0f\u00a0"),
)
texts = st.one_of(
    st.text(alphabet=ALPHABET, max_size=120),
    st.lists(PIECES, max_size=12).map("".join),
    st.lists(PIECES, max_size=12).map(" ".join),
)


def survives(fn: Any, *args: object, **kwargs: object) -> object:
    """Call ``fn``: an answer or a QcdcError is fine; any other exception fails the test."""
    try:
        return fn(*args, **kwargs)
    except QcdcError:
        return None


# ----------------------------------------------------------------------- document numbers


@FUZZ
@given(texts)
def test_document_numbers_parse_or_raise_qcdc_errors(text: str) -> None:
    """An answer or an InvalidDocumentNumber; an answer writes back to itself."""
    number = survives(DocumentNumber.parse, text)
    if isinstance(number, DocumentNumber):
        assert DocumentNumber.parse(str(number)) == number
    survives(canonical_issuer, text)


@FUZZ
@given(st.lists(texts, min_size=1, max_size=6).map(" ".join))
def test_finding_numbers_in_any_text(text: str) -> None:
    """find_document_numbers answers any text; strict mode raises QcdcErrors only."""
    found = find_document_numbers(text)
    for match in found:
        assert text[match.start : match.end] == match.text
        assert DocumentNumber.parse(match.text) == match.number
    survives(find_document_numbers, text, strict=True)


@FUZZ
@given(st.one_of(st.none(), st.integers(), st.binary(max_size=8), st.lists(st.text(max_size=3))))
def test_document_number_functions_refuse_wrong_types(value: object) -> None:
    survives(DocumentNumber.parse, value)
    survives(find_document_numbers, value)


# ---------------------------------------------------------------------------- task files


def _toml_key(key: str) -> str:
    return json.dumps(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, (int, dt.date, dt.time)):
        return value.isoformat() if not isinstance(value, int) else str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


def _toml(document: dict[str, Any]) -> str:
    return "\n".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in document.items()) + "\n"


SCALARS = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    texts,
    st.dates(),
    st.datetimes(),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
KEY_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "name": st.one_of(st.just("Ban Chỉ đạo"), VALUES),
    "abbreviation": st.one_of(st.just("BCĐ"), st.just(""), VALUES),
    "kind": st.one_of(st.sampled_from(["fatherland_front", "Ủy ban nhân dân", "x"]), VALUES),
    "unit": st.one_of(st.sampled_from(["01", "001", "00001", "1"]), VALUES),
    "level": st.one_of(st.sampled_from(["province", "commune", "x"]), VALUES),
    "number": st.one_of(st.sampled_from(["2200-QĐ/TU", "05/KH-UBND", "x"]), texts, VALUES),
    "issued": st.one_of(st.dates(), st.just("2021-12-17"), st.just("2021-02-30"), VALUES),
    "title": st.one_of(st.just("Kết luận"), VALUES),
    "supersedes": st.one_of(st.lists(st.sampled_from(["1/QĐ-UBND", "x"]), max_size=2), VALUES),
    "id": st.one_of(st.integers(), st.text(max_size=4), VALUES),
    "description": st.one_of(st.just("Việc"), VALUES),
    "assignee": st.one_of(st.sampled_from(["committee", "issuer", "front", "x"]), VALUES),
    "directive": st.one_of(st.sampled_from(["2200-QĐ/TU", "05/KH-UBND"]), VALUES),
    "due": st.one_of(
        st.sampled_from(
            ["trong năm 2022", "trong quý 2/0000", "30 ngày", "trước ngày 30/6", "9999 tháng"]
        ),
        st.dates(),
        texts.map(lambda t: "trong " + t),
        VALUES,
    ),
    "assigned": st.one_of(st.dates(), VALUES),
    "started": st.one_of(st.dates(), st.fixed_dictionaries({"on": st.dates()}), VALUES),
    "done": st.one_of(st.dates(), st.fixed_dictionaries({"on": st.dates(), "note": VALUES})),
    "cancelled": st.one_of(st.dates(), VALUES),
    "recurrence": st.one_of(st.just("DTSTART:20220101\nRRULE:FREQ=MONTHLY;COUNT=3"), VALUES),
}


def _table(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """A table with each of ``keys`` present or not, each with a plausible or random value."""
    return st.fixed_dictionaries({}, optional={k: KEY_VALUES[k] for k in keys})


DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={
        "format": st.one_of(st.just(1), VALUES),
        "committee": st.one_of(_table(["name", "abbreviation", "unit", "level", "kind"]), VALUES),
        "issuer": st.one_of(_table(["name", "abbreviation", "unit", "kind"]), VALUES),
        "bodies": st.one_of(
            st.dictionaries(
                st.sampled_from(["front", "committee", "x"]),
                _table(["name", "abbreviation", "unit", "kind"]),
                max_size=2,
            ),
            VALUES,
        ),
        "directives": st.one_of(
            st.lists(_table(["number", "issued", "title", "supersedes"]), max_size=3), VALUES
        ),
        "tasks": st.one_of(
            st.lists(
                _table(
                    [
                        "id",
                        "description",
                        "assignee",
                        "directive",
                        "due",
                        "assigned",
                        "started",
                        "done",
                        "cancelled",
                        "recurrence",
                    ]
                ),
                max_size=4,
            ),
            VALUES,
        ),
    },
)


def _check_book(book: object) -> None:
    if isinstance(book, TaskFile):
        assert loads_tasks(dump_tasks(book)) == book


@FUZZ
@given(DOCUMENTS)
def test_task_files_from_random_toml_load_or_raise_qcdc_errors(document: dict[str, Any]) -> None:
    """A TOML document of any shape: a TaskFile that round-trips, or a QcdcError."""
    _check_book(survives(loads_tasks, _toml(document)))


HANOI = embedded_tasks("hanoi-2021")
LINES = HANOI.splitlines()


@FUZZ
@given(
    st.integers(0, len(LINES) - 1),
    st.one_of(texts, st.sampled_from(["[[tasks]]", "[bodies.x]", "id = 1", "due = 1", "[a"])),
    st.booleans(),
)
def test_mutated_task_files_load_or_raise_qcdc_errors(line: int, noise: str, insert: bool) -> None:
    """The shipped file with one line replaced by (or followed by) noise."""
    lines = LINES[: line + 1] + [noise] + LINES[line + 1 :] if insert else [*LINES]
    if not insert:
        lines[line] = noise
    _check_book(survives(loads_tasks, "\n".join(lines)))
    _check_book(survives(load_tasks, "\n".join(lines)))


@FUZZ
@given(st.text(max_size=60).filter(lambda s: s != "-"))
def test_load_tasks_on_any_text(text: str) -> None:
    """Any str: a path (no line break) or TOML text; either way an answer or a QcdcError."""
    survives(loads_tasks, text)
    survives(load_tasks, text)
    if "\n" not in text and "\r" not in text and text:
        survives(load_tasks, Path(text))
