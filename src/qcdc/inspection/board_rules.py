"""The legal rules an inspection or investment supervision board is checked against.

Each rule is a frozen value with an id, the board kinds and the period it covers, a
:class:`~qcdc.citations.Citation` and a severity (the :class:`BoardRule` protocol); a
:class:`BoardRulebook` holds a versioned set of them, and :data:`DEFAULT_BOARD_RULES`
is the set qcdc ships (Luật 10/2022/QH15, NĐ 159/2016, NĐ 59/2023), each with its
source and confidence.  A user replaces a rule they know better with
:meth:`BoardRulebook.replace`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeGuard

import attrs

from qcdc.citations import Citation, Confidence, EffectivePeriod
from qcdc.errors import InputError
from qcdc.findings import Finding, Severity
from qcdc.inspection._fields import _CURRENT, _HISTORIC, _LAW_2022, count_validator, ints
from qcdc.inspection.kinds import BoardKind, Constituency, Role, Terrain

if TYPE_CHECKING:
    from qcdc.inspection.boards import InspectionBoard, InvestmentSupervisionBoard

__all__ = [
    "DEFAULT_BOARD_RULES",
    "BoardRule",
    "BoardRulebook",
    "LeadershipRule",
    "MemberCountRule",
    "MinimumStaffRule",
    "OnePerHamletRule",
    "PopulationSizeRule",
    "ResidentRepresentativesRule",
    "SizeBand",
    "TermRule",
]

_AnyBoard: TypeAlias = "InspectionBoard | InvestmentSupervisionBoard"


def _kinds(value: Iterable[BoardKind]) -> frozenset[BoardKind]:
    return frozenset(value)


def _constituencies(value: Iterable[Constituency]) -> frozenset[Constituency]:
    return frozenset(value)


def _bands(value: Iterable[SizeBand]) -> tuple[SizeBand, ...]:
    return tuple(value)


def _board_rules(value: Iterable[BoardRule]) -> tuple[BoardRule, ...]:
    return tuple(value)


def _is_inspection_board(board: _AnyBoard) -> TypeGuard[InspectionBoard]:
    # an InspectionBoard never has this kind; an InvestmentSupervisionBoard always has it
    return board.kind is not BoardKind.INVESTMENT_SUPERVISION


def _is_supervision_board(board: _AnyBoard) -> TypeGuard[InvestmentSupervisionBoard]:
    return board.kind is BoardKind.INVESTMENT_SUPERVISION


_kinds_validator = attrs.validators.deep_iterable(
    attrs.validators.instance_of(BoardKind), attrs.validators.instance_of(frozenset)
)


class BoardRule(Protocol):
    """What every board rule offers: an id, the kinds and period it covers, a citation."""

    @property
    def id(self) -> str: ...
    @property
    def kinds(self) -> frozenset[BoardKind]: ...
    @property
    def period(self) -> EffectivePeriod: ...
    @property
    def citation(self) -> Citation: ...
    @property
    def severity(self) -> Severity: ...

    def check(self, board: _AnyBoard, path: str) -> list[Finding]: ...


def _finding(rule: BoardRule, path: str, message: str, **figures: Any) -> Finding:
    return Finding(
        rule.id,
        rule.severity,
        path,
        f"{message} [{rule.citation}]",
        figures=figures,
    )


@attrs.frozen
class _RuleFields:
    """What every board rule has first: its id, the board kinds it covers, when it is in
    force and where it comes from."""

    id: str = attrs.field(validator=attrs.validators.instance_of(str))
    kinds: frozenset[BoardKind] = attrs.field(converter=_kinds, validator=_kinds_validator)
    period: EffectivePeriod = attrs.field(validator=attrs.validators.instance_of(EffectivePeriod))
    citation: Citation = attrs.field(validator=attrs.validators.instance_of(Citation))


@attrs.frozen
class MemberCountRule(_RuleFields):
    """The number of members lies in ``[minimum, maximum]`` (either bound optional)."""

    minimum: int | None = attrs.field(default=None, validator=count_validator)
    maximum: int | None = attrs.field(default=None, validator=count_validator)
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        n = len(board.members)
        if self.minimum is not None and n < self.minimum:
            return [
                _finding(
                    self,
                    f"{path}.members",
                    f"a {board.kind} board needs at least {self.minimum} members, has {n}",
                    members=n,
                    minimum=self.minimum,
                )
            ]
        if self.maximum is not None and n > self.maximum:
            return [
                _finding(
                    self,
                    f"{path}.members",
                    f"a {board.kind} board has at most {self.maximum} members, has {n}",
                    members=n,
                    maximum=self.maximum,
                )
            ]
        return []


@attrs.frozen
class OnePerHamletRule(_RuleFields):
    """At least one member per thôn / tổ dân phố (when the number of hamlets is known)."""

    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        hamlets = getattr(board, "hamlets", None)
        n = len(board.members)
        if hamlets is None or n >= hamlets:
            return []
        return [
            _finding(
                self,
                f"{path}.members",
                f"the board needs one member per thôn/tổ dân phố: {hamlets} hamlets, {n} members",
                members=n,
                hamlets=hamlets,
            )
        ]


@attrs.frozen
class LeadershipRule(_RuleFields):
    """Exactly ``heads`` Trưởng ban; at most ``max_deputies`` Phó Trưởng ban, or
    ``max_deputies_large`` when the board has ``large_from`` members or more
    (``None`` = no limit)."""

    heads: int = attrs.field(default=1, validator=attrs.validators.ge(0))
    max_deputies: int | None = attrs.field(default=None, validator=count_validator)
    max_deputies_large: int | None = attrs.field(default=None, validator=count_validator)
    large_from: int | None = attrs.field(default=None, validator=count_validator)
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        findings = []
        heads = sum(1 for m in board.members if m.role is Role.HEAD)
        deputies = sum(1 for m in board.members if m.role is Role.DEPUTY)
        if heads != self.heads:
            findings.append(
                _finding(
                    self,
                    f"{path}.members",
                    f"the board must have {self.heads} Trưởng ban, has {heads}",
                    heads=heads,
                )
            )
        limit = self.max_deputies
        if self.large_from is not None and len(board.members) >= self.large_from:
            limit = self.max_deputies_large
        if limit is not None and deputies > limit:
            findings.append(
                _finding(
                    self,
                    f"{path}.members",
                    f"a board of {len(board.members)} members has at most {limit} "
                    f"Phó Trưởng ban, has {deputies}",
                    deputies=deputies,
                    limit=limit,
                )
            )
        return findings


@attrs.frozen
class MinimumStaffRule(_RuleFields):
    """No board in a unit with fewer than ``minimum_staff`` staff."""

    minimum_staff: int = attrs.field(default=8, validator=attrs.validators.ge(0))
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        staff = getattr(board, "staff", None)
        if staff is None or staff >= self.minimum_staff:
            return []
        return [
            _finding(
                self,
                f"{path}.staff",
                f"a unit with {staff} staff (fewer than {self.minimum_staff}) has no board",
                staff=staff,
            )
        ]


@attrs.frozen
class TermRule(_RuleFields):
    """The term lasts one of ``months`` (within ``tolerance_days``), when its end is known."""

    months: tuple[int, ...] = attrs.field(
        converter=ints,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(int)),
    )
    tolerance_days: int = attrs.field(default=92, validator=attrs.validators.ge(0))
    severity: Severity = attrs.field(
        default=Severity.WARNING, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        if not _is_inspection_board(board) or board.term_end is None:
            return []
        start, end = board.term_start, board.term_end
        for m in self.months:
            expected = _add_months(start, m)
            if abs((end - expected).days) <= self.tolerance_days:
                return []
        allowed = " or ".join(_months_text(m) for m in self.months)
        return [
            _finding(
                self,
                f"{path}.term_end",
                f"the term should last {allowed}, got {start} .. {end}",
                term_start=start.isoformat(),
                term_end=end.isoformat(),
            )
        ]


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the end of a shorter month."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months_text(months: int) -> str:
    years, rest = divmod(months, 12)
    if rest == 0:
        return f"{years} years"
    if rest == 6:
        return f"{years}.5 years"
    return f"{months} months"


@attrs.frozen
class SizeBand:
    """Population ``[minimum, maximum)`` and the board sizes allowed for it."""

    minimum: int = attrs.field(validator=attrs.validators.ge(0))
    maximum: int | None = attrs.field(validator=count_validator)
    sizes: tuple[int, ...] = attrs.field(converter=ints)

    def contains(self, population: int) -> bool:
        return self.minimum <= population and (self.maximum is None or population < self.maximum)


@attrs.frozen
class PopulationSizeRule(_RuleFields):
    """The pre-2023 size rule: on the plains the size depends on population (``bands``);
    in mountain, midland and island communes one member per hamlet, at most ``hills_max``."""

    bands: tuple[SizeBand, ...] = attrs.field(converter=_bands)
    hills_max: int = attrs.field(default=11, validator=attrs.validators.ge(0))
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        if not _is_inspection_board(board) or board.terrain is None:
            return []
        n = len(board.members)
        if board.terrain is Terrain.HILLS:
            want = board.hamlets
            if want is not None and n != min(want, self.hills_max):
                return [
                    _finding(
                        self,
                        f"{path}.members",
                        f"a mountain, midland or island commune board has one member per "
                        f"hamlet, at most {self.hills_max}: expected {min(want, self.hills_max)}, "
                        f"has {n}",
                        members=n,
                        hamlets=want,
                    )
                ]
            if n > self.hills_max:
                return [
                    _finding(
                        self,
                        f"{path}.members",
                        f"at most {self.hills_max} members, has {n}",
                        members=n,
                    )
                ]
            return []
        if board.population is None:
            return []
        for band in self.bands:
            if band.contains(board.population) and n not in band.sizes:
                sizes = " or ".join(map(str, band.sizes))
                return [
                    _finding(
                        self,
                        f"{path}.members",
                        f"a plains commune of {board.population:,} people has {sizes} members, "
                        f"has {n}",
                        members=n,
                        population=board.population,
                    )
                ]
        return []


@attrs.frozen
class ResidentRepresentativesRule(_RuleFields):
    """An investment supervision board has at most ``maximum`` resident representatives and
    at least one member from each of ``required`` constituencies."""

    maximum: int = attrs.field(default=5, validator=attrs.validators.ge(0))
    required: frozenset[Constituency] = attrs.field(
        default=frozenset(Constituency), converter=_constituencies
    )
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )

    def check(self, board: _AnyBoard, path: str) -> list[Finding]:
        if not _is_supervision_board(board):
            return []
        findings = []
        residents = sum(1 for m in board.members if m.represents is Constituency.RESIDENTS)
        if residents > self.maximum:
            findings.append(
                _finding(
                    self,
                    f"{path}.members",
                    f"at most {self.maximum} resident representatives, has {residents}",
                    residents=residents,
                )
            )
        present = {m.represents for m in board.members}
        findings.extend(
            _finding(self, f"{path}.members", f"no member represents the {c.value}")
            for c in sorted(self.required - present, key=lambda c: c.name)
        )
        return findings


def _check_rules(instance: BoardRulebook, attribute: attrs.Attribute[Any], value: Any) -> None:
    ids = [r.id for r in value]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise InputError(f"rule ids must be unique, got duplicates {dupes}", field="rules")


@attrs.frozen
class BoardRulebook:
    """A versioned set of board rules.  Replace a rule (e.g. one marked unverified) with
    :meth:`replace`, drop one with :meth:`without`, add one with :meth:`with_rule`.

    >>> for r in DEFAULT_BOARD_RULES.in_force(BoardKind.AGENCY, dt.date(2024, 1, 1)):
    ...     print(r.id, r.citation.confidence)
    agency.min-members sure
    agency.max-members sure
    agency.min-staff sure
    agency.leadership likely
    agency.term likely
    """

    rules: tuple[BoardRule, ...] = attrs.field(converter=_board_rules, validator=_check_rules)

    def __iter__(self) -> Iterator[BoardRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> BoardRule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise InputError(
            f"no board rule {rule_id!r}",
            hint="known rules: " + ", ".join(r.id for r in self.rules),
        )

    def replace(self, rule: BoardRule) -> BoardRulebook:
        """A rulebook where the rule with ``rule.id`` is replaced by ``rule``."""
        self.get(rule.id)
        return BoardRulebook(tuple(rule if r.id == rule.id else r for r in self.rules))

    def without(self, rule_id: str) -> BoardRulebook:
        """A rulebook without the rule ``rule_id`` (an :class:`~qcdc.errors.InputError`
        if it has none)."""
        self.get(rule_id)
        return BoardRulebook(tuple(r for r in self.rules if r.id != rule_id))

    def with_rule(self, rule: BoardRule) -> BoardRulebook:
        """A rulebook with ``rule`` added."""
        return BoardRulebook((*self.rules, rule))

    def in_force(self, kind: BoardKind, on: dt.date) -> list[BoardRule]:
        """The rules for ``kind`` in force on ``on``, in rulebook order."""
        return [r for r in self.rules if kind in r.kinds and r.period.contains(on)]

    def check(self, board: _AnyBoard, *, path: str = "board") -> list[Finding]:
        """Every rule in force for the board's kind on its reference date (start of term or
        establishment).  ``board.no-rules`` (info) when none applies."""
        on = board.reference_date
        rules = self.in_force(board.kind, on)
        if not rules:
            return [
                Finding(
                    "board.no-rules",
                    Severity.INFO,
                    path,
                    f"no rule for a {board.kind} board in force on {on}; nothing was checked",
                )
            ]
        findings: list[Finding] = []
        for r in rules:
            findings.extend(r.check(board, path))
        return findings


# the shipped rules


_C = BoardKind.COMMUNE
_A = BoardKind.AGENCY
_E = BoardKind.ENTERPRISE
_I = BoardKind.INVESTMENT_SUPERVISION

_ND159 = Citation(
    "Nghị định 159/2016/NĐ-CP",
    url="https://plo.vn/dan-duoc-tham-gia-ban-thanh-tra-de-giam-sat-tieu-cuc-post416508.html",
    confidence=Confidence.SURE,
    note="in force 01/02/2017 (replaced NĐ 99/2005) until the 2022 law took effect",
)

DEFAULT_BOARD_RULES = BoardRulebook(
    (
        # --- commune boards under the 2022 law ---------------------------------------
        MemberCountRule(
            "commune.min-members",
            {_C},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 36 khoản 1",
                "https://luatlvn.com/2023/02/17/quy-dinh-ve-ban-thanh-tra-nhan-dan-o-xa-phuong-thi-tran",
                Confidence.SURE,
            ),
            minimum=5,
        ),
        OnePerHamletRule(
            "commune.one-per-hamlet",
            {_C},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 36 khoản 1",
                "https://baogialai.com.vn/ban-thanh-tra-nhan-dan-cap-xa-khong-it-hon-5-thanh-vien-post246310.html",
                Confidence.SURE,
                note="the special rule for communes with fewer than 5 hamlets is not confirmed "
                "(legal basis, open question 2)",
            ),
        ),
        LeadershipRule(
            "commune.leadership",
            {_C},
            _CURRENT,
            Citation(
                f"{_LAW_2022}; Nghị định 59/2023/NĐ-CP",
                url="https://dulieuphapluat.vn/tin-tuc/tin-van-ban/nguyen-tac-to-chuc-va-hoat-dong-cua-ban-thanh-tra-nhan-dan-o-xa-phuong-thi-tran-2456/",
                confidence=Confidence.UNSURE,
                note="article not confirmed; up to 2 deputies when the board has 9 or more "
                "members is likely (secondary source); 'at most 1 deputy below 9 members' is "
                "our reading; the commune Front committee sets the number of deputies",
            ),
            heads=1,
            max_deputies=1,
            max_deputies_large=2,
            large_from=9,
        ),
        TermRule(
            "commune.term",
            {_C},
            _CURRENT,
            Citation(
                _LAW_2022,
                confidence=Confidence.LIKELY,
                note="the term of the hamlet heads of the commune: 2.5 or 5 years as the province "
                "chose (secondary source; legal basis, open question 2)",
            ),
            months=(30, 60),
        ),
        # --- agency / public-unit boards under the 2022 law --------------------------
        MemberCountRule(
            "agency.min-members",
            {_A},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 60",
                "https://qcdc.bacgiang.gov.vn/chi-tiet-tin-tuc/-/asset_publisher/SUvaAKdUf4CG/content/-ieu-60-to-chuc-ban-thanh-tra-nhan-dan-o-co-quan-on-vi",
                Confidence.SURE,
            ),
            minimum=3,
        ),
        MemberCountRule(
            "agency.max-members",
            {_A},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 60",
                "https://qcdc.bacgiang.gov.vn/chi-tiet-tin-tuc/-/asset_publisher/SUvaAKdUf4CG/content/-ieu-60-to-chuc-ban-thanh-tra-nhan-dan-o-co-quan-on-vi",
                Confidence.SURE,
                note="more than 9 is allowed for dispersed or special units, hence a warning",
            ),
            maximum=9,
            severity=Severity.WARNING,
        ),
        MinimumStaffRule(
            "agency.min-staff",
            {_A},
            _CURRENT,
            Citation(
                _LAW_2022,
                "Điều 60",
                "https://qcdc.bacgiang.gov.vn/chi-tiet-tin-tuc/-/asset_publisher/SUvaAKdUf4CG/content/-ieu-60-to-chuc-ban-thanh-tra-nhan-dan-o-co-quan-on-vi",
                Confidence.SURE,
                note="no board where the unit has 7 staff or fewer",
            ),
            minimum_staff=8,
        ),
        LeadershipRule(
            "agency.leadership",
            {_A},
            _CURRENT,
            Citation(_LAW_2022, "Điều 60", confidence=Confidence.LIKELY),
            heads=1,
        ),
        TermRule(
            "agency.term",
            {_A},
            _CURRENT,
            Citation(_LAW_2022, confidence=Confidence.LIKELY, note="2 years (secondary source)"),
            months=(24,),
        ),
        # --- state-enterprise boards under the 2022 law ------------------------------
        LeadershipRule(
            "enterprise.leadership",
            {_E},
            _CURRENT,
            Citation(_LAW_2022, "Điều 77", confidence=Confidence.LIKELY),
            heads=1,
        ),
        TermRule(
            "enterprise.term",
            {_E},
            _CURRENT,
            Citation(_LAW_2022, confidence=Confidence.LIKELY, note="2 years (secondary source)"),
            months=(24,),
        ),
        # --- commune boards before the 2022 law (NĐ 159/2016) ------------------------
        MemberCountRule("commune-2017.members", {_C}, _HISTORIC, _ND159, minimum=5, maximum=11),
        PopulationSizeRule(
            "commune-2017.size-by-population",
            {_C},
            _HISTORIC,
            _ND159,
            bands=(
                SizeBand(0, 5000, (5, 7)),
                SizeBand(5000, 9000, (7, 9)),
                SizeBand(9000, None, (9, 11)),
            ),
            hills_max=11,
        ),
        LeadershipRule("commune-2017.leadership", {_C}, _HISTORIC, _ND159, heads=1),
        TermRule("commune-2017.term", {_C}, _HISTORIC, _ND159, months=(24,)),
        # --- community investment supervision boards (NĐ 59/2023) ---------------------
        MemberCountRule(
            "investment.min-members",
            {_I},
            _CURRENT,
            Citation(
                "Nghị định 59/2023/NĐ-CP",
                url="http://sonoivu.tuyenquang.gov.vn/cai-cach-hanh-chinh/tin-tuc-su-kien/xay-dung-chinh-quyen-thanh-nien/quy-dinh-ve-thanh-lap-ban-giam-sat-dau-tu-cua-cong-dong-21582.html",
                confidence=Confidence.SURE,
            ),
            minimum=5,
        ),
        ResidentRepresentativesRule(
            "investment.composition",
            {_I},
            _CURRENT,
            Citation(
                "Nghị định 59/2023/NĐ-CP",
                "Điều 17",
                "https://hethongphapluat.com/nghi-dinh-59-2023-nd-cp-huong-dan-luat-thuc-hien-dan-chu-o-co-so/dieu-17",
                Confidence.SURE,
                note="representatives of the commune Front committee, of the BTTND and of the "
                "residents; at most 5 resident representatives",
            ),
            maximum=5,
        ),
        LeadershipRule(
            "investment.leadership",
            {_I},
            _CURRENT,
            Citation(
                "Nghị định 59/2023/NĐ-CP",
                "Điều 17",
                "https://xaydungchinhsach.chinhphu.vn/huong-dan-to-chuc-va-hoat-dong-cua-ban-giam-sat-dau-tu-cua-cong-dong-119230820082221384.htm",
                Confidence.SURE,
            ),
            heads=1,
            max_deputies=2,
        ),
    )
)
"""The board rules qcdc ships, with citations and confidence (legal basis §4.3–4.4).
Boards whose term started before 1 February 2017 have no rules here."""
