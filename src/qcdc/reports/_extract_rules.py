"""What a figure of an article measures: the report key, from its unit and the words around it.

Private to :mod:`qcdc.reports.extract`.  :func:`label` reads one figure in its
:class:`Context` and returns the report key it fills (``inspection.supervised``,
``hamlets.before``, ``units.commune.by_kind.xã`` …) or ``None``.  The rules go by classes of
phrasing (issue 14 §3), never by one article:

* inspection cases — the last verb before the figure (*giám sát*, *phát hiện*, *kiến nghị*,
  *giải quyết được*), and the body the text speaks of (a Ban Thanh tra nhân dân, a community
  investment board, the Front or the State): only the first has inspection keys;
* mediation — *thụ lý / tham gia hòa giải* (cases), *hòa giải thành (công) / được*
  (successful), *không thành*, *chưa giải quyết* (no key);
* hamlets — *sắp xếp / sáp nhập X … còn / thành (lập) Y*, *từ X xuống (còn) Y*, *giảm X*:
  before, after, reduction (*giảm X* is never a before); *thành lập mới X* is an increase;
* units — a count in force on the article's date: before a merger already made, a planned
  count after one, a reduction (*giảm X xã*), a subset with a qualifier (*59 xã khu vực III*)
  and a count of mixed kinds (*12 xã, thị trấn*) have no key;
* *X … trên/trong tổng số Y* — the part and its whole; *A/B* and *đạt X%*; money and land.
"""

from __future__ import annotations

import functools
import re

import attrs

from qcdc.numbers import Figure, Unit

KIND_OF_UNIT = {
    Unit.COMMUNE: ("commune", "xã"),
    Unit.WARD: ("commune", "phường"),
    Unit.TOWNSHIP: ("commune", "thị trấn"),
    Unit.SPECIAL_ZONE: ("commune", "đặc khu"),
    Unit.URBAN_DISTRICT: ("district", "quận"),
    Unit.RURAL_DISTRICT: ("district", "huyện"),
    Unit.DISTRICT_TOWN: ("district", "thị xã"),
}
_HAMLET_UNITS = {
    Unit.HAMLET_OR_GROUP: "",
    Unit.HAMLET: "_hamlets",
    Unit.RESIDENTIAL_GROUP: "_groups",
}
_UNIT_COUNTS = {Unit.COMMUNE_LEVEL_UNIT, Unit.DISTRICT_LEVEL_UNIT, *KIND_OF_UNIT}

_PERCENT_OF = {
    "hamlets.reduction": "hamlets.percent",
    "inspection.resolved": "inspection.resolved_percent",
    "mediation.successful": "mediation.success_percent",
    "dialogues.resolved": "dialogues.resolved_percent",
    "online_services.coverage": "online_services.percent",
}
# "X … trên/trong tổng số Y": the key of the whole Y, given the key of the part X
_WHOLE_OF = {
    "mediation.successful": "mediation.cases",
    "inspection.resolved": "inspection.recommended",
    "inspection.violations": "inspection.supervised",
    "inspection.recommended": "inspection.supervised",
    "dialogues.resolved": "dialogues.opinions",
    "investment.compliant": "investment.projects",
    "investment.violations": "investment.projects",
    "investment.undetermined": "investment.projects",
}

# words a bare count takes its unit from (qcdc.numbers reads "bản" after a number itself;
# these serve the count before "và" whose unit is printed after the next one)
IMPLIED_UNIT = re.compile(r"\s*(bản,\s*khối|bản|mâu thuẫn|tổ viên)\b", re.IGNORECASE)
IMPLIED = {
    "bản, khối": Unit.HAMLET_OR_GROUP,
    "bản": Unit.HAMLET,
    "mâu thuẫn": Unit.CASE,
    "tổ viên": Unit.MEDIATOR,
}
_HAMLET_TALK = ("sap nhap", "sap xep", "thanh lap", "thon", "to dan pho")

