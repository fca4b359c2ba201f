"""Hypothesis strategies for :mod:`qcdc.directives` (private; re-exported by ``qcdc.strategies``).

``document_numbers()`` builds valid, canonical :class:`~qcdc.directives.DocumentNumber`
values of all three systems; ``messy_document_numbers()`` draws a number together
with one of the many ways people type it; ``bodies()`` and ``tasks()`` build
bodies and tasks with a valid, dated lifecycle.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import strategies as st

from qcdc.dates import Deadline, Period
from qcdc.directives._registry import LEGACY_ISSUERS
from qcdc.directives.bodies import Body, BodyKind
from qcdc.directives.document_numbers import (
    _JOINT_BODIES,
    _PARTY_ISSUERS,
    _STATE_ONLY,
    LEGAL_KINDS,
    PARTY_KINDS,
    STATE_KINDS,
    DocumentNumber,
    _kind_code,
    _split_glued_kind,
    canonical_issuer,
)
from qcdc.directives.tasks import Directive, Task, TaskStatus

__all__ = [
    "bodies",
    "directives",
    "document_numbers",
    "issuer_codes",
    "messy_document_numbers",
    "tasks",
]

_KNOWN_ISSUERS = (
    "UBND",
    "HĐND",
    "BNV",
    "CP",
    "TTg",
    "BTC",
    "VP",
    "TU",
    "TW",
    "VPTW",
    "BDVTU",
    "BTCTU",
    "HU",
    "ĐU",
    "BCĐ",
    "LĐTBXH",
    "CQĐP",
    "VPQH",
    "MTTQ",
    "SNV",
    "KGVX",
)
_LETTERS = "ABCEGHIKLMNOPQRSTUVXYĐ"


def _is_plain_code(code: str) -> bool:
    """A code that no system would read as a type, and that is canonical."""
    return (
        canonical_issuer(code) == code
        and _kind_code("state", code) is None
        and _kind_code("party", code) is None
        and _kind_code("legal", code) is None
    )


def issuer_codes() -> st.SearchStrategy[str]:
    """Canonical issuer codes: well-known ones and invented upper-case ones."""
    invented = st.builds(
        lambda head, tail, digits: head + tail + digits,
        st.sampled_from(_LETTERS),
        st.text(alphabet=_LETTERS, max_size=5),
        st.sampled_from(("", "", "", "1", "15")),
    )
    return st.one_of(st.sampled_from(_KNOWN_ISSUERS), invented).filter(_is_plain_code)


def _numbers() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(1, 99), st.integers(1, 999_999))


@st.composite
def _state(draw: st.DrawFn) -> DocumentNumber:
    number = draw(_numbers())
    issuer = draw(
        issuer_codes().filter(lambda c: c not in _PARTY_ISSUERS and _split_glued_kind(c) is None)
    )
    unit = draw(st.one_of(st.none(), issuer_codes().filter(lambda c: c not in _JOINT_BODIES)))
    if draw(st.booleans()):
        kind = draw(st.sampled_from(sorted(STATE_KINDS)))
        return DocumentNumber("state", number, issuer, kind, None, (), unit)
    return DocumentNumber("state", number, issuer, None, None, (), unit)


@st.composite
def _legal(draw: st.DrawFn) -> DocumentNumber:
    number = draw(_numbers())
    year = draw(st.integers(1945, 2100))
    if draw(st.integers(0, 9)) == 0:
        # "196-HĐBT": the pre-1992 form, no type and no year
        issuer = draw(st.sampled_from(sorted(LEGACY_ISSUERS)))
        return DocumentNumber("legal", number, issuer, None, None, (), None)
    if draw(st.booleans()):
        issuer = draw(st.sampled_from(("QH", "UBTVQH"))) + str(draw(st.integers(1, 99)))
        return DocumentNumber("legal", number, issuer, None, year, (), None)
    kind = draw(st.sampled_from(sorted(LEGAL_KINDS)))
    issuers = draw(st.lists(issuer_codes(), min_size=1, max_size=3))
    return DocumentNumber("legal", number, issuers[0], kind, year, tuple(issuers[1:]), None)


@st.composite
def _party(draw: st.DrawFn) -> DocumentNumber:
    number = draw(_numbers())
    kind = draw(st.sampled_from(sorted(PARTY_KINDS)))
    lead = issuer_codes().filter(lambda c: c not in _STATE_ONLY)
    issuers = [draw(lead), *draw(st.lists(issuer_codes(), max_size=1))]
    return DocumentNumber("party", number, issuers[0], kind, None, tuple(issuers[1:]), None)


def document_numbers(system: str | None = None) -> st.SearchStrategy[DocumentNumber]:
    """Valid, canonical document numbers (of one ``system``, or of all three)."""
    table = {"state": _state(), "legal": _legal(), "party": _party()}
    if system is not None:
        return table[system]
    return st.one_of(*table.values())


_PREFIXES = (
    "",
    "",
    "Số ",
    "số: ",
    "Số:",
    "Số hiệu: ",
    "Số, ký hiệu: ",
    "Quyết định số ",
    "Nghị quyết ",
    "Kết luận số ",
    "Công văn số ",
    "So ",
)
_SLASHES = ("/", "/", " / ", "/ ", " /")
_HYPHENS = ("-", "-", " - ", "\u2013", " \u2013 ", "\u2014")


def _d_variants(code: str, reads_back: bool) -> list[str]:
    """``code``, and ``code`` with D for Đ when that still reads back the same."""
    out = [code]
    if "Đ" in code and reads_back:
        out.append(code.replace("Đ", "D"))
    return out


@st.composite
def messy_document_numbers(draw: st.DrawFn) -> tuple[DocumentNumber, str]:
    """A document number and one messy way of typing it that parses back to it.

    Variants: a leading "Số"/"Số hiệu:"/type word, spaces around separators, en
    and em dashes, ``D`` for ``Đ`` where unambiguous, lower/upper case, an
    unpadded or over-padded number, NFD, a trailing full stop.
    """
    x = draw(document_numbers())

    def hyphen() -> str:
        return draw(st.sampled_from(_HYPHENS))

    def slash() -> str:
        return draw(st.sampled_from(_SLASHES))

    def issuer(code: str) -> str:
        fixed = canonical_issuer(code.replace("Đ", "D")) == code
        return draw(st.sampled_from(_d_variants(code, fixed)))

    kind = ""
    if x.kind_code is not None:
        fixed = _kind_code(x.system, x.kind_code.replace("Đ", "D")) == x.kind_code
        kind = draw(st.sampled_from(_d_variants(x.kind_code, fixed)))
    issuers = hyphen().join(issuer(c) for c in x.issuers)
    if x.unit_code is not None:
        issuers += hyphen() + hyphen().join(issuer(c) for c in x.unit_code.split("-"))
    width = draw(st.sampled_from((0, 0, 2, 3)))
    number = f"{x.number:0{width}d}" if width else str(x.number)
    if x.system == "party":
        body = f"{number}{hyphen()}{kind}{slash()}{issuers}"
    elif x.system == "legal" and x.year is None:
        body = f"{number}{hyphen()}{issuers}"
    else:
        symbol = issuers if not kind else f"{kind}{hyphen()}{issuers}"
        year = f"{x.year}{slash()}" if x.year is not None else ""
        body = f"{number}{slash()}{year}{symbol}"
    case = draw(st.sampled_from(("keep", "keep", "lower", "upper")))
    if case == "lower":
        body = body.lower()
    elif case == "upper":
        body = body.upper()
    text = draw(st.sampled_from(_PREFIXES)) + body + draw(st.sampled_from(("", "", ".")))
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    return x, text


_BODY_KINDS = sorted(BodyKind, key=lambda k: k.name)


def bodies() -> st.SearchStrategy[Body]:
    """Bodies with a Vietnamese-looking name, a canonical abbreviation, maybe a unit."""
    return st.builds(
        Body,
        name=st.sampled_from(("Thành ủy", "Ủy ban nhân dân", "Ban Dân vận", "Ban Chỉ đạo")).map(
            lambda s: s + " thành phố"
        ),
        kind=st.sampled_from(_BODY_KINDS),
        abbreviation=issuer_codes(),
        unit_code=st.one_of(st.none(), st.sampled_from(("01", "001", "00001", "79"))),
    )


@st.composite
def directives(draw: st.DrawFn) -> Directive:
    """Directives issued 2019–2026 by a generated body."""
    issued = draw(st.dates(dt.date(2019, 1, 1), dt.date(2026, 6, 30)))
    number = draw(st.one_of(st.none(), document_numbers()))
    return Directive(number, draw(bodies()), issued, "Kế hoạch thực hiện")


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    """Tasks with any kind of deadline and a valid lifecycle history.

    Due dates stay within the shipped working-day calendar (2019–2026).
    """
    d = draw(directives())
    assigned = d.issued + dt.timedelta(days=draw(st.integers(0, 30)))
    kind = draw(st.sampled_from(("date", "days", "working_days", "months", "period")))
    if kind == "date":
        due = Deadline.on(assigned + dt.timedelta(days=draw(st.integers(0, 120))))
    elif kind == "days":
        due = Deadline.days(draw(st.integers(0, 60)))
    elif kind == "working_days":
        due = Deadline.working_days(draw(st.integers(0, 40)))
    elif kind == "months":
        due = Deadline.months(draw(st.integers(0, 3)))
    else:
        q = (assigned.month - 1) // 3 + 1
        due = Deadline.end_of(Period.quarter(assigned.year, q))
    task = Task(d, draw(bodies()), "Tổ chức thực hiện", due, assigned)
    on = assigned
    for step in draw(
        st.sampled_from(
            (
                (),
                (TaskStatus.IN_PROGRESS,),
                (TaskStatus.DONE,),
                (TaskStatus.CANCELLED,),
                (TaskStatus.IN_PROGRESS, TaskStatus.DONE),
                (TaskStatus.IN_PROGRESS, TaskStatus.CANCELLED),
            )
        )
    ):
        on = on + dt.timedelta(days=draw(st.integers(0, 90)))
        task = task.transition(step, on=on)
    return task
