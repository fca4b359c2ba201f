"""Document numbers: the kinds of documents and their number and symbol ("số, ký hiệu").

Vietnamese documents carry a number and symbol in one of three systems:

* **state** administrative documents (Nghị định 30/2020/NĐ-CP): ``123/QĐ-UBND``,
  official letters with no type ``123/UBND-VP``, individual resolutions
  ``1656/NQ-UBTVQH15``;
* **legal** normative documents, with the year in the symbol: ``14/2018/TT-BNV``,
  ``59/2023/NĐ-CP``, laws and resolutions per Assembly term ``10/2022/QH15``;
* **party** documents (Hướng dẫn 36-HD/VPTW): ``2200-QĐ/TU``, ``120-KL/TW``.

:class:`DocumentKind` and the tables :data:`STATE_KINDS`, :data:`LEGAL_KINDS` and
:data:`PARTY_KINDS` name the types; :meth:`DocumentNumber.parse` reads a number however
it was typed (a leading "Số:", a type word, spaces, en dashes, ``D`` for ``Đ``, lower
case, NFD) and ``str()`` writes the canonical spelling; :func:`find_document_numbers`
pulls every number out of a paragraph.  The registry of issuers
(:data:`ISSUERS`, :func:`issuer_category`) names the bodies; a code it does not know
is read where it sits and named on the result's ``warnings``.

This module is one concept over 800 lines — reading a document number: the type
tables, the grammar, the spellings as printed and the finder share one canonical
form, and splitting them would spread the round trip ``parse(str(x)) == x`` over
several modules.

>>> n = DocumentNumber.parse("Quyết định số 2200 - qd/tu")
>>> n.system, n.number, n.kind_code, n.kind.name, n.issuer_code, str(n)
('party', 2200, 'QĐ', 'Quyết định', 'TU', '2200-QĐ/TU')
>>> [str(m.number) for m in find_document_numbers("theo Thông tư 14/2018/TT-BNV và 59/2023/ND-CP")]
['14/2018/TT-BNV', '59/2023/NĐ-CP']
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from qcdc._bounds import excerpt as _excerpt
from qcdc.directives._registry import (
    ISSUERS,
    LEGACY_ISSUERS,
    is_known_issuer,
    issuer_category,
    issuer_name,
)
from qcdc.directives._spelling import normalise_printed
from qcdc.errors import InvalidDocumentNumber
from qcdc.text import nfc

__all__ = [
    "ISSUERS",
    "LEGAL_KINDS",
    "PARTY_KINDS",
    "STATE_KINDS",
    "SYSTEMS",
    "DocumentKind",
    "DocumentNumber",
    "DocumentNumberMatch",
    "canonical_issuer",
    "find_document_numbers",
    "is_known_issuer",
    "issuer_category",
    "issuer_name",
]

SYSTEMS = ("state", "legal", "party")

_MAX_LENGTH = 200
"""The most characters :meth:`DocumentNumber.parse` reads (blanks around not counted).