# a count by kind followed by another kind word: a count of mixed kinds ("12 xã, thị trấn")
MIXED_KINDS = re.compile(
    r"\s*(?:,|và|hoặc)?\s*(?:xã|phường|thị trấn|quận|huyện|thị xã|đặc khu)\b(?!\s*[0-9])",
    re.IGNORECASE,
)
# the body a sentence speaks of, the nearest one named before a figure: phrases looked up in
# the text folded character by character (which keeps the positions)
_BODY_WORDS = (
    ("thanh tra nhan dan", "inspection"),
    ("ttnd", "inspection"),
    ("bttnd", "inspection"),
    ("giam sat dau tu", "investment"),
    ("gsdt", "investment"),
    ("bgsdt", "investment"),
    ("giam sat cua cong dong", "investment"),
    ("giam sat tai cong dong", "investment"),
    ("mttq", "front"),
    ("mat tran", "front"),
    ("co quan hanh chinh", "state"),
    ("nganh thanh tra", "state"),
    ("qua thanh tra", "state"),
    ("thanh tra tinh", "state"),
    ("thanh tra huyen", "state"),
    ("thanh tra chinh phu", "state"),
    ("thanh tra bo", "state"),
    ("khieu nai", "state"),
    ("kn tc", "state"),
)


def bodies(folded: str) -> list[tuple[int, str]]:
    """``(position, body)`` of every body named in the folded text, in order (a word that
    only starts like one, such as "thanh tra nhân dân" read as "thanh tra", counts once)."""
    found: dict[int, tuple[int, str]] = {}
    n = len(folded)
    for word, body in _BODY_WORDS:
        i = folded.find(word)
        while i >= 0:
            j = i + len(word)
            if (
                (i == 0 or not folded[i - 1].isalnum())
                and (word.endswith("gsdt") or j >= n or not folded[j].isalnum())
                and (i not in found or found[i][0] < len(word))
            ):
                found[i] = (len(word), body)
            i = folded.find(word, j)
    # "thanh tra nhân dân" holds "thanh tra": keep the longer phrase at a position
    return [(i, body) for i, (_, body) in sorted(found.items())]


# a plan, a draft or a target: counts after it are not yet in force (folded text)
PLANNED = re.compile(r"(?=[dpsk])\b(?:du +kien|du +thao|de +an|phuong +an|se|ke +hoach)\b")

_REDUCTION = ("giam", "giam duoc", "giam bot", "cat giam", "giam di")
_BEFORE = ("tu", "giam tu", "sap xep", "sap nhap", "hop nhat", "nhap")
_AFTER = ("con", "xuong", "xuong con", "con lai", "giam xuong", "giam xuong con")
_FORMED = ("thanh", "de thanh lap", "thanh lap", "dat ten moi doi voi", "dat ten moi")
_AFTER_MERGER = re.compile(r"\bsau (?:khi )?(?:sap xep|sap nhap|thanh lap|hop nhat)")
_BEFORE_MERGER = re.compile(r"\btruoc (?:khi )?(?:sap xep|sap nhap|hop nhat)")
_CONJUNCTION = ("", "va", "va co")
_QUALIFIER_OK = (
    *("", "va", "gom", "bao gom", "trong do", "con", "con lai", "va co"),
    *("xuong", "xuong con", "sau", "truoc", "sau sap xep", "truoc sap xep"),
)
_VERBS = (
    ("giam sat", "supervised"),
    ("thanh tra", "supervised"),
    ("phat hien", "found"),
    ("kien nghi", "recommended"),
    ("giai quyet", "settled"),
    ("xem xet", "settled"),
    ("xu ly", "settled"),
    ("tra loi", "settled"),
)
_SETTLED_DONE = re.compile(
    r"(?:\b(?:da|duoc)\s+(?:\w+\s+){0,8}?(?:giai quyet|xem xet|xu ly|tra loi))"
    r"|(?:(?:giai quyet|xem xet|xu ly|tra loi)\s+(?:duoc|xong|dut diem|truc tiep))"
)


@attrs.frozen
class Context:
    """The words around one figure, folded (:func:`qcdc.text.fold`)."""

    left: str  # the clause before the figure (since the last comma)
    right: str  # after it, to the next comma or digit
    lead: str  # since the previous figure of the sentence (or the sentence start)
    tail: str  # to the next figure of the sentence (or the sentence end)
    before: str  # the sentence up to the figure
    sentence: str  # the whole sentence
    previous: str | None  # the key of the previous figure of the sentence
    role: str | None  # "before" / "after" / "reduction" / "part" of the previous figure
    body: str | None  # the body named last before the figure (see BODIES)
    planned: bool  # a plan or draft is named before the figure in its paragraph
    mixed: bool  # another kind word follows the figure ("12 xã, thị trấn")
    implied: Unit | None  # the unit of a bare count, from a word numbers does not read
    whole_next: bool  # "X trên/trong tổng số Y" with X this figure


