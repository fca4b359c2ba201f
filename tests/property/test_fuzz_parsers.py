"""Fuzzing: every parser and loader takes any text and either answers or raises a QcdcError.

Never a bare KeyError/IndexError/ValueError, never a crash on odd input. Inputs are
arbitrary text, and mutations of valid files (a real header, real rows, then noise).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import qcdc
from qcdc.dates import parse_date, parse_period
from qcdc.directives import DocumentNumber, find_document_numbers
from qcdc.directives._toml import load_tasks, loads_tasks
from qcdc.errors import QcdcError
from qcdc.hamlets._csv import load_hamlets, load_plan
from qcdc.inspection._csv import load_cases
from qcdc.io import read_codes
from qcdc.numbers import parse_figure
from qcdc.reports import extract_figures, loads_report
from qcdc.text import search_key, split_name
from qcdc.units import UnitLevel, unit_code

DATA = Path(__file__).parent.parent / "data"
G = qcdc.gazetteer()
ON = dt.date(2021, 12, 17)

# Vietnamese letters, digits, separators and the characters CSV, TOML and JSON care about
ALPHABET = st.characters(
    codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\n\t\r,;\"'=[]{}"
)
texts = st.text(alphabet=ALPHABET, max_size=200)


def survives(fn: Callable[..., object], *args: object, **kwargs: object) -> None:
    """Call ``fn``; a QcdcError is a fine answer, any other exception fails the test."""
    with contextlib.suppress(QcdcError):
        fn(*args, **kwargs)


@given(texts)
def test_text_and_code_parsers_only_raise_qcdc_errors(text: str) -> None:
    """Names, codes, numbers, dates, periods and document numbers: an answer or a QcdcError."""
    split_name(text)
    search_key(text)
    survives(unit_code, text)
    survives(unit_code, text, level=UnitLevel.COMMUNE)
    survives(parse_figure, text)
    survives(parse_date, text, reference=ON)
    survives(parse_period, text, reference=ON)
    survives(DocumentNumber.parse, text)
    survives(find_document_numbers, text)
    survives(extract_figures, text)


@given(texts)
def test_gazetteer_lookups_only_raise_qcdc_errors(text: str) -> None:
    """Any code or name given to the gazetteer: an answer or a QcdcError."""
    survives(G.get, text, on=ON)
    survives(G.lookup, text, on=ON)
    survives(G.find, text, on=ON)
    survives(G.find, text, on=ON, within="01")
    survives(G.convert, [text], on=ON, to=dt.date(2025, 7, 1))


def _mutations(path: Path) -> st.SearchStrategy[str]:
    base = path.read_text(encoding="utf-8-sig")
    lines = base.splitlines()
    return st.one_of(
        texts,
        # a real file with one line replaced, cut, or extended by noise
        st.tuples(st.integers(0, len(lines) - 1), texts).map(
            lambda t: "\n".join(lines[: t[0]] + [t[1]] + lines[t[0] + 1 :])
        ),
        st.integers(0, len(base)).map(lambda n: base[:n]),
        texts.map(lambda noise: base + noise),
        texts.map(lambda noise: lines[0] + "\n" + noise),
    )


@given(_mutations(DATA / "hamlets" / "hamlets_small.csv"))
def test_hamlet_csv_loader(text: str) -> None:
    """A hamlet CSV loads or fails with a QcdcError naming the row/column."""
    survives(load_hamlets, io.StringIO(text))


@given(_mutations(DATA / "hamlets" / "plan_valid.csv"))
def test_plan_csv_loader(text: str) -> None:
    """A merger-plan CSV loads or fails with a QcdcError."""
    survives(load_plan, io.StringIO(text))


@given(_mutations(DATA / "inspection" / "cases_hanoi_2021.csv"))
def test_case_csv_loader(text: str) -> None:
    """An inspection-case CSV loads or fails with a QcdcError."""
    survives(load_cases, io.StringIO(text))


@given(_mutations(Path(qcdc.__file__).parent / "reports" / "data" / "examples" / "hanoi-2021.toml"))
def test_report_toml_loader(text: str) -> None:
    """A report in TOML loads or fails with a QcdcError naming the key path and line."""
    survives(loads_report, text, format="toml")
    survives(loads_report, text, format="json")


@given(_mutations(Path(qcdc.__file__).parent / "directives" / "data" / "tasks" / "hanoi-2021.toml"))
def test_task_toml_loader(text: str) -> None:
    """A task file loads or fails with a QcdcError naming the key path and line."""
    survives(loads_tasks, text)
    survives(load_tasks, text + "\n")


@given(texts)
def test_code_column_reader(text: str) -> None:
    """A column of codes is read or refused with a QcdcError naming the row."""
    survives(read_codes, io.StringIO(text))