The longest real number and symbol, with a type word and a title before "số"
("Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"), has well under 100; a longer
text is not a document number, and refusing it keeps parsing and its cache small."""

# the longest text a parse cache keeps; parse refuses anything longer than _MAX_LENGTH
_CACHED_LENGTH = _MAX_LENGTH


_short = _excerpt  # how an error quotes the text (the kernel's rule)


# ---------------------------------------------------------------------------
# Document kinds
# ---------------------------------------------------------------------------


@attrs.frozen
class DocumentKind:
    """A document type of one numbering system: its code, Vietnamese and English name.

    >>> STATE_KINDS["QyĐ"].name
    'Quy định'
    """

    code: str = attrs.field(validator=attrs.validators.instance_of(str))
    name: str = attrs.field(converter=nfc)
    english: str = attrs.field(validator=attrs.validators.instance_of(str))
    system: str = attrs.field(validator=attrs.validators.in_(SYSTEMS))
    note: str | None = attrs.field(default=None, eq=False)

    def __str__(self) -> str:
        return self.name


def _kinds(
    system: str, rows: Iterable[tuple[str, str, str, str | None]]
) -> dict[str, DocumentKind]:
    return {code: DocumentKind(code, name, en, system, note) for code, name, en, note in rows}


_ND30 = "Nghị định 30/2020/NĐ-CP, Phụ lục III"
_OLD = "Thông tư 01/2011/TT-BNV (replaced by Nghị định 30/2020/NĐ-CP)"

STATE_KINDS: Mapping[str, DocumentKind] = _kinds(
    "state",
    [
        ("NQ", "Nghị quyết", "resolution (individual)", _ND30),
        ("QĐ", "Quyết định", "decision (individual)", _ND30),
        ("CT", "Chỉ thị", "directive", _ND30),
        ("QC", "Quy chế", "regulation", _ND30),
        ("QyĐ", "Quy định", "rules", _ND30),
        ("TC", "Thông cáo", "communiqué", _ND30),
        ("TB", "Thông báo", "notice", _ND30),
        ("HD", "Hướng dẫn", "guidance", _ND30),
        ("CTr", "Chương trình", "programme", _ND30),
        ("KH", "Kế hoạch", "plan", _ND30),
        ("PA", "Phương án", "scheme", _ND30),
        ("ĐA", "Đề án", "project proposal", _ND30),
        ("DA", "Dự án", "project", _ND30),
        ("BC", "Báo cáo", "report", _ND30),
        ("BB", "Biên bản", "minutes", _ND30),
        ("TTr", "Tờ trình", "submission", _ND30),
        ("HĐ", "Hợp đồng", "contract", _ND30),
        ("CĐ", "Công điện", "official telegram", _ND30),
        ("BGN", "Bản ghi nhớ", "memorandum of understanding", _ND30),
        ("BTT", "Bản thỏa thuận", "agreement", _ND30),
        ("GUQ", "Giấy ủy quyền", "power of attorney", _ND30),
        ("GM", "Giấy mời", "invitation", _ND30),
        ("GGT", "Giấy giới thiệu", "letter of introduction", _ND30),
        ("GNP", "Giấy nghỉ phép", "leave permit", _ND30),
        ("PG", "Phiếu gửi", "dispatch slip", _ND30),
        ("PC", "Phiếu chuyển", "transfer slip", _ND30),
        ("PB", "Phiếu báo", "notification slip", _ND30),
        ("SY", "Bản sao y", "true copy", _ND30),
        ("TrS", "Bản trích sao", "extract copy", _ND30),
        ("SL", "Bản sao lục", "transcript copy", _ND30),
        ("VBHN", "Văn bản hợp nhất", "consolidated text", "Pháp lệnh Hợp nhất VBQPPL 2012"),
        ("QCPH", "Quy chế phối hợp", "joint working rules", "observed (e.g. 01/QCPH-UBND-UBMTTQ)"),
        ("GN", "Bản ghi nhớ", "memorandum (old code)", _OLD),
        ("TTh", "Bản thỏa thuận", "agreement (old code)", _OLD),
        ("UQ", "Giấy ủy quyền", "power of attorney (old code)", _OLD),
        ("NP", "Giấy nghỉ phép", "leave permit (old code)", _OLD),
        ("CV", "Công văn", "official letter", "not an official code: letters carry no type"),
    ],
)
"""Types of state administrative documents by canonical code."""

_LAW = "Luật Ban hành VBQPPL 2015, Điều 4 and 10; Nghị định 34/2016/NĐ-CP"

LEGAL_KINDS: Mapping[str, DocumentKind] = _kinds(
    "legal",
    [
        ("NĐ", "Nghị định", "decree", _LAW),
        ("TT", "Thông tư", "circular", _LAW),
        ("TTLT", "Thông tư liên tịch", "joint circular", _LAW),
        ("QĐ", "Quyết định", "decision", _LAW),
        ("NQ", "Nghị quyết", "resolution", _LAW),
        ("NQLT", "Nghị quyết liên tịch", "joint resolution", _LAW),
        ("PL", "Pháp lệnh", "ordinance", _LAW),
        ("L", "Lệnh", "order (of the State President)", _LAW),
        ("CT", "Chỉ thị", "directive (normative, before 2016)", "Luật Ban hành VBQPPL 2008"),
    ],
)
"""Types of legal normative documents by canonical code (laws and Assembly
resolutions have no type letters: ``10/2022/QH15``)."""

_HD36 = "Hướng dẫn 36-HD/VPTW, as implemented by provincial guides (likely)"

PARTY_KINDS: Mapping[str, DocumentKind] = _kinds(
    "party",
    [
        ("NQ", "Nghị quyết", "resolution", _HD36),
        ("CT", "Chỉ thị", "directive", _HD36),
        ("KL", "Kết luận", "conclusion", _HD36),
        ("QĐ", "Quyết định", "decision", _HD36 + "; also used for Quy định (e.g. 205-QĐ/TW)"),
        ("QĐi", "Quy định", "rules", _HD36),
        ("QC", "Quy chế", "regulation", _HD36),
        ("BC", "Báo cáo", "report", _HD36),
        ("KH", "Kế hoạch", "plan", _HD36),
        ("TTr", "Tờ trình", "submission", _HD36),
        ("TB", "Thông báo", "notice", _HD36),
        ("HD", "Hướng dẫn", "guidance", _HD36),
        ("CTr", "Chương trình", "programme", _HD36),
        ("TT", "Thông tri", "circular notice", _HD36),
        ("CV", "Công văn", "official letter", _HD36),
        ("BB", "Biên bản", "minutes", _HD36),
        ("ĐA", "Đề án", "project proposal", "observed (e.g. 01-ĐA/TU); not in the compiled list"),
        ("QTr", "Quy trình", "procedure", "unsure: one secondary source"),
        ("CTHĐ", "Chương trình hành động", "action programme", "observed (e.g. 07-CTHĐ/TU)"),
    ],
)
"""Types of Party documents by canonical code."""

_KIND_TABLES: dict[str, Mapping[str, DocumentKind]] = {
    "state": STATE_KINDS,
    "legal": LEGAL_KINDS,
    "party": PARTY_KINDS,
}
_KIND_KEYS: dict[str, dict[str, str]] = {
    system: {code.upper(): code for code in table} for system, table in _KIND_TABLES.items()
}

# issuers whose canonical spelling is not plain upper case
_MIXED_ISSUERS = {"TTG": "TTg", "THU": "ThU"}
# issuers with Đ, so that "HDND" typed without the stroke still reads "HĐND"
_D_ISSUERS = (
    "HĐND",
    "ĐU",
    "BCĐ",
    "BCĐTW",
    "LĐTBXH",
    "BLĐTBXH",
    "CQĐP",
    "TLĐ",
    "TLĐLĐVN",
    "HĐTP",
    "ĐĐBQH",
    "HĐDT",
    "ĐTN",
    "ĐUK",
    "HĐQG",
    *(code for code in ISSUERS if "Đ" in code),
)
_D_ISSUER_KEYS = {code.replace("Đ", "D"): code for code in _D_ISSUERS}
# issuers that make a state-style "120/KL-TW" a Party document
_PARTY_ISSUERS = frozenset(
    {
        "TW",
        "TU",
        "HU",
        "QU",
        "ĐU",
        "TXU",
        "VPTW",
        "VPTU",
        "BTCTW",
        "BTGTW",
        "BDVTW",
        "BKTTW",
        "UBKTTW",
        "BTCTU",
        "BTGTU",
        "BDVTU",
        "UBKTTU",
    }
)
_SUFFIX = re.compile(r"^[a-z]$")
_LEGAL_BARE = re.compile(r"^(?:QH|UBTVQH)[0-9]{1,2}$")
_GROUP = re.compile(r"^[A-Za-zĐđ][A-Za-zĐđ0-9]{0,19}(?:&[A-Za-zĐđ0-9]{1,19}){0,3}$")
# bodies that a state number names as co-issuers ("01/QCPH-UBND-UBMTTQ"), not as a unit
_JOINT_BODIES = frozenset(code for code in ISSUERS if issuer_category(code) == "front")
# bodies whose numbers are state numbers, so that "123-QĐ/UBND" is read as one
_STATE_ONLY = frozenset(
    code
    for code in ISSUERS
    if issuer_category(code) == "state"
    and code not in ("BTC", "BCĐ")
    and code not in LEGACY_ISSUERS
)


@functools.lru_cache(maxsize=8192)
def canonical_issuer(code: str) -> str:
    """The canonical spelling of an issuer code: upper case, ``TTg``, ``Đ`` restored.

    >>> canonical_issuer("ubnd"), canonical_issuer("ttg"), canonical_issuer("HDND")
    ('UBND', 'TTg', 'HĐND')
    """
    key = code.upper()
    if key in _MIXED_ISSUERS:
        return _MIXED_ISSUERS[key]
    return _D_ISSUER_KEYS.get(key, key)


@functools.lru_cache(maxsize=8192)
def _kind_code(system: str, code: str) -> str | None:
    """The canonical type code of ``code`` in ``system``, or ``None`` if unknown.

    Case is ignored (``CTR`` → ``CTr``); ``D`` may stand for ``Đ`` where that
    reading is the only one (``QD`` → ``QĐ`` but ``HD`` stays Hướng dẫn).
    """
    keys = _KIND_KEYS[system]
    key = code.upper()
    if key in keys:
        return keys[key]
    positions = [i for i, ch in enumerate(key) if ch == "D"]
    if not positions or len(positions) > 3:
        return None
    hits = set()
    for mask in itertools.product((False, True), repeat=len(positions)):
        chars = list(key)
        for pos, swap in zip(positions, mask, strict=True):
            if swap:
                chars[pos] = "Đ"
        candidate = "".join(chars)
        if candidate in keys:
            hits.add(keys[candidate])
    if len(hits) == 1:
        return hits.pop()
    return None


# ---------------------------------------------------------------------------
# Document numbers
# ---------------------------------------------------------------------------


def _check_group(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _GROUP.match(value) or canonical_issuer(value) != value:
        raise InvalidDocumentNumber(
            repr(value), 0, f"{attribute.name} as a canonical code such as UBND, TU, TTg"
        )


def _check_groups(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidDocumentNumber(repr(value), 0, f"{attribute.name} as a tuple of codes")
    for v in value:
        _check_group(instance, attribute, v)


def _check_unit(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise InvalidDocumentNumber(repr(value), 0, "unit_code as codes joined by '-'")
    for part in value.split("-"):
        _check_group(instance, attribute, part)


def _check_number(instance: DocumentNumber, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 999_999:
        raise InvalidDocumentNumber(repr(value), 0, "a number from 1 to 999999")


def _check_shape(instance: DocumentNumber, attribute: attrs.Attribute[Any], value: object) -> None:
    """Cross-field rules: a year only for legal numbers, kinds of the right system."""
    s = instance.system
    text = f"{s} {instance.number} {instance.kind_code} {instance.issuer_code}"
    legacy = (
        s == "legal"
        and instance.year is None
        and instance.kind_code is None
        and instance.issuer_code in LEGACY_ISSUERS
        and not instance.co_issuers
    )
    if (instance.year is None) == (s == "legal") and not legacy:
        raise InvalidDocumentNumber(text, 0, "a year for legal numbers and none for the others")
    if instance.year is not None and not 1945 <= instance.year <= 2100:
        raise InvalidDocumentNumber(text, 0, "a year from 1945 to 2100")
    k = instance.kind_code
    if k is not None and k not in _KIND_TABLES[s]:
        raise InvalidDocumentNumber(text, 0, f"a {s} document type code, not {k!r}")
    if k is None and s == "party":
        raise InvalidDocumentNumber(text, 0, "a type code in a Party number")
    if k is None and s == "legal" and not legacy and not _LEGAL_BARE.match(instance.issuer_code):
        raise InvalidDocumentNumber(text, 0, "a type code, or QH/UBTVQH with the term")
    if s != "state" and instance.unit_code is not None:
        raise InvalidDocumentNumber(text, 0, "no drafting unit outside state numbers")
    if s == "state" and not all(c in _JOINT_BODIES for c in instance.co_issuers):
        raise InvalidDocumentNumber(
            text, 0, "co-issuers of a state number from the Fatherland Front only (else unit_code)"
        )
    unit = instance.unit_code
    if s == "state" and unit is not None and unit.split("-")[0] in _JOINT_BODIES:
        raise InvalidDocumentNumber(text, 0, "a Fatherland Front body as a co-issuer, not a unit")
    if s == "party" and instance.issuer_code in _STATE_ONLY and k in STATE_KINDS:
        raise InvalidDocumentNumber(text, 0, "a state body's number as a state number")
    if instance.suffix is not None and not _SUFFIX.match(instance.suffix):
        raise InvalidDocumentNumber(text, 0, "a suffix of one lower-case letter (30c/NQ-CP)")


@attrs.frozen(order=False)
class DocumentNumber:
    """A document's number and symbol in one of the three systems.

    ``system`` is ``'state'``, ``'legal'`` or ``'party'``; ``number`` the running
    number; ``year`` the year in legal symbols (else ``None``); ``kind_code`` the
    canonical type abbreviation (``None`` for official letters and for
    ``QH``/``UBTVQH`` numbers); ``issuer_code`` the (lead) issuer;
    ``co_issuers`` the further issuers of a joint document; ``unit_code`` the
    drafting unit of a state document (``VP`` in ``123/UBND-VP``); ``suffix`` a
    letter after the number (``c`` in ``30c/NQ-CP``); ``warnings`` the oddities of
    the spelling it was read from ("spaces for separators", "unknown issuer code
    'XYZ'" …), not compared.

    Build one with :meth:`parse`; ``str()`` gives the canonical spelling and
    ``DocumentNumber.parse(str(x)) == x``.
    """

    system: str = attrs.field(validator=attrs.validators.in_(SYSTEMS))
    number: int = attrs.field(validator=_check_number)
    issuer_code: str = attrs.field(validator=_check_group)
    kind_code: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    year: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(int))
    )
    co_issuers: tuple[str, ...] = attrs.field(default=(), validator=_check_groups)
    unit_code: str | None = attrs.field(default=None, validator=_check_unit)
    suffix: str | None = attrs.field(default=None, kw_only=True, validator=_check_shape)
    warnings: tuple[str, ...] = attrs.field(default=(), kw_only=True, eq=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> DocumentNumber:
        """Read a document number however it was typed.

        Accepts a leading ``Số``/``số:``/``Số hiệu:`` and a type word
        ("Quyết định số …", "Nghị quyết 35/2023/UBTVQH15"), spaces around ``-``
        and ``/``, en and em dashes, ``D`` for ``Đ``, any letter case, NFC or NFD.
        Raises :class:`~qcdc.errors.InvalidDocumentNumber` with the position in
        ``text`` and what was expected there.  A text longer than 200 characters
        (blanks around it not counted) is not a document number and is refused
        unread; errors quote at most 80 characters of the input.

        >>> str(DocumentNumber.parse("Số: 14 / 2018 / tt – bnv"))
        '14/2018/TT-BNV'
        >>> str(DocumentNumber.parse("11-QDI/TW"))
        '11-QĐi/TW'
        """
        if not isinstance(text, str):
            raise InvalidDocumentNumber(_short(repr(text)), 0, "a string")
        length = len(text.strip())
        if length > _MAX_LENGTH:
            raise InvalidDocumentNumber(
                _short(text.strip()),
                _MAX_LENGTH,
                f"a document number of at most {_MAX_LENGTH} characters, got {length} "
                "(the longest real one, with a title before 'số', has about 100)",
            )
        return _parse(text)

    @property
    def kind(self) -> DocumentKind | None:
        """The document type with its Vietnamese name, when the number shows it."""
        if self.kind_code is None:
            return None
        return _KIND_TABLES[self.system][self.kind_code]

    @property
    def issuers(self) -> tuple[str, ...]:
        """The lead issuer followed by the co-issuers."""
        return (self.issuer_code, *self.co_issuers)

    def format(self) -> str:
        """The canonical spelling (numbers below 10 padded to two digits)."""
        n = f"{self.number:02d}{self.suffix or ''}"
        issuers = "-".join(self.issuers)
        if self.system == "legal" and self.year is None:
            return f"{n}-{issuers}"
        if self.system == "party":
            return f"{n}-{self.kind_code}/{issuers}"
        symbol = issuers if self.kind_code is None else f"{self.kind_code}-{issuers}"
        if self.unit_code is not None:
            symbol = f"{symbol}-{self.unit_code}"
        if self.system == "legal":
            return f"{n}/{self.year}/{symbol}"
        return f"{n}/{symbol}"

    def __str__(self) -> str:
        return self.format()

    @classmethod
    def _trusted(cls, parts: _Parts) -> DocumentNumber:
        """A number from parts the builders made canonical, the validators skipped.

        Only :func:`find_document_numbers` uses it: over a text of new numbers (cold
        caches) it is 10–40% faster than the validating constructor.
        """
        x = object.__new__(cls)
        for name, value in zip(_FIELDS, (*parts, None, ()), strict=True):
            object.__setattr__(x, name, value)
        return x


_FIELDS = tuple(a.name for a in attrs.fields(DocumentNumber))


_DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"


@functools.lru_cache(maxsize=4096)
def _fold1(ch: str) -> str:
    """One character folded to one character (lower case, no diacritics, đ → d)."""
    if ch in "đĐ":
        return "d"
    if unicodedata.combining(ch):
        return "~"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else "~"


_KIND_WORDS = (
    r"quyet dinh|nghi quyet lien tich|nghi quyet|nghi dinh|thong tu lien tich|thong tu|"
    r"chi thi|ket luan|quy dinh|quy che|huong dan|chuong trinh|ke hoach|cong van|"
    r"thong bao|thong tri|bao cao|to trinh|de an|du an|phuong an|phap lenh|luat|lenh|"
    r"cong dien|van ban hop nhat|van ban|bien ban|giay moi|quy trinh"
)
_KIND_ABBREVIATIONS = r"cv|qd|nq|nd|tt|ttlt|ct|kl|hd|kh|tb|bc|ctr|vbhn|ttr|qc|pl"
_PREFIX = re.compile(
    r"^\s*(?:(?:" + _KIND_WORDS + r")\b[\s,:]*|(?:" + _KIND_ABBREVIATIONS + r")\.?\s+(?=[0-9]))?"
    r"(?:(?:so\s*(?:hieu|[,/]?\s*ky\s*hieu(?:\s*van\s*ban)?)?|no\.?)\s*[.:]?\s*|(?P<s>s)(?=[0-9]))?"
)
# no two quantifiers here can take the same blanks (``\s*`` then ``[.:]\s*``), so a
# long run of blanks is scanned once, not once per split: linear, not quadratic
_TITLED = re.compile(r"^[^0-9]*?\bso(?:\s*hieu)?\s*(?:[.:]\s*)?(?=[0-9])")
_TOKEN = re.compile(
    r"\s*(?:(?P<num>[0-9]+)|(?P<word>[^\W\d_][^\W_]*(?:&[^\W_]+)*)|(?P<sep>[/-])|(?P<other>\S))"
)
_GLUED = re.compile(r"^([A-ZĐ][A-ZĐ0-9]*)([a-zđà-ỹ][^\W\d_]+)$")
_END_PUNCT = frozenset(".,;:)]")


@attrs.frozen
class _Tok:
    kind: str
    text: str
    pos: int
    end: int


def _tokens(text: str, start: int) -> list[_Tok]:
    out: list[_Tok] = []
    pos = start
    n = len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if m is None:  # only trailing blanks are left
            break
        kind = m.lastgroup or "other"
        out.append(_Tok(kind, m.group(kind), m.start(kind), m.end()))
        pos = m.end()
    return out


def _parse(text: str) -> DocumentNumber:
    """Parse ``text``; cached for texts of a real number's length only."""
    if len(text) > _CACHED_LENGTH:
        return _parse_uncached(text)
    return _parse_cached(text)


def _parse_uncached(text: str) -> DocumentNumber:
    s, warnings = normalise_printed(nfc(text))
    folded = "".join(map(_fold1, s))
    m = _PREFIX.match(folded)
    start = m.end() if m is not None else 0
    if m is not None and m.group("s") is not None:
        warnings = (*warnings, "'Số' printed as 'S' glued to the number")
    if not folded[start : start + 1].isdigit():
        # "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15": a title before "số"
        titled = _TITLED.match(folded)
        if titled is not None:
            start = titled.end()
    toks = _tokens(s, start)
    return _Parser(text, s, toks, list(warnings)).parse()


_parse_cached = functools.lru_cache(maxsize=65536)(_parse_uncached)


def _fix_horn(code: str) -> tuple[str, str | None]:
    """``TƯ`` as printed (an OCR or font slip): ``U``, or ``W`` where only that is known."""
    if "Ư" not in code and "ư" not in code:
        return code, None
    as_u = code.replace("Ư", "U").replace("ư", "u")
    as_w = code.replace("Ư", "W").replace("ư", "w")
    if not is_known_issuer(canonical_issuer(as_u)) and is_known_issuer(canonical_issuer(as_w)):
        return as_w, "Ư printed for W"
    return as_u, "Ư printed for U"


class _Parser:
    """A small recursive-descent reader over the tokens of one number."""

    def __init__(self, original: str, text: str, toks: list[_Tok], warnings: list[str]) -> None:
        self.original = original
        self.text = text
        self.toks = toks
        self.i = 0
        self.warnings = warnings
        self.party_shape = False

    def warn(self, what: str) -> None:
        if what not in self.warnings:
            self.warnings.append(what)

    def fail(self, expected: str, tok: _Tok | None = None) -> InvalidDocumentNumber:
        if tok is None:
            tok = self.toks[self.i] if self.i < len(self.toks) else None
        pos = tok.pos if tok is not None else len(self.text.rstrip())
        return InvalidDocumentNumber(_short(self.original, pos), pos, expected)

    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def take(self, kind: str, expected: str) -> _Tok:
        tok = self.peek()
        if tok is None or tok.kind != kind:
            raise self.fail(expected)
        self.i += 1
        return tok

    def code(self, tok: _Tok) -> str | None:
        """The code a word token spells (``Ư`` repaired), or ``None`` if it is no code."""
        text, note = _fix_horn(tok.text)
        if _GROUP.match(text) is None:
            return None
        if note is not None:
            self.warn(note)
        return text

    def groups(self, expected: str) -> list[tuple[str, _Tok, str]]:
        """Codes joined by '-', '/' or a blank: (code, token, separator before it)."""
        out: list[tuple[str, _Tok, str]] = []
        before = ""
        while True:
            tok = self.take("word", expected)
            text = self.code(tok)
            if text is None:
                glued = _GLUED.match(tok.text)
                if glued is None or not is_known_issuer(canonical_issuer(glued[1])):
                    raise self.fail(expected + " (Latin letters and digits)", tok)
                self.warn("glued to the following word")
                out.append((glued[1], tok, before))
                self.i = len(self.toks)
                return out
            out.append((text, tok, before))
            nxt = self.peek()
            if nxt is None:
                return out
            if nxt.kind == "sep":
                after = self.peek(1)
                if after is None or after.kind != "word":
                    return out
                self.i += 1
                before = nxt.text
                if nxt.pos > tok.end or after.pos > nxt.end:
                    self.warn("spaces around a separator")
                continue
            if nxt.kind == "word" and nxt.pos > tok.end and _GROUP.match(_fix_horn(nxt.text)[0]):
                before = " "
                continue
            return out

    def end(self) -> None:
        rest = self.toks[self.i :]
        if rest and not all(t.kind == "other" and t.text in _END_PUNCT for t in rest):
            raise self.fail("the end of the number")

    def number(self) -> int:
        tok = self.take("num", "a document number (digits)")
        # at most six digits, leading zeros aside (and int() of a long run is slow)
        digits = tok.text.lstrip("0") or "0"
        value = int(digits) if len(digits) <= 6 else 0
        if not 1 <= value <= 999_999:
            raise self.fail("a number from 1 to 999999", tok)
        if len(tok.text) > 2 and tok.text[0] == "0":
            self.warn(f"number padded with zeros ({tok.text}), written {value:02d}")
        return value

    def parse(self) -> DocumentNumber:
        if not self.toks:
            raise self.fail("a document number such as 123/QĐ-UBND")
        num_tok = self.peek()
        number = self.number()
        suffix = None
        nxt = self.peek()
        after = self.peek(1)
        if (
            nxt is not None
            and num_tok is not None
            and nxt.kind == "word"
            and len(nxt.text) == 1
            and nxt.text.isascii()
            and nxt.pos == num_tok.end
            and after is not None
            and after.kind == "sep"
        ):
            suffix = nxt.text.lower()
            self.i += 1
        nxt = self.peek()
        if nxt is None:
            raise self.fail("'/' (state, legal) or '-' (Party) after the number")
        if nxt.kind == "sep":
            self.i += 1
            following = self.peek()
            if following is not None and following.kind == "num":
                if nxt.text == "-":
                    self.warn("hyphen for a slash")
                return self.legal(number, suffix)
            if nxt.text == "-":
                return self.party(number, suffix)
            return self.state(number, suffix)
        if nxt.kind == "num" and len(nxt.text) == 4:
            self.warn("spaces for separators")
            return self.legal(number, suffix)
        if nxt.kind == "word":
            return self.spaced(number, suffix, glued=nxt.pos == self.toks[self.i - 1].end)
        raise self.fail("'/' (state, legal) or '-' (Party) after the number")

    def spaced(self, number: int, suffix: str | None, glued: bool) -> DocumentNumber:
        """``84 QĐ/TWĐTN``, ``10 nq cp``, ``4021vpcp cn``: no separator after the number."""
        tok = self.peek()
        slash = self.peek(1)
        if (
            tok is not None
            and slash is not None
            and slash.kind == "sep"
            and slash.text == "/"
            and _kind_code("party", tok.text) is not None
        ):
            self.warn("space instead of a hyphen after the number")
            return self.party(number, suffix)
        self.warn("slash dropped after the number" if glued else "spaces for separators")
        first = self.peek()
        assert first is not None
        if (
            _kind_code("state", first.text) is None
            and _kind_code("party", first.text) is None
            and not is_known_issuer(canonical_issuer(first.text))
        ):
            raise self.fail("'/' after the number (a known type or issuer with no separator)")
        return self.state(number, suffix)

    def party(self, number: int, suffix: str | None) -> DocumentNumber:
        self.party_shape = True
        tok = self.take("word", _EXPECT_PARTY_KIND)
        nxt = self.peek()
        if nxt is None or nxt.kind == "other":
            # "196-HĐBT": a decree before 1992, the issuer straight after the number
            code = canonical_issuer(tok.text)
            if code in LEGACY_ISSUERS:
                self.end()
                return self.finish(("legal", number, code, None, None, (), None), suffix)
        self.take("sep", "'/' before the issuer")
        if self.toks[self.i - 1].text != "/":
            raise self.fail("'/' before the issuer", self.toks[self.i - 1])
        return self.build(lambda groups: _make_party(number, tok.text, groups), suffix, tok)

    def legal(self, number: int, suffix: str | None) -> DocumentNumber:
        tok = self.take("num", "a year")
        sep = self.peek()
        if sep is not None and sep.kind == "sep":
            self.i += 1
            if sep.text != "/":
                self.warn("hyphen for a slash")
        elif sep is not None and sep.kind == "word":
            self.warn("spaces for separators")
        else:
            raise self.fail("'/' after the year")
        return self.build(lambda groups: _make_legal(number, tok.text, groups), suffix, tok)

    def state(self, number: int, suffix: str | None) -> DocumentNumber:
        return self.build(lambda groups: _make_state(number, groups), suffix)

    def build(
        self, make: Callable[[list[str]], _Parts], suffix: str | None, kind_tok: _Tok | None = None
    ) -> DocumentNumber:
        triples = self.groups("a type or issuer code such as QĐ-UBND, TT-BNV or TU")
        self.end()
        pairs = self.repair(triples)
        try:
            parts = make([g for g, _ in pairs])
        except _BadPart as bad:
            if bad.where == _AT_KIND:
                raise self.fail(bad.expected, kind_tok) from None
            if bad.where == _AT_END:
                raise self.fail(bad.expected) from None
            raise self.fail(bad.expected, pairs[bad.where][1]) from None
        return self.finish(parts, suffix)

    def repair(self, triples: list[tuple[str, _Tok, str]]) -> list[tuple[str, _Tok]]:
        """Codes as meant: a blank inside a code closed, a dropped hyphen restored."""
        out: list[tuple[str, _Tok]] = []
        for text, tok, before in triples:
            if before == " " and out:
                joined = out[-1][0] + text
                if is_known_issuer(canonical_issuer(joined)) and not is_known_issuer(
                    canonical_issuer(out[-1][0])
                ):
                    self.warn("space inside a code")
                    out[-1] = (joined, out[-1][1])
                    continue
                self.warn("space for a hyphen")
            elif before == "/":
                self.warn("slash for a hyphen after the type")
            out.append((text, tok))
        if out:
            split = _split_glued_kind(out[0][0])
            if split is not None:
                self.warn("hyphen dropped between type and issuer")
                out[0:1] = [(split[0], out[0][1]), (split[1], out[0][1])]
        return out

    def finish(self, parts: _Parts, suffix: str | None) -> DocumentNumber:
        system, _, issuer, _, _, co, _ = parts
        if self.party_shape and system == "state":
            self.warn("a state body's number written with a Party hyphen")
        for code in (issuer, *co):
            if not is_known_issuer(code):
                self.warn(f"unknown issuer code {code!r}")
        try:
            return DocumentNumber(*parts, suffix=suffix, warnings=tuple(self.warnings))
        except InvalidDocumentNumber as exc:
            raise self.fail(exc.expected) from None


@functools.lru_cache(maxsize=8192)
def _split_glued_kind(code: str) -> tuple[str, str] | None:
    """``QĐUBND`` → (``QĐ``, ``UBND``): a type and a known issuer with the hyphen dropped."""
    whole = canonical_issuer(code)
    if is_known_issuer(whole) or any(_kind_code(s, code) for s in _KIND_TABLES):
        return None
    for k in range(min(4, len(code) - 2), 1, -1):
        head, rest = code[:k], canonical_issuer(code[k:])
        if is_known_issuer(rest) and any(_kind_code(s, head) for s in ("state", "legal")):
            return head, rest
    return None


_AT_KIND = -2
_AT_END = -1
_EXPECT_PARTY_KIND = "a Party document type such as NQ, CT, KL, QĐ, QĐi, HD, CTr, KH, BC, TB"

# system, number, issuer_code, kind_code, year, co_issuers, unit_code
_Parts = tuple[str, int, str, "str | None", "int | None", tuple[str, ...], "str | None"]


class _BadPart(Exception):
    """A semantic problem with one part of a number (``where``: group index or marker)."""

    def __init__(self, where: int, expected: str) -> None:
        super().__init__(expected)
        self.where = where
        self.expected = expected


def _make_party(number: int, kind_text: str, groups: list[str]) -> _Parts:
    kind = _kind_code("party", kind_text)
    if kind is None:
        raise _BadPart(_AT_KIND, _EXPECT_PARTY_KIND)
    issuers = [canonical_issuer(g) for g in groups]
    state_kind = _kind_code("state", kind_text)
    if issuers[0] in _STATE_ONLY and state_kind is not None:
        # "123-QĐ/UBND": a state body's number with a Party hyphen by mistake
        co, unit = _split_state_tail(issuers[1:])
        return ("state", number, issuers[0], state_kind, None, co, unit)
    return ("party", number, issuers[0], kind, None, tuple(issuers[1:]), None)


def _make_legal(number: int, year_text: str, groups: list[str]) -> _Parts:
    if len(year_text) != 4 or not 1945 <= int(year_text) <= 2100:
        raise _BadPart(_AT_KIND, "a four-digit year from 1945 to 2100")
    year = int(year_text)
    first = groups[0]
    upper = first.upper()
    if len(groups) == 1 and _LEGAL_BARE.match(upper):
        return ("legal", number, upper, None, year, (), None)
    kind = _kind_code("legal", first)
    if kind is None:
        raise _BadPart(
            0,
            "a legal document type such as NĐ, TT, TTLT, QĐ, NQ, PL, or QH/UBTVQH with the term",
        )
    if len(groups) < 2:
        raise _BadPart(_AT_END, f"an issuer after {kind}- (e.g. {kind}-CP, {kind}-BNV)")
    issuers = [canonical_issuer(g) for g in groups[1:]]
    return ("legal", number, issuers[0], kind, year, tuple(issuers[1:]), None)


def _split_state_tail(codes: list[str]) -> tuple[tuple[str, ...], str | None]:
    """After a state issuer: Fatherland Front co-issuers first, then the drafting unit."""
    j = 0
    while j < len(codes) and codes[j] in _JOINT_BODIES:
        j += 1
    return tuple(codes[:j]), "-".join(codes[j:]) or None


def _make_state(number: int, groups: list[str]) -> _Parts:
    first = groups[0]
    kind = _kind_code("state", first)
    if kind is not None and len(groups) == 1:
        raise _BadPart(_AT_END, f"an issuer after {kind}- (e.g. {kind}-UBND)")
    codes = [canonical_issuer(g) for g in groups]
    if len(codes) > 1 and codes[1] in _PARTY_ISSUERS:
        party_kind = _kind_code("party", first)
        if party_kind is not None:
            # "120/KL-TW" is a Party conclusion written the state way
            return ("party", number, codes[1], party_kind, None, tuple(codes[2:]), None)
    if kind is None:
        co, unit = _split_state_tail(codes[1:])
        return ("state", number, codes[0], None, None, co, unit)
    co, unit = _split_state_tail(codes[2:])
    return ("state", number, codes[1], kind, None, co, unit)


# ---------------------------------------------------------------------------
# Finding numbers in text
# ---------------------------------------------------------------------------


@attrs.frozen
class DocumentNumberMatch:
    """A document number found in a text, with its span ``(start, end)`` there.

    ``partial`` is true when the number seems to go on past the span and the
    longer text could not be read."""

    number: DocumentNumber
    start: int
    end: int
    text: str
    partial: bool = attrs.field(default=False, kw_only=True)
    """The text goes on as if the number did ("TWĐTN-VPĐOÀN", "UVBTVQH 14"), and
    only the part in the span could be read: check the source."""

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


_CODE = r"[A-Za-zĐđ][A-Za-zĐđ0-9]{0,19}"
_DASH = r"[-" + _DASH_CHARS + r"]"
_CODES = _CODE + r"(?: ?" + _DASH + r" ?" + _CODE + r")*"
_FIND = re.compile(
    r"(?<![\w/.,\-])[0-9]{1,6}(?:"
    r" ?/ ?[0-9]{4} ?/ ?" + _CODES + r"|"
    r" ?" + _DASH + r" ?" + _CODE + r" ?/ ?" + _CODES + r"|"
    r" ?/ ?" + _CODES + r"|"
    r" ?" + _DASH + r" ?(?:HĐBT|HĐNN|CP|TTg)(?!/))(?![\w])"
)
_HAS_UPPER = re.compile(r"[A-ZĐ]")
_Q_SPLIT = re.compile(r" ?" + _DASH + r" ?")
_Q_LEGAL = re.compile(r"([0-9]+) ?/ ?([0-9]{4}) ?/ ?(.+)")
_Q_PARTY = re.compile(r"([0-9]+) ?" + _DASH + r" ?([^/ ]+) ?/ ?(.+)")
_Q_STATE = re.compile(r"([0-9]+) ?/ ?(.+)")
_Q_LEGACY = re.compile(r"([0-9]+) ?" + _DASH + r" ?(HĐBT|HĐNN|CP|TTg)")


def _quick(raw: str) -> DocumentNumber | None:
    """Parse a candidate that ``_FIND`` matched (its shape is known); ``None`` if invalid.

    Cached, but only for candidates of a real number's length (a run of a thousand
    codes joined by dashes is read, not kept)."""
    if len(raw) > _CACHED_LENGTH:
        return _quick_uncached(raw)
    return _quick_cached(raw)


def _quick_uncached(raw: str) -> DocumentNumber | None:
    try:
        m = _Q_LEGAL.fullmatch(raw)
        if m is not None:
            number = int(m[1])
            if not 1 <= number <= 999_999:
                return None
            return DocumentNumber._trusted(_make_legal(number, m[2], _Q_SPLIT.split(m[3])))
        m = _Q_PARTY.fullmatch(raw)
        if m is not None:
            number = int(m[1])
            if not 1 <= number <= 999_999:
                return None
            return DocumentNumber._trusted(_make_party(number, m[2], _Q_SPLIT.split(m[3])))
        m = _Q_STATE.fullmatch(raw)
        if m is not None:
            number = int(m[1])
            if not 1 <= number <= 999_999:
                return None
            return DocumentNumber._trusted(_make_state(number, _Q_SPLIT.split(m[2])))
        m = _Q_LEGACY.fullmatch(raw)
        if m is not None:
            number = int(m[1])
            if not 1 <= number <= 999_999:
                return None
            return DocumentNumber._trusted(("legal", number, m[2], None, None, (), None))
    except _BadPart:
        return None
    return None  # pragma: no cover - _FIND only matches these three shapes


_quick_cached = functools.lru_cache(maxsize=65536)(_quick_uncached)


def find_document_numbers(text: str, *, strict: bool = False) -> list[DocumentNumberMatch]:
    """Every document number in ``text``, in order, with its span there.

    Candidates are runs such as ``123/QĐ-UBND``, ``14/2018/TT-BNV`` or
    ``2200-QĐ/TU`` (single spaces around separators allowed) whose codes contain
    an upper-case letter, so "3/xã" or "50/năm" in prose are not taken.  A
    candidate that has the shape of a number but does not parse (an unknown
    Party type, say) is skipped, or raises
    :class:`~qcdc.errors.InvalidDocumentNumber` with ``strict=True``.
    """
    if not isinstance(text, str):
        raise InvalidDocumentNumber(repr(text), 0, "a string")
    out: list[DocumentNumberMatch] = []
    append = out.append
    has_upper = _HAS_UPPER.search
    for m in _FIND.finditer(text):
        raw = m.group()
        if has_upper(raw) is None and _Q_LEGAL.fullmatch(raw) is None:
            continue
        number = _quick(raw)
        if number is None or not _all_known(number):
            number = _full(raw) or number
        end = m.end()
        partial = False
        if number is not None and text[end : end + 1] in _MORE_START and _MORE.match(text, end):
            longer = _MORE_SPAN.match(text, end)
            assert longer is not None
            wider = _full(raw + longer.group())
            if wider is not None:
                number, end, raw = wider, longer.end(), raw + longer.group()
            else:
                partial = True
        if number is None:
            if strict:
                try:
                    _parse(raw)
                except InvalidDocumentNumber as exc:
                    position = m.start() + exc.position
                    raise InvalidDocumentNumber(
                        _short(text, position), position, exc.expected
                    ) from None
            continue
        append(DocumentNumberMatch(number, m.start(), end, raw, partial=partial))
    return out


# a number that seems to go on: a separator and more, a code glued by a blank and
# joined on by a hyphen ("BGD ĐT-BNV"), a term number after a blank ("UBTVQH 14")
_MORE = re.compile(
    r" ?[-/&" + _DASH_CHARS + r"] ?\w| [A-Za-zĐđ][A-Za-zĐđ0-9]{0,9}[-/]\w| [0-9]{1,2}(?![\w/.,])"
)
_MORE_START = frozenset(" -/&" + _DASH_CHARS)
_MORE_SPAN = re.compile(r" ?[-/&" + _DASH_CHARS + r"]? ?[^\s,;()]*")


def _all_known(number: DocumentNumber) -> bool:
    return is_known_issuer(number.issuer_code) and all(map(is_known_issuer, number.co_issuers))


def _full(raw: str) -> DocumentNumber | None:
    """``raw`` read by the full parser (repairs and warnings), or ``None``."""
    if len(raw.strip()) > _MAX_LENGTH:
        return None
    try:
        return _parse(raw)
    except InvalidDocumentNumber:
        return None