@functools.lru_cache(maxsize=256)
def _suffixes(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(" " + w for w in words)


def _ends(text: str, *words: str) -> bool:
    """Whether the folded ``text`` ends with one of the whole ``words``."""
    return text in words or text.endswith(_suffixes(words))


def _last_verb(lead: str) -> tuple[str | None, int]:
    best, at = None, -1
    for word, verb in _VERBS:
        i = lead.rfind(word)
        if i > at:
            best, at = verb, i
    return best, at


def label(fig: Figure, c: Context) -> tuple[str | None, str | None]:
    """The report key of ``fig`` and its role in a before/after or part/whole phrase."""
    u = fig.unit if fig.unit is not None else c.implied
    printed_ban = fig.unit is None or (fig.text or "").lower().endswith("bản")
    if u is Unit.HAMLET and printed_ban and not any(w in c.sentence for w in _HAMLET_TALK):
        u = None  # "06 bản" copies, not hamlets
    if fig.is_percent:
        return _percent(c), None
    if fig.is_ratio:
        return ("online_services.coverage" if "dich vu cong" in c.sentence else None), None
    if _ends(c.lead, "trong tong so", "tren tong so", "tong so") and c.role == "part":
        whole = _WHOLE_OF.get(c.previous or "")
        return whole, "whole"
    if u in _UNIT_COUNTS:
        return _units(u, c)
    if u in _HAMLET_UNITS or (u is None and ("thon" in c.sentence or "to dan pho" in c.sentence)):
        return _hamlets(u, c)
    key = _other(u, c)
    return key, ("part" if c.whole_next and key is not None else None)


def _percent(c: Context) -> str | None:
    if "quy uoc" in c.sentence or "quy uoc" in c.right:
        return "hamlets.covenant_percent"
    if "ty le hoa giai thanh" in c.left or "ty le hoa giai thanh" in c.lead:
        return "mediation.success_percent"
    if c.previous in _PERCENT_OF:
        return _PERCENT_OF[c.previous]
    if c.previous in ("inspection.recommended", "inspection.resolved") and (
        "giai quyet" in c.right
        or "giai quyet" in c.lead
        or "xu ly" in c.lead
        or "tra loi" in c.lead
        or "xem xet" in c.lead
    ):
        return "inspection.resolved_percent"
    if "dich vu cong" in c.sentence and "ho so" not in c.sentence:
        return "online_services.percent"
    return None


def _role(c: Context) -> str | None:
    lead = c.lead
    if _ends(lead, *_REDUCTION):
        return "reduction"
    if _ends(lead, *_BEFORE) or "truoc" in c.right:
        return "before"
    if _ends(lead, *_AFTER):
        return "after"
    if _ends(lead, *_FORMED) and c.role == "before":
        return "after"
    if _ends(lead, *_CONJUNCTION) and c.role is not None:
        return c.role  # "giảm được 8 huyện và 561 xã", "còn 69.961 thôn và 20.547 tổ dân phố"
    if _AFTER_MERGER.search(c.before) or "sau" in c.right:
        return "after"
    if _BEFORE_MERGER.search(c.before):
        return "before"
    return None


def _units(u: Unit, c: Context) -> tuple[str | None, str | None]:
    role = _role(c)
    if c.mixed:
        return None, role
    if c.right not in _QUALIFIER_OK and not c.right.startswith(("va ", "gom ", "trong do ")):
        return None, role  # "59 xã khu vực III", "71 xã đồng bằng", "2 xã Hồng Tiến"
    if role == "reduction":
        return None, role
    if role == "before" and not c.planned:
        return None, role  # the count before a merger already made
    if role == "after" and c.planned:
        return None, role  # the count a plan or draft foresees
    if role == "after" and "giam tu" in c.before:
        return None, role  # "giảm từ 10 phường, xã xuống hai phường": a change, told as from/to
    if u is Unit.COMMUNE_LEVEL_UNIT:
        return "units.commune.total", role
    if u is Unit.DISTRICT_LEVEL_UNIT:
        return "units.district.total", role
    level, kind = KIND_OF_UNIT[u]
    return f"units.{level}.by_kind.{kind}", role


def _hamlets(u: Unit | None, c: Context) -> tuple[str | None, str | None]:
    suffix = _HAMLET_UNITS.get(u, "") if u is not None else ""
    if c.whole_next or _ends(c.lead, "trong tong so", "tren tong so", "tong so"):
        return None, "part"  # "hợp nhất 16.321 trong tổng số 86.282": merged, out of a base
    merged_into = "sap nhap" in c.before or "hop nhat" in c.before
    if _ends(c.lead, "thanh lap moi", "lap moi") or (
        c.right.lstrip().startswith("moi") and not merged_into
    ):
        return None, None  # newly formed: an increase
    role = _role(c)
    if role == "before":
        return "hamlets.before" + suffix, role
    if role == "after":
        return "hamlets.after" + suffix, role
    if role == "reduction":
        return ("hamlets.reduction" if suffix == "" else None), role
    return None, None


def _cases(u: Unit, c: Context) -> str | None:
    right = c.right.lstrip()
    # mediation first: whoever mediates, mediation has its own keys
    if "hoa giai" in c.left or right.startswith("hoa giai") or _ends(c.lead, "hoa giai duoc"):
        if right.startswith(("hoa giai khong thanh", "chua")) or "khong thanh" in c.left:
            return None
        if "chua giai quyet" in c.left or "chua" in right[:12]:
            return None
        if (
            "hoa giai thanh" in c.left
            or right.startswith("hoa giai thanh")
            or _ends(c.lead, "hoa giai duoc")
        ):
            return "mediation.successful"
        if right.startswith("hoa giai"):
            return None
        return "mediation.cases"
    if "hoa giai" in c.sentence and (_ends(c.lead, "tiep nhan", "thu ly", "da tiep nhan")):
        return "mediation.cases"
    if c.body not in (None, "inspection"):
        return None  # an investment board's, the Front's or the State's cases
    if right.startswith("chua") or "chua" in c.left:
        return None
    if _SETTLED_DONE.search(right) or right.startswith(("duoc xem xet", "duoc giai quyet")):
        return "inspection.resolved"
    verb, at = _last_verb(c.lead)
    if verb == "settled":
        after = c.lead[at:]
        if _SETTLED_DONE.search(c.lead[max(0, at - 12) :]) or re.search(
            r"(?:giai quyet|xem xet|xu ly|tra loi) (?:duoc|xong)", after
        ):
            return "inspection.resolved"
        if "kien nghi" in c.lead[:at]:
            return "inspection.recommended"  # "kiến nghị … giải quyết 586 vụ việc"
        return "inspection.resolved"
    if verb == "recommended":
        return "inspection.recommended"
    if verb == "found":
        if right.startswith(("co dau hieu", "vi pham", "sai pham", "co vi pham")):
            return "inspection.violations"
        if c.lead[:at].rstrip().endswith(("giam sat", "thanh tra")):
            return "inspection.supervised"  # "giám sát, phát hiện 639 vụ việc"
        return "inspection.violations"
    if verb == "supervised":
        return "inspection.supervised"
    if u is Unit.RECOMMENDATION:
        return "inspection.recommended"
    return None


def _other(u: Unit | None, c: Context) -> str | None:
    if u in (Unit.CASE, Unit.RECOMMENDATION):
        return _cases(u, c)
    if u is Unit.PROJECT:
        if c.body == "inspection":
            return None  # the investment section is the community investment boards'
        if "dung quy dinh" in c.right:
            return "investment.compliant"
        if "chua xac dinh" in c.right:
            return "investment.undetermined"
        if "vi pham" in c.right:
            return "investment.violations"
        if "giam sat" in c.left:
            return "investment.projects"
        return None
    if u in (Unit.SESSION, Unit.CONFERENCE):
        if "trong do" in c.lead or PLANNED_FOLDED.search(c.lead):
            return None  # a part of the count before, or one still to hold
        if "dau tu" in c.right or "dau tu" in c.left:
            return "investment.sessions"
        if "doi thoai" in c.right or "tiep xuc" in c.right or u is Unit.CONFERENCE:
            return (
                "dialogues.conferences"
                if "doi thoai" in c.sentence or "tiep xuc" in c.sentence
                else None
            )
        if "giam sat" in c.right and c.body in (None, "inspection"):
            return "inspection.sessions"
        return None
    if u is Unit.OPINION:
        if _SETTLED_DONE.search(c.right):
            return "dialogues.resolved"
        if any(w in c.right for w in ("giai quyet", "tra loi", "tiep thu", "tham quyen")):
            return None  # "thuộc thẩm quyền giải quyết của cấp trên", "tiếp thu để … giải quyết"
        return "dialogues.opinions"
    if u is Unit.ISSUE_GROUP:
        return "dialogues.issue_groups"
    if u is Unit.FIELD:
        return "dialogues.fields"
    if u is Unit.MODEL:
        return _models(c)
    if u is Unit.BOARD:
        if c.right.lstrip().startswith("thanh tra"):
            return "inspection.boards"
        if c.right.lstrip().startswith("giam sat dau tu"):
            return "investment.boards"
        return None
    if u is Unit.MEMBER:
        if "thanh tra" in c.left and "dau tu" not in c.left:
            return "inspection.members"
        return None
    if u is Unit.MEDIATION_GROUP:
        return "mediation.groups"
    if u is Unit.MEDIATOR:
        return "mediation.mediators"
    if u in (Unit.SQUARE_METRE, Unit.VND):
        return _recovered(u, c)
    if u is None and ("thon" in c.sentence or "to dan pho" in c.sentence):
        return _hamlets(None, c)[0]
    return None


def _models(c: Context) -> str | None:
    right = c.right.lstrip()
    near = c.lead if len(c.lead) < len(c.left) else c.left  # the nearer of the two
    if _ends(c.lead, "tang", "tang them"):
        return "dan_van_kheo.increase"
    if right.startswith("tap the"):
        return "dan_van_kheo.collective"
    if right.startswith("ca nhan"):
        return "dan_van_kheo.individual"
    if "hieu qua" in c.tail:
        return "dan_van_kheo.effective"
    if "dang ky" in c.tail:
        return "dan_van_kheo.registered"
    if _ends(near, "trong do", "trong do co"):
        return None  # a part of the count before, of no kind the text names
    if "dang ky" in near or "xay dung" in near:
        return "dan_van_kheo.registered"
    if "hieu qua" in near:
        return "dan_van_kheo.effective"
    if _ends(c.lead, "co", "co hon", "co tren", "co gan", "co khoang"):
        return "dan_van_kheo.registered"  # "toàn tỉnh có 2.071 mô hình"
    return None


def _recovered(u: Unit, c: Context) -> str | None:
    if c.body != "inspection" or "thu hoi" not in c.before:
        return None  # only a Ban Thanh tra nhân dân's recoveries have a key
    if "kien nghi thu hoi" in c.before[c.before.rfind("thu hoi") - 12 :]:
        return None  # recommended for recovery, not recovered
    if u is Unit.VND and _ends(c.lead, "voi so tien", "tri gia", "gia tri", "tong gia tri"):
        return None  # the value of what was recovered
    return "inspection.recovered_land" if u is Unit.SQUARE_METRE else "inspection.recovered_money"


PLANNED_FOLDED = re.compile(r"\b(?:du kien|du thao|ke hoach|tu nay den|tiep tuc to chuc|se)\b")


# --- the place a sentence speaks of ------------------------------------------------------

# a type word and the capitalised words of a name after it ("huyện Tam Đường", "TP.Vũng Tàu"):
# the type word is found in the folded text, the name in the text
_TYPE_WORD = re.compile(
    r"(?=[tqhxp])\b(?:tinh|thanh +pho|tp|huyen|quan|thi +xa|xa|phuong|thi +tran)\b"
)
UPPER = "".join(
    re.escape(ch) for ch in map(chr, range(0x41, 0x1F00)) if ch.isalpha() and ch.isupper()
)
NAMED_UNIT = re.compile(
    r"(?P<type>(?i:tỉnh|thành\s+phố|TP\.?|huyện|quận|thị\s+xã|xã|phường|thị\s+trấn))"
    rf"(?P<name>(?:(?:\s*[-–]\s*|\s+|(?<=\.))[{UPPER}][\w]*)+)"
)
_MUNICIPALITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
_RANK = {"tinh": 1, "huyen": 2, "quan": 2, "thi xa": 2, "xa": 3, "phuong": 3, "thi tran": 3}


def named_units(text: str, folded: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, type word, name)`` of every unit named with its type word and a
    capitalised name in ``text`` (``folded``: the text folded character by character)."""
    out = []
    for t in _TYPE_WORD.finditer(folded):
        m = NAMED_UNIT.match(text, t.start())
        if m is not None:
            name = " ".join(_NAME_WORD.findall(m.group("name")))
            out.append((m.start(), m.end(), m.group("type"), name))
    return out


_NAME_WORD = re.compile(r"[^\W\d_]\w*")


def rank(type_word: str, name: str) -> int:
    """1 for a province or a municipality, 2 for a district, 3 for a commune."""
    from qcdc.text import fold

    t = fold(type_word)
    if t in ("thanh pho", "tp"):
        return 1 if fold(name) in _MUNICIPALITIES else 2
    return _RANK.get(t, 3)
